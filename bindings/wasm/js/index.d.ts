// Types and documentation of the npm package `xmpp-wire` (hand-written; checked by
// `tsc --noEmit` over test/types.ts).

/** The package version (equal to the Rust crates' version). */
export const version: string;

// ---------------------------------------------------------------------------------------------
// Parser

/** How the bytes are framed: one RFC 6120 stream, or RFC 7395 WebSocket messages. */
export type Mode = "tcp" | "websocket";

/** Options of a {@link StreamParser}. An absent limit keeps the core's default. */
export interface StreamParserOptions {
  /** `"tcp"` (default): `<stream:stream>` … `</stream:stream>`. `"websocket"`: RFC 7395, starting with `<open/>`. */
  mode?: Mode;
  /**
   * Largest top-level element in bytes, from its `<` through its last `>` (default 262144,
   * 256 KiB, as Prosody and ejabberd use). A larger one is a `policy-violation` stream error,
   * found without buffering past the limit. The parser keeps a buffer of this size.
   */
  maxStanzaSize?: number;
  /** Deepest element nesting (default 32, at most 40). */
  maxDepth?: number;
  /** Most attributes on one element, namespace declarations included (default 32, at most 32). */
  maxAttributes?: number;
  /** Most namespace declarations in scope at once (default 32, at most 32). */
  maxNamespaces?: number;
  /**
   * Which XML 1.0 name characters to accept: `"fifth-edition"` (default; RFC 6120 cites it), or
   * `"fourth-edition"` for routers that forward to Expat-era clients.
   */
  names?: "fifth-edition" | "fourth-edition";
}

/** Attributes as written (qualified names, namespace declarations left out), values decoded. */
export type Attrs = Record<string, string>;

/** A payload child: its expanded namespace (`""` for none) and local name. */
export interface Payload {
  ns: string;
  name: string;
}

/** An ltx `Element` class (ltx, or `@xmpp/xml` as xmpp.js uses), for {@link ElementMethods.toLtx}. */
export interface LtxElementClass<E> {
  new (name: string, attrs?: Record<string, string>): E;
}

/** What a frame holding a whole element can be turned into. */
export interface ElementMethods {
  /**
   * The element as an ltx element, as xmpp.js handles stanzas. Pass the `Element` class:
   * `frame.toLtx(ltx.Element)`. The element declares the namespaces it inherited from the
   * stream header (`xmlns='jabber:client'`), so it stands alone. Parses `xml` again in
   * WebAssembly (one call).
   */
  toLtx<E>(Element: LtxElementClass<E>): E;
  /**
   * The element as a DOM `Element` with its namespaces, as Strophe.js handles stanzas. Uses
   * `document` (default `globalThis.document`; in Node any DOM implementation, e.g.
   * `@xmldom/xmldom`).
   */
  toDOM(document?: Document): Element;
}

/** `<stream:stream …>`, the stream header (RFC 6120 §4.7); again after each restart. */
export interface StreamOpenFrame {
  kind: "stream-open";
  /** Byte offset of the `<` of the start tag from the start of the stream. */
  offset: number;
  /** The content namespace declared as default, e.g. `jabber:client` (`""` if none). */
  ns: string;
  attrs: Attrs;
  to?: string;
  from?: string;
  id?: string;
  /** Absent for pre-1.0 streams; the caller decides whether to accept one (RFC 6120 §4.7.5). */
  version?: string;
  /** `xml:lang`. */
  lang?: string;
  /** The start tag exactly as received. */
  xml: string;
}

/** The three stanza kinds (RFC 6120 §8). */
export type StanzaKind = "message" | "presence" | "iq";

