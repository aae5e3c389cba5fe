// Stream errors reach JavaScript as StreamError (instanceof works), with the core's condition
// and offset, after the frames completed before them; they are sticky until reset().

import assert from "node:assert/strict";
import { test } from "node:test";

import { StreamError, StreamParser } from "../js/index.js";
import { HEADER } from "./helpers.mjs";

const OPEN_WS = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='im.example.com' version='1.0'/>";

function feedError(parser, chunk) {
  try {
    parser.feed(chunk);
  } catch (error) {
    return error;
  }
  assert.fail("expected a StreamError");
}

test("a comment is restricted-xml, after the frames before it", () => {
  const parser = new StreamParser();
  const error = feedError(parser, `${HEADER}<presence/><!-- no -->`);
  assert.ok(error instanceof StreamError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, "StreamError");
  assert.equal(error.condition, "restricted-xml");
  assert.equal(error.offset, HEADER.length + "<presence/>".length);
  assert.match(error.reason, /comment/);
  assert.equal(error.message, `restricted-xml at offset ${error.offset}: ${error.reason}`);
  assert.deepEqual(
    error.frames.map((f) => f.kind),
    ["stream-open", "presence"],
  );
});

test("errors are sticky until reset, then a new stream parses from offset 0", () => {
  const parser = new StreamParser();
  const first = feedError(parser, `${HEADER}<message>&bogus;</message>`);
  assert.equal(first.condition, "restricted-xml");
  const again = feedError(parser, "<presence/>");
  assert.equal(again.condition, first.condition);
  assert.equal(again.offset, first.offset);
  assert.deepEqual(again.frames, []);
  parser.reset();
  const frames = parser.feed(`${HEADER}<presence/>`);
  assert.deepEqual(frames.map((f) => [f.kind, f.offset]), [["stream-open", 0], ["presence", HEADER.length]]);
});

test("an error split across feeds is found at the same offset", () => {
  const input = Buffer.from(`${HEADER}<message to='a'><body>x</bod></message>`);
  const whole = feedError(new StreamParser(), input);
  const parser = new StreamParser();
  let error;
  for (let i = 0; i < input.length && !error; i++) {
    try {
      parser.feed(input.subarray(i, i + 1));
    } catch (e) {
      error = e;
    }
  }
  assert.equal(whole.condition, "not-well-formed");
  assert.equal(error.condition, whole.condition);
  assert.equal(error.offset, whole.offset);
});

test("maxStanzaSize: a larger element is policy-violation", () => {
  const parser = new StreamParser({ maxStanzaSize: 64 });
  assert.equal(parser.maxStanzaSize, 64);
  const error = feedError(new StreamParser({ maxStanzaSize: 200 }), `${HEADER}<message><body>${"x".repeat(300)}</body></message>`);
  assert.equal(error.condition, "policy-violation");
  assert.ok(error.offset >= HEADER.length);
});

test("finish: input that ends inside an element is not-well-formed", () => {
  const parser = new StreamParser();
  parser.feed(`${HEADER}<message><body>`);
  assert.throws(() => parser.finish(), (e) => e instanceof StreamError && e.condition === "not-well-formed");
  const complete = new StreamParser();
  complete.feed(`${HEADER}<presence/>`);
  complete.finish();
});

test("websocket mode: the first element must be RFC 7395 <open/>", () => {
  const error = feedError(new StreamParser({ mode: "websocket" }), "<message xmlns='jabber:client'/>");
  assert.equal(error.condition, "bad-format");
  assert.equal(error.offset, 0);
  const parser = new StreamParser({ mode: "websocket" });
  assert.equal(parser.mode, "websocket");
  const frames = [...parser.feed(OPEN_WS), ...parser.feed("<message xmlns='jabber:client' to='a@b'/>")];
  assert.deepEqual(frames.map((f) => f.kind), ["element", "message"]);
  assert.equal(frames[0].name, "open");
  assert.equal(frames[1].to, "a@b");
});

test("options are checked", () => {
  assert.throws(() => new StreamParser({ mode: "bosh" }), TypeError);
  assert.throws(() => new StreamParser({ maxStanzaSize: -1 }), TypeError);
  assert.throws(() => new StreamParser({ maxDepth: 1.5 }), TypeError);
  assert.throws(() => new StreamParser().feed(42), TypeError);
});

test("input as string, Uint8Array, ArrayBuffer and DataView gives the same frames", () => {
  const text = `${HEADER}<message to='jüliet@example.com'><body>你好 🌹</body></message>`;
  const bytes = new TextEncoder().encode(text);
  const kinds = (chunk) => new StreamParser().feed(chunk).map((f) => [f.kind, f.offset, f.len, f.to]);
  const expected = kinds(text);
  assert.equal(expected[1][2], bytes.length - HEADER.length, "len counts UTF-8 bytes");
  assert.deepEqual(kinds(bytes), expected);
  assert.deepEqual(kinds(bytes.buffer), expected);
  assert.deepEqual(kinds(new DataView(bytes.buffer)), expected);
});

test("names: the Fourth Edition rules refuse names only the Fifth allows", () => {
  const input = `${HEADER}<message><x\u2070/></message>`;
  assert.equal(new StreamParser().feed(input).length, 2);
  assert.equal(new StreamParser({ names: "fifth-edition" }).feed(input).length, 2);
  const error = feedError(new StreamParser({ names: "fourth-edition" }), input);
  assert.equal(error.condition, "not-well-formed");
  assert.throws(() => new StreamParser({ names: "sixth-edition" }), TypeError);
});
