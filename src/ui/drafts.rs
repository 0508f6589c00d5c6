//! Drafts in this browser: autosave of the answers signal, the list of drafts (create, rename,
//! duplicate, delete with undo, switch), bank-version migration, two tabs, and their UI.
//!
//! Every change to `Ctx::answers` bumps the open draft's revision, is written at once to the
//! synchronous journal and, coalesced (300 ms), to IndexedDB (`store.rs`); the page's hiding or
//! leaving flushes at once. A write checks the stored revision in the same transaction: when
//! another tab saved in between, the two tabs' answers are merged (`core::draft::merge`) and the
//! user is told, so no update is lost silently. Tabs tell each other about saves on a
//! BroadcastChannel, and a tab without unsaved changes reloads the draft. A draft deleted in
//! another tab is never written back: the tab that has it open learns it (the channel, or its
//! next write finding the draft gone), stops saving into it and asks the user to keep the
//! answers as a new draft or restore it; Undo in the deleting tab lets it save again.

use std::any::Any;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::i18n::{english, is_text_of, message, t, tf};
use super::store::{self, Db, Put, StoreError};
use super::{Ctx, Notice};
use crate::core::datachecks::{Dismissal, Dismissals};
use crate::core::draft::{merge_drafts, recover_all, Draft, DraftError, Journal, SetAside};
use crate::core::words::place_in_words;
use crate::core::{Answers, AnswersDoc};

/// The default names of a draft the widget creates (the first one, and New).
const FIRST_NAME: &str = "drafts.first_name";
const NEW_NAME: &str = "drafts.new_name";

/// A draft's name as shown. A default name the person never changed is stored in English (a
/// draft never depends on the language) and shown in the widget's language, so it follows a
/// later change of language, as the rest of the widget does; a name the person typed is theirs
/// and is shown as typed. (A default name stored in another language, by an earlier version, is
/// recognised too once that language is loaded.)
pub(crate) fn shown_name(stored: &str) -> String {
    [FIRST_NAME, NEW_NAME]
        .into_iter()
        .find(|key| is_text_of(key, stored))
        .map_or_else(|| stored.to_string(), t)
}

/// How long changes are coalesced before the IndexedDB write.
const COALESCE: Duration = Duration::from_millis(300);

const DAY_MS: f64 = 24.0 * 3600.0 * 1000.0;
/// After this long without an export, the user is reminded to export (once, dismissable).
const EXPORT_DUE_MS: f64 = 30.0 * DAY_MS;

/// Why the user is reminded to export (`ExportReminder`).
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Reminder {
    /// The browser refused to keep this page's storage: it may delete drafts when space is low.
    MayBeDeleted,
    /// No export for this many days.
    NotExported { days: u32 },
}

/// The save status shown to the user.
#[derive(Clone, PartialEq)]
pub(crate) enum Status {
    Loading,
    Saved,
    Saving,
    /// Not saved, and why; `quota` when browser storage is full.
    Failed {
        why: String,
        quota: bool,
    },
}

/// A stored draft, as the draft list shows it.
#[derive(Clone, PartialEq)]
pub(crate) struct Entry {
    pub id: String,
    pub name: String,
    pub answered: usize,
    /// Why it cannot be opened (a newer draft format), if so. It is never rewritten.
    pub refused: Option<String>,
    /// The open draft, deleted in another tab (listed until the user decides).
    pub gone: bool,
}

struct State {
    namespace: String,
    db: Option<Rc<Db>>,
    /// The open draft as this tab has it (answers = the answers signal's, once seen).
    draft: Draft,
    /// The stored revision this tab's draft is based on, and that draft as stored (for merging
    /// with another tab's save: answers, name, set-aside answers).
    base_rev: u64,
    base: Draft,
    /// This tab's id, which keys its journal.
    tab: String,
    /// Other tabs' journals this tab recovered: removed once their changes are stored.
    recovered: Vec<String>,
    /// Whether this tab has seen the open draft stored: a write then requires it to still be
    /// there (absent = deleted in another tab, not to be brought back).
    in_store: bool,
    timer: Option<TimeoutHandle>,
    writing: bool,
    channel: Option<web_sys::BroadcastChannel>,
    /// The drafts tasks (`Persist::spawn`) under way: the store is disposed only at 0.
    tasks: usize,
    /// The window and document listeners (`listen`), removed by `close`.
    listeners: Vec<Listener>,
}

/// A listener added with `add_event_listener`, kept so that it can be removed.
struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    function: js_sys::Function,
    /// The `Closure` behind `function` (dropped after it is removed).
    _closure: Box<dyn Any>,
}

impl Listener {
    /// Adds `closure` as a `kind` listener of `target`; `None` if the browser refused it.
    fn add<T: ?Sized + wasm_bindgen::closure::WasmClosure + 'static>(
        target: web_sys::EventTarget,
        kind: &'static str,
        closure: Closure<T>,
    ) -> Option<Listener> {
        let function: js_sys::Function = closure.as_ref().clone().unchecked_into();
        target
            .add_event_listener_with_callback(kind, &function)
            .ok()?;
        Some(Listener {
            target,
            kind,
            function,
            _closure: Box::new(closure),
        })
    }
}

/// The drafts controller: copyable, in the context.
#[derive(Clone, Copy)]
pub(crate) struct Persist {
    ctx: Ctx,
    state: StoredValue<Option<State>, LocalStorage>,
    pub status: RwSignal<Status>,
    pub list: RwSignal<Vec<Entry>>,
    pub current_id: RwSignal<String>,
    pub name: RwSignal<String>,
    pub bank_version: RwSignal<String>,
    pub set_aside: RwSignal<Vec<(String, SetAside)>>,
    /// Data checks dismissed with a note (kept in the draft; `plan::ChecksList`).
    pub dismissed: RwSignal<Dismissals>,
    /// False until the open draft is loaded (the widget is inert until then).
    pub ready: RwSignal<bool>,
    /// The last deleted draft (id, name, stored JSON text), for Undo.
    pub deleted: RwSignal<Option<(String, String, String)>>,
    /// The open draft was deleted in another tab: nothing is written until the user keeps the
    /// answers as a new draft or restores it (or the other tab undoes the delete).
    pub orphaned: RwSignal<bool>,
    /// A reminder to export, while not dismissed.
    pub reminder: RwSignal<Option<Reminder>>,
    /// The widget's language: the drafts' tasks run outside its owner, and speak it.
    i18n: Option<super::i18n::I18n>,
}

