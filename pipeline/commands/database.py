"""castwire db …"""

from __future__ import annotations

import click

from pipeline.cli_support import Context, parse_when, pass_context


@click.group()
def db() -> None:
    """Database maintenance (the commands that crawl or run as a service also migrate)."""


@db.command("upgrade")
@pass_context
def db_upgrade(ctx: Context) -> None:
    """Apply pending schema migrations."""
    from storage.db import current_revision, head_revision, upgrade

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
    from storage.db import current_revision, head_revision, known_revisions

    engine = ctx.engine(migrate=False, existing=True)
    revision = current_revision(engine)
    if revision is not None and revision not in known_revisions():
        click.echo(f"{revision} (newer than this castwire knows, {head_revision()}: upgrade castwire)")
    elif revision is not None and revision != head_revision():
        click.echo(f"{revision} (older than this castwire's, {head_revision()}: run castwire db upgrade)")
    else:
        click.echo(revision or "empty: no castwire schema yet (castwire db upgrade creates it, as castwire crawl does)")


@db.command("reanalyse")
@click.option("--since", metavar="DATE", help="Only articles published (else fetched) at DATE or later.")
@pass_context
def db_reanalyse(ctx: Context, since: str | None) -> None:
    """Analyse the stored articles again with this castwire: categories, shows, people,
    platforms, fingerprints and stories, as a crawl of the same pages now would find them."""
    from pipeline.entities import load_aliases_if_present
    from pipeline.progress import track
    from pipeline.reanalyse import reanalyse
    from storage.db import session_factory

    start = parse_when(since, "--since")
    sessions = session_factory(ctx.engine(existing=True))  # it stores: migrated as crawl migrates
    aliases = load_aliases_if_present(ctx.settings.aliases_file)
    with track(ctx.console, "re-analysing stored articles") as tracker:
        summary = reanalyse(sessions, since=start, aliases=aliases, on_article=lambda _done, _total: tracker.advance())
    skipped = f", {summary.skipped} updated or moved by a crawl meanwhile (left as it stored them)" if summary.skipped else ""
    click.echo(f"{summary.articles} articles re-analysed, {summary.changed} changed{skipped}; "
               f"{summary.stories_opened} stories opened, {summary.stories_removed} merged or emptied")
