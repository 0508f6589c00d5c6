//! The drafts controller (`core::autosave`), natively: every scenario the browser tests of
//! saving cover (tests/e2e/persist*.test.mjs), run against an in-memory store that behaves as
//! the widget's IndexedDB store does (a revision-checked write in one transaction), a shared
//! journal (localStorage) and a channel between tabs that the test delivers by hand, so that
//! the order in which two tabs' writes and messages arrive is the test's to choose.

mod common;

use std::collections::{BTreeMap, VecDeque};

use common::{answers, bank};
use openfem::core::autosave::{
    reminder, Action, Autosave, Entry, Event, Failure, Notice, Reminder, Status, StoreFailure,
};
use openfem::core::draft::{Draft, DraftError};
use openfem::core::{Answers, Bank};
use serde_json::json;

/// The browser's storage, shared by the tabs: drafts (IndexedDB) and journals (localStorage).
#[derive(Default)]
struct Browser {
    drafts: BTreeMap<String, String>,
    journals: BTreeMap<String, String>,
    /// IndexedDB writes fail: storage is full.
    full: bool,
    /// localStorage writes fail.
    journal_broken: bool,
}

fn revision_of(text: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(text).unwrap()["revision"]
        .as_u64()
        .unwrap_or(0)
}

fn quota() -> StoreFailure {
    StoreFailure {
        message: "QuotaExceededError".into(),
        quota: true,
    }
}

impl Browser {
    /// `Db::put_checked`: refused when another tab saved a newer revision, or when the draft
    /// must exist and is gone; the read and the write are one transaction.
    fn put_checked(&mut self, id: &str, text: &str, base: u64, must_exist: bool) -> Event {
        match self.drafts.get(id) {
            Some(stored) if revision_of(stored) > base => Event::WriteNewer(stored.clone()),
            None if must_exist => Event::WriteGone,
            _ if self.full => Event::WriteFailed(quota()),
            _ => {
                self.drafts.insert(id.into(), text.into());
                Event::Written
            }
        }
    }

    fn journals_of(&self, id: &str) -> Vec<(String, String)> {
        self.journals
            .iter()
            .filter(|(k, _)| k.starts_with(&format!("{id}:")))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn stored(&self, id: &str) -> Draft {
        Draft::parse(&self.drafts[id]).expect("stored draft")
    }
}

/// One tab: the controller and what the widget around it did.
struct Tab<'b> {
    drafts: Autosave<&'b Bank>,
    name: &'static str,
    timer: bool,
    /// Store operations started, not finished yet (they finish in `settle`).
    io: VecDeque<Action>,
    /// Messages posted to the other tabs, not delivered yet.
    sent: Vec<(String, u64)>,
    notices: Vec<Notice>,
    /// The answers the page shows.
    page: Answers,
    current: Option<String>,
    log: Vec<Action>,
}

