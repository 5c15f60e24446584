//! Amounts as exports write them: `$1,200.50`, `1.200,50 €`, `USD 1 200`, `(300)`.
//!
//! The separators come from the mapping (default `.` decimal, `,` thousands). Thousands
//! separators must group digits by three, so `1.200,50` read with a `.` decimal is refused
//! rather than turned into 1.2005: a wrong amount is worse than an error.

use crate::error::InputError;

/// The text is not a number in the mapping's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Decimal and thousands separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// Decimal separator: `.` or `,`.
    pub decimal: char,
    /// Thousands separator, if any.
    pub thousands: Option<char>,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat { decimal: '.', thousands: Some(',') }
    }
}

impl NumberFormat {
    /// From the mapping's strings (already validated as single characters).
    pub fn new(decimal: Option<&str>, thousands: Option<&str>) -> Self {
        let decimal = decimal.and_then(|d| d.chars().next()).unwrap_or('.');
        let thousands = match thousands {
            Some(t) => t.chars().next(),
            None if decimal == ',' => Some('.'),
            None => Some(','),
        };
        NumberFormat { decimal, thousands }
    }

    /// Reads a number; `Ok(None)` for an empty cell.
    pub fn read(&self, text: &str) -> Result<Option<f64>, NotANumber> {
        Ok(self.read_amount(text)?.map(|(value, _)| value))
    }

    /// Reads an amount and the currency its text names, if any (`EUR 1.200,50`, `1 200 €`):
    /// a multi-currency export writes each amount in its deal's own currency, and a sum that
    /// took their digits alone would add euros to pounds. `Ok(None)` for an empty cell.
    pub fn read_amount<'t>(&self, text: &'t str) -> Result<Option<(f64, Option<&'t str>)>, NotANumber> {
        let spaces = |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}';
        let mut s = text.trim_matches(spaces);
        if s.is_empty() {
            return Ok(None);
        }
        let mut negative = false;
        if let Some(inner) = s.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            negative = true;
            s = inner;
        }
        let (mut s, mut currency) = split_currency(s.trim_matches(spaces));
        if let Some(rest) = s.strip_prefix('-') {
            negative = !negative;
            let (rest, inner) = split_currency(rest.trim_matches(spaces));
            (s, currency) = (rest, currency.or(inner));
        }
        let value = self.digits(s).ok_or(NotANumber)?;
        Ok(Some((if negative { -value } else { value }, currency)))
    }

    fn digits(&self, s: &str) -> Option<f64> {
        let (int, frac) = match s.split_once(self.decimal) {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let mut plain = String::with_capacity(s.len());
        let grouped = |c: char| Some(c) == self.thousands || (self.thousands == Some(' ') && (c == '\u{a0}' || c == '\u{202f}'));
        if int.chars().any(grouped) {
            let groups: Vec<&str> = int.split(grouped).collect();
            let ok = groups.iter().enumerate().all(|(i, g)| {
                g.bytes().all(|b| b.is_ascii_digit()) && if i == 0 { (1..=3).contains(&g.len()) } else { g.len() == 3 }
            });
            if !ok {
                return None;
            }
            groups.iter().for_each(|g| plain.push_str(g));
        } else if int.bytes().all(|b| b.is_ascii_digit()) {
            plain.push_str(int);
        } else {
            // Scientific notation as APIs may send it (`1.5e6`), only with a `.` decimal.
            return (self.decimal == '.' && frac.is_none() && int.contains(['e', 'E']))
                .then(|| int.parse::<f64>().ok())
                .flatten()
                .filter(|v| v.is_finite());
        }
        if let Some(f) = frac {
            if !f.bytes().all(|b| b.is_ascii_digit()) {
                return self.scientific(int, f);
            }
            plain.push('.');
            plain.push_str(f);
        }
        if plain.is_empty() || plain == "." {
            return None;
        }
        plain.parse::<f64>().ok().filter(|v| v.is_finite())
    }

    fn scientific(&self, int: &str, frac: &str) -> Option<f64> {
        (self.decimal == '.' && frac.contains(['e', 'E'])).then(|| format!("{int}.{frac}").parse::<f64>().ok()).flatten()
    }
}

/// What a column's amounts say about their decimal separator (when the mapping gives none).
///
/// `1,234.50` and `1.234,00` say it by the last separator; `12,5` or `1,23` (a group that is not
/// three digits) by the only one; `1,234,567` by a repeated one. `1,234` alone could be 1234 or
/// 1.234: a column holding nothing but such values is refused rather than guessed.
#[derive(Debug, Default, Clone)]
pub struct NumberEvidence {
    /// A value whose decimal separator is `.` (row and value).
    pub dot: Option<(usize, String)>,
    /// A value whose decimal separator is `,`.
    pub comma: Option<(usize, String)>,
    /// A value with a single separator followed by exactly three digits.
    pub ambiguous: Option<(usize, String)>,
}

