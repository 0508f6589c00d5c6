//! Messages the core emits for people to read, and the number formatting they use. A message
//! is a stable key and its arguments: the widget translates it through its locale files, the CLI
//! and score documents use the English template of [`MESSAGES`].

use super::schema::Token;

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
    /// A message within a message (the reason in "… is not a date: {reason}", the kind of value
    /// in "expected {what}"), in the same language.
    Message(Box<Message>),
}

impl Arg {
    /// The argument as English text.
    pub fn english(&self) -> String {
        match self {
            Arg::Points(n) => fmt_points(*n),
            Arg::Number(n) => fmt_number(*n),
            Arg::Text(s) => s.clone(),
            Arg::Token(t) => t.label().to_string(),
            Arg::Message(m) => m.english(),
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
    // The embedded element's `draft` key (core::element::draft_namespace).
    ("embed.draft_empty", "the draft key is empty"),
    ("embed.draft_too_long", "the draft key is longer than {max} characters"),
    ("embed.draft_characters", "the draft key may hold letters, digits and . _ - : only, not {character}"),
    // An answers document that cannot be read (core::json, core::answers): the widget's import
    // and roll-forward, `setAnswers`, `openfem score`.
    ("json.invalid", "not valid JSON: {detail}"),
    ("json.repeated_key", "repeated key \"{key}\" (line {line}, column {column})"),
    ("answers.not_object", "expected a JSON object"),
    ("answers.format_other", "expected \"{expected}\", found \"{found}\""),
    ("answers.format_missing", "missing; expected \"{expected}\""),
    ("answers.version_newer", "version {found} is newer than this OpenFEM reads ({supported}); update OpenFEM"),
    ("answers.version_missing", "missing or not a whole number"),
    ("answers.bank_other", "answers are for bank \"{found}\", not \"{expected}\""),
    ("answers.missing", "missing"),
    ("answers.answers_missing", "missing or not an object"),
    ("answers.envelope", "not an answers document: {detail}"),
    ("answers.unknown_ref", "unknown Ref ID for this bank"),
    ("package.is_answers", "an answers document, not a posted package (score it with `openfem score`)"),
    ("package.envelope", "not a posted package: {detail}"),
    ("verify.unknown_bank", "unknown bank version: {bank} {version} (this openfem knows {known}); the score was not recomputed"),
    ("verify.hash", "sha256: the contents were changed after posting (stored {stored}, contents hash to {computed})"),
    ("verify.answer", "altered answer: {path}: {why}"),
    ("verify.score", "altered score: {path}: the package says {stored}, the answers give {recomputed}"),
    ("verify.incomplete", "not complete: {count} required answers missing ({missing}); only a complete assessment is posted"),
    ("verify.evidence_missing", "evidence missing: {path} is listed in the package but not found"),
    ("verify.evidence_changed", "evidence changed: {path}: the package records {stored}, the file has {found}"),
    ("verify.evidence_unlisted", "evidence not listed: {path} is in the bundle but not in the package"),
    ("verify.evidence_entry", "evidence entry refused: {path} names no question of this bank or is not a plain file name"),
    // Attaching an evidence file (core::evidence::check_new).
    ("attach.bad_name", "\"{name}\": the file name has no usable characters"),
    ("attach.type", "\"{name}\" is not a file type accepted as evidence; accepted: {types}"),
    ("attach.empty", "\"{name}\" is empty"),
    ("attach.too_large", "\"{name}\" is {size}; the largest file accepted is {max}"),
    ("attach.duplicate", "a file named \"{name}\" is already attached to this question"),
    ("attach.total", "\"{name}\" does not fit: this draft's files already use {used} of {max}"),
    ("review.no_reviewer", "the reviewer's name is missing"),
    ("review.empty_correction", "a correction needs an answer (to keep the facility's answer, accept it)"),
    ("review.same_answer", "the correction is the facility's own answer (accept it instead)"),
    ("review.comment_required", "a correction needs a comment saying why"),
    ("review.other_bank", "the package was scored with {package}, this review with {bank}"),
    ("review.envelope", "not a verified package: {detail}"),
    ("review.verify_posted", "posted package: {why}"),
    ("review.verify_hash", "sha256: the verified package was changed after the review (stored {stored}, contents hash to {computed})"),
    ("review.verify_decision", "review: {path}: {why}"),
    ("review.verify_score", "altered verified score: {path}: the verified package says {stored}, the corrected answers give {recomputed}"),
    ("answers.expected", "expected {what}, found {found}"),
    ("answers.expected_only", "expected {what}"),
    ("answers.not_offered", "\"{value}\" is not offered here; expected one of {list}"),
    ("answers.not_option", "\"{value}\" is not an option of this question"),
    ("answers.repeated", "\"{value}\" is repeated (already at [{first}])"),
    ("answers.none_excludes", "\"{value}\" excludes every other option"),
    ("answers.too_long", "longer than {max} characters"),
    ("answers.not_date", "\"{value}\" is not a date YYYY-MM-DD: {reason}"),
    ("answers.too_many_rows", "at most {max} rows"),
    ("answers.unexpected_row", "unexpected row key"),
    ("answers.row_id_missing", "a row of this table needs its \"row\" id"),
    ("answers.not_row", "\"{value}\" is not a row of this table"),
    ("answers.row_repeated", "row \"{value}\" is repeated (already at [{first}])"),
    ("answers.unknown_column", "unknown column"),
    ("kind.token", "an answer token"),
    ("kind.option", "an option id"),
    ("kind.options", "an array of option ids"),
    ("kind.number", "a number"),
    ("kind.text", "text"),
    ("kind.year", "a year"),
    ("kind.date", "a date YYYY-MM-DD"),
    ("kind.rows", "an array of rows"),
    ("kind.row", "a row object"),
    ("kind.row_id", "a row id"),
    ("kind.null", "null"),
    ("kind.bool", "true/false"),
    ("kind.array", "an array"),
    ("kind.object", "an object"),
    ("draft.newer_format", "this draft was saved by a newer OpenFEM (draft format {found}; this version reads up to {supported}). It has been left untouched: open it with the newer version"),
    ("draft.invalid", "not an OpenFEM draft: {detail}"),
    ("draft.other_bank", "this draft answers question bank \"{found}\", not \"{expected}\""),
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
        let template = english_template(self.key).unwrap_or(self.key);
        self.fill(template, Arg::english)
    }
}

/// A message's English template: [`MESSAGES`].
#[cfg(not(target_arch = "wasm32"))]
fn english_template(key: &str) -> Option<&'static str> {
    MESSAGES.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// In the wasm, the widget's `en.json` (which holds the same English, `tests/ui_strings.rs`):
/// the table is not built into the wasm a second time.
#[cfg(target_arch = "wasm32")]
fn english_template(key: &str) -> Option<&'static str> {
    ENGLISH.get().and_then(|lookup| lookup(key))
}

