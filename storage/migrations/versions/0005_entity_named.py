"""entities.named: whether the entity's name was given (aliases file, final title)

An entity's shown name is the spelling most of its articles use, unless it was given
one (by the user's aliases file, or as a show's final title); this column says which.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends: on SQLite, Alembic's batch mode would copy the table
# and drop the old one, and with foreign keys on that drop deletes every article_entities row.
def upgrade() -> None:
    op.add_column('entities', sa.Column('named', sa.Boolean(), server_default=sa.false(), nullable=False))
    # A stored name that no article writes was given (the aliases file, a final title): keep it.
    op.execute(sa.text(
        "UPDATE entities SET named = true WHERE NOT EXISTS (SELECT 1 FROM article_entities "
        "WHERE article_entities.entity_id = entities.id AND article_entities.text = entities.name)"
    ))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE entities DROP COLUMN named"))  # SQLite 3.35+ and PostgreSQL
