"""Kept conflicts: what `ledger conflicts` found for each article, until a write changes it.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conflicts_read",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("settings", sa.String(64), nullable=False),
    )
    op.create_table(
        "kept_conflicts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("finding", sa.Text, nullable=False),
    )
    op.create_index("ix_kept_conflicts_article_id", "kept_conflicts", ["article_id"])
    op.create_table(
        "ledger_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("writes", sa.Integer, nullable=False, server_default="0"),
    )
    op.execute("INSERT INTO ledger_state (id, writes) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("ledger_state")
    op.drop_index("ix_kept_conflicts_article_id", table_name="kept_conflicts")
    op.drop_table("kept_conflicts")
    op.drop_table("conflicts_read")
