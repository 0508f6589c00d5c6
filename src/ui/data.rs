//! Data files the widget fetches instead of embedding them in the wasm (docs/web-build.md,
//! "Data files"): the built-in bank today. `build.rs` names each after its content
//! (`data/<stem>.<hash>.json`, so a host may cache it forever) and gives the widget its name and
//! SHA-256 (`data_files.rs`); the Makefile ships it as `pkg/data/…`, next to the wasm.
//!
//! The files are found relative to the package's directory, which the JS that loads the glue
//! passes to [`set_data_base`] (`new URL('./', import.meta.url)` of `openfem.js`); without it,
//! `pkg/` under the page's base URL (the standalone site's layout).

use std::cell::{Cell, OnceCell, RefCell};
use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::message::{Arg, Message};
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
    static BUILTIN_WANTED: Cell<bool> = const { Cell::new(false) };
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

/// Fetches a data file and checks it is the one this build was made with. The request is sent
/// at once (two files asked for one after the other download together); the error says what
/// went wrong in the widget's language when shown (the caller says what to do).
pub fn fetch_data(
    file: &str,
    expected: &'static [u8; 32],
) -> impl std::future::Future<Output = Result<String, Message>> {
    let url = url(file);
    let first = request(&url, web_sys::RequestCache::Default);
    async move {
        let mut bytes = read(first, &url).await?;
        if !has_digest(&bytes, expected).await {
            // Not this build's file: a half-finished deploy, a proxy's error page. Hosts may cache
            // a hashed name for good, so ask the server again, past the HTTP cache.
            bytes = read(request(&url, web_sys::RequestCache::Reload), &url).await?;
            if !has_digest(&bytes, expected).await {
                return Err(data_error("data.error.changed", &url, None));
            }
        }
        String::from_utf8(bytes).map_err(|_| data_error("data.error.not_text", &url, None))
    }
}

/// Whether `bytes` have the SHA-256 `expected`. The browser's digest (`crypto.subtle`, native)
/// takes about a millisecond for the bank, where the wasm's took 26 ms with the CPU 4x slower,
/// before the first question; a page without it (`crypto.subtle` exists only in secure contexts:
/// https, localhost) gets the wasm's.
async fn has_digest(bytes: &[u8], expected: &[u8; 32]) -> bool {
    let browser = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .filter(|s| !s.is_undefined())
        .and_then(|s| s.digest_with_str_and_u8_array("SHA-256", bytes).ok());
    if let Some(digest) = browser {
        if let Ok(digest) = JsFuture::from(digest).await {
            return js_sys::Uint8Array::new(&digest).to_vec() == expected;
        }
    }
    sha256(bytes) == *expected
}

/// A problem with the data file at `url` (`data.error.<…>` in the locale files), with one more
/// argument if any.
fn data_error(key: &'static str, url: &str, more: Option<(&'static str, Arg)>) -> Message {
    let mut args = vec![("url", Arg::Text(url.to_string()))];
    args.extend(more);
    Message::new(key, args)
}

/// Sends the request for `url` (`None`: no window to fetch from).
fn request(url: &str, cache: web_sys::RequestCache) -> Option<JsFuture> {
    let init = web_sys::RequestInit::new();
    init.set_cache(cache);
    Some(JsFuture::from(
        web_sys::window()?.fetch_with_str_and_init(url, &init),
    ))
}

/// The body of a response to `request`, refused when the server says no or it is too large.
async fn read(request: Option<JsFuture>, url: &str) -> Result<Vec<u8>, Message> {
    // The browser's reason for a failed fetch ("Failed to fetch") is English and says no more.
    let network = || data_error("data.error.network", url, None);
    let response: web_sys::Response = request
        .ok_or_else(network)?
        .await
        .map_err(|_| network())?
        .unchecked_into();
    if !response.ok() {
        let status = Arg::Number(response.status().into());
        return Err(data_error("data.error.http", url, Some(("status", status))));
    }
    let too_large = || {
        let limit = Arg::Number(MAX_DATA_BYTES / 1024.0 / 1024.0);
        data_error("data.error.too_large", url, Some(("limit", limit)))
    };
    let length = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|l| l.parse::<f64>().ok());
    if length.is_some_and(|l| l > MAX_DATA_BYTES) {
        return Err(too_large());
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|_| network())?)
        .await
        .map_err(|_| network())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    if bytes.len() as f64 > MAX_DATA_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The built-in bank if it has been loaded.
pub fn builtin_bank() -> Option<Arc<Bank>> {
    BUILTIN.with(|b| b.get().cloned())
}

/// Whether the built-in bank was asked for on this page (the languages then fetch it in their
/// language too).
pub fn builtin_wanted() -> bool {
    BUILTIN_WANTED.get()
}

/// Fetches, checks and parses the built-in bank, once (a failure may be retried).
pub async fn load_builtin_bank() -> Result<Arc<Bank>, Message> {
    BUILTIN_WANTED.set(true);
    if let Some(bank) = builtin_bank() {
        return Ok(bank);
    }
    let text = fetch_data(BANK_FILE, &BANK_SHA256).await;
    if let Some(bank) = builtin_bank() {
        return Ok(bank); // loaded meanwhile by another caller
    }
    let text = text?;
    // Never happens to a file whose hash was checked, unless the build itself is broken.
    let bank = Bank::from_built_data_file(&text)
        .map_err(|_| data_error("data.error.invalid", &url(BANK_FILE), None))?;
    let bank = super::banks::keep(bank, BANK_SHA256);
    BUILTIN.with(|b| _ = b.set(bank.clone()));
    Ok(bank)
}

/// Fetches, checks and parses a bank data file (the built-in bank, or it in another language),
/// kept for the page's lifetime. The request is sent at once, like [`fetch_data`]'s: a language's
/// bank downloads beside its strings and the language part, not after them.
pub fn read_bank(
    file: &str,
    expected: &'static [u8; 32],
) -> impl std::future::Future<Output = Result<Arc<Bank>, Message>> {
    let text = fetch_data(file, expected);
    let url = url(file);
    async move {
        // Never happens to a file whose hash was checked, unless the build itself is broken.
        let bank = Bank::from_built_data_file(&text.await?)
            .map_err(|_| data_error("data.error.invalid", &url, None))?;
        Ok(Arc::new(bank))
    }
}

/// For npm/openfem-element.js: loads the built-in bank before mounting an element without a
/// `bank` URL. Rejects with the reason (the element shows it as a bank error).
#[wasm_bindgen(js_name = loadBuiltinBank)]
pub async fn load_builtin_bank_js() -> Result<(), JsValue> {
    load_builtin_bank().await.map(|_| ()).map_err(|e| {
        let english = e.english();
        BUILTIN_FAILURE.with(|f| *f.borrow_mut() = Some(e));
        JsValue::from_str(&english)
    })
}

thread_local! {
    /// Why the built-in bank last failed to load for an element (said in its language).
    static BUILTIN_FAILURE: std::cell::RefCell<Option<Message>> = const { std::cell::RefCell::new(None) };
}

/// Why the built-in bank last failed to load through `loadBuiltinBank`, if it did.
pub fn builtin_failure() -> Option<Message> {
    BUILTIN_FAILURE.with(|f| f.borrow().clone())
}
