//! Tracking the IQ requests an entity sends, so that each reply is matched to its request and a
//! reply from the wrong sender is caught (RFC 6120 §8.2.3).
//!
//! Spoofed IQ replies and roster pushes were a family of client bugs (2015–2017): a client that
//! matched replies by `id` alone let any contact who guessed an `id` answer in the server's
//! name. The tracker matches by `id` and then checks `from` against the entity the request was
//! addressed to.
//!
//! ```text
//! track("r1", Some("romeo@example.net/orchard"), now, 30_000)
//! <iq type='result' id='r1' from='romeo@example.net/orchard'/>   Matched, removed
//! <iq type='result' id='r1' from='mallory@example.org/x'/>       Spoofed, still pending
//! <iq type='result' id='r9' from='romeo@example.net/orchard'/>   Unsolicited
//! ```
//!
//! # JIDs
//!
//! JIDs are split the simple way of RFC 7622 §3.1, without PRECIS or IDNA: the resourcepart is
//! whatever follows the first `/`, the localpart whatever precedes the first `@` before it, the
//! domainpart what is left. Two JIDs are the same when their localparts and domainparts are
//! equal ignoring ASCII case (PRECIS and DNS fold ASCII case in both, so these never name two
//! entities) and their resourceparts are equal byte for byte. Pass JIDs in the form the server
//! uses (the server stamps `from` with the sender's normalised JID); a non-ASCII case difference
//! in a localpart reads as a different entity, which fails safe: the reply is reported, not
//! trusted.

use core::fmt;

use heapless::{String, Vec};

use crate::frame::{IqType, Stanza, StanzaKind, StanzaType};
use crate::namespace::known::ROSTER;
use crate::value::Value;

/// Longest request `id` the tracker stores, in bytes. Ids are the caller's own, so this is room
/// for a UUID or a counter with a prefix, with margin.
pub const ID_CAPACITY: usize = 64;

/// Longest JID the tracker stores (the account's, and a request's `to`), in bytes.
///
/// RFC 7622 §3.1 allows up to 1023 bytes per part (3071 in all), which would make every
/// pending request some 3 KiB; real addresses, MUC occupant JIDs included, stay far below 256.
/// A longer JID is refused with [`TrackError::TooLong`], never cut short.
pub const JID_CAPACITY: usize = 256;

/// Why the tracker refused a request or an account JID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrackError {
    /// All `N` slots hold pending requests; wait for replies or [`IqTracker::expire`].
    Full,
    /// A request with this `id` is already pending: replies are matched by `id`, so ids must be
    /// unique among pending requests (RFC 6120 §8.2.3).
    DuplicateId,
    /// The `id` is longer than [`ID_CAPACITY`] or a JID longer than [`JID_CAPACITY`].
    TooLong,
    /// A JID with an empty domainpart, or an empty localpart before `@` or resourcepart after
    /// `/` (RFC 7622 §3.1).
    InvalidJid,
}

impl TrackError {
    /// A stable kebab-case name, e.g. `"duplicate-id"`, identical in every binding.
    pub const fn as_str(self) -> &'static str {
        match self {
            TrackError::Full => "full",
            TrackError::DuplicateId => "duplicate-id",
            TrackError::TooLong => "too-long",
            TrackError::InvalidJid => "invalid-jid",
        }
    }

    /// A short description, e.g. `"tracker is full"`.
    pub const fn message(self) -> &'static str {
        match self {
            TrackError::Full => "tracker is full",
            TrackError::DuplicateId => "a request with this id is already pending",
            TrackError::TooLong => "id or JID too long to track",
            TrackError::InvalidJid => "invalid JID",
        }
    }
}

impl fmt::Display for TrackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for TrackError {}

/// What an incoming stanza means to the tracker, from [`IqTracker::on_stanza`].
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// Not an IQ `result` or `error`: a request, a message, a presence. The tracker did nothing.
    NotAReply,
    /// The reply to a pending request, from the entity it was sent to. The request is removed.
    Matched {
        /// The reply's `id`, equal to the request's.
        id: Value<'a>,
    },
    /// Its `id` matches a pending request, but it comes from an entity other than the one the
    /// request was sent to. Drop it; the request stays pending, so the real reply still matches.
    Spoofed {
        /// The reply's `id`, equal to the request's.
        id: Value<'a>,
    },
    /// A `result` or `error` that answers no pending request (or has no `id`): late after a
    /// timeout, a duplicate, or forged. Drop it.
    Unsolicited,
}

