//! The differential comparison, and the named differences between xmpp-wire and the oracle that
//! are expected.
//!
//! Each expected difference is a predicate with a name, checked against the input and what the
//! oracle reported, never a blanket "ignore errors of this kind": an unexplained difference in
//! either direction panics. A difference where the oracle rejects bytes that xmpp-wire accepts is
//! the dangerous direction (a router forwards what a client's parser chokes on), so the
//! predicates for it are few and narrow.

use xmpp_wire::{Mode, NameRules, Reason, StreamError};

use crate::feed::{run, SplitPlan};
use crate::model::{Body, Owned, Tree};
use crate::oracle::{self, OracleRun};
use crate::setup::Setup;

/// Why xmpp-wire may reject bytes the oracle accepts: RFC 6120 and DESIGN.md ask more than
/// XML 1.0 and Namespaces 1.0 do. Each variant names the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stricter {
    /// RFC 6120 §11.7: only whitespace between top-level elements; the oracle reported text
    /// directly inside the stream at the error's offset.
    TextAtStreamLevel,
    /// RFC 6120 §4.3.3: a stream header only where a restart may happen; the oracle reported a
    /// `stream` start tag in the streams namespace inside the stream at the error's offset.
    MisplacedRestart,
    /// RFC 6120 §4.3.3: a restart header starts a new document, so xmpp-wire checks it as a
    /// root (stream header rules, its own namespace declarations), where the oracle, which knows
    /// no restarts, reads a child of the old root. The error lies in a start tag the oracle
    /// reported at depth 1 as `stream` in the streams namespace.
    RestartHeader,
    /// RFC 6120 §4.7, §4.8.2: the first element must be a stream header in the streams
    /// namespace, with a known content namespace and a version of major 0 or 1; the error lies
    /// in the start tag the oracle reported as the root.
    StreamHeaderRules,
    /// RFC 6120 §13.12 and `Limits`: a configured limit was crossed.
    ConfiguredLimit,
    /// DESIGN.md "Self-contained frames": a top-level element uses a prefix that only the stream
    /// header declares.
    PrefixFromStreamHeader,
    /// DESIGN.md: nothing may follow `</stream:stream>`; the oracle allows trailing whitespace
    /// (XML 1.0 `Misc`), and it reported the root closed.
    ContentAfterClose,
    /// `NameRules::FourthEdition` rejects names the Fifth Edition allows; the oracle follows
    /// the Fifth Edition.
    FourthEditionNames,
    /// XML 1.0 WFC Unique Att Spec holds for namespace declarations too; rxml 0.14 keeps the
    /// last of two `xmlns` (or `xmlns:p`) declarations on one tag instead of rejecting them. The
    /// error's offset is a declaration's name that an earlier one on the same tag repeats.
    DuplicateNamespaceDeclaration,
    /// Namespaces 1.0 §3: no prefix may be bound to `http://www.w3.org/2000/xmlns/`, and only
    /// `xml` to `http://www.w3.org/XML/1998/namespace`; rxml 0.14 accepts such declarations.
    /// The error's offset is a declaration whose value, as written, is one of the two.
    ReservedNamespaceBinding,
    /// The oracle has not decided the bytes where xmpp-wire stopped: rxml reads a token (a tag,
    /// a quoted value, a run of text) whole before it checks it, and the input ends inside one.
    /// The oracle reported no error, and its last event ends at or before the error's offset.
    OracleUndecided,
}

