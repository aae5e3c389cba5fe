// The browser scenario: the npm package `xmpp-wire` (WebAssembly) as an XMPP-over-WebSocket
// client (RFC 7395) of a real Prosody. Only the package frames what arrives and writes what is
// sent (SASL's <auth/> excepted: the package writes stream headers and stanzas, so that one
// element is spelled out, its only variable part base64). Every IQ reply is matched to its
// request by an IqTracker. The outcome lands in window.interop; run.mjs reads it.

import {
  IqTracker,
  StreamError,
  StreamParser,
  iq,
  iqError,
  iqResult,
  message,
  presence,
  streamClose,
  streamOpen,
  version,
} from "/xmpp-wire/js/index.js";

const NS = {
  framing: "urn:ietf:params:xml:ns:xmpp-framing", // RFC 7395 §3.3.1
  streams: "http://etherx.jabber.org/streams",
  sasl: "urn:ietf:params:xml:ns:xmpp-sasl", // RFC 6120 §6
  bind: "urn:ietf:params:xml:ns:xmpp-bind", // RFC 6120 §7
  client: "jabber:client",
  roster: "jabber:iq:roster", // RFC 6121 §2
  ping: "urn:xmpp:ping", // XEP-0199
};
const MODE = "websocket";
const TIMEOUT_MS = 10_000;
// Text that must cross the wire intact: CJK, emoji (4-byte UTF-8, surrogate pairs in JS), and
// the characters the writer escapes.
const TEXT_TO_BOB = "你好，鲍勃！浏览器里的 WebAssembly 🌐🦀 <&> \"'";
const TEXT_TO_ALICE = "收到了 👍 WebSocket 上的 XMPP 一切正常 ✓";

const params = new URLSearchParams(location.search);
const config = {
  ws: params.get("ws"),
  domain: params.get("domain") ?? "localhost",
  passwords: { alice: params.get("alice"), bob: params.get("bob") },
};

const results = {
  version,
  userAgent: navigator.userAgent,
  passed: 0,
  failed: 0,
  steps: [],
  captures: {}, // label -> WebSocket messages received, in order
  sent: {}, // label -> WebSocket messages sent, in order
  frames: {}, // label -> kind of each frame the parser returned
};

const $ = (id) => document.getElementById(id);

class ScenarioError extends Error {}

/** One WebSocket connection with its parser, IQ tracker and unconsumed frames. */
class Connection {
  constructor(label) {
    this.label = label;
    this.parser = new StreamParser({ mode: MODE });
    this.tracker = new IqTracker(config.domain); // the bare JID after SASL, the full one after bind
    this.backlog = [];
    this.replies = new Map();
    this.ids = 0;
    this.jid = "";
    this.closed = false;
    this.failure = null;
    this.wake = () => {};
    results.captures[label] = [];
    results.sent[label] = [];
    results.frames[label] = [];
  }

