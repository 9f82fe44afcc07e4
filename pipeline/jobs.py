"""What the scheduler runs: crawl one source, send the daily digest, housekeeping.

Each job is a plain function whose first argument is a :class:`JobRuntime`
(the process's settings, database and crawl supervisor), followed by the
arguments stored with the job (a slug for crawls). The job store holds the
placeholder :data:`RUNTIME` in the runtime's place and the scheduler's executor
substitutes this process's runtime (:mod:`pipeline.scheduler`), so the
persistent store only ever holds a function reference and a slug. Importing this module has no
side effects; every job can also be called directly (tests, ``--once``).
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from pipeline.crawl import CrawlOutcome, run_crawl, stop_process
from pipeline.digest import Mailer, in_chain, mail_digest, previous_day_window, publish
from pipeline.errors import TemporaryMailError, UserError
from pipeline.sources import Source, format_duration
from pipeline.watch import Watchlist, load_watchlist
from storage.db import transaction
from storage.repository import digest_was_emailed, prune_crawl_runs

logger = logging.getLogger(__name__)

# Job references stored in the job store (module:function).
CRAWL_JOB = "pipeline.jobs:crawl_source"
DIGEST_JOB = "pipeline.jobs:send_digest"
HOUSEKEEPING_JOB = "pipeline.jobs:housekeeping"
# Stands for the JobRuntime as the first stored argument of every job (APScheduler
# checks stored arguments against the signature); the executor substitutes it.
RUNTIME = "@runtime"


class CrawlRunner(Protocol):
    """:func:`pipeline.crawl.run_crawl`'s signature (tests and benchmarks pass stand-ins)."""

    def __call__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        source: Source,
        *,
        log_dir: Path | None = ...,
        extra_settings: Sequence[str] = ...,
        on_start: Callable[[subprocess.Popen[bytes]], None] | None = ...,
        stopping: Callable[[], bool] | None = ...,
    ) -> CrawlOutcome: ...



def smtp_mailer(settings: Settings) -> Mailer | None:
    """Sends over SMTP when ``CASTWIRE_SMTP_HOST`` is set (checked now: a wrong setting
    is a user error when the scheduler starts, not at 07:00); else None."""
    if not settings.smtp_host:
        return None
    from pipeline.mailer import SmtpConfig, send_digest_email

    config = SmtpConfig.from_settings(settings)

    def send(subject: str, text: str, html: str) -> None:
        send_digest_email(config, subject, text, html)

    return send


class CrawlSupervisor:
    """Knows which crawls are running, so a shutdown can wait for them or stop them."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self._changed = threading.Condition()
        self._active: dict[int, subprocess.Popen[bytes] | None] = {}
        self._next = 0

    @contextmanager
    def slot(self) -> Iterator[Callable[[subprocess.Popen[bytes]], None]]:
        """Counts one running crawl; yields the ``on_start`` callback that registers its process."""
        with self._changed:
            key = self._next
            self._next += 1
            self._active[key] = None

        def attach(process: subprocess.Popen[bytes]) -> None:
            with self._changed:
                self._active[key] = process

        try:
            yield attach
        finally:
            with self._changed:
                del self._active[key]
                self._changed.notify_all()

    @property
    def active(self) -> int:
        with self._changed:
            return len(self._active)

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for running crawls to end; True if none is left."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._active, timeout=timeout)

    def terminate_all(self, grace: float) -> int:
        """SIGTERM every running crawl process, SIGKILL those still running ``grace`` seconds
        later; returns how many were stopped."""
        with self._changed:
            processes = [p for p in self._active.values() if p is not None and p.poll() is None]
        threads = [threading.Thread(target=stop_process, args=(p, grace), name=f"castwire-stop-{p.pid}")
                   for p in processes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return len(processes)


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class JobRuntime:
    """Everything a job needs, built once per scheduler process."""

    settings: Settings
    sessions: sessionmaker[Session]
    sources: Mapping[str, Source]
    supervisor: CrawlSupervisor = field(default_factory=CrawlSupervisor)
    crawl: CrawlRunner = run_crawl
    clock: Callable[[], datetime] = _utcnow
    mailer: Mailer | None = None
    log_dir: Path | None = None
    extra_crawl_settings: tuple[str, ...] = ()
    #: seconds before each new try of a digest e-mail that failed for a reason that may pass
    mail_retry_delays: tuple[float, ...] = (60.0, 300.0, 900.0, 1800.0)


def crawl_source(runtime: JobRuntime, slug: str) -> CrawlOutcome | None:
    """Crawl one catalogue source in its subprocess (skipped while shutting down). A crawl the
    scheduler's shutdown stops is recorded stopped, not failed: it says nothing of the site."""
    if runtime.supervisor.stopping.is_set():
        logger.info("shutting down: crawl of %s not started", slug)
        return None
    source = runtime.sources.get(slug)
    if source is None or not source.enabled:
        logger.warning("crawl job for %s skipped: not an enabled catalogue source", slug)
        return None
    if runtime.settings.redis_url:  # distributed mode: the workers crawl it
        return _queue_for_workers(runtime, source)
    started = time.monotonic()
    with runtime.supervisor.slot() as attach:
        outcome = runtime.crawl(
            runtime.settings, runtime.sessions, source, log_dir=runtime.log_dir,
            extra_settings=runtime.extra_crawl_settings, on_start=attach,
            stopping=runtime.supervisor.stopping.is_set,
        )
    log = logger.info if outcome.status in ("ok", "partial") else logger.warning
    log("crawl %s: %s in %.0f s (%d new, %d updated, %d pages)%s", slug, outcome.status, time.monotonic() - started,
        outcome.articles_new, outcome.articles_updated, outcome.pages_fetched,
        f" — {outcome.error}" if outcome.error else "")
    return outcome


