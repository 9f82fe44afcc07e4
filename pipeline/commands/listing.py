"""castwire stories / story / entities: thin wrappers over pipeline.stories.list_stories
and story_detail, pipeline.entity_store.list_entities and apply_aliases_file."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING

import click
from rich.markup import escape
from rich.table import Column, Table
from rich.text import Text

from pipeline.choices import ENTITY_KINDS
from pipeline.cli_support import Context, StdoutConsole, not_blank, parse_when, pass_context
from pipeline.errors import UserError

if TYPE_CHECKING:
    from pipeline.stories import StoryView


def _print(table: Table | Text) -> None:
    console = StdoutConsole()
    # piped: no colours, and wide enough that a row stays one line for grep
    (console if console.is_terminal else StdoutConsole(width=240)).print(table)


def _title(count: int, more: bool, one: str, many: str, order: str) -> str:
    """A listing's title: how many rows it shows, and whether more match (``--limit``)."""
    from pipeline.digest import plural

    if not more:
        return plural(count, one, many)
    return f"the {count} {order} {many if count != 1 else one} (more: raise --limit)"


def _more_note(ctx: Context, more: bool, limit: int, what: str) -> None:
    """On stderr, beside a JSON listing cut at ``limit``: that more match."""
    if more:
        ctx.console.print(f"{what}: only the first {limit} listed; more match (raise --limit to see them)")


def _json_value(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime | date) else str(value)


@click.command()
@click.option("--since", metavar="DATE|DATETIME", help="Only stories reported at or after (UTC unless it has an offset).")
@click.option("--show", metavar="TEXT", callback=not_blank,
              help="Only stories about a show whose name (any spelling or title its articles give) contains TEXT.")
@click.option("--person", metavar="NAME", callback=not_blank, help="Only stories with an article naming this person "
              "(any spelling or stored alias, or the name in Hangul or Japanese script).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True,
              help="At most this many (the newest).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (one array).")
@pass_context
def stories(ctx: Context, since: str | None, show: str | None, person: str | None, limit: int,
            as_json: bool) -> None:
    """List stories, newest first, with how many outlets reported each."""
    from pipeline.entities import load_aliases_if_present
    from pipeline.stories import list_stories
    from storage.db import transaction

    with transaction(ctx.sessions(existing=True)) as session:
        rows = list_stories(session, since=parse_when(since, "--since"), show=show, person=person, limit=limit + 1,
                            aliases=load_aliases_if_present(ctx.settings.aliases_file) if show or person else None)
    rows, more = rows[:limit], len(rows) > limit
    if as_json:
        click.echo(json.dumps([asdict(r) for r in rows], default=_json_value, ensure_ascii=False, indent=2))
        _more_note(ctx, more, limit, "stories")
        return
    table = Table("id", "last report (UTC)", "category", "outlets", "articles", "show", "title",
                  title=_title(len(rows), more, "story", "stories", "newest"))
    for r in rows:
        table.add_row(str(r.id), _when(r.last_published_at, r.last_published_date, r.last_published_precision),
                      r.category, str(r.source_count),
                      str(r.article_count), escape(r.show or "—"), escape(r.title))
    _print(table)


class StoryId(click.ParamType):
    """A story's id as `castwire stories` lists it."""

    name = "ID"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip()
        if text.isdigit() and 0 < int(text) < 2**63:
            return int(text)
        return self.fail(f"not a story id (the number `castwire stories` lists): {value!r}", param, ctx)


