//! The framer: turns tokens into frames. It tracks the stream (header, restarts, close), the
//! elements open inside the current top-level element, namespace scopes, and the limits that
//! need context; the tokenizer has already checked characters, names and syntax.

use crate::config::{Limits, Mode, ATTRIBUTE_CAPACITY, DEPTH_CAPACITY};
use crate::error::{Reason, StreamError};
use crate::frame::{ElementIndex, StanzaKind};
use crate::namespace::known::{
    FRAMING, JABBER_CLIENT, JABBER_COMPONENT_ACCEPT, JABBER_SERVER, SASL, STREAMS, TLS, XML, XMLNS,
};
use crate::namespace::scope::{slice, Declaration, Scopes};
use crate::tokenizer::{Pos, Span, Token};
use crate::value::{Value, ValueKind};

/// Longest stream prefix kept (`stream` in practice).
pub(crate) const PREFIX_CAPACITY: usize = 32;
/// How many other prefixes declared on a stream header are remembered, to name the error when a
/// top-level element uses one.
const HEADER_PREFIXES: usize = 4;

/// What a complete top-level item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ItemKind {
    StreamOpen,
    StreamClose,
    Element,
    Stanza(StanzaKind),
}

/// A complete frame: its kind and its bytes in the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ready {
    pub kind: ItemKind,
    pub start: Pos,
    pub end: Pos,
}

/// Where the stream stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// TCP: before the stream header. WebSocket: before `<open/>`. Document: before the root.
    Before,
    /// Inside the stream (TCP), after `<open/>` (WebSocket), or inside the root (document).
    Open,
    /// After `</stream:stream>` (TCP) or the root element (document).
    Closed,
}

/// An element open inside the current top-level element: where its name starts, relative to
/// the item (the name ends at the first byte that cannot continue it).
#[derive(Clone, Copy, Debug)]
struct Open {
    name: u32,
}

/// An attribute of the start tag being read: its name and value, relative to the item. Kept
/// small, since the parser's state holds `ATTRIBUTE_CAPACITY` of them.
#[derive(Clone, Copy, Debug)]
struct Attribute {
    name: (u32, u32),
    value: (u32, u32),
}

/// The start tag being read.
#[derive(Clone, Debug, Default)]
struct Tag {
    lt: Pos,
    name: Span,
    attrs: heapless::Vec<Attribute, ATTRIBUTE_CAPACITY>,
}

/// A resolved namespace: a constant, or a declaration's value in the buffer.
#[derive(Clone, Copy, Debug)]
enum Ns {
    Static(&'static str),
    Declared((u32, u32)),
}

pub(crate) struct Framer {
    mode: Mode,
    limits: Limits,
    phase: Phase,
    /// The header's content namespace, inherited by top-level elements (TCP).
    pub content_ns: &'static str,
    /// The header's prefix for `http://etherx.jabber.org/streams`, if any.
    pub stream_prefix: Option<heapless::String<PREFIX_CAPACITY>>,
    header_prefixes: heapless::Vec<heapless::Vec<u8, PREFIX_CAPACITY>, HEADER_PREFIXES>,
    /// The last top-level element was in the SASL or TLS namespace: a restart may follow.
    pub restart_allowed: bool,
    /// An XML declaration inside the stream, which a restart header must follow.
    restart_declaration: Option<Pos>,
    /// The `<` of the current top-level item.
    top: Pos,
    top_kind: ItemKind,
    top_restarts: bool,
    child_start: Pos,
    /// Open elements inside the current top-level element (0 between items).
    pub level: usize,
    stack: heapless::Vec<Open, DEPTH_CAPACITY>,
    scopes: Scopes,
    tag: Tag,
    /// What is recorded of the current top-level element.
    pub index: ElementIndex,
}

impl Framer {
    pub(crate) fn new(mode: Mode, limits: Limits) -> Framer {
        Framer {
            mode,
            limits,
            phase: Phase::Before,
            content_ns: "",
            stream_prefix: None,
            header_prefixes: heapless::Vec::new(),
            restart_allowed: false,
            restart_declaration: None,
            top: 0,
            top_kind: ItemKind::Element,
            top_restarts: false,
            child_start: 0,
            level: 0,
            stack: heapless::Vec::new(),
            scopes: Scopes::default(),
            tag: Tag::default(),
            index: ElementIndex::default(),
        }
    }

