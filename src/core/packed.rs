//! A facility's answers laid out by question position for scoring, in a few flat arrays.
//!
//! Why: a complete FEM assessment held as `Answers` is about 1,500 heap allocations (a string
//! per key and text, a B-tree node per table row), 101 KB, read by following pointers. A
//! rescore of answers already in the cache hardly minds, but a portal scoring thousands of
//! stored assessments reads each one from main memory, and those reads cost as much as the
//! scoring. Copied (`Packed::new`), the same answers take about 25 KB in six arrays, read
//! front to back (`warm`): what a batch keeps in memory and scores with `evaluate_packed`.
//! `evaluate` lays the answers out the same way but points to their values instead of copying
//! them (`Packed::borrowing`): for one rescore, copying would cost more than it saves. Every
//! value keeps its JSON meaning (`Val` reads both forms the same way), so a score never depends
//! on the form (`tests/packed.rs`).
//!
//! What is where:
//! - `answers` and `flags`: by flat question index (`Bank::flat_index`), the answer, and
//!   apart (two bytes each, read for every question) whether it counts as answered and its
//!   Yes/Partial/No/N/A/Unknown token;
//! - `items`: the elements of lists, each list's back to back;
//! - `rows`: objects inside lists (a table's rows), with their id and their cells laid out by
//!   the column index of the question's table (`cells`); keys that are not columns of the
//!   table are kept apart (`rest`), so every key still reads;
//! - `text`: every string that is not a token, back to back (a borrowing `Packed` points to
//!   the answers' values instead: `Item::Ref`);
//! - `json`: values no question takes (an object outside a list, an object in a cell), as
//!   they came; `extra`: answers to questions this bank does not have (metrics may read them).
//!
//! Positions and lengths are `u32`: answers of 4 GiB or more are refused with a panic (the CLI
//! and the widget refuse documents far smaller than that).

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::answers::Answers;
use super::bank::{Bank, Token};
use super::condition::is_answered;
use super::ids;
use super::layout::{Kind, Layout};
use super::value::{PackedVal, Val};

/// One stored value (16 bytes). Strings, lists and rows point into their `Packed`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) enum Item<'b> {
    /// No value (no answer, or no such cell).
    #[default]
    Absent,
    Null,
    Bool(bool),
    /// A number that is an integer in JSON (kept apart so it prints the same).
    Int(i64),
    Num(f64),
    /// A string that is exactly a token's text.
    Token(Token),
    Str(Span),
    List(Span),
    Row(u32),
    Json(u32),
    /// A value of the answers a borrowing `Packed` was laid out from.
    Ref(&'b Value),
}

/// `len` things from `at` in one of the arrays (or bytes of `text`). Only this module makes
/// spans, each for what it has just stored: a span of `text` always covers whole strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    at: u32,
    len: u32,
}

impl<'b> PackedRow<'b> {
    pub(crate) fn id(&self) -> &Item<'b> {
        &self.id
    }

    pub(crate) fn filled(&self) -> u64 {
        self.filled
    }
}

/// The bit of column `k` in `PackedRow::filled` (none beyond 64 columns).
fn column_bit(k: usize) -> u64 {
    1u64.checked_shl(k as u32).unwrap_or(0)
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.at as usize..self.at as usize + self.len as usize
    }

    pub(crate) fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// An object inside a list: a table's row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PackedRow<'b> {
    /// The question whose answer it is in (its table's columns give the cells' order).
    question: u32,
    /// Its `row` key, when it has one.
    id: Item<'b>,
    /// One per column of the question's table, by column index (`Item::Absent`: not there).
    cells: Span,
    /// Its other keys, in key order: key text and value (copied rows).
    rest: Span,
    /// Which of its cells (of the first 64 columns) hold an answer, as bits by column index.
    filled: u64,
    /// The row itself (borrowed rows): its keys that are not columns are read from it.
    map: Option<&'b Map<String, Value>>,
}

