//! Every language is complete (docs/translating.md): for each English text, the widget's
//! (`src/ui/locales/en.json`) and the bank's (`Bank::texts`, `openfem texts`), every language
//! has its own text, with the same `{placeholders}`, and not a copy of the English (outside an
//! allow-list of Ref IDs, units and names). The pseudo-locale `qps-ploc` (accented, 40% longer)
//! is generated from English here and must be current; the widget's browser tests show it.
//!
//! Failures list every key at fault, so the list can go to the translators as it is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use openfem::core::locale::{placeholders, pseudo, Locale};
use openfem::core::message::{Message, MESSAGES};
use openfem::core::points::Why;
use openfem::core::Bank;

/// The languages the widget ships, each complete.
const LANGUAGES: &[(&str, &str)] = &[("zh-CN", "简体中文"), ("vi", "Tiếng Việt")];
const PSEUDO: &str = "qps-ploc";

/// Words that stay as they are in every language: units, names, abbreviations used as such.
const KEEP: &[&str] = &[
    "MJ", "GJ", "kWh", "MWh", "kg", "t", "CO2e", "CO2", "CO₂e", "m³", "m3", "L", "Higg", "FEM",
    "OpenFEM", "ZDHC", "MRSL", "RSL", "EAC", "EACs", "GHG", "GWP", "IPCC", "AR5", "AR6", "ISO",
    "PDF", "CSV", "JSON", "ID", "HFC", "HCFC", "CFC", "SF6", "NF3", "PFC", "LPG", "LNG", "CNG",
    "BOD", "COD", "TSS", "pH", "VOC", "VOCs", "ODS", "N/A", "NA", "L1", "L2", "L3", "Q", "MMBtu",
    "therm", "therms", "Btu", "Ref",
];

/// Keys whose text is a proper name (countries, registries, programmes, standards, refrigerants)
/// and may be written as in English.
const NAMES: &[&str] = &[
    "o.sitecountry.",
    "o.enpurchcoregistry.",
    "o.sipindustryprogramsselect.",
    "o.ensourcepurcheactype.",
    "o.airrefrigtypes.",
    "o.ensbtmethod.",
];

/// Words a language writes as English does (checked per language, with its tag).
const SAME_WORDS: &[(&str, &str)] = &[("vi", "Ethanol")];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_map(path: &str) -> Option<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(root().join(path)).ok()?;
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn english_ui() -> BTreeMap<String, String> {
    read_map("src/ui/locales/en.json").expect("en.json")
}

fn english_bank() -> BTreeMap<String, String> {
    Bank::builtin().expect("built-in bank").texts()
}

fn ui_path(tag: &str) -> String {
    format!("src/ui/locales/{tag}.json")
}

fn bank_path(tag: &str) -> String {
    format!("src/bank/fem-2024/locales/{tag}.json")
}

