//! Unit ids of the bank and their exact conversions.

use serde::{Deserialize, Serialize};

/// MJ in one kWh (exact).
pub const MJ_PER_KWH: f64 = 3.6;
/// MJ in one international-table BTU × 10⁶ (1 BTU = 1055.05585262 J).
pub const MJ_PER_MMBTU: f64 = 1_055.055_852_62;
/// MJ in one US therm (10⁵ BTU).
pub const MJ_PER_THERM: f64 = 105.505_585_262;
/// Litres in one US gallon (exact: 231 in³).
pub const L_PER_GAL_US: f64 = 3.785_411_784;

/// A unit of measure as the bank spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Kwh,
    Mwh,
    Mj,
    Gj,
    Therm,
    Mmbtu,
    L,
    GalUs,
    M3,
    Kg,
    T,
}

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Energy,
    Volume,
    Mass,
}

impl Unit {
    pub const ALL: [Unit; 11] = [
        Unit::Kwh,
        Unit::Mwh,
        Unit::Mj,
        Unit::Gj,
        Unit::Therm,
        Unit::Mmbtu,
        Unit::L,
        Unit::GalUs,
        Unit::M3,
        Unit::Kg,
        Unit::T,
    ];

    /// Parses a bank unit id (`"kwh"`, `"gal_us"`, ...). Case and surrounding blanks are ignored.
    pub fn parse(id: &str) -> Option<Unit> {
        // Ids are lowercase ASCII: compare ignoring case rather than allocate a lowercased copy.
        let id = id.trim();
        Unit::ALL
            .into_iter()
            .find(|u| u.id().eq_ignore_ascii_case(id))
    }

    /// The bank's id of this unit.
    pub fn id(self) -> &'static str {
        match self {
            Unit::Kwh => "kwh",
            Unit::Mwh => "mwh",
            Unit::Mj => "mj",
            Unit::Gj => "gj",
            Unit::Therm => "therm",
            Unit::Mmbtu => "mmbtu",
            Unit::L => "l",
            Unit::GalUs => "gal_us",
            Unit::M3 => "m3",
            Unit::Kg => "kg",
            Unit::T => "t",
        }
    }

    pub fn dimension(self) -> Dimension {
        match self {
            Unit::Kwh | Unit::Mwh | Unit::Mj | Unit::Gj | Unit::Therm | Unit::Mmbtu => {
                Dimension::Energy
            }
            Unit::L | Unit::GalUs | Unit::M3 => Dimension::Volume,
            Unit::Kg | Unit::T => Dimension::Mass,
        }
    }

    /// MJ in one unit, for energy units.
    pub fn mj(self) -> Option<f64> {
        match self {
            Unit::Kwh => Some(MJ_PER_KWH),
            Unit::Mwh => Some(MJ_PER_KWH * 1000.0),
            Unit::Mj => Some(1.0),
            Unit::Gj => Some(1000.0),
            Unit::Therm => Some(MJ_PER_THERM),
            Unit::Mmbtu => Some(MJ_PER_MMBTU),
            _ => None,
        }
    }

    /// Litres in one unit, for volume units (`m3` = 1000 L of liquid).
    pub fn litres(self) -> Option<f64> {
        match self {
            Unit::L => Some(1.0),
            Unit::GalUs => Some(L_PER_GAL_US),
            Unit::M3 => Some(1000.0),
            _ => None,
        }
    }

    /// Kilograms in one unit, for mass units.
    pub fn kg(self) -> Option<f64> {
        match self {
            Unit::Kg => Some(1.0),
            Unit::T => Some(1000.0),
            _ => None,
        }
    }
}

/// Converts an energy quantity between two energy units; `None` when either is not an energy unit.
pub fn convert_energy(quantity: f64, from: Unit, to: Unit) -> Option<f64> {
    Some(quantity * from.mj()? / to.mj()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for u in Unit::ALL {
            assert_eq!(Unit::parse(u.id()), Some(u));
            let json = serde_json::to_string(&u).unwrap();
            assert_eq!(json, format!("\"{}\"", u.id()));
        }
        assert_eq!(Unit::parse(" KWh "), Some(Unit::Kwh));
        assert_eq!(Unit::parse("litre"), None);
    }

    #[test]
    fn energy_constants() {
        assert_eq!(convert_energy(1.0, Unit::Mwh, Unit::Kwh), Some(1000.0));
        assert_eq!(convert_energy(1.0, Unit::Gj, Unit::Mj), Some(1000.0));
        assert!((convert_energy(10.0, Unit::Therm, Unit::Mmbtu).unwrap() - 1.0).abs() < 1e-12);
        assert!(
            (convert_energy(1.0, Unit::Mmbtu, Unit::Kwh).unwrap() - 293.071_070_17).abs() < 1e-6
        );
        assert_eq!(convert_energy(1.0, Unit::L, Unit::Kwh), None);
    }
}
