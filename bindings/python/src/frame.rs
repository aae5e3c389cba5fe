//! Frame objects: frozen Python classes over an owned copy of a frame's bytes.
//!
//! A core frame borrows the parser's buffer, which the next `feed` overwrites, so each frame is
//! copied once into a Python `bytes` object. What the core's views found in it (names, attribute
//! values, payload namespaces) is kept as spans of those bytes, and a Python `str` is built only
//! when a property is first read. A value that needed decoding (`&amp;`, attribute-value
//! normalisation) is decoded by the core at feed time and kept as the decoded string.
//!
//! ```text
//! <iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>
//! ------------------------------------------------------------- xml (one bytes object)
//!     ----  ---                                                 attrs: (name span, value span)
//!                         -----        ----------------         payloads: (ns span, name span)
//! ```

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};
use xmpp_wire::{ns, Config, Element as CoreElement, Frame, IqProblem, StanzaKind, Value};

use crate::etree;

/// What the frames of one stream share: the parser's configuration and what a top-level element
/// inherits from the stream header (the content namespace and the stream prefix, DESIGN.md).
#[derive(Debug)]
pub(crate) struct StreamContext {
    /// The configuration the frames were parsed with.
    pub(crate) config: Config,
    /// The header's default namespace, `""` when none (always `""` in WebSocket mode).
    pub(crate) content_ns: &'static str,
    /// The prefix the header bound to `http://etherx.jabber.org/streams`.
    pub(crate) stream_prefix: Option<Box<str>>,
}

/// A string of a frame: a span of its bytes when the core had nothing to decode, or owned.
#[derive(Clone, Debug)]
pub(crate) enum Text {
    /// `raw[start..end]`.
    Span(u32, u32),
    /// A namespace the frame inherits rather than declares (content or stream namespace).
    Static(&'static str),
    /// A value the core decoded (references, normalised white space).
    Owned(Box<str>),
}

impl Text {
    /// `s` as a span of `raw` when it lies inside it, else a copy.
    fn of_str(raw: &[u8], s: &str, ctx: &StreamContext) -> Text {
        let base = raw.as_ptr() as usize;
        let at = s.as_ptr() as usize;
        if at >= base && at + s.len() <= base + raw.len() {
            let start = (at - base) as u32;
            return Text::Span(start, start + s.len() as u32);
        }
        // Inherited namespaces come from the stream header, not from these bytes.
        [ctx.content_ns, ns::STREAMS, ns::XML, ns::XMLNS]
            .into_iter()
            .find(|known| *known == s)
            .map_or_else(|| Text::Owned(s.into()), Text::Static)
    }

    /// A decoded value: its raw span when decoding changes nothing (the core's fast path).
    fn of_value(raw: &[u8], value: Value<'_>, ctx: &StreamContext) -> Text {
        match value.as_plain() {
            Some(plain) => Text::of_str(raw, plain, ctx),
            None => Text::Owned(value.to_string().into_boxed_str()),
        }
    }

