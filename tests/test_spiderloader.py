"""`scrapy list` / `scrapy check` through the catalogue spider loader (subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.sources import load_catalogue

SITES = Path(__file__).parent / "fixtures" / "sites"


def scrapy(*args: str, catalogue: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASTWIRE_SOURCES": str(catalogue), "SCRAPY_SETTINGS_MODULE": "scrapers.settings",
           "CASTWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    return subprocess.run([sys.executable, "-m", "scrapy", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=tmp_path)


def test_scrapy_list_shows_one_spider_per_source(sample_catalogue: Path, tmp_path: Path) -> None:
    result = scrapy("list", catalogue=sample_catalogue, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["dorama_jp", "kdramadaily", "seoulscreen", "streambeat"]


def test_default_catalogue_spiders_are_listed(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CASTWIRE_SOURCES"}
    result = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True,
                            env={**env, "SCRAPY_SETTINGS_MODULE": "scrapers.settings"}, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {"soompi", "allkpop", "variety", "natalie"} <= set(result.stdout.split())


def test_python_m_scrapers_lists_the_spiders_from_any_folder(sample_catalogue: Path, tmp_path: Path) -> None:
    """After `pip install .` there is no scrapy.cfg: `python -m scrapers list` outside the source
    checkout said "no active project"."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-m", "scrapers", "list"], capture_output=True, text=True,
                            env={**env, "CASTWIRE_SOURCES": str(sample_catalogue)}, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["dorama_jp", "kdramadaily", "seoulscreen", "streambeat"]


def fixture_catalogue(base: str, folder: Path) -> Path:
    """The default catalogue moved onto the fixture web (tests/fixtures/sites/catalogue.toml)."""
    path = folder / "catalogue.toml"
    path.write_text((SITES / "catalogue.toml").read_text("utf-8").replace("{{BASE}}", base), "utf-8")
    return path


CHECK = ("check", "-v", "-s", "CASTWIRE_IGNORE_SITEMAP_AGE=True", "-s", "DOWNLOAD_DELAY=0",
         "-s", "AUTOTHROTTLE_ENABLED=False")


def expected_contracts(catalogue: Path) -> int:
    """Contracts ``scrapy check`` must run: 2 per index callback a source has a URL for, 3 for parse_article."""
    total = 0
    for source in load_catalogue(catalogue).sources.values():
        kinds = [bool(source.feeds), bool(source.sitemaps), source.listing is not None, source.robots_sitemaps]
        total += 2 * sum(kinds) + 3
    return total


@pytest.mark.slow
def test_scrapy_check_contracts_pass_on_the_fixture_web(fixture_web: str, tmp_path: Path) -> None:
    """Every callback of every default source's spider, against its fixture site (one process)."""
    catalogue = fixture_catalogue(fixture_web, tmp_path)
    result = scrapy(*CHECK, catalogue=catalogue, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Ran {expected_contracts(catalogue)} contracts" in result.stderr
    assert result.stderr.rstrip().endswith("OK")
    for callback in ("parse_feed", "parse_sitemap", "parse_listing", "parse_robots", "parse_article"):
        assert f"] {callback} (@returns post-hook) ... ok" in result.stderr, callback


@pytest.mark.slow
def test_scrapy_check_contracts_pass_on_the_demo_web(sample_catalogue: Path, tmp_path: Path) -> None:
    result = scrapy(*CHECK, catalogue=sample_catalogue, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Ran {expected_contracts(sample_catalogue)} contracts" in result.stderr
    assert result.stderr.rstrip().endswith("OK")


@pytest.mark.slow
def test_scrapy_check_fails_when_a_callback_finds_nothing(fixture_web: str, tmp_path: Path) -> None:
    """The contracts can fail: a feed URL that answers with an HTML page yields no request."""
    catalogue = fixture_catalogue(fixture_web, tmp_path)
    text = catalogue.read_text("utf-8").replace(f"{fixture_web}/soompi/feed", f"{fixture_web}/soompi/")
    catalogue.write_text(text, "utf-8")
    result = scrapy(*CHECK, "soompi", catalogue=catalogue, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "FAIL: [soompi] parse_feed (@returns post-hook)" in result.stderr
