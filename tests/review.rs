//! The verifier's review (`core::review`, `docs/review.md`): accepting every answer gives the
//! self-assessed score; a correction changes exactly the points the core gives the corrected
//! answers; the verified package reads back, verifies, and fails naming any altered byte of a
//! correction, a comment or the verified score; `openfem verify` and `openfem score` read it.

mod common;

use std::process::Output;

use common::cli::{fresh_dir, openfem, posted_facility};
use openfem::core::posting::{Mismatch, Package};
use openfem::core::review::{
    compare, verify_verified, AnyPackage, Decision, Review, VerifiedPackage,
};
use openfem::core::{evaluate, score_report, Bank};
use serde_json::{json, Value};

fn write(name: &str, text: &str) -> String {
    let p = fresh_dir("review", name).join("facility.verified.ofem.json");
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

fn review(decisions: Vec<(&str, Decision)>) -> Review {
    Review {
        reviewer: "Nguyễn Thị Lan".into(),
        organisation: "Verifier Co.".into(),
        reviewed_at: "2026-12-20T09:30:00.000Z".into(),
        decisions: decisions
            .into_iter()
            .map(|(k, d)| (k.to_string(), d))
            .collect(),
    }
}

fn correct(answer: Value, comment: &str) -> Decision {
    Decision::Correct {
        answer,
        comment: comment.into(),
    }
}

/// emsmgmt (EMS Level 1) corrected from Yes to No.
fn corrected() -> (Bank, VerifiedPackage) {
    let (bank, package) = posted_facility();
    assert_eq!(package.answers.get("emsmgmt"), Some(&json!("yes")));
    let r = review(vec![
        (
            "emsmgmt",
            correct(
                json!("no"),
                "No EMS manual or procedures were shown on site.",
            ),
        ),
        (
            "emsenvpolicy",
            Decision::Accept {
                comment: String::new(),
            },
        ),
    ]);
    let verified = VerifiedPackage::new(&bank, &package, &r).unwrap();
    (bank, verified)
}

#[test]
fn accepting_every_answer_gives_the_self_assessed_score() {
    let (bank, package) = posted_facility();
    let self_assessed = evaluate(&bank, &package.answers);
    let every = self_assessed
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .filter(|q| q.scored)
        .map(|q| {
            (
                q.id.as_ref(),
                Decision::Accept {
                    comment: String::new(),
                },
            )
        })
        .collect();
    let verified = VerifiedPackage::new(&bank, &package, &review(every)).unwrap();
    assert!(verified.review.decisions.len() > 50);
    assert_eq!(verified.corrected_answers(), package.answers);
    assert_eq!(verified.verified_score, package.score);
    let comparison = compare(
        &self_assessed,
        &evaluate(&bank, &verified.corrected_answers()),
    );
    assert!(
        comparison.differences.is_empty(),
        "{:?}",
        comparison.differences
    );
    assert_eq!(comparison.total.self_assessed, comparison.total.verified);
}

#[test]
fn a_correction_from_yes_to_no_changes_exactly_the_points_the_core_gives() {
    let (bank, verified) = corrected();
    let package = &verified.package;
    let mut by_hand = package.answers.clone();
    by_hand.set("emsmgmt", json!("no"));
    assert_eq!(verified.corrected_answers(), by_hand);
    // The verified score is the score document of the corrected answers, nothing else.
    let expected = serde_json::to_value(score_report(&bank, &by_hand)).unwrap();
    assert_eq!(verified.verified_score, expected);

    let before = evaluate(&bank, &package.answers);
    let after = evaluate(&bank, &by_hand);
    let comparison = compare(&before, &after);
    assert_eq!(comparison.total.self_assessed, Some(before.total));
    assert_eq!(comparison.total.verified, Some(after.total));
    assert!(after.total < before.total);
    // The question itself: its full points, then none.
    let ems = comparison.sections.iter().find(|s| s.id == "ems").unwrap();
    let (_, q) = ems
        .questions
        .iter()
        .find(|(id, _)| id == "emsmgmt")
        .unwrap();
    assert!(q.self_assessed.unwrap() > 0.0, "{q:?}");
    assert_eq!(q.verified, Some(0.0));
    // Every difference listed is a figure the two assessments really differ in, and every
    // section other than EMS is unchanged.
    let question_points = |a: &openfem::core::Assessment, id: &str| {
        a.sections
            .iter()
            .flat_map(|s| &s.questions)
            .find(|q| q.id == id && q.scored)
            .and_then(|q| q.points)
    };
    assert!(!comparison.differences.is_empty());
    for d in &comparison.differences {
        assert!(d.figures.differs());
        assert!(d.section.is_empty() || d.section == "ems", "{d:?}");
        if let Some(id) = &d.question {
            assert_eq!(d.figures.self_assessed, question_points(&before, id));
            assert_eq!(d.figures.verified, question_points(&after, id));
        }
    }
    assert!(comparison
        .differences
        .iter()
        .any(|d| d.question.as_deref() == Some("emsmgmt")));
    assert!(comparison
        .differences
        .iter()
        .any(|d| d.section.is_empty() && d.question.is_none()));
    let ems_score = after.sections.iter().find(|s| s.id == "ems").unwrap().score;
    assert_eq!(ems.score.verified, ems_score);
}

#[test]
fn a_review_that_cannot_stand_is_refused_naming_each_decision() {
    let (bank, package) = posted_facility();
    let r = Review {
        reviewer: " ".into(),
        ..review(vec![
            ("emsmgmt", correct(json!("yEs"), "typo")),
            ("emsenvpolicy", correct(json!("no"), "  ")),
            (
                "emsdoc_nope",
                Decision::Accept {
                    comment: String::new(),
                },
            ),
            ("sipvalidoperatinglicense", correct(json!("yes"), "same")),
        ])
    };
    let problems: Vec<String> = VerifiedPackage::new(&bank, &package, &r)
        .unwrap_err()
        .iter()
        .map(|e| e.to_string())
        .collect();
    let has = |s: &str| problems.iter().any(|p| p.contains(s));
    assert!(
        has("review.reviewer: the reviewer's name is missing"),
        "{problems:?}"
    );
    assert!(
        has("review.decisions.emsmgmt.answer: \"yEs\" is not offered here"),
        "{problems:?}"
    );
    assert!(
        has("review.decisions.emsenvpolicy.comment: a correction needs a comment"),
        "{problems:?}"
    );
    assert!(
        has("review.decisions.emsdoc_nope: unknown Ref ID"),
        "{problems:?}"
    );
    assert!(
        has("review.decisions.sipvalidoperatinglicense.answer: the correction is the facility's own answer"),
        "{problems:?}"
    );
    assert_eq!(problems.len(), 5, "{problems:?}");
}

#[test]
fn the_verified_package_round_trips_and_verifies() {
    let (bank, verified) = corrected();
    assert_eq!(verified.sha256, verified.digest());
    // The posted package inside is untouched: its own hash still checks.
    assert_eq!(verified.package.sha256, verified.package.digest());
    assert!(verify_verified(&verified, &[&bank]).is_empty());
    let text = verified.to_json_pretty();
    let again = VerifiedPackage::parse(&text).unwrap();
    assert_eq!(again, verified);
    assert!(matches!(
        AnyPackage::parse(&text).unwrap(),
        AnyPackage::Verified(_)
    ));
    assert!(matches!(
        AnyPackage::parse(&verified.package.to_json_pretty()).unwrap(),
        AnyPackage::Posted(_)
    ));
    // Not a posted package: `Package::parse` refuses it by its format.
    assert!(Package::parse(&text).is_err());
    let compact = serde_json::to_string(&verified).unwrap();
    assert_eq!(
        VerifiedPackage::parse(&compact).unwrap().digest(),
        verified.sha256
    );
}

fn mismatches(text: &str) -> Vec<String> {
    let bank = Bank::builtin().unwrap();
    let v = VerifiedPackage::parse(text).unwrap();
    verify_verified(&v, &[&bank])
        .iter()
        .map(Mismatch::to_string)
        .collect()
}

#[test]
fn one_byte_changed_in_a_correction_fails_naming_the_correction_and_the_figures() {
    let (_, verified) = corrected();
    let text = verified.to_json_pretty();
    let needle = "\"answer\": \"no\"";
    assert_eq!(text.matches(needle).count(), 1);
    let found = mismatches(&text.replacen(needle, "\"answer\": \"nO\"", 1));
    let has = |s: &str| found.iter().any(|m| m.contains(s));
    assert!(
        has("sha256: the verified package was changed after the review"),
        "{found:?}"
    );
    assert!(
        has("review: review.decisions.emsmgmt.answer: \"nO\" is not offered here"),
        "{found:?}"
    );
    // "nO" is no answer: the corrected emsmgmt is unanswered (0 points, as "no" gives), so the
    // figures named are its state and its reason, and the completion.
    assert!(
        has("altered verified score: verified_score.sections.ems.questions.emsmgmt.why"),
        "{found:?}"
    );
    assert!(!has("posted package:"), "{found:?}");
}

#[test]
fn one_byte_changed_in_a_comment_fails_by_the_hash() {
    let (_, verified) = corrected();
    let text = verified.to_json_pretty();
    let needle = "were shown on site";
    let found = mismatches(&text.replacen(needle, "were shown on sitE", 1));
    // A comment changes no figure: only the hash names the change.
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("sha256: the verified package was changed after the review"));
}

