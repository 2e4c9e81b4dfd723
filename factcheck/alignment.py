"""The measure lexicon's view of two figures, and the severity a clash deserves given who
said what.

``comparable`` is the lexicon's strict verdict: everything known agrees (the family, the
counted thing, the anchor) and nothing known sets the figures apart (a different time, place,
starting point or incident). FC101, FC102 and FC104 no longer decide by it: it is one feature
of the alignment model (``factcheck.compare``) and names the stratum its score is calibrated
in. FC106 still reads it directly; FC103 and FC105 read ``same_scope`` and ``compatible_times``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from factcheck.extract.dates import parse_expression
from factcheck.extract.lexicon import Lexicon
from factcheck.model import (
    ClaimBase,
    QuantityClaim,
    Scope,
    ScopeTime,
    Severity,
    same_measure,
)
from factcheck.text import wordnet
from factcheck.timeline import same_time


def usable(claim: ClaimBase) -> bool:
    """Figures that are denied or hypothetical assert nothing."""
    return claim.modality not in ("negated", "conditional")


def up_to_now(time: ScopeTime | None) -> bool:
    """A figure given for now, or with no time, which a text reads as now."""
    return time is None or time.now


def compatible_times(a: QuantityClaim, b: QuantityClaim) -> bool:
    """Equal times, or both up to now, or one undated figure beside one dated to a day: an
    article that dates its event once ("on Saturday") rarely repeats the day."""
    ta, tb = a.scope.time, b.scope.time
    if a.scope.previous or b.scope.previous:
        return False
    if same_time(ta, tb) or (up_to_now(ta) and up_to_now(tb)):
        return True
    return (ta is None and tb is not None and tb.day) or (tb is None and ta is not None and ta.day)


def places_apart(a: Scope, b: Scope) -> bool:
    """Whether two figures hold in different places: two named places ("in Velm" / "in
    Dunmore"); or a total broken down by place with no place of its own ("340, with 120 in
    Harwick, 90 in Dunmore") and a figure for one of the listed places ("In Harwick alone,
    120") or for another place that cannot hold them ("In Paris, 4 were detained" beside "58,
    31 in Lyon and 27 in Marseille"). A country, a state or a continent may hold the listed
    places ("more than 43 cases in Bulgaria" beside "43 cases – 26 in Sofia, 7 in Montana")."""
    if a.place and b.place:
        return a.place != b.place
    return _outside(a, b.place) or _outside(b, a.place)


def same_place(a: Scope, b: Scope) -> bool:
    """Whether two figures are given for one place: one named place, or two totals broken
    down over places that meet ("43 – 26 in Brenn, 11 in Haldor" / "48, 26 of them in
    Brenn")."""
    if a.place or b.place:
        return a.place == b.place
    return not set(a.parts_in).isdisjoint(b.parts_in)


def _outside(total: Scope, place: str | None) -> bool:
    return (
        place is not None
        and bool(total.parts_in)
        and (place in total.parts_in or not wordnet.holds_places(place))
    )


def _same_incident(incident: QuantityClaim, other: QuantityClaim) -> bool:
    """An undated, unscoped figure belongs to the incident when its sentence names the event
    ("the collapse" / "when a gallery collapsed") or describes one ("… were hurt when …")."""
    event = (incident.scope.event or "")[:5]
    text = other.sentence.text.lower()
    same_day = same_time(other.scope.time, incident.scope.time)
    return bool(event) and (event in text or " when " in text or same_day)


def same_scope(a: QuantityClaim, b: QuantityClaim, lexicon: Lexicon) -> bool:
    """Both figures hold for the same incident or total, at the same time and place; the
    names two sentences share are read less the lexicon's ``not_anchors``."""
    sa, sb = a.scope, b.scope
    if a.measure.family == "age" and _named_apart(a, b, lexicon):
        return False
    if _ages_of_one_person(a, b):
        # "Quist, 63" … "the 57-year-old judge": no event or place scopes an age. Given in one
        # story for two moments of its year ("Ferrant, 52, was named on Monday" … "the
        # 47-year-old takes over on Jan. 1"), an age moves by one at most: a birthday may fall
        # between them. Two documents may be years apart, whatever their weekdays say.
        return compatible_times(a, b) or (
            a.document_id == b.document_id
            and _of_one_year(a)
            and _of_one_year(b)
            and abs(a.value - b.value) >= 2
        )
    if not compatible_times(a, b):
        return False
    if sa.since and sb.since and sa.since != sb.since:
        return False
    if places_apart(sa, sb):
        return False
    kinds = {sa.kind, sb.kind}
    if kinds == {"incident"}:
        return sa.event == sb.event and sa.event_at == sb.event_at
    if kinds == {"incident", "unknown"}:
        incident, other = (a, b) if sa.kind == "incident" else (b, a)
        return incident.scope.event_at is None and _same_incident(incident, other)
    if kinds == {"unknown"} and a.document_id == b.document_id:
        # Two figures with no scope in one article often describe different incidents
        # ("killing three people" … "37 people are dead"): compare them only when both stand
        # beside one name (the times were found compatible above).
        return near_anchor(a, b, lexicon.not_anchors)
    if "unknown" in kinds:
        # Across documents, or beside a total: only figures about the same named subject, or
        # between a draft and its source, figures of a measure specific enough to be the
        # story's own ("a rating of 85%", "13 reviews", "1.7 million copies").
        return share_anchor(a, b, lexicon.not_anchors) or (
            a.document_id != b.document_id and specific(a)
        )
    return "incident" not in kinds


def _of_one_year(claim: QuantityClaim) -> bool:
    """Given for a moment undated copy places within a year of its writing: no time, now, a
    weekday, or a day of a month with no year (not "last year", not "in 2019")."""
    if claim.scope.previous:
        return False
    time = claim.scope.time
    if time is None or time.phrase == "now":
        return True
    parsed = parse_expression(time.phrase)
    return parsed is not None and parsed.kind in ("weekday", "date") and parsed.year is None


def _named_apart(a: QuantityClaim, b: QuantityClaim, lexicon: Lexicon) -> bool:
    """The two figures' sentences write the surname they are anchored to after different
    given names ("Ana Voss, 34" … "Karl Voss, 62"), or after the courtesy titles of a man
    and of a woman ("Mr Voss" … "Mrs Voss"): two people, even in two documents, where no one
    document names both. A title ("Mr Voss", "Judge Voss") is no given name."""
    surname = a.measure.anchor
    if surname is None or surname != b.measure.anchor:
        return False
    pattern = _after_given_name(surname)

    def given(claim: QuantityClaim) -> frozenset[str]:
        names = (m.group(1).lower() for m in pattern.finditer(claim.sentence.text))
        return frozenset(n for n in names if n not in lexicon.not_given_names)

    def titled(claim: QuantityClaim) -> frozenset[bool]:  # a man's title? for each title
        titles = lexicon.courtesy_titles(claim.sentence.text)
        return frozenset(of_a_man for name, of_a_man in titles if name == surname)

    ga, gb = given(a), given(b)
    ta, tb = titled(a), titled(b)
    return bool(ga and gb and ga.isdisjoint(gb)) or (len(ta) == len(tb) == 1 and ta != tb)


@lru_cache(maxsize=1024)
def _after_given_name(surname: str) -> re.Pattern[str]:
    """A capitalised word before the surname, as written: "Ana Voss", "Mr Voss"."""
    return re.compile(rf"\b([A-Z][a-z'’-]+)\s+(?i:{re.escape(surname)})\b")


def _ages_of_one_person(a: QuantityClaim, b: QuantityClaim) -> bool:
    """Both are the age of one named person. An unnamed age, or one of a surname two people
    share, stands ``alone``: it is nobody's to compare."""
    anchor = a.measure.anchor
    return (
        a.measure.family == b.measure.family == "age"
        and anchor is not None
        and anchor == b.measure.anchor
        and not (a.measure.alone or b.measure.alone)
    )


def specific(claim: QuantityClaim) -> bool:
    """A measure that names what it counts beyond people in general."""
    m = claim.measure
    if m.family == "age":
        return True  # someone's, named or not
    if m.family in ("percentage", "money", "score"):
        return m.anchor is not None
    return m.family == "count" and m.counted is not None and m.counted_as == "noun"


def linked(a: QuantityClaim, b: QuantityClaim) -> bool:
    """One figure is stated as part of the other ("32 people, including six children")."""
    return a.part_of == b.id or b.part_of == a.id


_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’-]{2,}|[A-Z]{2,})")
_CAPITALISED = re.compile(r"\b([A-Z][\w'’-]{2,}|[A-Z]{2,})")


