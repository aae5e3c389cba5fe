//! `xmpp-wire frames`: the stream's frames as frames JSONL v1 (DESIGN.md), one line each.
//!
//! A stream error ends the output with an `error` line and exit status 1. Input that ends inside
//! an element is not an error here: like a server still waiting for the rest of a stanza, the
//! command prints the frames completed so far and nothing for the partial one.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use xmpp_wire::jsonl;

use crate::args::Options;
use crate::feed::{self, Failure};

/// Runs `frames` and returns its exit status.
pub fn run(options: &Options) -> ExitCode {
    let input = match feed::read_input(&options.input) {
        Ok(input) => input,
        Err(error) => return crate::trouble(format_args!("cannot read input: {error}")),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut line = String::new();
    // The first write error; the parse goes on (it is cheap) but nothing more is written.
    let mut write_error: Option<io::Error> = None;
    let mut emit = |line: &str| {
        if write_error.is_none() {
            write_error = out.write_all(line.as_bytes()).err();
        }
    };
    let result = feed::drive(&input, options, false, |frame| {
        line.clear();
        jsonl::write_frame(&mut line, frame);
        emit(&line);
    });
    let status = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Stream(error)) => {
            line.clear();
            jsonl::write_error(&mut line, &error);
            emit(&line);
            ExitCode::from(1)
        }
        Err(stalled) => return crate::trouble(stalled),
    };
    let write_error = write_error.or_else(|| out.flush().err());
    match write_error {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Some(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            crate::trouble(format_args!("cannot write output: {error}"))
        }
        _ => status,
    }
}
