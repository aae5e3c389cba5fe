//! An incremental XMPP stream codec: a `no_std`, zero-allocation tokenizer and stanza framer
//! for RFC 6120 streams (and RFC 7395 WebSocket framing), and a writer.
//!
//! (Crate documentation is completed at the end of the core issue.)
#![no_std]
#![deny(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod buffer;
pub mod config;
pub mod error;
pub mod escape;
pub mod frame;
mod framer;
pub mod iq_tracker;
#[cfg(feature = "jsonl")]
pub mod jsonl;
pub mod namespace;
mod parser;
mod tokenizer;
pub mod value;
pub mod writer;

pub use config::{Config, Limits, Mode, NameRules};
pub use error::{Condition, Reason, StreamError, WriteError};
pub use frame::{
    Attr, Attrs, Children, Element, Frame, IqProblem, IqType, MessageType, Node, Nodes, PresenceType,
    Stanza, StanzaKind, StanzaType, StreamClose, StreamOpen,
};
pub use iq_tracker::{IqTracker, TrackError, Verdict};
pub use namespace::known as ns;
pub use namespace::known::KnownNs;
pub use parser::StreamParser;
pub use value::{Chars, Value, ValueKind};
pub use writer::{Sink, SliceSink, Writer};
