//! The section navigator and the current section: its questions grouped as the core orders
//! them (applicability first, then Level 1, the optional progression, Level 2 and 3).

use leptos::prelude::*;

use super::config::config;
use super::i18n::{num, t, tf};
use super::inputs::{answer_input, message};
use super::level_state::LevelState;
use super::part::{first_question_answerable, Deferred};
use super::route::show_section;
use super::score::section_meta;
use super::state::ctx;
use crate::core::assess::{level_changes, Progression, QuestionResult, SectionResult};
use crate::core::bank::{Help, Role};

/// The section that shows the energy & emissions panel.
const ENERGY_SECTION: &str = "energy";

/// Site Info & Permits, then the seven sections, each with its completion and score.
#[component]
pub(crate) fn SectionNav() -> impl IntoView {
    let c = ctx();
    let config = config();
    let items = c
        .bank()
        .sections
        .iter()
        .filter(|s| config.shows(&s.id))
        .map(|s| {
            let id = s.id.clone();
            let href = format!("#s-{id}");
            let meta = section_meta(&id);
            let is_current = {
                let id = id.clone();
                move || c.current.with(|cur| *cur == id)
            };
            let jump = id.clone();
            view! {
                <li>
                    <a
                        href=href
                        data-section=id.clone()
                        aria-current=move || is_current().then_some("page")
                        on:click=move |ev| {
                            ev.prevent_default();
                            show_section(&jump);
                        }
                    >
                        <span class="title">{s.title.clone()}</span>
                        <span class="meta">{meta}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="ofem-nav" aria-label=config.landmark(t("nav.label"))>
            <ol>{items}</ol>
        </nav>
    }
}

/// The section in view, rebuilt only when another section is chosen.
#[component]
pub(crate) fn SectionView() -> impl IntoView {
    let c = ctx();
    move || {
        let id = c.current.get();
        c.bank()
            .sections
            .iter()
            .position(|s| s.id == id)
            .map(|index| view! { <SectionBody index=index /> })
    }
}

/// How questions are grouped on screen.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Group {
    Applicability,
    Info,
    Level(u8),
    Progression,
}

fn group_of(q: &QuestionResult) -> Group {
    match (q.role, q.level) {
        (Role::Applicability, _) => Group::Applicability,
        (Role::Progression, _) => Group::Progression,
        (_, Some(level)) => Group::Level(level),
        (_, None) => Group::Info,
    }
}

/// The current section's result, shared by its groups and questions.
#[derive(Clone, Copy)]
struct SectionCtx {
    result: Memo<SectionResult<'static>>,
}

#[component]
fn SectionBody(index: usize) -> impl IntoView {
    let c = ctx();
    let section = &c.bank().sections[index];
    // Several widgets on a page: the region is named with the widget's `label` too.
    let (labelledby, label) = match &config().label {
        None => (Some(format!("s-{}", section.id)), None),
        Some(_) => (None, Some(config().landmark(section.title.clone()))),
    };
    let result = Memo::new(move |_| c.assessment.with(|a| a.sections[index].clone()));
    provide_context(SectionCtx { result });
    let section_id = section.id.clone();

    let groups = Memo::new(move |_| {
        result.with(|r| {
            let mut groups: Vec<Group> = Vec::new();
            for q in &r.questions {
                let g = group_of(q);
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
            groups
        })
    });
    let scored = section.scored;
    // The energy & emissions figures live at the end of the Energy section.
    let is_energy = section.id == ENERGY_SECTION;
    let not_applicable = move || scored && result.with(|r| !r.applicable);
    let pathway = move || result.with(|r| r.pathway.clone());
    let capped = move || result.with(|r| r.capped && r.completion.missing.is_empty());
    let progress = move || {
        result.with(|r| {
            let done = &r.completion;
            let shown = tf(
                "section.progress",
                &[("answered", &done.answered), ("required", &done.required)],
            );
            match done.pending {
                0 => shown,
                n => format!("{shown} {}", tf("flow.section_pending", &[("count", &n)])),
            }
        })
    };
    let opened = level_notes();
    // Numbers follow the FEM; say why some are missing when questions that do not apply are
    // hidden (Air without refrigerants skips 4–6).
    let numbers_skip = move || {
        let bank = c.bank();
        result.with(|r| {
            let numbers = r
                .questions
                .iter()
                .filter_map(|q| bank.question(&q.id).and_then(|q| q.number.as_deref()));
            numbering_skips(numbers)
        })
    };
    view! {
        <section class="ofem-section" data-section=section.id.clone() aria-labelledby=labelledby aria-label=label>
            <h2 id=format!("s-{}", section.id) tabindex="-1">{section.title.clone()}</h2>
            <p class="ofem-section-progress">{progress}</p>
            // Levels an answer opened or closed (any section's: a Site answer can change them).
            <div class="ofem-opened" role="status" data-note="levels">
                {move || {
                    opened
                        .get()
                        .into_iter()
                        .map(|(text, opened)| {
                            let class = if opened { "ofem-banner info" } else { "ofem-banner warn" };
                            view! { <p class=class>{text}</p> }
                        })
                        .collect_view()
                }}
            </div>
            <Show when=numbers_skip>
                <p class="ofem-help-text" data-note="numbering">{t("flow.numbering_gap")}</p>
            </Show>
            <Show when=not_applicable>
                <p class="ofem-banner info" data-note="not-applicable">{t("section.not_applicable")}</p>
            </Show>
            {move || {
                pathway()
                    .map(|why| {
                        view! {
                            <p class="ofem-banner info" data-note="pathway">
                                {tf("section.pathway", &[("why", &why)])}
                            </p>
                        }
                    })
            }}
            <Show when=capped>
                <p class="ofem-banner warn" data-note="capped">{t("section.capped")}</p>
            </Show>
            {is_energy
                .then(|| {
                    view! {
                        <p class="ofem-skip">
                            <a href="#ofem-energy">{t("energy.skip")}</a>
                        </p>
                    }
                })}
            <For each=move || groups.get() key=|g| *g let:group>
                <GroupView group=group />
            </For>
            {is_energy.then(|| view! { <Deferred load=super::deferred::energy /> })}
            {scored
                .then(|| {
                    view! {
                        <Deferred
                            load=move || super::evidence::readiness_view(section_id.clone())
                            quiet=true
                            after=first_question_answerable()
                        />
                    }
                })}
            <SectionSteps index=index />
        </section>
    }
}

/// What the last answer opened or closed: one sentence per level (and whether it opened),
/// kept until the next answer that opens or closes one. A draft loaded or imported says
/// nothing (only answers given here count: `Ctx::edits`).
fn level_notes() -> RwSignal<Vec<(String, bool)>> {
    let c = ctx();
    let notes = RwSignal::new(Vec::new());
    Effect::new(move |prev: Option<(Vec<(String, u8)>, u64)>| {
        let now = c.assessment.with(|a| {
            let open = a.open_levels().into_iter();
            open.map(|(id, level)| (id.to_string(), level)).collect()
        });
        let edits = c.edits.get_untracked();
        if let Some((before, _)) = prev.filter(|(_, seen)| *seen != edits) {
            let texts: Vec<(String, bool)> = c.assessment.with(|a| {
                level_changes(&before, a)
                    .iter()
                    .map(|ch| {
                        let key = match (ch.opened, ch.questions) {
                            (true, 1) => "flow.level_opened_one",
                            (true, _) => "flow.level_opened",
                            (false, 1) => "flow.level_closed_one",
                            (false, _) => "flow.level_closed",
                        };
                        let text = tf(
                            key,
                            &[
                                ("section", &ch.title),
                                ("level", &ch.level),
                                ("count", &ch.questions),
                            ],
                        );
                        (text, ch.opened)
                    })
                    .collect()
            });
            if !texts.is_empty() {
                notes.set(texts);
            }
        }
        (now, edits)
    });
    notes
}

/// Whether the main question numbers shown ("7", "C3", "P1"; not sub-questions such as "7a")
/// skip any: a prefix's numbers not starting at 1 or not following each other.
fn numbering_skips<'n>(numbers: impl Iterator<Item = &'n str>) -> bool {
    let mut last: Vec<(&str, u32)> = Vec::new();
    for number in numbers {
        let digits = number.find(|ch: char| ch.is_ascii_digit());
        let Some(start) = digits else { continue };
        let (prefix, rest) = number.split_at(start);
        // A sub-question ("1a", "C2b") does not count.
        let Ok(n) = rest.parse::<u32>() else { continue };
        let previous = last.iter_mut().find(|(p, _)| *p == prefix);
        match previous {
            Some((_, m)) => {
                if n > *m + 1 {
                    return true;
                }
                *m = n.max(*m);
            }
            None if n > 1 => return true,
            None => last.push((prefix, n)),
        }
    }
    false
}

/// "Previous section" and "Next section" at the end of a section (among those this widget
/// shows); focus moves to the new section's heading.
#[component]
fn SectionSteps(index: usize) -> impl IntoView {
    let c = ctx();
    let config = config();
    let shown: Vec<usize> = (0..c.bank().sections.len())
        .filter(|&i| config.shows(&c.bank().sections[i].id))
        .collect();
    let at = shown.iter().position(|&i| i == index);
    let step = |to: Option<usize>, key: &'static str, rel: &'static str| {
        to.map(|i| {
            let section = &c.bank().sections[i];
            let id = section.id.clone();
            let jump = id.clone();
            view! {
                <a
                    href=format!("#s-{id}")
                    class=format!("ofem-step {rel}")
                    data-step=rel
                    data-section=id
                    on:click=move |ev| {
                        ev.prevent_default();
                        show_section(&jump);
                    }
                >
                    <span class="ofem-step-label">{t(key)}</span>
                    <span class="ofem-step-title">{section.title.clone()}</span>
                </a>
            }
        })
    };
    let prev = at.and_then(|k| k.checked_sub(1)).map(|k| shown[k]);
    let next = at.and_then(|k| shown.get(k + 1).copied());
    view! {
        <nav class="ofem-steps" aria-label=config.landmark(t("flow.steps_label"))>
            {step(prev, "flow.previous_section", "prev")}
            {step(next, "flow.next_section", "next")}
        </nav>
    }
}

#[component]
fn GroupView(group: Group) -> impl IntoView {
    let c = ctx();
    let SectionCtx { result } = expect_context::<SectionCtx>();
    let ids = Memo::new(move |_| {
        result.with(|r| {
            r.questions
                .iter()
                .filter(|q| group_of(q) == group)
                .map(|q| q.id.to_string())
                .collect::<Vec<_>>()
        })
    });
    let heading = match group {
        Group::Applicability => t("group.applicability"),
        Group::Info => t("group.info"),
        Group::Level(l) => tf("group.level", &[("level", &l)]),
        Group::Progression => t("progression.title"),
    };
    let level = match group {
        Group::Level(l) => Some(l),
        _ => None,
    };
    let level_state = move || {
        let l = level?;
        result.with(|r| {
            r.levels
                .iter()
                .find(|x| x.level == l)
                .map(|x| (LevelState::of(x), x.points, x.weight))
        })
    };
    // Levels 2/3 opened by the progression while Level 1 is not achieved: they cannot score.
    let capped_note = move || {
        level.is_some_and(|l| l > 1)
            && result.with(|r| r.capped && r.progression == Progression::Accepted)
    };
    let _ = c;
    let class = match group {
        Group::Progression => "ofem-level ofem-progression",
        _ => "ofem-level",
    };
    let data_group = match group {
        Group::Applicability => "applicability".to_string(),
        Group::Info => "info".to_string(),
        Group::Level(l) => format!("level-{l}"),
        Group::Progression => "progression".to_string(),
    };
    view! {
        <div class=class data-group=data_group>
            <h3>
                {heading}
                {move || {
                    level_state()
                        .map(|(state, points, weight)| {
                            let (cls, label) = match state {
                                LevelState::Achieved => ("ofem-badge good", t("group.achieved")),
                                LevelState::NotApplicable => ("ofem-badge na", t("group.level_na")),
                                _ => ("ofem-badge", t("flow.group_not_yet")),
                            };
                            view! {
                                <span class=cls data-state=format!("{state:?}")>
                                    <span class="ofem-lvl-icon" aria-hidden="true">{state.icon()}</span>
                                    " "
                                    {label}
                                </span>
                                <span class="ofem-badge">
                                    {tf(
                                        "group.level_points",
                                        &[("points", &num(points)), ("weight", &num(weight))],
                                    )}
                                </span>
                            }
                        })
                }}
            </h3>
            {(group == Group::Progression)
                .then(|| view! { <p class="ofem-banner warn">{t("progression.explain")}</p> })}
            <Show when=capped_note>
                <p class="ofem-banner warn" data-note="capped-level">{t("group.capped_note")}</p>
            </Show>
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <QuestionCard id=id />
            </For>
        </div>
    }
}

/// One question: prompt, input, points earned and why, help on demand.
#[component]
fn QuestionCard(id: String) -> impl IntoView {
    let c = ctx();
    let SectionCtx { result } = expect_context::<SectionCtx>();
    let bank = c.bank();
    let Some(q) = bank.question(&id) else {
        return ().into_any();
    };
    let rid = id.clone();
    let res =
        Memo::new(move |_| result.with(|r| r.questions.iter().find(|x| x.id == rid).cloned()));
    let scored = q.score.is_some();
    let points = move || {
        let r = res.get()?;
        if !scored {
            return None;
        }
        let head = match (r.points, r.max) {
            (Some(p), Some(m)) => tf("q.points", &[("points", &num(p)), ("max", &num(m))]),
            _ => t("q.not_scored"),
        };
        Some(view! {
            <p class="ofem-points" data-points=r.points.map(num) data-max=r.max.map(num)>
                <strong>{head}</strong>
                " · "
                <span class="why">
                    {message(&r.why.why.message(r.points.unwrap_or(0.0), r.max.unwrap_or(0.0)))}
                </span>
            </p>
        })
    };
    let answered = move || res.with(|r| r.as_ref().is_some_and(|r| r.answered));
    view! {
        <div
            class="ofem-question"
            class:answered=answered
            id=format!("q-{id}")
            data-ref=id
            data-level=q.level.map(|l| l.to_string())
        >
            {answer_input(q)}
            {points}
            <HelpBox id=id.clone() help=q.help.clone() />
            {scored
                .then(|| {
                    let id = id.clone();
                    view! {
                        <Deferred
                            load=move || super::evidence::attach_control(id.clone())
                            quiet=true
                            after=first_question_answerable()
                        />
                    }
                })}
        </div>
    }
    .into_any()
}

/// Help on demand: what earns each answer, why it is asked, and the checklist of what a
/// verifier will ask to see (`Question::evidence_checklist`, in the bank's language). The prose
/// of the built-in bank comes from its own file (`help::HelpProse`), usually read before anyone
/// opens a help box; until then the box says it is loading.
#[component]
fn HelpBox(id: String, help: Help) -> impl IntoView {
    let prose = super::help::prose();
    if help.is_empty() && prose.is_none() {
        return ().into_any();
    }
    let checklist = help
        .evidence
        .as_ref()
        .map_or(&[][..], |e| e.items())
        .to_vec();
    // The prose (inline, or from its file) with a line saying why it is not there yet.
    let body = move || {
        let (status, texts) = match prose {
            None => (None, Some(help.clone())),
            Some(prose) => match prose.state() {
                None => (Some(view! { <p>{t("help.loading")}</p> }.into_any()), None),
                Some(Ok(texts)) => (None, super::help::help_of(&texts, &id)),
                Some(Err(e)) => {
                    let error = tf("help.failed", &[("error", &super::i18n::message(&e))]);
                    let failed = view! {
                        <p role="alert">
                            {error} " "
                            <button type="button" on:click=move |_| prose.load()>{t("data.retry")}</button>
                        </p>
                    };
                    (Some(failed.into_any()), None)
                }
            },
        };
        let evidence = (!checklist.is_empty()).then(|| {
            let list = checklist
                .iter()
                .map(|item| view! { <li>{item.clone()}</li> })
                .collect_view();
            view! {
                <dt>{t("evidence.title")}</dt>
                <dd>
                    <ul class="ofem-evidence">{list}</ul>
                </dd>
            }
        });
        view! {
            {status}
            <dl>{texts.map(|h| help_rows(&h))} {evidence}</dl>
        }
    };
    // Opening a help box whose file failed tries again (Try again is disabled with the form
    // when it is read-only).
    let retry = move |_| {
        if let Some(prose) = prose.filter(|p| p.failed()) {
            prose.load();
        }
    };
    view! {
        <details class="ofem-help" on:toggle=retry>
            <summary>{t("help.summary")}</summary>
            {body}
        </details>
    }
    .into_any()
}

/// A question's help prose, as terms and their texts.
fn help_rows(help: &Help) -> impl IntoView {
    [
        ("help.intent", &help.intent),
        ("help.yes", &help.yes),
        ("help.partial", &help.partial),
        ("help.no", &help.no),
        ("help.na", &help.na),
        ("help.guidance", &help.guidance),
    ]
    .into_iter()
    .filter_map(|(key, text)| {
        text.clone().map(|text| {
            view! {
                <dt>{t(key)}</dt>
                <dd>{text}</dd>
            }
        })
    })
    .collect_view()
}
