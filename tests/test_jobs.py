"""The scheduler's job functions, called directly."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import story_factory as factory
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from pipeline.crawl import CrawlOutcome
from pipeline.errors import TemporaryMailError, UserError
from pipeline.jobs import (
    CrawlSupervisor,
    JobRuntime,
    crawl_source,
    housekeeping,
    send_digest,
    smtp_mailer,
)
from pipeline.sources import Source
from pipeline.watch import Watchlist, save_watchlist
from storage.db import transaction
from storage.models import CrawlRun, Digest

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
SOURCE = Source(slug="alpha", name="Alpha", homepage="https://alpha.example/", language="en", timezone="UTC")


class FakeCrawl:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Sequence[str]]] = []

    def __call__(self, settings: Settings, sessions: Any, source: Source, *, log_dir: Path | None = None,
                 extra_settings: Sequence[str] = (), on_start: Any = None, stopping: Any = None) -> CrawlOutcome:
        self.calls.append((source.slug, tuple(extra_settings)))
        return CrawlOutcome(source.slug, "ok", 0, articles_new=2)


def runtime(sessions: sessionmaker[Session], **options: Any) -> JobRuntime:
    settings = Settings(database_url="sqlite://", timezone="Asia/Seoul", keep_runs_days=30)
    return JobRuntime(settings, sessions, {"alpha": SOURCE}, clock=lambda: NOW, **options)


def test_crawl_job_runs_the_source_and_skips_when_stopping(sessions: sessionmaker[Session]) -> None:
    crawl = FakeCrawl()
    rt = runtime(sessions, crawl=crawl, extra_crawl_settings=("DOWNLOAD_DELAY=0",))
    outcome = crawl_source(rt, "alpha")
    assert outcome is not None and outcome.articles_new == 2
    assert crawl.calls == [("alpha", ("DOWNLOAD_DELAY=0",))]
    assert crawl_source(rt, "removed") is None
    rt.supervisor.stopping.set()
    assert crawl_source(rt, "alpha") is None
    assert len(crawl.calls) == 1


def test_digest_job_stores_and_emails(sessions: sessionmaker[Session]) -> None:
    sent: list[tuple[str, str, str]] = []
    report = send_digest(runtime(sessions, mailer=lambda *message: sent.append(message)))
    assert report.emailed and report.window_label == "2026-11-23"  # the previous day in Seoul
    [(subject, text, html)] = sent
    assert "2026-11-23" in subject
    assert html.lstrip().lower().startswith(("<!doctype", "<html"))
    with transaction(sessions) as session:
        stored = session.execute(select(Digest.format, Digest.timezone)).all()
    assert sorted(stored) == [("html", "Asia/Seoul"), ("text", "Asia/Seoul")]


def test_the_days_digest_is_sent_once_when_the_digest_time_moves_later_the_same_day(
        sessions: sessionmaker[Session]) -> None:
    sent: list[tuple[str, str, str]] = []
    mailer = lambda *message: sent.append(message)  # noqa: E731
    assert send_digest(runtime(sessions, mailer=mailer)).emailed
    again = send_digest(runtime(sessions, mailer=mailer))  # CASTWIRE_DIGEST_TIME moved from 07:00 to 09:00
    assert again.already_sent and not again.emailed and len(sent) == 1
    with transaction(sessions) as session:
        assert session.execute(select(func.count()).select_from(Digest)).scalar_one() == 2  # text and HTML once
        assert session.execute(select(Digest.emailed_at)).scalars().first() is not None


def test_a_digest_stored_without_e_mail_does_not_stop_the_scheduler_sending_it(sessions: sessionmaker[Session]) -> None:
    """`castwire digest` run by hand (stored, not sent) before the scheduler's digest time."""
    assert send_digest(runtime(sessions)).emailed is False  # no SMTP: stored only
    sent: list[tuple[str, str, str]] = []
    assert send_digest(runtime(sessions, mailer=lambda *message: sent.append(message))).emailed
    assert len(sent) == 1


def test_a_digest_that_cannot_be_emailed_is_not_stored_and_logs_one_line(
        sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture) -> None:
    """Not stored, so not counted as read: ``--since last`` and a resend still have it."""
    def refuse(*_message: str) -> None:
        raise UserError("cannot reach SMTP server 127.0.0.1:2: Connection refused")

    report = send_digest(runtime(sessions, mailer=refuse))
    assert not report.emailed and report.error and "Connection refused" in report.error
    with transaction(sessions) as session:
        assert session.execute(select(Digest)).first() is None
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "digest 2026-11-23 not sent" in record.getMessage() and record.exc_info is None


