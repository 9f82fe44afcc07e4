"""Running crawls: one ``python -m scrapy crawl <slug>`` subprocess per source.

The calling process never imports Scrapy. At most ``max_crawls`` run at once;
a crawl that outlives its timeout gets SIGTERM, then SIGKILL, and its crawl
run is recorded as ``timed_out``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from pipeline.sources import Source
from storage.db import transaction
from storage.models import CrawlRun
from storage.repository import utcnow

TERMINATE_GRACE_SECONDS = 10.0


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


def crawl_command(slug: str, extra_settings: Sequence[str] = ()) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", slug]
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
) -> CrawlOutcome:
    """Crawl one source in a subprocess and report its crawl run.

    ``on_start`` receives the child process as soon as it exists (the scheduler
    uses it to stop running crawls on shutdown).
    """
    env = {**os.environ, **settings.child_env()}
    log_path = (log_dir / f"{source.slug}.log") if log_dir else None
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    try:
        process = subprocess.Popen(
            crawl_command(source.slug, extra_settings),
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
        )
        if on_start is not None:
            on_start(process)
        timed_out = _wait(process, timeout or settings.crawl_timeout)
    finally:
        if log_path:
            log.close()  # type: ignore[union-attr]
    return _outcome(sessions, source.slug, process, timed_out, str(log_path) if log_path else None)


def _wait(process: subprocess.Popen[bytes], timeout: float) -> bool:
    try:
        process.wait(timeout=timeout)
        return False
    except subprocess.TimeoutExpired:
        stop_process(process)
        return True


def stop_process(process: subprocess.Popen[bytes], grace: float = TERMINATE_GRACE_SECONDS) -> None:
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
    timed_out: bool,
    log_file: str | None,
) -> CrawlOutcome:
    with transaction(sessions) as session:
        run = session.execute(
            select(CrawlRun).where(CrawlRun.source_slug == slug, CrawlRun.pid == process.pid)
            .order_by(CrawlRun.id.desc()).limit(1)
        ).scalar_one_or_none()
        if run is not None and (timed_out or run.status == "running"):
            status = "timed_out" if timed_out else "failed"
            error = "timed out" if timed_out else f"crawl process exited with {process.returncode}"
            session.execute(update(CrawlRun).where(CrawlRun.id == run.id).values(
                status=status, error=run.error or error, finished_at=run.finished_at or utcnow()))
            session.refresh(run)
    if run is None:
        status = "timed_out" if timed_out else "failed"
        hint = f" (see {log_file})" if log_file else ""
        return CrawlOutcome(slug, status, process.returncode,
                            error=f"the crawl did not start{hint}", log_file=log_file)
    return CrawlOutcome(
        slug, run.status, process.returncode, run.articles_new, run.articles_updated,
        run.urls_already_stored, run.pages_fetched, run.error, log_file,
    )


def run_crawls(
    settings: Settings,
    sessions: sessionmaker[Session],
    sources: Sequence[Source],
    *,
    log_dir: Path | None = None,
    extra_settings: Sequence[str] = (),
    on_done: Callable[[CrawlOutcome], None] | None = None,
) -> list[CrawlOutcome]:
    """Crawl several sources, ``settings.max_crawls`` at a time; one failure never stops the rest."""
    outcomes: dict[str, CrawlOutcome] = {}

    def one(source: Source) -> None:
        outcome = run_crawl(settings, sessions, source, log_dir=log_dir, extra_settings=extra_settings)
        outcomes[source.slug] = outcome
        if on_done:
            on_done(outcome)

    with ThreadPoolExecutor(max(1, settings.max_crawls), thread_name_prefix="castwire-crawl") as pool:
        list(pool.map(one, sources))
    return [outcomes[s.slug] for s in sources]
