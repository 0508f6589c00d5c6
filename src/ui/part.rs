//! Showing a part of the widget whose code is fetched when first shown (the parts themselves:
//! `deferred.rs`, and the `#[wasm_split(…)]` functions beside the views they hold).

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;

use super::i18n::t;

/// True once the widget's first question is shown answerable (its draft loaded, and that frame
/// painted): the part that follows the first question is asked for then. Always true where there
/// is no drafts store.
pub(crate) fn first_question_answerable() -> Signal<bool> {
    use_context::<super::drafts::Persist>().map_or(Signal::stored(true), |p| p.shown.into())
}

/// A deferred part's view, or why its code could not be fetched.
pub(crate) type Part = Result<AnyView, SplitLoaderError>;

/// Shows the view `load` gives once its code has arrived (nothing before: the parts are small
/// and usually arrive within a round trip), or a retry prompt if it could not be fetched.
/// `quiet`: nothing instead of the prompt, for a control repeated on every question whose part
/// says it could not be fetched elsewhere (the header); the next time it is shown asks again.
/// `after`: not asked for before this is true (the part that follows the first question waits
/// until the question is answerable, so that fetching and starting it never hold the question up).
#[component]
pub(crate) fn Deferred<F, Fut>(
    load: F,
    #[prop(optional)] quiet: bool,
    #[prop(optional, into)] after: Option<Signal<bool>>,
) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Part> + 'static,
{
    let attempt = RwSignal::new(0u32);
    // Asked for once `after` has been true (and from then on, whatever it becomes).
    let asked = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || after.is_none_or(|a| a.get())
    });
    move || {
        attempt.track();
        if !asked.get() {
            return None;
        }
        let part = SendWrapper::new(load());
        Some(Suspend::new(async move {
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
        }))
    }
}
