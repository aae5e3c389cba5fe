// IqTracker: replies matched by id and sender (RFC 6120 §8.2.3), spoofed replies caught,
// roster pushes trusted only from the account (RFC 6121 §2.1.6), timeouts.

import assert from "node:assert/strict";
import { test } from "node:test";

import { IqTracker, StreamParser, TrackError, streamOpen } from "../js/index.js";

function frames(xml, mode = "tcp") {
  const parser = new StreamParser({ mode });
  return parser.feed(streamOpen({ to: "example.com", mode }) + xml).slice(1);
}

test("matched, spoofed, unsolicited, not-a-reply", () => {
  const tracker = new IqTracker("juliet@example.com/balcony");
  tracker.track("v1", { to: "romeo@example.net/orchard", timeout: 30_000, now: 0 });
  assert.equal(tracker.size, 1);
  const [spoof, real, late, request, message] = frames(
    "<iq type='result' id='v1' from='mallory@evil.example/x'/>" +
      "<iq type='result' id='v1' from='romeo@example.net/orchard'/>" +
      "<iq type='result' id='v1' from='romeo@example.net/orchard'/>" +
      "<iq type='get' id='v2' from='romeo@example.net/orchard'><ping xmlns='urn:xmpp:ping'/></iq>" +
      "<message from='romeo@example.net/orchard'/>",
  );
  assert.equal(tracker.onStanza(spoof), "spoofed");
  assert.equal(tracker.size, 1, "a spoofed reply leaves the request pending");
  assert.equal(tracker.onStanza(real), "matched");
  assert.equal(tracker.size, 0);
  assert.equal(tracker.onStanza(late), "unsolicited");
  assert.equal(tracker.onStanza(request), "not-a-reply");
  assert.equal(tracker.onStanza(message), "not-a-reply");
  tracker.free();
});

test("requests to the account's server are answered by it, also in websocket mode", () => {
  const tracker = new IqTracker("juliet@example.com");
  tracker.track("r1", { timeout: 10, now: 0 });
  const [fromContact, fromServer] = frames(
    "<iq xmlns='jabber:client' type='result' id='r1' from='romeo@example.net'/>" +
      "<iq xmlns='jabber:client' type='result' id='r1'/>",
    "websocket",
  );
  assert.equal(tracker.onStanza(fromContact), "spoofed");
  assert.equal(tracker.onStanza(fromServer), "matched");
});

test("roster pushes are trusted from the account only", () => {
  const tracker = new IqTracker("juliet@example.com/balcony");
  const [own, none, foreign] = frames(
    "<iq type='set' id='p1' from='juliet@example.com'><query xmlns='jabber:iq:roster'/></iq>" +
      "<iq type='set' id='p2'><query xmlns='jabber:iq:roster'/></iq>" +
      "<iq type='set' id='p3' from='mallory@evil.example'><query xmlns='jabber:iq:roster'/></iq>",
  );
  assert.equal(tracker.isTrustedPush(own), true);
  assert.equal(tracker.isTrustedPush(none), true);
  assert.equal(tracker.isTrustedPush(foreign), false);
});

test("expire, nextDeadline, cancel, clear", () => {
  const tracker = new IqTracker("juliet@example.com");
  tracker.track("a", { timeout: 100, now: 0 });
  tracker.track("b", { to: "example.com", timeout: 50, now: 0 });
  tracker.track("c", { timeout: 500, now: 0 });
  assert.equal(tracker.nextDeadline(), 50);
  assert.deepEqual(tracker.expire(100).sort((x, y) => x.id.localeCompare(y.id)), [
    { id: "a", to: undefined },
    { id: "b", to: "example.com" },
  ]);
  assert.equal(tracker.cancel("c"), true);
  assert.equal(tracker.cancel("c"), false);
  assert.equal(tracker.nextDeadline(), undefined);
  tracker.track("d", { timeout: 1 });
  tracker.clear();
  assert.equal(tracker.size, 0);
});

test("refusals throw TrackError", () => {
  assert.throws(() => new IqTracker("@example.com"), (e) => e instanceof TrackError && e.kind === "invalid-jid");
  const tracker = new IqTracker("juliet@example.com");
  tracker.track("x", { timeout: 1 });
  assert.throws(() => tracker.track("x", { timeout: 1 }), (e) => e instanceof TrackError && e.kind === "duplicate-id");
  assert.throws(() => tracker.track("y".repeat(65), { timeout: 1 }), (e) => e.kind === "too-long");
  assert.throws(() => tracker.track("z"), TypeError);
  for (let i = 0; i < tracker.capacity - 1; i++) tracker.track(`n${i}`, { timeout: 1 });
  assert.throws(() => tracker.track("full", { timeout: 1 }), (e) => e.kind === "full");
  tracker.setAccount("juliet@example.com/balcony");
  assert.equal(tracker.account, "juliet@example.com/balcony");
});
