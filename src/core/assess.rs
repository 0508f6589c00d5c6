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

use std::borrow::Cow;

use serde::Serialize;

use serde_json::{Map, Value};

use super::answers::{is_answered, Answers};
use super::bank::{AnswerSpec, Bank, Column, Question, Role, Rows, Token};
use super::condition_eval::{Facts, RowFacts};
use super::points::{outcome, Outcome, Why};
use super::rules::{Context, Pathway};
use super::scored::scored_answers;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment<'a> {
    pub bank: Cow<'a, str>,
    pub bank_version: Cow<'a, str>,
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
    pub id: Cow<'a, str>,
    pub why: Cow<'a, str>,
    pub fix: Cow<'a, str>,
    /// The questions whose answers set the gate off.
    pub refs: Vec<Cow<'a, str>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionResult<'a> {
    pub id: Cow<'a, str>,
    pub title: Cow<'a, str>,
    /// Scored and applicable: counts in the total.
    pub applicable: bool,
    /// 0–100, or null for an unscored or not applicable section.
    pub score: Option<f64>,
    /// Level 1 not achieved: the score is limited to Level 1's points.
    pub capped: bool,
    /// The pathway's weight profile reason, when not the default 25/50/25.
    pub pathway: Option<Cow<'a, str>>,
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
    /// Required questions of this level the facility is shown once the level is open (shown
    /// now when `open`): what opening it adds to the questions to answer.
    pub required: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionResult<'a> {
    pub id: Cow<'a, str>,
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

impl Explanation<'_> {
    /// The sentence as a translatable message (its English is what `Display` writes).
    pub fn message(&self) -> super::message::Message {
        self.why.message(self.points, self.max)
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
    /// Required questions of levels not open yet that still may open (Level 2/3 while Level 1
    /// is incomplete, or while the optional progression is unanswered), with the progression
    /// question itself: `required` grows by these as levels open.
    pub pending: usize,
    /// 0–100: `answered` of `required + pending`. Unlike `percent`, opening a level does not
    /// lower it, since the questions it opens were counted before (see `docs/scoring.md`).
    pub progress: f64,
    /// Required questions shown but not answered, in display order.
    pub missing: Vec<Cow<'a, str>>,
}

impl<'a> Completion<'a> {
    fn add(&mut self, other: &Completion<'a>) {
        self.answered += other.answered;
        self.required += other.required;
        self.pending += other.pending;
        self.missing.extend_from_slice(&other.missing);
    }

    fn finish(mut self) -> Completion<'a> {
        let share = |of: usize| match of {
            0 => 100.0,
            n => 100.0 * self.answered as f64 / n as f64,
        };
        self.percent = share(self.required);
        self.progress = share(self.required + self.pending);
        self
    }
}

/// Text borrowed from the bank, owned (`into_owned`).
fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

impl Assessment<'_> {
    /// The same assessment, owning its text instead of borrowing it from the bank: what the
    /// widget keeps in its state, so that a bank it fetched is freed with the widget.
    pub fn into_owned(self) -> Assessment<'static> {
        Assessment {
            bank: owned(self.bank),
            bank_version: owned(self.bank_version),
            total: self.total,
            zeroed: self.zeroed.map(|z| ZeroResult {
                id: owned(z.id),
                why: owned(z.why),
                fix: owned(z.fix),
                refs: z.refs.into_iter().map(owned).collect(),
            }),
            sections: self
                .sections
                .into_iter()
                .map(SectionResult::into_owned)
                .collect(),
            completion: self.completion.into_owned(),
            can_post: self.can_post,
        }
    }
}

impl SectionResult<'_> {
    fn into_owned(self) -> SectionResult<'static> {
        SectionResult {
            id: owned(self.id),
            title: owned(self.title),
            applicable: self.applicable,
            score: self.score,
            capped: self.capped,
            pathway: self.pathway.map(owned),
            progression: self.progression,
            levels: self.levels,
            questions: self
                .questions
                .into_iter()
                .map(|q| QuestionResult {
                    id: owned(q.id),
                    level: q.level,
                    role: q.role,
                    answered: q.answered,
                    scored: q.scored,
                    points: q.points,
                    max: q.max,
                    why: Explanation::new(q.why.why.into_owned(), q.why.points, q.why.max),
                })
                .collect(),
            completion: self.completion.into_owned(),
        }
    }
}

