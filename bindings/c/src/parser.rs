//! The parser handle: create with a config, feed bytes, take frames, reset, free.

use wire::{Config, Limits, Mode, NameRules, StreamError, StreamParser};

use crate::boundary::{self, Outcome};
use crate::frame::{xmpp_wire_frame, FrameCache};
use crate::status::{xmpp_wire_status, xmpp_wire_stream_error};

/// How the bytes are framed on the wire. Used as the `uint32_t mode` of `xmpp_wire_config` and
/// of the writer.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_mode {
    /// RFC 6120: one long-lived `<stream:stream>` whose children are the frames.
    Tcp = 0,
    /// RFC 7395: standalone elements, starting with `<open/>` in
    /// `urn:ietf:params:xml:ns:xmpp-framing`.
    Websocket = 1,
    /// One standalone XML document whose root element is the one frame.
    Document = 2,
}

/// Converts the C value of an `xmpp_wire_mode`.
pub(crate) fn mode_from_c(mode: u32) -> Result<Mode, xmpp_wire_status> {
    match mode {
        0 => Ok(Mode::Tcp),
        1 => Ok(Mode::WebSocket),
        2 => Ok(Mode::Document),
        _ => Err(xmpp_wire_status::InvalidArgument),
    }
}

/// Which XML 1.0 edition's name characters the parser accepts. Used as the `uint32_t names` of
/// `xmpp_wire_config`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_name_rules {
    /// XML 1.0 Fifth Edition names (RFC 6120 cites it). The default.
    FifthEdition = 0,
    /// Only names the Fourth Edition also allows, for peers with older XML libraries.
    FourthEdition = 1,
}

/// Everything a parser is created with. Start from `xmpp_wire_config_default()` and change
/// fields; a zero-filled struct is not a valid configuration.
///
/// Crossing a limit is a `policy-violation` stream error. Limits above what the parser's fixed
/// state holds are lowered to it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct xmpp_wire_config {
    /// Largest top-level element in bytes, from its `<` through its last `>` (default 262144,
    /// 256 KiB). The parser allocates a buffer of this size once, at creation. At least 1.
    pub max_stanza_size: usize,
    /// Deepest element nesting, the stream element counting as depth 1 in TCP mode (default 32).
    pub max_depth: usize,
    /// Most attributes on one element, namespace declarations included (default 32).
    pub max_attributes: usize,
    /// Most namespace declarations in scope at once (default 32).
    pub max_namespaces: usize,
    /// An `xmpp_wire_mode` value (default `XMPP_WIRE_MODE_TCP`).
    pub mode: u32,
    /// An `xmpp_wire_name_rules` value (default `XMPP_WIRE_NAME_RULES_FIFTH_EDITION`).
    pub names: u32,
}

impl xmpp_wire_config {
    fn to_core(self) -> Result<Config, xmpp_wire_status> {
        let names = match self.names {
            0 => NameRules::FifthEdition,
            1 => NameRules::FourthEdition,
            _ => return Err(xmpp_wire_status::InvalidArgument),
        };
        Ok(Config {
            limits: Limits {
                max_stanza_size: self.max_stanza_size,
                max_depth: self.max_depth,
                max_attributes: self.max_attributes,
                max_namespaces: self.max_namespaces,
            },
            mode: mode_from_c(self.mode)?,
            names,
        })
    }
}

/// The core's defaults: `Limits::DEFAULT`, TCP framing, Fifth Edition names. Thread-safe.
#[no_mangle]
pub extern "C" fn xmpp_wire_config_default() -> xmpp_wire_config {
    let config = Config::default();
    xmpp_wire_config {
        max_stanza_size: config.limits.max_stanza_size,
        max_depth: config.limits.max_depth,
        max_attributes: config.limits.max_attributes,
        max_namespaces: config.limits.max_namespaces,
        mode: match config.mode {
            Mode::Tcp => xmpp_wire_mode::Tcp,
            Mode::WebSocket => xmpp_wire_mode::Websocket,
            Mode::Document => xmpp_wire_mode::Document,
        } as u32,
        names: match config.names {
            NameRules::FifthEdition => xmpp_wire_name_rules::FifthEdition,
            NameRules::FourthEdition => xmpp_wire_name_rules::FourthEdition,
        } as u32,
    }
}

