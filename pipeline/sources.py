"""The sources catalogue: which sites castwire crawls and how.

A catalogue is a TOML file with one table per source, keyed by a short slug
that is used everywhere (spider name, site rules, fixture folder, tests)::

    [soompi]
    name = "Soompi"
    homepage = "https://www.soompi.com/"
    language = "en"
    feeds = ["https://www.soompi.com/feed"]
    sitemaps = []
    interval = "30m"

See the README ("Adding a source") for every field.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from pipeline.errors import UserError
from pipeline.normalise import is_web_address
from pipeline.site_rules.selectors import FieldSelectors

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LANGUAGES = ("en", "ko", "ja")
DEFAULT_TIMEZONES = {"ko": "Asia/Seoul", "ja": "Asia/Tokyo"}
DEFAULT_INTERVAL = timedelta(minutes=30)
MIN_INTERVAL = timedelta(minutes=5)
#: A longer interval is a typo ("3000000d" crashed the scheduler): a year at most.
MAX_INTERVAL = timedelta(days=365)
_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_KNOWN_FIELDS = {
    "name", "homepage", "language", "timezone", "feeds", "sitemaps", "interval",
    "allow", "deny", "topics", "listing", "robots_sitemaps", "enabled", "max_sitemap_age_days", "selectors",
}
_LISTING_FIELDS = {"urls", "links", "next_page", "max_pages"}


@dataclass(frozen=True)
class Listing:
    """Listing pages for a source without feeds or sitemaps."""

    urls: tuple[str, ...]
    links: str  # CSS selector of article links
    next_page: str | None = None  # CSS selector of the next-page link
    max_pages: int = 3


@dataclass(frozen=True)
class Source:
    """One catalogue entry."""

    slug: str
    name: str
    homepage: str
    language: str
    timezone: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    interval: timedelta = DEFAULT_INTERVAL
    allow: tuple[str, ...] = ()  # URL regexes an article must match (any)
    deny: tuple[str, ...] = ()  # URL regexes that exclude an article
    topics: tuple[str, ...] = ()  # keywords; empty = every article
    listing: Listing | None = None
    robots_sitemaps: bool = False  # also read `Sitemap:` lines of robots.txt
    max_sitemap_age_days: int = 3  # sitemap entries older than this are skipped
    enabled: bool = True
    selectors: FieldSelectors | None = None  # where the site's pages show fields castwire misreads


def follows_fingerprint(source: Source, kind: str, *, ignore_sitemap_age: bool = False) -> str:
    """A fingerprint of the settings that decide what a crawl follows from one of ``source``'s
    indexes of this ``kind`` (feed, sitemap, listing): the source's ``allow``, ``deny`` and
    ``topics``; a sitemap's age limit (none when ``ignore_sitemap_age``) and the time zone its
    undated times are read in; a listing's selectors and page limit. It is kept with the index's
    ETag/Last-Modified: a crawl whose fingerprint differs reads the index whole, since a 304
    would hide what the new settings reach (entries skipped as too old, pages past the old limit)."""
    decides: dict[str, Any] = {"kind": kind, "allow": source.allow, "deny": source.deny, "topics": source.topics}
    if kind == "sitemap":
        decides["max_age_days"] = None if ignore_sitemap_age else source.max_sitemap_age_days
        decides["timezone"] = source.timezone
    elif kind == "listing" and source.listing is not None:
        listing = source.listing
        decides.update(links=listing.links, next_page=listing.next_page, max_pages=listing.max_pages)
    return hashlib.sha256(json.dumps(decides, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Catalogue:
    path: str  # where it was read from, for messages
    sources: Mapping[str, Source]

    def get(self, slug: str) -> Source:
        try:
            return self.sources[slug]
        except KeyError:
            known = ", ".join(sorted(self.sources)) or "none"
            raise UserError(f"unknown source {slug!r} in {self.path} (known: {known})") from None

    def select(self, slugs: list[str] | tuple[str, ...]) -> list[Source]:
        if not slugs:
            return [s for s in self.sources.values() if s.enabled]
        return [self.get(slug) for slug in slugs]


def format_duration(duration: timedelta) -> str:
    """A duration as a catalogue writes it: "2h", "90m", "1d", "45s"."""
    seconds = int(duration.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def parse_duration(text: str) -> timedelta:
    """``"30m"`` → 30 minutes; ``"2h"``, ``"45s"``, ``"1d"`` likewise; at most :data:`MAX_INTERVAL`."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration like '30m' or '2h': {text!r}")
    number, unit = int(match.group(1)), _UNITS[match.group(2)]
    if number > MAX_INTERVAL / timedelta(**{unit: 1}):  # before timedelta overflows
        raise ValueError(f"at most {MAX_INTERVAL.days}d: {text!r}")
    return timedelta(**{unit: number})


