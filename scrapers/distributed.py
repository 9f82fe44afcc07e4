"""Distributed crawling: a compatibility layer over scrapy-redis 0.9.1, and the worker spider.

``castwire worker`` runs ``scrapy crawl castwire_worker``: one long-lived
crawler that takes requests of *any* catalogue source from the Redis frontier
(:mod:`pipeline.cluster` owns the keys and the Redis protocol) and stores into
the shared PostgreSQL database through the usual item pipelines.

Why a layer, and how to remove it
---------------------------------
castwire uses scrapy-redis's scheduler, queue and duplicate filter, but
scrapy-redis 0.9.1 predates Scrapy 2.16, so this module subclasses them:

- :class:`RedisScheduler` (``scrapy_redis.scheduler.Scheduler``) is built in
  ``from_crawler`` (0.9.1 goes through its own ``from_settings`` and the
  dupefilter's ``from_settings``), never passes the deprecated ``spider=``
  argument to the stats collector nor calls the deprecated ``Spider.log()``, never flushes the shared queue on close,
  and pops with the reliable-queue pattern (a request stays in the worker's
  processing hash until its response is fully handled).
- :class:`JsonPriorityQueue` (``scrapy_redis.queue.PriorityQueue``) serialises
  requests as JSON (url, method, callback name, source slug, a portable subset
  of meta with ``FeedHints`` as a dict, priority, ``dont_filter``) instead of
  pickling ``Request.to_dict()``: Redis is not a code-execution boundary.
- :class:`RetentionDupeFilter` (``scrapy_redis.dupefilter.RFPDupeFilter``)
  uses Scrapy's request fingerprinter (not its own ``request_fingerprint``),
  keeps one key per article fingerprint with a TTL (retention), never records
  feed/sitemap/robots/listing requests, and never deletes the shared
  fingerprints when a worker closes.
- :class:`WorkerSpider` defines ``async def start()``; scrapy-redis's
  ``RedisSpider`` only has ``start_requests()``, which Scrapy 2.16+ never calls.
  Its Deferred-returning ``RedisPipeline`` is not used (items go to PostgreSQL).

When scrapy-redis 0.10 ships (async start, no deprecated calls, pluggable
serializer): point ``SCHEDULER``/``DUPEFILTER_CLASS`` at its classes with a
JSON ``SCHEDULER_SERIALIZER``, keep only the reliable pop, the retention
policy and :class:`WorkerSpider`, re-run ``tests/test_distributed.py`` with
warnings as errors, and delete the rest of this layer.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from time import monotonic
from typing import Any, Self

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.request import RequestFingerprinterProtocol
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from pipeline.cluster import (
    STOP_WORD,
    WORKER_SPIDER,
    Frontier,
    connect,
    decode_entry,
    encode_entry,
    now_iso,
    worker_id,
)
from pipeline.config import Settings
from pipeline.records import FeedHints
from pipeline.sources import Catalogue, Source, load_catalogue
from scrapers.spiderloader import CatalogueSpiderLoader
from scrapers.spiders.news import KIND, NewsSpider, request_given_up
from scrapers.stopping import CHECK_INTERVAL, CrawlStopping

logger = logging.getLogger(__name__)

SOURCE = "castwire_source"  # request meta: the catalogue slug a request belongs to
TOKEN = "castwire_token"  # request meta: processing token of a request popped from Redis
PARENT = "castwire_parent"  # request meta: token of the response that produced this request
NEVER_FILTERED = ("feed", "sitemap", "listing", "robots")
DEFAULT_RETENTION_DAYS = 7.0


def redis_settings(crawler: Crawler) -> tuple[str, str]:
    """(Redis URL, key prefix) from the crawl settings, else the environment."""
    env = Settings.from_env()
    url = crawler.settings.get("CASTWIRE_REDIS_URL") or env.redis_url
    if not url:
        raise ValueError("the castwire worker needs CASTWIRE_REDIS_URL")
    return url, crawler.settings.get("CASTWIRE_REDIS_PREFIX") or env.redis_prefix


# --------------------------------------------------------------------------- JSON requests


def request_to_entry(request: Request) -> bytes:
    """A request as a JSON queue entry; its callbacks are referred to by name."""
    owner = getattr(request.callback, "__self__", None)
    source = request.meta.get(SOURCE) or getattr(getattr(owner, "source", None), "slug", None)
    if not source:
        raise ValueError(f"cannot queue {request}: it names no catalogue source")
    if request.method != "GET" or request.body:
        raise ValueError(f"cannot queue {request}: only GET requests without a body cross Redis")
    return encode_entry(
        url=request.url, source=source, method=request.method,
        callback=_method_name(request.callback), errback=_method_name(request.errback),
        priority=request.priority, dont_filter=request.dont_filter, meta=request.meta,
    )


def _method_name(function: Any) -> str | None:
    if function is None:
        return None
    name = getattr(function, "__name__", None)
    if name is None or not hasattr(function, "__self__"):
        raise ValueError(f"only spider methods can be queued as callbacks, not {function!r}")
    return str(name)


def request_from_entry(data: bytes | str, spider: WorkerSpider) -> Request:
    """The request a JSON entry describes, bound to the source's spider methods."""
    entry = decode_entry(data)
    meta = dict(entry.get("meta") or {})
    delegate = spider.delegate(str(meta.get(SOURCE)))
    if isinstance(meta.get("hints"), dict):
        meta["hints"] = _hints(meta["hints"])
    return Request(
        entry["url"], method=entry.get("method", "GET"),
        callback=_bound(delegate, entry.get("callback")), errback=_bound(delegate, entry.get("errback")),
        priority=int(entry.get("priority", 0)), dont_filter=bool(entry.get("dont_filter")), meta=meta,
    )


