//! Command-line arguments: the subcommands, their options, and the help text.
//!
//! Parsed by hand: there are three subcommands and four options, which does not pay for an
//! argument-parsing dependency.

use std::ffi::OsString;
use std::path::PathBuf;

use xmpp_wire::{Limits, Mode};

/// The help text, printed by `help`, `--help` and `-h`, and after a usage error.
pub const HELP: &str = "\
xmpp-wire: frame and check XMPP streams (RFC 6120 over TCP, RFC 7395 over WebSocket)

Usage:
  xmpp-wire frames [FILE|-] [OPTIONS]  print every frame of the stream as frames JSONL v1
  xmpp-wire check FILE|- [OPTIONS]     tell whether the stream is complete and error-free
  xmpp-wire demo                       frame a built-in client session and print a table
  xmpp-wire help                       print this help (also -h, --help)
  xmpp-wire --version                  print the version

FILE holds the bytes of one stream; '-' (or, for frames, no FILE) reads standard input.

Options for frames and check:
  --mode tcp|websocket  tcp (default): one RFC 6120 stream, <stream:stream> to </stream:stream>.
                        websocket: RFC 7395, one WebSocket message per line, starting with
                        <open/>. Each line is fed with its newline, so offsets are file offsets
                        and the newline is whitespace between elements.
  --max-stanza BYTES    largest top-level element, from its '<' through its last '>'
                        (default 262144, 256 KiB); a larger one is a policy-violation error.
                        The parser's buffer is the larger of BYTES and 256 KiB.
  --chunk N             feed the input to the parser in N-byte pieces (default 4096).
  --chunks SIZES_FILE   feed it in pieces of the sizes listed in SIZES_FILE, one positive
                        decimal number a line (blank lines ignored), e.g. recorded TCP read
                        sizes. The list is not cycled: once it is used up, the rest of the
                        input is fed as one piece.
                        In websocket mode a piece also ends at every line end, as messages do.
                        The output never depends on --chunk or --chunks.

Output:
  frames  one JSON object a line for each stream-open, message, presence, iq, element and
          stream-close, in stream order; after a stream error, one last line
          {\"kind\":\"error\",\"condition\":...,\"offset\":...}. Input that ends inside an element
          prints nothing more and is not an error here (the rest may still arrive).
  check   'ok: N frames' on standard output, or 'CONDITION at offset N: REASON' on standard
          error. Input that ends before the stream is closed is an error here.

Exit status:
  0  frames: no stream error; check: a complete, error-free stream; demo, help: always
  1  the stream has an error (frames printed an error line, check printed the reason)
  2  bad arguments (this help follows the message) or a file that cannot be read
";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// `frames`: print frames JSONL v1.
    Frames(Options),
    /// `check`: verdict and exit status only.
    Check(Options),
    /// `demo`: the built-in session as a table.
    Demo,
    /// `help`, `-h`, `--help`.
    Help,
    /// `--version`, `-V`.
    Version,
}

/// Where the stream's bytes come from.
#[derive(Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`, or no FILE for `frames`).
    Stdin,
    /// A file.
    Path(PathBuf),
}

/// How the input is cut into the pieces handed to `StreamParser::feed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunking {
    /// Pieces of this many bytes (the last may be shorter).
    Fixed(usize),
    /// Pieces of these sizes, then the rest in one piece.
    Sizes(Vec<usize>),
}

/// Default piece size: a typical socket read.
pub const DEFAULT_CHUNK: usize = 4096;

/// What `frames` and `check` run with.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// The stream's bytes.
    pub input: Input,
    /// TCP or WebSocket framing.
    pub mode: Mode,
    /// `Limits::max_stanza_size`.
    pub max_stanza: usize,
    /// How the input is fed.
    pub chunking: Chunking,
}

/// Parses the arguments after the program name. `Err` carries a one-line message for a usage
/// error (exit status 2).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut args = args.into_iter().map(|arg| {
        arg.into_string()
            .map_err(|arg| format!("argument is not UTF-8: {}", arg.to_string_lossy()))
    });
    let Some(command) = args.next().transpose()? else {
        return Err("no command given".into());
    };
    match command.as_str() {
        "frames" => Ok(Command::Frames(parse_options(args, false)?)),
        "check" => Ok(Command::Check(parse_options(args, true)?)),
        "demo" => match args.next().transpose()? {
            None => Ok(Command::Demo),
            Some(extra) => Err(format!("demo takes no arguments, got '{extra}'")),
        },
        "help" | "-h" | "--help" => Ok(Command::Help),
        "--version" | "-V" => Ok(Command::Version),
        other => Err(format!("unknown command '{other}'")),
    }
}

