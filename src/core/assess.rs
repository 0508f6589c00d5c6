//! The assessment: for a bank and a facility's answers, every shown question with its points,
//! every level, section and the total, completion, and the zero-score gate. This is the one
//! function every shell (widget, embed, CLI) calls: `evaluate`.
//!
//! Methodology (seed 002) as implemented here, decisions in `docs/scoring.md`:
//! - a level's weight is split equally among its applicable scored questions; N/A (unscored)
//!   questions drop out and their share goes to the rest of the level;
//! - a level is achieved when every applicable scored question in it is answered positively;
//! - Level 2/3 are shown when Level 1 is achieved, or when Level 1 is complete but not achieved
//!   and the facility accepts the optional progression; then they earn nothing (capped);
//! - a level with no applicable scored question drops out of the section and its weight is shared
//!   by the section's other levels in proportion (as Level 1 = 100 when a pathway stops at it);
//! - total = mean of the applicable sections' scores; zero when a zero-score gate holds.

use serde::Serialize;

use super::answers::Answers;
use super::bank::{AnswerSpec, Bank, Question, Role, Rows, Section, Token};
use super::condition::{is_answered, Facts};
use super::rules::{Context, Pathway};
use super::score::{outcome, Outcome, Why};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub bank: String,
    pub bank_version: String,
    /// 0–100: mean of applicable section scores, or 0 when `zeroed`.
    pub total: f64,
    /// The zero-score gate that holds, if any.
    pub zeroed: Option<ZeroResult>,
    pub sections: Vec<SectionResult>,
    pub completion: Completion,
    /// 100% of the applicable questions answered.
    pub can_post: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZeroResult {
    pub id: String,
    pub why: String,
    pub fix: String,
    /// The questions whose answers set the gate off.
    pub refs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionResult {
    pub id: String,
    pub title: String,
    /// Scored and applicable: counts in the total.
    pub applicable: bool,
    /// 0–100, or null for an unscored or not applicable section.
    pub score: Option<f64>,
    /// Level 1 not achieved: the score is limited to Level 1's points.
    pub capped: bool,
    /// The pathway's weight profile reason, when not the default 25/50/25.
    pub pathway: Option<String>,
    pub progression: Progression,
    pub levels: Vec<LevelResult>,
    /// The questions shown, in display order.
    pub questions: Vec<QuestionResult>,
    pub completion: Completion,
}

/// The optional level progression (FEM 2024) of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progression {
    /// Not relevant: Level 1 achieved, not yet complete, or no Level 2/3 for this pathway.
    NotOffered,
    /// Level 1 complete but not achieved: the progression question is shown, unanswered.
    Asked,
    /// Accepted: Levels 2/3 shown, the section stays capped at Level 1.
    Accepted,
    /// Declined: Levels 2/3 hidden.
    Declined,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelResult {
    pub level: u8,
    /// This level's weight for the facility's pathway (after redistribution).
    pub weight: f64,
    /// Points counted in the section score.
    pub points: f64,
    /// What the answers would earn without the Level 1 cap (equals `points` unless capped).
    pub uncapped_points: f64,
    /// Every applicable scored question answered positively.
    pub achieved: bool,
    /// Shown to the facility.
    pub open: bool,
    /// Applicable scored questions sharing the weight.
    pub scored_questions: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionResult {
    pub id: String,
    pub level: Option<u8>,
    pub role: Role,
    pub answered: bool,
    /// Counts toward the level's points (scored and not made unscored).
    pub scored: bool,
    pub points: Option<f64>,
    pub max: Option<f64>,
    pub why: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Completion {
    pub answered: usize,
    pub required: usize,
    pub percent: f64,
    /// Required questions shown but not answered, in display order.
    pub missing: Vec<String>,
}

impl Completion {
    fn add(&mut self, other: &Completion) {
        self.answered += other.answered;
        self.required += other.required;
        self.missing.extend(other.missing.iter().cloned());
    }

    fn finish(mut self) -> Completion {
        self.percent = if self.required == 0 {
            100.0
        } else {
            100.0 * self.answered as f64 / self.required as f64
        };
        self
    }
}

/// Scores a facility's answers against a bank.
pub fn evaluate(bank: &Bank, answers: &Answers) -> Assessment {
    let ctx = Context::new(bank, answers);
    let sections: Vec<SectionResult> = bank
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| assess_section(&ctx, i, s))
        .collect();

    let mut completion = Completion::default();
    sections.iter().for_each(|s| completion.add(&s.completion));
    let completion = completion.finish();

    let zeroed = bank
        .zero_if
        .iter()
        .find(|g| ctx.holds(&g.when))
        .map(|g| ZeroResult {
            id: g.id.clone(),
            why: g.why.clone(),
            fix: g.fix.clone(),
            refs: g.when.refs().into_iter().map(String::from).collect(),
        });
    let scores: Vec<f64> = sections.iter().filter_map(|s| s.score).collect();
    let total = match (&zeroed, scores.len()) {
        (Some(_), _) | (None, 0) => 0.0,
        (None, n) => scores.iter().sum::<f64>() / n as f64,
    };
    Assessment {
        bank: bank.id.clone(),
        bank_version: bank.version.clone(),
        total,
        zeroed,
        can_post: completion.answered == completion.required,
        completion,
        sections,
    }
}

/// One question's place in the section's arithmetic.
struct Scored<'a> {
    q: &'a Question,
    outcome: Outcome,
}

fn assess_section(ctx: &Context, index: usize, section: &Section) -> SectionResult {
    let pathway = ctx.pathway(section);
    let shown: Vec<&Question> = section
        .questions
        .iter()
        .enumerate()
        .filter(|(qi, q)| ctx.shown(index, *qi) && q.role != Role::Progression)
        .map(|(_, q)| q)
        .collect();

    let scored_in = |level: u8| -> Vec<Scored> {
        shown
            .iter()
            .filter(|q| q.level == Some(level))
            .filter_map(|q| {
                let rule = q.score.as_ref()?;
                Some(Scored {
                    q,
                    outcome: outcome(q, rule, ctx),
                })
            })
            .collect()
    };
    let by_level: Vec<(u8, Vec<Scored>)> =
        pathway.weights.keys().map(|&l| (l, scored_in(l))).collect();
    let weights = redistribute(&pathway, &by_level);

    // Level 1 gating and the optional progression.
    let level1 = by_level
        .iter()
        .find(|(l, _)| *l == 1)
        .map(|(_, s)| s.as_slice())
        .unwrap_or(&[]);
    let level1_achieved = level_achieved(level1);
    let level1_complete = shown
        .iter()
        .filter(|q| q.level == Some(1) && q.required)
        .all(|q| question_answered(ctx, q));
    let has_higher = pathway.weights.keys().any(|&l| l > 1);
    let progression_q = section
        .progression
        .as_deref()
        .and_then(|r| section.questions.iter().find(|q| q.id == r));
    let progression = if !section.scored
        || !pathway.applies
        || level1_achieved
        || !has_higher
        || !level1_complete
    {
        Progression::NotOffered
    } else {
        match progression_q
            .and_then(|q| ctx.answers.get(&q.id))
            .and_then(|v| v.as_str())
        {
            Some("yes") => Progression::Accepted,
            Some("no") => Progression::Declined,
            _ => Progression::Asked,
        }
    };
    let higher_open = level1_achieved || progression == Progression::Accepted;
    let capped = section.scored && pathway.applies && !level1_achieved && has_higher;

    // Levels and question points.
    let mut levels = Vec::new();
    let mut points_of: Vec<(&str, f64, f64, Why)> = Vec::new();
    for (level, scored) in &by_level {
        let weight = weights.get(level).copied().unwrap_or(0.0);
        let counted = scored
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::Scored { .. }))
            .count();
        let share = if counted == 0 {
            0.0
        } else {
            weight / counted as f64
        };
        let open = *level == 1 || higher_open;
        let earns = *level == 1 || level1_achieved;
        let mut uncapped = 0.0;
        for s in scored {
            match &s.outcome {
                Outcome::Scored { fraction, why, .. } => {
                    let p = fraction * share;
                    uncapped += p;
                    let (p, why) = if earns {
                        (p, why.clone())
                    } else {
                        (0.0, Why::Capped)
                    };
                    points_of.push((&s.q.id, p, share, why));
                }
                Outcome::Unscored(why) => points_of.push((&s.q.id, 0.0, 0.0, why.clone())),
            }
        }
        levels.push(LevelResult {
            level: *level,
            weight,
            points: if earns { uncapped } else { 0.0 },
            uncapped_points: uncapped,
            achieved: level_achieved(scored),
            open,
            scored_questions: counted,
        });
    }

    // Display order: applicability first, then by level (site questions have none), the
    // progression question right after Level 1, and Level 2/3 only when open.
    let mut display: Vec<&Question> = shown
        .iter()
        .copied()
        .filter(|q| q.level.is_none_or(|l| l == 1 || higher_open))
        .collect();
    display.sort_by_key(|q| match q.role {
        Role::Applicability => 0,
        _ => 1 + q.level.unwrap_or(0) as usize * 2,
    });
    if progression != Progression::NotOffered {
        if let Some(pq) = progression_q {
            let at = display
                .iter()
                .position(|q| q.level.unwrap_or(0) > 1)
                .unwrap_or(display.len());
            display.insert(at, pq);
        }
    }

    let mut completion = Completion::default();
    let questions: Vec<QuestionResult> = display
        .iter()
        .map(|q| {
            let answered = question_answered(ctx, q);
            if q.required {
                completion.required += 1;
                if answered {
                    completion.answered += 1;
                } else {
                    completion.missing.push(q.id.clone());
                }
            }
            let scored = points_of.iter().find(|(id, ..)| *id == q.id);
            match scored {
                Some((_, p, max, why)) => QuestionResult {
                    id: q.id.clone(),
                    level: q.level,
                    role: q.role,
                    answered,
                    scored: *max > 0.0,
                    points: (*max > 0.0).then_some(*p),
                    max: (*max > 0.0).then_some(*max),
                    why: why.sentence(*p, *max),
                },
                None => QuestionResult {
                    id: q.id.clone(),
                    level: q.level,
                    role: q.role,
                    answered,
                    scored: false,
                    points: None,
                    max: None,
                    why: Why::NotScored.sentence(0.0, 0.0),
                },
            }
        })
        .collect();

    let applicable = section.scored && pathway.applies && weights.values().any(|w| *w > 0.0);
    let score = applicable.then(|| {
        levels
            .iter()
            .map(|l| l.points)
            .sum::<f64>()
            .clamp(0.0, 100.0)
    });
    SectionResult {
        id: section.id.clone(),
        title: section.title.clone(),
        applicable,
        score,
        capped: capped && applicable,
        pathway: pathway.why.clone(),
        progression,
        levels: if applicable { levels } else { Vec::new() },
        questions,
        completion: completion.finish(),
    }
}

