//! Data checks before posting: figures that are allowed but probably wrong (the mistakes
//! verifiers find most often). Never blocking, never changing a score; each is explained and
//! may be dismissed with a note (`Dismissal`, kept in the draft and the export). The clock is
//! the shell's: `today` is passed in. Rules, thresholds and their sources: `docs/data-checks.md`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::answers::Answers;
pub use super::answers::{Dismissal, Dismissals};
use super::bank::{AnswerSpec, Bank};
use super::entry::Date;
use super::message::{Arg, Message};
use super::score_document::energy;

/// A check that fires on the current answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataCheck {
    /// Which check (`docs/data-checks.md`): "operating_days", "energy_intensity", …
    pub check: &'static str,
    /// The question to correct (the widget links to it).
    pub question: &'static str,
    /// The table row concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// Stable key of this check on this question and row: what a dismissal is kept under.
    pub key: String,
    /// What looks wrong and what to do, translatable (`datacheck.<check>`).
    #[serde(serialize_with = "english")]
    pub message: Message,
}

fn english<S: serde::Serializer>(m: &Message, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&message_english(m))
}

/// The English of each check's message. The widget's locale files have the same keys.
pub const DATA_CHECK_MESSAGES: &[(&str, &str)] = &[
    ("datacheck.operating_days", "{days} operating days means production or shipping on every day of the year, public holidays and weekly rest days included. Count only the days the facility really operated (a day with less than half the usual hours or workers counts as 0.5)."),
    ("datacheck.energy_intensity", "Production energy of {value} MJ per unit of production ({unit}) is far outside the usual range for this facility type (outliers above {high} MJ per unit): check the energy quantities, their units and the production volume."),
    ("datacheck.water_intensity", "Production water of {value} litres per unit of production ({unit}) is far outside the usual range for this facility type (outliers above {high} L per unit): check the water volumes (m³, not litres) and the production volume."),
    ("datacheck.electricity_unit", "Electricity entered in {unit}: meters and bills count electricity in kWh. If this is the figure from the bill, choose kWh (a kWh figure entered as MJ counts 3.6 times too little)."),
    ("datacheck.water_magnitude", "{value} m³ of water per worker per operating day is more than any site uses: was the volume entered in litres rather than cubic metres (1 m³ = 1,000 L)?"),
    ("datacheck.no_quantity", "This source is marked as tracked but has no quantity: enter the quantity from the meter readings or invoices, or mark it as not tracked."),
    ("datacheck.shares_over_100", "These shares of one whole add up to {sum}%, more than 100%: correct them so that they add up to 100% at most."),
    ("datacheck.wastewater_over_intake", "Wastewater discharged ({out} m³) is more than the water taken in ({in} m³): check both volumes and their units (rainwater or stormwater sent to the drain counts as water taken in only if it is recorded as a source)."),
    ("datacheck.future_year", "The year {year} has not started yet (today is in {today}): a baseline, audit or training year must be in the past."),
    ("datacheck.baseline_after_reporting", "A baseline year of {year} is after the reporting year {reporting}: a baseline is the earlier year the reporting year is compared with."),
];

/// A message's English (the CLI and exports).
pub fn message_english(m: &Message) -> String {
    let template = DATA_CHECK_MESSAGES
        .iter()
        .find(|(k, _)| *k == m.key)
        .map_or(m.key, |(_, t)| t);
    m.fill(template, Arg::english)
}

/// Upper outlier thresholds per production unit by facility type: energy in MJ and water in
/// litres (Worldly's outlier detection, `docs/data-checks.md`).
const INTENSITY_HIGH: &[(&str, f64, f64)] = &[
    ("final_assembly", 810.0, 2288.0),
    ("subassembly", 870.0, 1471.0),
    ("material_production", 405.0, 1059.0),
    ("finished_processing", 1755.0, 5642.0),
    ("raw_material_processing", 270.0, 587.0),
    ("raw_material_collection", 270.0, 587.0),
];
/// No source gives a lower bound: a figure below the upper threshold divided by this is
/// flagged (a unit off by a factor of 1,000 or more).
const INTENSITY_LOW_DIVISOR: f64 = 10_000.0;
/// Electricity sources (counted in kWh on meters and bills).
const ELECTRICITY: &[&str] = &[
    "electricpurch",
    "purchrenew",
    "solarphoto",
    "wind",
    "microhydro",
];
/// Units that are not how electricity is metered.
const NOT_ELECTRICITY_UNITS: &[(&str, &str)] = &[
    ("mj", "MJ"),
    ("gj", "GJ"),
    ("therm", "therm"),
    ("mmbtu", "MMBtu"),
];
/// m³ of water per worker per operating day above which litres were probably entered as m³.
const WATER_PER_WORKER_DAY_MAX: f64 = 100.0;
/// Shares of a whole may exceed 100 by rounding (3 × 33.4 = 100.2); above this they do not.
const SHARES_TOLERANCE: f64 = 0.5;

