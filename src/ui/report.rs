//! The report view: facility (the draft's name), date, bank version, total and section scores,
//! levels achieved, every answer with its points, and what is still unanswered. Everything is
//! read from the core's `Assessment`; answers are rendered as text nodes, never as HTML.
//! With a verified package open, it also shows the self-assessed and verified scores side by side.
//! It prints alone (print block at the end of `www/styles.css`): Print, then "Save as PDF".

use leptos::prelude::*;

use super::drafts::persist;
use super::i18n::{num, t, tf};
use super::inputs::token_label;
use super::level_state::LevelState;
use super::names::question_number;
use super::state::ctx;
use crate::core::score_document::answer_lines;

/// Opens and closes the report. On the standalone page it also marks `<body>` so the print
/// stylesheet prints only the report; an embedded widget never touches the host page.
pub(crate) fn set_open(open: RwSignal<bool>, value: bool, standalone: bool) {
    open.set(value);
    if !standalone {
        return;
    }
    if let Some(body) = document().body() {
        _ = if value {
            body.class_list().add_1("ofem-report-open")
        } else {
            body.class_list().remove_1("ofem-report-open")
        };
    }
}

#[component]
pub(crate) fn Report(open: RwSignal<bool>) -> impl IntoView {
    let c = ctx();
    let p = persist();
    let standalone = super::config::config().embed.is_none();
    let date = String::from(
        js_sys::Date::new_0()
            .to_locale_date_string(super::i18n::locale(), &wasm_bindgen::JsValue::UNDEFINED),
    );
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            _ = w.print();
        }
    };
    let sections = move || {
        c.assessment.with(|a| {
            a.sections
                .iter()
                .map(|s| {
                    let score = s
                        .score
                        .map(num)
                        .unwrap_or_else(|| t("score.not_applicable"));
                    let levels = s
                        .levels
                        .iter()
                        .map(|l| {
                            let state = LevelState::of(l);
                            format!(
                                "{} {}",
                                state.icon(),
                                tf(
                                    "report.level",
                                    &[("level", &l.level), ("state", &state.text())]
                                )
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    view! {
                        <tr data-report-section=s.id.to_string()>
                            <th scope="row">{s.title.to_string()}</th>
                            <td class="num">{score}</td>
                            <td>{levels}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let answers = move || {
        c.answers.with(|answers| {
            c.assessment.with(|a| {
                c.bank()
                    .sections
                    .iter()
                    .map(|section| {
                        let result = a.sections.iter().find(|s| s.id == section.id);
                        let rows = section
                            .questions
                            .iter()
                            .filter_map(|q| {
                                let value = answers.get(&q.id)?;
                                let r =
                                    result.and_then(|s| s.questions.iter().find(|r| r.id == q.id));
                                let pts = r.and_then(|r| r.points).map(num).unwrap_or_default();
                                let max = r.and_then(|r| r.max).map(num).unwrap_or_default();
                                let lines = answer_lines(&c.bank(), q, value, &token_label)
                                    .into_iter()
                                    .map(|line| view! { <li>{line}</li> })
                                    .collect_view();
                                Some(view! {
                                    <tr data-ref=q.id.clone()>
                                        <td>{q.number.clone().unwrap_or_default()}</td>
                                        <td>{q.prompt.clone()}</td>
                                        <td class="ofem-report-answer">
                                            <ul class="ofem-report-lines">{lines}</ul>
                                        </td>
                                        <td class="num">{pts}</td>
                                        <td class="num">{max}</td>
                                        <td class="ofem-report-evidence">{super::evidence::report_cell(&q.id)}</td>
                                        <td class="ofem-report-ref">{q.id.clone()}</td>
                                    </tr>
                                })
                            })
                            .collect::<Vec<_>>();
                        (!rows.is_empty()).then(|| {
                            view! {
                                <h4>{section.title.clone()}</h4>
                                <table class="ofem-report-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t("flow.report_number")}</th>
                                            <th scope="col">{t("report.question")}</th>
                                            <th scope="col">{t("report.answer")}</th>
                                            <th scope="col">{t("report.points")}</th>
                                            <th scope="col">{t("report.max")}</th>
                                            <th scope="col">{t("evidence.report_heading")}</th>
                                            <th scope="col" class="ofem-report-ref">{t("report.ref")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }
                        })
                    })
                    .collect_view()
            })
        })
    };
    let missing = move || {
        c.assessment.with(|a| {
            a.completion
                .missing
                .iter()
                .map(|id| {
                    let prompt = c
                        .bank()
                        .question(id)
                        .map(|q| q.prompt.clone())
                        .unwrap_or_default();
                    view! {
                        <li data-ref=id.to_string()>
                            <strong>{question_number(&c.bank(), id)}</strong>
                            ": "
                            {prompt}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    // Opened by the Report button: focus moves to the report once it is shown (its code may
    // arrive after the click: src/ui/deferred.rs).
    let section = NodeRef::<leptos::html::Section>::new();
    Effect::new(move || {
        if let Some(el) = section.get() {
            _ = el.focus();
        }
    });
    view! {
        <section node_ref=section class="ofem-report" id="ofem-report" aria-labelledby="ofem-report-h" tabindex="-1">
            <div class="ofem-report-actions">
                <button type="button" id="ofem-report-print" on:click=print>
                    {t("report.print")}
                </button>
                <button type="button" id="ofem-report-close" on:click=move |_| set_open(open, false, standalone)>
                    {t("report.close")}
                </button>
            </div>
            <h2 id="ofem-report-h">{t("report.title")}</h2>
            <dl class="ofem-report-facts">
                <dt>{t("report.facility")}</dt>
                <dd id="ofem-report-facility">{move || super::drafts::shown_name(&p.name.get())}</dd>
                <dt>{t("report.date")}</dt>
                <dd>{date}</dd>
                <dt>{t("report.bank")}</dt>
                <dd id="ofem-report-bank">
                    {move || c.assessment.with(|a| format!("{} {}", a.bank, a.bank_version))}
                </dd>
                <dt>{t("report.total")}</dt>
                <dd id="ofem-report-total">
                    {move || c.assessment.with(|a| tf("report.total_value", &[("total", &num(a.total))]))}
                </dd>
            </dl>
            // A verified package open (or a review in progress): both scores side by side.
            <super::review::ReportComparison />
            <h3>{t("report.sections")}</h3>
            <table class="ofem-report-table">
                <thead>
                    <tr>
                        <th scope="col">{t("report.section")}</th>
                        <th scope="col">{t("report.score")}</th>
                        <th scope="col">{t("score.levels")}</th>
                    </tr>
                </thead>
                <tbody>{sections}</tbody>
            </table>
            <div class="ofem-report-plan" id="ofem-report-plan">
                <h3 id="ofem-report-plan-h">{t("plan.title")}</h3>
                {move || super::plan::with_current_plan(|p| super::plan::plan_view(p, None))}
            </div>
            <div class="ofem-report-checks" id="ofem-report-checks">
                <h3 id="ofem-report-checks-h">{t("checks.title")}</h3>
                {super::plan::checks_report}
            </div>
            <h3>{t("report.answers")}</h3>
            {answers}
            <h3>{move || c.assessment.with(|a| tf("report.unanswered", &[("count", &a.completion.missing.len())]))}</h3>
            <ul class="ofem-report-missing">{missing}</ul>
        </section>
    }
}
