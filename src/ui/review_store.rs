//! Where the review in progress is kept (`ui::review`): browser `localStorage` under
//! `<namespace>:review`, one review at a time per widget (the package and the decisions).

use serde::{Deserialize, Serialize};

use crate::core::posting::Package;
use crate::core::review::Review;

/// What is stored while a review is in progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredReview {
    pub package: Package,
    pub review: Review,
}

fn key(namespace: &str) -> String {
    format!("{namespace}:review")
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether a review is kept in this namespace (without reading it).
pub(crate) fn kept(namespace: &str) -> bool {
    local().is_some_and(|s| s.get_item(&key(namespace)).ok().flatten().is_some())
}

/// The review in progress in this namespace, if any.
pub(crate) fn load(namespace: &str) -> Option<StoredReview> {
    let text = local()?.get_item(&key(namespace)).ok()??;
    serde_json::from_str(&text).ok()
}

/// Keeps the review in progress; false when the browser refused (quota, private mode).
pub(crate) fn save(namespace: &str, stored: &StoredReview) -> bool {
    let Ok(text) = serde_json::to_string(stored) else {
        return false;
    };
    local().is_some_and(|s| s.set_item(&key(namespace), &text).is_ok())
}

pub(crate) fn forget(namespace: &str) {
    if let Some(s) = local() {
        _ = s.remove_item(&key(namespace));
    }
}
