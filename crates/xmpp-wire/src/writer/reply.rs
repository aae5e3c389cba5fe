//! Replies to a received IQ (RFC 6120 §8.2.3): a `result` or an `error` with the request's
//! `id`, addressed back to its sender (`to` and `from` swapped), and the stanza error element
//! of §8.3.
//!
//! Values taken from the received stanza are decoded and escaped again, so a reply is well
//! formed whatever the request's quoting. RFC 6120 §8.2.3 forbids replying to a `result` or an
//! `error`, and an IQ without `id` cannot be matched: check [`Stanza::stanza_type`] and
//! [`Stanza::problem`] before replying.

use core::fmt;

use crate::error::WriteError;
use crate::frame::Stanza;
use crate::namespace::known::STANZAS;

use super::{Sink, Src, Writer};

/// The `type` of a stanza error: what the sender should do next (RFC 6120 §8.3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// Retry after providing credentials.
    Auth,
    /// Do not retry: the error cannot be remedied.
    Cancel,
    /// Proceed: the condition was only a warning.
    Continue,
    /// Retry after changing the data sent.
    Modify,
    /// Retry after waiting: the error is temporary.
    Wait,
}

impl ErrorType {
    /// Every error type, in RFC 6120 order.
    pub const ALL: [ErrorType; 5] = [
        ErrorType::Auth,
        ErrorType::Cancel,
        ErrorType::Continue,
        ErrorType::Modify,
        ErrorType::Wait,
    ];

