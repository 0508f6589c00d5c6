//! What of the answers is scored. A table built `from` a multi-select (or single) question has
//! one row per option chosen there; a row whose option is no longer chosen is *set aside*: kept
//! in the draft (choosing the option again brings it back) and shown as set aside, but read by
//! no condition, zero-score gate, metric or score, exactly as the answer of a hidden question.
//!
//! This is the one place that decides it: `evaluate` and `score_report` read the answers
//! through [`scored_answers`], and the widget lists [`set_aside_rows`].

use std::borrow::Cow;

use serde_json::Value;

use super::answers::Answers;
use super::bank::{AnswerSpec, Bank, Rows};
use super::condition::QRef;

/// A row kept in the answers but not scored: its option is not chosen in the source question.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAsideRow<'a> {
    /// The table's Ref ID.
    pub table: &'a str,
    /// The source question's Ref ID.
    pub source: &'a str,
    /// The row's id (an option of the source), when it has one.
    pub row: Option<&'a str>,
    pub value: &'a Value,
}

/// The answers as scoring reads them: borrowed as they are unless some table holds rows of
/// options not chosen, then a copy without those rows (a table left with none is unanswered).
pub fn scored_answers<'a>(bank: &Bank, answers: &'a Answers) -> Cow<'a, Answers> {
    let mut tables = from_tables(bank, answers).peekable();
    if tables.peek().is_none() {
        return Cow::Borrowed(answers);
    }
    let mut out = answers.clone();
    for (table, source, rows) in tables {
        let kept: Vec<Value> = rows
            .iter()
            .filter(|row| is_chosen(answers.get(source), row))
            .cloned()
            .collect();
        out.set(table, Value::Array(kept));
    }
    Cow::Owned(out)
}

/// Every row set aside (see the module documentation), table by table in Ref ID order.
pub fn set_aside_rows<'a>(bank: &'a Bank, answers: &'a Answers) -> Vec<SetAsideRow<'a>> {
    from_tables(bank, answers)
        .flat_map(|(table, source, rows)| {
            rows.iter()
                .filter(move |row| !is_chosen(answers.get(source), row))
                .map(move |value| SetAsideRow {
                    table,
                    source,
                    row: value.get("row").and_then(Value::as_str),
                    value,
                })
        })
        .collect()
}

/// The answered tables built `from` a question that hold at least one row set aside: (table,
/// source, rows).
fn from_tables<'a>(
    bank: &'a Bank,
    answers: &'a Answers,
) -> impl Iterator<Item = (&'a str, &'a str, &'a [Value])> {
    answers.iter().filter_map(move |(id, value)| {
        let q = bank.question(id)?;
        let AnswerSpec::Table {
            rows: Rows::From(source),
            ..
        } = &q.answer
        else {
            return None;
        };
        let rows = value.as_array()?;
        let chosen = answers.get(source);
        rows.iter().any(|row| !is_chosen(chosen, row)).then_some((
            id.as_str(),
            QRef::as_str(source),
            rows.as_slice(),
        ))
    })
}

/// Whether a row's id is an option chosen in the source answer (a list, or one option).
fn is_chosen(source: Option<&Value>, row: &Value) -> bool {
    let Some(id) = row.get("row").and_then(Value::as_str) else {
        return false;
    };
    match source {
        Some(Value::Array(items)) => items.iter().any(|v| v.as_str() == Some(id)),
        Some(Value::String(s)) => s == id,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answers(pairs: &[(&str, Value)]) -> Answers {
        pairs.iter().cloned().collect()
    }

    #[test]
    fn rows_of_options_still_chosen_are_scored_as_they_are() {
        let bank = Bank::builtin().unwrap();
        let a = answers(&[
            ("sippermitsreq", json!(["water_use"])),
            (
                "sippermits",
                json!([{"row": "water_use", "sippermitstatus": "available_valid"}]),
            ),
        ]);
        assert!(matches!(scored_answers(&bank, &a), Cow::Borrowed(_)));
        assert!(set_aside_rows(&bank, &a).is_empty());
    }

    #[test]
    fn a_row_whose_option_is_not_chosen_is_set_aside_and_not_scored() {
        let bank = Bank::builtin().unwrap();
        let a = answers(&[
            ("sipvalidoperatinglicense", json!("yes")),
            ("sippermitsreq", json!(["water_use"])),
            (
                "sippermits",
                json!([
                    {"row": "water_use", "sippermitstatus": "available_valid"},
                    {"row": "ww_indirect", "sippermitstatus": "not_available"}
                ]),
            ),
        ]);
        let scored = scored_answers(&bank, &a);
        assert_eq!(
            scored.get("sippermits"),
            Some(&json!([{"row": "water_use", "sippermitstatus": "available_valid"}]))
        );
        let aside = set_aside_rows(&bank, &a);
        assert_eq!(aside.len(), 1);
        assert_eq!(
            (aside[0].table, aside[0].source, aside[0].row),
            ("sippermits", "sippermitsreq", Some("ww_indirect"))
        );
    }

    #[test]
    fn a_table_left_without_chosen_rows_is_unanswered() {
        let bank = Bank::builtin().unwrap();
        let a = answers(&[
            ("sippermitsreq", json!(["none"])),
            (
                "sippermits",
                json!([{"row": "ww_indirect", "sippermitstatus": "not_available"}]),
            ),
        ]);
        assert_eq!(scored_answers(&bank, &a).get("sippermits"), None);
    }
}
