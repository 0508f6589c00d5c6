//! Posted versions (`docs/package-format.md`): Post at 100% makes an immutable posted package
//! (`core::posting::Package`) kept with the draft in browser storage
//! (`<namespace>:postings:<draft id>`). While the latest posted version is the draft's state the
//! form is read-only and shown as posted; "Start a revision" makes the draft an editable copy and
//! never touches a posted package. A package can also be opened read-only (a brand's view), and
//! a verifier reviews one from there (`ui::review`, shown under it); a verified package opens read-only too.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use serde::{Deserialize, Serialize};

use super::drafts::Persist;
use super::i18n::{num, t, tf};
use super::names::question_number;
use super::post::local_date;
use super::state::{ctx, Ctx};
use crate::core::message::Message;
use crate::core::posting::{verify, Mismatch, Package};
use crate::core::review::{verify_verified, AnyPackage, Review, VerifiedPackage};
use crate::core::score_document::answer_lines;
use crate::core::{AnswersDoc, Bank};

/// What is stored per draft: its posted versions, oldest first, and whether a revision is open.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Stored {
    versions: Vec<Package>,
    revising: bool,
}

/// The posted versions of the open draft, and a package opened to view.
#[derive(Clone, Copy)]
pub(crate) struct Postings {
    pub namespace: StoredValue<String>,
    /// The bank in its own language: packages are posted and verified against it.
    bank: StoredValue<Arc<Bank>>,
    pub versions: RwSignal<Vec<Package>>,
    pub revising: RwSignal<bool>,
    /// A package opened read-only, with its mismatches (empty: intact).
    pub opened: RwSignal<Option<(Package, Vec<Message>)>>,
    /// The review in progress of the opened package (`ui::review`), kept in browser storage.
    pub review: RwSignal<Option<Review>>,
    /// A verified package opened read-only, with its mismatches (empty: intact).
    pub verified: RwSignal<Option<(VerifiedPackage, Vec<Message>)>>,
}

pub(crate) fn postings() -> Postings {
    expect_context::<Postings>()
}

