//! Inputs for every answer type, one file per kind. They turn what the facility enters into
//! answer values (the answers document's JSON) and show the core's validation.

mod choice;
mod control;
mod date;
mod labels;
mod number;
mod table;
mod text;
mod typed;

use leptos::prelude::*;
use serde_json::Value;

use super::part::{first_question_answerable, Deferred};
use super::state::ctx;
use crate::core::bank::{AnswerSpec, Question};

use choice::{ChoiceRadios, MultiChecks};
use control::Control;
// What other parts of the widget show in the inputs' words.
pub(crate) use labels::{message, token_label};

/// The question's number and prompt, for its label or legend.
fn prompt(q: &Question) -> impl IntoView {
    view! {
        {q.number.clone().map(|n| view! { <span class="ofem-qnum">{n}</span> })}
        <span class="ofem-prompt-text">{q.prompt.clone()}</span>
    }
}

/// The input(s) for one question, labelled by its prompt. The inputs keep copies of what they
/// need of the question, not references to it: a bank is freed with the last widget showing it.
pub(crate) fn answer_input(q: &Question) -> impl IntoView {
    let c = ctx();
    let id = q.id.clone();
    if let AnswerSpec::Table { rows, columns } = &q.answer {
        let (rows, columns) = (rows.clone(), columns.clone());
        return view! {
            <fieldset>
                <legend>{prompt(q)}</legend>
                <Deferred
                    load=move || table::table_part(id.clone(), rows.clone(), columns.clone())
                    after=first_question_answerable()
                />
            </fieldset>
        }
        .into_any();
    }
    let value: Signal<Option<Value>> = {
        let id = id.clone();
        Memo::new(move |_| c.value(&id)).into()
    };
    let set = Callback::new({
        let id = id.clone();
        move |v: Value| c.set(&id, v)
    });
    // A multi answer offers only the options also chosen in its `options_from` (e.g. the
    // facility's own energy sources).
    let offered = match &q.answer {
        AnswerSpec::Multi {
            options_from: Some(source),
            ..
        } => {
            let source = source.clone();
            Some(Signal::derive(move || {
                c.value(&source)
                    .and_then(|v| v.as_array().cloned())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect::<Vec<_>>()
            }))
        }
        _ => None,
    };
    controls(q, format!("in-{id}"), value, set, offered).unwrap_or_else(|| ().into_any())
}

/// The same controls as [`answer_input`] for a value held outside the draft: a verifier's
/// correction (`ui::review`). Ids are the question's under `prefix`, so they never clash with
/// the form's. A table answer is not corrected here (`None`): too large to restate in a review.
pub(crate) fn correction_input(
    q: &Question,
    prefix: &str,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
) -> Option<AnyView> {
    controls(q, format!("{prefix}-{}", q.id), value, set, None)
}

/// The controls of every answer kind but a table (`None`), labelled by the question's prompt,
/// with ids under `input_id`; a multi answer offers only `offered` when given.
fn controls(
    q: &Question,
    input_id: String,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
    offered: Option<Signal<Vec<String>>>,
) -> Option<AnyView> {
    Some(match &q.answer {
        AnswerSpec::Choice { options } => view! {
            <fieldset>
                <legend>{prompt(q)}</legend>
                <ChoiceRadios name=input_id options=options.clone() value=value set=set />
            </fieldset>
        }
        .into_any(),
        AnswerSpec::Multi { options, none, .. } => view! {
            <fieldset>
                <legend>{prompt(q)}</legend>
                <MultiChecks
                    name=input_id
                    options=options.clone()
                    none=none.clone()
                    offered=offered
                    value=value
                    set=set
                />
            </fieldset>
        }
        .into_any(),
        AnswerSpec::Table { .. } => return None,
        spec => view! {
            <label for=input_id.clone() class="ofem-prompt">{prompt(q)}</label>
            <Control spec=spec.clone() input_id=input_id value=value set=set />
        }
        .into_any(),
    })
}
