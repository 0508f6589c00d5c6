//! `check-bank`: everything about a bank that its types alone cannot promise. Each finding names
//! its JSON path, e.g. `sections.water.questions[4](wattrackdomprodsep).visible_if.is.value`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::bank::{AnswerSpec, Bank, Column, Evidence, Question, Role, Rows, ScoreRule, Token};
use super::condition::Condition;
use super::metrics::METRICS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{s}: {}: {}", self.path, self.message)
    }
}

/// A bank refused because `check-bank` finds errors in it (a bank that cannot be trusted gives
/// no score): the errors, in the order found.
#[derive(Debug, Clone, PartialEq)]
pub struct BankRefused {
    pub errors: Vec<Finding>,
}

impl std::fmt::Display for BankRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors: Vec<String> = self.errors.iter().map(|e| e.to_string()).collect();
        write!(
            f,
            "the bank has {} errors: {}",
            errors.len(),
            errors.join("; ")
        )
    }
}

impl std::error::Error for BankRefused {}

/// The bank, unless `check-bank` finds an error in it.
pub fn checked(bank: Bank) -> Result<Bank, BankRefused> {
    let errors: Vec<Finding> = check_bank(&bank)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    match errors.is_empty() {
        true => Ok(bank),
        false => Err(BankRefused { errors }),
    }
}

struct Checker<'a> {
    bank: &'a Bank,
    findings: Vec<Finding>,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.findings.push(Finding {
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
        });
    }

    fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.findings.push(Finding {
            severity: Severity::Warning,
            path: path.into(),
            message: message.into(),
        });
    }
}

/// All findings about a bank, errors first.
pub fn check_bank(bank: &Bank) -> Vec<Finding> {
    let mut c = Checker {
        bank,
        findings: Vec::new(),
    };
    check_ids(&mut c);
    for (si, section) in bank.sections.iter().enumerate() {
        let sp = format!("sections.{}", section.id);
        if let Some(cond) = &section.applies_if {
            check_condition(&mut c, cond, &format!("{sp}.applies_if"), None);
        }
        for (wi, profile) in section.weights.iter().enumerate() {
            let wp = format!("{sp}.weights[{wi}]");
            check_condition(&mut c, &profile.when, &format!("{wp}.when"), None);
            let sum: f64 = profile.levels.values().sum();
            if (sum - 100.0).abs() > 1e-6 {
                c.error(
                    &format!("{wp}.levels"),
                    format!("level weights sum to {sum}, not 100"),
                );
            }
            if profile.levels.keys().any(|l| !(1..=3).contains(l)) {
                c.error(&format!("{wp}.levels"), "levels are 1, 2 and 3");
            }
        }
        check_progression(&mut c, si, &sp);
        for (qi, q) in section.questions.iter().enumerate() {
            let qp = format!("{sp}.questions[{qi}]({})", q.id);
            check_question(&mut c, q, &qp, section.scored);
        }
    }
    for (gi, gate) in bank.zero_if.iter().enumerate() {
        check_condition(
            &mut c,
            &gate.when,
            &format!("zero_if[{gi}]({}).when", gate.id),
            None,
        );
    }
    check_cycles(&mut c);
    c.findings.sort_by_key(|f| f.severity != Severity::Error);
    c.findings
}

fn check_ids(c: &mut Checker) {
    if c.bank.id.trim().is_empty() {
        c.error("id", "the bank needs an id");
    }
    let mut sections = HashSet::new();
    let mut refs: HashMap<&str, String> = HashMap::new();
    for section in &c.bank.sections {
        if !sections.insert(section.id.as_str()) {
            c.error(&format!("sections.{}", section.id), "duplicate section id");
        }
        for (qi, q) in section.questions.iter().enumerate() {
            let path = format!("sections.{}.questions[{qi}]({})", section.id, q.id);
            if q.id.trim().is_empty() {
                c.error(&path, "empty Ref ID");
            }
            if let Some(first) = refs.get(q.id.as_str()) {
                let message = format!("duplicate Ref ID \"{}\" (first at {first})", q.id);
                c.error(&path, message);
            } else {
                refs.insert(&q.id, path);
            }
        }
    }
}

