"""What the machine-readable renderers share: where a span is, in which file, at which line.

A finding's spans carry codepoint offsets into ``Document.text`` and, once the engine has
finished them, the 1-based line and column in the original file. Renderers need a little more:
a display path relative to the working directory, the surrounding sentence for a passage, byte
columns for tools that count bytes, and the rule documentation for tools that show it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from factcheck.errors import ConfigError
from factcheck.model import Document, Finding, Omitted, Report, Severity, Span

if TYPE_CHECKING:
    from factcheck.engine.registry import RuleSpec

TOOL_NAME = "factcheck"
# Where the project lives; SARIF requires an absolute URI for the tool and its rule help.
INFORMATION_URI = "https://github.com/factcheck/factcheck"
RULES_DOC_URI = f"{INFORMATION_URI}/blob/main/docs/rules.md"

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def rule_doc_uri(code: str) -> str:
    """Where a rule is documented: its section of docs/rules.md (the one place that says so;
    SARIF's helpUri, rdjsonl's code URL, the HTML report and the language server use it)."""
    return f"{RULES_DOC_URI}#{code.lower()}"


# How far a passage reaches around its span when no sentence boundary is closer.
_CONTEXT_CHARS = 160
# A sentence ends at . ! ? (and closing quotes) unless a lowercase word follows ("the U.S.
# military" does not end one), or at a blank line.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+\S)(?!\s+[a-zß-ÿ])|\n\s*\n")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Location:
    """A span resolved for output: the file as the user names it and 1-based positions.

    ``end_column`` is exclusive (the column just after the span), as the engine computes it.
    """

    span: Span
    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Passage:
    """A span with the text around it, up to the sentence boundaries."""

    before: str
    figure: str
    after: str


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space."""
    return _WHITESPACE.sub(" ", text).strip()


# A scheme of two letters or more, so that a drive letter ("C:") is not one.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")


def is_url(path: str) -> bool:
    """An article known by its address (a ledger entry), not a file."""
    return _URL.match(path) is not None


def display_path(path: str, cwd: Path | None = None) -> str:
    """A file path as a POSIX string, relative to ``cwd`` when the file lies below it; an
    address as it is."""
    if is_url(path):
        return path
    p = Path(path)
    if p.is_absolute():
        base = (cwd or Path.cwd()).resolve()
        try:
            return p.resolve().relative_to(base).as_posix()
        except ValueError:
            return p.as_posix()
    return PurePosixPath(p.as_posix()).as_posix()


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def severity_summary(findings: Iterable[Finding]) -> str:
    """ "1 error, 0 warnings, 2 info": every severity by its one name ("info" has no plural)."""
    counts = severity_counts(findings)
    return ", ".join(
        f"{counts[s]} info" if s == "info" else plural(counts[s], s) for s in SEVERITIES
    )


def omitted_note(omitted: Omitted, path: str) -> str:
    """What the per-document cap left out, in words: "37 more findings in draft.md not shown
    (warning 30, info 7); raise --max-findings"."""
    counts = ", ".join(f"{s} {n}" for s, n in omitted.by_severity.items())
    more = "more finding" if omitted.count == 1 else "more findings"
    return f"{omitted.count} {more} in {path} not shown ({counts}); raise --max-findings"