impl Verdict<'_> {
    /// `"not-a-reply"`, `"matched"`, `"spoofed"` or `"unsolicited"`: the name every binding uses.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Verdict::NotAReply => "not-a-reply",
            Verdict::Matched { .. } => "matched",
            Verdict::Spoofed { .. } => "spoofed",
            Verdict::Unsolicited => "unsolicited",
        }
    }
}

/// A tracker size for clients that do not need to choose one: far more requests than a client
/// keeps in flight, at some 330 bytes each.
pub const DEFAULT_CAPACITY: usize = 64;

/// One pending request.
#[derive(Clone, Debug)]
struct Request {
    id: String<ID_CAPACITY>,
    to: Option<String<JID_CAPACITY>>,
    /// The clock value at and after which the request has timed out.
    deadline: u64,
}

/// The IQ requests an entity has sent and not yet seen answered, at most `N` of them, in fixed
/// memory (RFC 6120 §8.2.3: the requester tracks each `get` or `set` by `id`).
///
/// Each slot takes about `ID_CAPACITY + JID_CAPACITY` bytes (some 330); `N` = 16 suits a
/// client. The clock is the caller's: any monotonic count (milliseconds, ticks), passed as
/// `now` and compared with `now + timeout`.
///
/// ```
/// use xmpp_wire::{Config, Frame, IqTracker, StreamParser, Verdict};
///
/// let mut tracker = IqTracker::<16>::new("juliet@example.com/balcony")?;
/// tracker.track("v1", Some("romeo@example.net/orchard"), 0, 30_000)?;
/// tracker.track("r1", None, 0, 30_000)?;
///
/// let mut parser = StreamParser::new([0u8; 4096], Config::default());
/// parser.feed(
///     b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\
///       <iq type='result' id='v1' from='mallory@evil.example/x'/>\
///       <iq type='result' id='v1' from='romeo@example.net/orchard'/>",
/// );
/// let mut verdicts = Vec::new();
/// while let Some(frame) = parser.next_frame()? {
///     if let Frame::Stanza(stanza) = frame {
///         verdicts.push(match tracker.on_stanza(&stanza) {
///             Verdict::Matched { .. } => "matched", // handle the reply
///             Verdict::Spoofed { .. } => "spoofed", // drop it
///             Verdict::Unsolicited => "unsolicited", // drop it
///             Verdict::NotAReply => "not a reply",  // a request, message or presence
///         });
///     }
/// }
/// assert_eq!(verdicts, ["spoofed", "matched"]);
///
/// // The roster request got no answer: at its deadline it times out.
/// let mut timed_out = Vec::new();
/// tracker.expire(30_000, |id, _to| timed_out.push(id.to_owned()));
/// assert_eq!(timed_out, ["r1"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct IqTracker<const N: usize> {
    /// The account's JID, bare or full; its bare JID and domain are derived when needed.
    account: String<JID_CAPACITY>,
    pending: Vec<Request, N>,
}

impl<const N: usize> IqTracker<N> {
    /// A tracker with nothing pending, for the account `account` (a bare JID before resource
    /// binding, the full JID after it; see [`IqTracker::set_account`]).
    ///
    /// Fails with [`TrackError::TooLong`] or [`TrackError::InvalidJid`].
    pub fn new(account: &str) -> Result<Self, TrackError> {
        Ok(IqTracker {
            account: store_jid(account)?,
            pending: Vec::new(),
        })
    }

    /// Replaces the account's JID, typically with the full JID the server assigned at resource
    /// binding (RFC 6120 §7.6.1). Pending requests stay pending.
    pub fn set_account(&mut self, account: &str) -> Result<(), TrackError> {
        self.account = store_jid(account)?;
        Ok(())
    }