fn check_progression(c: &mut Checker, si: usize, sp: &str) {
    let section = &c.bank.sections[si];
    let declared: Vec<&Question> = section
        .questions
        .iter()
        .filter(|q| q.role == Role::Progression)
        .collect();
    match &section.progression {
        Some(r) => match section.questions.iter().find(|q| &q.id == r) {
            None => c.error(
                &format!("{sp}.progression"),
                format!("\"{r}\" is not a question of this section"),
            ),
            Some(q) if q.role != Role::Progression => c.error(
                &format!("{sp}.progression"),
                format!("\"{r}\" must have role \"progression\""),
            ),
            Some(q) => {
                let yes_no = matches!(&q.answer, AnswerSpec::Choice { options }
                    if options.contains(&Token::Yes) && options.contains(&Token::No));
                if !yes_no {
                    c.error(
                        &format!("{sp}.progression"),
                        "the progression question must offer yes and no",
                    );
                }
            }
        },
        None if section.scored => c.warn(
            &format!("{sp}.progression"),
            "scored section without an optional level-progression question",
        ),
        None => {}
    }
    if declared.len() > 1 {
        c.error(sp, "more than one progression question");
    }
}

fn check_question(c: &mut Checker, q: &Question, qp: &str, section_scored: bool) {
    match q.level {
        Some(l) if !(1..=3).contains(&l) => {
            c.error(&format!("{qp}.level"), "levels are 1, 2 and 3")
        }
        None if q.score.is_some() => {
            c.error(&format!("{qp}.level"), "a scored question needs a level")
        }
        _ => {}
    }
    if q.score.is_some() && !section_scored {
        c.error(
            &format!("{qp}.score"),
            "a question of an unscored section cannot be scored",
        );
    }
    if q.prompt.trim().is_empty() {
        c.error(&format!("{qp}.prompt"), "empty prompt");
    }
    for (name, cond) in [("applies_if", &q.applies_if), ("visible_if", &q.visible_if)] {
        if let Some(cond) = cond {
            check_condition(c, cond, &format!("{qp}.{name}"), None);
        }
    }
    check_answer(c, &q.answer, &format!("{qp}.answer"), false);
    match &q.score {
        Some(ScoreRule::Choice { points, .. }) => {
            if !matches!(q.answer, AnswerSpec::Choice { .. }) {
                c.error(
                    &format!("{qp}.score"),
                    "rule \"choice\" needs a choice answer; use \"cases\"",
                );
            }
            for (token, p) in points.iter().flatten() {
                if !(0.0..=1.0).contains(p) {
                    c.error(
                        &format!("{qp}.score.points.{}", token.as_str()),
                        "fractions are between 0 and 1",
                    );
                }
            }
        }
        Some(ScoreRule::Cases {
            cases,
            unscored_if,
            answered_if,
        }) => {
            if cases.is_empty() {
                c.error(
                    &format!("{qp}.score.cases"),
                    "no cases: the question could never earn points",
                );
            }
            for (i, case) in cases.iter().enumerate() {
                let cp = format!("{qp}.score.cases[{i}]");
                check_condition(c, &case.when, &format!("{cp}.when"), None);
                if !(0.0..=1.0).contains(&case.fraction) {
                    c.error(&format!("{cp}.fraction"), "fractions are between 0 and 1");
                }
            }
            for (name, cond) in [("unscored_if", unscored_if), ("answered_if", answered_if)] {
                if let Some(cond) = cond {
                    check_condition(c, cond, &format!("{qp}.score.{name}"), None);
                }
            }
        }
        None => {}
    }
    if q.source.trim().is_empty() {
        c.warn(&format!("{qp}.source"), "no source recorded");
    }
    check_evidence(c, q, qp);
}

/// The evidence checklist: every item one thing to show, each once. Warnings, as help text
/// never changes a score.
fn check_evidence(c: &mut Checker, q: &Question, qp: &str) {
    let ep = format!("{qp}.help.evidence");
    match &q.help.evidence {
        Some(Evidence::List(items)) if items.is_empty() => {
            c.warn(&ep, "empty list: leave \"evidence\" out instead");
        }
        Some(Evidence::List(items)) => {
            let mut seen = HashSet::new();
            for (i, item) in items.iter().enumerate() {
                if item.trim().is_empty() {
                    c.warn(&format!("{ep}[{i}]"), "empty item");
                } else if !seen.insert(item.trim()) {
                    c.warn(&format!("{ep}[{i}]"), "the same item twice");
                }
            }
        }
        Some(Evidence::One(text)) if text.trim().is_empty() => c.warn(&ep, "empty text"),
        Some(Evidence::One(_)) | None => {}
    }
}

