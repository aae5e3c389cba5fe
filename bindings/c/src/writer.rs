//! The writer: one-call functions that write a stream header, a stream error, a stream close or
//! an IQ reply into a caller's buffer, and a writer handle that builds stanzas with attributes,
//! payloads and text, then copies them out.
//!
//! Escaping, name checks and the refusal of characters XML cannot carry are the core's
//! (`wire::Writer`); this module converts arguments and results only.

use core::ffi::c_char;

use wire::writer::reply::{self, ErrorType, Request, StanzaErrorCondition};
use wire::writer::{StanzaHeader, StreamHeader};
use wire::{Mode, SliceSink, WriteError, Writer};

use crate::boundary::{self, Outcome};
use crate::frame::{xmpp_wire_frame, xmpp_wire_frame_kind, xmpp_wire_str};
use crate::parser::{mode_from_c, xmpp_wire_parser};
use crate::status::{xmpp_wire_condition, xmpp_wire_status};

/// The `type` of a stanza error: what the sender should do next (RFC 6120 §8.3.2). Passed as
/// `uint32_t`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_error_type {
    /// Retry after providing credentials.
    Auth,
    /// Do not retry.
    Cancel,
    /// Proceed: only a warning.
    Continue,
    /// Retry after changing the data sent.
    Modify,
    /// Retry after waiting.
    Wait,
}

/// A stanza error condition (RFC 6120 §8.3.3), in RFC order. Passed as `uint32_t`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_stanza_error {
    /// §8.3.3.1 `bad-request`.
    BadRequest,
    /// §8.3.3.2 `conflict`.
    Conflict,
    /// §8.3.3.3 `feature-not-implemented`.
    FeatureNotImplemented,
    /// §8.3.3.4 `forbidden`.
    Forbidden,
    /// §8.3.3.5 `gone`.
    Gone,
    /// §8.3.3.6 `internal-server-error`.
    InternalServerError,
    /// §8.3.3.7 `item-not-found`.
    ItemNotFound,
    /// §8.3.3.8 `jid-malformed`.
    JidMalformed,
    /// §8.3.3.9 `not-acceptable`.
    NotAcceptable,
    /// §8.3.3.10 `not-allowed`.
    NotAllowed,
    /// §8.3.3.11 `not-authorized`.
    NotAuthorized,
    /// §8.3.3.12 `policy-violation`.
    PolicyViolation,
    /// §8.3.3.13 `recipient-unavailable`.
    RecipientUnavailable,
    /// §8.3.3.14 `redirect`.
    Redirect,
    /// §8.3.3.15 `registration-required`.
    RegistrationRequired,
    /// §8.3.3.16 `remote-server-not-found`.
    RemoteServerNotFound,
    /// §8.3.3.17 `remote-server-timeout`.
    RemoteServerTimeout,
    /// §8.3.3.18 `resource-constraint`.
    ResourceConstraint,
    /// §8.3.3.19 `service-unavailable`: the usual answer to an unsupported request.
    ServiceUnavailable,
    /// §8.3.3.20 `subscription-required`.
    SubscriptionRequired,
    /// §8.3.3.21 `undefined-condition`.
    UndefinedCondition,
    /// §8.3.3.22 `unexpected-request`.
    UnexpectedRequest,
}

/// The core's error type for a C value: the position in `ErrorType::ALL` (a unit test checks
/// the C enum against it).
fn error_type_from_c(value: u32) -> Result<ErrorType, xmpp_wire_status> {
    ErrorType::ALL
        .get(value as usize)
        .copied()
        .ok_or(xmpp_wire_status::InvalidArgument)
}

/// The core's stanza error condition for a C value: the position in `StanzaErrorCondition::ALL`.
fn stanza_error_from_c(value: u32) -> Result<StanzaErrorCondition, xmpp_wire_status> {
    StanzaErrorCondition::ALL
        .get(value as usize)
        .copied()
        .ok_or(xmpp_wire_status::InvalidArgument)
}