    /// The account's JID as last given.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// Records a `get` or `set` request sent with `id` to `to` (`None` when the stanza had no
    /// `to`, i.e. was addressed to the account's own server, RFC 6120 §10.3.3), timing out at
    /// `now + timeout`.
    ///
    /// Fails with [`TrackError::Full`], [`TrackError::DuplicateId`], [`TrackError::TooLong`] or
    /// [`TrackError::InvalidJid`]; nothing is recorded then.
    pub fn track(
        &mut self,
        id: &str,
        to: Option<&str>,
        now: u64,
        timeout: u64,
    ) -> Result<(), TrackError> {
        if self.pending.iter().any(|request| request.id == id) {
            return Err(TrackError::DuplicateId);
        }
        let request = Request {
            id: String::try_from(id).map_err(|_| TrackError::TooLong)?,
            to: to.map(store_jid).transpose()?,
            deadline: now.saturating_add(timeout),
        };
        self.pending.push(request).map_err(|_| TrackError::Full)
    }

    /// Classifies an incoming stanza; a reply that answers a pending request from the right
    /// sender removes it.
    ///
    /// Who may answer a request (RFC 6120 §8.1.2.1, §10.3.3):
    /// - sent with no `to`, or to the account's bare JID or domain: the server answers for the
    ///   account, so the reply may have no `from`, or come from the account's bare JID, its
    ///   domain, or its full JID, all of which only the server can use on this stream;
    /// - sent to anyone else: the reply must come from exactly the JID the request went to.
    ///
    /// ```text
    /// <iq type='result' id='r1' from='romeo@example.net/orchard'/>
    ///                   --                                          matched by id
    ///                           ----------------------------------- checked against `to`
    /// ```
    pub fn on_stanza<'a>(&mut self, stanza: &Stanza<'a>) -> Verdict<'a> {
        if !is_iq_of(stanza, |kind| {
            matches!(kind, IqType::Result | IqType::Error)
        }) {
            return Verdict::NotAReply;
        }
        let Some(id) = stanza.id() else {
            return Verdict::Unsolicited;
        };
        let Some(index) = self.pending.iter().position(|r| id.decodes_to(&r.id)) else {
            return Verdict::Unsolicited;
        };
        let mut buf = [0u8; JID_CAPACITY];
        let sender = Sender::of(stanza.from(), &mut buf);
        if !self.may_answer(self.pending[index].to.as_deref(), sender) {
            return Verdict::Spoofed { id };
        }
        self.pending.swap_remove(index);
        Verdict::Matched { id }
    }

    /// Whether `sender` may answer a request sent to `to` (see [`IqTracker::on_stanza`]).
    fn may_answer(&self, to: Option<&str>, sender: Sender<'_>) -> bool {
        let account = self.account_jid();
        let server_answers = match to.and_then(Jid::parse) {
            None => true,
            Some(to) => to.same(account.bare()) || to.same(account.domain_only()),
        };
        match sender {
            Sender::Absent => server_answers,
            Sender::Invalid => false,
            Sender::Jid(from) if server_answers => {
                from.same(account.bare()) || from.same(account.domain_only()) || from.same(account)
            }
            Sender::Jid(from) => to.and_then(Jid::parse).is_some_and(|to| from.same(to)),
        }
    }

    /// Whether `stanza` is a roster push (an IQ `set` carrying `jabber:iq:roster`) that the
    /// client may apply: one with no `from` or from the account's bare JID. RFC 6121 §2.1.6
    /// says a client MUST ignore any other, since anyone can send an IQ `set` to a full JID.
    ///
    /// False for every other stanza, so a client applies a push only when this is true.
    pub fn is_trusted_push(&self, stanza: &Stanza<'_>) -> bool {
        if !is_iq_of(stanza, |kind| kind == IqType::Set) {
            return false;
        }
        if !stanza
            .payloads()
            .next()
            .is_some_and(|query| query.ns() == ROSTER)
        {
            return false;
        }
        let mut buf = [0u8; JID_CAPACITY];
        match Sender::of(stanza.from(), &mut buf) {
            Sender::Absent => true,
            Sender::Jid(from) => from.same(self.account_jid().bare()),
            Sender::Invalid => false,
        }
    }

    /// Removes every request whose deadline is at or before `now`, calling `on_expired` with
    /// its `id` and `to`, and returns how many were removed.
    ///
    /// A reply that arrives after its request expired is [`Verdict::Unsolicited`].
    pub fn expire(&mut self, now: u64, mut on_expired: impl FnMut(&str, Option<&str>)) -> usize {
        let before = self.pending.len();
        self.pending.retain(|request| {
            let expired = request.deadline <= now;
            if expired {
                on_expired(&request.id, request.to.as_deref());
            }
            !expired
        });
        before - self.pending.len()
    }

    /// The earliest deadline among pending requests, for the caller's timer.
    pub fn next_deadline(&self) -> Option<u64> {
        self.pending.iter().map(|request| request.deadline).min()
    }

    /// Forgets the pending request `id`, if there is one; returns whether there was.
    pub fn cancel(&mut self, id: &str) -> bool {
        match self.pending.iter().position(|request| request.id == id) {
            Some(index) => {
                self.pending.swap_remove(index);
                true
            }
            None => false,
        }
    }

    /// Forgets every pending request: when the stream ends, no reply to them can come (unless
    /// the session is resumed with XEP-0198, where the caller keeps them).
    pub fn clear(&mut self) {
        self.pending.clear();
    }

    /// Number of pending requests.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no request is pending.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Most requests that can be pending at once: `N`.
    pub const fn capacity(&self) -> usize {
        N
    }

    fn account_jid(&self) -> Jid<'_> {
        // Checked by `store_jid` when it was set.
        Jid::parse(&self.account).unwrap_or(Jid {
            local: None,
            domain: "",
            resource: None,
        })
    }
}

