"""The scheduler: persistent jobs, catalogue sync, coalescing after downtime, the lock, shutdown.

Time is injected (``now=``); nothing sleeps to wait for a schedule.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from sqlalchemy import select

from pipeline.config import Settings
from pipeline.crawl import CrawlOutcome
from pipeline.scheduler import (
    CRAWL_EXECUTOR,
    Service,
    missed_run_times,
    open_service,
    plan_jobs,
    run_due_once,
)
from pipeline.scheduler_lock import SchedulerAlreadyRunning
from pipeline.sources import Source
from storage.db import open_database, session_factory, transaction
from storage.models import CrawlRun

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def source(slug: str, minutes: int = 2, enabled: bool = True) -> Source:
    return Source(slug=slug, name=slug.title(), homepage=f"https://{slug}.example/", language="en",
                  timezone="UTC", interval=timedelta(minutes=minutes), enabled=enabled)


class FakeCrawl:
    """Stands in for pipeline.crawl.run_crawl; counts calls per slug (thread-safe)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.lock = threading.Lock()

    def __call__(self, settings: Settings, sessions: Any, src: Source, *, log_dir: Path | None = None,
                 extra_settings: Sequence[str] = (), on_start: Any = None, stopping: Any = None) -> CrawlOutcome:
        with self.lock:
            self.calls[src.slug] += 1
        return CrawlOutcome(src.slug, "ok", 0)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, timezone="Asia/Seoul", max_crawls=2, shutdown_grace=5)


@pytest.fixture
def services() -> Iterator[list[Service]]:
    opened: list[Service] = []
    yield opened
    for service in opened:
        service.shutdown(0)


def start(services: list[Service], settings: Settings, sources: list[Source], now: datetime,
          crawl: FakeCrawl, **options: Any) -> Service:
    service = open_service(settings, sources, now=now, spread=False, crawl=crawl, clock=lambda: now,
                           **options)
    services.append(service)
    return service


def stop(services: list[Service], service: Service) -> None:
    services.remove(service)
    service.shutdown(0)


def test_plan_has_stable_ids_and_documented_options() -> None:
    settings = Settings(database_url="sqlite://", digest_time="06:30", timezone="Asia/Tokyo")
    planned = {job.id: job for job in plan_jobs(settings, [source("a", 30), source("b", 120),
                                                          source("off", enabled=False)], T0)}
    assert set(planned) == {"crawl:a", "crawl:b", "digest", "housekeeping"}
    assert planned["crawl:a"].misfire_grace_time == 30 * 60 + 180
    assert planned["crawl:a"].trigger.jitter == 180  # 10 % of the interval
    assert planned["crawl:b"].trigger.jitter == 300  # at most 5 minutes
    assert planned["crawl:a"].executor == CRAWL_EXECUTOR
    digest_at = planned["digest"].trigger.get_next_fire_time(None, T0)
    assert (digest_at.hour, digest_at.minute, str(digest_at.tzinfo)) == (6, 30, "Asia/Tokyo")


def test_catalogue_changes_are_picked_up_on_restart(settings: Settings, services: list[Service]) -> None:
    crawl = FakeCrawl()
    first = start(services, settings, [source("a"), source("b")], T0, crawl)
    assert sorted(first.sync.added) == ["crawl:a", "crawl:b", "digest", "housekeeping"]
    before = {job.id: job.next_run_time for job in first.scheduler.get_jobs()}
    stop(services, first)

    later = T0 + timedelta(minutes=1)
    second = start(services, settings, [source("a"), source("b", minutes=5), source("c")], later, crawl)
    jobs = {job.id: job for job in second.scheduler.get_jobs()}
    assert set(jobs) == {"crawl:a", "crawl:b", "crawl:c", "digest", "housekeeping"}
    assert second.sync.added == ("crawl:c",) and second.sync.changed == ("crawl:b",)
    assert jobs["crawl:a"].next_run_time == before["crawl:a"]  # unchanged job keeps its schedule
    assert jobs["digest"].next_run_time == before["digest"]
    assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())
    stop(services, second)

    third = start(services, settings, [source("c")], later, crawl)
    assert third.sync.removed == ("crawl:a", "crawl:b")
    assert {job.id for job in third.scheduler.get_jobs()} == {"crawl:c", "digest", "housekeeping"}


