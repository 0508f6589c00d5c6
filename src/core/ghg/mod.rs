//! Energy in MJ and Scope 1/2 GHG emissions for the Higg FEM Energy section.
//!
//! Pure and deterministic: no I/O, no clock, compiles for wasm32. Factors are data
//! (`factors.json`, embedded); every figure in the report carries the factor and source used.
//! Sources and years of every number: `docs/energy-factors.md`.
//!
//! - [`compute`]: [`EnergyInput`] + [`Factors`] → [`EnergyReport`].
//! - [`from_answers`]: the bank's answers (by Ref ID) → [`EnergyInput`].
//! - [`energy_mj`]: only the MJ totals from the answers (for metrics), no report.
//! - [`energy_target_coverage_pct`]: share of MJ from sources that carry a target.

mod answers;
mod compute;
pub mod factors;
mod model;
pub mod units;

pub use answers::{
    compute_from_answers, energy_mj, energy_target_coverage_pct, from_answers, target_coverage_pct,
    AnswerContext, EnergyMj, Lookup,
};
pub use compute::compute;
pub use factors::{FactorUsed, Factors, STATIONARY_SOURCES, VEHICLE_SOURCES};
pub use model::*;
pub use units::Unit;