pub(crate) fn persist() -> Persist {
    expect_context::<Persist>()
}

/// Loads the drafts of `namespace` and keeps the answers saved; call once in `App`.
pub(crate) fn attach(ctx: Ctx, namespace: &str) -> Persist {
    let p = Persist {
        ctx,
        state: StoredValue::new_local(None),
        status: RwSignal::new(Status::Loading),
        list: RwSignal::new(Vec::new()),
        current_id: RwSignal::new(String::new()),
        name: RwSignal::new(String::new()),
        bank_version: RwSignal::new(ctx.bank.version.clone()),
        set_aside: RwSignal::new(Vec::new()),
        dismissed: RwSignal::new(Dismissals::new()),
        ready: RwSignal::new(false),
        deleted: RwSignal::new(None),
        orphaned: RwSignal::new(false),
        reminder: RwSignal::new(None),
        i18n: super::i18n::i18n(),
    };
    provide_context(p);
    let namespace = namespace.to_string();
    let draft = Draft::new(ctx.bank, &store::new_id(), "", &store::now_iso());
    p.state.set_value(Some(State {
        namespace: namespace.clone(),
        db: None,
        base: draft.clone(),
        draft,
        base_rev: 0,
        tab: store::new_tab_id(),
        recovered: Vec::new(),
        in_store: false,
        timer: None,
        writing: false,
        channel: store::channel(&namespace),
        tasks: 0,
        listeners: Vec::new(),
    }));
    Effect::new(move |_| {
        let answers = ctx.answers.get();
        if p.ready.get_untracked() {
            p.changed(answers);
        }
    });
    p.listen();
    p.spawn(p.load());
    p
}

