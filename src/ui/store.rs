//! Browser storage for drafts, keyed by a *namespace* (default [`DEFAULT_NAMESPACE`]) so that
//! an embedding page can keep its drafts apart (`<openfem-assessment draft="…">`).
//!
//! Two layers, because IndexedDB writes are asynchronous and a killed page loses a write that
//! has not committed yet:
//! - **IndexedDB** (database `<namespace>`, object store `drafts`, key = draft id, value = the
//!   draft's JSON text, `core::draft::Draft`): the durable store, written ~300 ms after a change
//!   (coalesced) and at once when the page is hidden or left.
//! - **a localStorage journal per tab** (`<namespace>:journal:<draft id>:<tab>`,
//!   `core::draft::Journal`): written *synchronously* on every change, before anything else, and
//!   removed once IndexedDB has the same revision. After a reload or a crash,
//!   `core::draft::recover_all` brings back every journal's changes, merged into the stored
//!   revision (a journal carries the revision it was made on).
//!
//! IndexedDB may be missing (disabled storage, some private windows), never finish opening, be
//! blocked by another tab holding an older version open, or be taken over by another tab that
//! upgrades it (`versionchange`): `Db::open` gives up in time or closes at once, and the widget
//! goes on with the journal alone, saying so and offering Export.
//!
//! - **evidence files** (object store `evidence`, since database version 2: key
//!   `<draft id>/<attachment id>`, value `{meta, data}`: the `core::evidence::Attachment` as JSON
//!   text and the file's bytes as a `Blob`): written and removed one file per transaction, apart
//!   from the draft, so a file refused for want of space never touches the answers.
//!
//! Also here: the current draft's id (`<namespace>:current`), `navigator.storage.persist()`,
//! when the answers were last exported, first kept here, and the export reminder dismissed
//! (`<namespace>:export:last`, `:export:since`, `:export:dismissed`), and the BroadcastChannel
//! `<namespace>:drafts` that tells other tabs about saves.
//! Values are kept as JSON *text* so what is stored is exactly what was written.

use std::cell::Cell;
use std::future::{Future, IntoFuture};
use std::rc::Rc;
use std::task::{Poll, Waker};

use idb::{Database, Factory, KeyRange, ObjectStoreParams, Query, TransactionMode};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The namespace of the stand-alone page.
pub const DEFAULT_NAMESPACE: &str = "openfem";
/// 1: drafts. 2: evidence files beside them (an upgrade from 1 adds the store; drafts untouched).
const DB_VERSION: u32 = 2;
const DRAFTS: &str = "drafts";
const EVIDENCE: &str = "evidence";

/// An error from browser storage, as a short English reason (shown after "Not saved:").
#[derive(Debug, Clone, PartialEq)]
pub struct StoreError {
    pub quota: bool,
    pub message: String,
}

impl StoreError {
    fn from_idb(e: idb::Error) -> StoreError {
        let message = e.to_string();
        StoreError {
            quota: message.contains("Quota"),
            message,
        }
    }

    fn from_js(e: JsValue) -> StoreError {
        let message = js_sys::JSON::stringify(&e)
            .ok()
            .and_then(|s| s.as_string())
            .filter(|s| s != "{}")
            .or_else(|| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            })
            .or_else(|| {
                e.dyn_ref::<web_sys::DomException>()
                    .map(|e| format!("{}: {}", e.name(), e.message()))
            })
            .unwrap_or_else(|| format!("{e:?}"));
        StoreError {
            quota: message.contains("Quota") || message.contains("quota"),
            message,
        }
    }
}

/// What a revision-checked write did.
pub enum Put {
    Written,
    /// Another tab saved a newer revision: its JSON text, left as it is.
    Newer(String),
    /// The draft is no longer stored (another tab deleted it): nothing was written.
    Gone,
}

