//! Dates as exports write them: `DD-MM-YYYY`, `MM/DD/YYYY`, `DD.MM.YYYY`, two-digit years
//! (`02/23/26 08:55 PM`, as Salesforce report exports write them), `YYYY-MM-DD HH:MM:SS`, month
//! names (`Jan 5, 2024`, `5 January 2024`, `05-Jan-2024`), epoch seconds or milliseconds,
//! optionally followed by a time (`10:30`, `3:05 PM`) and an offset.
//!
//! `03/04/2026` is the 3rd of April in Europe and the 4th of March in the United States. A column
//! is settled by its own values (a first part above 12 can only be a day), and a column that no
//! value settles is reported, asking for `dateFormat`: a silent guess would shift every date.
//! The same holds for the unit of a column of epoch numbers (see [`EpochUnit`]).
//!
//! Two-digit years pivot as POSIX `strptime` `%y` does: 00-68 are 2000-2068, 69-99 are 1969-1999.

use crate::model::quote;
use crate::time::{days_from_ymd, from_epoch_number, parse_offset, parse_time, EpochUnit, RawTime, DAY_MS};

/// A date format of a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateFormat {
    /// ISO 8601 dates and date-times, or epoch milliseconds (the canonical forms).
    Iso,
    /// Epoch milliseconds.
    EpochMs,
    /// Epoch seconds.
    EpochS,
    /// A day/month/year pattern such as `DD-MM-YYYY` (`-`, `/` and `.` are interchangeable).
    Pattern(Vec<Token>, String),
    /// Dates with the month as a name (`Jan 5, 2024`); read whatever the format, named for the
    /// source report when a column holds nothing else.
    MonthName,
}

/// A piece of a date pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// Four-digit year.
    Year,
    /// Two-digit year (see the module documentation for the pivot).
    Year2,
    /// Month, one or two digits.
    Month,
    /// Day, one or two digits.
    Day,
    /// A literal separator.
    Lit(char),
}

impl DateFormat {
    /// Parses `DD-MM-YYYY`, `MM/DD/YYYY`, `YYYY-MM-DD`, `D.M.YYYY`, `iso`, `epoch_ms`, `epoch_s`.
    pub fn parse(text: &str) -> Result<DateFormat, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "iso" => return Ok(DateFormat::Iso),
            "epoch_ms" | "epochms" => return Ok(DateFormat::EpochMs),
            "epoch_s" | "epoch" => return Ok(DateFormat::EpochS),
            "month_name" => return Ok(DateFormat::MonthName),
            _ => {}
        }
        let mut tokens = Vec::new();
        let chars: Vec<char> = text.trim().chars().collect();
        let mut rest = chars.as_slice();
        while let Some(&c) = rest.first() {
            let run = rest.iter().take_while(|&&x| x == c).count();
            let token = match (c, run) {
                ('Y', 4) => Token::Year,
                ('Y', 2) => Token::Year2,
                ('M', 1 | 2) => Token::Month,
                ('D', 1 | 2) => Token::Day,
                (c, 1) if !c.is_alphanumeric() => Token::Lit(c),
                _ => return Err(format!("unknown date format \"{text}\": expected e.g. \"DD-MM-YYYY\", \"MM/DD/YYYY\", \"YYYY-MM-DD\", \"epoch_ms\" or \"iso\"")),
            };
            tokens.push(token);
            rest = rest.get(run..).unwrap_or_default();
        }
        let count = |t: Token| tokens.iter().filter(|&&x| x == t).count();
        if count(Token::Year) + count(Token::Year2) != 1 || count(Token::Month) != 1 || count(Token::Day) != 1 {
            return Err(format!("date format \"{text}\" needs exactly one YYYY (or YY), MM and DD"));
        }
        Ok(DateFormat::Pattern(tokens, text.trim().to_string()))
    }

    /// The name the source report gives the format (`MM/DD/YY`, `epoch_s`, `iso`).
    pub fn name(&self) -> String {
        match self {
            DateFormat::Iso => "iso".to_string(),
            DateFormat::EpochMs => EpochUnit::Millis.name().to_string(),
            DateFormat::EpochS => EpochUnit::Seconds.name().to_string(),
            DateFormat::Pattern(_, text) => text.clone(),
            DateFormat::MonthName => "month_name".to_string(),
        }
    }

    /// Reads a value; `utc` makes date-times without an offset UTC instead of local.
    pub fn read(&self, value: &str, utc: bool) -> Option<RawTime> {
        let value = value.trim();
        let raw = match self {
            DateFormat::Iso => parse_time(value),
            DateFormat::EpochMs => value.parse::<f64>().ok().and_then(from_epoch_number).map(|t| RawTime::utc(t.ms)),
            DateFormat::EpochS => value.parse::<f64>().ok().and_then(|v| from_epoch_number(v * 1000.0)).map(|t| RawTime::utc(t.ms)),
            DateFormat::Pattern(tokens, _) => read_pattern(tokens, value),
            DateFormat::MonthName => None,
        };
        // Unambiguous forms (ISO, month names) are accepted whatever the format says.
        let raw = raw.or_else(|| if matches!(self, DateFormat::Iso) { None } else { parse_time(value) });
        let raw = raw.or_else(|| read_month_name(value))?;
        let has_time = value.contains(':') && raw.local;
        Some(if utc && has_time { RawTime { local: false, ..raw } } else { raw })
    }
}

