//! Cell readers for CRM exports: numbers written with thousands separators and currency symbols,
//! dates in day-first, month-first or ISO order, booleans, and header-name matching.
//!
//! Nothing here guesses: a value that does not fit the declared (or detected) convention is
//! reported, quoting it, rather than read as something else.

use crate::model::quote;
use crate::time::{days_from_ymd, parse_time, RawTime, DAY_MS};

/// The key a header name is matched by: lowercase letters and digits only, so that
/// `Deal - ID`, `deal_id` and `Deal ID` all match `dealid`.
pub fn normalize(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// How numbers are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// `.` or `,`.
    pub decimal: char,
    /// The grouping separator; `None` accepts the usual ones for the decimal separator (`,` or
    /// `.` opposite it, spaces, `'`), always in groups of three digits.
    pub thousands: Option<char>,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat { decimal: '.', thousands: None }
    }
}

const SYMBOLS: [(char, &str); 6] = [('$', ""), ('€', "EUR"), ('£', "GBP"), ('¥', "JPY"), ('₹', "INR"), ('₩', "KRW")];

/// Reads an amount such as `1200.5`, `$1,200.50`, `1.200,50 €`, `EUR 1 200,50` or `(300)`.
/// Returns the number and the currency its text names (`€` -> EUR, a three-letter code), if any.
pub fn parse_number(text: &str, format: NumberFormat) -> Result<(f64, Option<String>), String> {
    let fail = || {
        let hint = match format.decimal {
            '.' if text.contains(',') && text.rfind(',') > text.rfind('.') => " (set \"decimalSeparator\": \",\" in the mapping if commas mark decimals)",
            ',' if text.contains('.') && text.rfind('.') > text.rfind(',') => " (the mapping says \"decimalSeparator\": \",\")",
            _ => "",
        };
        format!("expected a number, got {}{hint}", quote(text))
    };
    let mut s = text.trim();
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.trim_start();
    }
    let (s, currency) = strip_currency(s);
    let s = match s.strip_prefix('-') {
        Some(rest) if !negative => {
            negative = true;
            rest
        }
        _ => s,
    };
    let (int, frac) = match s.split_once(format.decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let int = ungroup(int, format).ok_or_else(fail)?;
    let mut digits = int;
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail());
        }
        digits.push('.');
        digits.push_str(f);
    }
    if digits.is_empty() || digits == "." {
        return Err(fail());
    }
    let value: f64 = digits.parse().map_err(|_| fail())?;
    Ok((if negative { -value } else { value }, currency))
}

/// Removes a currency symbol or code written before or after the digits.
fn strip_currency(s: &str) -> (&str, Option<String>) {
    for (symbol, code) in SYMBOLS {
        if let Some(rest) = s.strip_prefix(symbol).or_else(|| s.strip_suffix(symbol)) {
            return (rest.trim(), (!code.is_empty()).then(|| code.to_string()));
        }
    }
    let is_code = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((code, rest)) = s.split_once(char::is_whitespace).filter(|(c, _)| is_code(c)) {
        return (rest.trim(), Some(code.to_string()));
    }
    if let Some((rest, code)) = s.rsplit_once(char::is_whitespace).filter(|(_, c)| is_code(c)) {
        return (rest.trim(), Some(code.to_string()));
    }
    (s, None)
}

/// The digits of an integer part, checking that grouping separators split groups of three.
fn ungroup(int: &str, format: NumberFormat) -> Option<String> {
    let is_sep = |c: char| match format.thousands {
        Some(t) => c == t || (t == ' ' && c.is_whitespace()),
        None => c != format.decimal && matches!(c, ',' | '.' | '\'' | '\u{a0}' | '\u{202f}' | ' '),
    };
    let groups: Vec<&str> = int.split(is_sep).collect();
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    groups.iter().all(|g| all_digits(g)).then(|| groups.concat())
}

/// Reads a yes/no cell: true/false, 1/0, yes/no, y/n, x (checked).
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "x" | "checked" | "t" => Some(true),
        "false" | "0" | "no" | "n" | "f" | "unchecked" => Some(false),
        _ => None,
    }
}

