//! The banks the widgets hold, and what is kept with each: the JSON text it was read from (for
//! its copies in other languages) and those copies.
//!
//! A widget holds its bank as an `Arc<Bank>` (its state, its drafts controller); this module
//! only keeps `Weak` references. So a bank fetched from a `bank` URL, its text and its copies in
//! other languages are freed once the last widget showing it is disposed or re-mounted with
//! another bank, while two widgets with the same bank text share one copy. The built-in bank is
//! held for the page's lifetime by `data` (every widget without a `bank` URL shares it).
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
    /// That text, compacted (a bank served with padding costs no more than its content).
    source: Box<str>,
    /// Its copies in other languages, by language tag (held by the widgets' views shown in
    /// that language).
    localized: Vec<(&'static str, Weak<Bank>)>,
}

thread_local! {
    // A few entries (one per distinct bank in use): a list.
    static KEPT: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
}

/// Forgets what no widget holds any more: the texts of banks that were freed (their copies in
/// other languages go with the last view holding them).
pub fn forget_unused() {
    KEPT.with(|k| {
        let mut kept = k.borrow_mut();
        for b in kept.iter_mut() {
            b.localized.retain(|(_, copy)| copy.strong_count() > 0);
        }
        kept.retain(|b| b.bank.strong_count() > 0 || !b.localized.is_empty());
    });
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

/// Shares `bank`, read from `text` (of SHA-256 `hash`), and keeps the text while it is held.
pub fn keep(bank: Bank, text: &str, hash: [u8; 32]) -> Arc<Bank> {
    forget_unused();
    let bank = Arc::new(bank);
    KEPT.with(|k| {
        k.borrow_mut().push(Kept {
            bank: Arc::downgrade(&bank),
            hash,
            source: crate::core::json::compact(text).into_boxed_str(),
            localized: Vec::new(),
        })
    });
    bank
}

/// `bank`'s copy with `overlay` applied (the same rules, its text in language `tag`), shared
/// with the widgets already showing it; `bank` itself if it was not read here (never happens).
/// The copy is read again from the bank's text: a second parse at a switch of language costs
/// the wasm nothing, where cloning a `Bank` costs it 1–2 KB gzipped (its `Clone` code).
pub fn localized(
    bank: &Arc<Bank>,
    tag: &'static str,
    overlay: &std::collections::BTreeMap<String, String>,
) -> Arc<Bank> {
    KEPT.with(|k| {
        let mut kept = k.borrow_mut();
        let Some(entry) = kept
            .iter_mut()
            .find(|b| std::ptr::eq(b.bank.as_ptr(), Arc::as_ptr(bank)))
        else {
            return bank.clone();
        };
        if let Some(copy) = entry
            .localized
            .iter()
            .filter(|(t, _)| *t == tag)
            .find_map(|(_, copy)| copy.upgrade())
        {
            return copy;
        }
        let Ok(mut copy) = Bank::from_json(&entry.source) else {
            return bank.clone();
        };
        copy.localize(overlay);
        let copy = Arc::new(copy);
        entry.localized.retain(|(_, c)| c.strong_count() > 0);
        entry.localized.push((tag, Arc::downgrade(&copy)));
        copy
    })
}

/// The banks alive (held by some widget or, the built-in one, by the page), copies in other
/// languages included: what the browser tests read to check that disposed widgets free theirs.
#[wasm_bindgen(js_name = liveBanks)]
pub fn live_banks() -> u32 {
    KEPT.with(|k| {
        k.borrow()
            .iter()
            .map(|b| {
                usize::from(b.bank.strong_count() > 0)
                    + b.localized
                        .iter()
                        .filter(|(_, c)| c.strong_count() > 0)
                        .count()
            })
            .sum::<usize>() as u32
    })
}
