"""Hostile input for the readers: linear time, bounded archives, one-line errors, no traceback.

Timings are ratios within one run (the time at 4n over the time at n), never absolute times:
linear code gives about 4, quadratic code 16. The generators are the ones that were
quadratic or worse before (see issue 13).
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.ingest import docxfile, htmlpage, load_document, markdown
from factcheck.ingest.base import decode_text
from factcheck.model import Document
from factcheck.suppress import directives
from tests.conftest import Run, growth

Cli = Callable[..., Run]

MAX_RATIO = 6.0  # time(4n) / time(n): linear is 4, quadratic 16


def _prose(text: str) -> object:
    try:
        return markdown.to_prose(text)
    except InputError:
        return None


def _increasing_backtick_runs(n: int) -> str:
    # `a``a```a…: every tail of every run looks for a closing run that never comes.
    runs: list[str] = []
    size = 0
    while size < n:
        runs.append("`" * (len(runs) + 1) + "a")
        size += len(runs[-1])
    return "".join(runs)


MARKDOWN_BOMBS: dict[str, tuple[Callable[[int], str], int]] = {
    "links": (lambda n: "[a" * (n // 2), 40_000),
    "images": (lambda n: "![a" * (n // 3), 40_000),
    "mixed markup": (lambda n: "*_`[" * (n // 4), 40_000),
    "links without ')'": (lambda n: "[a](b" * (n // 5), 40_000),
    "images without ')'": (lambda n: "![a](b" * (n // 6), 40_000),
    "references without ']'": (lambda n: "[a][b" * (n // 5), 40_000),
    "backtick runs": (_increasing_backtick_runs, 40_000),
    "comment openers": (lambda n: "<!--" * (n // 4), 40_000),
    "autolinks without '>'": (lambda n: "<http://" * (n // 8), 40_000),
    "one long word with an escape": (lambda n: "\\*" + "a" * n, 100_000),
    "a line of blanks": (lambda n: " " * n + "x", 100_000),
    "a thematic break then blanks": (lambda n: "***" + " " * n + "x", 100_000),
    "a table row then blanks": (lambda n: "|" + " " * n + "x", 100_000),
    "nested quotes": (lambda n: "> " * (n // 2) + "x", 40_000),
}


@pytest.mark.parametrize("name", list(MARKDOWN_BOMBS))
def test_markdown_reader_is_linear(name: str) -> None:
    make, n = MARKDOWN_BOMBS[name]
    assert growth(_prose, make(n), make(4 * n), MAX_RATIO) <= MAX_RATIO


SUPPRESS_BOMBS: dict[str, tuple[Callable[[int], str], int]] = {
    "unclosed directives": (lambda n: "<!-- factcheck: ignore " * (n // 23), 200_000),
    "directives in one paragraph": (lambda n: "<!-- factcheck: ignore -->x\n" * (n // 28), 100_000),
    "directives, one per paragraph": (
        lambda n: "<!-- factcheck: ignore -->x\n\n" * (n // 29),
        100_000,
    ),
}


@pytest.mark.parametrize("name", list(SUPPRESS_BOMBS))
def test_inline_directives_are_read_in_linear_time(name: str) -> None:
    make, n = SUPPRESS_BOMBS[name]
    assert growth(lambda text: directives("d", text), make(n), make(4 * n), MAX_RATIO) <= MAX_RATIO


HTML_BOMBS: dict[str, tuple[Callable[[int], str], int]] = {
    "entities": (lambda n: "<p>" + "&amp;" * (n // 5), 40_000),
    "unclosed tags": (lambda n: "<p>x" + "<a" * (n // 2), 40_000),
    "unclosed comments": (lambda n: "<p>x" + "<!--" * (n // 4), 40_000),
    "processing instructions": (lambda n: "<p>x" + "<?" * (n // 2), 40_000),
    "CDATA openers": (lambda n: "<p>x" + "<![CDATA[" * (n // 9), 40_000),
    "lines of words": (lambda n: "<p>" + "a\n" * (n // 2), 20_000),
    "attributes": (lambda n: "<p>x<a " + "b " * (n // 2), 20_000),
    "end tags": (lambda n: "<p>x" + "</a" * (n // 3), 40_000),
    "end tags inside skipped elements": (
        lambda n: "<p>x</p>" + "<nav>" * (n // 9) + "</p>" * (n // 9),
        40_000,
    ),
}


@pytest.mark.parametrize("name", list(HTML_BOMBS))
def test_html_reader_is_linear(name: str) -> None:
    make, n = HTML_BOMBS[name]
    assert growth(htmlpage.extract, make(n), make(4 * n), MAX_RATIO) <= MAX_RATIO


# -- .docx archives ---------------------------------------------------------------------------

MiB = 1024 * 1024


def _docx_parts(body: bytes = b"The storm killed 12 people.") -> dict[str, bytes]:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph(body.decode())
    buffer = io.BytesIO()
    d.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_docx(path: Path, document_xml: Callable[[zipfile.ZipFile], None]) -> Path:
    """A real .docx whose word/document.xml is written by ``document_xml``."""
    parts = _docx_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            if name == "word/document.xml":
                document_xml(archive)
            else:
                archive.writestr(name, data)
    return path


def _zeros(size: int) -> Callable[[zipfile.ZipFile], None]:
    def write(archive: zipfile.ZipFile) -> None:
        chunk = b"\0" * (4 * MiB)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(size // len(chunk)):
                part.write(chunk)

    return write


def _xml(text: bytes) -> Callable[[zipfile.ZipFile], None]:
    return lambda archive: archive.writestr("word/document.xml", text)


def _declare_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size the archive declares for ``member`` (both headers)."""
    raw = bytearray(path.read_bytes())
    name = member.encode()
    pos = 0
    while (pos := raw.find(b"PK\x01\x02", pos)) >= 0:  # central directory entries
        name_length = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46 : pos + 46 + name_length] == name:
            struct.pack_into("<I", raw, pos + 24, size)
            local = struct.unpack_from("<I", raw, pos + 42)[0]
            struct.pack_into("<I", raw, local + 22, size)
        pos += 4
    path.write_bytes(bytes(raw))


