//! Typed conditions (applicability, visibility, scoring cases) and their evaluation.
//!
//! Conditions are data, never strings to evaluate. A condition on an unanswered question is
//! false; `not` of it is true.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::value::{List, RowVal, Val};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// The question has a non-empty answer.
    Answered(QRef),
    /// A choice or single answer equals the token / option id.
    Is(QValue),
    /// A choice or single answer is one of the values.
    In(QValues),
    /// A multi answer contains the option.
    Includes(QValue),
    IncludesAny(QValues),
    /// A multi answer is non-empty and holds nothing but these options.
    IncludesOnly(QValues),
    /// Options selected (multi) or rows (table), compared.
    Count(QNumber),
    /// A number answer, compared.
    Cmp(QNumber),
    /// A figure the core computes from the answers (`core::metrics`).
    Metric(MetricCmp),
    /// Some row's cell equals the value.
    TableAny(QCell),
    /// There is a row and every row's cell equals the value.
    TableAll(QCell),
    /// Some row satisfies the condition (`.column` names that row's cells).
    TableSome(QRows),
    /// There is a row and every row satisfies the condition.
    TableEvery(QRows),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QRows {
    pub q: QRef,
    pub when: Box<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QValue {
    pub q: QRef,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QValues {
    pub q: QRef,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QNumber {
    pub q: QRef,
    pub op: Op,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MetricCmp {
    pub id: String,
    pub op: Op,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QCell {
    pub q: QRef,
    pub col: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum Op {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
}

impl Op {
    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Op::Lt => left < right,
            Op::Le => left <= right,
            Op::Eq => (left - right).abs() < 1e-9,
            Op::Ge => left >= right,
            Op::Gt => left > right,
        }
    }
}

/// What a condition reads: answers by Ref ID (or, inside a table row, `.column` cells) and
/// computed metrics.
pub trait Facts {
    fn answer(&self, q: &str) -> Option<Val<'_>>;
    fn metric(&self, id: &str) -> Option<f64>;
    /// The answer a condition's reference names; facts that know the bank's positions
    /// (`rules::Context`) use the position the bank resolved instead of the id.
    fn answer_ref(&self, q: &QRef) -> Option<Val<'_>> {
        self.answer(q)
    }
}

/// A reference to a question by Ref ID (or, inside a table condition, to a cell: `.column`).
/// Serialised as the plain string. The bank resolves it to the question's position once, when
/// it is loaded, so a rescore reads answers by index instead of hashing the id on every lookup.
#[derive(Debug, Default)]
pub struct QRef {
    id: String,
    /// `generation << 32 | flat index` (the question's place across all sections), or
    /// `generation << 32 | COLUMN | column index` for a `.column` reference, or `UNRESOLVED`:
    /// what the bank of that generation resolved it to. Atomic only so a bank stays `Sync`.
    position: AtomicU64,
}

const UNRESOLVED: u64 = u64::MAX;
/// The bit that marks a resolved `.column` reference (a bank never has 2³¹ questions).
const COLUMN: u64 = 1 << 31;

impl QRef {
    pub fn new(id: impl Into<String>) -> QRef {
        QRef {
            id: id.into(),
            position: AtomicU64::new(UNRESOLVED),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// The question's flat index (`Bank::flat_index`) as resolved by the bank of this
    /// generation; `None` when unresolved, resolved by another bank, or a column reference.
    #[inline]
    pub fn flat_in(&self, generation: u32) -> Option<usize> {
        let low = self.resolved_in(generation)?;
        (low & COLUMN == 0).then_some(low as usize)
    }

    /// For a `.column` reference: the column's index in the table the bank of this generation
    /// resolved it against.
    #[inline]
    pub fn column_in(&self, generation: u32) -> Option<usize> {
        let low = self.resolved_in(generation)?;
        (low & COLUMN != 0).then_some((low & !COLUMN) as usize)
    }

    #[inline]
    fn resolved_in(&self, generation: u32) -> Option<u64> {
        let p = self.position.load(Ordering::Relaxed);
        (p != UNRESOLVED && (p >> 32) as u32 == generation).then_some(p & 0xffff_ffff)
    }

    /// Records (or forgets) the flat index of the question it names in the bank of `generation`.
    pub fn resolve(&self, generation: u32, flat: Option<usize>) {
        self.store(
            generation,
            flat.filter(|&f| (f as u64) < COLUMN).map(|f| f as u64),
        );
    }

    /// Records (or forgets) the index of the column a `.column` reference names.
    pub fn resolve_column(&self, generation: u32, column: Option<usize>) {
        self.store(
            generation,
            column
                .filter(|&c| (c as u64) < COLUMN)
                .map(|c| COLUMN | c as u64),
        );
    }

    fn store(&self, generation: u32, low: Option<u64>) {
        let packed = low.map_or(UNRESOLVED, |low| (u64::from(generation) << 32) | low);
        self.position.store(packed, Ordering::Relaxed);
    }
}

impl std::ops::Deref for QRef {
    type Target = str;
    fn deref(&self) -> &str {
        &self.id
    }
}

impl std::fmt::Display for QRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.id)
    }
}

impl Clone for QRef {
    fn clone(&self) -> QRef {
        QRef {
            id: self.id.clone(),
            position: AtomicU64::new(self.position.load(Ordering::Relaxed)),
        }
    }
}

impl PartialEq for QRef {
    fn eq(&self, other: &QRef) -> bool {
        self.id == other.id
    }
}

impl From<&str> for QRef {
    fn from(id: &str) -> QRef {
        QRef::new(id)
    }
}

impl Serialize for QRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id)
    }
}