/// What scoring asks of most answers without reading them: answered, and which token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// Holds an answer: not null, not blank, not an empty list.
    pub answered: bool,
    /// The answer as a Yes/Partial/No/N/A/Unknown token, when it is one.
    pub token: Option<Token>,
}

/// A facility's answers packed against one bank (see the module documentation).
#[derive(Debug)]
pub struct Packed<'b> {
    bank: &'b Bank,
    /// By flat index.
    answers: Vec<Item<'b>>,
    /// By flat index.
    flags: Vec<Flags>,
    items: Vec<Item<'b>>,
    rows: Vec<PackedRow<'b>>,
    cells: Vec<Item<'b>>,
    rest: Vec<(Span, Item<'b>)>,
    text: String,
    json: Vec<Value>,
    /// Answers to Ref IDs the bank does not have, in id order.
    extra: Vec<(Cow<'b, str>, Cow<'b, Value>)>,
    /// Where a value is packed before it is copied to a row's other keys.
    scratch: Item<'b>,
}

/// Where `Packed::pack` writes a value.
#[derive(Debug, Clone, Copy)]
enum To {
    Answer(usize),
    Item(usize),
    Cell(usize),
    RowId(usize),
    Scratch,
}

impl<'b> Packed<'b> {
    /// Packs `answers` for `bank`, copying them: what a batch keeps in memory. Rows set aside
    /// (`scored::scored_answers`) are left out, as `evaluate` leaves them out.
    pub fn new(bank: &'b Bank, answers: &Answers) -> Packed<'b> {
        let answers = super::scored::scored_answers(bank, answers);
        let mut packed = Packed::empty(bank, false);
        packed.lay_out(
            &answers,
            |p, flat, value| p.place(flat, value),
            |p, id, value| {
                p.extra
                    .push((Cow::Owned(id.to_string()), Cow::Owned(value.clone())))
            },
        );
        packed
    }

    /// Lays `answers` out for `bank` by position, pointing to their values instead of copying
    /// them (a table's rows are still laid out by column): what one rescore needs.
    pub fn borrowing(bank: &'b Bank, answers: &'b Answers) -> Packed<'b> {
        let mut packed = Packed::empty(bank, true);
        packed.lay_out(
            answers,
            |p, flat, value| p.place_ref(flat, value),
            |p, id, value| p.extra.push((Cow::Borrowed(id), Cow::Borrowed(value))),
        );
        packed
    }

