//! Random answer sets for the built-in FEM bank: every question answered (or not) with a value
//! its type allows, from a given stream of numbers (shared by the property and golden tests).

use openfem::core::bank::{AnswerSpec, Bank, Rows};
use openfem::core::Answers;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::builtin().expect("built-in bank"))
}

/// A fixed stream of numbers for a seed (64-bit LCG, top bits), so the file never depends on
/// a random number crate's version.
pub fn rolls(seed: u64) -> Vec<u32> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..4096)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as u32
        })
        .collect()
}

/// A deterministic stream of choices from given random numbers (proptest's, or a seed's).
pub struct Dice<'a> {
    rolls: &'a [u32],
    at: usize,
}

impl<'a> Dice<'a> {
    pub fn new(rolls: &'a [u32]) -> Dice<'a> {
        Dice { rolls, at: 0 }
    }

    pub fn roll(&mut self, n: usize) -> usize {
        let r = self.rolls[self.at % self.rolls.len()] as usize;
        self.at += 1;
        r % n.max(1)
    }
}

pub fn value_for(spec: &AnswerSpec, dice: &mut Dice, answers: &Answers) -> Option<Value> {
    Some(match spec {
        AnswerSpec::Choice { options } => json!(options[dice.roll(options.len())].as_str()),
        AnswerSpec::Single { options } => json!(options[dice.roll(options.len())].id),
        AnswerSpec::Multi { options, none, .. } => {
            let picked: Vec<&str> = options
                .iter()
                .filter(|o| Some(&o.id) != none.as_ref())
                .filter(|_| dice.roll(3) == 0)
                .map(|o| o.id.as_str())
                .collect();
            match (picked.is_empty(), none) {
                (true, Some(n)) => json!([n]),
                (true, None) => json!([options[0].id]),
                _ => json!(picked),
            }
        }
        AnswerSpec::Number { min, max, .. } => {
            let lo = min.unwrap_or(0.0);
            let hi = max.unwrap_or(lo + 1_000_000.0);
            json!((lo + (hi - lo) * dice.roll(101) as f64 / 100.0).round())
        }
        AnswerSpec::Text { .. } => json!("text"),
        AnswerSpec::Year { .. } => json!(2015 + dice.roll(10) as i64),
        AnswerSpec::Date {} => json!("2024-03-01"),
        AnswerSpec::Table { rows, columns } => {
            let ids: Vec<String> = match rows {
                Rows::From(source) => match answers.get(source) {
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect(),
                    Some(Value::String(s)) => vec![s.clone()],
                    _ => return None,
                },
                Rows::Fixed(opts) => opts.iter().map(|o| o.id.clone()).collect(),
                Rows::Free { min, .. } => (0..*min.max(&1)).map(|_| String::new()).collect(),
            };
            let rows: Vec<Value> = ids
                .into_iter()
                .map(|id| {
                    let mut row = Map::new();
                    if !id.is_empty() {
                        row.insert("row".into(), json!(id));
                    }
                    for c in columns {
                        if let Some(v) = value_for(&c.answer, dice, answers) {
                            row.insert(c.id.clone(), v);
                        }
                    }
                    Value::Object(row)
                })
                .collect();
            json!(rows)
        }
    })
}

/// Random answers: each question answered (or not) with a value its type allows.
pub fn random_answers(rolls: &[u32]) -> Answers {
    random_answers_leaving_out(rolls, Some(5))
}

/// Random answers, leaving about one question in `one_in` unanswered (`None`: none).
pub fn random_answers_leaving_out(rolls: &[u32], one_in: Option<usize>) -> Answers {
    let mut dice = Dice { rolls, at: 0 };
    let mut answers = Answers::new();
    // Tables last, so the questions they take their rows from are answered first.
    let (tables, others): (Vec<_>, Vec<_>) = bank()
        .questions()
        .partition(|(_, q)| matches!(q.answer, AnswerSpec::Table { .. }));
    for (_, q) in others.into_iter().chain(tables) {
        // Keep the licence valid most of the time, so totals are not all zero.
        if q.id == "sipvalidoperatinglicense" {
            answers.set(&q.id, json!(if dice.roll(10) == 0 { "no" } else { "yes" }));
            continue;
        }
        if one_in.is_some_and(|n| dice.roll(n) == 0) {
            continue;
        }
        if let Some(v) = value_for(&q.answer, &mut dice, &answers) {
            answers.set(&q.id, v);
        }
    }
    answers
}