def _bound(delegate: NewsSpider, name: str | None) -> Any:
    if name is None:
        return None
    if not (name.startswith("parse") or name == "on_error") or not callable(getattr(delegate, name, None)):
        raise ValueError(f"not a castwire callback: {name!r}")
    return getattr(delegate, name)


def _hints(raw: dict[str, Any]) -> FeedHints:
    published = raw.get("published_at")
    return FeedHints(
        title=raw.get("title"), published_raw=raw.get("published_raw"),
        published_at=datetime.fromisoformat(published) if published else None,
        author=raw.get("author"), summary=raw.get("summary"),
        categories=tuple(raw.get("categories") or ()), source=raw.get("source"),
    )


class _JsonSerializer:
    """Satisfies scrapy-redis's serializer check; requests never reach it (see the queue)."""

    @staticmethod
    def dumps(obj: Any) -> bytes:
        raise TypeError("castwire queues requests with request_to_entry, not a serializer")

    @staticmethod
    def loads(data: bytes) -> Any:
        raise TypeError("castwire reads requests with request_from_entry, not a serializer")


# --------------------------------------------------------------------------- in-flight tracking


class _OutageLog:
    """Redis unreachable is said once a minute at most, not by a traceback for each poll (the
    engine asks for the next request five times a second, the heartbeat beats every 5 s), and
    its return once."""

    REPEAT = 60.0

    def __init__(self) -> None:
        self.last = -self.REPEAT
        self.since: float | None = None  # when this outage was first met

    def say(self, exc: Exception) -> None:
        now = monotonic()
        if self.since is None:
            self.since = now
        if now - self.last >= self.REPEAT:
            self.last = now
            logger.warning("Redis unreachable (%s): waiting for it; finished requests are acknowledged, the "
                           "requests found meanwhile queued, and new ones taken, once it is back", exc)

    def over(self) -> None:
        """Redis answered again: said once, and the next outage is said at once."""
        if self.since is not None:
            logger.warning("Redis is back after %.0f s: taking requests again", monotonic() - self.since)
            self.since = None
            self.last = -self.REPEAT


