//! CSV of answers for spreadsheets: one row per shown or answered question, with its points.
//! Cells are quoted per RFC 4180 and guarded against formula injection: a text cell starting with
//! `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (numbers are left as numbers).

use serde_json::Value;

use super::answers::Answers;
use super::assess::Assessment;
use super::bank::Bank;

pub const CSV_HEADER: &str = "ref_id,section,level,answer,points,max";

pub fn answers_csv(bank: &Bank, answers: &Answers, assessment: &Assessment) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for (section, q) in bank.questions() {
        let result = assessment
            .sections
            .iter()
            .find(|s| s.id == section.id)
            .and_then(|s| s.questions.iter().find(|r| r.id == q.id));
        let value = answers.get(&q.id);
        if result.is_none() && value.is_none() {
            continue;
        }
        let number = |n: Option<f64>| n.map(|n| format!("{:.4}", n)).unwrap_or_default();
        let cells = [
            q.id.clone(),
            section.id.clone(),
            q.level.map(|l| l.to_string()).unwrap_or_default(),
            value.map(answer_text).unwrap_or_default(),
            number(result.and_then(|r| r.points)),
            number(result.and_then(|r| r.max)),
        ];
        let row: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Tokens and option ids as they are; lists joined with "; "; tables as compact JSON.
pub fn answer_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// One CSV cell: formula-guarded, then quoted when it holds a comma, quote or line break.
pub fn cell(text: &str) -> String {
    let is_number = text.parse::<f64>().is_ok_and(f64::is_finite);
    let guarded = if !is_number && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::evaluate;
    use serde_json::json;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1+1"), "'+1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-5"), "-5");
        assert_eq!(cell("-x"), "'-x");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(
            cell("<script>alert(1)</script>"),
            "<script>alert(1)</script>"
        );
    }

    #[test]
    fn rows_carry_answer_points_and_max() {
        let bank = Bank::builtin().unwrap();
        let answers: Answers = [
            ("sipvalidoperatinglicense", json!("yes")),
            ("emsmgmt", json!("yes")),
            ("sipfacilitytype", json!(["final_assembly", "subassembly"])),
            ("emsmgmtstaff", json!([{"name": "=cmd|' /C calc'!A0"}])),
        ]
        .into_iter()
        .collect();
        let csv = answers_csv(&bank, &answers, &evaluate(&bank, &answers));
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(CSV_HEADER));
        assert!(csv.contains("sipfacilitytype,site,,final_assembly; subassembly,,\r\n"));
        let ems = csv.lines().find(|l| l.starts_with("emsmgmt,")).unwrap();
        assert!(ems.starts_with("emsmgmt,ems,1,yes,"), "{ems}");
        assert!(!csv.contains(",=cmd"), "table JSON is never a formula");
    }
}
