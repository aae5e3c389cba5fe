//! Character classes of XML 1.0: `Char`, `S`, and the name characters of the Fifth Edition
//! (§2.3) and of the Fourth Edition (Appendix B).
//!
//! The tokenizer settles ASCII bytes with the tables in `scan.rs`; these functions decide the
//! rest. Name functions leave out `:`, which the tokenizer handles itself because a QName
//! (Namespaces 1.0 §4) gives it a meaning: they implement `NCName` characters.

use crate::config::NameRules;

/// Whether the scalar value `c` may appear in a document at all.
///
/// ```text
/// [2] Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
/// ```
///
/// Surrogates (`#xD800-#xDFFF`) never reach here from valid UTF-8, but a character reference
/// can name one, so they are refused here too.
pub(crate) const fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF)
}

/// Whether `b` is XML white space.
///
/// ```text
/// [3] S ::= (#x20 | #x9 | #xD | #xA)+
/// ```
#[allow(dead_code)] // Until scan.rs builds its SPACE class from it; the tests use it.
pub(crate) const fn is_xml_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether `c` may start an `NCName` under `rules`.
///
/// Fifth Edition (the default; RFC 6120 cites it), without `':'`:
///
/// ```text
/// [4] NameStartChar ::= ":" | [A-Z] | "_" | [a-z] | [#xC0-#xD6] | [#xD8-#xF6] | [#xF8-#x2FF]
///                     | [#x370-#x37D] | [#x37F-#x1FFF] | [#x200C-#x200D] | [#x2070-#x218F]
///                     | [#x2C00-#x2FEF] | [#x3001-#xD7FF] | [#xF900-#xFDCF] | [#xFDF0-#xFFFD]
///                     | [#x10000-#xEFFFF]
/// ```
///
/// Fourth Edition, without `':'`: `[5] Name ::= (Letter | '_' | ':') (NameChar)*`. Every
/// character it allows, the Fifth Edition allows too (a test checks it), so the Fourth
/// Edition's set is the names both editions accept.
pub(crate) fn is_name_start_char(c: char, rules: NameRules) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    match rules {
        NameRules::FifthEdition => is_fifth_name_start(c as u32),
        NameRules::FourthEdition => is_letter(c as u32),
    }
}

/// Whether `c` may follow the first character of an `NCName` under `rules`.
///
/// Fifth Edition, without `':'`:
///
/// ```text
/// [4a] NameChar ::= NameStartChar | "-" | "." | [0-9] | #xB7 | [#x0300-#x036F] | [#x203F-#x2040]
/// ```
///
/// Fourth Edition, without `':'`:
///
/// ```text
/// [4] NameChar ::= Letter | Digit | '.' | '-' | '_' | ':' | CombiningChar | Extender
/// ```
pub(crate) fn is_name_char(c: char, rules: NameRules) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    }
    let c = c as u32;
    match rules {
        NameRules::FifthEdition => {
            is_fifth_name_start(c) || matches!(c, 0xB7 | 0x0300..=0x036F | 0x203F..=0x2040)
        }
        NameRules::FourthEdition => {
            is_letter(c)
                || in_table(c, DIGIT)
                || in_table(c, COMBINING_CHAR)
                || in_table(c, EXTENDER)
        }
    }
}

/// The non-ASCII part of the Fifth Edition's `NameStartChar` (see [`is_name_start_char`]).
fn is_fifth_name_start(c: u32) -> bool {
    matches!(
        c,
        0xC0..=0xD6
            | 0xD8..=0xF6
            | 0xF8..=0x2FF
            | 0x370..=0x37D
            | 0x37F..=0x1FFF
            | 0x200C..=0x200D
            | 0x2070..=0x218F
            | 0x2C00..=0x2FEF
            | 0x3001..=0xD7FF
            | 0xF900..=0xFDCF
            | 0xFDF0..=0xFFFD
            | 0x1_0000..=0xE_FFFF
    )
}

/// `[84] Letter ::= BaseChar | Ideographic` (Fourth Edition, Appendix B).
fn is_letter(c: u32) -> bool {
    in_table(c, BASE_CHAR) || in_table(c, IDEOGRAPHIC)
}

