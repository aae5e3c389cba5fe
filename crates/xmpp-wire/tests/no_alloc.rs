//! Zero allocations, proven: a counting global allocator watches the core frame a generated
//! 10 MB stream (`../shared/corpus/gen_stream.py`), fed in 4096-byte chunks, with every frame's
//! routing attributes, payload namespaces and names read through the views.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use xmpp_wire::{Config, Frame, StreamParser};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates to the system allocator unchanged; only counts calls.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn framing_a_10_mb_stream_allocates_nothing() {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/gen_stream.py"
    );
    let out = std::env::temp_dir().join("xmpp-wire-no-alloc-c2s-mix.xml");
    let status = Command::new("python3")
        .args([
            script,
            "--profile",
            "c2s-mix",
            "--size-mb",
            "10",
            "--seed",
            "7",
            "--out",
        ])
        .arg(&out)
        .status()
        .expect("python3 runs the corpus generator");
    assert!(status.success());
    let input = std::fs::read(&out).unwrap();
    assert!(input.len() >= 10_000_000);
    let mut buffer = vec![0u8; 1 << 18];

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let mut parser = StreamParser::new(&mut buffer[..], Config::default());
    let (mut frames, mut checksum) = (0usize, 0usize);
    for chunk in input.chunks(4096) {
        let mut rest = chunk;
        while !rest.is_empty() {
            rest = &rest[parser.feed(rest)..];
            while let Some(frame) = parser.next_frame().expect("the corpus is valid") {
                frames += 1;
                if let Frame::Stanza(stanza) = &frame {
                    for value in [stanza.to(), stanza.from(), stanza.id()]
                        .into_iter()
                        .flatten()
                    {
                        checksum += value.chars().count();
                    }
                    for payload in stanza.payloads() {
                        checksum += payload.ns().chars().count() + payload.name().len();
                    }
                }
            }
        }
    }
    parser.finish().unwrap();
    let after = ALLOCATIONS.load(Ordering::SeqCst);

    println!(
        "framed {frames} frames ({checksum} checksum) from {} bytes",
        input.len()
    );
    assert!(frames > 1000);
    assert_eq!(after - before, 0, "the core allocated while framing");
}
