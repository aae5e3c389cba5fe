//! What the writer writes parses back to the same values (DESIGN.md "Writer"): names,
//! attributes, text and payload namespaces, through `StreamParser`; and the writer refuses
//! exactly the characters XML cannot carry.
//!
//! proptest prints a failing case's seed; `PROPTEST_CASES` sets how many cases run.

mod support;

use proptest::prelude::*;
use support::run_split;
use xmpp_wire::writer::reply::{self, ErrorType, StanzaErrorCondition};
use xmpp_wire::writer::{StanzaHeader, StreamHeader};
use xmpp_wire::{
    ns, Condition, Config, Element, Frame, Mode, SliceSink, StreamError, StreamParser, WriteError,
    Writer,
};

/// An element as parsed, owned, for comparison.
#[derive(Debug, PartialEq, Eq)]
struct Tree {
    qname: String,
    ns: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Tree>,
}

impl Tree {
    fn of(element: &Element<'_>) -> Tree {
        Tree {
            qname: element.qname().to_string(),
            ns: element.ns().to_string(),
            attrs: element
                .attrs()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect(),
            text: element.text().collect(),
            children: element.payloads().map(|child| Tree::of(&child)).collect(),
        }
    }

    fn new(qname: &str, ns: &str, attrs: &[(&str, &str)], text: &str, children: Vec<Tree>) -> Tree {
        Tree {
            qname: qname.into(),
            ns: ns.into(),
            attrs: attrs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            text: text.into(),
            children,
        }
    }
}

/// A frame as parsed, owned.
#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    Open {
        ns: String,
        attrs: Vec<(String, String)>,
    },
    Stanza(Tree),
    Element(Tree),
    Close,
}

/// Parses `bytes` whole, and again a byte at a time, and returns the frames; panics on a
/// stream error, since everything the writer writes must parse.
fn parse(bytes: &[u8], mode: Mode) -> Vec<Parsed> {
    let mut frames = Vec::new();
    let render =
        |frame: &Frame<'_>| -> String { format!("{:?}", String::from_utf8_lossy(frame.raw())) };
    let whole = run_split(bytes, &[], mode, render);
    let cuts: Vec<usize> = (1..bytes.len()).collect();
    assert_eq!(whole, run_split(bytes, &cuts, mode, render));
    let outcome = run_split(bytes, &[], mode, |frame| {
        frames.push(match frame {
            Frame::StreamOpen(open) => Parsed::Open {
                ns: open.ns().to_string(),
                attrs: open
                    .attrs()
                    .map(|a| (a.name().to_string(), a.value().to_string()))
                    .collect(),
            },
            Frame::Stanza(stanza) => Parsed::Stanza(Tree::of(stanza.element())),
            Frame::Element(element) => Parsed::Element(Tree::of(element)),
            Frame::StreamClose(_) => Parsed::Close,
        });
        String::new()
    });
    assert_eq!(
        outcome.error,
        None,
        "{:?} does not parse",
        String::from_utf8_lossy(bytes)
    );
    frames
}

