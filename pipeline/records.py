"""Domain records shared by the pipeline stages.

Every record is a frozen dataclass. Raw values travel next to the parsed ones
(``published_raw`` beside ``published_at``) so a user can always see what the
page really said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedHints:
    """What a feed, sitemap or listing said about an article before it was fetched.

    Used by extraction as the last-resort layer for fields the page itself lacks.
    """

    title: str | None = None
    published_raw: str | None = None  # the date string exactly as the feed gave it
    published_at: datetime | None = None  # parsed, timezone-aware UTC, when parseable
    author: str | None = None
    summary: str | None = None
    categories: tuple[str, ...] = ()
    source: str | None = None  # "rss", "atom", "json", "sitemap", "news-sitemap", "listing"


@dataclass(frozen=True)
class ExtractedArticle:
    """The fields of one fetched page, each with the layer that produced it.

    ``provenance`` maps a field name (``"title"``, ``"published_at"``, ...) to the
    layer that filled it: ``"rule:<slug>"``, ``"jsonld"``, ``"meta"``,
    ``"trafilatura"``, ``"htmldate"``, ``"html"``, ``"url"`` (a date in the URL) or
    ``"hint"`` (what the feed said).
    """

    url: str
    canonical_url: str
    title: str | None = None
    body: str = ""  # plain text, paragraphs separated by blank lines
    summary: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None  # timezone-aware
    published_raw: str | None = None
    modified_at: datetime | None = None  # timezone-aware
    modified_raw: str | None = None
    language: str | None = None  # ISO 639-1 ("en", "ko", "ja")
    image_url: str | None = None
    tags: tuple[str, ...] = ()
    site_name: str | None = None
    page_type: str = "article"  # "article" | "listing" | "not_found" | "other"
    provenance: dict[str, str] = field(default_factory=dict)
    emphasis: tuple[str, ...] = ()  # texts in <em>/<i>/<cite> that the body as stored contains (titles in italics)
    #: the page of another site this one names as the article's original (a portal's "기사원문" /
    #: "原文" link back to the outlet, a cross-site rel=canonical, ``<link rel="original-source">``)
    original_url: str | None = None
    #: the page shows only the start of the article, the rest is for subscribers (a paywall), so the
    #: body is that start alone: what JSON-LD (``isAccessibleForFree``), a ``content_tier`` meta tag
    #: or a paywall's box on the page says (its layer in ``provenance``). False when none says so, or
    #: the page holds the whole text all the same; None: not known (stored before castwire looked)
    paywalled: bool | None = None