/// An incremental parser for one XMPP stream (opaque). Create it with `xmpp_wire_parser_new`,
/// free it with `xmpp_wire_parser_free`. Not thread-safe: use it from one thread at a time.
pub struct xmpp_wire_parser {
    parser: StreamParser<Vec<u8>>,
    cache: FrameCache,
    /// The error the core returned, kept to answer `xmpp_wire_parser_error` and `feed`.
    error: Option<StreamError>,
    /// Counts calls that invalidate frames, so that an expired frame is refused.
    serial: u64,
    /// The stream prefix and content namespace of the last stream header, which the IQ
    /// tracker's adapter needs to re-read a frame on its own (see `iq_tracker.rs`).
    pub(crate) stream_prefix: Option<String>,
    pub(crate) content_ns: &'static str,
}

impl xmpp_wire_parser {
    /// The frame cache, if `serial` is the serial of the frame it holds.
    pub(crate) fn current_cache(&self, serial: u64) -> Result<&FrameCache, xmpp_wire_status> {
        if serial == self.serial {
            Ok(&self.cache)
        } else {
            Err(xmpp_wire_status::FrameExpired)
        }
    }

    /// The configuration in force, limits clamped as the core clamps them.
    pub(crate) fn config(&self) -> Config {
        *self.parser.config()
    }

    /// Whether `frame` was filled by this parser's latest `next_frame`.
    pub(crate) fn is_current(&self, frame: &xmpp_wire_frame) -> bool {
        core::ptr::eq(frame.parser, self) && frame.serial == self.serial
    }

    fn sticky_error(&self) -> Outcome {
        match self.error {
            Some(_) => Err(xmpp_wire_status::StreamError),
            None => Ok(()),
        }
    }
}

/// Creates a parser with `*config` and stores it in `*out_parser`.
///
/// The parser allocates its buffer (`config->max_stanza_size` bytes) now and never again.
/// `config` is read during the call only. The caller owns the new parser and frees it with
/// `xmpp_wire_parser_free`. Returns `INVALID_ARGUMENT` for an unknown mode or name rule or a
/// `max_stanza_size` of 0, `OUT_OF_MEMORY` if the buffer cannot be allocated.
#[no_mangle]
pub extern "C" fn xmpp_wire_parser_new(
    config: *const xmpp_wire_config,
    out_parser: *mut *mut xmpp_wire_parser,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let config = boundary::get(config)?;
        let out_parser = boundary::out(out_parser)?;
        let core_config = config.to_core()?;
        if config.max_stanza_size == 0 {
            return Err(xmpp_wire_status::InvalidArgument);
        }
        // The core delivers a frame whole from one buffer, so the buffer is the stanza limit.
        let mut buffer = Vec::new();
        buffer
            .try_reserve_exact(config.max_stanza_size)
            .map_err(|_| xmpp_wire_status::OutOfMemory)?;
        buffer.resize(config.max_stanza_size, 0);
        let parser = xmpp_wire_parser {
            parser: StreamParser::new(buffer, core_config),
            cache: FrameCache::default(),
            error: None,
            serial: 0,
            stream_prefix: None,
            content_ns: "",
        };
        out_parser.write(boundary::into_raw(parser));
        Ok(())
    })
}

/// Copies as many of the `len` bytes at `data` as fit into the parser's buffer and stores how
/// many in `*out_taken`.
///
/// Fewer than `len` are taken only while unread frames fill the buffer: take them with
/// `xmpp_wire_parser_next_frame`, then feed the rest. `data` is read during the call only; it
/// may be NULL when `len` is 0. Frames filled before this call expire. After a stream error
/// this returns `STREAM_ERROR` and takes nothing.
#[no_mangle]
pub extern "C" fn xmpp_wire_parser_feed(
    parser: *mut xmpp_wire_parser,
    data: *const u8,
    len: usize,
    out_taken: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let parser = boundary::get_mut(parser)?;
        let data = boundary::bytes(data, len)?;
        let out_taken = boundary::out(out_taken)?;
        parser.serial += 1;
        parser.sticky_error()?;
        out_taken.write(parser.parser.feed(data));
        Ok(())
    })
}

