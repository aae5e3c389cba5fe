//! The frames JSONL v1 renderer: one JSON object a line, as DESIGN.md defines it.
//!
//! This is the CLI's output and the format of the expected files in `tests/vectors/`, which the
//! C, Python and JavaScript bindings compare their own rendering against, byte for byte. So the
//! bytes are fixed here to what Python's `json.dumps(obj, ensure_ascii=False,
//! separators=(",", ":"))` and JavaScript's `JSON.stringify(obj)` both produce for the same object
//! with its keys inserted in the same order.
//!
//! # Objects
//!
//! Keys come in this order, `kind` first; separators are `,` and `:` with no spaces; each line
//! ends with `\n` (never `\r\n`):
//!
//! | `kind` | following keys |
//! |---|---|
//! | `stream-open` | `offset`, `ns`, `attrs` |
//! | `message`, `presence`, `iq` | `offset`, `len`, `ns`, `attrs`, `payloads` |
//! | `element` | `name`, `ns`, `offset`, `len`, `attrs`, `payloads` |
//! | `stream-close` | `offset` |
//! | `error` | `condition`, `offset` |
//!
//! `attrs` is an object with the attributes in document order (namespace declarations left out;
//! XML forbids duplicates, so keys are unique), each value decoded: references replaced and
//! XML 1.0 §3.3.3 normalisation applied (a literal tab, CR or LF is a space). `payloads` is an
//! array of `{"ns":…,"name":…}`, the direct children in order. Numbers are decimal integers.
//!
//! # String escaping
//!
//! Exactly these characters are escaped (RFC 8259 §7 requires the first two rows and allows the
//! short forms; both reference serialisers pick the same ones):
//!
//! | character | written as |
//! |---|---|
//! | `"` U+0022, `\` U+005C | `\"`, `\\` |
//! | U+0008, U+0009, U+000A, U+000C, U+000D | `\b`, `\t`, `\n`, `\f`, `\r` |
//! | any other U+0000–U+001F | `\u00XX`, four hex digits, lowercase (`\u001f`) |
//!
//! Everything else is written as raw UTF-8: non-ASCII text, `/`, DEL U+007F, and U+2028 / U+2029
//! (which `JSON.stringify` and `json.dumps(ensure_ascii=False)` also leave raw). A Rust `str`
//! holds no lone surrogates, so the one case where the two serialisers differ cannot arise.
//!
//! Readers must split lines at `\n` only: U+0085, U+2028 and U+2029 stand raw inside strings,
//! and Python's `str.splitlines()` would break a line at them.
//!
//! ```
//! # use xmpp_wire::jsonl;
//! let mut line = String::new();
//! jsonl::write_str(&mut line, "a\"b\n\u{1}é");
//! assert_eq!(line, "\"a\\\"b\\n\\u0001é\"");
//! ```

use alloc::string::String;
use core::fmt::Write as _;

use crate::error::StreamError;
use crate::frame::{Element, Frame, StreamOpen};
use crate::value::Value;

/// Appends `frame` to `out` as one JSONL v1 line, ending in `\n`.
///
/// ```text
/// <iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>
/// {"kind":"iq","offset":412,"len":61,"ns":"jabber:client","attrs":{"type":"get","id":"r1"},"payloads":[{"ns":"jabber:iq:roster","name":"query"}]}
/// ```
pub fn write_frame(out: &mut String, frame: &Frame<'_>) {
    out.push_str("{\"kind\":");
    write_str(out, frame.kind_str());
    match frame {
        Frame::StreamOpen(open) => write_stream_open(out, open),
        Frame::Stanza(stanza) => {
            let element = stanza.element();
            write_offset_len(out, element);
            out.push_str(",\"ns\":");
            write_value(out, &element.ns());
            write_attrs_payloads(out, element);
        }
        Frame::Element(element) => {
            out.push_str(",\"name\":");
            write_str(out, element.name());
            out.push_str(",\"ns\":");
            write_value(out, &element.ns());
            write_offset_len(out, element);
            write_attrs_payloads(out, element);
        }
        Frame::StreamClose(close) => write_number(out, "offset", close.offset()),
    }
    out.push_str("}\n");
}

/// Appends `error` to `out` as one JSONL v1 `error` line, ending in `\n`.
///
/// ```text
/// {"kind":"error","condition":"restricted-xml","offset":118}
/// ```
pub fn write_error(out: &mut String, error: &StreamError) {
    out.push_str("{\"kind\":\"error\",\"condition\":");
    write_str(out, error.condition().as_str());
    write_number(out, "offset", error.offset());
    out.push_str("}\n");
}

