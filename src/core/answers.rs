//! A facility's answers, the answers document (import/export format) and answer validation.
//!
//! ```json
//! {"format": "openfem-answers", "version": 1, "bank": "fem-2024", "answers": {"<ref>": <value>}}
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::bank::{AnswerSpec, Bank, Column, Opt, Rows, Token};
use super::entry::Date;
use super::json;
use super::message::{Arg, Message};

pub const ANSWERS_FORMAT: &str = "openfem-answers";
pub const ANSWERS_VERSION: u32 = 1;

/// A value counts as an answer unless it is null, blank text or an empty list.
pub fn is_answered(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => is_filled(s),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}

/// Text with something other than white space in it.
pub fn is_filled(s: &str) -> bool {
    !s.trim().is_empty()
}

/// Answers by Ref ID. Values are JSON as in the answers document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<String, Value>);

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    /// Sets an answer; `null` (or an empty string/array) clears it.
    pub fn set(&mut self, id: impl Into<String>, value: Value) {
        let id = id.into();
        if is_answered(&value) {
            self.0.insert(id, value);
        } else {
            self.0.remove(&id);
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<Value> {
        self.0.remove(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_map(&self) -> &BTreeMap<String, Value> {
        &self.0
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Answers {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut a = Answers::new();
        for (k, v) in iter {
            a.set(k, v);
        }
        a
    }
}

/// A check the facility has looked at and dismissed, with its note (why the figure is right).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dismissal {
    pub note: String,
    /// ISO 8601 time of the dismissal, from the shell.
    #[serde(default)]
    pub at: String,
}

/// Dismissals by check key (`datachecks::DataCheck::key`).
pub type Dismissals = BTreeMap<String, Dismissal>;

/// The answers document: what the widget exports and the CLI scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersDoc {
    pub format: String,
    pub version: u32,
    pub bank: String,
    /// The bank version the answers were given against (optional; drafts record it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_version: Option<String>,
    pub answers: Answers,
    /// Data checks the facility dismissed, each with its note (`datachecks`); optional.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub dismissed_checks: Dismissals,
}

impl AnswersDoc {
    pub fn new(bank: &Bank, answers: Answers) -> AnswersDoc {
        AnswersDoc {
            format: ANSWERS_FORMAT.into(),
            version: ANSWERS_VERSION,
            bank: bank.id.clone(),
            bank_version: Some(bank.version.clone()),
            answers,
            dismissed_checks: Default::default(),
        }
    }

    /// Parses and checks an answers document against a bank. Every error names the JSON path.
    pub fn parse(text: &str, bank: &Bank) -> Result<AnswersDoc, AnswerError> {
        let doc = AnswersDoc::parse_envelope(text, bank)?;
        for (id, value) in doc.answers.iter() {
            let path = Path::Key(&Path::At("answers"), id);
            let q = bank
                .question(id)
                .ok_or_else(|| err_at(&path, msg("answers.unknown_ref", vec![])))?;
            check(&q.answer, value, &path, Some(bank))?;
        }
        Ok(doc)
    }

    /// Checks only the document's envelope (format, version, bank id, answers object), not each
    /// answer: for last year's export, whose questions may have changed (roll-forward).
    ///
    /// The text is read as [`json::parse`] reads it: a leading byte-order mark is skipped (the
    /// CLI and the browser import agree) and a key repeated in an object is refused.
    pub fn parse_envelope(text: &str, bank: &Bank) -> Result<AnswersDoc, AnswerError> {
        let raw: Value = json::parse(text).map_err(|e| AnswerError {
            message: e.message,
            path: e.path,
            why: e.why,
        })?;
        let Value::Object(mut obj) = raw else {
            return Err(err("$", msg("answers.not_object", vec![])));
        };
        let text = |s: &str| Arg::Text(s.to_string());
        match obj.get("format").and_then(Value::as_str) {
            Some(ANSWERS_FORMAT) => {}
            Some(other) => {
                return Err(err(
                    "format",
                    msg(
                        "answers.format_other",
                        vec![("expected", text(ANSWERS_FORMAT)), ("found", text(other))],
                    ),
                ))
            }
            None => {
                return Err(err(
                    "format",
                    msg(
                        "answers.format_missing",
                        vec![("expected", text(ANSWERS_FORMAT))],
                    ),
                ))
            }
        }
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v > ANSWERS_VERSION as u64 => {
                return Err(err(
                    "version",
                    msg(
                        "answers.version_newer",
                        vec![
                            ("found", text(&v.to_string())),
                            ("supported", text(&ANSWERS_VERSION.to_string())),
                        ],
                    ),
                ))
            }
            Some(_) => {}
            None => return Err(err("version", msg("answers.version_missing", vec![]))),
        }
        match obj.get("bank").and_then(Value::as_str) {
            Some(id) if id == bank.id => {}
            Some(id) => {
                return Err(err(
                    "bank",
                    msg(
                        "answers.bank_other",
                        vec![("found", text(id)), ("expected", text(&bank.id))],
                    ),
                ))
            }
            None => return Err(err("bank", msg("answers.missing", vec![]))),
        }
        let Some(Value::Object(answers)) = obj.remove("answers") else {
            return Err(err("answers", msg("answers.answers_missing", vec![])));
        };
        // The rest as the document type reads it (unknown keys refused), without reading the
        // answers a second time: they move into place as parsed.
        let envelope: Envelope = serde_json::from_value(Value::Object(obj)).map_err(|e| {
            err(
                "$",
                msg("answers.envelope", vec![("detail", text(&e.to_string()))]),
            )
        })?;
        Ok(AnswersDoc {
            format: envelope.format,
            version: envelope.version,
            bank: envelope.bank,
            bank_version: envelope.bank_version,
            answers: Answers(answers.into_iter().collect()),
            dismissed_checks: envelope.dismissed_checks,
        })
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("answers serialise")
    }
}

/// The answers document without its answers, read apart from them. Same fields, in the same
/// order, as [`AnswersDoc`], so a refused document gets the same message.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    version: u32,
    bank: String,
    #[serde(default)]
    bank_version: Option<String>,
    #[serde(default)]
    dismissed_checks: Dismissals,
    /// Taken out before this is read; named so that the list of expected keys names it.
    #[serde(default)]
    #[allow(dead_code)]
    answers: Option<serde::de::IgnoredAny>,
}

