//! Escaping for the writer, and the checks that keep its output well-formed: XML `Char`
//! (XML 1.0 §2.2) and names (§2.3, Namespaces 1.0 §3).
//!
//! Escaping is chosen so that a conforming parser gives back exactly the string written:
//!
//! | character | text | attribute value | why |
//! |---|---|---|---|
//! | `&` `<` | `&amp;` `&lt;` | `&amp;` `&lt;` | markup (§2.4, §3.1) |
//! | `>` | `&gt;` | `&gt;` | `]]>` may not stand in text (§2.4); escaped everywhere for naive scanners |
//! | `'` / `"` | as is | `&apos;` / `&quot;` when it is the quote used | ends the value |
//! | CR | `&#13;` | `&#13;` | end-of-line handling turns a literal CR into LF (§2.11) |
//! | tab, LF | as is | `&#9;`, `&#10;` | attribute-value normalisation turns them into spaces (§3.3.3) |
//! | other controls, U+FFFE, U+FFFF | refused | refused | outside `Char`: no escape can carry them |
//!
//! Runs of bytes that need none of this are handed to the sink in one piece.

use crate::config::NameRules;
use crate::error::WriteError;
use crate::tokenizer::chars::{self, is_name_char, is_name_start_char};
use crate::writer::Sink;

/// Where an escaped string goes: the rules differ between text and attribute values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// Character data between tags (XML 1.0 §2.4).
    Text,
    /// An attribute value between `'` quotes, as the [`Writer`](crate::Writer) writes them.
    SingleQuoted,
    /// An attribute value between `"` quotes.
    DoubleQuoted,
}

impl Context {
    /// The bit of [`SPECIAL`] that marks bytes needing attention in this context.
    const fn bit(self) -> u8 {
        match self {
            Context::Text => TEXT,
            Context::SingleQuoted => SINGLE,
            Context::DoubleQuoted => DOUBLE,
        }
    }
}

const TEXT: u8 = 1;
const SINGLE: u8 = 2;
const DOUBLE: u8 = 4;

/// Per byte, the contexts in which it cannot be copied as it is: it is escaped, refused, or (for
/// 0xEF, the lead byte of U+FFFE and U+FFFF) looked at more closely.
static SPECIAL: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        // C0 controls: refused, except tab and LF (plain in text) and CR (escaped everywhere).
        table[b] = TEXT | SINGLE | DOUBLE;
        b += 1;
    }
    table[b'\t' as usize] = SINGLE | DOUBLE;
    table[b'\n' as usize] = SINGLE | DOUBLE;
    table[b'&' as usize] = TEXT | SINGLE | DOUBLE;
    table[b'<' as usize] = TEXT | SINGLE | DOUBLE;
    table[b'>' as usize] = TEXT | SINGLE | DOUBLE;
    table[b'\'' as usize] = SINGLE;
    table[b'"' as usize] = DOUBLE;
    table[0xEF] = TEXT | SINGLE | DOUBLE;
    table
};

/// The escape for a byte marked in [`SPECIAL`], or `None` if it is refused or plain after all.
fn replacement(b: u8) -> Option<&'static [u8]> {
    Some(match b {
        b'&' => b"&amp;",
        b'<' => b"&lt;",
        b'>' => b"&gt;",
        b'\'' => b"&apos;",
        b'"' => b"&quot;",
        b'\t' => b"&#9;",
        b'\n' => b"&#10;",
        b'\r' => b"&#13;",
        _ => return None,
    })
}

/// The index of the first byte at or after `from` that is marked for `bit`, if any.
fn find_special(bytes: &[u8], from: usize, bit: u8) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| SPECIAL[b as usize] & bit != 0)
        .map(|i| from + i)
}

/// Whether the bytes at `at` (a 0xEF lead byte) encode U+FFFE or U+FFFF.
fn is_fffe_or_ffff(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF]))
}

/// Whether `c` matches the XML 1.0 `Char` production (§2.2), the one the parser applies:
/// `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
///
/// A Rust `char` is never a surrogate, so only the controls and U+FFFE, U+FFFF fall outside.
pub const fn is_xml_char(c: char) -> bool {
    chars::is_xml_char(c as u32)
}

