//! The widget's state as every component reads it (`Ctx`: the bank, the answers, the
//! assessment, the section in view), and small helpers around it.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use super::config::config;
use crate::core::{evaluate, Answers, Assessment, Bank};

/// What every component reads: the bank, the answers, the assessment, the section in view.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    /// The bank, read with [`Ctx::bank`]; held by the owner the context was made in, so a bank
    /// fetched from a URL is freed with the last widget showing it (`banks`).
    bank: StoredValue<Arc<Bank>>,
    pub answers: RwSignal<Answers>,
    /// The assessment of the answers, owning its text (not borrowing the bank's).
    pub assessment: Memo<Assessment<'static>>,
    /// Id of the section shown.
    pub current: RwSignal<String>,
    /// A message about the answers file or the restored draft.
    pub notice: RwSignal<Option<Notice>>,
    /// Answers given through the widget so far (`set`): tells a person's answer apart from a
    /// draft loaded or imported, which opens levels without anything to announce.
    pub edits: RwSignal<u64>,
}

#[derive(Clone, PartialEq)]
pub(crate) struct Notice {
    pub text: String,
    pub error: bool,
}

impl Ctx {
    /// The state of a widget showing `bank`, with the answers and section in view given.
    pub fn new(bank: Arc<Bank>, answers: RwSignal<Answers>, current: RwSignal<String>) -> Ctx {
        Ctx {
            assessment: assess(&bank, answers),
            bank: StoredValue::new(bank),
            answers,
            current,
            notice: RwSignal::new(None),
            edits: RwSignal::new(0),
        }
    }

    /// The same state (answers, section, notices) shown with another copy of the bank (its
    /// text in another language, the same rules), assessed again so that the reasons for
    /// points read in that language too.
    pub fn with_bank(self, bank: Arc<Bank>) -> Ctx {
        Ctx {
            assessment: assess(&bank, self.answers),
            bank: StoredValue::new(bank),
            ..self
        }
    }

    /// The bank the widget shows.
    pub fn bank(&self) -> Arc<Bank> {
        self.bank.get_value()
    }

    /// Sets (or, with `null`, clears) one answer; ignored when read-only. Embedded, the host
    /// element gets an `openfem-change` event.
    pub fn set(&self, id: &str, value: Value) {
        let config = config();
        if config.readonly {
            return;
        }
        config.changed(id, &value);
        self.edits.update(|n| *n += 1);
        self.answers.update(|a| a.set(id, value));
    }

    /// The stored answer of a question, tracked.
    pub fn value(&self, id: &str) -> Option<Value> {
        self.answers.with(|a| a.get(id).cloned())
    }
}

/// `answers` assessed against `bank`, tracked. The memo holds the bank while it lives.
fn assess(bank: &Arc<Bank>, answers: RwSignal<Answers>) -> Memo<Assessment<'static>> {
    let bank = bank.clone();
    Memo::new(move |_| answers.with(|a| evaluate(&bank, a).into_owned()))
}

pub(crate) fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// Today's date in the browser's time zone (the core has no clock).
pub(crate) fn today() -> crate::core::entry::Date {
    let now = js_sys::Date::new_0();
    crate::core::entry::Date::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or(crate::core::entry::Date {
        year: 2000,
        month: 1,
        day: 1,
    })
}

/// A `performance.mark` (for the browser tests' timings); ignored where unsupported.
pub(crate) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        _ = p.mark(name);
    }
}
