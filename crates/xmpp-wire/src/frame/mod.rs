//! Frames: zero-copy views of what the parser found at the top level of a stream.
//!
//! Every view borrows the parser's buffer, so it is valid until the next call on the parser;
//! the borrow checker enforces it. Views decode nothing until asked.

pub mod attrs;
pub mod check;
pub(crate) mod index;
pub mod payload;
pub mod stanza;

use crate::namespace::known::STREAMS;
use crate::value::{Value, ValueKind};

pub use attrs::{Attr, Attrs};
pub use check::IqProblem;
pub(crate) use index::ElementIndex;
pub use payload::{Children, Node, Nodes};
pub use stanza::{IqType, MessageType, PresenceType, Stanza, StanzaKind, StanzaType};

/// A complete unit of the stream, in the order the bytes carry them.
#[derive(Clone, Debug)]
pub enum Frame<'a> {
    /// A stream header `<stream:stream …>` (also after a restart, RFC 6120 §4.3.3).
    StreamOpen(StreamOpen<'a>),
    /// A `message`, `presence` or `iq` in `jabber:client`, `jabber:server` or
    /// `jabber:component:accept`.
    Stanza(Stanza<'a>),
    /// Any other top-level element: features, SASL, STARTTLS, stream management, stream errors,
    /// WebSocket `open`/`close`.
    Element(Element<'a>),
    /// The stream's closing tag `</stream:stream>`.
    StreamClose(StreamClose<'a>),
}

impl<'a> Frame<'a> {
    /// The JSONL v1 kind: `stream-open`, `message`, `presence`, `iq`, `element` or `stream-close`.
    pub fn kind_str(&self) -> &'static str {
        match self {
            Frame::StreamOpen(_) => "stream-open",
            Frame::Stanza(stanza) => stanza.kind().as_str(),
            Frame::Element(_) => "element",
            Frame::StreamClose(_) => "stream-close",
        }
    }

    /// Byte offset of the frame's `<` from the start of the stream.
    pub fn offset(&self) -> u64 {
        match self {
            Frame::StreamOpen(open) => open.offset(),
            Frame::Stanza(stanza) => stanza.offset(),
            Frame::Element(element) => element.offset(),
            Frame::StreamClose(close) => close.offset(),
        }
    }

    /// The frame's bytes exactly as received: the whole element, or the stream's start or end tag.
    pub fn raw(&self) -> &'a [u8] {
        match self {
            Frame::StreamOpen(open) => open.raw(),
            Frame::Stanza(stanza) => stanza.raw(),
            Frame::Element(element) => element.raw(),
            Frame::StreamClose(close) => close.raw(),
        }
    }

    /// The element view of a stanza or other top-level element.
    pub fn element(&self) -> Option<&Element<'a>> {
        match self {
            Frame::Stanza(stanza) => Some(stanza.element()),
            Frame::Element(element) => Some(element),
            _ => None,
        }
    }
}

/// What a top-level element inherits from the stream header (DESIGN.md: only the content
/// namespace and the stream prefix, so every frame re-parses on its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamScope<'a> {
    /// The content namespace: `jabber:client`, `jabber:server`, `jabber:component:accept` or `""`.
    pub content_ns: &'static str,
    /// The prefix bound to `http://etherx.jabber.org/streams` on the header, if any.
    pub stream_prefix: Option<&'a str>,
}

impl<'a> StreamScope<'a> {
    /// No inherited namespaces: WebSocket framing, where each element stands alone.
    pub const NONE: StreamScope<'static> = StreamScope {
        content_ns: "",
        stream_prefix: None,
    };

    fn resolve(&self, prefix: &str) -> Option<Value<'a>> {
        if prefix.is_empty() {
            return Some(Value::new(self.content_ns, ValueKind::Attribute));
        }
        (self.stream_prefix == Some(prefix)).then_some(Value::new(STREAMS, ValueKind::Attribute))
    }
}

/// Where an element's unresolved prefixes are looked up next.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Scope<'a> {
    Stream(StreamScope<'a>),
    Parent(&'a Element<'a>),
}

impl<'a> Scope<'a> {
    fn resolve(&self, prefix: &str) -> Option<Value<'a>> {
        match self {
            Scope::Stream(stream) => stream.resolve(prefix),
            Scope::Parent(parent) => parent.resolve_prefix(prefix),
        }
    }
}

