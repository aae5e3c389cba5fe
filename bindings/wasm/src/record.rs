//! Frame records: the JSON text that carries a feed's frames to JavaScript in one value.
//!
//! Each frame is a JSON array whose first item is its kind, the rest its fields by position
//! (`js/index.js` names them). Positions instead of keys keep the text short and let one
//! `JSON.parse` call build every frame of a feed. Absent attributes are `null`. Strings are
//! escaped by the core's frames JSONL renderer ([`jsonl::write_str`]), so a value reads the same
//! here as in `xmpp-wire frames`.
//!
//! | kind | fields after the kind |
//! |---|---|
//! | `stream-open` | offset, ns, attrs, xml, stream prefix |
//! | `message`, `presence`, `iq` | offset, len, ns, attrs, payloads, problem, xml |
//! | `element` | name, ns, offset, len, attrs, payloads, xml |
//! | `stream-close` | offset, xml |
//! | `error` | condition, offset, reason |
//! | `stalled` | offset (the core took no byte and gave no frame: a bug, never expected) |
//!
//! `attrs` is an object (qualified name to decoded value, namespace declarations left out) and
//! `payloads` an array of `{"ns":…,"name":…}`, as in frames JSONL v1 (DESIGN.md). The routing
//! attributes (`to`, `from`, `id`, `type`, `version`, `xml:lang`) are not sent twice: the core's
//! `Stanza::to()` and its siblings are the attribute of that name, which `js/index.js` reads
//! from `attrs`. Measured on the `tiny` corpus profile, the duplicates cost a tenth of a feed.

use core::fmt::Write as _;

use xmpp_wire::frame::{Attrs, Element};
use xmpp_wire::{jsonl, Frame, StreamError, Value};

/// Appends the record of `frame`, preceded by a comma unless it is the first.
pub fn frame(out: &mut String, frame: &Frame<'_>) {
    open(out, frame.kind_str());
    match frame {
        Frame::StreamOpen(open) => {
            number(out, open.offset());
            string(out, open.ns());
            attrs(out, open.attrs());
            raw(out, open.raw());
            out.push(',');
            match open.stream_prefix() {
                Some(prefix) => jsonl::write_str(out, prefix),
                None => out.push_str("null"),
            }
        }
        Frame::Stanza(stanza) => {
            let element = stanza.element();
            number(out, element.offset());
            number(out, element.len() as u64);
            value(out, &element.ns());
            attrs(out, element.attrs());
            payloads(out, element);
            match stanza.problem() {
                Some(problem) => string(out, problem.message()),
                None => out.push_str(",null"),
            }
            raw(out, element.raw());
        }
        Frame::Element(element) => {
            string(out, element.name());
            value(out, &element.ns());
            number(out, element.offset());
            number(out, element.len() as u64);
            attrs(out, element.attrs());
            payloads(out, element);
            raw(out, element.raw());
        }
        Frame::StreamClose(close) => {
            number(out, close.offset());
            raw(out, close.raw());
        }
    }
    out.push(']');
}

/// Appends the record of a stream error.
pub fn error(out: &mut String, error: &StreamError) {
    open(out, "error");
    string(out, error.condition().as_str());
    number(out, error.offset());
    string(out, error.reason().message());
    out.push(']');
}

/// Appends the record that says the core stopped taking input at stream offset `offset`.
pub fn stalled(out: &mut String, offset: u64) {
    open(out, "stalled");
    number(out, offset);
    out.push(']');
}

fn open(out: &mut String, kind: &str) {
    if !out.is_empty() && !out.ends_with('[') {
        out.push(',');
    }
    out.push('[');
    jsonl::write_str(out, kind);
}

fn number(out: &mut String, n: u64) {
    // Writing into a `String` cannot fail. Offsets stay below 2^53, where JSON numbers are exact
    // in JavaScript: that is 8 PiB of one stream.
    let _ = write!(out, ",{n}");
}

fn string(out: &mut String, s: &str) {
    out.push(',');
    jsonl::write_str(out, s);
}

/// The frame's bytes as a string. The tokenizer validated them as UTF-8, so the lossy
/// conversion never replaces anything; it only avoids a second `unwrap`.
fn raw(out: &mut String, bytes: &[u8]) {
    string(out, &String::from_utf8_lossy(bytes));
}

/// A decoded value: the raw slice when nothing needs decoding (the core's no-copy fast path).
fn value(out: &mut String, v: &Value<'_>) {
    out.push(',');
    write_value(out, v);
}

fn write_value(out: &mut String, v: &Value<'_>) {
    match v.as_plain() {
        Some(plain) => jsonl::write_str(out, plain),
        None => jsonl::write_str(out, &v.chars().collect::<String>()),
    }
}

fn attrs(out: &mut String, attrs: Attrs<'_>) {
    out.push_str(",{");
    for (i, attr) in attrs.enumerate() {
        if i > 0 {
            out.push(',');
        }
        jsonl::write_str(out, attr.name());
        out.push(':');
        write_value(out, &attr.value());
    }
    out.push('}');
}

fn payloads(out: &mut String, element: &Element<'_>) {
    out.push_str(",[");
    for (i, payload) in element.payloads().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"ns\":");
        write_value(out, &payload.ns());
        out.push_str(",\"name\":");
        jsonl::write_str(out, payload.name());
        out.push('}');
    }
    out.push(']');
}

