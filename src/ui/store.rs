//! Browser storage for drafts, keyed by a *namespace* (default [`DEFAULT_NAMESPACE`]) so that
//! an embedding page can keep its drafts apart (`<openfem-assessment draft="…">`).
//!
//! Two layers, because IndexedDB writes are asynchronous and a killed page loses a write that
//! has not committed yet:
//! - **IndexedDB** (database `<namespace>`, object store `drafts`, key = draft id, value = the
//!   draft's JSON text, `core::draft::Draft`): the durable store, written ~300 ms after a change
//!   (coalesced) and at once when the page is hidden or left.
//! - **a localStorage journal** (`<namespace>:journal:<draft id>`, `core::draft::Journal`):
//!   written *synchronously* on every change, before anything else, and removed once IndexedDB
//!   has the same revision. After a reload or a crash, `core::draft::recover` opens the journal
//!   when it holds changes made on top of the stored revision.
//!
//! Also here: the current draft's id (`<namespace>:current`), `navigator.storage.persist()`,
//! and the BroadcastChannel `<namespace>:drafts` that tells other tabs about saves.
//! Values are kept as JSON *text* so what is stored is exactly what was written.

use idb::{Database, Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

/// The namespace of the stand-alone page.
pub const DEFAULT_NAMESPACE: &str = "openfem";
const DB_VERSION: u32 = 1;
const DRAFTS: &str = "drafts";

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
}

impl Db {
    pub async fn open(namespace: &str) -> Result<Db, StoreError> {
        let factory = Factory::new().map_err(StoreError::from_idb)?;
        let mut request = factory
            .open(namespace, Some(DB_VERSION))
            .map_err(StoreError::from_idb)?;
        request.on_upgrade_needed(|event| {
            use idb::DatabaseEvent;
            if let Ok(db) = event.database() {
                if !db.store_names().iter().any(|n| n == DRAFTS) {
                    _ = db.create_object_store(DRAFTS, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await.map_err(StoreError::from_idb)?;
        Ok(Db { db })
    }

    /// Every stored draft as (key, JSON text), by key.
    pub async fn all(&self) -> Result<Vec<(String, String)>, StoreError> {
        let tx = self
            .db
            .transaction(&[DRAFTS], TransactionMode::ReadOnly)
            .map_err(StoreError::from_idb)?;
        let store = tx.object_store(DRAFTS).map_err(StoreError::from_idb)?;
        let keys = store
            .get_all_keys(None, None)
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        let values = store
            .get_all(None, None)
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(keys
            .into_iter()
            .zip(values)
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect())
    }

    pub async fn get(&self, id: &str) -> Result<Option<String>, StoreError> {
        let tx = self
            .db
            .transaction(&[DRAFTS], TransactionMode::ReadOnly)
            .map_err(StoreError::from_idb)?;
        let store = tx.object_store(DRAFTS).map_err(StoreError::from_idb)?;
        let value = store
            .get(JsValue::from_str(id))
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
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
        let tx = self
            .db
            .transaction(&[DRAFTS], TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        let store = tx.object_store(DRAFTS).map_err(StoreError::from_idb)?;
        let stored = store
            .get(JsValue::from_str(id))
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?
            .and_then(|v| v.as_string());
        if let Some(reason) = refuse(stored) {
            _ = tx.abort();
            return Ok(Some(reason));
        }
        store
            .put(&JsValue::from_str(text), Some(&JsValue::from_str(id)))
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        let done = tx
            .commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        if done.is_committed() {
            Ok(None)
        } else {
            Err(StoreError {
                quota: false,
                message: "the write was aborted".into(),
            })
        }
    }

    pub async fn delete(&self, id: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[DRAFTS], TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        let store = tx.object_store(DRAFTS).map_err(StoreError::from_idb)?;
        store
            .delete(JsValue::from_str(id))
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        tx.commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(())
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

fn journal_key(namespace: &str, id: &str) -> String {
    format!("{namespace}:journal:{id}")
}

/// Writes the journal synchronously (see the module comment).
pub fn journal_write(namespace: &str, id: &str, text: &str) -> Result<(), StoreError> {
    let s = local().ok_or(StoreError {
        quota: false,
        message: "localStorage is not available".into(),
    })?;
    s.set_item(&journal_key(namespace, id), text)
        .map_err(StoreError::from_js)
}

pub fn journal_read(namespace: &str, id: &str) -> Option<String> {
    local()?
        .get_item(&journal_key(namespace, id))
        .ok()
        .flatten()
}

pub fn journal_clear(namespace: &str, id: &str) {
    if let Some(s) = local() {
        _ = s.remove_item(&journal_key(namespace, id));
    }
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

/// Asks the browser not to evict this origin's storage under pressure (best effort: browsers
/// may grant it silently, ask the user, or refuse).
pub fn request_persistence() {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return;
    };
    if let Ok(promise) = storage.persist() {
        wasm_bindgen_futures::spawn_local(async move {
            _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
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
