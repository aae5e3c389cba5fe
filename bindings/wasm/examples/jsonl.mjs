// Frames JSONL v1 (DESIGN.md) rendered from the package's frame objects with JSON.stringify:
// the keys of each kind in DESIGN.md's order, compact, non-ASCII left as it is. It prints
// what `xmpp-wire frames` prints, byte for byte. Runs in Node and in browsers.

import { StreamError } from "../js/index.js";

/** The keys of each kind, in DESIGN.md's order. */
const KEYS = {
  "stream-open": ["kind", "offset", "ns", "attrs"],
  message: ["kind", "offset", "len", "ns", "attrs", "payloads"],
  presence: ["kind", "offset", "len", "ns", "attrs", "payloads"],
  iq: ["kind", "offset", "len", "ns", "attrs", "payloads"],
  element: ["kind", "name", "ns", "offset", "len", "attrs", "payloads"],
  "stream-close": ["kind", "offset"],
  error: ["kind", "condition", "offset"],
};

/** One JSONL v1 line (with its "\n") for a frame, or for a StreamError. */
export function frameLine(frame) {
  const source = frame instanceof StreamError ? { ...frame, kind: "error" } : frame;
  const object = {};
  for (const key of KEYS[source.kind]) object[key] = source[key];
  return JSON.stringify(object) + "\n";
}
