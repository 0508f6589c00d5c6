//! Inputs for every answer type. They turn what the facility enters into answer values (the
//! answers document's JSON) and show the core's validation (range error, plausibility warning).

use leptos::prelude::*;
use serde_json::{Map, Value};
use wasm_bindgen::JsCast;

use super::ctx;
use super::i18n::{t, tf};
use crate::core::answers::{number_error_message, number_warning_message};
use crate::core::bank::{AnswerSpec, Column, Opt, Question, Rows, Token};
use crate::core::condition::Facts;
use crate::core::score::{Arg, Message};
use crate::core::value::Val;
use crate::core::Answers;

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
    let template = t(m.key);
    if template == m.key {
        return m.english();
    }
    m.fill(&template, |a| match a {
        Arg::Token(token) => token_label(*token),
        other => other.english(),
    })
}

fn str_of(v: &Option<Value>) -> Option<&str> {
    v.as_ref().and_then(Value::as_str)
}

/// A number as an answer value: whole numbers stay integers in the JSON.
fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

fn number_text(v: &Value) -> String {
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => format!("{}", n as i64),
        Some(n) => format!("{n}"),
        None => String::new(),
    }
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
        AnswerSpec::Multi { options, none } => view! {
            <fieldset>
                <legend>{prompt(q)}</legend>
                <MultiChecks
                    name=input_id
                    options=options
                    none=none.clone()
                    value=value
                    set=set
                />
            </fieldset>
        }
        .into_any(),
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
        AnswerSpec::Text { multiline, max_len } => {
            let on_input =
                move |ev: leptos::ev::Event| set.run(Value::String(event_target_value(&ev)));
            let current = move || value.with(|v| str_of(v).unwrap_or_default().to_string());
            let max = max_len.map(|m| m.to_string());
            if *multiline {
                view! {
                    <textarea id=input_id aria-label=label maxlength=max rows="3" prop:value=current on:input=on_input></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input type="text" id=input_id aria-label=label maxlength=max prop:value=current on:input=on_input />
                }
                .into_any()
            }
        }
        AnswerSpec::Date {} => view! {
            <input
                type="date"
                id=input_id
                aria-label=label
                prop:value=move || value.with(|v| str_of(v).unwrap_or_default().to_string())
                on:input=move |ev| set.run(Value::String(event_target_value(&ev)))
            />
        }
        .into_any(),
        AnswerSpec::Multi { options, none } => view! {
            <fieldset class="ofem-cell-group">
                <legend class="visually-hidden">{label}</legend>
                <MultiChecks name=input_id options=options none=none.clone() value=value set=set />
            </fieldset>
        }
        .into_any(),
        AnswerSpec::Table { .. } => ().into_any(),
    }
}

