"""What can go wrong with a ledger, each a one-line message the CLI prints (exit 2)."""

from __future__ import annotations

from factcheck.errors import FactcheckError


class LedgerError(FactcheckError):
    """A ledger that cannot be used as asked."""


class LedgerURLError(LedgerError):
    """A ``--ledger`` value that names no database this tool can use."""


class LedgerUnavailable(LedgerError):
    """A server that cannot be reached, a file that cannot be opened or does not exist."""


class NotALedger(LedgerError):
    """A database that is not a factcheck ledger: a corrupt or foreign file, other tables."""


class SchemaMismatch(LedgerError):
    """A ledger of an older schema (upgrade it) or a newer one (upgrade factcheck)."""


class NoSuchArticle(LedgerError):
    """An article id the ledger does not hold."""
