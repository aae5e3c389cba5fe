"""Exceptions raised by xmpp_wire: plain Python classes, raised from the native module."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence, Tuple

if TYPE_CHECKING:
    from . import Frame

__all__ = ["StreamError", "WriteError", "TrackError"]


class StreamError(Exception):
    """A fatal stream error (RFC 6120 §4.9): the stream cannot go on.

    ``str(error)`` reads ``condition at offset N: reason``, as the ``xmpp-wire`` command prints it.

    Attributes:
        condition: the RFC 6120 §4.9.3 condition to send in ``<stream:error/>``, e.g.
            ``"not-well-formed"`` or ``"restricted-xml"``.
        offset: byte offset in the stream of the offending character, name, reference or markup.
        reason: the specific rule that was broken, for humans.
        frames: the frames completed before the error by the call that raised it (the stream is
            delivered up to the error, then the error).
    """

    condition: str
    offset: int
    reason: str
    frames: list[Frame]

    def __init__(
        self,
        message: str,
        *,
        condition: str,
        offset: int,
        reason: str,
        frames: Sequence[Frame] = (),
    ) -> None:
        super().__init__(message)
        self.condition = condition
        self.offset = offset
        self.reason = reason
        self.frames = list(frames)

    def __reduce__(self) -> Tuple[Any, ...]:
        # Keyword-only fields survive pickling (multiprocessing, logging handlers).
        return (_rebuild_stream_error, (str(self), self.condition, self.offset, self.reason))


def _rebuild_stream_error(message: str, condition: str, offset: int, reason: str) -> StreamError:
    return StreamError(message, condition=condition, offset=offset, reason=reason)


class WriteError(ValueError):
    """The writer refused a value: a character XML cannot carry, a name that is not an XML name,
    or calls that do not form balanced XML.

    Attributes:
        index: for a character XML cannot carry, its byte index (UTF-8) in the value passed in;
            otherwise ``None``.
    """

    index: Optional[int]

    def __init__(self, message: str, *, index: Optional[int] = None) -> None:
        super().__init__(message)
        self.index = index

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_rebuild_write_error, (str(self), self.index))


def _rebuild_write_error(message: str, index: Optional[int]) -> WriteError:
    return WriteError(message, index=index)


class TrackError(Exception):
    """The IQ tracker refused a request or a JID: full, a duplicate id, too long, or invalid."""