impl Persist {
    fn with<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        self.state
            .with_value(|s| f(s.as_ref().expect("drafts attached")))
    }

    fn update(&self, f: impl FnOnce(&mut State)) {
        self.state
            .update_value(|s| f(s.as_mut().expect("drafts attached")));
    }

    fn with_mut<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        self.state
            .try_update_value(|s| f(s.as_mut().expect("drafts attached")))
            .expect("drafts attached")
    }

    fn namespace(&self) -> String {
        self.with(|s| s.namespace.clone())
    }

    fn notice(&self, text: String, error: bool) {
        self.ctx.notice.set(Some(Notice { text, error }));
    }

    fn fail(&self, e: &StoreError) {
        let why = if e.quota {
            t("save.quota")
        } else {
            tf("save.error", &[("error", &e.message)])
        };
        self.status.set(Status::Failed {
            why,
            quota: e.quota,
        });
    }

    /// Not saved, for a reason given as a whole sentence part (storage that cannot be used).
    fn fail_because(&self, why: String) {
        self.status.set(Status::Failed { why, quota: false });
    }

    /// Flushes on `visibilitychange` → hidden and `pagehide`; listens to the other tabs. The
    /// listeners are kept in the state so that `close` can remove them.
    fn listen(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_hide = Closure::<dyn Fn()>::new(move || {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                self.flush();
            }
        });
        let on_pagehide = Closure::<dyn Fn()>::new(move || self.flush());
        // While the open draft is orphaned its answers exist only on this page: ask before
        // leaving (the browser shows its own "Leave site?" prompt).
        let on_unload = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if self.orphaned.try_get_untracked() == Some(true) {
                ev.prevent_default();
                _ = js_sys::Reflect::set(&ev, &"returnValue".into(), &"".into());
            }
        });
        let mut listeners: Vec<Listener> = [
            Listener::add(document().into(), "visibilitychange", on_hide),
            Listener::add(window.clone().into(), "pagehide", on_pagehide),
            Listener::add(window.into(), "beforeunload", on_unload),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(channel) = self.with(|s| s.channel.clone()) {
            let on_message =
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                    let data = ev.data().as_string().unwrap_or_default();
                    self.spawn(self.on_message(data));
                });
            listeners.extend(Listener::add(channel.into(), "message", on_message));
        }
        self.update(|s| s.listeners = listeners);
    }

    /// Whether the store was disposed (its widget's state owner, `WidgetHandle::dispose`):
    /// nothing of it may be read any more.
    fn disposed(&self) -> bool {
        self.state.is_disposed()
    }

    /// Runs a drafts task. `close` waits until none is under way before the store is disposed,
    /// so a task never resumes on a disposed store; should one ever be polled after that, it is
    /// dropped without running (and a task spawned after it is never started).
    fn spawn(self, task: impl std::future::Future<Output = ()> + 'static) {
        if self.disposed() {
            return;
        }
        self.update(|s| s.tasks += 1);
        let mut task = Box::pin(task);
        leptos::task::spawn_local(std::future::poll_fn(move |cx| {
            if self.disposed() {
                return std::task::Poll::Ready(());
            }
            let done = super::i18n::speaking(self.i18n, || task.as_mut().poll(cx));
            if done.is_ready() {
                self.update(|s| s.tasks -= 1);
            }
            done
        }));
    }

    /// Before the store is disposed (`WidgetHandle::dispose`): stops listening (window,
    /// document, the other tabs), writes what is pending (and whatever arrives meanwhile), waits
    /// until no write or other drafts task is under way, then closes the channel and clears the
    /// timer. After it returns, with no `await` in between, the owner can be disposed: nothing
    /// of the store is left to run.
    pub async fn close(self) {
        if self.disposed() {
            return;
        }
        let listeners = self.with_mut(|s| std::mem::take(&mut s.listeners));
        for l in listeners {
            _ = l
                .target
                .remove_event_listener_with_callback(l.kind, &l.function);
        }
        let mut flushed = None;
        loop {
            let rev = self.with(|s| s.draft.revision);
            if flushed != Some(rev) {
                flushed = Some(rev);
                self.flush();
            }
            if self.with(|s| !s.writing && s.tasks == 0) {
                break;
            }
            sleep(20).await;
        }
        self.update(|s| {
            if let Some(t) = s.timer.take() {
                t.clear();
            }
            if let Some(channel) = s.channel.take() {
                channel.close();
            }
        });
    }

    fn broadcast(&self, id: &str, rev: u64) {
        self.post(serde_json::json!({"id": id, "rev": rev}));
    }

    fn post(&self, msg: serde_json::Value) {
        if let Some(channel) = self.with(|s| s.channel.clone()) {
            _ = channel.post_message(&JsValue::from_str(&msg.to_string()));
        }
    }

    /// Another tab saved draft `id` at revision `rev`, deleted it (`deleted`), or changed the
    /// list.
    async fn on_message(self, data: String) {
        self.refresh_list().await;
        let msg: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
        let id = msg.get("id").and_then(|v| v.as_str()).unwrap_or_default();
        let rev = msg.get("rev").and_then(|v| v.as_u64()).unwrap_or(0);
        if id != self.with(|s| s.draft.id.clone()) {
            return;
        }
        let Some(db) = self.with(|s| s.db.clone()) else {
            return;
        };
        // The store decides, not the message (a delete and its Undo may arrive late).
        let Ok(stored) = db.get(id).await else {
            return;
        };
        if id != self.with(|s| s.draft.id.clone()) {
            return;
        }
        match (&stored, self.orphaned.get_untracked()) {
            // Deleted (the message says so, or any message finds it gone).
            (None, false) if self.with(|s| s.in_store) => {
                self.orphan();
                return;
            }
            (None, _) => return,
            (Some(_), true) => {
                self.restored_elsewhere(stored.as_deref());
                return;
            }
            (Some(_), false) => {}
        }
        let (current, base_rev, clean, writing) = self.with(|s| {
            (
                s.draft.id.clone(),
                s.base_rev,
                s.draft.revision == s.base_rev,
                s.writing,
            )
        });
        if id != current || rev <= base_rev {
            return;
        }
        if !clean || writing {
            // This tab has unsaved changes: its write will merge with theirs.
            self.flush();
            return;
        }
        let Some(db) = self.with(|s| s.db.clone()) else {
            return;
        };
        if let Ok(Some(text)) = db.get(id).await {
            if let Ok(theirs) = Draft::parse(&text) {
                // Still clean after the await?
                if self.with(|s| s.draft.revision == s.base_rev && s.draft.id == theirs.id) {
                    self.show(theirs, false);
                    self.notice(t("drafts.updated_elsewhere"), false);
                }
            }
        }
    }

    /// The answers changed (the user, an import, a merge): journal now, IndexedDB soon.
    fn changed(&self, answers: Answers) {
        if self.with(|s| s.draft.answers == answers) {
            return;
        }
        let now = store::now_iso();
        self.update(|s| {
            s.draft.answers = answers;
            s.draft.revision += 1;
            s.draft.updated = now;
        });
        self.dirty();
    }

    /// Journals the open draft synchronously and schedules the IndexedDB write.
    fn dirty(&self) {
        if self.orphaned.get_untracked() {
            return; // not written anywhere until the user decides (the answers are on the page)
        }
        let (ns, id, tab, journal) = self.with(|s| {
            (
                s.namespace.clone(),
                s.draft.id.clone(),
                s.tab.clone(),
                Journal {
                    base: s.base_rev,
                    draft: s.draft.clone(),
                    base_draft: Some(s.base.clone()),
                }
                .to_json(),
            )
        });
        match store::journal_write(&ns, &id, &tab, &journal) {
            // Until IndexedDB has it, the change is nowhere but on the page: "Not saved", not
            // "Saving…" (the write below says "Saved" once it is).
            Err(e) => self.fail(&e),
            Ok(()) if !matches!(self.status.get_untracked(), Status::Failed { .. }) => {
                self.status.set(Status::Saving);
            }
            Ok(()) => {}
        }
        let p = *self;
        let handle = set_timeout_with_handle(move || p.flush(), COALESCE).ok();
        self.update(|s| {
            if let Some(old) = std::mem::replace(&mut s.timer, handle) {
                old.clear();
            }
        });
    }

    /// Writes the open draft to IndexedDB now (unless a write is under way: it loops).
    pub fn flush(&self) {
        if self.disposed() {
            return; // a timer or listener that outlived the store (never expected: `close`)
        }
        let (busy, pending) = self.with(|s| (s.writing, s.draft.revision != s.base_rev));
        self.update(|s| {
            if let Some(t) = s.timer.take() {
                t.clear();
            }
        });
        if busy || !pending || self.orphaned.get_untracked() {
            return;
        }
        self.update(|s| s.writing = true);
        self.spawn(self.write());
    }

    async fn write(self) {
        loop {
            if self.orphaned.get_untracked() {
                self.update(|s| s.writing = false);
                return;
            }
            let (db, id, text, rev, base_rev, written, must_exist) = self.with(|s| {
                (
                    s.db.clone(),
                    s.draft.id.clone(),
                    s.draft.to_json(),
                    s.draft.revision,
                    s.base_rev,
                    s.draft.clone(),
                    s.in_store,
                )
            });
            let Some(db) = db else {
                // No IndexedDB: the reason already shown (why it did not open, or was taken
                // over) stays; the answers are in the journal and on the page.
                self.update(|s| s.writing = false);
                if !matches!(self.status.get_untracked(), Status::Failed { .. }) {
                    self.fail_because(t("save.no_storage"));
                }
                return;
            };
            match db.put_checked(&id, &text, base_rev, must_exist).await {
                Ok(Put::Written) => {
                    self.update(|s| {
                        s.base_rev = rev;
                        s.base = written;
                        s.in_store = true;
                    });
                    self.broadcast(&id, rev);
                    let name = self.with(|s| s.draft.name.clone());
                    let answered = self.with(|s| s.draft.answers.len());
                    // Listed if it was not (a draft first stored now: recovered from a journal
                    // when storage did not work before).
                    self.list
                        .update(|l| match l.iter_mut().find(|e| e.id == id) {
                            Some(e) => {
                                e.name = name;
                                e.answered = answered;
                            }
                            None => l.push(entry(&id, &text)),
                        });
                }
                Ok(Put::Gone) => {
                    self.update(|s| s.writing = false);
                    self.orphan();
                    return;
                }
                Ok(Put::Newer(theirs)) => match Draft::parse(&theirs) {
                    Ok(theirs) => self.merge_with(theirs),
                    Err(e) => {
                        self.update(|s| s.writing = false);
                        self.status.set(Status::Failed {
                            why: message(&e.message()),
                            quota: false,
                        });
                        return;
                    }
                },
                Err(e) => {
                    self.update(|s| s.writing = false);
                    self.fail(&e);
                    return;
                }
            }
            if self.with(|s| s.draft.revision == s.base_rev) {
                break;
            }
        }
        let (ns, id, tab, recovered) = self.with_mut(|s| {
            s.writing = false;
            (
                s.namespace.clone(),
                s.draft.id.clone(),
                s.tab.clone(),
                std::mem::take(&mut s.recovered),
            )
        });
        store::journal_clear(&ns, &id, &tab);
        recovered.iter().for_each(|key| store::journal_remove(key));
        self.status.set(Status::Saved);
    }

    /// Another tab saved this draft since we read it: keep both tabs' changes (answers, a
    /// rename, answers set aside), say so.
    fn merge_with(&self, theirs: Draft) {
        let (merged, both) = self.with(|s| merge_drafts(&s.base, &s.draft, &theirs));
        let answers = merged.answers.clone();
        self.name.set(merged.name.clone());
        self.dismissed.set(merged.dismissed.clone());
        self.set_aside.set(
            merged
                .set_aside
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
        self.update(|s| {
            s.base_rev = theirs.revision;
            s.base = theirs;
            s.draft = merged;
        });
        self.ctx.answers.set(answers);
        let text = if both.is_empty() {
            t("drafts.merged")
        } else {
            tf("drafts.merged_both", &[("refs", &both.join(", "))])
        };
        self.notice(text, !both.is_empty());
    }

    /// Waits until no write is under way (before switching drafts). An orphaned draft's
    /// answers are kept as a new draft first: leaving it must not drop them.
    async fn settle(self) {
        self.flush();
        while self.with(|s| s.writing) {
            sleep(20).await;
        }
        if self.orphaned.get_untracked() {
            self.keep_now().await;
        }
    }

    /// The open draft is no longer stored (deleted in another tab): stop saving into it, keep
    /// the answers on the page and in the list, and let the user decide (`OrphanWarning`).
    fn orphan(&self) {
        if self.orphaned.get_untracked() {
            return;
        }
        self.update(|s| {
            if let Some(t) = s.timer.take() {
                t.clear();
            }
        });
        self.orphaned.set(true);
        let gone = self.gone_entry();
        self.list.update(|l| {
            l.retain(|e| e.id != gone.id);
            l.push(gone.clone());
        });
        // A journal this tab wrote since the delete would be "recovered" into the deleted
        // draft by an Undo elsewhere; this tab's answers stay on the page instead.
        store::journal_clear(&self.namespace(), &gone.id, &self.with(|s| s.tab.clone()));
    }

    fn gone_entry(&self) -> Entry {
        self.with(|s| Entry {
            id: s.draft.id.clone(),
            name: s.draft.name.clone(),
            answered: s.draft.answers.len(),
            refused: None,
            gone: true,
        })
    }

    /// The user keeps the orphaned draft's answers (and set-aside answers) as a new draft.
    pub fn keep(self) {
        self.spawn(self.keep_now());
    }

    async fn keep_now(self) {
        if !self.orphaned.get_untracked() {
            return;
        }
        let old = self.with(|s| s.draft.clone());
        let mut draft = old.clone();
        draft.id = store::new_id();
        draft.revision = 0;
        draft.updated = store::now_iso();
        let text = draft.to_json();
        let Some(db) = self.with(|s| s.db.clone()) else {
            return;
        };
        if let Err(e) = db.put(&draft.id, &text).await {
            self.fail(&e); // still orphaned: the answers stay on the page, Export is offered
            return;
        }
        self.orphaned.set(false);
        self.update(|s| s.in_store = true);
        store::journal_clear(&self.namespace(), &old.id, &self.with(|s| s.tab.clone()));
        let id = draft.id.clone();
        self.list.update(|l| {
            l.retain(|e| e.id != old.id);
            l.push(entry(&id, &text));
        });
        self.show(draft, false);
        self.broadcast(&id, 0);
        self.notice(
            tf("drafts.kept", &[("name", &shown_name(&old.name))]),
            false,
        );
    }

    /// The user restores the orphaned draft, with this tab's answers, under its own id.
    pub fn restore(self) {
        if !self.orphaned.get_untracked() {
            return;
        }
        self.orphaned.set(false);
        let now = store::now_iso();
        self.update(|s| {
            s.in_store = false; // it is written back on purpose
            s.draft.revision += 1;
            s.draft.updated = now;
        });
        let entry = self.gone_entry();
        self.list.update(|l| {
            if let Some(e) = l.iter_mut().find(|e| e.id == entry.id) {
                e.gone = false;
            }
        });
        self.dirty();
        self.flush();
        self.notice(
            tf("drafts.restored", &[("name", &shown_name(&entry.name))]),
            false,
        );
    }

    /// The orphaned draft is stored again (Undo in the deleting tab, or Restore in a third):
    /// save into it again, merging with what is stored if this tab has changes.
    fn restored_elsewhere(&self, stored: Option<&str>) {
        self.orphaned.set(false);
        self.update(|s| s.in_store = true);
        let name = self.with(|s| s.draft.name.clone());
        let clean = self.with(|s| s.draft.revision == s.base_rev);
        match stored.map(Draft::parse) {
            Some(Ok(theirs)) if clean => self.show(theirs, false),
            _ => {
                self.dirty();
                self.flush();
            }
        }
        self.spawn(self.refresh_list());
        self.notice(
            tf("drafts.restored_elsewhere", &[("name", &shown_name(&name))]),
            false,
        );
    }

    /// Shows `draft` as the open draft, based on stored revision `draft.revision` unless
    /// `dirty` (then it is saved at once).
    fn show(&self, draft: Draft, dirty: bool) {
        let ns = self.namespace();
        store::current_set(&ns, &draft.id);
        self.current_id.set(draft.id.clone());
        self.name.set(draft.name.clone());
        self.bank_version.set(draft.bank_version.clone());
        self.dismissed.set(draft.dismissed.clone());
        self.set_aside.set(
            draft
                .set_aside
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
        let answers = draft.answers.clone();
        self.update(|s| {
            if !dirty {
                s.base_rev = draft.revision;
                s.base = draft.clone();
            }
            s.draft = draft;
        });
        self.ctx.answers.set(answers);
        if dirty {
            self.dirty();
        } else if !matches!(self.status.get_untracked(), Status::Failed { .. }) {
            self.status.set(Status::Saved);
        }
    }

    /// Opens a stored draft (or its journal), migrating it to this bank; `false` if refused.
    fn open_text(&self, id: &str, stored: Option<&str>) -> bool {
        let ns = self.namespace();
        let parsed = match stored.map(Draft::parse) {
            Some(Ok(d)) => Some(d),
            Some(Err(e)) => {
                self.refuse(id, &e);
                return false;
            }
            None => None,
        };
        let stored_rev = parsed.as_ref().map(|d| d.revision);
        let in_store = parsed.is_some();
        let stored_draft = parsed.clone();
        // Every tab's journal: this one's from before a reload, and those crashed tabs left.
        let journals = store::journals(&ns, id);
        let texts: Vec<String> = journals.iter().map(|(_, text)| text.clone()).collect();
        let (draft, from_journal) = recover_all(parsed, &texts);
        if from_journal {
            let keys = journals.into_iter().map(|(key, _)| key).collect();
            self.update(|s| s.recovered = keys);
        }
        let Some(mut draft) = draft else {
            return false;
        };
        let same_bank = draft.bank_version == self.ctx.bank.version;
        match draft.migrate(self.ctx.bank) {
            Ok(moved) => {
                if !moved.is_empty() {
                    let key = if same_bank {
                        "drafts.refused_on_open"
                    } else {
                        "drafts.migrated"
                    };
                    self.notice(tf(key, &[("count", &moved.len())]), false);
                }
                let dirty = from_journal || !moved.is_empty();
                if dirty && !from_journal {
                    draft.revision += 1; // the migration is a change to save
                }
                if dirty {
                    // Based on what is stored (none: revision 0).
                    let bank = self.ctx.bank;
                    self.update(|s| {
                        s.base_rev = stored_rev.unwrap_or(0);
                        s.base = stored_draft.unwrap_or_else(|| {
                            Draft::new(bank, &draft.id, &draft.name, &draft.updated)
                        });
                    });
                }
                self.update(|s| s.in_store = in_store);
                self.orphaned.set(false);
                self.show(draft, dirty);
                if from_journal {
                    self.notice(t("drafts.recovered"), false);
                }
                true
            }
            Err(e) => {
                self.refuse(id, &e);
                false
            }
        }
    }

    fn refuse(&self, id: &str, e: &DraftError) {
        let name = self
            .list
            .with_untracked(|l| l.iter().find(|x| x.id == id).map(|x| x.name.clone()))
            .unwrap_or_else(|| id.to_string());
        self.notice(
            tf(
                "drafts.refused",
                &[
                    ("name", &shown_name(&name)),
                    ("error", &message(&e.message())),
                ],
            ),
            true,
        );
    }

    async fn refresh_list(self) {
        let Some(db) = self.with(|s| s.db.clone()) else {
            return;
        };
        if let Ok(records) = db.all().await {
            let mut list: Vec<Entry> = records.iter().map(|(k, v)| entry(k, v)).collect();
            if self.orphaned.get_untracked() {
                let gone = self.gone_entry();
                list.retain(|e| e.id != gone.id);
                list.push(gone);
            }
            self.list.set(list);
        }
    }

    /// First load: open the database, list the drafts, open the last one used.
    async fn load(self) {
        let ns = self.namespace();
        self.spawn(self.remind_to_export());
        let db = match Db::open(&ns, move || self.storage_lost()).await {
            Ok(db) => Some(Rc::new(db)),
            Err(e) => {
                self.fail_because(e.message);
                None
            }
        };
        self.update(|s| s.db = db.clone());
        let records = match &db {
            Some(db) => db.all().await.unwrap_or_else(|e| {
                self.fail(&e);
                Vec::new()
            }),
            None => Vec::new(),
        };
        self.list
            .set(records.iter().map(|(k, v)| entry(k, v)).collect());
        let wanted = store::current_get(&ns);
        let mut opened = false;
        if let Some(id) = &wanted {
            let text = records
                .iter()
                .find(|(k, _)| k == id)
                .map(|(_, v)| v.as_str());
            opened = self.open_text(id, text);
        }
        if !opened {
            let first = self.list.with_untracked(|l| {
                l.iter()
                    .filter(|e| e.refused.is_none() && Some(&e.id) != wanted.as_ref())
                    .map(|e| e.id.clone())
                    .next_back()
            });
            if let Some(id) = first {
                let text = records
                    .iter()
                    .find(|(k, _)| *k == id)
                    .map(|(_, v)| v.as_str());
                opened = self.open_text(&id, text);
            }
        }
        if !opened {
            // A first visit: one new draft (with the answers the widget kept before drafts).
            let answers = store::legacy_answers()
                .filter(|_| ns == store::DEFAULT_NAMESPACE)
                .and_then(|text| AnswersDoc::parse(&text, self.ctx.bank).ok())
                .map(|doc| doc.answers)
                .unwrap_or_default();
            self.create_now(english(FIRST_NAME), answers, Dismissals::new())
                .await;
        }
        self.ready.set(true);
    }

    /// Another tab upgraded this page's database (a newer OpenFEM): this tab's connection is
    /// closed (`Db::open`), so it goes on with the journal alone and says so; Export is offered.
    fn storage_lost(self) {
        if self.disposed() {
            return;
        }
        self.update(|s| s.db = None);
        // Called from the database's `versionchange` listener, outside the widget's owner.
        let why = super::i18n::speaking(self.i18n, || t("integrity.version_change"));
        self.fail_because(why);
    }

    /// Asks the browser to keep this origin's storage; when it refuses, or when the answers have
    /// not been exported for a long time, reminds the user once to export (`ExportReminder`).
    async fn remind_to_export(self) {
        let granted = store::request_persistence().await;
        if self.disposed() {
            return;
        }
        let ns = self.namespace();
        let now = js_sys::Date::now();
        let recent = |at: Option<f64>| at.is_some_and(|at| now - at < EXPORT_DUE_MS);
        let exported = store::last_export(&ns);
        // Quiet for a while after an export or a dismissal: the reminder comes once.
        let quiet = recent(exported) || recent(store::reminder_dismissed(&ns));
        let since = exported.unwrap_or_else(|| store::first_seen(&ns, now));
        let reminder = match (quiet, granted) {
            (true, _) => None,
            _ if now - since >= EXPORT_DUE_MS => Some(Reminder::NotExported {
                days: ((now - since) / DAY_MS) as u32,
            }),
            (false, Some(false)) => Some(Reminder::MayBeDeleted),
            _ => None,
        };
        self.reminder.set(reminder);
    }

    /// The answers were exported: the reminder is done with for a while.
    pub fn exported(self) {
        store::set_last_export(&self.namespace(), js_sys::Date::now());
        self.reminder.set(None);
    }

    pub fn dismiss_reminder(self) {
        store::dismiss_reminder(&self.namespace(), js_sys::Date::now());
        self.reminder.set(None);
    }

    /// Stores a new draft with `answers` and opens it.
    async fn create_now(self, name: String, answers: Answers, dismissed: Dismissals) {
        let mut draft = Draft::new(self.ctx.bank, &store::new_id(), &name, &store::now_iso());
        draft.answers = answers;
        draft.dismissed = dismissed;
        let mut in_store = false;
        if let Some(db) = self.with(|s| s.db.clone()) {
            match db.put(&draft.id, &draft.to_json()).await {
                Ok(()) => in_store = true,
                Err(e) => self.fail(&e),
            }
        }
        self.update(|s| s.in_store = in_store);
        self.orphaned.set(false);
        let id = draft.id.clone();
        self.list.update(|l| l.push(entry(&id, &draft.to_json())));
        self.show(draft, false);
        self.broadcast(&id, 0);
    }

    /// A new draft with `answers` (empty, imported or rolled forward), opened.
    pub fn create(self, name: String, answers: Answers) {
        self.create_with(name, answers, Dismissals::new());
    }

    /// A new draft with answers and the data checks dismissed in them (imported, duplicated).
    pub fn create_with(self, name: String, answers: Answers, dismissed: Dismissals) {
        self.spawn(async move {
            self.settle().await;
            self.create_now(name, answers, dismissed).await;
        });
    }

    /// Replaces the dismissed data checks (an import over the open draft); saved.
    pub fn replace_dismissals(self, dismissed: Dismissals) {
        if self.with(|s| s.draft.dismissed == dismissed) {
            return;
        }
        let now = store::now_iso();
        self.update(|s| {
            s.draft.dismissed = dismissed.clone();
            s.draft.revision += 1;
            s.draft.updated = now;
        });
        self.dismissed.set(dismissed);
        self.dirty();
    }

    pub fn switch(self, id: String) {
        self.spawn(async move {
            self.settle().await;
            let Some(db) = self.with(|s| s.db.clone()) else {
                return;
            };
            match db.get(&id).await {
                Ok(text) => {
                    self.open_text(&id, text.as_deref());
                }
                Err(e) => self.fail(&e),
            }
            // A refused draft stays unopened: the select shows the open one again.
            let current = self.with(|s| s.draft.id.clone());
            self.current_id.set(String::new());
            self.current_id.set(current);
        });
    }

    /// The answers document of the open draft, with its dismissed data checks and their notes:
    /// what Export downloads, Post sends and `getAnswers` returns.
    pub fn answers_doc(&self) -> AnswersDoc {
        let mut doc = self
            .ctx
            .answers
            .with_untracked(|a| AnswersDoc::new(self.ctx.bank, a.clone()));
        doc.dismissed_checks = self.dismissed.get_untracked();
        doc
    }

    /// Dismisses a data check with a note (`Some`) or shows it again (`None`); saved.
    pub fn set_dismissal(self, key: &str, dismissal: Option<Dismissal>) {
        let now = store::now_iso();
        self.update(|s| {
            match &dismissal {
                Some(d) => s.draft.dismissed.insert(key.to_string(), d.clone()),
                None => s.draft.dismissed.remove(key),
            };
            s.draft.revision += 1;
            s.draft.updated = now;
        });
        self.dismissed.update(|d| match dismissal {
            Some(v) => _ = d.insert(key.to_string(), v),
            None => _ = d.remove(key),
        });
        self.dirty();
    }

    /// The person has dealt with the answers set aside: they leave the draft (saved).
    pub fn dismiss_set_aside(self) {
        let now = store::now_iso();
        self.update(|s| {
            s.draft.set_aside.clear();
            s.draft.revision += 1;
            s.draft.updated = now;
        });
        self.set_aside.set(Vec::new());
        self.dirty();
        self.notice(t("drafts.set_aside_dismissed"), false);
    }

    pub fn rename(self, name: String) {
        let name = name.trim().to_string();
        // Unchanged (a default name shown in the widget's language stays a default name).
        if name.is_empty() || name == shown_name(&self.name.get_untracked()) {
            return;
        }
        let now = store::now_iso();
        self.update(|s| {
            s.draft.name = name.clone();
            s.draft.revision += 1;
            s.draft.updated = now;
        });
        self.name.set(name.clone());
        let id = self.with(|s| s.draft.id.clone());
        self.list.update(|l| {
            if let Some(e) = l.iter_mut().find(|e| e.id == id) {
                e.name = name;
            }
        });
        self.dirty();
    }

    pub fn duplicate(self) {
        let (name, answers, dismissed) = self.with(|s| {
            let d = &s.draft;
            (d.name.clone(), d.answers.clone(), d.dismissed.clone())
        });
        self.create_with(
            tf("drafts.copy_name", &[("name", &shown_name(&name))]),
            answers,
            dismissed,
        );
    }

    /// Deletes the open draft (kept for Undo) and opens another one, or a new one.
    pub fn delete(self) {
        self.spawn(async move {
            self.settle().await;
            let Some(db) = self.with(|s| s.db.clone()) else {
                return;
            };
            let (id, name, text) =
                self.with(|s| (s.draft.id.clone(), s.draft.name.clone(), s.draft.to_json()));
            if let Err(e) = db.delete(&id).await {
                self.fail(&e);
                return;
            }
            store::journal_clear_all(&self.namespace(), &id);
            self.deleted.set(Some((id.clone(), name, text)));
            self.list.update(|l| l.retain(|e| e.id != id));
            // A tab that has it open stops saving into it (never brings it back silently).
            self.post(serde_json::json!({"id": id, "deleted": true}));
            let next = self.list.with_untracked(|l| {
                l.iter()
                    .filter(|e| e.refused.is_none())
                    .map(|e| e.id.clone())
                    .next_back()
            });
            let opened = match next {
                Some(next) => {
                    let text = db.get(&next).await.ok().flatten();
                    self.open_text(&next, text.as_deref())
                }
                None => false,
            };
            if !opened {
                self.create_now(english(FIRST_NAME), Answers::new(), Dismissals::new())
                    .await;
            }
        });
    }

    pub fn undo_delete(self) {
        let Some((id, _, text)) = self.deleted.get_untracked() else {
            return;
        };
        self.deleted.set(None);
        self.spawn(async move {
            self.settle().await;
            let Some(db) = self.with(|s| s.db.clone()) else {
                return;
            };
            // Another tab may have restored it meanwhile (with its answers): that one is kept.
            let text = match db.put_absent(&id, &text).await {
                Ok(None) => text,
                Ok(Some(theirs)) => theirs,
                Err(e) => {
                    self.fail(&e);
                    return;
                }
            };
            self.list.update(|l| {
                l.retain(|e| e.id != id);
                l.push(entry(&id, &text));
            });
            self.broadcast(&id, store::revision_of(&text));
            self.open_text(&id, Some(&text));
        });
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A list entry from a stored record; a newer-format draft is listed as refused.
fn entry(id: &str, text: &str) -> Entry {
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
                refused: Some(message(&e.message())),
                gone: false,
            }
        }
    }
}

