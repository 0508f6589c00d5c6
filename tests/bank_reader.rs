//! The wasm's one-pass reader of answers, score rules and evidence checklists
//! (`core::bank_reader`) against serde's derived readers, which the native build uses: the same
//! result for every one of the built-in bank, both refusing broken ones, and the two documented
//! differences. And the shorter read of the bank data files build.rs writes.

use std::fs;
use std::path::Path;

use openfem::core::bank::Bank;
use openfem::core::bank_reader::{self, AnswerSpecDoc, ScoreRuleDoc};
use openfem::core::schema::{AnswerSpec, Evidence, ScoreRule};
use serde_json::{json, Value};

const BANK_DIR: &str = "src/bank/fem-2024";

/// Every question of the built-in bank, as written.
fn questions() -> Vec<Value> {
    let read = |name: &str| -> Value {
        serde_json::from_str(&fs::read_to_string(Path::new(BANK_DIR).join(name)).unwrap()).unwrap()
    };
    let header = read("bank.json");
    header["section_files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            read(&format!("{}.json", f.as_str().unwrap()))["questions"]
                .as_array()
                .unwrap()
                .clone()
        })
        .collect()
}

fn derived<T: serde::de::DeserializeOwned + std::fmt::Debug>(v: &Value) -> Result<String, String> {
    serde_json::from_str::<T>(&v.to_string())
        .map(|t| format!("{t:?}"))
        .map_err(|e| e.to_string())
}

fn answer_by_reader(v: &Value) -> Result<String, String> {
    serde_json::from_str::<AnswerSpecDoc>(&v.to_string())
        .map_err(|e| e.to_string())
        .and_then(AnswerSpec::try_from)
        .map(|a| format!("{a:?}"))
}

fn rule_by_reader(v: &Value) -> Result<String, String> {
    serde_json::from_str::<ScoreRuleDoc>(&v.to_string())
        .map_err(|e| e.to_string())
        .and_then(ScoreRule::try_from)
        .map(|r| format!("{r:?}"))
}

fn evidence_by_reader(v: &Value) -> Result<String, String> {
    let text = v.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    bank_reader::evidence(&mut de)
        .map(|e| format!("{e:?}"))
        .map_err(|e| e.to_string())
}

#[test]
fn every_answer_rule_and_checklist_of_the_built_in_bank_reads_the_same() {
    let questions = questions();
    assert!(questions.len() > 150, "{} questions", questions.len());
    let (mut answers, mut rules, mut checklists, mut tables) = (0, 0, 0, 0);
    for q in &questions {
        let id = q["ref"].as_str().unwrap();
        let answer = &q["answer"];
        let shown = derived::<AnswerSpec>(answer).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(answer_by_reader(answer), Ok(shown), "{id}: answer");
        answers += 1;
        tables += usize::from(answer["type"] == "table");
        if let Some(rule) = q.get("score") {
            let shown = derived::<ScoreRule>(rule).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(rule_by_reader(rule), Ok(shown), "{id}: score rule");
            rules += 1;
        }
        if let Some(evidence) = q.get("help").and_then(|h| h.get("evidence")) {
            let shown = derived::<Evidence>(evidence).unwrap();
            assert_eq!(evidence_by_reader(evidence), Ok(shown), "{id}: evidence");
            checklists += 1;
        }
    }
    // Every kind is covered by the bank itself (tables hold the other kinds in their columns).
    let kinds: std::collections::BTreeSet<&str> = questions
        .iter()
        .flat_map(|q| {
            let a = &q["answer"];
            let columns = a["columns"].as_array().into_iter().flatten();
            std::iter::once(a["type"].as_str().unwrap())
                .chain(columns.map(|c| c["answer"]["type"].as_str().unwrap()))
        })
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["choice", "date", "multi", "number", "single", "table", "text", "year"]
    );
    println!("{answers} answers ({tables} tables), {rules} score rules, {checklists} checklists read the same");
    assert!(rules > 100 && checklists > 150);
}

#[test]
fn both_readers_refuse_a_broken_answer() {
    for broken in [
        json!({"type": "number", "multiline": true}),
        json!({"type": "text", "unit": "kg"}),
        json!({"type": "date", "min": 1}),
        json!({"type": "choice"}),
        json!({"type": "choice", "options": [{"id": "a", "label": "A"}]}),
        json!({"type": "single", "options": ["yes"]}),
        json!({"type": "choice", "options": ["maybe"]}),
        json!({"type": "colour"}),
        json!({"options": ["yes"]}),
        json!({"type": "text", "foo": 1}),
        json!({"type": "year", "min": 2020.5}),
        json!({"type": "table", "rows": {"fixed": []}}),
        json!({"type": "table", "columns": []}),
        json!({"type": "number", "min": "zero"}),
        json!("number"),
    ] {
        assert!(
            derived::<AnswerSpec>(&broken).is_err(),
            "serde reads {broken}"
        );
        let read = answer_by_reader(&broken);
        assert!(read.is_err(), "the wasm's reader reads {broken}: {read:?}");
    }
}

#[test]
fn both_readers_refuse_a_broken_rule_or_checklist() {
    for broken in [
        json!({"rule": "choice", "cases": []}),
        json!({"rule": "cases"}),
        json!({"rule": "cases", "cases": [], "na": "full"}),
        json!({"rule": "sometimes"}),
        json!({"rule": "choice", "na": "sometimes"}),
        json!({"points": {"yes": 1}}),
        json!({"rule": "choice", "points": {"maybe": 1}}),
    ] {
        assert!(
            derived::<ScoreRule>(&broken).is_err(),
            "serde reads {broken}"
        );
        assert!(
            rule_by_reader(&broken).is_err(),
            "the wasm's reader reads {broken}"
        );
    }
    for broken in [json!(3), json!({"a": 1}), json!([1]), json!(null)] {
        assert!(
            derived::<Evidence>(&broken).is_err(),
            "serde reads {broken}"
        );
        assert!(
            evidence_by_reader(&broken).is_err(),
            "the wasm's reader reads {broken}"
        );
    }
}

#[test]
fn the_two_documented_differences() {
    // `null` where a field may be left out reads as left out.
    let null = json!({"type": "text", "multiline": null});
    assert!(derived::<AnswerSpec>(&null).is_err());
    assert_eq!(
        answer_by_reader(&null),
        derived::<AnswerSpec>(&json!({"type": "text"}))
    );
    // A whole-number year written with a decimal point.
    let year = json!({"type": "year", "min": 2020.0});
    assert!(derived::<AnswerSpec>(&year).is_err());
    assert_eq!(
        answer_by_reader(&year),
        derived::<AnswerSpec>(&json!({"type": "year", "min": 2020}))
    );
}

/// The widget reads its bank data files (the built-in bank and that bank in each language, as
/// build.rs wrote them) without looking for a repeated key: build.rs writes each from a parsed
/// JSON value, which holds a key once. Both halves of that are checked on every such file: it
/// has no repeated key, and the shorter read gives the same bank as the full one.
#[test]
fn the_builds_bank_data_files_hold_each_key_once_and_read_the_same_without_the_check() {
    let dir = std::path::Path::new(env!("OUT_DIR")).join("data");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).expect("build.rs wrote OUT_DIR/data") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("bank") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        openfem::core::json::check_unique_keys(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let checked = Bank::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let unchecked = Bank::from_built_data_file(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&checked).unwrap(),
            serde_json::to_value(&unchecked).unwrap(),
            "{name}"
        );
        read += 1;
    }
    // English and at least the two languages the widget ships (Chinese, Vietnamese).
    assert!(read >= 3, "{read} bank data files in {}", dir.display());
}
