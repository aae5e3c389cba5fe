#!/usr/bin/env bash
# Runs the Rust benches as benches/README.md reports them, then draws the charts.
#
#   benches/run.sh            full run (~5 min on 2 cores), then benches/chart.py
#   benches/run.sh --quick    CI mode: 1 MiB inputs, every bench once, agreement checked
#   benches/run.sh -- ARGS    extra criterion arguments, e.g. a filter: -- c2s-mix
set -euo pipefail
cd "$(dirname "$0")/.."

# The expat peer links the system libexpat (build.rs); the dev package gives libexpat.so.
if [ ! -e /usr/include/expat.h ] && command -v apt-get >/dev/null; then
    apt-get install -y libexpat1-dev || { apt-get update && apt-get install -y libexpat1-dev; }
fi

export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
if [ "${1:-}" = "--quick" ]; then
    exec cargo test -p xmpp-wire-benches --benches
fi
[ "${1:-}" = "--" ] && shift
cargo bench -p xmpp-wire-benches -- --warm-up-time 1 --measurement-time 3 "$@"

# Charts and the results table: matplotlib in a venv under the ignored inputs folder.
venv=benches/inputs/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet matplotlib
fi
"$venv/bin/python" benches/chart.py