    /// The stream is closed (TCP) or the root element complete (document mode).
    pub(crate) fn is_closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    /// Depth, as XML counts it, of an element starting inside `level` open elements.
    fn depth_of_new_element(&self) -> usize {
        let stream = usize::from(self.mode == Mode::Tcp && self.phase == Phase::Open);
        stream + self.level + 1
    }

    /// Handles one token; `buf` holds the stream from offset `base`.
    pub(crate) fn handle(
        &mut self,
        token: Token,
        buf: &[u8],
        base: Pos,
    ) -> Result<Option<Ready>, StreamError> {
        match token {
            Token::StartName { lt, name } => {
                if self.level == 0 {
                    if self.phase == Phase::Closed {
                        return Err(StreamError::new(Reason::ContentAfterClose, lt));
                    }
                    self.top = lt;
                    self.index.clear();
                } else if self.level == 1 {
                    self.child_start = lt;
                }
                if self.depth_of_new_element() > self.limits.max_depth {
                    return Err(StreamError::new(Reason::TooDeep, lt));
                }
                self.tag.lt = lt;
                self.tag.name = name;
                self.tag.attrs.clear();
                Ok(None)
            }
            Token::Attr { name, value } => {
                let attribute = Attribute {
                    name: self.rel(name),
                    value: self.rel(value),
                };
                if self.tag.attrs.len() >= self.limits.max_attributes
                    || self.tag.attrs.push(attribute).is_err()
                {
                    return Err(StreamError::new(Reason::TooManyAttributes, name.start));
                }
                Ok(None)
            }
            Token::StartEnd { end, empty } => self.start_tag(buf, base, end, empty),
            Token::EndTag { lt, name, end } => self.end_tag(buf, base, lt, name, end),
            Token::XmlDecl { lt } => {
                // Inside a stream, a declaration may only open a restarted one (RFC 6120 §4.3.3).
                if self.phase == Phase::Open {
                    self.restart_declaration = Some(lt);
                }
                Ok(None)
            }
        }
    }

