"""A check that its caller stops (``factcheck.cancel``): it stops at any checkpoint, as a
stop and never as a finding, and a check nobody stops is the same check."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck import Document, check
from factcheck.cancel import Cancelled, cancellable, checkpoint
from factcheck.pipeline import analyse

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "article.txt"
TEXT = (
    "The storm has killed at least 32 people since Monday, officials said on Tuesday.\n\n"
    "Rescue teams searched 14 villages. The storm has killed nearly 30 people so far.\n"
)


def documents() -> list[Document]:
    text = SEED.read_text(encoding="utf-8") if SEED.is_file() else TEXT
    return [Document(id="draft", text=text), Document(id="wire", text=TEXT, role="source")]


class Counter:
    """A stop that says yes at its ``at``-th question only (never when ``at`` is None): a
    stop that something swallowed would let the check run on to a report."""

    def __init__(self, at: int | None = None) -> None:
        self.asked = 0
        self.at = at

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked == self.at


def test_a_check_nobody_stops_is_unchanged() -> None:
    docs = documents()
    never = Counter()
    with cancellable(never):
        watched = check(docs)
    assert never.asked > 5  # extraction, each rule and the figure pairs ask
    assert watched.model_dump() == check(docs).model_dump()


def test_a_stop_at_any_checkpoint_stops_the_check() -> None:
    docs = documents()
    asked = Counter()
    with cancellable(asked):
        analyse(docs)
    for at in range(1, asked.asked + 1):
        # Raised, never caught on the way: a rule stopped mid-way is not a broken rule
        # (no FC000 finding), and no report comes back.
        with pytest.raises(Cancelled), cancellable(Counter(at)):
            analyse(docs)


def test_the_stop_ends_with_its_block() -> None:
    with pytest.raises(Cancelled), cancellable(lambda: True):
        checkpoint()
    checkpoint()  # outside the block nothing asks
    assert check(documents()).findings
