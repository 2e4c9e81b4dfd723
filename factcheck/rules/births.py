"""FC203: one person given two birth dates, or an age that the birth date rules out.

Profiles and obituaries give a birth date ("Ada Kell (born March 3, 1961)") and an age
("Kell, 64, said"); copy edited in several passes lets them drift apart. A birth date is read
only where it follows "born" directly ("born on", "born in"), and belongs to the name right
before "born" ("Ada Kell (born …", "Ada Kell was born …", "Ada Kell, born …"). An age is
checked against a birth date only when the document says when it was published (the day the
age holds), only for ages of the present ("Kell, 64," and not "in 1990, the 29-year-old Kell"),
and only for a name that no other person with a birth date in the story shares.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from factcheck.alignment import NOW_LIKE, usable
from factcheck.engine.base import FindingBuilder, RuleContext, RuleType
from factcheck.model import SEVERITY_RANK, DateClaim, Finding, QuantityClaim, Severity
from factcheck.rules.clash import report_clash
from factcheck.timeline import published_day

# "Ada Kell (born", "Ada Kell, born", "Ada Kell was born", "Ada Kell is born" + "on"/"in".
_BORN_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:de|van|von|da|del|[A-Z][\w'’.-]*))*)"
    r"\s*(?:\(|,|\s+(?:was|is))\s*born\s+(?:on\s+|in\s+)?$"
)
# Capitalised words that open a sentence or a clause, not a name: "When Ada Kell was born …".
_NOT_NAMES = frozenset(
    """The This That It He She They His Her When After Before While Since Although Though If
    As In On At By For From With And But Then Later Earlier Yesterday Today""".split()
)


@dataclass(frozen=True)
class _Birth:
    claim: DateClaim
    name: str  # as written, without leading words that are not names
    surname: str  # lower case: what an age is anchored to ("Kell, 64")
    lo: date
    hi: date


def _births(ctx: RuleContext) -> list[_Birth]:
    births = []
    for claim in ctx.graph.claims_of_kind("date"):
        if not (isinstance(claim, DateClaim) and claim.start and claim.end and usable(claim)):
            continue
        if claim.relation != "at":
            continue  # "born before 1990" bounds a date; not compared here
        before = claim.sentence.text[: claim.span.start - claim.sentence.start]
        m = _BORN_BEFORE.search(before[-120:])
        if m is None:
            continue
        words = m.group("name").split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        if not words:
            continue
        births.append(_Birth(claim, " ".join(words), words[-1].lower(), claim.start, claim.end))
    return births


_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def _of_the_present(age: QuantityClaim, on: date) -> bool:
    """An age as of the publication day: not one set in an earlier year ("In 1990, the
    29-year-old Kell …") or an earlier time of the story; a day of the week or "next week" is
    close enough."""
    time = age.scope.time
    if time is None or time in NOW_LIKE:
        return True
    if time == "earlier":
        return False
    year = _YEAR.search(time)
    return year is None or int(year.group(1)) == on.year


def _at_most(severity: Severity, cap: Severity) -> Severity:
    return severity if SEVERITY_RANK[severity] <= SEVERITY_RANK[cap] else cap


def _age_range(born: _Birth, on: date) -> tuple[int, int]:
    """The ages a person born within ``born``'s days has on day ``on``."""

    def age(birthday: date) -> int:
        return on.year - birthday.year - ((on.month, on.day) < (birthday.month, birthday.day))

    return age(born.hi), age(born.lo)


class BirthConflict(RuleType):
    """Two birth dates for one person that do not meet, or an age the birth date rules out."""

    kind = "date.birth-conflict"
    targets = frozenset({"date", "quantity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        births = _births(ctx)
        if not births:
            return out
        by_name: dict[str, list[_Birth]] = defaultdict(list)
        for birth in births:
            by_name[birth.name.lower()].append(birth)
        for group in by_name.values():
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if self._comparable(ctx, a.claim, b.claim) and (a.hi < b.lo or b.hi < a.lo):
                        report_clash(
                            out, a.claim, b.claim,
                            f"{a.name} is given two birth dates: '{a.claim.span.text}' and "
                            f"'{b.claim.span.text}'",
                            {"person": a.name, "a": a.lo.isoformat(), "b": b.lo.isoformat()},
                        )  # fmt: skip
        self._ages(ctx, out, births)
        return out

    @staticmethod
    def _comparable(ctx: RuleContext, a: DateClaim | QuantityClaim, b: DateClaim) -> bool:
        """Within one document, or between a draft and a source; never within one sentence
        (a writer does not contradict a date in the sentence that gives it)."""
        same_sentence = a.document_id == b.document_id and a.sentence.start == b.sentence.start
        return ctx.graph.may_compare(a, b) and not same_sentence

    def _ages(self, ctx: RuleContext, out: FindingBuilder, births: list[_Birth]) -> None:
        by_surname: dict[str, list[_Birth]] = defaultdict(list)
        for birth in births:
            by_surname[birth.surname].append(birth)
        for age in ctx.graph.quantities():
            m = age.measure
            if m.family != "age" or m.anchor not in by_surname or not usable(age):
                continue
            on = published_day(ctx.graph.document(age.document_id))
            if on is None or age.hard.hi is None or not _of_the_present(age, on):
                continue  # no day the age holds on, no ceiling ("over 60"), or an earlier age
            candidates = by_surname[m.anchor]
            if len({b.name.lower() for b in candidates}) != 1:
                continue  # two people of that name
            for birth in candidates:
                if not self._comparable(ctx, age, birth.claim):
                    continue
                youngest, oldest = _age_range(birth, on)
                gap = max(youngest - age.hard.hi, age.hard.lo - oldest)
                if gap <= 0:
                    continue
                ages = f"{youngest}" if youngest == oldest else f"{youngest} or {oldest}"
                report_clash(
                    out, age, birth.claim,
                    f"'{age.span.text}' is {birth.name}'s age, but someone born "
                    f"'{birth.claim.span.text}' is {ages} on {on.isoformat()}",
                    {"person": birth.name, "on": on.isoformat(),
                     "possible_ages": [youngest, oldest], "years_apart": gap},
                    # A year out may be an age as of an event shortly before a birthday.
                    ctx.severity if gap >= 2 else _at_most(ctx.severity, "warning"),
                )  # fmt: skip
                break
