"""The HTML report (``--format html``) in a real browser: Debian's Chromium driven by
Playwright, launched as in ``tests/test_web_browser.py``.

The page is rendered from a seed-like report built by hand (the seed article's two findings,
with their typed claims, and a passage that carries a ``<script>``), written to a file and
opened from there, as an editor opens a CI artifact. Skips with the reason when Chromium or
Playwright is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.engine.fingerprints import fingerprint
from factcheck.model import (
    Document,
    DocumentInfo,
    Finding,
    Interval,
    Measure,
    QuantityClaim,
    Report,
    Severity,
    Span,
)
from factcheck.report import html
from factcheck.report.common import rule_doc_uri

# Launched as tests/test_web_browser.py launches it (not imported: that module needs the API).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SEED_LIKE = (
    "Since early September, the U.S. military has been striking alleged drug boats in the "
    "Caribbean Sea, killing at least 32 people. The campaign is part of the pressure against "
    "Venezuelan leader Nicolás Maduro.\n\n"
    "The airstrikes have killed nearly 30 people so far.\n\n"
    "This could be part of an effort to oust Venezuelan President Nicolás Maduro.\n"
)
HOSTILE = "Officials said <script>window.ran = true; alert('x')</script> 12 boats were hit.\n"


def _span(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    end = start + len(needle)
    (line, col), (end_line, end_col) = doc.locate(start), doc.locate(end)
    return Span(
        document_id=doc.id,
        start=start,
        end=end,
        text=needle,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
    )


def _quantity(doc: Document, claim_id: str, text: str, hard: Interval) -> QuantityClaim:
    span = _span(doc, text)
    return QuantityClaim(
        id=claim_id,
        document_id=doc.id,
        span=span,
        sentence=span,
        value=hard.lo,
        hard=hard,
        soft=hard,
        measure=Measure(family="deaths", counted="people"),
    )


def _finding(
    rule: str, name: str, severity: Severity, message: str, spans: list[Span], **explanation: Any
) -> Finding:
    f = Finding(
        rule=rule, name=name, severity=severity, message=message, spans=spans,
        explanation=explanation,
    )  # fmt: skip
    return f.model_copy(update={"fingerprint": fingerprint(f)})


def seed_like_report() -> tuple[Report, list[Document]]:
    article = Document(id="article.txt", text=SEED_LIKE)
    notes = Document(id="notes.txt", text=HOSTILE)
    a = _quantity(article, "q1", "at least 32", Interval(lo=32))
    b = _quantity(article, "q2", "nearly 30", Interval(lo=25.5, hi=30, hi_open=True))
    findings = [
        _finding(
            "FC101", "numeric.conflict", "error",
            "'at least 32' and 'nearly 30' people (deaths) cannot both be true",
            [a.span, b.span],
            claims=["q1", "q2"], compare="hard", a={"claim": "q1"}, b={"claim": "q2"},
            alignment={"score": 0.985, "reasons": ["both count people", "both say 'kill'"]},
        ),
        _finding(
            "FC302", "title.conflict", "info",
            "Nicolás Maduro is given two different titles",
            [_span(article, "Venezuelan leader Nicolás Maduro"),
             _span(article, "Venezuelan President Nicolás Maduro")],
            titles=["Venezuelan leader", "Venezuelan President"], exclusive=False,
        ),
        _finding(
            "FC102", "numeric.tension", "warning", "A <script> in the copy",
            [_span(notes, "<script>window.ran = true; alert('x')</script> 12 boats")],
        ),
    ]  # fmt: skip
    infos = [DocumentInfo(id=d.id, role=d.role) for d in (article, notes)]
    report = Report(version="0.1.0", documents=infos, findings=findings, claims=[a, b])
    return report, [article, notes]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("Chromium is not installed: run scripts/setup-browser.sh")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[tuple[Any, list[str]]]:
    """The report opened from a file, and every console error, page error and dialog."""
    report, docs = seed_like_report()
    path = tmp_path / "report.html"
    path.write_text(html.render(report, docs), encoding="utf-8")
    tab = browser.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.goto(path.as_uri())
    tab.wait_for_load_state("load")
    try:
        yield tab, problems
    finally:
        tab.close()


def test_the_list_of_findings_links_to_each_finding(page: tuple[Any, list[str]]) -> None:
    tab, problems = page
    links = tab.locator("#findings li a")
    assert links.count() == 3
    assert [links.nth(i).inner_text().split(":")[0] for i in range(3)] == [
        "FC101 error",
        "FC302 info",
        "FC102 warning",
    ]
    third = tab.locator("#finding-3")
    assert not third.evaluate("e => e.matches(':target')")
    links.nth(2).click()
    tab.wait_for_function("location.hash === '#finding-3'")
    assert third.evaluate("e => e.matches(':target')")
    box = third.bounding_box()
    assert box is not None and 0 <= box["y"] < tab.viewport_size["height"]  # scrolled to it
    tab.locator("#finding-3 a[href='#findings']").click()
    tab.wait_for_function("location.hash === '#findings'")
    assert problems == []


def test_each_finding_explains_why_in_words_and_links_its_rule(
    page: tuple[Any, list[str]],
) -> None:
    tab, problems = page
    why = tab.locator("#finding-1 .why").inner_text()
    assert "'at least 32' allows 32 or more" in why
    assert "'nearly 30' is just under 30" in why and "they cannot both hold" in why
    assert "Taken to be about the same thing (score 0.98): both count people" in why
    assert "{" not in why  # words, not a data dump
    assert "two wordings of one person's title" in tab.locator("#finding-2 .why").inner_text()
    for i, rule in enumerate(("FC101", "FC302", "FC102"), 1):
        doc = tab.locator(f"#finding-{i} a.rule-doc")
        assert doc.get_attribute("href") == rule_doc_uri(rule)
    badges = [tab.locator(f"#finding-{i} .badge").inner_text().lower() for i in (1, 2, 3)]
    assert badges == ["error", "info", "warning"]
    assert "1 error, 1 warning, 1 info" in tab.locator("header .summary").inner_text()
    assert problems == []


def test_a_script_in_a_passage_is_shown_not_run(page: tuple[Any, list[str]]) -> None:
    tab, problems = page
    assert tab.locator("script").count() == 0
    assert tab.evaluate("window.ran") is None
    mark = tab.locator("#finding-3 mark").inner_text()
    assert mark.startswith("<script>window.ran = true;")
    assert problems == []  # no dialog, no error, no refused stylesheet (the CSP holds)
