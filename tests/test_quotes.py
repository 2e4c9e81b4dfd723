"""Quotes: finding them and their speakers, and the two quote rules (FC401, FC402).

The per-rule pass/fail cases live in ``fixtures/rules/FC401.yml`` and ``FC402.yml``; these
tests pin down what those cases cannot show: the normalisation, the speaker detection, the
structured explanation of a misquote and the blocking that keeps the rule cheap.
"""

from __future__ import annotations

import pytest

from factcheck import Document, check
from factcheck.extract.lexicon import load_lexicon
from factcheck.model import Finding
from factcheck.rules import quotes as quote_rules
from factcheck.rules.quotes import words_of
from factcheck.text.attribution import find_quotes, is_named, sentence_source


def findings(rule: str, draft: str, *sources: str) -> list[Finding]:
    docs = [Document(id="draft", text=draft)]
    docs += [Document(id=f"source{i}", text=s, role="source") for i, s in enumerate(sources)]
    return [f for f in check(docs).findings if f.rule == rule]


# -- words of a quote -----------------------------------------------------------------------


def test_words_ignore_case_punctuation_and_quotation_marks() -> None:
    a = words_of("“We’re READY, and we won’t wait!”").words
    b = words_of('"we are ready -- and we will not wait"').words
    assert a == b == ["we", "are", "ready", "and", "we", "will", "not", "wait"]


def test_numbers_lose_separators_and_small_number_words_become_digits() -> None:
    assert words_of("300,000 people, three boats").words == ["300000", "people", "3", "boats"]


def test_ellipsis_and_brackets_are_marked_not_read_as_words() -> None:
    w = words_of("when [the council] meets … we vote", base=10)
    assert w.words == ["when", "the", "council", "meets", "we", "vote"]
    assert w.editorial == {1, 2}
    assert w.gaps == {4}
    assert w.spans[0] == (10, 14)
    assert w.own_words == 4


# -- speakers -------------------------------------------------------------------------------


def speakers(text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.name) for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "key", "name"),
    [
        ('"The pumps held," said county fire chief Dana Orr.', "orr", "Dana Orr"),
        ('"The pumps held," Ruth Anso, the agency\'s director, said.', "anso", "Ruth Anso"),
        ('Coach Ana Dreyer, 44, in her second season, said: "We earned it."', "dreyer", None),
        ('"The pumps held," Orr later said.', "orr", "Orr"),
        ('"The pumps held," according to Ruth Anso.', "anso", "Ruth Anso"),
        ('"The pumps held," said Rosa Menn. A vote is due.', "menn", "Rosa Menn"),
        # a role word that begins like a pronoun ("he" of "health") is no pronoun
        ('"The wards stay open," said health minister Dara Pell.', "pell", "Dara Pell"),
    ],
)
def test_speaker_forms(text: str, key: str, name: str | None) -> None:
    [(got_key, got_name)] = speakers(text)
    assert got_key == key
    if name is not None:
        assert got_name == name


def test_a_speaker_before_the_quote_starts_after_the_last_sentence_end() -> None:
    text = '"We will stay," Dara Pell said on Monday. Omar Seld said: "We will stay."'
    assert [key for key, _ in speakers(text)] == ["pell", "seld"]


def test_a_quote_that_goes_on_after_its_attribution_keeps_the_speaker() -> None:
    text = '"The river is rising," said Ebba Strom. "We expect it to peak tonight."'
    assert [key for key, _ in speakers(text)] == ["strom", "strom"]


def test_a_new_sentence_between_quotes_breaks_the_continuation() -> None:
    text = (
        '"The river is rising," said Ebba Strom. Sandbags were handed out on every street '
        'in the lower town. "We expect it to peak tonight."'
    )
    assert [key for key, _ in speakers(text)] == ["strom", None]


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("Pete Hegseth", True),
        ("the U.N.", True),
        ("Olav", True),
        ("he", False),
        ("the president", False),
        ("The President", False),
        ("Officials", False),
        ("Police", False),
        (None, False),
    ],
)
def test_is_named(raw: str | None, named: bool) -> None:
    assert is_named(raw, load_lexicon().unnamed_speakers) is named


