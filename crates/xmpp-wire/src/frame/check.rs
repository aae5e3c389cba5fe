//! RFC 6120 §8.2.3 IQ rules, reported on the frame rather than as stream errors.

use super::stanza::{IqType, Stanza, StanzaKind, StanzaType};

/// A breach of the IQ semantics of RFC 6120 §8.2.3. Each one calls for a `bad-request` stanza
/// error (§8.3.3.1) from the recipient; the stream itself stays healthy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IqProblem {
    /// No `id` attribute: the reply could never be matched to the request.
    MissingId,
    /// No `type` attribute.
    MissingType,
    /// A `type` other than `get`, `set`, `result` or `error`.
    UnknownType,
    /// A `get` or `set` without exactly one payload child.
    RequestPayloadCount,
    /// A `result` with more than one payload child.
    ResultPayloadCount,
}

impl IqProblem {
    /// The stanza error condition to reply with (RFC 6120 §8.3.3).
    pub const fn condition(self) -> &'static str {
        "bad-request"
    }

    /// A stable kebab-case name, e.g. `"missing-id"`, identical in every binding.
    pub const fn as_str(self) -> &'static str {
        match self {
            IqProblem::MissingId => "missing-id",
            IqProblem::MissingType => "missing-type",
            IqProblem::UnknownType => "unknown-type",
            IqProblem::RequestPayloadCount => "request-payload-count",
            IqProblem::ResultPayloadCount => "result-payload-count",
        }
    }

    /// A one-line description for humans.
    pub const fn message(self) -> &'static str {
        match self {
            IqProblem::MissingId => "iq without an id",
            IqProblem::MissingType => "iq without a type",
            IqProblem::UnknownType => "iq type other than get, set, result or error",
            IqProblem::RequestPayloadCount => "iq get or set must have exactly one payload",
            IqProblem::ResultPayloadCount => "iq result may have at most one payload",
        }
    }
}

impl core::fmt::Display for IqProblem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

/// The first IQ rule `stanza` breaks, given its number of payload children.
pub(crate) fn iq_problem(stanza: &Stanza<'_>, payload_count: usize) -> Option<IqProblem> {
    if stanza.kind() != StanzaKind::Iq {
        return None;
    }
    if stanza.id().is_none() {
        return Some(IqProblem::MissingId);
    }
    match stanza.stanza_type() {
        None => Some(IqProblem::MissingType),
        Some(StanzaType::Iq(IqType::Get | IqType::Set)) if payload_count != 1 => {
            Some(IqProblem::RequestPayloadCount)
        }
        Some(StanzaType::Iq(IqType::Result)) if payload_count > 1 => {
            Some(IqProblem::ResultPayloadCount)
        }
        Some(StanzaType::Iq(_)) => None,
        Some(_) => Some(IqProblem::UnknownType),
    }
}
