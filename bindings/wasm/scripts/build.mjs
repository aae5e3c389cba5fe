#!/usr/bin/env node
// Builds the package's WebAssembly: cargo, then the wasm-bindgen CLI at the version Cargo.lock
// pins, then wasm-opt, then a size report. Usage: `node scripts/build.mjs` (or `npm run build`).
//
// Nothing here downloads a binary (STYLE.md "JavaScript"): the CLI is compiled by
// `cargo install` from crates.io, and wasm-opt comes from the npm package `binaryen`
// (devDependencies), or from Debian's `binaryen` if that is all there is.
//
// Environment: CARGO_BUILD_JOBS is passed through (set it to 1 on a shared machine);
// XMPP_WIRE_WASM_NO_OPT=1 skips wasm-opt, for a quicker debug loop.

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const pkgRoot = join(here, "..");
const workspace = join(pkgRoot, "..", "..");
const target = "wasm32-unknown-unknown";
const outDir = join(pkgRoot, "pkg");

function run(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(" ")}`);
  execFileSync(command, args, { stdio: "inherit", ...options });
}

function output(command, args) {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

/** The version of `name` that Cargo.lock holds (one lockfile for the whole workspace). */
function lockedVersion(name) {
  const lock = readFileSync(join(workspace, "Cargo.lock"), "utf8");
  const match = lock.match(new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`));
  if (!match) throw new Error(`${name} is not in Cargo.lock: build the crate once with cargo`);
  return match[1];
}

// 1. The crate at opt-level 3: measured (benches/README.md) 15 % faster on c2s-mix than
// opt-level "s" for 176 more bytes gzipped; wasm-opt -Os then trims the size. Profile settings
// come from the environment so that the workspace's release profile (used by the benches)
// stays as it is; the wasm target has its own directory.
const profileEnv = {
  CARGO_PROFILE_RELEASE_OPT_LEVEL: process.env.CARGO_PROFILE_RELEASE_OPT_LEVEL ?? "3",
  CARGO_PROFILE_RELEASE_LTO: "fat",
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS: "1",
  CARGO_PROFILE_RELEASE_DEBUG: "0",
  CARGO_PROFILE_RELEASE_PANIC: "abort",
};
run("cargo", ["build", "--release", "--target", target, "-p", "xmpp-wire-wasm"], {
  cwd: workspace,
  env: { ...process.env, ...profileEnv },
});
const built = join(workspace, "target", target, "release", "xmpp_wire_wasm.wasm");

// 2. wasm-bindgen at exactly the library's version: the CLI refuses a module built against
// another one.
const version = lockedVersion("wasm-bindgen");
const installed = output("wasm-bindgen", ["--version"]);
if (installed?.trim() === `wasm-bindgen ${version}`) {
  console.log(`wasm-bindgen ${version} is installed`);
} else {
  // Without `--locked`: the CLI's own lockfile pins webpki-roots 1.0.11, which the registry
  // here does not serve. Without default features: they add TLS (rustls, ring) for the test
  // runner's downloads, which this package never uses, and half the compile time.
  run("cargo", ["install", "wasm-bindgen-cli", "--version", version, "--no-default-features"]);
}
mkdirSync(outDir, { recursive: true });
// `--target web`: an ES module that browsers load as is; js/index.js hands it the .wasm bytes
// in Node. Objects not freed by hand are freed when collected (a FinalizationRegistry, which
// this version of wasm-bindgen always emits). Types are js/index.d.ts, written by hand.
run("wasm-bindgen", [built, "--out-dir", outDir, "--target", "web", "--no-typescript"]);

// 3. wasm-opt, from npm's binaryen or else Debian's.
const bindgenWasm = join(outDir, "xmpp_wire_wasm_bg.wasm");
const before = statSync(bindgenWasm).size;
if (process.env.XMPP_WIRE_WASM_NO_OPT === "1") {
  console.log("wasm-opt skipped (XMPP_WIRE_WASM_NO_OPT=1)");
} else {
  const npmOpt = join(pkgRoot, "node_modules", ".bin", "wasm-opt");
  const wasmOpt = existsSync(npmOpt) ? npmOpt : "wasm-opt";
  const unoptimised = join(outDir, "unoptimised.wasm");
  copyFileSync(bindgenWasm, unoptimised);
  // The features are the ones rustc enables by default for this target; wasm-opt must keep
  // them (reference types carry wasm-bindgen's externref table).
  run(wasmOpt, [
    unoptimised,
    "-Os",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--strip-debug",
    "--strip-producers",
    "-o",
    bindgenWasm,
  ]);
}

// 4. Sizes, raw and gzipped (what a web server usually sends).
const wasm = readFileSync(bindgenWasm);
const glue = readFileSync(join(outDir, "xmpp_wire_wasm.js"));
const index = readFileSync(join(pkgRoot, "js", "index.js"));
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const rows = [
  ["pkg/xmpp_wire_wasm_bg.wasm", wasm.length, gz(wasm)],
  ["pkg/xmpp_wire_wasm.js (glue)", glue.length, gz(glue)],
  ["js/index.js", index.length, gz(index)],
];
console.log(`\nwasm before wasm-opt: ${before} bytes`);
console.log("size report (bytes):");
for (const [name, raw, zipped] of rows) {
  console.log(`  ${name.padEnd(32)} ${String(raw).padStart(8)} raw ${String(zipped).padStart(8)} gzip`);
}
writeFileSync(
  join(outDir, "sizes.json"),
  JSON.stringify({ wasm: wasm.length, wasmGzip: gz(wasm), wasmBeforeOpt: before }, null, 2) + "\n",
);
console.log(`built into ${relative(process.cwd(), outDir) || "."}`);