impl NumberEvidence {
    /// Takes one cell of the column into account.
    pub fn observe(&mut self, row: usize, text: &str) {
        let body: String = text.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',').collect();
        let (dots, commas) = (body.matches('.').count(), body.matches(',').count());
        // The decimal separator the value shows: Some('.'), Some(','), or None when it cannot tell.
        let decimal = match (dots, commas) {
            (0, 0) => return,
            (_, 0) | (0, _) => {
                let sep = if dots > 0 { '.' } else { ',' };
                let other = if sep == '.' { ',' } else { '.' };
                let after = body.rsplit(sep).next().map_or(0, str::len);
                match (dots + commas > 1, after) {
                    // `1,234,567`: a thousands separator; the other one is the decimal.
                    (true, _) => Some(other),
                    // `0,123` and `,123` cannot be thousands.
                    (false, 3) if body.starts_with(sep) || body.starts_with('0') => Some(sep),
                    (false, 3) => None,
                    (false, _) => Some(sep),
                }
            }
            _ => Some(if body.rfind('.') > body.rfind(',') { '.' } else { ',' }),
        };
        let slot = match decimal {
            Some('.') => &mut self.dot,
            Some(_) => &mut self.comma,
            None => &mut self.ambiguous,
        };
        slot.get_or_insert_with(|| (row, text.trim().to_string()));
    }

    /// The format the values settle; the message says why the column cannot be read without
    /// `decimalSeparator`.
    pub fn decide(&self) -> Result<NumberFormat, String> {
        match (&self.dot, &self.comma, &self.ambiguous) {
            (Some((r1, v1)), Some((r2, v2)), _) => Err(format!(
                "mixes \".\" decimals ({} in row {r1}) and \",\" decimals ({} in row {r2}): give \"decimalSeparator\" in the mapping",
                crate::model::quote(v1),
                crate::model::quote(v2)
            )),
            (None, Some(_), _) => Ok(NumberFormat::new(Some(","), None)),
            (None, None, Some((r, v))) => {
                let plain: String = v.chars().filter(char::is_ascii_digit).collect();
                let (head, tail) = plain.split_at(plain.len().saturating_sub(3));
                Err(format!(
                    "has amounts such as {} (row {r}) that could be {plain} or {head}.{tail}, and no value settles it: give \"decimalSeparator\" in the mapping",
                    crate::model::quote(v)
                ))
            }
            _ => Ok(NumberFormat::default()),
        }
    }
}

/// Settles the plan's number format from the amount column's values when the mapping gives no
/// separator (one more read of the rows, only then); `ambiguous_number` naming the column when
/// they do not settle it.
pub fn settle(plan: &mut super::plan::Plan, rows: &dyn super::plan::Rows, mapping: &crate::ingest::Mapping) -> Result<(), InputError> {
    if mapping.decimal_separator.is_some() || mapping.thousands_separator.is_some() {
        return Ok(());
    }
    let Some(col) = plan.col("amount").cloned() else { return Ok(()) };
    let mut evidence = NumberEvidence::default();
    rows.each(&mut |i, row| {
        if let Some(v) = row.cell(&col) {
            evidence.observe(i, v);
        }
        Ok(())
    })?;
    plan.numbers = evidence
        .decide()
        .map_err(|m| InputError::new("ambiguous_number", "mapping.decimalSeparator", format!("column \"{}\" {m}", col.name)))?;
    Ok(())
}

/// Currency symbols, each with the currency it names on its own. `¤` and `ƒ` name none. `$` and
/// `¥` name themselves: several currencies write them (`store::SHARED_SYMBOLS`), so the reader
/// puts the column's and the mapping's currency first, and `store::finish::conversion` reads
/// them as a base currency that writes them, never as euros.
const SYMBOLS: [(char, Option<&str>); 14] = [
    ('$', Some("$")), ('¥', Some("¥")), ('¤', None), ('ƒ', None), ('€', Some("EUR")), ('£', Some("GBP")), ('₹', Some("INR")), ('₩', Some("KRW")),
    ('₽', Some("RUB")), ('₺', Some("TRY")), ('₪', Some("ILS")), ('฿', Some("THB")), ('₫', Some("VND")), ('₱', Some("PHP")),
];

/// Splits a leading or trailing currency symbol or three-letter code (`$`, `€`, `USD `, ` EUR`)
/// off the digits, with the currency it names (the code, or the symbol's in `SYMBOLS`).
fn split_currency(s: &str) -> (&str, Option<&str>) {
    let mut symbol = None;
    let mut mark = |c: char| match SYMBOLS.iter().find(|p| p.0 == c) {
        Some(p) => {
            symbol = symbol.or(p.1);
            true
        }
        None => false,
    };
    let s = s.trim_start_matches(&mut mark).trim_end_matches(&mut mark).trim();
    let is_code = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((code, rest)) = s.split_at_checked(3) {
        if !rest.is_empty() && is_code(code) && !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return (rest.trim_start(), Some(code));
        }
    }
    if let Some((rest, code)) = s.len().checked_sub(3).and_then(|at| s.split_at_checked(at)) {
        if !rest.is_empty() && is_code(code) {
            return (rest.trim_end(), Some(code));
        }
    }
    (s, symbol)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_per_separators_and_refuses_the_rest() {
        let us = NumberFormat::default();
        assert_eq!(us.read("$1,200.50"), Ok(Some(1200.5)));
        assert_eq!(us.read("USD 1,200"), Ok(Some(1200.0)));
        assert_eq!(us.read("(300)"), Ok(Some(-300.0)));
        assert_eq!(us.read("-$5"), Ok(Some(-5.0)));
        assert_eq!(us.read(""), Ok(None));
        assert_eq!(us.read("1.5e3"), Ok(Some(1500.0)));
        assert_eq!(us.read("12k"), Err(NotANumber));
        assert_eq!(us.read("1.200,50 €"), Err(NotANumber));
        assert_eq!(us.read("1,20"), Err(NotANumber));
        let eu = NumberFormat::new(Some(","), None);
        assert_eq!(eu.read("1.200,50 €"), Ok(Some(1200.5)));
        assert_eq!(eu.read("1200,5"), Ok(Some(1200.5)));
        let fr = NumberFormat::new(Some(","), Some(" "));
        assert_eq!(fr.read("1\u{a0}200,50 EUR"), Ok(Some(1200.5)));
    }
}
