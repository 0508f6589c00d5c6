//! The question bank: types, loading and the built-in FEM 2024 bank.
//!
//! The bank is data (see `docs/bank-format.md`). These types mirror that document one to one and
//! are strict (`deny_unknown_fields`), so a typo in a bank is an error, not a silently ignored key.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use super::condition::{Condition, QRef};
use super::layout::Layout;

/// The bank document shape this engine reads. A newer `format` is refused.
pub const BANK_FORMAT: u32 = 1;

/// Level weights when no pathway profile applies: Level 1/2/3 = 25/50/25.
pub const DEFAULT_WEIGHTS: [(u8, f64); 3] = [(1, 25.0), (2, 50.0), (3, 25.0)];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Bank {
    pub format: u32,
    pub id: String,
    pub version: String,
    pub title: String,
    /// Only in the built-in bank's split files: section files to assemble, in display order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub section_files: Vec<String>,
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Answers that make the whole module score zero.
    #[serde(default)]
    pub zero_if: Vec<ZeroGate>,
    #[serde(skip)]
    index: BankIndex,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ZeroGate {
    pub id: String,
    pub when: Condition,
    pub why: String,
    pub fix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// `false` for Site Information & Permits: asked, never scored.
    #[serde(default = "yes")]
    pub scored: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_if: Option<Condition>,
    /// Ref ID of the optional level-progression question (`<section>level2opt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progression: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<WeightProfile>,
    pub questions: Vec<Question>,
}

/// Level weights for a pathway; the first profile whose `when` holds wins.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WeightProfile {
    pub when: Condition,
    /// Level number ("1", "2", "3") to weight; levels left out do not apply.
    pub levels: BTreeMap<u8, f64>,
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    Question,
    /// Decides the section's pathway; shown first in its section.
    Applicability,
    /// The section's optional level-progression question; shown by the engine.
    Progression,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    #[serde(rename = "ref")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub role: Role,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Help::is_empty")]
    pub help: Help,
    pub answer: AnswerSpec,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<ScoreRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_if: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<Condition>,
    /// Where the question comes from (a seed document, a reference). The built-in bank records
    /// one for every question; a portal's own bank may leave it out (`check-bank` warns).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub reconstructed: bool,
    /// Roll-forward: last year's answer pre-fills this year's draft (site profile, baselines).
    #[serde(default, skip_serializing_if = "is_default")]
    pub carry_over: bool,
}

/// Help shown on demand. Every field optional; text in the bank's own words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Help {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub na: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl Help {
    pub fn is_empty(&self) -> bool {
        *self == Help::default()
    }
}

/// The answer tokens of a Yes/Partial/No/N/A/Unknown question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Token {
    Yes,
    Partial,
    No,
    Na,
    Unknown,
}

impl Token {
    pub const ALL: [Token; 5] = [
        Token::Yes,
        Token::Partial,
        Token::No,
        Token::Na,
        Token::Unknown,
    ];

    #[inline]
    pub fn as_str(self) -> &'static str {
        match self {
            Token::Yes => "yes",
            Token::Partial => "partial",
            Token::No => "no",
            Token::Na => "na",
            Token::Unknown => "unknown",
        }
    }

    #[inline]
    pub fn parse(s: &str) -> Option<Token> {
        // Matched as bytes (by length, then inline compares): every answer of a choice
        // question passes here on each rescore.
        Some(match s.as_bytes() {
            b"yes" => Token::Yes,
            b"partial" => Token::Partial,
            b"no" => Token::No,
            b"na" => Token::Na,
            b"unknown" => Token::Unknown,
            _ => return None,
        })
    }

    /// How the methodology names the answer, for `why` strings.
    pub fn label(self) -> &'static str {
        match self {
            Token::Yes => "Yes",
            Token::Partial => "Partial Yes",
            Token::No => "No",
            Token::Na => "Not Applicable",
            Token::Unknown => "Unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Opt {
    pub id: String,
    pub label: String,
    /// Option ids of earlier bank versions this option takes the place of: a draft answered
    /// with one of them is migrated to this option (`Draft::migrate`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum AnswerSpec {
    /// Yes / Partial Yes / No / N/A / Unknown, limited to `options`.
    Choice {
        options: Vec<Token>,
    },
    Single {
        options: Vec<Opt>,
    },
    Multi {
        options: Vec<Opt>,
        /// An option that excludes all others ("none of these").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        none: Option<String>,
        /// Offer only the options also chosen in this (multi) question: targets only on the
        /// energy sources the facility uses. The answer's rules are those of `options`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        options_from: Option<String>,
    },
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        #[serde(default, skip_serializing_if = "is_default")]
        integer: bool,
        /// Plausibility: above this a warning is shown, never a block.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        warn_above: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        warn_below: Option<f64>,
    },
    Text {
        #[serde(default, skip_serializing_if = "is_default")]
        multiline: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<usize>,
    },
    Year {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i32>,
    },
    Date {},
    Table {
        rows: Rows,
        columns: Vec<Column>,
    },
}

