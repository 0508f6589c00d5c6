//! The pure domain core: bank, answers, conditions, rules, scoring, energy and GHG.
//! No I/O, no clock, no web: every shell (widget, embed, CLI) calls `evaluate`.

pub mod answers;
pub mod assess;
pub mod bank;
pub mod check;
pub mod condition;
pub mod draft;
pub mod embed;
pub mod export;
pub mod ghg;
pub mod ids;
pub mod layout;
pub mod metrics;
pub mod report;
pub mod rules;
pub mod score;
pub mod sheet;

pub use answers::{Answers, AnswersDoc};
pub use assess::{evaluate, Assessment};
pub use bank::Bank;
pub use report::{score_report, ScoreReport};
