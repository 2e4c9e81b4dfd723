"""Report renderers: one module per output format, registered in ``RENDERERS``.

To add a format, write ``report/<format>.py`` with a function
``(report, documents) -> str`` and add it to ``RENDERERS``; the CLI offers every key as a
``--format`` choice. Renderer modules are imported when the CLI builds its parser, so they
must import nothing heavy at module level.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from factcheck.model import DEFAULT_FAIL_ON, Document, Report, Severity
from factcheck.report import checkstyle, github, gitlab, html, junit, line, markdown, rdjsonl, sarif
from factcheck.report.json_report import render_json
from factcheck.report.text import render_text

Renderer = Callable[[Report, Sequence[Document]], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": sarif.render,
    "github": github.render,
    "rdjsonl": rdjsonl.render,
    "line": line.render,
    "markdown": markdown.render,
    "html": html.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
    "checkstyle": checkstyle.render,
}


def render(
    report: Report,
    fmt: str,
    documents: Sequence[Document],
    *,
    color: bool = False,
    fail_on: Severity = DEFAULT_FAIL_ON,
) -> str:
    """Render ``report`` as ``fmt``; ``color`` asks for ANSI colour where the format has it,
    and ``fail_on`` is the run's threshold where the format shows pass and fail (JUnit)."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(sorted(RENDERERS))})")
    if color and fmt == "text":
        return render_text(report, documents, color=True)
    if fmt == "junit":
        return junit.render(report, documents, fail_on=fail_on)
    return renderer(report, documents)


__all__ = ["RENDERERS", "Renderer", "render"]