/// Whether `stanza` is an IQ whose `type` satisfies `wanted`.
fn is_iq_of(stanza: &Stanza<'_>, wanted: impl Fn(IqType) -> bool) -> bool {
    stanza.kind() == StanzaKind::Iq
        && matches!(stanza.stanza_type(), Some(StanzaType::Iq(kind)) if wanted(kind))
}

/// Copies a JID after checking that it splits and fits.
fn store_jid(jid: &str) -> Result<String<JID_CAPACITY>, TrackError> {
    Jid::parse(jid).ok_or(TrackError::InvalidJid)?;
    String::try_from(jid).map_err(|_| TrackError::TooLong)
}

/// A JID split into its parts (RFC 7622 §3.1), without normalisation (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Jid<'a> {
    local: Option<&'a str>,
    domain: &'a str,
    resource: Option<&'a str>,
}

impl<'a> Jid<'a> {
    /// Splits `jid`; `None` when a part that is present is empty.
    fn parse(jid: &'a str) -> Option<Jid<'a>> {
        let (bare, resource) = match jid.split_once('/') {
            Some((bare, resource)) => (bare, Some(resource)),
            None => (jid, None),
        };
        let (local, domain) = match bare.split_once('@') {
            Some((local, domain)) => (Some(local), domain),
            None => (None, bare),
        };
        let empty = |part: Option<&str>| part.is_some_and(str::is_empty);
        if domain.is_empty() || empty(local) || empty(resource) {
            return None;
        }
        Some(Jid {
            local,
            domain,
            resource,
        })
    }

    /// `localpart@domainpart`.
    fn bare(self) -> Jid<'a> {
        Jid {
            resource: None,
            ..self
        }
    }

    /// `domainpart`.
    fn domain_only(self) -> Jid<'a> {
        Jid {
            local: None,
            domain: self.domain,
            resource: None,
        }
    }

    /// The same entity: localpart and domainpart equal ignoring ASCII case, resourcepart equal.
    fn same(self, other: Jid<'_>) -> bool {
        let fold = |a: Option<&str>, b: Option<&str>| match (a, b) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a.is_none() && b.is_none(),
        };
        fold(self.local, other.local)
            && self.domain.eq_ignore_ascii_case(other.domain)
            && self.resource == other.resource
    }
}

/// The `from` of an incoming stanza, decoded.
#[derive(Clone, Copy, Debug)]
enum Sender<'a> {
    /// No `from`: on a client's stream, the server (or the account, on its behalf).
    Absent,
    /// A JID that splits.
    Jid(Jid<'a>),
    /// Not a JID, or longer than any JID the tracker stores: it matches no one.
    Invalid,
}

