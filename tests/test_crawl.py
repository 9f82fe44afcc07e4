"""End to end: `castwire crawl` in subprocesses against the local sample web."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from pipeline.crawl import run_crawls
from pipeline.entities import show_key
from pipeline.normalise import canonical_url_key
from pipeline.sources import Source, load_catalogue
from pipeline.webserver import FixtureHandler, serve_folder
from storage.db import open_database, session_factory, transaction
from storage.models import Article, CrawlRun, SeenUrl, Story
from storage.repository import utcnow

pytestmark = pytest.mark.slow

# Analysis in the crawl's own thread and short retry waits: the tests about the extraction
# worker processes (WITH_WORKER) and about retries say so.
LOCAL = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CASTWIRE_IGNORE_SITEMAP_AGE=True",
         "CASTWIRE_EXTRACT_WORKERS=0", "CASTWIRE_RETRY_BACKOFF=0.2")
WITH_WORKER = (*LOCAL, "CASTWIRE_EXTRACT_WORKERS=1")  # the last -s of a setting wins


def test_crawl_stores_articles_then_skips_them(sample_catalogue: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = sample_catalogue
    aliases = tmp_path / "aliases.toml"  # the user's rules reach the crawl subprocesses
    aliases.write_text('[[show]]\nname = "Midnight Confections"\naliases = ["ミッドナイト・コンフェクション"]\n', "utf-8")
    monkeypatch.setenv("CASTWIRE_ALIASES_FILE", str(aliases))
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", sources_file=catalogue)
    sessions = session_factory(open_database(settings.database_url))
    sources = list(load_catalogue(catalogue).sources.values())

    first = run_crawls(settings, sessions, sources, log_dir=tmp_path, extra_settings=WITH_WORKER)
    assert [o.status for o in first] == ["ok"] * len(sources), [(o.slug, o.error) for o in first]
    with transaction(sessions) as session:
        stored = session.execute(select(func.count()).select_from(Article)).scalar_one()
        assert stored == sum(o.articles_new for o in first) >= 15
        assert session.execute(select(func.count()).select_from(Story)).scalar_one() < stored
        japanese = session.execute(select(Article.event_keys).where(Article.language == "ja")).scalars().all()
        katakana = show_key("ミッドナイト・コンフェクション")  # a key of its own without the rule
        assert any(show_key("Midnight Confections") in keys["shows"] for keys in japanese), japanese
        assert not any(katakana in keys["shows"] for keys in japanese), japanese

    second = run_crawls(settings, sessions, sources, log_dir=tmp_path, extra_settings=WITH_WORKER)
    assert sum(o.articles_new for o in second) == 0
    assert sum(o.urls_already_stored for o in second) >= stored
    with transaction(sessions) as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == stored
        runs = session.execute(select(CrawlRun).order_by(CrawlRun.id)).scalars().all()
        assert len(runs) == 2 * len(sources)
        assert all(r.finished_at is not None and r.pages_fetched > 0 for r in runs)


def test_crawl_command_passes_scrapy_settings_and_reports_already_seen(sample_catalogue: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "--sources", str(sample_catalogue),
               "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "crawl", "streambeat",
               *(arg for setting in LOCAL for arg in ("-s", setting))]

    def new_articles(*extra: str, returncode: int = 0) -> tuple[int, str]:
        run = subprocess.run([*command, *extra], capture_output=True, text=True, timeout=180)
        assert run.returncode == returncode, run.stderr
        return int(run.stdout.split(" new articles")[0].split()[-1]), run.stdout

    # the crawl closes after one response: a run cut short, so the command exits 1
    stopped_early, printed = new_articles("-s", "CLOSESPIDER_PAGECOUNT=1", returncode=1)
    assert printed.rstrip().endswith("1 failed source(s)")
    new, _ = new_articles()
    assert new > 0 and stopped_early < new
    again, printed = new_articles()
    assert again == 0 and printed.startswith(f"0 new articles, 0 updated, 0 unchanged, {new + stopped_early} already seen")


def test_a_crawl_that_cannot_start_says_why_and_the_command_exits_1(sample_catalogue: Path, tmp_path: Path) -> None:
    """Without --log-dir the reason used to be thrown away, and the exit status was 0."""
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "--sources", str(sample_catalogue),
               "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "crawl", "streambeat", "-s", "SCHEDULER=castwire_nowhere.Scheduler"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert run.returncode == 1, run.stderr
    assert "streambeat: failed" in run.stdout + run.stderr
    assert "the crawl did not start: ModuleNotFoundError: No module named 'castwire_nowhere'" in run.stdout + run.stderr
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with transaction(session_factory(engine)) as session:  # recorded: status and the digest know of it
        [recorded] = session.execute(select(CrawlRun)).scalars().all()
    engine.dispose()
    assert recorded.source_slug == "streambeat" and recorded.status == "failed"
    assert recorded.error and recorded.error.startswith("the crawl did not start: ModuleNotFoundError")


def test_a_crawl_that_cannot_open_its_database_says_why_in_the_crawls_words(sample_catalogue: Path,
                                                                              tmp_path: Path) -> None:
    """A database only the crawl cannot use (here its own, by a Scrapy setting; in a fleet, one a
    newer castwire migrated after the check before the crawl) was said as the last line of an
    asyncio traceback: "the crawl did not start: storage.db.DatabaseError: …"."""
    (tmp_path / "a-file").touch()
    database = tmp_path / "a-file" / "castwire.sqlite"
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "--sources", str(sample_catalogue),
               "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "crawl", "streambeat",
               "-s", f"CASTWIRE_DATABASE_URL=sqlite:///{database}"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert run.returncode == 1, run.stderr
    assert f"streambeat: failed (0 new, 0 updated, 0 unchanged, 0 already seen, 0 pages) — the crawl did not start: " \
           f"cannot create the folder for {database}: " in run.stderr, run.stderr


@pytest.mark.parametrize(("options", "message"), [
    (["--db", "sqlite://", "crawl"], "crawls need a database their subprocesses share"),
    (["--db", "sqlite:///:memory:", "schedule", "--once"], "crawls need a database their subprocesses share"),
    (["crawl", "--log-dir", "/proc/castwire-cannot-be-made"], "--log-dir: cannot create"),
    (["crawl", "--aliases-broken"], "[[show]] #1: name must be text, not 5"),
    (["schedule", "--once", "--aliases-broken"], "[[show]] #1: name must be text, not 5"),
    (["schedule", "--once", "--log-dir", "/proc/castwire-cannot-be-made"], "--log-dir: cannot create"),
    (["demo", "--dir", "/proc/castwire-cannot-be-made"], "--dir: cannot create"),
    (["demo", "--dir", "/dev/null/demo"], "--dir: cannot create /dev/null/demo"),
])
def test_crawl_setup_errors_are_one_line(sample_catalogue: Path, tmp_path: Path, options: list[str],
                                         message: str) -> None:
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "--sources", str(sample_catalogue)]
    if "--db" not in options:
        command += ["--db", f"sqlite:///{tmp_path / 'db.sqlite'}"]
    env = {**os.environ, "CASTWIRE_ALIASES_FILE": str(tmp_path / "aliases.toml")}
    if "--aliases-broken" in options:  # was reported only inside each crawl's log, the runs 'ok'
        options.remove("--aliases-broken")
        (tmp_path / "aliases.toml").write_text("[[show]]\nname = 5\n", "utf-8")
        message = f"aliases file {tmp_path / 'aliases.toml'}: {message}"  # as entities --apply-aliases says it
    run = subprocess.run([*command, *options], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr, run.stderr


def _crawl_command(catalogue: Path, database: str, *settings: str) -> list[str]:
    return [sys.executable, "-c", "from pipeline.cli import main; main()", "--sources", str(catalogue),
            "--db", database, "crawl", *(arg for setting in settings for arg in ("-s", setting))]


@pytest.mark.parametrize(("stop_signal", "returncode", "said"), [
    (signal.SIGINT, 130, "stopping: the running crawls finish the pages they are fetching (Ctrl-C again"),
    (signal.SIGTERM, 143, "stopping: the running crawls finish the pages they are fetching if the SIGTERM reached "
                          "them too (sent to the process group), else they run to their end"),
])
def test_ctrl_c_lets_the_running_crawl_finish_starts_no_other_and_says_so(
        sample_catalogue: Path, tmp_path: Path, stop_signal: signal.Signals, returncode: int, said: str) -> None:
    """The crawl and its extraction worker get the terminal's Ctrl-C (or a service manager's
    SIGTERM) too: what it fetched is stored (the worker does not die under it) and the run is
    partial, not a failing source. The pages waiting for their turn are not fetched: the stop
    does not take one download delay per queued page."""
    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    slow = (*WITH_WORKER, "DOWNLOAD_DELAY=3")  # a page every 3 s: the stop comes while it is fetching, even on a loaded machine
    crawl = _one_crawl_at_a_time(sample_catalogue, database, *slow)
    engine = open_database(database)
    _first_article_stored(engine)  # the stop once the first crawl has stored an article
    os.killpg(crawl.pid, stop_signal)  # a terminal's Ctrl-C reaches the whole process group
    out, err = crawl.communicate(timeout=120)
    with transaction(session_factory(engine)) as session:
        runs = session.execute(select(CrawlRun)).scalars().all()
        stored = len(session.execute(select(Article.id)).all())
    engine.dispose()
    assert crawl.returncode == returncode, err
    assert said in err and "Traceback" not in err
    assert "3 not crawled (stopped)" in out
    assert len(runs) == 1, out
    (run,) = runs
    assert run.status == "partial" and run.error == "stopped before the end (Ctrl-C or SIGTERM)", run.error
    assert stored == run.articles_new >= 1
    assert run.stats.get("castwire/not_fetched_stopping", 0) >= 1, run.stats


def _one_crawl_at_a_time(catalogue: Path, database: str, *settings: str) -> subprocess.Popen[str]:
    """``castwire crawl`` of the sample sites, one source at a time, in a process group of its own."""
    return subprocess.Popen(_crawl_command(catalogue, database, *settings), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "CASTWIRE_MAX_CRAWLS": "1"},
                            start_new_session=True)


def _first_article_stored(engine: Engine) -> None:
    """Waits (a minute at most) until a crawl has stored an article."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with transaction(session_factory(engine)) as session:
            if session.execute(select(Article.id)).first() is not None:
                return
        time.sleep(0.05)


