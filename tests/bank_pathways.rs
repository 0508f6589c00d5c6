//! Every applicability pathway of the built-in bank, walked with `evaluate`: which questions a
//! facility is asked and the level weights that result (seed 002 §3-4).
//!
//! Each scenario sets realistic Site Information and applicability answers, then answers every
//! question the facility is shown the way a facility doing everything asked would (Yes where it
//! is offered), round after round, until nothing new is shown. So Level 2 and 3 open wherever
//! Level 1 is achieved, and the questions listed per level are the whole pathway.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use openfem::core::assess::{Assessment, SectionResult};
use openfem::core::bank::{AnswerSpec, Bank, Role, Rows};
use openfem::core::{evaluate, Answers};
use serde_json::{json, Map, Value};

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::builtin().expect("built-in bank"))
}

/// A facility's answer to a question it is shown, when the scenario does not set one.
fn positive(spec: &AnswerSpec, answers: &Answers) -> Option<Value> {
    Some(match spec {
        AnswerSpec::Choice { options } => {
            let want = ["yes", "partial", "no"];
            let t = want
                .iter()
                .find(|w| options.iter().any(|o| o.as_str() == **w))
                .copied()
                .unwrap_or_else(|| options[0].as_str());
            json!(t)
        }
        AnswerSpec::Single { options } => json!(options[0].id),
        AnswerSpec::Multi { options, none, .. } => {
            let first = options.iter().find(|o| Some(&o.id) != none.as_ref())?;
            json!([first.id])
        }
        AnswerSpec::Number { min, max, .. } => {
            let lo = min.unwrap_or(0.0);
            let v = max.map_or(lo + 10.0, |hi| (lo + 10.0).min(hi));
            json!(v)
        }
        AnswerSpec::Text { .. } => json!("Described in the site procedure"),
        AnswerSpec::Year { .. } => json!(2023),
        AnswerSpec::Date {} => json!("2024-01-31"),
        AnswerSpec::Table { rows, columns } => {
            let ids: Vec<Option<String>> = match rows {
                Rows::From(source) => match answers.get(source) {
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(|v| v.as_str().map(|s| Some(s.to_string())))
                        .collect(),
                    Some(Value::String(s)) => vec![Some(s.clone())],
                    _ => return None,
                },
                Rows::Fixed(opts) => opts.iter().map(|o| Some(o.id.clone())).collect(),
                Rows::Free { min, .. } => vec![None; (*min).max(1)],
            };
            let rows: Vec<Value> = ids
                .into_iter()
                .map(|id| {
                    let mut row = Map::new();
                    if let Some(id) = id {
                        row.insert("row".into(), json!(id));
                    }
                    for c in columns {
                        if let Some(v) = positive(&c.answer, answers) {
                            row.insert(c.id.clone(), v);
                        }
                    }
                    Value::Object(row)
                })
                .collect();
            json!(rows)
        }
    })
}

/// The scenario's answers, then every shown unanswered question answered, until a fixed point.
/// Progression questions are left alone (only asked when Level 1 fails).
fn walk(given: &[(&str, Value)]) -> (Answers, Assessment<'static>) {
    let mut answers: Answers = given
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    for _ in 0..25 {
        let a = evaluate(bank(), &answers);
        let mut added = false;
        for q in a.sections.iter().flat_map(|s| &s.questions) {
            if q.answered || q.role == Role::Progression || answers.get(&q.id).is_some() {
                continue;
            }
            let spec = &bank().question(&q.id).expect("shown question").answer;
            if let Some(v) = positive(spec, &answers) {
                answers.set(&*q.id, v);
                added = true;
            }
        }
        if !added {
            return (answers, a);
        }
    }
    panic!("answers did not settle");
}

/// A small cut-and-sew apparel factory with a valid licence and no permits outstanding, with the
/// multi-select answers a facility doing everything would give (the filler would pick one option).
fn site() -> Vec<(&'static str, Value)> {
    vec![
        ("sitecountry", json!("VN")),
        ("sipfacilitytype", json!(["final_assembly"])),
        ("sipproductcategories", json!(["apparel"])),
        ("sipoperatingdays", json!(300)),
        ("sipvalidoperatinglicense", json!("yes")),
        ("sippermitsreq", json!(["none"])),
        ("sipfreshwaterpretreatused", json!("no")),
        ("watsource", json!(["municipalblue"])),
        (
            "wstsourcenh",
            json!(["fabric", "paper", "plastic", "domestic"]),
        ),
        (
            "wstsourceh",
            json!(["prodchem", "dombatteries", "domflolight"]),
        ),
        (
            "wstmanage",
            json!(["mapping", "segregation", "training", "storing", "labelling"]),
        ),
        (
            "chemtrackdata",
            json!([
                "name",
                "vendor",
                "sds",
                "hazard",
                "where_used",
                "quantities",
                "storage"
            ]),
        ),
    ]
}

