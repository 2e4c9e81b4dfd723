"""One check of an editor buffer: the draft, the sources its project pairs with it, and the
findings left after the inline ``factcheck: ignore`` comments and the baseline.

``apply_inline`` in factcheck.suppress reads the comments from the files on disk; a buffer
being edited is newer than its file, so the comments are read from the buffer here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.errors import InputError
from factcheck.fileio import check_size
from factcheck.ingest import format_of, load_document
from factcheck.lsp.documents import format_for, from_text, read_file_text
from factcheck.lsp.project import Project
from factcheck.model import Claim, Document, Finding, QuantityClaim, Span
from factcheck.pipeline import analyse
from factcheck.suppress import Ignored, apply_baseline, directives, load_baseline

OpenText = Callable[[Path], "str | None"]  # an open buffer's text, None when not open


@dataclass
class Checked:
    """What one check of a buffer found, kept for hover and code actions."""

    version: int | None
    project: Project
    draft: Document
    documents: dict[str, Document]
    texts: dict[str, str]  # each document's file text as an editor shows it (for columns)
    findings: list[Finding]  # the ones shown
    claims: list[Claim] = field(default_factory=list)  # every claim of every document
    uri: str | None = None  # the buffer's URI as the editor gave it

    def quantities(self) -> list[QuantityClaim]:
        """The draft's figures."""
        return [
            c
            for c in self.claims
            if isinstance(c, QuantityClaim) and c.document_id == self.draft.id
        ]

    def finding(self, fingerprint: str) -> Finding | None:
        return next((f for f in self.findings if f.fingerprint == fingerprint), None)


def check_buffer(
    path: Path,
    text: str,
    fmt: str,
    project: Project,
    *,
    open_text: OpenText,
    version: int | None = None,
    uri: str | None = None,
) -> Checked:
    """Check the buffer of ``path`` against its project's sources. Raises ``InputError`` for
    a buffer or source that cannot be read and ``ConfigError`` for a broken baseline."""
    settings = project.settings
    limit = settings.max_bytes
    if limit and len(text.encode("utf-8")) > limit:
        raise InputError(f"{path.name}: larger than max-bytes ({limit} bytes); not checked")
    draft_id = project.doc_id(path)
    draft = from_text(
        text, fmt, doc_id=draft_id, path=path, published_at=settings.published_for(path)
    )
    documents = {draft.id: draft}
    texts = {draft.id: text.replace("\r\n", "\n").replace("\r", "\n")}
    for source in project.sources_for(path):
        if source == path.resolve():
            continue
        doc, raw = _source(source, project, open_text)
        documents.setdefault(doc.id, doc)
        texts.setdefault(doc.id, raw)
    analysis = analyse(list(documents.values()), project.config)
    findings = _not_ignored(analysis.report.findings, documents, texts)
    if project.baseline.is_file():
        report = analysis.report.model_copy(update={"findings": findings})
        findings = apply_baseline(report, load_baseline(project.baseline)).findings
    return Checked(
        version=version,
        project=project,
        draft=draft,
        documents=documents,
        texts=texts,
        findings=findings,
        claims=list(analysis.report.claims),
        uri=uri,
    )


def _source(path: Path, project: Project, open_text: OpenText) -> tuple[Document, str]:
    """A source as a Document, from its open buffer when it has one, and its file text."""
    doc_id = project.doc_id(path)
    when = project.settings.published_for(path)
    buffer = open_text(path)
    fmt = format_for(str(path), None)
    if buffer is not None and fmt is not None:
        doc = from_text(buffer, fmt, doc_id=doc_id, path=path, role="source", published_at=when)
        return doc, buffer.replace("\r\n", "\n").replace("\r", "\n")
    check_size(str(path), project.settings.max_bytes)
    doc = load_document(str(path), role="source", doc_id=doc_id)
    if when is not None and doc.published_at is None:
        doc = doc.model_copy(update={"published_at": when})
    # A .docx has no text an editor could show; its paragraphs are the nearest thing.
    raw = read_file_text(path, doc_id) if format_of(str(path)) != "docx" else doc.text
    return doc, raw


def _not_ignored(
    findings: Sequence[Finding], documents: dict[str, Document], texts: dict[str, str]
) -> list[Finding]:
    ignored: list[Ignored] = []
    for doc_id, raw in texts.items():
        if "factcheck" in raw:
            ignored.extend(directives(doc_id, raw))
    if not ignored:
        return list(findings)

    def hidden(finding: Finding) -> bool:
        for span in finding.spans:
            first, last = lines_of(span, documents)
            if any(i.covers(finding, span.document_id, first, last) for i in ignored):
                return True
        return False

    return [f for f in findings if not hidden(f)]


def lines_of(span: Span, documents: dict[str, Document]) -> tuple[int, int]:
    """The first and last 1-based file line of a span."""
    start, end = position(span, documents)
    return start[0], end[0]


def position(span: Span, documents: dict[str, Document]) -> tuple[tuple[int, int], tuple[int, int]]:
    """The span's 1-based (line, column) start and exclusive end in its file."""
    if None not in (span.line, span.column, span.end_line, span.end_column):
        return (span.line or 1, span.column or 1), (span.end_line or 1, span.end_column or 1)
    doc = documents.get(span.document_id)
    if doc is None:
        return (1, 1), (1, 1 + len(span.text))
    return doc.locate(span.start), doc.locate(span.end)
