//! The posted package: what a facility posts at 100% and sends to a brand, one JSON file
//! (`.ofem.json`, `docs/package-format.md`). It holds the answers, the bank id and version, the
//! score document, the time of posting (given by the caller: the core has no clock) and a
//! SHA-256 over the canonical form of all of that. [`verify`] recomputes the score with the bank
//! version the package names, checks the hash and names every mismatch.
//!
//! The hash shows that nothing changed since posting; it is not a signature: whoever alters a
//! package can recompute it. A score that does not follow from the answers is still caught by
//! the recomputation.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::{validate_in, Answers, Dismissals};
use super::bank::Bank;
use super::evidence::EvidenceFile;
use super::json;
use super::message::{Arg, Message};
use super::score_document::score_report;
use crate::sha256::{hex, sha256};

pub const PACKAGE_FORMAT: &str = "openfem-package";
/// The newest package version this OpenFEM writes and reads. A package without evidence files
/// is written as version 1, exactly as before evidence existed (its hash unchanged); one that
/// lists evidence is version 2, so an older OpenFEM says "update OpenFEM" instead of
/// refusing an unknown key.
pub const PACKAGE_VERSION: u32 = 2;
/// The version of a package that lists no evidence.
const VERSION_WITHOUT_EVIDENCE: u32 = 1;

/// Two scores differing by less than this (relative) are the same: a browser and a server may
/// round the last bit of a sum differently; an altered score differs by far more.
const SCORE_TOLERANCE: f64 = 1e-9;

/// A posted package. Field order is the order a person reads the file in; the hash does not
/// depend on it (see [`canonical_json`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub format: String,
    pub version: u32,
    pub bank: String,
    pub bank_version: String,
    /// ISO 8601 time of posting (UTC), as the shell's clock gave it.
    pub posted_at: String,
    pub answers: Answers,
    /// Data checks dismissed with a note for the verifier (as in the answers document).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub dismissed_checks: Dismissals,
    /// The evidence files attached when posted (name, size, SHA-256, question), sorted by
    /// question and name; absent when none. Inside the hash: a file swapped for another is a
    /// changed package.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceFile>,
    /// The score document (`openfem score`) of the answers, computed when posted.
    pub score: Value,
    /// Lower-case hexadecimal SHA-256 of [`Package::canonical`].
    pub sha256: String,
}

impl Package {
    /// Posts `answers` (with the data checks dismissed and the evidence files attached) against
    /// `bank` at `posted_at`: the score document and the hash. `bank` must be the bank in its
    /// own language (the score document's texts are English).
    pub fn post(
        bank: &Bank,
        answers: &Answers,
        dismissed_checks: &Dismissals,
        evidence: &[EvidenceFile],
        posted_at: &str,
    ) -> Package {
        let score = serde_json::to_value(score_report(bank, answers)).expect("score serialises");
        let mut evidence = evidence.to_vec();
        evidence.sort();
        let mut package = Package {
            format: PACKAGE_FORMAT.into(),
            version: if evidence.is_empty() {
                VERSION_WITHOUT_EVIDENCE
            } else {
                PACKAGE_VERSION
            },
            bank: bank.id.clone(),
            bank_version: bank.version.clone(),
            posted_at: posted_at.into(),
            answers: answers.clone(),
            dismissed_checks: dismissed_checks.clone(),
            evidence,
            score,
            sha256: String::new(),
        };
        package.sha256 = package.digest();
        package
    }

    /// The canonical form the hash is taken over: the package without its `sha256` key, as
    /// [`canonical_json`] writes it.
    pub fn canonical(&self) -> String {
        let mut value = serde_json::to_value(self).expect("package serialises");
        if let Value::Object(map) = &mut value {
            map.remove("sha256");
        }
        canonical_json(&value)
    }

    /// The SHA-256 of the canonical form, in lower-case hexadecimal.
    pub fn digest(&self) -> String {
        hex(&sha256(self.canonical().as_bytes()))
    }

