//! The score panel (total, section bars, levels, completion, Post), the zero-score banner and the
//! phone's always-visible total bar. Every figure is read from the core's `Assessment`.

use std::borrow::Cow;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use super::config::config;
use super::drafts::persist;
use super::i18n::{num, t, tf};
use super::level_state::LevelState;
use super::post::{self, Posted};
use super::route::goto_question;
use super::state::{ctx, mark};

/// The total as shown (one decimal), `data-score="total"`.
fn total_text() -> impl Fn() -> String + Copy {
    let c = ctx();
    move || c.assessment.with(|a| num(a.total))
}

fn percent(p: f64) -> String {
    format!("{:.0}", p.floor())
}

/// Banner when a zero-score gate holds: which answer caused it, how to fix it, a link to it.
#[component]
pub(crate) fn ZeroBanner() -> impl IntoView {
    let c = ctx();
    let zeroed = Memo::new(move |_| c.assessment.with(|a| a.zeroed.clone()));
    move || {
        zeroed.get().map(|z| {
            let target = z.refs.first().cloned().unwrap_or_default();
            let href = format!("#q-{target}");
            view! {
                <div class="ofem-banner bad" id="ofem-zeroed" data-gate=z.id role="alert">
                    <h2>{t("zero.title")}</h2>
                    <p>{z.why}</p>
                    <p>
                        <strong>{t("zero.fix")}</strong>
                        " "
                        {z.fix}
                    </p>
                    <p>
                        <a
                            href=href
                            on:click=move |ev| {
                                ev.prevent_default();
                                goto_question(&target);
                            }
                        >
                            {t("zero.goto")}
                        </a>
                    </p>
                </div>
            }
        })
    }
}

const BAR_H: f64 = 22.0;
const GAP: f64 = 8.0;
const LABEL_W: f64 = 110.0;
const BAR_W: f64 = 120.0;
const WIDTH: f64 = LABEL_W + BAR_W + 44.0;

