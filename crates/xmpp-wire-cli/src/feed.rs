//! Feeding a whole input to a `StreamParser` piece by piece, as a network reader would.
//!
//! The pieces follow the chunking options; in WebSocket mode they also end at every line end,
//! because each line is one WebSocket message (RFC 7395 §3.3.3: one complete element a message)
//! and a reader never sees two messages in one read. The parser gives the same frames for any
//! split (DESIGN.md "Incremental"), so this only exercises that promise.

use std::fmt;
use std::io::{self, Read};

use xmpp_wire::{Config, Frame, Limits, Mode, StreamError, StreamParser};

use crate::args::{Chunking, Input, Options};

/// The smallest parser buffer: the default stanza limit, so that `--max-stanza` below it still
/// leaves room for a whole element of the limit's size plus what follows it in one read.
const MIN_BUFFER: usize = 256 * 1024;

/// Why feeding stopped early.
#[derive(Debug)]
pub enum Failure {
    /// The stream broke a rule; frames before it were delivered.
    Stream(StreamError),
    /// The parser took no bytes and produced no frame: a full buffer it cannot drain. The
    /// parser's limits make this impossible, so it indicates a bug.
    Stalled {
        /// How many input bytes had been fed.
        fed: u64,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Stream(error) => error.fmt(f),
            Failure::Stalled { fed } => {
                write!(
                    f,
                    "internal error: the parser stopped taking input after {fed} bytes"
                )
            }
        }
    }
}

impl From<StreamError> for Failure {
    fn from(error: StreamError) -> Failure {
        Failure::Stream(error)
    }
}

/// Reads the whole input named on the command line.
pub fn read_input(input: &Input) -> io::Result<Vec<u8>> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        Input::Path(path) => std::fs::read(path),
    }
}

/// Feeds `input` to a new parser configured by `options`, calling `on_frame` for every frame in
/// stream order. With `finish`, tells the parser the input has ended, so that a stream cut short
/// is an error (DESIGN.md "End of input").
pub fn drive(
    input: &[u8],
    options: &Options,
    finish: bool,
    mut on_frame: impl FnMut(&Frame<'_>),
) -> Result<(), Failure> {
    let config = Config {
        limits: Limits {
            max_stanza_size: options.max_stanza,
            ..Limits::DEFAULT
        },
        mode: options.mode,
        ..Config::default()
    };
    let mut parser = StreamParser::new(vec![0u8; options.max_stanza.max(MIN_BUFFER)], config);
    let mut fed = 0u64;
    for piece in Pieces::new(input, &options.chunking, options.mode == Mode::WebSocket) {
        let mut rest = piece;
        while !rest.is_empty() {
            let taken = parser.feed(rest);
            rest = &rest[taken..];
            fed += taken as u64;
            let mut produced = false;
            while let Some(frame) = parser.next_frame()? {
                on_frame(&frame);
                produced = true;
            }
            if taken == 0 && !produced {
                return Err(Failure::Stalled { fed });
            }
        }
    }
    if finish {
        parser.finish()?;
    }
    Ok(())
}

/// The pieces of an input: cut where the chunking says, and also after every `\n` when
/// `split_lines` is set.
pub struct Pieces<'a> {
    rest: &'a [u8],
    chunking: &'a Chunking,
    /// Index of the next size in `Chunking::Sizes`.
    next_size: usize,
    /// Bytes left in the current planned piece (0: take the next size).
    planned_left: usize,
    split_lines: bool,
}

impl<'a> Pieces<'a> {
    /// The pieces of `input`.
    pub fn new(input: &'a [u8], chunking: &'a Chunking, split_lines: bool) -> Pieces<'a> {
        Pieces {
            rest: input,
            chunking,
            next_size: 0,
            planned_left: 0,
            split_lines,
        }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        if self.planned_left == 0 {
            self.planned_left = match self.chunking {
                Chunking::Fixed(size) => *size,
                Chunking::Sizes(sizes) => {
                    self.next_size += 1;
                    // After the list, the rest goes whole.
                    sizes.get(self.next_size - 1).copied().unwrap_or(usize::MAX)
                }
            };
        }
        let mut len = self.planned_left.min(self.rest.len());
        if self.split_lines {
            if let Some(newline) = self.rest[..len].iter().position(|&b| b == b'\n') {
                len = newline + 1;
            }
        }
        self.planned_left -= len;
        let (piece, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some(piece)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lens(input: &[u8], chunking: Chunking, split_lines: bool) -> Vec<usize> {
        Pieces::new(input, &chunking, split_lines)
            .map(<[u8]>::len)
            .collect()
    }

    #[test]
    fn fixed_pieces() {
        assert_eq!(lens(b"0123456789", Chunking::Fixed(4), false), [4, 4, 2]);
        assert_eq!(lens(b"", Chunking::Fixed(4), false), Vec::<usize>::new());
    }

    #[test]
    fn listed_sizes_then_the_rest_whole() {
        assert_eq!(
            lens(b"0123456789", Chunking::Sizes(vec![1, 2]), false),
            [1, 2, 7]
        );
        assert_eq!(lens(b"012", Chunking::Sizes(vec![2, 5, 5]), false), [2, 1]);
        assert_eq!(lens(b"012", Chunking::Sizes(vec![]), false), [3]);
    }

    #[test]
    fn lines_cut_pieces_without_shifting_the_plan() {
        // Cuts from the plan (4, 8) and from line ends (3, 6) are both kept.
        assert_eq!(
            lens(b"ab\ncd\nefghij", Chunking::Fixed(4), true),
            [3, 1, 2, 2, 4]
        );
        assert_eq!(lens(b"a\nb\n", Chunking::Fixed(4096), true), [2, 2]);
    }
}
