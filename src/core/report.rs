//! The score document a portal stores: the assessment plus the energy and GHG figures.
//! `openfem score` prints it; the embedded widget emits the same document, so a server can
//! recompute it from the posted answers and compare (never trusting a browser's score).

use serde::Serialize;

use super::answers::Answers;
use super::assess::{evaluate, Assessment};
use super::bank::Bank;
use super::ghg::{compute_from_answers, AnswerContext, EnergyReport, Factors};
use super::scored::scored_answers;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreReport<'a> {
    #[serde(flatten)]
    pub assessment: Assessment<'a>,
    /// Energy in MJ and Scope 1/2 emissions from the Energy (and Air refrigerant) answers.
    pub energy: EnergyReport,
}

/// Rows set aside (`scored::scored_answers`) count in neither the assessment nor the energy
/// figures.
pub fn score_report<'a>(bank: &'a Bank, answers: &Answers) -> ScoreReport<'a> {
    ScoreReport {
        assessment: evaluate(bank, answers),
        energy: energy(bank, answers),
    }
}

/// The energy and GHG figures alone (the widget's energy panel recomputes only these), from
/// the answers that are scored: rows set aside count in no figure.
pub fn energy(bank: &Bank, answers: &Answers) -> EnergyReport {
    compute_from_answers(
        scored_answers(bank, answers).as_map(),
        &AnswerContext::default(),
        Factors::builtin(),
    )
}