fn number(b: &[u8], at: &mut usize, min: usize, max: usize) -> Option<u32> {
    let rest = b.get(*at..)?;
    let len = rest.iter().take(max).take_while(|d| d.is_ascii_digit()).count();
    let digits = rest.get(..len).filter(|_| len >= min)?;
    *at += len;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

fn read_pattern(tokens: &[Token], value: &str) -> Option<RawTime> {
    let b = value.as_bytes();
    let (mut at, mut year, mut month, mut day) = (0, 0, 0, 0);
    for token in tokens {
        match token {
            Token::Year => year = number(b, &mut at, 4, 4)?,
            Token::Year2 => year = pivot(number(b, &mut at, 2, 2)?),
            Token::Month => month = number(b, &mut at, 1, 2)?,
            Token::Day => day = number(b, &mut at, 1, 2)?,
            Token::Lit(c) => {
                let got = *b.get(at)? as char;
                let seps = "-/.";
                if got != *c && !(seps.contains(*c) && seps.contains(got)) {
                    return None;
                }
                at += 1;
            }
        }
    }
    let days = days_from_ymd(year as i32, month, day)?;
    let (time, offset) = read_clock(value.get(at..)?)?;
    let ms = days * DAY_MS + time;
    Some(match offset {
        Some(o) => RawTime::utc(ms - o),
        None => RawTime::wall(ms),
    })
}

/// A two-digit year as POSIX `strptime` `%y` reads it: 00-68 are 2000-2068, 69-99 1969-1999.
pub fn pivot(yy: u32) -> u32 {
    if yy <= 68 {
        2000 + yy
    } else {
        1900 + yy
    }
}

/// English month names and their three-letter (and `Sept`) abbreviations, any case.
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    let found = MONTHS.iter().position(|m| *m == word || (word.len() == 3 && m.starts_with(&word)) || (word == "sept" && *m == "september"))?;
    Some(found as u32 + 1)
}

/// A date whose month is a name: `Jan 5, 2024`, `January 5 2024 3:04 PM`, `5 January 2024`,
/// `05-Jan-2024`, `05-Jan-24` (the year last, four digits or two), then an optional time.
pub fn read_month_name(value: &str) -> Option<RawTime> {
    let mut parts = Vec::with_capacity(3);
    let mut rest = value.trim();
    while parts.len() < 3 {
        rest = rest.trim_start_matches([' ', ',', '-', '/', '.']);
        let alpha = rest.starts_with(|c: char| c.is_ascii_alphabetic());
        let len = rest.find(|c: char| if alpha { !c.is_ascii_alphabetic() && c != '.' } else { !c.is_ascii_digit() }).unwrap_or(rest.len());
        let (part, after) = rest.split_at_checked(len)?;
        if part.is_empty() {
            return None;
        }
        parts.push((alpha, part));
        rest = after;
    }
    let (month, day) = match parts.as_slice() {
        [(true, m), (false, d), (false, _)] | [(false, d), (true, m), (false, _)] => (month_number(m)?, d.parse::<u32>().ok()?),
        _ => return None,
    };
    let year_text = parts.get(2)?.1;
    let year = match year_text.len() {
        4 => year_text.parse().ok()?,
        2 => pivot(year_text.parse().ok()?),
        _ => return None,
    };
    // What follows the year must be a time, not more digits or words (`5 Jan 2024 foo`).
    if rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let days = days_from_ymd(year as i32, month, day)?;
    let (time, offset) = read_clock(rest)?;
    let ms = days * DAY_MS + time;
    Some(match offset {
        Some(o) => RawTime::utc(ms - o),
        None => RawTime::wall(ms),
    })
}

