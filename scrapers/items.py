"""Items passed from the spider to the item pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from pipeline.records import ExtractedArticle, FeedHints

if TYPE_CHECKING:  # the analysis modules: imported by the first page a crawl analyses or stores
    from pipeline.ingest import AnalysedArticle


@dataclass(frozen=True)
class PageItem:
    """A fetched article page, before extraction."""

    source: str  # catalogue slug
    url: str  # final URL after redirects
    requested_url: str
    status: int
    html: bytes = field(repr=False)  # as received: decoded with the extraction, in a worker
    fetched_at: datetime
    hints: FeedHints | None = None
    charset: str | None = None  # the one the server sent (Content-Type)
    found_on: tuple[str, ...] = ()  # the feeds, sitemaps and listing pages that led to it
    full_article: bool = False  # fetched as the full article of a teaser at ``requested_url``: stored as it is


@dataclass(frozen=True)
class ArticleItem:
    """An extracted and analysed article, ready to be stored."""

    source: str
    extracted: ExtractedArticle = field(repr=False)
    analysed: AnalysedArticle = field(repr=False)
    fetched_at: datetime
    requested_url: str
    found_on: tuple[str, ...] = ()  # the feeds, sitemaps and listing pages that led to it


@dataclass(frozen=True)
class DroppedPage:
    """A fetched page that is not stored (``reason``: off topic, not an article...): the
    store pipeline records its URL keys so later crawls skip it for a while, then drops it."""

    source: str
    url: str
    reason: str
    url_keys: tuple[str, ...]