    /// The `type` value, e.g. `"cancel"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorType::Auth => "auth",
            ErrorType::Cancel => "cancel",
            ErrorType::Continue => "continue",
            ErrorType::Modify => "modify",
            ErrorType::Wait => "wait",
        }
    }

    /// The error type named `name`, if RFC 6120 defines it.
    pub fn from_name(name: &str) -> Option<ErrorType> {
        ErrorType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stanza error condition, RFC 6120 §8.3.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StanzaErrorCondition {
    /// §8.3.3.1 `bad-request`: malformed or unprocessable XML.
    BadRequest,
    /// §8.3.3.2 `conflict`: a resource or session with that name already exists.
    Conflict,
    /// §8.3.3.3 `feature-not-implemented`.
    FeatureNotImplemented,
    /// §8.3.3.4 `forbidden`: the sender lacks the permissions.
    Forbidden,
    /// §8.3.3.5 `gone`: the recipient is no longer at this address.
    Gone,
    /// §8.3.3.6 `internal-server-error`.
    InternalServerError,
    /// §8.3.3.7 `item-not-found`.
    ItemNotFound,
    /// §8.3.3.8 `jid-malformed`.
    JidMalformed,
    /// §8.3.3.9 `not-acceptable`: the request breaks the recipient's criteria.
    NotAcceptable,
    /// §8.3.3.10 `not-allowed`: nobody may perform this action.
    NotAllowed,
    /// §8.3.3.11 `not-authorized`: credentials are needed first.
    NotAuthorized,
    /// §8.3.3.12 `policy-violation`.
    PolicyViolation,
    /// §8.3.3.13 `recipient-unavailable`.
    RecipientUnavailable,
    /// §8.3.3.14 `redirect`: the recipient is temporarily elsewhere.
    Redirect,
    /// §8.3.3.15 `registration-required`.
    RegistrationRequired,
    /// §8.3.3.16 `remote-server-not-found`.
    RemoteServerNotFound,
    /// §8.3.3.17 `remote-server-timeout`.
    RemoteServerTimeout,
    /// §8.3.3.18 `resource-constraint`: the recipient is too busy.
    ResourceConstraint,
    /// §8.3.3.19 `service-unavailable`: the usual answer to an unsupported request.
    ServiceUnavailable,
    /// §8.3.3.20 `subscription-required`.
    SubscriptionRequired,
    /// §8.3.3.21 `undefined-condition`: see the application-specific condition.
    UndefinedCondition,
    /// §8.3.3.22 `unexpected-request`: out of order.
    UnexpectedRequest,
}

impl StanzaErrorCondition {
    /// The error `type` RFC 6120 §8.3.3 gives with this condition in its examples, for replies
    /// that do not choose one.
    pub const fn default_type(self) -> ErrorType {
        use StanzaErrorCondition::*;
        match self {
            BadRequest | JidMalformed | NotAcceptable | PolicyViolation | Redirect
            | UndefinedCondition => ErrorType::Modify,
            Forbidden | NotAuthorized | RegistrationRequired | SubscriptionRequired => {
                ErrorType::Auth
            }
            RecipientUnavailable | RemoteServerTimeout | ResourceConstraint | UnexpectedRequest => {
                ErrorType::Wait
            }
            Conflict
            | FeatureNotImplemented
            | Gone
            | InternalServerError
            | ItemNotFound
            | NotAllowed
            | RemoteServerNotFound
            | ServiceUnavailable => ErrorType::Cancel,
        }
    }

    /// Every condition, in RFC 6120 order.
    pub const ALL: [StanzaErrorCondition; 22] = {
        use StanzaErrorCondition::*;
        [
            BadRequest,
            Conflict,
            FeatureNotImplemented,
            Forbidden,
            Gone,
            InternalServerError,
            ItemNotFound,
            JidMalformed,
            NotAcceptable,
            NotAllowed,
            NotAuthorized,
            PolicyViolation,
            RecipientUnavailable,
            Redirect,
            RegistrationRequired,
            RemoteServerNotFound,
            RemoteServerTimeout,
            ResourceConstraint,
            ServiceUnavailable,
            SubscriptionRequired,
            UndefinedCondition,
            UnexpectedRequest,
        ]
    };

    /// The element name RFC 6120 gives this condition, e.g. `"service-unavailable"`.
    pub const fn as_str(self) -> &'static str {
        use StanzaErrorCondition::*;
        match self {
            BadRequest => "bad-request",
            Conflict => "conflict",
            FeatureNotImplemented => "feature-not-implemented",
            Forbidden => "forbidden",
            Gone => "gone",
            InternalServerError => "internal-server-error",
            ItemNotFound => "item-not-found",
            JidMalformed => "jid-malformed",
            NotAcceptable => "not-acceptable",
            NotAllowed => "not-allowed",
            NotAuthorized => "not-authorized",
            PolicyViolation => "policy-violation",
            RecipientUnavailable => "recipient-unavailable",
            Redirect => "redirect",
            RegistrationRequired => "registration-required",
            RemoteServerNotFound => "remote-server-not-found",
            RemoteServerTimeout => "remote-server-timeout",
            ResourceConstraint => "resource-constraint",
            ServiceUnavailable => "service-unavailable",
            SubscriptionRequired => "subscription-required",
            UndefinedCondition => "undefined-condition",
            UnexpectedRequest => "unexpected-request",
        }
    }

    /// The condition named `name`, if RFC 6120 defines it.
    pub fn from_name(name: &str) -> Option<StanzaErrorCondition> {
        StanzaErrorCondition::ALL
            .into_iter()
            .find(|c| c.as_str() == name)
    }
}

impl fmt::Display for StanzaErrorCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The attributes of a received IQ that a reply needs, as plain (already decoded) strings:
/// for callers that hold no [`Stanza`], such as the bindings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Request<'a> {
    /// The request's `id`, repeated in the reply.
    pub id: Option<&'a str>,
    /// The request's `from`: the reply's `to`.
    pub from: Option<&'a str>,
    /// The request's `to`: the reply's `from`.
    pub to: Option<&'a str>,
}

