//! What people type: numbers and dates read from the text of an input, the same way in the
//! widget and the core, so that nothing the widget stores is refused when a draft is reopened.
//!
//! Numbers follow a locale's separators ([`NumberStyle`]): `1,234.5` where a point marks the
//! decimals, `1.234,5` where a comma does. A text that could mean another number than the one
//! read (`3,5` where a point is expected) is refused with a message, never silently re-read.
//!
//! Dates are stored as ISO `YYYY-MM-DD` ([`Date::parse_iso`] is the one rule for a stored date:
//! a real calendar date within [`DATE_YEARS`]). A typed date is read year first
//! (`2025-12-05`, `2025/12/05`) or day first (`05/12/2025`, `5.12.2025`); never month first.

use super::message::{Arg, Message};

/// The years a date answer may have: earlier or later is a typing slip (`32027`).
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Which characters separate decimals and group thousands in typed numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    pub decimal: char,
    pub group: char,
}

impl NumberStyle {
    /// `1,234.5`: English, Chinese and most of Asia.
    pub const POINT: NumberStyle = NumberStyle {
        decimal: '.',
        group: ',',
    };
    /// `1.234,5`: Vietnamese, Indonesian, most of continental Europe and Latin America.
    pub const COMMA: NumberStyle = NumberStyle {
        decimal: ',',
        group: '.',
    };

    /// The style people of a locale type (a BCP 47 tag, `vi`, `zh-CN`, `pt-BR`).
    pub fn for_locale(tag: &str) -> NumberStyle {
        let lang = tag.split(['-', '_']).next().unwrap_or("");
        match lang.to_ascii_lowercase().as_str() {
            "vi" | "id" | "de" | "es" | "it" | "pt" | "tr" | "nl" | "ro" | "da" | "el" => {
                NumberStyle::COMMA
            }
            _ => NumberStyle::POINT,
        }
    }
}