/// Runs `build` on a writer over a large buffer and returns the output.
fn write(
    mode: Mode,
    build: impl FnOnce(&mut Writer<SliceSink<'_>>) -> Result<(), WriteError>,
) -> Vec<u8> {
    let mut buf = vec![0u8; 1 << 16];
    let mut w = Writer::with_mode(SliceSink::new(&mut buf), mode);
    build(&mut w).unwrap();
    w.finish().unwrap();
    w.into_sink().into_written().to_vec()
}

const TRICKY: &str = "a&b<c>d]]>e'f\"g\th\ni\rj\r\nk 中文 😀 \u{85}\u{2028}\u{FEFF}\u{FFFD}";

#[test]
fn a_whole_stream_parses_back() {
    let out = write(Mode::Tcp, |w| {
        w.stream_open(&StreamHeader {
            to: Some("im.example.com"),
            from: Some("juliet@im.example.com"),
            id: Some("s'1"),
            lang: Some("en"),
            ..StreamHeader::default()
        })?;
        let header = StanzaHeader {
            to: Some("romeo@example.net"),
            from: Some("juliet@example.com/balcony"),
            id: Some(TRICKY),
            stanza_type: Some("chat"),
            lang: Some("zh"),
        };
        w.message(&header)?.element("body", TRICKY)?;
        w.start("x:data")?
            .ns_prefix("x", "urn:example:x")?
            .attr("x:flag", TRICKY)?
            .attr("xml:lang", "fr")?;
        w.start("inner")?.ns("urn:example:inner")?.end()?;
        w.end()?.end()?;
        w.keepalive()?;
        w.presence(&StanzaHeader::default())?.end()?;
        w.start("stream:features")?;
        w.start("bind")?.ns(ns::BIND)?.end()?;
        w.end()?;
        w.stream_error(Condition::SystemShutdown, Some(TRICKY))?;
        w.stream_close()
    });
    let frames = parse(&out, Mode::Tcp);
    let stanza_errors = ns::XMPP_STREAMS;
    let expected = vec![
        Parsed::Open {
            ns: "jabber:client".into(),
            attrs: [
                ("to", "im.example.com"),
                ("from", "juliet@im.example.com"),
                ("id", "s'1"),
                ("version", "1.0"),
                ("xml:lang", "en"),
            ]
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        },
        Parsed::Stanza(Tree::new(
            "message",
            "jabber:client",
            &[
                ("to", "romeo@example.net"),
                ("from", "juliet@example.com/balcony"),
                ("id", TRICKY),
                ("type", "chat"),
                ("xml:lang", "zh"),
            ],
            "",
            vec![
                Tree::new("body", "jabber:client", &[], TRICKY, vec![]),
                Tree::new(
                    "x:data",
                    "urn:example:x",
                    &[("x:flag", TRICKY), ("xml:lang", "fr")],
                    "",
                    vec![Tree::new("inner", "urn:example:inner", &[], "", vec![])],
                ),
            ],
        )),
        Parsed::Stanza(Tree::new("presence", "jabber:client", &[], "", vec![])),
        Parsed::Element(Tree::new(
            "stream:features",
            ns::STREAMS,
            &[],
            "",
            vec![Tree::new("bind", ns::BIND, &[], "", vec![])],
        )),
        Parsed::Element(Tree::new(
            "stream:error",
            ns::STREAMS,
            &[],
            "",
            vec![
                Tree::new("system-shutdown", stanza_errors, &[], "", vec![]),
                Tree::new("text", stanza_errors, &[], TRICKY, vec![]),
            ],
        )),
        Parsed::Close,
    ];
    assert_eq!(frames, expected);
}

#[test]
fn websocket_framing_parses_back() {
    let out = write(Mode::WebSocket, |w| {
        w.stream_open(&StreamHeader {
            to: Some("example.com"),
            ..StreamHeader::default()
        })?;
        let header = StanzaHeader {
            id: Some("w1"),
            stanza_type: Some("get"),
            ..StanzaHeader::default()
        };
        w.iq(&header)?.start("ping")?.ns(ns::PING)?.end()?.end()?;
        w.stream_error(Condition::Reset, None)?;
        w.stream_close()
    });
    let frames = parse(&out, Mode::WebSocket);
    assert_eq!(frames.len(), 4, "{frames:?}");
    assert_eq!(
        frames[1],
        Parsed::Stanza(Tree::new(
            "iq",
            "jabber:client",
            &[("id", "w1"), ("type", "get")],
            "",
            vec![Tree::new("ping", ns::PING, &[], "", vec![])],
        ))
    );
    let Parsed::Element(error) = &frames[2] else {
        panic!("{frames:?}")
    };
    assert_eq!(
        (error.qname.as_str(), error.ns.as_str()),
        ("stream:error", ns::STREAMS)
    );
}

/// Writes a reply to the first stanza of `request` with `answer`, inside a client stream.
fn reply_to(
    request: &str,
    answer: impl Fn(&mut Writer<SliceSink<'_>>, &xmpp_wire::Stanza<'_>) -> Result<(), WriteError>,
) -> Tree {
    let input = format!(
        "<stream:stream xmlns='jabber:client' xmlns:stream='{}'>{request}</stream:stream>",
        ns::STREAMS
    );
    let mut replies = Vec::new();
    run_split(input.as_bytes(), &[], Mode::Tcp, |frame| {
        if let Frame::Stanza(stanza) = frame {
            replies.push(write(Mode::Tcp, |w| answer(w, stanza)));
        }
        String::new()
    });
    let mut stream =
        b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
            .to_vec();
    stream.extend_from_slice(&replies[0]);
    stream.extend_from_slice(b"</stream:stream>");
    match parse(&stream, Mode::Tcp).remove(1) {
        Parsed::Stanza(tree) => tree,
        other => panic!("{other:?}"),
    }
}

#[test]
fn iq_replies_parse_back_with_addresses_swapped() {
    let request = "<iq from='juliet@example.com/b&amp;lcony' to=\"example.com\" id='r&apos;1&#10;' type='get'>\
                   <query xmlns='jabber:iq:version'/></iq>";
    let result = reply_to(request, |w, iq| {
        reply::iq_result_open(w, iq)?
            .start("query")?
            .ns(ns::VERSION)?
            .element("name", "xmpp-wire")?
            .end()?
            .end()?;
        Ok(())
    });
    let addresses = [
        ("to", "juliet@example.com/b&lcony"),
        ("from", "example.com"),
        ("id", "r'1\n"),
    ];
    let mut attrs = addresses.to_vec();
    attrs.push(("type", "result"));
    let name = Tree::new("name", ns::VERSION, &[], "xmpp-wire", vec![]);
    let query = Tree::new("query", ns::VERSION, &[], "", vec![name]);
    assert_eq!(
        result,
        Tree::new("iq", "jabber:client", &attrs, "", vec![query])
    );

    let error = reply_to(request, |w, iq| {
        let condition = StanzaErrorCondition::FeatureNotImplemented;
        reply::iq_error(w, iq, ErrorType::Cancel, condition, Some("<none>"))
    });
    let mut attrs = addresses.to_vec();
    attrs.push(("type", "error"));
    let children = vec![
        Tree::new("feature-not-implemented", ns::STANZAS, &[], "", vec![]),
        Tree::new("text", ns::STANZAS, &[], "<none>", vec![]),
    ];
    let error_element = Tree::new(
        "error",
        "jabber:client",
        &[("type", "cancel")],
        "",
        children,
    );
    assert_eq!(
        error,
        Tree::new("iq", "jabber:client", &attrs, "", vec![error_element])
    );
}

/// Characters worth trying often: markup, quotes, line ends, controls, and the non-characters
/// at the edges of `Char`.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(vec![
            '\0', '\u{1}', '\u{8}', '\t', '\n', '\u{B}', '\r', '\u{1F}', ' ', '&', '<', '>', '\'',
            '"', ']', ';', '#', '\u{7F}', '\u{85}', '\u{D7FF}', '\u{E000}', '\u{FEFF}', '\u{FFFD}',
            '\u{FFFE}', '\u{FFFF}', '\u{10000}', '\u{10FFFF}', 'é', '中', '😀',
        ]),
        2 => prop::char::range('a', 'z'),
    ]
}

