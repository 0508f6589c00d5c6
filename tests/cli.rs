//! The `openfem` binary as a portal runs it: scoring answers files, refusing bad input with exit
//! code 1 and one line on standard error that names the file and the JSON path, checking banks.
//! It never panics.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::cli::{fresh_dir, openfem, openfem_in};
use openfem::core::Bank;
use serde_json::{json, Value};

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("UTF-8 output")
}

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    fresh_dir("cli", name)
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write temp file");
    p.to_string_lossy().into_owned()
}

fn doc(answers: Value) -> String {
    json!({"format": "openfem-answers", "version": 1, "bank": "fem-2024", "answers": answers})
        .to_string()
}

/// Exit code 1, nothing on standard output, one line on standard error naming `file` and `path`.
fn assert_refused(out: &Output, file: &str, path: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(out.stdout.is_empty(), "stdout: {}", text(&out.stdout));
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line on stderr: {stderr}"
    );
    assert!(stderr.contains(file), "names the file {file}: {stderr}");
    assert!(stderr.contains(path), "names the path {path}: {stderr}");
}

#[test]
fn scores_a_valid_answers_file_as_one_json_line() {
    let d = dir("valid");
    let f = write(
        &d,
        "answers.json",
        &doc(json!({"sipvalidoperatinglicense": "yes", "emsmgmt": "yes", "sipoperatingdays": 300})),
    );
    let out = openfem(&["score", &f]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1);
    let v: Value = serde_json::from_str(stdout.trim()).expect("a JSON line");
    assert!(v["total"].is_number(), "{v}");
    assert_eq!(v["bank"], "fem-2024");
    assert!(v["sections"].as_array().is_some_and(|s| s.len() == 8));
}

#[test]
fn scores_several_files_one_line_each_in_order() {
    let d = dir("several");
    let a = write(
        &d,
        "a.json",
        &doc(json!({"sipvalidoperatinglicense": "yes"})),
    );
    let b = write(
        &d,
        "b.json",
        &doc(json!({"sipvalidoperatinglicense": "no"})),
    );
    let c = write(&d, "c.json", &doc(json!({})));
    let out = openfem(&["score", &a, &b, &c]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["zeroed"].is_null());
    assert_eq!(lines[1]["zeroed"]["id"], "no-operating-licence");
    assert_eq!(lines[1]["total"], 0.0);
}

#[test]
fn a_bad_file_in_a_batch_prints_nothing() {
    let d = dir("batch");
    let good = write(&d, "good.json", &doc(json!({})));
    let bad = write(&d, "bad.json", &doc(json!({"nosuchref": "yes"})));
    let out = openfem(&["score", &good, &bad]);
    assert_refused(&out, &bad, "answers.nosuchref");
}

#[test]
fn refuses_bad_answers_files_naming_file_and_path() {
    let d = dir("bad");
    let cases: Vec<(&str, String, &str)> =
        vec![
        ("not-json.json", "{ \"format\": ".into(), "line 1"),
        ("array.json", "[1, 2, 3]".into(), "$"),
        ("other-shape.json", json!({"hello": "world"}).to_string(), "format"),
        (
            "wrong-format.json",
            json!({"format": "higg-export", "version": 1, "bank": "fem-2024", "answers": {}})
                .to_string(),
            "format",
        ),
        (
            "newer-version.json",
            json!({"format": "openfem-answers", "version": 2, "bank": "fem-2024", "answers": {}})
                .to_string(),
            "version",
        ),
        (
            "other-bank.json",
            json!({"format": "openfem-answers", "version": 1, "bank": "fem-2099", "answers": {}})
                .to_string(),
            "bank",
        ),
        (
            "unknown-ref.json",
            doc(json!({"emsmgmt": "yes", "emsmanagment": "yes"})),
            "answers.emsmanagment",
        ),
        (
            "wrong-type.json",
            doc(json!({"emsmgmt": 5})),
            "answers.emsmgmt",
        ),
        (
            "not-offered.json",
            doc(json!({"emsmgmt": "partial"})),
            "answers.emsmgmt",
        ),
        (
            "out-of-range.json",
            doc(json!({"sipoperatingdays": 400})),
            "answers.sipoperatingdays",
        ),
        (
            "bad-row.json",
            doc(json!({"sippermitsreq": ["ww_indirect"],
                       "sippermits": [{"row": "ww_indirect", "sippermitstatus": "lost"}]})),
            "answers.sippermits[0].sippermitstatus",
        ),
    ];
    for (name, content, path) in cases {
        let f = write(&d, name, &content);
        let out = openfem(&["score", &f]);
        assert_refused(&out, &f, path);
    }
}

