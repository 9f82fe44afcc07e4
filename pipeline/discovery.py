"""Discovery parsers: which article URLs does a feed, sitemap or listing page offer?

Pure functions over bytes (no Scrapy, no network). The spider fetches a
document and hands its body here; what comes back is a frozen result with the
discovered article URLs (absolute, tracking parameters removed, duplicates
folded), the hints the document gave about each article (:class:`FeedHints`)
and a tuple of ``problems`` — human-readable, countable strings such as
``"malformed XML (recovered)"``. Nothing here raises on bad input: a document
that cannot be used becomes an empty result with a problem.

Safety: XML entity declarations (billion laughs, external entities) are never
expanded. A ``<!DOCTYPE`` with an internal subset is removed before parsing and
reported; sitemaps are parsed by lxml with entity resolution, DTD loading and
network access turned off; compressed bodies are inflated with a size cap.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import charset_normalizer
import feedparser
from cssselect import SelectorError
from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector
from w3lib.encoding import html_to_unicode

from pipeline.normalise import decode_strictly
from pipeline.records import FeedHints

#: A page that was not stored is skipped by crawls for this long, then fetched once more.
DROPPED_RECHECK = timedelta(days=7)
#: An article page that answered 404 or 410 (a dead link in a feed) is skipped for this long,
#: then fetched once more: a page the feed announced early is still found the same day.
GONE_RECHECK = timedelta(hours=6)

__all__ = [
    "DROPPED_RECHECK",
    "GONE_RECHECK",
    "FEED_TYPES",
    "MAX_DOCUMENT_BYTES",
    "Discovered",
    "FeedResult",
    "ListingResult",
    "SitemapResult",
    "common_feed_paths",
    "find_feed_links",
    "is_comments_feed",
    "hints_can_judge_topic",
    "html_to_text",
    "is_sitemap_index",
    "matches_filters",
    "parse_date",
    "parse_feed",
    "parse_listing",
    "parse_sitemap",
    "sitemaps_from_robots",
    "strip_tracking",
]

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
"""Largest document accepted after decompression (the sitemap protocol's own limit)."""

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/rdf+xml",
    }
)
"""``type`` values of ``<link rel="alternate">`` that advertise a feed."""

COMMON_FEED_PATHS = ("feed", "feed/", "rss", "rss.xml", "atom.xml", "feed.xml", "index.xml")

_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
    }
)
_TRACKING_PREFIXES = ("utm_",)

# Single-byte or otherwise "always decodes" encodings: a declaration of one of
# these cannot be checked by decoding, so UTF-8 is tried before it.
_SUPERSETS = {
    "euc_kr": "cp949",
    "ks_c_5601_1987": "cp949",
    "shift_jis": "cp932",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
_MULTIBYTE = frozenset(
    {
        "utf_8",
        "utf_16",
        "utf_16_le",
        "utf_16_be",
        "utf_32",
        "utf_32_le",
        "utf_32_be",
        "cp949",
        "euc_kr",
        "cp932",
        "shift_jis",
        "euc_jp",
        "iso2022_jp",
        "iso2022_kr",
        "gb18030",
        "gbk",
        "gb2312",
        "big5",
        "big5hkscs",
        "johab",
    }
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF8, "utf_8"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)
_XML_DECL = re.compile(r"^\s*<\?xml\b[^>]*?\?>", re.I)
_XML_DECL_ENCODING = re.compile(
    rb"^\s*<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_PROLOG_DOCTYPE = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?.*?\?>)\s*)*<!DOCTYPE\b", re.I | re.S
)
_ENTITY_DECL = re.compile(r"<!ENTITY\b", re.I)
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html\b|html\b|head\b|body\b)",
    re.I | re.S,
)
_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|figure|figcaption|section|article|hr)\b[^>]*>",
    re.I,
)
_SPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s\-_/.+%]+")


@dataclass(frozen=True)
class Discovered:
    """One article URL found by discovery, with what the document said about it."""

    url: str  # absolute http(s) URL, fragment and tracking parameters removed
    hints: FeedHints  # title/date/author/summary/categories from the feed, sitemap or listing
    #: when the document says the article last changed, aware UTC: a sitemap's <lastmod>, a
    #: feed entry's <updated> (Atom, RSS's atom:updated) or date_modified (JSON Feed); else None
    lastmod: datetime | None = None


