//! Line and column of a byte in the whole input, although the input arrives in chunks and the
//! chunks already read are dropped: newlines are counted as bytes are dropped, so an error found
//! later still says where it is in the file (`line 41872, column 17`).

/// A place in the input as serde_json reports it: 1-based `line`; `column` counts the bytes from
/// the start of the line up to and including the offending byte (0 at the start of a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// Bytes from the line start to the offending byte, inclusive.
    pub column: u64,
}

/// Newlines counted over the bytes dropped so far.
#[derive(Debug, Clone, Copy)]
pub struct Lines {
    /// Absolute offset up to which bytes are counted.
    counted: u64,
    /// Line number at `counted`.
    line: u64,
    /// Absolute offset where that line starts.
    line_start: u64,
}

impl Default for Lines {
    fn default() -> Self {
        Lines { counted: 0, line: 1, line_start: 0 }
    }
}

impl Lines {
    /// Lines counted from absolute offset `origin`: the byte there is line 1, column 1 (a
    /// byte-order mark before it is not part of the text).
    pub fn starting_at(origin: u64) -> Self {
        Lines { counted: origin, line: 1, line_start: origin }
    }

    /// Counts the newlines of `bytes`, the input from `self.counted` on.
    pub fn advance(&mut self, bytes: &[u8]) {
        let newlines = count_newlines(bytes);
        if newlines > 0 {
            self.line += newlines;
            let last = bytes.iter().rposition(|&b| b == b'\n').unwrap_or(0);
            self.line_start = self.counted + last as u64 + 1;
        }
        self.counted += bytes.len() as u64;
    }

    /// serde_json's position for absolute index `index` (one past the offending byte, or the end
    /// of the input for "EOF while ..."); `window` holds the input from `self.counted` on.
    pub fn at(&self, window: &[u8], index: u64) -> Position {
        let mut lines = *self;
        let len = usize::try_from(index.saturating_sub(self.counted)).unwrap_or(usize::MAX).min(window.len());
        lines.advance(window.get(..len).unwrap_or_default());
        Position { line: lines.line, column: index.saturating_sub(lines.line_start) }
    }

    /// The absolute position of a position that serde_json reported relative to a slice of the
    /// input starting at absolute offset `start` (`window` as for [`Lines::at`]).
    pub fn shift(&self, window: &[u8], start: u64, relative: Position) -> Position {
        let origin = self.at(window, start);
        if relative.line <= 1 {
            Position { line: origin.line, column: origin.column + relative.column }
        } else {
            Position { line: origin.line + relative.line - 1, column: relative.column }
        }
    }
}

/// The number of `\n` bytes. Every byte of a streamed input passes through here once (3% of
/// `fromJson` in the module, Node's profiler on alt-100k): in the module sixteen at a time with
/// Wasm SIMD128, each lane counting its newlines up to 255 blocks before the lanes are summed;
/// the rest as natively, eight at a time ([`count_newlines_in_words`]).
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
pub fn count_newlines(bytes: &[u8]) -> u64 {
    use std::arch::wasm32::{u16x8_extadd_pairwise_u8x16, u32x4_extadd_pairwise_u16x8, u32x4_extract_lane, u64x2, u8x16_eq, u8x16_splat, u8x16_sub};
    let (blocks, tail) = bytes.as_chunks::<16>();
    let mut count = 0u64;
    for run in blocks.chunks(255) {
        // A newline's lane is all ones (-1): subtracting it adds one.
        let mut lanes = u8x16_splat(0);
        for block in run {
            let (low, high) = block.split_at(8);
            let x = u64x2(u64::from_le_bytes(low.try_into().unwrap_or_default()), u64::from_le_bytes(high.try_into().unwrap_or_default()));
            lanes = u8x16_sub(lanes, u8x16_eq(x, u8x16_splat(b'\n')));
        }
        let sums = u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16(lanes));
        count += u64::from(u32x4_extract_lane::<0>(sums) + u32x4_extract_lane::<1>(sums) + u32x4_extract_lane::<2>(sums) + u32x4_extract_lane::<3>(sums));
    }
    count + count_newlines_in_words(tail)
}

/// [`count_newlines`] natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn count_newlines(bytes: &[u8]) -> u64 {
    count_newlines_in_words(bytes)
}

/// [`count_newlines`] eight bytes at a time (plain 64-bit integers).
fn count_newlines_in_words(bytes: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut words = bytes.chunks_exact(8);
    let mut count = 0u64;
    // Per-byte counters (0..=255 each) summed across the eight lanes every 255 words.
    let mut lanes = 0u64;
    for (i, word) in (&mut words).enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        // Bytes equal to '\n' become 0; a byte's high bit in `t` is clear exactly when it is 0.
        let x = u64::from_le_bytes(eight) ^ (ONES * u64::from(b'\n'));
        let t = ((x & LOW7) + LOW7) | x;
        lanes += (!t & !LOW7) >> 7;
        if i % 255 == 254 {
            count += sum_lanes(lanes);
            lanes = 0;
        }
    }
    count += sum_lanes(lanes);
    count + words.remainder().iter().filter(|&&b| b == b'\n').count() as u64
}

/// The sum of the eight byte lanes of `lanes` (each at most 255).
fn sum_lanes(lanes: u64) -> u64 {
    const EVEN: u64 = 0x00ff_00ff_00ff_00ff;
    let pairs = (lanes & EVEN) + ((lanes >> 8) & EVEN);
    pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48
}

/// The index in `slice` of the byte a serde_json error position (relative to `slice`) points at;
/// `slice.len()` for a position at its end.
pub fn index_of(slice: &[u8], at: Position) -> usize {
    crate::json_path::offset(slice, at.line, at.column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_newlines_in_words_and_tail() {
        let text = b"a\nbc\n\n0123456789\n\nxyz\n\xff\n";
        assert_eq!(count_newlines(text), text.iter().filter(|&&b| b == b'\n').count() as u64);
        assert_eq!(count_newlines(b""), 0);
        assert_eq!(count_newlines(&[b'\n'; 17]), 17);
        assert_eq!(count_newlines(&[0x8a; 16]), 0); // '\n' with the high bit set is not a newline
        // Past 255 words the lane counters are summed and restarted.
        let many: Vec<u8> = (0..100_000u32).map(|i| if i % 3 == 0 { b'\n' } else { b'a' }).collect();
        assert_eq!(count_newlines(&many), 33_334);
        assert_eq!(count_newlines(&[b'\n'; 8 * 600]), 4800);
    }

    #[test]
    fn positions_match_serde_json_across_dropped_chunks() {
        let text = b"{\n  \"a\": 1,\n  \"b\": x\n}";
        let err = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        let bad = text.iter().position(|&b| b == b'x').unwrap() as u64;
        let mut lines = Lines::default();
        lines.advance(&text[..7]);
        let at = lines.at(&text[7..], bad + 1);
        assert_eq!((at.line, at.column), (err.line() as u64, err.column() as u64));
    }

    #[test]
    fn shifts_slice_positions_to_the_whole_input() {
        let text = b"{\"x\": [\n  {\"a\": 1}, {\"b\":\n y}]}";
        let start = text.iter().rposition(|&b| b == b'{').unwrap();
        let rel = serde_json::from_slice::<serde_json::Value>(&text[start..]).unwrap_err();
        let whole = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        let rel = Position { line: rel.line() as u64, column: rel.column() as u64 };
        let at = Lines::default().shift(text, start as u64, rel);
        assert_eq!((at.line, at.column), (whole.line() as u64, whole.column() as u64));
        assert_eq!(text[index_of(&text[start..], rel) + start], b'y');
    }
}
