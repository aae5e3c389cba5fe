// Type-checked by `tsc --noEmit -p test/tsconfig.json` (never run): js/index.d.ts describes
// the public module as users import it, through package.json's exports map.

import {
  IqTracker,
  StreamError,
  StreamParser,
  TrackError,
  WriteError,
  iq,
  iqError,
  iqResult,
  message,
  presence,
  streamClose,
  streamError,
  streamOpen,
  version,
  type Frame,
  type StanzaFrame,
  type Verdict,
} from "xmpp-wire";

class LtxLike {
  constructor(public name: string, public attrs: Record<string, string> = {}) {}
}

const parser = new StreamParser({ mode: "websocket", maxStanzaSize: 65536 });
const mode: "tcp" | "websocket" = parser.mode;
const size: number = parser.maxStanzaSize;

function handle(frame: Frame): string {
  switch (frame.kind) {
    case "stream-open":
      return `${frame.ns} ${frame.version ?? "pre-1.0"} ${frame.attrs["xml:lang"] ?? ""}`;
    case "message":
    case "presence":
    case "iq": {
      const stanza: StanzaFrame = frame;
      const ltx: LtxLike = stanza.toLtx(LtxLike);
      const element: Element = stanza.toDOM(document);
      return `${stanza.to ?? ""} ${stanza.type ?? ""} ${stanza.payloads.map((p) => p.ns).join()} ${ltx.name} ${element.localName}`;
    }
    case "element":
      return `${frame.name} ${frame.len} ${frame.toDOM().namespaceURI}`;
    case "stream-close":
      return String(frame.offset);
  }
}

try {
  for (const frame of parser.feed(new Uint8Array([60]))) handle(frame);
  parser.feed("<open/>");
  parser.finish();
} catch (error) {
  if (error instanceof StreamError) {
    const where: number = error.offset;
    const frames: Frame[] = error.frames;
    console.log(error.condition, where, error.reason, frames.length);
  } else if (error instanceof WriteError) {
    console.log(error.kind, error.index);
  }
}
parser.reset();
parser.free();

const header: string = streamOpen({ to: "example.com", version: null, mode: "websocket" });
const stanzas: string[] = [
  message({ to: "a@b", type: "chat", body: "hi", payloads: ["<active xmlns='http://jabber.org/protocol/chatstates'/>"] }),
  presence({ show: "away", priority: 5 }),
  iq({ type: "get", id: "1", payload: "<ping xmlns='urn:xmpp:ping'/>" }),
  iqResult({ id: "1", from: "a@b/c" }),
  iqError({ id: "1" }, "service-unavailable", { type: "cancel", text: "no" }),
  streamError("policy-violation", { text: "too big" }),
  streamClose({ mode: "tcp" }),
];

const tracker = new IqTracker("juliet@example.com");
tracker.track("r1", { to: "romeo@example.net", timeout: 30_000 });
const verdict: Verdict = tracker.onStanza(parser.feed("")[0]);
const expired: { id: string; to?: string }[] = tracker.expire();
const deadline: number | undefined = tracker.nextDeadline();
try {
  tracker.setAccount("juliet@example.com/balcony");
} catch (error) {
  if (error instanceof TrackError) console.log(error.kind);
}

// @ts-expect-error: not a mode
new StreamParser({ mode: "bosh" });
// @ts-expect-error: not an RFC 6120 §8.3.3 condition
iqError({ id: "1" }, "teapot");
// @ts-expect-error: timeout is required
tracker.track("r2", { to: "x" });

console.log(version, mode, size, header, stanzas, verdict, expired, deadline);
