"""Running crawls: one ``python -m scrapers crawl <slug>`` (``scrapy crawl``) subprocess per source.

The calling process never imports Scrapy. At most ``max_crawls`` run at once;
a crawl that outlives its timeout gets SIGTERM, then SIGKILL (:func:`stop_grace` seconds
later), and its crawl run is recorded as ``timed_out``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import DEFAULT_DOWNLOAD_TIMEOUT, Settings
from pipeline.crawlruns import STOPPED, STOPPED_AT_START, STOPPED_BEFORE_THE_END, sitemap_too_old
from pipeline.entities import load_aliases_if_present
from pipeline.errors import ERROR_PREFIX, UserError, one_line, process_end
from pipeline.sources import Source
from storage.db import DatabaseError, in_memory_sqlite, transaction
from storage.models import CrawlRun
from storage.repository import end_unrecorded_run, utcnow

#: Seconds a crawl told to stop gets, beyond its download timeout, to store what it fetched.
STOP_MARGIN_SECONDS = 15.0


def stop_grace(crawl_settings: Sequence[str] = ()) -> float:
    """Seconds between a crawl's SIGTERM and its SIGKILL: a crawl told to stop lets the pages it
    is transferring finish, which takes up to its ``DOWNLOAD_TIMEOUT`` (the default, or one of
    ``crawl_settings``, ``NAME=VALUE``), and stores them. A shorter wait killed a slow site's
    crawl in the middle of a page."""
    timeout = float(DEFAULT_DOWNLOAD_TIMEOUT)
    for setting in crawl_settings:
        name, _, value = setting.partition("=")
        if name.strip() == "DOWNLOAD_TIMEOUT":
            with contextlib.suppress(ValueError):  # refused before any crawl starts (pipeline.cli_support)
                timeout = max(0.0, float(value))
    return timeout + STOP_MARGIN_SECONDS


@dataclass(frozen=True)
class CrawlOutcome:
    """How one source's crawl ended, with the counts of its crawl run."""

    slug: str
    status: str  # ok | partial | failed | timed_out
    returncode: int | None
    articles_new: int = 0
    articles_updated: int = 0
    urls_already_stored: int = 0
    pages_fetched: int = 0
    error: str | None = None
    log_file: str | None = None
    articles_unchanged: int = 0  # fetched again, nothing changed (a page met under another link too)
    sitemap_too_old: int = 0  # sitemap entries skipped as older than the source's max_sitemap_age_days


def crawl_command(slug: str, extra_settings: Sequence[str] = ()) -> list[str]:
    command = [sys.executable, "-m", "scrapers", "crawl", slug]  # scrapy crawl (see scrapers/__main__.py)
    for setting in extra_settings:
        command += ["-s", setting]
    return command


def run_crawl(
    settings: Settings,
    sessions: sessionmaker[Session],
    source: Source,
    *,
    log_dir: Path | None = None,
    extra_settings: Sequence[str] = (),
    timeout: float | None = None,
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
    stopping: Callable[[], bool] | None = None,
) -> CrawlOutcome:
    """Crawl one source in a subprocess and report its crawl run.

    ``on_start`` receives the child process as soon as it exists (the scheduler
    uses it to stop running crawls on shutdown). ``stopping`` says whether the caller was
    told to stop meanwhile (a Ctrl-C the crawl got too): a crawl that then ended before
    recording its end was stopped, not failing.
    """
    env = {**os.environ, **settings.child_env()}
    log_path = (log_dir / f"{source.slug}.log") if log_dir else None
    if log_path is not None:
        rotate_log(log_path)
    # without a log folder the log goes to a temporary file, kept for the reason a crawl failed
    log = open(log_path, "a+b") if log_path else tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    with log:
        start = log.seek(0, os.SEEK_END)
        started_at = utcnow()
        process = subprocess.Popen(
            crawl_command(source.slug, [*settings.crawl_settings(), *extra_settings]),
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
        )
        if on_start is not None:
            on_start(process)
        limit = timeout or settings.crawl_timeout
        timed_out = _wait(process, limit, stop_grace(extra_settings))
        last_line = _last_line(log, start)
    told_to_stop = bool(stopping and stopping())
    for wait in (*OUTCOME_RETRY_WAITS, None):
        try:
            return _outcome(sessions, source.slug, process, limit if timed_out else None,
                            str(log_path) if log_path else None, last_line, started_at, told_to_stop=told_to_stop)
        except (SQLAlchemyError, DatabaseError) as exc:  # the database is down: its run stays "running"
            if wait is None:
                return CrawlOutcome(source.slug, "failed", process.returncode, log_file=str(log_path) if log_path else None,
                                    error=f"the crawl {process_end(process.returncode)}, but its outcome could not "
                                          f"be read or recorded: the database is unreachable ({one_line(exc)})")
            time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


