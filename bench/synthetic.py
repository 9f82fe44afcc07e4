"""Bulk-generate a synthetic castwire store (sources, stories, articles) fast.

SQLite: ``executemany`` on the raw DB-API connection; PostgreSQL: ``COPY``.
Used by ``bench/export.py`` and ``bench/digest.py``; not a test.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.db import open_database  # noqa: E402

SOURCES = 12
START = datetime(2024, 1, 1, tzinfo=UTC)
CATEGORIES = ("casting", "release", "trailer", "renewal", "production", "other")
PEOPLE = ["Han Hyo-joo", "Oguri Shun", "Park Seo-joon", "Kim Ji-won", "Yoon Seo-ah", "Kurosawa Ren",
          "Lee Min-ho", "Jung Hae-in", "Suzuki Ryohei", "Song Kang", "Bae Suzy", "Nagano Mei"]
PLATFORMS = ["Netflix", "tvN", "Disney+", "JTBC", "TBS", "Prime Video"]
WORDS = ["drama", "series", "cast", "lead", "role", "premiere", "filming", "streaming", "episode", "season", "romance", "thriller", "director", "writer", "network", "confirmed", "reportedly", "agency", "statement", "fans", "trailer", "poster"]
ARTICLE_COLUMNS = (
    "id", "source_id", "url_key", "url", "canonical_url", "title", "body", "summary", "authors", "tags",
    "published_at", "fetched_at", "language", "provenance", "content_hash", "version", "category",
    "category_cues", "event_keys", "story_id", "updated_at", "premiere_date", "premiere_precision",
)
STORY_COLUMNS = (
    "id", "title", "category", "show", "show_key", "platforms", "people", "summary", "premiere_date",
    "premiere_precision", "first_published_at", "last_published_at", "article_count", "source_count", "updated_at",
)


def _sqlite_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _rows(count: int, days: int, per_story: int, seed: int) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """("story", row) and ("article", row) tuples with Python values (aware datetimes)."""
    rng = random.Random(seed)
    body_words = [" ".join(rng.choice(WORDS) for _ in range(120)) for _ in range(64)]
    span = days * 86400
    story_id = 0
    article_id = 0
    while article_id < count:
        story_id += 1
        when = START + timedelta(seconds=rng.randrange(span))
        show = f"Show {story_id % 50000}"
        show_key = show.lower()
        people = rng.sample(PEOPLE, 2)
        platform = rng.choice(PLATFORMS)
        category = rng.choice(CATEGORIES)
        members = min(rng.randint(1, 2 * per_story - 1), count - article_id)
        premiere = (when + timedelta(days=rng.randint(3, 40))).date() if category == "release" else None
        title = f"{people[0]} and {people[1]} cast in {platform}'s {show}"
        keys = {"shows": {show_key: show}, "subject": [show_key],
                "people": {p.lower(): p for p in people}, "platforms": {platform.lower(): platform}}
        times = sorted(when + timedelta(minutes=rng.randrange(600)) for _ in range(members))
        yield "story", (story_id, title, category, show, show_key, [platform], people,
                        f"{title}. Filming starts next month.", premiere, "day" if premiere else None,
                        times[0], times[-1], members, members, times[-1])
        for moment in times:
            article_id += 1
            yield "article", (
                article_id, 1 + article_id % SOURCES, f"site{article_id % SOURCES}.example/a/{article_id}",
                f"https://site{article_id % SOURCES}.example/a/{article_id}?utm_source=x",
                f"https://site{article_id % SOURCES}.example/a/{article_id}",
                f"{title} (report {article_id})", body_words[article_id % 64], f"{title}. More to come.",
                ["Staff Writer"], ["kdrama", category], moment, moment + timedelta(minutes=5), "en", {"title": "jsonld"},
                f"{article_id:064x}", 1, category, [category], keys, story_id, moment, premiere,
                "day" if premiere else None,
            )


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return _sqlite_time(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def generate(url: str, count: int, *, days: int = 1095, per_story: int = 3, seed: int = 7,
             batch: int = 20_000) -> float:
    """Create a fresh store at ``url`` with ``count`` articles; returns seconds taken."""
    started = time.perf_counter()
    engine = open_database(url)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        now = datetime.now(UTC)
        sources = [(i, f"site{i % SOURCES}", f"Site {i}", f"https://site{i % SOURCES}.example/", "en", now)
                   for i in range(1, SOURCES + 1)]
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.executemany("INSERT INTO sources (id, slug, name, homepage, language, created_at) VALUES (?,?,?,?,?,?)",
                               [tuple(_sqlite_value(v) for v in row) for row in sources])
            article_sql = f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})"
            story_sql = f"INSERT INTO stories ({', '.join(STORY_COLUMNS)}) VALUES ({', '.join('?' * len(STORY_COLUMNS))})"
            pending: dict[str, list[tuple[Any, ...]]] = {"story": [], "article": []}
            for kind, row in _rows(count, days, per_story, seed):
                pending[kind].append(tuple(_sqlite_value(v) for v in row))
                if len(pending["article"]) >= batch:
                    cursor.executemany(story_sql, pending["story"])
                    cursor.executemany(article_sql, pending["article"])
                    pending = {"story": [], "article": []}
            cursor.executemany(story_sql, pending["story"])
            cursor.executemany(article_sql, pending["article"])
            raw.commit()
            cursor.execute("ANALYZE")
        else:
            _postgres_copy(raw, cursor, sources, count, days, per_story, seed)
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    return time.perf_counter() - started


def _postgres_copy(raw: Any, cursor: Any, sources: list[tuple[Any, ...]], count: int, days: int,
                   per_story: int, seed: int) -> None:
    from psycopg.types.json import Jsonb  # noqa: F401  (JSON columns take text in COPY)

    with cursor.copy("COPY sources (id, slug, name, homepage, language, created_at) FROM STDIN") as copy:
        for row in sources:
            copy.write_row(row)
    # stories first (articles reference them): two passes over the same seeded generator
    with cursor.copy(f"COPY stories ({', '.join(STORY_COLUMNS)}) FROM STDIN") as copy:
        for kind, row in _rows(count, days, per_story, seed):
            if kind == "story":
                copy.write_row(tuple(json.dumps(v) if isinstance(v, (list, dict)) else v for v in row))
    with cursor.copy(f"COPY articles ({', '.join(ARTICLE_COLUMNS)}) FROM STDIN") as copy:
        for kind, row in _rows(count, days, per_story, seed):
            if kind == "article":
                copy.write_row(tuple(json.dumps(v) if isinstance(v, (list, dict)) else v for v in row))
    for table in ("sources", "stories", "articles"):
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    raw.commit()
    cursor.execute("ANALYZE")
