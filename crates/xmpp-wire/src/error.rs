//! Stream errors (RFC 6120 §4.9) and writer errors.

use core::fmt;

/// A stream error condition, RFC 6120 §4.9.3.
///
/// The parser raises only the conditions that the bytes of a stream can cause
/// (`bad-format`, `bad-namespace-prefix`, `invalid-namespace`, `not-well-formed`,
/// `policy-violation`, `restricted-xml`, `unsupported-encoding`, `unsupported-version`);
/// the others exist so that a writer and the bindings can name every condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Condition {
    /// §4.9.3.1 `bad-format`: XML that cannot be processed (text between stanzas, a misplaced stream header).
    BadFormat,
    /// §4.9.3.2 `bad-namespace-prefix`: a prefix that is not declared where the element stands.
    BadNamespacePrefix,
    /// §4.9.3.3 `conflict`.
    Conflict,
    /// §4.9.3.4 `connection-timeout`.
    ConnectionTimeout,
    /// §4.9.3.5 `host-gone`.
    HostGone,
    /// §4.9.3.6 `host-unknown`.
    HostUnknown,
    /// §4.9.3.7 `improper-addressing`.
    ImproperAddressing,
    /// §4.9.3.8 `internal-server-error`.
    InternalServerError,
    /// §4.9.3.9 `invalid-from`.
    InvalidFrom,
    /// §4.9.3.10 `invalid-namespace`: the stream or content namespace is not one XMPP defines.
    InvalidNamespace,
    /// §4.9.3.11 `invalid-xml`.
    InvalidXml,
    /// §4.9.3.12 `not-authorized`.
    NotAuthorized,
    /// §4.9.3.13 `not-well-formed`: XML 1.0 or Namespaces 1.0 well-formedness is violated.
    NotWellFormed,
    /// §4.9.3.14 `policy-violation`: a configured limit was crossed.
    PolicyViolation,
    /// §4.9.3.15 `remote-connection-failed`.
    RemoteConnectionFailed,
    /// §4.9.3.16 `reset`.
    Reset,
    /// §4.9.3.17 `resource-constraint`.
    ResourceConstraint,
    /// §4.9.3.18 `restricted-xml`: comments, processing instructions, DTDs, undefined entities (§11.1).
    RestrictedXml,
    /// §4.9.3.19 `see-other-host`.
    SeeOtherHost,
    /// §4.9.3.20 `system-shutdown`.
    SystemShutdown,
    /// §4.9.3.21 `undefined-condition`.
    UndefinedCondition,
    /// §4.9.3.22 `unsupported-encoding`: anything but UTF-8 (§11.6).
    UnsupportedEncoding,
    /// §4.9.3.23 `unsupported-feature`.
    UnsupportedFeature,
    /// §4.9.3.24 `unsupported-stanza-type`.
    UnsupportedStanzaType,
    /// §4.9.3.25 `unsupported-version`: a stream `version` this parser does not speak (§4.7.5).
    UnsupportedVersion,
}

impl Condition {
    /// Every condition, in RFC 6120 order.
    pub const ALL: [Condition; 25] = [
        Condition::BadFormat,
        Condition::BadNamespacePrefix,
        Condition::Conflict,
        Condition::ConnectionTimeout,
        Condition::HostGone,
        Condition::HostUnknown,
        Condition::ImproperAddressing,
        Condition::InternalServerError,
        Condition::InvalidFrom,
        Condition::InvalidNamespace,
        Condition::InvalidXml,
        Condition::NotAuthorized,
        Condition::NotWellFormed,
        Condition::PolicyViolation,
        Condition::RemoteConnectionFailed,
        Condition::Reset,
        Condition::ResourceConstraint,
        Condition::RestrictedXml,
        Condition::SeeOtherHost,
        Condition::SystemShutdown,
        Condition::UndefinedCondition,
        Condition::UnsupportedEncoding,
        Condition::UnsupportedFeature,
        Condition::UnsupportedStanzaType,
        Condition::UnsupportedVersion,
    ];