impl<'b> Tab<'b> {
    fn new(bank: &'b Bank, name: &'static str) -> Tab<'b> {
        let placeholder = Draft::new(bank, &format!("unsaved-{name}"), "", "t0");
        Tab::with(Autosave::new(bank, placeholder, false), name)
    }

    fn with(drafts: Autosave<&'b Bank>, name: &'static str) -> Tab<'b> {
        Tab {
            drafts,
            name,
            timer: false,
            io: VecDeque::new(),
            sent: Vec::new(),
            notices: Vec::new(),
            page: Answers::new(),
            current: None,
            log: Vec::new(),
        }
    }

    fn journal_key(&self, id: &str) -> String {
        format!("{id}:{}", self.name)
    }

    /// Hands `event` to the controller and performs its actions (store operations wait).
    fn send(&mut self, b: &mut Browser, event: Event) {
        let actions = self.drafts.handle(event);
        for action in actions {
            self.log.push(action.clone());
            match action {
                Action::WriteJournal { id, journal } => {
                    let result = if b.journal_broken {
                        Err(quota())
                    } else {
                        b.journals.insert(self.journal_key(&id), journal);
                        Ok(())
                    };
                    self.send(b, Event::Journaled(result));
                }
                Action::ClearJournal { id } => {
                    b.journals.remove(&self.journal_key(&id));
                }
                Action::RemoveJournals(keys) => keys.iter().for_each(|k| {
                    b.journals.remove(k);
                }),
                Action::StartTimer => self.timer = true,
                Action::CancelTimer => self.timer = false,
                Action::Write { .. }
                | Action::StoreNew { .. }
                | Action::ReadForMessage { .. }
                | Action::RefreshList => self.io.push_back(action),
                Action::Broadcast { id, rev } => self.sent.push((id, rev)),
                Action::SetCurrent { id } => self.current = Some(id),
                Action::ShowDraft => self.page = self.drafts.draft().answers.clone(),
                Action::Notify(n) => self.notices.push(n),
            }
        }
    }

    /// Finishes the store operations under way (and those they start), in order.
    fn settle(&mut self, b: &mut Browser) {
        while let Some(action) = self.io.pop_front() {
            let event = match action {
                Action::Write {
                    id,
                    text,
                    base_rev,
                    must_exist,
                } => b.put_checked(&id, &text, base_rev, must_exist),
                Action::StoreNew { id, text } if b.full => {
                    let _ = (id, text);
                    Event::KeepStored(Err(quota()))
                }
                Action::StoreNew { id, text } => {
                    b.drafts.insert(id, text);
                    Event::KeepStored(Ok(()))
                }
                Action::ReadForMessage { id, rev } => Event::MessageRead {
                    stored: b.drafts.get(&id).cloned(),
                    id,
                    rev,
                },
                Action::RefreshList => Event::Listed(
                    b.drafts
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                ),
                other => unreachable!("{other:?} is no store operation"),
            };
            self.send(b, event);
        }
    }

    /// The person answers (the page's answers change).
    fn answer(&mut self, b: &mut Browser, q: &str, value: serde_json::Value) {
        let mut a = self.page.clone();
        a.set(q, value);
        self.page = a.clone();
        self.send(
            b,
            Event::Changed {
                answers: a,
                now: "t1".into(),
            },
        );
    }

    /// The coalescing timer fires (if it runs) and the write finishes.
    fn save(&mut self, b: &mut Browser) {
        if self.timer {
            self.timer = false;
            self.send(b, Event::Flush);
        }
        self.settle(b);
    }

    /// Loads as `load` does: the store opens, lists, opens draft `id`.
    fn open(&mut self, b: &mut Browser, id: &str) {
        self.send(b, Event::StoreOpened);
        let records = b
            .drafts
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        self.send(b, Event::Listed(records));
        let event = Event::Open {
            id: id.into(),
            stored: b.drafts.get(id).cloned(),
            journals: b.journals_of(id),
        };
        self.send(b, event);
    }

    /// A first visit: a new draft, stored.
    fn create(&mut self, b: &mut Browser, id: &str, name: &str, bank: &Bank) {
        self.send(b, Event::StoreOpened);
        let draft = Draft::new(bank, id, name, "t0");
        b.drafts.insert(id.into(), draft.to_json());
        self.send(
            b,
            Event::Created {
                draft,
                stored: Some(Ok(())),
            },
        );
    }

    /// Delivers the messages this tab posted to `other`, and lets `other` act on them.
    fn deliver(&mut self, b: &mut Browser, other: &mut Tab) {
        for (id, rev) in std::mem::take(&mut self.sent) {
            other.send(b, Event::Message { id, rev });
            other.settle(b);
        }
    }

    fn wrote(&self) -> usize {
        self.log
            .iter()
            .filter(|a| matches!(a, Action::Write { .. }))
            .count()
    }
}

fn failed(tab: &Tab) -> Option<Failure> {
    match tab.drafts.status() {
        Status::Failed(f) => Some(f.clone()),
        _ => None,
    }
}

/// Two tabs with draft `d` open, stored with `a1` = yes.
fn two_tabs<'b>(bank: &'b Bank, b: &mut Browser) -> (Tab<'b>, Tab<'b>) {
    let mut one = Tab::new(bank, "one");
    one.create(b, "d", "Factory A", bank);
    one.answer(b, "a1", json!("yes"));
    one.save(b);
    let mut two = Tab::new(bank, "two");
    two.open(b, "d");
    one.sent.clear();
    (one, two)
}

// persist.test.mjs

#[test]
fn reload_mid_assessment_every_answer_is_back_from_the_store() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    assert_eq!(tab.drafts.status(), &Status::Saved);
    tab.answer(&mut b, "a1", json!("yes"));
    tab.answer(&mut b, "a2", json!("no"));
    assert_eq!(
        tab.drafts.status(),
        &Status::Saving,
        "journaled, not stored yet"
    );
    assert!(tab.timer, "the write waits for the coalescing timer");
    tab.save(&mut b);
    assert_eq!(tab.drafts.status(), &Status::Saved);
    assert_eq!(tab.wrote(), 1, "two changes, one write");
    assert!(b.journals.is_empty(), "the journal is cleared once stored");

    let mut reloaded = Tab::new(&bank, "one");
    reloaded.open(&mut b, "d");
    assert_eq!(
        reloaded.page,
        answers(&[("a1", json!("yes")), ("a2", json!("no"))])
    );
    assert_eq!(reloaded.current.as_deref(), Some("d"));
    assert_eq!(reloaded.drafts.status(), &Status::Saved);
    assert!(reloaded.notices.is_empty());
    assert_eq!(reloaded.wrote(), 0, "opening a stored draft writes nothing");
}

