//! The drafts controller's decisions, as a state machine with no I/O: what to save and when,
//! what to merge, when the open draft is orphaned, and what to tell the user.
//!
//! The widget (`ui::drafts`) feeds it [`Event`]s (an answer changed, a write finished or
//! failed, the coalescing timer fired, another tab's message, the page hidden…) and performs the
//! [`Action`]s it returns (IndexedDB and journal writes, timers, the channel to other tabs, what
//! the page shows). Results of actions come back as events: a [`Action::Write`] is answered by
//! [`Event::Written`], [`Event::WriteNewer`], [`Event::WriteGone`] or [`Event::WriteFailed`].
//!
//! How saving works: every change bumps the open draft's revision, is journaled at once (a
//! synchronous store that survives a crash) and written, coalesced, to the drafts store. A write
//! names the stored revision it is based on; when another tab saved in between, the two tabs'
//! drafts are merged (`draft::merge_drafts`: answers, name, set-aside answers) and the user is
//! told, so no update is lost silently. A draft deleted in another tab is never written back:
//! the controller stops saving into it (orphaned) until the user keeps the answers as a new
//! draft or restores it, or the other tab undoes the delete.

use super::answers::{Answers, Dismissal, Dismissals};
use super::bank::Bank;
use super::draft::{merge_drafts, recover_all, Draft, DraftError, Journal};

/// Why a store operation failed, as the store reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreFailure {
    pub message: String,
    /// Browser storage is full.
    pub quota: bool,
}

/// Why answers are not saved.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// A write (to the store or the journal) failed.
    Store(StoreFailure),
    /// The drafts store never opened (the reason given by the store).
    Unavailable(String),
    /// There is no drafts store to write to.
    NoStorage,
    /// Another tab upgraded the store: this tab's connection was closed.
    StorageLost,
    /// Another tab saved a draft this version cannot read.
    Unreadable(DraftError),
}

/// The save status shown to the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Loading,
    Saved,
    Saving,
    Failed(Failure),
}

/// What the user is told (once, in the page's notice).
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Another tab saved the open draft and this tab shows its version.
    UpdatedElsewhere,
    /// Both tabs' changes were merged; `both`: questions both changed (this tab's answer kept).
    Merged { both: Vec<String> },
    /// The orphaned draft's answers were kept as a new draft.
    Kept { name: String },
    /// The orphaned draft was written back.
    Restored { name: String },
    /// Another tab stored the orphaned draft again.
    RestoredElsewhere { name: String },
    /// Changes not saved before (this tab's or a crashed tab's) were recovered from a journal.
    Recovered,
    /// Opening the draft in a newer bank set `count` answers aside.
    Migrated { count: usize },
    /// Opening the draft set aside `count` answers this bank refuses.
    RefusedOnOpen { count: usize },
    /// The draft cannot be opened.
    Refused { name: String, error: DraftError },
    /// The answers set aside were dismissed.
    SetAsideDismissed,
}

/// A stored draft, as the draft list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub answered: usize,
    /// Why it cannot be opened (a newer draft format), if so. It is never rewritten.
    pub refused: Option<DraftError>,
    /// The open draft, deleted in another tab (listed until the user decides).
    pub gone: bool,
}

impl Entry {
    /// The entry of a stored record; a draft that cannot be read is listed as refused.
    pub fn of_stored(id: &str, text: &str) -> Entry {
        match Draft::parse(text) {
            Ok(d) => Entry {
                id: id.into(),
                name: d.name,
                answered: d.answers.len(),
                refused: None,
                gone: false,
            },
            Err(e) => {
                let raw: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
                Entry {
                    id: id.into(),
                    name: raw
                        .get("name")
                        .and_then(|n| n.as_str())
                        .unwrap_or(id)
                        .to_string(),
                    answered: 0,
                    refused: Some(e),
                    gone: false,
                }
            }
        }
    }
}