    fn empty(bank: &'b Bank, borrowed: bool) -> Packed<'b> {
        // Room for what a typical complete assessment needs, so laying out rarely grows.
        let (tables, columns) = bank.layout().table_sizes();
        Packed {
            bank,
            answers: vec![Item::Absent; bank.question_count()],
            flags: vec![Flags::default(); bank.question_count()],
            items: Vec::with_capacity(4 * tables + 16),
            rows: Vec::with_capacity(3 * tables),
            cells: Vec::with_capacity(3 * columns),
            rest: Vec::new(),
            text: match borrowed {
                true => String::new(),
                false => String::with_capacity(256 * tables),
            },
            json: Vec::new(),
            extra: Vec::new(),
            scratch: Item::Absent,
        }
    }

    /// Places every answer by position (`place`), or among the extra ones (`extra`). Both are
    /// sorted by Ref ID: one ordered walk, unless there are so few answers that looking each
    /// up costs less than walking every Ref ID.
    fn lay_out<'v>(
        &mut self,
        answers: &'v Answers,
        mut place: impl FnMut(&mut Self, usize, &'v Value),
        mut extra: impl FnMut(&mut Self, &'v str, &'v Value),
    ) {
        let bank = self.bank;
        let layout = bank.layout();
        if answers.len() * 8 < layout.len() {
            for (id, value) in answers.iter() {
                match bank.position(id) {
                    Some(pos) => place(self, bank.flat_index(pos.section, pos.question), value),
                    None => extra(self, id, value),
                }
            }
            return;
        }
        let mut refs = layout.by_id();
        let mut current = refs.next();
        for (id, value) in answers.iter() {
            let mut placed = false;
            while let Some((ref_id, flat)) = current {
                match ids::order(ref_id, id.as_bytes()) {
                    std::cmp::Ordering::Less => current = refs.next(),
                    std::cmp::Ordering::Equal => {
                        place(self, flat, value);
                        current = refs.next();
                        placed = true;
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
            if !placed {
                extra(self, id, value);
            }
        }
    }

    /// Reads every cache line of the packed answers once, front to back, so that the scoring
    /// that follows (which reads them in dependency order, all over the place) finds them in
    /// the cache: the processor fetches lines ahead along a front-to-back walk, but not along
    /// the rules' order. A batch of 1,000 complete assessments, read from main memory, took
    /// 26.5–27.5 ms without this and 18.0–18.3 ms with it. Returns a value so that the reads
    /// are not left out.
    pub fn warm(&self) -> u8 {
        fn lines<T>(items: &[T]) -> u8 {
            let bytes = std::mem::size_of_val(items);
            let base = items.as_ptr().cast::<u8>();
            let mut x = 0u8;
            let mut at = 0;
            while at < bytes {
                // SAFETY: `at < bytes`: inside the slice. Reading a byte of padding is fine
                // through a volatile read, which makes no claim about its value.
                x ^= unsafe { std::ptr::read_volatile(base.add(at)) };
                at += 64;
            }
            x
        }
        lines(&self.answers)
            ^ lines(&self.flags)
            ^ lines(&self.items)
            ^ lines(&self.rows)
            ^ lines(&self.cells)
            ^ lines(self.text.as_bytes())
    }

    /// The bank the answers are laid out for.
    pub fn bank(&self) -> &'b Bank {
        self.bank
    }

    /// Whether the question at a flat index is answered, and with which token.
    #[inline]
    pub fn flags(&self, flat: usize) -> Flags {
        self.flags[flat]
    }

    /// The stored value of the question at a flat index.
    #[inline]
    pub fn value(&self, flat: usize) -> Option<Val<'_>> {
        self.val(&self.answers[flat])
    }

    /// An answer to a question the bank does not have.
    pub fn extra(&self, id: &str) -> Option<&Value> {
        let i = self.extra.binary_search_by(|(k, _)| k.as_ref().cmp(id));
        i.ok().map(|i| self.extra[i].1.as_ref())
    }

    /// An item of this packed answers as a value (`None`: absent).
    #[inline]
    pub(crate) fn val<'s>(&'s self, item: &'s Item<'s>) -> Option<Val<'s>> {
        match item {
            Item::Absent => None,
            Item::Ref(value) => Some(Val::Json(value)),
            _ => Some(Val::Packed(PackedVal::new(self, item))),
        }
    }

    // --- Borrowing: values point into the answers. ---

    fn place_ref(&mut self, flat: usize, value: &'b Value) {
        let token = value.as_str().and_then(Token::parse);
        let rows = match value {
            Value::Array(elements) if self.bank.layout().meta(flat).kind == Kind::Table => {
                Some(self.lay_out_rows(elements, flat as u32))
            }
            _ => None,
        };
        self.flags[flat] = Flags {
            answered: is_answered(value),
            token,
        };
        // Each written where it goes (see `pack`).
        let answer = &mut self.answers[flat];
        match (token, rows) {
            (Some(t), _) => *answer = Item::Token(t),
            (None, Some(rows)) => *answer = Item::List(rows),
            (None, None) => *answer = Item::Ref(value),
        }
    }

    /// A table answer's elements: rows laid out by column, anything else as it is.
    #[inline(never)]
    fn lay_out_rows(&mut self, elements: &'b [Value], question: u32) -> Span {
        let at = self.items.len();
        self.items.resize(at + elements.len(), Item::Absent);
        for (i, element) in elements.iter().enumerate() {
            match element {
                Value::Object(map) => {
                    let row = self.borrowed_row(map, question);
                    self.items[at + i] = Item::Row(row);
                }
                other => self.items[at + i] = Item::Ref(other),
            }
        }
        span(at, elements.len())
    }

