#!/usr/bin/env bash
# The WebAssembly binding's CI entry point: installs what it needs, builds and optimises the
# package, prints its sizes, type-checks index.d.ts, then runs the Node tests and the headless
# Chromium test in one `node --test` run, whose summary closes the output.
#
#   bash bindings/wasm/test.sh          (from anywhere)
#
# Installs: the wasm32-unknown-unknown rustup target, wasm-bindgen-cli at the Cargo.lock
# version (compiled by cargo, skipped when already installed), the npm devDependencies from
# package-lock.json (`npm ci`), and Debian's chromium (plus two fonts) when missing.
# Nothing downloads a prebuilt binary or a browser of its own.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never
# A development machine is shared (two cores): one rustc at a time unless the caller says
# otherwise. CI has the machine to itself.
if [ -z "${CI:-}" ]; then export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"; fi

step() { printf '\n=== wasm: %s\n' "$*"; }

step "toolchain and packages"
rustup target add wasm32-unknown-unknown >/dev/null
# Debian's Chromium, and fonts for the CJK and emoji text in the example's screenshot.
missing=()
for package in chromium chromium-driver fonts-wqy-microhei fonts-noto-color-emoji; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null | head -1
# playwright-core never downloads browsers on install; the variable says so twice.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

step "Rust unit tests of the conversions (records, trees, payload copies)"
cargo test -q -p xmpp-wire-wasm

step "build (cargo, wasm-bindgen, wasm-opt) and sizes"
node scripts/build.mjs

step "types (tsc --noEmit over test/types.ts)"
node_modules/.bin/tsc --noEmit -p test/tsconfig.json
echo "index.d.ts: ok"

step "node --test: vectors, errors, writer, tracker, interop, memory, Chromium"
node --test test/*.test.mjs test/browser/*.test.mjs
