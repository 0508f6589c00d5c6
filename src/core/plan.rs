//! The improvement plan: what to change to earn the most points, from the current answers.
//! Every figure in it is measured, never estimated: each change is applied to a copy of the
//! answers and the whole assessment is scored again with `evaluate`.
//!
//! In order: the zero-score gate that holds (licence, permits) with its fix; per section the
//! Level 1 blockers and the points the Level 1 cap withholds; the path to each section's next
//! level; then single actions ranked by what they add to the total score. `docs/plan.md`
//! describes the format and its limits.

use serde::Serialize;

use super::answers::Answers;
use super::assess::{evaluate, Assessment, SectionResult};
use super::bank::{AnswerSpec, Bank, Token};

/// Gains below this are rounding noise of the mean, not points.
const NOISE: f64 = 1e-9;
/// How many times a path is re-scored to take in the follow-up questions its answers open.
const FOLLOW_UP_ROUNDS: usize = 4;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan<'a> {
    /// The total score now (0 while a gate holds).
    pub total: f64,
    /// The zero-score gate that holds, if any: always the first thing to fix.
    pub gate: Option<GateFix<'a>>,
    /// Applicable scored sections, in bank order.
    pub sections: Vec<SectionPlan<'a>>,
    /// Single changes that raise the total, highest gain first.
    pub actions: Vec<Action<'a>>,
    /// While a gate holds every change adds 0 to the total: the actions' gains are then
    /// measured on the total the answers would score once the gate is fixed.
    pub gains_after_gate: bool,
}

/// A zero-score gate that holds, and what fixing it is worth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateFix<'a> {
    pub id: &'a str,
    pub why: &'a str,
    pub fix: &'a str,
    /// The questions whose answers set the gate off.
    pub refs: Vec<&'a str>,
    /// The total the current answers score once the gate no longer holds.
    pub gain: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionPlan<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub score: f64,
    /// Level 1 questions not answered positively while the section has higher levels: each
    /// keeps Level 2 and 3 from counting. Empty when Level 1 is achieved.
    pub level1_blockers: Vec<Step<'a>>,
    /// Section points the current Level 2/3 answers already earn but the Level 1 cap withholds:
    /// added to the section's score as soon as Level 1 is achieved.
    pub unlocked_by_level1: f64,
    /// The smallest set of changes that achieves the next level not yet achieved.
    pub next_level: Option<NextLevel<'a>>,
}

/// The changes that achieve a section's next level, and what re-scoring with all of them says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextLevel<'a> {
    pub level: u8,
    pub steps: Vec<Step<'a>>,
    /// Re-scored with every step applied; `None` when a step has no answer the plan can give
    /// (a question scored from a table or figures: what to enter is the facility's).
    pub rescored: Option<Rescored>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rescored {
    /// The level is achieved after the steps (false when a new answer opens follow-up
    /// questions that must be answered too).
    pub achieved: bool,
    pub section_gain: f64,
    pub total_gain: f64,
}

/// One question to change: its answer now and the answer that earns its points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step<'a> {
    pub question: &'a str,
    /// "yes", "partial", "no", "na", "unknown", "unanswered", or "answered" (not a choice).
    pub from: &'static str,
    /// The answer that earns its points (`None`: not a Yes/No question; it needs an answer that
    /// meets its criteria).
    pub to: Option<Token>,
}

/// One change and what it adds to the total, measured by scoring the answers with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action<'a> {
    pub question: &'a str,
    pub section: &'a str,
    pub level: Option<u8>,
    pub from: &'static str,
    pub to: Token,
    pub gain: f64,
}

