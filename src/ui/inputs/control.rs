//! One control for an answer of a single value (select, number, year, text, date, a multi's
//! checkboxes): a question's, or a table cell's.

use leptos::prelude::*;
use serde_json::Value;

use super::choice::{MultiChecks, SelectField};
use super::date::DateField;
use super::labels::token_label;
use super::number::NumberField;
use super::text::TextField;
use crate::core::bank::AnswerSpec;

/// A single-control input (select, number, year, text, date) for a question or a table cell.
#[component]
pub(super) fn Control(
    spec: AnswerSpec,
    input_id: String,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
    #[prop(optional)] label: Option<String>,
) -> impl IntoView {
    match &spec {
        AnswerSpec::Single { options } => {
            let opts = options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect();
            view! { <SelectField input_id=input_id label=label options=opts value=value set=set /> }
                .into_any()
        }
        AnswerSpec::Choice { options } => {
            let opts = options
                .iter()
                .map(|t| (t.as_str().to_string(), token_label(*t)))
                .collect();
            view! { <SelectField input_id=input_id label=label options=opts value=value set=set /> }
                .into_any()
        }
        AnswerSpec::Number { .. } | AnswerSpec::Year { .. } => {
            view! { <NumberField spec=spec.clone() input_id=input_id label=label value=value set=set /> }
                .into_any()
        }
        AnswerSpec::Text { multiline, max_len } => view! {
            <TextField input_id=input_id label=label multiline=*multiline max_len=*max_len value=value set=set />
        }
        .into_any(),
        AnswerSpec::Date {} => view! {
            <DateField input_id=input_id label=label value=value set=set />
        }
        .into_any(),
        AnswerSpec::Multi { options, none, .. } => view! {
            <fieldset class="ofem-cell-group">
                <legend class="visually-hidden">{label}</legend>
                <MultiChecks name=input_id options=options.clone() none=none.clone() value=value set=set />
            </fieldset>
        }
        .into_any(),
        AnswerSpec::Table { .. } => ().into_any(),
    }
}
