"""The HTML digest in a real browser: headless Chromium renders it, logs no console
message, and a story title carrying markup shows as text with nothing executed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from story_factory import T0, article, source, story

from pipeline.digest import build_digest, day_window, render
from storage.db import transaction

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"]
PAYLOAD = ("<img src=x onerror=\"document.title='pwned-img';console.error('pwned-img')\"> "
           "<script>document.title='pwned-script';console.error('pwned-script')</script> Trailer drops")
CONSOLE = re.compile(r":CONSOLE[:(]")


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed (CI=true: .ci/run must install Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def dump_dom(chromium: str, page: Path, profile: Path) -> tuple[str, str]:
    """The DOM after load (scripts run) and Chromium's log."""
    result = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.title = ""
        self.text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)


def test_console_errors_are_detected(chromium: str, tmp_path: Path) -> None:
    """Control: the check below would see a script that ran."""
    page = tmp_path / "control.html"
    page.write_text("<!DOCTYPE html><title>t</title><script>console.error('boom');document.title='ran'</script>")
    dom, log = dump_dom(chromium, page, tmp_path / "profile")
    assert CONSOLE.search(log) and "<title>ran</title>" in dom


def test_html_digest_renders_and_executes_nothing(chromium: str, tmp_path: Path,
                                                  sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        outlet = source(session, "kdd", "K-Drama <Daily>")
        story_id = story(session, PAYLOAD, category="trailer", show="Night Owl", people=("Han Hyo-joo",))
        article(session, outlet, "kdd.example/owl", story_id=story_id, title=PAYLOAD, category="trailer",
                summary="<b>Bold</b> claim & <a href='javascript:alert(1)'>link</a>.", when=T0)
        html = render(build_digest(session, day_window(T0.date(), "UTC")), "html")
    page = tmp_path / "digest.html"
    page.write_text(html, encoding="utf-8")
    dom, log = dump_dom(chromium, page, tmp_path / "profile")
    parsed = _Page()
    parsed.feed(dom)
    assert parsed.title == "castwire digest — 2026-11-20"  # no payload changed document.title
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not CONSOLE.search(log), [line for line in log.splitlines() if CONSOLE.search(line)]
    text = "".join(parsed.text)
    assert "<img src=x onerror=" in text and "<script>document.title='pwned-script'" in text
    assert "Trailer drops" in text and "K-Drama <Daily>" in text and "<b>Bold</b> claim &" in text
    assert "Night Owl" in text and "Han Hyo-joo" in text