/// A text that may equal the English: nothing left once placeholders, Ref IDs, kept words,
/// numbers and punctuation are taken out.
fn may_stay_english(text: &str, ref_ids: &BTreeSet<String>) -> bool {
    let mut rest = text.to_string();
    for p in placeholders(text) {
        rest = rest.replace(&format!("{{{p}}}"), " ");
    }
    rest.split(|c: char| c.is_whitespace() || ",.;:()[]/·–—-+%×=<>\"'“”".contains(c))
        .filter(|w| !w.is_empty())
        .all(|w| {
            KEEP.contains(&w)
                || ref_ids.contains(w)
                || !w.chars().any(char::is_alphabetic)
                || w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// Every problem of one part (ui or bank) of one language, one line each.
fn problems(
    tag: &str,
    part: &str,
    english: &BTreeMap<String, String>,
    translated: Option<&BTreeMap<String, String>>,
    ref_ids: &BTreeSet<String>,
) -> Vec<String> {
    let empty = BTreeMap::new();
    let translated = translated.unwrap_or(&empty);
    let mut out = Vec::new();
    for (key, en) in english {
        match translated.get(key) {
            None => out.push(format!("{tag} {part}: missing {key}: {en:?}")),
            Some(t) if t.trim().is_empty() => out.push(format!("{tag} {part}: empty {key}")),
            Some(t) if placeholders(t) != placeholders(en) => out.push(format!(
                "{tag} {part}: placeholders differ in {key}: {:?} in English, {:?} here",
                placeholders(en),
                placeholders(t)
            )),
            Some(t)
                if t == en
                    && !may_stay_english(en, ref_ids)
                    && !NAMES.iter().any(|p| key.starts_with(p))
                    && !SAME_WORDS.contains(&(tag, en.as_str())) =>
            {
                out.push(format!("{tag} {part}: same as English {key}: {en:?}"));
            }
            Some(_) => {}
        }
    }
    for key in translated.keys().filter(|k| !english.contains_key(*k)) {
        out.push(format!("{tag} {part}: no English text (stale key?) {key}"));
    }
    out
}

fn ref_ids(bank: &Bank) -> BTreeSet<String> {
    bank.questions().map(|(_, q)| q.id.clone()).collect()
}

fn language_problems(tag: &str) -> Vec<String> {
    let bank = Bank::builtin().unwrap();
    let ids = ref_ids(&bank);
    let ui = read_map(&ui_path(tag));
    let bank_texts = read_map(&bank_path(tag));
    let mut out = Vec::new();
    if ui.is_none() {
        out.push(format!("{tag}: no file {}", ui_path(tag)));
    }
    if bank_texts.is_none() {
        out.push(format!("{tag}: no file {}", bank_path(tag)));
    }
    out.extend(problems(tag, "ui", &english_ui(), ui.as_ref(), &ids));
    out.extend(problems(
        tag,
        "bank",
        &english_bank(),
        bank_texts.as_ref(),
        &ids,
    ));
    out
}

fn assert_complete(tag: &str) {
    let problems = language_problems(tag);
    assert!(
        problems.is_empty(),
        "{tag}: {} problems (docs/translating.md):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn simplified_chinese_is_complete() {
    assert_complete("zh-CN");
}

#[test]
fn vietnamese_is_complete() {
    assert_complete("vi");
}

#[test]
fn languages_are_named_in_themselves() {
    for (tag, name) in LANGUAGES {
        let ui = read_map(&ui_path(tag)).unwrap_or_default();
        assert_eq!(
            ui.get("language.self_name").map(String::as_str),
            Some(*name),
            "{tag}: language.self_name is the language's name in itself (the picker shows it)"
        );
    }
}

/// The pseudo-locale's two files, generated from English.
fn pseudo_files() -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let map = |m: BTreeMap<String, String>| {
        m.into_iter()
            .map(|(k, v)| {
                let text = if k == "language.self_name" {
                    "Ƥšéûđö".to_string()
                } else {
                    pseudo(&v)
                };
                (k, text)
            })
            .collect()
    };
    (map(english_ui()), map(english_bank()))
}

fn pretty(map: &BTreeMap<String, String>) -> String {
    serde_json::to_string_pretty(map).unwrap() + "\n"
}

/// `OPENFEM_UPDATE_PSEUDO=1 cargo test --test i18n` rewrites them after English changed.
#[test]
fn the_pseudo_locale_is_current() {
    let (ui, bank) = pseudo_files();
    let files = [
        (ui_path(PSEUDO), pretty(&ui)),
        (bank_path(PSEUDO), pretty(&bank)),
    ];
    if std::env::var_os("OPENFEM_UPDATE_PSEUDO").is_some() {
        for (path, text) in &files {
            let path = root().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }
    for (path, text) in &files {
        let committed = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        assert!(
            committed == *text,
            "{path} is not generated from the current English: run \
             OPENFEM_UPDATE_PSEUDO=1 cargo test --test i18n the_pseudo_locale_is_current"
        );
    }
}

/// The checks themselves work: the generated pseudo-locale passes them, and a copy with a
/// missing key, a renamed placeholder and an English text is caught, each by key.
#[test]
fn the_checks_pass_the_pseudo_locale_and_catch_each_fault() {
    let bank = Bank::builtin().unwrap();
    let ids = ref_ids(&bank);
    let (ui, bank_texts) = pseudo_files();
    assert_eq!(
        problems(PSEUDO, "ui", &english_ui(), Some(&ui), &ids),
        Vec::<String>::new()
    );
    assert_eq!(
        problems(PSEUDO, "bank", &english_bank(), Some(&bank_texts), &ids),
        Vec::<String>::new()
    );
    let mut broken = ui.clone();
    broken.remove("score.total");
    broken.insert("q.points".into(), "{diem} / {max}".into());
    broken.insert("report.print".into(), english_ui()["report.print"].clone());
    broken.insert("energy.mj".into(), english_ui()["energy.mj"].clone()); // "{value} MJ": allowed
    let found = problems("xx", "ui", &english_ui(), Some(&broken), &ids);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.iter().any(|p| p.contains("missing score.total")));
    assert!(found
        .iter()
        .any(|p| p.contains("placeholders differ in q.points")));
    assert!(found
        .iter()
        .any(|p| p.contains("same as English report.print")));
}

#[test]
fn the_pseudo_locale_renders_every_core_message_with_its_arguments() {
    let (ui, bank_texts) = pseudo_files();
    let doc = serde_json::json!({ "ui": ui, "bank": bank_texts }).to_string();
    let (locale, gaps) = Locale::parse(&doc, &english_ui(), Some(&english_bank())).unwrap();
    assert!(gaps.is_empty(), "{gaps:?}");
    for (key, english) in MESSAGES {
        assert!(locale.ui.contains_key(*key), "{key}");
        assert_ne!(locale.ui[*key], *english);
    }
    let m: Message = Why::Unanswered.message(0.0, 6.25);
    let text = locale.render(&m);
    // Points shown with the one precision of every figure: one decimal, a tie away from zero.
    assert!(text.contains("6.3") && text.starts_with('['), "{text}");
    assert!(!text.contains('{'), "{text}");
}

/// A language file on disk is a file drop: the build reads whatever `src/ui/locales` holds, and
/// `openfem score --locale` speaks it, with the same numbers and tokens.
#[test]
fn openfem_score_speaks_a_language_with_the_same_numbers() {
    let answers = root().join("target/i18n-test-answers.json");
    std::fs::create_dir_all(answers.parent().unwrap()).unwrap();
    let doc = serde_json::json!({
        "format": "openfem-answers", "version": 1, "bank": "fem-2024",
        "answers": { "ensourceheader": ["electricpurch"] }
    });
    std::fs::write(&answers, doc.to_string()).unwrap();
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_openfem"))
            .arg("score")
            .args(extra)
            .arg(&answers)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let english = run(&[]);
    let pseudo = run(&["--locale", PSEUDO]);
    let mut whys = 0;
    let (mut en_numbers, mut ps_numbers) = (english.clone(), pseudo.clone());
    for (s, section) in english["sections"].as_array().unwrap().iter().enumerate() {
        assert_ne!(section["title"], pseudo["sections"][s]["title"]);
        for (q, question) in section["questions"].as_array().unwrap().iter().enumerate() {
            let translated = &pseudo["sections"][s]["questions"][q]["why"];
            assert_ne!(question["why"], *translated);
            assert!(
                translated.as_str().unwrap().starts_with('['),
                "{translated}"
            );
            whys += 1;
            en_numbers["sections"][s]["questions"][q]["why"] = serde_json::Value::Null;
            ps_numbers["sections"][s]["questions"][q]["why"] = serde_json::Value::Null;
        }
        en_numbers["sections"][s]["title"] = serde_json::Value::Null;
        ps_numbers["sections"][s]["title"] = serde_json::Value::Null;
    }
    assert!(whys > 50, "{whys}");
    strip_texts(&mut en_numbers);
    strip_texts(&mut ps_numbers);
    assert_eq!(en_numbers, ps_numbers, "only texts differ");

    let out = Command::new(env!("CARGO_BIN_EXE_openfem"))
        .args(["score", "--locale", "tlh"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no locale \"tlh\" (available: en,"));
}

/// Every string value set to null: what remains are numbers, booleans, ids' structure.
fn strip_texts(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) if !s.is_ascii() || s.contains(' ') => {
            *v = serde_json::Value::Null;
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_texts),
        serde_json::Value::Object(o) => o.values_mut().for_each(strip_texts),
        _ => {}
    }
}