fn scenario(extra: &[(&'static str, Value)]) -> (Answers, Assessment<'static>) {
    let mut given = site();
    for (k, v) in extra {
        given.retain(|(g, _)| g != k);
        given.push((k, v.clone()));
    }
    walk(&given)
}

fn section<'a>(a: &'a Assessment<'a>, id: &str) -> &'a SectionResult<'a> {
    a.sections.iter().find(|s| s.id == id).expect("section")
}

/// Shown questions by level (0 = applicability), in display order.
fn shown(a: &Assessment, id: &str) -> BTreeMap<u8, Vec<String>> {
    let mut out: BTreeMap<u8, Vec<String>> = BTreeMap::new();
    for q in &section(a, id).questions {
        out.entry(q.level.unwrap_or(0))
            .or_default()
            .push(q.id.to_string());
    }
    out
}

fn weights(a: &Assessment, id: &str) -> Vec<(u8, f64)> {
    section(a, id)
        .levels
        .iter()
        .map(|l| (l.level, l.weight))
        .collect()
}

fn assert_shown(a: &Assessment, id: &str, level: u8, want: &[&str]) {
    let have = shown(a, id).remove(&level).unwrap_or_default();
    assert_eq!(have, want, "{id}: questions shown at level {level}");
}

fn assert_weights(a: &Assessment, id: &str, want: &[(u8, f64)]) {
    assert_eq!(weights(a, id), want, "{id}: level weights");
}

fn question<'a>(a: &'a Assessment<'a>, id: &str) -> &'a openfem::core::assess::QuestionResult<'a> {
    a.sections
        .iter()
        .flat_map(|s| &s.questions)
        .find(|q| q.id == id)
        .unwrap_or_else(|| panic!("{id} not shown"))
}

