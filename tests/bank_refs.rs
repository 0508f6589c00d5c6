//! Conformance of the built-in bank with its sources: every Ref ID the seeds and the reference
//! notes name is in the bank, in the right section and level, scored or unscored as the scoring
//! methodology says; each section has the documented number of FEM questions per level.
//! The expected tables, with the source line of each row, are in `tests/sources/mod.rs`.

mod sources;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

use openfem::core::bank::{AnswerSpec, Bank, NaRule, Question, Role, ScoreRule, Token};
use sources::{Scored, COLUMNS, EXPECTED, NOT_MODELLED, PROGRESSION, SHAPE, UNSCORED_IN_BANK_ONLY};

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::builtin().expect("built-in bank"))
}

fn section_of(id: &str) -> Option<&'static str> {
    let pos = bank().position(id)?;
    Some(bank().sections[pos.section].id.as_str())
}

/// Fails with every problem at once, one per line.
fn assert_none(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A main FEM question number ("12"), not a sub-question ("12a") or a site/applicability code.
fn main_number(q: &Question) -> Option<u32> {
    q.number.as_deref().and_then(|n| n.parse().ok())
}

/// The number of the question a sub-question belongs to ("12a" -> 12).
fn parent_number(q: &Question) -> Option<u32> {
    let n = q.number.as_deref()?;
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[test]
fn every_sourced_ref_id_is_in_the_bank_with_its_level_and_scoring() {
    let mut problems = Vec::new();
    for &(r, section, level, number, scored, src) in EXPECTED {
        let Some(q) = bank().question(r) else {
            problems.push(format!("{r} ({src}): missing from the bank"));
            continue;
        };
        let at = section_of(r).unwrap_or("?");
        if at != section {
            problems.push(format!("{r} ({src}): in section {at}, expected {section}"));
        }
        let want_level = (level != 0).then_some(level);
        if q.level != want_level {
            problems.push(format!(
                "{r} ({src}): level {:?}, expected {want_level:?}",
                q.level
            ));
        }
        if !number.is_empty() && q.number.as_deref() != Some(number) {
            problems.push(format!(
                "{r} ({src}): number {:?}, expected Q{number}",
                q.number
            ));
        }
        if q.role != Role::Question {
            problems.push(format!("{r} ({src}): role {:?}, expected question", q.role));
        }
        match (scored, q.score.is_some()) {
            (Scored::Yes, false) => {
                problems.push(format!("{r} ({src}): unscored, expected scored"))
            }
            (Scored::No, true) => problems.push(format!("{r} ({src}): scored, expected unscored")),
            _ => {}
        }
    }
    assert_none(problems);
}

#[test]
fn expected_table_has_no_duplicates() {
    let mut seen = HashSet::new();
    for (r, ..) in EXPECTED {
        assert!(seen.insert(*r), "{r} listed twice in tests/sources");
    }
}

#[test]
fn zero_gate_fields_are_columns_of_the_permit_table() {
    let mut problems = Vec::new();
    for &(col, table, section, src) in COLUMNS {
        match bank().question(table).map(|q| &q.answer) {
            Some(AnswerSpec::Table { columns, .. }) => {
                if !columns.iter().any(|c| c.id == col) {
                    problems.push(format!("{col} ({src}): not a column of {table}"));
                }
            }
            Some(_) => problems.push(format!("{col} ({src}): {table} is not a table")),
            None => problems.push(format!("{col} ({src}): table {table} missing")),
        }
        if section_of(table) != Some(section) {
            problems.push(format!("{table}: not in section {section}"));
        }
    }
    // Each gate reads the question the methodology names.
    let gate_refs: BTreeSet<&str> = bank().zero_if.iter().flat_map(|g| g.when.refs()).collect();
    for r in ["sipvalidoperatinglicense", "sippermits"] {
        if !gate_refs.contains(r) {
            problems.push(format!("no zero-score gate reads {r} (002:111-113)"));
        }
    }
    if bank().zero_if.len() != 3 {
        problems.push(format!(
            "{} zero-score gates, the methodology has 3 (002:111-113)",
            bank().zero_if.len()
        ));
    }
    assert_none(problems);
}

#[test]
fn every_scored_section_has_its_level2opt_progression_question() {
    let mut problems = Vec::new();
    for &(r, section) in PROGRESSION {
        let Some(q) = bank().question(r) else {
            problems.push(format!("{r}: missing"));
            continue;
        };
        if section_of(r) != Some(section) {
            problems.push(format!("{r}: not in section {section}"));
        }
        if q.role != Role::Progression || q.score.is_some() || q.level.is_some() {
            problems.push(format!(
                "{r}: must be an unscored progression question without a level"
            ));
        }
        if bank()
            .section(section)
            .and_then(|s| s.progression.as_deref())
            != Some(r)
        {
            problems.push(format!("section {section}: progression is not {r}"));
        }
    }
    let scored: Vec<&str> = bank()
        .sections
        .iter()
        .filter(|s| s.scored)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        scored.len(),
        PROGRESSION.len(),
        "scored sections: {scored:?}"
    );
    assert_none(problems);
}

#[test]
fn not_applicable_makes_the_two_subcontractor_questions_unscored() {
    // 002:119 (EMS Q15) and 002:203 (Chemicals Q19).
    for r in ["emshiggindexsubcontract", "chememgagecontractors"] {
        let q = bank().question(r).expect(r);
        match &q.answer {
            AnswerSpec::Choice { options } => assert!(options.contains(&Token::Na), "{r}"),
            other => panic!("{r}: {} answer", other.type_name()),
        }
        match &q.score {
            Some(ScoreRule::Choice { na, .. }) => assert_eq!(*na, NaRule::Unscored, "{r}"),
            other => panic!("{r}: score {other:?}"),
        }
    }
}

#[test]
fn names_the_bank_does_not_carry_stay_documented() {
    for (r, src, why) in NOT_MODELLED {
        assert!(
            bank().question(r).is_none(),
            "{r} ({src}) is now in the bank: move it from NOT_MODELLED ({why}) to EXPECTED"
        );
    }
}

#[test]
fn question_count_per_section_and_level() {
    let mut problems = Vec::new();
    for &(section, count, l2, l3, src) in SHAPE {
        let s = bank().section(section).expect(section);
        let level_of = |n: u32| -> u8 {
            match n {
                n if n >= l3 => 3,
                n if n >= l2 => 2,
                _ => 1,
            }
        };
        let mut numbers: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
        for q in s.questions.iter().filter(|q| q.role == Role::Question) {
            if let Some(n) = main_number(q) {
                numbers.entry(n).or_default().push(&q.id);
                if q.level != Some(level_of(n)) {
                    problems.push(format!(
                        "{section} Q{n} {} ({src}): level {:?}, expected {}",
                        q.id,
                        q.level,
                        level_of(n)
                    ));
                }
            } else if let Some(n) = parent_number(q) {
                if q.level != Some(level_of(n)) {
                    problems.push(format!(
                        "{section} sub-question {} ({}): level {:?}, its question Q{n} is Level {}",
                        q.id,
                        q.number.as_deref().unwrap_or(""),
                        q.level,
                        level_of(n)
                    ));
                }
                if !numbers.contains_key(&n) {
                    problems.push(format!("{section}: sub-question {} before Q{n}", q.id));
                }
            } else {
                problems.push(format!("{section}: {} has no FEM question number", q.id));
            }
        }
        let want: Vec<u32> = (1..=count).collect();
        let have: Vec<u32> = numbers.keys().copied().collect();
        if have != want {
            problems.push(format!(
                "{section} ({src}): questions numbered {have:?}, expected 1..={count}"
            ));
        }
        for (n, refs) in &numbers {
            let variants_allowed = section == "chemicals" && *n == 12;
            if refs.len() > 1 && !variants_allowed {
                problems.push(format!("{section}: Q{n} used by {refs:?}"));
            }
        }
    }
    let covered: BTreeSet<&str> = SHAPE.iter().map(|s| s.0).collect();
    for s in bank().sections.iter().filter(|s| s.scored) {
        if !covered.contains(s.id.as_str()) {
            problems.push(format!("section {} has no expected shape", s.id));
        }
    }
    assert_none(problems);
}

#[test]
fn unscored_fem_questions_are_exactly_the_ones_the_methodology_names() {
    // 002 §4: per section, the listed questions are unscored and "all other questions are
    // scored". Compare the numbered questions of each scored section with that list.
    let mut problems = Vec::new();
    for s in bank().sections.iter().filter(|s| s.scored) {
        let mut want: BTreeSet<&str> = EXPECTED
            .iter()
            .filter(|r| r.1 == s.id && r.4 == Scored::No && !r.3.is_empty())
            .map(|r| r.0)
            .collect();
        want.extend(
            UNSCORED_IN_BANK_ONLY
                .iter()
                .filter(|d| d.1 == s.id)
                .map(|d| d.0),
        );
        let have: BTreeSet<&str> = s
            .questions
            .iter()
            .filter(|q| q.role == Role::Question && main_number(q).is_some() && q.score.is_none())
            .map(|q| q.id.as_str())
            .collect();
        if have != want {
            problems.push(format!(
                "{}: unscored FEM questions {have:?}, expected {want:?}",
                s.id
            ));
        }
    }
    for (r, section, number, _) in UNSCORED_IN_BANK_ONLY {
        let q = bank().question(r).expect(r);
        if section_of(r) != Some(section) || q.number.as_deref() != Some(number) {
            problems.push(format!("{r}: expected {section} Q{number}"));
        }
    }
    assert_none(problems);
}

#[test]
fn ems_has_17_questions_11_3_3() {
    let per_level = |l: u8| {
        bank()
            .section("ems")
            .unwrap()
            .questions
            .iter()
            .filter(|q| q.level == Some(l) && main_number(q).is_some())
            .count()
    };
    assert_eq!([per_level(1), per_level(2), per_level(3)], [11, 3, 3]);
}

#[test]
fn every_question_has_a_source() {
    let known = ["seed-002", "seed-003", "seed-004", "ref-fem-facts"];
    let mut problems = Vec::new();
    for (s, q) in bank().questions() {
        if q.source.trim().is_empty() {
            problems.push(format!("{}.{}: empty source", s.id, q.id));
        } else if !known.contains(&q.source.as_str()) {
            problems.push(format!(
                "{}.{}: source {:?} is none of {known:?}",
                s.id, q.id, q.source
            ));
        }
    }
    assert_none(problems);
}

#[test]
fn ref_ids_are_unique_across_the_bank() {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut problems = Vec::new();
    for (s, q) in bank().questions() {
        if let Some(first) = seen.insert(&q.id, &s.id) {
            problems.push(format!("{} in {} and {}", q.id, first, s.id));
        }
    }
    assert_none(problems);
}

/// The tables in `tests/sources` must name every Ref ID the seeds name. Runs only where the seeds
/// are (they live outside the repository).
#[test]
fn tables_cover_every_ref_id_the_seeds_name() {
    let dir = std::path::Path::new("/work/shared/seeds");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
    let listed: HashSet<&str> = EXPECTED
        .iter()
        .map(|r| r.0)
        .chain(COLUMNS.iter().map(|c| c.0))
        .chain(PROGRESSION.iter().map(|p| p.0))
        .chain(NOT_MODELLED.iter().map(|n| n.0))
        .collect();
    let mut named = BTreeSet::new();
    if let Some(text) = read("002_b294aba512c7ea10.txt") {
        // "(wwmonitorBOD5)": a one-word parenthesis is a Ref ID in the methodology.
        for part in text.split('(').skip(1) {
            if let Some((word, _)) = part.split_once(')') {
                if word.len() >= 4 && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    named.insert(word.to_string());
                }
            }
        }
    }
    if let Some(text) = read("003_5971267fb00f9a66.txt") {
        for part in text.split("(Ref ID: ").skip(1) {
            if let Some((word, _)) = part.split_once(')') {
                named.insert(word.trim().to_string());
            }
        }
    }
    if let Some(text) = read("004_a08d3bc9e26e2502.txt") {
        // The table of contents: "- Sipaudit", up to the first heading.
        for line in text.lines().skip(1).take_while(|l| l.starts_with("- ")) {
            let name = line[2..].trim();
            if !name.contains(' ') {
                named.insert(name.to_lowercase());
            }
        }
    }
    let missing: Vec<&String> = named
        .iter()
        .filter(|n| !listed.contains(n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "Ref IDs named in the seeds but not in tests/sources: {missing:?}"
    );
}
