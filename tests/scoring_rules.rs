//! One test per rule of the FEM 4.0 scoring methodology (seed 002), each a worked example
//! computed by hand in its comments. The bank is `common::bank_json`.

mod common;

use common::*;
use openfem::core::assess::Progression;
use serde_json::json;

#[test]
fn all_positive_scores_100_everywhere() {
    let a = eval(&answers(&all_positive()));
    for s in ["ems", "water", "air", "wastewater", "energy"] {
        assert_close!(section(&a, s).score.unwrap(), 100.0);
    }
    assert_close!(a.total, 100.0);
    assert!(a.zeroed.is_none());
    assert!(a.can_post, "missing: {:?}", a.completion.missing);
}

#[test]
fn levels_weigh_25_50_25() {
    let a = eval(&answers(&all_positive()));
    let weights: Vec<f64> = section(&a, "ems").levels.iter().map(|l| l.weight).collect();
    assert_eq!(weights, vec![25.0, 50.0, 25.0]);
}

#[test]
fn yes_full_partial_half_split_equally_in_the_level() {
    // EMS L1 has four scored questions (a1 a2 a3 a5): 25 / 4 = 6.25 each.
    // a2 Partial Yes = 3.125, so L1 = 6.25 * 3 + 3.125 = 21.875; section = 21.875 + 50 + 25.
    let a = eval(&with(&[("a2", json!("partial"))]));
    let q = question(&a, "a2").unwrap();
    assert_close!(q.points.unwrap(), 3.125);
    assert_close!(q.max.unwrap(), 6.25);
    // Figures in sentences have one decimal, as everywhere in the widget.
    assert_eq!(q.why.to_string(), "Partial Yes: half of 6.3");
    assert_close!(level(&a, "ems", 1).points, 21.875);
    assert_close!(section(&a, "ems").score.unwrap(), 96.875);
}

#[test]
fn partial_yes_does_not_block_level_2() {
    let a = eval(&with(&[("a2", json!("partial"))]));
    assert!(level(&a, "ems", 1).achieved);
    assert!(level(&a, "ems", 2).open);
    assert_close!(level(&a, "ems", 2).points, 50.0);
}

#[test]
fn no_and_unknown_earn_nothing_and_block() {
    // a1 = No: L1 = 3 * 6.25 = 18.75, not achieved; L2/L3 earn nothing: section = 18.75.
    let a = eval(&with(&[("a1", json!("no"))]));
    assert_close!(question(&a, "a1").unwrap().points.unwrap(), 0.0);
    assert!(!level(&a, "ems", 1).achieved);
    assert_close!(section(&a, "ems").score.unwrap(), 18.75);
    assert!(section(&a, "ems").capped);
}

#[test]
fn not_applicable_redistributes_within_the_level() {
    // a1 = N/A: three scored questions remain in L1: 25 / 3 each = 8.333…; all positive → 25.
    let a = eval(&with(&[("a1", json!("na"))]));
    let q = question(&a, "a1").unwrap();
    assert!(!q.scored);
    assert_eq!(q.points, None);
    assert!(q.why.to_string().starts_with("Not Applicable: unscored"));
    assert_close!(question(&a, "a2").unwrap().max.unwrap(), 25.0 / 3.0);
    assert_close!(level(&a, "ems", 1).points, 25.0);
    assert!(level(&a, "ems", 1).achieved);
    // With a2 then No: L1 = 2 * 8.333 = 16.667.
    let a = eval(&with(&[("a1", json!("na")), ("a2", json!("no"))]));
    assert_close!(level(&a, "ems", 1).points, 50.0 / 3.0);
}

#[test]
fn no_that_earns_full_points() {
    // a5 scores No = full, Yes = nothing.
    let a = eval(&answers(&all_positive()));
    let q = question(&a, "a5").unwrap();
    assert_close!(q.points.unwrap(), 6.25);
    assert!(
        q.why.to_string().starts_with("No earns full points"),
        "{}",
        q.why
    );
    let a = eval(&with(&[("a5", json!("yes"))]));
    assert_close!(question(&a, "a5").unwrap().points.unwrap(), 0.0);
    assert!(!level(&a, "ems", 1).achieved);
}