fn level(a: &Assessment, section_id: &str, l: u8) -> openfem::core::assess::LevelResult {
    section(a, section_id)
        .levels
        .iter()
        .find(|x| x.level == l)
        .unwrap_or_else(|| panic!("{section_id} has no level {l}"))
        .clone()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ---------------------------------------------------------------- Wastewater (002:146-163)

#[test]
fn wastewater_septic_only_is_levels_1_and_2_at_50_each_without_level_3() {
    // Domestic wastewater to a septic tank, nothing else.
    let (_, a) = scenario(&[
        ("wwapplicability", json!(["septic"])),
        ("wwsludgesources", json!(["septic"])),
    ]);
    assert_weights(&a, "wastewater", &[(1, 50.0), (2, 50.0)]);
    assert!(section(&a, "wastewater").pathway.is_some());
    assert_shown(
        &a,
        "wastewater",
        1,
        &[
            "wwtrackopt",
            "wwtrackoptdetail",
            "wwstormwatermixing",
            "wwleaking",
            "wwsludgesources",
            "wwsludgedomesticreporting",
            "wwnhsludgedisposal",
            "wwsepticwater",
        ],
    );
    assert_shown(
        &a,
        "wastewater",
        2,
        &[
            "wwsludgegenerated",
            "wwsludgeaccount",
            "wwseptictankupgrade",
            "wwqualitytest",
        ],
    );
    assert_shown(&a, "wastewater", 3, &[]);
    assert!(!question(&a, "wwseptictankupgrade").scored, "002:160");
    assert!(close(section(&a, "wastewater").score.unwrap(), 100.0));
}

#[test]
fn wastewater_each_other_pathway() {
    type Levels = [&'static [&'static str]; 3];
    let cases: [(&str, Levels); 5] = [
        (
            "onsite_industrial",
            [
                &[
                    "wwtrackopt",
                    "wwtrackoptdetail",
                    "wwmonitorBOD5",
                    "wwstormwatermixing",
                    "wwfunction",
                    "wwemergplan",
                    "wwleaking",
                    "wwsludgesources",
                    "wwsludgereporting",
                    "wwsludgestorage",
                    "wwhsludgedisposal",
                    "wwsludge",
                    "wwsludgetraining",
                    "wwnhsludgedisposal",
                    "wwtestlegal",
                    "wwstandard",
                ],
                &[
                    "wwcompliancetable",
                    "wwcompliancehtml",
                    "wwzdhcguideline",
                    "wwzdhcfoundational",
                    "wwtestmrsl",
                    "wwsludgegenerated",
                    "wwsludgeaccount",
                    "wwqualitytest",
                ],
                &["wwreuse", "wwrecycleindustrial"],
            ],
        ),
        (
            "onsite_domestic",
            [
                &[
                    "wwtrackopt",
                    "wwtrackoptdetail",
                    "wwmonitorBOD5",
                    "wwstormwatermixing",
                    "wwfunction",
                    "wwemergplan",
                    "wwleaking",
                    "wwsludgesources",
                    "wwsludgedomesticreporting",
                    "wwsludgestorage",
                    "wwsludgetraining",
                    "wwnhsludgedisposal",
                    "wwtestlegal",
                    "wwstandard",
                ],
                &[
                    "wwcompliancetable",
                    "wwcompliancehtml",
                    "wwsludgegenerated",
                    "wwsludgeaccount",
                    "wwqualitytest",
                ],
                &["wwreuse", "wwrecycledomestic"],
            ],
        ),
        (
            "offsite_industrial",
            [
                &[
                    "wwtrackopt",
                    "wwtrackoptdetail",
                    "wwstormwatermixing",
                    "wwoffsitetreatplantcontract",
                    "wwleaking",
                    "wwtestlegal",
                    "wwstandard",
                ],
                &[
                    "wwcompliancetable",
                    "wwcompliancehtml",
                    "wwzdhcguideline",
                    "wwzdhcfoundational",
                    "wwtestmrsl",
                    "wwqualitytest",
                ],
                &["wwengage"],
            ],
        ),
        (
            "offsite_domestic",
            [
                &[
                    "wwtrackopt",
                    "wwtrackoptdetail",
                    "wwstormwatermixing",
                    "wwoffsitetreatplantcontract",
                    "wwleaking",
                    "wwtestlegal",
                    "wwstandard",
                ],
                &["wwcompliancetable", "wwcompliancehtml", "wwqualitytest"],
                &["wwengage"],
            ],
        ),
        (
            "zld",
            [
                &[
                    "wwtrackopt",
                    "wwtrackoptdetail",
                    "wwmonitorBOD5",
                    "wwstormwatermixing",
                    "wwfunction",
                    "wwemergplan",
                    "wwleaking",
                    "wwsludgesources",
                    "wwsludgereporting",
                    "wwsludgestorage",
                    "wwhsludgedisposal",
                    "wwsludge",
                    "wwsludgetraining",
                    "wwnhsludgedisposal",
                ],
                &["wwsludgegenerated", "wwsludgeaccount", "wwqualitytest"],
                &["wwreuse", "wwrecycleindustrial", "wwrecycledomestic"],
            ],
        ),
    ];
    for (pathway, levels) in cases {
        // Sludge from the pathway's own treatment.
        let sludge = if pathway.contains("domestic") {
            json!(["domestic"])
        } else {
            json!(["industrial"])
        };
        let (_, a) = scenario(&[
            ("wwapplicability", json!([pathway])),
            ("wwsludgesources", sludge),
        ]);
        assert_weights(&a, "wastewater", &[(1, 25.0), (2, 50.0), (3, 25.0)]);
        assert!(section(&a, "wastewater").pathway.is_none(), "{pathway}");
        for (i, want) in levels.iter().enumerate() {
            let have = shown(&a, "wastewater")
                .remove(&(i as u8 + 1))
                .unwrap_or_default();
            assert_eq!(have, *want, "{pathway}: level {}", i + 1);
        }
        // The unscored Level 1 questions named by 002:159 stay unscored on every pathway.
        for q in &section(&a, "wastewater").questions {
            if [
                "wwmonitorBOD5",
                "wwsludgesources",
                "wwsludgereporting",
                "wwsludgedomesticreporting",
                "wwtestlegal",
                "wwstandard",
            ]
            .contains(&&*q.id)
            {
                assert!(!q.scored, "{pathway}: {} is unscored", q.id);
            }
        }
        assert!(
            close(section(&a, "wastewater").score.unwrap(), 100.0),
            "{pathway}: {:?}",
            section(&a, "wastewater").score
        );
    }
}

