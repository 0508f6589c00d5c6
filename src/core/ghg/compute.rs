//! The calculator: `EnergyInput` + `Factors` → `EnergyReport`. Pure, no I/O.

use std::collections::BTreeMap;

use super::factors::{
    allowed_units, stationary_source, unit_allowed, vehicle_source, Blend, FactorUsed, Factors,
    Fuel, Kind, SourceDef, State,
};
use super::model::*;
use super::units::{Dimension, Unit, MJ_PER_KWH};
use crate::core::message::Arg;

/// Rank of a factor status, worst last.
fn status_rank(s: &str) -> u8 {
    match s {
        "cited" => 0,
        "recalled" => 1,
        "assumption" => 2,
        _ => 3,
    }
}

fn worst<'a>(a: &'a str, b: &'a str) -> &'a str {
    if status_rank(a) >= status_rank(b) {
        a
    } else {
        b
    }
}

fn fu(value: f64, unit: &str, source: impl Into<String>, status: &str) -> FactorUsed {
    FactorUsed {
        value,
        unit: unit.to_string(),
        source: source.into(),
        status: status.to_string(),
    }
}

fn valid_pct(v: f64) -> bool {
    v.is_finite() && (0.0..=100.0).contains(&v)
}

/// Checks an optional percentage; `Err(())` after reporting when it is out of 0–100.
fn check_pct(
    v: Option<f64>,
    path: impl std::fmt::Display,
    what: &str,
    issues: &mut impl IssueSink,
) -> Result<Option<f64>, ()> {
    match v {
        None => Ok(None),
        Some(p) if valid_pct(p) => Ok(Some(p)),
        Some(p) => {
            issues.add(|| {
                Issue::error(
                    path.to_string(),
                    "percentage_out_of_range",
                    format!("{what} must be between 0 and 100 %, got {p}"),
                )
                .with("value", Arg::Number(p))
            });
            Err(())
        }
    }
}

/// Checks an optional non-negative number (factors, MWh).
fn check_nonneg(v: Option<f64>, path: &str, what: &str, issues: &mut Vec<Issue>) -> Option<f64> {
    match v {
        Some(x) if x.is_finite() && x >= 0.0 => Some(x),
        Some(x) => {
            issues.push(
                Issue::error(
                    path,
                    "invalid_number",
                    format!("{what} must be a number of 0 or more, got {x}; it was ignored"),
                )
                .with("value", Arg::Number(x)),
            );
            None
        }
        None => None,
    }
}

/// Resolved blend: fossil fuel id, bio fuel id, bio share 0–1.
#[derive(Clone, Copy)]
pub(super) struct BlendShare {
    fossil: &'static str,
    bio: &'static str,
    share: f64,
}

/// Per-blend validated shares (`Err` = invalid, the sources using it are left out).
pub(super) struct BlendTable {
    diesel: Result<f64, ()>,
    biodiesel: Result<f64, ()>,
    v_diesel: Result<f64, ()>,
    v_biodiesel: Result<f64, ()>,
    v_petrol: Result<f64, ()>,
    v_ethanol: Result<f64, ()>,
}

impl BlendTable {
    pub(super) fn new(b: &Blends, issues: &mut impl IssueSink) -> BlendTable {
        let mut one = |v, path: &str, what: &str, default: f64| {
            check_pct(v, path, what, issues).map(|p| p.unwrap_or(default) / 100.0)
        };
        BlendTable {
            diesel: one(
                b.biodiesel_in_diesel_pct,
                "blends.biodiesel_in_diesel_pct",
                "% biodiesel in diesel",
                0.0,
            ),
            biodiesel: one(
                b.biodiesel_in_biodiesel_pct,
                "blends.biodiesel_in_biodiesel_pct",
                "% biodiesel in biodiesel",
                100.0,
            ),
            v_diesel: one(
                b.vehicle_biodiesel_in_diesel_pct,
                "blends.vehicle_biodiesel_in_diesel_pct",
                "% biodiesel in vehicle diesel",
                0.0,
            ),
            v_biodiesel: one(
                b.vehicle_biodiesel_in_biodiesel_pct,
                "blends.vehicle_biodiesel_in_biodiesel_pct",
                "% biodiesel in vehicle biodiesel",
                100.0,
            ),
            v_petrol: one(
                b.vehicle_ethanol_in_petrol_pct,
                "blends.vehicle_ethanol_in_petrol_pct",
                "% ethanol in vehicle petrol",
                0.0,
            ),
            v_ethanol: one(
                b.vehicle_ethanol_in_ethanol_pct,
                "blends.vehicle_ethanol_in_ethanol_pct",
                "% ethanol in vehicle ethanol",
                100.0,
            ),
        }
    }

    fn get(&self, blend: Blend, vehicle: bool) -> Result<Option<BlendShare>, ()> {
        let (share, fossil, bio) = match (blend, vehicle) {
            (Blend::None, _) => return Ok(None),
            (Blend::BiodieselInDiesel, false) => (self.diesel, "diesel", "biodiesel"),
            (Blend::BiodieselInDiesel, true) => (self.v_diesel, "diesel", "biodiesel"),
            (Blend::BiodieselInBiodiesel, false) => (self.biodiesel, "diesel", "biodiesel"),
            (Blend::BiodieselInBiodiesel, true) => (self.v_biodiesel, "diesel", "biodiesel"),
            // The FEM asks no ethanol share for stationary petrol: pure petrol.
            (Blend::EthanolInPetrol, false) => (Ok(0.0), "petrol", "ethanol"),
            (Blend::EthanolInPetrol, true) => (self.v_petrol, "petrol", "ethanol"),
            (Blend::EthanolInEthanol, false) => (Ok(1.0), "petrol", "ethanol"),
            (Blend::EthanolInEthanol, true) => (self.v_ethanol, "petrol", "ethanol"),
        };
        share.map(|share| Some(BlendShare { fossil, bio, share }))
    }
}

