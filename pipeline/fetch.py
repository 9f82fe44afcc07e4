"""One-off HTTP fetches for interactive commands (``extract URL``, ``sources discover``).

Crawls never use this: they go through Scrapy with its politeness settings.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from pipeline.config import DEFAULT_USER_AGENT
from pipeline.errors import UserError
from pipeline.normalise import is_web_address

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


def fetch(url: str, timeout: float = 20.0, *, user_agent: str = DEFAULT_USER_AGENT) -> Fetched:
    """GET ``url`` as ``user_agent``; network problems become a :class:`UserError` with one clear line."""
    if not is_web_address(url):
        raise UserError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http only)
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise UserError(f"{url}: larger than {MAX_BYTES // 1024 // 1024} MB")
            return Fetched(response.geturl(), response.status,
                           response.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as exc:
        raise UserError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(f"cannot fetch {url}: {reason}") from None