#[test]
fn wastewater_septic_beside_another_pathway_keeps_all_three_levels() {
    // Septic for domestic wastewater, industrial wastewater to an offsite plant: both sets.
    let (_, a) = scenario(&[
        ("wwapplicability", json!(["septic", "offsite_industrial"])),
        ("wwsludgesources", json!(["septic"])),
    ]);
    assert_weights(&a, "wastewater", &[(1, 25.0), (2, 50.0), (3, 25.0)]);
    let s = shown(&a, "wastewater");
    for q in ["wwsepticwater", "wwoffsitetreatplantcontract"] {
        assert!(s[&1].iter().any(|x| x == q), "{q}");
    }
    assert!(s[&2].iter().any(|x| x == "wwseptictankupgrade"));
    assert_eq!(s[&3], ["wwengage"]);
}

// ---------------------------------------------------------------- Water (002:130-146)

#[test]
fn water_light_user_low_risk_without_production_water_is_level_1_only_worth_100() {
    let (_, a) = scenario(&[
        ("watappusertype", json!("light")),
        ("watappriskarea", json!("low")),
        ("watappprod", json!("no")),
    ]);
    assert_weights(&a, "water", &[(1, 100.0)]);
    assert!(section(&a, "water").pathway.is_some());
    assert_shown(
        &a,
        "water",
        0,
        &["watappusertype", "watappriskarea", "watappprod"],
    );
    assert_shown(
        &a,
        "water",
        1,
        &[
            "watsource",
            "watsourcetrackopt",
            "watsourcetrackoptall",
            "wattracktotal",
            "watmonitorleaks",
        ],
    );
    assert_shown(&a, "water", 2, &[]);
    assert_shown(&a, "water", 3, &[]);
    assert!(level(&a, "water", 1).achieved);
    assert!(close(section(&a, "water").score.unwrap(), 100.0));
}

#[test]
fn water_production_water_or_heavy_use_or_high_risk_is_25_50_25() {
    for (user, risk, prod) in [
        ("light", "low", "yes"),
        ("light", "high", "no"),
        ("light", "unknown", "no"),
        ("heavy", "low", "no"),
        ("heavy", "high", "yes"),
    ] {
        let (_, a) = scenario(&[
            ("watappusertype", json!(user)),
            ("watappriskarea", json!(risk)),
            ("watappprod", json!(prod)),
        ]);
        let at = format!("{user}/{risk}/production {prod}");
        assert_eq!(
            weights(&a, "water"),
            [(1, 25.0), (2, 50.0), (3, 25.0)],
            "{at}"
        );
        assert!(section(&a, "water").pathway.is_none(), "{at}");
        let s = shown(&a, "water");
        assert!(s.contains_key(&2) && s.contains_key(&3), "{at}: {s:?}");
        assert_eq!(
            s[&1].iter().any(|q| q == "wattrackdomprodsep"),
            prod == "yes",
            "{at}: wattrackdomprodsep asked only with production water"
        );
    }
}

#[test]
fn water_heavy_user_high_risk_with_production_water_asks_every_level() {
    let (_, a) = scenario(&[
        ("watappusertype", json!("heavy")),
        ("watappriskarea", json!("high")),
        ("watappprod", json!("yes")),
        ("watsource", json!(["municipalblue", "ground"])),
    ]);
    assert_shown(
        &a,
        "water",
        1,
        &[
            "watsource",
            "watsourcetrackopt",
            "watsourcetrackoptall",
            "wattrackdomprodsep",
            "wattrackdomtable",
            "wattrackprodtable",
            "watgroundlegalreq",
            "watgroundlegalreqlimit",
            "watmonitorleaks",
        ],
    );
    assert_shown(
        &a,
        "water",
        2,
        &[
            "watbaselineset",
            "watbaselinesepdomprod",
            "watbaselineeall",
            "watbaselineedom",
            "watbaselineeprod",
            "watbalanceanalysis",
            "wattargetoptblue",
            "wattargetbluetable",
            "wattargetoptgrey",
            "wattargetgreytable",
            "watimproverainharvesting",
            "watimproveplan",
            "watimproveopt",
            "watimproveopttable",
            "watimproveoptgrey",
            "watreduceplan",
        ],
    );
    assert_shown(
        &a,
        "water",
        3,
        &[
            "watgroundelim",
            "watbluereducedemonstrate",
            "watbluereducepct",
            "watbluereduceqty",
            "watriskdisclosure",
            "watdemonstratepositiveimpact",
            "watleadingtech",
            "watleadingtechlist",
            "watsbt",
        ],
    );
    for q in [
        "watsource",
        "wattrackdomprodsep",
        "watbaselinesepdomprod",
        "watsbt",
    ] {
        assert!(!question(&a, q).scored, "{q} is unscored (002:138-141)");
    }
}

