//! Stanza values for the `writer_roundtrip` target: what a program asks the writer to write,
//! built by `arbitrary`, the writer driven with them, and the frames the parser must read back.
//!
//! The writer checks names and characters and refuses what XML cannot carry. It leaves a few
//! rules to its caller (its docs say so for the first two): attribute names are unique, prefixes
//! are declared, the stream header's content namespace and version are ones RFC 6120 allows, and
//! no top-level element is a stream header. [`Obligation`] names each; when a script breaks one,
//! the parser must reject the output with the matching reason. Any other output must parse back
//! to exactly the values given.

use arbitrary::Arbitrary;
use xmpp_wire::writer::reply::{self, ErrorType, StanzaErrorCondition};
use xmpp_wire::writer::{StanzaHeader, StreamHeader};
use xmpp_wire::{ns, Condition, Frame, Mode, Reason, StreamParser, WriteError, Writer};

use crate::model::{push_text, Attribute, Body, Child, Header, Owned, Tree};

/// Names worth trying often: stanza and stream names, prefixed names, reserved prefixes, non-ASCII
/// and invalid ones.
const NAMES: &[&str] = &[
    "message",
    "presence",
    "iq",
    "body",
    "query",
    "x",
    "item",
    "error",
    "text",
    "a",
    "b",
    "p:a",
    "q:a",
    "p:b",
    "stream:features",
    "stream:error",
    "stream:stream",
    "stream",
    "open",
    "close",
    "xml:lang",
    "xml:space",
    "xmlns",
    "xmlns:p",
    "xml",
    "xmlfoo",
    "é",
    "中文",
    "_x-y.z",
    "a·b",
    "a:b:c",
    ":a",
    "a:",
    "1a",
    "-a",
    "",
    "a b",
    "\u{2070}x",
    "x\u{300}",
    "\u{10000}",
];
/// Prefixes worth binding.
const PREFIXES: &[&str] = &[
    "p", "q", "stream", "xml", "xmlns", "db", "é", "", "1", "p:q",
];
/// Namespace names worth declaring.
const URIS: &[&str] = &[
    ns::JABBER_CLIENT,
    ns::JABBER_SERVER,
    ns::STREAMS,
    ns::XML,
    ns::XMLNS,
    ns::FRAMING,
    "urn:p",
    "urn:q",
    "",
    "a&b<c>'\"",
    "jabber:iq:roster",
    "urn:ietf:params:xml:ns:xmpp-sasl",
];
/// Strings worth writing: markup, quotes, references, line ends, characters XML refuses.
const STRINGS: &[&str] = &[
    "",
    " ",
    "a",
    "1.0",
    "0.9",
    "2.0",
    "1.",
    "chat",
    "get",
    "result",
    "error",
    "en",
    "juliet@example.com/balcony",
    "<b>&amp;</b>",
    "a]]>b",
    "'\"",
    "\t\n\r\r\n",
    "&#10;",
    "\u{0}",
    "\u{1}",
    "\u{FFFE}",
    "\u{FFFF}",
    "\u{FEFF}",
    "\u{85}\u{2028}",
    "😀中",
    "\u{D7FF}\u{E000}\u{FFFD}\u{10FFFF}",
];

/// A name: from [`NAMES`] or arbitrary.
#[derive(Arbitrary, Clone, Debug)]
pub enum Name {
    /// An index into [`NAMES`].
    Known(u8),
    /// Anything.
    Raw(String),
}

impl Name {
    fn get(&self) -> &str {
        match self {
            Name::Known(i) => NAMES[usize::from(*i) % NAMES.len()],
            Name::Raw(s) => s,
        }
    }
}

/// A string value: from [`STRINGS`] or arbitrary.
#[derive(Arbitrary, Clone, Debug)]
pub enum Text {
    /// An index into [`STRINGS`].
    Known(u8),
    /// Anything.
    Raw(String),
}

impl Text {
    fn get(&self) -> &str {
        match self {
            Text::Known(i) => STRINGS[usize::from(*i) % STRINGS.len()],
            Text::Raw(s) => s,
        }
    }
}

/// A namespace name: from [`URIS`] or arbitrary.
#[derive(Arbitrary, Clone, Debug)]
pub enum Uri {
    /// An index into [`URIS`].
    Known(u8),
    /// Anything.
    Raw(String),
}

