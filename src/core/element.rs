//! What the embeddable element needs that is not DOM: reading its attributes (`sections`,
//! `draft`), loading a bank given by URL, `validate()` and the score document built from an
//! assessment already computed. Pure and natively tested; `src/ui/embed.rs` only wires it up.

use serde::Serialize;

use super::answers::{validate_in, AnswerError, Answers};
use super::assess::{evaluate, Assessment};
use super::bank::Bank;
use super::bank::BankError;
use super::check::{checked, BankRefused};
use super::message::{Arg, Message};
use super::score_document::{energy, ScoreReport};

/// Why the element refuses what its attributes give it.
#[derive(Debug, Clone, PartialEq)]
pub enum ElementError {
    /// The `draft` key: empty, too long, or with characters other than letters, digits and
    /// `. _ - :` (why, translatable: `embed.draft_*`).
    DraftNamespace(Message),
    /// The bank from the `bank` URL is not a bank document.
    Bank(BankError),
    /// The bank from the `bank` URL has errors `check-bank` finds.
    BankRefused(BankRefused),
}

impl std::fmt::Display for ElementError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ElementError::DraftNamespace(why) => f.write_str(&why.english()),
            ElementError::Bank(e) => e.fmt(f),
            ElementError::BankRefused(e) => match e.errors.first() {
                Some(first) => write!(
                    f,
                    "the bank has {} error(s); first: {}: {}",
                    e.errors.len(),
                    first.path,
                    first.message
                ),
                None => e.fmt(f),
            },
        }
    }
}

impl std::error::Error for ElementError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ElementError::DraftNamespace(_) => None,
            ElementError::Bank(e) => Some(e),
            ElementError::BankRefused(e) => Some(e),
        }
    }
}

/// The longest `draft` namespace accepted (a portal's facility and year id fits easily).
pub const MAX_DRAFT_NAMESPACE: usize = 100;

/// The `sections` attribute: a comma (or space) separated list of section ids.
/// Returns the known ids in bank order and the unknown ones as given (reported, then ignored).
/// An empty or all-unknown list means every section.
pub fn parse_sections(attr: &str, bank: &Bank) -> (Vec<String>, Vec<String>) {
    let wanted: Vec<&str> = attr
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let unknown = wanted
        .iter()
        .filter(|w| bank.section(w).is_none())
        .map(|w| w.to_string())
        .collect();
    let known = bank
        .sections
        .iter()
        .filter(|s| wanted.contains(&s.id.as_str()))
        .map(|s| s.id.clone())
        .collect();
    (known, unknown)
}

/// The drafts namespace of an embedded widget (its IndexedDB database and the prefix of its
/// localStorage keys, see src/ui/store.rs), from its `draft` attribute. Only letters, digits and
/// `. _ - :` are accepted, so it can never reach another application's storage: every
/// namespace starts with `openfem:draft:`.
pub fn draft_namespace(namespace: &str) -> Result<String, ElementError> {
    let ns = namespace.trim();
    if ns.is_empty() {
        return Err(ElementError::DraftNamespace(Message::new(
            "embed.draft_empty",
            vec![],
        )));
    }
    if ns.chars().count() > MAX_DRAFT_NAMESPACE {
        return Err(ElementError::DraftNamespace(Message::new(
            "embed.draft_too_long",
            vec![("max", Arg::Number(MAX_DRAFT_NAMESPACE as f64))],
        )));
    }
    if let Some(bad) = ns
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':')))
    {
        return Err(ElementError::DraftNamespace(Message::new(
            "embed.draft_characters",
            vec![("character", Arg::Text(format!("{bad:?}")))],
        )));
    }
    Ok(format!("openfem:draft:{ns}"))
}

/// Reads a bank document fetched from the element's `bank` URL (one assembled JSON document,
/// as `openfem bank` prints) and refuses it when `check-bank` finds an error.
pub fn load_bank(text: &str) -> Result<Bank, ElementError> {
    let bank = Bank::from_json(text).map_err(ElementError::Bank)?;
    checked(bank).map_err(ElementError::BankRefused)
}

