//! How a mounted widget is configured: the standalone page (`mount`) or an embedded
//! `<openfem-assessment>` (`mount_widget`). Provided in the widget's Leptos context; components
//! read it with [`config()`] and fall back to the standalone defaults when none is provided.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use super::host;
use crate::core::Bank;

/// The drafts namespace of a widget mounted without a draft key (the element always gives one:
/// its `draft` attribute, or a key of its own, npm/openfem-element.js).
pub(crate) const EMBED_DEFAULT_NAMESPACE: &str = "openfem:draft:default";

/// The widget's own chrome around the questions, each part shown or not (the `chrome`
/// attribute). The questions, navigator, score panel, save status and notices always show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Chrome {
    /// The widget's `<h1>` (and, on the standalone page, the line that nothing is sent).
    pub title: bool,
    /// The drafts manager: switch, new, rename, duplicate, delete; also Roll forward and
    /// "import as a new draft", which open a new draft.
    pub drafts: bool,
    /// Export, Export CSV, Import and Report.
    pub files: bool,
}

impl Chrome {
    pub const ALL: Chrome = Chrome {
        title: true,
        drafts: true,
        files: true,
    };
    /// An element without a `chrome` attribute: the portal has its own heading and keys the
    /// drafts to its facilities (`draft`), so only the file actions show.
    pub const EMBED_DEFAULT: Chrome = Chrome {
        title: false,
        drafts: false,
        files: true,
    };

    /// Reads a `chrome` attribute: `all`, `none`, or parts among `title`, `drafts`, `files`
    /// (spaces or commas between). Unknown words are returned (and ignored).
    pub fn parse(list: &str) -> (Chrome, Vec<String>) {
        let mut chrome = Chrome {
            title: false,
            drafts: false,
            files: false,
        };
        let mut unknown = Vec::new();
        for word in list.split([' ', ',', '\t', '\n']).filter(|w| !w.is_empty()) {
            match word.to_ascii_lowercase().as_str() {
                "all" => chrome = Chrome::ALL,
                "none" => {}
                "title" => chrome.title = true,
                "drafts" => chrome.drafts = true,
                "files" => chrome.files = true,
                _ => unknown.push(word.to_string()),
            }
        }
        (chrome, unknown)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// The bank from the element's `bank` URL; `None`: the built-in bank.
    pub bank: Option<Arc<Bank>>,
    /// The drafts namespace (store.rs: IndexedDB database, localStorage key prefix, channel).
    pub namespace: String,
    /// `readonly`: every input disabled, no import, no Post; the JS API can still set answers.
    pub readonly: bool,
    /// `sections`: the section ids shown, in bank order; empty shows every section.
    pub sections: Vec<String>,
    /// `label`: the widget's name on the page (e.g. the facility), added to the names of its
    /// landmarks so that two widgets' navigators and score panels are told apart.
    pub label: Option<String>,
    /// Which parts of the widget's own chrome show (`chrome`).
    pub chrome: Chrome,
    /// The embedding's id in `embed`'s registry (its shadow root and host element, which are
    /// not `Send` and so cannot live in context). `None` on the standalone page.
    pub embed: Option<u32>,
}

impl Config {
    pub fn standalone() -> Config {
        Config {
            bank: None,
            namespace: super::store::DEFAULT_NAMESPACE.into(),
            chrome: Chrome::ALL,
            readonly: false,
            sections: Vec::new(),
            label: None,
            embed: None,
        }
    }

    /// Whether the section is shown (the `sections` attribute).
    pub fn shows(&self, section: &str) -> bool {
        self.sections.is_empty() || self.sections.iter().any(|s| s == section)
    }

    /// A landmark's accessible name, with the widget's `label` when it has one.
    pub fn landmark(&self, name: String) -> String {
        match &self.label {
            Some(label) => super::i18n::tf("embed.landmark", &[("name", &name), ("label", label)]),
            None => name,
        }
    }

    /// `openfem-change` on the host element (embedded only).
    pub fn changed(&self, id: &str, value: &Value) {
        if let Some(w) = self.embed {
            host::emit(
                w,
                "openfem-change",
                &serde_json::json!({ "ref": id, "value": value }),
            );
        }
    }

    /// `openfem-post` with the posted package (embedded only; `docs/package-format.md`).
    pub fn posted(&self, package: &crate::core::posting::Package) {
        if let Some(w) = self.embed {
            host::emit(w, "openfem-post", package);
        }
    }

    /// An element of this widget by id: within its shadow root when embedded (ids are per
    /// widget there), else in the document.
    pub fn element_by_id(&self, id: &str) -> Option<web_sys::Element> {
        match self.embed {
            Some(w) => host::element_by_id(w, id),
            None => document().get_element_by_id(id),
        }
    }
}

/// The widget's configuration (the standalone defaults when none was provided).
pub(crate) fn config() -> Config {
    use_context::<Config>().unwrap_or_else(Config::standalone)
}
