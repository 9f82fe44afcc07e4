"""Finding a new site's feeds and sitemaps: ``castwire sources discover URL``."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from pipeline.discovery import common_feed_paths, find_feed_links, parse_feed, sitemaps_from_robots
from pipeline.fetch import Fetched, try_fetch


def _slug_for(homepage: str) -> str:
    host = (urlsplit(homepage).hostname or "site").removeprefix("www.")
    slug = re.sub(r"[^a-z0-9]+", "_", host.rsplit(".", 1)[0].lower()).strip("_")
    return (slug if slug[:1].isalpha() else f"s_{slug}")[:40]


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def discover_source_entry(
    homepage: str, *, slug: str | None = None, fetch: Callable[[str], Fetched]
) -> str:
    """Fetch ``homepage``, find working feeds and sitemaps, return a TOML catalogue entry."""
    page = fetch(homepage)
    html = page.body
    language = _language(html)
    candidates = find_feed_links(html, page.url) + common_feed_paths(page.url)
    feeds: list[str] = []
    for url in dict.fromkeys(candidates):
        answer = try_fetch(url)
        if answer and parse_feed(answer.body, answer.url, content_type=answer.content_type).entries:
            feeds.append(answer.url)
        if len(feeds) >= 3:
            break
    robots = try_fetch(urljoin(page.url, "/robots.txt"))
    sitemaps = sitemaps_from_robots(robots.body.decode("utf-8", "replace"), robots.url) if robots else []
    news_sitemaps = [s for s in sitemaps if "news" in s.lower()] or sitemaps[:1]
    name = _title(html) or urlsplit(page.url).hostname or homepage
    lines = [
        f"[{slug or _slug_for(page.url)}]",
        f'name = "{name}"',
        f'homepage = "{page.url}"',
        f'language = "{language}"',
        f"feeds = {_toml_list(list(dict.fromkeys(feeds)))}",
        f"sitemaps = {_toml_list(news_sitemaps)}",
        'interval = "30m"',
    ]
    if not feeds and not news_sitemaps:
        lines.append("# no feed or sitemap found: add a [<slug>.listing] table (see README)")
    return "\n".join(lines) + "\n"


def _language(html: bytes) -> str:
    match = re.search(rb'<html[^>]*\blang=["\']?([a-zA-Z]{2})', html[:5000])
    lang = match.group(1).decode().lower() if match else "en"
    return lang if lang in ("en", "ko", "ja") else "en"


def _title(html: bytes) -> str | None:
    match = re.search(rb'property=["\']og:site_name["\'][^>]*content=["\']([^"\']+)', html[:50000])
    if not match:
        match = re.search(rb"<title[^>]*>([^<]{1,200})</title>", html[:50000], re.I)
    if not match:
        return None
    text = match.group(1).decode("utf-8", "replace").strip()
    return re.split(r"\s[|\-–—]\s", text)[0].replace('"', "'") or None
