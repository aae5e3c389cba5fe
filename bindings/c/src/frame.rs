//! Frames: the caller-owned `xmpp_wire_frame` struct, its attribute and payload accessors, and
//! the per-parser cache they read from.
//!
//! The core's frame views borrow the parser and exist only during `next_frame`. So, while the
//! view is alive, the binding copies what C can ask about (names, namespaces, decoded attribute
//! values) into a per-parser cache that is reused from frame to frame. Raw bytes are not
//! copied: `raw` points into the parser's buffer.

use core::ffi::c_char;
use core::fmt::Write as _;

use wire::{Frame, IqProblem, StanzaKind, Value};

use crate::boundary::{self, Outcome};
use crate::parser::xmpp_wire_parser;
use crate::status::xmpp_wire_status;

/// A UTF-8 string that is not NUL-terminated: `len` bytes at `ptr`.
///
/// In results, `ptr` is NULL only for an absent value (an attribute the frame does not carry);
/// an empty value has a non-NULL `ptr` and `len` 0. In arguments, `{NULL, 0}` means absent.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct xmpp_wire_str {
    /// First byte, or NULL when absent.
    pub ptr: *const c_char,
    /// Length in bytes.
    pub len: usize,
}

impl xmpp_wire_str {
    /// An absent value.
    pub(crate) const NONE: xmpp_wire_str = xmpp_wire_str {
        ptr: core::ptr::null(),
        len: 0,
    };

    /// A view of `bytes`; empty input gets a real address rather than a dangling one.
    pub(crate) fn from_bytes(bytes: &[u8]) -> xmpp_wire_str {
        static EMPTY: u8 = 0;
        let ptr = if bytes.is_empty() {
            &EMPTY as *const u8
        } else {
            bytes.as_ptr()
        };
        xmpp_wire_str {
            ptr: ptr.cast(),
            len: bytes.len(),
        }
    }

    /// A view of a static string.
    pub(crate) fn from_static(s: &'static str) -> xmpp_wire_str {
        xmpp_wire_str::from_bytes(s.as_bytes())
    }

    /// The optional string this argument stands for.
    pub(crate) fn arg<'a>(self) -> Result<Option<&'a str>, xmpp_wire_status> {
        boundary::opt_str(self.ptr, self.len)
    }
}

/// What a frame is: the four kinds of frame the parser delivers.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_frame_kind {
    /// A stream header `<stream:stream …>` (also after a restart, RFC 6120 §4.3.3).
    StreamOpen,
    /// A `message`, `presence` or `iq` in a content namespace; see `stanza_kind`.
    Stanza,
    /// Any other top-level element: features, SASL, STARTTLS, stream errors, WebSocket
    /// `open`/`close`.
    Element,
    /// The stream's closing tag `</stream:stream>`.
    StreamClose,
}

/// Which stanza a `STANZA` frame is (RFC 6120 §8).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_stanza_kind {
    /// The frame is not a stanza.
    None,
    /// `<message/>`.
    Message,
    /// `<presence/>`.
    Presence,
    /// `<iq/>`.
    Iq,
}

/// A breach of the IQ rules of RFC 6120 §8.2.3: a diagnostic on the frame, not a stream error.
/// Each calls for a `bad-request` stanza error reply.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_iq_problem {
    /// No problem (or not an IQ).
    None,
    /// No `id` attribute.
    MissingId,
    /// No `type` attribute.
    MissingType,
    /// A `type` other than `get`, `set`, `result` or `error`.
    UnknownType,
    /// A `get` or `set` without exactly one payload.
    RequestPayloadCount,
    /// A `result` with more than one payload.
    ResultPayloadCount,
}

impl From<Option<IqProblem>> for xmpp_wire_iq_problem {
    fn from(problem: Option<IqProblem>) -> xmpp_wire_iq_problem {
        match problem {
            None => xmpp_wire_iq_problem::None,
            Some(IqProblem::MissingId) => xmpp_wire_iq_problem::MissingId,
            Some(IqProblem::MissingType) => xmpp_wire_iq_problem::MissingType,
            Some(IqProblem::UnknownType) => xmpp_wire_iq_problem::UnknownType,
            Some(IqProblem::RequestPayloadCount) => xmpp_wire_iq_problem::RequestPayloadCount,
            Some(IqProblem::ResultPayloadCount) => xmpp_wire_iq_problem::ResultPayloadCount,
        }
    }
}

