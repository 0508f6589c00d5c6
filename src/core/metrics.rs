//! Figures the core computes from the answers, for conditions such as "targets cover more than
//! 90% of the facility's energy (MJ)". Each metric is absent when it cannot be computed (for
//! example no energy quantities yet), so a condition on it is false rather than guessed.
//! Metrics read the answers as stored (the energy tables are shown whenever energy is tracked).

use std::collections::BTreeMap;

use super::answers::Answers;
use super::bank::Bank;
use super::ghg::{self, Factors};

/// Metric ids a bank may name in `{"metric": {"id": …}}`.
pub const METRICS: [&str; 2] = ["energy_target_coverage_pct", "energy_total_mj"];

/// The metrics that can be computed. Energy figures come from [`ghg::energy_mj`] (MJ only, no
/// emissions report), equal to the report's `total_mj` and `target_coverage_pct`.
pub fn compute(_bank: &Bank, answers: &Answers) -> BTreeMap<&'static str, f64> {
    compute_from(answers.as_map())
}

/// The same, reading the answers through any [`ghg::Lookup`] (a rescore reads them by position).
pub fn compute_from<A: ghg::Lookup + ?Sized>(answers: &A) -> BTreeMap<&'static str, f64> {
    let energy = ghg::energy_mj(answers, Factors::builtin());
    let mut out = BTreeMap::new();
    let total = energy.total_mj();
    if total > 0.0 {
        out.insert("energy_total_mj", total);
    }
    if let Some(pct) = energy.target_coverage_pct() {
        out.insert("energy_target_coverage_pct", pct);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn target_coverage_is_the_share_of_mj_with_a_target() {
        // 1000 kWh electricity = 3600 MJ; 100 GJ natural gas = 100000 MJ. A target on the
        // electricity only covers 3600 / 103600 = 3.47%.
        let answers: Answers = [
            ("ensourceheader", json!(["electricpurch", "naturalgas"])),
            (
                "ensourcetracktable",
                json!([
                    {"row": "electricpurch", "quantity": 1000, "unit": "kwh"},
                    {"row": "naturalgas", "quantity": 100, "unit": "gj"}
                ]),
            ),
            ("entargettable", json!(["electricpurch"])),
        ]
        .into_iter()
        .collect();
        let bank = Bank::builtin().unwrap();
        let m = compute(&bank, &answers);
        assert!((m["energy_total_mj"] - 103_600.0).abs() < 1e-6, "{m:?}");
        assert!((m["energy_target_coverage_pct"] - 3600.0 / 103_600.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn no_energy_means_no_metric() {
        let bank = Bank::builtin().unwrap();
        assert!(compute(&bank, &Answers::new()).is_empty());
    }
}
