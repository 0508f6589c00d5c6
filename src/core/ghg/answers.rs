//! Adapter from the bank's answers (keyed by Ref ID, see `docs/energy-refs.md`) to [`EnergyInput`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::compute::{compute, facility_use, vehicle_use, BlendTable};
use super::factors::Factors;
use super::model::*;
use crate::core::message::Arg;
use serde_json::Map;

/// Facts from outside the Energy section. Each field left empty is read from the answers:
/// `sitecountry`, `sipfacilityannualprodvol` (summed when all rows share a unit), `airrefrigquant`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerContext {
    /// ISO alpha-2 country of the facility (site section).
    pub country: Option<String>,
    /// Annual production volume (site section).
    pub production_volume: Option<f64>,
    /// Refrigerant leaks (Air section).
    pub refrigerants: Vec<RefrigerantLeak>,
}

type Answers = BTreeMap<String, Value>;

/// Reads answers by Ref ID: the stored map, or, during a rescore, the answers the scoring core
/// has already laid out by position (`rules::Context`), which it looks up by hash instead of
/// searching the map.
pub trait Lookup {
    fn get(&self, id: &str) -> Option<&Value>;
    fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }
}

impl Lookup for Answers {
    fn get(&self, id: &str) -> Option<&Value> {
        BTreeMap::get(self, id)
    }
}

/// A number, or text that reads as one.
fn num(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

fn is_yes<A: Lookup + ?Sized>(a: &A, r: &str) -> bool {
    a.get(r).and_then(text) == Some("yes")
}

fn is_no<A: Lookup + ?Sized>(a: &A, r: &str) -> bool {
    a.get(r).and_then(text) == Some("no")
}

/// Reads a number answer; a present non-number is an issue.
fn number<A: Lookup + ?Sized>(a: &A, r: &str, issues: &mut impl IssueSink) -> Option<f64> {
    let v = a.get(r)?;
    if v.is_null() {
        return None;
    }
    let n = num(v);
    if n.is_none() {
        issues.add(|| {
            Issue::error(
                r,
                "not_a_number",
                format!("'{r}' should be a number, got {v}"),
            )
            .with("value", Arg::Text(v.to_string()))
        });
    }
    n
}

/// A number that only counts when the gate question is "yes".
fn gated<A: Lookup + ?Sized>(
    a: &A,
    gate: &str,
    r: &str,
    issues: &mut impl IssueSink,
) -> Option<f64> {
    if !is_yes(a, gate) {
        return None;
    }
    let n = number(a, r, issues);
    if n.is_none() && !a.contains_key(r) {
        issues.add(|| {
            Issue::warning(
                r,
                "missing_answer",
                format!("'{gate}' is yes but '{r}' is not answered"),
            )
        });
    }
    n
}

/// Blend shares: gate "no" = default (pure fuel), "yes" = the % answer.
fn blends<A: Lookup + ?Sized>(a: &A, issues: &mut impl IssueSink) -> Blends {
    Blends {
        biodiesel_in_diesel_pct: gated(a, "endieselmix", "endieselmixpct", issues),
        biodiesel_in_biodiesel_pct: gated(a, "enbiodieselmix", "enbiodieselmixpct", issues),
        vehicle_biodiesel_in_diesel_pct: gated(a, "endieselvehicle", "endieselvehiclepct", issues),
        vehicle_biodiesel_in_biodiesel_pct: gated(
            a,
            "enbiodieselvehicle",
            "enbiodieselvehiclepct",
            issues,
        ),
        vehicle_ethanol_in_petrol_pct: gated(a, "enpetrolvehicle", "enpetrolvehiclepct", issues),
        vehicle_ethanol_in_ethanol_pct: gated(a, "enethanolvehicle", "enethanolvehiclepct", issues),
    }
}

fn rows<'a, A: Lookup + ?Sized>(
    a: &'a A,
    r: &str,
) -> impl Iterator<Item = (usize, &'a Map<String, Value>)> {
    a.get(r)
        .and_then(Value::as_array)
        .into_iter()
        .flat_map(|list| list.iter())
        .enumerate()
        .filter_map(|(i, v)| v.as_object().map(|o| (i, o)))
}

