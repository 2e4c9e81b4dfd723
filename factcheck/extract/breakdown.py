"""A total broken down by place in its own sentence: "the toll rose to 340, with 120 dead in
Harwick, 90 in Dunmore and 75 in Velm"; "43 cases – 26 in Sofia, 7 in Montana".

Read as such, each listed figure holds in its own place, at the total's time, and counts what
the total counts when it names nothing itself ("90 in Dunmore" are deaths); the total holds
over them all. It is not the first listed place's figure, as the nearest-place reading of
``_scope`` made it (a later "In Harwick alone, 120 bodies" then read as the toll fallen to
120): it keeps a place only when one is named apart from the listed ones ("3,400 in Turkey,
with 1,200 in Hatay"), and lists the places it is broken into in ``Scope.parts_in``, so that a
figure given for one of them is not taken for the total (``alignment.places_apart``). The
listed figures are not marked as parts (``part_of``), not even after "including": each is a
figure of its place in its own right ("310,000 copies in their native Finland" against "over
399,000 copies in Finland"; "including 800 in Ohio" against "In Ohio, 600"), and the pairs of
a part the model has learnt to distrust are those of parts that name no place of their own.

A run is read as a breakdown only when it can be one: the first listed figure follows the total
after a link (a comma or semicolon, a dash, a colon, a bracket, "with", "including", "of
whom"), each listed figure is followed within three words by "in" or "at" and a place, each
counts what the total counts or nothing of its own, each is smaller than the total and
together they do not exceed it. "31 in Lyon, 27 in Marseille" has no total: a first figure
with a place of its own heads a breakdown only after a dash, colon, bracket or link word, not
after a comma.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from factcheck.model import UNALIGNED, QuantityClaim


class PlaceSpan(NamedTuple):
    """A place a sentence names, from its preposition ("in Velm") or the name itself."""

    start: int
    end: int
    name: str  # one name for all of a place's names ("united states")


# The total, then the link to the first listed figure: what may stand between them.
_COMMA_LINK = re.compile(r"^[^,;:()–—]*[,;]\s*$")
_STRONG_LINK = re.compile(
    r"(?:[–—:(]|\s-\s|,\s*with|\bincluding|\bof\s+(?:whom|which|them|those)|\bamong\s+them)"
    r"[\s,:]*(?:(?:at\s+least|about|around|nearly|almost|some|more\s+than|over|roughly)\s+)?$",
    re.IGNORECASE,
)
# After a listed figure and before its place: a few lower-case words ("dead", "were killed").
_BEFORE_PLACE = re.compile(r"\s+(?:[a-z]+\s+){0,3}")
_PART_PREPOSITION = re.compile(r"(?:in|at)\s", re.IGNORECASE)
# After a listed figure's place and before the next listed figure.
_BETWEEN_PARTS = re.compile(
    r"\s*[,;]?\s*(?:and\s+|plus\s+|while\s+)?"
    r"(?:(?:another|at\s+least|about|around|nearly|almost|some|more\s+than|over)\s+)?",
    re.IGNORECASE,
)
_NOT_WHOLES = frozenset({"age", "percentage", "rank", UNALIGNED})


def read_breakdowns(
    claims: Sequence[QuantityClaim], sentence: str, places: Sequence[PlaceSpan]
) -> list[QuantityClaim]:
    """The claims of one sentence, in text order, with each breakdown by place read: its
    listed figures in their own places, its total given the places it covers."""
    out = list(claims)
    i = 0
    while i < len(out) - 1:
        whole = out[i]
        parts = listed_after(out, i, sentence, places)
        hi = whole.soft.hi  # None: no upper bound ("more than 40")
        if not parts or (hi is not None and sum(part.value for part, _ in parts) > hi):
            i += 1  # no list, or one that adds up to more than the total: no breakdown of it
            continue
        listed = {place.name for _, place in parts}
        # A place of the total's own is named before its list ("3,400 in Turkey, with …"),
        # not after it ("…, the ministry said in Kessel").
        own = [p for p in places if p.name not in listed and p.start < _start(parts[0][0])]
        at = _start(whole)
        nearest = min(own, key=lambda p: abs(p.start - at), default=None)
        out[i] = whole.model_copy(
            update={
                "scope": whole.scope.model_copy(
                    update={
                        "place": nearest.name if nearest else None,
                        "parts_in": tuple(sorted(listed)),
                    }
                )
            }
        )
        for k, (part, place) in enumerate(parts, start=i + 1):
            own_time = part.scope.time  # "120 in Harwick last week"; else the total's time
            out[k] = part.model_copy(
                update={
                    "part_of": None,  # "including 800 in Ohio": Ohio's figure all the same
                    "measure": whole.measure if part.measure.bare else part.measure,
                    "scope": part.scope.model_copy(
                        update={"place": place.name, "time": own_time or whole.scope.time}
                    ),
                }
            )
        i += len(parts) + 1
    return out


def listed_after(
    claims: Sequence[QuantityClaim], i: int, sentence: str, places: Sequence[PlaceSpan]
) -> list[tuple[QuantityClaim, PlaceSpan]]:
    """The figures after ``claims[i]`` listed by place as its parts, with their places: each
    smaller than it, whatever they add up to; none when they are no such list."""
    whole = claims[i]
    if (
        whole.measure.family in _NOT_WHOLES
        or whole.measure.counted_as == "unit"
        or whole.is_part
        or whole.scope.previous  # "from 310 a week earlier, with 120 in Sofia"
    ):
        return []
    first = claims[i + 1]
    link = sentence[_end(whole) : _start(first)]
    if not _STRONG_LINK.search(link) and (
        not _COMMA_LINK.match(link) or _place_after(whole, sentence, places, _start(first))
    ):
        return []
    parts: list[tuple[QuantityClaim, PlaceSpan]] = []
    for k in range(i + 1, len(claims)):
        part = claims[k]
        if parts and not _BETWEEN_PARTS.fullmatch(sentence, parts[-1][1].end, _start(part)):
            break
        following = _start(claims[k + 1]) if k + 1 < len(claims) else len(sentence)
        place = _place_after(part, sentence, places, following)
        if (
            place is None
            or part.part_of not in (None, whole.id)
            or not (part.measure.bare or part.measure.family == whole.measure.family)
            or part.modality != whole.modality
            or part.value >= whole.value
        ):
            break
        parts.append((part, place))
    return parts


def _place_after(
    claim: QuantityClaim, sentence: str, places: Sequence[PlaceSpan], before: int
) -> PlaceSpan | None:
    """The place named with "in" or "at" within three words after a figure, before
    ``before``."""
    end = _end(claim)
    place = next((p for p in places if end <= p.start < before), None)
    if (
        place is not None
        and _BEFORE_PLACE.fullmatch(sentence, end, place.start)
        and _PART_PREPOSITION.match(sentence, place.start)
    ):
        return place
    return None


def _start(claim: QuantityClaim) -> int:
    return claim.span.start - claim.sentence.start


def _end(claim: QuantityClaim) -> int:
    return claim.span.end - claim.sentence.start
