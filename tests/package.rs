//! The posted package (`core::posting`) and `openfem verify`: an intact package passes; one
//! byte changed, an altered score, an altered answer or an unknown bank version fails with
//! exit code 1, naming each mismatch.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::cli::{fresh_dir, openfem, posted_facility};
use openfem::core::posting::{verify, Mismatch, Package};

fn dir(name: &str) -> PathBuf {
    fresh_dir("package", name)
}

fn write(name: &str, text: &str) -> String {
    let p = dir(name).join("facility.ofem.json");
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_posted_package_is_intact_and_reads_back_the_same() {
    let (bank, package) = posted_facility();
    assert_eq!(package.sha256.len(), 64);
    assert_eq!(package.sha256, package.digest());
    assert!(verify(&package, &[&bank]).is_empty());
    let again = Package::parse(&package.to_json_pretty()).unwrap();
    assert_eq!(again, package);
    // The layout of the file does not matter; the contents do.
    let compact = serde_json::to_string(&package).unwrap();
    assert_eq!(Package::parse(&compact).unwrap().digest(), package.sha256);
    assert!((package.total().unwrap() - 83.869).abs() < 0.001);

    let file = write("intact", &package.to_json_pretty());
    let out = openfem(&["verify", &file]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("intact: fem-2024 2024.1.0, posted 2026-12-06T05:00:00.000Z, total 83.87"),
        "{stdout}"
    );
    assert!(stdout.contains(&package.sha256));
}

#[test]
fn one_byte_changed_in_an_answer_fails_naming_the_hash_and_the_question() {
    let (_, package) = posted_facility();
    let text = package.to_json_pretty();
    // emsmgmt "yes" → "no" would be two bytes; one byte: "yes" → "yEs" is refused as an
    // answer, and a digit of a number answer changes the figures it feeds.
    let needle = "\"emsmgmt\": \"yes\"";
    assert!(text.contains(needle));
    let file = write("byte", &text.replacen(needle, "\"emsmgmt\": \"yEs\"", 1));
    let out = openfem(&["verify", &file]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stderr_lines(&out);
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("openfem: ") && l.contains(&file)),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("sha256: the contents were changed after posting")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("altered answer: answers.emsmgmt")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("altered score: score.sections.ems.questions.emsmgmt.points")),
        "{lines:?}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn an_altered_score_fails_naming_the_figure() {
    let (bank, mut package) = posted_facility();
    package.score["total"] = serde_json::json!(99.5);
    // Even with the hash recomputed (anyone can), the score does not follow from the answers.
    package.sha256 = package.digest();
    let found = verify(&package, &[&bank]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(matches!(&found[0], Mismatch::Score { path, .. } if path == "score.total"));
    let file = write("score", &package.to_json_pretty());
    let out = openfem(&["verify", &file]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0]
            .contains("altered score: score.total: the package says 99.5, the answers give 83.869"),
        "{lines:?}"
    );
}

#[test]
fn an_answer_altered_with_a_new_hash_is_caught_by_the_score() {
    let (bank, mut package) = posted_facility();
    package.answers.set("emsmgmt", serde_json::json!("no"));
    package.sha256 = package.digest();
    let found: Vec<String> = verify(&package, &[&bank])
        .iter()
        .map(|m| m.to_string())
        .collect();
    assert!(
        found
            .iter()
            .any(|m| m.contains("score.sections.ems.questions.emsmgmt.points")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("altered score: score.total")),
        "{found:?}"
    );
}

#[test]
fn an_unknown_bank_version_fails_and_says_the_score_was_not_recomputed() {
    let (_, mut package) = posted_facility();
    package.bank_version = "2019.0.0".into();
    package.sha256 = package.digest();
    let file = write("version", &package.to_json_pretty());
    let out = openfem(&["verify", &file]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(
            "unknown bank version: fem-2024 2019.0.0 (this openfem knows fem-2024 2024.1.0)"
        ),
        "{lines:?}"
    );
}

#[test]
fn every_mismatch_is_named_at_once() {
    let (_, package) = posted_facility();
    let text = package.to_json_pretty().replacen(
        "\"bank_version\": \"2024.1.0\"",
        "\"bank_version\": \"2024.9.0\"",
        1,
    );
    let file = write("all", &text);
    let lines = stderr_lines(&openfem(&["verify", &file]));
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("sha256:") && lines[1].contains("unknown bank version"),
        "{lines:?}"
    );
}

#[test]
fn what_is_not_a_package_is_refused_with_its_path() {
    let answers = std::fs::read_to_string("tests/e2e/fixtures/facility.json").unwrap();
    let file = write("answers", &answers);
    let out = openfem(&["verify", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("format: an answers document, not a posted package"),
        "{err}"
    );
    let (_, package) = posted_facility();
    let text = package
        .to_json_pretty()
        .replacen("{", "{\n  \"sha256\": \"00\",", 1);
    let out = openfem(&["verify", &write("repeated", &text)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("repeated key \"sha256\""));
    let out = openfem(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn openfem_score_scores_a_package_by_its_answers() {
    let (_, package) = posted_facility();
    let file = write("score-package", &package.to_json_pretty());
    let out = openfem(&["score", "--complete", &file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let score: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(score, package.score);
}
