//! The writer: stream headers, stanzas, payload elements and text, stream errors and the
//! closing tag, into any [`Sink`].
//!
//! Every name is checked (`QName`, Namespaces 1.0 §4), every value escaped (see
//! [`escape`]), and a character XML cannot carry is refused, so what the writer
//! produces parses back to the same values. A refused call writes nothing, and the writer can
//! go on. A failure of the sink itself is final: the output is cut short, so every later call
//! returns the same error.
//!
//! ```
//! use xmpp_wire::{ns, writer::StanzaHeader, SliceSink, Writer};
//!
//! let mut buf = [0u8; 128];
//! let mut w = Writer::new(SliceSink::new(&mut buf));
//! w.iq(&StanzaHeader { id: Some("r1"), stanza_type: Some("get"), ..StanzaHeader::default() })?;
//! w.start("query")?.ns(ns::ROSTER)?.end()?;
//! w.end()?;
//! w.finish()?;
//! assert_eq!(w.sink().written(), b"<iq id='r1' type='get'><query xmlns='jabber:iq:roster'/></iq>");
//! # Ok::<(), xmpp_wire::WriteError>(())
//! ```

pub mod reply;
pub mod sink;

#[cfg(feature = "std")]
pub use sink::IoSink;
pub use sink::{Sink, SliceSink};

use crate::config::Mode;
use crate::error::{Condition, WriteError};
use crate::escape::{self, Context};
use crate::namespace::known::{FRAMING, JABBER_CLIENT, STREAMS, XML, XMLNS, XMPP_STREAMS};
use crate::value::Value;

/// How deep elements may nest in one [`Writer`] (each open element's name is kept for its end tag).
pub const MAX_DEPTH: usize = 32;
/// How many bytes the names of all open elements may take together.
pub const MAX_NAME_BYTES: usize = 512;

/// The attributes of a stream header (RFC 6120 §4.7).
///
/// `Default` gives a client stream (`jabber:client`) of version 1.0 with no addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamHeader<'a> {
    /// `to`: the entity the stream is addressed to (§4.7.2).
    pub to: Option<&'a str>,
    /// `from`: the entity opening the stream (§4.7.1).
    pub from: Option<&'a str>,
    /// `id`: the stream ID, set by the receiving entity in its response header (§4.7.3).
    pub id: Option<&'a str>,
    /// `version`: `"1.0"` for RFC 6120 streams; `None` for a pre-1.0 stream (§4.7.5).
    pub version: Option<&'a str>,
    /// `xml:lang`: the default language of the stream (§4.7.4).
    pub lang: Option<&'a str>,
    /// The content namespace declared as default (§4.8.2), usually `jabber:client` or
    /// `jabber:server`; `""` declares none. Not written in WebSocket mode, where each
    /// top-level element carries its own (RFC 7395 §3.3.3).
    pub ns: &'a str,
}

impl Default for StreamHeader<'_> {
    fn default() -> Self {
        StreamHeader {
            to: None,
            from: None,
            id: None,
            version: Some("1.0"),
            lang: None,
            ns: JABBER_CLIENT,
        }
    }
}

/// The routing attributes common to `message`, `presence` and `iq` (RFC 6120 §8.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StanzaHeader<'a> {
    /// `to`: the intended recipient (§8.1.1).
    pub to: Option<&'a str>,
    /// `from`: the sender (§8.1.2); servers stamp it on client stanzas.
    pub from: Option<&'a str>,
    /// `id`: matches replies to requests (§8.1.3); required on an `iq`.
    pub id: Option<&'a str>,
    /// `type`, e.g. `"get"`, `"chat"`, `"unavailable"` (§8.1.4).
    pub stanza_type: Option<&'a str>,
    /// `xml:lang` (§8.1.5).
    pub lang: Option<&'a str>,
}

/// A value to write: a caller's string, or a received value decoded on the way.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Src<'a> {
    Str(&'a str),
    Value(Value<'a>),
}

impl Src<'_> {
    /// The string itself when no decoding is needed (`""` stays `""`).
    fn plain(&self) -> Option<&str> {
        match *self {
            Src::Str(s) => Some(s),
            Src::Value(value) => value.as_plain(),
        }
    }

    fn check(&self) -> Result<(), WriteError> {
        match *self {
            Src::Value(value) if value.as_plain().is_none() => {
                escape::check_char_iter(value.chars())
            }
            _ => escape::check_chars(self.plain().unwrap_or_default()),
        }
    }

    /// Writes the escaped value; the caller has checked it.
    fn write<S: Sink + ?Sized>(&self, sink: &mut S, context: Context) -> Result<(), WriteError> {
        match *self {
            Src::Value(value) if value.as_plain().is_none() => {
                escape::write_escaped_chars(sink, value.chars(), context)
            }
            _ => escape::write_escaped(sink, self.plain().unwrap_or_default(), context),
        }
    }
}