/// The attributes of a stream header (RFC 6120 §4.7). Start from
/// `xmpp_wire_stream_header_default()`; absent fields (`ptr` NULL) are not written.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct xmpp_wire_stream_header {
    /// `to`: the entity the stream is addressed to (§4.7.2).
    pub to: xmpp_wire_str,
    /// `from`: the entity opening the stream (§4.7.1).
    pub from: xmpp_wire_str,
    /// `id`: the stream ID, set by the receiving entity (§4.7.3).
    pub id: xmpp_wire_str,
    /// `version`: `"1.0"` by default; absent for a pre-1.0 stream (§4.7.5).
    pub version: xmpp_wire_str,
    /// `xml:lang` (§4.7.4).
    pub lang: xmpp_wire_str,
    /// The content namespace declared as default, `jabber:client` by default; absent or empty
    /// declares none. Not written in WebSocket mode.
    pub ns: xmpp_wire_str,
}

/// The core's default stream header: a client stream (`jabber:client`) of version 1.0, no
/// addresses. The strings are static. Thread-safe.
#[no_mangle]
pub extern "C" fn xmpp_wire_stream_header_default() -> xmpp_wire_stream_header {
    let header = StreamHeader::default();
    let opt = |s: Option<&'static str>| s.map_or(xmpp_wire_str::NONE, xmpp_wire_str::from_static);
    xmpp_wire_stream_header {
        to: opt(header.to),
        from: opt(header.from),
        id: opt(header.id),
        version: opt(header.version),
        lang: opt(header.lang),
        ns: xmpp_wire_str::from_static(header.ns),
    }
}

impl xmpp_wire_stream_header {
    fn read(&self) -> Result<StreamHeader<'_>, xmpp_wire_status> {
        Ok(StreamHeader {
            to: self.to.arg()?,
            from: self.from.arg()?,
            id: self.id.arg()?,
            version: self.version.arg()?,
            lang: self.lang.arg()?,
            ns: self.ns.arg()?.unwrap_or(""),
        })
    }
}

/// The routing attributes of a stanza to write (RFC 6120 §8.1). A zero-filled struct has none;
/// absent fields (`ptr` NULL) are not written.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct xmpp_wire_stanza_header {
    /// `to` (§8.1.1).
    pub to: xmpp_wire_str,
    /// `from` (§8.1.2).
    pub from: xmpp_wire_str,
    /// `id` (§8.1.3); required on an `iq`.
    pub id: xmpp_wire_str,
    /// `type`, e.g. `"get"`, `"chat"`, `"unavailable"` (§8.1.4).
    pub stanza_type: xmpp_wire_str,
    /// `xml:lang` (§8.1.5).
    pub lang: xmpp_wire_str,
}

impl xmpp_wire_stanza_header {
    fn read(&self) -> Result<StanzaHeader<'_>, xmpp_wire_status> {
        Ok(StanzaHeader {
            to: self.to.arg()?,
            from: self.from.arg()?,
            id: self.id.arg()?,
            stanza_type: self.stanza_type.arg()?,
            lang: self.lang.arg()?,
        })
    }
}

/// The `id`, `from` and `to` of the IQ that `frame` shows, for a reply. The values come from the
/// parser's frame cache (decoded), not from the pointers in the struct.
fn request_of<'a>(frame: *const xmpp_wire_frame) -> Result<Request<'a>, xmpp_wire_status> {
    let frame = boundary::get(frame)?;
    let parser: &xmpp_wire_parser = boundary::get(frame.parser)?;
    let cache = parser.current_cache(frame.serial)?;
    // A reply answers a stanza; the Rust API says so in its types (`&Stanza`).
    if frame.kind != xmpp_wire_frame_kind::Stanza {
        return Err(xmpp_wire_status::InvalidArgument);
    }
    Ok(Request {
        id: cache.id(),
        from: cache.from(),
        to: cache.to(),
    })
}