/// The seven section scores as an SVG bar chart (the number of each is `data-score="<id>"`).
#[component]
fn ScoreChart() -> impl IntoView {
    let c = ctx();
    // The bars are the bank's scored sections, which answers never change: they are built once
    // (again only when the bank or its language changes), and an answer updates only the
    // width, classes and figure of each bar. (Rebuilt from a list on every answer, the chart
    // set ≈ 240 attributes a click.)
    let rows = Memo::new(move |_| {
        c.assessment.with(|a| {
            a.sections
                .iter()
                .zip(&c.bank().sections)
                .enumerate()
                .filter(|(_, (_, s))| s.scored)
                .map(|(at, (r, _))| (at, r.id.clone(), r.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let zero = Memo::new(move |_| c.assessment.with(|a| a.zeroed.is_some()));
    let height = move || rows.with(|r| r.len() as f64 * (BAR_H + GAP));
    view! {
        <svg
            class="ofem-chart"
            role="img"
            aria-labelledby="ofem-chart-title"
            viewBox=move || format!("0 0 {WIDTH} {}", height())
            width=WIDTH
            height=height
        >
            <title id="ofem-chart-title">{t("score.chart_title")}</title>
            <For
                each=move || rows.get().into_iter().enumerate()
                key=|row| row.clone()
                children=move |(i, (at, id, title))| {
                    let bar = Memo::new(move |_| {
                        c.assessment.with(|a| a.sections.get(at).map_or((None, false), |r| (r.score, r.capped)))
                    });
                    let y = i as f64 * (BAR_H + GAP);
                    let width = move || bar.get().0.unwrap_or(0.0).clamp(0.0, 100.0) / 100.0 * BAR_W;
                    let text = move || bar.get().0.map_or_else(|| t("score.not_applicable"), num);
                    view! {
                        <g>
                            <text x="0" y=y + BAR_H * 0.7>{short(&title)}</text>
                            <rect class="track" x=LABEL_W y=y width=BAR_W height=BAR_H rx="3" />
                            <rect
                                class="bar"
                                class:capped=move || bar.get().1
                                class:zero=move || zero.get()
                                x=LABEL_W
                                y=y
                                width=width
                                height=BAR_H
                                rx="3"
                            />
                            <text x=LABEL_W + BAR_W + 6.0 y=y + BAR_H * 0.7 data-score=id>
                                {text}
                            </text>
                        </g>
                    }
                }
            />
        </svg>
    }
}

/// A section title short enough for the chart's label column.
fn short(title: &str) -> String {
    let first = title.split([' ', '&']).next().unwrap_or(title);
    if first.chars().count() > 14 {
        first.chars().take(13).chain(['…']).collect()
    } else {
        first.to_string()
    }
}

/// Which levels each section achieved.
#[component]
fn LevelTable() -> impl IntoView {
    let c = ctx();
    // Rows (applicable sections) and columns (levels) change with applicability, rarely; an
    // answer that achieves or loses a level changes one cell's state, and only that cell is
    // updated. (Rebuilt whole, the table set ≈ 300 attributes when a level changed.)
    let rows = Memo::new(move |_| {
        c.assessment.with(|a| {
            a.sections
                .iter()
                .enumerate()
                .filter(|(_, s)| s.applicable)
                .map(|(at, s)| (at, s.id.clone(), s.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    // Columns for the levels any section has (1–3 in the FEM).
    let columns = Memo::new(move |_| {
        c.assessment.with(|a| {
            let mut levels: Vec<u8> = a
                .sections
                .iter()
                .filter(|s| s.applicable)
                .flat_map(|s| s.levels.iter().map(|l| l.level))
                .collect();
            levels.sort_unstable();
            levels.dedup();
            levels
        })
    });
    let cell = move |at: usize, level: u8| {
        let state = Memo::new(move |_| {
            c.assessment.with(|a| {
                a.sections
                    .get(at)
                    .and_then(|s| s.levels.iter().find(|l| l.level == level))
                    .map_or(LevelState::NotApplicable, LevelState::of)
            })
        });
        let long = move || {
            format!(
                "{}: {}",
                tf("group.level", &[("level", &level)]),
                state.get().explain(),
            )
        };
        view! {
            <td
                class=move || format!("lvl {}", state.get().class())
                data-level=level
                data-state=move || state.get().class()
                title=long
            >
                <span class="ofem-lvl-icon" aria-hidden="true">{move || state.get().icon()}</span>
                " "
                {move || state.get().text()}
            </td>
        }
    };
    view! {
        <table class="ofem-levels">
            <caption>{t("score.levels")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("report.section")}</th>
                    <For each=move || columns.get() key=|level| *level let:level>
                        <th scope="col">{tf("score.level_short", &[("level", &level)])}</th>
                    </For>
                </tr>
            </thead>
            <tbody>
                <For
                    each=move || rows.get()
                    key=|row| row.clone()
                    children=move |(at, id, title)| {
                        view! {
                            <tr data-levels=id>
                                <th scope="row">{short(&title)}</th>
                                <For
                                    each=move || columns.get()
                                    key=|level| *level
                                    children=move |level| cell(at, level)
                                />
                            </tr>
                        }
                    }
                />
            </tbody>
        </table>
    }
}

/// What the bar colours mean.
#[component]
fn ChartLegend() -> impl IntoView {
    view! {
        <ul class="ofem-legend" aria-label=t("flow.legend_label")>
            <li>
                <span class="swatch bar" aria-hidden="true"></span>
                {t("flow.legend_score")}
            </li>
            <li>
                <span class="swatch capped" aria-hidden="true"></span>
                {t("flow.legend_capped")}
            </li>
            <li>
                <span class="swatch zero" aria-hidden="true"></span>
                {t("flow.legend_zero")}
            </li>
        </ul>
    }
}

/// Posting: the posted package (the answers, their score report and the evidence list, hashed)
/// kept with the draft; then `record` (what the panel remembers of the posting: false when the
/// browser refused to keep it); then the package sent to the page (`openfem-post`) or,
/// standalone, downloaded. Returns whether the browser kept the package and the record.
#[wasm_split(post, wasm_split_path = ::leptos::wasm_split, fallible)]
fn post_package(
    postings: super::posting::Postings,
    p: super::drafts::Persist,
    config: super::config::Config,
    doc: crate::core::AnswersDoc,
    evidence: Vec<crate::core::evidence::EvidenceFile>,
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

/// Post: enabled at 100% completion; until then the missing questions, with links.
#[component]
fn PostBox() -> impl IntoView {
    let c = ctx();
    let announce = RwSignal::new(String::new());
    let config = config();
    let readonly = config.readonly;
    let can_post = Memo::new(move |_| c.assessment.with(|a| a.can_post));
    // Only questions of the sections this widget shows (its `sections` attribute).
    let shown = config.clone();
    let missing_open = RwSignal::new(false);
    let missing = Memo::new(move |_| {
        c.assessment.with(|a| {
            a.completion
                .missing
                .iter()
                .filter(|id| {
                    c.bank()
                        .position(id)
                        .is_some_and(|p| shown.shows(&c.bank().sections[p.section].id))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // The open draft's posting (kept per draft, so it survives a reload).
    let p = persist();
    let namespace = config.namespace.clone();
    let posted = RwSignal::new(None::<Posted>);
    {
        let namespace = namespace.clone();
        Effect::new(move |_| {
            let draft = p.current_id.get();
            posted.set(post::load(&namespace, &draft));
        });
    }
    // Posted, and the answers are still the ones posted.
    let current = Memo::new(move |_| {
        let record = posted.get()?;
        let same = c.answers.with(|a| post::fingerprint(a) == record.answers);
        Some((record, same))
    });
    let embedded = config.embed.is_some();
    let postings = super::posting::postings();
    // Posting's code is fetched on the first Post (`deferred::post`): clicks meanwhile are
    // ignored, and a download that fails is said here (nothing was posted).
    let busy = StoredValue::new(false);
    let failed = RwSignal::new(None::<String>);
    let post = move |_| {
        if busy.get_value() {
            return;
        }
        busy.set_value(true);
        failed.set(None);
        let total = c.assessment.with_untracked(|a| a.total);
        // The posted version: immutable, kept with the draft; the form locks.
        // With the data checks dismissed (their notes are for the verifier).
        let doc = p.answers_doc();
        let evidence = super::evidence::evidence().files();
        let fingerprint = c.answers.with_untracked(post::fingerprint);
        let record = {
            let namespace = namespace.clone();
            Box::new(move || {
                let record = Posted {
                    at: super::store::now_iso(),
                    total,
                    answers: fingerprint,
                };
                let kept = post::save(&namespace, &p.current_id.get_untracked(), &record);
                posted.set(Some(record));
                kept
            })
        };
        let config = config.clone();
        leptos::task::spawn_local(super::i18n::in_widget_language(async move {
            let posted_now = post_package(postings, p, config, doc, evidence, record).await;
            // The widget may have been disposed meanwhile: then nothing is left to say.
            busy.try_update_value(|b| *b = false);
            let Ok(kept) = posted_now else {
                failed.set(Some(t("deferred.action_failed")));
                return;
            };
            let Some(record) = posted.try_get_untracked().flatten() else {
                return;
            };
            let date = post::local_date(&record.at);
            // Embedded: `openfem-post` with the package; standalone: the package file.
            let what = if embedded {
                t("flow.posted_sent")
            } else {
                t("flow.posted_file")
            };
            let mut said = tf(
                "flow.posted_announce",
                &[("date", &date), ("total", &num(total)), ("what", &what)],
            );
            if !kept {
                said = crate::core::message::sentences(&said, &t("flow.posted_not_kept"));
            }
            announce.set(said);
        }));
    };
    view! {
        <div class="ofem-post" class:posted=move || current.with(|c| c.as_ref().is_some_and(|(_, same)| *same))>
            {move || {
                current
                    .get()
                    .map(|(record, same)| {
                        let date = post::local_date(&record.at);
                        let text = if same {
                            tf("flow.posted_on", &[("date", &date), ("total", &num(record.total))])
                        } else {
                            tf("flow.posted_changed", &[("date", &date), ("total", &num(record.total))])
                        };
                        let (class, icon) = if same { ("ofem-posted good", "✓") } else { ("ofem-posted warn", "!") };
                        view! {
                            <p class=class id="ofem-posted" data-posted=record.at.clone() data-current=same.to_string()>
                                <span class="ofem-lvl-icon" aria-hidden="true">{icon}</span>
                                " "
                                {text}
                            </p>
                        }
                    })
            }}
            <button
                type="button"
                class="primary"
                id="ofem-post"
                disabled=move || readonly || !can_post.get() || postings.locked()
                aria-describedby="ofem-post-help"
                on:click=post
            >
                {move || {
                    if current.with(|c| c.is_some()) { t("flow.post_again") } else { t("score.post") }
                }}
            </button>
            {move || failed.get().map(|text| view! {
                <p class="ofem-error" id="ofem-post-failed" role="alert">{text}</p>
            })}
            <p id="ofem-post-help" class="ofem-help-text">
                {move || {
                    let posted_total = current.with(|c| c.as_ref().map(|(r, _)| num(r.total)));
                    if !can_post.get() {
                        t("score.post_help")
                    } else if let Some(total) = posted_total {
                        let key = if embedded { "flow.post_again_help_embedded" } else { "flow.post_again_help_file" };
                        tf(key, &[("total", &total)])
                    } else if embedded {
                        t("flow.post_help_embedded")
                    } else {
                        t("flow.post_help_file")
                    }
                }}
            </p>
            <Show when=move || !missing.with(Vec::is_empty)>
                // The list (every question still to answer, hundreds at first) is built only
                // while it is open, so answers do not keep a hidden list up to date.
                <details
                    class="ofem-missing"
                    id="ofem-missing"
                    on:toggle=move |ev| {
                        missing_open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))
                    }
                >
                    <summary>{move || tf("score.missing", &[("count", &missing.with(Vec::len))])}</summary>
                    <Show when=move || missing_open.get()>
                        <ul>
                            <For each=move || missing.get() key=|id| id.clone() let:id>
                                <li>
                                    <MissingLink id=id />
                                </li>
                            </For>
                        </ul>
                    </Show>
                </details>
            </Show>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true" id="ofem-post-live">
                {move || announce.get()}
            </p>
        </div>
    }
}

#[component]
fn MissingLink(id: Cow<'static, str>) -> impl IntoView {
    let c = ctx();
    let bank = c.bank();
    let q = bank.question(&id);
    let section = bank
        .position(&id)
        .map(|p| bank.sections[p.section].title.clone())
        .unwrap_or_default();
    let number = q.and_then(|q| q.number.clone());
    let prompt = q
        .map(|q| q.prompt.clone())
        .unwrap_or_else(|| id.to_string());
    let label = match number {
        Some(n) => format!("{section} {n}: {prompt}"),
        None => format!("{section}: {prompt}"),
    };
    let href = format!("#q-{id}");
    view! {
        <a
            href=href
            data-missing=id.to_string()
            on:click=move |ev| {
                ev.prevent_default();
                goto_question(&id);
            }
        >
            {label}
        </a>
    }
}

/// The score panel: in the part that follows the first question (`ui::deferred`).
#[wasm_split(after_first_question, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn score_panel() -> super::part::Part {
    Ok(view! { <ScorePanel /> }.into_any())
}

/// The score panel: total, progress and Post first (reachable on a laptop's short screen), then
/// the section chart with its legend and the levels; announces changes.
#[component]
fn ScorePanel() -> impl IntoView {
    let c = ctx();
    let total = total_text();
    let completion = Memo::new(move |_| {
        c.assessment.with(|a| {
            let done = &a.completion;
            (
                done.answered,
                done.required + done.pending,
                done.pending,
                done.progress,
            )
        })
    });
    // What the live region says: the total after each change (not on first render).
    let announce = RwSignal::new(String::new());
    let said = Memo::new(move |_| {
        c.assessment.with(|a| match &a.zeroed {
            Some(z) => tf("score.announce_zero", &[("why", &z.why)]),
            None => tf("score.announce", &[("total", &num(a.total))]),
        })
    });
    Effect::new(move |prev: Option<String>| {
        let now = said.get();
        if prev.is_some_and(|p| p != now) {
            announce.set(now.clone());
            mark("openfem:score-updated");
        }
        now
    });
    view! {
        <aside class="ofem-score" id="ofem-score" aria-labelledby="ofem-score-title">
            <h2 id="ofem-score-title" class="visually-hidden">{config().landmark(t("score.label"))}</h2>
            <p class="ofem-score-total">
                <span class="label">{t("score.total")}</span>
                <span data-score="total">{total}</span>
                <span class="of">{t("score.out_of")}</span>
            </p>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true" id="ofem-live">
                {move || announce.get()}
            </p>
            <p class="ofem-completion" id="ofem-completion">
                {move || {
                    let (answered, total, _, progress) = completion.get();
                    tf(
                        "flow.progress",
                        &[("answered", &answered), ("total", &total), ("percent", &percent(progress))],
                    )
                }}
            </p>
            <progress
                max="100"
                value=move || completion.with(|c| c.3.floor())
                aria-labelledby="ofem-completion"
            ></progress>
            {move || {
                let pending = completion.with(|c| c.2);
                (pending > 0)
                    .then(|| {
                        view! {
                            <p class="ofem-help-text" id="ofem-pending" data-pending=pending>
                                {tf("flow.progress_pending", &[("count", &pending)])}
                            </p>
                        }
                    })
            }}
            <super::plan::ChecksList />
            <PostBox />
            <super::part::Deferred load=super::deferred::plan />
            <ScoreChart />
            <ChartLegend />
            <LevelTable />
            <super::part::Deferred load=super::deferred::estimate />
        </aside>
    }
}

/// On phones: the total and completion always visible at the bottom, linking to the panel.
#[component]
pub(crate) fn MiniBar() -> impl IntoView {
    let c = ctx();
    let config = config();
    let total = total_text();
    view! {
        <div class="ofem-minibar" aria-hidden="true">
            <a
                href="#ofem-score"
                tabindex="-1"
                on:click=move |ev| {
                    ev.prevent_default();
                    if let Some(el) = config.element_by_id("ofem-score") {
                        el.scroll_into_view();
                    }
                }
            >
                <span>{t("score.total")} " " <strong>{total}</strong> " " {t("score.out_of")}</span>
                <span>
                    {move || c.assessment.with(|a| format!("{}%", percent(a.completion.progress)))}
                </span>
            </a>
        </div>
    }
}

/// The navigator's per-section line: completion and score.
pub(crate) fn section_meta(id: &str) -> impl Fn() -> String + 'static {
    let c = ctx();
    let id = id.to_string();
    move || {
        c.assessment.with(|a| {
            let Some(s) = a.sections.iter().find(|s| s.id == id) else {
                return String::new();
            };
            let done = tf("nav.done", &[("percent", &percent(s.completion.progress))]);
            match s.score {
                Some(score) => format!("{done} · {}", tf("nav.score", &[("score", &num(score))])),
                None if c.bank().section(&id).is_some_and(|b| b.scored) => {
                    format!("{done} · {}", t("nav.not_applicable"))
                }
                None => done,
            }
        })
    }
}
