//! How a mounted widget is configured: the standalone page (`mount`) or an embedded
//! `<openfem-assessment>` (`mount_widget`). Provided in the widget's Leptos context; components
//! read it with [`config()`] and fall back to the standalone defaults when none is provided.

use leptos::prelude::*;
use serde_json::Value;

use super::embed;
use crate::core::{AnswersDoc, Bank};

/// The drafts namespace of an embedded widget without a (valid) `draft` attribute.
pub(crate) const EMBED_DEFAULT_NAMESPACE: &str = "openfem:draft:default";

#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// The bank from the element's `bank` URL; `None`: the built-in bank.
    pub bank: Option<&'static Bank>,
    /// The drafts namespace (store.rs: IndexedDB database, localStorage key prefix, channel).
    pub namespace: String,
    /// Answers to start from instead of the draft (an element re-mounted after an attribute
    /// changed keeps what was entered).
    pub initial: Option<std::sync::Arc<crate::core::Answers>>,
    /// `readonly`: every input disabled, no import, no Post; the JS API can still set answers.
    pub readonly: bool,
    /// `sections`: the section ids shown, in bank order; empty shows every section.
    pub sections: Vec<String>,
    /// `label`: the widget's name on the page (e.g. the facility), added to the names of its
    /// landmarks so that two widgets' navigators and score panels are told apart.
    pub label: Option<String>,
    /// The embedding's id in `embed`'s registry (its shadow root and host element, which are
    /// not `Send` and so cannot live in context). `None` on the standalone page.
    pub embed: Option<u32>,
}

impl Config {
    pub fn standalone() -> Config {
        Config {
            bank: None,
            namespace: super::store::DEFAULT_NAMESPACE.into(),
            initial: None,
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
            embed::emit(
                w,
                "openfem-change",
                &serde_json::json!({ "ref": id, "value": value }),
            );
        }
    }

    /// `openfem-post` with the answers document (embedded only).
    pub fn posted(&self, doc: &AnswersDoc) {
        if let Some(w) = self.embed {
            embed::emit(w, "openfem-post", doc);
        }
    }

    /// An element of this widget by id: within its shadow root when embedded (ids are per
    /// widget there), else in the document.
    pub fn element_by_id(&self, id: &str) -> Option<web_sys::Element> {
        match self.embed {
            Some(w) => embed::element_by_id(w, id),
            None => document().get_element_by_id(id),
        }
    }
}

/// The widget's configuration (the standalone defaults when none was provided).
pub(crate) fn config() -> Config {
    use_context::<Config>().unwrap_or_else(Config::standalone)
}
