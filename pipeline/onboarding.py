"""Finding a new site's feeds and sitemaps: ``castwire sources discover URL``."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from collections.abc import Callable
from html import unescape
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError
from w3lib.encoding import http_content_type_encoding

from pipeline.discovery import (
    common_feed_paths,
    find_feed_links,
    is_comments_feed,
    parse_feed,
    sitemaps_from_robots,
)
from pipeline.errors import UserError
from pipeline.extract import decode_page
from pipeline.fetch import Fetched
from pipeline.normalise import detect_language, site_labels
from pipeline.sources import check_slug


def _slug_for(homepage: str) -> str:
    """A slug from the site's name (``www.soompi.com`` → ``soompi``, ``news.mt.co.kr`` →
    ``news_mt``: without ``www`` and the public suffix); an address without a name (an IP,
    ``localhost``) keeps all of it and its port, so two local sites differ."""
    parts = urlsplit(homepage)
    host = (parts.hostname or "site").removeprefix("www.")
    if _is_address(host) or "." not in host:
        named = f"{host}_{parts.port}" if parts.port else host
    else:  # a name under no known suffix (.example, .test) loses its last label
        labels = site_labels(host)
        named = ".".join(part for part in labels if part) if labels else host.rsplit(".", 1)[0]
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
    feeds: list[str] = []
    seen: set[bytes] = set()  # bodies: /feed and /feed/ are usually the same document
    given_feed = parse_feed(page.body, page.url, content_type=page.content_type)
    if given_feed.entries and given_feed.kind in ("rss", "atom", "json"):
        # a feed's address given: the entry is the site's, with this feed
        feeds.append(page.url)
        seen.add(hashlib.sha256(page.body).digest())
        # its site: the one the feed names, else the feed's host (a channel link that answers nothing)
        for site in (given_feed.link, urljoin(page.url, "/")):
            answer = probe(site) if site else None
            if answer is not None:
                page = answer
                break
    # decoded as a crawl decodes it: the server's charset only when it fits the bytes
    html = decode_page(page.body, http_content_type_encoding(page.content_type or ""))
    language, guessed = _language(html)
    candidates = find_feed_links(html, page.url) + common_feed_paths(page.url)
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
    # a news sitemap by its path: many outlets have "news" in their host name
    news_sitemaps = [s for s in sitemaps if "news" in urlsplit(s).path.lower()] or sitemaps[:1]
    name = _title(html) or urlsplit(page.url).hostname or homepage
    slug = slug or _slug_for(page.url)
    lines = [
        f"[{slug}]",
        f"name = {_toml_string(name)}",
        f"homepage = {_toml_string(page.url)}",
        f"language = {_toml_string(language)}"
        + ("  # read from the page's text: it declares no language of its own" if guessed else ""),
        f"feeds = {_toml_list(feeds)}",
        f"sitemaps = {_toml_list(news_sitemaps)}",
        'interval = "30m"',
    ]
    if not feeds and not news_sitemaps:
        lines.append(f"# no feed or sitemap found: add a [{slug}.listing] table (see README)")
    return "\n".join(lines) + "\n"


def _language(html: str) -> tuple[str, bool]:
    """The catalogue language of a homepage (en, ko or ja), and whether it was read from the
    script of its text rather than taken from its ``lang`` attribute."""
    match = re.search(r'<html[^>]*\blang=["\']?([a-zA-Z]{2})', html[:5000])
    declared = match.group(1).lower() if match else None
    if declared in ("en", "ko", "ja"):
        return declared, False
    found = detect_language(_visible_text(html))
    return (found, True) if found in ("en", "ko", "ja") else ("en", True)


_UTF8_HTML = lxml.html.HTMLParser(encoding="utf-8")


def _visible_text(html: str) -> str:
    """The text a reader sees on a page (no scripts, styles or markup)."""
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_UTF8_HTML)
    except (ParserError, ValueError):
        return ""
    for hidden in tree.xpath("//script|//style|//noscript|//template"):
        hidden.drop_tree()
    return " ".join(tree.text_content().split())


def _title(html: str) -> str | None:
    match = re.search(r'property=["\']og:site_name["\'][^>]*content=["\']([^"\']+)', html[:50000])
    if not match:
        match = re.search(r"<title[^>]*>([^<]{1,200})</title>", html[:50000], re.I)
    if not match:
        return None
    text = unescape(match.group(1)).strip()
    return re.split(r"\s*[|｜]\s*|\s(?:[\-–—]|::)\s", text)[0].strip() or None  # "Site | section"
