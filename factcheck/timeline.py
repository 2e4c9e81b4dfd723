"""Put the times that scope figures in order, so a running total can be followed.

A scope time is a normalised phrase ("now", "last year", "wednesday", "oct 22", "2024").
It resolves against the document's ``published_at``; without one, only phrases that order
among themselves do ("last year" comes before "now"; "oct 3" before "oct 5" of one year).
Weekdays resolve to the week before the publication date; in undated copy they are taken as
one week, Monday first, and only order among themselves.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from factcheck.model import Document, QuantityClaim

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_BACK_DAYS = {
    "yesterday": 1, "last night": 1, "today": 0, "tonight": 0, "this morning": 0,
    "last week": 7, "a week ago": 7, "last weekend": 5, "last month": 30, "last year": 365,
    "a year ago": 365, "the previous year": 365, "the year before": 365,
    "this week": 0, "this month": 0, "this year": 0,
}  # fmt: skip
_PART_DAY = {"early": 5, "mid": 15, "late": 25}
# Without a publication date, "now" is a point after every dated past the text can name.
_PRESENT = date(9000, 1, 1)


def _published(doc: Document) -> date | None:
    pub = doc.published_at
    if isinstance(pub, datetime):
        return pub.date()
    return pub


def resolve(phrase: str | None, published: date | None) -> date | None:
    """The day a scope time points at, or None when it cannot be placed."""
    now = published or _PRESENT
    if phrase in (None, "now"):
        return now
    assert phrase is not None
    if phrase in _BACK_DAYS:
        return now - timedelta(days=_BACK_DAYS[phrase])
    if phrase in _WEEKDAYS:
        if published is None:
            # Undated copy: take its weekdays as one week, Monday first.
            return date(2001, 1, 1) + timedelta(days=_WEEKDAYS.index(phrase))
        back = (published.weekday() - _WEEKDAYS.index(phrase)) % 7
        return published - timedelta(days=back)
    parts = phrase.replace(".", "").replace("-", " ").split()
    if len(parts) == 2 and parts[0] in _PART_DAY and parts[1][:3] in _MONTHS:
        parts = [parts[1], str(_PART_DAY[parts[0]])]  # "mid-october" → october 15
    if len(parts) == 2 and parts[0][:3] in _MONTHS and parts[1].isdigit():
        month = _MONTHS[parts[0][:3]]
        year = published.year if published else 2000
        try:
            return date(year, month, int(parts[1]))
        except ValueError:
            return None
    if phrase.isdigit() and len(phrase) == 4:
        return date(int(phrase), 12, 31)
    return None


def order_key(claim: QuantityClaim, doc: Document) -> date | None:
    """When a claim's figure held, for ordering figures of one running total."""
    return resolve(claim.scope.time, _published(doc))
