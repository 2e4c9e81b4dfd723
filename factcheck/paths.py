"""Where the bundled data lives: ``rules/`` in a checkout, ``factcheck/_data/rules`` in a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    checkout = _PACKAGE.parent / "rules"
    if (checkout / "checks").is_dir():
        return checkout
    return _PACKAGE / "_data" / "rules"
