"""Alembic migrations of the ledger schema, shipped in the package and run from code."""
