#!/usr/bin/env python3
"""Independent oracle for the shared vectors in tests/vectors/.

It computes the frames JSONL v1 of DESIGN.md for a *valid* stream with Python's standard library
only (Expat through ``xml.parsers.expat``), so the expected files do not come from the Rust code
they check. Expat does the XML 1.0 and Namespaces 1.0 work (UTF-8, Char, names, tags, references,
attribute-value normalisation, namespace expansion); this script adds what XMPP and DESIGN.md ask
on top and fails loudly (``OracleError``) on anything it does not accept:

* RFC 6120 §11.1 restricted XML: comments, processing instructions, DTDs, undefined entities;
* RFC 6120 §11.6 UTF-8 only (a UTF-16 byte-order mark or another declared encoding);
* the stream header (stream element and namespace, content namespace, ``version`` 1.x);
* only whitespace at depth 1 (no text, no reference, no CDATA; §11.7), no stream header except a
  restart directly after a SASL or TLS top-level element (§4.3.3, DESIGN.md "Stream restarts");
* self-contained frames: a top-level element may use only prefixes it declares itself, plus the
  prefix the header binds to the streams namespace (DESIGN.md "Self-contained frames");
* the default limits (256 KiB per top-level element, depth 32, 32 attributes, 32 namespace
  declarations in scope within a top-level element);
* WebSocket mode (RFC 7395, names starting ``ws-``): one standalone element per line, the first
  being ``<open/>`` in ``urn:ietf:params:xml:ns:xmpp-framing``.

Offsets come from Expat's ``CurrentByteIndex`` (the ``<`` of a start or end tag); an element's
length is found by scanning its closing ``>`` in the raw bytes, quote-aware for start tags.

Error vectors are listed in ``errors.tsv`` (NAME, condition, offset, why). Their last JSONL line
is written by hand from the offset rules in tests/README.md; ``--check`` verifies that the lines
before it equal this oracle's frames for the input up to the error offset, and that the oracle
rejects the whole input too (with the same condition where it can tell).

Usage:
  frames_oracle.py FILE [--mode tcp|websocket]   print the expected JSONL of one valid stream
  frames_oracle.py --write                       regenerate every valid vector's .jsonl
  frames_oracle.py --write-errors                regenerate every error vector's .jsonl from errors.tsv
  frames_oracle.py --check                       check every pair in tests/vectors/
"""

import json
import os
import re
import sys
import xml.parsers.expat as expat

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(os.path.dirname(HERE), "vectors")
ERRORS_TSV = os.path.join(HERE, "errors.tsv")

STREAMS = "http://etherx.jabber.org/streams"
FRAMING = "urn:ietf:params:xml:ns:xmpp-framing"
SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
TLS = "urn:ietf:params:xml:ns:xmpp-tls"
CONTENT_NAMESPACES = ("jabber:client", "jabber:server", "jabber:component:accept")
STANZAS = ("message", "presence", "iq")

MAX_STANZA_SIZE = 256 * 1024
MAX_DEPTH = 32
MAX_ATTRIBUTES = 32
MAX_NAMESPACES = 32

SEP = "\x1f"  # never part of a name or of a namespace name a vector uses
XML_WS = " \t\r\n"


class OracleError(Exception):
    """The input is not a valid stream; ``condition`` is the oracle's best guess, or None."""

    def __init__(self, condition, message):
        super().__init__(f"{condition or 'invalid'}: {message}")
        self.condition = condition


def split_name(expanded):
    """Expat's ``uri SEP local SEP prefix`` into (ns, local, qname)."""
    parts = expanded.split(SEP)
    if len(parts) == 1:
        return "", parts[0], parts[0]
    if len(parts) == 2:
        return parts[0], parts[1], parts[1]
    return parts[0], parts[1], parts[2] + ":" + parts[1]


def start_tag_end(data, lt):
    """Offset one past the ``>`` of the start tag at ``lt``, and whether it is empty (``/>``)."""
    i = lt + 1
    quote = None
    while i < len(data):
        c = data[i]
        if quote is not None:
            if c == quote:
                quote = None
        elif c in b"'\"":
            quote = c
        elif c == ord(">"):
            return i + 1, data[i - 1] == ord("/")
        i += 1
    raise OracleError(None, f"unterminated start tag at {lt}")


def end_tag_end(data, lt):
    """Offset one past the ``>`` of the end tag at ``lt``."""
    end = data.index(b">", lt)
    return end + 1


