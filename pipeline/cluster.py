"""Distributed mode: the shared crawl frontier in Redis, without Scrapy.

With ``CASTWIRE_REDIS_URL`` set and a PostgreSQL database, crawls are not run
as one subprocess per source: ``castwire crawl --distributed`` (and the
scheduler, through :func:`enqueue_sources`) pushes each source's feed, sitemap
and listing URLs into Redis, and any number of ``castwire worker`` processes,
on any number of machines, take requests from there and store into the shared
PostgreSQL database.

This module owns the Redis side of that protocol so that the CLI, the
scheduler and ``castwire status`` never import Scrapy; the Scrapy side (the
scheduler, queue and duplicate filter built on scrapy-redis) is
:mod:`scrapers.distributed`.

Keys (``P`` is ``Settings.redis_prefix``, default ``castwire``):

``P:requests``
    sorted set of queued requests, JSON (never pickle), score ``-priority``.
``P:processing:<worker>``
    hash token → request of what one worker has popped and not finished yet
    (the reliable-queue pattern): a request is removed only once its response
    has been fully handled, so a worker that dies loses nothing.
``P:workers`` / ``P:worker:<worker>``
    the set of registered workers / each one's heartbeat (JSON, with a TTL).
    A worker whose heartbeat has expired is *dead*: the first live worker to
    notice moves its processing hash back into the queue (:meth:`Frontier.reap`).
``P:seen:<fingerprint>``
    the duplicate filter: one key per article request fingerprint, expiring
    after the retention period. Feed, sitemap, robots and listing URLs are
    never recorded: they are refetched (conditionally) on every run.
``P:tokens``
    counter for processing tokens.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import redis
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings, masked_url
from pipeline.errors import UserError, process_end
from pipeline.sources import Source
from storage.db import open_database, transaction
from storage.repository import forget_all_feed_validators

logger = logging.getLogger(__name__)

WORKER_SPIDER = "castwire_worker"
WORKER_LOADER = "scrapers.distributed.WorkerSpiderLoader"
#: What ``castwire worker`` writes to its crawler's stdin to stop it cleanly (see :func:`run_worker`).
STOP_WORD = b"stop\n"
INDEX_PRIORITY = 10
NOT_MODIFIED = 304
#: Request meta kept when a request crosses Redis; everything else stays in the process.
PORTABLE_META = (
    "castwire_kind", "castwire_source", "castwire_found_on", "page", "hints", "handle_httpstatus_list",
    "sitemap_chain", "retry_times", "redirect_times", "redirect_ttl", "redirect_urls", "redirect_reasons",
)
ENTRY_VERSION = 1

# Pop the best request and file it under the worker's processing hash, atomically.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
local token = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], token, found[1])
return {tostring(token), found[1]}
"""
# Put every request of a processing hash back into the queue, atomically.
_REQUEUE = """
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local data = entries[i + 1]
  local ok, entry = pcall(cjson.decode, data)
  local score = 0
  if ok and type(entry) == 'table' and tonumber(entry['priority']) then
    score = -tonumber(entry['priority'])
  end
  redis.call('ZADD', KEYS[2], score, data)
end
redis.call('DEL', KEYS[1])
return #entries / 2
"""


def require_distributed(settings: Settings) -> str:
    """The Redis URL, or a one-line :class:`UserError` when distributed mode cannot run."""
    if not settings.redis_url:
        raise UserError("distributed mode needs CASTWIRE_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    try:
        backend = make_url(settings.database_url).get_backend_name()
    except ArgumentError:
        raise UserError(f"not a database URL: {settings.database_url!r}") from None
    if backend != "postgresql":
        raise UserError(
            f"distributed mode needs a PostgreSQL DATABASE_URL shared by every worker, not {backend} "
            "(e.g. postgresql://user@host/castwire)"
        )
    return settings.redis_url


def connect(redis_url: str) -> redis.Redis:
    """A Redis client; a malformed URL or an unreachable server is a :class:`UserError`."""
    try:
        parts = urlsplit(redis_url)
        if parts.scheme not in ("redis", "rediss", "unix"):  # redis-py's own message is phrased for programmers
            raise ValueError("it needs to start with redis://, rediss:// or unix://")
        database = parts.path.strip("/") if parts.scheme != "unix" else ""  # a unix:// path is the socket's
        if database and not database.isdigit():  # redis-py reads "/x" as database 0: someone else's
            raise ValueError(f"the database after the port is a number, not {database!r}")
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=10, socket_timeout=30)
    except ValueError as exc:
        raise UserError(f"CASTWIRE_REDIS_URL: not a Redis URL such as redis://host:6379/0: {masked_url(redis_url)!r} "
                        f"({exc})") from None
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        raise UserError(f"Redis at {masked_url(redis_url)} unreachable: {exc}") from None
    return client