/// Fills `*out_frame` with the next complete frame.
///
/// Returns `OK` with a frame, `NEED_MORE` when the bytes fed so far hold no further complete
/// frame (`*out_frame` is untouched), or `STREAM_ERROR` (see `xmpp_wire_parser_error`); frames
/// completed before an error are returned first. The pointers in `*out_frame` borrow the
/// parser's buffer and stay valid until the next `feed`, `next_frame`, `reset` or `free` on
/// this parser.
///
/// ```c
/// xmpp_wire_frame f;
/// while (xmpp_wire_parser_next_frame(p, &f) == XMPP_WIRE_STATUS_OK)
///     printf("%.*s at %llu\n", (int)f.kind_name.len, f.kind_name.ptr,
///            (unsigned long long)f.offset);
/// ```
#[no_mangle]
pub extern "C" fn xmpp_wire_parser_next_frame(
    parser: *mut xmpp_wire_parser,
    out_frame: *mut xmpp_wire_frame,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let parser = boundary::get_mut(parser)?;
        let out_frame = boundary::out(out_frame)?;
        parser.serial += 1;
        parser.sticky_error()?;
        let this: *const xmpp_wire_parser = parser;
        match parser.parser.next_frame() {
            Ok(Some(frame)) => {
                if let wire::Frame::StreamOpen(open) = &frame {
                    parser.stream_prefix = open.stream_prefix().map(str::to_owned);
                    parser.content_ns = open.ns();
                }
                out_frame.write(parser.cache.fill(&frame, this, parser.serial));
                Ok(())
            }
            Ok(None) => Err(xmpp_wire_status::NeedMore),
            Err(error) => {
                parser.error = Some(error);
                Err(xmpp_wire_status::StreamError)
            }
        }
    })
}

/// Says that the input has ended. Returns `OK`, or `STREAM_ERROR` (`not-well-formed` at the end
/// offset) when the input stopped inside a top-level element. A TCP stream may end without
/// `</stream:stream>`: that is a closed connection, not bad XML.
#[no_mangle]
pub extern "C" fn xmpp_wire_parser_finish(parser: *mut xmpp_wire_parser) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let parser = boundary::get_mut(parser)?;
        parser.sticky_error()?;
        parser.parser.finish().map_err(|error| {
            parser.error = Some(error);
            xmpp_wire_status::StreamError
        })
    })
}

/// Writes the parser's stream error to `*out_error`. Returns `NOT_FOUND` if there is none.
/// The `reason` string is static.
#[no_mangle]
pub extern "C" fn xmpp_wire_parser_error(
    parser: *const xmpp_wire_parser,
    out_error: *mut xmpp_wire_stream_error,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let parser = boundary::get(parser)?;
        let out_error = boundary::out(out_error)?;
        let error = parser.error.ok_or(xmpp_wire_status::NotFound)?;
        out_error.write(error.into());
        Ok(())
    })
}

/// Starts a new stream: drops everything buffered, clears a stream error, and expects a new
/// stream header, with offsets counted from 0 again (RFC 6120 §4.3.3: after STARTTLS or SASL
/// success the bytes are a new stream). Frames filled before expire.
#[no_mangle]
pub extern "C" fn xmpp_wire_parser_reset(parser: *mut xmpp_wire_parser) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let parser = boundary::get_mut(parser)?;
        parser.serial += 1;
        parser.parser.reset();
        parser.error = None;
        parser.stream_prefix = None;
        parser.content_ns = "";
        Ok(())
    })
}

/// Frees the parser and its buffer; every frame it filled expires. NULL does nothing.
#[no_mangle]
pub extern "C" fn xmpp_wire_parser_free(parser: *mut xmpp_wire_parser) {
    boundary::run_or((), || boundary::drop_raw(parser));
}
