#!/usr/bin/env bash
# CI entry point for the Python binding: a fresh virtualenv, the wheel built with maturin
# (release, abi3), installed, then pytest and mypy --strict over the tests and examples.
#
#   bash bindings/python/test.sh            # from anywhere
#   PYTHON=python3.9 bash bindings/python/test.sh
#
# The venv lives under the workspace's ignored target/ folder and is made anew on every run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
venv="$root/target/py-venv"
wheels="$root/target/py-wheels"

rm -rf "$venv" "$wheels"
"$python" -m venv "$venv"
# shellcheck disable=SC1091
source "$venv/bin/activate"
python -m pip install --quiet --upgrade pip
python -m pip install --quiet maturin pytest hypothesis mypy

cd "$here"
# One build at a time on a shared machine: CARGO_BUILD_JOBS is respected when set.
maturin build --release --out "$wheels" --interpreter python
python -m pip install --quiet --force-reinstall --no-deps "$wheels"/xmpp_wire-*.whl

echo "== mypy --strict (tests, examples, package)"
python -m mypy --strict tests examples
python -m mypy --strict python/xmpp_wire

echo "== pytest"
# The summary line ("N passed in …s") is pytest's last line.
python -m pytest -q -p no:cacheprovider tests