/// One complete unit of the stream, filled by `xmpp_wire_parser_next_frame`.
///
/// The caller owns the struct; every pointer in it borrows the parser (its buffer, or its frame
/// cache) and stays valid until the next `feed`, `next_frame`, `reset` or `free` on that
/// parser. Copy what you need to keep.
///
/// ```text
/// <iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>
/// ------------------------------------------------------------- raw (offset: its first byte)
///  --                                                           name
///            ---                                                stanza_type
///                        ---------------------------------      xmpp_wire_frame_payload(f, 0)
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct xmpp_wire_frame {
    /// Stream open, stanza, other element, or stream close.
    pub kind: xmpp_wire_frame_kind,
    /// For `STANZA` frames, which stanza; `NONE` otherwise.
    pub stanza_kind: xmpp_wire_stanza_kind,
    /// The frames JSONL v1 kind: `stream-open`, `message`, `presence`, `iq`, `element` or
    /// `stream-close` (static).
    pub kind_name: xmpp_wire_str,
    /// Byte offset of the frame's `<` from the start of the stream (after `reset`, of the new
    /// stream).
    pub offset: u64,
    /// The bytes exactly as received: the whole element, or the stream's start or end tag.
    /// `raw.len` is the frame's length.
    pub raw: xmpp_wire_str,
    /// Local name of a stanza or element (`message`, `features`); absent for stream frames.
    pub name: xmpp_wire_str,
    /// Namespace name: the element's for stanzas and elements (empty for no namespace); for a
    /// stream open, the content namespace it declares as default (empty if none); absent for a
    /// stream close.
    pub ns: xmpp_wire_str,
    /// `to`, decoded (RFC 6120 §8.1.1, §4.7.2); absent if the frame has none.
    pub to: xmpp_wire_str,
    /// `from`, decoded (RFC 6120 §8.1.2, §4.7.1).
    pub from: xmpp_wire_str,
    /// `id`, decoded (RFC 6120 §8.1.3, §4.7.3).
    pub id: xmpp_wire_str,
    /// `type`, decoded (RFC 6120 §8.1.4); absent on stream frames.
    pub stanza_type: xmpp_wire_str,
    /// `xml:lang`, decoded (RFC 6120 §8.1.5, §4.7.4).
    pub lang: xmpp_wire_str,
    /// `version` of a stream open (RFC 6120 §4.7.5); absent on other frames.
    pub version: xmpp_wire_str,
    /// Number of attributes, namespace declarations excluded; see `xmpp_wire_frame_attr_at`.
    pub attr_count: usize,
    /// Number of payloads (direct child elements); see `xmpp_wire_frame_payload`.
    pub payload_count: usize,
    /// For IQ stanzas, the first RFC 6120 §8.2.3 rule broken; `NONE` otherwise.
    pub iq_problem: xmpp_wire_iq_problem,
    /// The parser that filled this frame. Used by the accessors; do not change it.
    pub parser: *const xmpp_wire_parser,
    /// Which `next_frame` call filled this frame. Used by the accessors to refuse an expired
    /// frame with `XMPP_WIRE_STATUS_FRAME_EXPIRED`; do not change it.
    pub serial: u64,
}

/// One attribute of a frame, from `xmpp_wire_frame_attr_at`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct xmpp_wire_attr {
    /// The qualified name as written, e.g. `xml:lang`.
    pub name: xmpp_wire_str,
    /// The value after unescaping and attribute-value normalisation (XML 1.0 §3.3.3).
    pub value: xmpp_wire_str,
}

/// One payload (direct child element) of a frame, from `xmpp_wire_frame_payload`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct xmpp_wire_payload {
    /// Its namespace name, resolved; empty for no namespace.
    pub ns: xmpp_wire_str,
    /// Its local name.
    pub name: xmpp_wire_str,
    /// Its bytes exactly as received, from `<` through its last `>`.
    pub raw: xmpp_wire_str,
    /// Byte offset of its `<` in the stream.
    pub offset: u64,
}

/// A string in the cache's text arena.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: usize,
    len: usize,
}

#[derive(Clone, Copy, Debug)]
struct PayloadEntry {
    ns: Span,
    name: Span,
    raw: xmpp_wire_str,
    offset: u64,
}

/// What the C accessors need from the current frame, copied while the core's view is alive.
/// Reused from frame to frame, so a steady stream allocates nothing here.
#[derive(Debug, Default)]
pub(crate) struct FrameCache {
    /// Every string the frame struct and accessors hand out, except raw bytes, back to back.
    text: String,
    attrs: Vec<(Span, Span)>,
    payloads: Vec<PayloadEntry>,
    name: Option<Span>,
    ns: Option<Span>,
    routing: [Option<Span>; 6],
}

/// Indexes of `FrameCache::routing`.
const TO: usize = 0;
const FROM: usize = 1;
const ID: usize = 2;
const TYPE: usize = 3;
const LANG: usize = 4;
const VERSION: usize = 5;