impl Uri {
    fn get(&self) -> &str {
        match self {
            Uri::Known(i) => URIS[usize::from(*i) % URIS.len()],
            Uri::Raw(s) => s,
        }
    }
}

/// An element below the top level, or a top-level one written with `start`.
#[derive(Arbitrary, Clone, Debug)]
pub struct El {
    /// Qualified name.
    pub name: Name,
    /// Default namespace declared on it (`ns`).
    pub ns: Option<Uri>,
    /// Prefixes bound on it (`ns_prefix`), each an index into [`PREFIXES`].
    pub prefixes: Vec<(u8, Uri)>,
    /// Attributes (`attr`).
    pub attrs: Vec<(Name, Text)>,
    /// Content.
    pub children: Vec<Node>,
}

/// Content of an element.
#[derive(Arbitrary, Clone, Debug)]
pub enum Node {
    /// `text`.
    Text(Text),
    /// A child element.
    El(El),
    /// `element(name, text)`.
    Leaf(Name, Text),
}

/// `StanzaHeader` values.
#[derive(Arbitrary, Clone, Debug)]
pub struct Routing {
    /// `to`, `from`, `id`, `type`, `xml:lang`.
    pub values: [Option<Text>; 5],
}

impl Routing {
    fn header(&self) -> StanzaHeader<'_> {
        let [to, from, id, stanza_type, lang] =
            self.values.each_ref().map(|v| v.as_ref().map(Text::get));
        StanzaHeader {
            to,
            from,
            id,
            stanza_type,
            lang,
        }
    }
}

/// Something written between top-level elements.
#[derive(Arbitrary, Clone, Debug)]
pub enum Item {
    /// `message`, `presence` or `iq` (0, 1, 2 modulo 3) with payloads, then `end`.
    Stanza(u8, Routing, Vec<El>),
    /// A top-level element through `start`.
    Element(El),
    /// `stream_error` with a condition (index into `Condition::ALL`) and text.
    StreamError(u8, Option<Text>),
    /// `keepalive`.
    Keepalive,
    /// An IQ request, parsed back, then answered with `reply::iq_result` or `reply::iq_error`
    /// (error type and condition indexes, text).
    Reply(Routing, Option<(u8, u8, Option<Text>)>),
}

/// A whole writer session.
#[derive(Arbitrary, Clone, Debug)]
pub struct Script {
    /// RFC 7395 framing instead of TCP.
    pub websocket: bool,
    /// `to`, `from`, `id`, `version`, `xml:lang` of the stream header.
    pub header: [Option<Text>; 5],
    /// The content namespace: 0 `jabber:client`, 1 `jabber:server`, 2 `jabber:component:accept`,
    /// 3 none, else the given one.
    pub content_ns: (u8, Uri),
    /// What follows the header.
    pub items: Vec<Item>,
    /// Whether the stream is closed at the end.
    pub close: bool,
}

/// A rule the writer leaves to its caller, and the reason the parser gives when it is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Obligation {
    /// An attribute (or a declaration of the same prefix) twice on one element, also after
    /// namespace expansion: XML 1.0 WFC Unique Att Spec, Namespaces 1.0 §6.3.
    UniqueAttributes,
    /// A prefix used but not declared (Namespaces 1.0 §5).
    DeclaredPrefixes,
    /// A content namespace other than the three XMPP defines (RFC 6120 §4.8.2).
    ContentNamespace,
    /// A stream `version` whose major number is not 0 or 1 (RFC 6120 §4.7.5).
    StreamVersion,
    /// A top-level `stream` element in the streams namespace of a TCP stream: a stream header
    /// (RFC 6120 §4.3.3), misplaced or, after a SASL or TLS element, a restart. What follows is
    /// not compared.
    StreamHeaderAsElement,
}

impl Obligation {
    /// What the parser says when the obligation is broken (`None`: it depends on what came
    /// before).
    pub fn reason(self) -> Option<Reason> {
        match self {
            Obligation::UniqueAttributes => Some(Reason::DuplicateAttribute),
            Obligation::DeclaredPrefixes => Some(Reason::UnboundPrefix),
            Obligation::ContentNamespace => Some(Reason::WrongContentNamespace),
            Obligation::StreamVersion => Some(Reason::UnsupportedStreamVersion),
            Obligation::StreamHeaderAsElement => None,
        }
    }
}

/// What the harness expects the parser to read back.
#[derive(Debug, Default)]
pub struct Expected {
    /// The frames, in order.
    pub frames: Vec<Expect>,
    /// The obligation the script broke, which stops the parse.
    pub broken: Option<Obligation>,
    /// Refusals by the writer, each checked to be justified.
    pub refusals: usize,
}