/// Yes / Partial / No / N/A / Unknown radios, only the tokens the question offers.
#[component]
fn ChoiceRadios(
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
    let config = super::config::config();
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
fn MultiChecks(
    name: String,
    options: &'static [Opt],
    none: Option<String>,
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
                // Keep the bank's option order, whatever the click order.
                let ordered: Vec<Value> = options
                    .iter()
                    .filter(|o| now.contains(&o.id))
                    .map(|o| Value::from(o.id.as_str()))
                    .collect();
                set.run(Value::Array(ordered));
            };
            view! {
                <label class="ofem-option" for=for_id>
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
fn SelectField(
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

/// A number (or year) with its unit, the core's range error and plausibility warning.
/// An out-of-range number is not stored (the answer is cleared) until it is corrected.
#[component]
fn NumberField(
    spec: &'static AnswerSpec,
    input_id: String,
    label: Option<String>,
    value: Signal<Option<Value>>,
    set: Callback<Value>,
) -> impl IntoView {
    let (unit, min, max, step) = match spec {
        AnswerSpec::Number {
            unit,
            min,
            max,
            integer,
            ..
        } => (
            unit.clone(),
            min.map(|m| m.to_string()),
            max.map(|m| m.to_string()),
            if *integer { "1" } else { "any" },
        ),
        AnswerSpec::Year { min, max } => (
            None,
            Some(min.unwrap_or(1950).to_string()),
            Some(max.unwrap_or(2100).to_string()),
            "1",
        ),
        _ => (None, None, None, "any"),
    };
    let raw =
        RwSignal::new(value.with_untracked(|v| v.as_ref().map(number_text).unwrap_or_default()));
    let bad_input = RwSignal::new(false);
    // What this field last stored: a different stored value came from elsewhere (an import).
    let last = StoredValue::new(value.get_untracked());
    Effect::new(move |_| {
        let v = value.get();
        if last.with_value(|l| *l != v) {
            last.set_value(v.clone());
            raw.set(v.as_ref().map(number_text).unwrap_or_default());
            bad_input.set(false);
        }
    });
    let check = Memo::new(move |_| {
        let text = raw.get();
        let text = text.trim();
        if bad_input.get() {
            return (Some(t("input.not_a_number")), None);
        }
        match text.parse::<f64>() {
            Ok(n) => (
                number_error_message(spec, n).map(|m| message(&m)),
                number_warning_message(spec, n).map(|m| message(&m)),
            ),
            Err(_) if text.is_empty() => (None, None),
            Err(_) => (Some(t("input.not_a_number")), None),
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let el: web_sys::HtmlInputElement = event_target(&ev);
        let text = el.value();
        bad_input.set(el.validity().bad_input());
        raw.set(text.clone());
        let stored = match text.trim().parse::<f64>() {
            Ok(n) if number_error_message(spec, n).is_none() => number_value(n),
            _ => Value::Null,
        };
        let stored_opt = (!stored.is_null()).then(|| stored.clone());
        last.set_value(stored_opt);
        set.run(stored);
    };
    let msg_id = format!("msg-{input_id}");
    let has_error = move || check.with(|c| c.0.is_some());
    view! {
        <div class="ofem-field-row">
            <input
                type="number"
                id=input_id
                aria-label=label
                inputmode="decimal"
                step=step
                min=min
                max=max
                prop:value=move || raw.get()
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=msg_id.clone()
                on:input=on_input
            />
            {unit.map(|u| view! { <span class="ofem-unit">{u}</span> })}
        </div>
        <div id=msg_id>
            {move || {
                check
                    .get()
                    .0
                    .map(|e| view! { <p class="ofem-msg-error" data-msg="error">{e}</p> })
            }}
            {move || {
                check
                    .get()
                    .1
                    .map(|w| view! { <p class="ofem-msg-warn" data-msg="warning">{w}</p> })
            }}
        </div>
    }
}

/// Which row of a table: an option id (`from` / `fixed`) or a position (`free`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
enum RowKey {
    Id(String),
    At(usize),
}

impl RowKey {
    fn slug(&self) -> String {
        match self {
            RowKey::Id(id) => id.clone(),
            RowKey::At(i) => format!("{}", i + 1),
        }
    }
}

fn rows_of(value: Option<&Value>) -> Vec<Value> {
    value.and_then(Value::as_array).cloned().unwrap_or_default()
}

fn find_row<'a>(rows: &'a [Value], key: &RowKey) -> Option<&'a Map<String, Value>> {
    match key {
        RowKey::Id(id) => rows
            .iter()
            .filter_map(Value::as_object)
            .find(|r| r.get("row").and_then(Value::as_str) == Some(id)),
        RowKey::At(i) => rows.get(*i).and_then(Value::as_object),
    }
}

/// Facts inside a row, for a column's `visible_if` (`.column` names a cell of the row).
struct RowFacts<'a> {
    answers: &'a Answers,
    row: Option<&'a Map<String, Value>>,
}

impl Facts for RowFacts<'_> {
    fn answer(&self, q: &str) -> Option<Val<'_>> {
        match q.strip_prefix('.') {
            Some(col) => self.row?.get(col).map(Val::Json),
            None => self.answers.get(q).map(Val::Json),
        }
    }
    fn metric(&self, _id: &str) -> Option<f64> {
        None
    }
}