const EXACT: &str =
    "exact unit definition (1 kWh = 3.6 MJ; 1 MMBtu = 1055.056 MJ; 1 therm = 105.5056 MJ)";

/// MJ per one unit, split into (fuel id or "", MJ) components: one, or fossil and bio of a blend.
/// A fixed array, so the lean totals allocate nothing.
#[derive(Clone, Copy)]
pub(super) struct Parts {
    items: [(&'static str, f64); 2],
    len: usize,
}

impl Parts {
    fn one(fuel: &'static str, mj: f64) -> Parts {
        Parts {
            items: [(fuel, mj), ("", 0.0)],
            len: 1,
        }
    }

    fn as_slice(&self) -> &[(&'static str, f64)] {
        &self.items[..self.len]
    }
}

/// Where a conversion comes from, borrowed from the factor tables; text only for the report.
#[derive(Clone, Copy)]
enum Provenance<'f> {
    Exact,
    Table {
        source: &'f str,
        status: &'f str,
    },
    Blend {
        fossil: &'f Fuel,
        bio: &'f Fuel,
    },
    /// A blendable source whose share makes it one fuel (plain diesel is 0 % biodiesel): the
    /// other fuel's source does not apply.
    Pure {
        fuel: &'f Fuel,
    },
}

impl Provenance<'_> {
    /// Source and status of the conversion, as the report's `energy_factor` shows them.
    fn describe(self) -> (String, String) {
        match self {
            Provenance::Exact => (EXACT.to_string(), "cited".to_string()),
            Provenance::Table { source, status } => (source.to_string(), status.to_string()),
            Provenance::Blend { fossil, bio } => (
                format!("{}; {}", fossil.source, bio.source),
                worst(&fossil.status, &bio.status).to_string(),
            ),
            Provenance::Pure { fuel } => (fuel.source.clone(), fuel.status.clone()),
        }
    }
}

/// Why a unit could not be converted for a source.
enum ConvError {
    UnitNotAllowed,
    NoFactors(&'static str),
    Missing(&'static str),
}

impl ConvError {
    fn message(&self, def: &SourceDef, unit: Unit, factors: &Factors) -> String {
        match self {
            ConvError::UnitNotAllowed => format!(
                "unit '{}' makes no sense for source '{}'; allowed: {}",
                unit.id(),
                def.id,
                allowed_units(def, factors).join(", ")
            ),
            ConvError::NoFactors(fuel) => format!("no factors for fuel '{fuel}'"),
            ConvError::Missing(what) => what.to_string(),
        }
    }
}

/// MJ per one unit of a source, split into components, and where the conversion comes from.
fn mj_per_unit<'f>(
    def: &SourceDef,
    unit: Unit,
    blend: Option<BlendShare>,
    factors: &'f Factors,
) -> Result<(Parts, Provenance<'f>), ConvError> {
    if !unit_allowed(def, factors, unit) {
        return Err(ConvError::UnitNotAllowed);
    }
    match def.kind {
        Kind::Fuel { fuel, .. } => {
            if let Some(b) = blend {
                let fossil = &factors.fuels[b.fossil];
                let bio = &factors.fuels[b.bio];
                let density = || ConvError::Missing("missing density");
                let mjl_f = factors.fuel_mj_per_l(b.fossil).ok_or_else(density)?;
                let mjl_b = factors.fuel_mj_per_l(b.bio).ok_or_else(density)?;
                let mjl = b.share * mjl_b + (1.0 - b.share) * mjl_f;
                let kgl = b.share * bio.kg_per_l.unwrap_or(0.0)
                    + (1.0 - b.share) * fossil.kg_per_l.unwrap_or(0.0);
                let litres = match unit.dimension() {
                    Dimension::Volume => unit.litres().unwrap_or(0.0),
                    Dimension::Mass => unit.kg().unwrap_or(0.0) / kgl,
                    Dimension::Energy => unit.mj().unwrap_or(0.0) / mjl,
                };
                let parts = Parts {
                    items: [
                        (b.fossil, litres * (1.0 - b.share) * mjl_f),
                        (b.bio, litres * b.share * mjl_b),
                    ],
                    len: 2,
                };
                let provenance = if unit.dimension() == Dimension::Energy {
                    Provenance::Exact
                } else if b.share <= 0.0 {
                    Provenance::Pure { fuel: fossil }
                } else if b.share >= 1.0 {
                    Provenance::Pure { fuel: bio }
                } else {
                    Provenance::Blend { fossil, bio }
                };
                return Ok((parts, provenance));
            }
            let f = factors.fuels.get(fuel).ok_or(ConvError::NoFactors(fuel))?;
            let mj = match unit.dimension() {
                Dimension::Energy => {
                    return Ok((
                        Parts::one(fuel, unit.mj().unwrap_or(0.0)),
                        Provenance::Exact,
                    ))
                }
                Dimension::Mass => unit.kg().unwrap_or(0.0) * f.mj_per_kg,
                Dimension::Volume => match f.state {
                    State::Liquid => {
                        unit.litres().unwrap_or(0.0)
                            * f.mj_per_kg
                            * f.kg_per_l.ok_or(ConvError::Missing("missing density"))?
                    }
                    State::Gas => f.mj_per_m3.ok_or(ConvError::Missing("missing MJ/m3"))?,
                    State::Solid => return Err(ConvError::Missing("solid fuel by volume")),
                },
            };
            let provenance = Provenance::Table {
                source: &f.source,
                status: &f.status,
            };
            Ok((Parts::one(fuel, mj), provenance))
        }
        Kind::Steam if unit.dimension() == Dimension::Mass => {
            let h = &factors.heat.steampurch;
            let per_kg = h
                .steam_mj_per_kg
                .ok_or(ConvError::Missing("missing steam enthalpy"))?;
            let provenance = Provenance::Table {
                source: &h.source,
                status: &h.status,
            };
            Ok((
                Parts::one("", unit.kg().unwrap_or(0.0) * per_kg),
                provenance,
            ))
        }
        _ => Ok((Parts::one("", unit.mj().unwrap_or(0.0)), Provenance::Exact)),
    }
}

/// One source use converted to MJ.
pub(super) struct Converted<'f> {
    unit: Unit,
    parts: Parts,
    blend: Option<BlendShare>,
    provenance: Provenance<'f>,
    /// MJ per unit (sum of the parts).
    per_unit: f64,
    pub(super) mj: f64,
}

/// Validates one source use and converts it to MJ: the one place of the quantity, unit, blend and
/// conversion rules, shared by the report (`compute`) and the lean totals (`energy_mj`). `None`
/// when the use is left out, after reporting why under `path`.
#[allow(clippy::too_many_arguments)]
fn convert<'f>(
    def: &SourceDef,
    path: &str,
    quantity: f64,
    unit_id: &str,
    use_kind: UseKind,
    blends: &BlendTable,
    factors: &'f Factors,
    issues: &mut impl IssueSink,
) -> Option<Converted<'f>> {
    if !quantity.is_finite() {
        issues.add(|| {
            Issue::error(
                format!("{path}.quantity"),
                "invalid_number",
                format!(
                    "the quantity of '{}' is not a number ({quantity}); left out",
                    def.id
                ),
            )
            .with("value", Arg::Number(quantity))
        });
        return None;
    }
    if quantity < 0.0 {
        issues.add(|| {
            Issue::error(
                format!("{path}.quantity"),
                "negative_quantity",
                format!(
                    "the quantity of '{}' is negative ({quantity}); left out",
                    def.id
                ),
            )
            .with("value", Arg::Number(quantity))
        });
        return None;
    }
    let Some(unit) = Unit::parse(unit_id) else {
        issues.add(|| Issue::error(
            format!("{path}.unit"),
            "unknown_unit",
            format!("unknown unit '{unit_id}' for '{}'; left out (units: kwh, mwh, mj, gj, therm, mmbtu, l, gal_us, m3, kg, t)", def.id),
        ).with("unit", Arg::Text(unit_id.to_string())));
        return None;
    };
    let vehicle = use_kind == UseKind::Vehicle;
    let blend = match def.kind {
        Kind::Fuel { blend, .. } => match blends.get(blend, vehicle) {
            Ok(b) => b,
            Err(()) => {
                issues.add(|| {
                    Issue::error(
                        path,
                        "source_left_out",
                        format!(
                            "'{}' was left out because its blend share is invalid",
                            def.id
                        ),
                    )
                });
                return None;
            }
        },
        _ => None,
    };
    let (parts, provenance) = match mj_per_unit(def, unit, blend, factors) {
        Ok(x) => x,
        Err(e) => {
            issues.add(|| {
                Issue::error(
                    format!("{path}.unit"),
                    "bad_unit_for_source",
                    format!("{}; left out", e.message(def, unit, factors)),
                )
                .with("unit", Arg::Text(unit.id().to_string()))
            });
            return None;
        }
    };
    let per_unit: f64 = parts.as_slice().iter().map(|(_, mj)| mj).sum();
    // A m3 of LNG is read as liquid; a gas-meter reading would be about 600 times too much.
    if unit == Unit::M3 && matches!(def.kind, Kind::Fuel { fuel: "lng", .. }) {
        issues.add(|| {
            Issue::warning(
                format!("{path}.unit"),
                "lng_m3_is_liquid",
                format!(
                    "'{}' in m3 is read as m3 of liquid LNG ({per_unit:.0} MJ per m3); if the quantity is a gas-meter reading, report it as natural gas",
                    def.id
                ),
            )
            .with("mj", Arg::Number(per_unit.round()))
        });
    }
    Some(Converted {
        unit,
        parts,
        blend,
        provenance,
        per_unit,
        mj: quantity * per_unit,
    })
}

