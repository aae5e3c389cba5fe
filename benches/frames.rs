//! Throughput of xmpp-wire by chunk size, and of its peers on the same inputs, in one run.
//!
//! ```text
//! cargo bench -p xmpp-wire-benches -- --warm-up-time 1 --measurement-time 3
//! cargo test -p xmpp-wire-benches --benches        # quick mode: 1 MiB inputs, each bench once
//! ```
//!
//! Before anything is timed, every contender runs once over every input and must report the
//! same [`Digest`] as xmpp-wire fed whole; any difference panics. See `benches/README.md`.

mod clock;
mod digest;
mod inputs;
mod peers;

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::{Measurement, WallTime};
use criterion::{BenchmarkId, Criterion, Throughput};
use xmpp_wire::{Config, Frame, Limits, StreamParser, Value};

use crate::digest::{Digest, ROUTING};
use crate::inputs::Input;

/// Chunk sizes xmpp-wire is fed in; 0 is the whole input in one `feed` call (the parser takes
/// what fits its buffer and the caller offers the rest after taking frames).
const CHUNKS: [usize; 4] = [0, 4096, 64, 1];

/// The parser buffer for corpus streams: the default `max_stanza_size` (256 KiB), as a server
/// would size it.
const BUFFER: usize = Limits::DEFAULT.max_stanza_size;

/// Buffer and `max_stanza_size` for the 1 MiB stanza.
const BIG_BUFFER: usize = 2 << 20;

/// Size of the big stanza.
const BIG_STANZA: usize = 1 << 20;

fn chunk_name(chunk: usize) -> String {
    if chunk == 0 {
        "whole".to_owned()
    } else {
        chunk.to_string()
    }
}

fn big_config() -> Config {
    Config {
        limits: Limits {
            max_stanza_size: BIG_BUFFER,
            ..Limits::DEFAULT
        },
        ..Config::default()
    }
}

/// Feeds `bytes` to xmpp-wire in `chunk`-byte pieces and digests every frame.
fn xmpp_wire(bytes: &[u8], chunk: usize, buffer: &mut [u8], config: Config) -> Digest {
    let mut parser = StreamParser::new(buffer, config);
    let mut digest = Digest::default();
    for piece in inputs::chunks(bytes, chunk) {
        let mut rest = piece;
        while !rest.is_empty() {
            let taken = parser.feed(rest);
            rest = &rest[taken..];
            let mut progress = taken > 0;
            while let Some(frame) = parser
                .next_frame()
                .unwrap_or_else(|e| panic!("xmpp-wire: {e}"))
            {
                record(&frame, &mut digest);
                progress = true;
            }
            // The API promises that a full buffer holds an unread frame (or is an error).
            assert!(
                progress,
                "xmpp-wire stalls at offset {}: feed takes nothing, no frame is ready",
                parser.stream_len()
            );
        }
    }
    parser
        .finish()
        .unwrap_or_else(|e| panic!("xmpp-wire at end: {e}"));
    digest
}

/// The work of `digest.rs` through xmpp-wire's frame views, as an application would write it.
fn record(frame: &Frame<'_>, digest: &mut Digest) {
    digest.frame(frame.kind_str());
    let Some(element) = frame.element() else {
        return;
    };
    value(digest, element.ns());
    digest.ns_end();
    digest.bytes(element.name().as_bytes());
    digest.end();
    for name in ROUTING {
        match element.attr(name) {
            Some(v) => {
                value(digest, v);
                digest.end();
            }
            None => digest.absent(),
        }
    }
    for payload in element.payloads() {
        value(digest, payload.ns());
        digest.ns_end();
        digest.bytes(payload.name().as_bytes());
        digest.end();
    }
    digest.frame_end();
}

/// Hashes a value's decoded form: the raw slice when nothing needs decoding, else its chars.
fn value(digest: &mut Digest, value: Value<'_>) {
    match value.as_plain() {
        Some(plain) => digest.bytes(plain.as_bytes()),
        None => {
            let mut utf8 = [0u8; 4];
            for c in value.chars() {
                digest.bytes(c.encode_utf8(&mut utf8).as_bytes());
            }
        }
    }
}

