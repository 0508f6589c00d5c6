//! Score integrity against the seeds (issue 15): the rules a brand relies on when it recomputes
//! a posted score, each tested where the bank decides it. Documented in `docs/scoring.md`
//! (decisions 15–20).

use std::collections::BTreeMap;

use openfem::core::bank::ScoreRule;
use openfem::core::condition_eval::Facts;
use openfem::core::points::{outcome, Outcome};
use openfem::core::{metrics, Answers, Bank};
use serde_json::{json, Value};

/// Answers and metric values, as a rule reads them.
struct Given {
    answers: BTreeMap<&'static str, Value>,
    metrics: BTreeMap<&'static str, f64>,
}

impl Facts for Given {
    fn answer(&self, q: &str) -> Option<&Value> {
        self.answers.get(q)
    }
    fn metric(&self, id: &str) -> Option<f64> {
        self.metrics.get(id).copied()
    }
}

/// The fraction of its share a question earns under `answers` and `metrics` (`None`: unscored).
fn fraction(q: &str, answers: &[(&'static str, Value)], metrics: &[(&'static str, f64)]) -> f64 {
    let bank = Bank::builtin().expect("bank");
    let question = bank.question(q).expect("question");
    let rule: &ScoreRule = question.score.as_ref().expect("scored");
    let given = Given {
        answers: answers.iter().cloned().collect(),
        metrics: metrics.iter().cloned().collect(),
    };
    match outcome(rule, given.answers.get(q), &given) {
        Outcome::Scored { fraction, .. } => fraction,
        Outcome::Unscored(why) => panic!("{q} unscored: {why:?}"),
    }
}

#[test]
fn energy_targets_covering_exactly_90_percent_earn_partial_points() {
    let yes = [("entarget", json!("yes"))];
    let at = |pct: f64| fraction("entarget", &yes, &[("energy_target_coverage_pct", pct)]);
    assert_eq!(at(90.0), 0.5, "exactly 90% is partial");
    assert_eq!(at(90.01), 1.0, "more than 90% is full");
    assert_eq!(at(89.5), 0.5, "between 89% and 90% is partial");
    assert_eq!(at(50.0), 0.5);
    assert_eq!(at(49.99), 0.0);
}

#[test]
fn vehicle_energy_does_not_count_toward_energy_target_coverage() {
    let bank = Bank::builtin().expect("bank");
    let facility: Vec<(&str, Value)> = vec![
        ("ensourceheader", json!(["electricpurch", "naturalgas"])),
        (
            "ensourcetracktable",
            json!([
                {"row": "electricpurch", "quantity": 1000, "unit": "kwh"},
                {"row": "naturalgas", "quantity": 100, "unit": "gj"}
            ]),
        ),
        ("entargettable", json!(["electricpurch", "naturalgas"])),
    ];
    let without: Answers = facility.iter().cloned().collect();
    let before = metrics::compute(&bank, &without)["energy_target_coverage_pct"];
    assert!((before - 100.0).abs() < 1e-9, "{before}");
    // A large untargeted vehicle fleet leaves the facility's coverage as it was.
    let mut with = facility.clone();
    with.push(("envehicleheader", json!(["diesel"])));
    with.push((
        "ensourcevehicletable",
        json!([{"row": "diesel", "quantity": 1_000_000, "unit": "mj"}]),
    ));
    let with: Answers = with.into_iter().collect();
    let m = metrics::compute(&bank, &with);
    assert!(
        m["energy_total_mj"] > metrics::compute(&bank, &without)["energy_total_mj"],
        "the vehicle energy is read: {m:?}"
    );
    assert_eq!(m["energy_target_coverage_pct"], before);
}

#[test]
fn ghg_reduction_against_the_previous_year_alone_earns_half_points() {
    let f = |base: &str, yoy: &str| {
        fraction(
            "enghgreduce",
            &[("enghgreduce", json!(base)), ("enghgreduceyoy", json!(yoy))],
            &[],
        )
    };
    assert_eq!(f("yes", "yes"), 1.0);
    assert_eq!(f("yes", "no"), 0.5);
    assert_eq!(
        f("no", "yes"),
        0.5,
        "seed 003: baseline *or* year over year"
    );
    assert_eq!(f("no", "no"), 0.0);
}

#[test]
fn the_previous_year_reduction_is_asked_after_no_against_the_baseline() {
    let bank = Bank::builtin().expect("bank");
    let yoy = bank.question("enghgreduceyoy").expect("question");
    let strategies = bank.question("enghgreducestrategies").expect("question");
    let given = |base: &str, yoy: Option<&str>| Given {
        answers: [("enghgreduce", json!(base))]
            .into_iter()
            .chain(yoy.map(|y| ("enghgreduceyoy", json!(y))))
            .collect(),
        metrics: BTreeMap::new(),
    };
    let shows = |q: &openfem::core::bank::Question, g: &Given| {
        q.visible_if.as_ref().is_none_or(|c| c.holds(g))
    };
    assert!(shows(yoy, &given("no", None)));
    assert!(shows(strategies, &given("no", Some("yes"))));
    assert!(!shows(strategies, &given("no", Some("no"))));
}

#[test]
fn facility_types_are_the_six_of_seed_004() {
    let bank = Bank::builtin().expect("bank");
    let q = bank.question("sipfacilitytype").expect("question");
    let ids = q.answer.option_ids().expect("options");
    assert_eq!(
        ids,
        [
            "final_assembly",
            "finished_processing",
            "subassembly",
            "material_production",
            "raw_material_processing",
            "raw_material_collection"
        ]
    );
    let seed = std::fs::read_to_string("../shared/seeds/004_a08d3bc9e26e2502.txt").expect("seed");
    assert!(seed.contains("Component / Sub-Assembly Manufacturing (including Packaging)"));
}
