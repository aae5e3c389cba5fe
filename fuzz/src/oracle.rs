//! The differential oracle: rxml's namespace-resolving `Parser`, the parser of xmpp-rs
//! (tokio-xmpp), run over the same bytes. README.md says why rxml.
//!
//! It records what the comparison needs: the root element (the stream header in TCP framing), the
//! complete top-level elements (the root's children in TCP framing, the root itself for a
//! document), every start tag and every text event with its byte span (for the named
//! differences), and the error, if any.

use rxml::error::EndOrError;
use rxml::{Event, Options, Parse, Parser, WithOptions};

use crate::model::{push_text, Attribute, Child, Tree};

/// A start tag the oracle reported: where, how deep (the root is 0), and what.
#[derive(Clone, Debug)]
pub struct Start {
    /// Absolute offset of the first byte the event covers.
    pub offset: u64,
    /// Bytes the event covers (the whole start tag).
    pub len: u64,
    /// Depth: 0 for the root.
    pub depth: usize,
    /// Namespace name.
    pub ns: String,
    /// Local name.
    pub local: String,
}

/// A text event the oracle reported outside any child of the root (TCP depth 1).
#[derive(Clone, Debug)]
pub struct RootText {
    /// Absolute offset of the first byte the event covers.
    pub offset: u64,
    /// Bytes the event covers (references and CDATA markup included).
    pub len: u64,
    /// The decoded text.
    pub text: String,
}

/// What the oracle made of a run of bytes.
#[derive(Clone, Debug, Default)]
pub struct OracleRun {
    /// The root element's name and attributes (no children).
    pub root: Option<Tree>,
    /// Whether the root element was closed.
    pub root_closed: bool,
    /// Complete top-level elements with their offsets: the root's children (`document = false`)
    /// or the root itself (`document = true`).
    pub elements: Vec<(u64, Tree)>,
    /// Every start tag, in order.
    pub starts: Vec<Start>,
    /// Text directly inside the root.
    pub root_text: Vec<RootText>,
    /// The deepest nesting seen (the root is 1).
    pub max_depth: usize,
    /// The error, if the oracle rejected the bytes.
    pub error: Option<rxml::Error>,
    /// Absolute offset one past the last byte the oracle reported an event for: where its
    /// decisions end (it reads a token whole before it reports or checks it).
    pub decided_to: u64,
}

/// Runs rxml over `bytes`, which stand at absolute offset `base` of the stream.
///
/// `document`: the bytes are a whole document (`at_eof`), and the root is the top-level element.
/// Otherwise they are the start of an XMPP stream that may go on: the root's children are the
/// top-level elements, and running out of bytes is no error.
pub fn run(bytes: &[u8], base: u64, document: bool) -> OracleRun {
    // A token limit far above any fuzz input, so that rxml's default (8 KiB names and values)
    // is not a difference.
    let options = Options {
        max_token_length: 1 << 24,
        ..Options::default()
    };
    let mut parser = Parser::with_options(options);
    let mut out = OracleRun {
        decided_to: base,
        ..OracleRun::default()
    };
    let mut open: Vec<Tree> = Vec::new();
    let mut pos = base;
    let mut rest = bytes;
    loop {
        let event = match parser.parse(&mut rest, document) {
            Ok(Some(event)) => event,
            Ok(None) | Err(EndOrError::NeedMoreData) => break,
            Err(EndOrError::Error(error)) => {
                out.error = Some(error);
                break;
            }
        };
        let start = pos;
        let len = event.metrics().len() as u64;
        pos += len;
        out.decided_to = pos;
        match event {
            Event::XmlDeclaration(..) => {}
            Event::StartElement(_, (ns, local), attrs) => {
                out.starts.push(Start {
                    offset: start,
                    len,
                    depth: open.len(),
                    ns: ns.to_string(),
                    local: local.to_string(),
                });
                let mut attrs: Vec<Attribute> = attrs
                    .iter()
                    .map(|((ns, local), value)| Attribute {
                        ns: ns.to_string(),
                        local: local.to_string(),
                        qname: String::new(),
                        value: value.clone(),
                    })
                    .collect();
                attrs.sort();
                let tree = Tree {
                    qname: String::new(),
                    ns: ns.to_string(),
                    local: local.to_string(),
                    attrs,
                    children: Vec::new(),
                };
                if open.is_empty() {
                    out.root = Some(tree.clone());
                }
                open.push(tree);
                out.max_depth = out.max_depth.max(open.len());
            }
            Event::EndElement(_) => {
                let Some(tree) = open.pop() else { break };
                let top_level = if document {
                    open.is_empty()
                } else {
                    open.len() == 1
                };
                if top_level {
                    let offset = out
                        .starts
                        .iter()
                        .rev()
                        .find(|s| s.depth == open.len())
                        .map_or(0, |s| s.offset);
                    out.elements.push((offset, tree.clone()));
                }
                match open.last_mut() {
                    Some(parent) => parent.children.push(Child::Element(tree)),
                    None => out.root_closed = true,
                }
            }
            Event::Text(_, text) => {
                if open.len() == 1 && !document {
                    out.root_text.push(RootText {
                        offset: start,
                        len,
                        text: text.to_string(),
                    });
                }
                if let Some(parent) = open.last_mut() {
                    push_text(&mut parent.children, &text);
                }
            }
        }
    }
    // Only the root's own start tag is kept as `root`, never its children.
    out
}
