//! What the inputs show in words: an answer token's label, a core message in the widget's
//! locale, the text of a stored value.

use serde_json::Value;

use super::super::i18n::t;
use crate::core::bank::Token;
use crate::core::message::Message;

pub(crate) fn token_label(token: Token) -> String {
    t(match token {
        Token::Yes => "token.yes",
        Token::Partial => "token.partial",
        Token::No => "token.no",
        Token::Na => "token.na",
        Token::Unknown => "token.unknown",
    })
}

/// A core message (why sentence, number range or plausibility) in the widget's locale: the
/// template of its key from the locale file, its arguments filled in, tokens by their label.
pub(crate) fn message(m: &Message) -> String {
    super::super::i18n::message(m)
}

pub(super) fn str_of(v: &Option<Value>) -> Option<&str> {
    v.as_ref().and_then(Value::as_str)
}
