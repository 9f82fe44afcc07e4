"""A small static web server for the offline demo, tests and benchmarks.

Serves a folder on 127.0.0.1 with a threaded server and a large listen backlog
(``http.server``'s default of 5 stalls Scrapy), substituting ``{{BASE}}`` in
text files with the server's own base URL so fixture pages can use absolute links.

Fixture sites mirror real URL layouts, so files without a suffix (``/feed``,
``/article/123/slug``) are served as text with a content type sniffed from
their first bytes, a directory without ``index.html`` falls back to
``index.xml`` (``/feed/``), ``.php`` pages are HTML, and a file that is not
valid UTF-8 (an EUC-KR or Shift_JIS page) is sent without a ``charset``
parameter so the client reads the page's own declaration.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PLACEHOLDER = b"{{BASE}}"
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".toml", ".rss", ".atom", ".php", ""}
INDEX_FILES = ("index.html", "index.xml")
_XML_START = re.compile(rb"\A\s*<(?:\?xml|rss|feed|rdf:RDF|urlset|sitemapindex)\b")


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True


class FixtureHandler(SimpleHTTPRequestHandler):
    """Static files with ``{{BASE}}`` substitution; quiet logs."""

    base_url = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        return

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = next((path / name for name in INDEX_FILES if (path / name).is_file()),
                        path / INDEX_FILES[0])
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            return super().send_head()
        body = path.read_bytes().replace(PLACEHOLDER, self.base_url.encode())
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", _content_type(self.guess_type(str(path)), path.suffix, body))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _BytesReader(body)

    def guess_type(self, path: str) -> str:  # type: ignore[override]
        if path.endswith(".xml"):
            return "application/xml"
        guessed = super().guess_type(path)
        if guessed.startswith("text/"):
            return f"{guessed}; charset=utf-8"
        return guessed


def _content_type(guessed: str, suffix: str, body: bytes) -> str:
    """The guessed type, sniffed for suffix-less files; no utf-8 charset on non-UTF-8 text."""
    if suffix == "":
        if _XML_START.match(body):
            guessed = "application/xml"
        elif body.lstrip().startswith((b"{", b"[")):
            guessed = "application/json"
        else:
            guessed = "text/html; charset=utf-8"
    elif suffix == ".php":
        guessed = "text/html; charset=utf-8"
    if guessed.endswith("; charset=utf-8"):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return guessed.removesuffix("; charset=utf-8")
    return guessed


class _BytesReader:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def read(self, _size: int = -1) -> bytes:
        body, self.body = self.body, b""
        return body

    def close(self) -> None:
        return


@contextmanager
def serve_folder(root: Path, host: str = "127.0.0.1", port: int = 0,
                 handler_class: type[FixtureHandler] = FixtureHandler) -> Iterator[str]:
    """Serve ``root`` in a background thread; yields the base URL (no trailing slash)."""
    handler = type("BoundFixtureHandler", (handler_class,), {})
    server = FixtureServer((host, port), partial(handler, directory=str(root)))
    handler.base_url = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="castwire-webserver", daemon=True)
    thread.start()
    try:
        yield handler.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