@dataclass(frozen=True)
class FeedResult:
    """What :func:`parse_feed` found in one feed document."""

    kind: str  # "rss" | "atom" | "json" | "html" | "empty" | "unknown"
    entries: tuple[Discovered, ...] = ()  # in document order, duplicates removed
    problems: tuple[str, ...] = ()  # countable, human-readable; empty when all was well
    feed_links: tuple[str, ...] = ()  # feeds advertised by an HTML page received instead
    version: str = ""  # precise format: "rss20", "rss10", "rss091u", "atom10", "json11", ...
    title: str | None = None  # the feed's own title
    link: str | None = None  # the site the feed belongs to (absolute), when given
    encoding: str | None = None  # the character encoding actually used to decode the body
    duplicates: int = 0  # entries dropped because their URL was already listed
    skipped: int = 0  # entries dropped for want of an http(s) link

    @property
    def ok(self) -> bool:
        """True when the document was a feed (possibly with recovered problems)."""
        return self.kind in ("rss", "atom", "json")


@dataclass(frozen=True)
class SitemapResult:
    """What :func:`parse_sitemap` found in one sitemap or sitemap index."""

    kind: str  # "urlset" | "sitemapindex" | "feed" (RSS/Atom used as sitemap) | "html" | "empty" | "unknown"
    entries: tuple[Discovered, ...] = ()  # article URLs of a urlset, recent enough
    sitemaps: tuple[str, ...] = ()  # child sitemap URLs of an index, recent enough
    problems: tuple[str, ...] = ()
    dropped_old: int = 0  # entries/child sitemaps older than ``newer_than``
    duplicates: int = 0  # repeated URLs dropped
    skipped: int = 0  # <url>/<sitemap> without a usable http(s) <loc>
    not_articles: int = 0  # child sitemaps of tag, category, author or static pages left out


@dataclass(frozen=True)
class ListingResult:
    """What :func:`parse_listing` found on one listing page."""

    entries: tuple[Discovered, ...] = ()  # article links, absolute, in page order
    next_page: str | None = None  # absolute URL of the next listing page, if any
    problems: tuple[str, ...] = ()
    duplicates: int = 0


# --------------------------------------------------------------------------- helpers


def strip_tracking(url: str) -> str:
    """``url`` without its fragment and without analytics parameters (``utm_*``, ``fbclid``...).

    Other query parameters are kept byte for byte, in order.
    """
    parts = urlsplit(url)
    query = parts.query
    if query:
        kept = [
            pair
            for pair in query.split("&")
            if pair and not _is_tracking(unquote(pair.split("=", 1)[0]).lower())
        ]
        query = "&".join(kept)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _is_tracking(name: str) -> bool:
    return name in _TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES)


def _absolute(candidate: str | None, base: str) -> str | None:
    """Resolve ``candidate`` against ``base``; None unless the result is http(s)."""
    if not candidate:
        return None
    candidate = candidate.strip()
    if not candidate or candidate.startswith("#"):
        return None
    try:
        joined = urljoin(base, candidate)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return strip_tracking(joined)


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = _SPACE.sub(" ", value).strip()
    return text or None


def html_to_text(fragment: str | None) -> str | None:
    """Plain text of an HTML fragment (scripts/styles dropped, whitespace collapsed)."""
    if not fragment or not fragment.strip():
        return None
    if "<" not in fragment and "&" not in fragment:
        return _clean_text(fragment)
    try:
        root = lxml_html.fragment_fromstring(_BLOCK_TAGS.sub("\n", fragment), create_parent="div")
    except (etree.ParserError, ValueError):
        return _clean_text(re.sub(r"<[^>]*>", " ", fragment))
    for element in root.iter("script", "style"):
        element.drop_tree()
    return _clean_text(root.text_content())


#: What a feed appends to an entry's text, no part of the article: WordPress's "The post X
#: appeared first on Site.", an excerpt's "[…]" and its "Continue reading X →" or "Read more »" link.
_FEED_ENDING = re.compile(
    r"\s*(?:The\s+post\s.{1,300}?\sappeared\s+first\s+on\s[^.!?]{1,100}"
    # capitalised: a link of its own, not "… where fans can read more."
    r"|(?-i:Continue\s+reading\b).{0,200}?|(?-i:Read\s+[Mm]ore|READ\s+MORE)|\[\s*(?:\u2026|\.\.\.)\s*\])\s*[.\u2026:\u2192\u00bb\u203a>]*$",
    re.IGNORECASE | re.DOTALL,
)


def _without_feed_ending(text: str | None) -> str | None:
    """An entry's summary without what the feed appends to it (:data:`_FEED_ENDING`)."""
    while text and (shorter := _FEED_ENDING.sub("", text, count=1)) != text:
        text = shorter
    return text or None


