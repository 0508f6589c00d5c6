//! Property tests over the built-in FEM bank with random answer sets.

use openfem::core::bank::{AnswerSpec, Bank, Rows, ScoreRule, Token};
use openfem::core::{evaluate, Answers};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::builtin().expect("built-in bank"))
}

/// A deterministic stream of choices from proptest's random numbers.
struct Dice<'a> {
    rolls: &'a [u32],
    at: usize,
}

impl Dice<'_> {
    fn roll(&mut self, n: usize) -> usize {
        let r = self.rolls[self.at % self.rolls.len()] as usize;
        self.at += 1;
        r % n.max(1)
    }
}

fn value_for(spec: &AnswerSpec, dice: &mut Dice, answers: &Answers) -> Option<Value> {
    Some(match spec {
        AnswerSpec::Choice { options } => json!(options[dice.roll(options.len())].as_str()),
        AnswerSpec::Single { options } => json!(options[dice.roll(options.len())].id),
        AnswerSpec::Multi { options, none } => {
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
fn random_answers(rolls: &[u32]) -> Answers {
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
        if dice.roll(5) == 0 {
            continue;
        }
        if let Some(v) = value_for(&q.answer, &mut dice, &answers) {
            answers.set(&q.id, v);
        }
    }
    answers
}

/// Questions with the standard rule (Yes full, No nothing) that no condition reads, so that
/// changing them moves only their own points.
fn standard_questions() -> Vec<String> {
    let read: HashSet<String> = bank()
        .questions()
        .flat_map(|(s, q)| {
            let mut refs: Vec<String> = bank()
                .visibility_deps(s, q)
                .into_iter()
                .map(String::from)
                .collect();
            if let Some(ScoreRule::Cases { cases, .. }) = &q.score {
                refs.extend(cases.iter().flat_map(|c| c.when.refs()).map(String::from));
            }
            refs
        })
        .chain(
            bank()
                .zero_if
                .iter()
                .flat_map(|g| g.when.refs())
                .map(String::from),
        )
        .collect();
    bank()
        .questions()
        .filter(|(_, q)| {
            matches!(&q.score, Some(ScoreRule::Choice { points: None, .. }))
                && matches!(&q.answer, AnswerSpec::Choice { options } if options.contains(&Token::Yes) && options.contains(&Token::No))
                && !read.contains(&q.id)
        })
        .map(|(_, q)| q.id.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn scores_stay_in_range_and_levels_within_weight(rolls in prop::collection::vec(any::<u32>(), 64..256)) {
        let a = evaluate(bank(), &random_answers(&rolls));
        prop_assert!((0.0..=100.0).contains(&a.total), "total {}", a.total);
        for s in &a.sections {
            if let Some(score) = s.score {
                prop_assert!((0.0..=100.0 + 1e-9).contains(&score), "{} {}", s.id, score);
            }
            for l in &s.levels {
                prop_assert!(l.points <= l.weight + 1e-9, "{} L{}: {} > {}", s.id, l.level, l.points, l.weight);
                prop_assert!(l.points >= 0.0);
            }
        }
    }

    #[test]
    fn no_level_2_or_3_points_without_level_1(rolls in prop::collection::vec(any::<u32>(), 64..256)) {
        let a = evaluate(bank(), &random_answers(&rolls));
        for s in a.sections.iter().filter(|s| s.applicable) {
            let l1 = s.levels.iter().find(|l| l.level == 1);
            if l1.is_some_and(|l| !l.achieved && l.weight > 0.0) {
                for l in s.levels.iter().filter(|l| l.level > 1) {
                    prop_assert_eq!(l.points, 0.0, "{} L{}", s.id, l.level);
                }
                if s.levels.iter().any(|l| l.level > 1 && l.weight > 0.0) {
                    prop_assert!(s.capped, "{}", s.id);
                }
            }
        }
    }

    #[test]
    fn applicable_level_weights_sum_to_100(rolls in prop::collection::vec(any::<u32>(), 64..256)) {
        let a = evaluate(bank(), &random_answers(&rolls));
        for s in a.sections.iter().filter(|s| s.applicable) {
            let sum: f64 = s.levels.iter().map(|l| l.weight).sum();
            prop_assert!((sum - 100.0).abs() < 1e-6, "{}: {}", s.id, sum);
        }
    }

    #[test]
    fn order_of_answers_is_irrelevant(rolls in prop::collection::vec(any::<u32>(), 64..256)) {
        let answers = random_answers(&rolls);
        let mut pairs: Vec<(String, Value)> = answers.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        pairs.reverse();
        let reversed: Answers = pairs.into_iter().collect();
        prop_assert_eq!(evaluate(bank(), &answers), evaluate(bank(), &reversed));
    }

    #[test]
    fn no_to_yes_never_lowers_the_score(rolls in prop::collection::vec(any::<u32>(), 64..256), pick in any::<prop::sample::Index>()) {
        let standard = standard_questions();
        let id = &standard[pick.index(standard.len())];
        let mut answers = random_answers(&rolls);
        answers.set(id.as_str(), json!("no"));
        let before = evaluate(bank(), &answers);
        answers.set(id.as_str(), json!("yes"));
        let after = evaluate(bank(), &answers);
        prop_assert!(after.total >= before.total - 1e-9, "{}: {} -> {}", id, before.total, after.total);
        for (b, a) in before.sections.iter().zip(&after.sections) {
            if let (Some(b), Some(a)) = (b.score, a.score) {
                prop_assert!(a >= b - 1e-9, "{} in {}", id, &before.sections.iter().find(|s| s.score == Some(b)).unwrap().id);
            }
        }
    }
}

#[test]
fn there_are_standard_questions_to_flip() {
    assert!(
        standard_questions().len() > 50,
        "{}",
        standard_questions().len()
    );
}
