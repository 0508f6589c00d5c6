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

/// JSON that cannot be read: where (the JSON path, when known, and the line and column) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// The JSON path of a repeated key (`answers.sipfacilitytype`), else `(line L, column C)`.
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// What is wrong: `not valid JSON: …`, or `repeated key "x" (line L, column C)`.
    pub message: String,
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
        let (path, message) = match repeated.into_inner() {
            Some((path, key)) => (
                path,
                format!(
                    "repeated key \"{key}\" (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            ),
            None => (
                format!("(line {}, column {})", e.line(), e.column()),
                format!("not valid JSON: {e}"),
            ),
        };
        JsonError {
            path,
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// Refuses a key repeated in any object of `text` (before a typed read, which would keep the
/// last one). Malformed JSON passes: the typed read reports it.
pub fn check_unique_keys(text: &str) -> Result<(), JsonError> {
    match parse(text) {
        Err(e) if e.message.starts_with("repeated key") => Err(e),
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