/// What happened.
#[derive(Clone, Debug)]
pub enum Event {
    /// The drafts store opened.
    StoreOpened,
    /// The drafts store cannot be opened (why, as the store says).
    StoreUnavailable(String),
    /// Another tab upgraded the store: there is no store any more.
    StorageLost,
    /// A store operation outside saving (listing, reading, deleting) failed.
    StoreFailed(StoreFailure),
    /// The stored records (id, text), listed afresh.
    Listed(Vec<(String, String)>),
    /// Open draft `id`: its stored text (none: not stored) and every tab's journal of it (key,
    /// text). Answered by [`Action::ShowDraft`] when it opens.
    Open {
        id: String,
        stored: Option<String>,
        journals: Vec<(String, String)>,
    },
    /// A new draft was made (already stored when `stored` is `Some(Ok)`; `None`: no store).
    Created {
        draft: Draft,
        stored: Option<Result<(), StoreFailure>>,
    },
    /// The draft `id` was deleted here.
    Deleted { id: String },
    /// The deleted draft `id` is stored again as `text` (Undo here).
    Undeleted { id: String, text: String },
    /// The answers changed (the user, an import, the JS API).
    Changed { answers: Answers, now: String },
    /// The result of [`Action::WriteJournal`].
    Journaled(Result<(), StoreFailure>),
    /// Write now: the coalescing timer fired, the page is hidden or left, or a switch is next.
    Flush,
    /// The write was stored.
    Written,
    /// The write found the draft gone (deleted in another tab).
    WriteGone,
    /// The write found a newer revision, stored by another tab (its text).
    WriteNewer(String),
    /// The write failed.
    WriteFailed(StoreFailure),
    /// Another tab saved draft `id` at `rev`, deleted it, or changed the list.
    Message { id: String, rev: u64 },
    /// The store's draft `id` read after a message (none: not stored).
    MessageRead {
        id: String,
        rev: u64,
        stored: Option<String>,
    },
    /// The user renames the open draft.
    Rename { name: String, now: String },
    /// The user has dealt with the answers set aside.
    DismissSetAside { now: String },
    /// The user dismisses data check `key` with a note (`Some`) or shows it again (`None`).
    Dismiss {
        key: String,
        dismissal: Option<Dismissal>,
        now: String,
    },
    /// The dismissed data checks are replaced (an import over the open draft).
    ReplaceDismissals { dismissed: Dismissals, now: String },
    /// The user keeps the orphaned draft's answers as a new draft with id `id`.
    Keep { id: String, now: String },
    /// The result of [`Action::StoreNew`] for `Keep`.
    KeepStored(Result<(), StoreFailure>),
    /// The user restores the orphaned draft, with this tab's answers.
    Restore { now: String },
    /// The widget is going away: nothing more happens.
    Disposed,
}

/// What to do, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Write this tab's journal of draft `id` (synchronously); answer with [`Event::Journaled`].
    WriteJournal {
        id: String,
        journal: String,
    },
    /// Remove this tab's journal of draft `id`.
    ClearJournal {
        id: String,
    },
    /// Remove journals recovered from other tabs (by key): their changes are stored.
    RemoveJournals(Vec<String>),
    /// (Re)start the coalescing timer; [`Event::Flush`] when it fires.
    StartTimer,
    CancelTimer,
    /// Store draft `id` as `text` if its stored revision is still `base_rev` (and, when
    /// `must_exist`, it is still stored).
    Write {
        id: String,
        text: String,
        base_rev: u64,
        must_exist: bool,
    },
    /// Store a new draft; answer with [`Event::KeepStored`].
    StoreNew {
        id: String,
        text: String,
    },
    /// Tell the other tabs that draft `id` is stored at `rev`.
    Broadcast {
        id: String,
        rev: u64,
    },
    /// Read the store's draft `id` for a message; answer with [`Event::MessageRead`].
    ReadForMessage {
        id: String,
        rev: u64,
    },
    /// List the stored drafts afresh; answer with [`Event::Listed`].
    RefreshList,
    /// Remember draft `id` as the one to open next time.
    SetCurrent {
        id: String,
    },
    /// Show the open draft's answers (and name, set-aside answers: [`Autosave::draft`]).
    ShowDraft,
    Notify(Notice),
}

/// The open draft and what this tab knows of its stored copy. `B` holds the bank: `&Bank`, or
/// `Arc<Bank>` in the widget (which frees a bank with the last widget showing it).
pub struct Autosave<B> {
    bank: B,
    /// A reviewer's widget: drafts are not managed (renamed, switched).
    readonly: bool,
    /// The open draft as this tab has it.
    draft: Draft,
    /// The stored revision the draft is based on, and that draft as stored (for merging).
    base_rev: u64,
    base: Draft,
    /// Other tabs' journals recovered into the draft: removed once its changes are stored.
    recovered: Vec<String>,
    /// Whether this tab has seen the draft stored: a write then requires it to be there still
    /// (absent = deleted in another tab, never brought back silently).
    in_store: bool,
    /// The draft being written, while a write is under way.
    writing: Option<Draft>,
    /// The draft was deleted in another tab: nothing is written until the user decides.
    orphaned: bool,
    /// The orphaned draft's answers being stored as a new draft (`Keep`).
    keeping: Option<Draft>,
    has_store: bool,
    timer: bool,
    disposed: bool,
    status: Status,
    list: Vec<Entry>,
}

