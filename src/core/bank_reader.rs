//! The wasm's reader of the bank's three objects that serde's derived reader buffers: an answer
//! (`AnswerSpec`, told apart by its `type`), a score rule (`ScoreRule`, by its `rule`) and an
//! evidence checklist (`Evidence`, a list or one text). serde reads a tagged object by first
//! copying it into a buffer (its `Content` types), and then reads every type inside it a second
//! time from that buffer: in the wasm that is ≈ 25 KB gzipped of a download a facility waits for
//! (docs/performance.md, "Size"). Here each is read in one pass: as one flat object holding every
//! field any kind may have, then checked so that a field that does not belong to its kind is
//! refused, as serde's reader refuses it.
//!
//! The native build (the CLI, the tests, the JSON schema) keeps serde's derived readers, so the
//! two readers are compared by `tests/bank_reader.rs`, on every answer and rule of the built-in
//! bank and on broken ones. Where they differ, it is in what an error says, and in two things
//! this reader lets pass: `null` for a field that may be left out (read as left out) and a whole
//! number written with a decimal point for a year (`2020.0`).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::condition::Condition;
use super::schema::{AnswerSpec, Case, Column, Evidence, NaRule, Opt, Rows, ScoreRule, Token};

/// An answer as written: every field of every kind, each optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSpecDoc {
    #[serde(rename = "type")]
    kind: AnswerKind,
    options: Option<Vec<OptionItem>>,
    none: Option<String>,
    options_from: Option<String>,
    unit: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
    integer: Option<bool>,
    warn_above: Option<f64>,
    warn_below: Option<f64>,
    multiline: Option<bool>,
    max_len: Option<usize>,
    rows: Option<Rows>,
    columns: Option<Vec<Column>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Debug)]
#[serde(rename_all = "lowercase")]
enum AnswerKind {
    Choice,
    Single,
    Multi,
    Number,
    Text,
    Year,
    Date,
    Table,
}

/// One of `options`: an answer token (`choice`) or an option object (`single`, `multi`).
enum OptionItem {
    Token(Token),
    Opt(Opt),
}

impl<'de> Deserialize<'de> for OptionItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Item;
        impl<'de> Visitor<'de> for Item {
            type Value = OptionItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an answer token or an option object")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<OptionItem, E> {
                Token::deserialize(de::value::StrDeserializer::<E>::new(s)).map(OptionItem::Token)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OptionItem, A::Error> {
                Opt::deserialize(de::value::MapAccessDeserializer::new(map)).map(OptionItem::Opt)
            }
        }
        deserializer.deserialize_any(Item)
    }
}

