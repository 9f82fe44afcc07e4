"""One-off fetches (``extract URL``, ``sources discover``) against a misbehaving local server:
each problem is one clear line, never a traceback or a page silently cut short."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline import fetch as fetching
from pipeline.errors import UserError
from pipeline.fetch import fetch

PAGE = b"<html><body><p>" + b"A whole page. " * 40 + b"</p></body></html>"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path
        if path == "/page":
            self._head(200, len(PAGE))
            self.wfile.write(PAGE)
        elif path == "/garbage":  # no HTTP at all
            self.wfile.write(b"HELLO THIS IS NOT HTTP\r\n\r\n")
        elif path == "/short":  # promises more than it sends, then closes
            self._head(200, len(PAGE) + 5000)
            self.wfile.write(PAGE)
        elif path in ("/loop", "/loop2"):
            self.send_response(302)
            self.send_header("Location", "/loop2" if path == "/loop" else "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/trickle":  # a few bytes now and then, for ever
            self._head(200, 10_000_000)
            try:
                for _ in range(100):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
        elif path == "/huge":
            self._head(200, fetching.MAX_BYTES + 100_000)
            try:
                for _ in range(fetching.MAX_BYTES // 65536 + 2):
                    self.wfile.write(b"x" * 65536)
            except OSError:
                pass
        self.close_connection = True

    def _head(self, status: int, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(length))
        self.end_headers()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_whole_page_is_fetched(base: str) -> None:
    fetched = fetch(f"{base}/page")
    assert (fetched.status, fetched.body, fetched.content_type) == (200, PAGE, "text/html; charset=utf-8")


@pytest.mark.parametrize(("path", "message"), [
    ("/garbage", "not a valid HTTP response"),
    ("/short", rf"the page arrived incomplete \({len(PAGE)} bytes of {len(PAGE) + 5000}\)"),
    ("/loop", "its redirects go round in a loop"),
    ("/huge", "larger than 10 MB"),
])
def test_a_broken_answer_is_one_clear_line(base: str, path: str, message: str) -> None:
    with pytest.raises(UserError, match=message) as caught:
        fetch(f"{base}{path}")
    assert "\n" not in str(caught.value)


def test_a_page_that_never_finishes_arriving_is_given_up_at_the_deadline(base: str) -> None:
    with pytest.raises(UserError, match=r"still downloading after 0\.5 s"):
        fetch(f"{base}/trickle", timeout=5, deadline=0.5)