impl Completion<'_> {
    fn into_owned(self) -> Completion<'static> {
        Completion {
            missing: self.missing.into_iter().map(owned).collect(),
            ..self
        }
    }
}

/// A level that opened or closed between two assessments: what the widget says when an answer
/// opens Level 2 ("Level 2 opened: 9 more questions") or closes it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelChange<'a> {
    pub section: &'a str,
    pub title: &'a str,
    pub level: u8,
    /// Opened (else closed).
    pub opened: bool,
    /// Its required questions (to answer when opened; no longer asked when closed).
    pub questions: usize,
}

impl<'a> Assessment<'a> {
    /// The open levels above Level 1 (Level 1 is always open), by section id: what
    /// [`level_changes`] compares with a later assessment.
    pub fn open_levels(&self) -> Vec<(&str, u8)> {
        self.sections
            .iter()
            .flat_map(|s| {
                s.levels
                    .iter()
                    .filter(|l| l.level > 1 && l.open)
                    .map(|l| (&*s.id, l.level))
            })
            .collect()
    }
}

/// The levels above Level 1 of `after` that opened or closed since `before` (its
/// [`Assessment::open_levels`]), in display order. A level with no required question to ask
/// is left out: nothing appears or goes.
pub fn level_changes<'a>(
    before: &[(impl AsRef<str>, u8)],
    after: &'a Assessment<'_>,
) -> Vec<LevelChange<'a>> {
    let mut changes = Vec::new();
    for s in &after.sections {
        for l in s.levels.iter().filter(|l| l.level > 1 && l.required > 0) {
            let was_open = before
                .iter()
                .any(|(id, level)| id.as_ref() == s.id && *level == l.level);
            if was_open != l.open {
                changes.push(LevelChange {
                    section: &s.id,
                    title: &s.title,
                    level: l.level,
                    opened: l.open,
                    questions: l.required,
                });
            }
        }
    }
    changes
}

/// Scores a facility's answers against a bank (as [`scored_answers`] reads them: rows set aside
/// are not scored).
pub fn evaluate<'a>(bank: &'a Bank, answers: &Answers) -> Assessment<'a> {
    let answers = scored_answers(bank, answers);
    let ctx = Context::new(bank, &answers);
    let largest = bank.sections.iter().map(|s| s.questions.len()).max();
    let mut slots = Vec::with_capacity(largest.unwrap_or(0));
    let sections: Vec<SectionResult> = (0..bank.sections.len())
        .map(|i| assess_section(&ctx, bank, i, &mut slots))
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
            id: Cow::Borrowed(&g.id),
            why: Cow::Borrowed(&g.why),
            fix: Cow::Borrowed(&g.fix),
            refs: g.when.refs().into_iter().map(Cow::Borrowed).collect(),
        });
    let scores = || sections.iter().filter_map(|s| s.score);
    let total = match (&zeroed, scores().count()) {
        (Some(_), _) | (None, 0) => 0.0,
        (None, n) => scores().sum::<f64>() / n as f64,
    };
    Assessment {
        bank: Cow::Borrowed(&bank.id),
        bank_version: Cow::Borrowed(&bank.version),
        total,
        zeroed,
        can_post: completion.answered == completion.required,
        completion,
        sections,
    }
}

/// A shown question of a section while it is assessed (bank order).
struct Slot<'b> {
    /// Index in the section's questions.
    index: usize,
    answered: bool,
    /// For a scored question of a level the pathway asks: that level's place among the
    /// pathway's levels, and the question's outcome.
    scored: Option<(usize, Outcome<'b>)>,
    /// Where it is displayed: 0 applicability, 1 no level, then one group per pathway level.
    group: usize,
}

/// The display group of the pathway's first level (see `Slot::group`).
const FIRST_LEVEL_GROUP: usize = 2;
/// A question of a level the pathway does not ask (never shown: the rules hide it).
const HIDDEN: usize = usize::MAX;

impl Slot<'_> {
    /// Counts toward its level: answered positively, or unscored (which never blocks).
    fn positive(&self) -> bool {
        match &self.scored {
            Some((
                _,
                Outcome::Scored {
                    fraction, answered, ..
                },
            )) => *answered && *fraction > 0.0,
            _ => true,
        }
    }
}