/// Runs `write` on a writer over the caller's buffer, then reports the length written, or the
/// length needed when the buffer is too small.
fn write_into(
    mode: u32,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
    write: impl FnOnce(&mut Writer<SliceSink<'_>>) -> Result<(), WriteError>,
) -> Outcome {
    let mode = mode_from_c(mode)?;
    let out_len = boundary::out(out_len)?;
    let buf = boundary::bytes_mut(buf.cast(), cap)?;
    let mut writer = Writer::with_mode(SliceSink::new(buf), mode);
    write(&mut writer)?;
    match writer.finish() {
        Ok(()) => {
            out_len.write(writer.sink().written().len());
            Ok(())
        }
        Err(WriteError::BufferTooSmall { needed }) => {
            out_len.write(needed);
            Err(xmpp_wire_status::BufferTooSmall)
        }
        Err(error) => Err(error.into()),
    }
}

/// Writes a stream header into `buf`: the XML declaration and `<stream:stream …>` (RFC 6120
/// §4.7), or `<open …/>` in WebSocket mode (RFC 7395 §3.4).
///
/// `mode` is an `xmpp_wire_mode`. On success `*out_len` is the length written (no NUL is
/// added). Returns `BUFFER_TOO_SMALL` with the needed length in `*out_len` if `cap` is too
/// small; `buf` may be NULL when `cap` is 0, to ask for the length. `INVALID_CHAR` or
/// `INVALID_UTF8` for a value that cannot be written. Thread-safe.
#[no_mangle]
pub extern "C" fn xmpp_wire_write_stream_open(
    mode: u32,
    header: *const xmpp_wire_stream_header,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let header = boundary::get(header)?.read()?;
        write_into(mode, buf, cap, out_len, |w| w.stream_open(&header))
    })
}

/// Writes a stream error into `buf` (RFC 6120 §4.9): `<stream:error>` with `condition` (an
/// `xmpp_wire_condition`) and, if `text` is not NULL, a `<text/>`. Send a stream close after it
/// (§4.9.1.1). Lengths and statuses as for `xmpp_wire_write_stream_open`. Thread-safe.
#[no_mangle]
pub extern "C" fn xmpp_wire_write_stream_error(
    mode: u32,
    condition: u32,
    text: *const c_char,
    text_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let condition =
            xmpp_wire_condition::from_c(condition).ok_or(xmpp_wire_status::InvalidArgument)?;
        let text = boundary::opt_str(text, text_len)?;
        write_into(mode, buf, cap, out_len, |w| w.stream_error(condition, text))
    })
}

/// Writes the stream's closing tag into `buf`: `</stream:stream>` (RFC 6120 §4.4), or
/// `<close/>` in WebSocket mode (RFC 7395 §3.6). Lengths and statuses as for
/// `xmpp_wire_write_stream_open`. Thread-safe.
#[no_mangle]
pub extern "C" fn xmpp_wire_write_stream_close(
    mode: u32,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| write_into(mode, buf, cap, out_len, |w| w.stream_close()))
}

/// Writes `<iq type='result'/>` answering the IQ in `request` into `buf`: the request's `id`,
/// `to` and `from` swapped (RFC 6120 §8.2.3). `request` must be its parser's current frame
/// (`FRAME_EXPIRED` otherwise) and a stanza (`INVALID_ARGUMENT` otherwise); check its
/// `stanza_type` (`get` or `set`) and `iq_problem` before replying. Lengths and statuses as for
/// `xmpp_wire_write_stream_open`.
#[no_mangle]
pub extern "C" fn xmpp_wire_write_iq_result(
    request: *const xmpp_wire_frame,
    mode: u32,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let request = request_of(request)?;
        write_into(mode, buf, cap, out_len, |w| {
            reply::iq_result_plain(w, &request)
        })
    })
}