/// Reads a quantity table row (source id, quantity, unit id): `None` when untracked or empty.
/// A row marked tracked without a quantity is an issue: its energy is unknown, not zero.
fn row_use<'a>(
    table: &str,
    i: usize,
    row: &'a Map<String, Value>,
    issues: &mut impl IssueSink,
) -> Option<(&'a str, f64, &'a str)> {
    let id = row.get("row").and_then(text)?;
    let tracked = row.get("tracked").and_then(text);
    if tracked == Some("no") {
        return None;
    }
    let Some(q) = row.get("quantity").filter(|v| !v.is_null()) else {
        if tracked == Some("yes") {
            issues.add(|| {
                Issue::error(
                    format!("{table}[{i}].quantity"),
                    "missing_quantity",
                    format!("'{id}' is tracked but its quantity is missing; its energy and emissions are left out"),
                )
            });
        }
        return None;
    };
    let Some(q) = num(q) else {
        issues.add(|| {
            Issue::error(
                format!("{table}[{i}].quantity"),
                "not_a_number",
                format!("the quantity of '{id}' should be a number, got {q}"),
            )
            .with("value", Arg::Text(q.to_string()))
        });
        return None;
    };
    let Some(unit) = row.get("unit").and_then(text) else {
        issues.add(|| {
            Issue::error(
                format!("{table}[{i}].unit"),
                "missing_unit",
                format!("the unit of '{id}' is missing; left out"),
            )
        });
        return None;
    };
    Some((id, q, unit))
}

/// The domestic share (%) of an `ensourcetracktable` row, read only when the facility splits
/// domestic and production energy (`ensourcetracksepdomprod`).
fn domestic_pct(
    i: usize,
    row: &Map<String, Value>,
    source: &str,
    split_dom: bool,
    issues: &mut impl IssueSink,
) -> Option<f64> {
    if !split_dom {
        return None;
    }
    let v = row.get("domestic_pct").filter(|v| !v.is_null())?;
    let p = num(v);
    if p.is_none() {
        issues.add(|| {
            Issue::error(
                format!("ensourcetracktable[{i}].domestic_pct"),
                "not_a_number",
                format!("the domestic share of '{source}' should be a number, got {v}"),
            )
            .with("value", Arg::Text(v.to_string()))
        });
    }
    p
}

/// Annual production volume from `sipfacilityannualprodvol` (sum over facility types) and its
/// unit, only when every row uses the same unit.
fn production_volume<'a>(a: &'a Answers, issues: &mut Vec<Issue>) -> Option<(f64, &'a str)> {
    let mut total = 0.0;
    let mut unit: Option<&str> = None;
    let mut any = false;
    for (_, row) in rows(a, "sipfacilityannualprodvol") {
        let Some(q) = row.get("sipfacilityannualprodvolquant").and_then(num) else {
            continue;
        };
        let u = row
            .get("sipfacilityannualprodvolunits")
            .and_then(text)
            .unwrap_or("");
        if unit.is_some_and(|x| x != u) {
            issues.push(Issue::warning(
                "sipfacilityannualprodvol",
                "mixed_production_units",
                "the facility types report production in different units: no intensity per unit is computed",
            ));
            return None;
        }
        unit = Some(u);
        total += q;
        any = true;
    }
    any.then_some((total, unit.unwrap_or("")))
}

/// Refrigerant leaks from the Air section table `airrefrigquant` (row = refrigerant id, `leak` kg).
/// A row without a leak quantity is left out with a warning (unknown, not zero).
fn refrigerants(a: &Answers, issues: &mut Vec<Issue>) -> Vec<RefrigerantLeak> {
    rows(a, "airrefrigquant")
        .filter_map(|(i, row)| {
            let id = row.get("row").and_then(text)?;
            let Some(kg) = row.get("leak").and_then(num) else {
                issues.push(Issue::warning(
                    format!("airrefrigquant[{i}].leak"),
                    "missing_refrigerant_quantity",
                    format!("no leak quantity for refrigerant '{id}': left out of Scope 1"),
                ));
                return None;
            };
            let name = if id == "other" {
                row.get("name").and_then(text).unwrap_or(id)
            } else {
                id
            };
            Some(RefrigerantLeak {
                refrigerant: name.to_string(),
                kg,
                gwp: row.get("gwp").and_then(num),
                path: Some(format!("airrefrigquant[{i}]")),
            })
        })
        .collect()
}

