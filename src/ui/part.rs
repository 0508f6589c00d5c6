//! Showing a part of the widget whose code is fetched when first shown (the parts themselves:
//! `deferred.rs`, and the `#[wasm_split(…)]` functions beside the views they hold).

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;

use super::i18n::t;

/// A deferred part's view, or why its code could not be fetched.
pub(crate) type Part = Result<AnyView, SplitLoaderError>;

/// Shows the view `load` gives once its code has arrived (nothing before: the parts are small
/// and usually arrive within a round trip), or a retry prompt if it could not be fetched.
/// `quiet`: nothing instead of the prompt, for a control repeated on every question whose part
/// says it could not be fetched elsewhere (the header); the next time it is shown asks again.
#[component]
pub(crate) fn Deferred<F, Fut>(load: F, #[prop(optional)] quiet: bool) -> impl IntoView
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
                Err(_) if quiet => ().into_any(),
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
