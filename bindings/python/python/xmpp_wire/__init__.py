"""xmpp_wire: an incremental XMPP (RFC 6120, RFC 7395) stream framer and writer.

Feed bytes as they arrive, get complete top-level elements back as frames::

    parser = xmpp_wire.StreamParser()
    for frame in parser.feed(data):
        if isinstance(frame, xmpp_wire.Stanza) and frame.kind == "message":
            print(frame.from_, frame.to_element().findtext("{jabber:client}body"))

The work is done by the Rust core (crate ``xmpp-wire``); this package converts its types.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Union

from ._native import (
    Element,
    IqTracker,
    Stanza,
    StreamClose,
    StreamOpen,
    StreamParser,
    __version__,
    iq,
    iq_error,
    iq_result,
    message,
    presence,
    stream_close,
    stream_error,
    stream_open,
)
from .errors import StreamError, TrackError, WriteError

#: Any frame :meth:`StreamParser.feed` returns.
Frame = Union[StreamOpen, Stanza, Element, StreamClose]

__all__ = [
    "Element",
    "Frame",
    "IqTracker",
    "Stanza",
    "StreamClose",
    "StreamError",
    "StreamOpen",
    "StreamParser",
    "TrackError",
    "WriteError",
    "__version__",
    "frames",
    "iq",
    "iq_error",
    "iq_result",
    "message",
    "presence",
    "stream_close",
    "stream_error",
    "stream_open",
]


def frames(chunks: Iterable[bytes], parser: StreamParser | None = None) -> Iterator[Frame]:
    """Iterates over the frames of a stream given as chunks of bytes, in any split.

    Arguments:
        chunks: the stream's bytes, e.g. socket reads or a file read in blocks.
        parser: the parser to feed; a new ``StreamParser()`` (TCP, default limits) when omitted.

    Raises:
        StreamError: after the frames that came before the error have been yielded.
    """
    if parser is None:
        parser = StreamParser()
    for chunk in chunks:
        try:
            got = parser.feed(chunk)
        except StreamError as error:
            yield from error.frames
            error.frames = []
            raise
        yield from got