#[test]
fn a_crash_within_the_coalescing_delay_is_recovered_from_the_journal() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    tab.answer(&mut b, "a1", json!("partial"));
    assert_eq!(b.journals.len(), 1, "journaled at once");
    // The page is killed before the timer fires: nothing reached the store.
    assert!(b.stored("d").answers.is_empty());
    drop(tab);

    let mut reloaded = Tab::new(&bank, "one");
    reloaded.open(&mut b, "d");
    assert_eq!(reloaded.page, answers(&[("a1", json!("partial"))]));
    assert_eq!(reloaded.notices, [Notice::Recovered]);
    reloaded.save(&mut b);
    assert_eq!(b.stored("d").answers, answers(&[("a1", json!("partial"))]));
    assert!(
        b.journals.is_empty(),
        "the recovered journal goes once stored"
    );
    assert_eq!(reloaded.drafts.status(), &Status::Saved);
}

#[test]
fn storage_full_says_so_keeps_every_answer_and_resumes_saving() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    b.full = true;
    tab.answer(&mut b, "a1", json!("yes"));
    tab.save(&mut b);
    assert_eq!(failed(&tab), Some(Failure::Store(quota())));
    tab.answer(&mut b, "a2", json!("yes"));
    assert_eq!(
        failed(&tab),
        Some(Failure::Store(quota())),
        "still not saved, not \"Saving…\""
    );
    tab.save(&mut b);
    assert!(b.stored("d").answers.is_empty());
    let journal = &b.journals["d:one"];
    assert!(
        journal.contains("a2"),
        "every answer is in the journal: {journal}"
    );
    assert_eq!(tab.page.len(), 2, "nothing dropped from the page");

    b.full = false;
    tab.answer(&mut b, "a3", json!("no"));
    tab.save(&mut b);
    assert_eq!(tab.drafts.status(), &Status::Saved);
    assert_eq!(b.stored("d").answers.len(), 3);
}

#[test]
fn hiding_the_page_writes_at_once_without_waiting_for_the_timer() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    tab.answer(&mut b, "a1", json!("yes"));
    assert!(tab.timer);
    tab.send(&mut b, Event::Flush); // visibilitychange → hidden, or pagehide
    assert!(!tab.timer, "the timer is cancelled");
    tab.settle(&mut b);
    assert_eq!(b.stored("d").answers, answers(&[("a1", json!("yes"))]));
    // Nothing pending: hiding again writes nothing.
    tab.send(&mut b, Event::Flush);
    assert!(tab.io.is_empty());
}

#[test]
fn changes_during_a_write_are_written_after_it() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    tab.answer(&mut b, "a1", json!("yes"));
    tab.send(&mut b, Event::Flush);
    assert!(tab.drafts.busy());
    tab.answer(&mut b, "a2", json!("yes"));
    tab.send(&mut b, Event::Flush);
    assert_eq!(tab.io.len(), 1, "one write at a time");
    tab.settle(&mut b);
    assert_eq!(tab.wrote(), 2);
    assert_eq!(b.stored("d").answers.len(), 2);
    assert_eq!(tab.drafts.status(), &Status::Saved);
    assert!(!tab.drafts.busy());
}

// persist-drafts.test.mjs

#[test]
fn rename_and_list_follow_the_open_draft_and_a_blank_name_is_refused() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    assert_eq!(tab.sent, [("d".to_string(), 0)], "a new draft is announced");
    tab.send(
        &mut b,
        Event::Rename {
            name: "  Factory B ".into(),
            now: "t2".into(),
        },
    );
    assert_eq!(tab.drafts.draft().name, "Factory B");
    assert_eq!(tab.drafts.list()[0].name, "Factory B");
    tab.save(&mut b);
    assert_eq!(b.stored("d").name, "Factory B");
    let rev = tab.drafts.draft().revision;
    tab.send(
        &mut b,
        Event::Rename {
            name: "   ".into(),
            now: "t3".into(),
        },
    );
    assert_eq!(tab.drafts.draft().name, "Factory B");
    assert_eq!(tab.drafts.draft().revision, rev, "no change");
}

#[test]
fn delete_and_undo_keep_the_list_right() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    let text = b.drafts.remove("d").unwrap();
    tab.send(&mut b, Event::Deleted { id: "d".into() });
    assert!(tab.drafts.list().is_empty());
    b.drafts.insert("d".into(), text.clone());
    tab.send(
        &mut b,
        Event::Undeleted {
            id: "d".into(),
            text,
        },
    );
    let names: Vec<_> = tab.drafts.list().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Factory A"]);
}

#[test]
fn an_older_bank_sets_answers_aside_and_saves_the_migration() {
    let bank = bank();
    let mut b = Browser::default();
    let mut old = Draft::new(&bank, "d", "Last year", "t0");
    old.bank_version = "0.9".into();
    old.answers = answers(&[("a1", json!("yes")), ("retired", json!("yes"))]);
    b.drafts.insert("d".into(), old.to_json());
    let mut tab = Tab::new(&bank, "one");
    tab.open(&mut b, "d");
    assert_eq!(tab.notices, [Notice::Migrated { count: 1 }]);
    assert_eq!(tab.page, answers(&[("a1", json!("yes"))]));
    assert!(tab.drafts.draft().set_aside.contains_key("retired"));
    tab.save(&mut b);
    let stored = b.stored("d");
    assert_eq!(stored.bank_version, bank.version, "the migration is saved");
    assert!(
        stored.set_aside.contains_key("retired"),
        "set aside, not dropped"
    );
}