#[test]
fn water_separate_tracking_is_unscored_at_level_1_and_counts_at_level_2() {
    // 002:139: "No" to wattrackdomprodsep does not block Level 2, but watbaselineeall earns half.
    let base = [
        ("watappusertype", json!("heavy")),
        ("watappriskarea", json!("high")),
        ("watappprod", json!("yes")),
    ];
    let (_, yes) = scenario(&base);
    let mut with_no = base.to_vec();
    with_no.push(("wattrackdomprodsep", json!("no")));
    let (_, no) = scenario(&with_no);
    assert!(level(&no, "water", 1).achieved);
    assert!(level(&no, "water", 2).open);
    // As a fraction of its share (the share changes: without separate tracking the domestic and
    // production baseline questions are not asked).
    let fraction = |a: &Assessment| {
        let q = question(a, "watbaselineeall");
        q.points.unwrap() / q.max.unwrap()
    };
    assert!(close(fraction(&yes), 1.0));
    assert!(close(fraction(&no), 0.5));
}

// ---------------------------------------------------------------- Air (002:166-183)

#[test]
fn air_with_no_emissions_is_not_applicable_and_the_total_is_the_mean_of_six() {
    let (_, a) = scenario(&[("airapplicability", json!(["none"]))]);
    let air = section(&a, "air");
    assert!(!air.applicable);
    assert_eq!(air.score, None);
    assert!(air.levels.is_empty());
    assert_shown(&a, "air", 0, &["airapplicability"]);
    assert_eq!(air.questions.len(), 1, "only the applicability question");
    let scores: Vec<f64> = a.sections.iter().filter_map(|s| s.score).collect();
    assert_eq!(
        scores.len(),
        6,
        "EMS, Energy, Water, Wastewater, Waste, Chemicals"
    );
    assert!(close(a.total, scores.iter().sum::<f64>() / 6.0));
    assert!(a.total > 0.0);
}

#[test]
fn air_each_pathway() {
    type Levels = [&'static [&'static str]; 3];
    let combustion: &[&str] = &[
        "airsourceinvent",
        "airmobile",
        "aircompliance",
        "airmonitor",
    ];
    let cases: [(&str, Levels); 4] = [
        (
            "operations",
            [
                combustion,
                &[
                    "airpollutanttrack",
                    "airreduce",
                    "airimplementation",
                    "airindustryreq",
                    "airpolicies",
                ],
                &["airplan", "airtech"],
            ],
        ),
        (
            "production",
            [
                combustion,
                &[
                    "airpollutanttrack",
                    "airproduction",
                    "airreduce",
                    "airimplementation",
                    "airindustryreq",
                    "airpolicies",
                ],
                &["airprogress", "airtech"],
            ],
        ),
        (
            "refrigerants",
            [
                &[
                    "airrefrigerant",
                    "airrefrigtypes",
                    "airrefrigquant",
                    "airleakage",
                    "airrefrigtrack",
                ],
                &["airreplace", "airpolicies"],
                &["airreplacelegal"],
            ],
        ),
        (
            "mmcf",
            [
                combustion,
                &[
                    "airpollutanttrack",
                    "airproduction",
                    "airreduce",
                    "airimplementation",
                    "airindustryreq",
                    "airpolicies",
                ],
                &["airprogress", "airtech"],
            ],
        ),
    ];
    for (pathway, levels) in cases {
        let (_, a) = scenario(&[("airapplicability", json!([pathway]))]);
        assert!(section(&a, "air").applicable, "{pathway}");
        assert_weights(&a, "air", &[(1, 25.0), (2, 50.0), (3, 25.0)]);
        for (i, want) in levels.iter().enumerate() {
            let have = shown(&a, "air").remove(&(i as u8 + 1)).unwrap_or_default();
            assert_eq!(have, *want, "{pathway}: level {}", i + 1);
        }
        assert!(close(section(&a, "air").score.unwrap(), 100.0), "{pathway}");
    }
    // Several sources: the union.
    let (_, a) = scenario(&[("airapplicability", json!(["operations", "refrigerants"]))]);
    let s = shown(&a, "air");
    assert_eq!(s[&3], ["airplan", "airreplacelegal", "airtech"]);
}

