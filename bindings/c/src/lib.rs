//! xmpp-wire C API: an incremental XMPP stream parser (RFC 6120 over TCP, RFC 7395 over
//! WebSocket), a writer for stream headers, stanzas and replies, and an IQ request tracker.
//!
//! Link with `pkg-config --cflags --libs xmpp_wire`. Every name starts with `xmpp_wire_`;
//! functions are `xmpp_wire_<object>_<verb>`; enum values are `XMPP_WIRE_<ENUM>_<VALUE>`.
//!
//! Calls
//! -----
//! - Fallible functions return `xmpp_wire_status`; `XMPP_WIRE_STATUS_OK` is 0. The object comes
//!   first, inputs next, out-parameters last; a buffer pointer is followed by its `size_t`.
//! - Out-parameters are written only on success. The one exception is
//!   `XMPP_WIRE_STATUS_BUFFER_TOO_SMALL`, which stores the needed length, like `snprintf`.
//! - Every pointer argument is checked: NULL gives `XMPP_WIRE_STATUS_NULL_ARGUMENT`, a length
//!   above `PTRDIFF_MAX` or a misaligned pointer `XMPP_WIRE_STATUS_INVALID_ARGUMENT`. A data
//!   pointer may be NULL when its length is 0. Enum-valued inputs are `uint32_t` and are checked.
//! - No panic crosses into C: a bug in the library returns `XMPP_WIRE_STATUS_PANIC`, after which
//!   the object must only be freed. Callbacks must return normally (no `longjmp` out of them).
//!
//! Strings
//! -------
//! - Strings are UTF-8 `xmpp_wire_str { ptr, len }`, not NUL-terminated (print them with
//!   `"%.*s", (int)s.len, s.ptr`). In results, an absent value has `ptr == NULL`; an empty one
//!   has a non-NULL `ptr` and `len == 0`. String arguments are `(const char *, size_t)` pairs
//!   and must be UTF-8 (`XMPP_WIRE_STATUS_INVALID_UTF8` otherwise).
//! - Condition and status names (`xmpp_wire_condition_str`, `xmpp_wire_status_str`) are static,
//!   NUL-terminated `const char *`.
//!
//! Ownership and lifetimes
//! -----------------------
//! - `xmpp_wire_parser`, `xmpp_wire_writer` and `xmpp_wire_iq_tracker` are opaque objects. The
//!   caller owns each object its `_new` function returns and releases it with the matching
//!   `_free`, once. `_free(NULL)` does nothing, like `free`.
//! - Arguments are borrowed for the duration of the call only; nothing keeps a pointer you pass.
//! - An `xmpp_wire_frame` is a caller-owned struct filled by value. The pointers in it (and in
//!   the attributes and payloads read from it) borrow the parser's buffer and stay valid until
//!   the next `feed`, `next_frame`, `reset` or `free` on that parser. Accessors given an expired
//!   frame return `XMPP_WIRE_STATUS_FRAME_EXPIRED`.
//! - Writers write into caller buffers: on success the length written is stored; when the buffer
//!   is too small, nothing usable is written and the needed length is stored instead.
//! - The library allocates at creation (a parser's buffer of `max_stanza_size` bytes) and grows
//!   its per-parser frame cache and a writer's output buffer as needed; a steady stream of frames
//!   of similar size allocates nothing more.
//!
//! Threads
//! -------
//! - An object may move between threads but must be used by one thread at a time; objects are
//!   independent, so different threads may use different objects at once.
//! - Functions that take no object (`xmpp_wire_config_default`,
//!   `xmpp_wire_stream_header_default`, `xmpp_wire_write_stream_*`, `xmpp_wire_*_str`,
//!   `xmpp_wire_version`) are thread-safe. `xmpp_wire_write_iq_*` and the frame accessors read
//!   the frame's parser, so they count as uses of that parser.
//!
//! Behaviour lives in the Rust crate `xmpp-wire`; this library only converts types, so C, Rust,
//! Python and JavaScript produce the same frames, errors and offsets for the same bytes.

#![deny(missing_docs)]
// The C names (`xmpp_wire_parser`, `XMPP_WIRE_STATUS_OK` via cbindgen) are the Rust names too,
// so that grep finds both sides and cbindgen needs no renaming (STYLE.md).
#![allow(non_camel_case_types)]

// `#[no_mangle]` counts as unsafe code to the `unsafe_code` lint, so the modules that export
// functions allow it. Unsafe blocks themselves live only in `boundary` (checked by test.sh).
#[allow(unsafe_code)]
mod boundary;
// Declared in the order the header presents them: statuses, the parser and its frames, the
// writer, the IQ tracker.
#[allow(unsafe_code)]
pub mod frame;
#[allow(unsafe_code)]
pub mod iq_tracker;
#[allow(unsafe_code)]
pub mod parser;
#[allow(unsafe_code)]
pub mod status;
#[allow(unsafe_code)]
pub mod writer;
