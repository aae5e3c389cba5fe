//! The WebAssembly side of the npm package `xmpp-wire`: the core's parser, writer and IQ
//! tracker exported with `wasm-bindgen`.
//!
//! Users never import this module: `js/index.js` wraps it (STYLE.md "JavaScript"). Everything
//! here converts types; every decision about XML and XMPP is the core's.
//!
//! # Crossing the boundary
//!
//! A call from JavaScript into WebAssembly is cheap, but one per frame field is not: a stanza
//! has a dozen fields and attributes. So each call does a whole unit of work and answers with one
//! value, a JSON text that `JSON.parse` turns into every frame of a feed at once:
//!
//! | call | answer |
//! |---|---|
//! | `StreamParser.feedBytes`, `feedString`, `finish` | an array of frame records (see [`record`]) |
//! | the writer's functions | the XML text, or a thrown error record |
//! | `IqTracker.onStanza`, `expire` | a verdict name, an array of `[id, to]` |
//!
//! A frame outlives the parser's buffer in JavaScript, so the few calls that need its element
//! again (`toLtx`, `toDOM`, the tracker) parse its `xml` once more (see [`view`]).

#![deny(missing_docs)]

pub mod parser;
pub mod record;
pub mod tracker;
pub mod view;
pub mod writer;

use wasm_bindgen::prelude::wasm_bindgen;

/// The crate version, which the npm package version follows.
#[wasm_bindgen]
pub fn version() -> String {
    String::from(env!("CARGO_PKG_VERSION"))
}