/// An answer that does not fit its question, with its JSON path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerError {
    pub path: String,
    /// What is wrong, in English (`why` in words).
    pub message: String,
    /// What is wrong, translatable (the widget shows it in its language, `openfem score
    /// --locale` in the chosen one).
    #[serde(skip)]
    pub why: Message,
}

impl AnswerError {
    /// The error at `path` for `why`.
    pub fn new(path: String, why: Message) -> AnswerError {
        AnswerError {
            path,
            message: why.english(),
            why,
        }
    }
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for AnswerError {}

fn err(path: &str, why: Message) -> AnswerError {
    AnswerError::new(path.into(), why)
}

fn msg(key: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
    Message::new(key, args)
}

/// A kind of value ("a number", "an array of rows"), as the argument of another message.
fn kind(key: &'static str) -> Arg {
    Arg::Message(Box::new(Message::new(key, vec![])))
}

/// Checks a value against its answer type: the hard rules (type, options, range). `null` clears.
/// Without the bank, the rows of a table built `from` another question are not checked against
/// that question's options: prefer [`validate_in`].
pub fn validate(spec: &AnswerSpec, value: &Value, path: &str) -> Result<(), AnswerError> {
    check(spec, value, &Path::At(path), None)
}

/// [`validate`], with the bank the question belongs to: a table built `from` another question
/// takes only rows named by that question's options.
pub fn validate_in(
    bank: &Bank,
    spec: &AnswerSpec,
    value: &Value,
    path: &str,
) -> Result<(), AnswerError> {
    check(spec, value, &Path::At(path), Some(bank))
}

/// Where a value sits in a document: written out only when an error names it, so checking a
/// valid document formats no paths.
#[derive(Debug, Clone, Copy)]
enum Path<'a> {
    At(&'a str),
    /// `{path}[{index}]`
    Item(&'a Path<'a>, usize),
    /// `{path}.{key}`
    Key(&'a Path<'a>, &'a str),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::At(path) => f.write_str(path),
            Path::Item(path, i) => write!(f, "{path}[{i}]"),
            Path::Key(path, key) => write!(f, "{path}.{key}"),
        }
    }
}

fn err_at(path: &Path, why: Message) -> AnswerError {
    AnswerError::new(path.to_string(), why)
}

