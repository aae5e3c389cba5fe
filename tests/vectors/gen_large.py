#!/usr/bin/env python3
"""Writes the one large vector: error-policy-violation-stanza-too-large.{xml,jsonl}.

A message whose size (from its `<` through the `>` of its end tag) is 1 KiB over the default
limit of 256 KiB (Limits::max_stanza_size, as Prosody and ejabberd use). The parser must stop
with `policy-violation` at the first byte past the limit, `offset of <` + 262144 (tests/README.md,
offset rule 7), without buffering the rest. The output is deterministic; run it again after
changing it and commit both files:

    python3 tests/vectors/gen_large.py
"""

import json
import os

LIMIT = 256 * 1024
NAME = "error-policy-violation-stanza-too-large"

HEADER = (
    "<?xml version='1.0'?>\n"
    "<stream:stream from='juliet@im.example.com' to='im.example.com' version='1.0' xml:lang='en'"
    " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n"
)
START = "<message to='romeo@example.net' id='big1' type='chat'><body>"
END = "</body></message>\n"
CLOSE = "</stream:stream>\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    # RFC 6120 §4.9.3.14 shows this case: "[ ... the-emacs-manual ... ]".
    filler_len = LIMIT + 1024 - len(START) - len(END.rstrip("\n"))
    line = "To be, or not to be: that is the question. "
    body = (line * (filler_len // len(line) + 1))[:filler_len]
    data = (HEADER + START + body + END + CLOSE).encode("utf-8")
    lt = len(HEADER)
    size = len(START) + len(body) + len(END.rstrip("\n"))
    assert size == LIMIT + 1024, size
    frames = [
        {
            "kind": "stream-open",
            "offset": HEADER.index("<stream:stream"),
            "ns": "jabber:client",
            "attrs": {"from": "juliet@im.example.com", "to": "im.example.com", "version": "1.0", "xml:lang": "en"},
        },
        {"kind": "error", "condition": "policy-violation", "offset": lt + LIMIT},
    ]
    with open(os.path.join(here, NAME + ".xml"), "wb") as f:
        f.write(data)
    with open(os.path.join(here, NAME + ".jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for frame in frames:
            f.write(json.dumps(frame, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{NAME}.xml: {len(data)} bytes, message at {lt}, {size} bytes; error offset {lt + LIMIT}")


if __name__ == "__main__":
    main()
