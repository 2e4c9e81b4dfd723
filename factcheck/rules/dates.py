"""Rule types for dates and times (FC2xx): a weekday that does not fit its date, one event
given two dates."""

from __future__ import annotations

import itertools
import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from factcheck.alignment import anchors, same_sentence
from factcheck.engine.base import FindingBuilder, RuleContext, RuleType
from factcheck.extract.dates import (
    EVENT_RELATIONS,
    MONTH_OF,
    DateLexicon,
    date_lexicon,
    event_forms,
    parse_expression,
)
from factcheck.extract.lexicon import Lexicon
from factcheck.graph import ClaimGraph
from factcheck.model import DateClaim, Finding
from factcheck.rules.clash import report_clash
from factcheck.text.wordnet import inflected_verb, noun_keys
from factcheck.timeline import WEEKDAYS, place, with_year

# Months as AP writes them before a day: five abbreviated, the short ones spelled out.
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")  # fmt: skip


def _day(d: date) -> str:
    return f"{d:%A}, {_AP_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _dates(graph: ClaimGraph) -> list[DateClaim]:
    return [c for c in graph.claims_of_kind("date") if isinstance(c, DateClaim)]


class WeekdayMismatch(RuleType):
    """A weekday written with a date that falls on another day of the week: "Monday, Jan. 9,
    2026" (a Friday). The year comes from the text or, failing that, from the publication
    date (the nearest such date); with no year known the rule says nothing."""

    kind = "date.weekday-calendar"
    targets = frozenset({"date"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        for claim in _dates(ctx.graph):
            if claim.weekday is None or claim.start is None:
                continue
            stated = WEEKDAYS.index(claim.weekday)
            actual = claim.start.weekday()
            if stated == actual:
                continue
            parsed = parse_expression(claim.expression)
            year_from = "text" if parsed is not None and parsed.year is not None else "published_at"
            message = (
                f"'{claim.span.text}' says {claim.weekday.capitalize()}, but {claim.start:%b}. "
                f"{claim.start.day}, {claim.start.year} is a {WEEKDAYS[actual].capitalize()}"
            )
            if year_from == "published_at":
                message += " (the year taken from the publication date)"
            out.add(
                message,
                [claim.span],
                {"claims": [claim.id], "date": claim.start.isoformat(),
                 "stated": claim.weekday, "actual": WEEKDAYS[actual], "year_from": year_from},
            )  # fmt: skip
        return out


@lru_cache(maxsize=256)
def _mentions_pattern(event: str, rule_paths: tuple[str, ...]) -> re.Pattern[str]:
    """Every naming of an event, with up to two words before it ("the first such strike")."""
    forms = "|".join(
        re.escape(f) for f in sorted(event_forms(event, rule_paths), key=len, reverse=True)
    )
    return re.compile(
        rf"(?:\b([a-z]+)\s+)?(?:\b([a-z0-9-]+)\s+)?\b({forms})(?![\w-])", re.IGNORECASE
    )


_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
_SERIES = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|latest|last|next|"
    r"such|\d+(?:st|nd|rd|th))$",
    re.IGNORECASE,
)


def _one_of_its_kind(text: str, event: str, lexicon: Lexicon) -> bool:
    """Whether a text speaks of one such event only, at one time: no plural ("strikes"), no
    series ("the eighth strike", "the first such strike"), no second one ("another strike",
    "the 2019 strike"), at most one introduced with "a", and nothing that makes it last
    ("workers went on strike")."""
    rule_paths = lexicon.rule_paths
    lasting = date_lexicon(rule_paths).lasting.get(event)
    if lasting is not None and lasting.search(text):
        return False
    distinct = lexicon.distinct_cues
    forms = set(event_forms(event, rule_paths))
    introduced = 0
    for m in _mentions_pattern(event, rule_paths).finditer(text):
        word = m.group(3).lower()
        if word.endswith("s") and (word[:-1] in forms or word[:-2] in forms):
            return False
        before = [w.lower() for w in (m.group(1), m.group(2)) if w]
        if any(w in distinct or _SERIES.match(w) or _YEAR.match(w) for w in before):
            return False
        if before and before[-1] in ("a", "an", "one"):
            introduced += 1
    return introduced <= 1


def dates_an_event(claim: DateClaim, dlex: DateLexicon) -> bool:
    """Whether a date is the time of an event that happens once, or a bound of that time
    ("before 2014"): the dates FC202 compares. An event the lexicon does not know (a verb's
    lemma: "release", "found") may happen once; whether it does in a story is read from the
    story (``_dated_once``)."""
    event = claim.event
    return (
        event is not None
        and (event in dlex.once or event not in dlex.known)
        and claim.relation in EVENT_RELATIONS
    )


def _dated_once(claims: Sequence[DateClaim], dlex: DateLexicon) -> dict[tuple[str, str], bool]:
    """For each document and verb event the lexicon does not know: whether the document
    dates it once. A verb dated twice in one story ("visited the mine on April 2 … visited
    it again in June") is done more than once there, and none of its dates is compared."""
    days: dict[tuple[str, str], set[tuple[object, ...]]] = defaultdict(set)
    for c in claims:
        if c.event is not None and c.event not in dlex.known:
            days[(c.document_id, c.event)].add((c.start, c.end, c.relation))
    return {key: len(found) == 1 for key, found in days.items()}


_CALENDAR_WORDS = frozenset(MONTH_OF) | frozenset(WEEKDAYS)


def _names_beside(c: DateClaim, not_anchors: frozenset[str]) -> frozenset[str]:
    """The proper names of a date's sentence, less the calendar's ("Oct.", "Monday")."""
    return anchors(c.sentence.text, not_anchors) - _CALENDAR_WORDS


PARTNERS = 40  # later dates of one event each date is compared with, past its own sentence


def _sentence_of(claim: DateClaim) -> tuple[str, int]:
    return claim.document_id, claim.sentence.start


def _pairs(claims: Sequence[DateClaim]) -> Iterator[tuple[DateClaim, DateClaim]]:
    """Each date with the next ``PARTNERS`` dates of its event, in order, skipping the rest of
    its own sentence (two dates of one sentence never clash here). Every pair of a story
    that names an event fewer than ``PARTNERS`` times; linear in a long list of them (all
    pairs were quadratic in time, and in findings)."""
    after = list(range(1, len(claims) + 1))  # the first later claim of another sentence
    for j in range(len(claims) - 2, -1, -1):
        if _sentence_of(claims[j + 1]) == _sentence_of(claims[j]):
            after[j] = after[j + 1]
    for i, a in enumerate(claims):
        for b in claims[after[i] : after[i] + PARTNERS]:
            yield a, b


class EventDateClash(NamedTuple):
    """Two dates of one event that do not meet."""

    event: str
    a: DateClaim
    b: DateClaim
    known: bool  # an event of the lexicon; else a verb's lemma, which may be done more than once


_CLASHES: weakref.WeakKeyDictionary[ClaimGraph, list[EventDateClash]] = weakref.WeakKeyDictionary()


def event_date_clashes(graph: ClaimGraph) -> list[EventDateClash]:
    """Every pair of dates FC202 compares and finds apart, worked out once per graph. FC106
    leaves the pairs of known events to it; a verb's pair, which FC202 shows only when asked
    for unsure pairs, FC106 still reports when the two sentences restate each other."""
    found = _CLASHES.get(graph)
    if found is None:
        found = _CLASHES[graph] = list(_clashes(graph))
    return found


def _clashes(graph: ClaimGraph) -> Iterator[EventDateClash]:
    dlex = date_lexicon(graph.lexicon.rule_paths)
    dates = _dates(graph)
    groups: dict[str, list[DateClaim]] = defaultdict(list)
    changes: dict[tuple[str, int], bool] = {}  # per sentence, not per date of it
    for claim in dates:
        where = _sentence_of(claim)
        if where not in changes:
            changes[where] = dlex.changes.search(claim.sentence.text) is not None
        if (
            claim.event is not None
            and dates_an_event(claim, dlex)
            and claim.reference in ("definite", "named", "indefinite", "verb")
            and claim.modality not in ("negated", "conditional")
            and not changes[where]
        ):
            groups[claim.event].append(claim)
    # A text that gives one event two times in one sentence speaks of several ("launched in
    # Indonesia on Jan. 8 and in Singapore on Jan. 10"): none of its dates is compared.
    singular: dict[tuple[str, str], bool] = {
        (c.document_id, event): False
        for event, claims in groups.items()
        for c, d in itertools.pairwise(claims)
        if _sentence_of(c) == _sentence_of(d) and (c.start, c.end) != (d.start, d.end)
    }
    for key, once in _dated_once(dates, dlex).items():
        singular[key] = singular.get(key, True) and once
    for event, claims in sorted(groups.items()):
        known = event in dlex.known
        for a, b in _pairs(claims):
            if not _conflict(graph, event, known, a, b, singular):
                continue
            if a.document_id != b.document_id and graph.document(a.document_id).role == "source":
                a, b = b, a  # the draft's passage first
            yield EventDateClash(event, a, b, known)


def _conflict(
    graph: ClaimGraph,
    event: str,
    known: bool,
    a: DateClaim,
    b: DateClaim,
    singular: dict[tuple[str, str], bool],
) -> bool:
    if same_sentence(a, b) or not graph.may_compare(a, b):
        return False
    not_anchors = graph.lexicon.not_anchors
    same_doc = a.document_id == b.document_id
    if "definite" not in (a.reference, b.reference) and (
        not _one_undergoer(event_forms(event, graph.lexicon.rule_paths), a, b)
        if same_doc
        else _names_beside(a, not_anchors).isdisjoint(_names_beside(b, not_anchors))
    ):
        # "a footbridge collapsed" twice: the same one only if named alike, and in one story
        # only if the same thing underwent it
        return False
    days = _day_pair(a, b, same_doc)
    if days is None:
        return False
    (a_lo, a_hi), (b_lo, b_hi) = days
    if not (a_hi < b_lo or b_hi < a_lo):
        return False
    for doc_id in {a.document_id, b.document_id}:
        key = (doc_id, event)
        if key not in singular:
            singular[key] = _one_of_its_kind(graph.document(doc_id).text, event, graph.lexicon)
        if not singular[key]:
            return False
    # A verb's act done to two things ("approved the budget" / "approved the zoning plan")
    # or in two places ("released in Europe" / "in North America"): two acts.
    return known or (_same_object(event, a, b, not_anchors) and not _apart(a, b))


_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
_OBJECT_ENDS = frozenset(
    "on in at by as to from for with of after before during since until into onto over under "
    "and or but that which who when while".split()
)
_DETERMINERS = frozenset(
    "a an the his her its their our my your this that these those some one another".split()
)


def _nearest_verb(
    text: str, at: int, is_verb: Callable[[str], bool]
) -> tuple[list[tuple[int, str]], int] | None:
    """The sentence's tokens (offset, word) and the index of the lower-case word nearest
    ``at`` that ``is_verb`` accepts; None when the sentence has none."""
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text)]
    verbs = [i for i, (_, w) in enumerate(tokens) if w.islower() and is_verb(w)]
    if not verbs:
        return None
    return tokens, min(verbs, key=lambda i: abs(tokens[i][0] - at))


