//! The question bank's document types, as data: sections, questions, answer kinds, score rules
//! and zero-score gates. They mirror `docs/bank-format.md` one to one and are strict
//! (`deny_unknown_fields`), so a typo in a bank is an error, not a silently ignored key. The
//! bank as loaded (these plus the index derived from them) is `bank::Bank`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::condition::{Condition, QRef};

/// The bank document shape this engine reads. A newer `format` is refused.
pub const BANK_FORMAT: u32 = 1;

/// Level weights when no pathway profile applies: Level 1/2/3 = 25/50/25.
pub const DEFAULT_WEIGHTS: [(u8, f64); 3] = [(1, 25.0), (2, 50.0), (3, 25.0)];

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

impl Question {
    /// What a verifier will ask to see for this question, one item each, in the bank's language
    /// (a localised bank's items are translated: `Bank::localize`); empty when the bank says
    /// nothing. The one place code reads a checklist from (the widget's help lists it).
    pub fn evidence_checklist(&self) -> &[String] {
        self.help.evidence.as_ref().map_or(&[], Evidence::items)
    }
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
    /// What a verifier will ask to see: a checklist (`Evidence::items`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl Help {
    pub fn is_empty(&self) -> bool {
        *self == Help::default()
    }
}

/// The evidence a verifier asks for, as the bank writes it: a list of items, each one thing to
/// show (`["Air permits", "This year's legal test reports"]`), or, as banks written before the
/// list existed still do, one text, which reads as a checklist of one item. The form is kept, so
/// that a bank is written back as it was read and its translations keep their keys
/// (`docs/bank-format.md`, Localisation).
// The wasm reads it in one pass (`bank_reader`: a smaller download).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize, schemars::JsonSchema))]
#[serde(untagged, expecting = "a list of texts (one item each), or one text")]
pub enum Evidence {
    List(Vec<String>),
    One(String),
}

impl Evidence {
    /// The checklist, in the bank's order (one item for the single-text form).
    pub fn items(&self) -> &[String] {
        match self {
            Evidence::List(items) => items,
            Evidence::One(text) => std::slice::from_ref(text),
        }
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

    pub fn as_str(self) -> &'static str {
        match self {
            Token::Yes => "yes",
            Token::Partial => "partial",
            Token::No => "no",
            Token::Na => "na",
            Token::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Token> {
        Token::ALL.into_iter().find(|t| t.as_str() == s)
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
// The wasm reads it in one pass (`bank_reader`: a smaller download).
#[cfg_attr(
    target_arch = "wasm32",
    serde(try_from = "super::bank_reader::AnswerSpecDoc")
)]
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
// The wasm reads it in one pass (`bank_reader`: a smaller download).
#[cfg_attr(
    target_arch = "wasm32",
    serde(try_from = "super::bank_reader::ScoreRuleDoc")
)]
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
