//! Figures the core computes from the answers, for conditions such as "targets cover more than
//! 90% of the facility's energy (MJ)". Each metric is absent when it cannot be computed (for
//! example no energy quantities yet), so a condition on it is false rather than guessed.

use std::collections::BTreeMap;

use super::answers::Answers;
use super::bank::Bank;

/// Metric ids a bank may name in `{"metric": {"id": …}}`.
pub const METRICS: [&str; 2] = ["energy_target_coverage_pct", "energy_total_mj"];

pub fn compute(_bank: &Bank, _answers: &Answers) -> BTreeMap<&'static str, f64> {
    BTreeMap::new()
}