#: Seconds between the tries to read and record a crawl's outcome while the database is down.
OUTCOME_RETRY_WAITS = (1.0, 2.0, 4.0, 8.0)


#: A source's crawl log grows by a few kilobytes each run: past this size it is moved to
#: ``<slug>.log.1`` (replacing the one before) and a new one is started.
LOG_ROTATE_BYTES = 5 * 1024 * 1024


def rotate_log(path: Path, limit: int = LOG_ROTATE_BYTES) -> None:
    """Keep a crawl log and its one predecessor below about ``limit`` bytes each."""
    if path.is_file() and path.stat().st_size >= limit:
        path.replace(path.with_name(path.name + ".1"))


def check_crawl_settings(settings: Settings) -> None:
    """What crawls need, checked before any starts (a user error, not their tracebacks or a
    line in their logs): a database their subprocesses share, and a readable aliases file
    when there is one. :func:`run_crawls` and the scheduler's start check it; a file broken
    while the scheduler runs is logged by each crawl, which goes on without it."""
    check_shared_database(settings.database_url)
    load_aliases_if_present(settings.aliases_file)


def check_shared_database(url: str) -> None:
    """Crawls run in subprocesses: an in-memory SQLite database would be a new, empty one in
    each."""
    if in_memory_sqlite(url):
        raise UserError(f"crawls need a database their subprocesses share, not an in-memory one ({url}): "
                        "give a SQLite file (sqlite:///path/castwire.sqlite) or PostgreSQL")


def _last_line(log: IO[bytes], start: int) -> str | None:
    """The last non-empty line this crawl wrote to its log (an exception's message when it
    could not start), at most 300 characters."""
    log.seek(max(start, log.seek(0, os.SEEK_END) - 8192))
    lines = [line.strip() for line in log.read().decode("utf-8", "replace").splitlines()]
    return next((line[:300] for line in reversed(lines) if line), None)


def _wait(process: subprocess.Popen[bytes], timeout: float, grace: float) -> bool:
    try:
        process.wait(timeout=timeout)
        return False
    except subprocess.TimeoutExpired:
        stop_process(process, grace)
        return True


