"""The language server's parts that need no client: columns, readings, the baseline writer,
where the ignore comment goes, and that ``factcheck check`` does not load the server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("lsprotocol", reason="needs the lsp extra")

from factcheck.errors import ConfigError
from factcheck.lsp.actions import ignore_edit
from factcheck.lsp.analysis import check_buffer
from factcheck.lsp.baseline import add_to_baseline
from factcheck.lsp.documents import format_for
from factcheck.lsp.hover import interval_words
from factcheck.lsp.positions import Encoding, Lines, Point, units
from factcheck.lsp.project import load_project
from factcheck.model import Finding, Interval, Span
from factcheck.suppress import load_baseline

LINE = "a🌀é b"  # 🌀: 1 codepoint, 2 UTF-16 units, 4 UTF-8 bytes; é: 1, 1, 2


@pytest.mark.parametrize(("encoding", "column_of_b"), [("utf-16", 5), ("utf-8", 8), ("utf-32", 4)])
def test_columns_in_each_encoding(encoding: Encoding, column_of_b: int) -> None:
    lines = Lines(f"first\n{LINE}\n")
    # 'b' is the 5th codepoint (1-based column 5) of line 2.
    assert lines.to_lsp(2, 5, encoding) == Point(1, column_of_b)
    assert lines.from_lsp(Point(1, column_of_b), encoding) == (2, 5)


def test_a_column_inside_a_surrogate_pair_is_before_the_character() -> None:
    # UTF-16 unit 2 is the second half of 🌀: it has not reached the next codepoint.
    assert Lines(LINE).from_lsp(Point(0, 2), "utf-16") == (1, 2)
    assert units("🌀", "utf-16") == 2


def test_lsp_line_breaks_are_all_three() -> None:
    assert Lines("a\r\nb\rc\nd").lines == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("interval", "words"),
    [
        (Interval(lo=18), "18 or more"),
        (Interval(lo=18, lo_open=True), "more than 18"),
        (Interval(lo=15, hi=15), "exactly 15"),
        (Interval(lo=0, hi=30, hi_open=True), "fewer than 30"),
        (Interval(lo=0, hi=30), "at most 30"),
        (Interval(lo=25.5, hi=30, hi_open=True), "at least 25.5 and under 30"),
        (Interval(lo=1000, hi=2000), "from 1,000 to 2,000"),
    ],
)
def test_interval_words(interval: Interval, words: str) -> None:
    assert interval_words(interval) == words


def test_format_from_language_or_extension() -> None:
    assert format_for("x.md", "markdown") == "markdown"
    assert format_for("notes", "plaintext") == "text"
    assert format_for("page.htm", None) == "html"
    assert format_for("story.docx", None) is None  # nothing an editor edits as text
    assert format_for("draft.rst", "restructuredtext") == "rst"
    assert format_for("draft.adoc", "asciidoc") == "asciidoc"
    assert format_for("wire.nitf", "xml") == "nitf"  # the editor's language id is only "xml"
    assert format_for("pom.xml", "xml") is None  # most XML is no news item
    assert format_for("main.py", "python") is None


def _finding(fingerprint: str = "abc123") -> Finding:
    span = Span(document_id="d.md", start=0, end=2, text="15", line=1, column=1)
    return Finding(
        rule="FC101", name="numeric.conflict", severity="error", message="m",
        spans=[span], fingerprint=fingerprint,
    )  # fmt: skip


def test_baseline_is_created_then_added_to(tmp_path: Path) -> None:
    path = tmp_path / "factcheck-baseline.json"
    assert add_to_baseline(path, _finding("bbb"), "d.md:3:1")
    assert add_to_baseline(path, _finding("aaa"), "d.md:1:1")
    assert not add_to_baseline(path, _finding("aaa"), "d.md:1:1")  # there already
    assert load_baseline(path) == {"aaa", "bbb"}
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [e["where"] for e in data["findings"]] == ["d.md:1:1", "d.md:3:1"]  # sorted


def test_a_file_that_is_not_a_baseline_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "factcheck-baseline.json"
    path.write_text('{"something": "else"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a factcheck baseline"):
        add_to_baseline(path, _finding(), "d.md:1:1")
    assert path.read_text(encoding="utf-8") == '{"something": "else"}\n'


def test_the_ignore_comment_stays_below_front_matter(tmp_path: Path) -> None:
    text = (
        "---\npublished_at: 2025-10-22\n---\n"
        "The storm has killed at least 32 people since Monday.\n\n"
        "The storm has killed nearly 30 people so far.\n"
    )
    path = tmp_path / "d.md"
    checked = check_buffer(path, text, "markdown", load_project(path), open_text=lambda _: None)
    [finding] = checked.findings
    edit = ignore_edit(checked, finding)
    assert edit is not None
    assert (edit.range.start.line, edit.new_text) == (3, "<!-- factcheck: ignore FC101 -->\n")


def test_check_does_not_load_the_language_server() -> None:
    code = (
        "import sys\n"
        "from factcheck.cli import build_parser\n"
        "build_parser().parse_args(['check', 'x.md'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
