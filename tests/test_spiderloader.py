"""`scrapy list` / `scrapy check` through the catalogue spider loader (subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


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


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["kdramadaily", "seoulscreen", "streambeat", "dorama_jp"])
def test_scrapy_check_contracts_pass_on_the_fixture_web(slug: str, sample_catalogue: Path, tmp_path: Path) -> None:
    result = scrapy("check", slug, "-s", "CASTWIRE_IGNORE_SITEMAP_AGE=True", "-s", "DOWNLOAD_DELAY=0",
                    catalogue=sample_catalogue, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "OK" in result.stderr
    assert "Ran 0 contracts" not in result.stderr
