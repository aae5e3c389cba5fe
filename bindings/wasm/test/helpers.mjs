// Shared by the Node tests: where the shared vectors are, and feeding helpers.

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { StreamError, StreamParser } from "../js/index.js";
import { frameLine } from "../examples/jsonl.mjs";

/** The workspace's tests/vectors/ (XMPP_WIRE_VECTORS overrides it, for trying new vectors). */
export const vectorsDir =
  process.env.XMPP_WIRE_VECTORS ?? fileURLToPath(new URL("../../../tests/vectors/", import.meta.url));

/** Every vector, sorted by name: `{ name, input, expected, mode }` (`ws-*` use WebSocket framing). */
export function vectors() {
  return readdirSync(vectorsDir)
    .filter((file) => file.endsWith(".xml"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -4);
      return {
        name,
        input: readFileSync(`${vectorsDir}/${file}`),
        expected: readFileSync(`${vectorsDir}/${name}.jsonl`, "utf8"),
        mode: name.startsWith("ws-") ? "websocket" : "tcp",
      };
    });
}

/** The JSONL a new parser in `mode` renders for `chunks` fed in turn. */
export function render(chunks, mode) {
  const parser = new StreamParser({ mode });
  let out = "";
  try {
    for (const chunk of chunks) {
      for (const frame of parser.feed(chunk)) out += frameLine(frame);
    }
  } catch (error) {
    if (!(error instanceof StreamError)) throw error;
    for (const frame of error.frames) out += frameLine(frame);
    out += frameLine(error);
  } finally {
    parser.free();
  }
  return out;
}

/** `bytes` one byte at a time. */
export function* bytewise(bytes) {
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

export const HEADER =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " +
  "to='im.example.com' version='1.0'>";
