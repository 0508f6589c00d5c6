//! Tables: rows from an earlier answer, a fixed list, or rows the facility adds.

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use serde_json::Value;

use super::{message, Control};
use crate::core::answers::is_answered;
use crate::core::bank::{Column, Rows};
use crate::core::checks::{cell_warnings, CellWarning};
use crate::core::table::{self, RowKey};
use crate::ui::ctx;
use crate::ui::i18n::{t, tf};
use crate::ui::part::Part;

/// A table's code is in the part that follows the first question (`ui::deferred`): no section
/// begins with a table.
#[wasm_split(after_first_question, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn table_part(qid: String, rows: Rows, columns: Vec<Column>) -> Part {
    Ok(view! { <TableInput qid=qid rows=rows columns=columns /> }.into_any())
}

/// A table: rows from an earlier answer, a fixed list, or rows the facility adds and removes.
#[component]
fn TableInput(qid: String, rows: Rows, columns: Vec<Column>) -> impl IntoView {
    let c = ctx();
    let free = match &rows {
        Rows::Free { min, max } => Some(((*min).max(1), *max)),
        _ => None,
    };
    let empty_note = match &rows {
        Rows::From(source) => c
            .bank()
            .question(source)
            .map(|s| tf("table.no_rows", &[("source", &s.prompt)])),
        _ => None,
    };
    let (rows, columns) = (StoredValue::new(rows), StoredValue::new(columns));
    // The rows shown: (key, label).
    let row_list = Memo::new({
        let qid = qid.clone();
        move |_| -> Vec<(RowKey, String)> {
            c.answers.with(|a| {
                rows.with_value(|rows| table::table_rows(&c.bank(), a, &qid, rows))
                    .into_iter()
                    .map(|row| {
                        let label = row.label.unwrap_or_else(|| match row.key {
                            RowKey::At(i) => tf("table.row", &[]) + &format!(" {}", i + 1),
                            RowKey::Id(ref id) => id.clone(),
                        });
                        (row.key, label)
                    })
                    .collect()
            })
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
    // Built afresh each time `Show` renders: a view is not `Clone` once types are erased.
    let headers = move || {
        columns.with_value(|columns| {
            columns
                .iter()
                .map(|col| view! { <th scope="col">{col.label.clone()}</th> })
                .collect_view()
        })
    };
    // Whether each cell is shown, row after row (one pass of the rules for the whole table).
    let shown = {
        let qid = qid.clone();
        Memo::new(move |_| {
            let keys: Vec<RowKey> = row_list.with(|r| r.iter().map(|(k, _)| k.clone()).collect());
            let bank = c.bank();
            c.answers
                .with(|a| {
                    columns.with_value(|columns| table::shown_cells(&bank, a, &qid, &keys, columns))
                })
                .concat()
        })
    };
    let add_row = {
        let qid = qid.clone();
        move |_| {
            let n = row_list.with_untracked(Vec::len);
            c.answers.update(|a| table::add_row(a, &qid, n));
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
                .enumerate()
                .map(|(row, (key, label))| {
                    let cells = columns.with_value(|columns| {
                        columns
                            .iter()
                            .enumerate()
                            .map(|(index, col)| view! { <TableCell qid=qid.clone() key=key.clone() row_label=label.clone() col=col.clone() index=row * columns.len() + index shown=shown warnings=warnings /> })
                            .collect_view()
                    });
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
                                            c.answers.update(|a| table::remove_row(a, &qid, i));
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
    col: Column,
    /// The cell's position in `shown`.
    index: usize,
    shown: Memo<Vec<bool>>,
    warnings: Memo<Vec<CellWarning>>,
) -> impl IntoView {
    let c = ctx();
    let Column {
        id: col_id,
        label: col_label,
        answer: spec,
        required,
        visible_if,
        ..
    } = col;
    let conditional = visible_if.is_some();
    let value: Signal<Option<Value>> = {
        let (qid, key, col_id) = (qid.clone(), key.clone(), col_id.clone());
        Memo::new(move |_| c.answers.with(|a| table::cell(a, &qid, &key, &col_id))).into()
    };
    let row_started = {
        let (qid, key) = (qid.clone(), key.clone());
        Memo::new(move |_| c.answers.with(|a| table::row_started(a, &qid, &key)))
    };
    let visible = Memo::new(move |_| {
        !conditional || shown.with(|cells| cells.get(index).copied().unwrap_or(true))
    });
    let empty_required =
        move || required && visible.get() && value.with(|v| !v.as_ref().is_some_and(is_answered));
    let warning = {
        let (slug, col_id) = (key.slug(), col_id.clone());
        Memo::new(move |_| {
            warnings.with(|w| {
                w.iter()
                    .find(|w| w.row == slug && w.column == col_id)
                    .map(|w| message(&w.message))
            })
        })
    };
    let set = {
        let (qid, key, col_id) = (qid.clone(), key.clone(), col_id.clone());
        Callback::new(move |v: Value| {
            c.answers
                .update(|a| table::set_cell(a, &qid, &key, &col_id, v))
        })
    };
    let input_id = format!("in-{qid}-{}-{col_id}", key.slug());
    let label = tf("table.cell", &[("column", &col_label), ("row", &row_label)]);
    view! {
        <td
            class:ofem-cell-missing=move || empty_required() && row_started.get()
            data-empty-required=move || empty_required().then_some("")
        >
            <Show when=move || visible.get()>
                <Control spec=spec.clone() input_id=input_id.clone() value=value set=set label=label.clone() />
                {move || (empty_required() && row_started.get()).then(|| view! {
                    <span class="ofem-cell-missing-note">{t("table.cell_missing")}</span>
                })}
                {move || warning.get().map(|w| view! { <p class="ofem-msg-warn" data-msg="check">{w}</p> })}
            </Show>
        </td>
    }
}
