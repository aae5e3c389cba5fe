//! `StreamParser` for JavaScript: feed a chunk, get every frame it completed as one JSON text.

use wasm_bindgen::prelude::wasm_bindgen;
use xmpp_wire::{Config, Limits, Mode, NameRules, StreamParser as Core};

use crate::record::{self, thrown};

/// An incremental parser for one XMPP stream over TCP (RFC 6120) or WebSocket (RFC 7395).
///
/// `js/index.js` wraps it as the public `StreamParser`; see `js/index.d.ts` for the contract.
#[wasm_bindgen]
pub struct StreamParser {
    core: Core<Vec<u8>>,
}

#[wasm_bindgen]
impl StreamParser {
    /// A parser in `mode` (`"tcp"` or `"websocket"`) with the given limits and name rules
    /// (`"fifth-edition"` or `"fourth-edition"`); an absent one keeps the core's default
    /// ([`Limits::DEFAULT`], [`NameRules::default`]). Throws a `type-error` record
    /// (`record::thrown`) for an unknown mode.
    #[wasm_bindgen(constructor)]
    pub fn new(
        mode: &str,
        max_stanza_size: Option<u32>,
        max_depth: Option<u32>,
        max_attributes: Option<u32>,
        max_namespaces: Option<u32>,
        names: Option<String>,
    ) -> Result<StreamParser, String> {
        let mode = Mode::from_name(mode).ok_or_else(|| thrown::unknown("mode", mode))?;
        let names = match names.as_deref() {
            Some(name) => {
                NameRules::from_name(name).ok_or_else(|| thrown::unknown("names", name))?
            }
            None => NameRules::default(),
        };
        let or = |given: Option<u32>, default: usize| given.map_or(default, |n| n as usize);
        let limits = Limits {
            max_stanza_size: or(max_stanza_size, Limits::DEFAULT.max_stanza_size),
            max_depth: or(max_depth, Limits::DEFAULT.max_depth),
            max_attributes: or(max_attributes, Limits::DEFAULT.max_attributes),
            max_namespaces: or(max_namespaces, Limits::DEFAULT.max_namespaces),
        };
        // A frame is delivered whole from the buffer, so the buffer holds the largest one.
        let buffer = vec![0u8; limits.max_stanza_size.max(1)];
        let config = Config {
            limits,
            mode,
            names,
        };
        Ok(StreamParser {
            core: Core::new(buffer, config),
        })
    }

    /// Feeds `bytes` and returns the records of every frame they completed (`record` module),
    /// followed by the stream error's record if one was found.
    #[wasm_bindgen(js_name = feedBytes)]
    pub fn feed_bytes(&mut self, bytes: &[u8]) -> String {
        self.feed(bytes)
    }

    /// Feeds the UTF-8 encoding of `text`: wasm-bindgen encodes it straight into WebAssembly
    /// memory, saving the copy a `TextEncoder` call in JavaScript would make.
    #[wasm_bindgen(js_name = feedString)]
    pub fn feed_string(&mut self, text: &str) -> String {
        self.feed(text.as_bytes())
    }

    /// Says that the input has ended: `"[]"`, or the record of the error when the input stopped
    /// inside a top-level element.
    pub fn finish(&mut self) -> String {
        let mut out = String::from("[");
        if let Err(error) = self.core.finish() {
            record::error(&mut out, &error);
        }
        out.push(']');
        out
    }

    /// Starts a new stream (RFC 6120 §4.3.3): drops what is buffered, offsets count from 0.
    pub fn reset(&mut self) {
        self.core.reset();
    }

    /// The configured largest top-level element, after the core's clamping.
    #[wasm_bindgen(getter, js_name = maxStanzaSize)]
    pub fn max_stanza_size(&self) -> u32 {
        self.core.config().limits.max_stanza_size as u32
    }

    /// The framing mode, `"tcp"` or `"websocket"`.
    #[wasm_bindgen(getter)]
    pub fn mode(&self) -> String {
        String::from(self.core.config().mode.as_str())
    }
}

impl StreamParser {
    fn feed(&mut self, bytes: &[u8]) -> String {
        // About the size of the records for the frames in `bytes`, to grow the string rarely.
        let mut out = String::with_capacity(64 + bytes.len() * 2);
        out.push('[');
        let mut rest = bytes;
        loop {
            let taken = self.core.feed(rest);
            rest = &rest[taken..];
            let mut produced = false;
            loop {
                match self.core.next_frame() {
                    Ok(Some(frame)) => {
                        record::frame(&mut out, &frame);
                        produced = true;
                    }
                    Ok(None) => break,
                    Err(error) => {
                        record::error(&mut out, &error);
                        out.push(']');
                        return out;
                    }
                }
            }
            if rest.is_empty() {
                break;
            }
            if taken == 0 && !produced {
                // The core's limits keep its buffer drainable; report rather than spin.
                record::stalled(&mut out, self.core.stream_len());
                break;
            }
        }
        out.push(']');
        out
    }
}
