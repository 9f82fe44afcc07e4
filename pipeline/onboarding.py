"""Finding a new site's feeds and sitemaps: ``castwire sources discover URL``."""

from __future__ import annotations

import hashlib
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
    parse_listing,
    parse_sitemap,
    sitemaps_from_robots,
)
from pipeline.errors import UserError
from pipeline.extract import decode_page, site_name
from pipeline.fetch import Fetched, PoliteFetcher
from pipeline.normalise import detect_language, is_address, site_labels
from pipeline.sources import check_slug


def _slug_for(homepage: str) -> str:
    """A slug from the site's name (``www.soompi.com`` → ``soompi``, ``news.mt.co.kr`` →
    ``news_mt``: without ``www`` and the public suffix); an address without a name (an IP,
    ``localhost``) keeps all of it and its port, so two local sites differ."""
    parts = urlsplit(homepage)
    host = (parts.hostname or "site").removeprefix("www.")
    if is_address(host) or "." not in host:
        named = f"{host}_{parts.port}" if parts.port else host
    else:  # a name under no known suffix (.example, .test) loses its last label
        labels = site_labels(host)
        named = ".".join(part for part in labels if part) if labels else host.rsplit(".", 1)[0]
    slug = re.sub(r"[^a-z0-9]+", "_", named.lower()).strip("_")
    return (slug if slug[:1].isalpha() else f"s_{slug}")[:40]


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def discover_source_entry(homepage: str, *, slug: str | None = None, fetch: PoliteFetcher) -> str:
    """Fetch ``homepage``, find working feeds and sitemaps, return a TOML catalogue entry.

    ``fetch`` (its user agent, Crawl-delay and clock) raises :class:`~pipeline.errors.UserError` when a URL does not answer
    with content: for the homepage that ends the command; for a candidate feed
    or robots.txt it only means "not there". Feeds are the ones the page
    advertises (``<link rel="alternate">``) and common paths (``/feed``,
    ``/rss.xml``...) that really parse as a feed with entries (at most three);
    sitemaps are the robots.txt ``Sitemap:`` lines, news sitemaps preferred (each one left
    out gets a comment, as does a line naming no sitemap). Every request is polite
    (:class:`~pipeline.fetch.PoliteFetcher`): each site's robots.txt first, nothing it disallows
    for its user agent, and its Crawl-delay (else half a second) between requests.
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
    site_page: Fetched | None = page
    if given_feed.entries and given_feed.kind in ("rss", "atom", "json"):
        # a feed's address given: the entry is the site's, with this feed
        feeds.append(page.url)
        seen.add(hashlib.sha256(page.body).digest())
        # its site: the one the feed names, else the feed's host (a channel link that answers nothing)
        sites = [site for site in (given_feed.link, urljoin(page.url, "/")) if site]
        site_page = next((answer for answer in map(probe, sites) if answer is not None), None)
        if site_page is None:  # no page of the site answers: the site the feed names, and no HTML
            page = Fetched(sites[0], 200, "text/html", b"")
    if site_page is not None:
        page = site_page
    # decoded as a crawl decodes it: the server's charset only when it fits the bytes
    html = decode_page(page.body, http_content_type_encoding(page.content_type or ""))
    if site_page is None:  # the feed's own words, for its language
        language, guessed = _language(" ".join(e.hints.title or "" for e in given_feed.entries[:20]))
    else:
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
    listed = sitemaps_from_robots(robots.body.decode("utf-8", "replace"), robots.url) if robots else []
    sitemaps = [url for url in listed if _is_sitemap(probe(url))]
    # a news sitemap by its path: many outlets have "news" in their host name
    news = [s for s in sitemaps if "news" in urlsplit(s).path.lower()]
    news_sitemaps = news or sitemaps[:1]
    name = ((_site_name(html, page.url, probe) if html else given_feed.title)
            or urlsplit(page.url).hostname or homepage)
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
    lines += [f"# robots.txt lists {url}: no sitemap there, left out" for url in listed if url not in sitemaps]
    # the sitemaps left out for the one chosen: said, so the user can add them (older articles, sections)
    preferred = ("the news sitemap" if len(news) == 1 else "the news sitemaps") if news else "the first one"
    lines += [f"# robots.txt lists {url}: a sitemap too, left out for {preferred} (add it to sitemaps to crawl it)"
              for url in sitemaps if url not in news_sitemaps]
    if not feeds and not news_sitemaps:
        links = _repeated_article_links(html, page.url)
        if links:
            lines += [f"[{slug}.listing]  # no feed or sitemap found: the page's repeated article links; check them",
                      f"urls = {_toml_list([page.url])}", f"links = {_toml_string(links)}",
                      "max_pages = 1  # or give next_page, the CSS selector of the link to the next page"]
        else:
            lines.append(f"# no feed or sitemap found, nor a repeated link to articles on the page: "
                         f"add a [{slug}.listing] table (see README)")
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


def _is_sitemap(answer: Fetched | None) -> bool:
    """Whether a fetched URL is a sitemap, index or feed that lists something."""
    if answer is None:
        return False
    result = parse_sitemap(answer.body, answer.url)
    return result.kind in ("urlset", "sitemapindex", "feed") and bool(result.entries or result.sitemaps)


def _site_name(html: str, url: str, probe: Callable[[str], Fetched | None]) -> str | None:
    """The site's name: its own (og:site_name, application-name, JSON-LD publisher), else,
    for a section's page (its title names the section: "연예 전체 | 연합뉴스"), the name
    of the site's home page, else the first part of its title."""
    named = site_name(html)
    if named:
        return named
    root = urljoin(url, "/")
    if url.rstrip("/") != root.rstrip("/"):
        home = probe(root)
        if home is not None:
            home_html = decode_page(home.body, http_content_type_encoding(home.content_type or ""))
            return site_name(home_html) or _title(home_html) or _title(html)
    return _title(html)