def _zone(timezone: str | tzinfo | None) -> tzinfo:
    if timezone is None:
        return UTC
    if isinstance(timezone, str):
        return ZoneInfo(timezone)
    return timezone


def parse_date(raw: str | None, default_tz: tzinfo = UTC) -> datetime | None:
    """RFC 822 or ISO 8601/W3C date text → aware UTC datetime, or None.

    A date without an offset is read in ``default_tz`` (the source's zone).
    """
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.astimezone(UTC)


def _struct_to_utc(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _inflate(body: bytes, problems: list[str]) -> bytes:
    """Gunzip a gzip body (magic bytes), capped at :data:`MAX_DOCUMENT_BYTES`."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_DOCUMENT_BYTES)
    except zlib.error as exc:
        problems.append(f"corrupt gzip body: {exc}")
        return b""
    if inflater.unconsumed_tail:
        problems.append(f"decompressed body exceeds {MAX_DOCUMENT_BYTES} bytes (truncated)")
    elif not inflater.eof:
        problems.append("corrupt gzip body: truncated")
    return data


def _exact_codec(name: str | None) -> str | None:
    """Python codec name for a declared charset, or None when Python does not know it."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None


def _codec(name: str | None) -> str | None:
    """Python codec name for a declared charset, widened to its usual superset."""
    canonical = _exact_codec(name)
    return _SUPERSETS.get(canonical, canonical) if canonical else None


def _decode(body: bytes, content_type: str | None, problems: list[str]) -> tuple[str, str]:
    """Decode an XML/JSON body; returns (text, codec). Wrong declarations are reported."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, "replace"), name
    if body.startswith(b"<\x00\x00\x00"):
        return body.decode("utf_32_le", "replace"), "utf_32_le"
    if body.startswith(b"<\x00?\x00"):
        return body.decode("utf_16_le", "replace"), "utf_16_le"
    if body.startswith(b"\x00<\x00?"):
        return body.decode("utf_16_be", "replace"), "utf_16_be"
    declared_names: list[str] = []
    if content_type:
        match = _CHARSET.search(content_type)
        if match:
            declared_names.append(match.group(1))
    match = _XML_DECL_ENCODING.match(body[:1024])
    if match:
        declared_names.append(match.group(1).decode("ascii"))
    declared: list[str] = []
    for name in declared_names:
        codec = _codec(name)
        if codec is None:
            problems.append(f"unknown declared encoding {name!r}")
        elif codec not in declared:
            declared.append(codec)
    if body.isascii():
        return body.decode("ascii"), declared[0] if declared else "utf_8"
    # the exact declared codec first (Python's euc_kr knows KS X 1001 jamo sequences that
    # cp949 does not), then its superset (servers declaring EUC-KR usually send CP949)
    candidates = []
    for name in declared_names:
        exact = _exact_codec(name)
        if exact in _MULTIBYTE and exact not in candidates:
            candidates.append(exact)
        widened = _codec(name)
        if widened in _MULTIBYTE and widened not in candidates:
            candidates.append(widened)
    if "utf_8" not in candidates:
        candidates.append("utf_8")
    for codec in candidates:
        text = decode_strictly(body, codec)
        if text is None:
            continue
        if declared and _codec(codec) != declared[0] and declared[0] in _MULTIBYTE:
            problems.append(f"declared encoding {declared[0]} is wrong; decoded as {codec}")
        return text, codec
    single = [c for c in declared if c not in _MULTIBYTE]
    if single:
        return body.decode(single[0], "replace"), single[0]
    codec = _detect(body)
    if codec is not None:
        if declared:
            problems.append(f"declared encoding {declared[0]} is wrong; detected {codec}")
        else:
            problems.append(f"no usable encoding declared; detected {codec}")
        return body.decode(codec, "replace"), codec
    problems.append("undecodable bytes replaced")
    return body.decode("utf_8", "replace"), "utf_8"


def _detect(body: bytes) -> str | None:
    """Best guess at an undeclared encoding; windows-1252 wins ties (the web's legacy default)."""
    matches = list(charset_normalizer.from_bytes(body[:200_000]))
    if not matches:
        return None
    least_chaos = min(m.chaos for m in matches)
    for match in matches:
        if match.chaos <= least_chaos + 0.01 and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return _codec(matches[0].encoding)


def _strip_entity_doctype(text: str, problems: list[str]) -> str | None:
    """Remove a DOCTYPE carrying an internal subset (entity declarations).

    Returns the document without it, or None when entity declarations remain
    that could not be removed safely (the document is then refused).
    """
    match = _PROLOG_DOCTYPE.match(text)
    if match:
        start = match.end() - len("<!DOCTYPE")
        rest = text[match.end() :]
        bracket = re.search(r"[\[>]", rest)
        if bracket and bracket.group() == "[":
            close = re.search(r"\]\s*>", rest[bracket.end() :])
            if close is None:
                problems.append("refused: unterminated DOCTYPE with entity declarations")
                return None
            end = match.end() + bracket.end() + close.end()
            subset = text[start:end]
            if _ENTITY_DECL.search(subset):
                problems.append("DOCTYPE with entity declarations removed (entities not expanded)")
            text = text[:start] + text[end:]
    if _ENTITY_DECL.search(text):
        problems.append("refused: entity declarations outside a removable DOCTYPE")
        return None
    return text


def _prepare_xml(
    body: bytes, content_type: str | None, problems: list[str]
) -> tuple[str, bytes, str] | None:
    """Decode, de-entity and re-encode a document as UTF-8 bytes for an XML parser.

    Returns (text, utf8_bytes, codec), or None when the document is refused.
    """
    text, codec = _decode(body, content_type, problems)
    safe = _strip_entity_doctype(text, problems)
    if safe is None:
        return None
    safe = safe.lstrip()
    declaration = _XML_DECL.match(safe)
    if declaration:
        safe = '<?xml version="1.0" encoding="utf-8"?>' + safe[declaration.end() :]
    return safe, safe.encode("utf-8", "surrogatepass"), codec


def _unique(items: Iterable[Discovered]) -> tuple[tuple[Discovered, ...], int]:
    """Items with first occurrence of each URL kept, and how many were dropped."""
    seen: set[str] = set()
    kept: list[Discovered] = []
    dropped = 0
    for item in items:
        if item.url in seen:
            dropped += 1
            continue
        seen.add(item.url)
        kept.append(item)
    return tuple(kept), dropped


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:4096]))