    /// A row pointing to its values: its id, its cells by the column index of `question`'s
    /// table, which of them are filled, and the row itself for keys that are not columns.
    fn borrowed_row(&mut self, map: &'b Map<String, Value>, question: u32) -> u32 {
        let layout: &Layout = self.bank.layout();
        let keys = layout.columns(question as usize);
        let cells_at = self.cells.len();
        self.cells.resize(cells_at + keys.len(), Item::Absent);
        let mut id = Item::Absent;
        let mut filled = 0;
        let mut from = 0;
        for (key, value) in map {
            if ids::same(key, "row") {
                id = Item::Ref(value);
                continue;
            }
            if let Some(k) = column_of(layout, keys, key, &mut from) {
                let column = keys[k].column as usize;
                self.cells[cells_at + column] = Item::Ref(value);
                if is_answered(value) {
                    filled |= column_bit(column);
                }
            }
        }
        self.rows.push(PackedRow {
            question,
            id,
            cells: span(cells_at, keys.len()),
            rest: Span::default(),
            filled,
            map: Some(map),
        });
        self.rows.len() as u32 - 1
    }

    // --- Copying: values are packed into the arrays. ---

    fn place(&mut self, flat: usize, value: &Value) {
        self.pack(value, flat as u32, To::Answer(flat));
        self.flags[flat] = Flags {
            answered: is_answered(value),
            token: match self.answers[flat] {
                Item::Token(t) => Some(t),
                _ => None,
            },
        };
    }