def _repeated_article_links(html: str, url: str) -> str | None:
    """A CSS selector of the links a listing page repeats to articles of its site: the most
    common kind of link (by its class, or its parent's) whose text is a headline, at least
    three, scoped by the element that holds them all; None when the page has no such links."""
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_UTF8_HTML)
    except (ParserError, ValueError):
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    groups: dict[str, dict[str, lxml.html.HtmlElement]] = {}
    for anchor in tree.xpath("//body//a[@href]"):
        href = urljoin(url, anchor.get("href") or "")
        text = " ".join(anchor.text_content().split())
        wide = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]", text))
        same_site = (urlsplit(href).hostname or "").removeprefix("www.") == host
        if same_site and urlsplit(href).path.strip("/") and (len(text) >= 25 or wide >= 10):
            groups.setdefault(_link_kind(anchor), {}).setdefault(href.split("#")[0], anchor)
    if not groups:
        return None
    kind, links = max(groups.items(), key=lambda item: len(item[1]))
    if len(links) < 3:
        return None
    anchors = list(links.values())
    holders = [set(other.iterancestors()) for other in anchors[1:]]
    scope = next((e for e in anchors[0].iterancestors() if e.tag not in ("body", "html")
                  and all(e in held for held in holders) and (e.get("id") or _first_class(e))), None)
    selector = kind
    if scope is not None:
        named = f"#{scope.get('id')}" if scope.get("id") else f"{scope.tag}.{_first_class(scope)}"
        selector = f"{named} {kind}"
    found = parse_listing(html, url, links=selector, next_page=None)
    return selector if len(found.entries) >= len(links) and not found.problems else None


def _link_kind(anchor: lxml.html.HtmlElement) -> str:
    """A CSS selector of links like this one: by its class, else by its parent's."""
    if _first_class(anchor):
        return f"a.{_first_class(anchor)}"
    parent = anchor.getparent()
    if parent is not None and _first_class(parent):
        return f"{parent.tag}.{_first_class(parent)} > a"
    return f"{parent.tag} > a" if parent is not None else "a"


def _first_class(element: lxml.html.HtmlElement) -> str | None:
    classes = (element.get("class") or "").split()
    return classes[0] if classes and re.fullmatch(r"-?[A-Za-z_][\w-]*", classes[0]) else None


def _title(html: str) -> str | None:
    match = re.search(r'property=["\']og:site_name["\'][^>]*content=["\']([^"\']+)', html[:50000])
    if not match:
        match = re.search(r"<title[^>]*>([^<]{1,200})</title>", html[:50000], re.I)
    if not match:
        return None
    text = unescape(match.group(1)).strip()
    return re.split(r"\s*[|｜]\s*|\s(?:[\-–—]|::)\s", text)[0].strip() or None  # "Site | section"
