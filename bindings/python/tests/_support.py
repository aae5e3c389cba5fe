"""Helpers shared by the tests: where the shared vectors are, and rendering a run as JSONL."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, List, Tuple

import xmpp_wire
from xmpp_wire.__main__ import error_json, frame_json

#: The repository root (bindings/python/tests/ is three levels down).
ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"

#: A client stream header, as most tests start with.
HEADER = (
    b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
    b" to='example.com' version='1.0'>"
)


def vector_names() -> List[str]:
    """Every vector NAME of tests/vectors/NAME.xml, sorted."""
    return sorted(path.stem for path in VECTORS.glob("*.xml"))


def vector(name: str) -> Tuple[bytes, str, str]:
    """The input bytes, the mode (``ws-*`` vectors are WebSocket) and the expected JSONL."""
    data = (VECTORS / f"{name}.xml").read_bytes()
    expected = (VECTORS / f"{name}.jsonl").read_bytes().decode("utf-8")
    mode = "websocket" if name.startswith("ws-") else "tcp"
    return data, mode, expected


def render(pieces: Iterable[bytes], mode: str = "tcp") -> str:
    """Feeds ``pieces`` to a new parser and renders every frame, then the error, as JSONL v1."""
    parser = xmpp_wire.StreamParser(mode="websocket" if mode == "websocket" else "tcp")
    out: List[str] = []
    try:
        for piece in pieces:
            out.extend(frame_json(frame) + "\n" for frame in parser.feed(piece))
    except xmpp_wire.StreamError as error:
        out.extend(frame_json(frame) + "\n" for frame in error.frames)
        out.append(error_json(error) + "\n")
    return "".join(out)


def lines_of(data: bytes) -> List[bytes]:
    """``data`` cut after every LF: one WebSocket message per line (tests/README.md)."""
    return data.splitlines(keepends=True) if b"\n" in data else [data]


def split_at(data: bytes, cuts: Iterable[int]) -> List[bytes]:
    """``data`` cut at the sorted offsets ``cuts``."""
    pieces: List[bytes] = []
    start = 0
    for cut in sorted(set(cuts)):
        if 0 < cut < len(data):
            pieces.append(data[start:cut])
            start = cut
    pieces.append(data[start:])
    return pieces


def parse(data: bytes, mode: str = "tcp") -> List[xmpp_wire.Frame]:
    """Every frame of ``data`` fed whole."""
    return xmpp_wire.StreamParser(mode="websocket" if mode == "websocket" else "tcp").feed(data)
