//! What a bank derives from its questions once, when it is loaded, so that scoring does not:
//! where each Ref ID is, the questions numbered across sections in bank order (their *flat
//! index*), the order in which their visibility is decided, and each section's progression
//! question.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use super::schema::{Question, Role, Section};

/// Where a question sits: its section, and its place in the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionPos {
    pub section: usize,
    pub question: usize,
}

/// The index of a bank's sections (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct BankIndex {
    /// Ref ID → position (of a repeated Ref ID, which `check-bank` reports, the first).
    by_ref: HashMap<String, QuestionPos>,
    /// By flat index: each question's position.
    positions: Vec<QuestionPos>,
    /// Per section, the flat index of its first question.
    first: Vec<usize>,
    /// Flat indices in dependency order: each question after every question its visibility
    /// reads.
    eval_order: Vec<usize>,
    /// Per section, the index of its progression question in the section.
    progression: Vec<Option<usize>>,
}

impl BankIndex {
    pub fn new(sections: &[Section]) -> BankIndex {
        let mut index = BankIndex::default();
        for (s, section) in sections.iter().enumerate() {
            index.first.push(index.positions.len());
            for (q, question) in section.questions.iter().enumerate() {
                let pos = QuestionPos {
                    section: s,
                    question: q,
                };
                index.positions.push(pos);
                index.by_ref.entry(question.id.clone()).or_insert(pos);
            }
        }
        index.progression = sections
            .iter()
            .enumerate()
            .map(|(s, section)| {
                let p = index.position(section.progression.as_deref()?)?;
                (p.section == s).then_some(p.question)
            })
            .collect();
        index.eval_order = index.dependency_order(sections);
        index
    }

    /// Questions in all sections.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    pub fn position(&self, id: &str) -> Option<QuestionPos> {
        self.by_ref.get(id).copied()
    }

    /// The flat index of the question at a position.
    pub fn flat(&self, section: usize, question: usize) -> usize {
        self.first[section] + question
    }

    /// The position of the question at a flat index.
    pub fn at(&self, flat: usize) -> QuestionPos {
        self.positions[flat]
    }

    /// Flat indices in dependency order, bank order where independent. Questions caught in a
    /// condition cycle (which `check-bank` reports) come last, in bank order.
    pub fn eval_order(&self) -> &[usize] {
        &self.eval_order
    }

    /// The index of a section's progression question in that section.
    pub fn progression(&self, section: usize) -> Option<usize> {
        self.progression.get(section).copied().flatten()
    }

    /// Kahn's algorithm over the visibility dependencies, stable in bank order.
    fn dependency_order(&self, sections: &[Section]) -> Vec<usize> {
        let count = self.len();
        let mut waiting_on = vec![0usize; count];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (i, p) in self.positions.iter().enumerate() {
            let section = &sections[p.section];
            let mut deps: Vec<usize> = visibility_deps(section, &section.questions[p.question])
                .into_iter()
                .filter_map(|r| self.position(r).map(|d| self.flat(d.section, d.question)))
                .collect();
            deps.sort_unstable();
            deps.dedup();
            waiting_on[i] = deps.len();
            for d in deps {
                dependents[d].push(i);
            }
        }
        let mut ready: BTreeSet<usize> = (0..count).filter(|&i| waiting_on[i] == 0).collect();
        let mut order = Vec::with_capacity(count);
        let mut placed = vec![false; count];
        while let Some(i) = ready.pop_first() {
            order.push(i);
            placed[i] = true;
            for &d in &dependents[i] {
                waiting_on[d] -= 1;
                if waiting_on[d] == 0 {
                    ready.insert(d);
                }
            }
        }
        order.extend((0..count).filter(|&i| !placed[i]));
        order
    }
}

/// The Ref IDs a question's visibility depends on: its own conditions and, unless it is an
/// applicability question, its section's applicability and weight conditions.
pub fn visibility_deps<'a>(section: &'a Section, q: &'a Question) -> Vec<&'a str> {
    let mut deps: Vec<&str> = [&q.applies_if, &q.visible_if]
        .into_iter()
        .flatten()
        .flat_map(|c| c.refs())
        .collect();
    if q.role != Role::Applicability {
        deps.extend(section.applies_if.iter().flat_map(|c| c.refs()));
        deps.extend(section.weights.iter().flat_map(|w| w.when.refs()));
    }
    deps
}
