"""A document too big to hold whole is checked in windows (factcheck.sections): what a user
relies on is that a contradiction anywhere in it is reported once, at the file's own lines,
with the same verdict as in a short file, and that the cap and ignore comments still hold."""

from __future__ import annotations

import io
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck import model, sections
from factcheck.engine.cap import cap_findings
from factcheck.extract import extract_claims
from factcheck.model import Document, Finding, QuantityClaim, Report
from factcheck.pipeline import check
from factcheck.sections import cuts, windows
from tests.conftest import Run

ROOT = Path(__file__).resolve().parent.parent
FLOOD = (ROOT / "fixtures" / "documents" / "conflict_fc101_flood_toll.txt").read_text("utf-8")
SECTION = 4096
REACH = 2048

_FILLER = [
    "The council met again on the question of the roads and the bus lanes.",
    "Shopkeepers on the high street said trade had been slow all winter.",
    "A new library is planned beside the park, with a reading garden.",
    "Residents asked for better lighting on the path along the canal.",
]


def filler(chars: int) -> str:
    """Paragraphs without a figure, a date or a name, about ``chars`` long."""
    out: list[str] = []
    size = 0
    i = 0
    while size < chars:
        paragraph = " ".join(_FILLER[(i + j) % len(_FILLER)] for j in range(3))
        out.append(paragraph)
        size += len(paragraph) + 2
        i += 1
    return "\n\n".join(out) + "\n\n"


@pytest.fixture
def small_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sections, "WHOLE_CHARS", 2 * SECTION)
    monkeypatch.setattr(sections, "SECTION_CHARS", SECTION)
    monkeypatch.setattr(sections, "REACH_CHARS", REACH)


def _placed(report: Report) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    return [
        (f.rule, f.severity, [(s.text, s.line or 0, s.column or 0) for s in f.spans])
        for f in report.findings
        if f.spans
    ]


# -- cutting ------------------------------------------------------------------------------------


paragraphs = st.lists(st.text("abc .", min_size=1, max_size=300), min_size=1, max_size=60)