/// Checks that every character of `s` is an XML `Char`.
///
/// Fails with [`WriteError::InvalidChar`] at the byte index of the first one that is not.
///
/// ```
/// use xmpp_wire::{escape::check_chars, WriteError};
///
/// assert_eq!(check_chars("tab\tis fine"), Ok(()));
/// assert_eq!(check_chars("bell\u{7}"), Err(WriteError::InvalidChar { index: 4 }));
/// ```
pub fn check_chars(s: &str) -> Result<(), WriteError> {
    let bytes = s.as_bytes();
    let mut at = 0;
    // Tab and LF are marked only for attributes, so the text bit finds the refused bytes, and
    // besides them only CR, the markup characters and 0xEF lead bytes.
    while let Some(i) = find_special(bytes, at, TEXT) {
        let refused = match bytes[i] {
            b'\r' | b'&' | b'<' | b'>' => false,
            0xEF => is_fffe_or_ffff(bytes, i),
            _ => true,
        };
        if refused {
            return Err(WriteError::InvalidChar { index: i });
        }
        at = i + 1;
    }
    Ok(())
}

/// Checks that every character `chars` yields is an XML `Char`, like [`check_chars`]; the
/// index counts the UTF-8 bytes of the characters before the first refused one.
pub fn check_char_iter(chars: impl Iterator<Item = char>) -> Result<(), WriteError> {
    let mut index = 0;
    for c in chars {
        if !is_xml_char(c) {
            return Err(WriteError::InvalidChar { index });
        }
        index += c.len_utf8();
    }
    Ok(())
}

/// Writes `s` escaped for `context` (see the module table).
///
/// Nothing is written if `s` holds a character XML cannot carry: the call fails with
/// [`WriteError::InvalidChar`] and the byte index of the first such character.
///
/// ```
/// use xmpp_wire::{escape::{escape, Context}, WriteError};
///
/// let mut out: heapless::Vec<u8, 64> = heapless::Vec::new();
/// escape(&mut out, "a<b & 'c'\n", Context::SingleQuoted)?;
/// assert_eq!(&out[..], b"a&lt;b &amp; &apos;c&apos;&#10;");
/// # Ok::<(), WriteError>(())
/// ```
pub fn escape<S: Sink + ?Sized>(sink: &mut S, s: &str, context: Context) -> Result<(), WriteError> {
    check_chars(s)?;
    write_escaped(sink, s, context)
}

/// Writes the characters of `chars` escaped for `context`, like [`escape`], for values that
/// are produced one character at a time (such as a received [`Value`](crate::Value) being
/// decoded).
///
/// The iterator is walked twice: once to check every character (see [`check_char_iter`]),
/// once to write, so that nothing is written when a character is refused.
pub fn escape_chars<S, I>(sink: &mut S, chars: I, context: Context) -> Result<(), WriteError>
where
    S: Sink + ?Sized,
    I: Iterator<Item = char> + Clone,
{
    check_char_iter(chars.clone())?;
    write_escaped_chars(sink, chars, context)
}

/// [`escape`] without the check, for a caller that has checked `s` already.
pub(crate) fn write_escaped<S: Sink + ?Sized>(
    sink: &mut S,
    s: &str,
    context: Context,
) -> Result<(), WriteError> {
    let bytes = s.as_bytes();
    let bit = context.bit();
    // `plain` is where the pending unescaped run starts; `at` is where the search goes on.
    let mut plain = 0;
    let mut at = 0;
    while let Some(i) = find_special(bytes, at, bit) {
        at = i + 1;
        // In checked input, a marked byte without a replacement is a 0xEF lead byte of a
        // character other than U+FFFE and U+FFFF: it stays in the run.
        if let Some(escaped) = replacement(bytes[i]) {
            sink.write(&bytes[plain..i])?;
            sink.write(escaped)?;
            plain = at;
        }
    }
    sink.write(&bytes[plain..])
}

