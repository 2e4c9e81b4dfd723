"""factcheck: find figures, dates, names and quotes in news copy that cannot all be true.

    from factcheck import check, Document
    report = check([Document(id="draft", text=open("story.txt").read())])

The names below are loaded on first use (PEP 562), so ``factcheck --version`` or ``--help``
does not pay for importing the engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from factcheck.version import VERSION as __version__

if TYPE_CHECKING:
    from factcheck.model import (
        CheckConfig,
        Claim,
        Document,
        Finding,
        Interval,
        Measure,
        QuantityClaim,
        QuoteClaim,
        Report,
        Scope,
        Span,
    )
    from factcheck.pipeline import check

_EXPORTS = {
    "check": "factcheck.pipeline",
    **{
        name: "factcheck.model"
        for name in (
            "CheckConfig", "Claim", "Document", "Finding", "Interval", "Measure",
            "QuantityClaim", "QuoteClaim", "Report", "Scope", "Span",
        )
    },
}  # fmt: skip

__all__ = [
    "CheckConfig",
    "Claim",
    "Document",
    "Finding",
    "Interval",
    "Measure",
    "QuantityClaim",
    "QuoteClaim",
    "Report",
    "Scope",
    "Span",
    "__version__",
    "check",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