impl FrameCache {
    fn push_str(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        Span {
            start,
            len: s.len(),
        }
    }

    /// Appends the decoded value (no copy of the decoding rules: `Display` is the core's).
    fn push_value(&mut self, value: &Value<'_>) -> Span {
        let start = self.text.len();
        match value.as_plain() {
            Some(plain) => self.text.push_str(plain),
            // Writing into a `String` cannot fail.
            None => {
                let _ = write!(self.text, "{value}");
            }
        }
        Span {
            start,
            len: self.text.len() - start,
        }
    }

    fn push_opt(&mut self, value: Option<Value<'_>>) -> Option<Span> {
        value.map(|value| self.push_value(&value))
    }

    fn get(&self, span: Span) -> &str {
        &self.text[span.start..span.start + span.len]
    }

    fn c_str(&self, span: Span) -> xmpp_wire_str {
        xmpp_wire_str::from_bytes(self.get(span).as_bytes())
    }

    fn c_opt(&self, span: Option<Span>) -> xmpp_wire_str {
        span.map_or(xmpp_wire_str::NONE, |span| self.c_str(span))
    }

    /// Copies what C may ask about `frame` and returns the filled struct.
    pub(crate) fn fill(
        &mut self,
        frame: &Frame<'_>,
        parser: *const xmpp_wire_parser,
        serial: u64,
    ) -> xmpp_wire_frame {
        self.text.clear();
        self.attrs.clear();
        self.payloads.clear();
        self.name = None;
        self.ns = None;
        self.routing = [None; 6];
        let mut stanza_kind = xmpp_wire_stanza_kind::None;
        let mut iq_problem = xmpp_wire_iq_problem::None;
        let kind = match frame {
            Frame::StreamOpen(open) => {
                self.ns = Some(self.push_str(open.ns()));
                for attr in open.attrs() {
                    let name = self.push_str(attr.name());
                    let value = self.push_value(&attr.value());
                    self.attrs.push((name, value));
                }
                self.routing = [
                    self.push_opt(open.to()),
                    self.push_opt(open.from()),
                    self.push_opt(open.id()),
                    None,
                    self.push_opt(open.lang()),
                    self.push_opt(open.version()),
                ];
                xmpp_wire_frame_kind::StreamOpen
            }
            Frame::Stanza(stanza) => {
                stanza_kind = match stanza.kind() {
                    StanzaKind::Message => xmpp_wire_stanza_kind::Message,
                    StanzaKind::Presence => xmpp_wire_stanza_kind::Presence,
                    StanzaKind::Iq => xmpp_wire_stanza_kind::Iq,
                };
                iq_problem = stanza.problem().into();
                self.routing[TO] = self.push_opt(stanza.to());
                self.routing[FROM] = self.push_opt(stanza.from());
                self.routing[ID] = self.push_opt(stanza.id());
                self.routing[TYPE] = self.push_opt(stanza.element().attr("type"));
                self.routing[LANG] = self.push_opt(stanza.lang());
                self.fill_element(stanza.element());
                xmpp_wire_frame_kind::Stanza
            }
            Frame::Element(element) => {
                self.routing[TO] = self.push_opt(element.attr("to"));
                self.routing[FROM] = self.push_opt(element.attr("from"));
                self.routing[ID] = self.push_opt(element.attr("id"));
                self.routing[TYPE] = self.push_opt(element.attr("type"));
                self.routing[LANG] = self.push_opt(element.attr("xml:lang"));
                self.fill_element(element);
                xmpp_wire_frame_kind::Element
            }
            Frame::StreamClose(_) => xmpp_wire_frame_kind::StreamClose,
        };
        xmpp_wire_frame {
            kind,
            stanza_kind,
            kind_name: xmpp_wire_str::from_static(frame.kind_str()),
            offset: frame.offset(),
            raw: xmpp_wire_str::from_bytes(frame.raw()),
            name: self.c_opt(self.name),
            ns: self.c_opt(self.ns),
            to: self.c_opt(self.routing[TO]),
            from: self.c_opt(self.routing[FROM]),
            id: self.c_opt(self.routing[ID]),
            stanza_type: self.c_opt(self.routing[TYPE]),
            lang: self.c_opt(self.routing[LANG]),
            version: self.c_opt(self.routing[VERSION]),
            attr_count: self.attrs.len(),
            payload_count: self.payloads.len(),
            iq_problem,
            parser,
            serial,
        }
    }

