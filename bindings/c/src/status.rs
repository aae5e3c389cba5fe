//! Status codes, stream error conditions and their names.
//!
//! Every fallible function returns an [`xmpp_wire_status`]. Condition names come from the core
//! (`Condition::as_str`), copied at compile time into NUL-terminated static strings, so the C
//! names cannot drift from the Rust ones.

use core::ffi::c_char;

use wire::{Condition, StreamError, TrackError, WriteError};

use crate::boundary;
use crate::frame::xmpp_wire_str;

/// What a call did. `XMPP_WIRE_STATUS_OK` is 0; every other value says why nothing (or, for
/// `BUFFER_TOO_SMALL`, only the needed length) was written to the out-parameters.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_status {
    /// Success: the out-parameters hold the result.
    Ok = 0,
    /// `xmpp_wire_parser_next_frame`: no complete frame yet; feed more bytes.
    NeedMore = 1,
    /// The stream broke a rule. `xmpp_wire_parser_error` tells the condition and offset. Errors
    /// are final: the parser returns this on every call until `xmpp_wire_parser_reset`.
    StreamError = 2,
    /// A required pointer argument was NULL.
    NullArgument = 3,
    /// An argument is out of range: a length above `PTRDIFF_MAX`, a misaligned pointer, a NULL
    /// pointer with a non-zero length, an unknown enum value, an index past the end.
    InvalidArgument = 4,
    /// A string argument is not UTF-8.
    InvalidUtf8 = 5,
    /// The attribute (or deadline) asked for is absent.
    NotFound = 6,
    /// The caller's buffer is too small. The out-length holds the length needed, as `snprintf`
    /// returns it; call again with a buffer at least that large.
    BufferTooSmall = 7,
    /// Writer: a character XML cannot carry (outside the XML 1.0 `Char` production).
    InvalidChar = 8,
    /// Writer: not an XML name (element, attribute or prefix).
    InvalidName = 9,
    /// Writer: calls out of order: `end` with nothing open, an attribute or namespace
    /// declaration after content, `finish` or a stream-level call with elements open.
    Unbalanced = 10,
    /// Writer: more open elements, or longer open names, than the writer's fixed stack holds.
    TooDeep = 11,
    /// Writer: any other refusal.
    WriteFailed = 12,
    /// The frame belongs to an older call: the parser has been fed, advanced, reset or freed
    /// since it was filled.
    FrameExpired = 13,
    /// IQ tracker: every slot holds a pending request.
    TrackerFull = 14,
    /// IQ tracker: a request with this id is already pending.
    DuplicateId = 15,
    /// IQ tracker: an id or JID longer than the tracker stores.
    TooLong = 16,
    /// IQ tracker: not a JID (an empty domainpart, localpart or resourcepart).
    InvalidJid = 17,
    /// Memory for the parser's buffer could not be allocated.
    OutOfMemory = 18,
    /// A bug: the library panicked. The call was abandoned; the object it was called on must
    /// only be freed.
    Panic = 19,
}

impl From<WriteError> for xmpp_wire_status {
    fn from(error: WriteError) -> xmpp_wire_status {
        match error {
            WriteError::BufferTooSmall { .. } => xmpp_wire_status::BufferTooSmall,
            WriteError::InvalidChar { .. } => xmpp_wire_status::InvalidChar,
            WriteError::InvalidName => xmpp_wire_status::InvalidName,
            WriteError::Unbalanced => xmpp_wire_status::Unbalanced,
            WriteError::TooDeep => xmpp_wire_status::TooDeep,
            _ => xmpp_wire_status::WriteFailed,
        }
    }
}

impl From<TrackError> for xmpp_wire_status {
    fn from(error: TrackError) -> xmpp_wire_status {
        match error {
            TrackError::Full => xmpp_wire_status::TrackerFull,
            TrackError::DuplicateId => xmpp_wire_status::DuplicateId,
            TrackError::TooLong => xmpp_wire_status::TooLong,
            TrackError::InvalidJid => xmpp_wire_status::InvalidJid,
        }
    }
}

impl xmpp_wire_status {
    /// Every status, in value order.
    const ALL: [xmpp_wire_status; 20] = {
        use xmpp_wire_status::*;
        [
            Ok,
            NeedMore,
            StreamError,
            NullArgument,
            InvalidArgument,
            InvalidUtf8,
            NotFound,
            BufferTooSmall,
            InvalidChar,
            InvalidName,
            Unbalanced,
            TooDeep,
            WriteFailed,
            FrameExpired,
            TrackerFull,
            DuplicateId,
            TooLong,
            InvalidJid,
            OutOfMemory,
            Panic,
        ]
    };

