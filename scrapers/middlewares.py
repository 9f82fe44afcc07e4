"""Downloader and spider middlewares: politeness and incremental crawling."""

from __future__ import annotations

import email.utils
import logging
import random
import re
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, Self
from urllib.parse import urljoin

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from w3lib.url import canonicalize_url

from pipeline.discovery import DROPPED_RECHECK, GONE_RECHECK, is_sitemap_index
from pipeline.errors import one_line
from pipeline.normalise import canonical_url_key
from scrapers.spiders.news import (
    FOUND_ON,
    LASTMOD,
    RETRY_AFTER_TOO_LONG,
    NewsSpider,
    asked_url,
    index_had_problems,
    request_given_up,
)
from scrapers.stopping import CrawlStopping, sleep_unless_stopping
from scrapers.store import database_url, open_sessions
from scrapers.timing import timing
from storage.db import DatabaseError, transaction
from storage.repository import (
    FeedValidators,
    StatedDates,
    feed_validators,
    forget_feed_validators,
    known_url_checks,
    remember_other_urls,
    save_feed_validators,
    stated_dates,
    utcnow,
)

log = logging.getLogger(__name__)

INDEX_KINDS = ("feed", "sitemap", "listing", "robots")
# Asked with If-None-Match / If-Modified-Since. Not robots.txt: it is small, and a 304 would
# hide the sitemaps it lists (which change while it does not); sitemap indexes likewise.
CONDITIONAL_KINDS = ("feed", "sitemap", "listing")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


_COMPRESSIONS = frozenset({b"gzip", b"x-gzip", b"deflate", b"br"})
#: The start of a plain-text body: markup or JSON after an optional BOM and blank space
#: (compressed bodies start with binary bytes: gzip's 1f 8b, zlib's 78, brotli's anything but text).
_PLAIN_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml|<rss|<feed|<rdf|<urlset|<sitemapindex|<!doctype|<html|\{\s*\")",
                          re.IGNORECASE)


class MislabelledCompressionMiddleware:
    """A body its server calls compressed (gzip, deflate, br, or gzip twice) that is plain text
    (a feed behind a misconfigured proxy: no gzip magic number, markup or JSON from its first
    byte) is read as it is, not lost to "Not a gzipped file" on every crawl;
    ``castwire/compression_mislabelled`` counts them. Runs before Scrapy's HttpCompressionMiddleware
    sees the response."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MislabelledCompressionMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        encodings = {part.strip().lower() for value in response.headers.getlist("Content-Encoding")
                     for part in value.split(b",")}
        if encodings and encodings <= _COMPRESSIONS and _PLAIN_START.match(response.body):
            self.stats.inc_value("castwire/compression_mislabelled")
            headers = response.headers.copy()
            del headers["Content-Encoding"]
            return response.replace(headers=headers)
        return response


class RetryAfterMiddleware:
    """Honours ``Retry-After`` on 429/503: waits (up to a cap) then retries.

    Sits closer to the downloader than Scrapy's RetryMiddleware so it sees the
    response first; a wait longer than the cap gives up on the request (no
    immediate retry either: the response goes on to the errback as an HTTP error).
    """

    def __init__(self, max_wait: float, stats: StatsCollector) -> None:
        self.max_wait = max_wait
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        middleware = cls(crawler.settings.getfloat("CASTWIRE_RETRY_AFTER_MAX", 120.0), crawler.stats)
        middleware.crawler = crawler
        return middleware

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (429, 503) or "Retry-After" not in response.headers:
            return response
        header = response.headers.get("Retry-After", b"").decode("latin-1")
        wait = retry_after_seconds(header, datetime.now(UTC))
        if wait is None:
            return response
        if wait > self.max_wait:
            # The server asked us to stay away longer than a crawl should wait: give up on
            # this request (an immediate retry by RetryMiddleware would ignore the header).
            self.stats.inc_value("castwire/retry_after/too_long")
            request.meta["dont_retry"] = True
            request.meta[RETRY_AFTER_TOO_LONG] = (round(wait), round(self.max_wait))
            return response
        self.stats.inc_value("castwire/retry_after/waited")
        if await sleep_unless_stopping(self.crawler, wait):
            raise CrawlStopping(f"not retried: the crawl is stopping ({request.url})")
        assert self.crawler.spider is not None
        retry = get_retry_request(request, spider=self.crawler.spider, reason="retry-after")
        return retry if retry is not None else response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (same settings, stats and give-up) with exponential backoff.

    Scrapy re-queues a failed request at once. Here the n-th retry of a 5xx
    answer or a timeout waits ``CASTWIRE_RETRY_BACKOFF × 2^(n-1)`` seconds
    (capped at ``CASTWIRE_RETRY_BACKOFF_MAX``, plus up to 50 % random jitter)
    before it goes back to the scheduler, so a struggling site gets room to
    recover. Replaces ``scrapy.downloadermiddlewares.retry.RetryMiddleware``.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("CASTWIRE_RETRY_BACKOFF", 2.0)
        self.cap = settings.getfloat("CASTWIRE_RETRY_BACKOFF_MAX", 60.0)

    def backoff_seconds(self, retry_times: int) -> float:
        """How long to wait before retry number ``retry_times`` (1 for the first)."""
        wait = min(self.cap, self.base * 2 ** max(0, retry_times - 1))
        return wait * (1 + random.random() / 2)  # noqa: S311 (jitter, not security)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        return await self._after_backoff(super().process_response(request, response))

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        return await self._after_backoff(super().process_exception(request, exception))

    async def _after_backoff(self, result: Request | Response | None) -> Request | Response | None:
        if isinstance(result, Request):
            wait = self.backoff_seconds(int(result.meta.get("retry_times", 1)))
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("castwire/retry_backoff_ms", int(wait * 1000))
            if await sleep_unless_stopping(self.crawler, wait):
                raise CrawlStopping(f"not retried: the crawl is stopping ({result.url})")
        return result


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL already visited in the same redirect chain."""


