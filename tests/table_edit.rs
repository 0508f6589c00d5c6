//! Tables as the facility edits them (`core::table`): the rows shown, which cells of a row are
//! shown, and the edits the widget's table input makes.

use openfem::core::bank::AnswerSpec;
use openfem::core::table::{
    add_row, cell, remove_row, row_started, set_cell, shown_columns, table_rows, RowKey,
};
use openfem::core::{Answers, Bank};
use serde_json::{json, Value};

/// `progs` (multi) → `details` (rows from it; `name` only in the `other` row, `end` only once
/// `start` is filled, `audit` only while `audited` is shown and yes); `audited` is shown only
/// while `hasaudits` is yes. `sites`: free rows, 2 to 3.
fn bank() -> Bank {
    Bank::from_json(
        &json!({
          "format": 1, "id": "t", "version": "1", "title": "tables",
          "sections": [{"id": "site", "title": "Site", "scored": false, "questions": [
            {"ref": "progs", "prompt": "programmes", "required": false, "answer": {"type": "multi",
              "options": [{"id": "iso", "label": "ISO 14001"}, {"id": "other", "label": "Other"}]}, "source": "test"},
            {"ref": "hasaudits", "prompt": "audits?", "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"},
            {"ref": "audited", "prompt": "audited?", "visible_if": {"is": {"q": "hasaudits", "value": "yes"}},
             "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"},
            {"ref": "details", "prompt": "details", "answer": {"type": "table", "rows": {"from": "progs"}, "columns": [
              {"id": "name", "label": "Name", "required": false, "answer": {"type": "text"},
               "visible_if": {"is": {"q": ".row", "value": "other"}}},
              {"id": "start", "label": "Start", "answer": {"type": "text"}},
              {"id": "end", "label": "End", "required": false, "answer": {"type": "text"},
               "visible_if": {"answered": ".start"}},
              {"id": "audit", "label": "Audit", "required": false, "answer": {"type": "text"},
               "visible_if": {"is": {"q": "audited", "value": "yes"}}}
            ]}, "source": "test"},
            {"ref": "sites", "prompt": "sites", "answer": {"type": "table", "rows": {"free": {"min": 2, "max": 3}}, "columns": [
              {"id": "city", "label": "City", "answer": {"type": "text"}}
            ]}, "source": "test"}
          ]}]
        })
        .to_string(),
    )
    .expect("test bank loads")
}

fn answers(pairs: &[(&str, Value)]) -> Answers {
    let mut a = Answers::new();
    for (k, v) in pairs {
        a.set(*k, v.clone());
    }
    a
}

fn columns<'b>(bank: &'b Bank, q: &str) -> &'b [openfem::core::bank::Column] {
    match &bank.question(q).expect("question").answer {
        AnswerSpec::Table { columns, .. } => columns,
        _ => panic!("{q} is no table"),
    }
}

fn rows(bank: &Bank, q: &str) -> openfem::core::bank::Rows {
    match &bank.question(q).expect("question").answer {
        AnswerSpec::Table { rows, .. } => rows.clone(),
        _ => panic!("{q} is no table"),
    }
}

fn shown(bank: &Bank, a: &Answers, key: &RowKey) -> Vec<bool> {
    shown_columns(bank, a, "details", key, columns(bank, "details"))
}

#[test]
fn rows_built_from_a_multi_answer_follow_the_order_chosen_with_option_labels() {
    let bank = bank();
    let a = answers(&[("progs", json!(["other", "iso", "gone"]))]);
    let shown = table_rows(&bank, &a, "details", &rows(&bank, "details"));
    let keys: Vec<_> = shown.iter().map(|r| r.key.slug()).collect();
    assert_eq!(keys, ["other", "iso", "gone"]);
    let labels: Vec<_> = shown.iter().map(|r| r.label.clone().unwrap()).collect();
    assert_eq!(
        labels,
        ["Other", "ISO 14001", "gone"],
        "an unknown option shows its id"
    );
    assert!(table_rows(&bank, &Answers::new(), "details", &rows(&bank, "details")).is_empty());
}

#[test]
fn free_tables_show_at_least_their_minimum_and_every_stored_row() {
    let bank = bank();
    let r = rows(&bank, "sites");
    let keys = |a: &Answers| -> Vec<String> {
        table_rows(&bank, a, "sites", &r)
            .iter()
            .map(|r| r.key.slug())
            .collect()
    };
    assert_eq!(keys(&Answers::new()), ["1", "2"]);
    let a = answers(&[("sites", json!([{"city": "A"}, {}, {"city": "C"}]))]);
    assert_eq!(keys(&a), ["1", "2", "3"]);
    assert!(table_rows(&bank, &a, "sites", &r)
        .iter()
        .all(|r| r.label.is_none()));
}

