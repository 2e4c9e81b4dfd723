"""Whether two figures clash, and how: the arithmetic half of a contradiction.

Taken as figures of one thing, two figures clash ``hard`` when no number satisfies both strict
readings, ``soft`` when only their usual readings are disjoint (the strict ones meet, or meet
once a cancellable bound such as "up to" is lifted), and ``fall`` when they are one running
total read at two moments and the later is lower. Whether they are figures of one thing is the
alignment model's half (``score.py``); FC101, FC102 and FC104 report the clashes it believes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from factcheck.compare.when import in_one_year
from factcheck.model import Interval, QuantityClaim

if TYPE_CHECKING:
    from factcheck.graph import ClaimGraph

ClashKind = Literal["hard", "soft", "fall"]

# A revision word just before a figure makes it an update of the toll, not a contradiction.
_REVISION = re.compile(
    r"\b(?:revised|revising|corrected|correcting|lowered|downgraded|fell|fallen|dropped|"
    r"decreased|declined|down\s+from|reduced|cut)\b",
    re.IGNORECASE,
)


_RISEN_TO = re.compile(
    r"\b(?:rose|risen|rising|climbed|climbing|jumped|increased|grew|grown|mounted|swelled)\s+"
    r"to\s+(?:(?:at\s+least|more\s+than|over|nearly|almost|about|some)\s+)?$",
    re.IGNORECASE,
)


# The past perfect beside a figure: "had killed 6", "6 people had died".
_HAD = re.compile(r"\bhad\b|^\s+(?:[a-z]+\s+){0,2}had\b")


@dataclass(frozen=True)
class Clash:
    """A clash between two figures; ``first`` and ``second`` in reporting order (for a fall,
    the later figure first)."""

    kind: ClashKind
    first: QuantityClaim
    second: QuantityClaim


def classify(
    a: QuantityClaim,
    b: QuantityClaim,
    graph: ClaimGraph,
    held_at: Callable[[QuantityClaim], date | None],
) -> Clash | None:
    """How two figures clash, or None when both can hold. ``held_at`` gives the moment a
    total held (``compare.when.order_key``, kept per figure by the caller)."""
    if a.scope.kind == "total" and b.scope.kind == "total":
        ka, kb = held_at(a), held_at(b)
        if ka is not None and kb is not None:
            ka, kb = in_one_year(a.scope.time, b.scope.time, ka, kb)
        if ka is not None and kb is not None and ka != kb:
            earlier, later = (a, b) if ka < kb else (b, a)
            if revised(later) or later.hard.upper >= earlier.hard.lo:
                return None  # an update, or a total that grew: both fine
            if told_before_it_rose(later, earlier):
                return None
            return Clash("fall", later, earlier)
    if scale_slip(a, b):
        return None
    cancellable = graph.lexicon.cancellable_upper
    if without_cancellable_upper(a, cancellable).disjoint(
        without_cancellable_upper(b, cancellable)
    ):
        return Clash("hard", a, b)
    if a.soft.disjoint(b.soft):
        return Clash("soft", a, b)
    return None


def scale_slip(a: QuantityClaim, b: QuantityClaim) -> bool:
    """The same digits a thousand or a million times apart ("33.5" and "33.5 million"): a
    dropped or misspelt scale word, not two figures. Too unsure to report."""
    big, small = max(a.value, b.value), min(a.value, b.value)
    if small <= 0:
        return False
    ratio = big / small
    return abs(ratio - 1e3) < 1e-9 or abs(ratio - 1e6) < 1e-9 or abs(ratio - 1e9) < 1e-9


def without_cancellable_upper(c: QuantityClaim, cancellable: frozenset[str]) -> Interval:
    if c.qualifier in cancellable:
        return Interval(lo=c.hard.lo, hi=None, lo_open=c.hard.lo_open)
    return c.hard


def told_before_it_rose(lower: QuantityClaim, higher: QuantityClaim) -> bool:
    """A lower figure the text does not date, told in the past perfect before the total is
    said to have grown ("that 6 people had died. By Thursday, the toll had risen to 23"):
    one it held on the way, not a fall. Told as the present ("The floods have killed 6
    people. The toll rose to 23 on Tuesday": a stale lead) or after the rise ("rose to 340
    on Thursday … have killed 310"), it is one."""
    if (
        lower.scope.time is not None
        or lower.document_id != higher.document_id
        or lower.span.start > higher.span.start
    ):
        return False
    at = lower.span.start - lower.sentence.start
    end = lower.span.end - lower.sentence.start
    text = lower.sentence.text
    if not (_HAD.search(text, max(0, at - 30), at) or _HAD.match(text[end : end + 30])):
        return False
    at = higher.span.start - higher.sentence.start
    return _RISEN_TO.search(higher.sentence.text, max(0, at - 40), at) is not None


def revised(claim: QuantityClaim) -> bool:
    """The figure is stated as a revision ("the toll was revised down to 17", "fell to 17"):
    a revision word just before it, not anywhere in the sentence ("fallen trees")."""
    at = claim.span.start - claim.sentence.start
    near = claim.sentence.text[max(0, at - 50) : claim.span.end - claim.sentence.start + 15]
    return _REVISION.search(near) is not None
