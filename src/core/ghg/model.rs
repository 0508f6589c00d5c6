//! Input and report types: plain data, serde-friendly, snake_case.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::factors::FactorUsed;
use crate::core::message::{Arg, Message};

/// Everything the calculator needs; no answers, no bank types.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnergyInput {
    /// ISO 3166-1 alpha-2 country of the facility (selects the grid factor).
    pub country: Option<String>,
    /// Stationary energy sources (the `ensourcetracktable` rows).
    pub sources: Vec<SourceUse>,
    /// Company-owned vehicle energy (the `ensourcevehicletable` rows).
    pub vehicles: Vec<VehicleUse>,
    pub blends: Blends,
    pub electricity: ElectricityFacts,
    /// Share of production energy per facility type, in % (keys: facility type ids).
    pub facility_type_split: BTreeMap<String, f64>,
    pub refrigerants: Vec<RefrigerantLeak>,
    /// Annual production volume (units of the facility's production unit), for intensities.
    pub production_volume: Option<f64>,
    /// The production unit's id as the bank names it (`pieces`, `kg`, …), when known.
    pub production_unit: Option<String>,
}

/// One stationary source use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceUse {
    /// Source id (`electricpurch`, `diesel`, ...).
    pub source: String,
    pub quantity: f64,
    /// Unit id (`kwh`, `l`, ...).
    pub unit: String,
    /// Share used for domestic purposes, 0–100; `None` = not split (all counted as production).
    pub domestic_pct: Option<f64>,
    /// When the row belongs to one facility type, its production energy goes there.
    pub facility_type: Option<String>,
    /// Where the value came from (e.g. `ensourcetracktable[3]`), for messages.
    pub path: Option<String>,
}

/// One vehicle energy use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VehicleUse {
    /// Vehicle source id (`diesel`, `petrol`, `electric`, ...).
    pub source: String,
    pub quantity: f64,
    pub unit: String,
    pub path: Option<String>,
}

/// Blend shares, % by volume. `None` takes the default of the source (pure fuel).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Blends {
    /// % biodiesel in the stationary diesel source (B10 → 10; default 0).
    pub biodiesel_in_diesel_pct: Option<f64>,
    /// % biodiesel in the stationary biodiesel source (B100 → 100; default 100).
    pub biodiesel_in_biodiesel_pct: Option<f64>,
    pub vehicle_biodiesel_in_diesel_pct: Option<f64>,
    pub vehicle_biodiesel_in_biodiesel_pct: Option<f64>,
    /// % ethanol in vehicle petrol (E10 → 10; default 0).
    pub vehicle_ethanol_in_petrol_pct: Option<f64>,
    /// % ethanol in the vehicle ethanol source (E85 → 85; default 100).
    pub vehicle_ethanol_in_ethanol_pct: Option<f64>,
}

/// Facts for market-based Scope 2 (seed 003 scenarios A–G).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ElectricityFacts {
    /// Supplier-specific factor of purchased electricity, kg CO2e/kWh (`enghgefelecpurchwquant`).
    pub supplier_ef_kg_per_kwh: Option<f64>,
    /// The facility owns the certificates / credits of its purchased renewables
    /// (`ensourcepurchrenewown`). `None` = not answered: treated as not owned, with a note.
    pub purchrenew_owns_attributes: Option<bool>,
    /// Factor of the purchased renewables, kg CO2e/kWh (`ensourcepurchrenewef`).
    pub purchrenew_ef_kg_per_kwh: Option<f64>,
    pub chilledwater_ef_kg_per_kwh: Option<f64>,
    pub districtheating_ef_kg_per_kwh: Option<f64>,
    /// EACs purchased and retired under the facility's name in the year, MWh (`ensourcepurcheacqty`).
    pub eac_mwh: Option<f64>,
    /// % of the certificates of onsite solar/wind sold to an external party (`enonsiterenewsellrecspct`;
    /// 0 when `enonsiterenewsellrecs` is "no"). `None` with onsite solar or wind: the market-based
    /// Scope 2 is not computed (an issue asks for the answer) rather than assume none was sold.
    pub onsite_credits_sold_pct: Option<f64>,
}

/// A refrigerant leak (top-up) in the year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RefrigerantLeak {
    /// `R-410A`, `R-134a`, ... (spelling forgiving).
    pub refrigerant: String,
    pub kg: f64,
    /// GWP reported by the facility, used only when the refrigerant is not in the table.
    pub gwp: Option<f64>,
    pub path: Option<String>,
}

