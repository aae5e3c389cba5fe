//! The writer as functions returning `bytes`: stream header, stanzas with payloads, IQ replies,
//! stream errors and the closing tag. Every name, character and escape is the core writer's.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use xmpp_wire::writer::reply::{self, ErrorType, Request, StanzaErrorCondition};
use xmpp_wire::writer::{StanzaHeader, StreamHeader};
use xmpp_wire::{ns, Condition, Config, Limits, Mode, StreamParser, Writer};

use crate::adapter;
use crate::errors::{self, write_error};
use crate::etree;
use crate::frame::Stanza;

type VecWriter = Writer<Vec<u8>>;

fn mode_of(name: &str) -> PyResult<Mode> {
    Mode::from_name(name).ok_or_else(|| PyValueError::new_err(format!("unknown mode {name:?}")))
}

fn writer(mode: &str) -> PyResult<VecWriter> {
    Ok(Writer::with_mode(Vec::new(), mode_of(mode)?))
}

fn done(py: Python<'_>, mut w: VecWriter) -> PyResult<Bound<'_, PyBytes>> {
    w.finish().map_err(write_error)?;
    Ok(PyBytes::new(py, &w.into_sink()))
}

/// Checks `xml` with the core's parser in document mode (one well-formed, namespace-well-formed
/// element within the default limits, RFC 6120 §11.1 restricted XML) and runs `f` on its view.
fn with_document<R>(
    py: Python<'_>,
    xml: &[u8],
    f: impl FnOnce(&xmpp_wire::Element<'_>) -> R,
) -> PyResult<R> {
    // Room for the whole input and one byte more, so that an unclosed element is reported as
    // such at the end of input, not as crossing the size limit.
    let room = xml.len() + 1;
    let config = Config {
        mode: Mode::Document,
        limits: Limits {
            max_stanza_size: room,
            ..Limits::DEFAULT
        },
        ..Config::default()
    };
    // First pass: the whole input, nothing after the root element, and the end of input.
    let mut parser = StreamParser::new(vec![0u8; room], config);
    parser.feed(xml);
    let checked = (|| {
        while parser.next_frame()?.is_some() {}
        parser.finish()
    })();
    if let Err(error) = checked {
        return Err(errors::stream_error(py, &error, PyList::empty(py)));
    }
    // Second pass: the view of the root, which the first pass showed to be all there is.
    let mut parser = StreamParser::new(vec![0u8; room], config);
    parser.feed(xml);
    match parser.next_frame() {
        Ok(Some(frame)) => match frame.element() {
            Some(element) => Ok(f(element)),
            None => Err(PyValueError::new_err("not an element")),
        },
        Ok(None) | Err(_) => Err(PyValueError::new_err("not an element")),
    }
}

/// Writes one payload: an ElementTree element, or raw XML as `bytes` or `str`.
///
/// Raw XML is checked by the core's parser first and then written through the core's writer,
/// so malformed or restricted XML (RFC 6120 §11.1) never reaches the output.
fn write_payload(
    py: Python<'_>,
    w: &mut VecWriter,
    payload: &Bound<'_, PyAny>,
    inherited: &str,
) -> PyResult<()> {
    if payload.is_instance(etree::element_class(py)?)? {
        return etree::write_element(w, payload, inherited);
    }
    let text;
    let xml: &[u8] = if let Ok(bytes) = payload.cast::<PyBytes>() {
        bytes.as_bytes()
    } else if let Ok(s) = payload.cast::<PyString>() {
        text = s.to_cow()?;
        text.as_bytes()
    } else {
        return Err(PyTypeError::new_err(
            "a payload is an xml.etree.ElementTree.Element, or raw XML as bytes or str",
        ));
    };
    with_document(py, xml, |element| adapter::copy_element(w, element))?.map_err(write_error)
}

/// Writes every payload of `payloads` (any iterable; `None` for none).
fn write_payloads(
    py: Python<'_>,
    w: &mut VecWriter,
    payloads: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let Some(payloads) = payloads else {
        return Ok(());
    };
    // A single payload is accepted as well as a list of them.
    if payloads.is_instance(etree::element_class(py)?)?
        || payloads.is_instance_of::<PyBytes>()
        || payloads.is_instance_of::<PyString>()
    {
        return write_payload(py, w, payloads, ns::JABBER_CLIENT);
    }
    for payload in payloads.try_iter()? {
        // Stanza children inherit the content namespace (`jabber:client` for ElementTree input).
        write_payload(py, w, &payload?, ns::JABBER_CLIENT)?;
    }
    Ok(())
}

/// `<?xml version='1.0'?><stream:stream …>`, or `<open …/>` in WebSocket mode.
#[pyfunction]
#[pyo3(signature = (*, to = None, from_ = None, id = None, version = StreamHeader::default().version, lang = None, ns = StreamHeader::default().ns, mode = "tcp"))]
#[allow(clippy::too_many_arguments)]
pub fn stream_open<'py>(
    py: Python<'py>,
    to: Option<&str>,
    from_: Option<&str>,
    id: Option<&str>,
    version: Option<&str>,
    lang: Option<&str>,
    ns: &str,
    mode: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut w = writer(mode)?;
    w.stream_open(&StreamHeader {
        to,
        from: from_,
        id,
        version,
        lang,
        ns,
    })
    .map_err(write_error)?;
    done(py, w)
}

/// One of `message`, `presence`, `iq`.
#[allow(clippy::too_many_arguments)]
fn stanza<'py>(
    py: Python<'py>,
    name: &str,
    header: StanzaHeader<'_>,
    payloads: Option<&Bound<'py, PyAny>>,
    mode: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut w = writer(mode)?;
    match name {
        "message" => w.message(&header),
        "presence" => w.presence(&header),
        _ => w.iq(&header),
    }
    .map_err(write_error)?;
    write_payloads(py, &mut w, payloads)?;
    w.end().map_err(write_error)?;
    done(py, w)
}

