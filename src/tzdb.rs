//! Reads `src/tzdata.bin`, the IANA tz database as `scripts/tzdata.py` compiles it (its doc
//! gives the layout): zone names, each zone's transitions since 1970 and its POSIX rule.
//!
//! The file is embedded and trusted (made by our script), but read without indexing or panics
//! all the same: a malformed file makes a zone unknown, never a crash.

use crate::time::{days_from_ymd, DAY_MS};

static TZDATA: &[u8] = include_bytes!("tzdata.bin");

/// One zone as the file gives it (seconds; [`crate::zone::Zone`] turns it into milliseconds).
pub struct Found {
    /// The name as the database spells it.
    pub name: &'static str,
    /// Seconds east of UTC in force on 1970-01-01T00:00Z.
    pub offset_1970: i64,
    /// (UTC seconds, seconds east of UTC from then on), ascending, all after 1970-01-01.
    pub transitions: Vec<(i64, i64)>,
    /// The rule after the last transition.
    pub rule: PosixRule,
}

/// A byte cursor over the file.
struct Reader {
    at: usize,
}

impl Reader {
    fn byte(&mut self) -> Option<u8> {
        let b = TZDATA.get(self.at).copied();
        self.at += 1;
        b
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Some(value);
            }
        }
        None
    }

    fn zigzag(&mut self) -> Option<i64> {
        let v = self.varint()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn text(&mut self) -> Option<&'static str> {
        let rest = TZDATA.get(self.at..)?;
        let len = rest.iter().position(|&b| b == 0)?;
        self.at += len + 1;
        std::str::from_utf8(rest.get(..len)?).ok()
    }
}

/// The reader past the header, with the number of names.
fn names_start() -> Option<(Reader, u64)> {
    let mut r = Reader { at: 0 };
    (r.text()? == "SPITZ1").then_some(())?;
    r.text()?; // tzdb version
    let count = r.varint()?;
    Some((r, count))
}

/// The tzdb release the file was compiled from (`2025b`).
pub fn version() -> &'static str {
    let mut r = Reader { at: 0 };
    r.text().and_then(|_| r.text()).unwrap_or("")
}

/// Every zone and link name, in the database's spelling.
pub fn names() -> impl Iterator<Item = &'static str> {
    let (mut r, count) = names_start().unwrap_or((Reader { at: usize::MAX }, 0));
    (0..count).map_while(move |_| {
        let name = r.text()?;
        r.varint()?;
        Some(name)
    })
}

/// The zone named `name`, compared without regard to ASCII case.
pub fn find(name: &str) -> Option<Found> {
    let (mut r, count) = names_start()?;
    let mut hit = None;
    for _ in 0..count {
        let (n, blob) = (r.text()?, r.varint()?);
        if hit.is_none() && n.eq_ignore_ascii_case(name.trim()) {
            hit = Some((n, blob));
        }
    }
    let (name, wanted) = hit?;
    let blobs = r.varint()?;
    for i in 0..blobs {
        let len = usize::try_from(r.varint()?).ok()?;
        if i == wanted {
            return read_zone(&mut r, name);
        }
        r.at += len;
    }
    None
}

fn read_zone(r: &mut Reader, name: &'static str) -> Option<Found> {
    let offset_1970 = r.zigzag()?;
    let n = r.varint()?;
    let mut transitions = Vec::new();
    let mut at = 0i64;
    for _ in 0..n {
        at = at.checked_add(i64::try_from(r.varint()?).ok()?)?;
        transitions.push((at, r.zigzag()?));
    }
    let rule = PosixRule::parse(r.text()?)?;
    Some(Found { name, offset_1970, transitions, rule })
}

/// A POSIX TZ rule as TZif footers write it (`EST5EDT,M3.2.0,M11.1.0`,
/// `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`): a standard offset, and perhaps a daylight offset
/// with the days it starts and ends. Offsets here are milliseconds east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PosixRule {
    std: i64,
    dst: Option<(i64, DayRule, DayRule)>,
}

/// `Mm.w.d/time`: weekday d (0 = Sunday) of week w (5 = last) of month m, at local `time` ms
/// (which may be negative or past 24 h) on the clock in force before the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DayRule {
    month: u32,
    week: u32,
    weekday: i64,
    time: i64,
}

impl PosixRule {
    fn parse(text: &str) -> Option<PosixRule> {
        let mut parts = text.split(',');
        let zone = parts.next()?;
        let (rest, _) = abbreviation(zone)?;
        let (std, rest) = offset(rest)?;
        let std = -std;
        if rest.is_empty() {
            return Some(PosixRule { std, dst: None });
        }
        let (rest, _) = abbreviation(rest)?;
        let dst = if rest.is_empty() { std + 3_600_000 } else { -offset(rest)?.0 };
        let (start, end) = (DayRule::parse(parts.next()?)?, DayRule::parse(parts.next()?)?);
        Some(PosixRule { std, dst: Some((dst, start, end)) })
    }

