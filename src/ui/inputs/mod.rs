//! Inputs for every answer type, one file per kind. They turn what the facility enters into
//! answer values (the answers document's JSON) and show the core's validation.

mod choice;
mod date;
mod number;
mod table;
mod text;
mod typed;

use leptos::prelude::*;
use serde_json::Value;

use super::ctx;
use super::i18n::t;
use crate::core::bank::{AnswerSpec, Question, Token};
use crate::core::message::Message;

use choice::{ChoiceRadios, MultiChecks, SelectField};
use date::DateField;
use number::NumberField;
use table::TableInput;
use text::TextField;

pub(crate) fn token_label(token: Token) -> String {
    t(match token {
        Token::Yes => "token.yes",
        Token::Partial => "token.partial",
        Token::No => "token.no",
        Token::Na => "token.na",
        Token::Unknown => "token.unknown",
    })
}

/// A core message (why sentence, number range or plausibility) in the widget's locale: the
/// template of its key from the locale file, its arguments filled in, tokens by their label.
pub(crate) fn message(m: &Message) -> String {
    super::i18n::message(m)
}

pub(super) fn str_of(v: &Option<Value>) -> Option<&str> {
    v.as_ref().and_then(Value::as_str)
}

/// The question's number and prompt, for its label or legend.
fn prompt(q: &Question) -> impl IntoView {
    view! {
        {q.number.clone().map(|n| view! { <span class="ofem-qnum">{n}</span> })}
        <span class="ofem-prompt-text">{q.prompt.clone()}</span>
    }
}

/// The input(s) for one question, labelled by its prompt.
#[component]
pub(crate) fn AnswerInput(q: &'static Question) -> impl IntoView {
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
                        options=options
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
                <TableInput q=q rows=rows columns=columns />
            </fieldset>
        }
        .into_any(),
        spec => view! {
            <label for=input_id.clone() class="ofem-prompt">{prompt(q)}</label>
            <Control spec=spec input_id=input_id value=value set=set />
        }
        .into_any(),
    }
}

/// A single-control input (select, number, year, text, date) for a question or a table cell.
#[component]
fn Control(
    spec: &'static AnswerSpec,
    input_id: String,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
    #[prop(optional)] label: Option<String>,
) -> impl IntoView {
    match spec {
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
            view! { <NumberField spec=spec input_id=input_id label=label value=value set=set /> }
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
                <MultiChecks name=input_id options=options none=none.clone() value=value set=set />
            </fieldset>
        }
        .into_any(),
        AnswerSpec::Table { .. } => ().into_any(),
    }
}