def new_parser():
    # Forcing UTF-8 makes Expat ignore a declared encoding; it is checked by hand instead.
    p = expat.ParserCreate("UTF-8", namespace_separator=SEP)
    p.namespace_prefixes = True
    p.ordered_attributes = True
    if hasattr(p, "SetReparseDeferralEnabled"):
        p.SetReparseDeferralEnabled(False)  # Expat >= 2.6: report complete tokens at once
    return p


def expat_condition(err):
    code = err.code
    if code == expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]:
        return "restricted-xml"
    if code == expat.errors.codes[expat.errors.XML_ERROR_UNBOUND_PREFIX]:
        return "bad-namespace-prefix"
    if code in (
        expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
        expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING],
    ):
        return "unsupported-encoding"
    return "not-well-formed"


class Segment:
    """One XML document as Expat sees it: a stream up to its end or a restart, or one WebSocket
    message. ``base`` is where its bytes start in the whole input."""

    def __init__(self, oracle, base, websocket):
        self.o = oracle
        self.base = base
        self.ws = websocket
        self.p = new_parser()
        self.depth = 0  # Expat depth: the stream element is 1 in TCP mode
        self.top_depth = 1 if websocket else 2  # depth of a top-level element
        self.pending_ns = []  # namespace declarations for the next start tag
        self.stream_prefix = None
        self.top = None  # the top-level element being read
        self.scopes = []  # per open element inside a top-level element: prefixes declared there
        self.ns_in_scope = 0
        self.closed = False
        self.text_start = None  # where the current run between top-level elements began
        p = self.p
        p.XmlDeclHandler = self.xml_decl
        p.StartDoctypeDeclHandler = self.doctype
        p.CommentHandler = self.comment
        p.ProcessingInstructionHandler = self.pi
        p.SkippedEntityHandler = self.skipped
        p.StartNamespaceDeclHandler = self.ns_decl
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.text
        p.StartCdataSectionHandler = self.cdata

    # -- helpers
    def at(self):
        return self.base + self.p.CurrentByteIndex

    def feed(self, chunk, final=False):
        try:
            self.p.Parse(chunk, final)
        except expat.ExpatError as e:
            condition = expat_condition(e)
            at = self.base + self.p.ErrorByteIndex
            data = self.o.data
            in_text = self.text_start is not None and b"<" not in data[self.text_start : at]
            if not self.ws and self.depth == 1 and in_text and data[at : at + 1] not in b"< \t\r\n":
                # DESIGN.md "Text at depth 1": any other byte there is bad-format, before
                # whatever else is wrong with it (e.g. a byte that is not UTF-8 or not a Char).
                condition = "bad-format"
            lt = data.rfind(b"<", 0, at + 1)
            if lt >= 0 and data[lt:].startswith((b"<!DOCTYPE", b"<!--")) and b">" not in data[lt:at]:
                condition = "restricted-xml"  # RFC 6120 §11.1, wherever it stands
            raise OracleError(condition, f"expat: {e} at {at} (segment at {self.base})")

    # -- handlers
    def xml_decl(self, version, encoding, standalone):
        if version is None or not re.fullmatch(r"1\.[0-9]+", version):
            raise OracleError("not-well-formed", f"XML version {version!r}")
        if encoding is not None and encoding.lower() != "utf-8":
            raise OracleError("unsupported-encoding", f"encoding {encoding!r}")

    def doctype(self, *args):
        raise OracleError("restricted-xml", f"DOCTYPE at {self.at()}")

    def comment(self, data):
        raise OracleError("restricted-xml", f"comment at {self.at()}")

    def pi(self, target, data):
        raise OracleError("restricted-xml", f"processing instruction at {self.at()}")

    def skipped(self, name, is_pe):
        raise OracleError("restricted-xml", f"entity {name} at {self.at()}")

    def ns_decl(self, prefix, uri):
        self.pending_ns.append((prefix, uri))

    def text(self, data):
        if self.depth == self.top_depth - 1:
            at = self.at()
            if self.o.data[at : at + 1] == b"&":
                raise OracleError("bad-format", f"reference at depth 1 at {at}")
            if data.strip(XML_WS):
                raise OracleError("bad-format", f"text at depth 1 at {at}")

    def cdata(self):
        if self.depth == self.top_depth - 1:
            raise OracleError("bad-format", f"CDATA at depth 1 at {self.at()}")

    def start(self, name, attrs):
        at = self.at()
        ns, local, qname = split_name(name)
        decls = self.pending_ns
        self.pending_ns = []
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise OracleError("policy-violation", f"depth {self.depth} at {at}")
        if len(attrs) // 2 + len(decls) > MAX_ATTRIBUTES:
            raise OracleError("policy-violation", f"too many attributes at {at}")
        pairs = [(split_name(attrs[i])[2], attrs[i + 1]) for i in range(0, len(attrs), 2)]
        if not self.ws and self.depth == 1:
            self.header(at, ns, local, qname, decls, pairs)
            return
        if self.depth == self.top_depth:
            if ns == STREAMS and local == "stream":
                raise OracleError("bad-format", f"misplaced stream header at {at}")
            if self.ws and self.o.ws_count == 0 and not (ns == FRAMING and local == "open"):
                raise OracleError("bad-format", f"WebSocket stream must start with <open/> at {at}")
            self.top = {"offset": at, "ns": ns, "local": local, "attrs": pairs, "payloads": []}
            self.scopes = []
            self.ns_in_scope = 0
        elif self.depth == self.top_depth + 1:
            self.top["payloads"].append({"ns": ns, "name": local})
        # Self-contained frames: every prefix used must be declared inside the frame.
        declared = {p for p, _ in decls if p is not None}
        self.scopes.append((declared, len(decls)))
        self.ns_in_scope += len(decls)
        if self.ns_in_scope > MAX_NAMESPACES:
            raise OracleError("policy-violation", f"too many namespace declarations at {at}")
        used = [qname] + [q for q, _ in pairs]
        for q in used:
            if ":" not in q:
                continue
            prefix = q.split(":", 1)[0]
            if prefix == "xml":
                continue
            if any(prefix in s for s, _ in self.scopes):
                continue
            if not self.ws and prefix == self.stream_prefix:
                continue
            raise OracleError("bad-namespace-prefix", f"prefix {prefix!r} from the header at {at}")

    def header(self, at, ns, local, qname, decls, pairs):
        if ns != STREAMS:
            # Also a first element that is no stream header at all (Prosody answers the same).
            raise OracleError("invalid-namespace", f"stream namespace {ns!r} at {at}")
        if local != "stream":
            raise OracleError("bad-format", f"not a stream header at {at}")
        content = ""
        for prefix, uri in decls:
            if prefix is None:
                content = uri or ""
        if content and content not in CONTENT_NAMESPACES:
            raise OracleError("invalid-namespace", f"content namespace {content!r} at {at}")
        for q, v in pairs:
            if q == "version" and not re.fullmatch(r"1\.[0-9]+", v):
                raise OracleError("unsupported-version", f"version {v!r} at {at}")
        end, _ = start_tag_end(self.o.data, at)
        if end - at > MAX_STANZA_SIZE:
            raise OracleError("policy-violation", f"stream header too large at {at}")
        self.stream_prefix = qname.split(":", 1)[0] if ":" in qname else None
        self.text_start = end
        self.o.emit({"kind": "stream-open", "offset": at, "ns": content, "attrs": dict(pairs)})

    def end(self, name):
        at = self.at()
        if not self.ws and self.depth == 1:
            self.depth = 0
            self.closed = True
            self.o.emit({"kind": "stream-close", "offset": at})
            return
        if self.depth >= self.top_depth:
            _, count = self.scopes.pop()
            self.ns_in_scope -= count
        if self.depth == self.top_depth:
            top = self.top
            data = self.o.data
            end, empty = start_tag_end(data, top["offset"])
            if not empty:
                end = end_tag_end(data, at)
            length = end - top["offset"]
            if length > MAX_STANZA_SIZE:
                raise OracleError("policy-violation", f"element of {length} bytes at {top['offset']}")
            ns, local = top["ns"], top["local"]
            if ns in CONTENT_NAMESPACES and local in STANZAS:
                frame = {"kind": local, "offset": top["offset"], "len": length, "ns": ns}
            else:
                frame = {"kind": "element", "name": local, "ns": ns, "offset": top["offset"], "len": length}
            frame["attrs"] = dict(top["attrs"])
            frame["payloads"] = top["payloads"]
            self.o.emit(frame)
            self.o.last_top = (ns, end)
            self.text_start = end
            self.top = None
            if self.ws:
                self.o.ws_count += 1
        self.depth -= 1


