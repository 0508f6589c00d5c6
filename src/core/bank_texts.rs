//! The bank's translatable texts by overlay key (docs/bank-format.md, "Localisation"), found in
//! a bank document read as JSON. One key scheme for everything that translates a bank: build.rs
//! writes the built-in bank in each language with it (`data/bank-<tag>.<hash>.json`, so the
//! widget never merges an overlay), and the core's `Bank::texts` and `Bank::localize` (the CLI,
//! the tests) use it. Depends on `serde_json` only: build.rs includes this file as it is.

use std::collections::BTreeMap;

use serde_json::Value;

/// The help fields of a question that are one text, in the order they are visited (then
/// `evidence`, one text or a checklist).
const HELP_FIELDS: [&str; 6] = ["intent", "yes", "partial", "no", "na", "guidance"];

/// Calls `f` with the overlay key and the text of every translatable text of `bank` (a bank
/// document: the header with its `sections`), in bank order; `f` may change the text. Keys:
/// `z.<gate>.why|fix`, `s.<section>.title`, `s.<section>.weights.<i>.why`, `q.<ref>.prompt`,
/// `q.<ref>.case.<i>`, `q.<ref>.help.<field>`, `q.<ref>.help.evidence[.<i>]` (one text, or a
/// checklist's items), `o.<ref>.<option>` (options and fixed rows),
/// `c.<ref>.<column>`, `o.<ref>.<column>.<option>`.
pub fn visit(bank: &mut Value, f: &mut dyn FnMut(&str, &mut String)) {
    for gate in items(bank, "zero_if") {
        let id = id(gate, "id");
        text(f, &format!("z.{id}.why"), gate.get_mut("why"));
        text(f, &format!("z.{id}.fix"), gate.get_mut("fix"));
    }
    for section in items(bank, "sections") {
        let sid = id(section, "id");
        text(f, &format!("s.{sid}.title"), section.get_mut("title"));
        for (i, profile) in items(section, "weights").enumerate() {
            text(
                f,
                &format!("s.{sid}.weights.{i}.why"),
                profile.get_mut("why"),
            );
        }
        for q in items(section, "questions") {
            let qid = id(q, "ref");
            text(f, &format!("q.{qid}.prompt"), q.get_mut("prompt"));
            if let Some(score) = q.get_mut("score") {
                if score.get("rule").and_then(Value::as_str) == Some("cases") {
                    for (i, case) in items(score, "cases").enumerate() {
                        text(f, &format!("q.{qid}.case.{i}"), case.get_mut("why"));
                    }
                }
            }
            if let Some(help) = q.get_mut("help") {
                for field in HELP_FIELDS {
                    text(f, &format!("q.{qid}.help.{field}"), help.get_mut(field));
                }
                // A checklist's items by position; evidence written as one text keeps the key it
                // had before lists existed, so a portal's translations of it still apply.
                let key = format!("q.{qid}.help.evidence");
                match help.get_mut("evidence") {
                    Some(Value::Array(items)) => {
                        for (i, item) in items.iter_mut().enumerate() {
                            text(f, &format!("{key}.{i}"), Some(item));
                        }
                    }
                    one => text(f, &key, one),
                }
            }
            let Some(answer) = q.get_mut("answer") else {
                continue;
            };
            options(f, &format!("o.{qid}"), answer);
            if answer.get("type").and_then(Value::as_str) == Some("table") {
                if let Some(rows) = answer.get_mut("rows") {
                    for row in items(rows, "fixed") {
                        let rid = id(row, "id");
                        text(f, &format!("o.{qid}.{rid}"), row.get_mut("label"));
                    }
                }
                for column in items(answer, "columns") {
                    let cid = id(column, "id");
                    text(f, &format!("c.{qid}.{cid}"), column.get_mut("label"));
                    if let Some(answer) = column.get_mut("answer") {
                        options(f, &format!("o.{qid}.{cid}"), answer);
                    }
                }
            }
        }
    }
}

/// Every translatable text of `bank` by its overlay key.
pub fn texts(bank: &Value) -> BTreeMap<String, String> {
    let mut copy = bank.clone();
    let mut out = BTreeMap::new();
    visit(&mut copy, &mut |key, text| {
        out.insert(key.to_string(), text.clone());
    });
    out
}

/// Replaces each text of `bank` that `overlay` has a text for (keys that name nothing are
/// ignored; texts the overlay lacks stay as they are).
pub fn localize(bank: &mut Value, overlay: &BTreeMap<String, String>) {
    visit(bank, &mut |key, text| {
        if let Some(t) = overlay.get(key) {
            t.clone_into(text);
        }
    });
}

/// The labels of a single or multiple choice answer's options (`<prefix>.<option>`).
fn options(f: &mut dyn FnMut(&str, &mut String), prefix: &str, answer: &mut Value) {
    if matches!(
        answer.get("type").and_then(Value::as_str),
        Some("single" | "multi")
    ) {
        for option in items(answer, "options") {
            let oid = id(option, "id");
            text(f, &format!("{prefix}.{oid}"), option.get_mut("label"));
        }
    }
}

fn text(f: &mut dyn FnMut(&str, &mut String), key: &str, value: Option<&mut Value>) {
    if let Some(Value::String(text)) = value {
        f(key, text);
    }
}

fn items<'a>(value: &'a mut Value, key: &str) -> impl Iterator<Item = &'a mut Value> {
    value
        .get_mut(key)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
}

fn id(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}
