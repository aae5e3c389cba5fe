"""asyncio helper: the frames of a stream read from an :class:`asyncio.StreamReader`.

Example::

    reader, writer = await asyncio.open_connection("localhost", 5222)
    writer.write(xmpp_wire.stream_open(to="localhost"))
    async for frame in xmpp_wire.aio.frames(reader):
        ...
"""

from __future__ import annotations

import asyncio
from typing import AsyncIterator, Optional

from . import Frame, StreamParser
from .errors import StreamError

__all__ = ["frames"]

#: Bytes asked of the reader at a time: one typical TCP read and more.
READ_SIZE = 64 * 1024


async def frames(
    reader: asyncio.StreamReader,
    parser: Optional[StreamParser] = None,
    *,
    read_size: int = READ_SIZE,
) -> AsyncIterator[Frame]:
    """Yields each frame as soon as its last byte has been read.

    When the reader reaches end of file, the parser is told that the input has ended, so a
    stream cut off inside an element raises; one that ends between elements (with or without
    ``</stream:stream>``) just ends the iteration.

    Arguments:
        reader: where the stream's bytes come from.
        parser: the parser to feed (keep it to ``reset()`` it after STARTTLS or SASL); a new
            ``StreamParser()`` when omitted.
        read_size: most bytes to ask of the reader at a time.

    Raises:
        StreamError: after the frames that came before the error have been yielded.
    """
    if parser is None:
        parser = StreamParser()
    while True:
        chunk = await reader.read(read_size)
        if not chunk:
            parser.finish()
            return
        try:
            got = parser.feed(chunk)
        except StreamError as error:
            for frame in error.frames:
                yield frame
            error.frames = []
            raise
        for frame in got:
            yield frame
