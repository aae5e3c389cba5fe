//! Entity and character references (XML 1.0 §4.1), read one byte at a time so that a reference
//! split across feeds resumes where it stopped. RFC 6120 §11.1 allows only the five predefined
//! entities; character references must name a `Char` (WFC: Legal Character).

use crate::config::NameRules;
use crate::error::{Reason, StreamError};

use super::scan::{self, NAME, NAME_START};
use super::utf8::{self, Decoded};
use super::{chars, Pos};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Phase {
    /// Just after `&`.
    #[default]
    Start,
    /// In an entity name.
    Name,
    /// After `&#`.
    Hash,
    /// In decimal digits.
    Decimal,
    /// After `&#x`.
    HexStart,
    /// In hexadecimal digits.
    Hex,
}

/// A reference being read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RefState {
    /// The `&`, where every error about the reference is reported.
    pub amp: Pos,
    phase: Phase,
    /// The character reference's value so far (saturating past U+10FFFF).
    value: u32,
}

/// The five entities XML predefines, the only ones RFC 6120 §11.1 allows.
const PREDEFINED: [&[u8]; 5] = [b"lt", b"gt", b"amp", b"quot", b"apos"];

impl RefState {
    pub(crate) fn new(amp: Pos) -> RefState {
        RefState {
            amp,
            ..RefState::default()
        }
    }

    /// Reads from `bytes[at..]` (the stream from offset `base`) up to the closing `;`.
    /// Returns `Ok(Ok(offset after the ';'))`, or `Ok(Err(offset to resume at))` when the bytes
    /// ran out first (before a character cut by the end, which is read again whole).
    pub(crate) fn step(
        &mut self,
        bytes: &[u8],
        base: Pos,
        mut at: usize,
        names: NameRules,
    ) -> Result<Result<Pos, Pos>, StreamError> {
        let malformed = StreamError::new(Reason::MalformedReference, self.amp);
        while let Some(&b) = bytes.get(at) {
            match (self.phase, b) {
                (Phase::Start, b'#') => self.phase = Phase::Hash,
                (Phase::Hash, b'x') => self.phase = Phase::HexStart,
                (Phase::Hash | Phase::Decimal, b'0'..=b'9') => {
                    self.phase = Phase::Decimal;
                    self.push_digit(10, u32::from(b - b'0'));
                }
                (Phase::HexStart | Phase::Hex, _) if b.is_ascii_hexdigit() => {
                    self.phase = Phase::Hex;
                    self.push_digit(16, (b as char).to_digit(16).unwrap_or(0));
                }
                (Phase::Decimal | Phase::Hex, b';') => {
                    if !chars::is_xml_char(self.value) {
                        return Err(StreamError::new(Reason::InvalidCharReference, self.amp));
                    }
                    return Ok(Ok(base + at as Pos + 1));
                }
                (Phase::Start, b) if scan::is(b, NAME_START) => self.phase = Phase::Name,
                (Phase::Name, b) if scan::is(b, NAME) => {}
                (Phase::Name, b';') => {
                    let name = &bytes[(self.amp - base) as usize + 1..at];
                    if PREDEFINED.contains(&name) {
                        return Ok(Ok(base + at as Pos + 1));
                    }
                    return Err(StreamError::new(Reason::UndefinedEntity, self.amp));
                }
                (Phase::Start | Phase::Name, b) if b >= 0x80 => {
                    // A non-ASCII name: only its well-formedness matters, since no entity
                    // other than the five ASCII ones is defined.
                    match utf8::decode(&bytes[at..]) {
                        Decoded::Incomplete => return Ok(Err(base + at as Pos)),
                        Decoded::Invalid => return Err(malformed),
                        Decoded::Char(c, len) => {
                            let c = char::from_u32(c).unwrap_or('\0');
                            let ok = if self.phase == Phase::Start {
                                chars::is_name_start_char(c, names)
                            } else {
                                chars::is_name_char(c, names)
                            };
                            if !ok {
                                return Err(malformed);
                            }
                            self.phase = Phase::Name;
                            at += len;
                            continue;
                        }
                    }
                }
                _ => return Err(malformed),
            }
            at += 1;
        }
        Ok(Err(base + at as Pos))
    }

    fn push_digit(&mut self, radix: u32, digit: u32) {
        // Saturate well past U+10FFFF so that long runs of zeros still work.
        self.value = self
            .value
            .saturating_mul(radix)
            .saturating_add(digit)
            .min(0x0100_0000);
    }
}
