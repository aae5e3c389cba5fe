"""StreamParser and frame objects: options, error paths, laziness and immutability, the GIL."""

from __future__ import annotations

import pickle
import sys
import threading
from typing import List

import pytest

import xmpp_wire
from _support import HEADER, parse

MESSAGE = b"<message to='juliet@example.com' from='romeo@example.net/orchard' id='m1' type='chat' xml:lang='en'><body>Hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>"


def test_frame_kinds_and_routing_attributes() -> None:
    frames = parse(HEADER + MESSAGE + b"<r xmlns='urn:xmpp:sm:3'/></stream:stream>")
    kinds = [frame.kind for frame in frames]
    assert kinds == ["stream-open", "message", "element", "stream-close"]
    open_, message, element, close = frames
    assert isinstance(open_, xmpp_wire.StreamOpen)
    assert (open_.ns, open_.to, open_.version, open_.from_, open_.stream_prefix) == (
        "jabber:client", "example.com", "1.0", None, "stream")
    assert isinstance(message, xmpp_wire.Stanza)
    assert message.offset == len(HEADER)
    assert message.len == len(MESSAGE)
    assert message.xml == MESSAGE
    assert (message.to, message.from_, message.id, message.type, message.lang) == (
        "juliet@example.com", "romeo@example.net/orchard", "m1", "chat", "en")
    assert message.ns == "jabber:client"
    assert message.payloads == (("jabber:client", "body"), ("http://jabber.org/protocol/chatstates", "active"))
    assert message.problem is None
    assert isinstance(element, xmpp_wire.Element)
    assert (element.name, element.ns, element.attrs, element.payloads) == ("r", "urn:xmpp:sm:3", {}, ())
    assert isinstance(close, xmpp_wire.StreamClose)
    assert close.xml == b"</stream:stream>"


def test_attribute_values_are_decoded_by_the_core() -> None:
    [_, stanza] = parse(HEADER + b"<message to='a&amp;b&#10;c' id='x\ty'/>")
    assert isinstance(stanza, xmpp_wire.Stanza)
    # XML 1.0 §3.3.3: a literal tab becomes a space, a character reference stays.
    assert stanza.attrs == {"to": "a&b\nc", "id": "x y"}
    assert stanza.to == "a&b\nc"


def test_frames_are_frozen_and_attrs_are_copies() -> None:
    [_, stanza] = parse(HEADER + MESSAGE)
    assert isinstance(stanza, xmpp_wire.Stanza)
    with pytest.raises(AttributeError):
        stanza.to = "mallory@example.org"  # type: ignore[misc]
    attrs = stanza.attrs
    attrs["to"] = "changed"
    assert stanza.attrs["to"] == "juliet@example.com"
    assert stanza.payloads is stanza.payloads  # built once, immutable


def test_iq_problem_is_a_diagnostic_not_an_error() -> None:
    [_, iq] = parse(HEADER + b"<iq type='get' id='q1'/>")
    assert isinstance(iq, xmpp_wire.Stanza)
    assert iq.problem == "iq get or set must have exactly one payload"


def test_stream_error_carries_condition_offset_reason_and_frames() -> None:
    parser = xmpp_wire.StreamParser()
    data = HEADER + MESSAGE + b"<!-- no -->"
    with pytest.raises(xmpp_wire.StreamError) as caught:
        parser.feed(data)
    error = caught.value
    assert error.condition == "restricted-xml"
    assert error.offset == len(HEADER) + len(MESSAGE)
    assert "comment" in error.reason
    assert str(error).startswith(f"restricted-xml at offset {error.offset}: ")
    assert [frame.kind for frame in error.frames] == ["stream-open", "message"]
    # Errors are final until reset().
    with pytest.raises(xmpp_wire.StreamError) as again:
        parser.feed(b"<presence/>")
    assert (again.value.condition, again.value.offset, again.value.frames) == ("restricted-xml", error.offset, [])
    parser.reset()
    assert [frame.kind for frame in parser.feed(HEADER)] == ["stream-open"]


def test_stream_error_pickles() -> None:
    with pytest.raises(xmpp_wire.StreamError) as caught:
        xmpp_wire.StreamParser().feed(b"<x/>")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.condition, copy.offset, copy.reason, str(copy)) == (
        caught.value.condition, caught.value.offset, caught.value.reason, str(caught.value))


def test_finish_reports_a_stream_cut_inside_an_element() -> None:
    parser = xmpp_wire.StreamParser()
    parser.feed(HEADER + b"<message><bo")
    with pytest.raises(xmpp_wire.StreamError) as caught:
        parser.finish()
    assert caught.value.condition == "not-well-formed"
    assert caught.value.offset == len(HEADER) + 12
    ok = xmpp_wire.StreamParser()
    ok.feed(HEADER + MESSAGE)
    ok.finish()  # a TCP stream may end between elements


def test_max_stanza_size_is_policy_violation() -> None:
    parser = xmpp_wire.StreamParser(max_stanza_size=1024)
    assert parser.max_stanza_size == 1024
    big = b"<message><body>" + b"x" * 2000 + b"</body></message>"
    with pytest.raises(xmpp_wire.StreamError) as caught:
        parser.feed(HEADER + big)
    assert caught.value.condition == "policy-violation"


def test_websocket_mode() -> None:
    parser = xmpp_wire.StreamParser(mode="websocket")
    assert parser.mode == "websocket"
    frames = parser.feed(
        b"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>"
        b"<message xmlns='jabber:client' to='a@b'><body>x</body></message>"
        b"<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"
    )
    assert [(f.kind, getattr(f, "name", None)) for f in frames] == [
        ("element", "open"), ("message", "message"), ("element", "close")]


def test_bad_options_and_input_types() -> None:
    with pytest.raises(ValueError):
        xmpp_wire.StreamParser(mode="carrier-pigeon")  # type: ignore[arg-type]
    parser = xmpp_wire.StreamParser()
    with pytest.raises(TypeError):
        parser.feed("<stream:stream>")  # type: ignore[arg-type]


def test_bytes_like_inputs() -> None:
    data = HEADER + MESSAGE
    for chunk in (bytearray(data), memoryview(data)):
        frames = xmpp_wire.StreamParser().feed(chunk)
        assert [frame.kind for frame in frames] == ["stream-open", "message"]


def test_restart_after_sasl_success() -> None:
    data = (
        HEADER
        + b"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
        + HEADER.replace(b"to='example.com'", b"to='example.org'")
    )
    frames = parse(data)
    assert [frame.kind for frame in frames] == ["stream-open", "element", "stream-open"]
    restart = frames[2]
    assert isinstance(restart, xmpp_wire.StreamOpen) and restart.to == "example.org"


def test_the_gil_is_released_while_a_large_feed_is_framed() -> None:
    stanzas = MESSAGE * 40000  # about 7 MB
    parser = xmpp_wire.StreamParser()
    parser.feed(HEADER)
    stop = threading.Event()
    counts: List[int] = [0]

    def count() -> None:
        while not stop.is_set():
            counts[0] += 1

    # A long switch interval: this thread never hands the GIL over by itself during the test,
    # so the other thread can count only while the GIL is released.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.2)
    thread = threading.Thread(target=count)
    thread.start()
    try:
        before = counts[0]
        frames = parser.feed(stanzas)
        during = counts[0] - before
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
    assert len(frames) == 40000
    # With the GIL held for the whole call the other thread could not have counted at all
    # (it only runs between bytecodes of this thread); released, it counts the whole time.
    assert during > 1000