    /// The string, given the frame's bytes.
    pub(crate) fn as_str<'a>(&'a self, raw: &'a [u8]) -> &'a str {
        match self {
            // Spans were cut by the core at character boundaries of validated UTF-8.
            Text::Span(start, end) => {
                std::str::from_utf8(&raw[*start as usize..*end as usize]).unwrap_or_default()
            }
            Text::Static(s) => s,
            Text::Owned(s) => s,
        }
    }
}

/// What the core's element view found: names, namespace, attributes, payload children.
#[derive(Debug)]
pub(crate) struct ElementSpans {
    local: Text,
    ns: Text,
    attrs: Vec<(Text, Text)>,
    payloads: Vec<(Text, Text)>,
}

impl ElementSpans {
    fn of(raw: &[u8], element: &CoreElement<'_>, ctx: &StreamContext) -> ElementSpans {
        ElementSpans {
            local: Text::of_str(raw, element.name(), ctx),
            ns: Text::of_value(raw, element.ns(), ctx),
            attrs: element
                .attrs()
                .map(|attr| {
                    (
                        Text::of_str(raw, attr.name(), ctx),
                        Text::of_value(raw, attr.value(), ctx),
                    )
                })
                .collect(),
            payloads: element
                .payloads()
                .map(|child| {
                    (
                        Text::of_value(raw, child.ns(), ctx),
                        Text::of_str(raw, child.name(), ctx),
                    )
                })
                .collect(),
        }
    }
}

/// A frame copied out of the parser, without Python objects yet (built while the GIL may be
/// released).
#[derive(Debug)]
pub(crate) struct Collected {
    raw: Vec<u8>,
    offset: u64,
    ctx: Arc<StreamContext>,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Open {
        attrs: Vec<(Text, Text)>,
    },
    Stanza {
        spans: ElementSpans,
        kind: StanzaKind,
        problem: Option<IqProblem>,
    },
    Element(ElementSpans),
    Close,
}

impl Collected {
    /// Copies `frame` and records its spans; `ctx` is the stream it belongs to.
    pub(crate) fn of(frame: &Frame<'_>, ctx: &Arc<StreamContext>) -> Collected {
        let raw = frame.raw();
        let body = match frame {
            Frame::StreamOpen(open) => Body::Open {
                attrs: open
                    .attrs()
                    .map(|attr| {
                        (
                            Text::of_str(raw, attr.name(), ctx),
                            Text::of_value(raw, attr.value(), ctx),
                        )
                    })
                    .collect(),
            },
            Frame::Stanza(stanza) => Body::Stanza {
                spans: ElementSpans::of(raw, stanza.element(), ctx),
                kind: stanza.kind(),
                problem: stanza.problem(),
            },
            Frame::Element(element) => Body::Element(ElementSpans::of(raw, element, ctx)),
            Frame::StreamClose(_) => Body::Close,
        };
        Collected {
            raw: raw.to_vec(),
            offset: frame.offset(),
            ctx: Arc::clone(ctx),
            body,
        }
    }

    /// The Python frame object.
    pub(crate) fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let shared = Shared {
            xml: PyBytes::new(py, &self.raw).unbind(),
            offset: self.offset,
            ctx: self.ctx,
        };
        Ok(match self.body {
            Body::Open { attrs } => Py::new(
                py,
                StreamOpen {
                    shared,
                    attrs,
                    attrs_cache: PyOnceLock::new(),
                },
            )?
            .into_any(),
            Body::Stanza {
                spans,
                kind,
                problem,
            } => Py::new(
                py,
                Stanza {
                    data: ElementData::new(shared, spans),
                    kind,
                    problem,
                },
            )?
            .into_any(),
            Body::Element(spans) => Py::new(
                py,
                Element {
                    data: ElementData::new(shared, spans),
                },
            )?
            .into_any(),
            Body::Close => Py::new(py, StreamClose { shared })?.into_any(),
        })
    }
}

/// What every frame object holds: its bytes (as the `bytes` object `xml` returns), its offset in
/// the stream, and the stream's context.
#[derive(Debug)]
pub(crate) struct Shared {
    xml: Py<PyBytes>,
    offset: u64,
    ctx: Arc<StreamContext>,
}

impl Shared {
    fn raw<'a>(&'a self, py: Python<'a>) -> &'a [u8] {
        self.xml.as_bytes(py)
    }

    fn text<'py>(&self, py: Python<'py>, text: &Text) -> Bound<'py, PyString> {
        PyString::new(py, text.as_str(self.raw(py)))
    }

    /// The value of the attribute written as `name`, built now.
    fn attr<'py>(
        &self,
        py: Python<'py>,
        attrs: &[(Text, Text)],
        name: &str,
    ) -> Option<Bound<'py, PyString>> {
        let raw = self.raw(py);
        attrs
            .iter()
            .find(|(n, _)| n.as_str(raw) == name)
            .map(|(_, value)| PyString::new(py, value.as_str(raw)))
    }

    /// A new dict of the attributes in document order, from a cached one.
    fn attrs<'py>(
        &self,
        py: Python<'py>,
        attrs: &[(Text, Text)],
        cache: &PyOnceLock<Py<PyDict>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let dict = cache.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
            let raw = self.raw(py);
            let dict = PyDict::new(py);
            for (name, value) in attrs {
                dict.set_item(name.as_str(raw), value.as_str(raw))?;
            }
            Ok(dict.unbind())
        })?;
        // A copy, so that a caller's change never shows in the frozen frame.
        dict.bind(py).copy()
    }

    pub(crate) fn ctx(&self) -> &StreamContext {
        &self.ctx
    }
}