#[test]
fn a_stored_value_the_bank_refuses_is_set_aside_and_the_list_can_be_dismissed() {
    let bank = bank();
    let mut b = Browser::default();
    let mut d = Draft::new(&bank, "d", "Factory A", "t0");
    d.answers = answers(&[("a1", json!("maybe")), ("a2", json!("no"))]);
    b.drafts.insert("d".into(), d.to_json());
    let mut tab = Tab::new(&bank, "one");
    tab.open(&mut b, "d");
    assert_eq!(tab.notices, [Notice::RefusedOnOpen { count: 1 }]);
    tab.save(&mut b);
    assert!(b.stored("d").set_aside.contains_key("a1"));
    tab.send(&mut b, Event::DismissSetAside { now: "t2".into() });
    assert_eq!(tab.notices.last(), Some(&Notice::SetAsideDismissed));
    tab.save(&mut b);
    assert!(b.stored("d").set_aside.is_empty());
    assert_eq!(b.stored("d").answers, answers(&[("a2", json!("no"))]));
}

#[test]
fn a_newer_draft_format_is_refused_and_left_byte_equal() {
    let bank = bank();
    let mut b = Browser::default();
    let newer = r#"{"format": 99, "id": "d", "name": "From the future", "revision": 4}"#;
    b.drafts.insert("d".into(), newer.into());
    let mut tab = Tab::new(&bank, "one");
    tab.open(&mut b, "d");
    assert!(!tab.log.contains(&Action::ShowDraft), "not opened");
    let [Notice::Refused { name, error }] = tab.notices.as_slice() else {
        panic!("{:?}", tab.notices)
    };
    assert_eq!(name, "From the future", "named as the list names it");
    assert!(
        matches!(error, DraftError::NewerFormat { found: 99, .. }),
        "{error:?}"
    );
    let listed = &tab.drafts.list()[0];
    assert!(listed.refused.is_some());
    tab.send(&mut b, Event::Flush);
    tab.settle(&mut b);
    assert_eq!(b.drafts["d"], newer, "never rewritten");
}

#[test]
fn a_draft_for_another_bank_is_refused() {
    let bank = bank();
    let mut b = Browser::default();
    let mut d = Draft::new(&bank, "d", "Portal draft", "t0");
    d.bank = "portal-bank".into();
    b.drafts.insert("d".into(), d.to_json());
    let mut tab = Tab::new(&bank, "one");
    tab.open(&mut b, "d");
    assert!(matches!(tab.notices.as_slice(), [Notice::Refused { .. }]));
    assert!(tab.current.is_none());
}

// persist-integrity.test.mjs

#[test]
fn a_store_that_never_opens_is_said_and_the_journal_keeps_the_answers() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.send(
        &mut b,
        Event::StoreUnavailable("IndexedDB did not open in time".into()),
    );
    tab.send(
        &mut b,
        Event::Created {
            draft: Draft::new(&bank, "d", "Factory A", "t0"),
            stored: None,
        },
    );
    tab.answer(&mut b, "a1", json!("yes"));
    assert_eq!(
        failed(&tab),
        Some(Failure::Unavailable(
            "IndexedDB did not open in time".into()
        )),
        "the reason stays, not \"Saving…\""
    );
    tab.save(&mut b);
    assert_eq!(tab.wrote(), 0);
    assert!(b.journals["d:one"].contains("a1"));
}

#[test]
fn no_store_at_all_fails_as_no_storage_on_the_first_write() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.send(
        &mut b,
        Event::Created {
            draft: Draft::new(&bank, "d", "Factory A", "t0"),
            stored: None,
        },
    );
    assert_eq!(tab.drafts.status(), &Status::Saved);
    tab.answer(&mut b, "a1", json!("yes"));
    assert_eq!(tab.drafts.status(), &Status::Saving);
    tab.save(&mut b);
    assert_eq!(failed(&tab), Some(Failure::NoStorage));
    assert_eq!(tab.wrote(), 0);
}

#[test]
fn another_tab_upgrading_the_store_lets_this_one_go_on_with_the_journal() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    tab.send(&mut b, Event::StorageLost);
    assert_eq!(failed(&tab), Some(Failure::StorageLost));
    tab.answer(&mut b, "a1", json!("yes"));
    tab.save(&mut b);
    assert_eq!(failed(&tab), Some(Failure::StorageLost), "the reason stays");
    assert_eq!(tab.wrote(), 0);
    assert_eq!(
        tab.page,
        answers(&[("a1", json!("yes"))]),
        "answering goes on"
    );
    assert!(b.journals["d:one"].contains("a1"));
}