/// An expected frame: what [`Owned`] holds, less offsets and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A stream header.
    Open(Header),
    /// An element, with its JSONL kind.
    Element(&'static str, Tree),
    /// A stream close.
    Close,
}

impl Expect {
    /// The expectation `frame` meets, for comparison.
    pub fn of(frame: &Owned) -> Expect {
        match &frame.body {
            Body::Open(header) => Expect::Open(header.clone()),
            Body::Element { tree, .. } => Expect::Element(frame.kind, tree.clone()),
            Body::Close => Expect::Close,
        }
    }
}

/// Namespace bindings in scope while the harness models what the writer writes.
#[derive(Clone, Debug, Default)]
struct Scope {
    /// (prefix, uri), innermost last; `""` is the default namespace.
    bindings: Vec<(String, String)>,
}

impl Scope {
    fn resolve(&self, prefix: &str) -> Option<String> {
        if prefix == "xml" {
            return Some(ns::XML.to_string());
        }
        let bound = self
            .bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri.clone());
        // Namespaces 1.0 §6.2: with no default declaration, unprefixed names are in no namespace.
        bound.or_else(|| prefix.is_empty().then(String::new))
    }
}

/// XML 1.0 §2.2 `Char`, written out here independently of the writer's own check.
pub fn is_xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Whether the writer may refuse `value` with `InvalidChar { index }`: the character at byte
/// `index` is outside `Char`.
fn refusal_is_justified(value: &str, index: usize) -> bool {
    value
        .get(index..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| !is_xml_char(c))
}

/// A writer over a `Vec`, one per top-level item, so that a refusal in the middle of an item
/// drops the whole item from the stream.
fn writer(mode: Mode) -> Writer<Vec<u8>> {
    Writer::with_mode(Vec::new(), mode)
}

/// Which refusals, besides `InvalidChar` at a character outside `Char`, a call may get.
#[derive(Clone, Copy, Debug, Default)]
struct May {
    /// `InvalidName`: a name that is not a `QName`, or uses a reserved prefix.
    invalid_name: bool,
    /// `Unbalanced`: here only a reserved namespace name (`xml`, `xmlns`, or `""` for a prefix).
    unbalanced: bool,
    /// `TooDeep`: the writer's stack of open names is full.
    too_deep: bool,
}

/// Checks a refusal against what the call may be refused for: `InvalidChar` must point at a
/// character outside `Char` in one of `values`, and any other error must be one `may` allows.
fn check_refusal(error: WriteError, values: &[&str], may: May) {
    let justified = match error {
        WriteError::InvalidChar { index } => values.iter().any(|v| refusal_is_justified(v, index)),
        WriteError::InvalidName => may.invalid_name,
        WriteError::Unbalanced => may.unbalanced,
        WriteError::TooDeep => may.too_deep,
        _ => false,
    };
    assert!(
        justified,
        "the writer refused {values:?} with {error:?}, which the call does not justify ({may:?})"
    );
}

/// May be refused for its name.
fn name_may(name: &str) -> May {
    May {
        invalid_name: name_suspect(name),
        ..May::default()
    }
}

/// Whether a name is one the writer may refuse: not a `QName` by an independent check, or
/// using a reserved prefix.
fn name_suspect(name: &str) -> bool {
    !is_qname(name) || name.starts_with("xmlns:") || name == "xmlns"
}

/// XML 1.0 Fifth Edition `Name` restricted to Namespaces 1.0 `QName`, written out independently
/// of the core's tables (§2.3 productions [4], [4a]).
pub fn is_qname(name: &str) -> bool {
    let ncname = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(is_name_start)
            && chars.all(|c| is_name_start(c) || is_name_rest(c))
    };
    match name.split_once(':') {
        Some((prefix, local)) => ncname(prefix) && ncname(local),
        None => ncname(name),
    }
}

fn is_name_start(c: char) -> bool {
    matches!(c as u32,
        0x41..=0x5A | 0x5F | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF | 0x370..=0x37D
        | 0x37F..=0x1FFF | 0x200C..=0x200D | 0x2070..=0x218F | 0x2C00..=0x2FEF | 0x3001..=0xD7FF
        | 0xF900..=0xFDCF | 0xFDF0..=0xFFFD | 0x10000..=0xEFFFF)
}

