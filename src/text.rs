//! Text helpers every layer may use: trimming of CRM text on the ingest path (where every field
//! of every record is trimmed), and the edit distance behind "did you mean" hints (a misspelt
//! collection key, a misspelt time zone).

/// `text.trim()` (Unicode white space at both ends), without scanning for it when both ends are
/// visible ASCII, as nearly every id, key and date is: `str::trim` decodes chars on each side,
/// which cost about 6% of JSON ingestion.
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Levenshtein distance (keys are short; long ones are not compared).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > 40 {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (previous + usize::from(ca != cb)).min(above + 1).min(left + 1);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn trims_exactly_as_str_trim() {
        let cases = [
            "", " ", "a", " a", "a ", "\ta b\n", "rep-1", "\u{a0}x\u{a0}", "\u{3000}日本\u{3000}", "é", " é ", "x\u{2003}",
            "\u{85}y", "\r\n", "a\u{0}", "\u{0}", "~!", "\u{7f}z\u{7f}",
        ];
        for case in cases {
            assert_eq!(trim(case), case.trim(), "{case:?}");
        }
        // Every single char around a visible ASCII letter, in every position.
        for c in (0..0x3100u32).filter_map(char::from_u32) {
            for text in [format!("{c}a"), format!("a{c}"), format!("{c}a{c}"), c.to_string()] {
                assert_eq!(trim(&text), text.trim(), "{text:?}");
            }
        }
    }
}
