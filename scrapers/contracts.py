"""A ``scrapy check`` contract that takes its sample URL from the spider's catalogue source.

``@source_url feed`` (or ``sitemap``, ``listing``, ``robots``, ``homepage``) checks a callback
against the first such URL of the source, so the same generic callbacks are
checked against every source of whatever catalogue is in use (the fixture
web in tests, the real sites in production). A source without such a URL
skips that check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from scrapy.contracts import Contract

from pipeline.sources import Source


def sample_url(source: Source, kind: str) -> str | None:
    if kind == "feed":
        return source.feeds[0] if source.feeds else None
    if kind == "sitemap":
        return source.sitemaps[0] if source.sitemaps else None
    if kind == "listing":
        return source.listing.urls[0] if source.listing else None
    if kind == "robots":
        return urljoin(source.homepage, "/robots.txt") if source.robots_sitemaps else None
    if kind == "homepage":
        return source.homepage
    raise ValueError(f"@source_url takes feed, sitemap, listing, robots or homepage, not {kind!r}")


class SourceUrlContract(Contract):
    name = "source_url"

    def __init__(self, method: Callable[..., Any], *args: Any) -> None:
        super().__init__(method, *args)
        self.spider = method.__self__  # type: ignore[attr-defined]

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        url = sample_url(self.spider.source, self.args[0])
        if url is not None:
            args["url"] = url
            args["meta"] = {"castwire_kind": self.args[0], "handle_httpstatus_list": [304]}
        return args
