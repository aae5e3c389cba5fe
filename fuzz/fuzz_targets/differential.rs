//! The same bytes through xmpp-wire and rxml (the xmpp-rs parser): they must agree on accepting
//! or rejecting, and on the stream header and every top-level element (names, namespaces,
//! attributes, payloads and their namespaces, text), except where a named difference in
//! `differences` explains it.
//!
//! Input: one flags byte (bit 0: a standalone document instead of a TCP stream; bit 1: Fourth
//! Edition names), then the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xmpp_wire::{Mode, NameRules};
use xmpp_wire_fuzz::differences::{compare_document, compare_stream};
use xmpp_wire_fuzz::setup::{Setup, PROFILES};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, input)) = data.split_first() else {
        return;
    };
    // The largest limits the parser's state allows, so that limits rarely decide.
    let mut profile = PROFILES[7];
    if flags & 2 != 0 {
        profile.names = NameRules::FourthEdition;
    }
    if flags & 1 != 0 {
        compare_document(
            input,
            &Setup {
                mode: Mode::Document,
                profile,
            },
        );
    } else {
        compare_stream(
            input,
            &Setup {
                mode: Mode::Tcp,
                profile,
            },
        );
    }
});
