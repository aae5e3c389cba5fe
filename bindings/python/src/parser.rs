//! `StreamParser` for Python: `feed(data) -> list[Frame]`, `finish()`, `reset()`.

use std::sync::Arc;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList};
use xmpp_wire::{Config, Frame, Limits, Mode, StreamError};

use crate::errors::stream_error;
use crate::frame::{Collected, StreamContext};

/// Feeds at least this long are framed with the GIL released, so that other Python threads run
/// meanwhile; for shorter ones releasing and taking the GIL back costs more than it gives.
const DETACH_FROM: usize = 64 * 1024;

/// An incremental parser for one XMPP stream. See `_native.pyi` for the Python documentation.
#[pyclass(module = "xmpp_wire._native")]
pub struct StreamParser {
    parser: xmpp_wire::StreamParser<Box<[u8]>>,
    ctx: Arc<StreamContext>,
}

/// The context of a stream whose header has not been seen yet (and of every WebSocket frame,
/// which inherits nothing).
fn initial_context(config: Config) -> Arc<StreamContext> {
    Arc::new(StreamContext {
        config,
        content_ns: "",
        stream_prefix: None,
    })
}

/// The bytes handed to `feed`: a `bytes` object is immutable, so it is read in place, even with
/// the GIL released; anything else (a `bytearray` another thread may resize) is copied first.
enum Input<'py> {
    Bytes(Bound<'py, PyBytes>),
    Copied(Vec<u8>),
}

impl Input<'_> {
    fn of<'py>(data: &Bound<'py, PyAny>) -> PyResult<Input<'py>> {
        if let Ok(bytes) = data.cast::<PyBytes>() {
            return Ok(Input::Bytes(bytes.clone()));
        }
        if let Ok(array) = data.cast::<PyByteArray>() {
            return Ok(Input::Copied(array.to_vec()));
        }
        // memoryview and other buffers: `bytes(data)` copies them (and refuses `str`).
        let builtins = data.py().import("builtins")?;
        let bytes = builtins.getattr("bytes")?.call1((data,))?;
        Ok(Input::Bytes(bytes.cast_into::<PyBytes>()?))
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            Input::Bytes(bytes) => bytes.as_bytes(),
            Input::Copied(vec) => vec,
        }
    }
}

/// What one `feed` produced: the frames, then the stream error if one ended it.
struct Run {
    frames: Vec<Collected>,
    error: Option<StreamError>,
}

/// Feeds all of `input`, collecting every frame. Runs without the GIL.
fn run(
    parser: &mut xmpp_wire::StreamParser<Box<[u8]>>,
    ctx: &mut Arc<StreamContext>,
    mut input: &[u8],
) -> Result<Run, &'static str> {
    let mut frames = Vec::new();
    loop {
        let taken = parser.feed(input);
        input = &input[taken..];
        let before = frames.len();
        loop {
            match parser.next_frame() {
                Ok(Some(frame)) => {
                    if let Frame::StreamOpen(open) = &frame {
                        // A header (or a restart, RFC 6120 §4.3.3) sets what later frames inherit.
                        *ctx = Arc::new(StreamContext {
                            config: ctx.config,
                            content_ns: open.ns(),
                            stream_prefix: open.stream_prefix().map(Box::from),
                        });
                    }
                    frames.push(Collected::of(&frame, ctx));
                }
                Ok(None) => break,
                Err(error) => {
                    return Ok(Run {
                        frames,
                        error: Some(error),
                    })
                }
            }
        }
        if input.is_empty() {
            return Ok(Run {
                frames,
                error: None,
            });
        }
        if taken == 0 && frames.len() == before {
            // The buffer holds at least one largest frame, so the core always takes bytes or
            // completes a frame; this would be a bug.
            return Err("the parser stopped taking input");
        }
    }
}

#[pymethods]
impl StreamParser {
    #[new]
    #[pyo3(signature = (
        *,
        max_stanza_size = Limits::DEFAULT.max_stanza_size,
        mode = "tcp",
        max_depth = Limits::DEFAULT.max_depth,
        max_attributes = Limits::DEFAULT.max_attributes,
        max_namespaces = Limits::DEFAULT.max_namespaces,
    ))]
    fn new(
        max_stanza_size: usize,
        mode: &str,
        max_depth: usize,
        max_attributes: usize,
        max_namespaces: usize,
    ) -> PyResult<StreamParser> {
        let mode = Mode::from_name(mode)
            .ok_or_else(|| PyValueError::new_err(format!("unknown mode {mode:?}")))?;
        let config = Config {
            limits: Limits {
                max_stanza_size,
                max_depth,
                max_attributes,
                max_namespaces,
            },
            mode,
            ..Config::default()
        };
        // As the CLI does: room for a largest frame plus what follows it in one read.
        let buffer =
            vec![0u8; max_stanza_size.max(Limits::DEFAULT.max_stanza_size)].into_boxed_slice();
        let parser = xmpp_wire::StreamParser::new(buffer, config);
        let ctx = initial_context(*parser.config());
        Ok(StreamParser { parser, ctx })
    }

    fn feed<'py>(
        &mut self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let input = Input::of(data)?;
        let bytes = input.as_slice();
        let (parser, ctx) = (&mut self.parser, &mut self.ctx);
        let result = if bytes.len() >= DETACH_FROM {
            py.detach(|| run(parser, ctx, bytes))
        } else {
            run(parser, ctx, bytes)
        };
        let run = result.map_err(PyRuntimeError::new_err)?;
        let frames = PyList::empty(py);
        for frame in run.frames {
            frames.append(frame.into_py(py)?)?;
        }
        match run.error {
            None => Ok(frames),
            Some(error) => Err(stream_error(py, &error, frames)),
        }
    }

    fn finish(&mut self, py: Python<'_>) -> PyResult<()> {
        self.parser
            .finish()
            .map_err(|error| stream_error(py, &error, PyList::empty(py)))
    }

    fn reset(&mut self) {
        self.parser.reset();
        self.ctx = initial_context(*self.parser.config());
    }

    #[getter]
    fn mode(&self) -> &'static str {
        self.parser.config().mode.as_str()
    }

    #[getter]
    fn max_stanza_size(&self) -> usize {
        self.parser.config().limits.max_stanza_size
    }

    #[getter]
    fn stream_len(&self) -> u64 {
        self.parser.stream_len()
    }

    fn __repr__(&self) -> String {
        format!(
            "StreamParser(mode={:?}, max_stanza_size={}, stream_len={})",
            self.mode(),
            self.max_stanza_size(),
            self.stream_len()
        )
    }
}
