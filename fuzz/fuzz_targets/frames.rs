//! Arbitrary bytes after a valid stream header: the parser never panics, loops or exceeds its
//! limits (checked by `feed::run`), and every frame it returns parses again on its own to the
//! same values (`reparse::check`).
//!
//! Input: one setup byte (`Setup::from_byte`; document mode is read as TCP), then the bytes that
//! follow the header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xmpp_wire::Mode;
use xmpp_wire_fuzz::{header, reparse, run, Setup, SplitPlan};

fuzz_target!(|data: &[u8]| {
    let Some((&setup, body)) = data.split_first() else {
        return;
    };
    let mut setup = Setup::from_byte(setup);
    if setup.mode == Mode::Document {
        setup = setup.with_mode(Mode::Tcp);
    }
    let input = [header(setup.mode), body].concat();
    let outcome = run(&input, &SplitPlan::whole(), &setup);
    reparse::check(&outcome.frames, &setup);
});
