"""stories.premiere_season

The later season or part a story's premiere date is of ("Season 2", "Part 2"): a season 2
premiere is another calendar event than the show's first premiere, which it must not move.
Null for a first season, and for rows stored before (their articles gave no season yet).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('stories', sa.Column('premiere_season', sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE stories DROP COLUMN premiere_season"))  # SQLite 3.35+ and PostgreSQL