def _crawl_process(crawl: subprocess.Popen[str]) -> int:
    """The pid of the crawl process ``castwire crawl`` started, once it exists (a minute at most)."""
    deadline = time.monotonic() + 60
    while not (children := _children(crawl.pid)) and time.monotonic() < deadline:
        time.sleep(0.01)
    return int(children[0])


def _children(pid: int) -> list[str]:
    """The child processes of ``pid``, whichever of its threads started them (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += (task / "children").read_text().split()
        except OSError:  # a thread that ended meanwhile
            continue
    return found


def test_sigterm_to_castwire_alone_lets_the_running_crawl_run_to_its_end_and_says_so(
        sample_catalogue: Path, tmp_path: Path) -> None:
    """`kill PID` reaches castwire, not its crawls: it said they 'finish the pages they are
    fetching', and the crawl ran on to its end."""
    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    crawl = _one_crawl_at_a_time(sample_catalogue, database, *LOCAL, "DOWNLOAD_DELAY=0.2")
    engine = open_database(database)
    _first_article_stored(engine)  # the stop once the first crawl has stored an article
    crawl.send_signal(signal.SIGTERM)
    out, err = crawl.communicate(timeout=120)
    with transaction(session_factory(engine)) as session:
        runs = session.execute(select(CrawlRun)).scalars().all()
    engine.dispose()
    assert crawl.returncode == 143, err
    assert "else they run to their end; no other source is started" in err and "Traceback" not in err
    assert "3 not crawled (stopped)" in out
    (run,) = runs
    assert run.status == "ok" and run.error is None, run.error  # not stopped: it ran to its end


