"""What the entity extractor reads: people with their titles, bare mentions linked to them,
and the capitalised words that are not people. Plus the seed article's title finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck import Document, check
from factcheck.errors import ConfigError
from factcheck.extract.entities import _compile_titles, edit_distance, extract_entities, near
from factcheck.extract.lexicon import TitlesFile, load_lexicon
from factcheck.model import EntityClaim
from factcheck.text.attribution import find_quotes
from factcheck.text.segment import split_sentences

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"


def entities(text: str) -> list[EntityClaim]:
    doc = Document(id="d", text=text)
    return extract_entities(doc, split_sentences(text), find_quotes(text), load_lexicon())


def people(text: str) -> list[EntityClaim]:
    return [c for c in entities(text) if c.entity_type == "person"]


def only_person(text: str) -> EntityClaim:
    found = people(text)
    assert len(found) == 1, [c.name for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "name", "key", "title", "office"),
    [
        ("Defense Secretary Pete Hegseth spoke.", "Pete Hegseth", "hegseth", "Defense Secretary",
         "defense"),
        ("It angered Venezuelan leader Nicolás Maduro.", "Nicolás Maduro", "maduro",
         "Venezuelan leader", None),
        ("President Donald Trump is poised to act.", "Donald Trump", "trump", "President",
         "president"),
        ("He sat beside NATO Secretary-General Mark Rutte.", "Mark Rutte", "rutte",
         "NATO Secretary-General", "secretary_general"),
        ("It was Pentagon chief Pete Hegseth's call.", "Pete Hegseth", "hegseth",
         "Pentagon chief", "defense"),
        ("Secretary of State Lena Ortiz left.", "Lena Ortiz", "ortiz", "Secretary of State",
         "foreign"),
        ("Ukraine's President Ivan Petrenko spoke.", "Ivan Petrenko", "petrenko",
         "Ukraine's President", "president"),
    ],
)  # fmt: skip
def test_a_title_before_a_name(
    text: str, name: str, key: str, title: str, office: str | None
) -> None:
    person = only_person(text)
    assert (person.name, person.key, person.title, person.office) == (name, key, title, office)
    assert person.mention == "full"
    assert person.span.text == text[person.span.start : person.span.end] == name
    assert person.title_span is not None and person.title_span.text == title


def test_descriptive_titles_and_offices_are_told_apart() -> None:
    leader = only_person("Venezuelan leader Nicolás Maduro spoke.")
    president = only_person("Venezuelan President Nicolás Maduro spoke.")
    assert (leader.title_kind, president.title_kind) == ("descriptive", "office")


@pytest.mark.parametrize(
    ("text", "name", "title", "office"),
    [
        ("Mark Rutte, NATO's secretary-general, said the alliance would act.", "Mark Rutte",
         "NATO's secretary-general", "secretary_general"),
        ("Pete Hegseth, the defense secretary, spoke on Friday.", "Pete Hegseth",
         "defense secretary", "defense"),
        ("On Monday Ana Ruiz, a senator from Ohio, voted no.", "Ana Ruiz", "senator", "senator"),
    ],
)  # fmt: skip
def test_a_title_set_off_after_a_name(text: str, name: str, title: str, office: str) -> None:
    person = only_person(text)
    assert (person.name, person.title, person.office) == (name, title, office)


@pytest.mark.parametrize(
    "text",
    [
        "The Pentagon chief said the strikes would go on.",
        "The president explained on Wednesday that he might consult Congress.",
        "In Caracas, the mayor, who was not named, said the curfew would end.",
        "Officials said the official Venezuelan sources were wrong.",
        "The Defense Department said Gallo Record Company would close.",
        "General Motors cut jobs after the New York Democrat said so.",
        "SAN DIEGO (AP) - Protesters marched in San Diego on Sunday.",
        "He flew to Caracas on Monday, Sept. 14, and met no one.",
    ],
)
def test_what_is_not_a_person(text: str) -> None:
    assert people(text) == []


def test_organisations_are_not_people() -> None:
    found = entities("The Defense Department said the Venezuelan National Assembly had met.")
    assert {(c.name, c.entity_type) for c in found} == {
        ("Defense Department", "organization"),
        ("Venezuelan National Assembly", "organization"),
    }


def test_bare_mentions_link_to_the_full_name_by_surname() -> None:
    text = (
        "Defense Secretary Pete Hegseth spoke on Wednesday. Hegseth said two were killed. "
        "Mr. Hegseth did not take questions, and Trump praised Hegseth's briefing."
    )
    found = people(text)
    hegseth = [c for c in found if c.key == "hegseth"]
    assert [c.mention for c in hegseth] == ["full", "bare", "bare", "bare"]
    assert {c.name for c in hegseth[1:]} == {"Hegseth"}
    # "Trump" is never introduced in this text: a lone capitalised word is no person.
    assert all(c.key != "trump" for c in found)


def test_people_introduced_by_a_speech_verb_or_a_courtesy_title() -> None:
    text = (
        "Anna Lindqvist said the talks had failed. Lindqvist blamed the weather, said "
        "Jonas Berg. Dr. Leila Haddad agreed."
    )
    assert [(c.name, c.mention) for c in people(text)] == [
        ("Anna Lindqvist", "full"),
        ("Lindqvist", "bare"),
        ("Leila Haddad", "full"),
    ]  # Jonas Berg's surname never stands alone: he may be a place or a firm


def test_names_stop_at_weekdays_and_dated_months_but_keep_surnames_like_may() -> None:
    found = people("Prime Minister Theresa May spoke on May 5. President Ivo Horak Wednesday said.")
    assert [c.name for c in found] == ["Theresa May", "Ivo Horak"]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Former President Barack Obama spoke.", "time"),
        ("It was then-Vice President Joe Biden.", "time"),
        ("President-elect Maria Sandoval spoke.", "time"),
        ("Deputy Foreign Minister Ana Ruiz spoke.", "subordinate"),
        ("Acting Defense Minister Ana Ruiz spoke.", "acting"),
        ("Foreign Minister Ana Ruiz spoke.", None),
    ],
)
def test_title_qualifiers(text: str, qualifier: str | None) -> None:
    assert only_person(text).title_qualifier == qualifier


def test_mentions_inside_quotes_carry_the_speaker() -> None:
    text = '"Interior Minister Ana Kovac is wrong," said Petra Novak. Novak left.'
    kovac = next(c for c in people(text) if c.key == "kovac")
    assert kovac.in_quote and kovac.attribution == "novak" and kovac.modality == "reported"


def test_a_suffix_makes_another_person() -> None:
    found = people("President Donald Trump Jr. spoke, and President Donald Trump listened.")
    assert {c.key for c in found} == {"trump jr", "trump"}


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("lindqvist", "lindquist", True),
        ("brennan", "brenann", True),  # a swap of neighbours is one edit
        ("rutte", "rutter", True),
        ("jon", "john", False),  # short names: not one edit in five letters
        ("daniel", "danielle", False),
        ("ortega", "ortiz", False),
        ("maduro", "maduro", False),  # the same spelling is not a misspelling
    ],
)
def test_near_spellings(a: str, b: str, close: bool) -> None:
    assert near(a, b) is close


def test_edit_distance_counts_a_transposition_once() -> None:
    assert edit_distance("brennan", "brenann", 3) == 1
    assert edit_distance("kitten", "sitting", 5) == 3
    assert edit_distance("kitten", "sitting", 1) == 2  # stops early: anything above the limit


def test_exclusive_offices_come_from_the_lexicon() -> None:
    titles = _compile_titles(
        TitlesFile(offices={"defense": ["Defense Minister"], "interior": ["Interior Minister"],
                            "president": ["President"]},
                   exclusive=[["defense", "interior"]])
    )  # fmt: skip
    assert titles.exclusive("defense", "interior")
    assert not titles.exclusive("defense", "president")
    assert not titles.exclusive("defense", "defense")


def test_an_exclusive_group_naming_an_unknown_office_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown office 'navy'"):
        _compile_titles(TitlesFile(offices={"defense": ["Defense Minister"]},
                                   exclusive=[["defense", "navy"]]))  # fmt: skip


def test_the_seed_gives_maduro_an_info_title_finding_and_nothing_louder() -> None:
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    report = check([Document(id="seed", text=SEED.read_text(encoding="utf-8"))])
    names = [f for f in report.findings if f.rule in ("FC301", "FC302")]
    assert [(f.rule, f.severity) for f in names] == [("FC302", "info")]
    assert [s.text for s in names[0].spans] == [
        "Venezuelan leader Nicolás Maduro",
        "Venezuelan President Nicolás Maduro",
    ]
    assert [f.rule for f in report.at_least("warning")] == ["FC101"]
