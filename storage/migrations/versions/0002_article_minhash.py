"""articles.minhash: the stored MinHash signature of the body

Near-duplicate candidates are verified against their stored signature instead of
re-hashing their bodies. Articles stored before this revision have none; dedup
computes theirs from the body when it meets them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('articles', sa.Column('minhash', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('articles') as batch_op:
        batch_op.drop_column('minhash')
