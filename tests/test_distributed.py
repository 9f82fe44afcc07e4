"""Distributed mode against the real Redis and PostgreSQL: frontier, retention, workers."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from conftest import fresh_postgres_url
from scrapy import Request
from scrapy.utils.request import RequestFingerprinter
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline import cluster
from pipeline.config import Settings
from pipeline.crawl import run_crawls
from pipeline.crawlruns import process_alive
from pipeline.errors import UserError
from pipeline.sources import load_catalogue
from pipeline.synthetic_web import generate_web
from pipeline.webserver import serve_folder
from scrapers.distributed import InFlight, RedisScheduler, RetentionDupeFilter, WorkerSpider
from storage.db import open_database, session_factory, transaction
from storage.models import Article
from storage.repository import FeedValidators, feed_validators, save_feed_validators

pytestmark = pytest.mark.redis
FAST_LOCAL = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
              "CASTWIRE_EXTRACT_WORKERS=0", "LOG_LEVEL=INFO")
WORKER = (*FAST_LOCAL, "CASTWIRE_HEARTBEAT_INTERVAL=1", "CASTWIRE_HEARTBEAT_TTL=8",
          "CASTWIRE_WORKER_POLL_INTERVAL=0.5")


# --------------------------------------------------------------------------- configuration


def test_sqlite_is_refused_with_one_line() -> None:
    settings = Settings(database_url="sqlite:///x.sqlite", redis_url="redis://127.0.0.1:6379/0")
    with pytest.raises(UserError, match="needs a PostgreSQL DATABASE_URL") as error:
        cluster.require_distributed(settings)
    assert "\n" not in str(error.value)
    with pytest.raises(UserError, match="CASTWIRE_REDIS_URL"):
        cluster.require_distributed(Settings(database_url="postgresql://u@h/db"))


@pytest.mark.parametrize(("url", "reason"), [
    ("notredis", "(it needs to start with redis://, rediss:// or unix://)"),  # it has no port, no database
    ("127.0.0.1:6379", "(it needs to start with redis://, rediss:// or unix://)"),
    ("http://127.0.0.1:6379/0", "(it needs to start with redis://, rediss:// or unix://)"),
    ("redis://127.0.0.1:6379/x", "(the database after the port is a number, not 'x')"),
])
def test_a_malformed_redis_url_says_what_is_wrong_with_it(url: str, reason: str) -> None:
    with pytest.raises(UserError) as error:
        cluster.connect(url)
    assert str(error.value) == f"CASTWIRE_REDIS_URL: not a Redis URL such as redis://host:6379/0: {url!r} {reason}"


def test_a_unix_socket_redis_url_is_a_redis_url(tmp_path: Path) -> None:
    """unix:///path/redis.sock is redis-py's socket URL: its path is the socket's, not a database."""
    with pytest.raises(UserError, match="^Redis at unix://.* unreachable"):
        cluster.connect(f"unix://{tmp_path / 'redis.sock'}")


def _castwire_worker(frontier: cluster.Frontier, redis_url: str, postgres_url: str,
                     sample_catalogue: Path, *settings: str, flags: tuple[str, ...] = (),
                     base: tuple[str, ...] = WORKER) -> tuple[subprocess.Popen[str], Any]:
    """`castwire [flags] worker` in a subprocess (stderr piped), once its crawler has registered."""
    env = {**os.environ, "CASTWIRE_REDIS_URL": redis_url, "CASTWIRE_REDIS_PREFIX": frontier.keys.prefix,
           "DATABASE_URL": postgres_url, "CASTWIRE_SOURCES": str(sample_catalogue)}
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", *flags, "worker",
               *(arg for setting in (*base, *settings) for arg in ("-s", setting))]
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120  # a loaded machine (both CPUs busy) starts Scrapy slowly
    while not frontier.workers() and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.2)
    if not frontier.workers():
        worker.kill()
        _, errors = worker.communicate()
        pytest.fail(f"castwire worker never registered (exit status {worker.returncode}):\n{errors}")
    [running] = frontier.workers()
    return worker, running