/// Order of the parts of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// ISO 8601 date or date-time, or epoch milliseconds (what the canonical JSON accepts).
    Iso,
    /// Day, month, year (`31-12-2017`, `31/12/2017 14:05`, `31.12.17`).
    DayFirst,
    /// Month, day, year (`12/31/2017`, `12/31/2017 2:05 PM`).
    MonthFirst,
    /// Year, month, day with any separator (`2017/12/31`).
    YearFirst,
    /// Seconds since 1970-01-01 UTC.
    EpochSeconds,
    /// Milliseconds since 1970-01-01 UTC.
    EpochMillis,
}

impl DateFormat {
    /// Reads a mapping's format name: `DD-MM-YYYY`, `MM/DD/YYYY`, `YYYY-MM-DD`, `iso`,
    /// `epoch_ms`, `epoch_s` (any separator; a time part such as ` HH:mm` may follow).
    pub fn parse(name: &str) -> Option<DateFormat> {
        let lower = name.trim().to_ascii_lowercase();
        match lower.as_str() {
            "iso" | "iso8601" => return Some(DateFormat::Iso),
            "epoch_ms" | "epochms" | "ms" => return Some(DateFormat::EpochMillis),
            "epoch_s" | "epoch" | "unix" => return Some(DateFormat::EpochSeconds),
            _ => {}
        }
        let (d, m, y) = (lower.find('d')?, lower.find('m')?, lower.find('y')?);
        Some(if y < m && m < d {
            DateFormat::YearFirst
        } else if d < m && m < y {
            DateFormat::DayFirst
        } else if m < d && d < y {
            DateFormat::MonthFirst
        } else {
            return None;
        })
    }

    /// The name used in messages and source reports.
    pub fn name(self) -> &'static str {
        match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::DayFirst => "DD-MM-YYYY",
            DateFormat::MonthFirst => "MM-DD-YYYY",
            DateFormat::YearFirst => "YYYY/MM/DD",
            DateFormat::EpochSeconds => "epoch_s",
            DateFormat::EpochMillis => "epoch_ms",
        }
    }
}

/// Reads a date with the first format that fits; `utc` says that times written without an
/// offset are UTC (as Pipedrive's API writes them) rather than the dataset's time zone.
pub fn parse_date(text: &str, formats: &[DateFormat], utc: bool) -> Option<RawTime> {
    let text = text.trim();
    let raw = formats.iter().find_map(|&f| match f {
        DateFormat::Iso => parse_time(text),
        DateFormat::EpochMillis => text.parse::<f64>().ok().map(|v| RawTime { ms: v as i64, local: false }),
        DateFormat::EpochSeconds => text.parse::<f64>().ok().map(|v| RawTime { ms: (v * 1000.0) as i64, local: false }),
        order => parse_ordered(text, order),
    })?;
    let has_time = text.len() > 10 && raw.local;
    Some(if utc && has_time { RawTime { ms: raw.ms, local: false } } else { raw })
}

/// The three numbers of a `a-b-c` / `a/b/c` / `a.b.c` date and the rest of the text.
pub fn date_parts(text: &str) -> Option<([u32; 3], &str)> {
    let end = text.find([' ', 'T']).unwrap_or(text.len());
    let (date, rest) = text.split_at(end);
    let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = date.split(sep);
    let mut out = [0u32; 3];
    for slot in out.iter_mut() {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = p.parse().ok()?;
    }
    parts.next().is_none().then_some((out, rest))
}

fn parse_ordered(text: &str, order: DateFormat) -> Option<RawTime> {
    let (p, rest) = date_parts(text)?;
    let (year, month, day) = match order {
        DateFormat::DayFirst => (p[2], p[1], p[0]),
        DateFormat::MonthFirst => (p[2], p[0], p[1]),
        _ => (p[0], p[1], p[2]),
    };
    let year = if year < 100 { 2000 + year } else { year };
    let days = days_from_ymd(year as i32, month, day)?;
    let time = parse_clock(rest.trim_start_matches(['T', ' ']))?;
    Some(RawTime { ms: days * DAY_MS + time, local: true })
}

