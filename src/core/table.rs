//! A table answer as the facility edits it: which rows it has, which cells of a row are shown,
//! and the edits (a cell set or cleared, a row added or removed). The widget's table input
//! calls these; a cell is shown by the same rule the assessment applies when it decides whether
//! a table is complete (`RowFacts` over the answers as the facility sees them, metrics
//! included).

use serde_json::{Map, Value};

use super::answers::{is_answered, Answers};
use super::bank::{AnswerSpec, Bank, Column, Rows};
use super::condition_eval::{Facts, RowFacts};
use super::rules::Context;
use super::scored::scored_answers;

/// Which row of a table: an option id (rows `from` an answer, or `fixed`) or a position (rows
/// the facility adds).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum RowKey {
    Id(String),
    At(usize),
}

impl RowKey {
    /// How the row is named in element ids and data checks: its option id, or its number.
    pub fn slug(&self) -> String {
        match self {
            RowKey::Id(id) => id.clone(),
            RowKey::At(i) => format!("{}", i + 1),
        }
    }
}

/// A row the table shows: its key and, for an option row, the option's label (a free row is
/// labelled by its number).
#[derive(Clone, PartialEq, Debug)]
pub struct TableRow {
    pub key: RowKey,
    pub label: Option<String>,
}

/// The rows table `qid` shows: one per option chosen in the source question (in the order
/// chosen), one per fixed option, or the facility's rows (at least `min`, and at least one).
pub fn table_rows(bank: &Bank, answers: &Answers, qid: &str, rows: &Rows) -> Vec<TableRow> {
    match rows {
        Rows::From(source) => {
            let options = match bank.question(source).map(|s| &s.answer) {
                Some(AnswerSpec::Multi { options, .. } | AnswerSpec::Single { options }) => {
                    options.as_slice()
                }
                _ => &[],
            };
            let chosen: Vec<&str> = match answers.get(source) {
                Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
                Some(Value::String(s)) => vec![s.as_str()],
                _ => vec![],
            };
            chosen
                .into_iter()
                .map(|id| TableRow {
                    key: RowKey::Id(id.to_string()),
                    label: Some(
                        options
                            .iter()
                            .find(|o| o.id == id)
                            .map_or_else(|| id.to_string(), |o| o.label.clone()),
                    ),
                })
                .collect()
        }
        Rows::Fixed(options) => options
            .iter()
            .map(|o| TableRow {
                key: RowKey::Id(o.id.clone()),
                label: Some(o.label.clone()),
            })
            .collect(),
        Rows::Free { min, .. } => {
            let n = rows_of(answers, qid).len().max((*min).max(1));
            (0..n)
                .map(|i| TableRow {
                    key: RowKey::At(i),
                    label: None,
                })
                .collect()
        }
    }
}

/// The stored rows of table `qid` (none when unanswered).
pub fn rows_of(answers: &Answers, qid: &str) -> Vec<Value> {
    answers
        .get(qid)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// The stored row `key` of `rows`, if the facility has started it.
pub fn find_row<'a>(rows: &'a [Value], key: &RowKey) -> Option<&'a Map<String, Value>> {
    match key {
        RowKey::Id(id) => rows
            .iter()
            .filter_map(Value::as_object)
            .find(|r| r.get("row").and_then(Value::as_str) == Some(id)),
        RowKey::At(i) => rows.get(*i).and_then(Value::as_object),
    }
}

/// The value of cell (`key`, `column`) of table `qid`.
pub fn cell(answers: &Answers, qid: &str, key: &RowKey, column: &str) -> Option<Value> {
    find_row(&rows_of(answers, qid), key).and_then(|r| r.get(column).cloned())
}

/// Whether row `key` of table `qid` is stored (started).
pub fn row_started(answers: &Answers, qid: &str, key: &RowKey) -> bool {
    find_row(&rows_of(answers, qid), key).is_some()
}

