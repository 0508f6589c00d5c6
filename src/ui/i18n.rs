//! The widget's languages (docs/translating.md).
//!
//! English is built in (`src/ui/locales/en.json`, and the bank's own text). Every other language
//! is data files made by build.rs and fetched only when the language is chosen (`LOCALE_FILES`:
//! its name in itself, each file and its SHA-256): its strings (`src/ui/locales/<tag>.json`), and
//! the built-in bank with its texts in that language (from `src/bank/fem-2024/locales/<tag>.json`),
//! fetched when the page uses the built-in bank, whose help prose is a third file
//! (`help::HelpProse`, requested with the view). Loading and showing a language is
//! `language::start` and `language::switch`. A bank
//! of the portal's own (`bank` URL) is shown as it is written. A key a language lacks, or whose
//! placeholders differ from English, is shown in English (`core::locale`); a file that cannot be
//! loaded leaves the widget in its language, saying so once.
//!
//! The language is per widget: each provides an [`I18n`] in its context (two
//! `<openfem-assessment locale=…>` on one page each speak their own). `t` reads it untracked:
//! a change of language rebuilds the widget's view (`App`), under the same state (answers,
//! drafts), so every string is re-read without making each one reactive.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::core::locale::Locale;
use crate::core::message::{Arg, Message};
use crate::core::Bank;

// Minified copy written by build.rs (the source file stays readable).
const EN: &str = include_str!(concat!(env!("OUT_DIR"), "/src/ui/locales/en.json"));
/// English, built in.
pub const ENGLISH: &str = "en";
/// The locale files' key holding a language's name in itself (build.rs reads it for the picker).
pub const SELF_NAME_KEY: &str = "language.self_name";
/// Where the chosen language is remembered in this browser.
const REMEMBER_KEY: &str = "openfem:locale";
/// Pseudo-locales (tests, layout checks) are not offered in the picker; a `locale` attribute
/// can still ask for one.
const PSEUDO_PREFIX: &str = "qps";

include!(concat!(env!("OUT_DIR"), "/locale_files.rs"));

/// A language's strings by key.
type Strings = BTreeMap<String, String>;

/// A number format by (language, fewest decimals, most decimals).
type FormatKey = (&'static str, u8, u8);

thread_local! {
    static ENGLISH_UI: &'static Strings =
        Box::leak(Box::new(serde_json::from_str(EN).unwrap_or_default()));
    static ENGLISH_NAME: &'static str = ENGLISH_UI.with(|en| {
        en.get(SELF_NAME_KEY).map_or("English", |n| Box::leak(n.clone().into_boxed_str()))
    });
    // A few entries each (one per language, bank or format in use): lists, which cost the wasm
    // less than a `HashMap` per key type.
    /// Languages' strings fetched and checked, once per page (shared by all widgets).
    static LOADED: RefCell<Vec<(&'static str, &'static Strings)>> =
        const { RefCell::new(Vec::new()) };
    /// The built-in bank in each language loaded.
    static LOCALIZED: RefCell<Vec<(&'static str, Arc<Bank>)>> =
        const { RefCell::new(Vec::new()) };
    static NUMBER_FORMATS: RefCell<Vec<(FormatKey, js_sys::Intl::NumberFormat)>> =
        const { RefCell::new(Vec::new()) };
}

/// The languages offered, as (tag, name in itself): English first.
pub fn languages(current: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    std::iter::once((ENGLISH, ENGLISH_NAME.with(|n| *n))).chain(
        LOCALE_FILES
            .iter()
            .filter(move |(tag, ..)| !tag.starts_with(PSEUDO_PREFIX) || *tag == current)
            .map(|(tag, name, ..)| (*tag, *name)),
    )
}

