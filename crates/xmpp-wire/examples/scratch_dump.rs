use xmpp_wire::*;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let chunk: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(4096);
    let data = std::fs::read(path).unwrap();
    let mut p = StreamParser::new(vec![0u8; 1 << 18], Config::default());
    for c in data.chunks(chunk) {
        let mut rest = c;
        while !rest.is_empty() {
            let n = p.feed(rest);
            rest = &rest[n..];
            loop {
                match p.next_frame() {
                    Ok(Some(f)) => {
                        let mut line = format!("{} @{} len={}", f.kind_str(), f.offset(), f.raw().len());
                        if let Some(e) = f.element() {
                            line += &format!(" {{{}}}{}", e.ns(), e.name());
                            for a in e.attrs() { line += &format!(" {}={:?}", a.name(), a.value().to_string()); }
                            for c in e.payloads() { line += &format!(" [{{{}}}{}]", c.ns(), c.name()); }
                        }
                        println!("{line}");
                    }
                    Ok(None) => break,
                    Err(e) => { println!("ERROR {e}"); return; }
                }
            }
        }
    }
    if let Err(e) = p.finish() { println!("END ERROR {e}"); }
}
