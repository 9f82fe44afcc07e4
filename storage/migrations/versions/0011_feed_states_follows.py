"""feed_states.follows

A fingerprint, stored with each feed's, sitemap's and listing page's ETag/Last-Modified, of
the settings that decided what the crawl followed from that answer (the sitemap age limit or
CASTWIRE_IGNORE_SITEMAP_AGE, the listing's page limit and selectors, the source's filters).
A crawl whose settings give another fingerprint does not send the validators: raising
max_sitemap_age_days or max_pages used to get a 304 for an unchanged sitemap or listing, and
what the wider limit reaches was never fetched. Null for rows stored before: their next read
is whole.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('feed_states', sa.Column('follows', sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE feed_states DROP COLUMN follows"))  # SQLite 3.35+ and PostgreSQL
