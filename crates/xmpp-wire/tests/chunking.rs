//! Any split of the input gives the same frames, errors and offsets as feeding it whole
//! (DESIGN.md "Incremental"), including 1-byte feeds and splits inside multibyte characters,
//! tags, attribute values, references and CDATA markers.
//!
//! Inputs are the shared vectors and mutations of them, so that error paths are split too.
//! proptest prints a failing case's seed; `PROPTEST_CASES` sets how many cases run.

mod support;

use proptest::prelude::*;
use std::sync::OnceLock;

use support::{run_split, split_inputs, summary};
use xmpp_wire::Mode;

fn inputs() -> &'static [(String, Vec<u8>, Mode)] {
    static INPUTS: OnceLock<Vec<(String, Vec<u8>, Mode)>> = OnceLock::new();
    INPUTS.get_or_init(split_inputs)
}

#[test]
fn one_byte_feeds_match_whole_feeds_on_every_input() {
    for (name, input, mode) in inputs() {
        let whole = run_split(input, &[], *mode, summary);
        let cuts: Vec<usize> = (1..input.len()).collect();
        let bytewise = run_split(input, &cuts, *mode, summary);
        assert_eq!(whole, bytewise, "{name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_splits_match_whole_feeds(
        pick in any::<prop::sample::Index>(),
        raw_cuts in proptest::collection::vec(any::<u32>(), 0..24),
        mutations in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
    ) {
        let all = inputs();
        let (name, mut input, mode) = all[pick.index(all.len())].clone();
        // Flip a few bytes so that errors, and splits around them, are covered too.
        if !input.is_empty() {
            for (at, byte) in &mutations {
                let i = at.index(input.len());
                input[i] = *byte;
            }
        }
        let whole = run_split(&input, &[], mode, summary);
        let mut cuts: Vec<usize> = raw_cuts.iter().map(|c| *c as usize % (input.len() + 1)).collect();
        cuts.sort_unstable();
        let split = run_split(&input, &cuts, mode, summary);
        prop_assert_eq!(whole, split, "{} cut at {:?}", name, cuts);
    }
}