def stop_process(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM, wait ``grace`` seconds, then SIGKILL."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _outcome(
    sessions: sessionmaker[Session],
    slug: str,
    process: subprocess.Popen[bytes],
    timed_out_after: float | None,
    log_file: str | None,
    last_line: str | None = None,
    started_at: datetime | None = None,
    *,
    told_to_stop: bool = False,
) -> CrawlOutcome:
    """The crawl run the child recorded, finished by what the parent saw: ``timed_out_after``
    (seconds) when the parent stopped it, which its error says first (the child, stopped, only
    knew it was shut down)."""
    timed_out = timed_out_after is not None
    with transaction(sessions) as session:
        run = session.execute(
            select(CrawlRun).where(CrawlRun.source_slug == slug, CrawlRun.pid == process.pid)
            .order_by(CrawlRun.id.desc()).limit(1)
        ).scalar_one_or_none()
        if run is not None and (timed_out or run.status == "running"):
            if timed_out:
                status, error = "timed_out", f"timed out after {timed_out_after:g} s"
                if run.error and not run.error.startswith(("crawl ended early", STOPPED_BEFORE_THE_END)):
                    error += f"; before that: {run.error}"
            elif _stopped(process.returncode, last_line, told_to_stop):  # Ctrl-C while it set out
                status, error = "partial", STOPPED_BEFORE_THE_END
                if process.returncode == -signal.SIGKILL:  # the scheduler's shutdown, when it did not stop in time
                    error += f": crawl process {process_end(process.returncode)}"
            else:  # the process ended without recording its end: it was killed, or crashed
                status, error = "failed", f"crawl process {process_end(process.returncode)}"
                if run.error:
                    error += f"; before that: {run.error}"
            if run.status == "running":  # its counters were never written: what it stored counts
                end_unrecorded_run(session, run, status=status, error=error[:2000])
            else:
                session.execute(update(CrawlRun).where(CrawlRun.id == run.id).values(
                    status=status, error=error[:2000], finished_at=run.finished_at or utcnow()))
                session.refresh(run)
    if run is None:  # recorded, so status and the digest know the source was crawled and failed
        hint = f" (see {log_file})" if log_file else ""
        if timed_out:  # the limit came first: what stopped it is the time, not a failure to start
            status, error = "timed_out", f"timed out after {timed_out_after:g} s, before the crawl started{hint}"
        elif _stopped(process.returncode, last_line, told_to_stop):  # Ctrl-C while it was starting
            status, error = "partial", STOPPED_AT_START
        else:
            why = f": {last_line.removeprefix(ERROR_PREFIX)}" if last_line else ""  # the crawl's user error
            status, error = "failed", f"the crawl did not start{why}{hint}"
        with transaction(sessions) as session:
            session.add(CrawlRun(source_slug=slug, started_at=started_at or utcnow(), finished_at=utcnow(),
                                 status=status, pid=process.pid, host=socket.gethostname(), error=error[:2000]))
        return CrawlOutcome(slug, status, process.returncode, error=error, log_file=log_file)
    return CrawlOutcome(
        slug, run.status, process.returncode, run.articles_new, run.articles_updated,
        run.urls_already_stored, run.pages_fetched, run.error, log_file, run.articles_unchanged,
        sitemap_too_old(run.stats),
    )


#: How a process ends of SIGINT or SIGTERM: killed by it, or exiting with 128 + it
#: (``python -m scrapers`` stopped while it starts, Python after a KeyboardInterrupt).
_STOP_ENDS = frozenset({-signal.SIGINT, -signal.SIGTERM, 128 + signal.SIGINT, 128 + signal.SIGTERM})


def _stopped(returncode: int | None, last_line: str | None, told_to_stop: bool) -> bool:
    """A crawl process that ended without recording its end was stopped, not failing: it ended
    of SIGINT or SIGTERM, of a KeyboardInterrupt while it was still setting itself up (status 1),
    or, while its caller was told to stop, normally (Scrapy's shutdown before the spider ran) or
    of SIGKILL (a scheduler shutting down kills a crawl that did not stop in time: its site is
    not failing)."""
    return returncode in _STOP_ENDS or last_line == "KeyboardInterrupt" or \
        told_to_stop and returncode in (0, -signal.SIGKILL)


def run_crawls(
    settings: Settings,
    sessions: sessionmaker[Session],
    sources: Sequence[Source],
    *,
    log_dir: Path | None = None,
    extra_settings: Sequence[str] = (),
    on_done: Callable[[CrawlOutcome], None] | None = None,
    stop: threading.Event | None = None,
) -> list[CrawlOutcome]:
    """Crawl several sources, ``settings.max_crawls`` at a time; one failure never stops the
    rest. Once ``stop`` is set no other crawl starts (those running finish as they were
    told to), and a crawl stopped by Ctrl-C or SIGTERM sets it: only the sources crawled are
    returned."""
    check_crawl_settings(settings)
    outcomes: dict[str, CrawlOutcome] = {}

    def one(source: Source) -> None:
        if stop is not None and stop.is_set():
            return
        outcome = run_crawl(settings, sessions, source, log_dir=log_dir, extra_settings=extra_settings,
                            stopping=stop.is_set if stop is not None else None)
        if stop is not None and (outcome.error or "").startswith(STOPPED):
            # a Ctrl-C or SIGTERM stopped it: the batch's stop too, even before this process's own
            # handler has run (a crawl stopped as it started ends at once; the next one started)
            stop.set()
        outcomes[source.slug] = outcome
        if on_done:
            on_done(outcome)

    with ThreadPoolExecutor(max(1, settings.max_crawls), thread_name_prefix="castwire-crawl") as pool:
        list(pool.map(one, sources))
    return [outcomes[s.slug] for s in sources if s.slug in outcomes]