    /// Where a packed value goes.
    #[inline(always)]
    fn at(&mut self, to: To) -> &mut Item<'b> {
        match to {
            To::Answer(i) => &mut self.answers[i],
            To::Item(i) => &mut self.items[i],
            To::Cell(i) => &mut self.cells[i],
            To::RowId(i) => &mut self.rows[i].id,
            To::Scratch => &mut self.scratch,
        }
    }

    /// Packs one value of the answer to `question` into its place. Each kind of value is
    /// written where it goes, not returned: an item built in one place and copied to another
    /// is read back (16 bytes at once) before its two stores have landed, which stalled the
    /// processor on every value (a third of the packing time).
    #[inline(always)]
    fn pack(&mut self, value: &Value, question: u32, to: To) {
        match value {
            Value::Null => *self.at(to) = Item::Null,
            Value::Bool(b) => *self.at(to) = Item::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => *self.at(to) = Item::Int(i),
                None => *self.at(to) = Item::Num(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => match Token::parse(s) {
                Some(t) => *self.at(to) = Item::Token(t),
                None => {
                    let text = self.push_text(s);
                    *self.at(to) = Item::Str(text);
                }
            },
            Value::Array(elements) => {
                let list = self.pack_list(elements, question);
                *self.at(to) = Item::List(list);
            }
            Value::Object(_) => {
                let i = self.keep_json(value);
                *self.at(to) = Item::Json(i);
            }
        }
    }

    fn push_text(&mut self, s: &str) -> Span {
        let at = self.text.len();
        self.text.push_str(s);
        span(at, s.len())
    }

    /// A list: its elements back to back in `items`; objects among them are rows.
    #[inline(never)]
    fn pack_list(&mut self, elements: &[Value], question: u32) -> Span {
        let at = self.items.len();
        self.items.resize(at + elements.len(), Item::Absent);
        for (i, element) in elements.iter().enumerate() {
            match element {
                Value::Object(map) => {
                    let row = self.pack_row(map, question);
                    self.items[at + i] = Item::Row(row);
                }
                other => self.pack(other, question, To::Item(at + i)),
            }
        }
        span(at, elements.len())
    }

    /// A value of a shape no question takes (an object outside a list), kept as it came.
    #[inline(never)]
    fn keep_json(&mut self, value: &Value) -> u32 {
        self.json.push(value.clone());
        self.json.len() as u32 - 1
    }

    /// A row: its cells by the column index of `question`'s table, its other keys apart.
    #[inline(never)]
    fn pack_row(&mut self, map: &Map<String, Value>, question: u32) -> u32 {
        let layout: &Layout = self.bank.layout();
        let keys = layout.columns(question as usize);
        let cells_at = self.cells.len();
        self.cells.resize(cells_at + keys.len(), Item::Absent);
        let row = self.rows.len();
        self.rows.push(PackedRow {
            question,
            id: Item::Absent,
            cells: span(cells_at, keys.len()),
            rest: Span::default(),
            filled: 0,
            map: None,
        });
        let mut rest: Vec<(Span, Item)> = Vec::new();
        let mut from = 0;
        for (key, value) in map {
            if ids::same(key, "row") {
                self.pack(value, question, To::RowId(row));
                continue;
            }
            match column_of(layout, keys, key, &mut from) {
                Some(k) => {
                    let column = keys[k].column as usize;
                    self.pack(value, question, To::Cell(cells_at + column));
                    if is_answered(value) {
                        self.rows[row].filled |= column_bit(column);
                    }
                }
                None => {
                    self.pack(value, question, To::Scratch);
                    let key = self.push_text(key);
                    rest.push((key, self.scratch));
                }
            }
        }
        if !rest.is_empty() {
            self.rows[row].rest = span(self.rest.len(), rest.len());
            self.rest.extend_from_slice(&rest);
        }
        row as u32
    }

    // --- Reading (for `Val`). ---

    #[inline]
    pub(crate) fn text(&self, span: Span) -> &str {
        let bytes = &self.text.as_bytes()[span.range()];
        // SAFETY: a span of `text` is only made by `push_text`, for the whole string it has
        // just appended, so it starts and ends on character boundaries and the bytes are UTF-8.
        // `PackedVal`, the only way to ask, pairs a `Packed` with one of its own items. (The
        // checked slice read the bytes at both ends of every string, ≈ 4% of a rescore.)
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    #[inline]
    pub(crate) fn items(&self, span: Span) -> &[Item<'b>] {
        &self.items[span.range()]
    }

    #[inline]
    pub(crate) fn row(&self, i: u32) -> &PackedRow<'b> {
        &self.rows[i as usize]
    }

    #[inline]
    pub(crate) fn cells(&self, row: &PackedRow<'b>) -> &[Item<'b>] {
        &self.cells[row.cells.range()]
    }

    /// A row's value under `key`: its id, a column's cell, or one of its other keys.
    #[inline]
    pub(crate) fn row_get<'s>(&'s self, row: &'s PackedRow<'b>, key: &str) -> Option<Val<'s>> {
        if ids::same(key, "row") {
            return self.val(&row.id);
        }
        // A table has a few columns: comparing each id inline costs less than a search
        // calling `memcmp` (in the row's map, or among the sorted ids).
        let layout = self.bank.layout();
        let keys = layout.columns(row.question as usize);
        match keys
            .iter()
            .find(|c| ids::same_bytes(layout.column_id(c), key.as_bytes()))
        {
            Some(c) => self.val(&self.cells(row)[c.column as usize]),
            None => match row.map {
                Some(map) => map.get(key).map(Val::Json),
                None => self.rest[row.rest.range()]
                    .iter()
                    .find(|(k, _)| self.text(*k) == key)
                    .and_then(|(_, item)| self.val(item)),
            },
        }
    }

    /// An item as JSON again (keys in order, as `serde_json` keeps them).
    pub(crate) fn to_json(&self, item: &Item) -> Value {
        match *item {
            Item::Absent | Item::Null => Value::Null,
            Item::Bool(b) => Value::Bool(b),
            Item::Int(i) => Value::from(i),
            Item::Num(n) => serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
            Item::Token(t) => Value::from(t.as_str()),
            Item::Str(s) => Value::from(self.text(s)),
            Item::List(s) => Value::Array(self.items(s).iter().map(|i| self.to_json(i)).collect()),
            Item::Row(i) => self.row_json(self.row(i)),
            Item::Json(i) => self.json[i as usize].clone(),
            Item::Ref(value) => value.clone(),
        }
    }

    fn row_json(&self, row: &PackedRow) -> Value {
        if let Some(map) = row.map {
            return Value::Object(map.clone());
        }
        let layout = self.bank.layout();
        let mut map = Map::new();
        if row.id != Item::Absent {
            map.insert("row".into(), self.to_json(&row.id));
        }
        for key in layout.columns(row.question as usize) {
            let cell = &self.cells(row)[key.column as usize];
            if *cell != Item::Absent {
                let id = String::from_utf8_lossy(layout.column_id(key)).into_owned();
                map.insert(id, self.to_json(cell));
            }
        }
        for (key, value) in &self.rest[row.rest.range()] {
            map.insert(self.text(*key).to_string(), self.to_json(value));
        }
        Value::Object(map)
    }
}

