#!/usr/bin/env bash
# Installs what the tests need on a fresh machine (Debian, as root); quick when all is there.
set -euo pipefail

rustup component add rustfmt clippy >/dev/null
rustup target add thumbv7em-none-eabihf wasm32-unknown-unknown >/dev/null

# Debian packages: valgrind and pkg-config (C binding tests), libexpat1-dev (the expat peer in
# benches/), chromium and its driver (browser tests), prosody (interoperability tests).
packages=(valgrind pkg-config libexpat1-dev chromium chromium-driver prosody)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
