//! How a level shows (achieved, not yet, not open, not applicable), in the score panel, the
//! section view and the report.

use super::i18n::t;
use crate::core::assess::LevelResult;

/// How a level shows in the level table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum LevelState {
    Achieved,
    NotAchieved,
    NotOpen,
    /// No weight or no applicable scored question for this facility: the core counts it as
    /// achieved (so it never blocks a gate), but there is nothing to achieve, so no tick.
    NotApplicable,
}

impl LevelState {
    pub(crate) fn of(l: &LevelResult) -> LevelState {
        if l.weight == 0.0 || l.scored_questions == 0 {
            LevelState::NotApplicable
        } else if l.achieved {
            LevelState::Achieved
        } else if l.open {
            LevelState::NotAchieved
        } else {
            LevelState::NotOpen
        }
    }

    pub(crate) fn class(self) -> &'static str {
        match self {
            LevelState::Achieved => "achieved",
            LevelState::NotAchieved => "not_achieved",
            LevelState::NotOpen => "not_open",
            LevelState::NotApplicable => "not_applicable",
        }
    }

    /// The state in words (the level table's cells, the report).
    pub(crate) fn text(self) -> String {
        t(match self {
            LevelState::Achieved => "score.achieved",
            LevelState::NotAchieved => "flow.level_not_yet",
            LevelState::NotOpen => "flow.level_not_open",
            LevelState::NotApplicable => "flow.level_na",
        })
    }

    /// What the state means, for a cell's description.
    pub(crate) fn explain(self) -> String {
        t(match self {
            LevelState::Achieved => "flow.level_achieved_explain",
            LevelState::NotAchieved => "flow.level_not_yet_explain",
            LevelState::NotOpen => "flow.level_not_open_explain",
            LevelState::NotApplicable => "score.level_na",
        })
    }

    /// The icon beside the words (decorative: the words say it).
    pub(crate) fn icon(self) -> &'static str {
        match self {
            LevelState::Achieved => "✓",
            LevelState::NotAchieved => "○",
            LevelState::NotOpen => "◌",
            LevelState::NotApplicable => "—",
        }
    }
}
