//! Choices: Yes/Partial/No radios, multi-select checkboxes, and a select over option ids.

use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::super::i18n::t;
use super::labels::{str_of, token_label};
use crate::core::bank::{Opt, Token};

/// Yes / Partial / No / N/A / Unknown radios, only the tokens the question offers.
#[component]
pub(super) fn ChoiceRadios(
    name: String,
    options: Vec<Token>,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
) -> impl IntoView {
    let first = options.first().map_or("", |t| t.as_str());
    let items = options
        .into_iter()
        .map(|token| {
            let tok = token.as_str();
            let id = format!("{name}-{tok}");
            let for_id = id.clone();
            view! {
                <label class="ofem-option" for=for_id>
                    <input
                        type="radio"
                        id=id
                        name=name.clone()
                        value=tok
                        prop:checked=move || value.with(|v| str_of(v) == Some(tok))
                        on:change=move |_| set.run(Value::from(tok))
                    />
                    <span>{token_label(token)}</span>
                </label>
            }
        })
        .collect_view();
    // Radios cannot be unselected: a button clears the answer, then focus goes back to the
    // first option (the button itself disappears with the answer).
    let first_id = format!("{name}-{first}");
    // Looked up within the widget (its shadow root when embedded).
    let config = crate::ui::config::config();
    // Focus moves to the first option *before* the answer is cleared: clearing removes this
    // button, and a focused element that disappears drops focus to <body> (screen readers then
    // lose their place; a later focus() raced with the test that checks it).
    let clear = move |_| {
        if let Some(el) = config
            .element_by_id(&first_id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            _ = el.focus();
        }
        set.run(Value::Null);
    };
    let answered = move || value.with(|v| v.is_some());
    view! {
        <div class="ofem-options">
            {items}
            <Show when=answered>
                <button type="button" class="ofem-clear" data-clear="" on:click=clear.clone()>
                    {t("input.clear")}
                </button>
            </Show>
        </div>
    }
}

/// Checkboxes for a multi-select; the `none` option excludes the others.
#[component]
pub(super) fn MultiChecks(
    name: String,
    options: Vec<Opt>,
    none: Option<String>,
    /// The option ids offered (all when `None`); an option chosen earlier stays shown.
    #[prop(default = None)]
    offered: Option<Signal<Vec<String>>>,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
) -> impl IntoView {
    let selected = move || -> Vec<String> {
        value.with(|v| {
            v.as_ref()
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    // The bank's option order, whatever the click order.
    let order = StoredValue::new(options.iter().map(|o| o.id.clone()).collect::<Vec<_>>());
    let items = options
        .iter()
        .map(|o| {
            let oid = o.id.clone();
            let id = format!("{name}-{}", o.id);
            let for_id = id.clone();
            let none = none.clone();
            let is_on = {
                let oid = oid.clone();
                move || selected().contains(&oid)
            };
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                let mut now = selected();
                if on {
                    if none.as_deref() == Some(oid.as_str()) {
                        now.clear();
                    } else if let Some(n) = &none {
                        now.retain(|x| x != n);
                    }
                    if !now.contains(&oid) {
                        now.push(oid.clone());
                    }
                } else {
                    now.retain(|x| *x != oid);
                }
                let ordered: Vec<Value> = order.with_value(|order| {
                    order
                        .iter()
                        .filter(|id| now.contains(id))
                        .map(|id| Value::from(id.as_str()))
                        .collect()
                });
                set.run(Value::Array(ordered));
            };
            let hidden = {
                let oid = o.id.clone();
                move || {
                    offered.is_some_and(|ids| !ids.with(|ids| ids.contains(&oid)))
                        && !selected().contains(&oid)
                }
            };
            view! {
                <label class="ofem-option" for=for_id hidden=hidden>
                    <input
                        type="checkbox"
                        id=id
                        value=o.id.clone()
                        prop:checked=is_on
                        on:change=toggle
                    />
                    <span>{o.label.clone()}</span>
                </label>
            }
        })
        .collect_view();
    view! { <div class="ofem-options">{items}</div> }
}

/// A `<select>` over option ids (single answers, and choice answers inside tables).
#[component]
pub(super) fn SelectField(
    input_id: String,
    label: Option<String>,
    options: Vec<(String, String)>,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
) -> impl IntoView {
    let items = options
        .into_iter()
        .map(|(id, text)| {
            let oid = id.clone();
            view! {
                <option value=id prop:selected=move || value.with(|v| str_of(v) == Some(oid.as_str()))>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! {
        <select
            id=input_id
            aria-label=label
            on:change=move |ev| {
                let v = event_target_value(&ev);
                set.run(if v.is_empty() { Value::Null } else { Value::String(v) })
            }
        >
            <option value="" prop:selected=move || value.with(|v| str_of(v).is_none())>
                {t("input.choose")}
            </option>
            {items}
        </select>
    }
}
