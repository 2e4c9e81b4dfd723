"""Lexicon phrases are matched in lower case on folded text: they must find exactly what a
case-insensitive pattern finds in the text as written, at the same offsets."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.lexicon import phrases
from factcheck.text.fold import fold
from factcheck.text.trie import trie_pattern

# Letters re.IGNORECASE folds onto ASCII ones, letters it does not, and the punctuation that
# bounds a phrase.
_ALPHABET = "aAbBkKsSiItT -’'\n.,é\u00c9\u0130\u0131\u017f\u212a\u00df\u1e9e“”0"
_WORDS = ["at least", "kit", "sis", "it", "a", "bias", "taxi", "ask", "is it"]


def _case_insensitive(words: list[str]) -> re.Pattern[str]:
    body = trie_pattern(" ".join(w.lower().split()) for w in words)
    return re.compile(rf"(?<![\w-])(?:(?i:{body}))(?![\w-])")


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=_ALPHABET, max_size=60),
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
)
def test_folded_phrases_find_what_ignorecase_finds(text: str, words: list[str]) -> None:
    expected = [m.span() for m in _case_insensitive(words).finditer(text)]
    assert [m.span() for m in phrases(words).finditer(fold(text))] == expected


@given(st.text(max_size=80))
def test_fold_keeps_every_offset(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == folded.lower() or not folded.isascii()


def test_the_letters_re_folds_onto_ascii_are_found() -> None:
    found = phrases(["kit", "sis", "it"]).finditer(fold("\u212aIT, \u017fI\u017f and \u0130T"))
    assert [m.group() for m in found] == ["kit", "sis", "it"]


def test_a_phrase_with_letters_beyond_ascii_still_matches_any_case() -> None:
    assert phrases(["élan"]).search(fold("With ÉLAN, they won")) is not None
