//! A language other than English, as one document (docs/translating.md): the widget's strings
//! (`ui`: key → text with `{name}` placeholders, the keys of `src/ui/locales/en.json`) and the
//! bank's overlay (`bank`: the keys of `Bank::texts`, applied by `Bank::localize`).
//!
//! Read leniently, because a translation must never cost the user anything: a value that is not a
//! string is dropped, and a text whose placeholders differ from the English one is dropped (so a
//! renamed `{points}` is never shown raw); what is dropped or absent falls back to English, and
//! [`Locale::parse`] says how much that was. Only a document that is not a JSON object at all is
//! refused. Pure: the widget, the CLI and the tests share it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::message::{Arg, Message, MESSAGES};

/// One language's texts, checked against English.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Locale {
    pub ui: BTreeMap<String, String>,
    pub bank: BTreeMap<String, String>,
}

/// A locale document that cannot be read at all (not JSON, or not a JSON object).
#[derive(Debug, Clone, PartialEq)]
pub struct LocaleError(pub String);

impl std::fmt::Display for LocaleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LocaleError {}

/// What [`Locale::parse`] had to leave out (shown to the user once, as "some text is in English").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gaps {
    /// English keys the locale has no usable text for.
    pub missing: usize,
    /// Texts dropped because their placeholders differ from the English text's.
    pub bad_placeholders: Vec<String>,
}

impl Gaps {
    pub fn is_empty(&self) -> bool {
        self.missing == 0 && self.bad_placeholders.is_empty()
    }
}

impl Locale {
    /// Reads a locale document against the English texts (`en_ui`: the widget's strings;
    /// `en_bank`: the bank's, `Bank::texts`). Errors only when `text` is not a JSON object.
    /// Without `en_bank` (the widget, which spares itself the bank's texts) the bank's part is
    /// taken as it is: the widget never fills placeholders in bank text.
    pub fn parse(
        text: &str,
        en_ui: &BTreeMap<String, String>,
        en_bank: Option<&BTreeMap<String, String>>,
    ) -> Result<(Locale, Gaps), LocaleError> {
        let doc: Value = serde_json::from_str(text).map_err(|e| LocaleError(e.to_string()))?;
        let Value::Object(doc) = doc else {
            return Err(LocaleError("not a JSON object".into()));
        };
        let mut gaps = Gaps::default();
        let mut part = |name: &str, english: Option<&BTreeMap<String, String>>| {
            let mut out = BTreeMap::new();
            if let Some(Value::Object(map)) = doc.get(name) {
                for (key, value) in map {
                    let Some(text) = value.as_str() else {
                        continue; // not text
                    };
                    let Some(english) = english else {
                        out.insert(key.clone(), text.to_string());
                        continue;
                    };
                    let Some(en) = english.get(key) else {
                        continue; // a key English no longer has
                    };
                    if same_placeholders(text, en) {
                        out.insert(key.clone(), text.to_string());
                    } else {
                        gaps.bad_placeholders.push(key.clone());
                    }
                }
            }
            if let Some(english) = english {
                gaps.missing += english.keys().filter(|k| !out.contains_key(*k)).count();
            }
            out
        };
        let ui = part("ui", Some(en_ui));
        let bank = part("bank", en_bank);
        gaps.missing -= gaps.bad_placeholders.len().min(gaps.missing);
        Ok((Locale { ui, bank }, gaps))
    }

    /// The widget's reading of a language's strings file (`locale-<tag>.json`: a flat object,
    /// key → text), as leniently as [`Locale::parse`]: the texts usable in place of
    /// `english`'s, and how many of `english`'s keys have none (shown in English). Errors only
    /// when `text` is not a JSON object. Smaller than `parse` in the wasm (no bank part, no list
    /// of the texts dropped).
    pub fn read_strings(
        text: &str,
        english: &BTreeMap<String, String>,
    ) -> Result<(BTreeMap<String, String>, usize), LocaleError> {
        let Ok(Value::Object(doc)) = serde_json::from_str::<Value>(text) else {
            return Err(LocaleError("not a JSON object".into()));
        };
        let mut texts = BTreeMap::new();
        for (key, value) in doc {
            if let (Value::String(text), Some(en)) = (value, english.get(&key)) {
                if same_placeholders(&text, en) {
                    texts.insert(key, text);
                }
            }
        }
        let missing = english.len() - texts.len();
        Ok((texts, missing))
    }

    /// A core message in this language: its template (English when the locale has none), the
    /// arguments filled in, tokens by their label (`token.<token>`). Numbers as in English.
    pub fn render(&self, m: &Message) -> String {
        let template = self
            .ui
            .get(m.key)
            .map(String::as_str)
            .or_else(|| MESSAGES.iter().find(|(k, _)| *k == m.key).map(|(_, t)| *t));
        let Some(template) = template else {
            return m.english();
        };
        m.fill(template, |a| match a {
            Arg::Token(t) => self
                .ui
                .get(&format!("token.{}", t.as_str()))
                .cloned()
                .unwrap_or_else(|| a.english()),
            Arg::Message(inner) => self.render(inner),
            other => other.english(),
        })
    }
}

/// The `{name}` placeholders of a text (a `{` without a closing `}` is plain text).
pub fn placeholders(text: &str) -> BTreeSet<&str> {
    placeholder_list(text).into_iter().collect()
}