/// Level weights after dropping levels with no applicable scored question: their weight is
/// shared by the other levels in proportion. (Methodology: a pathway that stops at Level 1
/// makes Level 1 worth 100; `docs/scoring.md` extends this to any empty level.)
fn redistribute(
    pathway: &Pathway,
    by_level: &[(u8, Vec<Scored>)],
) -> std::collections::BTreeMap<u8, f64> {
    let has_questions = |l: u8| {
        by_level.iter().any(|(level, scored)| {
            *level == l
                && scored
                    .iter()
                    .any(|s| matches!(s.outcome, Outcome::Scored { .. }))
        })
    };
    let kept: f64 = pathway
        .weights
        .iter()
        .filter(|(l, _)| has_questions(**l))
        .map(|(_, w)| w)
        .sum();
    pathway
        .weights
        .iter()
        .map(|(l, w)| {
            let weight = if !has_questions(*l) || kept == 0.0 {
                0.0
            } else {
                w * 100.0 / kept
            };
            (*l, weight)
        })
        .collect()
}

fn level_achieved(scored: &[Scored]) -> bool {
    scored.iter().all(|s| match &s.outcome {
        Outcome::Unscored(_) => true,
        Outcome::Scored {
            fraction, answered, ..
        } => *answered && *fraction > 0.0,
    })
}

