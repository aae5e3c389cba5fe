//! The XML declaration (XML 1.0 §2.8): `<?xml version='1.x' encoding='UTF-8' standalone='yes'?>`.

use crate::error::{Reason, StreamError};

use super::Pos;

/// Longest declaration read before giving up: the longest legal one is well under this.
pub(crate) const MAX_LEN: usize = 256;

/// Checks `body`, the bytes between `<?xml` and `?>`, which start at stream offset `at`.
/// `lt` is the declaration's `<`, where malformed declarations are reported.
pub(crate) fn check(body: &[u8], at: Pos, lt: Pos) -> Result<(), StreamError> {
    let malformed = StreamError::new(Reason::MalformedXmlDeclaration, lt);
    let mut reader = Reader { body, i: 0 };
    let mut expected: &[&[u8]] = &[b"version", b"encoding", b"standalone"];
    loop {
        let spaced = reader.space();
        if reader.i == body.len() {
            // `version` is required.
            return if expected.len() == 3 {
                Err(malformed)
            } else {
                Ok(())
            };
        }
        if !spaced {
            return Err(malformed);
        }
        let name = reader.name();
        let position = expected.iter().position(|n| *n == name).ok_or(malformed)?;
        if expected.len() == 3 && position != 0 {
            return Err(malformed);
        }
        expected = &expected[position + 1..];
        reader.space();
        if !reader.eat(b'=') {
            return Err(malformed);
        }
        reader.space();
        let value_at = at + reader.i as Pos + 1;
        let value = reader.quoted().ok_or(malformed)?;
        match name {
            b"version" => {
                // VersionNum ::= '1.' [0-9]+
                let digits = value
                    .strip_prefix(b"1.")
                    .ok_or(StreamError::new(Reason::UnsupportedXmlVersion, value_at))?;
                if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                    return Err(StreamError::new(Reason::UnsupportedXmlVersion, value_at));
                }
            }
            b"encoding" => {
                // EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')*
                let well_formed = value.first().is_some_and(u8::is_ascii_alphabetic)
                    && value
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
                if !well_formed {
                    return Err(malformed);
                }
                // RFC 6120 §11.6: UTF-8 only.
                if !value.eq_ignore_ascii_case(b"UTF-8") {
                    return Err(StreamError::new(Reason::EncodingNotUtf8, value_at));
                }
            }
            _ => {
                if value != b"yes" && value != b"no" {
                    return Err(malformed);
                }
            }
        }
    }
}

struct Reader<'a> {
    body: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn space(&mut self) -> bool {
        let start = self.i;
        while self
            .body
            .get(self.i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            self.i += 1;
        }
        self.i > start
    }

    fn name(&mut self) -> &'a [u8] {
        let start = self.i;
        while self.body.get(self.i).is_some_and(u8::is_ascii_lowercase) {
            self.i += 1;
        }
        &self.body[start..self.i]
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.body.get(self.i) == Some(&b);
        self.i += usize::from(hit);
        hit
    }

    fn quoted(&mut self) -> Option<&'a [u8]> {
        let quote = *self
            .body
            .get(self.i)
            .filter(|b| matches!(b, b'"' | b'\''))?;
        let start = self.i + 1;
        let len = self.body[start..].iter().position(|&b| b == quote)?;
        self.i = start + len + 1;
        Some(&self.body[start..start + len])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(body: &str) -> Result<(), Reason> {
        check(body.as_bytes(), 5, 0).map_err(|e| e.reason())
    }

    #[test]
    fn declarations() {
        assert_eq!(verdict(" version='1.0'"), Ok(()));
        assert_eq!(
            verdict(" version=\"1.0\" encoding='utf-8' standalone='no' "),
            Ok(())
        );
        assert_eq!(verdict(" version = '1.1'"), Ok(()));
        assert_eq!(
            verdict(" encoding='UTF-8'"),
            Err(Reason::MalformedXmlDeclaration)
        );
        assert_eq!(
            verdict(" version='1.0' encoding='ISO-8859-1'"),
            Err(Reason::EncodingNotUtf8)
        );
        assert_eq!(
            verdict(" version='2.0'"),
            Err(Reason::UnsupportedXmlVersion)
        );
        assert_eq!(
            verdict(" version='1.0'encoding='UTF-8'"),
            Err(Reason::MalformedXmlDeclaration)
        );
        assert_eq!(
            verdict(" version='1.0' standalone='maybe'"),
            Err(Reason::MalformedXmlDeclaration)
        );
        assert_eq!(
            verdict(" standalone='yes' version='1.0'"),
            Err(Reason::MalformedXmlDeclaration)
        );
        assert_eq!(verdict(""), Err(Reason::MalformedXmlDeclaration));
    }
}