fn key(namespace: &str, draft: &str) -> String {
    format!("{namespace}:postings:{draft}")
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Provides the postings of `namespace` and follows the open draft.
pub(crate) fn attach(ctx: Ctx, persist: Persist, namespace: &str) -> Postings {
    let postings = Postings {
        namespace: StoredValue::new(namespace.to_string()),
        bank: StoredValue::new(ctx.bank()),
        versions: RwSignal::new(Vec::new()),
        revising: RwSignal::new(false),
        opened: RwSignal::new(None),
        review: RwSignal::new(None),
        verified: RwSignal::new(None),
    };
    provide_context(postings);
    // A review in progress survives a reload: its package opens again in review mode. Reading
    // and checking it is a deferred part, fetched only when a review is kept; if it cannot be
    // fetched, the notice says so and the review stays kept for the next load.
    if super::review_store::kept(namespace) {
        leptos::task::spawn_local(super::i18n::in_widget_language(async move {
            if restore_review(postings).await.is_err() {
                ctx.notice.set(Some(super::state::Notice {
                    text: t("deferred.failed"),
                    error: true,
                }));
            }
        }));
    }
    Effect::new(move |_| {
        let draft = persist.current_id.get();
        postings.show(&postings.load(&draft));
    });
    // Another tab posted this draft or started a revision: this tab locks or unlocks at once,
    // so it never goes on editing a draft that is posted elsewhere.
    let other_tab = window_event_listener(ev::storage, move |e| {
        let draft = persist.current_id.get_untracked();
        if e.key().as_deref() == Some(key(&postings.namespace.get_value(), &draft).as_str()) {
            postings.show(&postings.load(&draft));
        }
    });
    on_cleanup(move || other_tab.remove());
    postings
}

impl Postings {
    fn show(&self, stored: &Stored) {
        self.versions.set(stored.versions.clone());
        self.revising.set(stored.revising);
    }

    fn load(&self, draft: &str) -> Stored {
        let text =
            local().and_then(|s| s.get_item(&key(&self.namespace.get_value(), draft)).ok()?);
        text.and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// False when the browser refused to keep it (quota, private mode).
    fn save(&self, draft: &str) -> bool {
        let stored = Stored {
            versions: self.versions.get_untracked(),
            revising: self.revising.get_untracked(),
        };
        let Ok(text) = serde_json::to_string(&stored) else {
            return false;
        };
        local().is_some_and(|s| {
            s.set_item(&key(&self.namespace.get_value(), draft), &text)
                .is_ok()
        })
    }

    /// The bank packages are posted, reviewed and verified against (in its own language).
    pub fn bank(&self) -> Arc<Bank> {
        self.bank.get_value()
    }

    /// The form is read-only: the draft has a posted version and no revision is open.
    pub fn locked(&self) -> bool {
        !self.versions.with(Vec::is_empty) && !self.revising.get()
    }

    /// Posts `answers` now, listing the draft's `evidence` files: a new posted version, the
    /// form locked. Returns the package and whether the browser kept it.
    pub fn post(
        &self,
        doc: &AnswersDoc,
        evidence: &[crate::core::evidence::EvidenceFile],
        draft: &str,
    ) -> (Package, bool) {
        let now = super::store::now_iso();
        let package = Package::post(
            &self.bank.get_value(),
            &doc.answers,
            &doc.dismissed_checks,
            evidence,
            &now,
        );
        self.versions.update(|v| v.push(package.clone()));
        self.revising.set(false);
        (package, self.save(draft))
    }

    /// Opens the draft for edits; the posted versions stay as they are.
    pub fn start_revision(&self, draft: &str) -> bool {
        self.revising.set(true);
        self.save(draft)
    }

    /// Checks a package file (posted or verified) and opens it read-only, or says why it
    /// cannot. A posted package under review in this browser opens in review mode again.
    pub fn open(&self, text: &str) -> Result<(), String> {
        let any = AnyPackage::parse(text)
            .map_err(|e| format!("{}: {}", e.path, super::i18n::message(&e.why)))?;
        match any {
            AnyPackage::Posted(package) => {
                let stored = super::review_store::load(&self.namespace.get_value())
                    .filter(|s| s.package.sha256 == package.sha256 && s.package == *package);
                self.show_package(*package);
                self.review.set(stored.map(|s| s.review));
            }
            AnyPackage::Verified(verified) => {
                let found = verify_verified(&verified, &[&*self.bank.get_value()])
                    .iter()
                    .map(Mismatch::message)
                    .collect();
                self.opened.set(None);
                self.review.set(None);
                self.verified.set(Some((*verified, found)));
            }
        }
        Ok(())
    }

    /// Opens the review in progress kept in this browser again, in review mode, if any (the
    /// widget may have gone meanwhile: then nothing).
    fn restore_review(&self) {
        let Some(namespace) = self.namespace.try_get_value() else {
            return;
        };
        if let Some(stored) = super::review_store::load(&namespace) {
            self.show_package(stored.package);
            self.review.set(Some(stored.review));
        }
    }

    /// Opens a posted package read-only with what `verify` finds in it.
    fn show_package(&self, package: Package) {
        let found = verify(&package, &[&*self.bank.get_value()])
            .iter()
            .map(Mismatch::message)
            .collect();
        self.verified.set(None);
        self.opened.set(Some((package, found)));
    }
}

/// A review in progress kept in this browser, opened again after a reload (`Postings::attach`).
#[wasm_split(restore_review, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn restore_review(postings: Postings) -> Result<(), SplitLoaderError> {
    postings.restore_review();
    Ok(())
}

/// The package file name: `openfem-<bank>-<draft>-<posted date>.ofem.json`.
pub(crate) fn file_name(stem: &str, package: &Package) -> String {
    let day = package.posted_at.get(..10).unwrap_or("posted");
    format!("openfem-{}-{stem}-{day}.ofem.json", package.bank)
}

/// The first 12 hex digits of a hash, for a line of text (the full one is beside it).
fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Above the form: the posted version (read-only, with Start a revision), or the revision open.
#[component]
pub(crate) fn PostedBanner() -> impl IntoView {
    let postings = postings();
    let p = super::drafts::persist();
    let said = RwSignal::new(String::new());
    let start = move |_| {
        let kept = postings.start_revision(&p.current_id.get_untracked());
        let mut text = t("posting.revision_started");
        if !kept {
            text = crate::core::message::sentences(&text, &t("posting.not_kept"));
        }
        said.set(text);
        let config = super::config::config();
        request_animation_frame(move || {
            if let Some(el) = config.element_by_id("ofem-main") {
                if let Some(input) = el.query_selector("input, select, textarea").ok().flatten() {
                    if let Ok(input) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(input)
                    {
                        _ = input.focus();
                    }
                }
            }
        });
    };
    move || {
        let latest = postings.versions.with(|v| v.last().cloned())?;
        let count = postings.versions.with(Vec::len);
        let date = local_date(&latest.posted_at);
        let total = latest.total().map(num).unwrap_or_default();
        let hash = latest.sha256.clone();
        let view = if postings.revising.get() {
            view! {
                <div class="ofem-banner info" id="ofem-posted-version" data-state="revising" role="region" aria-label=t("posting.label")>
                    <p>
                        <strong>{t("posting.revising_title")}</strong>
                        " "
                        {tf("posting.revising", &[("date", &date), ("total", &total)])}
                    </p>
                    <p>
                        {t("posting.hash")} " " <code data-sha256=hash.clone() title=hash.clone()>{short_hash(&hash).to_string()}</code>
                    </p>
                    <p class="ofem-help-text">{t("posting.one_a_year")}</p>
                    <p class="visually-hidden" aria-live="polite" id="ofem-posting-live">{move || said.get()}</p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="ofem-banner good" id="ofem-posted-version" data-state="posted" role="region" aria-label=t("posting.label")>
                    <p>
                        <strong>{t("posting.posted_title")}</strong>
                        " "
                        {tf("posting.posted", &[("date", &date), ("total", &total)])}
                        {(count > 1).then(|| format!(" {}", tf("posting.version_of", &[("number", &count)])))}
                    </p>
                    <p>
                        {t("posting.hash")} " " <code data-sha256=hash.clone() title=hash.clone()>{short_hash(&hash).to_string()}</code>
                    </p>
                    <p class="ofem-help-text" id="ofem-revision-help">{t("posting.revision_help")}</p>
                    <button type="button" id="ofem-start-revision" aria-describedby="ofem-revision-help" on:click=start>
                        {t("posting.start_revision")}
                    </button>
                    <p class="visually-hidden" aria-live="polite" id="ofem-posting-live">{move || said.get()}</p>
                </div>
            }
            .into_any()
        };
        Some(view)
    }
}

/// Whether an opened file checks out: ✓ or ✗ with `status`, then each mismatch `found` (none:
/// intact). Shared by the posted and the verified package.
#[component]
pub(crate) fn IntegrityStatus(
    id: &'static str,
    status: String,
    found: Vec<Message>,
) -> impl IntoView {
    let intact = found.is_empty();
    view! {
        <p class=if intact { "ofem-banner good" } else { "ofem-banner bad" } id=id data-intact=intact.to_string()>
            {if intact { "✓ " } else { "✗ " }}
            {status}
        </p>
        {(!intact).then(|| view! {
            <ul class="ofem-package-mismatches">
                {found.into_iter().map(|m| view! { <li>{super::i18n::message(&m)}</li> }).collect_view()}
            </ul>
        })}
    }
}

/// A package opened read-only: whether it is intact, its facts, section scores and answers.
#[component]
pub(crate) fn OpenedPackage() -> impl IntoView {
    let postings = postings();
    let c = ctx();
    let close = move |_| {
        postings.opened.set(None);
        postings.review.set(None);
        let config = super::config::config();
        request_animation_frame(move || {
            if let Some(el) = config.element_by_id("ofem-open-package-button") {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    _ = el.focus();
                }
            }
        });
    };
    move || {
        let (package, found) = postings.opened.get()?;
        let bank = c.bank();
        let intact = found.is_empty();
        let status = if intact {
            tf(
                "posting.open_intact",
                &[(
                    "bank",
                    &format!("{} {}", package.bank, package.bank_version),
                )],
            )
        } else {
            tf("posting.open_not_intact", &[("count", &found.len())])
        };
        let sections: Vec<(String, String)> = package
            .score
            .get("sections")
            .and_then(|s| s.as_array())
            .map(|sections| {
                sections
                    .iter()
                    .filter_map(|s| {
                        let id = s.get("id")?.as_str()?;
                        let score = s.get("score")?.as_f64()?;
                        let title = bank
                            .section(id)
                            .map_or_else(|| id.to_string(), |s| s.title.clone());
                        Some((title, num(score)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let answers: Vec<(String, String, Vec<String>)> = bank
            .questions()
            .filter_map(|(_, q)| {
                let value = package.answers.get(&q.id)?;
                let lines =
                    answer_lines(&bank, q, value, &|token| super::inputs::token_label(token));
                Some((question_number(&bank, &q.id), q.prompt.clone(), lines))
            })
            .collect();
        Some(view! {
            <section class="ofem-package" id="ofem-package" aria-labelledby="ofem-package-title" tabindex="-1">
                <h2 id="ofem-package-title">{t("posting.open_title")}</h2>
                <IntegrityStatus id="ofem-package-status" status=status found=found />
                <dl class="ofem-package-facts">
                    <dt>{t("posting.open_posted_at")}</dt>
                    <dd>{local_date(&package.posted_at)} " (" {package.posted_at.clone()} ")"</dd>
                    <dt>{t("score.total")}</dt>
                    <dd data-package="total">{package.total().map(num).unwrap_or_default()}</dd>
                    <dt>{t("posting.hash")}</dt>
                    <dd><code data-sha256=package.sha256.clone()>{package.sha256.clone()}</code></dd>
                </dl>
                <table class="ofem-package-sections">
                    <caption>{t("posting.open_sections")}</caption>
                    <tbody>
                        {sections.into_iter().map(|(title, score)| view! { <tr><th scope="row">{title}</th><td>{score}</td></tr> }).collect_view()}
                    </tbody>
                </table>
                {(!package.evidence.is_empty()).then(|| view! {
                    <details class="ofem-package-evidence">
                        <summary>{tf("evidence.package_files", &[("count", &package.evidence.len())])}</summary>
                        <p class="ofem-help-text">{t("evidence.package_not_checked")}</p>
                        <ul>
                            {package.evidence.iter().map(|f| view! {
                                <li data-file=f.path()>
                                    {question_number(&bank, &f.question)} ": " {f.name.clone()}
                                    " (" {crate::core::evidence::fmt_size(f.size)} ")"
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                })}
                <details class="ofem-package-answers">
                    <summary>{tf("posting.open_answers", &[("count", &answers.len())])}</summary>
                    <dl>
                        {answers.into_iter().map(|(number, prompt, lines)| view! {
                            <dt>{number} ": " {prompt}</dt>
                            {lines.into_iter().map(|l| view! { <dd>{l}</dd> }).collect_view()}
                        }).collect_view()}
                    </dl>
                </details>
                <button type="button" id="ofem-package-close" on:click=close>{t("posting.open_close")}</button>
            </section>
        })
    }
}