#[test]
fn not_applicable_that_earns_full_points() {
    // c2's N/A earns full points: L3 = c1 12.5 + c2 12.5.
    let a = eval(&with(&[("c2", json!("na"))]));
    let q = question(&a, "c2").unwrap();
    assert!(q.scored);
    assert_close!(q.points.unwrap(), 12.5);
    assert_close!(level(&a, "ems", 3).points, 25.0);
}

#[test]
fn unscored_questions_never_score_and_never_block() {
    // a4 is unscored: "No" there leaves Level 1 achieved and earns nothing.
    let a = eval(&with(&[("a4", json!("no"))]));
    let q = question(&a, "a4").unwrap();
    assert!(!q.scored);
    assert_eq!(q.points, None);
    assert!(level(&a, "ems", 1).achieved);
    assert_close!(section(&a, "ems").score.unwrap(), 100.0);
}

#[test]
fn unanswered_is_not_positive() {
    // a3 unanswered: L1 not achieved, 18.75 points, and Level 1 is incomplete so no prompt yet.
    let a = eval(&with(&[("a3", serde_json::Value::Null)]));
    assert!(!level(&a, "ems", 1).achieved);
    assert_close!(level(&a, "ems", 1).points, 18.75);
    assert_eq!(section(&a, "ems").progression, Progression::NotOffered);
    assert!(question(&a, "b1").is_none(), "Level 2 stays hidden");
    assert!(a.completion.missing.contains(&"a3".into()));
}

#[test]
fn level_2_and_3_hidden_until_level_1_is_achieved() {
    let a = eval(&with(&[("a1", json!("no"))]));
    assert_eq!(section(&a, "ems").progression, Progression::Asked);
    assert!(question(&a, "b1").is_none());
    assert!(question(&a, "c1").is_none());
    assert!(
        question(&a, "emslevel2opt").is_some(),
        "the progression question is asked"
    );
    assert!(!level(&a, "ems", 2).open);
}

#[test]
fn progression_yes_reveals_levels_2_3_but_caps_the_section() {
    // a1 = No → L1 = 18.75. Accepting progression shows L2/L3; their answers (all Yes) would earn
    // 75, but the section stays at 18.75.
    let a = eval(&with(&[
        ("a1", json!("no")),
        ("emslevel2opt", json!("yes")),
    ]));
    let s = section(&a, "ems");
    assert_eq!(s.progression, Progression::Accepted);
    assert!(question(&a, "b1").is_some());
    assert!(s.capped);
    assert_close!(s.score.unwrap(), 18.75);
    assert_close!(level(&a, "ems", 2).points, 0.0);
    assert_close!(level(&a, "ems", 2).uncapped_points, 50.0);
    let b1 = question(&a, "b1").unwrap();
    assert_close!(b1.points.unwrap(), 0.0);
    assert!(
        b1.why.to_string().starts_with("Level 1 is not achieved"),
        "{}",
        b1.why
    );
    // The progression question is shown between Level 1 and Level 2.
    let ids: Vec<&str> = s.questions.iter().map(|q| &*q.id).collect();
    let p = ids.iter().position(|i| *i == "emslevel2opt").unwrap();
    assert!(p < ids.iter().position(|i| *i == "b1").unwrap());
    assert!(p > ids.iter().position(|i| *i == "a5").unwrap());
}

#[test]
fn progression_no_keeps_levels_2_3_hidden_and_can_change() {
    let a = eval(&with(&[("a1", json!("no")), ("emslevel2opt", json!("no"))]));
    assert_eq!(section(&a, "ems").progression, Progression::Declined);
    assert!(question(&a, "b1").is_none());
    assert!(section(&a, "ems").completion.missing.is_empty());
    // Achieving Level 1 later opens Level 2/3 with full points, whatever was chosen.
    let a = eval(&with(&[("emslevel2opt", json!("no"))]));
    assert_eq!(section(&a, "ems").progression, Progression::NotOffered);
    assert!(question(&a, "emslevel2opt").is_none());
    assert_close!(section(&a, "ems").score.unwrap(), 100.0);
}

#[test]
fn level_3_can_be_achieved_without_level_2() {
    // b1 = No: L2 = 25 (b2 only), not achieved; L3 still earns its 25.
    let a = eval(&with(&[("b1", json!("no"))]));
    assert!(!level(&a, "ems", 2).achieved);
    assert!(level(&a, "ems", 3).achieved);
    assert_close!(section(&a, "ems").score.unwrap(), 25.0 + 25.0 + 25.0);
}

