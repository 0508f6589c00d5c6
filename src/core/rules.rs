//! Which questions a facility is asked: applicability pathways, follow-up visibility, level
//! weights by pathway. (Level 1 gating and optional progression are in `assess.rs`, because they
//! depend on Level 1's score.)
//!
//! Conditions read answers *as the facility sees them*: the answer of a question that is not
//! shown (its own conditions are false) reads as unanswered. Questions are visited in dependency
//! order (`Bank::eval_order`) so that this holds along chains of follow-ups.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::bank::{Bank, Role, Section, DEFAULT_WEIGHTS};
use super::condition::{Condition, Facts, QRef};
use super::ghg;
use super::metrics;
use super::packed::{Flags, Packed};
use super::value::Val;

/// The answers with hidden questions masked out, plus lazily computed metrics.
pub struct Context<'a> {
    pub bank: &'a Bank,
    /// The stored answers, by position.
    answers: &'a Packed<'a>,
    /// Per question (flat index): shown by its conditions (pathway and follow-up)?
    shown: Vec<bool>,
    /// Per section: its pathway as decided while visiting its questions (`None`: not needed).
    pathways: Vec<Option<PathwayChoice>>,
    metrics: OnceCell<BTreeMap<&'static str, f64>>,
}

/// Which pathway a section's answers select: whether it applies, and the weight profile that
/// holds (index into `Section::weights`; `None`: the default 25/50/25).
#[derive(Debug, Clone, Copy)]
struct PathwayChoice {
    applies: bool,
    profile: Option<usize>,
    /// The levels it asks, as bits (levels 0–63), so showing a question is a bit test.
    asked: u64,
}

impl Facts for Context<'_> {
    fn answer(&self, q: &str) -> Option<Val<'_>> {
        let pos = self.bank.position(q)?;
        self.answer_at(pos.section, pos.question)
    }

    /// By the position this bank resolved; a reference resolved by another bank (a condition
    /// copied between banks) falls back to the lookup by id.
    fn answer_ref(&self, q: &QRef) -> Option<Val<'_>> {
        match q.flat_in(self.bank.generation()) {
            Some(flat) => self.value(flat),
            None => self.answer(q),
        }
    }

    fn metric(&self, id: &str) -> Option<f64> {
        self.metrics
            .get_or_init(|| metrics::compute_from(self))
            .get(id)
            .copied()
    }
}

/// Metrics read the answers as stored (not as shown), by position; an id the bank does not
/// know is read from the answers kept for such ids.
impl ghg::Lookup for Context<'_> {
    fn get(&self, id: &str) -> Option<Val<'_>> {
        match self.bank.position(id) {
            Some(p) => self.stored(p.section, p.question),
            None => self.answers.extra(id).map(Val::Json),
        }
    }
}

/// Level 1/2/3 = 25/50/25, built once (a rescore borrows it rather than building a map).
static DEFAULT_PROFILE: LazyLock<BTreeMap<u8, f64>> =
    LazyLock::new(|| DEFAULT_WEIGHTS.into_iter().collect());

/// A section's pathway: whether it applies and its level weights (borrowed from the bank).
#[derive(Debug, Clone, PartialEq)]
pub struct Pathway<'b> {
    pub applies: bool,
    /// Level → weight, for the levels this pathway asks.
    pub weights: &'b BTreeMap<u8, f64>,
    /// The weight profile's reason, when one other than the default applies.
    pub why: Option<&'b str>,
}

impl Pathway<'_> {
    pub fn asks_level(&self, level: Option<u8>) -> bool {
        level.is_none_or(|l| self.weights.contains_key(&l))
    }
}

