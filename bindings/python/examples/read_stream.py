"""Reads a stream from a file in 4 KiB pieces and prints one line per frame.

    python examples/read_stream.py tests/vectors/rfc6120-9.1-c.xml
"""

from __future__ import annotations

import sys
from typing import Iterator

import xmpp_wire


def chunks(path: str, size: int = 4096) -> Iterator[bytes]:
    with open(path, "rb") as file:
        while chunk := file.read(size):
            yield chunk


def main(path: str) -> int:
    try:
        for frame in xmpp_wire.frames(chunks(path)):
            if isinstance(frame, xmpp_wire.Stanza):
                print(f"{frame.offset:>6} {frame.kind:<8} from={frame.from_} to={frame.to} {frame.payloads}")
            elif isinstance(frame, xmpp_wire.Element):
                print(f"{frame.offset:>6} element  {{{frame.ns}}}{frame.name}")
            else:
                print(f"{frame.offset:>6} {frame.kind}")
    except xmpp_wire.StreamError as error:
        print(f"stream error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