impl<B: std::ops::Deref<Target = Bank>> Autosave<B> {
    /// Before anything is loaded: `draft` (new, not stored) is open.
    pub fn new(bank: B, draft: Draft, readonly: bool) -> Autosave<B> {
        Autosave {
            bank,
            readonly,
            base: draft.clone(),
            draft,
            base_rev: 0,
            recovered: Vec::new(),
            in_store: false,
            writing: None,
            orphaned: false,
            keeping: None,
            has_store: false,
            timer: false,
            disposed: false,
            status: Status::Loading,
            list: Vec::new(),
        }
    }

    pub fn draft(&self) -> &Draft {
        &self.draft
    }
    pub fn status(&self) -> &Status {
        &self.status
    }
    pub fn list(&self) -> &[Entry] {
        &self.list
    }
    /// The open draft was deleted in another tab and its answers exist only on this page.
    pub fn orphaned(&self) -> bool {
        self.orphaned
    }
    /// A write, or the keeping of an orphaned draft, is under way.
    pub fn busy(&self) -> bool {
        self.writing.is_some() || self.keeping.is_some()
    }
    /// Changes not stored yet.
    pub fn pending(&self) -> bool {
        self.draft.revision != self.base_rev
    }
    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// The draft to open when the one wanted cannot be (on load, or after a delete): the last
    /// listed that can be opened, other than `except`.
    pub fn last_openable(&self, except: Option<&str>) -> Option<String> {
        self.list
            .iter()
            .filter(|e| e.refused.is_none() && Some(e.id.as_str()) != except)
            .map(|e| e.id.clone())
            .next_back()
    }