#[test]
fn air_monitoring_is_unscored_at_level_1_and_counts_at_level_2() {
    // 002:180: airmonitor = No leaves Level 1 achieved; airindustryreq then earns nothing.
    let (_, a) = scenario(&[
        ("airapplicability", json!(["production"])),
        ("airmonitor", json!("no")),
    ]);
    assert!(!question(&a, "airmonitor").scored);
    assert!(level(&a, "air", 1).achieved);
    assert_eq!(question(&a, "airindustryreq").points, Some(0.0));
}

// ---------------------------------------------------------------- Chemicals (002:185-206)

const CHEM_L1_ALL: &[&str] = &[
    "chemtrack",
    "chemsds",
    "chemtraining",
    "chememergplan",
    "chemsafetyequip",
    "chemhazardsign",
    "chempurchasereqrsl",
    "chemstorage",
    "chemsubstorage",
    "chemtrainingr",
    "chemfailresolution",
    "chemcmspolicyprod",
    "chemcmstraining",
    "chempurchasingpolicy",
    "chemtrackdata",
];

#[test]
fn chemicals_production_use_asks_every_question_but_the_non_production_policy() {
    let (_, a) = scenario(&[("chemapplicability", json!(["production", "operations"]))]);
    assert_weights(&a, "chemicals", &[(1, 25.0), (2, 50.0), (3, 25.0)]);
    assert_shown(&a, "chemicals", 0, &["chemapplicability"]);
    assert_shown(&a, "chemicals", 1, CHEM_L1_ALL);
    assert_shown(
        &a,
        "chemicals",
        2,
        &[
            "chempurchasereqmrsl",
            "chemtracelotnumber",
            "chemengagesuppliers",
            "chememgagecontractors",
            "chemcmsteamknow",
            "chemcmsteamdrive",
            "chemcmsteamtest",
            "chemimproveplan",
            "chemsourcelist",
            "chemhealthprogram",
            "chemtrainingm",
        ],
    );
    assert_shown(
        &a,
        "chemicals",
        3,
        &[
            "chemzdhcroadtozero",
            "chemtransparency",
            "chemcollabalternatives",
            "chemanalysishumanenv",
            "chemcontractorsr",
            "chemcontractorsm",
        ],
    );
    assert!(close(section(&a, "chemicals").score.unwrap(), 100.0));
}

#[test]
fn chemicals_minimal_use_is_exempt_from_production_questions() {
    // Minimal use, and the facility cannot implement an MRSL: the MRSL questions go too.
    let (_, a) = scenario(&[
        ("chemapplicability", json!(["minimumchemicaluse"])),
        ("chemmrslcapability", json!("no")),
    ]);
    assert_weights(&a, "chemicals", &[(1, 25.0), (2, 50.0), (3, 25.0)]);
    assert_shown(
        &a,
        "chemicals",
        0,
        &["chemapplicability", "chemmrslcapability"],
    );
    assert_shown(
        &a,
        "chemicals",
        1,
        &[
            "chemtrack",
            "chemsds",
            "chemtraining",
            "chememergplan",
            "chemsafetyequip",
            "chemhazardsign",
            "chemstorage",
            "chemcmspolicynonprod",
            "chemcmstraining",
            "chempurchasingpolicy",
            "chemtrackdata",
        ],
    );
    assert_shown(
        &a,
        "chemicals",
        2,
        &[
            "chemengagesuppliers",
            "chememgagecontractors",
            "chemcmsteamknow",
            "chemcmsteamdrive",
            "chemimproveplan",
            "chemsourcelist",
            "chemhealthprogram",
        ],
    );
    assert_shown(
        &a,
        "chemicals",
        3,
        &["chemzdhcroadtozero", "chemtransparency", "chemcontractorsr"],
    );
    assert!(close(section(&a, "chemicals").score.unwrap(), 100.0));

    // With MRSL capability the three MRSL questions come back.
    let (_, a) = scenario(&[
        ("chemapplicability", json!(["minimumchemicaluse"])),
        ("chemmrslcapability", json!("yes")),
    ]);
    let s = shown(&a, "chemicals");
    for q in ["chempurchasereqmrsl", "chemtrainingm"] {
        assert!(s[&2].iter().any(|x| x == q), "{q}");
    }
    assert!(s[&3].iter().any(|x| x == "chemcontractorsm"));
}

