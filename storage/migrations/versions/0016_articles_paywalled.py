"""articles.paywalled

Whether the page showed only the start of the article, the rest for subscribers (a paywall), so
that the body stored is that start alone. Null for rows stored before (not known).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('articles', sa.Column('paywalled', sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE articles DROP COLUMN paywalled"))  # SQLite 3.35+ and PostgreSQL