def test_ctrl_c_while_a_crawl_starts_is_a_stop_not_a_failing_source(sample_catalogue: Path, tmp_path: Path) -> None:
    """Ctrl-C while the crawl process is still starting (importing) ends it with
    KeyboardInterrupt before it records its run: recorded as stopped, not as "the crawl did
    not start"."""
    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    crawl = _one_crawl_at_a_time(sample_catalogue, database, *LOCAL)
    _crawl_process(crawl)  # it exists: the stop comes while it starts
    os.killpg(crawl.pid, signal.SIGINT)
    out, err = crawl.communicate(timeout=120)
    engine = open_database(database)
    with transaction(session_factory(engine)) as session:
        runs = session.execute(select(CrawlRun)).scalars().all()
    engine.dispose()
    assert crawl.returncode == 130, err
    (run,) = runs
    assert run.status == "partial" and run.error.startswith("stopped before the"), (run.error, err)
    assert "0 failed source(s)" in out and "Traceback" not in err


def test_a_crawl_stopped_as_it_starts_stops_the_batch_before_castwire_hears_of_it(
        sample_catalogue: Path, tmp_path: Path) -> None:
    """A Ctrl-C reaches the crawl as it starts, which ends at once, before castwire's own
    handler has run (here it never does: only the crawl gets the signal): no other source starts."""
    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    crawl = _one_crawl_at_a_time(sample_catalogue, database, *LOCAL)
    os.kill(_crawl_process(crawl), signal.SIGINT)
    out, err = crawl.communicate(timeout=120)
    engine = open_database(database)
    with transaction(session_factory(engine)) as session:
        runs = session.execute(select(CrawlRun)).scalars().all()
    engine.dispose()
    (run,) = runs
    assert run.error.startswith("stopped before the"), (run.error, err)
    assert "not crawled (stopped)" in out and "Traceback" not in err


