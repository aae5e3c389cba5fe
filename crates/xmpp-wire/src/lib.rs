//! An incremental XMPP stream codec: a `no_std`, zero-allocation tokenizer and stanza framer for
//! RFC 6120 streams and RFC 7395 WebSocket framing, and a writer that escapes correctly.
//!
//! Feed it bytes as TCP or WebSocket reads deliver them, in any chunking; take frames: the
//! stream header, `message`/`presence`/`iq` stanzas with their routing attributes and payload
//! namespaces, any other top-level element, the stream close, or a precise stream error (RFC
//! 6120 condition, byte offset, reason). Frames are views into the parser's buffer: nothing is
//! copied or decoded until asked.
//!
//! # Reading a stream
//!
//! ```
//! use xmpp_wire::{Config, Frame, StanzaType, IqType, StreamParser};
//!
//! let bytes = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
//!     xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' version='1.0'>\
//!     <iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>\
//!     <message to='juliet@example.com' type='chat'><body>你好 &amp; 👋</body></message>";
//! let mut buffer = [0u8; 4096];
//! let mut parser = StreamParser::new(&mut buffer[..], Config::default());
//! let mut seen = Vec::new();
//! // Any chunking gives the same frames; here, 5 bytes at a time.
//! for chunk in bytes.as_bytes().chunks(5) {
//!     let mut rest = chunk;
//!     while !rest.is_empty() {
//!         rest = &rest[parser.feed(rest)..];
//!         while let Some(frame) = parser.next_frame()? {
//!             match frame {
//!                 Frame::StreamOpen(open) => assert_eq!(open.to().unwrap(), "im.example.com"),
//!                 Frame::Stanza(stanza) => {
//!                     if stanza.stanza_type() == Some(StanzaType::Iq(IqType::Get)) {
//!                         let payload = stanza.payloads().next().unwrap();
//!                         assert_eq!((payload.ns().raw(), payload.name()), ("jabber:iq:roster", "query"));
//!                     }
//!                     seen.push((stanza.kind().as_str(), stanza.offset()));
//!                 }
//!                 _ => {}
//!             }
//!         }
//!     }
//! }
//! assert_eq!(seen, [("iq", 140), ("message", 201)]);
//! # Ok::<(), xmpp_wire::StreamError>(())
//! ```
//!
//! # Walking a payload
//!
//! Payload children, their attributes and text are walked without allocating; values are
//! decoded lazily, with no copy when there is nothing to decode.
//!
//! ```
//! use xmpp_wire::{Config, Frame, Node, StreamParser};
//!
//! let bytes = b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\
//!     <iq type='result' id='v1'><vCard xmlns='vcard-temp'><FN>Juliet &amp; Co</FN>\
//!     <NICKNAME>Jul</NICKNAME></vCard></iq>";
//! let mut parser = StreamParser::new([0u8; 1024], Config::default());
//! parser.feed(bytes);
//! let mut names = Vec::new();
//! while let Some(frame) = parser.next_frame()? {
//!     let Frame::Stanza(iq) = frame else { continue };
//!     let vcard = iq.payloads().next().unwrap();
//!     assert!(vcard.ns() == "vcard-temp");
//!     for field in vcard.payloads() {
//!         let text: String = field.text().collect();
//!         names.push(format!("{}={}", field.name(), text));
//!         // Children inherit the payload's namespace.
//!         assert!(field.ns() == "vcard-temp");
//!     }
//!     // Nodes give text and elements in document order.
//!     assert!(matches!(vcard.nodes().next(), Some(Node::Element(_))));
//! }
//! assert_eq!(names, ["FN=Juliet & Co", "NICKNAME=Jul"]);
//! # Ok::<(), xmpp_wire::StreamError>(())
//! ```
//!
//! # Writing a reply
//!
//! ```
//! use xmpp_wire::{writer::reply, Config, Frame, SliceSink, StreamParser, Writer};
//!
//! let bytes = b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\
//!     <iq from='romeo@example.net/orchard' to='example.net' id='ping1' type='get'>\
//!     <ping xmlns='urn:xmpp:ping'/></iq>";
//! let mut parser = StreamParser::new([0u8; 1024], Config::default());
//! parser.feed(bytes);
//! let mut out = [0u8; 256];
//! let mut writer = Writer::new(SliceSink::new(&mut out));
//! while let Some(frame) = parser.next_frame()? {
//!     if let Frame::Stanza(iq) = frame {
//!         reply::iq_result(&mut writer, &iq)?; // same id, to and from swapped (RFC 6120 §8.2.3)
//!     }
//! }
//! writer.finish()?;
//! assert_eq!(
//!     writer.sink().written(),
//!     b"<iq to='romeo@example.net/orchard' from='example.net' id='ping1' type='result'/>"
//! );
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! # Guarantees
//!
//! - **Never panics** on any input, in any chunking (fuzzed: `fuzz/`).
//! - **Never allocates**: memory is the buffer you give (`&mut [u8]`, `Vec<u8>`, or an owned
//!   array with [`StreamParser::new_owned`]) plus a fixed state (`tests/no_alloc.rs` proves it
//!   with a counting allocator over a 10 MB stream).
//! - **Linear in the input**, whatever the chunk sizes: the tokenizer's state survives between
//!   feeds, so a byte is examined once; only a character, reference or markup opener cut by a
//!   feed boundary is looked at again, a few bytes at most.
//! - **Any chunking gives the same frames**, the same errors, at the same offsets
//!   (`tests/chunking.rs`).
//! - **Frames are self-contained**: a top-level element inherits only the content namespace and
//!   the stream prefix from the header, so its raw bytes can be forwarded and re-parsed alone.
//!
//! # Restricted XML
//!
//! RFC 6120 §11.1: comments, processing instructions (but the leading XML declaration), DTDs and
//! references to entities other than the five predefined ones are `restricted-xml`. Everything
//! XML 1.0 (Fifth Edition) and Namespaces 1.0 require of a well-formed, namespace-well-formed
//! document is checked: UTF-8, the `Char` production, name characters, matching end tags,
//! unique attributes (also after namespace expansion), bound prefixes, the `xml` and `xmlns`
//! rules. Only whitespace may stand between top-level elements (RFC 6120 §11.7). A stream
//! restart (a new header) is accepted only after a SASL or TLS element (RFC 6120 §4.3.3).
//! The W3C XML Conformance Test Suite runs in `tests/w3c.rs`.
//!
//! # Limits and errors
//!
//! [`Limits`] bound the largest top-level element (default 256 KiB, as Prosody and ejabberd),
//! the depth, the attributes per element and the namespace declarations in scope; crossing one is
//! `policy-violation`, found without buffering past it. A [`StreamError`] carries the RFC 6120
//! [`Condition`], the byte offset in the stream and a specific [`Reason`]; it is final, and the
//! frames completed before it are delivered first. IQ rules of RFC 6120 §8.2.3 are reported on
//! the frame ([`Stanza::problem`]), not as stream errors.
//!
//! # Crate features
//!
//! - `alloc`: owned strings through `Display`/`ToString` on [`Value`].
//! - `std` (implies `alloc`): `std::io::Write` sinks for the writer ([`writer::IoSink`]).
//! - `jsonl` (implies `alloc`): the frames JSONL v1 renderer ([`jsonl`]) that the CLI and the
//!   shared test vectors use.
//!
//! None is on by default; none changes behaviour.
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
    Attr, Attrs, Children, Element, Frame, IqProblem, IqType, MessageType, Node, Nodes,
    PresenceType, Stanza, StanzaKind, StanzaType, StreamClose, StreamOpen,
};
pub use iq_tracker::{IqTracker, TrackError, Verdict};
pub use namespace::known as ns;
pub use namespace::known::KnownNs;
pub use parser::StreamParser;
pub use value::{Chars, Value, ValueKind};
pub use writer::{Sink, SliceSink, Writer};

/// The README's Rust examples, compiled and run as doc tests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
