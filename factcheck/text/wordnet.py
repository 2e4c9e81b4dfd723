"""Lemmas, and whether two words name the same event or the same kind of thing, from WordNet.

No model and no dependency: WordNet 3.0 compiled by ``scripts/build_wordnet_tables.py`` into
``rules/lexicons/wordnet/tables.json`` (see that script for what the ids mean and how they are
chosen, and ``additions.yml`` beside the tables for the few links added by hand).

* :func:`lemma` is WordNet's morphy: the exception list (children → child, fell → fall), then
  the suffix rules, keeping a candidate only if it is a WordNet lemma of that part of speech,
  then the word itself. Without a part of speech it tries verb, noun, adjective, in that order,
  and takes the first that fits: news counts what happened, so "killed", "fled", "left" and
  "building" read as kill, flee, leave and build. One cost of that order: "lives" reads as the
  verb live and "wound" as wind (WordNet lists it as wind's past); pass ``pos="n"`` for nouns.
  "people" stays people: WordNet has it as a lemma of its own, not as a plural of person.
* :func:`inflected_verb` gives the verb an inflected form comes from ("released" → release)
  and None for a base form: what the date and restatement rules read as an act.
* :func:`is_plural_noun` tells a plural noun ("homes", "censuses") from a word that only
  ends like one ("census", "various", "its").
* :func:`event_keys` gives ids shared by words that name one event across parts of speech:
  kill, killed, slain, death, dead, died, fatalities and lives meet; kill and injure do not.
  It reads every part of speech of the word itself, so pass the word as written.
* :func:`noun_keys` gives ids shared by nouns that count the same kind of thing: home, house
  and dwelling; resident and inhabitant. Person and home, job and worker do not meet.

Two words meet when their key sets intersect; a noun always meets its own inflections. Words
WordNet lacks get no keys, nor do nouns and adjectives it links to no verb (no event keys).
Everything loads on the first call; the lemma lists sit in small buckets (by their first two
letters) that become dicts the first time a word of that bucket is looked up.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

from factcheck.paths import data_dir

Pos = Literal["n", "v", "a"]

_ORDER: tuple[Pos, ...] = ("v", "n", "a")  # the order lemma() tries when given no pos
# WordNet's detachment rules (suffix, replacement), in WordNet's own order.
_RULES: dict[Pos, tuple[tuple[str, str], ...]] = {
    "n": (
        ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
        ("men", "man"), ("ies", "y"),
    ),
    "v": (
        ("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
        ("ing", ""),
    ),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
}  # fmt: skip
_NONE: frozenset[int] = frozenset()


def tables_path() -> Path:
    """Where the compiled tables live: ``rules/lexicons/wordnet/`` (or its copy in a wheel)."""
    return data_dir() / "lexicons" / "wordnet" / "tables.json"


class _Tables:
    """The compiled tables; lemma buckets are opened on first use."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.exceptions: dict[str, dict[str, str]] = {
            pos: _pairs(text) for pos, text in raw["exceptions"].items()
        }
        self.forms: dict[str, str] = raw["forms"]
        self.places: dict[str, str] = {
            name.replace("_", " "): place.replace("_", " ")
            for name, place in _pairs(raw["places"]).items()
        }
        self.regions = frozenset(name.replace("_", " ") for name in raw["regions"].split(" "))
        self._packed: dict[str, dict[str, list[str]]] = raw["lemmas"]
        self._open: dict[tuple[str, str], dict[str, str]] = {}

    def record(self, pos: str, word: str) -> str | None:
        """The record of a lemma ("kinds/events", ids in base 36), None if not a lemma."""
        key = (pos, word[:2])
        bucket = self._open.get(key)
        if bucket is None:
            packed = self._packed[pos].get(word[:2])
            bucket = (
                dict(zip(packed[0].split(" "), packed[1].split(" "), strict=True)) if packed else {}
            )
            self._open[key] = bucket
        return bucket.get(word)


def _pairs(text: str) -> dict[str, str]:
    words = iter(text.split(" "))
    return dict(zip(words, words, strict=True))


@cache
def _tables() -> _Tables:
    with tables_path().open("rb") as handle:
        return _Tables(json.load(handle))