@pytest.mark.postgres
@pytest.mark.timeout(120)
def test_sigterm_to_castwire_worker_stops_its_crawler_too(frontier: cluster.Frontier, redis_url: str,
                                                          postgres_url: str, sample_catalogue: Path,
                                                          tmp_path: Path) -> None:
    """kill, systemd and supervisors signal only the main process: the Scrapy worker it runs
    must stop with it (and retire), not run on as an orphan."""
    worker, running = _castwire_worker(frontier, redis_url, postgres_url, sample_catalogue)
    crawler_pid = int(running.worker.rsplit(":", 1)[1])
    worker.send_signal(signal.SIGTERM)
    try:
        _, errors = worker.communicate(timeout=60)
        assert "Traceback" not in errors, errors
        assert worker.returncode == 0, errors  # a clean stop, as a service manager expects
        deadline = time.monotonic() + 30
        while process_alive(crawler_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not process_alive(crawler_pid)  # the crawler stopped too
        assert frontier.workers() == []  # and retired cleanly
    finally:
        if process_alive(crawler_pid):  # an orphan: stop it
            os.kill(crawler_pid, signal.SIGTERM)


@contextmanager
def _silent_site() -> Iterator[str]:
    """A site that takes connections and never answers: its downloads stay in flight."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


@contextmanager
def _worker_fetching_from_a_silent_site(frontier: cluster.Frontier, redis_url: str, postgres_url: str,
                                        sample_catalogue: Path, download_timeout: int
                                        ) -> Iterator[tuple[subprocess.Popen[str], int, list[str]]]:
    """`castwire worker`, its crawler's pid, and a list to keep the stderr lines read before the
    end, while the crawler waits for a page that never comes; both stopped at the end in any case."""
    with _silent_site() as site:
        worker, running = _castwire_worker(frontier, redis_url, postgres_url, sample_catalogue,
                                           f"DOWNLOAD_TIMEOUT={download_timeout}", "ROBOTSTXT_OBEY=False")
        crawler_pid = int(running.worker.rsplit(":", 1)[1])
        try:
            frontier.push([cluster.encode_entry(url=f"{site}/news/slow.html", source="kdramadaily",
                                                callback="parse_article", errback="on_error",
                                                meta={"castwire_kind": "article"})])
            while frontier.workers()[0].in_flight == 0:
                time.sleep(0.1)
            yield worker, crawler_pid, []
        finally:
            if process_alive(crawler_pid):
                os.kill(crawler_pid, signal.SIGKILL)
            if worker.poll() is None:
                worker.kill()
                worker.wait()


def _read_until(worker: subprocess.Popen[str], seen: list[str], text: str) -> None:
    """Read the worker's stderr into ``seen`` up to the line that holds ``text``."""
    assert worker.stderr is not None
    for line in worker.stderr:
        seen.append(line)
        if text in line:
            return


@pytest.mark.postgres
@pytest.mark.timeout(240)
@pytest.mark.parametrize("crawler_first", [True, False], ids=["crawler-first", "worker-first"])
def test_a_sigterm_to_the_whole_process_group_stops_the_worker_once_and_cleanly(
        frontier: cluster.Frontier, redis_url: str, postgres_url: str, sample_catalogue: Path,
        crawler_first: bool) -> None:
    """`timeout -s TERM`, `kill -TERM -- -PGID` and systemd's default KillMode signal `castwire
    worker` and its crawler both; `castwire worker` passed its SIGTERM on, the crawler got a
    second one ("Received SIGTERM twice, forcing unclean shutdown") and left its requests in Redis
    until another worker reaped them. Here the two SIGTERMs come one after the other while a
    download is in flight, in either order. When `castwire worker`'s request to stop came
    first, Scrapy's own graceful stop found the crawler stopping already and ended the process
    in the middle of the close: exit 0, but the worker never retired and its request stayed in
    its processing list."""
    with _worker_fetching_from_a_silent_site(frontier, redis_url, postgres_url, sample_catalogue,
                                             download_timeout=5) as (worker, crawler_pid, seen):
        first, then = ((crawler_pid, worker.pid) if crawler_first else (worker.pid, crawler_pid))
        os.kill(first, signal.SIGTERM)
        # the first signal has been taken when the second comes
        _read_until(worker, seen, "Received SIGTERM, shutting down gracefully" if crawler_first
                    else "asks this crawler to stop")
        os.kill(then, signal.SIGTERM)
        _, rest = worker.communicate(timeout=90)
        errors = "".join(seen) + rest
        assert "twice" not in errors and "unclean" not in errors, errors
        assert worker.returncode == 0 and "Traceback" not in errors, errors
        assert frontier.workers() == [], errors  # retired cleanly...
        assert frontier.queue_depth() == 1  # ...its unfinished request back in the queue
        assert "retired (shutdown): 1 unfinished request(s) put back into the queue" in errors, errors
        assert "requests requeued" not in errors  # one line says it ("put 1 back", then "0 requeued")


@pytest.mark.postgres
@pytest.mark.timeout(240)
def test_a_second_sigterm_still_forces_a_worker_that_is_closing_to_end_at_once(
        frontier: cluster.Frontier, redis_url: str, postgres_url: str, sample_catalogue: Path) -> None:
    """The crawler waits for its close before it ends (above), except when told twice: then it
    ends at once, not after its download in flight gives up (here in two minutes)."""
    with _worker_fetching_from_a_silent_site(frontier, redis_url, postgres_url, sample_catalogue,
                                             download_timeout=120) as (worker, crawler_pid, seen):
        worker.send_signal(signal.SIGTERM)
        _read_until(worker, seen, "asks this crawler to stop")
        os.kill(crawler_pid, signal.SIGTERM)  # the group's SIGTERM: the close goes on...
        _read_until(worker, seen, "Received SIGTERM, shutting down gracefully")
        os.kill(crawler_pid, signal.SIGTERM)  # ...until a second one forces the end
        _, rest = worker.communicate(timeout=60)  # well before the download's 120 s
        errors = "".join(seen) + rest
        assert "Received SIGTERM twice, forcing unclean shutdown" in errors, errors
        assert "Traceback" not in errors, errors
        assert frontier.workers()[0].in_flight == 1  # left for the other workers to reap


class _RedisLink:
    """A TCP proxy to the test Redis that can be cut (every connection dropped, new ones closed
    at once: Redis gone) and restored."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 6379)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.url = target.replace(parts.netloc, f"127.0.0.1:{self.server.getsockname()[1]}")
        self.up = True
        self.stopped = threading.Event()
        self.open: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                client = self.server.accept()[0]
            except TimeoutError:
                continue
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass  # the link was cut
        finally:
            a.close()
            b.close()

    def cut(self) -> None:
        self.up = False
        for connection in self.open:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.open = []

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.stopped.set()
        self.thread.join()
        self.server.close()


@contextmanager
def _gated_feed(feed_url: str) -> Iterator[tuple[str, threading.Event]]:
    """A feed (a copy of ``feed_url``'s) answered only once the event is set."""
    body = urlopen(feed_url).read()  # noqa: S310 (the local sample web)
    gate = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            gate.wait(60)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml", gate
    finally:
        gate.set()
        server.shutdown()
        server.server_close()


@pytest.mark.postgres
@pytest.mark.timeout(240)
def test_what_a_worker_finds_while_redis_is_away_is_queued_once_it_is_back(
        frontier: cluster.Frontier, redis_url: str, postgres_url: str, sample_catalogue: Path,
        sample_web: str) -> None:
    """Redis away under a worker: "heartbeat failed" every 5 s, no word when it came back, and
    the feed whose article links could not be queued (and an article retry) stayed "in flight"
    until the worker was stopped, when they were put back and fetched again."""
    link = _RedisLink(redis_url)
    worker = None
    try:
        with _gated_feed(f"{sample_web}/kdramadaily/feed/index.xml") as (feed, gate):
            worker, running = _castwire_worker(frontier, link.url, postgres_url, sample_catalogue,
                                               "ROBOTSTXT_OBEY=False")
            frontier.push([cluster.encode_entry(url=feed, source="kdramadaily", callback="parse_feed",
                                                errback="on_error", dont_filter=True,
                                                meta={"castwire_kind": "feed"})])
            while frontier.workers()[0].in_flight == 0:  # the worker is reading the feed...
                time.sleep(0.1)
            link.cut()  # ...when Redis goes away
            gate.set()  # the feed's article links cannot be queued
            assert worker.stderr is not None
            log = []
            for line in worker.stderr:
                log.append(line)
                if "Redis unreachable" in line:
                    break
            while frontier.client.get(frontier.keys.heartbeat(running.worker)) is not None:
                time.sleep(0.5)  # a few heartbeats fail (its key expires)
            link.restore()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                workers = frontier.workers()
                if workers and workers[0].alive and workers[0].in_flight == 0 and frontier.queue_depth() == 0 \
                        and workers[0].articles_new > 0:
                    break
                time.sleep(0.5)
            [after] = frontier.workers()
            assert after.in_flight == 0 and after.articles_new > 0, after  # nothing stuck: queued, fetched
            worker.send_signal(signal.SIGTERM)
            _, rest = worker.communicate(timeout=60)
        text = "".join(log) + rest
        assert "heartbeat failed" not in text and "Traceback" not in text, text
        assert text.count("Redis unreachable") == 1, text  # said once (a minute)...
        assert text.count("Redis is back") == 1, text  # ...and its return once
        assert "0 unfinished request(s) put back" in text, text
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
            worker.wait()
        link.close()


@pytest.mark.postgres
@pytest.mark.timeout(240)
def test_a_workers_log_follows_quiet_and_verbose(frontier: cluster.Frontier, redis_url: str, postgres_url: str,
                                                 sample_catalogue: Path) -> None:
    """Each worker start logged about 88 lines of Scrapy's startup report (versions, settings,
    component lists, Alembic's "Context impl" three times), and the global -q changed nothing."""
    logs = {}
    for flags in ((), ("-q",), ("-v",)):
        worker, _ = _castwire_worker(frontier, redis_url, postgres_url, sample_catalogue, flags=flags,
                                     base=tuple(s for s in WORKER if not s.startswith("LOG_LEVEL")))
        worker.send_signal(signal.SIGTERM)
        _, logs[flags] = worker.communicate(timeout=60)
        assert worker.returncode == 0, logs[flags]
    report = ("Versions:", "Overridden settings", "Enabled downloader middlewares", "Context impl PostgresqlImpl")
    default = logs[()]
    assert " up: heartbeat every " in default and "retired (shutdown)" in default, default
    assert not any(line in default for line in report), default
    assert len(default.splitlines()) < 40, default  # what it does, and the stats it ends with
    assert "INFO" not in logs[("-q",)] and "castwire worker: taking requests" not in logs[("-q",)], logs[("-q",)]
    assert all(line in logs[("-v",)] for line in report), logs[("-v",)]
    assert "DEBUG" not in logs[("-v",)]


@pytest.mark.postgres
@pytest.mark.timeout(120)
def test_a_crawler_whose_castwire_worker_is_killed_stops_and_retires(frontier: cluster.Frontier, redis_url: str,
                                                                     postgres_url: str, sample_catalogue: Path) -> None:
    """kill -9 of `castwire worker` (or the OOM killer choosing it) left its crawler running as an
    orphan, taking requests, listed alive, and one worker too many once the operator restarted it."""
    worker, running = _castwire_worker(frontier, redis_url, postgres_url, sample_catalogue)
    crawler_pid = int(running.worker.rsplit(":", 1)[1])
    worker.kill()
    worker.communicate(timeout=30)
    try:
        deadline = time.monotonic() + 60
        while process_alive(crawler_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not process_alive(crawler_pid)
        assert frontier.workers() == []  # retired: its requests back in the queue
    finally:
        if process_alive(crawler_pid):
            os.kill(crawler_pid, signal.SIGTERM)


@pytest.mark.postgres
@pytest.mark.timeout(120)
def test_a_worker_whose_crawl_process_is_killed_says_so(frontier: cluster.Frontier, redis_url: str,
                                                        postgres_url: str, sample_catalogue: Path) -> None:
    worker, running = _castwire_worker(frontier, redis_url, postgres_url, sample_catalogue)
    os.kill(int(running.worker.rsplit(":", 1)[1]), signal.SIGKILL)
    _, errors = worker.communicate(timeout=60)
    assert worker.returncode == 1 and "Traceback" not in errors, errors
    assert "the worker's crawl process was killed by SIGKILL" in errors


def test_index_entries_are_json_and_never_filtered(sample_catalogue: Path) -> None:
    source = load_catalogue(sample_catalogue).get("kdramadaily")
    entries = [json.loads(e) for e in cluster.index_entries(source)]
    assert [e["url"] for e in entries] == list(source.feeds)
    assert all(e["dont_filter"] and e["callback"] == "parse_feed" and e["priority"] == 10 for e in entries)
    assert entries[0]["meta"] == {"castwire_kind": "feed", "castwire_source": "kdramadaily",
                                  "handle_httpstatus_list": [304]}


# --------------------------------------------------------------------------- the frontier


@pytest.mark.postgres
def test_a_frontier_redis_lost_makes_the_feeds_read_whole_again(
        frontier: cluster.Frontier, redis_url: str, postgres_url: str, sample_catalogue: Path) -> None:
    """Redis restarted without persistence: the queued article requests were gone, but the
    feeds kept their validators, answered 304 and the articles were never queued again."""
    url = postgres_url
    engine = open_database(url)
    sessions = session_factory(engine)
    settings = Settings(database_url=url, redis_url=redis_url, redis_prefix=frontier.keys.prefix)
    source = load_catalogue(sample_catalogue).get("kdramadaily")

    def validators_after_queueing() -> set[str]:
        with transaction(sessions) as session:
            save_feed_validators(session, [FeedValidators(feed, '"v1"', None, 200) for feed in source.feeds])
        cluster.enqueue_sources(settings, [source], lambda: sessions)
        with transaction(sessions) as session:
            return set(feed_validators(session, list(source.feeds)))

    assert validators_after_queueing() == set()  # a new frontier: nothing read conditionally
    assert validators_after_queueing() == set(source.feeds)  # the same frontier: kept
    frontier.clear()  # what a Redis restart that keeps nothing leaves
    assert validators_after_queueing() == set()
    engine.dispose()


def test_a_request_finished_while_redis_is_away_is_acknowledged_once_it_is_back(
        frontier: cluster.Frontier, caplog: pytest.LogCaptureFixture) -> None:
    """Redis away under a running worker: every finished request raised a traceback from a signal
    handler (one every 0.2 s in the log) and stayed "in flight" until the worker stopped, when
    it was put back and fetched again."""
    import redis

    frontier.push([cluster.encode_entry(url=f"http://x.test/{i}", source="s", callback="parse_article")
                   for i in range(2)])
    tokens = [(frontier.pop("w1") or ("", b""))[0] for _ in range(2)]
    away = cluster.Frontier(redis.Redis(port=1, socket_connect_timeout=0.2), frontier.keys.prefix)
    inflight = InFlight(away, "w1")
    with caplog.at_level("WARNING", logger="scrapers.distributed"):
        for token in tokens:
            inflight.started(token)
            inflight.exhausted(token)  # finished: its ack cannot reach Redis
    assert inflight.unacked == set(tokens) and len(inflight) == 0
    assert [r.getMessage().startswith("Redis unreachable") for r in caplog.records] == [True]  # said once
    inflight.frontier = frontier  # Redis is back: the next heartbeat acknowledges them
    inflight.ack_pending()
    assert inflight.unacked == set() and frontier.client.hlen(frontier.keys.processing("w1")) == 0


def test_pop_is_reliable_and_a_dead_workers_requests_are_requeued(frontier: cluster.Frontier) -> None:
    entries = [cluster.encode_entry(url=f"http://x.test/{i}", source="s", callback="parse_article",
                                    priority=i) for i in range(3)]
    assert frontier.push(entries) == 3
    assert frontier.push(entries[:1]) == 0  # an identical queued request collapses
    token, data = frontier.pop("w1") or ("", b"")
    assert json.loads(data)["url"] == "http://x.test/2"  # highest priority first
    frontier.pop("w1")
    frontier.heartbeat("w1", {"started_at": "now"}, ttl=60)
    assert frontier.queue_depth() == 1
    assert [w.in_flight for w in frontier.workers()] == [2]
    frontier.ack("w1", token)
    assert frontier.reap() == {}  # alive: nothing moves
    frontier.client.delete(frontier.keys.heartbeat("w1"))  # the heartbeat expired
    assert frontier.reap() == {"w1": 1}
    assert frontier.queue_depth() == 2 and frontier.workers() == []
    urls = {json.loads(frontier.pop("w2")[1])["url"] for _ in range(2)}  # type: ignore[index]
    assert urls == {"http://x.test/0", "http://x.test/1"}


def test_an_action_waits_until_the_request_is_finished_and_runs_before_its_ack(frontier: cluster.Frontier) -> None:
    """What a feed's validators wait for in a worker: its links safely queued, then the ack."""
    frontier.push([cluster.encode_entry(url="http://x.test/feed", source="s", callback="parse_feed")])
    token, _ = frontier.pop("w1") or ("", b"")
    inflight, ran = InFlight(frontier, "w1"), []
    inflight.started(token)
    assert inflight.when_finished(token, lambda: ran.append([w.in_flight for w in frontier.workers()]))
    frontier.heartbeat("w1", {"started_at": "now"}, ttl=60)
    inflight.produced(token)  # the feed's callback yielded an article request...
    inflight.exhausted(token)
    assert ran == []  # ...not yet in Redis
    inflight.output_done(token)
    assert ran == [[1]]  # ran while the feed was still in the processing hash
    assert [w.in_flight for w in frontier.workers()] == [0]  # then acked
    assert not inflight.when_finished(token, lambda: ran.append(None))  # no longer in flight: refused


def test_a_worker_takes_no_more_requests_than_it_may_hold_unfinished(
        frontier: cluster.Frontier, redis_url: str, sample_catalogue: Path) -> None:
    """A worker popped every request Scrapy had a free download slot for: on a fast site,
    hundreds of pages waiting for extraction sat in one worker's processing hash (662 of a
    3,000-article crawl), out of the other workers' reach, and a SIGTERM took a minute to
    handle them all."""
    frontier.push([cluster.encode_entry(url=f"http://x.test/{i}", source="kdramadaily", callback="parse_article")
                   for i in range(5)])
    crawler = get_crawler(WorkerSpider, {"CASTWIRE_REDIS_URL": redis_url, "CASTWIRE_SOURCES": str(sample_catalogue),
                                         "CASTWIRE_REDIS_PREFIX": frontier.keys.prefix,
                                         "CASTWIRE_WORKER_MAX_IN_FLIGHT": 2})
    crawler.spider = spider = WorkerSpider.from_crawler(crawler)
    crawler.engine = SimpleNamespace()  # open() sets its poll interval
    scheduler = RedisScheduler.from_crawler(crawler)
    scheduler.open(spider)
    taken = [scheduler.next_request() for _ in range(3)]
    assert [r is not None for r in taken] == [True, True, False]
    assert frontier.client.hlen(frontier.keys.processing(spider.worker)) == 2 and frontier.queue_depth() == 3
    spider.inflight.exhausted(taken[0].meta["castwire_token"])  # type: ignore[union-attr]  (finished)
    assert scheduler.next_request() is not None and scheduler.next_request() is None
    spider.frontier.client.close()
    scheduler.server.close()


def test_a_slow_sites_requests_waiting_in_the_downloader_do_not_keep_other_sites_out(
        frontier: cluster.Frontier, redis_url: str, sample_catalogue: Path) -> None:
    """The limit counted every unfinished request: a site's batch waiting in its slot for the
    download delay (or a Crawl-delay) filled it, and the worker took no other site's request
    until they had all been fetched, one per delay. Only what has left the downloader counts."""
    def push(*urls: str) -> None:
        frontier.push([cluster.encode_entry(url=url, source="kdramadaily", callback="parse_article") for url in urls])

    push("http://slow.test/0", "http://slow.test/1")
    crawler = get_crawler(WorkerSpider, {"CASTWIRE_REDIS_URL": redis_url, "CASTWIRE_SOURCES": str(sample_catalogue),
                                         "CASTWIRE_REDIS_PREFIX": frontier.keys.prefix,
                                         "CASTWIRE_WORKER_MAX_IN_FLIGHT": 2})
    crawler.spider = spider = WorkerSpider.from_crawler(crawler)
    downloader = SimpleNamespace(active=set())  # what Scrapy's Downloader.fetch adds to and removes from
    crawler.engine = SimpleNamespace(downloader=downloader)
    scheduler = RedisScheduler.from_crawler(crawler)
    scheduler.open(spider)
    slow = [scheduler.next_request() for _ in range(2)]
    downloader.active.update(slow)  # handed to the downloader (Downloader.fetch), waiting in slow.test's slot
    push("http://fast.test/0", "http://fast.test/1")
    fast = scheduler.next_request()
    assert fast is not None and fast.url.startswith("http://fast.test/")
    downloader.active.difference_update(slow)  # downloaded, waiting for extraction: these count again
    assert scheduler.next_request() is None
    assert frontier.client.hlen(frontier.keys.processing(spider.worker)) == 3 and frontier.queue_depth() == 1
    spider.frontier.client.close()
    scheduler.server.close()


def test_dupefilter_retention(frontier: cluster.Frontier) -> None:
    dupefilter = RetentionDupeFilter(frontier.client, frontier.keys.prefix, retention_seconds=60,
                                     fingerprinter=RequestFingerprinter())
    article = Request("http://x.test/a", meta={"castwire_kind": "article"})
    feed = Request("http://x.test/feed", meta={"castwire_kind": "feed"})
    assert not dupefilter.request_seen(article)
    assert dupefilter.request_seen(article.replace())
    assert not dupefilter.request_seen(feed) and not dupefilter.request_seen(feed)
    keys = list(frontier.client.scan_iter(match=f"{frontier.keys.prefix}:seen:*"))
    assert len(keys) == 1 and 0 < frontier.client.ttl(keys[0]) <= 60  # article fingerprints expire
    dupefilter.close("finished")
    assert dupefilter.request_seen(article)  # a closing worker keeps the shared fingerprints
    dupefilter.forget(article.replace())  # given up on: any worker may ask for it again
    assert not dupefilter.request_seen(article)


# --------------------------------------------------------------------------- several workers


def _stored(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with transaction(sessions) as session:
        return session.execute(
            select(func.count(), func.count(func.distinct(Article.url_key))).select_from(Article)
        ).one()  # type: ignore[return-value]


def _story_partition(sessions: sessionmaker[Session]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    with transaction(sessions) as session:
        for story_id, url in session.execute(select(Article.story_id, Article.url)):
            groups.setdefault(story_id, set()).add(url)
    return {frozenset(urls) for urls in groups.values()}


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(420)
def test_workers_share_a_crawl_and_survive_a_killed_worker(
    frontier: cluster.Frontier, redis_url: str, postgres_admin_url: str, tmp_path: Path
) -> None:
    web = generate_web(tmp_path / "web", outlets=5, per_outlet=100)
    assert web.articles >= 500
    databases = fresh_postgres_url(postgres_admin_url), fresh_postgres_url(postgres_admin_url)
    distributed_url, local_url = next(databases[0]), next(databases[1])
    processes: list[subprocess.Popen[bytes]] = []
    engines = []
    try:
        with serve_folder(web.root) as base:
            catalogue = web.catalogue(base, tmp_path / "sources.toml")
            settings = Settings(database_url=distributed_url, sources_file=catalogue,
                                redis_url=redis_url, redis_prefix=frontier.keys.prefix)
            engines.append(open_database(distributed_url))
            sessions = session_factory(engines[-1])
            processes = [cluster.start_worker(settings, extra_settings=WORKER,
                                              log_file=tmp_path / f"worker{i}.log") for i in range(3)]
            sources = list(load_catalogue(catalogue).sources.values())
            assert sum(cluster.enqueue_sources(settings, sources).values()) == len(sources)

            stored_by: dict[str, int] = {}
            victim: subprocess.Popen[bytes] | None = None
            deadline = time.monotonic() + 360
            while time.monotonic() < deadline:
                workers = frontier.workers()
                for w in workers:
                    stored_by[w.worker] = max(stored_by.get(w.worker, 0), w.articles_new)
                total, _ = _stored(sessions)
                if victim is None and total >= web.articles // 3:
                    victim = next((p for p in processes for w in workers
                                   if w.worker.endswith(f":{p.pid}") and w.in_flight > 0), None)
                    if victim is not None:
                        victim.send_signal(signal.SIGKILL)  # dies with requests in flight
                        victim.wait()
                alive = [w for w in workers if w.alive]
                if (total >= web.articles and frontier.queue_depth() == 0 and victim is not None
                        and all(w.in_flight == 0 for w in alive)
                        and not any(w.worker.endswith(f":{victim.pid}") for w in workers)):
                    break
                assert all(p.poll() is None for p in processes if p is not victim), "a worker died"
                time.sleep(0.5)
            else:
                pytest.fail(f"the crawl did not finish: {_stored(sessions)} of {web.articles} stored")

            assert victim is not None
            total, distinct = _stored(sessions)
            assert total == distinct == web.articles  # everything, exactly once, nothing lost
            assert len(stored_by) == 3 and all(n > 0 for n in stored_by.values()), stored_by
            for process in processes:
                if process is not victim:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(timeout=60)
            assert frontier.workers() == []  # the survivors retired cleanly
            logs = "".join((tmp_path / f"worker{i}.log").read_text("utf-8", "replace") for i in range(3))
            assert "is gone: requeued" in logs
            assert "Traceback" not in logs and "Warning:" not in logs

            engines.append(open_database(local_url))
            local_sessions = session_factory(engines[-1])
            outcomes = run_crawls(Settings(database_url=local_url, sources_file=catalogue, max_crawls=2),
                                  local_sessions, sources, log_dir=tmp_path, extra_settings=FAST_LOCAL)
            assert all(o.status == "ok" for o in outcomes), [(o.slug, o.error) for o in outcomes]
        assert _stored(local_sessions)[0] == web.articles
        distributed, local = _story_partition(sessions), _story_partition(local_sessions)
        assert len(distributed) < web.articles  # reports of one event were folded together
        assert distributed == local
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        for engine in engines:
            engine.dispose()
        for generator in databases:
            generator.close()