/// Builds XML into a [`Sink`], one verb at a time, keeping track of open elements.
///
/// An element written with [`start`](Self::start) takes attributes and namespace declarations
/// until content follows; [`end`](Self::end) closes it with `/>` when it got none, with its end
/// tag otherwise. [`finish`](Self::finish) ends a unit of output (a stanza, a header) and
/// refuses it if an element is still open.
///
/// ```
/// use xmpp_wire::{writer::StanzaHeader, SliceSink, Writer};
///
/// let mut buf = [0u8; 128];
/// let mut w = Writer::new(SliceSink::new(&mut buf));
/// let to = StanzaHeader { to: Some("juliet@example.com"), stanza_type: Some("chat"), ..Default::default() };
/// w.message(&to)?.element("body", "1 < 2 & 'quotes'")?.end()?;
/// w.finish()?;
/// assert_eq!(
///     w.sink().written(),
///     b"<message to='juliet@example.com' type='chat'><body>1 &lt; 2 &amp; 'quotes'</body></message>"
/// );
/// # Ok::<(), xmpp_wire::WriteError>(())
/// ```
#[derive(Debug)]
pub struct Writer<S: Sink> {
    sink: S,
    mode: Mode,
    /// Names of the open elements, back to back, for their end tags.
    names: heapless::Vec<u8, MAX_NAME_BYTES>,
    /// Where each open element's name starts in `names`.
    open: heapless::Vec<u16, MAX_DEPTH>,
    /// The innermost start tag is not closed yet: it still takes attributes.
    in_start_tag: bool,
    /// The innermost start tag already declares a default namespace.
    declared_default_ns: bool,
    /// A sink failure, which cut the output short: every later call returns it.
    failed: Option<WriteError>,
}

/// The calls do not form balanced, well-ordered XML: `end` or an attribute with no open start
/// tag, `finish` or a stream-level verb with elements open, a second default namespace.
const fn out_of_order() -> WriteError {
    WriteError::Unbalanced
}

/// More open elements, or longer open names, than [`MAX_DEPTH`] and [`MAX_NAME_BYTES`] allow.
const fn too_deep() -> WriteError {
    WriteError::TooDeep
}

impl<S: Sink> Writer<S> {
    /// A writer for TCP streams (RFC 6120) into `sink`.
    pub fn new(sink: S) -> Writer<S> {
        Writer::with_mode(sink, Mode::Tcp)
    }

    /// A writer into `sink` for the given framing: in [`Mode::WebSocket`] the stream is opened
    /// and closed with RFC 7395 `<open/>` and `<close/>`, and top-level stanzas declare
    /// `jabber:client` themselves. [`Mode::Document`] writes as TCP does.
    pub fn with_mode(sink: S, mode: Mode) -> Writer<S> {
        Writer {
            sink,
            mode,
            names: heapless::Vec::new(),
            open: heapless::Vec::new(),
            in_start_tag: false,
            declared_default_ns: false,
            failed: None,
        }
    }

    /// The sink, e.g. to read what a [`SliceSink`] holds.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// The sink, mutably.
    pub fn sink_mut(&mut self) -> &mut S {
        &mut self.sink
    }

    /// Consumes the writer, returning the sink.
    pub fn into_sink(self) -> S {
        self.sink
    }

    /// Number of open elements.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    // --- stream level

