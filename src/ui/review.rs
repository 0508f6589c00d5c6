//! The verifier's review (`docs/review.md`): from an opened posted package, "Start a review";
//! each question shown gets Accept or Correct (a new answer with the form's own controls, and a
//! comment saying why); a panel sets the verified score beside the self-assessed one per
//! section and in total, with the differences listed; "Export verified package" writes the
//! verified package (`core::review::VerifiedPackage`). Every figure comes from the core:
//! `evaluate` of the corrected answers and `review::compare`.
//!
//! The review in progress is kept in browser storage (`review_store`), saved on every decision,
//! so a reload or reopening the same package file resumes it.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use super::i18n::{num, t, tf};
use super::inputs::{correction_input, token_label};
use super::names::question_number;
use super::post::local_date;
use super::posting::{postings, IntegrityStatus, Postings};
use super::review_store::{forget, save, StoredReview};
use super::state::ctx;
use crate::core::bank::Bank;
use crate::core::posting::Package;
use crate::core::review::{compare, Comparison, Decision, Difference, Review, VerifiedPackage};
use crate::core::score_document::answer_lines;
use crate::core::{evaluate, Answers};

/// The self-assessed and the verified assessment of `package` side by side.
fn comparison(bank: &Bank, package: &Package, corrected: &Answers) -> Comparison {
    compare(
        &evaluate(bank, &package.answers),
        &evaluate(bank, corrected),
    )
}

/// A figure, or a dash when not scored on that side.
fn figure(value: Option<f64>) -> String {
    value.map(num).unwrap_or_else(|| "—".to_string())
}

/// What a difference is about: the total, a section, one of its levels, or a question.
fn difference_label(bank: &Bank, d: &Difference) -> String {
    if d.section.is_empty() {
        return t("score.total");
    }
    let section = bank
        .section(&d.section)
        .map_or_else(|| d.section.clone(), |s| s.title.clone());
    match (&d.question, d.level) {
        (Some(id), _) => {
            let prompt = bank
                .question(id)
                .map(|q| q.prompt.clone())
                .unwrap_or_default();
            format!("{}: {prompt}", question_number(bank, id))
        }
        (None, Some(level)) => tf(
            "review.level_of",
            &[("section", &section), ("level", &level)],
        ),
        (None, None) => section,
    }
}