fn parse_options(
    mut args: impl Iterator<Item = Result<String, String>>,
    file_required: bool,
) -> Result<Options, String> {
    let mut input = None;
    let mut mode = None;
    let mut max_stanza = None;
    let mut chunking = None;
    while let Some(arg) = args.next().transpose()? {
        // Both `--opt value` and `--opt=value`.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = || match inline.clone() {
            Some(value) => Ok(value),
            None => args
                .next()
                .transpose()?
                .ok_or(format!("{name} needs a value")),
        };
        match name.as_str() {
            "--mode" => {
                let value = value()?;
                let parsed = match value.as_str() {
                    "tcp" => Mode::Tcp,
                    "websocket" => Mode::WebSocket,
                    _ => return Err(format!("--mode is tcp or websocket, not '{value}'")),
                };
                set_once(&mut mode, parsed, "--mode")?;
            }
            "--max-stanza" => {
                set_once(&mut max_stanza, positive(&name, &value()?)?, "--max-stanza")?
            }
            "--chunk" => {
                let size = positive(&name, &value()?)?;
                set_once(&mut chunking, Chunking::Fixed(size), "--chunk or --chunks")?;
            }
            "--chunks" => {
                let sizes = read_sizes(&value()?)?;
                set_once(&mut chunking, Chunking::Sizes(sizes), "--chunk or --chunks")?;
            }
            "-" => set_once(&mut input, Input::Stdin, "FILE")?,
            option if option.starts_with('-') => return Err(format!("unknown option '{option}'")),
            path => set_once(&mut input, Input::Path(path.into()), "FILE")?,
        }
    }
    let input = match input {
        Some(input) => input,
        None if file_required => return Err("FILE is missing (use '-' for standard input)".into()),
        None => Input::Stdin,
    };
    Ok(Options {
        input,
        mode: mode.unwrap_or(Mode::Tcp),
        max_stanza: max_stanza.unwrap_or(Limits::DEFAULT.max_stanza_size),
        chunking: chunking.unwrap_or(Chunking::Fixed(DEFAULT_CHUNK)),
    })
}

fn set_once<T>(slot: &mut Option<T>, value: T, what: &str) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("{what} given twice"));
    }
    *slot = Some(value);
    Ok(())
}

fn positive(option: &str, value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{option} takes a positive whole number, not '{value}'"
        )),
    }
}

/// Reads a `--chunks` file: one positive size a line, blank lines ignored.
fn read_sizes(path: &str) -> Result<Vec<usize>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut sizes = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match line.parse::<usize>() {
            Ok(n) if n > 0 => sizes.push(n),
            _ => {
                return Err(format!(
                    "{path}:{}: a chunk size is a positive whole number, not '{line}'",
                    number + 1
                ))
            }
        }
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn frames_defaults_to_stdin_and_tcp() {
        assert_eq!(
            parse_str(&["frames"]),
            Ok(Command::Frames(Options {
                input: Input::Stdin,
                mode: Mode::Tcp,
                max_stanza: 256 * 1024,
                chunking: Chunking::Fixed(DEFAULT_CHUNK),
            }))
        );
    }

    #[test]
    fn options_in_both_spellings() {
        let Ok(Command::Check(options)) = parse_str(&[
            "check",
            "--mode=websocket",
            "s.xml",
            "--chunk",
            "7",
            "--max-stanza=10",
        ]) else {
            panic!("not parsed");
        };
        assert_eq!(options.input, Input::Path("s.xml".into()));
        assert_eq!(options.mode, Mode::WebSocket);
        assert_eq!(options.chunking, Chunking::Fixed(7));
        assert_eq!(options.max_stanza, 10);
    }

    #[test]
    fn usage_errors() {
        for args in [
            &[][..],
            &["nope"],
            &["check"],
            &["frames", "--chunk", "0"],
            &["frames", "--chunk"],
            &["frames", "--mode", "udp"],
            &["frames", "--frobnicate"],
            &["frames", "a", "b"],
            &["frames", "--chunk", "1", "--chunk", "2"],
            &["frames", "--chunks", "/nonexistent/sizes"],
            &["demo", "x"],
        ] {
            assert!(parse_str(args).is_err(), "{args:?} accepted");
        }
    }
}
