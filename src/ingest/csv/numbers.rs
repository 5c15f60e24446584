//! Amounts as exports write them: `$1,200.50`, `1.200,50 €`, `USD 1 200`, `(300)`.
//!
//! The separators come from the mapping (default `.` decimal, `,` thousands). Thousands
//! separators must group digits by three, so `1.200,50` read with a `.` decimal is refused
//! rather than turned into 1.2005: a wrong amount is worse than an error.

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

const SYMBOLS: &[char] = &['$', '€', '£', '¥', '₹', '₩', '₽', '¤', '₺', '₪', '฿', '₫', '₱', 'ƒ'];

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
        let spaces = |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}';
        let mut s = text.trim_matches(spaces);
        if s.is_empty() {
            return Ok(None);
        }
        let mut negative = false;
        if s.starts_with('(') && s.ends_with(')') {
            negative = true;
            s = &s[1..s.len() - 1];
        }
        s = strip_currency(s.trim_matches(spaces));
        if let Some(rest) = s.strip_prefix('-') {
            negative = !negative;
            s = strip_currency(rest.trim_matches(spaces));
        }
        let value = self.digits(s).ok_or(NotANumber)?;
        Ok(Some(if negative { -value } else { value }))
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

/// Removes a leading or trailing currency symbol or three-letter code (`$`, `€`, `USD `, ` EUR`).
fn strip_currency(s: &str) -> &str {
    let s = s.trim_start_matches(SYMBOLS).trim_end_matches(SYMBOLS).trim();
    // `get`, not `[..3]`: byte 3 may fall inside a character (`x€5`), which slicing panics on.
    let is_code = |c: Option<&str>| c.is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()));
    if s.len() > 3 && is_code(s.get(..3)) && !s.as_bytes().get(3).is_some_and(u8::is_ascii_alphabetic) {
        return s.get(3..).unwrap_or(s).trim_start();
    }
    if s.len() > 3 && is_code(s.get(s.len() - 3..)) {
        return s.get(..s.len() - 3).unwrap_or(s).trim_end();
    }
    s
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
