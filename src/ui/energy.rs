//! The energy & emissions panel of the Energy section: MJ per source (SVG bars and the same
//! figures as a table), totals, renewable share, Scope 1, Scope 2 location- and market-based,
//! intensity per unit of production, each expandable to the factor, unit and source used, and
//! the calculator's validation messages. Every figure is read from `core::score_document::energy`; a
//! source with a problem is left out by the core and listed here, never estimated.

use leptos::prelude::*;

use super::i18n::{locale, t, tf};
use super::route::goto_question;
use super::state::ctx;
use crate::core::bank::{AnswerSpec, Bank};
use crate::core::ghg::{EnergyReport, FactorUsed, Intensity, Issue, Severity, UseKind};
use crate::core::score_document;

/// `n` rounded to `decimals`, written the way the page's locale writes numbers.
fn number(n: f64, decimals: i32) -> String {
    let p = 10f64.powi(decimals);
    let r = (n * p).round() / p;
    let r = if r == 0.0 { 0.0 } else { r }; // no "-0"
    String::from(js_sys::Number::from(r).to_locale_string(locale()))
}

/// Three significant digits (intensities can be small).
fn sig3(n: f64) -> String {
    if n == 0.0 || !n.is_finite() {
        return number(n, 0);
    }
    let digits = 2 - n.abs().log10().floor() as i32;
    number(n, digits.clamp(0, 9))
}

fn mj(n: f64) -> String {
    tf("energy.mj", &[("value", &number(n, 0))])
}

fn tonnes(n: f64) -> String {
    tf("energy.t", &[("value", &number(n, 2))])
}

fn pct(fraction: f64) -> String {
    tf("energy.pct", &[("value", &number(fraction * 100.0, 1))])
}

/// A calculator message in the widget's language: English as the core words it (with the
/// figures and ids), another language by its code's sentence (`ghg.<code>`) with the same
/// figures filled in (numbers with the language's separators), else the English.
fn issue_text(i: &Issue) -> String {
    let key = format!("ghg.{}", i.code);
    if locale() == super::i18n::ENGLISH {
        return i.message.clone();
    }
    match t(&key) {
        text if text == key => i.message.clone(),
        template => i.fill(&template, super::i18n::arg_text),
    }
}

