"""Helpers for tests and benchmarks that store articles: labelled story sets, ingesting them.

The fresh-database fixtures themselves (``sessions``, ``database_url``: SQLite and,
with CASTWIRE_TEST_DATABASE_URL, a fresh PostgreSQL schema per test) live in
conftest.py; this module holds what the dedup/story tests and ``bench/stories.py``
share, so the lead can move it into conftest as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.ingest import IngestResult, ingest_in_session
from pipeline.records import ExtractedArticle
from pipeline.sources import Source
from storage.db import transaction
from storage.models import Article

STORY_SETS = Path(__file__).parent / "data" / "stories"
FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)
_TIMEZONES = {"en": "UTC", "ko": "Asia/Seoul", "ja": "Asia/Tokyo"}


@contextmanager
def before_each_statement(sessions: sessionmaker[Session], hook: Callable[[str], None]) -> Iterator[None]:
    """Within the block, ``hook(sql)`` runs before each statement the sessions' engine sends."""
    engine = sessions.kw["bind"]

    def listener(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        hook(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def load_records(name: str) -> list[dict[str, Any]]:
    """The records of ``tests/data/stories/<name>.jsonl`` (dev or heldout)."""
    with (STORY_SETS / f"{name}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def source_for(outlet: str, language: str) -> Source:
    return Source(slug=outlet, name=outlet.title(), homepage=f"https://{outlet}.example/",
                  language=language, timezone=_TIMEZONES.get(language, "UTC"),
                  feeds=(f"https://{outlet}.example/feed",))


def extracted(record: dict[str, Any]) -> ExtractedArticle:
    published = datetime.fromisoformat(record["published_at"])
    return ExtractedArticle(
        url=record["url"], canonical_url=record["url"], title=record["title"], body=record["body"],
        published_at=published, published_raw=record["published_at"], language=record["language"],
    )


def ingest_record(session: Session, record: dict[str, Any]) -> IngestResult:
    """Ingest one record, fetched at :data:`FETCHED_AT` or, when it was published later, then."""
    page = extracted(record)
    assert page.published_at is not None
    return ingest_in_session(session, source_for(record["outlet"], record["language"]),
                             page, fetched_at=max(FETCHED_AT, page.published_at))


def ingest_records(sessions: sessionmaker[Session], records: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Ingest each record in its own transaction; returns record id → article id."""
    ids = {}
    for record in records:
        with transaction(sessions) as session:
            ids[record["id"]] = ingest_record(session, record).article_id
    return ids


@dataclass(frozen=True)
class Stored:
    """Where a record ended up."""

    article_id: int
    story_id: int | None
    duplicate_of_id: int | None
    duplicate_kind: str | None


def stored(sessions: sessionmaker[Session], ids: dict[str, int]) -> dict[str, Stored]:
    with transaction(sessions) as session:
        rows = session.execute(select(Article.id, Article.story_id, Article.duplicate_of_id,
                                      Article.duplicate_kind)).all()
    by_id = {row.id: Stored(row.id, row.story_id, row.duplicate_of_id, row.duplicate_kind) for row in rows}
    return {record_id: by_id[article_id] for record_id, article_id in ids.items()}


def partition(groups: dict[str, Any]) -> frozenset[frozenset[str]]:
    """Group labels (record id → any hashable) as a set of sets, for order-free comparison."""
    clusters: dict[Any, set[str]] = {}
    for record_id, label in groups.items():
        clusters.setdefault(label, set()).add(record_id)
    return frozenset(frozenset(c) for c in clusters.values())


def bcubed(predicted: dict[str, Any], truth: dict[str, Any]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against labels (same keys)."""
    pred_groups: dict[Any, set[str]] = {}
    true_groups: dict[Any, set[str]] = {}
    for item in truth:
        pred_groups.setdefault(predicted[item], set()).add(item)
        true_groups.setdefault(truth[item], set()).add(item)
    precision = recall = 0.0
    for item in truth:
        mine = pred_groups[predicted[item]]
        theirs = true_groups[truth[item]]
        overlap = len(mine & theirs)
        precision += overlap / len(mine)
        recall += overlap / len(theirs)
    precision, recall = precision / len(truth), recall / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def expected_originals(records: Sequence[dict[str, Any]]) -> dict[str, str | None]:
    """Record id → the record it is stored as a copy of (None for an original): in each
    labelled copy group (a record and those whose ``duplicate_of`` names it), the first
    published member is the original, whichever the labels call the original."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record["duplicate_of"] or record["id"], []).append(record)
    expected: dict[str, str | None] = {}
    for members in groups.values():
        first = min(members, key=lambda r: (datetime.fromisoformat(r["published_at"]), r["url"]))
        expected.update({r["id"]: None if r is first else first["id"] for r in members})
    return expected


def duplicate_scores(records: Sequence[dict[str, Any]], where: dict[str, Stored]) -> tuple[float, float]:
    """Precision and recall of duplicate detection.

    A record flagged as a duplicate is right when its recorded original belongs
    to its labelled copy group (the root of its ``duplicate_of`` chain, which the pipeline
    stores as a copy of the group's first publication).
    """
    root = {r["id"]: r["duplicate_of"] or r["id"] for r in records}
    group_of_article = {where[rid].article_id: root[rid] for rid in root}
    flagged = [r for r in records if where[r["id"]].duplicate_of_id is not None]
    correct = sum(1 for r in flagged if group_of_article.get(where[r["id"]].duplicate_of_id) == root[r["id"]])
    labelled = [r for r in records if r["duplicate_of"]]
    found = sum(1 for r in labelled if _linked(where[r["id"]], where[r["duplicate_of"]], group_of_article))
    precision = correct / len(flagged) if flagged else 1.0
    recall = found / len(labelled) if labelled else 1.0
    return precision, recall


def _linked(copy: Stored, original: Stored, group_of_article: dict[int, str]) -> bool:
    """The copy points into its group, or (when it arrived first) the original points at it."""
    group = group_of_article[original.article_id]
    return group_of_article.get(copy.duplicate_of_id or -1) == group or original.duplicate_of_id == copy.article_id
