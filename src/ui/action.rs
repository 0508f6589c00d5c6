//! Actions whose code is a deferred part (see `deferred`): the code an action runs is fetched the
//! first time the action is asked for; its button or control stays in the main module, so nothing
//! on the first screen appears late. Each action's part is marked `#[wasm_split(…)]` in its own
//! module: opening a package file and the exports (`files`), reopening a kept review
//! (`posting`), posting (`score`), attaching evidence (`evidence`), the bank checker for a bank
//! given by URL (`embed`).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use super::i18n::{in_widget_language, t};

/// What an action does once its code has arrived.
pub(crate) type Work = Pin<Box<dyn Future<Output = ()>>>;

/// Runs an action whose code is a deferred part: its code is fetched the first time it is asked
/// for, then it runs, in the widget's language and under the widget's owner (so what it reads
/// from the context is the widget's, as when it ran at the click). When the code cannot be
/// fetched, `failed` says so where the action was asked for; nothing was changed, and asking
/// again retries.
pub(crate) fn run<A>(action: A, failed: impl FnOnce(String) + 'static)
where
    A: Future<Output = Result<Work, SplitLoaderError>> + 'static,
{
    let owner = Owner::current();
    leptos::task::spawn_local(in_widget_language(async move {
        match action.await {
            Ok(mut work) => {
                std::future::poll_fn(|cx| match &owner {
                    Some(owner) => owner.with(|| work.as_mut().poll(cx)),
                    None => work.as_mut().poll(cx),
                })
                .await
            }
            Err(_) => failed(t("deferred.action_failed")),
        }
    }));
}