    /// The element name RFC 6120 gives this condition, e.g. `"not-well-formed"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Condition::BadFormat => "bad-format",
            Condition::BadNamespacePrefix => "bad-namespace-prefix",
            Condition::Conflict => "conflict",
            Condition::ConnectionTimeout => "connection-timeout",
            Condition::HostGone => "host-gone",
            Condition::HostUnknown => "host-unknown",
            Condition::ImproperAddressing => "improper-addressing",
            Condition::InternalServerError => "internal-server-error",
            Condition::InvalidFrom => "invalid-from",
            Condition::InvalidNamespace => "invalid-namespace",
            Condition::InvalidXml => "invalid-xml",
            Condition::NotAuthorized => "not-authorized",
            Condition::NotWellFormed => "not-well-formed",
            Condition::PolicyViolation => "policy-violation",
            Condition::RemoteConnectionFailed => "remote-connection-failed",
            Condition::Reset => "reset",
            Condition::ResourceConstraint => "resource-constraint",
            Condition::RestrictedXml => "restricted-xml",
            Condition::SeeOtherHost => "see-other-host",
            Condition::SystemShutdown => "system-shutdown",
            Condition::UndefinedCondition => "undefined-condition",
            Condition::UnsupportedEncoding => "unsupported-encoding",
            Condition::UnsupportedFeature => "unsupported-feature",
            Condition::UnsupportedStanzaType => "unsupported-stanza-type",
            Condition::UnsupportedVersion => "unsupported-version",
        }
    }

    /// The condition named `name`, if RFC 6120 defines it.
    pub fn from_name(name: &str) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the parser stopped: one variant per rule, so that tests can assert it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    // --- encoding (RFC 6120 §11.6)
    /// A byte sequence that is not UTF-8.
    InvalidUtf8,
    /// A UTF-16 byte-order mark or UTF-16 text at the start of the stream.
    Utf16,
    /// The XML declaration names an encoding other than UTF-8.
    EncodingNotUtf8,
    // --- XML 1.0 well-formedness
    /// A character outside the XML `Char` production (XML 1.0 §2.2).
    ForbiddenChar,
    /// A character that cannot stand at this point of the markup.
    UnexpectedChar,
    /// A character that cannot start or continue a name (XML 1.0 §2.3).
    InvalidNameChar,
    /// An end tag whose name differs from its start tag's (XML 1.0 WFC: Element Type Match).
    MismatchedEndTag,
    /// An end tag with no open element.
    UnexpectedEndTag,
    /// The same attribute twice on one element (WFC: Unique Att Spec; Namespaces 1.0 §6.3).
    DuplicateAttribute,
    /// `<` inside an attribute value (WFC: No < in Attribute Values).
    LtInAttributeValue,
    /// `]]>` in character data (XML 1.0 §2.4).
    CdataEndInText,
    /// A malformed entity or character reference.
    MalformedReference,
    /// A character reference to a character outside `Char` (WFC: Legal Character).
    InvalidCharReference,
    /// A malformed XML declaration.
    MalformedXmlDeclaration,
    /// An XML declaration anywhere but at the start of a stream.
    MisplacedXmlDeclaration,
    /// A `version` in the XML declaration other than 1.x.
    UnsupportedXmlVersion,
    /// The input ended inside an element, or before the stream was closed.
    UnexpectedEnd,
    /// Anything after the stream was closed.
    ContentAfterClose,
    // --- Namespaces 1.0
    /// A prefix with no namespace declaration in scope.
    UnboundPrefix,
    /// A prefix declared only on the stream header, used by a top-level element (DESIGN.md).
    PrefixFromStreamHeader,
    /// `xmlns:p=""`, which Namespaces 1.0 forbids.
    EmptyPrefixDeclaration,
    /// A misuse of the reserved `xml` or `xmlns` prefix or namespace name (Namespaces 1.0 §3).
    ReservedPrefix,
    /// A name with more than one colon, or an empty prefix or local part.
    MalformedQName,
    // --- RFC 6120 §11.1 restricted XML
    /// A comment.
    Comment,
    /// A processing instruction.
    ProcessingInstruction,
    /// A document type declaration.
    Doctype,
    /// A reference to an entity other than the five predefined ones.
    UndefinedEntity,
    // --- XMPP stream structure
    /// The first element is not `stream` in `http://etherx.jabber.org/streams`.
    NotAStreamHeader,
    /// The stream element's namespace is not `http://etherx.jabber.org/streams`.
    WrongStreamNamespace,
    /// The stream header declares a content namespace XMPP does not define.
    WrongContentNamespace,
    /// The stream `version` is not `1.x` (RFC 6120 §4.7.5).
    UnsupportedStreamVersion,
    /// Text other than whitespace, a reference or CDATA directly inside the stream (§11.7).
    TextAtStreamLevel,
    /// A stream header where no restart may happen (§4.3.3).
    MisplacedStreamHeader,
    /// In WebSocket mode, a top-level element before `<open/>` or an `<open/>` that is not RFC 7395's.
    WebSocketFraming,
    // --- limits (RFC 6120 §13.12)
    /// A top-level element larger than `Limits::max_stanza_size`.
    StanzaTooLarge,
    /// Elements nested deeper than `Limits::max_depth`.
    TooDeep,
    /// More attributes on one element than `Limits::max_attributes`.
    TooManyAttributes,
    /// More namespace declarations in scope than `Limits::max_namespaces`.
    TooManyNamespaces,
    /// A namespace prefix longer than 65535 bytes, more than the parser's state records.
    NameTooLong,
}