/// The plan for `answers` (the assessment of them, `evaluate(bank, answers)`, passed in since
/// every shell already holds it).
pub fn plan<'a>(bank: &'a Bank, answers: &Answers, now: &'a Assessment<'_>) -> Plan<'a> {
    let gated = now.zeroed.is_some();
    // The figure gains are measured on: the total, or while a gate holds the total after it.
    let measure = |a: &Assessment| if gated { ungated_total(a) } else { a.total };
    let base = measure(now);
    let rescore = |changes: &[(&str, Token)]| {
        let mut changed = answers.clone();
        for (id, token) in changes {
            changed.set(*id, serde_json::Value::from(token.as_str()));
        }
        evaluate(bank, &changed)
    };

    let gate = now.zeroed.as_ref().map(|z| GateFix {
        id: &z.id,
        why: &z.why,
        fix: &z.fix,
        refs: z.refs.iter().map(|r| &**r).collect(),
        gain: ungated_total(now),
    });

    let sections = now
        .sections
        .iter()
        .filter(|s| s.applicable)
        .map(|s| {
            let level1_blockers = if s.capped {
                steps(bank, answers, s, 1)
            } else {
                Vec::new()
            };
            let unlocked_by_level1 = s
                .levels
                .iter()
                .filter(|l| l.level > 1)
                .map(|l| l.uncapped_points - l.points)
                .sum::<f64>()
                .max(0.0);
            let next_level = s
                .levels
                .iter()
                .find(|l| l.weight > 0.0 && !l.achieved && (l.level == 1 || l.open))
                .map(|l| {
                    // The level's questions that earn nothing; then, while every step has an
                    // answer to give, re-score with them all and add the questions that the new
                    // answers opened (follow-ups), until the level is achieved or nothing new.
                    let mut steps = steps(bank, answers, s, l.level);
                    let mut rescored = None;
                    for _ in 0..FOLLOW_UP_ROUNDS {
                        let changes: Option<Vec<(&str, Token)>> =
                            steps.iter().map(|st| Some((st.question, st.to?))).collect();
                        let Some(changes) = changes.filter(|c| !c.is_empty()) else {
                            rescored = None;
                            break;
                        };
                        let after = rescore(&changes);
                        let Some(section) = after.sections.iter().find(|x| x.id == s.id) else {
                            break;
                        };
                        let achieved = section
                            .levels
                            .iter()
                            .any(|m| m.level == l.level && m.achieved);
                        rescored = Some(Rescored {
                            achieved,
                            section_gain: section.score.unwrap_or(0.0) - s.score.unwrap_or(0.0),
                            total_gain: measure(&after) - base,
                        });
                        let opened: Vec<Step> = self::steps(bank, answers, section, l.level)
                            .into_iter()
                            .filter(|n| !steps.iter().any(|st| st.question == n.question))
                            .collect();
                        if achieved || opened.is_empty() {
                            break;
                        }
                        steps.extend(opened);
                    }
                    NextLevel {
                        level: l.level,
                        steps,
                        rescored,
                    }
                });
            SectionPlan {
                id: &s.id,
                title: &s.title,
                score: s.score.unwrap_or(0.0),
                level1_blockers,
                unlocked_by_level1,
                next_level,
            }
        })
        .collect();

    let mut actions: Vec<Action> = Vec::new();
    for s in now.sections.iter().filter(|s| s.applicable) {
        for q in &s.questions {
            let (Some(points), Some(max)) = (q.points, q.max) else {
                continue;
            };
            // Full points already, or a level that earns nothing until Level 1 is achieved
            // (those are counted in `unlocked_by_level1`).
            if points >= max {
                continue;
            }
            let Some((from, to)) = change_for(bank, answers, &q.id) else {
                continue;
            };
            let gain = measure(&rescore(&[(&q.id, to)])) - base;
            if gain > NOISE {
                actions.push(Action {
                    question: &q.id,
                    section: &s.id,
                    level: q.level,
                    from,
                    to,
                    gain,
                });
            }
        }
    }
    // Highest gain first; equal gains in bank order (the sort is stable).
    actions.sort_by(|a, b| b.gain.total_cmp(&a.gain));

    Plan {
        total: now.total,
        gate,
        sections,
        actions,
        gains_after_gate: gated,
    }
}

/// The total without the zero-score gate: the mean of the applicable sections' scores.
pub fn ungated_total(a: &Assessment) -> f64 {
    let scores: Vec<f64> = a.sections.iter().filter_map(|s| s.score).collect();
    match scores.len() {
        0 => 0.0,
        n => scores.iter().sum::<f64>() / n as f64,
    }
}

/// The shown scored questions of `level` in a section that earn nothing yet: every one must
/// earn points for the level to be achieved.
fn steps<'a>(bank: &'a Bank, answers: &Answers, s: &SectionResult<'_>, level: u8) -> Vec<Step<'a>> {
    s.questions
        .iter()
        .filter(|q| q.level == Some(level) && q.max.is_some_and(|m| m > 0.0))
        .filter(|q| q.points.is_none_or(|p| p <= 0.0))
        // The id as the bank has it: a re-scored assessment is dropped before the plan.
        .filter_map(|q| bank.question(&q.id).map(|q| q.id.as_str()))
        .map(|id| match change_for(bank, answers, id) {
            Some((from, to)) => Step {
                question: id,
                from,
                to: Some(to),
            },
            None => Step {
                question: id,
                from: current(answers, id),
                to: None,
            },
        })
        .collect()
}

/// For a Yes/No question not answered Yes: its answer now and Yes.
fn change_for(bank: &Bank, answers: &Answers, id: &str) -> Option<(&'static str, Token)> {
    let AnswerSpec::Choice { options } = &bank.question(id)?.answer else {
        return None;
    };
    let from = current(answers, id);
    (options.contains(&Token::Yes) && from != Token::Yes.as_str()).then_some((from, Token::Yes))
}

/// The answer now, as the plan names it.
fn current(answers: &Answers, id: &str) -> &'static str {
    match answers.get(id) {
        None => "unanswered",
        Some(v) => v
            .as_str()
            .and_then(Token::parse)
            .map_or("answered", Token::as_str),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bank() -> Bank {
        Bank::builtin().unwrap()
    }

    #[test]
    fn an_empty_draft_lists_actions_by_measured_gain() {
        let bank = bank();
        let answers = Answers::new();
        let now = evaluate(&bank, &answers);
        let p = plan(&bank, &answers, &now);
        assert!(p.gate.is_none());
        assert!(!p.actions.is_empty());
        for w in p.actions.windows(2) {
            assert!(w[0].gain >= w[1].gain);
        }
        let top = &p.actions[0];
        let mut after = answers.clone();
        after.set(top.question, json!("yes"));
        assert_eq!(evaluate(&bank, &after).total - now.total, top.gain);
    }

    #[test]
    fn a_missing_licence_comes_first_with_its_fix() {
        let bank = bank();
        let mut answers = Answers::new();
        answers.set("sipvalidoperatinglicense", json!("no"));
        let now = evaluate(&bank, &answers);
        let p = plan(&bank, &answers, &now);
        let gate = p.gate.expect("gate");
        assert_eq!(gate.id, "no-operating-licence");
        assert!(p.gains_after_gate);
        assert!(p.actions.iter().all(|a| a.gain > 0.0));
    }
}