/// `bank` is the context's, borrowed for as long as the result (the answers may live shorter).
/// `slots`: room for the section's shown questions, reused from section to section.
fn assess_section<'b>(
    ctx: &Context<'_>,
    bank: &'b Bank,
    index: usize,
    slots: &mut Vec<Slot<'b>>,
) -> SectionResult<'b> {
    let section = &bank.sections[index];
    let pathway = ctx.section_pathway(index, section);
    let questions = &section.questions;
    let level_place = |level: Option<u8>| {
        let level = level?;
        pathway.weights.keys().position(|&k| k == level)
    };

    // One pass in bank order: what is shown, answered, and how each scored question scores.
    slots.clear();
    let first = bank.flat_index(index, 0);
    for (qi, q) in questions.iter().enumerate() {
        let flat = first + qi;
        if !ctx.shown(flat) || q.role == Role::Progression {
            continue;
        }
        let scored = match (&q.score, level_place(q.level)) {
            (Some(rule), Some(place)) => Some((place, outcome(rule, ctx.value(flat), ctx))),
            _ => None,
        };
        // Display groups: applicability first, then questions without a level (site), then
        // the pathway's levels in order.
        let group = match (q.role, q.level) {
            (Role::Applicability, _) => 0,
            (_, None) => 1,
            (_, level) => level_place(level).map_or(HIDDEN, |k| FIRST_LEVEL_GROUP + k),
        };
        slots.push(Slot {
            index: qi,
            answered: question_answered(ctx, flat, q),
            scored,
            group,
        });
    }

    let slots: &[Slot] = slots;

    // Levels: questions sharing each weight, and whether each is achieved.
    let mut levels: Vec<LevelResult> = pathway
        .weights
        .iter()
        .map(|(&level, _)| LevelResult {
            level,
            weight: 0.0,
            points: 0.0,
            uncapped_points: 0.0,
            achieved: true,
            open: false,
            scored_questions: 0,
            required: 0,
        })
        .collect();
    for slot in slots {
        if let Some((place, outcome)) = &slot.scored {
            let level = &mut levels[*place];
            level.achieved &= slot.positive();
            level.scored_questions += usize::from(matches!(outcome, Outcome::Scored { .. }));
        }
        let q = &questions[slot.index];
        if let (true, false, Some(place)) = (q.required, slot.group == HIDDEN, level_place(q.level))
        {
            levels[place].required += 1;
        }
    }
    redistribute(&pathway, &mut levels);

    // Level 1 gating and the optional progression.
    let level1 = levels.iter().find(|l| l.level == 1);
    let level1_achieved = level1.is_none_or(|l| l.achieved);
    let level1_complete = slots
        .iter()
        .filter(|s| questions[s.index].level == Some(1) && questions[s.index].required)
        .all(|s| s.answered);
    let has_higher = pathway.weights.keys().any(|&l| l > 1);
    let progression_index = ctx.bank.progression_index(index);
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

    // Points: each level's weight shared equally by its scored questions; Level 2/3 earn
    // only when Level 1 is achieved.
    for slot in slots {
        if let Some((place, Outcome::Scored { fraction, .. })) = &slot.scored {
            let level = &mut levels[*place];
            level.uncapped_points += fraction * share(level);
        }
    }
    for level in &mut levels {
        let earns = level.level == 1 || level1_achieved;
        level.points = if earns { level.uncapped_points } else { 0.0 };
        level.open = level.level == 1 || higher_open;
    }
    // Display order: applicability first, then questions without a level (site), then by
    // level, with the progression question right after Level 1; Level 2/3 only when open
    // (each slot's display group, bank order within a group).
    let mut shown = Shown {
        results: Vec::with_capacity(slots.len() + 1),
        completion: Completion {
            missing: Vec::new(),
            ..Completion::default()
        },
        questions,
    };
    let is_open = |level: Option<u8>| level.is_none_or(|l| l == 1 || higher_open);
    // Slots in display order: already so in a bank that lists its questions that way (one
    // pass to check), else by a stable sort on their groups.
    let in_order = slots.windows(2).all(|w| w[0].group <= w[1].group);
    let mut order: Vec<usize> = Vec::new();
    if !in_order {
        order.extend(0..slots.len());
        order.sort_by_key(|&i| slots[i].group);
    }
    // The progression question goes before the first group of a level above 1.
    let higher_group = pathway
        .weights
        .keys()
        .position(|&l| l > 1)
        .map_or(usize::MAX, |k| FIRST_LEVEL_GROUP + k);
    let mut progression_shown = false;
    for i in 0..slots.len() {
        let slot = &slots[if in_order { i } else { order[i] }];
        if slot.group >= higher_group && !progression_shown {
            progression_shown = true;
            show_progression(ctx, index, progression, progression_index, &mut shown);
        }
        if slot.group != HIDDEN && is_open(questions[slot.index].level) {
            let (why, points, max) = explain(slot, &levels, level1_achieved);
            shown.add(slot.index, slot.answered, why, points, max);
        }
    }
    if !progression_shown {
        show_progression(ctx, index, progression, progression_index, &mut shown);
    }

    // Questions of closed levels that may still open: counted ahead, so that opening them
    // does not make the assessment look less complete than it was.
    let may_open = !higher_open && (!level1_complete || progression == Progression::Asked);
    if may_open {
        let closed: usize = levels.iter().filter(|l| !l.open).map(|l| l.required).sum();
        let progression_ahead = progression == Progression::NotOffered
            && closed > 0
            && progression_index.is_some_and(|pi| questions[pi].required);
        shown.completion.pending = closed + usize::from(progression_ahead);
    }

    let applicable = section.scored && pathway.applies && levels.iter().any(|l| l.weight > 0.0);
    let score = applicable.then(|| {
        levels
            .iter()
            .map(|l| l.points)
            .sum::<f64>()
            // An empty f64 sum is -0.0, which JSON prints as "-0.0": + 0.0 makes it 0.0.
            .clamp(0.0, 100.0)
            + 0.0
    });
    SectionResult {
        id: Cow::Borrowed(&section.id),
        title: Cow::Borrowed(&section.title),
        applicable,
        score,
        capped: capped && applicable,
        pathway: pathway.why.map(Cow::Borrowed),
        progression,
        levels: if applicable { levels } else { Vec::new() },
        questions: shown.results,
        completion: shown.completion.finish(),
    }
}