def test_a_digest_that_fails_for_a_reason_that_may_pass_is_tried_again(
        sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture) -> None:
    """A 451 or an unreachable server at 07:00 no longer loses the day's e-mail."""
    sent: list[tuple[str, str, str]] = []

    def busy_twice(*message: str) -> None:
        if len(sent) < 2:
            sent.append(("failed", "", ""))
            raise TemporaryMailError("SMTP server 127.0.0.1:25 answered 451 (a temporary failure) while sending")
        sent.append(message)

    report = send_digest(runtime(sessions, mailer=busy_twice, mail_retry_delays=(0, 0, 0)))
    assert report.emailed and len(sent) == 3
    assert [r.levelname for r in caplog.records if "not sent" in r.getMessage()] == ["WARNING", "WARNING"]


def test_a_digest_not_sent_after_its_tries_says_how_to_send_the_same_digest(
        sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture) -> None:
    tries: list[int] = []

    def down(*_message: str) -> None:
        tries.append(1)
        raise TemporaryMailError("cannot reach SMTP server 127.0.0.1:2: Connection refused")

    report = send_digest(runtime(sessions, mailer=down, mail_retry_delays=(0, 0)))
    assert not report.emailed and len(tries) == 3
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    # the window with its late arrivals, which `--date` would leave out
    assert "send it today with: castwire digest --email;" in record.getMessage()
    assert "castwire digest --since last --email" in record.getMessage()
    refused: list[int] = []

    def refuse(*_message: str) -> None:  # a permanent failure is not tried again
        refused.append(1)
        raise UserError("SMTP server 127.0.0.1:25 refused every recipient: reader@example.org")

    assert not send_digest(runtime(sessions, mailer=refuse, mail_retry_delays=(0, 0))).emailed
    assert len(refused) == 1


