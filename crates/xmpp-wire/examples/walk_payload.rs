//! Walks a vCard payload: children, attributes and text, without allocating in the core.
//!
//! `cargo run -p xmpp-wire --example walk_payload`

use xmpp_wire::{Config, Element, Frame, Node, StreamParser};

fn print_tree(element: &Element<'_>, depth: usize) {
    let attrs: Vec<String> = element
        .attrs()
        .map(|a| format!("{}={:?}", a.name(), a.value().to_string()))
        .collect();
    println!(
        "{:indent$}{{{}}}{} {}",
        "",
        element.ns(),
        element.name(),
        attrs.join(" "),
        indent = depth * 2
    );
    for node in element.nodes() {
        match node {
            Node::Element(child) => print_tree(&child, depth + 1),
            Node::Text(text) if !text.raw().trim().is_empty() => {
                println!(
                    "{:indent$}{:?}",
                    "",
                    text.to_string(),
                    indent = depth * 2 + 2
                )
            }
            Node::Text(_) => {}
        }
    }
}

fn main() -> Result<(), xmpp_wire::StreamError> {
    let stream = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\
        <iq type='result' id='v1' from='juliet@example.com'>\
        <vCard xmlns='vcard-temp'><FN>Juliet Capulet</FN><N><FAMILY>Capulet</FAMILY><GIVEN>Juliet</GIVEN></N>\
        <NICKNAME>朱丽叶 🌹</NICKNAME><EMAIL><INTERNET/><USERID>juliet@example.com</USERID></EMAIL></vCard></iq>";
    let mut parser = StreamParser::new([0u8; 4096], Config::default());
    parser.feed(stream.as_bytes());
    while let Some(frame) = parser.next_frame()? {
        if let Frame::Stanza(stanza) = frame {
            for payload in stanza.payloads() {
                print_tree(&payload, 0);
            }
        }
    }
    Ok(())
}
