"""Quick fixes for a finding: take the source's figure, ignore the finding here with the
project's inline comment (see factcheck.suppress), or acknowledge it in the baseline."""

from __future__ import annotations

from lsprotocol import types as lsp

from factcheck.lsp.analysis import Checked, position
from factcheck.lsp.diagnostics import primary_span, span_range
from factcheck.lsp.positions import Encoding, Lines
from factcheck.model import Finding, QuantityClaim, Span

ADD_TO_BASELINE = "factcheck.addToBaseline"


def ignore_comment(rule: str) -> str:
    """The inline directive factcheck.suppress reads, for one rule."""
    return f"<!-- factcheck: ignore {rule} -->"


def ignore_edit(checked: Checked, finding: Finding) -> lsp.TextEdit | None:
    """Insert the ignore comment where it covers the finding's passage.

    The comment ignores from itself to the next blank line. In Markdown and plain text it
    goes on its own line above the paragraph, the way an editor would write it by hand; HTML
    paragraphs are not separated by blank lines, so there it goes right above the passage's
    line, indented like it."""
    span = primary_span(checked, finding)
    if span is None:
        return None
    (line, _), _ = position(span, checked.documents)
    lines = Lines(checked.texts[checked.draft.id]).lines
    index = min(line - 1, len(lines) - 1)
    if checked.draft.format == "html":
        text = lines[index]
        indent = text[: len(text) - len(text.lstrip())]
    else:
        while index > 0 and lines[index - 1].strip() and lines[index - 1].strip() != "---":
            index -= 1
        indent = ""
    at = lsp.Position(line=index, character=0)
    return lsp.TextEdit(
        range=lsp.Range(start=at, end=at), new_text=f"{indent}{ignore_comment(finding.rule)}\n"
    )


def _is_figure(checked: Checked, span: Span) -> bool:
    return any(
        isinstance(c, QuantityClaim)
        and c.document_id == span.document_id
        and (c.span.start, c.span.end) == (span.start, span.end)
        for c in checked.claims
    )


def source_figure(checked: Checked, finding: Finding) -> tuple[Span, Span] | None:
    """The draft's figure and the source's figure it contradicts, when the finding is one."""
    draft = primary_span(checked, finding)
    if draft is None or not _is_figure(checked, draft):
        return None
    for span in finding.spans:
        doc = checked.documents.get(span.document_id)
        if doc is not None and doc.role == "source" and _is_figure(checked, span):
            return (draft, span) if span.text.strip() != draft.text.strip() else None
    return None


def code_actions(
    checked: Checked,
    uri: str,
    finding: Finding,
    diagnostic: lsp.Diagnostic,
    encoding: Encoding,
) -> list[lsp.CodeAction]:
    actions = []
    pair = source_figure(checked, finding)
    if pair is not None:
        draft, source = pair
        edit = lsp.TextEdit(range=span_range(checked, draft, encoding), new_text=source.text)
        actions.append(
            lsp.CodeAction(
                title=f"Use the source's figure: '{source.text}' ({source.document_id})",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
                is_preferred=True,
            )
        )
    ignore = ignore_edit(checked, finding)
    if ignore is not None:
        actions.append(
            lsp.CodeAction(
                title=f"Ignore {finding.rule} here (factcheck: ignore comment)",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=lsp.WorkspaceEdit(changes={uri: [ignore]}),
            )
        )
    baseline = checked.project.baseline
    title = f"Add this finding to the baseline ({baseline.name})"
    actions.append(
        lsp.CodeAction(
            title=title,
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            command=lsp.Command(
                title=title, command=ADD_TO_BASELINE, arguments=[uri, finding.fingerprint]
            ),
        )
    )
    return actions