#[test]
fn pathway_that_stops_at_level_1_makes_it_worth_100() {
    // Light water user: only Level 1 asked, worth 100: w1 Yes, w2 No → 50.
    let a = eval(&with(&[("watapp", json!("light")), ("w2", json!("no"))]));
    let s = section(&a, "water");
    assert_eq!(s.levels.len(), 1);
    assert_close!(s.levels[0].weight, 100.0);
    assert_close!(s.score.unwrap(), 50.0);
    assert_eq!(s.pathway.as_deref(), Some("light user, low risk"));
    assert!(question(&a, "w3").is_none() && question(&a, "w4").is_none());
    assert_eq!(
        s.progression,
        Progression::NotOffered,
        "no Level 2/3 to progress to"
    );
    assert!(!s.capped);
}

#[test]
fn septic_only_wastewater_weighs_50_50() {
    // s1 Yes (50) + s2 No (0) = 50; Level 3 not asked.
    let a = eval(&with(&[("wwapp", json!(["septic"])), ("s2", json!("no"))]));
    let s = section(&a, "wastewater");
    let weights: Vec<(u8, f64)> = s.levels.iter().map(|l| (l.level, l.weight)).collect();
    assert_eq!(weights, vec![(1, 50.0), (2, 50.0)]);
    assert_close!(s.score.unwrap(), 50.0);
    assert!(question(&a, "s3").is_none());
    // Septic together with another pathway: the default 25/50/25 again.
    let a = eval(&with(&[("wwapp", json!(["septic", "onsite"]))]));
    assert_eq!(section(&a, "wastewater").levels.len(), 3);
}

#[test]
fn section_dropped_by_applicability_shares_its_weight() {
    // The test bank has five scored sections. Air: no emissions → not applicable; EMS = 18.75
    // and the three others 100: total = (18.75 + 300) / 4 = 79.6875 (with Air: 418.75 / 5).
    let a = eval(&with(&[("airapp", json!(["none"])), ("a1", json!("no"))]));
    let air = section(&a, "air");
    assert!(!air.applicable);
    assert_eq!(air.score, None);
    assert_eq!(
        air.questions.iter().map(|q| &*q.id).collect::<Vec<_>>(),
        vec!["airapp"]
    );
    assert_close!(a.total, (18.75 + 300.0) / 4.0);
}

#[test]
fn total_is_the_mean_of_applicable_section_scores() {
    // Five scored sections: EMS 18.75, the four others 100 → (18.75 + 400) / 5 = 83.75.
    let a = eval(&with(&[("a1", json!("no"))]));
    assert_close!(a.total, (18.75 + 400.0) / 5.0);
}

#[test]
fn licence_no_zeroes_the_module() {
    let a = eval(&with(&[("sipvalidoperatinglicense", json!("no"))]));
    assert_close!(a.total, 0.0);
    let z = a.zeroed.as_ref().unwrap();
    assert_eq!(z.id, "licence");
    assert_eq!(z.refs, vec!["sipvalidoperatinglicense"]);
    // Section scores are still shown: the facility sees what it would earn.
    assert_close!(section(&a, "ems").score.unwrap(), 100.0);
}

#[test]
fn permit_not_available_zeroes_the_module() {
    let a = eval(&with(&[
        ("sippermitsreq", json!(["water", "air"])),
        (
            "sippermits",
            json!([{"row": "water", "sippermitstatus": "available_valid"}, {"row": "air", "sippermitstatus": "not_available"}]),
        ),
    ]));
    assert_eq!(a.zeroed.as_ref().unwrap().id, "permit");
    assert_close!(a.total, 0.0);
}

#[test]
fn permit_invalid_because_requirement_cannot_be_met_zeroes_the_module() {
    let reason = |r: &str| {
        with(&[
            ("sippermitsreq", json!(["water"])),
            (
                "sippermits",
                json!([{"row": "water", "sippermitstatus": "available_invalid", "sippermitinvalidreason": r}]),
            ),
        ])
    };
    let a = eval(&reason("cannot_meet_requirement"));
    assert_eq!(a.zeroed.as_ref().unwrap().id, "reason");
    let a = eval(&reason("renewal"));
    assert!(
        a.zeroed.is_none(),
        "a valid reason does not zero the module"
    );
    assert_close!(a.total, 100.0);
}

