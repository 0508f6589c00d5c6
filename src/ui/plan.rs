//! What to do next (`core::plan`) and the data checks before posting (`core::datachecks`):
//! the plan as a disclosure in the score panel (computed only while open: it scores the answers
//! once per candidate change) and in the report; the checks listed before Post, each with a
//! link to its question and a dismissal with a note kept in the draft.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::config::config;
use super::drafts::persist;
use super::i18n::{message, num, t, tf};
use super::inputs::token_label;
use super::names::question_number;
use super::route::goto_question;
use super::state::{ctx, mark, today};
use crate::core::bank::Token;
use crate::core::datachecks::{data_checks, DataCheck, Dismissal};
use crate::core::plan::{plan, Plan, Step};

/// How many single changes the panel lists (the report lists them all).
const PANEL_ACTIONS: usize = 10;

/// An answer as the plan names it: a token's label, "not answered" or "answered".
fn answer_label(from: &str) -> String {
    match Token::parse(from) {
        Some(token) => token_label(token),
        None if from == "unanswered" => t("plan.unanswered"),
        None => t("plan.answered"),
    }
}

/// A link to a question that shows it and moves focus there.
fn question_link(id: &str, text: String) -> impl IntoView {
    let id = id.to_string();
    view! {
        <a
            href=format!("#q-{id}")
            data-plan-question=id.clone()
            on:click=move |ev| {
                ev.prevent_default();
                goto_question(&id);
            }
        >
            {text}
        </a>
    }
}

fn step_view(step: &Step<'_>) -> impl IntoView {
    let bank = ctx().bank();
    let question = question_number(&bank, step.question);
    let text = match step.to {
        Some(to) => tf(
            "plan.step",
            &[
                ("question", &question),
                ("from", &answer_label(step.from)),
                ("to", &token_label(to)),
            ],
        ),
        None => tf("plan.step_open", &[("question", &question)]),
    };
    view! { <li>{question_link(step.question, text)}</li> }
}

/// The plan as the panel and the report show it; `limit`: how many single changes to list.
pub(crate) fn plan_view(p: &Plan<'_>, limit: Option<usize>) -> impl IntoView {
    let bank = ctx().bank();
    let gate = p.gate.as_ref().map(|g| {
        view! {
            <div class="ofem-plan-gate" data-plan-gate=g.id>
                <h3>{t("plan.gate_title")}</h3>
                <p>{g.why}</p>
                <p>{g.fix}</p>
                <p>{tf("plan.gate_gain", &[("points", &num(g.gain))])}</p>
            </div>
        }
    });
    // One entry per section: its path to the next level and, while Level 1 caps the section,
    // what achieving it unlocks (the blockers are the path's first steps). In the panel each is
    // a disclosure, so the list stays short; the report shows them all open.
    let folded = limit.is_some();
    let paths: Vec<_> = p
        .sections
        .iter()
        .filter_map(|s| {
            let next = s.next_level.as_ref()?;
            let steps = next.steps.iter().map(step_view).collect_view();
            let outcome = match &next.rescored {
                Some(r) if r.achieved => tf(
                    "plan.path_gain",
                    &[
                        ("level", &next.level),
                        ("section", &num(r.section_gain)),
                        ("total", &num(r.total_gain)),
                    ],
                ),
                Some(_) => tf("plan.path_more", &[("level", &next.level)]),
                None => t("plan.path_open"),
            };
            let blocked = (!s.level1_blockers.is_empty()).then(|| {
                view! {
                    <p data-plan-blocked=s.id>
                        {tf("plan.blockers", &[("section", &s.title), ("points", &num(s.unlocked_by_level1))])}
                    </p>
                }
            });
            let title = format!(
                "{} · {}",
                tf("plan.path", &[("section", &s.title), ("level", &next.level)]),
                match next.steps.len() {
                    1 => t("plan.path_count_one"),
                    n => tf("plan.path_count", &[("count", &n)]),
                }
            );
            let body = view! {
                {blocked}
                <ul>{steps}</ul>
                <p class="ofem-help-text">{outcome}</p>
            };
            let entry = if folded {
                view! {
                    <details>
                        <summary>{title}</summary>
                        {body}
                    </details>
                }
                .into_any()
            } else {
                view! {
                    <p><strong>{title}</strong></p>
                    {body}
                }
                .into_any()
            };
            Some(view! { <li data-plan-path=s.id data-level=next.level>{entry}</li> })
        })
        .collect();
    let paths = (!paths.is_empty()).then(|| {
        view! {
            <h3>{t("plan.paths_title")}</h3>
            <ul class="ofem-plan-paths">{paths}</ul>
        }
    });
    let shown = limit.unwrap_or(usize::MAX).min(p.actions.len());
    let actions = p.actions[..shown]
        .iter()
        .map(|a| {
            let prompt = bank
                .question(a.question)
                .map(|q| q.prompt.clone())
                .unwrap_or_default();
            let text = tf(
                "plan.action",
                &[
                    ("question", &prompt),
                    ("section", &question_number(&bank, a.question)),
                    ("from", &answer_label(a.from)),
                    ("to", &token_label(a.to)),
                ],
            );
            view! {
                <li data-plan-action=a.question data-gain=a.gain.to_string()>
                    {question_link(a.question, text)}
                    " "
                    <strong class="ofem-plan-gain">{tf("plan.gain", &[("points", &num(a.gain))])}</strong>
                </li>
            }
        })
        .collect_view();
    let more = p.actions.len() - shown;
    view! {
        {gate}
        {paths}
        <h3>{t("plan.actions_title")}</h3>
        {p.gains_after_gate.then(|| view! { <p class="ofem-help-text">{t("plan.after_gate")}</p> })}
        {p.actions.is_empty().then(|| view! { <p>{t("plan.none")}</p> })}
        <ol class="ofem-plan-actions">{actions}</ol>
        {(more > 0).then(|| view! { <p class="ofem-help-text">{tf("plan.more", &[("count", &more)])}</p> })}
    }
}

