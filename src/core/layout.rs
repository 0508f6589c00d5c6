//! What a rescore reads of each question, packed apart from the questions themselves.
//!
//! A `Question` is about 750 bytes, mostly text (prompt, help, source) that scoring never
//! reads; the few fields a rescore needs for every question (level, role, whether it has
//! conditions or a score rule) sit on different cache lines of it. Reading 349 of them each
//! rescore costs more in cache misses than in instructions, so the bank lays out those fields,
//! and the Ref IDs (one string, sorted for matching answers), here once when it loads.

use super::bank::{AnswerSpec, Role, Section};

/// What kind of answer a question takes, as far as completion needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Yes / Partial / No / N/A / Unknown: answered only by one of those tokens.
    Choice,
    Table,
    Other,
}

/// One question's scoring-relevant facts (24 bytes).
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    pub section: u32,
    pub question: u32,
    pub level: Option<u8>,
    pub role: Role,
    pub required: bool,
    pub kind: Kind,
    /// Has its own `applies_if` or `visible_if`.
    pub conditional: bool,
    /// Has a score rule.
    pub scored: bool,
    /// A table's columns: `start, count` in `Layout::columns`, sorted by column id.
    columns: (u32, u32),
}

/// A Ref ID in sorted order: where it is in `Layout::ids`, and its question's flat index.
#[derive(Debug, Clone, Copy)]
struct SortedId {
    id: (u32, u32),
    flat: u32,
}

/// A table column, by id: its id in `Layout::ids` and its index among the table's columns.
#[derive(Debug, Clone, Copy)]
pub struct ColumnKey {
    id: (u32, u32),
    pub column: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Every Ref ID, in bank order, back to back, then every table's column ids.
    ids: String,
    /// Every Ref ID again, one string each, by flat index: what a result borrows (taking it
    /// costs two words read, where slicing `ids` checks character boundaries).
    refs: Vec<Box<str>>,
    /// Every table's columns, each table's sorted by id (`Meta::columns`).
    columns: Vec<ColumnKey>,
    /// By flat index: questions numbered across sections in bank order.
    meta: Vec<Meta>,
    /// Per section, the flat index of its first question.
    first: Vec<usize>,
    /// Flat indices in Ref ID order (first occurrence of a duplicated Ref ID only).
    by_id: Vec<SortedId>,
    /// Table questions, and their columns in all.
    table_sizes: (usize, usize),
    /// By flat index: a table's required columns among its first 64, as bits by column index.
    required_columns: Vec<u64>,
}

impl Layout {
    pub fn new(sections: &[Section]) -> Layout {
        let mut layout = Layout::default();
        // Each Ref ID's `start, len` in `ids`, by flat index (for the sorted walk, below).
        let mut ref_spans: Vec<(u32, u32)> = Vec::new();
        for (s, section) in sections.iter().enumerate() {
            layout.first.push(layout.meta.len());
            for (i, q) in section.questions.iter().enumerate() {
                ref_spans.push((layout.ids.len() as u32, q.id.len() as u32));
                layout.ids.push_str(&q.id);
                layout.refs.push(q.id.as_str().into());
                let first_column = layout.columns.len() as u32;
                let kind = match &q.answer {
                    AnswerSpec::Choice { .. } => Kind::Choice,
                    AnswerSpec::Table { columns, .. } => {
                        layout.table_sizes.0 += 1;
                        layout.table_sizes.1 += columns.len();
                        let mut order: Vec<usize> = (0..columns.len()).collect();
                        order.sort_by(|&a, &b| columns[a].id.cmp(&columns[b].id));
                        for i in order {
                            let start = layout.ids.len() as u32;
                            layout.ids.push_str(&columns[i].id);
                            layout.columns.push(ColumnKey {
                                id: (start, columns[i].id.len() as u32),
                                column: i as u32,
                            });
                        }
                        Kind::Table
                    }
                    _ => Kind::Other,
                };
                let column_count = layout.columns.len() as u32 - first_column;
                layout.required_columns.push(match &q.answer {
                    AnswerSpec::Table { columns, .. } => columns
                        .iter()
                        .take(64)
                        .enumerate()
                        .filter(|(_, c)| c.required)
                        .fold(0, |bits, (k, _)| bits | 1 << k),
                    _ => 0,
                });
                layout.meta.push(Meta {
                    section: s as u32,
                    question: i as u32,
                    level: q.level,
                    role: q.role,
                    required: q.required,
                    kind,
                    conditional: q.applies_if.is_some() || q.visible_if.is_some(),
                    scored: q.score.is_some(),
                    columns: (first_column, column_count),
                });
            }
        }
        let mut by_id: Vec<u32> = (0..layout.meta.len() as u32).collect();
        // Stable: of duplicated Ref IDs (a bank error `check-bank` reports), the first is kept.
        by_id.sort_by(|&a, &b| layout.id(a as usize).cmp(layout.id(b as usize)));
        by_id.dedup_by(|a, b| layout.id(*a as usize) == layout.id(*b as usize));
        layout.by_id = by_id
            .into_iter()
            .map(|flat| SortedId {
                id: ref_spans[flat as usize],
                flat,
            })
            .collect();
        layout
    }

    /// Questions in all sections.
    #[inline]
    pub fn len(&self) -> usize {
        self.meta.len()
    }

    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
    }

    /// The flat index of the question at a position.
    #[inline]
    pub fn flat(&self, section: usize, question: usize) -> usize {
        self.first[section] + question
    }

    #[inline]
    pub fn meta(&self, flat: usize) -> &Meta {
        &self.meta[flat]
    }

    /// The questions of a section, by index in the section.
    #[inline]
    pub fn section(&self, section: usize) -> &[Meta] {
        let end = self
            .first
            .get(section + 1)
            .copied()
            .unwrap_or(self.meta.len());
        &self.meta[self.first[section]..end]
    }

    /// The Ref ID of the question at a flat index.
    #[inline]
    pub fn id(&self, flat: usize) -> &str {
        &self.refs[flat]
    }

    /// Every Ref ID, by flat index.
    #[inline]
    pub fn refs(&self) -> &[Box<str>] {
        &self.refs
    }

    /// A table's columns sorted by id (empty for other questions).
    #[inline]
    pub fn columns(&self, flat: usize) -> &[ColumnKey] {
        let (start, count) = self.meta[flat].columns;
        &self.columns[start as usize..start as usize + count as usize]
    }

    /// A column's id, as bytes (no `str` slicing, which would read the bytes at its ends).
    #[inline]
    pub fn column_id(&self, key: &ColumnKey) -> &[u8] {
        let (start, len) = (key.id.0 as usize, key.id.1 as usize);
        &self.ids.as_bytes()[start..start + len]
    }

    /// Flat indices in Ref ID order, with their Ref IDs as bytes (byte order is `str` order):
    /// the sorted walk of every rescore reads them from one array, with no `str` slicing.
    pub fn by_id(&self) -> impl Iterator<Item = (&[u8], usize)> + '_ {
        let ids = self.ids.as_bytes();
        self.by_id.iter().map(move |sorted| {
            let (start, len) = (sorted.id.0 as usize, sorted.id.1 as usize);
            (&ids[start..start + len], sorted.flat as usize)
        })
    }

    /// A table's required columns among its first 64, as bits by column index.
    #[inline]
    pub fn required_columns(&self, flat: usize) -> u64 {
        self.required_columns[flat]
    }

    /// Table questions, and their columns in all.
    pub fn table_sizes(&self) -> (usize, usize) {
        self.table_sizes
    }
}
