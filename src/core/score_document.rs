//! The score document a portal stores: the assessment plus the energy and GHG figures.
//! `openfem score` prints it; the embedded widget emits the same document, so a server can
//! recompute it from the posted answers and compare (never trusting a browser's score).

use serde::Serialize;
use serde_json::Value;

use super::answers::Answers;
use super::assess::{evaluate, Assessment};
use super::bank::{AnswerSpec, Bank, Opt, Question, Rows, Token};
use super::ghg::{compute_from_answers, AnswerContext, EnergyReport, Factors};
use super::message::fmt_number;
use super::scored::scored_answers;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreReport<'a> {
    #[serde(flatten)]
    pub assessment: Assessment<'a>,
    /// Energy in MJ and Scope 1/2 emissions from the Energy (and Air refrigerant) answers.
    pub energy: EnergyReport,
}

/// Rows set aside (`scored::scored_answers`) count in neither the assessment nor the energy
/// figures.
pub fn score_report<'a>(bank: &'a Bank, answers: &Answers) -> ScoreReport<'a> {
    ScoreReport {
        assessment: evaluate(bank, answers),
        energy: energy(bank, answers),
    }
}

/// The energy and GHG figures alone (the widget's energy panel recomputes only these), from
/// the answers that are scored: rows set aside count in no figure.
pub fn energy(bank: &Bank, answers: &Answers) -> EnergyReport {
    compute_from_answers(
        scored_answers(bank, answers).as_map(),
        &AnswerContext::default(),
        Factors::builtin(),
    )
}

/// An answer as a person reads it in a report: option labels rather than ids, numbers with their
/// unit, a table as one line per row ("Purchased electricity: Quantity: 1200 kWh; …"). Never
/// JSON. `token` names an answer token (the widget's translated labels; `Token::label` in
/// English). An id the bank does not know is shown as it is, so nothing is hidden.
pub fn answer_lines(
    bank: &Bank,
    question: &Question,
    value: &Value,
    token: &dyn Fn(Token) -> String,
) -> Vec<String> {
    match &question.answer {
        AnswerSpec::Table { rows, columns } => {
            let Some(items) = value.as_array() else {
                return vec![plain(value)];
            };
            items
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let id = row.get("row").and_then(Value::as_str);
                    let name = match (rows, id) {
                        (Rows::Fixed(options), Some(id)) => label_of(options, id),
                        (Rows::From(source), Some(id)) => bank
                            .question(source)
                            .and_then(|q| option_label(&q.answer, id))
                            .unwrap_or_else(|| id.to_string()),
                        (_, Some(id)) => id.to_string(),
                        (_, None) => format!("{}", i + 1),
                    };
                    let cells: Vec<String> = columns
                        .iter()
                        .filter_map(|c| {
                            let v = row.get(&c.id).filter(|v| !v.is_null())?;
                            Some(format!("{}: {}", c.label, value_text(&c.answer, v, token)))
                        })
                        .collect();
                    format!("{name}: {}", cells.join("; "))
                })
                .collect()
        }
        spec => vec![value_text(spec, value, token)],
    }
}

/// One value of a question or table cell, by its answer kind.
fn value_text(spec: &AnswerSpec, value: &Value, token: &dyn Fn(Token) -> String) -> String {
    match (spec, value) {
        (AnswerSpec::Choice { .. }, Value::String(s)) => {
            Token::parse(s).map_or_else(|| s.clone(), token)
        }
        (AnswerSpec::Single { options }, Value::String(s)) => label_of(options, s),
        (AnswerSpec::Multi { options, .. }, Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map_or_else(|| plain(v), |s| label_of(options, s))
            })
            .collect::<Vec<_>>()
            .join("; "),
        (AnswerSpec::Number { unit, .. }, Value::Number(n)) => {
            let n = fmt_number(n.as_f64().unwrap_or_default());
            match unit {
                Some(unit) => format!("{n} {unit}"),
                None => n,
            }
        }
        (_, other) => plain(other),
    }
}

fn option_label(spec: &AnswerSpec, id: &str) -> Option<String> {
    match spec {
        AnswerSpec::Single { options } | AnswerSpec::Multi { options, .. } => {
            options.iter().find(|o| o.id == id).map(|o| o.label.clone())
        }
        _ => None,
    }
}

fn label_of(options: &[Opt], id: &str) -> String {
    options
        .iter()
        .find(|o| o.id == id)
        .map_or_else(|| id.to_string(), |o| o.label.clone())
}

/// Text as it is; anything else in a short plain form (a list joined, never braces).
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => fmt_number(n.as_f64().unwrap_or_default()),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("; "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", plain(v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A table row whose option is no longer chosen is read by neither the gate nor the score
    /// document (`scored::scored_answers`).
    #[test]
    fn rows_set_aside_are_not_scored_by_any_reader() {
        let bank = Bank::builtin().unwrap();
        let a: Answers = [
            ("sipvalidoperatinglicense", json!("yes")),
            ("sippermitsreq", json!(["water_use"])),
            (
                "sippermits",
                json!([
                    {"row": "water_use", "sippermitstatus": "available_valid"},
                    {"row": "ww_indirect", "sippermitstatus": "not_available"}
                ]),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let assessment = crate::core::assess::evaluate(&bank, &a);
        assert_eq!(assessment.zeroed, None);
        assert_eq!(score_report(&bank, &a).assessment, assessment);
    }

    fn lines(id: &str, value: Value) -> Vec<String> {
        let bank = Bank::builtin().unwrap();
        let q = bank.question(id).unwrap().clone();
        answer_lines(&bank, &q, &value, &|t| t.label().to_string())
    }

    #[test]
    fn options_read_as_labels_and_tables_row_by_row() {
        assert_eq!(lines("sipvalidoperatinglicense", json!("yes")), ["Yes"]);
        assert_eq!(lines("sitecountry", json!("BD")), ["Bangladesh"]);
        let types = lines("sipfacilitytype", json!(["final_assembly"]));
        assert!(!types[0].contains("final_assembly"), "{types:?}");
        let staff = lines(
            "siptotalnumemployees",
            json!([{"row": "fulltime", "count": 420}, {"row": "temporary", "count": 35}]),
        );
        assert_eq!(staff.len(), 2);
        assert!(staff[0].starts_with("Full-time employees: "), "{staff:?}");
        for line in &staff {
            assert!(!line.contains('{') && !line.contains("\"row\""), "{line}");
        }
    }
}