    /// Reads a package file (strict JSON: a repeated key is refused). Only the envelope is
    /// checked here; [`verify`] checks the contents.
    pub fn parse(text: &str) -> Result<Package, PackageError> {
        let value = json::parse(text).map_err(|e| PackageError::new(&e.path, e.why))?;
        let Value::Object(obj) = &value else {
            return Err(PackageError::new("$", msg("answers.not_object", vec![])));
        };
        match obj.get("format").and_then(Value::as_str) {
            Some(PACKAGE_FORMAT) => {}
            Some("openfem-answers") => {
                return Err(PackageError::new(
                    "format",
                    msg("package.is_answers", vec![]),
                ))
            }
            Some(other) => {
                return Err(PackageError::new(
                    "format",
                    msg(
                        "answers.format_other",
                        vec![
                            ("expected", Arg::Text(PACKAGE_FORMAT.into())),
                            ("found", Arg::Text(other.into())),
                        ],
                    ),
                ))
            }
            None => {
                return Err(PackageError::new(
                    "format",
                    msg(
                        "answers.format_missing",
                        vec![("expected", Arg::Text(PACKAGE_FORMAT.into()))],
                    ),
                ))
            }
        }
        match obj.get("version").and_then(Value::as_u64) {
            Some(v) if v > u64::from(PACKAGE_VERSION) => {
                return Err(PackageError::new(
                    "version",
                    msg(
                        "answers.version_newer",
                        vec![
                            ("found", Arg::Number(v as f64)),
                            ("supported", Arg::Number(f64::from(PACKAGE_VERSION))),
                        ],
                    ),
                ))
            }
            Some(_) => {}
            None => {
                return Err(PackageError::new(
                    "version",
                    msg("answers.version_missing", vec![]),
                ))
            }
        }
        serde_json::from_value(value).map_err(|e| {
            PackageError::new(
                "$",
                msg(
                    "package.envelope",
                    vec![("detail", Arg::Text(e.to_string()))],
                ),
            )
        })
    }

    /// The file a facility sends: indented JSON (the hash does not depend on the layout).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("package serialises")
    }

    /// The score document's total, if it has one.
    pub fn total(&self) -> Option<f64> {
        self.score.get("total").and_then(Value::as_f64)
    }
}

/// A package file that cannot be read as one, with the JSON path.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageError {
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
    /// The same, translatable (the widget shows it in its language).
    pub why: Message,
}

impl PackageError {
    pub(crate) fn new(path: &str, why: Message) -> PackageError {
        PackageError {
            path: path.into(),
            message: why.english(),
            why,
        }
    }
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for PackageError {}

fn msg(key: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
    Message::new(key, args)
}

/// JSON with no whitespace, object keys sorted by their UTF-8 bytes at every depth, strings
/// escaped and numbers written as `serde_json` writes them (integers as integers, other numbers
/// in the shortest form that reads back to the same `f64`). Arrays keep their order.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// One way a package differs from what its contents say.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// No bank known to the checker has this id and version: the score cannot be recomputed.
    UnknownBank {
        bank: String,
        version: String,
        known: Vec<String>,
    },
    /// The stored hash is not the hash of the contents: something changed after posting.
    Hash { stored: String, computed: String },
    /// An answer the bank does not accept (unknown Ref ID, wrong kind, out of range): `message`
    /// in English, `why` translatable.
    Answer {
        path: String,
        message: String,
        why: Message,
    },
    /// A figure of the stored score differs from the score recomputed from the answers. `path`
    /// names sections and questions by id (`score.sections.ems.questions.emsmgmt.points`).
    Score {
        path: String,
        stored: String,
        recomputed: String,
    },
    /// The answers are not complete: only a complete assessment is posted.
    Incomplete { missing: Vec<String> },
    /// An evidence file the package lists is not there (`path`: `evidence/<Ref ID>/<name>`).
    EvidenceMissing { path: String },
    /// An evidence file differs from what the package records (`what`: its size or SHA-256).
    EvidenceChanged {
        path: String,
        stored: String,
        found: String,
    },
    /// A file under `evidence/` in a bundle that the package does not list.
    EvidenceUnlisted { path: String },
    /// An evidence entry for no question of the bank, or with a name that is not a plain file
    /// name (`clean_name` would change it).
    EvidenceEntry { path: String },
    /// A mismatch of the posted package inside a verified package (`review`).
    Posted(Box<Mismatch>),
    /// A verified package's own hash is not the hash of its contents.
    VerifiedHash { stored: String, computed: String },
    /// A review decision that cannot stand (a correction the bank refuses, one without a
    /// comment…), named by its path in the verified package.
    Review {
        path: String,
        message: String,
        why: Message,
    },
    /// A figure of the verified score differs from the score of the corrected answers.
    VerifiedScore {
        path: String,
        stored: String,
        recomputed: String,
    },
}