/// The progression question, when the section offers it (after Level 1 in display order).
fn show_progression<'b>(
    ctx: &Context<'_>,
    section: usize,
    progression: Progression,
    index: Option<usize>,
    shown: &mut Shown<'b>,
) {
    if let (true, Some(pi)) = (progression != Progression::NotOffered, index) {
        let flat = ctx.bank.flat_index(section, pi);
        let question = &ctx.bank.sections[section].questions[pi];
        let answered = question_answered(ctx, flat, question);
        shown.add(pi, answered, &Why::NotScored, 0.0, 0.0);
    }
}

/// A shown question's reason (borrowed from its slot), points and maximum: its share of its
/// level, earned when the level earns (Level 1, or any once Level 1 is achieved).
fn explain<'s, 'b>(
    slot: &'s Slot<'b>,
    levels: &[LevelResult],
    level1_achieved: bool,
) -> (&'s Why<'b>, f64, f64) {
    match &slot.scored {
        Some((place, Outcome::Scored { fraction, why, .. })) => {
            let level = &levels[*place];
            let share = share(level);
            match level.level == 1 || level1_achieved {
                true => (why, fraction * share, share),
                false => (&Why::Capped, 0.0, share),
            }
        }
        Some((_, Outcome::Unscored(why))) => (why, 0.0, 0.0),
        None => (&Why::NotScored, 0.0, 0.0),
    }
}

/// A level's weight shared equally by its scored questions.
fn share(level: &LevelResult) -> f64 {
    match level.scored_questions {
        0 => 0.0,
        n => level.weight / n as f64,
    }
}

/// A section's shown questions, as they are shown: their results and completion.
struct Shown<'b> {
    results: Vec<QuestionResult<'b>>,
    completion: Completion<'b>,
    /// The section's questions.
    questions: &'b [Question],
}

impl<'b> Shown<'b> {
    /// Adds the question at `qi` in the section, with its reason, points and maximum.
    fn add(&mut self, qi: usize, answered: bool, why: &Why<'b>, points: f64, max: f64) {
        let question = &self.questions[qi];
        let id: &'b str = &question.id;
        if question.required {
            self.completion.required += 1;
            if answered {
                self.completion.answered += 1;
            } else {
                self.completion.missing.push(Cow::Borrowed(id));
            }
        }
        let scored = max > 0.0;
        self.results.push(QuestionResult {
            id: Cow::Borrowed(id),
            level: question.level,
            role: question.role,
            answered,
            scored,
            points: scored.then_some(points),
            max: scored.then_some(max),
            why: Explanation::new(why.clone(), points, max),
        });
    }
}

