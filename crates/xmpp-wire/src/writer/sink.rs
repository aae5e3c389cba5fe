//! Where the writer's bytes go: a caller's slice, a `heapless` vector, a `Vec`, or any
//! `std::io::Write`.

use crate::error::WriteError;

/// A destination for the bytes a [`Writer`](super::Writer) produces.
///
/// ```
/// use xmpp_wire::{Sink, SliceSink};
///
/// let mut buf = [0u8; 16];
/// let mut sink = SliceSink::new(&mut buf);
/// sink.write(b"<presence/>")?;
/// assert_eq!(sink.written(), b"<presence/>");
/// # Ok::<(), xmpp_wire::WriteError>(())
/// ```
pub trait Sink {
    /// Appends `bytes`, or fails without appending anything.
    fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError>;

    /// Called by [`Writer::finish`](super::Writer::finish) when a unit of output is complete:
    /// reports a shortfall that [`write`](Self::write) deferred, or flushes.
    fn finish(&mut self) -> Result<(), WriteError> {
        Ok(())
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        (**self).write(bytes)
    }

    fn finish(&mut self) -> Result<(), WriteError> {
        (**self).finish()
    }
}

/// A cursor over a caller's buffer that keeps counting when the buffer is full, like `snprintf`.
///
/// Writes never fail. Once a write does not fit, nothing more is copied (the buffer holds a
/// prefix of the output), and [`finish`](Sink::finish) returns
/// [`WriteError::BufferTooSmall`] with the length the whole output needs, so the caller can
/// retry with a buffer that large.
///
/// ```
/// use xmpp_wire::{Sink, SliceSink, WriteError};
///
/// let mut buf = [0u8; 4];
/// let mut sink = SliceSink::new(&mut buf);
/// sink.write(b"<presence/>")?;
/// assert_eq!(sink.finish(), Err(WriteError::BufferTooSmall { needed: 11 }));
/// # Ok::<(), WriteError>(())
/// ```
#[derive(Debug)]
pub struct SliceSink<'a> {
    buf: &'a mut [u8],
    /// Bytes copied into `buf`.
    len: usize,
    /// Bytes the output needs in all; more than `len` once something did not fit.
    needed: usize,
}

impl<'a> SliceSink<'a> {
    /// A sink that writes into `buf` from its start.
    pub fn new(buf: &'a mut [u8]) -> SliceSink<'a> {
        SliceSink {
            buf,
            len: 0,
            needed: 0,
        }
    }

    /// The bytes written so far (a prefix of the output when the buffer overflowed).
    pub fn written(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Consumes the sink, returning the written bytes with the buffer's lifetime.
    pub fn into_written(self) -> &'a [u8] {
        &self.buf[..self.len]
    }

    /// Length of the whole output so far, whether or not it fitted.
    pub fn needed(&self) -> usize {
        self.needed
    }

    /// Whether some output did not fit.
    pub fn overflowed(&self) -> bool {
        self.needed > self.len
    }
}

impl Sink for SliceSink<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        // After the first write that does not fit, nothing more is copied, even what would fit:
        // the buffer always holds a prefix of the output, never one with a gap.
        if !self.overflowed() && bytes.len() <= self.buf.len() - self.len {
            self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
        }
        self.needed = self.needed.saturating_add(bytes.len());
        Ok(())
    }

    fn finish(&mut self) -> Result<(), WriteError> {
        if self.overflowed() {
            Err(WriteError::BufferTooSmall {
                needed: self.needed,
            })
        } else {
            Ok(())
        }
    }
}

/// A const-capacity vector: writes fail with `BufferTooSmall { needed: 0 }` when full, since
/// the vector cannot count past its capacity.
impl<const N: usize> Sink for heapless::Vec<u8, N> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        self.extend_from_slice(bytes)
            .map_err(|_| WriteError::BufferTooSmall { needed: 0 })
    }
}

/// A growable vector (feature `alloc`): never full.
#[cfg(feature = "alloc")]
impl Sink for alloc::vec::Vec<u8> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        self.extend_from_slice(bytes);
        Ok(())
    }
}

