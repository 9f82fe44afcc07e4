"""Does ingesting an article cost the same with 10k and with 1M stored articles?

    python bench/scale.py --db sqlite|postgresql --sizes 10000,1000000 [--batch 150]

For each size: a fresh database is filled in bulk (executemany, one transaction
per 20k rows) with synthetic articles spread over five years, their LSH band
keys (article_bands), stories and story keys (story_keys) — what real ingestion
would have stored. Then a batch of new articles (the dev story set, under new
URLs) is ingested one transaction per article through
pipeline.ingest.ingest_in_session (normalise → classify → entities → upsert →
dedup → story; no extraction) and the per-article time is printed, with the
ratio between the largest and the smallest size (target ≤ 1.3) and the
absolute rate (target ≥ 300 articles/s).

PostgreSQL: the URL comes from --url or CASTWIRE_TEST_DATABASE_URL; each size
runs in a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from db_fixtures import ingest_record, load_records  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from pipeline import dedup, stories  # noqa: E402
from storage.db import open_database, session_factory, transaction  # noqa: E402
from storage.models import Article, ArticleBand, Source, Story, StoryKey  # noqa: E402

CHUNK = 20_000
START = datetime(2021, 1, 1, tzinfo=UTC)
SPAN_DAYS = 5 * 365


def fill(engine, size: int, seed: int = 1) -> None:  # noqa: ANN001
    """Bulk-insert ``size`` synthetic articles with bands, one story per 4 articles, keys."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(insert(Source.__table__), [{"id": 1, "slug": "synthetic", "name": "Synthetic",
                                                       "homepage": "https://synthetic.example/",
                                                       "language": "en", "created_at": now}])
    for start in range(0, size, CHUNK):
        ids = range(start + 1, min(start + CHUNK, size) + 1)
        articles, bands, story_rows, keys = [], [], [], []
        for article_id in ids:
            story_id = (article_id + 3) // 4
            when = START + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
            show = f"synthetic show {rng.randrange(size // 8 + 1)}"
            articles.append({
                "id": article_id, "source_id": 1, "url_key": f"synthetic.example/a/{article_id}",
                "url": f"https://synthetic.example/a/{article_id}", "canonical_url": f"https://synthetic.example/a/{article_id}",
                "title": f"Synthetic article {article_id}", "body": "", "authors": [], "tags": [],
                "published_at": when, "fetched_at": when, "language": "en", "provenance": {},
                "content_hash": f"{rng.getrandbits(128):032x}{article_id:032x}", "version": 1,
                "category": "casting", "category_cues": [], "event_keys": {"shows": {show: show}, "subject": [show],
                                                                           "people": {}, "platforms": {}},
                "story_id": None, "updated_at": now,
            })
            bands.extend({"article_id": article_id, "band": f"b{b}:{rng.getrandbits(48):012x}"}
                         for b in range(dedup.BANDS))
            if article_id % 4 == 1:
                story_rows.append({"id": story_id, "title": show, "category": "casting", "show": show,
                                   "show_key": show, "platforms": [], "people": [], "first_published_at": when,
                                   "last_published_at": when, "article_count": 4, "source_count": 1,
                                   "updated_at": now})
                features = stories.Features(article_id, "", "casting", when, frozenset({show}),
                                            frozenset({show}), frozenset(), frozenset(), None)
                keys.extend({"key": key, "story_id": story_id} for key in stories.stored_keys(features))
            articles[-1]["story_id"] = story_id
        with engine.begin() as connection:
            connection.execute(insert(Story.__table__), story_rows)
            connection.execute(insert(Article.__table__), articles)
            connection.execute(insert(ArticleBand.__table__), bands)
            connection.execute(insert(StoryKey.__table__), keys)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in ("articles", "article_bands", "stories", "story_keys"):
                connection.execute(text(f"ANALYZE {table}"))
            connection.execute(text("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))"))
            connection.execute(text("SELECT setval(pg_get_serial_sequence('stories', 'id'), (SELECT max(id) FROM stories))"))
            connection.execute(text("SELECT setval(pg_get_serial_sequence('sources', 'id'), 1)"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def measure(engine, batch: int, tag: str) -> float:  # noqa: ANN001
    """Articles per second ingesting ``batch`` dev articles (new URLs) one transaction each."""
    records = load_records("dev")[:batch]
    sessions = session_factory(engine)
    started = time.perf_counter()
    for record in records:
        fresh = {**record, "url": record["url"] + f"?run={tag}"}
        fresh["url"] = fresh["url"].replace("https://", f"https://{tag}.")
        with transaction(sessions) as session:
            ingest_record(session, fresh)
    return len(records) / (time.perf_counter() - started)


def run_size(kind: str, url: str | None, size: int, batch: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        target, cleanup = _database(kind, url, folder)
        try:
            engine = open_database(target)
            started = time.perf_counter()
            fill(engine, size)
            filled = time.perf_counter() - started
            rate = measure(engine, batch, f"s{size}")
            engine.dispose()
        finally:
            cleanup()
    return filled, rate


def _database(kind: str, url: str | None, folder: str):  # noqa: ANN202
    if kind == "sqlite":
        return f"sqlite:///{folder}/scale.sqlite", lambda: None
    admin_url = make_url(url or os.environ["CASTWIRE_TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg")
    schema = f"scale_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    target = admin_url.update_query_dict({"options": f"-csearch_path={schema}"})
    return target.render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url", help="PostgreSQL URL (default: $CASTWIRE_TEST_DATABASE_URL)")
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--batch", type=int, default=150, help="new articles ingested per size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rates = {}
    for size in sizes:
        filled, rate = run_size(args.db, args.url, size, args.batch)
        rates[size] = rate
        print(f"{args.db} size={size:>9,} filled in {filled:6.1f}s  ingest {rate:6.1f} articles/s "
              f"({1000 / rate:.1f} ms/article)", flush=True)
    small, large = min(sizes), max(sizes)
    print(f"time ratio {large:,}/{small:,} = {rates[small] / rates[large]:.2f}  (target <= 1.3); "
          f"slowest rate {min(rates.values()):.0f} articles/s (target >= 300)")


if __name__ == "__main__":
    main()