/// Writes `<iq type='error'>` answering the IQ in `request` into `buf`, with the stanza error of
/// RFC 6120 §8.3: `error_type` (an `xmpp_wire_error_type`), `condition` (an
/// `xmpp_wire_stanza_error`) and, if `text` is not NULL, a `<text/>`. Otherwise as
/// `xmpp_wire_write_iq_result`.
#[no_mangle]
pub extern "C" fn xmpp_wire_write_iq_error(
    request: *const xmpp_wire_frame,
    mode: u32,
    error_type: u32,
    condition: u32,
    text: *const c_char,
    text_len: usize,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let request = request_of(request)?;
        let error_type = error_type_from_c(error_type)?;
        let condition = stanza_error_from_c(condition)?;
        let text = boundary::opt_str(text, text_len)?;
        write_into(mode, buf, cap, out_len, |w| {
            reply::iq_error_plain(w, &request, error_type, condition, text)
        })
    })
}

/// Builds XML one call at a time (opaque): stanzas, their attributes, payload elements and text.
/// Output collects inside the writer until `xmpp_wire_writer_finish` copies it out. Create it
/// with `xmpp_wire_writer_new`, free it with `xmpp_wire_writer_free`. Not thread-safe: use it
/// from one thread at a time.
///
/// A refused call (`INVALID_NAME`, `INVALID_CHAR`, `UNBALANCED`, `TOO_DEEP`, `INVALID_UTF8`)
/// writes nothing, and the
/// writer can go on.
///
/// ```c
/// xmpp_wire_stanza_header h = { .to = { "juliet@example.com", 18 }, .stanza_type = { "chat", 4 } };
/// xmpp_wire_writer_message(w, &h);
/// xmpp_wire_writer_element(w, "body", 4, "Hi", 2);
/// xmpp_wire_writer_end(w);
/// xmpp_wire_writer_finish(w, buf, sizeof buf, &len);
/// // buf: <message to='juliet@example.com' type='chat'><body>Hi</body></message>
/// ```
pub struct xmpp_wire_writer {
    writer: Writer<Vec<u8>>,
}

/// Creates a writer for `mode` (an `xmpp_wire_mode`) and stores it in `*out_writer`. The caller
/// owns it and frees it with `xmpp_wire_writer_free`.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_new(
    mode: u32,
    out_writer: *mut *mut xmpp_wire_writer,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let mode: Mode = mode_from_c(mode)?;
        let out_writer = boundary::out(out_writer)?;
        let writer = Writer::with_mode(Vec::new(), mode);
        out_writer.write(boundary::into_raw(xmpp_wire_writer { writer }));
        Ok(())
    })
}

/// Runs one writer verb on the handle.
fn with_writer(
    writer: *mut xmpp_wire_writer,
    verb: impl FnOnce(&mut Writer<Vec<u8>>) -> Outcome,
) -> xmpp_wire_status {
    boundary::run(|| verb(&mut boundary::get_mut(writer)?.writer))
}

/// Maps a writer verb's result.
fn done<T>(result: Result<T, WriteError>) -> Outcome {
    result.map(drop).map_err(xmpp_wire_status::from)
}

/// Writes a stream header (see `xmpp_wire_write_stream_open`). Only between top-level elements.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_stream_open(
    writer: *mut xmpp_wire_writer,
    header: *const xmpp_wire_stream_header,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let header = boundary::get(header)?.read()?;
        done(w.stream_open(&header))
    })
}

/// Writes a stream error (see `xmpp_wire_write_stream_error`). Only between top-level elements.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_stream_error(
    writer: *mut xmpp_wire_writer,
    condition: u32,
    text: *const c_char,
    text_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let condition =
            xmpp_wire_condition::from_c(condition).ok_or(xmpp_wire_status::InvalidArgument)?;
        let text = boundary::opt_str(text, text_len)?;
        done(w.stream_error(condition, text))
    })
}

/// Writes the stream's closing tag (see `xmpp_wire_write_stream_close`).
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_stream_close(writer: *mut xmpp_wire_writer) -> xmpp_wire_status {
    with_writer(writer, |w| done(w.stream_close()))
}

/// Writes one space between top-level elements: a whitespace keepalive (RFC 6120 §4.6.1).
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_keepalive(writer: *mut xmpp_wire_writer) -> xmpp_wire_status {
    with_writer(writer, |w| done(w.keepalive()))
}

