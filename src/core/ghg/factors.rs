//! Factor tables (data in `factors.json`) and the catalogue of energy sources.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::units::{Dimension, Unit};

/// The built-in factor file, embedded at build time.
pub const FACTORS_JSON: &str = include_str!("factors.json");

/// A factor as the report shows it: value, unit, where it comes from, and whether that source was
/// checked (`cited`), written from memory (`recalled`), or is a modelling `assumption`/`fallback`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorUsed {
    pub value: f64,
    pub unit: String,
    pub source: String,
    pub status: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Gwp {
    pub co2: f64,
    pub ch4: f64,
    pub n2o: f64,
    /// Year of the publication.
    pub year: u16,
    pub source: String,
    pub status: String,
}

/// Physical state of a fuel: which physical units it can be given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Liquid,
    Gas,
    Solid,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Fuel {
    pub label: String,
    pub state: State,
    /// Net calorific value, MJ per kg.
    pub mj_per_kg: f64,
    /// Density of liquids, kg per litre.
    #[serde(default)]
    pub kg_per_l: Option<f64>,
    /// Net energy per m³ of gas at the reference conditions its source names.
    #[serde(default)]
    pub mj_per_m3: Option<f64>,
    /// Density of a gas at the same conditions, kg per m³, where the source states it (then
    /// `mj_per_m3` = `mj_per_kg` × `kg_per_m3`, which a test checks).
    #[serde(default)]
    pub kg_per_m3: Option<f64>,
    pub co2_kg_per_tj: f64,
    pub ch4_kg_per_tj: f64,
    pub n2o_kg_per_tj: f64,
    /// True when the CO2 is biogenic: reported outside the scopes, not in Scope 1.
    pub biogenic: bool,
    /// Year of the (latest) publication the numbers come from.
    pub year: u16,
    pub source: String,
    pub status: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct NonCo2 {
    pub ch4_kg_per_tj: f64,
    pub n2o_kg_per_tj: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VehicleNonCo2 {
    pub year: u16,
    pub source: String,
    pub status: String,
    pub factors: BTreeMap<String, NonCo2>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HeatFactor {
    #[serde(default)]
    pub kgco2e_per_mj: Option<f64>,
    #[serde(default)]
    pub steam_mj_per_kg: Option<f64>,
    #[serde(default)]
    pub cop: Option<f64>,
    pub year: u16,
    pub source: String,
    pub status: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Heat {
    pub steampurch: HeatFactor,
    pub districtheating: HeatFactor,
    pub chilledwater: HeatFactor,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GridFactor {
    pub kgco2e_per_kwh: f64,
    /// Data year (the year of electricity generation the factor describes).
    pub year: u16,
    pub source: String,
    pub licence: String,
    pub status: String,
}

/// The dataset the grid factors are derived from (`scripts/grid-factors.py`).
#[derive(Debug, Clone, Deserialize)]
pub struct GridDataset {
    pub name: String,
    /// Which release / snapshot of it.
    pub edition: String,
    pub licence: String,
    pub method: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Refrigerant {
    pub gwp: f64,
    pub status: String,
    #[serde(default)]
    pub composition: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Refrigerants {
    pub year: u16,
    pub source: String,
    pub items: BTreeMap<String, Refrigerant>,
}

/// All factor tables.
#[derive(Debug, Clone, Deserialize)]
pub struct Factors {
    pub version: String,
    pub gwp: Gwp,
    pub fuels: BTreeMap<String, Fuel>,
    pub vehicle_non_co2: VehicleNonCo2,
    pub heat: Heat,
    pub grid_dataset: GridDataset,
    pub grid: BTreeMap<String, GridFactor>,
    pub world_average: GridFactor,
    pub refrigerants: Refrigerants,
    /// Normalised refrigerant name → its key in `refrigerants.items`, built on first lookup.
    #[serde(skip)]
    refrigerant_index: OnceLock<BTreeMap<String, String>>,
}

impl Factors {
    /// Parses a factor file (same shape as `factors.json`).
    pub fn from_json(text: &str) -> Result<Factors, String> {
        serde_json::from_str(text).map_err(|e| format!("factor file: {e}"))
    }

    /// The built-in factors, parsed once.
    pub fn builtin() -> &'static Factors {
        static CELL: OnceLock<Factors> = OnceLock::new();
        CELL.get_or_init(|| Factors::from_json(FACTORS_JSON).expect("built-in factors.json parses"))
    }

    /// kg CO2e per MJ of a fuel, fossil part only (biogenic CO2 excluded), with AR5 GWPs.
    /// `vehicle` swaps in the road-transport CH4/N2O factors where the table has them.
    pub fn fuel_kgco2e_per_mj(&self, fuel_id: &str, vehicle: bool) -> Option<f64> {
        let f = self.fuels.get(fuel_id)?;
        let (ch4, n2o) = self.non_co2(fuel_id, vehicle)?;
        let co2 = if f.biogenic { 0.0 } else { f.co2_kg_per_tj };
        Some((co2 * self.gwp.co2 + ch4 * self.gwp.ch4 + n2o * self.gwp.n2o) / 1.0e6)
    }

    /// Biogenic CO2 (outside the scopes), kg per MJ; 0 for fossil fuels.
    pub fn fuel_biogenic_co2_per_mj(&self, fuel_id: &str) -> Option<f64> {
        let f = self.fuels.get(fuel_id)?;
        Some(if f.biogenic {
            f.co2_kg_per_tj / 1.0e6
        } else {
            0.0
        })
    }

    fn non_co2(&self, fuel_id: &str, vehicle: bool) -> Option<(f64, f64)> {
        let f = self.fuels.get(fuel_id)?;
        if vehicle {
            if let Some(v) = self.vehicle_non_co2.factors.get(fuel_id) {
                return Some((v.ch4_kg_per_tj, v.n2o_kg_per_tj));
            }
        }
        Some((f.ch4_kg_per_tj, f.n2o_kg_per_tj))
    }

    /// MJ per litre of a liquid fuel.
    pub fn fuel_mj_per_l(&self, fuel_id: &str) -> Option<f64> {
        let f = self.fuels.get(fuel_id)?;
        Some(f.mj_per_kg * f.kg_per_l?)
    }

    /// Location-based grid factor of a country (ISO alpha-2, any case). `None` when not in the table.
    pub fn grid_factor(&self, country: &str) -> Option<&GridFactor> {
        self.grid.get(&country.trim().to_ascii_uppercase())
    }

    /// Looks a refrigerant up by name, forgiving spelling: `R-410A`, `r410a`, `R 410A`, `HFC-134a`.
    pub fn refrigerant(&self, name: &str) -> Option<(&str, &Refrigerant)> {
        if let Some((k, v)) = self.refrigerants.items.get_key_value(name) {
            return Some((k.as_str(), v));
        }
        let index = self.refrigerant_index.get_or_init(|| {
            let mut index = BTreeMap::new();
            for k in self.refrigerants.items.keys() {
                // The first key (in table order) wins when two spellings normalise alike.
                index
                    .entry(normalize_refrigerant(k))
                    .or_insert_with(|| k.clone());
            }
            index
        });
        let key = index.get(&normalize_refrigerant(name))?;
        self.refrigerants
            .items
            .get_key_value(key)
            .map(|(k, v)| (k.as_str(), v))
    }
}

fn normalize_refrigerant(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    for prefix in ["HCFC", "HFC", "HFO", "HC", "CFC"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                s = format!("R{rest}");
                break;
            }
        }
    }
    s
}

/// FEM category of a stationary source (as the FEM groups them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Purchased,
    Renewable,
    NonRenewable,
    Biomass,
}

/// How a source's energy and emissions are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Grid electricity bought from a supplier (Scope 2).
    GridElectricity,
    /// Renewable electricity bought under a PPA / green tariff (Scope 2; attributes may be owned).
    PurchasedRenewable,
    /// Electricity generated onsite from wind/sun/water. `credits_sellable`: the FEM asks whether
    /// its certificates were sold (solar and wind).
    OnsiteElectricity {
        credits_sellable: bool,
    },
    /// Heat generated onsite from the sun.
    OnsiteHeat,
    Steam,
    DistrictHeating,
    ChilledWater,
    /// Combusted fuel (Scope 1), possibly a blend.
    Fuel {
        fuel: &'static str,
        blend: Blend,
    },
}

/// Which blend share applies to a fuel source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blend {
    None,
    /// Diesel source, biodiesel share (default 0 %).
    BiodieselInDiesel,
    /// Biodiesel source, biodiesel share (default 100 %).
    BiodieselInBiodiesel,
    /// Petrol source, ethanol share (default 0 %).
    EthanolInPetrol,
    /// Ethanol source, ethanol share (default 100 %).
    EthanolInEthanol,
}

/// One source of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct SourceDef {
    pub id: &'static str,
    pub category: Category,
    pub kind: Kind,
    /// Whether its energy counts as renewable (for blends, only the bio share does).
    pub renewable: bool,
}

