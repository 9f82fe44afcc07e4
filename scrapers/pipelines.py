"""Item pipelines: adapt Scrapy to ``pipeline/`` (extraction, ingest) and ``storage/``.

Extraction and analysis run in a process pool and storage in a single writer
thread, so the reactor keeps fetching while pages are processed. Both add their busy time (and
the time items waited for them) to the crawl stats: ``castwire/time/*_us``.

The analysis modules (``pipeline.ingest``: entities, classification, stories, a third of a
second of imports) are imported by the first page this process analyses or stores: a crawl that
finds nothing new, or hands its pages to extraction workers and stores none, does without them.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from pipeline.config import Settings
from pipeline.crawlruns import keep_first_error
from pipeline.errors import UserError, one_line
from pipeline.sources import Source
from scrapers.items import ArticleItem, DroppedPage, PageItem
from scrapers.spiders.news import FOUND_ON, NewsSpider, request_given_up
from scrapers.store import database_url, open_sessions
from scrapers.timing import stat_key, timed, timing
from scrapers.workers import start_worker, stop_signals_blocked
from storage.repository import remember_urls
from storage.retry import run_in_transaction

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from pipeline.entities import Aliases
    from pipeline.ingest import ArticleWriter, PreparedPage

logger = logging.getLogger(__name__)

TRACKED_FIELDS = ("title", "body", "published_at", "authors")


def record_failure(stats: StatsCollector, reason: str, url: str, exc: BaseException) -> None:
    """Count a failed item and keep the first error message for the crawl run."""
    stats.inc_value(f"castwire/dropped/{reason}")
    keep_first_error(stats, f"{reason} {url}: {one_line(exc)}")


def _source(crawler: Crawler, slug: str) -> Source:
    """The item's catalogue source: the spider's own, or by slug in a distributed worker."""
    spider = crawler.spider
    if hasattr(spider, "source_for"):
        return spider.source_for(slug)  # type: ignore[no-any-return]
    assert spider is not None and hasattr(spider, "source"), "castwire spiders carry a source"
    return spider.source  # type: ignore[no-any-return]


def _spider(crawler: Crawler, slug: str) -> NewsSpider:
    """The spider of the item's source: the crawl's own, or its delegate in a distributed worker."""
    spider = crawler.spider
    return spider.delegate(slug) if hasattr(spider, "delegate") else spider  # type: ignore[return-value]


class ExtractPipeline:
    """PageItem → ArticleItem, off the event loop: extraction and analysis (normalise,
    classify, entities, fingerprints) run in a process pool; non-articles are dropped
    and counted."""

    def __init__(self, workers: int, stats: StatsCollector, aliases: Aliases | None = None) -> None:
        self.workers = workers
        self.stats = stats
        self.aliases = aliases
        self.executor: Executor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        pipeline = cls(crawler.settings.getint("CASTWIRE_EXTRACT_WORKERS", 2), crawler.stats,
                       _user_aliases(crawler))
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        if self.workers > 0:
            # spawned by the crawl itself (not by a forkserver, which outlives a killed crawl),
            # so each worker can follow its crawl when it dies
            context = multiprocessing.get_context("spawn")
            self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=start_worker,
                                                initargs=(os.getpid(),))
        else:
            self.executor = ThreadPoolExecutor(1, thread_name_prefix="castwire-extract")

    def close_spider(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: object) -> object:
        if not isinstance(item, PageItem):
            return item
        from pipeline.ingest import PreparedPage, prepare_page

        source = _source(self.crawler, item.source)
        job = partial(prepare_page, item.html, item.url, source=source, hints=item.hints, charset=item.charset,
                      fetched_at=item.fetched_at, aliases=self.aliases, requested_url=item.requested_url,
                      follow_canonical=not item.full_article)
        try:
            with timing(self.stats, "extract_wait"):
                with stop_signals_blocked():  # a worker this starts must not die of a Ctrl-C
                    waiting = asyncio.get_running_loop().run_in_executor(self.executor, job)
                prepared = await waiting
        except Exception as exc:  # a bug or a crashed worker: count it, keep crawling
            record_failure(self.stats, "extract_error", item.url, exc)
            raise DropItem(f"extraction failed: {item.url}: {exc!r}", log_level="ERROR") from exc
        assert isinstance(prepared, PreparedPage)
        self.stats.inc_value(stat_key("extract"), prepared.extract_us)  # worker time, without queueing
        self.stats.inc_value(stat_key("analyse"), prepared.analyse_us)
        self.stats.inc_value("castwire/pages_extracted")
        if prepared.full_url is not None:
            # a teaser: its full article is fetched (past the stored-article filter) and stored instead
            spider = _spider(self.crawler, item.source)
            self.crawler.engine.crawl(spider.full_article_request(prepared.full_url, item))
            self.stats.inc_value("castwire/teasers_followed")
            raise DropItem(f"teaser of {prepared.full_url}: {item.url}", log_level="DEBUG")
        if prepared.drop is not None and prepared.drop != "off_topic":
            return self._dropped(item, prepared)
        for field in TRACKED_FIELDS:
            if not getattr(prepared.extracted, field):
                self.stats.inc_value(f"castwire/missing/{field}")
        if prepared.drop is not None:
            return self._dropped(item, prepared)
        assert prepared.article is not None
        return ArticleItem(item.source, prepared.extracted, prepared.article, item.fetched_at,
                           item.requested_url, item.found_on)

    def _dropped(self, item: PageItem, prepared: PreparedPage) -> DroppedPage:
        """Count the drop; the store pipeline remembers the URL, then drops the item."""
        assert prepared.drop is not None
        self.stats.inc_value(f"castwire/dropped/{prepared.drop}")
        return DroppedPage(item.source, item.url, prepared.drop, prepared.seen_keys)


def _user_aliases(crawler: Crawler) -> Aliases | None:
    """The user's alias rules (``CASTWIRE_ALIASES_FILE``), if the file exists; a broken file is
    logged and counted (``castwire/aliases_error``) and the crawl goes on without it."""
    assert crawler.stats is not None
    path = crawler.settings.get("CASTWIRE_ALIASES_FILE") or Settings.from_env().aliases_file
    if not path or not Path(path).is_file():  # no aliases file (load_aliases_if_present's None)
        return None
    from pipeline.entities import load_aliases_if_present

    try:
        return load_aliases_if_present(path)
    except UserError as exc:
        logger.error("ignoring the aliases file: %s", exc)
        crawler.stats.inc_value("castwire/aliases_error")
        return None


class StorePipeline:
    """ArticleItem → one transaction (upsert, entities, duplicate, story) on a single writer thread."""

    def __init__(self, url: str, stats: StatsCollector) -> None:
        self.url = url
        self.stats = stats
        self.sessions: sessionmaker[Session] | None = None  # opened with the spider
        self.database: ArticleWriter | None = None  # made by the first article stored (:meth:`_writer`)
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="castwire-store")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        pipeline = cls(database_url(crawler.settings), crawler.stats)
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        # every transaction of the writer runs through run_in_transaction, which reconnects
        # and runs it again: no round trip per article to check the pooled connection first
        self.sessions = open_sessions(self.url, pre_ping=False)

    def _on_retry(self, _attempt: int, _exc: BaseException) -> None:
        self.stats.inc_value("castwire/store_retries")

    def _writer(self) -> ArticleWriter:
        if self.database is None:
            from pipeline.ingest import ArticleWriter

            assert self.sessions is not None
            self.database = ArticleWriter(self.sessions, on_retry=self._on_retry)
        return self.database

    def close_spider(self) -> None:
        self.writer.shutdown(wait=True)

    async def process_item(self, item: object) -> object:
        if isinstance(item, DroppedPage):
            await self._remember_dropped(item)
        if not isinstance(item, ArticleItem):
            return item
        writer = self._writer()
        try:
            with timing(self.stats, "store_wait"):
                result, busy = await asyncio.get_running_loop().run_in_executor(
                    self.writer, partial(timed, writer.store, item.analysed))
        except Exception as exc:  # rolled back as a whole: count it, keep crawling
            record_failure(self.stats, "store_error", item.extracted.url, exc)
            # like a page given up on: the feeds that led to it keep no validators, so the next
            # crawl reads them whole and fetches it again (a 304 would lose it)
            self.crawler.signals.send_catch_log(
                request_given_up, request=Request(item.requested_url, meta={FOUND_ON: list(item.found_on)}))
            raise DropItem(f"storing failed: {item.extracted.url}: {one_line(exc)}", log_level="ERROR") from exc
        self.stats.inc_value(stat_key("store"), busy)  # writer-thread time, without queueing
        self.stats.inc_value(f"castwire/articles/{result.outcome}")
        if result.duplicate_of is not None:
            self.stats.inc_value("castwire/articles/duplicate")
        return item

    async def _remember_dropped(self, item: DroppedPage) -> None:
        """Record a dropped page's URLs (so the next crawls skip it), then drop the item."""
        assert self.sessions is not None
        job = partial(run_in_transaction, self.sessions, partial(remember_urls, keys=item.url_keys, dropped=item.reason),
                      on_retry=self._on_retry)
        try:
            await asyncio.get_running_loop().run_in_executor(self.writer, job)
        except Exception as exc:  # the page is fetched again next time: count it, keep crawling
            record_failure(self.stats, "store_error", item.url, exc)
        raise DropItem(f"{item.reason}: {item.url}", log_level="INFO")
