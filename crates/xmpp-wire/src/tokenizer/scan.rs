//! Byte classes and the fast runs over them that carry the tokenizer through plain bytes.
//!
//! Each class marks the ASCII bytes that need no attention in one context, so that the hot
//! loops step over them with one table lookup; every other byte goes to the state machine.

/// Character data (XML 1.0 §2.4 `CharData`): not `<` or `&` (markup), not `]` (which could
/// begin `]]>`), not an ASCII control other than tab, LF, CR (§2.2 `Char`), not non-ASCII.
pub(crate) const TEXT: u8 = 1;
/// Attribute values (§3.1 `AttValue`): not `<`, `&`, either quote, controls or non-ASCII.
pub(crate) const ATTR: u8 = 2;
/// CDATA content (§2.7 `CData`): not `]`, controls or non-ASCII.
pub(crate) const CDATA: u8 = 4;
/// ASCII `NameStartChar` (§2.3) without `:`, which a QName treats apart: `[A-Za-z_]`.
pub(crate) const NAME_START: u8 = 8;
/// ASCII `NameChar` (§2.3) without `:`: `[A-Za-z0-9._-]`.
pub(crate) const NAME: u8 = 16;
/// `S` (§2.3): space, tab, CR, LF.
pub(crate) const SPACE: u8 = 32;

/// The class bits of every byte.
pub(crate) static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut bits = 0;
        let printable = c >= 0x20 && c < 0x80;
        let space = matches!(c, b' ' | b'\t' | b'\n' | b'\r');
        if (printable || space) && !matches!(c, b'<' | b'&' | b']') {
            bits |= TEXT;
        }
        if (printable || space) && !matches!(c, b'<' | b'&' | b'"' | b'\'') {
            bits |= ATTR;
        }
        if (printable || space) && c != b']' {
            bits |= CDATA;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            bits |= NAME_START | NAME;
        }
        if c.is_ascii_digit() || c == b'.' || c == b'-' {
            bits |= NAME;
        }
        if space {
            bits |= SPACE;
        }
        table[b] = bits;
        b += 1;
    }
    table
};

/// Whether `b` is in `class`.
#[inline(always)]
pub(crate) fn is(b: u8, class: u8) -> bool {
    CLASS[b as usize] & class != 0
}

/// The index of the first byte at or after `i` in `bytes` that is not in `class`, or `bytes.len()`.
#[inline(always)]
pub(crate) fn skip(bytes: &[u8], mut i: usize, class: u8) -> usize {
    // Text and attribute values come in long runs (bodies, base64 photos, JIDs): eight bytes a
    // step there, a word at a time. Other classes (names, whitespace) are short runs.
    let plain_word = match class {
        TEXT => |w: u64| {
            ascii_printable(w) && !has_byte(w, b'<') && !has_byte(w, b'&') && !has_byte(w, b']')
        },
        ATTR => |w: u64| {
            ascii_printable(w)
                && !has_byte(w, b'<')
                && !has_byte(w, b'&')
                && !has_byte(w, b'"')
                && !has_byte(w, b'\'')
        },
        CDATA => |w: u64| ascii_printable(w) && !has_byte(w, b']'),
        _ => |_: u64| false,
    };
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        if !plain_word(u64::from_le_bytes(word)) {
            // Tab, LF and CR fail the word test but are plain: settle the word byte by byte.
            if let Some(stop) = bytes[i..i + 8].iter().position(|&b| !is(b, class)) {
                return i + stop;
            }
        }
        i += 8;
    }
    while i < bytes.len() && is(bytes[i], class) {
        i += 1;
    }
    i
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether every byte of `word` is ASCII and at least 0x20 (bit tricks on eight bytes at once).
#[inline(always)]
fn ascii_printable(word: u64) -> bool {
    word & HIGH == 0 && word.wrapping_sub(LOW * 0x20) & !word & HIGH == 0
}

/// Whether some byte of `word` may equal `b`: exact when it says no, which is all a skip needs.
#[inline(always)]
fn has_byte(word: u64, b: u8) -> bool {
    let x = word ^ (LOW * u64::from(b));
    x.wrapping_sub(LOW) & !x & HIGH != 0
}

/// What [`check_run`] found in a run of character data or an attribute value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Run {
    /// Every byte is UTF-8 and every character is an XML `Char`.
    Valid,
    /// Valid up to this index, where a character is cut off by the end of the run.
    Cut(usize),
    /// The character at this index is not UTF-8 (`true`) or not an XML `Char` (`false`).
    Bad(usize, bool),
}