impl Reason {
    /// Every reason, in declaration order.
    pub const ALL: [Reason; 39] = [
        Reason::InvalidUtf8,
        Reason::Utf16,
        Reason::EncodingNotUtf8,
        Reason::ForbiddenChar,
        Reason::UnexpectedChar,
        Reason::InvalidNameChar,
        Reason::MismatchedEndTag,
        Reason::UnexpectedEndTag,
        Reason::DuplicateAttribute,
        Reason::LtInAttributeValue,
        Reason::CdataEndInText,
        Reason::MalformedReference,
        Reason::InvalidCharReference,
        Reason::MalformedXmlDeclaration,
        Reason::MisplacedXmlDeclaration,
        Reason::UnsupportedXmlVersion,
        Reason::UnexpectedEnd,
        Reason::ContentAfterClose,
        Reason::UnboundPrefix,
        Reason::PrefixFromStreamHeader,
        Reason::EmptyPrefixDeclaration,
        Reason::ReservedPrefix,
        Reason::MalformedQName,
        Reason::Comment,
        Reason::ProcessingInstruction,
        Reason::Doctype,
        Reason::UndefinedEntity,
        Reason::NotAStreamHeader,
        Reason::WrongStreamNamespace,
        Reason::WrongContentNamespace,
        Reason::UnsupportedStreamVersion,
        Reason::TextAtStreamLevel,
        Reason::MisplacedStreamHeader,
        Reason::WebSocketFraming,
        Reason::StanzaTooLarge,
        Reason::TooDeep,
        Reason::TooManyAttributes,
        Reason::TooManyNamespaces,
        Reason::NameTooLong,
    ];