/// The IndexedDB database of one namespace.
pub struct Db {
    db: Database,
    /// The same connection, for its `versionchange` handler, removed when the `Db` is dropped
    /// (a widget disposed leaves no listener behind).
    raw: web_sys::IdbDatabase,
    _on_version_change: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Db {
    fn drop(&mut self) {
        self.raw.set_onversionchange(None);
    }
}

/// How long opening the database may take. Past it (an open the browser never completes, an
/// upgrade another tab blocks) the widget goes on without IndexedDB, on the journal alone, and
/// says so: `ready` must never wait for ever.
const OPEN_TIMEOUT_MS: i32 = 5_000;

/// Why the database did not open, as the reason shown after "Not saved:" (`StoreError::message`
/// of `Db::open`'s errors is always such a sentence).
fn open_failure(key: &str) -> StoreError {
    StoreError {
        quota: false,
        message: super::i18n::t(key),
    }
}

impl Db {
    /// Opens the namespace's database. Refused, never waited for, when the browser neither opens
    /// nor refuses it in time, or when another tab keeps an older version open (`blocked`).
    /// `on_lost` runs if another tab later asks to upgrade it (`versionchange`): this tab closes
    /// its connection at once, so it never blocks that tab, and goes on without IndexedDB.
    pub async fn open(namespace: &str, on_lost: impl FnOnce() + 'static) -> Result<Db, StoreError> {
        // Missing or refused (disabled storage, some private windows): said plainly.
        let unavailable = |e: idb::Error| {
            leptos::logging::warn!("IndexedDB unavailable: {e}");
            open_failure("save.no_storage")
        };
        let factory = Factory::new().map_err(unavailable)?;
        let mut request = factory
            .open(namespace, Some(DB_VERSION))
            .map_err(unavailable)?;
        request.on_upgrade_needed(|event| {
            use idb::DatabaseEvent;
            if let Ok(db) = event.database() {
                // Each store is added when missing: a new database gets both, a version 1
                // database gains the evidence store and keeps its drafts as they are.
                for name in [DRAFTS, EVIDENCE] {
                    if !db.store_names().iter().any(|n| n == name) {
                        _ = db.create_object_store(name, ObjectStoreParams::new());
                    }
                }
            }
        });
        let given_up: Rc<Cell<Option<&'static str>>> = Rc::new(Cell::new(None));
        let waker: Rc<Cell<Option<Waker>>> = Rc::new(Cell::new(None));
        let give_up = {
            let (given_up, waker) = (given_up.clone(), waker.clone());
            move |why: &'static str| {
                if given_up.get().is_none() {
                    given_up.set(Some(why));
                }
                if let Some(w) = waker.take() {
                    w.wake();
                }
            }
        };
        request.on_blocked({
            let give_up = give_up.clone();
            move |_| give_up("integrity.blocked")
        });
        let timer = Timer::new(OPEN_TIMEOUT_MS, move || give_up("integrity.open_timeout"));
        let mut opening = Box::pin(request.into_future());
        let opened = std::future::poll_fn(|cx| {
            if let Poll::Ready(result) = opening.as_mut().poll(cx) {
                return Poll::Ready(Some(result));
            }
            if given_up.get().is_some() {
                return Poll::Ready(None);
            }
            waker.set(Some(cx.waker().clone()));
            Poll::Pending
        })
        .await;
        drop(timer);
        let Some(result) = opened else {
            // Should the browser open it after all, that connection is closed at once (an open
            // connection nobody uses would block the next upgrade).
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(db) = opening.await {
                    db.close();
                }
            });
            return Err(open_failure(
                given_up.get().unwrap_or("integrity.open_timeout"),
            ));
        };
        let raw: web_sys::IdbDatabase = result.map_err(unavailable)?.into();
        let mut on_lost = Some(on_lost);
        let on_version_change = Closure::<dyn FnMut(web_sys::Event)>::new({
            let raw = raw.clone();
            move |_: web_sys::Event| {
                raw.close();
                if let Some(f) = on_lost.take() {
                    f();
                }
            }
        });
        raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(Db {
            db: Database::from(raw.clone()),
            raw,
            _on_version_change: on_version_change,
        })
    }

    /// A transaction on the store `name`, and that store.
    fn store(
        &self,
        name: &str,
        mode: TransactionMode,
    ) -> Result<(idb::Transaction, idb::ObjectStore), StoreError> {
        let tx = self
            .db
            .transaction(&[name], mode)
            .map_err(StoreError::from_idb)?;
        let store = tx.object_store(name).map_err(StoreError::from_idb)?;
        Ok((tx, store))
    }

    /// Every stored draft as (key, JSON text), by key.
    pub async fn all(&self) -> Result<Vec<(String, String)>, StoreError> {
        let (_tx, store) = self.store(DRAFTS, TransactionMode::ReadOnly)?;
        let keys = sent(store.get_all_keys(None, None)).await?;
        let values = sent(store.get_all(None, None)).await?;
        Ok(keys
            .into_iter()
            .zip(values)
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect())
    }

    pub async fn get(&self, id: &str) -> Result<Option<String>, StoreError> {
        let (_tx, store) = self.store(DRAFTS, TransactionMode::ReadOnly)?;
        let value = sent(store.get(JsValue::from_str(id))).await?;
        Ok(value.and_then(|v| v.as_string()))
    }

    /// Writes `text` under `id` unless the stored draft's revision is above `base` (another tab
    /// saved since this tab last read it) or, when `must_exist`, the draft is no longer stored
    /// (another tab deleted it: writing would bring it back); the read and the write are one
    /// transaction.
    pub async fn put_checked(
        &self,
        id: &str,
        text: &str,
        base: u64,
        must_exist: bool,
    ) -> Result<Put, StoreError> {
        let refused = self
            .put_unless(id, text, |stored| match stored {
                Some(stored) if revision_of(&stored) > base => Some(Put::Newer(stored)),
                None if must_exist => Some(Put::Gone),
                _ => None,
            })
            .await?;
        Ok(refused.unwrap_or(Put::Written))
    }

    /// Writes `text` under `id` only if nothing is stored there; otherwise returns what is
    /// (Undo of a delete must not overwrite a draft another tab has restored meanwhile).
    pub async fn put_absent(&self, id: &str, text: &str) -> Result<Option<String>, StoreError> {
        self.put_unless(id, text, |stored| stored).await
    }

    pub async fn put(&self, id: &str, text: &str) -> Result<(), StoreError> {
        self.put_unless(id, text, |_| None::<()>).await.map(|_| ())
    }

    /// Reads what is stored under `id` and writes `text` there unless `refuse` returns a
    /// reason not to (then nothing is written and the reason returned). The read and the write
    /// are one transaction, so no other tab can write in between.
    async fn put_unless<R>(
        &self,
        id: &str,
        text: &str,
        refuse: impl FnOnce(Option<String>) -> Option<R>,
    ) -> Result<Option<R>, StoreError> {
        let (tx, store) = self.store(DRAFTS, TransactionMode::ReadWrite)?;
        let stored = sent(store.get(JsValue::from_str(id)))
            .await?
            .and_then(|v| v.as_string());
        if let Some(reason) = refuse(stored) {
            _ = tx.abort();
            return Ok(Some(reason));
        }
        sent(store.put(&JsValue::from_str(text), Some(&JsValue::from_str(id)))).await?;
        committed(tx).await?;
        Ok(None)
    }

    pub async fn delete(&self, id: &str) -> Result<(), StoreError> {
        let (tx, store) = self.store(DRAFTS, TransactionMode::ReadWrite)?;
        sent(store.delete(JsValue::from_str(id))).await?;
        sent(tx.commit()).await?;
        Ok(())
    }
}

