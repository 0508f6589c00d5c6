//! The answers laid out for one evaluation: by question position, each with what a rescore asks
//! of it (answered? which token?), and tables' rows with their cells by column index.
//!
//! Built in one walk over the answers in their own (sorted) order, which is also roughly the
//! order they sit in memory: when many assessments are scored one after the other, each
//! answer's first read comes from main memory, and reading them in order lets the processor
//! fetch ahead instead of waiting on each one as the rules reach it. Everything after this walk
//! reads the sheet, not the answers' maps.

use serde_json::{Map, Value};

use super::answers::Answers;
use super::bank::{Bank, Token};
use super::condition::is_answered;
use super::ids;
use super::layout::{ColumnKey, Kind, Layout};

/// One question's stored answer (shown or not: visibility is `rules::Context`'s business).
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry<'a> {
    pub value: Option<&'a Value>,
    /// Holds an answer: not null, not blank, not an empty list.
    pub answered: bool,
    /// The answer as a Yes/Partial/No/N/A/Unknown token, when it is one.
    pub token: Option<Token>,
    /// A table's rows: `start..end` in the sheet's rows.
    rows: (u32, u32),
}

/// A table row: its id (`row` key) and its cells by column index.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub id: Option<&'a str>,
    pub map: &'a Map<String, Value>,
    cells: (u32, u32),
}

#[derive(Debug, Default)]
pub struct Sheet<'a> {
    /// By flat question index (`Bank::flat_index`).
    entries: Vec<Entry<'a>>,
    rows: Vec<Row<'a>>,
    cells: Vec<Option<&'a Value>>,
}

impl<'a> Sheet<'a> {
    pub fn new(bank: &'a Bank, answers: &'a Answers) -> Sheet<'a> {
        // Room for three rows per table question, so a typical sheet never grows.
        let (tables, columns) = bank.layout().table_sizes();
        let mut sheet = Sheet {
            entries: vec![Entry::default(); bank.question_count()],
            rows: Vec::with_capacity(3 * tables),
            cells: Vec::with_capacity(3 * columns),
        };
        let layout = bank.layout();
        // Both sorted by Ref ID: one ordered walk, unless there are so few answers that
        // looking each up costs less than walking every Ref ID.
        if answers.len() * 8 < layout.len() {
            for (id, value) in answers.iter() {
                if let Some(pos) = bank.position(id) {
                    sheet.place(layout, bank.flat_index(pos.section, pos.question), value);
                }
            }
        } else {
            let mut refs = layout.by_id();
            let mut current = refs.next();
            for (id, value) in answers.iter() {
                while let Some((ref_id, flat)) = current {
                    match ref_id.cmp(id.as_bytes()) {
                        std::cmp::Ordering::Less => current = refs.next(),
                        std::cmp::Ordering::Equal => {
                            sheet.place(layout, flat, value);
                            current = refs.next();
                            break;
                        }
                        std::cmp::Ordering::Greater => break,
                    }
                }
            }
        }
        sheet
    }

    fn place(&mut self, layout: &Layout, flat: usize, value: &'a Value) {
        let rows = match layout.meta(flat).kind {
            Kind::Table => self.lay_out_rows(layout, flat, value),
            _ => (0, 0),
        };
        self.entries[flat] = Entry {
            value: Some(value),
            answered: is_answered(value),
            token: value.as_str().and_then(Token::parse),
            rows,
        };
    }

    /// A table answer's rows (objects only) with their cells, from the table's packed columns;
    /// returns where they are in `rows`. Kept out of `place`, which most answers pass through
    /// without needing any of this.
    #[inline(never)]
    fn lay_out_rows(&mut self, layout: &Layout, flat: usize, value: &'a Value) -> (u32, u32) {
        let keys = layout.columns(flat);
        let start = self.rows.len() as u32;
        for map in value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
        {
            let from = self.cells.len();
            self.cells.resize(from + keys.len(), None);
            let id = row_cells(map, layout, keys, &mut self.cells[from..]);
            self.rows.push(Row {
                id,
                map,
                cells: (from as u32, self.cells.len() as u32),
            });
        }
        (start, self.rows.len() as u32)
    }

    /// The entry of the question at a flat index.
    pub fn entry(&self, flat: usize) -> &Entry<'a> {
        &self.entries[flat]
    }

    /// A table answer's rows (objects only), in the answer's order.
    pub fn rows(&self, entry: &Entry<'a>) -> &[Row<'a>] {
        &self.rows[entry.rows.0 as usize..entry.rows.1 as usize]
    }

    /// A row's cells, one per column of its table, by column index.
    pub fn cells(&self, row: &Row<'a>) -> &[Option<&'a Value>] {
        &self.cells[row.cells.0 as usize..row.cells.1 as usize]
    }
}

