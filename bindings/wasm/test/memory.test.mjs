// A million frames through one parser: WebAssembly memory does not grow after warm-up, and
// the JavaScript heap is back where it was once the frames are dropped.

import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

import init from "../pkg/xmpp_wire_wasm.js";
import { StreamParser } from "../js/index.js";
import { HEADER } from "./helpers.mjs";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

const FRAMES = 1_000_000;
const PER_CHUNK = 1000;

test(`memory stays flat over ${FRAMES.toLocaleString("en")} frames`, async () => {
  // Already initialised by js/index.js: this returns the instance's exports.
  const { memory } = await init();
  const stanzas = [
    "<message to='romeo@example.net' id='m1' type='chat'><body>Art thou not Romeo?</body></message>",
    "<presence from='juliet@example.com/balcony'><show>away</show></presence>",
    "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>",
    "<r xmlns='urn:xmpp:sm:3'/>",
  ];
  let chunk = "";
  for (let i = 0; i < PER_CHUNK; i++) chunk += stanzas[i % stanzas.length];
  // Cut the chunk mid-element too, so that partial elements carry over between feeds.
  const cut = Math.floor(chunk.length / 2) + 7;
  const halves = [chunk.slice(0, cut), chunk.slice(cut)];

  const parser = new StreamParser();
  assert.equal(parser.feed(HEADER).length, 1);
  let frames = 0;
  let wasmAfterWarmUp = 0;
  let heapAfterWarmUp = 0;
  for (let round = 0; frames < FRAMES; round++) {
    for (const half of halves) frames += parser.feed(half).length;
    if (round === 20) {
      gc();
      wasmAfterWarmUp = memory.buffer.byteLength;
      heapAfterWarmUp = process.memoryUsage().heapUsed;
    }
  }
  gc();
  const wasmAtEnd = memory.buffer.byteLength;
  const heapAtEnd = process.memoryUsage().heapUsed;
  const mib = (n) => (n / 1048576).toFixed(2);
  console.log(
    `# ${frames} frames; wasm memory ${mib(wasmAfterWarmUp)} -> ${mib(wasmAtEnd)} MiB; ` +
      `JS heap ${mib(heapAfterWarmUp)} -> ${mib(heapAtEnd)} MiB`,
  );
  assert.equal(frames, FRAMES);
  assert.equal(wasmAtEnd, wasmAfterWarmUp, "WebAssembly memory grew");
  assert.ok(heapAtEnd - heapAfterWarmUp < 8 * 1048576, "JavaScript heap grew by 8 MiB or more");
  parser.free();
});
