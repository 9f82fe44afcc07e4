"""castwire db …"""

from __future__ import annotations

import click

from pipeline.cli_support import Context, pass_context
from storage.db import current_revision, head_revision, upgrade


@click.group()
def db() -> None:
    """Database maintenance (migrations are also applied automatically on first use)."""


@db.command("upgrade")
@pass_context
def db_upgrade(ctx: Context) -> None:
    """Apply pending schema migrations."""
    engine = ctx.engine(migrate=False)
    before = current_revision(engine)
    upgrade(engine)
    click.echo(f"database at revision {head_revision()} (was {before or 'empty'})")


@db.command("current")
@pass_context
def db_current(ctx: Context) -> None:
    """Show the schema revision of the database."""
    engine = ctx.engine(migrate=False, existing=True)
    click.echo(current_revision(engine) or "empty")
