"""Crashes and database trouble during real crawls of the local sample web.

* a crawl SIGKILLed at a random point, then run again: nothing lost, nothing
  twice, an intact database, the interrupted run marked failed;
* SQLite locked by another writer during a crawl: the crawl waits and completes;
* PostgreSQL connections killed (pg_terminate_backend) during a crawl: nothing
  half-written, and crawling again completes the store;
* a transaction hitting a locked database is retried as a whole.

(The scheduler restarting after downtime is in test_scheduler.py.)
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from pipeline.crawl import crawl_command, run_crawl
from pipeline.sources import Source, load_catalogue
from storage.db import open_database, session_factory, transaction
from storage.models import Article, CrawlRun
from storage.retry import run_in_transaction

SAMPLE_WEB = Path(__file__).parent.parent / "pipeline" / "sample_web"
LOCAL = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CASTWIRE_IGNORE_SITEMAP_AGE=True",
         "CASTWIRE_EXTRACT_WORKERS=0")
FAST_SOURCES = ("kdramadaily",)  # the quickest sample outlet (feed, 6 articles)


def catalogue_sources(base: str, folder: Path) -> tuple[Path, dict[str, Source]]:
    path = folder / "sources.toml"
    path.write_text((SAMPLE_WEB / "sources.toml").read_text("utf-8").replace("{{BASE}}", base), "utf-8")
    return path, dict(load_catalogue(path).sources)


def stored(sessions: sessionmaker[Session]) -> dict[str, tuple[str | None, str, str | None]]:
    """url_key → (title, content hash, category) of every stored article."""
    with transaction(sessions) as session:
        rows = session.execute(select(Article.url_key, Article.title, Article.content_hash, Article.category))
        return {row.url_key: (row.title, row.content_hash, row.category) for row in rows}


def assert_one_row_per_url(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        total, distinct = session.execute(
            select(func.count(), func.count(func.distinct(Article.url_key))).select_from(Article)).one()
    assert total == distinct


@pytest.fixture(scope="module")
def reference(sample_web: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict]]:
    """What an undisturbed crawl of each fast source stores."""
    folder = tmp_path_factory.mktemp("reference")
    catalogue, sources = catalogue_sources(sample_web, folder)
    settings = Settings(database_url=f"sqlite:///{folder / 'db.sqlite'}", sources_file=catalogue)
    engine = open_database(settings.database_url)
    sessions = session_factory(engine)
    result = {}
    for slug in FAST_SOURCES:
        before = set(stored(sessions))
        outcome = run_crawl(settings, sessions, sources[slug], log_dir=folder, extra_settings=LOCAL)
        assert outcome.status == "ok", outcome
        result[slug] = {k: v for k, v in stored(sessions).items() if k not in before}
        assert len(result[slug]) >= 4
    engine.dispose()
    yield result


def wait_until(process: subprocess.Popen[bytes], condition: object, poll: float = 0.02) -> bool:
    """Poll ``condition()`` until true (True) or the process exits (False)."""
    while not condition():  # type: ignore[operator]
        try:
            process.wait(timeout=poll)
            return False
        except subprocess.TimeoutExpired:
            continue
    return True


@pytest.mark.slow
def test_sigkill_at_a_random_point_then_crawl_again(
    sample_web: str, tmp_path: Path, reference: dict[str, dict]
) -> None:
    seed = int(os.environ.get("CASTWIRE_TEST_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    slug = rng.choice(FAST_SOURCES)
    expected = reference[slug]
    kill_after = rng.randrange(len(expected))  # articles stored before the kill (0: just started)
    note = f"seed={seed} source={slug} killed after {kill_after} stored article(s)"

    catalogue, sources = catalogue_sources(sample_web, tmp_path)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", sources_file=catalogue)
    engine = open_database(settings.database_url)
    sessions = session_factory(engine)

    def progress() -> bool:
        with transaction(sessions) as session:
            started = session.execute(select(func.count()).select_from(CrawlRun)).scalar_one()
            articles = session.execute(select(func.count()).select_from(Article)).scalar_one()
        return started > 0 and articles >= kill_after

    with (tmp_path / "killed.log").open("wb") as log, subprocess.Popen(
        crawl_command(slug, LOCAL), env={**os.environ, **settings.child_env()},
        stdin=subprocess.DEVNULL, stdout=log, stderr=log,
    ) as process:
        assert wait_until(process, progress), f"crawl ended before the kill point ({note})"
        # Freeze the crawl, see whether its run had already finished, then kill it:
        # the run's fate follows from the state at the moment of the kill, not a race.
        process.send_signal(signal.SIGSTOP)
        with transaction(sessions) as session:
            finished_before_kill = session.execute(
                select(CrawlRun.status).order_by(CrawlRun.id)).scalar_one() != "running"
        process.kill()
        assert process.wait() == -9, note

    outcome = run_crawl(settings, sessions, sources[slug], log_dir=tmp_path, extra_settings=LOCAL)
    assert outcome.status == "ok", (note, outcome)
    assert stored(sessions) == expected, note  # nothing lost, nothing half-written
    assert_one_row_per_url(sessions)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    with transaction(sessions) as session:
        runs = session.execute(select(CrawlRun).order_by(CrawlRun.id)).scalars().all()
    if finished_before_kill:  # killed while shutting down after a complete run
        assert [r.status for r in runs] == ["ok", "ok"], note
    else:
        assert [r.status for r in runs] == ["failed", "ok"], note
        assert "interrupted" in (runs[0].error or "")
    assert runs[0].finished_at is not None, note
    engine.dispose()


@pytest.mark.slow
def test_sqlite_locked_by_another_writer_during_a_crawl(
    sample_web: str, tmp_path: Path, reference: dict[str, dict]
) -> None:
    catalogue, sources = catalogue_sources(sample_web, tmp_path)
    database = tmp_path / "db.sqlite"
    settings = Settings(database_url=f"sqlite:///{database}", sources_file=catalogue)
    engine = open_database(settings.database_url)
    sessions = session_factory(engine)
    blocker = create_engine(f"sqlite:///{database}").connect()
    blocker.exec_driver_sql("BEGIN IMMEDIATE")  # holds SQLite's write lock
    released = threading.Event()

    def release_later(process: subprocess.Popen[bytes]) -> None:
        def release() -> None:
            # keep the crawl's writes waiting for a while, then let them through
            if process.poll() is None:
                threading.Event().wait(4.0)
            blocker.rollback()
            blocker.close()
            released.set()
        threading.Thread(target=release, daemon=True).start()

    outcome = run_crawl(settings, sessions, sources["kdramadaily"], log_dir=tmp_path, extra_settings=LOCAL,
                        on_start=release_later)
    assert released.is_set()
    assert outcome.status == "ok", outcome
    assert stored(sessions) == reference["kdramadaily"]
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    engine.dispose()


@pytest.mark.slow
@pytest.mark.postgres
def test_postgres_connections_killed_during_a_crawl(
    sample_web: str, tmp_path: Path, reference: dict[str, dict], postgres_admin_url: str, postgres_url: str
) -> None:
    name = f"castwire-reliability-{os.getpid()}"
    plain = postgres_url
    url = make_url(plain).update_query_dict({"application_name": name})
    catalogue, sources = catalogue_sources(sample_web, tmp_path)
    settings = Settings(database_url=url.render_as_string(hide_password=False), sources_file=catalogue)
    engine = open_database(plain)  # the test's own connections are not killed
    sessions = session_factory(engine)
    admin = create_engine(make_url(postgres_admin_url).set(drivername="postgresql+psycopg"))
    kills: list[int] = []
    killers: list[threading.Thread] = []

    def killer(process: subprocess.Popen[bytes]) -> None:
        def run() -> None:
            # once the crawl has stored two articles, terminate all its connections, three
            # times a fraction of a second apart (mid-transaction or idle in its pool)
            if not wait_until(process, lambda: len(stored(sessions)) >= 2):
                return
            with admin.connect() as connection:
                while len(kills) < 3 and process.poll() is None:
                    kills.append(connection.execute(text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = :name AND pid <> pg_backend_pid()"), {"name": name},
                    ).scalar_one())
                    connection.commit()
                    threading.Event().wait(0.2)
        killers.append(threading.Thread(target=run, daemon=True))
        killers[-1].start()

    try:
        first = run_crawl(settings, sessions, sources["kdramadaily"], log_dir=tmp_path,
                          extra_settings=LOCAL, on_start=killer)
        assert sum(kills), f"no connection was killed ({first})"
        after_first = stored(sessions)
        # whatever the first run stored is complete (one transaction per article)
        assert all(after_first[key] == reference["kdramadaily"][key] for key in after_first)
        if len(after_first) < len(reference["kdramadaily"]):
            assert first.status != "ok" or first.error, first  # trouble is reported
        for _ in range(2):  # crawling again completes the store
            if stored(sessions) == reference["kdramadaily"]:
                break
            run_crawl(settings, sessions, sources["kdramadaily"], log_dir=tmp_path, extra_settings=LOCAL)
        assert stored(sessions) == reference["kdramadaily"]
        assert_one_row_per_url(sessions)
        with transaction(sessions) as session:
            assert session.execute(select(func.count()).select_from(CrawlRun)
                                   .where(CrawlRun.status == "running")).scalar_one() == 0
    finally:
        for thread in killers:  # it ends with the crawl; its connections go back before the pools close
            thread.join(timeout=30)
        engine.dispose()
        admin.dispose()


def test_a_transaction_on_a_locked_database_is_retried_whole(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(url).dispose()
    impatient = create_engine(url, connect_args={"timeout": 0.05})  # no busy waiting
    sessions = session_factory(impatient)
    blocker = create_engine(url).connect()
    blocker.exec_driver_sql("BEGIN IMMEDIATE")
    attempts: list[int] = []

    def work(session: Session) -> int:
        attempts.append(1)
        session.add(CrawlRun(source_slug="a", started_at=func.now(), status="ok", pid=1))
        session.flush()
        session.add(CrawlRun(source_slug="b", started_at=func.now(), status="ok", pid=2))
        return 2

    def wait(_seconds: float) -> None:
        if len(attempts) == 2:  # the other writer finishes after our second attempt
            blocker.rollback()

    assert run_in_transaction(sessions, work, sleep=wait) == 2
    assert len(attempts) == 3
    with transaction(sessions) as session:
        assert sorted(session.execute(select(CrawlRun.source_slug)).scalars()) == ["a", "b"]

    blocker.exec_driver_sql("BEGIN IMMEDIATE")
    with pytest.raises(OperationalError, match="locked"):
        run_in_transaction(sessions, work, attempts=2, sleep=lambda _s: None)
    blocker.rollback()
    blocker.close()
    with transaction(sessions) as session:  # the failed attempts left nothing behind
        assert session.execute(select(func.count()).select_from(CrawlRun)).scalar_one() == 2
    impatient.dispose()


@pytest.mark.postgres
def test_an_engine_without_pre_ping_runs_the_transaction_again_on_a_dropped_connection(
    postgres_url: str, postgres_admin_url: str
) -> None:
    """The crawl's writer checks no pooled connection before use: a connection the server
    dropped fails the first statement, and run_in_transaction runs it again on a new one."""
    engine = open_database(postgres_url, pre_ping=False)
    sessions = session_factory(engine)
    admin = create_engine(make_url(postgres_admin_url).set(drivername="postgresql+psycopg"))

    def backend(session: Session) -> int:
        return session.execute(text("SELECT pg_backend_pid()")).scalar_one()

    try:
        first = run_in_transaction(sessions, backend)  # its connection goes back to the pool
        with admin.begin() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first}).scalar_one()
        retries: list[int] = []
        again = run_in_transaction(sessions, backend, sleep=lambda _s: None,
                                   on_retry=lambda attempt, _exc: retries.append(attempt))
        assert retries == [1]
        assert again != first
    finally:
        engine.dispose()
        admin.dispose()