@pytest.mark.parametrize(("told_to_stop", "returncode", "status", "error"), [
    # Ctrl-C while Scrapy set out: it shut down gracefully (status 0) before the spider ran
    (True, 0, "partial", "stopped before the end (Ctrl-C or SIGTERM)"),
    (False, 0, "failed", "crawl process exited with status 0"),
    # the scheduler's shutdown kills a crawl that did not stop in time: no failure of the site
    (True, -9, "partial", "stopped before the end (Ctrl-C or SIGTERM): crawl process killed by SIGKILL"),
    (False, -9, "failed", "crawl process killed by SIGKILL"),  # the OOM killer
    (False, 130, "partial", "stopped before the end (Ctrl-C or SIGTERM)"),  # python -m scrapers, stopped early
    (False, 2, "failed", "crawl process exited with status 2"),  # a usage error is no SIGINT
])
def test_a_crawl_that_ended_without_recording_its_end_while_told_to_stop_was_stopped(
        tmp_path: Path, told_to_stop: bool, returncode: int, status: str, error: str) -> None:
    from types import SimpleNamespace

    from pipeline.crawl import _outcome

    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        session.add(CrawlRun(source_slug="streambeat", started_at=utcnow(), status="running", pid=4242))
    ended = SimpleNamespace(pid=4242, returncode=returncode)
    outcome = _outcome(sessions, "streambeat", ended, None, None,  # type: ignore[arg-type]
                       "Received SIGINT, shutting down gracefully. Send again to force", told_to_stop=told_to_stop)
    engine.dispose()
    assert (outcome.status, outcome.error) == (status, error)


