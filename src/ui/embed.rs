//! The embedded widget: what `<openfem-assessment>` (npm/openfem-element.js) calls.
//!
//! `mount_widget(root, host, options)` mounts one widget into the element's shadow root and
//! returns a [`WidgetHandle`] backing the element's JS API. Each widget has its own Leptos owner,
//! context (`Config`, `I18n`, `Ctx`), draft key and DOM ids (scoped by its shadow root); the DOM
//! handles, which are not `Send`, live in this module's registry under the widget's id. Events
//! are `CustomEvent`s with `bubbles` and `composed`, dispatched on the host element only.
//!
//! Two owners per widget: the state's (answers, assessment, drafts store), disposed by
//! `WidgetHandle::dispose` (the element's `dispose()`, or a re-mount), and under it the view's
//! (DOM, components), disposed when the element is removed from the page (`suspend`, mounted
//! again by `resume`) or freed. See `WidgetHandle::dispose`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use wasm_bindgen::prelude::*;

use super::app::{builtin_bank, provide_state, App};
use super::config::{Chrome, Config, EMBED_DEFAULT_NAMESPACE};
use super::drafts;
use super::drafts::Persist;
use super::embed_api;
use super::host::{self, emit_error, emit_value, error_detail, to_js};
use super::i18n::I18n;
use super::state::Ctx;
use crate::core::element::{draft_namespace, parse_sections, ElementError};
use crate::core::message::{Arg, Message};
use crate::core::{Answers, AnswersDoc, Bank};

/// What the registry keeps of a widget besides its DOM handles (`host`).
struct Dom {
    /// The view's `<div class="ofem-root">` in the shadow root (none while suspended).
    container: Option<web_sys::HtmlElement>,
    ctx: Option<Ctx>,
    /// The drafts store: `ready` once the widget's draft is loaded; flushed before the view goes.
    persist: Option<Persist>,
    /// The element told the page it is ready (`openfem-ready`): score events flow from then on.
    live: bool,
}

thread_local! {
    static WIDGETS: RefCell<HashMap<u32, Dom>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// A problem with the element's attributes, said once the widget's language is loaded.
struct AttributeError {
    code: &'static str,
    /// The sentence (`embed.error.<code>` or `app.bank_error`) and its arguments.
    key: &'static str,
    args: Vec<(&'static str, Reason)>,
}

/// An argument of an [`AttributeError`]: text as it is, or a core message to translate.
#[derive(Clone)]
enum Reason {
    Text(String),
    Message(Message),
}

impl Reason {
    /// In the widget's language.
    fn text(&self) -> String {
        match self {
            Reason::Text(s) => s.clone(),
            Reason::Message(m) => super::i18n::message(m),
        }
    }
}

impl AttributeError {
    fn text(&self) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, r)| (*name, r.text()))
            .collect();
        let refs: Vec<(&str, &dyn std::fmt::Display)> = args
            .iter()
            .map(|(n, v)| (*n, v as &dyn std::fmt::Display))
            .collect();
        super::i18n::tf(self.key, &refs)
    }
}

/// Called by `mount_widget` once the widget's state exists, so the handle's methods can reach it.
pub(crate) fn register(widget: u32, ctx: Ctx, persist: Persist) {
    WIDGETS.with(|w| {
        if let Some(d) = w.borrow_mut().get_mut(&widget) {
            d.ctx = Some(ctx);
            d.persist = Some(persist);
        }
    });
}

/// `openfem-score` after every change of the assessment, `openfem-complete` when completion
/// reaches 100% (not for the state the widget was mounted with). Nothing before the element has
/// sent `openfem-ready` (`WidgetHandle::set_live`): the draft loading is part of the mount, whose
/// score the element sends after `openfem-ready`.
pub(crate) fn watch_score(widget: u32, ctx: Ctx) {
    Effect::new(move |prev: Option<bool>| {
        let can_post = ctx.assessment.with(|a| a.can_post);
        let live = WIDGETS.with(|w| w.borrow().get(&widget).is_some_and(|d| d.live));
        if prev.is_some() && live {
            let (bank, assessment) = (ctx.bank(), ctx.assessment.get_untracked());
            let report = ctx
                .answers
                .with_untracked(|a| embed_api::now(|| embed_api::score(&bank, assessment, a)));
            // Live means the element has its API part (it waits for it before `openfem-ready`).
            if let Some(report) = report {
                emit_value(widget, "openfem-score", &report);
                if can_post && prev == Some(false) {
                    emit_value(widget, "openfem-complete", &report);
                }
            }
        }
        can_post
    });
}

