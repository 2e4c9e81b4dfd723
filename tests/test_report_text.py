"""The text and JSON reports, rendered from hand-built findings."""

from __future__ import annotations

import pytest

from factcheck.model import (
    Document,
    DocumentInfo,
    Finding,
    Interval,
    Measure,
    QuantityClaim,
    Report,
    Scope,
    Span,
)
from factcheck.report import RENDERERS, render
from factcheck.report.text import render_claims, render_text

TEXT = (
    "Officials met on Monday.\n"
    "The storm has killed at least 32 people since Monday. Rain continued.\n"
    "\n"
    "It has killed nearly 30 people so far.\n"
)
DOC = Document(id="draft", path="stories/storm.md", text=TEXT)


def span(phrase: str, doc: Document = DOC) -> Span:
    start = doc.text.index(phrase)
    return Span(document_id=doc.id, start=start, end=start + len(phrase), text=phrase)


def finding(severity: str = "error", *spans: Span, rule: str = "FC101") -> Finding:
    return Finding(
        rule=rule,
        name="numeric.conflict",
        severity=severity,  # type: ignore[arg-type]
        message="The death toll cannot be both at least 32 and nearly 30.",
        spans=list(spans),
    )


def report(*findings: Finding) -> Report:
    return Report(
        version="test",
        documents=[DocumentInfo(id=DOC.id, path=DOC.path)],
        findings=list(findings),
    )


CONFLICT = finding("error", span("at least 32 people"), span("nearly 30 people"))


def test_finding_line_is_path_line_col_code_severity_message() -> None:
    out = render_text(report(CONFLICT), [DOC])
    assert out.splitlines()[0] == (
        "stories/storm.md:2:22: FC101 error "
        "The death toll cannot be both at least 32 and nearly 30."
    )


def test_primary_passage_shows_its_sentence_with_the_claim_underlined() -> None:
    lines = render_text(report(CONFLICT), [DOC]).splitlines()
    sentence, carets = lines[1], lines[2]
    assert sentence == "    | The storm has killed at least 32 people since Monday."
    start = sentence.index("at least 32 people")
    assert carets[start:].rstrip() == "^" * len("at least 32 people")
    assert set(carets[:start]) <= {" ", "|"}


def test_related_passage_is_indented_with_its_own_location() -> None:
    lines = render_text(report(CONFLICT), [DOC]).splitlines()
    assert lines[3] == "  stories/storm.md:4:15: related"
    assert lines[4] == "    | It has killed nearly 30 people so far."
    assert lines[5].index("^") == lines[4].index("nearly 30 people")
    assert lines[5].rstrip().endswith("| " + " " * 14 + "^" * len("nearly 30 people"))


def test_locations_from_the_spans_are_used_when_present() -> None:
    located = Span(document_id="draft", start=0, end=9, text="Officials", line=7, column=3)
    out = render_text(report(finding("info", located)), [DOC])
    assert out.startswith("stories/storm.md:7:3: FC101 info")


def test_path_falls_back_to_the_document_id() -> None:
    doc = Document(id="stdin", text=TEXT)
    out = render_text(
        Report(version="t", findings=[finding("error", span("nearly 30", doc))]), [doc]
    )
    assert out.startswith("stdin:4:15: FC101 error")


def test_finding_without_passages_is_still_shown() -> None:
    crashed = finding("error", rule="FC000")
    out = render_text(report(crashed), [DOC])
    assert out.splitlines()[0].startswith("factcheck: FC000 error ")


def test_long_lines_are_trimmed_around_the_passage() -> None:
    words = " ".join(["word"] * 60)
    doc = Document(id="d", text=f"{words} killed at least 32 people {words}.")
    out = render_text(
        Report(version="t", findings=[finding("error", span("at least 32", doc))]), [doc]
    )
    excerpt = out.splitlines()[1]
    assert excerpt.startswith("    | …") and excerpt.endswith("…")
    assert "at least 32" in excerpt and len(excerpt) < 180


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ((), "No findings in 1 file."),
        ((CONFLICT,), "1 finding (1 error) in 1 file"),
        (
            (CONFLICT, finding("warning", span("nearly 30"))),
            "2 findings (1 error, 1 warning) in 1 file",
        ),
    ],
)
def test_summary_line_counts_findings_by_severity(
    findings: tuple[Finding, ...], expected: str
) -> None:
    assert render_text(report(*findings), [DOC]).splitlines()[-1] == expected


def test_summary_counts_every_file_checked() -> None:
    source = Document(id="wire", text="Nothing here.", role="source")
    assert render_text(report(), [DOC, source]).strip() == "No findings in 2 files."


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in render(report(CONFLICT), "text", [DOC])
    coloured = render(report(CONFLICT), "text", [DOC], color=True)
    assert "\x1b[31merror\x1b[0m" in coloured


def test_json_report_round_trips() -> None:
    out = render(report(CONFLICT), "json", [DOC])
    assert Report.model_validate_json(out) == report(CONFLICT)


def test_renderers_are_registered_by_format_name() -> None:
    assert {"text", "json"} <= set(RENDERERS)
    with pytest.raises(ValueError, match="unknown report format 'yaml'"):
        render(report(), "yaml", [DOC])


def test_claims_listing_shows_what_the_extractor_made_of_a_figure() -> None:
    s = span("at least 32 people")
    claim = QuantityClaim(
        id="c1",
        document_id="draft",
        span=s,
        sentence=span("The storm has killed at least 32 people since Monday."),
        attribution="officials",
        value=32,
        qualifier="at_least",
        hard=Interval(lo=32),
        soft=Interval(lo=32, hi=42),
        measure=Measure(family="deaths", counted="people"),
        scope=Scope(kind="total", since="monday"),
    )
    lines = render_claims([claim], DOC).splitlines()
    assert lines[0].split("  ") == [
        "stories/storm.md:2:22",
        "quantity",
        '"at least 32 people"',
        "deaths/people",
        "qualifier=at_least",
        "hard=[32, ∞)",
        "soft=[32, 42]",
        "scope=total,since=monday",
        "by=officials",
    ]
    assert lines[-1] == "1 claim in stories/storm.md"


def test_claims_listing_shows_what_dates_and_names_resolved_to() -> None:
    """`factcheck claims` is the tool for debugging a miss: a date shows its day, a name its
    key and title."""
    from factcheck import Document
    from factcheck.extract import extract_claims
    from factcheck.report.text import render_claims

    doc = Document(
        id="d",
        text="Defense Minister Ana Ruiz said on Monday, Jan. 9, 2026, that the pact was signed.",
    )
    listing = render_claims(extract_claims(doc), doc)
    assert "when=2026-01-09" in listing and "weekday=monday" in listing
    assert "person=ruiz" in listing and "title='Defense Minister'" in listing