/// Whether `c` lies in one of the inclusive ranges of `table`, which is sorted and whose
/// ranges do not overlap (a test checks both).
fn in_table(c: u32, table: &[(u32, u32)]) -> bool {
    table
        .binary_search_by(|&(first, last)| {
            if last < c {
                core::cmp::Ordering::Less
            } else if first > c {
                core::cmp::Ordering::Greater
            } else {
                core::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

// The Fourth Edition tables below are Appendix B of XML 1.0 (Fourth Edition), written out in
// the order of the specification, one pair per `[#xA-#xB]` range and `(#xA, #xA)` for a single
// `#xA`. They stem from Unicode 2.0 and are frozen: later Unicode versions do not change them.

/// ```text
/// [85] BaseChar ::= [#x0041-#x005A] | [#x0061-#x007A] | [#x00C0-#x00D6] | [#x00D8-#x00F6]
///                 | [#x00F8-#x00FF] | [#x0100-#x0131] | ... | [#xAC00-#xD7A3]
/// ```
static BASE_CHAR: &[(u32, u32)] = &[
    (0x0041, 0x005A),
    (0x0061, 0x007A),
    (0x00C0, 0x00D6),
    (0x00D8, 0x00F6),
    (0x00F8, 0x00FF),
    (0x0100, 0x0131),
    (0x0134, 0x013E),
    (0x0141, 0x0148),
    (0x014A, 0x017E),
    (0x0180, 0x01C3),
    (0x01CD, 0x01F0),
    (0x01F4, 0x01F5),
    (0x01FA, 0x0217),
    (0x0250, 0x02A8),
    (0x02BB, 0x02C1),
    (0x0386, 0x0386),
    (0x0388, 0x038A),
    (0x038C, 0x038C),
    (0x038E, 0x03A1),
    (0x03A3, 0x03CE),
    (0x03D0, 0x03D6),
    (0x03DA, 0x03DA),
    (0x03DC, 0x03DC),
    (0x03DE, 0x03DE),
    (0x03E0, 0x03E0),
    (0x03E2, 0x03F3),
    (0x0401, 0x040C),
    (0x040E, 0x044F),
    (0x0451, 0x045C),
    (0x045E, 0x0481),
    (0x0490, 0x04C4),
    (0x04C7, 0x04C8),
    (0x04CB, 0x04CC),
    (0x04D0, 0x04EB),
    (0x04EE, 0x04F5),
    (0x04F8, 0x04F9),
    (0x0531, 0x0556),
    (0x0559, 0x0559),
    (0x0561, 0x0586),
    (0x05D0, 0x05EA),
    (0x05F0, 0x05F2),
    (0x0621, 0x063A),
    (0x0641, 0x064A),
    (0x0671, 0x06B7),
    (0x06BA, 0x06BE),
    (0x06C0, 0x06CE),
    (0x06D0, 0x06D3),
    (0x06D5, 0x06D5),
    (0x06E5, 0x06E6),
    (0x0905, 0x0939),
    (0x093D, 0x093D),
    (0x0958, 0x0961),
    (0x0985, 0x098C),
    (0x098F, 0x0990),
    (0x0993, 0x09A8),
    (0x09AA, 0x09B0),
    (0x09B2, 0x09B2),
    (0x09B6, 0x09B9),
    (0x09DC, 0x09DD),
    (0x09DF, 0x09E1),
    (0x09F0, 0x09F1),
    (0x0A05, 0x0A0A),
    (0x0A0F, 0x0A10),
    (0x0A13, 0x0A28),
    (0x0A2A, 0x0A30),
    (0x0A32, 0x0A33),
    (0x0A35, 0x0A36),
    (0x0A38, 0x0A39),
    (0x0A59, 0x0A5C),
    (0x0A5E, 0x0A5E),
    (0x0A72, 0x0A74),
    (0x0A85, 0x0A8B),
    (0x0A8D, 0x0A8D),
    (0x0A8F, 0x0A91),
    (0x0A93, 0x0AA8),
    (0x0AAA, 0x0AB0),
    (0x0AB2, 0x0AB3),
    (0x0AB5, 0x0AB9),
    (0x0ABD, 0x0ABD),
    (0x0AE0, 0x0AE0),
    (0x0B05, 0x0B0C),
    (0x0B0F, 0x0B10),
    (0x0B13, 0x0B28),
    (0x0B2A, 0x0B30),
    (0x0B32, 0x0B33),
    (0x0B36, 0x0B39),
    (0x0B3D, 0x0B3D),
    (0x0B5C, 0x0B5D),
    (0x0B5F, 0x0B61),
    (0x0B85, 0x0B8A),
    (0x0B8E, 0x0B90),
    (0x0B92, 0x0B95),
    (0x0B99, 0x0B9A),
    (0x0B9C, 0x0B9C),
    (0x0B9E, 0x0B9F),
    (0x0BA3, 0x0BA4),
    (0x0BA8, 0x0BAA),
    (0x0BAE, 0x0BB5),
    (0x0BB7, 0x0BB9),
    (0x0C05, 0x0C0C),
    (0x0C0E, 0x0C10),
    (0x0C12, 0x0C28),
    (0x0C2A, 0x0C33),
    (0x0C35, 0x0C39),
    (0x0C60, 0x0C61),
    (0x0C85, 0x0C8C),
    (0x0C8E, 0x0C90),
    (0x0C92, 0x0CA8),
    (0x0CAA, 0x0CB3),
    (0x0CB5, 0x0CB9),
    (0x0CDE, 0x0CDE),
    (0x0CE0, 0x0CE1),
    (0x0D05, 0x0D0C),
    (0x0D0E, 0x0D10),
    (0x0D12, 0x0D28),
    (0x0D2A, 0x0D39),
    (0x0D60, 0x0D61),
    (0x0E01, 0x0E2E),
    (0x0E30, 0x0E30),
    (0x0E32, 0x0E33),
    (0x0E40, 0x0E45),
    (0x0E81, 0x0E82),
    (0x0E84, 0x0E84),
    (0x0E87, 0x0E88),
    (0x0E8A, 0x0E8A),
    (0x0E8D, 0x0E8D),
    (0x0E94, 0x0E97),
    (0x0E99, 0x0E9F),
    (0x0EA1, 0x0EA3),
    (0x0EA5, 0x0EA5),
    (0x0EA7, 0x0EA7),
    (0x0EAA, 0x0EAB),
    (0x0EAD, 0x0EAE),
    (0x0EB0, 0x0EB0),
    (0x0EB2, 0x0EB3),
    (0x0EBD, 0x0EBD),
    (0x0EC0, 0x0EC4),
    (0x0F40, 0x0F47),
    (0x0F49, 0x0F69),
    (0x10A0, 0x10C5),
    (0x10D0, 0x10F6),
    (0x1100, 0x1100),
    (0x1102, 0x1103),
    (0x1105, 0x1107),
    (0x1109, 0x1109),
    (0x110B, 0x110C),
    (0x110E, 0x1112),
    (0x113C, 0x113C),
    (0x113E, 0x113E),
    (0x1140, 0x1140),
    (0x114C, 0x114C),
    (0x114E, 0x114E),
    (0x1150, 0x1150),
    (0x1154, 0x1155),
    (0x1159, 0x1159),
    (0x115F, 0x1161),
    (0x1163, 0x1163),
    (0x1165, 0x1165),
    (0x1167, 0x1167),
    (0x1169, 0x1169),
    (0x116D, 0x116E),
    (0x1172, 0x1173),
    (0x1175, 0x1175),
    (0x119E, 0x119E),
    (0x11A8, 0x11A8),
    (0x11AB, 0x11AB),
    (0x11AE, 0x11AF),
    (0x11B7, 0x11B8),
    (0x11BA, 0x11BA),
    (0x11BC, 0x11C2),
    (0x11EB, 0x11EB),
    (0x11F0, 0x11F0),
    (0x11F9, 0x11F9),
    (0x1E00, 0x1E9B),
    (0x1EA0, 0x1EF9),
    (0x1F00, 0x1F15),
    (0x1F18, 0x1F1D),
    (0x1F20, 0x1F45),
    (0x1F48, 0x1F4D),
    (0x1F50, 0x1F57),
    (0x1F59, 0x1F59),
    (0x1F5B, 0x1F5B),
    (0x1F5D, 0x1F5D),
    (0x1F5F, 0x1F7D),
    (0x1F80, 0x1FB4),
    (0x1FB6, 0x1FBC),
    (0x1FBE, 0x1FBE),
    (0x1FC2, 0x1FC4),
    (0x1FC6, 0x1FCC),
    (0x1FD0, 0x1FD3),
    (0x1FD6, 0x1FDB),
    (0x1FE0, 0x1FEC),
    (0x1FF2, 0x1FF4),
    (0x1FF6, 0x1FFC),
    (0x2126, 0x2126),
    (0x212A, 0x212B),
    (0x212E, 0x212E),
    (0x2180, 0x2182),
    (0x3041, 0x3094),
    (0x30A1, 0x30FA),
    (0x3105, 0x312C),
    (0xAC00, 0xD7A3),
];

/// ```text
/// [86] Ideographic ::= [#x4E00-#x9FA5] | #x3007 | [#x3021-#x3029]
/// ```
/// (sorted here for the binary search).
static IDEOGRAPHIC: &[(u32, u32)] = &[(0x3007, 0x3007), (0x3021, 0x3029), (0x4E00, 0x9FA5)];

/// ```text
/// [87] CombiningChar ::= [#x0300-#x0345] | [#x0360-#x0361] | [#x0483-#x0486] | ... | #x309A
/// ```
///
/// The specification writes `[#x06D6-#x06DC] | [#x06DD-#x06DF]` as two adjacent ranges; they
/// stay two here, which the binary search does not mind.
static COMBINING_CHAR: &[(u32, u32)] = &[
    (0x0300, 0x0345),
    (0x0360, 0x0361),
    (0x0483, 0x0486),
    (0x0591, 0x05A1),
    (0x05A3, 0x05B9),
    (0x05BB, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C4),
    (0x064B, 0x0652),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DD, 0x06DF),
    (0x06E0, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0901, 0x0903),
    (0x093C, 0x093C),
    (0x093E, 0x094C),
    (0x094D, 0x094D),
    (0x0951, 0x0954),
    (0x0962, 0x0963),
    (0x0981, 0x0983),
    (0x09BC, 0x09BC),
    (0x09BE, 0x09BE),
    (0x09BF, 0x09BF),
    (0x09C0, 0x09C4),
    (0x09C7, 0x09C8),
    (0x09CB, 0x09CD),
    (0x09D7, 0x09D7),
    (0x09E2, 0x09E3),
    (0x0A02, 0x0A02),
    (0x0A3C, 0x0A3C),
    (0x0A3E, 0x0A3E),
    (0x0A3F, 0x0A3F),
    (0x0A40, 0x0A42),
    (0x0A47, 0x0A48),
    (0x0A4B, 0x0A4D),
    (0x0A70, 0x0A71),
    (0x0A81, 0x0A83),
    (0x0ABC, 0x0ABC),
    (0x0ABE, 0x0AC5),
    (0x0AC7, 0x0AC9),
    (0x0ACB, 0x0ACD),
    (0x0B01, 0x0B03),
    (0x0B3C, 0x0B3C),
    (0x0B3E, 0x0B43),
    (0x0B47, 0x0B48),
    (0x0B4B, 0x0B4D),
    (0x0B56, 0x0B57),
    (0x0B82, 0x0B83),
    (0x0BBE, 0x0BC2),
    (0x0BC6, 0x0BC8),
    (0x0BCA, 0x0BCD),
    (0x0BD7, 0x0BD7),
    (0x0C01, 0x0C03),
    (0x0C3E, 0x0C44),
    (0x0C46, 0x0C48),
    (0x0C4A, 0x0C4D),
    (0x0C55, 0x0C56),
    (0x0C82, 0x0C83),
    (0x0CBE, 0x0CC4),
    (0x0CC6, 0x0CC8),
    (0x0CCA, 0x0CCD),
    (0x0CD5, 0x0CD6),
    (0x0D02, 0x0D03),
    (0x0D3E, 0x0D43),
    (0x0D46, 0x0D48),
    (0x0D4A, 0x0D4D),
    (0x0D57, 0x0D57),
    (0x0E31, 0x0E31),
    (0x0E34, 0x0E3A),
    (0x0E47, 0x0E4E),
    (0x0EB1, 0x0EB1),
    (0x0EB4, 0x0EB9),
    (0x0EBB, 0x0EBC),
    (0x0EC8, 0x0ECD),
    (0x0F18, 0x0F19),
    (0x0F35, 0x0F35),
    (0x0F37, 0x0F37),
    (0x0F39, 0x0F39),
    (0x0F3E, 0x0F3E),
    (0x0F3F, 0x0F3F),
    (0x0F71, 0x0F84),
    (0x0F86, 0x0F8B),
    (0x0F90, 0x0F95),
    (0x0F97, 0x0F97),
    (0x0F99, 0x0FAD),
    (0x0FB1, 0x0FB7),
    (0x0FB9, 0x0FB9),
    (0x20D0, 0x20DC),
    (0x20E1, 0x20E1),
    (0x302A, 0x302F),
    (0x3099, 0x3099),
    (0x309A, 0x309A),
];

/// ```text
/// [88] Digit ::= [#x0030-#x0039] | [#x0660-#x0669] | [#x06F0-#x06F9] | [#x0966-#x096F]
///              | [#x09E6-#x09EF] | [#x0A66-#x0A6F] | [#x0AE6-#x0AEF] | [#x0B66-#x0B6F]
///              | [#x0BE7-#x0BEF] | [#x0C66-#x0C6F] | [#x0CE6-#x0CEF] | [#x0D66-#x0D6F]
///              | [#x0E50-#x0E59] | [#x0ED0-#x0ED9] | [#x0F20-#x0F29]
/// ```
static DIGIT: &[(u32, u32)] = &[
    (0x0030, 0x0039),
    (0x0660, 0x0669),
    (0x06F0, 0x06F9),
    (0x0966, 0x096F),
    (0x09E6, 0x09EF),
    (0x0A66, 0x0A6F),
    (0x0AE6, 0x0AEF),
    (0x0B66, 0x0B6F),
    (0x0BE7, 0x0BEF),
    (0x0C66, 0x0C6F),
    (0x0CE6, 0x0CEF),
    (0x0D66, 0x0D6F),
    (0x0E50, 0x0E59),
    (0x0ED0, 0x0ED9),
    (0x0F20, 0x0F29),
];

/// ```text
/// [89] Extender ::= #x00B7 | #x02D0 | #x02D1 | #x0387 | #x0640 | #x0E46 | #x0EC6 | #x3005
///                 | [#x3031-#x3035] | [#x309D-#x309E] | [#x30FC-#x30FE]
/// ```
static EXTENDER: &[(u32, u32)] = &[
    (0x00B7, 0x00B7),
    (0x02D0, 0x02D0),
    (0x02D1, 0x02D1),
    (0x0387, 0x0387),
    (0x0640, 0x0640),
    (0x0E46, 0x0E46),
    (0x0EC6, 0x0EC6),
    (0x3005, 0x3005),
    (0x3031, 0x3035),
    (0x309D, 0x309E),
    (0x30FC, 0x30FE),
];

#[cfg(test)]
mod tests {
    use super::super::scan::{self, ATTR, CDATA, NAME, NAME_START, SPACE, TEXT};
    use super::*;

    const FIFTH: NameRules = NameRules::FifthEdition;
    const FOURTH: NameRules = NameRules::FourthEdition;

    /// Every scalar value (surrogates are not `char`s).
    fn all_chars() -> impl Iterator<Item = char> {
        (0..=0x10_FFFFu32).filter_map(char::from_u32)
    }

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for table in [BASE_CHAR, IDEOGRAPHIC, COMBINING_CHAR, DIGIT, EXTENDER] {
            for &(first, last) in table {
                assert!(first <= last, "{first:#X}-{last:#X}");
            }
            for pair in table.windows(2) {
                assert!(
                    pair[0].1 < pair[1].0,
                    "{:#X?} then {:#X?}",
                    pair[0],
                    pair[1]
                );
            }
        }
    }

    #[test]
    fn binary_search_agrees_with_a_linear_scan() {
        for table in [BASE_CHAR, IDEOGRAPHIC, COMBINING_CHAR, DIGIT, EXTENDER] {
            for c in 0..0x1_0000u32 {
                let linear = table
                    .iter()
                    .any(|&(first, last)| (first..=last).contains(&c));
                assert_eq!(in_table(c, table), linear, "{c:#X}");
            }
        }
    }

    #[test]
    fn fourth_edition_tables_have_the_sizes_of_appendix_b() {
        // Characters per production, counted over the ranges as Appendix B lists them: a
        // dropped or mistyped range changes a count.
        let size = |table: &[(u32, u32)]| table.iter().map(|&(a, b)| b - a + 1).sum::<u32>();
        assert_eq!((BASE_CHAR.len(), size(BASE_CHAR)), (202, 13_602));
        assert_eq!((IDEOGRAPHIC.len(), size(IDEOGRAPHIC)), (3, 20_912));
        assert_eq!((COMBINING_CHAR.len(), size(COMBINING_CHAR)), (95, 437));
        assert_eq!((DIGIT.len(), size(DIGIT)), (15, 149));
        assert_eq!((EXTENDER.len(), size(EXTENDER)), (11, 18));
    }

    #[test]
    fn xml_char_boundaries() {
        for c in [
            0x9, 0xA, 0xD, 0x20, 0x7F, 0xD7FF, 0xE000, 0xFFFD, 0x1_0000, 0x10_FFFF,
        ] {
            assert!(is_xml_char(c), "{c:#X}");
        }
        for c in [
            0x0, 0x8, 0xB, 0xC, 0xE, 0x1F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x11_0000,
        ] {
            assert!(!is_xml_char(c), "{c:#X}");
        }
        assert!(!is_xml_char(u32::MAX));
    }

    /// The ASCII bytes of each class in `scan.rs`, derived once more from the productions.
    fn reference_class(b: u8) -> u8 {
        let c = char::from(b);
        let char_ok = b < 0x80 && is_xml_char(u32::from(b));
        let mut bits = 0;
        // [14] CharData ::= [^<&]* - ([^<&]* ']]>' [^<&]*); `]` stops the run to look for `]]>`.
        if char_ok && !matches!(c, '<' | '&' | ']') {
            bits |= TEXT;
        }
        // [10] AttValue ::= '"' ([^<&"] | Reference)* '"' | "'" ([^<&'] | Reference)* "'"
        if char_ok && !matches!(c, '<' | '&' | '"' | '\'') {
            bits |= ATTR;
        }
        // [20] CData ::= (Char* - (Char* ']]>' Char*))
        if char_ok && c != ']' {
            bits |= CDATA;
        }
        if b < 0x80 && is_name_start_char(c, FIFTH) {
            bits |= NAME_START;
        }
        if b < 0x80 && is_name_char(c, FIFTH) {
            bits |= NAME;
        }
        if is_xml_whitespace(b) {
            bits |= SPACE;
        }
        bits
    }

    #[test]
    fn every_byte_of_the_scan_classes_follows_the_productions() {
        for b in 0..=255u8 {
            assert_eq!(
                scan::CLASS[usize::from(b)],
                reference_class(b),
                "byte {b:#04X}"
            );
        }
        // Spot checks that do not go through the functions above.
        assert!(
            scan::is(0x7F, TEXT) && scan::is(0x7F, ATTR),
            "DEL is a Char"
        );
        assert!(
            !scan::is(b':', NAME_START) && !scan::is(b':', NAME),
            "QName colon"
        );
        assert!(!scan::is(0x0C, SPACE) && !scan::is(0x0B, SPACE));
    }

    #[test]
    fn ascii_names_are_the_same_in_both_editions() {
        for b in 0..0x80u8 {
            let c = char::from(b);
            assert_eq!(
                is_name_start_char(c, FIFTH),
                is_name_start_char(c, FOURTH),
                "{c:?}"
            );
            assert_eq!(is_name_char(c, FIFTH), is_name_char(c, FOURTH), "{c:?}");
            assert_eq!(
                is_name_start_char(c, FIFTH),
                c.is_ascii_alphabetic() || c == '_'
            );
            let name = c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
            assert_eq!(is_name_char(c, FIFTH), name, "{c:?}");
        }
    }

    #[test]
    fn fourth_edition_names_are_fifth_edition_names() {
        // So FourthEdition accepts exactly the names both editions accept.
        for c in all_chars() {
            if is_name_start_char(c, FOURTH) {
                assert!(is_name_start_char(c, FIFTH), "{:#X}", c as u32);
            }
            if is_name_char(c, FOURTH) {
                assert!(is_name_char(c, FIFTH), "{:#X}", c as u32);
            }
            if is_name_start_char(c, FIFTH) {
                assert!(is_name_char(c, FIFTH), "{:#X}", c as u32);
            }
            if is_name_start_char(c, FOURTH) {
                assert!(is_name_char(c, FOURTH), "{:#X}", c as u32);
            }
        }
    }

    #[test]
    fn editions_differ_where_the_fifth_edition_widened_names() {
        // (character, start in 5th, name char in 5th, start in 4th, name char in 4th)
        let cases = [
            ('é', true, true, true, true),             // U+00E9, BaseChar
            ('中', true, true, true, true),            // U+4E2D, Ideographic
            ('\u{0E33}', true, true, true, true),      // Thai SARA AM, BaseChar
            ('\u{0E31}', true, true, false, true),     // Thai MAI HAN-AKAT, CombiningChar
            ('\u{0660}', true, true, false, true),     // Arabic-Indic zero, Digit
            ('\u{00B7}', false, true, false, true),    // middle dot, Extender
            ('\u{0300}', false, true, false, true),    // combining grave
            ('\u{0132}', true, true, false, false),    // Latin IJ: compatibility, not BaseChar
            ('\u{01C4}', true, true, false, false),    // Latin DŽ
            ('\u{0E2F}', true, true, false, false),    // Thai PAIYANNOI
            ('\u{2070}', true, true, false, false),    // superscript zero
            ('\u{218F}', true, true, false, false),    // end of Number Forms
            ('\u{2C00}', true, true, false, false),    // Glagolitic, after Unicode 2.0
            ('\u{9FA6}', true, true, false, false),    // CJK past Unicode 2.0
            ('\u{F900}', true, true, false, false),    // CJK compatibility ideograph
            ('\u{10000}', true, true, false, false),   // Linear B
            ('\u{1F600}', true, true, false, false),   // emoji
            ('\u{EFFFF}', true, true, false, false),   // last Fifth Edition name character
            ('\u{F0000}', false, false, false, false), // private use plane 15
            ('\u{203F}', false, true, false, false),   // undertie
            ('\u{00D7}', false, false, false, false),  // multiplication sign
            ('\u{037E}', false, false, false, false),  // Greek question mark
            ('\u{2000}', false, false, false, false),  // en quad
            ('\u{3000}', false, false, false, false),  // ideographic space
            ('\u{FFFD}', true, true, false, false),    // replacement character
        ];
        for (c, start5, name5, start4, name4) in cases {
            let at = c as u32;
            assert_eq!(is_name_start_char(c, FIFTH), start5, "5th start {at:#X}");
            assert_eq!(is_name_char(c, FIFTH), name5, "5th name {at:#X}");
            assert_eq!(is_name_start_char(c, FOURTH), start4, "4th start {at:#X}");
            assert_eq!(is_name_char(c, FOURTH), name4, "4th name {at:#X}");
        }
    }

    #[test]
    fn fifth_edition_matches_the_productions_at_every_range_edge() {
        // (first, last) of each non-ASCII NameStartChar range; one past each edge is outside.
        let ranges = [
            (0xC0, 0xD6),
            (0xD8, 0xF6),
            (0xF8, 0x2FF),
            (0x370, 0x37D),
            (0x37F, 0x1FFF),
            (0x200C, 0x200D),
            (0x2070, 0x218F),
            (0x2C00, 0x2FEF),
            (0x3001, 0xD7FF),
            (0xF900, 0xFDCF),
            (0xFDF0, 0xFFFD),
            (0x1_0000, 0xE_FFFF),
        ];
        let start = |c: u32| char::from_u32(c).is_some_and(|c| is_name_start_char(c, FIFTH));
        for (first, last) in ranges {
            assert!(start(first) && start(last), "{first:#X}-{last:#X}");
        }
        for outside in [
            0xBF, 0xD7, 0xF7, 0x300, 0x36F, 0x37E, 0x2000, 0x200B, 0x200E, 0x206F,
        ] {
            assert!(!start(outside), "{outside:#X}");
        }
        for outside in [
            0x2190, 0x2BFF, 0x2FF0, 0x3000, 0xF8FF, 0xFDD0, 0xFDEF, 0xFFFE, 0xF_0000,
        ] {
            assert!(!start(outside), "{outside:#X}");
        }
        let name = |c: u32| char::from_u32(c).is_some_and(|c| is_name_char(c, FIFTH));
        for inside in [0xB7, 0x300, 0x36F, 0x203F, 0x2040] {
            assert!(name(inside) && !start(inside), "{inside:#X}");
        }
        for outside in [0xB6, 0xB8, 0x203E, 0x2041] {
            assert!(!name(outside), "{outside:#X}");
        }
    }
}