/// Runs every contender once over every input and panics unless all report xmpp-wire's digest.
fn check_agreement(corpus: &[Input], big: &Input) {
    let mut buffer = vec![0u8; BIG_BUFFER];
    let mut failures = Vec::new();
    for input in corpus.iter().chain([big]) {
        let (size, config) = if input.name == big.name {
            (BIG_BUFFER, big_config())
        } else {
            (BUFFER, Config::default())
        };
        let reference = xmpp_wire(&input.bytes, 0, &mut buffer[..size], config);
        let mut line = format!(
            "{:<12} {:>9} bytes  xmpp-wire/whole {reference:?}",
            input.name,
            input.bytes.len()
        );
        if let Some(expected) = input.expected_frames {
            if reference.frames != expected {
                failures.push(format!(
                    "{}: xmpp-wire saw {} frames, the generator wrote {expected}",
                    input.name, reference.frames
                ));
            }
        }
        let mut check = |name: String, digest: Digest| {
            if digest != reference {
                failures.push(format!(
                    "{}: {name} reports {digest:?}, xmpp-wire {reference:?}",
                    input.name
                ));
            }
        };
        for chunk in CHUNKS.into_iter().skip(1) {
            let digest = xmpp_wire(&input.bytes, chunk, &mut buffer[..size], config);
            check(format!("xmpp-wire/{chunk}"), digest);
        }
        for peer in &peers::PARSERS {
            check(
                format!("{}/{}", peer.name, chunk_name(peer.chunk)),
                (peer.run)(&input.bytes, peer.chunk),
            );
        }
        let _ = write!(line, "  {} peers agree", peers::PARSERS.len());
        println!("{line}");
    }
    assert!(
        failures.is_empty(),
        "contenders disagree:\n  {}",
        failures.join("\n  ")
    );
}

/// Runs `f`, turning a panic into its message without printing it.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default()
    })
}

/// Runs the shared vectors that xmpp-wire accepts as TCP streams through every peer and prints
/// the ones where a peer differs. Not fatal: a vector may hold what only an XMPP framer treats
/// specially (a stream restart, restricted XML a general parser accepts). A vector that makes
/// the xmpp-wire driver stall is fatal: that breaks the parser's API contract.
fn check_vectors() {
    let vectors = inputs::vectors();
    if vectors.is_empty() {
        println!("vectors: none found in tests/vectors");
        return;
    }
    let mut buffer = vec![0u8; BUFFER];
    let (mut valid, mut compared, mut differ, mut stalls) = (0, 0, Vec::new(), Vec::new());
    for (name, bytes) in &vectors {
        let reference = match quietly(|| xmpp_wire(bytes, 0, &mut buffer, Config::default())) {
            Ok(reference) => reference,
            Err(message) if message.contains("stalls") => {
                stalls.push(format!("{name}: {message}"));
                continue;
            }
            Err(_) => continue,
        };
        valid += 1;
        // A general XML parser sees one document: a restart (a second header) or a stream
        // that ends unclosed, both fine in XMPP, are not comparable.
        if kinds(bytes, &mut buffer) != (1, 1) {
            continue;
        }
        compared += 1;
        for peer in &peers::PARSERS {
            match quietly(|| (peer.run)(bytes, peer.chunk)) {
                Ok(digest) if digest == reference => {}
                Ok(digest) => differ.push(format!(
                    "{name}: {} {digest:?}, xmpp-wire {reference:?}",
                    peer.name
                )),
                Err(message) => differ.push(format!("{name}: {} fails: {message}", peer.name)),
            }
        }
    }
    println!(
        "vectors: {} in tests/vectors, {valid} accepted by xmpp-wire, {compared} of them one closed stream, compared: {} peer differences",
        vectors.len(),
        differ.len()
    );
    for line in &differ {
        println!("  {line}");
    }
    assert!(
        stalls.is_empty(),
        "xmpp-wire stalls:\n  {}",
        stalls.join("\n  ")
    );
}

/// Stream headers and closing tags in a stream that xmpp-wire accepts.
fn kinds(bytes: &[u8], buffer: &mut [u8]) -> (usize, usize) {
    let mut parser = StreamParser::new(buffer, Config::default());
    let (mut opens, mut closes) = (0, 0);
    let mut rest = bytes;
    while !rest.is_empty() {
        rest = &rest[parser.feed(rest)..];
        while let Ok(Some(frame)) = parser.next_frame() {
            match frame {
                Frame::StreamOpen(_) => opens += 1,
                Frame::StreamClose(_) => closes += 1,
                _ => {}
            }
        }
    }
    (opens, closes)
}