/// Self-assessed and verified scores per section and in total, and the differences listed.
#[component]
pub(crate) fn ComparisonView(
    comparison: Comparison,
    id: &'static str,
    /// The differences' heading is an `<h3>` (under the page's `<h2>`), else an `<h4>`.
    #[prop(optional)]
    h3: bool,
) -> impl IntoView {
    let bank = ctx().bank();
    let rows = comparison
        .sections
        .iter()
        .filter(|s| s.score.self_assessed.is_some() || s.score.verified.is_some())
        .map(|s| {
            let title = bank
                .section(&s.id)
                .map_or_else(|| s.id.clone(), |x| x.title.clone());
            let differs = s.score.differs();
            view! {
                <tr data-review-section=s.id.clone() class:ofem-differs=differs>
                    <th scope="row">{title}</th>
                    <td class="num" data-side="self">{figure(s.score.self_assessed)}</td>
                    <td class="num" data-side="verified">{figure(s.score.verified)}</td>
                </tr>
            }
        })
        .collect_view();
    let differences = comparison.differences.clone();
    let count = differences.len();
    view! {
        <div class="ofem-review-comparison" id=id>
            <table class="ofem-package-sections">
                <caption>{t("review.scores_caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("review.section")}</th>
                        <th scope="col">{t("review.self_assessed")}</th>
                        <th scope="col">{t("review.verified")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    <tr data-review-section="total" class="ofem-review-total">
                        <th scope="row">{t("score.total")}</th>
                        <td class="num" data-side="self">{figure(comparison.total.self_assessed)}</td>
                        <td class="num" data-side="verified">{figure(comparison.total.verified)}</td>
                    </tr>
                </tbody>
            </table>
            {
                let title = tf("review.differences", &[("count", &count)]);
                if h3 {
                    view! { <h3>{title}</h3> }.into_any()
                } else {
                    view! { <h4>{title}</h4> }.into_any()
                }
            }
            {if differences.is_empty() {
                view! { <p data-review="no-differences">{t("review.no_differences")}</p> }.into_any()
            } else {
                view! {
                    <ul class="ofem-review-differences" data-review="differences">
                        {differences
                            .iter()
                            .map(|d| {
                                let change = d.figures.change();
                                let sign = if change > 0.0 { "+" } else { "" };
                                view! {
                                    <li data-question=d.question.clone().unwrap_or_default()>
                                        {difference_label(&bank, d)} " — "
                                        {tf(
                                            "review.change",
                                            &[
                                                ("self", &figure(d.figures.self_assessed)),
                                                ("verified", &figure(d.figures.verified)),
                                                ("change", &format!("{sign}{}", num(change))),
                                            ],
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </div>
    }
}

/// "Start a review" under an intact opened package (nothing shown while a review is open).
#[component]
pub(crate) fn StartReview() -> impl IntoView {
    let postings = postings();
    let start = move |_| {
        let Some((package, _)) = postings.opened.get_untracked() else {
            return;
        };
        let review = Review::default();
        // Starting a review replaces one kept for another package (one at a time).
        _ = save(
            &postings.namespace.get_value(),
            &StoredReview {
                package,
                review: review.clone(),
            },
        );
        postings.review.set(Some(review));
        focus("ofem-review-reviewer".into());
    };
    let intact = move || {
        postings
            .opened
            .with(|o| o.as_ref().is_some_and(|(_, found)| found.is_empty()))
    };
    move || {
        (intact() && postings.review.with(Option::is_none)).then(|| {
            view! {
                <p class="ofem-help-text" id="ofem-review-help">{t("review.start_help")}</p>
                <button type="button" id="ofem-start-review" aria-describedby="ofem-review-help" on:click=start>
                    {t("review.start")}
                </button>
            }
        })
    }
}

/// Moves focus to the element `id` once the view has updated (a button that disappears would
/// otherwise drop focus to the page, and a screen reader its place).
fn focus(id: String) {
    focus_first(id, &[]);
}

/// Focuses the first element matching one of `selectors` (tried in order) inside the element
/// `id`, or the element itself when none matches.
fn focus_first(id: String, selectors: &'static [&'static str]) {
    let config = super::config::config();
    request_animation_frame(move || {
        let Some(root) = config.element_by_id(&id) else {
            return;
        };
        let target = selectors
            .iter()
            .find_map(|s| root.query_selector(s).ok().flatten())
            .unwrap_or(root);
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(target) {
            _ = el.focus();
        }
    });
}

/// Changes the review in progress and keeps it; says so when the browser refused.
fn update(postings: Postings, kept: RwSignal<bool>, change: impl FnOnce(&mut Review)) {
    let Some((package, _)) = postings.opened.get_untracked() else {
        return;
    };
    let mut review = postings.review.get_untracked().unwrap_or_default();
    change(&mut review);
    kept.set(save(
        &postings.namespace.get_value(),
        &StoredReview {
            package,
            review: review.clone(),
        },
    ));
    postings.review.set(Some(review));
}

/// The review of the opened package: reviewer, the scores side by side, every question shown
/// with Accept / Correct, and the export.
#[component]
pub(crate) fn ReviewMode(
    /// Saves a file (name, JSON text); false when the browser refused.
    download: Callback<(String, String), bool>,
) -> impl IntoView {
    let postings = postings();
    let c = ctx();
    let kept = RwSignal::new(true);
    let said = RwSignal::new(String::new());
    let package = Memo::new(move |_| postings.opened.get().map(|(p, _)| p));
    let corrected = Memo::new(move |_| {
        let package = package.get()?;
        let review = postings.review.get()?;
        Some(review.corrected_answers(&package))
    });
    let verified = Memo::new(move |_| {
        corrected
            .get()
            .map(|a| evaluate(&postings.bank(), &a).into_owned())
    });
    let self_assessed = Memo::new(move |_| {
        package
            .get()
            .map(|p| evaluate(&postings.bank(), &p.answers).into_owned())
    });
    // Every question shown with the corrected answers, section by section (the corrections
    // may show questions the facility was not asked: they are listed too, to answer).
    let rows = Memo::new(move |_| {
        verified.with(|a| {
            a.as_ref()
                .map(|a| {
                    a.sections
                        .iter()
                        .flat_map(|s| s.questions.iter().map(|q| q.id.to_string()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let reviewer = move || {
        postings
            .review
            .with(|r| r.as_ref().map(|r| r.reviewer.clone()).unwrap_or_default())
    };
    let organisation = move || {
        postings.review.with(|r| {
            r.as_ref()
                .map(|r| r.organisation.clone())
                .unwrap_or_default()
        })
    };
    let undecided = move || {
        let decided = postings
            .review
            .with(|r| r.as_ref().map(|r| r.decisions.clone()).unwrap_or_default());
        rows.with(|ids| ids.iter().filter(|id| !decided.contains_key(*id)).count())
    };
    let missing = move || {
        verified.with(|a| {
            a.as_ref()
                .map(|a| {
                    a.completion
                        .missing
                        .iter()
                        .map(|id| question_number(&c.bank(), id))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let accept_rest = move |_| {
        let ids = rows.get_untracked();
        update(postings, kept, |r| {
            for id in ids {
                r.decisions.entry(id).or_insert(Decision::Accept {
                    comment: String::new(),
                });
            }
        });
        said.set(t("review.accepted_rest"));
    };
    let export = move |_| {
        let (Some(package), Some(mut review)) =
            (package.get_untracked(), postings.review.get_untracked())
        else {
            return;
        };
        review.reviewed_at = super::store::now_iso();
        match VerifiedPackage::new(&postings.bank(), &package, &review) {
            Ok(verified) => {
                let day = verified.review.reviewed_at.get(..10).unwrap_or("reviewed");
                let name = format!("openfem-{}-verified-{day}.ofem.json", package.bank);
                if download.run((name.clone(), verified.to_json_pretty())) {
                    said.set(tf("review.exported", &[("name", &name)]));
                } else {
                    said.set(t("review.export_failed"));
                }
            }
            Err(problems) => said.set(
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.path, super::i18n::message(&p.why)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    };
    let discard = move |_| {
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message(&t("review.discard_confirm")).ok())
            .unwrap_or(false);
        if sure {
            forget(&postings.namespace.get_value());
            postings.review.set(None);
            focus("ofem-start-review".into());
        }
    };
    let panel = move || {
        let (Some(package), Some(corrected)) = (package.get(), corrected.get()) else {
            return ().into_any();
        };
        view! { <ComparisonView comparison=comparison(&postings.bank(), &package, &corrected) id="ofem-review-panel" /> }
            .into_any()
    };
    view! {
        <section class="ofem-review" id="ofem-review" aria-labelledby="ofem-review-title">
            <h3 id="ofem-review-title">{t("review.title")}</h3>
            <p class="ofem-help-text">{t("review.help")}</p>
            <p class="ofem-banner warn" role="alert" hidden=move || kept.get()>{t("review.not_kept")}</p>
            <div class="ofem-review-who">
                <label for="ofem-review-reviewer">{t("review.reviewer")}</label>
                <input
                    type="text"
                    id="ofem-review-reviewer"
                    autocomplete="name"
                    prop:value=reviewer
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        update(postings, kept, |r| r.reviewer = v);
                    }
                />
                <label for="ofem-review-organisation">{t("review.organisation")}</label>
                <input
                    type="text"
                    id="ofem-review-organisation"
                    autocomplete="organization"
                    prop:value=organisation
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        update(postings, kept, |r| r.organisation = v);
                    }
                />
            </div>
            {panel}
            <p data-review="progress">
                {move || {
                    let corrections = postings.review.with(|r| r.as_ref().map_or(0, Review::corrections));
                    tf(
                        "review.progress",
                        &[
                            ("reviewed", &(rows.with(Vec::len) - undecided())),
                            ("count", &rows.with(Vec::len)),
                            ("corrections", &corrections),
                        ],
                    )
                }}
            </p>
            {move || {
                let missing = missing();
                (!missing.is_empty())
                    .then(|| {
                        view! {
                            <p class="ofem-banner warn" data-review="missing">
                                {tf("review.missing", &[("count", &missing.len()), ("list", &missing.join("; "))])}
                            </p>
                        }
                    })
            }}
            <div class="ofem-review-actions">
                <button type="button" id="ofem-review-export" on:click=export>{t("review.export")}</button>
                <button type="button" id="ofem-review-accept-rest" on:click=accept_rest disabled=move || undecided() == 0>
                    {t("review.accept_rest")}
                </button>
                <button type="button" id="ofem-review-discard" on:click=discard>{t("review.discard")}</button>
            </div>
            <p class="ofem-help-text" hidden=move || undecided() == 0>
                {move || tf("review.undecided", &[("count", &undecided())])}
            </p>
            <p id="ofem-review-status" role="status" aria-live="polite">{move || said.get()}</p>
            <ol class="ofem-review-questions">
                <For each=move || rows.get() key=|id| id.clone() let:id>
                    <ReviewRow id=id kept=kept self_assessed=self_assessed verified=verified />
                </For>
            </ol>
        </section>
    }
}

/// Points of a scored question in an assessment.
fn points_of(a: &Option<crate::core::Assessment<'static>>, id: &str) -> Option<f64> {
    a.as_ref()?
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .find(|q| q.id == id && q.scored)
        .and_then(|q| q.points)
}

/// One question under review: the facility's answer, both points, Accept / Correct.
#[component]
fn ReviewRow(
    id: String,
    kept: RwSignal<bool>,
    self_assessed: Memo<Option<crate::core::Assessment<'static>>>,
    verified: Memo<Option<crate::core::Assessment<'static>>>,
) -> impl IntoView {
    let postings = postings();
    let c = ctx();
    let bank = c.bank();
    let Some(q) = bank.question(&id).cloned().map(Arc::new) else {
        return ().into_any();
    };
    // The answer as a person reads it (option labels, units, one line per table row).
    let lines = {
        let (bank, q) = (bank.clone(), q.clone());
        move |value: &Value| answer_lines(&bank, &q, value, &|tok| token_label(tok)).join("; ")
    };
    let own = {
        let id = id.clone();
        move || {
            postings
                .opened
                .with(|o| o.as_ref().and_then(|(p, _)| p.answers.get(&id).cloned()))
        }
    };
    let decision = {
        let id = id.clone();
        Memo::new(move |_| {
            postings
                .review
                .with(|r| r.as_ref().and_then(|r| r.decisions.get(&id).cloned()))
        })
    };
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(None::<Value>);
    let comment = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let accept = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            editing.set(false);
            problems.set(Vec::new());
            update(postings, kept, |r| {
                r.decisions.insert(
                    id,
                    Decision::Accept {
                        comment: String::new(),
                    },
                );
            });
        }
    };
    let open_editor = {
        let own = own.clone();
        let id = id.clone();
        move |_| {
            let current = decision.get_untracked();
            draft.set(
                current
                    .as_ref()
                    .and_then(|d| d.correction().cloned())
                    .or_else(&own),
            );
            comment.set(current.map(|d| d.comment().to_string()).unwrap_or_default());
            problems.set(Vec::new());
            editing.set(true);
            focus_first(
                format!("ofem-review-q-{id}"),
                &[
                    ".ofem-review-editor input:checked",
                    ".ofem-review-editor input, .ofem-review-editor select, .ofem-review-editor textarea",
                ],
            );
        }
    };
    let save_correction = {
        let id = id.clone();
        move |_| {
            let Some((package, _)) = postings.opened.get_untracked() else {
                return;
            };
            let decision = Decision::Correct {
                answer: draft.get_untracked().unwrap_or(Value::Null),
                comment: comment.get_untracked(),
            };
            // The core's rules for one decision (the same as on export and in `openfem verify`).
            let alone = Review {
                reviewer: "-".into(),
                decisions: BTreeMap::from([(id.clone(), decision.clone())]),
                ..Review::default()
            };
            let found: Vec<String> = alone
                .problems(&postings.bank(), &package)
                .iter()
                .map(|p| super::i18n::message(&p.why))
                .collect();
            if found.is_empty() {
                update(postings, kept, |r| {
                    r.decisions.insert(id.clone(), decision);
                });
                editing.set(false);
                problems.set(Vec::new());
                focus(format!("rv-correct-{id}"));
            } else {
                problems.set(found);
            }
        }
    };
    let clear = {
        let id = id.clone();
        move |_| {
            editing.set(false);
            update(postings, kept, |r| {
                r.decisions.remove(&id);
            });
            focus(format!("rv-accept-{id}"));
        }
    };
    let cancel = {
        let id = id.clone();
        move |_| {
            editing.set(false);
            focus(format!("rv-correct-{id}"));
        }
    };
    let state = move || match decision.get() {
        Some(Decision::Accept { .. }) => "accept",
        Some(Decision::Correct { .. }) => "correct",
        None => "none",
    };
    let points = {
        let id = id.clone();
        move || {
            let mine = self_assessed.with(|a| points_of(a, &id));
            let theirs = verified.with(|a| points_of(a, &id));
            (mine.is_some() || theirs.is_some()).then(|| {
                tf(
                    "review.points",
                    &[("self", &figure(mine)), ("verified", &figure(theirs))],
                )
            })
        }
    };
    // The form's own controls, bound to the correction being written (not to the draft).
    let input = {
        let q = q.clone();
        move || {
            correction_input(
                &q,
                "rv",
                Signal::derive(move || draft.get()),
                Callback::new(move |v: Value| {
                    draft.set(Some(v).filter(crate::core::answers::is_answered))
                }),
            )
        }
    };
    let has_input = !matches!(q.answer, crate::core::bank::AnswerSpec::Table { .. });
    let comment_id = format!("rv-comment-{id}");
    let save_id = format!("rv-save-{id}");
    let cancel_id = format!("rv-cancel-{id}");
    view! {
        <li class="ofem-review-question" id=format!("ofem-review-q-{id}") data-question=id.clone() data-decision=state>
            <p class="ofem-review-prompt"><strong>{question_number(&bank, &id)}</strong> " " {q.prompt.clone()}</p>
            <p data-review="self-answer">
                {t("review.self_answer")} " "
                {let (own, lines) = (own.clone(), lines.clone()); move || own().map(|v| lines(&v)).unwrap_or_else(|| t("review.no_answer"))}
            </p>
            {move || match decision.get() {
                Some(Decision::Correct { answer, comment }) => view! {
                    <p data-review="correction"><strong>{t("review.corrected_to")}</strong> " " {lines(&answer)}</p>
                    <p data-review="comment">{t("review.comment")} ": " {comment}</p>
                }
                .into_any(),
                Some(Decision::Accept { .. }) => view! { <p data-review="accepted">{t("review.accepted")}</p> }.into_any(),
                None => ().into_any(),
            }}
            <p data-review="points">{points}</p>
            <div class="ofem-review-buttons" role="group" aria-label=q.prompt.clone()>
                <button type="button" id=format!("rv-accept-{id}") aria-pressed=move || (state() == "accept").to_string() on:click=accept>
                    {t("review.accept")}
                </button>
                <button type="button" id=format!("rv-correct-{id}") aria-expanded=move || editing.get().to_string() on:click=open_editor disabled=!has_input>
                    {t("review.correct")}
                </button>
                <button type="button" id=format!("rv-clear-{id}") hidden=move || state() == "none" on:click=clear>
                    {t("review.undo")}
                </button>
            </div>
            {(!has_input).then(|| view! { <p class="ofem-help-text">{t("review.table_not_here")}</p> })}
            <Show when=move || editing.get()>
                <div class="ofem-review-editor" role="group" aria-label=t("review.correct")>
                    {input.clone()}
                    <label for=comment_id.clone()>{t("review.comment_label")}</label>
                    <textarea
                        id=comment_id.clone()
                        rows="2"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))
                    ></textarea>
                    <ul class="ofem-review-problems" role="alert">
                        {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
<div class="ofem-review-editor-actions">
                    <button type="button" id=save_id.clone() on:click=save_correction.clone()>{t("review.save_correction")}</button>
                    <button type="button" id=cancel_id.clone() on:click=cancel.clone()>{t("review.cancel")}</button>
                    </div>
                </div>
            </Show>
        </li>
    }
    .into_any()
}

/// A verified package opened read-only: intact or not, who reviewed, both scores, the
/// differences and each decision with its comment.
#[component]
pub(crate) fn VerifiedView() -> impl IntoView {
    let postings = postings();
    let c = ctx();
    let close = move |_| {
        postings.verified.set(None);
        focus("ofem-open-package-button".into());
    };
    move || {
        let (verified, found) = postings.verified.get()?;
        let status = if found.is_empty() {
            t("review.verified_intact")
        } else {
            tf("review.verified_not_intact", &[("count", &found.len())])
        };
        let comparison = comparison(
            &postings.bank(),
            &verified.package,
            &verified.corrected_answers(),
        );
        let review = verified.review.clone();
        let bank = c.bank();
        let by = if review.organisation.is_empty() {
            review.reviewer.clone()
        } else {
            format!("{} ({})", review.reviewer, review.organisation)
        };
        let decisions: Vec<_> = review
            .decisions
            .iter()
            .filter(|(_, d)| d.correction().is_some() || !d.comment().is_empty())
            .filter_map(|(id, d)| {
                let q = bank.question(id)?;
                let text =
                    |v: &Value| answer_lines(&bank, q, v, &|tok| token_label(tok)).join("; ");
                let own = verified
                    .package
                    .answers
                    .get(id)
                    .map(text)
                    .unwrap_or_else(|| t("review.no_answer"));
                Some((
                    id.clone(),
                    question_number(&bank, id),
                    q.prompt.clone(),
                    own,
                    d.correction().map(text),
                    d.comment().to_string(),
                ))
            })
            .collect();
        Some(view! {
            <section class="ofem-package" id="ofem-verified" aria-labelledby="ofem-verified-title" tabindex="-1">
                <h2 id="ofem-verified-title">{t("review.verified_title")}</h2>
                <IntegrityStatus id="ofem-verified-status" status=status found=found />
                <dl class="ofem-package-facts">
                    <dt>{t("review.reviewed_by")}</dt>
                    <dd>{by}</dd>
                    <dt>{t("review.reviewed_at")}</dt>
                    <dd>{local_date(&review.reviewed_at)} " (" {review.reviewed_at.clone()} ")"</dd>
                    <dt>{t("posting.open_posted_at")}</dt>
                    <dd>{local_date(&verified.package.posted_at)}</dd>
                    <dt>{t("review.package_hash")}</dt>
                    <dd><code>{verified.package.sha256.clone()}</code></dd>
                    <dt>{t("review.verified_hash")}</dt>
                    <dd><code data-sha256=verified.sha256.clone()>{verified.sha256.clone()}</code></dd>
                </dl>
                <ComparisonView comparison=comparison id="ofem-verified-comparison" h3=true />
                <h3>{tf("review.decisions_title", &[("count", &decisions.len())])}</h3>
                <ul class="ofem-review-decisions">
                    {decisions.into_iter().map(|(id, number, prompt, own, correction, comment)| view! {
                        <li data-question=id>
                            <strong>{number}</strong> " " {prompt}
                            <br />{t("review.self_answer")} " " {own}
                            {correction.map(|c| view! { <br /><strong>{t("review.corrected_to")}</strong> " " {c} })}
                            {(!comment.is_empty()).then(|| view! { <br />{t("review.comment")} ": " {comment} })}
                        </li>
                    }).collect_view()}
                </ul>
                <button type="button" id="ofem-verified-close" on:click=close>{t("posting.open_close")}</button>
            </section>
        })
    }
}

/// The report's comparison: both scores when a verified package is open (or a review is in
/// progress), else nothing.
#[component]
pub(crate) fn ReportComparison() -> impl IntoView {
    let postings = postings();
    move || {
        let comparison = if let Some((verified, _)) = postings.verified.get() {
            comparison(
                &postings.bank(),
                &verified.package,
                &verified.corrected_answers(),
            )
        } else {
            let (package, _) = postings.opened.get()?;
            let review = postings.review.get()?;
            comparison(
                &postings.bank(),
                &package,
                &review.corrected_answers(&package),
            )
        };
        Some(view! {
            <section class="ofem-report-review" aria-labelledby="ofem-report-review-title">
                <h3 id="ofem-report-review-title">{t("review.report_title")}</h3>
                <ComparisonView comparison=comparison id="ofem-report-comparison" />
            </section>
        })
    }
}
