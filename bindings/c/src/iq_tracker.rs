//! The IQ tracker handle: match replies to the requests you sent, and catch spoofed replies and
//! roster pushes (RFC 6120 §8.2.3, RFC 6121 §2.1.6).

use core::ffi::{c_char, c_void};

use wire::{Config, Frame, IqTracker, Limits, Mode, Stanza, StreamParser, Verdict};

use crate::boundary::{self, Outcome};
use crate::frame::{xmpp_wire_frame, xmpp_wire_frame_kind, xmpp_wire_str};
use crate::parser::xmpp_wire_parser;
use crate::status::xmpp_wire_status;

/// Most requests an `xmpp_wire_iq_tracker` holds pending at once. A client's login burst
/// (roster, disco, carbons, MAM, capabilities queries) stays well below it.
pub const XMPP_WIRE_IQ_TRACKER_CAPACITY: usize = 64;

/// Tracks the IQ requests an entity sent and matches replies to them (opaque). Create it with
/// `xmpp_wire_iq_tracker_new`, free it with `xmpp_wire_iq_tracker_free`. Not thread-safe: use it
/// from one thread at a time.
pub struct xmpp_wire_iq_tracker {
    tracker: IqTracker<XMPP_WIRE_IQ_TRACKER_CAPACITY>,
}

/// What an incoming frame means to the tracker, from `xmpp_wire_iq_tracker_on_frame`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum xmpp_wire_verdict {
    /// Not an IQ `result` or `error`: a request, a message, a presence, any other frame.
    NotAReply,
    /// The reply to a pending request, from the entity it was sent to. The request is removed.
    Matched,
    /// Its `id` matches a pending request, but it comes from another entity. Drop it; the
    /// request stays pending, so the real reply still matches.
    Spoofed,
    /// A `result` or `error` that answers no pending request (late, duplicate or forged). Drop it.
    Unsolicited,
}

/// Called by `xmpp_wire_iq_tracker_expire` for each request that timed out: its `id`, and its
/// `to` (`ptr` NULL when the request had none). The strings are valid during the call only.
/// `user_data` is the pointer given to `xmpp_wire_iq_tracker_expire`.
pub type xmpp_wire_expired_fn =
    Option<extern "C" fn(user_data: *mut c_void, id: xmpp_wire_str, to: xmpp_wire_str)>;

/// Creates a tracker for the account `account` (a bare JID before resource binding, the full JID
/// after it) and stores it in `*out_tracker`. The caller owns it and frees it with
/// `xmpp_wire_iq_tracker_free`. Returns `INVALID_JID` or `TOO_LONG` for an unusable JID.
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_new(
    account: *const c_char,
    account_len: usize,
    out_tracker: *mut *mut xmpp_wire_iq_tracker,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let account = boundary::str(account, account_len)?;
        let out_tracker = boundary::out(out_tracker)?;
        let tracker = IqTracker::new(account)?;
        out_tracker.write(boundary::into_raw(xmpp_wire_iq_tracker { tracker }));
        Ok(())
    })
}

/// Replaces the account's JID, typically with the full JID the server assigned at resource
/// binding (RFC 6120 §7.6.1). Pending requests stay pending.
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_set_account(
    tracker: *mut xmpp_wire_iq_tracker,
    account: *const c_char,
    account_len: usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let tracker = boundary::get_mut(tracker)?;
        let account = boundary::str(account, account_len)?;
        tracker.tracker.set_account(account)?;
        Ok(())
    })
}