#[test]
fn chemicals_mrsl_capability_is_asked_only_for_three_product_categories_or_minimal_use() {
    // 002:199: Outdoor Sporting Goods - Hard Goods, Home Furnishing (Non Textile), Other.
    for (category, asked) in [
        ("apparel", false),
        ("footwear", false),
        ("home_furnishing_textile", false),
        ("outdoor_soft_goods", false),
        ("outdoor_hard_goods", true),
        ("home_furnishing_non_textile", true),
        ("other", true),
    ] {
        let (_, a) = scenario(&[
            ("sipproductcategories", json!([category])),
            ("chemapplicability", json!(["production"])),
        ]);
        let s = shown(&a, "chemicals");
        assert_eq!(
            s[&0].iter().any(|q| q == "chemmrslcapability"),
            asked,
            "{category}"
        );
    }
    // A facility type that is not asked product categories: only minimal use asks it.
    for (use_, asked) in [("production", false), ("minimumchemicaluse", true)] {
        let (_, a) = scenario(&[
            ("sipfacilitytype", json!(["subassembly"])),
            ("chemapplicability", json!([use_])),
        ]);
        let s = shown(&a, "chemicals");
        assert_eq!(
            s[&0].iter().any(|q| q == "chemmrslcapability"),
            asked,
            "{use_}"
        );
    }
    // Not capable: the MRSL questions are not asked on a production pathway either.
    let (_, a) = scenario(&[
        ("sipproductcategories", json!(["outdoor_hard_goods"])),
        ("chemapplicability", json!(["production"])),
        ("chemmrslcapability", json!("no")),
    ]);
    let s = shown(&a, "chemicals");
    for q in ["chempurchasereqmrsl", "chemtrainingm", "chemcontractorsm"] {
        assert!(!s.values().flatten().any(|x| x == q), "{q}");
    }
}

#[test]
fn chemicals_contractor_engagement_na_is_unscored() {
    // 002:203: Q19 N/A (no contractors) becomes unscored; its share goes to the rest of Level 2.
    let (_, a) = scenario(&[
        ("chemapplicability", json!(["production"])),
        ("chememgagecontractors", json!("na")),
    ]);
    let q = question(&a, "chememgagecontractors");
    assert!(!q.scored && q.points.is_none());
    let l2 = level(&a, "chemicals", 2);
    assert_eq!(l2.scored_questions, 10);
    assert!(close(l2.points, 50.0));
}

// ---------------------------------------------------------------- Energy and the facility type

#[test]
fn separate_reporting_applicability_only_for_exactly_assembly_and_processing() {
    // 002:123 (energy) and 002:135 (water): "BOTH ... AND ... ONLY".
    for (types, asked) in [
        (json!(["final_assembly"]), false),
        (json!(["finished_processing"]), false),
        (json!(["final_assembly", "finished_processing"]), true),
        (json!(["finished_processing", "final_assembly"]), true),
        (
            json!(["final_assembly", "finished_processing", "subassembly"]),
            false,
        ),
        (json!(["material_production"]), false),
        (json!(["final_assembly", "raw_material_processing"]), false),
    ] {
        let (_, a) = scenario(&[
            ("sipfacilitytype", types.clone()),
            ("watappusertype", json!("heavy")),
            ("watappriskarea", json!("high")),
            ("watappprod", json!("yes")),
        ]);
        let energy = shown(&a, "energy").remove(&0).unwrap_or_default();
        assert_eq!(energy == ["enappfacilitytypesep"], asked, "energy {types}");
        assert!(energy.len() <= 1, "energy {types}: {energy:?}");
        let water = shown(&a, "water").remove(&0).unwrap_or_default();
        assert_eq!(
            water.iter().any(|q| q == "watappseparate"),
            asked,
            "water {types}"
        );
        // Always the default weights: the question splits reporting, it is not a pathway.
        assert_weights(&a, "energy", &[(1, 25.0), (2, 50.0), (3, 25.0)]);
    }
}

#[test]
fn energy_first_four_questions_are_unscored() {
    // 002:126.
    let (_, a) = scenario(&[]);
    for q in [
        "ensourceheader",
        "envehicleheader",
        "ensourcepurcheac",
        "enpurchco",
    ] {
        assert!(!question(&a, q).scored, "{q}");
    }
    assert!(question(&a, "ensourcetrackopt").scored);
}

// ---------------------------------------------------------------- EMS (002:116-120)

