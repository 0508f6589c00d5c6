//! The pure domain core: bank, answers, conditions, rules, scoring, energy and GHG.
pub mod ghg;