/// A language's name in itself (its tag when the widget does not have it).
fn language_name(tag: &'static str) -> &'static str {
    LOCALE_FILES
        .iter()
        .find(|(t, ..)| *t == tag)
        .map_or(tag, |(_, name, ..)| *name)
}

/// The language for a BCP 47 tag, if the widget has it: the same tag (any case), else the same
/// language (`vi-VN` → `vi`, `zh`, `zh-Hans`, `zh-SG` → `zh-CN`; Traditional Chinese is not
/// Simplified, so `zh-TW`, `zh-HK`, `zh-Hant` match nothing). Pseudo-locales only by their tag.
pub fn match_tag(tag: &str) -> Option<&'static str> {
    // Compared in place (`_` as `-`, any case): no copy of the tag in the wasm.
    let tag = tag.trim();
    let all = std::iter::once(ENGLISH).chain(LOCALE_FILES.iter().map(|(t, ..)| *t));
    let same = |ours: &str| {
        ours.len() == tag.len()
            && ours
                .bytes()
                .zip(tag.bytes())
                .all(|(o, t)| o.eq_ignore_ascii_case(&if t == b'_' { b'-' } else { t }))
    };
    if let Some(exact) = all.clone().find(|t| same(t)) {
        return Some(exact);
    }
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next()?;
    let traditional = |p: &str| {
        ["hant", "tw", "hk", "mo"]
            .iter()
            .any(|t| p.eq_ignore_ascii_case(t))
    };
    if lang.eq_ignore_ascii_case("zh") && parts.any(traditional) {
        return None;
    }
    all.filter(|t| !t.starts_with(PSEUDO_PREFIX)).find(|t| {
        t.split('-')
            .next()
            .is_some_and(|l| l.eq_ignore_ascii_case(lang))
    })
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The language to start in: the embed's `locale` attribute, else the one chosen before in this
/// browser, else the browser's preferred languages in order, else English.
pub fn initial(attribute: Option<&str>) -> &'static str {
    let remembered = storage().and_then(|s| s.get_item(REMEMBER_KEY).ok().flatten());
    attribute
        .and_then(match_tag)
        .or_else(|| remembered.as_deref().and_then(match_tag))
        .or_else(|| {
            let browser = web_sys::window()?.navigator().languages();
            browser
                .iter()
                .find_map(|t| t.as_string().as_deref().and_then(match_tag))
        })
        .unwrap_or(ENGLISH)
}

/// One widget's language, provided in its context.
#[derive(Clone, Copy)]
pub struct I18n {
    /// The language shown (its strings are loaded).
    pub tag: RwSignal<&'static str>,
    /// The language asked for at start; `tag` follows once it is loaded.
    wanted: &'static str,
    /// False until the starting language is loaded (or has failed): the view waits.
    pub ready: RwSignal<bool>,
    /// The starting language is being loaded (`start` was called).
    started: StoredValue<bool>,
    /// A problem with a language file, said once (in English: the language could not be shown).
    /// (`failed` or `partial`, the sentence).
    pub problem: RwSignal<Option<(&'static str, String)>>,
}

impl I18n {
    pub fn new(wanted: &'static str) -> I18n {
        let english = wanted == ENGLISH;
        I18n {
            tag: RwSignal::new(ENGLISH),
            wanted,
            ready: RwSignal::new(english),
            started: StoredValue::new(false),
            problem: RwSignal::new(None),
        }
    }

    /// The language asked for at start.
    pub(crate) fn wanted(self) -> &'static str {
        self.wanted
    }

    /// Marks the starting language as being loaded (`language::start`); false if it is loaded
    /// or already being loaded.
    pub(crate) fn begin_start(self) -> bool {
        if self.ready.get_untracked() || self.started.get_value() {
            return false;
        }
        self.started.set_value(true);
        true
    }

    /// Shows `tag`'s strings (loaded); `missing` English keys it lacks are said once.
    pub(crate) fn show(self, tag: &'static str, missing: Option<usize>) {
        let _ = self
            .problem
            .try_set(missing.map(|count| ("partial", gaps_message(tag, count))));
        let _ = self.tag.try_set(tag);
    }

    /// Says, in the language shown, that `tag` could not be shown and why.
    pub(crate) fn say_failed(self, tag: &'static str, error: &Message) {
        let name = language_name(tag);
        let shown = self.tag.try_get_untracked().unwrap_or(ENGLISH);
        let text = with_tag(shown, || {
            tf(
                "language.failed",
                &[("language", &name), ("error", &message(error))],
            )
        });
        let _ = self.problem.try_set(Some(("failed", text)));
    }
}

fn gaps_message(tag: &'static str, count: usize) -> String {
    let name = language_name(tag);
    // In the language itself where it has the key (its own words for "some text is English").
    with_tag(tag, || {
        tf(
            "language.partial",
            &[("language", &name), ("count", &count)],
        )
    })
}

/// Remembers the language chosen in this browser (the next visit starts in it).
pub fn remember(tag: &str) {
    if let Some(s) = storage() {
        _ = s.set_item(REMEMBER_KEY, tag);
    }
}

/// A future of the main module handed to the language part.
type Pending<T> = Pin<Box<dyn Future<Output = Result<T, Message>>>>;

