"""Typed stubs of the native module ``xmpp_wire._native``; import everything from ``xmpp_wire``."""

from typing import Iterable, Literal, Optional, Union, final
from xml.etree.ElementTree import Element as _ETElement

__version__: str

_Frame = Union["StreamOpen", "Stanza", "Element", "StreamClose"]
_Payload = Union[_ETElement, bytes, str]
_Payloads = Union[_Payload, Iterable[_Payload], None]
_Mode = Literal["tcp", "websocket"]

@final
class StreamParser:
    """An incremental parser for one XMPP stream (RFC 6120 over TCP, RFC 7395 over WebSocket).

    Feed it bytes as they arrive, in any split; it returns each top-level element once its last
    byte is in. Any split of the input gives the same frames, and the same error at the same
    offset.

    Arguments (keyword-only; the defaults are the core's):
        max_stanza_size: largest top-level element (and stream header) in bytes, from its ``<``
            through its last ``>``; a larger one is a ``policy-violation`` error. 256 KiB.
        mode: ``"tcp"`` (a ``<stream:stream>`` document) or ``"websocket"`` (standalone
            elements, the first ``<open/>``).
        max_depth: deepest nesting (the stream element counts in TCP mode). 32.
        max_attributes: most attributes on one element. 32.
        max_namespaces: most namespace declarations in scope within a top-level element. 32.

    Raises:
        ValueError: an unknown mode.
    """

    def __init__(
        self,
        *,
        max_stanza_size: int = 262144,
        mode: _Mode = "tcp",
        max_depth: int = 32,
        max_attributes: int = 32,
        max_namespaces: int = 32,
    ) -> None: ...
    def feed(self, data: Union[bytes, bytearray, memoryview]) -> list[_Frame]:
        """Parses ``data`` and returns the frames it completed, in stream order.

        Bytes of an element still incomplete are kept for the next call. The GIL is released
        while a large input (64 KiB or more) is framed; a ``bytes`` input is read in place (it is
        immutable), any other buffer is copied first.

        Returns:
            The completed frames; an empty list when more bytes are needed.

        Raises:
            StreamError: the stream broke a rule. ``error.frames`` holds the frames this call
                completed before it. Errors are final: every later call raises the same error,
                until ``reset()``.
            TypeError: ``data`` is not bytes-like.
        """
    def finish(self) -> None:
        """Says the input has ended (the connection closed).

        Raises:
            StreamError: ``not-well-formed`` when the input stopped inside an element. A TCP
                stream may end without ``</stream:stream>``: that is a closed connection, not
                bad XML.
        """
    def reset(self) -> None:
        """Starts a new stream, after STARTTLS or SASL success (RFC 6120 §4.3.3): drops what is
        buffered, clears a stream error, and counts offsets from 0 again."""
    @property
    def mode(self) -> str:
        """``"tcp"`` or ``"websocket"``."""
    @property
    def max_stanza_size(self) -> int:
        """The largest top-level element in force (the limit clamped to the buffer)."""
    @property
    def stream_len(self) -> int:
        """Bytes fed since the start of the stream."""

@final
class StreamOpen:
    """A stream header ``<stream:stream …>`` (RFC 6120 §4.7), also after a restart.

    Strings are built from the frame's bytes when first read.
    """

    @property
    def kind(self) -> Literal["stream-open"]: ...
    @property
    def offset(self) -> int:
        """Byte offset of the start tag's ``<`` (not of an XML declaration before it)."""
    @property
    def ns(self) -> str:
        """The content namespace declared as default (``jabber:client``, ``jabber:server``, …);
        ``""`` when none."""
    @property
    def stream_prefix(self) -> Optional[str]:
        """The prefix bound to ``http://etherx.jabber.org/streams``, usually ``"stream"``."""
    @property
    def attrs(self) -> dict[str, str]:
        """The attributes by qualified name as written, in document order, values decoded;
        namespace declarations left out. A new dict each time."""
    @property
    def to(self) -> Optional[str]: ...
    @property
    def from_(self) -> Optional[str]: ...
    @property
    def id(self) -> Optional[str]: ...
    @property
    def version(self) -> Optional[str]:
        """Absent for pre-1.0 streams (RFC 6120 §4.7.5)."""
    @property
    def lang(self) -> Optional[str]:
        """``xml:lang``."""
    @property
    def xml(self) -> bytes:
        """The start tag's bytes exactly as received."""