impl<'a> Context<'a> {
    /// Decides, in dependency order, which questions their conditions show.
    pub fn new(answers: &'a Packed<'a>) -> Context<'a> {
        let bank = answers.bank();
        let mut ctx = Context {
            bank,
            answers,
            shown: vec![true; bank.question_count()],
            pathways: Vec::new(),
            metrics: OnceCell::new(),
        };
        let mut pathways: Vec<Option<PathwayChoice>> = vec![None; bank.sections.len()];
        let layout = bank.layout();
        for &flat in bank.eval_order() {
            let flat = flat as usize;
            // The packed layout answers most of this; the question itself only when it has
            // conditions of its own.
            let meta = layout.meta(flat);
            let (s, i) = (meta.section as usize, meta.question as usize);
            let by_own_conditions = !meta.conditional || {
                let q = &bank.sections[s].questions[i];
                [&q.applies_if, &q.visible_if]
                    .into_iter()
                    .flatten()
                    .all(|c| c.holds(&ctx))
            };
            let shown = by_own_conditions
                && (meta.role == Role::Applicability || {
                    let section = &bank.sections[s];
                    let choice = *pathways[s].get_or_insert_with(|| ctx.choose(section));
                    choice.applies && choice.asks_level(section, meta.level)
                });
            ctx.shown[flat] = shown;
        }
        // Decided after every question it depends on (dependency order), so reusable.
        ctx.pathways = pathways;
        ctx
    }

    /// The answer at a position as the facility sees it (none when the question is hidden).
    #[inline]
    pub fn answer_at(&self, section: usize, question: usize) -> Option<Val<'a>> {
        self.value(self.bank.flat_index(section, question))
    }

    /// The answer at a flat index as the facility sees it (none when the question is hidden).
    #[inline]
    pub fn value(&self, flat: usize) -> Option<Val<'a>> {
        match self.shown[flat] {
            true => self.answers.value(flat),
            false => None,
        }
    }

    /// The question at a flat index (`Bank::flat_index`) is shown by its own conditions and its
    /// section's pathway (before level gating).
    #[inline]
    pub fn shown(&self, flat: usize) -> bool {
        self.shown[flat]
    }

    /// Whether the question at a flat index is answered, and with which token, as the
    /// facility sees it (unanswered when hidden).
    #[inline]
    pub fn flags(&self, flat: usize) -> Flags {
        match self.shown[flat] {
            true => self.answers.flags(flat),
            false => Flags::default(),
        }
    }

    /// The same, as stored, shown or not.
    #[inline]
    pub fn stored_flags(&self, flat: usize) -> Flags {
        self.answers.flags(flat)
    }

    /// The stored value at a flat index, shown or not.
    #[inline]
    pub fn stored_value(&self, flat: usize) -> Option<Val<'a>> {
        self.answers.value(flat)
    }

    /// The stored answer of the question at a position, shown or not.
    #[inline]
    pub fn stored(&self, section: usize, question: usize) -> Option<Val<'a>> {
        self.stored_value(self.bank.flat_index(section, question))
    }

    pub fn holds(&self, condition: &Condition) -> bool {
        condition.holds(self)
    }

    /// The pathway of the section at `index` (reuses the choice made while showing questions).
    pub fn section_pathway<'b>(&self, index: usize, section: &'b Section) -> Pathway<'b> {
        let choice = self
            .pathways
            .get(index)
            .copied()
            .flatten()
            .unwrap_or_else(|| self.choose(section));
        choice.pathway(section)
    }

    fn choose(&self, section: &Section) -> PathwayChoice {
        let mut choice = PathwayChoice {
            applies: section.applies_if.as_ref().is_none_or(|c| c.holds(self)),
            profile: section.weights.iter().position(|p| p.when.holds(self)),
            asked: 0,
        };
        for &level in choice.pathway(section).weights.keys() {
            choice.asked |= 1u64.checked_shl(u32::from(level)).unwrap_or(0);
        }
        choice
    }
}

impl PathwayChoice {
    /// Whether the pathway asks questions of this level (or of none: site questions).
    fn asks_level(self, section: &Section, level: Option<u8>) -> bool {
        match level {
            None => true,
            Some(l) if l < 64 => self.asked & (1 << l) != 0,
            Some(_) => self.pathway(section).asks_level(level),
        }
    }

    /// The chosen pathway, borrowing its weights and reason from the section.
    fn pathway(self, section: &Section) -> Pathway<'_> {
        let applies = self.applies;
        match self.profile.map(|i| &section.weights[i]) {
            Some(p) => Pathway {
                applies,
                weights: &p.levels,
                why: Some(&p.why),
            },
            None => Pathway {
                applies,
                weights: &DEFAULT_PROFILE,
                why: None,
            },
        }
    }
}