/// What this page still lacks of a language, requested (both files at once) but not yet read.
pub(crate) struct Requested {
    /// Its strings file (name, content), unless this page has read them already.
    strings: Option<(&'static str, Pending<String>)>,
    /// The built-in bank in it, when the page uses the built-in bank and lacks it.
    bank: Option<Pending<Arc<Bank>>>,
}

/// Sends the requests for what the page lacks of language `tag` (English: nothing).
pub(crate) fn request(tag: &'static str) -> Requested {
    let Some((_, _, (file, sha256), (bank_file, bank_sha256), _)) =
        LOCALE_FILES.iter().find(|(t, ..)| *t == tag)
    else {
        return Requested {
            strings: None,
            bank: None,
        }; // English, built in
    };
    // A widget of the built-in bank may come after one of a portal's bank in the language.
    let bank = (super::data::builtin_wanted() && builtin_in(tag).is_none())
        .then(|| Box::pin(super::data::read_bank(bank_file, bank_sha256)) as Pending<_>);
    let strings = loaded(tag).is_none().then(|| {
        (
            *file,
            Box::pin(super::data::fetch_data(file, sha256)) as Pending<_>,
        )
    });
    Requested { strings, bank }
}

impl Requested {
    /// Reads the files as they arrive, once per page: `Ok(Some(n))` the first time a language
    /// with `n` strings in English is loaded (so that is said once), `Ok(None)` otherwise.
    pub(crate) async fn read(self, tag: &'static str) -> Result<Option<usize>, Message> {
        if let Some(bank) = self.bank {
            let bank = bank.await?;
            if builtin_in(tag).is_none() {
                LOCALIZED.with(|l| l.borrow_mut().push((tag, bank)));
            }
        }
        let Some((file, strings)) = self.strings else {
            return Ok(None);
        };
        let text = strings.await?;
        let english = ENGLISH_UI.with(|en| *en);
        let (strings, missing) = Locale::read_strings(&text, english).map_err(|_| {
            Message::new(
                "data.error.invalid",
                vec![("url", Arg::Text(super::data::url(file)))],
            )
        })?;
        if loaded(tag).is_some() {
            return Ok(None); // another widget loaded it meanwhile
        }
        LOADED.with(|l| l.borrow_mut().push((tag, Box::leak(Box::new(strings)))));
        Ok((missing > 0).then_some(missing))
    }
}

/// The built-in bank in language `tag`, if loaded.
fn builtin_in(tag: &str) -> Option<Arc<Bank>> {
    LOCALIZED.with(|l| {
        l.borrow()
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, b)| b.clone())
    })
}

/// `bank` in language `tag`: the built-in bank in it (the same rules), once loaded; any other
/// bank as it is.
pub fn localized_bank(bank: &Arc<Bank>, tag: &'static str) -> Arc<Bank> {
    if !super::data::builtin_bank().is_some_and(|b| Arc::ptr_eq(&b, bank)) {
        return bank.clone();
    }
    builtin_in(tag).unwrap_or_else(|| bank.clone())
}

/// The help prose file of `bank` (`help::HelpProse`), as its name and SHA-256: the built-in
/// bank's, in the language it is in; `None` for a portal's bank, whose help is inline.
pub fn help_file(bank: &Arc<Bank>) -> Option<(&'static str, &'static [u8; 32])> {
    if super::data::builtin_bank().is_some_and(|b| Arc::ptr_eq(&b, bank)) {
        return Some((super::data::HELP_FILE, &super::data::HELP_SHA256));
    }
    let tag = LOCALIZED.with(|l| {
        l.borrow()
            .iter()
            .find(|(_, b)| Arc::ptr_eq(b, bank))
            .map(|(tag, _)| *tag)
    })?;
    let (.., (file, sha256)) = LOCALE_FILES.iter().find(|(t, ..)| *t == tag)?;
    Some((file, sha256))
}

fn loaded(tag: &str) -> Option<&'static Strings> {
    LOADED.with(|l| l.borrow().iter().find(|(t, _)| *t == tag).map(|(_, l)| *l))
}

thread_local! {
    /// A language forced for the duration of `with_tag` (text in a language not yet shown).
    static FORCED: RefCell<Option<&'static str>> = const { RefCell::new(None) };
}

fn with_tag<T>(tag: &'static str, f: impl FnOnce() -> T) -> T {
    let before = FORCED.with(|f| f.replace(Some(tag)));
    let out = f();
    FORCED.with(|f| *f.borrow_mut() = before);
    out
}