/// A stationary source use (an `ensourcetracktable` row): its source, the domestic share of its
/// MJ (0–1), and its MJ. `None` when left out, after reporting why.
#[allow(clippy::too_many_arguments)]
pub(super) fn facility_use<'f>(
    source: &str,
    domestic_pct: Option<f64>,
    quantity: f64,
    unit_id: &str,
    path: &str,
    blends: &BlendTable,
    factors: &'f Factors,
    issues: &mut impl IssueSink,
) -> Option<(&'static SourceDef, f64, Converted<'f>)> {
    let Some(def) = stationary_source(source.trim()) else {
        issues.add(|| {
            Issue::error(
                path,
                "unknown_source",
                format!("unknown energy source '{source}'"),
            )
        });
        return None;
    };
    let dom = match check_pct(
        domestic_pct,
        format_args!("{path}.domestic_pct"),
        "the domestic share",
        issues,
    ) {
        Ok(d) => d.unwrap_or(0.0) / 100.0,
        Err(()) => {
            issues.add(|| {
                Issue::error(
                    path,
                    "source_left_out",
                    format!(
                        "'{}' was left out because its domestic share is invalid",
                        def.id
                    ),
                )
            });
            return None;
        }
    };
    let conv = convert(
        def,
        path,
        quantity,
        unit_id,
        UseKind::Facility,
        blends,
        factors,
        issues,
    )?;
    Some((def, dom, conv))
}

