"""Crawl extensions: the crawl-run row, and robots.txt ``Crawl-delay``.

:class:`CrawlRunRecorder` records every crawl as a crawl-run row: start, end, status and counts.

Unexpected exceptions count too: an item pipeline that raises something other
than ``DropItem`` (a bug) and a spider callback that raises would otherwise
only be logged, and the crawl run would read "ok" with the item silently lost.
They become ``castwire/dropped/item_error`` and ``castwire/errors/spider/<type>``,
with the first message kept as the run's error.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.statscollectors import StatsCollector
from sqlalchemy.orm import Session, sessionmaker
from twisted.python.failure import Failure

from pipeline.crawlruns import crawl_run_values, keep_first_error, process_alive
from scrapers.store import database_url, open_sessions
from storage.db import transaction
from storage.repository import (
    ensure_source,
    finish_crawl_run,
    mark_interrupted_runs,
    start_crawl_run,
)


class CrawlRunRecorder:
    def __init__(self, url: str, stats: StatsCollector) -> None:
        self.url = url
        self.stats = stats
        self.sessions: sessionmaker[Session] | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        recorder = cls(database_url(crawler.settings), crawler.stats)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.item_error, signal=signals.item_error)
        crawler.signals.connect(recorder.spider_error, signal=signals.spider_error)
        return recorder

    def item_error(self, item: object, response: Response | None, spider: Spider, failure: Failure) -> None:
        self._count_failure("dropped/item_error", getattr(response, "url", "?"), failure)

    def spider_error(self, failure: Failure, response: Response | None, spider: Spider) -> None:
        name = failure.type.__name__ if failure.type else "error"
        self._count_failure(f"errors/spider/{name}", getattr(response, "url", "?"), failure)

    def _count_failure(self, key: str, url: str, failure: Failure) -> None:
        self.stats.inc_value(f"castwire/{key}")
        keep_first_error(self.stats, f"{key} {url}: {failure.getErrorMessage()}")

    def spider_opened(self, spider: Spider) -> None:
        source = spider.source  # type: ignore[attr-defined]
        self.sessions = open_sessions(self.url)
        with transaction(self.sessions) as session:
            ensure_source(session, slug=source.slug, name=source.name,
                          homepage=source.homepage, language=source.language)
            mark_interrupted_runs(session, source.slug, process_alive, socket.gethostname())
            self.run_id = start_crawl_run(session, source.slug, os.getpid(), socket.gethostname())

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.sessions is None or self.run_id is None:
            return
        values: dict[str, Any] = crawl_run_values(self.stats.get_stats(), reason)
        with transaction(self.sessions) as session:
            finish_crawl_run(session, self.run_id, **values)
        spider.logger.info("crawl run %s: %s", self.run_id, values["status"])


#: Request meta: (bytes of the body received, bytes its Content-Length announced or -1) in the
#: current try, so a connection that ends mid-body can say how far it got.
BODY_BYTES = "castwire_body_bytes"


class BodyProgress:
    """Keeps :data:`BODY_BYTES` in the meta of each request while its answer arrives. An
    extension, not the spider: a worker's spider has a delegate per source, each would count."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls()
        crawler.signals.connect(extension.request_sent, signal=signals.request_reached_downloader)
        crawler.signals.connect(extension.headers_received, signal=signals.headers_received)
        crawler.signals.connect(extension.bytes_received, signal=signals.bytes_received)
        return extension

    def request_sent(self, request: Request, **_: Any) -> None:
        """A try begins: nothing of its answer yet (a retry copies the meta of the try before)."""
        request.meta.pop(BODY_BYTES, None)

    def headers_received(self, request: Request, body_length: int | str, **_: Any) -> None:
        """A try's answer began; its length is UNKNOWN_LENGTH (a string) without a Content-Length."""
        request.meta[BODY_BYTES] = (0, body_length if isinstance(body_length, int) else -1)

    def bytes_received(self, request: Request, data: bytes, **_: Any) -> None:
        received, expected = request.meta.get(BODY_BYTES, (0, -1))
        request.meta[BODY_BYTES] = (received + len(data), expected)


class OneLineErrors(logging.Filter):
    """A site that is down fails its robots.txt request first: Scrapy logs that with the
    whole traceback, on every crawl while the site is down. Its message says it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class RobotsCrawlDelay:
    """Honours the ``Crawl-delay`` of robots.txt, per site (download slot).

    Scrapy obeys robots.txt's Allow/Disallow and parses Crawl-delay, but does
    not apply it. When a site's robots.txt (fetched by Scrapy's
    RobotsTxtMiddleware) gives one for castwire's user agent, the site's
    download slot is slowed so that consecutive requests to it start at least
    Crawl-delay seconds apart, randomised upwards (between Crawl-delay and
    Crawl-delay × (1 + 2 × DOWNLOAD_DELAY_JITTER)). The floor is applied again
    whenever the slot is used, after AutoThrottle's adjustments (this extension
    is registered after it) and if Scrapy recreates an idle slot. A Crawl-delay
    above ``CASTWIRE_CRAWL_DELAY_MAX`` is capped (and counted) so one robots.txt
    cannot stall a crawl past its timeout.

    Stats: ``castwire/robots/crawl_delay_ms`` (the delay applied),
    ``castwire/robots/crawl_delay_capped``.
    """

    def __init__(self, crawler: Crawler, max_delay: float, jitter: float, user_agent: str) -> None:
        self.crawler = crawler
        self.max_delay = max_delay
        self.jitter = max(0.0, jitter)
        self.user_agent = user_agent
        self.floors: dict[str, float] = {}  # slot key -> Crawl-delay in seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "castwire"
        extension = cls(crawler, settings.getfloat("CASTWIRE_CRAWL_DELAY_MAX", 60.0),
                        settings.getfloat("DOWNLOAD_DELAY_JITTER", 0.5), user_agent)
        crawler.signals.connect(extension.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(extension.slot_used, signal=signals.request_reached_downloader)
        crawler.signals.connect(extension.slot_used, signal=signals.response_downloaded)
        robots_log = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
        if not any(isinstance(f, OneLineErrors) for f in robots_log.filters):
            robots_log.addFilter(OneLineErrors())
        return extension

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if not delay or delay <= 0:
            return
        stats = self.crawler.stats
        assert stats is not None and self.crawler.engine is not None
        if delay > self.max_delay:
            stats.inc_value("castwire/robots/crawl_delay_capped")
            delay = self.max_delay
        key = self.crawler.engine.downloader.get_slot_key(request)
        self.floors[key] = float(delay)
        stats.max_value("castwire/robots/crawl_delay_ms", int(delay * 1000))
        self._apply(key)

    def slot_used(self, request: Request, **_: Any) -> None:
        key = request.meta.get("download_slot")
        if key in self.floors:
            self._apply(key)

    def _apply(self, key: str) -> None:
        assert self.crawler.engine is not None
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return  # not created yet: applied when its first request reaches the downloader
        floor = self.floors[key]
        # randomise only upwards: delay d with jitter j/(1+j) never goes below d/(1+j)
        slot.jitter = self.jitter / (1 + self.jitter)
        slot.delay = max(slot.delay, floor * (1 + self.jitter))