/// Starts a `<message>` with the attributes in `*header`; write its payloads, then
/// `xmpp_wire_writer_end`.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_message(
    writer: *mut xmpp_wire_writer,
    header: *const xmpp_wire_stanza_header,
) -> xmpp_wire_status {
    with_writer(writer, |w| done(w.message(&boundary::get(header)?.read()?)))
}

/// Starts a `<presence>` with the attributes in `*header`; `xmpp_wire_writer_end` it after any
/// payloads.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_presence(
    writer: *mut xmpp_wire_writer,
    header: *const xmpp_wire_stanza_header,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        done(w.presence(&boundary::get(header)?.read()?))
    })
}

/// Starts an `<iq>` with the attributes in `*header`; write its payload, then
/// `xmpp_wire_writer_end`.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_iq(
    writer: *mut xmpp_wire_writer,
    header: *const xmpp_wire_stanza_header,
) -> xmpp_wire_status {
    with_writer(writer, |w| done(w.iq(&boundary::get(header)?.read()?)))
}

/// Starts `<iq type='result'>` answering the IQ in `request` (see `xmpp_wire_write_iq_result`)
/// and leaves it open for a payload; `xmpp_wire_writer_end` it after.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_iq_result(
    writer: *mut xmpp_wire_writer,
    request: *const xmpp_wire_frame,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let request = request_of(request)?;
        done(reply::iq_result_plain_open(w, &request))
    })
}

/// Writes a whole `<iq type='error'>` answering the IQ in `request` (see
/// `xmpp_wire_write_iq_error`).
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_iq_error(
    writer: *mut xmpp_wire_writer,
    request: *const xmpp_wire_frame,
    error_type: u32,
    condition: u32,
    text: *const c_char,
    text_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let request = request_of(request)?;
        let error_type = error_type_from_c(error_type)?;
        let condition = stanza_error_from_c(condition)?;
        let text = boundary::opt_str(text, text_len)?;
        done(reply::iq_error_plain(
            w, &request, error_type, condition, text,
        ))
    })
}

/// Writes a stanza error element (RFC 6120 §8.3.2) inside the stanza being written, e.g. in a
/// `message` or `presence` of type `error`: `error_type` is an `xmpp_wire_error_type`,
/// `condition` an `xmpp_wire_stanza_error`, `text` optional (NULL).
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_error_element(
    writer: *mut xmpp_wire_writer,
    error_type: u32,
    condition: u32,
    text: *const c_char,
    text_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let error_type = error_type_from_c(error_type)?;
        let condition = stanza_error_from_c(condition)?;
        let text = boundary::opt_str(text, text_len)?;
        done(reply::error_element(w, error_type, condition, text))
    })
}

/// Starts element `qname` (e.g. `"query"`, `"x:item"`). Attributes and namespace declarations
/// may follow until content does. Declare each prefix you use with `xmpp_wire_writer_ns_prefix`.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_start(
    writer: *mut xmpp_wire_writer,
    qname: *const c_char,
    qname_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| done(w.start(boundary::str(qname, qname_len)?)))
}

/// Adds attribute `qname='value'` to the element just started; `value` is escaped. Each
/// attribute may appear once (XML 1.0); the writer does not check.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_attr(
    writer: *mut xmpp_wire_writer,
    qname: *const c_char,
    qname_len: usize,
    value: *const c_char,
    value_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let qname = boundary::str(qname, qname_len)?;
        let value = boundary::str(value, value_len)?;
        done(w.attr(qname, value))
    })
}

/// Declares `uri` as the default namespace of the element just started (`xmlns='uri'`).
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_ns(
    writer: *mut xmpp_wire_writer,
    uri: *const c_char,
    uri_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| done(w.ns(boundary::str(uri, uri_len)?)))
}

/// Binds `prefix` to `uri` on the element just started (`xmlns:prefix='uri'`).
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_ns_prefix(
    writer: *mut xmpp_wire_writer,
    prefix: *const c_char,
    prefix_len: usize,
    uri: *const c_char,
    uri_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let prefix = boundary::str(prefix, prefix_len)?;
        let uri = boundary::str(uri, uri_len)?;
        done(w.ns_prefix(prefix, uri))
    })
}

