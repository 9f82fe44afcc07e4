"""digests.chained

Whether a digest is one of the daily chain (the default window, ``--since last``, the
scheduler's): the next digest of the chain reads on from where the chain's last one
stopped, and takes the late arrivals since it was made. An explicit ``--date`` or
``--since`` window is made aside of the chain (false) and no longer moves it on, which
left the articles arriving meanwhile out of every digest. Digests stored before count as
chained, as they did.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('digests', sa.Column('chained', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE digests DROP COLUMN chained"))  # SQLite 3.35+ and PostgreSQL
