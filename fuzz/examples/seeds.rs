//! Writes seed inputs for the byte-driven targets from `tests/vectors/` and a few small streams
//! from `../shared/corpus/gen_stream.py`, in each target's input layout:
//!
//! ```text
//! cargo run --example seeds -- corpus-seeds      # then: cargo fuzz cmin <target> corpus-seeds/<target>
//! ```
//!
//! `writer_roundtrip` takes structured values, not bytes, so it gets no seeds: libFuzzer builds
//! its corpus from coverage alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use xmpp_wire::Mode;
use xmpp_wire_fuzz::model::Body;
use xmpp_wire_fuzz::{run, Setup, SplitPlan};

/// The profiles seeds are spread over (not 6, whose zero limits reject every stream at once).
const SEED_PROFILES: [usize; 9] = [0, 0, 0, 1, 2, 3, 4, 5, 7];
/// Generated streams are cut at frame boundaries into pieces of about this size.
const PIECE: usize = 3000;

fn main() {
    std::panic::set_hook(Box::new(|info| eprintln!("property broken: {info}")));
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "corpus-seeds".into()),
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut streams = vectors(&root.join("tests/vectors"));
    streams.extend(generated(&root.join("../shared/corpus/gen_stream.py")));
    let mut counts = [0usize; 3];
    for (i, (name, bytes, mode)) in streams.iter().enumerate() {
        let profile = SEED_PROFILES[i % SEED_PROFILES.len()];
        let setup = Setup::to_byte(*mode, profile);
        // A seed that breaks a property is still a seed (the targets will report it).
        let outcome =
            std::panic::catch_unwind(|| run(bytes, &SplitPlan::whole(), &Setup::from_byte(setup)))
                .unwrap_or_else(|_| {
                    eprintln!("^ {name} (profile {profile})");
                    Default::default()
                });
        // frames: the bytes after the stream header, which the target supplies itself.
        if let Some(first) = outcome.frames.first() {
            let after = match (&first.body, mode) {
                (Body::Open(_), Mode::Tcp) | (_, Mode::WebSocket) => Some(first.end() as usize),
                _ => None,
            };
            if let Some(after) = after {
                write(&out, "frames", name, &[&[setup], &bytes[after..]]);
                counts[0] += 1;
            }
        }
        // chunking: the whole stream, with a plan of 7-byte then 1-byte chunks.
        let plan = SplitPlan { chunks: vec![6, 0] }.to_bytes();
        write(&out, "chunking", name, &[&[setup], &plan, bytes]);
        counts[1] += 1;
        // differential: TCP streams whole; every frame of a WebSocket stream as a document.
        match mode {
            Mode::Tcp => write(&out, "differential", name, &[&[0], bytes]),
            _ => {
                for (j, frame) in outcome.frames.iter().enumerate() {
                    write(
                        &out,
                        "differential",
                        &format!("{name}-{j}"),
                        &[&[1], &frame.raw],
                    );
                }
            }
        }
        counts[2] += 1;
    }
    eprintln!(
        "seeds from {} streams: frames {}, chunking {}, differential {}",
        streams.len(),
        counts[0],
        counts[1],
        counts[2]
    );
}

fn write(out: &Path, target: &str, name: &str, parts: &[&[u8]]) {
    let dir = out.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), parts.concat()).unwrap();
}

/// Every `NAME.xml` vector; `ws-*` ones use WebSocket framing (tests/README.md).
fn vectors(dir: &Path) -> Vec<(String, Vec<u8>, Mode)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
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
            (format!("vec-{name}"), std::fs::read(&path).unwrap(), mode)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A small stream of each generator profile, cut into pieces of about `PIECE` bytes at frame
/// boundaries, each piece behind the stream's header.
fn generated(script: &Path) -> Vec<(String, Vec<u8>, Mode)> {
    let mut out = Vec::new();
    for (profile, seed) in [("c2s-mix", 21), ("tiny", 22), ("large", 23), ("s2s", 24)] {
        let file = std::env::temp_dir().join(format!(
            "xmpp-wire-seed-{profile}-{}.xml",
            std::process::id()
        ));
        let status = Command::new("python3")
            .arg(script)
            .args([
                "--profile",
                profile,
                "--size-mb",
                "0.03",
                "--seed",
                &seed.to_string(),
                "--out",
            ])
            .arg(&file)
            .stderr(std::process::Stdio::null())
            .status()
            .expect("python3 runs gen_stream.py");
        assert!(status.success(), "{} failed", script.display());
        let stream = std::fs::read(&file).unwrap();
        let _ = std::fs::remove_file(&file);
        let setup = Setup::from_byte(Setup::to_byte(Mode::Tcp, 0));
        let frames = run(&stream, &SplitPlan::whole(), &setup).frames;
        let Some(header) = frames.first() else {
            continue;
        };
        let head = &stream[..header.end() as usize];
        let mut piece = head.to_vec();
        for frame in &frames[1..] {
            if frame.raw.len() > PIECE {
                continue;
            }
            if piece.len() + frame.raw.len() > PIECE && piece.len() > head.len() {
                out.push((
                    format!("gen-{profile}-{}", out.len()),
                    std::mem::replace(&mut piece, head.to_vec()),
                    Mode::Tcp,
                ));
            }
            piece.extend_from_slice(&frame.raw);
        }
    }
    out
}
