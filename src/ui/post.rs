//! Posting: what the widget remembers of it. A posted assessment is recorded per draft in
//! browser storage (`<namespace>:posted:<draft id>`, beside the draft): when, the total, and a
//! fingerprint of the answers posted, so the panel can say "Posted on 5 Dec 2026" after a
//! reload, and that the answers changed since. (A locked posted version is another matter.)

use serde::{Deserialize, Serialize};

use crate::core::Answers;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Posted {
    /// ISO 8601 time of posting.
    pub at: String,
    pub total: f64,
    /// `fingerprint` of the answers posted.
    pub answers: String,
}

/// A fingerprint of answers (FNV-1a of their JSON, whose keys are sorted).
pub(crate) fn fingerprint(answers: &Answers) -> String {
    let text = serde_json::to_string(answers).unwrap_or_default();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    format!("{hash:016x}")
}

fn key(namespace: &str, draft: &str) -> String {
    format!("{namespace}:posted:{draft}")
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft's posting, if it was posted.
pub(crate) fn load(namespace: &str, draft: &str) -> Option<Posted> {
    let text = local()?.get_item(&key(namespace, draft)).ok()??;
    serde_json::from_str(&text).ok()
}

/// Records a posting; false when the browser refused to store it.
pub(crate) fn save(namespace: &str, draft: &str, posted: &Posted) -> bool {
    let Ok(text) = serde_json::to_string(posted) else {
        return false;
    };
    local().is_some_and(|s| s.set_item(&key(namespace, draft), &text).is_ok())
}

/// A date as the widget's locale writes it (5 Dec 2026).
pub(crate) fn local_date(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    let options = js_sys::Object::new();
    for (k, v) in [("year", "numeric"), ("month", "short"), ("day", "numeric")] {
        _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    String::from(date.to_locale_date_string(super::i18n::locale(), &options))
}
