"""FC203: one person's life dates that cannot all be right: two birth dates, two death
dates, a death before the birth, or an age that the birth date rules out.

Profiles and obituaries give a birth date ("Ada Kell (born March 3, 1961)"), a death date and
an age ("Kell, 64, said"); copy edited in several passes lets them drift apart. A birth or death
date is read only where it follows "born" or "died" ("born on", "died in", "died at her home
on"), and belongs to the name right before the word ("Ada Kell (born …", "Ada Kell was born …",
"Ada Kell, born …", "Ada Kell, who died …", "Ada Kell died …", "Ada Kell (born …; died …"), or
stands in a bracketed lifespan right after the name ("Ilse Voren (April 2, 1888 – June 14,
1961)"). An age given with a death ("died in 2008 at the age of 92", "died on 11 August 2024,
aged 81") is checked against the birth date at that death. Any other age is checked against a
birth date only when the document says when it was published (the day the age holds), only
for ages of the present ("Kell, 64," and not "in 1990, the 29-year-old Kell"), and only for a
name that no other person with a birth date in the story shares.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from factcheck.alignment import same_sentence, usable
from factcheck.engine.base import FindingBuilder, RuleContext, RuleType
from factcheck.extract.dates import (
    EVENT_RELATIONS,
    LIFE_PLACE,
    parse_expression,
)
from factcheck.model import DateClaim, Finding, QuantityClaim, Severity
from factcheck.rules.clash import report_clash
from factcheck.rules.dates import bounded_days

# "aged 92", "at the age of 92", "aged just 92"
_AGE_WORDS = r"(?:aged|at\s+(?:the\s+)?age(?:\s+of)?)(?:\s+(?:just|only))?"
# The age itself, in figures or words ("aged ninety-one"): a figure must end there.
_AGE_VALUE = r"(?P<age>\d{1,3}|[a-z]+(?:-[a-z]+)?)\b"
_WINDOW = 160  # characters before a date in which its name and "born" or "died" stand
_TOLD_REACH = 400  # characters before an age's sentence whose years may be the age's time
_LEAP_YEAR = 2000  # the nominal year of a day given without its year (February 29 exists)
# Words an apposition that runs into "who" cannot hold: a preposition or a relative pronoun
# brings in someone else, whom the "who" may tell of ("the mother of a boy who died", "the
# nurse who treated a soldier who died", "named after an aunt who died", "whose brother Tom,
# who died").
_ELSEWHERE = (
    r"\b(?:of|to|with|for|from|by|after|before|like|on|at|in|about|over|than|as"
    r"|who|whose|whom|which|that|where)\b"
)
# An apposition opens in lower case or is an age ("Ada Kell, 64, died"): "TARNBY, 9 May
# 2024 — Ada Kell, who" is Kell.
_APPOSITION = r"(?=[a-z]|\d{1,3}\s*,)"
# "Ada Kell (born", "Ada Kell, born", "Ada Kell was born", "Ada Kell died", "Ada Kell (born
# 3 March 1961; died", "Ada Kell, the club's founder, was born", "Ada Kell, who died" — then
# "on" or "in" and the date.
_LIFE_EVENT_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:de|van|von|da|del|[A-Z][\w'’.-]*))*)"
    r"(?:\s*\(\s*(?:born\b[^();]{0,60};\s*)?"
    # "Ada Kell, who died", "Ada Kell, the club's choirmaster who died" (not "the mother of a
    # boy who died")
    rf"|\s*,\s*(?:{_APPOSITION}(?:(?!{_ELSEWHERE})[^,;()]){{1,60}}?(?:\s*,\s*|\s+))?"
    r"who\s+(?:was\s+)?"
    # "Ada Kell, the club's founder, was born", "Ada Kell, 64, died": the comma closes what
    # the apposition tells, and the verb after it is the name's.
    rf"|\s*,\s*(?:{_APPOSITION}[^,;()]{{1,60}}?\s*,\s*(?:was\s+|is\s+)?)?"
    r"|\s+(?:was\s+|is\s+)?)"
    r"(?P<event>born|died)"
    # "died aged 92 on 3 May 1944", "died at the age of 92 in 1944"
    rf"(?:\s*,?\s*{_AGE_WORDS}\s+{_AGE_VALUE}(?:\s+years(?:\s+old)?)?\s*,?)?"
    + LIFE_PLACE
    + r"\s+(?:(?:before|after)\s+(?:the\s+)?)?(?:on\s+|in\s+)?$"
)
# "Ilse Voren (April 2, 1888 – June 14, 1961)": a lifespan in brackets after the name. Before
# the first date the window ends "Ilse Voren ("; before the second, "Ilse Voren (April 2, 1888 – ".
_DASH = r"(?:–|—|-|\bto\b)"
_LIFESPAN_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:de|van|von|da|del|[A-Z][\w'’.-]*))*)\s*\(\s*"
    rf"(?P<first>[^()–—;]{{4,40}}?\s*{_DASH}\s*)?$"
)
_LIFESPAN_GOES_ON = re.compile(rf"\s*{_DASH}\s*[^()]{{4,40}}\)")  # after the birth date
_LIFESPAN_ENDS = re.compile(r"\s*\)")  # after the death date
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
# A name after a preposition is not who was born or died: "niece of the late Charles de Gaulle,
# died in Paris" tells of the niece.
_OBJECT_BEFORE = re.compile(r"\b(?:of|to|with|by|for|from|at)\s+(?:the\s+)?(?:late\s+)?$")


# The age a death date gives after it, maybe after a place: "died on 11 August 2024, aged 81",
# "died in 2008 at the age of 92", "died in 2020 in York, Maine, aged 91".
_AGE_AT_DEATH = re.compile(
    r"\s*,?\s*(?:(?:in|at)\s+[A-Z][\w'’.-]*(?:(?:\s*,\s*|\s+)[A-Z][\w'’.-]*)*\s*,?\s*)?"
    rf"{_AGE_WORDS}\s+{_AGE_VALUE}"
)
# An age counted in other units than years, or only begun: "aged 92 days", "at the age of 14
# months", "aged nine decades and two years", "aged four score".
_AGE_NOT_IN_YEARS = re.compile(
    r"\s*(?:days?|weeks?|months?|hours?|minutes?|decades?|score|dozen)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class _LifeDate:
    claim: DateClaim
    event: str  # "born" or "died"
    name: str  # as written, without leading words that are not names
    surname: str  # lower case: what an age is anchored to ("Kell, 64")
    lo: date
    hi: date
    age: QuantityClaim | None = None  # the age at a death the text gives with it
    # The month and day of a day given without its year ("died on 2 October"): compared only
    # with another life date of the same event, whose year is then taken to be the same.
    yearless: tuple[int, int] | None = None

    @property
    def day(self) -> tuple[int, int] | None:
        """Month and day, when the date is one day."""
        if self.yearless is not None:
            return self.yearless
        return (self.lo.month, self.lo.day) if self.lo == self.hi else None


def _life_dates(ctx: RuleContext) -> list[_LifeDate]:
    found = []
    figures: dict[tuple[str, int], QuantityClaim] | None = None  # by where they end ("just 81")
    for claim in ctx.graph.claims_of_kind("date"):
        if not (isinstance(claim, DateClaim) and usable(claim)):
            continue
        if claim.relation not in EVENT_RELATIONS:
            continue  # "born by 1990" is no life date
        # The characters before the date (``_WINDOW``), cut out directly: slicing the whole prefix
        # first copies a long sentence of dates once for each of them.
        at = claim.span.start - claim.sentence.start
        opens = max(0, at - _WINDOW)
        window = claim.sentence.text[opens:at]
        m = _LIFE_EVENT_BEFORE.search(window)
        event = m.group("event") if m else None
        if m is None:
            m = _LIFESPAN_BEFORE.search(window)
            event = _lifespan_event(claim, m) if m else None
        if m is None or event is None or _OBJECT_BEFORE.search(window, 0, m.start()):
            continue
        yearless = _yearless(claim)
        if yearless is None and (claim.start is None or claim.end is None):
            continue  # a time that could not be placed
        if yearless is not None and claim.relation != "at":
            continue
        words = m.group("name").split()
        while words and words[0] in ctx.graph.lexicon.not_names:  # "When Ada Kell was born"
            words.pop(0)
        if not words:
            continue
        # "Lloyd Polite Jr.", "Francisco Muniz IV": the surname stands before the suffix, which
        # stays in the name (a Jr. and a Sr. are two people).
        surname = next((w for w in reversed(words) if w.rstrip(".") not in _SUFFIXES), words[-1])
        if yearless is None:
            assert claim.start is not None and claim.end is not None
            lo, hi = bounded_days(claim, claim.start, claim.end)
        else:
            lo = hi = date(_LEAP_YEAR, *yearless)
        age = None
        if event == "died":
            sentence = claim.sentence.text
            after = _AGE_AT_DEATH.match(sentence, claim.span.end - claim.sentence.start)
            told = after.end("age") if after else None  # where in the sentence the age ends
            if m.groupdict().get("age"):
                told = opens + m.end("age")
            if told is not None:
                if figures is None:
                    figures = {(q.document_id, q.span.end): q for q in ctx.graph.quantities()}
                age = figures.get((claim.document_id, claim.sentence.start + told))
                if age is not None and _AGE_NOT_IN_YEARS.match(
                    sentence, age.span.end - claim.sentence.start
                ):
                    age = None
        found.append(
            _LifeDate(claim, event, " ".join(words), surname.lower(), lo, hi, age, yearless)
        )
    return found


def _yearless(claim: DateClaim) -> tuple[int, int] | None:
    """The month and day of a day written without its year ("died on 2 October"), whether or
    not a publication day placed it in a year: a birthday is no birth in the year of the
    story."""
    parsed = parse_expression(claim.expression)
    if parsed is None or parsed.kind != "date" or parsed.year is not None:
        return None
    if parsed.month is None or parsed.day is None or parsed.day2 is not None:
        return None
    return parsed.month, parsed.day


def _lifespan_event(claim: DateClaim, m: re.Match[str]) -> str | None:
    """Whether the date after a bracket opened by ``m`` is a birth or a death: the first of two
    dates the bracket holds, or the last; None when the bracket holds something else."""
    after = claim.sentence.text[claim.span.end - claim.sentence.start :]
    if m.group("first") is None:
        return "born" if _LIFESPAN_GOES_ON.match(after) else None
    return "died" if _LIFESPAN_ENDS.match(after) else None


def _of_a_year_told(
    age: QuantityClaim, birth: _LifeDate, told: Sequence[tuple[int, int]], on: date
) -> bool:
    """The age is the person's in an earlier year the story names just before it or beside it
    (``told``: where each dated year stands in the document, in order; ``on``: the day the
    story was published): "born in 1920 … joined the RAF in 1939. Kell, 19, flew bombers"
    tells of 1939, not of the day it was published."""
    start = bisect.bisect_left(told, (age.sentence.start - _TOLD_REACH, 0))
    stop = bisect.bisect_right(told, (age.sentence.end, 0))
    for _, year in told[start:stop]:
        if year >= on.year:
            continue  # the year of the story: its ages are today's
        youngest, oldest = _age_range(birth, date(year, 1, 1), date(year, 12, 31))
        if _misfit(age, youngest, oldest) is None:
            return True
    return False


def _dated_births(dates: list[_LifeDate]) -> list[_LifeDate]:
    """The birth dates with a year, and not bounds ("born before 1960"): what an age is
    checked against."""
    return [d for d in dates if d.event == "born" and d.claim.relation == "at" and not d.yearless]


def _parts(name: str) -> frozenset[str]:
    return frozenset(name.lower().split())


def _people(
    dates: list[_LifeDate], texts: list[str], not_names: frozenset[str]
) -> Iterable[list[_LifeDate]]:
    """The life dates of each person: one surname, and names of which one holds every word of
    the other ("Navarro", "Dave Navarro"). A bare surname is a person's only while the texts
    name one person of that surname ("Rinn" beside Ewan and Ivo Rinn is neither); a longer
    name only while it fits one of the fullest names."""
    by_surname: dict[str, list[_LifeDate]] = defaultdict(list)
    for life_date in dates:
        by_surname[life_date.surname].append(life_date)
    for surname, group in by_surname.items():
        fulls = {_parts(d.name) for d in group if len(_parts(d.name)) > 1}
        longest = [f for f in fulls if not any(f < g for g in fulls)]
        bare = [d for d in group if len(_parts(d.name)) == 1]
        if bare and len(longest) <= 1 and _one_person(surname, texts, not_names):
            yield group
            continue
        for full in longest:
            # A shorter name that fits two of the longest ("Ada Kell" beside Ada Mae Kell and
            # Ada Rose Kell) could be either: it is compared with neither.
            yield [
                d
                for d in group
                if len(_parts(d.name)) > 1
                and _parts(d.name) <= full
                and sum(_parts(d.name) <= other for other in longest) == 1
            ]


def _one_person(surname: str, texts: list[str], not_names: frozenset[str]) -> bool:
    """Whether the texts give at most one full name ending in ``surname``; a Jr. and a Sr. of
    one name are two ("Gerald Hume Jr." beside "Gerald Hume Sr.")."""
    # Words of a name, or initials ("J. R. Navarro"); not a word that ends a sentence ("… in
    # Brugg. Voren was born" names no Brugg Voren).
    pattern = re.compile(
        rf"\b((?:[A-Z][\w'’-]*\s+|[A-Z]\.\s+)+)(?i:{re.escape(surname)})\b"
        rf"(?:,?\s+({'|'.join(_SUFFIXES)})\b)?"
    )
    named = set()
    for text in texts:
        for m in pattern.finditer(text):
            words = [w.lower() for w in m.group(1).split() if w not in not_names]
            if words:
                named.add(frozenset(words + ([m.group(2)] if m.group(2) else [])))
    longest = [n for n in named if not any(n < o for o in named)]
    return len(longest) <= 1


def _explained(d: _LifeDate) -> list[str]:
    """The event and the first day of its date, or the bound with the day it bounds:
    ["born", "1966-05-08"], ["born", "before", "1966-05-08"], ["born", "after", "1990-12-31"];
    a day without its year as ISO 8601 writes one: ["died", "--10-02"]."""
    c = d.claim
    day = c.end if c.relation == "after" else c.start
    shown = day.isoformat() if day else ""
    if d.yearless is not None:
        shown = "--{:02d}-{:02d}".format(*d.yearless)
    return [d.event, shown] if c.relation == "at" else [d.event, c.relation, shown]


def _as_said(d: _LifeDate) -> str:
    """A date as the text gives it, with its bound: "'1948'", "before '8th of May 1966'"."""
    said = f"'{d.claim.span.text}'"
    if d.claim.relation == "at" or d.claim.span.text.lower().startswith(d.claim.relation):
        return said  # "'before 1988'" says its bound itself
    return f"{d.claim.relation} {said}"


def _of_the_present(age: QuantityClaim, on: date) -> bool:
    """An age as of the publication day: not one set in an earlier year ("In 1990, the
    29-year-old Kell …") or an earlier time of the story ("the then 40-year-old Kell"); a day
    of the week or "next week" is close enough."""
    time = age.scope.time
    if age.scope.previous:  # "up from 40", "the then 40-year-old" (scope.yml earlier_age)
        return False
    if time is None or time.now or time.year is None:
        return True
    return time.year == on.year


def _age_range(born: _LifeDate, first: date, last: date) -> tuple[int, int]:
    """The youngest and oldest ages a person born within ``born``'s days has between the days
    ``first`` and ``last``."""

    def age(birthday: date, on: date) -> int:
        return on.year - birthday.year - ((on.month, on.day) < (birthday.month, birthday.day))

    return age(born.hi, first), age(born.lo, last)


@dataclass(frozen=True)
class _Misfit:
    """An age the birth date rules out: by how many years, and the ages it allows, in words."""

    years: int
    allowed: str

    @property
    def severity(self) -> Severity | None:
        # A year out may be an age as of an event shortly before a birthday. The runner keeps
        # a lowered finding at or below the rule's configured severity.
        return None if self.years >= 2 else "warning"


def _misfit(age: QuantityClaim, youngest: int, oldest: int) -> _Misfit | None:
    assert age.hard.hi is not None
    years = max(youngest - age.hard.hi, age.hard.lo - oldest)
    if years <= 0:
        return None
    return _Misfit(int(years), f"{youngest}" if youngest == oldest else f"{youngest} or {oldest}")


class LifeDatesConflict(RuleType):
    """Life dates of one person that cannot all be right."""

    kind = "date.life-dates"
    targets = frozenset({"date", "quantity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        dates = _life_dates(ctx)
        if not dates:
            return out
        texts = [d.text for d in ctx.graph.documents.values()]
        for group in _people(dates, texts, ctx.graph.lexicon.not_names):
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if self._comparable(ctx, a.claim, b.claim):
                        self._pair(out, a, b)
            self._ages_at_death(ctx, out, group)
        self._ages(ctx, out, _dated_births(dates))
        return out

    @staticmethod
    def _pair(out: FindingBuilder, a: _LifeDate, b: _LifeDate) -> None:
        """Two birth or two death dates that do not meet, or a death before the birth."""
        name = max(a.name, b.name, key=len)  # "Dave Navarro" rather than "Navarro"
        undated = a.yearless is not None or b.yearless is not None
        if a.event == b.event:
            if undated:  # a day without its year: one death has one day, whatever the year
                apart = a.day is not None and b.day is not None and a.day != b.day
            else:
                apart = a.hi < b.lo or b.hi < a.lo
            if not apart:
                return
            which = "birth" if a.event == "born" else "death"
            message = f"{name} is given two {which} dates: {_as_said(a)} and {_as_said(b)}"
        else:
            born, died = (a, b) if a.event == "born" else (b, a)
            if undated or not died.hi < born.lo:
                return
            message = (
                f"{name} is said to have died {_as_said(died)}, before being born {_as_said(born)}"
            )
        report_clash(
            out, a.claim, b.claim, message,
            {"person": name, "a": _explained(a), "b": _explained(b)},
        )  # fmt: skip

    @staticmethod
    def _comparable(ctx: RuleContext, a: DateClaim | QuantityClaim, b: DateClaim) -> bool:
        return ctx.graph.may_compare(a, b) and not same_sentence(a, b)

    def _ages_at_death(self, ctx: RuleContext, out: FindingBuilder, life: list[_LifeDate]) -> None:
        """An age at death that the birth date and the death date rule out: "died in 2008 at
        the age of 92" of someone born on 5 January 1924."""
        births = _dated_births(life)
        for death in life:
            age = death.age
            if age is None or death.yearless or death.claim.relation != "at" or not usable(age):
                continue
            if age.hard.hi is None:
                continue
            for birth in births:
                if not self._comparable(ctx, age, birth.claim):
                    continue
                youngest, oldest = _age_range(birth, death.lo, death.hi)
                misfit = _misfit(age, youngest, oldest)
                if misfit is None:
                    continue
                report_clash(
                    out, age, birth.claim,
                    f"{birth.name} died {_as_said(death)} aged '{age.span.text}', but someone "
                    f"born {_as_said(birth)} was {misfit.allowed} then",
                    {"person": birth.name, "died": _explained(death),
                     "possible_ages": [youngest, oldest], "years_apart": misfit.years},
                    misfit.severity,
                )  # fmt: skip
                break

    def _ages(self, ctx: RuleContext, out: FindingBuilder, births: list[_LifeDate]) -> None:
        by_surname: dict[str, list[_LifeDate]] = defaultdict(list)
        for birth in births:
            by_surname[birth.surname].append(birth)
        years: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (where, year) in order
        for told in ctx.graph.claims_of_kind("date"):
            if (
                isinstance(told, DateClaim)
                and told.start is not None
                and told.end is not None
                and told.start.year == told.end.year
            ):
                years[told.document_id].append((told.span.start, told.start.year))
        for in_order in years.values():
            in_order.sort()
        for age in ctx.graph.quantities():
            m = age.measure
            if m.family != "age" or m.alone or m.anchor not in by_surname or not usable(age):
                continue
            on = ctx.graph.published(age.document_id)
            if on is None or age.hard.hi is None or not _of_the_present(age, on):
                continue  # no day the age holds on, no ceiling ("over 60"), or an earlier age
            candidates = by_surname[m.anchor]
            if len({b.name.lower() for b in candidates}) != 1:
                continue  # two people of that name
            for birth in candidates:
                if not self._comparable(ctx, age, birth.claim):
                    continue
                youngest, oldest = _age_range(birth, on, on)
                misfit = _misfit(age, youngest, oldest)
                if misfit is None or _of_a_year_told(age, birth, years[age.document_id], on):
                    continue
                report_clash(
                    out, age, birth.claim,
                    f"'{age.span.text}' is {birth.name}'s age, but someone born "
                    f"'{birth.claim.span.text}' is {misfit.allowed} on {on.isoformat()}",
                    {"person": birth.name, "on": on.isoformat(),
                     "possible_ages": [youngest, oldest], "years_apart": misfit.years},
                    misfit.severity,
                )  # fmt: skip
                break