def proper_names(text: str, skip: frozenset[str]) -> frozenset[str]:
    """The words a text capitalises inside a sentence (so surely names), lower-cased, less
    ``skip`` (as written)."""
    return frozenset(m.group(1).lower() for m in _PROPER.finditer(text) if m.group(1) not in skip)


@lru_cache(maxsize=4096)
def anchors(sentence: str, not_anchors: frozenset[str]) -> frozenset[str]:
    """The proper names a sentence mentions, its hooks to the world ("Henry Schein"), less
    the words that name nothing a figure belongs to (the lexicon's ``not_anchors``)."""
    return proper_names(sentence, not_anchors)


@lru_cache(maxsize=4096)
def capitalised(sentence: str, not_anchors: frozenset[str]) -> frozenset[str]:
    """Every capitalised word, the first one included, less ``not_anchors``."""
    return frozenset(w.lower() for w in _CAPITALISED.findall(sentence) if w not in not_anchors)


def near_anchor(a: QuantityClaim, b: QuantityClaim, not_anchors: frozenset[str]) -> bool:
    """Both figures stand next to one name (within a few words): "Brackenfold … has a staff
    of over 4,000 in Dunmore" / "… has a staff of under 1,500 in Dunmore", not "its 21,000
    employees in the country" / "the Carrow plant … employs 1,400"."""
    na, nb = _near(a), _near(b)
    return bool(
        anchors(na, not_anchors) & capitalised(nb, not_anchors)
        or anchors(nb, not_anchors) & capitalised(na, not_anchors)
    )


