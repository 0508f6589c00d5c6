//! The browser widget (wasm only): a Leptos shell over `crate::core`.
//!
//! State is one signal, the facility's answers. The assessment is a `Memo` of
//! `core::evaluate(bank, answers)`: every score, level, visibility and completion figure shown
//! comes from it. The widget never re-implements a rule; it only turns inputs into answer values
//! and the assessment into DOM.
//!
//! Two ways in: `mount` (the standalone page, index.html) and `embed::mount_widget` (the
//! `<openfem-assessment>` custom element, npm/openfem-element.js, one per element). A
//! `config::Config` in context tells components which (draft key, readonly, sections, events);
//! without one they behave as on the standalone page. Strings are per widget (`i18n::I18n`).

mod config;
mod data;
mod drafts;
mod embed;
mod energy;
mod files;
mod i18n;
mod inputs;
mod language;
mod post;
mod report;
mod route;
mod score;
mod section;
mod store;

use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::{evaluate, Answers, Assessment, Bank};
use config::config;
use i18n::{t, tf};

pub use embed::{mount_widget, WidgetHandle};

/// Called once by the wasm-bindgen glue when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Mounts the widget into `target` (the page's `<div id="openfem">`), replacing its content.
#[wasm_bindgen]
pub fn mount(target: web_sys::HtmlElement) {
    let locale = i18n::I18n::new(i18n::initial(None));
    target.set_inner_html("");
    // The standalone page: no `Config` in context, so App uses `Config::standalone()`.
    leptos::mount::mount_to(target, move || {
        i18n::provide(locale);
        view! { <BankGate /> }
    })
    .forget();
}

/// The built-in bank (fetched by `data::load_builtin_bank`), or why there is none yet.
fn builtin_bank() -> Result<&'static Bank, String> {
    data::builtin_bank().ok_or_else(|| t("data.bank_not_loaded"))
}

/// The standalone page until the built-in bank is there: "loading", or why it failed with a
/// Retry button (the drafts in browser storage are not touched until the bank is read).
#[component]
fn BankGate() -> impl IntoView {
    // None: loading.
    let state = RwSignal::new(None::<Result<(), String>>);
    let load = move || {
        state.set(None);
        leptos::task::spawn_local(async move {
            let result = data::load_builtin_bank().await.map(|_| ());
            state.set(Some(result));
        });
    };
    load();
    move || match state.get() {
        None => view! { <p class="ofem-loading" role="status">{t("data.loading")}</p> }.into_any(),
        Some(Ok(())) => {
            request_animation_frame(|| mark("openfem:interactive"));
            view! { <App /> }.into_any()
        }
        Some(Err(error)) => view! {
            <div class="ofem-error" role="alert" data-error="bank-file">
                <p>{tf("data.bank_failed", &[("error", &error)])}</p>
                <button type="button" on:click=move |_| load()>
                    {t("data.retry")}
                </button>
            </div>
        }
        .into_any(),
    }
}

/// What every component reads: the bank, the answers, the assessment, the section in view.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub bank: &'static Bank,
    pub answers: RwSignal<Answers>,
    pub assessment: Memo<Assessment<'static>>,
    /// Id of the section shown.
    pub current: RwSignal<String>,
    /// A message about the answers file or the restored draft.
    pub notice: RwSignal<Option<Notice>>,
    /// Answers given through the widget so far (`set`): tells a person's answer apart from a
    /// draft loaded or imported, which opens levels without anything to announce.
    pub edits: RwSignal<u64>,
}

#[derive(Clone, PartialEq)]
pub(crate) struct Notice {
    pub text: String,
    pub error: bool,
}

impl Ctx {
    /// Sets (or, with `null`, clears) one answer; ignored when read-only. Embedded, the host
    /// element gets an `openfem-change` event.
    pub fn set(&self, id: &str, value: Value) {
        let config = config();
        if config.readonly {
            return;
        }
        config.changed(id, &value);
        self.edits.update(|n| *n += 1);
        self.answers.update(|a| a.set(id, value));
    }

    /// The stored answer of a question, tracked.
    pub fn value(&self, id: &str) -> Option<Value> {
        self.answers.with(|a| a.get(id).cloned())
    }
}

pub(crate) fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// Today's date in the browser's time zone (the core has no clock).
pub(crate) fn today() -> crate::core::entry::Date {
    let now = js_sys::Date::new_0();
    crate::core::entry::Date::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or(crate::core::entry::Date {
        year: 2000,
        month: 1,
        day: 1,
    })
}

/// Shows the question's section, then scrolls to the question and focuses its first control:
/// in a table, the first required cell still empty.
pub(crate) fn goto_question(id: &str) {
    let c = ctx();
    let config = config();
    if let Some(pos) = c.bank.position(id) {
        let section = &c.bank.sections[pos.section].id;
        if !config.shows(section) {
            return; // outside the element's `sections`
        }
        if c.current.with_untracked(|s| s != section) {
            c.current.set(section.clone());
            route::push(&config, section);
        }
    }
    let id = id.to_string();
    request_animation_frame(move || {
        let Some(el) = config.element_by_id(&format!("q-{id}")) else {
            return;
        };
        el.scroll_into_view();
        let control = el
            .query_selector(
                "[data-empty-required] :is(input, select, textarea), input:checked, input, select, textarea, button",
            )
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(control) = control {
            _ = control.focus();
        }
    });
}