/// The draft switcher, its actions, the save status and Undo after a delete.
#[component]
pub(crate) fn DraftBar() -> impl IntoView {
    let p = persist();
    let config = super::config::config();
    // `chrome` without "drafts": only the save status. `readonly`: the open draft's name in a
    // disabled switcher, and none of the actions (a reviewer cannot open, add or remove drafts).
    let manage = config.chrome.drafts;
    let readonly = config.readonly;
    let renaming = RwSignal::new(false);
    let name_input = NodeRef::<leptos::html::Input>::new();
    // What screen readers hear about saving (`#ofem-save-live`): not "Saving…"/"Saved" on every
    // change (the visible status is not a live region). A failure, or the draft deleted in
    // another tab, is said assertively by its `role="alert"` warning; the return to saving after
    // one is said here, politely, once.
    let said = RwSignal::new(String::new());
    Effect::new(move |was_failed: Option<bool>| {
        let failed = p.orphaned.get() || matches!(p.status.get(), Status::Failed { .. });
        let saved = matches!(p.status.get(), Status::Saved);
        if failed {
            said.set(String::new());
            return true;
        }
        if was_failed == Some(true) && saved {
            said.set(t("save.recovered"));
            return false;
        }
        was_failed.unwrap_or(false)
    });
    let status_text = move || match p.status.get() {
        _ if p.orphaned.get() => tf("save.failed", &[("why", &t("save.gone"))]),
        Status::Loading => t("save.loading"),
        Status::Saved => t("save.saved"),
        Status::Saving => t("save.saving"),
        Status::Failed { why, .. } => tf("save.failed", &[("why", &why)]),
    };
    let on_rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(input) = name_input.get() {
            p.rename(input.value());
        }
        renaming.set(false);
    };
    view! {
        <div class="ofem-drafts" role="group" aria-label=t("drafts.label")>
            <label for="ofem-draft-select" hidden=!manage>{t("drafts.select")}</label>
            <select
                id="ofem-draft-select"
                hidden=!manage
                disabled=readonly
                prop:value=move || p.current_id.get()
                on:change=move |ev| {
                    if !readonly {
                        p.switch(event_target_value(&ev));
                    }
                }
            >
                <For
                    each=move || p.list.get()
                    key=|e| (e.id.clone(), e.name.clone(), e.answered, e.refused.is_some(), e.gone)
                    let:e
                >
                    <option
                        value=e.id.clone()
                        disabled=e.refused.is_some()
                        selected=move || p.current_id.get() == e.id
                    >
                        {if e.refused.is_some() {
                            tf("drafts.option_refused", &[("name", &shown_name(&e.name))])
                        } else if e.gone {
                            tf("drafts.option_gone", &[("name", &shown_name(&e.name))])
                        } else {
                            tf("drafts.option", &[("name", &shown_name(&e.name)), ("count", &e.answered)])
                        }}
                    </option>
                </For>
            </select>
            {(manage && !readonly)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            id="ofem-draft-new"
                            on:click=move |_| p.create(english(NEW_NAME), Answers::new())
                        >
                            {t("drafts.new")}
                        </button>
                        <button
                            type="button"
                            id="ofem-draft-rename"
                            on:click=move |_| renaming.set(true)
                        >
                            {t("drafts.rename")}
                        </button>
                        <button type="button" id="ofem-draft-duplicate" on:click=move |_| p.duplicate()>
                            {t("drafts.duplicate")}
                        </button>
                        <button type="button" id="ofem-draft-delete" on:click=move |_| p.delete()>
                            {t("drafts.delete")}
                        </button>
                    }
                })}
            <Show when=move || renaming.get() && !readonly>
                <form class="ofem-rename" on:submit=on_rename>
                    <label for="ofem-draft-name">{t("drafts.name")}</label>
                    <input
                        id="ofem-draft-name"
                        type="text"
                        node_ref=name_input
                        prop:value=move || shown_name(&p.name.get_untracked())
                        autofocus
                    />
                    <button type="submit" id="ofem-draft-name-save">{t("drafts.save_name")}</button>
                    <button type="button" on:click=move |_| renaming.set(false)>
                        {t("drafts.cancel")}
                    </button>
                </form>
            </Show>
            <p
                id="ofem-save-status"
                class="ofem-save-status"
                class:error=move || {
                    p.orphaned.get() || matches!(p.status.get(), Status::Failed { .. })
                }
                data-status=move || match p.status.get() {
                    _ if p.orphaned.get() => "gone",
                    Status::Loading => "loading",
                    Status::Saved => "saved",
                    Status::Saving => "saving",
                    Status::Failed { .. } => "failed",
                }
            >
                {status_text}
            </p>
            <p id="ofem-save-live" class="visually-hidden" role="status" aria-atomic="true">
                {move || said.get()}
            </p>
            <Show when=move || p.deleted.with(Option::is_some)>
                <p class="ofem-undo" id="ofem-deleted">
                    {move || {
                        p.deleted
                            .with(|d| {
                                d.as_ref()
                                    .map(|(_, name, _)| tf("drafts.deleted", &[("name", &shown_name(name))]))
                            })
                    }} " "
                    <button type="button" id="ofem-draft-undo" on:click=move |_| p.undo_delete()>
                        {t("drafts.undo")}
                    </button>
                </p>
            </Show>
        </div>
    }
}