# --------------------------------------------------------------------------- feeds


def parse_feed(
    body: bytes | str,
    url: str,
    *,
    content_type: str | None = None,
    timezone: str | tzinfo | None = None,
) -> FeedResult:
    """Parse an RSS 0.9x/1.0/2.0, Atom or JSON Feed document fetched from ``url``.

    ``content_type`` is the HTTP ``Content-Type`` header (its charset is used as
    an encoding declaration). ``timezone`` (IANA name) is the zone of dates
    that carry no offset; default UTC. Never raises on bad input.
    """
    problems: list[str] = []
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    body = _inflate(body, problems)
    if not body.strip():
        return FeedResult(kind="empty", problems=(*problems, "empty"))
    default_tz = _zone(timezone)
    prepared = _prepare_xml(body, content_type, problems)
    if prepared is None:
        return FeedResult(kind="unknown", problems=tuple(problems))
    text, data, codec = prepared
    if not text.strip():
        return FeedResult(kind="empty", problems=(*problems, "empty"), encoding=codec)
    if text.startswith(("{", "[")) or (content_type and "json" in content_type.lower()):
        return _parse_json_feed(text, url, codec, default_tz, problems)
    # A stream, never bytes or str: feedparser treats a string as a URL or file name.
    start_problems = len(problems)  # an HTML page's XML errors are not worth reporting
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    version = str(parsed.get("version") or "")
    entries_raw = parsed.get("entries") or []
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        if not isinstance(exc, feedparser.CharacterEncodingOverride):
            detail = _exception_text(exc)
            if version or entries_raw:
                problems.append("malformed XML (recovered)" + (f": {detail}" if detail else ""))
            else:
                problems.append("malformed XML" + (f": {detail}" if detail else ""))
    if not version and not entries_raw and _looks_like_html(text):
        return FeedResult(
            kind="html",
            problems=(*problems[:start_problems], "not a feed: HTML received"),
            feed_links=tuple(find_feed_links(text, url)),
            encoding=codec,
        )
    if not version and not entries_raw:
        problems.append("not a feed: no RSS, Atom or JSON Feed structure")
        return FeedResult(kind="unknown", problems=tuple(problems), encoding=codec)
    kind = "atom" if version.startswith("atom") else "rss"
    feed = parsed.get("feed") or {}
    site = _absolute(feed.get("link"), url)
    base = url if kind == "atom" or not site else site
    found: list[Discovered] = []
    skipped = 0
    for entry in entries_raw:
        link = _entry_link(entry, base)
        if link is None:
            skipped += 1
            continue
        found.append(Discovered(url=link, hints=_entry_hints(entry, kind, default_tz),
                                lastmod=parse_date(dict.get(entry, "updated"), default_tz)))
    entries, duplicates = _unique(found)
    if skipped:
        problems.append(f"{skipped} entries without an http(s) link")
    if not entries_raw:
        problems.append("empty")
    return FeedResult(
        kind=kind,
        entries=entries,
        problems=tuple(problems),
        version=version,
        title=_clean_text(feed.get("title")),
        link=site,
        encoding=codec,
        duplicates=duplicates,
        skipped=skipped,
    )