class InFlight:
    """When is a request popped from Redis finished, so that it can leave the processing hash?

    When its callback's output is exhausted *and* every item it produced has
    left the item pipelines *and* every request it produced is safely in
    Redis; or when its errback ran; or when a retry/redirect replaced it and
    the replacement is in Redis. Until then a dead worker's request is requeued.
    """

    def __init__(self, frontier: Frontier, worker: str) -> None:
        self.frontier = frontier
        self.worker = worker
        self._open: dict[str, list[Any]] = {}  # token → [outputs outstanding, output exhausted]
        self._then: dict[str, list[Callable[[], None]]] = {}  # token → run when finished, before the ack
        self.unacked: set[str] = set()  # finished while Redis was away: acknowledged once it is back
        self.outage = _OutageLog()  # this worker's word that Redis is away

    def __len__(self) -> int:
        return len(self._open)

    def __contains__(self, token: object) -> bool:
        return token in self._open

    def started(self, token: str) -> None:
        self._open[token] = [0, False]

    def produced(self, token: str) -> None:
        if token in self._open:
            self._open[token][0] += 1

    def output_done(self, token: str) -> None:
        if token in self._open:
            self._open[token][0] -= 1
            self._maybe_ack(token)

    def exhausted(self, token: str) -> None:
        if token in self._open:
            self._open[token][1] = True
            self._maybe_ack(token)

    def when_finished(self, token: str, action: Callable[[], None]) -> bool:
        """Run ``action`` once the request of ``token`` is finished, just before it leaves the
        processing hash; False (and nothing run) when that request is not in flight here."""
        if token not in self._open:
            return False
        self._then.setdefault(token, []).append(action)
        return True

    def finished(self, token: str) -> None:
        """Nothing more will come of this request (errback ran, or it was replaced)."""
        if self._open.pop(token, None) is not None:
            try:
                for action in self._then.pop(token, ()):
                    action()
            finally:  # what the request produced is safe whatever an action met
                self._ack(token)

    def ack(self, token: str) -> None:
        """Remove ``token`` from the processing hash now, or once Redis is back."""
        self._ack(token)

    def _ack(self, token: str) -> None:
        try:
            self.frontier.ack(self.worker, token)
        except redis.RedisError as exc:  # Redis away for a while: the heartbeat acknowledges it after
            self.unacked.add(token)
            self.outage.say(exc)

    def ack_pending(self) -> None:
        """Acknowledge the requests finished while Redis was away (the heartbeat calls it)."""
        for token in sorted(self.unacked):
            self.frontier.ack(self.worker, token)
            self.unacked.discard(token)

    def _maybe_ack(self, token: str) -> None:
        outstanding, exhausted = self._open[token]
        if exhausted and outstanding <= 0:
            self.finished(token)


class InFlightMiddleware:
    """Spider middleware on the engine side of every other one: counts what a response produced."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        token = response.meta.get(TOKEN)
        inflight: InFlight | None = getattr(self.crawler.spider, "inflight", None)
        if token is None or inflight is None:
            async for output in result:
                yield output
            return
        try:
            async for output in result:
                if isinstance(output, Request):
                    output.meta[PARENT] = token
                if output is not None:
                    inflight.produced(token)
                yield output
        finally:
            inflight.exhausted(token)


# --------------------------------------------------------------------------- scrapy-redis subclasses


class JsonPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue with JSON entries and a reliable pop."""

    spider: WorkerSpider

    def _encode_request(self, request: Request) -> bytes:
        return request_to_entry(request)

    def _decode_request(self, encoded_request: bytes) -> Request:
        return request_from_entry(encoded_request, self.spider)

    def push(self, request: Request) -> None:
        self.spider.frontier.push([self._encode_request(request)])

    def pop(self, timeout: int = 0) -> Request | None:
        """The next request, or None; corrupt or foreign entries are logged and dropped."""
        frontier, worker = self.spider.frontier, self.spider.worker
        while (found := frontier.pop(worker)) is not None:
            token, data = found
            try:
                request = self._decode_request(data)
            except (ValueError, KeyError, TypeError) as exc:
                self.spider.inflight.ack(token)
                self.spider.crawler.stats.inc_value("castwire/worker/bad_entry")
                logger.error("dropped a queue entry castwire cannot run: %s", exc)
                continue
            request.meta[TOKEN] = token
            return request
        return None