#[test]
fn a_journal_that_cannot_be_written_shows_not_saved_until_the_answer_is_stored() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    b.journal_broken = true;
    tab.answer(&mut b, "a1", json!("yes"));
    assert_eq!(
        failed(&tab),
        Some(Failure::Store(quota())),
        "\"Not saved\", not \"Saving…\""
    );
    tab.save(&mut b);
    assert_eq!(tab.drafts.status(), &Status::Saved, "stored: saved");
    assert_eq!(b.stored("d").answers, answers(&[("a1", json!("yes"))]));
}

#[test]
fn two_tabs_a_merge_keeps_the_name_the_other_tab_gave_the_draft() {
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, mut two) = two_tabs(&bank, &mut b);
    two.send(
        &mut b,
        Event::Rename {
            name: "Renamed in two".into(),
            now: "t2".into(),
        },
    );
    two.save(&mut b);
    // Tab one missed the message and answers: its write finds tab two's revision.
    one.answer(&mut b, "a2", json!("no"));
    one.save(&mut b);
    assert_eq!(one.notices.last(), Some(&Notice::Merged { both: vec![] }));
    assert_eq!(one.drafts.draft().name, "Renamed in two");
    let stored = b.stored("d");
    assert_eq!(stored.name, "Renamed in two");
    assert_eq!(
        stored.answers,
        answers(&[("a1", json!("yes")), ("a2", json!("no"))])
    );
    assert_eq!(one.drafts.status(), &Status::Saved);
}

#[test]
fn two_tabs_a_merge_keeps_the_other_tabs_set_aside_answers_and_says_which_both_changed() {
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, _two) = two_tabs(&bank, &mut b);
    // Tab two sets an answer aside (a reopened draft in a later bank, say) and changes a1.
    let mut theirs = b.stored("d");
    theirs.set_aside.insert(
        "retired".into(),
        openfem::core::draft::SetAside {
            value: json!("yes"),
            reason: "gone".into(),
            from_version: "0.9".into(),
        },
    );
    theirs.answers.set("a1", json!("no"));
    theirs.revision += 1;
    b.drafts.insert("d".into(), theirs.to_json());
    one.answer(&mut b, "a1", json!("partial"));
    one.save(&mut b);
    let Some(Notice::Merged { both }) = one.notices.last() else {
        panic!("{:?}", one.notices)
    };
    assert_eq!(both, &["a1"]);
    let stored = b.stored("d");
    assert!(
        stored.set_aside.contains_key("retired"),
        "their set-aside answer kept"
    );
    assert_eq!(
        stored.answers.get("a1"),
        Some(&json!("partial")),
        "this tab's kept"
    );
    assert_eq!(one.page, stored.answers, "the page shows the merge");
}

#[test]
fn two_tabs_a_crashed_tab_keeps_its_change_whatever_the_other_saves() {
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, mut two) = two_tabs(&bank, &mut b);
    one.answer(&mut b, "a2", json!("no"));
    drop(one); // crashed before its write: its journal is left
    two.answer(&mut b, "a3", json!("yes"));
    two.save(&mut b);
    let mut reopened = Tab::new(&bank, "three");
    reopened.open(&mut b, "d");
    assert_eq!(reopened.notices, [Notice::Recovered]);
    reopened.save(&mut b);
    let stored = b.stored("d").answers;
    assert_eq!(
        stored.get("a2"),
        Some(&json!("no")),
        "the crashed tab's change"
    );
    assert_eq!(
        stored.get("a3"),
        Some(&json!("yes")),
        "the other tab's save"
    );
    assert!(
        b.journals.is_empty(),
        "the crashed tab's journal goes once stored"
    );
}

#[test]
fn the_export_reminder_comes_once_for_evictable_storage_or_a_long_time_without_export() {
    let day = 24.0 * 3600.0 * 1000.0;
    let now = 100.0 * day;
    assert_eq!(
        reminder(now, None, None, now, Some(false)),
        Some(Reminder::MayBeDeleted)
    );
    assert_eq!(reminder(now, None, None, now, Some(true)), None);
    assert_eq!(
        reminder(now, None, None, now, None),
        None,
        "unknown: no reminder"
    );
    assert_eq!(
        reminder(now, None, Some(now - day), now, Some(false)),
        None,
        "dismissed: not shown again for a while"
    );
    assert_eq!(
        reminder(
            now,
            Some(now - 40.0 * day),
            None,
            now - 40.0 * day,
            Some(true)
        ),
        Some(Reminder::NotExported { days: 40 })
    );
    assert_eq!(
        reminder(now, None, None, now - 31.0 * day, None),
        Some(Reminder::NotExported { days: 31 })
    );
    assert_eq!(
        reminder(now, Some(now - day), None, now - day, Some(false)),
        None,
        "exported recently"
    );
}

// persist-tabs.test.mjs

