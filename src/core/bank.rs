//! The question bank as loaded: the document (`schema`'s types, re-exported here) with the
//! index derived from it (`index`), read from JSON, localised, and the built-in FEM 2024 bank.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::condition::Condition;
pub use super::index::QuestionPos;
use super::index::{self, BankIndex};
pub use super::schema::*;

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

impl std::error::Error for BankError {}

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
        load: impl FnMut(&str) -> Option<String>,
    ) -> Result<Bank, BankError> {
        Bank::read(header, load, Keys::Checked)
    }

    fn read(
        header: &str,
        mut load: impl FnMut(&str) -> Option<String>,
        keys: Keys,
    ) -> Result<Bank, BankError> {
        let mut bank: Bank = parse_json(header, "bank", keys)?;
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
                .push(parse_json(&text, &format!("{name}.json"), keys)?);
        }
        bank.reindex();
        Ok(bank)
    }

    /// Reads one assembled bank document.
    pub fn from_json(text: &str) -> Result<Bank, BankError> {
        Bank::from_parts(text, |_| None)
    }

    /// Reads a bank data file that this build wrote (build.rs) and whose SHA-256 the caller has
    /// checked. build.rs writes it from a parsed JSON value, which holds each key once, so the
    /// second parse that looks for a repeated key is skipped: it was half the time the widget
    /// took to read its bank (57 of 94 ms with the CPU slowed 4x). The built-in bank's source
    /// files are checked for repeated keys by `Bank::builtin` in the tests.
    pub fn from_built_data_file(text: &str) -> Result<Bank, BankError> {
        Bank::read(text, |_| None, Keys::Unique)
    }

    fn reindex(&mut self) {
        self.index = BankIndex::new(&self.sections);
    }

    /// What the bank derives from its questions (positions, dependency order).
    pub fn index(&self) -> &BankIndex {
        &self.index
    }

    /// Questions in all sections.
    pub fn question_count(&self) -> usize {
        self.index.len()
    }

    /// The question at a position numbered across sections, in bank order.
    pub fn flat_index(&self, section: usize, question: usize) -> usize {
        self.index.flat(section, question)
    }

    /// The index of a section's progression question in that section.
    pub fn progression_index(&self, section: usize) -> Option<usize> {
        self.index.progression(section)
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

    /// The Ref IDs a question's visibility depends on: its own conditions and, unless it is an
    /// applicability question, its section's applicability and weight conditions.
    pub fn visibility_deps<'a>(&'a self, section: &'a Section, q: &'a Question) -> Vec<&'a str> {
        index::visibility_deps(section, q)
    }

    pub fn position(&self, id: &str) -> Option<QuestionPos> {
        self.index.position(id)
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

    /// Applies a locale overlay (`docs/bank-format.md`, Localisation): the texts
    /// `core::bank_texts` names by key. Rules are untouched; keys that name nothing are ignored,
    /// missing keys keep the English text. The CLI's and the tests' (the widget reads each
    /// language's bank as build.rs wrote it, with the same key scheme).
    pub fn localize(&mut self, overlay: &BTreeMap<String, String>) {
        let mut doc = serde_json::to_value(&*self).expect("a bank is JSON");
        super::bank_texts::localize(&mut doc, overlay);
        let mut bank: Bank = serde_json::from_value(doc).expect("the same bank, other texts");
        bank.reindex();
        *self = bank;
    }

    /// Every translatable text of the bank by its overlay key (the inverse of [`Bank::localize`]):
    /// what a translator translates, and what a locale's coverage is checked against.
    pub fn texts(&self) -> BTreeMap<String, String> {
        super::bank_texts::texts(&serde_json::to_value(self).expect("a bank is JSON"))
    }
}

/// Whether a bank file's text may repeat a key (and is checked for it) or holds each key once.
#[derive(Clone, Copy, PartialEq)]
enum Keys {
    Checked,
    Unique,
}

/// Reads a bank file as answers documents are read (`core::json`): a leading byte-order mark
/// skipped, a repeated key refused.
fn parse_json<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
    keys: Keys,
) -> Result<T, BankError> {
    let text = super::json::strip_bom(text);
    if keys == Keys::Checked {
        super::json::check_unique_keys(text).map_err(|e| BankError {
            path: format!("{file}:{}:{}", e.line, e.column),
            message: format!("{}: {}", e.path, e.message),
        })?;
    }
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
