//! Shared harness of the xmpp-wire fuzz targets, so that each target in `fuzz_targets/` is a few
//! lines: the configurations tried ([`setup`]), feeding with split plans and the checks every run
//! must pass ([`feed`]), owned frames for comparison ([`model`]), the self-contained-frame check
//! ([`reparse`]), the rxml oracle and the named differences ([`oracle`], [`differences`]), and the
//! stanza values the writer target builds ([`values`]).
//!
//! Every check panics with a message saying which property broke; libFuzzer turns the panic into
//! a crash file. See README.md.

pub mod differences;
pub mod feed;
pub mod model;
pub mod oracle;
pub mod reparse;
pub mod setup;
pub mod values;

pub use feed::{run, Outcome, SplitPlan};
pub use setup::{header, Setup};