@pytest.fixture(scope="module")
def big_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1 MB on disk, 256 MiB of zeros inside."""
    path = tmp_path_factory.mktemp("bombs") / "report.docx"
    return _write_docx(path, _zeros(256 * MiB))


def _liar(tmp_path: Path) -> Path:
    """32 MiB inside, while the archive says 2000 bytes."""
    path = _write_docx(tmp_path / "liar.docx", _zeros(32 * MiB))
    _declare_size(path, "word/document.xml", 2000)
    return path


NESTED_ENTITIES = (
    b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY a0 "lol">'
    + b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10))
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)

BOMBS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "ratio": (
        lambda tmp: _write_docx(tmp / "ratio.docx", _zeros(16 * MiB)),
        "word/document.xml expands",
    ),
    "declared size": (lambda tmp: _declared_bomb(tmp), "expands to 1.0 GiB (limit 200 MiB)"),
    "liar": (_liar, "does not inflate to what the archive declares"),
    "nested entities": (
        lambda tmp: _write_docx(tmp / "laughs.docx", _xml(NESTED_ENTITIES)),
        "declares a DTD",
    ),
    "external entity": (
        lambda tmp: _write_docx(tmp / "xxe.docx", _xml(EXTERNAL_ENTITY)),
        "declares a DTD",
    ),
}


def _declared_bomb(tmp_path: Path) -> Path:
    path = _write_docx(tmp_path / "declared.docx", _xml(b"<w:document/>"))
    _declare_size(path, "word/document.xml", 1024**3)
    return path


def _assert_refused_quickly(path: Path, expected: str) -> str:
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        load_document(str(path))
    elapsed = time.perf_counter() - start
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert expected in message
    assert elapsed < 1.0, f"refused only after {elapsed:.2f}s"
    return message


def test_a_zip_bomb_is_refused_before_it_is_inflated(big_bomb: Path) -> None:
    message = _assert_refused_quickly(big_bomb, "refused: expands to 257 MiB (limit 200 MiB)")
    assert message.endswith("a zip bomb or a very large document")


@pytest.mark.parametrize("name", list(BOMBS))
def test_hostile_docx_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    make, expected = BOMBS[name]
    _assert_refused_quickly(make(tmp_path), expected)


def test_a_part_that_inflates_beyond_its_declared_size_is_not_read_past_it(
    tmp_path: Path,
) -> None:
    path = _liar(tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("word/document.xml").file_size == 2000
    with pytest.raises(InputError, match="does not inflate to what the archive declares"):
        docxfile.check_archive(path.read_bytes(), "liar.docx")


@pytest.mark.parametrize("name", ["big", *BOMBS])
def test_cli_refuses_each_bomb_with_exit_2_and_one_line(
    cli: Cli, tmp_path: Path, big_bomb: Path, name: str
) -> None:
    path = big_bomb if name == "big" else BOMBS[name][0](tmp_path)
    run = cli("check", path)
    assert run.code == 2
    assert run.err.count("\n") == 1 and f"{path}: refused: " in run.err
    assert "Traceback" not in run.err + run.out


def test_an_ordinary_docx_still_reads(tmp_path: Path) -> None:
    path = _write_docx(tmp_path / "fine.docx", _xml(_docx_parts()["word/document.xml"]))
    assert "killed 12 people" in load_document(str(path)).text


# -- front matter -------------------------------------------------------------------------------

FRONT_MATTER = {
    "impossible date": ("published_at: 2025-13-45", "impossible value (month must be in 1..12)"),
    "impossible time": ("date: 2025-10-22 25:00:00", "impossible value"),
    "deep nesting": ("tags: " + "[" * 200 + "]" * 200, "nested more than"),
    "bad YAML": ("title: [unclosed", "not valid YAML"),
    "alias bomb": (
        "a: &a [x, x]\nb: &b [*a, *a]\nc: &c {<<: *b}",
        "uses a YAML alias",
    ),
    "python tag": ("x: !!python/object/apply:os.system [ls]", "not valid YAML"),
    "huge": ("k: " + "v" * 100_000, "front matter is 97 KiB long (limit 64 KiB)"),
    "huge number": ("published_at: " + "9" * 5000, "impossible value"),
    "long bad date": ("published_at: '" + "x" * 5000 + "'", "is not an ISO date"),
}


@pytest.mark.parametrize("name", list(FRONT_MATTER))
def test_bad_front_matter_is_an_input_error(tmp_path: Path, name: str) -> None:
    yaml_text, expected = FRONT_MATTER[name]
    path = tmp_path / "story.md"
    path.write_text(f"---\n{yaml_text}\n---\nThe storm killed 12 people.\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_document(str(path))
    message = str(err.value)
    assert message.startswith(f"{path}: ") and expected in message
    assert "\n" not in message and len(message) < 300


@pytest.mark.parametrize("name", ["impossible date", "deep nesting", "bad YAML"])
def test_cli_reports_bad_front_matter_in_one_line(cli: Cli, tmp_path: Path, name: str) -> None:
    path = tmp_path / "story.md"
    path.write_text(f"---\n{FRONT_MATTER[name][0]}\n---\nTwelve hurt.\n", encoding="utf-8")
    run = cli("check", path)
    assert run.code == 2
    assert run.err.count("\n") == 1 and f"{path}: front matter" in run.err
    assert "Traceback" not in run.err + run.out


# -- properties: any text is read, or refused in one line ---------------------------------------

MARKUP = st.sampled_from(
    ["[", "]", "(", ")", "![", "`", "```", "*", "_", "~~", "\\", "\n", " ", "\t", "#", "|",
     "-", ":", ">", "<", "<!--", "-->", "&amp;", "&#65;", "<b>", "</p>", "<http://x", "---\n",
     "1. ", "a", "12", "é", "\r\n"]
)  # fmt: skip
HTML_MARKUP = st.sampled_from(
    ["<p>", "</p>", "<article>", "</article>", "<main>", "<body>", "<br>", "<div>", "</div>",
     "<script>", "</script>", "<!--", "-->", "<", ">", "/", "'", '"', "=", "&", "&amp;",
     "&mdash;", "&#65;", "&#x42;", "&nbsp;", "&eacute;", "&#99999999999;", "&bogus;", "a",
     "12 people", " ", "\n", "<a href='x'>", "</a>", "<meta name=date content=2024-01-01>",
     "<!doctype html>", "<?x?>", "<nav>", "</nav>", "<header>"]
)  # fmt: skip


def _text_from(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(pieces, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text_from(MARKUP))
@example("Officials said &#10; 12 people died &#x0A; on &NewLine; Monday.")  # found by fuzzing
def test_markdown_keeps_every_line_and_column(source: str) -> None:
    try:
        extracted = markdown.load(source.encode(), "p.md")
    except InputError as err:
        assert "\n" not in str(err)
        return
    original = decode_text(source.encode(), "p.md")
    assert len(extracted.text) == len(original)
    newlines = [i for i, c in enumerate(original) if c == "\n"]
    assert [i for i, c in enumerate(extracted.text) if c == "\n"] == newlines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text_from(HTML_MARKUP))
def test_html_text_maps_back_to_the_characters_of_the_file(source: str) -> None:
    try:
        extracted = htmlpage.load(source.encode(), "p.html")
    except InputError as err:
        assert "\n" not in str(err)
        return
    original = decode_text(source.encode(), "p.html")
    lines = original.split("\n")
    doc = Document(id="p.html", text=extracted.text, source_map=extracted.source_map)
    for offset, char in enumerate(doc.text):
        if char.isspace():
            continue
        line, column = doc.locate(offset)
        found = lines[line - 1][column - 1]
        # A character is where the file has it, or it was decoded from a reference there.
        assert found == char or found == "&", (offset, char, line, column)
