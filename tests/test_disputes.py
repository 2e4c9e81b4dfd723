"""When two sources' different figures are a reported dispute (info) and when they are one
source's word given twice (``alignment.clash_severity``)."""

from __future__ import annotations

from factcheck import Document
from factcheck.model import CheckConfig
from factcheck.pipeline import analyse


def lowered(draft: str, source: str) -> str | None:
    report = analyse(
        [Document(id="d", text=draft), Document(id="s", text=source, role="source")],
        CheckConfig(unsure=True),
    ).report
    [finding] = [f for f in report.findings if f.rule == "FC101"]
    reason = finding.explanation.get("lowered")
    return str(reason) if reason else None


def test_the_company_is_the_company_its_sentence_names() -> None:
    draft = "Harlow Steel will cut 800 jobs at its Velm plant, the company said on Tuesday."
    source = "Harlow Steel said on Tuesday it would cut 1,300 jobs at its plant in Velm."
    reason = lowered(draft, source)
    assert reason is None or "dispute" not in reason


def test_two_bodies_that_count_apart_are_a_dispute() -> None:
    draft = "Police said 8,000 people joined the march in Velm on Saturday."
    source = "Organisers said 40,000 people joined the march in Velm on Saturday."
    assert "reported dispute" in (lowered(draft, source) or "")


def test_a_role_beside_another_name_is_not_that_name() -> None:
    draft = "Harlow Steel will cut 800 jobs at its Velm plant, the company said on Tuesday."
    source = (
        "Ada Kell, the union's leader, said Harlow Steel would cut 1,300 jobs at its plant in Velm."
    )
    assert "reported dispute" in (lowered(draft, source) or "")


def test_media_reports_are_no_party_to_a_dispute() -> None:
    # "reports" is one of the lexicon's vague sources: two figures are then one text's word
    # against a named person's, not two sources disagreeing.
    draft = "Forty people died in the fire at the Velm depot on Monday, media reports said."
    source = "The fire at the Velm depot on Monday killed 25 people, fire chief Ada Pell said."
    assert "dispute" not in (lowered(draft, source) or "")