/// Sets one cell (a null value clears it), creating the row object when needed.
fn set_cell(answers: &mut Answers, qid: &str, key: &RowKey, col: &str, value: Value) {
    let mut rows = rows_of(answers.get(qid));
    let index = match key {
        RowKey::Id(id) => rows
            .iter()
            .position(|r| r.get("row").and_then(Value::as_str) == Some(id))
            .unwrap_or_else(|| {
                let mut m = Map::new();
                m.insert("row".into(), Value::from(id.as_str()));
                rows.push(Value::Object(m));
                rows.len() - 1
            }),
        RowKey::At(i) => {
            while rows.len() <= *i {
                rows.push(Value::Object(Map::new()));
            }
            *i
        }
    };
    if let Some(obj) = rows[index].as_object_mut() {
        if crate::core::condition::is_answered(&value) {
            obj.insert(col.to_string(), value);
        } else {
            obj.remove(col);
        }
    }
    // Rows left with nothing but their id carry no answer.
    if matches!(key, RowKey::Id(_)) {
        rows.retain(|r| r.as_object().is_some_and(|o| o.keys().any(|k| k != "row")));
    }
    let empty = rows
        .iter()
        .all(|r| r.as_object().is_some_and(|o| o.keys().all(|k| k == "row")));
    answers.set(
        qid,
        if empty {
            Value::Null
        } else {
            Value::Array(rows)
        },
    );
}

/// A table: rows from an earlier answer, a fixed list, or rows the facility adds and removes.
#[component]
fn TableInput(
    q: &'static Question,
    rows: &'static Rows,
    columns: &'static [Column],
) -> impl IntoView {
    let c = ctx();
    let qid = q.id.clone();
    // The rows shown: (key, label).
    let row_list = Memo::new({
        let qid = qid.clone();
        move |_| -> Vec<(RowKey, String)> {
            match rows {
                Rows::From(source) => {
                    let options: &[Opt] = match c.bank.question(source).map(|s| &s.answer) {
                        Some(
                            AnswerSpec::Multi { options, .. } | AnswerSpec::Single { options },
                        ) => options,
                        _ => &[],
                    };
                    let chosen: Vec<String> = c.answers.with(|a| match a.get(source) {
                        Some(Value::Array(items)) => items
                            .iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect(),
                        Some(Value::String(s)) => vec![s.clone()],
                        _ => vec![],
                    });
                    chosen
                        .into_iter()
                        .map(|id| {
                            let label = options
                                .iter()
                                .find(|o| o.id == id)
                                .map_or_else(|| id.clone(), |o| o.label.clone());
                            (RowKey::Id(id), label)
                        })
                        .collect()
                }
                Rows::Fixed(opts) => opts
                    .iter()
                    .map(|o| (RowKey::Id(o.id.clone()), o.label.clone()))
                    .collect(),
                Rows::Free { min, .. } => {
                    let n = c
                        .answers
                        .with(|a| rows_of(a.get(&qid)).len())
                        .max((*min).max(1));
                    (0..n)
                        .map(|i| (RowKey::At(i), tf("table.row", &[]) + &format!(" {}", i + 1)))
                        .collect()
                }
            }
        }
    });
    let free = match rows {
        Rows::Free { min, max } => Some(((*min).max(1), *max)),
        _ => None,
    };
    let empty_note = match rows {
        Rows::From(source) => c
            .bank
            .question(source)
            .map(|s| tf("table.no_rows", &[("source", &s.prompt)])),
        _ => None,
    };
    // Built afresh each time `Show` renders: a view is not `Clone` once types are erased.
    let headers = move || {
        columns
            .iter()
            .map(|col| view! { <th scope="col">{col.label.clone()}</th> })
            .collect_view()
    };
    let add_row = {
        let qid = qid.clone();
        move |_| {
            let n = row_list.with_untracked(Vec::len);
            c.answers.update(|a| {
                let mut rows = rows_of(a.get(&qid));
                while rows.len() <= n {
                    rows.push(Value::Object(Map::new()));
                }
                a.set(&qid, Value::Array(rows));
            });
        }
    };
    let can_add =
        move || free.is_some_and(|(_, max)| max.is_none_or(|m| row_list.with(Vec::len) < m));
    let body = {
        let qid = qid.clone();
        move || {
            row_list
                .get()
                .into_iter()
                .map(|(key, label)| {
                    let cells = columns
                        .iter()
                        .map(|col| view! { <TableCell qid=qid.clone() key=key.clone() row_label=label.clone() col=col /> })
                        .collect_view();
                    let remove = free.map(|(min, _)| {
                        let qid = qid.clone();
                        let key = key.clone();
                        let n = match key {
                            RowKey::At(i) => i + 1,
                            RowKey::Id(_) => 0,
                        };
                        view! {
                            <td>
                                <button
                                    type="button"
                                    class="ofem-remove-row"
                                    aria-label=tf("table.remove_row", &[("n", &n)])
                                    disabled=move || row_list.with(Vec::len) <= min
                                    on:click=move |_| {
                                        if let RowKey::At(i) = key {
                                            c.answers.update(|a| {
                                                let mut rows = rows_of(a.get(&qid));
                                                if i < rows.len() {
                                                    rows.remove(i);
                                                }
                                                a.set(&qid, Value::Array(rows));
                                            });
                                        }
                                    }
                                >
                                    "✕"
                                </button>
                            </td>
                        }
                    });
                    view! {
                        <tr data-row=key.slug()>
                            <th scope="row">{label}</th>
                            {cells}
                            {remove}
                        </tr>
                    }
                })
                .collect_view()
        }
    };
    let show_empty = move || row_list.with(Vec::is_empty);
    view! {
        <Show when=show_empty>
            <p class="ofem-help-text">{empty_note.clone()}</p>
        </Show>
        <Show when=move || !show_empty()>
            <div class="ofem-table-wrap">
                <table class="ofem-table">
                    <thead>
                        <tr>
                            <th scope="col">{t("table.row")}</th>
                            {headers()}
                            {free.map(|_| view! { <th scope="col"><span class="visually-hidden">{t("table.remove_row").replace(" {n}", "")}</span></th> })}
                        </tr>
                    </thead>
                    <tbody>{body.clone()}</tbody>
                </table>
            </div>
        </Show>
        {free.map(|_| view! {
            <button type="button" class="ofem-add-row" disabled=move || !can_add() on:click=add_row.clone()>
                {t("table.add_row")}
            </button>
        })}
    }
}