impl<'de> Deserialize<'de> for QRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<QRef, D::Error> {
        String::deserialize(d).map(QRef::new)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl schemars::JsonSchema for QRef {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "QRef".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

impl Condition {
    pub fn holds(&self, facts: &dyn Facts) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.holds(facts)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(facts)),
            Condition::Not(c) => !c.holds(facts),
            Condition::Answered(q) => facts.answer_ref(q).is_some_and(Val::is_answered),
            Condition::Is(QValue { q, value }) => {
                as_str(facts.answer_ref(q)) == Some(value.as_str())
            }
            Condition::In(QValues { q, values }) => {
                as_str(facts.answer_ref(q)).is_some_and(|a| values.iter().any(|v| v == a))
            }
            Condition::Includes(QValue { q, value }) => {
                selected(facts.answer_ref(q)).any(|a| a == value)
            }
            Condition::IncludesAny(QValues { q, values }) => {
                selected(facts.answer_ref(q)).any(|a| values.iter().any(|v| v == a))
            }
            Condition::IncludesOnly(QValues { q, values }) => {
                let mut chosen = selected(facts.answer_ref(q)).peekable();
                chosen.peek().is_some() && chosen.all(|a| values.iter().any(|v| v == a))
            }
            Condition::Count(QNumber { q, op, value }) => {
                let n = list(facts.answer_ref(q)).map_or(0, List::len);
                op.holds(n as f64, *value)
            }
            Condition::Cmp(QNumber { q, op, value }) => facts
                .answer_ref(q)
                .and_then(Val::as_f64)
                .is_some_and(|n| op.holds(n, *value)),
            Condition::Metric(MetricCmp { id, op, value }) => {
                facts.metric(id).is_some_and(|m| op.holds(m, *value))
            }
            Condition::TableAny(QCell { q, col, value }) => {
                rows(facts.answer_ref(q)).any(|row| cell_str(row, col) == Some(value))
            }
            Condition::TableAll(QCell { q, col, value }) => {
                let mut rows = rows(facts.answer_ref(q)).peekable();
                rows.peek().is_some() && rows.all(|row| cell_str(row, col) == Some(value))
            }
            Condition::TableSome(QRows { q, when }) => {
                rows(facts.answer_ref(q)).any(|row| when.holds(&RowFacts::new(facts, row)))
            }
            Condition::TableEvery(QRows { q, when }) => {
                let mut rows = rows(facts.answer_ref(q)).peekable();
                rows.peek().is_some() && rows.all(|row| when.holds(&RowFacts::new(facts, row)))
            }
        }
    }

    /// Visits every question reference in this condition, nested table conditions included.
    pub fn for_each_ref(&self, f: &mut dyn FnMut(&QRef)) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.for_each_ref(f)),
            Condition::Not(c) => c.for_each_ref(f),
            Condition::Answered(q) => f(q),
            Condition::Is(QValue { q, .. }) | Condition::Includes(QValue { q, .. }) => f(q),
            Condition::In(QValues { q, .. })
            | Condition::IncludesAny(QValues { q, .. })
            | Condition::IncludesOnly(QValues { q, .. }) => f(q),
            Condition::Count(QNumber { q, .. }) | Condition::Cmp(QNumber { q, .. }) => f(q),
            Condition::TableAny(QCell { q, .. }) | Condition::TableAll(QCell { q, .. }) => f(q),
            Condition::TableSome(QRows { q, when }) | Condition::TableEvery(QRows { q, when }) => {
                f(q);
                when.for_each_ref(f);
            }
            Condition::Metric(_) => {}
        }
    }

    /// Visits every row condition (`table_some`, `table_every`) with the table it reads, outer
    /// ones first.
    pub fn for_each_row_condition(&self, f: &mut dyn FnMut(&QRef, &Condition)) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.for_each_row_condition(f))
            }
            Condition::Not(c) => c.for_each_row_condition(f),
            Condition::TableSome(QRows { q, when }) | Condition::TableEvery(QRows { q, when }) => {
                f(q, when);
                when.for_each_row_condition(f);
            }
            _ => {}
        }
    }

    /// Every Ref ID (or `.column`) this condition reads, for validation and dependency order.
    pub fn refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.collect_refs(out));
            }
            Condition::Not(c) => c.collect_refs(out),
            Condition::Answered(q) => out.push(q),
            Condition::Is(QValue { q, .. }) | Condition::Includes(QValue { q, .. }) => out.push(q),
            Condition::In(QValues { q, .. })
            | Condition::IncludesAny(QValues { q, .. })
            | Condition::IncludesOnly(QValues { q, .. }) => out.push(q),
            Condition::Count(QNumber { q, .. }) | Condition::Cmp(QNumber { q, .. }) => out.push(q),
            Condition::TableAny(QCell { q, .. }) | Condition::TableAll(QCell { q, .. }) => {
                out.push(q)
            }
            Condition::TableSome(QRows { q, when }) | Condition::TableEvery(QRows { q, when }) => {
                out.push(q);
                let mut inner = Vec::new();
                when.collect_refs(&mut inner);
                out.extend(inner.into_iter().filter(|r| !r.starts_with('.')));
            }
            Condition::Metric(_) => {}
        }
    }
}

