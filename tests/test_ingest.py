"""Loading files: every format maps engine offsets back to the file's own lines and columns."""

from __future__ import annotations

import io
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.ingest import load_document
from factcheck.model import Document


def where(doc: Document, phrase: str) -> tuple[int, int]:
    """Line and column in the original file of ``phrase`` in the document's text."""
    return doc.locate(doc.text.index(phrase))


def file_position(source: str, phrase: str) -> tuple[int, int]:
    offset = source.index(phrase)
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def write(tmp_path: Path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


# -- plain text and the common checks -----------------------------------------------------------


def test_text_file_becomes_a_document_named_by_its_path(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", "The storm killed 12 people.\n")
    doc = load_document(path, role="source")
    assert (doc.id, doc.path, doc.role, doc.format) == (path, path, "source", "text")
    assert doc.text.startswith("The storm killed 12 people.")


def test_bom_and_crlf_do_not_shift_positions(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffFirst line.\r\nThe storm killed 12 people.\r\n".encode())
    doc = load_document(str(path))
    assert doc.text.startswith("First line.\n")
    assert where(doc, "12 people") == (2, 18)


def test_extension_without_a_loader_can_be_named(inputs: Path) -> None:
    doc = load_document(str(inputs / "notes.rtf"), input_format="txt")
    assert "Twelve people were hurt" in doc.text


def test_stdin_is_read_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Twelve were hurt.\n")))
    doc = load_document("-")
    assert (doc.id, doc.path, doc.text.strip()) == ("stdin", None, "Twelve were hurt.")


def test_stdin_can_be_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"# **Twelve** hurt\n")))
    doc = load_document("-", input_format="md", doc_id="piped")
    assert doc.id == "piped" and doc.format == "markdown"
    assert doc.text.split() == ["Twelve", "hurt"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("binary.txt", "binary"),
        ("latin1.txt", "not valid UTF-8 (byte 0xE1 at offset 18, line 1)"),
        ("utf16.txt", "UTF-16"),
        ("empty.txt", "is empty"),
        ("blank.md", "is empty"),
        ("frontmatter-only.md", "no text"),
        ("markup-only.html", "no readable text"),
        ("broken.docx", "not a readable .docx"),
        ("notes.rtf", "unknown file type '.rtf'"),
        ("missing.txt", "no such file"),
    ],
)
def test_bad_inputs_raise_one_line_naming_the_file(inputs: Path, name: str, expected: str) -> None:
    path = str(inputs / name)
    with pytest.raises(InputError) as err:
        load_document(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_a_directory_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_document(str(tmp_path))


def test_published_at_argument_is_parsed_and_checked(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Twelve were hurt.\n")
    assert load_document(path, published_at="2025-10-22").published_at == date(2025, 10, 22)
    with pytest.raises(InputError, match="not an ISO date"):
        load_document(path, published_at="22/10/2025")


# -- Markdown -----------------------------------------------------------------------------------

MARKDOWN = """---
title: "Storm update"
date: 2025-10-22
---
# The storm, *day three*

The storm has **killed at least 32 people** since Monday, [officials said](https://x.test/a).

<!-- editor: check the toll
before publishing -->
> - Rescuers: `n=7` crews; ![map of 45 towns](map.png) nearly 30 people so far.

```
toll = 99
```
"""


def test_markdown_keeps_every_offset_on_its_line_and_column(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "story.md", MARKDOWN))
    assert doc.format == "markdown"
    assert len(doc.text) == len(MARKDOWN)
    for phrase in ("killed at least 32", "officials said", "nearly 30 people", "day three"):
        assert where(doc, phrase) == file_position(MARKDOWN, phrase)


def test_markdown_markup_code_images_and_comments_are_blanked(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "story.md", MARKDOWN))
    for gone in ("#", "**", "*", "](", "https", "`", "n=7", "45 towns", "99", "editor", ">"):
        assert gone not in doc.text
    assert "officials said" in doc.text and "Rescuers:" in doc.text


def test_markdown_escaped_characters_stay(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "s.md", "Prices rose 5\\% and \\*12\\* fell.\n"))
    assert doc.text.split() == ["Prices", "rose", "5%", "and", "*12*", "fell."]