@pytest.mark.parametrize(("setting", "said"), [
    ("download_delay", "NAME=VALUE"),
    # a value the setting cannot take: before, every source's crawl failed to start on it
    ("DOWNLOAD_TIMEOUT=abc", "DOWNLOAD_TIMEOUT takes a number, not 'abc'"),
    ("ROBOTSTXT_OBEY=maybe", "ROBOTSTXT_OBEY takes True or False, not 'maybe'"),
    ("CASTWIRE_IGNORE_SITEMAP_AGE=nope", "CASTWIRE_IGNORE_SITEMAP_AGE takes True or False, not 'nope'"),
    ("CONCURRENT_REQUESTS=1.5", "CONCURRENT_REQUESTS takes a whole number, not '1.5'"),
    # before, silently 1: a worker taking one request at a time where "no limit" was meant
    ("CASTWIRE_WORKER_MAX_IN_FLIGHT=0", "CASTWIRE_WORKER_MAX_IN_FLIGHT takes a whole number of 1 or more, not '0'"),
    ("CASTWIRE_WORKER_MAX_IN_FLIGHT=-3", "CASTWIRE_WORKER_MAX_IN_FLIGHT takes a whole number of 1 or more, not '-3'"),
    # a crawl that may fetch nothing; a worker's in-flight limit, four times it, failed with a traceback
    ("CONCURRENT_REQUESTS=0", "CONCURRENT_REQUESTS takes a whole number of 1 or more, not '0'"),
    ("CONCURRENT_REQUESTS_PER_DOMAIN=0", "CONCURRENT_REQUESTS_PER_DOMAIN takes a whole number of 1 or more, not '0'"),
])
def test_a_scrapy_setting_that_is_not_name_equals_value_is_a_usage_error(tmp_path: Path, setting: str,
                                                                          said: str) -> None:
    command = [sys.executable, "-c", "from pipeline.cli import main; main()",
               "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "crawl", "-s", setting]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and said in run.stderr and "Traceback" not in run.stderr


def test_a_crawl_log_past_its_size_is_moved_aside_and_one_predecessor_kept(tmp_path: Path) -> None:
    from pipeline.crawl import rotate_log

    log = tmp_path / "soompi.log"
    rotate_log(log, limit=100)  # none yet: nothing to do
    log.write_bytes(b"first run\n" * 5)
    rotate_log(log, limit=100)
    assert log.exists() and not (tmp_path / "soompi.log.1").exists()
    log.write_bytes(b"x" * 100)
    rotate_log(log, limit=100)
    assert not log.exists() and (tmp_path / "soompi.log.1").read_bytes() == b"x" * 100
    log.write_bytes(b"y" * 150)
    rotate_log(log, limit=100)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["soompi.log.1"]
    assert (tmp_path / "soompi.log.1").read_bytes() == b"y" * 150


def _descendants(pid: int) -> set[int]:
    """The processes started by ``pid``, their children too (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_a_crawl_killed_with_sigkill_leaves_no_extraction_worker_behind(sample_catalogue: Path,
                                                                        tmp_path: Path) -> None:
    """The OOM killer or an operator's kill -9: the workers follow their crawl."""
    from pipeline.crawl import crawl_command

    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(database).dispose()
    settings = ("DOWNLOAD_DELAY=1", "AUTOTHROTTLE_ENABLED=False", "CASTWIRE_IGNORE_SITEMAP_AGE=True",
                "CASTWIRE_EXTRACT_WORKERS=2")
    env = {**os.environ, "CASTWIRE_DATABASE_URL": database, "CASTWIRE_SOURCES": str(sample_catalogue)}
    crawl = subprocess.Popen(crawl_command("kdramadaily", settings), env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    engine = open_database(database)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not workers:  # an article stored: the workers run
        with transaction(session_factory(engine)) as session:
            if session.execute(select(Article.id)).first() is not None:
                workers = _descendants(crawl.pid)
        time.sleep(0.05)
    engine.dispose()
    assert workers, "the crawl stored nothing in 60 s"
    crawl.kill()
    crawl.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    left = {pid for pid in workers if Path(f"/proc/{pid}").exists()}
    for pid in left:  # not to leave them on the machine running the tests
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_a_crawl_killed_while_running_says_how_it_ended(sample_catalogue: Path, tmp_path: Path) -> None:
    """Not a page's error it met before, which would send the operator after that page."""
    import threading

    from pipeline.crawl import run_crawl

    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    settings = Settings.from_env({"CASTWIRE_DATABASE_URL": database, "CASTWIRE_SOURCES": str(sample_catalogue)})
    engine = open_database(database)
    sessions = session_factory(engine)

    def kill_once_running(process: subprocess.Popen[bytes]) -> None:
        def watch() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with transaction(sessions) as session:
                    if session.execute(select(Article.id)).first() is not None:
                        process.kill()
                        return
                time.sleep(0.05)
        threading.Thread(target=watch, daemon=True).start()

    source = load_catalogue(sample_catalogue).get("kdramadaily")
    outcome = run_crawl(settings, sessions, source, log_dir=tmp_path,
                        extra_settings=("DOWNLOAD_DELAY=1", "CASTWIRE_EXTRACT_WORKERS=0"), on_start=kill_once_running)
    with transaction(sessions) as session:
        stored = session.execute(select(func.count(Article.id))).scalar_one()
        (run,) = session.execute(select(CrawlRun)).scalars().all()
    engine.dispose()
    assert outcome.status == "failed" and outcome.error is not None
    assert outcome.error.startswith("crawl process killed by SIGKILL"), outcome.error
    # what it stored before it was killed, not "0 new" (its counters were never written)
    assert outcome.articles_new == run.articles_new == stored >= 1
    assert outcome.pages_fetched == run.pages_fetched >= stored


def test_a_crawl_whose_outcome_cannot_be_read_for_a_database_outage_says_so(
        sample_catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database went away as the crawl ended: `castwire crawl` died with a traceback and
    no outcome for any source; now the source's outcome says what happened."""
    from sqlalchemy import create_engine

    import pipeline.crawl
    from pipeline.crawl import run_crawl

    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    settings = Settings.from_env({"CASTWIRE_DATABASE_URL": database, "CASTWIRE_SOURCES": str(sample_catalogue)})
    open_database(database).dispose()
    unreachable = create_engine(f"sqlite:///{tmp_path / 'no such folder' / 'db.sqlite'}")  # as the parent sees it
    monkeypatch.setattr(pipeline.crawl, "OUTCOME_RETRY_WAITS", (0.01, 0.01))
    source = load_catalogue(sample_catalogue).get("kdramadaily")
    outcome = run_crawl(settings, session_factory(unreachable), source, log_dir=tmp_path,
                        extra_settings=("CASTWIRE_EXTRACT_WORKERS=0",))
    assert outcome.status == "failed" and outcome.returncode == 0
    assert outcome.error == ("the crawl exited with status 0, but its outcome could not be read or recorded: the "
                             "database is unreachable (OperationalError: unable to open database file)")


def test_an_article_listed_by_two_indexes_counts_once_as_already_stored(sample_catalogue: Path,
                                                                         tmp_path: Path) -> None:
    """A feed and a sitemap (here the feed twice) list the same articles: the first crawl
    stored them all and met none stored before; the second meets each once."""
    text = sample_catalogue.read_text("utf-8")
    feed = text.split('feeds = ["', 1)[1].split('"', 1)[0]
    catalogue = tmp_path / "twice.toml"
    catalogue.write_text(text.replace(f'feeds = ["{feed}"]', f'feeds = ["{feed}", "{feed}?again=1"]', 1), "utf-8")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", sources_file=catalogue)
    engine = open_database(settings.database_url)
    sessions = session_factory(engine)
    source = load_catalogue(catalogue).get("kdramadaily")
    assert len(source.feeds) == 2
    [first] = run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
    [second] = run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
    engine.dispose()
    assert first.articles_new > 0 and first.urls_already_stored == 0
    assert second.articles_new == 0 and second.urls_already_stored == first.articles_new


_FULL_TEXT = "".join(f"<p>{sentence}</p>" for sentence in (
    "俳優の高橋一生が、Netflixシリーズ『夜明けの探偵』（2027年7月配信）で主演を務めることが6日、発表された。",
    "同作は、港町の旧家を舞台に、記憶を失った探偵が失踪事件を追うミステリー。ヒロイン役には浜辺美波が決定した。",
    "高橋は「台本を読んですぐに引き込まれました。一話から最終話まで目が離せない作品です」とコメントしている。",
    "監督は『silent』の風間太樹が務め、脚本は生方美久が手がける。撮影は来年1月に始まる予定だ。",
) * 2)


def _oricon(tmp_path: Path, base: str) -> tuple[Settings, Engine, sessionmaker[Session], Source]:
    """A catalogue of ORICON NEWS read from ``base``/feed.xml, and a database for its crawls."""
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text(f'[oricon]\nname = "ORICON NEWS"\nhomepage = "{base}/"\nlanguage = "ja"\n'
                         f'feeds = ["{base}/feed.xml"]\n', "utf-8")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", sources_file=catalogue)
    engine = open_database(settings.database_url)
    return settings, engine, session_factory(engine), load_catalogue(catalogue).get("oricon")


def test_a_teaser_is_not_stored_its_full_article_is(tmp_path: Path) -> None:
    """ORICON's feed links /news/ID/, a teaser whose canonical is /news/ID/full/: the teaser was
    stored under the full article's URL, and the full article was never fetched, even once the
    feed linked it."""
    site = tmp_path / "site"
    teaser = ("<html lang='ja'><head><meta charset='utf-8'><title>高橋一生、Netflix『夜明けの探偵』で主演</title>"
              "<link rel='canonical' href='/news/2412001/full/'><meta property='og:type' content='article'></head>"
              "<body><article><h1>高橋一生、Netflix『夜明けの探偵』で主演</h1>"
              "<p>俳優の高橋一生が、Netflixシリーズ『夜明けの探偵』で主演を務める。</p>"
              "<a href='/news/2412001/full/'>全文を読む</a></article></body></html>")
    full = teaser.replace("<p>俳優の高橋一生が、Netflixシリーズ『夜明けの探偵』で主演を務める。</p>", _FULL_TEXT)
    for path, text in (("news/2412001/index.html", teaser), ("news/2412001/full/index.html", full)):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, "utf-8")
    with serve_folder(site) as base:
        def feed(link: str) -> None:
            (site / "feed.xml").write_text(
                f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>ORICON</title><link>{base}/</link>"
                f"<item><title>高橋一生、Netflix『夜明けの探偵』で主演</title><link>{base}{link}</link>"
                "<pubDate>Sun, 06 Dec 2026 06:00:00 +0900</pubDate></item></channel></rss>", "utf-8")

        settings, engine, sessions, source = _oricon(tmp_path, base)
        feed("/news/2412001/")
        [first] = run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
        later = []
        for link in ("/news/2412001/full/", "/news/2412001/"):  # the article's link, the teaser's again
            feed(link)
            later += run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
    with transaction(sessions) as session:
        [article] = session.execute(select(Article)).scalars().all()
        assert article.url == f"{base}/news/2412001/full/"
        assert "撮影は来年1月に始まる予定だ。" in article.body
    engine.dispose()
    assert (first.status, first.articles_new) == ("ok", 1)
    assert [(run.articles_new, run.urls_already_stored) for run in later] == [(0, 1), (0, 1)]


def test_a_teaser_whose_full_article_is_gone_is_stored_as_it_is(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "news" / "7").mkdir(parents=True)
    (site / "news" / "7" / "index.html").write_text(
        "<html lang='ja'><head><meta charset='utf-8'><title>高橋一生、Netflix『夜明けの探偵』で主演</title>"
        "<link rel='canonical' href='/news/7/full/'><meta property='og:type' content='article'></head>"
        "<body><article><h1>高橋一生、Netflix『夜明けの探偵』で主演</h1>"
        "<p>俳優の高橋一生が、Netflixシリーズ『夜明けの探偵』で主演を務める。</p></article></body></html>", "utf-8")
    with serve_folder(site) as base:
        (site / "feed.xml").write_text(
            f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>ORICON</title><link>{base}/</link>"
            f"<item><title>高橋一生、主演</title><link>{base}/news/7/</link></item></channel></rss>", "utf-8")
        settings, engine, sessions, source = _oricon(tmp_path, base)
        [run] = run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
    with transaction(sessions) as session:
        [article] = session.execute(select(Article)).scalars().all()
        assert article.url == f"{base}/news/7/"
        assert "主演を務める" in article.body
    engine.dispose()
    assert run.articles_new == 1


def test_a_teaser_whose_full_article_fails_for_now_is_followed_again_by_the_next_crawl(tmp_path: Path) -> None:
    """The full article unreachable for a while (here: its server answers 503): stored as it is,
    the teaser held the article's URL key for good and crawls never fetched the article."""
    site = tmp_path / "site"
    (site / "news" / "7" / "full").mkdir(parents=True)
    (site / "news" / "7" / "full" / "index.html").write_text(
        "<html lang='ja'><head><meta charset='utf-8'><title>高橋一生、Netflix『夜明けの探偵』で主演</title></head>"
        f"<body><article><h1>高橋一生、Netflix『夜明けの探偵』で主演</h1>{_FULL_TEXT}</article></body></html>", "utf-8")

    def teaser(canonical: str) -> None:
        (site / "news" / "7" / "index.html").write_text(
            "<html lang='ja'><head><meta charset='utf-8'><title>高橋一生、Netflix『夜明けの探偵』で主演</title>"
            f"<link rel='canonical' href='{canonical}'><meta property='og:type' content='article'></head>"
            "<body><article><h1>高橋一生、Netflix『夜明けの探偵』で主演</h1>"
            "<p>俳優の高橋一生が、Netflixシリーズ『夜明けの探偵』で主演を務める。</p></article></body></html>", "utf-8")

    class Unavailable(FixtureHandler):
        paths = {"/news/7/full/"}

        def send_head(self):  # type: ignore[no-untyped-def]  # noqa: ANN202
            if self.path in self.paths:
                self.send_error(503)
                return None
            return super().send_head()

    with serve_folder(site, handler_class=Unavailable) as base:
        (site / "feed.xml").write_text(
            f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>ORICON</title><link>{base}/</link>"
            f"<item><title>高橋一生、主演</title><link>{base}/news/7/</link></item></channel></rss>", "utf-8")
        settings, engine, sessions, source = _oricon(tmp_path, base)
        teaser(f"{base}/news/7/full/")
        [failed] = run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
        with transaction(sessions) as session:
            assert session.execute(select(Article)).scalars().all() == []
        Unavailable.paths = set()  # reachable again
        [second] = run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
    with transaction(sessions) as session:
        [article] = session.execute(select(Article)).scalars().all()
        assert "ヒロイン役には浜辺美波が決定した" in article.body
    engine.dispose()
    assert failed.status == "partial" and failed.articles_new == 0, failed.error
    assert second.articles_new == 1


#: One article per letter, and the spellings of its URL a site's indexes use (the first is where it lives).
_SPELLINGS = {
    "a": ("/a/", "/a/amp/", "/a/?amp=1"),
    "b": ("/b/", "/b/index.html"),
    "c": ("/c", "/c;jsessionid=9F8E7D6C5B4A"),
    "d": ("/d/",),
    "e": ("/e/",),
    "f": ("/f/", "/f/?ref=home", "/f/?utm_source=sitemap"),
}
#: Links that redirect: two to one article (the second redirect is a duplicate), and a chain of two.
_REDIRECTS = {"/?p=1204": (301, "/d/"), "/go/1204": (302, "/d/"), "/s/5": (301, "/t/5"), "/t/5": (302, "/e/")}


@contextmanager
def _spelling_site() -> Iterator[tuple[str, Counter[str]]]:
    """A site whose two feeds and sitemap spell its articles' URLs differently; yields its base URL
    and the requests it answered, by path as asked."""
    hits: Counter[str] = Counter()
    pages = {spelling: letter for letter, spellings in _SPELLINGS.items() for spelling in spellings}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
            return

        def do_GET(self) -> None:  # noqa: N802 (stdlib name)
            hits[self.path] += 1
            base = f"http://{self.headers['Host']}"
            status, kind, body = 404, "text/html", b"not here"
            if self.path in _REDIRECTS:
                status, target = _REDIRECTS[self.path]
                self.send_response(status)
                self.send_header("Location", base + target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path == "/feed.xml":
                links = ("/a/amp/", "/b/index.html", "/c;jsessionid=9F8E7D6C5B4A", "/?p=1204", "/s/5", "/f/?ref=home")
                status, kind, body = 200, "application/rss+xml", _rss(base, links)
            elif self.path == "/more.xml":
                status, kind, body = 200, "application/rss+xml", _rss(base, ("/a/?amp=1", "/go/1204", "/c", "/f/"))
            elif self.path == "/sitemap.xml":
                urls = "".join(f"<url><loc>{base}{path}</loc></url>"
                               for path in ("/a/", "/b/", "/c", "/d/", "/e/", "/f/?utm_source=sitemap"))
                status, kind = 200, "application/xml"
                body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
            elif self.path in pages:
                status, body = 200, _casting_page(pages[self.path])
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="spellings-web", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _rss(base: str, links: tuple[str, ...]) -> bytes:
    items = "".join(f"<item><title>Casting news {n}</title><link>{base}{link}</link></item>"
                    for n, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


def _casting_page(letter: str) -> bytes:
    actor = {"a": "Han Hyo-joo", "b": "Oguri Shun", "c": "Park Bo-young", "d": "Lee Je-hoon", "e": "Kim Go-eun",
             "f": "Takahashi Issei"}[letter]
    title = f"{actor} cast as the lead of the Netflix series Case {letter.upper()}"
    text = "".join(f"<p>{sentence}</p>" for sentence in (
        f"{actor} has been cast as the lead of the Netflix series Case {letter.upper()}, the streamer said on Monday.",
        f"The series follows a detective in a harbour town; filming of Case {letter.upper()} starts in January.",
        f"{actor} said the script for Case {letter.upper()} was the best they had read in years.",
        "The director, who made two earlier thrillers for the platform, also wrote the screenplay.",
    ))
    return (f"<html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            "<meta property='og:type' content='article'></head>"
            f"<body><article><h1>{title}</h1>{text}</article></body></html>").encode()


def test_each_article_is_fetched_once_per_crawl_and_its_redirecting_links_not_again(tmp_path: Path) -> None:
    """Two feeds and a sitemap spell one article's URL otherwise (/amp/, ?amp=1, index.html,
    ;jsessionid=, ?ref=): the spellings were folded within one document only, so the first
    crawl fetched most articles two or three times. Two links redirecting to one article: the
    duplicate filter dropped the second redirect, which was never recorded, and the next crawl
    fetched it again; nor were the links in the middle of a chain of redirects recorded."""
    with _spelling_site() as (base, hits):
        catalogue = tmp_path / "sources.toml"
        catalogue.write_text(f'[wire]\nname = "Wire"\nhomepage = "{base}/"\nlanguage = "en"\n'
                             f'feeds = ["{base}/feed.xml", "{base}/more.xml"]\nsitemaps = ["{base}/sitemap.xml"]\n',
                             "utf-8")
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", sources_file=catalogue)
        engine = open_database(settings.database_url)
        sessions = session_factory(engine)
        source = load_catalogue(catalogue).get("wire")
        [first] = run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
        after_first = Counter(hits)
        [second] = run_crawls(settings, sessions, [source], log_dir=tmp_path, extra_settings=LOCAL)
    with transaction(sessions) as session:
        stored = set(session.execute(select(Article.url)).scalars())
        seen = set(session.execute(select(SeenUrl.url_key).where(SeenUrl.article_id.is_not(None))).scalars())
    engine.dispose()
    assert first.status == "ok" and first.articles_new == len(_SPELLINGS), first.error
    assert len(stored) == len(_SPELLINGS)
    fetched = {letter: sum(after_first[path] for path in spellings) for letter, spellings in _SPELLINGS.items()}
    assert fetched == dict.fromkeys(_SPELLINGS, 1)
    assert all(after_first[link] == 1 for link in _REDIRECTS)
    assert {canonical_url_key(base + link) for link in _REDIRECTS} <= seen  # each redirecting link, recorded
    again = Counter(hits)
    again.subtract(after_first)
    assert {path: n for path, n in again.items() if n} == {"/feed.xml": 1, "/more.xml": 1, "/sitemap.xml": 1,
                                                          "/robots.txt": 1}
    assert second.status == "ok" and second.articles_new == 0


def test_a_stopped_crawl_is_killed_only_after_its_download_timeout() -> None:
    """Killed 10 s after its SIGTERM, a crawl of a slow site (30 s download timeout) lost the page
    it was transferring and its run was recorded failed."""
    from pipeline.crawl import stop_grace
    from scrapers import settings as crawl_settings

    assert stop_grace() > crawl_settings.DOWNLOAD_TIMEOUT
    assert stop_grace(["DOWNLOAD_DELAY=0", "DOWNLOAD_TIMEOUT=90"]) > 90