    pub fn handle(&mut self, event: Event) -> Vec<Action> {
        let mut out = Vec::new();
        if self.disposed {
            return out;
        }
        match event {
            Event::StoreOpened => self.has_store = true,
            Event::StoreUnavailable(why) => self.status = Status::Failed(Failure::Unavailable(why)),
            Event::StorageLost => {
                self.has_store = false;
                self.status = Status::Failed(Failure::StorageLost);
            }
            Event::StoreFailed(e) => self.fail(e),
            Event::Listed(records) => {
                self.list = records
                    .iter()
                    .map(|(id, text)| Entry::of_stored(id, text))
                    .collect();
                if self.orphaned {
                    self.list_gone();
                }
            }
            Event::Open {
                id,
                stored,
                journals,
            } => self.open(&id, stored.as_deref(), journals, &mut out),
            Event::Created { draft, stored } => {
                if let Some(Err(e)) = &stored {
                    self.fail(e.clone());
                }
                self.in_store = matches!(stored, Some(Ok(())));
                self.orphaned = false;
                let id = draft.id.clone();
                self.list.push(Entry::of_stored(&id, &draft.to_json()));
                self.show(draft, false, &mut out);
                out.push(Action::Broadcast { id, rev: 0 });
            }
            Event::Deleted { id } => self.list.retain(|e| e.id != id),
            Event::Undeleted { id, text } => {
                self.list.retain(|e| e.id != id);
                self.list.push(Entry::of_stored(&id, &text));
            }
            Event::Changed { answers, now } => {
                if self.draft.answers != answers {
                    self.draft.answers = answers;
                    self.touch(now);
                    self.dirty(&mut out);
                }
            }
            Event::Journaled(Err(e)) => self.fail(e),
            Event::Journaled(Ok(())) => {
                if !self.failed() {
                    self.status = Status::Saving;
                }
            }
            Event::Flush => self.flush(&mut out),
            Event::Written => {
                if let Some(written) = self.writing.take() {
                    let (id, rev) = (written.id.clone(), written.revision);
                    let text = written.to_json();
                    self.base_rev = rev;
                    self.base = written;
                    self.in_store = true;
                    out.push(Action::Broadcast {
                        id: id.clone(),
                        rev,
                    });
                    // Listed if it was not (a draft first stored now: recovered from a journal
                    // when storage did not work before).
                    match self.list.iter_mut().find(|e| e.id == id) {
                        Some(e) => {
                            e.name = self.draft.name.clone();
                            e.answered = self.draft.answers.len();
                        }
                        None => self.list.push(Entry::of_stored(&id, &text)),
                    }
                    self.write_on(&mut out);
                }
            }
            Event::WriteGone => {
                self.writing = None;
                self.orphan(&mut out);
            }
            Event::WriteNewer(theirs) => {
                self.writing = None;
                match Draft::parse(&theirs) {
                    Ok(theirs) => {
                        self.merge_with(theirs, &mut out);
                        self.write_on(&mut out);
                    }
                    Err(e) => self.status = Status::Failed(Failure::Unreadable(e)),
                }
            }
            Event::WriteFailed(e) => {
                self.writing = None;
                self.fail(e);
            }
            Event::Message { id, rev } => {
                if id == self.draft.id && self.has_store {
                    out.push(Action::ReadForMessage { id, rev });
                }
            }
            Event::MessageRead { id, rev, stored } => self.on_message(&id, rev, stored, &mut out),
            Event::Rename { name, now } => {
                let name = name.trim();
                if !self.readonly && !name.is_empty() {
                    self.draft.name = name.to_string();
                    self.touch(now);
                    let id = &self.draft.id;
                    if let Some(e) = self.list.iter_mut().find(|e| e.id == *id) {
                        e.name = name.to_string();
                    }
                    self.dirty(&mut out);
                }
            }
            Event::DismissSetAside { now } => {
                self.draft.set_aside.clear();
                self.touch(now);
                self.dirty(&mut out);
                out.push(Action::Notify(Notice::SetAsideDismissed));
            }
            Event::Dismiss {
                key,
                dismissal,
                now,
            } => {
                match dismissal {
                    Some(d) => self.draft.dismissed.insert(key, d),
                    None => self.draft.dismissed.remove(&key),
                };
                self.touch(now);
                self.dirty(&mut out);
            }
            Event::ReplaceDismissals { dismissed, now } => {
                if self.draft.dismissed != dismissed {
                    self.draft.dismissed = dismissed;
                    self.touch(now);
                    self.dirty(&mut out);
                }
            }
            Event::Keep { id, now } => {
                if self.orphaned && self.has_store && self.keeping.is_none() {
                    let mut draft = self.draft.clone();
                    draft.id = id;
                    draft.revision = 0;
                    draft.updated = now;
                    out.push(Action::StoreNew {
                        id: draft.id.clone(),
                        text: draft.to_json(),
                    });
                    self.keeping = Some(draft);
                }
            }
            Event::KeepStored(result) => {
                if let Some(draft) = self.keeping.take() {
                    match result {
                        // Still orphaned: the answers stay on the page, Export is offered.
                        Err(e) => self.fail(e),
                        Ok(()) => self.kept(draft, &mut out),
                    }
                }
            }
            Event::Restore { now } => {
                if self.orphaned {
                    self.orphaned = false;
                    self.in_store = false; // it is written back on purpose
                    self.touch(now);
                    let id = &self.draft.id;
                    if let Some(e) = self.list.iter_mut().find(|e| e.id == *id) {
                        e.gone = false;
                    }
                    self.dirty(&mut out);
                    self.flush(&mut out);
                    let name = self.draft.name.clone();
                    out.push(Action::Notify(Notice::Restored { name }));
                }
            }
            Event::Disposed => {
                self.disposed = true;
                if std::mem::take(&mut self.timer) {
                    out.push(Action::CancelTimer);
                }
            }
        }
        out
    }

    fn failed(&self) -> bool {
        matches!(self.status, Status::Failed(_))
    }

    fn fail(&mut self, e: StoreFailure) {
        self.status = Status::Failed(Failure::Store(e));
    }

    /// A change to the open draft: a new revision.
    fn touch(&mut self, now: String) {
        self.draft.revision += 1;
        self.draft.updated = now;
    }

    /// Journals the open draft at once and schedules its write.
    fn dirty(&mut self, out: &mut Vec<Action>) {
        if self.orphaned {
            return; // not written anywhere until the user decides (the answers are on the page)
        }
        let journal = Journal {
            base: self.base_rev,
            draft: self.draft.clone(),
            base_draft: Some(self.base.clone()),
        };
        out.push(Action::WriteJournal {
            id: self.draft.id.clone(),
            journal: journal.to_json(),
        });
        self.timer = true;
        out.push(Action::StartTimer);
    }

    /// Writes the open draft now, unless a write is under way (it goes on when that one ends).
    fn flush(&mut self, out: &mut Vec<Action>) {
        if std::mem::take(&mut self.timer) {
            out.push(Action::CancelTimer);
        }
        if self.writing.is_none() && self.pending() && !self.orphaned {
            self.write(out);
        }
    }