  connect() {
    return new Promise((resolve, reject) => {
      // RFC 7395 §3.2: the subprotocol is "xmpp".
      this.ws = new WebSocket(config.ws, "xmpp");
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new ScenarioError(`${this.label}: WebSocket error on ${config.ws}`));
      this.ws.onmessage = (event) => this.receive(event.data);
      this.ws.onclose = () => {
        this.closed = true;
        try {
          this.parser.finish();
        } catch (error) {
          this.failure ??= error;
        }
        this.wake();
      };
    });
  }

  receive(data) {
    results.captures[this.label].push(data);
    let frames;
    try {
      frames = this.parser.feed(data); // one message, one complete element (RFC 7395 §3.3.3)
    } catch (error) {
      this.failure ??= error;
      frames = error instanceof StreamError ? error.frames : [];
    }
    for (const frame of frames) {
      results.frames[this.label].push(frame.kind);
      try {
        this.dispatch(frame);
      } catch (error) {
        this.failure ??= error;
      }
    }
    this.wake();
  }

  dispatch(frame) {
    if (frame.kind === "iq") {
      const verdict = this.tracker.onStanza(frame);
      if (verdict === "matched") {
        this.replies.set(frame.id, frame);
        return;
      }
      if (verdict === "spoofed" || verdict === "unsolicited") {
        throw new ScenarioError(`${this.label}: ${verdict} IQ reply ${frame.xml}`);
      }
      if (frame.type === "get" || frame.type === "set") {
        // RFC 6120 §8.2.3: every request gets a reply.
        const payload = frame.payloads[0];
        if (this.tracker.isTrustedPush(frame) || (payload?.ns === NS.ping && payload.name === "ping")) {
          this.send(iqResult(frame, undefined, { mode: MODE }));
        } else {
          this.send(iqError(frame, "service-unavailable", { mode: MODE }));
        }
        return;
      }
    }
    this.backlog.push(frame);
  }

  send(text) {
    results.sent[this.label].push(text);
    this.ws.send(text);
  }

  nextId(what) {
    return `${this.label}-${++this.ids}-${what}`;
  }

  /** Resolves when `ready()` returns something; rejects on failure, close or timeout. */
  waitFor(ready, what, timeout = TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => check(true), timeout);
      const check = (timedOut = false) => {
        const got = ready();
        let error = null;
        if (got !== undefined) {
          clearTimeout(timer);
          this.wake = () => {};
          return resolve(got);
        }
        if (this.failure) error = `${this.label}: ${this.failure}`;
        else if (this.closed) error = `${this.label}: connection closed waiting for ${what}`;
        else if (timedOut) error = `${this.label}: timed out waiting for ${what}`;
        if (error) {
          clearTimeout(timer);
          this.wake = () => {};
          const seen = this.backlog.slice(-5).map((f) => f.xml).join("\n  ");
          reject(new ScenarioError(seen ? `${error}; unconsumed:\n  ${seen}` : error));
        }
      };
      this.wake = () => check();
      check();
    });
  }

  expect(predicate, what) {
    return this.waitFor(() => {
      const i = this.backlog.findIndex(predicate);
      return i < 0 ? undefined : this.backlog.splice(i, 1)[0];
    }, what);
  }

  async iq(type, payload, what, to) {
    const id = this.nextId(what);
    this.tracker.track(id, { to, timeout: TIMEOUT_MS });
    this.send(iq({ type, id, to, payload, mode: MODE }));
    const reply = await this.waitFor(() => {
      const got = this.replies.get(id);
      if (got) this.replies.delete(id);
      return got;
    }, `the reply to ${id}`).catch((error) => {
      const expired = this.tracker.expire(Date.now() + 1).some((request) => request.id === id);
      throw expired ? new ScenarioError(`${this.label}: no reply to ${id} within ${TIMEOUT_MS} ms`) : error;
    });
    if (reply.type !== "result") throw new ScenarioError(`${this.label}: ${what} failed: ${reply.xml}`);
    return reply;
  }

  /** RFC 7395 §3.4: <open/> answered by <open/> and the features. */
  async open() {
    this.send(streamOpen({ to: config.domain, lang: "en", mode: MODE }));
    const open = await this.expect((f) => f.kind === "element" && f.name === "open" && f.ns === NS.framing, "<open/>");
    if (open.attrs.from !== config.domain || open.attrs.version !== "1.0") {
      throw new ScenarioError(`${this.label}: unexpected ${open.xml}`);
    }
    const features = await this.expect((f) => f.kind === "element" && f.name === "features" && f.ns === NS.streams, "features");
    return features.toDOM(document);
  }

  async login(user, password, resource) {
    await this.connect();
    let features = await this.open();
    const mechanisms = Array.from(features.getElementsByTagNameNS(NS.sasl, "mechanism"), (m) => m.textContent);
    if (!mechanisms.includes("PLAIN")) throw new ScenarioError(`${this.label}: no PLAIN in ${mechanisms}`);
    const bytes = new TextEncoder().encode(`\0${user}\0${password}`);
    const credentials = btoa(String.fromCharCode(...bytes));
    this.send(`<auth xmlns='${NS.sasl}' mechanism='PLAIN'>${credentials}</auth>`);
    const outcome = await this.expect((f) => f.kind === "element" && f.ns === NS.sasl, "SASL outcome");
    if (outcome.name !== "success") throw new ScenarioError(`${this.label}: SASL ${outcome.xml}`);
    // RFC 7395 §3.5: after SASL the client opens again on the same WebSocket; the parser needs
    // no reset, the new <open/> is just the next element.
    features = await this.open();
    if (!features.getElementsByTagNameNS(NS.bind, "bind").length) throw new ScenarioError(`${this.label}: no bind feature`);
    this.tracker.setAccount(`${user}@${config.domain}`);
    // The bind payload as a DOM element: the writer serialises it.
    const bind = document.createElementNS(NS.bind, "bind");
    const res = document.createElementNS(NS.bind, "resource");
    res.textContent = resource;
    bind.append(res);
    const reply = await this.iq("set", bind, "bind");
    const jid = reply.toDOM(document).getElementsByTagNameNS(NS.bind, "jid")[0]?.textContent ?? "";
    if (!jid.startsWith(`${user}@${config.domain}/`)) throw new ScenarioError(`${this.label}: bound ${jid}`);
    this.tracker.setAccount(jid);
    this.jid = jid;
    return jid;
  }

  /** RFC 7395 §3.6: <close/> answered by <close/>, then the server closes the WebSocket. */
  async close() {
    this.send(streamClose({ mode: MODE }));
    await this.expect((f) => f.kind === "element" && f.name === "close" && f.ns === NS.framing, "<close/>");
    await this.waitFor(() => (this.closed ? true : undefined), "the WebSocket to close").catch((error) => {
      if (!this.closed) throw error;
    });
    if (this.failure) throw new ScenarioError(`${this.label}: ${this.failure}`);
    if (this.tracker.size) throw new ScenarioError(`${this.label}: ${this.tracker.size} IQs never answered`);
  }
}

