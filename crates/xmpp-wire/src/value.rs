//! Lazily decoded values: attribute values and character data as they stand in the stream.
//!
//! The tokenizer has already validated every reference, so decoding here trusts its input.
//! When there is nothing to decode, [`Value::as_plain`] hands out the raw slice without a copy.

use core::fmt;

use crate::error::WriteError;

/// How the raw bytes of a [`Value`] are decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// An attribute value: references decoded, and (XML 1.0 §2.11, §3.3.3) CR LF, CR, LF and
    /// tab each become one space.
    Attribute,
    /// Character data: references decoded; CR LF and lone CR become LF (XML 1.0 §2.11).
    Text,
    /// A CDATA section's content: no references; CR LF and lone CR become LF.
    CData,
}

/// A value in the stream, decoded on demand.
///
/// ```text
/// <message to='juliet@example.com/balcony' xml:lang='en'>
///              -------------------------- raw()
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Value<'a> {
    raw: &'a str,
    kind: ValueKind,
}

impl<'a> Value<'a> {
    /// A value over `raw`, which the tokenizer has validated for `kind`.
    pub(crate) const fn new(raw: &'a str, kind: ValueKind) -> Value<'a> {
        Value { raw, kind }
    }

    /// The bytes as written in the stream, before any decoding.
    pub const fn raw(&self) -> &'a str {
        self.raw
    }

    /// How this value is decoded.
    pub const fn kind(&self) -> ValueKind {
        self.kind
    }

    /// The decoded value without copying, when decoding would change nothing.
    pub fn as_plain(&self) -> Option<&'a str> {
        let bytes = self.raw.as_bytes();
        let needs_decoding = match self.kind {
            ValueKind::Attribute => bytes
                .iter()
                .any(|&b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')),
            ValueKind::Text => memchr::memchr2(b'&', b'\r', bytes).is_some(),
            ValueKind::CData => memchr::memchr(b'\r', bytes).is_some(),
        };
        (!needs_decoding).then_some(self.raw)
    }

    /// The decoded characters, one at a time, without allocating.
    pub fn chars(&self) -> Chars<'a> {
        Chars {
            rest: self.raw,
            kind: self.kind,
        }
    }

    /// Length in bytes of the decoded value in UTF-8.
    pub fn decoded_len(&self) -> usize {
        match self.as_plain() {
            Some(plain) => plain.len(),
            None => self.chars().map(char::len_utf8).sum(),
        }
    }

    /// Decodes into `buf` and returns the decoded text, borrowing `buf`.
    ///
    /// Fails with [`WriteError::BufferTooSmall`] (carrying the length needed) when `buf` is short.
    pub fn decode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, WriteError> {
        let needed = self.decoded_len();
        if buf.len() < needed {
            return Err(WriteError::BufferTooSmall { needed });
        }
        let mut at = 0;
        for c in self.chars() {
            at += c.encode_utf8(&mut buf[at..]).len();
        }
        // The bytes were written from `char`s, so they are UTF-8.
        core::str::from_utf8(&buf[..at]).map_err(|_| WriteError::InvalidChar { index: 0 })
    }

    /// Whether the decoded value equals `other`, compared without allocating.
    pub fn decodes_to(&self, other: &str) -> bool {
        match self.as_plain() {
            Some(plain) => plain == other,
            None => self.chars().eq(other.chars()),
        }
    }
}

impl Value<'_> {
    /// Whether two values decode to the same characters.
    pub fn same_as(&self, other: Value<'_>) -> bool {
        match (self.as_plain(), other.as_plain()) {
            (Some(a), Some(b)) => a == b,
            _ => self.chars().eq(other.chars()),
        }
    }
}

impl PartialEq<str> for Value<'_> {
    fn eq(&self, other: &str) -> bool {
        self.decodes_to(other)
    }
}

impl PartialEq<&str> for Value<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.decodes_to(other)
    }
}