/// One cell: its control, or nothing when the column's `visible_if` is false for this row.
#[component]
fn TableCell(qid: String, key: RowKey, row_label: String, col: &'static Column) -> impl IntoView {
    let c = ctx();
    let value: Signal<Option<Value>> = {
        let (qid, key) = (qid.clone(), key.clone());
        Memo::new(move |_| {
            c.answers.with(|a| {
                let rows = rows_of(a.get(&qid));
                find_row(&rows, &key).and_then(|r| r.get(&col.id)).cloned()
            })
        })
        .into()
    };
    let visible = {
        let (qid, key) = (qid.clone(), key.clone());
        Memo::new(move |_| {
            let Some(cond) = &col.visible_if else {
                return true;
            };
            c.answers.with(|a| {
                let rows = rows_of(a.get(&qid));
                cond.holds(&RowFacts {
                    answers: a,
                    row: find_row(&rows, &key),
                })
            })
        })
    };
    let set = {
        let (qid, key) = (qid.clone(), key.clone());
        Callback::new(move |v: Value| c.answers.update(|a| set_cell(a, &qid, &key, &col.id, v)))
    };
    let input_id = format!("in-{qid}-{}-{}", key.slug(), col.id);
    let label = tf("table.cell", &[("column", &col.label), ("row", &row_label)]);
    view! {
        <td>
            <Show when=move || visible.get()>
                <Control spec=&col.answer input_id=input_id.clone() value=value set=set label=label.clone() />
            </Show>
        </td>
    }
}