    /// Opens a stream: the XML declaration and `<stream:stream …>` (RFC 6120 §4.7), or in
    /// WebSocket mode `<open …/>` (RFC 7395 §3.4).
    ///
    /// ```
    /// use xmpp_wire::{writer::StreamHeader, SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 160];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.stream_open(&StreamHeader { to: Some("im.example.com"), ..StreamHeader::default() })?;
    /// w.finish()?;
    /// assert_eq!(
    ///     w.sink().written(),
    ///     &b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
    ///        xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' version='1.0'>"[..]
    /// );
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn stream_open(&mut self, header: &StreamHeader<'_>) -> Result<(), WriteError> {
        self.ready_at_stream_level()?;
        if header.ns == XML || header.ns == XMLNS {
            return Err(out_of_order());
        }
        let attrs = [
            ("to", header.to),
            ("from", header.from),
            ("id", header.id),
            ("version", header.version),
            ("xml:lang", header.lang),
        ];
        escape::check_chars(header.ns)?;
        check_all(attrs.iter().map(|(_, value)| value.map(Src::Str)))?;
        if self.mode == Mode::WebSocket {
            self.start("open")?.ns(FRAMING)?;
        } else {
            self.put(b"<?xml version='1.0'?>")?;
            self.start("stream:stream")?;
            if !header.ns.is_empty() {
                self.ns(header.ns)?;
            }
            self.ns_prefix("stream", STREAMS)?;
        }
        for (name, value) in attrs {
            if let Some(value) = value {
                self.attr(name, value)?;
            }
        }
        if self.mode == Mode::WebSocket {
            self.end()?;
        } else {
            // The stream element stays open for the whole stream: it is not on the stack,
            // and `stream_close` writes its end tag.
            self.put(b">")?;
            self.pop();
            self.in_start_tag = false;
        }
        Ok(())
    }

    /// Writes a stream error (RFC 6120 §4.9): `<stream:error>`, the condition in
    /// `urn:ietf:params:xml:ns:xmpp-streams`, and optional descriptive text. Follow it with
    /// [`stream_close`](Self::stream_close), as §4.9.1.1 requires.
    ///
    /// ```
    /// use xmpp_wire::{Condition, SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 160];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.stream_error(Condition::HostUnknown, None)?;
    /// w.stream_close()?;
    /// w.finish()?;
    /// assert_eq!(
    ///     w.sink().written(),
    ///     &b"<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>\
    ///        </stream:error></stream:stream>"[..]
    /// );
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn stream_error(
        &mut self,
        condition: Condition,
        text: Option<&str>,
    ) -> Result<(), WriteError> {
        self.ready_at_stream_level()?;
        if let Some(text) = text {
            escape::check_chars(text)?;
        }
        self.start("stream:error")?;
        if self.mode == Mode::WebSocket {
            // RFC 7395 §3.3.3: every message declares the namespaces it uses.
            self.ns_prefix("stream", STREAMS)?;
        }
        self.start(condition.as_str())?.ns(XMPP_STREAMS)?.end()?;
        if let Some(text) = text {
            self.start("text")?.ns(XMPP_STREAMS)?.text(text)?.end()?;
        }
        self.end()?;
        Ok(())
    }