/// Evidence files (`docs/evidence.md`): one record per file, keyed `<draft>/<attachment id>`.
impl Db {
    /// The keys of one draft's files: from `<draft>/` up to, not including, `<draft>0` ('0' is
    /// the character after '/').
    fn evidence_range(draft: &str) -> Result<Query, StoreError> {
        KeyRange::bound(
            &JsValue::from_str(&format!("{draft}/")),
            &JsValue::from_str(&format!("{draft}0")),
            Some(false),
            Some(true),
        )
        .map(Query::KeyRange)
        .map_err(StoreError::from_idb)
    }

    /// Every file of `draft`, as (metadata JSON text, bytes as a `Blob`).
    pub async fn evidence(&self, draft: &str) -> Result<Vec<(String, web_sys::Blob)>, StoreError> {
        let (_tx, store) = self.store(EVIDENCE, TransactionMode::ReadOnly)?;
        let values = sent(store.get_all(Some(Self::evidence_range(draft)?), None)).await?;
        Ok(values
            .into_iter()
            .filter_map(|v| {
                let meta = js_sys::Reflect::get(&v, &"meta".into()).ok()?.as_string()?;
                let data = js_sys::Reflect::get(&v, &"data".into()).ok()?;
                Some((meta, data.dyn_into::<web_sys::Blob>().ok()?))
            })
            .collect())
    }

