"""``python -m xmpp_wire frames FILE``: the stream's frames as frames JSONL v1.

The output is the same, byte for byte, as the ``xmpp-wire frames`` command's (DESIGN.md,
"Frames JSONL v1"); each line is rendered here from the Python frame objects, so running the
shared test vectors through this command tests the binding's surface.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, BinaryIO, Dict, Iterator, List, Literal, Optional, Sequence

from . import Element, Frame, Stanza, StreamClose, StreamOpen, StreamParser
from .errors import StreamError

__all__ = ["frame_json", "error_json", "main"]

#: Default piece size, as the ``xmpp-wire`` command: a typical socket read.
DEFAULT_CHUNK = 4096


def _dumps(obj: Dict[str, Any]) -> str:
    # Compact separators, non-ASCII as UTF-8: the bytes the Rust renderer writes.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def frame_json(frame: Frame) -> str:
    """One frames JSONL v1 line for ``frame``, without the newline; keys in DESIGN.md order."""
    obj: Dict[str, Any]
    if isinstance(frame, StreamOpen):
        obj = {"kind": frame.kind, "offset": frame.offset, "ns": frame.ns, "attrs": frame.attrs}
    elif isinstance(frame, Stanza):
        obj = {
            "kind": frame.kind,
            "offset": frame.offset,
            "len": frame.len,
            "ns": frame.ns,
            "attrs": frame.attrs,
            "payloads": [{"ns": ns, "name": name} for ns, name in frame.payloads],
        }
    elif isinstance(frame, Element):
        obj = {
            "kind": frame.kind,
            "name": frame.name,
            "ns": frame.ns,
            "offset": frame.offset,
            "len": frame.len,
            "attrs": frame.attrs,
            "payloads": [{"ns": ns, "name": name} for ns, name in frame.payloads],
        }
    else:
        obj = {"kind": frame.kind, "offset": frame.offset}
    return _dumps(obj)


def error_json(error: StreamError) -> str:
    """The frames JSONL v1 ``error`` line for ``error``, without the newline."""
    return _dumps({"kind": "error", "condition": error.condition, "offset": error.offset})


def pieces(data: bytes, chunk: int, split_lines: bool) -> Iterator[bytes]:
    """``data`` in ``chunk``-byte pieces; with ``split_lines``, also cut after every LF, since in
    the WebSocket mode each line of the file is one message and a reader never gets two at once."""
    at = 0
    while at < len(data):
        end = min(at + chunk, len(data))
        if split_lines:
            newline = data.find(b"\n", at, end)
            if newline >= 0:
                end = newline + 1
        yield data[at:end]
        at = end


def jsonl_lines(data: bytes, *, mode: Literal["tcp", "websocket"] = "tcp", chunk: int = DEFAULT_CHUNK, max_stanza_size: Optional[int] = None) -> List[str]:
    """Every frames JSONL v1 line of the stream ``data`` (each ending in a newline), the
    ``error`` line last if there is a stream error."""
    if max_stanza_size is None:
        parser = StreamParser(mode=mode)
    else:
        parser = StreamParser(mode=mode, max_stanza_size=max_stanza_size)
    lines: List[str] = []
    try:
        for piece in pieces(data, chunk, mode == "websocket"):
            lines.extend(frame_json(frame) + "\n" for frame in parser.feed(piece))
    except StreamError as error:
        lines.extend(frame_json(frame) + "\n" for frame in error.frames)
        lines.append(error_json(error) + "\n")
    return lines


def _read(path: str) -> bytes:
    if path == "-":
        stdin: BinaryIO = sys.stdin.buffer
        return stdin.read()
    with open(path, "rb") as file:
        return file.read()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line; returns the exit status (0, 1 after a stream error, 2 on bad use)."""
    parser = argparse.ArgumentParser(prog="python -m xmpp_wire", description="Frame XMPP streams.")
    commands = parser.add_subparsers(dest="command", required=True)
    frames = commands.add_parser("frames", help="print every frame of the stream as frames JSONL v1")
    frames.add_argument("file", nargs="?", default="-", help="the stream's bytes; '-' or none: standard input")
    frames.add_argument("--mode", choices=["tcp", "websocket"], default="tcp")
    frames.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="feed the input in pieces of N bytes")
    frames.add_argument("--max-stanza", type=int, default=None, help="largest top-level element in bytes")
    args = parser.parse_args(argv)
    if args.chunk < 1:
        parser.error("--chunk must be at least 1")
    try:
        data = _read(args.file)
    except OSError as error:
        print(f"cannot read input: {error}", file=sys.stderr)
        return 2
    lines = jsonl_lines(data, mode=args.mode, chunk=args.chunk, max_stanza_size=args.max_stanza)
    out = sys.stdout.buffer
    out.write("".join(lines).encode("utf-8"))
    out.flush()
    return 1 if lines and lines[-1].startswith('{"kind":"error"') else 0


if __name__ == "__main__":
    sys.exit(main())
