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

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use send_wrapper::SendWrapper;

use super::i18n::t;

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
