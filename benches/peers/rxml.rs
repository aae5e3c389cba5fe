//! rxml (the xmpp-rs parser): its `Parser` pushed each 4096-byte chunk through `Parse::parse`
//! with `at_eof = false`, as tokio-xmpp feeds it what the socket delivered.

use ::rxml::error::EndOrError;
use ::rxml::{Event, Parse, Parser};

use crate::digest::{Digest, Levels, ROUTING};
use crate::inputs::chunks;

/// Runs rxml's namespace-resolving parser over `bytes` pushed `chunk` bytes at a time.
pub fn run(bytes: &[u8], chunk: usize) -> Digest {
    let mut parser = Parser::new();
    let mut levels = Levels::default();
    for piece in chunks(bytes, chunk) {
        let mut rest = piece;
        loop {
            match parser.parse(&mut rest, false) {
                Ok(Some(event)) => handle(&mut levels, event),
                Ok(None) => break,
                Err(EndOrError::NeedMoreData) => {
                    debug_assert!(rest.is_empty(), "rxml keeps what it has not tokenised");
                    break;
                }
                Err(EndOrError::Error(e)) => panic!("rxml: {e}"),
            }
        }
    }
    let mut end: &[u8] = &[];
    loop {
        match parser.parse(&mut end, true) {
            Ok(Some(event)) => handle(&mut levels, event),
            Ok(None) => break,
            Err(e) => panic!("rxml at end of input: {e:?}"),
        }
    }
    levels.digest
}

fn handle(levels: &mut Levels, event: Event) {
    match event {
        Event::StartElement(_, (ns, local), attrs) => {
            let wants_routing = levels.wants_routing();
            levels.open(ns.as_bytes(), local.as_bytes(), |digest| {
                if wants_routing {
                    for name in ROUTING {
                        digest.attr(attrs.get("", name).map(|value| value.as_bytes()));
                    }
                }
            });
        }
        Event::EndElement(_) => levels.close(),
        Event::XmlDeclaration(..) | Event::Text(..) => {}
    }
}
