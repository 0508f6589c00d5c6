//! Choosing the widget's language: the picker (each language named in itself), the switch that
//! keeps the user's place, and the view's state in that language.
//!
//! A switch rebuilds the view (`App`) over the same answers, drafts and score, so what is kept is
//! by construction (answers are tokens; nothing saved or emitted depends on the language). What
//! the rebuild would lose is put back: the focused control (by its id) and the scroll position
//! (the first question or heading in view stays where it was on screen).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use wasm_bindgen::JsCast;

use super::config::{config, Config};
use super::i18n::{self, t, I18n};
use super::state::{mark, Ctx};
use crate::core::message::Message;

/// The picker's id (focus returns to it after a switch).
const PICKER_ID: &str = "ofem-language";

/// The view's state in language `tag`: the bank's text in that language (the same rules), and an
/// assessment of it, so the reasons for points read in that language too. The answers, current
/// section and notices are the widget's own: shared, not copied. Embed events and drafts use the
/// widget's state, which stays in the bank's own language.
pub(crate) fn localized(state: Ctx, tag: &'static str) -> Ctx {
    let bank = state.bank();
    let localized = i18n::localized_bank(&bank, tag);
    if Arc::ptr_eq(&localized, &bank) {
        return state;
    }
    state.with_bank(localized)
}

/// The language picker: a `<select>` whose options are named in their own language.
#[component]
pub(crate) fn LanguagePicker() -> impl IntoView {
    let Some(lang) = i18n::i18n() else {
        return ().into_any();
    };
    let current = lang.tag.get_untracked();
    // The options as markup (a list of views costs the wasm more). Tags and names are the
    // build's own, checked by build.rs to need no escaping.
    let options: String = i18n::languages(current)
        .map(|(tag, name)| {
            let selected = if tag == current { " selected" } else { "" };
            format!("<option value=\"{tag}\" lang=\"{tag}\"{selected}>{name}</option>")
        })
        .collect();
    let on_change = move |ev: leptos::ev::Event| {
        let el: web_sys::HtmlSelectElement = event_target(&ev);
        if let Some(tag) = i18n::match_tag(&el.value()) {
            switch(tag);
        }
    };
    view! {
        <div class="ofem-language">
            <label for=PICKER_ID>{t("language.label")}</label>
            <select id=PICKER_ID on:change=on_change inner_html=options></select>
        </div>
    }
    .into_any()
}

/// Loads the widget's starting language (called by `App`, and by an embed as it mounts so that
/// its `openfem-error` messages are in that language; once).
pub(crate) fn start(lang: I18n) {
    if !lang.begin_start() {
        return;
    }
    leptos::task::spawn_local(async move {
        load_and_show(lang, lang.wanted(), None).await;
        lang.ready.set(true);
    });
}

/// Loads `tag` (if need be) and shows it, putting the user's focus and scroll back when
/// `keep_place` is given (a switch); on failure stays in the current language and says why.
/// `true` when the language is shown. The files are requested here, and read by the language
/// part (`show_language`), whose code downloads beside them.
async fn load_and_show(lang: I18n, tag: &'static str, keep_place: Option<Config>) -> bool {
    let files = i18n::request(tag);
    match show_language(lang, tag, files, keep_place).await {
        Ok(showing) => showing.await,
        Err(_) => {
            lang.say_failed(tag, &Message::new("language.part_failed", vec![]));
            false
        }
    }
}

/// Showing a language other than English: reading its files as they arrive (checked, with the
/// count of texts left in English) and, on a switch, putting the user's focus and scroll back.
/// A deferred part (docs/web-build.md), fetched beside the language's files; a page in English
/// never needs it.
#[wasm_split(language, wasm_split_path = ::leptos::wasm_split, fallible)]
fn show_language(
    lang: I18n,
    tag: &'static str,
    files: i18n::Requested,
    keep_place: Option<Config>,
) -> Result<Pin<Box<dyn Future<Output = bool>>>, SplitLoaderError> {
    Ok(Box::pin(show(lang, tag, files, keep_place)))
}

