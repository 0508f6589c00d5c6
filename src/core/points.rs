//! Points for one question, and the reason for them. Every scoring rule of the methodology that
//! concerns a single question lives here; level, section and total arithmetic is in `assess.rs`.

use std::borrow::Cow;

use serde_json::Value;

use super::answers::is_answered;
use super::bank::{NaRule, ScoreRule, Token};
use super::condition_eval::Facts;
use super::message::{Arg, Message};

/// A question's scoring outcome before its share of the level is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<'a> {
    /// Not scored for this facility (N/A that redistributes, or `unscored_if`).
    Unscored(Why<'a>),
    /// Scored: the fraction of the question's share it earns.
    Scored {
        fraction: f64,
        answered: bool,
        why: Why<'a>,
    },
}

/// Why a question earned what it did. `message` gives a stable key and arguments for a
/// translated sentence; `sentence` is the English one (CLI, score documents).
#[derive(Debug, Clone, PartialEq)]
pub enum Why<'a> {
    NotScored,
    Unanswered,
    Token {
        token: Token,
        fraction: f64,
    },
    NaUnscored,
    NaFull,
    UnscoredIf,
    Case(Cow<'a, str>),
    NoCase,
    /// Level 2/3 while Level 1 is not achieved: the section is capped at Level 1.
    Capped,
}

impl Why<'_> {
    /// The same reason, owning its text (see `Assessment::into_owned`).
    pub fn into_owned(self) -> Why<'static> {
        match self {
            Why::NotScored => Why::NotScored,
            Why::Unanswered => Why::Unanswered,
            Why::Token { token, fraction } => Why::Token { token, fraction },
            Why::NaUnscored => Why::NaUnscored,
            Why::NaFull => Why::NaFull,
            Why::UnscoredIf => Why::UnscoredIf,
            Why::Case(reason) => Why::Case(Cow::Owned(reason.into_owned())),
            Why::NoCase => Why::NoCase,
            Why::Capped => Why::Capped,
        }
    }

    /// The message for a question worth `max` points, earning `points`.
    pub fn message(&self, points: f64, max: f64) -> Message {
        let of = || vec![("points", Arg::Points(points)), ("max", Arg::Points(max))];
        match self {
            Why::NotScored => Message::new("why.not_scored", vec![]),
            Why::Unanswered => Message::new("why.unanswered", of()),
            Why::Token {
                token: Token::Partial,
                fraction,
            } if *fraction == 0.5 => {
                Message::new("why.partial_half", vec![("max", Arg::Points(max))])
            }
            Why::Token { token, fraction } if *fraction >= 1.0 => match token {
                Token::Yes => Message::new("why.yes_full", vec![("max", Arg::Points(max))]),
                other => Message::new(
                    "why.token_full",
                    [vec![("token", Arg::Token(*other))], of()].concat(),
                ),
            },
            Why::Token { token, .. } => Message::new(
                "why.token",
                [vec![("token", Arg::Token(*token))], of()].concat(),
            ),
            Why::NaUnscored => Message::new("why.na_unscored", vec![]),
            Why::NaFull => Message::new("why.na_full", of()),
            Why::UnscoredIf => Message::new("why.unscored_if", vec![]),
            Why::Case(reason) => Message::new(
                "why.case",
                [vec![("reason", Arg::Text(reason.to_string()))], of()].concat(),
            ),
            Why::NoCase => Message::new("why.no_case", of()),
            Why::Capped => Message::new("why.capped", of()),
        }
    }

    /// The English sentence for a question worth `max` points, earning `points`.
    pub fn sentence(&self, points: f64, max: f64) -> String {
        self.message(points, max).english()
    }
}

/// Scores a scored question from the answers (as the facility sees them); `own` is the
/// question's own answer (none when hidden).
pub fn outcome<'a>(rule: &'a ScoreRule, own: Option<&Value>, facts: &dyn Facts) -> Outcome<'a> {
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
                    why: Why::Case(Cow::Borrowed(&case.why)),
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

fn unanswered() -> Outcome<'static> {
    Outcome::Scored {
        fraction: 0.0,
        answered: false,
        why: Why::Unanswered,
    }
}
