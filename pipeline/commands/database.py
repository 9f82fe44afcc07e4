"""castwire db …"""

from __future__ import annotations

import click

from pipeline.cli_support import Context, pass_context
from storage.db import current_revision, head_revision, known_revisions, upgrade


@click.group()
def db() -> None:
    """Database maintenance (the commands that crawl or run as a service also migrate)."""


@db.command("upgrade")
@pass_context
def db_upgrade(ctx: Context) -> None:
    """Apply pending schema migrations."""
    engine = ctx.engine(migrate=False)
    before = current_revision(engine)
    upgrade(engine)
    if before == head_revision():
        click.echo(f"database already at revision {before}, this castwire's: nothing to do")
    else:
        click.echo(f"database at revision {head_revision()} (was {before or 'empty'})")


@db.command("current")
@pass_context
def db_current(ctx: Context) -> None:
    """Show the schema revision of the database."""
    engine = ctx.engine(migrate=False, existing=True)
    revision = current_revision(engine)
    if revision is not None and revision not in known_revisions():
        click.echo(f"{revision} (newer than this castwire knows, {head_revision()}: upgrade castwire)")
    elif revision is not None and revision != head_revision():
        click.echo(f"{revision} (older than this castwire's, {head_revision()}: run castwire db upgrade)")
    else:
        click.echo(revision or "empty")