def default_catalogue_text() -> str:
    return resources.files("pipeline").joinpath("data/sources.toml").read_text("utf-8")


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read the user's catalogue, or the packaged default when ``path`` is None."""
    if path is None:
        return parse_catalogue(default_catalogue_text(), "default catalogue")
    return parse_catalogue(read_sources_file(path), str(path))


def read_sources_file(path: Path) -> str:
    """The text of the user's catalogue file; one missing, a folder or not UTF-8 text is a
    user error (the CLI reads ``--sources FILE`` so for every command, those that do not use the
    catalogue too: a mistyped path is not left unnoticed until a crawl)."""
    try:
        return Path(path).read_text("utf-8-sig")  # a byte order mark (Windows editors) is not TOML
    except OSError as exc:
        raise UserError(f"cannot read sources file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"sources file {path} is not UTF-8 text") from None


def parse_catalogue(text: str, origin: str) -> Catalogue:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{origin}: invalid TOML: {exc}") from None
    sources = {}
    for slug, table in data.items():
        if not isinstance(table, dict):
            raise UserError(f"{origin}: {slug!r} must be a table ([{slug}])")
        sources[slug] = _parse_source(slug, table, origin)
    if not sources:
        raise UserError(f"{origin}: no sources defined")
    return Catalogue(path=origin, sources=sources)


class _Fields:
    """Typed access to one TOML table with errors naming file, source and field."""

    def __init__(self, table: Mapping[str, Any], where: str) -> None:
        self.table = table
        self.where = where

    def fail(self, field: str, problem: str) -> UserError:
        return UserError(f"{self.where}, field {field!r}: {problem}")

    def string(self, field: str, default: str | None = None) -> str:
        value = self.table.get(field, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "required text is missing" if value is None
                            else "must not be empty" if isinstance(value, str) else "must be text")
        return value.strip()

    def strings(self, field: str) -> tuple[str, ...]:
        value = self.table.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(field, "must be a list of strings")
        return tuple(v.strip() for v in value if v.strip())

    def urls(self, field: str) -> tuple[str, ...]:
        values = self.strings(field)
        for value in values:
            self.check_url(field, value)
        return values

    def url(self, field: str) -> str:
        return self.check_url(field, self.string(field))

    def check_url(self, field: str, value: str) -> str:
        """An absolute http(s) URL with a host, a valid port and no spaces, or a user error."""
        if not is_web_address(value):
            raise self.fail(field, f"not an http(s) URL: {value!r}")
        return value

    def patterns(self, field: str) -> tuple[str, ...]:
        values = self.strings(field)
        for value in values:
            try:
                re.compile(value)
            except re.error as exc:
                raise self.fail(field, f"invalid regular expression {value!r}: {exc}") from None
        return values

    def selector(self, field: str) -> str:
        """A CSS selector (as the crawl's listing reader compiles it), or a user error."""
        value = self.string(field)
        try:
            CSSSelector(value)
        except SelectorError as exc:
            raise self.fail(field, f"invalid CSS selector {value!r}: {exc}") from None
        return value

    def integer(self, field: str, default: int, *, minimum: int = 0) -> int:
        value = self.table.get(field, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(field, "must be a non-negative whole number" if minimum == 0
                            else f"must be a whole number of at least {minimum}")
        return value

    def boolean(self, field: str, default: bool) -> bool:
        value = self.table.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(field, "must be true or false")
        return value


def check_slug(slug: str, where: str) -> None:
    """Refuse a slug the catalogue cannot hold (``where`` names it in the message)."""
    if not SLUG_PATTERN.match(slug):
        raise UserError(f"{where}: a slug is lowercase letters, digits and '_' (max 40), starting with a letter")


def _parse_source(slug: str, table: Mapping[str, Any], origin: str) -> Source:
    where = f"{origin}: source {slug!r}"
    check_slug(slug, where)
    unknown = sorted(set(table) - _KNOWN_FIELDS)
    if unknown:
        raise UserError(f"{where}: unknown field {unknown[0]!r}")
    fields = _Fields(table, where)
    homepage = fields.url("homepage")
    language = fields.string("language")
    if language not in LANGUAGES:
        raise fields.fail("language", f"must be one of {', '.join(LANGUAGES)}")
    timezone = fields.string("timezone", DEFAULT_TIMEZONES.get(language, "UTC"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise fields.fail("timezone", f"unknown IANA time zone {timezone!r}") from None
    interval = DEFAULT_INTERVAL
    if "interval" in table:
        try:
            interval = parse_duration(fields.string("interval"))
        except ValueError as exc:
            raise fields.fail("interval", str(exc)) from None
        if interval < MIN_INTERVAL:
            raise fields.fail("interval", f"at least {MIN_INTERVAL.seconds // 60}m: a news site is not crawled "
                                          "more often than that")
    listing = _parse_listing(table.get("listing"), f"{where}.listing") if "listing" in table else None
    selectors = _parse_selectors(table.get("selectors"), f"{where}.selectors") if "selectors" in table else None
    source = Source(
        slug=slug,
        name=fields.string("name"),
        homepage=homepage,
        language=language,
        timezone=timezone,
        feeds=fields.urls("feeds"),
        sitemaps=fields.urls("sitemaps"),
        interval=interval,
        allow=fields.patterns("allow"),
        deny=fields.patterns("deny"),
        topics=tuple(t.lower() for t in fields.strings("topics")),
        listing=listing,
        robots_sitemaps=fields.boolean("robots_sitemaps", False),
        max_sitemap_age_days=fields.integer("max_sitemap_age_days", 3, minimum=1),  # 0 would skip every entry
        enabled=fields.boolean("enabled", True),
        selectors=selectors,
    )
    if not (source.feeds or source.sitemaps or source.listing or source.robots_sitemaps):
        raise UserError(f"{where}: needs at least one of feeds, sitemaps, listing, robots_sitemaps")
    return source


def _parse_selectors(table: object, where: str) -> FieldSelectors:
    if not isinstance(table, dict):
        raise UserError(f"{where}: must be a table")
    unknown = sorted(set(table) - set(FieldSelectors.names()))
    if unknown:
        raise UserError(f"{where}: unknown field {unknown[0]!r} (use {', '.join(FieldSelectors.names())})")
    fields = _Fields(table, where)
    return FieldSelectors(**{name: fields.selector(name) for name in table})


def _parse_listing(table: object, where: str) -> Listing:
    if not isinstance(table, dict):
        raise UserError(f"{where}: must be a table")
    unknown = sorted(set(table) - _LISTING_FIELDS)
    if unknown:
        raise UserError(f"{where}: unknown field {unknown[0]!r}")
    fields = _Fields(table, where)
    urls = fields.urls("urls")
    if not urls:
        raise fields.fail("urls", "at least one listing URL is required")
    return Listing(
        urls=urls,
        links=fields.selector("links"),
        next_page=fields.selector("next_page") if "next_page" in table else None,
        max_pages=fields.integer("max_pages", 3, minimum=1),
    )