/// The warning shown while answers cannot be saved, with an Export button; and the one shown
/// when the open draft was deleted in another tab, with the choices.
#[component]
pub(crate) fn StorageWarning(on_export: Callback<()>) -> impl IntoView {
    let p = persist();
    view! {
        <Show when=move || p.orphaned.get()>
            <div class="ofem-warning" id="ofem-gone" role="alert">
                <p>{move || tf("drafts.gone", &[("name", &shown_name(&p.name.get()))])}</p>
                <button type="button" id="ofem-gone-keep" on:click=move |_| p.keep()>
                    {t("drafts.gone_keep")}
                </button>
                <button type="button" id="ofem-gone-restore" on:click=move |_| p.restore()>
                    {move || tf("drafts.gone_restore", &[("name", &shown_name(&p.name.get()))])}
                </button>
                <button type="button" id="ofem-gone-export" on:click=move |_| on_export.run(())>
                    {t("actions.export")}
                </button>
            </div>
        </Show>
        <Show when=move || matches!(p.status.get(), Status::Failed { .. })>
            <div class="ofem-warning" id="ofem-storage-warning" role="alert">
                <p>
                    {move || match p.status.get() {
                        Status::Failed { why, quota: true } => {
                            tf("save.warning_quota", &[("why", &why)])
                        }
                        Status::Failed { why, .. } => tf("save.warning", &[("why", &why)]),
                        _ => String::new(),
                    }}
                </p>
                <button type="button" id="ofem-warning-export" on:click=move |_| on_export.run(())>
                    {t("actions.export")}
                </button>
            </div>
        </Show>
    }
}