class RetentionDupeFilter(RFPDupeFilter):
    """Article fingerprints expire after the retention period; index pages are never filtered.
    An article given up on after its retries is forgotten at once."""

    def __init__(self, server: redis.Redis, prefix: str, *, retention_seconds: int,
                 fingerprinter: RequestFingerprinterProtocol, debug: bool = False) -> None:
        super().__init__(server, key=f"{prefix}:seen", debug=debug)
        self.retention_seconds = retention_seconds
        self.fingerprinter = fingerprinter

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url, prefix = redis_settings(crawler)
        days = crawler.settings.getfloat("CASTWIRE_DUPEFILTER_DAYS", DEFAULT_RETENTION_DAYS)
        dupefilter = cls(connect(url), prefix, retention_seconds=max(1, int(days * 86400)),
                         fingerprinter=crawler.request_fingerprinter,
                         debug=crawler.settings.getbool("DUPEFILTER_DEBUG"))
        crawler.signals.connect(dupefilter.forget, signal=request_given_up)
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        if request.dont_filter or request.meta.get(KIND) in NEVER_FILTERED:
            return False
        key = f"{self.key}:{self.request_fingerprint(request)}"
        return self.server.set(key, 1, nx=True, ex=self.retention_seconds) is None

    def forget(self, request: Request) -> None:
        """A request given up on may be asked for again, by any worker, before its retention ends."""
        self.server.delete(f"{self.key}:{self.request_fingerprint(request)}")

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()

    def close(self, reason: str = "") -> None:
        """The fingerprints are shared by every worker: closing one keeps them."""

    def clear(self) -> None:
        for key in self.server.scan_iter(match=f"{self.key}:*", count=1000):
            self.server.delete(key)


@dataclass
class _Held:
    """A request that could not be queued while Redis was away, and what waits for it."""

    request: Request
    parent: str | None  # token of the in-flight response that produced it
    replaced: str | None  # token of the in-flight request it retries or redirects
    checked: bool = False  # the duplicate filter has let it through already


