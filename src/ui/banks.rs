//! The banks the widgets hold.
//!
//! A widget holds its bank as an `Arc<Bank>` (its state, its drafts controller); this module
//! only keeps `Weak` references. So a bank fetched from a `bank` URL is freed once the last
//! widget showing it is disposed or re-mounted with another bank, while two widgets with the same
//! bank text share one copy. The built-in bank, and its copies in other languages (data files of
//! their own, `i18n`), are held for the page's lifetime by `data` and `i18n`; a bank from a URL
//! is shown as served, in every language.
//!
//! `Arc`, not `Rc`: Leptos keeps context and memo values `Send + Sync`.

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use wasm_bindgen::prelude::*;

use crate::core::Bank;

/// A bank some widget holds (or held).
struct Kept {
    bank: Weak<Bank>,
    /// SHA-256 of the text the bank was read from (as served).
    hash: [u8; 32],
}

thread_local! {
    // A few entries (one per distinct bank in use): a list.
    static KEPT: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
}

/// Forgets the banks no widget holds any more.
pub fn forget_unused() {
    KEPT.with(|k| k.borrow_mut().retain(|b| b.bank.strong_count() > 0));
}

/// The bank read from a text of SHA-256 `hash`, if a widget holds it.
pub fn find(hash: &[u8; 32]) -> Option<Arc<Bank>> {
    KEPT.with(|k| {
        k.borrow()
            .iter()
            .filter(|b| b.hash == *hash)
            .find_map(|b| b.bank.upgrade())
    })
}

/// Shares `bank`, read from a text of SHA-256 `hash`, while a widget holds it.
pub fn keep(bank: Bank, hash: [u8; 32]) -> Arc<Bank> {
    forget_unused();
    let bank = Arc::new(bank);
    KEPT.with(|k| {
        k.borrow_mut().push(Kept {
            bank: Arc::downgrade(&bank),
            hash,
        })
    });
    bank
}

/// The banks alive (held by some widget or, the built-in one, by the page): what the browser
/// tests read to check that disposed widgets free theirs.
#[wasm_bindgen(js_name = liveBanks)]
pub fn live_banks() -> u32 {
    KEPT.with(|k| {
        k.borrow()
            .iter()
            .filter(|b| b.bank.strong_count() > 0)
            .count() as u32
    })
}