/// Writes character data inside the current element, escaped.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_text(
    writer: *mut xmpp_wire_writer,
    text: *const c_char,
    text_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| done(w.text(boundary::str(text, text_len)?)))
}

/// Writes `<qname>text</qname>` (`<qname/>` for empty text).
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_element(
    writer: *mut xmpp_wire_writer,
    qname: *const c_char,
    qname_len: usize,
    text: *const c_char,
    text_len: usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let qname = boundary::str(qname, qname_len)?;
        let text = boundary::str(text, text_len)?;
        done(w.element(qname, text))
    })
}

/// Ends the innermost open element: `/>` if it has no content, its end tag otherwise.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_end(writer: *mut xmpp_wire_writer) -> xmpp_wire_status {
    with_writer(writer, |w| done(w.end()))
}

/// Ends a unit of output (refused with `UNBALANCED` while an element is open) and copies
/// everything written since the last successful finish into `buf`.
///
/// On success `*out_len` is the length copied (no NUL is added) and the writer starts empty
/// again. Returns `BUFFER_TOO_SMALL` with the needed length in `*out_len` if `cap` is too
/// small; the output is kept, so call again with a larger buffer. `buf` may be NULL when `cap`
/// is 0, to ask for the length.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_finish(
    writer: *mut xmpp_wire_writer,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> xmpp_wire_status {
    with_writer(writer, |w| {
        let out_len = boundary::out(out_len)?;
        let buf = boundary::bytes_mut(buf.cast(), cap)?;
        done(w.finish())?;
        let output = w.sink_mut();
        if output.len() > buf.len() {
            out_len.write(output.len());
            return Err(xmpp_wire_status::BufferTooSmall);
        }
        buf[..output.len()].copy_from_slice(output);
        out_len.write(output.len());
        output.clear();
        Ok(())
    })
}

/// Frees the writer and any output not yet finished. NULL does nothing.
#[no_mangle]
pub extern "C" fn xmpp_wire_writer_free(writer: *mut xmpp_wire_writer) {
    boundary::run_or((), || boundary::drop_raw(writer));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_enums_follow_the_core_order() {
        for (i, t) in ErrorType::ALL.iter().enumerate() {
            assert_eq!(error_type_from_c(i as u32), Ok(*t));
        }
        let c_types = [
            xmpp_wire_error_type::Auth,
            xmpp_wire_error_type::Cancel,
            xmpp_wire_error_type::Continue,
            xmpp_wire_error_type::Modify,
            xmpp_wire_error_type::Wait,
        ];
        for (c, t) in c_types.iter().zip(ErrorType::ALL) {
            assert_eq!(format!("{c:?}").to_lowercase(), t.as_str());
        }
        assert_eq!(c_types.len(), ErrorType::ALL.len());
        use xmpp_wire_stanza_error::*;
        let c_conditions = [
            BadRequest,
            Conflict,
            FeatureNotImplemented,
            Forbidden,
            Gone,
            InternalServerError,
            ItemNotFound,
            JidMalformed,
            NotAcceptable,
            NotAllowed,
            NotAuthorized,
            PolicyViolation,
            RecipientUnavailable,
            Redirect,
            RegistrationRequired,
            RemoteServerNotFound,
            RemoteServerTimeout,
            ResourceConstraint,
            ServiceUnavailable,
            SubscriptionRequired,
            UndefinedCondition,
            UnexpectedRequest,
        ];
        assert_eq!(c_conditions.len(), StanzaErrorCondition::ALL.len());
        for (i, (c, core)) in c_conditions
            .iter()
            .zip(StanzaErrorCondition::ALL)
            .enumerate()
        {
            assert_eq!(*c as usize, i);
            assert_eq!(crate::status::kebab(&format!("{c:?}")), core.as_str());
        }
        assert!(stanza_error_from_c(c_conditions.len() as u32).is_err());
    }
}
