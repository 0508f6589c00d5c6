//! `openfem score` as a portal's server runs it after a post: `--complete` accepts only a
//! complete (postable) document and otherwise exits 1 with the missing Ref IDs; the output never
//! holds `-0.0` (a strict comparison of `0` and `-0` fails in JavaScript and in many stores).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn openfem(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_openfem"))
        .args(args)
        .output()
        .expect("run openfem");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "openfem {args:?} panicked"
    );
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("UTF-8 output")
}

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-portal-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write temp file");
    p.to_string_lossy().into_owned()
}

fn doc(bank: &str, answers: Value) -> String {
    json!({"format": "openfem-answers", "version": 1, "bank": bank, "answers": answers}).to_string()
}

/// A one-section bank: scored questions `a` and `b`, and the progression question `p`.
fn small_bank() -> Value {
    let q = |r: &str| {
        json!({"ref": r, "level": 1, "prompt": format!("{r}?"),
            "answer": {"type": "choice", "options": ["yes", "no"]},
            "score": {"rule": "choice"}, "source": "test"})
    };
    json!({"format": 1, "id": "t", "version": "1", "title": "t", "sections": [
        {"id": "s", "title": "S", "progression": "p", "questions": [
            q("a"), q("b"),
            {"ref": "p", "role": "progression", "prompt": "go on?",
             "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"}
        ]}
    ]})
}

#[test]
fn complete_mode_refuses_an_incomplete_document_listing_what_is_missing() {
    let d = dir("incomplete");
    let f = write(
        &d,
        "answers.json",
        &doc("fem-2024", json!({"emsmgmt": "yes"})),
    );
    let out = openfem(&["score", "--complete", &f]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "nothing scored: {}",
        text(&out.stdout)
    );
    assert!(
        stderr.contains(&f) && stderr.contains("not complete"),
        "{stderr}"
    );
    // The missing list is the score document's, in display order.
    let plain = openfem(&["score", &f]);
    assert!(plain.status.success(), "without --complete it scores");
    let report: Value = serde_json::from_str(text(&plain.stdout).trim()).unwrap();
    assert_eq!(report["can_post"], false);
    let missing: Vec<&str> = report["completion"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(!missing.is_empty());
    assert!(stderr.contains(&missing.join(", ")), "{stderr}");
    assert!(
        stderr.contains(&format!("{} of", missing.len())),
        "{stderr}"
    );
}

#[test]
fn complete_mode_scores_a_complete_document_as_without_it() {
    let d = dir("complete");
    let bank = write(&d, "bank.json", &small_bank().to_string());
    let full = write(
        &d,
        "full.json",
        &doc("t", json!({"a": "yes", "b": "no", "p": "no"})),
    );
    let part = write(&d, "part.json", &doc("t", json!({"a": "yes"})));
    let out = openfem(&["score", "--complete", "--bank", &bank, &full]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let plain = openfem(&["score", "--bank", &bank, &full]);
    assert_eq!(out.stdout, plain.stdout, "the same score document");
    let report: Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(report["can_post"], true);

    // A batch is all-or-nothing: one incomplete file, nothing printed; flags in either order.
    let out = openfem(&["score", "--bank", &bank, "--complete", &full, &part]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&part) && !stderr.contains(&full),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 of 2 required answers missing: b"),
        "{stderr}"
    );
}

#[test]
fn unknown_or_repeated_flags_are_usage_errors() {
    let d = dir("flags");
    let f = write(&d, "answers.json", &doc("fem-2024", json!({})));
    for args in [
        &["score", "--completed", &f][..],
        &["score", "--complete", "--complete", &f][..],
        &["score", "--complete"][..],
    ] {
        let out = openfem(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains("usage"), "{args:?}");
    }
}

#[test]
fn no_negative_zero_in_the_score_document() {
    let d = dir("zero");
    let docs = [
        json!({}),
        json!({"emsmgmt": "yes", "sipoperatingdays": 300}),
        json!({"emsmgmt": "no", "enghgreduce": "no"}),
    ];
    for (i, answers) in docs.into_iter().enumerate() {
        let f = write(&d, &format!("a{i}.json"), &doc("fem-2024", answers));
        let out = openfem(&["score", &f]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(!stdout.contains("-0.0"), "-0.0 in {stdout}");
        assert!(
            !stdout.contains(":-0,") && !stdout.contains(":-0}"),
            "{stdout}"
        );
    }
}
