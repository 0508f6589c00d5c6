//! Drafts in this browser: the thin layer that performs what the drafts controller
//! (`core::autosave::Autosave`: when to save, merge, orphan, what to say) decides, with
//! IndexedDB and the journal (`store.rs`), timers, the BroadcastChannel to other tabs and
//! signals; the list of drafts (create, rename, duplicate, delete with undo, switch); and their
//! views.
//!
//! Every change to `Ctx::answers` becomes an `Event::Changed`; the controller answers with
//! actions (journal it, start the 300 ms timer, write, broadcast…) which `perform` carries out,
//! feeding results back as events. The page's hiding or leaving flushes at once. Sequences of
//! store operations (open, switch, create, delete, undo) are run here as tasks, each step
//! reported to the controller.

use std::any::Any;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::i18n::{english, is_text_of, message, t, tf};
use super::store::{self, Db, Put, StoreError};
use super::{Ctx, Notice};
use crate::core::autosave::{reminder, Action, Autosave, Event, Failure, StoreFailure};
pub(crate) use crate::core::autosave::{Entry, Reminder, Status};
use crate::core::datachecks::{Dismissal, Dismissals};
use crate::core::draft::{Draft, SetAside};
use crate::core::words::place_in_words;
use crate::core::{Answers, AnswersDoc, Bank};

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

/// Why answers are not saved, in words.
fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Store(StoreFailure { quota: true, .. }) => t("save.quota"),
        Failure::Store(e) => tf("save.error", &[("error", &e.message)]),
        Failure::Unavailable(why) => why.clone(),
        Failure::Unreadable(e) => message(&e.message()),
        Failure::NoStorage => t("save.no_storage"),
        Failure::StorageLost => t("integrity.version_change"),
    }
}

fn store_failure(e: StoreError) -> StoreFailure {
    StoreFailure {
        message: e.message,
        quota: e.quota,
    }
}

struct State {
    namespace: String,
    db: Option<Rc<Db>>,
    /// The drafts controller: the open draft and every decision about saving it.
    drafts: Autosave<Arc<Bank>>,
    /// This tab's id, which keys its journal.
    tab: String,
    timer: Option<TimeoutHandle>,
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

/// The drafts layer: copyable, in the context. The signals mirror the controller's state.
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
    /// True from the frame after `ready`: what follows the first question is asked for then
    /// (`part::first_question_answerable`).
    pub shown: RwSignal<bool>,
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
        bank_version: RwSignal::new(ctx.bank().version.clone()),
        set_aside: RwSignal::new(Vec::new()),
        dismissed: RwSignal::new(Dismissals::new()),
        ready: RwSignal::new(false),
        shown: RwSignal::new(false),
        deleted: RwSignal::new(None),
        orphaned: RwSignal::new(false),
        reminder: RwSignal::new(None),
        i18n: super::i18n::i18n(),
    };
    provide_context(p);
    let namespace = namespace.to_string();
    let bank = ctx.bank();
    let draft = Draft::new(&bank, &store::new_id(), "", &store::now_iso());
    let readonly = super::config::config().readonly;
    p.state.set_value(Some(State {
        namespace: namespace.clone(),
        db: None,
        drafts: Autosave::new(bank, draft, readonly),
        tab: store::new_tab_id(),
        timer: None,
        channel: store::channel(&namespace),
        tasks: 0,
        listeners: Vec::new(),
    }));
    Effect::new(move |_| {
        let answers = ctx.answers.get();
        if p.ready.get_untracked() {
            let now = store::now_iso();
            p.handle(Event::Changed { answers, now });
        }
    });
    p.listen();
    p.spawn(p.load());
    p
}