    /// The bytes of the current item, from its `<`.
    fn item<'b>(&self, buf: &'b [u8], base: Pos) -> &'b [u8] {
        &buf[(self.top - base) as usize..]
    }

    fn rel(&self, span: Span) -> (u32, u32) {
        ((span.start - self.top) as u32, span.len)
    }

    fn start_tag(
        &mut self,
        buf: &[u8],
        base: Pos,
        end: Pos,
        empty: bool,
    ) -> Result<Option<Ready>, StreamError> {
        let depth = (self.level + 1) as u16;
        self.declare(buf, base, depth)?;
        let item = self.item(buf, base);
        let element_ns = self.check_names(item)?;
        let name = self.tag.name;
        let (prefix, local) = split(slice(item, self.rel(name)), name.colon);

        if self.level > 0 {
            if empty {
                self.end_element(depth, end);
            } else {
                if self
                    .stack
                    .push(Open {
                        name: self.rel(name).0,
                    })
                    .is_err()
                {
                    return Err(StreamError::new(Reason::TooDeep, self.tag.lt));
                }
                self.level += 1;
            }
            return Ok(None);
        }

        let is_stream = local == b"stream" && ns_is(item, element_ns, STREAMS);
        if let Some(declaration) = self.restart_declaration.take() {
            if !is_stream {
                return Err(StreamError::new(
                    Reason::MisplacedXmlDeclaration,
                    declaration,
                ));
            }
        }
        match (self.mode, self.phase) {
            (Mode::Tcp, Phase::Before) => {
                return self
                    .stream_header(item, element_ns, local, prefix, end, empty)
                    .map(Some)
            }
            (Mode::Tcp, _) if is_stream => {
                // RFC 6120 §4.3.3: a restart follows SASL success or TLS negotiation only; a
                // stream header anywhere else is how stanza smuggling begins.
                if !self.restart_allowed {
                    return Err(StreamError::new(Reason::MisplacedStreamHeader, self.tag.lt));
                }
                // A restart opens a new document: its prefix must be declared on itself, not
                // inherited from the header it replaces.
                if self.scopes.find(item, prefix.unwrap_or(b"")).is_none() {
                    return Err(StreamError::new(Reason::UnboundPrefix, name.start));
                }
                return self
                    .stream_header(item, element_ns, local, prefix, end, empty)
                    .map(Some);
            }
            (Mode::WebSocket, Phase::Before) => {
                // RFC 7395 §3.4: the first element opens the stream.
                if !(local == b"open" && ns_is(item, element_ns, FRAMING)) {
                    return Err(StreamError::new(Reason::WebSocketFraming, self.tag.lt));
                }
                self.phase = Phase::Open;
            }
            (Mode::Document, _) => self.phase = Phase::Open,
            _ => {}
        }
        self.top_kind = match StanzaKind::from_name(as_str(local)) {
            Some(kind) if prefix != Some(b"xmlns") && is_content_ns(item, element_ns) => {
                ItemKind::Stanza(kind)
            }
            _ => ItemKind::Element,
        };
        self.top_restarts = ns_is(item, element_ns, SASL) || ns_is(item, element_ns, TLS);
        self.index.name_len = name.len;
        self.index.start_tag_len = (end - self.top) as u32;
        for attr in &self.tag.attrs {
            self.index.attribute(slice(item, attr.name), attr.value);
        }
        if empty {
            self.scopes.end_element(depth);
            return Ok(Some(self.item_done(end)));
        }
        self.stack.clear();
        // The stack has room for `max_depth` (at most its capacity) elements.
        let _ = self.stack.push(Open {
            name: self.rel(name).0,
        });
        self.level = 1;
        Ok(None)
    }

    /// Records the namespace declarations of the start tag, checking the count limit.
    fn declare(&mut self, buf: &[u8], base: Pos, depth: u16) -> Result<(), StreamError> {
        let item = &buf[(self.top - base) as usize..];
        for attr in &self.tag.attrs {
            let (start, len) = attr.name;
            if len < 5 || item[start as usize] != b'x' {
                continue;
            }
            let prefix = match slice(item, attr.name) {
                b"xmlns" => (start + 5, 0),
                qname if qname.starts_with(b"xmlns:") => (start + 6, len - 6),
                _ => continue,
            };
            let at = self.top + Pos::from(start);
            let declaration = Declaration::new(prefix, attr.value, depth)
                .ok_or(StreamError::new(Reason::NameTooLong, at))?;
            if depth == 1 {
                self.index.declares_namespaces = true;
            }
            if !self.scopes.push(declaration, self.limits.max_namespaces) {
                return Err(StreamError::new(Reason::TooManyNamespaces, at));
            }
        }
        Ok(())
    }

    /// Namespaces 1.0 checks on the start tag, element name first, then attributes in order:
    /// prefixes bound, reserved names used rightly, no attribute twice. Returns the element's
    /// namespace.
    fn check_names(&self, item: &[u8]) -> Result<Ns, StreamError> {
        let name = self.tag.name;
        let (prefix, _) = split(slice(item, self.rel(name)), name.colon);
        // Namespaces 1.0 §3: element names never carry the `xmlns` prefix.
        if prefix == Some(b"xmlns") {
            return Err(StreamError::new(Reason::ReservedPrefix, name.start));
        }
        let element_ns = self
            .resolve(item, prefix.unwrap_or(b""))
            .map_err(|r| StreamError::new(r, name.start))?;

        for (i, attr) in self.tag.attrs.iter().enumerate() {
            let qname = slice(item, attr.name);
            let (prefix, local) = split(qname, colon(qname));
            let err = |reason| StreamError::new(reason, self.top + Pos::from(attr.name.0));
            let value = Value::new(as_str(slice(item, attr.value)), ValueKind::Attribute);
            if qname == b"xmlns" || prefix == Some(b"xmlns") {
                check_declaration(prefix.map(|_| local), value).map_err(err)?;
            } else if let Some(prefix) = prefix {
                self.resolve(item, prefix).map_err(err)?;
            }
            // XML 1.0 WFC Unique Att Spec, and Namespaces 1.0 §6.3 for expanded names. Lengths
            // are compared first: most pairs differ there.
            for earlier in &self.tag.attrs[..i] {
                let earlier_qname = slice(item, earlier.name);
                if earlier_qname == qname {
                    return Err(err(Reason::DuplicateAttribute));
                }
                if prefix.is_none() {
                    continue;
                }
                let (earlier_prefix, earlier_local) = split(earlier_qname, colon(earlier_qname));
                if let (Some(p1), Some(p2)) = (earlier_prefix, prefix) {
                    if earlier_local == local && p1 != b"xmlns" && p2 != b"xmlns" {
                        let same = match (self.resolve(item, p1), self.resolve(item, p2)) {
                            (Ok(a), Ok(b)) => ns_value(item, a).same_as(ns_value(item, b)),
                            _ => false,
                        };
                        if same {
                            return Err(err(Reason::DuplicateAttribute));
                        }
                    }
                }
            }
        }
        Ok(element_ns)
    }

    /// The namespace bound to `prefix` (`b""` for the default namespace).
    fn resolve(&self, item: &[u8], prefix: &[u8]) -> Result<Ns, Reason> {
        if prefix == b"xml" {
            return Ok(Ns::Static(XML));
        }
        if let Some(declaration) = self.scopes.find(item, prefix) {
            return Ok(Ns::Declared(declaration.uri()));
        }
        if prefix.is_empty() {
            let inherited = if self.phase == Phase::Open {
                self.content_ns
            } else {
                ""
            };
            return Ok(Ns::Static(inherited));
        }
        if self.mode == Mode::Tcp && self.phase == Phase::Open {
            if self
                .stream_prefix
                .as_ref()
                .is_some_and(|p| p.as_bytes() == prefix)
            {
                return Ok(Ns::Static(STREAMS));
            }
            // DESIGN.md: frames must re-parse on their own, so only the stream prefix and the
            // content namespace are inherited from the header.
            if self.header_prefixes.iter().any(|p| p.as_slice() == prefix) {
                return Err(Reason::PrefixFromStreamHeader);
            }
        }
        Err(Reason::UnboundPrefix)
    }

    /// Checks and records a stream header (RFC 6120 §4.7) and returns its frame.
    fn stream_header(
        &mut self,
        item: &[u8],
        element_ns: Ns,
        local: &[u8],
        prefix: Option<&[u8]>,
        end: Pos,
        empty: bool,
    ) -> Result<Ready, StreamError> {
        let lt = self.tag.lt;
        let name = self.tag.name;
        if !ns_is(item, element_ns, STREAMS) {
            return Err(StreamError::new(Reason::WrongStreamNamespace, name.start));
        }
        if local != b"stream" || empty {
            return Err(StreamError::new(Reason::NotAStreamHeader, lt));
        }
        let mut content_ns = "";
        let mut header_prefixes = heapless::Vec::new();
        for attr in &self.tag.attrs {
            let qname = slice(item, attr.name);
            let at = self.top + Pos::from(attr.name.0);
            let value = Value::new(as_str(slice(item, attr.value)), ValueKind::Attribute);
            if qname == b"xmlns" {
                // RFC 6120 §4.8.2: the content namespace.
                content_ns = [JABBER_CLIENT, JABBER_SERVER, JABBER_COMPONENT_ACCEPT]
                    .into_iter()
                    .find(|ns| value.decodes_to(ns))
                    .ok_or(StreamError::new(Reason::WrongContentNamespace, at))?;
            } else if qname == b"version" && !version_supported(value) {
                // RFC 6120 §4.7.5: a major version other than 1 is not this protocol.
                return Err(StreamError::new(Reason::UnsupportedStreamVersion, at));
            } else if let Some(declared) = qname.strip_prefix(b"xmlns:") {
                if Some(declared) != prefix {
                    let mut kept = heapless::Vec::new();
                    if kept.extend_from_slice(declared).is_ok() {
                        let _ = header_prefixes.push(kept);
                    }
                }
            }
        }
        let stream_prefix = match prefix {
            None => None,
            Some(p) => Some(
                heapless::String::try_from(as_str(p))
                    .map_err(|_| StreamError::new(Reason::TooManyNamespaces, name.start))?,
            ),
        };
        self.content_ns = content_ns;
        self.stream_prefix = stream_prefix;
        self.header_prefixes = header_prefixes;
        self.phase = Phase::Open;
        self.restart_allowed = false;
        self.scopes.clear();
        Ok(Ready {
            kind: ItemKind::StreamOpen,
            start: lt,
            end,
        })
    }

    fn end_tag(
        &mut self,
        buf: &[u8],
        base: Pos,
        lt: Pos,
        name: Span,
        end: Pos,
    ) -> Result<Option<Ready>, StreamError> {
        if self.level == 0 {
            if let Some(declaration) = self.restart_declaration {
                return Err(StreamError::new(
                    Reason::MisplacedXmlDeclaration,
                    declaration,
                ));
            }
            self.top = lt;
            let item = self.item(buf, base);
            let written = slice(item, self.rel(name));
            let closes_stream = self.mode == Mode::Tcp
                && self.phase == Phase::Open
                && match &self.stream_prefix {
                    Some(p) => {
                        written.len() == p.len() + 7
                            && written.starts_with(p.as_bytes())
                            && written.ends_with(b":stream")
                    }
                    None => written == b"stream",
                };
            if !closes_stream {
                let reason = if self.mode == Mode::Tcp && self.phase == Phase::Open {
                    Reason::MismatchedEndTag
                } else {
                    Reason::UnexpectedEndTag
                };
                return Err(StreamError::new(reason, name.start));
            }
            self.phase = Phase::Closed;
            return Ok(Some(Ready {
                kind: ItemKind::StreamClose,
                start: lt,
                end,
            }));
        }
        let item = self.item(buf, base);
        let open = self.stack.last().map_or(0, |o| o.name) as usize;
        let written = slice(item, self.rel(name));
        // XML 1.0 WFC Element Type Match: the open name has the same bytes and ends there.
        let matches = item[open..].starts_with(written)
            && item
                .get(open + written.len())
                .is_some_and(|&b| matches!(b, b'>' | b'/') || b.is_ascii_whitespace());
        if !matches {
            return Err(StreamError::new(Reason::MismatchedEndTag, name.start));
        }
        self.stack.pop();
        let depth = self.level as u16;
        self.level -= 1;
        if self.level == 0 {
            self.scopes.end_element(depth);
            return Ok(Some(self.item_done(end)));
        }
        self.end_element(depth, end);
        Ok(None)
    }

    /// An element below the top level has ended at `end`.
    fn end_element(&mut self, depth: u16, end: Pos) {
        self.scopes.end_element(depth);
        if depth == 2 {
            self.index.push_payload(
                (self.child_start - self.top) as u32,
                (end - self.top) as u32,
            );
        }
    }

    /// The current top-level element has ended at `end`.
    fn item_done(&mut self, end: Pos) -> Ready {
        self.restart_allowed = self.top_restarts;
        if self.mode == Mode::Document {
            self.phase = Phase::Closed;
        }
        Ready {
            kind: self.top_kind,
            start: self.top,
            end,
        }
    }
}

