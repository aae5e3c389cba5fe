"""`python -m xmpp_wire frames`: the same bytes as the expected JSONL (and as `xmpp-wire frames`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from _support import VECTORS, vector, vector_names

SAMPLE = [name for name in vector_names() if name.startswith(("rfc6120-", "ws-", "error-restricted", "tricky-"))][:40]


def run(*args: str) -> "subprocess.CompletedProcess[bytes]":
    return subprocess.run([sys.executable, "-m", "xmpp_wire", *args], capture_output=True, check=False)


@pytest.mark.parametrize("name", SAMPLE)
@pytest.mark.parametrize("chunk", ["4096", "1"])
def test_frames_command_prints_the_expected_jsonl(name: str, chunk: str) -> None:
    _, mode, expected = vector(name)
    result = run("frames", str(VECTORS / f"{name}.xml"), "--mode", mode, "--chunk", chunk)
    assert result.stdout.decode("utf-8") == expected
    assert result.returncode == (1 if '"kind":"error"' in expected else 0)


def test_standard_input_and_bad_arguments(tmp_path: Path) -> None:
    data = b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><presence/>"
    result = subprocess.run([sys.executable, "-m", "xmpp_wire", "frames"], input=data, capture_output=True, check=False)
    assert result.returncode == 0 and result.stdout.count(b"\n") == 2
    assert run("frames", "--mode", "pigeon").returncode == 2
    assert run("frames", str(tmp_path / "missing.xml")).returncode == 2
    assert run().returncode == 2