/// `<message …>payloads</message>`.
#[pyfunction]
#[pyo3(signature = (payloads = None, *, to = None, from_ = None, id = None, r#type = None, lang = None, mode = "tcp"))]
#[allow(clippy::too_many_arguments)]
pub fn message<'py>(
    py: Python<'py>,
    payloads: Option<&Bound<'py, PyAny>>,
    to: Option<&str>,
    from_: Option<&str>,
    id: Option<&str>,
    r#type: Option<&str>,
    lang: Option<&str>,
    mode: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let header = StanzaHeader {
        to,
        from: from_,
        id,
        stanza_type: r#type,
        lang,
    };
    stanza(py, "message", header, payloads, mode)
}

/// `<presence …>payloads</presence>`.
#[pyfunction]
#[pyo3(signature = (payloads = None, *, to = None, from_ = None, id = None, r#type = None, lang = None, mode = "tcp"))]
#[allow(clippy::too_many_arguments)]
pub fn presence<'py>(
    py: Python<'py>,
    payloads: Option<&Bound<'py, PyAny>>,
    to: Option<&str>,
    from_: Option<&str>,
    id: Option<&str>,
    r#type: Option<&str>,
    lang: Option<&str>,
    mode: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let header = StanzaHeader {
        to,
        from: from_,
        id,
        stanza_type: r#type,
        lang,
    };
    stanza(py, "presence", header, payloads, mode)
}

/// `<iq …>payload</iq>`.
#[pyfunction]
#[pyo3(signature = (payloads = None, *, to = None, from_ = None, id = None, r#type = None, lang = None, mode = "tcp"))]
#[allow(clippy::too_many_arguments)]
pub fn iq<'py>(
    py: Python<'py>,
    payloads: Option<&Bound<'py, PyAny>>,
    to: Option<&str>,
    from_: Option<&str>,
    id: Option<&str>,
    r#type: Option<&str>,
    lang: Option<&str>,
    mode: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let header = StanzaHeader {
        to,
        from: from_,
        id,
        stanza_type: r#type,
        lang,
    };
    stanza(py, "iq", header, payloads, mode)
}

/// The decoded `id`, `from` and `to` of a received stanza, which a reply swaps.
struct Addresses {
    id: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn addresses(py: Python<'_>, frame: &Bound<'_, PyAny>) -> PyResult<Addresses> {
    let stanza = frame
        .cast::<Stanza>()
        .map_err(|_| PyTypeError::new_err("a reply answers a Stanza frame"))?
        .get();
    let attr = |name: &str| stanza.data.attr_str(py, name).map(str::to_owned);
    Ok(Addresses {
        id: attr("id"),
        from: attr("from"),
        to: attr("to"),
    })
}

impl Addresses {
    fn request(&self) -> Request<'_> {
        Request {
            id: self.id.as_deref(),
            from: self.from.as_deref(),
            to: self.to.as_deref(),
        }
    }
}

/// `<iq type='result'>` answering `frame` (RFC 6120 §8.2.3), with an optional payload.
#[pyfunction]
#[pyo3(signature = (frame, payload = None, *, mode = "tcp"))]
pub fn iq_result<'py>(
    py: Python<'py>,
    frame: &Bound<'py, PyAny>,
    payload: Option<&Bound<'py, PyAny>>,
    mode: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let addresses = addresses(py, frame)?;
    let mut w = writer(mode)?;
    reply::iq_result_plain_open(&mut w, &addresses.request()).map_err(write_error)?;
    write_payloads(py, &mut w, payload)?;
    w.end().map_err(write_error)?;
    done(py, w)
}

/// `<iq type='error'>` answering `frame` with a stanza error (RFC 6120 §8.3).
#[pyfunction]
#[pyo3(signature = (frame, condition, text = None, *, r#type = None, mode = "tcp"))]
pub fn iq_error<'py>(
    py: Python<'py>,
    frame: &Bound<'py, PyAny>,
    condition: &str,
    text: Option<&str>,
    r#type: Option<&str>,
    mode: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let condition = StanzaErrorCondition::from_name(condition).ok_or_else(|| {
        PyValueError::new_err(format!("unknown stanza error condition {condition:?}"))
    })?;
    let error_type = match r#type {
        Some(name) => ErrorType::from_name(name)
            .ok_or_else(|| PyValueError::new_err(format!("unknown error type {name:?}")))?,
        None => condition.default_type(),
    };
    let addresses = addresses(py, frame)?;
    let mut w = writer(mode)?;
    reply::iq_error_plain(&mut w, &addresses.request(), error_type, condition, text)
        .map_err(write_error)?;
    done(py, w)
}

/// `<stream:error>` with a condition of RFC 6120 §4.9.3.
#[pyfunction]
#[pyo3(signature = (condition, text = None, *, mode = "tcp"))]
pub fn stream_error<'py>(
    py: Python<'py>,
    condition: &str,
    text: Option<&str>,
    mode: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let condition = Condition::from_name(condition).ok_or_else(|| {
        PyValueError::new_err(format!("unknown stream error condition {condition:?}"))
    })?;
    let mut w = writer(mode)?;
    w.stream_error(condition, text).map_err(write_error)?;
    done(py, w)
}

/// `</stream:stream>`, or `<close/>` in WebSocket mode.
#[pyfunction]
#[pyo3(signature = (*, mode = "tcp"))]
pub fn stream_close<'py>(py: Python<'py>, mode: &str) -> PyResult<Bound<'py, PyBytes>> {
    let mut w = writer(mode)?;
    w.stream_close().map_err(write_error)?;
    done(py, w)
}
