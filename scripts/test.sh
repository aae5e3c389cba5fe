#!/usr/bin/env bash
# Every test of xmpp-wire, cheapest first (STYLE.md "CI habits"). Installs what it needs on a
# fresh machine. Run from anywhere: `bash scripts/test.sh`. Set XMPP_WIRE_FUZZ_SECONDS to change
# the fuzz smoke time per target.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n=== %s\n' "$*"; }

step "install what the tests need"
bash scripts/install-deps.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "core: no features, alloc, std, all features (unit, integration and doc tests)"
cargo test -p xmpp-wire --no-default-features
cargo test -p xmpp-wire --no-default-features --features alloc --lib
cargo test -p xmpp-wire --no-default-features --features std --lib
step "core: W3C XML conformance suite"
bash tests/w3c/fetch.sh
XMPP_WIRE_REQUIRE_W3C=1 cargo test -p xmpp-wire --all-features

step "core: no_std build for a bare-metal target"
rustup target add thumbv7em-none-eabihf >/dev/null
cargo build -p xmpp-wire --no-default-features --target thumbv7em-none-eabihf

step "command-line tool"
cargo test -p xmpp-wire-cli

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc -p xmpp-wire --all-features --no-deps

step "C binding: header drift, C tests plain, under ASan+UBSan and under valgrind"
bash bindings/c/test.sh

step "Python binding: wheel in a fresh venv, pytest, mypy --strict"
bash bindings/python/test.sh

step "WebAssembly binding: build, sizes, node --test, headless Chromium"
bash bindings/wasm/test.sh

step "benches: Rust quick mode"
cargo test -p xmpp-wire-benches --benches

step "benches: Python and JS quick mode (agreement)"
target/py-venv/bin/python benches/python/bench.py --quick
(cd benches/js && npm ci --no-audit --no-fund --loglevel=error) && node benches/js/bench.mjs --quick

step "interoperability: Prosody on 127.0.0.1 driven from Python, C and Chromium (tests/interop)"
bash tests/interop/run.sh

step "fuzz smoke: every target for ${XMPP_WIRE_FUZZ_SECONDS:-60}s each (fuzz/README.md)"
bash fuzz/smoke.sh

printf '\nall test stages passed\n'