    /// A stable kebab-case name for the reason, e.g. `"mismatched-end-tag"`, identical in every
    /// binding.
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::InvalidUtf8 => "invalid-utf-8",
            Reason::Utf16 => "utf-16",
            Reason::EncodingNotUtf8 => "encoding-not-utf-8",
            Reason::ForbiddenChar => "forbidden-char",
            Reason::UnexpectedChar => "unexpected-char",
            Reason::InvalidNameChar => "invalid-name-char",
            Reason::MismatchedEndTag => "mismatched-end-tag",
            Reason::UnexpectedEndTag => "unexpected-end-tag",
            Reason::DuplicateAttribute => "duplicate-attribute",
            Reason::LtInAttributeValue => "lt-in-attribute-value",
            Reason::CdataEndInText => "cdata-end-in-text",
            Reason::MalformedReference => "malformed-reference",
            Reason::InvalidCharReference => "invalid-char-reference",
            Reason::MalformedXmlDeclaration => "malformed-xml-declaration",
            Reason::MisplacedXmlDeclaration => "misplaced-xml-declaration",
            Reason::UnsupportedXmlVersion => "unsupported-xml-version",
            Reason::UnexpectedEnd => "unexpected-end",
            Reason::ContentAfterClose => "content-after-close",
            Reason::UnboundPrefix => "unbound-prefix",
            Reason::PrefixFromStreamHeader => "prefix-from-stream-header",
            Reason::EmptyPrefixDeclaration => "empty-prefix-declaration",
            Reason::ReservedPrefix => "reserved-prefix",
            Reason::MalformedQName => "malformed-q-name",
            Reason::Comment => "comment",
            Reason::ProcessingInstruction => "processing-instruction",
            Reason::Doctype => "doctype",
            Reason::UndefinedEntity => "undefined-entity",
            Reason::NotAStreamHeader => "not-a-stream-header",
            Reason::WrongStreamNamespace => "wrong-stream-namespace",
            Reason::WrongContentNamespace => "wrong-content-namespace",
            Reason::UnsupportedStreamVersion => "unsupported-stream-version",
            Reason::TextAtStreamLevel => "text-at-stream-level",
            Reason::MisplacedStreamHeader => "misplaced-stream-header",
            Reason::WebSocketFraming => "web-socket-framing",
            Reason::StanzaTooLarge => "stanza-too-large",
            Reason::TooDeep => "too-deep",
            Reason::TooManyAttributes => "too-many-attributes",
            Reason::TooManyNamespaces => "too-many-namespaces",
            Reason::NameTooLong => "name-too-long",
        }
    }

    /// A one-line description for humans.
    pub const fn message(self) -> &'static str {
        match self {
            Reason::InvalidUtf8 => "invalid UTF-8",
            Reason::Utf16 => "UTF-16 input; XMPP streams are UTF-8",
            Reason::EncodingNotUtf8 => "the XML declaration names an encoding other than UTF-8",
            Reason::ForbiddenChar => "a character XML does not allow",
            Reason::UnexpectedChar => "a character that cannot stand here",
            Reason::InvalidNameChar => "a character that cannot be part of a name",
            Reason::MismatchedEndTag => "end tag does not match its start tag",
            Reason::UnexpectedEndTag => "end tag with no open element",
            Reason::DuplicateAttribute => "duplicate attribute",
            Reason::LtInAttributeValue => "'<' in an attribute value",
            Reason::CdataEndInText => "']]>' in character data",
            Reason::MalformedReference => "malformed entity or character reference",
            Reason::InvalidCharReference => "character reference to a character XML does not allow",
            Reason::MalformedXmlDeclaration => "malformed XML declaration",
            Reason::MisplacedXmlDeclaration => "XML declaration not at the start of the stream",
            Reason::UnsupportedXmlVersion => "XML version other than 1.x",
            Reason::UnexpectedEnd => "input ended inside an element",
            Reason::ContentAfterClose => "content after the stream was closed",
            Reason::UnboundPrefix => "undeclared namespace prefix",
            Reason::PrefixFromStreamHeader => {
                "top-level element uses a prefix declared only on the stream header"
            }
            Reason::EmptyPrefixDeclaration => {
                "a prefix cannot be bound to the empty namespace name"
            }
            Reason::ReservedPrefix => "misuse of the reserved xml or xmlns prefix or namespace",
            Reason::MalformedQName => "malformed qualified name",
            Reason::Comment => "comments are not allowed in XMPP (RFC 6120 §11.1)",
            Reason::ProcessingInstruction => {
                "processing instructions are not allowed in XMPP (RFC 6120 §11.1)"
            }
            Reason::Doctype => {
                "document type declarations are not allowed in XMPP (RFC 6120 §11.1)"
            }
            Reason::UndefinedEntity => {
                "entity other than the five predefined ones (RFC 6120 §11.1)"
            }
            Reason::NotAStreamHeader => "the stream does not start with a stream header",
            Reason::WrongStreamNamespace => {
                "stream element not in http://etherx.jabber.org/streams"
            }
            Reason::WrongContentNamespace => "unsupported content namespace on the stream header",
            Reason::UnsupportedStreamVersion => "unsupported stream version",
            Reason::TextAtStreamLevel => {
                "only whitespace may stand between top-level elements (RFC 6120 §11.7)"
            }
            Reason::MisplacedStreamHeader => "stream header where no stream restart may happen",
            Reason::WebSocketFraming => "RFC 7395 framing violated",
            Reason::StanzaTooLarge => "top-level element larger than the configured limit",
            Reason::TooDeep => "elements nested deeper than the configured limit",
            Reason::TooManyAttributes => "more attributes than the configured limit",
            Reason::TooManyNamespaces => "more namespace declarations than the configured limit",
            Reason::NameTooLong => "a namespace prefix longer than 65535 bytes",
        }
    }

    /// The stream error condition this reason maps to.
    pub const fn condition(self) -> Condition {
        use Reason::*;
        match self {
            InvalidUtf8
            | ForbiddenChar
            | UnexpectedChar
            | InvalidNameChar
            | MismatchedEndTag
            | UnexpectedEndTag
            | DuplicateAttribute
            | LtInAttributeValue
            | CdataEndInText
            | MalformedReference
            | InvalidCharReference
            | MalformedXmlDeclaration
            | MisplacedXmlDeclaration
            | UnsupportedXmlVersion
            | UnexpectedEnd
            | ContentAfterClose
            | EmptyPrefixDeclaration
            | ReservedPrefix
            | MalformedQName => Condition::NotWellFormed,
            Utf16 | EncodingNotUtf8 => Condition::UnsupportedEncoding,
            UnboundPrefix | PrefixFromStreamHeader => Condition::BadNamespacePrefix,
            Comment | ProcessingInstruction | Doctype | UndefinedEntity => Condition::RestrictedXml,
            NotAStreamHeader | TextAtStreamLevel | MisplacedStreamHeader | WebSocketFraming => {
                Condition::BadFormat
            }
            WrongStreamNamespace | WrongContentNamespace => Condition::InvalidNamespace,
            UnsupportedStreamVersion => Condition::UnsupportedVersion,
            StanzaTooLarge | TooDeep | TooManyAttributes | TooManyNamespaces | NameTooLong => {
                Condition::PolicyViolation
            }
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// A fatal stream error: the condition, the byte offset in the stream, and the reason.
///
/// Errors are sticky: once the parser has returned one, it returns the same one on every
/// later call until [`reset`](crate::StreamParser::reset). `Display` prints
/// `condition at offset N: reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamError {
    reason: Reason,
    offset: u64,
}

impl StreamError {
    /// An error for `reason` at byte `offset` of the stream.
    pub const fn new(reason: Reason, offset: u64) -> StreamError {
        StreamError { reason, offset }
    }

    /// The RFC 6120 condition to send in `<stream:error/>`.
    pub const fn condition(&self) -> Condition {
        self.reason.condition()
    }

    /// The offset of the first byte of the offending character, name, reference or markup.
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// The specific rule that was broken.
    pub const fn reason(&self) -> Reason {
        self.reason
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at offset {}: {}",
            self.condition(),
            self.offset,
            self.reason.message()
        )
    }
}