const fn src(id: &'static str, category: Category, kind: Kind, renewable: bool) -> SourceDef {
    SourceDef {
        id,
        category,
        kind,
        renewable,
    }
}

const fn fuel(id: &'static str, category: Category, fuel: &'static str, blend: Blend) -> SourceDef {
    let renewable = matches!(category, Category::Renewable);
    SourceDef {
        id,
        category,
        kind: Kind::Fuel { fuel, blend },
        renewable,
    }
}

use Category::*;

/// The 24 stationary sources of `ensourceheader`, exactly the bank's ids.
pub const STATIONARY_SOURCES: [SourceDef; 24] = [
    src("electricpurch", Purchased, Kind::GridElectricity, false),
    src("steampurch", Purchased, Kind::Steam, false),
    src("chilledwater", Purchased, Kind::ChilledWater, false),
    src("districtheating", Purchased, Kind::DistrictHeating, false),
    fuel(
        "biodiesel",
        Renewable,
        "biodiesel",
        Blend::BiodieselInBiodiesel,
    ),
    fuel("biogas", Renewable, "biogas", Blend::None),
    src(
        "microhydro",
        Renewable,
        Kind::OnsiteElectricity {
            credits_sellable: false,
        },
        true,
    ),
    src("purchrenew", Renewable, Kind::PurchasedRenewable, true),
    src(
        "solarphoto",
        Renewable,
        Kind::OnsiteElectricity {
            credits_sellable: true,
        },
        true,
    ),
    src("solarthermal", Renewable, Kind::OnsiteHeat, true),
    src(
        "wind",
        Renewable,
        Kind::OnsiteElectricity {
            credits_sellable: true,
        },
        true,
    ),
    fuel("cng", NonRenewable, "cng", Blend::None),
    fuel("coal", NonRenewable, "coal", Blend::None),
    fuel(
        "coalwaterslurry",
        NonRenewable,
        "coalwaterslurry",
        Blend::None,
    ),
    fuel("diesel", NonRenewable, "diesel", Blend::BiodieselInDiesel),
    fuel("fabricwaste", NonRenewable, "fabricwaste", Blend::None),
    fuel("fueloil", NonRenewable, "fueloil", Blend::None),
    fuel("lng", NonRenewable, "lng", Blend::None),
    fuel("lpg", NonRenewable, "lpg", Blend::None),
    fuel("naturalgas", NonRenewable, "naturalgas", Blend::None),
    fuel("petrol", NonRenewable, "petrol", Blend::None),
    fuel("propane", NonRenewable, "propane", Blend::None),
    src(
        "biomasscert",
        Biomass,
        Kind::Fuel {
            fuel: "biomass",
            blend: Blend::None,
        },
        true,
    ),
    src(
        "biomassgen",
        Biomass,
        Kind::Fuel {
            fuel: "biomass",
            blend: Blend::None,
        },
        false,
    ),
];

