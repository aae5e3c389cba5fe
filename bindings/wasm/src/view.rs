//! Seeing a frame again from its `xml`, after the parser that made it has moved on.
//!
//! A JavaScript frame is a plain object that outlives the parser's buffer, so the calls that
//! need its element (`toLtx`, `toDOM`, the IQ tracker) give back the frame's `xml` and its
//! stream context, and the core parses it once more. DESIGN.md "Self-contained frames" promises
//! that this works: a frame's bytes re-parse on their own given only the content namespace and
//! the stream prefix, which the context carries.
//!
//! - WebSocket (RFC 7395 §3.3.3): every element declares its namespaces, so the bytes are a
//!   standalone document ([`Mode::Document`]).
//! - TCP: the core's writer opens a stream with the same content namespace and stream prefix,
//!   and the frame's bytes follow it.
//!
//! The core could offer this directly (a validating view over a frame's raw bytes with a given
//! stream scope); until it does, this file is the one place that rebuilds the context.

use wasm_bindgen::prelude::wasm_bindgen;
use xmpp_wire::config::{ATTRIBUTE_CAPACITY, DEPTH_CAPACITY, NAMESPACE_CAPACITY};
use xmpp_wire::frame::Node;
use xmpp_wire::namespace::known::{STREAMS, XMLNS};
use xmpp_wire::writer::StreamHeader;
use xmpp_wire::{jsonl, Config, Element, Frame, Limits, Mode, StreamError, StreamParser, Writer};

use crate::record::thrown;

/// Where a frame came from: its stream's framing, content namespace and stream prefix.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The parser's framing mode.
    pub mode: Mode,
    /// The content namespace of the stream header (TCP only), `""` if none.
    pub content_ns: &'a str,
    /// The prefix bound to the stream namespace on the header (TCP only).
    pub stream_prefix: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// The context named by the strings JavaScript keeps beside each frame.
    pub fn from_js(
        mode: &str,
        content_ns: &'a str,
        stream_prefix: Option<&'a str>,
    ) -> Option<Self> {
        Some(Context {
            mode: Mode::from_name(mode)?,
            content_ns,
            stream_prefix,
        })
    }
}

/// Why a frame could not be seen again.
#[derive(Debug)]
pub enum ViewError {
    /// The bytes do not parse (they were not a frame of such a stream).
    Stream(StreamError),
    /// They parse, but to something other than one element.
    NotAnElement,
}