#[test]
fn refuses_a_1_gb_file_by_its_size_without_reading_it() {
    let d = dir("huge");
    let p = d.join("huge.json");
    let file = std::fs::File::create(&p).expect("create");
    file.set_len(1 << 30).expect("sparse 1 GB file");
    drop(file);
    let f = p.to_string_lossy().into_owned();
    let started = std::time::Instant::now();
    let out = openfem(&["score", &f]);
    assert_refused(&out, &f, "larger");
    assert!(
        started.elapsed().as_secs() < 10,
        "refused by size, not by reading 1 GB"
    );
    let _ = std::fs::remove_file(&p);
}

#[test]
fn refuses_a_missing_file() {
    let d = dir("missing");
    let f = d.join("nowhere.json").to_string_lossy().into_owned();
    let out = openfem(&["score", &f]);
    assert_refused(&out, &f, "nowhere.json");
}

#[test]
fn usage_errors_exit_1() {
    for args in [
        &[][..],
        &["score"][..],
        &["check-bank"][..],
        &["frobnicate"][..],
    ] {
        let out = openfem(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains("usage"), "{args:?}");
    }
}

// ---------------------------------------------------------------- banks

fn builtin_json() -> Value {
    let out = openfem(&["bank"]);
    assert!(out.status.success());
    serde_json::from_str(&text(&out.stdout)).expect("openfem bank prints JSON")
}

