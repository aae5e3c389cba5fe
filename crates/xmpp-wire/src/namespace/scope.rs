//! Namespace declarations in scope inside the current top-level item (Namespaces 1.0 §6).
//!
//! Declarations are kept as spans into the parser's buffer, relative to the item's `<`, which
//! stays buffered until the item is complete; nothing is copied.

use crate::config::NAMESPACE_CAPACITY;

/// One `xmlns` or `xmlns:prefix` declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Declaration {
    /// Where the prefix starts (relative to the item); empty for a default declaration.
    prefix_start: u32,
    /// The namespace name as written (may hold references): start and length.
    uri: (u32, u32),
    /// The prefix's length: 16 bits keep an entry at 16 bytes.
    prefix_len: u16,
    /// Depth (1 = the top-level element) of the element that declares it.
    depth: u16,
}

impl Declaration {
    /// A declaration of `prefix` (start, length) bound to `uri`; `None` for a prefix longer
    /// than 65535 bytes.
    pub(crate) fn new(prefix: (u32, u32), uri: (u32, u32), depth: u16) -> Option<Declaration> {
        Some(Declaration {
            prefix_start: prefix.0,
            uri,
            prefix_len: u16::try_from(prefix.1).ok()?,
            depth,
        })
    }

    pub(crate) fn prefix(&self) -> (u32, u32) {
        (self.prefix_start, u32::from(self.prefix_len))
    }

    pub(crate) fn uri(&self) -> (u32, u32) {
        self.uri
    }
}

/// The declarations in scope, innermost last.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scopes {
    declarations: heapless::Vec<Declaration, NAMESPACE_CAPACITY>,
}

impl Scopes {
    /// Adds a declaration; `false` when `limit` declarations are already in scope.
    pub(crate) fn push(&mut self, declaration: Declaration, limit: usize) -> bool {
        self.declarations.len() < limit && self.declarations.push(declaration).is_ok()
    }

    /// Drops the declarations made by the element at `depth`, which has ended.
    pub(crate) fn end_element(&mut self, depth: u16) {
        while self.declarations.last().is_some_and(|d| d.depth >= depth) {
            self.declarations.pop();
        }
    }

    pub(crate) fn clear(&mut self) {
        self.declarations.clear();
    }

    /// The innermost declaration of `prefix`, whose bytes `item` holds.
    pub(crate) fn find(&self, item: &[u8], prefix: &[u8]) -> Option<Declaration> {
        self.declarations
            .iter()
            .rev()
            .find(|d| slice(item, d.prefix()) == prefix)
            .copied()
    }
}

/// The bytes of `span` (start, length) in `item`.
pub(crate) fn slice(item: &[u8], span: (u32, u32)) -> &[u8] {
    &item[span.0 as usize..(span.0 + span.1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn innermost_declaration_wins_and_ends_with_its_element() {
        let item = b"a urn:1 a urn:2";
        let mut scopes = Scopes::default();
        assert!(scopes.push(Declaration::new((0, 1), (2, 5), 1).unwrap(), 4));
        assert!(scopes.push(Declaration::new((8, 1), (10, 5), 2).unwrap(), 4));
        assert_eq!(scopes.find(item, b"a").map(|d| d.uri()), Some((10, 5)));
        scopes.end_element(2);
        assert_eq!(scopes.find(item, b"a").map(|d| d.uri()), Some((2, 5)));
        assert!(scopes.find(item, b"b").is_none());
        assert!(!scopes.push(Declaration::new((0, 1), (2, 5), 1).unwrap(), 1));
    }
}
