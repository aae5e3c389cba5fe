//! Scratch: prints the frames and error of a stream file fed in chunks (not committed).
use xmpp_wire::{Config, Mode, StreamParser};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let input = std::fs::read(&args[1]).unwrap();
    let mode = Mode::from_name(args.get(2).map(String::as_str).unwrap_or("tcp")).unwrap();
    let chunk: usize = args.get(3).map(|c| c.parse().unwrap()).unwrap_or(input.len());
    let mut p = StreamParser::new(vec![0u8; 1 << 16], Config { mode, ..Config::default() });
    for piece in input.chunks(chunk.max(1)) {
        let mut rest = piece;
        while !rest.is_empty() {
            let n = p.feed(rest);
            rest = &rest[n..];
            loop {
                match p.next_frame() {
                    Ok(Some(f)) => println!("{} {} {:?}", f.kind_str(), f.offset(), String::from_utf8_lossy(f.raw())),
                    Ok(None) => break,
                    Err(e) => { println!("error {e} {:?}", e.reason()); return }
                }
            }
        }
    }
    println!("finish {:?}", p.finish());
}