    /// Stores one file of `draft`. A quota error comes back with `quota` set; nothing else of
    /// the draft is touched.
    pub async fn evidence_put(
        &self,
        draft: &str,
        id: &str,
        meta: &str,
        data: &web_sys::Blob,
    ) -> Result<(), StoreError> {
        let record = js_sys::Object::new();
        _ = js_sys::Reflect::set(&record, &"meta".into(), &JsValue::from_str(meta));
        _ = js_sys::Reflect::set(&record, &"data".into(), data);
        let (tx, store) = self.store(EVIDENCE, TransactionMode::ReadWrite)?;
        let key = JsValue::from_str(&format!("{draft}/{id}"));
        sent(store.put(&record, Some(&key))).await?;
        committed(tx).await
    }

    /// Removes one file of `draft` (`id`), or every file of `draft` (`None`).
    pub async fn evidence_delete(&self, draft: &str, id: Option<&str>) -> Result<(), StoreError> {
        let (tx, store) = self.store(EVIDENCE, TransactionMode::ReadWrite)?;
        let query = match id {
            Some(id) => Query::Key(JsValue::from_str(&format!("{draft}/{id}"))),
            None => Self::evidence_range(draft)?,
        };
        sent(store.delete(query)).await?;
        sent(tx.commit()).await?;
        Ok(())
    }

    /// The drafts that have files stored (to remove the files of drafts deleted).
    pub async fn evidence_drafts(&self) -> Result<Vec<String>, StoreError> {
        let (_tx, store) = self.store(EVIDENCE, TransactionMode::ReadOnly)?;
        let keys = sent(store.get_all_keys(None, None)).await?;
        let mut drafts: Vec<String> = keys
            .into_iter()
            .filter_map(|k| Some(k.as_string()?.split_once('/')?.0.to_string()))
            .collect();
        drafts.dedup();
        Ok(drafts)
    }
}

/// An IndexedDB request sent and awaited: a refusal to send it and a failure to complete it are
/// both a `StoreError`.
async fn sent<R: IntoFuture<Output = Result<T, idb::Error>>, T>(
    request: Result<R, idb::Error>,
) -> Result<T, StoreError> {
    request
        .map_err(StoreError::from_idb)?
        .await
        .map_err(StoreError::from_idb)
}

/// Commits a write: a transaction that ends aborted (not committed) is an error too.
async fn committed(tx: idb::Transaction) -> Result<(), StoreError> {
    if sent(tx.commit()).await?.is_committed() {
        Ok(())
    } else {
        Err(StoreError {
            quota: false,
            message: "the write was aborted".into(),
        })
    }
}

/// A `setTimeout` cleared when dropped.
struct Timer {
    id: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn new(ms: i32, f: impl FnOnce() + 'static) -> Timer {
        let mut f = Some(f);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let id = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                ms,
            )
            .ok()
        });
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

/// The `revision` of a stored draft's JSON text (0 when absent or unreadable).
pub fn revision_of(text: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("revision").and_then(serde_json::Value::as_u64))
        .unwrap_or(0)
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// This tab's journal of draft `id`. Each tab has its own, so that another tab's save (which
/// clears that tab's journal) or journal never erases a change this tab has not stored yet.
fn journal_key(namespace: &str, id: &str, tab: &str) -> String {
    format!("{namespace}:journal:{id}:{tab}")
}

/// Writes this tab's journal synchronously (see the module comment).
pub fn journal_write(namespace: &str, id: &str, tab: &str, text: &str) -> Result<(), StoreError> {
    let s = local().ok_or(StoreError {
        quota: false,
        message: super::i18n::t("integrity.no_journal"),
    })?;
    s.set_item(&journal_key(namespace, id, tab), text)
        .map_err(StoreError::from_js)
}

