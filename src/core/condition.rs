//! Typed conditions (applicability, visibility, scoring cases) as the bank writes them: data,
//! never strings to evaluate. How a condition holds for a facility's answers is in
//! `condition_eval`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// A reference to a question by Ref ID (or, inside a table condition, to a cell: `.column`).
/// Serialised as the plain string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QRef(String);

impl QRef {
    pub fn new(id: impl Into<String>) -> QRef {
        QRef(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for QRef {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for QRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for QRef {
    fn from(id: &str) -> QRef {
        QRef::new(id)
    }
}

impl Serialize for QRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
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