/// Appends `s` to `out` as a JSON string literal, quotes included, escaped as the module docs say.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut run_start = 0;
    for (i, byte) in s.bytes().enumerate() {
        // Every byte that needs escaping is ASCII, so `i` is always a char boundary here.
        if byte < 0x20 || byte == b'"' || byte == b'\\' {
            out.push_str(&s[run_start..i]);
            push_escaped(out, byte);
            run_start = i + 1;
        }
    }
    out.push_str(&s[run_start..]);
    out.push('"');
}

/// Appends a decoded [`Value`] as a JSON string literal, without an intermediate copy.
fn write_value(out: &mut String, value: &Value<'_>) {
    if let Some(plain) = value.as_plain() {
        return write_str(out, plain);
    }
    out.push('"');
    for c in value.chars() {
        match u8::try_from(c) {
            Ok(byte) if byte < 0x20 || byte == b'"' || byte == b'\\' => push_escaped(out, byte),
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// The escape sequence for one ASCII byte that JSON strings may not carry raw.
fn push_escaped(out: &mut String, byte: u8) {
    match byte {
        b'"' => out.push_str("\\\""),
        b'\\' => out.push_str("\\\\"),
        0x08 => out.push_str("\\b"),
        b'\t' => out.push_str("\\t"),
        b'\n' => out.push_str("\\n"),
        0x0c => out.push_str("\\f"),
        b'\r' => out.push_str("\\r"),
        _ => {
            // Lowercase hex, as both reference serialisers write it.
            let _ = write!(out, "\\u{byte:04x}");
        }
    }
}

fn write_number(out: &mut String, key: &str, n: impl core::fmt::Display) {
    // Writing into a `String` cannot fail.
    let _ = write!(out, ",\"{key}\":{n}");
}

fn write_stream_open(out: &mut String, open: &StreamOpen<'_>) {
    write_number(out, "offset", open.offset());
    out.push_str(",\"ns\":");
    write_str(out, open.ns());
    out.push_str(",\"attrs\":{");
    for (i, attr) in open.attrs().enumerate() {
        write_member(out, i, attr.name(), &attr.value());
    }
    out.push('}');
}

fn write_offset_len(out: &mut String, element: &Element<'_>) {
    write_number(out, "offset", element.offset());
    write_number(out, "len", element.len());
}

fn write_attrs_payloads(out: &mut String, element: &Element<'_>) {
    out.push_str(",\"attrs\":{");
    for (i, attr) in element.attrs().enumerate() {
        write_member(out, i, attr.name(), &attr.value());
    }
    out.push_str("},\"payloads\":[");
    for (i, payload) in element.payloads().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"ns\":");
        write_value(out, &payload.ns());
        out.push_str(",\"name\":");
        write_str(out, payload.name());
        out.push('}');
    }
    out.push(']');
}

/// One `"name":"value"` member of an object; `index` says whether a comma goes first.
fn write_member(out: &mut String, index: usize, name: &str, value: &Value<'_>) {
    if index > 0 {
        out.push(',');
    }
    write_str(out, name);
    out.push(':');
    write_value(out, value);
}

#[cfg(test)]
mod tests {
    use alloc::vec;

    use super::*;
    use crate::error::Reason;
    use crate::value::ValueKind;
    use crate::{Config, Mode, StreamParser};

    const HEADER: &str = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' version='1.0'>";

    /// Every line a parser in `mode` renders for `input`, fed whole.
    fn render(input: &str, mode: Mode) -> String {
        let config = Config {
            mode,
            ..Config::default()
        };
        let mut parser = StreamParser::new(vec![0u8; 4096], config);
        assert_eq!(parser.feed(input.as_bytes()), input.len());
        let mut out = String::new();
        loop {
            match parser.next_frame() {
                Ok(Some(frame)) => write_frame(&mut out, &frame),
                Ok(None) => break,
                Err(error) => {
                    write_error(&mut out, &error);
                    break;
                }
            }
        }
        out
    }

    /// The lines after the stream header for `body` inside a `jabber:client` stream.
    fn in_stream(body: &str) -> String {
        let mut input = String::from(HEADER);
        input.push_str(body);
        let all = render(&input, Mode::Tcp);
        let (open, rest) = all.split_once('\n').expect("a stream-open line");
        assert!(open.starts_with("{\"kind\":\"stream-open\""), "{open}");
        String::from(rest)
    }

    fn json(s: &str) -> String {
        let mut out = String::new();
        write_str(&mut out, s);
        out
    }

    #[test]
    fn escapes_exactly_what_python_and_js_escape() {
        assert_eq!(json("plain"), "\"plain\"");
        assert_eq!(json("\"\\"), r#""\"\\""#);
        assert_eq!(json("\u{8}\t\n\u{c}\r"), r#""\b\t\n\f\r""#);
        assert_eq!(
            json("\u{0}\u{1}\u{b}\u{e}\u{1f}"),
            r#""\u0000\u0001\u000b\u000e\u001f""#
        );
        // Raw in both `json.dumps(ensure_ascii=False)` and `JSON.stringify`.
        assert_eq!(
            json("/\u{7f}\u{2028}\u{2029}<>&'"),
            "\"/\u{7f}\u{2028}\u{2029}<>&'\""
        );
        assert_eq!(json("中文😀é"), "\"中文😀é\"");
        assert_eq!(json("a\nb中\"c"), "\"a\\nb中\\\"c\"");
    }

    #[test]
    fn decoded_values_are_escaped_too() {
        let mut out = String::new();
        write_value(
            &mut out,
            &Value::new("a&#10;&quot;&#x9;b\tc&amp;&#x1F600;", ValueKind::Attribute),
        );
        assert_eq!(out, r#""a\n\"\tb c&😀""#);
    }

    #[test]
    fn stream_open_line() {
        let mut input = String::from("<?xml version='1.0'?>");
        input.push_str(HEADER);
        assert_eq!(
            render(&input, Mode::Tcp),
            "{\"kind\":\"stream-open\",\"offset\":21,\"ns\":\"jabber:client\",\"attrs\":{\"to\":\"im.example.com\",\"version\":\"1.0\"}}\n"
        );
    }

    #[test]
    fn stanza_line_with_decoded_attributes() {
        assert_eq!(
            in_stream("<iq type='get' id='r&amp;1'><query xmlns='jabber:iq:roster'/></iq>"),
            concat!(
                r#"{"kind":"iq","offset":119,"len":66,"ns":"jabber:client","#,
                r#""attrs":{"type":"get","id":"r&1"},"payloads":[{"ns":"jabber:iq:roster","name":"query"}]}"#,
                "\n"
            )
        );
        assert_eq!(
            in_stream("\n <message to=\"ro&#10;meo\"\txml:lang='zh'><body>你好</body><x:y xmlns:x='urn:x'/></message>"),
            concat!(
                r#"{"kind":"message","offset":121,"len":90,"ns":"jabber:client","#,
                r#""attrs":{"to":"ro\nmeo","xml:lang":"zh"},"payloads":[{"ns":"jabber:client","name":"body"},{"ns":"urn:x","name":"y"}]}"#,
                "\n"
            )
        );
    }

    #[test]
    fn element_line_puts_name_first_and_skips_namespace_declarations() {
        assert_eq!(
            in_stream("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features></stream:stream>"),
            concat!(
                r#"{"kind":"element","name":"features","ns":"http://etherx.jabber.org/streams","offset":119,"len":83,"#,
                r#""attrs":{},"payloads":[{"ns":"urn:ietf:params:xml:ns:xmpp-bind","name":"bind"}]}"#,
                "\n",
                r#"{"kind":"stream-close","offset":202}"#,
                "\n"
            )
        );
    }

    #[test]
    fn websocket_elements_without_namespace_have_empty_ns() {
        let open =
            "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='im.example.com' version='1.0'/>";
        let mut input = String::from(open);
        input.push_str("<a xmlns='' b='1'><c/></a>");
        let all = render(&input, Mode::WebSocket);
        let mut lines = all.lines();
        assert_eq!(
            lines.next(),
            Some(
                r#"{"kind":"element","name":"open","ns":"urn:ietf:params:xml:ns:xmpp-framing","offset":0,"len":85,"attrs":{"to":"im.example.com","version":"1.0"},"payloads":[]}"#
            )
        );
        assert_eq!(
            lines.next(),
            Some(
                r#"{"kind":"element","name":"a","ns":"","offset":85,"len":26,"attrs":{"b":"1"},"payloads":[{"ns":"","name":"c"}]}"#
            )
        );
    }

    #[test]
    fn error_line() {
        let mut out = String::new();
        write_error(&mut out, &StreamError::new(Reason::Comment, 118));
        assert_eq!(
            out,
            "{\"kind\":\"error\",\"condition\":\"restricted-xml\",\"offset\":118}\n"
        );
        assert_eq!(
            in_stream("<presence/><!-- no -->"),
            "{\"kind\":\"presence\",\"offset\":119,\"len\":11,\"ns\":\"jabber:client\",\"attrs\":{},\"payloads\":[]}\n{\"kind\":\"error\",\"condition\":\"restricted-xml\",\"offset\":130}\n"
        );
    }
}