/// How bad an issue is. `Error`: a figure was left out; `Warning`: computed, but look at it;
/// `Info`: an assumption the calculator made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A validation message tied to the input it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Ref ID / input path, e.g. `ensourcetracktable[2].unit` or `sources[0].quantity`.
    pub path: String,
    pub severity: Severity,
    /// Stable machine code, e.g. `negative_quantity`, `bad_unit_for_source`.
    pub code: String,
    /// English, with the figures and ids (the CLI, the widget in English).
    pub message: String,
    /// The figures of `message` by the placeholder names of the widget's `ghg.<code>` sentence
    /// (`{value}`, `{unit}`, …), so that a translation carries them too. One code always has the
    /// same names (tests/ghg_messages.rs). Not serialised: reports keep `message`.
    #[serde(skip)]
    pub args: Vec<(&'static str, Arg)>,
}

impl Issue {
    pub fn new(
        path: impl Into<String>,
        severity: Severity,
        code: &str,
        message: impl Into<String>,
    ) -> Issue {
        Issue {
            path: path.into(),
            severity,
            code: code.to_string(),
            message: message.into(),
            args: Vec::new(),
        }
    }
    /// The issue with a figure for its `ghg.<code>` sentence's `{name}`.
    pub fn with(mut self, name: &'static str, value: Arg) -> Issue {
        self.args.push((name, value));
        self
    }
    /// The translatable form: key `ghg.<code>`, the figures as arguments (the key is looked up
    /// by the caller, as codes are data).
    pub fn fill(&self, template: &str, arg: impl Fn(&Arg) -> String) -> String {
        Message::new("ghg", self.args.clone()).fill(template, arg)
    }
    pub fn error(path: impl Into<String>, code: &str, message: impl Into<String>) -> Issue {
        Issue::new(path, Severity::Error, code, message)
    }
    pub fn warning(path: impl Into<String>, code: &str, message: impl Into<String>) -> Issue {
        Issue::new(path, Severity::Warning, code, message)
    }
    pub fn info(path: impl Into<String>, code: &str, message: impl Into<String>) -> Issue {
        Issue::new(path, Severity::Info, code, message)
    }
}

/// Where validation issues go. The report collects them; the lean MJ totals (`energy_mj`) pass
/// [`NoIssues`], so the same validation runs without formatting a message.
pub(crate) trait IssueSink {
    /// Records the issue built by `issue` (called only by sinks that keep issues).
    fn add(&mut self, issue: impl FnOnce() -> Issue);
}

impl IssueSink for Vec<Issue> {
    fn add(&mut self, issue: impl FnOnce() -> Issue) {
        self.push(issue());
    }
}

/// Drops issues unbuilt.
pub(crate) struct NoIssues;

impl IssueSink for NoIssues {
    fn add(&mut self, _: impl FnOnce() -> Issue) {}
}

/// Stationary facility use or company vehicle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UseKind {
    Facility,
    Vehicle,
}

/// One computed line: a source use with every figure and the factor behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceLine {
    pub path: String,
    pub source: String,
    pub use_kind: UseKind,
    pub quantity: f64,
    pub unit: String,
    pub mj: f64,
    pub domestic_mj: f64,
    pub production_mj: f64,
    /// Renewable energy of the line the facility may count as its own (see
    /// [`EnergyReport::renewable_mj`]).
    pub renewable_mj: f64,
    /// Renewable energy physically produced or burnt at the site (see
    /// [`EnergyReport::physical_renewable_mj`]).
    pub physical_renewable_mj: f64,
    /// MJ per unit of the quantity given (the conversion used).
    pub energy_factor: FactorUsed,
    pub scope1_kg: f64,
    /// `None` when it could not be computed (no grid factor, say): never a silent 0.
    pub scope2_location_kg: Option<f64>,
    pub scope2_market_kg: Option<f64>,
    pub biogenic_co2_kg: f64,
    /// Scope 1 factor (kg CO2e/MJ) or location-based Scope 2 factor.
    pub emission_factor: Option<FactorUsed>,
    /// Market-based Scope 2 factor when it differs from the location-based one.
    pub market_factor: Option<FactorUsed>,
    /// Plain-language notes on how the line was computed (blend split, EACs, ...).
    pub notes: Vec<String>,
}

/// A computed refrigerant line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefrigerantLine {
    pub path: String,
    pub refrigerant: String,
    pub kg: f64,
    pub t_co2e: f64,
    pub gwp: FactorUsed,
}

