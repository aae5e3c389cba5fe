//! The native module `xmpp_wire._native` of the Python package `xmpp_wire`.
//!
//! This crate converts types and nothing else: parsing, checking, escaping and writing are the
//! core crate's (`xmpp-wire`). Users import `xmpp_wire`, whose `__init__.py` re-exports these
//! names; their documentation is in `python/xmpp_wire/_native.pyi`.
//!
//! - `parser.rs`: `StreamParser` (feed, finish, reset), the GIL released for large feeds.
//! - `frame.rs`: the frozen frame classes over an owned copy of each frame's bytes.
//! - `etree.rs`: `to_element()` and ElementTree payloads for the writer.
//! - `writer.rs`: the writer functions returning `bytes`.
//! - `iq_tracker.rs`: `IqTracker`.
//! - `errors.rs`: raising the exceptions defined in `xmpp_wire/errors.py`.
//! - `adapter.rs`: stop-gaps for what the core does not offer yet, each naming the core API
//!   that would replace it.

use pyo3::prelude::*;

mod adapter;
mod errors;
mod etree;
mod frame;
mod iq_tracker;
mod parser;
mod writer;

/// The module: classes, writer functions, version.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<parser::StreamParser>()?;
    m.add_class::<frame::StreamOpen>()?;
    m.add_class::<frame::Stanza>()?;
    m.add_class::<frame::Element>()?;
    m.add_class::<frame::StreamClose>()?;
    m.add_class::<iq_tracker::IqTracker>()?;
    m.add_function(wrap_pyfunction!(writer::stream_open, m)?)?;
    m.add_function(wrap_pyfunction!(writer::message, m)?)?;
    m.add_function(wrap_pyfunction!(writer::presence, m)?)?;
    m.add_function(wrap_pyfunction!(writer::iq, m)?)?;
    m.add_function(wrap_pyfunction!(writer::iq_result, m)?)?;
    m.add_function(wrap_pyfunction!(writer::iq_error, m)?)?;
    m.add_function(wrap_pyfunction!(writer::stream_error, m)?)?;
    m.add_function(wrap_pyfunction!(writer::stream_close, m)?)?;
    Ok(())
}
