"""Every shared vector in tests/vectors/: the JSONL rendered from the Python frame objects equals
the expected file byte for byte, fed whole and fed 1 byte at a time (tests/README.md)."""

from __future__ import annotations

import pytest

from _support import lines_of, render, vector, vector_names

NAMES = vector_names()


def test_the_shared_vectors_are_there() -> None:
    assert len(NAMES) >= 150, f"expected the shared vectors in tests/vectors, found {len(NAMES)}"


@pytest.mark.parametrize("name", NAMES)
def test_vector_whole(name: str) -> None:
    data, mode, expected = vector(name)
    # WebSocket: one feed per message (line), as a WebSocket reader delivers them.
    pieces = lines_of(data) if mode == "websocket" else [data]
    assert render(pieces, mode) == expected


@pytest.mark.parametrize("name", NAMES)
def test_vector_one_byte_at_a_time(name: str) -> None:
    data, mode, expected = vector(name)
    assert render((data[i : i + 1] for i in range(len(data))), mode) == expected
