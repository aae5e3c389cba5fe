"""A minimal asyncio client loop: opens a stream, answers XEP-0199 pings, replies
service-unavailable to any other request, and prints messages.

    python examples/ping_client.py HOST PORT DOMAIN

(Authentication and TLS are left out: this shows the framing and the writer, not a full client.)
"""

from __future__ import annotations

import asyncio
import sys

import xmpp_wire
import xmpp_wire.aio

PING = "urn:xmpp:ping"


def answer(frame: xmpp_wire.Stanza) -> bytes | None:
    """The reply to an incoming stanza, if it needs one."""
    if frame.kind != "iq" or frame.type not in ("get", "set"):
        return None
    if frame.problem is not None:
        return xmpp_wire.iq_error(frame, "bad-request", frame.problem)
    if frame.payloads == ((PING, "ping"),):
        return xmpp_wire.iq_result(frame)
    return xmpp_wire.iq_error(frame, "service-unavailable")


async def run(host: str, port: int, domain: str) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(xmpp_wire.stream_open(to=domain))
    try:
        async for frame in xmpp_wire.aio.frames(reader):
            if isinstance(frame, xmpp_wire.Stanza):
                if frame.kind == "message":
                    print(frame.from_, frame.to_element().findtext("{jabber:client}body"))
                reply = answer(frame)
                if reply is not None:
                    writer.write(reply)
                    await writer.drain()
            elif isinstance(frame, xmpp_wire.StreamClose):
                writer.write(xmpp_wire.stream_close())
                break
    except xmpp_wire.StreamError as error:
        writer.write(xmpp_wire.stream_error(error.condition) + xmpp_wire.stream_close())
    finally:
        writer.close()
        await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