/// A row's cells by column index, written into `cells` (one slot per column, all `None` on
/// entry). Returns the row's id (its `row` key), which names no column. Each key is looked for
/// among the table's columns in id order (`keys`, from the packed layout, so only the row's own
/// keys are read from the answers) from where the previous key was found: the keys of a row
/// come sorted, so that is nearly always the first column tried. Any key order gives the same
/// cells.
fn row_cells<'v>(
    row: &'v Map<String, Value>,
    layout: &Layout,
    keys: &[ColumnKey],
    cells: &mut [Option<&'v Value>],
) -> Option<&'v str> {
    let mut id = None;
    let mut from = 0;
    for (key, value) in row {
        if ids::same(key, "row") {
            id = value.as_str();
            continue;
        }
        // Columns `from..`, then `..from` (no division: it would cost more than the search).
        let (earlier, rest) = keys.split_at(from.min(keys.len()));
        let found = match rest
            .iter()
            .position(|c| ids::same_bytes(layout.column_id(c), key.as_bytes()))
        {
            Some(k) => Some(from + k),
            None => earlier
                .iter()
                .position(|c| ids::same_bytes(layout.column_id(c), key.as_bytes())),
        };
        if let Some(k) = found {
            cells[keys[k].column as usize] = Some(value);
            from = k + 1;
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::AnswerSpec;
    use serde_json::json;

    #[test]
    fn rows_hold_their_id_and_every_cell_by_column_index() {
        let bank = Bank::builtin().expect("bank");
        let table = "sippermits";
        let pos = bank.position(table).expect("a table question");
        let AnswerSpec::Table { columns, .. } =
            &bank.sections[pos.section].questions[pos.question].answer
        else {
            panic!("{table} is a table");
        };
        let first = &columns[0].id;
        let last = &columns[columns.len() - 1].id;
        let answers: Answers = [
            ("sipvalidoperatinglicense".to_string(), json!("yes")),
            (
                table.to_string(),
                json!([
                    {"row": "water", first: "a", last: "b", "not_a_column": 1},
                    "not a row",
                    {last: "c"}
                ]),
            ),
        ]
        .into_iter()
        .collect();
        let sheet = Sheet::new(&bank, &answers);
        let at = bank
            .position("sipvalidoperatinglicense")
            .expect("licence question");
        let licence = sheet.entry(bank.flat_index(at.section, at.question));
        assert!(licence.answered);
        assert_eq!(licence.token, Some(Token::Yes));

        let entry = sheet.entry(bank.flat_index(pos.section, pos.question));
        let rows = sheet.rows(entry);
        assert_eq!(rows.len(), 2, "the text entry is not a row");
        assert_eq!(rows[0].id, Some("water"));
        assert_eq!(rows[1].id, None);
        for row in rows {
            let cells = sheet.cells(row);
            assert_eq!(cells.len(), columns.len());
            for (column, cell) in columns.iter().zip(cells) {
                assert_eq!(*cell, row.map.get(&column.id), "{}", column.id);
            }
        }
        assert_eq!(sheet.cells(&rows[0])[0], Some(&json!("a")));
    }
}