/// Every data check that fires on `answers` for `bank` on `today`, in questionnaire order.
pub fn data_checks(bank: &Bank, answers: &Answers, today: Date) -> Vec<DataCheck> {
    let mut out = Vec::new();
    operating_days(answers, &mut out);
    intensities(bank, answers, &mut out);
    electricity_units(answers, &mut out);
    water_magnitude(answers, &mut out);
    tracked_without_quantity(answers, &mut out);
    shares_over_100(answers, &mut out);
    wastewater_over_intake(answers, &mut out);
    years(bank, answers, today, &mut out);
    out
}

fn push(
    out: &mut Vec<DataCheck>,
    check: &'static str,
    question: &'static str,
    row: Option<&str>,
    args: Vec<(&'static str, Arg)>,
) {
    let key = match row {
        Some(r) => format!("{check}:{question}[{r}]"),
        None => format!("{check}:{question}"),
    };
    let message = Message {
        key: match DATA_CHECK_MESSAGES
            .iter()
            .find(|(k, _)| k.strip_prefix("datacheck.") == Some(check))
        {
            Some((k, _)) => k,
            None => "datacheck.unknown",
        },
        args,
    };
    out.push(DataCheck {
        check,
        question,
        row: row.map(String::from),
        key,
        message,
    });
}

fn number(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64)
}

fn rows<'a>(
    answers: &'a Answers,
    id: &str,
) -> impl Iterator<Item = &'a serde_json::Map<String, Value>> {
    answers
        .get(id)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn row_id(row: &serde_json::Map<String, Value>) -> Option<&str> {
    row.get("row").and_then(Value::as_str)
}

/// Operating days at 365 or 366: every day of the year, which almost no site works.
fn operating_days(answers: &Answers, out: &mut Vec<DataCheck>) {
    if let Some(days) = number(answers.get("sipoperatingdays")).filter(|d| *d >= 365.0) {
        push(
            out,
            "operating_days",
            "sipoperatingdays",
            None,
            vec![("days", Arg::Number(days))],
        );
    }
}

/// Each facility type's production volume, in single units (tonnes as kg, dozens as pieces),
/// with the unit's option id. SAM (minutes) is no unit of product: left out.
fn volumes(answers: &Answers) -> Vec<(String, f64, &'static str)> {
    rows(answers, "sipfacilityannualprodvol")
        .filter_map(|row| {
            let id = row_id(row)?;
            let quantity = number(row.get("sipfacilityannualprodvolquant")).filter(|q| *q > 0.0)?;
            let unit = row.get("sipfacilityannualprodvolunits")?.as_str()?;
            let (factor, unit): (f64, &'static str) = match unit {
                "tonnes" => (1000.0, "kg"),
                "dozens" => (12.0, "pieces"),
                "kg" => (1.0, "kg"),
                "pieces" => (1.0, "pieces"),
                "pairs" => (1.0, "pairs"),
                "m" => (1.0, "m"),
                "m2" => (1.0, "m2"),
                "yards" => (1.0, "yards"),
                "units" => (1.0, "units"),
                _ => return None,
            };
            Some((id.to_string(), quantity * factor, unit))
        })
        .collect()
}