/// Reads what follows a date: nothing, or `[ T]H:MM[:SS][.fff][ AM|PM][Z|offset]`.
fn read_clock(rest: &str) -> Option<(i64, Option<i64>)> {
    let rest = rest.trim_start_matches([' ', 'T', 't', ',']);
    if rest.is_empty() {
        return Some((0, None));
    }
    let b = rest.as_bytes();
    let mut at = 0;
    let mut hour = number(b, &mut at, 1, 2)?;
    (b.get(at) == Some(&b':')).then_some(())?;
    at += 1;
    let minute = number(b, &mut at, 2, 2)?;
    let mut second = 0;
    if b.get(at) == Some(&b':') {
        at += 1;
        second = number(b, &mut at, 2, 2)?;
    }
    if b.get(at) == Some(&b'.') {
        at += 1;
        number(b, &mut at, 1, 9)?;
    }
    let mut tail = rest.get(at..)?.trim_start();
    let meridiem = tail.split_at_checked(2).filter(|(m, _)| m.eq_ignore_ascii_case("am") || m.eq_ignore_ascii_case("pm"));
    if let Some((meridiem, after)) = meridiem {
        if hour == 0 || hour > 12 {
            return None;
        }
        hour = hour % 12 + if meridiem.eq_ignore_ascii_case("pm") { 12 } else { 0 };
        tail = after.trim_start();
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset = match tail {
        "" => None,
        "Z" | "z" | "UTC" | "GMT" => Some(0),
        other => Some(parse_offset(other.as_bytes())?),
    };
    Some((i64::from(hour) * 3_600_000 + i64::from(minute) * 60_000 + i64::from(second) * 1000, offset))
}

/// What a column's values say about its day/month order.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    /// A value whose first part is above 12 (day first): row and value.
    pub day_first: Option<(usize, String)>,
    /// A value whose second part is above 12 (month first).
    pub month_first: Option<(usize, String)>,
    /// A value both ways possible.
    pub ambiguous: Option<(usize, String)>,
    /// A `YYYY/MM/DD` value.
    pub year_first: bool,
    /// The separator of the first `NN-NN-YYYY` value.
    pub separator: Option<char>,
    /// Whether `NN-NN-YY` values (two-digit years) and `NN-NN-YYYY` values were seen.
    pub short_year: bool,
    /// See `short_year`.
    pub long_year: bool,
    /// The first epoch number of seconds magnitude (see [`EpochUnit`]): row and value.
    pub epoch_seconds: Option<(usize, String)>,
    /// The first epoch number of milliseconds magnitude.
    pub epoch_millis: Option<(usize, String)>,
    /// A date with a month name was seen.
    pub month_name: bool,
}

impl Evidence {
    /// Takes one value of the column into account.
    pub fn observe(&mut self, row: usize, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        if let Some(unit) = epoch_magnitude(value) {
            let slot = match unit {
                EpochUnit::Seconds => &mut self.epoch_seconds,
                EpochUnit::Millis => &mut self.epoch_millis,
            };
            slot.get_or_insert_with(|| (row, value.to_string()));
            return;
        }
        if parse_time(value).is_some() {
            return;
        }
        if read_month_name(value).is_some() {
            self.month_name = true;
            return;
        }
        let b = value.as_bytes();
        let mut at = 0;
        let Some(first) = number(b, &mut at, 1, 4) else { return };
        let Some(&sep) = b.get(at).filter(|c| b"-/.".contains(c)) else { return };
        if at == 4 {
            self.year_first = true;
            return;
        }
        at += 1;
        let Some(second) = number(b, &mut at, 1, 2) else { return };
        if b.get(at) != Some(&sep) {
            return;
        }
        let year_digits = b.get(at + 1..).unwrap_or_default().iter().take_while(|d| d.is_ascii_digit()).count();
        match year_digits {
            4 => self.long_year = true,
            2 => self.short_year = true,
            _ => return,
        }
        self.separator.get_or_insert(sep as char);
        let slot = match (first > 12, second > 12) {
            (true, false) => &mut self.day_first,
            (false, true) => &mut self.month_first,
            (false, false) => &mut self.ambiguous,
            (true, true) => return,
        };
        slot.get_or_insert_with(|| (row, value.to_string()));
    }

