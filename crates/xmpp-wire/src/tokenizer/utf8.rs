//! UTF-8 decoding that tells a character split across feeds from an invalid one (RFC 3629 §4).

/// The outcome of decoding the character that starts at `bytes[0]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decoded {
    /// A scalar value and its length in bytes.
    Char(u32, usize),
    /// Valid so far, but the rest of the character has not arrived yet.
    Incomplete,
    /// Not UTF-8: an invalid lead byte, a bad continuation, an overlong form or a surrogate.
    Invalid,
}

/// Decodes one character from `bytes`, which must not be empty.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let lead = bytes[0];
    // RFC 3629 §4: the second byte's range depends on the lead byte; it rules out overlong
    // forms (E0, F0), surrogates (ED) and values past U+10FFFF (F4).
    let (len, second) = match lead {
        0x00..=0x7F => return Decoded::Char(u32::from(lead), 1),
        0xC2..=0xDF => (2, 0x80..=0xBF),
        0xE0 => (3, 0xA0..=0xBF),
        0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80..=0xBF),
        0xED => (3, 0x80..=0x9F),
        0xF0 => (4, 0x90..=0xBF),
        0xF1..=0xF3 => (4, 0x80..=0xBF),
        0xF4 => (4, 0x80..=0x8F),
        _ => return Decoded::Invalid,
    };
    let mut code = u32::from(lead) & (0x7F >> len);
    for (i, &b) in bytes.iter().enumerate().take(len).skip(1) {
        let valid = if i == 1 {
            second.contains(&b)
        } else {
            (0x80..=0xBF).contains(&b)
        };
        if !valid {
            return Decoded::Invalid;
        }
        code = (code << 6) | u32::from(b & 0x3F);
    }
    if bytes.len() < len {
        Decoded::Incomplete
    } else {
        Decoded::Char(code, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_core_str_on_every_short_sequence() {
        // Every 1- and 2-byte sequence, and 3- and 4-byte ones around the interesting lead bytes.
        let check = |bytes: &[u8]| {
            let expected = match core::str::from_utf8(bytes) {
                Ok(s) => Some(s.chars().next().unwrap() as u32),
                Err(e) if e.error_len().is_none() => None,
                Err(_) => Some(u32::MAX),
            };
            let got = match decode(bytes) {
                Decoded::Char(c, len) if len == bytes.len() => Some(c),
                Decoded::Char(..) => return, // a shorter char followed by more bytes
                Decoded::Incomplete => None,
                Decoded::Invalid => Some(u32::MAX),
            };
            assert_eq!(got, expected, "{bytes:02X?}");
        };
        for a in 0..=255u8 {
            check(&[a]);
            for b in 0..=255u8 {
                check(&[a, b]);
            }
        }
        for lead in [0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5] {
            for b in 0x70..=0xC0u8 {
                for c in [0x7F, 0x80, 0xBF, 0xC0] {
                    check(&[lead, b, c]);
                    check(&[lead, b, c, 0x80]);
                }
            }
        }
    }
}
