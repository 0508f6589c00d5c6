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

use serde_json::Value;

use super::answers::Answers;
use super::bank::{Bank, Role, Section, DEFAULT_WEIGHTS};
use super::condition::Condition;
use super::condition_eval::Facts;
use super::ghg;
use super::metrics;

/// The answers with hidden questions masked out, plus lazily computed metrics.
pub struct Context<'a> {
    pub bank: &'a Bank,
    /// The answers as stored (ids the bank does not have are read from here).
    answers: &'a Answers,
    /// The stored answers by flat index (`Bank::flat_index`).
    stored: Vec<Option<&'a Value>>,
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
}

impl Facts for Context<'_> {
    fn answer(&self, q: &str) -> Option<&Value> {
        let pos = self.bank.position(q)?;
        self.answer_at(pos.section, pos.question)
    }

    fn metric(&self, id: &str) -> Option<f64> {
        self.metrics
            .get_or_init(|| metrics::compute_from(self))
            .get(id)
            .copied()
    }
}

/// Metrics read the answers as stored (not as shown).
impl ghg::Lookup for Context<'_> {
    fn get(&self, id: &str) -> Option<&Value> {
        match self.bank.position(id) {
            Some(p) => self.stored(p.section, p.question),
            None => self.answers.get(id),
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
    pub fn new(bank: &'a Bank, answers: &'a Answers) -> Context<'a> {
        let mut stored = vec![None; bank.question_count()];
        for (id, value) in answers.iter() {
            if let Some(p) = bank.position(id) {
                stored[bank.flat_index(p.section, p.question)] = Some(value);
            }
        }
        let mut ctx = Context {
            bank,
            answers,
            stored,
            shown: vec![true; bank.question_count()],
            pathways: Vec::new(),
            metrics: OnceCell::new(),
        };
        let mut pathways: Vec<Option<PathwayChoice>> = vec![None; bank.sections.len()];
        let index = bank.index();
        for &flat in index.eval_order() {
            let pos = index.at(flat);
            let section = &bank.sections[pos.section];
            let q = &section.questions[pos.question];
            let by_own_conditions = [&q.applies_if, &q.visible_if]
                .into_iter()
                .flatten()
                .all(|c| c.holds(&ctx));
            let shown = by_own_conditions
                && (q.role == Role::Applicability || {
                    let choice = *pathways[pos.section].get_or_insert_with(|| ctx.choose(section));
                    choice.applies && choice.pathway(section).asks_level(q.level)
                });
            ctx.shown[flat] = shown;
        }
        // Decided after every question it depends on (dependency order), so reusable.
        ctx.pathways = pathways;
        ctx
    }

    /// The answer at a position as the facility sees it (none when the question is hidden).
    pub fn answer_at(&self, section: usize, question: usize) -> Option<&'a Value> {
        self.value(self.bank.flat_index(section, question))
    }

    /// The answer at a flat index as the facility sees it (none when the question is hidden).
    pub fn value(&self, flat: usize) -> Option<&'a Value> {
        self.stored[flat].filter(|_| self.shown[flat])
    }

    /// The question at a flat index (`Bank::flat_index`) is shown by its own conditions and its
    /// section's pathway (before level gating).
    pub fn shown(&self, flat: usize) -> bool {
        self.shown[flat]
    }

    /// The stored value at a flat index, shown or not.
    pub fn stored_value(&self, flat: usize) -> Option<&'a Value> {
        self.stored[flat]
    }

    /// The stored answer of the question at a position, shown or not.
    pub fn stored(&self, section: usize, question: usize) -> Option<&'a Value> {
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
        PathwayChoice {
            applies: section.applies_if.as_ref().is_none_or(|c| c.holds(self)),
            profile: section.weights.iter().position(|p| p.when.holds(self)),
        }
    }
}

impl PathwayChoice {
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
