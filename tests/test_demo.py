"""The offline demo end to end, and the packaging of its data."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_demo_prints_a_digest_with_a_story_from_two_outlets(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()", "demo", "--dir", str(tmp_path / "demo"),
         "--format", "md"],
        capture_output=True, text=True, timeout=240, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    digest = result.stdout
    assert digest.startswith("# castwire digest")
    outlets = [int(n) for n in re.findall(r"^Sources \((\d+) independent outlets?\):", digest, re.M)]
    assert outlets and max(outlets) >= 2
    assert "Midnight Confection" in digest
    assert "No crawl ran" not in digest  # its crawls ran today, after the sample news: not a dead crawler
    assert "kdramadaily: ok" in result.stderr or "kdramadaily: partial" in result.stderr
    # The command the demo suggests for exploring the database it kept lists the same stories.
    suggested = re.search(r"^  castwire (--db .+ stories)$", result.stderr, re.M)
    assert suggested, result.stderr[-2000:]
    listed = subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()", *shlex.split(suggested.group(1))],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env={**os.environ, "COLUMNS": "200"},
    )
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert "Midnight Confection" in listed.stdout
    # ... and with status in its place, the health of the demo's own four outlets
    status = subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()",
         *shlex.split(suggested.group(1).removesuffix(" stories")), "status", "--json"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert status.returncode == 0, status.stderr[-2000:]
    health = {row["source"]: row["verdict"] for row in json.loads(status.stdout)["sources"]}
    assert health == dict.fromkeys(("seoulscreen", "kdramadaily", "dorama_jp", "streambeat"), "ok")


def test_wheel_ships_templates_catalogue_migrations_and_sample_web(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, timeout=180, capture_output=True)
    wheel = next(tmp_path.glob("castwire-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("pipeline/data/sources.toml", "pipeline/templates/digest.html.j2",
                     "pipeline/sample_web/sources.toml", "pipeline/sample_web/site/robots.txt",
                     "storage/migrations/env.py", "storage/migrations/versions/0001_initial_schema.py",
                     "scrapers/settings.py"):
        assert required in names, required
    assert any(n.startswith("pipeline/sample_web/site/kdramadaily/2026/") for n in names)
    assert not any(n.startswith("tests/") for n in names)


@pytest.mark.parametrize("taken", ["castwire.sqlite", "sources.toml"])
def test_demo_refuses_a_folder_holding_someone_elses_database_or_catalogue(tmp_path: Path, taken: str) -> None:
    """`demo --dir` pointed at a real data folder deleted its database without a word."""
    from pipeline.demo import run_demo
    from pipeline.errors import UserError

    (tmp_path / taken).write_text("not the demo's", "utf-8")
    with pytest.raises(UserError, match=f"already holds {taken}, which the demo did not make"):
        run_demo(tmp_path)
    assert (tmp_path / taken).read_text("utf-8") == "not the demo's"