def test_a_digest_time_moved_to_one_already_past_today_sends_the_days_digest_at_once(
        settings: Settings, services: list[Service]) -> None:
    """CASTWIRE_DIGEST_TIME moved from 07:00 to 17:30 at 18:00 (Seoul): the next digest was
    tomorrow's, and today's was never sent. A time moved to one still to come today, or to
    one already past on another day, keeps its next fire time."""
    crawl = FakeCrawl()
    first = start(services, replace(settings, digest_time="19:00"), [], T0, crawl)  # T0 is 18:00 in Seoul
    stop(services, first)
    moved = start(services, replace(settings, digest_time="17:30"), [], T0, crawl)
    jobs = {job.id: job for job in moved.scheduler.get_jobs()}
    assert moved.sync.changed == ("digest",)
    assert jobs["digest"].next_run_time == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # 17:30 today, past
    assert "digest" in run_due_once(moved.scheduler, moved.runtime, T0).ran
    stop(services, moved)
    later = start(services, replace(settings, digest_time="20:00"), [], T0, crawl)
    jobs = {job.id: job for job in later.scheduler.get_jobs()}
    assert jobs["digest"].next_run_time == datetime(2026, 11, 24, 11, 0, tzinfo=UTC)  # 20:00 today


def test_a_crawl_due_when_the_scheduler_stopped_runs_at_once_after_a_restart(
        settings: Settings, services: list[Service]) -> None:
    """Both hourly crawls fired at T0; "b" started, "a" waited for a free slot when the scheduler
    was stopped (or killed). Its next run had moved on an hour: it waited a whole interval."""
    crawl = FakeCrawl()
    hourly = [source("a", 60), source("b", 60)]
    service = start(services, settings, hourly, T0, crawl)
    for job in service.scheduler.get_jobs():
        if job.id.startswith("crawl:"):
            job.modify(next_run_time=T0 + timedelta(hours=1))  # as APScheduler leaves a job it fired
    with transaction(service.runtime.sessions) as session:
        session.add_all([CrawlRun(source_slug="a", started_at=T0 - timedelta(hours=1), status="ok", pid=None),
                         CrawlRun(source_slug="b", started_at=T0 + timedelta(seconds=5), status="ok", pid=None)])
    stop(services, service)
    back = T0 + timedelta(minutes=3)
    service = start(services, settings, hourly, back, crawl)
    next_runs = {job.id: job.next_run_time for job in service.scheduler.get_jobs()}
    assert next_runs["crawl:a"] == back and next_runs["crawl:b"] == T0 + timedelta(hours=1)
    assert service.sync.kept == ("crawl:a", "crawl:b", "digest", "housekeeping")


def test_crawls_cut_short_by_a_restart_run_at_once_after_it(settings: Settings, services: list[Service]) -> None:
    """Hourly crawls fired at T0 and the service was restarted 30 s later: "killed" had not
    recorded its run yet (its next run, jittered, came after T0 + 1 h), "stopped" was stopped as
    it started, "interrupted" died with its scheduler. Each waited a whole interval. Crawls that
    ended on their own (the site's failure included) keep their next run."""
    crawl = FakeCrawl()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    hourly = [source(slug, 60) for slug in ("killed", "stopped", "interrupted", "done", "site_down")]
    service = start(services, settings, hourly, T0, crawl)
    fired_next = T0 + timedelta(hours=1, minutes=4)  # as APScheduler leaves a job it fired, jitter added
    for job in service.scheduler.get_jobs():
        if job.id.startswith("crawl:"):
            job.modify(next_run_time=fired_next)
    earlier = T0 - timedelta(hours=1)
    run_at = T0 + timedelta(seconds=5)
    with transaction(service.runtime.sessions) as session:
        session.add_all([CrawlRun(source_slug=slug, started_at=earlier, status="ok", pid=None)
                         for slug in ("killed", "stopped", "interrupted", "done", "site_down")])
        session.add_all([
            CrawlRun(source_slug="stopped", started_at=run_at, status="partial", pid=None,
                     error="stopped before the crawl started (Ctrl-C or SIGTERM)"),
            CrawlRun(source_slug="interrupted", started_at=run_at, status="running", pid=dead.pid),
            CrawlRun(source_slug="done", started_at=run_at, status="ok", pid=None),
            CrawlRun(source_slug="site_down", started_at=run_at, status="failed", pid=None,
                     error="feed https://site_down.example/feed.xml: HTTP 500 Internal Server Error"),
        ])
    stop(services, service)
    back = T0 + timedelta(seconds=30)
    service = start(services, settings, hourly, back, crawl)
    next_runs = {job.id: job.next_run_time for job in service.scheduler.get_jobs()}
    assert {slug: next_runs[f"crawl:{slug}"] == back for slug in ("killed", "stopped", "interrupted")} == {
        "killed": True, "stopped": True, "interrupted": True}
    assert next_runs["crawl:done"] == next_runs["crawl:site_down"] == fired_next


