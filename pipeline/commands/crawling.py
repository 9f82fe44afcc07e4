"""castwire crawl / demo."""

from __future__ import annotations

import shlex
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape

from pipeline.cli_support import Context, make_folder, pass_context, scrapy_settings_option
from pipeline.errors import UserError

if TYPE_CHECKING:
    from pipeline.crawl import CrawlOutcome
    from pipeline.progress import Tracker


def _reporter(tracker: Tracker, console: Console, total: int) -> Callable[[CrawlOutcome], None]:
    """One line per finished source: above the progress bar in a terminal, plainly otherwise."""
    done: list[CrawlOutcome] = []

    def report(outcome: CrawlOutcome) -> None:
        done.append(outcome)
        line = f"[{len(done)}/{total}] {outcome_line(outcome)}"
        if tracker.live:
            tracker.note(line)
            tracker.advance()
        elif console.quiet and outcome.status in ("failed", "timed_out"):  # -q: errors only, but those
            click.echo(f"{outcome.slug}: {outcome.status}" + (f" — {outcome.error}" if outcome.error else ""), err=True)
        else:
            console.print(line, highlight=False)

    return report


def outcome_line(outcome: CrawlOutcome) -> str:
    """A source's crawl, as ``crawl`` prints it (rich markup): its status, its counts, and why
    it failed; a crawl that met no article link but skipped sitemap entries as too old says so,
    with how to read them (a new source's first crawl of an older sitemap would otherwise just
    say "0 new")."""
    detail = (f"{outcome.articles_new} new, {outcome.articles_updated} updated, "
              f"{outcome.articles_unchanged} unchanged, {outcome.urls_already_stored} already seen, "
              f"{outcome.pages_fetched} pages")
    colour = {"ok": "green", "partial": "yellow"}.get(outcome.status, "red")
    line = (f"{outcome.slug}: [{colour}]{outcome.status}[/] ({detail})"
            + (f" — {escape(outcome.error)}" if outcome.error and outcome.status != "ok" else ""))
    met = outcome.articles_new + outcome.articles_updated + outcome.articles_unchanged + outcome.urls_already_stored
    if outcome.sitemap_too_old and not met:
        from pipeline.crawlruns import sitemap_too_old_note

        line += f" — {escape(sitemap_too_old_note(outcome.slug, outcome.sitemap_too_old))}"
    return line


@click.command()
@click.argument("slugs", nargs=-1)
@click.option("--log-dir", type=click.Path(file_okay=False, path_type=Path), help="Keep each crawl's Scrapy log here.")
@click.option("--distributed", is_flag=True,
              help="Queue the sources' feeds/sitemaps/listings in Redis for `castwire worker`s instead.")
@scrapy_settings_option
@pass_context
def crawl(ctx: Context, slugs: tuple[str, ...], log_dir: Path | None, distributed: bool,
          scrapy_settings: tuple[str, ...]) -> None:
    """Crawl the given sources (default: all), each in its own subprocess."""
    from pipeline.crawl import run_crawls
    from pipeline.progress import track

    chosen = ctx.catalogue().select(slugs)
    if distributed:
        if scrapy_settings:
            raise UserError("--set applies to crawls run here; with --distributed, give it to `castwire worker`")
        from pipeline.commands.cluster import report_enqueued

        report_enqueued(ctx, chosen)
        return
    sessions = ctx.sessions()
    if log_dir:
        make_folder(log_dir)
    stop = threading.Event()
    with track(ctx.console, f"crawling {len(chosen)} source(s), {ctx.settings.max_crawls} at a time",
               total=len(chosen)) as tracker, _stopped_by_signal(stop, ctx.console) as received:
        outcomes = run_crawls(ctx.settings, sessions, chosen, log_dir=log_dir, extra_settings=scrapy_settings,
                              on_done=_reporter(tracker, ctx.console, len(chosen)), stop=stop)
    new = sum(o.articles_new for o in outcomes)
    seen = sum(o.urls_already_stored for o in outcomes)
    failed = sum(o.status in ("failed", "timed_out") for o in outcomes)
    skipped = f", {len(chosen) - len(outcomes)} not crawled (stopped)" if len(outcomes) < len(chosen) else ""
    updated = sum(o.articles_updated for o in outcomes)
    unchanged = sum(o.articles_unchanged for o in outcomes)
    click.echo(f"{new} new articles, {updated} updated, {unchanged} unchanged, {seen} already seen, "
               f"{failed} failed source(s){skipped}")
    if received:  # as a program the signal stopped: 130 for Ctrl-C, 143 for SIGTERM
        raise click.exceptions.Exit(128 + received[0])
    if failed:  # the others were crawled and stored; cron and scripts see that something failed
        raise click.exceptions.Exit(1)


@contextmanager
def _stopped_by_signal(stop: threading.Event, console: Console) -> Iterator[list[int]]:
    """While crawling, Ctrl-C (SIGINT) or SIGTERM sets ``stop`` and says what happens: the
    crawls, which got the same signal (a terminal's Ctrl-C and a service manager's SIGTERM
    reach the whole process group), finish the pages they are fetching and store them; no
    other starts. A SIGTERM sent to castwire alone (``kill PID``) does not reach them: they
    run to their end, and which of the two it was cannot be told here. A second Ctrl-C reaches the crawls too and stops them at once. Yields the
    signals received, first first."""
    received: list[int] = []

    def stopping(signum: int, _frame: object) -> None:
        received.append(signum)
        if not stop.is_set():
            stop.set()
            if signum == signal.SIGINT:
                running = "the running crawls finish the pages they are fetching (Ctrl-C again stops them at once)"
            else:  # sent to castwire alone, it does not reach the crawls, which then run to their end
                running = ("the running crawls finish the pages they are fetching if the SIGTERM reached them too "
                           "(sent to the process group), else they run to their end")
            console.print(f"stopping: {running}; no other source is started", highlight=False)

    previous = {signum: signal.signal(signum, stopping) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@click.command()
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the demo database, catalogue and logs here (default: a temporary folder).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html"]), default="text", show_default=True,
              help="The digest's format.")
@pass_context
def demo(ctx: Context, directory: Path | None, fmt: str) -> None:
    """Serve the bundled sample news sites offline, crawl them and print the digest."""
    from pipeline.demo import run_demo
    from pipeline.progress import track

    if directory is not None:
        make_folder(directory, "--dir")
    with tempfile.TemporaryDirectory(prefix="castwire-demo-") as scratch:
        target = directory or Path(scratch)
        with track(ctx.console, f"castwire demo: crawling the sample web into {target}", total=4) as tracker:
            result = run_demo(target, fmt=fmt, on_crawl_done=_reporter(tracker, ctx.console, 4))
        click.echo(result.digest)
        ctx.console.print(_explore_hint(result.database if directory else None),
                          markup=False, highlight=False, soft_wrap=True)


def _explore_hint(kept: Path | None) -> str:
    """How to look further at what the demo stored (on stderr, as the progress: the digest
    alone goes to stdout)."""
    if kept is None:
        return ("The demo database was temporary: castwire demo --dir DIR keeps it, with the crawl logs, "
                "for castwire stories, story, entities, export and status.")
    kept = kept.resolve()
    database = shlex.quote(f"sqlite:///{kept}")
    catalogue = shlex.quote(str(kept.parent / "sources.toml"))
    return (f"The demo database, catalogue and crawl logs are kept in {kept.parent}. Explore them with\n"
            f"  castwire --db {database} --sources {catalogue} stories\n"
            "and with story ID, entities, export or status in place of stories.")
