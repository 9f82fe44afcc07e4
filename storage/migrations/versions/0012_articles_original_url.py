"""articles.original_url

The page of another site an article names as its original: a portal's or aggregator's copy
links back to the outlet ("기사원문", "原文", "Original article", a cross-site rel=canonical,
``<link rel="original-source">``). Of two copies of one text, the one linking to the other
is the copy, whichever was published or crawled first. Null for rows stored before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('articles', sa.Column('original_url', sa.Text(), nullable=True))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE articles DROP COLUMN original_url"))  # SQLite 3.35+ and PostgreSQL