    fn fill_element(&mut self, element: &wire::Element<'_>) {
        self.name = Some(self.push_str(element.name()));
        self.ns = Some(self.push_value(&element.ns()));
        for attr in element.attrs() {
            let name = self.push_str(attr.name());
            let value = self.push_value(&attr.value());
            self.attrs.push((name, value));
        }
        for payload in element.payloads() {
            let ns = self.push_value(&payload.ns());
            let name = self.push_str(payload.name());
            self.payloads.push(PayloadEntry {
                ns,
                name,
                raw: xmpp_wire_str::from_bytes(payload.raw()),
                offset: payload.offset(),
            });
        }
    }

    /// The frame's decoded `to`, if it has one.
    pub(crate) fn to(&self) -> Option<&str> {
        self.routing[TO].map(|span| self.get(span))
    }

    /// The frame's decoded `from`, if it has one.
    pub(crate) fn from(&self) -> Option<&str> {
        self.routing[FROM].map(|span| self.get(span))
    }

    /// The frame's decoded `id`, if it has one.
    pub(crate) fn id(&self) -> Option<&str> {
        self.routing[ID].map(|span| self.get(span))
    }

    /// The decoded value of the first attribute whose qualified name is `name`.
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| self.get(*n) == name)
            .map(|(_, value)| self.get(*value))
    }
}

/// The cache of the parser that filled `frame`, if `frame` is still current.
fn cache_of<'a>(frame: *const xmpp_wire_frame) -> Result<&'a FrameCache, xmpp_wire_status> {
    let frame = boundary::get(frame)?;
    let parser: &xmpp_wire_parser = boundary::get(frame.parser)?;
    parser.current_cache(frame.serial)
}

/// Looks up the attribute named `name` (qualified, as written: `"type"`, `"xml:lang"`) and
/// copies its decoded value (unescaped, attribute-value normalised) into `buf`.
///
/// On success `*out_len` is the value's length. The value is not NUL-terminated; for a C
/// string, pass `cap - 1` and terminate it yourself. Returns `NOT_FOUND` if the frame has no
/// such attribute, `BUFFER_TOO_SMALL` with the needed length in `*out_len` if `cap` is too
/// small (nothing is copied then), `FRAME_EXPIRED` if the parser moved on. `buf` may be NULL
/// when `cap` is 0, to ask for the length.
///
/// Reads only: `frame` and `name` are borrowed for the call.
#[no_mangle]
pub extern "C" fn xmpp_wire_frame_attr(
    frame: *const xmpp_wire_frame,
    name: *const c_char,
    name_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let cache = cache_of(frame)?;
        let name = boundary::str(name, name_len)?;
        let buf = boundary::bytes_mut(buf.cast(), cap)?;
        let out_len = boundary::out(out_len)?;
        let value = cache.attr(name).ok_or(xmpp_wire_status::NotFound)?;
        if value.len() > buf.len() {
            out_len.write(value.len());
            return Err(xmpp_wire_status::BufferTooSmall);
        }
        buf[..value.len()].copy_from_slice(value.as_bytes());
        out_len.write(value.len());
        Ok(())
    })
}

/// The attribute at `index` (0 to `attr_count - 1`, in document order, namespace
/// declarations excluded), written to `*out_attr`. Its strings borrow the parser like the
/// frame's. Returns `INVALID_ARGUMENT` for an index past the end.
#[no_mangle]
pub extern "C" fn xmpp_wire_frame_attr_at(
    frame: *const xmpp_wire_frame,
    index: usize,
    out_attr: *mut xmpp_wire_attr,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let cache = cache_of(frame)?;
        let out_attr = boundary::out(out_attr)?;
        let (name, value) = *cache
            .attrs
            .get(index)
            .ok_or(xmpp_wire_status::InvalidArgument)?;
        out_attr.write(xmpp_wire_attr {
            name: cache.c_str(name),
            value: cache.c_str(value),
        });
        Ok(())
    })
}

/// The payload at `index` (0 to `payload_count - 1`, in document order), written to
/// `*out_payload`. Its strings borrow the parser like the frame's. Returns `INVALID_ARGUMENT`
/// for an index past the end.
#[no_mangle]
pub extern "C" fn xmpp_wire_frame_payload(
    frame: *const xmpp_wire_frame,
    index: usize,
    out_payload: *mut xmpp_wire_payload,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let cache = cache_of(frame)?;
        let out_payload = boundary::out(out_payload)?;
        let entry = *cache
            .payloads
            .get(index)
            .ok_or(xmpp_wire_status::InvalidArgument)?;
        out_payload.write(xmpp_wire_payload {
            ns: cache.c_str(entry.ns),
            name: cache.c_str(entry.name),
            raw: entry.raw,
            offset: entry.offset,
        });
        Ok(())
    })
}
