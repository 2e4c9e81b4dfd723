"""The JSON report: the same shape the Python API's ``Report`` and the HTTP API return.

``omitted`` (what the per-document cap left out) is written only when the cap left something
out, so that a report the cap did not touch reads exactly as before the cap existed.
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.model import Document, Report


def render_json(report: Report, documents: Sequence[Document]) -> str:
    exclude = None if report.omitted else {"omitted"}
    return report.model_dump_json(indent=2, exclude=exclude) + "\n"