fn is_name_rest(c: char) -> bool {
    matches!(c as u32, 0x2D | 0x2E | 0x30..=0x39 | 0xB7 | 0x300..=0x36F | 0x203F..=0x2040)
}

/// Caps on what one element carries, below the parser limits the target configures (32
/// attributes with declarations, 32 declarations in scope): a script may not be refused by a
/// limit, which would say nothing about the writer.
const MAX_ATTRS: usize = 12;
const MAX_PREFIXES: usize = 4;
/// Deepest element written below a top-level one; the parser's state holds 40 levels, the
/// stream element takes one in TCP.
const MAX_NESTING: usize = 30;

/// The result of writing one item: its bytes, the frame expected, or why there is none.
enum Written {
    Bytes(Vec<u8>, Option<Expect>),
    Refused,
    Broken(Vec<u8>, Obligation),
}

/// What `write_el` tracks across one top-level item.
struct Budget {
    /// The first obligation broken, in document order (the order the parser checks in).
    broken: Option<Obligation>,
    /// Namespace declarations still allowed within the item (the parser limit minus room).
    declarations: usize,
    /// The item is in a TCP stream, where a top-level `stream` element is a stream header.
    tcp: bool,
}

impl Budget {
    fn new(mode: Mode) -> Budget {
        Budget {
            broken: None,
            declarations: MAX_DECLARATIONS,
            tcp: mode == Mode::Tcp,
        }
    }

    fn breaks(&mut self, obligation: Obligation) {
        self.broken.get_or_insert(obligation);
    }
}

/// Declarations in scope within one top-level element, below the parser's 32.
const MAX_DECLARATIONS: usize = 24;
/// Bytes the writer keeps for the names of open elements (`writer::MAX_NAME_BYTES`).
const NAME_ROOM: usize = 512;

