"""Alembic's entry point: migrate the connection ``factcheck.ledger.migrate`` hands over."""

from __future__ import annotations

from alembic import context

LOCK = 0x4C454447  # "LEDG": one migrating process per PostgreSQL database at a time

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    # Two processes creating one ledger at once: the second waits, then finds it done. (On
    # SQLite the caller's BEGIN IMMEDIATE does the same.)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK})")
    context.run_migrations()