def _exception_text(exc: object) -> str:
    if exc is None:
        return ""
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _entry_link(entry: Any, base: str) -> str | None:
    candidates: list[str] = []
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            type_ = (link.get("type") or "text/html").lower()
            if "html" in type_ or type_ in ("", "text/plain"):
                candidates.append(link["href"])
    if entry.get("link"):
        candidates.append(entry["link"])
    guid = entry.get("id")
    if guid and entry.get("guidislink", True):
        candidates.append(guid)
    for candidate in candidates:
        absolute = _absolute(candidate, base)
        if absolute:
            return absolute
    return None


def _entry_hints(entry: Any, kind: str, default_tz: tzinfo) -> FeedHints:
    # dict.get, not FeedParserDict.get: the latter maps "updated" to "published"
    # with a DeprecationWarning (feedparser issue 310).
    raw_date = next(
        (v for k in ("published", "updated", "created") if (v := dict.get(entry, k))), None
    )
    parsed_struct = next(
        (
            v
            for k in ("published_parsed", "updated_parsed", "created_parsed")
            if (v := dict.get(entry, k))
        ),
        None,
    )
    published = parse_date(raw_date, default_tz) or _struct_to_utc(parsed_struct)
    author_detail = entry.get("author_detail") or {}
    author = _clean_text(author_detail.get("name") or entry.get("author"))
    summary = entry.get("summary")
    if not summary:
        contents = entry.get("content") or []
        summary = contents[0].get("value") if contents else None
    categories = _unique_strings(
        tag.get("term") or tag.get("label") for tag in entry.get("tags") or []
    )
    return FeedHints(
        title=html_to_text(entry.get("title")),
        published_raw=raw_date.strip() if raw_date else None,
        published_at=published,
        author=author,
        summary=_without_feed_ending(html_to_text(summary)),
        categories=categories,
        source=kind,
    )


