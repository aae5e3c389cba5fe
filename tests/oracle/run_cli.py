#!/usr/bin/env python3
"""Runs a `frames` command over every vector and reports each output that differs from the
expected .jsonl, fed whole and fed 1 byte at a time (Python 3 standard library only).

Any implementation with a `frames FILE [--mode tcp|websocket] [--chunk N]` command can be
checked this way, e.g. the Rust CLI or a binding's example:

    python3 tests/oracle/run_cli.py target/debug/xmpp-wire frames
    python3 tests/oracle/run_cli.py python3 -m xmpp_wire frames
    python3 tests/oracle/run_cli.py --whole-only --only 'error-*' target/debug/xmpp-wire frames

Vectors named `ws-*` run with `--mode websocket`; the others with `--mode tcp`. The exit status
is 1 if any vector differs.
"""

import fnmatch
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(os.path.dirname(HERE), "vectors")


def main(argv):
    args = argv[1:]
    whole_only = False
    pattern = "*"
    while args and args[0].startswith("--"):
        if args[0] == "--whole-only":
            whole_only = True
            args = args[1:]
        elif args[0] == "--only" and len(args) > 1:
            pattern = args[1]
            args = args[2:]
        else:
            break
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    names = sorted(n[:-4] for n in os.listdir(VECTORS) if n.endswith(".xml") and fnmatch.fnmatch(n[:-4], pattern))
    failures = 0
    for name in names:
        xml = os.path.join(VECTORS, name + ".xml")
        with open(os.path.join(VECTORS, name + ".jsonl"), encoding="utf-8") as f:
            expected = f.read()
        mode = "websocket" if name.startswith("ws-") else "tcp"
        plans = [[]] if whole_only else [[], ["--chunk", "1"]]
        for plan in plans:
            cmd = args + [xml, "--mode", mode] + plan
            run = subprocess.run(cmd, capture_output=True)
            got = run.stdout.decode("utf-8", errors="replace")
            if got != expected:
                failures += 1
                how = " ".join(plan) or "whole"
                print(f"DIFF {name} ({how}, exit {run.returncode})")
                exp_lines = expected.splitlines()
                got_lines = got.splitlines()
                for i in range(max(len(exp_lines), len(got_lines))):
                    e = exp_lines[i] if i < len(exp_lines) else "<none>"
                    g = got_lines[i] if i < len(got_lines) else "<none>"
                    if e != g:
                        print(f"  line {i + 1}\n    expected: {e}\n    got:      {g}")
                if run.stderr:
                    print("  stderr: " + run.stderr.decode("utf-8", errors="replace").strip())
                break  # one report per vector is enough
    print(f"{len(names)} vectors, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
