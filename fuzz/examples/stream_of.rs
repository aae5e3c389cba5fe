//! Turns a fuzz input (a crash file) into the stream it stands for, for `tests/regressions/`:
//!
//! ```text
//! cargo run --example stream_of -- frames artifacts/frames/crash-… > ../tests/regressions/NAME.xml
//! ```
//!
//! The framing mode and the profile go to stderr: name the file `ws-NAME` or `doc-NAME` when the
//! mode is not TCP (tests/regressions/README.md).

use arbitrary::{Arbitrary, Unstructured};
use std::io::Write as _;
use xmpp_wire::Mode;
use xmpp_wire_fuzz::setup::{header, Setup, PROFILES};
use xmpp_wire_fuzz::values::{write, Script};
use xmpp_wire_fuzz::SplitPlan;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, target, file] = &args[..] else {
        eprintln!("usage: stream_of <frames|chunking|differential|writer_roundtrip> <input file>");
        std::process::exit(2);
    };
    let data = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (stream, mode, note) = match target.as_str() {
        "frames" => {
            let (&byte, body) = data.split_first().expect("an empty input runs nothing");
            let mut setup = Setup::from_byte(byte);
            if setup.mode == Mode::Document {
                setup = setup.with_mode(Mode::Tcp);
            }
            (
                [header(setup.mode), body].concat(),
                setup.mode,
                profile_of(&setup),
            )
        }
        "chunking" => {
            let mut u = Unstructured::new(&data);
            let setup = Setup::from_byte(u8::arbitrary(&mut u).unwrap_or(0));
            let plan = SplitPlan::arbitrary(&mut u).unwrap_or_default();
            let stream = u.bytes(u.len()).unwrap().to_vec();
            (
                stream,
                setup.mode,
                format!("{}, split plan {:?}", profile_of(&setup), plan.chunks),
            )
        }
        "differential" => {
            let (&flags, input) = data.split_first().expect("an empty input runs nothing");
            let mode = if flags & 1 != 0 {
                Mode::Document
            } else {
                Mode::Tcp
            };
            let names = if flags & 2 != 0 {
                "Fourth Edition names"
            } else {
                "Fifth Edition names"
            };
            (input.to_vec(), mode, format!("profile 7, {names}"))
        }
        "writer_roundtrip" => {
            let script = Script::arbitrary_take_rest(Unstructured::new(&data)).expect("a script");
            let (stream, mode, expected) = write(&script);
            (stream, mode, format!("expected {:?}", expected.broken))
        }
        other => panic!("unknown target {other}"),
    };
    eprintln!("mode {}, {note}", mode.as_str());
    std::io::stdout().write_all(&stream).unwrap();
}

fn profile_of(setup: &Setup) -> String {
    let index = PROFILES
        .iter()
        .position(|p| *p == setup.profile)
        .unwrap_or(0);
    format!("profile {index}")
}
