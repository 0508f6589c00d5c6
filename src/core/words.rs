//! Answers in words, for people: option labels instead of ids, tokens by their English label
//! (the widget shows its own locale's), numbers as written, tables by their row count.

use serde_json::Value;

use super::bank::{AnswerSpec, Bank, Rows, Token};

/// An answer value in words for a question or column of type `spec`.
pub fn value_in_words(spec: &AnswerSpec, value: &Value) -> String {
    let label = |id: &str| match spec {
        AnswerSpec::Single { options } | AnswerSpec::Multi { options, .. } => options
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_string(), |o| o.label.clone()),
        AnswerSpec::Choice { .. } => {
            Token::parse(id).map_or_else(|| id.to_string(), |t| t.label().to_string())
        }
        _ => id.to_string(),
    };
    match value {
        Value::String(s) => label(s),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if matches!(spec, AnswerSpec::Table { .. }) => match items.len() {
            1 => "1 row".to_string(),
            n => format!("{n} rows"),
        },
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), label))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Object(_) => value.to_string(),
    }
}

/// Where an answer sits, in words: the question (number and prompt) and, for a table cell
/// (`ref[row].column`, as set-aside cells are keyed), the row's and the column's labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub question: String,
    pub cell: Option<(String, String)>,
    /// The value in words, read against the question or column it belongs to.
    pub value: String,
}

/// `key` is a Ref ID or `ref[row].column`; an unknown key is shown as it is.
pub fn place_in_words(bank: &Bank, key: &str, value: &Value) -> Place {
    let (qid, cell) = match key.split_once('[') {
        Some((q, rest)) => match rest.split_once("].") {
            Some((row, col)) => (q, Some((row, col))),
            None => (key, None),
        },
        None => (key, None),
    };
    let Some(q) = bank.question(qid) else {
        return Place {
            question: key.to_string(),
            cell: None,
            value: value_in_words(
                &AnswerSpec::Text {
                    multiline: false,
                    max_len: None,
                },
                value,
            ),
        };
    };
    let question = match &q.number {
        Some(n) => format!("{n}. {}", q.prompt),
        None => q.prompt.clone(),
    };
    let (AnswerSpec::Table { rows, columns }, Some((row, col))) = (&q.answer, cell) else {
        return Place {
            question,
            cell: None,
            value: value_in_words(&q.answer, value),
        };
    };
    let row_label = match rows {
        Rows::Fixed(options) => options
            .iter()
            .find(|o| o.id == row)
            .map(|o| o.label.clone()),
        Rows::From(source) => match bank.question(source).map(|s| &s.answer) {
            Some(AnswerSpec::Single { options } | AnswerSpec::Multi { options, .. }) => options
                .iter()
                .find(|o| o.id == row)
                .map(|o| o.label.clone()),
            _ => None,
        },
        Rows::Free { .. } => None,
    }
    .unwrap_or_else(|| row.to_string());
    let column = columns.iter().find(|c| c.id == col);
    Place {
        question,
        cell: Some((
            row_label,
            column.map_or_else(|| col.to_string(), |c| c.label.clone()),
        )),
        value: column.map_or_else(|| value.to_string(), |c| value_in_words(&c.answer, value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_set_aside_cell_is_named_by_its_question_row_and_column_labels() {
        let bank = Bank::builtin().unwrap();
        let p = place_in_words(
            &bank,
            "sippermits[ww_indirect].sippermitstatus",
            &json!("not_available"),
        );
        let (row, column) = p.cell.unwrap();
        assert!(row.starts_with("Wastewater discharge permit"), "{row}");
        assert_eq!(column, "What is your status for this permit?");
        assert_eq!(p.value, "Not available");
        assert!(!p.question.contains("sippermits"), "{}", p.question);
    }

    #[test]
    fn values_read_as_labels() {
        let bank = Bank::builtin().unwrap();
        let q = bank.question("sippermitsreq").unwrap();
        assert_eq!(
            value_in_words(&q.answer, &json!(["ww_indirect", "gone_option"])),
            "Wastewater discharge permit – indirect discharge (to an offsite treatment plant), gone_option"
        );
        let p = place_in_words(&bank, "sipvalidoperatinglicense", &json!("yes"));
        assert_eq!(p.value, "Yes");
        assert_eq!(
            place_in_words(&bank, "no_such_question", &json!(3)).value,
            "3"
        );
    }
}