def worker_id() -> str:
    """This process's worker name: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Keys:
    prefix: str

    @property
    def requests(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    @property
    def tokens(self) -> str:
        return f"{self.prefix}:tokens"

    def processing(self, worker: str) -> str:
        return f"{self.prefix}:processing:{worker}"

    def heartbeat(self, worker: str) -> str:
        return f"{self.prefix}:worker:{worker}"

    def seen(self, fingerprint: str) -> str:
        return f"{self.prefix}:seen:{fingerprint}"

    @property
    def started(self) -> str:
        """When this frontier was first filled: gone when Redis lost its data (a restart
        without persistence, a flush) along with every queued request."""
        return f"{self.prefix}:started"


# --------------------------------------------------------------------------- entries


def encode_entry(
    *,
    url: str,
    source: str,
    callback: str | None,
    errback: str | None = None,
    method: str = "GET",
    priority: int = 0,
    dont_filter: bool = False,
    meta: Mapping[str, Any] | None = None,
) -> bytes:
    """One queued request as canonical JSON (the same request always encodes the same)."""
    portable = {key: _plain(value) for key, value in (meta or {}).items() if key in PORTABLE_META}
    portable["castwire_source"] = source
    entry = {
        "v": ENTRY_VERSION, "url": url, "method": method, "callback": callback, "errback": errback,
        "priority": priority, "dont_filter": dont_filter, "meta": portable,
    }
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def decode_entry(data: bytes | str) -> dict[str, Any]:
    """The dict :func:`encode_entry` wrote; a foreign or corrupt entry raises ``ValueError``."""
    entry = json.loads(data)
    if not isinstance(entry, dict) or entry.get("v") != ENTRY_VERSION or not entry.get("url"):
        raise ValueError(f"not a castwire request entry: {str(data)[:200]!r}")
    return entry


def _plain(value: Any) -> Any:
    """JSON-ready: dataclasses (FeedHints) as dicts, datetimes as ISO text, tuples as lists."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot queue a request with meta value {value!r}")


def index_entries(source: Source) -> list[bytes]:
    """The feed, sitemap, robots and listing requests that start a crawl of ``source``.

    Mirrors ``NewsSpider.start()``: always refetched (``dont_filter``), before articles.
    """
    def index(url: str, kind: str, callback: str, **meta: Any) -> bytes:
        return encode_entry(url=url, source=source.slug, callback=callback, errback="on_error",
                            priority=INDEX_PRIORITY, dont_filter=True,
                            meta={"castwire_kind": kind, "handle_httpstatus_list": [NOT_MODIFIED], **meta})

    entries = [index(url, "feed", "parse_feed") for url in source.feeds]
    entries += [index(url, "sitemap", "parse_sitemap") for url in source.sitemaps]
    if source.robots_sitemaps:
        entries.append(index(urljoin(source.homepage, "/robots.txt"), "robots", "parse_robots"))
    if source.listing:
        entries += [index(url, "listing", "parse_listing", page=1) for url in source.listing.urls]
    return entries


# --------------------------------------------------------------------------- the frontier