/// Whether two texts have the same placeholders (each name counted once, in any order): each
/// one's are all in the other (no list built: the widget checks every translation with this).
pub fn same_placeholders(a: &str, b: &str) -> bool {
    let all_in = |from: &str, other: &str| {
        let mut rest = from;
        while let Some((name, after)) = next_placeholder(rest) {
            if !other.contains(&format!("{{{name}}}")) {
                return false;
            }
            rest = after;
        }
        true
    };
    all_in(a, b) && all_in(b, a)
}

/// The first `{name}` placeholder in `text` and the text after it.
fn next_placeholder(text: &str) -> Option<(&str, &str)> {
    let mut rest = text;
    loop {
        let open = rest.find('{')?;
        rest = &rest[open + 1..];
        let close = rest.find('}')?;
        let name = &rest[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Some((name, &rest[close + 1..]));
        }
    }
}

/// The placeholders of a text, sorted, each once (a list: the widget, which reads every
/// translation through this, then carries no set type for it).
fn placeholder_list(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((name, after)) = next_placeholder(rest) {
        out.push(name);
        rest = after;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The pseudo-locale's text for an English one (docs/translating.md): accented letters, about
/// 40% longer, in brackets, placeholders kept, so a string that skips the locale files stays
/// plain ASCII on screen and one that is cut off loses its closing bracket.
pub fn pseudo(english: &str) -> String {
    const FROM: &str = "AaCcDEeGgIiLlNnOoRrSsUuYyZz";
    const TO: &str = "ÅåÇçĐÉéĜĝÎîĹĺÑñÖöŘřŠšÛûÝýŽž";
    let map = |c: char| {
        FROM.chars()
            .position(|f| f == c)
            .and_then(|i| TO.chars().nth(i))
            .unwrap_or(c)
    };
    let mut out = String::from("[");
    let mut rest = english;
    let mut letters = 0usize;
    while !rest.is_empty() {
        // Placeholders stay as they are.
        if rest.starts_with('{') {
            if let Some(close) = rest.find('}') {
                out.push_str(&rest[..=close]);
                rest = &rest[close + 1..];
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(map(c));
        letters += usize::from(c.is_alphabetic());
        rest = &rest[c.len_utf8()..];
    }
    // 40% longer: pad with a pseudo-word of that many letters.
    let pad = (letters * 2).div_ceil(5);
    if pad > 0 {
        out.push(' ');
        out.extend("ŵôřđšéñţëñçé".chars().cycle().take(pad));
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> BTreeMap<String, String> {
        [
            ("a.plain", "Hello"),
            ("a.points", "{points} of {max}"),
            ("token.yes", "Yes"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn placeholders_are_named_braces() {
        assert_eq!(
            placeholders("{points} of {max}, {not a name} {"),
            ["max", "points"].into()
        );
        assert!(placeholders("no braces").is_empty());
    }

    #[test]
    fn a_text_with_other_placeholders_falls_back_to_english() {
        let text = r#"{"ui":{"a.plain":"Xin chào","a.points":"{diem} trên {max}","gone.key":"x","token.yes":7}}"#;
        let (locale, gaps) = Locale::parse(text, &en(), None).unwrap();
        assert_eq!(locale.ui.len(), 1);
        assert_eq!(locale.ui["a.plain"], "Xin chào");
        assert_eq!(gaps.bad_placeholders, vec!["a.points".to_string()]);
        assert_eq!(gaps.missing, 1, "token.yes is not text");
    }

    #[test]
    fn strings_are_read_as_leniently_as_a_whole_locale() {
        let text =
            r#"{"a.plain":"Xin chào","a.points":"{diem} trên {max}","gone.key":"x","token.yes":7}"#;
        let (texts, missing) = Locale::read_strings(text, &en()).unwrap();
        assert_eq!(texts.len(), 1);
        assert_eq!(texts["a.plain"], "Xin chào");
        assert_eq!(
            missing, 2,
            "a.points has other placeholders, token.yes is not text"
        );
        assert!(Locale::read_strings("{\"a.plain\":", &en()).is_err());
        assert!(Locale::read_strings("[]", &en()).is_err());
        assert_eq!(Locale::read_strings("{}", &en()).unwrap().1, 3);
    }

    #[test]
    fn same_placeholders_ignores_order_and_repeats_and_plain_braces() {
        assert!(same_placeholders(
            "{points} of {max}",
            "{max}: {points} ({points})"
        ));
        assert!(!same_placeholders(
            "{points} of {max}",
            "{points} of {maximum}"
        ));
        assert!(!same_placeholders("{points}", "{points} {max}"));
        assert!(same_placeholders("a { b } {x}", "{x} {not a name}"));
        assert!(same_placeholders("no braces", "{ still none"));
    }

    #[test]
    fn only_a_document_that_is_not_an_object_is_refused() {
        assert!(Locale::parse("{\"ui\":", &en(), None).is_err());
        assert!(Locale::parse("[]", &en(), None).is_err());
        let (locale, gaps) = Locale::parse("{}", &en(), None).unwrap();
        assert!(locale.ui.is_empty());
        assert_eq!(gaps.missing, 3);
    }

    #[test]
    fn pseudo_text_is_accented_longer_and_keeps_placeholders() {
        let p = pseudo("Level {level}: {points} of {max}");
        assert!(p.starts_with("[Ĺévéĺ {level}: {points} öf {max} ") && p.ends_with(']'));
        assert_eq!(
            placeholders(&p),
            placeholders("Level {level}: {points} of {max}")
        );
        let english = "Enter the quantity used from each source";
        let p = pseudo(english);
        assert!(p.chars().count() as f64 >= english.chars().count() as f64 * 1.35);
        assert!(!p.contains("quantity"));
    }
}