/// A company vehicle use (an `ensourcevehicletable` row): its source and its MJ.
#[allow(clippy::too_many_arguments)]
pub(super) fn vehicle_use<'f>(
    source: &str,
    quantity: f64,
    unit_id: &str,
    path: &str,
    blends: &BlendTable,
    factors: &'f Factors,
    issues: &mut impl IssueSink,
) -> Option<(&'static SourceDef, Converted<'f>)> {
    let Some(def) = vehicle_source(source.trim()) else {
        issues.add(|| {
            Issue::error(
                path,
                "unknown_source",
                format!("unknown vehicle energy source '{source}'"),
            )
        });
        return None;
    };
    let conv = convert(
        def,
        path,
        quantity,
        unit_id,
        UseKind::Vehicle,
        blends,
        factors,
        issues,
    )?;
    Some((def, conv))
}

/// A line being built, plus the electricity facts the market-based pass needs.
struct Pending {
    line: SourceLine,
    /// kWh of electricity and its role for the market-based pass.
    elec: Option<(ElecRole, f64)>,
    /// Scope 2, kg CO2e, location- and market-based, as far as computed.
    s2l: f64,
    s2m: f64,
    /// What a Scope 2 figure of this line is missing (it is then reported as absent, not 0).
    location_needs: Option<Needs>,
    market_needs: Option<Needs>,
}

/// Why a Scope 2 figure could not be computed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Needs {
    /// No usable country: no grid factor.
    Country,
    /// Onsite solar/wind without a valid answer on the share of its certificates sold.
    CreditsSoldPct,
}