def test_front_matter_date_is_read_and_can_be_overridden(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", MARKDOWN)
    assert load_document(path).published_at == date(2025, 10, 22)
    assert load_document(path, published_at=date(2025, 11, 1)).published_at == date(2025, 11, 1)


def test_front_matter_published_at_wins_over_date(tmp_path: Path) -> None:
    text = "---\ndate: 2025-01-01\npublished_at: '2025-10-22T09:30:00+00:00'\n---\nTwelve hurt.\n"
    doc = load_document(write(tmp_path, "s.md", text))
    assert doc.published_at == datetime(2025, 10, 22, 9, 30, tzinfo=UTC)
    assert "2025" not in doc.text


def test_front_matter_with_a_bad_date_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "s.md", "---\ndate: last Tuesday\n---\nTwelve hurt.\n")
    with pytest.raises(InputError, match="'last Tuesday' is not an ISO date"):
        load_document(path)
    assert load_document(path, published_at="2025-10-22").published_at == date(2025, 10, 22)


# -- HTML ---------------------------------------------------------------------------------------

HTML = """<!doctype html>
<html>
<head>
  <title>Storm | News 24</title>
  <meta property="article:published_time" content="2025-10-22T08:00:00Z">
  <script>var toll = "<p>77 dead</p>";</script>
</head>
<body>
  <header><nav><a href="/">Home</a> Top 10</nav></header>
  <article>
    <header><h1>Storm kills 32</h1></header>
    <p>The storm has killed
       at least 32 people since Monday, Nicol&aacute;s P&eacute;rez said &mdash; the mayor.</p>
    <aside>Related: 12 other storms</aside>
    <p>It has killed <b>nearly 30</b> people<br>so far.</p>
  </article>
  <footer>Copyright 2025</footer>
</body>
</html>
"""


def test_html_text_is_the_article_without_page_furniture(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "page.html", HTML))
    assert doc.format == "html"
    assert doc.text.startswith("Storm kills 32\n\nThe storm has killed at least 32 people")
    assert "Nicolás Pérez said — the mayor." in doc.text
    for gone in ("News 24", "77 dead", "Home", "Top 10", "12 other", "Copyright"):
        assert gone not in doc.text


def test_html_offsets_map_to_the_file_line_and_column(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "page.html", HTML))
    for phrase in ("Storm kills", "at least 32", "nearly 30", "so far", "people since"):
        assert where(doc, phrase) == file_position(HTML, phrase)
    # After character references the text is shorter than the file: still the right column.
    assert where(doc, "the mayor") == file_position(HTML, "the mayor")
    assert where(doc, "said") == file_position(HTML, "said")


def test_html_meta_gives_published_at(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "page.html", HTML))
    assert doc.published_at == datetime(2025, 10, 22, 8, 0, tzinfo=UTC)
    simple = '<meta name="date" content="2024-03-01"><p>Twelve were hurt.</p>'
    assert load_document(write(tmp_path, "b.htm", simple)).published_at == date(2024, 3, 1)


def test_html_without_article_uses_main_then_body(tmp_path: Path) -> None:
    with_main = "<body><p>Outside 5.</p><main><p>Inside 7.</p></main></body>"
    assert load_document(write(tmp_path, "m.html", with_main)).text == "Inside 7."
    body_only = "<html><body><div>First 1.</div><div>Second 2.</div></body></html>"
    assert load_document(write(tmp_path, "b.html", body_only)).text == "First 1.\n\nSecond 2."


def test_html_picks_the_longest_article(tmp_path: Path) -> None:
    page = "<article>Teaser 3.</article><article><p>The full story has 40 words.</p></article>"
    assert load_document(write(tmp_path, "a.html", page)).text == "The full story has 40 words."


# -- .docx --------------------------------------------------------------------------------------


def test_docx_positions_are_paragraph_and_character(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Storm update")
    d.add_paragraph("")
    d.add_paragraph("The storm has killed at least 32 people since Monday.")
    d.add_paragraph("It has killed nearly 30 people so far.")
    path = tmp_path / "story.docx"
    d.save(str(path))
    doc = load_document(str(path))
    assert doc.format == "docx"
    assert doc.text == (
        "Storm update\n\nThe storm has killed at least 32 people since Monday."
        "\n\nIt has killed nearly 30 people so far."
    )
    assert where(doc, "at least 32") == (3, 22)
    assert where(doc, "nearly 30") == (4, 15)