/// The part of `Stanza` and `Element` that is the same: an element view.
pub(crate) struct ElementData {
    shared: Shared,
    spans: ElementSpans,
    attrs_cache: PyOnceLock<Py<PyDict>>,
    payloads_cache: PyOnceLock<Py<PyTuple>>,
}

impl ElementData {
    fn new(shared: Shared, spans: ElementSpans) -> ElementData {
        ElementData {
            shared,
            spans,
            attrs_cache: PyOnceLock::new(),
            payloads_cache: PyOnceLock::new(),
        }
    }

    /// The frame's bytes.
    pub(crate) fn raw<'a>(&'a self, py: Python<'a>) -> &'a [u8] {
        self.shared.raw(py)
    }

    pub(crate) fn ctx(&self) -> &StreamContext {
        self.shared.ctx()
    }

    fn attr<'py>(&self, py: Python<'py>, name: &str) -> Option<Bound<'py, PyString>> {
        self.shared.attr(py, &self.spans.attrs, name)
    }

    /// The decoded value of the attribute written as `name`.
    pub(crate) fn attr_str<'a>(&'a self, py: Python<'a>, name: &str) -> Option<&'a str> {
        let raw = self.raw(py);
        self.spans
            .attrs
            .iter()
            .find(|(n, _)| n.as_str(raw) == name)
            .map(|(_, value)| value.as_str(raw))
    }

    fn attrs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.shared.attrs(py, &self.spans.attrs, &self.attrs_cache)
    }

    fn payloads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let tuple = self
            .payloads_cache
            .get_or_try_init(py, || -> PyResult<Py<PyTuple>> {
                let raw = self.raw(py);
                let items = self
                    .spans
                    .payloads
                    .iter()
                    .map(|(ns, name)| PyTuple::new(py, [ns.as_str(raw), name.as_str(raw)]))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(PyTuple::new(py, items)?.unbind())
            })?;
        Ok(tuple.bind(py).clone())
    }

    fn len(&self, py: Python<'_>) -> usize {
        self.raw(py).len()
    }
}

/// A stream header (RFC 6120 §4.7). See `_native.pyi` for the Python documentation.
#[pyclass(frozen, module = "xmpp_wire._native")]
pub struct StreamOpen {
    shared: Shared,
    attrs: Vec<(Text, Text)>,
    attrs_cache: PyOnceLock<Py<PyDict>>,
}

#[pymethods]
impl StreamOpen {
    #[getter]
    fn kind(&self) -> &'static str {
        "stream-open"
    }

    #[getter]
    fn offset(&self) -> u64 {
        self.shared.offset
    }

    #[getter]
    fn ns(&self) -> &'static str {
        self.shared.ctx.content_ns
    }

    #[getter]
    fn stream_prefix(&self) -> Option<&str> {
        self.shared.ctx.stream_prefix.as_deref()
    }

    #[getter]
    fn attrs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.shared.attrs(py, &self.attrs, &self.attrs_cache)
    }

    #[getter]
    fn to<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.shared.attr(py, &self.attrs, "to")
    }

    #[getter]
    fn from_<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.shared.attr(py, &self.attrs, "from")
    }

    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.shared.attr(py, &self.attrs, "id")
    }

    #[getter]
    fn version<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.shared.attr(py, &self.attrs, "version")
    }

    #[getter]
    fn lang<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.shared.attr(py, &self.attrs, "xml:lang")
    }

    #[getter]
    fn xml(&self, py: Python<'_>) -> Py<PyBytes> {
        self.shared.xml.clone_ref(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "StreamOpen(offset={}, ns={:?})",
            self.shared.offset, self.shared.ctx.content_ns
        )
    }
}