def _object_of(claim: DateClaim, event: str) -> tuple[str, ...] | None:
    """What a verb event was done to, read from the words after the verb nearest the date:
    "approved the zoning plan on May 3" → ("zoning", "plan"); None when the verb takes none
    there ("was released on May 3", "signed on Monday")."""
    at = claim.span.start - claim.sentence.start
    found = _nearest_verb(claim.sentence.text, at, lambda w: inflected_verb(w) == event)
    if found is None:
        return None
    tokens, verb = found
    words: list[str] = []
    for start, word in tokens[verb + 1 :]:
        if start >= at or word.lower() in _OBJECT_ENDS or not word[0].isalnum():
            break  # the date, a preposition or a punctuation mark ends what was acted on
        if not words and word.lower() in _DETERMINERS:
            continue
        words.append(word.lower())
    return tuple(words) or None


def _same_object(event: str, a: DateClaim, b: DateClaim, not_anchors: frozenset[str]) -> bool:
    """Whether a verb event was done to one thing on both sides: true when either side names
    no object; else their last words (the head nouns) must meet in WordNet, or the two share a
    name."""
    oa, ob = _object_of(a, event), _object_of(b, event)
    if oa is None or ob is None:
        return True
    if oa[-1] == ob[-1] or noun_keys(oa[-1]) & noun_keys(ob[-1]):
        return True
    return bool(set(oa) & set(ob) & (_names_beside(a, not_anchors) | _names_beside(b, not_anchors)))


