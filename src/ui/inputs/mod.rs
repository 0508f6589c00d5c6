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

use super::state::ctx;
use crate::core::bank::{AnswerSpec, Question};

use choice::{ChoiceRadios, MultiChecks};
use control::Control;
// What other parts of the widget show in the inputs' words.
pub(crate) use labels::{message, token_label};
use table::TableInput;

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
    let value: Signal<Option<Value>> = {
        let id = id.clone();
        Memo::new(move |_| c.value(&id)).into()
    };
    let set = {
        let id = id.clone();
        Callback::new(move |v: Value| c.set(&id, v))
    };
    let input_id = format!("in-{id}");
    match &q.answer {
        AnswerSpec::Choice { options } => view! {
            <fieldset>
                <legend>{prompt(q)}</legend>
                <ChoiceRadios name=input_id options=options.clone() value=value set=set />
            </fieldset>
        }
        .into_any(),
        AnswerSpec::Multi {
            options,
            none,
            options_from,
        } => {
            // Only the options also chosen in `options_from` are offered (e.g. the facility's
            // own energy sources).
            let offered = options_from.as_ref().map(|source| {
                let source = source.clone();
                Signal::derive(move || {
                    c.value(&source)
                        .and_then(|v| v.as_array().cloned())
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect::<Vec<_>>()
                })
            });
            view! {
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
            .into_any()
        }
        AnswerSpec::Table { rows, columns } => view! {
            <fieldset>
                <legend>{prompt(q)}</legend>
                <TableInput qid=id rows=rows.clone() columns=columns.clone() />
            </fieldset>
        }
        .into_any(),
        spec => view! {
            <label for=input_id.clone() class="ofem-prompt">{prompt(q)}</label>
            <Control spec=spec.clone() input_id=input_id value=value set=set />
        }
        .into_any(),
    }
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
    let input_id = format!("{prefix}-{}", q.id);
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
                <MultiChecks name=input_id options=options.clone() none=none.clone() value=value set=set />
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
