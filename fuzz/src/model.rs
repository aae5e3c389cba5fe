//! Owned copies of frames, so that two runs (two chunkings, a frame and its re-parse, the parser
//! and an oracle) can be compared with `==`, and the checks made while copying: every accessor of
//! a frame view must agree with every other way of reading the same thing.

use xmpp_wire::{ns, Element, Frame, Node, StreamOpen, Value};

/// An element and everything inside it, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    /// The qualified name as written (`stream:features`); empty when the source only has
    /// expanded names (the oracle).
    pub qname: String,
    /// The namespace name, `""` for none.
    pub ns: String,
    /// The local name.
    pub local: String,
    /// Attributes in document order, namespace declarations left out.
    pub attrs: Vec<Attribute>,
    /// Child elements and text; adjacent text (character data, references, CDATA) merged.
    pub children: Vec<Child>,
}

/// One attribute: as written, expanded, and decoded.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Attribute {
    /// Namespace name (`""` for an unprefixed attribute, Namespaces 1.0 §6.2).
    pub ns: String,
    /// Local name.
    pub local: String,
    /// Qualified name as written; empty when the source only has expanded names.
    pub qname: String,
    /// The value after reference decoding and XML 1.0 §3.3.3 normalisation.
    pub value: String,
}

/// A child of an element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Child {
    /// A child element.
    Element(Tree),
    /// Character data, decoded; never empty, never next to another `Text`.
    Text(String),
}

impl Tree {
    /// The tree without what only the parser under test knows (qualified names), and with
    /// attributes sorted by expanded name, for comparison with an oracle that reports neither.
    pub fn expanded(&self) -> Tree {
        let mut attrs: Vec<Attribute> = self
            .attrs
            .iter()
            .map(|a| Attribute {
                qname: String::new(),
                ..a.clone()
            })
            .collect();
        attrs.sort();
        Tree {
            qname: String::new(),
            ns: self.ns.clone(),
            local: self.local.clone(),
            attrs,
            children: self
                .children
                .iter()
                .map(|child| match child {
                    Child::Element(tree) => Child::Element(tree.expanded()),
                    Child::Text(text) => Child::Text(text.clone()),
                })
                .collect(),
        }
    }

    /// Nesting depth: 1 for an element without child elements.
    pub fn depth(&self) -> usize {
        1 + self
            .children
            .iter()
            .map(|child| match child {
                Child::Element(tree) => tree.depth(),
                Child::Text(_) => 0,
            })
            .max()
            .unwrap_or(0)
    }

    /// (namespace, local name) of each direct child element: what JSONL calls `payloads`.
    pub fn payloads(&self) -> Vec<(String, String)> {
        self.children
            .iter()
            .filter_map(|child| match child {
                Child::Element(tree) => Some((tree.ns.clone(), tree.local.clone())),
                Child::Text(_) => None,
            })
            .collect()
    }
}

/// Appends text to `children`, merging it with text before it; empty text adds nothing.
pub fn push_text(children: &mut Vec<Child>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Child::Text(last)) = children.last_mut() {
        last.push_str(text);
    } else {
        children.push(Child::Text(text.to_string()));
    }
}

/// A value decoded, after checking that every way of decoding it gives the same characters:
/// `as_plain`, `chars`, `Display`, `decode_into`, `decoded_len`, `decodes_to`.
pub fn decode(value: &Value<'_>) -> String {
    let by_chars: String = value.chars().collect();
    if let Some(plain) = value.as_plain() {
        assert_eq!(
            plain,
            by_chars,
            "as_plain and chars disagree on {:?}",
            value.raw()
        );
        assert_eq!(plain, value.raw(), "as_plain is not the raw slice");
    }
    assert_eq!(
        value.to_string(),
        by_chars,
        "Display and chars disagree on {:?}",
        value.raw()
    );
    assert_eq!(
        value.decoded_len(),
        by_chars.len(),
        "decoded_len is wrong for {:?}",
        value.raw()
    );
    let mut buf = vec![0u8; by_chars.len()];
    assert_eq!(
        value.decode_into(&mut buf),
        Ok(by_chars.as_str()),
        "decode_into on {:?}",
        value.raw()
    );
    if !by_chars.is_empty() {
        let mut short = vec![0u8; by_chars.len() - 1];
        assert!(
            value.decode_into(&mut short).is_err(),
            "decode_into fits a short buffer"
        );
    }
    assert!(
        value.decodes_to(&by_chars),
        "decodes_to disagrees on {:?}",
        value.raw()
    );
    by_chars
}