/// [`escape_chars`] without the check.
pub(crate) fn write_escaped_chars<S: Sink + ?Sized>(
    sink: &mut S,
    chars: impl Iterator<Item = char>,
    context: Context,
) -> Result<(), WriteError> {
    // Characters are gathered in a small buffer so the sink sees few, larger writes.
    let mut buf = [0u8; 128];
    let mut len = 0;
    for c in chars {
        // Room for the longest escape (`&apos;`, 6 bytes) or character (4 bytes).
        if len + 6 > buf.len() {
            sink.write(&buf[..len])?;
            len = 0;
        }
        let marked = c.is_ascii() && SPECIAL[c as usize] & context.bit() != 0;
        let escaped = if marked { replacement(c as u8) } else { None };
        match escaped {
            Some(escaped) => {
                buf[len..len + escaped.len()].copy_from_slice(escaped);
                len += escaped.len();
            }
            None => len += c.encode_utf8(&mut buf[len..]).len(),
        }
    }
    sink.write(&buf[..len])
}

/// Whether `name` is an `NCName` (Namespaces 1.0 §3): an XML 1.0 Fifth Edition `Name` without
/// a colon, such as a prefix or a local name.
///
/// ```
/// use xmpp_wire::escape::is_ncname;
///
/// assert!(is_ncname("stream") && is_ncname("名前") && !is_ncname("a:b") && !is_ncname("1st"));
/// ```
pub fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    let rules = NameRules::FifthEdition;
    match chars.next() {
        Some(first) if first != ':' && is_name_start_char(first, rules) => {
            chars.all(|c| c != ':' && is_name_char(c, rules))
        }
        _ => false,
    }
}