class Locator:
    """Answers "where is this span" for one report and the documents it was made from.

    ``documents`` may be empty (a report read back from JSON); then paths come from the
    report's document list and positions from the spans alone.
    """

    def __init__(
        self, report: Report, documents: Sequence[Document], cwd: Path | None = None
    ) -> None:
        self.documents = {d.id: d for d in documents}
        self._paths: dict[str, str] = {}
        for info in report.documents:
            if info.path:
                self._paths[info.id] = display_path(info.path, cwd)
        for doc in documents:
            if doc.path and doc.path != "-":
                self._paths[doc.id] = display_path(doc.path, cwd)
        self._raw: dict[str, str | None] = {}
        first = report.documents[0].id if report.documents else None
        self._first = first or (documents[0].id if documents else None)

    def path(self, doc_id: str) -> str:
        """The file a document came from; its id when it has none (stdin, an API upload)."""
        return self._paths.get(doc_id, doc_id)

    def has_file(self, doc_id: str) -> bool:
        """Whether the document came from a file (rather than stdin or an upload)."""
        return doc_id in self._paths

    def locate(self, span: Span) -> Location:
        doc = self.documents.get(span.document_id)
        line, column = span.line, span.column
        end_line, end_column = span.end_line, span.end_column
        if line is None or column is None:
            line, column = doc.locate(span.start) if doc else (1, 1)
        if end_line is None or end_column is None:
            end_line, end_column = doc.locate(span.end) if doc else (line, column + len(span.text))
        return Location(span, self.path(span.document_id), line, column, end_line, end_column)

    def primary(self, finding: Finding) -> Location | None:
        """Where a finding is reported; ``None`` for FC000 findings, which have no span."""
        return self.locate(finding.spans[0]) if finding.spans else None

    def anchor(self, finding: Finding) -> tuple[str, int, int]:
        """``(path, line, column)`` for formats that must place every finding in a file: its
        first span, or the first document's first line for a finding without one (FC000)."""
        primary = self.primary(finding)
        if primary is not None:
            return primary.path, primary.line, primary.column
        return (self.path(self._first) if self._first else "-"), 1, 1

    def related(self, finding: Finding) -> list[Location]:
        """The other side(s) of a conflict."""
        return [self.locate(s) for s in finding.spans[1:]]

    def raw_text(self, doc_id: str) -> str | None:
        """The original file's text (line ends normalised), or the document's own text when
        it has no readable file. ``None`` when the document is unknown."""
        if doc_id not in self._raw:
            doc = self.documents.get(doc_id)
            text: str | None = doc.text if doc else None
            # Only a regular file can be read again: a second open of a FIFO waits for a
            # writer that has gone, and a process substitution has been read to its end.
            if doc and doc.path and doc.path != "-" and Path(doc.path).is_file():
                try:
                    raw = Path(doc.path).read_text(encoding="utf-8-sig")
                    text = raw.replace("\r\n", "\n").replace("\r", "\n")
                except (OSError, UnicodeDecodeError):
                    pass
            self._raw[doc_id] = text
        return self._raw[doc_id]

    def char_range(self, span: Span) -> tuple[int, int] | None:
        """``(offset, length)`` of the span in the original file, when the document's offsets
        are the file's (checked by comparing the text there with the span's text)."""
        doc = self.documents.get(span.document_id)
        raw = self.raw_text(span.document_id)
        if doc is None or raw is None or doc.source_map:
            return None
        if raw[span.start : span.end] != span.text:
            return None
        return span.start, span.end - span.start

    def byte_column(self, doc_id: str, line: int, column: int) -> int:
        """The 1-based UTF-8 byte column of a codepoint column, as reviewdog counts."""
        raw = self.raw_text(doc_id)
        if raw is None:
            return column
        lines = raw.split("\n")
        if not 1 <= line <= len(lines):
            return column
        return len(lines[line - 1][: column - 1].encode("utf-8")) + 1

    def passage(self, span: Span) -> Passage:
        """The span with the rest of its sentence on either side (only the span itself when
        the document is unknown or its text does not match the span)."""
        doc = self.documents.get(span.document_id)
        if doc is None or doc.text[span.start : span.end] != span.text:
            return Passage("", span.text, "")
        text = doc.text
        lo = max(0, span.start - _CONTEXT_CHARS)
        starts = [m.end() for m in _SENTENCE_END.finditer(text, lo, span.start)]
        begin = starts[-1] if starts else lo
        stop = _SENTENCE_END.search(text, span.end, min(len(text), span.end + _CONTEXT_CHARS))
        end = stop.end() if stop else min(len(text), span.end + _CONTEXT_CHARS)
        before = text[begin : span.start].lstrip()
        after = text[span.end : end].rstrip()
        if begin > 0 and not starts:
            before = "…" + before
        if end < len(text) and not stop:
            after = after + "…"
        return Passage(before, span.text, after)


def rule_specs(extra_paths: Sequence[str] = ()) -> dict[str, RuleSpec]:
    """Every registered rule by code; empty when the rule files cannot be read (the report
    is still worth rendering without the rule documentation)."""
    from factcheck.engine.registry import load_registry

    try:
        registry = load_registry(tuple(extra_paths))
    except ConfigError:
        return {}
    return {r.spec.code: r.spec for r in registry.rules}


def fence(text: str, info: str = "text") -> str:
    """A fenced code block that the text itself cannot close."""
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    marks = "`" * (longest + 1)
    return f"{marks}{info}\n{text.strip()}\n{marks}"


def rule_help_markdown(spec: RuleSpec, heading: str = "###") -> str:
    """A rule's documentation in the What it does / Why / Example / Use instead layout."""
    parts = [
        f"{heading} What it does\n\n{spec.summary.strip()}",
        f"{heading} Why\n\n{spec.why.strip()}",
        f"{heading} Example\n\n{fence(spec.example)}",
        f"{heading} Use instead\n\n{fence(spec.use_instead)}",
    ]
    return "\n\n".join(parts)


def rule_help_text(spec: RuleSpec) -> str:
    """The same documentation as plain text, for viewers that do not render Markdown."""
    return (
        f"{spec.summary.strip()}\n\nWhy: {spec.why.strip()}\n\n"
        f"Example:\n{spec.example.strip()}\n\nUse instead:\n{spec.use_instead.strip()}"
    )
