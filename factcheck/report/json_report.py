"""The JSON report: the same shape the Python API's ``Report`` and the HTTP API return."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.model import Document, Report


def render_json(report: Report, documents: Sequence[Document]) -> str:
    return report.model_dump_json(indent=2) + "\n"