#[test]
fn the_other_tab_sees_each_change() {
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, mut two) = two_tabs(&bank, &mut b);
    one.answer(&mut b, "a2", json!("no"));
    one.save(&mut b);
    one.deliver(&mut b, &mut two);
    assert_eq!(
        two.page,
        answers(&[("a1", json!("yes")), ("a2", json!("no"))])
    );
    assert_eq!(two.notices.last(), Some(&Notice::UpdatedElsewhere));
    assert_eq!(two.wrote(), 0, "a tab without changes only reloads");
    // An old message (a revision already seen) changes nothing.
    let shown = two.log.len();
    two.send(
        &mut b,
        Event::Message {
            id: "d".into(),
            rev: 1,
        },
    );
    two.settle(&mut b);
    assert_eq!(
        two.log[shown..]
            .iter()
            .filter(|a| **a == Action::ShowDraft)
            .count(),
        0
    );
}

#[test]
fn a_message_about_another_draft_reads_nothing() {
    let bank = bank();
    let mut b = Browser::default();
    let (_one, mut two) = two_tabs(&bank, &mut b);
    two.send(
        &mut b,
        Event::Message {
            id: "other".into(),
            rev: 9,
        },
    );
    assert!(two.io.is_empty());
}

#[test]
fn a_tab_with_unsaved_changes_that_gets_a_message_writes_and_merges() {
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, mut two) = two_tabs(&bank, &mut b);
    one.answer(&mut b, "a2", json!("no"));
    one.save(&mut b);
    two.answer(&mut b, "a3", json!("yes"));
    assert!(two.timer);
    one.deliver(&mut b, &mut two); // tab two writes at once and finds tab one's save
    assert_eq!(two.notices.last(), Some(&Notice::Merged { both: vec![] }));
    assert_eq!(b.stored("d").answers.len(), 3);
    assert_eq!(two.drafts.status(), &Status::Saved);
}

#[test]
fn a_draft_deleted_in_another_tab_is_not_written_back_and_is_kept_as_a_new_draft_on_request() {
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, mut two) = two_tabs(&bank, &mut b);
    // Tab one deletes the draft and tells the others.
    b.drafts.remove("d");
    two.send(
        &mut b,
        Event::Message {
            id: "d".into(),
            rev: 0,
        },
    );
    two.settle(&mut b);
    assert!(two.drafts.orphaned());
    assert_eq!(
        two.drafts
            .list()
            .last()
            .map(|e: &Entry| (e.id.as_str(), e.gone)),
        Some(("d", true)),
        "listed as gone until the user decides"
    );
    two.answer(&mut b, "a2", json!("no"));
    two.send(&mut b, Event::Flush);
    two.settle(&mut b);
    assert!(!b.drafts.contains_key("d"), "never written back");
    assert!(
        b.journals_of("d").is_empty(),
        "nor journaled (an Undo elsewhere would recover it)"
    );
    two.send(
        &mut b,
        Event::Keep {
            id: "kept".into(),
            now: "t3".into(),
        },
    );
    two.settle(&mut b);
    assert!(!two.drafts.orphaned());
    assert_eq!(two.current.as_deref(), Some("kept"));
    assert_eq!(
        two.notices.last(),
        Some(&Notice::Kept {
            name: "Factory A".into()
        })
    );
    let kept = b.stored("kept");
    assert_eq!(
        kept.answers,
        answers(&[("a1", json!("yes")), ("a2", json!("no"))])
    );
    assert_eq!(kept.revision, 0);
    assert!(two.drafts.list().iter().all(|e| e.id != "d"));
    two.deliver(&mut b, &mut one);
    // Saving goes on into the kept draft.
    two.answer(&mut b, "a3", json!("yes"));
    two.save(&mut b);
    assert_eq!(b.stored("kept").answers.len(), 3);
}

#[test]
fn keeping_an_orphaned_draft_when_storage_is_full_leaves_it_orphaned() {
    let bank = bank();
    let mut b = Browser::default();
    let (_one, mut two) = two_tabs(&bank, &mut b);
    b.drafts.remove("d");
    two.send(
        &mut b,
        Event::Message {
            id: "d".into(),
            rev: 0,
        },
    );
    two.settle(&mut b);
    b.full = true;
    two.send(
        &mut b,
        Event::Keep {
            id: "kept".into(),
            now: "t3".into(),
        },
    );
    two.settle(&mut b);
    assert!(two.drafts.orphaned(), "still orphaned: Export is offered");
    assert_eq!(failed(&two), Some(Failure::Store(quota())));
    assert!(!two.drafts.busy());
}

