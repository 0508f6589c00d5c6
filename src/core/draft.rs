//! Drafts: a facility's answers for one reporting year, as the browser stores them, and the rules
//! that keep them safe: a newer draft format is refused (never rewritten), a draft answered
//! against another bank version is migrated with answers that no longer fit *set aside* (kept and
//! shown, never dropped), imports are checked before they touch anything, and roll-forward starts
//! a new year from last year's export.
//!
//! Pure: the shell passes in the time and does the storage.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::{validate, Answers, AnswersDoc};
use super::bank::{AnswerSpec, Bank, Column};

/// The draft document shape this version writes and reads.
pub const DRAFT_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub format: u32,
    /// Storage key, e.g. a portal's "facility-123/2024".
    pub id: String,
    /// What the facility calls it: "Dhaka plant, 2024".
    pub name: String,
    pub bank: String,
    pub bank_version: String,
    pub answers: Answers,
    /// Answers that no longer fit the bank (removed question, option gone), with the reason.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set_aside: BTreeMap<String, SetAside>,
    /// Incremented on every save; a tab that saves over a newer revision is told (two tabs).
    #[serde(default)]
    pub revision: u64,
    /// ISO 8601 time of the last change, supplied by the shell.
    #[serde(default)]
    pub updated: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetAside {
    pub value: Value,
    pub reason: String,
    /// The bank version the answer was given against.
    pub from_version: String,
}

impl SetAside {
    fn new(value: Value, reason: String, from_version: &str) -> SetAside {
        SetAside {
            value,
            reason,
            from_version: from_version.into(),
        }
    }
}

/// The cells of a table answer that its columns refuse, taken out of their rows: the table
/// with the rest, and each refused cell as (`table[row].column` key, value, reason). A row is
/// named by its `row` id, or by its position in a table of free rows.
fn split_refused_cells(
    table: &str,
    columns: &[Column],
    value: Value,
) -> (Value, Vec<(String, Value, String)>) {
    let Value::Array(rows) = value else {
        return (value, Vec::new());
    };
    let mut refused = Vec::new();
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let Value::Object(mut cells) = row else {
                return row;
            };
            let row_name = match cells.get("row").and_then(Value::as_str) {
                Some(id) => id.to_string(),
                None => (i + 1).to_string(),
            };
            for col in columns {
                let Some(cell) = cells.get(&col.id) else {
                    continue;
                };
                let key = format!("{table}[{row_name}].{}", col.id);
                if let Err(e) = validate(&col.answer, cell, &key) {
                    let cell = cells.remove(&col.id).expect("present");
                    refused.push((key, cell, format!("not a valid answer: {}", e.message)));
                }
            }
            Value::Object(cells)
        })
        .collect();
    (Value::Array(rows), refused)
}

/// Why a stored draft or an import cannot be used. The stored data is never changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DraftError {
    /// Written by a newer OpenFEM: refused and left untouched.
    NewerFormat { found: u64, supported: u32 },
    /// Not a draft (broken JSON, another shape).
    Invalid(String),
    /// For another bank id (a portal's own bank, say).
    OtherBank { found: String, expected: String },
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftError::NewerFormat { found, supported } => write!(
                f,
                "this draft was saved by a newer OpenFEM (draft format {found}; this version reads up to {supported}). It has been left untouched: open it with the newer version"
            ),
            DraftError::Invalid(m) => write!(f, "not an OpenFEM draft: {m}"),
            DraftError::OtherBank { found, expected } => write!(
                f,
                "this draft answers question bank \"{found}\", not \"{expected}\""
            ),
        }
    }
}

impl Draft {
    pub fn new(bank: &Bank, id: &str, name: &str, now: &str) -> Draft {
        Draft {
            format: DRAFT_FORMAT,
            id: id.into(),
            name: name.into(),
            bank: bank.id.clone(),
            bank_version: bank.version.clone(),
            answers: Answers::new(),
            set_aside: BTreeMap::new(),
            revision: 0,
            updated: now.into(),
        }
    }