    /// The status's name, NUL-terminated: the variant name in kebab case.
    const fn name(self) -> &'static str {
        use xmpp_wire_status::*;
        match self {
            Ok => "ok\0",
            NeedMore => "need-more\0",
            StreamError => "stream-error\0",
            NullArgument => "null-argument\0",
            InvalidArgument => "invalid-argument\0",
            InvalidUtf8 => "invalid-utf8\0",
            NotFound => "not-found\0",
            BufferTooSmall => "buffer-too-small\0",
            InvalidChar => "invalid-char\0",
            InvalidName => "invalid-name\0",
            Unbalanced => "unbalanced\0",
            TooDeep => "too-deep\0",
            WriteFailed => "write-failed\0",
            FrameExpired => "frame-expired\0",
            TrackerFull => "tracker-full\0",
            DuplicateId => "duplicate-id\0",
            TooLong => "too-long\0",
            InvalidJid => "invalid-jid\0",
            OutOfMemory => "out-of-memory\0",
            Panic => "panic\0",
        }
    }
}

/// The name of status `status`, e.g. `"buffer-too-small"`, or NULL for a value that is not a
/// status. The string is static and NUL-terminated. Thread-safe.
#[no_mangle]
pub extern "C" fn xmpp_wire_status_str(status: u32) -> *const c_char {
    match xmpp_wire_status::ALL.get(status as usize) {
        Some(status) => boundary::static_c_str(status.name()),
        None => core::ptr::null(),
    }
}

/// A stream error condition (RFC 6120 §4.9.3), in RFC order. The parser raises only those that
/// the bytes of a stream can cause; the rest exist so that every condition can be written.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_condition {
    /// §4.9.3.1 `bad-format`.
    BadFormat,
    /// §4.9.3.2 `bad-namespace-prefix`.
    BadNamespacePrefix,
    /// §4.9.3.3 `conflict`.
    Conflict,
    /// §4.9.3.4 `connection-timeout`.
    ConnectionTimeout,
    /// §4.9.3.5 `host-gone`.
    HostGone,
    /// §4.9.3.6 `host-unknown`.
    HostUnknown,
    /// §4.9.3.7 `improper-addressing`.
    ImproperAddressing,
    /// §4.9.3.8 `internal-server-error`.
    InternalServerError,
    /// §4.9.3.9 `invalid-from`.
    InvalidFrom,
    /// §4.9.3.10 `invalid-namespace`.
    InvalidNamespace,
    /// §4.9.3.11 `invalid-xml`.
    InvalidXml,
    /// §4.9.3.12 `not-authorized`.
    NotAuthorized,
    /// §4.9.3.13 `not-well-formed`.
    NotWellFormed,
    /// §4.9.3.14 `policy-violation`.
    PolicyViolation,
    /// §4.9.3.15 `remote-connection-failed`.
    RemoteConnectionFailed,
    /// §4.9.3.16 `reset`.
    Reset,
    /// §4.9.3.17 `resource-constraint`.
    ResourceConstraint,
    /// §4.9.3.18 `restricted-xml`.
    RestrictedXml,
    /// §4.9.3.19 `see-other-host`.
    SeeOtherHost,
    /// §4.9.3.20 `system-shutdown`.
    SystemShutdown,
    /// §4.9.3.21 `undefined-condition`.
    UndefinedCondition,
    /// §4.9.3.22 `unsupported-encoding`.
    UnsupportedEncoding,
    /// §4.9.3.23 `unsupported-feature`.
    UnsupportedFeature,
    /// §4.9.3.24 `unsupported-stanza-type`.
    UnsupportedStanzaType,
    /// §4.9.3.25 `unsupported-version`.
    UnsupportedVersion,
}

impl xmpp_wire_condition {
    /// Same order as `Condition::ALL`; a unit test checks every pair by name.
    const ALL: [xmpp_wire_condition; Condition::ALL.len()] = {
        use xmpp_wire_condition::*;
        [
            BadFormat,
            BadNamespacePrefix,
            Conflict,
            ConnectionTimeout,
            HostGone,
            HostUnknown,
            ImproperAddressing,
            InternalServerError,
            InvalidFrom,
            InvalidNamespace,
            InvalidXml,
            NotAuthorized,
            NotWellFormed,
            PolicyViolation,
            RemoteConnectionFailed,
            Reset,
            ResourceConstraint,
            RestrictedXml,
            SeeOtherHost,
            SystemShutdown,
            UndefinedCondition,
            UnsupportedEncoding,
            UnsupportedFeature,
            UnsupportedStanzaType,
            UnsupportedVersion,
        ]
    };

