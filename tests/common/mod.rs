//! A small bank that exercises every scoring rule, so each rule's test reads like a worked
//! example. The real FEM bank is tested in `bank_*.rs`.
#![allow(dead_code)]

pub mod cli;
pub mod random;

use openfem::core::assess::{Assessment, SectionResult};
use openfem::core::{evaluate, Answers, Bank};
use serde_json::{json, Value};

fn choice(r: &str, level: u8, options: &[&str]) -> Value {
    json!({"ref": r, "level": level, "prompt": r, "answer": {"type": "choice", "options": options},
           "score": {"rule": "choice"}, "source": "test"})
}

fn unscored(r: &str, level: u8) -> Value {
    json!({"ref": r, "level": level, "prompt": r, "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"})
}

fn progression(r: &str) -> Value {
    json!({"ref": r, "role": "progression", "prompt": r, "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"})
}

/// Sections:
/// - `site`: licence, permits (zero-score gates), facility types.
/// - `ems`: L1 a1 a2 a3 (Yes/Partial/No/N/A), a4 unscored, a5 (No earns full), L2 b1 b2, L3 c1 c2 (c2: N/A earns full).
/// - `water`: applicability `watapp`; light user → Level 1 only (100); L1 w1 w2, L2 w3 (aggregate of
///   unscored L1 `wattrack` and its own answer), L3 w4.
/// - `air`: applicability `airapp` (none excludes); L1 r1, L2 r2, L3 r3.
/// - `wastewater`: applicability `wwapp`; septic only → 50/50; L1 s1, L2 s2, L3 s3.
/// - `energy`: L1 e1 number (threshold), e2 multi (count), L2 e3 follow-up of e1, L3 e4.
pub fn bank_json() -> Value {
    json!({
      "format": 1, "id": "test", "version": "1", "title": "test bank",
      "zero_if": [
        {"id": "licence", "when": {"is": {"q": "sipvalidoperatinglicense", "value": "no"}}, "why": "no licence", "fix": "get one"},
        {"id": "permit", "when": {"table_any": {"q": "sippermits", "col": "sippermitstatus", "value": "not_available"}}, "why": "permit missing", "fix": "get it"},
        {"id": "reason", "when": {"table_any": {"q": "sippermits", "col": "sippermitinvalidreason", "value": "cannot_meet_requirement"}}, "why": "cannot meet", "fix": "meet it"}
      ],
      "sections": [
        {"id": "site", "title": "Site", "scored": false, "questions": [
          {"ref": "sipvalidoperatinglicense", "prompt": "licence?", "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"},
          {"ref": "sippermitsreq", "prompt": "permits", "required": false, "answer": {"type": "multi", "options": [{"id": "water", "label": "Water"}, {"id": "air", "label": "Air"}]}, "source": "test"},
          {"ref": "sippermits", "prompt": "status", "visible_if": {"answered": "sippermitsreq"}, "answer": {"type": "table", "rows": {"from": "sippermitsreq"}, "columns": [
            {"id": "sippermitstatus", "label": "Status", "answer": {"type": "single", "options": [{"id": "available_valid", "label": "ok"}, {"id": "available_invalid", "label": "invalid"}, {"id": "not_available", "label": "none"}]}},
            {"id": "sippermitinvalidreason", "label": "Reason", "visible_if": {"is": {"q": ".sippermitstatus", "value": "available_invalid"}},
             "answer": {"type": "single", "options": [{"id": "renewal", "label": "renewal"}, {"id": "cannot_meet_requirement", "label": "cannot"}]}}
          ]}, "source": "test"}
        ]},
        {"id": "ems", "title": "EMS", "progression": "emslevel2opt", "questions": [
          choice("a1", 1, &["yes", "partial", "no", "na"]),
          choice("a2", 1, &["yes", "partial", "no", "na"]),
          choice("a3", 1, &["yes", "partial", "no", "na"]),
          unscored("a4", 1),
          {"ref": "a5", "level": 1, "prompt": "a5", "answer": {"type": "choice", "options": ["yes", "no"]},
           "score": {"rule": "choice", "points": {"no": 1, "yes": 0}}, "source": "test"},
          progression("emslevel2opt"),
          choice("b1", 2, &["yes", "partial", "no", "na"]),
          choice("b2", 2, &["yes", "partial", "no", "na"]),
          choice("c1", 3, &["yes", "no", "na"]),
          {"ref": "c2", "level": 3, "prompt": "c2", "answer": {"type": "choice", "options": ["yes", "no", "na"]},
           "score": {"rule": "choice", "na": "full"}, "source": "test"}
        ]},
        {"id": "water", "title": "Water", "progression": "watlevel2opt",
         "weights": [{"when": {"is": {"q": "watapp", "value": "light"}}, "levels": {"1": 100}, "why": "light user, low risk"}],
         "questions": [
          {"ref": "watapp", "role": "applicability", "prompt": "user?", "answer": {"type": "single", "options": [{"id": "light", "label": "light"}, {"id": "heavy", "label": "heavy"}]}, "source": "test"},
          choice("w1", 1, &["yes", "no"]),
          choice("w2", 1, &["yes", "no"]),
          unscored("wattrack", 1),
          progression("watlevel2opt"),
          {"ref": "w3", "level": 2, "prompt": "w3", "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test",
           "score": {"rule": "cases", "cases": [
             {"when": {"all": [{"is": {"q": "w3", "value": "yes"}}, {"is": {"q": "wattrack", "value": "yes"}}]}, "fraction": 1, "why": "baseline and separate tracking"},
             {"when": {"is": {"q": "w3", "value": "yes"}}, "fraction": 0.5, "why": "baseline without separate tracking"}]}},
          choice("w4", 3, &["yes", "no"])
        ]},
        {"id": "air", "title": "Air", "progression": "airlevel2opt",
         "applies_if": {"not": {"includes": {"q": "airapp", "value": "none"}}},
         "questions": [
          {"ref": "airapp", "role": "applicability", "prompt": "sources?", "answer": {"type": "multi", "none": "none",
            "options": [{"id": "operations", "label": "ops"}, {"id": "none", "label": "no emissions"}]}, "source": "test"},
          choice("r1", 1, &["yes", "no"]), progression("airlevel2opt"), choice("r2", 2, &["yes", "no"]), choice("r3", 3, &["yes", "no"])
        ]},
        {"id": "wastewater", "title": "Wastewater", "progression": "wwlevel2opt",
         "weights": [{"when": {"includes_only": {"q": "wwapp", "values": ["septic"]}}, "levels": {"1": 50, "2": 50}, "why": "septic only"}],
         "questions": [
          {"ref": "wwapp", "role": "applicability", "prompt": "pathways?", "answer": {"type": "multi",
            "options": [{"id": "onsite", "label": "onsite"}, {"id": "septic", "label": "septic"}]}, "source": "test"},
          choice("s1", 1, &["yes", "no"]), progression("wwlevel2opt"), choice("s2", 2, &["yes", "no"]), choice("s3", 3, &["yes", "no"])
        ]},
        {"id": "energy", "title": "Energy", "progression": "energylevel2opt", "questions": [
          {"ref": "e1", "level": 1, "prompt": "coverage %", "answer": {"type": "number", "unit": "%", "min": 0, "max": 100}, "source": "test",
           "score": {"rule": "cases", "cases": [
             {"when": {"cmp": {"q": "e1", "op": ">", "value": 90}}, "fraction": 1, "why": "more than 90%"},
             {"when": {"cmp": {"q": "e1", "op": ">=", "value": 50}}, "fraction": 0.5, "why": "50 to 90%"}]}},
          {"ref": "e2", "level": 1, "prompt": "practices", "answer": {"type": "multi", "options": [
             {"id": "p1", "label": "1"}, {"id": "p2", "label": "2"}, {"id": "p3", "label": "3"}, {"id": "p4", "label": "4"}]}, "source": "test",
           "score": {"rule": "cases", "cases": [
             {"when": {"count": {"q": "e2", "op": ">=", "value": 3}}, "fraction": 1, "why": "three or more practices"},
             {"when": {"count": {"q": "e2", "op": ">=", "value": 1}}, "fraction": 0.5, "why": "one or two practices"}]}},
          progression("energylevel2opt"),
          {"ref": "e3", "level": 2, "prompt": "details", "visible_if": {"cmp": {"q": "e1", "op": ">", "value": 0}},
           "answer": {"type": "choice", "options": ["yes", "no"]}, "score": {"rule": "choice"}, "source": "test"},
          choice("e4", 3, &["yes", "no"])
        ]}
      ]
    })
}

