//! Points for one question, and the reason for them. Every scoring rule of the methodology that
//! concerns a single question lives here; level, section and total arithmetic is in `assess.rs`.

use super::bank::{NaRule, ScoreRule, Token};
use super::condition::Facts;
use super::packed::Flags;

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
    Case(&'a str),
    NoCase,
    /// Level 2/3 while Level 1 is not achieved: the section is capped at Level 1.
    Capped,
}

impl Why<'_> {
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

/// A translatable message from the core: a stable key (the widget's locale files have one entry
/// per key, with `{name}` placeholders) and its arguments. The core stays free of locales; the
/// English text, for the CLI and score documents, is [`Message::english`].
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Message`].
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Points: shown with one decimal, as every score and points figure is (`12.5`, `25.0`).
    Points(f64),
    /// A number as the bank gives it (a range bound): shown in full.
    Number(f64),
    /// Text from the bank (localised with the bank, not by the message file).
    Text(String),
    /// An answer token: shown by its label (the widget's `token.<token>` string).
    Token(Token),
}

impl Arg {
    /// The argument as English text.
    pub fn english(&self) -> String {
        match self {
            Arg::Points(n) => fmt(*n),
            Arg::Number(n) => super::answers::fmt_num(*n),
            Arg::Text(s) => s.clone(),
            Arg::Token(t) => t.label().to_string(),
        }
    }
}

/// Every message key the core emits, with its English template. The widget's `en.json` holds
/// the same keys (checked by `tests/ui_strings.rs`).
pub const MESSAGES: &[(&str, &str)] = &[
    ("why.not_scored", "Not scored: asked for information or to decide what applies"),
    ("why.unanswered", "Not answered yet: {points} of {max}"),
    ("why.partial_half", "Partial Yes: half of {max}"),
    ("why.yes_full", "Yes: full {max}"),
    ("why.token_full", "{token} earns full points on this question: {points} of {max}"),
    ("why.token", "{token}: {points} of {max}"),
    ("why.na_unscored", "Not Applicable: unscored; its share goes to the other questions of this level"),
    ("why.na_full", "Not Applicable earns full points on this question: {points} of {max}"),
    ("why.unscored_if", "Not scored for this facility: its share goes to the other questions of this level"),
    ("why.case", "{reason}: {points} of {max}"),
    ("why.no_case", "Criteria for points not met: {points} of {max}"),
    ("why.capped", "Level 1 is not achieved, so this level adds nothing (the section is capped at its Level 1 points): {points} of {max}"),
    ("number.not_finite", "not a finite number"),
    ("number.whole", "must be a whole number"),
    ("number.min", "must be at least {min}"),
    ("number.max", "must be at most {max}"),
    ("number.high", "unusually high (above {limit}): please check the number and its unit"),
    ("number.low", "unusually low (below {limit}): please check the number and its unit"),
    ("entry.not_a_number", "not a number"),
    ("entry.use_decimal_point", "use a point for decimals (96.5); a comma only groups thousands (12,500)"),
    ("entry.use_decimal_comma", "use a comma for decimals (96,5); a point only groups thousands (12.500)"),
    ("entry.date_format", "not a date: type day/month/year (31/03/2027) or year-month-day (2027-03-31)"),
    ("entry.date_iso", "not a date in the form YYYY-MM-DD"),
    ("entry.date_not_real", "no such date in the calendar"),
    ("entry.date_year", "the year must be between {min} and {max}"),
    ("check.permit_expired", "This permit expired on {date} but is marked as valid: renew it, or record its real status."),
];

impl Message {
    pub fn new(key: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
        Message { key, args }
    }

    /// `template` with each `{name}` replaced by `arg(value)`.
    pub fn fill(&self, template: &str, arg: impl Fn(&Arg) -> String) -> String {
        // One pass, so an argument's own text is never searched for placeholders.
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}');
            let value = close.and_then(|c| self.args.iter().find(|(n, _)| *n == &after[..c]));
            match (close, value) {
                (Some(c), Some((_, v))) => {
                    out.push_str(&arg(v));
                    rest = &after[c + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The English text.
    pub fn english(&self) -> String {
        let template = MESSAGES
            .iter()
            .find(|(k, _)| *k == self.key)
            .map_or(self.key, |(_, t)| t);
        self.fill(template, Arg::english)
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// One decimal, exactly as the widget shows every score and points figure (`i18n::num`, Intl):
/// a tie rounds away from zero. Ties are exact only at x.25 and x.75 (quarters), where Rust's
/// formatting would round to even, so those are nudged off the tie first.
fn fmt(n: f64) -> String {
    let quarters = n * 4.0;
    let tie = quarters.fract() == 0.0 && quarters.abs() % 2.0 == 1.0;
    let n = if tie { n + n.signum() * 1e-9 } else { n };
    format!("{n:.1}")
}

/// Scores a scored question from the answers (as the facility sees them); `own` is the
/// question's own answer (empty when hidden), which the caller already holds by position.
/// Inlined into its one caller: returned through memory, the outcome's fields were read back
/// before the processor had finished writing them (a stall measured at ≈ 3% of a rescore).
#[inline(always)]
pub fn outcome<'a>(rule: &'a ScoreRule, own: Flags, facts: &dyn Facts) -> Outcome<'a> {
    let own_token = own.token;
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
                None => own.answered,
            };
            if !answered {
                return unanswered();
            }
            match cases.iter().find(|c| c.when.holds(facts)) {
                Some(case) => Outcome::Scored {
                    fraction: case.fraction,
                    answered: true,
                    why: Why::Case(&case.why),
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

#[cfg(test)]
mod fmt_tests {
    #[test]
    fn ties_round_away_from_zero_like_the_widget() {
        assert_eq!(super::fmt(6.25), "6.3");
        assert_eq!(super::fmt(6.75), "6.8");
        assert_eq!(super::fmt(-6.25), "-6.3");
        assert_eq!(super::fmt(2.27), "2.3");
        assert_eq!(super::fmt(2.24), "2.2");
        assert_eq!(super::fmt(25.0), "25.0");
    }
}
