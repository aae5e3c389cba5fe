//! `xmpp-wire check`: whether a stream is complete and error-free.
//!
//! Unlike `frames`, the end of the input is the end of the stream here (`finish()`), so a stream
//! that stops inside an element or before `</stream:stream>` fails with `not-well-formed`.

use std::process::ExitCode;

use crate::args::Options;
use crate::feed::{self, Failure};

/// Runs `check`: prints `ok: N frames` on standard output and exits 0, or prints the stream
/// error (`condition at offset N: reason`) on standard error and exits 1.
pub fn run(options: &Options) -> ExitCode {
    let input = match feed::read_input(&options.input) {
        Ok(input) => input,
        Err(error) => return crate::trouble(format_args!("cannot read input: {error}")),
    };
    let mut frames = 0u64;
    match feed::drive(&input, options, true, |_| frames += 1) {
        Ok(()) => {
            println!("ok: {frames} frames");
            ExitCode::SUCCESS
        }
        Err(Failure::Stream(error)) => {
            eprintln!("{error}");
            ExitCode::from(1)
        }
        Err(stalled) => crate::trouble(stalled),
    }
}