/// Facts inside a table row: `.column` names a cell of the row, anything else the answers.
pub struct RowFacts<'a> {
    outer: &'a dyn Facts,
    row: RowVal<'a>,
}

impl<'a> RowFacts<'a> {
    pub fn new(outer: &'a dyn Facts, row: RowVal<'a>) -> RowFacts<'a> {
        RowFacts { outer, row }
    }
}

impl Facts for RowFacts<'_> {
    fn answer(&self, q: &str) -> Option<Val<'_>> {
        match q.strip_prefix('.') {
            Some(col) => self.row.get(col),
            None => self.outer.answer(q),
        }
    }
    fn metric(&self, id: &str) -> Option<f64> {
        self.outer.metric(id)
    }
    /// A `.column` reference the bank resolved reads a packed row's cell by column index
    /// instead of searching the row (a reference resolved by another bank, by id).
    fn answer_ref(&self, q: &QRef) -> Option<Val<'_>> {
        match q.strip_prefix('.') {
            Some(col) => match self.row.resolved_cell(q) {
                Some(cell) => cell,
                None => self.row.get(col),
            },
            None => self.outer.answer_ref(q),
        }
    }
}

/// A value counts as an answer unless it is null, an empty string or an empty array.
#[inline]
pub fn is_answered(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => is_filled(s),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}

/// Text with something other than white space in it.
#[inline]
pub fn is_filled(s: &str) -> bool {
    // `!trim().is_empty()` without trimming: stops at the first visible character (the first
    // byte, for nearly every answer).
    s.as_bytes().first().is_some_and(u8::is_ascii_graphic) || !s.chars().all(char::is_whitespace)
}

fn as_str(v: Option<Val<'_>>) -> Option<&str> {
    v.and_then(Val::as_str)
}

