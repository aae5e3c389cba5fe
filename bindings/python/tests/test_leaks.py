"""No leaks: a million frames through one parser, with every property read, leave Python's
traced memory (tracemalloc) and the process's resident size flat after a warm-up."""

from __future__ import annotations

import gc
import os
import tracemalloc

import xmpp_wire
from _support import HEADER

STANZA = (
    b"<message to='juliet@example.com' from='romeo@example.net/o' id='m&amp;1' type='chat'>"
    b"<body>Hi</body><x xmlns='urn:x' a='1'/></message>"
)
BATCH = 10_000
BATCHES = 100  # 1,000,000 frames


def rss() -> int:
    """Resident set size in bytes (Linux), or 0 where /proc is not there."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def churn(parser: xmpp_wire.StreamParser, chunk: bytes) -> int:
    count = 0
    for frame in parser.feed(chunk):
        assert isinstance(frame, xmpp_wire.Stanza)
        count += len(frame.attrs) + len(frame.payloads) + len(frame.xml)
        count += len(frame.to or "") + len(frame.type or "")
    return count


def run(parser: xmpp_wire.StreamParser, tracker: xmpp_wire.IqTracker, batches: int) -> None:
    chunk = STANZA * BATCH
    for _ in range(batches):
        churn(parser, chunk)
        # One frame a batch also goes through to_element, the writer and the tracker.
        frame = parser.feed(STANZA)[0]
        assert isinstance(frame, xmpp_wire.Stanza)
        frame.to_element()
        xmpp_wire.iq_error(frame, "bad-request")
        tracker.on_stanza(frame)


def warmed_up() -> tuple[xmpp_wire.StreamParser, xmpp_wire.IqTracker]:
    parser = xmpp_wire.StreamParser()
    parser.feed(HEADER)
    tracker = xmpp_wire.IqTracker("juliet@example.com")
    run(parser, tracker, 3)
    gc.collect()
    return parser, tracker


def test_a_million_frames_leave_traced_memory_flat() -> None:
    parser, tracker = warmed_up()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        run(parser, tracker, BATCHES)
        gc.collect()
        traced = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert traced < 64 * 1024, f"traced Python memory grew by {traced} bytes"


def test_a_million_frames_leave_resident_size_flat() -> None:
    # Measured apart from tracemalloc, whose own bookkeeping grows the process. This also
    # covers the Rust side's allocations, which tracemalloc does not see.
    parser, tracker = warmed_up()
    base = rss()
    run(parser, tracker, BATCHES)
    gc.collect()
    grown = rss() - base
    # A leak of even 16 bytes a frame would show as 16 MB here.
    assert grown < 8 * 1024 * 1024, f"resident size grew by {grown} bytes"
