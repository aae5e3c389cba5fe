#!/usr/bin/env python3
"""The Python binding against a real Prosody: an asyncio XMPP client that frames and writes
with ``xmpp_wire`` only (no XMPP library), over plain TCP on loopback.

Steps, each printed as ``ok - …`` or ``not ok - …``, then ``python: N passed, M failed``:
login (stream header, features, SASL PLAIN, restart, bind) for two accounts; roster get and
add; subscription and presence; chat messages with Chinese text and emoji both ways; private
XML storage (XEP-0049); vCard (XEP-0054); server time (XEP-0202), version (XEP-0092), ping
(XEP-0199), disco (XEP-0030), carbons (XEP-0280); in-band registration (XEP-0077) on a fresh
connection, then a login with the new account; a MUC room (XEP-0045) with a groupchat message;
MAM queries (XEP-0313) of the account and the room; a clean close of every stream.

Every IQ is matched to its reply by ``id`` with ``xmpp_wire.IqTracker`` (which also checks the
reply's sender). Every byte received from Prosody goes to ``CAPTURES/python-LABEL.xml`` (the
sizes of the socket reads to ``.reads``, the frames this binding saw to ``.frames``), and every
byte sent to ``python-LABEL.sent.xml``; ``run.sh`` runs all of them through ``xmpp-wire frames``.

Configuration comes from the environment ``prosody.sh`` writes (``XMPP_C2S_PORT``,
``XMPP_DOMAIN``, ``XMPP_MUC``, ``XMPP_PASSWORD_alice`` …) and ``INTEROP_CAPTURES``.
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import os
import random
import sys
import time
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Awaitable, Callable, Iterable, Optional, TypeVar, Union

import xmpp_wire
from xmpp_wire import Element, Stanza, StreamClose, StreamOpen

Frame = Union[StreamOpen, Stanza, Element, StreamClose]
T = TypeVar("T")

# Namespaces, as Clark-notation prefixes for ElementTree.
STREAMS = "http://etherx.jabber.org/streams"  # RFC 6120 §4.8.1
SASL = "urn:ietf:params:xml:ns:xmpp-sasl"  # RFC 6120 §6
BIND = "urn:ietf:params:xml:ns:xmpp-bind"  # RFC 6120 §7
CLIENT = "jabber:client"
ROSTER = "jabber:iq:roster"  # RFC 6121 §2
PRIVATE = "jabber:iq:private"  # XEP-0049
VCARD = "vcard-temp"  # XEP-0054
TIME = "urn:xmpp:time"  # XEP-0202
VERSION = "jabber:iq:version"  # XEP-0092
PING = "urn:xmpp:ping"  # XEP-0199
DISCO_INFO = "http://jabber.org/protocol/disco#info"  # XEP-0030
CARBONS = "urn:xmpp:carbons:2"  # XEP-0280
REGISTER = "jabber:iq:register"  # XEP-0077
REGISTER_FEATURE = "http://jabber.org/features/iq-register"
MUC = "http://jabber.org/protocol/muc"  # XEP-0045
MUC_USER = MUC + "#user"
MUC_OWNER = MUC + "#owner"
DATA = "jabber:x:data"  # XEP-0004
MAM = "urn:xmpp:mam:2"  # XEP-0313
FORWARD = "urn:xmpp:forward:0"  # XEP-0297

TIMEOUT_MS = 10_000
READ_SIZE = 64 * 1024

# Text that must survive the round trip byte for byte: CJK, emoji (4-byte UTF-8), and the
# characters the writer has to escape.
TEXT_TO_BOB = "你好，鲍勃！🌹 这是 xmpp-wire 的互通测试 ✓ <&> \"'"
TEXT_TO_ALICE = "收到了，爱丽丝 🐇🎉 一切正常 — 谢谢"
TEXT_ROOM = "大家好 👋 groupchat from xmpp-wire 🚀"


class ScenarioError(Exception):
    """A step's expectation failed."""


def now_ms() -> int:
    return time.monotonic_ns() // 1_000_000


