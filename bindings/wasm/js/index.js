// The public module of the npm package `xmpp-wire`: the WebAssembly core wrapped in JavaScript
// habits. The wasm-bindgen output in ../pkg/ is internal; types and docs are in index.d.ts.
//
// This file converts values only: every rule about XML and XMPP is the core's (STYLE.md
// "Keeping bindings thin"). Each call into WebAssembly does a whole unit of work and answers
// with one JSON text (see bindings/wasm/src/lib.rs), which JSON.parse turns into objects here.

import init, {
  initSync,
  StreamParser as WasmParser,
  IqTracker as WasmTracker,
  frameTree,
  version as wasmVersion,
  writeIqError,
  writeIqResult,
  writeStanza,
  writeStreamClose,
  writeStreamError,
  writeStreamOpen,
} from "../pkg/xmpp_wire_wasm.js";

// Loaded once, when the module is first imported: from disk where the module is a file (Node,
// Deno, Bun), otherwise fetched the way a browser loads any module's resource.
const wasmUrl = new URL("../pkg/xmpp_wire_wasm_bg.wasm", import.meta.url);
if (wasmUrl.protocol === "file:") {
  const { readFile } = await import("node:fs/promises");
  initSync({ module: await readFile(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

/** The package version (equal to the Rust crates' version). */
export const version = wasmVersion();

// ---------------------------------------------------------------------------------------------
// Errors

/** A fatal stream error (RFC 6120 §4.9): the condition, the byte offset, and why. */
export class StreamError extends Error {
  constructor(condition, offset, reason, frames = []) {
    super(`${condition} at offset ${offset}: ${reason}`);
    this.name = "StreamError";
    this.condition = condition;
    this.offset = offset;
    this.reason = reason;
    this.frames = frames;
  }
}

/** The writer refused a value or a name. */
export class WriteError extends Error {
  constructor(kind, detail, message) {
    super(message);
    this.name = "WriteError";
    this.kind = kind;
    if (kind === "invalid-char") this.index = detail;
    if (kind === "buffer-too-small") this.needed = detail;
  }
}

/** The IQ tracker refused a request or an account JID. */
export class TrackError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = "TrackError";
    this.kind = kind;
  }
}

/** The Error a thrown record (bindings/wasm/src/record.rs `thrown`) stands for. */
function errorOf(record, frames) {
  switch (record[0]) {
    case "error":
      return new StreamError(record[1], record[2], record[3], frames);
    case "write-error":
      return new WriteError(record[1], record[2], record[3]);
    case "track-error":
      return new TrackError(record[1], record[2]);
    case "type-error":
      return new TypeError(record[1]);
    default:
      return new Error(`xmpp-wire: the parser stopped taking input at offset ${record[1]} (a bug)`);
  }
}

/** Runs a call into WebAssembly, turning what it throws into the matching Error. */
function call(f) {
  try {
    return f();
  } catch (thrown) {
    if (typeof thrown === "string" && thrown.startsWith("[")) throw errorOf(JSON.parse(thrown), []);
    throw thrown;
  }
}

// ---------------------------------------------------------------------------------------------
// Frames

/**
 * Each frame's stream context (mode, content namespace, stream prefix): what the core needs to
 * parse its xml again. A symbol key keeps it out of JSON.stringify, Object.keys and for…in.
 */
const CONTEXT = Symbol("xmpp-wire context");

function treeOf(frame) {
  const context = frame[CONTEXT];
  if (!context) throw new TypeError("not a frame from an xmpp-wire StreamParser");
  return JSON.parse(call(() => frameTree(frame.xml, context.mode, context.ns, context.prefix)));
}

function ltxOf(Element, [, name, attrs, ...children]) {
  const object = {};
  for (let i = 0; i < attrs.length; i += 3) object[attrs[i]] = attrs[i + 2];
  const element = new Element(name, object);
  for (const child of children) {
    if (typeof child === "string") element.t(child);
    else element.cnode(ltxOf(Element, child));
  }
  return element;
}

function domOf(document, [ns, name, attrs, ...children]) {
  const element = document.createElementNS(ns || null, name);
  for (let i = 0; i < attrs.length; i += 3) {
    element.setAttributeNS(attrs[i + 1] || null, attrs[i], attrs[i + 2]);
  }
  for (const child of children) {
    element.appendChild(
      typeof child === "string" ? document.createTextNode(child) : domOf(document, child),
    );
  }
  return element;
}

/** Methods of frames that hold a whole element (stanzas and other top-level elements). */
const elementMethods = {
  toLtx(Element) {
    if (typeof Element !== "function") {
      throw new TypeError("toLtx(Element): pass ltx's Element class (or @xmpp/xml's)");
    }
    return ltxOf(Element, treeOf(this));
  },
  toDOM(document = globalThis.document) {
    if (!document) throw new TypeError("toDOM(document): no document to create elements in");
    return domOf(document, treeOf(this));
  },
};

/** `<stream:stream>`: the stream header (RFC 6120 §4.7). */
class StreamOpenFrame {
  constructor(r, context) {
    this[CONTEXT] = context;
    const attrs = r[3];
    this.kind = r[0];
    this.offset = r[1];
    this.ns = r[2];
    this.attrs = attrs;
    // The core's StreamOpen::to() and its siblings are these attributes (RFC 6120 §4.7).
    this.to = attrs.to;
    this.from = attrs.from;
    this.id = attrs.id;
    this.version = attrs.version;
    this.lang = attrs["xml:lang"];
    this.xml = r[4];
  }
}

/** A `message`, `presence` or `iq` stanza (RFC 6120 §8). */
class StanzaFrame {
  constructor(r, context) {
    this[CONTEXT] = context;
    const attrs = r[4];
    this.kind = r[0];
    this.offset = r[1];
    this.len = r[2];
    this.ns = r[3];
    this.attrs = attrs;
    this.payloads = r[5];
    // The core's Stanza::to(), from(), id() and stanza_type() are these attributes (RFC 6120
    // §8.1), so they are not sent twice.
    this.to = attrs.to;
    this.from = attrs.from;
    this.id = attrs.id;
    this.type = attrs.type;
    this.problem = r[6] ?? undefined;
    this.xml = r[7];
  }
}
Object.assign(StanzaFrame.prototype, elementMethods);

/** Any other top-level element: features, SASL, TLS, stream errors, WebSocket open/close. */
class ElementFrame {
  constructor(r, context) {
    this[CONTEXT] = context;
    this.kind = r[0];
    this.name = r[1];
    this.ns = r[2];
    this.offset = r[3];
    this.len = r[4];
    this.attrs = r[5];
    this.payloads = r[6];
    this.xml = r[7];
  }
}
Object.assign(ElementFrame.prototype, elementMethods);

/** `</stream:stream>`: the end of the stream (RFC 6120 §4.4). */
class StreamCloseFrame {
  constructor(r, context) {
    this[CONTEXT] = context;
    this.kind = r[0];
    this.offset = r[1];
    this.xml = r[2];
  }
}

// ---------------------------------------------------------------------------------------------
// Parser

const ZERO_CONTEXT = Object.freeze({ mode: "tcp", ns: "", prefix: undefined });

function limit(name, value) {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new TypeError(`${name} must be a whole number of at most 2^32 - 1, not ${value}`);
  }
  return value;
}

/** An incremental parser for one XMPP stream over TCP (RFC 6120) or WebSocket (RFC 7395). */
export class StreamParser {
  #wasm;
  #context;

  constructor({ mode = "tcp", maxStanzaSize, maxDepth, maxAttributes, maxNamespaces, names } = {}) {
    const limits = [
      limit("maxStanzaSize", maxStanzaSize),
      limit("maxDepth", maxDepth),
      limit("maxAttributes", maxAttributes),
      limit("maxNamespaces", maxNamespaces),
    ];
    this.#wasm = call(() => new WasmParser(String(mode), ...limits, optionalString(names)));
    this.#context = { ...ZERO_CONTEXT, mode: this.#wasm.mode };
  }

  /** The framing mode: "tcp" or "websocket". */
  get mode() {
    return this.#wasm.mode;
  }

  /** The largest top-level element accepted, in bytes. */
  get maxStanzaSize() {
    return this.#wasm.maxStanzaSize;
  }

  feed(chunk) {
    let records;
    if (typeof chunk === "string") records = this.#wasm.feedString(chunk);
    else if (chunk instanceof Uint8Array) records = this.#wasm.feedBytes(chunk);
    else if (chunk instanceof ArrayBuffer) records = this.#wasm.feedBytes(new Uint8Array(chunk));
    else if (ArrayBuffer.isView(chunk)) {
      records = this.#wasm.feedBytes(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } else throw new TypeError("feed(chunk): chunk must be a string, Uint8Array or ArrayBuffer");
    return this.#frames(records);
  }

  finish() {
    this.#frames(this.#wasm.finish());
  }

  reset() {
    this.#wasm.reset();
    this.#context = { ...ZERO_CONTEXT, mode: this.#context.mode };
  }

  free() {
    this.#wasm.free();
  }

  #frames(text) {
    const records = JSON.parse(text);
    const frames = new Array(records.length);
    let count = 0;
    for (const r of records) {
      let frame;
      switch (r[0]) {
        case "message":
        case "presence":
        case "iq":
          frame = new StanzaFrame(r, this.#context);
          break;
        case "element":
          frame = new ElementFrame(r, this.#context);
          break;
        case "stream-open":
          this.#context = { mode: this.#context.mode, ns: r[2], prefix: r[5] ?? undefined };
          frame = new StreamOpenFrame(r, this.#context);
          break;
        case "stream-close":
          frame = new StreamCloseFrame(r, this.#context);
          break;
        default:
          frames.length = count;
          throw errorOf(r, frames);
      }
      frames[count++] = frame;
    }
    return frames;
  }
}

// ---------------------------------------------------------------------------------------------
// Writer

const serializer = () => new globalThis.XMLSerializer();

/** The XML text of a payload: a string, an ltx element, or a DOM element. */
function xmlOf(payload) {
  if (typeof payload === "string") return payload;
  if (payload && payload.nodeType === 1 && globalThis.XMLSerializer) {
    return serializer().serializeToString(payload);
  }
  if (payload && typeof payload.toString === "function" && payload.toString !== Object.prototype.toString) {
    return payload.toString();
  }
  throw new TypeError("a payload must be an XML string, an ltx element or a DOM element");
}

function payloadsOf({ payload, payloads }) {
  const all = payloads === undefined ? [] : Array.from(payloads, xmlOf);
  if (payload !== undefined) all.unshift(xmlOf(payload));
  return all;
}

function optionalString(value) {
  return value === undefined || value === null ? undefined : String(value);
}

function stanza(kind, options, texts) {
  const { to, from, id, type, lang, mode = "tcp" } = options;
  const pairs = [];
  for (const [name, value] of texts) {
    if (value !== undefined && value !== null) pairs.push(name, String(value));
  }
  return call(() =>
    writeStanza(
      String(mode),
      kind,
      optionalString(to),
      optionalString(from),
      optionalString(id),
      optionalString(type),
      optionalString(lang),
      pairs,
      payloadsOf(options),
    ),
  );
}

export function streamOpen({ to, from, id, version, lang, ns, mode = "tcp" } = {}) {
  return call(() =>
    writeStreamOpen(
      String(mode),
      optionalString(to),
      optionalString(from),
      optionalString(id),
      optionalString(version),
      version === null,
      optionalString(lang),
      optionalString(ns),
    ),
  );
}

export function streamClose({ mode = "tcp" } = {}) {
  return call(() => writeStreamClose(String(mode)));
}

export function streamError(condition, { text, mode = "tcp" } = {}) {
  return call(() => writeStreamError(String(mode), String(condition), optionalString(text)));
}

export function message(options = {}) {
  const { subject, body, thread } = options;
  return stanza("message", options, [["subject", subject], ["body", body], ["thread", thread]]);
}

export function presence(options = {}) {
  const { show, status, priority } = options;
  return stanza("presence", options, [["show", show], ["status", status], ["priority", priority]]);
}

export function iq(options = {}) {
  return stanza("iq", options, []);
}

/** The mode a reply to `frame` is written in: its stream's, or the one given for plain objects. */
function replyMode(frame, mode) {
  return mode ?? frame?.[CONTEXT]?.mode ?? "tcp";
}

export function iqResult(frame, payload, { mode } = {}) {
  const payloads = payload === undefined ? [] : [xmlOf(payload)];
  return call(() =>
    writeIqResult(
      replyMode(frame, mode),
      optionalString(frame.id),
      optionalString(frame.from),
      optionalString(frame.to),
      payloads,
    ),
  );
}

export function iqError(frame, condition, { type, text, mode } = {}) {
  return call(() =>
    writeIqError(
      replyMode(frame, mode),
      optionalString(frame.id),
      optionalString(frame.from),
      optionalString(frame.to),
      String(condition),
      optionalString(type),
      optionalString(text),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// IQ tracker

/** Matches IQ replies to the requests sent, and catches replies from the wrong sender. */
export class IqTracker {
  #wasm;

  constructor(account) {
    this.#wasm = call(() => new WasmTracker(String(account)));
  }

  get account() {
    return this.#wasm.account;
  }

  get size() {
    return this.#wasm.size;
  }

  get capacity() {
    return this.#wasm.capacity;
  }

  setAccount(account) {
    call(() => this.#wasm.setAccount(String(account)));
  }

  track(id, { to, timeout, now = Date.now() } = {}) {
    if (typeof timeout !== "number") throw new TypeError("track(id, { timeout }): timeout is required");
    call(() => this.#wasm.track(String(id), optionalString(to), now, timeout));
  }

  onStanza(frame) {
    const context = frame?.[CONTEXT];
    if (!(frame instanceof StanzaFrame) || !context) return "not-a-reply";
    return call(() => this.#wasm.onStanza(frame.xml, context.mode, context.ns, context.prefix));
  }

  isTrustedPush(frame) {
    const context = frame?.[CONTEXT];
    if (!(frame instanceof StanzaFrame) || !context) return false;
    return call(() => this.#wasm.isTrustedPush(frame.xml, context.mode, context.ns, context.prefix));
  }

  expire(now = Date.now()) {
    return JSON.parse(this.#wasm.expire(now)).map(([id, to]) => ({ id, to: to ?? undefined }));
  }

  nextDeadline() {
    return this.#wasm.nextDeadline();
  }

  cancel(id) {
    return this.#wasm.cancel(String(id));
  }

  clear() {
    this.#wasm.clear();
  }

  free() {
    this.#wasm.free();
  }
}