# A stream header, or an XML declaration before one, that may begin a restart.
RESTART_CANDIDATE = re.compile(rb"<\?xml[ \t\r\n?]|<(?:[A-Za-z_][A-Za-z0-9_.\-]*:)?stream[ \t\r\n/>]")


class Oracle:
    def __init__(self, data):
        self.data = data
        self.frames = []
        self.last_top = None  # (ns, end offset) of the last top-level element
        self.ws_count = 0

    def emit(self, frame):
        self.frames.append(frame)

    def run_tcp(self):
        data = self.data
        if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
            raise OracleError("unsupported-encoding", "UTF-16 byte-order mark")
        seg = Segment(self, 0, False)
        fed = 0
        for m in RESTART_CANDIDATE.finditer(data):
            c = m.start()
            if c <= fed:
                continue
            seg.feed(data[fed:c])
            fed = c
            if seg.depth == 1 and self.last_top is not None:
                ns, end = self.last_top
                if ns in (SASL, TLS) and not data[end:c].strip(b" \t\r\n"):
                    # RFC 6120 §4.3.3: a restart; the old stream ends without a close tag.
                    self.last_top = None
                    seg = Segment(self, c, False)
        seg.feed(data[fed:])
        if seg.closed:
            seg.feed(b"", True)  # only whitespace may follow the close tag
        return self.frames

    def run_websocket(self):
        data = self.data
        pos = 0
        while pos < len(data):
            nl = data.find(b"\n", pos)
            line_end = len(data) if nl < 0 else nl + 1
            line = data[pos:line_end]
            text = line.lstrip(b" \t\r\n")
            if text and not text.startswith(b"<"):
                raise OracleError("bad-format", f"text between WebSocket elements at {pos + len(line) - len(text)}")
            if text:
                seg = Segment(self, pos, True)
                seg.feed(line)
                if nl >= 0:
                    seg.feed(b"", True)  # one complete element per message
            pos = line_end
        return self.frames


