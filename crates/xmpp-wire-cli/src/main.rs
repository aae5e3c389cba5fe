//! `xmpp-wire`: frames an XMPP stream as JSONL, checks a stream, or shows a demo session.
//!
//! Run `xmpp-wire help` for the commands and options. Exit status: 0 success, 1 stream error,
//! 2 bad arguments or unreadable input.

mod args;
mod check;
mod demo;
mod feed;
mod frames;

use std::fmt::Display;
use std::process::ExitCode;

use args::Command;

fn main() -> ExitCode {
    match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Frames(options)) => frames::run(&options),
        Ok(Command::Check(options)) => check::run(&options),
        Ok(Command::Demo) => demo::run(),
        Ok(Command::Help) => {
            print!("{}", args::HELP);
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("xmpp-wire {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprint!("xmpp-wire: {message}\n\n{}", args::HELP);
            ExitCode::from(2)
        }
    }
}

/// Reports a problem that is not the stream's fault (I/O, a parser stall) and returns status 2.
fn trouble(message: impl Display) -> ExitCode {
    eprintln!("xmpp-wire: {message}");
    ExitCode::from(2)
}
