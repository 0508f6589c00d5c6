//! The verification estimate: how many verifier person-days a FEM verification of the site is
//! likely to take, from the site's answers and two inputs the FEM does not ask (site area in m²,
//! and whether wastewater is treated on site when the answers do not say). Each figure names
//! where it comes from (`docs/verification-estimate.md`).
//!
//! Two sources, shown side by side:
//! - a verification body's table (seed 001): person-days by site area × chemical use;
//! - published guidance: a core verification takes 2 person-days, up to about 3 onsite where a
//!   wastewater treatment plant is on site.

use serde::Serialize;
use serde_json::Value;

use super::answers::Answers;

/// The question whose answer says whether chemicals are used in production.
pub const CHEMICALS_QUESTION: &str = "chemapplicability";
/// Its option meaning "in production processes".
pub const CHEMICALS_IN_PRODUCTION: &str = "production";
/// The wastewater pathways question, and its options that mean treatment on site.
pub const WASTEWATER_QUESTION: &str = "wwapplicability";
const WASTEWATER_ON_SITE: [&str; 3] = ["onsite_industrial", "onsite_domestic", "zld"];
/// Site Information: onsite water treatment, and which types (wastewater ones below).
pub const TREATMENT_USED_QUESTION: &str = "sipfreshwaterpretreatused";
pub const TREATMENT_TYPES_QUESTION: &str = "sipfreshwaterpretreattypes";
const WASTEWATER_TREATMENT_TYPES: [&str; 4] = ["primary", "secondary", "tertiary", "advanced_zld"];

/// The columns of the sheet's table. The sheet writes areas to the nearest 1,000 m²
/// (≤ 20,000 / 21,000–60,000 / > 61,000) and leaves 20,001–20,999 and 60,001–60,999 out; each
/// upper bound is taken as inclusive and anything above it as the next band, so a site of
/// 20,500 m² is in the middle band and one of 60,500 m² in the large band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaBand {
    /// ≤ 20,000 m²
    UpTo20k,
    /// 20,001–60,000 m² (the sheet: 21,000–60,000)
    From21kTo60k,
    /// > 60,000 m² (the sheet: > 61,000)
    Over61k,
}

impl AreaBand {
    /// The band of a site area in m²; None for an area that is not a positive number.
    pub fn of(area_m2: f64) -> Option<AreaBand> {
        if !area_m2.is_finite() || area_m2 <= 0.0 {
            None
        } else if area_m2 <= 20_000.0 {
            Some(AreaBand::UpTo20k)
        } else if area_m2 <= 60_000.0 {
            Some(AreaBand::From21kTo60k)
        } else {
            Some(AreaBand::Over61k)
        }
    }

    /// True for an area the sheet does not list (20,001–20,999 or 60,001–60,999 m²), counted
    /// with the next band.
    pub fn in_sheet_gap(area_m2: f64) -> bool {
        (area_m2 > 20_000.0 && area_m2 < 21_000.0) || (area_m2 > 60_000.0 && area_m2 < 61_000.0)
    }
}

/// A number of person-days, or a range of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Days {
    pub min: u8,
    pub max: u8,
}

impl Days {
    const fn range(min: u8, max: u8) -> Days {
        Days { min, max }
    }

    /// "2" or "1–2".
    pub fn text(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}–{}", self.min, self.max)
        }
    }
}

/// The verification body's table (seed 001): person-days by area band and chemical use in
/// production.
pub fn table_days(band: AreaBand, chemicals_in_production: bool) -> Days {
    match (band, chemicals_in_production) {
        (AreaBand::UpTo20k, false) => Days::range(1, 2),
        (AreaBand::UpTo20k, true) => Days::range(2, 2),
        (AreaBand::From21kTo60k, _) => Days::range(2, 2),
        (AreaBand::Over61k, false) => Days::range(2, 2),
        (AreaBand::Over61k, true) => Days::range(2, 3),
    }
}

/// Where a fact of the estimate comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "ref")]
pub enum Source {
    /// The answer to this question (Ref ID).
    Answer(&'static str),
    /// What the person entered in the estimate.
    Input,
    /// Not known yet.
    Unknown,
}

/// The estimate with the facts it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub area_m2: Option<f64>,
    pub band: Option<AreaBand>,
    /// The area falls in a gap of the sheet (see [`AreaBand`]).
    pub in_sheet_gap: bool,
    pub chemicals_in_production: Option<bool>,
    pub chemicals_from: Source,
    pub wastewater_on_site: Option<bool>,
    pub wastewater_from: Source,
    /// The sheet's figure: None until the area is known. While chemical use is unknown, the
    /// range covering both rows of the column.
    pub table: Option<Days>,
    /// The guidance: 2, or 2–3 where wastewater is (or may be) treated on site.
    pub guidance: Days,
    /// What to plan for: the larger of the two figures (the guidance alone until the area is
    /// known).
    pub plan: Days,
}

