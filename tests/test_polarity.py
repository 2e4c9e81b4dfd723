"""Polarity: which clauses are read as statements (and which are not), and FC501 over them.

The per-rule pass/fail cases live in ``fixtures/rules/FC501.yml``; these tests pin down the
extraction the rule relies on and the time and document rules it applies.
"""

from __future__ import annotations

from datetime import date

import pytest

from factcheck import Document, check
from factcheck.extract import extract_claims
from factcheck.extract.polarity import stem
from factcheck.model import Finding, PolarityClaim


def clauses(text: str) -> list[PolarityClaim]:
    return [c for c in extract_claims(Document(id="d", text=text)) if isinstance(c, PolarityClaim)]


def one(text: str) -> PolarityClaim:
    found = clauses(text)
    assert len(found) == 1, found
    return found[0]


def fc501(*docs: Document) -> list[Finding]:
    return [f for f in check(list(docs)).findings if f.rule == "FC501"]


@pytest.mark.parametrize(
    ("forms", "stemmed"),
    [
        (["sign", "signs", "signed", "signing"], "sign"),
        (["approve", "approved", "approves"], "approv"),
        (["stop", "stopped"], "stop"),
        (["ratify", "ratified", "ratifies"], "ratify"),
        (["win", "won"], "win"),
    ],
)
def test_stem_maps_the_forms_of_a_word_together(forms: list[str], stemmed: str) -> None:
    assert {stem(w) for w in forms} == {stemmed}


@pytest.mark.parametrize(
    "text",
    [
        "The agreement has not been signed.",
        "The agreement hasn't been signed.",
        "The agreement has never been signed.",
        "The agreement has not yet been signed.",
    ],
)
def test_negations(text: str) -> None:
    claim = one(text)
    assert claim.negated
    assert claim.proposition == "agreement sign"
    assert claim.tense == "present-perfect"
    assert claim.event


def test_no_longer_negates_a_state() -> None:
    claim = one("The Kessel bridge is no longer open.")
    assert claim.negated and not claim.event
    assert (claim.proposition, claim.tense) == ("kessel bridg open", "present")


def test_the_same_statement_gives_the_same_proposition() -> None:
    a = one("The council approved the harbour plan.")
    b = one("The council did not approve the harbour plan.")
    assert a.proposition == b.proposition == "council approv harbour plan"
    assert (a.negated, b.negated) == (False, True)
    assert a.tense == b.tense == "past"


def test_time_phrases_are_kept_apart_from_the_proposition() -> None:
    claim = one("On Monday, the water-sharing agreement was signed in Tarvik.")
    assert claim.time == "on monday"
    assert claim.proposition == "water-shar agreement sign tarvik"


def test_a_time_clause_before_the_subject_dates_the_statement() -> None:
    claim = one("When the storm hit, the bridge was closed.")
    assert claim.time == "when the storm hit"


def test_reported_clauses_carry_their_speaker_and_denial_flips_them() -> None:
    confirmed = one("The ministry confirmed that the fishing talks had collapsed.")
    denied = one("The ministry denied that the fishing talks had collapsed.")
    assert confirmed.attribution == denied.attribution == "ministry"
    assert (confirmed.negated, denied.negated) == (False, True)
    assert confirmed.modality == "reported"


def test_hedged_and_conditional_sentences_are_marked() -> None:
    assert one("The dam has probably been breached.").modality == "hedged"
    assert one("The bridge is open, but it would close if the river rose.").modality == (
        "conditional"
    )


@pytest.mark.parametrize(
    "text",
    [
        "It has not been signed.",  # pronoun subject
        "Some roads are not open.",  # quantified subject
        "Has the agreement been signed?",  # a question
        '"The agreement has not been signed," she said.',  # a quotation
        "If the talks fail, the strike will not end.",  # a condition
        "The bridge is expected to reopen.",  # a plan, not a state
        "The bridge is open to cars and buses.",  # a second object the clause would lose
        "The bridge was closed when the storm hit.",  # dated by a clause of its own
        "The company has a plan.",  # "have" as a main verb
        "The agreement has not been signed and nobody knows why.",  # a second negation
        "The bridge is not only open to cars.",  # "not only" asserts
    ],
)
def test_clauses_the_rule_cannot_read_safely_are_skipped(text: str) -> None:
    assert not clauses(text)


def test_never_denies_an_event_at_any_time() -> None:
    text = "Velta Shipping never paid the fine. In 2021, Velta Shipping paid the fine."
    [f] = fc501(Document(id="d", text=text))
    assert f.severity == "warning"
    assert f.explanation["proposition"] == "velta ship pay fin"


def test_an_update_is_not_a_conflict_but_a_retraction_is() -> None:
    update = "The ceasefire agreement had not been signed. The ceasefire agreement has been signed."
    retraction = (
        "The ceasefire agreement had been signed. The ceasefire agreement has not been signed."
    )
    assert not fc501(Document(id="d", text=update))
    [f] = fc501(Document(id="d", text=retraction))
    assert f.explanation["asserted"]["tense"] == "past-perfect"
    assert f.explanation["negated"]["tense"] == "present-perfect"


def test_present_tense_in_documents_of_different_days_is_not_compared() -> None:
    draft = Document(id="draft", text="The Kessel bridge is open.", published_at=date(2025, 3, 4))
    source = Document(
        id="wire",
        text="The Kessel bridge is not open.",
        role="source",
        published_at=date(2025, 3, 1),
    )
    assert not fc501(draft, source)
    same_day = source.model_copy(update={"published_at": date(2025, 3, 4)})
    [f] = fc501(draft, same_day)
    assert [s.document_id for s in f.spans] == ["draft", "wire"]


def test_only_a_draft_and_its_source_are_compared() -> None:
    a = Document(id="a", text="The Kessel bridge is open.")
    b = Document(id="b", text="The Kessel bridge is not open.")
    assert not fc501(a, b)  # two drafts: two stories
    c = Document(id="c", text="The Kessel bridge is open.", role="source")
    d = Document(id="d", text="The Kessel bridge is not open.", role="source")
    assert not fc501(Document(id="draft", text="Traffic was light."), c, d)
