//! Arbitrary bytes and an arbitrary split plan: the frames, the error (condition, reason and
//! offset) and the result of `finish` are those of feeding the whole input at once (DESIGN.md
//! "Incremental").
//!
//! Input: one setup byte, a split plan (`SplitPlan`: a count byte, then chunk lengths), then the
//! stream.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use xmpp_wire_fuzz::{run, Setup, SplitPlan};

#[derive(Debug)]
struct Input<'a> {
    setup: Setup,
    plan: SplitPlan,
    stream: &'a [u8],
}

impl<'a> Arbitrary<'a> for Input<'a> {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Input {
            setup: Setup::from_byte(u.arbitrary()?),
            plan: u.arbitrary()?,
            stream: u.bytes(u.len())?,
        })
    }
}

fuzz_target!(|input: Input<'_>| {
    let whole = run(input.stream, &SplitPlan::whole(), &input.setup);
    let split = run(input.stream, &input.plan, &input.setup);
    assert_eq!(
        whole, split,
        "split {:?} differs from a whole feed",
        input.plan
    );
});
