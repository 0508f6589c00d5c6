//! How the widget names things to people (never by Ref ID): shared by the report, the plan and
//! the data checks.

use super::i18n::tf;
use crate::core::Bank;

/// A question as a person finds it: "Energy & GHG 5c" (its section and number), never its Ref ID.
pub(crate) fn question_number(bank: &Bank, id: &str) -> String {
    let section = bank
        .position(id)
        .map(|p| bank.sections[p.section].title.clone())
        .unwrap_or_default();
    match bank.question(id).and_then(|q| q.number.clone()) {
        Some(number) => tf(
            "flow.report_number_of",
            &[("section", &section), ("number", &number)],
        ),
        None => section,
    }
}