#[test]
fn a_row_reference_shows_a_column_in_that_row_before_any_cell_is_answered() {
    let bank = bank();
    let a = answers(&[("progs", json!(["iso", "other"]))]);
    let other = RowKey::Id("other".into());
    let iso = RowKey::Id("iso".into());
    assert!(!row_started(&a, "details", &other));
    assert_eq!(
        shown(&bank, &a, &other)[..2],
        [true, true],
        "name shown in the other row"
    );
    assert_eq!(
        shown(&bank, &a, &iso)[..2],
        [false, true],
        "not in the iso row"
    );
}

#[test]
fn a_column_reference_reads_the_cells_of_the_same_row() {
    let bank = bank();
    let mut a = answers(&[("progs", json!(["iso", "other"]))]);
    let iso = RowKey::Id("iso".into());
    assert!(
        !shown(&bank, &a, &iso)[2],
        "end hidden until start is filled"
    );
    set_cell(&mut a, "details", &iso, "start", json!("2024-01-01"));
    assert!(shown(&bank, &a, &iso)[2]);
    assert!(
        !shown(&bank, &a, &RowKey::Id("other".into()))[2],
        "only in that row"
    );
}

#[test]
fn an_outer_question_that_is_hidden_reads_as_unanswered_as_in_the_assessment() {
    let bank = bank();
    let iso = RowKey::Id("iso".into());
    let mut a = answers(&[
        ("progs", json!(["iso"])),
        ("hasaudits", json!("yes")),
        ("audited", json!("yes")),
    ]);
    assert!(shown(&bank, &a, &iso)[3]);
    // `audited` keeps its answer but is no longer asked: the column goes with it.
    a.set("hasaudits", json!("no"));
    assert!(!shown(&bank, &a, &iso)[3]);
}

#[test]
fn setting_a_cell_creates_its_row_and_clearing_the_last_cell_removes_it() {
    let mut a = answers(&[("progs", json!(["iso", "other"]))]);
    let iso = RowKey::Id("iso".into());
    let other = RowKey::Id("other".into());
    set_cell(&mut a, "details", &other, "name", json!("Local scheme"));
    set_cell(&mut a, "details", &iso, "start", json!("2024"));
    assert_eq!(
        a.get("details"),
        Some(&json!([{"row": "other", "name": "Local scheme"}, {"row": "iso", "start": "2024"}]))
    );
    assert_eq!(cell(&a, "details", &iso, "start"), Some(json!("2024")));
    assert!(row_started(&a, "details", &iso));
    set_cell(&mut a, "details", &other, "name", json!(""));
    assert_eq!(
        a.get("details"),
        Some(&json!([{"row": "iso", "start": "2024"}]))
    );
    set_cell(&mut a, "details", &iso, "start", Value::Null);
    assert_eq!(a.get("details"), None, "no cell answered: no answer");
    assert!(!row_started(&a, "details", &iso));
}

#[test]
fn free_rows_are_added_after_those_shown_and_removed_by_position() {
    let mut a = Answers::new();
    set_cell(&mut a, "sites", &RowKey::At(1), "city", json!("Hanoi"));
    assert_eq!(a.get("sites"), Some(&json!([{}, {"city": "Hanoi"}])));
    add_row(&mut a, "sites", 2);
    assert_eq!(a.get("sites"), Some(&json!([{}, {"city": "Hanoi"}, {}])));
    remove_row(&mut a, "sites", 0);
    assert_eq!(a.get("sites"), Some(&json!([{"city": "Hanoi"}, {}])));
    assert_eq!(
        cell(&a, "sites", &RowKey::At(0), "city"),
        Some(json!("Hanoi"))
    );
    remove_row(&mut a, "sites", 5);
    assert_eq!(
        a.get("sites"),
        Some(&json!([{"city": "Hanoi"}, {}])),
        "out of range: no change"
    );
}

#[test]
fn shown_cells_answers_for_every_row_at_once() {
    let bank = bank();
    let a = answers(&[("progs", json!(["iso", "other"]))]);
    let keys = [RowKey::Id("iso".into()), RowKey::Id("other".into())];
    let cells =
        openfem::core::table::shown_cells(&bank, &a, "details", &keys, columns(&bank, "details"));
    assert_eq!(
        cells,
        [shown(&bank, &a, &keys[0]), shown(&bank, &a, &keys[1])]
    );
    assert!(cells[1][0], "name shown in the other row");
    assert!(!cells[0][0]);
}
