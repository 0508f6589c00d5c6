//! The widget's own strings (the bank's text is localised by `Bank::localize`).
//!
//! One JSON file per locale in `src/ui/locales/`, embedded at build time: a flat map from key to
//! text with `{name}` placeholders, the same shape as the bank's locale overlays. A key missing
//! from a locale falls back to English. (Why not `leptos_i18n`: see docs/web-build.md.)
//!
//! The locale is per widget: each mounted widget provides an [`I18n`] in its Leptos context
//! (several `<openfem-assessment locale=…>` on one page each speak their own). `t` reads that
//! context; outside any widget (or in a task spawned without its owner) it uses the fallback.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

// Minified copy written by build.rs (the source file stays readable).
const EN: &str = include_str!(concat!(env!("OUT_DIR"), "/src/ui/locales/en.json"));

/// Locales with a strings file; the first is the fallback.
const LOCALES: &[(&str, &str)] = &[("en", EN)];

struct Strings {
    current: HashMap<String, String>,
    fallback: &'static HashMap<String, String>,
}

thread_local! {
    /// Parsed strings, once per locale for the page's lifetime (shared by all widgets).
    static PARSED: RefCell<HashMap<&'static str, &'static Strings>> = RefCell::new(HashMap::new());
}

fn parse(text: &str) -> HashMap<String, String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn strings(locale: &'static str) -> &'static Strings {
    PARSED.with(|p| {
        if let Some(s) = p.borrow().get(locale) {
            return *s;
        }
        let fallback: &'static HashMap<String, String> = if locale == LOCALES[0].0 {
            Box::leak(Box::new(parse(LOCALES[0].1)))
        } else {
            &strings(LOCALES[0].0).current
        };
        let text = LOCALES
            .iter()
            .find(|(l, _)| *l == locale)
            .map_or(LOCALES[0].1, |(_, t)| *t);
        let s: &'static Strings = Box::leak(Box::new(Strings {
            current: parse(text),
            fallback,
        }));
        p.borrow_mut().insert(locale, s);
        s
    })
}

/// One widget's locale, provided in its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    locale: &'static str,
}

impl I18n {
    /// Picks the locale: the first of `preferred` (BCP 47 tags, best first) that has strings.
    pub fn pick(preferred: &[String]) -> I18n {
        let locale = preferred
            .iter()
            .filter_map(|tag| {
                let lang = tag.split(['-', '_']).next()?.to_ascii_lowercase();
                LOCALES.iter().find(|(l, _)| *l == lang)
            })
            .next()
            .unwrap_or(&LOCALES[0]);
        I18n { locale: locale.0 }
    }

    fn text(self, key: &str) -> String {
        let s = strings(self.locale);
        s.current
            .get(key)
            .or_else(|| s.fallback.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

/// The current widget's locale (the fallback outside a widget).
fn current() -> I18n {
    use_context::<I18n>().unwrap_or(I18n {
        locale: LOCALES[0].0,
    })
}

/// Provides the widget's locale to its components (call at the top of the widget's root).
pub fn provide(i18n: I18n) {
    provide_context(i18n);
}

/// The current widget's locale tag (`en`).
pub fn locale() -> &'static str {
    current().locale
}

/// The text for `key`; the key itself when no locale has it (visible, never a panic).
pub fn t(key: &str) -> String {
    current().text(key)
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
