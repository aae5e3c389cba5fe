//! Attribute views over a start tag the tokenizer has validated.

use crate::namespace::known::{XML, XMLNS};
use crate::value::{Value, ValueKind};

use super::{as_str, split_qname, Element};

/// One attribute as written: its qualified name and its lazily decoded value.
///
/// ```text
/// <presence xml:lang='en' type='unavailable'/>
///           -------                          name()
///                   --                       value().raw()
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Attr<'a> {
    name: &'a str,
    value: Value<'a>,
}

impl<'a> Attr<'a> {
    /// The qualified name as written, e.g. `xml:lang`.
    pub const fn name(&self) -> &'a str {
        self.name
    }

    /// The prefix before the colon, if any.
    pub fn prefix(&self) -> Option<&'a str> {
        split_qname(self.name).0
    }

    /// The name after the colon (the whole name when there is no prefix).
    pub fn local_name(&self) -> &'a str {
        split_qname(self.name).1
    }

    /// The value, decoded on demand.
    pub const fn value(&self) -> Value<'a> {
        self.value
    }

    /// Whether this attribute is a namespace declaration (`xmlns` or `xmlns:*`).
    pub fn is_namespace_declaration(&self) -> bool {
        self.name == "xmlns" || self.name.starts_with("xmlns:")
    }
}

/// Every attribute of a validated start tag, namespace declarations included.
#[derive(Clone, Debug)]
pub(crate) struct RawAttrs<'a> {
    rest: &'a [u8],
}

impl<'a> RawAttrs<'a> {
    /// Attributes in `tag`: the bytes of a start tag after its name, before `>` or `/>`.
    pub(crate) fn new(tag: &'a [u8]) -> RawAttrs<'a> {
        RawAttrs { rest: tag }
    }
}

impl<'a> Iterator for RawAttrs<'a> {
    type Item = Attr<'a>;

    fn next(&mut self) -> Option<Attr<'a>> {
        let rest = self.rest;
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        if rest[start] == b'/' {
            self.rest = &[];
            return None;
        }
        let name_len = rest[start..]
            .iter()
            .position(|&b| b == b'=' || b.is_ascii_whitespace())?;
        let name = &rest[start..start + name_len];
        let quote_at = start
            + name_len
            + rest[start + name_len..]
                .iter()
                .position(|&b| b == b'"' || b == b'\'')?;
        let quote = rest[quote_at];
        let value_len = rest[quote_at + 1..].iter().position(|&b| b == quote)?;
        let value = &rest[quote_at + 1..quote_at + 1 + value_len];
        self.rest = &rest[quote_at + 2 + value_len..];
        Some(Attr {
            name: as_str(name),
            value: Value::new(as_str(value), ValueKind::Attribute),
        })
    }
}

/// The attributes of an element, namespace declarations left out.
#[derive(Clone, Debug)]
pub struct Attrs<'a> {
    pub(crate) raw: RawAttrs<'a>,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Attr<'a>;

    fn next(&mut self) -> Option<Attr<'a>> {
        self.raw.find(|attr| !attr.is_namespace_declaration())
    }
}

impl<'a> Element<'a> {
    /// The attributes as written, in order, without namespace declarations.
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs {
            raw: RawAttrs::new(self.tag_rest),
        }
    }

    /// The value of the attribute whose qualified name (as written) is `name`.
    ///
    /// ```text
    /// <iq type='get' id='r1'>…</iq>
    ///           ---           attr("type")
    /// ```
    pub fn attr(&self, name: &str) -> Option<Value<'a>> {
        if let Some(recorded) = self.index.and_then(|index| index.routing(name)) {
            return recorded.map(|(start, len)| {
                let raw = &self.raw[start as usize..(start + len) as usize];
                Value::new(as_str(raw), ValueKind::Attribute)
            });
        }
        RawAttrs::new(self.tag_rest)
            .find(|attr| attr.name == name)
            .map(|attr| attr.value)
    }

    /// The value of the attribute with expanded name (`ns`, `local`); `ns` is `""` for an
    /// unprefixed attribute, which is in no namespace (Namespaces 1.0 §6.2).
    pub fn attr_ns(&self, ns: &str, local: &str) -> Option<Value<'a>> {
        RawAttrs::new(self.tag_rest)
            .filter(|attr| !attr.is_namespace_declaration() && attr.local_name() == local)
            .find(|attr| match attr.prefix() {
                None => ns.is_empty(),
                Some("xml") => ns == XML,
                Some(prefix) => self.resolve_prefix(prefix).is_some_and(|uri| uri == ns),
            })
            .map(|attr| attr.value)
    }

    /// The namespace declarations on this element's start tag: (`prefix`, `uri`), `prefix` being
    /// `""` for a default namespace declaration.
    pub fn namespace_declarations(&self) -> impl Iterator<Item = (&'a str, Value<'a>)> + 'a {
        RawAttrs::new(self.tag_rest).filter_map(|attr| {
            if attr.name == "xmlns" {
                Some(("", attr.value))
            } else {
                attr.name
                    .strip_prefix("xmlns:")
                    .map(|prefix| (prefix, attr.value))
            }
        })
    }

    /// The namespace bound to `prefix` (`""` for the default namespace) where this element stands.
    pub fn resolve_prefix(&self, prefix: &str) -> Option<Value<'a>> {
        match prefix {
            "xml" => return Some(Value::new(XML, ValueKind::Attribute)),
            "xmlns" => return Some(Value::new(XMLNS, ValueKind::Attribute)),
            _ => {}
        }
        let may_declare = self.index.is_none_or(|index| index.declares_namespaces);
        if may_declare {
            if let Some((_, uri)) = self.namespace_declarations().find(|(p, _)| *p == prefix) {
                return Some(uri);
            }
        }
        self.scope.resolve(prefix)
    }
}
