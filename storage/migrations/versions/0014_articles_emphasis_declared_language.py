"""articles.emphasis, articles.declared_language

What ``castwire db reanalyse`` reads again of a page besides its text: the texts the page set in
italics (``<em>/<i>/<cite>``, which name shows) and the language the page declared. Null for rows
stored before (not known); an empty list when the page had no italics.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('articles', sa.Column('emphasis', sa.JSON(), nullable=True))
    op.add_column('articles', sa.Column('declared_language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    for column in ('declared_language', 'emphasis'):  # SQLite 3.35+ and PostgreSQL
        op.execute(sa.text(f"ALTER TABLE articles DROP COLUMN {column}"))