impl AnswerSpec {
    /// The option ids (or tokens) a single/multi/choice answer may take.
    pub fn option_ids(&self) -> Option<Vec<&str>> {
        match self {
            AnswerSpec::Choice { options } => Some(options.iter().map(|t| t.as_str()).collect()),
            AnswerSpec::Single { options } | AnswerSpec::Multi { options, .. } => {
                Some(options.iter().map(|o| o.id.as_str()).collect())
            }
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            AnswerSpec::Choice { .. } => "choice",
            AnswerSpec::Single { .. } => "single",
            AnswerSpec::Multi { .. } => "multi",
            AnswerSpec::Number { .. } => "number",
            AnswerSpec::Text { .. } => "text",
            AnswerSpec::Year { .. } => "year",
            AnswerSpec::Date {} => "date",
            AnswerSpec::Table { .. } => "table",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Rows {
    /// One row per option selected in another (multi or single) question.
    From(QRef),
    /// One row per listed option.
    Fixed(Vec<Opt>),
    /// Rows the facility adds and removes.
    Free {
        #[serde(default = "one")]
        min: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<usize>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub id: String,
    pub label: String,
    pub answer: AnswerSpec,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    /// May name cells of the same row as `.column`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<Condition>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(tag = "rule", rename_all = "lowercase", deny_unknown_fields)]
pub enum ScoreRule {
    /// Points by answer token, as a fraction of the question's share.
    Choice {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        points: Option<BTreeMap<Token, f64>>,
        #[serde(default, skip_serializing_if = "is_default")]
        na: NaRule,
    },
    /// Numeric, multi-select and aggregate questions: the first case that holds.
    Cases {
        cases: Vec<Case>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unscored_if: Option<Condition>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        answered_if: Option<Condition>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum NaRule {
    /// The question drops out; its share goes to the rest of the level.
    #[default]
    Unscored,
    /// N/A earns full points.
    Full,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub when: Condition,
    pub fraction: f64,
    pub why: String,
}

/// Where a question sits, for fast lookups by Ref ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionPos {
    pub section: usize,
    pub question: usize,
}

/// What a bank derives from its questions once, when loaded, so a rescore does not.
#[derive(Debug, Clone, Default)]
struct BankIndex {
    /// Unique per indexing (shared by clones, which have the same layout): a condition's
    /// resolved position is trusted only for the bank generation that resolved it.
    generation: u32,
    by_ref: HashMap<String, QuestionPos>,
    /// Questions in dependency order: each after every question its conditions read.
    eval_order: Vec<u32>,
    /// What a rescore reads of each question, packed, and the Ref IDs in sorted order.
    layout: Layout,
    /// Per section, the index of its progression question.
    progression: Vec<Option<usize>>,
}

fn yes() -> bool {
    true
}
fn one() -> usize {
    1
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

/// A bank that cannot be read, with the place it went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct BankError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for BankError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The built-in bank's files, embedded at build time.
const BUILTIN_HEADER: &str = include_str!("../bank/fem-2024/bank.json");
const BUILTIN_SECTIONS: [(&str, &str); 8] = [
    ("site", include_str!("../bank/fem-2024/site.json")),
    ("ems", include_str!("../bank/fem-2024/ems.json")),
    ("energy", include_str!("../bank/fem-2024/energy.json")),
    ("water", include_str!("../bank/fem-2024/water.json")),
    (
        "wastewater",
        include_str!("../bank/fem-2024/wastewater.json"),
    ),
    ("air", include_str!("../bank/fem-2024/air.json")),
    ("waste", include_str!("../bank/fem-2024/waste.json")),
    ("chemicals", include_str!("../bank/fem-2024/chemicals.json")),
];

impl Bank {
    /// The built-in FEM 2024 bank, assembled from its section files.
    pub fn builtin() -> Result<Bank, BankError> {
        Bank::from_parts(BUILTIN_HEADER, |name| {
            BUILTIN_SECTIONS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.to_string())
        })
    }

    /// Reads a bank document (assembled, or a header whose `section_files` are fetched by `load`).
    pub fn from_parts(
        header: &str,
        mut load: impl FnMut(&str) -> Option<String>,
    ) -> Result<Bank, BankError> {
        let mut bank: Bank = parse_json(header, "bank")?;
        if bank.format > BANK_FORMAT {
            return Err(BankError {
                path: "format".into(),
                message: format!(
                    "bank format {} is newer than this engine reads ({BANK_FORMAT}); update OpenFEM",
                    bank.format
                ),
            });
        }
        for name in std::mem::take(&mut bank.section_files) {
            let text = load(&name).ok_or_else(|| BankError {
                path: format!("section_files.{name}"),
                message: "section file not found".into(),
            })?;
            bank.sections
                .push(parse_json(&text, &format!("{name}.json"))?);
        }
        bank.reindex();
        Ok(bank)
    }

    /// Reads one assembled bank document.
    pub fn from_json(text: &str) -> Result<Bank, BankError> {
        Bank::from_parts(text, |_| None)
    }

    fn reindex(&mut self) {
        let mut by_ref = HashMap::default();
        for (s, section) in self.sections.iter().enumerate() {
            for (q, question) in section.questions.iter().enumerate() {
                by_ref.entry(question.id.clone()).or_insert(QuestionPos {
                    section: s,
                    question: q,
                });
            }
        }
        static GENERATIONS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        let generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let layout = Layout::new(&self.sections);
        let position = |id: &str| {
            by_ref
                .get(id)
                .map(|p: &QuestionPos| layout.flat(p.section, p.question))
        };
        self.for_each_condition(&mut |c| {
            c.for_each_ref(&mut |q| q.resolve(generation, position(q)))
        });
        // `.column` references name columns of the table they are about: a column's own
        // condition its table's, a row condition (`table_some`/`table_every`) the table it reads.
        let resolve_columns = |condition: &Condition, columns: &[Column]| {
            condition.for_each_ref(&mut |r| {
                if let Some(id) = r.strip_prefix('.') {
                    r.resolve_column(generation, columns.iter().position(|c| c.id == id));
                }
            })
        };
        let table_of = |q: &QRef| match by_ref.get(&**q) {
            Some(p) => match &self.sections[p.section].questions[p.question].answer {
                AnswerSpec::Table { columns, .. } => Some(columns.as_slice()),
                _ => None,
            },
            None => None,
        };
        self.for_each_condition(&mut |c| {
            c.for_each_row_condition(&mut |table, when| {
                if let Some(columns) = table_of(table) {
                    resolve_columns(when, columns);
                }
            })
        });
        for (_, q) in self.questions() {
            if let AnswerSpec::Table { rows, columns } = &q.answer {
                if let Rows::From(source) = rows {
                    source.resolve(generation, position(source));
                }
                for c in columns.iter().filter_map(|c| c.visible_if.as_ref()) {
                    resolve_columns(c, columns);
                }
            }
        }
        let progression = self
            .sections
            .iter()
            .enumerate()
            .map(|(s, section)| {
                let p = by_ref.get(section.progression.as_deref()?)?;
                (p.section == s).then_some(p.question)
            })
            .collect();
        let eval_order = dependency_order(self, &by_ref)
            .iter()
            .map(|p| layout.flat(p.section, p.question) as u32)
            .collect();
        self.index = BankIndex {
            generation,
            by_ref,
            layout,
            eval_order,
            progression,
        };
    }

    /// Questions in all sections.
    #[inline]
    pub fn question_count(&self) -> usize {
        self.index.layout.len()
    }

    /// The question at a position numbered across sections, in bank order.
    #[inline]
    pub fn flat_index(&self, section: usize, question: usize) -> usize {
        self.index.layout.flat(section, question)
    }

    /// What a rescore reads of each question, packed by flat index.
    #[inline]
    pub fn layout(&self) -> &Layout {
        &self.index.layout
    }

    /// The index of a section's progression question in that section.
    pub fn progression_index(&self, section: usize) -> Option<usize> {
        self.index.progression.get(section).copied().flatten()
    }

    /// Every condition of the bank: sections, weight profiles, questions, score rules, table
    /// columns and zero-score gates.
    pub fn for_each_condition(&self, f: &mut dyn FnMut(&Condition)) {
        for section in &self.sections {
            section.applies_if.iter().for_each(&mut *f);
            section.weights.iter().for_each(|w| f(&w.when));
            for q in &section.questions {
                q.applies_if.iter().chain(&q.visible_if).for_each(&mut *f);
                if let Some(ScoreRule::Cases {
                    cases,
                    unscored_if,
                    answered_if,
                }) = &q.score
                {
                    cases.iter().for_each(|c| f(&c.when));
                    unscored_if.iter().chain(answered_if).for_each(&mut *f);
                }
                if let AnswerSpec::Table { columns, .. } = &q.answer {
                    columns.iter().flat_map(|c| &c.visible_if).for_each(&mut *f);
                }
            }
        }
        self.zero_if.iter().for_each(|g| f(&g.when));
    }

    /// Questions (by flat index, `flat_index`) in dependency order, bank order where
    /// independent. Questions caught in a condition cycle (which `check-bank` reports) come
    /// last, in bank order.
    #[inline]
    pub fn eval_order(&self) -> &[u32] {
        &self.index.eval_order
    }

    /// The Ref IDs a question's visibility depends on: its own conditions and, unless it is an
    /// applicability question, its section's applicability and weight conditions.
    pub fn visibility_deps<'a>(&'a self, section: &'a Section, q: &'a Question) -> Vec<&'a str> {
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

    /// Identifies this bank's layout for the positions its conditions carry (`QRef`).
    #[inline]
    pub fn generation(&self) -> u32 {
        self.index.generation
    }

    pub fn position(&self, id: &str) -> Option<QuestionPos> {
        self.index.by_ref.get(id).copied()
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.position(id)
            .map(|p| &self.sections[p.section].questions[p.question])
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    /// Applies a locale overlay (`docs/bank-format.md`, Localisation). Rules are untouched;
    /// keys that name nothing are ignored, missing keys keep the English text.
    pub fn localize(&mut self, overlay: &BTreeMap<String, String>) {
        self.visit_texts(&mut |key, slot| {
            if let Some(t) = overlay.get(&key) {
                *slot = TextSlotValue::Set(t.clone());
            }
        });
    }

    /// Every translatable text of the bank by its overlay key (the inverse of [`Bank::localize`]):
    /// what a translator translates, and what a locale's coverage is checked against.
    pub fn texts(&self) -> BTreeMap<String, String> {
        let mut copy = self.clone();
        let mut texts = BTreeMap::new();
        copy.visit_texts(&mut |key, slot| {
            if let TextSlotValue::Current(Some(text)) = slot {
                texts.insert(key, text.clone());
            }
        });
        texts
    }

    /// Calls `f` with the overlay key and the current text of every translatable text, in bank
    /// order; `f` may replace the text (`TextSlotValue::Set`).
    fn visit_texts(&mut self, f: &mut dyn FnMut(String, &mut TextSlotValue)) {
        for gate in &mut self.zero_if {
            visit_text(f, format!("z.{}.why", gate.id), &mut gate.why);
            visit_text(f, format!("z.{}.fix", gate.id), &mut gate.fix);
        }
        for section in &mut self.sections {
            visit_text(f, format!("s.{}.title", section.id), &mut section.title);
            for (i, profile) in section.weights.iter_mut().enumerate() {
                visit_text(
                    f,
                    format!("s.{}.weights.{i}.why", section.id),
                    &mut profile.why,
                );
            }
            for q in &mut section.questions {
                visit_text(f, format!("q.{}.prompt", q.id), &mut q.prompt);
                if let Some(ScoreRule::Cases { cases, .. }) = &mut q.score {
                    for (i, case) in cases.iter_mut().enumerate() {
                        visit_text(f, format!("q.{}.case.{i}", q.id), &mut case.why);
                    }
                }
                for (field, help) in [
                    ("intent", &mut q.help.intent),
                    ("yes", &mut q.help.yes),
                    ("partial", &mut q.help.partial),
                    ("no", &mut q.help.no),
                    ("na", &mut q.help.na),
                    ("guidance", &mut q.help.guidance),
                    ("evidence", &mut q.help.evidence),
                ] {
                    let mut slot = TextSlotValue::Current(help.clone());
                    f(format!("q.{}.help.{field}", q.id), &mut slot);
                    if let TextSlotValue::Set(t) = slot {
                        *help = Some(t);
                    }
                }
                visit_option_texts(&mut q.answer, &format!("o.{}", q.id), f);
                if let AnswerSpec::Table { columns, rows } = &mut q.answer {
                    if let Rows::Fixed(opts) = rows {
                        for o in opts {
                            visit_text(f, format!("o.{}.{}", q.id, o.id), &mut o.label);
                        }
                    }
                    for c in columns {
                        visit_text(f, format!("c.{}.{}", q.id, c.id), &mut c.label);
                        visit_option_texts(&mut c.answer, &format!("o.{}.{}", q.id, c.id), f);
                    }
                }
            }
        }
    }
}

fn visit_text(f: &mut dyn FnMut(String, &mut TextSlotValue), key: String, target: &mut String) {
    let mut slot = TextSlotValue::Current(Some(target.clone()));
    f(key, &mut slot);
    if let TextSlotValue::Set(t) = slot {
        *target = t;
    }
}

/// One translatable text as [`Bank::visit_texts`] hands it out: its current value (`None` for
/// an absent optional help field), or the replacement the visitor sets.
enum TextSlotValue {
    Current(Option<String>),
    Set(String),
}

/// Kahn's algorithm over the visibility dependencies, stable in bank order.
fn dependency_order(bank: &Bank, by_ref: &HashMap<String, QuestionPos>) -> Vec<QuestionPos> {
    let positions: Vec<QuestionPos> = bank
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, sec)| {
            (0..sec.questions.len()).map(move |q| QuestionPos {
                section: s,
                question: q,
            })
        })
        .collect();
    let offsets: Vec<usize> = bank
        .sections
        .iter()
        .scan(0, |next, sec| {
            let start = *next;
            *next += sec.questions.len();
            Some(start)
        })
        .collect();
    let flat = |p: QuestionPos| offsets[p.section] + p.question;
    let mut waiting_on = vec![0usize; positions.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); positions.len()];
    for (i, p) in positions.iter().enumerate() {
        let section = &bank.sections[p.section];
        let q = &section.questions[p.question];
        let mut deps: Vec<usize> = bank
            .visibility_deps(section, q)
            .into_iter()
            .filter_map(|r| by_ref.get(r).map(|d| flat(*d)))
            .collect();
        deps.sort_unstable();
        deps.dedup();
        waiting_on[i] = deps.len();
        for d in deps {
            dependents[d].push(i);
        }
    }
    let mut ready: std::collections::BTreeSet<usize> = (0..positions.len())
        .filter(|i| waiting_on[*i] == 0)
        .collect();
    let mut order = Vec::with_capacity(positions.len());
    let mut placed = vec![false; positions.len()];
    while let Some(i) = ready.pop_first() {
        order.push(positions[i]);
        placed[i] = true;
        for &d in &dependents[i] {
            waiting_on[d] -= 1;
            if waiting_on[d] == 0 {
                ready.insert(d);
            }
        }
    }
    order.extend(
        (0..positions.len())
            .filter(|i| !placed[*i])
            .map(|i| positions[i]),
    );
    order
}

fn visit_option_texts(
    spec: &mut AnswerSpec,
    prefix: &str,
    f: &mut dyn FnMut(String, &mut TextSlotValue),
) {
    if let AnswerSpec::Single { options } | AnswerSpec::Multi { options, .. } = spec {
        for o in options {
            visit_text(f, format!("{prefix}.{}", o.id), &mut o.label);
        }
    }
}

/// Reads a bank file as answers documents are read (`core::json`): a leading byte-order mark
/// skipped, a repeated key refused.
fn parse_json<T: serde::de::DeserializeOwned>(text: &str, file: &str) -> Result<T, BankError> {
    let text = super::json::strip_bom(text);
    super::json::check_unique_keys(text).map_err(|e| BankError {
        path: format!("{file}:{}:{}", e.line, e.column),
        message: format!("{}: {}", e.path, e.message),
    })?;
    serde_json::from_str(text).map_err(|e| BankError {
        path: format!("{file}:{}:{}", e.line(), e.column()),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_parse_from_their_own_text_only() {
        for token in Token::ALL {
            assert_eq!(Token::parse(token.as_str()), Some(token));
        }
        for other in ["", "n", "Yes", "yes ", "nah", "partia", "unknowns", "NA"] {
            assert_eq!(Token::parse(other), None, "{other:?}");
        }
    }
}