#[test]
fn ems_has_no_applicability_and_asks_all_17() {
    let (_, a) = scenario(&[]);
    assert_weights(&a, "ems", &[(1, 25.0), (2, 50.0), (3, 25.0)]);
    let numbered = section(&a, "ems")
        .questions
        .iter()
        .filter(|q| {
            bank()
                .question(&q.id)
                .and_then(|b| b.number.as_deref())
                .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .count();
    assert_eq!(numbered, 17);
    assert!(!section(&a, "ems")
        .questions
        .iter()
        .any(|q| q.role == Role::Applicability));
}

#[test]
fn ems_subcontractor_question_na_is_unscored() {
    // Q15 N/A (no subcontractors): Level 3's 25 points go to Q16 and Q17.
    let (_, a) = scenario(&[("emshiggindexsubcontract", json!("na"))]);
    let q = question(&a, "emshiggindexsubcontract");
    assert!(!q.scored && q.points.is_none());
    let l3 = level(&a, "ems", 3);
    assert_eq!(l3.scored_questions, 2);
    assert!(close(question(&a, "emsengagelocal").max.unwrap(), 12.5));
    assert!(close(l3.points, 25.0));
    // Answered No instead, it stays scored and earns nothing: 2 of 3 shares.
    let (_, a) = scenario(&[("emshiggindexsubcontract", json!("no"))]);
    assert_eq!(level(&a, "ems", 3).scored_questions, 3);
    assert!(close(level(&a, "ems", 3).points, 25.0 * 2.0 / 3.0));
}

// ---------------------------------------------------------------- Zero-score gates (002:108-113)

fn with_permit(status: &str, reason: Option<&str>) -> Assessment<'static> {
    let mut row = json!({"row": "ww_indirect", "sippermitstatus": status});
    if let Some(r) = reason {
        row["sippermitinvalidreason"] = json!(r);
    }
    scenario(&[
        ("sippermitsreq", json!(["ww_indirect"])),
        ("sippermits", json!([row])),
    ])
    .1
}

#[test]
fn zero_score_gates_on_the_real_bank() {
    let (_, ok) = scenario(&[]);
    assert!(ok.zeroed.is_none());
    assert!(ok.total > 50.0, "{}", ok.total);

    let (_, a) = scenario(&[("sipvalidoperatinglicense", json!("no"))]);
    assert_eq!(a.total, 0.0);
    assert_eq!(a.zeroed.as_ref().unwrap().id, "no-operating-licence");
    // The sections keep their own scores; only the total is zero.
    assert!(section(&a, "ems").score.unwrap() > 0.0);

    let a = with_permit("not_available", None);
    assert_eq!(a.total, 0.0);
    assert_eq!(a.zeroed.as_ref().unwrap().id, "permit-not-available");

    for status in ["available_invalid", "in_progress"] {
        let a = with_permit(status, Some("cannot_meet_requirement"));
        assert_eq!(a.total, 0.0, "{status}");
        assert_eq!(
            a.zeroed.as_ref().unwrap().id,
            "permit-requirement-cannot-be-met"
        );
        // A valid reason (renewal in progress) is no gate.
        let a = with_permit(status, Some("expired_renewal_in_progress"));
        assert!(a.zeroed.is_none(), "{status}");
        assert!(a.total > 0.0);
    }
    let a = with_permit("available_valid", None);
    assert!(a.zeroed.is_none());
}

#[test]
fn a_hidden_reason_left_from_an_earlier_status_is_no_gate() {
    // The reason column is shown only for "available but invalid" and "in progress"; a reason kept
    // from before the permit became valid is ignored like every hidden answer.
    let a = with_permit("available_valid", Some("cannot_meet_requirement"));
    assert!(a.zeroed.is_none(), "{:?}", a.zeroed);
    assert!(a.total > 0.0);
}

#[test]
fn a_leftover_reason_on_a_valid_permit_does_not_combine_with_another_permit() {
    // The gate reads one row: permit A valid (with a reason kept from before), permit B in
    // progress for a valid reason. No row is "invalid because the requirement cannot be met".
    let (_, a) = scenario(&[
        ("sippermitsreq", json!(["ww_indirect", "water_use"])),
        (
            "sippermits",
            json!([
                {"row": "ww_indirect", "sippermitstatus": "available_valid", "sippermitinvalidreason": "cannot_meet_requirement"},
                {"row": "water_use", "sippermitstatus": "in_progress", "sippermitinvalidreason": "expired_renewal_in_progress"}
            ]),
        ),
    ]);
    assert!(a.zeroed.is_none(), "{:?}", a.zeroed);
}