/// Writes `el` (at nesting `level` below the top-level element, with `open_bytes` bytes of open
/// names above it) and returns its expected tree, or `Err` when the writer refused (checked to be
/// justified).
fn write_el(
    w: &mut Writer<Vec<u8>>,
    el: &El,
    scope: &Scope,
    level: usize,
    open_bytes: usize,
    budget: &mut Budget,
) -> Result<Tree, ()> {
    let name = el.name.get();
    if level > MAX_NESTING {
        // Deeper than the parser's state: not written, so it cannot be the reason of a rejection.
        return Err(());
    }
    if let Err(e) = w.start(name) {
        check_refusal(
            e,
            &[name],
            May {
                too_deep: open_bytes + name.len() > NAME_ROOM,
                ..name_may(name)
            },
        );
        return Err(());
    }
    let mut scope = scope.clone();
    // Namespaces 1.0 §5: the element's own declarations are in scope for its name, so they
    // are written first, but the parser checks the name before the declarations' uniqueness.
    let mut tag_problems: Vec<Obligation> = Vec::new();
    let mut declared: Vec<&str> = Vec::new();
    if let Some(uri) = el.ns.as_ref().filter(|_| budget.declarations > 0) {
        let uri = uri.get();
        if let Err(e) = w.ns(uri) {
            check_refusal(
                e,
                &[uri],
                May {
                    unbalanced: uri == ns::XML || uri == ns::XMLNS,
                    ..May::default()
                },
            );
            return Err(());
        }
        budget.declarations -= 1;
        scope.bindings.push((String::new(), uri.to_string()));
    }
    for (prefix, uri) in el.prefixes.iter().take(MAX_PREFIXES) {
        if budget.declarations == 0 {
            break;
        }
        let (prefix, uri) = (PREFIXES[usize::from(*prefix) % PREFIXES.len()], uri.get());
        if let Err(e) = w.ns_prefix(prefix, uri) {
            let may = May {
                invalid_name: !is_qname(prefix)
                    || prefix.contains(':')
                    || ["xml", "xmlns"].contains(&prefix),
                unbalanced: [ns::XML, ns::XMLNS, ""].contains(&uri),
                too_deep: false,
            };
            check_refusal(e, &[uri], may);
            return Err(());
        }
        budget.declarations -= 1;
        if declared.contains(&prefix) {
            tag_problems.push(Obligation::UniqueAttributes);
        }
        declared.push(prefix);
        scope.bindings.push((prefix.to_string(), uri.to_string()));
    }
    let (prefix, local) = name.split_once(':').unwrap_or(("", name));
    let element_ns = scope.resolve(prefix);
    if element_ns.is_none() {
        budget.breaks(Obligation::DeclaredPrefixes);
    }
    for problem in tag_problems {
        budget.breaks(problem);
    }
    let mut attrs: Vec<Attribute> = Vec::new();
    for (attr_name, value) in el.attrs.iter().take(MAX_ATTRS) {
        let (attr_name, value) = (attr_name.get(), value.get());
        if let Err(e) = w.attr(attr_name, value) {
            check_refusal(e, &[value], name_may(attr_name));
            return Err(());
        }
        let (attr_prefix, attr_local) = attr_name.split_once(':').unwrap_or(("", attr_name));
        let attr_ns = if attr_prefix.is_empty() {
            Some(String::new())
        } else {
            scope.resolve(attr_prefix)
        };
        match &attr_ns {
            None => budget.breaks(Obligation::DeclaredPrefixes),
            Some(attr_ns) => {
                // Namespaces 1.0 §6.3: two prefixed attributes with the same expanded name.
                let clash = attrs.iter().any(|a| {
                    a.qname == attr_name
                        || (!attr_prefix.is_empty()
                            && a.qname.contains(':')
                            && a.local == attr_local
                            && &a.ns == attr_ns)
                });
                if clash {
                    budget.breaks(Obligation::UniqueAttributes);
                }
            }
        }
        attrs.push(Attribute {
            ns: attr_ns.unwrap_or_default(),
            local: attr_local.to_string(),
            qname: attr_name.to_string(),
            value: value.to_string(),
        });
    }
    // RFC 6120 §4.3.3: a top-level `stream` in the streams namespace of a TCP stream is a stream
    // header; the parser finds it once the start tag is checked, before any content.
    let is_stream = local == "stream" && element_ns.as_deref() == Some(ns::STREAMS);
    if level == 0 && budget.tcp && is_stream {
        budget.breaks(Obligation::StreamHeaderAsElement);
    }
    let inner_bytes = open_bytes + name.len();
    let mut children = Vec::new();
    for node in &el.children {
        match node {
            Node::Text(text) => {
                let text = text.get();
                if let Err(e) = w.text(text) {
                    check_refusal(e, &[text], May::default());
                    return Err(());
                }
                push_text(&mut children, text);
            }
            Node::El(child) => {
                let tree = write_el(w, child, &scope, level + 1, inner_bytes, budget)?;
                children.push(Child::Element(tree));
            }
            Node::Leaf(child_name, text) => {
                let (child_name, text) = (child_name.get(), text.get());
                if level + 1 > MAX_NESTING {
                    return Err(());
                }
                if let Err(e) = w.element(child_name, text) {
                    let may = May {
                        too_deep: inner_bytes + child_name.len() > NAME_ROOM,
                        ..name_may(child_name)
                    };
                    check_refusal(e, &[text], may);
                    return Err(());
                }
                let (p, l) = child_name.split_once(':').unwrap_or(("", child_name));
                let child_ns = scope.resolve(p);
                if child_ns.is_none() {
                    budget.breaks(Obligation::DeclaredPrefixes);
                }
                let mut leaf_children = Vec::new();
                push_text(&mut leaf_children, text);
                children.push(Child::Element(Tree {
                    qname: child_name.to_string(),
                    ns: child_ns.unwrap_or_default(),
                    local: l.to_string(),
                    attrs: Vec::new(),
                    children: leaf_children,
                }));
            }
        }
    }
    if let Err(e) = w.end() {
        panic!("end() refused a well-ordered element: {e:?}");
    }
    Ok(Tree {
        qname: name.to_string(),
        ns: element_ns.unwrap_or_default(),
        local: local.to_string(),
        attrs,
        children,
    })
}

/// The JSONL kind of a top-level element (DESIGN.md: a stanza is `message`, `presence` or `iq`
/// in a content namespace).
fn kind_of(tree: &Tree) -> &'static str {
    let content = [
        ns::JABBER_CLIENT,
        ns::JABBER_SERVER,
        ns::JABBER_COMPONENT_ACCEPT,
    ];
    match tree.local.as_str() {
        "message" if content.contains(&tree.ns.as_str()) => "message",
        "presence" if content.contains(&tree.ns.as_str()) => "presence",
        "iq" if content.contains(&tree.ns.as_str()) => "iq",
        _ => "element",
    }
}