fn check_answer(c: &mut Checker, spec: &AnswerSpec, ap: &str, in_table: bool) {
    match spec {
        AnswerSpec::Choice { options } => {
            if options.is_empty() {
                c.error(&format!("{ap}.options"), "no options");
            }
        }
        AnswerSpec::Single { options } | AnswerSpec::Multi { options, .. } => {
            if options.is_empty() {
                c.error(&format!("{ap}.options"), "no options");
            }
            let mut seen = HashSet::new();
            for (i, o) in options.iter().enumerate() {
                if !seen.insert(&o.id) {
                    c.error(
                        &format!("{ap}.options[{i}]"),
                        format!("duplicate option id \"{}\"", o.id),
                    );
                }
            }
            if let AnswerSpec::Multi {
                none: Some(none), ..
            } = spec
            {
                if !options.iter().any(|o| &o.id == none) {
                    c.error(
                        &format!("{ap}.none"),
                        format!("\"{none}\" is not an option"),
                    );
                }
            }
            if let AnswerSpec::Multi {
                options_from: Some(source),
                ..
            } = spec
            {
                // Each option must be one the source offers, or it could never be shown.
                let at = format!("{ap}.options_from");
                match c.bank.question(source).map(|q| q.answer.clone()) {
                    Some(AnswerSpec::Multi {
                        options: theirs, ..
                    }) => {
                        for o in options
                            .iter()
                            .filter(|o| !theirs.iter().any(|t| t.id == o.id))
                        {
                            c.error(&at, format!("\"{}\" is not an option of {source}", o.id));
                        }
                    }
                    Some(other) => c.error(
                        &at,
                        format!(
                            "must name a multi question, not a {} one",
                            other.type_name()
                        ),
                    ),
                    None => c.error(&at, format!("unknown Ref ID \"{source}\"")),
                }
            }
        }
        AnswerSpec::Number { min, max, .. } => {
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    c.error(ap, "min is above max");
                }
            }
        }
        AnswerSpec::Year { min, max } => {
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    c.error(ap, "min is above max");
                }
            }
        }
        AnswerSpec::Table { rows, columns } => {
            if in_table {
                c.error(ap, "tables cannot be nested");
            }
            check_rows(c, rows, &format!("{ap}.rows"));
            let mut seen = HashSet::new();
            for (i, col) in columns.iter().enumerate() {
                let cp = format!("{ap}.columns[{i}]({})", col.id);
                if col.id == "row" || !seen.insert(&col.id) {
                    c.error(&cp, "column ids are unique and not \"row\"");
                }
                check_answer(c, &col.answer, &format!("{cp}.answer"), true);
                if let Some(cond) = &col.visible_if {
                    let facts = with_row_id(c.bank, rows, columns);
                    check_condition(c, cond, &format!("{cp}.visible_if"), Some(&facts));
                }
            }
            if columns.is_empty() {
                c.error(&format!("{ap}.columns"), "a table needs columns");
            }
        }
        AnswerSpec::Text { .. } | AnswerSpec::Date {} => {}
    }
}

fn check_rows(c: &mut Checker, rows: &Rows, rp: &str) {
    match rows {
        Rows::From(source) => match c.bank.question(source) {
            None => c.error(
                &format!("{rp}.from"),
                format!("unknown Ref ID \"{source}\""),
            ),
            Some(q)
                if !matches!(
                    q.answer,
                    AnswerSpec::Multi { .. } | AnswerSpec::Single { .. }
                ) =>
            {
                c.error(
                    &format!("{rp}.from"),
                    format!("\"{source}\" is not a single or multi question"),
                )
            }
            Some(_) => {}
        },
        Rows::Fixed(opts) if opts.is_empty() => c.error(&format!("{rp}.fixed"), "no rows"),
        Rows::Free {
            min,
            max: Some(max),
        } if min > max => c.error(&format!("{rp}.free"), "min is above max"),
        _ => {}
    }
}