    /// Closes the stream: `</stream:stream>` (RFC 6120 §4.4), or `<close/>` in WebSocket mode
    /// (RFC 7395 §3.6).
    ///
    /// ```
    /// use xmpp_wire::{Mode, SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 64];
    /// let mut w = Writer::with_mode(SliceSink::new(&mut buf), Mode::WebSocket);
    /// w.stream_close()?;
    /// assert_eq!(w.sink().written(), b"<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn stream_close(&mut self) -> Result<(), WriteError> {
        self.ready_at_stream_level()?;
        if self.mode == Mode::WebSocket {
            self.start("close")?.ns(FRAMING)?.end()?;
            Ok(())
        } else {
            self.put(b"</stream:stream>")
        }
    }

    /// Writes one space between top-level elements: a whitespace keepalive (RFC 6120 §4.6.1).
    pub fn keepalive(&mut self) -> Result<(), WriteError> {
        self.ready_at_stream_level()?;
        self.put(b" ")
    }

    // --- stanzas

    /// Starts a `<message>` with its routing attributes; write its payloads, then [`end`](Self::end).
    ///
    /// ```
    /// use xmpp_wire::{writer::StanzaHeader, SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 96];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.message(&StanzaHeader { to: Some("romeo@example.net"), ..Default::default() })?;
    /// w.element("body", "Wherefore art thou?")?.end()?;
    /// assert_eq!(w.sink().written(), b"<message to='romeo@example.net'><body>Wherefore art thou?</body></message>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn message(&mut self, header: &StanzaHeader<'_>) -> Result<&mut Self, WriteError> {
        self.stanza("message", header)
    }

    /// Starts a `<presence>` with its routing attributes; [`end`](Self::end) it after any payloads.
    ///
    /// ```
    /// use xmpp_wire::{writer::StanzaHeader, SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 64];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.presence(&StanzaHeader::default())?.end()?;
    /// assert_eq!(w.sink().written(), b"<presence/>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn presence(&mut self, header: &StanzaHeader<'_>) -> Result<&mut Self, WriteError> {
        self.stanza("presence", header)
    }

    /// Starts an `<iq>` with its routing attributes; write its payload, then [`end`](Self::end).
    /// For replies to a received IQ, see [`reply`].
    ///
    /// ```
    /// use xmpp_wire::{ns, writer::StanzaHeader, SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 96];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// let header = StanzaHeader { id: Some("p1"), stanza_type: Some("get"), to: Some("example.com"), ..Default::default() };
    /// w.iq(&header)?.start("ping")?.ns(ns::PING)?.end()?.end()?;
    /// assert_eq!(w.sink().written(), b"<iq to='example.com' id='p1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn iq(&mut self, header: &StanzaHeader<'_>) -> Result<&mut Self, WriteError> {
        self.stanza("iq", header)
    }

    fn stanza(&mut self, name: &str, header: &StanzaHeader<'_>) -> Result<&mut Self, WriteError> {
        self.open_stanza(
            name,
            [
                ("to", header.to.map(Src::Str)),
                ("from", header.from.map(Src::Str)),
                ("id", header.id.map(Src::Str)),
                ("type", header.stanza_type.map(Src::Str)),
                ("xml:lang", header.lang.map(Src::Str)),
            ],
        )
    }

    /// Starts stanza `name` with the attributes that are present, checking them all first.
    pub(crate) fn open_stanza(
        &mut self,
        name: &str,
        attrs: [(&str, Option<Src<'_>>); 5],
    ) -> Result<&mut Self, WriteError> {
        check_all(attrs.iter().map(|(_, value)| *value))?;
        self.start(name)?;
        if self.mode == Mode::WebSocket && self.depth() == 1 {
            // RFC 7395 §3.3.3: no stream header supplies the content namespace.
            self.ns(JABBER_CLIENT)?;
        }
        for (name, value) in attrs {
            if let Some(value) = value {
                self.attr_src(name, value)?;
            }
        }
        Ok(self)
    }

    // --- elements

    /// Starts element `qname` (e.g. `"query"`, `"stream:features"`). Attributes and namespace
    /// declarations may follow until content does.
    ///
    /// The writer checks names, not prefixes: declare each prefix you use with
    /// [`ns_prefix`](Self::ns_prefix) (`xml` is always bound, and `stream` on a TCP stream).
    ///
    /// ```
    /// use xmpp_wire::{SliceSink, Writer, WriteError};
    ///
    /// let mut buf = [0u8; 32];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.start("a")?.start("b")?.end()?.end()?;
    /// assert_eq!(w.sink().written(), b"<a><b/></a>");
    /// assert_eq!(w.start("no spaces").err(), Some(WriteError::InvalidName));
    /// # Ok::<(), WriteError>(())
    /// ```
    pub fn start(&mut self, qname: &str) -> Result<&mut Self, WriteError> {
        self.guard()?;
        if !escape::is_xml_name(qname) || qname.starts_with("xmlns:") {
            return Err(WriteError::InvalidName);
        }
        if self.open.is_full() || self.names.capacity() - self.names.len() < qname.len() {
            return Err(too_deep());
        }
        self.close_start_tag()?;
        self.put(b"<")?;
        self.put(qname.as_bytes())?;
        self.push(qname);
        Ok(self)
    }

    /// Adds attribute `qname='value'` to the element just started; `value` is escaped.
    /// Namespace declarations go through [`ns`](Self::ns) and [`ns_prefix`](Self::ns_prefix).
    /// Each attribute may appear once (XML 1.0 WFC: Unique Att Spec); the writer does not check.
    ///
    /// ```
    /// use xmpp_wire::{SliceSink, Writer, WriteError};
    ///
    /// let mut buf = [0u8; 64];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.start("item")?.attr("name", "Ann's\tlist")?.end()?;
    /// assert_eq!(w.sink().written(), b"<item name='Ann&apos;s&#9;list'/>");
    /// assert_eq!(w.start("x")?.attr("v", "\u{0}").err(), Some(WriteError::InvalidChar { index: 0 }));
    /// # Ok::<(), WriteError>(())
    /// ```
    pub fn attr(&mut self, qname: &str, value: &str) -> Result<&mut Self, WriteError> {
        self.attr_src(qname, Src::Str(value))
    }

    /// Adds attribute `qname` with a value received in a frame, decoded and escaped again
    /// (so a value from one stream can be written into another).
    pub fn attr_value(&mut self, qname: &str, value: Value<'_>) -> Result<&mut Self, WriteError> {
        self.attr_src(qname, Src::Value(value))
    }

    fn attr_src(&mut self, qname: &str, value: Src<'_>) -> Result<&mut Self, WriteError> {
        self.guard()?;
        let is_declaration = qname == "xmlns" || qname.starts_with("xmlns:");
        if !escape::is_xml_name(qname) || is_declaration {
            return Err(WriteError::InvalidName);
        }
        if !self.in_start_tag {
            return Err(out_of_order());
        }
        value.check()?;
        self.put(b" ")?;
        self.put(qname.as_bytes())?;
        self.put(b"='")?;
        let result = value.write(&mut self.sink, Context::SingleQuoted);
        self.record(result)?;
        self.put(b"'")?;
        Ok(self)
    }

    /// Declares `uri` as the default namespace of the element just started (`xmlns='uri'`);
    /// `""` undeclares it (Namespaces 1.0 §6.2).
    ///
    /// ```
    /// use xmpp_wire::{ns, SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 64];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.start("query")?.ns(ns::DISCO_INFO)?.end()?;
    /// assert_eq!(w.sink().written(), b"<query xmlns='http://jabber.org/protocol/disco#info'/>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn ns(&mut self, uri: &str) -> Result<&mut Self, WriteError> {
        self.guard()?;
        // Namespaces 1.0 §3: the xml and xmlns namespace names are never the default.
        if !self.in_start_tag || self.declared_default_ns || uri == XML || uri == XMLNS {
            return Err(out_of_order());
        }
        escape::check_chars(uri)?;
        self.put(b" xmlns='")?;
        self.escaped(uri, Context::SingleQuoted)?;
        self.put(b"'")?;
        self.declared_default_ns = true;
        Ok(self)
    }

    /// Binds `prefix` to `uri` on the element just started (`xmlns:prefix='uri'`).
    ///
    /// Namespaces 1.0 §3 forbids binding `xml` or `xmlns` here, binding a prefix to their
    /// namespace names, and an empty `uri`; those are refused.
    ///
    /// ```
    /// use xmpp_wire::{SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 96];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.start("x:item")?.ns_prefix("x", "urn:example")?.attr("x:flag", "1")?.end()?;
    /// assert_eq!(w.sink().written(), b"<x:item xmlns:x='urn:example' x:flag='1'/>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn ns_prefix(&mut self, prefix: &str, uri: &str) -> Result<&mut Self, WriteError> {
        self.guard()?;
        if !escape::is_ncname(prefix) || prefix == "xml" || prefix == "xmlns" {
            return Err(WriteError::InvalidName);
        }
        if !self.in_start_tag || uri.is_empty() || uri == XML || uri == XMLNS {
            return Err(out_of_order());
        }
        escape::check_chars(uri)?;
        self.put(b" xmlns:")?;
        self.put(prefix.as_bytes())?;
        self.put(b"='")?;
        self.escaped(uri, Context::SingleQuoted)?;
        self.put(b"'")?;
        Ok(self)
    }

    /// Writes character data inside the current element, escaped. `""` writes nothing.
    ///
    /// Text belongs inside an element: between top-level elements only whitespace may stand
    /// (RFC 6120 §11.7), which [`keepalive`](Self::keepalive) writes.
    ///
    /// ```
    /// use xmpp_wire::{SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 64];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.start("body")?.text("a]]>b\r\n")?.end()?;
    /// assert_eq!(w.sink().written(), b"<body>a]]&gt;b&#13;\n</body>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn text(&mut self, text: &str) -> Result<&mut Self, WriteError> {
        self.text_src(Src::Str(text))
    }

    /// Writes character data received in a frame, decoded and escaped again.
    pub fn text_value(&mut self, text: Value<'_>) -> Result<&mut Self, WriteError> {
        self.text_src(Src::Value(text))
    }

    fn text_src(&mut self, text: Src<'_>) -> Result<&mut Self, WriteError> {
        self.guard()?;
        if self.open.is_empty() {
            return Err(out_of_order());
        }
        text.check()?;
        if text.plain() == Some("") {
            return Ok(self);
        }
        self.close_start_tag()?;
        let result = text.write(&mut self.sink, Context::Text);
        self.record(result)?;
        Ok(self)
    }

    /// Writes `<qname>text</qname>` (or `<qname/>` for empty text): a start, text and end.
    ///
    /// ```
    /// use xmpp_wire::{SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 64];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.start("a")?.element("b", "x & y")?.element("c", "")?.end()?;
    /// assert_eq!(w.sink().written(), b"<a><b>x &amp; y</b><c/></a>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn element(&mut self, qname: &str, text: &str) -> Result<&mut Self, WriteError> {
        self.guard()?;
        escape::check_chars(text)?;
        self.start(qname)?.text(text)?.end()
    }

    /// Ends the innermost open element: `/>` if it has no content, its end tag otherwise.
    ///
    /// ```
    /// use xmpp_wire::{SliceSink, Writer};
    ///
    /// let mut buf = [0u8; 32];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// w.start("a")?.text("t")?.end()?.start("b")?.end()?;
    /// assert_eq!(w.sink().written(), b"<a>t</a><b/>");
    /// # Ok::<(), xmpp_wire::WriteError>(())
    /// ```
    pub fn end(&mut self) -> Result<&mut Self, WriteError> {
        self.guard()?;
        let Some(&start) = self.open.last() else {
            return Err(out_of_order());
        };
        let result = if self.in_start_tag {
            self.sink.write(b"/>")
        } else {
            let name = &self.names[usize::from(start)..];
            self.sink
                .write(b"</")
                .and_then(|()| self.sink.write(name))
                .and_then(|()| self.sink.write(b">"))
        };
        self.record(result)?;
        self.pop();
        self.in_start_tag = false;
        Ok(self)
    }

    /// Ends a unit of output: refuses it if an element is still open, then lets the sink report
    /// (a [`SliceSink`] that ran out of room returns [`WriteError::BufferTooSmall`] with the
    /// size needed) or flush.
    ///
    /// ```
    /// use xmpp_wire::{SliceSink, Writer, WriteError};
    ///
    /// let mut small = [0u8; 8];
    /// let mut w = Writer::new(SliceSink::new(&mut small));
    /// w.start("presence")?.attr("type", "unavailable")?.end()?;
    /// assert_eq!(w.finish(), Err(WriteError::BufferTooSmall { needed: 30 }));
    /// # Ok::<(), WriteError>(())
    /// ```
    pub fn finish(&mut self) -> Result<(), WriteError> {
        self.guard()?;
        if !self.open.is_empty() {
            return Err(out_of_order());
        }
        let result = self.sink.finish();
        self.record(result)
    }

    // --- internals

    /// Fails if a sink failure already cut the output short.
    fn guard(&self) -> Result<(), WriteError> {
        match self.failed {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Fails unless the writer stands between top-level elements.
    fn ready_at_stream_level(&self) -> Result<(), WriteError> {
        self.guard()?;
        if self.open.is_empty() {
            Ok(())
        } else {
            Err(out_of_order())
        }
    }

    /// Keeps a sink failure: the output now ends in the middle of something.
    fn record(&mut self, result: Result<(), WriteError>) -> Result<(), WriteError> {
        if let Err(error) = result {
            self.failed = Some(error);
        }
        result
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        let result = self.sink.write(bytes);
        self.record(result)
    }

    /// Writes `s` escaped; the caller has checked its characters.
    fn escaped(&mut self, s: &str, context: Context) -> Result<(), WriteError> {
        let result = escape::write_escaped(&mut self.sink, s, context);
        self.record(result)
    }

    /// Writes the `>` of the innermost start tag if it is still open, before content.
    fn close_start_tag(&mut self) -> Result<(), WriteError> {
        if self.in_start_tag {
            self.put(b">")?;
            self.in_start_tag = false;
        }
        Ok(())
    }

    /// Records `qname` as the innermost open element; the caller checked the room.
    fn push(&mut self, qname: &str) {
        let start = self.names.len() as u16; // MAX_NAME_BYTES fits in u16
        let _ = self.open.push(start);
        let _ = self.names.extend_from_slice(qname.as_bytes());
        self.in_start_tag = true;
        self.declared_default_ns = false;
    }

    fn pop(&mut self) {
        if let Some(start) = self.open.pop() {
            self.names.truncate(usize::from(start));
        }
    }
}

/// Checks every value present, so that a call writes nothing when one is refused.
fn check_all<'a>(values: impl Iterator<Item = Option<Src<'a>>>) -> Result<(), WriteError> {
    values.flatten().try_for_each(|value| value.check())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::namespace::known as ns;

    fn written<F>(f: F) -> heapless::String<512>
    where
        F: FnOnce(&mut Writer<SliceSink<'_>>) -> Result<(), WriteError>,
    {
        let mut buf = [0u8; 512];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        f(&mut w).unwrap();
        w.finish().unwrap();
        let bytes = w.into_sink().into_written();
        heapless::String::from_utf8(heapless::Vec::from_slice(bytes).unwrap()).unwrap()
    }

    #[test]
    fn stream_header_with_every_attribute() {
        let out = written(|w| {
            w.stream_open(&StreamHeader {
                to: Some("im.example.com"),
                from: Some("juliet@im.example.com"),
                id: Some("++TR84Sm6A3hnt3Q065SnAbbk3Y="),
                version: Some("1.0"),
                lang: Some("en"),
                ns: ns::JABBER_CLIENT,
            })
        });
        assert_eq!(
            out,
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
             xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' \
             from='juliet@im.example.com' id='++TR84Sm6A3hnt3Q065SnAbbk3Y=' version='1.0' xml:lang='en'>"
        );
    }

    #[test]
    fn websocket_framing() {
        let mut buf = [0u8; 512];
        let mut w = Writer::with_mode(SliceSink::new(&mut buf), Mode::WebSocket);
        w.stream_open(&StreamHeader {
            to: Some("example.com"),
            ..Default::default()
        })
        .unwrap();
        w.presence(&StanzaHeader::default()).unwrap().end().unwrap();
        w.stream_error(Condition::PolicyViolation, None).unwrap();
        w.stream_close().unwrap();
        w.finish().unwrap();
        assert_eq!(
            w.sink().written(),
            &b"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>\
               <presence xmlns='jabber:client'/>\
               <stream:error xmlns:stream='http://etherx.jabber.org/streams'>\
               <policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>\
               <close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"[..]
        );
    }

    #[test]
    fn stream_error_with_text() {
        let out = written(|w| {
            w.stream_error(Condition::NotWellFormed, Some("bad <tag>"))?;
            w.stream_close()
        });
        assert_eq!(
            out,
            "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>\
             <text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bad &lt;tag&gt;</text>\
             </stream:error></stream:stream>"
        );
    }

    #[test]
    fn stanza_attributes_in_order() {
        let out = written(|w| {
            let header = StanzaHeader {
                to: Some("a@b/c"),
                from: Some("d@e/f"),
                id: Some("x'1"),
                stanza_type: Some("chat"),
                lang: Some("fr"),
            };
            w.message(&header)?.element("body", "Salut")?.end()?;
            Ok(())
        });
        assert_eq!(
            out,
            "<message to='a@b/c' from='d@e/f' id='x&apos;1' type='chat' xml:lang='fr'>\
             <body>Salut</body></message>"
        );
    }

    #[test]
    fn balanced_output_is_enforced() {
        let mut buf = [0u8; 64];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        assert_eq!(w.end().err(), Some(out_of_order()));
        assert_eq!(w.text("t").err(), Some(out_of_order()));
        w.start("a").unwrap();
        assert_eq!(w.finish(), Err(out_of_order()));
        assert_eq!(w.stream_close(), Err(out_of_order()));
        w.text("t").unwrap();
        assert_eq!(w.attr("late", "v").err(), Some(out_of_order()));
        assert_eq!(w.ns("urn:late").err(), Some(out_of_order()));
        w.end().unwrap();
        w.finish().unwrap();
        assert_eq!(w.sink().written(), b"<a>t</a>");
    }

    #[test]
    fn refused_calls_write_nothing() {
        let mut buf = [0u8; 128];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        let bad = StanzaHeader {
            to: Some("ok"),
            lang: Some("e\u{1}n"),
            ..Default::default()
        };
        assert_eq!(
            w.message(&bad).err(),
            Some(WriteError::InvalidChar { index: 1 })
        );
        assert_eq!(
            w.element("b", "\u{FFFF}").err(),
            Some(WriteError::InvalidChar { index: 0 })
        );
        assert_eq!(
            w.stream_error(Condition::Conflict, Some("\u{0}")),
            Err(WriteError::InvalidChar { index: 0 })
        );
        let header = StreamHeader {
            id: Some("\u{FFFE}"),
            ..Default::default()
        };
        assert_eq!(
            w.stream_open(&header),
            Err(WriteError::InvalidChar { index: 0 })
        );
        assert_eq!(w.depth(), 0);
        assert_eq!(w.sink().written(), b"");
        // The writer goes on after a refusal.
        w.start("ok").unwrap().end().unwrap();
        w.finish().unwrap();
        assert_eq!(w.sink().written(), b"<ok/>");
    }

    #[test]
    fn names_are_checked() {
        let mut buf = [0u8; 128];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        for bad in ["", "a b", "1a", "a:b:c", "xmlns:x", "<"] {
            assert_eq!(w.start(bad).err(), Some(WriteError::InvalidName), "{bad:?}");
        }
        w.start("a").unwrap();
        for bad in ["xmlns", "xmlns:p", "a=b", ":x"] {
            assert_eq!(
                w.attr(bad, "v").err(),
                Some(WriteError::InvalidName),
                "{bad:?}"
            );
        }
        assert_eq!(
            w.ns_prefix("xml", "urn:x").err(),
            Some(WriteError::InvalidName)
        );
        assert_eq!(w.ns_prefix("p", "").err(), Some(out_of_order()));
        assert_eq!(w.ns_prefix("p", ns::XMLNS).err(), Some(out_of_order()));
        assert_eq!(w.ns(ns::XML).err(), Some(out_of_order()));
        w.ns("urn:a").unwrap();
        assert_eq!(w.ns("urn:b").err(), Some(out_of_order()));
        w.end().unwrap();
        assert_eq!(w.sink().written(), b"<a xmlns='urn:a'/>");
    }

    #[test]
    fn depth_and_name_room_are_bounded() {
        let mut buf = [0u8; 1024];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        for _ in 0..MAX_DEPTH {
            w.start("d").unwrap();
        }
        assert_eq!(w.start("d").err(), Some(too_deep()));
        for _ in 0..MAX_DEPTH {
            w.end().unwrap();
        }
        let long = [b'n'; MAX_NAME_BYTES + 1];
        let long = core::str::from_utf8(&long).unwrap();
        assert_eq!(w.start(long).err(), Some(too_deep()));
        w.start(&long[1..]).unwrap().end().unwrap();
        w.finish().unwrap();
    }

    #[test]
    fn buffer_too_small_reports_the_needed_size() {
        let header = StanzaHeader {
            id: Some("1"),
            ..Default::default()
        };
        let whole = written(|w| {
            w.iq(&header)?.element("b", "x")?.end()?;
            Ok(())
        });
        let mut big = [0u8; 64];
        for size in [0, 1, whole.len() - 1, whole.len()] {
            let mut w = Writer::new(SliceSink::new(&mut big[..size]));
            w.iq(&header)
                .unwrap()
                .element("b", "x")
                .unwrap()
                .end()
                .unwrap();
            let expected = if size < whole.len() {
                Err(WriteError::BufferTooSmall {
                    needed: whole.len(),
                })
            } else {
                Ok(())
            };
            assert_eq!(w.finish(), expected, "buffer of {size}");
            assert!(whole.as_bytes().starts_with(w.sink().written()));
        }
    }

    #[test]
    fn sink_failures_are_final() {
        let mut w = Writer::new(heapless::Vec::<u8, 8>::new());
        w.start("a").unwrap();
        let full = WriteError::BufferTooSmall { needed: 0 };
        assert_eq!(w.attr("long", "value").err(), Some(full));
        assert_eq!(w.end().err(), Some(full));
        assert_eq!(w.finish(), Err(full));
    }

    #[test]
    fn keepalive_only_between_elements() {
        let out = written(|w| {
            w.keepalive()?;
            w.start("r")?.ns(ns::SM)?.end()?;
            w.keepalive()
        });
        assert_eq!(out, " <r xmlns='urn:xmpp:sm:3'/> ");
    }
}