fn leaf(qname: &str, ns: &str, attrs: Vec<Attribute>, text: Option<&str>) -> Tree {
    let mut children = Vec::new();
    push_text(&mut children, text.unwrap_or_default());
    Tree {
        qname: qname.into(),
        ns: ns.into(),
        local: qname.rsplit(':').next().unwrap_or_default().into(),
        attrs,
        children,
    }
}

fn plain_attr(name: &str, value: &str) -> Attribute {
    let (ns, local) = match name.split_once(':') {
        Some(("xml", local)) => (ns::XML.to_string(), local.to_string()),
        _ => (String::new(), name.to_string()),
    };
    Attribute {
        ns,
        local,
        qname: name.into(),
        value: value.into(),
    }
}

/// The stanza routing attributes present, in the order the writer writes them.
fn routing_attrs(values: [Option<&str>; 5]) -> Vec<Attribute> {
    ["to", "from", "id", "type", "xml:lang"]
        .into_iter()
        .zip(values)
        .filter_map(|(name, value)| value.map(|v| plain_attr(name, v)))
        .collect()
}

/// The top-level scope: what a top-level element inherits from the header.
fn top_scope(mode: Mode, content_ns: &str) -> Scope {
    let mut scope = Scope::default();
    if mode == Mode::Tcp {
        scope.bindings.push((String::new(), content_ns.to_string()));
        scope.bindings.push(("stream".into(), ns::STREAMS.into()));
    }
    scope
}

fn write_stanza(
    mode: Mode,
    kind: u8,
    routing: &Routing,
    payloads: &[El],
    scope: &Scope,
) -> Written {
    let name = ["message", "presence", "iq"][usize::from(kind % 3)];
    let header = routing.header();
    let values: Vec<&str> = routing.values.iter().flatten().map(Text::get).collect();
    let mut w = writer(mode);
    let opened = match name {
        "message" => w.message(&header).map(|_| ()),
        "presence" => w.presence(&header).map(|_| ()),
        _ => w.iq(&header).map(|_| ()),
    };
    if let Err(e) = opened {
        check_refusal(e, &values, May::default());
        return Written::Refused;
    }
    let mut scope = scope.clone();
    if mode == Mode::WebSocket {
        scope
            .bindings
            .push((String::new(), ns::JABBER_CLIENT.into()));
    }
    let mut budget = Budget::new(mode);
    let mut children = Vec::new();
    for payload in payloads {
        match write_el(&mut w, payload, &scope, 1, name.len(), &mut budget) {
            Ok(tree) => children.push(Child::Element(tree)),
            Err(()) => return Written::Refused,
        }
    }
    w.end().expect("end() of a stanza");
    w.finish().expect("finish() after a balanced stanza");
    let bytes = w.into_sink();
    if let Some(obligation) = budget.broken {
        return Written::Broken(bytes, obligation);
    }
    let ns = scope.resolve("").unwrap_or_default();
    let tree = Tree {
        qname: name.into(),
        ns,
        local: name.into(),
        attrs: routing_attrs(header_values(&header)),
        children,
    };
    Written::Bytes(bytes, Some(Expect::Element(kind_of(&tree), tree)))
}

fn header_values<'a>(h: &StanzaHeader<'a>) -> [Option<&'a str>; 5] {
    [h.to, h.from, h.id, h.stanza_type, h.lang]
}

fn write_element(mode: Mode, el: &El, scope: &Scope) -> Written {
    let mut w = writer(mode);
    let mut budget = Budget::new(mode);
    let Ok(tree) = write_el(&mut w, el, scope, 0, 0, &mut budget) else {
        return Written::Refused;
    };
    w.finish().expect("finish() after a balanced element");
    let bytes = w.into_sink();
    match budget.broken {
        Some(obligation) => Written::Broken(bytes, obligation),
        None => Written::Bytes(bytes, Some(Expect::Element(kind_of(&tree), tree))),
    }
}

fn write_stream_error(mode: Mode, condition: u8, text: Option<&Text>) -> Written {
    let condition = Condition::ALL[usize::from(condition) % Condition::ALL.len()];
    let text = text.map(Text::get);
    let mut w = writer(mode);
    if let Err(e) = w.stream_error(condition, text) {
        check_refusal(e, &text.into_iter().collect::<Vec<_>>(), May::default());
        return Written::Refused;
    }
    w.finish().expect("finish() after a stream error");
    let mut children = vec![Child::Element(leaf(
        condition.as_str(),
        ns::XMPP_STREAMS,
        Vec::new(),
        None,
    ))];
    if let Some(text) = text {
        children.push(Child::Element(leaf(
            "text",
            ns::XMPP_STREAMS,
            Vec::new(),
            Some(text),
        )));
    }
    let tree = Tree {
        qname: "stream:error".into(),
        ns: ns::STREAMS.into(),
        local: "error".into(),
        attrs: Vec::new(),
        children,
    };
    Written::Bytes(w.into_sink(), Some(Expect::Element("element", tree)))
}

