//! Data checks: answers that are allowed but probably wrong, said as warnings that never block
//! and never change a score. The clock is the shell's: `today` is passed in.

use serde_json::Value;

use super::answers::Answers;
use super::entry::Date;
use super::message::{Arg, Message};

/// The permits table of Site Information, and the cells the expiry check reads.
const PERMITS: &str = "sippermits";
const PERMIT_STATUS: &str = "sippermitstatus";
const PERMIT_EXPIRY: &str = "sippermitexpiry";
const STATUS_VALID: &str = "available_valid";

/// A warning on one cell of a table: which question, row and column, and what to say.
#[derive(Debug, Clone, PartialEq)]
pub struct CellWarning {
    pub question: &'static str,
    pub row: String,
    pub column: &'static str,
    pub message: Message,
}

/// Every cell warning for these answers on `today`.
pub fn cell_warnings(answers: &Answers, today: Date) -> Vec<CellWarning> {
    expired_valid_permits(answers, today)
}

/// A permit marked "Available and valid" whose expiry date has passed.
fn expired_valid_permits(answers: &Answers, today: Date) -> Vec<CellWarning> {
    let Some(Value::Array(rows)) = answers.get(PERMITS) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(Value::as_object)
        .filter(|row| row.get(PERMIT_STATUS).and_then(Value::as_str) == Some(STATUS_VALID))
        .filter_map(|row| {
            let id = row.get("row")?.as_str()?;
            let expiry = Date::parse_iso(row.get(PERMIT_EXPIRY)?.as_str()?).ok()?;
            (expiry < today).then(|| CellWarning {
                question: PERMITS,
                row: id.to_string(),
                column: PERMIT_EXPIRY,
                message: Message::new(
                    "check.permit_expired",
                    vec![("date", Arg::Text(expiry.iso()))],
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn permits(rows: Value) -> Answers {
        let mut a = Answers::new();
        a.set(PERMITS, rows);
        a
    }

    #[test]
    fn a_valid_permit_past_its_expiry_is_warned_about() {
        let today = Date::new(2026, 12, 6).unwrap();
        let a = permits(json!([
            {"row": "ww_indirect", "sippermitstatus": "available_valid", "sippermitexpiry": "2026-12-05"},
            {"row": "air_process", "sippermitstatus": "available_valid", "sippermitexpiry": "2026-12-06"},
            {"row": "water_use", "sippermitstatus": "available_invalid", "sippermitexpiry": "2020-01-01"},
            {"row": "ww_direct", "sippermitstatus": "available_valid"}
        ]));
        let warnings = cell_warnings(&a, today);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].row, "ww_indirect");
        assert_eq!(warnings[0].column, PERMIT_EXPIRY);
        assert_eq!(
            warnings[0].message.english(),
            "This permit expired on 2026-12-05 but is marked as valid: renew it, or record its real status."
        );
    }
}
