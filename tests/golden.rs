//! Scores that must not change by accident: 200 random assessments of the built-in bank (from
//! fixed seeds; the second hundred answer every question they are shown), each summarised in one line — total, zero-score gate, and per section its score,
//! cap, progression, completion and a digest of every question's points and reason — compared
//! with `tests/golden/scores.txt`.
//!
//! A change that is meant to change scores or reasons regenerates the file
//! (`OPENFEM_BLESS=1 cargo test --test golden`), and the diff shows what it changed. A change
//! that is not (a refactor, a speed-up) must leave the file as it is.

mod common;

use common::random::{random_answers_leaving_out, rolls};
use openfem::core::assess::Assessment;
use openfem::core::{evaluate, Bank};
use std::fmt::Write;

const ASSESSMENTS: u64 = 200;
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/scores.txt");

/// FNV-1a, to fold every question's points and reason into a short digest.
fn fnv(hash: &mut u64, text: &str) {
    for byte in text.bytes() {
        *hash ^= u64::from(byte);
        *hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
}

fn summary(seed: u64, a: &Assessment) -> String {
    let mut line = format!(
        "{seed:03} total={:.9} zeroed={} post={}",
        a.total,
        a.zeroed.as_ref().map_or("-", |z| &*z.id),
        a.can_post
    );
    for s in &a.sections {
        let mut digest = 0xcbf2_9ce4_8422_2325_u64;
        for q in &s.questions {
            fnv(
                &mut digest,
                &format!(
                    "{} {:?} {:?} {} {}|",
                    q.id, q.points, q.max, q.answered, q.why
                ),
            );
        }
        for l in &s.levels {
            fnv(
                &mut digest,
                &format!(
                    "L{} {:.9} {:.9} {} {}|",
                    l.level, l.weight, l.points, l.achieved, l.open
                ),
            );
        }
        let score = s.score.map_or("-".to_string(), |v| format!("{v:.9}"));
        write!(
            line,
            " | {} {score} capped={} {:?} {}/{} {digest:016x}",
            s.id, s.capped, s.progression, s.completion.answered, s.completion.required
        )
        .expect("write to a string");
    }
    line
}

#[test]
fn scores_of_200_random_assessments_are_unchanged() {
    let bank = Bank::builtin().expect("built-in bank");
    let actual: String = (0..ASSESSMENTS)
        .map(|seed| {
            let leave_out = (seed < ASSESSMENTS / 2).then_some(5);
            let answers = random_answers_leaving_out(&rolls(seed), leave_out);
            summary(seed, &evaluate(&bank, &answers)) + "\n"
        })
        .collect();
    if std::env::var_os("OPENFEM_BLESS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(GOLDEN).parent().expect("a folder"))
            .expect("create tests/golden");
        std::fs::write(GOLDEN, &actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(GOLDEN)
        .expect("tests/golden/scores.txt (OPENFEM_BLESS=1 cargo test --test golden writes it)");
    for (n, (want, got)) in expected.lines().zip(actual.lines()).enumerate() {
        assert_eq!(
            got, want,
            "assessment {n} scores differently from tests/golden/scores.txt"
        );
    }
    assert_eq!(actual.lines().count(), expected.lines().count());
    // Not vacuous: the random assessments reach every state the summary records.
    for state in [
        "Accepted",
        "Declined",
        "Asked",
        "capped=true",
        "capped=false",
        "zeroed=-",
        "zeroed=no-operating-licence",
        "post=true",
    ] {
        assert!(expected.contains(state), "no assessment shows {state}");
    }
}
