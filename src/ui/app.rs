//! The widget's root component (`App`) and its state (`provide_state`), shared by the standalone
//! page and the embedded element.

use std::sync::Arc;

use leptos::prelude::*;

use super::config::{config, Config};
use super::i18n::{self, t, tf};
use super::part::first_question_answerable;
use super::state::{ctx, Ctx};
use super::{data, drafts, evidence, files, language, posting, route, score, section};
use crate::core::{Answers, Bank};

/// The built-in bank (fetched by `data::load_builtin_bank`), or why there is none yet.
pub(crate) fn builtin_bank() -> Result<Arc<Bank>, String> {
    data::builtin_bank().ok_or_else(|| t("data.bank_not_loaded"))
}

/// The widget's state, provided in the current owner's context: the answers and assessment
/// (`Ctx`) and the drafts store (`drafts::Persist`). Embedded, `embed::mount_widget` calls this in an owner of its own, which outlives the views
/// mounted under it (the drafts store must not be disposed: see `embed::WidgetHandle::unmount`);
/// on the standalone page `App` calls it.
pub(crate) fn provide_state(config: &Config) -> Result<Ctx, String> {
    let bank = config.bank.clone().map_or_else(builtin_bank, Ok)?;
    // Answers start empty; the drafts store (drafts.rs) fills them from browser storage.
    let answers = RwSignal::new(Answers::new());
    // The section the page's URL names (standalone), else the first one shown.
    let current = RwSignal::new(
        route::section_in_url(&bank, config)
            .or_else(|| route::first_section(&bank, config))
            .unwrap_or_default(),
    );
    let ctx = Ctx::new(bank, answers, current);
    provide_context(ctx);
    // Autosave, drafts and two tabs, in the widget's namespace (the element's `draft`).
    let persist = drafts::attach(ctx, &config.namespace);
    // Posted versions of the open draft (a posted one locks the form).
    posting::attach(ctx, persist, &config.namespace);
    // Evidence files of the open draft, kept beside it.
    evidence::attach(persist);
    Ok(ctx)
}

/// The widget's root component: its state from the context (embedded), or made here; then its
/// view in the widget's language, rebuilt over the same state when the language changes.
#[component]
pub fn App() -> impl IntoView {
    let config = config();
    if use_context::<Ctx>().is_none() {
        if let Err(error) = provide_state(&config) {
            return view! {
                <p class="ofem-error" role="alert">{tf("app.bank_error", &[("error", &error)])}</p>
            }
            .into_any();
        }
    }
    let state = ctx();
    let Some(lang) = i18n::i18n() else {
        return view! { <Shell /> }.into_any();
    };
    super::language::start(lang);
    (move || {
        let tag = lang.tag.get();
        lang.ready.get().then(|| {
            untrack(|| {
                provide_context(language::localized(state, tag));
                view! { <Shell /> }
            })
        })
    })
    .into_any()
}

/// The widget's view (the header, navigator, section, score) in its language.
#[component]
fn Shell() -> impl IntoView {
    let config = config();
    // The help's prose in this language, requested now (after the first question: it is shown
    // with this view, help boxes closed).
    super::help::provide(&ctx().bank());
    let persist = drafts::persist();
    let readonly = config.readonly;
    let postings = posting::postings();
    // Back and Forward move between sections (standalone only: never the host page's history).
    route::follow();

    let body = view! {
        {readonly
            .then(|| {
                view! { <p class="ofem-banner info" data-note="readonly">{t("embed.readonly")}</p> }
            })}
        <score::ZeroBanner />
        <posting::PostedBanner />
        // `readonly` or a posted version: a disabled fieldset disables every input at once.
        <fieldset class="ofem-fields" disabled=move || readonly || postings.locked()>
            <section::SectionView />
        </fieldset>
    };
    // Embedded in a portal's page, which has its own `<main>`: a plain container.
    let main = if config.embed.is_some() {
        view! { <div class="ofem-main" id="ofem-main">{body}</div> }.into_any()
    } else {
        view! { <main class="ofem-main" id="ofem-main">{body}</main> }.into_any()
    };

    view! {
        // Inert until the open draft is loaded, so no answer is given before it arrives.
        <div class="ofem-app" class:readonly=readonly lang=i18n::locale() inert=move || !persist.ready.get()>
            <header class="ofem-header">
                {config
                    .chrome
                    .title
                    .then(|| {
                        // "Nothing is sent anywhere" is the standalone page's promise; a portal
                        // embedding the widget posts the answers.
                        let standalone = config.embed.is_none();
                        view! {
                            <div>
                                <h1>{t("app.title")}</h1>
                                {standalone
                                    .then(|| view! { <p class="ofem-subtitle">{t("app.subtitle")}</p> })}
                            </div>
                        }
                    })}
                // Drafts and files arrive as a part once the first question is answerable; their
                // slot keeps their height meanwhile (www/styles.css) so the question does not move.
                <div class="ofem-files-slot" class:full=config.chrome.drafts && config.chrome.files>
                    <super::part::Deferred load=files::file_actions after=first_question_answerable() />
                </div>
                <language::LanguagePicker />
            </header>
            <language::LanguageProblem />
            <section::SectionNav />
            {main}
            // The score panel arrives as a part once the first question is answerable (its
            // column is the grid's, so nothing moves when it does).
            <super::part::Deferred load=score::score_panel after=first_question_answerable() />
            <score::MiniBar />
        </div>
    }
    .into_any()
}
