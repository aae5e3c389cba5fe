"""Chunking invariance: any split of any vector gives the same frames, errors and offsets.

Hypothesis prints the falsifying split; rerun it with ``--hypothesis-seed=N`` (printed too)."""

from __future__ import annotations

from typing import List

from hypothesis import given, settings
from hypothesis import strategies as st

from _support import lines_of, render, split_at, vector, vector_names

NAMES = [name for name in vector_names() if not name.startswith("ws-")]
WS_NAMES = [name for name in vector_names() if name.startswith("ws-")]


@settings(max_examples=400, deadline=None)
@given(name=st.sampled_from(NAMES), data=st.data())
def test_any_split_gives_the_same_jsonl(name: str, data: st.DataObject) -> None:
    raw, mode, _ = vector(name)
    cuts: List[int] = data.draw(st.lists(st.integers(0, max(len(raw), 1)), max_size=40))
    assert render(split_at(raw, cuts), mode) == render([raw], mode)


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(WS_NAMES), data=st.data())
def test_any_split_of_websocket_messages(name: str, data: st.DataObject) -> None:
    raw, mode, _ = vector(name)
    pieces: List[bytes] = []
    for message in lines_of(raw):
        cuts: List[int] = data.draw(st.lists(st.integers(0, len(message)), max_size=6))
        pieces.extend(split_at(message, cuts))
    assert render(pieces, mode) == render(lines_of(raw), mode)