/// A source's label as the bank words it (`electricpurch` → "Purchased electricity").
fn option_label(bank: &Bank, question: &str, id: &str) -> String {
    bank.question(question)
        .and_then(|q| match &q.answer {
            AnswerSpec::Multi { options, .. } | AnswerSpec::Single { options } => {
                options.iter().find(|o| o.id == id).map(|o| o.label.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| id.to_string())
}

fn source_label(bank: &Bank, kind: UseKind, id: &str) -> String {
    match kind {
        UseKind::Facility => option_label(bank, "ensourceheader", id),
        UseKind::Vehicle => tf(
            "energy.vehicle_source",
            &[("source", &option_label(bank, "envehicleheader", id))],
        ),
    }
}

/// "value unit; source (status)" for a factor.
fn factor_text(f: &FactorUsed) -> String {
    tf(
        "energy.factor",
        &[
            ("value", &sig3(f.value)),
            ("unit", &f.unit),
            ("source", &f.source),
            ("status", &f.status),
        ],
    )
}

/// The Ref ID at the start of an issue path (`ensourcetracktable[2].unit` → `ensourcetracktable`).
fn path_ref(path: &str) -> &str {
    path.split(['[', '.']).next().unwrap_or(path)
}

/// One bar of the chart / row of the table.
#[derive(Clone, PartialEq)]
struct Bar {
    key: String,
    label: String,
    mj: f64,
}

fn bars(bank: &Bank, r: &EnergyReport) -> Vec<Bar> {
    let facility = r.mj_by_source.iter().map(|(id, mj)| Bar {
        key: id.clone(),
        label: source_label(bank, UseKind::Facility, id),
        mj: *mj,
    });
    let vehicles = r.vehicle_mj_by_source.iter().map(|(id, mj)| Bar {
        key: format!("vehicle:{id}"),
        label: source_label(bank, UseKind::Vehicle, id),
        mj: *mj,
    });
    facility.chain(vehicles).collect()
}

// Drawn at 1:1 up to this width (CSS max-width), scaled down on narrower screens.
const ROW_H: f64 = 22.0;
const ROW_GAP: f64 = 6.0;
const CHART_W: f64 = 440.0;
const LABEL_W: f64 = 160.0;
const VALUE_W: f64 = 80.0;

/// The panel; mounted in the Energy section only (its Memo lives while the section is shown).
#[component]
pub(crate) fn EnergyPanel() -> impl IntoView {
    let c = ctx();
    // The assessment does not carry the energy report (its metrics compute their own), so the
    // panel computes it once per change of the answers, only while the section is shown.
    let report = Memo::new(move |_| c.answers.with(|a| score_document::energy(&c.bank(), a)));
    let bank = c.bank();
    let rows = Memo::new(move |_| report.with(|r| bars(&bank, r)));
    let has_lines = move || report.with(|r| !r.lines.is_empty() || !r.refrigerant_lines.is_empty());

    view! {
        <section class="ofem-energy" id="ofem-energy" aria-labelledby="ofem-energy-title">
            <h3 id="ofem-energy-title">{t("energy.title")}</h3>
            <p class="ofem-help-text">{t("energy.intro")}</p>
            <Issues report=report />
            <Show
                when=has_lines
                fallback=|| view! { <p class="ofem-energy-empty" data-energy="empty">{t("energy.empty")}</p> }
            >
                <Figures report=report />
                <Chart rows=rows />
                <SourceTable report=report />
            </Show>
        </section>
    }
}

/// The calculator's validation messages, errors first, each linking to its question.
#[component]
fn Issues(report: Memo<EnergyReport>) -> impl IntoView {
    let issues = Memo::new(move |_| {
        report.with(|r| {
            let mut v: Vec<Issue> = r.issues.clone();
            v.sort_by_key(|i| match i.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            });
            v
        })
    });
    // The live region is always there; only its content changes (so the change is announced).
    let content = move || {
        let list = issues.get();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|i| {
                    let (class, label) = match i.severity {
                        Severity::Error => ("error", t("energy.severity_error")),
                        Severity::Warning => ("warning", t("energy.severity_warning")),
                        Severity::Info => ("info", t("energy.severity_info")),
                    };
                    let target = path_ref(&i.path).to_string();
                    let linkable = ctx().bank().question(&target).is_some();
                    let href = format!("#q-{target}");
                    view! {
                        <li class=format!("ofem-issue {class}") data-issue=i.code.clone() data-path=i.path.clone()>
                            <strong>{label}</strong>
                            " "
                            {issue_text(&i)}
                            {linkable
                                .then(|| {
                                    view! {
                                        " "
                                        <a
                                            href=href
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                goto_question(&target);
                                            }
                                        >
                                            {t("energy.issue_goto")}
                                        </a>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="ofem-energy-issues">
                    <h4>{t("energy.issues")}</h4>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    view! { <div role="status">{content}</div> }
}

/// One headline figure: the value in the summary, how it was computed inside.
#[component]
fn Figure(
    /// The `energy` field it shows (`data-energy`), for tests and portals.
    field: &'static str,
    label: String,
    /// `None`: the figure could not be computed (`text` then says what it needs).
    value: Signal<Option<f64>>,
    text: Signal<String>,
    /// Some input was left out (an error message is listed): the figure is a lower bound.
    incomplete: Signal<bool>,
    /// A note shown beside the value (e.g. that the world-average grid factor was used).
    #[prop(optional)]
    badge: Option<Signal<Option<String>>>,
    children: Children,
) -> impl IntoView {
    // Only beside a number: an absent figure has no factor to qualify.
    let badge = move || {
        badge
            .and_then(|b| b.get())
            .filter(|_| value.get().is_some())
    };
    view! {
        <details
            class="ofem-figure"
            data-energy=field
            data-value=move || value.get().map(|v| v.to_string())
            data-missing=move || value.get().is_none().then_some("")
            data-incomplete=move || (value.get().is_some() && incomplete.get()).then_some("")
        >
            <summary>
                <span class="label">{label}</span>
                " "
                <span class="value">{text}</span>
                {move || badge().map(|b| view! { " " <span class="ofem-figure-badge" data-badge="grid_fallback">{b}</span> })}
                <Show when=move || value.get().is_some() && incomplete.get()>
                    <span class="ofem-incomplete">{t("energy.incomplete")}</span>
                </Show>
            </summary>
            <div class="ofem-figure-body">{children()}</div>
        </details>
    }
}

/// What an absent Scope 2 figure waits for, in the user's words ("needs the country").
fn needs_text(r: &EnergyReport) -> String {
    let needs: Vec<String> = r
        .scope2_needs
        .iter()
        .map(|n| match n.as_str() {
            "country" => t("energy.needs_country"),
            _ => t("energy.needs_credits_sold"),
        })
        .collect();
    needs.join("; ")
}

/// Lines of the report that carry a Scope 1 or Scope 2 factor, as "source: factor" items.
fn factor_items(
    r: &EnergyReport,
    pick: impl Fn(&crate::core::ghg::SourceLine) -> Option<(&FactorUsed, f64)>,
) -> Vec<(String, String, String)> {
    let bank = ctx().bank();
    r.lines
        .iter()
        .filter_map(|l| {
            pick(l).map(|(f, kg)| {
                (
                    source_label(&bank, l.use_kind, &l.source),
                    factor_text(f),
                    tonnes(kg / 1000.0),
                )
            })
        })
        .collect()
}

fn factor_list(items: Vec<(String, String, String)>) -> impl IntoView {
    let items = items
        .into_iter()
        .map(|(source, factor, t)| {
            view! {
                <li>
                    <strong>{source}</strong>
                    ": "
                    {t}
                    <br />
                    <span class="ofem-factor">{factor}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="ofem-factors">{items}</ul> }
}

#[component]
fn Figures(report: Memo<EnergyReport>) -> impl IntoView {
    let c = ctx();
    let f =
        move |get: fn(&EnergyReport) -> f64| Signal::derive(move || report.with(|r| Some(get(r))));
    let maybe =
        move |get: fn(&EnergyReport) -> Option<f64>| Signal::derive(move || report.with(get));
    let total = f(|r| r.total_mj);
    let share = maybe(|r| r.renewable_share);
    let physical = maybe(|r| r.physical_renewable_share);
    let s1 = f(|r| r.scope1_t);
    let s2l = maybe(|r| r.scope2_location_t);
    let s2m = maybe(|r| r.scope2_market_t);
    let bio = f(|r| r.biogenic_co2_t);
    // An absent figure says what it waits for; a share of no energy is just "–".
    let scope2_text = move |v: Signal<Option<f64>>| {
        Signal::derive(move || match v.get() {
            Some(t) => tonnes(t),
            None => report.with(needs_text),
        })
    };
    let share_text = move |v: Signal<Option<f64>>| {
        Signal::derive(move || v.get().map_or_else(|| t("energy.no_share"), pct))
    };
    // The world average stands in for a missing national factor: say so beside the figure.
    let fallback_badge = Signal::derive(move || {
        report.with(|r| {
            r.grid_factor_is_fallback
                .then(|| t("energy.grid_fallback_badge"))
        })
    });
    // Left-out inputs: a missing or unknown country, or the unknown fate of onsite certificates,
    // only stops Scope 2 (then absent); any other error leaves some energy (and emissions) out.
    let scope2_only = [
        "missing_country",
        "invalid_country",
        "scope2_not_computed",
        "onsite_credits_sold_unknown",
    ];
    let inc = Signal::derive(move || {
        report.with(|r| {
            r.issues
                .iter()
                .any(|i| i.severity == Severity::Error && !scope2_only.contains(&i.code.as_str()))
        })
    });

    let total_body = move || {
        report.with(|r| {
            let types = r
                .mj_by_facility_type
                .iter()
                .map(|(id, v)| {
                    let label = option_label(&ctx().bank(), "sipfacilitytype", id);
                    view! { <li>{label} ": " {mj(*v)}</li> }
                })
                .collect_view();
            view! {
                <dl class="ofem-energy-split">
                    <dt>{t("energy.facility")}</dt>
                    <dd data-energy="facility_mj">{mj(r.facility_mj)}</dd>
                    <dt>{t("energy.vehicles")}</dt>
                    <dd data-energy="vehicle_mj">{mj(r.vehicle_mj)}</dd>
                    <dt>{t("energy.domestic")}</dt>
                    <dd data-energy="domestic_mj">{mj(r.domestic_mj)}</dd>
                    <dt>{t("energy.production")}</dt>
                    <dd data-energy="production_mj">{mj(r.production_mj)}</dd>
                </dl>
                {(!r.mj_by_facility_type.is_empty())
                    .then(|| {
                        view! {
                            <p>{t("energy.by_facility_type")}</p>
                            <ul>{types}</ul>
                        }
                    })}
                <p class="ofem-help-text">{tf("energy.factors_version", &[("version", &r.factors_version)])}</p>
            }
        })
    };
    let share_body = move || {
        report.with(|r| {
            let e = &r.electricity;
            let kwh = |n: f64| tf("energy.kwh", &[("value", &number(n, 0))]);
            view! {
                <p>
                    {tf(
                        "energy.renewable_explain",
                        &[("renewable", &mj(r.renewable_mj)), ("total", &mj(r.total_mj))],
                    )}
                </p>
                <dl class="ofem-energy-split">
                    <dt>{t("energy.renewable_claimed")}</dt>
                    <dd data-energy="renewable_claimed_kwh">{kwh(e.renewable_claimed_kwh)}</dd>
                    <dt>{t("energy.renewable_claimed_ppa")}</dt>
                    <dd>{kwh(e.purchased_renewables_owned_kwh)}</dd>
                    <dt>{t("energy.renewable_claimed_onsite")}</dt>
                    <dd>{kwh(e.onsite_credits_kept_kwh)}</dd>
                    <dt>{t("energy.renewable_claimed_eacs")}</dt>
                    <dd>{kwh(e.eac_kwh_applied)}</dd>
                    <dt>{t("energy.renewable_unclaimed")}</dt>
                    <dd data-energy="renewable_unclaimed_kwh">{kwh(e.renewable_unclaimed_kwh)}</dd>
                </dl>
                <p class="ofem-help-text">{t("energy.renewable_rule")}</p>
            }
        })
    };
    let physical_body = move || {
        report.with(|r| {
            tf(
                "energy.renewable_physical_explain",
                &[
                    ("renewable", &mj(r.physical_renewable_mj)),
                    ("total", &mj(r.total_mj)),
                    (
                        "onsite",
                        &tf(
                            "energy.kwh",
                            &[("value", &number(r.electricity.onsite_renewables_kwh, 0))],
                        ),
                    ),
                ],
            )
        })
    };
    let s1_body = move || {
        report.with(|r| {
            let refrigerants = r
                .refrigerant_lines
                .iter()
                .map(|l| {
                    view! {
                        <li>
                            <strong>{l.refrigerant.clone()}</strong>
                            ": "
                            {tf("energy.refrigerant", &[("kg", &number(l.kg, 2)), ("t", &tonnes(l.t_co2e))])}
                            <br />
                            <span class="ofem-factor">{factor_text(&l.gwp)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p>
                    {tf(
                        "energy.scope1_split",
                        &[
                            ("fuels", &tonnes(r.scope1_fuels_t)),
                            ("vehicles", &tonnes(r.scope1_vehicles_t)),
                            ("refrigerants", &tonnes(r.scope1_refrigerants_t)),
                        ],
                    )}
                </p>
                {factor_list(
                    factor_items(
                        r,
                        |l| l.emission_factor.as_ref().filter(|_| l.scope1_kg != 0.0).map(|f| (f, l.scope1_kg)),
                    ),
                )}
                <ul class="ofem-factors">{refrigerants}</ul>
                <p class="ofem-help-text">{tf("energy.gwp", &[("source", &r.gwp_source)])}</p>
            }
        })
    };
    let s2l_body = move || {
        report.with(|r| {
            let grid = match (&r.grid_factor, r.grid_factor_is_fallback) {
                (Some(g), false) => tf(
                    "energy.grid",
                    &[
                        ("country", &r.country.clone().unwrap_or_default()),
                        ("factor", &factor_text(g)),
                    ],
                ),
                (Some(g), true) => tf("energy.grid_fallback", &[("factor", &factor_text(g))]),
                (None, _) => t("energy.grid_none"),
            };
            view! {
                <p data-energy="grid_factor">{grid}</p>
                {factor_list(
                    factor_items(
                        r,
                        |l| {
                            let kg = l.scope2_location_kg.filter(|kg| *kg != 0.0)?;
                            l.emission_factor.as_ref().map(|f| (f, kg))
                        },
                    ),
                )}
            }
        })
    };
    let s2m_body = move || {
        report.with(|r| {
            let e = &r.electricity;
            let kwh = |n: f64| tf("energy.kwh", &[("value", &number(n, 0))]);
            view! {
                <dl class="ofem-energy-split">
                    <dt>{t("energy.purchased_electricity")}</dt>
                    <dd>{kwh(e.purchased_electricity_kwh)}</dd>
                    <dt>{t("energy.purchased_renewables")}</dt>
                    <dd>{kwh(e.purchased_renewables_kwh)}</dd>
                    <dt>{t("energy.onsite_renewables")}</dt>
                    <dd>{kwh(e.onsite_renewables_kwh)}</dd>
                    <dt>{t("energy.eacs")}</dt>
                    <dd>
                        {tf(
                            "energy.eacs_applied",
                            &[("applied", &kwh(e.eac_kwh_applied)), ("reported", &kwh(e.eac_kwh_reported))],
                        )}
                    </dd>
                    <dt>{t("energy.market_emitting")}</dt>
                    <dd>{kwh(e.market_emitting_kwh)}</dd>
                </dl>
                {factor_list(
                    factor_items(
                        r,
                        |l| {
                            let kg = l.scope2_market_kg.filter(|kg| *kg != 0.0)?;
                            l.market_factor.as_ref().or(l.emission_factor.as_ref()).map(|f| (f, kg))
                        },
                    ),
                )}
            }
        })
    };
    // Per unit of production: a figure like the others once the volume is known (it stays the
    // same element while quantities change, so an opened one stays open).
    let has_intensity = move || report.with(|r| r.intensity.is_some());
    let per_unit = move |get: fn(&Intensity) -> f64| {
        Signal::derive(move || report.with(|r| r.intensity.as_ref().map(get)))
    };
    let i_mj = per_unit(|i| i.mj_per_unit);
    let intensity_body = move || {
        report.with(|r| {
            r.intensity.as_ref().map(|i| {
                let unit = i.unit.as_deref().map(|u| production_unit_label(&c.bank(), u));
                let kg = |v: f64| match &unit {
                    Some(u) => tf("energy.kg_per_named_unit", &[("value", &sig3(v)), ("unit", u)]),
                    None => tf("energy.kg_per_unit", &[("value", &sig3(v))]),
                };
                // Scope 1 and 2 per unit waits for Scope 2 like the figure itself.
                let kg_or_needs = |v: Option<f64>| v.map_or_else(|| needs_text(r), kg);
                let volume = number(i.production_volume, 2);
                let volume_text = match &unit {
                    Some(u) => tf("energy.production_volume_unit", &[("volume", &volume), ("unit", u)]),
                    None => tf("energy.production_volume", &[("volume", &volume)]),
                };
                view! {
                    <dl class="ofem-energy-split">
                        <dt>{t("energy.scope1")}</dt>
                        <dd data-energy="scope1_kg_per_unit" data-value=i.scope1_kg_per_unit.to_string()>
                            {kg(i.scope1_kg_per_unit)}
                        </dd>
                        <dt>{t("energy.scope12_location")}</dt>
                        <dd data-energy="scope12_location_kg_per_unit" data-value=i.scope12_location_kg_per_unit.map(|v| v.to_string())>
                            {kg_or_needs(i.scope12_location_kg_per_unit)}
                        </dd>
                        <dt>{t("energy.scope12_market")}</dt>
                        <dd data-energy="scope12_market_kg_per_unit" data-value=i.scope12_market_kg_per_unit.map(|v| v.to_string())>
                            {kg_or_needs(i.scope12_market_kg_per_unit)}
                        </dd>
                    </dl>
                    <p class="ofem-help-text">{volume_text}</p>
                }
            })
        })
    };
    let intensity = view! {
        <Show
            when=has_intensity
            fallback=|| {
                view! {
                    <p class="ofem-figure" data-energy="intensity">
                        <span class="label">{t("energy.intensity")}</span>
                        " "
                        <span class="ofem-help-text">{t("energy.intensity_none")}</span>
                    </p>
                }
            }
        >
            <Figure
                field="intensity"
                label=t("energy.intensity")
                value=i_mj
                incomplete=inc
                text=Signal::derive(move || {
                    let value = sig3(i_mj.get().unwrap_or(0.0));
                    match report.with(|r| r.intensity.as_ref().and_then(|i| i.unit.clone())) {
                        Some(u) => tf(
                            "energy.mj_per_named_unit",
                            &[("value", &value), ("unit", &production_unit_label(&c.bank(), &u))],
                        ),
                        None => tf("energy.mj_per_unit", &[("value", &value)]),
                    }
                })
            >
                {intensity_body}
            </Figure>
        </Show>
    };

    view! {
        <div class="ofem-figures">
            <Figure field="total_mj" label=t("energy.total") value=total incomplete=inc text=Signal::derive(move || mj(total.get().unwrap_or(0.0)))>
                {total_body}
            </Figure>
            <Figure field="renewable_share" label=t("energy.renewable") value=share incomplete=inc text=share_text(share)>
                {share_body}
            </Figure>
            <Figure field="physical_renewable_share" label=t("energy.renewable_physical") value=physical incomplete=inc text=share_text(physical)>
                <p>{physical_body}</p>
            </Figure>
            <Figure field="scope1_t" label=t("energy.scope1") value=s1 incomplete=inc text=Signal::derive(move || tonnes(s1.get().unwrap_or(0.0)))>
                {s1_body}
            </Figure>
            <Figure field="scope2_location_t" label=t("energy.scope2_location") value=s2l incomplete=inc text=scope2_text(s2l) badge=fallback_badge>
                <p class="ofem-help-text">{t("energy.scope2_location_explain")}</p>
                {s2l_body}
            </Figure>
            <Figure field="scope2_market_t" label=t("energy.scope2_market") value=s2m incomplete=inc text=scope2_text(s2m) badge=fallback_badge>
                <p class="ofem-help-text">{t("energy.scope2_market_explain")}</p>
                {s2m_body}
            </Figure>
            <Figure field="biogenic_co2_t" label=t("energy.biogenic") value=bio incomplete=inc text=Signal::derive(move || tonnes(bio.get().unwrap_or(0.0)))>
                <p class="ofem-help-text">{t("energy.biogenic_explain")}</p>
            </Figure>
            {intensity}
        </div>
    }
}

/// MJ per source as horizontal SVG bars. Its title and description say what it shows; the table
/// below gives the same figures to screen readers and keyboard users.
#[component]
fn Chart(rows: Memo<Vec<Bar>>) -> impl IntoView {
    let height = move || rows.with(|r| (r.len().max(1) as f64) * (ROW_H + ROW_GAP));
    let bars = move || {
        rows.with(|rows| {
            let max = rows.iter().map(|b| b.mj).fold(0.0, f64::max);
            let span = CHART_W - LABEL_W - VALUE_W;
            rows.iter()
                .enumerate()
                .map(|(i, b)| {
                    let y = i as f64 * (ROW_H + ROW_GAP);
                    let w = if max > 0.0 { (b.mj.max(0.0) / max) * span } else { 0.0 };
                    let label: String = if b.label.chars().count() > 24 {
                        b.label.chars().take(23).chain(['…']).collect()
                    } else {
                        b.label.clone()
                    };
                    view! {
                        <g data-bar=b.key.clone() data-value=b.mj.to_string()>
                            <text x="0" y=y + ROW_H * 0.72>{label}</text>
                            <rect class="track" x=LABEL_W y=y width=span height=ROW_H rx="3" />
                            <rect class="bar" x=LABEL_W y=y width=w height=ROW_H rx="3" />
                            <text x=CHART_W - VALUE_W + 4.0 y=y + ROW_H * 0.72>{number(b.mj, 0)}</text>
                        </g>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <svg
            class="ofem-energy-chart"
            role="img"
            aria-labelledby="ofem-energy-chart-title ofem-energy-chart-desc"
            viewBox=move || format!("0 0 {CHART_W} {}", height())
            preserveAspectRatio="xMinYMin meet"
        >
            <title id="ofem-energy-chart-title">{t("energy.chart_title")}</title>
            <desc id="ofem-energy-chart-desc">{t("energy.chart_desc")}</desc>
            {bars}
        </svg>
    }
}

/// The per-source figures as a table: quantity, MJ, share, and the conversion used.
#[component]
fn SourceTable(report: Memo<EnergyReport>) -> impl IntoView {
    let body = move || {
        report.with(|r| {
            let bank = ctx().bank();
            r.lines
                .iter()
                .map(|l| {
                    let share = if r.total_mj > 0.0 {
                        l.mj / r.total_mj
                    } else {
                        0.0
                    };
                    let notes = l
                        .notes
                        .iter()
                        .map(|n| view! { <li>{n.clone()}</li> })
                        .collect_view();
                    view! {
                        <tr data-line=l.path.clone()>
                            <th scope="row">{source_label(&bank, l.use_kind, &l.source)}</th>
                            <td>{number(l.quantity, 2)} " " {unit_label(&bank, &l.unit)}</td>
                            <td class="num" data-value=l.mj.to_string()>{number(l.mj, 0)}</td>
                            <td class="num">{pct(share)}</td>
                            <td>
                                <details class="ofem-factor-details">
                                    <summary>{t("energy.how")}</summary>
                                    <p class="ofem-factor">{factor_text(&l.energy_factor)}</p>
                                    <ul>{notes}</ul>
                                </details>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="ofem-table-wrap" tabindex="0" role="region" aria-label=t("energy.table_caption")>
            <table class="ofem-table ofem-energy-table">
                <caption>{t("energy.table_caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t("energy.col_source")}</th>
                        <th scope="col">{t("energy.col_quantity")}</th>
                        <th scope="col">{t("energy.col_mj")}</th>
                        <th scope="col">{t("energy.col_share")}</th>
                        <th scope="col">{t("energy.col_factor")}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// The production unit's label from the bank (`pieces` → "pieces", localised with the bank).
fn production_unit_label(bank: &Bank, unit: &str) -> String {
    column_option_label(
        bank,
        "sipfacilityannualprodvol",
        "sipfacilityannualprodvolunits",
        unit,
    )
}

/// A unit's label from the tracking table's unit column (`kwh` → "kWh"); the id otherwise.
fn unit_label(bank: &Bank, unit: &str) -> String {
    column_option_label(bank, "ensourcetracktable", "unit", unit)
}

/// The label of an option of a table column in the bank; the option id when there is none.
fn column_option_label(bank: &Bank, table: &str, column: &str, option: &str) -> String {
    bank.question(table)
        .and_then(|q| match &q.answer {
            AnswerSpec::Table { columns, .. } => columns.iter().find(|c| c.id == column),
            _ => None,
        })
        .and_then(|c| match &c.answer {
            AnswerSpec::Single { options } => options.iter().find(|o| o.id == option),
            _ => None,
        })
        .map_or_else(|| option.to_string(), |o| o.label.clone())
}
