"""digest_articles and digests.recorded

The articles each digest of the daily chain showed as its own news (of its window, or late
arrivals). Whether a later digest of the chain shows an article again was decided by the
article's fetch time against when the digests were made, which left out an article fetched
before a digest was made but committed after it (a crawl running while the digest was made),
and a digest of another time zone's day showed again what the chain had shown. Digests
stored before have no articles recorded (``recorded`` false): the chain's memory starts with
the first digest made after this migration.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


# Plain ALTER TABLE on both backends (see 0005: no batch-mode table copy on SQLite).
def upgrade() -> None:
    op.add_column('digests', sa.Column('recorded', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('digest_articles',
    sa.Column('digest_id', BIG_ID, nullable=False),
    sa.Column('article_id', BIG_ID, nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_digest_articles_article_id_articles'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['digest_id'], ['digests.id'], name=op.f('fk_digest_articles_digest_id_digests'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('digest_id', 'article_id', name=op.f('pk_digest_articles'))
    )
    op.create_index(op.f('ix_digest_articles_article_id'), 'digest_articles', ['article_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_digest_articles_article_id'), table_name='digest_articles')
    op.drop_table('digest_articles')
    op.execute(sa.text("ALTER TABLE digests DROP COLUMN recorded"))  # SQLite 3.35+ and PostgreSQL