#[test]
fn openfem_bank_parses_back_and_passes_check_bank() {
    let printed = builtin_json();
    let bank = Bank::from_json(&printed.to_string()).expect("the printed bank loads");
    let builtin = Bank::builtin().expect("built-in");
    assert_eq!(bank.questions().count(), builtin.questions().count());
    assert_eq!(serde_json::to_value(&bank).unwrap(), printed);

    let d = dir("bank");
    let f = write(&d, "bank.json", &printed.to_string());
    let out = openfem(&["check-bank", &f]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("0 errors"), "{stdout}");
    assert!(out.stderr.is_empty());

    // The printed bank also scores: --bank with the same file.
    let a = write(&d, "a.json", &doc(json!({"emsmgmt": "yes"})));
    let out = openfem(&["score", "--bank", &f, &a]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

fn question(r: &str, extra: Value) -> Value {
    let mut q = json!({"ref": r, "level": 1, "prompt": format!("{r}?"),
        "answer": {"type": "choice", "options": ["yes", "no"]},
        "score": {"rule": "choice"}, "source": "test"});
    for (k, v) in extra.as_object().expect("object") {
        q[k] = v.clone();
    }
    q
}

/// A one-section bank with questions `a`, `b` and the progression question.
fn small_bank(a: Value, b: Value, section_extra: Value) -> Value {
    let mut section = json!({"id": "s", "title": "S", "progression": "p", "questions": [
        a, b,
        {"ref": "p", "role": "progression", "prompt": "go on?",
         "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"}
    ]});
    for (k, v) in section_extra.as_object().expect("object") {
        section[k] = v.clone();
    }
    json!({"format": 1, "id": "t", "version": "1", "title": "t", "sections": [section]})
}

#[test]
fn check_bank_accepts_the_small_bank() {
    let d = dir("small");
    let bank = small_bank(
        question("a", json!({})),
        question("b", json!({})),
        json!({}),
    );
    let f = write(&d, "ok.json", &bank.to_string());
    let out = openfem(&["check-bank", &f]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn check_bank_refuses_broken_banks_naming_the_json_path() {
    let d = dir("broken");
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "duplicate-ref",
            small_bank(
                question("a", json!({})),
                question("a", json!({})),
                json!({}),
            ),
            "sections.s.questions[1](a)",
        ),
        (
            "unknown-question",
            small_bank(
                question("a", json!({})),
                question(
                    "b",
                    json!({"visible_if": {"is": {"q": "nosuch", "value": "yes"}}}),
                ),
                json!({}),
            ),
            "sections.s.questions[1](b).visible_if.is.q",
        ),
        (
            "unknown-option",
            small_bank(
                question("a", json!({})),
                question(
                    "b",
                    json!({"visible_if": {"is": {"q": "a", "value": "maybe"}}}),
                ),
                json!({}),
            ),
            "sections.s.questions[1](b).visible_if.is.value",
        ),
        (
            "cycle",
            small_bank(
                question("a", json!({"visible_if": {"answered": "b"}})),
                question(
                    "b",
                    json!({"visible_if": {"is": {"q": "a", "value": "yes"}}}),
                ),
                json!({}),
            ),
            "visibility cycle",
        ),
        (
            "weights",
            small_bank(
                question("a", json!({})),
                question("b", json!({"level": 2})),
                json!({"weights": [{"when": {"is": {"q": "a", "value": "no"}},
                                    "levels": {"1": 60, "2": 30}, "why": "short"}]}),
            ),
            "sections.s.weights[0].levels",
        ),
    ];
    for (name, bank, path) in cases {
        let f = write(&d, &format!("{name}.json"), &bank.to_string());
        let out = openfem(&["check-bank", &f]);
        let stdout = text(&out.stdout);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stdout}");
        assert!(
            stdout.contains(&format!("error: {path}")) || stdout.contains(path),
            "{name}: findings name {path}: {stdout}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(&f), "{name}: {stderr}");
    }
}

#[test]
fn check_bank_refuses_a_newer_bank_format_and_malformed_banks() {
    let d = dir("format");
    let mut bank = small_bank(
        question("a", json!({})),
        question("b", json!({})),
        json!({}),
    );
    bank["format"] = json!(2);
    let f = write(&d, "newer.json", &bank.to_string());
    let out = openfem(&["check-bank", &f]);
    assert_refused(&out, &f, "format");
    assert!(text(&out.stderr).contains("newer"));

    // Unknown keys and wrong shapes are refused by the strict types, with line and column.
    let mut bank = small_bank(
        question("a", json!({})),
        question("b", json!({})),
        json!({}),
    );
    bank["sections"][0]["questions"][0]["levle"] = json!(1);
    let f = write(&d, "typo.json", &bank.to_string());
    let out = openfem(&["check-bank", &f]);
    assert_refused(&out, &f, "levle");

    let f = write(&d, "not-json.json", "{\"format\": 1,");
    let out = openfem(&["check-bank", &f]);
    assert_refused(&out, &f, "bank:1:");
}

#[test]
fn check_bank_refuses_a_broken_copy_of_the_real_bank() {
    // The real bank with Water's light-user profile at Level 1 = 90.
    let mut bank = builtin_json();
    let water = bank["sections"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["id"] == "water")
        .expect("water");
    water["weights"][0]["levels"]["1"] = json!(90);
    let d = dir("real");
    let f = write(&d, "bank.json", &bank.to_string());
    let out = openfem(&["check-bank", &f]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("sections.water.weights[0].levels"));
}

// --- Score integrity: what a hostile or careless client may send (issue 15). ---

#[test]
fn score_refuses_a_multi_answer_that_repeats_an_option() {
    let d = dir("repeated-option");
    let a = write(
        &d,
        "a.json",
        &doc(json!({"sipfacilitytype": ["final_assembly", "final_assembly"]})),
    );
    let out = openfem(&["score", &a]);
    assert_refused(&out, &a, "answers.sipfacilitytype[1]");
    assert!(
        text(&out.stderr).contains("repeated"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn score_refuses_a_json_object_with_a_repeated_key() {
    let d = dir("repeated-key");
    let body = r#"{"format": "openfem-answers", "version": 1, "bank": "fem-2024",
        "answers": {"sipvalidoperatinglicense": "no", "sipvalidoperatinglicense": "yes"}}"#;
    let a = write(&d, "a.json", body);
    let out = openfem(&["score", &a]);
    assert_refused(&out, &a, "answers");
    assert!(
        text(&out.stderr).contains("repeated key \"sipvalidoperatinglicense\""),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn score_reads_a_file_with_a_leading_byte_order_mark() {
    let d = dir("bom");
    let body = doc(json!({"sipvalidoperatinglicense": "yes"}));
    let plain = write(&d, "plain.json", &body);
    let bom = write(&d, "bom.json", &format!("\u{feff}{body}"));
    let (a, b) = (openfem(&["score", &plain]), openfem(&["score", &bom]));
    assert!(b.status.success(), "{}", text(&b.stderr));
    assert_eq!(text(&a.stdout), text(&b.stdout));
}

#[test]
fn score_refuses_table_rows_repeated_or_not_options_of_their_source() {
    let d = dir("rows");
    let cases = [
        (
            "repeated",
            json!([{"row": "water_use", "sippermitstatus": "available_valid"},
                   {"row": "water_use", "sippermitstatus": "not_available"}]),
            "answers.sippermits[1].row",
        ),
        (
            "not-an-option",
            json!([{"row": "no_such_permit", "sippermitstatus": "not_available"}]),
            "answers.sippermits[0].row",
        ),
        (
            "no-id",
            json!([{"sippermitstatus": "not_available"}]),
            "answers.sippermits[0]",
        ),
    ];
    for (name, rows, path) in cases {
        let a = write(
            &d,
            &format!("{name}.json"),
            &doc(json!({"sippermitsreq": ["water_use"], "sippermits": rows})),
        );
        assert_refused(&openfem(&["score", &a]), &a, path);
    }
}

/// The score line of one answers document.
fn score_of(d: &Path, name: &str, answers: Value) -> Value {
    let a = write(d, name, &doc(answers));
    let out = openfem(&["score", &a]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("a score line")
}

#[test]
fn a_permit_row_whose_permit_is_no_longer_required_zeroes_nothing() {
    let d = dir("deselected-row");
    let permit = |status: &str| json!([{"row": "ww_indirect", "sippermitstatus": status}]);
    let required = score_of(
        &d,
        "required.json",
        json!({"sippermitsreq": ["ww_indirect"], "sippermits": permit("not_available")}),
    );
    assert_eq!(required["zeroed"]["id"], "permit-not-available");
    // The same row, its permit deselected: kept in the answers, read by no rule.
    let deselected = score_of(
        &d,
        "deselected.json",
        json!({"sippermitsreq": ["water_use"], "sippermits": permit("not_available")}),
    );
    assert_eq!(deselected["zeroed"], Value::Null, "{deselected}");
}

#[test]
fn score_refuses_a_portal_bank_that_check_bank_refuses() {
    let d = dir("score-bad-bank");
    let bank = small_bank(
        question(
            "a",
            json!({"visible_if": {"is": {"q": "nowhere", "value": "yes"}}}),
        ),
        question("b", json!({})),
        json!({}),
    );
    let f = write(&d, "bank.json", &bank.to_string());
    let a = write(
        &d,
        "a.json",
        &json!({"format": "openfem-answers", "version": 1, "bank": "t", "answers": {"b": "yes"}})
            .to_string(),
    );
    let out = openfem(&["score", "--bank", &f, &a]);
    assert_refused(&out, &f, "sections.s.questions[0](a).visible_if.is.q");
}

#[test]
fn score_accepts_a_portal_bank_without_sources() {
    let d = dir("no-source");
    let mut bank = small_bank(
        question("a", json!({})),
        question("b", json!({})),
        json!({}),
    );
    for q in bank["sections"][0]["questions"].as_array_mut().unwrap() {
        q.as_object_mut().unwrap().remove("source");
    }
    let f = write(&d, "bank.json", &bank.to_string());
    let a = write(
        &d,
        "a.json",
        &json!({"format": "openfem-answers", "version": 1, "bank": "t", "answers": {"a": "yes"}})
            .to_string(),
    );
    let out = openfem(&["score", "--bank", &f, &a]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let check = openfem(&["check-bank", &f]);
    assert!(check.status.success(), "a missing source is a warning only");
    assert!(text(&check.stdout).contains("no source recorded"));
}

#[test]
fn score_refuses_a_bank_with_a_repeated_key() {
    let d = dir("bank-repeated-key");
    let bank = small_bank(
        question("a", json!({})),
        question("b", json!({})),
        json!({}),
    )
    .to_string()
    .replacen("\"title\":\"S\"", "\"title\":\"S\",\"title\":\"T\"", 1);
    assert!(bank.contains("\"title\":\"T\""), "{bank}");
    let f = write(&d, "bank.json", &bank);
    let out = openfem(&["check-bank", &f]);
    assert_refused(&out, &f, "repeated key \"title\"");
}

/// Depends on the shared date parser (the lead's change): until it lands this fails.
#[test]
fn score_refuses_a_date_that_is_not_on_the_calendar() {
    let d = dir("date");
    let pos = Bank::builtin()
        .unwrap()
        .questions()
        .find(|(_, q)| matches!(q.answer, openfem::core::bank::AnswerSpec::Date {}))
        .map(|(_, q)| q.id.clone())
        .expect("a date question");
    for bad in ["2024-02-31", "2024-+1-+1"] {
        let a = write(&d, "a.json", &doc(json!({ pos.clone(): bad })));
        assert_refused(&openfem(&["score", &a]), &a, &format!("answers.{pos}"));
    }
}

// ---- `score --complete`, as a portal's server runs it after a post ----
// `openfem score` as a portal's server runs it after a post: `--complete` accepts only a
// complete (postable) document and otherwise exits 1 with the missing Ref IDs; the output never
// holds `-0.0` (a strict comparison of `0` and `-0` fails in JavaScript and in many stores).

fn doc_for(bank: &str, answers: Value) -> String {
    json!({"format": "openfem-answers", "version": 1, "bank": bank, "answers": answers}).to_string()
}

/// A one-section bank: scored questions `a` and `b`, and the progression question `p`.
fn complete_bank() -> Value {
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
    let d = dir("portal-incomplete");
    let f = write(
        &d,
        "answers.json",
        &doc_for("fem-2024", json!({"emsmgmt": "yes"})),
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
    let d = dir("portal-complete");
    let bank = write(&d, "bank.json", &complete_bank().to_string());
    let full = write(
        &d,
        "full.json",
        &doc_for("t", json!({"a": "yes", "b": "no", "p": "no"})),
    );
    let part = write(&d, "part.json", &doc_for("t", json!({"a": "yes"})));
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
    let d = dir("portal-flags");
    let f = write(&d, "answers.json", &doc_for("fem-2024", json!({})));
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
    let d = dir("portal-zero");
    let docs = [
        json!({}),
        json!({"emsmgmt": "yes", "sipoperatingdays": 300}),
        json!({"emsmgmt": "no", "enghgreduce": "no"}),
    ];
    for (i, answers) in docs.into_iter().enumerate() {
        let f = write(&d, &format!("a{i}.json"), &doc_for("fem-2024", answers));
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

// ---- errors in the `--locale` language ----

#[test]
fn score_errors_speak_the_locale_with_the_same_file_path_and_figures() {
    let d = dir("locale-errors");
    // An answer of the wrong kind: the file and JSON path as in English, the sentence translated.
    let bad = write(&d, "bad.json", &doc(json!({"emsmgmt": 5})));
    let en = text(&openfem(&["score", &bad]).stderr);
    assert!(
        en.contains("answers.emsmgmt: expected an answer token, found a number"),
        "{en}"
    );
    let vi = openfem(&["score", "--locale", "vi", &bad]);
    assert_refused(&vi, &bad, "answers.emsmgmt");
    let vi = text(&vi.stderr);
    assert!(
        vi.contains("phải là một mã câu trả lời, nhưng đang là một số"),
        "{vi}"
    );
    let zh = text(&openfem(&["score", "--locale", "zh-CN", &bad]).stderr);
    assert!(
        zh.contains("answers.emsmgmt: 应为答案代码，实际为数字"),
        "{zh}"
    );
    // Broken JSON: serde_json's own words stay English inside the translated sentence.
    let broken = write(&d, "broken.json", "{\n  \"format\": }");
    let zh = text(&openfem(&["score", "--locale", "zh-CN", &broken]).stderr);
    assert!(
        zh.contains("不是有效的JSON：") && zh.contains("line 2"),
        "{zh}"
    );
    // A date: the reason within the sentence is translated too.
    let pos = Bank::builtin()
        .unwrap()
        .questions()
        .find(|(_, q)| matches!(q.answer, openfem::core::bank::AnswerSpec::Date {}))
        .map(|(_, q)| q.id.clone())
        .expect("a date question");
    let date = write(&d, "date.json", &doc(json!({ pos: "2024-02-31" })));
    let vi = text(&openfem(&["score", "--locale", "vi", &date]).stderr);
    assert!(
        vi.contains("\"2024-02-31\" không phải ngày theo dạng YYYY-MM-DD: ")
            && !vi.contains("no such date"),
        "{vi}"
    );
    // The CLI's own messages: --complete's refusal, with the same counts and Ref IDs.
    let part = write(&d, "part.json", &doc(json!({"emsmgmt": "yes"})));
    let en = text(&openfem(&["score", "--complete", &part]).stderr);
    let zh = text(&openfem(&["score", "--locale", "zh-CN", "--complete", &part]).stderr);
    assert!(
        zh.contains("尚未完成") && !zh.contains("not complete"),
        "{zh}"
    );
    let refs = en.rsplit(": ").next().unwrap().trim();
    assert!(zh.trim_end().ends_with(refs), "same Ref IDs: {zh}");
    // A usage error after --locale: its words translated, the syntax the same.
    let vi = text(&openfem(&["score", "--locale", "vi", "--bogus", &part]).stderr);
    assert!(vi.contains("cách dùng: openfem bank"), "{vi}");
}

#[test]
fn cli_messages_are_translated_with_the_same_placeholders() {
    let read = |tag: &str| -> std::collections::BTreeMap<String, String> {
        let path = format!("{}/src/bin/locales/{tag}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let en = read("en");
    for tag in ["zh-CN", "vi"] {
        let other = read(tag);
        assert_eq!(
            other.keys().collect::<Vec<_>>(),
            en.keys().collect::<Vec<_>>(),
            "{tag}: the same keys as English"
        );
        for (key, english) in &en {
            let text = &other[key];
            assert_eq!(
                openfem::core::locale::placeholders(text),
                openfem::core::locale::placeholders(english),
                "{tag} {key}"
            );
            assert_ne!(text, english, "{tag} {key}: translated");
        }
    }
}

#[test]
fn plan_and_checks_speak_the_locale_with_the_same_figures() {
    let d = dir("locale-plan");
    let f = write(
        &d,
        "a.json",
        &doc(json!({"sipvalidoperatinglicense": "no", "sipoperatingdays": 365})),
    );
    let line = |args: &[&str]| -> Value {
        let out = openfem(args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let en = line(&["plan", &f]);
    // `--locale` wherever it stands.
    let vi = line(&["plan", &f, "--locale", "vi"]);
    assert_eq!(line(&["plan", "--locale", "vi", &f]), vi);
    assert_eq!(en["gate"]["id"], "no-operating-licence");
    for field in ["why", "fix"] {
        assert_ne!(
            en["gate"][field], vi["gate"][field],
            "gate {field} translated"
        );
        assert!(!vi["gate"][field].as_str().unwrap().is_empty());
    }
    let strip = |mut plan: Value| {
        for field in ["why", "fix"] {
            plan["gate"][field] = Value::Null;
        }
        for section in plan["sections"].as_array_mut().unwrap() {
            section["title"] = Value::Null;
        }
        plan
    };
    assert_eq!(strip(en), strip(vi), "only texts differ");

    let en = line(&["checks", "--today", "2026-12-06", &f]);
    let zh = line(&["checks", "--locale", "zh-CN", "--today", "2026-12-06", &f]);
    let (en, zh) = (&en["checks"][0], &zh["checks"][0]);
    assert_eq!(en["key"], zh["key"]);
    assert!(en["message"]
        .as_str()
        .unwrap()
        .starts_with("365 operating days"));
    let message = zh["message"].as_str().unwrap();
    assert!(
        message.contains("365") && !message.contains("operating days"),
        "{message}"
    );
}

#[test]
fn messages_follow_locale_wherever_it_stands_else_the_environment() {
    // A usage error found before `--locale` is read: said in that language all the same.
    let vi = text(&openfem(&["bogus", "--locale", "vi"]).stderr);
    assert!(vi.contains("cách dùng: openfem bank"), "{vi}");
    let zh = text(&openfem(&["plan", "--locale", "zh-CN"]).stderr);
    assert!(zh.contains("用法：openfem bank"), "{zh}");
    // A missing file: the system's words replaced by the CLI's.
    let missing = dir("locale-env").join("missing.json");
    let missing = missing.to_str().unwrap();
    let said = |env: &[(&str, &str)]| text(&openfem_in(&["score", missing], env).stderr);
    assert!(
        said(&[]).contains("missing.json: no such file"),
        "{}",
        said(&[])
    );
    let vi = said(&[("LANG", "vi_VN.UTF-8")]);
    assert!(vi.contains("missing.json: không có tệp này"), "{vi}");
    // POSIX order: LC_ALL wins over LANG, LC_MESSAGES over LANG; OPENFEM_LOCALE over all.
    assert!(said(&[("LANG", "vi_VN.UTF-8"), ("LC_ALL", "C")]).contains("no such file"));
    let zh = said(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8")]);
    assert!(zh.contains("文件不存在"), "{zh}");
    let vi = said(&[("LC_ALL", "zh_CN.UTF-8"), ("OPENFEM_LOCALE", "vi")]);
    assert!(vi.contains("không có tệp này"), "{vi}");
    // Traditional Chinese is not Simplified: English.
    assert!(said(&[("LANG", "zh_TW.UTF-8")]).contains("no such file"));
    // `--locale en` wins over the environment.
    let en = text(&openfem_in(&["score", "--locale", "en", missing], &[("LANG", "vi_VN")]).stderr);
    assert!(en.contains("no such file"), "{en}");

    // What is printed on standard output changes language with `--locale` only.
    let d = dir("locale-env-out");
    let f = write(&d, "a.json", &doc(json!({"emsmgmt": "yes"})));
    let out = |env: &[(&str, &str)]| -> Value {
        serde_json::from_slice(&openfem_in(&["score", &f], env).stdout).unwrap()
    };
    assert_eq!(out(&[("LANG", "vi_VN.UTF-8")]), out(&[]));
}
