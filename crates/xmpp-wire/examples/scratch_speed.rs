//! scratch
use xmpp_wire::*;
fn main() {
    let data = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let chunk: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(4096);
    let mut buf = vec![0u8; 1 << 20];
    let t = std::time::Instant::now();
    let mut n = 0; let mut ck = 0usize;
    for _ in 0..3 {
    let mut p = StreamParser::new(&mut buf[..], Config::default());
    for c in data.chunks(chunk) {
        let mut rest = c;
        while !rest.is_empty() {
            rest = &rest[p.feed(rest)..];
            while let Some(f) = p.next_frame().unwrap() {
                n += 1;
                if let Some(e) = f.element() {
                    for v in [e.attr("to"), e.attr("from"), e.attr("id"), e.attr("type")].into_iter().flatten() { ck += v.decoded_len(); }
                    for c in e.payloads() { ck += c.ns().raw().len() + c.name().len(); }
                }
            }
        }
    }
    }
    let s = t.elapsed().as_secs_f64();
    println!("{} frames {} MB/s ck {}", n, (3.0 * data.len() as f64) / s / 1e6, ck);
}
