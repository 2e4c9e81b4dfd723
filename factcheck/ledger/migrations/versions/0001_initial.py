"""The first ledger schema: articles, their claims, and the candidate keys.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("identity", sa.String(1000), nullable=False, unique=True),
        sa.Column("url", sa.String(1000)),
        sa.Column("path", sa.String(1000)),
        sa.Column("headline", sa.String(500), nullable=False, server_default=""),
        sa.Column("published_at", sa.Date),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("format", sa.String(20), nullable=False, server_default="text"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source_map", sa.Text),
        sa.Column("words", sa.Integer, nullable=False, server_default="0"),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("claim_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(20)),
        sa.Column("family", sa.String(50)),
        sa.Column("head", sa.String(200)),
        sa.Column("entity", sa.String(200)),
        sa.Column("event", sa.String(200)),
        sa.Column("claim", sa.Text, nullable=False),
    )
    op.create_index("ix_claims_article_id", "claims", ["article_id"])
    op.create_index("ix_claims_entity", "claims", ["entity"])
    op.create_index("ix_claims_unit_head", "claims", ["unit", "head"])
    op.create_index("ix_claims_family", "claims", ["family"])
    op.create_table(
        "keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "article_keys",
        sa.Column("key_id", sa.Integer, sa.ForeignKey("keys.id"), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_article_keys_article_id", "article_keys", ["article_id"])


def downgrade() -> None:
    op.drop_table("article_keys")
    op.drop_table("keys")
    op.drop_table("claims")
    op.drop_table("articles")