/// Writes `<iq type='result' …/>` answering `request`: same `id`, `to` and `from` swapped.
///
/// ```
/// use xmpp_wire::{writer::reply, Config, Frame, SliceSink, StreamParser, Writer};
///
/// let mut parser = StreamParser::new([0u8; 512], Config::default());
/// let input = b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\
///               <iq from='juliet@example.com/balcony' id='p&amp;1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>";
/// parser.feed(input);
/// let mut buf = [0u8; 128];
/// let mut w = Writer::new(SliceSink::new(&mut buf));
/// while let Some(frame) = parser.next_frame()? {
///     if let Frame::Stanza(iq) = frame {
///         reply::iq_result(&mut w, &iq)?;
///     }
/// }
/// w.finish()?;
/// assert_eq!(w.sink().written(), b"<iq to='juliet@example.com/balcony' id='p&amp;1' type='result'/>");
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub fn iq_result<S: Sink>(writer: &mut Writer<S>, request: &Stanza<'_>) -> Result<(), WriteError> {
    iq_result_open(writer, request)?.end()?;
    Ok(())
}

/// Like [`iq_result`], but leaves the `iq` open for a payload; [`end`](Writer::end) it after.
///
/// ```text
/// reply::iq_result_open(&mut w, &iq)?.start("query")?.ns(ns::VERSION)?
///     .element("name", "xmpp-wire")?.end()?.end()?;
/// ```
pub fn iq_result_open<'w, S: Sink>(
    writer: &'w mut Writer<S>,
    request: &Stanza<'_>,
) -> Result<&'w mut Writer<S>, WriteError> {
    open_reply(writer, from_stanza(request), "result")
}

/// Writes `<iq type='error' …>` answering `request`, with the error element of RFC 6120 §8.3:
/// `<error type='…'><CONDITION xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>`, plus
/// `<text/>` when `text` is given.
///
/// ```text
/// reply::iq_error(&mut w, &iq, ErrorType::Cancel, StanzaErrorCondition::ServiceUnavailable, None)?;
/// // <iq to='…' from='…' id='…' type='error'><error type='cancel'>
/// //   <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
/// ```
pub fn iq_error<S: Sink>(
    writer: &mut Writer<S>,
    request: &Stanza<'_>,
    error_type: ErrorType,
    condition: StanzaErrorCondition,
    text: Option<&str>,
) -> Result<(), WriteError> {
    write_iq_error(writer, from_stanza(request), error_type, condition, text)
}

/// [`iq_result`] from plain values.
///
/// ```
/// use xmpp_wire::{writer::reply::{self, Request}, SliceSink, Writer};
///
/// let mut buf = [0u8; 96];
/// let mut w = Writer::new(SliceSink::new(&mut buf));
/// let request = Request { id: Some("b1"), from: Some("juliet@example.com/balcony"), to: None };
/// reply::iq_result_plain(&mut w, &request)?;
/// assert_eq!(w.sink().written(), b"<iq to='juliet@example.com/balcony' id='b1' type='result'/>");
/// # Ok::<(), xmpp_wire::WriteError>(())
/// ```
pub fn iq_result_plain<S: Sink>(
    writer: &mut Writer<S>,
    request: &Request<'_>,
) -> Result<(), WriteError> {
    iq_result_plain_open(writer, request)?.end()?;
    Ok(())
}

/// [`iq_result_open`] from plain values.
pub fn iq_result_plain_open<'w, S: Sink>(
    writer: &'w mut Writer<S>,
    request: &Request<'_>,
) -> Result<&'w mut Writer<S>, WriteError> {
    open_reply(writer, from_plain(request), "result")
}

