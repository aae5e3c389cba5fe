//! ADAPTERS: minimal stop-gaps for what the core does not offer yet. Each names the core API
//! that would replace it; the binding's report to the lead lists them.
//!
//! 1. [`with_frame`]: a view of a frame's owned bytes. The core's views (`Element`, `Stanza`)
//!    can only be made by a `StreamParser` over its own buffer, but a Python frame outlives that
//!    buffer: it owns a copy of its bytes. To walk a frame again (`to_element`, `IqTracker`),
//!    the copy is parsed again by the core, which checks it once more and hands out its views.
//!    Nothing here interprets XML; it only places the bytes where the core expects them:
//!    - TCP (RFC 6120): a top-level element inherits the content namespace and the stream prefix
//!      from the header and nothing else (DESIGN.md "Self-contained frames"), so the copy is
//!      parsed after a minimal header declaring exactly those two;
//!    - WebSocket (RFC 7395) and document mode: every element stands alone, so the copy is
//!      parsed as one document.
//!
//!    Core replacement: e.g. `Frame::reparse(raw, StreamScope, &Config) -> Result<Frame<'_>, StreamError>`.
//! 2. [`copy_element`]: writing a parsed element (a checked raw payload) through the writer.
//!    Core replacement: `Writer::copy_element(&Element<'_>)`.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use xmpp_wire::{
    ns, Config, Element, Frame, Limits, Mode, Node, Sink, StreamError, StreamParser, WriteError,
    Writer,
};

use crate::frame::StreamContext;

/// Runs `f` on the core's view of a frame whose bytes are `raw`, parsed in `ctx`'s stream.
pub(crate) fn with_frame<R>(
    raw: &[u8],
    ctx: &StreamContext,
    f: impl FnOnce(&Frame<'_>) -> R,
) -> PyResult<R> {
    let mut input = Vec::with_capacity(raw.len() + 128);
    let mode = match ctx.config.mode {
        Mode::Tcp => {
            let prefix = ctx.stream_prefix.as_deref();
            input.push(b'<');
            if let Some(prefix) = prefix {
                input.extend_from_slice(prefix.as_bytes());
                input.push(b':');
            }
            input.extend_from_slice(b"stream");
            if !ctx.content_ns.is_empty() || prefix.is_none() {
                // With no stream prefix the stream element's own default namespace is the
                // streams namespace, and the content namespace was necessarily "".
                let default = if prefix.is_none() {
                    ns::STREAMS
                } else {
                    ctx.content_ns
                };
                input.extend_from_slice(b" xmlns='");
                input.extend_from_slice(default.as_bytes());
                input.push(b'\'');
            }
            if let Some(prefix) = prefix {
                input.extend_from_slice(b" xmlns:");
                input.extend_from_slice(prefix.as_bytes());
                input.extend_from_slice(b"='");
                input.extend_from_slice(ns::STREAMS.as_bytes());
                input.push(b'\'');
            }
            input.push(b'>');
            Mode::Tcp
        }
        Mode::WebSocket | Mode::Document => Mode::Document,
    };
    let header_len = input.len();
    input.extend_from_slice(raw);
    let config = Config {
        mode,
        limits: Limits {
            // The frame passed the stream's limits already; only the header is added.
            max_stanza_size: ctx
                .config
                .limits
                .max_stanza_size
                .max(raw.len())
                .max(header_len),
            ..ctx.config.limits
        },
        ..ctx.config
    };
    let mut parser = StreamParser::new(vec![0u8; input.len()], config);
    let taken = parser.feed(&input);
    debug_assert_eq!(taken, input.len());
    loop {
        match parser.next_frame() {
            Ok(Some(Frame::StreamOpen(_))) if mode == Mode::Tcp => continue,
            Ok(Some(frame)) => return Ok(f(&frame)),
            Ok(None) => return Err(internal(None)),
            Err(error) => return Err(internal(Some(error))),
        }
    }
}

/// The frame's bytes did not parse again: a bug in this adapter or in the core.
fn internal(error: Option<StreamError>) -> PyErr {
    let detail = error.map_or_else(|| "incomplete".to_owned(), |e| e.to_string());
    PyRuntimeError::new_err(format!(
        "xmpp_wire internal error: a frame did not parse again ({detail})"
    ))
}

/// Writes a parsed element (a checked raw payload) through the writer, as written: its name,
/// namespace declarations, attributes, text and children.
///
/// What the core could offer instead: `Writer::copy_element(&Element<'_>)`, useful beyond
/// bindings (forwarding a payload into a reply).
pub(crate) fn copy_element<S: Sink>(
    w: &mut Writer<S>,
    element: &Element<'_>,
) -> Result<(), WriteError> {
    w.start(element.qname())?;
    for (prefix, uri) in element.namespace_declarations() {
        let uri = uri.to_string();
        if prefix.is_empty() {
            w.ns(&uri)?;
        } else {
            w.ns_prefix(prefix, &uri)?;
        }
    }
    for attr in element.attrs() {
        w.attr_value(attr.name(), attr.value())?;
    }
    for node in element.nodes() {
        match node {
            Node::Text(value) => {
                w.text_value(value)?;
            }
            Node::Element(child) => copy_element(w, &child)?,
        }
    }
    w.end()?;
    Ok(())
}