pub fn bank() -> Bank {
    Bank::from_json(&bank_json().to_string()).expect("test bank loads")
}

/// Answers from `(ref, value)` pairs.
pub fn answers(pairs: &[(&str, Value)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Answers that achieve every level of every section (licence valid, no permits needed).
pub fn all_positive() -> Vec<(&'static str, Value)> {
    vec![
        ("sipvalidoperatinglicense", json!("yes")),
        ("a1", json!("yes")),
        ("a2", json!("yes")),
        ("a3", json!("yes")),
        ("a4", json!("no")),
        ("a5", json!("no")),
        ("b1", json!("yes")),
        ("b2", json!("yes")),
        ("c1", json!("yes")),
        ("c2", json!("yes")),
        ("watapp", json!("heavy")),
        ("w1", json!("yes")),
        ("w2", json!("yes")),
        ("wattrack", json!("yes")),
        ("w3", json!("yes")),
        ("w4", json!("yes")),
        ("airapp", json!(["operations"])),
        ("r1", json!("yes")),
        ("r2", json!("yes")),
        ("r3", json!("yes")),
        ("wwapp", json!(["onsite"])),
        ("s1", json!("yes")),
        ("s2", json!("yes")),
        ("s3", json!("yes")),
        ("e1", json!(95)),
        ("e2", json!(["p1", "p2", "p3"])),
        ("e3", json!("yes")),
        ("e4", json!("yes")),
    ]
}

/// `all_positive` with some answers replaced (or removed, with `Value::Null`).
pub fn with(changes: &[(&str, Value)]) -> Answers {
    let mut a = answers(&all_positive());
    for (k, v) in changes {
        a.set(*k, v.clone());
    }
    a
}

pub fn section<'a>(a: &'a Assessment<'a>, id: &str) -> &'a SectionResult<'a> {
    a.sections.iter().find(|s| s.id == id).expect("section")
}

pub fn question<'a>(
    a: &'a Assessment<'a>,
    id: &str,
) -> Option<&'a openfem::core::assess::QuestionResult<'a>> {
    a.sections
        .iter()
        .flat_map(|s| &s.questions)
        .find(|q| q.id == id)
}

pub fn level(a: &Assessment, section_id: &str, level: u8) -> openfem::core::assess::LevelResult {
    section(a, section_id)
        .levels
        .iter()
        .find(|l| l.level == level)
        .expect("level")
        .clone()
}

/// The test bank, loaded once: an assessment borrows its ids from the bank it was scored on.
pub fn shared_bank() -> &'static Bank {
    static BANK: std::sync::OnceLock<Bank> = std::sync::OnceLock::new();
    BANK.get_or_init(bank)
}

pub fn eval(a: &Answers) -> Assessment<'static> {
    evaluate(shared_bank(), a)
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[macro_export]
macro_rules! assert_close {
    ($a:expr, $b:expr) => {
        assert!(
            (($a) as f64 - ($b) as f64).abs() < 1e-6,
            "{} = {} but expected {}",
            stringify!($a),
            $a,
            $b
        )
    };
}
