"""A total broken down by place in its own sentence: "the toll rose to 340, with 120 dead in
Harwick, 90 in Dunmore and 75 in Velm"; "43 cases – 26 in Sofia, 7 in Montana".

Read as such, each listed figure holds in its own place, at its own time or else the total's,
and counts what the total counts when it names nothing itself ("90 in Dunmore" are deaths);
the total holds over them all. It is not the first listed place's figure, as the nearest-place
reading of ``_scope`` made it (a later "In Harwick alone, 120 bodies" then read as the toll
fallen to 120): it keeps a place only when one is named between it and its list ("3,400 in
Turkey, with 1,200 in Hatay") or a country, state or continent before it, and lists the places
it is broken into in ``Scope.parts_in``, so that a figure given for one of them is not taken
for the total (``alignment.places_apart``). The listed figures are not marked as parts
(``part_of``), not even after "including": each is the figure of its place ("310,000 copies in
their native Finland" against "over 399,000 copies in Finland"; "including 800 in Ohio"
against "In Ohio, 600"). Marked as parts, they taught the retrained model that a part never
contradicts anything (docs/accuracy.md, stop 40).

A run is read as a breakdown only when it can be one: the first listed figure follows the total
after a link (a comma or a semicolon, a dash, a colon, a bracket, ", with", "including", "of
whom"), each listed figure is followed within three words by "in" or "at" and a place, each
counts what the total counts or nothing of its own, each is smaller than the total and
together they do not exceed its highest reading. "31 in Lyon, 27 in Marseille" has no total: a
first figure with a place of its own heads a breakdown only after a dash, colon, bracket or
link word, not after a comma.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from factcheck.model import UNALIGNED, QuantityClaim
from factcheck.text import wordnet


class PlaceSpan(NamedTuple):
    """A place a sentence names, from its preposition ("in Velm") or the name itself."""

    start: int
    end: int
    name: str  # one name for all of a place's names ("united states")


# The total, then the link to the first listed figure: what may stand between them. (A
# qualifier, "at least", is part of the figure's own span.)
_COMMA_LINK = re.compile(r"^[^,;:()–—]*[,;]\s*$")
_STRONG_LINK = re.compile(
    r"(?:[–—:(]|\s-\s|,\s*with|\bincluding|\bof\s+(?:whom|which|them|those)|\bamong\s+them)"
    r"[\s,:]*$",
    re.IGNORECASE,
)
# After a listed figure and before its place: a few lower-case words ("dead", "were killed").
_BEFORE_PLACE = re.compile(r"\s+(?:[a-z]+\s+){0,3}")
_PART_PREPOSITION = re.compile(r"(?:in|at)\s", re.IGNORECASE)
# After a listed figure's place and before the next listed figure.
_BETWEEN_PARTS = re.compile(r"\s*[,;]?\s*(?:(?:and|plus|while)\s+)?", re.IGNORECASE)
_NOT_WHOLES = frozenset({"percentage", "rank", UNALIGNED})  # besides what holds no parts


def read_breakdowns(
    claims: Sequence[QuantityClaim], sentence: str, places: Sequence[PlaceSpan]
) -> list[QuantityClaim]:
    """The claims of one sentence, in text order, with each breakdown by place read: its
    listed figures in their own places, its total given the places it covers."""
    out = list(claims)
    i = 0
    while i < len(out) - 1:
        whole = out[i]
        parts = _listed_after(out, i, sentence, places)
        if not parts or sum(part.value for _, part, _ in parts) > whole.hard.upper:
            i += 1  # no list, or one that adds up to more than the total: no breakdown of it
            continue
        listed = {place.name for _, _, place in parts}
        out[i] = whole.model_copy(
            update={
                "scope": whole.scope.model_copy(
                    update={
                        "place": _own_place(whole, parts[0][1], places, listed),
                        "parts_in": tuple(sorted(listed)),
                    }
                )
            }
        )
        for k, part, place in parts:
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
        i = parts[-1][0] + 1
    return out


def _own_place(
    whole: QuantityClaim, first: QuantityClaim, places: Sequence[PlaceSpan], listed: set[str]
) -> str | None:
    """The total's own place: one named between it and its list ("3,400 in Turkey, with …"),
    else the nearest before it that may hold the listed places ("In Turkey, the toll rose
    to 3,400, with …"); not a town a speaker is in ("Police in Paris said the national toll
    had risen to 340, with 120 in Lyon") nor one named after the list ("…, the ministry said
    in Kessel")."""
    at, list_start = _start(whole), _start(first)
    between = [p for p in places if at <= p.start < list_start and p.name not in listed]
    if between:
        return between[0].name
    before = [p for p in places if p.start < at and wordnet.holds_places(p.name)]
    return before[-1].name if before else None


def _listed_after(
    claims: Sequence[QuantityClaim], i: int, sentence: str, places: Sequence[PlaceSpan]
) -> list[tuple[int, QuantityClaim, PlaceSpan]]:
    """The figures after ``claims[i]`` listed by place as its parts, each with its index and
    its place, whatever they add up to; none when they are no such list. An earlier value
    right after the total does not stand between it and its list ("rose to 430 from 310 a week
    earlier, with 120 in Sofia")."""
    whole = claims[i]
    if (
        not whole.measure.holds_parts
        or whole.measure.family in _NOT_WHOLES
        or whole.is_part
        or whole.scope.previous
    ):
        return []
    j = i + 1
    while j < len(claims) - 1 and claims[j].scope.previous:
        j += 1
    link = sentence[_end(claims[j - 1]) : _start(claims[j])]
    if not _STRONG_LINK.search(link) and (
        not _COMMA_LINK.match(link) or _place_after(whole, sentence, places, _start(claims[j]))
    ):
        return []
    parts: list[tuple[int, QuantityClaim, PlaceSpan]] = []
    for k in range(j, len(claims)):
        part = claims[k]
        if parts and not _BETWEEN_PARTS.fullmatch(sentence, parts[-1][2].end, _start(part)):
            break
        following = _start(claims[k + 1]) if k + 1 < len(claims) else len(sentence)
        place = _place_after(part, sentence, places, following)
        if (
            place is None
            or part.part_of not in (None, whole.id)
            or not (part.measure.bare or _counts_what(whole, part))
            or part.modality != whole.modality
            or part.scope.previous
        ):
            break
        if part.value >= whole.value:
            return []  # "40 people, 30 in Hatay and 45 in Adana": no list of the 40's parts
        parts.append((k, part, place))
    return parts


def _counts_what(whole: QuantityClaim, part: QuantityClaim) -> bool:
    """Whether a listed figure that names what it counts counts what the total counts: a
    family of its own says so ("43 measles cases – 26 in Sofia" are cases, whatever noun each
    gives); of plain counts, the nouns must be one ("500 cars, with 300 trucks in Ohio")."""
    if part.measure.family != whole.measure.family:
        return False
    return whole.measure.family != "count" or part.measure.counted == whole.measure.counted


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
