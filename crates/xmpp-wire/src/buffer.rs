//! The input buffer: one byte slice owned or borrowed by the parser, holding the stream from
//! the start of the item being read, with offsets kept absolute across compactions.

use crate::tokenizer::Pos;

pub(crate) struct Buffer<B> {
    bytes: B,
    /// Stream offset of `bytes[0]`.
    base: Pos,
    /// How many bytes of `bytes` hold stream data.
    filled: usize,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Buffer<B> {
    pub(crate) fn new(bytes: B) -> Buffer<B> {
        Buffer {
            bytes,
            base: 0,
            filled: 0,
        }
    }

    pub(crate) fn capacity(&self) -> usize {
        self.bytes.as_ref().len()
    }

    /// The stream data held, and the stream offset of its first byte.
    pub(crate) fn filled(&self) -> (&[u8], Pos) {
        (&self.bytes.as_ref()[..self.filled], self.base)
    }

    /// Stream offset one past the last byte held.
    pub(crate) fn end(&self) -> Pos {
        self.base + self.filled as Pos
    }

    /// The bytes from stream offset `start` to `end`, which the buffer holds.
    pub(crate) fn slice(&self, start: Pos, end: Pos) -> &[u8] {
        &self.bytes.as_ref()[(start - self.base) as usize..(end - self.base) as usize]
    }

    /// Appends what fits of `input`, first dropping the bytes before stream offset `keep` if
    /// room is short. Returns how many bytes were taken.
    pub(crate) fn append(&mut self, input: &[u8], keep: Pos) -> usize {
        let capacity = self.capacity();
        if capacity - self.filled < input.len() && keep > self.base {
            // Each byte is moved at most once per top-level item: after this, `base` is the
            // item's start and nothing before it remains to drop.
            let drop = (keep - self.base) as usize;
            self.bytes.as_mut().copy_within(drop..self.filled, 0);
            self.filled -= drop;
            self.base = keep;
        }
        let taken = input.len().min(capacity - self.filled);
        self.bytes.as_mut()[self.filled..self.filled + taken].copy_from_slice(&input[..taken]);
        self.filled += taken;
        taken
    }

    pub(crate) fn clear(&mut self) {
        self.base = 0;
        self.filled = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compaction_keeps_offsets_absolute() {
        let mut buffer = Buffer::new([0u8; 8]);
        assert_eq!(buffer.append(b"abcdef", 0), 6);
        assert_eq!(buffer.append(b"ghij", 0), 2);
        assert_eq!(buffer.append(b"ij", 4), 2);
        assert_eq!(buffer.filled(), (&b"efghij"[..], 4));
        assert_eq!(buffer.slice(5, 7), b"fg");
        assert_eq!(buffer.end(), 10);
    }
}
