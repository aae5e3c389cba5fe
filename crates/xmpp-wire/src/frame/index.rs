//! What the framer records about a top-level element while scanning it, so that a frame's
//! routing attributes and payloads are found without reading its bytes again.

/// How many direct children of a top-level element are recorded; the rest are found by walking.
pub(crate) const INDEXED_PAYLOADS: usize = 16;

/// The routing attributes recorded, in this order (RFC 6120 §8.1).
const ROUTING: [&str; 5] = ["to", "from", "id", "type", "xml:lang"];

/// Spans are relative to the element's `<`.
#[derive(Clone, Debug, Default)]
pub(crate) struct ElementIndex {
    /// Length of the element's qualified name.
    pub name_len: u32,
    /// Length of the start tag, through its `>`.
    pub start_tag_len: u32,
    /// Whether the start tag declares any namespace (most stanzas declare none).
    pub declares_namespaces: bool,
    /// The value of each routing attribute present on the start tag.
    routing: [Option<(u32, u32)>; ROUTING.len()],
    /// (start, end) of each of the first direct children.
    payloads: heapless::Vec<(u32, u32), INDEXED_PAYLOADS>,
    /// How many direct children there are in all.
    payload_count: u32,
}

impl ElementIndex {
    pub(crate) fn clear(&mut self) {
        *self = ElementIndex::default();
    }

    /// Records attribute `name` (as written) with its value at `value`, if it is a routing one.
    pub(crate) fn attribute(&mut self, name: &[u8], value: (u32, u32)) {
        let slot = match name {
            b"to" => 0,
            b"from" => 1,
            b"id" => 2,
            b"type" => 3,
            b"xml:lang" => 4,
            _ => return,
        };
        debug_assert_eq!(ROUTING[slot].as_bytes(), name);
        self.routing[slot] = Some(value);
    }

    /// The recorded value span of attribute `name`: `None` when `name` is not a routing
    /// attribute, `Some(None)` when it is one the element does not carry.
    pub(crate) fn routing(&self, name: &str) -> Option<Option<(u32, u32)>> {
        ROUTING
            .iter()
            .position(|r| *r == name)
            .map(|slot| self.routing[slot])
    }

    pub(crate) fn push_payload(&mut self, start: u32, end: u32) {
        // Past the capacity only the count is kept; the walk finds the rest.
        let _ = self.payloads.push((start, end));
        self.payload_count += 1;
    }

    pub(crate) fn payload(&self, i: usize) -> Option<&(u32, u32)> {
        self.payloads.get(i)
    }

    pub(crate) fn payload_count(&self) -> usize {
        self.payload_count as usize
    }
}
