//! Answers in and out: export (download), import (upload) and the draft kept in this browser.
//! The file is the core's answers document, so `openfem score FILE` scores it the same way.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::i18n::{t, tf};
use super::{ctx, Ctx, Notice};
use crate::core::{Answers, AnswersDoc, Bank};

const DRAFT_KEY: &str = "openfem:answers";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft saved in this browser, if any and still valid, with its number of answers.
pub(crate) fn restore_draft(bank: &Bank) -> (Answers, Option<usize>) {
    let text = storage().and_then(|s| s.get_item(DRAFT_KEY).ok().flatten());
    match text.map(|t| AnswersDoc::parse(&t, bank)) {
        Some(Ok(doc)) if !doc.answers.is_empty() => {
            let n = doc.answers.len();
            (doc.answers, Some(n))
        }
        _ => (Answers::new(), None),
    }
}

/// Saves the answers to localStorage on every change (best effort: storage may be disabled).
pub(crate) fn keep_draft(ctx: Ctx) {
    Effect::new(move |first: Option<()>| {
        let json = ctx.answers.with(|a| {
            serde_json::to_string(&AnswersDoc::new(ctx.bank, a.clone())).unwrap_or_default()
        });
        if first.is_some() {
            if let Some(s) = storage() {
                _ = s.set_item(DRAFT_KEY, &json);
            }
        }
    });
}

/// The answers document as pretty JSON.
fn export_json(ctx: Ctx) -> String {
    ctx.answers
        .with_untracked(|a| AnswersDoc::new(ctx.bank, a.clone()).to_json_pretty())
}

fn download(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

async fn import_file(ctx: Ctx, file: web_sys::File) {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let notice = match AnswersDoc::parse(&text, ctx.bank) {
        Ok(doc) => {
            let n = doc.answers.len();
            ctx.answers.set(doc.answers);
            Notice {
                text: tf("actions.imported", &[("count", &n)]),
                error: false,
            }
        }
        Err(e) => Notice {
            text: tf("actions.import_error", &[("error", &e)]),
            error: true,
        },
    };
    ctx.notice.set(Some(notice));
}

/// Export and import buttons, and the notice about the last file operation.
#[component]
pub(crate) fn FileActions() -> impl IntoView {
    let c = ctx();
    let picker = NodeRef::<leptos::html::Input>::new();
    let on_export = move |_| {
        let name = format!("openfem-answers-{}.json", c.bank.id);
        if let Err(e) = download(&name, &export_json(c)) {
            leptos::logging::error!("export failed: {e:?}");
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            leptos::task::spawn_local(import_file(c, file));
        }
        input.set_value("");
    };
    view! {
        <div class="ofem-actions" role="group" aria-label=t("actions.label")>
            <button type="button" id="ofem-export" on:click=on_export>
                {t("actions.export")}
            </button>
            <button
                type="button"
                id="ofem-import-button"
                on:click=move |_| {
                    if let Some(input) = picker.get() {
                        input.click();
                    }
                }
            >
                {t("actions.import")}
            </button>
            <input
                type="file"
                id="ofem-import"
                accept=".json,application/json"
                hidden
                tabindex="-1"
                aria-hidden="true"
                node_ref=picker
                on:change=on_pick
            />
            <p
                class="ofem-notice"
                class:error=move || c.notice.with(|n| n.as_ref().is_some_and(|n| n.error))
                role="status"
            >
                {move || c.notice.with(|n| n.as_ref().map(|n| n.text.clone()))}
            </p>
        </div>
    }
}