/// A `message`, `presence` or `iq` (RFC 6120 §8). See `_native.pyi`.
#[pyclass(frozen, module = "xmpp_wire._native")]
pub struct Stanza {
    pub(crate) data: ElementData,
    kind: StanzaKind,
    problem: Option<IqProblem>,
}

#[pymethods]
impl Stanza {
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind.as_str()
    }

    #[getter]
    fn name(&self) -> &'static str {
        self.kind.as_str()
    }

    #[getter]
    fn offset(&self) -> u64 {
        self.data.shared.offset
    }

    #[getter]
    fn len(&self, py: Python<'_>) -> usize {
        self.data.len(py)
    }

    #[getter]
    fn ns<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        self.data.shared.text(py, &self.data.spans.ns)
    }

    #[getter]
    fn attrs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.data.attrs(py)
    }

    #[getter]
    fn payloads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.data.payloads(py)
    }

    #[getter]
    fn to<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.data.attr(py, "to")
    }

    #[getter]
    fn from_<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.data.attr(py, "from")
    }

    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.data.attr(py, "id")
    }

    #[getter(r#type)]
    fn stanza_type<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.data.attr(py, "type")
    }

    #[getter]
    fn lang<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        self.data.attr(py, "xml:lang")
    }

    #[getter]
    fn problem(&self) -> Option<&'static str> {
        self.problem.map(IqProblem::message)
    }

    #[getter]
    fn xml(&self, py: Python<'_>) -> Py<PyBytes> {
        self.data.shared.xml.clone_ref(py)
    }

    fn to_element<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        etree::to_element(py, &self.data)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Stanza(kind='{}', offset={}, len={})",
            self.kind.as_str(),
            self.data.shared.offset,
            self.data.len(py)
        )
    }
}

/// Any other top-level element. See `_native.pyi`.
#[pyclass(frozen, module = "xmpp_wire._native")]
pub struct Element {
    pub(crate) data: ElementData,
}

#[pymethods]
impl Element {
    #[getter]
    fn kind(&self) -> &'static str {
        "element"
    }

    #[getter]
    fn name<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        self.data.shared.text(py, &self.data.spans.local)
    }

    #[getter]
    fn offset(&self) -> u64 {
        self.data.shared.offset
    }

    #[getter]
    fn len(&self, py: Python<'_>) -> usize {
        self.data.len(py)
    }

    #[getter]
    fn ns<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        self.data.shared.text(py, &self.data.spans.ns)
    }

    #[getter]
    fn attrs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.data.attrs(py)
    }

    #[getter]
    fn payloads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.data.payloads(py)
    }

    #[getter]
    fn xml(&self, py: Python<'_>) -> Py<PyBytes> {
        self.data.shared.xml.clone_ref(py)
    }

    fn to_element<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        etree::to_element(py, &self.data)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let raw = self.data.raw(py);
        format!(
            "Element(name='{}', ns='{}', offset={}, len={})",
            self.data.spans.local.as_str(raw),
            self.data.spans.ns.as_str(raw),
            self.data.shared.offset,
            raw.len()
        )
    }
}

/// The stream's closing tag (RFC 6120 §4.4). See `_native.pyi`.
#[pyclass(frozen, module = "xmpp_wire._native")]
pub struct StreamClose {
    shared: Shared,
}

#[pymethods]
impl StreamClose {
    #[getter]
    fn kind(&self) -> &'static str {
        "stream-close"
    }

    #[getter]
    fn offset(&self) -> u64 {
        self.shared.offset
    }

    #[getter]
    fn xml(&self, py: Python<'_>) -> Py<PyBytes> {
        self.shared.xml.clone_ref(py)
    }

    fn __repr__(&self) -> String {
        format!("StreamClose(offset={})", self.shared.offset)
    }
}
