"""The lexicons in ``rules/lexicons/``: loaded, validated, merged and compiled once.

Each file has a pydantic schema (unknown keys are errors). A user's rule folder may hold a
``lexicons/`` folder with files of the same names: their lists extend ours and their mappings
add or replace entries, so a newsroom can teach factcheck its own words without Python.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from factcheck.engine.yamlio import line_of, read_yaml
from factcheck.errors import ConfigError
from factcheck.extract.interval_expr import IntervalTemplate, parse_template
from factcheck.paths import data_dir
from factcheck.text.fold import Folded, Phrases
from factcheck.text.trie import trie_pattern


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QualifierDef(_Strict):
    phrases: list[str]
    hard: str
    soft: str


class QuantifiersFile(_Strict):
    qualifiers: dict[str, QualifierDef]
    cancellable_upper: list[str] = []
    postfix: list[str] = []
    vague: dict[str, tuple[float, float]]
    not_a_set: list[str] = []


class FamilyDef(_Strict):
    human: bool = False
    cues: list[str] = []
    nouns: list[str] = []
    same_as_people: list[str] = []  # counted nouns that, in this family, just mean "people"


@dataclass(frozen=True, slots=True)
class Conversion:
    """A unit that converts: "hours" is a duration, given in minutes, 60 of them each."""

    dimension: str
    base: str
    factor: float


class MeasuresFile(_Strict):
    families: dict[str, FamilyDef]
    events: dict[str, list[str]]
    currencies: dict[str, list[str]]
    rates: list[str] = []
    units: list[str] = []
    conversions: dict[str, tuple[str, str, float]] = {}
    not_money_things: list[str] = []


class CountedFile(_Strict):
    parents: dict[str, str]
    people: list[str]
    modifiers: list[str] = []
    others: list[str] = []
    others_before: list[str] = []


class _TotalCues(_Strict):
    now: list[str]


class _IncidentCues(_Strict):
    events: list[str]
    determiners: list[str]


class _TimeWords(_Strict):
    now: list[str]
    relative: list[str]
    weekdays: list[str]
    months: list[str]
    parts: list[str]


class _Directions(_Strict):
    up_before: list[str] = []
    down_before: list[str] = []
    up_after: list[str] = []
    down_after: list[str] = []


class ScopeFile(_Strict):
    total: _TotalCues
    incident: _IncidentCues
    distinct: list[str]
    time: _TimeWords
    previous_value: list[str] = []
    earlier_age: list[str] = []
    time_shifts: list[str] = []
    direction: _Directions = _Directions()


class AttributionFile(_Strict):
    verbs: list[str]
    vague_sources: list[str]
    hedges: list[str]
    uncertainty: list[str] = []
    negations: list[str]
    conditionals: list[str]
    thresholds: list[str] = []


class NamesFile(_Strict):
    """``names.yml``: words that stand where a name would but name nobody in particular."""

    unnamed_speakers: list[str]
    not_roles: list[str]
    not_given_names: list[str]
    not_places: list[str]
    not_shared_names: list[str]
    not_anchors: list[str]
    relatives: list[str]
    families: list[str]
    titles_of_men: list[str]
    titles_of_women: list[str]


class _TitleQualifiers(_Strict):
    time: list[str] = []
    acting: list[str] = []
    subordinate: list[str] = []


class TitlesFile(_Strict):
    """``titles.yml``: offices and their exclusive groups, other title words, name stop-words.
    Read by ``factcheck.extract.entities.load_titles``."""

    offices: dict[str, list[str]]
    exclusive: list[list[str]] = []
    descriptive: list[str] = []
    other: list[str] = []
    honorifics: list[str] = []
    qualifiers: _TitleQualifiers = _TitleQualifiers()
    modifiers: list[str] = []
    change_cues: list[str] = []
    not_names: list[str] = []
    month_names: list[str] = []
    organizations: list[str] = []
    place_words: list[str] = []
    place_prepositions: list[str] = []
    speech_verbs: list[str] = []


class DatesFile(_Strict):
    """``dates.yml``: event words, one-time events, cues that an event lasts or moved. Read
    by ``factcheck.extract.dates.date_lexicon``."""

    events: dict[str, list[str]]
    once: list[str] = []
    lasting: dict[str, list[str]] = {}
    changes: list[str] = []
    not_events: list[str] = []
    lives: list[str] = []
    again: list[str] = []


_SCHEMAS: dict[str, type[_Strict]] = {
    "quantifiers": QuantifiersFile,
    "measures": MeasuresFile,
    "counted": CountedFile,
    "scope": ScopeFile,
    "attribution": AttributionFile,
    "titles": TitlesFile,
    "dates": DatesFile,
    "names": NamesFile,
}


def phrase_regex(
    phrases: Iterable[str], lower_case_only: frozenset[str] = frozenset()
) -> re.Pattern[str]:
    """One case-insensitive alternation of whole phrases, longest first; the phrases in
    ``lower_case_only`` match only as written ("may", not the month "May")."""
    words = [" ".join(p.lower().split()) for p in phrases]
    body = trie_pattern(w for w in words if w not in lower_case_only)
    exact = "".join(f"|{re.escape(w)}" for w in words if w in lower_case_only)
    return re.compile(rf"(?<![\w-])(?:(?i:{body}){exact})(?![\w-])")


class Conditions(Phrases):
    """The condition words of ``attribution.yml`` ("if", "would", "could rise" …), less the
    "would" of reported speech: "the company said it would cut 1,300 jobs" reports a plan as
    "the company will cut" does; it sets no hypothesis. A condition word before it ("said
    that if …, it would") is found first."""

    __slots__ = ()

    def search(self, text: Folded, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        for m in self.regex.finditer(text, pos, endpos):
            reported = m.group() == "would" and _REPORTED_BEFORE.search(
                text, max(pos, m.start() - 60), m.start()
            )
            if not reported:
                return m
        return None


# A reporting verb and its clause up to the "would" it backshifts, in one sentence.
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|announced|confirmed|told|added|stated|promised|pledged)\b[^.;:!?]{0,50}$"
)