#[test]
fn one_byte_changed_in_the_verified_score_fails_naming_the_figure() {
    let (_, mut verified) = corrected();
    let total = verified.total().unwrap();
    let text = verified.to_json_pretty();
    let written = format!("\"total\": {}", verified.verified_score["total"]);
    let position = text.rfind(&written).expect("verified total in the file");
    // The verified score comes after the package in the file: the last "total" of that value.
    assert!(position > text.find("\"verified_score\"").unwrap());
    let digit = text[position + 10..].chars().next().unwrap();
    let other = if digit == '7' { '8' } else { '7' };
    let mut altered = text.clone();
    altered.replace_range(position + 10..position + 11, &other.to_string());
    let found = mismatches(&altered);
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("sha256: the verified package")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("altered verified score: verified_score.total:")),
        "{found:?}"
    );
    // With the outer hash recomputed (anyone can), the score still does not follow.
    verified.verified_score["total"] = json!(total + 10.0);
    verified.sha256 = verified.digest();
    let bank = Bank::builtin().unwrap();
    let found = verify_verified(&verified, &[&bank]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        matches!(&found[0], Mismatch::VerifiedScore { path, .. } if path == "verified_score.total")
    );
}

#[test]
fn an_altered_posted_package_inside_is_named_as_the_posted_package() {
    let (bank, mut verified) = corrected();
    verified.package.answers.set("emsenvpolicy", json!("no"));
    verified.sha256 = verified.digest();
    let found: Vec<String> = verify_verified(&verified, &[&bank])
        .iter()
        .map(Mismatch::to_string)
        .collect();
    assert!(
        found
            .iter()
            .any(|m| m
                .starts_with("posted package: sha256: the contents were changed after posting")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("posted package: altered score: score.sections.ems")),
        "{found:?}"
    );
}

