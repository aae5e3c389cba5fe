"""The examples run: read_stream.py over a vector; ping_client.py against a local server."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import List

import xmpp_wire
import xmpp_wire.aio
from _support import VECTORS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_read_stream_example() -> None:
    vector = sorted(VECTORS.glob("rfc6120-*.xml"))[0]
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "read_stream.py"), str(vector)], capture_output=True, check=False
    )
    assert result.returncode in (0, 1)
    assert b"stream-open" in result.stdout


def test_ping_client_example_against_a_local_server() -> None:
    sys.path.insert(0, str(EXAMPLES))
    try:
        import ping_client
    finally:
        sys.path.remove(str(EXAMPLES))
    received: List[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        ping = ET.Element("{urn:xmpp:ping}ping")
        writer.write(xmpp_wire.stream_open(from_="example.com", id="s1"))
        writer.write(xmpp_wire.iq(ping, id="p1", type="get", from_="example.com"))
        writer.write(xmpp_wire.iq(b"<query xmlns='jabber:iq:version'/>", id="v1", type="get"))
        writer.write(xmpp_wire.stream_close())
        await writer.drain()
        parser = xmpp_wire.StreamParser()
        async for frame in xmpp_wire.aio.frames(reader, parser):
            received.append(frame.xml)
        writer.close()

    async def main() -> None:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            await ping_client.run("127.0.0.1", port, "example.com")
            await asyncio.sleep(0.05)

    asyncio.run(main())
    assert received[1] == b"<iq to='example.com' id='p1' type='result'/>"
    assert b"<service-unavailable " in received[2]
    assert received[-1] == b"</stream:stream>"
