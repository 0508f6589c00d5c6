//! A typed date: day first or year first as the locale writes it, stored as `YYYY-MM-DD`, and
//! read back to the person in words ("5 December 2025") so a swapped day and month shows.

use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsValue;

use super::labels::message;
use super::typed::typed_input;
use crate::core::entry::{format_date, parse_date, Date, DateOrder};
use crate::ui::i18n::{self, t, tf};

/// The date in words in the widget's locale (Intl), e.g. "5 December 2025". English is written
/// day first, as the field's hint says and as most FEM facilities write it (not US order).
fn in_words(d: Date, locale: &str) -> String {
    let locale = if locale == "en" { "en-GB" } else { locale };
    let date =
        js_sys::Date::new_with_year_month_day(d.year as u32, d.month as i32 - 1, d.day as i32);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    String::from(date.to_locale_date_string(locale, &JsValue::from(options)))
}

#[component]
pub(super) fn DateField(
    input_id: String,
    label: Option<String>,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
) -> impl IntoView {
    let locale = i18n::locale();
    let order = DateOrder::for_locale(locale);
    let read = move |text: &str| -> Result<Option<Value>, String> {
        parse_date(text)
            .map(|d| d.map(|d| Value::String(d.iso())))
            .map_err(|m| message(&m))
    };
    let show = move |v: &Value| {
        v.as_str()
            .and_then(|s| Date::parse_iso(s).ok())
            .map(|d| format_date(d, order))
            .unwrap_or_default()
    };
    let typed = typed_input(value, set, show, read);
    let error = typed.error;
    let read_as = move || {
        value.with(|v| {
            v.as_ref()
                .and_then(Value::as_str)
                .and_then(|s| Date::parse_iso(s).ok())
                .map(|d| tf("input.date_read_as", &[("date", &in_words(d, locale))]))
        })
    };
    let hint = t(match order {
        DateOrder::YearFirst => "input.date_hint_year_first",
        DateOrder::DayFirst => "input.date_hint_day_first",
    });
    let hint_id = format!("hint-{input_id}");
    let msg_id = format!("msg-{input_id}");
    view! {
        <div class="ofem-field-row">
            {typed.input(input_id, label, "numeric", "ofem-date", format!("{hint_id} {msg_id}"))}
            <span class="ofem-unit" id=hint_id>{hint}</span>
        </div>
        <div id=msg_id aria-live="polite">
            {move || match error.get() {
                Some(e) => view! { <p class="ofem-msg-error" data-msg="error">{e}</p> }.into_any(),
                None => read_as().map(|r| view! { <p class="ofem-help-text" data-msg="read-as">{r}</p> }).into_any(),
            }}
        </div>
    }
}