def place(name: str) -> str | None:
    """The country, state, continent or national capital a name stands for, as one name for
    all of its names ("U.S.", "the United States", "America" → "united states"); None when
    WordNet does not list the name as such a place."""
    folded = " ".join(name.lower().split())
    return _tables().places.get(folded.removeprefix("the "))


def holds_places(place: str) -> bool:
    """Whether a place ``place`` returns may hold other places: a country, a state or
    province, a continent; not a capital, and not a town WordNet does not list."""
    return place in _tables().regions


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(part, 36) for part in text.split(",")) if text else ()


def _normal(word: str) -> str:
    return word.strip().lower().replace("’", "'")


def lemma(word: str, pos: Pos | None = None) -> str:
    """The WordNet base form of ``word``, lower-cased; the word itself when nothing fits.

    ``lemma("killed") == "kill"``, ``lemma("children") == "child"``, ``lemma("fell") == "fall"``,
    ``lemma("injuries") == "injury"``, ``lemma("people") == "people"``, ``lemma("Xyzzy") ==
    "xyzzy"``, ``lemma("") == ""``. Without ``pos``: verb, then noun, then adjective.
    """
    return _lemma(_normal(word), pos)


def inflected_verb(word: str) -> str | None:
    """The verb ``word`` inflects ("released" → release, "won" → win, "suing" → sue), or None
    for a base form and for a word WordNet has no verb for."""
    normal = _normal(word)
    base = _lemma(normal, "v")
    return base if base != normal else None


@lru_cache(maxsize=32768)
def _lemma(word: str, pos: Pos | None) -> str:
    if not word:
        return word
    for each in (pos,) if pos else _ORDER:
        base = _morphy(word, each)
        if base is not None:
            return base
    return word


def _morphy(word: str, pos: Pos) -> str | None:
    tables = _tables()
    base = tables.exceptions[pos].get(word)
    if base is not None:
        return base
    # WordNet strips no suffix from a noun ending in -ss (boss) or of two letters or fewer.
    if not (pos == "n" and (word.endswith("ss") or len(word) <= 2)):
        for suffix, ending in _RULES[pos]:
            if word.endswith(suffix):
                candidate = word[: len(word) - len(suffix)] + ending
                if candidate and tables.record(pos, candidate) is not None:
                    return candidate
    return word if tables.record(pos, word) is not None else None


# Pronouns and auxiliaries that WordNet's suffix rules would read as plurals of its
# abbreviations (WA, HA, HI, IT) or of a noun they only look like (doe).
_NOT_PLURALS = frozenset({"was", "has", "his", "its", "does"})


def is_plural_noun(word: str) -> bool:
    """``word`` is an inflected plural of a WordNet noun: "censuses", "homes", "children" are;
    "census", "analysis", "various", "news", "series" and "its" are not."""
    word = _normal(word)
    if word in _NOT_PLURALS:
        return False
    base = _morphy(word, "n")
    return base is not None and base != word


def event_keys(word: str) -> frozenset[int]:
    """Ids of the events ``word`` can name, whatever its part of speech; empty if none known.

    ``event_keys("killed") & event_keys("deaths")`` is not empty;
    ``event_keys("killed") & event_keys("injured")`` is.
    """
    return _event_keys(_normal(word))


@lru_cache(maxsize=32768)
def _event_keys(word: str) -> frozenset[int]:
    if not word:
        return _NONE
    tables = _tables()
    keys: set[int] = set(_ids(tables.forms.get(word, "")))
    for pos in _ORDER:
        base = _lemma(word, pos)
        for candidate in (base, word) if base != word else (word,):
            record = tables.record(pos, candidate)
            if record:
                keys.update(_ids(record.partition("/")[2]))
            if candidate in tables.forms:
                keys.update(_ids(tables.forms[candidate]))
    return frozenset(keys) if keys else _NONE


def noun_keys(word: str) -> frozenset[int]:
    """Ids of the kinds of thing the noun ``word`` counts; empty if none known.

    ``noun_keys("homes") & noun_keys("houses")`` is not empty;
    ``noun_keys("jobs") & noun_keys("workers")`` is.
    """
    return _noun_keys(_normal(word))


@lru_cache(maxsize=32768)
def _noun_keys(word: str) -> frozenset[int]:
    if not word:
        return _NONE
    record = _tables().record("n", _lemma(word, "n"))
    keys = _ids(record.partition("/")[0]) if record else ()
    return frozenset(keys) if keys else _NONE