/// Level weights after dropping levels with no applicable scored question: their weight is
/// shared by the other levels in proportion. (Methodology: a pathway that stops at Level 1
/// makes Level 1 worth 100; `docs/scoring.md` extends this to any empty level.) `levels` are
/// the pathway's, in its order, with their scored questions counted.
fn redistribute(pathway: &Pathway<'_>, levels: &mut [LevelResult]) {
    let kept: f64 = pathway
        .weights
        .values()
        .zip(levels.iter())
        .filter(|(_, l)| l.scored_questions > 0)
        .map(|(w, _)| w)
        .sum();
    for (w, level) in pathway.weights.values().zip(levels.iter_mut()) {
        level.weight = if level.scored_questions == 0 || kept == 0.0 {
            0.0
        } else {
            w * 100.0 / kept
        };
    }
}

/// Answered for completion: a value, and for tables every expected row with its required cells.
fn question_answered(ctx: &Context, flat: usize, question: &Question) -> bool {
    let Some(value) = ctx.stored_value(flat).filter(|v| is_answered(v)) else {
        return false;
    };
    match &question.answer {
        AnswerSpec::Table { rows, columns } => table_complete(ctx, value.as_array(), rows, columns),
        AnswerSpec::Choice { .. } => value.as_str().and_then(Token::parse).is_some(),
        _ => true,
    }
}

/// Every expected row present, and in each expected row every required cell that its
/// conditions show filled. Rows of a deselected source are kept in the answer but ignored.
fn table_complete(
    ctx: &Context,
    table: Option<&Vec<Value>>,
    rows: &Rows,
    columns: &[Column],
) -> bool {
    let items = || table.into_iter().flatten().filter_map(Value::as_object);
    let expected = match rows {
        Rows::Free { min, .. } => {
            if items().count() < *min {
                return false;
            }
            Expected::Free
        }
        Rows::Fixed(options) => Expected::Options(options),
        Rows::From(source) => match ctx.answer(source) {
            Some(Value::Array(ids)) => Expected::Ids(ids),
            Some(Value::String(id)) => Expected::One(id),
            _ => Expected::Options(&[]),
        },
    };
    let mut present = vec![false; expected.len()];
    for row in items() {
        // A row counts when free rows are asked for or when it is an expected one.
        let mut counts = matches!(expected, Expected::Free);
        if let Some(id) = row.get("row").and_then(Value::as_str) {
            for (j, found) in present.iter_mut().enumerate() {
                if expected.get(j) == Some(id) {
                    *found = true;
                    counts = true;
                }
            }
        }
        if counts && !row_complete(ctx, row, columns) {
            return false;
        }
    }
    // Every expected row is there (a non-text entry in the source names no row).
    (0..expected.len()).all(|j| expected.get(j).is_none() || present[j])
}

/// Every required cell of a row that its column's condition shows is filled.
fn row_complete(ctx: &Context, row: &Map<String, Value>, columns: &[Column]) -> bool {
    let facts = RowFacts::new(ctx, row);
    columns.iter().all(|c| {
        let shown = || c.visible_if.as_ref().is_none_or(|when| when.holds(&facts));
        !c.required || row.get(&c.id).is_some_and(is_answered) || !shown()
    })
}

/// The row ids a table expects.
enum Expected<'a> {
    /// Rows the facility adds: any row counts.
    Free,
    /// One per option selected in the source question (a multi answer).
    Ids(&'a [Value]),
    /// The one option selected in the source question (a single answer).
    One(&'a str),
    /// One per fixed option.
    Options(&'a [super::bank::Opt]),
}

impl<'a> Expected<'a> {
    fn len(&self) -> usize {
        match self {
            Expected::Free => 0,
            Expected::Ids(ids) => ids.len(),
            Expected::One(_) => 1,
            Expected::Options(options) => options.len(),
        }
    }

    fn get(&self, j: usize) -> Option<&'a str> {
        match self {
            Expected::Free => None,
            Expected::Ids(ids) => ids.get(j).and_then(Value::as_str),
            Expected::One(id) => Some(id),
            Expected::Options(options) => Some(&options[j].id),
        }
    }
}