@final
class Stanza:
    """A ``message``, ``presence`` or ``iq`` in ``jabber:client``, ``jabber:server`` or
    ``jabber:component:accept`` (RFC 6120 §8).

    Strings are built from the frame's bytes when first read.
    """

    @property
    def kind(self) -> Literal["message", "presence", "iq"]: ...
    @property
    def name(self) -> Literal["message", "presence", "iq"]:
        """The element's local name: the same as ``kind``."""
    @property
    def offset(self) -> int:
        """Byte offset of the stanza's ``<`` in the stream."""
    @property
    def len(self) -> int:
        """Length of ``xml`` in bytes."""
    @property
    def ns(self) -> str:
        """The stanza's namespace, e.g. ``jabber:client``."""
    @property
    def attrs(self) -> dict[str, str]:
        """The attributes by qualified name as written (``xml:lang``), in document order,
        values decoded (XML 1.0 §3.3.3); namespace declarations left out. A new dict each time."""
    @property
    def payloads(self) -> tuple[tuple[str, str], ...]:
        """The direct children in order, as ``(namespace, local name)``; ``""`` for no namespace."""
    @property
    def to(self) -> Optional[str]: ...
    @property
    def from_(self) -> Optional[str]: ...
    @property
    def id(self) -> Optional[str]: ...
    @property
    def type(self) -> Optional[str]: ...
    @property
    def lang(self) -> Optional[str]:
        """``xml:lang``."""
    @property
    def problem(self) -> Optional[str]:
        """A breach of the IQ rules of RFC 6120 §8.2.3 (no id, no type, wrong payload count), as
        a sentence; not a stream error: answer it with ``iq_error(frame, "bad-request")``."""
    @property
    def xml(self) -> bytes:
        """The stanza's bytes exactly as received, e.g. to forward it untouched."""
    def to_element(self) -> _ETElement:
        """The stanza as a new ElementTree element, names in Clark notation (``{ns}local``),
        e.g. ``{jabber:client}message``; attributes likewise (``{http://www.w3.org/XML/1998/namespace}lang``)."""