function bubble(who, text, detail) {
  const div = document.createElement("div");
  div.className = `bubble ${who}`;
  const small = document.createElement("small");
  small.textContent = detail;
  div.append(small, text);
  $("chat").append(div);
}

function showStep(name, ok, detail) {
  const tr = document.createElement("tr");
  const cells = [String(results.steps.length), name, ok ? "ok" : "not ok", detail ?? ""];
  cells.forEach((text, i) => {
    const td = document.createElement("td");
    td.textContent = text;
    if (i === 2) td.className = ok ? "ok" : "fail";
    if (i === 3) td.className = "mono";
    tr.append(td);
  });
  $("steps").append(tr);
}

async function step(name, body) {
  try {
    const detail = await body();
    results.passed++;
    results.steps.push({ name, ok: true, detail: detail ?? "" });
    showStep(name, true, detail);
  } catch (error) {
    results.failed++;
    results.steps.push({ name, ok: false, detail: String(error?.message ?? error) });
    showStep(name, false, String(error?.message ?? error));
    throw error;
  }
}

async function main() {
  const alice = new Connection("alice");
  const bob = new Connection("bob");
  const bodyOf = (frame) => frame.toDOM(document).getElementsByTagNameNS(NS.client, "body")[0]?.textContent;
  try {
    await step("login alice over WebSocket (SASL PLAIN, restart, bind)", () => alice.login("alice", config.passwords.alice, "browser"));
    await step("login bob over WebSocket", () => bob.login("bob", config.passwords.bob, "browser"));
    await step("roster get", async () => {
      const reply = await alice.iq("get", `<query xmlns='${NS.roster}'/>`, "roster");
      return `${reply.toDOM(document).getElementsByTagNameNS(NS.roster, "item").length} items`;
    });
    await step("initial presence", async () => {
      alice.send(presence({ status: "在浏览器里 🌐", priority: 2, mode: MODE }));
      bob.send(presence({ priority: 2, mode: MODE }));
      // A ping round trip makes sure the server has processed both presences.
      await alice.iq("get", `<ping xmlns='${NS.ping}'/>`, "ping");
      await bob.iq("get", `<ping xmlns='${NS.ping}'/>`, "ping");
    });
    await step("message alice → bob (Chinese text, emoji, escapes)", async () => {
      alice.send(message({ to: `bob@${config.domain}`, type: "chat", id: alice.nextId("msg"), body: TEXT_TO_BOB, mode: MODE }));
      const got = await bob.expect((f) => f.kind === "message" && f.type === "chat" && f.from === alice.jid, "alice's message");
      const text = bodyOf(got);
      if (text !== TEXT_TO_BOB) throw new ScenarioError(`bob got ${got.xml}`);
      bubble("alice", text, `alice → bob, received by bob (${got.len} bytes)`);
      return `${new TextEncoder().encode(text).length} bytes of UTF-8 intact`;
    });
    await step("message bob → alice", async () => {
      bob.send(message({ to: alice.jid, type: "chat", id: bob.nextId("msg"), body: TEXT_TO_ALICE, mode: MODE }));
      const got = await alice.expect((f) => f.kind === "message" && f.type === "chat" && f.from === bob.jid, "bob's reply");
      const text = bodyOf(got);
      if (text !== TEXT_TO_ALICE) throw new ScenarioError(`alice got ${got.xml}`);
      bubble("bob", text, `bob → alice, received by alice (${got.len} bytes)`);
    });
    await step("close both streams (<close/>)", async () => {
      await alice.close();
      await bob.close();
    });
  } catch {
    // Reported by step(); stop here.
  }
  for (const conn of [alice, bob]) {
    const counts = {};
    for (const kind of results.frames[conn.label]) counts[kind] = (counts[kind] ?? 0) + 1;
    const tr = document.createElement("tr");
    for (const text of [`${conn.label} (${conn.jid || "not bound"})`, String(results.captures[conn.label].length), JSON.stringify(counts)]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    $("frames").append(tr);
  }
  const verdict = $("verdict");
  verdict.textContent = `${results.failed ? "FAILED" : "PASSED"}: ${results.passed} passed, ${results.failed} failed · xmpp-wire ${version} · ${config.ws}`;
  verdict.className = results.failed ? "fail" : "pass";
  window.interop = results;
  document.body.dataset.done = "1";
}

main();