/// Sets `signal` to `value` unless it holds it already (no needless re-rendering).
fn set_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
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

    fn db(&self) -> Option<Rc<Db>> {
        self.with(|s| s.db.clone())
    }

    /// The open database, for the evidence files kept beside the drafts (`evidence`).
    pub(crate) fn database(&self) -> Option<Rc<Db>> {
        if self.disposed() {
            return None;
        }
        self.db()
    }

    fn notice(&self, text: String, error: bool) {
        self.ctx.notice.set(Some(Notice { text, error }));
    }

    /// Tells the controller what happened and performs what it decides.
    fn handle(&self, event: Event) {
        if self.disposed() {
            return;
        }
        let actions = self.with_mut(|s| s.drafts.handle(event));
        self.mirror();
        for action in actions {
            self.perform(action);
        }
    }

    /// The signals the views read, from the controller's state.
    fn mirror(&self) {
        let (status, orphaned, list, name, version, set_aside, dismissed) = self.with(|s| {
            let d = s.drafts.draft();
            (
                s.drafts.status().clone(),
                s.drafts.orphaned(),
                s.drafts.list().to_vec(),
                d.name.clone(),
                d.bank_version.clone(),
                d.set_aside
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>(),
                d.dismissed.clone(),
            )
        });
        set_changed(self.status, status);
        set_changed(self.orphaned, orphaned);
        set_changed(self.list, list);
        set_changed(self.name, name);
        set_changed(self.bank_version, version);
        set_changed(self.set_aside, set_aside);
        set_changed(self.dismissed, dismissed);
    }

    fn perform(&self, action: Action) {
        let p = *self;
        match action {
            Action::WriteJournal { id, journal } => {
                let (ns, tab) = self.with(|s| (s.namespace.clone(), s.tab.clone()));
                let result = store::journal_write(&ns, &id, &tab, &journal).map_err(store_failure);
                self.handle(Event::Journaled(result));
            }
            Action::ClearJournal { id } => {
                let (ns, tab) = self.with(|s| (s.namespace.clone(), s.tab.clone()));
                store::journal_clear(&ns, &id, &tab);
            }
            Action::RemoveJournals(keys) => keys.iter().for_each(|key| store::journal_remove(key)),
            Action::StartTimer => {
                let handle = set_timeout_with_handle(move || p.flush(), COALESCE).ok();
                self.update(|s| {
                    if let Some(old) = std::mem::replace(&mut s.timer, handle) {
                        old.clear();
                    }
                });
            }
            Action::CancelTimer => self.update(|s| {
                if let Some(t) = s.timer.take() {
                    t.clear();
                }
            }),
            Action::Write {
                id,
                text,
                base_rev,
                must_exist,
            } => {
                // The controller asks for writes only while the store is open (`StoreOpened`,
                // until `StorageLost`), which is when `db` is set: this is never expected.
                let Some(db) = self.db() else {
                    return self.handle(Event::WriteFailed(StoreFailure {
                        message: t("save.no_storage"),
                        quota: false,
                    }));
                };
                self.spawn(async move {
                    let event = match db.put_checked(&id, &text, base_rev, must_exist).await {
                        Ok(Put::Written) => Event::Written,
                        Ok(Put::Gone) => Event::WriteGone,
                        Ok(Put::Newer(theirs)) => Event::WriteNewer(theirs),
                        Err(e) => Event::WriteFailed(store_failure(e)),
                    };
                    p.handle(event);
                });
            }
            Action::StoreNew { id, text } => {
                let Some(db) = self.db() else {
                    return;
                };
                self.spawn(async move {
                    let result = db.put(&id, &text).await.map_err(store_failure);
                    p.handle(Event::KeepStored(result));
                });
            }
            Action::Broadcast { id, rev } => self.broadcast(&id, rev),
            Action::ReadForMessage { id, rev } => {
                let Some(db) = self.db() else {
                    return;
                };
                self.spawn(async move {
                    if let Ok(stored) = db.get(&id).await {
                        p.handle(Event::MessageRead { id, rev, stored });
                    }
                });
            }
            Action::RefreshList => self.spawn(self.refresh_list()),
            Action::SetCurrent { id } => store::current_set(&self.namespace(), &id),
            Action::ShowDraft => {
                let (id, answers) = self.with(|s| {
                    let d = s.drafts.draft();
                    (d.id.clone(), d.answers.clone())
                });
                set_changed(self.current_id, id);
                self.ctx.answers.set(answers);
            }
            Action::Notify(notice) => self.notify(notice),
        }
    }

    fn notify(&self, notice: crate::core::autosave::Notice) {
        use crate::core::autosave::Notice as N;
        let (text, error) = match notice {
            N::UpdatedElsewhere => (t("drafts.updated_elsewhere"), false),
            N::Merged { both } if both.is_empty() => (t("drafts.merged"), false),
            N::Merged { both } => (
                tf("drafts.merged_both", &[("refs", &both.join(", "))]),
                true,
            ),
            N::Kept { name } => (tf("drafts.kept", &[("name", &shown_name(&name))]), false),
            N::Restored { name } => (
                tf("drafts.restored", &[("name", &shown_name(&name))]),
                false,
            ),
            N::RestoredElsewhere { name } => (
                tf("drafts.restored_elsewhere", &[("name", &shown_name(&name))]),
                false,
            ),
            N::Recovered => (t("drafts.recovered"), false),
            N::Migrated { count } => (tf("drafts.migrated", &[("count", &count)]), false),
            N::RefusedOnOpen { count } => {
                (tf("drafts.refused_on_open", &[("count", &count)]), false)
            }
            N::Refused { name, error } => (
                tf(
                    "drafts.refused",
                    &[
                        ("name", &shown_name(&name)),
                        ("error", &message(&error.message())),
                    ],
                ),
                true,
            ),
            N::SetAsideDismissed => (t("drafts.set_aside_dismissed"), false),
        };
        self.notice(text, error);
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
            let rev = self.with(|s| s.drafts.draft().revision);
            if flushed != Some(rev) {
                flushed = Some(rev);
                self.flush();
            }
            if self.with(|s| !s.drafts.busy() && s.tasks == 0) {
                break;
            }
            sleep(20).await;
        }
        self.handle(Event::Disposed);
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
        self.handle(Event::Message {
            id: id.to_string(),
            rev,
        });
    }

    /// Writes the open draft to IndexedDB now (unless a write is under way: it goes on).
    pub fn flush(&self) {
        if self.disposed() {
            return; // a timer or listener that outlived the store (never expected: `close`)
        }
        self.handle(Event::Flush);
    }

    /// Waits until no write is under way (before switching drafts). An orphaned draft's
    /// answers are kept as a new draft first: leaving it must not drop them.
    async fn settle(self) {
        self.flush();
        while self.with(|s| s.drafts.busy()) {
            sleep(20).await;
        }
        if self.orphaned.get_untracked() {
            self.keep();
            while self.with(|s| s.drafts.busy()) {
                sleep(20).await;
            }
        }
    }

    /// The user keeps the orphaned draft's answers (and set-aside answers) as a new draft.
    pub fn keep(self) {
        self.handle(Event::Keep {
            id: store::new_id(),
            now: store::now_iso(),
        });
    }

    /// The user restores the orphaned draft, with this tab's answers, under its own id.
    pub fn restore(self) {
        self.handle(Event::Restore {
            now: store::now_iso(),
        });
    }

    /// Opens a stored draft (or its journals), migrating it to this bank; `false` if refused.
    fn open_text(&self, id: &str, stored: Option<&str>) -> bool {
        let journals = store::journals(&self.namespace(), id);
        let actions = self.with_mut(|s| {
            s.drafts.handle(Event::Open {
                id: id.to_string(),
                stored: stored.map(str::to_string),
                journals,
            })
        });
        self.mirror();
        let opened = actions.iter().any(|a| matches!(a, Action::ShowDraft));
        for action in actions {
            self.perform(action);
        }
        opened
    }

    async fn refresh_list(self) {
        let Some(db) = self.db() else {
            return;
        };
        if let Ok(records) = db.all().await {
            self.handle(Event::Listed(records));
        }
    }

    /// First load: open the database, list the drafts, open the last one used.
    async fn load(self) {
        let ns = self.namespace();
        self.spawn(self.remind_to_export());
        let db = match Db::open(&ns, move || self.storage_lost()).await {
            Ok(db) => Some(Rc::new(db)),
            Err(e) => {
                self.handle(Event::StoreUnavailable(e.message));
                None
            }
        };
        self.update(|s| s.db = db.clone());
        if db.is_some() {
            self.handle(Event::StoreOpened);
        }
        let records = match &db {
            Some(db) => db.all().await.unwrap_or_else(|e| {
                self.handle(Event::StoreFailed(store_failure(e)));
                Vec::new()
            }),
            None => Vec::new(),
        };
        self.handle(Event::Listed(records.clone()));
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
            let first = self.with(|s| s.drafts.last_openable(wanted.as_deref()));
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
            let answers = match store::legacy_answers().filter(|_| ns == store::DEFAULT_NAMESPACE) {
                Some(text) => legacy_answers(text, self.ctx.bank()).await,
                None => Answers::default(),
            };
            self.create_now(english(FIRST_NAME), answers, Dismissals::new())
                .await;
        }
        self.ready.set(true);
        // Once the frame that shows the question answerable is painted (a timeout set in the
        // frame runs after its paint): starting to fetch that part took ≈ 55 ms of main thread
        // with the CPU 4x slower, and held that frame back.
        let shown = self.shown;
        request_animation_frame(move || {
            set_timeout(move || _ = shown.try_set(true), std::time::Duration::ZERO)
        });
    }

    /// Another tab upgraded this page's database (a newer OpenFEM): this tab's connection is
    /// closed (`Db::open`), so it goes on with the journal alone and says so; Export is offered.
    fn storage_lost(self) {
        if self.disposed() {
            return;
        }
        self.update(|s| s.db = None);
        self.handle(Event::StorageLost);
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
        let exported = store::last_export(&ns);
        let dismissed = store::reminder_dismissed(&ns);
        let since = exported.unwrap_or_else(|| store::first_seen(&ns, now));
        self.reminder
            .set(reminder(now, exported, dismissed, since, granted));
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

    /// Stores a new draft with `answers` (and the data checks dismissed in them) and opens it.
    async fn create_now(self, name: String, answers: Answers, dismissed: Dismissals) {
        let mut draft = Draft::new(&self.ctx.bank(), &store::new_id(), &name, &store::now_iso());
        draft.answers = answers;
        draft.dismissed = dismissed;
        let stored = match self.db() {
            Some(db) => Some(
                db.put(&draft.id, &draft.to_json())
                    .await
                    .map_err(store_failure),
            ),
            None => None,
        };
        self.handle(Event::Created { draft, stored });
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
        self.handle(Event::ReplaceDismissals {
            dismissed,
            now: store::now_iso(),
        });
    }

    /// The answers document of the open draft, with its dismissed data checks and their notes:
    /// what Export downloads, Post sends and `getAnswers` returns.
    pub fn answers_doc(&self) -> AnswersDoc {
        let mut doc = self
            .ctx
            .answers
            .with_untracked(|a| AnswersDoc::new(&self.ctx.bank(), a.clone()));
        doc.dismissed_checks = self.dismissed.get_untracked();
        doc
    }

    /// Dismisses a data check with a note (`Some`) or shows it again (`None`); saved.
    pub fn set_dismissal(self, key: &str, dismissal: Option<Dismissal>) {
        self.handle(Event::Dismiss {
            key: key.to_string(),
            dismissal,
            now: store::now_iso(),
        });
    }

    pub fn switch(self, id: String) {
        if self.with(|s| s.drafts.readonly()) {
            return; // a reviewer's widget shows the draft it was given
        }
        self.spawn(async move {
            self.settle().await;
            let Some(db) = self.db() else {
                return;
            };
            match db.get(&id).await {
                Ok(text) => {
                    self.open_text(&id, text.as_deref());
                }
                Err(e) => self.handle(Event::StoreFailed(store_failure(e))),
            }
            // A refused draft stays unopened: the select shows the open one again.
            let current = self.with(|s| s.drafts.draft().id.clone());
            self.current_id.set(String::new());
            self.current_id.set(current);
        });
    }

    /// The person has dealt with the answers set aside: they leave the draft (saved).
    pub fn dismiss_set_aside(self) {
        self.handle(Event::DismissSetAside {
            now: store::now_iso(),
        });
    }

    pub fn rename(self, name: String) {
        // Unchanged (a default name shown in the widget's language stays a default name).
        if name.trim() == shown_name(&self.name.get_untracked()) {
            return;
        }
        self.handle(Event::Rename {
            name,
            now: store::now_iso(),
        });
    }

    pub fn duplicate(self) {
        let (name, answers, dismissed) = self.with(|s| {
            let d = s.drafts.draft();
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
            let Some(db) = self.db() else {
                return;
            };
            let (id, name, text) = self.with(|s| {
                let d = s.drafts.draft();
                (d.id.clone(), d.name.clone(), d.to_json())
            });
            if let Err(e) = db.delete(&id).await {
                self.handle(Event::StoreFailed(store_failure(e)));
                return;
            }
            store::journal_clear_all(&self.namespace(), &id);
            self.deleted.set(Some((id.clone(), name, text)));
            self.handle(Event::Deleted { id: id.clone() });
            // A tab that has it open stops saving into it (never brings it back silently).
            self.post(serde_json::json!({"id": id, "deleted": true}));
            let next = self.with(|s| s.drafts.last_openable(None));
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
            let Some(db) = self.db() else {
                return;
            };
            // Another tab may have restored it meanwhile (with its answers): that one is kept.
            let text = match db.put_absent(&id, &text).await {
                Ok(None) => text,
                Ok(Some(theirs)) => theirs,
                Err(e) => {
                    self.handle(Event::StoreFailed(store_failure(e)));
                    return;
                }
            };
            self.handle(Event::Undeleted {
                id: id.clone(),
                text: text.clone(),
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
        let failed = p.orphaned.get() || matches!(p.status.get(), Status::Failed(_));
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
        Status::Failed(f) => tf("save.failed", &[("why", &failure_text(&f))]),
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
                    p.orphaned.get() || matches!(p.status.get(), Status::Failed(_))
                }
                data-status=move || match p.status.get() {
                    _ if p.orphaned.get() => "gone",
                    Status::Loading => "loading",
                    Status::Saved => "saved",
                    Status::Saving => "saving",
                    Status::Failed(_) => "failed",
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
        <Show when=move || matches!(p.status.get(), Status::Failed(_))>
            <div class="ofem-warning" id="ofem-storage-warning" role="alert">
                <p>
                    {move || match p.status.get() {
                        Status::Failed(f @ Failure::Store(StoreFailure { quota: true, .. })) => {
                            tf("save.warning_quota", &[("why", &failure_text(&f))])
                        }
                        Status::Failed(f) => tf("save.warning", &[("why", &failure_text(&f))]),
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
            crate::core::scored::set_aside_rows(&c.bank(), a)
                .into_iter()
                .map(|r| {
                    let label = |q: &str| {
                        c.bank()
                            .question(q)
                            .map_or(q.to_string(), |q| q.prompt.clone())
                    };
                    let option = r
                        .row
                        .map(|id| option_label(&c.bank(), r.source, id))
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
    view! {
        <SetAsideRows />
        <Show when=move || p.set_aside.with(|s| !s.is_empty())>
            <section class="ofem-set-aside" id="ofem-set-aside" aria-labelledby="ofem-set-aside-h">
                <h2 id="ofem-set-aside-h">{t("drafts.set_aside_title")}</h2>
                <p>{t("drafts.set_aside_help")}</p>
                <ul>
                    {move || {
                        let bank = p.ctx.bank();
                        p.set_aside
                            .get()
                            .into_iter()
                            .map(|(id, s)| {
                                let place = place_in_words(&bank, &id, &s.value);
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

/// The answers the widget kept in localStorage before drafts existed, read into the first draft.
/// Their reader is the answers-document reader, a part (`legacy_answers`) fetched only by a
/// browser that has such answers. When it cannot be fetched (tried twice), the first draft
/// starts empty and the old answers stay where they are (they are never deleted).
async fn legacy_answers(text: String, bank: Arc<Bank>) -> Answers {
    for attempt in 0..2 {
        if attempt > 0 {
            sleep(1000).await;
        }
        if let Ok(answers) = read_legacy_answers(&text, &bank).await {
            return answers;
        }
    }
    web_sys::console::warn_1(&"OpenFEM: the answers kept before drafts could not be read".into());
    Answers::default()
}

#[leptos::wasm_split::wasm_split(legacy_answers, wasm_split_path = ::leptos::wasm_split, fallible)]
fn read_legacy_answers(
    text: &str,
    bank: &Bank,
) -> Result<Answers, leptos::wasm_split::SplitLoaderError> {
    Ok(AnswersDoc::parse(text, bank)
        .map(|doc| doc.answers)
        .unwrap_or_default())
}
