"""The generic news spider: discovery only.

It reads one catalogue source, fetches its feeds, sitemaps and listing pages,
and requests the article pages they point to. Extraction and storage happen in
the item pipelines (``scrapers.pipelines``), outside the spider.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionClosed, ConnectionLost
from twisted.python.failure import Failure
from twisted.web._newclient import ParseError, ResponseFailed
from twisted.web.http import _DataLoss
from w3lib.encoding import http_content_type_encoding

from pipeline.crawlruns import (
    FIRST_ERROR,
    FIRST_INDEX_FAILURE,
    FIRST_INDEX_NOTE,
    INDEX_KINDS,
    keep_first_error,
)
from pipeline.discovery import (
    NO_LINKS_MATCHED,
    Discovered,
    hints_can_judge_topic,
    matches_filters,
    parse_feed,
    parse_listing,
    parse_sitemap,
    sitemaps_from_robots,
    strip_tracking,
)
from pipeline.normalise import canonical_url_key
from pipeline.sources import Source, follows_fingerprint
from scrapers.extensions import BODY_BYTES
from scrapers.items import DroppedPage, PageItem
from scrapers.stopping import CrawlStopping
from scrapers.timing import timing
from storage.repository import GONE, TOO_LARGE

NOT_MODIFIED = 304
KIND = "castwire_kind"  # request meta: feed | sitemap | listing | robots | article
SITEMAP_CHAIN = "sitemap_chain"  # request meta: the sitemap (index) URLs that led to this sitemap
MAX_SITEMAP_DEPTH = 3  # robots.txt/catalogue -> index -> index -> urlset is as deep as real sites go
#: request meta: the feed, sitemap and listing URLs (as asked for) that led to this request, first
#: the one the crawl started from: a 304 from any of them would hide it from the next crawl
FOUND_ON = "castwire_found_on"
#: request meta: when the feed or sitemap says the article last changed (aware UTC, or None)
LASTMOD = "castwire_lastmod"
#: Request meta of the full article of a teaser (the canonical it named): the link followed to the teaser.
TEASER_OF = "castwire_teaser_of"
#: Request meta of a teaser fetched again because its full article could not be: stored as it is.
AS_IT_IS = "castwire_as_it_is"
#: Request meta of a request given up because its server asked to wait longer than a crawl
#: does (scrapers.middlewares.RetryAfterMiddleware): (seconds asked, seconds a crawl waits).
RETRY_AFTER_TOO_LONG = "castwire_retry_after_too_long"
#: Signal (argument ``request``): a request was given up on while its site may yet answer it.
#: Whatever would keep a later crawl from asking again (its feed's validators, a worker's
#: duplicate filter) must forget it.
request_given_up = object()
#: Signal (argument ``url``: as asked for): an index (feed, sitemap, listing page) answered with
#: problems. Its validators must not be kept, so the next crawl reads it whole and says so again
#: instead of hearing "not modified" about a broken document.
index_had_problems = object()


def asked_url(message: Request | Response) -> str:
    """The URL the spider asked for, before any redirect."""
    return (message.meta.get("redirect_urls") or [message.url])[0]


def found_on(index: Response) -> list[str]:
    """The :data:`FOUND_ON` of the requests an index response (feed, sitemap, listing) yields."""
    return [*index.meta.get(FOUND_ON, ()), asked_url(index)]


def gave_up(failure: Failure, retry_codes: Iterable[int | str]) -> bool:
    """Whether a failed request may yet succeed later: its retries were used up on a status in
    ``retry_codes`` (5xx, 429…) or on a network error (timeouts, refused connections), or the
    server asked for a longer wait than a crawl makes. Not a 404, nor a request never sent
    (robots.txt, offsite, filtered)."""
    if failure.check(HttpError):
        return failure.value.response.status in {int(code) for code in retry_codes}
    # a page over DOWNLOAD_MAXSIZE does not shrink by itself
    return not failure.check(IgnoreRequest, DownloadCancelledError)


def _failure_message(failure: Failure, request: Request | None) -> str:
    """What went wrong, as an operator reads it: an HTTP answer by its status ("HTTP 404 Not
    Found": a page gone; "HTTP 503 Service Unavailable": a site down), an answer that could not
    be read by why (:func:`_unreadable`), else the error's own message or, when it has none,
    its type."""
    if failure.check(HttpError):
        status = failure.value.response.status
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:  # a status outside the standard's list (520...)
            phrase = ""
        said = f"HTTP {status} {phrase}".rstrip()
        asked = failure.value.response.meta.get(RETRY_AFTER_TOO_LONG) if failure.value.response.request else None
        if asked:
            said += f" (Retry-After {asked[0]} s, longer than the {asked[1]} s a crawl waits: given up)"
        return said
    cause: BaseException | None = failure.value
    while cause is not None and not isinstance(cause, ResponseFailed):  # Scrapy wraps Twisted's
        cause = cause.__cause__
    if cause is not None:
        return _unreadable(cause, request)
    return failure.getErrorMessage() or (failure.type.__name__ if failure.type else "failed")


def _unreadable(failed: ResponseFailed, request: Request | None) -> str:
    """Why an answer could not be read whole, from Twisted's reasons: not HTTP at all, a
    connection that ended before the body did (how far it got: :class:`scrapers.extensions.BodyProgress`),
    a body that broke its own framing (a malformed chunk)."""
    reasons = [reason.value for reason in failed.reasons]
    for reason in reasons:
        if isinstance(reason, ParseError):  # Twisted raises it on the status line only
            what, line = (*reason.args, "", b"")[:2]
            shown = line.decode("latin-1") if isinstance(line, bytes) else str(line)
            return f"not an HTTP response ({what}: {shown[:80]!r})"
    body = request.meta.get(BODY_BYTES) if request is not None else None
    if body is None:
        came = "before a response"
    else:
        received, expected = body
        came = f"mid-body ({received:,} of {expected:,} bytes)" if expected >= 0 else f"mid-body ({received:,} bytes)"
    for reason in reasons:
        if not isinstance(reason, ConnectionClosed | _DataLoss):
            message = str(reason) or type(reason).__name__
            return f"malformed body after {body[0]:,} bytes: {message}" if body else f"malformed response: {message}"
    lost = any(isinstance(reason, ConnectionLost) for reason in reasons)
    return f"connection {'lost' if lost else 'closed'} {came}"


#: What a feed or sitemap parsed as when it was none (a web page, nothing, not XML).
NOT_AN_INDEX = ("html", "empty", "unknown")


class NewsSpider(Spider):
    """Crawls one catalogue source; subclassed per source by the spider loader."""

    name = "news"
    source: ClassVar[Source]

    async def start(self) -> AsyncIterator[Request]:
        for url in self.source.feeds:
            yield self._index_request(url, "feed", self.parse_feed)
        for url in self.source.sitemaps:
            yield self._index_request(url, "sitemap", self.parse_sitemap, **{SITEMAP_CHAIN: []})
        if self.source.robots_sitemaps:
            robots = urljoin(self.source.homepage, "/robots.txt")
            yield self._index_request(robots, "robots", self.parse_robots)
        if self.source.listing:
            for url in self.source.listing.urls:
                yield self._index_request(url, "listing", self.parse_listing, page=1)

    def _index_request(self, url: str, kind: str, callback: Any, **meta: Any) -> Request:
        """Feeds, sitemaps and listings are always refetched (conditionally). Each is counted
        (``indexes_requested``; robots.txt only leads to sitemaps): a run that could read
        none of them has failed (:func:`pipeline.crawlruns.crawl_run_values`)."""
        if kind != "robots":
            self._count("indexes_requested")
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            dont_filter=True,
            priority=10,
            meta={KIND: kind, "handle_httpstatus_list": [NOT_MODIFIED], **meta},
        )

    def follows(self, kind: str) -> str:
        """The fingerprint of what decides the links this crawl follows from an index of this
        kind (:func:`pipeline.sources.follows_fingerprint`), kept with its validators."""
        return follows_fingerprint(self.source, kind,
                                   ignore_sitemap_age=self.settings.getbool("CASTWIRE_IGNORE_SITEMAP_AGE"))

    def _article_request(self, found: Discovered, index: Response) -> Request | None:
        source = self.source
        if not matches_filters(found.url, None, allow=source.allow, deny=source.deny, topics=()):
            self._count("urls_filtered")
            return None
        if source.topics and hints_can_judge_topic(found.hints) and not matches_filters(
                found.url, found.hints, allow=(), deny=(), topics=source.topics):
            # The feed (or news sitemap) said enough to tell: no fetch. Off-topic pages are never
            # stored, so without this they would be fetched again on every run.
            self._count("urls_off_topic")
            return None
        return Request(
            found.url,
            callback=self.parse_article,
            errback=self.on_error,
            meta={KIND: "article", "hints": found.hints, FOUND_ON: found_on(index), LASTMOD: found.lastmod},
        )

    def _count(self, key: str, n: int = 1) -> None:
        """Add ``n`` to ``castwire/<key>`` (zero counts leave no key in the crawl run)."""
        assert self.crawler.stats is not None
        if n:
            self.crawler.stats.inc_value(f"castwire/{key}", n)

    def _not_modified(self, response: Response) -> bool:
        if response.status == NOT_MODIFIED:
            self._count("index_not_modified")
            self._count("indexes_read")  # unchanged since the last run, which read it
            return True
        return False

    def _read(self, kind: str, response: Response, problems: tuple[str, ...], found: int,
              parsed_as: str | None = None) -> None:
        """Count what parsing an index met: its problems and, when it was read, one index read.
        It was read when it gave something to follow, or had no problem but being empty as a
        well-formed document of its kind (``parsed_as``: a feed with no items today is still
        a feed). Otherwise its first problem becomes the run's error when it has none yet."""
        quiet = parsed_as not in NOT_AN_INDEX and all(problem == "empty" for problem in problems)
        if quiet and problems:  # a quiet outlet, not a problem of the run
            self.logger.info("%s %s: no items today", kind, self.source.slug)
        else:
            for problem in problems:
                self.logger.warning("%s %s: %s", kind, self.source.slug, problem)
                self._count(f"{kind}_problems")
        trouble = [problem for problem in problems if problem != "empty"]
        if trouble:  # the run says why it is partial, and the next one reads the document again
            self.crawler.signals.send_catch_log(index_had_problems, url=asked_url(response))
        if found or quiet:
            self._count("indexes_read")
            if trouble:
                keep_first_error(self.crawler.stats, f"{kind} {response.url}: {trouble[0]}", FIRST_INDEX_NOTE)
            return
        why = problems[0] if problems else f"not a {kind}"
        self._count("indexes_unread")
        keep_first_error(self.crawler.stats, f"{kind} {response.url}: {why}", FIRST_INDEX_FAILURE)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Parse an RSS/Atom/JSON feed and request its articles.

        @source_url feed
        @returns requests 1
        @returns items 0 0
        """
        if self._not_modified(response):
            return
        with timing(self.crawler.stats, "discovery"):  # type: ignore[arg-type]
            result = parse_feed(response.body, response.url,
                                content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
                                timezone=self.source.timezone)
        self._read("feed", response, result.problems, len(result.entries), result.kind)
        self._count("feed_entries", len(result.entries))
        self._count("feed_duplicates", result.duplicates)
        self._count("feed_skipped", result.skipped)
        for found in result.entries:
            request = self._article_request(found, response)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Parse a sitemap or sitemap index and request recent articles.

        @source_url sitemap
        @returns requests 1
        @returns items 0 0
        """
        if self._not_modified(response):
            return
        newer_than = datetime.now(UTC) - timedelta(days=self.source.max_sitemap_age_days)
        if self.settings.getbool("CASTWIRE_IGNORE_SITEMAP_AGE"):
            newer_than = None
        with timing(self.crawler.stats, "discovery"):  # type: ignore[arg-type]
            result = parse_sitemap(response.body, response.url, newer_than=newer_than,
                                   timezone=self.source.timezone)
        self._read("sitemap", response, result.problems, len(result.entries) + len(result.sitemaps), result.kind)
        self._count("sitemap_entries", len(result.entries))
        self._count("sitemap_too_old", result.dropped_old)
        self._count("sitemap_duplicates", result.duplicates)
        self._count("sitemap_skipped", result.skipped)
        self._count("sitemap_not_articles", result.not_articles)
        chain = [*response.meta.get(SITEMAP_CHAIN, ()), response.url]
        ancestors = {strip_tracking(url) for url in chain}
        for child in result.sitemaps:  # already absolute, without tracking parameters
            if child in ancestors:
                self._count("sitemap_loops")  # an index listing itself or an ancestor
                self.logger.warning("sitemap %s: %s lists %s, which led to it: not followed",
                                    self.source.slug, response.url, child)
            elif len(chain) >= MAX_SITEMAP_DEPTH:
                self._count("sitemap_too_deep")
                self.logger.warning("sitemap %s: %s is nested deeper than %d sitemaps: not followed",
                                    self.source.slug, child, MAX_SITEMAP_DEPTH)
            else:
                yield self._index_request(child, "sitemap", self.parse_sitemap,
                                          **{SITEMAP_CHAIN: chain, FOUND_ON: found_on(response)})
        for found in result.entries:
            request = self._article_request(found, response)
            if request is not None:
                yield request

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Request the sitemaps listed on the ``Sitemap:`` lines of robots.txt.

        @source_url robots
        @returns requests 1
        @returns items 0 0
        """
        if self._not_modified(response):  # not expected: robots.txt is never asked conditionally
            return
        # bytes, not response.text: a robots.txt served as application/octet-stream has no .text
        sitemaps = sitemaps_from_robots(response.body.decode("utf-8-sig", "replace"), response.url)
        self._count("robots_sitemaps", len(sitemaps))
        for url in sitemaps:
            yield self._index_request(url, "sitemap", self.parse_sitemap,
                                      **{SITEMAP_CHAIN: [], FOUND_ON: found_on(response)})

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Request the articles a listing page links to, and its next page.

        @source_url listing
        @returns requests 1
        @returns items 0 0
        """
        if self._not_modified(response):
            return
        listing = self.source.listing
        assert listing is not None
        with timing(self.crawler.stats, "discovery"):  # type: ignore[arg-type]
            result = parse_listing(response.body, response.url, links=listing.links,
                                   next_page=listing.next_page)
        page = int(response.meta.get("page", 1))
        problems = result.problems
        if page > 1 and not result.entries:  # past the listing's last page: its end, no problem
            problems = tuple(p for p in problems if not p.startswith(NO_LINKS_MATCHED))
        self._read("listing", response, problems, len(result.entries) + bool(result.next_page))
        self._count("listing_entries", len(result.entries))
        self._count("listing_duplicates", result.duplicates)
        for found in result.entries:
            request = self._article_request(found, response)
            if request is not None:
                yield request
        if result.next_page and page < listing.max_pages:
            yield self._index_request(result.next_page, "listing", self.parse_listing, page=page + 1,
                                      **{FOUND_ON: found_on(response)})

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        """Hand a fetched article page to the item pipelines.

        @source_url homepage
        @returns items 1 1
        @returns requests 0 0
        @scrapes source url html
        """
        if not hasattr(response, "text"):
            self._count("dropped/not_html")
            return
        requested = asked_url(response)  # response.request is the redirected request: its URL is response.url
        if urlsplit(response.url).hostname != urlsplit(requested).hostname:
            self._count("redirected_off_site")  # stored under the URL it ended at, as any redirected page
        teaser = response.meta.get(TEASER_OF)
        yield PageItem(
            source=self.source.slug,
            url=response.url,
            requested_url=teaser or requested,
            status=response.status,
            html=response.body,
            fetched_at=datetime.now(UTC),
            hints=response.meta.get("hints"),
            charset=http_content_type_encoding(response.headers.get(b"Content-Type", b"").decode("latin-1")),
            found_on=tuple(response.meta.get(FOUND_ON, ())),
            full_article=teaser is not None or bool(response.meta.get(AS_IT_IS)),
        )

    def full_article_request(self, url: str, teaser: PageItem) -> Request:
        """A request for the full article a teaser names as its canonical: the teaser's link and
        what its feed said travel with it, so the article is stored with both URLs."""
        return Request(url, callback=self.parse_article, errback=self.on_error, dont_filter=True,
                       meta={KIND: "article", "hints": teaser.hints, FOUND_ON: list(teaser.found_on),
                             TEASER_OF: teaser.requested_url})

    def on_error(self, failure: Failure) -> list[DroppedPage | Request] | None:
        """Every failed request becomes a counted outcome in the crawl run. An article page
        that is gone (404, 410: a dead link in a feed) is also remembered, so the next crawls
        skip it for a while (:data:`pipeline.discovery.GONE_RECHECK`) instead of failing on it
        each time. A teaser whose full article is gone is fetched again, to be stored as it is."""
        request = getattr(failure, "request", None)
        kind = request.meta.get(KIND, "article") if request is not None else "unknown"
        if kind == "robots" and failure.check(HttpError) and failure.value.response.status in (404, 410):
            self._count("robots_missing")  # no robots.txt: no Sitemap lines, and no error
            return
        if failure.check(CrawlStopping):  # Ctrl-C, SIGTERM: the next crawl finds it again
            self._count("not_fetched_stopping")
            return
        if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            # the site asks not to fetch it: obeyed, counted, and no problem of the run's
            self._count("robots_forbidden")
            self.logger.info("%s %s not fetched: forbidden by robots.txt", kind, getattr(request, "url", "?"))
            return
        reason = failure.type.__name__ if failure.type else "error"
        self._count(f"errors/{kind}/{reason}")
        message = _failure_message(failure, request)
        too_large = bool(failure.check(DownloadCancelledError))  # the only download castwire cancels
        if too_large:
            limit = (request.meta.get("download_maxsize") if request is not None else None) \
                or self.settings.getint("DOWNLOAD_MAXSIZE")
            size = f"{limit / 2**20:.0f} MiB" if limit >= 2**20 else f"{limit:,} bytes"
            message = f"larger than the download limit (DOWNLOAD_MAXSIZE, {size}): not fetched"
        link = asked_url(request) if request is not None else "?"  # the link followed, not a redirect's target
        self.logger.warning("%s %s failed: %s", kind, link, message)
        if request is not None and gave_up(failure, self.settings.getlist("RETRY_HTTP_CODES")):
            self.crawler.signals.send_catch_log(request_given_up, request=request)
        keep_first_error(self.crawler.stats, f"{kind} {link}: {message}",
                         FIRST_INDEX_FAILURE if kind in INDEX_KINDS else FIRST_ERROR)
        if kind == "article" and request is not None and request.meta.get(TEASER_OF) and failure.check(HttpError) \
                and failure.value.response.status in (404, 410):
            # the full article is gone: the teaser is better than nothing. Any other failure is the
            # page's: nothing is stored, and the next crawl fetches the teaser and follows it again
            return [request.replace(url=request.meta[TEASER_OF],
                                    meta={**request.meta, TEASER_OF: None, AS_IT_IS: True})]
        if kind == "article" and request is not None and failure.check(HttpError) \
                and failure.value.response.status in (404, 410):
            urls = {request.url, asked_url(failure.value.response)}
            return [DroppedPage(self.source.slug, request.url, GONE, tuple(sorted(map(canonical_url_key, urls))))]
        if kind == "article" and request is not None and too_large:  # skipped for a while, as pages not stored
            return [DroppedPage(self.source.slug, request.url, TOO_LARGE, (canonical_url_key(request.url),))]
        return None
