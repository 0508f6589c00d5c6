//! How a condition holds for a facility's answers. A condition on an unanswered question is
//! false; `not` of it is true.

use serde_json::{Map, Value};

use super::answers::is_answered;
use super::condition::*;

/// What a condition reads: answers by Ref ID (or, inside a table row, `.column` cells) and
/// computed metrics.
pub trait Facts {
    fn answer(&self, q: &str) -> Option<&Value>;
    fn metric(&self, id: &str) -> Option<f64>;
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

impl Condition {
    pub fn holds(&self, facts: &dyn Facts) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.holds(facts)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(facts)),
            Condition::Not(c) => !c.holds(facts),
            Condition::Answered(q) => facts.answer(q).is_some_and(is_answered),
            Condition::Is(QValue { q, value }) => as_str(facts.answer(q)) == Some(value.as_str()),
            Condition::In(QValues { q, values }) => {
                as_str(facts.answer(q)).is_some_and(|a| values.iter().any(|v| v == a))
            }
            Condition::Includes(QValue { q, value }) => {
                selected(facts.answer(q)).any(|a| a == value)
            }
            Condition::IncludesAny(QValues { q, values }) => {
                selected(facts.answer(q)).any(|a| values.iter().any(|v| v == a))
            }
            Condition::IncludesOnly(QValues { q, values }) => {
                let mut chosen = selected(facts.answer(q)).peekable();
                chosen.peek().is_some() && chosen.all(|a| values.iter().any(|v| v == a))
            }
            Condition::Count(QNumber { q, op, value }) => {
                let n = list(facts.answer(q)).map_or(0, Vec::len);
                op.holds(n as f64, *value)
            }
            Condition::Cmp(QNumber { q, op, value }) => facts
                .answer(q)
                .and_then(Value::as_f64)
                .is_some_and(|n| op.holds(n, *value)),
            Condition::Metric(MetricCmp { id, op, value }) => {
                facts.metric(id).is_some_and(|m| op.holds(m, *value))
            }
            Condition::TableAny(QCell { q, col, value }) => {
                rows(facts.answer(q)).any(|row| cell_str(row, col) == Some(value))
            }
            Condition::TableAll(QCell { q, col, value }) => {
                let mut rows = rows(facts.answer(q)).peekable();
                rows.peek().is_some() && rows.all(|row| cell_str(row, col) == Some(value))
            }
            Condition::TableSome(QRows { q, when }) => {
                rows(facts.answer(q)).any(|row| when.holds(&RowFacts::new(facts, row)))
            }
            Condition::TableEvery(QRows { q, when }) => {
                let mut rows = rows(facts.answer(q)).peekable();
                rows.peek().is_some() && rows.all(|row| when.holds(&RowFacts::new(facts, row)))
            }
        }
    }
}

/// Facts inside a table row: `.column` names a cell of the row, anything else the answers.
pub struct RowFacts<'a> {
    outer: &'a dyn Facts,
    row: &'a Map<String, Value>,
}

impl<'a> RowFacts<'a> {
    pub fn new(outer: &'a dyn Facts, row: &'a Map<String, Value>) -> RowFacts<'a> {
        RowFacts { outer, row }
    }
}

impl Facts for RowFacts<'_> {
    fn answer(&self, q: &str) -> Option<&Value> {
        match q.strip_prefix('.') {
            Some(col) => self.row.get(col),
            None => self.outer.answer(q),
        }
    }
    fn metric(&self, id: &str) -> Option<f64> {
        self.outer.metric(id)
    }
}

fn as_str(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

fn list(v: Option<&Value>) -> Option<&Vec<Value>> {
    v.and_then(Value::as_array)
}

fn selected(v: Option<&Value>) -> impl Iterator<Item = &str> {
    list(v).into_iter().flatten().filter_map(Value::as_str)
}

fn rows(v: Option<&Value>) -> impl Iterator<Item = &Map<String, Value>> {
    list(v).into_iter().flatten().filter_map(Value::as_object)
}

fn cell_str<'a>(row: &'a Map<String, Value>, col: &str) -> Option<&'a str> {
    row.get(col).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

    struct Given(HashMap<&'static str, Value>);
    impl Facts for Given {
        fn answer(&self, q: &str) -> Option<&Value> {
            self.0.get(q)
        }
        fn metric(&self, id: &str) -> Option<f64> {
            (id == "m").then_some(75.0)
        }
    }

    fn cond(v: Value) -> Condition {
        serde_json::from_value(v).unwrap()
    }

    fn facts() -> Given {
        Given(HashMap::from([
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