/// Builds the calculator input from answers keyed by Ref ID. Issues are about answers that could
/// not be read (wrong type, missing follow-up); `compute` adds its own.
pub fn from_answers(answers: &Answers, ctx: &AnswerContext) -> (EnergyInput, Vec<Issue>) {
    let a = answers;
    let mut issues = Vec::new();
    let split_dom = is_yes(a, "ensourcetracksepdomprod");
    // A volume given by the caller has no unit; one read from the answers carries its own.
    let (production_volume, production_unit) = match ctx.production_volume {
        Some(v) => (Some(v), None),
        None => match production_volume(a, &mut issues) {
            Some((v, u)) => (Some(v), (!u.is_empty()).then(|| u.to_string())),
            None => (None, None),
        },
    };
    let mut input = EnergyInput {
        country: ctx.country.clone().or_else(|| {
            a.get("sitecountry")
                .and_then(Value::as_str)
                .map(str::to_string)
        }),
        production_volume,
        production_unit,
        refrigerants: if ctx.refrigerants.is_empty() {
            refrigerants(a, &mut issues)
        } else {
            ctx.refrigerants.clone()
        },
        ..Default::default()
    };
    for (i, row) in rows(a, "ensourcetracktable") {
        if let Some((source, quantity, unit)) = row_use("ensourcetracktable", i, row, &mut issues) {
            let domestic_pct = domestic_pct(i, row, source, split_dom, &mut issues);
            input.sources.push(SourceUse {
                source: source.to_string(),
                quantity,
                unit: unit.to_string(),
                domestic_pct,
                facility_type: None,
                path: Some(format!("ensourcetracktable[{i}]")),
            });
        }
    }
    for (i, row) in rows(a, "ensourcefacilitytypesplit") {
        let Some(ft) = row.get("row").and_then(text) else {
            continue;
        };
        match row.get("production_pct").and_then(num) {
            Some(p) => {
                input.facility_type_split.insert(ft.to_string(), p);
            }
            None => issues.push(Issue::warning(
                format!("ensourcefacilitytypesplit[{i}].production_pct"),
                "missing_answer",
                format!("no production share for facility type '{ft}'"),
            )),
        }
    }
    for (i, row) in rows(a, "ensourcevehicletable") {
        if let Some((source, quantity, unit)) = row_use("ensourcevehicletable", i, row, &mut issues)
        {
            input.vehicles.push(VehicleUse {
                source: source.to_string(),
                quantity,
                unit: unit.to_string(),
                path: Some(format!("ensourcevehicletable[{i}]")),
            });
        }
    }
    input.blends = blends(a, &mut issues);
    input.electricity = ElectricityFacts {
        supplier_ef_kg_per_kwh: gated(a, "enghgefelecpurch", "enghgefelecpurchwquant", &mut issues),
        purchrenew_owns_attributes: if is_yes(a, "ensourcepurchrenewown") {
            Some(true)
        } else if is_no(a, "ensourcepurchrenewown") {
            Some(false)
        } else {
            None
        },
        purchrenew_ef_kg_per_kwh: gated(
            a,
            "ensourcepurchrenewefknown",
            "ensourcepurchrenewef",
            &mut issues,
        ),
        chilledwater_ef_kg_per_kwh: gated(
            a,
            "enchilldwateref",
            "enchilledwaterefquant",
            &mut issues,
        ),
        districtheating_ef_kg_per_kwh: gated(
            a,
            "ensourcedistrictheatingefknown",
            "ensourcedistrictheatingef",
            &mut issues,
        ),
        eac_mwh: gated(a, "ensourcepurcheac", "ensourcepurcheacqty", &mut issues),
        onsite_credits_sold_pct: if is_no(a, "enonsiterenewsellrecs") {
            Some(0.0)
        } else {
            gated(
                a,
                "enonsiterenewsellrecs",
                "enonsiterenewsellrecspct",
                &mut issues,
            )
        },
    };
    (input, issues)
}

