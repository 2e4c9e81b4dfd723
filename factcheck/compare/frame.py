"""The frame of a figure: what it counts, which event governs it, whose it is, when, where and
how it is aggregated — read once per figure from its sentence, typed, open-vocabulary.

Measure families from the lexicon stay as a coarse grouping (``family``); what decides whether
two figures speak of one thing is the open description around them: the lemmas of the counted
noun and of the nearby words, the events those words name (WordNet keys), the names beside the
figure and the aggregation words that make it a rate, an average, a share or a forecast.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from factcheck.alignment import proper_names
from factcheck.extract.lexicon import Lexicon
from factcheck.model import Claim, DateClaim, QuantityClaim
from factcheck.text import wordnet

# "money", "percent", "age", "count", or a dimension of measures.yml ("duration", "distance" …)
Unit = str
# A family that is a unit in itself; any other figure is in its dimension, or a count.
_UNIT_OF_FAMILY = {"money": "money", "percentage": "percent", "age": "age"}
QualifierClass = Literal["exact", "round", "approximate", "lower", "upper"]
Direction = Literal["rise", "fall"]

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_WINDOW = 6  # content words read on each side of the figure
_CORE = 3  # … of which the nearest name the figure's event

# Function words carry nothing about what is counted.
_STOP = frozenset(
    """a an the of in on at to for from by with as and or but that this these those its it
    his her their our your my we they he she i you be is are was were been being has have had
    do does did will would could should may might can than then there here who whom which what
    when where while about around over under into out up down after before since until so such
    also not no more most less least some any each all both only just very said says say per
    one two three four five six seven eight nine ten million billion thousand hundred percent
    nearly almost least roughly approximately estimated including new""".split()
)
# Words that make a figure something other than a plain total of its noun.
_AGGREGATION: dict[str, str] = {
    "each": "each", "apiece": "each", "every": "each",
    "per": "rate", "daily": "rate", "annually": "rate", "annual": "rate", "weekly": "rate",
    "monthly": "rate", "hourly": "rate",
    "average": "average", "averaged": "average", "median": "average", "mean": "average",
    "expected": "forecast", "forecast": "forecast", "projected": "forecast",
    "predicted": "forecast", "estimate": "forecast", "analysts": "forecast",
    "target": "target", "goal": "target", "aims": "target", "plans": "target",
    "capacity": "capacity", "holds": "capacity", "seats": "capacity",
    "population": "population", "residents": "population", "inhabitants": "population",
    "total": "total", "combined": "total", "overall": "total", "altogether": "total",
    "worldwide": "total", "globally": "total", "cumulative": "total",
}  # fmt: skip
# "a day", "per year", "an hour" after the figure; "per cent" is a share, not a rate.
_AGGREGATION_PHRASE = re.compile(r"\b(?:a|an|per)\s+(?:day|year|week|month|hour|share)\b", re.I)
# A gap between two figures, not a figure: "fell three votes short", "two seats shy of",
# "finished 12 points behind", "won by a margin of 40".
# "Behind" and "ahead" only after a contest's unit: "40 people ahead of the summit" and "the
# three men behind the attack" are counts.
_DIFFERENCE_AFTER = re.compile(
    r"\s*(?:(?:[a-z]+\s+)?(?:short|shy)\b|(?:points?|votes?|seats?|goals?|strokes?|runs?|"
    r"games?|places?|lengths?|laps?|seconds?|minutes?)\s+(?:behind|ahead)\b)",
    re.I,
)
_DIFFERENCE_BEFORE = re.compile(r"\b(?:margin|gap|difference)\s+of\s+$", re.I)
_QUALIFIER_CLASS: dict[str, QualifierClass] = {
    "exact": "exact", "round": "round", "scaled": "round", "about": "approximate",
    "nearly": "upper", "at_most": "upper", "fewer_than": "upper",
    "at_least": "lower", "more_than": "lower",
}  # fmt: skip
_COMPOUND = re.compile(r"\s?-\s?[A-Za-z]")
_OPEN, _CLOSE = re.compile(r"\("), re.compile(r"\)")
_FRAGMENT = re.compile(r"\d\.\s$")
_FRAGMENT_AFTER = re.compile(r"\.\s\d")
# The frame reads bodies that speak ("Police", "Officials") as names, as its model was trained.
_SPEAKING_BODIES = frozenset({"Police", "Officials"})


@dataclass(frozen=True, slots=True)
class Frame:
    """One figure, read for comparison. Built by :func:`frame_of`; immutable."""

    claim: QuantityClaim
    unit: Unit
    qualifier: QualifierClass
    head: str  # lemma of the counted noun, "" when none
    head_keys: frozenset[int]  # WordNet keys of the counted noun
    window: frozenset[str]  # content lemmas within a few words of the figure
    events: frozenset[int]  # WordNet event keys of those words
    core_events: frozenset[int]  # … of the three words either side: the figure's own verb
    sentence_words: frozenset[str]  # content lemmas of the whole sentence
    bigrams: frozenset[tuple[str, str]]  # word pairs of the sentence, every figure as "#"
    names: frozenset[str]  # proper names in the sentence, lower-cased
    near_names: frozenset[str]  # … within a few words of the figure
    aggregation: frozenset[str]  # rate, each, average, forecast, target, total, difference …
    change: Direction | None  # the size of a rise or a fall, not a level ("rose 3%")
    round_figure: bool  # a figure a writer rounds to ("1,300", "2.5 million")
    before: tuple[str, ...]  # the three words just before the figure, as written (lower case)
    after: tuple[str, ...]  # the two words just after it
    context: frozenset[str]  # every word within four of the figure, function words too
    when: When | None  # the date its sentence gives nearest to it
    year_like: bool  # a bare whole number from 1800 to 2100: more likely a year than a count
    compound: bool  # the figure modifies a noun ("a six-hour siege", "5 - inch guns")
    bracketed: bool  # inside parentheses: a conversion or an aside ("70 mph (115 km/h)")
    fragment: bool  # a piece of a number the text split ("24. 26 m", "13. 5 - inch")


@dataclass(frozen=True, slots=True)
class When:
    """A date beside a figure: what day or period (resolved where the text allows, else the
    words that name it, in any order: "23 March" is "March 23") and how it bounds the figure
    ("as of", "before", "since" …)."""

    key: str
    relation: str


class SentenceDates:
    """The dates of each sentence, to find the one nearest a figure: by bisection, since a
    "sentence" with no full stop in it can hold thousands of figures and of dates."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        by_sentence: dict[tuple[str, int], list[DateClaim]] = defaultdict(list)
        for claim in claims:
            if isinstance(claim, DateClaim):
                by_sentence[(claim.document_id, claim.sentence.start)].append(claim)
        self._dates: dict[tuple[str, int], tuple[list[int], list[DateClaim]]] = {}
        for key, found in by_sentence.items():
            found.sort(key=lambda d: d.span.start)  # stable: text order among equal starts
            self._dates[key] = ([d.span.start for d in found], found)

    def nearest(self, claim: QuantityClaim) -> DateClaim | None:
        """The date of the figure's sentence that starts nearest it; the earlier of two as
        near, and the first given of two at one place."""
        starts, dates = self._dates.get((claim.document_id, claim.sentence.start), ([], []))
        if not dates:
            return None
        at = claim.span.start
        k = bisect.bisect_left(starts, at)
        if k == len(starts) or (k > 0 and at - starts[k - 1] <= starts[k] - at):
            k = bisect.bisect_left(starts, starts[k - 1])
        return dates[k]


