//! `StreamParser`: feed bytes in, take frames out. It joins the buffer, the tokenizer and the
//! framer.

use crate::buffer::Buffer;
use crate::config::{Config, Mode};
use crate::error::{Reason, StreamError};
use crate::frame::{Element, Frame, Scope, Stanza, StreamClose, StreamOpen, StreamScope};
use crate::framer::{Framer, ItemKind, Ready};
use crate::tokenizer::{Pos, Token, Tokenizer};

/// An incremental parser for one XMPP stream.
///
/// Its memory is the byte buffer it is given (a borrowed `&mut [u8]`, a `Vec<u8>`, or an owned
/// array, see [`StreamParser::new_owned`]) and a fixed-size state; it never allocates. Feed it
/// bytes as they arrive, in any chunking, and take frames until it says it needs more:
///
/// ```
/// use xmpp_wire::{Config, Frame, StreamParser};
///
/// let stream = b"<stream:stream xmlns='jabber:client' \
///     xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>\
///     <message to='juliet@example.com' type='chat'><body>Hi</body></message>";
/// let mut parser = StreamParser::new([0u8; 4096], Config::default());
/// let mut kinds = Vec::new();
/// for chunk in stream.chunks(7) {
///     let mut rest = &chunk[..];
///     while !rest.is_empty() {
///         rest = &rest[parser.feed(rest)..];
///         while let Some(frame) = parser.next_frame()? {
///             kinds.push(frame.kind_str());
///         }
///     }
/// }
/// assert_eq!(kinds, ["stream-open", "message"]);
/// # Ok::<(), xmpp_wire::StreamError>(())
/// ```
pub struct StreamParser<B> {
    buffer: Buffer<B>,
    tokenizer: Tokenizer,
    framer: Framer,
    config: Config,
    error: Option<StreamError>,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> StreamParser<B> {
    /// A parser over `buffer` with `config`. The largest top-level element is the smaller of
    /// `config.limits.max_stanza_size` and the buffer's length, since a frame is delivered whole.
    pub fn new(buffer: B, config: Config) -> StreamParser<B> {
        let buffer = Buffer::new(buffer);
        let config = Config {
            limits: config.limits.clamped(buffer.capacity()),
            ..config
        };
        StreamParser {
            tokenizer: Tokenizer::new(
                config.mode,
                config.names,
                config.limits.max_stanza_size as u64,
            ),
            framer: Framer::new(config.mode, config.limits),
            buffer,
            config,
            error: None,
        }
    }

    /// The configuration in force, with limits clamped to what the buffer and state can hold.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Copies as many of `bytes` as fit into the buffer and returns how many that was.
    ///
    /// Bytes of frames already taken are dropped to make room. Fewer than `bytes.len()` are taken
    /// only while unread frames fill the buffer: take them with [`next_frame`](Self::next_frame)
    /// and feed the rest. After a stream error nothing is taken.
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        if self.error.is_some() {
            return 0;
        }
        let keep = self.tokenizer.item_start.unwrap_or(self.tokenizer.pos);
        self.buffer.append(bytes, keep)
    }