/// The column of `keys` (a table's columns, sorted by id) whose id is `key`, looked for from
/// `from` on (then before it), and `from` moved past it: a row's keys come sorted, so the
/// column is nearly always the first one tried.
fn column_of(
    layout: &Layout,
    keys: &[super::layout::ColumnKey],
    key: &str,
    from: &mut usize,
) -> Option<usize> {
    let (earlier, later) = keys.split_at((*from).min(keys.len()));
    let found = match later
        .iter()
        .position(|c| ids::same_bytes(layout.column_id(c), key.as_bytes()))
    {
        Some(k) => Some(*from + k),
        None => earlier
            .iter()
            .position(|c| ids::same_bytes(layout.column_id(c), key.as_bytes())),
    };
    if let Some(k) = found {
        *from = k + 1;
    }
    found
}

/// A span; panics past 4 GiB rather than wrap (a wrapped span of `text` could cut a character,
/// which `text` relies on never happening).
fn span(at: usize, len: usize) -> Span {
    let fits = |n: usize| u32::try_from(n).expect("packed answers are smaller than 4 GiB");
    fits(at + len);
    Span {
        at: fits(at),
        len: fits(len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::AnswerSpec;
    use serde_json::json;

    #[test]
    fn rows_hold_their_id_every_cell_by_column_index_and_their_other_keys() {
        let bank = Bank::builtin().expect("bank");
        // A table of free rows: `Packed::new` keeps every element of it (rows of a table built
        // `from` an option not chosen would be left out, `scored::scored_answers`).
        let table = "emsmgmtstaff";
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
                    {last: "  "}
                ]),
            ),
        ]
        .into_iter()
        .collect();
        let licence = bank.position("sipvalidoperatinglicense").expect("licence");
        let licence = bank.flat_index(licence.section, licence.question);
        let flat = bank.flat_index(pos.section, pos.question);
        for packed in [
            Packed::new(&bank, &answers),
            Packed::borrowing(&bank, &answers),
        ] {
            let flags = packed.flags(licence);
            assert!(flags.answered);
            assert_eq!(flags.token, Some(Token::Yes));

            let list = packed.value(flat).and_then(Val::as_list).expect("a list");
            assert_eq!(list.len(), 3, "every element is kept");
            let rows: Vec<_> = list.rows().collect();
            assert_eq!(rows.len(), 2, "the text element is not a row");
            assert_eq!(rows[0].id(), Some("water"));
            assert_eq!(rows[1].id(), None);
            for row in &rows {
                let cells = row.cells().expect("laid out by column");
                assert_eq!(cells.len(), columns.len());
                for (k, column) in columns.iter().enumerate() {
                    assert_eq!(cells.get(k), row.get(&column.id), "{}", column.id);
                }
            }
            assert_eq!(
                rows[0].cells().and_then(|c| c.get(0)).map(Val::to_json),
                Some(json!("a"))
            );
            assert_eq!(
                rows[0].get("not_a_column").map(Val::to_json),
                Some(json!(1))
            );
            let last_column = columns.len() - 1;
            assert_eq!(rows[0].filled(), Some(1 | 1 << last_column));
            assert_eq!(rows[1].filled(), Some(0), "blank is not filled");
        }
    }
}
