//! The work every contender does, and the digest it reports so that the run can check agreement.
//!
//! For every frame of the stream, in order, a contender feeds the digest:
//!
//! ```text
//! stream-open   kind
//! element       kind, ns FE local FF, to, from, id, type, then per payload child: ns FE local FF
//! stream-close  kind
//! ```
//!
//! - `kind` is the JSONL v1 kind (`stream-open`, `message`, `presence`, `iq`, `element`,
//!   `stream-close`) followed by `FF`. A stanza is `message`, `presence` or `iq` in
//!   `jabber:client`, `jabber:server` or `jabber:component:accept` (DESIGN.md); anything else
//!   at the top level is `element`.
//! - `ns` and `local` are the expanded name: the namespace name after prefix resolution (empty
//!   for no namespace) and the local name.
//! - `to`, `from`, `id`, `type` are the unprefixed attributes of the top-level element, each
//!   either its value after unescaping and XML 1.0 §3.3.3 normalisation followed by `FF`, or
//!   `FD` when absent.
//! - A frame with an element ends with `FC`.
//!
//! The digest is the frame count and the 64-bit FNV-1a hash of that byte sequence. `FC`–`FF`
//! never occur in UTF-8, so the sequence is unambiguous.

use std::fmt;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Ends a name or a present value.
const END: u8 = 0xFF;
/// Separates a namespace name from a local name.
const NS_END: u8 = 0xFE;
/// Stands for an absent routing attribute.
const ABSENT: u8 = 0xFD;
/// Ends a frame that carries an element.
const FRAME_END: u8 = 0xFC;

/// Namespaces whose `message`, `presence` and `iq` are stanzas (RFC 6120 §4.8.3, XEP-0114).
const STANZA_NAMESPACES: [&[u8]; 3] = [
    b"jabber:client",
    b"jabber:server",
    b"jabber:component:accept",
];

/// Frame count and FNV-1a hash of the fields every contender extracts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Digest {
    /// Frames seen: stream open and close included, whitespace keepalives not.
    pub frames: u64,
    /// FNV-1a (64 bit) over the byte sequence described in the module docs.
    pub hash: u64,
}

impl Default for Digest {
    fn default() -> Digest {
        Digest {
            frames: 0,
            hash: FNV_OFFSET,
        }
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} frames, fnv1a {:016x}", self.frames, self.hash)
    }
}

impl Digest {
    /// Hashes `bytes`; a contender that decodes a value piecewise calls this per piece.
    #[inline]
    pub fn bytes(&mut self, bytes: &[u8]) {
        let mut hash = self.hash;
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
        self.hash = hash;
    }

    #[inline]
    fn byte(&mut self, b: u8) {
        self.bytes(&[b]);
    }

    /// Starts a frame of `kind`.
    #[inline]
    pub fn frame(&mut self, kind: &str) {
        self.frames += 1;
        self.bytes(kind.as_bytes());
        self.byte(END);
    }

    /// An expanded name: the top-level element's own, or a payload's.
    #[inline]
    pub fn name(&mut self, ns: &[u8], local: &[u8]) {
        self.bytes(ns);
        self.byte(NS_END);
        self.bytes(local);
        self.byte(END);
    }

    /// A routing attribute given whole (already unescaped), or absent.
    #[inline]
    pub fn attr(&mut self, value: Option<&[u8]>) {
        match value {
            Some(value) => {
                self.bytes(value);
                self.byte(END);
            }
            None => self.byte(ABSENT),
        }
    }

    /// Ends a namespace name hashed piecewise with [`Digest::bytes`].
    #[inline]
    pub fn ns_end(&mut self) {
        self.byte(NS_END);
    }

    /// Ends a local name or a routing attribute hashed piecewise with [`Digest::bytes`].
    #[inline]
    pub fn end(&mut self) {
        self.byte(END);
    }

    /// Marks an absent routing attribute.
    #[inline]
    pub fn absent(&mut self) {
        self.byte(ABSENT);
    }

    /// Ends a frame that carried an element.
    #[inline]
    pub fn frame_end(&mut self) {
        self.byte(FRAME_END);
    }
}

/// The kind of a top-level element named `local` in `ns`.
pub fn kind_of(ns: &[u8], local: &[u8]) -> &'static str {
    let stanza = match local {
        b"message" => "message",
        b"presence" => "presence",
        b"iq" => "iq",
        _ => return "element",
    };
    if STANZA_NAMESPACES.contains(&ns) {
        stanza
    } else {
        "element"
    }
}

/// Names of the routing attributes, in hashing order.
pub const ROUTING: [&str; 4] = ["to", "from", "id", "type"];

/// Turns a peer's start and end events into the digest: depth 0 is the stream element, depth 1
/// a frame, depth 2 a payload. Peers that report events (quick-xml, rxml, xmlparser, expat)
/// share it, so only the event plumbing differs between them.
#[derive(Default)]
pub struct Levels {
    /// Elements open now, the stream element included.
    pub depth: usize,
    /// The digest so far.
    pub digest: Digest,
}

impl Levels {
    /// Whether the element about to open is a top-level element, whose routing attributes the
    /// peer must then look up (and only then, as xmpp-wire does).
    #[inline]
    pub fn wants_routing(&self) -> bool {
        self.depth == 1
    }

    /// An element opened. `routing` is read only for a top-level element.
    #[inline]
    pub fn open(&mut self, ns: &[u8], local: &[u8], routing: impl FnOnce(&mut Digest)) {
        match self.depth {
            0 => self.digest.frame("stream-open"),
            1 => {
                self.digest.frame(kind_of(ns, local));
                self.digest.name(ns, local);
                routing(&mut self.digest);
            }
            2 => self.digest.name(ns, local),
            _ => {}
        }
        self.depth += 1;
    }

    /// The innermost open element closed.
    #[inline]
    pub fn close(&mut self) {
        self.depth -= 1;
        match self.depth {
            0 => self.digest.frame("stream-close"),
            1 => self.digest.frame_end(),
            _ => {}
        }
    }
}