impl Mismatch {
    /// What differs, translatable (the widget shows it in its language; the CLI in English).
    pub fn message(&self) -> Message {
        let text = |s: &str| Arg::Text(s.to_string());
        match self {
            Mismatch::UnknownBank {
                bank,
                version,
                known,
            } => msg(
                "verify.unknown_bank",
                vec![
                    ("bank", text(bank)),
                    ("version", text(version)),
                    ("known", text(&known.join(", "))),
                ],
            ),
            Mismatch::Hash { stored, computed } => msg(
                "verify.hash",
                vec![("stored", text(stored)), ("computed", text(computed))],
            ),
            Mismatch::Answer { path, why, .. } => msg(
                "verify.answer",
                vec![
                    ("path", text(path)),
                    ("why", Arg::Message(Box::new(why.clone()))),
                ],
            ),
            Mismatch::Score {
                path,
                stored,
                recomputed,
            } => msg(
                "verify.score",
                vec![
                    ("path", text(path)),
                    ("stored", text(stored)),
                    ("recomputed", text(recomputed)),
                ],
            ),
            Mismatch::Incomplete { missing } => msg(
                "verify.incomplete",
                vec![
                    ("count", text(&missing.len().to_string())),
                    ("missing", text(&missing.join(", "))),
                ],
            ),
            Mismatch::EvidenceMissing { path } => {
                msg("verify.evidence_missing", vec![("path", text(path))])
            }
            Mismatch::EvidenceChanged {
                path,
                stored,
                found,
            } => msg(
                "verify.evidence_changed",
                vec![
                    ("path", text(path)),
                    ("stored", text(stored)),
                    ("found", text(found)),
                ],
            ),
            Mismatch::EvidenceUnlisted { path } => {
                msg("verify.evidence_unlisted", vec![("path", text(path))])
            }
            Mismatch::EvidenceEntry { path } => {
                msg("verify.evidence_entry", vec![("path", text(path))])
            }
            Mismatch::Posted(inner) => msg(
                "review.verify_posted",
                vec![("why", Arg::Message(Box::new(inner.message())))],
            ),
            Mismatch::VerifiedHash { stored, computed } => msg(
                "review.verify_hash",
                vec![("stored", text(stored)), ("computed", text(computed))],
            ),
            Mismatch::Review { path, why, .. } => msg(
                "review.verify_decision",
                vec![
                    ("path", text(path)),
                    ("why", Arg::Message(Box::new(why.clone()))),
                ],
            ),
            Mismatch::VerifiedScore {
                path,
                stored,
                recomputed,
            } => msg(
                "review.verify_score",
                vec![
                    ("path", text(path)),
                    ("stored", text(stored)),
                    ("recomputed", text(recomputed)),
                ],
            ),
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english())
    }
}

/// Checks a package against the banks the checker knows: the hash, each answer, and the score
/// recomputed with the bank version the package names. Empty: the package is intact.
pub fn verify(package: &Package, banks: &[&Bank]) -> Vec<Mismatch> {
    let mut found = Vec::new();
    let computed = package.digest();
    if computed != package.sha256 {
        found.push(Mismatch::Hash {
            stored: package.sha256.clone(),
            computed,
        });
    }
    let Some(bank) = banks
        .iter()
        .find(|b| b.id == package.bank && b.version == package.bank_version)
    else {
        found.push(Mismatch::UnknownBank {
            bank: package.bank.clone(),
            version: package.bank_version.clone(),
            known: banks
                .iter()
                .map(|b| format!("{} {}", b.id, b.version))
                .collect(),
        });
        return found;
    };
    for (id, value) in package.answers.iter() {
        let path = format!("answers.{id}");
        let checked = match bank.question(id) {
            Some(q) => validate_in(bank, &q.answer, value, &path),
            None => Err(super::answers::AnswerError::new(
                path.clone(),
                msg("answers.unknown_ref", vec![]),
            )),
        };
        if let Err(e) = checked {
            found.push(Mismatch::Answer {
                path: e.path,
                message: e.message,
                why: e.why,
            });
        }
    }
    for file in &package.evidence {
        if bank.question(&file.question).is_none()
            || file.name.is_empty()
            || super::evidence::clean_name(&file.name) != file.name
        {
            found.push(Mismatch::EvidenceEntry { path: file.path() });
        }
    }
    let report = score_report(bank, &package.answers);
    if !report.assessment.can_post {
        found.push(Mismatch::Incomplete {
            missing: report
                .assessment
                .completion
                .missing
                .iter()
                .map(|s| s.to_string())
                .collect(),
        });
    }
    let recomputed = serde_json::to_value(&report).expect("score serialises");
    diff("score", &package.score, &recomputed, &mut found);
    found
}