/// XML 1.0 §2.2 `Char`, written out independently of the crate's own check.
fn is_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any string is refused, at its first non-`Char`, exactly when it holds one; otherwise it
    /// comes back unchanged as an attribute value and as text.
    #[test]
    fn any_string_is_refused_or_round_trips(chars in prop::collection::vec(interesting_char(), 0..40)) {
        let s: String = chars.into_iter().collect();
        let first_bad = s.char_indices().find(|&(_, c)| !is_char(c)).map(|(i, _)| i);

        let mut buf = vec![0u8; 4096];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        w.start("m").unwrap();
        let attr = w.attr("v", &s).map(|_| ());
        let text = w.text(&s).map(|_| ());
        w.end().unwrap();
        w.finish().unwrap();
        match first_bad {
            Some(index) => {
                prop_assert_eq!(attr, Err(WriteError::InvalidChar { index }));
                prop_assert_eq!(text, Err(WriteError::InvalidChar { index }));
                prop_assert_eq!(w.sink().written(), b"<m/>");
            }
            None => {
                prop_assert_eq!(attr, Ok(()));
                prop_assert_eq!(text, Ok(()));
                let frames = parse(w.sink().written(), Mode::Document);
                let expected = Tree::new("m", "", &[("v", &s)], &s, vec![]);
                prop_assert_eq!(&frames[..], &[Parsed::Element(expected)]);
            }
        }
    }

    /// A name the writer accepts parses back as that name; one it refuses, the parser refuses.
    #[test]
    fn names_the_writer_accepts_are_names_the_parser_accepts(
        chars in prop::collection::vec(
            prop::sample::select(vec!['a', 'Z', '_', '-', '.', '0', ':', 'é', '\u{B7}', '\u{300}',
                '中', '\u{37E}', '\u{2070}', '\u{D7}', '/', '>', '=']),
            0..8,
        )
    ) {
        let name: String = chars.into_iter().collect();
        let mut buf = vec![0u8; 256];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        let prefix = name.split_once(':').map(|(prefix, _)| prefix);
        let accepted = w.start(&name).is_ok()
            && match prefix {
                Some(prefix) => w.ns_prefix(prefix, "urn:p").is_ok(),
                None => true,
            };
        let by_hand = match prefix {
            Some(prefix) => format!("<{name} xmlns:{prefix}='urn:p'/>"),
            None => format!("<{name}/>"),
        };
        let parsed = parse_document(by_hand.as_bytes());
        prop_assert_eq!(accepted, parsed.is_ok(), "{:?}: {:?}", name, parsed);
        if accepted {
            w.end().unwrap();
            w.finish().unwrap();
            prop_assert_eq!(w.sink().written(), by_hand.as_bytes());
            prop_assert_eq!(parsed.unwrap(), vec![name]);
        }
    }
}

/// The qualified names of the top-level elements of a standalone document, or its error
/// (the input is declared complete, so an unclosed element is an error too).
fn parse_document(bytes: &[u8]) -> Result<Vec<String>, StreamError> {
    let config = Config {
        mode: Mode::Document,
        ..Config::default()
    };
    let mut parser = StreamParser::new(vec![0u8; 4096], config);
    assert_eq!(parser.feed(bytes), bytes.len());
    let mut names = Vec::new();
    while let Some(frame) = parser.next_frame()? {
        names.extend(frame.element().map(|e| e.qname().to_string()));
    }
    parser.finish()?;
    Ok(names)
}
