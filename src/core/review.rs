//! A verifier's review of a posted package (`docs/review.md`): per question, Accept or Correct
//! (a new answer, with a comment saying why). The corrected answers are the facility's answers
//! with the corrections applied; the verified score is their score document, computed by the
//! same `evaluate` as the self-assessed one. [`compare`] sets the two side by side per question,
//! level and section, and lists the differences.
//!
//! The verified package holds the posted package unchanged (its own hash still checks), the
//! review, the verified score and a SHA-256 over the canonical form of all of it (the same
//! canonical JSON as the posted package). [`verify_verified`] checks the inner package as
//! `posting::verify` does, each decision, the verified score recomputed from the corrected
//! answers, and the outer hash.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::{is_answered, is_filled, validate_in, AnswerError, Answers};
use super::assess::Assessment;
use super::bank::Bank;
use super::json;
use super::message::{Arg, Message};
use super::posting::{canonical_json, diff_scores, verify, Mismatch, Package, PackageError};
use super::score_document::score_report;
use crate::sha256::{hex, sha256};

pub const VERIFIED_FORMAT: &str = "openfem-verified-package";
pub const VERIFIED_VERSION: u32 = 1;

/// Points closer than this are the same (two sums of the same figures in another order).
const SAME: f64 = 1e-9;

/// The verifier's decision on one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "lowercase", deny_unknown_fields)]
pub enum Decision {
    /// The facility's answer stands. A comment is optional.
    Accept {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        comment: String,
    },
    /// The verifier's answer replaces the facility's. The comment (why) is required: a brand
    /// reading a changed score must be able to see the reason for each change.
    Correct { answer: Value, comment: String },
}

impl Decision {
    pub fn comment(&self) -> &str {
        match self {
            Decision::Accept { comment } | Decision::Correct { comment, .. } => comment,
        }
    }

    pub fn correction(&self) -> Option<&Value> {
        match self {
            Decision::Correct { answer, .. } => Some(answer),
            Decision::Accept { .. } => None,
        }
    }
}

/// A review: who reviewed, when (the caller's clock: the core has none) and the decisions by
/// Ref ID. A question with no decision keeps the facility's answer but is not reviewed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub reviewer: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// ISO 8601 UTC time the review was exported.
    pub reviewed_at: String,
    pub decisions: BTreeMap<String, Decision>,
}

impl Review {
    /// The facility's answers with every correction applied.
    pub fn corrected_answers(&self, package: &Package) -> Answers {
        let mut answers = package.answers.clone();
        for (id, decision) in &self.decisions {
            if let Some(answer) = decision.correction() {
                answers.set(id.clone(), answer.clone());
            }
        }
        answers
    }

    /// How many decisions are corrections.
    pub fn corrections(&self) -> usize {
        self.decisions
            .values()
            .filter(|d| d.correction().is_some())
            .count()
    }

    /// Every decision that cannot stand, named by path (`review.decisions.<Ref ID>…`): a Ref ID
    /// the bank does not know, a correction the bank refuses (as it would refuse the answer in
    /// an answers document), one that leaves the answer as it was or empty, a correction
    /// without a comment, and a reviewer without a name.
    pub fn problems(&self, bank: &Bank, package: &Package) -> Vec<AnswerError> {
        let mut found = Vec::new();
        if !is_filled(&self.reviewer) {
            found.push(AnswerError::new(
                "review.reviewer".into(),
                Message::new("review.no_reviewer", vec![]),
            ));
        }
        for (id, decision) in &self.decisions {
            let path = format!("review.decisions.{id}");
            let Some(question) = bank.question(id) else {
                found.push(AnswerError::new(
                    path,
                    Message::new("answers.unknown_ref", vec![]),
                ));
                continue;
            };
            let Decision::Correct { answer, comment } = decision else {
                continue;
            };
            let at = format!("{path}.answer");
            if !is_answered(answer) {
                found.push(AnswerError::new(
                    at,
                    Message::new("review.empty_correction", vec![]),
                ));
            } else if let Err(e) = validate_in(bank, &question.answer, answer, &at) {
                found.push(e);
            } else if package.answers.get(id) == Some(answer) {
                found.push(AnswerError::new(
                    at,
                    Message::new("review.same_answer", vec![]),
                ));
            }
            if !is_filled(comment) {
                found.push(AnswerError::new(
                    format!("{path}.comment"),
                    Message::new("review.comment_required", vec![]),
                ));
            }
        }
        found
    }
}

