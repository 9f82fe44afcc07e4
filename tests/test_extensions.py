"""Crawl extensions: the crawl-run recorder counts unexpected errors (no silent loss); Crawl-delay."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from pipeline.crawlruns import crawl_run_values
from scrapers.extensions import CrawlRunRecorder, RobotsCrawlDelay


def failure(exc: Exception) -> Failure:
    try:
        raise exc
    except type(exc):
        return Failure()


def test_item_and_spider_errors_become_counted_outcomes() -> None:
    crawler = get_crawler()
    assert crawler.stats is not None
    recorder = CrawlRunRecorder("sqlite://", crawler.stats)
    response = HtmlResponse("http://x.test/a", body=b"<html></html>")
    recorder.item_error(object(), response, None, failure(TypeError("bug in a pipeline")))  # type: ignore[arg-type]
    recorder.spider_error(failure(KeyError("k")), response, None)  # type: ignore[arg-type]
    values = crawl_run_values({**crawler.stats.get_stats(), "downloader/response_count": 1}, "finished")
    assert values["status"] == "partial"
    assert values["dropped"] == {"item_error": 1}
    assert values["stats"]["castwire/errors/spider/KeyError"] == 1
    assert values["error"] == "dropped/item_error http://x.test/a: bug in a pipeline"


class _Parser:
    def __init__(self, delay: float | None) -> None:
        self.delay = delay

    def crawl_delay(self, user_agent: str) -> float | None:
        assert user_agent.startswith("castwire/")
        return self.delay


def _crawl_delay_extension(jitter: float = 0.5, max_delay: float = 60.0) -> tuple[RobotsCrawlDelay, Any]:
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True, "USER_AGENT": "castwire/0.1 (+https://x.test)",
                                         "DOWNLOAD_DELAY_JITTER": jitter, "CASTWIRE_CRAWL_DELAY_MAX": max_delay})
    downloader = SimpleNamespace(slots={}, get_slot_key=lambda request: urlsplit(request.url).hostname)
    crawler.engine = SimpleNamespace(downloader=downloader)  # type: ignore[assignment]
    return RobotsCrawlDelay.from_crawler(crawler), downloader


def test_crawl_delay_floors_the_sites_slot_and_is_reapplied() -> None:
    extension, downloader = _crawl_delay_extension()
    downloader.slots["a.test"] = slot = Slot(concurrency=2, delay=0.0, jitter=0.5)
    extension.robots_parsed(_Parser(2.0), Request("https://a.test/feed"))  # type: ignore[arg-type]
    assert slot.delay == 3.0 and abs(slot.jitter - 1 / 3) < 1e-9
    gaps = [slot.download_delay() for _ in range(200)]
    assert min(gaps) >= 2.0 - 1e-9 and max(gaps) <= 4.0 + 1e-9  # never below Crawl-delay
    slot.delay = 0.1  # AutoThrottle lowered it after a fast answer
    extension.slot_used(request=Request("https://a.test/x", meta={"download_slot": "a.test"}))
    assert slot.delay == 3.0
    downloader.slots["b.test"] = other = Slot(concurrency=2, delay=0.0, jitter=0.5)
    extension.slot_used(request=Request("https://b.test/x", meta={"download_slot": "b.test"}))
    assert other.delay == 0.0  # another site without Crawl-delay is untouched


def test_crawl_delay_absent_or_capped() -> None:
    extension, downloader = _crawl_delay_extension(jitter=0.0, max_delay=10.0)
    downloader.slots["a.test"] = slot = Slot(concurrency=2, delay=1.0, jitter=0.0)
    extension.robots_parsed(_Parser(None), Request("https://a.test/"))  # type: ignore[arg-type]
    assert slot.delay == 1.0 and extension.floors == {}
    extension.robots_parsed(_Parser(3600.0), Request("https://a.test/"))  # type: ignore[arg-type]
    assert slot.delay == 10.0
    stats = extension.crawler.stats.get_stats()
    assert stats["castwire/robots/crawl_delay_capped"] == 1 and stats["castwire/robots/crawl_delay_ms"] == 10000