#[test]
fn numeric_question_scores_by_threshold() {
    // e1 > 90 full; 50..=90 half; below 50 nothing. Energy L1: e1 and e2, 12.5 each.
    for (value, points) in [(95.0, 12.5), (90.0, 6.25), (50.0, 6.25), (49.9, 0.0)] {
        let a = eval(&with(&[("e1", json!(value))]));
        assert_close!(question(&a, "e1").unwrap().points.unwrap(), points);
    }
    let a = eval(&with(&[("e1", json!(70))]));
    assert_eq!(
        question(&a, "e1").unwrap().why.to_string(),
        "50 to 90%: 6.3 of 12.5"
    );
}

#[test]
fn multi_select_question_scores_by_count() {
    for (picked, points) in [
        (json!(["p1", "p2", "p3", "p4"]), 12.5),
        (json!(["p1"]), 6.25),
    ] {
        let a = eval(&with(&[("e2", picked)]));
        assert_close!(question(&a, "e2").unwrap().points.unwrap(), points);
    }
}

#[test]
fn unscored_level_1_question_feeds_a_level_2_score() {
    // w3 needs its own Yes AND the unscored L1 `wattrack` = Yes for full points. Water L2 has
    // only w3, so it carries all 50 points.
    let a = eval(&answers(&all_positive()));
    assert_close!(question(&a, "w3").unwrap().points.unwrap(), 50.0);
    let a = eval(&with(&[("wattrack", json!("no"))]));
    assert!(
        level(&a, "water", 1).achieved,
        "wattrack does not block Level 1"
    );
    assert!(!question(&a, "wattrack").unwrap().scored);
    assert_close!(question(&a, "w3").unwrap().points.unwrap(), 25.0);
}

#[test]
fn hidden_follow_up_answers_are_ignored() {
    // e3 is shown only when e1 > 0. With e1 = 0 its answer is kept but not scored, and Level 2
    // of Energy has no scored question left... but Level 1 is not achieved (e1 = 0 → 0 points).
    let a = eval(&with(&[
        ("e1", json!(0)),
        ("energylevel2opt", json!("yes")),
    ]));
    assert!(question(&a, "e3").is_none());
    assert!(!level(&a, "energy", 1).achieved);
}

#[test]
fn a_level_with_no_scored_question_left_shares_its_weight() {
    // Decision (docs/scoring.md): b1 and b2 both N/A → Level 2 has no scored question left; its
    // 50 go to L1 and L3 in proportion: L1 = 25 * 100/50 = 50, L3 = 50.
    let a = eval(&with(&[("b1", json!("na")), ("b2", json!("na"))]));
    let s = section(&a, "ems");
    let weights: Vec<f64> = s.levels.iter().map(|l| l.weight).collect();
    assert_eq!(weights, vec![50.0, 0.0, 50.0]);
    assert!(level(&a, "ems", 2).achieved, "nothing to fail");
    assert_close!(s.score.unwrap(), 100.0);
    let sum: f64 = weights.iter().sum();
    assert_close!(sum, 100.0);
}

#[test]
fn zero_score_cases_everything_no() {
    let no: Vec<(&str, serde_json::Value)> = all_positive()
        .into_iter()
        .map(|(k, v)| {
            if v == json!("yes") && k != "sipvalidoperatinglicense" {
                (k, json!("no"))
            } else {
                (k, v)
            }
        })
        .collect();
    let a = eval(&answers(&no));
    // Only a5 (No earns full) scores: EMS = 6.25; every other section 0 except Energy's numeric
    // and multi questions (95% and 3 practices = 25, L1 achieved; e3/e4 No).
    assert_close!(section(&a, "ems").score.unwrap(), 6.25);
    assert_close!(section(&a, "water").score.unwrap(), 0.0);
    assert_close!(section(&a, "energy").score.unwrap(), 25.0);
    assert_close!(a.total, (6.25 + 25.0) / 5.0);
}

#[test]
fn empty_answers_score_zero_and_cannot_post() {
    let a = eval(&openfem::core::Answers::new());
    assert_close!(a.total, 0.0);
    assert!(!a.can_post);
    assert_eq!(a.completion.answered, 0);
    assert!(a.completion.required > 0);
    // Level 2/3 of every section are hidden at first.
    assert!(question(&a, "b1").is_none());
}

