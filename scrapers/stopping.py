"""A crawl told to stop (Ctrl-C, SIGTERM, its time limit) stops fetching at once.

Scrapy's graceful stop takes no new request from the scheduler, but it still fetches
every request already handed to the downloader: up to ``CONCURRENT_REQUESTS`` waiting
in the site's slot, one per download delay, so a stop took 20–60 s. Here the requests
still waiting for their turn are dropped (:class:`CrawlStopping`), and the waits of a
retry (backoff, ``Retry-After``) end early. Pages being transferred finish and are
stored as usual; what was not fetched is found again by the next crawl (a distributed
worker puts it back in the Redis queue).
"""

from __future__ import annotations

import asyncio
import time
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from twisted.internet.task import LoopingCall

#: How often a crawl looks whether it is stopping, in seconds.
CHECK_INTERVAL = 0.25


class CrawlStopping(IgnoreRequest):
    """A request not fetched because its crawl is stopping: no error of the site's."""


def is_stopping(crawler: Crawler) -> bool:
    """Whether the crawl has been told to stop (its engine no longer runs)."""
    engine = crawler.engine
    return engine is not None and not engine.running


async def sleep_unless_stopping(crawler: Crawler, seconds: float) -> bool:
    """Wait ``seconds``, or less if the crawl is told to stop meanwhile; True if it was."""
    end = time.monotonic() + seconds
    while not is_stopping(crawler):
        left = end - time.monotonic()
        if left <= 0:
            return False
        await asyncio.sleep(min(left, CHECK_INTERVAL))
    return True


class DropWaitingRequests:
    """Extension: once the crawl is stopping, fail the requests waiting in the downloader's
    slots with :class:`CrawlStopping` (reads Scrapy's slot queues; should a Scrapy release
    rename them, a stop is only as slow as before)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.loop = LoopingCall(self.check)
        self.loop.start(CHECK_INTERVAL, now=False)

    def check(self) -> None:
        if is_stopping(self.crawler):
            drop_waiting_requests(self.crawler)  # the spider's errback counts them

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()


def drop_waiting_requests(crawler: Crawler) -> int:
    """Fail the requests queued in the downloader's slots, not yet sent; how many."""
    downloader = getattr(crawler.engine, "downloader", None)
    dropped = 0
    for slot in list(getattr(downloader, "slots", {}).values()):
        queue = getattr(slot, "queue", None)
        while queue:
            request, waiting = queue.popleft()
            waiting.errback(CrawlStopping(f"not fetched: the crawl is stopping ({request.url})"))
            dropped += 1
    return dropped