# Before a verb: "The Kessel Party was", "the party had been", "The Arden bridge" — its
# subject, and whether an auxiliary makes the verb passive.
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[\s,(])(?P<subject>(?:[Tt]he\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
    r"(?:\s+(?!(?:was|were|had|has|have|been)\b)[a-z]+)?"  # "The Arden bridge"
    r"|[Tt]he\s+[a-z]+)"
    r"\s+(?P<passive>(?:was|were|(?:had|has|have)\s+been)\s+)?$"
)
_OPENERS = frozenset({"the", "it", "he", "she", "they", "this", "that", "after", "before"})


def _undergoer(claim: DateClaim, forms: tuple[str, ...]) -> tuple[str, bool] | None:
    return _undergoer_at(claim.sentence.text, claim.span.start - claim.sentence.start, forms)


@lru_cache(maxsize=4096)
def _undergoer_at(text: str, at: int, forms: tuple[str, ...]) -> tuple[str, bool] | None:
    """What underwent a verb event, read at the verb nearest the date (one of the event's
    ``forms``, or a verb whose lemma is the event): the subject of a passive ("The Kessel
    Party was dissolved") or of a verb with no object ("the bridge collapsed in 1950"), as
    ("kessel party", True) for a name and ("party", False) for "the party". None for a
    pronoun, and for the doer of a verb with an object ("Boulter landed a role in 2004": he
    can land another)."""
    nearest = _nearest_verb(text, at, lambda w: w in forms or inflected_verb(w) in forms)
    if nearest is None:
        return None
    tokens, verb = nearest
    found = _SUBJECT_BEFORE.search(text, max(0, tokens[verb][0] - 80), tokens[verb][0])
    if found is None:
        return None
    after = tokens[verb + 1][1] if verb + 1 < len(tokens) else "."
    if not found.group("passive") and after[0].isalnum() and after.lower() not in _OBJECT_ENDS:
        return None  # a doer and its object
    words = found.group("subject").split()
    if words[0].lower() == "the":
        words = words[1:]
    if not words or words[0].lower() in _OPENERS:
        return None
    return " ".join(w.lower() for w in words), words[0][0].isupper()


def _one_undergoer(forms: tuple[str, ...], a: DateClaim, b: DateClaim) -> bool:
    """Whether two dates of a verb event in one document are of one thing undergoing it: one
    name on both sides, or a name and a "the" phrase with its last word ("The Kessel Party was
    dissolved" … "the party was dissolved"). A pronoun or a plain noun twice says nothing of
    which."""
    sa, sb = _undergoer(a, forms), _undergoer(b, forms)
    if sa is None or sb is None or not (sa[1] or sb[1]):
        return False
    if sa[1] and sb[1]:
        return sa[0] == sb[0]
    name, head = (sa[0], sb[0]) if sa[1] else (sb[0], sa[0])
    return name.split()[-1] == head


_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*)")


