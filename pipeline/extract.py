"""Layered article extraction: one fetched page → :class:`ExtractedArticle`.

Layers, in order of trust (the first that yields a usable value wins a field,
and ``provenance`` records which one it was):

``rule:<slug>``  per-source page objects (:mod:`pipeline.site_rules`)
``jsonld``       schema.org Article/NewsArticle/BlogPosting… (``@graph``, arrays, broken JSON)
``meta``         OpenGraph, ``article:*``, Twitter, Dublin Core, ``itemprop`` and named meta
``html``         ``<time>``, ``<h1>``, ``<title>``, visible date lines (those under the
                 headline first), labelled dates, the byline under the ``<h1>``, ``<html lang>``
``url``          a date encoded in the article URL
``trafilatura``  main text (fast precision pass; full passes only when it loses text)
``hint``         what the feed or sitemap said
``htmldate``     date finder, when no layer above found a date

The function is pure (no network, no Scrapy) and never raises on bad input: a
page that cannot be read becomes ``page_type="other"`` with empty fields.
"""

from __future__ import annotations

import codecs
import copy
import html
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import timezone as dt_timezone
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from pipeline import dates
from pipeline.normalise import (
    ORIGINAL_LABEL,
    comparable,
    decode_strictly,
    is_boilerplate,
    normalise_body,
    same_site,
    site_labels,
    site_of,
)
from pipeline.records import ExtractedArticle, FeedHints
from pipeline.site_rules import rule_for
from pipeline.site_rules.selectors import FieldSelectors, SelectorRule

log = logging.getLogger(__name__)

MAX_HTML_CHARS = 1_500_000  # beyond this the tail is navigation and scripts, not the article
_SNIFF_BYTES = 4096
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "livebloggosting", "liveblogposting", "techarticle", "report", "socialmediaposting",
    "scholarlyarticle", "satiricalarticle", "posting",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "medicalwebpage"})
_LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})
_CHARSET_ALIASES = {
    "euc-kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949",
    "x-windows-949": "cp949", "windows-949": "cp949", "uhc": "cp949",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "ms_kanji": "cp932", "windows-31j": "cp932", "csshiftjis": "cp932",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "iso-8859-9": "cp1254", "tis-620": "cp874", "x-user-defined": "cp1252",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
_NOT_FOUND = re.compile(
    r"^\s*(?:error\s*)?404\b|\b404\s*(?:error|not found|page)|\bpage (?:was )?not found\b"
    r"|\bpage (?:you (?:were|are) looking for|cannot be found|does not exist|doesn't exist)"
    r"|페이지를 찾을 수 없|존재하지 않는 페이지|요청하신 페이지"
    r"|ページが見つかりません|お探しのページ|ページは見つかりません|ページが存在しません",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s*[|｜]\s*")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b\u3000]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LETTERS = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z]")
_LATIN_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]+")
# tag, author, category and paging pages (WordPress, Yoast and most CMSs shape them so)
_ARCHIVE_PATH = re.compile(
    r"/(?:tags?|topics?|authors?|categor(?:y|ies)|archives?)/[^/]+/?$|/page/\d+/?$", re.IGNORECASE)
_ARCHIVE_TITLE = re.compile(r", Author at |\bArchives\s+[-|–—]\s")
_EXCERPT_CHARS = 400  # what follows a teaser's headline: an excerpt, a byline, a time
_MAX_TEASERS = 200
_MIN_OWN_WORDS = 60  # a page's own text beside its teasers, below which it is a list of them
_MIN_ARTICLE_WORDS = 12  # fewer is a gallery's "Next slide" or a video's one line, no article
_DATE_HINT = re.compile(r"date|time|publish|posted|byline|article-?info|meta|stamp|when", re.I)
_PUB_MARK = re.compile(
    r"입력|등록|작성|게재|발행|송고|公開|配信|掲載|投稿|published|posted|first published", re.I
)
_MOD_MARK = re.compile(r"수정|업데이트|最終更新|更新|updated|modified|last edited", re.I)
_BULKY = re.compile(
    r"<script(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style[^>]*>.*?</style\s*>|<svg[^>]*>.*?</svg\s*>",
    re.IGNORECASE | re.DOTALL,
)
_CLOCK = re.compile(r"(?<!\d)\d{1,2}\s*(?::|h|시|時)\s*\d{2}(?!\d)|\d\s*[ap]\.?m\b", re.I)
_CLOCK_PARTS = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|h|시|時)\s*(\d{2})(?!\d)|(\d{1,2})\s*[ap]\.?m\b", re.I)


def _shows_clock(text: str, shown: datetime) -> bool:
    """Whether ``shown``'s time of day is one of the clock times ``text`` shows: a date read
    without its time (midnight) beside another clock ("08 May 2022 Updated 08 May | 6:00")
    is not a rendering of the instant."""
    for match in _CLOCK_PARTS.finditer(text):
        hour, minute = (int(match[1]), int(match[2])) if match[1] else (int(match[3]), 0)
        if (hour % 12, minute) == (shown.hour % 12, shown.minute):
            return True
    return False


_RELATIVE_HINT = re.compile(r"\bago\b|\bvor\b|\bhace\b|\bil y a\b|\bfa\b|\d\s*\S{1,2}\s*[전前]", re.I)
_COMMENT_MARK = re.compile(r"comment|kommentar|reply|replies|disqus|댓글|コメント", re.I)
_DATELINE = re.compile(r"^\s*[(\[]?\s*([^\n()\[\]–—|]{6,40}?\d{2,4})\s*(?:[)\]]|\s[–—|-]\s|:\s)")
_PUB_LABEL = re.compile(
    r"^\s*(?:published(?: on)?|first published|posted(?: on)?|erschienen(?: am)?|veröffentlicht(?: am)?"
    r"|publié le|publicado(?: el)?|pubblicato(?: il)?|erstellt(?: am)?|datum|date|fecha|data"
    r"|publication date|date de publication|fecha de publicación|veröffentlichungsdatum"
    r"|입력|등록|公開日|配信日|掲載日)\s*:?\s*$",
    re.I,
)
_DATE_TAGS = ("span", "div", "p", "time", "li", "em", "dd", "small", "strong", "td")
#: A text that says what its time is, in any element: "（最終更新：2026-12-03 15:40）", "Updated: …".
_LABELLED_TIME = re.compile(
    rf"^[\s(（\[【]*(?:last\s+|최종\s*)?(?:{_PUB_MARK.pattern}|{_MOD_MARK.pattern})(?:\s+on|日時|日|일시)?\s*[:：]?\s*[\d(（]",
    re.I)
_MAX_DATE_SCAN = 20_000  # elements; dates sit near the top of an article
_LARGE_TREE = 15_000  # elements; beyond this trafilatura runs in its fast mode only
#: How far above the headline a byline is looked for (the headline's parent, grandparent…).
BYLINE_LEVELS = 2
#: The text of a link to the article's original (a portal's copy links back to the outlet).
_ORIGINAL_LABEL = re.compile(rf"^\s*(?:{ORIGINAL_LABEL}|originally\s+(?:published|appeared)\b.*)\s*[>›»→]?\s*$", re.I)
#: The class or id of such a link ("media_end_head_origin_link", "sc-original").
_ORIGINAL_MARK = re.compile(r"(?:^|[\s_-])origin(?:al)?(?:$|[\s_-])", re.I)
#: A credit just before a link: "提供：<a>ORICON NEWS</a>", "출처: <a>…</a>", "Source: <a>…</a>".
_CREDIT_BEFORE = re.compile(r"(?:提供|出典|配信元|출처|제공|\b(?:source|via|courtesy\s+of))\s*[：:]?\s*$", re.I)
_MAX_ORIGINAL_ANCHORS = 2000
#: A bracketed credit ending a title: "…（オリコン）", "… (ORICON NEWS)", "…【モデルプレス】".
_TRAILING_CREDIT = re.compile(r"\s*[（(【\[]\s*([^（）()【】\[\]]{2,30}?)\s*[）)】\]]\s*$")
_URL_NOISE = re.compile(r"^https?://", re.I)
_STRONG_PUBLISHED_META = (
    "article:published_time", "og:published_time", "article:published", "datepublished",
    "published_time", "publishdate", "publish-date", "publish_date", "pubdate", "dc.date.issued",
    "dcterms.issued", "dcterms.created", "dc.date.created", "sailthru.date", "parsely-pub-date",
    "article.published", "cxenseparse:recs:publishtime", "datecreated", "originalpublicationdate",
    "publication_date", "ptime", "citation_publication_date", "citation_date",
)
_WEAK_PUBLISHED_META = ("date", "dc.date", "dcterms.date", "dc:date")
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified", "modified_time",
    "last-modified", "dc.date.modified", "dcterms.modified", "lastmod", "utime",
)


@dataclass
class _Fields:
    """Accumulates field values in trust order: the first offer for a field wins."""

    values: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)

    def offer(self, name: str, value: object, layer: str) -> bool:
        if name in self.values or value is None or value == "" or value == ():
            return False
        self.values[name] = value
        self.provenance[name] = layer
        return True

    def has(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)


# ----------------------------------------------------------------------------- public API


def extract_article(
    html: str | bytes,
    url: str,
    *,
    hints: FeedHints | None = None,
    source: str | None = None,
    timezone: str | None = None,
    fetched_at: datetime | None = None,
    charset: str | None = None,
    selectors: FieldSelectors | None = None,
) -> ExtractedArticle:
    """Extract title, body, dates, authors… from one page, each with its source layer.

    ``html`` may be ``bytes`` in any encoding, with ``charset`` the one the server sent
    (see :func:`decode_page`). ``source`` selects per-site rules, and ``selectors``
    (the catalogue entry's) come before them;
    ``timezone`` is the source's IANA zone for dates without an offset (default
    by page language: Asia/Seoul for Korean, Asia/Tokyo for Japanese, else UTC);
    ``fetched_at`` anchors relative dates and the "not in the future" check.
    """
    url = url if isinstance(url, str) else ""
    fetched = _as_utc(fetched_at) if fetched_at else datetime.now(UTC)
    try:
        text = decode_page(html, charset) if isinstance(html, bytes | bytearray) else (html or "")
        tree = _parse(text) if isinstance(text, str) else None
        if tree is None:
            return _empty(url)
        return _Extraction(tree, url, hints, source, timezone, fetched, selectors).run()
    except (ValueError, TypeError, LookupError, RecursionError, etree.LxmlError, UnicodeError) as exc:
        # Garbage in must not stop a crawl: log it and hand back an empty "other" page.
        log.warning("extraction failed for %s: %s: %s", url, type(exc).__name__, exc)
        return _empty(url)