/// An element: a top-level element of the stream or any element inside one.
///
/// ```text
/// <iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>
/// ------------------------------------------------------------- raw()
///  --                                                           name()
///                        ---------------------------------      payloads().next().raw()
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Element<'a> {
    raw: &'a [u8],
    offset: u64,
    name: &'a str,
    /// Start tag bytes after the name, up to (not including) `>` or `/>`.
    tag_rest: &'a [u8],
    /// Bytes between the start tag and the end tag.
    content: &'a [u8],
    content_offset: usize,
    scope: Scope<'a>,
    index: Option<&'a ElementIndex>,
}

impl<'a> Element<'a> {
    /// A view of the validated element `raw`, which starts at stream offset `offset`.
    pub(crate) fn new(raw: &'a [u8], offset: u64, scope: Scope<'a>) -> Element<'a> {
        let name_len = raw[1..]
            .iter()
            .position(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
            .unwrap_or(raw.len() - 1);
        let tag_end = start_tag_end(raw, 1 + name_len);
        Element::from_parts(raw, offset, scope, name_len, tag_end)
    }

    /// A top-level element, with what the framer recorded while scanning it.
    pub(crate) fn indexed(
        raw: &'a [u8],
        offset: u64,
        scope: Scope<'a>,
        index: &'a ElementIndex,
    ) -> Element<'a> {
        let mut element = Element::from_parts(
            raw,
            offset,
            scope,
            index.name_len as usize,
            index.start_tag_len as usize,
        );
        element.index = Some(index);
        element
    }

    fn from_parts(
        raw: &'a [u8],
        offset: u64,
        scope: Scope<'a>,
        name_len: usize,
        tag_end: usize,
    ) -> Element<'a> {
        let name = as_str(&raw[1..1 + name_len]);
        let empty = raw[tag_end - 2] == b'/';
        let tag_rest = &raw[1 + name_len..tag_end - if empty { 2 } else { 1 }];
        let (content, content_offset) = if empty || tag_end >= raw.len() {
            (&raw[tag_end..tag_end], tag_end)
        } else {
            let end_tag = memchr::memrchr(b'<', raw).unwrap_or(tag_end).max(tag_end);
            (&raw[tag_end..end_tag], tag_end)
        };
        Element {
            raw,
            offset,
            name,
            tag_rest,
            content,
            content_offset,
            scope,
            index: None,
        }
    }

    /// The element's bytes exactly as received, from `<` through the last `>`.
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Byte offset of the element's `<` from the start of the stream.
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// Length of [`raw`](Self::raw) in bytes.
    pub const fn len(&self) -> usize {
        self.raw.len()
    }

    /// Always `false`: an element has at least `<x/>`. Present for symmetry with `len`.
    pub const fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The qualified name as written, e.g. `stream:features`.
    pub const fn qname(&self) -> &'a str {
        self.name
    }

    /// The local name (after the prefix), e.g. `features`.
    pub fn name(&self) -> &'a str {
        split_qname(self.name).1
    }

    /// The prefix as written, if any.
    pub fn prefix(&self) -> Option<&'a str> {
        split_qname(self.name).0
    }

    /// The element's namespace name; empty for no namespace.
    pub fn ns(&self) -> Value<'a> {
        self.resolve_prefix(self.prefix().unwrap_or(""))
            .unwrap_or(Value::new("", ValueKind::Attribute))
    }

    /// The bytes between the start tag and the end tag (empty for `<x/>`).
    pub const fn content(&self) -> &'a [u8] {
        self.content
    }
}

/// A qualified name's prefix and local part. The colon is ASCII, so both halves are `str`.
pub(crate) fn split_qname(qname: &str) -> (Option<&str>, &str) {
    match qname.bytes().position(|b| b == b':') {
        Some(colon) => (Some(&qname[..colon]), &qname[colon + 1..]),
        None => (None, qname),
    }
}

/// The end of the start tag (one past its `>`), skipping quoted attribute values, which may hold `>`.
fn start_tag_end(raw: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(found) = memchr::memchr3(b'>', b'"', b'\'', &raw[at..]) {
        let i = at + found;
        if raw[i] == b'>' {
            return i + 1;
        }
        let quote = raw[i];
        at = match memchr::memchr(quote, &raw[i + 1..]) {
            Some(close) => i + 2 + close,
            None => raw.len(),
        };
    }
    raw.len()
}