/// `from_answers` then `compute`; the adapter's issues come first in the report.
pub fn compute_from_answers(
    answers: &Answers,
    ctx: &AnswerContext,
    factors: &Factors,
) -> EnergyReport {
    let (input, mut issues) = from_answers(answers, ctx);
    let mut report = compute(&input, factors);
    issues.append(&mut report.issues);
    report.issues = issues;
    report
}

/// MJ of the energy tables, for the metrics of conditions: the figures of
/// [`compute_from_answers`]'s report without its emissions, issues or text (a rescore needs only
/// these, and the full report costs far more than the rest of the scoring).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EnergyMj {
    /// Stationary energy (`ensourcetracktable`), as the report's `facility_mj`.
    pub facility_mj: f64,
    /// Of which from sources selected in `entargettable`.
    pub targeted_mj: f64,
    /// Company vehicles (`ensourcevehicletable`), as the report's `vehicle_mj`.
    pub vehicle_mj: f64,
}

impl EnergyMj {
    /// Facility + vehicles, as the report's `total_mj`.
    pub fn total_mj(&self) -> f64 {
        self.facility_mj + self.vehicle_mj
    }

    /// As [`target_coverage_pct`]: `None` when there is no stationary energy.
    pub fn target_coverage_pct(&self) -> Option<f64> {
        if self.facility_mj > 0.0 {
            Some(self.targeted_mj / self.facility_mj * 100.0)
        } else {
            None
        }
    }
}

/// [`EnergyMj`] straight from the answers. It reads the rows and converts them with the same
/// functions as [`from_answers`] + [`compute`], so a row left out of the report is left out here,
/// and sums in the same order, so the figures are the report's to the bit. Issues are dropped
/// unbuilt (hence the empty paths), and nothing is allocated.
pub fn energy_mj<A: Lookup + ?Sized>(answers: &A, factors: &Factors) -> EnergyMj {
    let a = answers;
    let mut out = EnergyMj::default();
    let shares = BlendTable::new(&blends(a, &mut NoIssues), &mut NoIssues);
    let split_dom = is_yes(a, "ensourcetracksepdomprod");
    let targets = a.get("entargettable").and_then(Value::as_array);
    for (i, row) in rows(a, "ensourcetracktable") {
        let Some((source, quantity, unit)) = row_use("", i, row, &mut NoIssues) else {
            continue;
        };
        let dom = domestic_pct(i, row, source, split_dom, &mut NoIssues);
        let Some((def, _, conv)) = facility_use(
            source,
            dom,
            quantity,
            unit,
            "",
            &shares,
            factors,
            &mut NoIssues,
        ) else {
            continue;
        };
        out.facility_mj += conv.mj;
        if targets.is_some_and(|t| t.iter().filter_map(Value::as_str).any(|t| t == def.id)) {
            out.targeted_mj += conv.mj;
        }
    }
    for (i, row) in rows(a, "ensourcevehicletable") {
        let Some((source, quantity, unit)) = row_use("", i, row, &mut NoIssues) else {
            continue;
        };
        if let Some((_, conv)) =
            vehicle_use(source, quantity, unit, "", &shares, factors, &mut NoIssues)
        {
            out.vehicle_mj += conv.mj;
        }
    }
    out
}

/// `energy_target_coverage_pct` = Σ MJ of `ensourcetracktable` rows whose source is selected in
/// `entargettable` / Σ MJ of all rows × 100. `None` when there is no energy (nothing to cover).
/// Rows that cannot be converted (bad unit, negative) count in neither sum.
pub fn energy_target_coverage_pct(answers: &Answers, factors: &Factors) -> Option<f64> {
    energy_mj(answers, factors).target_coverage_pct()
}

/// The same, from a report already computed from these answers.
pub fn target_coverage_pct(answers: &Answers, report: &EnergyReport) -> Option<f64> {
    let targeted: Vec<&str> = answers
        .get("entargettable")
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut total = 0.0;
    let mut covered = 0.0;
    for line in &report.lines {
        if line.use_kind != UseKind::Facility {
            continue;
        }
        total += line.mj;
        if targeted.contains(&line.source.as_str()) {
            covered += line.mj;
        }
    }
    if total > 0.0 {
        Some(covered / total * 100.0)
    } else {
        None
    }
}