class Frontier:
    """The Redis operations of the shared frontier (used by workers, the CLI and the scheduler)."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client = client
        self.keys = Keys(prefix)
        self._pop = client.register_script(_POP)
        self._requeue = client.register_script(_REQUEUE)

    def push(self, entries: Sequence[bytes]) -> int:
        """Queue encoded requests; returns how many were new (an identical queued entry collapses)."""
        if not entries:
            return 0
        mapping = {data: -int(json.loads(data).get("priority", 0)) for data in entries}
        return int(self.client.zadd(self.keys.requests, mapping))

    def pop(self, worker: str) -> tuple[str, bytes] | None:
        """The best queued request, now in ``worker``'s processing hash under a token."""
        found = self._pop(keys=[self.keys.requests, self.keys.processing(worker), self.keys.tokens])
        if not found:
            return None
        token, data = found
        return (token.decode() if isinstance(token, bytes) else str(token)), data

    def ack(self, worker: str, token: str) -> None:
        """``worker`` is done with the request ``token`` (its response was fully handled)."""
        self.client.hdel(self.keys.processing(worker), token)

    def requeue(self, worker: str) -> int:
        """Put everything ``worker`` holds back into the queue (on start, on close, when dead)."""
        return int(self._requeue(keys=[self.keys.processing(worker), self.keys.requests]))

    def queue_depth(self) -> int:
        return int(self.client.zcard(self.keys.requests))

    def heartbeat(self, worker: str, info: Mapping[str, Any], ttl: float) -> None:
        pipe = self.client.pipeline()
        pipe.sadd(self.keys.workers, worker)
        pipe.set(self.keys.heartbeat(worker), json.dumps(dict(info), default=str),
                 px=max(1, int(ttl * 1000)))
        pipe.execute()

    def retire(self, worker: str) -> int:
        """A worker leaves cleanly: its unfinished requests go back to the queue."""
        moved = self.requeue(worker)
        pipe = self.client.pipeline()
        pipe.delete(self.keys.heartbeat(worker))
        pipe.srem(self.keys.workers, worker)
        pipe.execute()
        return moved

    def reap(self) -> dict[str, int]:
        """Requeue the requests of every registered worker whose heartbeat expired."""
        reaped: dict[str, int] = {}
        for raw in self.client.smembers(self.keys.workers):
            worker = raw.decode() if isinstance(raw, bytes) else str(raw)
            if self.client.exists(self.keys.heartbeat(worker)):
                continue
            reaped[worker] = self.requeue(worker)
            self.client.srem(self.keys.workers, worker)
        return reaped

    def workers(self) -> list[WorkerInfo]:
        found = []
        for raw in sorted(self.client.smembers(self.keys.workers)):
            worker = raw.decode() if isinstance(raw, bytes) else str(raw)
            beat = self.client.get(self.keys.heartbeat(worker))
            ttl_ms = self.client.pttl(self.keys.heartbeat(worker))
            info = json.loads(beat) if beat else {}
            found.append(WorkerInfo(
                worker=worker,
                alive=beat is not None,
                in_flight=int(self.client.hlen(self.keys.processing(worker))),
                started_at=info.get("started_at"),
                concurrency=info.get("concurrency"),
                pages=int(info.get("pages", 0)),
                articles_new=int(info.get("articles_new", 0)),
                expires_in=ttl_ms / 1000 if beat is not None and ttl_ms > 0 else None,
            ))
        return found

    def clear(self) -> None:
        """Delete every key under the prefix (tests, a fresh start)."""
        for key in self.client.scan_iter(match=f"{self.keys.prefix}:*", count=1000):
            self.client.delete(key)


# --------------------------------------------------------------------------- library API


@dataclass(frozen=True)
class WorkerInfo:
    worker: str  # host:pid
    alive: bool  # heartbeat present
    in_flight: int  # requests popped and not finished
    started_at: str | None = None
    concurrency: int | None = None
    pages: int = 0
    articles_new: int = 0
    expires_in: float | None = None  # seconds left on the heartbeat


@dataclass(frozen=True)
class ClusterStatus:
    queue_depth: int
    workers: list[WorkerInfo]


def frontier(settings: Settings) -> Frontier:
    """The frontier of a distributed setup (checks the configuration first)."""
    return Frontier(connect(require_distributed(settings)), settings.redis_prefix)


def enqueue_sources(settings: Settings, sources: Sequence[Source],
                    sessions: Callable[[], sessionmaker[Session]] | None = None) -> dict[str, int]:
    """Push the sources' feed/sitemap/listing requests into Redis on one connection (closed
    after): slug → requests queued (an identical request still queued counts once).

    A frontier Redis no longer has (new, or lost with a restart that kept nothing) also lost
    the article requests it held: the stored validators of every feed, sitemap and listing
    are then forgotten (in the database ``sessions()`` opens, only then), so that their next
    reads are whole and queue those articles again instead of answering 304."""
    front = frontier(settings)
    try:
        if sessions is not None and not front.client.exists(front.keys.started):
            with transaction(sessions()) as session:
                forgotten = forget_all_feed_validators(session)
            if forgotten:
                logger.warning("the Redis frontier is new or was lost (%s keeps nothing across a restart?): "
                               "%d feed/sitemap/listing validator(s) forgotten, so they are read whole and "
                               "what was queued is queued again", masked_url(settings.redis_url or ""), forgotten)
        front.client.set(front.keys.started, datetime.now(UTC).isoformat(), nx=True)
        return {source.slug: front.push(index_entries(source)) for source in sources}
    finally:
        front.client.close()


def cluster_status(redis_url: str, prefix: str = "castwire") -> ClusterStatus:
    """Queue depth and the registered workers (for ``castwire status``)."""
    front = Frontier(connect(redis_url), prefix)
    try:
        return ClusterStatus(front.queue_depth(), front.workers())
    finally:
        front.client.close()


