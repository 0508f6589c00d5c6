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
use serde_json::{Map, Value};

use super::bank::{AnswerSpec, Bank, Column, Question, Role, Rows, Section, Token};
use super::condition::{is_answered, Facts, RowFacts};
use super::rules::{Context, Pathway};
use super::score::{outcome, Outcome, Why};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment<'a> {
    pub bank: &'a str,
    pub bank_version: &'a str,
    /// 0–100: mean of applicable section scores, or 0 when `zeroed`.
    pub total: f64,
    /// The zero-score gate that holds, if any.
    pub zeroed: Option<ZeroResult<'a>>,
    pub sections: Vec<SectionResult<'a>>,
    pub completion: Completion<'a>,
    /// 100% of the applicable questions answered.
    pub can_post: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZeroResult<'a> {
    pub id: &'a str,
    pub why: &'a str,
    pub fix: &'a str,
    /// The questions whose answers set the gate off.
    pub refs: Vec<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionResult<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Scored and applicable: counts in the total.
    pub applicable: bool,
    /// 0–100, or null for an unscored or not applicable section.
    pub score: Option<f64>,
    /// Level 1 not achieved: the score is limited to Level 1's points.
    pub capped: bool,
    /// The pathway's weight profile reason, when not the default 25/50/25.
    pub pathway: Option<&'a str>,
    pub progression: Progression,
    pub levels: Vec<LevelResult>,
    /// The questions shown, in display order.
    pub questions: Vec<QuestionResult<'a>>,
    pub completion: Completion<'a>,
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
pub struct QuestionResult<'a> {
    pub id: &'a str,
    pub level: Option<u8>,
    pub role: Role,
    pub answered: bool,
    /// Counts toward the level's points (scored and not made unscored).
    pub scored: bool,
    pub points: Option<f64>,
    pub max: Option<f64>,
    /// One sentence: the answer and the rule that gave the points (rendered on demand).
    pub why: Explanation<'a>,
}

/// Why a question earned its points; displays (and serialises) as one English sentence. Kept
/// structured so a rescore does not format hundreds of sentences nobody reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<'a> {
    pub why: Why<'a>,
    points: f64,
    max: f64,
}

impl<'a> Explanation<'a> {
    fn new(why: Why<'a>, points: f64, max: f64) -> Explanation<'a> {
        Explanation { why, points, max }
    }
}

impl std::fmt::Display for Explanation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why.sentence(self.points, self.max))
    }
}

impl Serialize for Explanation<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Completion<'a> {
    pub answered: usize,
    pub required: usize,
    pub percent: f64,
    /// Required questions shown but not answered, in display order.
    pub missing: Vec<&'a str>,
}

impl<'a> Completion<'a> {
    fn add(&mut self, other: &Completion<'a>) {
        self.answered += other.answered;
        self.required += other.required;
        self.missing.extend_from_slice(&other.missing);
    }

    fn finish(mut self) -> Completion<'a> {
        self.percent = if self.required == 0 {
            100.0
        } else {
            100.0 * self.answered as f64 / self.required as f64
        };
        self
    }
}

/// Scores a facility's answers against a bank.
pub fn evaluate<'a>(bank: &'a Bank, answers: &Answers) -> Assessment<'a> {
    let ctx = Context::new(bank, answers);
    let sections: Vec<SectionResult> = bank
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| assess_section(&ctx, i, s))
        .collect();

    let mut completion = Completion {
        missing: Vec::with_capacity(sections.iter().map(|s| s.completion.missing.len()).sum()),
        ..Completion::default()
    };
    sections.iter().for_each(|s| completion.add(&s.completion));
    let completion = completion.finish();

    let zeroed = bank
        .zero_if
        .iter()
        .find(|g| ctx.holds(&g.when))
        .map(|g| ZeroResult {
            id: &g.id,
            why: &g.why,
            fix: &g.fix,
            refs: g.when.refs(),
        });
    let scores: Vec<f64> = sections.iter().filter_map(|s| s.score).collect();
    let total = match (&zeroed, scores.len()) {
        (Some(_), _) | (None, 0) => 0.0,
        (None, n) => scores.iter().sum::<f64>() / n as f64,
    };
    Assessment {
        bank: &bank.id,
        bank_version: &bank.version,
        total,
        zeroed,
        can_post: completion.answered == completion.required,
        completion,
        sections,
    }
}