def test_restart_after_ten_minutes_down_runs_each_missed_job_once(
    settings: Settings, services: list[Service]
) -> None:
    crawl = FakeCrawl()
    sources = [source("a"), source("b"), source("c", minutes=3)]
    service = start(services, settings, sources, T0, crawl)
    assert set(run_due_once(service.scheduler, service.runtime, T0).ran) == {"crawl:a", "crawl:b", "crawl:c"}
    stop(services, service)
    assert crawl.calls == Counter({"a": 1, "b": 1, "c": 1})

    back = T0 + timedelta(minutes=10, seconds=30)  # ten minutes down
    service = start(services, settings, sources, back, crawl)
    missed = {job.id: len(missed_run_times(job, back)) for job in service.scheduler.get_jobs()}
    # one fire time per missed interval (4 or 5 with up to 12 s of jitter each)...
    assert missed["crawl:a"] >= 4 and missed["crawl:b"] >= 4 and missed["crawl:c"] >= 3
    report = run_due_once(service.scheduler, service.runtime, back)
    assert crawl.calls == Counter({"a": 2, "b": 2, "c": 2})  # ...but each ran once
    assert report.missed == () and report.failed == ()
    assert all(job.next_run_time > back for job in service.scheduler.get_jobs())
    assert run_due_once(service.scheduler, service.runtime, back).ran == ()


def test_running_scheduler_coalesces_missed_runs(settings: Settings, services: list[Service]) -> None:
    """APScheduler itself (not --once) runs each missed crawl once after downtime."""
    crawl = FakeCrawl()
    now = datetime.now(UTC)
    service = start(services, settings, [source("a"), source("b")], now - timedelta(minutes=10), crawl)
    finished: list[JobExecutionEvent] = []
    both_done = threading.Event()

    def listen(event: JobExecutionEvent) -> None:
        finished.append(event)
        if sum(e.job_id.startswith("crawl:") for e in finished) >= 2:
            both_done.set()

    service.scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    service.scheduler.resume()
    assert both_done.wait(30), finished
    service.scheduler.pause()
    assert crawl.calls == Counter({"a": 1, "b": 1})
    assert all(e.exception is None for e in finished)
    assert all(job.next_run_time > now for job in service.scheduler.get_jobs())


