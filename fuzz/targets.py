"""The fuzz targets: one per reader, and one for the whole check, each fed raw bytes.

A target returns quietly when the code under test did its job: a reader returned a text whose
characters map back to the same characters of the file, or refused the input with a one-line
``InputError`` naming it; the check returned a report whose spans lie inside the texts. Any
other outcome propagates as an exception, which libFuzzer records as a crash.

Where the Hypothesis tests already state the property (Markdown, HTML, reST, AsciiDoc), the
target calls that very test body (``test.hypothesis.inner_test``) instead of restating it.

No atheris here: the harness instruments these imports, and the tests run every target on its
seed corpus without atheris installed. Each target imports its reader only when built, so a
fuzz run instruments the modules that reader uses and no others.
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import InputError

if TYPE_CHECKING:
    from factcheck.ingest.base import Extracted, Loader
    from factcheck.model import Report, Span

LABEL = "fuzz-input"  # the file name every reader is given; its errors must start with it
CORPUS = Path(__file__).resolve().parent / "corpus"

Run = Callable[[bytes], None]
# Called with (target, input, exception) when a reader's catch-all (ingest.base.reader) turned
# an unexpected exception into an InputError: not a crash by the readers' contract, but a bug
# worth a look. The harness sets it to save one input per distinct failure.
MaskedHook = Callable[[str, bytes, BaseException], None]
masked_hook: MaskedHook | None = None


class Broken(AssertionError):
    """A property of the target does not hold for this input."""


def _expect(ok: bool, what: str) -> None:
    # Not `assert`: the properties must hold under `python -O` as well.
    if not ok:
        raise Broken(what)


# -- what every reader must do ------------------------------------------------------------------


def _refused(target: str, data: bytes, err: InputError) -> None:
    message = str(err)
    _expect(message.startswith(f"{LABEL}: "), f"the error does not name the file: {message!r}")
    _expect("\n" not in message and "\r" not in message, f"the error is not one line: {message!r}")
    cause = err.__cause__
    if cause is not None and not isinstance(cause, InputError) and masked_hook is not None:
        masked_hook(target, data, cause)


def _read(target: str, load: Loader, data: bytes) -> Extracted | None:
    """The reader's result, or None when it refused the input as it should."""
    try:
        extracted = load(data, LABEL)
    except InputError as err:
        _refused(target, data, err)
        return None
    anchors = extracted.source_map or []
    # An anchor past the end of the text is allowed: nothing is ever located there, and the
    # HTML reader leaves one when the page ends in a reference it drops (`&#4;`).
    _expect(
        all(at >= 0 and line >= 1 and column >= 1 for at, line, column in anchors),
        "an anchor of the source map is negative",
    )
    _expect(
        all(a[0] <= b[0] for a, b in pairwise(anchors)),
        "the source map is not sorted",
    )
    # load_document reads the date the file states next: that too is a result or an InputError.
    if extracted.published is not None:
        from factcheck.ingest.base import parse_published

        try:
            parse_published(extracted.published, LABEL, "the date it states")
        except InputError as err:
            _refused(target, data, err)
    return extracted


def _maps_back(extracted: Extracted, lines: list[str], references: bool) -> None:
    """Every visible character of the text is located at that same character of the file
    (``lines``: a .docx's are its paragraphs); with ``references``, a character decoded from
    a reference (``&amp;``) may stand at the reference's ``&`` instead."""
    from factcheck.model import Document

    doc = Document(id=LABEL, text=extracted.text, source_map=extracted.source_map)
    for offset, char in enumerate(doc.text):
        if char.isspace():
            continue
        line, column = doc.locate(offset)
        inside = 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1])
        _expect(inside, f"offset {offset} ({char!r}) is located at {line}:{column}, off the file")
        found = lines[line - 1][column - 1]
        _expect(
            found == char or (references and found == "&"),
            f"offset {offset} ({char!r}) is located at {line}:{column}, which holds {found!r}",
        )


def _inner(test: Any) -> Callable[..., None]:
    """The body of a Hypothesis test, callable with concrete arguments."""
    body = getattr(getattr(test, "hypothesis", None), "inner_test", None)
    if body is None:
        raise RuntimeError(f"{test!r} is no longer a Hypothesis test; update fuzz/targets.py")
    return body


# -- the targets ------------------------------------------------------------------------------