#[test]
fn undo_in_the_deleting_tab_lets_the_other_tab_save_into_the_draft_again_merged() {
    let bank = bank();
    let mut b = Browser::default();
    let (_one, mut two) = two_tabs(&bank, &mut b);
    let text = b.drafts.remove("d").unwrap();
    two.send(
        &mut b,
        Event::Message {
            id: "d".into(),
            rev: 0,
        },
    );
    two.settle(&mut b);
    two.answer(&mut b, "a2", json!("no"));
    assert!(two.drafts.orphaned());
    // Undo in tab one: stored again, announced.
    let rev = revision_of(&text);
    b.drafts.insert("d".into(), text);
    two.send(
        &mut b,
        Event::Message {
            id: "d".into(),
            rev,
        },
    );
    two.settle(&mut b);
    assert!(!two.drafts.orphaned());
    assert!(two.notices.contains(&Notice::RestoredElsewhere {
        name: "Factory A".into()
    }));
    let stored = b.stored("d");
    assert_eq!(
        stored.answers,
        answers(&[("a1", json!("yes")), ("a2", json!("no"))])
    );
    assert!(two.drafts.list().iter().all(|e| !e.gone), "listed afresh");
}

#[test]
fn a_tab_that_missed_the_delete_finds_the_draft_gone_and_restores_it_on_request() {
    let bank = bank();
    let mut b = Browser::default();
    let (_one, mut two) = two_tabs(&bank, &mut b);
    b.drafts.remove("d"); // the message never arrives
    two.answer(&mut b, "a2", json!("no"));
    two.save(&mut b);
    assert!(two.drafts.orphaned(), "its write found the draft gone");
    assert!(!b.drafts.contains_key("d"));
    assert!(b.journals_of("d").is_empty());
    two.send(&mut b, Event::Restore { now: "t4".into() });
    two.settle(&mut b);
    assert!(!two.drafts.orphaned());
    assert_eq!(
        two.notices.last(),
        Some(&Notice::Restored {
            name: "Factory A".into()
        })
    );
    let stored = b.stored("d");
    assert_eq!(
        stored.answers,
        answers(&[("a1", json!("yes")), ("a2", json!("no"))])
    );
    assert!(two.drafts.list().iter().all(|e| !e.gone));
    assert_eq!(two.drafts.status(), &Status::Saved);
}

// The widget's life and roles.

#[test]
fn a_disposed_controller_does_nothing_more() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    tab.answer(&mut b, "a1", json!("yes"));
    tab.send(&mut b, Event::Disposed);
    assert!(!tab.timer, "its timer is cancelled");
    let before = tab.log.len();
    tab.answer(&mut b, "a2", json!("yes"));
    tab.send(&mut b, Event::Flush);
    assert_eq!(tab.log.len(), before);
}

#[test]
fn readonly_refuses_renaming_and_switching_but_saves_answers_the_host_sets() {
    let bank = bank();
    let mut b = Browser::default();
    let placeholder = Draft::new(&bank, "unsaved", "", "t0");
    let mut tab = Tab::with(Autosave::new(&bank, placeholder, true), "one");
    tab.create(&mut b, "d", "Reviewed", &bank);
    assert!(tab.drafts.readonly(), "the widget asks before switching");
    tab.send(
        &mut b,
        Event::Rename {
            name: "Changed".into(),
            now: "t2".into(),
        },
    );
    assert_eq!(tab.drafts.draft().name, "Reviewed");
    // The JS API may still set answers (`readonly` disables the inputs): they are kept.
    tab.answer(&mut b, "a1", json!("yes"));
    tab.save(&mut b);
    assert_eq!(b.stored("d").answers, answers(&[("a1", json!("yes"))]));
    assert_eq!(b.stored("d").name, "Reviewed");
}

#[test]
fn a_newer_save_this_version_cannot_read_is_not_overwritten() {
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, _two) = two_tabs(&bank, &mut b);
    let newer = r#"{"format": 99, "id": "d", "revision": 50}"#;
    b.drafts.insert("d".into(), newer.into());
    one.answer(&mut b, "a2", json!("no"));
    one.save(&mut b);
    assert!(matches!(failed(&one), Some(Failure::Unreadable(_))));
    assert_eq!(b.drafts["d"], newer);
    assert!(!one.drafts.busy());
}

#[test]
fn the_draft_opened_instead_is_the_last_listed_that_can_be_opened() {
    let bank = bank();
    let mut b = Browser::default();
    for (id, name) in [("a", "First"), ("b", "Second")] {
        b.drafts
            .insert(id.into(), Draft::new(&bank, id, name, "t0").to_json());
    }
    b.drafts
        .insert("c".into(), r#"{"format": 99, "name": "Newer"}"#.into());
    let mut tab = Tab::new(&bank, "one");
    let records = b.drafts.clone().into_iter().collect();
    tab.send(&mut b, Event::Listed(records));
    assert_eq!(
        tab.drafts.last_openable(None).as_deref(),
        Some("b"),
        "not the refused one"
    );
    assert_eq!(
        tab.drafts.last_openable(Some("b")).as_deref(),
        Some("a"),
        "not the one wanted"
    );
    tab.send(&mut b, Event::Deleted { id: "b".into() });
    tab.send(&mut b, Event::Deleted { id: "a".into() });
    assert_eq!(
        tab.drafts.last_openable(None),
        None,
        "none left: a new draft is made"
    );
}

#[test]
fn the_other_tab_sees_a_rename() {
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, mut two) = two_tabs(&bank, &mut b);
    one.send(
        &mut b,
        Event::Rename {
            name: "Dyehouse 2".into(),
            now: "t2".into(),
        },
    );
    one.save(&mut b);
    one.deliver(&mut b, &mut two);
    assert_eq!(two.drafts.draft().name, "Dyehouse 2");
    assert_eq!(two.notices.last(), Some(&Notice::UpdatedElsewhere));
}

