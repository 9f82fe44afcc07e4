"""bench/feeds.py: entries per feed file, a clean skip without the data, exit 1 on a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "bench" / "feeds.py"
SITES = Path(__file__).parent / "fixtures" / "sites"


def run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(folder)], capture_output=True, text=True, timeout=120)


def test_reports_entries_per_file(tmp_path: Path) -> None:
    (tmp_path / "rss").mkdir()
    (tmp_path / "rss" / "soompi.xml").write_bytes((SITES / "soompi" / "feed").read_bytes())
    (tmp_path / "oricon.rdf").write_bytes((SITES / "oricon" / "rss" / "news_total.xml").read_bytes())
    (tmp_path / "page.html").write_text("<!DOCTYPE html><html><body>not a feed</body></html>")
    (tmp_path / "LICENSE").write_text("MIT")  # not a feed: not read
    result = run(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[:3] == ["4", "rss", "rss20"] and line.endswith("rss/soompi.xml") for line in lines)
    assert any(line.split()[:3] == ["3", "rss", "rss10"] and line.endswith("oricon.rdf") for line in lines)
    assert any(line.split()[:2] == ["0", "html"] and "not a feed: HTML received" in line for line in lines)
    assert lines[-1].startswith("3 files, 7 entries, 1 with problems, 0 crashed")


def test_absent_folder_is_skipped_cleanly(tmp_path: Path) -> None:
    result = run(tmp_path / "no-such-folder")
    assert result.returncode == 0
    assert result.stdout.startswith("no feed folder at ")


def test_a_crash_is_reported_and_fails_the_run(tmp_path: Path) -> None:
    """A parser crash (a parse_feed patched to raise) is reported with its traceback and counted."""
    (tmp_path / "a.xml").write_bytes((SITES / "soompi" / "feed").read_bytes())
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import pipeline.discovery as d\n"
        "def boom(*args, **kwargs):\n"
        "    raise RuntimeError('parser bug')\n"
        "d.parse_feed = boom\n")
    env_path = f"{shim}:{SCRIPT.parent.parent}"
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)],
                            capture_output=True, text=True, timeout=120, env={"PYTHONPATH": env_path})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CRASH a.xml" in result.stdout and "RuntimeError: parser bug" in result.stdout
    assert ", 1 crashed" in result.stdout.splitlines()[-1]