/// The estimate from the answers, the site area (m²) and, when the answers do not say, whether
/// wastewater is treated on site. The answers win over the input where they say it.
pub fn estimate(
    answers: &Answers,
    area_m2: Option<f64>,
    wastewater_input: Option<bool>,
) -> Estimate {
    let (chemicals_in_production, chemicals_from) = chemicals(answers);
    let (wastewater_on_site, wastewater_from) = match wastewater_from_answers(answers) {
        Some((known, from)) => (Some(known), Source::Answer(from)),
        None => match wastewater_input {
            Some(known) => (Some(known), Source::Input),
            None => (None, Source::Unknown),
        },
    };
    let area_m2 = area_m2.filter(|a| AreaBand::of(*a).is_some());
    let band = area_m2.and_then(AreaBand::of);
    let table = band.map(|band| match chemicals_in_production {
        Some(chemicals) => table_days(band, chemicals),
        None => {
            let (a, b) = (table_days(band, false), table_days(band, true));
            Days::range(a.min.min(b.min), a.max.max(b.max))
        }
    });
    let guidance = match wastewater_on_site {
        Some(false) => Days::range(2, 2),
        Some(true) | None => Days::range(2, 3),
    };
    let plan = match table {
        Some(t) => Days::range(t.min.max(guidance.min), t.max.max(guidance.max)),
        None => guidance,
    };
    Estimate {
        area_m2,
        band,
        in_sheet_gap: area_m2.is_some_and(AreaBand::in_sheet_gap),
        chemicals_in_production,
        chemicals_from,
        wastewater_on_site,
        wastewater_from,
        table,
        guidance,
        plan,
    }
}

fn chosen<'a>(answers: &'a Answers, id: &str) -> Option<Vec<&'a str>> {
    match answers.get(id)? {
        Value::Array(items) if !items.is_empty() => {
            Some(items.iter().filter_map(Value::as_str).collect())
        }
        _ => None,
    }
}

fn chemicals(answers: &Answers) -> (Option<bool>, Source) {
    match chosen(answers, CHEMICALS_QUESTION) {
        Some(uses) => (
            Some(uses.contains(&CHEMICALS_IN_PRODUCTION)),
            Source::Answer(CHEMICALS_QUESTION),
        ),
        None => (None, Source::Unknown),
    }
}

/// Whether the answers say wastewater is treated on site: the Wastewater pathways first, then
/// the Site Information treatment types, then "no onsite water treatment".
fn wastewater_from_answers(answers: &Answers) -> Option<(bool, &'static str)> {
    if let Some(paths) = chosen(answers, WASTEWATER_QUESTION) {
        let on_site = paths.iter().any(|p| WASTEWATER_ON_SITE.contains(p));
        return Some((on_site, WASTEWATER_QUESTION));
    }
    if chosen(answers, TREATMENT_TYPES_QUESTION)
        .is_some_and(|types| types.iter().any(|t| WASTEWATER_TREATMENT_TYPES.contains(t)))
    {
        return Some((true, TREATMENT_TYPES_QUESTION));
    }
    if answers.get(TREATMENT_USED_QUESTION).and_then(Value::as_str) == Some("no") {
        return Some((false, TREATMENT_USED_QUESTION));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_edges() {
        assert_eq!(AreaBand::of(20_000.0), Some(AreaBand::UpTo20k));
        assert_eq!(AreaBand::of(20_000.5), Some(AreaBand::From21kTo60k));
        assert_eq!(AreaBand::of(60_000.0), Some(AreaBand::From21kTo60k));
        assert_eq!(AreaBand::of(60_001.0), Some(AreaBand::Over61k));
        assert_eq!(AreaBand::of(0.0), None);
        assert_eq!(AreaBand::of(f64::NAN), None);
        assert!(AreaBand::in_sheet_gap(20_500.0) && AreaBand::in_sheet_gap(60_999.0));
        assert!(!AreaBand::in_sheet_gap(21_000.0) && !AreaBand::in_sheet_gap(20_000.0));
    }
}
