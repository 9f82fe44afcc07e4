"""castwire extract / sources / status."""

from __future__ import annotations

import gzip
import json
import tomllib
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from pipeline.cli_support import Context, StdoutConsole, pass_context
from pipeline.commands.cluster import cluster_section, print_cluster
from pipeline.errors import UserError

if TYPE_CHECKING:
    from pipeline.records import ExtractedArticle
    from pipeline.sources import Source

FIELDS = ("title", "canonical_url", "published_at", "published_raw", "modified_at", "modified_raw",
          "authors", "language", "site_name", "image_url", "tags", "summary", "page_type", "paywalled", "body")


@click.command()
@click.argument("target", metavar="FILE_OR_URL")
@click.option("--url", metavar="URL", help="The page's URL when FILE_OR_URL is a file (for relative links and site rules).")
@click.option("--source", "slug", metavar="SLUG", help="Apply this catalogue source's rules and timezone.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def extract(ctx: Context, target: str, url: str | None, slug: str | None, as_json: bool) -> None:
    """Show what the extractor sees in a page, field by field, with the layer that produced it."""
    from w3lib.encoding import http_content_type_encoding

    from pipeline.extract import extract_article
    from pipeline.fetch import fetch
    from pipeline.normalise import normalise_body

    charset = None

    if target.startswith(("http://", "https://")):
        fetched = fetch(target, user_agent=ctx.settings.checked("CASTWIRE_USER_AGENT").user_agent)
        kind = (fetched.content_type or "").split(";", 1)[0].strip().lower()
        if kind and "html" not in kind and kind not in ("text/plain", "application/octet-stream"):
            raise UserError(f"{target} is not an HTML page but {kind} (extract reads article pages)")
        page_url = url or fetched.url
        html = fetched.body  # decoded as a crawl decodes it: the server's charset first when it fits
        charset = http_content_type_encoding(fetched.content_type or "")
    else:
        try:
            html = Path(target).read_bytes()
            if html.startswith(b"\x1f\x8b"):  # a saved page.html.gz
                html = gzip.decompress(html)
        except (OSError, EOFError) as exc:
            raise UserError(f"cannot read {target}: {getattr(exc, 'strerror', None) or exc}") from None
        page_url = url or Path(target).resolve().as_uri()
    source = ctx.catalogue().get(slug) if slug else None
    now = datetime.now(UTC)
    article = extract_article(html, page_url, source=slug, timezone=source.timezone if source else None,
                              fetched_at=now, charset=charset, selectors=source.selectors if source else None)
    understood = _understanding(ctx, source, article, now)
    # the body as it is stored: boilerplate lines (share prompts, teasers) dropped
    article = replace(article, body=normalise_body(article.body))
    if as_json:
        click.echo(json.dumps({**asdict(article), "understood": understood}, default=_json_value,
                              ensure_ascii=False, indent=2))
        return
    console = StdoutConsole()
    _print_extraction(console, article)
    _print_understanding(console, understood)


def _understanding(ctx: Context, source: Source | None, article: ExtractedArticle, now: datetime) -> dict[str, Any]:
    """What a crawl would store of the page beside its fields: category, premiere date, shows,
    people (with their role) and platforms, read as the source's (or the page's own) language."""
    from pipeline.digest import premiere_words
    from pipeline.entities import load_aliases_if_present
    from pipeline.ingest import analyse_article
    from pipeline.sources import Source

    aliases = load_aliases_if_present(ctx.settings.aliases_file)
    reader = source or Source(slug="page", name=article.site_name or "page", homepage=article.url,
                              language=article.language or "en", timezone="UTC")
    analysed = analyse_article(reader, article, fetched_at=now, aliases=aliases)
    values, found = analysed.values, analysed.entities
    premiere = values["premiere_date"]
    keys = values["event_keys"]
    # the shows it is about, and apart those it names only in passing (someone's other or past work)
    named = list(dict.fromkeys(keys["shows"].values()))
    subject = {keys["shows"][key] for key in keys["subject"] if key in keys["shows"]}
    own = [name for name in named if name in subject] or named
    return {
        "category": values["category"], "category_confidence": values["category_confidence"],
        "category_cues": values["category_cues"],
        "premiere": premiere_words(premiere, values["premiere_precision"]),
        "shows": own,
        "shows_in_passing": [name for name in named if name not in own],
        "people": [f"{m.name} ({m.role})" for m in found.people],
        # as a crawl stores them: the platforms of the article's shows, and apart those only named
        # in passing (a past show's network), which exports and stories leave out
        "platforms": list(dict.fromkeys(keys["platforms"].values())),
        "platforms_in_passing": list(dict.fromkeys(keys["passing_platforms"].values())),
    }


def _print_understanding(console: Console, understood: dict[str, Any]) -> None:
    table = Table("what castwire reads in it", "value", expand=True)
    for name, value in understood.items():
        text = ", ".join(value) if isinstance(value, list) else "" if value is None else str(value)
        table.add_row(name.replace("_", " "), escape(text) or "[dim]—[/]")
    console.print(table)


def _json_value(value: object) -> str:
    """Times in ISO 8601, as every other output gives them."""
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _print_extraction(console: Console, article: ExtractedArticle) -> None:
    table = Table("field", "value", "layer", show_lines=False, expand=True)
    for field in FIELDS:
        value = getattr(article, field)
        if isinstance(value, tuple):
            value = ", ".join(value)
        if isinstance(value, bool):
            value = "yes: the page shows only the start, the rest is for subscribers" if value else "no"
        text = "" if value is None else str(value)
        if field == "body" and len(text) > 600:
            text = text[:600] + f"… ({len(article.body)} characters)"
        layer = article.provenance.get(field, "")
        table.add_row(field, text or "[dim]—[/]", layer)
    console.print(table)


@click.group()
def sources() -> None:
    """The sources catalogue."""


@sources.command("list")
@pass_context
def sources_list(ctx: Context) -> None:
    """List the catalogue's sources."""
    from pipeline.sources import format_duration

    catalogue = ctx.catalogue()
    # the slug whole, whatever the width: it is what the other commands take
    table = Table(Column("slug", no_wrap=True, min_width=max(map(len, catalogue.sources), default=4)), "name", "lang",
                  "every", "feeds", "sitemaps", "listing", "enabled", title=catalogue.path)
    for source in catalogue.sources.values():
        table.add_row(source.slug, source.name, source.language, format_duration(source.interval),
                      str(len(source.feeds)), str(len(source.sitemaps)), "yes" if source.listing else "",
                      "yes" if source.enabled else "[dim]no (not crawled)[/]")
    StdoutConsole().print(table)


@sources.command("check")
@pass_context
def sources_check(ctx: Context) -> None:
    """Validate the catalogue file (errors name the file, source and field)."""
    catalogue = ctx.catalogue()
    count = len(catalogue.sources)
    click.echo(f"{catalogue.path}: {count} source{'' if count == 1 else 's'}, all valid")


@sources.command("discover")
@click.argument("homepage")
@click.option("--slug", help="Slug for the new entry (default: from the host name).")
@pass_context
def sources_discover(ctx: Context, homepage: str, slug: str | None) -> None:
    """Find a site's feeds and sitemaps and print a ready catalogue entry."""
    from pipeline.fetch import PoliteFetcher
    from pipeline.onboarding import discover_source_entry

    polite = PoliteFetcher(user_agent=ctx.settings.checked("CASTWIRE_USER_AGENT").user_agent,
                           announce=lambda line: ctx.console.print(line, markup=False, highlight=False))
    entry = discover_source_entry(homepage, slug=slug, fetch=polite)
    click.echo(entry)
    chosen = next(iter(tomllib.loads(entry)))
    try:
        catalogue = ctx.catalogue()
    except UserError:  # a broken catalogue is for `sources check` to report
        return
    if chosen in catalogue.sources:
        ctx.console.print(f"note: {catalogue.path} already has a source [{chosen}]: pasted beside it, the entry "
                          "makes the file invalid; give another --slug, or compare the two", markup=False)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def status(ctx: Context, as_json: bool) -> None:
    """Per-source health: last run, last success, new articles, share of runs failed, verdict.

    Verdicts: ok, warning (the last run failed), stale (no new article for longer than the
    source's usual gap), degraded (a field such as the date suddenly missing), failing (the
    last runs failed), never (not crawled yet).
    """
    from pipeline.cluster import ClusterStatus
    from pipeline.health import source_health
    from storage.db import transaction
    from storage.repository import source_slug_names

    catalogue = ctx.catalogue()
    now = datetime.now(UTC)
    listed = [s.slug for s in catalogue.select(())]
    with transaction(ctx.sessions(existing=True)) as session:
        # sources stored from another catalogue (a --sources left out): shown, not hidden
        others = sorted(set(source_slug_names(session)) - set(listed))
        rows = source_health(session, [*listed, *others], now=now)
    elsewhere = f"not in the catalogue {catalogue.path} (crawled with another --sources?)"
    rows = [replace(r, reason="; ".join(filter(None, (elsewhere, r.reason)))) if r.source in others else r
            for r in rows]
    cluster = cluster_section(ctx)  # distributed mode: workers and queue depth
    if as_json:
        document = {"generated_at": now.isoformat(), "sources": [asdict(r) for r in rows]}
        if isinstance(cluster, ClusterStatus):
            document["cluster"] = asdict(cluster)
        click.echo(json.dumps(document, default=_json_value, indent=2))
        if isinstance(cluster, UserError):
            raise cluster  # after the sources' health: one line, status 1
        return
    table = Table("source", "last run", "last success", "new 24h", "new 7d", "runs failed", "health", "why",
                  title=f"castwire sources at {now:%Y-%m-%d %H:%M} UTC")
    colours = {"ok": "green", "warning": "yellow", "stale": "yellow", "degraded": "yellow", "failing": "red", "never": "dim"}
    for r in rows:
        last_run = _when(r.last_run) + (" (running)" if r.last_status == "running" else "")
        table.add_row(r.source, last_run, _when(r.last_success), str(r.new_24h), str(r.new_7d),
                      f"{r.error_rate:.0%}", f"[{colours.get(r.verdict, 'white')}]{r.verdict}[/]",
                      escape(r.reason))
    console = StdoutConsole()
    # piped: no colours, and wide enough that a row stays one line for grep
    (console if console.is_terminal else StdoutConsole(width=200)).print(table)
    if isinstance(cluster, UserError):
        raise cluster  # after the sources' health: one line, status 1
    if cluster is not None:
        print_cluster(StdoutConsole(), cluster)


def _json_value(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"