def test_a_second_scheduler_on_the_same_database_refuses(settings: Settings, services: list[Service],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    host = "castwire-prod-1.eu-west-1.compute.internal"  # was cut to "on v" on PostgreSQL
    monkeypatch.setattr(socket, "gethostname", lambda: host)
    crawl = FakeCrawl()
    first = start(services, settings, [source("a")], T0, crawl)
    with pytest.raises(SchedulerAlreadyRunning, match="another castwire scheduler is already running") as refused:
        start(services, settings, [source("a")], T0, crawl)
    # the holder's host and process whole, on SQLite and PostgreSQL alike
    assert f"(on {host}, pid {os.getpid()}, started 20" in str(refused.value)
    stop(services, first)
    start(services, settings, [source("a")], T0, crawl)  # free again once the first stopped


def test_starting_marks_the_crawls_a_killed_scheduler_left_running(settings: Settings,
                                                                   services: list[Service]) -> None:
    """kill -9 of the scheduler mid-crawl left runs 'running'; status called the source ok."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    engine = open_database(settings.database_url)
    with transaction(session_factory(engine)) as session:
        session.add_all([CrawlRun(source_slug="a", started_at=T0, status="running", pid=dead.pid),
                         CrawlRun(source_slug="b", started_at=T0, status="running", pid=os.getpid())])
    start(services, settings, [source("a"), source("b")], T0, FakeCrawl())
    with transaction(session_factory(engine)) as session:
        runs = {run.source_slug: (run.status, run.error) for run in session.execute(select(CrawlRun)).scalars()}
    engine.dispose()
    assert runs == {"a": ("failed", "interrupted: the crawl process ended without finishing"),
                    "b": ("running", None)}  # a live process is left alone


SERVE_SCRIPT = textwrap.dedent("""
    import subprocess, sys
    from datetime import UTC, datetime
    from pipeline.config import Settings
    from pipeline.crawl import CrawlOutcome
    from pipeline.scheduler import run_scheduler
    from pipeline.sources import Source
    from datetime import timedelta

    def crawl(settings, sessions, source, *, log_dir=None, extra_settings=(), on_start=None, stopping=None):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        on_start(child)
        print("CRAWLING", child.pid, flush=True)
        child.wait()
        print("CRAWL ENDED", child.returncode, flush=True)
        return CrawlOutcome(source.slug, "failed", child.returncode)

    settings = Settings(database_url=sys.argv[1], shutdown_grace=float(sys.argv[2]))
    source = Source(slug="slow", name="Slow", homepage="https://slow.example/", language="en",
                    timezone="UTC", interval=timedelta(minutes=30))
    import pipeline.scheduler as scheduler
    service = scheduler.open_service(settings, [source], spread=False, crawl=crawl)
    stop = __import__("threading").Event()
    scheduler.install_signal_handlers(stop)
    print("READY", flush=True)
    sys.exit(service.serve(stop, lock_check=0.5))
""")


def test_sigterm_lets_crawls_finish_within_grace_then_stops_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with (tmp_path / "stderr.txt").open("w") as errors, subprocess.Popen(
        [sys.executable, "-c", SERVE_SCRIPT, url, "1"], stdout=subprocess.PIPE, stderr=errors, text=True,
    ) as process:
        try:
            assert process.stdout is not None
            lines = iter(process.stdout.readline, "")
            assert next(lines).strip() == "READY"
            crawling = next(lines)
            assert crawling.startswith("CRAWLING"), crawling
            # a second scheduler on the same database is refused with one clear line
            second = subprocess.run([sys.executable, "-c", SERVE_SCRIPT, url, "1"], capture_output=True,
                                    text=True, timeout=60)
            assert second.returncode != 0
            assert "another castwire scheduler is already running" in second.stderr
            process.send_signal(signal.SIGTERM)
            ended = next(lines)
            assert ended.strip() == f"CRAWL ENDED {-signal.SIGTERM}"  # terminated after the grace period
            assert process.wait(timeout=60) == 0, (tmp_path / "stderr.txt").read_text()
        finally:
            if process.poll() is None:
                process.kill()


def test_cli_refuses_a_second_scheduler_with_one_line(tmp_path: Path) -> None:
    """A second service is an error; a cron call of `--once` overlapping a running one has
    nothing to do: status 0, said unless -q (it made cron mail an error on every overlap)."""
    from pipeline.scheduler_lock import scheduler_lock
    from storage.db import open_database

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    lock = scheduler_lock(engine)
    lock.acquire()

    def castwire(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                              capture_output=True, text=True, timeout=120)

    try:
        service, once, quiet = castwire("--db", url, "schedule"), castwire("--db", url, "schedule", "--once"), \
            castwire("-q", "--db", url, "schedule", "--once")
    finally:
        lock.release()
        engine.dispose()
    assert service.returncode == 1
    [line] = service.stderr.strip().splitlines()
    assert line.startswith("castwire: error: another castwire scheduler is already running on")
    assert f"pid {__import__('os').getpid()}" in line
    assert once.returncode == 0 and "nothing run: another castwire scheduler is already running" in once.stderr
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_a_symbolic_link_to_the_database_takes_the_same_scheduler_lock(tmp_path: Path) -> None:
    from pipeline.scheduler_lock import scheduler_lock
    from storage.db import open_database

    real = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    (tmp_path / "link.sqlite").symlink_to(tmp_path / "db.sqlite")
    linked = open_database(f"sqlite:///{tmp_path / 'link.sqlite'}")
    held = scheduler_lock(real)
    held.acquire()
    try:
        with pytest.raises(SchedulerAlreadyRunning):
            scheduler_lock(linked).acquire()
    finally:
        held.release()
        real.dispose()
        linked.dispose()


@pytest.mark.slow
def test_schedule_once_gives_its_crawls_the_scrapy_settings_of_set(sample_catalogue: Path, tmp_path: Path) -> None:
    from sqlalchemy import select

    from storage.db import open_database, session_factory, transaction
    from storage.models import CrawlRun

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    settings = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CASTWIRE_EXTRACT_WORKERS=0",
                "CLOSESPIDER_PAGECOUNT=1")  # each crawl closes after its first response
    result = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", "--db", url,
                             "--sources", str(sample_catalogue), "schedule", "--once",
                             *(arg for setting in settings for arg in ("-s", setting))],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    # a service's log line says when, and how long the crawl took
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ WARNING pipeline\.jobs: crawl \w+: failed in \d+ s \(",
                     result.stderr, re.MULTILINE), result.stderr
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        runs = session.execute(select(CrawlRun.source_slug, CrawlRun.error)).all()
    engine.dispose()
    assert len(runs) == 4  # every source of the sample catalogue was due
    assert {error for _slug, error in runs} == {"crawl ended early: closespider_pagecount"}


def test_a_job_store_the_scheduler_cannot_read_is_logged_in_one_line_once_a_minute(
        caplog: pytest.LogCaptureFixture) -> None:
    """APScheduler logged the database driver's three-line error every 10 s of an outage."""
    from pipeline.scheduler import _JobStoreOutageLog

    log = _JobStoreOutageLog()
    outage = OSError("connection failed: connection refused\n\tIs the server running on that host?")
    with caplog.at_level(logging.WARNING, logger="apscheduler.scheduler"):
        for _ in range(6):
            log.warning("Error getting due jobs from job store %r: %s", "default", outage)
    assert [record.getMessage() for record in caplog.records] == [
        "Error getting due jobs from job store 'default': OSError: connection failed: connection refused "
        "(tried again every 10 s, said once a minute)"]