class RedisScheduler(Scheduler):
    """scrapy-redis's scheduler on the shared frontier, without its deprecated calls."""

    spider: WorkerSpider
    held: deque[_Held]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url, prefix = redis_settings(crawler)
        scheduler = cls(
            server=connect(url),
            persist=True,  # the queue is shared: a worker that stops never flushes it
            queue_key=f"{prefix}:requests",
            dupefilter=RetentionDupeFilter.from_crawler(crawler),
            serializer=_JsonSerializer,
        )
        scheduler.stats = crawler.stats
        scheduler.crawler = crawler
        scheduler.held = deque()
        return scheduler

    def open(self, spider: Spider) -> None:
        if not isinstance(spider, WorkerSpider):
            raise TypeError(f"RedisScheduler runs the {WORKER_SPIDER} spider, not {spider.name!r}")
        # scrapy-redis's open() without its deprecated Spider.log() call.
        self.spider = spider
        spider.redis_scheduler = self
        self.queue = JsonPriorityQueue(server=self.server, spider=spider, key=self.queue_key,
                                       serializer=self.serializer)
        if len(self.queue):
            logger.info("joining a crawl in progress: %d requests queued", len(self.queue))
        moved = spider.frontier.requeue(spider.worker)  # a previous process with our id died
        if moved:
            logger.info("requeued %d requests left by a previous %s", moved, spider.worker)
        # Scrapy polls an idle scheduler every 5 s and has no setting for it; a worker
        # waiting for Redis should look sooner (read when the engine starts its heartbeat).
        engine = self.crawler.engine
        assert engine is not None
        engine._SLOT_HEARTBEAT_INTERVAL = self.crawler.settings.getfloat(  # type: ignore[misc]
            "CASTWIRE_WORKER_POLL_INTERVAL", 1.0)
        self.max_in_flight = max_in_flight(self.crawler.settings)

    def close(self, reason: str) -> None:
        """Queue what waited for Redis and put the unfinished requests back (the worker's
        "retired" line, when it has left the worker list, says how many)."""
        try:
            self.queue_held()
            self.spider.put_back += self.spider.frontier.requeue(self.spider.worker)
        except redis.RedisError as exc:
            self.spider.inflight.outage.say(exc)

    def enqueue_request(self, request: Request) -> bool:
        held = _Held(request, parent=request.meta.pop(PARENT, None),
                     replaced=request.meta.pop(TOKEN, None))  # a retry or redirect of an in-flight request
        if self.held:  # Redis was away: queued after those still waiting for it, in order
            self.held.append(held)
            return True
        try:
            return self._enqueue(held)
        except redis.RedisError as exc:
            # not in Redis yet: kept here and queued once Redis answers (the heartbeat calls
            # queue_held); meanwhile the request it came from stays in flight, so should this
            # worker stop or die first, that one is put back and fetched again
            self.spider.inflight.outage.say(exc)
            self.held.append(held)
            return True

    def _enqueue(self, held: _Held) -> bool:
        """Into Redis (a RedisError leaves ``held`` as it was, to be tried again)."""
        request = held.request
        if not held.checked and not request.dont_filter:
            if self.df.request_seen(request):
                self.df.log(request, self.spider)
                self.stats.inc_value("dupefilter/filtered")
                self._done(held)
                return False
            held.checked = True  # its fingerprint is recorded: not filtered against itself when tried again
        self.queue.push(request)
        self.stats.inc_value("scheduler/enqueued/redis")
        self._done(held)
        return True

    def _done(self, held: _Held) -> None:
        inflight = self.spider.inflight
        if held.parent is not None:
            inflight.output_done(held.parent)
        if held.replaced is not None:
            inflight.finished(held.replaced)

    def queue_held(self) -> int:
        """Queue the requests met while Redis was away, oldest first; how many (a RedisError
        stops it, the rest waiting for the next try)."""
        queued = 0
        while self.held:
            self._enqueue(self.held[0])
            self.held.popleft()
            queued += 1
        return queued

    def has_pending_requests(self) -> bool:
        try:
            return super().has_pending_requests()
        except redis.RedisError as exc:  # away for a while: nothing to take now
            self.spider.inflight.outage.say(exc)
            return False

    def next_request(self) -> Request | None:
        """The next request from Redis, or None while this worker holds ``max_in_flight`` requests
        downloaded and not yet finished: Scrapy downloads as long as it has free slots, so a fast
        site would otherwise move hundreds of pages waiting for extraction into one worker's
        processing hash, there for no other worker to take, to be handled before a SIGTERM ends it
        and fetched again after a kill -9."""
        if self.downloaded_unfinished() >= self.max_in_flight:
            return None
        try:
            request = self.queue.pop()
        except redis.RedisError as exc:
            self.spider.inflight.outage.say(exc)
            return None
        if request is None:
            return None
        self.stats.inc_value("scheduler/dequeued/redis")
        self.spider.inflight.started(request.meta[TOKEN])
        return request

    def downloaded_unfinished(self) -> int:
        """This worker's requests in flight that have left the downloader. Those still in it
        (waiting in a site's slot for its download delay or Crawl-delay, or being fetched) do not
        count: Scrapy's ``CONCURRENT_REQUESTS`` bounds them already, and one slow site's requests
        must not keep every other site's out; a stop drops those waiting in a slot at once."""
        inflight = self.spider.inflight
        downloader = getattr(self.crawler.engine, "downloader", None)
        downloading = sum(1 for request in getattr(downloader, "active", ()) if request.meta.get(TOKEN) in inflight)
        return len(inflight) - downloading


def max_in_flight(settings: BaseSettings) -> int:
    """How many requests a worker takes from Redis before it has finished them: the
    ``CASTWIRE_WORKER_MAX_IN_FLIGHT`` setting, by default four times ``CONCURRENT_REQUESTS``."""
    value = settings.getint("CASTWIRE_WORKER_MAX_IN_FLIGHT", 4 * settings.getint("CONCURRENT_REQUESTS"))
    if value < 1:  # `castwire worker -s` refuses it; a worker that may hold nothing would take nothing
        raise ValueError(f"CASTWIRE_WORKER_MAX_IN_FLIGHT takes a whole number of 1 or more, not {value}")
    return value


# --------------------------------------------------------------------------- the worker