    /// The format the values settle, `Ok(None)` when they are canonical (ISO or epoch), or a
    /// message saying why the column cannot be read without a format.
    pub fn decide(&self) -> Result<Option<DateFormat>, String> {
        let sep = self.separator.unwrap_or('-');
        // Two-digit years only when no value of the column has four.
        let year = if self.short_year && !self.long_year { "YY" } else { "YYYY" };
        let pattern = |p: &str| DateFormat::parse(&p.replace('-', &sep.to_string()).replace("YYYY", year)).ok();
        match (&self.day_first, &self.month_first, &self.ambiguous) {
            (Some((r1, v1)), Some((r2, v2)), _) => Err(format!(
                "mixes day-first dates ({} in row {r1}) and month-first dates ({} in row {r2}): give \"dateFormat\" in the mapping",
                quote(v1),
                quote(v2)
            )),
            (Some(_), None, _) => Ok(pattern("DD-MM-YYYY")),
            (None, Some(_), _) => Ok(pattern("MM-DD-YYYY")),
            (None, None, Some((r, v))) => Err(format!(
                "dates such as {} (row {r}) could be {} or {} and no value settles it: give \"dateFormat\" in the mapping",
                quote(v),
                quote(&format!("DD{sep}MM{sep}{year}")),
                quote(&format!("MM{sep}DD{sep}{year}"))
            )),
            (None, None, None) => match (&self.epoch_seconds, &self.epoch_millis) {
                (Some((r1, v1)), Some((r2, v2))) => Err(format!(
                    "mixes epoch seconds ({} in row {r1}) and epoch milliseconds ({} in row {r2}): give \"dateFormat\" in the mapping",
                    quote(v1),
                    quote(v2)
                )),
                (Some(_), None) => Ok(Some(DateFormat::EpochS)),
                (None, Some(_)) => Ok(Some(DateFormat::EpochMs)),
                (None, None) if self.year_first => Ok(pattern("YYYY-MM-DD")),
                (None, None) if self.month_name => Ok(Some(DateFormat::MonthName)),
                (None, None) => Ok(None),
            },
        }
    }
}

/// Lends a settled day/month order to the file's columns that cannot settle one alone. An export
/// writes every date of a file in one locale, so a column whose values all fit both orders (deals
/// created on days 1-12, a bulk load on the 3rd) is read in the order the file's other date
/// columns settle, when all of those agree and the column writes their separator. Otherwise each
/// column is decided alone, as before.
pub fn share_order(columns: &mut [Evidence]) {
    let mut order: Option<(bool, Option<char>, &(usize, String))> = None;
    for e in columns.iter() {
        let this = match (&e.day_first, &e.month_first) {
            (Some(w), None) => (true, e.separator, w),
            (None, Some(w)) => (false, e.separator, w),
            _ => continue,
        };
        match order {
            Some(o) if (o.0, o.1) != (this.0, this.1) => return,
            Some(_) => {}
            None => order = Some(this),
        }
    }
    let Some((day_first, separator, witness)) = order.map(|(d, s, w)| (d, s, w.clone())) else { return };
    for e in columns.iter_mut().filter(|e| e.day_first.is_none() && e.month_first.is_none() && e.separator == separator) {
        *(if day_first { &mut e.day_first } else { &mut e.month_first }) = Some(witness.clone());
    }
}

/// The unit an all-digit value (an epoch number) says by its magnitude; `None` for anything else
/// or a number too small to say.
fn epoch_magnitude(value: &str) -> Option<EpochUnit> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let int = digits.split_once('.').map_or(digits, |(i, f)| if f.bytes().all(|b| b.is_ascii_digit()) { i } else { "" });
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    EpochUnit::of(int.parse::<i64>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_dates_and_times() {
        let dmy = DateFormat::parse("DD-MM-YYYY").unwrap();
        assert_eq!(dmy.read("02-01-1970", false), Some(RawTime::wall(DAY_MS)));
        assert_eq!(dmy.read("2/1/1970 1:00 PM", false), Some(RawTime::wall(DAY_MS + 13 * 3_600_000)));
        assert_eq!(dmy.read("02-01-1970 01:00", true), Some(RawTime::utc(DAY_MS + 3_600_000)));
        assert_eq!(dmy.read("1970-01-02", false), Some(RawTime::wall(DAY_MS)));
        assert_eq!(dmy.read("13-13-1970", false), None);
        assert!(DateFormat::parse("DD-MM-YY").is_ok());
        assert!(DateFormat::parse("DD-MM-Y").is_err());
        assert!(DateFormat::parse("DD-MM-YY-YYYY").is_err());
    }

    #[test]
    fn evidence_settles_or_refuses() {
        let mut e = Evidence::default();
        e.observe(0, "03/04/2026");
        assert!(e.decide().unwrap_err().contains("\"03/04/2026\" (row 0)"));
        e.observe(1, "13/04/2026");
        assert_eq!(e.decide().unwrap(), DateFormat::parse("DD/MM/YYYY").ok());
        e.observe(2, "04/13/2026");
        assert!(e.decide().unwrap_err().contains("mixes"));
    }
}