/// Shows the widget (in whose owner this runs) in language `tag`, once loaded, keeping the
/// user's place; remembers the choice in this browser. On failure the widget stays as it is and
/// says why.
pub(crate) fn switch(tag: &'static str) {
    let Some(lang) = i18n::i18n() else { return };
    if lang.tag.get_untracked() == tag {
        return;
    }
    let config = config();
    leptos::task::spawn_local(async move {
        if load_and_show(lang, tag, Some(config)).await {
            i18n::remember(tag);
        }
    });
}

/// The language part's work (`show_language`): reads `files` as they arrive and shows
/// `tag`, putting the user's place back after the rebuild when `keep_place` is given.
async fn show(
    lang: I18n,
    tag: &'static str,
    files: i18n::Requested,
    keep_place: Option<Config>,
) -> bool {
    let place = keep_place.map(|config| (Place::capture(&config), config));
    match files.read(tag).await {
        Ok(missing) => {
            lang.show(tag, missing);
            if let Some((place, config)) = place {
                // The view is rebuilt by the effects the change scheduled; put things back after.
                request_animation_frame(move || {
                    place.restore(&config);
                    // The browser tests time a switch up to this mark (docs/translating.md).
                    mark("openfem:language-switched");
                });
            }
            true
        }
        Err(e) => {
            lang.say_failed(tag, &e);
            false
        }
    }
}

/// A language file that could not be loaded, or that lacks some texts: said once, politely.
#[component]
pub(crate) fn LanguageProblem() -> impl IntoView {
    let Some(lang) = i18n::i18n() else {
        return ().into_any();
    };
    (move || {
        lang.problem.get().map(|(kind, text)| {
            let dismiss = move |_| lang.problem.set(None);
            view! {
                <div class="ofem-banner info" role="status" data-note="language" data-problem=kind>
                    <p>{text}</p>
                    <button type="button" on:click=dismiss>{t("language.dismiss")}</button>
                </div>
            }
        })
    })
    .into_any()
}

/// Where the user is: the focused control and the element at the top of the view.
struct Place {
    focused: Option<String>,
    anchor: Option<(String, f64)>,
}

impl Place {
    fn capture(config: &Config) -> Place {
        let active = active_element();
        let focused = active.as_ref().map(|e| e.id()).filter(|id| !id.is_empty());
        let top = |e: web_sys::Element| (e.id(), e.get_bounding_client_rect().top());
        // The question being answered, else the first question or heading in view.
        let anchor = active
            .and_then(|e| e.closest("[id^='q-']").ok().flatten())
            .map(top)
            .or_else(|| {
                let app = config
                    .element_by_id(PICKER_ID)?
                    .closest(".ofem-app")
                    .ok()??;
                let list = app.query_selector_all("[id^='q-'], [id^='s-']").ok()?;
                (0..list.length())
                    .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
                    .find(|e| e.get_bounding_client_rect().bottom() > 0.0)
                    .map(top)
            });
        Place { focused, anchor }
    }

    fn restore(self, config: &Config) {
        // Focus first: whatever it scrolls, the anchor is put back where it was after.
        if let Some(el) = self
            .focused
            .and_then(|id| config.element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            _ = el.focus();
        }
        if let Some((id, top)) = self.anchor {
            if let (Some(el), Some(w)) = (config.element_by_id(&id), web_sys::window()) {
                let moved = el.get_bounding_client_rect().top() - top;
                w.scroll_by_with_x_and_y(0.0, moved);
            }
        }
    }
}

/// The focused element, looking into shadow roots (an embedded widget's controls).
fn active_element() -> Option<web_sys::Element> {
    let mut el = document().active_element()?;
    while let Some(inner) = el.shadow_root().and_then(|r| r.active_element()) {
        el = inner;
    }
    Some(el)
}