/// Spaces people use to group thousands (`12 500`, and the narrow no-break space Intl writes).
fn is_space_group(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Reads a typed number. `Ok(None)` for an empty field; an error message (translatable) when
/// the text is not a number in this style or could be read as another number.
pub fn parse_number(text: &str, style: NumberStyle) -> Result<Option<f64>, Message> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (negative, body) = match text.chars().next() {
        Some('-' | '\u{2212}') => (
            true,
            text[text.chars().next().unwrap().len_utf8()..].trim_start(),
        ),
        Some('+') => (false, text[1..].trim_start()),
        _ => (false, text),
    };
    let not_a_number = || Message::new("entry.not_a_number", vec![]);
    let wrong_separator = || {
        let key = if style.decimal == '.' {
            "entry.use_decimal_point"
        } else {
            "entry.use_decimal_comma"
        };
        Message::new(key, vec![])
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space_group(c))
    {
        return Err(not_a_number());
    }
    let (whole, fraction) = match body.split_once(style.decimal) {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if let Some(f) = fraction {
        // `96.` on its way to `96.5` reads as 96 (so the answer does not flicker while typing).
        if (f.is_empty() && whole.is_empty()) || !f.chars().all(|c| c.is_ascii_digit()) {
            // `1.234,5` where a point marks decimals, `96.5.1`, `3,`.
            return Err(if f.contains(style.group) || f.contains(style.decimal) {
                wrong_separator()
            } else {
                not_a_number()
            });
        }
    }
    // The whole part: digits, optionally grouped by threes with one kind of separator.
    let groups: Vec<&str> = whole
        .split(|c: char| c == style.group || is_space_group(c))
        .collect();
    let grouped = groups.len() > 1;
    let thousands =
        || (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
    // South Asian grouping (`1,23,456`: lakh and crore), common in Bangladesh and India.
    let lakhs = || {
        let (last, rest) = groups.split_last().expect("split gives one part at least");
        last.len() == 3
            && (1..=2).contains(&rest[0].len())
            && rest[1..].iter().all(|g| g.len() == 2)
    };
    let well_grouped = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && (!grouped || thousands() || lakhs());
    if whole.is_empty() && fraction.is_some() {
        // `.5` / `,5`: a bare fraction.
    } else if !well_grouped {
        // `3,5` or `96,5` where a point marks decimals: the separator was meant as a decimal.
        return Err(if whole.contains(style.group) && fraction.is_none() {
            wrong_separator()
        } else {
            not_a_number()
        });
    }
    let digits: String = groups.concat();
    let number = match fraction.filter(|f| !f.is_empty()) {
        Some(f) => format!("{}.{f}", if digits.is_empty() { "0" } else { &digits }),
        None => digits,
    };
    let n: f64 = number.parse().map_err(|_| not_a_number())?;
    if !n.is_finite() {
        return Err(Message::new("number.not_finite", vec![]));
    }
    Ok(Some(if negative { -n } else { n }))
}

/// A number as a field shows it for editing: no grouping, the style's decimal separator, whole
/// numbers without decimals. [`parse_number`] reads it back as the same number.
pub fn format_number(n: f64, style: NumberStyle) -> String {
    let text = if n.fract() == 0.0 && n.abs() < 9.0e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    if style.decimal == '.' {
        text
    } else {
        text.replace('.', &style.decimal.to_string())
    }
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A real calendar date within [`DATE_YEARS`], or why not.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, Message> {
        if !DATE_YEARS.contains(&year) {
            return Err(Message::new(
                "entry.date_year",
                vec![
                    ("min", Arg::Number(f64::from(*DATE_YEARS.start()))),
                    ("max", Arg::Number(f64::from(*DATE_YEARS.end()))),
                ],
            ));
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(Message::new("entry.date_not_real", vec![]));
        }
        Ok(Date { year, month, day })
    }

    /// The stored form's one rule: `YYYY-MM-DD`, digits only, a real date within [`DATE_YEARS`].
    pub fn parse_iso(s: &str) -> Result<Date, Message> {
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        match parts[..] {
            [y, m, d]
                if y.len() >= 4
                    && m.len() == 2
                    && d.len() == 2
                    && [y, m, d].into_iter().all(digits) =>
            {
                // A year of more digits than an i32 holds is out of range all the same.
                let year = y.parse::<i32>().unwrap_or(i32::MAX);
                Date::new(year, m.parse().unwrap_or(0), d.parse().unwrap_or(0))
            }
            _ => Err(Message::new("entry.date_iso", vec![])),
        }
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The order a locale writes dates in, for showing a stored date in a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `2025-12-05`: Chinese, Japanese, Korean.
    YearFirst,
    /// `05/12/2025`: Vietnamese, and English as most FEM facilities write it.
    DayFirst,
}

impl DateOrder {
    pub fn for_locale(tag: &str) -> DateOrder {
        match tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "zh" | "ja" | "ko" => DateOrder::YearFirst,
            _ => DateOrder::DayFirst,
        }
    }
}

/// A date as a field shows it for editing; [`parse_date`] reads it back as the same date.
pub fn format_date(d: Date, order: DateOrder) -> String {
    match order {
        DateOrder::YearFirst => d.iso(),
        DateOrder::DayFirst => format!("{:02}/{:02}/{:04}", d.day, d.month, d.year),
    }
}

/// Reads a typed date: year first (`2025-12-05`, `2025/12/5`, `2025.12.05`) or day first
/// (`05/12/2025`, `5-12-2025`, `5.12.2025`), with a four-digit year. `Ok(None)` when empty.
/// Month-first (US) order is never assumed: `05/12/2025` is 5 December.
pub fn parse_date(text: &str) -> Result<Option<Date>, Message> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = text
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let format = || Message::new("entry.date_format", vec![]);
    if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return Err(format());
    }
    let num = |p: &str| p.parse::<u32>().map_err(|_| format());
    let (year, month, day) = match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) if parts[1].len() <= 2 => (parts[0], parts[1], parts[2]),
        (1..=2, 4) if parts[1].len() <= 2 => (parts[2], parts[1], parts[0]),
        _ => return Err(format()),
    };
    Date::new(num(year)? as i32, num(month)?, num(day)?).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(s: &str) -> Result<Option<f64>, &'static str> {
        parse_number(s, NumberStyle::POINT).map_err(|m| m.key)
    }

    fn vi(s: &str) -> Result<Option<f64>, &'static str> {
        parse_number(s, NumberStyle::COMMA).map_err(|m| m.key)
    }

    #[test]
    fn numbers_with_a_decimal_point() {
        assert_eq!(en("96.5"), Ok(Some(96.5)));
        assert_eq!(en("  -5.2 "), Ok(Some(-5.2)));
        assert_eq!(en("−5"), Ok(Some(-5.0)));
        assert_eq!(en("+0.5"), Ok(Some(0.5)));
        assert_eq!(en(".5"), Ok(Some(0.5)));
        assert_eq!(en("12,500"), Ok(Some(12500.0)));
        assert_eq!(en("1,234,567.25"), Ok(Some(1234567.25)));
        assert_eq!(en("12 500"), Ok(Some(12500.0)));
        assert_eq!(en("1,23,456"), Ok(Some(123456.0)));
        assert_eq!(en("12,34,56,789.5"), Ok(Some(123456789.5)));
        assert_eq!(en(""), Ok(None));
        assert_eq!(en("   "), Ok(None));
    }

    #[test]
    fn a_decimal_comma_where_a_point_is_expected_is_refused_not_misread() {
        for text in ["3,5", "96,5", "1,5000", "12,50", "1.234,5"] {
            assert_eq!(en(text), Err("entry.use_decimal_point"), "{text}");
        }
    }

    #[test]
    fn numbers_with_a_decimal_comma() {
        assert_eq!(vi("1.234,5"), Ok(Some(1234.5)));
        assert_eq!(vi("96,5"), Ok(Some(96.5)));
        assert_eq!(vi("12.500"), Ok(Some(12500.0)));
        assert_eq!(vi("-0,25"), Ok(Some(-0.25)));
        for text in ["96.5", "3.5", "1,234.5"] {
            assert_eq!(vi(text), Err("entry.use_decimal_comma"), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_number_says_so() {
        for text in [
            "abc", "1e5", "-", "5-", "1..2", "96.5.1", "12a", "0x10", "--5", "1 2",
        ] {
            assert!(en(text).is_err(), "{text} read as {:?}", en(text));
        }
    }

    #[test]
    fn a_trailing_separator_reads_as_the_whole_number_while_typing() {
        assert_eq!(en("96."), Ok(Some(96.0)));
        assert_eq!(vi("96,"), Ok(Some(96.0)));
        assert!(en(".").is_err());
    }

    #[test]
    fn formatted_numbers_read_back_as_themselves() {
        for n in [0.0, 96.5, -5.2, 12500.0, 1e-7, 123456789.125, -0.5] {
            for style in [NumberStyle::POINT, NumberStyle::COMMA] {
                assert_eq!(
                    parse_number(&format_number(n, style), style),
                    Ok(Some(n)),
                    "{n}"
                );
            }
        }
        assert_eq!(format_number(96.5, NumberStyle::COMMA), "96,5");
        assert_eq!(format_number(12500.0, NumberStyle::POINT), "12500");
    }

    #[test]
    fn the_locale_picks_the_style() {
        assert_eq!(NumberStyle::for_locale("vi"), NumberStyle::COMMA);
        assert_eq!(NumberStyle::for_locale("vi-VN"), NumberStyle::COMMA);
        assert_eq!(NumberStyle::for_locale("zh-CN"), NumberStyle::POINT);
        assert_eq!(NumberStyle::for_locale("en"), NumberStyle::POINT);
    }

    #[test]
    fn stored_dates_are_real_calendar_dates_in_range() {
        assert_eq!(
            Date::parse_iso("2024-02-29").map(Date::iso),
            Ok("2024-02-29".into())
        );
        for bad in [
            "2023-02-29",
            "2024-02-31",
            "2024-+1-+1",
            "2024-13-01",
            "2024-00-10",
            "32027-03-31",
            "1899-12-31",
            "2101-01-01",
            "2024-1-01",
            "２０２４-01-01",
        ] {
            assert!(Date::parse_iso(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Date::parse_iso("2101-01-01").unwrap_err().key,
            "entry.date_year"
        );
        assert_eq!(
            Date::parse_iso("2024-02-31").unwrap_err().key,
            "entry.date_not_real"
        );
    }

    #[test]
    fn formatted_dates_read_back_as_themselves() {
        let d = Date::new(2025, 12, 5).unwrap();
        for order in [DateOrder::YearFirst, DateOrder::DayFirst] {
            assert_eq!(parse_date(&format_date(d, order)), Ok(Some(d)));
        }
        assert_eq!(format_date(d, DateOrder::DayFirst), "05/12/2025");
        assert_eq!(DateOrder::for_locale("zh-CN"), DateOrder::YearFirst);
        assert_eq!(DateOrder::for_locale("vi"), DateOrder::DayFirst);
    }

    #[test]
    fn typed_dates_are_year_first_or_day_first_never_month_first() {
        let d = |s: &str| parse_date(s).map(|d| d.map(Date::iso)).map_err(|m| m.key);
        assert_eq!(d("05/12/2025"), Ok(Some("2025-12-05".into())));
        assert_eq!(d("5.12.2025"), Ok(Some("2025-12-05".into())));
        assert_eq!(d("2025-12-05"), Ok(Some("2025-12-05".into())));
        assert_eq!(d("2025/12/5"), Ok(Some("2025-12-05".into())));
        assert_eq!(d("31/03/2027"), Ok(Some("2027-03-31".into())));
        assert_eq!(d(""), Ok(None));
        assert_eq!(d("12/31/2025"), Err("entry.date_not_real"));
        assert_eq!(d("31/03/32027"), Err("entry.date_format"));
        assert_eq!(d("31/03/27"), Err("entry.date_format"));
        assert_eq!(d("31 March 2027"), Err("entry.date_format"));
        assert_eq!(d("30/02/2024"), Err("entry.date_not_real"));
    }
}
