//! Tables: rows from an earlier answer, a fixed list, or rows the facility adds.

use leptos::prelude::*;
use serde_json::{Map, Value};

use super::{message, Control};
use crate::core::answers::is_answered;
use crate::core::bank::{AnswerSpec, Column, Opt, Question, Rows};
use crate::core::checks::{cell_warnings, CellWarning};
use crate::core::condition_eval::Facts;
use crate::core::Answers;
use crate::ui::ctx;
use crate::ui::i18n::{t, tf};

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

/// Facts inside a row, for a column's `visible_if` (`.column` names a cell of the row, `.row`
/// its option id, known before any of its cells is answered).
struct RowFacts<'a> {
    answers: &'a Answers,
    row: Option<&'a Map<String, Value>>,
    row_id: Option<&'a Value>,
}

impl Facts for RowFacts<'_> {
    fn answer(&self, q: &str) -> Option<&Value> {
        match q.strip_prefix('.') {
            Some("row") => self.row_id,
            Some(col) => self.row?.get(col),
            None => self.answers.get(q),
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
        if is_answered(&value) {
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
pub(super) fn TableInput(
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
    // Data checks on this table's cells (an expired permit marked valid), for today.
    let warnings = {
        let qid = qid.clone();
        Memo::new(move |_| {
            let today = crate::ui::today();
            c.answers.with(|a| {
                cell_warnings(a, today)
                    .into_iter()
                    .filter(|w| w.question == qid)
                    .collect::<Vec<_>>()
            })
        })
    };
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
                        .map(|col| view! { <TableCell qid=qid.clone() key=key.clone() row_label=label.clone() col=col warnings=warnings /> })
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

/// One cell: its control, or nothing when the column's `visible_if` is false for this row. A
/// required cell left empty is marked once its row has been started, and always carries
/// `data-empty-required` so that "Still to answer" can take the person to it.
#[component]
fn TableCell(
    qid: String,
    key: RowKey,
    row_label: String,
    col: &'static Column,
    warnings: Memo<Vec<CellWarning>>,
) -> impl IntoView {
    let c = ctx();
    let row_id = match &key {
        RowKey::Id(id) => Some(Value::String(id.clone())),
        RowKey::At(_) => None,
    };
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
    let row_started = {
        let (qid, key) = (qid.clone(), key.clone());
        Memo::new(move |_| {
            c.answers
                .with(|a| find_row(&rows_of(a.get(&qid)), &key).is_some())
        })
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
                    row_id: row_id.as_ref(),
                })
            })
        })
    };
    let empty_required = move || {
        col.required && visible.get() && value.with(|v| !v.as_ref().is_some_and(is_answered))
    };
    let warning = {
        let slug = key.slug();
        Memo::new(move |_| {
            warnings.with(|w| {
                w.iter()
                    .find(|w| w.row == slug && w.column == col.id)
                    .map(|w| message(&w.message))
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
        <td
            class:ofem-cell-missing=move || empty_required() && row_started.get()
            data-empty-required=move || empty_required().then_some("")
        >
            <Show when=move || visible.get()>
                <Control spec=&col.answer input_id=input_id.clone() value=value set=set label=label.clone() />
                {move || (empty_required() && row_started.get()).then(|| view! {
                    <span class="ofem-cell-missing-note">{t("table.cell_missing")}</span>
                })}
                {move || warning.get().map(|w| view! { <p class="ofem-msg-warn" data-msg="check">{w}</p> })}
            </Show>
        </td>
    }
}
