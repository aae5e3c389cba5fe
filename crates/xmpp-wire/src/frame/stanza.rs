//! Stanzas (RFC 6120 §8): `message`, `presence` and `iq`, their routing attributes and types.

use core::fmt;

use crate::value::Value;

use super::{check, Element, IqProblem};

/// The three stanza kinds (RFC 6120 §8.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StanzaKind {
    /// `<message/>`: push (RFC 6121 §5).
    Message,
    /// `<presence/>`: availability broadcast and subscriptions (RFC 6121 §3, §4).
    Presence,
    /// `<iq/>`: request and response, matched by `id` (RFC 6120 §8.2.3).
    Iq,
}

impl StanzaKind {
    /// `"message"`, `"presence"` or `"iq"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            StanzaKind::Message => "message",
            StanzaKind::Presence => "presence",
            StanzaKind::Iq => "iq",
        }
    }

    /// The stanza kind of an element named `local` (case-sensitive).
    pub fn from_name(local: &str) -> Option<StanzaKind> {
        match local {
            "message" => Some(StanzaKind::Message),
            "presence" => Some(StanzaKind::Presence),
            "iq" => Some(StanzaKind::Iq),
            _ => None,
        }
    }
}

/// `type` of an `iq` (RFC 6120 §8.2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IqType {
    /// A request for information.
    Get,
    /// A request to change something.
    Set,
    /// A successful answer.
    Result,
    /// A failed request (RFC 6120 §8.3).
    Error,
}

/// `type` of a `message` (RFC 6121 §5.2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// One-to-one chat.
    Chat,
    /// An error about a message sent earlier.
    Error,
    /// Multi-user chat.
    Groupchat,
    /// An alert or notification that expects no reply.
    Headline,
    /// A standalone message (also the meaning of an absent `type`).
    Normal,
}

/// `type` of a `presence` (RFC 6121 §4.7.1; absent means available).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PresenceType {
    /// An error about presence sent earlier.
    Error,
    /// A request for the entity's current presence (server-generated).
    Probe,
    /// A request to subscribe.
    Subscribe,
    /// A subscription approval.
    Subscribed,
    /// No longer available.
    Unavailable,
    /// A request to unsubscribe.
    Unsubscribe,
    /// A subscription cancellation.
    Unsubscribed,
}

/// A stanza's `type`, typed by its kind; values the RFCs do not define are kept raw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StanzaType<'a> {
    /// An `iq` type.
    Iq(IqType),
    /// A `message` type.
    Message(MessageType),
    /// A `presence` type.
    Presence(PresenceType),
    /// A value the RFCs do not define for this kind, as written.
    Other(Value<'a>),
}

impl<'a> StanzaType<'a> {
    /// Parses `value` as the `type` of a stanza of `kind`.
    pub fn parse(kind: StanzaKind, value: Value<'a>) -> StanzaType<'a> {
        let known = value.as_plain().and_then(|v| match (kind, v) {
            (StanzaKind::Iq, "get") => Some(StanzaType::Iq(IqType::Get)),
            (StanzaKind::Iq, "set") => Some(StanzaType::Iq(IqType::Set)),
            (StanzaKind::Iq, "result") => Some(StanzaType::Iq(IqType::Result)),
            (StanzaKind::Iq, "error") => Some(StanzaType::Iq(IqType::Error)),
            (StanzaKind::Message, "chat") => Some(StanzaType::Message(MessageType::Chat)),
            (StanzaKind::Message, "error") => Some(StanzaType::Message(MessageType::Error)),
            (StanzaKind::Message, "groupchat") => Some(StanzaType::Message(MessageType::Groupchat)),
            (StanzaKind::Message, "headline") => Some(StanzaType::Message(MessageType::Headline)),
            (StanzaKind::Message, "normal") => Some(StanzaType::Message(MessageType::Normal)),
            (StanzaKind::Presence, "error") => Some(StanzaType::Presence(PresenceType::Error)),
            (StanzaKind::Presence, "probe") => Some(StanzaType::Presence(PresenceType::Probe)),
            (StanzaKind::Presence, "subscribe") => {
                Some(StanzaType::Presence(PresenceType::Subscribe))
            }
            (StanzaKind::Presence, "subscribed") => {
                Some(StanzaType::Presence(PresenceType::Subscribed))
            }
            (StanzaKind::Presence, "unavailable") => {
                Some(StanzaType::Presence(PresenceType::Unavailable))
            }
            (StanzaKind::Presence, "unsubscribe") => {
                Some(StanzaType::Presence(PresenceType::Unsubscribe))
            }
            (StanzaKind::Presence, "unsubscribed") => {
                Some(StanzaType::Presence(PresenceType::Unsubscribed))
            }
            _ => None,
        });
        known.unwrap_or(StanzaType::Other(value))
    }

    /// The `type` value as the RFCs spell it (the raw value for [`StanzaType::Other`]).
    pub fn as_str(&self) -> &'a str {
        match self {
            StanzaType::Iq(IqType::Get) => "get",
            StanzaType::Iq(IqType::Set) => "set",
            StanzaType::Iq(IqType::Result) => "result",
            StanzaType::Iq(IqType::Error) | StanzaType::Message(MessageType::Error) => "error",
            StanzaType::Presence(PresenceType::Error) => "error",
            StanzaType::Message(MessageType::Chat) => "chat",
            StanzaType::Message(MessageType::Groupchat) => "groupchat",
            StanzaType::Message(MessageType::Headline) => "headline",
            StanzaType::Message(MessageType::Normal) => "normal",
            StanzaType::Presence(PresenceType::Probe) => "probe",
            StanzaType::Presence(PresenceType::Subscribe) => "subscribe",
            StanzaType::Presence(PresenceType::Subscribed) => "subscribed",
            StanzaType::Presence(PresenceType::Unavailable) => "unavailable",
            StanzaType::Presence(PresenceType::Unsubscribe) => "unsubscribe",
            StanzaType::Presence(PresenceType::Unsubscribed) => "unsubscribed",
            StanzaType::Other(value) => value.raw(),
        }
    }
}

