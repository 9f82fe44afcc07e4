from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import Response

from pipeline.config import DEFAULT_USER_AGENT
from scrapers.middlewares import (
    RedirectLoop,
    RedirectLoopMiddleware,
    TooManyRedirects,
    retry_after_seconds,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Tue, 24 Nov 2026 12:01:30 GMT", 90.0),
        ("Tue, 24 Nov 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_header_values(header: str | None, expected: float | None) -> None:
    assert retry_after_seconds(header, NOW) == expected


def test_redirect_back_to_a_visited_url_is_a_counted_loop() -> None:
    middleware = RedirectLoopMiddleware()
    first = Request("http://x.test/a", meta={"castwire_kind": "article"})
    onward = Response("http://x.test/a", status=302, headers={"Location": "/b"}, request=first)
    assert middleware.process_response(first, onward) is onward
    second = Request("http://x.test/b", meta={"redirect_urls": ["http://x.test/a"]})
    back = Response("http://x.test/b", status=301, headers={"Location": "http://x.test/a"}, request=second)
    with pytest.raises(RedirectLoop, match="redirect loop"):
        middleware.process_response(second, back)
    handled = Request("http://x.test/b", meta={"redirect_urls": ["http://x.test/a"], "handle_httpstatus_list": [301]})
    assert middleware.process_response(handled, back) is back
    self_redirect = Response("http://x.test/c", status=302, headers={"Location": "http://x.test/c"},
                             request=Request("http://x.test/c"))
    with pytest.raises(RedirectLoop):
        middleware.process_response(Request("http://x.test/c"), self_redirect)


def test_a_redirect_chain_longer_than_the_limit_is_too_many_redirects() -> None:
    middleware = RedirectLoopMiddleware(max_times=2)
    chain = ["http://x.test/r1", "http://x.test/r2"]
    last = Request("http://x.test/r3", meta={"redirect_urls": chain, "redirect_times": 2})
    onward = Response("http://x.test/r3", status=302, headers={"Location": "/r4"}, request=last)
    with pytest.raises(TooManyRedirects, match="more than 2 redirects .* from http://x.test/r3 to http://x.test/r4"):
        middleware.process_response(last, onward)
    within = Request("http://x.test/r2", meta={"redirect_urls": chain[:1], "redirect_times": 1})
    assert middleware.process_response(within, onward) is onward


def test_backoff_doubles_from_the_base_up_to_the_cap() -> None:
    from scrapy.settings import Settings as ScrapySettings

    from scrapers.middlewares import BackoffRetryMiddleware

    middleware = BackoffRetryMiddleware(ScrapySettings({"CASTWIRE_RETRY_BACKOFF": 2.0,
                                                        "CASTWIRE_RETRY_BACKOFF_MAX": 10.0}))
    for retry, low in ((1, 2.0), (2, 4.0), (3, 8.0), (4, 10.0), (9, 10.0)):
        waits = [middleware.backoff_seconds(retry) for _ in range(50)]
        assert all(low <= wait <= low * 1.5 for wait in waits), (retry, min(waits), max(waits))


def test_production_settings_are_polite_and_closed() -> None:
    from scrapy.settings import Settings as ScrapySettings

    settings = ScrapySettings()
    settings.setmodule("scrapers.settings", priority="project")
    assert settings["USER_AGENT"].startswith("castwire/") and "+https://" in settings["USER_AGENT"]
    assert settings["USER_AGENT"] == DEFAULT_USER_AGENT  # `castwire extract URL` / `sources discover` say the same
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") in (1, 2)
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1 and settings.getfloat("DOWNLOAD_DELAY_JITTER") > 0
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 16 * 1024 * 1024
    assert 0 < settings.getint("REDIRECT_MAX_TIMES") <= 10 and settings.getint("DOWNLOAD_TIMEOUT") <= 60
    assert settings.getbool("RETRY_ENABLED") and {500, 503, 429} <= set(settings.getlist("RETRY_HTTP_CODES"))
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False and settings.getbool("TELNETCONSOLE_ENABLED") is False
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert "scrapers.middlewares.BackoffRetryMiddleware" in middlewares
    assert settings.getdict("EXTENSIONS")["scrapers.extensions.RobotsCrawlDelay"] > 0  # after AutoThrottle (0)