/// `f` of the plan for the current answers, tracked (the plan borrows the bank: it is made
/// and shown, never kept).
pub(crate) fn with_current_plan<R>(f: impl FnOnce(&Plan<'_>) -> R) -> R {
    let c = ctx();
    let bank = c.bank();
    c.answers
        .with(|a| c.assessment.with(|now| f(&plan(&bank, a, now))))
}

/// "What to do next": a disclosure button (aria-expanded) and the plan, recomputed live while
/// it is open.
#[component]
pub(crate) fn PlanPanel() -> impl IntoView {
    let open = RwSignal::new(false);
    let body = move || {
        open.get().then(|| {
            // Marks for the browser tests' timing of one plan (docs/plan.md, "Cost").
            mark("openfem:plan-start");
            with_current_plan(|plan| {
                mark("openfem:plan-done");
                plan_view(plan, Some(PANEL_ACTIONS))
            })
        })
    };
    view! {
        <div class="ofem-plan" id="ofem-plan">
            <h2 class="ofem-plan-heading">
                <button
                    type="button"
                    id="ofem-plan-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="ofem-plan-body"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {t("plan.title")}
                </button>
            </h2>
            <div id="ofem-plan-body" hidden=move || !open.get()>
                <p class="ofem-help-text">{t("plan.intro")}</p>
                {body}
            </div>
        </div>
    }
}

/// Focuses an element of the widget by id after the next render.
fn focus_later(id: impl Into<String>) {
    let config = config();
    let id = id.into();
    request_animation_frame(move || {
        if let Some(el) = config
            .element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            _ = el.focus();
        }
    });
}

