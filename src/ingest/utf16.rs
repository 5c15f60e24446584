//! UTF-16 files, read as the UTF-8 they encode. Excel's "Unicode Text" (and some CRM report
//! exports on Windows) write UTF-16 with a byte-order mark, tab-separated: without this they were
//! refused as "not UTF-8 text". The mark makes the encoding certain, so the file is read, not
//! guessed at; without one, UTF-8 is the only encoding taken (a legacy code page cannot be told
//! from another, and a wrong guess would be a silently wrong name).

use crate::error::InputError;

/// The UTF-8 text of `bytes` when they start with a UTF-16 byte-order mark (little- or
/// big-endian); `None` for anything else. Refused (`invalid_csv`) when the text is cut inside a
/// character or holds an unpaired surrogate, naming the byte.
pub fn decode(bytes: &[u8]) -> Result<Option<Vec<u8>>, InputError> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let body = bytes.get(2..).unwrap_or_default();
    let units = body.chunks(2).map(|pair| match *pair {
        [a, b] if little => u16::from_le_bytes([a, b]),
        [a, b] => u16::from_be_bytes([a, b]),
        // An odd length: the last unit is cut, refused below as a lone surrogate is.
        _ => 0xDC00,
    });
    let mut text = String::with_capacity(body.len());
    // Units read so far: a character past U+FFFF takes two.
    let mut read = 0;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                read += c.len_utf16();
            }
            Err(_) => {
                let at = 2 + 2 * read;
                return Err(InputError::new(
                    "invalid_csv",
                    "",
                    format!("the file starts as UTF-16 text but byte {at} is not: it is cut inside a character, or not UTF-16 after all; save it as UTF-8 CSV"),
                ));
            }
        }
    }
    Ok(Some(text.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::decode;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn both_byte_orders_decode_and_other_bytes_are_left_alone() {
        // "Müller\t€5" and an astral character (a surrogate pair), independent of the decoder:
        // the bytes written by hand from their code points.
        let le = [0xFF, 0xFE, b'M', 0, 0xFC, 0, b'\t', 0, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE];
        assert_eq!(decode(&le).unwrap().unwrap(), "Mü\t€😀".as_bytes());
        let be = [0xFE, 0xFF, 0, b'M', 0, 0xFC, 0x20, 0xAC];
        assert_eq!(decode(&be).unwrap().unwrap(), "Mü€".as_bytes());
        assert_eq!(decode(b"Id,Name\n").unwrap(), None);
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF, b'I']).unwrap(), None, "a UTF-8 BOM is UTF-8's");
        assert_eq!(utf16le("a"), [0xFF, 0xFE, b'a', 0]);
    }

    #[test]
    fn a_cut_or_broken_text_is_refused_at_its_byte() {
        let mut odd = utf16le("Id");
        odd.push(b'x');
        let e = decode(&odd).unwrap_err();
        assert_eq!(e.code(), "invalid_csv");
        assert!(e.message().contains("byte 6 is not"), "{}", e.message());
        // A lone high surrogate, then "a": the surrogate's unit starts at byte 2; after a pair
        // (bytes 2-5), one starts at byte 6.
        let lone = [0xFF, 0xFE, 0x3D, 0xD8, b'a', 0];
        assert!(decode(&lone).unwrap_err().message().contains("byte 2 is not"));
        let after_pair = [0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE, 0x3D, 0xD8, b'a', 0];
        assert!(decode(&after_pair).unwrap_err().message().contains("byte 6 is not"));
    }
}
