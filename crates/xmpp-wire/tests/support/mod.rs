//! Helpers shared by the integration tests: feeding a stream in a given split and summarising
//! what came out, so that two runs can be compared.

#![allow(dead_code)]

use std::path::PathBuf;

use xmpp_wire::{Config, Frame, Mode, StreamError, StreamParser};

/// What a run produced: one line per frame, then the error if there was one.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub frames: Vec<String>,
    pub error: Option<StreamError>,
}

/// A frame as a comparable line: kind, offset, raw bytes and (for elements) namespace.
pub fn summary(frame: &Frame<'_>) -> String {
    let ns = frame
        .element()
        .map(|e| e.ns().to_string())
        .unwrap_or_default();
    format!(
        "{} {} {} {:?}",
        frame.kind_str(),
        frame.offset(),
        ns,
        String::from_utf8_lossy(frame.raw())
    )
}

/// Feeds `input` cut at `cuts` (sorted offsets) and collects `render` of every frame.
pub fn run_split<F: FnMut(&Frame<'_>) -> String>(
    input: &[u8],
    cuts: &[usize],
    mode: Mode,
    mut render: F,
) -> Outcome {
    let mut parser = StreamParser::new(
        vec![0u8; 1 << 18],
        Config {
            mode,
            ..Config::default()
        },
    );
    let mut frames = Vec::new();
    let mut start = 0;
    for &end in cuts.iter().chain(std::iter::once(&input.len())) {
        let mut rest = &input[start..end.max(start)];
        start = end.max(start);
        while !rest.is_empty() {
            let taken = parser.feed(rest);
            rest = &rest[taken..];
            let mut progress = taken > 0;
            loop {
                match parser.next_frame() {
                    Ok(Some(frame)) => {
                        progress = true;
                        frames.push(render(&frame));
                    }
                    Ok(None) => {
                        assert!(
                            progress,
                            "the parser took no byte and gave no frame: it would stall"
                        );
                        break;
                    }
                    Err(error) => {
                        return Outcome {
                            frames,
                            error: Some(error),
                        }
                    }
                }
            }
        }
    }
    Outcome {
        frames,
        error: None,
    }
}

/// The workspace's `tests/` folder.
pub fn shared_tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// Every `tests/vectors/NAME.xml`, sorted, with its mode (`ws-*` vectors use WebSocket framing).
pub fn vectors() -> Vec<(String, Vec<u8>, Mode)> {
    let dir = shared_tests_dir().join("vectors");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "xml").then_some(path)
        })
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let mode = if name.starts_with("ws-") {
                Mode::WebSocket
            } else {
                Mode::Tcp
            };
            (name, std::fs::read(&path).unwrap(), mode)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A stream from `../shared/corpus/gen_stream.py`, generated once per test binary run.
pub fn generated(profile: &str, size_mb: f64, seed: u32) -> Vec<u8> {
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/gen_stream.py");
    let out = std::env::temp_dir().join(format!(
        "xmpp-wire-{profile}-{size_mb}-{seed}-{}.xml",
        std::process::id()
    ));
    let status = std::process::Command::new("python3")
        .arg(&script)
        .args([
            "--profile",
            profile,
            "--size-mb",
            &size_mb.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("python3 runs the corpus generator");
    assert!(status.success(), "{} failed", script.display());
    let bytes = std::fs::read(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    bytes
}

/// The inputs the chunking tests split: every vector, plus generated streams of each profile.
pub fn split_inputs() -> Vec<(String, Vec<u8>, Mode)> {
    let mut inputs = vectors();
    for (profile, seed) in [("c2s-mix", 11), ("tiny", 12), ("large", 13), ("s2s", 14)] {
        inputs.push((
            format!("generated-{profile}"),
            generated(profile, 0.1, seed),
            Mode::Tcp,
        ));
    }
    inputs
}