/// Whether `name` is a `QName` (Namespaces 1.0 §4): an `NCName`, or two joined by one colon.
/// The writer accepts only such names for elements and attributes.
///
/// ```
/// use xmpp_wire::escape::is_xml_name;
///
/// assert!(is_xml_name("stream:features") && is_xml_name("xml:lang") && is_xml_name("body"));
/// assert!(!is_xml_name("") && !is_xml_name(":a") && !is_xml_name("a:b:c") && !is_xml_name("a b"));
/// ```
pub fn is_xml_name(name: &str) -> bool {
    match name.split_once(':') {
        Some((prefix, local)) => is_ncname(prefix) && is_ncname(local),
        None => is_ncname(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str, context: Context) -> Result<heapless::String<256>, WriteError> {
        let mut out: heapless::Vec<u8, 256> = heapless::Vec::new();
        escape(&mut out, s, context)?;
        let via_chars = {
            let mut out: heapless::Vec<u8, 256> = heapless::Vec::new();
            escape_chars(&mut out, s.chars(), context)?;
            out
        };
        assert_eq!(out, via_chars, "escape and escape_chars differ on {s:?}");
        Ok(heapless::String::from_utf8(out).unwrap())
    }

    /// The plain loop the table-driven scan is checked against.
    fn naive(s: &str, context: Context) -> Option<heapless::String<256>> {
        let mut out = heapless::String::new();
        for c in s.chars() {
            let attr = context != Context::Text;
            let r = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' => "&#13;",
                '\t' if attr => "&#9;",
                '\n' if attr => "&#10;",
                '\'' if context == Context::SingleQuoted => "&apos;",
                '"' if context == Context::DoubleQuoted => "&quot;",
                c if !is_xml_char(c) => return None,
                c => {
                    out.push(c).unwrap();
                    continue;
                }
            };
            out.push_str(r).unwrap();
        }
        Some(out)
    }

    #[test]
    fn escaping_table() {
        use Context::*;
        let cases: &[(&str, Context, &str)] = &[
            ("plain", Text, "plain"),
            ("", Text, ""),
            ("a&b<c>d", Text, "a&amp;b&lt;c&gt;d"),
            ("]]>", Text, "]]&gt;"),
            ("'\"", Text, "'\""),
            ("x\r\ny\tz", Text, "x&#13;\ny\tz"),
            ("'\"", SingleQuoted, "&apos;\""),
            ("'\"", DoubleQuoted, "'&quot;"),
            ("\t\n\r", SingleQuoted, "&#9;&#10;&#13;"),
            ("a<b>&", DoubleQuoted, "a&lt;b&gt;&amp;"),
            (
                "中文 😀 \u{FFFD}\u{EFFF}\u{10FFFF}",
                Text,
                "中文 😀 \u{FFFD}\u{EFFF}\u{10FFFF}",
            ),
            ("\u{7F}\u{85}\u{FEFF}", SingleQuoted, "\u{7F}\u{85}\u{FEFF}"),
        ];
        for &(input, context, expected) in cases {
            assert_eq!(
                escaped(input, context).unwrap(),
                expected,
                "{input:?} in {context:?}"
            );
        }
    }

    #[test]
    fn refuses_what_xml_cannot_carry_with_its_index() {
        for context in [Context::Text, Context::SingleQuoted, Context::DoubleQuoted] {
            assert_eq!(
                escaped("\0", context),
                Err(WriteError::InvalidChar { index: 0 })
            );
            assert_eq!(
                escaped("ab\u{1}", context),
                Err(WriteError::InvalidChar { index: 2 })
            );
            assert_eq!(
                escaped("é\u{1F}", context),
                Err(WriteError::InvalidChar { index: 2 })
            );
            assert_eq!(
                escaped("&\u{FFFE}", context),
                Err(WriteError::InvalidChar { index: 1 })
            );
            assert_eq!(
                escaped("中\u{FFFF}", context),
                Err(WriteError::InvalidChar { index: 3 })
            );
            assert_eq!(
                escaped("\u{B}", context),
                Err(WriteError::InvalidChar { index: 0 })
            );
        }
    }

    #[test]
    fn nothing_is_written_when_refused() {
        let mut out: heapless::Vec<u8, 64> = heapless::Vec::new();
        assert!(escape(&mut out, "long plain prefix & then \u{0}", Context::Text).is_err());
        assert!(escape_chars(&mut out, "abc\u{0}".chars(), Context::Text).is_err());
        assert!(out.is_empty());
    }

    #[test]
    fn fast_path_matches_naive_loop_on_every_char_class() {
        let samples = [
            '\0',
            '\t',
            '\n',
            '\r',
            '\u{1F}',
            ' ',
            '"',
            '&',
            '\'',
            '<',
            '>',
            'a',
            '\u{7F}',
            '\u{80}',
            'é',
            '\u{D7FF}',
            '\u{E000}',
            '\u{EFBF}',
            '\u{FEFF}',
            '\u{FFFD}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{10000}',
            '\u{10FFFF}',
        ];
        for context in [Context::Text, Context::SingleQuoted, Context::DoubleQuoted] {
            for &a in &samples {
                for &b in &samples {
                    let mut s = heapless::String::<16>::new();
                    s.push(a).unwrap();
                    s.push('x').unwrap();
                    s.push(b).unwrap();
                    assert_eq!(escaped(&s, context).ok(), naive(&s, context), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn long_values_cross_the_chars_buffer() {
        let mut s = heapless::String::<256>::new();
        for _ in 0..30 {
            s.push_str("<é\n").unwrap();
        }
        let mut a: heapless::Vec<u8, 1024> = heapless::Vec::new();
        let mut b: heapless::Vec<u8, 1024> = heapless::Vec::new();
        escape(&mut a, &s, Context::SingleQuoted).unwrap();
        escape_chars(&mut b, s.chars(), Context::SingleQuoted).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 30 * "&lt;é&#10;".len());
    }

    #[test]
    fn names() {
        for good in [
            "a",
            "_x",
            "stream:stream",
            "xml:lang",
            "a-b.c_1",
            "ÀÖ",
            "x\u{B7}y",
            "名:前",
        ] {
            assert!(is_xml_name(good), "{good:?}");
        }
        for bad in [
            "", ":", "a:", ":a", "a::b", "a:b:c", "1a", "-a", ".a", "a b", "a>", "a\u{0}", "a'",
        ] {
            assert!(!is_xml_name(bad), "{bad:?}");
        }
        assert!(!is_ncname("a:b"));
    }
}
