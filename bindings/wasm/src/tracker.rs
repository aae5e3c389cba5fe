//! `IqTracker` for JavaScript: the core's matching of IQ replies to requests (RFC 6120 §8.2.3),
//! which catches replies from the wrong sender.

use wasm_bindgen::prelude::wasm_bindgen;
use xmpp_wire::iq_tracker::DEFAULT_CAPACITY;
use xmpp_wire::{jsonl, Frame, IqTracker as Core, TrackError, Verdict};

use crate::record::thrown;
use crate::view::{self, Context};

/// How many requests may be pending at once: the core's default for clients.
pub const CAPACITY: usize = DEFAULT_CAPACITY;

/// The IQ requests an entity sent and has not yet seen answered.
#[wasm_bindgen]
pub struct IqTracker {
    core: Core<CAPACITY>,
}

#[wasm_bindgen]
impl IqTracker {
    /// A tracker for `account` (bare JID before resource binding, full JID after). Throws the
    /// error record (`record::thrown`).
    #[wasm_bindgen(constructor)]
    pub fn new(account: &str) -> Result<IqTracker, String> {
        Ok(IqTracker {
            core: Core::new(account).map_err(track_error)?,
        })
    }

    /// Replaces the account's JID (RFC 6120 §7.6.1: after resource binding).
    #[wasm_bindgen(js_name = setAccount)]
    pub fn set_account(&mut self, account: &str) -> Result<(), String> {
        self.core.set_account(account).map_err(track_error)
    }

    /// The account's JID as last given.
    #[wasm_bindgen(getter)]
    pub fn account(&self) -> String {
        String::from(self.core.account())
    }

    /// Records a `get` or `set` sent with `id` to `to`, timing out at `now + timeout` (any
    /// clock, e.g. `Date.now()` milliseconds; JavaScript numbers are cut to whole numbers).
    pub fn track(
        &mut self,
        id: &str,
        to: Option<String>,
        now: f64,
        timeout: f64,
    ) -> Result<(), String> {
        self.core
            .track(id, to.as_deref(), clock(now), clock(timeout))
            .map_err(track_error)
    }

    /// The verdict on a frame: `"matched"`, `"spoofed"`, `"unsolicited"` or `"not-a-reply"`.
    /// The frame is given by its `xml` and stream context (see the `view` module).
    #[wasm_bindgen(js_name = onStanza)]
    pub fn on_stanza(
        &mut self,
        xml: &str,
        mode: &str,
        content_ns: &str,
        stream_prefix: Option<String>,
    ) -> Result<String, String> {
        let context = context(mode, content_ns, &stream_prefix)?;
        let core = &mut self.core;
        let verdict = view::with_frame(context, xml, |frame| match frame {
            Frame::Stanza(stanza) => core.on_stanza(stanza).as_str(),
            _ => Verdict::NotAReply.as_str(),
        })
        .map_err(view::view_error)?;
        Ok(String::from(verdict))
    }

    /// Whether the frame is a roster push the client may apply (RFC 6121 §2.1.6).
    #[wasm_bindgen(js_name = isTrustedPush)]
    pub fn is_trusted_push(
        &self,
        xml: &str,
        mode: &str,
        content_ns: &str,
        stream_prefix: Option<String>,
    ) -> Result<bool, String> {
        let context = context(mode, content_ns, &stream_prefix)?;
        view::with_frame(context, xml, |frame| match frame {
            Frame::Stanza(stanza) => self.core.is_trusted_push(stanza),
            _ => false,
        })
        .map_err(view::view_error)
    }

    /// Removes the requests whose deadline is at or before `now`; returns them as the JSON text
    /// `[[id, to], …]` (`to` is `null` for requests sent to the account's server).
    pub fn expire(&mut self, now: f64) -> String {
        let mut out = String::from("[");
        self.core.expire(clock(now), |id, to| {
            if out.len() > 1 {
                out.push(',');
            }
            out.push('[');
            jsonl::write_str(&mut out, id);
            out.push(',');
            match to {
                Some(to) => jsonl::write_str(&mut out, to),
                None => out.push_str("null"),
            }
            out.push(']');
        });
        out.push(']');
        out
    }

    /// The earliest deadline among pending requests, for the caller's timer.
    #[wasm_bindgen(js_name = nextDeadline)]
    pub fn next_deadline(&self) -> Option<f64> {
        self.core.next_deadline().map(|deadline| deadline as f64)
    }

    /// Forgets the pending request `id`; returns whether there was one.
    pub fn cancel(&mut self, id: &str) -> bool {
        self.core.cancel(id)
    }

    /// Forgets every pending request (the stream ended).
    pub fn clear(&mut self) {
        self.core.clear();
    }

    /// Number of pending requests.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.core.len() as u32
    }

    /// Most requests that can be pending at once.
    #[wasm_bindgen(getter)]
    pub fn capacity(&self) -> u32 {
        self.core.capacity() as u32
    }
}

fn context<'a>(
    mode: &str,
    content_ns: &'a str,
    stream_prefix: &'a Option<String>,
) -> Result<Context<'a>, String> {
    Context::from_js(mode, content_ns, stream_prefix.as_deref())
        .ok_or_else(|| thrown::unknown("mode", mode))
}

/// A JavaScript number as a clock value: whole, and 0 for negative or NaN (`as` saturates).
fn clock(n: f64) -> u64 {
    n as u64
}

fn track_error(error: TrackError) -> String {
    thrown::track(error)
}