def _unique_strings(values: Iterable[str | None]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        text = _clean_text(value) if isinstance(value, str) else None
        if text and text not in seen:
            seen[text] = None
    return tuple(seen)


def _parse_json_feed(
    text: str, url: str, codec: str, default_tz: tzinfo, problems: list[str]
) -> FeedResult:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        problems.append(f"malformed JSON: {exc}"[:200])
        return FeedResult(kind="unknown", problems=tuple(problems), encoding=codec)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        problems.append("not a feed: JSON without JSON Feed items")
        return FeedResult(kind="unknown", problems=tuple(problems), encoding=codec)
    version_url = str(data.get("version") or "")
    version_match = re.search(r"jsonfeed\.org/version/(\d+)(?:\.(\d+))?", version_url)
    if version_match:
        version = "json" + version_match.group(1) + (version_match.group(2) or "0")
    else:
        version = "json"
        problems.append("JSON Feed without a version")
    home = data.get("home_page_url") if isinstance(data.get("home_page_url"), str) else None
    site = _absolute(home, url)
    base = site or url
    feed_authors = _json_authors(data)
    found: list[Discovered] = []
    skipped = 0
    for item in data["items"]:
        if not isinstance(item, dict):
            skipped += 1
            continue
        link = None
        for key in ("url", "external_url", "id"):
            value = item.get(key)
            if not isinstance(value, str):
                continue
            # "id" is opaque unless it is itself an absolute URL
            link = _absolute(value, base) if key != "id" else _absolute(value, "")
            if link:
                break
        if link is None:
            skipped += 1
            continue
        raw_date = _json_str(item.get("date_published")) or _json_str(item.get("date_modified"))
        authors = _json_authors(item) or feed_authors
        summary = (
            _json_str(item.get("summary"))
            or _json_str(item.get("content_text"))
            or html_to_text(_json_str(item.get("content_html")))
        )
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        found.append(
            Discovered(
                url=link,
                hints=FeedHints(
                    title=html_to_text(_json_str(item.get("title"))),
                    published_raw=raw_date,
                    published_at=parse_date(raw_date, default_tz),
                    author=", ".join(authors) if authors else None,
                    summary=_without_feed_ending(_clean_text(summary)),
                    categories=_unique_strings(t for t in tags if isinstance(t, str)),
                    source="json",
                ),
                lastmod=parse_date(_json_str(item.get("date_modified")), default_tz),
            )
        )
    entries, duplicates = _unique(found)
    if skipped:
        problems.append(f"{skipped} entries without an http(s) link")
    if not data["items"]:
        problems.append("empty")
    return FeedResult(
        kind="json",
        entries=entries,
        problems=tuple(problems),
        version=version,
        title=_clean_text(_json_str(data.get("title"))),
        link=site,
        encoding=codec,
        duplicates=duplicates,
        skipped=skipped,
    )


def _json_str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _json_authors(obj: dict[str, Any]) -> list[str]:
    people = obj.get("authors")
    if not isinstance(people, list):
        single = obj.get("author")
        people = [single] if single is not None else []
    names = []
    for person in people:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


# --------------------------------------------------------------------------- sitemaps


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return _clean_text("".join(child.itertext()))
    return None


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def parse_sitemap(
    body: bytes,
    url: str,
    *,
    newer_than: datetime | None = None,
    timezone: str | tzinfo | None = None,
) -> SitemapResult:
    """Parse a sitemap (``urlset``) or sitemap index fetched from ``url`` (gzip allowed).

    Google News entries (``news:news``) give title, publication date and
    keywords as hints (source ``"news-sitemap"``). With ``newer_than``, entries
    and child sitemaps whose publication date or ``lastmod`` is older are
    dropped and counted; entries without any date are kept.
    """
    problems: list[str] = []
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    body = _inflate(body, problems)
    if not body.strip():
        return SitemapResult(kind="empty", problems=(*problems, "empty"))
    default_tz = _zone(timezone)
    if newer_than is not None and newer_than.tzinfo is None:
        newer_than = newer_than.replace(tzinfo=UTC)
    prepared = _prepare_xml(body, None, problems)
    if prepared is None:
        return SitemapResult(kind="unknown", problems=tuple(problems))
    text, data, _codec_used = prepared
    if _looks_like_html(text):
        problems.append("not a sitemap: HTML received")
        return SitemapResult(kind="html", problems=tuple(problems))
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        problems.append(f"malformed XML: {_exception_text(exc)}")
        return SitemapResult(kind="unknown", problems=tuple(problems))
    if root is None:
        problems.append("malformed XML: nothing parseable")
        return SitemapResult(kind="unknown", problems=tuple(problems))
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    if errors:
        problems.append(f"malformed XML (recovered): {errors[0].message}"[:200])
    kind = _local(root.tag)
    if kind in ("rss", "feed", "rdf"):
        # the sitemap protocol accepts RSS 2.0 / Atom feeds as sitemaps
        return _feed_as_sitemap(body, url, newer_than, default_tz)
    if kind not in ("urlset", "sitemapindex"):
        problems.append(f"not a sitemap: root element <{kind or '?'}>")
        return SitemapResult(kind="unknown", problems=tuple(problems))
    child_name = "url" if kind == "urlset" else "sitemap"
    found: list[Discovered] = []
    dropped_old = skipped = 0
    for element in root:
        if _local(element.tag) != child_name:
            continue
        loc = _absolute(_child_text(element, "loc"), url)
        if loc is None:
            skipped += 1
            continue
        lastmod = parse_date(_child_text(element, "lastmod"), default_tz)
        hints = FeedHints(source="sitemap")
        news = _child(element, "news") if kind == "urlset" else None
        if news is not None:
            raw = _child_text(news, "publication_date")
            keywords = _child_text(news, "keywords") or ""
            hints = FeedHints(
                title=_child_text(news, "title"),
                published_raw=raw,
                published_at=parse_date(raw, default_tz),
                categories=_unique_strings(keywords.split(",")),
                source="news-sitemap",
            )
        when = hints.published_at or lastmod
        if newer_than is not None and when is not None and when < newer_than:
            dropped_old += 1
            continue
        found.append(Discovered(url=loc, hints=hints, lastmod=lastmod))
    entries, duplicates = _unique(found)
    if skipped:
        problems.append(f"{skipped} {child_name} elements without an http(s) <loc>")
    if not entries and not dropped_old and not skipped:
        problems.append("empty")
    if kind == "sitemapindex":
        children = [e.url for e in entries if not _TAXONOMY_SITEMAP.search(urlsplit(e.url).path)]
        return SitemapResult(
            kind=kind,
            sitemaps=tuple(children),
            not_articles=len(entries) - len(children),
            problems=tuple(problems),
            dropped_old=dropped_old,
            duplicates=duplicates,
            skipped=skipped,
        )
    return SitemapResult(
        kind=kind,
        entries=entries,
        problems=tuple(problems),
        dropped_old=dropped_old,
        duplicates=duplicates,
        skipped=skipped,
    )


def _feed_as_sitemap(
    body: bytes, url: str, newer_than: datetime | None, default_tz: tzinfo
) -> SitemapResult:
    result = parse_feed(body, url, timezone=default_tz)
    kept = []
    dropped_old = 0
    for entry in result.entries:
        when = entry.hints.published_at
        if newer_than is not None and when is not None and when < newer_than:
            dropped_old += 1
        else:
            kept.append(entry)
    return SitemapResult(
        kind="feed",
        entries=tuple(kept),
        problems=result.problems,
        dropped_old=dropped_old,
        duplicates=result.duplicates,
        skipped=result.skipped,
    )


# the child sitemaps WordPress, Yoast and Rank Math give tag, category, author and static pages
_TAXONOMY_SITEMAP = re.compile(
    r"/(?:(?:category|post_tag|tag|author|page|post_format)-sitemap\d*"
    r"|wp-sitemap-(?:taxonomies-[\w-]+|users|posts-page)-\d+)\.xml(?:\.gz)?$",
    re.IGNORECASE,
)
_SITEMAP_INDEX_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sitemapindex[\s>/]")


def is_sitemap_index(body: bytes) -> bool:
    """Whether a sitemap document is a sitemap index (cheap: its first 64 KB, gzip allowed).

    An index's answer cannot be skipped with a 304: its child sitemaps change
    while it does not, so conditional requests leave indexes out.
    """
    head = body[: 64 * 1024]
    if body.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(body, 64 * 1024)
        except zlib.error:
            return False
    if head.startswith((codecs.BOM_UTF16_LE, b"<\x00")):
        head = head.decode("utf_16_le", "replace").encode("utf-8")
    elif head.startswith((codecs.BOM_UTF16_BE, b"\x00<")):
        head = head.decode("utf_16_be", "replace").encode("utf-8")
    return _SITEMAP_INDEX_ROOT.search(head) is not None


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """Absolute URLs of the ``Sitemap:`` lines of a robots.txt, in order, without repeats."""
    found: list[str] = []
    for line in text.splitlines():
        match = re.match(r"^\s*sitemap\s*:\s*(\S+)", line, re.I)
        if not match:
            continue
        absolute = _absolute(match.group(1), base_url)
        if absolute and absolute not in found:
            found.append(absolute)
    return found


# --------------------------------------------------------------------------- HTML pages


def _html_document(html: bytes | str, problems: list[str]) -> etree._Element | None:
    if isinstance(html, bytes):
        _encoding, html = html_to_unicode(None, html)
    if not html.strip():
        problems.append("empty")
        return None
    # lxml refuses str input that carries an XML encoding declaration
    html = _XML_DECL.sub("", html, count=1)
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        problems.append(f"unparseable HTML: {_exception_text(exc)}")
        return None


def _base_href(document: etree._Element, url: str) -> str:
    for base in document.iter("base"):
        href = base.get("href")
        absolute = _absolute(href, url) if href else None
        if absolute:
            return absolute
    return url


def _selector(css: str, problems: list[str], what: str) -> Callable[[Any], list[Any]] | None:
    try:
        return CSSSelector(css)
    except SelectorError as exc:
        problems.append(f"invalid CSS selector for {what} {css!r}: {_exception_text(exc)}")
        return None


def _link_of(element: etree._Element) -> etree._Element | None:
    if element.tag == "a" and element.get("href"):
        return element
    for anchor in element.iter("a"):
        if anchor.get("href"):
            return anchor
    return None


#: The problem of a listing page where the ``links`` selector matched no link.
NO_LINKS_MATCHED = "no article links matched"


def parse_listing(
    html: bytes | str, url: str, *, links: str, next_page: str | None
) -> ListingResult:
    """Article links (CSS selector ``links``) and the next page (``next_page``) of a listing page.

    A selector may match the ``<a>`` itself or an element containing it.
    """
    problems: list[str] = []
    document = _html_document(html, problems)
    if document is None:
        return ListingResult(problems=tuple(problems))
    base = _base_href(document, url)
    select_links = _selector(links, problems, "links")
    found: list[Discovered] = []
    if select_links is not None:
        for element in select_links(document):
            anchor = _link_of(element)
            target = _absolute(anchor.get("href"), base) if anchor is not None else None
            if target is None:
                continue
            title = _clean_text(anchor.text_content()) or _clean_text(anchor.get("title"))
            found.append(Discovered(url=target, hints=FeedHints(title=title, source="listing")))
        if not found:
            problems.append(f"{NO_LINKS_MATCHED} {links!r}")
    entries, duplicates = _unique(found)
    next_url = None
    if next_page:
        select_next = _selector(next_page, problems, "next_page")
        if select_next is not None:
            for element in select_next(document):
                anchor = _link_of(element)
                next_url = _absolute(anchor.get("href"), base) if anchor is not None else None
                if next_url:
                    break
    if next_url == strip_tracking(url):
        next_url = None
    return ListingResult(
        entries=entries, next_page=next_url, problems=tuple(problems), duplicates=duplicates
    )


#: A feed of readers' comments (WordPress advertises one for the site and one per post), by its
#: link title or its path: its entries are comments, not articles.
_COMMENTS_FEED = re.compile(r"\bcomments?\b|コメント|댓글", re.I)
_COMMENTS_FEED_PATH = re.compile(r"/comments/feed/?$|/comments/?(?:rss|atom|feed)", re.I)


def is_comments_feed(title: str) -> bool:
    """Whether a feed's (or its link's) title says it carries readers' comments
    ("K-Wave Wire » Comments Feed", "Comments on: …", "コメント")."""
    return bool(_COMMENTS_FEED.search(title))


def find_feed_links(html: bytes | str, url: str) -> list[str]:
    """Feeds of articles a page advertises with ``<link rel="alternate" type="...rss/atom/feed+json">``
    (not its comments feeds)."""
    problems: list[str] = []
    document = _html_document(html, problems)
    if document is None:
        return []
    base = _base_href(document, url)
    found: list[str] = []
    for link in document.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        type_ = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or type_ not in FEED_TYPES:
            continue
        absolute = _absolute(link.get("href"), base)
        if not absolute or absolute in found or is_comments_feed(link.get("title") or "") or \
                _COMMENTS_FEED_PATH.search(urlsplit(absolute).path):
            continue
        found.append(absolute)
    return found


def common_feed_paths(homepage: str) -> list[str]:
    """Conventional feed URLs to probe for a site (``/feed``, ``/rss.xml``...), most likely first.

    When the homepage has a path (``https://natalie.mu/eiga``) the paths under it
    come before those at the site root.
    """
    parts = urlsplit(homepage.strip())
    root = urlunsplit((parts.scheme or "https", parts.netloc, "/", "", ""))
    bases = []
    if parts.path.strip("/"):
        bases.append(
            urlunsplit(
                (parts.scheme or "https", parts.netloc, parts.path.rstrip("/") + "/", "", "")
            )
        )
    bases.append(root)
    found: list[str] = []
    for base in bases:
        for path in COMMON_FEED_PATHS:
            candidate = urljoin(base, path)
            if candidate not in found:
                found.append(candidate)
    return found


# --------------------------------------------------------------------------- filters


def _normalise(text: str) -> str:
    return " " + _SEPARATORS.sub(" ", text.lower()).strip() + " "


def _keyword_in(keyword: str, haystack: str) -> bool:
    """Keyword at a word start (``cast`` matches "casting", not "podcast"); CJK as substring."""
    needle = _normalise(keyword).strip()
    if not needle:
        return False
    if not needle.isascii():
        return needle in haystack
    return re.search(r"(?<![a-z0-9])" + re.escape(needle), haystack) is not None


def hints_can_judge_topic(hints: FeedHints | None) -> bool:
    """Whether discovery hints say enough about an article to apply a topic filter before fetching.

    A title alone (a listing link, a news sitemap without keywords) is too thin:
    such pages are fetched and judged on their tags and summary after extraction.
    """
    return hints is not None and bool(hints.title) and bool(hints.summary or hints.categories)


def matches_filters(
    url: str,
    hints: FeedHints | None,
    *,
    allow: Sequence[str],
    deny: Sequence[str],
    topics: Sequence[str],
) -> bool:
    """Should this discovered article be fetched?

    ``deny`` regexes (searched in the URL) exclude; when ``allow`` is non-empty
    one of its regexes must match; when ``topics`` is non-empty one keyword
    (case-insensitive) must appear in the URL path, title, categories or summary.
    """
    if any(re.search(pattern, url) for pattern in deny):
        return False
    if allow and not any(re.search(pattern, url) for pattern in allow):
        return False
    if not topics:
        return True
    parts = [unquote(urlsplit(url).path)]
    if hints is not None:
        parts.extend(p for p in (hints.title, hints.summary) if p)
        parts.extend(hints.categories)
    haystack = _normalise(" ".join(parts))
    return any(_keyword_in(topic, haystack) for topic in topics)
