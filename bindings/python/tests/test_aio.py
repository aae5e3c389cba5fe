"""xmpp_wire.aio over a real local socket pair."""

from __future__ import annotations

import asyncio
import socket
from typing import List

import pytest

import xmpp_wire
import xmpp_wire.aio
from _support import HEADER


async def collect(reader: asyncio.StreamReader, parser: xmpp_wire.StreamParser) -> List[str]:
    return [frame.kind async for frame in xmpp_wire.aio.frames(reader, parser, read_size=7)]


async def exchange(data: bytes) -> List[str]:
    ours, theirs = socket.socketpair()
    # Keep both ends' writers referenced: a collected writer closes its transport.
    reader, our_writer = await asyncio.open_connection(sock=ours)
    their_reader, writer = await asyncio.open_connection(sock=theirs)
    parser = xmpp_wire.StreamParser()

    async def send() -> None:
        for at in range(0, len(data), 13):
            writer.write(data[at : at + 13])
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    sender = asyncio.ensure_future(send())
    try:
        return await collect(reader, parser)
    finally:
        # The reader may stop at an error before everything was sent: then closing our end
        # ends the sender's writes.
        our_writer.close()
        await asyncio.gather(sender, return_exceptions=True)
        del their_reader


def test_frames_over_a_socket_pair() -> None:
    data = HEADER + b"<message to='a@b'><body>hi</body></message>" * 3 + xmpp_wire.stream_close()
    kinds = asyncio.run(exchange(data))
    assert kinds == ["stream-open", "message", "message", "message", "stream-close"]


def test_errors_and_truncation_raise() -> None:
    with pytest.raises(xmpp_wire.StreamError) as caught:
        asyncio.run(exchange(HEADER + b"<message/><?pi?>"))
    assert caught.value.condition == "restricted-xml"
    with pytest.raises(xmpp_wire.StreamError) as cut:
        asyncio.run(exchange(HEADER + b"<message><body>hi"))
    assert cut.value.condition == "not-well-formed"


def test_frames_before_an_error_are_yielded_first() -> None:
    async def run() -> List[str]:
        ours, theirs = socket.socketpair()
        theirs.sendall(HEADER + b"<message/><!-- x -->")
        theirs.close()
        reader, writer = await asyncio.open_connection(sock=ours)
        kinds: List[str] = []
        with pytest.raises(xmpp_wire.StreamError):
            async for frame in xmpp_wire.aio.frames(reader):
                kinds.append(frame.kind)
        writer.close()
        return kinds

    assert asyncio.run(run()) == ["stream-open", "message"]


def test_sync_frames_helper() -> None:
    data = HEADER + b"<presence/><!-- -->"
    kinds: List[str] = []
    with pytest.raises(xmpp_wire.StreamError):
        for frame in xmpp_wire.frames(data[i : i + 5] for i in range(0, len(data), 5)):
            kinds.append(frame.kind)
    assert kinds == ["stream-open", "presence"]