/// The errors the element's own fetch of a `bank` URL reports (`bankErrorKey`, with
/// `bankErrorArgs`), said in the widget's language like the widget's own data files': the
/// data-file errors, and the bank checker's code that could not be downloaded (`checkBank`).
const FETCH_ERRORS: [&str; 5] = [
    "data.error.network",
    "data.error.http",
    "data.error.not_json",
    "data.error.too_large",
    "deferred.failed",
];

/// Why the element could not fetch the bank (`bankError`): one of [`FETCH_ERRORS`] with its
/// figures, the built-in bank's own failure (`bankErrorBuiltin`), else the element's text.
fn fetch_failure(options: &JsValue) -> Option<Reason> {
    let text = opt_string(options, "bankError")?;
    if opt_bool(options, "bankErrorBuiltin") {
        if let Some(m) = super::data::builtin_failure() {
            return Some(Reason::Message(m));
        }
    }
    let wanted = opt_string(options, "bankErrorKey");
    let Some(key) = FETCH_ERRORS
        .into_iter()
        .find(|k| Some(*k) == wanted.as_deref())
    else {
        return Some(Reason::Text(text));
    };
    let given = js_sys::Reflect::get(options, &JsValue::from_str("bankErrorArgs")).ok();
    let args = ["url", "status", "type", "limit"]
        .into_iter()
        .filter_map(|name| {
            let value = js_sys::Reflect::get(given.as_ref()?, &JsValue::from_str(name)).ok()?;
            Some((name, Arg::Text(value.as_string()?)))
        })
        .collect();
    Some(Reason::Message(Message::new(key, args)))
}

