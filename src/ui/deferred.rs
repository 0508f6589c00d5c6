//! Parts of the widget whose code is downloaded when they are first shown.
//!
//! The build splits the wasm (`make web`: `wasm-split-cli` between cargo and wasm-bindgen) at
//! every function marked `#[wasm_split(…)]` below: the code only such a function reaches goes
//! into its own small wasm file, fetched the first time the function is called. The first
//! question therefore waits only for what answering needs; the report, the energy panel, the
//! plan, review mode and the other panels follow when opened (and are cached by the service worker, so they
//! work offline after the first visit like everything else).
//!
//! A part that fails to download (a dropped slow link) says so with a Retry button; nothing
//! else in the widget is affected, and no answer is lost.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use send_wrapper::SendWrapper;

use super::config::Config;
use super::drafts::Persist;
use super::evidence::Evidence;
use super::files::Export;
use super::i18n::{t, I18n, Requested};
use super::posting::Postings;
use super::state::Ctx;
use crate::core::evidence::EvidenceFile;
use crate::core::{AnswersDoc, Bank};

/// A deferred part's view, or why its code could not be fetched.
pub(crate) type Part = Result<AnyView, SplitLoaderError>;

/// Shows the view `load` gives once its code has arrived (nothing before: the parts are small
/// and usually arrive within a round trip), or a retry prompt if it could not be fetched.
#[component]
pub(crate) fn Deferred<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Part> + 'static,
{
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let part = SendWrapper::new(load());
        Suspend::new(async move {
            match part.await {
                Ok(view) => view,
                Err(_) => view! {
                    <p class="ofem-banner error" role="alert" data-note="part-failed">
                        {t("deferred.failed")} " "
                        <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                            {t("deferred.retry")}
                        </button>
                    </p>
                }
                .into_any(),
            }
        })
    }
}

/// The report and print view.
#[wasm_split(report, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn report(open: RwSignal<bool>) -> Part {
    Ok(view! { <super::report::Report open=open /> }.into_any())
}

/// The energy and GHG panel (Energy section only).
#[wasm_split(energy, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn energy() -> Part {
    Ok(view! { <super::energy::EnergyPanel /> }.into_any())
}

/// The improvement plan (points to gain, ranked).
#[wasm_split(plan, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn plan() -> Part {
    Ok(view! { <super::plan::PlanPanel /> }.into_any())
}

/// The verification estimate (person-days).
#[wasm_split(estimate, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn estimate() -> Part {
    Ok(view! { <super::estimate::EstimatePanel /> }.into_any())
}

/// A posted package opened for reading.
#[wasm_split(package, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn opened_package() -> Part {
    Ok(view! { <super::posting::OpenedPackage /> }.into_any())
}

/// Showing a language other than English: reading its files as they arrive (checked, with the
/// count of texts left in English) and, on a switch, putting the user's focus and scroll back.
/// Fetched beside the language's files; a page in English never needs it.
#[wasm_split(language, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn show_language(
    lang: I18n,
    tag: &'static str,
    files: Requested,
    keep_place: Option<Config>,
) -> Result<Pin<Box<dyn Future<Output = bool>>>, SplitLoaderError> {
    Ok(Box::pin(super::language::show(
        lang, tag, files, keep_place,
    )))
}

/// The verifier's review of an opened package: Start a review, then review mode. `download`
/// saves the verified package (name, JSON text); false when the browser refused.
#[wasm_split(review, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn review(download: Callback<(String, String), bool>) -> Part {
    let postings = super::posting::postings();
    Ok(view! {
        <super::review::StartReview />
        <Show when=move || postings.review.with(Option::is_some)>
            <super::review::ReviewMode download=download />
        </Show>
    }
    .into_any())
}

/// A verified package opened read-only.
#[wasm_split(verified, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn verified_package() -> Part {
    Ok(view! { <super::review::VerifiedView /> }.into_any())
}

/// What an action does once its code has arrived.
pub(crate) type Work = Pin<Box<dyn Future<Output = ()>>>;

/// Runs an action whose code is a deferred part (below): its code is fetched the first time it is
/// asked for, then it runs, in the widget's language and under the widget's owner (so what it
/// reads from the context is the widget's, as when it ran at the click). When the code cannot be
/// fetched, `failed` says so where the action was asked for; nothing was changed, and asking
/// again retries.
pub(crate) fn run<A>(action: A, failed: impl FnOnce(String) + 'static)
where
    A: Future<Output = Result<Work, SplitLoaderError>> + 'static,
{
    let owner = Owner::current();
    leptos::task::spawn_local(super::i18n::in_widget_language(async move {
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

/// Opening a package file (posted or verified): reading and checking it.
#[wasm_split(open_package, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn open_package(
    c: Ctx,
    postings: Postings,
    file: web_sys::File,
) -> Result<Work, SplitLoaderError> {
    Ok(Box::pin(super::files::open_package_file(c, postings, file)))
}

/// The bank checker (`check-bank`), for a bank a page gives by URL (`embed::check_bank`): the
/// bank read, or why it is refused (English, as the CLI says it).
#[wasm_split(bank_check, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn check_bank(text: String) -> Result<Result<Bank, String>, SplitLoaderError> {
    Ok(crate::core::element::load_bank(&text).map_err(|e| e.to_string()))
}

/// A review in progress kept in this browser, opened again after a reload (`Postings::attach`).
#[wasm_split(restore_review, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn restore_review(postings: Postings) -> Result<(), SplitLoaderError> {
    postings.restore_review();
    Ok(())
}

/// Posting: the posted package (the answers, their score report and the evidence list, hashed)
/// kept with the draft; then `record` (what the panel remembers of the posting: false when the
/// browser refused to keep it); then the package sent to the page (`openfem-post`) or,
/// standalone, downloaded. Returns whether the browser kept the package and the record.
#[wasm_split(post, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn post(
    postings: Postings,
    p: Persist,
    config: Config,
    doc: AnswersDoc,
    evidence: Vec<EvidenceFile>,
    record: Box<dyn FnOnce() -> bool>,
) -> Result<bool, SplitLoaderError> {
    let (package, package_kept) = postings.post(&doc, &evidence, &p.current_id.get_untracked());
    let record_kept = record();
    if config.embed.is_some() {
        config.posted(&package);
    } else {
        super::files::export_package(p, &package);
    }
    Ok(package_kept && record_kept)
}

/// Attaching evidence files to a question: each checked, read, hashed and stored.
#[wasm_split(attach_evidence, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn attach_evidence(
    e: Evidence,
    p: Persist,
    question: String,
    files: Vec<web_sys::File>,
) -> Result<Work, SplitLoaderError> {
    Ok(Box::pin(e.add_all(p, question, files)))
}

/// The exports: the answers JSON and CSV, the latest posted package, its evidence bundle (ZIP).
#[wasm_split(export, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn export(
    what: Export,
    c: Ctx,
    p: Persist,
    postings: Postings,
) -> Result<Work, SplitLoaderError> {
    Ok(Box::pin(
        async move { super::files::save(what, c, p, postings) },
    ))
}