/// Records a `get` or `set` request sent with `id` to `to`, timing out at `now + timeout`.
///
/// `to` is NULL (with `to_len` 0) when the request had no `to`, that is, went to the account's
/// own server. The clock is yours: any monotonic count, the same one for `expire`. Returns
/// `TRACKER_FULL`, `DUPLICATE_ID`, `TOO_LONG` or `INVALID_JID`; nothing is recorded then.
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_track(
    tracker: *mut xmpp_wire_iq_tracker,
    id: *const c_char,
    id_len: usize,
    to: *const c_char,
    to_len: usize,
    now: u64,
    timeout: u64,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let tracker = boundary::get_mut(tracker)?;
        let id = boundary::str(id, id_len)?;
        let to = boundary::opt_str(to, to_len)?;
        tracker.tracker.track(id, to, now, timeout)?;
        Ok(())
    })
}

/// Classifies a frame just taken from a parser and stores the verdict in `*out_verdict`; a
/// reply that answers a pending request from the right sender removes it.
///
/// `frame` must be the parser's current frame (`FRAME_EXPIRED` otherwise).
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_on_frame(
    tracker: *mut xmpp_wire_iq_tracker,
    frame: *const xmpp_wire_frame,
    out_verdict: *mut xmpp_wire_verdict,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let tracker = boundary::get_mut(tracker)?;
        let frame = boundary::get(frame)?;
        let out_verdict = boundary::out(out_verdict)?;
        let verdict = with_stanza(frame, |stanza| match tracker.tracker.on_stanza(stanza) {
            Verdict::NotAReply => xmpp_wire_verdict::NotAReply,
            Verdict::Matched { .. } => xmpp_wire_verdict::Matched,
            Verdict::Spoofed { .. } => xmpp_wire_verdict::Spoofed,
            Verdict::Unsolicited => xmpp_wire_verdict::Unsolicited,
        })?;
        out_verdict.write(verdict.unwrap_or(xmpp_wire_verdict::NotAReply));
        Ok(())
    })
}

/// Stores in `*out_trusted` whether `frame` is a roster push (an IQ `set` carrying
/// `jabber:iq:roster`) that the client may apply: one with no `from` or from the account's bare
/// JID (RFC 6121 §2.1.6). False for every other frame.
///
/// `frame` must be the parser's current frame (`FRAME_EXPIRED` otherwise).
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_is_trusted_push(
    tracker: *const xmpp_wire_iq_tracker,
    frame: *const xmpp_wire_frame,
    out_trusted: *mut bool,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let tracker = boundary::get(tracker)?;
        let frame = boundary::get(frame)?;
        let out_trusted = boundary::out(out_trusted)?;
        let trusted = with_stanza(frame, |stanza| tracker.tracker.is_trusted_push(stanza))?;
        out_trusted.write(trusted.unwrap_or(false));
        Ok(())
    })
}

/// Removes every request whose deadline is at or before `now`, calling `on_expired` (if not
/// NULL) with each one's `id` and `to`, and stores how many were removed in `*out_count` (if
/// not NULL). A reply arriving after its request expired is `UNSOLICITED`.
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_expire(
    tracker: *mut xmpp_wire_iq_tracker,
    now: u64,
    on_expired: xmpp_wire_expired_fn,
    user_data: *mut c_void,
    out_count: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let tracker = boundary::get_mut(tracker)?;
        let out_count = boundary::out_opt(out_count)?;
        let count = tracker.tracker.expire(now, |id, to| {
            if let Some(callback) = on_expired {
                let to = to.map_or(xmpp_wire_str::NONE, |to| {
                    xmpp_wire_str::from_bytes(to.as_bytes())
                });
                callback(user_data, xmpp_wire_str::from_bytes(id.as_bytes()), to);
            }
        });
        if let Some(out_count) = out_count {
            out_count.write(count);
        }
        Ok(())
    })
}

/// Stores the earliest deadline among pending requests in `*out_deadline`, for your timer.
/// Returns `NOT_FOUND` when nothing is pending.
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_next_deadline(
    tracker: *const xmpp_wire_iq_tracker,
    out_deadline: *mut u64,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let tracker = boundary::get(tracker)?;
        let out_deadline = boundary::out(out_deadline)?;
        let deadline = tracker
            .tracker
            .next_deadline()
            .ok_or(xmpp_wire_status::NotFound)?;
        out_deadline.write(deadline);
        Ok(())
    })
}

