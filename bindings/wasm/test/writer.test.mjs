// The writer's output parses back to the same values (DESIGN.md "Writer"), in TCP and
// WebSocket framing; refused values throw WriteError, malformed payloads StreamError.

import assert from "node:assert/strict";
import { test } from "node:test";

import { DOMImplementation } from "@xmldom/xmldom";

import {
  StreamError,
  StreamParser,
  WriteError,
  iq,
  iqError,
  iqResult,
  message,
  presence,
  streamClose,
  streamError,
  streamOpen,
} from "../js/index.js";

/** The frames of a TCP stream opened by the writer, then `xml`. */
function parsed(xml, { mode = "tcp" } = {}) {
  const parser = new StreamParser({ mode });
  const frames = parser.feed(streamOpen({ to: "im.example.com", mode }) + xml);
  parser.free();
  return frames.slice(1);
}

const AWKWARD = `<tricky> & "quotes" 'apostrophes' \t tab\r\nline ]]> 你好 🌹`;

test("stream header and close, TCP and WebSocket", () => {
  const open = streamOpen({ to: "im.example.com", from: "juliet@im.example.com", lang: "en" });
  assert.equal(
    open,
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'" +
      " to='im.example.com' from='juliet@im.example.com' version='1.0' xml:lang='en'>",
  );
  const parser = new StreamParser();
  const [header, close] = parser.feed(open + streamClose());
  assert.equal(header.kind, "stream-open");
  assert.equal(header.ns, "jabber:client");
  assert.deepEqual([header.to, header.from, header.version, header.lang], ["im.example.com", "juliet@im.example.com", "1.0", "en"]);
  assert.equal(close.kind, "stream-close");
  assert.doesNotMatch(streamOpen({ version: null }), /<stream:stream[^>]* version=/);
  assert.equal(
    streamOpen({ to: "example.com", mode: "websocket" }),
    "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>",
  );
  assert.equal(streamClose({ mode: "websocket" }), "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
});

test("message round trip: attributes and child text are escaped and decode back", () => {
  const xml = message({ to: "romeo@example.net", id: "m&1", type: "chat", lang: "en", subject: "s", body: AWKWARD, thread: "t1" });
  const [frame] = parsed(xml);
  assert.equal(frame.kind, "message");
  assert.deepEqual(frame.attrs, { to: "romeo@example.net", id: "m&1", type: "chat", "xml:lang": "en" });
  assert.deepEqual([frame.to, frame.id, frame.type], ["romeo@example.net", "m&1", "chat"]);
  assert.deepEqual(frame.payloads.map((p) => p.name), ["subject", "body", "thread"]);
  assert.equal(frame.xml, xml);
  const element = frame.toDOM(new DOMImplementation().createDocument(null, null));
  assert.equal(element.getElementsByTagName("body")[0].textContent, AWKWARD);
});

test("presence and iq with payloads from strings", () => {
  const p = presence({ show: "away", status: "out", priority: 5, payload: "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/>" });
  const [frame] = parsed(p);
  assert.deepEqual(frame.payloads, [
    { ns: "jabber:client", name: "show" },
    { ns: "jabber:client", name: "status" },
    { ns: "jabber:client", name: "priority" },
    { ns: "http://jabber.org/protocol/caps", name: "c" },
  ]);
  const get = iq({ type: "get", id: "r1", to: "example.com", payload: "<query xmlns='jabber:iq:roster' ver=''/>" });
  assert.equal(get, "<iq to='example.com' id='r1' type='get'><query xmlns='jabber:iq:roster' ver=''/></iq>");
  const [iqFrame] = parsed(get);
  assert.equal(iqFrame.problem, undefined);
  assert.deepEqual(iqFrame.payloads, [{ ns: "jabber:iq:roster", name: "query" }]);
});

test("payloads are parsed and written again: references decoded and escaped anew", () => {
  const xml = iq({
    type: "set",
    id: "s1",
    payload: "<x:item xmlns:x='urn:example' x:flag=\"a&amp;b\" name='&#x1F339;'>t&lt;<![CDATA[<raw>]]><sub/></x:item>",
  });
  assert.equal(
    xml,
    "<iq id='s1' type='set'><x:item xmlns:x='urn:example' x:flag='a&amp;b' name='🌹'>t&lt;&lt;raw&gt;<sub/></x:item></iq>",
  );
  assert.deepEqual(parsed(xml)[0].payloads, [{ ns: "urn:example", name: "item" }]);
});

test("replies: iqResult and iqError swap addresses and keep the id", () => {
  const [request] = parsed("<iq from='juliet@example.com/balcony' to='example.com' id='p&amp;1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
  assert.equal(iqResult(request), "<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='result'/>");
  const withPayload = iqResult(request, "<query xmlns='jabber:iq:version'><name>xmpp-wire</name></query>");
  const [result] = parsed(withPayload);
  assert.deepEqual([result.type, result.id, result.to, result.from], ["result", "p&1", "juliet@example.com/balcony", "example.com"]);
  assert.deepEqual(result.payloads, [{ ns: "jabber:iq:version", name: "query" }]);

  const error = iqError(request, "service-unavailable");
  assert.equal(
    error,
    "<iq to='juliet@example.com/balcony' from='example.com' id='p&amp;1' type='error'><error type='cancel'>" +
      "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
  );
  // Without a type, the one RFC 6120 §8.3.3 gives with the condition.
  assert.match(iqError(request, "bad-request"), /<error type='modify'><bad-request /);
  assert.match(iqError(request, "not-authorized"), /<error type='auth'>/);
  const [errorFrame] = parsed(iqError(request, "bad-request", { type: "cancel", text: "no <payload>" }));
  assert.equal(errorFrame.type, "error");
  assert.deepEqual(errorFrame.payloads, [{ ns: "jabber:client", name: "error" }]);
  assert.throws(() => iqError(request, "no-such-condition"), TypeError);
  assert.throws(() => iqError(request, "gone", { type: "later" }), TypeError);
});

test("websocket framing: stanzas declare jabber:client, replies follow the request's mode", () => {
  const m = message({ to: "a@b", body: "hi", mode: "websocket" });
  assert.equal(m, "<message xmlns='jabber:client' to='a@b'><body>hi</body></message>");
  const [frame] = parsed(m, { mode: "websocket" });
  assert.equal(frame.kind, "message");
  assert.equal(frame.ns, "jabber:client");
  const [request] = parsed("<iq xmlns='jabber:client' from='a@b/c' id='q' type='get'><ping xmlns='urn:xmpp:ping'/></iq>", { mode: "websocket" });
  assert.equal(iqResult(request), "<iq xmlns='jabber:client' to='a@b/c' id='q' type='result'/>");
  assert.equal(
    streamError("policy-violation", { mode: "websocket" }),
    "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
  );
});

test("refused values throw WriteError; malformed payloads throw StreamError", () => {
  assert.throws(
    () => message({ body: "a\u0000b" }),
    (e) => e instanceof WriteError && e.kind === "invalid-char" && e.index === 1,
  );
  assert.throws(() => message({ to: "x\u{1}" }), WriteError);
  assert.throws(
    () => iq({ type: "get", id: "1", payload: "<query xmlns='jabber:iq:roster'>" }),
    (e) => e instanceof StreamError && e.condition === "not-well-formed",
  );
  assert.throws(
    () => iq({ type: "get", id: "1", payload: "<a/><b/>" }),
    (e) => e instanceof StreamError,
  );
  assert.throws(
    () => iq({ type: "get", id: "1", payload: "<!-- c --><a/>" }),
    (e) => e instanceof StreamError && e.condition === "restricted-xml" && e.offset === 0,
  );
  assert.throws(() => streamError("nope"), TypeError);
  assert.throws(() => message({ mode: "bosh" }), TypeError);
});
