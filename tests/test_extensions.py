"""The crawl-run recorder counts unexpected item and spider errors (no silent loss)."""

from __future__ import annotations

from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from pipeline.crawlruns import crawl_run_values
from scrapers.extensions import CrawlRunRecorder


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