/// [`iq_error`] from plain values.
///
/// ```
/// use xmpp_wire::writer::reply::{self, ErrorType, Request, StanzaErrorCondition};
/// use xmpp_wire::{SliceSink, Writer};
///
/// let mut buf = [0u8; 256];
/// let mut w = Writer::new(SliceSink::new(&mut buf));
/// let request = Request { id: Some("r2"), from: Some("a@b.c/d"), to: Some("b.c") };
/// reply::iq_error_plain(&mut w, &request, ErrorType::Modify, StanzaErrorCondition::BadRequest, Some("no payload"))?;
/// assert_eq!(
///     w.sink().written(),
///     &b"<iq to='a@b.c/d' from='b.c' id='r2' type='error'><error type='modify'>\
///        <bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\
///        <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>no payload</text></error></iq>"[..]
/// );
/// # Ok::<(), xmpp_wire::WriteError>(())
/// ```
pub fn iq_error_plain<S: Sink>(
    writer: &mut Writer<S>,
    request: &Request<'_>,
    error_type: ErrorType,
    condition: StanzaErrorCondition,
    text: Option<&str>,
) -> Result<(), WriteError> {
    write_iq_error(writer, from_plain(request), error_type, condition, text)
}

/// Writes the stanza error element (RFC 6120 §8.3.2) inside the stanza being written: for
/// `message` and `presence` errors, or after the original payload in an IQ error.
///
/// ```
/// use xmpp_wire::writer::{reply::{self, ErrorType, StanzaErrorCondition}, StanzaHeader};
/// use xmpp_wire::{SliceSink, Writer};
///
/// let mut buf = [0u8; 160];
/// let mut w = Writer::new(SliceSink::new(&mut buf));
/// w.message(&StanzaHeader { stanza_type: Some("error"), ..Default::default() })?;
/// reply::error_element(&mut w, ErrorType::Cancel, StanzaErrorCondition::Gone, None)?.end()?;
/// assert_eq!(
///     w.sink().written(),
///     &b"<message type='error'><error type='cancel'>\
///        <gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"[..]
/// );
/// # Ok::<(), xmpp_wire::WriteError>(())
/// ```
pub fn error_element<'w, S: Sink>(
    writer: &'w mut Writer<S>,
    error_type: ErrorType,
    condition: StanzaErrorCondition,
    text: Option<&str>,
) -> Result<&'w mut Writer<S>, WriteError> {
    if let Some(text) = text {
        crate::escape::check_chars(text)?;
    }
    writer.start("error")?.attr("type", error_type.as_str())?;
    writer.start(condition.as_str())?.ns(STANZAS)?.end()?;
    if let Some(text) = text {
        writer.start("text")?.ns(STANZAS)?.text(text)?.end()?;
    }
    writer.end()
}

/// The reply's `to`, `from` and `id`: the request's `from`, `to` and `id`.
type ReplyAddresses<'a> = [Option<Src<'a>>; 3];

fn from_stanza<'a>(request: &Stanza<'a>) -> ReplyAddresses<'a> {
    [
        request.from().map(Src::Value),
        request.to().map(Src::Value),
        request.id().map(Src::Value),
    ]
}

fn from_plain<'a>(request: &Request<'a>) -> ReplyAddresses<'a> {
    [
        request.from.map(Src::Str),
        request.to.map(Src::Str),
        request.id.map(Src::Str),
    ]
}

fn open_reply<'w, S: Sink>(
    writer: &'w mut Writer<S>,
    [to, from, id]: ReplyAddresses<'_>,
    iq_type: &str,
) -> Result<&'w mut Writer<S>, WriteError> {
    writer.open_stanza(
        "iq",
        [
            ("to", to),
            ("from", from),
            ("id", id),
            ("type", Some(Src::Str(iq_type))),
            ("xml:lang", None),
        ],
    )
}