fn check(
    spec: &AnswerSpec,
    value: &Value,
    path: &Path,
    bank: Option<&Bank>,
) -> Result<(), AnswerError> {
    if value.is_null() {
        return Ok(());
    }
    let want = |what: &'static str| {
        err_at(
            path,
            msg(
                "answers.expected",
                vec![("what", kind(what)), ("found", kind(describe(value)))],
            ),
        )
    };
    let text = |s: &str| Arg::Text(s.to_string());
    match spec {
        AnswerSpec::Choice { options } => {
            let s = value.as_str().ok_or_else(|| want("kind.token"))?;
            match Token::parse(s) {
                Some(t) if options.contains(&t) => Ok(()),
                _ => Err(err_at(
                    path,
                    msg(
                        "answers.not_offered",
                        vec![
                            ("value", text(s)),
                            ("list", text(&list(options.iter().map(|t| t.as_str())))),
                        ],
                    ),
                )),
            }
        }
        AnswerSpec::Single { options } => {
            let s = value.as_str().ok_or_else(|| want("kind.option"))?;
            if options.iter().any(|o| o.id == s) {
                Ok(())
            } else {
                Err(err_at(
                    path,
                    msg("answers.not_option", vec![("value", text(s))]),
                ))
            }
        }
        AnswerSpec::Multi { options, none, .. } => {
            let items = value.as_array().ok_or_else(|| want("kind.options"))?;
            for (i, item) in items.iter().enumerate() {
                let s = item.as_str().ok_or_else(|| {
                    err_at(
                        &Path::Item(path, i),
                        msg("answers.expected_only", vec![("what", kind("kind.option"))]),
                    )
                })?;
                if !options.iter().any(|o| o.id == s) {
                    return Err(err_at(
                        &Path::Item(path, i),
                        msg("answers.not_option", vec![("value", text(s))]),
                    ));
                }
                // Counted once: a `count` condition reads the options chosen, not the list.
                if let Some(first) = items[..i].iter().position(|v| v.as_str() == Some(s)) {
                    return Err(err_at(
                        &Path::Item(path, i),
                        msg(
                            "answers.repeated",
                            vec![("value", text(s)), ("first", text(&first.to_string()))],
                        ),
                    ));
                }
            }
            if let Some(none) = none {
                if items.len() > 1 && items.iter().any(|v| v.as_str() == Some(none)) {
                    return Err(err_at(
                        path,
                        msg("answers.none_excludes", vec![("value", text(none))]),
                    ));
                }
            }
            Ok(())
        }
        AnswerSpec::Number { .. } => {
            let n = value.as_f64().ok_or_else(|| want("kind.number"))?;
            number_error_message(spec, n).map_or(Ok(()), |m| Err(err_at(path, m)))
        }
        AnswerSpec::Text { max_len, .. } => {
            let s = value.as_str().ok_or_else(|| want("kind.text"))?;
            match max_len {
                Some(max) if s.chars().count() > *max => Err(err_at(
                    path,
                    msg("answers.too_long", vec![("max", Arg::Number(*max as f64))]),
                )),
                _ => Ok(()),
            }
        }
        AnswerSpec::Year { .. } => {
            let y = value.as_i64().ok_or_else(|| want("kind.year"))?;
            number_error_message(spec, y as f64).map_or(Ok(()), |m| Err(err_at(path, m)))
        }
        AnswerSpec::Date {} => {
            let s = value.as_str().ok_or_else(|| want("kind.date"))?;
            match Date::parse_iso(s) {
                Ok(_) => Ok(()),
                Err(why) => Err(err_at(
                    path,
                    msg(
                        "answers.not_date",
                        vec![("value", text(s)), ("reason", Arg::Message(Box::new(why)))],
                    ),
                )),
            }
        }
        AnswerSpec::Table { rows, columns } => validate_table(rows, columns, value, path, bank),
    }
}