#[test]
fn openfem_verify_checks_a_verified_package() {
    let (_, verified) = corrected();
    let file = write("intact", &verified.to_json_pretty());
    let out = openfem(&["verify", &file]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = format!(
        "{file}: intact verified package: fem-2024 2024.1.0, posted 2026-12-06T05:00:00.000Z, reviewed 2026-12-20T09:30:00.000Z by Nguyễn Thị Lan (Verifier Co.): 2 decisions, 1 corrections; self-assessed total {:.2}, verified total {:.2}; package sha256 {}, verified sha256 {}",
        verified.package.total().unwrap(),
        verified.total().unwrap(),
        verified.package.sha256,
        verified.sha256
    );
    assert_eq!(stdout.trim_end(), line);

    let altered = verified
        .to_json_pretty()
        .replacen("\"answer\": \"no\"", "\"answer\": \"nO\"", 1);
    let file = write("altered", &altered);
    let out = openfem(&["verify", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let lines = stderr_lines(&out);
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with(&format!("openfem: {file}: "))),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("sha256: the verified package was changed")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("review: review.decisions.emsmgmt.answer")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l
            .contains("altered verified score: verified_score.sections.ems.questions.emsmgmt.")),
        "{lines:?}"
    );
}

#[test]
fn openfem_score_scores_a_verified_package_by_its_corrected_answers() {
    let (_, verified) = corrected();
    let file = write("score", &verified.to_json_pretty());
    let out = openfem(&["score", &file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let score: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(score, verified.verified_score);
    assert_ne!(score, verified.package.score);
}