def _queue_for_workers(runtime: JobRuntime, source: Source) -> None:
    """Queue a due source's feeds, sitemaps and listings in Redis for `castwire worker`s."""
    from pipeline.cluster import enqueue_sources

    try:
        queued = enqueue_sources(runtime.settings, [source], lambda: runtime.sessions)[source.slug]
    except UserError as exc:  # Redis down: said, and tried again at the next interval
        logger.warning("crawl %s: not queued for the workers: %s", source.slug, exc)
        return
    logger.info("crawl %s: queued %d request(s) for the workers", source.slug, queued)


@dataclass(frozen=True)
class DigestReport:
    window_label: str
    formats: tuple[str, ...]
    emailed: bool
    error: str | None = None  #: why the e-mail could not be sent (the digest was then not stored)
    already_sent: bool = False  #: the day's digest had been sent before (nothing done)


DIGEST_FORMATS = ("text", "html")


def send_digest(runtime: JobRuntime) -> DigestReport:
    """Generate the previous day's digest (text and HTML) with the watchlist's stories first,
    email it if configured, and store it. A temporary failure to send (the server unreachable,
    a 4xx answer) is tried again after each of ``runtime.mail_retry_delays``. When the e-mail
    cannot be sent, the digest is not stored and the error is logged in one line, with the
    command that sends the same digest."""
    now = runtime.clock()
    window = previous_day_window(now, runtime.settings.timezone)
    with transaction(runtime.sessions) as session:
        if digest_was_emailed(session, window.start, window.end):  # the digest time moved later today
            logger.info("digest %s already sent", window.label)
            return DigestReport(window.label, (), emailed=False, already_sent=True)
    watchlist = _watchlist(runtime.settings)
    mailer = runtime.mailer
    chained = in_chain(window, mailed=mailer is not None)
    delays = iter(runtime.mail_retry_delays)
    while True:
        try:
            # with the late arrivals, as `castwire digest` reads its default; no transaction is
            # open while the e-mail goes
            publish(runtime.sessions, lambda _session: chained, DIGEST_FORMATS, watchlist=watchlist,
                    deliver=partial(mail_digest, mail=mailer) if mailer is not None else lambda _prepared: None)
            break
        except TemporaryMailError as error:
            delay = next(delays, None)
            if delay is None:
                return _not_sent(window.label, error)
            logger.warning("digest %s not sent yet, trying again in %s: %s", window.label,
                           format_duration(timedelta(seconds=delay)), error)
            if runtime.supervisor.stopping.wait(delay):  # shutting down (now or meanwhile): no more tries
                return _not_sent(window.label, error)
        except UserError as error:
            return _not_sent(window.label, error)
    emailed = runtime.mailer is not None
    logger.info("digest %s stored%s", window.label, " and emailed" if emailed else "")
    return DigestReport(window.label, DIGEST_FORMATS, emailed)


def _watchlist(settings: Settings) -> Watchlist | None:
    """The user's watchlist; a broken file is logged and the digest goes out without it."""
    try:
        return load_watchlist(settings.watch_file)
    except UserError as error:
        logger.error("digest without the watchlist: %s", error)
        return None


def _not_sent(label: str, error: UserError) -> DigestReport:
    # `castwire digest --email` reads the same window with the same late arrivals today;
    # later, `--since last` reads from where the last digest stopped, this day included
    logger.error("digest %s not sent (send it today with: castwire digest --email; on a later day with: "
                 "castwire digest --since last --email): %s", label, error)
    return DigestReport(label, DIGEST_FORMATS, emailed=False, error=str(error))


@dataclass(frozen=True)
class HousekeepingReport:
    pruned_runs: int
    maintenance: tuple[str, ...]


def _engine(sessions: sessionmaker[Session]) -> Engine:
    bind = sessions.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def maintenance_statements(dialect: str) -> tuple[str, ...]:
    if dialect == "sqlite":
        # Refresh the planner's statistics; fold the WAL back into the database file.
        return ("PRAGMA optimize", "PRAGMA wal_checkpoint(TRUNCATE)")
    if dialect == "postgresql":
        return ("ANALYZE",)  # autovacuum does the vacuuming
    return ()


def housekeeping(runtime: JobRuntime) -> HousekeepingReport:
    """Prune crawl runs older than ``keep_runs_days``; let the database tidy itself."""
    cutoff = runtime.clock() - timedelta(days=runtime.settings.keep_runs_days)
    with transaction(runtime.sessions) as session:
        pruned = prune_crawl_runs(session, cutoff)
    engine = _engine(runtime.sessions)
    statements = maintenance_statements(engine.dialect.name)
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement)).close()
        connection.commit()
    logger.info("housekeeping: pruned %d crawl runs; ran %s", pruned, ", ".join(statements) or "nothing")
    return HousekeepingReport(pruned, statements)
