from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import Response

from scrapers.middlewares import RedirectLoop, RedirectLoopMiddleware, retry_after_seconds

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