/// Namespaces 1.0 §3 rules for a declaration of `prefix` (`None` for the default namespace).
fn check_declaration(prefix: Option<&[u8]>, value: Value<'_>) -> Result<(), Reason> {
    let is_xml = value.decodes_to(XML);
    let is_xmlns = value.decodes_to(XMLNS);
    match prefix {
        Some(b"xmlns") => Err(Reason::ReservedPrefix),
        Some(b"xml") if !is_xml => Err(Reason::ReservedPrefix),
        Some(b"xml") => Ok(()),
        _ if is_xml || is_xmlns => Err(Reason::ReservedPrefix),
        // Namespaces 1.0 §5 (1.1 allows undeclaring; 1.0 does not).
        Some(_) if value.raw().is_empty() => Err(Reason::EmptyPrefixDeclaration),
        _ => Ok(()),
    }
}

/// RFC 6120 §4.7.5: `major.minor`, with a major version this protocol speaks (1, or 0 for
/// pre-1.0 streams, which the caller may refuse).
fn version_supported(value: Value<'_>) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match value.as_plain().and_then(|raw| raw.split_once('.')) {
        Some((major, minor)) if digits(major) && digits(minor) => {
            major.trim_start_matches('0').len() <= 1 && major.trim_start_matches('0') <= "1"
        }
        _ => false,
    }
}

