//! Parts of the widget whose code is downloaded when they are first shown.
//!
//! The build splits the wasm (`make web`: `wasm-split-cli` between cargo and wasm-bindgen) at
//! every function marked `#[wasm_split(…)]`, here and beside the views of a few more. The code
//! only such a function reaches goes into its own small wasm file, fetched the first time the
//! function is called (`part::Deferred` shows the view when it has arrived). The first question
//! therefore waits only for what answering it needs. One part, `after_first_question`, follows
//! once the first question is answerable: the drafts and files controls (`files::file_actions`), the score panel
//! (`score::score_panel`) with the plan and the estimate below, tables (`inputs::table`) and the
//! evidence controls (`evidence::attach_control`); one part rather than several, since code two
//! parts share becomes a file of its own. The report, the energy panel, review mode and the other
//! panels come when opened. The service worker caches every part, so they work offline after the
//! first visit like everything else.
//!
//! A part that fails to download (a dropped slow link) says so with a Retry button; nothing
//! else in the widget is affected, and no answer is lost.

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

use super::part::Part;

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
#[wasm_split(after_first_question, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn plan() -> Part {
    Ok(view! { <super::plan::PlanPanel /> }.into_any())
}

/// The verification estimate (person-days).
#[wasm_split(after_first_question, wasm_split_path = ::leptos::wasm_split, fallible)]
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
