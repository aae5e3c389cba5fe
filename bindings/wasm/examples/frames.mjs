#!/usr/bin/env node
// Prints every frame of a stream as frames JSONL v1 (DESIGN.md), byte for byte what
// `xmpp-wire frames` prints, rendered here from the package's own frame objects.
//
//   node examples/frames.mjs FILE [--mode tcp|websocket] [--max-stanza BYTES] [--chunk N]
//
// As with the CLI: the input is fed in 4096-byte pieces (--chunk), in websocket mode each line
// is one message, a stream error ends the output with an `error` line and exit status 1, and
// input that ends inside an element prints nothing more.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

import { StreamError, StreamParser } from "../js/index.js";
import { frameLine } from "./jsonl.mjs";

export { frameLine };

/** The pieces a reader would get: `chunk` bytes at most, and in websocket mode one line each. */
export function* pieces(bytes, chunk, splitLines) {
  let at = 0;
  let planned = 0;
  while (at < bytes.length) {
    if (planned === 0) planned = chunk;
    let len = Math.min(planned, bytes.length - at);
    if (splitLines) {
      const newline = bytes.subarray(at, at + len).indexOf(0x0a);
      if (newline !== -1) len = newline + 1;
    }
    planned -= len;
    yield bytes.subarray(at, at + len);
    at += len;
  }
}

/** Frames JSONL v1 of `bytes`: the text, and whether it ended with a stream error. */
export function framesJsonl(bytes, { mode = "tcp", maxStanzaSize, chunk = 4096 } = {}) {
  const parser = new StreamParser({ mode, maxStanzaSize });
  let out = "";
  try {
    for (const piece of pieces(bytes, chunk, mode === "websocket")) {
      for (const frame of parser.feed(piece)) out += frameLine(frame);
    }
    return { text: out, error: false };
  } catch (error) {
    if (!(error instanceof StreamError)) throw error;
    for (const frame of error.frames) out += frameLine(frame);
    return { text: out + frameLine(error), error: true };
  } finally {
    parser.free();
  }
}

function main(argv) {
  let file;
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--mode") options.mode = argv[++i];
    else if (arg === "--max-stanza") options.maxStanzaSize = Number(argv[++i]);
    else if (arg === "--chunk") options.chunk = Number(argv[++i]);
    else if (file === undefined && !arg.startsWith("--")) file = arg;
    else {
      process.stderr.write(`unknown argument ${arg}\n`);
      return 2;
    }
  }
  if (file === undefined) {
    process.stderr.write("usage: node examples/frames.mjs FILE [--mode tcp|websocket] [--max-stanza BYTES] [--chunk N]\n");
    return 2;
  }
  const { text, error } = framesJsonl(readFileSync(file), options);
  process.stdout.write(text);
  return error ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main(process.argv.slice(2));
}
