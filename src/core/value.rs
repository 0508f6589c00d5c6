//! One answer value as the rules read it, wherever it is kept: a `serde_json::Value` (answers
//! a shell holds, a value a `Packed` borrows) or an item of [`Packed`] answers. The accessors
//! mirror `serde_json::Value`'s, so the rules read either the same way.

use std::fmt;

use serde_json::{Map, Value};

use super::condition::QRef;
use super::packed::{Item, Packed, PackedRow};

#[derive(Clone, Copy)]
pub enum Val<'a> {
    Json(&'a Value),
    Packed(PackedVal<'a>),
}

/// An item of packed answers, with the answers it belongs to. Held by reference: copying a
/// 16-byte item out of a function and reading it back at once stalled the processor on every
/// answer read.
#[derive(Clone, Copy)]
pub struct PackedVal<'a> {
    packed: &'a Packed<'a>,
    item: &'a Item<'a>,
}

impl<'a> PackedVal<'a> {
    /// `item` must be one of `packed`'s own (its strings are read from `packed`).
    #[inline]
    pub(crate) fn new(packed: &'a Packed<'a>, item: &'a Item<'a>) -> PackedVal<'a> {
        PackedVal { packed, item }
    }
}

impl<'a> Val<'a> {
    #[inline]
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            Val::Json(v) => v.as_str(),
            Val::Packed(PackedVal { packed, item }) => match *item {
                Item::Token(t) => Some(t.as_str()),
                Item::Str(span) => Some(packed.text(span)),
                _ => None,
            },
        }
    }

    #[inline]
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Val::Json(v) => v.as_f64(),
            Val::Packed(p) => match *p.item {
                Item::Int(n) => Some(n as f64),
                Item::Num(n) => Some(n),
                _ => None,
            },
        }
    }

    #[inline]
    pub fn is_null(self) -> bool {
        match self {
            Val::Json(v) => v.is_null(),
            Val::Packed(p) => matches!(p.item, Item::Null),
        }
    }

    /// Holds an answer: not null, not blank, not an empty list.
    #[inline]
    pub fn is_answered(self) -> bool {
        match self {
            Val::Json(v) => super::condition::is_answered(v),
            Val::Packed(PackedVal { packed, item }) => match *item {
                Item::Absent | Item::Null => false,
                Item::Str(span) => super::condition::is_filled(packed.text(span)),
                Item::List(span) => !span.is_empty(),
                Item::Ref(v) => super::condition::is_answered(v),
                _ => true,
            },
        }
    }

    /// The elements, when the value is a list.
    #[inline]
    pub fn as_list(self) -> Option<List<'a>> {
        match self {
            Val::Json(Value::Array(items)) => Some(List(Elements::Json(items))),
            Val::Packed(PackedVal { packed, item }) => match *item {
                Item::List(span) => Some(List(Elements::Packed(packed, packed.items(span)))),
                _ => None,
            },
            Val::Json(_) => None,
        }
    }

    /// The value as a table row, when it is an object.
    #[inline]
    pub fn as_row(self) -> Option<RowVal<'a>> {
        match self {
            Val::Json(Value::Object(map)) => Some(RowVal(Row::Json(map))),
            Val::Packed(PackedVal { packed, item }) => match *item {
                Item::Row(i) => Some(RowVal(Row::Packed(packed, packed.row(i)))),
                _ => None,
            },
            Val::Json(_) => None,
        }
    }

    /// The value as JSON (for messages and tests; rescoring never needs it).
    pub fn to_json(self) -> Value {
        match self {
            Val::Json(v) => v.clone(),
            Val::Packed(p) => p.packed.to_json(p.item),
        }
    }
}

impl fmt::Display for Val<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_json().fmt(f)
    }
}

impl fmt::Debug for Val<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Val({})", self.to_json())
    }
}

/// Equal when they are the same JSON.
impl PartialEq for Val<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.to_json() == other.to_json()
    }
}

/// A list answer's elements.
#[derive(Clone, Copy)]
pub struct List<'a>(Elements<'a>);