fn opt_string(options: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

fn opt_bool(options: &JsValue, key: &str) -> bool {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .is_some_and(|v| v.is_truthy())
}

/// A bank from a `bank` URL, read and checked (`checkBank`), for `mount_widget`; or why the
/// checker refused it (English, as `check-bank` says it).
#[wasm_bindgen]
pub struct CheckedBank(Result<Arc<Bank>, String>);

/// The bank checker (`check-bank`), for a bank a page gives by URL (`check_bank`): the
/// bank read, or why it is refused (English, as the CLI says it).
#[wasm_split(bank_check, wasm_split_path = ::leptos::wasm_split, fallible)]
fn read_checked_bank(text: String) -> Result<Result<Bank, String>, SplitLoaderError> {
    Ok(crate::core::element::load_bank(&text).map_err(|e| e.to_string()))
}

/// Reads a bank document fetched from the element's `bank` URL and checks it (`check-bank`):
/// once while a widget holds it (`banks`), freed with the last widget showing it. The checker is
/// a deferred part (only such banks need it): when its code cannot be downloaded, rejects with
/// an `Error` whose `openfem` is `{ key: "deferred.failed", args: {} }` (a `bankErrorKey`).
#[wasm_bindgen(js_name = checkBank)]
pub async fn check_bank(text: String) -> Result<CheckedBank, JsValue> {
    let hash = crate::sha256::sha256(text.as_bytes());
    if let Some(bank) = super::banks::find(&hash) {
        return Ok(CheckedBank(Ok(bank)));
    }
    match read_checked_bank(text).await {
        Ok(read) => Ok(CheckedBank(read.map(|bank| super::banks::keep(bank, hash)))),
        Err(_) => {
            let error = js_sys::Error::new("the bank checker could not be downloaded");
            let openfem = js_sys::Object::new();
            _ = js_sys::Reflect::set(&openfem, &"key".into(), &"deferred.failed".into());
            _ = js_sys::Reflect::set(&openfem, &"args".into(), &js_sys::Object::new());
            _ = js_sys::Reflect::set(&error, &"openfem".into(), &openfem);
            Err(error.into())
        }
    }
}

/// Mounts a widget into `root` (the element's shadow root) for `host` (the element), showing
/// `bank` (from the element's `bank` URL, `checkBank`), else the built-in bank.
/// `options`: `{ locale?, bankError?, draft?, readonly?, sections?, label?, chrome? }`
/// (strings, and a boolean for `readonly`; `bankError`: the element could not fetch the bank,
/// with `bankErrorKey`/`bankErrorArgs` saying why as a data-file error, or `bankErrorBuiltin`);
/// problems with them are reported as `openfem-error` events. A `draft` key that is not valid
/// refuses the mount (its message in place of the questions): never another element's drafts.
#[wasm_bindgen]
pub fn mount_widget(
    root: web_sys::ShadowRoot,
    host: web_sys::HtmlElement,
    options: JsValue,
    bank: Option<CheckedBank>,
) -> Result<WidgetHandle, JsValue> {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    WIDGETS.with(|w| {
        w.borrow_mut().insert(
            id,
            Dom {
                container: None,
                ctx: None,
                persist: None,
                live: false,
            },
        )
    });

    host::add(id, host, root);

    let mut config = Config::standalone();
    config.embed = Some(id);
    config.readonly = opt_bool(&options, "readonly");
    config.label = opt_string(&options, "label").filter(|l| !l.trim().is_empty());
    let mut refused = None;
    // Said once the widget's language is loaded (at once in English).
    let mut errors = Vec::new();
    config.namespace = match opt_string(&options, "draft") {
        None => EMBED_DEFAULT_NAMESPACE.into(),
        Some(ns) => match draft_namespace(&ns) {
            Ok(ns) => ns,
            Err(e) => {
                let reason = match e {
                    ElementError::DraftNamespace(why) => Reason::Message(why),
                    other => Reason::Text(other.to_string()),
                };
                errors.push(AttributeError {
                    code: "draft",
                    key: "embed.error.draft",
                    args: vec![
                        ("draft", Reason::Text(format!("{ns:?}"))),
                        ("reason", reason.clone()),
                    ],
                });
                refused = Some(Refusal::Draft(reason));
                String::new()
            }
        },
    };
    config.chrome = match opt_string(&options, "chrome") {
        None => Chrome::EMBED_DEFAULT,
        Some(list) => {
            let (chrome, unknown) = Chrome::parse(&list);
            if !unknown.is_empty() {
                errors.push(AttributeError {
                    code: "chrome",
                    key: "embed.error.chrome",
                    args: vec![("parts", Reason::Text(unknown.join(", ")))],
                });
            }
            chrome
        }
    };
    let bank_error = match (fetch_failure(&options), bank) {
        (Some(e), _) => Some(e),
        (None, Some(CheckedBank(Ok(b)))) => {
            config.bank = Some(b);
            None
        }
        (None, Some(CheckedBank(Err(e)))) => Some(Reason::Text(e)),
        (None, None) => None,
    };
    let bank = match (config.bank.clone(), &bank_error) {
        (Some(b), _) => Some(b),
        (None, None) => builtin_bank().ok(),
        (None, Some(_)) => None,
    };
    if let Some(e) = &bank_error {
        errors.push(AttributeError {
            code: "bank",
            key: "app.bank_error",
            args: vec![("error", e.clone())],
        });
    }
    if let (Some(bank), Some(list)) = (bank, opt_string(&options, "sections")) {
        let (known, unknown) = parse_sections(&list, &bank);
        if !unknown.is_empty() {
            errors.push(AttributeError {
                code: "sections",
                key: "embed.error.sections",
                args: vec![("ids", Reason::Text(unknown.join(", ")))],
            });
        }
        config.sections = known;
    }
    let i18n = I18n::new(super::i18n::initial(
        opt_string(&options, "locale").as_deref(),
    ));

    // The state in an owner of its own (the views are mounted under it, so they see its
    // context). A bank that failed to load: its message in place of the questions (never the
    // built-in bank instead of the one the page asked for).
    // `mount_to` starts the executor, but the state (drafts store, effects) spawns tasks first.
    _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let error = owner.with(|| {
        super::i18n::provide(i18n);
        provide_context(config.clone());
        match (refused, bank_error) {
            (Some(refusal), _) => Some(refusal),
            (None, Some(e)) => Some(Refusal::Bank(e)),
            (None, None) => match provide_state(&config) {
                Ok(ctx) => {
                    register(id, ctx, drafts::persist());
                    watch_score(id, ctx);
                    None
                }
                Err(e) => Some(Refusal::Bank(Reason::Text(e))),
            },
        }
    });
    // English (or a language already loaded): said now, as the element is created; otherwise
    // once the language is loaded (or has failed, then in English).
    let say = move || {
        for e in &errors {
            emit_error(id, e.code, &e.text());
        }
    };
    owner.with(|| {
        super::language::start(i18n);
        if i18n.ready.get_untracked() {
            say();
        } else {
            let said = std::cell::Cell::new(false);
            Effect::new(move |_| {
                if i18n.ready.get() && !said.replace(true) {
                    say();
                }
            });
        }
    });
    let mut handle = WidgetHandle {
        id,
        owner: Some(owner),
        view: None,
        error,
    };
    handle.resume()?;
    Ok(handle)
}

/// Why a widget shows a message instead of its questions.
#[derive(Clone)]
enum Refusal {
    /// The bank could not be fetched or read.
    Bank(Reason),
    /// The `draft` key is not valid (why): no storage is opened (never another element's).
    Draft(Reason),
}

impl Refusal {
    /// What the element's methods throw.
    fn api_message(&self) -> &'static str {
        match self {
            Refusal::Bank(_) => {
                "this OpenFEM widget has no question bank (see its openfem-error event)"
            }
            Refusal::Draft(_) => {
                "this OpenFEM widget was not mounted: its draft key is not valid (see its openfem-error event)"
            }
        }
    }

    /// The message shown in place of the questions.
    fn text(&self) -> String {
        match self {
            Refusal::Bank(e) => super::i18n::tf("app.bank_error", &[("error", &e.text())]),
            Refusal::Draft(why) => {
                super::i18n::tf("portal.draft_refused", &[("error", &why.text())])
            }
        }
    }
}