/// Writes an IQ request, parses it back inside `stream_head` (the stream so far, header
/// only), and answers it with the reply helpers, which read the request's values raw and
/// escape them again.
fn write_reply(
    mode: Mode,
    routing: &Routing,
    error: &Option<(u8, u8, Option<Text>)>,
    stream_head: &[u8],
    scope: &Scope,
) -> Written {
    let Written::Bytes(request, _) = write_stanza(mode, 2, routing, &[], scope) else {
        return Written::Refused;
    };
    let mut input = stream_head.to_vec();
    input.extend_from_slice(&request);
    let mut parser = StreamParser::new(
        vec![0u8; 1 << 16],
        xmpp_wire::Config {
            mode,
            ..Default::default()
        },
    );
    assert_eq!(parser.feed(&input), input.len());
    let mut w = writer(mode);
    let header = routing.header();
    let mut expected = None;
    while let Some(frame) = parser
        .next_frame()
        .unwrap_or_else(|e| panic!("a written request does not parse: {e}"))
    {
        let Frame::Stanza(iq) = frame else { continue };
        let swapped = [header.from, header.to, header.id];
        let result = match error {
            None => reply::iq_result(&mut w, &iq).map(|()| (Some("result"), Vec::new())),
            Some((error_type, condition, text)) => {
                let error_type = ErrorType::ALL[usize::from(*error_type) % ErrorType::ALL.len()];
                let condition = StanzaErrorCondition::ALL
                    [usize::from(*condition) % StanzaErrorCondition::ALL.len()];
                let text = text.as_ref().map(Text::get);
                reply::iq_error(&mut w, &iq, error_type, condition, text).map(|()| {
                    let mut children = vec![Child::Element(leaf(
                        condition.as_str(),
                        ns::STANZAS,
                        Vec::new(),
                        None,
                    ))];
                    if let Some(text) = text {
                        children.push(Child::Element(leaf(
                            "text",
                            ns::STANZAS,
                            Vec::new(),
                            Some(text),
                        )));
                    }
                    let error_ns = scope
                        .resolve("")
                        .unwrap_or_else(|| ns::JABBER_CLIENT.into());
                    let error_ns = if mode == Mode::WebSocket {
                        ns::JABBER_CLIENT.to_string()
                    } else {
                        error_ns
                    };
                    let element = Tree {
                        qname: "error".into(),
                        ns: error_ns,
                        local: "error".into(),
                        attrs: vec![plain_attr("type", error_type.as_str())],
                        children,
                    };
                    (Some("error"), vec![Child::Element(element)])
                })
            }
        };
        match result {
            Ok((reply_type, children)) => {
                let ns = if mode == Mode::WebSocket {
                    ns::JABBER_CLIENT.to_string()
                } else {
                    scope.resolve("").unwrap_or_default()
                };
                let tree = Tree {
                    qname: "iq".into(),
                    ns,
                    local: "iq".into(),
                    attrs: routing_attrs([swapped[0], swapped[1], swapped[2], reply_type, None]),
                    children,
                };
                expected = Some(Expect::Element(kind_of(&tree), tree));
            }
            Err(e) => {
                let text = error
                    .as_ref()
                    .and_then(|(_, _, t)| t.as_ref().map(Text::get));
                check_refusal(e, &text.into_iter().collect::<Vec<_>>(), May::default());
                return Written::Refused;
            }
        }
    }
    w.finish().expect("finish() after a reply");
    Written::Bytes(w.into_sink(), expected)
}

