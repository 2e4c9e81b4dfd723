"""Corrections: an article may correct an earlier one, whose contradicted claims it supersedes.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain integer columns (no foreign key): SQLite adds them in place, without copying the
    # table; the code keeps them consistent when an article is removed.
    op.add_column("articles", sa.Column("corrects", sa.Integer))
    op.create_index("ix_articles_corrects", "articles", ["corrects"])
    op.add_column("claims", sa.Column("superseded_by", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("superseded_by")
    op.drop_index("ix_articles_corrects", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("corrects")