/// Self-assessed and verified figures side by side (`None`: not scored on that side).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pair {
    pub self_assessed: Option<f64>,
    pub verified: Option<f64>,
}

impl Pair {
    pub fn differs(&self) -> bool {
        match (self.self_assessed, self.verified) {
            (Some(a), Some(b)) => (a - b).abs() > SAME * a.abs().max(b.abs()).max(1.0),
            (a, b) => a.is_some() != b.is_some(),
        }
    }

    /// Verified minus self-assessed (a missing side counts as 0).
    pub fn change(&self) -> f64 {
        self.verified.unwrap_or(0.0) - self.self_assessed.unwrap_or(0.0)
    }
}

/// One section compared: its score, each level's points and each scored question's points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionComparison {
    pub id: String,
    pub score: Pair,
    /// (level, points).
    pub levels: Vec<(u8, Pair)>,
    /// (Ref ID, points) of every question scored on either side, in display order.
    pub questions: Vec<(String, Pair)>,
}

/// A figure that differs: the total, a section's score, a level's points or a question's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// Empty for the total.
    pub section: String,
    pub level: Option<u8>,
    pub question: Option<String>,
    pub figures: Pair,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub total: Pair,
    pub sections: Vec<SectionComparison>,
    /// Every differing figure: the total first, then section by section its score, its levels
    /// and its questions.
    pub differences: Vec<Difference>,
}

/// The self-assessed and the verified assessment side by side, per question, level and
/// section, with the differences listed.
pub fn compare(self_assessed: &Assessment, verified: &Assessment) -> Comparison {
    let total = Pair {
        self_assessed: Some(self_assessed.total),
        verified: Some(verified.total),
    };
    let mut differences = Vec::new();
    if total.differs() {
        differences.push(Difference {
            section: String::new(),
            level: None,
            question: None,
            figures: total,
        });
    }
    let mut sections = Vec::new();
    for mine in &self_assessed.sections {
        let theirs = verified.sections.iter().find(|s| s.id == mine.id);
        let score = Pair {
            self_assessed: mine.score,
            verified: theirs.and_then(|s| s.score),
        };
        let levels: Vec<(u8, Pair)> = mine
            .levels
            .iter()
            .map(|l| {
                let v = theirs.and_then(|s| s.levels.iter().find(|x| x.level == l.level));
                (
                    l.level,
                    Pair {
                        self_assessed: Some(l.points),
                        verified: v.map(|x| x.points),
                    },
                )
            })
            .collect();
        let points = |s: Option<&super::assess::SectionResult>, id: &str| {
            s.and_then(|s| s.questions.iter().find(|q| q.id == id))
                .filter(|q| q.scored)
                .and_then(|q| q.points)
        };
        let mut ids: Vec<&str> = mine
            .questions
            .iter()
            .filter(|q| q.scored)
            .map(|q| q.id.as_ref())
            .collect();
        for q in theirs.iter().flat_map(|s| &s.questions) {
            if q.scored && !ids.contains(&q.id.as_ref()) {
                ids.push(q.id.as_ref());
            }
        }
        let questions: Vec<(String, Pair)> = ids
            .into_iter()
            .map(|id| {
                (
                    id.to_string(),
                    Pair {
                        self_assessed: points(Some(mine), id),
                        verified: points(theirs, id),
                    },
                )
            })
            .collect();
        let level_of = |id: &str| {
            mine.questions
                .iter()
                .chain(theirs.iter().flat_map(|s| &s.questions))
                .find(|q| q.id == id)
                .and_then(|q| q.level)
        };
        let in_section = |level: Option<u8>, question: Option<String>, figures: Pair| Difference {
            section: mine.id.to_string(),
            level,
            question,
            figures,
        };
        if score.differs() {
            differences.push(in_section(None, None, score));
        }
        for (level, pair) in &levels {
            if pair.differs() {
                differences.push(in_section(Some(*level), None, *pair));
            }
        }
        for (id, pair) in &questions {
            if pair.differs() {
                differences.push(in_section(level_of(id), Some(id.clone()), *pair));
            }
        }
        sections.push(SectionComparison {
            id: mine.id.to_string(),
            score,
            levels,
            questions,
        });
    }
    Comparison {
        total,
        sections,
        differences,
    }
}

