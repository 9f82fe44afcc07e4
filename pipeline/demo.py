"""The offline demo: serve the bundled sample web, crawl it, print the digest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy import func, select

from pipeline.config import Settings
from pipeline.crawl import CrawlOutcome, run_crawls
from pipeline.digest import Window, generate_digest
from pipeline.errors import UserError
from pipeline.sources import load_catalogue
from pipeline.webserver import serve_folder
from storage.db import open_database, session_factory, transaction
from storage.models import Story

# Local crawls of the sample web need no politeness delays.
FAST_LOCAL_CRAWL = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "CASTWIRE_IGNORE_SITEMAP_AGE=True",
    "CASTWIRE_EXTRACT_WORKERS=1",
    "LOG_LEVEL=INFO",
)


#: The file that says a folder's database and catalogue are the demo's own, to replace.
DEMO_MARK = ".castwire-demo"
_DEMO_FILES = ("castwire.sqlite", "sources.toml")
_DEMO_CATALOGUE = b"# Catalogue for `castwire demo`"


def _check_demo_folder(directory: Path) -> None:
    catalogue = directory / "sources.toml"
    if (directory / DEMO_MARK).exists() or catalogue.is_file() and catalogue.read_bytes().startswith(_DEMO_CATALOGUE):
        return  # (an earlier version's demo left no mark, but its catalogue)
    taken = [name for name in _DEMO_FILES if (directory / name).exists()]
    if taken:
        raise UserError(
            f"{directory} already holds {' and '.join(taken)}, which the demo did not make and would "
            "replace: give --dir an empty folder (or one an earlier demo made)"
        )


@dataclass(frozen=True)
class DemoResult:
    directory: Path
    database: Path  # the SQLite file the crawls stored into
    outcomes: list[CrawlOutcome]
    digest: str


def run_demo(
    directory: Path,
    *,
    fmt: str = "text",
    on_crawl_done: Callable[[CrawlOutcome], None] | None = None,
) -> DemoResult:
    """Crawl the sample web into a fresh SQLite database in ``directory``: one an earlier demo
    made there is replaced, anyone else's database or catalogue is refused (a UserError)."""
    _check_demo_folder(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / DEMO_MARK).write_text("made by castwire demo: its database is replaced on every run\n", "utf-8")
    with (
        resources.as_file(resources.files("pipeline") / "sample_web") as sample,
        serve_folder(sample / "site") as base,
    ):
        catalogue_file = directory / "sources.toml"
        catalogue_file.write_text(
            (sample / "sources.toml").read_text("utf-8").replace("{{BASE}}", base), "utf-8"
        )
        database = directory / "castwire.sqlite"
        database.unlink(missing_ok=True)
        settings = Settings(database_url=f"sqlite:///{database}", sources_file=catalogue_file,
                            max_crawls=2, crawl_timeout=300)
        sessions = session_factory(open_database(settings.database_url))
        catalogue = load_catalogue(catalogue_file)
        outcomes = run_crawls(
            settings, sessions, list(catalogue.sources.values()), log_dir=directory,
            extra_settings=FAST_LOCAL_CRAWL, on_done=on_crawl_done,
        )
    with transaction(sessions) as session:
        first, last = session.execute(
            select(func.min(Story.first_published_at), func.max(Story.last_published_at))
        ).one()
        if first is None:
            return DemoResult(directory, database, outcomes,
                              f"No stories were stored: see the crawl logs in {directory}.\n")
        window = Window(first, last + timedelta(seconds=1), "UTC")
        text = generate_digest(session, window, fmt)
    return DemoResult(directory, database, outcomes, text)