@given(paragraphs, st.integers(200, 2000))
def test_sections_cover_the_text_in_order_and_cut_at_paragraph_breaks(
    parts: list[str], size: int
) -> None:
    text = "\n\n".join(parts)
    bounds = cuts(text, size)
    assert bounds[0] == 0 and bounds[-1] == len(text)
    assert all(a < b <= a + size for a, b in itertools.pairwise(bounds))
    if all(len(p) < size // 2 - 2 for p in parts):  # a break is always in reach
        assert all(text[cut - 2 : cut] == "\n\n" for cut in bounds[1:-1])


@given(paragraphs, st.integers(200, 2000), st.integers(50, 1000))
def test_each_window_reads_its_reach_before_its_section(
    parts: list[str], size: int, reach: int
) -> None:
    text = "\n\n".join(parts)
    found = windows(text, size, reach)
    assert [w.new for w in found] == cuts(text, size)[:-1]  # the sections, each once
    for w in found:
        assert w.start <= max(0, w.new - reach)
        assert w.end - w.new <= size


# -- checking -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("small_sections")
@pytest.mark.parametrize("before", [0, 3000, 5000, 9000, 20000])
def test_a_contradiction_in_a_big_file_is_reported_once_at_its_own_lines(before: int) -> None:
    lead = filler(before) if before else ""
    text = lead + FLOOD + "\n\n" + filler(30000)
    alone = check([Document(id="a.txt", text=FLOOD)])
    report = check([Document(id="big.txt", text=text)])
    assert sections.is_big(Document(id="big.txt", text=text))  # read in windows
    shift = lead.count("\n")
    expected = [
        (rule, severity, [(t, line + shift, col) for t, line, col in spans])
        for rule, severity, spans in _placed(alone)
    ]
    assert expected and _placed(report) == expected
    for finding in report.findings:
        for span in finding.spans:
            assert text[span.start : span.end] == span.text


@pytest.mark.usefixtures("small_sections")
def test_the_claims_a_big_report_lists_are_those_its_findings_cite() -> None:
    text = filler(6000) + FLOOD + "\n\n" + filler(6000) + FLOOD.replace("45", "50")
    report = check([Document(id="big.txt", text=text)])
    listed = {c.id: c for c in report.claims}
    cited = sections.cited(report.findings)
    assert cited and set(listed) == cited
    for claim in listed.values():
        assert re.fullmatch(r"big\.txt#[a-z]@\d+(\.\d+)?", claim.id)
        assert text[claim.span.start : claim.span.end] == claim.span.text


def test_a_claim_moved_back_into_its_document_keeps_its_incident_at_the_incident() -> None:
    lead = filler(300)
    window_text = "Another airstrike on Tuesday killed 30 people in the town."
    document = Document(id="big.txt", text=lead + window_text)
    window = sections.Window(start=len(lead), end=len(document.text), new=len(lead))
    (claim,) = [c for c in extract_claims(Document(id="big.txt", text=window_text))
                if isinstance(c, QuantityClaim)]  # fmt: skip
    placed = sections.Placer(document, window, [claim], first=True).claim(claim)
    assert isinstance(placed, QuantityClaim)
    assert placed.scope.event_at == document.text.index("Another")
    assert document.text[placed.span.start : placed.span.end] == "30"


def _many_clashes() -> str:
    # Each copy tells another toll: copies within reach of one another clash as well.
    copies = [FLOOD.replace("nearly 40", f"nearly {n}") for n in range(20, 38)]
    return "".join(c + "\n\n" + filler(1500) for c in copies)


def _shown(findings: list[Finding]) -> list[tuple[str, str, list[int]]]:
    return [(f.rule, f.fingerprint, [s.start for s in f.spans]) for f in findings]


@pytest.mark.usefixtures("small_sections")
@pytest.mark.parametrize("cap", [1, 3, 7])
def test_capping_window_by_window_shows_what_capping_at_the_end_shows(cap: int) -> None:
    docs = [Document(id="big.txt", text=_many_clashes())]
    everything = check(docs)
    assert len(everything.findings) > 7
    at_the_end = cap_findings(everything, cap)
    as_it_goes = check(docs, screen=lambda r: cap_findings(r, cap))
    assert _shown(as_it_goes.findings) == _shown(at_the_end.findings)
    assert as_it_goes.omitted == at_the_end.omitted


@pytest.mark.usefixtures("small_sections")
def test_a_big_file_on_the_command_line(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    path.write_text(filler(9000) + FLOOD + "\n\n" + filler(9000), encoding="utf-8")
    run = cli("check", path, "--format", "json")
    assert run.code == 1
    assert run.err == ""  # no bar when stderr is not a terminal
    found = json.loads(run.out)["findings"]
    assert [(f["rule"], [s["text"] for s in f["spans"]]) for f in found] == [
        ("FC101", ["at least 45", "nearly 40"])
    ]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert cli("check", path, "--format", "json").code == 1
    assert "windows" in terminal.getvalue() and "100%" in terminal.getvalue()


def _fixture(name: str) -> str:
    return (ROOT / "fixtures" / "documents" / f"{name}.txt").read_text("utf-8")


@pytest.mark.usefixtures("small_sections")
def test_a_short_document_beside_a_big_one_is_reported_once() -> None:
    big = Document(id="big.txt", text=_many_clashes())
    three = [
        FLOOD,
        _fixture("conflict_fc102_cyclone_homes"),
        _fixture("conflict_fc103_steel_layoffs"),
    ]
    short = Document(id="short.txt", text="\n\n".join(three))
    alone = check([short]).findings
    assert len(alone) == 3 and len(sections.plan([big, short])) > 3
    everything = check([big, short])
    assert [f for f in everything.findings if f.spans[0].document_id == "short.txt"] == alone
    capped = check([big, short], screen=lambda r: cap_findings(r, 2))
    assert {o.document_id: o.count for o in capped.omitted}["short.txt"] == 1


@given(st.text(" \n\tab\u00a0\u2003", max_size=80), st.integers(1, 9))
def test_words_are_counted_in_slices_as_split_counts_them(text: str, size: int) -> None:
    saved = model._COUNT_SLICE
    model._COUNT_SLICE = size  # slices of a few characters: every cut falls somewhere odd
    try:
        assert Document(id="d", text=text).word_count() == len(text.split())
    finally:
        model._COUNT_SLICE = saved