/// Checks that a condition names existing questions (or, in a table, columns) and valid values.
fn check_condition(c: &mut Checker, cond: &Condition, path: &str, row: Option<&[Column]>) {
    let spec_of = |c: &Checker, q: &str| -> Option<AnswerSpec> {
        match q.strip_prefix('.') {
            Some(col) => row?.iter().find(|x| x.id == col).map(|x| x.answer.clone()),
            None => c.bank.question(q).map(|x| x.answer.clone()),
        }
    };
    let resolve = |c: &mut Checker, q: &str, at: &str| -> Option<AnswerSpec> {
        let spec = spec_of(c, q);
        if spec.is_none() {
            let what = if q.starts_with('.') {
                "column"
            } else {
                "Ref ID"
            };
            c.error(&format!("{at}.q"), format!("unknown {what} \"{q}\""));
        }
        spec
    };
    let check_values =
        |c: &mut Checker, spec: &AnswerSpec, values: &[&str], at: &str, kinds: &[&str]| {
            if !kinds.contains(&spec.type_name()) {
                c.error(
                    at,
                    format!("cannot be used on a {} question", spec.type_name()),
                );
                return;
            }
            if let Some(ids) = spec.option_ids() {
                for v in values {
                    if !ids.contains(v) {
                        c.error(
                            &format!("{at}.value"),
                            format!("\"{v}\" is not an option of that question"),
                        );
                    }
                }
            }
        };
    match cond {
        Condition::All(cs) | Condition::Any(cs) => {
            let key = if matches!(cond, Condition::All(_)) {
                "all"
            } else {
                "any"
            };
            if cs.is_empty() {
                c.warn(&format!("{path}.{key}"), "empty list");
            }
            for (i, sub) in cs.iter().enumerate() {
                check_condition(c, sub, &format!("{path}.{key}[{i}]"), row);
            }
        }
        Condition::Not(sub) => check_condition(c, sub, &format!("{path}.not"), row),
        Condition::Answered(q) => {
            resolve(c, q, &format!("{path}.answered"));
        }
        Condition::Is(qv) => {
            let at = format!("{path}.is");
            if let Some(spec) = resolve(c, &qv.q, &at) {
                check_values(c, &spec, &[&qv.value], &at, &["choice", "single"]);
            }
        }
        Condition::In(qv) => {
            let at = format!("{path}.in");
            if let Some(spec) = resolve(c, &qv.q, &at) {
                let vals: Vec<&str> = qv.values.iter().map(String::as_str).collect();
                check_values(c, &spec, &vals, &at, &["choice", "single"]);
            }
        }
        Condition::Includes(qv) => {
            let at = format!("{path}.includes");
            if let Some(spec) = resolve(c, &qv.q, &at) {
                check_values(c, &spec, &[&qv.value], &at, &["multi"]);
            }
        }
        Condition::IncludesAny(qv) | Condition::IncludesOnly(qv) => {
            let key = if matches!(cond, Condition::IncludesAny(_)) {
                "includes_any"
            } else {
                "includes_only"
            };
            let at = format!("{path}.{key}");
            if let Some(spec) = resolve(c, &qv.q, &at) {
                let vals: Vec<&str> = qv.values.iter().map(String::as_str).collect();
                check_values(c, &spec, &vals, &at, &["multi"]);
            }
        }
        Condition::Count(qn) => {
            let at = format!("{path}.count");
            if let Some(spec) = resolve(c, &qn.q, &at) {
                check_values(c, &spec, &[], &at, &["multi", "table"]);
            }
        }
        Condition::Cmp(qn) => {
            let at = format!("{path}.cmp");
            if let Some(spec) = resolve(c, &qn.q, &at) {
                check_values(c, &spec, &[], &at, &["number", "year"]);
            }
        }
        Condition::Metric(m) => {
            if !METRICS.contains(&m.id.as_str()) {
                c.error(
                    &format!("{path}.metric.id"),
                    format!(
                        "unknown metric \"{}\" (known: {})",
                        m.id,
                        METRICS.join(", ")
                    ),
                );
            }
        }
        Condition::TableSome(rows) | Condition::TableEvery(rows) => {
            let key = if matches!(cond, Condition::TableSome(_)) {
                "table_some"
            } else {
                "table_every"
            };
            let at = format!("{path}.{key}");
            match resolve(c, &rows.q, &at) {
                Some(AnswerSpec::Table {
                    columns,
                    rows: table_rows,
                }) => {
                    let facts = with_row_id(c.bank, &table_rows, &columns);
                    check_condition(c, &rows.when, &format!("{at}.when"), Some(&facts));
                }
                Some(other) => c.error(
                    &at,
                    format!("cannot be used on a {} question", other.type_name()),
                ),
                None => {}
            }
        }
        Condition::TableAny(cell) | Condition::TableAll(cell) => {
            let key = if matches!(cond, Condition::TableAny(_)) {
                "table_any"
            } else {
                "table_all"
            };
            let at = format!("{path}.{key}");
            match resolve(c, &cell.q, &at) {
                Some(AnswerSpec::Table { columns, .. }) => match columns
                    .iter()
                    .find(|x| x.id == cell.col)
                {
                    None => c.error(
                        &format!("{at}.col"),
                        format!("unknown column \"{}\"", cell.col),
                    ),
                    Some(col) => {
                        if let Some(ids) = col.answer.option_ids() {
                            if !ids.contains(&cell.value.as_str()) {
                                c.error(
                                    &format!("{at}.value"),
                                    format!("\"{}\" is not an option of that column", cell.value),
                                );
                            }
                        }
                    }
                },
                Some(other) => c.error(
                    &at,
                    format!("cannot be used on a {} question", other.type_name()),
                ),
                None => {}
            }
        }
    }
}