/// Per column of table `qid`, whether it is shown in row `key`: a column's `visible_if` reads
/// the row's cells (`.column`), its option id (`.row`, known before any cell is answered) and
/// the other answers as the facility sees them (a hidden question reads as unanswered) and
/// metrics, as the assessment reads them.
pub fn shown_columns(
    bank: &Bank,
    answers: &Answers,
    qid: &str,
    key: &RowKey,
    columns: &[Column],
) -> Vec<bool> {
    shown_cells(bank, answers, qid, std::slice::from_ref(key), columns)
        .pop()
        .unwrap_or_default()
}

/// `shown_columns` for each of rows `keys`, reading the answers once.
pub fn shown_cells(
    bank: &Bank,
    answers: &Answers,
    qid: &str,
    keys: &[RowKey],
    columns: &[Column],
) -> Vec<Vec<bool>> {
    if columns.iter().all(|c| c.visible_if.is_none()) {
        return vec![vec![true; columns.len()]; keys.len()];
    }
    let scored = scored_answers(bank, answers);
    let outer = Context::new(bank, &scored);
    let rows = rows_of(answers, qid);
    keys.iter()
        .map(|key| row_shown(&outer, &rows, key, columns))
        .collect()
}

/// Which `columns` row `key` of `rows` shows, with `outer` the facts outside the row.
fn row_shown(outer: &dyn Facts, rows: &[Value], key: &RowKey, columns: &[Column]) -> Vec<bool> {
    let mut row = find_row(rows, key).cloned().unwrap_or_default();
    if let RowKey::Id(id) = key {
        row.entry("row").or_insert_with(|| Value::from(id.as_str()));
    }
    let facts = RowFacts::new(outer, &row);
    columns
        .iter()
        .map(|c| c.visible_if.as_ref().is_none_or(|cond| cond.holds(&facts)))
        .collect()
}

/// Sets cell (`key`, `column`) of table `qid` (a value that is no answer clears it), creating
/// the row when needed. An option row left with nothing but its id is removed, and a table
/// left without any answered cell is no answer.
pub fn set_cell(answers: &mut Answers, qid: &str, key: &RowKey, column: &str, value: Value) {
    let mut rows = rows_of(answers, qid);
    let index = match key {
        RowKey::Id(id) => rows
            .iter()
            .position(|r| r.get("row").and_then(Value::as_str) == Some(id))
            .unwrap_or_else(|| {
                let mut m = Map::new();
                m.insert("row".into(), Value::from(id.as_str()));
                rows.push(Value::Object(m));
                rows.len() - 1
            }),
        RowKey::At(i) => {
            while rows.len() <= *i {
                rows.push(Value::Object(Map::new()));
            }
            *i
        }
    };
    if let Some(obj) = rows[index].as_object_mut() {
        if is_answered(&value) {
            obj.insert(column.to_string(), value);
        } else {
            obj.remove(column);
        }
    }
    if matches!(key, RowKey::Id(_)) {
        rows.retain(|r| r.as_object().is_some_and(|o| o.keys().any(|k| k != "row")));
    }
    let empty = rows
        .iter()
        .all(|r| r.as_object().is_some_and(|o| o.keys().all(|k| k == "row")));
    answers.set(
        qid,
        if empty {
            Value::Null
        } else {
            Value::Array(rows)
        },
    );
}

/// Adds an empty row after the `shown` rows of free table `qid` (rows shown but not stored
/// yet are stored empty, so that the new one is the next number).
pub fn add_row(answers: &mut Answers, qid: &str, shown: usize) {
    let mut rows = rows_of(answers, qid);
    while rows.len() <= shown {
        rows.push(Value::Object(Map::new()));
    }
    answers.set(qid, Value::Array(rows));
}

/// Removes row `index` of free table `qid` (the rows after it move up).
pub fn remove_row(answers: &mut Answers, qid: &str, index: usize) {
    let mut rows = rows_of(answers, qid);
    if index < rows.len() {
        rows.remove(index);
    }
    answers.set(qid, Value::Array(rows));
}