@final
class Element:
    """Any other top-level element: stream features, SASL, STARTTLS, stream management,
    ``stream:error``, WebSocket ``open``/``close``.

    Strings are built from the frame's bytes when first read.
    """

    @property
    def kind(self) -> Literal["element"]: ...
    @property
    def name(self) -> str:
        """The local name, e.g. ``features``."""
    @property
    def offset(self) -> int: ...
    @property
    def len(self) -> int: ...
    @property
    def ns(self) -> str:
        """The element's namespace; ``""`` for none."""
    @property
    def attrs(self) -> dict[str, str]: ...
    @property
    def payloads(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def xml(self) -> bytes: ...
    def to_element(self) -> _ETElement:
        """The element as a new ElementTree element, names in Clark notation."""

@final
class StreamClose:
    """The stream's closing tag ``</stream:stream>`` (RFC 6120 §4.4)."""

    @property
    def kind(self) -> Literal["stream-close"]: ...
    @property
    def offset(self) -> int: ...
    @property
    def xml(self) -> bytes: ...

@final
class IqTracker:
    """The IQ requests an account has sent and not yet seen answered (RFC 6120 §8.2.3).

    Replies are matched by ``id`` and their ``from`` is checked against the entity the request
    went to, so a contact who guesses an id cannot answer in the server's name. The clock is
    yours: any monotonic integer (e.g. ``time.monotonic_ns() // 1_000_000``), passed as ``now``.

    Arguments:
        account: the account's JID, bare before resource binding, full after it.

    Raises:
        TrackError: a JID too long or invalid.
    """

    CAPACITY: int
    """Most requests pending at once."""

    def __init__(self, account: str) -> None: ...
    @property
    def account(self) -> str: ...
    def set_account(self, account: str) -> None:
        """Replaces the account's JID (with the full JID bound, RFC 6120 §7.6.1)."""
    def track(self, id: str, to: Optional[str] = None, *, now: int, timeout: int) -> None:
        """Records a ``get`` or ``set`` sent with ``id`` to ``to`` (``None``: the account's own
        server), timing out at ``now + timeout``.

        Raises:
            TrackError: full, a duplicate id, or an id or JID too long or invalid.
        """
    def on_stanza(self, frame: _Frame) -> Literal["matched", "spoofed", "unsolicited", "not-a-reply"]:
        """Classifies an incoming frame; a matched reply removes its request.

        Returns:
            ``"matched"``: the reply to a pending request from the right sender; ``"spoofed"``:
            the id matches but the sender is wrong (drop it; the request stays pending);
            ``"unsolicited"``: a result or error answering nothing pending (drop it);
            ``"not-a-reply"``: anything else.
        """
    def is_trusted_push(self, frame: _Frame) -> bool:
        """Whether ``frame`` is a roster push the client may apply (RFC 6121 §2.1.6)."""
    def expire(self, now: int) -> list[tuple[str, Optional[str]]]:
        """Removes the requests whose deadline is at or before ``now``; returns their
        ``(id, to)``."""
    def next_deadline(self) -> Optional[int]:
        """The earliest deadline pending, for your timer."""
    def cancel(self, id: str) -> bool:
        """Forgets request ``id``; returns whether it was pending."""
    def clear(self) -> None:
        """Forgets every pending request (the stream ended)."""
    def __len__(self) -> int: ...

def stream_open(
    *,
    to: Optional[str] = None,
    from_: Optional[str] = None,
    id: Optional[str] = None,
    version: Optional[str] = "1.0",
    lang: Optional[str] = None,
    ns: str = "jabber:client",
    mode: _Mode = "tcp",
) -> bytes:
    """A stream header: ``<?xml version='1.0'?><stream:stream …>`` (RFC 6120 §4.7), or in
    WebSocket mode ``<open …/>`` (RFC 7395 §3.4).

    Raises:
        WriteError: a value holds a character XML cannot carry.
    """

def message(
    payloads: _Payloads = None,
    *,
    to: Optional[str] = None,
    from_: Optional[str] = None,
    id: Optional[str] = None,
    type: Optional[str] = None,
    lang: Optional[str] = None,
    mode: _Mode = "tcp",
) -> bytes:
    """A ``<message>`` with its routing attributes and payloads.

    Arguments:
        payloads: one payload or an iterable of them. An ElementTree element (Clark names; the
            stanza's children are in ``jabber:client``, so ``{jabber:client}body`` is written
            ``<body>``), or raw XML as ``bytes`` or ``str`` (inserted as written, so
            ``b"<body>Hi</body>"`` is in the stanza's namespace), which is checked first.

    Raises:
        WriteError: a name or value the writer refuses.
        StreamError: raw XML that is not one well-formed element, or is restricted XML.
        TypeError: a payload of another type.
    """

def presence(
    payloads: _Payloads = None,
    *,
    to: Optional[str] = None,
    from_: Optional[str] = None,
    id: Optional[str] = None,
    type: Optional[str] = None,
    lang: Optional[str] = None,
    mode: _Mode = "tcp",
) -> bytes:
    """A ``<presence>``; arguments as for :func:`message`."""

def iq(
    payloads: _Payloads = None,
    *,
    to: Optional[str] = None,
    from_: Optional[str] = None,
    id: Optional[str] = None,
    type: Optional[str] = None,
    lang: Optional[str] = None,
    mode: _Mode = "tcp",
) -> bytes:
    """An ``<iq>``; arguments as for :func:`message` (a request has one payload, RFC 6120 §8.2.3)."""

def iq_result(frame: _Frame, payload: _Payloads = None, *, mode: _Mode = "tcp") -> bytes:
    """``<iq type='result'>`` answering ``frame``: its ``id``, ``to`` and ``from`` swapped
    (RFC 6120 §8.2.3), with ``payload`` if given.

    Raises:
        TypeError: ``frame`` is not a Stanza.
    """

def iq_error(
    frame: _Frame,
    condition: str,
    text: Optional[str] = None,
    *,
    type: Optional[str] = None,
    mode: _Mode = "tcp",
) -> bytes:
    """``<iq type='error'>`` answering ``frame`` with a stanza error (RFC 6120 §8.3).

    Arguments:
        condition: an RFC 6120 §8.3.3 condition, e.g. ``"service-unavailable"``.
        text: an optional ``<text/>`` for humans.
        type: ``"auth"``, ``"cancel"``, ``"continue"``, ``"modify"`` or ``"wait"``; by default
            the type RFC 6120 §8.3.3 gives the condition.

    Raises:
        ValueError: an unknown condition or type.
        TypeError: ``frame`` is not a Stanza.
    """

def stream_error(condition: str, text: Optional[str] = None, *, mode: _Mode = "tcp") -> bytes:
    """``<stream:error>`` with an RFC 6120 §4.9.3 condition (e.g. ``StreamError.condition``);
    send :func:`stream_close` after it.

    Raises:
        ValueError: an unknown condition.
    """

def stream_close(*, mode: _Mode = "tcp") -> bytes:
    """``</stream:stream>``, or ``<close/>`` in WebSocket mode (RFC 7395 §3.6)."""
