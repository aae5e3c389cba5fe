// Every shared vector in tests/vectors/ renders exactly its expected frames JSONL v1 through
// the package's frame objects, fed whole, 1 byte at a time, and (websocket) one message a line.

import assert from "node:assert/strict";
import { test } from "node:test";

import { framesJsonl } from "../examples/frames.mjs";
import { bytewise, render, vectors, vectorsDir } from "./helpers.mjs";

const all = vectors();

test(`the shared vectors are there (${vectorsDir})`, () => {
  assert.ok(all.length > 0, `no vectors in ${vectorsDir}`);
  assert.ok(all.some((v) => v.mode === "websocket"), "no ws-* vectors");
});

for (const { name, input, expected, mode } of all) {
  test(`vector ${name}`, () => {
    assert.equal(render([input], mode), expected, "fed whole");
    assert.equal(render(bytewise(input), mode), expected, "fed 1 byte at a time");
    assert.equal(framesJsonl(input, { mode }).text, expected, "as examples/frames.mjs prints it");
  });
}