def _places(claim: DateClaim) -> frozenset[str]:
    """The places named with "in" or "at" near a date ("released in North America on …"),
    less the calendar's words ("in May")."""
    text = claim.sentence.text
    at = claim.span.start - claim.sentence.start
    found = set()
    for m in _PLACE.finditer(text, max(0, at - 60), at + len(claim.span.text) + 60):
        words = [w for w in m.group(1).split() if w.lower().rstrip(".") not in _CALENDAR_WORDS]
        if words:
            found.add(" ".join(words).lower())
    return frozenset(found)


def _apart(a: DateClaim, b: DateClaim) -> bool:
    """Whether both dates name where the act happened, and no place is the same."""
    pa, pb = _places(a), _places(b)
    return bool(pa and pb and pa.isdisjoint(pb))


def _verb_event(event: str, a: DateClaim, b: DateClaim, not_anchors: frozenset[str]) -> str:
    """A verb's event in words, with the names its two sentences share, as the first one
    writes them: "'release' (of Payphone)"."""
    shared = _names_beside(a, not_anchors) & _names_beside(b, not_anchors)
    words = [w.strip(".,;:()'’\"") for w in a.sentence.text.split()]
    written = list(dict.fromkeys(w for w in words if w.lower() in shared))
    return f"'{event}' (of {' '.join(written)})" if written else f"'{event}'"


