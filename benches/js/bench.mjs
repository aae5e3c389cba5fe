#!/usr/bin/env node
// Frames XMPP streams in Node with the xmpp-wire WebAssembly package and with the parsers
// JavaScript XMPP software uses today, on the same bytes, in the same run.
//
//   node benches/js/bench.mjs                 8 MiB inputs, median of 7 runs, CPU time
//   node benches/js/bench.mjs --quick         1 MiB inputs, agreement only (CI)
//   node benches/js/bench.mjs --runs 3 --profiles c2s-mix --clock wall --json out.json
//
// Needs `npm ci` here (ltx, @xmpp/xml, saxes at the versions in package-lock.json) and the
// package built by bindings/wasm (`node bindings/wasm/scripts/build.mjs`, or its test.sh).
//
// Contenders, each fed the stream in 4096-byte chunks (Buffers, as a socket delivers them):
//
// - xmpp-wire: `new StreamParser().feed(chunk)` returns the completed frames, whose kind, ns,
//   routing attributes and payloads are read.
// - ltx: xmpp.js's own `Parser` from `@xmpp/xml` (the ltx SAX parser with `startElement`,
//   `endElement` and `text` handlers building ltx `Element`s, emitting each depth-1 child of
//   the stream as `element` when it ends); names and namespaces by ltx's `getName()` and
//   `getNS()`, payloads by `getChildElements()`.
// - saxes: `new SaxesParser({ xmlns: true })` with `opentag` and `closetag` handlers tracking
//   depth; no text handler.
//
// ltx and saxes take strings: each chunk is decoded with a StringDecoder (what
// `socket.setEncoding("utf8")` uses), so a character split between two chunks is decoded
// right; xmpp-wire takes the bytes and validates UTF-8 itself. The decoding is timed with them.
//
// Every contender reports, per frame, the fields benches/digest.rs describes (kind; expanded
// name; to, from, id, type unescaped; each payload's namespace and local name) as one record
// string. Before anything is timed every contender runs once per input and the run fails
// unless all report the same records, frame for frame, and xmpp-wire's frame count is the
// generator's. The digest is printed as the Rust and Python benches print it (frame count and
// FNV-1a over digest.rs's byte sequence), so the three can be compared. Timed runs check the
// frame count and SHA-256 of the records.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import os from "node:os";

import XmppParser from "@xmpp/xml/lib/Parser.js";
import { SaxesParser } from "saxes";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const wasmPackage = join(root, "bindings", "wasm");
const { StreamParser } = await import(join(wasmPackage, "js", "index.js"));

// A collector between timed runs, so that one contender's garbage is not collected during the
// next one's run.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

const PROFILES = ["c2s-mix", "tiny", "large", "s2s"];
const CHUNK = 4096;

// ---------------------------------------------------------------------------------------------
// Arguments

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const values = [];
  for (let i = at + 1; i < args.length && !args[i].startsWith("--"); i++) values.push(args[i]);
  return values;
};
const quick = flag("quick");
const sizeMb = Number(option("size-mb", [quick ? "1" : "8"])[0]);
const runs = Number(option("runs", ["7"])[0]);
const profiles = option("profiles", PROFILES);
const clockName = option("clock", ["cpu"])[0];
const jsonOut = option("json", [null])[0];
for (const p of profiles) if (!PROFILES.includes(p)) throw new Error(`unknown profile ${p}`);
if (!["cpu", "wall"].includes(clockName)) throw new Error("--clock cpu|wall");

// CPU time of the process (user + system, all threads: V8's collector included), in seconds;
// the machine is shared, and wall time would count other people's work.
const clock =
  clockName === "cpu"
    ? () => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1e6;
      }
    : () => performance.now() / 1e3;

// ---------------------------------------------------------------------------------------------
// Records: the same function for every contender

// Separators: control characters XML 1.0 §2.2 `Char` excludes, so they never occur in a name
// or a value; digestRs maps them to digest.rs's bytes FF, FE, FD and FC.
const END = "\x01";
const NS_END = "\x02";
const ABSENT = "\x03";
const FRAME_END = "\x04";
const OPEN_RECORD = "stream-open" + END;
const CLOSE_RECORD = "stream-close" + END;
const STANZA_NAMESPACES = new Set(["jabber:client", "jabber:server", "jabber:component:accept"]);
const STANZA_NAMES = new Set(["message", "presence", "iq"]);

/** A stanza is message, presence or iq in a stanza namespace (RFC 6120 §4.8.3, XEP-0114). */
const kindOf = (ns, local) =>
  STANZA_NAMES.has(local) && STANZA_NAMESPACES.has(ns) ? local : "element";

const value = (v) => (v === undefined || v === null ? ABSENT : v + END);

/** The record of a top-level element; `payloads` is a flat [ns, local, ns, local, …]. */
function elementRecord(kind, ns, local, to, from, id, type, payloads) {
  let record =
    kind + END + ns + NS_END + local + END + value(to) + value(from) + value(id) + value(type);
  for (let i = 0; i < payloads.length; i += 2) record += payloads[i] + NS_END + payloads[i + 1] + END;
  return record + FRAME_END;
}