def reparse_frames(data, frame_list, websocket):
    """Re-parses each frame's raw bytes on their own, given only the content namespace and the
    stream prefix (DESIGN.md "Self-contained frames"), and checks they give the same frame.
    This also checks every ``len``: a wrong span would not parse or would differ."""
    problems = []
    content, prefix = "", None
    for f in frame_list:
        if f["kind"] == "stream-open":
            content = f["ns"]
            m = re.match(rb"<(?:([A-Za-z_][A-Za-z0-9_.\-]*):)?stream", data[f["offset"] :])
            prefix = m.group(1).decode() if m and m.group(1) else None
            continue
        if "len" not in f:
            continue
        raw = data[f["offset"] : f["offset"] + f["len"]]
        if websocket:
            wrapped = b"<w>" + raw + b"</w>"
        else:
            decl = f" xmlns:{prefix}='{STREAMS}'" if prefix else ""
            wrapped = f"<w xmlns='{content}'{decl}>".encode() + raw + b"</w>"
        found = []
        p = new_parser()
        level = [0]

        def on_start(name, attrs):
            level[0] += 1
            if level[0] == 2:
                found.append({"name": name, "attrs": attrs, "payloads": []})
            elif level[0] == 3:
                ns, local, _ = split_name(name)
                found[-1]["payloads"].append({"ns": ns, "name": local})

        def on_end(name):
            level[0] -= 1

        p.StartElementHandler = on_start
        p.EndElementHandler = on_end
        try:
            p.Parse(wrapped, True)
        except expat.ExpatError as e:
            problems.append(f"frame at {f['offset']} does not re-parse on its own: {e}")
            continue
        if len(found) != 1:
            problems.append(f"frame at {f['offset']}: raw bytes hold {len(found)} elements")
            continue
        ns, local, _ = split_name(found[0]["name"])
        attrs = {split_name(found[0]["attrs"][i])[2]: found[0]["attrs"][i + 1] for i in range(0, len(found[0]["attrs"]), 2)}
        want_name = f.get("name", f["kind"])
        if (ns, local, attrs, found[0]["payloads"]) != (f["ns"], want_name, f["attrs"], f["payloads"]):
            problems.append(f"frame at {f['offset']}: re-parsed alone it differs")
    return problems


def frames(data, websocket=False):
    o = Oracle(data)
    return o.run_websocket() if websocket else o.run_tcp()