/// Copies `element` and its descendants, checking its accessors against each other.
pub fn tree(element: &Element<'_>) -> Tree {
    let raw = element.raw();
    assert!(
        raw.starts_with(b"<") && raw.ends_with(b">"),
        "element bytes {raw:?}"
    );
    assert_eq!(element.len(), raw.len());
    assert_eq!(
        element.name(),
        element.qname().rsplit(':').next().unwrap_or_default()
    );
    let ns = decode(&element.ns());

    let mut attrs = Vec::new();
    for attr in element.attrs() {
        assert!(
            !attr.is_namespace_declaration(),
            "attrs() yields a declaration"
        );
        let value = decode(&attr.value());
        // The framer's index (routing attributes) and the walk over the start tag must agree.
        let by_name = element.attr(attr.name()).map(|v| decode(&v));
        assert_eq!(
            by_name.as_deref(),
            Some(value.as_str()),
            "attr({:?})",
            attr.name()
        );
        let attr_ns = match attr.prefix() {
            None => String::new(),
            Some(prefix) => decode(&element.resolve_prefix(prefix).unwrap_or_else(|| {
                panic!("attribute prefix {prefix:?} of a delivered frame is unbound")
            })),
        };
        let by_expanded = element
            .attr_ns(&attr_ns, attr.local_name())
            .map(|v| decode(&v));
        assert_eq!(
            by_expanded.as_deref(),
            Some(value.as_str()),
            "attr_ns for {:?}",
            attr.name()
        );
        attrs.push(Attribute {
            ns: attr_ns,
            local: attr.local_name().to_string(),
            qname: attr.name().to_string(),
            value,
        });
    }
    for (prefix, uri) in element.namespace_declarations() {
        let uri = decode(&uri);
        if let Some(bound) = element.resolve_prefix(prefix) {
            assert_eq!(
                decode(&bound),
                uri,
                "a declaration on the tag does not bind {prefix:?}"
            );
        }
    }

    let mut children = Vec::new();
    let mut elements = Vec::new();
    let mut text = String::new();
    for node in element.nodes() {
        match node {
            Node::Element(child) => {
                elements.push(child.raw());
                children.push(Child::Element(tree(&child)));
            }
            Node::Text(value) => {
                let decoded = decode(&value);
                text.push_str(&decoded);
                push_text(&mut children, &decoded);
            }
        }
    }
    // `payloads()` (indexed for top-level elements) and `nodes()` (a walk) must find the same
    // children; `text()` is the direct text only.
    let payloads: Vec<&[u8]> = element.payloads().map(|child| child.raw()).collect();
    assert_eq!(payloads, elements, "payloads() and nodes() disagree");
    assert_eq!(
        element.text().collect::<String>(),
        text,
        "text() disagrees with nodes()"
    );
    let (content, whole) = (element.content().as_ptr_range(), raw.as_ptr_range());
    assert!(
        whole.start <= content.start && content.end <= whole.end,
        "content() is not inside raw()"
    );

    Tree {
        qname: element.qname().to_string(),
        ns,
        local: element.name().to_string(),
        attrs,
        children,
    }
}

/// A frame, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owned {
    /// JSONL kind: `stream-open`, `message`, `presence`, `iq`, `element`, `stream-close`.
    pub kind: &'static str,
    /// Offset of the frame's `<` in the stream.
    pub offset: u64,
    /// The frame's bytes.
    pub raw: Vec<u8>,
    /// What the frame holds.
    pub body: Body,
}

/// The decoded content of a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// A stream header.
    Open(Header),
    /// A stanza or other top-level element.
    Element {
        /// The element.
        tree: Tree,
        /// `to`, `from`, `id`, `type`, `xml:lang` through the stanza accessors (stanzas only).
        routing: Option<[Option<String>; 5]>,
        /// The IQ rule broken, if any (stanzas only).
        problem: Option<String>,
    },
    /// `</stream:stream>`.
    Close,
}

/// A stream header, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The content namespace.
    pub ns: &'static str,
    /// The prefix of the stream element.
    pub stream_prefix: Option<String>,
    /// Attributes as written (qualified name, decoded value), declarations left out.
    pub attrs: Vec<(String, String)>,
}