/** A `message`, `presence` or `iq` in `jabber:client`, `jabber:server` or `jabber:component:accept`. */
export interface StanzaFrame extends ElementMethods {
  kind: StanzaKind;
  offset: number;
  /** Length of `xml` in bytes (UTF-8). */
  len: number;
  ns: string;
  attrs: Attrs;
  payloads: Payload[];
  to?: string;
  from?: string;
  id?: string;
  /** The `type` attribute, decoded. */
  type?: string;
  /** An IQ that breaks RFC 6120 §8.2.3 (no id, wrong payload count…): answer it with `bad-request`. Not a stream error. */
  problem?: string;
  /** The element exactly as received, to forward untouched. */
  xml: string;
}

/** Any other top-level element: features, SASL, STARTTLS, stream management, `stream:error`, WebSocket `open`/`close`. */
export interface ElementFrame extends ElementMethods {
  kind: "element";
  /** Local name, e.g. `features`. */
  name: string;
  ns: string;
  offset: number;
  len: number;
  attrs: Attrs;
  payloads: Payload[];
  xml: string;
}

/** `</stream:stream>` (RFC 6120 §4.4). */
export interface StreamCloseFrame {
  kind: "stream-close";
  offset: number;
  xml: string;
}

/** A complete unit of the stream. Keys match frames JSONL v1 (DESIGN.md), plus `xml` and the routing attributes. */
export type Frame = StreamOpenFrame | StanzaFrame | ElementFrame | StreamCloseFrame;

/**
 * An incremental parser for one XMPP stream. Feed it chunks as they arrive, in any split: it
 * returns the frames they completed, the same whatever the split.
 *
 * ```js
 * const parser = new StreamParser({ mode: "websocket" });
 * socket.onmessage = (event) => {
 *   for (const frame of parser.feed(event.data)) handle(frame);
 * };
 * ```
 */