/// Why the oracle may reject bytes xmpp-wire accepts. Each variant names the rule and why
/// xmpp-wire is right to accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OracleStricter {
    /// Whitespace before the root element when there is no XML declaration: XML 1.0 §2.8
    /// (`prolog ::= XMLDecl? Misc*`, `Misc` includes `S`) allows it; rxml refuses any text at
    /// the beginning of a document. The document must start with XML whitespace.
    LeadingWhitespace,
    /// A UTF-8 byte-order mark (EF BB BF) at the start: XML 1.0 §4.3.3 and Appendix F allow it,
    /// DESIGN.md "Encodings" accepts it; rxml refuses it as text at the beginning of a document.
    Utf8ByteOrderMark,
    /// An XML declaration with version `1.x`, x other than 0: XML 1.0 Fifth Edition §2.8 says a
    /// 1.0 processor processes such a document as 1.0; rxml accepts only `1.0`.
    XmlVersion1x,
    /// A name character in U+FDF0–U+FFFD (U+FEFF among them): XML 1.0 Fifth Edition §2.3 [4],
    /// [4a] allow them in names; rxml_validation 0.12 leaves the range out of both its tables.
    /// `NameRules::FourthEdition` refuses them, for routers in front of such parsers.
    NameCharsFdf0ToFffd,
    /// xmpp-wire has not decided the bytes where the oracle stopped: it checks a tag, a
    /// declaration or a reference when the item is complete, and the input ends inside one
    /// (`finish` reports `UnexpectedEnd`). The oracle's last event ends at or after
    /// xmpp-wire's last frame, so the frames both reported agree.
    Undecided,
}

/// The named reason xmpp-wire may reject what the oracle accepted, if there is one. `input` is
/// the whole stream (offsets are absolute).
pub fn stricter(
    error: &StreamError,
    input: &[u8],
    oracle: &OracleRun,
    setup: &Setup,
) -> Option<Stricter> {
    let at = error.offset();
    let covers = |offset: u64, len: u64| offset <= at && at < offset + len.max(1);
    match error.reason() {
        Reason::TextAtStreamLevel if oracle.root_text.iter().any(|t| covers(t.offset, t.len)) => {
            Some(Stricter::TextAtStreamLevel)
        }
        Reason::MisplacedStreamHeader if stream_tags(oracle).any(|s| s.offset == at) => {
            Some(Stricter::MisplacedRestart)
        }
        _ if stream_tags(oracle).any(|s| covers(s.offset, s.len)) => Some(Stricter::RestartHeader),
        Reason::NotAStreamHeader
        | Reason::WrongStreamNamespace
        | Reason::WrongContentNamespace
        | Reason::UnsupportedStreamVersion
            if oracle
                .starts
                .iter()
                .any(|s| s.depth == 0 && covers(s.offset, s.len)) =>
        {
            Some(Stricter::StreamHeaderRules)
        }
        Reason::StanzaTooLarge
        | Reason::TooDeep
        | Reason::TooManyAttributes
        | Reason::TooManyNamespaces => Some(Stricter::ConfiguredLimit),
        Reason::PrefixFromStreamHeader if setup.mode == Mode::Tcp => {
            Some(Stricter::PrefixFromStreamHeader)
        }
        Reason::ContentAfterClose if oracle.root_closed => Some(Stricter::ContentAfterClose),
        Reason::InvalidNameChar if setup.profile.names == NameRules::FourthEdition => {
            Some(Stricter::FourthEditionNames)
        }
        Reason::DuplicateAttribute if repeats_a_declaration(input, at as usize) => {
            Some(Stricter::DuplicateNamespaceDeclaration)
        }
        Reason::ReservedPrefix if binds_a_reserved_namespace(input, at as usize) => {
            Some(Stricter::ReservedNamespaceBinding)
        }
        _ if oracle.error.is_none() && !oracle.root_closed && oracle.decided_to <= at => {
            Some(Stricter::OracleUndecided)
        }
        _ => None,
    }
}

/// The start tags the oracle reported at depth 1 as `stream` in the streams namespace: restart
/// headers, or misplaced ones.
fn stream_tags(oracle: &OracleRun) -> impl Iterator<Item = &oracle::Start> {
    oracle
        .starts
        .iter()
        .filter(|s| s.depth == 1 && s.local == "stream" && s.ns == xmpp_wire::ns::STREAMS)
}

