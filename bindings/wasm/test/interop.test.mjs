// Interop with the JavaScript XMPP ecosystem: frames as ltx elements (xmpp.js) and as DOM
// elements (Strophe.js), and ltx or DOM elements as writer payloads.

import assert from "node:assert/strict";
import { test } from "node:test";

import { DOMImplementation, XMLSerializer } from "@xmldom/xmldom";
import * as ltx from "ltx";

import { StreamParser, iq, message } from "../js/index.js";
import { HEADER } from "./helpers.mjs";

const STANZA =
  "<message to='romeo@example.net' from='juliet@example.com/balcony' type='chat' xml:lang='en'>" +
  "<body>Wherefore &amp; why? 🌹</body><x:data xmlns:x='urn:example:x' x:n='1'>a<![CDATA[<b>]]>c<y/></x:data>" +
  "<active xmlns='http://jabber.org/protocol/chatstates'/></message>";

function frame(xml = STANZA) {
  return new StreamParser().feed(HEADER + xml)[1];
}

test("toLtx: an ltx element with the stanza's namespaces, attributes and decoded text", () => {
  const element = frame().toLtx(ltx.Element);
  assert.ok(element instanceof ltx.Element);
  assert.ok(element.is("message", "jabber:client"));
  assert.equal(element.attrs.to, "romeo@example.net");
  assert.equal(element.attrs["xml:lang"], "en");
  assert.equal(element.getChildText("body"), "Wherefore & why? 🌹");
  const data = element.getChild("data", "urn:example:x");
  assert.equal(data.getText(), "a<b>c");
  assert.equal(data.attrs["x:n"], "1");
  assert.ok(element.getChild("active", "http://jabber.org/protocol/chatstates"));
  // The ltx element re-parses to the same stanza.
  assert.deepEqual(ltx.parse(element.toString()).toString(), element.toString());
});

test("toLtx on stream-level elements keeps the stream prefix bound", () => {
  const features = frame("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
  const element = features.toLtx(ltx.Element);
  assert.equal(element.name, "stream:features");
  assert.equal(element.attrs["xmlns:stream"], "http://etherx.jabber.org/streams");
  assert.equal(element.getNS(), "http://etherx.jabber.org/streams");
  assert.throws(() => features.toLtx(), TypeError);
});

test("toDOM: namespaced DOM elements", () => {
  const document = new DOMImplementation().createDocument(null, null);
  const element = frame().toDOM(document);
  assert.equal(element.namespaceURI, "jabber:client");
  assert.equal(element.localName, "message");
  assert.equal(element.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang"), "en");
  const [data] = Array.from(element.getElementsByTagNameNS("urn:example:x", "data"));
  assert.equal(data.getAttributeNS("urn:example:x", "n"), "1");
  assert.equal(data.textContent, "a<b>c");
  assert.equal(element.getElementsByTagNameNS("jabber:client", "body")[0].textContent, "Wherefore & why? 🌹");
  // Serialised, it parses back through xmpp-wire as the same stanza.
  const xml = new XMLSerializer().serializeToString(element);
  const [again] = new StreamParser({ mode: "websocket" }).feed(
    "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>" + xml,
  ).slice(1);
  assert.deepEqual(again.attrs, frame().attrs);
  assert.deepEqual(again.payloads, frame().payloads);
});

test("ltx and DOM elements as writer payloads", () => {
  const query = new ltx.Element("query", { xmlns: "jabber:iq:version" }).c("name").t("xmpp-wire").root();
  assert.equal(
    iq({ type: "result", id: "v", payload: query }),
    "<iq id='v' type='result'><query xmlns='jabber:iq:version'><name>xmpp-wire</name></query></iq>",
  );
  const document = new DOMImplementation().createDocument(null, null);
  const x = document.createElementNS("jabber:x:oob", "x");
  x.appendChild(document.createElementNS("jabber:x:oob", "url")).appendChild(document.createTextNode("https://e.org/?a&b"));
  globalThis.XMLSerializer = XMLSerializer;
  try {
    assert.equal(
      message({ to: "a@b", payload: x }),
      "<message to='a@b'><x xmlns='jabber:x:oob'><url>https://e.org/?a&amp;b</url></x></message>",
    );
  } finally {
    delete globalThis.XMLSerializer;
  }
});
