//! Points for one question, and the reason for them. Every scoring rule of the methodology that
//! concerns a single question lives here; level, section and total arithmetic is in `assess.rs`.

use serde_json::Value;

use super::bank::{NaRule, Question, ScoreRule, Token};
use super::condition::{is_answered, Facts};

/// A question's scoring outcome before its share of the level is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Not scored for this facility (N/A that redistributes, or `unscored_if`).
    Unscored(Why),
    /// Scored: the fraction of the question's share it earns.
    Scored {
        fraction: f64,
        answered: bool,
        why: Why,
    },
}

/// Why a question earned what it did. Serialised as an English sentence; the UI may translate
/// by variant.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    NotScored,
    Unanswered,
    Token {
        token: Token,
        fraction: f64,
    },
    NaUnscored,
    NaFull,
    UnscoredIf,
    Case(String),
    NoCase,
    /// Level 2/3 while Level 1 is not achieved: the section is capped at Level 1.
    Capped,
}

impl Why {
    /// The sentence for a question worth `max` points, earning `points`.
    pub fn sentence(&self, points: f64, max: f64) -> String {
        let of = format!("{} of {}", fmt(points), fmt(max));
        match self {
            Why::NotScored => "Not scored: asked for information or to decide what applies".into(),
            Why::Unanswered => format!("Not answered yet: {of}"),
            Why::Token { token: Token::Partial, fraction } if *fraction == 0.5 => {
                format!("Partial Yes: half of {}", fmt(max))
            }
            Why::Token { token, fraction } if *fraction >= 1.0 => match token {
                Token::Yes => format!("Yes: full {}", fmt(max)),
                other => format!("{} earns full points on this question: {of}", other.label()),
            },
            Why::Token { token, .. } => format!("{}: {of}", token.label()),
            Why::NaUnscored => {
                "Not Applicable: unscored; its share goes to the other questions of this level".into()
            }
            Why::NaFull => format!("Not Applicable earns full points on this question: {of}"),
            Why::UnscoredIf => "Not scored for this facility: its share goes to the other questions of this level".into(),
            Why::Case(reason) => format!("{reason}: {of}"),
            Why::NoCase => format!("Criteria for points not met: {of}"),
            Why::Capped => format!(
                "Level 1 is not achieved, so this level adds nothing (the section is capped at its Level 1 points): {of}"
            ),
        }
    }
}

fn fmt(n: f64) -> String {
    let r = (n * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.2}").trim_end_matches('0').to_string()
    }
}

/// Scores a scored question from the answers (as the facility sees them).
pub fn outcome(q: &Question, rule: &ScoreRule, facts: &dyn Facts) -> Outcome {
    let own = facts.answer(&q.id);
    let own_token = own.and_then(Value::as_str).and_then(Token::parse);
    match rule {
        ScoreRule::Choice { points, na } => {
            let Some(token) = own_token else {
                return unanswered();
            };
            if token == Token::Na {
                return match na {
                    NaRule::Unscored => Outcome::Unscored(Why::NaUnscored),
                    NaRule::Full => Outcome::Scored {
                        fraction: 1.0,
                        answered: true,
                        why: Why::NaFull,
                    },
                };
            }
            let fraction = points
                .as_ref()
                .and_then(|p| p.get(&token).copied())
                .unwrap_or(default_fraction(token));
            Outcome::Scored {
                fraction,
                answered: true,
                why: Why::Token { token, fraction },
            }
        }
        ScoreRule::Cases {
            cases,
            unscored_if,
            answered_if,
        } => {
            if unscored_if.as_ref().is_some_and(|c| c.holds(facts)) {
                return Outcome::Unscored(Why::UnscoredIf);
            }
            if unscored_if.is_none() && own_token == Some(Token::Na) {
                return Outcome::Unscored(Why::NaUnscored);
            }
            let answered = match answered_if {
                Some(c) => c.holds(facts),
                None => own.is_some_and(is_answered),
            };
            if !answered {
                return unanswered();
            }
            match cases.iter().find(|c| c.when.holds(facts)) {
                Some(case) => Outcome::Scored {
                    fraction: case.fraction,
                    answered: true,
                    why: Why::Case(case.why.clone()),
                },
                None => Outcome::Scored {
                    fraction: 0.0,
                    answered: true,
                    why: Why::NoCase,
                },
            }
        }
    }
}

/// Yes = full, Partial Yes = half, No and Unknown = nothing (unless the bank says otherwise).
fn default_fraction(token: Token) -> f64 {
    match token {
        Token::Yes => 1.0,
        Token::Partial => 0.5,
        Token::No | Token::Unknown | Token::Na => 0.0,
    }
}

fn unanswered() -> Outcome {
    Outcome::Scored {
        fraction: 0.0,
        answered: false,
        why: Why::Unanswered,
    }
}
