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
    // Eight bytes per step where the run is long (base64 photos, long bodies): the common case
    // in XMPP payloads. The tail goes byte by byte.
    while i + 8 <= bytes.len() {
        let chunk = &bytes[i..i + 8];
        if let Some(stop) = chunk.iter().position(|&b| !is(b, class)) {
            return i + stop;
        }
        i += 8;
    }
    while i < bytes.len() && is(bytes[i], class) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain twin of `skip`, to check the fast path against.
    fn naive_skip(bytes: &[u8], i: usize, class: u8) -> usize {
        (i..bytes.len()).find(|&j| !is(bytes[j], class)).unwrap_or(bytes.len())
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
