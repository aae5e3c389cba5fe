#!/usr/bin/env node
// Measures the boundary between JavaScript and WebAssembly: how many calls into the module a
// feed makes, and frames per second, on streams from ../shared/corpus/gen_stream.py.
// Not a test (tests never time things); run it by hand after `npm run build`:
//
//   node scripts/bench.mjs [--profile c2s-mix|tiny|large|s2s] [--size-mb 4] [--chunk 4096]
//
// Every export of the WebAssembly instance is wrapped in a counter before js/index.js loads,
// so the counts include wasm-bindgen's own calls (allocating the input, freeing the output).

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const profile = option("profile", "c2s-mix");
const sizeMb = option("size-mb", "4");
const chunkSize = Number(option("chunk", "4096"));

// Count every call into the module.
const calls = new Map();
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = function CountedInstance(module, imports) {
  const instance = new RealInstance(module, imports);
  const exports = {};
  for (const [name, value] of Object.entries(instance.exports)) {
    exports[name] =
      typeof value === "function"
        ? (...a) => {
            calls.set(name, (calls.get(name) ?? 0) + 1);
            return value(...a);
          }
        : value;
  }
  return { exports };
};
const { StreamParser } = await import("../js/index.js");

const generator = fileURLToPath(new URL("../../../../shared/corpus/gen_stream.py", import.meta.url));
if (!existsSync(generator)) throw new Error(`${generator} not found`);
const input = execFileSync("python3", [generator, "--profile", profile, "--size-mb", sizeMb, "--seed", "7"], {
  maxBuffer: 1 << 30,
  stdio: ["ignore", "pipe", "ignore"],
});
const chunks = [];
for (let at = 0; at < input.length; at += chunkSize) chunks.push(input.subarray(at, at + chunkSize));

function run() {
  const parser = new StreamParser({ maxStanzaSize: 1 << 20 });
  let frames = 0;
  for (const chunk of chunks) frames += parser.feed(chunk).length;
  parser.free();
  return frames;
}

run(); // warm up
calls.clear();
const frames = run();
const counted = Object.fromEntries([...calls].sort((a, b) => b[1] - a[1]));
const total = [...calls.values()].reduce((a, b) => a + b, 0);

// CPU time of this process, best of five: the machine is shared, and wall time would count
// other people's builds.
let seconds = Infinity;
for (let i = 0; i < 5; i++) {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  seconds = Math.min(seconds, (used.user + used.system) / 1e6);
}

// The cost of one crossing that does nothing, for comparison with one call per frame field.
const probe = new StreamParser();
let sink = 0;
const n = 1_000_000;
const t0 = process.cpuUsage();
for (let i = 0; i < n; i++) sink += probe.maxStanzaSize;
const t1 = process.cpuUsage(t0);
const perCallNs = ((t1.user + t1.system) * 1000) / n;

console.log(`input: ${profile}, ${(input.length / 1048576).toFixed(1)} MiB, ${chunks.length} feeds of ${chunkSize} bytes, ${frames} frames`);
console.log(`calls into WebAssembly per run: ${total} (${(total / chunks.length).toFixed(2)} per feed, ${(total / frames).toFixed(3)} per frame)`);
console.log(`  by export: ${JSON.stringify(counted)}`);
console.log(`throughput (CPU time): ${(input.length / 1048576 / seconds).toFixed(1)} MiB/s, ${Math.round(frames / seconds).toLocaleString("en")} frames/s, ${((seconds * 1e9) / frames).toFixed(0)} ns/frame`);
console.log(`one crossing that does nothing (a u32 getter, counted): ${perCallNs.toFixed(1)} ns${sink > 0 ? "" : "!"}`);
