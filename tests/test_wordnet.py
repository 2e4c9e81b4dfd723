"""WordNet lemmas and event / kind keys: the words that must meet, the words that must not."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck.text.wordnet import (
    event_keys,
    inflected_verb,
    is_plural_noun,
    lemma,
    noun_keys,
    place,
    tables_path,
)

ROOT = Path(__file__).resolve().parent.parent
WORDNET = Path("/usr/share/wordnet")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("killed", "kill"),
        ("died", "die"),
        ("homes", "home"),
        ("people", "people"),  # a WordNet lemma of its own, not a plural of person
        ("children", "child"),
        ("injuries", "injury"),
        ("wounded", "wound"),
        ("cut", "cut"),
        ("fell", "fall"),  # the exception list wins over "fell" the verb (to fell a tree)
        ("votes", "vote"),
        ("fled", "flee"),
        ("building", "build"),  # verb first when no part of speech is given
        ("bed", "bed"),  # WordNet's exception list stops the "-ed" rule
        ("boss", "boss"),
    ],
)
def test_lemma_examples(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_lemma_with_a_part_of_speech() -> None:
    assert lemma("lives") == "live"
    assert lemma("lives", "n") == "life"
    assert lemma("building", "n") == "building"
    assert lemma("troops", "n") == "troop"
    assert lemma("older", "a") == "old"
    assert lemma("wound") == "wind"  # WordNet lists "wound" as wind's past first
    assert lemma("wound", "n") == "wound"


@pytest.mark.parametrize(
    ("word", "verb"),
    [("released", "release"), ("won", "win"), ("suing", "sue"), ("Sold", "sell"),
     ("release", None), ("harbour", None), ("xyzzyed", None)],
)  # fmt: skip
def test_inflected_verb_names_the_verb_of_an_inflected_form_only(
    word: str, verb: str | None
) -> None:
    assert inflected_verb(word) == verb


def test_lemma_lowercases_and_keeps_unknown_words() -> None:
    assert lemma("Killed") == "kill"
    assert lemma("  HOMES ") == "home"
    assert lemma("Zorblaxes") == "zorblaxes"
    assert lemma("covid-19") == "covid-19"
    assert lemma("") == ""
    assert lemma("   ") == ""


def _meet(keys: Callable[[str], frozenset[int]], a: str, b: str) -> bool:
    return bool(keys(a) & keys(b))


DEATH = ["kill", "killed", "slay", "slain", "death", "deaths", "dead", "die", "died", "fatality"]
DEATH += ["fatalities", "lives", "killing", "murdered", "executed"]
INJURY = ["injure", "injured", "wound", "wounded", "wounds", "hurt", "injuries", "injury"]
EVACUATION = ["evacuate", "evacuated", "evacuation", "evacuations", "evacuees"]


@pytest.mark.parametrize("group", [DEATH, INJURY, EVACUATION], ids=["death", "injury", "evac"])
def test_words_of_one_event_share_one_id(group: list[str]) -> None:
    assert frozenset.intersection(*(event_keys(w) for w in group))


EVENTS_MEET = [
    ("arrested", "arrests"),
    ("detained", "detention"),
    ("sold", "sale"),
    ("bought", "purchase"),
    ("elected", "election"),
    ("rescued", "rescue"),
    ("hired", "hiring"),
    ("hired", "employed"),
    ("infected", "infection"),
    ("recovered", "recovery"),
    ("donated", "donation"),
    ("destroyed", "destruction"),
    ("damaged", "damage"),
    ("protest", "protesters"),
    ("attended", "attendance"),
    ("employed", "employment"),
    ("grew", "growth"),
    ("raised", "rise"),
    ("struck", "hit"),
    ("released", "freed"),
]
EVENTS_APART = [
    ("kill", "injure"),
    ("die", "injure"),
    ("killed", "injured"),
    ("deaths", "injuries"),
    ("dead", "wounded"),
    ("died", "wounded"),
    ("fatalities", "injured"),
    ("vote", "win"),
    ("voted", "won"),
    ("buy", "sell"),
    ("bought", "sold"),
    ("kill", "evacuate"),
    ("evacuated", "killed"),
    ("injured", "evacuated"),
    ("arrested", "killed"),
    ("win", "lose"),
    ("rise", "fall"),
    ("infected", "killed"),
    ("birth", "death"),
    ("import", "export"),
    ("recovered", "died"),
    ("hired", "fired"),
    ("sold", "won"),
    ("bought", "won"),
    ("elected", "killed"),
    ("rescued", "killed"),
    ("destroyed", "killed"),
    ("damaged", "injured"),
    ("displaced", "raised"),  # both troponyms of "move", which is too broad to link by
]


@pytest.mark.parametrize(("a", "b"), EVENTS_MEET)
def test_event_words_that_meet(a: str, b: str) -> None:
    assert _meet(event_keys, a, b)


@pytest.mark.parametrize(("a", "b"), EVENTS_APART + [(a, b) for a in DEATH for b in INJURY])
def test_event_words_that_stay_apart(a: str, b: str) -> None:
    assert not _meet(event_keys, a, b)


NOUNS_MEET = [
    ("home", "house"),
    ("home", "dwelling"),
    ("house", "dwelling"),
    ("homes", "houses"),
    ("dwellings", "homes"),
    ("soldier", "troop"),
    ("soldiers", "troops"),
    ("resident", "inhabitant"),
    ("residents", "inhabitants"),
    ("people", "persons"),
    ("child", "kid"),
    ("children", "kids"),
    ("car", "automobile"),
    ("physician", "doctor"),
    ("lawmakers", "legislators"),
    ("airplane", "plane"),
    ("student", "pupil"),
    ("factory", "plant"),
    ("teacher", "instructor"),
    ("voter", "elector"),
    ("injury", "wound"),
    ("ship", "vessel"),
    ("votes", "ballots"),
    ("vehicle", "vehicles"),  # one lemma always meets itself
]
NOUNS_APART = [
    ("person", "home"),
    ("people", "homes"),
    ("job", "worker"),
    ("jobs", "people"),
    ("vote", "seat"),
    ("seats", "votes"),
    ("vote", "voter"),
    ("home", "job"),
    ("child", "adult"),
    ("man", "woman"),
    ("boy", "girl"),
    ("mother", "father"),
    ("husband", "wife"),
    ("brother", "sister"),
    ("soldier", "civilian"),
    ("troops", "civilians"),
    ("car", "truck"),
    ("bus", "train"),
    ("plane", "helicopter"),
    ("pistol", "rifle"),
    ("dollar", "euro"),
    ("death", "injury"),
    ("deaths", "people"),
    ("death", "birth"),
    ("student", "teacher"),
    ("employee", "employer"),
    ("buyer", "seller"),
    ("passenger", "driver"),
    ("crew", "passenger"),
    ("patient", "doctor"),
    ("doctor", "nurse"),
    ("town", "city"),
    ("city", "country"),
    ("school", "hospital"),
    ("church", "mosque"),
    ("worker", "inhabitant"),
    ("home", "apartment"),
    ("house", "company"),
    ("mayor", "governor"),
    ("senator", "representative"),
    ("tenant", "landlord"),
    ("voter", "candidate"),
    ("loss", "profit"),
]


@pytest.mark.parametrize(("a", "b"), NOUNS_MEET)
def test_nouns_that_count_the_same_kind(a: str, b: str) -> None:
    assert _meet(noun_keys, a, b)


@pytest.mark.parametrize(("a", "b"), NOUNS_APART)
def test_nouns_that_count_different_kinds(a: str, b: str) -> None:
    assert not _meet(noun_keys, a, b)


def test_keys_of_unknown_empty_and_capitalised_words() -> None:
    for keys in (event_keys, noun_keys):
        assert keys("") == frozenset()
        assert keys("   ") == frozenset()
        assert keys("zorblaxes") == frozenset()
        assert keys("Killed") == keys("killed")
        assert keys("HOMES") == keys("homes")
    assert noun_keys("quickly") == frozenset()  # not a noun


def test_keys_are_small_integers_and_events_never_meet_kinds() -> None:
    words = DEATH + INJURY + [a for a, _ in NOUNS_MEET + NOUNS_APART]
    for word in words:
        for key in event_keys(word) | noun_keys(word):
            assert isinstance(key, int) and 0 <= key < 100_000
    assert not event_keys("death") & noun_keys("death")


def test_regenerating_the_tables_gives_the_committed_bytes(tmp_path: Path) -> None:
    if not (WORDNET / "data.noun").is_file():
        pytest.skip("WordNet 3.0 is not installed (apt-get install -y wordnet-base)")
    script = ROOT / "scripts" / "build_wordnet_tables.py"
    done = subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    committed = tables_path().parent
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == ["tables.json"]
    for name in built:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


@pytest.mark.parametrize("word", ["homes", "censuses", "children", "votes", "years", "Deaths"])
def test_plural_nouns(word: str) -> None:
    assert is_plural_noun(word)


@pytest.mark.parametrize(
    "word", ["census", "analysis", "various", "news", "series", "its", "was", "has", "home", ""]
)
def test_words_that_only_end_like_a_plural(word: str) -> None:
    assert not is_plural_noun(word)


@pytest.mark.parametrize(
    ("names", "known"),
    [
        (["U.S.", "US", "the United States", "America", "USA"], "united states"),
        (["Britain", "UK", "the United Kingdom"], "united kingdom"),
        (["Canada"], "canada"),
        (["Texas"], "texas"),
        (["Europe"], "europe"),
    ],
)
def test_every_name_of_a_place_names_one_place(names: list[str], known: str) -> None:
    assert {place(name) for name in names} == {known}


@pytest.mark.parametrize("name", ["Michael", "North", "Male", "IN", "Air Canada", "Velm"])
def test_words_that_are_no_known_place(name: str) -> None:
    assert place(name) is None
