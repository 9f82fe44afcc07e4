"""articles.updated_at indexed

``export --changed-since`` reads the articles stored or changed since a time by their
``updated_at``, which every change of an article row sets: a new version, a move to another
story when two stories merge, a new original when an earlier copy of it arrives.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_articles_updated_at', 'articles', ['updated_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_articles_updated_at', table_name='articles')
