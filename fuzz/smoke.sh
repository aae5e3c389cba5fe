#!/usr/bin/env bash
# Fuzz smoke for CI (fuzz/README.md): builds every target, then runs each for
# XMPP_WIRE_FUZZ_SECONDS seconds (default 60) from the committed corpus, and fails on the first
# crash, printing the reproducer's path and the command that replays it. The committed corpus is
# only read: new inputs go to a scratch directory that is removed afterwards.
#
#   bash fuzz/smoke.sh                              # every target, 60 s each
#   XMPP_WIRE_FUZZ_SECONDS=10 bash fuzz/smoke.sh frames chunking
set -euo pipefail
cd "$(dirname "$0")"

seconds="${XMPP_WIRE_FUZZ_SECONDS:-60}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frames chunking writer_roundtrip differential)

# cargo-fuzz needs a nightly toolchain (sanitizer flags); install what is missing.
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

echo "=== fuzz: building ${targets[*]}"
for target in "${targets[@]}"; do
    cargo +nightly fuzz build -O "$target"
done

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

for target in "${targets[@]}"; do
    echo "=== fuzz: $target for ${seconds}s"
    mkdir -p "$scratch/$target" "artifacts/$target"
    args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
    # The structured target (writer_roundtrip) reads `arbitrary` values, not XML bytes; the
    # others get the token dictionary and inputs up to 16 KiB (a few stanzas, well past the
    # small profiles' buffers).
    [ "$target" = writer_roundtrip ] || args+=(-dict=xmpp.dict -max_len=16384)
    corpora=("$scratch/$target")
    [ -d "corpus/$target" ] && corpora+=("corpus/$target")
    # The shared vectors (tests/vectors, every language's test data) seed the byte targets, in
    # each target's input layout so that vectors added since corpus/ was minimised count too:
    # chunking reads a setup byte (0x00 TCP, 0x10 WebSocket; default profile) and a split plan
    # (0x00: whole), differential a flags byte (0x00: TCP stream). frames takes the bytes after
    # a header it writes itself, so its vector seeds come from `examples/seeds.rs` only.
    for vector in ../tests/vectors/*.xml; do
        name="$(basename "$vector" .xml)"
        case "$target:$name" in
            chunking:ws-*) { printf '\x10\x00'; cat "$vector"; } >"$scratch/$target/$name" ;;
            chunking:*) { printf '\x00\x00'; cat "$vector"; } >"$scratch/$target/$name" ;;
            differential:ws-*) ;;
            differential:*) { printf '\x00'; cat "$vector"; } >"$scratch/$target/$name" ;;
        esac
    done
    before="$(ls "artifacts/$target")"
    if ! cargo +nightly fuzz run -O "$target" "${corpora[@]}" -- "${args[@]}"; then
        echo
        echo "FUZZ FAILURE in $target. Reproducer(s):"
        for file in artifacts/"$target"/*; do
            [ -e "$file" ] || continue
            grep -qxF "$(basename "$file")" <<<"$before" && continue
            echo "  $PWD/$file"
            echo "  replay: (cd $PWD && cargo +nightly fuzz run -O $target $file)"
        done
        echo "Turn it into tests/regressions/NAME.xml + NAME.note (tests/regressions/README.md)."
        exit 1
    fi
done
echo "=== fuzz: ${targets[*]} ran ${seconds}s each without a crash"
