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

use super::answers::{validate, validate_in, Answers, AnswersDoc, Dismissals};
use super::bank::{AnswerSpec, Bank, Column, Opt, Rows};
use super::message::{Arg, Message};

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
    /// Data checks dismissed with a note, by check key (`datachecks`). Absent in older drafts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dismissed: Dismissals,
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

impl DraftError {
    /// Why, translatable (`draft.newer_format`, `draft.invalid`, `draft.other_bank`).
    pub fn message(&self) -> Message {
        let text = |s: String| Arg::Text(s);
        match self {
            DraftError::NewerFormat { found, supported } => Message::new(
                "draft.newer_format",
                vec![
                    ("found", text(found.to_string())),
                    ("supported", text(supported.to_string())),
                ],
            ),
            DraftError::Invalid(m) => {
                Message::new("draft.invalid", vec![("detail", text(m.clone()))])
            }
            DraftError::OtherBank { found, expected } => Message::new(
                "draft.other_bank",
                vec![
                    ("found", text(found.clone())),
                    ("expected", text(expected.clone())),
                ],
            ),
        }
    }
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for DraftError {}

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
            dismissed: Dismissals::new(),
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
        let ids: Vec<String> = self.answers.iter().map(|(k, _)| k.clone()).collect();
        for id in ids {
            let value = self.answers.remove(&id).expect("listed");
            let Some(q) = bank.question(&id) else {
                let reason = format!("question {id} is not in bank version {}", bank.version);
                self.put_aside(&id, value, reason, &mut moved);
                continue;
            };
            // Options an earlier version named otherwise take their new id first; what is
            // left over (a second row for one option) is set aside on its own.
            let (value, left_over) = carry_options(bank, &q.answer, value);
            for (part, value, reason) in left_over {
                self.put_aside(&format!("{id}{part}"), value, reason, &mut moved);
            }
            // A table keeps its rows: only the cells that no longer fit are set aside.
            let value = match &q.answer {
                AnswerSpec::Table { columns, .. } => {
                    let (kept, cells) = split_refused_cells(&id, columns, value);
                    for (key, value, reason) in cells {
                        self.put_aside(&key, value, reason, &mut moved);
                    }
                    kept
                }
                _ => value,
            };
            match validate_in(bank, &q.answer, &value, &id) {
                Ok(()) => self.answers.set(id, value),
                Err(e) => {
                    let reason = format!("not a valid answer: {}", e.message);
                    self.put_aside(&id, value, reason, &mut moved);
                }
            }
        }
        self.bank_version = bank.version.clone();
        Ok(moved)
    }

    fn put_aside(&mut self, key: &str, value: Value, reason: String, moved: &mut Vec<String>) {
        let aside = SetAside::new(value, reason, &self.bank_version);
        self.set_aside.insert(key.to_string(), aside);
        moved.push(key.to_string());
    }

    /// Replaces the answers with an imported document's (already checked by `AnswersDoc::parse`).
    pub fn import(&mut self, doc: AnswersDoc, now: &str) {
        self.answers = doc.answers;
        self.dismissed = doc.dismissed_checks;
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

/// A part of an answer to set aside on its own: its key after the Ref ID (`[<id>]`), its value
/// and why.
type Part = (String, Value, String);

/// An answer with the option ids of earlier bank versions replaced by the options that took
/// their place (`Opt::replaces`): in a single or multi answer (an option chosen twice so is
/// kept once), and in the row ids of a table built `from` such a question. Returned apart, to
/// be set aside as `<Ref ID>[<id>]`: an option of a multi answer that is no longer offered
/// (the others stay chosen), and a row whose new id another row already has.
fn carry_options(bank: &Bank, spec: &AnswerSpec, value: Value) -> (Value, Vec<Part>) {
    let renamed = |options: &[Opt], id: &str| -> Option<String> {
        options
            .iter()
            .find(|o| o.replaces.iter().any(|old| old == id))
            .map(|o| o.id.clone())
    };
    match (spec, value) {
        (AnswerSpec::Single { options }, Value::String(id)) => {
            let id = renamed(options, &id).unwrap_or(id);
            (Value::String(id), Vec::new())
        }
        (AnswerSpec::Multi { options, .. }, Value::Array(items)) => {
            let mut out: Vec<Value> = Vec::with_capacity(items.len());
            let mut apart = Vec::new();
            for item in items {
                let item = match item.as_str().and_then(|id| renamed(options, id)) {
                    Some(new) => Value::String(new),
                    None => item,
                };
                match item.as_str() {
                    Some(id) if !options.iter().any(|o| o.id == id) => apart.push((
                        format!("[{id}]"),
                        item.clone(),
                        "this option is no longer offered; the other options chosen are kept"
                            .to_string(),
                    )),
                    _ if out.contains(&item) => {}
                    _ => out.push(item),
                }
            }
            (Value::Array(out), apart)
        }
        (
            AnswerSpec::Table {
                rows: Rows::From(source),
                ..
            },
            Value::Array(rows),
        ) => {
            let options = match bank.question(source).map(|q| &q.answer) {
                Some(AnswerSpec::Multi { options, .. } | AnswerSpec::Single { options }) => {
                    options.as_slice()
                }
                _ => &[],
            };
            let (mut kept, mut apart): (Vec<Value>, Vec<Part>) = (Vec::new(), Vec::new());
            // Rows already under the new id come first, so they keep their place.
            let (current, old): (Vec<Value>, Vec<Value>) = rows.into_iter().partition(|row| {
                row.get("row")
                    .and_then(Value::as_str)
                    .is_none_or(|id| renamed(options, id).is_none())
            });
            for row in current {
                match row.get("row").and_then(Value::as_str) {
                    Some(id) if !options.is_empty() && !options.iter().any(|o| o.id == id) => {
                        let reason = format!("option \"{id}\" is no longer offered");
                        apart.push((format!("[{id}]"), row, reason));
                    }
                    _ => kept.push(row),
                }
            }
            for mut row in old {
                let old_id = row["row"].as_str().unwrap_or_default().to_string();
                let new_id = renamed(options, &old_id).unwrap_or_default();
                let taken = kept
                    .iter()
                    .any(|r| r.get("row").and_then(Value::as_str) == Some(&new_id));
                if taken {
                    let reason =
                        format!("option \"{old_id}\" became \"{new_id}\", which already has a row");
                    apart.push((format!("[{old_id}]"), row, reason));
                } else {
                    row["row"] = Value::String(new_id);
                    kept.push(row);
                }
            }
            (Value::Array(kept), apart)
        }
        (_, value) => (value, Vec::new()),
    }
}

/// Starts a new year's answers from last year's export: only questions the bank marks
/// `carry_over` (site profile, baselines) and whose answers still fit the bank.
pub fn roll_forward(last_year: &AnswersDoc, bank: &Bank) -> Answers {
    last_year
        .answers
        .iter()
        .filter_map(|(id, value)| {
            let q = bank.question(id).filter(|q| q.carry_over)?;
            let (value, _) = carry_options(bank, &q.answer, value.clone());
            validate_in(bank, &q.answer, &value, id).ok()?;
            Some((id.clone(), value))
        })
        .collect()
}

/// The largest answers file an import reads (a real FEM export is a few tens of KB).
pub const IMPORT_LIMIT_BYTES: u64 = 5_000_000;

/// The shell's synchronous journal: the current draft after an unsaved change, written before
/// the durable (asynchronous) store is, with the stored revision the change was made on. Each
/// tab keeps its own (under its own key), so that another tab's save or journal never erases
/// a change this tab has not stored yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// Revision of the stored draft these changes were made on top of.
    pub base: u64,
    pub draft: Draft,
    /// That stored revision itself, when the tab had read it: a journal made on a revision that
    /// another tab has since saved over is then merged into the newer one (`merge_drafts`)
    /// rather than dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_draft: Option<Draft>,
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

/// [`recover`] over every tab's journal of one draft (crashed tabs leave theirs): each one that
/// holds changes is applied in turn, a journal made on an older revision merged into what is
/// stored now when it carries its base (`merge_drafts`). Returns the draft and whether any
/// journal changed it (so it must be saved).
pub fn recover_all(stored: Option<Draft>, journals: &[String]) -> (Option<Draft>, bool) {
    let mut journals: Vec<Journal> = journals
        .iter()
        .filter_map(|text| serde_json::from_str::<Journal>(text).ok())
        .collect();
    journals.sort_by(|a, b| a.draft.updated.cmp(&b.draft.updated));
    let mut current = stored;
    let mut changed = false;
    for j in journals {
        let next = match (&current, &j.base_draft) {
            (Some(c), _) if c.id != j.draft.id => None,
            (Some(c), Some(base)) => {
                let (merged, _) = merge_drafts(base, &j.draft, c);
                let differs = merged.answers != c.answers
                    || merged.name != c.name
                    || merged.set_aside != c.set_aside;
                differs.then_some(merged)
            }
            // A journal without its base (an older OpenFEM's): only on the same revision.
            (Some(c), None) => {
                (j.base == c.revision && j.draft.revision > c.revision).then(|| j.draft.clone())
            }
            // Nothing stored: the journal of a draft never stored yet (not one deleted since).
            (None, _) => (j.base == 0).then(|| j.draft.clone()),
        };
        if let Some(next) = next {
            current = Some(next);
            changed = true;
        }
    }
    (current, changed)
}

/// Two tabs' versions of one draft merged: `theirs` (what another tab saved) with what `mine`
/// changed since `base`: its answers (`merge`), its name when this tab renamed it (else the
/// other tab's, which may have), and the answers it set aside since (added to the other tab's,
/// so a merge never erases one; a list the other tab dismissed stays dismissed). The result is a revision after theirs. Also returns
/// the Ref IDs both tabs changed to different values (mine kept).
pub fn merge_drafts(base: &Draft, mine: &Draft, theirs: &Draft) -> (Draft, Vec<String>) {
    let (answers, both) = merge(&base.answers, &mine.answers, &theirs.answers);
    let mut out = theirs.clone();
    out.answers = answers;
    if mine.name != base.name {
        out.name.clone_from(&mine.name);
    }
    // Those this tab set aside since its base are added; the rest are theirs (a list the other
    // tab dismissed stays dismissed).
    for (id, aside) in &mine.set_aside {
        if base.set_aside.get(id) != Some(aside) {
            out.set_aside.insert(id.clone(), aside.clone());
        }
    }
    // Dismissed checks the same way: this tab's changes since its base win.
    for (key, dismissal) in &mine.dismissed {
        if base.dismissed.get(key) != Some(dismissal) {
            out.dismissed.insert(key.clone(), dismissal.clone());
        }
    }
    for key in base.dismissed.keys() {
        if !mine.dismissed.contains_key(key) {
            out.dismissed.remove(key);
        }
    }
    out.revision = theirs.revision + 1;
    out.updated = mine.updated.clone().max(theirs.updated.clone());
    (out, both)
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
    fn old_facility_types_migrate_to_the_seed_types_without_losing_an_answer() {
        let bank = bank();
        let mut d = Draft::new(&bank, "f1", "Plant", "t");
        d.bank_version = "2024.0.9".into();
        d.answers.set(
            "sipfacilitytype",
            json!([
                "final_assembly",
                "packaging",
                "hard_components",
                "chemical_production"
            ]),
        );
        let row = |id: &str, n: u32| json!({"row": id, "sipfacilityannualprodvolquant": n, "sipfacilityannualprodvolunits": "pieces"});
        d.answers.set(
            "sipfacilityannualprodvol",
            json!([
                row("final_assembly", 1),
                row("packaging", 2),
                row("hard_components", 3),
                row("chemical_production", 4)
            ]),
        );
        d.migrate(&bank).unwrap();
        assert_eq!(
            d.answers.get("sipfacilitytype"),
            Some(&json!(["final_assembly", "subassembly"])),
            "renamed, and chosen once"
        );
        assert_eq!(
            d.answers.get("sipfacilityannualprodvol"),
            Some(
                &json!([row("final_assembly", 1), {"row": "subassembly", "sipfacilityannualprodvolquant": 2, "sipfacilityannualprodvolunits": "pieces"}])
            )
        );
        // Nothing dropped: what has no place any more is set aside on its own.
        let aside: Vec<&str> = d.set_aside.keys().map(String::as_str).collect();
        assert_eq!(
            aside,
            vec![
                "sipfacilityannualprodvol[chemical_production]",
                "sipfacilityannualprodvol[hard_components]",
                "sipfacilitytype[chemical_production]",
            ]
        );
        assert_eq!(
            d.set_aside["sipfacilityannualprodvol[hard_components]"].value,
            row("hard_components", 3)
        );
        // Migrating again changes nothing.
        let before = d.clone();
        assert!(d.migrate(&bank).unwrap().is_empty());
        assert_eq!(d, before);
    }

    #[test]
    fn roll_forward_carries_old_facility_types_as_the_seed_types() {
        let bank = bank();
        let last_year = AnswersDoc::new(
            &bank,
            [("sipfacilitytype", json!(["packaging"]))]
                .into_iter()
                .collect(),
        );
        assert_eq!(
            roll_forward(&last_year, &bank).get("sipfacilitytype"),
            Some(&json!(["subassembly"]))
        );
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
            base_draft: None,
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
            base_draft: None,
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
            base_draft: None,
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
            base_draft: None,
        }
        .to_json();
        assert_eq!(recover(None, Some(&first)), (Some(newer), true));
        assert_eq!(recover(None, None), (None, false));
    }

    #[test]
    fn a_merge_keeps_the_other_tabs_draft_name_and_set_aside_answers() {
        let bank = bank();
        let mut base = Draft::new(&bank, "d1", "Plant", "t0");
        base.set("sitecountry", json!("VN"), "t1");
        let aside = |v: &str| SetAside {
            value: json!(v),
            reason: "gone".into(),
            from_version: "1".into(),
        };
        // The other tab renamed it and set an answer aside (a migration) and saved.
        let mut theirs = base.clone();
        theirs.name = "Dhaka plant 2024".into();
        theirs.set_aside.insert("old_q".into(), aside("x"));
        theirs.revision += 1;
        // This tab, on the old revision, changed an answer and set another aside.
        let mut mine = base.clone();
        mine.set("emsmgmt", json!("yes"), "t2");
        mine.set_aside.insert("older_q".into(), aside("y"));
        let (merged, both) = merge_drafts(&base, &mine, &theirs);
        assert!(both.is_empty());
        assert_eq!(
            merged.name, "Dhaka plant 2024",
            "their rename is not reverted"
        );
        assert_eq!(
            merged.set_aside.keys().collect::<Vec<_>>(),
            ["old_q", "older_q"],
            "no set-aside answer is erased"
        );
        assert_eq!(merged.answers.get("emsmgmt"), Some(&json!("yes")));
        assert_eq!(merged.revision, theirs.revision + 1);
        // A list the other tab dismissed is not brought back by this tab's copy of it.
        let mut dismissed = theirs.clone();
        dismissed.set_aside.clear();
        let mut base_with = base.clone();
        base_with.set_aside.insert("old_q".into(), aside("x"));
        let mut mine_with = base_with.clone();
        mine_with.set("emsmgmt", json!("yes"), "t2");
        let merged = merge_drafts(&base_with, &mine_with, &dismissed).0;
        assert!(merged.set_aside.is_empty());
        // My own rename wins over theirs.
        mine.name = "Mine".into();
        assert_eq!(merge_drafts(&base, &mine, &theirs).0.name, "Mine");
    }

    #[test]
    fn a_crashed_tabs_journal_survives_the_other_tabs_save() {
        let bank = bank();
        let mut stored = Draft::new(&bank, "d1", "Plant", "t0");
        stored.set("sitecountry", json!("VN"), "t1");
        // Tab A changed an answer and crashed within the coalescing delay; tab B saved after.
        let mut a = stored.clone();
        a.set("emsmgmt", json!("yes"), "t2");
        let journal_a = Journal {
            base: stored.revision,
            draft: a,
            base_draft: Some(stored.clone()),
        }
        .to_json();
        let mut b = stored.clone();
        b.set("emsmgmtstaff", json!([{"name": "Li"}]), "t3");
        b.revision = stored.revision + 1;
        let (recovered, changed) = recover_all(Some(b.clone()), &[journal_a]);
        let recovered = recovered.unwrap();
        assert!(changed);
        assert_eq!(
            recovered.answers.get("emsmgmt"),
            Some(&json!("yes")),
            "A's change"
        );
        assert_eq!(
            recovered.answers.get("emsmgmtstaff"),
            b.answers.get("emsmgmtstaff"),
            "B's save"
        );
        // A journal whose changes are all stored already changes nothing.
        let done = Journal {
            base: stored.revision,
            draft: b.clone(),
            base_draft: Some(stored.clone()),
        }
        .to_json();
        assert_eq!(recover_all(Some(b.clone()), &[done]), (Some(b), false));
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