/// Whether the attribute at `input[at]` declares a prefix other than `xml` (or the default
/// namespace) with the value `http://www.w3.org/XML/1998/namespace` or
/// `http://www.w3.org/2000/xmlns/`, written without references.
fn binds_a_reserved_namespace(input: &[u8], at: usize) -> bool {
    let rest = &input[at..];
    let Some(eq) = rest.iter().position(|&b| b == b'=') else {
        return false;
    };
    let name = rest[..eq].trim_ascii_end();
    if !(name == b"xmlns" || (name.starts_with(b"xmlns:") && name != b"xmlns:xml")) {
        return false;
    }
    let value = rest[eq + 1..].trim_ascii_start();
    let Some((&quote, value)) = value.split_first() else {
        return false;
    };
    let Some(end) = value.iter().position(|&b| b == quote) else {
        return false;
    };
    [xmpp_wire::ns::XML, xmpp_wire::ns::XMLNS]
        .iter()
        .any(|reserved| &value[..end] == reserved.as_bytes())
}

/// Whether the attribute whose name starts at `input[at]` is a namespace declaration that an
/// earlier attribute of the same start tag repeats.
fn repeats_a_declaration(input: &[u8], at: usize) -> bool {
    let name_end = |from: usize| {
        input[from..]
            .iter()
            .position(|b| matches!(b, b'=' | b' ' | b'\t' | b'\r' | b'\n'))
            .map(|n| from + n)
    };
    let Some(end) = name_end(at) else {
        return false;
    };
    let name = &input[at..end];
    if !(name == b"xmlns" || name.starts_with(b"xmlns:")) {
        return false;
    }
    let Some(tag_start) = input[..at].iter().rposition(|&b| b == b'<') else {
        return false;
    };
    // Each earlier attribute name follows whitespace that is not inside a quoted value.
    let mut quote = None;
    for i in tag_start..at {
        match (quote, input[i]) {
            (None, q @ (b'\'' | b'"')) => quote = Some(q),
            (Some(q), b) if b == q => quote = None,
            (None, b' ' | b'\t' | b'\r' | b'\n')
                if name_end(i + 1).is_some_and(|e| &input[i + 1..e] == name) =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// The named reason the oracle may reject what xmpp-wire accepted, if there is one. `document`
/// is the bytes the oracle read; `undecided_from` is where xmpp-wire's undecided bytes begin
/// (its last frame's end), when `finish` said the input ended inside an item.
pub fn oracle_stricter(
    error: &rxml::Error,
    document: &[u8],
    oracle: &OracleRun,
    undecided_from: Option<u64>,
) -> Option<OracleStricter> {
    use rxml::error::ErrorContext;
    let declaration = document.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(document);
    match error {
        rxml::Error::RestrictedXml("only XML version 1.0 is allowed")
            if declares_version_1x(declaration) =>
        {
            Some(OracleStricter::XmlVersion1x)
        }
        rxml::Error::UnexpectedChar(
            Some(ErrorContext::Name | ErrorContext::NameStart | ErrorContext::AttributeName),
            '\u{FDF0}'..='\u{FFFD}',
            _,
        ) => Some(OracleStricter::NameCharsFdf0ToFffd),
        _ if undecided_from.is_some_and(|from| oracle.decided_to >= from) => {
            Some(OracleStricter::Undecided)
        }
        rxml::Error::UnexpectedToken(Some(ErrorContext::DocumentBegin), "Text", _)
            if document
                .first()
                .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) =>
        {
            Some(OracleStricter::LeadingWhitespace)
        }
        rxml::Error::UnexpectedToken(Some(ErrorContext::DocumentBegin), "Text", _)
            if document.starts_with(b"\xEF\xBB\xBF") =>
        {
            Some(OracleStricter::Utf8ByteOrderMark)
        }
        _ => None,
    }
}

/// Whether `document` starts with an XML declaration whose version is `1.` and digits, other
/// than `1.0`.
fn declares_version_1x(document: &[u8]) -> bool {
    let Some(rest) = document.strip_prefix(b"<?xml") else {
        return false;
    };
    let Some(at) = rest.windows(7).position(|w| w == b"version") else {
        return false;
    };
    let rest = rest[at + 7..].trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b"=") else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    let Some((&quote, rest)) = rest.split_first() else {
        return false;
    };
    let Some(end) = rest.iter().position(|&b| b == quote) else {
        return false;
    };
    let version = &rest[..end];
    version != b"1.0"
        && version.len() > 2
        && version.starts_with(b"1.")
        && version[2..].iter().all(u8::is_ascii_digit)
}

/// A comparable item: the stream header, a top-level element, or the stream's end.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Open(Tree),
    Element(Tree),
    Close,
}