def q(ns: str, name: str) -> str:
    """Clark notation ``{ns}name``."""
    return "{%s}%s" % (ns, name)


def el(ns: str, name: str, attrs: Optional[dict[str, str]] = None, text: Optional[str] = None,
       children: Iterable[ET.Element] = ()) -> ET.Element:
    element = ET.Element(q(ns, name), attrs or {})
    element.text = text
    element.extend(children)
    return element


def muc_codes(presence: Stanza) -> set[str]:
    """The XEP-0045 status codes on a room presence (110: this is you; 201: room created)."""
    return {s.get("code") or "" for s in presence.to_element().iter(q(MUC_USER, "status"))}


def roster_subscription(push: Stanza) -> Optional[str]:
    """The subscription state of the first item of a roster push (RFC 6121 §2.1.2.5)."""
    item = push.to_element().find(f"{q(ROSTER, 'query')}/{q(ROSTER, 'item')}")
    return None if item is None else item.get("subscription")


def describe(frame: Frame) -> str:
    xml = frame.xml if not isinstance(frame, StreamClose) else b"</stream:stream>"
    text = xml.decode("utf-8", "replace")
    return text if len(text) < 300 else text[:300] + "…"


class Connection:
    """One c2s connection: a socket, a parser, an IQ tracker, and the frames not yet consumed."""

    def __init__(self, label: str, captures: Path) -> None:
        self.label = label
        self.domain = os.environ["XMPP_DOMAIN"]
        self.port = int(os.environ["XMPP_C2S_PORT"])
        self.parser = xmpp_wire.StreamParser()
        # Before binding, the account is the server's domain (registration) or the bare JID.
        self.tracker = xmpp_wire.IqTracker(self.domain)
        self.backlog: list[Frame] = []
        self.replies: dict[str, Stanza] = {}
        self.jid = ""
        self.ids = 0
        self.eof = False
        self.failure: Optional[BaseException] = None
        self.changed = asyncio.Condition()
        self.task: Optional[asyncio.Task[None]] = None
        self.handled: list[str] = []  # requests from others that this client answered
        self.capture = open(captures / f"python-{label}.xml", "wb")
        self.reads = open(captures / f"python-{label}.reads", "w")
        self.frame_log = open(captures / f"python-{label}.frames", "w")
        self.sent = open(captures / f"python-{label}.sent.xml", "wb")
        self.reader: Optional[asyncio.StreamReader] = None
        self.writer: Optional[asyncio.StreamWriter] = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.task = asyncio.create_task(self.read_loop(), name=f"read {self.label}")

    async def shutdown(self) -> None:
        """Stops reading and closes the socket and the capture files (also after a failure)."""
        if self.task is not None and not self.task.done():
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass
        if self.writer is not None:
            self.writer.close()
        for f in (self.capture, self.reads, self.frame_log, self.sent):
            f.close()

    def next_id(self, what: str) -> str:
        self.ids += 1
        return f"{self.label}-{self.ids}-{what}"

    async def send(self, data: bytes) -> None:
        assert self.writer is not None
        self.sent.write(data)
        self.sent.flush()
        self.writer.write(data)
        await self.writer.drain()

    # -- reading: one task per connection reads all the time, so that requests from others
    # (a ping from another client, a roster push) are answered while a step waits elsewhere.

    async def read_loop(self) -> None:
        """Each socket read: captured, fed to the parser, each frame dispatched."""
        assert self.reader is not None
        try:
            while True:
                chunk = await self.reader.read(READ_SIZE)
                if not chunk:
                    # The input has ended: an error here means Prosody stopped inside an element.
                    self.parser.finish()
                    break
                self.capture.write(chunk)
                self.capture.flush()
                self.reads.write(f"{len(chunk)}\n")
                for frame in self.parser.feed(chunk):
                    self.frame_log.write(f"{frame.kind} {frame.offset}\n")
                    await self.dispatch(frame)
                async with self.changed:
                    self.changed.notify_all()
        except Exception as error:  # handed to whoever waits on this connection
            self.failure = error
        finally:
            self.eof = True
            async with self.changed:
                self.changed.notify_all()

    async def dispatch(self, frame: Frame) -> None:
        if isinstance(frame, Stanza) and frame.kind == "iq":
            verdict = self.tracker.on_stanza(frame)
            if verdict == "matched":
                assert frame.id is not None
                self.replies[frame.id] = frame
                return
            if verdict in ("spoofed", "unsolicited"):
                raise ScenarioError(f"{self.label}: {verdict} IQ reply: {describe(frame)}")
            if frame.type in ("get", "set"):
                await self.answer(frame)
                return
        self.backlog.append(frame)

    async def answer(self, request: Stanza) -> None:
        """Answers requests the way a client must (RFC 6120 §8.2.3: every get/set gets a reply)."""
        payload = request.payloads[0] if request.payloads else ("", "")
        if self.tracker.is_trusted_push(request):
            # RFC 6121 §2.1.6: acknowledge a roster push; keep it for the steps that expect it.
            await self.send(xmpp_wire.iq_result(request))
            self.backlog.append(request)
            self.handled.append("roster-push")
        elif payload == (PING, "ping"):
            await self.send(xmpp_wire.iq_result(request))
            self.handled.append("ping")
        else:
            await self.send(xmpp_wire.iq_error(request, "service-unavailable"))
            self.handled.append(f"service-unavailable {payload}")

    async def wait_for(self, ready: Callable[[], Optional[T]], what: str, timeout_ms: int = TIMEOUT_MS) -> T:
        """Waits until ``ready()`` returns something, the stream ends, or the time is up."""
        deadline = now_ms() + timeout_ms
        async with self.changed:
            while True:
                got = ready()
                if got is not None:
                    return got
                if self.failure is not None:
                    raise ScenarioError(f"{self.label}: reading failed: {self.failure!r}") from self.failure
                left = deadline - now_ms()
                if left <= 0 or self.eof:
                    seen = "\n    ".join(describe(f) for f in self.backlog[-8:]) or "(nothing)"
                    state = "end of stream" if self.eof else "timed out"
                    raise ScenarioError(f"{self.label}: {state} waiting for {what}; unconsumed:\n    {seen}")
                try:
                    await asyncio.wait_for(self.changed.wait(), left / 1000)
                except asyncio.TimeoutError:
                    pass

    async def expect(self, predicate: Callable[[Frame], bool], what: str,
                     timeout_ms: int = TIMEOUT_MS) -> Frame:
        """The first frame, old or new, that satisfies ``predicate``; removed from the backlog."""
        def take() -> Optional[Frame]:
            for i, frame in enumerate(self.backlog):
                if predicate(frame):
                    return self.backlog.pop(i)
            return None
        return await self.wait_for(take, what, timeout_ms)

    async def expect_stanza(self, kind: str, what: str,
                            test: Callable[[Stanza], bool] = lambda s: True) -> Stanza:
        frame = await self.expect(
            lambda f: isinstance(f, Stanza) and f.kind == kind and test(f), what)
        assert isinstance(frame, Stanza)
        return frame

    async def iq(self, type: str, payload: ET.Element, to: Optional[str] = None,
                 what: str = "iq") -> Stanza:
        """Sends an IQ request and returns its reply, matched by the tracker; errors raise."""
        id = self.next_id(what)
        self.tracker.track(id, to, now=now_ms(), timeout=TIMEOUT_MS)
        await self.send(xmpp_wire.iq(payload, to=to, id=id, type=type))
        try:
            reply = await self.wait_for(lambda: self.replies.pop(id, None), f"the reply to IQ {id}")
        except ScenarioError:
            # The tracker's own clock decides whether the request timed out.
            expired = self.tracker.expire(now_ms() + 1)
            if any(i == id for i, _ in expired):
                raise ScenarioError(f"{self.label}: no reply to IQ {id} ({what}) within {TIMEOUT_MS} ms")
            raise
        if reply.type != "result":
            raise ScenarioError(f"{self.label}: {what} failed: {describe(reply)}")
        return reply

    # -- stream steps

    async def open_stream(self) -> ET.Element:
        """Sends a stream header; returns the features (RFC 6120 §4.3.2)."""
        await self.send(xmpp_wire.stream_open(to=self.domain, lang="en"))
        header = await self.expect(lambda f: isinstance(f, StreamOpen), "stream header")
        assert isinstance(header, StreamOpen)
        if header.ns != CLIENT or header.version != "1.0" or header.from_ != self.domain:
            raise ScenarioError(f"{self.label}: unexpected header {describe(header)}")
        features = await self.expect(
            lambda f: isinstance(f, Element) and f.name == "features" and f.ns == STREAMS, "features")
        assert isinstance(features, Element)
        return features.to_element()

    async def login(self, user: str, password: str, resource: str) -> str:
        """SASL PLAIN (RFC 4616), restart, bind (RFC 6120 §6, §7); returns the full JID."""
        await self.connect()
        features = await self.open_stream()
        mechanisms = [m.text for m in features.iterfind(f"{q(SASL, 'mechanisms')}/{q(SASL, 'mechanism')}")]
        if "PLAIN" not in mechanisms:
            raise ScenarioError(f"{self.label}: no SASL PLAIN among {mechanisms}")
        credentials = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode())
        # The Python binding writes stanzas and stream headers only, so the one SASL element is
        # spelled out here; its only variable part is base64, which needs no escaping.
        await self.send(b"<auth xmlns='" + SASL.encode() + b"' mechanism='PLAIN'>" + credentials + b"</auth>")
        outcome = await self.expect(lambda f: isinstance(f, Element) and f.ns == SASL, "SASL outcome")
        assert isinstance(outcome, Element)
        if outcome.name != "success":
            raise ScenarioError(f"{self.label}: SASL {outcome.name}: {describe(outcome)}")
        # RFC 6120 §6.4.6: a new stream on the same connection, no reset of the parser needed —
        # the restart header directly after <success/> is a new stream-open frame.
        features = await self.open_stream()
        if features.find(q(BIND, "bind")) is None:
            raise ScenarioError(f"{self.label}: no bind feature after SASL")
        self.tracker.set_account(f"{user}@{self.domain}")
        reply = await self.iq("set", el(BIND, "bind", children=[el(BIND, "resource", text=resource)]), what="bind")
        jid = reply.to_element().findtext(f"{q(BIND, 'bind')}/{q(BIND, 'jid')}")
        if not jid or not jid.startswith(f"{user}@{self.domain}/"):
            raise ScenarioError(f"{self.label}: bound JID {jid!r}")
        self.tracker.set_account(jid)
        self.jid = jid
        return jid

    async def close(self) -> None:
        """Closes the stream and waits for Prosody's close and the end of the connection
        (RFC 6120 §4.4)."""
        await self.send(xmpp_wire.stream_close())
        await self.expect(lambda f: isinstance(f, StreamClose), "</stream:stream> from the server")
        await self.wait_for(lambda: True if self.eof else None, "the end of the connection")
        if self.failure is not None:
            raise ScenarioError(f"{self.label}: {self.failure!r}")
        if len(self.tracker):
            raise ScenarioError(f"{self.label}: {len(self.tracker)} IQ requests never answered")