/// Writes the whole script and returns the stream and what the parser must read from it.
pub fn write(script: &Script) -> (Vec<u8>, Mode, Expected) {
    let mode = if script.websocket {
        Mode::WebSocket
    } else {
        Mode::Tcp
    };
    let mut expected = Expected::default();
    let [to, from, id, version, lang] = script.header.each_ref().map(|v| v.as_ref().map(Text::get));
    let content_ns = match script.content_ns.0 % 5 {
        0 => ns::JABBER_CLIENT,
        1 => ns::JABBER_SERVER,
        2 => ns::JABBER_COMPONENT_ACCEPT,
        3 => "",
        _ => script.content_ns.1.get(),
    };
    let header = StreamHeader {
        to,
        from,
        id,
        version,
        lang,
        ns: content_ns,
    };
    let mut w = writer(mode);
    if let Err(e) = w.stream_open(&header) {
        let values: Vec<&str> = [to, from, id, version, lang, Some(content_ns)]
            .into_iter()
            .flatten()
            .collect();
        check_refusal(
            e,
            &values,
            May {
                unbalanced: content_ns == ns::XML || content_ns == ns::XMLNS,
                ..May::default()
            },
        );
        expected.refusals += 1;
        return (Vec::new(), mode, expected);
    }
    w.finish().expect("finish() after the header");
    let mut out = w.into_sink();
    let attrs: Vec<(String, String)> = [
        ("to", to),
        ("from", from),
        ("id", id),
        ("version", version),
        ("xml:lang", lang),
    ]
    .into_iter()
    .filter_map(|(n, v)| v.map(|v| (n.to_string(), v.to_string())))
    .collect();
    if mode == Mode::Tcp {
        let known = [
            ns::JABBER_CLIENT,
            ns::JABBER_SERVER,
            ns::JABBER_COMPONENT_ACCEPT,
            "",
        ];
        if !known.contains(&content_ns) {
            expected.broken = Some(Obligation::ContentNamespace);
            return (out, mode, expected);
        }
        if version.is_some_and(|v| !version_supported(v)) {
            expected.broken = Some(Obligation::StreamVersion);
            return (out, mode, expected);
        }
        expected.frames.push(Expect::Open(Header {
            ns: static_ns(content_ns),
            stream_prefix: Some("stream".into()),
            attrs,
        }));
    } else {
        let attrs = attrs.iter().map(|(n, v)| plain_attr(n, v)).collect();
        expected.frames.push(Expect::Element(
            "element",
            Tree {
                qname: "open".into(),
                ns: ns::FRAMING.into(),
                local: "open".into(),
                attrs,
                children: Vec::new(),
            },
        ));
    }
    let head = out.clone();
    let scope = top_scope(mode, content_ns);
    for item in &script.items {
        let written = match item {
            Item::Stanza(kind, routing, payloads) => {
                write_stanza(mode, *kind, routing, payloads, &scope)
            }
            Item::Element(el) => write_element(mode, el, &scope),
            Item::StreamError(condition, text) => {
                write_stream_error(mode, *condition, text.as_ref())
            }
            Item::Keepalive => {
                let mut w = writer(mode);
                w.keepalive().expect("keepalive between elements");
                Written::Bytes(w.into_sink(), None)
            }
            Item::Reply(routing, error) => write_reply(mode, routing, error, &head, &scope),
        };
        match written {
            Written::Bytes(bytes, frame) => {
                out.extend_from_slice(&bytes);
                expected.frames.extend(frame);
            }
            Written::Refused => expected.refusals += 1,
            Written::Broken(bytes, obligation) => {
                out.extend_from_slice(&bytes);
                expected.broken = Some(obligation);
                return (out, mode, expected);
            }
        }
    }
    if script.close {
        let mut w = writer(mode);
        w.stream_close().expect("stream_close between elements");
        out.extend_from_slice(&w.into_sink());
        expected.frames.push(match mode {
            Mode::Tcp => Expect::Close,
            _ => Expect::Element(
                "element",
                Tree {
                    qname: "close".into(),
                    ns: ns::FRAMING.into(),
                    local: "close".into(),
                    attrs: Vec::new(),
                    children: Vec::new(),
                },
            ),
        });
    }
    (out, mode, expected)
}

fn static_ns(content_ns: &str) -> &'static str {
    [
        ns::JABBER_CLIENT,
        ns::JABBER_SERVER,
        ns::JABBER_COMPONENT_ACCEPT,
    ]
    .into_iter()
    .find(|n| *n == content_ns)
    .unwrap_or("")
}

/// RFC 6120 §4.7.5 as the parser applies it (`major.minor`, major 0 or 1), written out here.
fn version_supported(version: &str) -> bool {
    let Some((major, minor)) = version.split_once('.') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(major) && digits(minor) && matches!(major.trim_start_matches('0'), "" | "1")
}