    /// Reads a stored draft, refusing a newer format before anything else is looked at.
    pub fn parse(text: &str) -> Result<Draft, DraftError> {
        let raw: Value =
            serde_json::from_str(text).map_err(|e| DraftError::Invalid(e.to_string()))?;
        match raw.get("format").and_then(Value::as_u64) {
            Some(f) if f > DRAFT_FORMAT as u64 => {
                return Err(DraftError::NewerFormat {
                    found: f,
                    supported: DRAFT_FORMAT,
                })
            }
            Some(_) => {}
            None => return Err(DraftError::Invalid("no draft format number".into())),
        }
        serde_json::from_value(raw).map_err(|e| DraftError::Invalid(e.to_string()))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("drafts serialise")
    }

    /// Opens the draft against `bank`: answers that no longer fit are set aside with a reason.
    /// Returns the Ref IDs set aside by this call (empty when nothing changed).
    pub fn migrate(&mut self, bank: &Bank) -> Result<Vec<String>, DraftError> {
        if self.bank != bank.id {
            return Err(DraftError::OtherBank {
                found: self.bank.clone(),
                expected: bank.id.clone(),
            });
        }
        let mut moved = Vec::new();
        let from_version = self.bank_version.clone();
        let ids: Vec<String> = self.answers.iter().map(|(k, _)| k.clone()).collect();
        for id in ids {
            let Some(q) = bank.question(&id) else {
                let value = self.answers.remove(&id).expect("listed");
                let reason = format!("question {id} is not in bank version {}", bank.version);
                self.set_aside
                    .insert(id.clone(), SetAside::new(value, reason, &from_version));
                moved.push(id);
                continue;
            };
            // A table keeps its rows: only the cells that no longer fit are set aside.
            if let AnswerSpec::Table { columns, .. } = &q.answer {
                let value = self.answers.get(&id).expect("listed").clone();
                let (kept, cells) = split_refused_cells(&id, columns, value);
                if !cells.is_empty() {
                    self.answers.set(&id, kept);
                    for (key, value, reason) in cells {
                        self.set_aside
                            .insert(key.clone(), SetAside::new(value, reason, &from_version));
                        moved.push(key);
                    }
                }
            }
            let value = self.answers.get(&id).expect("listed");
            if let Err(e) = validate(&q.answer, value, &id) {
                let value = self.answers.remove(&id).expect("listed");
                let reason = format!("not a valid answer: {}", e.message);
                self.set_aside
                    .insert(id.clone(), SetAside::new(value, reason, &from_version));
                moved.push(id);
            }
        }
        self.bank_version = bank.version.clone();
        Ok(moved)
    }

    /// Replaces the answers with an imported document's (already checked by `AnswersDoc::parse`).
    pub fn import(&mut self, doc: AnswersDoc, now: &str) {
        self.answers = doc.answers;
        self.touch(now);
    }

    pub fn set(&mut self, id: &str, value: Value, now: &str) {
        self.answers.set(id, value);
        self.touch(now);
    }

    fn touch(&mut self, now: &str) {
        self.revision += 1;
        self.updated = now.into();
    }
}

/// Starts a new year's answers from last year's export: only questions the bank marks
/// `carry_over` (site profile, baselines) and whose answers still fit the bank.
pub fn roll_forward(last_year: &AnswersDoc, bank: &Bank) -> Answers {
    last_year
        .answers
        .iter()
        .filter(|(id, value)| {
            bank.question(id)
                .is_some_and(|q| q.carry_over && validate(&q.answer, value, id).is_ok())
        })
        .map(|(id, value)| (id.clone(), value.clone()))
        .collect()
}

/// The largest answers file an import reads (a real FEM export is a few tens of KB).
pub const IMPORT_LIMIT_BYTES: u64 = 5_000_000;

/// The shell's synchronous journal: the current draft after an unsaved change, written before
/// the durable (asynchronous) store is, with the stored revision the change was made on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// Revision of the stored draft these changes were made on top of.
    pub base: u64,
    pub draft: Draft,
}

impl Journal {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("journals serialise")
    }
}