export class StreamParser {
  /** Throws `TypeError` for an unknown mode or a limit that is not a whole number. */
  constructor(options?: StreamParserOptions);
  readonly mode: Mode;
  /** The largest top-level element accepted, in bytes. */
  readonly maxStanzaSize: number;
  /**
   * Feeds a chunk (a string is fed as UTF-8) and returns every frame it completed, in stream
   * order. A partial element stays buffered until the rest arrives.
   *
   * @throws {StreamError} when the stream breaks a rule; its `frames` holds the frames this
   * chunk completed before the error. Errors are final: every later call throws the same error
   * (with no frames) until {@link reset}.
   */
  feed(chunk: string | Uint8Array | ArrayBuffer | ArrayBufferView): Frame[];
  /**
   * Says that the input has ended.
   * @throws {StreamError} `not-well-formed` when it ended inside a top-level element.
   */
  finish(): void;
  /** Starts a new stream (after STARTTLS or SASL success, RFC 6120 §4.3.3): drops what is buffered; offsets count from 0. */
  reset(): void;
  /** Releases the WebAssembly memory now (otherwise it is released when the parser is garbage collected). */
  free(): void;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** RFC 6120 §4.9.3 stream error conditions. */
export type StreamErrorCondition =
  | "bad-format"
  | "bad-namespace-prefix"
  | "conflict"
  | "connection-timeout"
  | "host-gone"
  | "host-unknown"
  | "improper-addressing"
  | "internal-server-error"
  | "invalid-from"
  | "invalid-namespace"
  | "invalid-xml"
  | "not-authorized"
  | "not-well-formed"
  | "policy-violation"
  | "remote-connection-failed"
  | "reset"
  | "resource-constraint"
  | "restricted-xml"
  | "see-other-host"
  | "system-shutdown"
  | "undefined-condition"
  | "unsupported-encoding"
  | "unsupported-feature"
  | "unsupported-stanza-type"
  | "unsupported-version";

/** A fatal stream error: send `<stream:error>` with `condition` and close the stream. */
export class StreamError extends Error {
  readonly name: "StreamError";
  /** The RFC 6120 §4.9.3 condition. */
  readonly condition: StreamErrorCondition;
  /** Byte offset in the stream (for a payload given to the writer: in the payload). */
  readonly offset: number;
  /** Which rule was broken, for humans. */
  readonly reason: string;
  /** Frames completed by the same `feed` call before the error. */
  readonly frames: Frame[];
}

/** The writer refused a value, a name, or a call out of order. */
export class WriteError extends Error {
  readonly name: "WriteError";
  /** `"invalid-char"` (a character XML cannot carry), `"invalid-name"`, or another writer error. */
  readonly kind: "invalid-char" | "invalid-name" | "buffer-too-small" | "io" | "other";
  /** For `invalid-char`: byte index of the character in the value passed in (UTF-8). */
  readonly index?: number;
  readonly needed?: number;
}

/** The tracker refused a request or an account JID. */
export class TrackError extends Error {
  readonly name: "TrackError";
  /** `full`: too many pending; `duplicate-id`; `too-long`: id or JID too long; `invalid-jid`. */
  readonly kind: "full" | "duplicate-id" | "too-long" | "invalid-jid";
}

// ---------------------------------------------------------------------------------------------
// Writer

/** An XML payload: a string, an ltx element (anything whose `toString()` is XML), or a DOM element. Checked by the parser before it is written. */
export type PayloadXml = string | { toString(): string } | Element;

/** Shared options of the writer functions. */
export interface WriteOptions {
  /** `"websocket"` writes RFC 7395 framing: `<open/>`, `<close/>`, and `xmlns='jabber:client'` on stanzas. Default `"tcp"`. */
  mode?: Mode;
}

/** The routing attributes of a stanza (RFC 6120 §8.1) and its payloads. */
export interface StanzaOptions extends WriteOptions {
  to?: string;
  from?: string;
  id?: string;
  type?: string;
  /** `xml:lang`. */
  lang?: string;
  /** One payload element, written after the other children. */
  payload?: PayloadXml;
  /** Payload elements, written after `payload`. */
  payloads?: Iterable<PayloadXml>;
}

export interface MessageOptions extends StanzaOptions {
  subject?: string;
  body?: string;
  thread?: string;
}

export interface PresenceOptions extends StanzaOptions {
  show?: "away" | "chat" | "dnd" | "xa" | string;
  status?: string;
  priority?: number | string;
}

export interface StreamOpenOptions extends WriteOptions {
  to?: string;
  from?: string;
  id?: string;
  /** Default `"1.0"`; `null` leaves it out (a pre-1.0 stream). */
  version?: string | null;
  lang?: string;
  /** The content namespace, default `jabber:client` (not written in WebSocket mode). */
  ns?: string;
}

/** `<?xml version='1.0'?><stream:stream …>` (RFC 6120 §4.7), or `<open/>` in WebSocket mode (RFC 7395 §3.4). */
export function streamOpen(options?: StreamOpenOptions): string;
/** `</stream:stream>`, or `<close/>` in WebSocket mode. */
export function streamClose(options?: WriteOptions): string;
/** `<stream:error>` with an RFC 6120 §4.9.3 condition and optional text; follow it with {@link streamClose}. */
export function streamError(condition: StreamErrorCondition, options?: WriteOptions & { text?: string }): string;
/**
 * A `<message>` with `subject`, `body`, `thread` and payloads, every value escaped.
 * @throws {WriteError} for a character XML cannot carry; {@link StreamError} for a malformed payload.
 */
export function message(options?: MessageOptions): string;
/** A `<presence>` with `show`, `status`, `priority` and payloads. */
export function presence(options?: PresenceOptions): string;
/** An `<iq>`; a `get` or `set` carries exactly one payload (RFC 6120 §8.2.3). */
export function iq(options?: StanzaOptions): string;

/** What a reply needs of the request: a frame from {@link StreamParser}, or a plain object. */
export interface IqRequest {
  id?: string;
  from?: string;
  to?: string;
}

/**
 * `<iq type='result'>` answering `request`: same `id`, `to` and `from` swapped (RFC 6120
 * §8.2.3), in the request's framing mode. Do not answer a `result` or an `error`.
 */
export function iqResult(request: IqRequest, payload?: PayloadXml, options?: WriteOptions): string;

/** RFC 6120 §8.3.3 stanza error conditions. */
export type StanzaErrorCondition =
  | "bad-request"
  | "conflict"
  | "feature-not-implemented"
  | "forbidden"
  | "gone"
  | "internal-server-error"
  | "item-not-found"
  | "jid-malformed"
  | "not-acceptable"
  | "not-allowed"
  | "not-authorized"
  | "policy-violation"
  | "recipient-unavailable"
  | "redirect"
  | "registration-required"
  | "remote-server-not-found"
  | "remote-server-timeout"
  | "resource-constraint"
  | "service-unavailable"
  | "subscription-required"
  | "undefined-condition"
  | "unexpected-request";

/** RFC 6120 §8.3.2 error types: what the sender should do next. */
export type StanzaErrorType = "auth" | "cancel" | "continue" | "modify" | "wait";

/**
 * `<iq type='error'>` answering `request` with `<error type=…><CONDITION/></error>` (RFC 6120
 * §8.3). `type` defaults to the one RFC 6120 §8.3.3 gives with the condition (`cancel` for
 * `service-unavailable`, `modify` for `bad-request`, `auth` for `not-authorized`, …).
 */
export function iqError(
  request: IqRequest,
  condition: StanzaErrorCondition,
  options?: WriteOptions & { type?: StanzaErrorType; text?: string },
): string;

// ---------------------------------------------------------------------------------------------
// IQ tracker

/** What an incoming stanza means to an {@link IqTracker}. */
export type Verdict =
  /** The reply to a pending request, from the entity it was sent to; the request is removed. */
  | "matched"
  /** Its id matches a pending request but it comes from someone else: drop it. */
  | "spoofed"
  /** A result or error that answers no pending request: drop it. */
  | "unsolicited"
  /** Not an IQ result or error. */
  | "not-a-reply";

/**
 * The IQ requests a client sent and has not seen answered (RFC 6120 §8.2.3). It matches each
 * reply by `id`, then checks that it comes from the entity the request went to, so a contact
 * cannot answer in the server's name.
 *
 * ```js
 * const tracker = new IqTracker("juliet@example.com");
 * tracker.track("r1", { to: "romeo@example.net/orchard", timeout: 30_000 });
 * for (const frame of parser.feed(data)) {
 *   if (tracker.onStanza(frame) === "spoofed") continue;
 * }
 * ```
 */
export class IqTracker {
  /** @throws {TrackError} `invalid-jid` or `too-long`. */
  constructor(account: string);
  /** The account's JID as last given. */
  readonly account: string;
  /** Number of pending requests. */
  readonly size: number;
  /** Most requests that can be pending at once (the core's default, 64). */
  readonly capacity: number;
  /** The full JID the server bound (RFC 6120 §7.6.1); pending requests stay. */
  setAccount(account: string): void;
  /**
   * Records a `get` or `set` sent with `id` to `to` (absent: the account's own server),
   * timing out `timeout` after `now` (default `Date.now()`; any clock works if used throughout).
   * @throws {TrackError}
   */
  track(id: string, options: { to?: string; timeout: number; now?: number }): void;
  /** Classifies a frame; a matched reply removes its request. */
  onStanza(frame: Frame): Verdict;
  /** Whether the frame is a roster push the client may apply (RFC 6121 §2.1.6). */
  isTrustedPush(frame: Frame): boolean;
  /** Removes and returns the requests whose deadline is at or before `now` (default `Date.now()`). */
  expire(now?: number): { id: string; to?: string }[];
  /** The earliest deadline among pending requests. */
  nextDeadline(): number | undefined;
  /** Forgets the pending request `id`; returns whether there was one. */
  cancel(id: string): boolean;
  /** Forgets every pending request. */
  clear(): void;
  /** Releases the WebAssembly memory now. */
  free(): void;
}