/// A slice of a frame as `str`, without checking it again.
///
/// Measured: re-validating with `core::str::from_utf8` took a fifth of the time of framing the
/// `tiny` profile and reading each stanza's routing attributes (benches/README.md).
#[allow(unsafe_code)]
pub(crate) fn as_str(bytes: &[u8]) -> &str {
    debug_assert!(
        core::str::from_utf8(bytes).is_ok(),
        "frame bytes are validated UTF-8"
    );
    // SAFETY: the tokenizer checks every byte of an item for UTF-8 before the framer completes
    // it (`tokenizer::scan::check_run` for text and attribute values, `tokenizer::utf8` for
    // names and references; markup is ASCII), and views cut frames only next to ASCII delimiters
    // (`<`, `>`, `=`, quotes, whitespace, `:`, `;`), so every slice holds whole characters.
    unsafe { core::str::from_utf8_unchecked(bytes) }
}

/// A stream header: `<stream:stream …>` (RFC 6120 §4.7).
///
/// ```text
/// <stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' version='1.0'>
/// ---------------------------------------------------------------------------------------------------------------------- raw()
///                                                                                          --------------              to()
/// ```
#[derive(Clone, Copy, Debug)]
pub struct StreamOpen<'a> {
    raw: &'a [u8],
    offset: u64,
    tag_rest: &'a [u8],
    scope: StreamScope<'a>,
}

impl<'a> StreamOpen<'a> {
    pub(crate) fn new(raw: &'a [u8], offset: u64, scope: StreamScope<'a>) -> StreamOpen<'a> {
        let name_len = raw[1..]
            .iter()
            .position(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
            .unwrap_or(raw.len() - 1);
        let end = raw.len() - 1;
        StreamOpen {
            raw,
            offset,
            tag_rest: &raw[1 + name_len..end],
            scope,
        }
    }

    /// The start tag's bytes exactly as received.
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Byte offset of the start tag's `<` (not of an XML declaration before it).
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// The content namespace declared as default: `jabber:client`, `jabber:server`,
    /// `jabber:component:accept`, or `""` when none is declared.
    pub const fn ns(&self) -> &'static str {
        self.scope.content_ns
    }

    /// The prefix bound to `http://etherx.jabber.org/streams`, usually `stream`.
    pub const fn stream_prefix(&self) -> Option<&'a str> {
        self.scope.stream_prefix
    }

    /// The attributes as written, without namespace declarations.
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs {
            raw: attrs::RawAttrs::new(self.tag_rest),
        }
    }

    /// The attribute whose qualified name is `name`.
    pub fn attr(&self, name: &str) -> Option<Value<'a>> {
        attrs::RawAttrs::new(self.tag_rest)
            .find(|attr| attr.name() == name)
            .map(|attr| attr.value())
    }

    /// `to`: the entity the stream is addressed to (RFC 6120 §4.7.2).
    pub fn to(&self) -> Option<Value<'a>> {
        self.attr("to")
    }

    /// `from`: the entity that opened the stream (RFC 6120 §4.7.1).
    pub fn from(&self) -> Option<Value<'a>> {
        self.attr("from")
    }

    /// `id`: the stream ID a receiving entity assigns (RFC 6120 §4.7.3).
    pub fn id(&self) -> Option<Value<'a>> {
        self.attr("id")
    }

    /// `version`: absent for pre-1.0 streams, which the caller may refuse (RFC 6120 §4.7.5).
    pub fn version(&self) -> Option<Value<'a>> {
        self.attr("version")
    }

    /// `xml:lang`: the stream's default language (RFC 6120 §4.7.4).
    pub fn lang(&self) -> Option<Value<'a>> {
        self.attr("xml:lang")
    }
}

/// The stream's closing tag (RFC 6120 §4.4).
#[derive(Clone, Copy, Debug)]
pub struct StreamClose<'a> {
    raw: &'a [u8],
    offset: u64,
}

impl<'a> StreamClose<'a> {
    pub(crate) const fn new(raw: &'a [u8], offset: u64) -> StreamClose<'a> {
        StreamClose { raw, offset }
    }

    /// The end tag's bytes exactly as received.
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Byte offset of the end tag's `<`.
    pub const fn offset(&self) -> u64 {
        self.offset
    }
}
