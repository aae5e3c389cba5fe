#!/usr/bin/env bash
# Every test of the C binding, as CI runs it (STYLE.md "CI habits"):
#   1. the Rust library and the binding's Rust tests, header drift among them;
#   2. unsafe code only in src/boundary.rs;
#   3. the C tests and examples built with -Wall -Wextra -Werror and run;
#   4. the same under AddressSanitizer + UndefinedBehaviorSanitizer;
#   5. the same under valgrind, leaks included;
#   6. the README example, compiled with pkg-config against an installed copy.
# Every stage runs even when an earlier one failed; the last line adds them all up:
#   c: N passed, M failed
# Installs nothing, except valgrind and pkg-config with apt-get when they are missing.
set -uo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never

if ! command -v valgrind >/dev/null || ! command -v pkg-config >/dev/null; then
    echo "installing valgrind and pkg-config"
    { apt-get update -qq && apt-get install -y -qq valgrind pkg-config; } >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0

# Runs one stage, shows its output, and adds up the `NAME: N passed, M failed` lines it prints
# (and cargo's `test result:` lines). A stage that fails without reporting a failed test (a
# compile error, a sanitizer abort) counts as one failed test.
stage() {
    local name=$1
    shift
    printf '\n=== c: %s\n' "$name"
    "$@" 2>&1 | tee "$log"
    local status=${PIPESTATUS[0]}
    local p f
    read -r p f < <(awk '
        match($0, /^([A-Za-z_]+: )?[0-9]+ passed, [0-9]+ failed$/) {
            n = split($0, w, " "); p += w[n - 3]; f += w[n - 1]
        }
        /^test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed/ {
            gsub(/;/, ""); p += $4; f += $6
        }
        END { print p + 0, f + 0 }' "$log")
    p=${p:-0}
    f=${f:-0}
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    printf -- '--- %s: %s passed, %s failed\n' "$name" "$p" "$f"
    passed=$((passed + p))
    failed=$((failed + f))
}

unsafe_only_in_boundary() {
    # `#[no_mangle]` needs `allow(unsafe_code)` in the API modules; unsafe blocks and functions
    # belong in src/boundary.rs alone (STYLE.md layout).
    local hits
    hits=$(grep -nE '\bunsafe\b' src/*.rs | grep -v '^src/boundary.rs:' | grep -vE 'allow\(unsafe_code\)|unsafe code' || true)
    if [ -n "$hits" ]; then
        echo "unsafe outside src/boundary.rs:"
        echo "$hits"
        echo "unsafe: 0 passed, 1 failed"
        return 1
    fi
    echo "unsafe: 1 passed, 0 failed"
}

stage "Rust library, binding unit tests and header drift" \
    bash -c 'cd ../.. && cargo build -p xmpp-wire-c && cargo test -p xmpp-wire-c'
stage "unsafe code only in src/boundary.rs" unsafe_only_in_boundary
stage "C tests (-Wall -Wextra -Werror)" make --no-print-directory test
stage "C tests under ASan + UBSan" make --no-print-directory asan
stage "C tests under valgrind" make --no-print-directory valgrind
stage "README example via pkg-config" make --no-print-directory readme

printf '\nc: %s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
