//! Free text, one line or several, with its length limit shown near the limit and a pasted text
//! that was cut said so (the browser cuts at `maxlength` without a word).

use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::labels::str_of;
use crate::ui::i18n::tf;

/// From this share of the limit on, the count of characters is shown.
const COUNTER_FROM: f64 = 0.8;

#[component]
pub(super) fn TextField(
    input_id: String,
    label: Option<String>,
    multiline: bool,
    max_len: Option<usize>,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
) -> impl IntoView {
    let current = move || value.with(|v| str_of(v).unwrap_or_default().to_string());
    let length = move || value.with(|v| str_of(v).map_or(0, |s| s.chars().count()));
    let cut = RwSignal::new(None::<usize>);
    let on_input = move |ev: leptos::ev::Event| set.run(Value::String(event_target_value(&ev)));
    // The text a paste would make, against the limit: how many characters the browser drops.
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(max) = max_len else { return };
        let pasted = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text").ok())
            .map_or(0, |s| s.chars().count());
        let (len, selected) = ev
            .target()
            .map(|t| {
                let (value, start, end) =
                    if let Some(el) = t.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                        (el.value(), el.selection_start(), el.selection_end())
                    } else if let Some(el) = t.dyn_ref::<web_sys::HtmlInputElement>() {
                        (el.value(), el.selection_start(), el.selection_end())
                    } else {
                        (String::new(), Ok(None), Ok(None))
                    };
                let span = match (start, end) {
                    (Ok(Some(a)), Ok(Some(b))) => b.saturating_sub(a) as usize,
                    _ => 0,
                };
                (value.chars().count(), span)
            })
            .unwrap_or((0, 0));
        let total = len - selected.min(len) + pasted;
        cut.set((total > max).then(|| total - max));
    };
    let counter_id = format!("count-{input_id}");
    let counter = move || {
        let max = max_len?;
        let n = length();
        (n as f64 >= max as f64 * COUNTER_FROM)
            .then(|| tf("input.text_count", &[("count", &n), ("max", &max)]))
    };
    let max = max_len.map(|m| m.to_string());
    let field = if multiline {
        view! {
            <textarea id=input_id aria-label=label maxlength=max rows="3" prop:value=current
                aria-describedby=counter_id.clone() on:input=on_input on:paste=on_paste></textarea>
        }
        .into_any()
    } else {
        view! {
            <input type="text" id=input_id aria-label=label maxlength=max prop:value=current
                aria-describedby=counter_id.clone() on:input=on_input on:paste=on_paste />
        }
        .into_any()
    };
    view! {
        {field}
        <div id=counter_id aria-live="polite">
            {move || cut.get().map(|n| view! {
                <p class="ofem-msg-warn" data-msg="cut">{tf("input.text_cut", &[("count", &n), ("max", &max_len.unwrap_or(0))])}</p>
            })}
            {move || counter().map(|c| view! { <p class="ofem-help-text" data-msg="count">{c}</p> })}
        </div>
    }
}