fn summary(corpus: &[Input], big: &Input, parser_size: usize) -> String {
    let mut buffer = vec![0u8; BIG_BUFFER];
    let mut json = format!(
        "{{\"parser_size\":{parser_size},\"expat\":\"{}\",\"clock\":\"{}\",\"inputs\":{{",
        peers::expat_version(),
        std::env::var("XMPP_WIRE_BENCH_CLOCK").unwrap_or_else(|_| "cpu".to_owned())
    );
    for (i, input) in corpus.iter().chain([big]).enumerate() {
        let config = if input.name == big.name {
            big_config()
        } else {
            Config::default()
        };
        let frames = xmpp_wire(&input.bytes, 0, &mut buffer, config).frames;
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            json,
            "{sep}\"{}\":{{\"bytes\":{},\"frames\":{frames}}}",
            input.name,
            input.bytes.len()
        );
    }
    json.push_str("}}\n");
    json
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    // criterion: `cargo bench` passes --bench; `cargo test --benches` does not (test mode).
    let bench_mode = has("--bench") && !has("--test");
    let list_mode = has("--list");
    let size_mb: f64 = match std::env::var("XMPP_WIRE_BENCH_MB") {
        Ok(mb) => mb.parse().expect("XMPP_WIRE_BENCH_MB is a number of MiB"),
        Err(_) if bench_mode => 8.0,
        Err(_) => 1.0,
    };

    let parser_size = std::mem::size_of::<StreamParser<&mut [u8]>>();
    println!("size_of::<StreamParser<&mut [u8]>>() = {parser_size} bytes (target <= 2048, buffer not included)");
    println!("libexpat: {}", peers::expat_version());

    let corpus: Vec<Input> = inputs::PROFILES
        .iter()
        .map(|p| inputs::corpus(p, size_mb))
        .collect();
    let big = inputs::big_stanza(BIG_STANZA);
    if !list_mode {
        check_agreement(&corpus, &big);
        check_vectors();
    }
    if bench_mode {
        let path = inputs::inputs_dir().join("summary.json");
        std::fs::write(&path, summary(&corpus, &big, parser_size)).expect("write summary");
    }

    let criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(10);
    match std::env::var("XMPP_WIRE_BENCH_CLOCK").as_deref() {
        Ok("wall") => run(criterion.with_measurement(WallTime), &corpus, &big),
        Ok("cpu") | Err(_) => run(criterion.with_measurement(clock::CpuTime), &corpus, &big),
        Ok(other) => panic!("XMPP_WIRE_BENCH_CLOCK is cpu or wall, not {other}"),
    }
}

/// Times every contender on every input, then xmpp-wire on the big stanza.
fn run<M: Measurement>(criterion: Criterion<M>, corpus: &[Input], big: &Input) {
    let mut criterion = criterion.configure_from_args();
    let mut buffer = vec![0u8; BIG_BUFFER];
    for input in corpus {
        let mut group = criterion.benchmark_group(&input.name);
        group.throughput(Throughput::Bytes(input.bytes.len() as u64));
        for chunk in CHUNKS {
            let id = BenchmarkId::new("xmpp-wire", chunk_name(chunk));
            group.bench_function(id, |b| {
                b.iter(|| {
                    xmpp_wire(
                        black_box(&input.bytes),
                        chunk,
                        &mut buffer[..BUFFER],
                        Config::default(),
                    )
                })
            });
        }
        for peer in peers::PARSERS.iter().chain(&peers::CEILINGS) {
            let id = BenchmarkId::new(peer.name, chunk_name(peer.chunk));
            group.bench_function(id, |b| {
                b.iter(|| (peer.run)(black_box(&input.bytes), peer.chunk))
            });
        }
        group.finish();
    }

    // Linear time (DESIGN.md): the same 1 MiB stanza at every chunk size.
    let mut group = criterion.benchmark_group(&big.name);
    group.throughput(Throughput::Bytes(big.bytes.len() as u64));
    for chunk in CHUNKS {
        let id = BenchmarkId::new("xmpp-wire", chunk_name(chunk));
        group.bench_function(id, |b| {
            b.iter(|| xmpp_wire(black_box(&big.bytes), chunk, &mut buffer, big_config()))
        });
    }
    group.finish();

    criterion.final_summary();
}