    fn write(&mut self, out: &mut Vec<Action>) {
        if !self.has_store {
            // The reason already shown (why it did not open, or was taken over) stays; the
            // answers are in the journal and on the page.
            if !self.failed() {
                self.status = Status::Failed(Failure::NoStorage);
            }
            return;
        }
        out.push(Action::Write {
            id: self.draft.id.clone(),
            text: self.draft.to_json(),
            base_rev: self.base_rev,
            must_exist: self.in_store,
        });
        self.writing = Some(self.draft.clone());
    }

    /// After a write: the next one if there were changes meanwhile, else saved.
    fn write_on(&mut self, out: &mut Vec<Action>) {
        if self.orphaned {
            return;
        }
        if self.pending() {
            self.write(out);
            return;
        }
        out.push(Action::ClearJournal {
            id: self.draft.id.clone(),
        });
        let recovered = std::mem::take(&mut self.recovered);
        if !recovered.is_empty() {
            out.push(Action::RemoveJournals(recovered));
        }
        self.status = Status::Saved;
    }

    /// Another tab saved this draft since this tab read it: keep both tabs' changes.
    fn merge_with(&mut self, theirs: Draft, out: &mut Vec<Action>) {
        let (merged, both) = merge_drafts(&self.base, &self.draft, &theirs);
        self.base_rev = theirs.revision;
        self.base = theirs;
        self.draft = merged;
        out.push(Action::ShowDraft);
        out.push(Action::Notify(Notice::Merged { both }));
    }

    fn on_message(&mut self, id: &str, rev: u64, stored: Option<String>, out: &mut Vec<Action>) {
        if id != self.draft.id {
            return;
        }
        // The store decides, not the message (a delete and its Undo may arrive late).
        match (&stored, self.orphaned) {
            (None, false) if self.in_store => return self.orphan(out),
            (None, _) => return,
            (Some(_), true) => return self.restored_elsewhere(stored.as_deref(), out),
            (Some(_), false) => {}
        }
        if rev <= self.base_rev {
            return;
        }
        if self.pending() || self.writing.is_some() {
            // This tab has unsaved changes: its write merges with theirs.
            return self.flush(out);
        }
        if let Some(Ok(theirs)) = stored.as_deref().map(Draft::parse) {
            if theirs.id == self.draft.id {
                self.show(theirs, false, out);
                out.push(Action::Notify(Notice::UpdatedElsewhere));
            }
        }
    }

    /// The open draft is no longer stored (deleted in another tab): stop saving into it, keep
    /// the answers on the page and in the list.
    fn orphan(&mut self, out: &mut Vec<Action>) {
        if self.orphaned {
            return;
        }
        if std::mem::take(&mut self.timer) {
            out.push(Action::CancelTimer);
        }
        self.orphaned = true;
        self.list_gone();
        // A journal this tab wrote since the delete would be "recovered" into the deleted
        // draft by an Undo elsewhere; this tab's answers stay on the page instead.
        out.push(Action::ClearJournal {
            id: self.draft.id.clone(),
        });
    }

    /// Lists the open draft as deleted elsewhere (last).
    fn list_gone(&mut self) {
        let gone = Entry {
            id: self.draft.id.clone(),
            name: self.draft.name.clone(),
            answered: self.draft.answers.len(),
            refused: None,
            gone: true,
        };
        self.list.retain(|e| e.id != gone.id);
        self.list.push(gone);
    }

    fn kept(&mut self, draft: Draft, out: &mut Vec<Action>) {
        let old = self.draft.clone();
        self.orphaned = false;
        self.in_store = true;
        out.push(Action::ClearJournal { id: old.id.clone() });
        self.list.retain(|e| e.id != old.id);
        self.list
            .push(Entry::of_stored(&draft.id, &draft.to_json()));
        let id = draft.id.clone();
        self.show(draft, false, out);
        out.push(Action::Broadcast { id, rev: 0 });
        out.push(Action::Notify(Notice::Kept { name: old.name }));
    }

    /// The orphaned draft is stored again (Undo in the deleting tab, or Restore in a third):
    /// save into it again, merging with what is stored if this tab has changes.
    fn restored_elsewhere(&mut self, stored: Option<&str>, out: &mut Vec<Action>) {
        self.orphaned = false;
        self.in_store = true;
        let name = self.draft.name.clone();
        match stored.map(Draft::parse) {
            Some(Ok(theirs)) if !self.pending() => self.show(theirs, false, out),
            _ => {
                self.dirty(out);
                self.flush(out);
            }
        }
        out.push(Action::RefreshList);
        out.push(Action::Notify(Notice::RestoredElsewhere { name }));
    }