def frame_of(claim: QuantityClaim, lexicon: Lexicon, date: DateClaim | None = None) -> Frame:
    """Read a figure's frame from its claim, its sentence and the date of that sentence
    nearest it (``SentenceDates.nearest``); names are read less the lexicon's
    ``not_anchors``."""
    sentence = claim.sentence.text
    at = claim.span.start - claim.sentence.start
    end = claim.span.end - claim.sentence.start
    words_left = _content_words(sentence[max(0, at - 80) : at])[-_WINDOW:]
    words_right = _content_words(sentence[end : end + 80])[:_WINDOW]
    near_words = words_left + words_right
    right = [lemma_of(w) for w in words_right]
    window = frozenset([lemma_of(w) for w in words_left] + right)
    raw_left = [w for w in _raw_words(sentence[max(0, at - 60) : at]) if not w[0].isdigit()]
    raw_right = [w for w in _raw_words(sentence[end : end + 60]) if not w[0].isdigit()]
    head = _head(claim, right)
    events: set[int] = set()
    core_events: set[int] = set()
    for i, word in enumerate(near_words):  # as written: "lives" is a death, "live" is not
        keys = wordnet.event_keys(word)
        events |= keys
        if len(words_left) - _CORE <= i < len(words_left) + _CORE:
            core_events |= keys
    near = sentence[max(0, at - 60) : end + 60]
    not_names = _not_names(lexicon.not_anchors)
    near_raw = _raw_words(near)
    aggregation = {
        _AGGREGATION[w]
        for i, w in enumerate(near_raw)
        if w in _AGGREGATION and not (w == "per" and near_raw[i + 1 : i + 2] == ["cent"])
    }
    if claim.measure.family == "population":
        aggregation.add("population")  # "a city of 1.5 million": no population word near
    if _AGGREGATION_PHRASE.search(sentence[end : end + 30]):
        aggregation.add("rate")
    if _DIFFERENCE_AFTER.match(sentence, end) or _DIFFERENCE_BEFORE.search(
        sentence, max(0, at - 30), at
    ):
        aggregation.add("difference")
    before = tuple(raw_left[-3:])
    after = tuple(raw_right[:2])
    return Frame(
        claim=claim,
        unit=unit_of(claim),
        qualifier=_QUALIFIER_CLASS.get(claim.qualifier, "approximate"),
        head=head,
        head_keys=wordnet.noun_keys(head) if head else frozenset(),
        window=window,
        events=frozenset(events),
        core_events=frozenset(core_events),
        sentence_words=_sentence_words(sentence),
        bigrams=_bigrams(sentence),
        names=_names(sentence, not_names),
        near_names=_names(near, not_names),
        aggregation=frozenset(aggregation),
        change=_direction(before, after, lexicon),
        round_figure=_is_round(claim.value),
        before=before,
        after=after,
        context=frozenset(raw_left[-4:] + raw_right[:4]),
        when=_when(date),
        year_like=claim.qualifier == "exact"
        and claim.value == int(claim.value)
        and 1800 <= claim.value <= 2100
        and claim.span.text.strip().isdigit(),
        compound=_COMPOUND.match(sentence, end) is not None,
        bracketed=_open_brackets(sentence, at) > 0,
        fragment=_FRAGMENT.search(sentence, max(0, at - 4), at) is not None
        or _FRAGMENT_AFTER.match(sentence, end) is not None,
    )