/// What `validate()` returns: every answer checked against its question, and completion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    /// No answer is invalid (unknown Ref ID, wrong type, out of range).
    pub valid: bool,
    /// Every shown required question is answered (the Post button is enabled).
    pub complete: bool,
    pub errors: Vec<AnswerError>,
    /// Ref IDs of required questions not answered yet, in display order.
    pub missing: Vec<String>,
}

pub fn validate_answers(bank: &Bank, answers: &Answers) -> Validation {
    let errors: Vec<AnswerError> = answers
        .iter()
        .filter_map(|(id, value)| {
            let path = format!("answers.{id}");
            match bank.question(id) {
                None => Some(AnswerError::new(
                    path,
                    Message::new("answers.unknown_ref", vec![]),
                )),
                Some(q) => validate_in(bank, &q.answer, value, &path).err(),
            }
        })
        .collect();
    let assessment = evaluate(bank, answers);
    Validation {
        valid: errors.is_empty(),
        complete: assessment.can_post,
        errors,
        missing: assessment
            .completion
            .missing
            .into_iter()
            .map(String::from)
            .collect(),
    }
}

/// The score document (`score_report`) from an assessment the widget already computed, so a
/// change is evaluated once. Equal to `score_report(bank, answers)` (tested).
pub fn report_from<'a>(
    bank: &Bank,
    assessment: Assessment<'a>,
    answers: &Answers,
) -> ScoreReport<'a> {
    ScoreReport {
        assessment,
        energy: energy(bank, answers),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::score_document::score_report;
    use serde_json::json;

    fn bank() -> Bank {
        Bank::builtin().unwrap()
    }

    #[test]
    fn sections_keeps_bank_order_and_reports_unknown_ids() {
        let b = bank();
        let (known, unknown) = parse_sections(" water, energy ,nope", &b);
        assert_eq!(known, vec!["energy".to_string(), "water".to_string()]);
        assert_eq!(unknown, vec!["nope".to_string()]);
        let (known, unknown) = parse_sections("", &b);
        assert!(known.is_empty() && unknown.is_empty());
    }

    #[test]
    fn draft_keys_stay_under_the_openfem_prefix() {
        assert_eq!(
            draft_namespace("acme-dhaka:2026").unwrap(),
            "openfem:draft:acme-dhaka:2026"
        );
        assert!(draft_namespace("").is_err());
        assert!(draft_namespace("a b").is_err());
        assert!(draft_namespace("x\u{0}").is_err());
        assert!(draft_namespace(&"a".repeat(101)).is_err());
        assert!(draft_namespace(&"a".repeat(100)).is_ok());
    }

    #[test]
    fn a_fetched_bank_is_read_and_checked() {
        let text = serde_json::to_string(&bank()).unwrap();
        let b = load_bank(&text).unwrap();
        assert_eq!(b.id, "fem-2024");
        assert!(load_bank("{").is_err());
        assert!(load_bank("[]").is_err());
    }

    #[test]
    fn validation_names_bad_and_unknown_answers_and_missing_questions() {
        let b = bank();
        let empty = validate_answers(&b, &Answers::new());
        assert!(empty.valid);
        assert!(!empty.complete);
        assert!(!empty.missing.is_empty());

        let (_, q) = b
            .questions()
            .find(|(_, q)| matches!(q.answer, crate::core::bank::AnswerSpec::Choice { .. }))
            .unwrap();
        let mut a = Answers::new();
        a.set(q.id.clone(), json!("yes"));
        a.set("not-a-question", json!("yes"));
        let v = validate_answers(&b, &a);
        assert!(!v.valid);
        assert_eq!(v.errors.len(), 1);
        assert_eq!(v.errors[0].path, "answers.not-a-question");

        let mut a = Answers::new();
        a.set(q.id.clone(), json!(42));
        let v = validate_answers(&b, &a);
        assert!(!v.valid);
        assert_eq!(v.errors[0].path, format!("answers.{}", q.id));
    }

    #[test]
    fn report_from_an_assessment_equals_score_report() {
        let b = bank();
        let mut a = Answers::new();
        for (_, q) in b.questions().take(40) {
            if let crate::core::bank::AnswerSpec::Choice { options } = &q.answer {
                a.set(q.id.clone(), json!(options[0].as_str()));
            }
        }
        assert_eq!(report_from(&b, evaluate(&b, &a), &a), score_report(&b, &a));
    }
}