/// The verified package: the posted package unchanged, the review, the verified score and the
/// hash over all of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifiedPackage {
    pub format: String,
    pub version: u32,
    /// The package as the facility posted it (with its own `sha256`).
    pub package: Package,
    pub review: Review,
    /// The score document of the corrected answers (`docs/score-format.md`), English texts.
    pub verified_score: Value,
    /// Lower-case hexadecimal SHA-256 of [`VerifiedPackage::canonical`].
    pub sha256: String,
}

impl VerifiedPackage {
    /// The verified package of `review` over `package`, scored with `bank` (the bank the
    /// package names, in its own language). Refused, with every problem, when a decision
    /// cannot stand or the bank is not the package's.
    pub fn new(
        bank: &Bank,
        package: &Package,
        review: &Review,
    ) -> Result<VerifiedPackage, Vec<AnswerError>> {
        if bank.id != package.bank || bank.version != package.bank_version {
            return Err(vec![AnswerError::new(
                "package.bank_version".into(),
                Message::new(
                    "review.other_bank",
                    vec![
                        (
                            "package",
                            Arg::Text(format!("{} {}", package.bank, package.bank_version)),
                        ),
                        ("bank", Arg::Text(format!("{} {}", bank.id, bank.version))),
                    ],
                ),
            )]);
        }
        let problems = review.problems(bank, package);
        if !problems.is_empty() {
            return Err(problems);
        }
        let corrected = review.corrected_answers(package);
        let verified_score =
            serde_json::to_value(score_report(bank, &corrected)).expect("score serialises");
        let mut verified = VerifiedPackage {
            format: VERIFIED_FORMAT.into(),
            version: VERIFIED_VERSION,
            package: package.clone(),
            review: review.clone(),
            verified_score,
            sha256: String::new(),
        };
        verified.sha256 = verified.digest();
        Ok(verified)
    }

    /// The facility's answers with the corrections applied.
    pub fn corrected_answers(&self) -> Answers {
        self.review.corrected_answers(&self.package)
    }

    /// The canonical form the hash covers: the verified package without its own `sha256` key
    /// (the inner package keeps its), as `posting::canonical_json` writes it.
    pub fn canonical(&self) -> String {
        let mut value = serde_json::to_value(self).expect("verified package serialises");
        if let Value::Object(map) = &mut value {
            map.remove("sha256");
        }
        canonical_json(&value)
    }

    pub fn digest(&self) -> String {
        hex(&sha256(self.canonical().as_bytes()))
    }

    /// The verified total, if the score document has one.
    pub fn total(&self) -> Option<f64> {
        self.verified_score.get("total").and_then(Value::as_f64)
    }

    /// Reads a verified package file (strict JSON; only the envelope is checked here).
    pub fn parse(text: &str) -> Result<VerifiedPackage, PackageError> {
        match AnyPackage::parse(text)? {
            AnyPackage::Verified(v) => Ok(*v),
            AnyPackage::Posted(_) => Err(PackageError::new(
                "format",
                Message::new(
                    "answers.format_other",
                    vec![
                        ("expected", Arg::Text(VERIFIED_FORMAT.into())),
                        ("found", Arg::Text(super::posting::PACKAGE_FORMAT.into())),
                    ],
                ),
            )),
        }
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("verified package serialises")
    }
}

