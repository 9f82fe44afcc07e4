"""A crawl told to stop (Ctrl-C, SIGTERM, its time limit) stops fetching at once.

Scrapy's graceful stop takes no new request from the scheduler, but it still fetches
every request already handed to the downloader: up to ``CONCURRENT_REQUESTS`` waiting
in the site's slot, one per download delay, so a stop took 20–60 s. Here the requests
still waiting for their turn are dropped (:class:`CrawlStopping`), and the waits of a
retry (backoff, ``Retry-After``) end early. Pages being transferred finish and are
stored as usual; what was not fetched is found again by the next crawl (a distributed
worker puts it back in the Redis queue).

A crawl stopped two ways at once finishes closing before its process ends
(:class:`CloseBeforeExit`).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from twisted.internet.defer import Deferred
from twisted.internet.task import LoopingCall

#: How often a crawl looks whether it is stopping, in seconds.
CHECK_INTERVAL = 0.25
#: Seconds beyond the download timeout a process waits for its spider's close before it ends.
CLOSE_MARGIN = 15.0

logger = logging.getLogger(__name__)


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


def stop_forced() -> bool:
    """Whether the stop was forced: Scrapy ignores further Ctrl-C and SIGTERM once a second
    one asked it to end at once."""
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


class CloseBeforeExit:
    """Extension: the process does not end in the middle of closing the spider.

    Scrapy's graceful stop waits for a crawler it stops itself, but ends the process at once
    when that crawler was already stopping another way: a ``castwire worker`` crawler told to
    stop by its parent, then reached by the process group's SIGTERM or Ctrl-C (systemd's
    default KillMode signals both). The close was cut short: items being stored, the run's
    record, the worker leaving the worker list and putting its requests back into the Redis
    queue. The reactor's shutdown now waits for a close in progress, unless the stop is forced
    (a second Ctrl-C or SIGTERM)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.opened = self.closed = False
        self.waiting: Deferred[None] | None = None
        self.watch = LoopingCall(self._release_if_forced)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from twisted.internet import reactor

        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        reactor.addSystemEventTrigger("before", "shutdown", extension.before_shutdown)
        return extension

    def before_shutdown(self) -> Deferred[None] | None:
        """The reactor is ending: wait for the spider's close if it has begun and not ended (a
        crawl that never opened its spider has nothing to close)."""
        if not self.opened or self.closed or not is_stopping(self.crawler) or stop_forced():
            return None
        from twisted.internet import reactor

        self.waiting = Deferred()
        self.watch.start(CHECK_INTERVAL, now=False)
        # bounded all the same: a page in flight ends by its download timeout
        limit = self.crawler.settings.getfloat("DOWNLOAD_TIMEOUT") + CLOSE_MARGIN
        self.waiting.addTimeout(limit, reactor, onTimeoutCancel=self._gave_up)
        return self.waiting

    def _gave_up(self, _result: object, limit: float) -> None:
        if self.watch.running:
            self.watch.stop()
        logger.warning("the spider had not finished closing %.0f s after the process began to end: ending anyway", limit)

    def spider_opened(self, spider: Spider) -> None:
        self.opened = True

    def spider_closed(self, spider: Spider, reason: str) -> None:
        from twisted.internet import reactor

        self.closed = True
        # the other spider_closed handlers (the run's record, the worker's retirement) run first
        reactor.callLater(0, self._release)

    def _release_if_forced(self) -> None:
        if stop_forced():
            self._release()

    def _release(self) -> None:
        if self.watch.running:
            self.watch.stop()
        if self.waiting is not None and not self.waiting.called:
            self.waiting.callback(None)