def _near(claim: QuantityClaim, reach: int = 60) -> str:
    start = max(0, claim.span.start - claim.sentence.start - reach)
    return claim.sentence.text[start : claim.span.end - claim.sentence.start + reach]


def share_anchor(a: QuantityClaim, b: QuantityClaim, not_anchors: frozenset[str]) -> bool:
    """Both sentences name one subject. A name that opens one sentence counts when the other
    sentence capitalises it mid-sentence ("Blended was rated …" / "… Blended commits …")."""
    ta, tb = a.sentence.text, b.sentence.text
    return bool(
        anchors(ta, not_anchors) & capitalised(tb, not_anchors)
        or anchors(tb, not_anchors) & capitalised(ta, not_anchors)
    )


def same_sentence(a: ClaimBase, b: ClaimBase) -> bool:
    """Two claims of one sentence: a writer does not contradict a figure, a date or a clause
    in the sentence that gives it ("12 deaths in the south, while killing 58 in the Midwest"
    are two things). Parts and wholes in one sentence are FC103's business."""
    return a.document_id == b.document_id and a.sentence.start == b.sentence.start


def comparable(a: QuantityClaim, b: QuantityClaim, lexicon: Lexicon) -> bool:
    """Same measure, same scope, both asserted, neither a part of something: the two figures
    must agree."""
    return (
        a.id != b.id
        and not same_sentence(a, b)
        and usable(a)
        and usable(b)
        and not linked(a, b)
        and not a.is_part
        and not b.is_part
        and same_measure(a, b)
        and (a.measure.family != "count" or a.document_id != b.document_id)
        and same_scope(a, b, lexicon)
    )


def speaks_for(person: str, body: str, texts: Sequence[str]) -> bool:
    """Whether the texts introduce ``person`` (a speaker key, a surname) as the voice of
    ``body`` (an organisation's key): "army spokesman Col. Dario Pent", "a ministry spokeswoman,
    Ana Roe"."""
    return any((body, person) in _voices(text) for text in texts)


_VOICE = re.compile(
    r"\b([A-Za-z]+)\s+(?:[Ss]pokes(?:man|woman|person)|press\s+officer)\s*,?\s+"
    r"(?:[A-Z][\w.'’-]*\s+){0,4}([A-Z][\w'’-]+)\b"
)


@lru_cache(maxsize=64)
def _voices(text: str) -> frozenset[tuple[str, str]]:
    """Every (organisation, surname) a document introduces as its spokesperson, read once per
    document (a string caches its hash, so the lookup is cheap even for a long text)."""
    return frozenset((m.group(1).lower(), m.group(2).lower()) for m in _VOICE.finditer(text))


def _names_it(role: str, name: str, claim: ClaimBase, unnamed: frozenset[str]) -> bool:
    """Whether a role that speaks ("the company said") is the named source of the other figure
    because its own sentence names that source: "Harlow Steel will cut 800 jobs, the company
    said" is Harlow Steel's word, as is "Harlow Steel said it would cut 1,300". ``unnamed``:
    the voices that name nobody in particular (the lexicon's ``unnamed_speakers``)."""
    return (
        role in unnamed
        and name not in unnamed
        and re.search(rf"\b{re.escape(name)}\b", claim.sentence.text, re.IGNORECASE) is not None
    )


def specific_source(claim: ClaimBase, vague: frozenset[str]) -> str | None:
    """Whose word a claim is when the text names a source that can be told from another:
    not a pronoun or "officials" (``vague``, the lexicon's ``vague_sources``)."""
    src = claim.attribution
    return src if src and src not in vague else None


def clash_severity(
    a: ClaimBase,
    b: ClaimBase,
    base: Severity,
    texts: Sequence[str],
    lexicon: Lexicon,
) -> tuple[Severity, str]:
    """The severity a clash deserves, and why it was lowered if it was.

    Two named sources disagreeing is a reported dispute (info), unless ``texts`` (the
    documents the claims come from) make one the other's voice: "the army said" and "army
    spokesman Col. Dario Pent" are one source, and so are "the company said" and a company its
    sentence names. A hedged figure, or a figure the text attributes set against one it
    asserts, is likely but not surely wrong (warning).
    """
    sa, sb = specific_source(a, lexicon.vague_sources), specific_source(b, lexicon.vague_sources)
    unnamed = lexicon.unnamed_speakers
    if (
        sa
        and sb
        and sa != sb
        and not (speaks_for(sa, sb, texts) or speaks_for(sb, sa, texts))
        and not (_names_it(sa, sb, a, unnamed) or _names_it(sb, sa, b, unnamed))
    ):
        return "info", f"a reported dispute: {sa} and {sb} give different figures"
    if base == "error" and ("hedged" in (a.modality, b.modality)):
        return "warning", "one of the figures is hedged"
    return base, ""