class _Delegate(NewsSpider):
    """One source's callbacks inside a worker; its errback also finishes the request."""

    inflight: InFlight

    def on_error(self, failure: Failure) -> None:
        super().on_error(failure)  # (a gone page is not remembered here: the request's end is its errback)
        request = getattr(failure, "request", None)
        if failure.check(CrawlStopping):
            return  # not fetched: the worker's close puts it back in the queue
        if request is not None and request.meta.get(TOKEN) is not None:
            self.inflight.finished(request.meta[TOKEN])


class WorkerSpider(Spider):
    """Crawls requests of any catalogue source from Redis; never closes when idle.

    Each request names its source in ``meta["castwire_source"]``; its callbacks
    are the methods of that source's :class:`NewsSpider` (a delegate sharing
    this crawler), so discovery works exactly as in a local crawl.
    """

    name = WORKER_SPIDER
    catalogue: Catalogue
    frontier: Frontier
    worker: str
    inflight: InFlight
    redis_scheduler: RedisScheduler | None = None  # set when it opens
    put_back = 0  # unfinished requests put back into the queue as it closes
    _delegates: dict[str, NewsSpider]

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        settings.set("SCHEDULER", f"{__name__}.RedisScheduler", priority="spider")
        settings.set("DUPEFILTER_CLASS", f"{__name__}.RetentionDupeFilter", priority="spider")
        settings.set("SPIDER_MIDDLEWARES", {**settings.getdict("SPIDER_MIDDLEWARES"),
                                            f"{__name__}.InFlightMiddleware": 10}, priority="spider")
        settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"),
                                    "scrapers.extensions.CrawlRunRecorder": None,
                                    f"{__name__}.WorkerHeartbeat": 100}, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        url, prefix = redis_settings(crawler)
        path = crawler.settings.get("CASTWIRE_SOURCES") or Settings.from_env().sources_file
        spider.catalogue = load_catalogue(path)
        spider.frontier = Frontier(connect(url), prefix)
        spider.worker = worker_id()
        spider.inflight = InFlight(spider.frontier, spider.worker)
        spider._delegates = {}
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_done, signal=signal)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        """Nothing of its own: every request comes from Redis."""
        for request in ():
            yield request

    def source_for(self, slug: str) -> Source:
        return self.catalogue.get(slug)

    def delegate(self, slug: str) -> NewsSpider:
        if slug not in self._delegates:
            if slug not in self.catalogue.sources:
                raise KeyError(f"source {slug!r} is not in this worker's catalogue {self.catalogue.path}")
            base = CatalogueSpiderLoader(self.catalogue).load(slug)
            cls = type(base.__name__, (_Delegate, base), {"__module__": base.__module__})
            delegate = cls.from_crawler(self.crawler)
            delegate.inflight = self.inflight
            self._delegates[slug] = delegate
        return self._delegates[slug]

    def when_handled(self, request: Request, action: Callable[[], None]) -> bool:
        """Run ``action`` once everything ``request``'s answer produced is safe (items stored,
        requests queued in Redis); False when the request did not come from Redis."""
        token = request.meta.get(TOKEN)
        return token is not None and self.inflight.when_finished(token, action)

    def _idle(self) -> None:
        raise DontCloseSpider("waiting for requests in Redis")

    def _item_done(self, response: Response | None = None, **_: Any) -> None:
        token = response.meta.get(TOKEN) if response is not None else None
        if token is not None:
            self.inflight.output_done(token)