/// `Err` naming the first field given that `allowed` does not list.
fn only(kind: &str, given: &[(&'static str, bool)], allowed: &[&str]) -> Result<(), String> {
    match given.iter().find(|(f, g)| *g && !allowed.contains(f)) {
        Some((field, _)) => Err(format!("unknown field `{field}` for `{kind}`")),
        None => Ok(()),
    }
}

fn missing(field: &str) -> String {
    format!("missing field `{field}`")
}

fn tokens(items: Vec<OptionItem>) -> Result<Vec<Token>, String> {
    items
        .into_iter()
        .map(|i| match i {
            OptionItem::Token(t) => Ok(t),
            OptionItem::Opt(_) => Err("a choice's options are answer tokens".to_string()),
        })
        .collect()
}

fn opts(items: Vec<OptionItem>) -> Result<Vec<Opt>, String> {
    items
        .into_iter()
        .map(|i| match i {
            OptionItem::Opt(o) => Ok(o),
            OptionItem::Token(_) => Err("options are objects with an id and a label".to_string()),
        })
        .collect()
}

fn year(v: f64) -> Result<i32, String> {
    let whole = v.fract() == 0.0 && v >= i32::MIN as f64 && v <= i32::MAX as f64;
    whole
        .then_some(v as i32)
        .ok_or_else(|| format!("a year bound is a whole number, not {v}"))
}

impl TryFrom<AnswerSpecDoc> for AnswerSpec {
    type Error = String;

    fn try_from(d: AnswerSpecDoc) -> Result<AnswerSpec, String> {
        use AnswerKind::*;
        let given = [
            ("options", d.options.is_some()),
            ("none", d.none.is_some()),
            ("options_from", d.options_from.is_some()),
            ("unit", d.unit.is_some()),
            ("min", d.min.is_some()),
            ("max", d.max.is_some()),
            ("integer", d.integer.is_some()),
            ("warn_above", d.warn_above.is_some()),
            ("warn_below", d.warn_below.is_some()),
            ("multiline", d.multiline.is_some()),
            ("max_len", d.max_len.is_some()),
            ("rows", d.rows.is_some()),
            ("columns", d.columns.is_some()),
        ];
        let (name, allowed): (&str, &[&str]) = match d.kind {
            Choice => ("choice", &["options"]),
            Single => ("single", &["options"]),
            Multi => ("multi", &["options", "none", "options_from"]),
            Number => (
                "number",
                &["unit", "min", "max", "integer", "warn_above", "warn_below"],
            ),
            Text => ("text", &["multiline", "max_len"]),
            Year => ("year", &["min", "max"]),
            Date => ("date", &[]),
            Table => ("table", &["rows", "columns"]),
        };
        only(name, &given, allowed)?;
        let options = || d.options.ok_or_else(|| missing("options"));
        Ok(match d.kind {
            Choice => AnswerSpec::Choice {
                options: tokens(options()?)?,
            },
            Single => AnswerSpec::Single {
                options: opts(options()?)?,
            },
            Multi => AnswerSpec::Multi {
                options: opts(options()?)?,
                none: d.none,
                options_from: d.options_from,
            },
            Number => AnswerSpec::Number {
                unit: d.unit,
                min: d.min,
                max: d.max,
                integer: d.integer.unwrap_or_default(),
                warn_above: d.warn_above,
                warn_below: d.warn_below,
            },
            Text => AnswerSpec::Text {
                multiline: d.multiline.unwrap_or_default(),
                max_len: d.max_len,
            },
            Year => AnswerSpec::Year {
                min: d.min.map(year).transpose()?,
                max: d.max.map(year).transpose()?,
            },
            Date => AnswerSpec::Date {},
            Table => AnswerSpec::Table {
                rows: d.rows.ok_or_else(|| missing("rows"))?,
                columns: d.columns.ok_or_else(|| missing("columns"))?,
            },
        })
    }
}

/// A score rule as written: every field of both rules, each optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRuleDoc {
    rule: RuleKind,
    points: Option<BTreeMap<Token, f64>>,
    na: Option<NaRule>,
    cases: Option<Vec<Case>>,
    unscored_if: Option<Condition>,
    answered_if: Option<Condition>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RuleKind {
    Choice,
    Cases,
}

impl TryFrom<ScoreRuleDoc> for ScoreRule {
    type Error = String;

    fn try_from(d: ScoreRuleDoc) -> Result<ScoreRule, String> {
        let given = [
            ("points", d.points.is_some()),
            ("na", d.na.is_some()),
            ("cases", d.cases.is_some()),
            ("unscored_if", d.unscored_if.is_some()),
            ("answered_if", d.answered_if.is_some()),
        ];
        Ok(match d.rule {
            RuleKind::Choice => {
                only("choice", &given, &["points", "na"])?;
                ScoreRule::Choice {
                    points: d.points,
                    na: d.na.unwrap_or_default(),
                }
            }
            RuleKind::Cases => {
                only("cases", &given, &["cases", "unscored_if", "answered_if"])?;
                ScoreRule::Cases {
                    cases: d.cases.ok_or_else(|| missing("cases"))?,
                    unscored_if: d.unscored_if,
                    answered_if: d.answered_if,
                }
            }
        })
    }
}

#[cfg(target_arch = "wasm32")]
impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        evidence(deserializer)
    }
}

/// Reads an evidence checklist: a list of texts, or one text.
pub fn evidence<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Evidence, D::Error> {
    struct Checklist;
    impl<'de> Visitor<'de> for Checklist {
        type Value = Evidence;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of texts (one item each), or one text")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Evidence, E> {
            Ok(Evidence::One(s.to_string()))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Evidence, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                items.push(item);
            }
            Ok(Evidence::List(items))
        }
    }
    deserializer.deserialize_any(Checklist)
}