#[test]
fn completion_counts_visible_required_questions_and_tables() {
    // Permits selected but the table lacks the air row: not complete.
    let a = eval(&with(&[
        ("sippermitsreq", json!(["water", "air"])),
        (
            "sippermits",
            json!([{"row": "water", "sippermitstatus": "available_valid"}]),
        ),
    ]));
    assert!(a.completion.missing.contains(&"sippermits".into()));
    assert!(!a.can_post);
    // The invalid reason column is required only when shown.
    let a = eval(&with(&[
        ("sippermitsreq", json!(["water"])),
        (
            "sippermits",
            json!([{"row": "water", "sippermitstatus": "available_invalid"}]),
        ),
    ]));
    assert!(a.completion.missing.contains(&"sippermits".into()));
    let a = eval(&with(&[
        ("sippermitsreq", json!(["water"])),
        (
            "sippermits",
            json!([{"row": "water", "sippermitstatus": "available_valid"}]),
        ),
    ]));
    assert!(a.can_post, "{:?}", a.completion.missing);
    assert_close!(a.completion.percent, 100.0);
}

/// Row conditions name cells by column id (`.sippermitstatus`): the bank resolves them to
/// column indices when it loads, so they must read the right cell whatever the column order,
/// and a condition resolved in another bank must still read the cell it names.
#[test]
fn column_conditions_read_the_cell_they_name_whatever_the_column_order() {
    let mut json = bank_json();
    let columns = json["sections"][0]["questions"][2]["answer"]["columns"]
        .as_array_mut()
        .unwrap();
    columns.reverse();
    assert_eq!(columns[0]["id"], "sippermitinvalidreason");
    let mut reordered = openfem::core::Bank::from_json(&json.to_string()).unwrap();
    let complete = |bank: &openfem::core::Bank, status: &str, reason: Option<&str>| {
        let mut row = json!({"row": "water", "sippermitstatus": status});
        if let Some(reason) = reason {
            row["sippermitinvalidreason"] = json!(reason);
        }
        let answers = with(&[
            ("sippermitsreq", json!(["water"])),
            ("sippermits", json!([row])),
        ]);
        !openfem::core::evaluate(bank, &answers)
            .completion
            .missing
            .contains(&"sippermits".into())
    };
    for bank in [shared_bank(), &reordered] {
        assert!(complete(bank, "available_valid", None));
        assert!(!complete(bank, "available_invalid", None));
        assert!(complete(bank, "available_invalid", Some("renewal")));
    }
    // The reordered bank's column conditions replaced by the test bank's (resolved there,
    // against the other column order).
    let shared = shared_bank().sections[0].questions[2].answer.clone();
    let openfem::core::bank::AnswerSpec::Table {
        columns: theirs, ..
    } = shared
    else {
        panic!("sippermits is a table");
    };
    let openfem::core::bank::AnswerSpec::Table { columns: ours, .. } =
        &mut reordered.sections[0].questions[2].answer
    else {
        panic!("sippermits is a table");
    };
    ours[0].visible_if = theirs[1].visible_if.clone();
    assert!(complete(&reordered, "available_valid", None));
    assert!(!complete(&reordered, "available_invalid", None));
    assert!(complete(&reordered, "available_invalid", Some("renewal")));
}

#[test]
fn every_question_explains_its_points() {
    let a = eval(&with(&[
        ("a2", json!("partial")),
        ("a1", json!("na")),
        ("b1", json!("no")),
    ]));
    for s in &a.sections {
        for q in &s.questions {
            assert!(!q.why.to_string().is_empty(), "{}", q.id);
            if let (Some(p), Some(m)) = (q.points, q.max) {
                assert!(p <= m + 1e-9 && p >= 0.0, "{}", q.id);
            }
        }
    }
    assert_eq!(
        question(&a, "b1").unwrap().why.to_string(),
        "No: 0.0 of 25.0"
    );
    assert_eq!(
        question(&a, "b2").unwrap().why.to_string(),
        "Yes: full 25.0"
    );
}

