//! The pure domain core: bank, answers, conditions, rules, scoring, energy and GHG.
//! No I/O, no clock, no web: every shell (widget, embed, CLI) calls `evaluate`.
//!
//! Modules in layers, each importing only from layers below it (`make lint` fails on an
//! import circle), from the bottom up:
//! 1. Data. `json`: strict JSON reading (repeated keys refused). `condition`: conditions as the
//!    bank writes them. `schema`: the bank document's types. `ghg`: the energy and GHG model.
//!    `bank_texts`: a bank document's translatable texts by key (build.rs uses it too).
//! 2. The bank. `index`: what is derived from the questions once (Ref ID → position, the
//!    questions numbered across sections, dependency order). `bank`: the loaded bank, its
//!    document and index (read, localised; the built-in FEM 2024 bank).
//! 3. Words. `message`: messages the core emits (keys, English templates) and number
//!    formatting. `entry`: numbers and dates as people type them. `words`, `locale`.
//! 4. Answers. `answers`: a facility's answers, the answers document (with the data checks
//!    dismissed and their notes), validation, `is_answered`. `checks`: data checks on answers.
//!    `draft`: a stored draft. `autosave`: the drafts controller as a state machine (when to
//!    save, merge, orphan a draft deleted elsewhere; what to tell the user).
//! 5. Rules. `condition_eval`: how a condition holds for the answers (`Facts`). `metrics`:
//!    figures conditions read. `scored`: which answers are scored (rows set aside are not).
//!    `rules`: which questions are shown (applicability, pathways, follow-ups).
//!    `table`: a table answer as the facility edits it (rows, cells shown, edits).
//! 6. Scoring. `points`: one question's points and the reason. `assess`: levels, sections,
//!    total, completion and the zero-score gate: `evaluate(bank, answers)`.
//! 7. Documents. `check`: `check-bank`. `score_document`: what a portal stores. `export`: CSV.
//!    `element`: what the embeddable element needs that is not DOM. `plan`: what to change
//!    for the most points, each gain measured by scoring again. `datachecks`: figures that are
//!    allowed but probably wrong, listed before posting.
//!    `evidence`: evidence files attached to questions (types, limits, readiness).
//!    `posting`: the posted package and its verification. `bundle`: the package and its
//!    evidence files in one ZIP. `review`: a verifier's review of a package (accept or correct
//!    each answer), the verified score beside the self-assessed one and the verified package.
//!    `estimate`: verification person-days.

pub mod answers;
pub mod assess;
pub mod autosave;
pub mod bank;
pub mod bank_reader;
pub mod bank_texts;
pub mod bundle;
pub mod check;
pub mod checks;
pub mod condition;
pub mod condition_eval;
pub mod datachecks;
pub mod draft;
pub mod element;
pub mod entry;
pub mod estimate;
pub mod evidence;
pub mod export;
pub mod ghg;
pub mod index;
pub mod json;
pub mod locale;
pub mod message;
pub mod metrics;
pub mod plan;
pub mod points;
pub mod posting;
pub mod review;
pub mod rules;
pub mod schema;
pub mod score_document;
pub mod scored;
pub mod table;
pub mod words;

pub use answers::{Answers, AnswersDoc};
pub use assess::{evaluate, Assessment};
pub use bank::Bank;
pub use score_document::{score_report, ScoreReport};