/// One scored question's place in the section's arithmetic (by index in the section).
struct Scored<'b> {
    index: usize,
    outcome: Outcome<'b>,
}

fn assess_section<'b>(ctx: &Context<'_>, index: usize, section: &'b Section) -> SectionResult<'b> {
    let pathway = ctx.section_pathway(index, section);
    let questions = &section.questions;
    let is_shown = |qi: usize| ctx.shown(index, qi) && questions[qi].role != Role::Progression;
    let mut shown: Vec<usize> = Vec::with_capacity(questions.len());
    shown.extend((0..questions.len()).filter(|&qi| is_shown(qi)));
    // Answered state of every shown question, computed once.
    let mut answered = vec![false; questions.len()];
    for &qi in &shown {
        answered[qi] = question_answered(ctx, &questions[qi], ctx.stored(index, qi));
    }

    let by_level: Vec<(u8, Vec<Scored>)> = pathway
        .weights
        .keys()
        .map(|&level| {
            let mut scored = Vec::with_capacity(shown.len());
            scored.extend(
                shown
                    .iter()
                    .filter(|&&qi| questions[qi].level == Some(level))
                    .filter_map(|&qi| {
                        let rule = questions[qi].score.as_ref()?;
                        Some(Scored {
                            index: qi,
                            outcome: outcome(rule, ctx.answer_at(index, qi), ctx),
                        })
                    }),
            );
            (level, scored)
        })
        .collect();
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
        .filter(|&&qi| questions[qi].level == Some(1) && questions[qi].required)
        .all(|&qi| answered[qi]);
    let has_higher = pathway.weights.keys().any(|&l| l > 1);
    let progression_index = section
        .progression
        .as_deref()
        .and_then(|r| ctx.bank.position(r))
        .filter(|p| p.section == index)
        .map(|p| p.question);
    let progression = if !section.scored
        || !pathway.applies
        || level1_achieved
        || !has_higher
        || !level1_complete
    {
        Progression::NotOffered
    } else {
        let choice = progression_index
            .and_then(|pi| ctx.stored(index, pi))
            .and_then(|v| v.as_str());
        match choice {
            Some("yes") => Progression::Accepted,
            Some("no") => Progression::Declined,
            _ => Progression::Asked,
        }
    };
    let higher_open = level1_achieved || progression == Progression::Accepted;
    let capped = section.scored && pathway.applies && !level1_achieved && has_higher;

    // Levels and question points: (points, max, why) by question index.
    let mut levels = Vec::with_capacity(by_level.len());
    let mut points_of: Vec<Option<Explanation>> = vec![None; questions.len()];
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
        let earns = *level == 1 || level1_achieved;
        let mut uncapped = 0.0;
        for s in scored {
            points_of[s.index] = Some(match &s.outcome {
                Outcome::Scored { fraction, why, .. } => {
                    let p = fraction * share;
                    uncapped += p;
                    match earns {
                        true => Explanation::new(why.clone(), p, share),
                        false => Explanation::new(Why::Capped, 0.0, share),
                    }
                }
                Outcome::Unscored(why) => Explanation::new(why.clone(), 0.0, 0.0),
            });
        }
        levels.push(LevelResult {
            level: *level,
            weight,
            points: if earns { uncapped } else { 0.0 },
            uncapped_points: uncapped,
            achieved: level_achieved(scored),
            open: *level == 1 || higher_open,
            scored_questions: counted,
        });
    }

    // Display order: applicability first, then by level (site questions have none), the
    // progression question right after Level 1, and Level 2/3 only when open.
    // One spare slot for the progression question inserted below.
    let mut display: Vec<usize> = Vec::with_capacity(shown.len() + 1);
    display.extend(
        shown
            .iter()
            .copied()
            .filter(|&qi| questions[qi].level.is_none_or(|l| l == 1 || higher_open)),
    );
    // `display` is in bank order, so ordering by (rank, index) is the stable sort by rank,
    // without the stable sort's buffer.
    display.sort_unstable_by_key(|&qi| match questions[qi].role {
        Role::Applicability => (0, qi),
        _ => (1 + questions[qi].level.unwrap_or(0) as usize * 2, qi),
    });
    if let (true, Some(pi)) = (progression != Progression::NotOffered, progression_index) {
        let at = display
            .iter()
            .position(|&qi| questions[qi].level.unwrap_or(0) > 1)
            .unwrap_or(display.len());
        answered[pi] = question_answered(ctx, &questions[pi], ctx.stored(index, pi));
        display.insert(at, pi);
    }

    let mut completion = Completion {
        missing: Vec::with_capacity(display.len()),
        ..Completion::default()
    };
    let results: Vec<QuestionResult> = display
        .iter()
        .map(|&qi| {
            let q = &questions[qi];
            if q.required {
                completion.required += 1;
                if answered[qi] {
                    completion.answered += 1;
                } else {
                    completion.missing.push(&q.id);
                }
            }
            let why = points_of[qi]
                .take()
                .unwrap_or(Explanation::new(Why::NotScored, 0.0, 0.0));
            let scored = why.max > 0.0;
            QuestionResult {
                id: &q.id,
                level: q.level,
                role: q.role,
                answered: answered[qi],
                scored,
                points: scored.then_some(why.points),
                max: scored.then_some(why.max),
                why,
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
        id: &section.id,
        title: &section.title,
        applicable,
        score,
        capped: capped && applicable,
        pathway: pathway.why,
        progression,
        levels: if applicable { levels } else { Vec::new() },
        questions: results,
        completion: completion.finish(),
    }
}

/// Level weights after dropping levels with no applicable scored question: their weight is
/// shared by the other levels in proportion. (Methodology: a pathway that stops at Level 1
/// makes Level 1 worth 100; `docs/scoring.md` extends this to any empty level.)
fn redistribute(
    pathway: &Pathway<'_>,
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

fn level_achieved(scored: &[Scored<'_>]) -> bool {
    scored.iter().all(|s| match &s.outcome {
        Outcome::Unscored(_) => true,
        Outcome::Scored {
            fraction, answered, ..
        } => *answered && *fraction > 0.0,
    })
}

/// Answered for completion: a value, and for tables every expected row with its required cells.
fn question_answered(ctx: &Context, q: &Question, stored: Option<&Value>) -> bool {
    let Some(value) = stored.filter(|v| is_answered(v)) else {
        return false;
    };
    match &q.answer {
        AnswerSpec::Table { rows, columns } => table_complete(ctx, rows, columns, value),
        AnswerSpec::Choice { .. } => value.as_str().and_then(Token::parse).is_some(),
        _ => true,
    }
}

/// Every expected row present, and in each expected row every required cell that its
/// conditions show filled. Rows of a deselected source are kept in the answer but ignored.
/// Runs on every rescore, so it reads each row's id once and allocates nothing else.
fn table_complete(ctx: &Context, rows: &Rows, columns: &[Column], value: &Value) -> bool {
    let items: Vec<(Option<&str>, &Map<String, Value>)> = value
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .filter_map(Value::as_object)
        .map(|row| (row.get("row").and_then(Value::as_str), row))
        .collect();
    // The expected row ids, borrowed from the source answer or the bank.
    let source = match rows {
        Rows::From(source) => ctx.answer(source),
        _ => None,
    };
    // Calls `f` on each expected row id while it returns true: true when it held for all.
    let all_expected = |f: &mut dyn FnMut(&str) -> bool| -> bool {
        match (rows, source) {
            (Rows::From(_), Some(Value::Array(a))) => a.iter().filter_map(Value::as_str).all(f),
            (Rows::From(_), Some(Value::String(s))) => f(s),
            (Rows::Fixed(opts), _) => opts.iter().all(|o| f(&o.id)),
            _ => true,
        }
    };
    if let Rows::Free { min, .. } = rows {
        if items.len() < *min {
            return false;
        }
    }
    let rows_present = all_expected(&mut |id| items.iter().any(|(r, _)| *r == Some(id)));
    // Some expected id equals the row's (a deselected source's row is kept, but not checked).
    let is_expected = |id: Option<&str>| match rows {
        Rows::Free { .. } => true,
        _ => id.is_some_and(|id| !all_expected(&mut |e| e != id)),
    };
    rows_present
        && items.iter().all(|&(id, row)| {
            !is_expected(id)
                || columns.iter().filter(|c| c.required).all(|c| {
                    let visible = c
                        .visible_if
                        .as_ref()
                        .is_none_or(|cond| cond.holds(&RowFacts { outer: ctx, row }));
                    !visible || row.get(&c.id).is_some_and(is_answered)
                })
        })
}
