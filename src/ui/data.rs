//! Data files the widget fetches instead of embedding them in the wasm (docs/web-build.md,
//! "Data files"): the built-in bank today. `build.rs` names each after its content
//! (`data/<stem>.<hash>.json`, so a host may cache it forever) and gives the widget its name and
//! SHA-256 (`data_files.rs`); the Makefile ships it as `pkg/data/…`, next to the wasm.
//!
//! The files are found relative to the package's directory, which the JS that loads the glue
//! passes to [`set_data_base`] (`new URL('./', import.meta.url)` of `openfem.js`); without it,
//! `pkg/` under the page's base URL (the standalone site's layout).

use std::cell::{OnceCell, RefCell};
use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::Bank;
use crate::sha256::sha256;

include!(concat!(env!("OUT_DIR"), "/data_files.rs"));

/// Refuse a data file larger than this (ours are a few hundred KB): a misconfigured host that
/// answers with some huge page must not exhaust the tab's memory.
const MAX_DATA_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

thread_local! {
    static BASE: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Data files whose URL the page gave (`set_data_url`): a bundler emits them renamed.
    static URLS: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    /// The built-in bank, once fetched, checked and parsed (for the page's lifetime: every
    /// widget without a `bank` URL shares it).
    static BUILTIN: OnceCell<Arc<Bank>> = const { OnceCell::new() };
}

/// Where the data files are: the URL of the directory holding `openfem.js` (the glue's
/// `new URL('./', import.meta.url)`). Called by www/boot.js and npm/openfem-element.js.
#[wasm_bindgen]
pub fn set_data_base(url: &str) {
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    BASE.with(|b| *b.borrow_mut() = Some(url));
}

/// The URL of one data file (`file` as in `data_files.rs`), when it is not at the data base: a
/// bundler (Vite, webpack) emits `new URL('./data/…', import.meta.url)` as a renamed asset, and
/// npm/openfem-element.js passes that URL here.
#[wasm_bindgen]
pub fn set_data_url(file: &str, url: &str) {
    URLS.with(|u| {
        let mut u = u.borrow_mut();
        u.retain(|(f, _)| f != file);
        u.push((file.to_string(), url.to_string()));
    });
}

/// The URL of a data file (`file` as in `data_files.rs`, e.g. `BANK_FILE`).
pub fn url(file: &str) -> String {
    if let Some(url) = URLS.with(|u| {
        u.borrow()
            .iter()
            .find(|(f, _)| f == file)
            .map(|(_, url)| url.clone())
    }) {
        return url;
    }
    BASE.with(|b| match &*b.borrow() {
        Some(base) => format!("{base}{file}"),
        None => format!("pkg/{file}"),
    })
}

/// Fetches a data file and checks it is the one this build was made with. The error is a
/// sentence for the user (what went wrong; the caller says what to do).
pub async fn fetch_data(file: &str, expected: &[u8; 32]) -> Result<String, String> {
    let url = url(file);
    let bytes = match fetch_bytes(&url, web_sys::RequestCache::Default).await? {
        bytes if sha256(&bytes) == *expected => bytes,
        // Not this build's file: a half-finished deploy, a proxy's error page. Hosts may cache a
        // hashed name for good, so ask the server again, past the HTTP cache.
        _ => match fetch_bytes(&url, web_sys::RequestCache::Reload).await? {
            bytes if sha256(&bytes) == *expected => bytes,
            _ => return Err(format!("{url}: not the file this version expects")),
        },
    };
    String::from_utf8(bytes).map_err(|_| format!("{url}: not UTF-8 text"))
}

async fn fetch_bytes(url: &str, cache: web_sys::RequestCache) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_cache(cache);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| format!("{url}: {}", js_message(&e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let length = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|l| l.parse::<f64>().ok());
    if length.is_some_and(|l| l > MAX_DATA_BYTES) {
        return Err(format!("{url}: too large"));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| js_message(&e))?)
        .await
        .map_err(|e| format!("{url}: {}", js_message(&e)))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    if bytes.len() as f64 > MAX_DATA_BYTES {
        return Err(format!("{url}: too large"));
    }
    Ok(bytes)
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "network error".into())
}

/// The built-in bank if it has been loaded.
pub fn builtin_bank() -> Option<Arc<Bank>> {
    BUILTIN.with(|b| b.get().cloned())
}

/// Fetches, checks and parses the built-in bank, once (a failure may be retried).
pub async fn load_builtin_bank() -> Result<Arc<Bank>, String> {
    if let Some(bank) = builtin_bank() {
        return Ok(bank);
    }
    let text = fetch_data(BANK_FILE, &BANK_SHA256).await?;
    if let Some(bank) = builtin_bank() {
        return Ok(bank); // loaded meanwhile by another caller
    }
    let bank = Bank::from_json(&text).map_err(|e| e.to_string())?;
    let bank = super::banks::keep(bank, &text, BANK_SHA256);
    BUILTIN.with(|b| _ = b.set(bank.clone()));
    Ok(bank)
}

/// For npm/openfem-element.js: loads the built-in bank before mounting an element without a
/// `bank` URL. Rejects with the reason (the element shows it as a bank error).
#[wasm_bindgen(js_name = loadBuiltinBank)]
pub async fn load_builtin_bank_js() -> Result<(), JsValue> {
    load_builtin_bank()
        .await
        .map(|_| ())
        .map_err(|e| JsValue::from_str(&e))
}