/// The header `raw` as an element: its start tag closed with `/>` and parsed as a document, so
/// that its prefixed attributes are expanded by the same code as any element's.
fn header_tree(raw: &[u8], setup: &Setup) -> Tree {
    let mut closed = raw[..raw.len() - 1].to_vec();
    closed.extend_from_slice(b"/>");
    let outcome = run(
        &closed,
        &SplitPlan::whole(),
        &setup.with_mode(Mode::Document),
    );
    assert_eq!(
        outcome.error,
        None,
        "a stream header does not parse as an element: {:?}",
        lossy(&closed)
    );
    outcome.frames[0].tree().expect("an element").expanded()
}

fn item(frame: &Owned, setup: &Setup) -> Item {
    match &frame.body {
        Body::Open(_) => Item::Open(header_tree(&frame.raw, setup)),
        Body::Element { tree, .. } => Item::Element(tree.expanded()),
        Body::Close => Item::Close,
    }
}

fn theirs(oracle: &OracleRun) -> Vec<Item> {
    let mut items: Vec<Item> = oracle
        .root
        .iter()
        .map(|root| Item::Open(root.clone()))
        .collect();
    items.extend(
        oracle
            .elements
            .iter()
            .map(|(_, tree)| Item::Element(tree.clone())),
    );
    if oracle.root_closed {
        items.push(Item::Close);
    }
    items
}

/// What xmpp-wire made of the bytes one oracle run read.
struct Ours {
    /// Its items, comparable with the oracle's.
    items: Vec<Item>,
    /// Its error, if it reported one in these bytes.
    error: Option<StreamError>,
    /// Where its undecided bytes begin, when the input ends inside an item it has not checked.
    undecided_from: Option<u64>,
}

/// XML 1.0 §2.11: before parsing, a lone CR (not followed by LF) is a line end, like LF. rxml
/// 0.14 gets lone CRs wrong (it drops one before `&`, and rejects one before other characters
/// in an attribute value), so the oracle reads the input with every lone CR replaced by LF, a
/// byte for a byte. That xmpp-wire reads both the same (frames, values, error and offsets) is
/// checked here, so its own handling of CR is still compared.
fn lone_carriage_returns_as_line_feeds(input: &[u8], setup: &Setup) -> Vec<u8> {
    let mut lf = input.to_vec();
    for i in 0..lf.len() {
        if lf[i] == b'\r' && lf.get(i + 1) != Some(&b'\n') {
            lf[i] = b'\n';
        }
    }
    if lf != input {
        let summary = |bytes: &[u8]| {
            let outcome = run(bytes, &SplitPlan::whole(), setup);
            let frames: Vec<(u64, usize, Item)> = outcome
                .frames
                .iter()
                .map(|f| (f.offset, f.raw.len(), item(f, setup)))
                .collect();
            (frames, outcome.error, outcome.end)
        };
        assert_eq!(
            summary(input),
            summary(&lf),
            "a lone CR does not read as LF (XML 1.0 §2.11) in {:?}",
            lossy(input)
        );
    }
    lf
}

