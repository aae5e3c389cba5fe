//! `xmpp-wire demo`: frames a built-in client session and prints its frames as a table.
//!
//! The session (`demo.xml`) is what a client reads from its server during a login, as seen
//! after TLS decryption: the stream header, STARTTLS, a restart, SASL PLAIN success, another
//! restart (RFC 6120 §4.3.3), resource binding, stream management (XEP-0198), the roster,
//! presence, MUC, chat messages in Chinese and with emoji, IQs in several namespaces, a
//! whitespace keepalive and the stream close.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use xmpp_wire::{Element, Frame};

use crate::args::{Chunking, Input, Options, DEFAULT_CHUNK};
use crate::feed::{self, Failure};

/// The sample session, server to client.
pub const SESSION: &[u8] = include_bytes!("demo.xml");

/// The table is at most this wide, in characters.
const WIDTH: usize = 120;
/// Widths of the text columns before the last; the last (payloads) takes what is left.
const KIND_WIDTH: usize = 12;
const NAME_WIDTH: usize = 17;
const ADDRESS_WIDTH: usize = 40;
/// Longest `id` shown in the address column (stream IDs are long random strings).
const ID_WIDTH: usize = 16;

/// One table row.
struct Row {
    offset: u64,
    len: usize,
    kind: &'static str,
    name: String,
    address: String,
    payloads: String,
}

/// Runs the demo: the table, then a summary line. Exits 1 if the sample has a stream error.
pub fn run() -> ExitCode {
    let options = Options {
        input: Input::Stdin,
        mode: xmpp_wire::Mode::Tcp,
        max_stanza: xmpp_wire::Limits::DEFAULT.max_stanza_size,
        chunking: Chunking::Fixed(DEFAULT_CHUNK),
    };
    let mut rows = Vec::new();
    let result = feed::drive(SESSION, &options, true, |frame| rows.push(row(frame)));
    print!("{}", table(&rows));
    println!("{}", summary(&rows));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Stream(error)) => {
            println!("error: {error}");
            ExitCode::from(1)
        }
        Err(stalled) => crate::trouble(stalled),
    }
}

fn row(frame: &Frame<'_>) -> Row {
    let (name, address, payloads) = match frame {
        Frame::StreamOpen(open) => (
            // The kind column already says it is the stream element.
            open.ns().to_owned(),
            address(
                None,
                open.id().map(|v| v.to_string()),
                open.from().map(|v| v.to_string()),
                open.to().map(|v| v.to_string()),
            ),
            String::new(),
        ),
        Frame::Stanza(_) | Frame::Element(_) => {
            let element = frame
                .element()
                .expect("stanzas and elements have an element view");
            let ns = element.ns().to_string();
            let attr = |name: &str| element.attr(name).map(|v| v.to_string());
            let name = match frame {
                // The kind column already names the stanza.
                Frame::Stanza(_) => ns.clone(),
                _ => format!("{} {}", element.name(), short_ns(&ns)),
            };
            (
                name,
                address(attr("type"), attr("id"), attr("from"), attr("to")),
                payloads(element, &ns),
            )
        }
        Frame::StreamClose(_) => ("stream".to_owned(), String::new(), String::new()),
    };
    Row {
        offset: frame.offset(),
        len: frame.raw().len(),
        kind: frame.kind_str(),
        name,
        address,
        payloads,
    }
}

/// `type #id from → to`, leaving out what is absent; a long `id` is cut to [`ID_WIDTH`].
fn address(
    kind: Option<String>,
    id: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> String {
    let parts = [
        kind,
        id.map(|id| format!("#{}", fit(&id, ID_WIDTH))),
        from,
        to.map(|to| format!("→ {to}")),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// The payloads' local names, with the namespace in parentheses where it differs from the parent's.
fn payloads(element: &Element<'_>, parent_ns: &str) -> String {
    let mut out = String::new();
    for payload in element.payloads() {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(payload.name());
        let ns = payload.ns().to_string();
        if ns != parent_ns {
            let _ = write!(out, "({})", short_ns(&ns));
        }
    }
    out
}

/// A namespace without the prefix its family shares, for a narrow column:
/// `urn:ietf:params:xml:ns:xmpp-sasl` is shown as `xmpp-sasl`, and
/// `http://jabber.org/protocol/disco#info` as `disco#info`.
fn short_ns(ns: &str) -> &str {
    const FAMILIES: [&str; 4] = [
        "urn:ietf:params:xml:ns:",
        "http://jabber.org/protocol/",
        "http://etherx.jabber.org/",
        "urn:xmpp:",
    ];
    FAMILIES
        .iter()
        .find_map(|family| ns.strip_prefix(family))
        .unwrap_or(ns)
}

/// `text` cut to `width` characters, the last one `…` when something was cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn table(rows: &[Row]) -> String {
    let offset_width = rows
        .iter()
        .map(|r| r.offset.to_string().len())
        .max()
        .unwrap_or(0)
        .max(6);
    let len_width = rows
        .iter()
        .map(|r| r.len.to_string().len())
        .max()
        .unwrap_or(0)
        .max(3);
    let payload_width =
        WIDTH - (offset_width + len_width + KIND_WIDTH + NAME_WIDTH + ADDRESS_WIDTH + 5);
    let mut out = String::new();
    let mut line = |offset: &str,
                    len: &str,
                    kind: &str,
                    name: &str,
                    address: &str,
                    payloads: &str| {
        let text = format!(
            "{offset:>offset_width$} {len:>len_width$} {kind:<KIND_WIDTH$} {:<NAME_WIDTH$} {:<ADDRESS_WIDTH$} {}",
            fit(name, NAME_WIDTH),
            fit(address, ADDRESS_WIDTH),
            fit(payloads, payload_width),
        );
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(
        "offset",
        "len",
        "kind",
        "name ns",
        "type #id from → to",
        "payloads",
    );
    for row in rows {
        line(
            &row.offset.to_string(),
            &row.len.to_string(),
            row.kind,
            &row.name,
            &row.address,
            &row.payloads,
        );
    }
    out
}

/// `N frames in B bytes: 3 stream-open, 9 element, …`, kinds in order of first appearance.
fn summary(rows: &[Row]) -> String {
    let mut order = Vec::new();
    let mut counts = BTreeMap::new();
    for row in rows {
        *counts.entry(row.kind).or_insert_with(|| {
            order.push(row.kind);
            0
        }) += 1;
    }
    let by_kind: Vec<String> = order
        .iter()
        .map(|kind| format!("{} {kind}", counts[kind]))
        .collect();
    format!(
        "{} frames in {} bytes: {}",
        rows.len(),
        SESSION.len(),
        by_kind.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_characters() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("你好世界", 3), "你好…");
    }

    #[test]
    fn short_namespaces() {
        assert_eq!(short_ns("urn:ietf:params:xml:ns:xmpp-sasl"), "xmpp-sasl");
        assert_eq!(
            short_ns("http://jabber.org/protocol/disco#info"),
            "disco#info"
        );
        assert_eq!(short_ns("http://etherx.jabber.org/streams"), "streams");
        assert_eq!(short_ns("jabber:iq:roster"), "jabber:iq:roster");
    }
}