impl fmt::Display for Value<'_> {
    /// Writes the decoded value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(plain) = self.as_plain() {
            return f.write_str(plain);
        }
        for c in self.chars() {
            fmt::Write::write_char(f, c)?;
        }
        Ok(())
    }
}

/// The decoded characters of a [`Value`].
#[derive(Clone, Debug)]
pub struct Chars<'a> {
    rest: &'a str,
    kind: ValueKind,
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let mut iter = self.rest.chars();
        let c = iter.next()?;
        self.rest = iter.as_str();
        match c {
            '&' if self.kind != ValueKind::CData => {
                let end = self.rest.find(';').unwrap_or(self.rest.len());
                let reference = &self.rest[..end];
                self.rest = self.rest.get(end + 1..).unwrap_or("");
                Some(decode_reference(reference))
            }
            '\r' => {
                // XML 1.0 §2.11: CR LF and lone CR are one line end.
                if let Some(after) = self.rest.strip_prefix('\n') {
                    self.rest = after;
                }
                Some(if self.kind == ValueKind::Attribute {
                    ' '
                } else {
                    '\n'
                })
            }
            '\n' | '\t' if self.kind == ValueKind::Attribute => Some(' '),
            c => Some(c),
        }
    }
}

/// Decodes the name or number between `&` and `;` of a reference the tokenizer validated.
pub(crate) fn decode_reference(reference: &str) -> char {
    let code = match reference.as_bytes() {
        b"lt" => return '<',
        b"gt" => return '>',
        b"amp" => return '&',
        b"quot" => return '"',
        b"apos" => return '\'',
        [b'#', b'x', hex @ ..] => u32::from_str_radix(as_str(hex), 16),
        [b'#', dec @ ..] => as_str(dec).parse::<u32>(),
        _ => return char::REPLACEMENT_CHARACTER,
    };
    code.ok()
        .and_then(char::from_u32)
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

fn as_str(ascii: &[u8]) -> &str {
    core::str::from_utf8(ascii).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(raw: &str, kind: ValueKind) -> heapless::String<64> {
        let mut out = heapless::String::new();
        for c in Value::new(raw, kind).chars() {
            out.push(c).unwrap();
        }
        out
    }

    #[test]
    fn plain_values_are_not_copied() {
        assert_eq!(
            Value::new("abc", ValueKind::Attribute).as_plain(),
            Some("abc")
        );
        assert_eq!(Value::new("a&amp;b", ValueKind::Attribute).as_plain(), None);
        assert_eq!(Value::new("a\nb", ValueKind::Attribute).as_plain(), None);
        assert_eq!(Value::new("a\nb", ValueKind::Text).as_plain(), Some("a\nb"));
        assert_eq!(Value::new("a&b", ValueKind::CData).as_plain(), Some("a&b"));
    }

    #[test]
    fn references_and_line_ends() {
        assert_eq!(
            decoded("&lt;&gt;&amp;&quot;&apos;", ValueKind::Text),
            "<>&\"'"
        );
        assert_eq!(decoded("&#60;&#x3C;&#x1F600;", ValueKind::Text), "<<😀");
        assert_eq!(decoded("a\r\nb\rc\td", ValueKind::Attribute), "a b c d");
        assert_eq!(decoded("a&#10;b&#13;", ValueKind::Attribute), "a\nb\r");
        assert_eq!(decoded("a\r\nb\rc", ValueKind::Text), "a\nb\nc");
        assert_eq!(decoded("&amp;\r\n", ValueKind::CData), "&amp;\n");
    }

    #[test]
    fn decode_into_reports_needed_length() {
        let v = Value::new("x&amp;y", ValueKind::Attribute);
        let mut small = [0u8; 2];
        assert_eq!(
            v.decode_into(&mut small),
            Err(WriteError::BufferTooSmall { needed: 3 })
        );
        let mut buf = [0u8; 8];
        assert_eq!(v.decode_into(&mut buf), Ok("x&y"));
        assert!(v == "x&y");
    }
}