/// The data checks, listed before Post: never blocking; each links to its question and may be
/// dismissed with a note for the verifier (kept in the draft, the export and the posted
/// answers), or shown again.
#[component]
pub(crate) fn ChecksList() -> impl IntoView {
    let c = ctx();
    let p = persist();
    let readonly = config().readonly;
    let checks = Memo::new(move |_| c.answers.with(|a| data_checks(&c.bank(), a, today())));
    // The check whose note is being written, the note, and whether Save found it empty.
    // (Focus returns to the item's own button after each step: `ofem-check-dismiss-<n>` and
    // `ofem-check-restore-<n>`, n the item's place in the list.)
    let editing = RwSignal::new(None::<String>);
    let note = RwSignal::new(String::new());
    let empty_note = RwSignal::new(false);
    let cancel = move |index: usize| {
        editing.set(None);
        empty_note.set(false);
        focus_later(format!("ofem-check-dismiss-{index}"));
    };
    let save = move |key: String, index: usize| {
        let text = note.get_untracked().trim().to_string();
        if text.is_empty() {
            empty_note.set(true);
            focus_later("ofem-check-note");
            return;
        }
        p.set_dismissal(
            &key,
            Some(Dismissal {
                note: text,
                at: super::store::now_iso(),
            }),
        );
        editing.set(None);
        empty_note.set(false);
        focus_later(format!("ofem-check-restore-{index}"));
    };
    let item = move |(index, check): (usize, &DataCheck)| {
        // The message describes the item's link and buttons, which say only what they do.
        let described = format!("ofem-check-{index}");
        let key = check.key.clone();
        let question = check.question;
        let text = message(&check.message);
        let dismissed = p.dismissed.with(|d| d.get(&key).cloned());
        let is_editing = editing.with(|e| e.as_deref() == Some(key.as_str()));
        let controls = match (dismissed, is_editing) {
            (Some(d), _) => {
                let key = key.clone();
                view! {
                    <p class="ofem-check-note" data-dismissed="true">{tf("checks.dismissed", &[("note", &d.note)])}</p>
                    <button
                        type="button"
                        class="link"
                        id=format!("ofem-check-restore-{index}")
                        aria-describedby=described.clone()
                        disabled=readonly
                        on:click=move |_| {
                            p.set_dismissal(&key, None);
                            focus_later(format!("ofem-check-dismiss-{index}"));
                        }
                    >
                        {t("checks.restore")}
                    </button>
                }
                .into_any()
            }
            (None, true) => {
                let save_key = key.clone();
                view! {
                    <label for="ofem-check-note">{t("checks.note_label")}</label>
                    <textarea
                        id="ofem-check-note"
                        rows="2"
                        aria-invalid=move || empty_note.get().then_some("true")
                        aria-describedby="ofem-check-note-error"
                        prop:value=note.get_untracked()
                        on:input=move |ev| note.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Escape" {
                                ev.prevent_default();
                                cancel(index);
                            }
                        }
                    ></textarea>
                    <p id="ofem-check-note-error" class="ofem-field-error" role="alert">
                        {move || empty_note.get().then(|| t("checks.note_needed"))}
                    </p>
                    <button type="button" data-check-save="" on:click=move |_| save(save_key.clone(), index)>
                        {t("checks.save")}
                    </button>
                    <button type="button" on:click=move |_| cancel(index)>{t("checks.cancel")}</button>
                }
                .into_any()
            }
            (None, false) => {
                let key = key.clone();
                view! {
                    <button
                        type="button"
                        data-check-dismiss=""
                        id=format!("ofem-check-dismiss-{index}")
                        aria-describedby=described.clone()
                        disabled=readonly
                        on:click=move |_| {
                        note.set(String::new());
                        empty_note.set(false);
                        editing.set(Some(key.clone()));
                        focus_later("ofem-check-note");
                    }>
                        {t("checks.dismiss")}
                    </button>
                }
                .into_any()
            }
        };
        view! {
            <li data-check=check.key.clone() data-check-id=check.check>
                <p id=described.clone()>{text}</p>
                <a href=format!("#q-{question}") aria-describedby=described.clone() on:click=move |ev| {
                    ev.prevent_default();
                    goto_question(question);
                }>
                    {t("plan.go")}
                </a>
                " "
                {controls}
            </li>
        }
    };
    let list = move || {
        checks.with(|all| {
            let dismissed = p
                .dismissed
                .with(|d| all.iter().filter(|c| d.contains_key(&c.key)).count());
            let open = all.len() - dismissed;
            let summary = match (open, dismissed) {
                (0, 0) => t("checks.none"),
                (n, 0) => tf("checks.count", &[("count", &n)]),
                (n, d) => format!(
                    "{} {}",
                    tf("checks.count", &[("count", &n)]),
                    tf("checks.dismissed_count", &[("count", &d)])
                ),
            };
            let items = all.iter().enumerate().map(item).collect_view();
            // The explanation only when there is something to look at: Post stays near the top.
            let intro = (!all.is_empty())
                .then(|| view! { <p class="ofem-help-text">{t("checks.intro")}</p> });
            view! {
                {intro}
                <p class="ofem-help-text" id="ofem-checks-summary" data-open=open>{summary}</p>
                <ul class="ofem-checks-list">{items}</ul>
            }
        })
    };
    view! {
        // Not a <section>: two widgets on one page would have two landmarks of the same name.
        <div class="ofem-checks" id="ofem-checks">
            <h3 id="ofem-checks-h">{t("checks.title")}</h3>
            {list}
        </div>
    }
}

/// The data checks as the report lists them (for the verifier): each with its question and, when
/// dismissed, the note.
pub(crate) fn checks_report() -> impl IntoView {
    let c = ctx();
    let p = persist();
    let all = c.answers.with(|a| data_checks(&c.bank(), a, today()));
    if all.is_empty() {
        return view! { <p>{t("checks.none")}</p> }.into_any();
    }
    let items = all
        .iter()
        .map(|check| {
            let note = p.dismissed.with(|d| {
                d.get(&check.key)
                    .map(|d| tf("checks.dismissed", &[("note", &d.note)]))
            });
            view! {
                <li data-check=check.key.clone()>
                    <strong>{question_number(&c.bank(), check.question)}</strong>
                    ": "
                    {message(&check.message)}
                    {note.map(|n| view! { <br /><em>{n}</em> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="ofem-report-checks">{items}</ul> }.into_any()
}
