//! Parser configuration: limits, framing mode, name rules.

/// Largest nesting depth the parser's fixed state can hold; `Limits::max_depth` is clamped to it.
pub const DEPTH_CAPACITY: usize = 40;
/// Most attributes one element may carry in the parser's fixed state.
pub const ATTRIBUTE_CAPACITY: usize = 32;
/// Most namespace declarations in scope at once in the parser's fixed state.
pub const NAMESPACE_CAPACITY: usize = 32;

/// Limits that bound the work and memory a peer can make the parser spend (RFC 6120 §13.12).
///
/// Crossing any of them is a `policy-violation` stream error, found without buffering past the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest top-level element (and stream header) in bytes, from its `<` through its last `>`
    /// inclusive; an element of exactly this size passes. Default 256 KiB, as Prosody
    /// (`c2s_stanza_size_limit`) and ejabberd (`max_stanza_size`) use. The parser also clamps it to
    /// its buffer's length, since a frame must fit the buffer whole.
    pub max_stanza_size: usize,
    /// Deepest element nesting, counted as XML does: in TCP mode the stream element is at depth 1,
    /// a stanza at 2 and its payload at 3; in WebSocket and document mode a top-level element is
    /// at depth 1. Default 32; at most [`DEPTH_CAPACITY`].
    pub max_depth: usize,
    /// Most attributes on one element, namespace declarations included. Default 32; at most
    /// [`ATTRIBUTE_CAPACITY`].
    pub max_attributes: usize,
    /// Most namespace declarations in scope at once within a top-level element. Default 32; at
    /// most [`NAMESPACE_CAPACITY`].
    pub max_namespaces: usize,
}

impl Limits {
    /// The defaults described on each field.
    pub const DEFAULT: Limits = Limits {
        max_stanza_size: 256 * 1024,
        max_depth: 32,
        max_attributes: 32,
        max_namespaces: 32,
    };

    /// These limits with each field clamped to what the parser's fixed state can hold.
    pub(crate) fn clamped(self, buffer_len: usize) -> Limits {
        Limits {
            max_stanza_size: self.max_stanza_size.min(buffer_len).min(u32::MAX as usize),
            max_depth: self.max_depth.clamp(1, DEPTH_CAPACITY),
            max_attributes: self.max_attributes.min(ATTRIBUTE_CAPACITY),
            max_namespaces: self.max_namespaces.min(NAMESPACE_CAPACITY),
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// How the bytes are framed on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// RFC 6120: one long-lived XML document opened by `<stream:stream>`; top-level elements are
    /// its children and inherit its content namespace.
    #[default]
    Tcp,
    /// RFC 7395: a sequence of standalone elements, starting with `<open/>` in
    /// `urn:ietf:params:xml:ns:xmpp-framing`; every element declares its own namespaces.
    WebSocket,
    /// One standalone XML document: an optional XML declaration, exactly one root element
    /// (delivered as a frame), nothing but whitespace after it. For conformance suites and for
    /// checking a single element, such as a payload to be written.
    Document,
}

impl Mode {
    /// `"tcp"` or `"websocket"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mode::Tcp => "tcp",
            Mode::WebSocket => "websocket",
            Mode::Document => "document",
        }
    }

    /// The mode named `name` (`"tcp"` or `"websocket"`).
    pub fn from_name(name: &str) -> Option<Mode> {
        match name {
            "tcp" => Some(Mode::Tcp),
            "websocket" => Some(Mode::WebSocket),
            "document" => Some(Mode::Document),
            _ => None,
        }
    }
}

/// Which XML 1.0 edition's name characters to accept (RFC 6120 cites the Fifth Edition).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NameRules {
    /// XML 1.0 Fifth Edition `NameStartChar` / `NameChar` (§2.3).
    #[default]
    FifthEdition,
    /// Only names that the Fourth Edition (Appendix B) also allows: for routers that forward to
    /// Expat-era clients which reject the rest.
    FourthEdition,
}

impl NameRules {
    /// `"fifth-edition"` or `"fourth-edition"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            NameRules::FifthEdition => "fifth-edition",
            NameRules::FourthEdition => "fourth-edition",
        }
    }

    /// The rules named `name` (`"fifth-edition"` or `"fourth-edition"`).
    pub fn from_name(name: &str) -> Option<NameRules> {
        match name {
            "fifth-edition" => Some(NameRules::FifthEdition),
            "fourth-edition" => Some(NameRules::FourthEdition),
            _ => None,
        }
    }
}

/// Everything a [`StreamParser`](crate::StreamParser) is created with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Size, depth and count limits.
    pub limits: Limits,
    /// TCP (RFC 6120) or WebSocket (RFC 7395) framing.
    pub mode: Mode,
    /// Which name characters to accept.
    pub names: NameRules,
}