/// Conditions read answers by the position the bank resolved when it was loaded. A condition
/// taken from another bank carries that bank's positions: it must still read the question it
/// names (the position is checked against the Ref ID), never the one now at that position.
#[test]
fn a_condition_from_another_bank_reads_the_question_it_names() {
    let mut json = bank_json();
    let extra = json!({"id": "extra", "title": "Extra", "scored": false, "questions": [
        {"ref": "zz1", "prompt": "zz1", "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"}
    ]});
    json["sections"].as_array_mut().unwrap().insert(0, extra);
    let mut shifted = openfem::core::Bank::from_json(&json.to_string()).unwrap();
    // The licence gate resolved in the test bank, where the licence question is at (0, 0);
    // in `shifted`, (0, 0) is `zz1`.
    shifted.zero_if = shared_bank().zero_if.clone();
    let zeroed = |pairs: &[(&str, serde_json::Value)]| {
        openfem::core::evaluate(&shifted, &with(pairs))
            .zeroed
            .map(|z| z.id.to_string())
    };
    assert_eq!(
        zeroed(&[("sipvalidoperatinglicense", json!("no"))]),
        Some("licence".into())
    );
    assert_eq!(zeroed(&[("zz1", json!("no"))]), None);
}

/// A locale overlay translates what a score shows (case reasons, zero-gate banners) and never
/// the rules: the points are the same, the sentences are the overlay's.
#[test]
fn a_locale_overlay_translates_reasons_and_gates_not_rules() {
    let english = shared_bank();
    let mut translated = bank();
    let overlay: std::collections::BTreeMap<String, String> = [
        ("q.e1.case.0", "plus de 90 %"),
        ("z.licence.why", "pas de licence"),
        ("z.licence.fix", "en obtenir une"),
        ("q.nothing.case.0", "a key that names nothing is ignored"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    translated.localize(&overlay);

    let answers = with(&[("e1", json!(95))]);
    let (en, fr) = (
        openfem::core::evaluate(english, &answers),
        openfem::core::evaluate(&translated, &answers),
    );
    assert_eq!(en.total, fr.total);
    let why = |a: &openfem::core::Assessment, id: &str| {
        a.sections
            .iter()
            .flat_map(|s| &s.questions)
            .find(|q| q.id == id)
            .map(|q| q.why.to_string())
            .unwrap()
    };
    assert!(
        why(&en, "e1").starts_with("more than 90%:"),
        "{}",
        why(&en, "e1")
    );
    assert!(
        why(&fr, "e1").starts_with("plus de 90 %:"),
        "{}",
        why(&fr, "e1")
    );

    let zeroed = with(&[("sipvalidoperatinglicense", json!("no"))]);
    let gate = openfem::core::evaluate(&translated, &zeroed)
        .zeroed
        .unwrap();
    assert_eq!(
        (&*gate.why, &*gate.fix),
        ("pas de licence", "en obtenir une")
    );
}

/// The packed layout keeps ids whole: a Ref ID and a column id longer than 65,535 bytes (no real
/// bank has one, a bank from elsewhere might) still match their answers and cells.
#[test]
fn very_long_ref_ids_and_column_ids_match_their_answers() {
    let long_ref = "q".repeat(70_000);
    let long_col = "c".repeat(70_000);
    let bank = openfem::core::Bank::from_json(
        &json!({"format": 1, "id": "long", "version": "1", "title": "long", "sections": [
            {"id": "s", "title": "s", "scored": false, "questions": [
                {"ref": long_ref, "prompt": "p", "answer": {"type": "choice", "options": ["yes", "no"]}, "source": "test"},
                {"ref": "t", "prompt": "p", "answer": {"type": "table", "rows": {"free": {"min": 1}}, "columns": [
                    {"id": long_col, "label": "c", "answer": {"type": "text"}}
                ]}, "source": "test"}
            ]}
        ]})
        .to_string(),
    )
    .expect("bank");
    let mut answers = openfem::core::Answers::new();
    answers.set(long_ref.as_str(), json!("yes"));
    answers.set("t", json!([{ long_col.as_str(): "filled" }]));
    let a = openfem::core::evaluate(&bank, &answers);
    assert!(
        a.can_post,
        "{:?}",
        a.completion
            .missing
            .iter()
            .map(|m| m.len())
            .collect::<Vec<_>>()
    );
    answers.set("t", json!([{ "other": "filled" }]));
    assert!(!openfem::core::evaluate(&bank, &answers).can_post);
}
