//! The widget's strings: every key the UI asks for (`t("…")`, `tf("…", …)`) is in
//! `src/ui/locales/en.json`, every key there is used, and the core's message keys (why sentences,
//! number range and plausibility messages) are there with the same English as the CLI prints.
//! Native: reads the sources as text, so it runs with `cargo test` (the UI itself is wasm-only).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use openfem::core::answers::{number_error_message, number_warning_message};
use openfem::core::bank::{AnswerSpec, Token};
use openfem::core::datachecks::DATA_CHECK_MESSAGES;
use openfem::core::message::{Arg, Message, MESSAGES};
use openfem::core::points::Why;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn en() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("src/ui/locales/en.json")).unwrap();
    serde_json::from_str(&text).expect("en.json is a flat object of strings")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of a Rust source, each with the few characters before its opening quote
/// (enough to see `t(` or `tf(`, and what precedes them). Comments are skipped; raw strings are rare in the UI.
fn literals(src: &str) -> Vec<(String, String)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            // A char literal such as '"' or '{' (lifetimes have no closing quote nearby).
            b'\'' if b.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if b.get(i + 1) == Some(&b'\\') && b.get(i + 3) == Some(&b'\'') => i += 4,
            b'"' => {
                let head = src[..i].trim_end();
                let before = head[head.len().saturating_sub(5)..].to_string();
                let mut j = i + 1;
                let mut text = String::new();
                while j < b.len() && b[j] != b'"' {
                    if b[j] == b'\\' {
                        j += 1;
                    }
                    text.push(b[j] as char);
                    j += 1;
                }
                out.push((before, text));
                i = j + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// `before` ends with a call of `name` (`t(`, not `split(`).
fn is_call(before: &str, name: &str) -> bool {
    before.strip_suffix(name).is_some_and(|rest| {
        !rest
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

fn is_key_like(s: &str) -> bool {
    s.contains('.')
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

struct Usage {
    /// Keys passed literally to `t`/`tf`, with the file that asks for them.
    asked: BTreeMap<String, String>,
    /// Every key-like literal (keys kept in tables, then passed to `t`).
    literal: BTreeSet<String>,
    /// Prefixes of keys built at run time: `format!("token.{}", …)`.
    prefixes: BTreeSet<String>,
}

fn usage() -> Usage {
    let mut files = Vec::new();
    rust_files(&root().join("src/ui"), &mut files);
    assert!(!files.is_empty());
    let mut u = Usage {
        asked: BTreeMap::new(),
        literal: BTreeSet::new(),
        prefixes: BTreeSet::new(),
    };
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        for (before, text) in literals(&src) {
            if is_call(&before, "t(") || is_call(&before, "tf(") {
                if is_key_like(&text) {
                    u.asked.insert(text.clone(), name.clone());
                } else if let Some(prefix) = text.split('{').next().filter(|p| p.ends_with('.')) {
                    u.prefixes.insert(prefix.to_string());
                }
            }
            if let Some(prefix) = text
                .strip_suffix("{}")
                .or_else(|| text.split("{").next().filter(|_| text.contains('{')))
                .filter(|p| {
                    p.ends_with('.')
                        && p.chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                })
            {
                u.prefixes.insert(prefix.to_string());
            }
            if is_key_like(&text) {
                u.literal.insert(text);
            }
        }
    }
    u
}

#[test]
fn every_key_the_ui_asks_for_is_in_en_json() {
    let en = en();
    let u = usage();
    assert!(
        u.asked.len() > 50,
        "scanner found too few keys: {:?}",
        u.asked
    );
    let missing: Vec<_> = u
        .asked
        .iter()
        .filter(|(k, _)| !en.contains_key(*k))
        .map(|(k, f)| format!("{k} (asked in {f})"))
        .collect();
    assert!(
        missing.is_empty(),
        "keys missing from en.json: {missing:#?}"
    );
}

#[test]
fn en_json_has_no_unused_keys() {
    let u = usage();
    let core: BTreeSet<&str> = MESSAGES
        .iter()
        .chain(DATA_CHECK_MESSAGES)
        .map(|(k, _)| *k)
        .collect();
    let unused: Vec<String> = en()
        .into_keys()
        .filter(|k| {
            !u.literal.contains(k)
                && !core.contains(k.as_str())
                && !u.prefixes.iter().any(|p| k.starts_with(p.as_str()))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "keys in en.json that nothing uses: {unused:#?}"
    );
}

#[test]
fn core_message_keys_are_in_en_json_with_the_cli_english() {
    let en = en();
    for (key, english) in MESSAGES {
        assert_eq!(en.get(*key).map(String::as_str), Some(*english), "{key}");
    }
    // Token arguments are shown by the widget's token labels.
    for token in [
        Token::Yes,
        Token::Partial,
        Token::No,
        Token::Na,
        Token::Unknown,
    ] {
        assert!(en.contains_key(&format!("token.{}", token.as_str())));
    }
}

/// What the widget does with a core message: the template from the locale file, the arguments
/// filled in (tokens by their label).
fn render(m: &Message, strings: &BTreeMap<String, String>) -> String {
    let template = strings.get(m.key).expect(m.key);
    m.fill(template, |a| match a {
        Arg::Token(t) => strings[&format!("token.{}", t.as_str())].clone(),
        other => other.english(),
    })
}

#[test]
fn why_messages_render_from_en_json_as_the_cli_sentences() {
    let en = en();
    let cases = [
        (Why::NotScored, 0.0, 0.0),
        (Why::Unanswered, 0.0, 6.25),
        (
            Why::Token {
                token: Token::Partial,
                fraction: 0.5,
            },
            3.125,
            6.25,
        ),
        (
            Why::Token {
                token: Token::Yes,
                fraction: 1.0,
            },
            25.0,
            25.0,
        ),
        (
            Why::Token {
                token: Token::No,
                fraction: 1.0,
            },
            10.0,
            10.0,
        ),
        (
            Why::Token {
                token: Token::Unknown,
                fraction: 0.0,
            },
            0.0,
            12.5,
        ),
        (Why::NaUnscored, 0.0, 0.0),
        (Why::NaFull, 5.0, 5.0),
        (Why::UnscoredIf, 0.0, 0.0),
        (
            Why::Case("A target covers {max} of energy".into()),
            1.0 / 3.0,
            1.0,
        ),
        (Why::NoCase, 0.0, 8.0),
        (Why::Capped, 0.0, 16.666_666),
    ];
    let mut seen = BTreeSet::new();
    for (why, points, max) in cases {
        let m = why.message(points, max);
        seen.insert(m.key);
        assert_eq!(render(&m, &en), why.sentence(points, max), "{why:?}");
    }
    assert_eq!(
        Why::Capped.sentence(0.0, 16.666_666),
        "Level 1 is not achieved, so this level adds nothing (the section is capped at its Level 1 points): 0.0 of 16.7"
    );
    // An argument's own braces are not placeholders.
    assert_eq!(
        Why::Case("A target covers {max} of energy".into()).sentence(0.333, 1.0),
        "A target covers {max} of energy: 0.3 of 1.0"
    );
    let why_keys: BTreeSet<&str> = MESSAGES
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| k.starts_with("why."))
        .collect();
    assert_eq!(seen, why_keys, "one case per why key");
}

#[test]
fn number_messages_render_from_en_json_as_before() {
    let en = en();
    let spec: AnswerSpec = serde_json::from_value(serde_json::json!({
        "type": "number", "min": 0, "max": 100, "integer": true, "warn_above": 90, "warn_below": 0.5
    }))
    .unwrap();
    let year: AnswerSpec = serde_json::from_value(serde_json::json!({"type": "year"})).unwrap();
    let err = |s: &AnswerSpec, n: f64| number_error_message(s, n).map(|m| render(&m, &en));
    let warn = |s: &AnswerSpec, n: f64| number_warning_message(s, n).map(|m| render(&m, &en));
    assert_eq!(err(&spec, -1.0).as_deref(), Some("must be at least 0"));
    assert_eq!(err(&spec, 101.0).as_deref(), Some("must be at most 100"));
    assert_eq!(err(&spec, 1.5).as_deref(), Some("must be a whole number"));
    assert_eq!(err(&spec, f64::NAN).as_deref(), Some("not a finite number"));
    assert_eq!(err(&year, 1900.0).as_deref(), Some("must be at least 1950"));
    assert_eq!(err(&spec, 50.0), None);
    assert_eq!(
        warn(&spec, 95.0).as_deref(),
        Some("unusually high (above 90): please check the number and its unit")
    );
    assert_eq!(
        warn(&spec, 0.25).as_deref(),
        Some("unusually low (below 0.5): please check the number and its unit")
    );
    // The English API is unchanged.
    assert_eq!(
        openfem::core::answers::number_error(&spec, -1.0).as_deref(),
        Some("must be at least 0")
    );
}
