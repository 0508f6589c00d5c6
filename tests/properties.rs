//! Property tests over the built-in FEM bank with random answer sets.

mod common;

use common::random::random_answers;
use openfem::core::bank::{AnswerSpec, Bank, ScoreRule, Token};
use openfem::core::{evaluate, Answers};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::builtin().expect("built-in bank"))
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
