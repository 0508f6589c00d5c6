//! The DOM handles of each embedded widget, by its id: the host element (`<openfem-assessment>`)
//! and its shadow root. They are not `Send`, so they live here rather than in context; `Config`
//! names them by the widget's id. Events are `CustomEvent`s with `bubbles` and `composed`,
//! dispatched on the host element only.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::Serialize;
use wasm_bindgen::JsValue;

#[derive(Clone)]
struct Host {
    element: web_sys::HtmlElement,
    root: web_sys::ShadowRoot,
}

thread_local! {
    static HOSTS: RefCell<HashMap<u32, Host>> = RefCell::new(HashMap::new());
}

/// Records the widget's host element and shadow root (when it is mounted).
pub(crate) fn add(widget: u32, element: web_sys::HtmlElement, root: web_sys::ShadowRoot) {
    HOSTS.with(|h| h.borrow_mut().insert(widget, Host { element, root }));
}

/// Forgets them (when it is freed): no more events from it.
pub(crate) fn remove(widget: u32) {
    HOSTS.with(|h| h.borrow_mut().remove(&widget));
}

/// The widget's shadow root, while it is mounted.
pub(crate) fn root(widget: u32) -> Option<web_sys::ShadowRoot> {
    HOSTS.with(|h| h.borrow().get(&widget).map(|d| d.root.clone()))
}

/// Serialises `detail` to a plain JS value (objects, not `Map`s).
pub(crate) fn to_js(detail: &impl Serialize) -> JsValue {
    serde_json::to_string(detail)
        .ok()
        .and_then(|s| js_sys::JSON::parse(&s).ok())
        .unwrap_or(JsValue::NULL)
}

/// Dispatches `name` on the widget's host element, `bubbles` and `composed`.
pub(crate) fn emit(widget: u32, name: &str, detail: &impl Serialize) {
    emit_value(widget, name, &to_js(detail));
}

/// [`emit`] with the detail already a JS value.
pub(crate) fn emit_value(widget: u32, name: &str, detail: &JsValue) {
    let host = HOSTS.with(|h| h.borrow().get(&widget).map(|d| d.element.clone()));
    let Some(host) = host else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        _ = host.dispatch_event(&ev);
    }
}

/// `openfem-error` with `{ code, message, lang }`: `code` is stable (what a portal acts on),
/// `message` in the widget's language (what a person reads), `lang` that language's tag.
pub(crate) fn emit_error(widget: u32, code: &str, message: &str) {
    emit(widget, "openfem-error", &error_detail(code, message));
}

/// The detail of an `openfem-error` (see [`emit_error`]).
pub(crate) fn error_detail(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "code": code, "message": message, "lang": super::i18n::locale() })
}

/// An element of the widget's shadow root by id.
pub(crate) fn element_by_id(widget: u32, id: &str) -> Option<web_sys::Element> {
    HOSTS.with(|h| {
        h.borrow()
            .get(&widget)
            .and_then(|d| d.root.get_element_by_id(id))
    })
}
