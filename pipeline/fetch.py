"""One-off HTTP fetches for interactive commands (``extract URL``, ``sources discover``).

Crawls never use this: they go through Scrapy with its politeness settings.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pipeline.config import DEFAULT_USER_AGENT
from pipeline.errors import UserError
from pipeline.normalise import is_web_address

MAX_BYTES = 10 * 1024 * 1024
_CHUNK = 64 * 1024
#: Seconds between two requests to one site when its robots.txt gives no Crawl-delay.
POLITE_DELAY = 0.5
#: A robots.txt Crawl-delay is honoured up to this many seconds by an interactive command (crawls:
#: up to CASTWIRE_CRAWL_DELAY_MAX, a minute): its dozen or more probes do not leave a user waiting
#: for a quarter of an hour.
MAX_CRAWL_DELAY = 10.0


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


def fetch(url: str, timeout: float = 20.0, *, user_agent: str = DEFAULT_USER_AGENT,
          deadline: float = 60.0) -> Fetched:
    """GET ``url`` as ``user_agent``: each read waits ``timeout`` seconds at most, the whole
    download ``deadline`` seconds. Network problems, a page cut short and an answer that is no
    HTTP become a :class:`UserError` with one clear line."""
    _require_web_address(url)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http only)
            body = _read(response, url, time.monotonic() + deadline, deadline)
            return Fetched(response.geturl(), response.status,
                           response.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the answer's connection
        if 300 <= exc.code < 400:  # urllib gives up on a loop or on too many redirects
            raise UserError(f"cannot fetch {url}: its redirects go round in a loop or on for too long") from None
        raise UserError(f"{url}: HTTP {exc.code} {_one_line(exc.reason)}") from None
    except http.client.IncompleteRead as exc:
        raise UserError(f"cannot fetch {url}: the page arrived incomplete ({len(exc.partial)} bytes"
                        + (f" of {len(exc.partial) + exc.expected})" if exc.expected else ")")) from None
    except http.client.HTTPException as exc:  # BadStatusLine, a broken chunk…
        raise UserError(f"cannot fetch {url}: not a valid HTTP response ({type(exc).__name__})") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise UserError(f"cannot fetch {url}: {_one_line(getattr(exc, 'reason', exc))}") from None


def _require_web_address(url: str) -> None:
    if not is_web_address(url):
        raise UserError(f"not an http(s) URL: {url!r}")


def _read(response: http.client.HTTPResponse, url: str, until: float, deadline: float) -> bytes:
    """The body, at most :data:`MAX_BYTES`, by ``until`` (a :func:`time.monotonic` time)."""
    parts: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):
        parts.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise UserError(f"{url}: larger than {MAX_BYTES // 1024 // 1024} MB")
        if time.monotonic() > until:
            raise UserError(f"cannot fetch {url}: still downloading after {deadline:g} s ({size} bytes)")
    if response.length:  # the server said more than it sent, then closed
        raise http.client.IncompleteRead(b"".join(parts), response.length)
    return b"".join(parts)


def _one_line(reason: object) -> str:
    """urllib's reasons may span lines ("…infinite loop.\\nThe last 30x error message was:\\nFound")."""
    return " ".join(str(reason).split())


@dataclass
class PoliteFetcher:
    """``fetch`` for a command that sends several requests to a site (``sources discover``), as
    polite as a crawl: each site's robots.txt is read first (once), a URL it disallows for
    ``user_agent`` is not fetched (a :class:`UserError`, as a page that is not there), and requests
    to one site are spaced by its ``Crawl-delay`` (at most :data:`MAX_CRAWL_DELAY`), else by
    ``delay`` seconds; ``announce`` is told once per site when its Crawl-delay is longer (the
    command is waiting, not stuck). A robots.txt that does not answer forbids nothing. ``fetch``
    (a test's): by default :func:`fetch` as ``user_agent``, the one the robots.txt rules are read for."""

    fetch: Callable[[str], Fetched] | None = None
    user_agent: str = DEFAULT_USER_AGENT
    delay: float = POLITE_DELAY
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    announce: Callable[[str], None] | None = None
    _robots: dict[str, tuple[Fetched | None, urllib.robotparser.RobotFileParser]] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _said: set[str] = field(default_factory=set)

    def __call__(self, url: str) -> Fetched:
        _require_web_address(url)  # before urlsplit, which raises on some malformed addresses
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}".lower()
        robots_url = f"{site}/robots.txt"
        if site not in self._robots:
            self._robots[site] = self._read_robots(site, robots_url)
        answer, rules = self._robots[site]
        if url.lower() == robots_url:  # already fetched, or not there
            if answer is None:
                raise UserError(f"{url}: not found")
            return answer
        if not rules.can_fetch(self.user_agent, url):
            raise UserError(f"{url}: not fetched, robots.txt forbids it")
        self._wait(site, rules)
        return self._get(url)

    def _read_robots(self, site: str, robots_url: str) -> tuple[Fetched | None, urllib.robotparser.RobotFileParser]:
        rules = urllib.robotparser.RobotFileParser(robots_url)
        self._wait(site, None)
        try:
            answer: Fetched | None = self._get(robots_url)
        except UserError:
            answer = None
        rules.parse(answer.body.decode("utf-8", "replace").splitlines() if answer else [])
        return answer, rules

    def _get(self, url: str) -> Fetched:
        return self.fetch(url) if self.fetch is not None else fetch(url, user_agent=self.user_agent)

    def _wait(self, site: str, rules: urllib.robotparser.RobotFileParser | None) -> None:
        """Wait until the site's delay has passed since the last request to it."""
        asked = rules.crawl_delay(self.user_agent) if rules is not None else None
        delay = min(float(asked), MAX_CRAWL_DELAY) if asked is not None else self.delay
        if asked is not None and delay > self.delay and self.announce is not None and site not in self._said:
            self._said.add(site)
            self.announce(f"{site}: robots.txt asks for {float(asked):g} s between requests; waiting "
                          + (f"{delay:g} s (at most {MAX_CRAWL_DELAY:g} here)" if delay < float(asked) else f"{delay:g} s")
                          + " before each")
        if site in self._last:
            remaining = self._last[site] + delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last[site] = self.clock()
