#!/usr/bin/env python3
"""Runs every interop capture through the command-line framer and fails on any error frame.

    python3 tests/interop/check_captures.py CAPTURES_DIR [--frames PROGRAM ...]

``PROGRAM`` is the ``xmpp-wire`` binary (default: ``cargo run -q -p xmpp-wire-cli --``). For
each capture:

- ``*.xml`` (a TCP stream) is framed in TCP mode, ``*.ws`` (one WebSocket message a line) in
  WebSocket mode; the output is kept beside it as ``*.jsonl``. Any ``error`` line, or a
  non-zero exit, fails the capture.
- The capture is framed again fed 1 byte at a time (``--chunk 1``) and, where the scenario
  recorded its socket reads (``NAME.reads``), fed exactly in those pieces (``--chunks``): the
  output must be identical.
- Where the binding recorded the frames it returned (``NAME.frames``: ``kind offset`` for TCP,
  ``kind`` for WebSocket), they must equal the command's frames: the binding saw exactly what
  the Rust core sees in the same bytes.
- What the server sent must end with its stream close (``</stream:stream>`` or ``<close/>``):
  every scenario closes its streams cleanly. Captures of what the clients sent (``*.sent.*``)
  are framed and checked for errors too.

Prints ``ok - NAME: …`` per capture, then ``captures: N passed, M failed``; exits 1 on failure.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path


def frames(program: list[str], capture: Path, mode: str, *feeding: str) -> tuple[int, str]:
    args = program + ["frames", str(capture), "--mode", mode, *feeding]
    run = subprocess.run(args, check=False, capture_output=True, text=True, encoding="utf-8")
    if run.stderr.strip():
        sys.stderr.write(run.stderr)
    return run.returncode, run.stdout


def check(program: list[str], capture: Path) -> str:
    """Checks one capture; returns a note for the ok line, raises AssertionError otherwise."""
    mode = "websocket" if capture.suffix == ".ws" else "tcp"
    sent = ".sent." in capture.name
    code, out = frames(program, capture, mode)
    lines = [json.loads(line) for line in out.splitlines()]
    errors = [line for line in lines if line["kind"] == "error"]
    assert not errors, f"error frame {errors[0]} (see {capture.with_suffix('.jsonl')})"
    assert code == 0, f"exit status {code}"
    assert lines, "no frames at all"
    capture.with_suffix(".jsonl").write_text(out, encoding="utf-8")
    notes = [f"{len(lines)} frames, {capture.stat().st_size} bytes"]

    stem = capture.name[: -len(capture.suffix)]
    reads = capture.with_name(stem + ".reads")
    if not sent and reads.exists():
        code, again = frames(program, capture, mode, "--chunks", str(reads))
        assert code == 0 and again == out, "framing in the recorded read sizes gave other frames"
        notes.append(f"same in its {len(reads.read_text().split())} socket reads")
    code, again = frames(program, capture, mode, "--chunk", "1")
    assert code == 0 and again == out, "framing 1 byte at a time gave other frames"
    notes.append("same fed 1 byte at a time")

    seen = capture.with_name(stem + ".frames")
    if not sent and seen.exists():
        if mode == "tcp":
            want = [f"{line['kind']} {line['offset']}" for line in lines]
        else:
            want = [line["kind"] for line in lines]
        got = seen.read_text(encoding="utf-8").split("\n")[:-1]
        assert got == want, f"the binding's frames differ from the CLI's: {got[:5]} … vs {want[:5]} …"
        notes.append("binding's frames equal")

    if not sent:
        last = lines[-1]
        closed = last["kind"] == "stream-close" if mode == "tcp" else (last["kind"] == "element" and last["name"] == "close")
        assert closed, f"the server's stream does not end with its close: {last}"
    return "; ".join(notes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("captures", type=Path)
    parser.add_argument("--frames", default="cargo run -q -p xmpp-wire-cli --",
                        help="the xmpp-wire command (default: %(default)s)")
    options = parser.parse_args()
    program = shlex.split(options.frames)
    captures = sorted(p for p in options.captures.iterdir() if p.suffix in (".xml", ".ws"))
    passed = failed = 0
    for capture in captures:
        try:
            note = check(program, capture)
        except (AssertionError, json.JSONDecodeError, KeyError) as error:
            failed += 1
            print(f"not ok - {capture.name}: {error}", flush=True)
        else:
            passed += 1
            print(f"ok - {capture.name}: {note}", flush=True)
    if not captures:
        failed += 1
        print(f"not ok - no captures in {options.captures}")
    print(f"captures: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
