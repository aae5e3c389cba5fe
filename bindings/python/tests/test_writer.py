"""The writer functions: exact bytes, modes, refusals, raw payloads, and a round trip."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xmpp_wire
from _support import HEADER, parse


def test_stream_header_and_close() -> None:
    assert xmpp_wire.stream_open(to="im.example.com") == (
        b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
        b"xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' version='1.0'>"
    )
    assert xmpp_wire.stream_open(to="example.com", mode="websocket") == (
        b"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>"
    )
    assert xmpp_wire.stream_open(version=None, ns="jabber:server").endswith(
        b"xmlns:stream='http://etherx.jabber.org/streams'>"
    )
    assert xmpp_wire.stream_close() == b"</stream:stream>"
    assert xmpp_wire.stream_close(mode="websocket") == b"<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"


def test_stanzas_escape_their_values() -> None:
    assert xmpp_wire.message(to="a@b", type="chat", id="x'1") == b"<message to='a@b' id='x&apos;1' type='chat'/>"
    assert xmpp_wire.presence(type="unavailable") == b"<presence type='unavailable'/>"
    assert xmpp_wire.presence(mode="websocket") == b"<presence xmlns='jabber:client'/>"
    assert xmpp_wire.message(b"<body>a &amp; b</body>", from_="c@d") == (
        b"<message from='c@d'><body>a &amp; b</body></message>"
    )
    assert xmpp_wire.message("<body xml:lang='fr'>Ç&lt;a</body>") == (
        "<message><body xml:lang='fr'>Ç&lt;a</body></message>".encode()
    )


def test_refused_values_raise_write_error() -> None:
    with pytest.raises(xmpp_wire.WriteError) as caught:
        xmpp_wire.message(to="a\x01b")
    assert caught.value.index == 1
    assert isinstance(caught.value, ValueError)
    with pytest.raises(xmpp_wire.WriteError):
        xmpp_wire.stream_error("conflict", "\x00")


def test_raw_payloads_are_checked_by_the_parser() -> None:
    for bad, condition in [
        (b"<body>unclosed", "not-well-formed"),
        (b"<a/><b/>", "not-well-formed"),
        (b"<body><!-- c --></body>", "restricted-xml"),
        (b"<x:body/>", "bad-namespace-prefix"),
    ]:
        with pytest.raises(xmpp_wire.StreamError) as caught:
            xmpp_wire.message(bad)
        assert caught.value.condition == condition, bad
    with pytest.raises(TypeError):
        xmpp_wire.message([42])  # type: ignore[list-item]


def test_stream_errors() -> None:
    assert xmpp_wire.stream_error("host-unknown") == (
        b"<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
    )
    assert xmpp_wire.stream_error("policy-violation", mode="websocket").startswith(
        b"<stream:error xmlns:stream='http://etherx.jabber.org/streams'>"
    )
    with pytest.raises(ValueError):
        xmpp_wire.stream_error("no-such-condition")


def request(data: bytes) -> xmpp_wire.Stanza:
    stanza = parse(HEADER + data)[1]
    assert isinstance(stanza, xmpp_wire.Stanza)
    return stanza


def test_iq_replies_swap_addresses() -> None:
    get = request(b"<iq from='juliet@example.com/balcony' to='example.com' id='p&amp;1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>")
    assert xmpp_wire.iq_result(get) == b"<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='result'/>"
    assert xmpp_wire.iq_result(get, b"<query xmlns='jabber:iq:version'><name>x</name></query>") == (
        b"<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='result'>"
        b"<query xmlns='jabber:iq:version'><name>x</name></query></iq>"
    )
    assert xmpp_wire.iq_error(get, "service-unavailable") == (
        b"<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='error'>"
        b"<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
    )
    bad = xmpp_wire.iq_error(get, "bad-request", "no", type="modify")
    assert b"<error type='modify'><bad-request " in bad and b"<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>no</text>" in bad
    with pytest.raises(ValueError):
        xmpp_wire.iq_error(get, "bad-request", type="sometimes")
    with pytest.raises(ValueError):
        xmpp_wire.iq_error(get, "not-a-condition")
    with pytest.raises(TypeError):
        xmpp_wire.iq_result(parse(HEADER)[0])


# Values the writer must carry: any XML Char, including markup characters and line ends.
xml_text = st.text(
    st.characters(
        exclude_categories=["Cs"],
        exclude_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
        "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff",
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(to=xml_text, id=xml_text, body=xml_text, chunk=st.integers(1, 64))
def test_writer_round_trip(to: str, id: str, body: str, chunk: int) -> None:
    import xml.etree.ElementTree as ET

    payload = ET.Element("{jabber:client}body")
    payload.text = body
    data = HEADER + xmpp_wire.message(payload, to=to, id=id, type="chat")
    frames = []
    parser = xmpp_wire.StreamParser()
    for at in range(0, len(data), chunk):
        frames.extend(parser.feed(data[at : at + chunk]))
    stanza = frames[1]
    assert isinstance(stanza, xmpp_wire.Stanza)
    assert (stanza.to, stanza.id, stanza.type) == (to, id, "chat")
    # XML 1.0 §2.11: a parser reads CR LF and lone CR as LF, so the writer escapes CR as &#13;.
    assert (stanza.to_element().findtext("{jabber:client}body") or "") == body


@given(name=st.text(string.ascii_letters, min_size=1, max_size=8), value=xml_text)
def test_raw_payload_round_trip(name: str, value: str) -> None:
    import xml.etree.ElementTree as ET

    element = ET.Element("{urn:x}" + name, {"v": value})
    element.text = value
    once = xmpp_wire.iq(element, id="1", type="set")
    stanza = request(once)
    raw_payload = stanza.to_element()[0]
    # Writing the parsed payload again as raw XML gives the same bytes.
    inner = once[once.index(b">") + 1 : once.rindex(b"</iq>")]
    assert xmpp_wire.iq(inner, id="1", type="set") == once
    assert raw_payload.attrib["v"] == value