/// Picks the draft to open after a reload or a crash: the journal's when it holds changes made on
/// top of exactly the stored revision (or nothing is stored yet), else the stored one. A journal
/// for another draft, a broken one, or one made on an older revision (another tab saved since)
/// is ignored. Returns the draft and whether it came from the journal (so it must be saved).
pub fn recover(stored: Option<Draft>, journal: Option<&str>) -> (Option<Draft>, bool) {
    let journal = journal.and_then(|text| serde_json::from_str::<Journal>(text).ok());
    match (stored, journal) {
        (Some(s), Some(j))
            if j.draft.id == s.id && j.base == s.revision && j.draft.revision > s.revision =>
        {
            (Some(j.draft), true)
        }
        (None, Some(j)) if j.base == 0 => (Some(j.draft), true),
        (stored, _) => (stored, false),
    }
}

/// A three-way merge of two tabs' answers to one draft: `theirs` (what another tab saved) with
/// every answer `mine` changed since `base` applied on top. Ref IDs both changed, to different
/// values, are listed (mine is kept) so the shell can say so: nothing is lost silently.
pub fn merge(base: &Answers, mine: &Answers, theirs: &Answers) -> (Answers, Vec<String>) {
    let mut out = theirs.clone();
    let mut both = Vec::new();
    let keys: std::collections::BTreeSet<&String> =
        base.iter().chain(mine.iter()).map(|(k, _)| k).collect();
    for k in keys {
        let (b, m, t) = (base.get(k), mine.get(k), theirs.get(k));
        if m == b {
            continue;
        }
        if t != b && t != m {
            both.push(k.clone());
        }
        match m {
            Some(v) => out.set(k.clone(), v.clone()),
            None => {
                out.remove(k);
            }
        }
    }
    (out, both)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bank() -> Bank {
        Bank::builtin().expect("bank")
    }

    #[test]
    fn newer_format_is_refused_untouched() {
        let text = r#"{"format": 2, "id": "x", "whatever": true}"#;
        assert_eq!(
            Draft::parse(text),
            Err(DraftError::NewerFormat {
                found: 2,
                supported: 1
            })
        );
        assert!(Draft::parse("{not json").is_err());
        assert!(Draft::parse(r#"{"format": 1}"#).is_err());
    }

    #[test]
    fn round_trips() {
        let mut d = Draft::new(&bank(), "f1/2024", "Plant 1", "2024-01-01T00:00:00Z");
        d.set("sitecountry", json!("VN"), "2024-01-02T00:00:00Z");
        assert_eq!(d.revision, 1);
        assert_eq!(Draft::parse(&d.to_json()).unwrap(), d);
    }

    #[test]
    fn migration_sets_aside_what_no_longer_fits() {
        let bank = bank();
        let mut d = Draft::new(&bank, "f1", "Plant", "t");
        d.bank_version = "2023.0.0".into();
        d.answers.set("sitecountry", json!("VN"));
        d.answers.set("a_removed_question", json!("yes"));
        d.answers.set("sipvalidoperatinglicense", json!("maybe"));
        let moved = d.migrate(&bank).unwrap();
        assert_eq!(
            moved,
            vec!["a_removed_question", "sipvalidoperatinglicense"]
        );
        assert_eq!(d.answers.get("sitecountry"), Some(&json!("VN")));
        assert_eq!(d.set_aside["a_removed_question"].value, json!("yes"));
        assert_eq!(d.set_aside["a_removed_question"].from_version, "2023.0.0");
        assert!(d.set_aside["sipvalidoperatinglicense"]
            .reason
            .contains("not a valid answer"));
        assert_eq!(d.bank_version, bank.version);
        // A second migration moves nothing.
        assert!(d.migrate(&bank).unwrap().is_empty());
    }

    #[test]
    fn a_refused_cell_is_set_aside_alone_and_its_table_stays() {
        let bank = bank();
        let mut d = Draft::new(&bank, "f1", "Plant", "t");
        d.answers
            .set("sippermitsreq", json!(["ww_indirect", "air_process"]));
        d.answers.set(
            "sippermits",
            json!([
                {"row": "ww_indirect", "sippermitstatus": "available_valid", "sippermitexpiry": "32027-03-31"},
                {"row": "air_process", "sippermitstatus": "available_valid", "sippermitexpiry": "2027-03-31"}
            ]),
        );
        let moved = d.migrate(&bank).unwrap();
        assert_eq!(moved, vec!["sippermits[ww_indirect].sippermitexpiry"]);
        let aside = &d.set_aside["sippermits[ww_indirect].sippermitexpiry"];
        assert_eq!(aside.value, json!("32027-03-31"));
        // The real reason, not "older question bank": the bank is the same.
        assert!(
            aside.reason.contains("between 1900 and 2100"),
            "{}",
            aside.reason
        );
        assert_eq!(aside.from_version, bank.version);
        assert_eq!(
            d.answers.get("sippermits"),
            Some(&json!([
                {"row": "ww_indirect", "sippermitstatus": "available_valid"},
                {"row": "air_process", "sippermitstatus": "available_valid", "sippermitexpiry": "2027-03-31"}
            ]))
        );
    }

    #[test]
    fn roll_forward_keeps_only_carry_over_answers() {
        let bank = bank();
        let answers: Answers = [
            ("sitecountry", json!("BD")),
            ("sipvalidoperatinglicense", json!("yes")),
            ("emsmgmt", json!("yes")),
        ]
        .into_iter()
        .collect();
        let next = roll_forward(&AnswersDoc::new(&bank, answers), &bank);
        assert_eq!(next.get("sitecountry"), Some(&json!("BD")));
        assert!(next.get("sipvalidoperatinglicense").is_none());
        assert!(next.get("emsmgmt").is_none());
        assert!(bank
            .questions()
            .any(|(_, q)| q.carry_over && q.id.contains("baseline")));
    }

    #[test]
    fn recover_prefers_a_journal_made_on_the_stored_revision() {
        let bank = bank();
        let mut stored = Draft::new(&bank, "d1", "Plant", "t0");
        stored.set("sitecountry", json!("VN"), "t1");
        let mut newer = stored.clone();
        newer.set("emsmgmt", json!("yes"), "t2");
        let journal = Journal {
            base: 1,
            draft: newer.clone(),
        }
        .to_json();
        assert_eq!(
            recover(Some(stored.clone()), Some(&journal)),
            (Some(newer.clone()), true)
        );
        // Made on an older revision (another tab saved since): ignored.
        let stale = Journal {
            base: 0,
            draft: newer.clone(),
        }
        .to_json();
        assert_eq!(
            recover(Some(stored.clone()), Some(&stale)),
            (Some(stored.clone()), false)
        );
        // Another draft's journal, or garbage: ignored.
        let mut other = newer.clone();
        other.id = "d2".into();
        let other = Journal {
            base: 1,
            draft: other,
        }
        .to_json();
        assert_eq!(
            recover(Some(stored.clone()), Some(&other)),
            (Some(stored.clone()), false)
        );
        assert_eq!(
            recover(Some(stored.clone()), Some("{")),
            (Some(stored.clone()), false)
        );
        // Nothing stored yet (first answer, then the page was killed).
        let first = Journal {
            base: 0,
            draft: newer.clone(),
        }
        .to_json();
        assert_eq!(recover(None, Some(&first)), (Some(newer), true));
        assert_eq!(recover(None, None), (None, false));
    }

    #[test]
    fn merge_keeps_both_tabs_changes() {
        let base: Answers = [("a", json!("yes")), ("b", json!("no"))]
            .into_iter()
            .collect();
        let mine: Answers = [("a", json!("no")), ("b", json!("no")), ("c", json!("x"))]
            .into_iter()
            .collect();
        let theirs: Answers = [("b", json!("yes")), ("d", json!(1))].into_iter().collect();
        let (merged, both) = merge(&base, &mine, &theirs);
        let expect: Answers = [
            ("a", json!("no")),
            ("b", json!("yes")),
            ("c", json!("x")),
            ("d", json!(1)),
        ]
        .into_iter()
        .collect();
        assert_eq!(merged, expect);
        assert_eq!(
            both,
            vec!["a".to_string()],
            "a: they cleared it, I changed it"
        );
        // My clearing an answer they did not touch clears it.
        let mine2: Answers = [("b", json!("no"))].into_iter().collect();
        let (merged2, both2) = merge(&base, &mine2, &base);
        assert_eq!(merged2, mine2);
        assert!(both2.is_empty());
    }
}