/// Energy (MJ) and water (L) per production unit for each facility type whose share is known:
/// the split by type, or the whole production figure when the site has one type.
fn intensities(bank: &Bank, answers: &Answers, out: &mut Vec<DataCheck>) {
    let volumes = volumes(answers);
    if volumes.is_empty() {
        return;
    }
    let single = volumes.len() == 1;
    let e = energy(bank, answers);
    let water_by_type: BTreeMap<&str, f64> = rows(answers, "wattrackprodbytype")
        .filter_map(|r| Some((row_id(r)?, number(r.get("quantity"))?)))
        .collect();
    let sum = |id: &str| -> Option<f64> {
        let total: f64 = rows(answers, id)
            .filter(|r| r.get("tracked").and_then(Value::as_str) != Some("no"))
            .filter_map(|r| number(r.get("quantity")))
            .sum();
        (total > 0.0).then_some(total)
    };
    let production_water = sum("wattrackprodtable").or_else(|| sum("wattracktotal"));
    for (facility_type, volume, unit) in &volumes {
        let Some(&(_, energy_high, water_high)) =
            INTENSITY_HIGH.iter().find(|(t, _, _)| t == facility_type)
        else {
            continue;
        };
        let mj = e
            .mj_by_facility_type
            .get(facility_type)
            .copied()
            .or_else(|| single.then_some(e.production_mj).filter(|m| *m > 0.0))
            .or_else(|| single.then_some(e.facility_mj).filter(|m| *m > 0.0));
        // The unit as the bank (in the widget's language) names it.
        let unit = unit_label(bank, unit);
        if let Some(mj) = mj.filter(|m| *m > 0.0) {
            flag_intensity(
                out,
                "energy_intensity",
                "ensourcetracktable",
                mj / volume,
                energy_high,
                &unit,
            );
        }
        let m3 = water_by_type
            .get(facility_type.as_str())
            .copied()
            .or_else(|| single.then_some(production_water).flatten());
        if let Some(m3) = m3.filter(|m| *m > 0.0) {
            flag_intensity(
                out,
                "water_intensity",
                "wattracktotal",
                m3 * 1000.0 / volume,
                water_high,
                &unit,
            );
        }
    }
}

fn flag_intensity(
    out: &mut Vec<DataCheck>,
    check: &'static str,
    question: &'static str,
    per_unit: f64,
    high: f64,
    unit: &str,
) {
    if per_unit > high || per_unit < high / INTENSITY_LOW_DIVISOR {
        let shown = (per_unit * 1000.0).round() / 1000.0;
        push(
            out,
            check,
            question,
            None,
            vec![
                ("value", Arg::Number(shown)),
                ("unit", Arg::Text(unit.to_string())),
                ("high", Arg::Number(high)),
            ],
        );
    }
}

/// The label of a production unit option (`pieces`: "pieces"; 件 in Chinese).
fn unit_label(bank: &Bank, id: &str) -> String {
    let column = bank
        .question("sipfacilityannualprodvol")
        .and_then(|q| match &q.answer {
            AnswerSpec::Table { columns, .. } => columns
                .iter()
                .find(|c| c.id == "sipfacilityannualprodvolunits"),
            _ => None,
        });
    match column.map(|c| &c.answer) {
        Some(AnswerSpec::Single { options }) => options
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_string(), |o| o.label.clone()),
        _ => id.to_string(),
    }
}

/// Electricity entered in a unit of heat (MJ, GJ, therm, MMBtu).
fn electricity_units(answers: &Answers, out: &mut Vec<DataCheck>) {
    for row in rows(answers, "ensourcetracktable") {
        let (Some(id), Some(unit)) = (row_id(row), row.get("unit").and_then(Value::as_str)) else {
            continue;
        };
        if !ELECTRICITY.contains(&id) || row.get("tracked").and_then(Value::as_str) == Some("no") {
            continue;
        }
        if let Some((_, name)) = NOT_ELECTRICITY_UNITS.iter().find(|(u, _)| *u == unit) {
            push(
                out,
                "electricity_unit",
                "ensourcetracktable",
                Some(id),
                vec![("unit", Arg::Text(name.to_string()))],
            );
        }
    }
}

/// Water per worker and operating day far above any site's: litres entered as m³.
fn water_magnitude(answers: &Answers, out: &mut Vec<DataCheck>) {
    let workers: f64 = rows(answers, "siptotalnumemployees")
        .filter_map(|r| number(r.get("count")))
        .sum();
    let days = number(answers.get("sipoperatingdays")).unwrap_or(0.0);
    let water: f64 = rows(answers, "wattracktotal")
        .filter(|r| r.get("tracked").and_then(Value::as_str) != Some("no"))
        .filter_map(|r| number(r.get("quantity")))
        .sum();
    if workers <= 0.0 || days <= 0.0 || water <= 0.0 {
        return;
    }
    let per = water / workers / days;
    if per > WATER_PER_WORKER_DAY_MAX {
        let shown = (per * 10.0).round() / 10.0;
        push(
            out,
            "water_magnitude",
            "wattracktotal",
            None,
            vec![("value", Arg::Number(shown))],
        );
    }
}

/// Tables whose rows say a source is tracked, and the cell of its quantity.
const TRACKED_TABLES: &[(&str, &str)] = &[
    ("ensourcetracktable", "quantity"),
    ("ensourcevehicletable", "quantity"),
    ("wattracktotal", "quantity"),
    ("wattrackdomtable", "quantity"),
    ("wattrackprodtable", "quantity"),
    ("wwtrackoptdetail", "volume"),
];

