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

mod action;
mod app;
mod banks;
mod config;
mod data;
mod deferred;
mod drafts;
mod embed;
mod embed_api;
mod energy;
mod estimate;
mod evidence;
mod files;
mod help;
mod host;
mod i18n;
mod inputs;
mod language;
mod level_state;
mod names;
mod part;
mod plan;
mod post;
mod posting;
mod report;
mod review;
mod review_store;
mod route;
mod score;
mod section;
mod state;
mod store;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use app::App;
use i18n::{t, tf};
use state::mark;

pub use embed::{mount_widget, WidgetHandle};
// The widget's state, as the drafts store and the table input name it.
pub(crate) use state::{ctx, today, Ctx, Notice};

/// Called once by the wasm-bindgen glue when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    crate::core::message::set_english_templates(i18n::english_template);
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

/// The standalone page until the built-in bank is there: "loading", or why it failed with a
/// Retry button (the drafts in browser storage are not touched until the bank is read). The
/// language loads meanwhile, so these are said in it once it is there.
#[component]
fn BankGate() -> impl IntoView {
    // None: loading.
    let state = RwSignal::new(None::<Result<(), crate::core::message::Message>>);
    let load = move || {
        state.set(None);
        leptos::task::spawn_local(async move {
            let result = data::load_builtin_bank().await.map(|_| ());
            state.set(Some(result));
        });
    };
    load();
    let lang = i18n::i18n();
    if let Some(lang) = lang {
        language::start(lang);
    }
    move || {
        let state = state.get();
        // Until the bank is there, said again in the language once it is loaded (never after:
        // that would mount the widget again).
        if let (Some(lang), false) = (lang, matches!(state, Some(Ok(())))) {
            lang.tag.track();
        }
        match state {
            None => {
                view! { <p class="ofem-loading" role="status">{t("data.loading")}</p> }.into_any()
            }
            Some(Ok(())) => {
                request_animation_frame(|| mark("openfem:interactive"));
                view! { <App /> }.into_any()
            }
            Some(Err(error)) => view! {
                <div class="ofem-error" role="alert" data-error="bank-file">
                    <p>{tf("data.bank_failed", &[("error", &i18n::message(&error))])}</p>
                    <button type="button" on:click=move |_| load()>
                        {t("data.retry")}
                    </button>
                </div>
            }
            .into_any(),
        }
    }
}
