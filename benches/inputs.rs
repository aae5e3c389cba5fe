//! Bench inputs: streams from the shared corpus generator, a 1 MiB stanza, the shared vectors.
//!
//! Corpus streams are written by `../shared/corpus/gen_stream.py` into the git-ignored
//! `benches/inputs/` on first use (a few seconds each) and reused after that; the generator's
//! counts (stderr, one JSON line) are kept beside each stream so the run can check that the
//! frame count every contender reports is the number of elements the generator wrote.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Corpus profiles measured, in table order (see `../shared/corpus/README.md`).
pub const PROFILES: [&str; 4] = ["c2s-mix", "tiny", "large", "s2s"];

/// One stream to measure.
pub struct Input {
    /// Profile name, used as the criterion group name.
    pub name: String,
    /// The stream's bytes.
    pub bytes: Vec<u8>,
    /// Frames the generator says it wrote, when known.
    pub expected_frames: Option<u64>,
}

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where generated inputs live (git-ignored).
pub fn inputs_dir() -> PathBuf {
    bench_dir().join("inputs")
}

fn generator() -> PathBuf {
    match std::env::var_os("XMPP_WIRE_CORPUS_GEN") {
        Some(path) => PathBuf::from(path),
        // benches/ -> repository root -> the shared folder beside it.
        None => bench_dir().join("../../shared/corpus/gen_stream.py"),
    }
}

/// The stream for `profile` of about `size_mb` MiB, generated with seed 1 unless cached.
pub fn corpus(profile: &str, size_mb: f64) -> Input {
    let dir = inputs_dir();
    std::fs::create_dir_all(&dir).expect("create benches/inputs");
    let stem = format!("{profile}-{size_mb}mb-seed1");
    let xml = dir.join(format!("{stem}.xml"));
    let counts = dir.join(format!("{stem}.json"));
    if !xml.exists() || !counts.exists() {
        generate(profile, size_mb, &xml, &counts);
    }
    let bytes = std::fs::read(&xml).expect("read generated stream");
    let counts = std::fs::read_to_string(&counts).expect("read generator counts");
    Input {
        name: profile.to_owned(),
        bytes,
        expected_frames: Some(expected_frames(&counts)),
    }
}

fn generate(profile: &str, size_mb: f64, xml: &Path, counts: &Path) {
    let gen = generator();
    eprintln!("generating {} with {}", xml.display(), gen.display());
    let output = Command::new("python3")
        .arg(&gen)
        .args(["--profile", profile, "--seed", "1", "--size-mb"])
        .arg(size_mb.to_string())
        .arg("--out")
        .arg(xml)
        .output()
        .unwrap_or_else(|e| panic!("run python3 {}: {e}", gen.display()));
    assert!(
        output.status.success(),
        "{} failed: {}",
        gen.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::write(counts, &output.stderr).expect("write generator counts");
}

/// Frames implied by the generator's counts: every stanza and `r`/`a` element it counted, plus
/// the stream header, `<stream:features>` (part of the header it writes) and the closing tag.
/// Whitespace keepalives are not frames.
fn expected_frames(counts: &str) -> u64 {
    let field = |key: &str| -> u64 {
        let at = counts
            .find(&format!("\"{key}\": "))
            .unwrap_or_else(|| panic!("generator counts lack {key}: {counts}"));
        let rest = &counts[at + key.len() + 4..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().expect("a count")
    };
    ["message", "presence", "iq", "other"]
        .iter()
        .map(|k| field(k))
        .sum::<u64>()
        + 3
}

/// A stream holding one `iq` result of at least `size` bytes: a vCard-temp (XEP-0054) photo whose
/// base64 BINVAL is wrapped at 76 columns, as clients send avatars.
pub fn big_stanza(size: usize) -> Input {
    let head = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
        xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s1' \
        version='1.0' xml:lang='en'>";
    let open = "<iq from='juliet@example.com' to='romeo@example.net/orchard' id='v1&amp;&#x31;' \
        type='result'><vCard xmlns='vcard-temp'><FN>Juliet Capulet</FN><NICKNAME>J&amp;C</NICKNAME>\
        <PHOTO><TYPE>image/png</TYPE><BINVAL>";
    let close = "</BINVAL></PHOTO></vCard></iq>";
    let mut body = String::with_capacity(size + 64);
    let mut line = String::with_capacity(80);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    while open.len() + body.len() + close.len() < size {
        // xorshift64*: fixed bytes, no dependency.
        line.clear();
        for _ in 0..19 {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let word = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
            base64_triple(&word.to_le_bytes()[..3], &mut line);
        }
        body.push_str(&line);
        body.push('\n');
    }
    let xml = format!("{head}{open}{body}{close}</stream:stream>");
    Input {
        name: "stanza-1mib".to_owned(),
        bytes: xml.into_bytes(),
        expected_frames: Some(3),
    }
}

fn base64_triple(bytes: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let n = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
    for shift in [18, 12, 6, 0] {
        out.push(ALPHABET[(n >> shift) as usize & 63] as char);
    }
}

/// The shared vectors (`tests/vectors/*.xml`), by name, in name order. Only the agreement check
/// uses them: each is its own small stream, too small to time.
pub fn vectors() -> Vec<(String, Vec<u8>)> {
    let dir = bench_dir().join("../tests/vectors");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "xml"))
        .filter_map(|path| {
            let name = path.file_stem()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(&path).ok()?))
        })
        .collect();
    found.sort();
    found
}

/// Splits `bytes` into chunks of `size` (0 means whole).
pub fn chunks(bytes: &[u8], size: usize) -> std::slice::Chunks<'_, u8> {
    bytes.chunks(if size == 0 { bytes.len().max(1) } else { size })
}
