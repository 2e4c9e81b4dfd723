"""The claims ledger: what a publication has already asserted, to check new copy against.

One schema on two backends through SQLAlchemy Core: SQLite for one desk (a file, created on
first write) and PostgreSQL for a newsroom's shared server. Nothing here is imported by a
plain ``factcheck check``: the CLI reaches this package only when a ledger is named.

- ``url``: a ``--ledger`` value to a database URL
- ``schema``: the tables; ``migrate``: Alembic, run from code (``migrations/``)
- ``store``: the ``Ledger`` (open, add, remove, list, candidates)
- ``articles``: files to articles with their claims; ``keys``: a claim's candidate keys
- ``check``: a draft (or the archive itself) against the ledger; ``commands``: the CLI
"""

# The largest id or count a 64-bit INTEGER column holds, in SQLite and PostgreSQL alike: an
# article id or an offset past it is refused as bad input, never sent to the database.
INTEGER_MAX = 2**63 - 1