/// Parses `xml` as a frame of a stream with `context` and calls `f` with it.
pub fn with_frame<R>(
    context: Context<'_>,
    xml: &str,
    f: impl FnOnce(&Frame<'_>) -> R,
) -> Result<R, ViewError> {
    let limits = Limits {
        // The first parser checked the limits already; here only the capacity matters.
        max_stanza_size: xml.len().max(1),
        max_depth: DEPTH_CAPACITY,
        max_attributes: ATTRIBUTE_CAPACITY,
        max_namespaces: NAMESPACE_CAPACITY,
    };
    let header = match context.mode {
        Mode::Tcp => stream_header(context).map_err(|_| ViewError::NotAnElement)?,
        Mode::WebSocket | Mode::Document => Vec::new(),
    };
    let mode = match context.mode {
        Mode::Tcp => Mode::Tcp,
        Mode::WebSocket | Mode::Document => Mode::Document,
    };
    let config = Config {
        limits: Limits {
            max_stanza_size: limits.max_stanza_size.max(header.len()),
            ..limits
        },
        mode,
        ..Config::default()
    };
    let mut parser = StreamParser::new(vec![0u8; header.len() + xml.len() + 1], config);
    if !header.is_empty() {
        parser.feed(&header);
        match parser.next_frame().map_err(ViewError::Stream)? {
            Some(Frame::StreamOpen(_)) => {}
            _ => return Err(ViewError::NotAnElement),
        }
    }
    parser.feed(xml.as_bytes());
    let result = match parser.next_frame().map_err(ViewError::Stream)? {
        Some(frame @ (Frame::Stanza(_) | Frame::Element(_))) => f(&frame),
        _ => return Err(ViewError::NotAnElement),
    };
    Ok(result)
}

/// A stream header with the context's content namespace and stream prefix, written by the core.
fn stream_header(context: Context<'_>) -> Result<Vec<u8>, xmpp_wire::WriteError> {
    let mut writer = Writer::new(Vec::new());
    match context.stream_prefix {
        None | Some("stream") => writer.stream_open(&StreamHeader {
            ns: context.content_ns,
            ..StreamHeader::default()
        })?,
        Some(prefix) => {
            // The writer's stream header always binds `stream`; another prefix is written as an
            // element left open, its start tag closed by a whitespace text (RFC 6120 §11.7
            // allows whitespace between top-level elements).
            let qname = format!("{prefix}:stream");
            writer.start(&qname)?;
            if !context.content_ns.is_empty() {
                writer.ns(context.content_ns)?;
            }
            writer
                .ns_prefix(prefix, STREAMS)?
                .attr("version", "1.0")?
                .text(" ")?;
        }
    }
    Ok(writer.into_sink())
}

/// The element of a frame as a JSON tree (`js/index.js` builds ltx or DOM elements from it).
///
/// An element is `[ns, qname, attrs, child…]`; `attrs` is a flat array
/// `[qname, ns, value, …]` with namespace declarations included (their `ns` is the XMLNS
/// namespace) and values decoded; a child is an element or a string of decoded text. The top
/// element also declares what it inherits from the stream header (its default namespace and
/// its own prefix), so that the tree stands alone.
#[wasm_bindgen(js_name = frameTree)]
pub fn frame_tree(
    xml: &str,
    mode: &str,
    content_ns: &str,
    stream_prefix: Option<String>,
) -> Result<String, String> {
    let context = Context::from_js(mode, content_ns, stream_prefix.as_deref())
        .ok_or_else(|| thrown::unknown("mode", mode))?;
    let mut out = String::new();
    with_frame(context, xml, |frame| {
        if let Some(element) = frame.element() {
            tree(&mut out, element, true);
        }
    })
    .map_err(view_error)?;
    Ok(out)
}

/// The record thrown for a frame that cannot be seen again (`record::thrown`).
pub fn view_error(error: ViewError) -> String {
    match error {
        ViewError::Stream(error) => thrown::stream(&error),
        ViewError::NotAnElement => thrown::type_error("the xml is not one top-level element"),
    }
}

fn tree(out: &mut String, element: &Element<'_>, top: bool) {
    out.push('[');
    write_value(out, element.ns());
    out.push(',');
    jsonl::write_str(out, element.qname());
    out.push_str(",[");
    let mut first = true;
    let mut attr = |out: &mut String, name: &str, ns: &str, value: &str| {
        if !first {
            out.push(',');
        }
        first = false;
        for s in [name, ns, value] {
            jsonl::write_str(out, s);
            out.push(',');
        }
        out.pop();
    };
    if top {
        let declared: Vec<&str> = element.namespace_declarations().map(|(p, _)| p).collect();
        let inherited = core::iter::once("").chain(element.prefix());
        for prefix in inherited.filter(|prefix| !declared.contains(prefix)) {
            if let Some(uri) = element
                .resolve_prefix(prefix)
                .filter(|uri| !uri.raw().is_empty())
            {
                attr(out, &declaration(prefix), XMLNS, &decoded(uri));
            }
        }
    }
    for (prefix, uri) in element.namespace_declarations() {
        attr(out, &declaration(prefix), XMLNS, &decoded(uri));
    }
    for a in element.attrs() {
        let ns = match a.prefix() {
            Some(prefix) => element
                .resolve_prefix(prefix)
                .map(decoded)
                .unwrap_or_default(),
            // Namespaces 1.0 §6.2: an unprefixed attribute is in no namespace.
            None => String::new(),
        };
        attr(out, a.name(), &ns, &decoded(a.value()));
    }
    out.push(']');
    for node in element.nodes() {
        out.push(',');
        match node {
            Node::Element(child) => tree(out, &child, false),
            Node::Text(text) => write_value(out, text),
        }
    }
    out.push(']');
}

/// The attribute name that declares `prefix` (`""`: the default namespace).
fn declaration(prefix: &str) -> String {
    if prefix.is_empty() {
        String::from("xmlns")
    } else {
        format!("xmlns:{prefix}")
    }
}

fn decoded(v: xmpp_wire::Value<'_>) -> String {
    match v.as_plain() {
        Some(plain) => String::from(plain),
        None => v.chars().collect(),
    }
}

fn write_value(out: &mut String, v: xmpp_wire::Value<'_>) {
    match v.as_plain() {
        Some(plain) => jsonl::write_str(out, plain),
        None => jsonl::write_str(out, &v.chars().collect::<String>()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tcp_frame_declares_what_it_inherits() {
        let tree = frame_tree(
            "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
            "tcp",
            "jabber:client",
            Some(String::from("stream")),
        );
        assert_eq!(
            tree.as_deref(),
            Ok("[\"http://etherx.jabber.org/streams\",\"stream:features\",\
                [\"xmlns\",\"http://www.w3.org/2000/xmlns/\",\"jabber:client\",\
                \"xmlns:stream\",\"http://www.w3.org/2000/xmlns/\",\"http://etherx.jabber.org/streams\"],\
                [\"urn:ietf:params:xml:ns:xmpp-bind\",\"bind\",\
                [\"xmlns\",\"http://www.w3.org/2000/xmlns/\",\"urn:ietf:params:xml:ns:xmpp-bind\"]]]")
        );
    }

    #[test]
    fn text_is_decoded_and_attributes_carry_their_namespace() {
        let tree = frame_tree(
            "<message xml:lang='en'><body>a &amp; <![CDATA[<b>]]></body></message>",
            "tcp",
            "jabber:client",
            Some(String::from("s")),
        );
        assert_eq!(
            tree.as_deref(),
            Ok("[\"jabber:client\",\"message\",\
                [\"xmlns\",\"http://www.w3.org/2000/xmlns/\",\"jabber:client\",\
                \"xml:lang\",\"http://www.w3.org/XML/1998/namespace\",\"en\"],\
                [\"jabber:client\",\"body\",[],\"a & \",\"<b>\"]]")
        );
    }

    #[test]
    fn websocket_frames_stand_alone_and_bad_bytes_are_refused() {
        let tree = frame_tree("<presence xmlns='jabber:client'/>", "websocket", "", None);
        assert_eq!(
            tree.as_deref(),
            Ok("[\"jabber:client\",\"presence\",[\"xmlns\",\"http://www.w3.org/2000/xmlns/\",\"jabber:client\"]]")
        );
        assert!(frame_tree("<presence>", "websocket", "", None).is_err());
        assert!(frame_tree("<a/>", "bosh", "", None).is_err());
    }
}