/// Checks a run of bytes that holds no markup for UTF-8 and the XML `Char` production (§2.2).
///
/// This is the hot path for text: the UTF-8 check is `core::str::from_utf8`, then a word-at-a-time
/// search for the ASCII controls XML forbids and a search for U+FFFE and U+FFFF, the only
/// non-ASCII scalar values outside `Char` (surrogates are not UTF-8).
pub(crate) fn check_run(run: &[u8]) -> Run {
    let (valid, utf8_error) = match core::str::from_utf8(run) {
        Ok(_) => (run.len(), None),
        Err(e) => (e.valid_up_to(), Some(e.error_len().is_some())),
    };
    if let Some(i) = forbidden_char(&run[..valid]) {
        return Run::Bad(i, false);
    }
    match utf8_error {
        None => Run::Valid,
        Some(true) => Run::Bad(valid, true),
        Some(false) => Run::Cut(valid),
    }
}

/// The index of the first character of valid UTF-8 `text` that is outside XML `Char`.
fn forbidden_char(text: &[u8]) -> Option<usize> {
    let mut control = None;
    let mut i = 0;
    while i + 8 <= text.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&text[i..i + 8]);
        let w = u64::from_le_bytes(word);
        // Some byte below 0x20 (exact for thresholds up to 0x80).
        if w.wrapping_sub(LOW * 0x20) & !w & HIGH != 0 {
            if let Some(j) = text[i..i + 8].iter().position(|&b| is_forbidden_control(b)) {
                control = Some(i + j);
                break;
            }
        }
        i += 8;
    }
    if control.is_none() {
        control = text[i..]
            .iter()
            .position(|&b| is_forbidden_control(b))
            .map(|j| i + j);
    }
    let searched = &text[..control.unwrap_or(text.len())];
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
    let nonchar = memchr::memchr_iter(0xEF, searched).find(|&j| {
        searched.get(j + 1) == Some(&0xBF) && matches!(searched.get(j + 2), Some(0xBE | 0xBF))
    });
    nonchar.or(control)
}

fn is_forbidden_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain twin of `skip`, to check the fast path against.
    fn naive_skip(bytes: &[u8], i: usize, class: u8) -> usize {
        (i..bytes.len())
            .find(|&j| !is(bytes[j], class))
            .unwrap_or(bytes.len())
    }

    #[test]
    fn classes_follow_the_productions() {
        assert!(is(b'a', TEXT) && !is(b'<', TEXT) && !is(b'&', TEXT) && !is(b']', TEXT));
        assert!(is(b'>', TEXT) && is(b'\t', TEXT) && !is(0x01, TEXT) && !is(0xC3, TEXT));
        assert!(is(b']', ATTR) && !is(b'"', ATTR) && !is(b'\'', ATTR) && !is(b'<', ATTR));
        assert!(is(b'<', CDATA) && is(b'&', CDATA) && !is(b']', CDATA));
        assert!(is(b'_', NAME_START) && !is(b'1', NAME_START) && is(b'1', NAME) && !is(b':', NAME));
        assert!(is(b'\r', SPACE) && !is(0x0B, SPACE));
    }

    /// The plain twin of `check_run`, one character at a time.
    fn naive_check(run: &[u8]) -> Run {
        let mut i = 0;
        while i < run.len() {
            match super::super::utf8::decode(&run[i..]) {
                super::super::utf8::Decoded::Char(c, len) => {
                    if !super::super::chars::is_xml_char(c) {
                        return Run::Bad(i, false);
                    }
                    i += len;
                }
                super::super::utf8::Decoded::Incomplete => return Run::Cut(i),
                super::super::utf8::Decoded::Invalid => return Run::Bad(i, true),
            }
        }
        Run::Valid
    }

    #[test]
    fn check_run_matches_the_plain_loop() {
        let pieces: [&[u8]; 9] = [
            b"abc",
            b"\t\n\r",
            "联好🚀".as_bytes(),
            b"\x01",
            b"\xEF\xBF\xBE",
            b"\xEF\xBF\xBD",
            b"\xC3",
            b"\xFF",
            b"12345678",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let run = [a, b, c].concat();
                    assert_eq!(check_run(&run), naive_check(&run), "{run:02X?}");
                }
            }
        }
    }

    #[test]
    fn skip_matches_the_plain_loop() {
        let sample = b"plain text with ] and < and & then \x01 and \xC3\xA9 and a long run of letters abcdefghijkl";
        for class in [TEXT, ATTR, CDATA, NAME, SPACE] {
            for i in 0..sample.len() {
                assert_eq!(skip(sample, i, class), naive_skip(sample, i, class));
            }
        }
    }
}