/// Adapts any [`std::io::Write`] (feature `std`): a socket, a file, a `BufWriter`.
///
/// A failed write becomes [`WriteError::Io`]; the `io::Error` itself is kept for
/// [`take_error`](Self::take_error). [`finish`](Sink::finish) flushes.
///
/// ```
/// use xmpp_wire::writer::{IoSink, Writer};
///
/// let mut w = Writer::new(IoSink::new(Vec::new()));
/// w.start("r")?.ns("urn:xmpp:sm:3")?.end()?;
/// w.finish()?;
/// assert_eq!(w.into_sink().into_inner(), b"<r xmlns='urn:xmpp:sm:3'/>");
/// # Ok::<(), xmpp_wire::WriteError>(())
/// ```
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct IoSink<W: std::io::Write> {
    inner: W,
    error: Option<std::io::Error>,
}

#[cfg(feature = "std")]
impl<W: std::io::Write> IoSink<W> {
    /// A sink writing to `inner`.
    pub fn new(inner: W) -> IoSink<W> {
        IoSink { inner, error: None }
    }

    /// The last I/O error, if a write or flush failed.
    pub fn take_error(&mut self) -> Option<std::io::Error> {
        self.error.take()
    }

    /// The wrapped writer.
    pub fn into_inner(self) -> W {
        self.inner
    }

    fn keep(&mut self, result: std::io::Result<()>) -> Result<(), WriteError> {
        result.map_err(|e| {
            self.error = Some(e);
            WriteError::Io
        })
    }
}

#[cfg(feature = "std")]
impl<W: std::io::Write> Sink for IoSink<W> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        let result = self.inner.write_all(bytes);
        self.keep(result)
    }

    fn finish(&mut self) -> Result<(), WriteError> {
        let result = self.inner.flush();
        self.keep(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_sink_copies_what_fits_then_counts() {
        let mut buf = [0u8; 8];
        let mut sink = SliceSink::new(&mut buf);
        sink.write(b"<a>").unwrap();
        sink.write(b"hello").unwrap();
        assert_eq!(sink.finish(), Ok(()));
        assert_eq!(sink.written(), b"<a>hello");
        sink.write(b"</a>").unwrap();
        sink.write(b"").unwrap();
        assert!(sink.overflowed());
        assert_eq!(sink.written(), b"<a>hello");
        assert_eq!(
            sink.finish(),
            Err(WriteError::BufferTooSmall { needed: 12 })
        );
    }

    #[test]
    fn slice_sink_never_leaves_a_gap() {
        // A write that does not fit is not copied, and neither is a later one that would.
        let mut buf = [0u8; 6];
        let mut sink = SliceSink::new(&mut buf);
        sink.write(b"abcd").unwrap();
        sink.write(b"efg").unwrap();
        sink.write(b"h").unwrap();
        assert_eq!(sink.written(), b"abcd");
        assert_eq!(sink.needed(), 8);
    }

    #[test]
    fn heapless_sink_refuses_when_full() {
        let mut v: heapless::Vec<u8, 4> = heapless::Vec::new();
        v.write(b"abc").unwrap();
        assert_eq!(
            v.write(b"de"),
            Err(WriteError::BufferTooSmall { needed: 0 })
        );
        assert_eq!(&v[..], b"abc");
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn vec_sink_grows() {
        let mut v = alloc::vec::Vec::new();
        v.write(b"<a/>").unwrap();
        v.write(b"<b/>").unwrap();
        assert_eq!(v.finish(), Ok(()));
        assert_eq!(v, b"<a/><b/>");
    }

    #[cfg(feature = "std")]
    #[test]
    fn io_sink_keeps_the_error() {
        struct Broken;
        impl std::io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("gone"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut sink = IoSink::new(Broken);
        assert_eq!(sink.write(b"x"), Err(WriteError::Io));
        assert_eq!(
            sink.take_error().map(|e| e.kind()),
            Some(std::io::ErrorKind::Other)
        );
        assert!(sink.take_error().is_none());
    }
}