/// Every journal of draft `id`: this tab's, those crashed tabs left, and the one an earlier
/// OpenFEM kept for all tabs (`<namespace>:journal:<id>`), as (key, text).
pub fn journals(namespace: &str, id: &str) -> Vec<(String, String)> {
    let Some(s) = local() else {
        return Vec::new();
    };
    let shared = format!("{namespace}:journal:{id}");
    let per_tab = format!("{shared}:");
    (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| *k == shared || k.starts_with(&per_tab))
        .filter_map(|k| {
            let text = s.get_item(&k).ok().flatten()?;
            Some((k, text))
        })
        .collect()
}

/// Removes one journal by its key (one `journals` listed).
pub fn journal_remove(key: &str) {
    if let Some(s) = local() {
        _ = s.remove_item(key);
    }
}

pub fn journal_clear(namespace: &str, id: &str, tab: &str) {
    journal_remove(&journal_key(namespace, id, tab));
}

/// Removes every tab's journal of draft `id` (the draft is deleted).
pub fn journal_clear_all(namespace: &str, id: &str) {
    for (key, _) in journals(namespace, id) {
        journal_remove(&key);
    }
}

/// An id for this tab's journals.
pub fn new_tab_id() -> String {
    format!("t{:x}", (js_sys::Math::random() * 1e12) as u64)
}

/// The id of the draft open last in this namespace.
pub fn current_get(namespace: &str) -> Option<String> {
    local()?
        .get_item(&format!("{namespace}:current"))
        .ok()
        .flatten()
}

pub fn current_set(namespace: &str, id: &str) {
    if let Some(s) = local() {
        _ = s.set_item(&format!("{namespace}:current"), id);
    }
}

/// The single draft the widget kept in localStorage before drafts existed (read once, to
/// bring it into the first draft; never written).
pub fn legacy_answers() -> Option<String> {
    local()?.get_item("openfem:answers").ok().flatten()
}

/// Asks the browser not to evict this origin's storage under pressure: `Some(true)` granted,
/// `Some(false)` refused (the browser may delete the drafts when space runs low), `None` when
/// the browser has no such request.
pub async fn request_persistence() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persist().ok()?;
    let granted = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    granted.as_bool()
}

/// When the answers of this namespace were last exported (ms since 1970), if ever.
pub fn last_export(namespace: &str) -> Option<f64> {
    local()?
        .get_item(&format!("{namespace}:export:last"))
        .ok()
        .flatten()?
        .parse()
        .ok()
}

/// Records an export.
pub fn set_last_export(namespace: &str, at_ms: f64) {
    if let Some(s) = local() {
        _ = s.set_item(&format!("{namespace}:export:last"), &format!("{at_ms:.0}"));
    }
}

/// When this namespace was first used here (ms since 1970): an export is due from then on. Set
/// to `now` on the first call.
pub fn first_seen(namespace: &str, now: f64) -> f64 {
    let key = format!("{namespace}:export:since");
    let Some(s) = local() else {
        return now;
    };
    match s.get_item(&key).ok().flatten().and_then(|v| v.parse().ok()) {
        Some(at) => at,
        None => {
            _ = s.set_item(&key, &format!("{now:.0}"));
            now
        }
    }
}

/// When the user last dismissed the reminder to export (ms since 1970), if ever.
pub fn reminder_dismissed(namespace: &str) -> Option<f64> {
    local()?
        .get_item(&format!("{namespace}:export:dismissed"))
        .ok()
        .flatten()?
        .parse()
        .ok()
}

pub fn dismiss_reminder(namespace: &str, at_ms: f64) {
    if let Some(s) = local() {
        _ = s.set_item(
            &format!("{namespace}:export:dismissed"),
            &format!("{at_ms:.0}"),
        );
    }
}

/// The other tabs' channel for a namespace.
pub fn channel(namespace: &str) -> Option<web_sys::BroadcastChannel> {
    web_sys::BroadcastChannel::new(&format!("{namespace}:drafts")).ok()
}

/// The time now, ISO 8601 (drafts' `updated`).
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A new draft id: time and randomness, unique enough for one browser.
pub fn new_id() -> String {
    let t = js_sys::Date::now() as u64;
    let r = (js_sys::Math::random() * 1e9) as u64;
    format!("d{t:x}{r:x}")
}