    /// The (UTC ms, offset from then on) changes the rule makes in calendar `year`, in time order.
    pub fn transitions(&self, year: i32) -> Vec<(i64, i64)> {
        let Some((dst, start, end)) = self.dst else { return Vec::new() };
        let mut both = vec![(start.instant(year, self.std), dst), (end.instant(year, dst), self.std)];
        both.sort_unstable();
        both
    }

    /// The offset at `at` (UTC ms), from the rule alone.
    pub fn offset_at(&self, at: i64) -> i64 {
        let year = chrono::Datelike::year(&crate::time::date_from_days((at + self.std).div_euclid(DAY_MS)));
        let mut offset = self.std;
        // Last year's final change carries into January (southern zones are in DST then).
        for (from, o) in self.transitions(year - 1).into_iter().chain(self.transitions(year)) {
            if from <= at {
                offset = o;
            }
        }
        offset
    }
}

impl DayRule {
    fn parse(text: &str) -> Option<DayRule> {
        let (date, time) = text.split_once('/').unwrap_or((text, "2"));
        let mut fields = date.strip_prefix('M')?.split('.').map(|f| f.parse::<u32>().ok());
        let (month, week, weekday) = (fields.next()??, fields.next()??, fields.next()??);
        let ok = (1..=12).contains(&month) && (1..=5).contains(&week) && weekday <= 6;
        let time = if time.starts_with(['+', '-']) { offset(time)?.0 } else { offset(&format!("+{time}"))?.0 };
        ok.then_some(DayRule { month, week, weekday: i64::from(weekday), time })
    }

    /// The instant of the change in `year`, given the offset in force before it.
    fn instant(&self, year: i32, before: i64) -> i64 {
        let first = days_from_ymd(year, self.month, 1).unwrap_or(0);
        // 1970-01-01 was a Thursday: weekday 4 with Sunday = 0.
        let first_match = first + (self.weekday - (first + 4).rem_euclid(7)).rem_euclid(7);
        let mut day = first_match + 7 * (i64::from(self.week) - 1);
        let next_month = days_from_ymd(year + i32::from(self.month == 12), self.month % 12 + 1, 1).unwrap_or(i64::MAX);
        while day >= next_month {
            day -= 7; // week 5 means the last such weekday
        }
        day * DAY_MS + self.time - before
    }
}

/// Skips a zone abbreviation (`EST` or `<+1030>`), returning the rest.
fn abbreviation(text: &str) -> Option<(&str, &str)> {
    if let Some(quoted) = text.strip_prefix('<') {
        let (name, rest) = quoted.split_once('>')?;
        return Some((rest, name));
    }
    let len = text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len());
    (len >= 3).then(|| (text.get(len..).unwrap_or(""), text.get(..len).unwrap_or("")))
}

/// Reads `[+-]h[h][:mm[:ss]]` into milliseconds (POSIX sign: positive is west), with the rest.
fn offset(text: &str) -> Option<(i64, &str)> {
    let (sign, body) = match text.as_bytes().first()? {
        b'-' => (-1, text.get(1..)?),
        b'+' => (1, text.get(1..)?),
        _ => (1, text),
    };
    let len = body.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(body.len());
    let mut ms = 0i64;
    for (part, unit) in body.get(..len)?.split(':').zip([3_600_000, 60_000, 1000]) {
        ms += part.parse::<i64>().ok()? * unit;
    }
    Some((sign * ms, body.get(len..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_as_tzif_footers_write_them() {
        let ny = PosixRule::parse("EST5EDT,M3.2.0,M11.1.0").unwrap();
        // 2026: second Sunday of March is the 8th (07:00Z), first Sunday of November the 1st (06:00Z).
        let t = ny.transitions(2026);
        assert_eq!(t, vec![(days_from_ymd(2026, 3, 8).unwrap() * DAY_MS + 7 * 3_600_000, -4 * 3_600_000), (days_from_ymd(2026, 11, 1).unwrap() * DAY_MS + 6 * 3_600_000, -5 * 3_600_000)]);
        let lord_howe = PosixRule::parse("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0").unwrap();
        assert_eq!(lord_howe.std, 10 * 3_600_000 + 1_800_000);
        assert_eq!(lord_howe.dst.map(|d| d.0), Some(11 * 3_600_000));
        // Greenland: changes at -01:00 and 00:00 local, on the last Sunday.
        let nuuk = PosixRule::parse("<-02>2<-01>,M3.5.0/-1,M10.5.0/0").unwrap();
        // 2026-03-29 is the last Sunday of March: its -01:00 (23:00 the day before) at -02:00 is 01:00Z.
        assert_eq!(nuuk.transitions(2026).first().map(|t| t.0), Some(days_from_ymd(2026, 3, 29).unwrap() * DAY_MS - 3_600_000 + 2 * 3_600_000));
        assert_eq!(PosixRule::parse("<+0545>-5:45").map(|r| r.std), Some(5 * 3_600_000 + 45 * 60_000));
        assert!(version().starts_with("20"));
        assert!(names().count() > 500);
    }
}
