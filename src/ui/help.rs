//! The help's prose (why a question is asked, what earns each answer) of the built-in bank: a
//! data file of its own (build.rs `split_help`), requested as the widget is shown, so that the
//! first question never waits for it; help boxes are closed until asked for. The bank keeps each
//! question's evidence checklist (readiness and the package read it). A portal's own bank
//! carries its help inline and needs nothing from here.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::core::message::{Arg, Message};
use crate::core::schema::Help;
use crate::core::Bank;

/// A help data file: its name and SHA-256 (as in `data_files.rs`).
pub(crate) type HelpFile = (&'static str, &'static [u8; 32]);

/// A help file's outcome: the prose by Ref ID (a JSON object, read as JSON values: no reader of
/// its own in the wasm), or why it could not be read.
type Outcome = Result<Arc<Value>, Message>;

thread_local! {
    /// Each help file's last outcome on this page (shared by all widgets and language switches).
    static READ: RefCell<Vec<(&'static str, Outcome)>> = const { RefCell::new(Vec::new()) };
}

fn outcome(file: &str) -> Option<Outcome> {
    READ.with(|r| {
        r.borrow()
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, o)| o.clone())
    })
}

/// The help prose of the view's bank, when it is a file of its own; in the view's context.
#[derive(Clone, Copy)]
pub(crate) struct HelpProse {
    file: HelpFile,
    /// Bumped when the file's outcome changes.
    changed: RwSignal<u32>,
}

impl HelpProse {
    /// Not yet read, read, or why it could not be (tracked).
    pub(crate) fn state(self) -> Option<Outcome> {
        self.changed.track();
        outcome(self.file.0)
    }

    /// Whether the last attempt to read the file failed (untracked).
    pub(crate) fn failed(self) -> bool {
        matches!(outcome(self.file.0), Some(Err(_)))
    }

    /// Requests the file, unless it has been read on this page.
    pub(crate) fn load(self) {
        if matches!(outcome(self.file.0), Some(Ok(_))) {
            return;
        }
        READ.with(|r| r.borrow_mut().retain(|(f, _)| *f != self.file.0));
        self.changed.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let read = read(self.file).await;
            READ.with(|r| r.borrow_mut().push((self.file.0, read)));
            _ = self.changed.try_update(|n| *n += 1);
        });
    }
}

/// For the view being built (`Shell`): provides the help prose of `bank` and requests it, when
/// its help is a file of its own.
pub(crate) fn provide(bank: &Arc<Bank>) {
    if let Some(file) = super::i18n::help_file(bank) {
        let prose = HelpProse {
            file,
            changed: RwSignal::new(0),
        };
        prose.load();
        provide_context(prose);
    }
}

/// The help prose of the view's bank, when it is a file of its own.
pub(crate) fn prose() -> Option<HelpProse> {
    use_context::<HelpProse>()
}

/// Question `id`'s help prose in `texts` (a help file's content).
pub(crate) fn help_of(texts: &Value, id: &str) -> Option<Help> {
    let help = texts.get(id)?;
    let text = |field: &str| help.get(field).and_then(Value::as_str).map(str::to_string);
    Some(Help {
        intent: text("intent"),
        yes: text("yes"),
        partial: text("partial"),
        no: text("no"),
        na: text("na"),
        guidance: text("guidance"),
        evidence: None,
    })
}

async fn read((file, sha256): HelpFile) -> Outcome {
    let text = super::data::fetch_data(file, sha256).await?;
    // Never fails for a file whose hash was checked, unless the build itself is broken.
    match serde_json::from_str(&text) {
        Ok(texts @ Value::Object(_)) => Ok(Arc::new(texts)),
        _ => {
            let url = Arg::Text(super::data::url(file));
            Err(Message::new("data.error.invalid", vec![("url", url)]))
        }
    }
}
