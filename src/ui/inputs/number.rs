//! A typed number or year, read with the locale's separators by the core (`core::entry`).

use leptos::prelude::*;
use serde_json::Value;

use super::labels::message;
use super::typed::typed_input;
use crate::core::answers::{number_error_message, number_warning_message};
use crate::core::bank::AnswerSpec;
use crate::core::entry::{format_number, parse_number, NumberStyle};
use crate::ui::i18n;

/// A number as an answer value: whole numbers stay integers in the JSON.
fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// A number (or year) with its unit, the core's range error and plausibility warning. What is
/// stored always equals what the field shows, or nothing: a text that is not (yet) a valid
/// number clears the answer, and the field says why once it has been left.
#[component]
pub(super) fn NumberField(
    spec: AnswerSpec,
    input_id: String,
    label: Option<String>,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
) -> impl IntoView {
    let unit = match &spec {
        AnswerSpec::Number { unit, .. } => unit.clone(),
        _ => None,
    };
    let spec = StoredValue::new(spec);
    let style = NumberStyle::for_locale(i18n::locale());
    let read = move |text: &str| -> Result<Option<Value>, String> {
        match parse_number(text, style) {
            Ok(None) => Ok(None),
            Ok(Some(n)) => match spec.with_value(|spec| number_error_message(spec, n)) {
                None => Ok(Some(number_value(n))),
                Some(m) => Err(message(&m)),
            },
            Err(m) => Err(message(&m)),
        }
    };
    let show = move |v: &Value| {
        v.as_f64()
            .map(|n| format_number(n, style))
            .unwrap_or_default()
    };
    let typed = typed_input(value, set, show, read);
    let error = typed.error;
    let warning = Memo::new(move |_| {
        value.with(|v| {
            v.as_ref()
                .and_then(Value::as_f64)
                .and_then(|n| spec.with_value(|spec| number_warning_message(spec, n)))
                .map(|m| message(&m))
        })
    });
    let msg_id = format!("msg-{input_id}");
    view! {
        <div class="ofem-field-row">
            {typed.input(input_id, label, "decimal", "ofem-number", msg_id.clone())}
            {unit.map(|u| view! { <span class="ofem-unit">{u}</span> })}
        </div>
        <div id=msg_id aria-live="polite">
            {move || error.get().map(|e| view! { <p class="ofem-msg-error" data-msg="error">{e}</p> })}
            {move || warning.get().map(|w| view! { <p class="ofem-msg-warn" data-msg="warning">{w}</p> })}
        </div>
    }
}
