//! Namespace names that XMPP and its extensions define, and [`KnownNs`] to look them up.
//!
//! One table below makes the constants, the enum, and both directions of the lookup, so they
//! cannot drift apart. Each line names its source (an RFC, a XEP, or a W3C recommendation).
//!
//! ```
//! use xmpp_wire::ns::{self, KnownNs};
//!
//! assert_eq!(KnownNs::from_str("jabber:iq:roster"), Some(KnownNs::Roster));
//! assert_eq!(KnownNs::Roster.as_str(), ns::ROSTER);
//! assert_eq!(KnownNs::from_str("urn:example:unknown"), None);
//! ```

/// Defines each constant, the matching [`KnownNs`] variant, and the lookups, from one table.
macro_rules! known_namespaces {
    ($( $(#[doc = $doc:literal])+ $name:ident, $variant:ident = $value:literal; )+) => {
        $( $(#[doc = $doc])+ pub const $name: &str = $value; )+

        /// A namespace name this crate knows, one variant per constant of this module.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum KnownNs {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl KnownNs {
            /// Every known namespace, in the order of this module.
            pub const ALL: &'static [KnownNs] = &[$(KnownNs::$variant),+];

            /// The namespace name, e.g. `"jabber:iq:roster"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( KnownNs::$variant => $name, )+
                }
            }

            /// The known namespace whose name is exactly `name`, if any.
            ///
            /// A `match` on the string: the compiler dispatches on length, then compares bytes.
            /// An unknown namespace is no error (XMPP is extensible), hence `Option` rather than
            /// `FromStr`.
            #[allow(clippy::should_implement_trait)]
            pub fn from_str(name: &str) -> Option<KnownNs> {
                match name {
                    $( $value => Some(KnownNs::$variant), )+
                    _ => None,
                }
            }
        }
    };
}

known_namespaces! {
    // --- XML 1.0, Namespaces 1.0, XHTML
    /// Namespaces in XML 1.0 §3: the namespace bound to the `xml` prefix.
    XML, Xml = "http://www.w3.org/XML/1998/namespace";
    /// Namespaces in XML 1.0 §3: the namespace of `xmlns` declarations.
    XMLNS, Xmlns = "http://www.w3.org/2000/xmlns/";
    /// XHTML 1.0: the body of an XHTML-IM message (XEP-0071).
    XHTML, Xhtml = "http://www.w3.org/1999/xhtml";

    // --- RFC 6120: XMPP Core
    /// RFC 6120 §4.8.1: the stream namespace (`stream:stream`, `stream:features`, `stream:error`).
    STREAMS, Streams = "http://etherx.jabber.org/streams";
    /// RFC 6120 §4.8.2: the client-to-server content namespace.
    JABBER_CLIENT, JabberClient = "jabber:client";
    /// RFC 6120 §4.8.2: the server-to-server content namespace.
    JABBER_SERVER, JabberServer = "jabber:server";
    /// RFC 6120 §4.9.3: stream error conditions inside `stream:error`.
    XMPP_STREAMS, XmppStreams = "urn:ietf:params:xml:ns:xmpp-streams";
    /// RFC 6120 §5: STARTTLS negotiation.
    TLS, Tls = "urn:ietf:params:xml:ns:xmpp-tls";
    /// RFC 6120 §6: SASL negotiation.
    SASL, Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";
    /// RFC 6120 §7: resource binding.
    BIND, Bind = "urn:ietf:params:xml:ns:xmpp-bind";
    /// RFC 6120 §8.3: stanza error conditions.
    STANZAS, Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";

    // --- RFC 6121: XMPP Instant Messaging and Presence (and RFC 3921 before it)
    /// RFC 6121 §2: the roster.
    ROSTER, Roster = "jabber:iq:roster";
    /// RFC 6121 §2.6: the roster versioning stream feature.
    ROSTER_VERSIONING, RosterVersioning = "urn:xmpp:features:rosterver";
    /// RFC 6121 §3.4: the subscription pre-approval stream feature.
    PRE_APPROVAL, PreApproval = "urn:xmpp:features:pre-approval";
    /// RFC 3921 §3: session establishment (dropped by RFC 6121, still announced by servers).
    SESSION, Session = "urn:ietf:params:xml:ns:xmpp-session";
    /// RFC 3921 §10 (now XEP-0016): privacy lists.
    PRIVACY, Privacy = "jabber:iq:privacy";

    // --- RFC 7395 and BOSH: other transports
    /// RFC 7395 §3.3: XMPP over WebSocket framing (`open`, `close`).
    FRAMING, Framing = "urn:ietf:params:xml:ns:xmpp-framing";
    /// XEP-0124: BOSH.
    HTTPBIND, Httpbind = "http://jabber.org/protocol/httpbind";
    /// XEP-0206: XMPP over BOSH.
    XBOSH, Xbosh = "urn:xmpp:xbosh";

    // --- server-to-server and components
    /// XEP-0220: server dialback.
    DIALBACK, Dialback = "jabber:server:dialback";
    /// XEP-0220 §2.4: the dialback stream feature.
    DIALBACK_FEATURE, DialbackFeature = "urn:xmpp:features:dialback";
    /// XEP-0114: external components, accept mode.
    JABBER_COMPONENT_ACCEPT, JabberComponentAccept = "jabber:component:accept";
    /// XEP-0114: external components, connect mode.
    JABBER_COMPONENT_CONNECT, JabberComponentConnect = "jabber:component:connect";

    // --- stream features and negotiation extensions
    /// XEP-0198: stream management.
    SM, Sm = "urn:xmpp:sm:3";
    /// XEP-0352: client state indication.
    CSI, Csi = "urn:xmpp:csi:0";
    /// XEP-0077 §8: the in-band registration stream feature.
    REGISTER_FEATURE, RegisterFeature = "http://jabber.org/features/iq-register";
    /// XEP-0078 §4: the non-SASL authentication stream feature.
    AUTH_FEATURE, AuthFeature = "http://jabber.org/features/iq-auth";
    /// XEP-0138: stream compression.
    COMPRESS, Compress = "http://jabber.org/protocol/compress";
    /// XEP-0138: the stream compression feature.
    COMPRESS_FEATURE, CompressFeature = "http://jabber.org/features/compress";
    /// XEP-0388: extensible SASL profile (SASL2).
    SASL2, Sasl2 = "urn:xmpp:sasl:2";
    /// XEP-0386: Bind 2.
    BIND2, Bind2 = "urn:xmpp:bind:0";

    // --- legacy `jabber:*` namespaces
    /// XEP-0078: non-SASL authentication.
    AUTH, Auth = "jabber:iq:auth";
    /// XEP-0077: in-band registration.
    REGISTER, Register = "jabber:iq:register";
    /// XEP-0049: private XML storage.
    PRIVATE, Private = "jabber:iq:private";
    /// XEP-0055: jabber search.
    SEARCH, Search = "jabber:iq:search";
    /// XEP-0090: legacy entity time (superseded by XEP-0202).
    IQ_TIME, IqTime = "jabber:iq:time";
    /// XEP-0092: software version.
    VERSION, Version = "jabber:iq:version";
    /// XEP-0012: last activity.
    LAST, Last = "jabber:iq:last";
    /// Pre-XEP Jabber protocol: conferencing (superseded by XEP-0045).
    IQ_CONFERENCE, IqConference = "jabber:iq:conference";
    /// XEP-0249: direct MUC invitations.
    X_CONFERENCE, XConference = "jabber:x:conference";
    /// XEP-0027: OpenPGP-encrypted message.
    X_ENCRYPTED, XEncrypted = "jabber:x:encrypted";
    /// XEP-0027: OpenPGP-signed presence.
    X_SIGNED, XSigned = "jabber:x:signed";
    /// XEP-0023: message expiration.
    X_EXPIRE, XExpire = "jabber:x:expire";
    /// XEP-0022: message events.
    X_EVENT, XEvent = "jabber:x:event";
    /// XEP-0093: roster item exchange, legacy form (superseded by XEP-0144).
    X_ROSTER, XRoster = "jabber:x:roster";
    /// XEP-0091: legacy delayed delivery (superseded by XEP-0203).
    X_DELAY, XDelay = "jabber:x:delay";
    /// XEP-0004: data forms.
    DATA_FORMS, DataForms = "jabber:x:data";
    /// XEP-0066: out-of-band data, IQ form.
    IQ_OOB, IqOob = "jabber:iq:oob";
    /// XEP-0066: out-of-band data, message form.
    X_OOB, XOob = "jabber:x:oob";

    // --- vCards and avatars
    /// XEP-0054: vcard-temp.
    VCARD, Vcard = "vcard-temp";
    /// XEP-0153: vCard-based avatar update in presence.
    VCARD_UPDATE, VcardUpdate = "vcard-temp:x:update";
    /// XEP-0292 (RFC 6351): vCard4 over XMPP.
    VCARD4, Vcard4 = "urn:ietf:params:xml:ns:vcard-4.0";
    /// XEP-0084: user avatar data.
    AVATAR_DATA, AvatarData = "urn:xmpp:avatar:data";
    /// XEP-0084: user avatar metadata.
    AVATAR_METADATA, AvatarMetadata = "urn:xmpp:avatar:metadata";
    /// XEP-0172: user nickname.
    NICK, Nick = "http://jabber.org/protocol/nick";

    // --- discovery and entity information
    /// XEP-0030: service discovery, information.
    DISCO_INFO, DiscoInfo = "http://jabber.org/protocol/disco#info";
    /// XEP-0030: service discovery, items.
    DISCO_ITEMS, DiscoItems = "http://jabber.org/protocol/disco#items";
    /// XEP-0115: entity capabilities.
    CAPS, Caps = "http://jabber.org/protocol/caps";
    /// XEP-0199: XMPP ping.
    PING, Ping = "urn:xmpp:ping";
    /// XEP-0202: entity time.
    TIME, Time = "urn:xmpp:time";
    /// XEP-0050: ad-hoc commands.
    COMMANDS, Commands = "http://jabber.org/protocol/commands";
    /// XEP-0059: result set management.
    RSM, Rsm = "http://jabber.org/protocol/rsm";

    // --- messaging
    /// XEP-0085: chat state notifications.
    CHATSTATES, Chatstates = "http://jabber.org/protocol/chatstates";
    /// XEP-0184: message delivery receipts.
    RECEIPTS, Receipts = "urn:xmpp:receipts";
    /// XEP-0203: delayed delivery.
    DELAY, Delay = "urn:xmpp:delay";
    /// XEP-0280: message carbons.
    CARBONS, Carbons = "urn:xmpp:carbons:2";
    /// XEP-0297: stanza forwarding.
    FORWARD, Forward = "urn:xmpp:forward:0";
    /// XEP-0313: message archive management.
    MAM, Mam = "urn:xmpp:mam:2";
    /// XEP-0071: XHTML-IM wrapper element.
    XHTML_IM, XhtmlIm = "http://jabber.org/protocol/xhtml-im";
    /// XEP-0308: last message correction.
    MESSAGE_CORRECT, MessageCorrect = "urn:xmpp:message-correct:0";
    /// XEP-0333: chat markers.
    CHAT_MARKERS, ChatMarkers = "urn:xmpp:chat-markers:0";
    /// XEP-0334: message processing hints.
    HINTS, Hints = "urn:xmpp:hints";
    /// XEP-0359: unique and stable stanza IDs.
    SID, Sid = "urn:xmpp:sid:0";
    /// XEP-0033: extended stanza addressing.
    ADDRESS, Address = "http://jabber.org/protocol/address";
    /// XEP-0191: blocking command.
    BLOCKING, Blocking = "urn:xmpp:blocking";
    /// XEP-0363: HTTP file upload.
    HTTP_UPLOAD, HttpUpload = "urn:xmpp:http:upload:0";
    /// XEP-0357: push notifications.
    PUSH, Push = "urn:xmpp:push:0";
    /// XEP-0380: explicit message encryption.
    EME, Eme = "urn:xmpp:eme:0";

    // --- multi-user chat
    /// XEP-0045: multi-user chat.
    MUC, Muc = "http://jabber.org/protocol/muc";
    /// XEP-0045: multi-user chat, occupant use cases.
    MUC_USER, MucUser = "http://jabber.org/protocol/muc#user";
    /// XEP-0045: multi-user chat, moderator and admin use cases.
    MUC_ADMIN, MucAdmin = "http://jabber.org/protocol/muc#admin";
    /// XEP-0045: multi-user chat, owner use cases.
    MUC_OWNER, MucOwner = "http://jabber.org/protocol/muc#owner";
    /// XEP-0048: bookmark storage (legacy, in private XML or PEP).
    BOOKMARKS_LEGACY, BookmarksLegacy = "storage:bookmarks";
    /// XEP-0402: PEP native bookmarks.
    BOOKMARKS, Bookmarks = "urn:xmpp:bookmarks:1";

    // --- publish-subscribe
    /// XEP-0060: publish-subscribe.
    PUBSUB, Pubsub = "http://jabber.org/protocol/pubsub";
    /// XEP-0060: publish-subscribe event notifications.
    PUBSUB_EVENT, PubsubEvent = "http://jabber.org/protocol/pubsub#event";
    /// XEP-0060: publish-subscribe owner use cases.
    PUBSUB_OWNER, PubsubOwner = "http://jabber.org/protocol/pubsub#owner";
    /// XEP-0060: publish-subscribe application-specific error conditions.
    PUBSUB_ERRORS, PubsubErrors = "http://jabber.org/protocol/pubsub#errors";

    // --- file transfer and media
    /// XEP-0047: in-band bytestreams.
    IBB, Ibb = "http://jabber.org/protocol/ibb";
    /// XEP-0065: SOCKS5 bytestreams.
    BYTESTREAMS, Bytestreams = "http://jabber.org/protocol/bytestreams";
    /// XEP-0231: bits of binary.
    BOB, Bob = "urn:xmpp:bob";
    /// XEP-0166: Jingle.
    JINGLE, Jingle = "urn:xmpp:jingle:1";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_duplicate_values() {
        for (i, a) in KnownNs::ALL.iter().enumerate() {
            for b in &KnownNs::ALL[i + 1..] {
                assert_ne!(a.as_str(), b.as_str(), "{a:?} and {b:?} share a value");
            }
        }
    }

    #[test]
    fn every_variant_round_trips() {
        for &known in KnownNs::ALL {
            assert_eq!(KnownNs::from_str(known.as_str()), Some(known));
        }
    }

    #[test]
    fn stream_level_names_resolve() {
        assert_eq!(KnownNs::from_str(STREAMS), Some(KnownNs::Streams));
        assert_eq!(
            KnownNs::from_str(JABBER_CLIENT),
            Some(KnownNs::JabberClient)
        );
        assert_eq!(KnownNs::from_str(XMPP_STREAMS), Some(KnownNs::XmppStreams));
        assert_eq!(FRAMING, "urn:ietf:params:xml:ns:xmpp-framing");
    }

    #[test]
    fn lookup_is_exact() {
        assert_eq!(KnownNs::from_str(""), None);
        assert_eq!(KnownNs::from_str("JABBER:CLIENT"), None);
        assert_eq!(KnownNs::from_str("jabber:client "), None);
        assert_eq!(KnownNs::from_str("urn:xmpp:mam:1"), None);
    }
}
