//! The parsers XMPP software uses today, doing the same work as xmpp-wire on the same bytes.
//!
//! Each peer turns its own events into the [`Digest`] through [`Levels`](crate::digest::Levels),
//! so they differ only in how they are driven: quick-xml and rxml pull from 4096-byte reads,
//! expat is pushed 4096-byte chunks, xmlparser needs the whole input as `&str`. The ceilings are
//! not parsers: a `memchr` scan for `<` and `>`, and a copy of the chunks into a buffer.

mod ceilings;
mod expat;
mod quick_xml;
mod rxml;
mod xmlparser;

use crate::digest::Digest;

pub use self::expat::version as expat_version;

/// A contender other than xmpp-wire.
pub struct Peer {
    /// Name in the results (criterion function name).
    pub name: &'static str,
    /// Chunk size it is fed in; 0 for the whole input at once.
    pub chunk: usize,
    /// Runs it over a stream and returns the digest.
    pub run: fn(&[u8], usize) -> Digest,
}

/// The parsers, each checked against xmpp-wire before anything is timed.
pub const PARSERS: [Peer; 4] = [
    Peer {
        name: "quick-xml",
        chunk: 4096,
        run: quick_xml::run,
    },
    Peer {
        name: "rxml",
        chunk: 4096,
        run: rxml::run,
    },
    Peer {
        name: "xmlparser",
        chunk: 0,
        run: xmlparser::run,
    },
    Peer {
        name: "expat",
        chunk: 4096,
        run: expat::run,
    },
];

/// The ceilings: no parsing, so their digest is only a byte count, not checked.
pub const CEILINGS: [Peer; 2] = [
    Peer {
        name: "memchr",
        chunk: 0,
        run: ceilings::memchr_scan,
    },
    Peer {
        name: "copy",
        chunk: 4096,
        run: ceilings::copy,
    },
];