/// A file `openfem verify` and the widget open: a posted package or a verified one.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyPackage {
    Posted(Box<Package>),
    Verified(Box<VerifiedPackage>),
}

impl AnyPackage {
    /// Reads either format by its `format` key (strict JSON: a repeated key is refused).
    pub fn parse(text: &str) -> Result<AnyPackage, PackageError> {
        let value = json::parse(text).map_err(|e| PackageError::new(&e.path, e.why))?;
        if value.get("format").and_then(Value::as_str) != Some(VERIFIED_FORMAT) {
            return Package::parse(text).map(|p| AnyPackage::Posted(Box::new(p)));
        }
        match value.get("version").and_then(Value::as_u64) {
            Some(v) if v > u64::from(VERIFIED_VERSION) => {
                return Err(PackageError::new(
                    "version",
                    Message::new(
                        "answers.version_newer",
                        vec![
                            ("found", Arg::Number(v as f64)),
                            ("supported", Arg::Number(f64::from(VERIFIED_VERSION))),
                        ],
                    ),
                ))
            }
            Some(_) => {}
            None => {
                return Err(PackageError::new(
                    "version",
                    Message::new("answers.version_missing", vec![]),
                ))
            }
        }
        serde_json::from_value(value)
            .map(|v| AnyPackage::Verified(Box::new(v)))
            .map_err(|e| {
                PackageError::new(
                    "$",
                    Message::new(
                        "review.envelope",
                        vec![("detail", Arg::Text(e.to_string()))],
                    ),
                )
            })
    }
}

/// Checks a verified package: the posted package inside as `posting::verify` does (each of its
/// mismatches named as the posted package's), the outer hash, each decision, and the verified
/// score recomputed from the corrected answers. Empty: intact.
pub fn verify_verified(verified: &VerifiedPackage, banks: &[&Bank]) -> Vec<Mismatch> {
    let mut found: Vec<Mismatch> = verify(&verified.package, banks)
        .into_iter()
        .map(|m| Mismatch::Posted(Box::new(m)))
        .collect();
    let computed = verified.digest();
    if computed != verified.sha256 {
        found.push(Mismatch::VerifiedHash {
            stored: verified.sha256.clone(),
            computed,
        });
    }
    let package = &verified.package;
    let Some(bank) = banks
        .iter()
        .find(|b| b.id == package.bank && b.version == package.bank_version)
    else {
        // The inner check named the unknown bank: nothing can be recomputed.
        return found;
    };
    for problem in verified.review.problems(bank, package) {
        found.push(Mismatch::Review {
            path: problem.path,
            message: problem.message,
            why: problem.why,
        });
    }
    let recomputed = serde_json::to_value(score_report(bank, &verified.corrected_answers()))
        .expect("score serialises");
    let mut scores = Vec::new();
    diff_scores(
        "verified_score",
        &verified.verified_score,
        &recomputed,
        &mut scores,
    );
    found.extend(scores.into_iter().map(|m| match m {
        Mismatch::Score {
            path,
            stored,
            recomputed,
        } => Mismatch::VerifiedScore {
            path,
            stored,
            recomputed,
        },
        other => other,
    }));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_decision_reads_and_writes_with_its_tag() {
        let d: Decision =
            serde_json::from_value(json!({"decision": "correct", "answer": "no", "comment": "x"}))
                .unwrap();
        assert_eq!(d.correction(), Some(&json!("no")));
        let a: Decision = serde_json::from_value(json!({"decision": "accept"})).unwrap();
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            json!({"decision": "accept"})
        );
        assert!(
            serde_json::from_value::<Decision>(json!({"decision": "accept", "answer": "no"}))
                .is_err()
        );
    }

    #[test]
    fn a_pair_differs_beyond_rounding_or_when_one_side_is_missing() {
        let p = |a, b| Pair {
            self_assessed: a,
            verified: b,
        };
        assert!(!p(Some(50.0), Some(50.0 + 1e-12)).differs());
        assert!(p(Some(50.0), Some(49.0)).differs());
        assert!(p(None, Some(0.0)).differs());
        assert!(!p(None, None).differs());
    }
}