fn list(v: Option<Val<'_>>) -> Option<List<'_>> {
    v.and_then(Val::as_list)
}

fn selected(v: Option<Val<'_>>) -> impl Iterator<Item = &str> {
    list(v).into_iter().flat_map(List::strs)
}

fn rows(v: Option<Val<'_>>) -> impl Iterator<Item = RowVal<'_>> {
    list(v).into_iter().flat_map(List::rows)
}

fn cell_str<'a>(row: RowVal<'a>, col: &str) -> Option<&'a str> {
    row.get(col).and_then(Val::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

    struct Map(HashMap<&'static str, Value>);
    impl Facts for Map {
        fn answer(&self, q: &str) -> Option<Val<'_>> {
            self.0.get(q).map(Val::Json)
        }
        fn metric(&self, id: &str) -> Option<f64> {
            (id == "m").then_some(75.0)
        }
    }

    fn cond(v: Value) -> Condition {
        serde_json::from_value(v).unwrap()
    }

    fn facts() -> Map {
        Map(HashMap::from([
            ("lic", json!("yes")),
            ("types", json!(["final_assembly", "finished_processing"])),
            ("n", json!(42)),
            (
                "t",
                json!([{"row": "a", "s": "ok"}, {"row": "b", "s": "bad"}]),
            ),
        ]))
    }

    #[test]
    fn each_condition_reads_its_answer() {
        let f = facts();
        let cases = [
            (json!({"is": {"q": "lic", "value": "yes"}}), true),
            (json!({"is": {"q": "lic", "value": "no"}}), false),
            (json!({"in": {"q": "lic", "values": ["no", "yes"]}}), true),
            (
                json!({"includes": {"q": "types", "value": "final_assembly"}}),
                true,
            ),
            (
                json!({"includes_any": {"q": "types", "values": ["x", "finished_processing"]}}),
                true,
            ),
            (
                json!({"includes_only": {"q": "types", "values": ["final_assembly", "finished_processing"]}}),
                true,
            ),
            (
                json!({"includes_only": {"q": "types", "values": ["final_assembly"]}}),
                false,
            ),
            (
                json!({"count": {"q": "types", "op": ">=", "value": 2}}),
                true,
            ),
            (json!({"cmp": {"q": "n", "op": ">", "value": 41.5}}), true),
            (json!({"cmp": {"q": "n", "op": "<", "value": 42}}), false),
            (
                json!({"metric": {"id": "m", "op": ">=", "value": 50}}),
                true,
            ),
            (
                json!({"metric": {"id": "unknown", "op": ">=", "value": 0}}),
                false,
            ),
            (
                json!({"table_any": {"q": "t", "col": "s", "value": "bad"}}),
                true,
            ),
            (
                json!({"table_all": {"q": "t", "col": "s", "value": "ok"}}),
                false,
            ),
            (json!({"answered": "n"}), true),
            (
                json!({"all": [{"answered": "n"}, {"not": {"answered": "missing"}}]}),
                true,
            ),
            (
                json!({"any": [{"answered": "missing"}, {"is": {"q": "lic", "value": "no"}}]}),
                false,
            ),
        ];
        for (c, expected) in cases {
            assert_eq!(cond(c.clone()).holds(&f), expected, "{c}");
        }
    }

    #[test]
    fn unanswered_is_false_and_its_negation_true() {
        let f = facts();
        let c = cond(json!({"is": {"q": "missing", "value": "yes"}}));
        assert!(!c.holds(&f));
        assert!(Condition::Not(Box::new(c)).holds(&f));
        assert!(!cond(json!({"includes_only": {"q": "missing", "values": ["a"]}})).holds(&f));
        assert!(!cond(json!({"table_all": {"q": "missing", "col": "s", "value": "ok"}})).holds(&f));
    }

    #[test]
    fn refs_lists_every_question_read() {
        let c = cond(
            json!({"all": [{"is": {"q": "a", "value": "x"}}, {"not": {"cmp": {"q": "b", "op": "=", "value": 1}}}, {"metric": {"id": "m", "op": ">", "value": 1}}]}),
        );
        assert_eq!(c.refs(), vec!["a", "b"]);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(
            serde_json::from_value::<Condition>(json!({"eq": {"q": "a", "value": "x"}})).is_err()
        );
        assert!(serde_json::from_value::<Condition>(
            json!({"is": {"q": "a", "value": "x", "extra": 1}})
        )
        .is_err());
    }
}