    /// The next complete frame, `Ok(None)` when more bytes are needed, or the stream error.
    ///
    /// A frame borrows the parser's buffer: it is valid until the next call on the parser.
    /// Errors are final: once one is returned, every later call returns it again; frames
    /// completed before it were returned first.
    pub fn next_frame(&mut self) -> Result<Option<Frame<'_>>, StreamError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        match self.advance() {
            Ok(Some(ready)) => Ok(Some(self.frame(ready))),
            Ok(None) => Ok(None),
            Err(error) => {
                self.error = Some(error);
                Err(error)
            }
        }
    }

    /// Runs the tokenizer and framer until a frame is complete or the bytes run out.
    fn advance(&mut self) -> Result<Option<Ready>, StreamError> {
        loop {
            let (bytes, base) = self.buffer.filled();
            let Some(token) = self.tokenizer.next_token(bytes, base)? else {
                return Ok(None);
            };
            let ready = self.framer.handle(token, bytes, base)?;
            // Keep the tokenizer informed of what only the framer knows.
            self.tokenizer.top_level = self.framer.level == 0;
            self.tokenizer.restart_allowed = self.framer.restart_allowed;
            self.tokenizer.closed = self.framer.is_closed();
            let item_over = self.framer.level == 0
                && matches!(
                    token,
                    Token::StartEnd { .. } | Token::EndTag { .. } | Token::XmlDecl { .. }
                );
            if item_over {
                self.tokenizer.item_start = None;
            }
            if ready.is_some() {
                return Ok(ready);
            }
        }
    }

    fn frame(&self, ready: Ready) -> Frame<'_> {
        let raw = self.buffer.slice(ready.start, ready.end);
        let scope = match self.config.mode {
            Mode::Tcp => StreamScope {
                content_ns: self.framer.content_ns,
                stream_prefix: self.framer.stream_prefix.as_deref(),
            },
            Mode::WebSocket | Mode::Document => StreamScope::NONE,
        };
        match ready.kind {
            ItemKind::StreamOpen => Frame::StreamOpen(StreamOpen::new(raw, ready.start, scope)),
            ItemKind::StreamClose => Frame::StreamClose(StreamClose::new(raw, ready.start)),
            ItemKind::Element => Frame::Element(self.element(raw, ready.start, scope)),
            ItemKind::Stanza(kind) => Frame::Stanza(Stanza::new(
                self.element(raw, ready.start, scope),
                kind,
                self.framer.index.payload_count(),
            )),
        }
    }

    fn element<'a>(&'a self, raw: &'a [u8], offset: Pos, scope: StreamScope<'a>) -> Element<'a> {
        Element::indexed(raw, offset, Scope::Stream(scope), &self.framer.index)
    }

    /// Says that the input has ended. Call it after [`next_frame`](Self::next_frame) returned
    /// `Ok(None)`.
    ///
    /// Fails with `not-well-formed` (`UnexpectedEnd`, at the end offset) when the input stops
    /// inside a top-level element or, in document mode, before the root element is complete. A
    /// TCP stream may end without `</stream:stream>`: that is a closed connection, not bad XML.
    pub fn finish(&mut self) -> Result<(), StreamError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let end = self.buffer.end();
        let unfinished = !self.tokenizer.at_rest()
            || self.tokenizer.pos < end
            || self.framer.level > 0
            || (self.config.mode == Mode::Document && !self.framer.is_closed());
        if unfinished {
            let error = StreamError::new(Reason::UnexpectedEnd, end);
            self.error = Some(error);
            return Err(error);
        }
        Ok(())
    }

    /// Starts a new stream: drops everything buffered and expects a new stream header, with
    /// offsets counted from 0 again (RFC 6120 §4.3.3; after TLS the bytes are a new stream).
    pub fn reset(&mut self) {
        self.buffer.clear();
        self.tokenizer = Tokenizer::new(
            self.config.mode,
            self.config.names,
            self.config.limits.max_stanza_size as u64,
        );
        self.framer = Framer::new(self.config.mode, self.config.limits);
        self.error = None;
    }

    /// The stream error, once one has been returned: errors are final.
    pub fn error(&self) -> Option<StreamError> {
        self.error
    }

    /// Total bytes fed since the start of the stream.
    pub fn stream_len(&self) -> u64 {
        self.buffer.end()
    }
}

impl<const N: usize> StreamParser<[u8; N]> {
    /// A parser that owns an `N`-byte buffer, for targets without a heap.
    pub fn new_owned(config: Config) -> StreamParser<[u8; N]> {
        StreamParser::new([0u8; N], config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_without_the_buffer_fits_in_two_kib() {
        // benches/README.md: the parser's fixed state, limits at their capacities.
        assert!(core::mem::size_of::<StreamParser<&mut [u8]>>() <= 2048);
    }
}
