//! What the embed API builds for the page to read: the score document (with the energy and GHG
//! report), the validation and the answers document, as JS values; and the reader of the
//! answers documents `setAnswers` is given. A part of its own
//! (`embed_api`): the element fetches it beside the widget's draft and says it is ready only
//! once it is there (`loadEmbedApi`), so the API stays synchronous, and a page without the
//! element (the standalone site) never downloads it, nor the energy report it alone needs at
//! start (the energy panel and the data checks are parts of their own).

use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use leptos::wasm_split::{wasm_split, SplitLoaderError};
use wasm_bindgen::prelude::*;

use super::host::to_js;
use crate::core::answers::AnswerError;
use crate::core::element::{report_from, validate_answers};
use crate::core::{Answers, AnswersDoc, Assessment, Bank};

thread_local! {
    /// The part has arrived (`loadEmbedApi` resolved): its functions run at once.
    static LOADED: Cell<bool> = const { Cell::new(false) };
}

/// Fetches the part (once per page; again after a failure). The element awaits it before it
/// says it is ready; rejects when the part cannot be downloaded.
#[wasm_bindgen(js_name = loadEmbedApi)]
pub async fn load_embed_api() -> Result<(), JsValue> {
    // Each split function has a loader of its own (the part is downloaded once): all are made
    // ready here, so that `now` finds each one's loader filled.
    let loaded = async {
        fetch_score().await?;
        fetch_validation().await?;
        fetch_answers_document().await?;
        fetch_answers_reader().await
    };
    match loaded.await {
        Ok(()) => {
            LOADED.set(true);
            Ok(())
        }
        Err(_) => Err(js_sys::Error::new("the widget's API code could not be downloaded").into()),
    }
}

/// Runs one of the part's functions now, or `None` while the part has not arrived. Once it has,
/// a split function's future finishes on its first poll (its loader is a cell `loadEmbedApi`
/// filled), so nothing is awaited; before, it is not polled at all (that would start a download
/// whose result nobody waits for).
pub(crate) fn now<T, F>(call: impl FnOnce() -> F) -> Option<T>
where
    F: Future<Output = Result<T, SplitLoaderError>>,
{
    if !LOADED.get() {
        return None;
    }
    let mut future = pin!(call());
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(Ok(value)) => Some(value),
        _ => None,
    }
}

#[wasm_split(
    embed_api,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_score)
)]
pub(crate) fn score(
    bank: &Bank,
    assessment: Assessment<'_>,
    answers: &Answers,
) -> Result<JsValue, SplitLoaderError> {
    Ok(to_js(&report_from(bank, assessment, answers)))
}

#[wasm_split(
    embed_api,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_validation)
)]
pub(crate) fn validation(bank: &Bank, answers: &Answers) -> Result<JsValue, SplitLoaderError> {
    Ok(to_js(&validate_answers(bank, answers)))
}

#[wasm_split(
    embed_api,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_answers_document)
)]
pub(crate) fn answers_document(doc: &AnswersDoc) -> Result<JsValue, SplitLoaderError> {
    Ok(to_js(doc))
}

/// Reads and checks an answers document against the bank (`setAnswers`; the import of an answers
/// file shares this code, in the part that follows the first question).
#[wasm_split(
    embed_api,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_answers_reader)
)]
pub(crate) fn read_answers(
    text: &str,
    bank: &Bank,
) -> Result<Result<AnswersDoc, AnswerError>, SplitLoaderError> {
    Ok(AnswersDoc::parse(text, bank))
}