impl fmt::Display for StanzaType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StanzaType::Other(value) => value.fmt(f),
            known => f.write_str(known.as_str()),
        }
    }
}

/// A `message`, `presence` or `iq` stanza at the top level of the stream.
///
/// ```text
/// <message to='romeo@example.net' id='m1' type='chat'><body>Hi</body></message>
///              -----------------                                                 to()
///                                     --                                         id()
///                                               ----                             stanza_type()
///                                                     ----------------           payloads()
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Stanza<'a> {
    element: Element<'a>,
    kind: StanzaKind,
    problem: Option<IqProblem>,
}

impl<'a> Stanza<'a> {
    pub(crate) fn new(element: Element<'a>, kind: StanzaKind, payload_count: usize) -> Stanza<'a> {
        let mut stanza = Stanza {
            element,
            kind,
            problem: None,
        };
        stanza.problem = check::iq_problem(&stanza, payload_count);
        stanza
    }

    /// Message, presence or IQ.
    pub const fn kind(&self) -> StanzaKind {
        self.kind
    }

    /// The element view: name, namespace, attributes, payloads, raw bytes.
    pub const fn element(&self) -> &Element<'a> {
        &self.element
    }

    /// The stanza's bytes exactly as received.
    pub const fn raw(&self) -> &'a [u8] {
        self.element.raw()
    }

    /// Byte offset of the stanza's `<` in the stream.
    pub const fn offset(&self) -> u64 {
        self.element.offset()
    }

    /// `to` (RFC 6120 §8.1.1).
    pub fn to(&self) -> Option<Value<'a>> {
        self.element.attr("to")
    }

    /// `from` (RFC 6120 §8.1.2).
    pub fn from(&self) -> Option<Value<'a>> {
        self.element.attr("from")
    }

    /// `id` (RFC 6120 §8.1.3).
    pub fn id(&self) -> Option<Value<'a>> {
        self.element.attr("id")
    }

    /// `type`, typed by the stanza kind (RFC 6120 §8.1.4).
    pub fn stanza_type(&self) -> Option<StanzaType<'a>> {
        self.element
            .attr("type")
            .map(|value| StanzaType::parse(self.kind, value))
    }

    /// `xml:lang` (RFC 6120 §8.1.5).
    pub fn lang(&self) -> Option<Value<'a>> {
        self.element.attr("xml:lang")
    }

    /// The payload children, in order, each with its namespace resolved.
    pub fn payloads(&self) -> super::Children<'_> {
        self.element.payloads()
    }

    /// A breach of the IQ rules of RFC 6120 §8.2.3, if this stanza has one. Not a stream error:
    /// the caller decides (usually a `bad-request` stanza error reply).
    pub const fn problem(&self) -> Option<IqProblem> {
        self.problem
    }
}