def test_the_scheduled_digest_lists_the_watchlist_first(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """As `castwire digest` does: the morning e-mail is where the reader relies on it."""
    watch_file = tmp_path / "watch.toml"
    save_watchlist(watch_file, Watchlist(people=("Han Yu-jin",)))
    with transaction(sessions) as session:
        outlet = factory.source(session, "alpha")
        for title, person in (("Kim Min-ha joins Pachinko 2", "Kim Min-ha"),
                              ("Han Yu-jin leads The Last Season", "Han Yu-jin")):
            story_id = factory.story(session, title, people=(person,), when=NOW - timedelta(hours=20))
            factory.article(session, outlet, f"alpha.example/{person}", story_id=story_id, title=title,
                            people=(person,), when=NOW - timedelta(hours=20))
    sent: list[tuple[str, str, str]] = []
    settings = Settings(database_url="sqlite://", timezone="Asia/Seoul", watch_file=watch_file)
    rt = JobRuntime(settings, sessions, {"alpha": SOURCE}, clock=lambda: NOW, mailer=lambda *m: sent.append(m))
    assert send_digest(rt).emailed
    [(_subject, text, _html)] = sent
    assert "ON YOUR WATCHLIST" in text
    assert text.index("Han Yu-jin leads") < text.index("Kim Min-ha joins")


def test_digest_job_without_mail_only_stores(sessions: sessionmaker[Session]) -> None:
    assert send_digest(runtime(sessions)).emailed is False


def test_housekeeping_prunes_old_runs_and_tidies(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        for days, status in ((40, "ok"), (35, "failed"), (40, "running"), (5, "ok")):
            session.add(CrawlRun(source_slug="alpha", started_at=NOW - timedelta(days=days),
                                 status=status, pid=None))
    report = housekeeping(runtime(sessions))
    assert report.pruned_runs == 2
    assert report.maintenance  # PRAGMA optimize / wal_checkpoint, or ANALYZE
    with transaction(sessions) as session:
        left = sorted(session.execute(select(CrawlRun.status)).scalars())
    assert left == ["ok", "running"]


def test_supervisor_waits_then_terminates_running_crawls() -> None:
    supervisor = CrawlSupervisor()
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    with supervisor.slot() as attach:
        attach(process)
        assert supervisor.active == 1
        assert supervisor.wait_idle(0.05) is False
        assert supervisor.terminate_all(10) == 1
        assert process.wait(timeout=15) is not None
    assert supervisor.active == 0 and supervisor.wait_idle(0)


def test_a_crawl_the_shutdown_has_to_kill_is_stopped_not_a_failing_source(
        sample_catalogue: Path, tmp_path: Path) -> None:
    """SIGTERM to the service during a slow site's crawl: after the grace period the crawl was
    SIGKILLed and recorded failed, status counted it in the error rate and the next digest listed
    the source as failing."""
    import threading
    import time

    from pipeline.crawlruns import STOPPED_BEFORE_THE_END
    from pipeline.digest import Window, source_health_lists
    from pipeline.health import health_of
    from pipeline.sources import load_catalogue
    from storage.db import open_database, session_factory

    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    settings = Settings.from_env({"CASTWIRE_DATABASE_URL": database, "CASTWIRE_SOURCES": str(sample_catalogue)})
    engine = open_database(database)
    sessions = session_factory(engine)
    source = load_catalogue(sample_catalogue).get("kdramadaily")
    rt = JobRuntime(settings, sessions, {source.slug: source},
                    extra_crawl_settings=("DOWNLOAD_DELAY=2", "CASTWIRE_EXTRACT_WORKERS=0"))

    def shut_down_once_it_runs() -> None:  # Service.shutdown, its grace over: SIGTERM, SIGKILL at once
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with transaction(sessions) as session:
                if session.execute(select(CrawlRun.id).where(CrawlRun.status == "running")).first():
                    break
            time.sleep(0.05)
        rt.supervisor.stopping.set()
        rt.supervisor.terminate_all(0)

    threading.Thread(target=shut_down_once_it_runs, daemon=True).start()
    outcome = crawl_source(rt, source.slug)
    later = datetime.now(UTC) + timedelta(seconds=1)
    with transaction(sessions) as session:
        health = health_of(session, source.slug, later)
        failing = source_health_lists(session, Window(later - timedelta(hours=1), later, "UTC")).failing
    engine.dispose()
    assert outcome is not None and outcome.status == "partial", outcome
    assert (outcome.error or "").startswith(STOPPED_BEFORE_THE_END), outcome.error
    assert health.error_rate == 0 and "failed" not in health.reason
    assert failing == ()  # the digest's "failing sources"


def test_jobs_module_has_no_import_side_effects() -> None:
    code = ("import threading, logging, pipeline.jobs, pipeline.scheduler; "
            "assert threading.active_count() == 1; assert not logging.getLogger().handlers")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_digest_job_emails_through_a_real_smtp_server(sessions: sessionmaker[Session], smtp_inbox: Any) -> None:
    import email
    import email.policy

    settings = Settings(database_url="sqlite://", timezone="UTC", smtp_host="127.0.0.1", smtp_port=smtp_inbox.port,
                        smtp_security="none", smtp_from="castwire@example.org",
                        smtp_to="reader@example.org")
    mailer = smtp_mailer(settings)
    assert mailer is not None
    assert smtp_mailer(Settings(database_url="sqlite://")) is None  # not configured: no mail
    rt = JobRuntime(settings, sessions, {}, clock=lambda: NOW, mailer=mailer)
    assert send_digest(rt).emailed
    [raw] = smtp_inbox.received
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "castwire digest 2026-11-23 UTC: 0 stories"  # as `castwire digest --email` sends it
    assert sorted(part.get_content_type() for part in message.walk() if not part.is_multipart()) == [
        "text/html", "text/plain"]


@pytest.mark.redis
def test_in_distributed_mode_a_due_source_is_queued_for_the_workers_not_crawled_here(
        sessions: sessionmaker[Session], frontier: Any, redis_url: str, caplog: pytest.LogCaptureFixture) -> None:
    from dataclasses import replace

    crawl = FakeCrawl()
    rt = runtime(sessions, crawl=crawl)
    distributed = replace(rt, settings=replace(rt.settings, database_url="postgresql://u@db.example/castwire",
                                               redis_url=redis_url, redis_prefix=frontier.keys.prefix),
                          sources={"alpha": replace(SOURCE, feeds=("https://alpha.example/feed",))})
    with caplog.at_level("INFO", logger="pipeline.jobs"):
        assert crawl_source(distributed, "alpha") is None
    assert crawl.calls == [] and frontier.queue_depth() == 1
    assert "crawl alpha: queued 1 request(s) for the workers" in caplog.text