/// What counts as purchased electricity, purchased renewables, onsite renewables and EACs
/// (seed 003 scenarios), in kWh, and how the market-based Scope 2 was built.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ElectricityBreakdown {
    /// Grid electricity bought (`electricpurch` + electric vehicles charged from the grid).
    pub purchased_electricity_kwh: f64,
    /// Purchased renewables (`purchrenew`, renewable EV charging).
    pub purchased_renewables_kwh: f64,
    /// Of which the facility owns the certificates/credits (zero in market-based Scope 2).
    pub purchased_renewables_owned_kwh: f64,
    /// Onsite renewable electricity used onsite (solar PV, wind, micro-hydro).
    pub onsite_renewables_kwh: f64,
    /// Of which the certificates were sold to someone else (grid factor in market-based Scope 2).
    pub onsite_credits_sold_kwh: f64,
    /// Of which the facility kept the certificates (or none can be sold, as for micro-hydro).
    pub onsite_credits_kept_kwh: f64,
    /// EACs reported under the EAC question (retired under the facility's name).
    pub eac_kwh_reported: f64,
    /// EACs set against electricity that would otherwise carry a grid/supplier factor.
    pub eac_kwh_applied: f64,
    /// EACs beyond that electricity (not applied; a warning says so).
    pub eac_kwh_unapplied: f64,
    /// Electricity that still carries a non-zero factor in the market-based Scope 2.
    pub market_emitting_kwh: f64,
    /// Renewable electricity the facility may claim (GHG Protocol Scope 2 Guidance): purchased
    /// renewables whose certificates it owns + onsite generation whose certificates it kept +
    /// grid electricity covered by the EACs applied.
    pub renewable_claimed_kwh: f64,
    /// Renewable electricity it may not claim, because someone else holds the certificates:
    /// purchased renewables without them + onsite generation whose certificates were sold.
    pub renewable_unclaimed_kwh: f64,
}

/// Figures per unit of production.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intensity {
    pub production_volume: f64,
    /// The unit the figures are per (the production unit's id), when known.
    pub unit: Option<String>,
    pub mj_per_unit: f64,
    pub scope1_kg_per_unit: f64,
    /// `None` when the Scope 2 figure is absent.
    pub scope12_location_kg_per_unit: Option<f64>,
    pub scope12_market_kg_per_unit: Option<f64>,
}

/// The calculator's result. Tonnes are metric tonnes CO2e; `renewable_share` is a fraction 0–1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnergyReport {
    pub factors_version: String,
    pub country: Option<String>,
    /// Grid factor used for electricity (location-based), if a country was usable.
    pub grid_factor: Option<FactorUsed>,
    /// True when the country has no entry and the world average was used (an issue says so too).
    pub grid_factor_is_fallback: bool,
    pub lines: Vec<SourceLine>,
    /// Facility (stationary) MJ per source id.
    pub mj_by_source: BTreeMap<String, f64>,
    /// Vehicle MJ per vehicle source id.
    pub vehicle_mj_by_source: BTreeMap<String, f64>,
    pub domestic_mj: f64,
    pub production_mj: f64,
    /// Production MJ per facility type (from the split or the rows' facility type).
    pub mj_by_facility_type: BTreeMap<String, f64>,
    pub facility_mj: f64,
    pub vehicle_mj: f64,
    /// Facility + vehicles.
    pub total_mj: f64,
    /// Renewable energy the facility may count as its own: the bio share of fuels, certified
    /// biomass, onsite solar heat, and the renewable electricity it may claim
    /// (`electricity.renewable_claimed_kwh`). Not: purchased renewables without their
    /// certificates, the share of onsite power whose certificates were sold.
    pub renewable_mj: f64,
    /// `renewable_mj / total_mj`, 0–1; `None` when there is no energy.
    pub renewable_share: Option<f64>,
    /// Renewable energy physically produced or burnt at the site, certificates or not: the bio
    /// share of fuels, certified biomass, onsite solar heat and onsite renewable electricity.
    /// Grid-delivered purchased renewables are the grid's mix physically, so not included.
    pub physical_renewable_mj: f64,
    /// `physical_renewable_mj / total_mj`; `None` when there is no energy.
    pub physical_renewable_share: Option<f64>,
    pub scope1_t: f64,
    pub scope1_fuels_t: f64,
    pub scope1_vehicles_t: f64,
    pub scope1_refrigerants_t: f64,
    /// `None` when some source's Scope 2 could not be computed: absent, never a partial sum.
    pub scope2_location_t: Option<f64>,
    pub scope2_market_t: Option<f64>,
    /// What the absent Scope 2 figures wait for: `country`, `onsite_credits_sold_pct`.
    pub scope2_needs: Vec<String>,
    /// Biogenic CO2 from biofuels and biomass, reported outside the scopes.
    pub biogenic_co2_t: f64,
    pub electricity: ElectricityBreakdown,
    pub refrigerant_lines: Vec<RefrigerantLine>,
    pub intensity: Option<Intensity>,
    pub gwp_source: String,
    pub issues: Vec<Issue>,
}

impl EnergyReport {
    /// True when some input was left out (an `Error` issue).
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }
}
