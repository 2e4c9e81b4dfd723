"""Report renderers: one module per output format, registered in ``RENDERERS``.

To add a format, write ``report/<format>.py`` with a function
``(report, documents) -> str`` and add it to ``_MODULES``; the CLI offers every key as a
``--format`` choice. A format's module is imported the first time a report is rendered in it:
a text check does not pay for the XML, SARIF and HTML writers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

from factcheck.model import DEFAULT_FAIL_ON, Document, Report, Severity

Renderer = Callable[..., str]  # (report, documents, **options) -> the report as text

# format → (module of factcheck.report, its render function)
_MODULES: dict[str, tuple[str, str]] = {
    "text": ("text", "render_text"),
    "json": ("json_report", "render_json"),
    "sarif": ("sarif", "render"),
    "github": ("github", "render"),
    "rdjsonl": ("rdjsonl", "render"),
    "line": ("line", "render"),
    "markdown": ("markdown", "render"),
    "html": ("html", "render"),
    "junit": ("junit", "render"),
    "gitlab": ("gitlab", "render"),
    "checkstyle": ("checkstyle", "render"),
}


def _on_first_use(module: str, name: str) -> Renderer:
    def render(report: Report, documents: Sequence[Document], **options: Any) -> str:
        real: Renderer = getattr(import_module(f"factcheck.report.{module}"), name)
        return real(report, documents, **options)

    render.__name__ = render.__qualname__ = f"{module}.{name}"
    return render


RENDERERS: dict[str, Renderer] = {fmt: _on_first_use(*where) for fmt, where in _MODULES.items()}


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
        return renderer(report, documents, color=True)
    if fmt == "junit":
        return renderer(report, documents, fail_on=fail_on)
    return renderer(report, documents)


__all__ = ["RENDERERS", "Renderer", "render"]