/// Compares xmpp-wire and the oracle on a TCP stream, segment by segment: a stream restart
/// (RFC 6120 §4.3.3) starts a new XML document, so the oracle gets a fresh parser there, as a
/// client does. Panics on any difference no predicate names.
pub fn compare_stream(input: &[u8], setup: &Setup) {
    let input = &lone_carriage_returns_as_line_feeds(input, setup)[..];
    let ours_run = run(input, &SplitPlan::whole(), setup);
    // A restart begins after the top-level element before the new header.
    let mut bounds = vec![0u64];
    for pair in ours_run.frames.windows(2) {
        if matches!(pair[1].body, Body::Open(_)) {
            bounds.push(pair[0].end());
        }
    }
    bounds.push(input.len() as u64);
    for (k, segment) in bounds.windows(2).enumerate() {
        let (start, end) = (segment[0], segment[1]);
        let mut document = &input[start as usize..end as usize];
        let mut base = start;
        if k > 0 {
            // The new document starts at the restart's XML declaration or header; whitespace
            // before it belongs to the old stream, where it is allowed.
            let trimmed = document
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .count();
            document = &document[trimmed..];
            base += trimmed as u64;
        }
        let oracle = oracle::run(document, base, false);
        let frames: Vec<&Owned> = ours_run
            .frames
            .iter()
            .filter(|f| start <= f.offset && f.offset < end)
            .collect();
        let last = k + 2 == bounds.len();
        // TCP: `finish` fails only when the input ends inside an item xmpp-wire has not checked.
        let undecided = last && matches!(ours_run.end, Some(Err(_)));
        let ours = Ours {
            items: frames.iter().map(|f| item(f, setup)).collect(),
            error: ours_run.error.filter(|e| last || e.offset() < end),
            undecided_from: undecided.then(|| frames.last().map_or(start, |f| f.end())),
        };
        check_verdicts(input, document, &ours, &theirs(&oracle), &oracle, setup);
    }
}

/// Compares xmpp-wire in document mode with the oracle on a whole document.
pub fn compare_document(input: &[u8], setup: &Setup) {
    let input = &lone_carriage_returns_as_line_feeds(input, setup)[..];
    let ours_run = run(input, &SplitPlan::whole(), setup);
    let oracle = oracle::run(input, 0, true);
    let ours = Ours {
        items: ours_run.frames.iter().map(|f| item(f, setup)).collect(),
        error: ours_run.error.or(ours_run.end.and_then(Result::err)),
        undecided_from: None,
    };
    let theirs: Vec<Item> = oracle
        .elements
        .iter()
        .map(|(_, t)| Item::Element(t.clone()))
        .collect();
    check_verdicts(input, input, &ours, &theirs, &oracle, setup);
}

/// Panics unless xmpp-wire and the oracle agree on `document` (a part of `input`, which the
/// messages show), or a named difference explains why not.
fn check_verdicts(
    input: &[u8],
    document: &[u8],
    ours: &Ours,
    theirs: &[Item],
    oracle: &OracleRun,
    setup: &Setup,
) {
    for (i, (a, b)) in ours.items.iter().zip(theirs).enumerate() {
        assert_eq!(a, b, "item {i} differs from rxml's in {:?}", lossy(input));
    }
    match (ours.error, &oracle.error) {
        (None, None) => assert_eq!(
            ours.items.len(),
            theirs.len(),
            "xmpp-wire and rxml accept {:?} but report {:?} and {:?}",
            lossy(input),
            ours.items,
            theirs
        ),
        (Some(error), None) => {
            if stricter(&error, input, oracle, setup).is_none() {
                panic!(
                    "xmpp-wire rejects what rxml accepts, and no named difference explains it: {error} ({:?}) in {:?}",
                    error.reason(),
                    lossy(input)
                );
            }
        }
        (None, Some(oracle_error)) => {
            if oracle_stricter(oracle_error, document, oracle, ours.undecided_from).is_none() {
                panic!(
                    "rxml rejects what xmpp-wire accepts, and no named difference explains it: rxml says {oracle_error} in {:?}",
                    lossy(input)
                );
            }
        }
        (Some(_), Some(_)) => {}
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
