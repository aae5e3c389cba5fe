//! Replays every fuzz find in `tests/regressions/` (see its README.md) under each parser profile
//! the fuzz targets use, checking what the `frames` and `chunking` targets check: progress,
//! frame bytes and limits, the same frames and error for any chunking, and frames that parse
//! again on their own.

mod support;

use std::fmt::Write as _;

use support::shared_tests_dir;
use xmpp_wire::{Config, Element, Frame, Limits, Mode, NameRules, Node, StreamError, StreamParser};

/// The profiles of `fuzz/src/setup.rs` (`PROFILES`): buffer length, limits, name rules. Keep
/// the two tables equal.
const PROFILES: [(usize, Limits, NameRules); 8] = [
    (1 << 16, Limits::DEFAULT, NameRules::FifthEdition),
    (160, Limits::DEFAULT, NameRules::FifthEdition),
    (4096, limits(4096, 4, 3, 2), NameRules::FifthEdition),
    (
        1024,
        limits(usize::MAX, usize::MAX, usize::MAX, usize::MAX),
        NameRules::FifthEdition,
    ),
    (1 << 16, Limits::DEFAULT, NameRules::FourthEdition),
    (8192, limits(300, 32, 32, 32), NameRules::FifthEdition),
    (512, limits(0, 0, 0, 0), NameRules::FifthEdition),
    (
        1 << 16,
        limits(1 << 16, 40, 32, 32),
        NameRules::FifthEdition,
    ),
];

const fn limits(
    max_stanza_size: usize,
    max_depth: usize,
    max_attributes: usize,
    max_namespaces: usize,
) -> Limits {
    Limits {
        max_stanza_size,
        max_depth,
        max_attributes,
        max_namespaces,
    }
}

/// Chunk lengths tried besides whole feeds.
const CHUNKS: [usize; 4] = [1, 7, 13, 64];

/// What one run produced: a description of each frame (offset first), then the error.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    frames: Vec<(u64, Vec<u8>, String)>,
    error: Option<StreamError>,
}

/// An element and everything inside it, decoded, as one line.
fn describe_element(element: &Element<'_>, out: &mut String) {
    write!(
        out,
        "<{} ns={:?}",
        element.qname(),
        element.ns().to_string()
    )
    .unwrap();
    for attr in element.attrs() {
        write!(out, " {}={:?}", attr.name(), attr.value().to_string()).unwrap();
    }
    out.push('>');
    for node in element.nodes() {
        match node {
            Node::Element(child) => describe_element(&child, out),
            Node::Text(text) => write!(out, "{:?}", text.to_string()).unwrap(),
        }
    }
    out.push_str("</>");
}

fn describe(frame: &Frame<'_>) -> String {
    let mut out = format!("{} ", frame.kind_str());
    match frame {
        Frame::StreamOpen(open) => {
            write!(out, "ns={:?} prefix={:?}", open.ns(), open.stream_prefix()).unwrap();
            for attr in open.attrs() {
                write!(out, " {}={:?}", attr.name(), attr.value().to_string()).unwrap();
            }
        }
        Frame::Stanza(stanza) => describe_element(stanza.element(), &mut out),
        Frame::Element(element) => describe_element(element, &mut out),
        Frame::StreamClose(_) => {}
    }
    out
}