def test_a_source_in_apposition_is_the_head_noun() -> None:
    sentence = "The organisers, the Coastal Towns Alliance, said 41 people were arrested."
    assert sentence_source(sentence, load_lexicon()) == "organisers"


def test_a_place_whose_name_ends_in_a_reporting_verb_is_no_source() -> None:
    lexicon = load_lexicon()
    assert sentence_source("The film grossed $66 million in the United States.", lexicon) is None
    # A headline's capitalised verb still reports its source.
    headline = "Intel to Cut Workforce by 5 Percent, Company Says"
    assert sentence_source(headline, lexicon) == "company"
    # Nor is an auxiliary a speaker's noun.
    assert sentence_source("As of May 2, the state had confirmed 29 cases.", lexicon) is None


# -- FC401 ----------------------------------------------------------------------------------

SAID_TWICE = (
    '"Our members have waited four years for a fair offer," said union chair Petra Sand. '
    'Negotiations resume on Monday. "Our members have waited four years for a fair offer," '
    "said Rui Alves, who speaks for the employers."
)


def test_attribution_conflict_names_both_speakers() -> None:
    [f] = findings("FC401", SAID_TWICE)
    assert f.severity == "error"
    assert f.explanation["speakers"] == ["Petra Sand", "Rui Alves"]
    assert "Petra Sand" in f.message and "Rui Alves" in f.message
    assert f.spans[0].start < f.spans[1].start


def test_attribution_conflict_across_documents_puts_the_draft_first() -> None:
    draft = '"Our members have waited four years for a fair offer," said Rui Alves.'
    source = '"Our members have waited four years for a fair offer," said Petra Sand.'
    [f] = findings("FC401", draft, source)
    assert [s.document_id for s in f.spans] == ["draft", "source0"]


def test_two_drafts_are_separate_stories() -> None:
    docs = [
        Document(id="a", text='"Our members have waited four years for a fair offer," said Sand.'),
        Document(id="b", text='"Our members have waited four years for a fair offer," said Alves.'),
    ]
    assert not [f for f in check(docs).findings if f.rule == "FC401"]


# -- FC402 ----------------------------------------------------------------------------------

SOURCE = (
    "Harbour master Tomas Rye met reporters at the quay. "
    '"We have the leak almost completely contained," Rye said.'
)


def test_misquote_explains_the_word_level_difference() -> None:
    draft = '"We have the spill almost completely contained," Rye said on Friday.'
    [f] = findings("FC402", draft, SOURCE)
    assert f.severity == "warning"
    assert f.explanation["changed"] == [["leak", "spill"]]
    assert f.explanation["diff"] == "We have the [-leak-]{+spill+} almost completely contained"
    assert f.explanation["source"] == "source0"
    assert "“leak” became “spill”" in f.message
    assert [s.document_id for s in f.spans] == ["draft", "source0"]
    assert f.spans[1].text == "We have the leak almost completely contained"


def test_misquote_shows_words_left_out_and_added() -> None:
    draft = '"We have the leak completely contained now," Rye said.'
    [f] = findings("FC402", draft, SOURCE)
    assert f.explanation["changed"] == [["almost", ""], ["", "now"]]
    assert "“almost” was left out" in f.message and "“now” was added" in f.message


def test_a_faithful_source_wins_over_a_differing_one() -> None:
    draft = '"We have the leak almost completely contained," Rye said.'
    other = '"We have the spill almost completely contained," Rye told the radio station.'
    assert not findings("FC402", draft, other, SOURCE)


def test_misquote_needs_a_source_or_an_earlier_quote() -> None:
    draft = '"We have the spill almost completely contained," Rye said.'
    assert not findings("FC402", draft)


def test_blocking_aligns_only_with_sources_that_share_rare_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = quote_rules._align

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args[2].document.id)  # type: ignore[attr-defined]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(quote_rules, "_align", counting)
    unrelated = [f"The parish council of Hamlet {i} met to discuss the bins." for i in range(40)]
    draft = '"We have the spill almost completely contained," Rye said.'
    [f] = findings("FC402", draft, *unrelated, SOURCE)
    assert f.spans[1].document_id == "source40"
    assert set(calls) == {"source40"}