/// `HH:MM[:SS][ AM|PM]` (or nothing) as milliseconds into the day.
fn parse_clock(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    let lower = text.to_ascii_lowercase();
    let (clock, pm) = match (lower.strip_suffix("pm"), lower.strip_suffix("am")) {
        (Some(c), _) => (c.trim().to_string(), Some(true)),
        (_, Some(c)) => (c.trim().to_string(), Some(false)),
        _ => (lower, None),
    };
    let mut nums = clock.split(':').map(|p| p.split('.').next().unwrap_or("").parse::<i64>());
    let mut hour = nums.next()?.ok()?;
    let minute = nums.next()?.ok()?;
    let second = nums.next().map_or(Some(0), |s| s.ok())?;
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    (hour < 24 && minute < 60 && second <= 60).then(|| ((hour * 60 + minute) * 60 + second) * 1000)
}

/// What one value says about day-first versus month-first order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateEvidence {
    /// Not a `a/b/year` date (ISO, epoch, empty or unreadable).
    None,
    /// First part above 12: day first.
    DayFirst,
    /// Second part above 12: month first.
    MonthFirst,
    /// Both parts 12 or less.
    Ambiguous,
}

/// Classifies a value for date-order detection.
pub fn date_evidence(text: &str) -> DateEvidence {
    let text = text.trim();
    if text.is_empty() || parse_time(text).is_some() {
        return DateEvidence::None;
    }
    match date_parts(text) {
        // A year-first date (`2017/01/02`) has a first part above 31 and says nothing here.
        Some((p, _)) if p[0] <= 31 && p[1] <= 31 => {
            if p[0] > 12 && p[1] <= 12 {
                DateEvidence::DayFirst
            } else if p[1] > 12 && p[0] <= 12 {
                DateEvidence::MonthFirst
            } else {
                DateEvidence::Ambiguous
            }
        }
        _ => DateEvidence::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Result<f64, String> {
        parse_number(text, NumberFormat::default()).map(|r| r.0)
    }

    #[test]
    fn numbers_are_read_or_reported() {
        assert_eq!(n("1200.5"), Ok(1200.5));
        assert_eq!(n("$1,200.50"), Ok(1200.5));
        assert_eq!(n("-$1,200"), Ok(-1200.0));
        assert_eq!(n("(300)"), Ok(-300.0));
        assert_eq!(parse_number("EUR 1,000", NumberFormat::default()), Ok((1000.0, Some("EUR".into()))));
        let eu = NumberFormat { decimal: ',', thousands: None };
        assert_eq!(parse_number("1.200,50 €", eu), Ok((1200.5, Some("EUR".into()))));
        assert_eq!(parse_number("1 200,50", eu).map(|r| r.0), Ok(1200.5));
        assert!(n("12k").unwrap_err().contains("\"12k\""));
        assert!(n("1,5").is_err(), "a comma that does not group thousands is not ignored");
        assert!(n("1.200,50").unwrap_err().contains("decimalSeparator"));
        assert!(n("").is_err());
    }

    #[test]
    fn dates_follow_the_declared_order() {
        let day = |y, m, d| days_from_ymd(y, m, d).unwrap() * DAY_MS;
        assert_eq!(parse_date("01-03-2017", &[DateFormat::DayFirst], false).unwrap().ms, day(2017, 3, 1));
        assert_eq!(parse_date("01/03/2017", &[DateFormat::MonthFirst], false).unwrap().ms, day(2017, 1, 3));
        let pm = parse_date("3/15/2024 2:30 PM", &[DateFormat::MonthFirst], false).unwrap().ms;
        assert_eq!(pm, day(2024, 3, 15) + 14 * 3_600_000 + 30 * 60_000);
        assert_eq!(parse_date("2024-03-15 10:00:00", &[DateFormat::Iso], true).unwrap(), RawTime { ms: day(2024, 3, 15) + 36_000_000, local: false });
        assert!(parse_date("2024-03-15", &[DateFormat::Iso], true).unwrap().local, "a plain date stays local");
        assert_eq!(parse_date("31-02-2017", &[DateFormat::DayFirst], false), None);
        assert_eq!(DateFormat::parse("MM/DD/YYYY h:mm a"), Some(DateFormat::MonthFirst));
        assert_eq!(date_evidence("13/01/2017"), DateEvidence::DayFirst);
        assert_eq!(date_evidence("01/13/2017"), DateEvidence::MonthFirst);
        assert_eq!(date_evidence("01/02/2017"), DateEvidence::Ambiguous);
        assert_eq!(date_evidence("2017-01-02"), DateEvidence::None);
    }
}