#[derive(Clone, Copy)]
enum Elements<'a> {
    Json(&'a [Value]),
    Packed(&'a Packed<'a>, &'a [Item<'a>]),
}

impl<'a> List<'a> {
    #[inline]
    pub fn len(self) -> usize {
        match self.0 {
            Elements::Json(items) => items.len(),
            Elements::Packed(_, items) => items.len(),
        }
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    #[inline]
    pub fn get(self, i: usize) -> Option<Val<'a>> {
        match self.0 {
            Elements::Json(items) => items.get(i).map(Val::Json),
            // An element is never absent: `val` gives `None` only for a missing index.
            Elements::Packed(p, items) => items.get(i).and_then(|item| p.val(item)),
        }
    }

    #[inline]
    pub fn iter(self) -> impl Iterator<Item = Val<'a>> {
        (0..self.len()).filter_map(move |i| self.get(i))
    }

    /// The text elements (a multi answer's options).
    #[inline]
    pub fn strs(self) -> impl Iterator<Item = &'a str> {
        self.iter().filter_map(Val::as_str)
    }

    /// The object elements (a table answer's rows).
    #[inline]
    pub fn rows(self) -> impl Iterator<Item = RowVal<'a>> {
        self.iter().filter_map(Val::as_row)
    }
}

/// A table row: cells by column id (and, for packed rows, by column index).
#[derive(Clone, Copy)]
pub struct RowVal<'a>(Row<'a>);

#[derive(Clone, Copy)]
enum Row<'a> {
    Json(&'a Map<String, Value>),
    Packed(&'a Packed<'a>, &'a PackedRow<'a>),
}

impl<'a> RowVal<'a> {
    /// The row's value under `key` (a column id, or `row` for its id).
    #[inline]
    pub fn get(self, key: &str) -> Option<Val<'a>> {
        match self.0 {
            Row::Json(map) => map.get(key).map(Val::Json),
            Row::Packed(p, row) => p.row_get(row, key),
        }
    }

    /// The row's id (its `row` key), when it is text.
    #[inline]
    pub fn id(self) -> Option<&'a str> {
        match self.0 {
            Row::Json(map) => map.get("row").and_then(Value::as_str),
            Row::Packed(p, row) => p.val(row.id()).and_then(Val::as_str),
        }
    }

    /// The cell a `.column` reference names, read by the column index its bank resolved,
    /// when the row is laid out by column (packed rows are) and resolved by the same bank.
    /// `None`: read the cell by id instead.
    #[inline]
    pub fn resolved_cell(self, q: &QRef) -> Option<Option<Val<'a>>> {
        let Row::Packed(p, _) = self.0 else {
            return None;
        };
        let cells = self.cells()?;
        let i = q.column_in(p.bank().generation())?;
        (i < cells.len()).then(|| cells.get(i))
    }

    /// Which cells of the first 64 columns hold an answer, as bits by column index, when the
    /// row is laid out by column (packed rows are).
    #[inline]
    pub fn filled(self) -> Option<u64> {
        match self.0 {
            Row::Json(_) => None,
            Row::Packed(_, row) => Some(row.filled()),
        }
    }

    /// The cells by column index of the row's table, when the row has them laid out that way
    /// (packed rows do): one slot per column, `None` for an empty cell.
    #[inline]
    pub fn cells(self) -> Option<Cells<'a>> {
        match self.0 {
            Row::Json(_) => None,
            Row::Packed(p, row) => Some(Cells {
                packed: p,
                items: p.cells(row),
            }),
        }
    }
}

/// A packed row's cells, by column index.
#[derive(Clone, Copy)]
pub struct Cells<'a> {
    packed: &'a Packed<'a>,
    items: &'a [Item<'a>],
}

impl<'a> Cells<'a> {
    #[inline]
    pub fn len(self) -> usize {
        self.items.len()
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.items.is_empty()
    }

    /// The cell of column `i` (`None`: no such column, or the cell is not in the row).
    #[inline]
    pub fn get(self, i: usize) -> Option<Val<'a>> {
        self.items.get(i).and_then(|item| self.packed.val(item))
    }
}
