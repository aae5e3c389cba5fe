//! `IqTracker` for Python: match IQ replies to requests and catch spoofed ones (RFC 6120 §8.2.3).

use pyo3::prelude::*;
use xmpp_wire::Frame;

use crate::adapter;
use crate::errors::track_error;
use crate::frame::Stanza;

/// Most requests pending at once. The core's tracker has fixed memory (some 330 bytes a slot);
/// 64 leaves a busy client room while staying small.
const CAPACITY: usize = 64;

/// Pending IQ requests of one account. See `_native.pyi` for the Python documentation.
#[pyclass(module = "xmpp_wire._native")]
pub struct IqTracker {
    inner: Box<xmpp_wire::IqTracker<CAPACITY>>,
}

#[pymethods]
impl IqTracker {
    #[classattr]
    const CAPACITY: usize = CAPACITY;

    #[new]
    fn new(account: &str) -> PyResult<IqTracker> {
        let inner = xmpp_wire::IqTracker::new(account).map_err(track_error)?;
        Ok(IqTracker {
            inner: Box::new(inner),
        })
    }

    #[getter]
    fn account(&self) -> &str {
        self.inner.account()
    }

    fn set_account(&mut self, account: &str) -> PyResult<()> {
        self.inner.set_account(account).map_err(track_error)
    }

    #[pyo3(signature = (id, to = None, *, now, timeout))]
    fn track(&mut self, id: &str, to: Option<&str>, now: u64, timeout: u64) -> PyResult<()> {
        self.inner.track(id, to, now, timeout).map_err(track_error)
    }

    fn on_stanza(&mut self, py: Python<'_>, frame: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        let Ok(stanza) = frame.cast::<Stanza>() else {
            return Ok("not-a-reply");
        };
        let data = &stanza.get().data;
        let inner = &mut self.inner;
        adapter::with_frame(data.raw(py), data.ctx(), |frame| match frame {
            Frame::Stanza(stanza) => inner.on_stanza(stanza).as_str(),
            _ => "not-a-reply",
        })
    }

    fn is_trusted_push(&self, py: Python<'_>, frame: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(stanza) = frame.cast::<Stanza>() else {
            return Ok(false);
        };
        let data = &stanza.get().data;
        adapter::with_frame(data.raw(py), data.ctx(), |frame| match frame {
            Frame::Stanza(stanza) => self.inner.is_trusted_push(stanza),
            _ => false,
        })
    }

    fn expire(&mut self, now: u64) -> Vec<(String, Option<String>)> {
        let mut expired = Vec::new();
        self.inner.expire(now, |id, to| {
            expired.push((id.to_owned(), to.map(str::to_owned)))
        });
        expired
    }

    fn next_deadline(&self) -> Option<u64> {
        self.inner.next_deadline()
    }

    fn cancel(&mut self, id: &str) -> bool {
        self.inner.cancel(id)
    }

    fn clear(&mut self) {
        self.inner.clear();
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "IqTracker(account={:?}, pending={})",
            self.inner.account(),
            self.inner.len()
        )
    }
}
