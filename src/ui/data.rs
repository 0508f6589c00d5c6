//! Data files the widget fetches instead of embedding them in the wasm (docs/translating.md):
//! `build.rs` names each after its content (`data/<stem>.<hash>.json`); the Makefile ships it
//! as `pkg/data/…`, next to the wasm.
//!
//! The files are found relative to the package's directory, which the JS that loads the glue
//! passes to [`set_data_base`] (`new URL('./', import.meta.url)` of `openfem.js`); without it,
//! `pkg/` under the page's base URL (the standalone site's layout).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

thread_local! {
    static BASE: RefCell<Option<String>> = const { RefCell::new(None) };
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

/// The URL of a data file (`file` as build.rs names it, e.g. `data/locale-vi.<hash>.json`).
pub fn url(file: &str) -> String {
    BASE.with(|b| match &*b.borrow() {
        Some(base) => format!("{base}{file}"),
        None => format!("pkg/{file}"),
    })
}
