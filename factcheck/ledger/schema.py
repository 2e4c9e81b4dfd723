"""The ledger's tables, as SQLAlchemy Core objects: what the code reads and writes.

The migrations in ``migrations/versions`` create exactly these; ``REVISIONS`` lists their ids
in order, so that opening a ledger can tell an older schema from a newer one without loading
Alembic (a check must start fast).

- ``articles``: one row per article (its identity is the URL, else the path), the current
  version's text and what it corrects.
- ``claims``: every claim of the article as the engine's own JSON (``model_dump_json``), with
  the columns that describe it indexed: kind, unit, measure family, counted-noun lemma, entity
  and event. ``superseded_by`` marks a claim a later correction contradicts.
- ``keys`` and ``article_keys``: the blocking keys of ``compare.pairs`` (unit and counted noun,
  names, event keys, words near a figure), each key once with the number of articles holding
  it, and which articles hold it. A draft's candidates are the articles that share its rarest
  keys: an index lookup, never a scan.
- ``conflicts_read`` and ``kept_conflicts``: what ``ledger conflicts`` found for an article
  read against the articles before it, kept until a write could change it (a new version, a
  removal or a correction of an article it shares a key with), with the settings it was read
  under; ``ledger_state`` counts the writes, so that a reading that raced a write is not kept.
"""

from __future__ import annotations

import sqlalchemy as sa

REVISIONS = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
KEY_LENGTH = 200

metadata = sa.MetaData()


def _article_id(*, primary_key: bool = False, index: bool = False) -> sa.Column[int]:
    """A row's article, never null: removing the article removes the row with it."""
    return sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
        index=index,
    )


articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("identity", sa.String(1000), nullable=False, unique=True),
    sa.Column("url", sa.String(1000)),
    sa.Column("path", sa.String(1000)),
    sa.Column("headline", sa.String(500), nullable=False, server_default=""),
    sa.Column("published_at", sa.Date, index=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("format", sa.String(20), nullable=False, server_default="text"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("source_map", sa.Text),  # JSON: Document.source_map, so lines are the file's
    sa.Column("words", sa.Integer, nullable=False, server_default="0"),
    sa.Column("added_at", sa.DateTime, nullable=False),
    sa.Column("corrects", sa.Integer, index=True),  # the article this one corrects
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _article_id(index=True),
    sa.Column("claim_id", sa.String(100), nullable=False),  # the engine's id inside the article
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("unit", sa.String(20)),
    sa.Column("family", sa.String(50)),
    sa.Column("head", sa.String(KEY_LENGTH)),
    sa.Column("entity", sa.String(KEY_LENGTH), index=True),
    sa.Column("event", sa.String(KEY_LENGTH)),
    sa.Column("claim", sa.Text, nullable=False),
    sa.Column("superseded_by", sa.Integer),  # the correcting article
    sa.Index("ix_claims_unit_head", "unit", "head"),
    sa.Index("ix_claims_family", "family"),
)

keys = sa.Table(
    "keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(KEY_LENGTH), nullable=False, unique=True),
    sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
)

article_keys = sa.Table(
    "article_keys",
    metadata,
    sa.Column("key_id", sa.Integer, sa.ForeignKey("keys.id"), primary_key=True),
    _article_id(primary_key=True, index=True),
)

conflicts_read = sa.Table(
    "conflicts_read",
    metadata,
    _article_id(primary_key=True),
    sa.Column("settings", sa.String(64), nullable=False),  # digest of what decided the findings
)

kept_conflicts = sa.Table(
    "kept_conflicts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _article_id(index=True),
    sa.Column("finding", sa.Text, nullable=False),  # the engine's Finding JSON
)

ledger_state = sa.Table(
    "ledger_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("writes", sa.Integer, nullable=False, server_default="0"),
)
