"""When a figure held: a scope time ("now", "last year", "wednesday", "oct. 22", "2024") placed
on the calendar (``factcheck.timeline``), to order the figures of one running total.

Without a publication date (``publication_day``) only phrases that order among themselves are
placed: dates of one unnamed year ("oct. 3" before "oct. 5"), years, and phrases relative to
now ("last year" before "now"). Weekdays in undated copy are taken as one week
(``story_week``), and only order among themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from factcheck.extract.dates import parse_expression
from factcheck.model import QuantityClaim, ScopeTime
from factcheck.timeline import WEEKDAYS, place, with_year

# A present later than any date a text gives, when no publication date anchors "now".
_PRESENT = date(9000, 1, 1)
# Month and day of undated copy are placed in one nominal (leap) year.
_UNDATED_YEAR = 2000
# Phrases that count back from a time the text names, which for a scope time is the time of
# writing; "earlier" (before some other time the text gives) cannot be placed.
_BACK_DAYS = {"the previous year": 365, "the year before": 365, "earlier": None}


def story_week(phrases: Iterable[str | None]) -> tuple[str, ...]:
    """The weekdays of undated copy in the order they happened. A story's days lie within the
    week before it was written, which starts after the longest run of days the story does not
    name when that run is most of a week ("Saturday … Sunday … Monday" leaves Tuesday to
    Friday out, so Saturday comes first); a story whose days spread wider ("Monday" and
    "Friday") could have been written on any of them, and is read Monday first."""
    named = sorted({WEEKDAYS.index(p) for p in phrases if p in WEEKDAYS})
    if len(named) < 2:
        return WEEKDAYS
    # For each named day, how many days the story skips after it before the next named one.
    skipped = [(named[(i + 1) % len(named)] - day - 1) % 7 for i, day in enumerate(named)]
    longest = max(skipped)
    if longest < 4:
        return WEEKDAYS
    first = named[(skipped.index(longest) + 1) % len(named)]
    return WEEKDAYS[first:] + WEEKDAYS[:first]


def resolve(
    phrase: str | None, published: date | None, week: tuple[str, ...] = WEEKDAYS
) -> date | None:
    """The day a scope time points at, or None when it cannot be placed; ``week`` orders the
    weekdays of undated copy (``story_week``).

    A period is represented by its last day up to now: "last week" is its Sunday, "this
    year" is today, "2024" is Dec. 31, 2024.
    """
    now = published or _PRESENT
    if phrase in (None, "now"):
        return now
    assert phrase is not None
    if phrase in _BACK_DAYS:
        back = _BACK_DAYS[phrase]
        return None if back is None else now - timedelta(days=back)
    if phrase in WEEKDAYS and published is None:
        return date(2001, 1, 1) + timedelta(days=week.index(phrase))
    parsed = parse_expression(phrase)
    if parsed is None:
        return None
    if published is None and parsed.kind in ("date", "month") and parsed.year is None:
        parsed = with_year(parsed, _UNDATED_YEAR)
    placed = place(parsed, now)
    if placed is None:
        return None
    if parsed.kind == "ago":  # "a week ago": the day it names, not the end of its margin
        return placed.start + (placed.end - placed.start) / 2
    return max(placed.start, min(placed.end, now))


def in_one_year(a: ScopeTime | None, b: ScopeTime | None, ka: date, kb: date) -> tuple[date, date]:
    """Two figures' moments (``order_key``) made comparable: a day given with its year against
    one given without ("April 12" … "April 9, 2020") is ordered by month and day alone, as
    undated copy is."""
    if a is None or b is None or a.day_with_year == b.day_with_year:
        return ka, kb
    return ka.replace(year=_UNDATED_YEAR), kb.replace(year=_UNDATED_YEAR)


def order_key(
    claim: QuantityClaim, published: date | None, week: tuple[str, ...] = WEEKDAYS
) -> date | None:
    """When a claim's figure held, for ordering figures of one running total, in a document
    published on ``published`` (``publication_day``); None for a previous value ("up from
    20"), which held at a time the text does not place."""
    if claim.scope.previous:
        return None
    time = claim.scope.time
    return resolve(time.phrase if time else None, published, week)
