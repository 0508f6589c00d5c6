//! The improvement plan (`core::plan`) over random answer sets, and each data check
//! (`core::datachecks`) at its boundaries.

mod common;

use common::random::random_answers;
use openfem::core::bank::Bank;
use openfem::core::datachecks::{data_checks, message_english, DataCheck, DATA_CHECK_MESSAGES};
use openfem::core::entry::Date;
use openfem::core::plan::{plan, ungated_total};
use openfem::core::{evaluate, Answers};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::OnceLock;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::builtin().expect("built-in bank"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Applying the top-ranked action raises the total (or, while a gate holds, the total once
    /// it is fixed) by exactly the gain shown; no action gains nothing; the gate comes first.
    #[test]
    fn the_top_action_gains_exactly_what_it_shows(rolls in prop::collection::vec(any::<u32>(), 64..256)) {
        let answers = random_answers(&rolls);
        let now = evaluate(bank(), &answers);
        let p = plan(bank(), &answers, &now);
        prop_assert_eq!(p.total, now.total);
        prop_assert_eq!(p.gate.is_some(), now.zeroed.is_some());
        prop_assert_eq!(p.gains_after_gate, now.zeroed.is_some());
        if let Some(gate) = &p.gate {
            prop_assert_eq!(gate.id, &*now.zeroed.as_ref().unwrap().id);
            prop_assert_eq!(gate.gain, ungated_total(&now));
        }
        for a in &p.actions {
            prop_assert!(a.gain > 0.0, "{:?}", a);
        }
        for w in p.actions.windows(2) {
            prop_assert!(w[0].gain >= w[1].gain);
        }
        if let Some(top) = p.actions.first() {
            let mut after = answers.clone();
            after.set(top.question, json!(top.to.as_str()));
            let after = evaluate(bank(), &after);
            let gained = if p.gains_after_gate {
                ungated_total(&after) - ungated_total(&now)
            } else {
                after.total - now.total
            };
            prop_assert_eq!(gained, top.gain);
        }
        // A path whose steps were all re-scored says what re-scoring found.
        for s in &p.sections {
            if let Some(next) = &s.next_level {
                prop_assert!(!next.steps.is_empty() || next.rescored.is_none());
            }
            if !s.level1_blockers.is_empty() {
                prop_assert_eq!(s.next_level.as_ref().map(|n| n.level), Some(1));
            }
        }
    }
}

/// The property above is not vacuous: over fixed seeds, most answer sets have actions, some
/// are gated, and the top action of each is exact.
#[test]
fn over_fixed_seeds_plans_have_actions_and_gates_and_exact_gains() {
    let (mut with_actions, mut gated) = (0, 0);
    for seed in 0..40 {
        let answers = random_answers(&common::random::rolls(seed));
        let now = evaluate(bank(), &answers);
        let p = plan(bank(), &answers, &now);
        gated += usize::from(p.gate.is_some());
        let Some(top) = p.actions.first() else {
            continue;
        };
        with_actions += 1;
        let mut after = answers.clone();
        after.set(top.question, json!(top.to.as_str()));
        let after = evaluate(bank(), &after);
        let gained = if p.gains_after_gate {
            ungated_total(&after) - ungated_total(&now)
        } else {
            after.total - now.total
        };
        assert_eq!(gained, top.gain, "seed {seed}");
    }
    assert!(
        with_actions >= 20,
        "only {with_actions} of 40 answer sets had actions"
    );
    assert!(gated >= 1, "no answer set was gated");
}

#[test]
fn a_gate_comes_first_and_is_worth_the_score_behind_it() {
    let mut answers = random_answers(&common::random::rolls(7));
    answers.set("sipvalidoperatinglicense", json!("no"));
    let now = evaluate(bank(), &answers);
    assert_eq!(now.total, 0.0);
    let p = plan(bank(), &answers, &now);
    let gate = p.gate.as_ref().expect("the licence gate");
    assert_eq!(gate.id, "no-operating-licence");
    assert!(gate.refs.contains(&"sipvalidoperatinglicense"));
    let mut fixed = answers.clone();
    fixed.set("sipvalidoperatinglicense", json!("yes"));
    let fixed = evaluate(bank(), &fixed);
    if fixed.zeroed.is_none() {
        assert_eq!(gate.gain, fixed.total);
    }
    // In the JSON the CLI prints, the gate is the first key after the total.
    let text = serde_json::to_string(&p).unwrap();
    assert!(text.find("\"gate\"").unwrap() < text.find("\"sections\"").unwrap());
}

#[test]
fn a_capped_section_lists_its_level1_blockers_and_a_verified_path() {
    // Energy with nothing answered: Level 1 not achieved.
    let answers = Answers::new();
    let now = evaluate(bank(), &answers);
    let p = plan(bank(), &answers, &now);
    for s in &p.sections {
        let result = now.sections.iter().find(|r| r.id == s.id).unwrap();
        assert_eq!(s.level1_blockers.is_empty(), !result.capped, "{}", s.id);
        if let Some(next) = &s.next_level {
            assert!(!next.steps.is_empty(), "{}", s.id);
            if let Some(r) = &next.rescored {
                // Re-scored: the section's gain is what evaluating says.
                let mut after = answers.clone();
                for step in &next.steps {
                    after.set(step.question, json!(step.to.unwrap().as_str()));
                }
                let after = evaluate(bank(), &after);
                let section = after.sections.iter().find(|x| x.id == s.id).unwrap();
                assert_eq!(
                    r.section_gain,
                    section.score.unwrap() - result.score.unwrap()
                );
                assert_eq!(r.total_gain, after.total - now.total);
            }
        }
    }
}

#[test]
fn the_cli_prints_the_plan_as_json() {
    let dir = std::env::temp_dir().join(format!("openfem-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("answers.json");
    std::fs::write(
        &file,
        r#"{"format":"openfem-answers","version":1,"bank":"fem-2024","answers":{"sipvalidoperatinglicense":"no"}}"#,
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_openfem"))
        .args(["plan", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["gate"]["id"], "no-operating-licence");
    assert_eq!(plan["gains_after_gate"], true);
    let actions = plan["actions"].as_array().unwrap();
    assert!(!actions.is_empty());
    assert!(actions.iter().all(|a| a["gain"].as_f64().unwrap() > 0.0));
    assert_eq!(actions[0]["to"], "yes");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_openfem"))
        .args(["plan"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

#[test]
fn the_cli_prints_the_checks_of_a_day_with_their_notes() {
    let dir = std::env::temp_dir().join(format!("openfem-checks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("answers.json");
    std::fs::write(
        &file,
        r#"{"format":"openfem-answers","version":1,"bank":"fem-2024","answers":{"sipoperatingdays":365,"sipapprovedtrainingyear":2026},
           "dismissed_checks":{"operating_days:sipoperatingdays":{"note":"open every day","at":"2026-01-01T00:00:00Z"}}}"#,
    )
    .unwrap();
    let run = |today: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_openfem"))
            .args(["checks", "--today", today, file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["checks"].as_array().unwrap().clone()
    };
    let checks = run("2026-12-06");
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert_eq!(checks[0]["key"], "operating_days:sipoperatingdays");
    assert_eq!(checks[0]["dismissed"]["note"], "open every day");
    assert!(checks[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("365 operating days"));
    // The day decides: in 2025 the training year 2026 is in the future, and not dismissed.
    let checks = run("2025-06-01");
    let future = checks.iter().find(|c| c["check"] == "future_year").unwrap();
    assert_eq!(future["dismissed"], Value::Null);
    // Without --today: usage, exit 1.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_openfem"))
        .args(["checks", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

// ---- Data checks ----

fn today() -> Date {
    Date::new(2026, 12, 6).unwrap()
}

fn checks(answers: Value) -> Vec<DataCheck> {
    let answers: Answers = answers
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    data_checks(bank(), &answers, today())
}

fn fired(answers: Value, check: &str) -> bool {
    checks(answers).iter().any(|c| c.check == check)
}

#[test]
fn every_check_message_has_english_and_a_translation_key() {
    let en: std::collections::BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/ui/locales/en.json"
        ))
        .unwrap(),
    )
    .unwrap();
    for (key, english) in DATA_CHECK_MESSAGES {
        assert_eq!(en.get(*key).map(String::as_str), Some(*english), "{key}");
    }
}

#[test]
fn operating_days_fire_at_365_and_not_at_364() {
    assert!(fired(json!({"sipoperatingdays": 365}), "operating_days"));
    assert!(fired(json!({"sipoperatingdays": 366}), "operating_days"));
    assert!(!fired(json!({"sipoperatingdays": 364}), "operating_days"));
    assert!(!fired(json!({}), "operating_days"));
    let c = &checks(json!({"sipoperatingdays": 365}))[0];
    assert_eq!(c.key, "operating_days:sipoperatingdays");
    assert!(message_english(&c.message).starts_with("365 operating days"));
}

fn one_type(pieces: f64, kwh: f64, water_m3: Option<f64>) -> Value {
    let mut a = json!({
        "sipfacilitytype": ["final_assembly"],
        "sipfacilityannualprodvol": [{"row": "final_assembly", "sipfacilityannualprodvolquant": pieces, "sipfacilityannualprodvolunits": "pieces"}],
        "ensourceheader": ["electricpurch"],
        "ensourcetracktable": [{"row": "electricpurch", "tracked": "yes", "quantity": kwh, "unit": "kwh"}]
    });
    if let Some(m3) = water_m3 {
        a["watsource"] = json!(["municipal"]);
        a["wattracktotal"] = json!([{"row": "municipal", "tracked": "yes", "quantity": m3}]);
    }
    a
}

#[test]
fn energy_per_unit_fires_above_the_outlier_threshold_and_far_below() {
    // Final assembly: 810 MJ per piece; 1,000 pieces → 810,000 MJ = 225,000 kWh.
    assert!(!fired(
        one_type(1000.0, 225_000.0, None),
        "energy_intensity"
    ));
    assert!(fired(one_type(1000.0, 225_100.0, None), "energy_intensity"));
    // Below 810 / 10,000 = 0.081 MJ per piece: 81 MJ = 22.5 kWh.
    assert!(!fired(one_type(1000.0, 22.5, None), "energy_intensity"));
    assert!(fired(one_type(1000.0, 22.0, None), "energy_intensity"));
}

#[test]
fn water_per_unit_fires_above_the_outlier_threshold() {
    // Final assembly: 2,288 L per piece; 1,000 pieces → 2,288 m³.
    assert!(!fired(
        one_type(1000.0, 1000.0, Some(2288.0)),
        "water_intensity"
    ));
    assert!(fired(
        one_type(1000.0, 1000.0, Some(2289.0)),
        "water_intensity"
    ));
}

#[test]
fn electricity_in_mj_is_questioned_and_in_kwh_is_not() {
    let mut a = one_type(1000.0, 1000.0, None);
    assert!(!fired(a.clone(), "electricity_unit"));
    a["ensourcetracktable"][0]["unit"] = json!("mj");
    assert!(fired(a.clone(), "electricity_unit"));
    a["ensourcetracktable"][0]["unit"] = json!("mwh");
    assert!(!fired(a, "electricity_unit"));
}

#[test]
fn water_per_worker_day_above_100_m3_suggests_litres() {
    let a = |m3: f64| {
        json!({
            "sipoperatingdays": 300,
            "siptotalnumemployees": [{"row": "fulltime", "count": 100}],
            "wattracktotal": [{"row": "municipal", "tracked": "yes", "quantity": m3}]
        })
    };
    // 100 workers × 300 days × 100 m³ = 3,000,000 m³.
    assert!(!fired(a(3_000_000.0), "water_magnitude"));
    assert!(fired(a(3_000_100.0), "water_magnitude"));
}

#[test]
fn a_tracked_source_needs_a_quantity() {
    let a = |q: Value| json!({"ensourcetracktable": [{"row": "diesel", "tracked": "yes", "quantity": q}]});
    assert!(fired(a(Value::Null), "no_quantity"));
    assert!(fired(a(json!(0)), "no_quantity"));
    assert!(!fired(a(json!(0.5)), "no_quantity"));
    assert!(!fired(
        json!({"ensourcetracktable": [{"row": "diesel", "tracked": "no"}]}),
        "no_quantity"
    ));
    let c = checks(a(Value::Null));
    assert_eq!(c[0].key, "no_quantity:ensourcetracktable[diesel]");
    assert!(fired(
        json!({"wwtrackoptdetail": [{"type": "industrial", "tracked": "yes"}]}),
        "no_quantity"
    ));
}

#[test]
fn shares_of_a_whole_above_100_fire_beyond_rounding() {
    let a = |x: f64| {
        json!({"ensourcefacilitytypesplit": [
            {"row": "final_assembly", "production_pct": 60},
            {"row": "finished_processing", "production_pct": x}
        ]})
    };
    assert!(!fired(a(40.0), "shares_over_100"));
    assert!(!fired(a(40.5), "shares_over_100"));
    assert!(fired(a(40.6), "shares_over_100"));
}

#[test]
fn wastewater_above_intake_fires_and_equal_does_not() {
    let a = |out: f64| {
        json!({
            "wattracktotal": [{"row": "municipal", "tracked": "yes", "quantity": 1000}],
            "wwtrackoptdetail": [{"type": "industrial", "tracked": "yes", "volume": out}]
        })
    };
    assert!(!fired(a(1000.0), "wastewater_over_intake"));
    assert!(fired(a(1000.5), "wastewater_over_intake"));
}

#[test]
fn years_in_the_future_and_baselines_after_the_reporting_year() {
    // Today is 2026-12-06; the reporting year of fem-2024 is 2024.
    assert!(fired(
        json!({"sipapprovedtrainingyear": 2027}),
        "future_year"
    ));
    assert!(!fired(
        json!({"sipapprovedtrainingyear": 2026}),
        "future_year"
    ));
    let baseline =
        |y: i32| json!({"watbaselineeall": [{"row": "municipal", "baseline": "yes", "year": y}]});
    assert!(fired(baseline(2027), "future_year"));
    assert!(!fired(baseline(2027), "baseline_after_reporting"));
    assert!(fired(baseline(2025), "baseline_after_reporting"));
    assert!(!fired(baseline(2024), "baseline_after_reporting"));
    assert!(!fired(baseline(2024), "future_year"));
    // A training year after the reporting year is no baseline.
    assert!(!fired(
        json!({"sipapprovedtrainingyear": 2025}),
        "baseline_after_reporting"
    ));
}

#[test]
fn old_drafts_and_exports_without_dismissals_still_load_and_new_ones_round_trip() {
    use openfem::core::datachecks::Dismissal;
    use openfem::core::draft::Draft;
    use openfem::core::AnswersDoc;
    let old = r#"{"format":1,"id":"d1","name":"x","bank":"fem-2024","bank_version":"2024.1.0","answers":{"sipoperatingdays":365},"revision":3,"updated":"2026-01-01T00:00:00Z"}"#;
    let mut draft = Draft::parse(old).expect("an old draft loads");
    assert!(draft.dismissed.is_empty());
    assert!(!draft.to_json().contains("dismissed"));
    draft.dismissed.insert(
        "operating_days:sipoperatingdays".into(),
        Dismissal {
            note: "We run 7 days a week".into(),
            at: "2026-12-06T00:00:00Z".into(),
        },
    );
    let back = Draft::parse(&draft.to_json()).unwrap();
    assert_eq!(back.dismissed, draft.dismissed);

    let mut doc = AnswersDoc::new(bank(), draft.answers.clone());
    doc.dismissed_checks = draft.dismissed.clone();
    let text = doc.to_json_pretty();
    assert!(text.contains("We run 7 days a week"));
    let read = AnswersDoc::parse(&text, bank()).unwrap();
    assert_eq!(read.dismissed_checks, draft.dismissed);
    let mut imported = Draft::new(bank(), "d2", "y", "now");
    imported.import(read, "now");
    assert_eq!(imported.dismissed, draft.dismissed);
}
