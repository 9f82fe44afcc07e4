"""Per-source spider tests: every default source crawled against its fixture site.

``tests/fixtures/sites/<slug>/`` models the source's real feed/sitemap/listing
and article markup; ``tests/fixtures/sites/catalogue.toml`` is the default
catalogue with its URLs moved under the local fixture server. All sources are
crawled once per module, in ``python -m scrapy crawl`` subprocesses (two at a
time) into one fresh SQLite database; each slug's test then compares its crawl
run and stored articles with ``tests/fixtures/sites/<slug>/expected.json``.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pipeline.config import Settings
from pipeline.crawl import run_crawls
from pipeline.sources import load_catalogue
from storage.db import open_database, session_factory, transaction
from storage.models import Article, CrawlRun
from storage.models import Source as SourceRow

pytestmark = pytest.mark.slow

SITES = Path(__file__).parent / "fixtures" / "sites"
DEFAULT_CATALOGUE = Path(__file__).parent.parent / "pipeline" / "data" / "sources.toml"
SLUGS = sorted(tomllib.loads(DEFAULT_CATALOGUE.read_text("utf-8")))
# Production settings minus politeness delays. Extraction runs in a thread
# (0 workers) here: the process-pool path is covered by test_crawl.py, and a
# worker process per crawl would double the start-up cost of 18 crawls.
LOCAL = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CASTWIRE_IGNORE_SITEMAP_AGE=True",
         "CASTWIRE_EXTRACT_WORKERS=0")


@dataclass(frozen=True)
class SiteCrawl:
    base: str
    runs: dict[str, CrawlRun]
    articles: dict[str, dict[str, dict[str, Any]]]  # slug -> path -> fields
    reruns: dict[str, CrawlRun]  # the second crawl of each source, right after the first


def fixture_catalogue(base: str, folder: Path) -> Path:
    path = folder / "catalogue.toml"
    path.write_text((SITES / "catalogue.toml").read_text("utf-8").replace("{{BASE}}", base), "utf-8")
    return path


@pytest.fixture(scope="module")
def crawled(fixture_web: str, tmp_path_factory: pytest.TempPathFactory) -> SiteCrawl:
    folder = tmp_path_factory.mktemp("spiders")
    catalogue = fixture_catalogue(fixture_web, folder)
    settings = Settings(database_url=f"sqlite:///{folder / 'castwire.sqlite'}", sources_file=catalogue,
                        max_crawls=2)
    engine = open_database(settings.database_url)
    sessions = session_factory(engine)
    sources = list(load_catalogue(catalogue).sources.values())
    run_crawls(settings, sessions, sources, log_dir=folder, extra_settings=LOCAL)
    articles: dict[str, dict[str, dict[str, Any]]] = {slug: {} for slug in SLUGS}
    with transaction(sessions) as session:
        runs = {run.source_slug: run for run in session.execute(select(CrawlRun)).scalars()}
        for article, slug in session.execute(
            select(Article, SourceRow.slug).join(SourceRow, Article.source_id == SourceRow.id)
        ).all():
            articles[slug][article.url.removeprefix(fixture_web)] = {
                "title": article.title,
                "published_day": article.published_at.date().isoformat() if article.published_at else None,
                "published_utc": article.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
                if article.published_at else None,
                "language": article.language,
                "authors": list(article.authors),
            }
        session.expunge_all()
    (folder / "second").mkdir()
    run_crawls(settings, sessions, sources, log_dir=folder / "second", extra_settings=LOCAL)
    with transaction(sessions) as session:
        reruns = {run.source_slug: run for run in session.execute(select(CrawlRun)).scalars()
                  if run.id != runs[run.source_slug].id}
        session.expunge_all()
    engine.dispose()
    return SiteCrawl(fixture_web, runs, articles, reruns)


def test_fixture_catalogue_mirrors_the_default_catalogue() -> None:
    default = tomllib.loads(DEFAULT_CATALOGUE.read_text("utf-8"))
    fixture = tomllib.loads((SITES / "catalogue.toml").read_text("utf-8"))
    assert sorted(fixture) == SLUGS
    for slug in SLUGS:
        real, local = default[slug], fixture[slug]
        for key in ("name", "language", "timezone", "deny", "topics", "robots_sitemaps", "interval"):
            assert local.get(key) == real.get(key), (slug, key)
        for key in ("feeds", "sitemaps"):
            assert len(local.get(key, [])) == len(real.get(key, [])), (slug, key)
            assert all(url.startswith(f"{{{{BASE}}}}/{slug}/") for url in local.get(key, [])), (slug, key)
        assert local["homepage"].startswith(f"{{{{BASE}}}}/{slug}/"), slug
        assert ("listing" in local) == ("listing" in real), slug
        assert bool(local.get("allow")) == bool(real.get("allow")) or slug == "kakkoiidramas", slug
        assert (SITES / slug / "expected.json").is_file(), slug


@pytest.mark.parametrize("slug", SLUGS)
def test_spider(slug: str, crawled: SiteCrawl) -> None:
    expected = json.loads((SITES / slug / "expected.json").read_text("utf-8"))
    run = crawled.runs[slug]
    stats = run.stats
    assert run.finished_at is not None
    assert run.http_errors == 0 and run.error is None, (run.error, stats)
    assert not [k for k in stats if k.startswith(("castwire/errors/", "castwire/feed_problems",
                                                   "castwire/sitemap_problems", "castwire/listing_problems"))]
    # discovery: entries read, URLs filtered by allow/deny, off-topic entries skipped before fetching
    # when the feed says enough (title + summary or categories), else dropped after extraction
    assert stats.get("castwire/feed_entries", 0) == expected["stats"]["feed_entries"]
    assert stats.get("castwire/urls_filtered", 0) == expected["stats"]["urls_filtered"]
    assert stats.get("castwire/urls_off_topic", 0) == expected["stats"]["urls_off_topic"]
    assert run.dropped == ({"off_topic": n} if (n := expected["stats"]["dropped/off_topic"]) else {})
    # what was fetched: the index documents, then exactly the articles not filtered out before fetching
    articles_fetched = len(expected["stored"]) + expected["stats"]["dropped/off_topic"]
    assert stats["castwire/pages_extracted"] == articles_fetched
    assert run.status == "ok"  # pages dropped as off topic are the topics filter at work, no problem
    # storage: exactly the expected article URLs, with the expected fields
    stored = crawled.articles[slug]
    assert sorted(stored) == sorted(expected["stored"])
    assert run.articles_new == len(expected["stored"])
    for path, fields in expected["stored"].items():
        assert stored[path] == fields, path


@pytest.mark.parametrize("slug", SLUGS)
def test_second_crawl_fetches_no_stored_article(slug: str, crawled: SiteCrawl) -> None:
    """Incremental: every stored article is recognised by its canonical URL key before it is fetched,
    and so is every page dropped after extraction (off topic when no feed hint could tell): nothing
    is fetched again."""
    expected = json.loads((SITES / slug / "expected.json").read_text("utf-8"))
    rerun = crawled.reruns[slug]
    assert rerun.status == "ok" or rerun.dropped, (rerun.status, rerun.error)
    assert rerun.articles_new == 0 and rerun.articles_updated == 0
    assert rerun.stats.get("castwire/pages_extracted", 0) == 0
    assert rerun.urls_already_stored >= len(expected["stored"]) + expected["stats"]["dropped/off_topic"]
