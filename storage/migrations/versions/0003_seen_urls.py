"""seen_urls: other URLs of stored articles and pages not stored, which crawls skip

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('seen_urls',
    sa.Column('url_key', sa.String(length=2000), nullable=False),
    sa.Column('article_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('dropped', sa.String(length=40), nullable=True),
    sa.Column('seen_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_seen_urls_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('url_key', name=op.f('pk_seen_urls'))
    )
    with op.batch_alter_table('seen_urls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_urls_article_id'), ['article_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('seen_urls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_urls_article_id'))
    op.drop_table('seen_urls')