/// Visibility cycles: a question whose shown/hidden state depends, through conditions, on itself.
fn check_cycles(c: &mut Checker) {
    let bank = c.bank;
    let mut deps: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (section, q) in bank.questions() {
        let mut d = bank.visibility_deps(section, q);
        d.retain(|r| bank.question(r).is_some());
        deps.insert(&q.id, d);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark: HashMap<&str, Mark> = deps.keys().map(|k| (*k, Mark::New)).collect();
    let mut reported = HashSet::new();
    for start in deps.keys().copied() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS keeping the path, so a cycle can be printed.
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        mark.insert(start, Mark::Active);
        while let Some((node, next)) = stack.last().copied() {
            let children = &deps[node];
            if next < children.len() {
                stack.last_mut().expect("non-empty").1 += 1;
                let child = children[next];
                match mark[child] {
                    Mark::New => {
                        mark.insert(child, Mark::Active);
                        stack.push((child, 0));
                    }
                    Mark::Active => {
                        let from = stack.iter().position(|(n, _)| *n == child).unwrap_or(0);
                        let mut cycle: Vec<&str> = stack[from..].iter().map(|(n, _)| *n).collect();
                        cycle.push(child);
                        let mut key = cycle.clone();
                        key.sort_unstable();
                        if reported.insert(key) {
                            let pos = bank.position(child).expect("indexed");
                            let path = format!(
                                "sections.{}.questions[{}]({child})",
                                bank.sections[pos.section].id, pos.question
                            );
                            c.error(&path, format!("visibility cycle: {}", cycle.join(" -> ")));
                        }
                    }
                    Mark::Done => {}
                }
            } else {
                mark.insert(node, Mark::Done);
                stack.pop();
            }
        }
    }
}

/// A table's columns, and `.row` for rows named by an option (from/fixed): the row's option
/// id, a single choice among the rows' options.
fn with_row_id(bank: &Bank, rows: &Rows, columns: &[Column]) -> Vec<Column> {
    let options = match rows {
        Rows::Fixed(options) => options.clone(),
        Rows::From(source) => match bank.question(source).map(|q| &q.answer) {
            Some(AnswerSpec::Single { options } | AnswerSpec::Multi { options, .. }) => {
                options.clone()
            }
            _ => Vec::new(),
        },
        Rows::Free { .. } => return columns.to_vec(),
    };
    let mut with_row = columns.to_vec();
    with_row.push(Column {
        id: "row".into(),
        label: String::new(),
        answer: AnswerSpec::Single { options },
        required: false,
        visible_if: None,
    });
    with_row
}
