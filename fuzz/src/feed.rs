//! Feeding a parser: split plans, and a runner that checks what must hold of every run (progress,
//! limits, offsets, sticky errors) while it collects the frames.

use arbitrary::{Arbitrary, Unstructured};
use xmpp_wire::{Mode, StreamError, StreamParser};

use crate::model::{capture, Owned};
use crate::setup::Setup;

/// How the input is cut into feeds: chunk lengths, used in turn and cycled until the input runs
/// out. An empty plan feeds the input whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitPlan {
    /// Chunk lengths minus one (so every chunk holds at least a byte).
    pub chunks: Vec<u8>,
}

impl SplitPlan {
    /// Feed everything at once.
    pub fn whole() -> SplitPlan {
        SplitPlan::default()
    }

    /// One byte per feed.
    pub fn bytewise() -> SplitPlan {
        SplitPlan { chunks: vec![0] }
    }

    /// The pieces of `input` under this plan.
    pub fn pieces<'p>(&'p self, input: &'p [u8]) -> impl Iterator<Item = &'p [u8]> + 'p {
        let mut rest = input;
        let mut lengths = self.chunks.iter().map(|&c| usize::from(c) + 1).cycle();
        core::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let len = lengths.next().unwrap_or(rest.len()).min(rest.len());
            let (piece, after) = rest.split_at(len);
            rest = after;
            Some(piece)
        })
    }

    /// The bytes [`Arbitrary`] reads this plan from: a count, then the lengths.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![self.chunks.len() as u8];
        out.extend_from_slice(&self.chunks);
        out
    }
}

impl<'a> Arbitrary<'a> for SplitPlan {
    /// A count byte (at most 16 lengths), then that many length bytes, read from the front so
    /// that seed files can be written by hand (`SplitPlan::to_bytes`).
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<SplitPlan> {
        let count = usize::from(u8::arbitrary(u)? % 17);
        let chunks = u.bytes(count.min(u.len()))?.to_vec();
        Ok(SplitPlan { chunks })
    }
}

/// What one run produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Every frame, in order.
    pub frames: Vec<Owned>,
    /// The stream error, if `next_frame` returned one.
    pub error: Option<StreamError>,
    /// What `finish` returned once all the input was fed (not called after an error).
    pub end: Option<Result<(), StreamError>>,
}

/// Feeds `input` to a fresh parser for `setup`, cut as `plan` says, then calls `finish`.
///
/// Panics when the parser breaks a rule that holds for every input: it must make progress
/// (take bytes or give a frame), deliver frames whose bytes are the input's bytes at their offset,
/// in order, within the limits, and keep returning its error once it has one.
pub fn run(input: &[u8], plan: &SplitPlan, setup: &Setup) -> Outcome {
    let mut parser = StreamParser::new(setup.buffer(), setup.config());
    let limits = parser.config().limits;
    let mut out = Outcome::default();
    let mut previous_end = 0u64;
    for piece in plan.pieces(input) {
        let mut rest = piece;
        while !rest.is_empty() {
            let taken = parser.feed(rest);
            assert!(taken <= rest.len());
            rest = &rest[taken..];
            let mut delivered = 0;
            loop {
                match parser.next_frame() {
                    Ok(Some(frame)) => {
                        let owned = capture(&frame);
                        check_frame(&owned, input, previous_end, setup, &limits);
                        previous_end = owned.end();
                        out.frames.push(owned);
                        delivered += 1;
                    }
                    Ok(None) => break,
                    Err(error) => {
                        check_sticky(&mut parser, error);
                        assert!(
                            error.offset() <= parser.stream_len(),
                            "error past the bytes fed"
                        );
                        out.error = Some(error);
                        return out;
                    }
                }
            }
            // A parser that takes no bytes and gives no frame would loop its caller forever.
            assert!(
                taken > 0 || delivered > 0,
                "no progress with {} bytes left to feed",
                rest.len()
            );
        }
    }
    assert_eq!(
        parser.stream_len(),
        input.len() as u64,
        "stream_len() is not the bytes fed"
    );
    let end = parser.finish();
    if let Err(error) = end {
        check_sticky(&mut parser, error);
    }
    out.end = Some(end);
    out
}

fn check_frame(
    frame: &Owned,
    input: &[u8],
    previous_end: u64,
    setup: &Setup,
    limits: &xmpp_wire::Limits,
) {
    let start = frame.offset as usize;
    assert!(
        frame.offset >= previous_end,
        "frames overlap or go backwards"
    );
    assert_eq!(
        input.get(start..start + frame.raw.len()),
        Some(frame.raw.as_slice()),
        "frame bytes are not the input's bytes at its offset"
    );
    if frame.kind != "stream-close" {
        assert!(
            frame.raw.len() <= limits.max_stanza_size,
            "frame larger than max_stanza_size"
        );
    }
    if let Some(tree) = frame.tree() {
        // TCP counts the stream element as depth 1 (config.rs).
        let depth = tree.depth() + usize::from(setup.mode == Mode::Tcp);
        assert!(
            depth <= limits.max_depth,
            "frame nested deeper than max_depth"
        );
        check_attribute_counts(tree, limits.max_attributes);
    }
}

fn check_attribute_counts(tree: &crate::model::Tree, max: usize) {
    assert!(
        tree.attrs.len() <= max,
        "more attributes than max_attributes"
    );
    for child in &tree.children {
        if let crate::model::Child::Element(child) = child {
            check_attribute_counts(child, max);
        }
    }
}

/// After an error every call returns it again and nothing more is taken (STYLE.md "Errors").
fn check_sticky(parser: &mut StreamParser<Vec<u8>>, error: StreamError) {
    assert_eq!(
        parser.next_frame().err(),
        Some(error),
        "error is not sticky"
    );
    assert_eq!(parser.feed(b"<a/>"), 0, "bytes taken after an error");
    assert_eq!(parser.finish(), Err(error), "finish forgets the error");
}