/// A source marked as tracked with no quantity (or zero).
fn tracked_without_quantity(answers: &Answers, out: &mut Vec<DataCheck>) {
    for (table, column) in TRACKED_TABLES {
        for (i, row) in rows(answers, table).enumerate() {
            if row.get("tracked").and_then(Value::as_str) != Some("yes") {
                continue;
            }
            if number(row.get(*column)).is_none_or(|q| q <= 0.0) {
                let name = row_id(row).map_or_else(|| (i + 1).to_string(), String::from);
                push(out, "no_quantity", table, Some(&name), vec![]);
            }
        }
    }
}

/// Tables whose rows share one whole, and the cell of each row's share.
const SHARE_TABLES: &[(&str, &str)] = &[
    ("ensteammixtable", "pct"),
    ("ensourcepurchrenewmixtable", "pct"),
    ("ensourcepurcheacmix", "pct"),
    ("ensourcefacilitytypesplit", "production_pct"),
];

fn shares_over_100(answers: &Answers, out: &mut Vec<DataCheck>) {
    for (table, column) in SHARE_TABLES {
        let sum: f64 = rows(answers, table)
            .filter_map(|r| number(r.get(*column)))
            .sum();
        if sum > 100.0 + SHARES_TOLERANCE {
            let shown = (sum * 100.0).round() / 100.0;
            push(
                out,
                "shares_over_100",
                table,
                None,
                vec![("sum", Arg::Number(shown))],
            );
        }
    }
}

fn wastewater_over_intake(answers: &Answers, out: &mut Vec<DataCheck>) {
    let intake: f64 = rows(answers, "wattracktotal")
        .filter(|r| r.get("tracked").and_then(Value::as_str) != Some("no"))
        .filter_map(|r| number(r.get("quantity")))
        .sum();
    let discharged: f64 = rows(answers, "wwtrackoptdetail")
        .filter_map(|r| number(r.get("volume")))
        .sum();
    if intake > 0.0 && discharged > intake {
        push(
            out,
            "wastewater_over_intake",
            "wwtrackoptdetail",
            None,
            vec![
                ("out", Arg::Number(discharged)),
                ("in", Arg::Number(intake)),
            ],
        );
    }
}

/// Years that must be in the past: baselines, audits, training. `baseline`: compared with the
/// reporting year too. (Target years are in the future by nature: not checked.)
const PAST_YEARS: &[(&str, Option<&str>, bool)] = &[
    ("enghgtargetbaselineyear", None, true),
    ("enbaselinetable", Some("year"), true),
    ("watbaselineeall", Some("year"), true),
    ("wattargetbluetable", Some("baseline_year"), true),
    ("wattargetgreytable", Some("baseline_year"), true),
    ("wstbaselinenhtable", Some("baselineyear"), true),
    ("wstbaselinehtable", Some("baselineyear"), true),
    ("enenergyaudityear", None, false),
    ("sipapprovedtrainingyear", None, false),
];

/// The year the assessment reports on: the first four-digit year in the bank id ("fem-2024").
pub fn reporting_year(bank: &Bank) -> Option<i32> {
    bank.id
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 4)
        .and_then(|part| part.parse().ok())
}

fn years(bank: &Bank, answers: &Answers, today: Date, out: &mut Vec<DataCheck>) {
    let reporting = reporting_year(bank);
    for (question, column, baseline) in PAST_YEARS {
        let found: Vec<(Option<String>, f64)> = match column {
            None => number(answers.get(question))
                .map(|y| (None, y))
                .into_iter()
                .collect(),
            Some(c) => rows(answers, question)
                .enumerate()
                .filter_map(|(i, r)| {
                    let name = row_id(r).map_or_else(|| (i + 1).to_string(), String::from);
                    Some((Some(name), number(r.get(*c))?))
                })
                .collect(),
        };
        for (row, year) in found {
            if year > f64::from(today.year) {
                push(
                    out,
                    "future_year",
                    question,
                    row.as_deref(),
                    vec![
                        ("year", Arg::Number(year)),
                        ("today", Arg::Number(f64::from(today.year))),
                    ],
                );
            } else if let Some(reporting) = reporting.filter(|r| *baseline && year > f64::from(*r))
            {
                push(
                    out,
                    "baseline_after_reporting",
                    question,
                    row.as_deref(),
                    vec![
                        ("year", Arg::Number(year)),
                        ("reporting", Arg::Number(f64::from(reporting))),
                    ],
                );
            }
        }
    }
}