/// Where the colon of a qualified name is (the tokenizer allows at most one).
fn colon(qname: &[u8]) -> Option<u32> {
    memchr::memchr(b':', qname).map(|c| c as u32)
}

fn split(qname: &[u8], colon: Option<u32>) -> (Option<&[u8]>, &[u8]) {
    match colon {
        Some(c) => (Some(&qname[..c as usize]), &qname[c as usize + 1..]),
        None => (None, qname),
    }
}

fn ns_value<'a>(item: &'a [u8], ns: Ns) -> Value<'a> {
    match ns {
        Ns::Static(s) => Value::new(s, ValueKind::Attribute),
        Ns::Declared(span) => Value::new(as_str(slice(item, span)), ValueKind::Attribute),
    }
}

fn ns_is(item: &[u8], ns: Ns, expected: &str) -> bool {
    match ns {
        Ns::Static(s) => s == expected,
        Ns::Declared(span) => ns_value(item, Ns::Declared(span)).decodes_to(expected),
    }
}

/// DESIGN.md: a stanza is a `message`, `presence` or `iq` in one of the content namespaces.
fn is_content_ns(item: &[u8], ns: Ns) -> bool {
    [JABBER_CLIENT, JABBER_SERVER, JABBER_COMPONENT_ACCEPT]
        .into_iter()
        .any(|expected| ns_is(item, ns, expected))
}

fn as_str(bytes: &[u8]) -> &str {
    crate::frame::as_str(bytes)
}