def render(frame_list):
    return "".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) + "\n" for f in frame_list)


def is_websocket(name):
    return os.path.basename(name).startswith("ws-")


def read_errors():
    errors = {}
    with open(ERRORS_TSV, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4:
                raise SystemExit(f"{ERRORS_TSV}:{lineno}: expected NAME, condition, offset, why")
            name, condition, offset, why = fields
            errors[name] = (condition, int(offset), why)
    return errors


def vector_names():
    return sorted(n[: -len(".xml")] for n in os.listdir(VECTORS) if n.endswith(".xml"))


def load(name):
    with open(os.path.join(VECTORS, name + ".xml"), "rb") as f:
        return f.read()


def write_all():
    errors = read_errors()
    written = 0
    for name in vector_names():
        if name in errors:
            continue
        out = render(frames(load(name), is_websocket(name)))
        with open(os.path.join(VECTORS, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
            f.write(out)
        written += 1
    print(f"wrote {written} valid vectors' .jsonl ({len(errors)} error vectors left as they are)")


def write_errors():
    """Writes each error vector's .jsonl from errors.tsv: the oracle's frames for the input up to
    the offset, then the error line with the hand-chosen condition and offset."""
    written = 0
    for name, (condition, offset, _why) in read_errors().items():
        data = load(name)
        text = render(frames(data[:offset], is_websocket(name)))
        text += json.dumps({"kind": "error", "condition": condition, "offset": offset}, separators=(",", ":")) + "\n"
        with open(os.path.join(VECTORS, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        written += 1
    print(f"wrote {written} error vectors' .jsonl from errors.tsv")


def check_all():
    errors = read_errors()
    names = vector_names()
    failures = []
    for name in names:
        data = load(name)
        ws = is_websocket(name)
        try:
            with open(os.path.join(VECTORS, name + ".jsonl"), encoding="utf-8") as f:
                expected = f.read()
        except FileNotFoundError:
            failures.append(f"{name}: no .jsonl")
            continue
        if name not in errors:
            try:
                got = render(frames(data, ws))
            except OracleError as e:
                failures.append(f"{name}: oracle rejects a vector not listed in errors.tsv: {e}")
                continue
            if got != expected:
                failures.append(f"{name}: .jsonl differs from the oracle")
            for problem in reparse_frames(data, frames(data, ws), ws):
                failures.append(f"{name}: {problem}")
            continue
        condition, offset, _why = errors[name]
        lines = expected.splitlines(keepends=True)
        last = lines[-1] if lines else ""
        want_last = json.dumps({"kind": "error", "condition": condition, "offset": offset}, separators=(",", ":")) + "\n"
        if last != want_last:
            failures.append(f"{name}: last line {last!r}, errors.tsv says {want_last!r}")
        if offset > len(data):
            failures.append(f"{name}: offset {offset} past the end ({len(data)} bytes)")
        try:
            before = render(frames(data[:offset], ws))
        except OracleError as e:
            failures.append(f"{name}: the oracle rejects the input before the error offset: {e}")
        else:
            if before != "".join(lines[:-1]):
                failures.append(f"{name}: frames before the error differ from the oracle on the prefix")
        try:
            frames(data, ws)
        except OracleError as e:
            if e.condition is not None and e.condition != condition:
                failures.append(f"{name}: oracle says {e.condition}, errors.tsv says {condition} ({e})")
        else:
            failures.append(f"{name}: the oracle accepts the whole input")
    for name in errors:
        if name not in names:
            failures.append(f"errors.tsv names {name}, which has no .xml")
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(names)} vectors ({len(errors)} error vectors): {len(failures)} failures")
    return not failures


def main(argv):
    if argv[1:2] == ["--write"]:
        write_all()
        return 0
    if argv[1:2] == ["--write-errors"]:
        write_errors()
        return 0
    if argv[1:2] == ["--check"]:
        return 0 if check_all() else 1
    if len(argv) >= 2 and not argv[1].startswith("--"):
        path = argv[1]
        ws = is_websocket(path)
        if argv[2:4] == ["--mode", "websocket"]:
            ws = True
        elif argv[2:4] == ["--mode", "tcp"]:
            ws = False
        with open(path, "rb") as f:
            data = f.read()
        try:
            sys.stdout.write(render(frames(data, ws)))
        except OracleError as e:
            sys.stdout.flush()
            print(f"oracle: {e}", file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