fn validate_table(
    rows: &Rows,
    columns: &[Column],
    value: &Value,
    path: &Path,
    bank: Option<&Bank>,
) -> Result<(), AnswerError> {
    let text = |s: &str| Arg::Text(s.to_string());
    let items = value.as_array().ok_or_else(|| {
        err_at(
            path,
            msg(
                "answers.expected",
                vec![
                    ("what", kind("kind.rows")),
                    ("found", kind(describe(value))),
                ],
            ),
        )
    })?;
    if let Rows::Free { max: Some(max), .. } = rows {
        if items.len() > *max {
            return Err(err_at(
                path,
                msg(
                    "answers.too_many_rows",
                    vec![("max", Arg::Number(*max as f64))],
                ),
            ));
        }
    }
    // The ids a row may have: a fixed table's rows, or the options of the question a `from`
    // table follows (any of them: rows of an option not chosen are kept, never scored).
    let row_ids: Option<&[Opt]> = match rows {
        Rows::Fixed(options) => Some(options),
        Rows::From(source) => match bank.and_then(|b| b.question(source)).map(|q| &q.answer) {
            Some(AnswerSpec::Multi { options, .. } | AnswerSpec::Single { options }) => {
                Some(options)
            }
            _ => None,
        },
        Rows::Free { .. } => None,
    };
    let mut seen: Vec<&str> = Vec::new();
    for (i, row) in items.iter().enumerate() {
        let row_path = Path::Item(path, i);
        let obj = row.as_object().ok_or_else(|| {
            err_at(
                &row_path,
                msg("answers.expected_only", vec![("what", kind("kind.row"))]),
            )
        })?;
        let id_path = Path::Key(&row_path, "row");
        match (rows, obj.get("row")) {
            (Rows::Free { .. }, None) => {}
            (Rows::Free { .. }, Some(_)) => {
                return Err(err_at(&id_path, msg("answers.unexpected_row", vec![])))
            }
            (_, None) => return Err(err_at(&row_path, msg("answers.row_id_missing", vec![]))),
            (_, Some(id)) => {
                let id = id.as_str().ok_or_else(|| {
                    err_at(
                        &id_path,
                        msg("answers.expected_only", vec![("what", kind("kind.row_id"))]),
                    )
                })?;
                if row_ids.is_some_and(|options| !options.iter().any(|o| o.id == id)) {
                    return Err(err_at(
                        &id_path,
                        msg("answers.not_row", vec![("value", text(id))]),
                    ));
                }
                if let Some(first) = seen.iter().position(|s| *s == id) {
                    return Err(err_at(
                        &id_path,
                        msg(
                            "answers.row_repeated",
                            vec![("value", text(id)), ("first", text(&first.to_string()))],
                        ),
                    ));
                }
                seen.push(id);
            }
        }
        for (key, cell) in obj {
            if key == "row" {
                continue;
            }
            let col = columns.iter().find(|c| c.id == *key).ok_or_else(|| {
                err_at(
                    &Path::Key(&row_path, key),
                    msg("answers.unknown_column", vec![]),
                )
            })?;
            check(&col.answer, cell, &Path::Key(&row_path, key), bank)?;
        }
    }
    Ok(())
}

/// The hard range rule of a number or year, if broken (English; see [`number_error_message`]).
pub fn number_error(spec: &AnswerSpec, n: f64) -> Option<String> {
    number_error_message(spec, n).map(|m| m.english())
}

/// The hard range rule of a number or year, if broken, as a translatable message
/// (`number.not_finite`, `number.whole`, `number.min` {min}, `number.max` {max}).
pub fn number_error_message(spec: &AnswerSpec, n: f64) -> Option<Message> {
    if !n.is_finite() {
        return Some(Message::new("number.not_finite", vec![]));
    }
    let (min, max, integer) = match spec {
        AnswerSpec::Number {
            min, max, integer, ..
        } => (*min, *max, *integer),
        AnswerSpec::Year { min, max } => (
            Some(min.unwrap_or(1950) as f64),
            Some(max.unwrap_or(2100) as f64),
            true,
        ),
        _ => return None,
    };
    if integer && n.fract() != 0.0 {
        return Some(Message::new("number.whole", vec![]));
    }
    // A year bound is written as a year (2100), never grouped like a quantity (2,100).
    let bound = |b: f64| match spec {
        AnswerSpec::Year { .. } => Arg::Text(format!("{b}")),
        _ => Arg::Number(b),
    };
    match (min, max) {
        (Some(lo), _) if n < lo => Some(Message::new("number.min", vec![("min", bound(lo))])),
        (_, Some(hi)) if n > hi => Some(Message::new("number.max", vec![("max", bound(hi))])),
        _ => None,
    }
}

/// A plausibility warning for a number (never blocks). English; see [`number_warning_message`].
pub fn number_warning(spec: &AnswerSpec, n: f64) -> Option<String> {
    number_warning_message(spec, n).map(|m| m.english())
}

/// A plausibility warning as a translatable message (`number.high` / `number.low` {limit}).
pub fn number_warning_message(spec: &AnswerSpec, n: f64) -> Option<Message> {
    match spec {
        AnswerSpec::Number {
            warn_above: Some(hi),
            ..
        } if n > *hi => Some(Message::new(
            "number.high",
            vec![("limit", Arg::Number(*hi))],
        )),
        AnswerSpec::Number {
            warn_below: Some(lo),
            ..
        } if n < *lo => Some(Message::new(
            "number.low",
            vec![("limit", Arg::Number(*lo))],
        )),
        _ => None,
    }
}

/// The kind of a JSON value, as a message key (`kind.number`: "a number").
fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "kind.null",
        Value::Bool(_) => "kind.bool",
        Value::Number(_) => "kind.number",
        Value::String(_) => "kind.text",
        Value::Array(_) => "kind.array",
        Value::Object(_) => "kind.object",
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