def site_name(html: str) -> str | None:
    """The name a page gives its site (og:site_name, application-name, JSON-LD publisher), or None."""
    tree = _parse(html)
    if tree is None:
        return None
    ld = _read_jsonld(tree)
    publisher = ld.resolve((ld.article or {}).get("publisher")) or ld.publisher
    names = _names(publisher, ld) if publisher else []
    return _meta_first(_read_meta(tree), "og:site_name", "application-name") or (_clean(names[0]) if names else None)


def decode_html(data: bytes) -> str:
    """Decode page bytes without HTTP headers: BOM, valid UTF-8, declared charset, then detection."""
    data = bytes(data)
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    if b"\x00" in data[:1024] and data.count(b"\x00") > len(data[:1024]) // 4:
        # UTF-16 without BOM, or binary: try UTF-16 only when it looks like markup
        for codec in ("utf-16-le", "utf-16-be"):
            guess = data[:200].decode(codec, errors="ignore")
            if "<" in guess and ">" in guess:
                return data.decode(codec, errors="replace")
    text = decode_strictly(data, "utf-8")
    if text is not None:
        return text
    # not UTF-8: the page's declaration, then detection
    declared = _declared_charset(data[:_SNIFF_BYTES])
    if declared and declared not in ("utf-8", "utf8"):
        text = _decoded_as(data, declared)
        if text is not None:
            return text
        log.debug("declared charset %s does not decode the page", declared)
    # the first of them Python knows, with what does not fit replaced
    codec = next((known for name in (_detect_charset(data), declared) if name and (known := _codec(name))), "utf-8")
    return data.decode(codec, errors="replace")


# ----------------------------------------------------------------------------- parsing


def decode_page(data: bytes, server_charset: str | None = None) -> str:
    """Decode a fetched page: by the charset the server sent with it when that fits the bytes,
    else as :func:`decode_html` does (BOM, UTF-8, the page's own declaration, detection). A
    charset that does not fit (a CP949 page served as UTF-8 by a misconfigured server) would
    store mojibake: garbled titles in the digest, and no show or person found."""
    data = bytes(data)
    codec = _codec(server_charset) if server_charset else None
    if codec and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decoded_as(data, codec)
        if text is not None:
            return text
        log.debug("the server's charset %s does not decode the page", server_charset)
    return decode_html(data)


#: Codecs that decode any bytes: a page in a multibyte charset decodes "fine" with them, as mojibake.
_SINGLE_BYTE = re.compile(r"cp125\d|latin_1|iso8859_\d+|ascii|koi8_\w|mac_\w+")


def _decoded_as(data: bytes, codec: str) -> str | None:
    """``data`` decoded strictly with ``codec``, or None when it does not fit: it fails, or it is a
    single-byte codec while the bytes read whole as UTF-8 or as the multibyte charset detection
    names."""
    text = decode_strictly(data, codec)
    if text is None or data.isascii() or not _SINGLE_BYTE.fullmatch(codecs.lookup(codec).name):
        return text
    if decode_strictly(data, "utf-8") is not None:
        return None
    detected = _detect_charset(data)
    multibyte = detected and not _SINGLE_BYTE.fullmatch(codecs.lookup(detected).name)
    return None if multibyte and decode_strictly(data, detected) is not None else text


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    return _codec((match.group(1) or match.group(2) or b"").decode("ascii", "ignore"))