/// What a call throws to `js/index.js`, as one record (a JSON text) that it turns into the
/// matching `Error` subclass:
///
/// | record | thrown in JavaScript as |
/// |---|---|
/// | `["error", condition, offset, reason]` | `StreamError` |
/// | `["write-error", kind, detail, message]` | `WriteError` (`detail`: byte index or needed length) |
/// | `["track-error", kind, message]` | `TrackError` |
/// | `["type-error", message]` | `TypeError` (an argument JavaScript's types cannot rule out) |
pub mod thrown {
    use xmpp_wire::{jsonl, StreamError, TrackError, WriteError};

    /// A stream error found while parsing a payload or a frame's `xml` again.
    pub fn stream(error: &StreamError) -> String {
        let mut out = String::new();
        super::error(&mut out, error);
        out
    }

    /// A writer error. Kinds are the variant names in kebab case, as the other bindings use.
    pub fn write(error: &WriteError) -> String {
        let kind = error.as_str();
        let detail = match *error {
            WriteError::BufferTooSmall { needed } => needed,
            WriteError::InvalidChar { index } => index,
            _ => 0,
        };
        let mut out = String::from("[\"write-error\",");
        jsonl::write_str(&mut out, kind);
        out.push_str(&format!(",{detail},"));
        jsonl::write_str(&mut out, &error.to_string());
        out.push(']');
        out
    }

    /// A tracker error.
    pub fn track(error: TrackError) -> String {
        let kind = error.as_str();
        let mut out = String::from("[\"track-error\",");
        jsonl::write_str(&mut out, kind);
        out.push(',');
        jsonl::write_str(&mut out, error.message());
        out.push(']');
        out
    }

    /// A name the core does not know: `unknown WHAT 'VALUE'`.
    pub fn unknown(what: &str, value: &str) -> String {
        // Plain pushes: `format!("{value:?}")` would bring `Debug` and its Unicode tables
        // into the module (some 3 KB).
        let mut message = String::from("unknown ");
        message.push_str(what);
        message.push_str(" '");
        message.push_str(value);
        message.push('\'');
        type_error(&message)
    }

    /// An argument of the right JavaScript type but a value the core does not know.
    pub fn type_error(message: &str) -> String {
        let mut out = String::from("[\"type-error\",");
        jsonl::write_str(&mut out, message);
        out.push(']');
        out
    }
}

#[cfg(test)]
mod tests {
    use xmpp_wire::{Config, Mode, StreamParser};

    const HEADER: &str = "<stream:stream xmlns='jabber:client' \
        xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' version='1.0'>";

    fn records(input: &str, mode: Mode) -> String {
        let config = Config {
            mode,
            ..Config::default()
        };
        let mut parser = StreamParser::new(vec![0u8; 4096], config);
        parser.feed(input.as_bytes());
        let mut out = String::from("[");
        loop {
            match parser.next_frame() {
                Ok(Some(frame)) => super::frame(&mut out, &frame),
                Ok(None) => break,
                Err(error) => {
                    super::error(&mut out, &error);
                    break;
                }
            }
        }
        out.push(']');
        out
    }

    #[test]
    fn every_kind_and_the_error_by_position() {
        let input = format!(
            "{HEADER}<iq type='get' id='r&amp;1'/><stream:features><x xmlns='urn:x'/></stream:features></stream:stream>"
        );
        let header = HEADER;
        assert_eq!(
            records(&input, Mode::Tcp),
            format!(
                "[[\"stream-open\",0,\"jabber:client\",{{\"to\":\"im.example.com\",\"version\":\"1.0\"}},\"{header}\",\"stream\"],\
                 [\"iq\",119,29,\"jabber:client\",{{\"type\":\"get\",\"id\":\"r&1\"}},[],\"iq get or set must have exactly one payload\",\"<iq type='get' id='r&amp;1'/>\"],\
                 [\"element\",\"features\",\"http://etherx.jabber.org/streams\",148,53,{{}},[{{\"ns\":\"urn:x\",\"name\":\"x\"}}],\"<stream:features><x xmlns='urn:x'/></stream:features>\"],\
                 [\"stream-close\",201,\"</stream:stream>\"]]"
            )
        );
        assert_eq!(
            records(&format!("{HEADER}<!-- x -->"), Mode::Tcp),
            format!(
                "[[\"stream-open\",0,\"jabber:client\",{{\"to\":\"im.example.com\",\"version\":\"1.0\"}},\"{header}\",\"stream\"],\
                 [\"error\",\"restricted-xml\",119,\"comments are not allowed in XMPP (RFC 6120 §11.1)\"]]"
            )
        );
    }

    #[test]
    fn thrown_records() {
        use xmpp_wire::WriteError;
        assert_eq!(
            super::thrown::write(&WriteError::InvalidChar { index: 3 }),
            "[\"write-error\",\"invalid-char\",3,\"character XML cannot carry at byte 3\"]"
        );
        assert_eq!(
            super::thrown::unknown("mode", "bo\"sh"),
            "[\"type-error\",\"unknown mode 'bo\\\"sh'\"]"
        );
    }
}
