"""Finding a new site's feeds and sitemaps: ``castwire sources discover URL``."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from collections.abc import Callable
from html import unescape
from urllib.parse import urljoin, urlsplit

from w3lib.encoding import html_to_unicode

from pipeline.discovery import (
    common_feed_paths,
    find_feed_links,
    is_comments_feed,
    parse_feed,
    sitemaps_from_robots,
)
from pipeline.errors import UserError
from pipeline.fetch import Fetched
from pipeline.sources import check_slug


def _slug_for(homepage: str) -> str:
    """A slug from the site's name (``www.soompi.com`` → ``soompi``); an address without a
    name (an IP, ``localhost``) keeps all of it and its port, so two local sites differ."""
    parts = urlsplit(homepage)
    host = (parts.hostname or "site").removeprefix("www.")
    if _is_address(host) or "." not in host:
        named = f"{host}_{parts.port}" if parts.port else host
    else:
        named = host.rsplit(".", 1)[0]
    slug = re.sub(r"[^a-z0-9]+", "_", named.lower()).strip("_")
    return (slug if slug[:1].isalpha() else f"s_{slug}")[:40]


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def discover_source_entry(
    homepage: str, *, slug: str | None = None, fetch: Callable[[str], Fetched]
) -> str:
    """Fetch ``homepage``, find working feeds and sitemaps, return a TOML catalogue entry.

    ``fetch`` raises :class:`~pipeline.errors.UserError` when a URL does not answer
    with content: for the homepage that ends the command; for a candidate feed
    or robots.txt it only means "not there". Feeds are the ones the page
    advertises (``<link rel="alternate">``) and common paths (``/feed``,
    ``/rss.xml``...) that really parse as a feed with entries (at most three);
    sitemaps are the robots.txt ``Sitemap:`` lines, news sitemaps preferred.
    """

    if slug is not None:
        check_slug(slug, f"--slug {slug!r}")

    def probe(url: str) -> Fetched | None:
        try:
            return fetch(url)
        except UserError:
            return None

    page = fetch(homepage)
    _encoding, html = html_to_unicode(page.content_type or None, page.body)
    language = _language(html)
    candidates = find_feed_links(html, page.url) + common_feed_paths(page.url)
    feeds: list[str] = []
    seen: set[bytes] = set()  # bodies: /feed and /feed/ are usually the same document
    for url in dict.fromkeys(candidates):
        answer = probe(url)
        if answer is None or answer.url.rstrip("/") in {f.rstrip("/") for f in feeds}:
            continue
        digest = hashlib.sha256(answer.body).digest()
        parsed = parse_feed(answer.body, answer.url, content_type=answer.content_type)
        if digest not in seen and parsed.entries and not is_comments_feed(parsed.title or ""):
            seen.add(digest)
            feeds.append(answer.url)
        if len(feeds) >= 3:
            break
    robots = probe(urljoin(page.url, "/robots.txt"))
    sitemaps = sitemaps_from_robots(robots.body.decode("utf-8", "replace"), robots.url) if robots else []
    news_sitemaps = [s for s in sitemaps if "news" in s.lower()] or sitemaps[:1]
    name = _title(html) or urlsplit(page.url).hostname or homepage
    slug = slug or _slug_for(page.url)
    lines = [
        f"[{slug}]",
        f"name = {_toml_string(name)}",
        f"homepage = {_toml_string(page.url)}",
        f"language = {_toml_string(language)}",
        f"feeds = {_toml_list(feeds)}",
        f"sitemaps = {_toml_list(news_sitemaps)}",
        'interval = "30m"',
    ]
    if not feeds and not news_sitemaps:
        lines.append(f"# no feed or sitemap found: add a [{slug}.listing] table (see README)")
    return "\n".join(lines) + "\n"


def _language(html: str) -> str:
    match = re.search(r'<html[^>]*\blang=["\']?([a-zA-Z]{2})', html[:5000])
    lang = match.group(1).lower() if match else "en"
    return lang if lang in ("en", "ko", "ja") else "en"


def _title(html: str) -> str | None:
    match = re.search(r'property=["\']og:site_name["\'][^>]*content=["\']([^"\']+)', html[:50000])
    if not match:
        match = re.search(r"<title[^>]*>([^<]{1,200})</title>", html[:50000], re.I)
    if not match:
        return None
    text = unescape(match.group(1)).strip()
    return re.split(r"\s[|\-–—]\s", text)[0].strip() or None
