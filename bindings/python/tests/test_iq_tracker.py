"""IqTracker: replies matched by id and checked by sender (RFC 6120 §8.2.3, RFC 6121 §2.1.6)."""

from __future__ import annotations

import pytest

import xmpp_wire
from _support import HEADER, parse


def frames_of(data: bytes) -> list[xmpp_wire.Frame]:
    return parse(HEADER + data)[1:]


def test_matched_spoofed_unsolicited() -> None:
    tracker = xmpp_wire.IqTracker("juliet@example.com/balcony")
    tracker.track("v1", "romeo@example.net/orchard", now=0, timeout=30_000)
    assert len(tracker) == 1 and tracker.next_deadline() == 30_000
    verdicts = [
        tracker.on_stanza(frame)
        for frame in frames_of(
            b"<iq type='result' id='v1' from='mallory@evil.example/x'/>"
            b"<iq type='result' id='v1' from='romeo@example.net/orchard'/>"
            b"<iq type='result' id='v1' from='romeo@example.net/orchard'/>"
            b"<message from='romeo@example.net/orchard'/>"
        )
    ]
    assert verdicts == ["spoofed", "matched", "unsolicited", "not-a-reply"]
    assert len(tracker) == 0


def test_expire_cancel_clear() -> None:
    tracker = xmpp_wire.IqTracker("juliet@example.com")
    tracker.track("r1", None, now=0, timeout=10)
    tracker.track("r2", "example.com", now=5, timeout=10)
    assert tracker.expire(10) == [("r1", None)]
    assert tracker.cancel("r2") and not tracker.cancel("r2")
    tracker.track("r3", now=0, timeout=1)
    tracker.clear()
    assert len(tracker) == 0 and tracker.next_deadline() is None


def test_refusals_raise_track_error() -> None:
    tracker = xmpp_wire.IqTracker("juliet@example.com")
    tracker.track("r1", now=0, timeout=1)
    with pytest.raises(xmpp_wire.TrackError):
        tracker.track("r1", now=0, timeout=1)
    with pytest.raises(xmpp_wire.TrackError):
        tracker.track("x" * 100, now=0, timeout=1)
    with pytest.raises(xmpp_wire.TrackError):
        xmpp_wire.IqTracker("@example.com")
    for i in range(xmpp_wire.IqTracker.CAPACITY - 1):
        tracker.track(f"f{i}", now=0, timeout=1)
    with pytest.raises(xmpp_wire.TrackError):
        tracker.track("one-too-many", now=0, timeout=1)


def test_roster_push_trust() -> None:
    tracker = xmpp_wire.IqTracker("juliet@example.com/balcony")
    pushes = frames_of(
        b"<iq type='set' id='a'><query xmlns='jabber:iq:roster'><item jid='n@x'/></query></iq>"
        b"<iq type='set' id='b' from='juliet@example.com'><query xmlns='jabber:iq:roster'/></iq>"
        b"<iq type='set' id='c' from='mallory@evil.example'><query xmlns='jabber:iq:roster'/></iq>"
    )
    assert [tracker.is_trusted_push(frame) for frame in pushes] == [True, True, False]
    assert tracker.account == "juliet@example.com/balcony"
    tracker.set_account("juliet@example.com/other")
    assert tracker.account == "juliet@example.com/other"