def _text() -> Run:
    from factcheck.ingest import textfile

    def run(data: bytes) -> None:
        extracted = _read("text", textfile.load, data)
        expected = _plain(data)
        if extracted is None:
            _expect(expected is None, "a non-blank UTF-8 text was refused")
        else:
            _expect(extracted.text == expected, "the text is not the file's, line ends aside")
            _expect(extracted.source_map is None, "plain text has a source map")

    return run


def _plain(data: bytes) -> str | None:
    """What ingest.base.decode_text promises to return (None: it must refuse the input)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in data:
        return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    return re.sub(r"\r\n?", "\n", text) if text.strip() else None


def _markdown() -> Run:
    from factcheck.ingest import markdown
    from tests.test_hostile_ingest import test_markdown_keeps_every_line_and_column as test

    keeps_lines = _inner(test)

    def run(data: bytes) -> None:
        # The test body reads the input again: only for inputs the reader accepted.
        if _read("markdown", markdown.load, data) is not None:
            keeps_lines(data.decode("utf-8"))

    return run


def _html() -> Run:
    from factcheck.ingest import htmlpage
    from tests.test_hostile_ingest import (
        test_html_text_maps_back_to_the_characters_of_the_file as test,
    )

    maps_back = _inner(test)

    def run(data: bytes) -> None:
        if _read("html", htmlpage.load, data) is not None:
            maps_back(data.decode("utf-8"))

    return run


def _light_markup(name: str) -> Callable[[], Run]:
    def build() -> Run:
        from tests.test_ingest_newsroom import (
            test_rst_and_asciidoc_keep_every_character_in_place as test,
        )

        load = importlib.import_module(f"factcheck.ingest.{name}").load
        keeps_characters = _inner(test)

        def run(data: bytes) -> None:
            if _read(name, load, data) is not None:
                keeps_characters(data.decode("utf-8"), load)

        return run

    return build


def _news_xml(name: str) -> Callable[[], Run]:
    def build() -> Run:
        from factcheck.ingest.newsxml import decode_xml

        load = importlib.import_module(f"factcheck.ingest.{name}").load

        def run(data: bytes) -> None:
            extracted = _read(name, load, data)
            if extracted is not None:
                # The reader parses the decoded text, so positions are that text's lines.
                _maps_back(extracted, decode_xml(data, LABEL).split("\n"), references=True)

        return run

    return build


def _docx() -> Run:
    from factcheck.ingest import docxfile

    def run(data: bytes) -> None:
        extracted = _read("docx", docxfile.load, data)
        if extracted is not None:
            import docx  # the reader read it, so python-docx is there

            paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
            _maps_back(extracted, paragraphs, references=False)

    return run


def _check() -> Run:
    from factcheck import Document, check

    def run(data: bytes) -> None:
        # Bytes are bytes: any input is some text. A form feed starts a source document, so
        # the rules that compare a draft with its sources are reached too.
        draft, _, source = data.decode("utf-8", "replace").partition("\f")
        docs = [Document(id="draft", text=draft)]
        if source:
            docs.append(Document(id="source", text=source, role="source"))
        sizes = {doc.id: len(doc.text) for doc in docs}
        for span in _spans(check(docs)):
            size = sizes.get(span.document_id)
            _expect(
                size is not None and 0 <= span.start <= span.end <= size,
                f"a span lies outside its text: {span!r}",
            )

    return run


def _spans(report: Report) -> Iterator[Span]:
    for finding in report.findings:
        yield from finding.spans
    for claim in report.claims:
        yield claim.span
        yield claim.sentence
        title = getattr(claim, "title_span", None)
        if title is not None:
            yield title


@dataclass(frozen=True)
class Target:
    name: str
    build: Callable[[], Run]  # imports the code under test, then returns the target function
    dictionary: str | None = None  # a libFuzzer -dict in fuzz/dicts (markup tokens)

    @property
    def corpus(self) -> Path:
        return CORPUS / self.name

    def seeds(self) -> list[bytes]:
        return [path.read_bytes() for path in sorted(self.corpus.iterdir()) if path.is_file()]


TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target("text", _text),
        Target("markdown", _markdown, "markdown"),
        Target("html", _html, "html"),
        Target("docx", _docx),
        Target("nitf", _news_xml("nitf"), "xml"),
        Target("newsml", _news_xml("newsml"), "xml"),
        Target("rst", _light_markup("rst"), "rst"),
        Target("asciidoc", _light_markup("asciidoc"), "asciidoc"),
        Target("check", _check),
    )
}
