//! The pure domain core: bank, answers, conditions, rules, scoring, energy and GHG.
//! No I/O, no clock, no web: every shell (widget, embed, CLI) calls `evaluate`.
//!
//! How `evaluate(bank, answers)` runs:
//! 1. `bank`: the questions as data, indexed once when loaded (positions, dependency order,
//!    conditions resolved to positions, and `layout`: what scoring reads of each question,
//!    packed);
//! 2. `packed`: the answers laid out by question position (borrowed by `evaluate`, copied by
//!    `Packed::new` for a batch, which `evaluate_packed` scores), read through `value::Val`;
//! 3. `rules::Context`: which questions apply and are shown (conditions in `condition`,
//!    pathways and their level weights);
//! 4. `assess`: each section's levels, gating, progression, completion and points, with
//!    `score` deciding one question's points and the reason for them.

pub mod answers;
pub mod assess;
pub mod bank;
pub mod check;
pub mod checks;
pub mod condition;
pub mod condition_eval;
pub mod draft;
pub mod element;
pub mod entry;
pub mod export;
pub mod ghg;
pub mod index;
pub mod json;
pub mod locale;
pub mod message;
pub mod metrics;
pub mod points;
pub mod rules;
pub mod schema;
pub mod score_document;
pub mod scored;
pub mod words;

pub use answers::{Answers, AnswersDoc};
pub use assess::{evaluate, Assessment};
pub use bank::Bank;
pub use score_document::{score_report, ScoreReport};