impl<'b> Sender<'b> {
    /// Decodes `from`, copying into `buf` only when it holds references to decode.
    fn of(from: Option<Value<'b>>, buf: &'b mut [u8; JID_CAPACITY]) -> Sender<'b> {
        let Some(from) = from else {
            return Sender::Absent;
        };
        let text = match from.as_plain() {
            Some(plain) => Some(plain),
            None => from.decode_into(buf).ok(),
        };
        text.and_then(Jid::parse)
            .map_or(Sender::Invalid, Sender::Jid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Frame, StreamParser};

    const ACCOUNT: &str = "juliet@example.com/balcony";
    const HEADER: &[u8] = b"<stream:stream xmlns='jabber:client' \
        xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='s1' \
        version='1.0'>";

    /// Parses `xml`, one stanza, inside a client stream and hands its frame to `f`.
    fn with_stanza<R>(xml: &str, f: impl FnOnce(&Stanza<'_>) -> R) -> R {
        let mut parser = StreamParser::new([0u8; 2048], Config::default());
        assert_eq!(parser.feed(HEADER), HEADER.len());
        assert!(matches!(
            parser.next_frame(),
            Ok(Some(Frame::StreamOpen(_)))
        ));
        assert_eq!(parser.feed(xml.as_bytes()), xml.len());
        match parser.next_frame() {
            Ok(Some(Frame::Stanza(stanza))) => f(&stanza),
            other => panic!("not a stanza: {other:?}"),
        }
    }

    /// The verdict on `xml`, reduced to a label (the id is checked where it matters).
    fn verdict<const N: usize>(tracker: &mut IqTracker<N>, xml: &str) -> &'static str {
        with_stanza(xml, |stanza| match tracker.on_stanza(stanza) {
            Verdict::NotAReply => "not-a-reply",
            Verdict::Matched { .. } => "matched",
            Verdict::Spoofed { .. } => "spoofed",
            Verdict::Unsolicited => "unsolicited",
        })
    }

    fn tracker() -> IqTracker<4> {
        IqTracker::new(ACCOUNT).unwrap()
    }

    #[test]
    fn a_reply_from_the_addressee_matches_once() {
        let mut t = tracker();
        t.track("v1", Some("romeo@example.net/orchard"), 0, 100)
            .unwrap();
        let reply = "<iq type='result' id='v1' from='romeo@example.net/orchard'/>";
        with_stanza(reply, |stanza| {
            let Verdict::Matched { id } = t.on_stanza(stanza) else {
                panic!("not matched");
            };
            assert!(id == "v1");
        });
        assert!(t.is_empty());
        assert_eq!(verdict(&mut t, reply), "unsolicited");
    }

    #[test]
    fn errors_match_too_and_ids_are_compared_decoded() {
        let mut t = tracker();
        t.track("a&b", Some("example.net"), 0, 100).unwrap();
        let reply = "<iq type='error' id='a&amp;b' from='example.net'>\
            <error type='cancel'><service-unavailable \
            xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
        assert_eq!(verdict(&mut t, reply), "matched");
    }

