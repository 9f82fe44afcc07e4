"""digests.emailed_at, crawl_runs.host

digests.emailed_at: when the digest was sent by e-mail (null: not sent). The scheduler
sends a day's digest once: moved to a later time of the same day (CASTWIRE_DIGEST_TIME
changed, a restart), it finds the day's digest already sent.

crawl_runs.host: the machine a crawl ran on. A scheduler starting on one machine judges
only its own machine's runs left 'running' by their process id (null: from before).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('digests', sa.Column('emailed_at', storage.types.UTCDateTime(timezone=True), nullable=True))
    op.add_column('crawl_runs', sa.Column('host', sa.String(length=255), nullable=True))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE crawl_runs DROP COLUMN host"))  # SQLite 3.35+ and PostgreSQL
    op.execute(sa.text("ALTER TABLE digests DROP COLUMN emailed_at"))