def phrases(words: Iterable[str]) -> Phrases:
    """Whole phrases in any case, longest first, for folded text (``factcheck.text.fold``)."""
    return Phrases(_whole_phrases(words))


def _whole_phrases(words: Iterable[str]) -> str:
    body = trie_pattern(" ".join(w.lower().split()) for w in words)
    return rf"(?<![\w-])(?:{body})(?![\w-])"


def singular(word: str) -> str:
    """A plain English singular, good enough for counted nouns."""
    w = word.lower()
    irregular = {
        "people": "people",
        "children": "child",
        "women": "woman",
        "men": "man",
        "lives": "life",
        "police": "police",
        "staff": "staff",
        "crew": "crew",
    }
    if w in irregular:
        return irregular[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractors look words up in, compiled."""

    rule_paths: tuple[str, ...]  # the extra rule folders whose lexicons/ extend the bundled ones

    qualifiers: dict[str, tuple[IntervalTemplate, IntervalTemplate]]
    qualifier_of_phrase: dict[str, str]
    prefix_qualifiers: Phrases
    postfix_qualifiers: Phrases
    cancellable_upper: frozenset[str]
    vague: dict[str, tuple[float, float]]
    not_a_set: frozenset[str]  # a fraction "of" these is a part of one span, not a share
    family_of_cue: dict[str, str]
    family_cues: Phrases
    family_of_noun: dict[str, str]
    human_families: frozenset[str]
    same_as_people: dict[str, frozenset[str]]
    event_of_word: dict[str, str]
    event_words: Phrases
    currency_of_word: dict[str, str]
    rates: Phrases
    units: frozenset[str]
    not_money_things: frozenset[str]  # nouns near money that say nothing of what it is
    conversions: dict[str, Conversion]  # unit word → its dimension, base unit and factor
    # Capitalised words that are no part of a name or title: they open a sentence or a clause
    # ("The", "When", "Yesterday"), or are titles and days (titles.yml ``not_names``).
    not_names: frozenset[str]
    counted_parents: dict[str, str]
    people_words: frozenset[str]
    # Plural nouns of whole things, people and events: nobody counts 1.5 metres of people,
    # so the letter in "1.5m people" is a scale.
    whole_nouns: frozenset[str]
    modifiers: frozenset[str]
    others: frozenset[str]
    others_before: frozenset[str]
    total_cues: Phrases
    incident_nouns: Phrases  # groups: determiner, event noun
    distinct_cues: frozenset[str]
    now_words: Phrases
    time_phrases: Phrases
    previous_value: Phrases
    earlier_age: Phrases
    time_shifts: Phrases
    # The word before or after a figure that makes it a rise or a fall (scope.yml `direction`).
    rise_before: frozenset[str]
    fall_before: frozenset[str]
    rise_after: frozenset[str]
    fall_after: frozenset[str]
    reporting_verbs: Phrases
    vague_sources: frozenset[str]
    # names.yml, lower case but for the last two (matched as written)
    unnamed_speakers: frozenset[str]
    not_roles: frozenset[str]
    not_given_names: frozenset[str]
    not_places: frozenset[str]
    not_shared_names: frozenset[str]
    not_anchors: frozenset[str]
    # A surname two people of one family share, as its last group: after a possessive and a
    # names.yml ``relatives`` word ("his wife, Nora Holt", "his widow, Holt") or before a
    # ``families`` word ("the Holt brothers")
    family_surname: re.Pattern[str]
    # A courtesy title, of a man (group "man") or a woman, then the surname (group "surname"),
    # a given name between or not ("Mrs Holt", "Mr Tom Holt")
    courtesy_title: re.Pattern[str]
    hedges: re.Pattern[str]
    uncertainty: Phrases
    negations: Phrases
    conditionals: Conditions
    thresholds: Phrases

    def courtesy_titles(self, text: str) -> Iterator[tuple[str, bool]]:
        """Each surname ``text`` writes after a courtesy title, in lower case, and whether the
        title is a man's ("Mr Holt", "Mrs Tom Holt")."""
        for m in self.courtesy_title.finditer(text):
            yield m.group("surname").lower(), m.group("man") is not None

    def is_subset(self, part: str | None, whole: str | None) -> bool:
        """True when ``part`` is strictly inside ``whole`` (children ⊂ people)."""
        seen: set[str] = set()
        node = part
        while node and node not in seen:
            seen.add(node)
            node = self.counted_parents.get(node)
            if node == whole:
                return True
        return False


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    return extra


def _read_files(folders: list[Path]) -> dict[str, BaseModel]:
    raw: dict[str, Any] = {}
    sources: dict[str, Path] = {}
    problems: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yml")):
            name = path.stem
            if name not in _SCHEMAS:
                problems.append(
                    f"{path}:1: unknown lexicon '{name}' (known: {', '.join(sorted(_SCHEMAS))})"
                )
                continue
            try:
                data = read_yaml(path)
            except ConfigError as exc:
                problems.extend(exc.problems)
                continue
            raw[name] = _merge(raw[name], data) if name in raw else data
            sources[name] = path
    parsed: dict[str, BaseModel] = {}
    for name, schema in _SCHEMAS.items():
        if name not in raw:
            problems.append(f"lexicon '{name}.yml' is missing from {folders[0]}")
            continue
        try:
            parsed[name] = schema.model_validate(raw[name])
        except ValidationError as exc:
            path = sources[name]
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"])
                problems.append(f"{path}:{line_of(path, err['loc'])}: {loc}: {err['msg']}")
    if problems:
        raise ConfigError(problems)
    return parsed


def _family_surname(relatives: list[str], families: list[str]) -> re.Pattern[str]:
    name = r"[A-Z][\w'’-]+"
    possessive = rf"(?:[Hh]is|[Hh]er|[Tt]heir|{name}['’]s|[a-z]+['’]s)"
    return re.compile(
        # his wife, Nora Holt; her late husband Tom Holt; the couple's son, Pim Rask
        rf"\b{possessive}\s+(?:[a-z]+\s+)?(?:{trie_pattern(relatives)}),?\s+"
        rf"(?:(?:{name}|[A-Z]\.)\s+)*({name})\b"
        rf"|\b[Tt]he\s+({name})\s+(?:{trie_pattern(families)})\b"  # the Holt brothers
    )


def _compile(files: Mapping[str, BaseModel], rule_paths: tuple[str, ...]) -> Lexicon:
    q = files["quantifiers"]
    m = files["measures"]
    c = files["counted"]
    s = files["scope"]
    a = files["attribution"]
    t = files["titles"]
    n = files["names"]
    assert isinstance(q, QuantifiersFile) and isinstance(m, MeasuresFile)
    assert isinstance(t, TitlesFile)
    assert isinstance(c, CountedFile) and isinstance(s, ScopeFile)
    assert isinstance(a, AttributionFile) and isinstance(n, NamesFile)
    problems: list[str] = []
    qualifiers: dict[str, tuple[IntervalTemplate, IntervalTemplate]] = {}
    for name, qdef in q.qualifiers.items():
        try:
            qualifiers[name] = (parse_template(qdef.hard), parse_template(qdef.soft))
        except ValueError as exc:
            problems.append(f"quantifiers.yml: qualifier '{name}': {exc}")
    for required in ("exact", "round"):
        if required not in q.qualifiers:
            problems.append(f"quantifiers.yml: the qualifier '{required}' must be defined")
    if problems:
        raise ConfigError(problems)
    of_phrase = {p.lower(): n for n, d in q.qualifiers.items() for p in d.phrases}
    postfix = {p.lower() for p in q.postfix}
    family_of_cue = {cue.lower(): fam for fam, d in m.families.items() for cue in d.cues}
    family_of_noun = {n.lower(): fam for fam, d in m.families.items() for n in d.nouns}
    event_of_word = {w.lower(): ev for ev, words in m.events.items() for w in words}
    currency_of_word = {w.lower(): code for code, words in m.currencies.items() for w in words}
    time_words = [*s.time.now, *s.time.relative]
    return Lexicon(
        rule_paths=rule_paths,
        qualifiers=qualifiers,
        qualifier_of_phrase=of_phrase,
        prefix_qualifiers=_suffix_regex([p for p in of_phrase if p not in postfix]),
        postfix_qualifiers=_prefix_regex(postfix),
        cancellable_upper=frozenset(q.cancellable_upper),
        vague={k.lower(): v for k, v in q.vague.items()},
        not_a_set=frozenset(w.lower() for w in q.not_a_set),
        family_of_cue=family_of_cue,
        family_cues=phrases(family_of_cue),
        family_of_noun=family_of_noun,
        human_families=frozenset(n for n, d in m.families.items() if d.human),
        same_as_people={
            n: frozenset(w.lower() for w in d.same_as_people) for n, d in m.families.items()
        },
        event_of_word=event_of_word,
        event_words=phrases(event_of_word),
        currency_of_word=currency_of_word,
        rates=phrases(m.rates),
        units=frozenset(u.lower() for u in m.units),
        not_money_things=frozenset(w.lower() for w in m.not_money_things),
        conversions={u.lower(): Conversion(*c) for u, c in m.conversions.items()},
        not_names=frozenset(t.not_names),
        counted_parents={k.lower(): v.lower() for k, v in c.parents.items()},
        people_words=frozenset(w.lower() for w in c.people),
        whole_nouns=frozenset(
            w.lower()
            for w in (*c.people, *c.parents, *family_of_noun)
            if " " not in w and w.lower() not in m.units
        ),
        modifiers=frozenset(w.lower() for w in c.modifiers),
        others=frozenset(w.lower() for w in c.others),
        others_before=frozenset(w.lower() for w in c.others_before),
        total_cues=phrases(s.total.now),
        incident_nouns=_incident_regex(s),
        distinct_cues=frozenset(w.lower() for w in s.distinct),
        now_words=phrases(s.time.now),
        time_phrases=phrases(time_words),
        previous_value=_suffix_regex(s.previous_value),
        earlier_age=phrases(s.earlier_age),
        time_shifts=phrases(s.time_shifts + s.previous_value),
        rise_before=frozenset(w.lower() for w in s.direction.up_before),
        fall_before=frozenset(w.lower() for w in s.direction.down_before),
        rise_after=frozenset(w.lower() for w in s.direction.up_after),
        fall_after=frozenset(w.lower() for w in s.direction.down_after),
        reporting_verbs=phrases(a.verbs),
        vague_sources=frozenset(w.lower() for w in a.vague_sources),
        unnamed_speakers=frozenset(w.lower() for w in n.unnamed_speakers),
        not_roles=frozenset(w.lower() for w in n.not_roles),
        not_given_names=frozenset(w.lower() for w in n.not_given_names),
        not_places=frozenset(w.lower() for w in n.not_places),
        not_shared_names=frozenset(n.not_shared_names),
        not_anchors=frozenset(n.not_anchors),
        family_surname=_family_surname(n.relatives, n.families),
        courtesy_title=re.compile(
            rf"(?<![\w.])(?:(?P<man>{trie_pattern(n.titles_of_men)})"
            rf"|{trie_pattern(n.titles_of_women)})\s+(?:[A-Z][\w'’-]+\s+)?"
            r"(?P<surname>[A-Z][\w'’-]+)"
        ),
        # "May" in "on 2 May" or "since May" is the month, not a hedge.
        hedges=phrase_regex(a.hedges, lower_case_only=frozenset({"may"})),
        uncertainty=phrases(a.uncertainty),
        negations=phrases(a.negations),
        conditionals=Conditions(_whole_phrases(a.conditionals)),
        thresholds=phrases(a.thresholds),
    )


def _suffix_regex(words: Iterable[str]) -> Phrases:
    """Matches one of the phrases at the very end of a string (the words before a figure)."""
    body = trie_pattern(" ".join(p.lower().split()) for p in words)
    return Phrases(rf"(?<![\w-])({body})[\s-]*$")


def _prefix_regex(words: Iterable[str]) -> Phrases:
    """Matches one of the phrases at the very start of a string (the words after a figure)."""
    body = trie_pattern(" ".join(p.lower().split()) for p in words)
    return Phrases(rf"^[\s-]*({body})(?![\w-])")


def _incident_regex(s: ScopeFile) -> Phrases:
    """A determiner, at most one word, then a singular event noun: "in a strike", "another
    deadly attack". A day that owns the noun is a determiner too: "Tuesday's earthquake",
    "last week's storm" name one event as surely as "the". Group 1 is the determiner, group
    2 the noun."""
    # Tries, not plain alternations: every "the" and "a" of the text starts an attempt.
    dets = trie_pattern(w.lower() for w in {*s.incident.determiners, *s.distinct})
    days = trie_pattern(w.lower() for w in {*s.time.weekdays, *s.time.relative})
    nouns = trie_pattern(w.lower() for w in s.incident.events)
    return Phrases(
        rf"\b({dets}|(?:{days})['’]s)\s+(?:[a-z-]+\s+)?({nouns})\b"
        r"(?!\s+(?:campaign|series|wave|spree))"
    )


@lru_cache(maxsize=8)
def lexicon_files(rule_paths: tuple[str, ...] = ()) -> Mapping[str, BaseModel]:
    """Every lexicon file, validated: the bundled ones merged with ``<rule path>/lexicons/``.
    Cached and shared, so read-only."""
    folders = [data_dir() / "lexicons", *(Path(p) / "lexicons" for p in rule_paths)]
    return MappingProxyType(_read_files(folders))


@lru_cache(maxsize=8)
def load_lexicon(rule_paths: tuple[str, ...] = ()) -> Lexicon:
    """The bundled lexicons extended by ``<rule path>/lexicons/*.yml``. Immutable, cached."""
    return _compile(lexicon_files(rule_paths), rule_paths)