/// Runs `f` with `t` in `i18n`'s current language: code outside the widget's owner (a spawned
/// task, a browser event listener) does not see its context and would speak English.
pub fn speaking<T>(i18n: Option<I18n>, f: impl FnOnce() -> T) -> T {
    match i18n.and_then(|i| i.tag.try_get_untracked()) {
        Some(tag) => with_tag(tag, f),
        None => f(),
    }
}

/// `future` polled in the current widget's language (see [`speaking`]), for `spawn_local`.
pub fn in_widget_language<F: std::future::Future + 'static>(
    future: F,
) -> impl std::future::Future<Output = F::Output> {
    let i18n = i18n();
    let mut future = Box::pin(future);
    std::future::poll_fn(move |cx| speaking(i18n, || future.as_mut().poll(cx)))
}

/// Provides the widget's language to its components (call at the top of the widget's root).
pub fn provide(i18n: I18n) {
    provide_context(i18n);
}

pub fn i18n() -> Option<I18n> {
    use_context::<I18n>()
}

/// The current widget's language tag (`en`, `vi`, `zh-CN`).
pub fn locale() -> &'static str {
    FORCED
        .with(|f| *f.borrow())
        .or_else(|| i18n().and_then(|i| i.tag.try_get_untracked()))
        .unwrap_or(ENGLISH)
}

/// The text for `key` in the widget's language, else English; the key itself when no locale
/// has it (visible, never a panic).
pub fn t(key: &str) -> String {
    let tag = locale();
    loaded(tag)
        .and_then(|l| l.get(key))
        .cloned()
        .or_else(|| ENGLISH_UI.with(|en| en.get(key).cloned()))
        .unwrap_or_else(|| key.to_string())
}

/// `key`'s English template, for the core's messages (`core::message::set_english_templates`).
pub fn english_template(key: &str) -> Option<&'static str> {
    ENGLISH_UI.with(|en| en.get(key).map(String::as_str))
}

/// `key`'s English text (built in), whatever the widget's language.
pub fn english(key: &str) -> String {
    ENGLISH_UI.with(|en| en.get(key).cloned().unwrap_or_else(|| key.to_string()))
}

/// Whether `text` is `key`'s text in English or in a language loaded on this page.
pub fn is_text_of(key: &str, text: &str) -> bool {
    english(key) == text
        || LOADED.with(|l| {
            l.borrow()
                .iter()
                .any(|(_, strings)| strings.get(key).is_some_and(|t| t == text))
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

/// `n` in the widget's language (Intl: its decimal and grouping separators), with between
/// `min` and `max` decimals.
pub fn format_number(n: f64, min: u8, max: u8) -> String {
    let n = if n == 0.0 { 0.0 } else { n }; // no "-0"
    let tag = locale();
    NUMBER_FORMATS.with(|formats| {
        let mut formats = formats.borrow_mut();
        let key = (tag, min, max);
        let at = match formats.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let options = js_sys::Object::new();
                let set = |k: &str, v: u8| {
                    _ = js_sys::Reflect::set(&options, &k.into(), &JsValue::from(v));
                };
                set("minimumFractionDigits", min);
                set("maximumFractionDigits", max);
                let locales = js_sys::Array::of1(&JsValue::from_str(tag));
                formats.push((key, js_sys::Intl::NumberFormat::new(&locales, &options)));
                formats.len() - 1
            }
        };
        formats[at]
            .1
            .format()
            .call1(&JsValue::UNDEFINED, &JsValue::from_f64(n))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| n.to_string())
    })
}

/// A score or points figure as shown: one decimal.
pub fn num(n: f64) -> String {
    format_number(n, 1, 1)
}

/// A core message (why sentence, number range or plausibility) in the widget's language: the
/// template of its key, the arguments filled in (numbers by the locale, tokens by their label).
pub fn message(m: &Message) -> String {
    let template = t(m.key);
    if template == m.key {
        return m.english();
    }
    m.fill(&template, arg_text)
}

/// A message argument in the widget's language: numbers by the locale, tokens by their label.
pub fn arg_text(a: &Arg) -> String {
    match a {
        Arg::Points(n) => num(*n),
        Arg::Number(n) => format_number(*n, 0, 20),
        Arg::Token(token) => t(&format!("token.{}", token.as_str())),
        Arg::Text(s) => s.clone(),
        Arg::Message(inner) => message(inner),
    }
}