impl core::error::Error for StreamError {}

/// Why the writer refused to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WriteError {
    /// The sink is full; `needed` is the total length the whole output would need, when known.
    BufferTooSmall {
        /// Bytes needed for the whole output (0 when the sink cannot tell).
        needed: usize,
    },
    /// A character XML cannot carry (outside `Char`), at byte `index` of the offending value.
    InvalidChar {
        /// Byte index of the character in the value that was passed in.
        index: usize,
    },
    /// A name that is not an XML name (element, attribute or prefix).
    InvalidName,
    /// The calls do not form balanced, well-ordered XML: `end` with nothing open, an attribute
    /// or namespace declaration after content, `finish` or a stream-level call with elements open.
    Unbalanced,
    /// More open elements, or longer open names, than the writer's fixed stack holds.
    TooDeep,
    /// The sink reported an I/O error.
    Io,
}

impl WriteError {
    /// A stable kebab-case name, e.g. `"buffer-too-small"`, identical in every binding.
    pub const fn as_str(&self) -> &'static str {
        match self {
            WriteError::BufferTooSmall { .. } => "buffer-too-small",
            WriteError::InvalidChar { .. } => "invalid-char",
            WriteError::InvalidName => "invalid-name",
            WriteError::Unbalanced => "unbalanced",
            WriteError::TooDeep => "too-deep",
            WriteError::Io => "io",
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::BufferTooSmall { needed } => {
                write!(f, "buffer too small ({needed} bytes needed)")
            }
            WriteError::InvalidChar { index } => {
                write!(f, "character XML cannot carry at byte {index}")
            }
            WriteError::InvalidName => f.write_str("not an XML name"),
            WriteError::Unbalanced => f.write_str("writer calls out of order or unbalanced"),
            WriteError::TooDeep => f.write_str("writer element stack full"),
            WriteError::Io => f.write_str("I/O error"),
        }
    }
}

impl core::error::Error for WriteError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for (i, reason) in Reason::ALL.iter().enumerate() {
            assert!(Reason::ALL[..i]
                .iter()
                .all(|r| r.as_str() != reason.as_str()));
            assert!(!reason.message().is_empty());
        }
        for condition in Condition::ALL {
            assert_eq!(Condition::from_name(condition.as_str()), Some(condition));
        }
    }
}
