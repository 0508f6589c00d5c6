//! JSON text as every OpenFEM reader takes it (answers documents, drafts' imports, banks), so that
//! the CLI and the browser read a file the same way:
//! - a leading UTF-8 byte-order mark (which some Windows editors write) is skipped;
//! - a key repeated in one object is refused, with its JSON path: `serde_json` would keep the
//!   last one silently, and a server must not score a value the facility never saw.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::message::{Arg, Message};

/// JSON that cannot be read: where (the JSON path, when known, and the line and column) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// The JSON path of a repeated key (`answers.sipfacilitytype`), else `(line L, column C)`.
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// What is wrong: `not valid JSON: …`, or `repeated key "x" (line L, column C)`.
    pub message: String,
    /// The same, translatable (`json.invalid` {detail}: serde_json's own words, which stay
    /// English; `json.repeated_key` {key} {line} {column}).
    pub why: Message,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for JsonError {}

/// The text without a leading byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses JSON text (see the module documentation).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let repeated = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(strip_bom(text));
    let value = Strict {
        path: String::new(),
        repeated: &repeated,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| {
        let number = |n: usize| Arg::Text(n.to_string());
        let (path, why) = match repeated.into_inner() {
            Some((path, key)) => (
                path,
                Message::new(
                    "json.repeated_key",
                    vec![
                        ("key", Arg::Text(key)),
                        ("line", number(e.line())),
                        ("column", number(e.column())),
                    ],
                ),
            ),
            None => (
                format!("(line {}, column {})", e.line(), e.column()),
                Message::new("json.invalid", vec![("detail", Arg::Text(e.to_string()))]),
            ),
        };
        JsonError {
            path,
            line: e.line(),
            column: e.column(),
            message: why.english(),
            why,
        }
    })
}

/// JSON text without the whitespace between its tokens (strings untouched): what a reader needs
/// to read it again, in as little memory as it takes.
pub fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !c.is_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// Refuses a key repeated in any object of `text` (before a typed read, which would keep the
/// last one). Malformed JSON passes: the typed read reports it.
pub fn check_unique_keys(text: &str) -> Result<(), JsonError> {
    match parse(text) {
        Err(e) if e.why.key == "json.repeated_key" => Err(e),
        _ => Ok(()),
    }
}

/// A JSON value read with its path, refusing repeated keys (the first one found is recorded in
/// `repeated` as its object's path and the key).
struct Strict<'r> {
    path: String,
    repeated: &'r RefCell<Option<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Strict {
            path: format!("{}[{}]", self.path, items.len()),
            repeated: self.repeated,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key.clone()) {
                let at = if self.path.is_empty() {
                    "$".to_string()
                } else {
                    self.path.clone()
                };
                *self.repeated.borrow_mut() = Some((at, key.clone()));
                return Err(A::Error::custom(format!("repeated key \"{key}\"")));
            }
            let path = match self.path.is_empty() {
                true => key.clone(),
                false => format!("{}.{key}", self.path),
            };
            let value = map.next_value_seed(Strict {
                path,
                repeated: self.repeated,
            })?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_serde_json_reads() {
        let text = r#"{"a": [1, 2.5, "x", null, true, {"b": -3}], "c": {}}"#;
        assert_eq!(
            parse(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn a_repeated_key_is_refused_with_its_path() {
        let e = parse(r#"{"answers": {"x": [{"row": "a", "q": 1, "q": 2}]}}"#).unwrap_err();
        assert_eq!(e.path, "answers.x[0]");
        assert!(e.message.starts_with("repeated key \"q\" (line 1"), "{e}");
        let e = parse(r#"{"a": 1, "a": 1}"#).unwrap_err();
        assert_eq!(e.path, "$");
    }

    #[test]
    fn compact_drops_whitespace_between_tokens_only() {
        let text = "{ \"a b\" : [ 1 ,\n 2 ],\t\"c\": \"x \\\" y\" }  ";
        assert_eq!(compact(text), r#"{"a b":[1,2],"c":"x \" y"}"#);
        assert_eq!(parse(&compact(text)).unwrap(), parse(text).unwrap());
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        assert_eq!(parse("\u{feff}{\"a\": 1}").unwrap(), json!({"a": 1}));
        assert!(parse("{\"a\": 1}\u{feff}").is_err(), "only a leading one");
    }

    #[test]
    fn broken_json_names_line_and_column() {
        let e = parse("{\n  \"a\": }").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        assert!(e.message.starts_with("not valid JSON"), "{e}");
        assert!(
            check_unique_keys("{\n  \"a\": }").is_ok(),
            "left to the typed read"
        );
    }
}