class TooManyRedirects(IgnoreRequest):
    """A redirect chain longer than ``REDIRECT_MAX_TIMES``."""


class RedirectLoopMiddleware:
    """Ends a redirect chain that comes back to a URL it has already visited, or goes on for
    more than ``REDIRECT_MAX_TIMES`` redirects.

    Sits just outside Scrapy's RedirectMiddleware (600) so it sees 3xx answers
    first. Without it a loop between two article URLs ends silently: the
    second visit of the first URL is dropped by the duplicate filter, with no
    errback and nothing in the crawl run; and a long chain ends in Scrapy's
    ``IgnoreRequest("max redirections reached")``, which says neither what happened nor which
    link it was. Here the request fails with :class:`RedirectLoop` or :class:`TooManyRedirects`,
    which the spider's errback counts (``castwire/errors/<kind>/RedirectLoop``,
    ``…/TooManyRedirects``) under the link it followed.
    """

    def __init__(self, max_times: int = 20) -> None:
        self.max_times = max_times

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in REDIRECT_STATUSES or not location or request.meta.get("dont_redirect"):
            return response
        if request.meta.get("handle_httpstatus_all") or response.status in request.meta.get(
                "handle_httpstatus_list", ()):
            return response  # the callback handles this answer itself, as RedirectMiddleware would let it
        target = canonicalize_url(urljoin(request.url, location.decode("latin-1")))
        visited = {canonicalize_url(url) for url in (*request.meta.get("redirect_urls", ()), request.url)}
        if target in visited:
            raise RedirectLoop(f"redirect loop: {request.url} -> {target}")
        # as RedirectMiddleware decides it gives up
        if not request.meta.get("redirect_ttl", self.max_times) or request.meta.get("redirect_times", 0) >= self.max_times:
            raise TooManyRedirects(f"more than {self.max_times} redirects (REDIRECT_MAX_TIMES), the last from "
                                   f"{request.url} to {target}")
        return response


