//! Raising the exceptions of `xmpp_wire/errors.py` (plain Python classes) from Rust.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};
use xmpp_wire::{StreamError, TrackError, WriteError};

static STREAM_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static WRITE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TRACK_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Builds an instance of `xmpp_wire.errors.NAME(message, **kwargs)` as a `PyErr`.
fn raise(
    py: Python<'_>,
    cell: &PyOnceLock<Py<PyType>>,
    name: &str,
    message: String,
    kwargs: &Bound<'_, PyDict>,
) -> PyErr {
    let built = cell
        .import(py, "xmpp_wire.errors", name)
        .and_then(|class| class.call((message,), Some(kwargs)));
    match built {
        Ok(instance) => PyErr::from_value(instance),
        Err(error) => error,
    }
}

/// `StreamError` with the condition, offset and reason of `error`, and `frames`: the frames
/// completed before it in the call that raised it.
pub(crate) fn stream_error(
    py: Python<'_>,
    error: &StreamError,
    frames: Bound<'_, PyList>,
) -> PyErr {
    let kwargs = PyDict::new(py);
    let filled = kwargs
        .set_item("condition", error.condition().as_str())
        .and_then(|()| kwargs.set_item("offset", error.offset()))
        .and_then(|()| kwargs.set_item("reason", error.reason().message()))
        .and_then(|()| kwargs.set_item("frames", frames));
    if let Err(e) = filled {
        return e;
    }
    raise(py, &STREAM_ERROR, "StreamError", error.to_string(), &kwargs)
}

/// `WriteError` for `error`, with `.index` for a character XML cannot carry.
pub(crate) fn write_error(error: WriteError) -> PyErr {
    Python::attach(|py| {
        let kwargs = PyDict::new(py);
        let index = match error {
            WriteError::InvalidChar { index } => Some(index),
            _ => None,
        };
        if let Err(e) = kwargs.set_item("index", index) {
            return e;
        }
        raise(py, &WRITE_ERROR, "WriteError", error.to_string(), &kwargs)
    })
}

/// `TrackError` for `error`.
pub(crate) fn track_error(error: TrackError) -> PyErr {
    Python::attach(|py| {
        raise(
            py,
            &TRACK_ERROR,
            "TrackError",
            error.to_string(),
            &PyDict::new(py),
        )
    })
}
