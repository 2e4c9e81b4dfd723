"""Hostile plain text stays linear: a short, ratio-only version of benchmarks/adversarial.py.

Each generator that once took quadratic time is timed at N and 4N words in this process (CPU
time, the best of three runs): linear work gives a ratio near 4, quadratic near 16. Only the
ratio is asserted, never a time, so the test does not depend on the machine; the bound (6)
leaves room for noise. The rest checks that the linear rewrites answer exactly as the
expressions they replaced did, on many small random strings.
"""

from __future__ import annotations

import random
import re

import pytest

from factcheck.extract import quantities
from factcheck.extract.lexicon import load_lexicon
from factcheck.model import Document
from factcheck.pipeline import analyse
from factcheck.rules import polarity as polarity_rule
from factcheck.rules import quotes as quotes_rule
from factcheck.text.segment import split_sentences
from tests.conftest import growth, repo_script

MAX_RATIO = 6.0  # for 4× the words; linear ≈ 4, quadratic ≈ 16


ADVERSARIAL = repo_script("benchmarks/adversarial.py")

# The generators that were super-linear, with a size N small enough for the whole file to
# run in a few seconds and large enough for a quadratic term to show at 4N (each of these
# gave a ratio of 6 to 17 before the fixes).
SIZES = {
    "numbers_spaced": 700,
    "number_list": 300,
    "ranges": 250,
    "numbers_in_prose": 600,
    "table_as_prose": 600,
    "quotes_one_sentence": 3000,
    "unbalanced_quotes": 1000,
    "names_then_quote": 1000,
    "dates_and_events": 600,
    "punctuation_run": 2000,
    "glued_quotes": 4000,
    "polarity_flipflop": 300,
    "one_quote_many_speakers": 300,
    "long_prose_sentence": 2000,
}
# Rules that compare each claim with a window of partners are quadratic until the window is
# full: a small window lets small sizes show the linear regime.
SMALL_WINDOW = 5


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    analyse([Document(id="warm-up", text="The storm killed 12 people on Monday.")])


@pytest.mark.parametrize("name", sorted(SIZES))
def test_four_times_the_words_take_about_four_times_as_long(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(polarity_rule, "PARTNERS", SMALL_WINDOW)
    monkeypatch.setattr(quotes_rule, "PARTNERS", SMALL_WINDOW)
    make = ADVERSARIAL.GENERATORS[name]
    words = SIZES[name]
    ratio = growth(_check, make(words), make(4 * words), MAX_RATIO)
    assert ratio <= MAX_RATIO, f"{name}: ×{ratio:.1f} the time for 4× the words"


def _check(text: str) -> object:
    return analyse([Document(id="adv", text=text)])


# -- the rewrites answer as the expressions they replaced -------------------------------------


def test_of_the_before_reads_as_the_regex() -> None:
    regex = re.compile(r"(?:^|[^\w])[Oo]f\s+the\s*$")
    pieces = ["of", "Of", "OF", "the", " ", "\n", "\u00a0", "_", "x", "é", "1", ",", "he", "²"]
    rng = random.Random(1)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        end = rng.randint(0, len(text))
        expected = regex.search(text[:end]) is not None
        assert quantities._ends_with_of_the(text, end) == expected, (text, end)


def test_name_before_comma_reads_as_the_regex() -> None:
    regex = re.compile(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*),\s*$")
    pieces = ["Kell", "xKell", "A", "aK", "KA", ",", ", ", " ", "\n", "O'Neil", "é", "_", "-", "ab"]
    rng = random.Random(2)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        m = regex.search(text)
        expected = m.group(1).split()[-1] if m else None
        assert quantities._name_before_comma(text) == expected, text


def test_event_before_a_figure_reads_as_the_prefix_search() -> None:
    lex = load_lexicon()
    pieces = [*lex.event_of_word, "the", "5th", "in", ",", " ", "  ", "-", "3", "times", "(", "x"]
    rng = random.Random(3)
    for _ in range(2_000):
        sentence = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        document = quantities._DocumentFacts(sentence, lex)
        facts = quantities._SentenceFacts(sentence, lex, document, frozenset())
        assert facts.last_event == quantities._event_verb(sentence, lex)
        for offset in range(0, len(sentence) + 1, max(1, len(sentence) // 8)):
            expected = quantities._event_verb(sentence[:offset], lex)
            assert facts.event_before(offset) == expected, (sentence, offset)


def test_a_run_of_full_stops_is_split_as_before() -> None:
    # The boundary pattern no longer starts inside a run of marks; where a run ends a
    # sentence it still does.
    text = "It rained.... Then it stopped!?! Then " + "." * 50 + " It snowed."
    assert [s.text for s in split_sentences(text)] == [
        "It rained....",
        "Then it stopped!?!",
        "Then " + "." * 50,
        "It snowed.",
    ]