@click.command()
@click.argument("story_id", metavar="ID", type=StoryId())
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (one record).")
@pass_context
def story(ctx: Context, story_id: int, as_json: bool) -> None:
    """Show one story and its articles: when, which outlet, which copies."""
    from pipeline.digest import plural, premiere_text
    from pipeline.stories import story_detail
    from storage.db import transaction

    with transaction(ctx.sessions(existing=True)) as session:
        detail = story_detail(session, story_id)
    if detail is None:
        raise UserError(f"no story {story_id} in this database (castwire stories lists them)")
    if as_json:
        record = {**asdict(detail.story), "articles": [asdict(a) for a in detail.articles]}
        click.echo(json.dumps(record, default=_json_value, ensure_ascii=False, indent=2))
        return
    s = detail.story
    facts = Table.grid(padding=(0, 2))
    for name, value in (
        ("category", s.category), ("show", s.show), ("platforms", ", ".join(s.platforms)),
        ("people", ", ".join(s.people)), ("premiere", premiere_text(s)),
        ("reported", f"{_reported(s)} UTC, " + plural(s.source_count, "outlet")),
    ):
        facts.add_row(name, escape(value or "—"))
    table = Table("id", "published (UTC)", "outlet", "lang", "title", Column("url", overflow="fold"), "copy of",
                  title=plural(len(detail.articles), "article"))
    for a in detail.articles:
        table.add_row(str(a.id), _when(a.published_at, a.published_date, a.published_precision), a.source,
                      a.language or "—", escape(a.title or "—") + (" [dim](subscribers only)[/]" if a.paywalled else ""),
                      escape(a.url),
                      str(a.duplicate_of) if a.duplicate_of else "")
    _print(Text(f"Story {s.id}: {s.title}", style="bold"))
    _print(facts)
    _print(table)


def _when(time: datetime | None, day: date | None, precision: str | None, undated: str = "—") -> str:
    """A publication as the listings show it: the time in UTC, or the outlet's day alone when
    the source gave no time (not the time castwire placed it at in that day)."""
    if time is None:
        return undated
    return f"{day} (day)" if precision == "day" else f"{time:%Y-%m-%d %H:%M}"


def _reported(story: StoryView) -> str:
    """The story's first and last report, each as its article gives it (:func:`_when`)."""
    return (f"{_when(story.first_published_at, story.first_published_date, story.first_published_precision)} → "
            f"{_when(story.last_published_at, story.last_published_date, story.last_published_precision)}")


@click.command()
@click.option("--kind", type=click.Choice(ENTITY_KINDS), help="Only shows, people or platforms.")
@click.option("--search", metavar="TEXT", help="Only entities with a name or alias containing TEXT, or named by TEXT "
              "in any spelling or order (a person also in another script).")
@click.option("--apply-aliases", is_flag=True,
              help="First bring the stored entities in line with the aliases file ($CASTWIRE_ALIASES_FILE).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True,
              help="At most this many (the most named).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (one array).")
@pass_context
def entities(ctx: Context, kind: str | None, search: str | None, apply_aliases: bool, limit: int,
             as_json: bool) -> None:
    """List the shows, people and platforms found, with their other spellings and article counts."""
    from pipeline.entities import aliases_origin, load_aliases_if_present, read_aliases_toml
    from pipeline.entity_store import apply_aliases_file, list_entities
    from storage.db import transaction

    sessions = ctx.sessions(existing=True)
    if apply_aliases:
        path = ctx.settings.aliases_file
        if path is None or not path.is_file():
            raise UserError(f"no aliases file at {path} (set CASTWIRE_ALIASES_FILE)")
        data = read_aliases_toml(path)
        with transaction(sessions) as session:
            applied = apply_aliases_file(session, data, aliases_origin(path))
        ctx.console.print(str(applied))  # on stderr: the list that follows, or its JSON, stays as it was
    with transaction(sessions) as session:
        rows = list_entities(session, kind=kind, search=search, limit=limit + 1,
                             aliases=load_aliases_if_present(ctx.settings.aliases_file) if search else None)
    rows, more = rows[:limit], len(rows) > limit
    if as_json:
        click.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        _more_note(ctx, more, limit, "entities")
        return
    table = Table("kind", "name", "articles", "other spellings",
                  title=_title(len(rows), more, "entity", "entities", "most named"))
    for r in rows:
        table.add_row(r.kind, escape(r.name), str(r.article_count), escape(", ".join(r.aliases)))
    _print(table)
