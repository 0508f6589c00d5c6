//! The evidence checklist: what a verifier will ask to see for a question, one item each
//! (`Question::evidence_checklist`). The built-in bank writes it as a list for every scored
//! question, translated item by item; a bank that writes one text still reads, as one item, and
//! keeps its translation key.

use std::collections::BTreeMap;
use std::path::Path;

use openfem::core::bank::{Bank, Evidence};
use openfem::core::check::{check_bank, Severity};
use serde_json::{json, Value};

fn overlay(tag: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/bank/fem-2024/locales")
        .join(format!("{tag}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_scored_question_has_a_checklist_of_short_non_empty_items() {
    let bank = Bank::builtin().unwrap();
    let mut problems = Vec::new();
    let mut scored = 0;
    for (_, q) in bank.questions().filter(|(_, q)| q.score.is_some()) {
        scored += 1;
        if !matches!(q.help.evidence, Some(Evidence::List(_))) {
            problems.push(format!("{}: evidence is not a list", q.id));
        }
        let items = q.evidence_checklist();
        if items.is_empty() {
            problems.push(format!("{}: no evidence item", q.id));
        }
        for item in items {
            let words = item.split_whitespace().count();
            if item.trim().len() < 5 || words > 25 || item.trim() != item {
                problems.push(format!("{}: item {item:?} is empty, padded or long", q.id));
            }
        }
    }
    assert!(scored > 150, "{scored} scored questions");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_item_has_its_own_key_and_its_own_translation() {
    let bank = Bank::builtin().unwrap();
    let english = bank.texts();
    for tag in ["zh-CN", "vi"] {
        let translated = overlay(tag);
        let mut local = bank.clone();
        local.localize(&translated);
        let mut problems = Vec::new();
        for (_, q) in bank.questions() {
            assert!(!english.contains_key(&format!("q.{}.help.evidence", q.id)));
            let theirs = local.question(&q.id).unwrap().evidence_checklist();
            assert_eq!(theirs.len(), q.evidence_checklist().len(), "{}", q.id);
            for (i, (en, t)) in q.evidence_checklist().iter().zip(theirs).enumerate() {
                let key = format!("q.{}.help.evidence.{i}", q.id);
                assert_eq!(english.get(&key), Some(en), "{key}");
                if !translated.contains_key(&key) || t == en || t.trim().is_empty() {
                    problems.push(format!("{tag} {key}: {t:?}"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

#[test]
fn the_checklist_is_read_in_the_language_the_bank_is_localised_to() {
    let mut bank = Bank::builtin().unwrap();
    let english = bank.question("aircompliance").unwrap().evidence_checklist();
    assert_eq!(
        english,
        [
            "Air permits",
            "This year's legal test reports",
            "Submissions to the authority"
        ]
    );
    bank.localize(&overlay("vi"));
    let vi = bank.question("aircompliance").unwrap().evidence_checklist();
    assert_eq!(vi[0], "Giấy phép về khí thải");
    assert_eq!(vi.len(), 3);
}

/// A one-question bank whose question carries `help`.
fn bank_with_help(help: Value) -> String {
    json!({"format": 1, "id": "t", "version": "1", "title": "t", "sections": [
        {"id": "s", "title": "S", "progression": "p", "questions": [
            {"ref": "a", "level": 1, "prompt": "a?", "help": help,
             "answer": {"type": "choice", "options": ["yes", "no"]},
             "score": {"rule": "choice"}, "source": "test"},
            {"ref": "p", "role": "progression", "prompt": "go on?",
             "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"}
        ]}
    ]})
    .to_string()
}

#[test]
fn evidence_written_as_one_text_reads_as_one_item_and_keeps_its_key() {
    let text = bank_with_help(json!({"evidence": "The permit and this year's test reports."}));
    let mut bank = Bank::from_json(&text).unwrap();
    let q = bank.question("a").unwrap();
    assert_eq!(
        q.evidence_checklist(),
        ["The permit and this year's test reports."]
    );
    // Written back as it was read: one text.
    assert_eq!(
        serde_json::to_value(&q.help).unwrap(),
        json!({"evidence": "The permit and this year's test reports."})
    );
    // Its translation key is the one it had before lists existed.
    let texts = bank.texts();
    assert!(texts.contains_key("q.a.help.evidence"), "{texts:?}");
    assert!(!texts.contains_key("q.a.help.evidence.0"));
    bank.localize(&BTreeMap::from([(
        "q.a.help.evidence".to_string(),
        "许可证及当年的检测报告。".to_string(),
    )]));
    assert_eq!(
        bank.question("a").unwrap().evidence_checklist(),
        ["许可证及当年的检测报告。"]
    );
}

#[test]
fn a_list_is_keyed_by_position_and_an_item_left_untranslated_stays_english() {
    let text = bank_with_help(json!({"evidence": ["Permit", "Test reports"]}));
    let mut bank = Bank::from_json(&text).unwrap();
    let texts = bank.texts();
    assert_eq!(texts["q.a.help.evidence.0"], "Permit");
    assert_eq!(texts["q.a.help.evidence.1"], "Test reports");
    bank.localize(&BTreeMap::from([(
        "q.a.help.evidence.1".to_string(),
        "Phiếu kết quả thử nghiệm".to_string(),
    )]));
    assert_eq!(
        bank.question("a").unwrap().evidence_checklist(),
        ["Permit", "Phiếu kết quả thử nghiệm"]
    );
}

#[test]
fn a_question_without_evidence_has_an_empty_checklist() {
    let bank = Bank::from_json(&bank_with_help(json!({"yes": "All of it."}))).unwrap();
    assert!(bank.question("a").unwrap().evidence_checklist().is_empty());
}

#[test]
fn evidence_of_another_shape_is_refused_naming_what_is_expected() {
    for wrong in [json!(3), json!({"0": "Permit"}), json!(["Permit", 2])] {
        let err = Bank::from_json(&bank_with_help(json!({ "evidence": wrong }))).unwrap_err();
        assert!(
            err.message
                .contains("a list of texts (one item each), or one text"),
            "{wrong}: {err:?}"
        );
    }
}

#[test]
fn check_bank_warns_of_empty_and_repeated_items() {
    let warnings = |evidence: Value| -> Vec<String> {
        let bank = Bank::from_json(&bank_with_help(json!({ "evidence": evidence }))).unwrap();
        check_bank(&bank)
            .into_iter()
            .filter(|f| f.path.contains("help.evidence"))
            .inspect(|f| assert_eq!(f.severity, Severity::Warning, "{f}"))
            .map(|f| f.to_string())
            .collect()
    };
    assert!(warnings(json!(["Permit", "Test reports"])).is_empty());
    assert!(warnings(json!("Permit")).is_empty());
    let p = "sections.s.questions[0](a).help.evidence";
    assert_eq!(
        warnings(json!([])),
        [format!(
            "warning: {p}: empty list: leave \"evidence\" out instead"
        )]
    );
    assert_eq!(
        warnings(json!(["Permit", " ", "Permit"])),
        [
            format!("warning: {p}[1]: empty item"),
            format!("warning: {p}[2]: the same item twice")
        ]
    );
    assert_eq!(warnings(json!("")), [format!("warning: {p}: empty text")]);
}