fn write_iq_error<S: Sink>(
    writer: &mut Writer<S>,
    addresses: ReplyAddresses<'_>,
    error_type: ErrorType,
    condition: StanzaErrorCondition,
    text: Option<&str>,
) -> Result<(), WriteError> {
    // Checked before the `iq` is started, so that a refused text writes nothing.
    if let Some(text) = text {
        crate::escape::check_chars(text)?;
    }
    open_reply(writer, addresses, "error")?;
    error_element(writer, error_type, condition, text)?.end()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Element, Scope, StanzaKind, StreamScope};
    use crate::writer::SliceSink;

    const CLIENT: StreamScope<'static> = StreamScope {
        content_ns: crate::namespace::known::JABBER_CLIENT,
        stream_prefix: Some("stream"),
    };

    /// A stanza view over `raw`, as the framer would make it.
    fn stanza(raw: &str) -> Stanza<'_> {
        let element = Element::new(raw.as_bytes(), 0, Scope::Stream(CLIENT));
        Stanza::new(element, StanzaKind::Iq, element.payloads().count())
    }

    fn reply(
        f: impl FnOnce(&mut Writer<SliceSink<'_>>) -> Result<(), WriteError>,
    ) -> heapless::String<512> {
        let mut buf = [0u8; 512];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        f(&mut w).unwrap();
        w.finish().unwrap();
        let bytes = w.into_sink().into_written();
        heapless::String::from_utf8(heapless::Vec::from_slice(bytes).unwrap()).unwrap()
    }

    #[test]
    fn result_swaps_addresses_and_keeps_the_id() {
        let iq =
            stanza("<iq from='a@b/c' to='b' id='42' type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
        assert_eq!(
            reply(|w| iq_result(w, &iq)),
            "<iq to='a@b/c' from='b' id='42' type='result'/>"
        );
    }

    #[test]
    fn values_are_decoded_then_escaped_again() {
        let iq =
            stanza("<iq from=\"o'neil@b\" id='&#x61;&lt;&#10;' type='get'><q xmlns='x'/></iq>");
        assert_eq!(
            reply(|w| iq_result(w, &iq)),
            "<iq to='o&apos;neil@b' id='a&lt;&#10;' type='result'/>"
        );
    }

    #[test]
    fn result_with_payload() {
        let iq =
            stanza("<iq from='a@b/c' id='v' type='get'><query xmlns='jabber:iq:version'/></iq>");
        let out = reply(|w| {
            iq_result_open(w, &iq)?
                .start("query")?
                .ns(crate::namespace::known::VERSION)?
                .element("name", "xmpp-wire")?
                .end()?
                .end()?;
            Ok(())
        });
        assert_eq!(
            out,
            "<iq to='a@b/c' id='v' type='result'><query xmlns='jabber:iq:version'>\
             <name>xmpp-wire</name></query></iq>"
        );
    }

    #[test]
    fn error_reply() {
        let iq = stanza("<iq from='a@b/c' to='b' id='e1' type='set'><x xmlns='urn:x'/></iq>");
        let out = reply(|w| {
            iq_error(
                w,
                &iq,
                ErrorType::Cancel,
                StanzaErrorCondition::ServiceUnavailable,
                Some("<no>"),
            )
        });
        assert_eq!(
            out,
            "<iq to='a@b/c' from='b' id='e1' type='error'><error type='cancel'>\
             <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\
             <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>&lt;no&gt;</text></error></iq>"
        );
    }

    #[test]
    fn refused_text_writes_nothing() {
        let mut buf = [0u8; 64];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        let request = Request {
            id: Some("1"),
            ..Request::default()
        };
        let bad = iq_error_plain(
            &mut w,
            &request,
            ErrorType::Wait,
            StanzaErrorCondition::Conflict,
            Some("\u{1}"),
        );
        assert_eq!(bad, Err(WriteError::InvalidChar { index: 0 }));
        assert_eq!(w.sink().written(), b"");
        assert_eq!(w.depth(), 0);
    }

    #[test]
    fn every_condition_and_type_round_trips_by_name() {
        assert_eq!(StanzaErrorCondition::ALL.len(), 22);
        for c in StanzaErrorCondition::ALL {
            assert_eq!(StanzaErrorCondition::from_name(c.as_str()), Some(c));
        }
        for t in ErrorType::ALL {
            assert_eq!(ErrorType::from_name(t.as_str()), Some(t));
        }
        assert_eq!(StanzaErrorCondition::from_name("payment-required"), None);
    }
}
