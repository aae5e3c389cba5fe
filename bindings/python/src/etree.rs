//! ElementTree interop: frames to `xml.etree.ElementTree.Element`, and elements to writer calls.
//!
//! ElementTree names things in Clark notation, `{namespace}local`, with no prefixes; so do
//! slixmpp and most Python XMPP code. Both directions only translate between that model and the
//! core's: namespaces are resolved by the core's views when reading, and names, characters and
//! escaping are checked by the core's writer when writing.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyType};
use xmpp_wire::{ns, Element, Node, Sink, Writer};

use crate::adapter;
use crate::errors::write_error;
use crate::frame::ElementData;

static ET_ELEMENT: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `xml.etree.ElementTree.Element`.
pub(crate) fn element_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    ET_ELEMENT.import(py, "xml.etree.ElementTree", "Element")
}

/// `{ns}local`, or `local` for no namespace.
fn clark(ns: &str, local: &str) -> String {
    if ns.is_empty() {
        local.to_owned()
    } else {
        format!("{{{ns}}}{local}")
    }
}

/// The frame as a new ElementTree element.
pub(crate) fn to_element<'py>(py: Python<'py>, data: &ElementData) -> PyResult<Bound<'py, PyAny>> {
    let class = element_class(py)?;
    adapter::with_frame(data.raw(py), data.ctx(), |frame| match frame.element() {
        Some(element) => build(py, class, element),
        None => Err(PyTypeError::new_err("not an element frame")),
    })?
}

/// Builds `element` and its descendants (recursion depth is bounded by `Limits::max_depth`).
fn build<'py>(
    py: Python<'py>,
    class: &Bound<'py, PyType>,
    element: &Element<'_>,
) -> PyResult<Bound<'py, PyAny>> {
    let attrib = PyDict::new(py);
    for attr in element.attrs() {
        let key = match attr.prefix() {
            // Namespaces 1.0 §6.2: an unprefixed attribute is in no namespace.
            None => attr.name().to_owned(),
            Some(prefix) => {
                let uri = element
                    .resolve_prefix(prefix)
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                clark(&uri, attr.local_name())
            }
        };
        attrib.set_item(key, attr.value().to_string())?;
    }
    let tag = clark(&element.ns().to_string(), element.name());
    let built = class.call1((tag, attrib))?;
    // ElementTree keeps text before the first child in `.text`, text after a child in its `.tail`.
    let mut text = String::new();
    let mut last: Option<Bound<'py, PyAny>> = None;
    for node in element.nodes() {
        match node {
            Node::Text(value) => text.extend(value.chars()),
            Node::Element(child) => {
                flush_text(py, &built, last.as_ref(), &mut text)?;
                let child = build(py, class, &child)?;
                built.call_method1("append", (&child,))?;
                last = Some(child);
            }
        }
    }
    flush_text(py, &built, last.as_ref(), &mut text)?;
    Ok(built)
}

fn flush_text(
    py: Python<'_>,
    parent: &Bound<'_, PyAny>,
    last: Option<&Bound<'_, PyAny>>,
    text: &mut String,
) -> PyResult<()> {
    if text.is_empty() {
        return Ok(());
    }
    let value = PyString::new(py, text);
    match last {
        Some(child) => child.setattr("tail", value)?,
        None => parent.setattr("text", value)?,
    }
    text.clear();
    Ok(())
}

/// `{ns}local` split, `("", tag)` for no namespace.
fn split_clark(tag: &str) -> PyResult<(&str, &str)> {
    match tag.strip_prefix('{') {
        Some(rest) => rest
            .split_once('}')
            .ok_or_else(|| PyTypeError::new_err(format!("malformed Clark name {tag:?}"))),
        None => Ok(("", tag)),
    }
}

/// Writes ElementTree element `el` (with its children and their tails, not its own tail),
/// inside an element whose default namespace is `inherited`.
///
/// A default namespace is declared where an element's namespace differs from its parent's
/// (`xmlns=''` for no namespace inside a namespaced parent); an attribute in a namespace other
/// than `xml` gets a prefix `ns0`, `ns1`, … declared on its element, as ElementTree itself
/// writes them.
pub(crate) fn write_element<S: Sink>(
    w: &mut Writer<S>,
    el: &Bound<'_, PyAny>,
    inherited: &str,
) -> PyResult<()> {
    let tag = el.getattr("tag")?;
    let tag = tag
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err("ElementTree comments and processing instructions cannot be written (RFC 6120 §11.1)"))?
        .extract::<String>()?;
    let (uri, local) = split_clark(&tag)?;
    w.start(local).map_err(write_error)?;
    if uri != inherited {
        w.ns(uri).map_err(write_error)?;
    }
    let attrib = el.getattr("attrib")?;
    let attrib = attrib
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("attrib must be a dict"))?;
    let mut declared = 0;
    for (key, value) in attrib.iter() {
        let key: String = key.extract()?;
        let value: String = value.extract()?;
        let (attr_ns, attr_local) = split_clark(&key)?;
        if attr_ns.is_empty() {
            w.attr(attr_local, &value).map_err(write_error)?;
        } else if attr_ns == ns::XML {
            w.attr(&format!("xml:{attr_local}"), &value)
                .map_err(write_error)?;
        } else {
            let prefix = format!("ns{declared}");
            declared += 1;
            w.ns_prefix(&prefix, attr_ns).map_err(write_error)?;
            w.attr(&format!("{prefix}:{attr_local}"), &value)
                .map_err(write_error)?;
        }
    }
    if let Some(text) = el.getattr("text")?.extract::<Option<String>>()? {
        w.text(&text).map_err(write_error)?;
    }
    for child in el.try_iter()? {
        let child = child?;
        write_element(w, &child, uri)?;
        if let Some(tail) = child.getattr("tail")?.extract::<Option<String>>()? {
            w.text(&tail).map_err(write_error)?;
        }
    }
    w.end().map_err(write_error)?;
    Ok(())
}