/// Forgets the pending request `id`. Returns `NOT_FOUND` if there was none.
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_cancel(
    tracker: *mut xmpp_wire_iq_tracker,
    id: *const c_char,
    id_len: usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let tracker = boundary::get_mut(tracker)?;
        let id = boundary::str(id, id_len)?;
        if tracker.tracker.cancel(id) {
            Ok(())
        } else {
            Err(xmpp_wire_status::NotFound)
        }
    })
}

/// Forgets every pending request: when the stream ends, no reply to them can come (unless the
/// session is resumed with XEP-0198, where you keep them).
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_clear(
    tracker: *mut xmpp_wire_iq_tracker,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        boundary::get_mut(tracker)?.tracker.clear();
        Ok(())
    })
}

/// Stores the number of pending requests in `*out_len`.
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_len(
    tracker: *const xmpp_wire_iq_tracker,
    out_len: *mut usize,
) -> xmpp_wire_status {
    boundary::run(|| -> Outcome {
        let tracker = boundary::get(tracker)?;
        boundary::out(out_len)?.write(tracker.tracker.len());
        Ok(())
    })
}

/// Frees the tracker. NULL does nothing.
#[no_mangle]
pub extern "C" fn xmpp_wire_iq_tracker_free(tracker: *mut xmpp_wire_iq_tracker) {
    boundary::run_or((), || boundary::drop_raw(tracker));
}

/// Runs `f` on the stanza `frame` shows; `Ok(None)` if the frame is not a stanza.
///
/// LOCAL ADAPTER, until the core accepts plain values (see bindings/c/README.md, "Needed from
/// the core"): `IqTracker` takes a `Stanza` view, which lives only inside `next_frame`. So the
/// frame's raw bytes are read again by a scratch parser, given what the stream header gave them
/// (the content namespace and the stream prefix: every frame re-parses on its own, DESIGN.md).
/// All decisions stay in the core; this only rebuilds its input.
fn with_stanza<R>(
    frame: &xmpp_wire_frame,
    f: impl FnOnce(&Stanza<'_>) -> R,
) -> Result<Option<R>, xmpp_wire_status> {
    let parser: &xmpp_wire_parser = boundary::get(frame.parser)?;
    if !parser.is_current(frame) {
        return Err(xmpp_wire_status::FrameExpired);
    }
    if frame.kind != xmpp_wire_frame_kind::Stanza {
        return Ok(None);
    }
    let raw = boundary::bytes(frame.raw.ptr.cast(), frame.raw.len)?;
    let base = parser.config();
    let prologue = match base.mode {
        Mode::Tcp => format!(
            "<stream:stream xmlns='{}' xmlns:{}='{}'>",
            parser.content_ns,
            parser.stream_prefix.as_deref().unwrap_or("stream"),
            wire::ns::STREAMS
        ),
        Mode::WebSocket => format!("<open xmlns='{}'/>", wire::ns::FRAMING),
        _ => String::new(),
    };
    let size = prologue.len().max(raw.len());
    let config = Config {
        limits: Limits {
            max_stanza_size: size,
            ..base.limits
        },
        ..base
    };
    let mut scratch = StreamParser::new(vec![0u8; size + raw.len() + prologue.len()], config);
    let mut input = prologue.into_bytes();
    input.extend_from_slice(raw);
    if scratch.feed(&input) != input.len() {
        return Err(xmpp_wire_status::Panic);
    }
    loop {
        match scratch.next_frame() {
            Ok(Some(Frame::Stanza(stanza))) => return Ok(Some(f(&stanza))),
            Ok(Some(_)) => {}
            // The same bytes parsed before: anything else is a bug in this adapter.
            Ok(None) | Err(_) => return Err(xmpp_wire_status::Panic),
        }
    }
}