/// The reminder to export (storage the browser may evict, or no export for a long time): shown
/// once the open draft has answers, until dismissed or an export is made.
#[component]
pub(crate) fn ExportReminder(on_export: Callback<()>) -> impl IntoView {
    let p = persist();
    let c = super::ctx();
    let shown = move || p.reminder.get().is_some() && c.answers.with(|a| !a.is_empty());
    view! {
        <Show when=shown>
            <div class="ofem-reminder" id="ofem-export-reminder" role="status">
                <p>
                    {move || match p.reminder.get() {
                        Some(Reminder::NotExported { days }) => {
                            tf("integrity.reminder_not_exported", &[("days", &days)])
                        }
                        _ => t("integrity.reminder_may_be_deleted"),
                    }}
                </p>
                <button type="button" id="ofem-reminder-export" on:click=move |_| on_export.run(())>
                    {t("actions.export")}
                </button>
                <button type="button" id="ofem-reminder-dismiss" on:click=move |_| p.dismiss_reminder()>
                    {t("integrity.reminder_dismiss")}
                </button>
            </div>
        </Show>
    }
}

/// Rows of tables built from a question whose option is no longer chosen (`core::scored`):
/// kept with the draft, scored again once the option is chosen again.
#[component]
fn SetAsideRows() -> impl IntoView {
    let c = super::ctx();
    let rows = Memo::new(move |_| {
        c.answers.with(|a| {
            crate::core::scored::set_aside_rows(c.bank, a)
                .into_iter()
                .map(|r| {
                    let label = |q: &str| {
                        c.bank
                            .question(q)
                            .map_or(q.to_string(), |q| q.prompt.clone())
                    };
                    let option = r
                        .row
                        .map(|id| option_label(c.bank, r.source, id))
                        .unwrap_or_default();
                    (
                        format!("{}[{}]", r.table, r.row.unwrap_or_default()),
                        label(r.table),
                        option,
                        label(r.source),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="ofem-set-aside" id="ofem-set-aside-rows" aria-labelledby="ofem-set-aside-rows-h">
                <h2 id="ofem-set-aside-rows-h">{t("integrity.rows_title")}</h2>
                <p>{t("integrity.rows_help")}</p>
                <ul>
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|(key, table, option, source)| {
                                view! {
                                    <li data-ref=key>
                                        {tf(
                                            "integrity.row",
                                            &[("table", &table), ("option", &option), ("source", &source)],
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </section>
        </Show>
    }
}

/// An option's label (its id when the question has no such option).
fn option_label(bank: &crate::core::Bank, q: &str, id: &str) -> String {
    bank.question(q)
        .and_then(|q| match &q.answer {
            crate::core::bank::AnswerSpec::Multi { options, .. }
            | crate::core::bank::AnswerSpec::Single { options } => {
                options.iter().find(|o| o.id == id).map(|o| o.label.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| id.to_string())
}

/// Answers set aside when a draft was opened (a question gone from the bank, a value it no
/// longer accepts): kept with the draft and listed in words, until the person dismisses the list.
#[component]
pub(crate) fn SetAsidePanel() -> impl IntoView {
    let p = persist();
    let bank = p.ctx.bank;
    view! {
        <SetAsideRows />
        <Show when=move || p.set_aside.with(|s| !s.is_empty())>
            <section class="ofem-set-aside" id="ofem-set-aside" aria-labelledby="ofem-set-aside-h">
                <h2 id="ofem-set-aside-h">{t("drafts.set_aside_title")}</h2>
                <p>{t("drafts.set_aside_help")}</p>
                <ul>
                    {move || {
                        p.set_aside
                            .get()
                            .into_iter()
                            .map(|(id, s)| {
                                let place = place_in_words(bank, &id, &s.value);
                                let cell = place.cell.map(|(row, column)| format!(" › {row} › {column}"));
                                let reason = if s.from_version == bank.version {
                                    tf("drafts.set_aside_refused", &[("reason", &s.reason)])
                                } else {
                                    tf(
                                        "drafts.set_aside_reason",
                                        &[("reason", &s.reason), ("version", &s.from_version)],
                                    )
                                };
                                view! {
                                    <li data-ref=id>
                                        <strong>{place.question}{cell}</strong>
                                        ": "
                                        <span class="ofem-set-aside-value">{place.value}</span>
                                        <br />
                                        <span class="ofem-help-text">{reason}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <button type="button" id="ofem-set-aside-dismiss" on:click=move |_| p.dismiss_set_aside()>
                    {t("drafts.set_aside_dismiss")}
                </button>
            </section>
        </Show>
    }
}