# -- the scenario


class Scenario:
    def __init__(self, captures: Path) -> None:
        self.captures = captures
        self.domain = os.environ["XMPP_DOMAIN"]
        self.muc = os.environ["XMPP_MUC"]
        self.passed = 0
        self.failed = 0
        self.connections: list[Connection] = []
        self.alice = self.connection("alice")
        self.bob = self.connection("bob")
        self.server_version = ""

    def connection(self, label: str) -> Connection:
        conn = Connection(label, self.captures)
        self.connections.append(conn)
        return conn

    def password(self, user: str) -> str:
        return os.environ[f"XMPP_PASSWORD_{user}"]

    async def step(self, name: str, body: Callable[[], Awaitable[Optional[str]]]) -> None:
        try:
            note = await body()
        except Exception as error:  # every failure is reported, then the scenario stops
            self.failed += 1
            print(f"not ok - {name}: {error}", flush=True)
            if not isinstance(error, ScenarioError):
                traceback.print_exc()
            raise
        self.passed += 1
        print(f"ok - {name}" + (f": {note}" if note else ""), flush=True)

    async def run(self) -> None:
        steps: list[tuple[str, Callable[[], Awaitable[Optional[str]]]]] = [
            ("login alice (SASL PLAIN, restart, bind)", self.login_alice),
            ("login bob", self.login_bob),
            ("roster get", self.roster_get),
            ("roster add (set, then the push)", self.roster_add),
            ("presence: subscription and availability", self.presence),
            ("chat messages with Chinese text and emoji, both ways", self.messages),
            ("private XML storage (jabber:iq:private) set and get", self.private_storage),
            ("vCard (vcard-temp) set and get", self.vcard),
            ("server time (urn:xmpp:time)", self.server_time),
            ("server version (jabber:iq:version)", self.server_version_step),
            ("ping (urn:xmpp:ping)", self.ping),
            ("disco#info of the server", self.disco),
            ("carbons enable (urn:xmpp:carbons:2)", self.carbons),
            ("in-band registration (jabber:iq:register) before auth", self.register),
            ("MUC: create, join, groupchat message", self.muc_room),
            ("MAM (urn:xmpp:mam:2): account archive", self.mam_account),
            ("MAM: room archive", self.mam_room),
            ("close every stream cleanly", self.close_all),
        ]
        try:
            for name, body in steps:
                await self.step(name, body)
        except Exception:
            pass  # step() printed it; later steps depend on earlier ones, so stop here
        finally:
            for conn in self.connections:
                await conn.shutdown()
        print(f"python: {self.passed} passed, {self.failed} failed", flush=True)

    # -- steps

    async def login_alice(self) -> str:
        return await self.alice.login("alice", self.password("alice"), "laptop")

    async def login_bob(self) -> str:
        return await self.bob.login("bob", self.password("bob"), "phone")

    async def roster_get(self) -> str:
        reply = await self.alice.iq("get", el(ROSTER, "query"), what="roster")
        query = reply.to_element().find(q(ROSTER, "query"))
        if query is None:
            raise ScenarioError("no roster query in the result")
        return f"{len(query)} items"

    async def roster_add(self) -> str:
        bob = f"bob@{self.domain}"
        item = el(ROSTER, "item", {"jid": bob, "name": "Bob 鲍勃"}, children=[el(ROSTER, "group", text="互通 🧪")])
        await self.alice.iq("set", el(ROSTER, "query", children=[item]), what="roster-add")
        push = await self.alice.expect_stanza("iq", "roster push", lambda s: self.alice.tracker.is_trusted_push(s))
        pushed = push.to_element().find(f"{q(ROSTER, 'query')}/{q(ROSTER, 'item')}")
        if pushed is None or pushed.get("jid") != bob or pushed.get("name") != "Bob 鲍勃":
            raise ScenarioError(f"roster push: {describe(push)}")
        if pushed.findtext(q(ROSTER, "group")) != "互通 🧪":
            raise ScenarioError(f"roster group lost: {describe(push)}")
        reply = await self.alice.iq("get", el(ROSTER, "query"), what="roster")
        jids = [i.get("jid") for i in reply.to_element().iter(q(ROSTER, "item"))]
        if bob not in jids:
            raise ScenarioError(f"bob missing from the roster: {jids}")
        return f"roster now {jids}"

    async def presence(self) -> str:
        alice, bob = self.alice, self.bob
        await alice.send(xmpp_wire.presence(
            [el(CLIENT, "show", text="chat"), el(CLIENT, "status", text="在线 ✨"), el(CLIENT, "priority", text="5")]))
        await bob.send(xmpp_wire.presence([el(CLIENT, "priority", text="1")]))
        await alice.send(xmpp_wire.presence(to=f"bob@{self.domain}", type="subscribe"))
        request = await bob.expect_stanza("presence", "subscription request", lambda s: s.type == "subscribe")
        if request.from_ != f"alice@{self.domain}":
            raise ScenarioError(f"subscribe from {request.from_}")
        await bob.send(xmpp_wire.presence(to=f"alice@{self.domain}", type="subscribed"))
        await alice.expect_stanza("presence", "subscribed", lambda s: s.type == "subscribed")
        available = await alice.expect_stanza("presence", "bob's presence", lambda s: s.type is None and s.from_ == bob.jid)
        # RFC 6121 §3.1.5: the approval also updates both rosters with pushes.
        await alice.expect_stanza("iq", "push with subscription='to'", lambda s: roster_subscription(s) == "to")
        return f"alice sees {available.from_}"

    async def messages(self) -> str:
        alice, bob = self.alice, self.bob
        body = el(CLIENT, "body", text=TEXT_TO_BOB)
        await alice.send(xmpp_wire.message([body], to=f"bob@{self.domain}", type="chat", id=alice.next_id("msg")))
        got = await bob.expect_stanza("message", "alice's message", lambda s: s.type == "chat")
        text = got.to_element().findtext(q(CLIENT, "body"))
        if got.from_ != alice.jid or text != TEXT_TO_BOB:
            raise ScenarioError(f"bob got {describe(got)}")
        reply = el(CLIENT, "body", text=TEXT_TO_ALICE)
        await bob.send(xmpp_wire.message([reply], to=got.from_, type="chat", id=bob.next_id("msg")))
        got = await alice.expect_stanza("message", "bob's reply", lambda s: s.type == "chat" and s.from_ == bob.jid)
        if got.to_element().findtext(q(CLIENT, "body")) != TEXT_TO_ALICE:
            raise ScenarioError(f"alice got {describe(got)}")
        return f"{len(TEXT_TO_BOB.encode())} + {len(TEXT_TO_ALICE.encode())} bytes of UTF-8 intact"

    async def private_storage(self) -> str:
        ns = "urn:example:xmpp-wire:interop"
        note = "备忘 📝 a < b & c > d"
        data = el(ns, "prefs", {"theme": "深色 & 'quoted'"}, children=[el(ns, "note", text=note)])
        await self.alice.iq("set", el(PRIVATE, "query", children=[data]), what="private-set")
        reply = await self.alice.iq("get", el(PRIVATE, "query", children=[el(ns, "prefs")]), what="private-get")
        prefs = reply.to_element().find(f"{q(PRIVATE, 'query')}/{q(ns, 'prefs')}")
        if prefs is None or prefs.get("theme") != "深色 & 'quoted'" or prefs.findtext(q(ns, "note")) != note:
            raise ScenarioError(f"read back {describe(reply)}")
        return "read back equal"

    async def vcard(self) -> str:
        card = el(VCARD, "vCard", children=[el(VCARD, "FN", text="Alice 爱丽丝"), el(VCARD, "NICKNAME", text="alice 🐇")])
        await self.alice.iq("set", card, what="vcard-set")
        reply = await self.alice.iq("get", el(VCARD, "vCard"), what="vcard-get")
        got = reply.to_element().find(q(VCARD, "vCard"))
        if got is None or got.findtext(q(VCARD, "FN")) != "Alice 爱丽丝" or got.findtext(q(VCARD, "NICKNAME")) != "alice 🐇":
            raise ScenarioError(f"vCard read back {describe(reply)}")
        # And as another account sees it.
        reply = await self.bob.iq("get", el(VCARD, "vCard"), to=f"alice@{self.domain}", what="vcard-of-alice")
        if reply.to_element().findtext(f"{q(VCARD, 'vCard')}/{q(VCARD, 'FN')}") != "Alice 爱丽丝":
            raise ScenarioError(f"bob read {describe(reply)}")
        return "FN and NICKNAME read back by alice and bob"

    async def server_time(self) -> str:
        reply = await self.alice.iq("get", el(TIME, "time"), to=self.domain, what="time")
        utc = reply.to_element().findtext(f"{q(TIME, 'time')}/{q(TIME, 'utc')}")
        if not utc:
            raise ScenarioError(f"no utc: {describe(reply)}")
        when = datetime.datetime.fromisoformat(utc.replace("Z", "+00:00"))
        skew = abs((when - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
        if skew > 120:
            raise ScenarioError(f"server time {utc} is {skew:.0f} s off")
        return utc

    async def server_version_step(self) -> str:
        reply = await self.alice.iq("get", el(VERSION, "query"), to=self.domain, what="version")
        query = reply.to_element().find(q(VERSION, "query"))
        name = query.findtext(q(VERSION, "name")) if query is not None else None
        version = query.findtext(q(VERSION, "version")) if query is not None else None
        if name != "Prosody" or not version:
            raise ScenarioError(f"version: {describe(reply)}")
        self.server_version = f"{name} {version}"
        return self.server_version

    async def ping(self) -> str:
        started = now_ms()
        await self.alice.iq("get", el(PING, "ping"), to=self.domain, what="ping")
        await self.bob.iq("get", el(PING, "ping"), what="ping")
        # A ping to another client goes through the server and back (answered by our handler).
        await self.alice.iq("get", el(PING, "ping"), to=self.bob.jid, what="ping-bob")
        if "ping" not in self.bob.handled:
            raise ScenarioError("bob never saw alice's ping")
        return f"server and client pings answered in {now_ms() - started} ms"

    async def disco(self) -> str:
        reply = await self.alice.iq("get", el(DISCO_INFO, "query"), to=self.domain, what="disco")
        features = {f.get("var") for f in reply.to_element().iter(q(DISCO_INFO, "feature"))}
        wanted = {PING, TIME, VERSION, PRIVATE, VCARD, CARBONS, DISCO_INFO}
        missing = wanted - features
        if missing:
            raise ScenarioError(f"server lacks {sorted(missing)}")
        return f"{len(features)} features"

    async def carbons(self) -> None:
        await self.alice.iq("set", el(CARBONS, "enable"), what="carbons")

    async def register(self) -> str:
        user = f"dave{random.randrange(10**6):06d}"
        password = f"pw-{random.randrange(10**9)}-密码"
        conn = self.connection("register")
        await conn.connect()
        features = await conn.open_stream()
        if features.find(q(REGISTER_FEATURE, "register")) is None:
            raise ScenarioError(f"no in-band registration feature: {ET.tostring(features)!r}")
        form = await conn.iq("get", el(REGISTER, "query"), what="register-form")
        query = form.to_element().find(q(REGISTER, "query"))
        if query is None or query.find(q(REGISTER, "username")) is None or query.find(q(REGISTER, "password")) is None:
            raise ScenarioError(f"registration form: {describe(form)}")
        await conn.iq("set", el(REGISTER, "query", children=[
            el(REGISTER, "username", text=user), el(REGISTER, "password", text=password)]), what="register")
        await conn.close()
        # The new account works.
        dave = self.connection("dave")
        jid = await dave.login(user, password, "new")
        await dave.iq("get", el(ROSTER, "query"), what="roster")
        await dave.close()
        return f"registered and logged in as {jid}"

    async def muc_room(self) -> str:
        alice, bob = self.alice, self.bob
        self.room = f"interop-{random.randrange(10**6):06d}@{self.muc}"
        room = self.room
        await alice.send(xmpp_wire.presence([el(MUC, "x")], to=f"{room}/Alice 爱丽丝"))
        mine = await alice.expect_stanza("presence", "own presence in the new room",
                                         lambda s: s.from_ == f"{room}/Alice 爱丽丝" and "110" in muc_codes(s))
        codes = muc_codes(mine)
        if "201" in codes:
            # XEP-0045 §10.1.2: a new room stays locked until its owner accepts an instant room.
            await alice.iq("set", el(MUC_OWNER, "query", children=[el(DATA, "x", {"type": "submit"})]), to=room,
                           what="muc-instant")
        await bob.send(xmpp_wire.presence([el(MUC, "x")], to=f"{room}/bob"))
        await bob.expect_stanza("presence", "bob's own room presence",
                                lambda s: s.from_ == f"{room}/bob" and "110" in muc_codes(s))
        await alice.expect_stanza("presence", "bob joined", lambda s: s.from_ == f"{room}/bob")
        await alice.send(xmpp_wire.message([el(CLIENT, "body", text=TEXT_ROOM)], to=room, type="groupchat",
                                           id=alice.next_id("groupchat")))
        for who in (bob, alice):  # the room sends it to every occupant, the sender too
            got = await who.expect_stanza("message", "groupchat message", lambda s: s.type == "groupchat"
                                          and s.to_element().findtext(q(CLIENT, "body")) == TEXT_ROOM)
            if got.from_ != f"{room}/Alice 爱丽丝":
                raise ScenarioError(f"{who.label} got it from {got.from_}")
        return f"{room}: status codes {sorted(codes)}"

    async def mam_query(self, conn: Connection, to: Optional[str], with_: Optional[str], what: str) -> list[str]:
        queryid = conn.next_id("mamq")
        fields = [el(DATA, "field", {"var": "FORM_TYPE", "type": "hidden"}, children=[el(DATA, "value", text=MAM)])]
        if with_:
            fields.append(el(DATA, "field", {"var": "with"}, children=[el(DATA, "value", text=with_)]))
        query = el(MAM, "query", {"queryid": queryid}, children=[el(DATA, "x", {"type": "submit"}, children=fields)])
        reply = await conn.iq("set", query, to=to, what=what)
        if reply.to_element().find(q(MAM, "fin")) is None:
            raise ScenarioError(f"no <fin/>: {describe(reply)}")
        # XEP-0313 §4.2: the results arrive as messages before the IQ result.
        bodies = []
        for frame in list(conn.backlog):
            if isinstance(frame, Stanza) and frame.kind == "message":
                result = frame.to_element().find(q(MAM, "result"))
                if result is not None and result.get("queryid") == queryid:
                    conn.backlog.remove(frame)
                    forwarded = result.find(f"{q(FORWARD, 'forwarded')}/{q(CLIENT, 'message')}")
                    if forwarded is not None:
                        bodies.append(forwarded.findtext(q(CLIENT, "body")) or "")
        return bodies

    async def mam_account(self) -> str:
        bodies = await self.mam_query(self.alice, None, f"bob@{self.domain}", "mam")
        if TEXT_TO_BOB not in bodies or TEXT_TO_ALICE not in bodies:
            raise ScenarioError(f"archive lacks the chat: {bodies}")
        return f"{len(bodies)} archived messages with bob"

    async def mam_room(self) -> str:
        bodies = await self.mam_query(self.bob, self.room, None, "mam-room")
        if TEXT_ROOM not in bodies:
            raise ScenarioError(f"room archive lacks the message: {bodies}")
        return f"{len(bodies)} archived room messages"

    async def close_all(self) -> str:
        closed = []
        for conn in (self.alice, self.bob):
            await conn.close()
            closed.append(conn.label)
        return "stream close answered and connection ended for " + ", ".join(closed)


async def main() -> int:
    captures = Path(os.environ.get("INTEROP_CAPTURES", "target/interop/captures"))
    captures.mkdir(parents=True, exist_ok=True)
    scenario = Scenario(captures)
    print(f"# xmpp_wire {xmpp_wire.__version__} against 127.0.0.1:{os.environ['XMPP_C2S_PORT']}", flush=True)
    await scenario.run()
    if scenario.server_version:
        print(f"# server: {scenario.server_version}")
    return 0 if scenario.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