class WorkerHeartbeat:
    """Keeps the worker's heartbeat key alive and requeues the requests of dead workers."""

    def __init__(self, crawler: Crawler, interval: float, ttl: float, parent: int | None = None) -> None:
        self.crawler = crawler
        self.interval = interval
        self.ttl = ttl
        self.parent = parent  # the `castwire worker` process that runs this crawler, if one does
        self.started_at = now_iso()
        self.loop: LoopingCall | None = None
        self.engine_started = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("CASTWIRE_HEARTBEAT_INTERVAL", 5.0)
        ttl = crawler.settings.getfloat("CASTWIRE_HEARTBEAT_TTL", 6 * interval)
        extension = cls(crawler, interval, ttl, crawler.settings.getint("CASTWIRE_WORKER_PARENT") or None)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension._engine_started, signal=signals.engine_started)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        if not isinstance(spider, WorkerSpider):
            return
        self.loop = LoopingCall(self.beat, spider)
        self.loop.start(self.interval, now=True)
        if self.parent is not None:
            threading.Thread(target=self._listen_to_parent, name="castwire-worker-stop", daemon=True).start()
        spider.logger.info("worker %s up: heartbeat every %ss", spider.worker, self.interval)

    def _listen_to_parent(self) -> None:
        """(a thread) ``castwire worker`` asks its crawler to stop by a line on its stdin, not
        by a signal: a SIGTERM to the whole process group reaches both, and a second SIGTERM
        would make Scrapy stop uncleanly. End of file: that process is gone."""
        from twisted.internet import reactor

        try:
            told = os.read(0, 64)
        except OSError:
            told = b""
        reactor.callFromThread(self._stop_for_parent, told.startswith(STOP_WORD))

    def _engine_started(self) -> None:
        self.engine_started = True

    def _stop_for_parent(self, told: bool) -> None:
        from twisted.internet import reactor

        engine = self.crawler.engine
        if self.parent is None:
            return
        if engine is None or not self.engine_started:  # told while starting: once it runs
            reactor.callLater(CHECK_INTERVAL, self._stop_for_parent, told)
            return
        if not engine.running:
            return  # stopping already: the same SIGTERM reached this process too
        if told:
            logger.info("castwire worker (pid %d) asks this crawler to stop: shutting down gracefully",
                        self.parent)
        else:
            logger.warning("the castwire worker that ran this crawler (pid %d) is gone: stopping; "
                           "unfinished requests go back to the queue", self.parent)
        self.parent = None
        # (not crawler.stop_async(): a SIGTERM met while the engine was starting cleared its
        # crawling flag without stopping the engine, which then ran on)
        self.crawler.crawling = False
        deferred_from_coro(engine.stop_async())

    def beat(self, spider: WorkerSpider) -> None:
        if self.parent is not None and os.getppid() != self.parent:
            # `castwire worker` was killed (kill -9, the OOM killer): stop as on SIGTERM, not run
            # on as an orphan nobody started
            self._stop_for_parent(told=False)
            return
        stats = self.crawler.stats
        assert stats is not None
        info = {
            "started_at": self.started_at, "seen_at": now_iso(),
            "concurrency": self.crawler.settings.getint("CONCURRENT_REQUESTS"),
            "pages": stats.get_value("response_received_count", 0),
            "articles_new": stats.get_value("castwire/articles/new", 0),
            "in_flight": len(spider.inflight),
        }
        try:
            spider.frontier.heartbeat(spider.worker, info, self.ttl)
            if spider.redis_scheduler is not None:  # what was found while Redis was away
                spider.redis_scheduler.queue_held()
            spider.inflight.ack_pending()
            for worker, moved in spider.frontier.reap().items():
                stats.inc_value("castwire/worker/reaped_requests", moved)
                spider.logger.warning("worker %s is gone: requeued its %d requests", worker, moved)
        except redis.RedisError as exc:  # Redis away for a while: count it, say so once a minute
            stats.inc_value("castwire/worker/heartbeat_errors")
            spider.inflight.outage.say(exc)
            return
        spider.inflight.outage.over()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if not isinstance(spider, WorkerSpider):
            return
        try:
            spider.put_back += spider.frontier.retire(spider.worker)
        except redis.RedisError as exc:
            spider.logger.warning("worker %s stopped (%s) but could not retire, Redis being unreachable (%s): the "
                                  "other workers put its unfinished requests back once its heartbeat expires",
                                  spider.worker, reason, exc)
            return
        spider.logger.info("worker %s retired (%s): %d unfinished request(s) put back into the queue",
                           spider.worker, reason, spider.put_back)


class WorkerSpiderLoader(CatalogueSpiderLoader):
    """The catalogue's spiders plus ``castwire_worker`` (``-s SPIDER_LOADER_CLASS=...``)."""

    def load(self, spider_name: str) -> type[Spider]:
        if spider_name == WORKER_SPIDER:
            return WorkerSpider
        return super().load(spider_name)

    def list(self) -> list[str]:
        return [*super().list(), WORKER_SPIDER]