class EventDateConflict(RuleType):
    """One event given two dates that do not meet: "the signing" on Sept. 14 in one sentence
    and on Sept. 16 in another, "the collapse" in June 1950 and in June 1951, or before 2014
    and in 2015.

    Precision first: only events that happen at one time (dates.yml `once`, or a verb the
    lexicon does not know, dated once in each text), only when at least one mention is
    definite ("the strike", not "a strike" or "Tuesday's strike") or, across a draft and a
    source, when the two sentences share a proper name; when the text speaks of one such
    event only, when neither sentence says the event moved, lasted or is still to come, and
    when both dates are placed on the calendar (a day, a month, a year or a decade; not "last
    week"). A verb the lexicon does not know may be done more than once ("released" in
    two countries, "aired" twice): its pairs are info, and only with ``--unsure``, as the
    alignment model's unsure figure pairs are (docs/accuracy.md has the measure).
    """

    kind = "date.event-conflict"
    targets = frozenset({"date"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        for clash in event_date_clashes(ctx.graph):
            if not (clash.known or ctx.unsure):
                continue  # a verb's act: right in 16 of 19 dev pairs (docs/accuracy.md)
            event, a, b = clash.event, clash.a, clash.b
            not_anchors = ctx.graph.lexicon.not_anchors
            what = f"the {event}" if clash.known else _verb_event(event, a, b, not_anchors)
            report_clash(
                out, a, b,
                f"{what} is dated '{a.span.text}' ({dated(a)}) and '{b.span.text}' "
                f"({dated(b)}): one event cannot have happened at both times",
                {"event": event, "a": _describe(a), "b": _describe(b)},
                None if clash.known else "info",
            )  # fmt: skip
        return out


def dated(c: DateClaim) -> str:
    """The days a date allows, in words: "Monday, Jan. 9, 2026", "2025-06-01 to 2025-06-30",
    "before 2014-01-01"."""
    if c.start is None:
        return "no year given"
    if c.relation == "before":
        return f"before {c.start.isoformat()}"
    if c.relation == "after" and c.end is not None:
        return f"after {c.end.isoformat()}"
    if c.end and c.end != c.start:
        return f"{c.start.isoformat()} to {c.end.isoformat()}"
    return _day(c.start)


def _describe(c: DateClaim) -> dict[str, object]:
    return {
        "claim": c.id,
        "text": c.span.text,
        "start": c.start.isoformat() if c.start else None,
        "end": c.end.isoformat() if c.end else None,
        "reference": c.reference,
        "attribution": c.attribution,
        "modality": c.modality,
    }


# Copy that never says the year: a leap year, so that Feb. 29 has a place.
_NOMINAL_YEAR = 2000


def _widened(c: DateClaim, lo: date, hi: date) -> tuple[date, date]:
    """A day more on the side where the words reach across midnight: "late Tuesday" may be
    early Wednesday in another time zone, "early Wednesday" late Tuesday."""
    parsed = parse_expression(c.expression)
    if parsed is not None and parsed.part in ("early", "earlier"):
        lo -= timedelta(days=1)
    if parsed is not None and (parsed.part in ("late", "later") or parsed.night):
        hi += timedelta(days=1)
    return lo, hi


def _nominal(c: DateClaim) -> tuple[date, date] | None:
    """A month and day without a year, placed in one nominal year."""
    parsed = parse_expression(c.expression)
    if parsed is None or parsed.kind != "date" or parsed.year is not None:
        return None
    placed = place(with_year(parsed, _NOMINAL_YEAR), None)
    return (placed.start, placed.end) if placed else None


_ON_THE_CALENDAR = frozenset({"day", "month", "year", "decade"})


def bounded_days(c: DateClaim, lo: date, hi: date) -> tuple[date, date]:
    """The days an event may have happened on: the date's own, or every day before or after it."""
    if c.relation == "before":
        return date.min, lo - timedelta(days=1)
    if c.relation == "after":
        return hi + timedelta(days=1), date.max
    return lo, hi


def _day_pair(
    a: DateClaim, b: DateClaim, same_doc: bool
) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The days each date allows the event, when both are placed on the calendar. In one
    undated document two month-day dates without a year are compared as if in one year:
    "Oct. 3" and "Oct. 5" are two days whatever the year."""
    pair: list[tuple[date, date]] = []
    for c in (a, b):
        if c.start is not None and c.end is not None and c.precision in _ON_THE_CALENDAR:
            pair.append((c.start, c.end))
    if len(pair) < 2:
        if not same_doc or a.start is not None or b.start is not None:
            return None
        na, nb = _nominal(a), _nominal(b)
        if na is None or nb is None:
            return None
        pair = [na, nb]
    return bounded_days(a, *_widened(a, *pair[0])), bounded_days(b, *_widened(b, *pair[1]))