#[cfg(target_arch = "wasm32")]
static ENGLISH: std::sync::OnceLock<fn(&str) -> Option<&'static str>> = std::sync::OnceLock::new();

/// Where the wasm's English templates come from (set once by the widget as it starts).
#[cfg(target_arch = "wasm32")]
pub fn set_english_templates(lookup: fn(&str) -> Option<&'static str>) {
    _ = ENGLISH.set(lookup);
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// What people type is refused with a message (`entry`): the message is the error.
impl std::error::Error for Message {}

/// One decimal, exactly as the widget shows every score and points figure (`i18n::num`, Intl):
/// a tie rounds away from zero. Ties are exact only at x.25 and x.75 (quarters), where Rust's
/// formatting would round to even, so those are nudged off the tie first.
/// Two sentences one after the other: a space between them, except after a full-width (CJK)
/// mark or before a full-width parenthesis, which carry their own spacing ("…留存。请…", never
/// "…留存。 请…").
pub fn sentences(first: &str, second: &str) -> String {
    let full_width =
        first.ends_with(['。', '！', '？', '；', '：', '）']) || second.starts_with('（');
    let sep = if first.is_empty() || full_width {
        ""
    } else {
        " "
    };
    format!("{first}{sep}{second}")
}

pub fn fmt_points(n: f64) -> String {
    let quarters = n * 4.0;
    let tie = quarters.fract() == 0.0 && quarters.abs() % 2.0 == 1.0;
    let n = if tie { n + n.signum() * 1e-9 } else { n };
    format!("{n:.1}")
}

/// A number in full, as the bank gives it: `12`, `96.5` (no trailing `.0`).
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::sentences;

    #[test]
    fn sentences_are_spaced_except_after_a_full_width_mark() {
        assert_eq!(sentences("Started.", "Export it."), "Started. Export it.");
        assert_eq!(
            sentences("已开始修订。", "请导出。"),
            "已开始修订。请导出。"
        );
        assert_eq!(
            sentences("Đã bắt đầu.", "Hãy xuất tệp."),
            "Đã bắt đầu. Hãy xuất tệp."
        );
        assert_eq!(sentences("", "Only."), "Only.");
        assert_eq!(sentences("2 人天", "（两行）"), "2 人天（两行）");
    }

    #[test]
    fn ties_round_away_from_zero_like_the_widget() {
        assert_eq!(super::fmt_points(6.25), "6.3");
        assert_eq!(super::fmt_points(6.75), "6.8");
        assert_eq!(super::fmt_points(-6.25), "-6.3");
        assert_eq!(super::fmt_points(2.27), "2.3");
        assert_eq!(super::fmt_points(2.24), "2.2");
        assert_eq!(super::fmt_points(25.0), "25.0");
    }
}