impl Owned {
    /// The element tree of a stanza or element frame.
    pub fn tree(&self) -> Option<&Tree> {
        match &self.body {
            Body::Element { tree, .. } => Some(tree),
            _ => None,
        }
    }

    /// One past the frame's last byte in the stream.
    pub fn end(&self) -> u64 {
        self.offset + self.raw.len() as u64
    }
}

fn header(open: &StreamOpen<'_>) -> Header {
    let attrs: Vec<(String, String)> = open
        .attrs()
        .map(|a| {
            assert!(
                !a.is_namespace_declaration(),
                "header attrs() yields a declaration"
            );
            (a.name().to_string(), decode(&a.value()))
        })
        .collect();
    let find = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let accessors = [
        open.to(),
        open.from(),
        open.id(),
        open.version(),
        open.lang(),
    ];
    for (name, value) in ["to", "from", "id", "version", "xml:lang"]
        .into_iter()
        .zip(accessors)
    {
        assert_eq!(
            value.map(|v| decode(&v)),
            find(name),
            "header accessor {name}"
        );
        assert_eq!(
            open.attr(name).map(|v| decode(&v)),
            find(name),
            "header attr({name})"
        );
    }
    assert!(
        matches!(
            open.ns(),
            "" | ns::JABBER_CLIENT | ns::JABBER_SERVER | ns::JABBER_COMPONENT_ACCEPT
        ),
        "content namespace {:?}",
        open.ns()
    );
    Header {
        ns: open.ns(),
        stream_prefix: open.stream_prefix().map(str::to_string),
        attrs,
    }
}

/// Copies `frame`, checking its accessors against each other.
pub fn capture(frame: &Frame<'_>) -> Owned {
    let body = match frame {
        Frame::StreamOpen(open) => {
            assert!(open.raw().starts_with(b"<") && open.raw().ends_with(b">"));
            Body::Open(header(open))
        }
        Frame::Stanza(stanza) => {
            let tree = tree(stanza.element());
            assert_eq!(stanza.kind().as_str(), tree.local, "stanza kind and name");
            assert!(
                matches!(
                    tree.ns.as_str(),
                    ns::JABBER_CLIENT | ns::JABBER_SERVER | ns::JABBER_COMPONENT_ACCEPT
                ),
                "stanza in namespace {:?}",
                tree.ns
            );
            let find = |name: &str| {
                tree.attrs
                    .iter()
                    .find(|a| a.qname == name)
                    .map(|a| a.value.clone())
            };
            let routing = [
                stanza.to().map(|v| decode(&v)),
                stanza.from().map(|v| decode(&v)),
                stanza.id().map(|v| decode(&v)),
                stanza.stanza_type().map(|t| t.to_string()),
                stanza.lang().map(|v| decode(&v)),
            ];
            for (name, value) in ["to", "from", "id", "type", "xml:lang"]
                .iter()
                .zip(&routing)
            {
                assert_eq!(value, &find(name), "stanza accessor {name}");
            }
            assert_eq!(
                stanza.payloads().count(),
                tree.payloads().len(),
                "stanza payloads"
            );
            Body::Element {
                tree,
                routing: Some(routing),
                problem: stanza.problem().map(|p| format!("{p:?}")),
            }
        }
        Frame::Element(element) => {
            let tree = tree(element);
            let is_stanza_name = matches!(tree.local.as_str(), "message" | "presence" | "iq");
            let in_content_ns = matches!(
                tree.ns.as_str(),
                ns::JABBER_CLIENT | ns::JABBER_SERVER | ns::JABBER_COMPONENT_ACCEPT
            );
            assert!(
                !(is_stanza_name && in_content_ns),
                "a stanza delivered as an element frame"
            );
            Body::Element {
                tree,
                routing: None,
                problem: None,
            }
        }
        Frame::StreamClose(close) => {
            assert!(close.raw().starts_with(b"</") && close.raw().ends_with(b">"));
            Body::Close
        }
    };
    if let Some(element) = frame.element() {
        assert_eq!(element.offset(), frame.offset());
        assert_eq!(element.raw(), frame.raw());
    }
    Owned {
        kind: frame.kind_str(),
        offset: frame.offset(),
        raw: frame.raw().to_vec(),
        body,
    }
}
