#!/usr/bin/env bash
# Interoperability with a real XMPP server: starts a private Prosody on 127.0.0.1
# (prosody.sh), runs one scenario per binding against it, then runs every byte received from
# Prosody through `xmpp-wire frames`, and stops Prosody by its PID, also on failure.
#
#   bash tests/interop/run.sh                 # python, c and browser, then the captures
#   bash tests/interop/run.sh python          # any subset of: python c browser
#
# Last line: `interop: N passed, M failed` (every step of every scenario, and every capture).
# Builds what it drives (the Python wheel into its own venv, the C library into a scratch
# prefix, the WebAssembly package when its sources are newer) and installs what is missing:
# Debian's prosody, and chromium for the browser scenario. Outputs in target/interop/
# (captures/, prosody.log, logs) and target/artifacts/interop-browser.png.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export CARGO_TERM_COLOR=never
# Two shared cores: one rustc at a time unless the caller says otherwise.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

out=$root/target/interop
captures=$out/captures
target_dir=${CARGO_TARGET_DIR:-$root/target}
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(python c browser)
for s in "${scenarios[@]}"; do
  case $s in python | c | browser) ;; *) echo "run.sh: unknown scenario $s (python, c, browser)" >&2; exit 2 ;; esac
done
wants() { [[ " ${scenarios[*]} " == *" $1 "* ]]; }

step() { printf '\n=== interop: %s\n' "$*"; }
passed=0
failed=0
summary=()

# Runs one stage, shows its output, and adds up its `NAME: N passed, M failed` line. A stage
# that ends without one (a build error, a crash) counts as one failure.
stage() {
  local name=$1 log=$out/$1.log
  shift
  step "$name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]} line p f
  line=$(grep -E '^[A-Za-z_]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
  if [ -n "$line" ]; then
    read -r p f < <(echo "$line" | awk '{print $2, $4}')
  else
    p=0 f=1
  fi
  [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  passed=$((passed + p))
  failed=$((failed + f))
  summary+=("$name: $p passed, $f failed")
}

mkdir -p "$out"
rm -rf "$captures"
mkdir -p "$captures"

# --- builds (before the server starts, so a slow build never races its timeouts)

step "build: xmpp-wire command"
cargo build -q -p xmpp-wire-cli || { echo "interop: 0 passed, 1 failed"; exit 1; }
xmpp_wire_bin=$target_dir/debug/xmpp-wire

build_python() {
  local venv=$out/venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || return 1
  [ -x "$venv/bin/maturin" ] || "$venv/bin/python" -m pip install --quiet maturin || return 1
  rm -rf "$out/wheels"
  # The same maturin command as bindings/python/test.sh, so cargo reuses its build.
  (cd bindings/python && "$venv/bin/maturin" build --release --out "$out/wheels" --interpreter "$venv/bin/python") || return 1
  "$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$out"/wheels/xmpp_wire-*.whl
}

build_c() {
  command -v pkg-config >/dev/null || { apt-get update -qq && apt-get install -y -qq pkg-config >/dev/null; } || return 1
  make -s -C bindings/c install PROFILE=debug PREFIX="$out/c-prefix" || return 1
  mkdir -p "$out/bin"
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Werror -O1 -g tests/interop/c_client.c \
    $(PKG_CONFIG_PATH="$out/c-prefix/lib/pkgconfig" pkg-config --cflags --libs xmpp_wire) -o "$out/bin/c_client"
}

build_wasm() {
  if [ ! -x /usr/bin/chromium ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || return 1
  fi
  if [ ! -d bindings/wasm/node_modules/playwright-core ]; then
    # playwright-core never downloads a browser on install; the variable says so twice.
    (cd bindings/wasm && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
  local wasm=bindings/wasm/pkg/xmpp_wire_wasm_bg.wasm
  if [ ! -f "$wasm" ] || [ -n "$(find crates/xmpp-wire/src bindings/wasm/src bindings/wasm/Cargo.toml Cargo.lock -newer "$wasm" -print -quit)" ]; then
    rustup target add wasm32-unknown-unknown >/dev/null 2>&1
    (cd bindings/wasm && node scripts/build.mjs) || return 1
  else
    echo "bindings/wasm/pkg is up to date"
  fi
}

ready=()
if wants python; then
  step "build: Python wheel into target/interop/venv"
  if build_python; then ready+=(python); else failed=$((failed + 1)); summary+=("python: build failed"); fi
fi
if wants c; then
  step "build: libxmpp_wire and c_client (-Wall -Wextra -Werror)"
  if build_c; then ready+=(c); else failed=$((failed + 1)); summary+=("c: build failed"); fi
fi
if wants browser; then
  step "build: WebAssembly package, Chromium"
  if build_wasm; then ready+=(browser); else failed=$((failed + 1)); summary+=("browser: build failed"); fi
fi

# --- the server

prosody_dir=$(mktemp -d "${TMPDIR:-/tmp}/xmpp-wire-prosody.XXXXXX")
stop_prosody() {
  bash "$root/tests/interop/prosody.sh" stop "$prosody_dir"
  cp "$prosody_dir/prosody.log" "$out/prosody.log" 2>/dev/null
  rm -rf "$prosody_dir"
}
trap stop_prosody EXIT
trap 'exit 130' INT TERM

step "start Prosody on 127.0.0.1"
if ! bash tests/interop/prosody.sh start "$prosody_dir"; then
  echo "interop: 0 passed, 1 failed"
  exit 1
fi
set -a
# shellcheck disable=SC1091
. "$prosody_dir/env"
set +a
export INTEROP_CAPTURES=$captures

# --- the scenarios, one after the other on the same server

for s in "${ready[@]}"; do
  case $s in
    python) stage python timeout 300 "$out/venv/bin/python" tests/interop/test_python_client.py ;;
    c) stage c_client env LD_LIBRARY_PATH="$out/c-prefix/lib" timeout 120 "$out/bin/c_client" ;;
    browser) stage browser timeout 300 node tests/interop/browser/run.mjs ;;
  esac
done

# --- every byte Prosody sent, through the command-line framer

stage captures python3 tests/interop/check_captures.py "$captures" --frames "$xmpp_wire_bin"

server_version=$(grep -o 'Prosody version [0-9.]*' "$prosody_dir/prosody.log" | head -1)
step "summary (${server_version:-Prosody})"
printf '%s\n' "${summary[@]}"
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