class _DatabaseMiddleware:
    """A middleware that reads and writes the crawl's database and counts into its stats."""

    def __init__(self, sessions: sessionmaker[Session], stats: StatsCollector) -> None:
        self.sessions = sessions
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(open_sessions(database_url(crawler.settings)), crawler.stats)


class ConditionalRequestMiddleware(_DatabaseMiddleware):
    """ETag / Last-Modified per feed, sitemap and listing URL, kept in the database.

    A 304 answer reaches the spider, which counts it and parses nothing.
    Validators are stored under the URL the spider asked for (before any
    redirect), which is the URL it asks for again next run. robots.txt and
    sitemap indexes are always fetched whole: a 304 would say nothing about
    the sitemaps they list, which change while the index does not.

    A validator is stored only once what its answer led to is safe: when the
    crawl finishes (a crawl stopped or killed midway stores none, so the next one
    reads the feeds whole and fetches what this one missed;
    ``castwire/validators_not_saved`` counts them), or in a distributed worker
    once the links it produced are queued in Redis (``spider.when_handled``).
    A page given up on after its retries takes the validators of the feeds,
    sitemaps and listing pages that led to it with it (:meth:`request_given_up`).

    Each validator is kept with the fingerprint of the settings that decided what was followed
    from its answer (:meth:`NewsSpider.follows`: age and page limits, filters); a crawl whose
    settings give another one reads the index whole (``castwire/index_settings_changed``), so
    raising ``max_sitemap_age_days`` or ``max_pages`` reaches what the narrower crawl left.
    """

    def __init__(self, sessions: sessionmaker[Session], stats: StatsCollector) -> None:
        super().__init__(sessions, stats)
        self.crawler: Crawler | None = None
        self.pending: list[FeedValidators] = []
        self.had_problems: set[str] = set()  # indexes whose validators are never kept this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.crawler = crawler
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(middleware.request_given_up, signal=request_given_up)
        crawler.signals.connect(middleware.index_had_problems, signal=index_had_problems)
        crawler.signals.connect(middleware.spider_error, signal=signals.spider_error)
        return middleware

    def process_request(self, request: Request) -> None:
        if request.meta.get("castwire_kind") not in CONDITIONAL_KINDS or request.meta.get("redirect_urls"):
            return  # a redirected request carries the original request's validator headers already
        with timing(self.stats, "lookups"), transaction(self.sessions) as session:
            state = feed_validators(session, [request.url]).get(request.url)
        if state is None:
            return
        if state.follows != _follows(request):
            self.stats.inc_value("castwire/index_settings_changed")
            log.info("%s %s read whole: what decides the links followed from it changed since it was last read",
                     request.meta["castwire_kind"], request.url)
            return
        if state.etag:
            request.headers.setdefault("If-None-Match", state.etag)
        if state.last_modified:
            request.headers.setdefault("If-Modified-Since", state.last_modified)

    def process_response(self, request: Request, response: Response) -> Response:
        kind = request.meta.get("castwire_kind")
        if kind not in CONDITIONAL_KINDS or response.status != 200:
            return response
        asked = asked_url(request)
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if kind == "sitemap" and is_sitemap_index(response.body):
            if not (request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since")):
                return response
            etag = modified = None  # it was stored as a plain sitemap once: forget its validators
        elif not (etag or modified):
            return response
        validators = FeedValidators(asked, etag.decode("latin-1") if etag else None,
                                    modified.decode("latin-1") if modified else None, response.status,
                                    _follows(request))
        when_handled = getattr(self.crawler.spider if self.crawler else None, "when_handled", None)
        if when_handled is None or not when_handled(request, lambda: self._save([validators])):
            self.pending.append(validators)
        return response

    def request_given_up(self, request: Request) -> None:
        """A request was given up on: the validators of the feeds, sitemaps and listing pages
        that led to it (:data:`FOUND_ON`) are forgotten, those of this crawl and those stored
        before (a distributed worker stores them once the links are queued), so their next
        read is whole and asks for it again."""
        urls = set(request.meta.get(FOUND_ON) or ())
        if not urls:
            return
        self.pending = [v for v in self.pending if v.url not in urls]
        self.stats.inc_value("castwire/validators_forgotten", len(urls))
        self._forget(urls)

    def index_had_problems(self, url: str) -> None:
        """An index answered with problems (malformed XML...): its validators are not kept."""
        self.had_problems.add(url)
        self.pending = [v for v in self.pending if v.url != url]
        self._forget({url})

    def spider_error(self, failure: object, response: Response | None, spider: Spider | None = None) -> None:
        """Reading an index failed midway (the database went away while its links were looked
        up): what it listed was not all requested, so its validators are not kept either."""
        if response is not None and response.meta.get("castwire_kind") in CONDITIONAL_KINDS:
            self.index_had_problems(asked_url(response))

    def _forget(self, urls: set[str]) -> None:
        try:
            with timing(self.stats, "lookups"), transaction(self.sessions) as session:
                forget_feed_validators(session, sorted(urls))
        except (SQLAlchemyError, DatabaseError) as exc:  # the database is down: this crawl keeps none
            log.warning("could not forget the validators of %s: %s", ", ".join(sorted(urls)), one_line(exc))

    def spider_closed(self, reason: str) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        if reason == "finished":
            self._save(pending)
        else:
            self.stats.set_value("castwire/validators_not_saved", len(pending))

    def _save(self, validators: list[FeedValidators]) -> None:
        validators = [v for v in validators if v.url not in self.had_problems]
        if not validators:
            return
        with timing(self.stats, "lookups"), transaction(self.sessions) as session:
            save_feed_validators(session, validators)


def _follows(request: Request) -> str | None:
    """The fingerprint of the settings that decide what is followed from an index request's
    answer, from the spider whose method handles it (a worker's requests name their source's)."""
    owner = getattr(request.callback, "__self__", None)
    return owner.follows(request.meta["castwire_kind"]) if isinstance(owner, NewsSpider) else None


#: A feed's or sitemap's date of change must be this much later than the last fetch of a
#: stored article to fetch it again (clocks and rounding: a lastmod of the minute it was fetched).
UPDATE_MARGIN = timedelta(minutes=5)
#: An entry dated less than UPDATE_MARGIN after its article's last fetch is an edit when it is
#: this much later than the time the article states it was modified or published (sitemaps
#: round their dates to the minute).
STATED_MARGIN = timedelta(minutes=1)
#: A document saying that at least this share of its stored articles (and at least
#: MIN_CLAIMED_UPDATES of them) changed since their fetch stamps every entry with when it
#: was generated, not when each changed: its dates are then not taken for edits.
STAMPED_SHARE = 0.5
MIN_CLAIMED_UPDATES = 5


class StoredArticleFilter(_DatabaseMiddleware):
    """Drops article requests whose canonical URL key is already stored, unless the feed or
    sitemap says the article changed since a crawl last fetched it (an edit after
    publication: fetched again, stored as a new version when it did change).

    Looks the whole batch a feed or sitemap produced up in one indexed query.
    ``castwire/urls_already_stored`` counts each URL once per crawl, and not a URL this
    crawl fetched itself (a feed and a sitemap listing the same articles);
    ``castwire/updates_fetched`` the stored articles fetched again, and
    ``castwire/lastmod_ignored`` the entries of documents whose dates say every article changed;
    ``castwire/urls_same_article`` the links to an article this crawl already asked for under
    another spelling of its URL (a session or referrer parameter, ``www.``, an AMP variant,
    ``index.html``), in the same document or another (a feed and a sitemap): each article is
    asked for once per crawl, whichever index listed it first.

    Every URL of a redirect chain that ended at a page is recorded with it (as another URL of
    the stored article, or of the page dropped), so the next crawl does not ask for it: the
    intermediate links of a chain, and the links whose redirect target this crawl had already
    asked for (Scrapy's duplicate filter drops the redirect, which nothing stored before).
    They are recorded once the crawl has nothing left to do (idle, or closing).
    """

    def __init__(self, sessions: sessionmaker[Session], stats: StatsCollector) -> None:
        super().__init__(sessions, stats)
        self.counted: set[str] = set()  # the keys this crawl requested or counted as stored
        self.refetched: set[str] = set()  # the stored articles' keys this crawl asked for again
        # the articles' keys this crawl asked for, with the URL first asked (a distributed worker
        # lives on: it forgets them whenever it is idle, its batch of work done)
        self.requested: dict[str, str] = {}
        self.redirected: dict[str, set[str]] = {}  # a page's key -> keys of the links redirected to it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(middleware.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(middleware.request_given_up, signal=request_given_up)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def request_scheduled(self, request: Request) -> None:
        """A redirect to an article: the links to it read later in the crawl are not asked for."""
        if _is_article(request) and request.meta.get("redirect_urls"):
            self.requested.setdefault(canonical_url_key(request.url), request.url)

    def request_dropped(self, request: Request) -> None:
        """A redirect the duplicate filter dropped (two links redirecting to one page): the
        links of its chain are URLs of that page."""
        if _is_article(request) and request.meta.get("redirect_urls"):
            self._redirected_to(request.url, request.meta["redirect_urls"])

    def request_given_up(self, request: Request) -> None:
        """A page given up on (retries used up) may be asked for again under another spelling."""
        for url in (request.url, asked_url(request)):
            self.requested.pop(canonical_url_key(url), None)

    def spider_idle(self) -> None:
        self.requested.clear()
        self._record_redirects()

    def spider_closed(self) -> None:
        self._record_redirects()

    def _redirected_to(self, url: str, chain: Iterable[str]) -> None:
        key = canonical_url_key(url)
        self.redirected.setdefault(key, set()).update(canonical_url_key(link) for link in chain)

    def _record_redirects(self) -> None:
        pending, self.redirected = self.redirected, {}
        if not pending:
            return
        try:
            with timing(self.stats, "lookups"), transaction(self.sessions) as session:
                recorded = remember_other_urls(session, pending)
        except (SQLAlchemyError, DatabaseError) as exc:  # the next crawl fetches them once more
            log.warning("could not record the redirected links of %d pages: %s", len(pending), one_line(exc))
            return
        if recorded:
            self.stats.inc_value("castwire/redirected_links_recorded", recorded)

    def process_spider_output(
        self, response: Response, result: Iterable[Any], spider: Spider | None = None
    ) -> Iterable[Any]:
        self._note_redirects(response)
        articles: list[Request] = []
        for item in result:
            if _is_article(item):
                articles.append(item)
            else:
                yield item
        yield from self._unseen(articles)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        self._note_redirects(response)
        articles: list[Request] = []
        async for item in result:
            if _is_article(item):
                articles.append(item)
            else:
                yield item
        for request in self._unseen(articles):
            yield request

    def _unseen(self, articles: list[Request]) -> list[Request]:
        if not articles:
            return []
        keys = {request.url: canonical_url_key(request.url) for request in articles}
        with timing(self.stats, "lookups"), transaction(self.sessions) as session:
            now = utcnow()
            stored = known_url_checks(session, keys.values(), dropped_since=now - DROPPED_RECHECK,
                                      gone_since=now - GONE_RECHECK)
        changed = self._changed_since_fetched(articles, keys, stored)
        unseen = []
        # one request per article in a crawl, whichever feed, sitemap or listing linked it first:
        # "?ref=home", ";jsessionid=", "/amp/", "index.html" are one page
        for request in articles:
            key = keys[request.url]
            first = self.requested.get(key)
            if first is not None and not request.dont_filter:  # (a teaser asked for again, to be stored as it is)
                if first != request.url:  # the same URL again is no other spelling
                    self.stats.inc_value("castwire/urls_same_article")
            elif key not in stored:
                self.requested[key] = request.url
                unseen.append(request)
        already = {key for key in keys.values() if key in stored} - self.counted - {keys[r.url] for r in changed}
        self.counted.update(keys.values())
        if already:
            self.stats.inc_value("castwire/urls_already_stored", len(already))
        return unseen + changed

    def _changed_since_fetched(self, articles: list[Request], keys: dict[str, str],
                               stored: dict[str, datetime | None]) -> list[Request]:
        """The stored articles the document says changed since they were last fetched, each
        asked for once per crawl (past the duplicate filter, which a distributed worker's
        keeps for days)."""
        dated = [r for r in articles if stored.get(keys[r.url]) is not None and r.meta.get(LASTMOD) is not None]
        # a date still to come is a clock set wrong, not an edit: it would fetch the page every crawl
        latest = utcnow() + UPDATE_MARGIN
        future = [r for r in dated if r.meta[LASTMOD] > latest]
        if future:
            self.stats.inc_value("castwire/lastmod_in_future", len(future))
            dated = [r for r in dated if r not in future]
        after = [r for r in dated if r.meta[LASTMOD] > stored[keys[r.url]]]  # type: ignore[operator]
        claimed = [r for r in after if r.meta[LASTMOD] > stored[keys[r.url]] + UPDATE_MARGIN]  # type: ignore[operator]
        close = [r for r in after if r.meta[LASTMOD] <= stored[keys[r.url]] + UPDATE_MARGIN]  # type: ignore[operator]
        if close:
            claimed += self._edited_since_stated(close, keys)
        if len(claimed) >= MIN_CLAIMED_UPDATES and len(claimed) >= STAMPED_SHARE * len(dated):
            self.stats.inc_value("castwire/lastmod_ignored", len(claimed))
            return []
        changed: dict[str, Request] = {}
        for request in claimed:
            key = keys[request.url]
            if key not in self.refetched:
                self.refetched.add(key)
                changed[key] = request.replace(dont_filter=True)
        if changed:
            self.stats.inc_value("castwire/updates_fetched", len(changed))
        return list(changed.values())

    def _edited_since_stated(self, close: list[Request], keys: dict[str, str]) -> list[Request]:
        """Of the entries dated less than UPDATE_MARGIN after their article's last fetch, those
        dated later than the article itself says it was last modified (or published), by more
        than STATED_MARGIN: an edit made minutes after the fetch (a typo fixed), not the page's
        own date written slightly after the fetch by a clock ahead of ours or a rounding. An
        article that states no time of day (a date alone, or nothing) tells nothing here: its
        entry is not taken for an edit."""
        with timing(self.stats, "lookups"), transaction(self.sessions) as session:
            dates = stated_dates(session, {keys[request.url] for request in close})
        edited = []
        for request in close:
            own = _stated_time(dates.get(keys[request.url]))
            if own is not None and request.meta[LASTMOD] > own + STATED_MARGIN:
                edited.append(request)
        return edited

    def _note_redirects(self, response: Response) -> None:
        """An article page reached through a chain of redirects: the links in between are its URLs
        too (the first one, the link followed, is stored with it)."""
        chain = response.meta.get("redirect_urls") or ()
        if len(chain) > 1 and response.meta.get("castwire_kind") == "article":
            self._redirected_to(response.url, chain[1:])


#: A time of day in a date as written: "10:03", "10時3分", "10시 3분", or a Unix timestamp.
_TIME_OF_DAY = re.compile(r"\d\s*(?::|時|시)|^\s*\d{9,}(?:\.\d+)?\s*$")


def _stated_time(dates: StatedDates | None) -> datetime | None:
    """The latest of the times an article states it was published or modified, leaving out a
    date written without a time of day (it stands for midnight, not for when it changed) and a
    publication time stored as the fetch time (the page said a later one: the site's clock runs
    ahead of ours by an amount it does not tell)."""
    if dates is None:
        return None
    published = dates.published_at if dates.published_at is None or dates.published_at < dates.fetched_at else None
    times = [at for at, raw in ((published, dates.published_raw), (dates.modified_at, dates.modified_raw))
             if at is not None and (raw is None or _TIME_OF_DAY.search(raw))]
    return max(times, default=None)


def _is_article(item: Any) -> bool:
    return isinstance(item, Request) and item.meta.get("castwire_kind") == "article"