    /// Shows `draft` as the open draft, based on its stored revision unless `dirty` (then it is
    /// saved at once).
    fn show(&mut self, draft: Draft, dirty: bool, out: &mut Vec<Action>) {
        out.push(Action::SetCurrent {
            id: draft.id.clone(),
        });
        if !dirty {
            self.base_rev = draft.revision;
            self.base = draft.clone();
        }
        self.draft = draft;
        out.push(Action::ShowDraft);
        if dirty {
            self.dirty(out);
        } else if !self.failed() {
            self.status = Status::Saved;
        }
    }

    /// Opens a stored draft (or its journals), migrating it to this bank.
    fn open(
        &mut self,
        id: &str,
        stored: Option<&str>,
        journals: Vec<(String, String)>,
        out: &mut Vec<Action>,
    ) {
        let parsed = match stored.map(Draft::parse) {
            Some(Ok(d)) => Some(d),
            Some(Err(e)) => return self.refuse(id, &e, out),
            None => None,
        };
        let stored_rev = parsed.as_ref().map(|d| d.revision);
        let in_store = parsed.is_some();
        let stored_draft = parsed.clone();
        // Every tab's journal: this one's from before a reload, and those crashed tabs left.
        let texts: Vec<String> = journals.iter().map(|(_, text)| text.clone()).collect();
        let (draft, from_journal) = recover_all(parsed, &texts);
        if from_journal {
            self.recovered = journals.into_iter().map(|(key, _)| key).collect();
        }
        let Some(mut draft) = draft else {
            return;
        };
        let same_bank = draft.bank_version == self.bank.version;
        let moved = match draft.migrate(&self.bank) {
            Ok(moved) => moved,
            Err(e) => return self.refuse(id, &e, out),
        };
        if !moved.is_empty() {
            let count = moved.len();
            out.push(Action::Notify(if same_bank {
                Notice::RefusedOnOpen { count }
            } else {
                Notice::Migrated { count }
            }));
        }
        let dirty = from_journal || !moved.is_empty();
        if dirty && !from_journal {
            draft.revision += 1; // the migration is a change to save
        }
        if dirty {
            // Based on what is stored (none: revision 0).
            self.base_rev = stored_rev.unwrap_or(0);
            self.base = stored_draft
                .unwrap_or_else(|| Draft::new(&self.bank, &draft.id, &draft.name, &draft.updated));
        }
        self.in_store = in_store;
        self.orphaned = false;
        self.show(draft, dirty, out);
        if from_journal {
            out.push(Action::Notify(Notice::Recovered));
        }
    }

    fn refuse(&mut self, id: &str, e: &DraftError, out: &mut Vec<Action>) {
        let name = self
            .list
            .iter()
            .find(|x| x.id == id)
            .map_or_else(|| id.to_string(), |x| x.name.clone());
        out.push(Action::Notify(Notice::Refused {
            name,
            error: e.clone(),
        }));
    }
}

/// Why the user is reminded to export.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reminder {
    /// The browser refused to keep this page's storage: it may delete drafts when space is low.
    MayBeDeleted,
    /// No export for this many days.
    NotExported { days: u32 },
}

const DAY_MS: f64 = 24.0 * 3600.0 * 1000.0;
/// After this long without an export, the user is reminded to export (once, dismissable).
const EXPORT_DUE_MS: f64 = 30.0 * DAY_MS;

/// Whether to remind the user to export, at `now` (ms): the last export and dismissal (ms),
/// `since` (the last export, or when this page was first used) and whether the browser keeps
/// this page's storage (`None`: unknown). Quiet for a while after an export or a dismissal: the
/// reminder comes once.
pub fn reminder(
    now: f64,
    exported: Option<f64>,
    dismissed: Option<f64>,
    since: f64,
    persisted: Option<bool>,
) -> Option<Reminder> {
    let recent = |at: Option<f64>| at.is_some_and(|at| now - at < EXPORT_DUE_MS);
    if recent(exported) || recent(dismissed) {
        return None;
    }
    if now - since >= EXPORT_DUE_MS {
        return Some(Reminder::NotExported {
            days: ((now - since) / DAY_MS) as u32,
        });
    }
    (persisted == Some(false)).then_some(Reminder::MayBeDeleted)
}
