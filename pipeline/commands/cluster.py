"""castwire worker, and the distributed parts of crawl and status (see pipeline.cluster)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from pipeline.cli_support import Context, pass_context, scrapy_settings_option
from pipeline.config import masked_url
from pipeline.errors import UserError

if TYPE_CHECKING:
    from pipeline.cluster import ClusterStatus
    from pipeline.sources import Source


@click.command()
@click.option("--concurrency", type=click.IntRange(1, 512), metavar="N",
              help="Requests in flight at once in this worker (Scrapy's CONCURRENT_REQUESTS, default 16).")
@scrapy_settings_option
@pass_context
def worker(ctx: Context, concurrency: int | None, scrapy_settings: tuple[str, ...]) -> None:
    """Crawl requests from the shared Redis queue until stopped (distributed mode)."""
    from pipeline.cluster import run_worker

    def ready() -> None:
        ctx.console.print(f"castwire worker: taking requests from {masked_url(ctx.settings.redis_url or '')} "
                          f"(prefix {ctx.settings.redis_prefix!r}); Ctrl-C to stop")

    sys.exit(run_worker(ctx.settings, concurrency=concurrency, extra_settings=scrapy_settings, on_ready=ready,
                        verbosity=ctx.verbosity))


def report_enqueued(ctx: Context, sources: Sequence[Source]) -> None:
    """``castwire crawl --distributed``: queue the sources and say so."""
    from pipeline.cluster import enqueue_sources

    queued = enqueue_sources(ctx.settings, sources, ctx.sessions)
    click.echo(f"queued {sum(queued.values())} feed/sitemap/listing request(s) of {len(queued)} "
               f"source(s) in Redis for the workers")


def cluster_section(ctx: Context) -> ClusterStatus | UserError | None:
    """The cluster's state for ``castwire status`` (None when not in distributed mode), or why
    it cannot be read (Redis down): the sources' health is worth showing all the same."""
    from pipeline.cluster import cluster_status

    if not ctx.settings.redis_url:
        return None
    try:
        return cluster_status(ctx.settings.redis_url, ctx.settings.redis_prefix)
    except UserError as unreadable:
        return unreadable


def print_cluster(console: Console, status: ClusterStatus) -> None:
    table = Table("worker", "alive", "in flight", "pages", "new articles", "since",
                  title=f"distributed crawl: {status.queue_depth} request(s) queued")
    for w in status.workers:
        table.add_row(w.worker, "[green]yes[/]" if w.alive else "[red]no (will be requeued)[/]",
                      str(w.in_flight), str(w.pages), str(w.articles_new), w.started_at or "—")
    if not status.workers:
        table.add_row("[dim]no workers[/]", "", "", "", "", "")
    console.print(table)
