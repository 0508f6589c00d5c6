//! Answers packed for a batch (`Packed::new`, which copies them into a few arrays) score
//! exactly as the answers they were packed from (`evaluate`, which borrows them): the same
//! assessment, every question's points and reason included, and every value reads back as
//! the JSON it came from. Checked on the golden tests' 200 seeded assessments, and on the same
//! assessments with answers of shapes no question takes.

mod common;

use common::random::{random_answers_leaving_out, rolls, Dice};
use openfem::core::value::Val;
use openfem::core::{evaluate, evaluate_packed, Answers, Bank, Packed};
use serde_json::{json, Map, Value};

fn seeded(seed: u64) -> Answers {
    let leave_out = (seed < 100).then_some(5);
    random_answers_leaving_out(&rolls(seed), leave_out)
}

/// The answers with some values replaced by shapes no question takes, as a hand-edited or
/// foreign answers file might hold them (nothing here goes through validation).
fn with_oddities(answers: &Answers, seed: u64) -> Answers {
    let numbers = rolls(seed + 1_000);
    let mut dice = Dice::new(&numbers);
    let odd = |dice: &mut Dice, value: &Value| -> Value {
        match (dice.roll(14), value) {
            (0, _) => json!(null),
            (1, _) => json!(""),
            (2, _) => json!("  \t"),
            (3, _) => json!(true),
            (4, _) => json!("Décharge 水 ✓"),
            (5, _) => json!({"nested": [1, {"deeper": "yes"}]}),
            (6, _) => json!(["yes", 3, null, ["nested"], {"row": "yes", "x": "y"}]),
            (7, _) => json!("42.5"),
            (8, _) => json!(18_446_744_073_709_551_615_u64),
            (9, _) => json!(-0.0),
            (10, Value::Array(rows)) => Value::Array(
                rows.iter()
                    .map(|row| match row {
                        Value::Object(map) => {
                            let mut map = map.clone();
                            map.insert("note".into(), json!({"by": "hand"}));
                            map.insert("zz_extra".into(), json!("kept"));
                            if let Some(first) = map.keys().find(|k| *k != "row").cloned() {
                                map.insert(first, json!(["a", "b"]));
                            }
                            Value::Object(map)
                        }
                        other => other.clone(),
                    })
                    .chain([json!("not a row"), json!({"row": 7})])
                    .collect(),
            ),
            (11, Value::Array(rows)) => Value::Array(
                rows.iter()
                    .map(|row| match row {
                        Value::Object(map) => {
                            let mut map: Map<String, Value> = map.clone();
                            map.insert("row".into(), json!("yes"));
                            Value::Object(map)
                        }
                        other => other.clone(),
                    })
                    .collect(),
            ),
            (_, other) => other.clone(),
        }
    };
    let mut map: Map<String, Value> = answers
        .iter()
        .map(|(id, value)| (id.clone(), odd(&mut dice, value)))
        .collect();
    map.insert("zz_not_in_the_bank".into(), json!({"any": ["thing"]}));
    map.insert("aaa_not_in_the_bank".into(), json!("yes"));
    serde_json::from_value(Value::Object(map)).expect("answers are any JSON by Ref ID")
}

fn assessments() -> impl Iterator<Item = (String, Answers)> {
    (0..200).flat_map(|seed| {
        let answers = seeded(seed);
        let odd = with_oddities(&answers, seed);
        [
            (format!("seed {seed}"), answers),
            (format!("seed {seed} with odd values"), odd),
        ]
    })
}

#[test]
fn packed_answers_score_exactly_as_the_answers_they_were_packed_from() {
    let bank = Bank::builtin().expect("built-in bank");
    let mut compared = 0;
    for (name, answers) in assessments() {
        let packed = Packed::new(&bank, &answers);
        drop(answers.clone()); // the packed copy owns what it holds
        assert_eq!(
            evaluate_packed(&packed),
            evaluate(&bank, &answers),
            "{name}"
        );
        compared += 1;
    }
    assert_eq!(compared, 400);
}

#[test]
fn packed_values_read_back_as_the_json_they_came_from() {
    let bank = Bank::builtin().expect("built-in bank");
    let mut values = 0;
    for (name, answers) in assessments() {
        // What is scored of them: `Packed::new` leaves out rows set aside (`core::scored`).
        let answers = openfem::core::scored::scored_answers(&bank, &answers).into_owned();
        let packed = Packed::new(&bank, &answers);
        let borrowed = Packed::borrowing(&bank, &answers);
        for (id, value) in answers.iter() {
            let Some(pos) = bank.position(id) else {
                continue;
            };
            let flat = bank.flat_index(pos.section, pos.question);
            for (form, p) in [("copied", &packed), ("borrowed", &borrowed)] {
                let back = p.value(flat).map(Val::to_json);
                // The one change: a copy holds integers beyond i64 as f64 (as they read).
                let want = match (form, value.as_u64()) {
                    ("copied", Some(n)) if n > i64::MAX as u64 => json!(n as f64),
                    _ => value.clone(),
                };
                assert_eq!(back, Some(want), "{name}: {id} ({form})");
                assert_eq!(
                    p.flags(flat).answered,
                    openfem::core::condition::is_answered(value),
                    "{name}: {id} ({form})"
                );
                let token = value.as_str().and_then(openfem::core::bank::Token::parse);
                assert_eq!(p.flags(flat).token, token, "{name}: {id} ({form})");
                values += 1;
            }
        }
    }
    assert!(values > 100_000, "{values} values compared");
}
