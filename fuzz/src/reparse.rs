//! DESIGN.md "Self-contained frames": the bytes of every frame parse again on their own to the
//! same frame. A router forwards `raw()` untouched, so what the next hop parses must be what
//! this parser reported.

use xmpp_wire::Mode;

use crate::feed::{run, SplitPlan};
use crate::model::{Body, Owned};
use crate::setup::Setup;

/// Re-parses every frame of a run on its own and panics unless it comes out the same.
///
/// TCP: a header alone, and every other frame after the latest header (which supplies the
/// content namespace and the stream prefix, all a frame may inherit). WebSocket and document
/// framing: every frame alone, as a standalone document (RFC 7395 §3.3.3: each message is one).
pub fn check(frames: &[Owned], setup: &Setup) {
    let mut header: Option<&[u8]> = None;
    for frame in frames {
        match (setup.mode, &frame.body) {
            (Mode::Tcp, Body::Open(_)) => {
                expect_alone(frame, &[], setup);
                header = Some(&frame.raw);
            }
            (Mode::Tcp, _) => {
                let header = header.expect("a TCP frame before any stream header");
                expect_alone(frame, header, setup);
            }
            (Mode::WebSocket | Mode::Document, _) => {
                expect_alone(frame, &[], &setup.with_mode(Mode::Document))
            }
        }
    }
}

/// Parses `header` followed by `frame.raw` and checks that the last frame out is `frame`.
fn expect_alone(frame: &Owned, header: &[u8], setup: &Setup) {
    let mut input = header.to_vec();
    input.extend_from_slice(&frame.raw);
    let again = run(&input, &SplitPlan::whole(), setup);
    assert_eq!(
        again.error,
        None,
        "frame at {} does not parse on its own: {:?}",
        frame.offset,
        lossy(&input)
    );
    let expected_frames = if header.is_empty() { 1 } else { 2 };
    assert_eq!(
        again.frames.len(),
        expected_frames,
        "re-parse of the frame at {} gave {:?}",
        frame.offset,
        again.frames
    );
    if setup.mode == Mode::Document {
        assert_eq!(
            again.end,
            Some(Ok(())),
            "a frame is not a complete document"
        );
    }
    let mut expected = frame.clone();
    expected.offset = header.len() as u64;
    assert_eq!(
        again.frames.last(),
        Some(&expected),
        "frame at {} re-parses differently",
        frame.offset
    );
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