/// Vehicle energy sources of `envehicleheader`.
pub const VEHICLE_SOURCES: [SourceDef; 13] = [
    fuel("diesel", NonRenewable, "diesel", Blend::BiodieselInDiesel),
    fuel(
        "biodiesel",
        Renewable,
        "biodiesel",
        Blend::BiodieselInBiodiesel,
    ),
    fuel("petrol", NonRenewable, "petrol", Blend::EthanolInPetrol),
    fuel("ethanol", Renewable, "ethanol", Blend::EthanolInEthanol),
    fuel("cng", NonRenewable, "cng", Blend::None),
    fuel("lpg", NonRenewable, "lpg", Blend::None),
    fuel("lng", NonRenewable, "lng", Blend::None),
    fuel("propane", NonRenewable, "propane", Blend::None),
    fuel("biogas", Renewable, "biogas", Blend::None),
    fuel("hydrogenr", Renewable, "hydrogen", Blend::None),
    fuel("hydrogennr", NonRenewable, "hydrogen", Blend::None),
    src("electric", Purchased, Kind::GridElectricity, false),
    src("electricrenew", Renewable, Kind::PurchasedRenewable, true),
];

pub fn stationary_source(id: &str) -> Option<&'static SourceDef> {
    STATIONARY_SOURCES.iter().find(|s| s.id == id)
}

pub fn vehicle_source(id: &str) -> Option<&'static SourceDef> {
    VEHICLE_SOURCES.iter().find(|s| s.id == id)
}

/// Whether `unit` makes sense for the source (electricity in litres does not).
pub fn unit_allowed(def: &SourceDef, factors: &Factors, unit: Unit) -> bool {
    match unit.dimension() {
        Dimension::Energy => true,
        Dimension::Volume | Dimension::Mass => match def.kind {
            Kind::Steam => unit.dimension() == Dimension::Mass,
            Kind::Fuel { fuel, .. } => match factors.fuels.get(fuel).map(|f| f.state) {
                Some(State::Liquid) => true,
                Some(State::Gas) => matches!(unit, Unit::M3 | Unit::Kg | Unit::T),
                Some(State::Solid) => unit.dimension() == Dimension::Mass,
                None => false,
            },
            _ => false,
        },
    }
}

/// The unit ids allowed for a source, for messages and UIs.
pub fn allowed_units(def: &SourceDef, factors: &Factors) -> Vec<&'static str> {
    Unit::ALL
        .into_iter()
        .filter(|u| unit_allowed(def, factors, *u))
        .map(Unit::id)
        .collect()
}
