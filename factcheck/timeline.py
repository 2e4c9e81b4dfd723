"""The calendar: where a parsed date falls.

A date the extractor found ("Oct. 3", "late Tuesday", "last week") is placed on the calendar
against the publication date (``anchor``) and the tense of its clause: "Oct. 3" is the Oct. 3
nearest to publication, "Wednesday" the latest Wednesday on or before it, or after "will" the
coming one. Calendar words are placed here; only the arithmetic of phrases such as "a fortnight
ago" goes to dateparser, imported the first time such a phrase needs it.

When a figure's scope time held (for a running total read at two moments) is placed the same
way by ``factcheck.compare.when``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple

from factcheck.model import Document, ScopeTime

Precision = Literal["day", "week", "month", "year", "decade", "unknown"]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


@dataclass(frozen=True)
class ParsedDate:
    """What a date span says, before it is placed on the calendar."""

    kind: Literal["date", "month", "weekday", "decade", "year", "relative", "ago", "clock"]
    month: int | None = None
    day: int | None = None
    month2: int | None = None  # the end of a range: "Oct. 30-Nov. 2"
    day2: int | None = None
    year: int | None = None
    weekday: int | None = None  # 0 = Monday: the weekday named, alone or with a date
    part: str | None = None  # early, mid, late, earlier, later, end, start, middle
    rel: str | None = None  # last, next, this, this past, this coming
    phrase: str = ""  # a relative or "ago" phrase, lower case
    night: bool = False  # "Tuesday night", "tonight": may run past midnight
    bound: str | None = None  # a preposition inside the span: "since 2019"


class Resolved(NamedTuple):
    start: date
    end: date
    precision: Precision


DAY_OFFSETS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2,
}  # fmt: skip
_SHIFT = {"last": -1, "this": 0, "next": 1}


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _nearest_year(month: int, day: int, anchor: date, future: bool) -> int | None:
    """The year that puts month/day nearest to ``anchor``; on a tie, the tense decides."""
    best: tuple[int, int, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = _safe_date(year, month, day)
        if d is None:
            continue
        distance = (d - anchor).days
        key = (abs(distance), 0 if (distance >= 0) == future else 1, year)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _part_of(start: date, end: date, part: str | None, unit: str) -> tuple[date, date]:
    """Narrow a month, year or decade to its early, middle or late part."""
    if part is None:
        return start, end
    if unit == "month":
        bounds = {"early": (1, 10), "start": (1, 10), "beginning": (1, 10), "mid": (11, 20),
                  "middle": (11, 20), "late": (21, end.day), "end": (21, end.day)}  # fmt: skip
        lo, hi = bounds.get(part, (1, end.day))
        return start.replace(day=lo), start.replace(day=hi)
    if unit == "year":
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(part, (1, 12))
        return date(start.year, months[0], 1), _month_end(start.year, months[1])
    years = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get(part, (0, 9))
    return date(start.year + years[0], 1, 1), date(start.year + years[1], 12, 31)


def place(parsed: ParsedDate, anchor: date | None, future: bool = False) -> Resolved | None:
    """The days a parsed date covers, given the publication date (``anchor``) and whether its
    clause speaks of the future. None when it cannot be placed."""
    try:
        return _resolve(parsed, anchor, future)
    except (ValueError, OverflowError):
        return None  # a date past the calendar's ends


def _resolve(p: ParsedDate, anchor: date | None, future: bool) -> Resolved | None:
    if p.kind == "date":
        return _resolve_day(p, anchor, future)
    if p.kind == "month":
        return _resolve_month(p, anchor, future)
    if p.kind == "decade":
        assert p.year is not None
        lo, hi = _part_of(date(p.year, 1, 1), date(p.year + 9, 12, 31), p.part, "decade")
        return Resolved(lo, hi, "decade")
    if p.kind == "year":
        assert p.year is not None
        lo, hi = _part_of(date(p.year, 1, 1), date(p.year, 12, 31), p.part, "year")
        return Resolved(lo, hi, "year")
    if anchor is None:
        return None
    if p.kind == "weekday":
        return _resolve_weekday(p, anchor, future)
    if p.kind == "relative":
        return _resolve_relative(p.phrase, anchor)
    if p.kind == "ago":
        return _resolve_ago(p.phrase, anchor)
    return None  # a clock time alone: its day is not said


def _resolve_day(p: ParsedDate, anchor: date | None, future: bool) -> Resolved | None:
    assert p.month is not None and p.day is not None
    year = p.year
    if year is None:
        if anchor is None:
            return None
        year = _nearest_year(p.month, p.day, anchor, future)
        if year is None:
            return None
    start = _safe_date(year, p.month, p.day)
    if start is None:
        return None
    end = start
    if p.day2 is not None:
        month2 = p.month2 or p.month
        end = _safe_date(year, month2, p.day2) or start
        if end < start:  # "Dec. 30-Jan. 2"
            end = _safe_date(year + 1, month2, p.day2) or start
    return Resolved(start, end, "day")


def _resolve_month(p: ParsedDate, anchor: date | None, future: bool) -> Resolved | None:
    assert p.month is not None
    year = p.year
    if year is None:
        if anchor is None:
            return None
        now = anchor.year * 12 + anchor.month - 1
        options = [(y * 12 + p.month - 1 - now, y) for y in range(anchor.year - 1, anchor.year + 2)]
        if p.rel == "this":
            year = anchor.year
        elif p.rel in ("last", "this past"):
            year = max(o for o in options if o[0] < 0 or (o[0] == 0 and p.rel == "this past"))[1]
        elif p.rel in ("next", "this coming"):
            year = min(o for o in options if o[0] > 0 or (o[0] == 0 and p.rel == "this coming"))[1]
        else:
            year = min(options, key=lambda o: (abs(o[0]), (o[0] >= 0) != future))[1]
    lo, hi = _part_of(date(year, p.month, 1), _month_end(year, p.month), p.part, "month")
    return Resolved(lo, hi, "month")


def _resolve_weekday(p: ParsedDate, anchor: date, future: bool) -> Resolved:
    assert p.weekday is not None
    back = (anchor.weekday() - p.weekday) % 7
    ahead = (p.weekday - anchor.weekday()) % 7
    if p.rel in ("last", "this past"):
        day = anchor - timedelta(days=back or 7)
    elif p.rel in ("next", "this coming"):
        day = anchor + timedelta(days=ahead or 7)
    elif future:
        day = anchor + timedelta(days=ahead)
    else:
        day = anchor - timedelta(days=back)
    return Resolved(day, day, "day")


def _resolve_relative(phrase: str, anchor: date) -> Resolved | None:
    if phrase in DAY_OFFSETS:
        day = anchor + timedelta(days=DAY_OFFSETS[phrase])
        return Resolved(day, day, "day")
    if phrase == "overnight":
        return Resolved(anchor - timedelta(days=1), anchor, "day")
    words = phrase.split()
    edge = words[0] if words[0] in ("earlier", "later") else None
    rel, unit = words[-2], words[-1]
    shift = _SHIFT[rel]
    precision: Precision
    if unit in ("week", "weekend"):
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=shift)
        if unit == "weekend":
            if rel == "last":  # the weekend before the current week
                monday = anchor - timedelta(days=anchor.weekday())
                return Resolved(monday - timedelta(days=2), monday - timedelta(days=1), "week")
            return Resolved(monday + timedelta(days=5), monday + timedelta(days=6), "week")
        lo, hi, precision = monday, monday + timedelta(days=6), "week"
    elif unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + shift
        year, month = divmod(index, 12)
        lo, hi, precision = date(year, month + 1, 1), _month_end(year, month + 1), "month"
    else:
        year = anchor.year + shift
        lo, hi, precision = date(year, 1, 1), date(year, 12, 31), "year"
    if edge == "earlier":
        hi = max(lo, anchor - timedelta(days=1))
    elif edge == "later":
        lo = min(hi, anchor + timedelta(days=1))
    return Resolved(lo, hi, precision)


def _resolve_ago(phrase: str, anchor: date) -> Resolved | None:
    m = re.fullmatch(r"(.+?)\s+(day|week|month|year|decade)s?\s+ago", phrase)
    unit = m.group(2) if m else "week"  # "a fortnight ago"
    count = m.group(1) if m else ""
    n = int(count) if count.isdigit() else _SMALL_NUMBERS.get(count)
    if n is not None:
        days = {"day": 1, "week": 7}.get(unit)
        if days:
            day = anchor - timedelta(days=days * n)
        elif unit == "month":
            year, month = divmod(anchor.year * 12 + anchor.month - 1 - n, 12)
            day = date(year, month + 1, 1)
        else:
            day = date(anchor.year - n * (10 if unit == "decade" else 1), 1, 1)
    else:
        parsed_day = _dateparser_day(phrase, anchor)
        if parsed_day is None:
            return None
        day = parsed_day
    if unit == "day":
        return Resolved(day, day, "day")
    if unit == "week":
        return Resolved(day - timedelta(days=3), day + timedelta(days=3), "week")
    if unit == "month":
        return Resolved(day.replace(day=1), _month_end(day.year, day.month), "month")
    return Resolved(date(day.year, 1, 1), date(day.year, 12, 31), "year")


@lru_cache(maxsize=256)
def _dateparser_day(phrase: str, anchor: date) -> date | None:
    """dateparser's reading of an arithmetic phrase ("twenty-one days ago"), or None."""
    try:
        import dateparser
    except ImportError:  # the optional `dates` extra is not installed
        return None
    base = datetime(anchor.year, anchor.month, anchor.day, 12)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    result = dateparser.parse(phrase, languages=["en"], settings=settings)
    return result.date() if result else None


def published_day(document: Document) -> date | None:
    pub = document.published_at
    return pub.date() if isinstance(pub, datetime) else pub


def with_year(parsed: ParsedDate, year: int) -> ParsedDate:
    """The same date placed in a given year, for copy that never says which."""
    return replace(parsed, year=year)


# -- scope times: the phrases that say when a figure held ------------------------------------


def same_time(a: ScopeTime | None, b: ScopeTime | None) -> bool:
    """Two scope times name one time: equal, or one day given once with its year and once
    without ("April 9" … "April 9, 2020"); two years make two days."""
    if a is None or b is None:
        return False
    if a.phrase == b.phrase:
        return True
    return a.undated == b.undated and not (a.day_with_year and b.day_with_year)