// ---------------------------------------------------------------------------------------------
// Contenders

function runXmppWire(chunks) {
  const records = [];
  const parser = new StreamParser();
  for (const chunk of chunks) {
    for (const frame of parser.feed(chunk)) {
      const kind = frame.kind;
      if (kind === "stream-open") {
        records.push(OPEN_RECORD);
      } else if (kind === "stream-close") {
        records.push(CLOSE_RECORD);
      } else {
        const payloads = [];
        for (const p of frame.payloads) payloads.push(p.ns, p.name);
        // Stanza frames carry no `name`: their kind is their local name.
        const local = kind === "element" ? frame.name : kind;
        const attrs = kind === "element" ? frame.attrs : frame;
        records.push(
          elementRecord(kind, frame.ns, local, attrs.to, attrs.from, attrs.id, attrs.type, payloads),
        );
      }
    }
  }
  parser.finish();
  parser.free();
  return records;
}

function runLtx(chunks) {
  const records = [];
  const parser = new XmppParser();
  const fail = (error) => {
    throw error;
  };
  parser.on("error", fail);
  parser.on("start", () => records.push(OPEN_RECORD));
  parser.on("end", () => records.push(CLOSE_RECORD));
  parser.on("element", (element) => {
    const ns = element.getNS() ?? "";
    const local = element.getName();
    const attrs = element.attrs;
    const payloads = [];
    for (const child of element.getChildElements()) payloads.push(child.getNS() ?? "", child.getName());
    records.push(
      elementRecord(kindOf(ns, local), ns, local, attrs.to, attrs.from, attrs.id, attrs.type, payloads),
    );
  });
  const decoder = new StringDecoder("utf8");
  for (const chunk of chunks) parser.write(decoder.write(chunk));
  parser.end(decoder.end());
  return records;
}

function runSaxes(chunks) {
  const records = [];
  const parser = new SaxesParser({ xmlns: true });
  let depth = 0;
  let top = null;
  let payloads = [];
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (tag) => {
    if (depth === 2) {
      payloads.push(tag.uri, tag.local);
    } else if (depth === 1) {
      top = tag;
      payloads = [];
    } else if (depth === 0) {
      records.push(OPEN_RECORD);
    }
    depth++;
  });
  parser.on("closetag", () => {
    depth--;
    if (depth === 1) {
      const ns = top.uri;
      const local = top.local;
      const a = top.attributes;
      records.push(
        elementRecord(
          kindOf(ns, local),
          ns,
          local,
          a.to?.value,
          a.from?.value,
          a.id?.value,
          a.type?.value,
          payloads,
        ),
      );
      top = null;
    } else if (depth === 0) {
      records.push(CLOSE_RECORD);
    }
  });
  const decoder = new StringDecoder("utf8");
  for (const chunk of chunks) parser.write(decoder.write(chunk));
  parser.write(decoder.end());
  parser.close();
  return records;
}

const CONTENDERS = { "xmpp-wire": runXmppWire, ltx: runLtx, saxes: runSaxes };

// ---------------------------------------------------------------------------------------------
// Digests

/** Frame count and SHA-256 (16 hex digits) of the records: the timed check. */
function checksum(records) {
  return `${records.length}:${createHash("sha256").update(records.join("")).digest("hex").slice(0, 16)}`;
}

/** The Rust bench's digest (digest.rs: frame count, FNV-1a 64 over the same fields). */
function fnv1aDigestRs(records) {
  const bytes = Buffer.from(records.join(""), "utf8");
  const map = [0, 0xff, 0xfe, 0xfd, 0xfc];
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let b of bytes) {
    if (b >= 1 && b <= 4) b = map[b];
    lo = (lo ^ b) >>> 0;
    // (hi, lo) * 0x100000001b3 mod 2^64 = (hi, lo) * 0x1b3 + (lo << 40).
    const low = lo * 0x1b3;
    const carry = Math.floor(low / 0x100000000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = low >>> 0;
  }
  const hex = (n) => n.toString(16).padStart(8, "0");
  return `${records.length} frames, fnv1a ${hex(hi)}${hex(lo)}`;
}

// ---------------------------------------------------------------------------------------------
// Inputs: the Rust bench's files, generated as it generates them when missing

// As the Rust bench names files: 8, 1, 0.5.
const sizeName = (mb) => String(mb);

function load(profile) {
  const inputs = join(root, "benches", "inputs");
  mkdirSync(inputs, { recursive: true });
  const stem = `${profile}-${sizeName(sizeMb)}mb-seed1`;
  const xml = join(inputs, `${stem}.xml`);
  const counts = join(inputs, `${stem}.json`);
  if (!existsSync(xml) || !existsSync(counts)) {
    const generator =
      process.env.XMPP_WIRE_CORPUS_GEN ?? join(root, "..", "shared", "corpus", "gen_stream.py");
    console.error(`generating ${xml} with ${generator}`);
    const done = spawnSync(
      "python3",
      [generator, "--profile", profile, "--seed", "1", "--size-mb", sizeName(sizeMb), "--out", xml],
      { stdio: ["ignore", "inherit", "pipe"] },
    );
    if (done.status !== 0) throw new Error(`${generator} failed: ${done.stderr}`);
    // The generator's counts: one JSON line on stderr.
    writeFileSync(counts, done.stderr);
  }
  const written = JSON.parse(readFileSync(counts, "utf8"));
  // Every stanza and r/a element, plus the header, <stream:features> and the close tag.
  const frames = written.message + written.presence + written.iq + written.other + 3;
  return { data: readFileSync(xml), expected: frames };
}