    /// The C value of a core condition: its position in `Condition::ALL`.
    pub(crate) fn of(condition: Condition) -> xmpp_wire_condition {
        let index = Condition::ALL
            .iter()
            .position(|c| *c == condition)
            .unwrap_or(Condition::ALL.len() - 1);
        xmpp_wire_condition::ALL[index]
    }

    /// The core condition of a C value, `None` for a value outside the enum.
    pub(crate) fn from_c(value: u32) -> Option<Condition> {
        Condition::ALL.get(value as usize).copied()
    }
}

/// Longest condition name plus its NUL, with room to spare; checked at compile time.
const NAME_WIDTH: usize = 32;

/// `Condition::ALL[i].as_str()` with a NUL appended, built at compile time.
static CONDITION_NAMES: [[u8; NAME_WIDTH]; Condition::ALL.len()] = {
    let mut table = [[0u8; NAME_WIDTH]; Condition::ALL.len()];
    let mut i = 0;
    while i < Condition::ALL.len() {
        let name = Condition::ALL[i].as_str().as_bytes();
        assert!(
            name.len() < NAME_WIDTH,
            "condition name too long for the table"
        );
        let mut j = 0;
        while j < name.len() {
            table[i][j] = name[j];
            j += 1;
        }
        i += 1;
    }
    table
};

/// The RFC 6120 name of `condition`, e.g. `"not-well-formed"`, or NULL for a value that is not
/// an `xmpp_wire_condition`. The string is static and NUL-terminated. Thread-safe.
#[no_mangle]
pub extern "C" fn xmpp_wire_condition_str(condition: u32) -> *const c_char {
    match CONDITION_NAMES.get(condition as usize) {
        Some(name) => name.as_ptr().cast(),
        None => core::ptr::null(),
    }
}

/// A stream error: the condition to send in `<stream:error/>`, where it happened, and why.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct xmpp_wire_stream_error {
    /// The RFC 6120 §4.9.3 condition.
    pub condition: xmpp_wire_condition,
    /// Byte offset in the stream of the first byte of the offending character or markup.
    pub offset: u64,
    /// The rule that was broken, one line for humans (static, UTF-8, not NUL-terminated).
    pub reason: xmpp_wire_str,
}

impl From<StreamError> for xmpp_wire_stream_error {
    fn from(error: StreamError) -> xmpp_wire_stream_error {
        xmpp_wire_stream_error {
            condition: xmpp_wire_condition::of(error.condition()),
            offset: error.offset(),
            reason: xmpp_wire_str::from_static(error.reason().message()),
        }
    }
}

/// The library's version, e.g. `"0.1.0"` (the crate version). Static, NUL-terminated.
/// Thread-safe.
#[no_mangle]
pub extern "C" fn xmpp_wire_version() -> *const c_char {
    static VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    boundary::static_c_str(VERSION)
}

/// `NotWellFormed` as `not-well-formed`: how C enum variant names map to RFC names.
#[cfg(test)]
pub(crate) fn kebab(variant: &str) -> String {
    let mut out = String::new();
    for (i, c) in variant.chars().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_name(i: usize) -> &'static str {
        let name = &CONDITION_NAMES[i];
        let len = name.iter().position(|&b| b == 0).unwrap();
        core::str::from_utf8(&name[..len]).unwrap()
    }

    #[test]
    fn conditions_match_the_core_in_order_and_name() {
        for (i, condition) in Condition::ALL.iter().enumerate() {
            assert_eq!(xmpp_wire_condition::ALL[i] as usize, i);
            assert_eq!(xmpp_wire_condition::of(*condition) as usize, i);
            assert_eq!(xmpp_wire_condition::from_c(i as u32), Some(*condition));
            assert_eq!(
                xmpp_wire_condition_str(i as u32),
                CONDITION_NAMES[i].as_ptr().cast()
            );
            assert_eq!(table_name(i), condition.as_str());
            assert_eq!(
                kebab(&format!("{:?}", xmpp_wire_condition::ALL[i])),
                condition.as_str()
            );
        }
        assert!(xmpp_wire_condition_str(Condition::ALL.len() as u32).is_null());
    }

    #[test]
    fn every_status_has_its_name() {
        for (i, status) in xmpp_wire_status::ALL.iter().enumerate() {
            assert_eq!(*status as usize, i);
            let name = status.name().strip_suffix('\0').unwrap();
            assert_eq!(kebab(&format!("{status:?}")), name);
            assert_eq!(
                xmpp_wire_status_str(i as u32),
                status.name().as_ptr().cast()
            );
        }
        assert!(xmpp_wire_status_str(xmpp_wire_status::ALL.len() as u32).is_null());
    }
}
