//! xmlparser: a tokenizer over the whole input as `&str`, with namespace resolution, end-tag
//! matching and attribute-value decoding written here, since xmlparser leaves them to its user.
//! It cannot be fed chunks: a token that spans two chunks would need the user to re-tokenise.

use std::borrow::Cow;

use ::xmlparser::{ElementEnd, Token, Tokenizer};

use crate::digest::{Digest, Levels, ROUTING};

/// Namespaces in XML 1.0 §3: the `xml` prefix is bound without a declaration.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Runs xmlparser over the whole of `bytes` (UTF-8 validated first, as its `&str` input needs).
pub fn run(bytes: &[u8], _chunk: usize) -> Digest {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("xmlparser input: {e}"));
    let mut levels = Levels::default();
    // Prefix bindings in scope, innermost last; `marks` holds the length at each open element.
    let mut scopes: Vec<(&str, Cow<'_, str>)> = Vec::new();
    let mut marks: Vec<usize> = Vec::new();
    let mut open_names: Vec<(&str, &str)> = Vec::new();
    let mut pending: Option<(&str, &str)> = None;
    let mut attrs: Vec<(&str, &str, &str)> = Vec::new();
    for token in Tokenizer::from(text) {
        match token.unwrap_or_else(|e| panic!("xmlparser: {e}")) {
            Token::ElementStart { prefix, local, .. } => {
                pending = Some((prefix.as_str(), local.as_str()));
                marks.push(scopes.len());
                attrs.clear();
            }
            Token::Attribute {
                prefix,
                local,
                value,
                ..
            } => match (prefix.as_str(), local.as_str()) {
                ("", "xmlns") => scopes.push(("", decode(value.as_str()))),
                ("xmlns", declared) => scopes.push((declared, decode(value.as_str()))),
                (prefix, local) => attrs.push((prefix, local, value.as_str())),
            },
            Token::ElementEnd { end, .. } => match end {
                ElementEnd::Open => {
                    let (prefix, local) = pending.take().expect("a start tag");
                    start(&mut levels, &scopes, prefix, local, &attrs);
                    open_names.push((prefix, local));
                }
                ElementEnd::Empty => {
                    let (prefix, local) = pending.take().expect("a start tag");
                    start(&mut levels, &scopes, prefix, local, &attrs);
                    levels.close();
                    scopes.truncate(marks.pop().expect("an open element"));
                }
                ElementEnd::Close(prefix, local) => {
                    let open = open_names.pop().expect("an open element");
                    assert!(
                        open == (prefix.as_str(), local.as_str()),
                        "xmlparser: end tag {prefix}:{local} closes {open:?}"
                    );
                    levels.close();
                    scopes.truncate(marks.pop().expect("an open element"));
                }
            },
            _ => {}
        }
    }
    assert!(
        open_names.is_empty(),
        "xmlparser: input ended inside an element"
    );
    levels.digest
}

fn start(
    levels: &mut Levels,
    scopes: &[(&str, Cow<'_, str>)],
    prefix: &str,
    local: &str,
    attrs: &[(&str, &str, &str)],
) {
    let ns = resolve(scopes, prefix);
    let wants_routing = levels.wants_routing();
    levels.open(ns.as_bytes(), local.as_bytes(), |digest| {
        if wants_routing {
            for name in ROUTING {
                let value = attrs
                    .iter()
                    .find(|(prefix, local, _)| prefix.is_empty() && *local == name)
                    .map(|(_, _, raw)| decode(raw));
                digest.attr(value.as_deref().map(str::as_bytes));
            }
        }
    });
}

fn resolve<'s>(scopes: &'s [(&str, Cow<'_, str>)], prefix: &str) -> &'s str {
    if prefix == "xml" {
        return XML_NS;
    }
    match scopes.iter().rev().find(|(bound, _)| *bound == prefix) {
        Some((_, ns)) => ns,
        None if prefix.is_empty() => "",
        None => panic!("xmlparser: unbound prefix {prefix}"),
    }
}

/// An attribute value after XML 1.0 §3.3.3: references decoded, and each literal tab, LF, CR
/// and CR LF one space. Borrowed when there is nothing to change.
pub fn decode(raw: &str) -> Cow<'_, str> {
    if !raw
        .bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
    {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find(['&', '\t', '\n', '\r']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match tail.as_bytes()[0] {
            b'&' => {
                let end = tail
                    .find(';')
                    .unwrap_or_else(|| panic!("unterminated reference in {raw:?}"));
                out.push(reference(&tail[1..end]));
                rest = &tail[end + 1..];
            }
            b'\r' if tail.as_bytes().get(1) == Some(&b'\n') => {
                out.push(' ');
                rest = &tail[2..];
            }
            _ => {
                out.push(' ');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn reference(name: &str) -> char {
    let code = match name {
        "lt" => return '<',
        "gt" => return '>',
        "amp" => return '&',
        "quot" => return '"',
        "apos" => return '\'',
        _ => match name.strip_prefix("#x") {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => name.strip_prefix('#').unwrap_or(name).parse(),
        },
    };
    code.ok()
        .and_then(char::from_u32)
        .unwrap_or_else(|| panic!("bad reference &{name};"))
}
