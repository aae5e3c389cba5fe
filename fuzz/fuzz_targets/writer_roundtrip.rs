//! Arbitrary stanza values (`values::Script`, built by `arbitrary`) written by the core's
//! `Writer` parse back to the same values, or the writer refuses them with a justified error;
//! never does it write something that parses differently. Output that breaks one of the rules
//! the writer leaves to its caller (`values::Obligation`) must be rejected by the parser with the
//! matching reason.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xmpp_wire_fuzz::setup::{Profile, Setup};
use xmpp_wire_fuzz::values::{write, Expect, Script};
use xmpp_wire_fuzz::{run, SplitPlan};

fuzz_target!(|script: Script| {
    let (stream, mode, expected) = write(&script);
    // Room for anything the script can write; depth, attribute and namespace limits at the
    // state's capacity, above what `values` writes.
    let profile = Profile {
        buffer: 1 << 20,
        limits: xmpp_wire::Limits {
            max_stanza_size: 1 << 20,
            max_depth: 40,
            max_attributes: 32,
            max_namespaces: 32,
        },
        names: xmpp_wire::NameRules::FifthEdition,
    };
    let outcome = run(&stream, &SplitPlan::whole(), &Setup { mode, profile });
    let got: Vec<Expect> = outcome.frames.iter().map(Expect::of).collect();
    let text = String::from_utf8_lossy(&stream);
    match expected.broken {
        None => {
            assert_eq!(
                outcome.error, None,
                "the writer wrote what does not parse: {text:?}"
            );
            assert_eq!(
                got, expected.frames,
                "the writer's output parses to other values: {text:?}"
            );
        }
        Some(obligation) => {
            assert!(
                got.len() >= expected.frames.len(),
                "frames missing before {obligation:?}: {text:?}"
            );
            assert_eq!(
                got[..expected.frames.len()],
                expected.frames[..],
                "before {obligation:?}: {text:?}"
            );
            if let Some(reason) = obligation.reason() {
                let error = outcome.error.unwrap_or_else(|| {
                    panic!("{obligation:?} broken, but the output parses: {text:?}")
                });
                assert_eq!(error.reason(), reason, "{obligation:?} broken: {text:?}");
                assert_eq!(
                    got.len(),
                    expected.frames.len(),
                    "frames after {obligation:?}: {text:?}"
                );
            }
        }
    }
});
