"""Records every crawl as a crawl-run row: start, end, status and counts.

Unexpected exceptions count too: an item pipeline that raises something other
than ``DropItem`` (a bug) and a spider callback that raises would otherwise
only be logged, and the crawl run would read "ok" with the item silently lost.
They become ``castwire/dropped/item_error`` and ``castwire/errors/spider/<type>``,
with the first message kept as the run's error.
"""

from __future__ import annotations

import os
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from sqlalchemy.orm import Session, sessionmaker
from twisted.python.failure import Failure

from pipeline.crawlruns import crawl_run_values, process_alive
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
        recorder = cls(database_url(crawler), crawler.stats)
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
        if self.stats.get_value("castwire/first_error") is None:
            self.stats.set_value("castwire/first_error", f"{key} {url}: {failure.getErrorMessage()}"[:500])

    def spider_opened(self, spider: Spider) -> None:
        source = spider.source  # type: ignore[attr-defined]
        self.sessions = open_sessions(self.url)
        with transaction(self.sessions) as session:
            ensure_source(session, slug=source.slug, name=source.name,
                          homepage=source.homepage, language=source.language)
            mark_interrupted_runs(session, source.slug, process_alive)
            self.run_id = start_crawl_run(session, source.slug, os.getpid())

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.sessions is None or self.run_id is None:
            return
        values: dict[str, Any] = crawl_run_values(self.stats.get_stats(), reason)
        with transaction(self.sessions) as session:
            finish_crawl_run(session, self.run_id, **values)
        spider.logger.info("crawl run %s: %s", self.run_id, values["status"])
