//! The verification estimate (`core::estimate`): every cell of the verification body's table
//! (seed 001: site area × chemicals used in production), the gaps the sheet leaves, and the
//! guidance of 2 person-days, up to about 3 with wastewater treated on site.

use openfem::core::estimate::{estimate, AreaBand, Days, Source};
use openfem::core::Answers;
use serde_json::json;

fn answers(pairs: &[(&str, serde_json::Value)]) -> Answers {
    pairs.iter().map(|(k, v)| (*k, v.clone())).collect()
}

fn chemicals(in_production: bool) -> Answers {
    let uses = if in_production {
        json!(["production", "maintenance"])
    } else {
        json!(["minimumchemicaluse", "operations"])
    };
    answers(&[("chemapplicability", uses)])
}

fn d(min: u8, max: u8) -> Days {
    Days { min, max }
}

/// Seed 001's table, one area inside each column (and each column's edges), both rows.
#[test]
fn every_cell_of_the_sheet() {
    let cells = [
        // (areas in the column, no chemicals in production, chemicals in production)
        (
            vec![1.0, 8_000.0, 20_000.0],
            d(1, 2),
            d(2, 2),
            AreaBand::UpTo20k,
        ),
        (
            vec![21_000.0, 35_000.0, 60_000.0],
            d(2, 2),
            d(2, 2),
            AreaBand::From21kTo60k,
        ),
        (
            vec![61_000.0, 61_001.0, 250_000.0],
            d(2, 2),
            d(2, 3),
            AreaBand::Over61k,
        ),
    ];
    for (areas, without, with, band) in cells {
        for area in areas {
            let e = estimate(&chemicals(false), Some(area), Some(false));
            assert_eq!(
                (e.band, e.table),
                (Some(band), Some(without)),
                "{area} m², no chemicals"
            );
            assert_eq!(e.chemicals_from, Source::Answer("chemapplicability"));
            assert!(!e.in_sheet_gap);
            let e = estimate(&chemicals(true), Some(area), Some(false));
            assert_eq!(
                (e.band, e.table),
                (Some(band), Some(with)),
                "{area} m², chemicals"
            );
            assert_eq!(e.chemicals_in_production, Some(true));
        }
    }
}

/// The sheet lists ≤ 20,000 then 21,000–60,000 then > 61,000: an area in between is counted with
/// the next band up, and said to be in a gap.
#[test]
fn the_gaps_of_the_sheet_go_to_the_next_band() {
    for (area, band, with) in [
        (20_001.0, AreaBand::From21kTo60k, d(2, 2)),
        (20_999.0, AreaBand::From21kTo60k, d(2, 2)),
        (60_001.0, AreaBand::Over61k, d(2, 3)),
        (60_999.0, AreaBand::Over61k, d(2, 3)),
    ] {
        let e = estimate(&chemicals(true), Some(area), None);
        assert_eq!(e.band, Some(band), "{area}");
        assert_eq!(e.table, Some(with), "{area}");
        assert!(e.in_sheet_gap, "{area}");
    }
}

#[test]
fn guidance_is_two_days_and_up_to_three_with_wastewater_treated_on_site() {
    let none = Answers::new();
    let e = estimate(&none, None, Some(false));
    assert_eq!(
        (e.guidance, e.wastewater_from.clone()),
        (d(2, 2), Source::Input)
    );
    assert_eq!(e.plan, d(2, 2), "no area: the guidance alone");
    assert_eq!(e.table, None);
    let e = estimate(&none, None, Some(true));
    assert_eq!(e.guidance, d(2, 3));
    let e = estimate(&none, None, None);
    assert_eq!((e.guidance, e.wastewater_from), (d(2, 3), Source::Unknown));
}

#[test]
fn the_answers_say_whether_wastewater_is_treated_on_site_before_the_input() {
    let onsite = answers(&[("wwapplicability", json!(["onsite_industrial"]))]);
    let e = estimate(&onsite, None, Some(false));
    assert_eq!(e.wastewater_on_site, Some(true));
    assert_eq!(e.wastewater_from, Source::Answer("wwapplicability"));
    let offsite = answers(&[(
        "wwapplicability",
        json!(["offsite_industrial", "offsite_domestic"]),
    )]);
    assert_eq!(estimate(&offsite, None, Some(true)).guidance, d(2, 2));
    let types = answers(&[(
        "sipfreshwaterpretreattypes",
        json!(["pretreatment", "secondary"]),
    )]);
    let e = estimate(&types, None, None);
    assert_eq!(
        e.wastewater_from,
        Source::Answer("sipfreshwaterpretreattypes")
    );
    assert_eq!(e.wastewater_on_site, Some(true));
    let incoming_only = answers(&[
        ("sipfreshwaterpretreatused", json!("yes")),
        ("sipfreshwaterpretreattypes", json!(["pretreatment"])),
    ]);
    assert_eq!(
        estimate(&incoming_only, None, None).wastewater_from,
        Source::Unknown
    );
    let no_treatment = answers(&[("sipfreshwaterpretreatused", json!("no"))]);
    let e = estimate(&no_treatment, None, Some(true));
    assert_eq!(
        (e.wastewater_on_site, e.wastewater_from),
        (Some(false), Source::Answer("sipfreshwaterpretreatused"))
    );
}

#[test]
fn unknown_chemical_use_gives_the_range_of_both_rows_and_plan_takes_the_larger() {
    let e = estimate(&Answers::new(), Some(10_000.0), Some(false));
    assert_eq!((e.chemicals_in_production, e.table), (None, Some(d(1, 2))));
    let e = estimate(&Answers::new(), Some(80_000.0), Some(false));
    assert_eq!(e.table, Some(d(2, 3)));
    assert_eq!(e.plan, d(2, 3));
    let e = estimate(&chemicals(false), Some(10_000.0), Some(false));
    assert_eq!(
        (e.table, e.guidance, e.plan),
        (Some(d(1, 2)), d(2, 2), d(2, 2))
    );
    assert_eq!(d(1, 2).text(), "1–2");
    assert_eq!(d(2, 2).text(), "2");
}

#[test]
fn an_area_that_is_not_a_positive_number_gives_no_table_figure() {
    for bad in [0.0, -5.0, f64::INFINITY, f64::NAN] {
        let e = estimate(&chemicals(true), Some(bad), None);
        assert_eq!((e.area_m2, e.band, e.table), (None, None, None), "{bad}");
    }
}
