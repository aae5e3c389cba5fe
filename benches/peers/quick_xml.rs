//! quick-xml's `NsReader` over a `BufRead` that hands out the stream in reads of `chunk` bytes,
//! as a `BufReader` over a socket would: quick-xml pulls, so it cannot be pushed chunks.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use ::quick_xml::events::{BytesStart, Event};
use ::quick_xml::name::ResolveResult;
use ::quick_xml::reader::NsReader;
use ::quick_xml::XmlVersion;

use crate::digest::{Digest, Levels, ROUTING};

/// A reader that returns at most `chunk` bytes per fill, like a `BufReader` whose every `read`
/// from the network brought `chunk` bytes.
struct Chunked<'a> {
    bytes: &'a [u8],
    pos: usize,
    filled: usize,
    chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Chunked<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.filled {
            self.filled = (self.pos + self.chunk).min(self.bytes.len());
        }
        Ok(&self.bytes[self.pos..self.filled])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.filled);
    }
}

/// Runs quick-xml's namespace-resolving reader over `bytes` read `chunk` bytes at a time.
pub fn run(bytes: &[u8], chunk: usize) -> Digest {
    let chunk = if chunk == 0 {
        bytes.len().max(1)
    } else {
        chunk
    };
    let source = Chunked {
        bytes,
        pos: 0,
        filled: 0,
        chunk,
    };
    let mut reader = NsReader::from_reader(source);
    let mut buf = Vec::with_capacity(4096);
    let mut levels = Levels::default();
    loop {
        buf.clear();
        let (ns, event) = reader
            .read_resolved_event_into(&mut buf)
            .unwrap_or_else(|e| panic!("quick-xml: {e}"));
        match event {
            Event::Start(start) => open(&mut levels, &ns, &start),
            Event::Empty(start) => {
                open(&mut levels, &ns, &start);
                levels.close();
            }
            Event::End(_) => levels.close(),
            Event::Eof => break,
            _ => {}
        }
    }
    levels.digest
}

fn open(levels: &mut Levels, ns: &ResolveResult<'_>, start: &BytesStart<'_>) {
    let ns: &[u8] = match ns {
        ResolveResult::Bound(ns) => ns.as_ref().as_bytes(),
        ResolveResult::Unbound => b"",
        ResolveResult::Unknown(prefix) => panic!("quick-xml: unbound prefix {prefix:?}"),
    };
    let local = start.local_name();
    let wants_routing = levels.wants_routing();
    levels.open(ns, local.as_ref().as_bytes(), |digest| {
        if wants_routing {
            routing(digest, start);
        }
    });
}

/// Looks up `to`, `from`, `id`, `type` in one pass over the attributes, then hashes them in
/// order, normalised as XML 1.0 §3.3.3 says.
fn routing(digest: &mut Digest, start: &BytesStart<'_>) {
    let mut found: [Option<Cow<'_, str>>; 4] = [None, None, None, None];
    for attr in start.attributes() {
        let attr = attr.unwrap_or_else(|e| panic!("quick-xml: {e}"));
        let key = attr.key.as_ref();
        if let Some(slot) = ROUTING.iter().position(|name| *name == key) {
            let value = attr
                .normalized_value(XmlVersion::Explicit1_0)
                .unwrap_or_else(|e| panic!("quick-xml: {e}"));
            found[slot] = Some(value);
        }
    }
    for value in &found {
        digest.attr(value.as_deref().map(str::as_bytes));
    }
}