/// Checks the evidence files a package lists against the files found: `file(path)` gives the
/// bytes at `evidence/<Ref ID>/<name>` (from a bundle, or beside the package file), `None` when
/// there is none. Each file's size and SHA-256 must be the recorded ones. `others`: paths under
/// `evidence/` that were found but are not listed (a bundle's extra entries), each named.
pub fn verify_evidence(
    package: &Package,
    file: impl Fn(&str) -> Option<Vec<u8>>,
    others: &[String],
) -> Vec<Mismatch> {
    let mut found = Vec::new();
    for listed in &package.evidence {
        let path = listed.path();
        let Some(bytes) = file(&path) else {
            found.push(Mismatch::EvidenceMissing { path });
            continue;
        };
        let size = bytes.len() as u64;
        if size != listed.size {
            found.push(Mismatch::EvidenceChanged {
                path: path.clone(),
                stored: format!("{} bytes", listed.size),
                found: format!("{size} bytes"),
            });
        }
        let digest = hex(&sha256(&bytes));
        if digest != listed.sha256 {
            found.push(Mismatch::EvidenceChanged {
                path,
                stored: format!("sha256 {}", listed.sha256),
                found: format!("sha256 {digest}"),
            });
        }
    }
    for path in others {
        if !package.evidence.iter().any(|f| f.path() == *path) {
            found.push(Mismatch::EvidenceUnlisted { path: path.clone() });
        }
    }
    found
}

/// The differing figures of two score documents under `path`, as [`Mismatch::Score`]s (the
/// verified package's check compares its verified score this way).
pub(crate) fn diff_scores(
    path: &str,
    stored: &Value,
    recomputed: &Value,
    found: &mut Vec<Mismatch>,
) {
    diff(path, stored, recomputed, found);
}

/// The differing figures of two score documents, named by path. Arrays of objects with an `id`
/// are matched by id, so a mismatch names its section and question.
fn diff(path: &str, stored: &Value, recomputed: &Value, found: &mut Vec<Mismatch>) {
    let mut differ = || {
        found.push(Mismatch::Score {
            path: path.to_string(),
            stored: short(stored),
            recomputed: short(recomputed),
        })
    };
    match (stored, recomputed) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            if (a - b).abs() > SCORE_TOLERANCE * a.abs().max(b.abs()).max(1.0) || a.is_nan() {
                differ();
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let at = format!("{path}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => diff(&at, x, y, found),
                    (x, y) => found.push(Mismatch::Score {
                        path: at,
                        stored: x.map_or("nothing".into(), short),
                        recomputed: y.map_or("nothing".into(), short),
                    }),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let id = |v: &Value| v.get("id").and_then(Value::as_str).map(str::to_string);
            let by_id = a.iter().chain(b).all(|v| id(v).is_some());
            if by_id {
                for x in a {
                    let key = id(x).unwrap_or_default();
                    match b.iter().find(|y| id(y).as_deref() == Some(&key)) {
                        Some(y) => diff(&format!("{path}.{key}"), x, y, found),
                        None => found.push(Mismatch::Score {
                            path: format!("{path}.{key}"),
                            stored: "present".into(),
                            recomputed: "nothing".into(),
                        }),
                    }
                }
                for y in b {
                    let key = id(y).unwrap_or_default();
                    if !a.iter().any(|x| id(x).as_deref() == Some(&key)) {
                        found.push(Mismatch::Score {
                            path: format!("{path}.{key}"),
                            stored: "nothing".into(),
                            recomputed: "present".into(),
                        });
                    }
                }
            } else if a.len() != b.len() {
                differ();
            } else {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    diff(&format!("{path}[{i}]"), x, y, found);
                }
            }
        }
        (a, b) if a == b => {}
        _ => differ(),
    }
}

/// A value in a message: as JSON, cut at 80 characters.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth_without_whitespace() {
        let v = json!({"b": [3, {"z": 1.5, "a": "x\"y"}], "a": null, "ä": true, "Z": 10});
        assert_eq!(
            canonical_json(&v),
            r#"{"Z":10,"a":null,"b":[3,{"a":"x\"y","z":1.5}],"ä":true}"#
        );
    }

    #[test]
    fn a_score_diff_names_the_question() {
        let a = json!({"total": 50.0, "sections": [{"id": "ems", "questions": [{"id": "emsmgmt", "points": 2.0}]}]});
        let b = json!({"total": 50.0, "sections": [{"id": "ems", "questions": [{"id": "emsmgmt", "points": 0.0}]}]});
        let mut found = Vec::new();
        diff("score", &a, &b, &mut found);
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .to_string()
            .contains("score.sections.ems.questions.emsmgmt.points: the package says 2.0"));
    }
}
