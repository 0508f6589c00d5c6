//! The section in view, in the page's URL: `#s-<section>` (or `#q-<ref>` for a question's
//! section). Each section chosen is a new history entry, so Back and Forward move between
//! sections and a link opens one. Only on the standalone page: an embedded widget keeps its
//! section to itself and never reads or writes the host page's URL or history.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::config::{config, Config};
use super::state::{ctx, Ctx};
use crate::core::Bank;

const SECTION: &str = "#s-";
const QUESTION: &str = "#q-";

/// The first section this widget shows.
pub(crate) fn first_section(bank: &Bank, config: &Config) -> Option<String> {
    bank.sections
        .iter()
        .find(|s| config.shows(&s.id))
        .map(|s| s.id.clone())
}

/// The section the URL names, when it is one this widget shows (standalone only).
pub(crate) fn section_in_url(bank: &Bank, config: &Config) -> Option<String> {
    if config.embed.is_some() {
        return None;
    }
    section_of_hash(bank, config, &window().location().hash().ok()?)
}

fn section_of_hash(bank: &Bank, config: &Config, hash: &str) -> Option<String> {
    let id = if let Some(id) = hash.strip_prefix(SECTION) {
        bank.section(id)?.id.clone()
    } else {
        let q = hash.strip_prefix(QUESTION)?;
        let pos = bank.position(q)?;
        bank.sections[pos.section].id.clone()
    };
    config.shows(&id).then_some(id)
}

/// A new history entry for the section (standalone only; nothing when the URL names it).
pub(crate) fn push(config: &Config, section: &str) {
    if config.embed.is_some() {
        return;
    }
    let hash = format!("{SECTION}{section}");
    let w = window();
    if w.location().hash().is_ok_and(|h| h == hash) {
        return;
    }
    if let Ok(history) = w.history() {
        _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
    }
}

/// Follows Back, Forward and an edited URL: shows the section the URL names (the first one for
/// a URL without a section), focus on its heading. Standalone only.
pub(crate) fn follow() {
    let config = config();
    if config.embed.is_some() {
        return;
    }
    let c = ctx();
    let show = move || {
        let Ok(hash) = window().location().hash() else {
            return;
        };
        // Other in-page links (`#ofem-energy`, a skip link) keep the section as it is.
        let named = section_of_hash(&c.bank(), &config, &hash);
        let target = match (named, hash.is_empty()) {
            (Some(id), _) => Some(id),
            (None, true) => first_section(&c.bank(), &config),
            (None, false) => None,
        };
        if let Some(id) = target.filter(|id| c.current.with_untracked(|s| s != id)) {
            focus_section(c, config.clone(), &id);
        }
    };
    let show = std::rc::Rc::new(show);
    let again = show.clone();
    let back = window_event_listener(ev::popstate, move |_| show());
    let edited = window_event_listener(ev::hashchange, move |_| again());
    on_cleanup(move || {
        back.remove();
        edited.remove();
    });
}

/// Shows the question's section, then scrolls to the question and focuses its first control:
/// in a table, the first required cell still empty.
pub(crate) fn goto_question(id: &str) {
    let c = ctx();
    let config = config();
    if let Some(pos) = c.bank().position(id) {
        let section = &c.bank().sections[pos.section].id;
        if !config.shows(section) {
            return; // outside the element's `sections`
        }
        if c.current.with_untracked(|s| s != section) {
            c.current.set(section.clone());
            push(&config, section);
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
        push(&config, id);
    }
    focus_section(c, config, id);
}

/// Shows a section and moves focus to its heading, leaving the page's history as it is. Takes
/// the widget's state rather than reading the context: Back and Forward call it from a window
/// listener, outside any component.
pub(crate) fn focus_section(c: Ctx, config: Config, id: &str) {
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
