"""ElementTree interop: frames to `Element` in Clark notation, elements to the writer, and back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import xmpp_wire
from _support import HEADER, parse

XML_NS = "http://www.w3.org/XML/1998/namespace"


def only_stanza(data: bytes) -> xmpp_wire.Stanza:
    frames = parse(HEADER + data)
    stanza = frames[1]
    assert isinstance(stanza, xmpp_wire.Stanza)
    return stanza


def test_to_element_uses_clark_names() -> None:
    stanza = only_stanza(
        b"<message xml:lang='en' to='a@b'><body>1 &lt; 2</body>"
        b"<x:data xmlns:x='urn:x' x:flag='1' plain='p'><x:item>i</x:item></x:data></message>"
    )
    el = stanza.to_element()
    assert isinstance(el, ET.Element)
    assert el.tag == "{jabber:client}message"
    assert el.attrib == {f"{{{XML_NS}}}lang": "en", "to": "a@b"}
    assert el.findtext("{jabber:client}body") == "1 < 2"
    data = el.find("{urn:x}data")
    assert data is not None
    assert data.attrib == {"{urn:x}flag": "1", "plain": "p"}
    assert data.findtext("{urn:x}item") == "i"


def test_text_tail_and_cdata() -> None:
    stanza = only_stanza(b"<message><body>a<b/>b<![CDATA[<c>]]>d<e/>f</body></message>")
    body = stanza.to_element().find("{jabber:client}body")
    assert body is not None
    assert body.text == "a"
    b, e = list(body)
    assert (b.tail, e.tail) == ("b<c>d", "f")


def test_element_frames_and_prefixed_stream_elements() -> None:
    frames = parse(HEADER + b"<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>")
    features = frames[1]
    assert isinstance(features, xmpp_wire.Element)
    el = features.to_element()
    assert el.tag == "{http://etherx.jabber.org/streams}features"
    assert [child.tag for child in el] == ["{urn:ietf:params:xml:ns:xmpp-bind}bind"]


def test_websocket_frames_to_element() -> None:
    frames = parse(
        b"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>"
        b"<message xmlns='jabber:client'><body>x</body></message>",
        mode="websocket",
    )
    open_, message = frames
    assert isinstance(open_, xmpp_wire.Element) and isinstance(message, xmpp_wire.Stanza)
    assert open_.to_element().tag == "{urn:ietf:params:xml:ns:xmpp-framing}open"
    assert message.to_element().findtext("{jabber:client}body") == "x"


def test_elements_as_payloads() -> None:
    query = ET.Element("{jabber:iq:roster}query", {"ver": "v1"})
    ET.SubElement(query, "{jabber:iq:roster}item", {"jid": "romeo@example.net", "name": "R & J"})
    assert xmpp_wire.iq(query, id="r1", type="get") == (
        b"<iq id='r1' type='get'><query xmlns='jabber:iq:roster' ver='v1'>"
        b"<item jid='romeo@example.net' name='R &amp; J'/></query></iq>"
    )
    body = ET.Element("{jabber:client}body")
    body.text = "hi"
    lang = ET.Element("{urn:x}x", {f"{{{XML_NS}}}lang": "fr", "{urn:y}a": "1"})
    lang.text = "t"
    ET.SubElement(lang, "plain").tail = "tail"
    assert xmpp_wire.message([body, lang]) == (
        b"<message><body>hi</body><x xmlns='urn:x' xml:lang='fr' xmlns:ns0='urn:y' ns0:a='1'>"
        b"t<plain xmlns=''/>tail</x></message>"
    )


def test_round_trip_through_elementtree() -> None:
    original = only_stanza(
        b"<iq type='result' id='v1'><vCard xmlns='vcard-temp'><FN>Juliet</FN>"
        b"<x:e xmlns:x='urn:x' x:a='&apos;q&apos;'>t<y/>u</x:e></vCard></iq>"
    )
    element = original.to_element()
    payload = element[0]
    written = xmpp_wire.iq(payload, id="v1", type="result")
    again = only_stanza(written)
    assert ET.tostring(again.to_element()[0]) == ET.tostring(payload)
    assert again.to_element().attrib == element.attrib


def test_comments_cannot_be_written() -> None:
    with pytest.raises(TypeError):
        xmpp_wire.message(ET.Comment("no"))
