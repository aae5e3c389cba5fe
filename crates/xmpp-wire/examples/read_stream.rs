//! Reads a stream from a file (or stdin) in 4096-byte reads and prints one line per frame.
//!
//! `cargo run -p xmpp-wire --example read_stream -- FILE`

use std::io::Read;

use xmpp_wire::{Config, Frame, StreamParser};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut input: Box<dyn Read> = match std::env::args().nth(1) {
        Some(path) => Box::new(std::fs::File::open(path)?),
        None => Box::new(std::io::stdin()),
    };
    let mut parser = StreamParser::new(vec![0u8; 256 * 1024], Config::default());
    let mut read = [0u8; 4096];
    loop {
        let n = input.read(&mut read)?;
        if n == 0 {
            break;
        }
        let mut rest = &read[..n];
        while !rest.is_empty() {
            rest = &rest[parser.feed(rest)..];
            while let Some(frame) = parser.next_frame()? {
                match &frame {
                    Frame::Stanza(stanza) => println!(
                        "{:>8} {:<8} to={} id={}",
                        stanza.offset(),
                        stanza.kind().as_str(),
                        stanza.to().map(|v| v.to_string()).unwrap_or_default(),
                        stanza.id().map(|v| v.to_string()).unwrap_or_default(),
                    ),
                    other => println!("{:>8} {}", other.offset(), other.kind_str()),
                }
            }
        }
    }
    parser.finish()?;
    Ok(())
}