/// Switches to a section (a new entry in the page's history, standalone) and moves focus to
/// its heading (keyboard users land there).
pub(crate) fn show_section(id: &str) {
    let c = ctx();
    let config = config();
    if c.current.with_untracked(|s| s != id) {
        route::push(&config, id);
    }
    focus_section(c, config, id);
}

/// Shows a section and moves focus to its heading, leaving the page's history as it is. Takes
/// the widget's state rather than reading the context: Back and Forward call it from a window
/// listener, outside any component.
pub(crate) fn focus_section(c: Ctx, config: config::Config, id: &str) {
    c.current.set(id.to_string());
    let id = id.to_string();
    request_animation_frame(move || {
        if let Some(h) = config
            .element_by_id(&format!("s-{id}"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            _ = h.focus();
        }
    });
}

/// A `performance.mark` (for the browser tests' timings); ignored where unsupported.
pub(crate) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        _ = p.mark(name);
    }
}

/// The widget's state, provided in the current owner's context: the answers and assessment
/// (`Ctx`), the drafts store (`drafts::Persist`) and, embedded, the host element's score events.
/// Embedded, `embed::mount_widget` calls this in an owner of its own, which outlives the views
/// mounted under it (the drafts store must not be disposed: see `embed::WidgetHandle::unmount`);
/// on the standalone page `App` calls it.
pub(crate) fn provide_state(config: &config::Config) -> Result<Ctx, String> {
    let bank = config.bank.map_or_else(builtin_bank, Ok)?;
    // Answers start empty; the drafts store (drafts.rs) fills them from browser storage.
    let answers = RwSignal::new(Answers::new());
    let assessment = Memo::new(move |_| answers.with(|a| evaluate(bank, a)));
    // The section the page's URL names (standalone), else the first one shown.
    let current = RwSignal::new(
        route::section_in_url(bank, config)
            .or_else(|| route::first_section(bank, config))
            .unwrap_or_default(),
    );
    let notice = RwSignal::new(None);
    let ctx = Ctx {
        bank,
        answers,
        assessment,
        current,
        notice,
        edits: RwSignal::new(0),
    };
    provide_context(ctx);
    // Autosave, drafts and two tabs, in the widget's namespace (the element's `draft`).
    let persist = drafts::attach(ctx, &config.namespace);
    if let Some(widget) = config.embed {
        embed::register(widget, ctx, persist);
        embed::watch_score(widget, ctx);
    }
    Ok(ctx)
}

/// The widget's root component: its state from the context (embedded), or made here; then its
/// view in the widget's language, rebuilt over the same state when the language changes.
#[component]
pub fn App() -> impl IntoView {
    let config = config();
    if use_context::<Ctx>().is_none() {
        if let Err(error) = provide_state(&config) {
            return view! {
                <p class="ofem-error" role="alert">{tf("app.bank_error", &[("error", &error)])}</p>
            }
            .into_any();
        }
    }
    let state = ctx();
    let Some(lang) = i18n::i18n() else {
        return view! { <Shell /> }.into_any();
    };
    lang.start();
    (move || {
        let tag = lang.tag.get();
        lang.ready.get().then(|| {
            untrack(|| {
                provide_context(language::localized(state, tag));
                view! { <Shell /> }
            })
        })
    })
    .into_any()
}

/// The widget's view (the header, navigator, section, score) in its language.
#[component]
fn Shell() -> impl IntoView {
    let config = config();
    let persist = drafts::persist();
    let readonly = config.readonly;
    // Back and Forward move between sections (standalone only: never the host page's history).
    route::follow();

    let body = view! {
        {readonly
            .then(|| {
                view! { <p class="ofem-banner info" data-note="readonly">{t("embed.readonly")}</p> }
            })}
        <score::ZeroBanner />
        // `readonly`: a disabled fieldset disables every input of the section at once.
        <fieldset class="ofem-fields" disabled=readonly>
            <section::SectionView />
        </fieldset>
    };
    // Embedded in a portal's page, which has its own `<main>`: a plain container.
    let main = if config.embed.is_some() {
        view! { <div class="ofem-main" id="ofem-main">{body}</div> }.into_any()
    } else {
        view! { <main class="ofem-main" id="ofem-main">{body}</main> }.into_any()
    };

    view! {
        // Inert until the open draft is loaded, so no answer is given before it arrives.
        <div class="ofem-app" class:readonly=readonly lang=i18n::locale() inert=move || !persist.ready.get()>
            <header class="ofem-header">
                {config
                    .chrome
                    .title
                    .then(|| {
                        // "Nothing is sent anywhere" is the standalone page's promise; a portal
                        // embedding the widget posts the answers.
                        let standalone = config.embed.is_none();
                        view! {
                            <div>
                                <h1>{t("app.title")}</h1>
                                {standalone
                                    .then(|| view! { <p class="ofem-subtitle">{t("app.subtitle")}</p> })}
                            </div>
                        }
                    })}
                <files::FileActions />
                <language::LanguagePicker />
            </header>
            <language::LanguageProblem />
            <section::SectionNav />
            {main}
            <score::ScorePanel />
            <score::MiniBar />
        </div>
    }
    .into_any()
}