def _when(nearest: DateClaim | None) -> When | None:
    if nearest is None:
        return None
    if nearest.start is not None and nearest.end is not None:
        key = f"{nearest.start.isoformat()}/{nearest.end.isoformat()}"
    else:
        key = " ".join(sorted(w.strip(".,").lower() for w in nearest.expression.split()))
    return When(key=key, relation=nearest.relation)


def unit_of(claim: QuantityClaim) -> Unit:
    """The kind of number: only figures of one unit are ever compared."""
    return _UNIT_OF_FAMILY.get(claim.measure.family) or claim.measure.dimension or "count"


def _head(claim: QuantityClaim, right: list[str]) -> str:
    counted = claim.measure.counted
    if counted and claim.measure.counted_as == "noun":
        return wordnet.lemma(counted.split()[-1], "n")
    return right[0] if right else ""


_AGAINST = frozenset({"against", "versus", "vs"})  # a change of one thing against another
_SKIPPED_BEFORE = frozenset({"by", "some", "about", "around", "nearly", "almost", "roughly"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_UP_DOWN: dict[str, Direction] = {"up": "rise", "down": "fall"}


def _direction(
    before: tuple[str, ...], after: tuple[str, ...], lexicon: Lexicon
) -> Direction | None:
    """Whether the figure is the size of a rise or of a fall, from the word just before it
    (past "by" and a hedge: "rose by about 3%"; "up" or "down" only after a form of "be":
    "orders were up 11 percent", not "women make up 83 percent") or just after it ("1.9%
    lower"), as the lexicon's ``direction`` lists them."""
    if _AGAINST.intersection(after):
        return None  # "rose 1.5% against the pound": the pound fell as much, and both are right
    words = [w for w in before if w not in _SKIPPED_BEFORE]
    word = words[-1] if words else ""
    next_word = after[0] if after else ""
    rise = word in lexicon.rise_before or next_word in lexicon.rise_after
    fall = word in lexicon.fall_before or next_word in lexicon.fall_after
    if word in _UP_DOWN and len(words) > 1 and words[-2] in _BE:
        rise, fall = rise or _UP_DOWN[word] == "rise", fall or _UP_DOWN[word] == "fall"
    if rise == fall:
        return None  # neither, or both ("fell 3% higher than forecast" is no reading)
    return "rise" if rise else "fall"


def _raw_words(text: str) -> list[str]:
    if text.isascii():  # lower-casing first keeps every offset and token: one call, not many
        return _TOKEN.findall(text.lower())
    return [w.lower() for w in _TOKEN.findall(text)]


@lru_cache(maxsize=8192)
def lemma_of(word: str) -> str:
    """A word's lemma as the frame reads it: WordNet's, less a possessive."""
    if word.endswith(("'s", "’s")):  # "Tuesday's earthquake" and "on Tuesday" share a day
        word = word[:-2]
    return wordnet.lemma(word)


def _content_words(text: str) -> list[str]:
    return [w for w in _raw_words(text) if w not in _STOP and not w[0].isdigit() and len(w) > 1]


def word_lemmas(text: str) -> list[str]:
    """The lemmas of every word of a text, function words too, in order."""
    return [lemma_of(w) for w in _raw_words(text)]


def content_lemmas(text: str) -> list[str]:
    """The lemmas of a text's content words, in order: what ``Frame.sentence_words`` holds."""
    return [lemma_of(w) for w in _content_words(text)]


@lru_cache(maxsize=4096)
def _sentence_words(sentence: str) -> frozenset[str]:
    return frozenset(content_lemmas(sentence))


@lru_cache(maxsize=4096)
def _bigrams(sentence: str) -> frozenset[tuple[str, str]]:
    masked = ["#" if w[0].isdigit() else w for w in _raw_words(sentence)]
    return frozenset(itertools.pairwise(masked))


@lru_cache(maxsize=8)
def _not_names(not_anchors: frozenset[str]) -> frozenset[str]:
    return not_anchors - _SPEAKING_BODIES


@lru_cache(maxsize=4096)
def _names(text: str, not_names: frozenset[str]) -> frozenset[str]:
    return proper_names(text, not_names)


def _open_brackets(sentence: str, at: int) -> int:
    """How many "(" stand unclosed before ``at``: counted from per-sentence positions, since
    recounting from the sentence start for each figure is quadratic in a sentence of many."""
    opens, closes = _brackets(sentence)
    return bisect.bisect_left(opens, at) - bisect.bisect_left(closes, at)


@lru_cache(maxsize=4096)
def _brackets(sentence: str) -> tuple[list[int], list[int]]:
    if "(" not in sentence:
        return [], []
    return [m.start() for m in _OPEN.finditer(sentence)], [
        m.start() for m in _CLOSE.finditer(sentence)
    ]


def _is_round(value: float) -> bool:
    if not math.isfinite(value) or value <= 0 or value != int(value):
        return False
    v = int(value)
    digits = len(str(v))
    return digits >= 2 and v % (10 ** max(1, digits - 2)) == 0