def _detect_charset(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # deferred: only for pages that need it

    sample = data[:200_000]
    best = from_bytes(sample, cp_isolation=None).best()
    if best is None:
        return None
    name = _CHARSET_ALIASES.get(best.encoding.lower(), best.encoding)
    return "cp949" if name == "euc_kr" else "cp932" if name == "shift_jis" else name


_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _xml_character(reference: re.Match[str]) -> str:
    """A numeric character reference, or nothing when it names a character XML cannot hold
    (a control character, a surrogate, U+FFFE/U+FFFF, or past U+10FFFF)."""
    code = int(reference.group(1), 16) if reference.group(1) else int(reference.group(2))
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
        return reference.group(0)
    return ""


def _parse(text: str) -> HtmlElement | None:
    from trafilatura.utils import load_html  # deferred: heavy import

    if not text.strip():
        return None
    if len(text) > MAX_HTML_CHARS:
        # bulky inline scripts and styles first (keeping JSON-LD), then the tail
        text = _BULKY.sub("", text)[:MAX_HTML_CHARS]
    text = text.replace("\x00", "")
    if "&#" in text:  # "&#8;" in one paragraph made the whole body unserialisable, so empty
        text = _CHARACTER_REFERENCE.sub(_xml_character, text)
    if "<" not in text[:_SNIFF_BYTES * 4]:
        return None  # not markup: binary junk or plain text
    tree = load_html(text)
    if tree is None or not isinstance(tree, HtmlElement):
        return None
    return tree


def _empty(url: str) -> ExtractedArticle:
    return ExtractedArticle(url=url, canonical_url=url, page_type="other")


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _clean(value: object) -> str | None:
    """A text value with its whitespace collapsed and HTML entities decoded (JSON-LD and
    feeds often carry "R&amp;D" as written in the page's source)."""
    if not isinstance(value, str):
        return None
    if "&" in value and _ENTITY.search(value):
        value = html.unescape(value)
    text = _WS.sub(" ", value).strip()
    return text or None


_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def _emphasised(tree: HtmlElement) -> tuple[str, ...]:
    """Texts set in ``<em>``/``<i>``/``<cite>`` (where outlets put titles), in page order."""
    found = (_text_of(element).strip(" ,.;:") for element in tree.iter("em", "i", "cite"))
    return tuple(dict.fromkeys(text for text in found if 1 < len(text) <= 120))


def _opening(element: HtmlElement) -> str:
    """The text an element opens with, past an empty icon before it: "입력 2026.12.05 09:12" of
    ``<li><i class="icon-clock-o"></i> 입력 2026.12.05 09:12</li>`` (Korean news CMSes)."""
    text = (element.text or "").strip()
    if text or not len(element):
        return text
    first = element[0]
    return (first.text or "").strip() or (first.tail or "").strip()


def _text_of(element: HtmlElement) -> str:
    try:
        return _WS.sub(" ", element.text_content()).strip()
    except (ValueError, TypeError):
        return ""


# ----------------------------------------------------------------------------- JSON-LD


_NOT_JSON = object()


def _json_or_not(text: str) -> object:
    """``text`` read as JSON, or :data:`_NOT_JSON` when it is not JSON (``null`` is JSON)."""
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return _NOT_JSON


def _load_json(raw: str) -> object:
    text = raw.strip()
    text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", text)
    text = re.sub(r"^\s*<!--|-->\s*$", "", text).strip()
    if not text:
        return None
    # broken JSON is common: as written, then without trailing commas, then as several objects
    repaired = re.sub(r",\s*([}\]])", r"\1", text)
    for candidate in (text, repaired):
        value = _json_or_not(candidate)
        if value is not _NOT_JSON:
            return value
    decoder = json.JSONDecoder(strict=False)
    objects, index = [], 0
    while index < len(repaired):
        while index < len(repaired) and repaired[index] in " \t\r\n;,":
            index += 1
        if index >= len(repaired):
            break
        try:
            obj, index = decoder.raw_decode(repaired, index)
        except ValueError:
            break
        objects.append(obj)
    return objects or None


def _walk_jsonld(node: object, depth: int = 0) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_jsonld(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement", "hasPart"):
            if key in node:
                yield from _walk_jsonld(node[key], depth + 1)


def _types(node: dict) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


@dataclass
class _JsonLd:
    article: dict | None = None
    page: dict | None = None
    by_id: dict[str, dict] = field(default_factory=dict)
    listing: bool = False
    publisher: dict | None = None
    dates: list[str] = field(default_factory=list)  # every date string, of any node
    paywalled: list[str] = field(default_factory=list)  # CSS selectors of the parts not free to read
    #: what the article's own node (else the page's) says in ``isAccessibleForFree``: False when it
    #: or a part of it is not free to read, True when it is and nothing says otherwise, None when nothing says
    free: bool | None = None

    def resolve(self, value: object) -> object:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in self.by_id:
            return self.by_id[value["@id"]]
        return value


def _read_jsonld(tree: HtmlElement) -> _JsonLd:
    found = _JsonLd()
    articles: list[dict] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        data = _load_json(script.text or "")
        for node in _walk_jsonld(data):
            if isinstance(node.get("@id"), str):
                found.by_id.setdefault(node["@id"], node)
            kinds = _types(node)
            if kinds & _ARTICLE_TYPES:
                articles.append(node)
            elif kinds & _PAGE_TYPES and found.page is None:
                found.page = node
            elif kinds & _LISTING_TYPES and "collectionpage" in kinds | {"searchresultspage"}:
                found.listing = found.listing or bool(kinds & {"collectionpage", "searchresultspage"})
            if kinds & {"organization", "newsmediaorganization"} and found.publisher is None:
                found.publisher = node
            found.dates.extend(
                v for k in ("datePublished", "dateCreated", "dateModified", "uploadDate")
                if isinstance(v := node.get(k), str)
            )
    if articles:
        # the richest article object: one with a headline and a date beats a stub
        found.article = max(
            articles,
            key=lambda n: (bool(n.get("headline") or n.get("name")), bool(n.get("datePublished")),
                           len(str(n.get("articleBody", "")))),
        )
    own = found.article or found.page
    if own is not None:
        found.free, found.paywalled = _access(own, found)
    return found


def _access(node: dict, ld: _JsonLd) -> tuple[bool | None, list[str]]:
    """What the page's own node (its article, else the page) says of its access, with its parts
    (``hasPart``), not what a related article, the site or a list entry says of theirs:
    ``isAccessibleForFree`` (False when it or a part is not free) and the CSS selectors of
    the parts not free."""
    parts = [part for part in map(ld.resolve, _listed(node.get("hasPart"))) if isinstance(part, dict)]
    said = [(_free(n.get("isAccessibleForFree")), n) for n in (node, *parts)]
    free = False if any(f is False for f, _ in said) else True if any(f for f, _ in said) else None
    return free, [css for f, n in said if f is False for css in _listed(n.get("cssSelector"))
                  if isinstance(css, str) and css.strip()]


def _listed(value: object) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _free(value: object) -> bool | None:
    """An ``isAccessibleForFree`` value (true or false, as JSON or as text: "False"), or None."""
    said = str(value).strip().lower()
    return True if said == "true" else False if said == "false" else None


def _names(value: object, ld: _JsonLd, depth: int = 0) -> list[str]:
    value = ld.resolve(value)
    if depth > 3 or value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [n for item in value for n in _names(item, ld, depth + 1)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
    return []


def _first_url(value: object, ld: _JsonLd) -> str | None:
    value = ld.resolve(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for item in value:
            found = _first_url(item, ld)
            if found:
                return found
    if isinstance(value, dict):
        for key in ("url", "contentUrl", "@id"):
            if isinstance(value.get(key), str):
                return value[key]
    return None


# ----------------------------------------------------------------------------- meta tags


def _read_meta(tree: HtmlElement) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content]|//*[@itemprop][@content or @datetime]"):
        content = element.get("content") if element.get("content") is not None else element.get("datetime")
        content = (content or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attr)
            if key:
                meta.setdefault(key.strip().lower(), []).append(content)
    return meta


def _meta_first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in meta.get(key, ()):
            cleaned = _clean(value)
            if cleaned:
                return cleaned
    return None


# ----------------------------------------------------------------------------- the extraction


class _Extraction:
    def __init__(
        self,
        tree: HtmlElement,
        url: str,
        hints: FeedHints | None,
        source: str | None,
        timezone: str | None,
        fetched: datetime,
        selectors: FieldSelectors | None = None,
    ) -> None:
        self.tree = tree
        self.url = url
        self.hints = hints
        self.source = source
        self.timezone = timezone
        self.fetched = fetched
        self.fields = _Fields()
        self.parsed: dict[str, tuple[datetime, bool]] = {}  # kind → (parsed value, had own offset)
        self.ld = _read_jsonld(tree)
        self.meta = _read_meta(tree)
        rule_class = rule_for(source, url)
        self.rule = rule_class(url, tree) if rule_class else None
        self.rule_layer = f"rule:{rule_class.slug}" if rule_class else ""
        if selectors is not None:
            self.rule = SelectorRule(url, tree, selectors, self.rule)
            self.rule_layer = f"rule:{source}" if source else "rule:selectors"
        self._lines: list[tuple[str, bool]] | None = None

    # -- driver ------------------------------------------------------------------------
    def run(self) -> ExtractedArticle:
        f = self.fields
        self._language()
        self.tz = dates.zone(self.timezone or dates.country_zone(self.url), f.get("language"))
        self._title()
        self._canonical()
        self._site_name()
        self._untitled_site()
        self._authors()
        self._image()
        self._tags()
        self._summary()
        emphasised = _emphasised(self.tree)  # before the main-text extractor reshapes the tree
        original_url = self._original_url(f.get("canonical_url"))
        self._uncredited_title(original_url)
        self._body()
        if not f.has("authors"):  # the reporter line at the top of the body (Korean, Japanese news)
            f.offer("authors", self._reporter_line(), "html")
        self._dates()
        page_type = self._page_type()
        paywalled = self._paywalled()
        values = f.values
        # the body as stored, without credit lines ("<em>Source: …</em>"), when there is emphasis to check
        stored = normalise_body(values.get("body")) if emphasised else ""
        return ExtractedArticle(
            url=self.url,
            canonical_url=values.get("canonical_url") or self.url,
            title=values.get("title"),
            body=values.get("body") or "",
            summary=values.get("summary"),
            authors=values.get("authors") or (),
            published_at=values.get("published_at"),
            published_raw=values.get("published_raw"),
            modified_at=values.get("modified_at"),
            modified_raw=values.get("modified_raw"),
            language=values.get("language"),
            image_url=values.get("image_url"),
            tags=values.get("tags") or (),
            site_name=values.get("site_name"),
            page_type=page_type,
            provenance={k: v for k, v in f.provenance.items() if not k.endswith("_raw")},
            emphasis=tuple(text for text in emphasised if text in stored),
            original_url=original_url,
            paywalled=paywalled,
        )

    def _rule(self, method: str) -> object:
        if self.rule is None:
            return None
        try:
            return getattr(self.rule, method)()
        except (ValueError, TypeError, AttributeError, IndexError, etree.LxmlError) as exc:
            log.warning("site rule %s.%s failed on %s: %s", self.rule_layer, method, self.url, exc)
            return None

    # -- simple fields -----------------------------------------------------------------
    def _language(self) -> None:
        f = self.fields
        html_lang = self.tree.get("lang") or self.tree.get("xml:lang") or ""
        for value, layer in (
            (html_lang, "html"),
            (_meta_first(self.meta, "content-language", "og:locale", "dc.language", "language"), "meta"),
            (self.ld.article.get("inLanguage") if self.ld.article else None, "jsonld"),
        ):
            code = _language_code(value)
            if code:
                # a declared "en" on a page written in Hangul or kana is a template default
                detected = _script_language(self._sample_text())
                if detected and detected != code and code == "en":
                    f.offer("language", detected, "html")
                else:
                    f.offer("language", code, layer)
                return
        f.offer("language", _script_language(self._sample_text()), "html")

    def _sample_text(self) -> str:
        if not hasattr(self, "_sample"):
            parts = self.tree.xpath("//title//text()|//h1//text()|//p//text()")
            self._sample = " ".join(str(p) for p in parts[:300])[:5000]
        return self._sample

    def _title(self) -> None:
        f = self.fields
        f.offer("title", _clean(self._rule("title")), self.rule_layer)
        article = self.ld.article or {}
        f.offer("title", _clean(article.get("headline")) or _clean(article.get("name")), "jsonld")
        f.offer("title", _meta_first(self.meta, "og:title", "twitter:title", "dc.title", "headline",
                                     "title", "sailthru.title", "parsely-title"), "meta")
        h1s = [t for t in (_text_of(h) for h in self.tree.xpath("//h1")[:3]) if t]
        if len(h1s) == 1:
            f.offer("title", h1s[0], "html")
        titles = self.tree.xpath("//title")
        if titles:
            f.offer("title", _strip_site_suffix(_text_of(titles[0])), "html")
        if self.hints:
            f.offer("title", _clean(self.hints.title), "hint")

    def _canonical(self) -> None:
        f = self.fields
        for href in self.tree.xpath('//link[translate(@rel, "CANONICAL", "canonical")="canonical"]/@href'):
            absolute = _absolute(self.url, str(href))
            if absolute:
                f.offer("canonical_url", absolute, "html")
                return
        f.offer("canonical_url", _absolute(self.url, _meta_first(self.meta, "og:url") or ""), "meta")

    def _original_url(self, canonical: object) -> str | None:
        """The page of another site this one names as the article's original: a portal's or
        aggregator's copy links back to the outlet ("기사원문", "原文", "Original article",
        "提供：<a>ORICON NEWS</a>"), declares it (``<link rel="original-source">``,
        ``syndication-source``) or gives it as its canonical. Before the main-text extractor,
        which drops the links."""
        own = site_of(self.url)

        def elsewhere(href: object) -> str | None:
            absolute = _absolute(self.url, str(href or ""))
            return absolute if absolute and site_of(absolute) not in (None, own) else None

        declared = self.tree.xpath(
            "//link[contains(' original-source syndication-source ', concat(' ', translate(@rel,"
            " 'ORIGNALSUCEYDT', 'orignalsuceydt'), ' '))]/@href")
        for href in [*declared, _meta_first(self.meta, "original-source", "syndication-source")]:
            if found := elsewhere(href):
                return found
        if isinstance(canonical, str) and (found := elsewhere(canonical)):
            return found
        for anchor in self.tree.xpath("//a[@href]")[:_MAX_ORIGINAL_ANCHORS]:
            label = _text_of(anchor)
            before = (anchor.getprevious().tail if anchor.getprevious() is not None
                      else anchor.getparent().text if anchor.getparent() is not None else None) or ""
            if (_ORIGINAL_LABEL.match(label) or _ORIGINAL_MARK.search(_marks(anchor))
                    or _CREDIT_BEFORE.search(before[-20:])) and (found := elsewhere(anchor.get("href"))):
                return found
        return None

    def _uncredited_title(self, original_url: str | None) -> None:
        """The title without a trailing bracketed credit of the outlet that provided the
        article ("…スタート（オリコン）", "… (ORICON NEWS)" on a portal's copy): the provider as
        the page names it (its JSON-LD author, publisher or provider, its author metadata and
        byline, the links to the site of the article it names as its original)."""
        f = self.fields
        title = f.get("title")
        match = _TRAILING_CREDIT.search(title) if isinstance(title, str) else None
        if not match or len(title[:match.start()].rstrip()) < 10:
            return
        article = self.ld.article or {}
        names = [*(f.get("authors") or ()),
                 *(name for key in ("author", "publisher", "provider", "sourceOrganization")
                   for name in _names(article.get(key), self.ld)),
                 *(value for key in ("author", "article:author", "twitter:creator", "dc.creator")
                   for value in self.meta.get(key, ()))]
        if original_url:
            names += [_text_of(a) for a in self.tree.xpath("//a[@href]")[:_MAX_ORIGINAL_ANCHORS]
                      if same_site(_absolute(self.url, a.get("href") or "") or "", original_url)]
        credit = _squashed(match.group(1))
        squashed = {_squashed(name) for name in names if name and len(name) <= 60}
        if len(credit) >= 2 and any(name and (name.startswith(credit) or credit in name) for name in squashed):
            f.values["title"] = title[:match.start()].rstrip()

    def _untitled_site(self) -> None:
        """The title without the site's name or a date its template appends ("… | TheHill",
        "… - IGN", "…: 31.10.2023, 10.19 Uhr"): it would reach story titles, the digest and the feed."""
        f = self.fields
        title = f.get("title")
        if title:
            f.values["title"] = _without_site_suffix(title, f.get("site_name"), urlsplit(self.url).hostname or "")

    def _site_name(self) -> None:
        f = self.fields
        f.offer("site_name", _meta_first(self.meta, "og:site_name", "application-name",
                                         "twitter:site"), "meta")
        publisher = self.ld.resolve((self.ld.article or {}).get("publisher")) or self.ld.publisher
        names = _names(publisher, self.ld) if publisher else []
        f.offer("site_name", _clean(names[0]) if names else None, "jsonld")

    def _authors(self) -> None:
        """The article's people. A layer that names only the outlet (a portal's copy crediting
        its press in ``twitter:creator``, an ``Organization`` author that is the site itself)
        gives way to the next one, and in the end to the reporter line in the page."""
        f = self.fields
        outlets = self._outlets()

        def people(values: Iterable[object]) -> tuple[str, ...]:
            return tuple(name for name in _author_tuple(values) if not _is_outlet(name, outlets))

        f.offer("authors", people(self._rule("authors") or ()), self.rule_layer)
        if self.ld.article:
            f.offer("authors", people(_names(self.ld.article.get("author"), self.ld)), "jsonld")
        meta_authors = [
            v for key in ("author", "article:author", "og:article:author", "parsely-author", "sailthru.author",
                          "dc.creator", "dcterms.creator", "byl", "twitter:creator")
            for v in self.meta.get(key, ()) if not _is_outlet(v, outlets)
        ]
        f.offer("authors", people(meta_authors[:1]), "meta")
        visible = [
            _text_of(e)
            for e in self.tree.xpath('//*[@itemprop="author"]|//a[@rel="author"]|//*[@class="author"]')[:5]
            if not _in_comments(e)  # a commenter's name
        ]
        f.offer("authors", people(visible), "html")
        if self.hints and self.hints.author:
            f.offer("authors", people([self.hints.author]), "hint")
        if not f.has("authors"):
            f.offer("authors", people(self._byline()), "trafilatura")

    def _outlets(self) -> set[str]:
        """The squashed names of outlets the page names: the site (``og:site_name``,
        ``application-name``, ``twitter:site``, its host), its JSON-LD publisher, the press
        whose logo it shows (a portal's copy), and the well-known news outlets."""
        names = [*_OUTLETS]
        for key in ("og:site_name", "application-name", "twitter:site", "og:article:publisher"):
            names.extend(self.meta.get(key, ())[:3])
        for publisher in (self.ld.resolve((self.ld.article or {}).get("publisher")), self.ld.publisher):
            # a personal blog's publisher is its author
            if publisher and not (isinstance(publisher, dict) and "person" in _types(publisher)):
                names.extend(_names(publisher, self.ld))
        host = (urlsplit(self.url).hostname or "").removeprefix("www.")
        labels = site_labels(host)
        if labels:
            names.extend((labels[1], host))
        names.extend(str(alt) for alt in self.tree.xpath(
            "//*[contains(translate(concat(@class, ' ', @id), 'LOGPRES', 'logpres'), 'logo')"
            " or contains(translate(concat(@class, ' ', @id), 'LOGPRES', 'logpres'), 'press')]//img/@alt")[:10])
        # a site named by its address ("TOUR-MAGAZIN.de", "Helge.at") is also its name without the suffix
        names.extend(name.rsplit(".", 1)[0] for name in names[len(_OUTLETS):] if _DOMAIN_SUFFIX.search(name))
        return {squashed for name in names if len(squashed := _squashed(name)) >= 2}

    def _reporter_line(self) -> tuple[str, ...]:
        """The reporter as Korean and Japanese news name them, at the top of the article or in
        a byline box: "(서울=연합뉴스) 홍길동 기자 =", "[OSEN=김민지 기자]", "김민지 기자"."""
        # also a line marked by a person icon: <li><i class="icon-user-o"></i> 김민지 기자</li>
        boxes = self.tree.xpath("//*[contains(@class,'byline') or contains(@class,'reporter')]"
                                "|//*[*[contains(@class,'icon-user')]]")[:5]
        texts = [_text_of(e) for e in boxes if not _in_comments(e)]
        texts.append((self.fields.get("body") or "")[:200])
        for text in texts:
            match = _REPORTER.search(text or "")
            if match:
                return (match.group(1),)
        return ()

    def _byline(self) -> list[str]:
        """The names in a byline near the headline ("By <a>Name</a>" in an element marked
        as a byline or author), found by trafilatura's author rules within the headline's
        container: on the whole page they also pick up commenters and profile links."""
        from trafilatura.metadata import extract_author  # deferred: heavy import

        headlines = self.tree.xpath("//h1")
        if len(headlines) != 1:
            return []
        for _, container in zip(range(BYLINE_LEVELS), headlines[0].iterancestors(), strict=False):
            if _in_comments(container):
                break
            found = extract_author(container)
            if found:
                return found.split("; ")
        return []

    def _image(self) -> None:
        f = self.fields
        if self.ld.article:
            f.offer("image_url", _absolute(self.url, _first_url(self.ld.article.get("image"), self.ld)
                                           or ""), "jsonld")
        f.offer("image_url", _absolute(self.url, _meta_first(
            self.meta, "og:image", "og:image:url", "og:image:secure_url", "twitter:image",
            "twitter:image:src", "image") or ""), "meta")

    def _tags(self) -> None:
        f = self.fields
        f.offer("tags", _dedupe(self._rule("tags") or ()), self.rule_layer)
        if self.ld.article:
            f.offer("tags", _keywords(self.ld.article.get("keywords")), "jsonld")
        tags = self.meta.get("article:tag", []) or self.meta.get("news_keywords", []) or \
            self.meta.get("keywords", [])
        f.offer("tags", _keywords(tags), "meta")
        if self.ld.article:  # WordPress/Yoast give the categories only here
            f.offer("tags", _keywords(self.ld.article.get("articleSection")), "jsonld")
        # links marked as the post's tags or categories (rel="tag", WordPress's rel="category tag")
        linked = [_text_of(a) for a in self.tree.xpath(
            "//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")[:30] if not _in_comments(a)]
        f.offer("tags", _dedupe([t for t in linked if t and len(t) <= 60]), "html")
        if self.hints:
            f.offer("tags", _dedupe(self.hints.categories), "hint")

    def _summary(self) -> None:
        f = self.fields
        if self.ld.article:
            f.offer("summary", _clean(self.ld.article.get("description")), "jsonld")
        f.offer("summary", _meta_first(self.meta, "og:description", "description",
                                       "twitter:description", "dc.description"), "meta")
        if self.hints:
            f.offer("summary", _clean(self.hints.summary), "hint")

    # -- dates -------------------------------------------------------------------------
    def _languages(self) -> tuple[str, ...] | None:
        lang = self.fields.get("language")
        return (lang, "en") if isinstance(lang, str) and lang != "en" else ("en",) if lang else None

    def _parse(self, raw: object) -> datetime | None:
        if not isinstance(raw, str):
            return None
        return dates.parse_date(raw, tz=self.tz, fetched_at=self.fetched, languages=self._languages())

    def _accept(self, kind: str, raw: object, layer: str, *, wall_clock: datetime | None = None) -> bool:
        """Parse ``raw`` and keep it as the ``kind`` date unless one is set or it is implausible.

        ``wall_clock`` is an already parsed visible date (a local reading, never a UTC stamp).
        """
        f = self.fields
        if f.has(f"{kind}_at") or not layer:
            return False
        value = wall_clock or self._parse(raw)
        if value is None:
            return False
        utc = value.astimezone(UTC)
        if kind == "published":
            if not dates.is_plausible(utc, self.fetched):
                return False
            # a date in the URL is the publisher's own record: a structured date days away
            # from it is a modification or a template date (site rules are trusted as written)
            if (self.url_day and not layer.startswith("rule:")
                    and abs((value.date() - self.url_day).days) > 1 and not self._shown(value.date())):
                return False
        elif utc < dates.EARLIEST:
            return False
        f.offer(f"{kind}_at", utc, layer)
        f.offer(f"{kind}_raw", _clean(raw), layer)
        self.parsed[kind] = (value, wall_clock is None and dates.has_offset(raw if isinstance(raw, str) else None))
        return True

    def _shown(self, day: date) -> bool:
        """Whether a date line under the headline shows readers ``day`` as the publication day."""
        for text, after in self._date_lines():
            if not after or _MOD_MARK.search(text) or _RELATIVE_HINT.search(text):
                continue
            shown = dates.find_date_in_text(text, tz=self.tz, fetched_at=self.fetched,
                                            languages=self._languages(), fallback=False)
            if shown is not None and shown.date() == day:
                return True
        return False

    def _localise(self, kind: str) -> None:
        """Express the ``kind`` date in the publisher's offset, so its date is the publisher's day.

        A wall-clock reading keeps the zone it was read in and an explicit non-UTC offset is
        the publisher's own. A UTC stamp (``Z``) says nothing about the publisher's day: the
        offset comes from another rendering of the same instant (a structured date with an
        offset, then a visible byline clock), else from the source's zone.
        """
        f = self.fields
        if kind not in self.parsed:  # a feed's time on the page's day, already in the day's zone
            return
        value, explicit = self.parsed[kind]
        if not explicit:
            f.values[f"{kind}_at"] = value
            return
        instant = value.astimezone(UTC)
        if value.utcoffset():
            f.values[f"{kind}_at"] = (kind == "published" and self._visible_clock(instant)) or value
            return
        local = self._offset_rendering(instant) or self._visible_clock(instant)
        f.values[f"{kind}_at"] = local or instant.astimezone(self.tz)

    def _offset_rendering(self, instant: datetime) -> datetime | None:
        """The same instant in the first structured date string written with a non-UTC offset."""
        keys = (*_STRONG_PUBLISHED_META, *_WEAK_PUBLISHED_META, *_MODIFIED_META)
        raws = [*self.ld.dates, *(v for k in keys for v in self.meta.get(k, ())),
                *(str(t) for t in self.tree.xpath("//time/@datetime")[:20])]
        for raw in raws:
            value = dates.parse_date(raw, tz=UTC, fetched_at=self.fetched)
            if (value is not None and value.utcoffset() and abs((value - instant).total_seconds()) < 60
                    and dates.has_offset(raw)):
                return instant.astimezone(value.tzinfo)
        return None

    def _visible_clock(self, instant: datetime) -> datetime | None:
        """The same instant as a visible date line shows it ("February 24, 2020 | 9:25pm").

        A visible clock time that differs from the UTC instant by a whole quarter hour, at
        most 14 hours, is that instant in the publisher's offset.
        """
        target = instant.astimezone(UTC).replace(second=0, microsecond=0, tzinfo=None)
        for text, _ in self._date_lines():
            if not _CLOCK.search(text):
                continue
            shown = dates.find_date_in_text(text, tz=UTC, fetched_at=self.fetched,
                                            languages=self._languages(), fallback=False)
            if shown is None or _RELATIVE_HINT.search(text) or not _shows_clock(text, shown):
                continue
            delta = shown.replace(second=0, microsecond=0, tzinfo=None) - target
            seconds = delta.total_seconds()
            if abs(seconds) <= 14 * 3600 and seconds % 900 == 0:
                return instant.astimezone(dt_timezone(delta))
        return None

    def _date_lines(self) -> list[tuple[str, bool]]:
        """Short visible texts of elements marked as dates, in document order (computed once).

        Each comes with whether it follows the page's one headline: the article's own
        byline sits under its ``<h1>``; a date above it is the site's chrome or a teaser's.
        A text without a digit is a label or a button, unless it is a relative day in words
        ("어제", "yesterday", "昨日"), which :func:`dates.find_date_in_text` reads.
        """
        if self._lines is not None:
            return self._lines
        headlines = self.tree.xpath("//h1")
        headline = headlines[0] if len(headlines) == 1 else None
        after = False
        lines: list[tuple[str, bool]] = []
        for index, element in enumerate(self.tree.iter(*_DATE_TAGS, "h1")):
            if index > _MAX_DATE_SCAN or len(lines) >= 30:
                break
            if element.tag == "h1":
                after = after or element is headline
                continue
            marks = f"{element.get('class') or ''} {element.get('id') or ''}"
            if element.tag != "time" and not _DATE_HINT.search(marks) and not _LABELLED_TIME.match(_opening(element)):
                continue
            if any(child.tag in ("div", "p", "ul", "table") for child in element):
                continue
            text = _text_of(element)
            if (not text or len(text) > 120 or not (re.search(r"\d", text) or dates.is_relative_word(text))
                    or _in_comments(element)):
                continue
            lines.append((text, after))
        self._lines = lines
        return lines

    def _dates(self) -> None:
        """Publication and modification dates, from the most to the least trusted layer."""
        f = self.fields
        article = self.ld.article or {}
        page = self.ld.page or {}
        self.url_day = dates.url_date(self.url)
        self._accept("published", self._rule("published"), self.rule_layer)
        self._accept("modified", self._rule("modified"), self.rule_layer)
        self._accept("published", article.get("datePublished") or article.get("dateCreated"), "jsonld")
        self._accept("modified", article.get("dateModified"), "jsonld")
        for key in _STRONG_PUBLISHED_META:
            for value in self.meta.get(key, ())[:1]:
                self._accept("published", value, "meta")
        for key in _MODIFIED_META:
            for value in self.meta.get(key, ())[:1]:
                self._accept("modified", value, "meta")
        self._accept("published", page.get("datePublished"), "jsonld")
        self._accept("modified", page.get("dateModified"), "jsonld")
        self._time_elements()
        self._dateline()
        self._marked_dates()
        self._visible_dates()
        self._headline_byline()
        for key in _WEAK_PUBLISHED_META:
            for value in self.meta.get(key, ())[:1]:
                self._accept("published", value, "meta")
        if self.url_day:
            self._accept("published", self.url_day.isoformat(), "url")
        # what the feed or news sitemap says, before htmldate's guess (a "2026" in a headline
        # read as 1 January)
        if self.hints and not f.has("published_at"):
            if self.hints.published_at is not None:
                value = _as_utc(self.hints.published_at)
                if dates.is_plausible(value, self.fetched):
                    f.offer("published_at", value, "hint")
                    f.offer("published_raw", self.hints.published_raw or value.isoformat(), "hint")
                    # localised like a stamp the page wrote: the feed's UTC time is not the
                    # publisher's day ("오는 토요일", "this Friday" count from that day)
                    self.parsed["published"] = (self._as_written(value, self.hints.published_raw), True)
            else:
                self._accept("published", self.hints.published_raw, "hint")
        if not f.has("published_at"):
            self._htmldate()
        self._time_from_hint()
        self._midday()
        self._localise("published")
        self._localise("modified")

    def _as_written(self, instant: datetime, raw: str | None) -> datetime:
        """``instant`` in the offset ``raw`` names for it ("Sun, 06 Dec 2026 00:20:00 +0900"); a
        day alone ("2026-11-03", read in the source's zone) in the page's zone, so it is seen as
        that day's midnight and placed at its noon like a day the page gives (:meth:`_midday`),
        not left at 15:00 UTC the day before; else as it is."""
        written = dates.parse_date(raw, tz=UTC, fetched_at=self.fetched) if raw else None
        if written is not None and written == instant and dates.has_offset(raw):
            return written
        return instant.astimezone(self.tz) if dates.published_precision(raw) == "day" and raw else instant

    def _time_from_hint(self) -> None:
        """A publication day the page gives without a time ("Dec 5, 2026", a date in the URL)
        takes the feed's time when the feed dates the article on that same day: the article
        then sorts and falls in digest windows by when it really came out, not at midnight."""
        f = self.fields
        hint = self.hints.published_at if self.hints else None
        raw = f.get("published_raw")
        if hint is None or "published" not in self.parsed or not isinstance(raw, str) or _CLOCK.search(raw) \
                or dates.published_precision(self.hints.published_raw) == "day":  # a feed's day alone has no time
            return
        day = self.parsed["published"][0]
        hint = _as_utc(hint)
        if (day.hour, day.minute, day.second) != (0, 0, 0) or hint.astimezone(day.tzinfo).date() != day.date() \
                or not dates.is_plausible(hint, self.fetched):
            return
        f.values["published_at"] = hint.astimezone(day.tzinfo)
        f.values["published_raw"] = self.hints.published_raw or hint.isoformat()
        f.provenance["published_at"] = f.provenance["published_raw"] = "hint"
        del self.parsed["published"]  # kept as given, in the day's zone

    def _midday(self) -> None:
        """A publication day without a time ("2026年12月6日", "December 6, 2026", a date in the
        URL) that no feed time rescued is placed at noon of that day where it was published,
        not after the fetch. At its midnight it fell in the previous day's digest of readers
        west of the publisher (a Seoul page of 6 December at 16:00 on the 5th in Berlin); noon
        keeps it on its day for readers within half a day of the publisher. The raw string
        keeps the day alone, so digests show the day, not this time (:func:`dates.shows_time`)."""
        raw = self.fields.get("published_raw")
        if "published" not in self.parsed or dates.shows_time(raw if isinstance(raw, str) else None):
            return
        value, explicit = self.parsed["published"]
        if (value.hour, value.minute, value.second, value.microsecond) != (0, 0, 0, 0):
            return
        fetched = self.fetched.astimezone(value.tzinfo)
        self.parsed["published"] = (max(value, min(value.replace(hour=12), fetched)), explicit)

    def _time_elements(self) -> None:
        """``<time datetime>`` marked as the publication or update time, or first in the article."""
        elements = self.tree.xpath("//time[@datetime]")[:20]
        if not elements:
            return
        chosen_pub = chosen_mod = None
        for element in elements:
            parent = element.getparent()
            marks = " ".join(filter(None, (
                element.get("itemprop"), element.get("class"),
                parent.get("class") if parent is not None else None,
            )))
            if element.get("pubdate") is not None or re.search(r"publish|posted|created", marks, re.I):
                chosen_pub = element if chosen_pub is None else chosen_pub
            elif re.search(r"modif|updat", marks, re.I):
                chosen_mod = element if chosen_mod is None else chosen_mod
        if chosen_pub is None:
            in_article = self.tree.xpath("(//article//time[@datetime]|//main//time[@datetime])[1]")
            chosen_pub = in_article[0] if in_article else (elements[0] if len(elements) <= 2 else None)
        if chosen_pub is not None:
            self._accept("published", chosen_pub.get("datetime"), "html")
        if chosen_mod is not None:
            self._accept("modified", chosen_mod.get("datetime"), "html")

    def _visible_dates(self) -> None:
        """Short visible date lines: "입력 2024.03.15 14:30", "2024年3月15日 配信", "3 hours ago"."""
        f = self.fields
        if f.has("published_at") and f.has("modified_at"):
            return
        lines = self._date_lines()
        # the lines under the headline first, then the others
        for text in [t for t, after in lines if after] + [t for t, after in lines if not after]:
            self._split_date_line(text)
            if f.has("published_at") and f.has("modified_at"):
                return

    def _split_date_line(self, text: str) -> None:
        pieces = re.split(rf"(?=(?:{_PUB_MARK.pattern}|{_MOD_MARK.pattern}))", text, flags=re.I)
        for piece in pieces:
            piece = piece.strip(" |:·/,()（）[]【】")
            if not piece:
                continue
            kind = "modified" if _MOD_MARK.match(piece) else "published"
            if kind == "published" and self.fields.has("published_at"):
                continue
            value = dates.find_date_in_text(piece, tz=self.tz, fetched_at=self.fetched,
                                            languages=self._languages())
            if value is not None:
                self._accept(kind, piece, "html", wall_clock=value)

    def _dateline(self) -> None:
        """A date opening the article text: "29.11.2022 – Mehrfach…", "(21. November 2022) Die…"."""
        body = self.fields.get("body")
        if self.fields.has("published_at") or not isinstance(body, str):
            return
        for paragraph in body.split("\n\n", 4)[:4]:
            match = _DATELINE.match(paragraph[:120])
            if not match or _RELATIVE_HINT.search(match.group(1)):
                continue
            value = dates.find_date_in_text(match.group(1), tz=self.tz, fetched_at=self.fetched,
                                            languages=self._languages())
            if value is not None:
                self._accept("published", match.group(1).strip(), "html", wall_clock=value)
                return

    def _marked_dates(self) -> None:
        """A date right after a label that names it the publication date ("Erschienen am: 13.10.2021")."""
        if self.fields.has("published_at"):
            return
        for index, element in enumerate(self.tree.iter(*_DATE_TAGS, "dt", "th", "label", "b")):
            if index > _MAX_DATE_SCAN:
                return
            own = _WS.sub(" ", element.text or "").strip()
            if not own or len(own) > 30 or len(element) or not _PUB_LABEL.match(own):
                continue
            following = element.getnext()
            text = (element.tail or "").strip() or (_text_of(following) if following is not None else "")
            value = dates.find_date_in_text(text[:80], tz=self.tz, fetched_at=self.fetched,
                                            languages=self._languages()) if text else None
            if value is not None and not _RELATIVE_HINT.search(text[:80]):
                self._accept("published", text[:80], "html", wall_clock=value)
                return

    def _headline_byline(self) -> None:
        """A date in the short lines right under the headline ("1. Februar 2022, Daniel D.")."""
        if self.fields.has("published_at"):
            return
        headlines = self.tree.xpath("//h1")
        if len(headlines) != 1:
            return  # no headline, or several (a listing): nothing says which one is the article's
        for element in headlines[0].xpath("following::*[position() <= 12]"):
            if element.tag not in _DATE_TAGS or any(
                    child.tag in ("div", "p", "ul", "ol", "table", "section") for child in element):
                continue
            text = _text_of(element)
            if (not text or len(text) > 120 or not re.search(r"\d", text) or _RELATIVE_HINT.search(text)
                    or _MOD_MARK.search(text) or _in_comments(element)):
                continue
            value = dates.find_date_in_text(text, tz=self.tz, fetched_at=self.fetched,
                                            languages=self._languages(), fallback=False)
            if value is not None:
                self._accept("published", text, "html", wall_clock=value)
                return

    def _htmldate(self) -> None:
        from htmldate import find_date  # deferred: heavy import

        try:
            found = find_date(
                self.tree,
                url=self.url or None,
                extensive_search=True,
                original_date=True,
                min_date=dates.EARLIEST.replace(tzinfo=None),
                max_date=(self.fetched + dates.FUTURE_TOLERANCE).replace(tzinfo=None),
            )
        except (ValueError, TypeError, OverflowError, etree.LxmlError) as exc:
            log.debug("htmldate failed on %s: %s", self.url, exc)
            return
        if found and found.endswith("-01-01") and self._copyright_year(found[:4]):
            return  # "© 2026" in the footer read as 1 January: no date is better than that one
        self._accept("published", found, "htmldate")

    def _copyright_year(self, year: str) -> bool:
        """The page names ``year`` in a copyright line ("© 2026", "Copyright 2019-2026")."""
        text = self.tree.text_content()
        return bool(re.search(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*[-–]\s*)?{year}\b", text, re.IGNORECASE))

    # -- body --------------------------------------------------------------------------
    def _body(self) -> None:
        f = self.fields
        ruled = self._rule("body")
        # a rule's body that is all byline or boilerplate leaves the body to the generic layers
        if isinstance(ruled, str) and normalise_body(ruled):
            f.offer("body", _paragraphs(ruled.splitlines()), self.rule_layer)
            return
        extracted = _without_headline(_main_text(_for_main_text(self.tree, self.paywall_prompts), self.url),
                                      self._headlines(), self._section_labels)
        ld_body = _clean_block((self.ld.article or {}).get("articleBody"))
        if ld_body and len(ld_body) >= 500 and len(extracted) < 0.5 * len(ld_body):
            # the visible text is cut (paywall, lazy loading): the publisher's own copy is whole
            f.offer("body", ld_body, "jsonld")
            return
        f.offer("body", extracted, "trafilatura")
        if ld_body:
            f.offer("body", ld_body, "jsonld")

    # a paywall's parts, found once in the page for the body (its prompts left out) and the flag
    @cached_property
    def not_free_parts(self) -> list[HtmlElement]:
        return _marked_not_free(self.tree, self.ld.paywalled)

    @cached_property
    def paywall_boxes(self) -> list[HtmlElement]:
        return _paywall_boxes(self.tree, self.not_free_parts)

    @cached_property
    def paywall_prompts(self) -> list[HtmlElement]:
        return _paywall_prompts(self.paywall_boxes)

    def _paywalled(self) -> bool:
        """Whether the page shows only the start of the article (its layer in ``provenance``):
        JSON-LD says it is not free to read, else a ``content_tier`` meta tag says it is locked,
        else a paywall's box asks readers to subscribe. Not when JSON-LD says it is free, nor when
        the page holds the whole text all the same: a metered article (``content_tier`` metered:
        a reader has some free articles a month, the page serves it whole, as the New York Times'
        and Wired's do, though JSON-LD says it is not free), the parts marked not free holding
        the text (served whole to crawlers), JSON-LD's ``articleBody`` the body was taken from,
        or parts marked not free that are not in the page (GateHouse's papers mark a part no page
        has) while the body is longer than a teaser."""
        tier = (_meta_first(self.meta, "article:content_tier", "content_tier") or "").lower()
        if self.ld.free or tier == "metered":
            return False
        # parts marked not free that the page lacks: left out (a teaser), or never there (a whole article)
        said_not_free = self.ld.free is False and (
            self.not_free_parts or not self.ld.paywalled
            or len(str(self.fields.get("body") or "")) <= _MAX_TEASER_TEXT)
        layer = ("jsonld" if said_not_free else "meta" if tier == "locked"
                 else "html" if self.paywall_prompts else None)
        whole = self.fields.provenance.get("body") == "jsonld" or any(map(_holds_article, self.paywall_boxes))
        if layer is None or whole:
            return False
        self.fields.offer("paywalled", True, layer)
        return True

    def _headlines(self) -> set[str]:
        """The page's headline as its title, ``<h1>``, ``og:title`` and JSON-LD give it, comparable."""
        texts = [self.fields.get("title"), *(_text_of(h) for h in self.tree.xpath("//h1")[:2]),
                 _meta_first(self.meta, "og:title"), (self.ld.article or {}).get("headline")]
        return {comparable(text) for text in texts if isinstance(text, str) and text.strip()}

    def _section_labels(self) -> set[str]:
        """The page's section and category names, comparable: ``article:section``, JSON-LD
        ``articleSection``, and the short texts of its breadcrumbs, category labels and menus
        ("방송", "연예", "芸能", "エンタメ", "Entertainment")."""
        texts = [*self.meta.get("article:section", ())[:5], *self.meta.get("category", ())[:5]]
        sections = (self.ld.article or {}).get("articleSection")
        texts.extend(sections if isinstance(sections, list) else [sections])
        texts.extend(_text_of(e) for e in _LABEL_ELEMENTS(self.tree)[:200])
        return {comparable(text) for text in texts
                if isinstance(text, str) and 0 < len(text.strip()) <= _MAX_LABEL}

    # -- page type ---------------------------------------------------------------------
    def _page_type(self) -> str:
        f = self.fields
        heads = [_text_of(e) for e in self.tree.xpath("//title|//h1")[:3]]
        if any(h and len(h) < 120 and _NOT_FOUND.search(h) for h in heads):
            return "not_found"
        body = f.get("body") or ""
        article_signals = bool(self.ld.article) or bool(
            {"article:published_time", "article:section"} & self.meta.keys()
        ) or (_meta_first(self.meta, "og:type") or "").lower() == "article"
        anchors = self._headline_anchors()
        texts = [_text_of(anchor) for anchor in anchors]  # a listing's main text is its headlines
        links, link_chars, in_body = len(texts), sum(map(len, texts)), sum(text in body for text in texts)
        if self.ld.listing and not self.ld.article:
            return "listing"
        if not article_signals and self._archive():
            return "listing"
        # headlines to other pages, and little text of its own... unless that text says none
        # of them: a short news item beside a "most read" box
        if not article_signals and links >= 8 and len(body) < max(1200, link_chars) and (
                in_body or len(_LETTERS.findall(body)) < 100):
            return "listing"
        if links >= 15 and len(body) < 0.5 * link_chars and not f.has("published_at"):
            return "listing"
        if not article_signals and _teased(anchors[:_MAX_TEASERS], body):
            return "listing"
        if _words(body) < _MIN_ARTICLE_WORDS:  # a gallery's "Next slide", a video's one line
            return "other"
        return "article"

    def _archive(self) -> bool:
        """A tag, author, category or paging page by its address or its (Yoast) title."""
        path = urlsplit(self.fields.get("canonical_url") or self.url).path
        title = " ".join(_text_of(e) for e in self.tree.xpath("//head/title")[:1])
        return bool(_ARCHIVE_PATH.search(path) or _ARCHIVE_TITLE.search(title))

    def _headline_anchors(self) -> list[HtmlElement]:
        """Links whose anchor text looks like a headline, one per address."""
        seen: set[str] = set()
        found = []
        for anchor in self.tree.xpath("//body//a[@href]")[:2000]:
            href = anchor.get("href") or ""
            if href.startswith(("#", "javascript:", "mailto:")) or href in seen:
                continue
            text = _text_of(anchor)
            wide = len(_HANGUL.findall(text)) + len(_HAN.findall(text)) + len(_KANA.findall(text))
            if len(text) >= 25 or wide >= 10:
                seen.add(href)
                found.append(anchor)
        return found



def _teased(anchors: list[HtmlElement], body: str) -> bool:
    """Whether the body is mostly teasers: blocks made of a headline linking elsewhere and
    its excerpt (a section, tag or author page), with little text of its own."""
    members = set(anchors)
    blocks: list[str] = []
    for anchor in anchors:
        headline = _text_of(anchor)
        block = anchor
        # up to the excerpt beside the headline, or to the last element holding no other one
        for parent in anchor.iterancestors():
            if sum(a in members for a in parent.iter("a")) > 1:
                break
            block = parent
            if len(_text_of(block)) > len(headline):
                break
        text = _text_of(block)
        # the headline opens the block and an excerpt, not a whole text, follows it
        if text.startswith(headline) and len(text) - len(headline) <= _EXCERPT_CHARS:
            blocks.append(" ".join(text.split()))
    if len(blocks) < 2:
        return False
    own = [line for line in body.splitlines()
           if line.strip() and not any(" ".join(line.split()) in block for block in blocks)]
    return _words("\n".join(own)) < _MIN_OWN_WORDS


def _words(text: str) -> int:
    """Words of a text, a Chinese, Japanese or Korean character counting as half a word."""
    wide = len(_HANGUL.findall(text)) + len(_HAN.findall(text)) + len(_KANA.findall(text))
    return len(_LATIN_WORD.findall(text)) + wide // 2


def _in_comments(element: HtmlElement) -> bool:
    """Whether an element sits in a reader-comment block (its dates are the comments')."""
    for _, node in zip(range(6), element.iterancestors(), strict=False):
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _COMMENT_MARK.search(marks):
            return True
    return bool(_COMMENT_MARK.search(f"{element.get('class') or ''} {element.get('id') or ''}"))


# ----------------------------------------------------------------------------- main text


def _main_text(tree: HtmlElement, url: str) -> str:
    """trafilatura in precision mode, cheapest pass first, heavier passes only when it loses text.

    The fast precision pass (no readability/jusText comparison) is enough on most
    pages. When it keeps less than half of the page's paragraph text, the full
    precision pass runs; when that too is short, the balanced pass, whose output
    wins if it is much longer. Precision mode drops more boilerplate (related
    links, captions, newsletter boxes); on some layouts it also drops most of the
    article, which shows as an output much shorter than the balanced one.
    """
    from trafilatura import extract  # deferred: heavy import

    options = {"url": url or None, "include_comments": False, "include_tables": True,
               "deduplicate": False, "output_format": "txt"}
    if _count_elements(tree, _LARGE_TREE) >= _LARGE_TREE:
        # huge pages: one balanced pass without fallbacks, whose cost grows with the tree
        return _paragraphs((extract(tree, fast=True, **options) or "").splitlines())
    precise = extract(tree, fast=True, favor_precision=True, **options) or ""
    paragraph_chars = _paragraph_chars(tree)
    if not precise or len(precise) < 0.5 * paragraph_chars:
        precise = max(precise, extract(tree, favor_precision=True, **options) or "", key=len)
        if not precise or len(precise) < 0.5 * paragraph_chars:
            balanced = extract(tree, **options) or ""
            # one line without breaks is trafilatura's last resort, every text of a container
            # flattened (headline, byline, captions, share and related-post lists included)
            flattened = "\n" not in balanced.strip() and "\n" in precise.strip()
            if len(precise) < 0.6 * len(balanced) and not flattened:
                precise = balanced
    return _paragraphs(precise.splitlines())


#: A table that lays out a page, not data: it holds another table or, in a cell, a heading...
_HOLDS_BLOCKS = etree.XPath("boolean(.//table or .//td//*[self::h1 or self::h2 or self::h3])")
#: ... or one of its own cells holds prose: this many characters, in one piece of text at least
#: this long (a cell listing names line by line is data).
_OWN_CELLS = etree.XPath("./tr/*[self::td or self::th] | ./*/tr/*[self::td or self::th]")
_PROSE_CELL = 200
_PROSE_LINE = 80
#: An image's caption or credit, by its class or id: "caption", "img_cap", "cap".
_CAPTION_CANDIDATES = etree.XPath(
    "//figcaption | //*[contains(translate(concat(@class, ' ', @id), 'CAP', 'cap'), 'cap')]")
_CAPTION_MARK = re.compile(r"caption|(?:^|[\s_-])cap(?:$|[\s_-])", re.IGNORECASE)
_NOT_CAPTION = re.compile(r"drop-?cap|initial|small-?caps", re.IGNORECASE)  # a big first letter
_MAX_CAPTION_TEXT = 300  # characters: more is no caption ("f_caption_muted_videos_on" in a <body> class)
_NEVER_CAPTIONS = ("html", "body", "article", "main")
#: A photo's box ("article__photo", "img_box", "news-figure"): an image and little text beside it.
_PHOTO_MARK = re.compile(r"(?:^|[\s_-])(?:[Pp]hoto|[Ii]mage|[Ii]mg|[Ff]igure|[Pp]ic(?:ture)?)s?(?=$|[\s_A-Z-]|box|wrap|area|tbl|table)")
_PHOTO_LEVELS = 3
_MAX_PHOTO_TEXT = 100


def _for_main_text(tree: HtmlElement, prompts: Iterable[HtmlElement] = ()) -> HtmlElement:
    """The page as the main-text extractor should see it: a copy without images' captions
    and credits ("あかりの灯台のビジュアル", "/사진=디즈니+"), without a paywall's ``prompts``
    (:func:`_paywall_prompts`, elements of ``tree``), and with tables that lay out a page
    (old Korean and Japanese sites put the headline, the share bar and the article in the cells
    of one table) turned into blocks, which the extractor would otherwise give back as table
    rows with every paragraph of a cell on one line. ``tree`` itself is left as it is (and is
    what comes back when it has none of these, or is too large to copy)."""
    if _count_elements(tree, _LARGE_TREE) >= _LARGE_TREE:
        return tree
    captions, tables = [*_captions(tree), *prompts], _layout_tables(tree)
    if not (captions or tables):
        return tree
    # found once, on the page: the copy's are found by their paths, all before any is changed
    # (a table made a div changes the paths of the tables inside it)
    path = tree.getroottree().getpath
    captions_at, tables_at = [path(e) for e in captions], [path(t) for t in tables]
    tree = copy.deepcopy(tree)
    copied = tree.getroottree()
    captions = [found for at in captions_at for found in copied.xpath(at)]
    tables = [found for at in tables_at for found in copied.xpath(at)]
    for element in captions:  # emptied, not dropped: the text after them stays where it is
        for inner in element.iterdescendants():
            inner.text = inner.tail = None
        element.text = None
    for table in tables:
        for element in (table, *table.xpath("./*"), *table.xpath("./*/tr"), *_OWN_CELLS(table)):
            element.tag = "div"
    return tree


def _marks(element: HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _captions(tree: HtmlElement) -> list[HtmlElement]:
    """Captions, and photo boxes with a little text, that hold some text."""
    found = [element for element in _CAPTION_CANDIDATES(tree)
             if (element.tag == "figcaption" or _CAPTION_MARK.search(_marks(element)))
             and element.tag not in _NEVER_CAPTIONS and not _NOT_CAPTION.search(_marks(element))
             and len(_WS.sub("", element.text_content())) <= _MAX_CAPTION_TEXT]
    for image in tree.iter("img"):
        for _, box in zip(range(_PHOTO_LEVELS), image.iterancestors(), strict=False):
            if box.tag in _NEVER_CAPTIONS:
                break
            if _PHOTO_MARK.search(_marks(box)) and len(_WS.sub("", box.text_content())) <= _MAX_PHOTO_TEXT:
                found.append(box)
                break
    return [element for element in found if element.text_content().strip()]


#: A box its class or id names a paywall ("vip-paywall", "paywall-prompt").
_PAYWALL_BOX = etree.XPath("//*[contains(translate(concat(@class, ' ', @id), 'PAYWL', 'paywl'), 'paywall')]")
#: More text than this in a paywall's box is the article itself, served whole to crawlers.
_MAX_PAYWALL_TEXT = 600
#: A body of no more than this many characters can be a teaser (WSJ's 369 and 536, wyborcza's
#: 902); the shortest whole article whose page marked a part it lacks as not free had 1,082.
_MAX_TEASER_TEXT = 1000
_PAYWALL_PROMPT = re.compile(
    r"subscri(?:be|ber|ption)|\b(?:log|sign)\s*-?\s*in\b|\bsign\s+up\b|\bunlock\b|구독|로그인|회원|購読|会員|ログイン",
    re.IGNORECASE)
_PROMPT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "span", "a", "button")


def _marked_not_free(tree: HtmlElement, selectors: Iterable[str]) -> list[HtmlElement]:
    """The parts JSON-LD marks as not free (``selectors``: their CSS selectors) in the page."""
    found = []
    for css in selectors:
        try:
            found.extend(CSSSelector(css)(tree))
        except (SelectorError, ValueError, etree.XPathError) as exc:
            log.debug("paywall selector %r of %s not usable: %s", css, tree.base_url, exc)
    return found


def _paywall_boxes(tree: HtmlElement, marked: list[HtmlElement]) -> list[HtmlElement]:
    """A paywall's boxes: the parts JSON-LD marks as not free (``marked``), and the boxes their
    class or id names the paywall, but not the page or its article (a template's class)."""
    return [*(box for box in _PAYWALL_BOX(tree) if box.tag not in _NEVER_CAPTIONS), *marked]


def _holds_article(box: HtmlElement) -> bool:
    """A paywall's box with much text holds the article itself, served whole to crawlers."""
    return len(_WS.sub("", box.text_content())) > _MAX_PAYWALL_TEXT


def _paywall_prompts(boxes: Iterable[HtmlElement]) -> list[HtmlElement]:
    """What asks readers to subscribe or log in ("This article is for VIP+ subscribers.",
    "Already a subscriber? Log in") in a paywall's boxes (a box its class names the paywall, a part
    JSON-LD marks as not free). A box with much text holds the article, and keeps it, and so
    does one that is the article or the page (``<article>``, ``<body>``)."""
    return [element for box in boxes if box.tag not in _NEVER_CAPTIONS and not _holds_article(box)
            for element in box.iter(*_PROMPT_TAGS) if _PAYWALL_PROMPT.search(_text_of(element))]


def _layout_tables(tree: HtmlElement) -> list[HtmlElement]:
    return [table for table in tree.iter("table") if _HOLDS_BLOCKS(table) or any(map(_prose, _OWN_CELLS(table)))]


def _prose(cell: HtmlElement) -> bool:
    if len(_WS.sub(" ", cell.text_content()).strip()) < _PROSE_CELL:
        return False
    return any(len(_WS.sub(" ", text).strip()) >= _PROSE_LINE for text in cell.itertext())


def _without_headline(body: str, headlines: set[str], labels: Callable[[], set[str]]) -> str:
    """The body without the headline and the section label above it: the main-text extractor
    keeps an ``<h1>`` that sits inside the article's container (and a category label beside
    it: "방송", then the headline, on Newsen's pages), and the body would then start with them
    (and differ from another outlet's copy of the same text). ``headlines`` and ``labels``
    are comparable (:func:`pipeline.normalise.comparable`): the page's headline as each layer
    gives it, and (found only when a first paragraph is short) its section and category names
    (:meth:`_Extraction._section_labels`).

    Among the first paragraphs, a headline or a label is dropped, a short one or a line the
    normaliser drops anyway (a date line) is passed over, and the first other paragraph ends
    the search; short paragraphs before the headline (a kicker the page does not mark) go with it."""
    paragraphs = body.split("\n\n")
    drop: set[int] = set()
    found_labels: set[str] | None = None
    for index, paragraph in enumerate(paragraphs[:_HEAD_PARAGRAPHS]):
        text = comparable(paragraph)
        if text in headlines:
            drop.update(i for i in range(index + 1) if len(paragraphs[i]) <= _MAX_LABEL or i == index)
        elif len(paragraph) <= _MAX_LABEL and text in (found_labels := labels() if found_labels is None
                                                        else found_labels):
            drop.add(index)
        elif len(paragraph) > _MAX_LABEL and not is_boilerplate(paragraph):
            break
    kept = [paragraph for index, paragraph in enumerate(paragraphs) if index not in drop]
    return "\n\n".join(kept) if kept and len(kept) < len(paragraphs) else body


def _count_elements(tree: HtmlElement, limit: int) -> int:
    count = 0
    for count, _ in enumerate(tree.iter(), start=1):
        if count >= limit:
            break
    return count


#: A section or category label is this short (characters), and so is a kicker above a headline.
_MAX_LABEL = 20
#: The headline and labels a body may start with are among its first paragraphs.
_HEAD_PARAGRAPHS = 5
#: Where a page names its sections: breadcrumbs, category labels, menus.
_MARKS = "translate(concat(' ', @class, ' ', @id, ' '), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_LABEL_ELEMENTS = etree.XPath(
    f"//nav//a | //*[contains({_MARKS}, 'breadcrumb')]//*"
    f" | //*[contains({_MARKS}, 'cate') or contains({_MARKS}, 'section') or contains({_MARKS}, 'kicker')]"
    f" | //*[contains({_MARKS}, 'gnb') or contains({_MARKS}, 'menu')]//a")


#: Paragraphs that are not the article's: readers' comments and their form, sidebars, menus.
_OUTSIDE_ARTICLE = ("ancestor::aside or ancestor::nav or ancestor::form or ancestor::*[contains("
                    "translate(concat(@id, ' ', @class), 'COMENT', 'coment'), 'comment')]")


def _paragraph_chars(tree: HtmlElement) -> int:
    """The text length of the page's paragraphs that may be the article's (what the precision
    pass is expected to keep at least half of): ``<p>`` elements, and text laid out in lines
    with ``<br>`` instead (Naver's ``#dic_area``, many Korean and Japanese sites)."""
    texts = tree.xpath(f"//p[not({_OUTSIDE_ARTICLE})]//text()")[:5000]
    lines = tree.xpath(f"//*[count(br) >= 2][not(self::p)][not({_OUTSIDE_ARTICLE})]/text()")[:5000]
    return sum(len(_WS.sub(" ", str(t)).strip()) for t in (*texts, *lines))


def _paragraphs(lines: Iterable[str]) -> str:
    cleaned = (_WS.sub(" ", line).strip() for line in lines)
    return "\n\n".join(line for line in cleaned if line)


def _clean_block(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value and re.search(r"</?(?:p|br|div)\b", value, re.I):
        value = re.sub(r"<br\s*/?>|</p>|</div>", "\n", value, flags=re.I)
        value = re.sub(r"<[^>]+>", "", value)
    return _paragraphs(value.splitlines()) or None


# ----------------------------------------------------------------------------- small helpers


def _language_code(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = re.match(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", value)
    return match.group(1).lower()[:2] if match else None


def _script_language(text: str) -> str | None:
    """ko / ja / en from the writing system of a text sample (no word-based heuristics)."""
    if not text:
        return None
    hangul, kana, han = len(_HANGUL.findall(text)), len(_KANA.findall(text)), len(_HAN.findall(text))
    letters = sum(1 for ch in text if ch.isalpha())
    if hangul >= 20 and hangul >= kana:
        return "ko"
    if kana >= 10 or (han >= 20 and kana > 0):
        return "ja"
    latin = len(_LATIN.findall(text))
    if latin >= 50 and latin >= 0.8 * letters:
        return "en"
    return None


#: What a template appends to a headline: a separator, then the site's name or a date.
_APPENDED = re.compile(r"\s+(?:[|\-–—›»:·•]|::)\s+([^|\-–—›»·•]{2,60})$|\s*[|｜]\s*([^|｜]{2,60})$")
_SUFFIX_PARTS = re.compile(r"\s+[:：|｜/]\s+")
_APPENDED_DATE = re.compile(r"\s[:|\-–—]\s*\d{1,2}\.\d{1,2}\.\d{2,4},?\s*\d{1,2}[.:]\d{2}(?:\s*uhr)?\s*$", re.I)


def _without_site_suffix(title: str, site_name: str | None, host: str) -> str:
    """``title`` without a trailing site name (its ``og:site_name``, or the site's name in its
    host: "thehill", "stackoverflow") or date, when what is left is most of it."""
    names = {_squashed(site_name or "")}
    labels = site_labels(host) if host else None
    if labels:
        names.add(labels[1].lower())
    names = {name for name in names if len(name) >= 3}
    stripped = _APPENDED_DATE.sub("", title).rstrip()
    match = _APPENDED.search(stripped)
    if match:
        suffix = _squashed(match.group(1) or match.group(2) or "")
        # the site's name, or a section and the site's name: "… - 芸能 : 日刊スポーツ", "… | News | Variety"
        last = _squashed(_SUFFIX_PARTS.split(match.group(1) or match.group(2) or "")[-1])
        if len(suffix) >= 3 and any(suffix.startswith(name) or name.startswith(suffix) or last == name for name in names):
            stripped = stripped[:match.start()].rstrip()
    return stripped if len(stripped) >= max(10, 0.4 * len(title)) else title


def _squashed(text: str) -> str:
    """Letters and digits only, lowered: "The Hill" and "TheHill" are one name."""
    return "".join(char for char in text.casefold() if char.isalnum())


def _strip_site_suffix(title: str) -> str | None:
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        longest = max(parts, key=len)
        if len(longest) >= 0.4 * len(title):
            return longest.strip() or title
    return title


def _absolute(base: str, href: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("javascript:", "data:", "mailto:")):
        return None
    try:
        absolute = urljoin(base, href) if base else href
        parts = urlsplit(absolute)
    except ValueError:
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def _dedupe(values: Iterable[object]) -> tuple[str, ...]:
    cleaned = (_clean(v) for v in values)
    return tuple(dict.fromkeys(v for v in cleaned if v))


def _keywords(value: object) -> tuple[str, ...]:
    """Tags from a comma-separated string, or a list of them (whose items are kept whole:
    "Love, Actually; Again" is one title; a list of one string is a comma-separated string)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        pieces = re.split(r"\s*[,;]\s*", value)
    elif isinstance(value, list):
        pieces = [v for v in value if isinstance(v, str)]
    else:
        return ()
    return _dedupe(pieces)[:30]


def _author_tuple(values: Iterable[object]) -> tuple[str, ...]:
    names = []
    for value in values:
        name = _clean(value)
        if not name or _URL_NOISE.match(name) or len(name) > 80:
            continue
        name = re.sub(r"^(?:by|written by|posted by|published|posted(?: on)?|updated(?: on)?|von)\s+"
                      r"|^autor(?:/?in)?\s*:\s*", "", name, flags=re.IGNORECASE)
        if name.casefold() in _NOT_NAMES:
            continue
        name = _EMAIL_AFTER_NAME.sub("", name)  # "Lee Yoon-seo (yoonseo@heraldcorp.com)"
        name = _TITLE_AFTER_NAME.sub("", name).strip(" ,|/·-") or name
        if name.startswith("@") or not name or _DATE_NOT_NAME.search(name):
            continue
        names.append(name)
    return _dedupe(names)


#: A job title after a name, and what follows it in a byline box, or a button after the name:
#: "이정현 기자 기자 페이지 구독", "山田太郎 記者", "Jane Doe, Staff Writer", "Jane Doe Follow".
_TITLE_AFTER_NAME = re.compile(
    r"(?<=\S)\s*(?:[,|/·-]\s*)?(?:(?:선임|수석|객원|인턴|전문)?기자|특파원|통신원|논설위원|편집위원|記者|特派員|編集委員"
    r"|(?:(?:senior|chief|staff|contributing|associate|deputy|managing|executive|international|global|asia|tv"
    r"|film|entertainment|news)\s+)*(?:writer|reporter|editor|correspondent|contributor|columnist|critic"
    r"|bureau\s+chief)\b"
    r"|\s(?:\+\s*)?(?:follow|subscribe|구독|팔로우|フォロー)(?!\w)).*$",
    re.IGNORECASE,
)
_EMAIL_AFTER_NAME = re.compile(r"\s*[(（<]?\s*[\w.+-]+@[\w-]+\.[\w.]+\s*[)）>]?\s*$")
#: "(서울=연합뉴스) 홍길동 기자 =", "[OSEN=김민지 기자]", "김민지 기자", "山田太郎記者".
_REPORTER = re.compile(r"(?:^|[=\s\[(])([가-힣]{2,4}|[一-龥]{2,5})\s*(?:기자|특파원|記者)"
                       r"(?=\s*[=\])]|\s*$|\s*[(（<]?\s*[\w.+-]+@)")


#: News outlets and agencies that sites (and portals' copies) give as an article's author,
#: squashed (:func:`_squashed`): the outlet is no author of its reporters' articles.
_OUTLETS = frozenset(_squashed(name) for name in (
    # Korean
    "연합뉴스", "뉴스1", "뉴시스", "뉴스엔", "OSEN", "스포츠조선", "스포츠서울", "스포츠동아", "스포츠경향",
    "스포츠월드", "일간스포츠", "스타뉴스", "엑스포츠뉴스", "마이데일리", "텐아시아", "티브이데일리",
    "조이뉴스24", "iMBC연예", "SBS연예뉴스", "MBN스타", "YTN star", "헤럴드POP", "톱스타뉴스", "디스패치",
    "bnt뉴스", "enews24", "스타투데이", "더팩트", "아시아경제", "이데일리", "머니투데이", "한국경제",
    # Japanese
    "ORICON NEWS", "オリコン", "モデルプレス", "映画ナタリー", "コミックナタリー", "音楽ナタリー", "ナタリー",
    "シネマトゥデイ", "クランクイン!", "ザテレビジョン", "WEBザテレビジョン", "TVガイド", "マイナビニュース",
    "スポニチアネックス", "日刊スポーツ", "スポーツ報知", "サンケイスポーツ", "デイリースポーツ", "スポーツニッポン",
    "共同通信", "時事通信", "時事ドットコム", "毎日新聞", "朝日新聞", "読売新聞", "産経新聞", "ENCOUNT",
    # English
    "Yonhap", "Yonhap News Agency", "Associated Press", "Reuters", "AFP", "Agence France-Presse", "dpa", "EFE",
    "Soompi", "allkpop", "Koreaboo", "Korea JoongAng Daily", "The Korea Herald", "The Korea Times",
    "Deadline", "Variety", "The Hollywood Reporter",
))


_DOMAIN_SUFFIX = re.compile(r"\w\.[a-z]{2,6}$", re.IGNORECASE)


def _is_outlet(value: object, outlets: set[str]) -> bool:
    """``value`` names only outlets: one, or the press and the portal that copies it ("뉴스엔 | 네이버 엔터")."""
    if not isinstance(value, str):
        return False
    parts = [part for part in map(_squashed, re.split(r"\s+[|｜/·-]\s+|\s*[|｜]\s*", value)) if part]
    return bool(parts) and all(part in outlets for part in parts)


#: A byline's label read as a name ("Posted on July 4, 2026" gives "Posted").
_NOT_NAMES = frozenset({"by", "posted", "published", "updated", "staff", "admin", "editor", "news", "stand"})


#: A byline's date read as a name ("By Jane Doe | Dec. 4, 2026" gives "Dec 4"): a month and a
#: number, or a time, or a date in digits.
_DATE_NOT_NAME = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}:\d{2}|\d{4}[-./]\d|"
    r"^\d+\s*(?:hours?|minutes?|days?)\s+ago$|\d+\s*[년月]|\d{1,2}\.\d{1,2}\.\d{2,4}", re.IGNORECASE)


__all__ = ["MAX_HTML_CHARS", "decode_html", "extract_article"]
