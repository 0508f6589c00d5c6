//! The verification estimate panel (`core::estimate`, `docs/verification-estimate.md`): the
//! person-days to plan for, each figure with where it comes from. The two inputs the FEM does
//! not ask (site area, wastewater treated on site) are kept per draft in browser storage
//! (`<namespace>:estimate:<draft id>`); they are not answers.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::config::config;
use super::drafts::persist;
use super::i18n::{format_number, locale, message, t, tf};
use super::names::question_number;
use super::state::ctx;
use crate::core::entry::{parse_number, NumberStyle};
use crate::core::estimate::{estimate, AreaBand, Source};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Inputs {
    /// The site area as typed.
    area: String,
    wastewater: Option<bool>,
}

fn storage_key(namespace: &str, draft: &str) -> String {
    format!("{namespace}:estimate:{draft}")
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn band_text(band: AreaBand) -> String {
    t(match band {
        AreaBand::UpTo20k => "estimate.band_small",
        AreaBand::From21kTo60k => "estimate.band_medium",
        AreaBand::Over61k => "estimate.band_large",
    })
}

fn yes_no(v: bool) -> String {
    t(if v { "token.yes" } else { "token.no" })
}

#[component]
pub(crate) fn EstimatePanel() -> impl IntoView {
    let c = ctx();
    let p = persist();
    let namespace = config().namespace.clone();
    let inputs = RwSignal::new(Inputs::default());
    // The open draft's inputs; saved as they change.
    {
        let namespace = namespace.clone();
        Effect::new(move |_| {
            let draft = p.current_id.get();
            let stored = local()
                .and_then(|s| s.get_item(&storage_key(&namespace, &draft)).ok()?)
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            inputs.set(stored);
        });
    }
    let save = move |next: Inputs| {
        if let Some(s) = local() {
            let key = storage_key(&namespace, &p.current_id.get_untracked());
            _ = s.set_item(&key, &serde_json::to_string(&next).unwrap_or_default());
        }
        inputs.set(next);
    };
    let style = NumberStyle::for_locale(locale());
    let area = Memo::new(move |_| {
        inputs.with(|i| match parse_number(&i.area, style) {
            Ok(Some(a)) if a > 0.0 => Ok(Some(a)),
            Ok(Some(_)) => Err(t("estimate.area_positive")),
            Ok(None) => Ok(None),
            Err(m) => Err(message(&m)),
        })
    });
    let result = Memo::new(move |_| {
        let area = area.get().ok().flatten();
        let wastewater = inputs.with(|i| i.wastewater);
        c.answers.with(|a| estimate(a, area, wastewater))
    });
    let source = move |s: &Source| match s {
        Source::Answer(id) => tf(
            "estimate.from_answer",
            &[("question", &question_number(&c.bank(), id))],
        ),
        Source::Input => t("estimate.from_input"),
        Source::Unknown => t("estimate.from_unknown"),
    };
    let save_area = save.clone();
    let on_area = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let mut next = inputs.get_untracked();
        next.area = text;
        save_area(next);
    };
    let set_ww = move |value: bool| {
        let save = save.clone();
        move |_| {
            let mut next = inputs.get_untracked();
            next.wastewater = Some(value);
            save(next);
        }
    };
    let ask_wastewater = move || result.with(|e| !matches!(e.wastewater_from, Source::Answer(_)));
    view! {
        <details class="ofem-estimate" id="ofem-estimate">
            <summary>{t("estimate.title")}</summary>
            <p class="ofem-help-text">{t("estimate.intro")}</p>
            <label for="ofem-estimate-area">{t("estimate.area_label")}</label>
            <input
                type="text"
                inputmode="decimal"
                id="ofem-estimate-area"
                autocomplete="off"
                aria-describedby="ofem-estimate-area-help ofem-estimate-area-error"
                aria-invalid=move || area.with(Result::is_err).to_string()
                prop:value=move || inputs.with(|i| i.area.clone())
                on:change=on_area
            />
            <p class="ofem-help-text" id="ofem-estimate-area-help">{t("estimate.area_help")}</p>
            <p class="ofem-error" id="ofem-estimate-area-error" role="alert">
                {move || area.get().err()}
            </p>
            <Show when=ask_wastewater>
                <fieldset class="ofem-estimate-ww">
                    <legend>{t("estimate.ww_label")}</legend>
                    <label>
                        <input type="radio" name="ofem-estimate-ww" id="ofem-estimate-ww-yes"
                            prop:checked=move || inputs.with(|i| i.wastewater == Some(true))
                            on:change=set_ww(true) />
                        {t("token.yes")}
                    </label>
                    <label>
                        <input type="radio" name="ofem-estimate-ww" id="ofem-estimate-ww-no"
                            prop:checked=move || inputs.with(|i| i.wastewater == Some(false))
                            on:change=set_ww(false) />
                        {t("token.no")}
                    </label>
                </fieldset>
            </Show>
            {move || {
                let e = result.get();
                let days = |d: crate::core::estimate::Days| tf("estimate.days", &[("days", &d.text())]);
                let area_line = match (e.area_m2, e.band) {
                    (Some(a), Some(band)) => tf(
                        "estimate.area_value",
                        &[("area", &format_number(a, 0, 2)), ("band", &band_text(band))],
                    ),
                    _ => t("estimate.area_missing"),
                };
                let chemicals = e.chemicals_in_production.map_or_else(|| t("estimate.unknown"), yes_no);
                let wastewater = e.wastewater_on_site.map_or_else(|| t("estimate.unknown"), yes_no);
                let table = match e.table {
                    Some(d) if e.chemicals_in_production.is_none() => {
                        crate::core::message::sentences(&days(d), &t("estimate.table_both_rows"))
                    }
                    Some(d) => days(d),
                    None => t("estimate.table_needs_area"),
                };
                view! {
                    <dl class="ofem-estimate-figures">
                        <dt>{t("estimate.area_fact")}</dt>
                        <dd data-estimate="area">
                            {if e.in_sheet_gap {
                                crate::core::message::sentences(&area_line, &t("estimate.gap"))
                            } else {
                                area_line
                            }}
                        </dd>
                        <dt>{t("estimate.chemicals_fact")}</dt>
                        <dd data-estimate="chemicals">{chemicals} " " <span class="ofem-source">{source(&e.chemicals_from)}</span></dd>
                        <dt>{t("estimate.ww_fact")}</dt>
                        <dd data-estimate="wastewater">{wastewater} " " <span class="ofem-source">{source(&e.wastewater_from)}</span></dd>
                        <dt>{t("estimate.table_fact")}</dt>
                        <dd data-estimate="table">{table} " " <span class="ofem-source">{t("estimate.table_source")}</span></dd>
                        <dt>{t("estimate.guidance_fact")}</dt>
                        <dd data-estimate="guidance">{days(e.guidance)} " " <span class="ofem-source">{t("estimate.guidance_source")}</span></dd>
                        <dt>{t("estimate.plan_fact")}</dt>
                        <dd data-estimate="plan"><strong>{days(e.plan)}</strong> " " <span class="ofem-source">{t("estimate.plan_source")}</span></dd>
                    </dl>
                }
            }}
            <p class="ofem-help-text">{t("estimate.not_a_quote")}</p>
        </details>
    }
}