#[test]
fn a_duplicate_is_a_new_stored_draft_with_the_answers_and_the_original_is_untouched() {
    let bank = bank();
    let mut b = Browser::default();
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "d", "Factory A", &bank);
    tab.answer(&mut b, "a1", json!("yes"));
    tab.save(&mut b);
    // `Persist::duplicate`: after settling, a new draft with the open one's answers, stored.
    let mut copy = Draft::new(&bank, "copy", "Copy of Factory A", "t2");
    copy.answers = tab.drafts.draft().answers.clone();
    b.drafts.insert("copy".into(), copy.to_json());
    tab.send(
        &mut b,
        Event::Created {
            draft: copy,
            stored: Some(Ok(())),
        },
    );
    assert_eq!(tab.current.as_deref(), Some("copy"));
    assert_eq!(tab.page, answers(&[("a1", json!("yes"))]));
    tab.answer(&mut b, "a2", json!("no"));
    tab.save(&mut b);
    assert_eq!(b.stored("copy").answers.len(), 2);
    assert_eq!(b.stored("d").answers.len(), 1, "the original is untouched");
    let names: Vec<_> = tab.drafts.list().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Factory A", "Copy of Factory A"]);
}

#[test]
fn switching_drafts_stores_the_open_one_first() {
    let bank = bank();
    let mut b = Browser::default();
    let mut other = Draft::new(&bank, "b", "Factory B", "t0");
    other.answers = answers(&[("a3", json!("no"))]);
    b.drafts.insert("b".into(), other.to_json());
    let mut tab = Tab::new(&bank, "one");
    tab.create(&mut b, "a", "Factory A", &bank);
    tab.answer(&mut b, "a1", json!("yes"));
    // `Persist::switch`: settle (flush, wait for the write), then open the other draft.
    tab.send(&mut b, Event::Flush);
    tab.settle(&mut b);
    assert!(!tab.drafts.busy());
    let event = Event::Open {
        id: "b".into(),
        stored: b.drafts.get("b").cloned(),
        journals: b.journals_of("b"),
    };
    tab.send(&mut b, event);
    assert_eq!(b.stored("a").answers, answers(&[("a1", json!("yes"))]));
    assert_eq!(tab.current.as_deref(), Some("b"));
    assert_eq!(tab.page, answers(&[("a3", json!("no"))]));
    assert_eq!(tab.drafts.status(), &Status::Saved);
    tab.answer(&mut b, "a2", json!("yes"));
    tab.save(&mut b);
    assert_eq!(
        b.stored("b").answers.len(),
        2,
        "saving goes on into the draft opened"
    );
    assert_eq!(b.stored("a").answers.len(), 1);
}

#[test]
fn a_dismissed_data_check_is_saved_and_a_merge_keeps_both_tabs_dismissals() {
    use openfem::core::answers::Dismissal;
    let bank = bank();
    let mut b = Browser::default();
    let (mut one, mut two) = two_tabs(&bank, &mut b);
    let note = |n: &str| Dismissal {
        note: n.into(),
        at: "t2".into(),
    };
    two.send(
        &mut b,
        Event::Dismiss {
            key: "energy:e1".into(),
            dismissal: Some(note("metered twice")),
            now: "t2".into(),
        },
    );
    two.save(&mut b);
    assert!(b.stored("d").dismissed.contains_key("energy:e1"));
    // Tab one missed it and dismisses another check: its write merges.
    one.send(
        &mut b,
        Event::Dismiss {
            key: "water:w1".into(),
            dismissal: Some(note("seasonal")),
            now: "t3".into(),
        },
    );
    one.save(&mut b);
    let stored = b.stored("d").dismissed;
    assert_eq!(stored.len(), 2, "{stored:?}");
    // Shown again (`None`), and a replace with the same set changes nothing.
    one.send(
        &mut b,
        Event::Dismiss {
            key: "water:w1".into(),
            dismissal: None,
            now: "t4".into(),
        },
    );
    one.save(&mut b);
    assert_eq!(b.stored("d").dismissed.len(), 1);
    let rev = one.drafts.draft().revision;
    let same = one.drafts.draft().dismissed.clone();
    one.send(
        &mut b,
        Event::ReplaceDismissals {
            dismissed: same,
            now: "t5".into(),
        },
    );
    assert_eq!(one.drafts.draft().revision, rev);
}