/// Answered for completion: a value, and for tables every expected row with its required cells.
fn question_answered(ctx: &Context, q: &Question) -> bool {
    let Some(value) = ctx.answers.get(&q.id).filter(|v| is_answered(v)) else {
        return false;
    };
    match &q.answer {
        AnswerSpec::Table { rows, columns } => {
            let items = value.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let expected: Vec<&str> = match rows {
                Rows::From(source) => ctx
                    .answer(source)
                    .map(|v| match v {
                        serde_json::Value::Array(a) => {
                            a.iter().filter_map(|x| x.as_str()).collect()
                        }
                        serde_json::Value::String(s) => vec![s.as_str()],
                        _ => vec![],
                    })
                    .unwrap_or_default(),
                Rows::Fixed(opts) => opts.iter().map(|o| o.id.as_str()).collect(),
                Rows::Free { min, .. } => {
                    if items.len() < *min {
                        return false;
                    }
                    vec![]
                }
            };
            let row_of = |id: &str| {
                items
                    .iter()
                    .filter_map(|r| r.as_object())
                    .find(|r| r.get("row").and_then(|v| v.as_str()) == Some(id))
            };
            let rows_present = expected.iter().all(|id| row_of(id).is_some());
            let cells_filled = items.iter().filter_map(|r| r.as_object()).all(|row| {
                // Only the rows still expected count (a deselected source's row is kept, ignored).
                let relevant = match rows {
                    Rows::Free { .. } => true,
                    _ => row
                        .get("row")
                        .and_then(|v| v.as_str())
                        .is_some_and(|id| expected.contains(&id)),
                };
                !relevant
                    || columns.iter().filter(|c| c.required).all(|c| {
                        let facts = RowFacts { ctx, row };
                        let visible = c.visible_if.as_ref().is_none_or(|cond| cond.holds(&facts));
                        !visible || row.get(&c.id).is_some_and(is_answered)
                    })
            });
            rows_present && cells_filled
        }
        AnswerSpec::Choice { .. } => value.as_str().and_then(Token::parse).is_some(),
        _ => true,
    }
}

/// Facts inside a table row: `.column` names a cell of the row, anything else the answers.
struct RowFacts<'a> {
    ctx: &'a Context<'a>,
    row: &'a serde_json::Map<String, serde_json::Value>,
}

impl Facts for RowFacts<'_> {
    fn answer(&self, q: &str) -> Option<&serde_json::Value> {
        match q.strip_prefix('.') {
            Some(col) => self.row.get(col),
            None => self.ctx.answer(q),
        }
    }
    fn metric(&self, id: &str) -> Option<f64> {
        self.ctx.metric(id)
    }
}
