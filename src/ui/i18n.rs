//! The widget's own strings (the bank's text is localised by `Bank::localize`).
//!
//! One JSON file per locale in `src/ui/locales/`, embedded at build time: a flat map from key to
//! text with `{name}` placeholders, the same shape as the bank's locale overlays. A key missing
//! from a locale falls back to English. (Why not `leptos_i18n`: see docs/web-build.md.)

use std::cell::RefCell;
use std::collections::HashMap;

const EN: &str = include_str!("locales/en.json");

/// Locales with a strings file; the first is the fallback.
const LOCALES: &[(&str, &str)] = &[("en", EN)];

struct Strings {
    locale: &'static str,
    current: HashMap<String, String>,
    fallback: HashMap<String, String>,
}

thread_local! {
    static STRINGS: RefCell<Option<Strings>> = const { RefCell::new(None) };
}

fn parse(text: &str) -> HashMap<String, String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Picks the locale: the first of `preferred` (BCP 47 tags, best first) that has strings.
pub fn init(preferred: &[String]) {
    let locale = preferred
        .iter()
        .filter_map(|tag| {
            let lang = tag.split(['-', '_']).next()?.to_ascii_lowercase();
            LOCALES.iter().find(|(l, _)| *l == lang)
        })
        .next()
        .unwrap_or(&LOCALES[0]);
    STRINGS.with(|s| {
        *s.borrow_mut() = Some(Strings {
            locale: locale.0,
            current: parse(locale.1),
            fallback: parse(LOCALES[0].1),
        })
    });
}

/// The chosen locale's tag (`en`).
pub fn locale() -> &'static str {
    STRINGS.with(|s| s.borrow().as_ref().map_or(LOCALES[0].0, |s| s.locale))
}

/// The text for `key`; the key itself when no locale has it (visible, never a panic).
pub fn t(key: &str) -> String {
    STRINGS.with(|s| {
        if s.borrow().is_none() {
            init(&[]);
        }
        let s = s.borrow();
        let s = s.as_ref().expect("strings initialised");
        s.current
            .get(key)
            .or_else(|| s.fallback.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    })
}

/// `t` with `{name}` placeholders filled in.
pub fn tf(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut text = t(key);
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}

/// A score or points figure as shown: one decimal.
pub fn num(n: f64) -> String {
    format!("{n:.1}")
}