    #[test]
    fn requests_messages_and_presence_are_not_replies() {
        let mut t = tracker();
        t.track("x", None, 0, 100).unwrap();
        for xml in [
            "<iq type='get' id='x'><ping xmlns='urn:xmpp:ping'/></iq>",
            "<iq type='set' id='x'><query xmlns='jabber:iq:roster'/></iq>",
            "<iq type='bogus' id='x'/>",
            "<message id='x' type='error'/>",
            "<presence id='x' type='error'/>",
        ] {
            assert_eq!(verdict(&mut t, xml), "not-a-reply", "{xml}");
        }
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn a_reply_to_nothing_pending_is_unsolicited() {
        let mut t = tracker();
        t.track("x", None, 0, 100).unwrap();
        assert_eq!(verdict(&mut t, "<iq type='result' id='y'/>"), "unsolicited");
        assert_eq!(verdict(&mut t, "<iq type='result'/>"), "unsolicited");
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn a_spoofed_reply_leaves_the_request_pending() {
        let mut t = tracker();
        t.track("v1", Some("romeo@example.net/orchard"), 0, 100)
            .unwrap();
        for from in [
            "<iq type='result' id='v1' from='mallory@evil.example/x'/>",
            "<iq type='result' id='v1' from='romeo@example.net/other'/>",
            "<iq type='result' id='v1' from='romeo@example.net'/>",
            "<iq type='result' id='v1' from='example.net'/>",
            "<iq type='result' id='v1'/>",
            "<iq type='result' id='v1' from='juliet@example.com'/>",
            "<iq type='result' id='v1' from='@example.net'/>",
        ] {
            assert_eq!(verdict(&mut t, from), "spoofed", "{from}");
            assert_eq!(t.len(), 1);
        }
        let real = "<iq type='result' id='v1' from='romeo@example.net/orchard'/>";
        assert_eq!(verdict(&mut t, real), "matched");
    }

    #[test]
    fn the_server_answers_for_requests_without_to() {
        // RFC 6120 §10.3.3: no `to` means the account's server handles it for the account.
        for from in [
            "",
            " from='juliet@example.com'",
            " from='example.com'",
            " from='juliet@example.com/balcony'",
        ] {
            let mut t = tracker();
            t.track("r1", None, 0, 100).unwrap();
            let mut reply: String<128> = String::new();
            for part in ["<iq type='result' id='r1'", from, "/>"] {
                reply.push_str(part).unwrap();
            }
            assert_eq!(verdict(&mut t, &reply), "matched", "{reply}");
        }
        let mut t = tracker();
        t.track("r1", None, 0, 100).unwrap();
        for from in [
            "juliet@example.com/other",
            "romeo@example.net",
            "example.net",
            "other@example.com",
        ] {
            let mut reply: String<128> = String::new();
            for part in ["<iq type='result' id='r1' from='", from, "'/>"] {
                reply.push_str(part).unwrap();
            }
            assert_eq!(verdict(&mut t, &reply), "spoofed", "{reply}");
        }
    }

    #[test]
    fn requests_to_the_own_bare_jid_or_domain_are_answered_by_the_server() {
        for to in ["juliet@example.com", "example.com", "Juliet@EXAMPLE.com"] {
            let mut t = tracker();
            t.track("p1", Some(to), 0, 100).unwrap();
            assert_eq!(
                verdict(&mut t, "<iq type='result' id='p1'/>"),
                "matched",
                "{to}"
            );
        }
    }

    #[test]
    fn jids_compare_ascii_case_insensitively_except_the_resource() {
        let mut t = tracker();
        t.track("c1", Some("Romeo@Example.NET/orchard"), 0, 100)
            .unwrap();
        let wrong_resource = "<iq type='result' id='c1' from='romeo@example.net/Orchard'/>";
        assert_eq!(verdict(&mut t, wrong_resource), "spoofed");
        let folded = "<iq type='result' id='c1' from='romeo@example.net/orchard'/>";
        assert_eq!(verdict(&mut t, folded), "matched");
        // A `from` with references is decoded before comparing.
        t.track("c2", Some("romeo@example.net/orchard"), 0, 100)
            .unwrap();
        let escaped = "<iq type='result' id='c2' from='romeo&#64;example.net/orchard'/>";
        assert_eq!(verdict(&mut t, escaped), "matched");
    }

    #[test]
    fn requests_time_out_at_their_deadline() {
        let mut t = tracker();
        t.track("a", None, 0, 10).unwrap();
        t.track("b", Some("example.net"), 5, 10).unwrap();
        t.track("c", None, 0, u64::MAX).unwrap();
        assert_eq!(t.next_deadline(), Some(10));
        let mut seen: Vec<(String<8>, bool), 4> = Vec::new();
        let mut record = |id: &str, to: Option<&str>| {
            seen.push((String::try_from(id).unwrap(), to.is_some()))
                .unwrap();
        };
        assert_eq!(t.expire(9, &mut record), 0);
        assert_eq!(t.expire(10, &mut record), 1);
        assert_eq!(t.expire(100, &mut record), 1);
        assert_eq!(seen.len(), 2);
        assert_eq!((seen[0].0.as_str(), seen[0].1), ("a", false));
        assert_eq!((seen[1].0.as_str(), seen[1].1), ("b", true));
        assert_eq!(t.len(), 1);
        assert_eq!(t.next_deadline(), Some(u64::MAX));
        assert_eq!(verdict(&mut t, "<iq type='result' id='a'/>"), "unsolicited");
    }

    #[test]
    fn capacity_duplicates_and_lengths_are_refused() {
        let mut t: IqTracker<2> = IqTracker::new("example.com").unwrap();
        assert_eq!(t.capacity(), 2);
        t.track("1", None, 0, 1).unwrap();
        assert_eq!(
            t.track("1", Some("example.net"), 0, 1),
            Err(TrackError::DuplicateId)
        );
        t.track("2", None, 0, 1).unwrap();
        assert_eq!(t.track("3", None, 0, 1), Err(TrackError::Full));
        assert!(t.cancel("1") && !t.cancel("1"));
        let long_id = [b'x'; ID_CAPACITY + 1];
        let long_id = core::str::from_utf8(&long_id).unwrap();
        assert_eq!(t.track(long_id, None, 0, 1), Err(TrackError::TooLong));
        assert_eq!(t.track(&long_id[1..], None, 0, 1), Ok(()));
        t.clear();
        let mut long_jid = [b'a'; JID_CAPACITY + 1];
        long_jid[1] = b'@';
        let long_jid = core::str::from_utf8(&long_jid).unwrap();
        assert_eq!(t.track("4", Some(long_jid), 0, 1), Err(TrackError::TooLong));
        assert_eq!(
            t.track("4", Some(&long_jid[1..]), 0, 1),
            Err(TrackError::InvalidJid)
        );
        assert_eq!(t.track("4", Some(&long_jid[2..]), 0, 1), Ok(()));
        for bad in ["", "@example.com", "juliet@", "example.com/", "a@/r"] {
            assert_eq!(
                t.track("5", Some(bad), 0, 1),
                Err(TrackError::InvalidJid),
                "{bad}"
            );
            assert_eq!(
                IqTracker::<1>::new(bad).err(),
                Some(TrackError::InvalidJid),
                "{bad}"
            );
        }
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn jids_split_at_the_first_slash_then_the_first_at() {
        let jid = Jid::parse("a@b/c@d/e").unwrap();
        assert_eq!(
            (jid.local, jid.domain, jid.resource),
            (Some("a"), "b", Some("c@d/e"))
        );
        let jid = Jid::parse("b/c@d").unwrap();
        assert_eq!(
            (jid.local, jid.domain, jid.resource),
            (None, "b", Some("c@d"))
        );
    }

    #[test]
    fn roster_pushes_are_trusted_only_from_the_account() {
        let t = tracker();
        let push = |from: &str| {
            let mut xml: String<160> = String::new();
            for part in [
                "<iq type='set' id='p'",
                from,
                "><query xmlns='jabber:iq:roster'/></iq>",
            ] {
                xml.push_str(part).unwrap();
            }
            with_stanza(&xml, |stanza| t.is_trusted_push(stanza))
        };
        assert!(push(""));
        assert!(push(" from='juliet@example.com'"));
        assert!(push(" from='JULIET@example.com'"));
        assert!(!push(" from='juliet@example.com/balcony'"));
        assert!(!push(" from='example.com'"));
        assert!(!push(" from='mallory@evil.example'"));
        let not_pushes = [
            "<iq type='get' id='p'><query xmlns='jabber:iq:roster'/></iq>",
            "<iq type='result' id='p'><query xmlns='jabber:iq:roster'/></iq>",
            "<iq type='set' id='p'><query xmlns='jabber:iq:private'/></iq>",
            "<message><query xmlns='jabber:iq:roster'/></message>",
        ];
        for xml in not_pushes {
            assert!(
                !with_stanza(xml, |stanza| t.is_trusted_push(stanza)),
                "{xml}"
            );
        }
    }

    #[test]
    fn set_account_after_binding() {
        let mut t: IqTracker<1> = IqTracker::new("juliet@example.com").unwrap();
        t.track("r", None, 0, 1).unwrap();
        let from_full = "<iq type='result' id='r' from='juliet@example.com/balcony'/>";
        assert_eq!(verdict(&mut t, from_full), "spoofed");
        t.set_account(ACCOUNT).unwrap();
        assert_eq!(t.account(), ACCOUNT);
        assert_eq!(verdict(&mut t, from_full), "matched");
        assert_eq!(t.set_account("/"), Err(TrackError::InvalidJid));
        assert_eq!(t.account(), ACCOUNT);
    }
}
