"""Which figures are the size of a rise or a fall (``Frame.change``), which FC108 compares;
the rule's own pass/fail cases live in ``fixtures/rules/FC108.yml``."""

from __future__ import annotations

import pytest

from factcheck import Document
from factcheck.pipeline import analyse


def _direction(text: str, figure: str) -> str | None:
    graph = analyse([Document(id="d", text=text)]).graph
    (frame,) = [f for f in graph.figures().frames.values() if f.claim.span.text == figure]
    return frame.change


@pytest.mark.parametrize(
    ("text", "figure", "direction"),
    [
        ("Sales at Halden rose by about 3% in June.", "about 3%", "rise"),
        ("The Pellmark 40 index closed 1.9 percent lower.", "1.9 percent", "fall"),
        ("Ticket sales posted a 12% drop this season.", "12%", "fall"),
        ("Exports to Velm surged 40 percent last year.", "40 percent", "rise"),
        # A level after a change is no change.
        ("Crude oil prices rose to $37.80 a barrel.", "$37.80", None),
        # One side's gain is often another's loss: gains and losses are not read.
        ("Labour gained 20 seats on the council.", "20", None),
        ("The party lost 12 seats on the council.", "12", None),
        # A change before a time "ahead of" something is still a change.
        ("The Pellmark 40 index fell 350 points ahead of the rate decision.", "350", "fall"),
        # "Up" and "down" say a change only after a form of "be".
        ("Orders for delivery were up 11 percent from a year earlier.", "11 percent", "rise"),
        ("That figure is down 57 percent from 2019.", "57 percent", "fall"),
        ("Women make up 83 percent of the staff.", "83 percent", None),
        ("He has clocked up 681 days in orbit.", "681", None),
        # A change against something has no direction of its own: the other side moved too.
        ("The crown rose 2% against the euro on Friday.", "2%", None),
    ],
)
def test_the_size_of_a_change_and_its_direction(
    text: str, figure: str, direction: str | None
) -> None:
    assert _direction(text, figure) == direction