/// Feeds `input` in chunks of `chunk` bytes (0: whole) and checks progress, frame bytes and
/// limits on the way.
fn run(input: &[u8], chunk: usize, mode: Mode, profile: usize) -> Outcome {
    let (buffer, limits, names) = PROFILES[profile];
    let mut parser = StreamParser::new(
        vec![0u8; buffer],
        Config {
            limits,
            mode,
            names,
        },
    );
    let max_stanza_size = parser.config().limits.max_stanza_size;
    let mut frames = Vec::new();
    let chunk = if chunk == 0 {
        input.len().max(1)
    } else {
        chunk
    };
    for piece in input.chunks(chunk) {
        let mut rest = piece;
        while !rest.is_empty() {
            let taken = parser.feed(rest);
            rest = &rest[taken..];
            let mut delivered = 0;
            loop {
                match parser.next_frame() {
                    Ok(Some(frame)) => {
                        let (offset, raw) = (frame.offset(), frame.raw());
                        assert_eq!(
                            input.get(offset as usize..offset as usize + raw.len()),
                            Some(raw),
                            "frame bytes are not the input's at offset {offset}"
                        );
                        if !matches!(frame, Frame::StreamClose(_)) {
                            assert!(
                                raw.len() <= max_stanza_size,
                                "frame at {offset} is over the limit"
                            );
                        }
                        frames.push((offset, raw.to_vec(), describe(&frame)));
                        delivered += 1;
                    }
                    Ok(None) => break,
                    Err(error) => {
                        return Outcome {
                            frames,
                            error: Some(error),
                        }
                    }
                }
            }
            assert!(
                taken > 0 || delivered > 0,
                "no progress: feed takes nothing and no frame is ready, {} bytes left",
                rest.len()
            );
        }
    }
    Outcome {
        frames,
        error: None,
    }
}

/// Every frame parses again on its own: a TCP frame after the latest header, any other frame
/// as a standalone document.
fn check_reparse(outcome: &Outcome, mode: Mode, profile: usize, name: &str) {
    let mut header: Vec<u8> = Vec::new();
    for (offset, raw, description) in &outcome.frames {
        let is_header = description.starts_with("stream-open");
        let (input, again_mode) = match mode {
            Mode::Tcp if is_header => (raw.clone(), Mode::Tcp),
            Mode::Tcp => ([header.as_slice(), raw].concat(), Mode::Tcp),
            _ => (raw.clone(), Mode::Document),
        };
        let again = run(&input, 0, again_mode, profile);
        assert_eq!(
            again.error, None,
            "{name}: the frame at {offset} does not parse on its own"
        );
        let last = again.frames.last().map(|(_, _, d)| d);
        assert_eq!(
            last,
            Some(description),
            "{name}: the frame at {offset} parses differently on its own"
        );
        if is_header {
            header = raw.clone();
        }
    }
}

/// `tests/regressions/*.xml`, with the mode their names give and whether their note starts with
/// `must-reject:` (a find of the differential target: the stream must end in a stream error).
fn regressions() -> Vec<(String, Vec<u8>, Mode, bool)> {
    let dir = shared_tests_dir().join("regressions");
    assert!(
        dir.join("README.md").is_file(),
        "{} has no README.md",
        dir.display()
    );
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "xml").then_some(path)
        })
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let note = std::fs::read_to_string(path.with_extension("note"))
                .unwrap_or_else(|e| panic!("{name}.xml has no {name}.note beside it: {e}"));
            let must_reject = note.starts_with("must-reject:");
            let mode = if name.starts_with("ws-") {
                Mode::WebSocket
            } else if name.starts_with("doc-") {
                Mode::Document
            } else {
                Mode::Tcp
            };
            (name, std::fs::read(&path).unwrap(), mode, must_reject)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_regression_replays_cleanly_under_every_profile() {
    let mut failures = Vec::new();
    for (name, input, mode, must_reject) in regressions() {
        for profile in 0..PROFILES.len() {
            let checked = std::panic::catch_unwind(|| {
                let whole = run(&input, 0, mode, profile);
                if must_reject {
                    assert!(
                        whole.error.is_some(),
                        "the stream is accepted; it must be rejected"
                    );
                }
                for chunk in CHUNKS {
                    assert_eq!(
                        run(&input, chunk, mode, profile),
                        whole,
                        "{chunk}-byte feeds differ from a whole feed"
                    );
                }
                check_reparse(&whole, mode, profile, &name);
            });
            if let Err(panic) = checked {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{name} (profile {profile}): {message}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
