"""articles.checked_at

When a crawl last fetched an article's page, changed or not. A feed entry's <updated> or a
sitemap's <lastmod> later than that makes the next crawl fetch the page again (an edit
after publication); a page fetched again unchanged moves it on, so it is not fetched
again until the site says it changed once more. Null for rows stored before: their
fetched_at stands for it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('articles', sa.Column('checked_at', storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE articles DROP COLUMN checked_at"))  # SQLite 3.35+ and PostgreSQL
