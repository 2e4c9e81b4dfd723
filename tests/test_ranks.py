"""Reading a named thing's place in a series (``factcheck.extract.ranks``), which FC107
compares; the rule's own pass/fail cases live in ``fixtures/rules/FC107.yml``."""

from __future__ import annotations

import re

import pytest

from factcheck.extract.lexicon import load_lexicon
from factcheck.extract.ranks import Rank, rank_at


def rank(sentence: str, ordinal: str) -> Rank | None:
    found = re.search(rf"\b{ordinal}\b", sentence)
    assert found is not None
    return rank_at(sentence, found.start(), found.end(), load_lexicon().not_names)


@pytest.mark.parametrize(
    ("sentence", "ordinal", "title", "head", "owner"),
    [
        ("Glass Orchard is the sixth studio album by the folk band Tarn Wells.", "sixth",
         "Glass Orchard", "album", "wells"),
        ("Her second novel, The Salt Road, won the Ardent Prize.", "second",
         "Salt Road", "novel", None),
        ("Critics called The Salt Road, her fourth novel, her best.", "fourth",
         "Salt Road", "novel", None),
        ("In 2018, Minaj released her fourth studio album, Queen.", "fourth",
         "Queen", "album", None),
        ("Harbour of Salt is Denmark's ninth highest-grossing film.", "ninth",
         "Harbour of Salt", "film", "denmark"),
        ("Aplin released Night Bus as the second single from the EP.", "second",
         "Night Bus", "single", "ep"),
    ],
)  # fmt: skip
def test_a_named_thing_and_its_series(
    sentence: str, ordinal: str, title: str, head: str, owner: str | None
) -> None:
    found = rank(sentence, ordinal)
    assert found is not None
    assert (found.title, found.head, found.owner) == (title, head, owner)


@pytest.mark.parametrize(
    ("sentence", "ordinal"),
    [
        ("It was her fourth novel in six years.", "fourth"),  # nothing named holds the place
        ("The song is the second single from the album.", "second"),
        ("He finished second in the race behind Moreau.", "second"),
    ],
)
def test_no_rank_without_a_named_holder(sentence: str, ordinal: str) -> None:
    assert rank(sentence, ordinal) is None


def test_a_verb_after_the_series_is_not_its_head() -> None:
    found = rank("Her second novel, The Salt Road, won the prize.", "second")
    assert found is not None and found.modifiers == frozenset()


@pytest.mark.parametrize(
    ("first", "second", "one_series"),
    [
        ("Night Ferry is the fourth full-length album by Osk Rimmer.",
         "Night Ferry is the second full-length studio album by Osk Rimmer.", True),
        ("Northern Lights is the second live album by Tarn Wells.",
         "Northern Lights is the fourth studio album by Tarn Wells.", False),
        ("Cold Meridian is the 14th film in the Marek Stahl series.",
         "Cold Meridian is the second film directed by Ines Parra.", False),
        ("Glass Orchard is the sixth studio album by Tarn Wells.",
         "Glass Orchard is the second studio album by Mira Olsen.", False),
        ("Glass Orchard is the sixth studio album by Tarn Wells.",
         "Glass Orchard, her seventh studio album, sold well.", True),
    ],
)  # fmt: skip
def test_one_series_or_two(first: str, second: str, one_series: bool) -> None:
    places = r"second|fourth|sixth|seventh|14th"
    a, b = rank(first, places), rank(second, places)
    assert a is not None and b is not None
    assert a.same_series(b) is one_series


def test_a_standing_among_the_most_is_marked() -> None:
    found = rank("Harbour of Salt is the ninth most watched Danish film.", "ninth")
    assert found is not None and found.standing
    plain = rank("Harbour of Salt is the ninth Danish film of the year.", "ninth")
    assert plain is not None and not plain.standing


@pytest.mark.parametrize(
    "sentence",
    [
        "Dravenia ranked 31st in the Ostrel Press Freedom Index.",
        "Dravenia was ranked 31st out of 140 countries in the Ostrel Press Freedom Index.",
        "Dravenia placed 31st of the 140 countries in the Ostrel Press Freedom Index.",
        "Dravenia ranks 31st in the Ostrel Press Freedom Index this year.",
    ],
)
def test_a_place_in_a_ranking_past_the_size_of_the_field(sentence: str) -> None:
    found = rank(sentence, "31st")
    assert found is not None and found.placing
    assert (found.title, found.head) == ("Dravenia", "index")


def test_what_a_ranking_is_for_is_part_of_its_name() -> None:
    short = rank("Dravenia ranked 31st in the Ostrel index.", "31st")
    full = rank("Dravenia ranked 12th in the Ostrel index for economic freedom.", "12th")
    assert short is not None and full is not None
    assert full.series == "ostrel index for economic freedom"
    assert not short.same_series(full)