function split(data) {
  const chunks = [];
  for (let at = 0; at < data.length; at += CHUNK) chunks.push(data.subarray(at, at + CHUNK));
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// The run

function agree(profile, data, expected, chunks) {
  const reference = runXmppWire(chunks);
  const failures = [];
  if (reference.length !== expected) {
    failures.push(`xmpp-wire saw ${reference.length} frames, the generator wrote ${expected}`);
  }
  const whole = runXmppWire([data]);
  if (whole.join("\n") !== reference.join("\n")) {
    failures.push("xmpp-wire fed whole differs from xmpp-wire fed 4096-byte chunks");
  }
  for (const [name, run] of Object.entries(CONTENDERS)) {
    if (name === "xmpp-wire") continue;
    let got;
    try {
      got = run(chunks);
    } catch (error) {
      failures.push(`${name} fails: ${error.message}`);
      continue;
    }
    let first = got.findIndex((record, i) => record !== reference[i]);
    if (first === -1 && got.length !== reference.length) first = got.length;
    if (first !== -1) {
      const show = (r) => (first < r.length ? JSON.stringify(r[first]) : "(none)");
      failures.push(
        `${name}: ${got.length} frames vs ${reference.length}; first difference at frame ${first}: ` +
          `${name} ${show(got)}, xmpp-wire ${show(reference)}`,
      );
    }
  }
  if (failures.length) {
    console.error(`${profile}: contenders disagree:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log(
    `${profile.padEnd(8)} ${String(data.length).padStart(9)} bytes  ` +
      `${Object.keys(CONTENDERS).length} contenders agree: ${fnv1aDigestRs(reference)}`,
  );
  return checksum(reference);
}

function measure(chunks, digest) {
  const times = Object.fromEntries(Object.keys(CONTENDERS).map((name) => [name, []]));
  // Rounds interleaved, so that drift on a shared machine hits every contender alike.
  for (let round = 0; round < runs; round++) {
    for (const [name, run] of Object.entries(CONTENDERS)) {
      gc();
      const start = clock();
      const got = checksum(run(chunks));
      const seconds = clock() - start;
      if (got !== digest) throw new Error(`${name} reported ${got} in a timed run, expected ${digest}`);
      times[name].push(seconds);
    }
  }
  return times;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const wasmFile = join(wasmPackage, "pkg", "xmpp_wire_wasm_bg.wasm");
const wasm = readFileSync(wasmFile);
const wasmGzip = gzipSync(wasm, { level: 9 }).length;
const version = (name) =>
  JSON.parse(readFileSync(join(here, "node_modules", ...name.split("/"), "package.json"), "utf8")).version;
console.log(
  `node ${process.version}, ltx ${version("ltx")} via @xmpp/xml ${version("@xmpp/xml")}, saxes ${version("saxes")}, ` +
    `${os.cpus()[0]?.model ?? "cpu"} (${os.cpus().length} logical CPUs), ${os.platform()} ${os.release()}`,
);
console.log(`xmpp-wire .wasm: ${wasm.length} bytes raw, ${wasmGzip} bytes gzip -9 (${wasmFile})`);

const results = [];
for (const profile of profiles) {
  const { data, expected } = load(profile);
  const chunks = split(data);
  const digest = agree(profile, data, expected, chunks);
  if (quick) continue;
  const times = measure(chunks, digest);
  const frames = Number(digest.split(":")[0]);
  const ours = median(times["xmpp-wire"]);
  console.log(
    `\n### ${profile} (${(data.length / 1e6).toFixed(1)} MB, ${frames} frames), median of ${runs}, ${clockName} time\n`,
  );
  console.log("| contender | MB/s | frames/s | xmpp-wire vs it |");
  console.log("|---|---:|---:|---:|");
  for (const [name, list] of Object.entries(times)) {
    const seconds = median(list);
    const ratio = name === "xmpp-wire" ? "" : `${(seconds / ours).toFixed(1)}×`;
    console.log(
      `| ${name} | ${(data.length / seconds / 1e6).toFixed(1)} | ${(frames / seconds / 1e6).toFixed(3)} M | ${ratio} |`,
    );
    results.push({ language: "js", profile, contender: name, bytes: data.length, frames, seconds, runs: list });
  }
  console.log("");
}
if (quick) console.log("js bench: quick mode, all contenders agree");
if (jsonOut && results.length) {
  writeFileSync(
    jsonOut,
    JSON.stringify(
      { clock: clockName, chunk: CHUNK, sizeMb, node: process.version, wasm: wasm.length, wasmGzip, results },
      null,
      1,
    ) + "\n",
  );
  console.log(`wrote ${jsonOut}`);
}