def worker_command(concurrency: int | None = None, extra_settings: Sequence[str] = ()) -> list[str]:
    command = [sys.executable, "-m", "scrapers", "crawl", WORKER_SPIDER,
               "-s", f"SPIDER_LOADER_CLASS={WORKER_LOADER}"]
    if concurrency:
        command += ["-s", f"CONCURRENT_REQUESTS={concurrency}"]
    for setting in extra_settings:
        command += ["-s", setting]
    return command


def start_worker(
    settings: Settings,
    *,
    concurrency: int | None = None,
    extra_settings: Sequence[str] = (),
    log_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    stop_pipe: bool = False,
) -> subprocess.Popen[bytes]:
    """Start one long-lived worker crawler in a subprocess (never imports Scrapy here).

    With ``stop_pipe`` its stdin is a pipe from this process: writing :data:`STOP_WORD` to it
    stops the crawler cleanly, and so does this process's end (the pipe closes); the crawler
    must then be told ``CASTWIRE_WORKER_PARENT`` (as :func:`run_worker` does)."""
    require_distributed(settings)
    child_env = {**os.environ, **(env or {}), **settings.child_env()}
    log = open(log_file, "ab") if log_file else None  # noqa: SIM115 (handed to the child)
    try:
        return subprocess.Popen(worker_command(concurrency, [*settings.crawl_settings(), *extra_settings]), env=child_env,
                                stdin=subprocess.PIPE if stop_pipe else subprocess.DEVNULL, stdout=log, stderr=log)
    finally:
        if log is not None:
            log.close()


def worker_log_settings(verbosity: int) -> tuple[list[str], dict[str, str]]:
    """The Scrapy settings and environment of a worker's crawler for the CLI's ``-q`` (-1),
    nothing (0), ``-v`` (1) or ``-vv`` (2): errors only; what it does, without Scrapy's
    startup report of about 80 lines; with it; everything (debug)."""
    level = {-1: "ERROR", 0: "INFO", 1: "INFO"}.get(verbosity, "DEBUG")
    return [f"LOG_LEVEL={level}"], ({"CASTWIRE_STARTUP_LOG": "debug"} if verbosity < 1 else {})


def run_worker(settings: Settings, *, concurrency: int | None = None, extra_settings: Sequence[str] = (),
               on_ready: Callable[[], None] | None = None, verbosity: int = 0) -> int:
    """Run a worker in the foreground until it stops (Ctrl-C / SIGTERM stop it cleanly).

    Redis is checked first, so a wrong setup changes no database; then the schema is
    migrated once here (a bad database fails with one line), ``on_ready`` is told, and the
    crawler starts, logging as :func:`worker_log_settings` says (a ``LOG_LEVEL`` in
    ``extra_settings`` wins)."""
    connect(require_distributed(settings)).close()
    open_database(settings.database_url).dispose()
    if on_ready is not None:
        on_ready()
    # the crawler stops by itself when this process is gone (kill -9): see WorkerHeartbeat
    log_settings, log_env = worker_log_settings(verbosity)
    process = start_worker(settings, concurrency=concurrency, stop_pipe=True, env=log_env,
                           extra_settings=[*log_settings, *extra_settings, f"CASTWIRE_WORKER_PARENT={os.getpid()}"])

    def ask_to_stop() -> None:
        """Stop the crawler cleanly through its stdin, never by signalling it: a SIGTERM sent to
        the process group or the cgroup (timeout, kill -- -PGID, systemd's default KillMode) has
        reached it already, and a second one makes Scrapy force an unclean shutdown that leaves
        its requests in Redis until another worker reaps them. Told twice, it stops once."""
        assert process.stdin is not None
        try:
            os.write(process.stdin.fileno(), STOP_WORD)
        except OSError:  # (a broken pipe) the crawler has ended already: nothing to stop
            return

    def on_sigterm(_signum: int, _frame: object) -> None:
        """SIGTERM sent to this process alone (kill PID, a supervisor) would not reach the crawler."""
        ask_to_stop()

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        try:
            returncode = process.wait()
        except KeyboardInterrupt:  # Ctrl-C reached the crawler too; `kill -INT` this one alone did not
            ask_to_stop()
            returncode = process.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.stdin is not None:
            process.stdin.close()
    if returncode < 0:  # killed (the OOM killer, kill -9): said, not a silent exit
        raise UserError(f"the worker's crawl process was {process_end(returncode)}; the requests it held go "
                        "back to the queue for the other workers")
    return returncode  # a clean stop is a service's success, as `castwire schedule`'s


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