impl Needs {
    fn id(self) -> &'static str {
        match self {
            Needs::Country => "country",
            Needs::CreditsSoldPct => "onsite_credits_sold_pct",
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum ElecRole {
    Grid,
    RenewOwned,
    RenewNotOwned,
    Onsite,
}

/// Computes energy (MJ) and Scope 1/2 emissions. Never panics on bad input: bad entries are left
/// out and reported in `issues`.
pub fn compute(input: &EnergyInput, factors: &Factors) -> EnergyReport {
    let mut issues = Vec::new();

    // Country and grid factor.
    let (grid, grid_fallback) = match input.country.as_deref().map(str::trim) {
        None | Some("") => {
            issues.push(Issue::error(
                "country",
                "missing_country",
                "the facility's country is missing: the grid factor cannot be chosen, so Scope 2 of grid electricity and chilled water is not computed",
            ));
            (None, false)
        }
        Some(c) if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
            issues.push(Issue::error(
                "country",
                "invalid_country",
                format!("'{c}' is not an ISO 3166-1 alpha-2 country code: Scope 2 of grid electricity and chilled water is not computed"),
            ).with("country", Arg::Text(c.to_string())));
            (None, false)
        }
        Some(c) => match factors.grid_factor(c) {
            Some(g) => (
                Some(fu(
                    g.kgco2e_per_kwh,
                    "kgCO2e/kWh",
                    format!("{}, {} data ({})", g.source, g.year, g.licence),
                    &g.status,
                )),
                false,
            ),
            None => {
                let w = &factors.world_average;
                issues.push(Issue::warning(
                    "country",
                    "grid_factor_fallback",
                    format!(
                        "no national grid factor for '{}': the world average {} kgCO2e/kWh ({}, {}) was used instead",
                        c.to_ascii_uppercase(),
                        w.kgco2e_per_kwh,
                        w.source,
                        w.year
                    ),
                )
                .with("country", Arg::Text(c.to_ascii_uppercase()))
                .with("factor", Arg::Number(w.kgco2e_per_kwh))
                .with("source", Arg::Text(format!("{}, {}", w.source, w.year))));
                (
                    Some(fu(
                        w.kgco2e_per_kwh,
                        "kgCO2e/kWh",
                        format!(
                            "WORLD AVERAGE FALLBACK: {}, world {} data ({})",
                            w.source, w.year, w.licence
                        ),
                        "fallback",
                    )),
                    true,
                )
            }
        },
    };

    let blends = BlendTable::new(&input.blends, &mut issues);
    let e = &input.electricity;
    let supplier_ef = check_nonneg(
        e.supplier_ef_kg_per_kwh,
        "electricity.supplier_ef_kg_per_kwh",
        "the supplier emission factor",
        &mut issues,
    );
    let renew_ef = check_nonneg(
        e.purchrenew_ef_kg_per_kwh,
        "electricity.purchrenew_ef_kg_per_kwh",
        "the purchased-renewables emission factor",
        &mut issues,
    );
    let cw_ef = check_nonneg(
        e.chilledwater_ef_kg_per_kwh,
        "electricity.chilledwater_ef_kg_per_kwh",
        "the chilled-water emission factor",
        &mut issues,
    );
    let dh_ef = check_nonneg(
        e.districtheating_ef_kg_per_kwh,
        "electricity.districtheating_ef_kg_per_kwh",
        "the district-heating emission factor",
        &mut issues,
    );
    let eac_mwh = check_nonneg(
        e.eac_mwh,
        "electricity.eac_mwh",
        "the EAC quantity (MWh)",
        &mut issues,
    )
    .unwrap_or(0.0);
    // `None`: not answered or invalid; the market-based figure of onsite solar/wind then waits
    // for the answer instead of assuming that no certificate was sold.
    let sold_share = check_pct(
        e.onsite_credits_sold_pct,
        "electricity.onsite_credits_sold_pct",
        "% of onsite certificates sold",
        &mut issues,
    )
    .ok()
    .flatten()
    .map(|p| p / 100.0);

    let split = facility_split(&input.facility_type_split, &mut issues);

    let mut pending: Vec<Pending> = Vec::new();
    for (i, s) in input.sources.iter().enumerate() {
        let path = s.path.clone().unwrap_or_else(|| format!("sources[{i}]"));
        let Some((def, dom, conv)) = facility_use(
            &s.source,
            s.domestic_pct,
            s.quantity,
            &s.unit,
            &path,
            &blends,
            factors,
            &mut issues,
        ) else {
            continue;
        };
        let mut p = build_line(def, path, s.quantity, conv, UseKind::Facility, factors);
        p.line.domestic_mj = p.line.mj * dom;
        p.line.production_mj = p.line.mj - p.line.domestic_mj;
        pending.push(p);
        // Facility type of the row, kept alongside (index aligned).
        if let Some(ft) = &s.facility_type {
            p_facility_type(&mut pending, ft);
        }
    }
    for (i, v) in input.vehicles.iter().enumerate() {
        let path = v.path.clone().unwrap_or_else(|| format!("vehicles[{i}]"));
        if let Some((def, conv)) = vehicle_use(
            &v.source,
            v.quantity,
            &v.unit,
            &path,
            &blends,
            factors,
            &mut issues,
        ) {
            pending.push(build_line(
                def,
                path,
                v.quantity,
                conv,
                UseKind::Vehicle,
                factors,
            ));
        }
    }

    // Location-based and market-based Scope 2, and which renewable electricity can be claimed.
    let mut elec = ElectricityBreakdown {
        eac_kwh_reported: eac_mwh * 1000.0,
        ..Default::default()
    };
    let owns = e.purchrenew_owns_attributes;
    let mut noted_ownership = false;
    let mut noted_sold_unknown = false;
    let no_grid = grid.is_none().then_some(Needs::Country);
    for p in pending.iter_mut() {
        let kwh = p.line.mj / MJ_PER_KWH;
        let id = p.line.source.clone();
        let def_kind = kind_of(&id, p.line.use_kind);
        match def_kind {
            Some(Kind::GridElectricity) => {
                p.elec = Some((ElecRole::Grid, kwh));
                elec.purchased_electricity_kwh += kwh;
                p.location_needs = no_grid;
                if let Some(g) = &grid {
                    p.s2l = kwh * g.value;
                    p.line.emission_factor = Some(g.clone());
                }
                match (supplier_ef, &grid) {
                    (Some(ef), _) => {
                        p.s2m = kwh * ef;
                        p.line.market_factor = Some(fu(ef, "kgCO2e/kWh", "supplier-specific factor reported by the facility (enghgefelecpurchwquant)", "reported"));
                    }
                    (None, Some(g)) => {
                        p.s2m = kwh * g.value;
                        p.line.notes.push("market-based: no supplier factor or residual mix, the grid factor is used".into());
                    }
                    (None, None) => p.market_needs = no_grid,
                }
            }
            Some(Kind::PurchasedRenewable) => {
                elec.purchased_renewables_kwh += kwh;
                // Delivered through the grid: physically the grid's mix, so no physical renewable
                // energy at the site (GHG Protocol Scope 2 Guidance, location-based method).
                p.line.physical_renewable_mj = 0.0;
                p.location_needs = no_grid;
                if let Some(g) = &grid {
                    p.s2l = kwh * g.value;
                    p.line.emission_factor = Some(g.clone());
                    p.line.notes.push("location-based: grid-delivered renewables carry the grid average (GHG Protocol Scope 2 Guidance)".into());
                }
                if owns == Some(true) {
                    elec.purchased_renewables_owned_kwh += kwh;
                    p.elec = Some((ElecRole::RenewOwned, kwh));
                    let ef = renew_ef.unwrap_or(0.0);
                    p.s2m = kwh * ef;
                    p.line.market_factor = Some(match renew_ef {
                        Some(ef) => fu(ef, "kgCO2e/kWh", "factor of the purchased renewables reported by the facility (ensourcepurchrenewef)", "reported"),
                        None => fu(0.0, "kgCO2e/kWh", "renewable attributes owned by the facility (PPA with certificates retired in its name)", "assumption"),
                    });
                } else {
                    elec.renewable_unclaimed_kwh += kwh;
                    p.line.renewable_mj = 0.0;
                    p.elec = Some((ElecRole::RenewNotOwned, kwh));
                    p.market_needs = no_grid;
                    if let Some(g) = &grid {
                        p.s2m = kwh * g.value;
                        p.line.market_factor = Some(g.clone());
                    }
                    p.line.notes.push("market-based: the facility does not own the certificates of these renewables, so they carry the grid factor and are not a renewable claim".into());
                    if owns.is_none() && !noted_ownership {
                        noted_ownership = true;
                        issues.push(Issue::info(
                            "electricity.purchrenew_owns_attributes",
                            "ownership_unknown",
                            "ownership of the purchased renewables' certificates is not answered: treated as not owned in the market-based Scope 2 and in the renewable share",
                        ));
                    }
                }
            }
            Some(Kind::OnsiteElectricity { credits_sellable }) => {
                elec.onsite_renewables_kwh += kwh;
                p.line.emission_factor = Some(fu(
                    0.0,
                    "kgCO2e/kWh",
                    "onsite renewable generation: no combustion, not purchased",
                    "cited",
                ));
                let share = if credits_sellable {
                    sold_share
                } else {
                    Some(0.0)
                };
                let Some(share) = share.filter(|_| kwh > 0.0) else {
                    if kwh > 0.0 {
                        // Sold or kept decides both the market-based figure and the claim.
                        p.market_needs = Some(Needs::CreditsSoldPct);
                        p.line.renewable_mj = 0.0;
                        if !noted_sold_unknown {
                            noted_sold_unknown = true;
                            issues.push(Issue::error(
                                "enonsiterenewsellrecs",
                                "onsite_credits_sold_unknown",
                                "whether the certificates of onsite solar or wind power were sold (and which share) is not answered: the market-based Scope 2 is not computed",
                            ));
                        }
                    }
                    continue;
                };
                let sold = kwh * share;
                elec.onsite_credits_sold_kwh += sold;
                elec.onsite_credits_kept_kwh += kwh - sold;
                elec.renewable_unclaimed_kwh += sold;
                p.line.renewable_mj = (kwh - sold) * MJ_PER_KWH;
                p.elec = Some((ElecRole::Onsite, sold));
                if sold > 0.0 {
                    p.market_needs = no_grid;
                    if let Some(g) = &grid {
                        p.s2m = sold * g.value;
                        p.line.market_factor = Some(g.clone());
                    }
                    p.line.notes.push(format!(
                        "market-based: {:.0} % of the certificates were sold, so that share carries the grid factor and is not a renewable claim (GHG Protocol Scope 2 Guidance)",
                        share * 100.0
                    ));
                }
            }
            Some(Kind::OnsiteHeat) => {
                p.line.emission_factor = Some(fu(
                    0.0,
                    "kgCO2e/MJ",
                    "onsite solar heat: no combustion, not purchased",
                    "cited",
                ));
            }
            Some(Kind::Steam) | Some(Kind::DistrictHeating) => {
                let h = if def_kind == Some(Kind::Steam) {
                    &factors.heat.steampurch
                } else {
                    &factors.heat.districtheating
                };
                let ef = h.kgco2e_per_mj.unwrap_or(0.0);
                p.s2l = p.line.mj * ef;
                p.s2m = p.s2l;
                p.line.emission_factor = Some(fu(ef, "kgCO2e/MJ", h.source.clone(), &h.status));
                if def_kind == Some(Kind::DistrictHeating) {
                    if let Some(ef) = dh_ef {
                        p.s2m = kwh * ef;
                        p.line.market_factor = Some(fu(ef, "kgCO2e/kWh", "district-heating factor reported by the facility (ensourcedistrictheatingef)", "reported"));
                    }
                }
            }
            Some(Kind::ChilledWater) => {
                let h = &factors.heat.chilledwater;
                let cop = h.cop.unwrap_or(1.0);
                p.location_needs = no_grid;
                if let Some(g) = &grid {
                    let ef = g.value / cop;
                    p.s2l = kwh * ef;
                    p.s2m = kwh * ef;
                    p.line.emission_factor = Some(fu(
                        ef,
                        "kgCO2e/kWh",
                        format!("{} / COP {cop}: {}", g.source, h.source),
                        worst(&g.status, &h.status),
                    ));
                }
                match cw_ef {
                    Some(ef) => {
                        p.s2m = kwh * ef;
                        p.line.market_factor = Some(fu(
                            ef,
                            "kgCO2e/kWh",
                            "chilled-water factor reported by the facility (enchilledwaterefquant)",
                            "reported",
                        ));
                    }
                    None => p.market_needs = no_grid,
                }
            }
            Some(Kind::Fuel { .. }) | None => {}
        }
        if p.location_needs == Some(Needs::Country) || p.market_needs == Some(Needs::Country) {
            issues.push(Issue::error(
                &p.line.path,
                "scope2_not_computed",
                format!("Scope 2 of '{}' needs the country's grid factor and was not computed (its energy is counted)", p.line.source),
            ));
        }
    }

    // EACs: set against electricity that still carries a factor, in order: grid electricity,
    // renewables without owned certificates, onsite renewables whose certificates were sold.
    let mut eac_left = elec.eac_kwh_reported;
    for role in [ElecRole::Grid, ElecRole::RenewNotOwned, ElecRole::Onsite] {
        for p in pending.iter_mut() {
            let Some((r, kwh)) = p.elec else { continue };
            if r != role || kwh <= 0.0 || p.s2m <= 0.0 {
                continue;
            }
            let ef = p.s2m / kwh;
            let used = eac_left.min(kwh);
            elec.market_emitting_kwh += kwh - used;
            if used > 0.0 {
                eac_left -= used;
                elec.eac_kwh_applied += used;
                p.s2m = (kwh - used) * ef;
                p.line.notes.push(format!(
                    "market-based: {used:.0} kWh covered by retired EACs (zero emissions)"
                ));
            }
        }
    }
    elec.eac_kwh_unapplied = eac_left;
    elec.renewable_claimed_kwh =
        elec.purchased_renewables_owned_kwh + elec.onsite_credits_kept_kwh + elec.eac_kwh_applied;
    if eac_left > 1e-9 {
        issues.push(
            Issue::warning(
                "electricity.eac_mwh",
                "eacs_exceed_electricity",
                format!(
                    "{:.3} MWh of EACs exceed the electricity they can cover and were not applied",
                    eac_left / 1000.0
                ),
            )
            .with(
                "mwh",
                Arg::Number((eac_left / 1000.0 * 1000.0).round() / 1000.0),
            ),
        );
    }

    // Refrigerants.
    let mut refrigerant_lines = Vec::new();
    for (i, r) in input.refrigerants.iter().enumerate() {
        let path = r
            .path
            .clone()
            .unwrap_or_else(|| format!("refrigerants[{i}]"));
        if !r.kg.is_finite() || r.kg < 0.0 {
            issues.push(
                Issue::error(
                    &path,
                    "negative_quantity",
                    format!(
                        "refrigerant quantity must be 0 kg or more, got {}; left out",
                        r.kg
                    ),
                )
                .with("value", Arg::Number(r.kg)),
            );
            continue;
        }
        match factors.refrigerant(&r.refrigerant) {
            Some((name, f)) => refrigerant_lines.push(RefrigerantLine {
                path,
                refrigerant: name.to_string(),
                kg: r.kg,
                t_co2e: r.kg * f.gwp / 1000.0,
                gwp: fu(
                    f.gwp,
                    "kgCO2e/kg",
                    match &f.composition {
                        Some(c) => format!("{} ({c})", factors.refrigerants.source),
                        None => factors.refrigerants.source.clone(),
                    },
                    &f.status,
                ),
            }),
            None if r.gwp.is_some_and(|g| g.is_finite() && g >= 0.0) => {
                let g = r.gwp.unwrap_or(0.0);
                refrigerant_lines.push(RefrigerantLine {
                    path,
                    refrigerant: r.refrigerant.clone(),
                    kg: r.kg,
                    t_co2e: r.kg * g / 1000.0,
                    gwp: fu(g, "kgCO2e/kg", "GWP reported by the facility", "reported"),
                });
            }
            None => issues.push(
                Issue::error(
                    &path,
                    "unknown_refrigerant",
                    format!(
                        "no GWP for refrigerant '{}'; left out (known: {})",
                        r.refrigerant,
                        factors
                            .refrigerants
                            .items
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with("refrigerant", Arg::Text(r.refrigerant.clone())),
            ),
        }
    }

    // Totals.
    let mut report = EnergyReport {
        factors_version: factors.version.clone(),
        country: input
            .country
            .as_ref()
            .map(|c| c.trim().to_ascii_uppercase()),
        grid_factor: grid,
        grid_factor_is_fallback: grid_fallback,
        lines: Vec::new(),
        mj_by_source: BTreeMap::new(),
        vehicle_mj_by_source: BTreeMap::new(),
        domestic_mj: 0.0,
        production_mj: 0.0,
        mj_by_facility_type: BTreeMap::new(),
        facility_mj: 0.0,
        vehicle_mj: 0.0,
        total_mj: 0.0,
        renewable_mj: 0.0,
        renewable_share: None,
        physical_renewable_mj: 0.0,
        physical_renewable_share: None,
        scope1_t: 0.0,
        scope1_fuels_t: 0.0,
        scope1_vehicles_t: 0.0,
        scope1_refrigerants_t: 0.0,
        scope2_location_t: None,
        scope2_market_t: None,
        scope2_needs: Vec::new(),
        biogenic_co2_t: 0.0,
        electricity: elec,
        refrigerant_lines,
        intensity: None,
        gwp_source: factors.gwp.source.clone(),
        issues: Vec::new(),
    };
    let mut s2l = Some(0.0);
    let mut s2m = Some(0.0);
    let mut needs = Vec::new();
    for p in pending {
        let mut l = p.line;
        l.scope2_location_kg = if p.location_needs.is_none() {
            Some(p.s2l)
        } else {
            None
        };
        l.scope2_market_kg = if p.market_needs.is_none() {
            Some(p.s2m)
        } else {
            None
        };
        needs.extend(p.location_needs.into_iter().chain(p.market_needs));
        s2l = s2l.zip(l.scope2_location_kg).map(|(a, b)| a + b);
        s2m = s2m.zip(l.scope2_market_kg).map(|(a, b)| a + b);
        match l.use_kind {
            UseKind::Facility => {
                *report.mj_by_source.entry(l.source.clone()).or_default() += l.mj;
                report.facility_mj += l.mj;
                report.domestic_mj += l.domestic_mj;
                report.production_mj += l.production_mj;
                report.scope1_fuels_t += l.scope1_kg / 1000.0;
                let ft = l
                    .notes
                    .iter()
                    .find_map(|n| n.strip_prefix(FT_NOTE))
                    .map(str::to_string);
                match ft {
                    Some(ft) => {
                        *report.mj_by_facility_type.entry(ft).or_default() += l.production_mj
                    }
                    None => {
                        for (ft, pct) in &split {
                            *report.mj_by_facility_type.entry(ft.clone()).or_default() +=
                                l.production_mj * pct / 100.0;
                        }
                    }
                }
            }
            UseKind::Vehicle => {
                *report
                    .vehicle_mj_by_source
                    .entry(l.source.clone())
                    .or_default() += l.mj;
                report.vehicle_mj += l.mj;
                report.scope1_vehicles_t += l.scope1_kg / 1000.0;
            }
        }
        report.renewable_mj += l.renewable_mj;
        report.physical_renewable_mj += l.physical_renewable_mj;
        report.biogenic_co2_t += l.biogenic_co2_kg / 1000.0;
        report.lines.push(l);
    }
    // Grid electricity covered by retired EACs is renewable electricity the facility may claim.
    report.renewable_mj += report.electricity.eac_kwh_applied * MJ_PER_KWH;
    // From 0.0, not `sum()`: an empty float sum is -0.0, which prints as "-0".
    report.scope1_refrigerants_t = report
        .refrigerant_lines
        .iter()
        .fold(0.0, |sum, r| sum + r.t_co2e);
    report.scope1_t =
        report.scope1_fuels_t + report.scope1_vehicles_t + report.scope1_refrigerants_t;
    report.scope2_location_t = s2l.map(|kg| kg / 1000.0);
    report.scope2_market_t = s2m.map(|kg| kg / 1000.0);
    needs.sort();
    needs.dedup();
    report.scope2_needs = needs.into_iter().map(|n| n.id().to_string()).collect();
    report.total_mj = report.facility_mj + report.vehicle_mj;
    // No energy, no share: absent rather than 0 %.
    if report.total_mj > 0.0 {
        report.renewable_share = Some(report.renewable_mj / report.total_mj);
        report.physical_renewable_share = Some(report.physical_renewable_mj / report.total_mj);
    }

    match input.production_volume {
        Some(v) if v.is_finite() && v > 0.0 => {
            report.intensity = Some(Intensity {
                production_volume: v,
                unit: input.production_unit.clone(),
                mj_per_unit: report.total_mj / v,
                scope1_kg_per_unit: report.scope1_t * 1000.0 / v,
                scope12_location_kg_per_unit: report
                    .scope2_location_t
                    .map(|s2| (report.scope1_t + s2) * 1000.0 / v),
                scope12_market_kg_per_unit: report
                    .scope2_market_t
                    .map(|s2| (report.scope1_t + s2) * 1000.0 / v),
            })
        }
        Some(v) => issues.push(
            Issue::error(
                "production_volume",
                "invalid_production_volume",
                format!("the production volume must be above 0, got {v}: intensities not computed"),
            )
            .with("value", Arg::Number(v)),
        ),
        None => {}
    }
    report.issues = issues;
    report
}

const FT_NOTE: &str = "facility type: ";

fn p_facility_type(pending: &mut [Pending], ft: &str) {
    if let Some(p) = pending.last_mut() {
        p.line.notes.push(format!("{FT_NOTE}{ft}"));
    }
}

fn kind_of(id: &str, use_kind: UseKind) -> Option<Kind> {
    match use_kind {
        UseKind::Facility => stationary_source(id).map(|d| d.kind),
        UseKind::Vehicle => vehicle_source(id).map(|d| d.kind),
    }
}

fn facility_split(split: &BTreeMap<String, f64>, issues: &mut Vec<Issue>) -> Vec<(String, f64)> {
    let mut ok = true;
    for (ft, pct) in split {
        if !valid_pct(*pct) {
            issues.push(Issue::error(
                format!("facility_type_split.{ft}"),
                "percentage_out_of_range",
                format!("the production share of facility type '{ft}' must be between 0 and 100 %, got {pct}"),
            ).with("value", Arg::Number(*pct)));
            ok = false;
        }
    }
    let sum: f64 = split.values().filter(|v| v.is_finite()).sum();
    if ok && sum > 100.0 + 1e-6 {
        issues.push(
            Issue::error(
                "facility_type_split",
                "percentage_out_of_range",
                format!(
                "the production shares of the facility types add up to {sum} %, more than 100 %"
            ),
            )
            .with("value", Arg::Number(sum)),
        );
        ok = false;
    }
    if ok {
        split.iter().map(|(k, v)| (k.clone(), *v)).collect()
    } else {
        Vec::new()
    }
}

/// The report line of a converted source use, with its emissions.
fn build_line(
    def: &SourceDef,
    path: String,
    quantity: f64,
    conv: Converted,
    use_kind: UseKind,
    factors: &Factors,
) -> Pending {
    let vehicle = use_kind == UseKind::Vehicle;
    let Converted {
        unit,
        parts,
        blend,
        provenance,
        per_unit,
        mj,
    } = conv;
    let parts = parts.as_slice();
    let (conv_source, conv_status) = provenance.describe();
    let mut line = SourceLine {
        path,
        source: def.id.to_string(),
        use_kind,
        quantity,
        unit: unit.id().to_string(),
        mj,
        domestic_mj: 0.0,
        production_mj: if vehicle { 0.0 } else { mj },
        renewable_mj: 0.0,
        physical_renewable_mj: 0.0,
        energy_factor: fu(
            per_unit,
            &format!("MJ/{}", unit.id()),
            conv_source,
            &conv_status,
        ),
        scope1_kg: 0.0,
        scope2_location_kg: Some(0.0),
        scope2_market_kg: Some(0.0),
        biogenic_co2_kg: 0.0,
        emission_factor: None,
        market_factor: None,
        notes: Vec::new(),
    };
    if let Kind::Fuel { .. } = def.kind {
        let mut status = factors.gwp.status.as_str();
        let mut sources: Vec<String> = Vec::new();
        for (fuel, mj_u) in parts {
            let f = &factors.fuels[*fuel];
            let part_mj = quantity * mj_u;
            line.scope1_kg += part_mj * factors.fuel_kgco2e_per_mj(fuel, vehicle).unwrap_or(0.0);
            line.biogenic_co2_kg += part_mj * factors.fuel_biogenic_co2_per_mj(fuel).unwrap_or(0.0);
            let is_bio = blend.map(|b| b.bio == *fuel).unwrap_or(def.renewable);
            if is_bio {
                line.renewable_mj += part_mj;
                line.physical_renewable_mj += part_mj;
            }
            // A component with no share (plain diesel's biodiesel) lends neither source nor status.
            if *mj_u == 0.0 {
                continue;
            }
            status = worst(status, &f.status);
            if !sources.contains(&f.source) {
                sources.push(f.source.clone());
            }
        }
        if vehicle && factors.vehicle_non_co2.factors.contains_key(parts[0].0) {
            status = worst(status, &factors.vehicle_non_co2.status);
            sources.push(factors.vehicle_non_co2.source.clone());
        }
        sources.push(factors.gwp.source.clone());
        let ef = if per_unit > 0.0 {
            parts
                .iter()
                .map(|(fuel, m)| m * factors.fuel_kgco2e_per_mj(fuel, vehicle).unwrap_or(0.0))
                .sum::<f64>()
                / per_unit
        } else {
            0.0
        };
        line.emission_factor = Some(fu(ef, "kgCO2e/MJ", sources.join("; "), status));
        if let Some(b) = blend.filter(|b| b.share > 0.0 && b.share < 1.0) {
            line.notes.push(format!(
                "blend: {:.1} % {} by volume (biogenic CO2 outside the scopes, CH4/N2O counted), {:.1} % {}",
                b.share * 100.0,
                b.bio,
                (1.0 - b.share) * 100.0,
                b.fossil
            ));
        }
    } else if def.renewable {
        // Purchased renewables and sold certificates are settled in the Scope 2 pass.
        line.renewable_mj = mj;
        line.physical_renewable_mj = mj;
    }
    Pending {
        line,
        elec: None,
        s2l: 0.0,
        s2m: 0.0,
        location_needs: None,
        market_needs: None,
    }
}
