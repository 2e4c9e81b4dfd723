"""What a figure says, in words: "at least 18: 18 or more people, deaths, since Sunday".

The reading comes from the claim the engine extracted: the hard interval (what the words
strictly allow), what is counted, the measure's family and the scope the figure holds in.
"""

from __future__ import annotations

from factcheck.model import Interval, QuantityClaim

_PROPER = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def interval_words(hard: Interval) -> str:
    """An interval as a reader would say it: "exactly 15", "18 or more", "fewer than 30"."""
    lo = _number(hard.lo)
    if hard.hi is None:
        return f"more than {lo}" if hard.lo_open else f"{lo} or more"
    hi = _number(hard.hi)
    if hard.lo == hard.hi:
        return f"exactly {lo}"
    if hard.lo <= 0 and not hard.lo_open:
        return f"fewer than {hi}" if hard.hi_open else f"at most {hi}"
    if not (hard.lo_open or hard.hi_open):
        return f"from {lo} to {hi}"
    low = f"more than {lo}" if hard.lo_open else f"at least {lo}"
    high = f"under {hi}" if hard.hi_open else f"at most {hi}"
    return f"{low} and {high}"


def _phrase(text: str) -> str:
    """Normalised scope words with day and month names capitalised again."""
    return " ".join(w.capitalize() if w in _PROPER else w for w in text.split())


def scope_words(claim: QuantityClaim) -> list[str]:
    scope = claim.scope
    words = []
    if scope.since:
        words.append(f"since {_phrase(scope.since)}")
    elif scope.time and not scope.time.now:
        words.append(_phrase(scope.time.phrase))
    if scope.where:
        words.append(_phrase(scope.where))
    if scope.event:
        words.append(f"the {scope.event}")
    return words


def reading(claim: QuantityClaim) -> str:
    """The one-line reading of a figure."""
    counted = f" {claim.measure.counted}" if claim.measure.counted else ""
    what = "ordinal: " if claim.ordinal else ""
    parts = [f"{what}{interval_words(claim.hard)}{counted}", claim.measure.family]
    if claim.measure.anchor:
        parts.append(f"of {claim.measure.anchor}")
    parts.extend(scope_words(claim))
    return f"{claim.span.text}: {', '.join(parts)}"


def hover_markdown(claim: QuantityClaim) -> str:
    """The hover's text: the reading, then the usual reading and how it was taken."""
    details = [f"usually read as {claim.soft}", f"qualifier `{claim.qualifier}`"]
    if claim.scope.kind != "unknown":
        details.append("a running total" if claim.scope.kind == "total" else "one incident")
    if claim.attribution:
        details.append(f"according to {claim.attribution}")
    if claim.modality != "asserted":
        details.append(claim.modality)
    return f"{reading(claim)}\n\n{' · '.join(details)}"
