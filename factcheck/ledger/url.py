"""A ``--ledger`` value (or ``FACTCHECK_LEDGER``) to a database URL and its backend.

A bare path is a SQLite file; ``sqlite:///path`` is too. ``postgresql://`` and
``postgres://`` URLs use psycopg 3. Anything else is refused before a driver is loaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from factcheck.ledger.errors import LedgerURLError

Backend = Literal["sqlite", "postgresql"]


@dataclass(frozen=True)
class LedgerURL:
    backend: Backend
    url: str  # what SQLAlchemy connects to
    shown: str  # what messages name (no password)
    path: str | None = None  # the SQLite file


def parse(value: str) -> LedgerURL:
    value = value.strip()
    if not value:
        raise LedgerURLError("--ledger: empty; give a file (ledger.db) or a postgresql:// URL")
    scheme, sep, rest = value.partition("://")
    if not sep:
        path = os.path.abspath(value)
        return LedgerURL("sqlite", "sqlite:///" + path, value, path)
    scheme = scheme.lower()
    if scheme == "sqlite":
        path = rest[1:] if rest.startswith("/") else rest
        if not path or path == ":memory:":
            raise LedgerURLError(f"--ledger {value}: a ledger needs a file, not memory")
        path = os.path.abspath(path)
        return LedgerURL("sqlite", "sqlite:///" + path, value, path)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return LedgerURL("postgresql", "postgresql+psycopg://" + rest, _hide_password(value))
    raise LedgerURLError(
        f"--ledger {_hide_password(value)}: unsupported scheme {scheme!r}; "
        "use a file path, sqlite:///path or postgresql://user@host/db"
    )


def _hide_password(value: str) -> str:
    scheme, _, rest = value.partition("://")
    auth, at, host = rest.rpartition("@")
    if not at or ":" not in auth:
        return value
    return f"{scheme}://{auth.split(':', 1)[0]}:***@{host}"