/// One mounted widget; the element's methods call these.
#[wasm_bindgen]
pub struct WidgetHandle {
    id: u32,
    /// The state's owner (`None` once unmounted).
    owner: Option<Owner>,
    /// The view (its `UnmountHandle`, which disposes the view's owner when dropped); `None`
    /// while suspended.
    view: Option<Box<dyn Any>>,
    /// Why the widget has no questions (its bank or draft key), shown in their place.
    error: Option<Refusal>,
}

fn err(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

impl WidgetHandle {
    fn ctx(&self) -> Result<Ctx, JsValue> {
        if self.owner.is_none() {
            return Err(err("this OpenFEM widget was unmounted"));
        }
        WIDGETS
            .with(|w| w.borrow().get(&self.id).and_then(|d| d.ctx))
            .ok_or_else(|| {
                err(self
                    .error
                    .as_ref()
                    .map_or("this OpenFEM widget has no state", Refusal::api_message))
            })
    }
}

/// A method that needs the API part called before it arrived (the element waits for it before
/// `ready`, so only a page calling the handle itself meets this).
fn api_not_ready() -> JsValue {
    js_sys::Error::new("this OpenFEM widget's API is not loaded yet (loadEmbedApi)").into()
}

#[wasm_bindgen]
impl WidgetHandle {
    /// The widget's draft is loaded (or it has none to load): the element's `ready` waits for it.
    /// A widget without a bank is "ready" at once (its error is shown).
    #[wasm_bindgen(js_name = isReady)]
    pub fn is_ready(&self) -> bool {
        WIDGETS.with(|w| match w.borrow().get(&self.id) {
            Some(Dom {
                ctx: Some(_),
                persist: Some(p),
                ..
            }) => p.ready.get_untracked(),
            Some(Dom { ctx: None, .. }) => true,
            _ => false,
        })
    }

    /// The element sends `openfem-ready` now: later changes bring `openfem-score` events.
    #[wasm_bindgen(js_name = setLive)]
    pub fn set_live(&self) {
        WIDGETS.with(|w| {
            if let Some(d) = w.borrow_mut().get_mut(&self.id) {
                d.live = true;
            }
        });
    }

    /// The answers document (what `openfem score` reads), with the data checks dismissed and
    /// their notes, as Post sends it.
    #[wasm_bindgen(js_name = getAnswers)]
    pub fn get_answers(&self) -> Result<JsValue, JsValue> {
        let c = self.ctx()?;
        let persist = WIDGETS.with(|w| w.borrow().get(&self.id).and_then(|d| d.persist));
        let doc = match persist {
            Some(p) => p.answers_doc(),
            None => c
                .answers
                .with_untracked(|a| AnswersDoc::new(&c.bank(), a.clone())),
        };
        embed_api::now(|| embed_api::answers_document(&doc)).ok_or_else(api_not_ready)
    }

    /// Replaces the answers with a document (an object or its JSON text), checked by the core:
    /// throws, changing nothing, when it does not fit the bank.
    #[wasm_bindgen(js_name = setAnswers)]
    pub fn set_answers(&self, doc: JsValue) -> Result<(), JsValue> {
        let c = self.ctx()?;
        let text = match doc.as_string() {
            Some(s) => s,
            None => js_sys::JSON::stringify(&doc)?
                .as_string()
                .unwrap_or_default(),
        };
        let bank = c.bank();
        let read =
            embed_api::now(|| embed_api::read_answers(&text, &bank)).ok_or_else(api_not_ready)?;
        let doc = read.map_err(|e| {
            // English for the page's code; `localized` for what a person reads (the element's
            // `openfem-error` when answers set before ready do not fit).
            let error = err(&e);
            let localized = self.owner.as_ref().map_or_else(
                || e.to_string(),
                |o| o.with(|| super::files::answer_error(&e)),
            );
            _ = js_sys::Reflect::set(&error, &"localized".into(), &localized.into());
            error
        })?;
        self.refuse_if_posted()?;
        if let Some(p) = WIDGETS.with(|w| w.borrow().get(&self.id).and_then(|d| d.persist)) {
            p.replace_dismissals(doc.dismissed_checks);
        }
        c.answers.set(doc.answers);
        Ok(())
    }

    /// A posted version is never changed: `setAnswers` and `reset` throw while the open draft
    /// is one (until the person starts a revision).
    fn refuse_if_posted(&self) -> Result<(), JsValue> {
        let locked = self.owner.as_ref().is_some_and(|o| {
            o.with(|| {
                use_context::<super::posting::Postings>().is_some_and(|p| {
                    p.versions.with_untracked(|v| !v.is_empty()) && !p.revising.get_untracked()
                })
            })
        });
        if locked {
            return Err(js_sys::Error::new(
                "the open draft is a posted version: it cannot be changed until a revision is started",
            )
            .into());
        }
        Ok(())
    }

    /// The score document of the current answers (`score_report`, as `openfem score` prints).
    #[wasm_bindgen(js_name = getScore)]
    pub fn get_score(&self) -> Result<JsValue, JsValue> {
        let c = self.ctx()?;
        let (bank, assessment) = (c.bank(), c.assessment.get_untracked());
        c.answers
            .with_untracked(|a| embed_api::now(|| embed_api::score(&bank, assessment, a)))
            .ok_or_else(api_not_ready)
    }

    /// Throws why the widget was refused (its bank or draft key), if it was: the element asks
    /// before it waits for the API part or queues answers.
    #[wasm_bindgen(js_name = checkMounted)]
    pub fn check_mounted(&self) -> Result<(), JsValue> {
        self.ctx().map(|_| ())
    }

    /// Shows the widget in another language (the element's `locale` attribute changed), keeping
    /// answers, score, focus and scroll. An unknown tag is ignored; a language that cannot be
    /// loaded is said in the widget, which stays as it is.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, tag: &str) -> Result<(), JsValue> {
        self.ctx()?;
        let Some(tag) = super::i18n::match_tag(tag) else {
            return Ok(());
        };
        if let Some(owner) = &self.owner {
            owner.with(|| super::language::switch(tag));
        }
        Ok(())
    }

    /// The `openfem-error` detail of a problem the element finds itself (`embed.error.<key>`,
    /// `{reason}` filled in), in the widget's language: `{ code, message, lang }`.
    #[wasm_bindgen(js_name = errorDetail)]
    pub fn error_detail(&self, code: &str, key: &str, reason: &str) -> JsValue {
        let key = format!("embed.error.{key}");
        let detail = || {
            to_js(&error_detail(
                code,
                &super::i18n::tf(&key, &[("reason", &reason)]),
            ))
        };
        match &self.owner {
            Some(owner) => owner.with(detail),
            None => detail(),
        }
    }

    /// Clears every answer (the draft, if any, is saved empty).
    pub fn reset(&self) -> Result<(), JsValue> {
        let c = self.ctx()?;
        self.refuse_if_posted()?;
        c.answers.set(Answers::new());
        c.notice.set(None);
        Ok(())
    }

    /// `{ valid, complete, errors: [{ path, message }], missing: [ref] }`.
    pub fn validate(&self) -> Result<JsValue, JsValue> {
        let c = self.ctx()?;
        let bank = c.bank();
        c.answers
            .with_untracked(|a| embed_api::now(|| embed_api::validation(&bank, a)))
            .ok_or_else(api_not_ready)
    }

    /// The element left the page: saves what is pending, then disposes the view (its DOM,
    /// components and their effects). The state stays: the JS API keeps working, and `resume`
    /// shows it again.
    pub fn suspend(&mut self) {
        let Some(view) = self.view.take() else {
            return;
        };
        let (persist, container) = WIDGETS.with(|w| {
            w.borrow_mut()
                .get_mut(&self.id)
                .map_or((None, None), |d| (d.persist, d.container.take()))
        });
        if let Some(p) = persist {
            p.flush();
        }
        drop(view);
        if let Some(container) = container {
            container.remove();
        }
    }

    /// Mounts the view (again) into the shadow root, under the state's owner.
    pub fn resume(&mut self) -> Result<(), JsValue> {
        let Some(owner) = &self.owner else {
            return Err(err("this OpenFEM widget was unmounted"));
        };
        if self.view.is_some() {
            return Ok(());
        }
        let Some(root) = host::root(self.id) else {
            return Err(err("this OpenFEM widget was unmounted"));
        };
        let container: web_sys::HtmlElement = document()
            .create_element("div")?
            .dyn_into()
            .map_err(|_| JsValue::from_str("not an HTML element"))?;
        container.set_class_name("ofem-root");
        root.append_child(&container)?;
        WIDGETS.with(|w| {
            if let Some(d) = w.borrow_mut().get_mut(&self.id) {
                d.container = Some(container.clone());
            }
        });
        let error = self.error.clone();
        let view = owner.with(|| {
            leptos::mount::mount_to(container, move || match error {
                Some(error) => {
                    // In the widget's language once it is loaded.
                    let i18n = super::i18n::i18n();
                    let text = move || {
                        i18n.map(|i| i.tag.get());
                        error.text()
                    };
                    view! { <p class="ofem-error" role="alert">{text}</p> }.into_any()
                }
                None => view! { <App /> }.into_any(),
            })
        });
        self.view = Some(Box::new(view));
        Ok(())
    }

    /// Frees the widget for good (the element's `dispose()`, and a re-mount after an attribute
    /// changed): the handle is consumed, and the returned promise resolves once everything is
    /// freed. At once the widget is taken out of the registry (no more events); the rest waits
    /// for the next microtask, so a page's event listener (running inside the widget's own
    /// handlers or effects) may call it. Then, in order: the view is disposed and removed, the drafts store
    /// closes (`Persist::close`: its listeners removed, the pending answers written, every
    /// drafts task finished, the channel closed, the timer cleared) and, with no `await` after
    /// that, the state's owner is disposed (answers, assessment, drafts store, their effects).
    /// No task, listener or timer of the widget is left to read a disposed value.
    pub fn dispose(mut self) -> js_sys::Promise {
        let view = self.view.take();
        let owner = self.owner.take();
        let dom = WIDGETS.with(|w| w.borrow_mut().remove(&self.id));
        host::remove(self.id);
        drop(self); // `unmount` has nothing left to do
        wasm_bindgen_futures::future_to_promise(async move {
            drop(view);
            let persist = dom.and_then(|d| {
                if let Some(container) = d.container {
                    container.remove();
                }
                d.persist
            });
            if let Some(p) = persist {
                p.close().await;
            }
            if let Some(owner) = owner {
                owner.cleanup();
            }
            // The bank's text, when no other widget shows that bank.
            super::banks::forget_unused();
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Removes the widget from its shadow root and forgets it (a handle dropped without
    /// `dispose`, e.g. `free()` from JS). Later calls on the handle throw.
    ///
    /// The view is disposed (`suspend`); the state's owner is leaked, not disposed: the drafts
    /// store may still be writing (`dispose` waits for that; this cannot). What it keeps is
    /// small (the answers, the assessment, the open draft): docs/embedding.md gives the figures.
    pub fn unmount(&mut self) {
        self.suspend();
        WIDGETS.with(|w| w.borrow_mut().remove(&self.id));
        host::remove(self.id);
        if let Some(owner) = self.owner.take() {
            std::mem::forget(owner);
        }
    }
}

/// `free()` from JS without `unmount()` first still releases the widget and its DOM handles.
impl Drop for WidgetHandle {
    fn drop(&mut self) {
        self.unmount();
    }
}
