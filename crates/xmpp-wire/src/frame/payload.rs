//! Walking inside an element: payload children, their children, attributes and text, without
//! allocating. The bytes were validated by the tokenizer, so the walk only finds boundaries.

use memchr::{memchr, memmem};

use crate::value::{Value, ValueKind};

use super::{as_str, start_tag_end, Element, Scope};

/// A node directly inside an element.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    /// A child element.
    Element(Element<'a>),
    /// A run of character data (references decoded on demand) or a CDATA section's content.
    Text(Value<'a>),
}

/// The child elements of an element, in order. Made by [`Element::payloads`].
#[derive(Clone, Debug)]
pub struct Children<'p> {
    nodes: Nodes<'p>,
    indexed: usize,
}

impl<'p> Iterator for Children<'p> {
    type Item = Element<'p>;

    fn next(&mut self) -> Option<Element<'p>> {
        let parent = self.nodes.parent;
        if let Some(index) = parent.index {
            if let Some(&(start, end)) = index.payload(self.indexed) {
                self.indexed += 1;
                self.nodes.pos = end as usize - parent.content_offset;
                return Some(parent.child(start as usize, end as usize));
            }
            if index.payload_count() <= self.indexed {
                return None;
            }
        }
        self.nodes.find_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }
}

/// The nodes directly inside an element: child elements and text. Made by [`Element::nodes`].
#[derive(Clone, Debug)]
pub struct Nodes<'p> {
    parent: &'p Element<'p>,
    /// Position in the parent's content.
    pos: usize,
}

impl<'p> Iterator for Nodes<'p> {
    type Item = Node<'p>;

    fn next(&mut self) -> Option<Node<'p>> {
        let content = self.parent.content;
        let rest = content.get(self.pos..).filter(|rest| !rest.is_empty())?;
        let start = self.pos;
        match memchr(b'<', rest) {
            Some(0) if rest.starts_with(b"<![CDATA[") => {
                let body = start + 9;
                let len = memmem::find(&content[body..], b"]]>").unwrap_or(content.len() - body);
                self.pos = body + len + 3;
                Some(Node::Text(Value::new(
                    as_str(&content[body..body + len]),
                    ValueKind::CData,
                )))
            }
            Some(0) => {
                let end = element_end(content, start);
                self.pos = end;
                let base = self.parent.content_offset;
                Some(Node::Element(self.parent.child(base + start, base + end)))
            }
            found => {
                let len = found.unwrap_or(rest.len());
                self.pos = start + len;
                Some(Node::Text(Value::new(
                    as_str(&rest[..len]),
                    ValueKind::Text,
                )))
            }
        }
    }
}

impl<'a> Element<'a> {
    /// The child elements (for a stanza, its payloads), in order, namespaces resolved.
    ///
    /// ```text
    /// <iq type='result' id='v1'><vCard xmlns='vcard-temp'><FN>Juliet</FN></vCard></iq>
    ///                           -------------------------------------------------- payloads().next()
    ///                                                     --------------            .payloads().next()
    /// ```
    pub fn payloads(&self) -> Children<'_> {
        Children {
            nodes: self.nodes(),
            indexed: 0,
        }
    }

    /// The child elements and text runs directly inside this element, in order.
    pub fn nodes(&self) -> Nodes<'_> {
        Nodes {
            parent: self,
            pos: 0,
        }
    }

    /// The element's direct text (not its descendants'), decoded, one character at a time.
    pub fn text(&self) -> impl Iterator<Item = char> + '_ {
        self.nodes()
            .filter_map(|node| match node {
                Node::Text(value) => Some(value.chars()),
                Node::Element(_) => None,
            })
            .flatten()
    }

    /// The child spanning `start..end` of this element's raw bytes.
    fn child<'p>(&'p self, start: usize, end: usize) -> Element<'p> {
        Element::new(
            &self.raw[start..end],
            self.offset + start as u64,
            Scope::Parent(self),
        )
    }
}

/// One past the end of the element whose `<` is at `content[start]`.
fn element_end(content: &[u8], start: usize) -> usize {
    let tag_end = start_tag_end(content, start + 1);
    if content[tag_end - 2] == b'/' {
        return tag_end;
    }
    let mut depth = 1usize;
    let mut at = tag_end;
    while let Some(found) = memchr(b'<', &content[at..]).map(|i| at + i) {
        match content.get(found + 1) {
            Some(b'/') => {
                depth -= 1;
                at = found
                    + memchr(b'>', &content[found..]).map_or(content.len() - found, |i| i + 1);
                if depth == 0 {
                    return at;
                }
            }
            Some(b'!') => {
                at = memmem::find(&content[found..], b"]]>")
                    .map_or(content.len(), |i| found + i + 3);
            }
            _ => {
                let end = start_tag_end(content, found + 1);
                if content[end - 2] != b'/' {
                    depth += 1;
                }
                at = end;
            }
        }
    }
    content.len()
}
