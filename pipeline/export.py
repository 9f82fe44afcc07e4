"""Streaming exports of articles, stories and entities (CSV, JSON, JSON Lines).

The record shapes are stable and documented: ``ARTICLE_FIELDS``,
``STORY_FIELDS`` and ``ENTITY_FIELDS`` list the fields in order, the JSON
Schemas shipped in ``pipeline/data/schemas/`` describe them, and the README's
"Export schemas" section explains each one.

Rows are written as the database yields them (articles in keyset pages of
plain driver rows; stories and entities with ``yield_per``, a server-side cursor
on PostgreSQL), so memory stays flat whatever the size of the store.

CSV: a header row, UTF-8, RFC 4180 quoting with CRLF line ends, lists joined
with ``"; "``, and text cells that a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or CR) prefixed with ``'``.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import IO, Any

import orjson
from sqlalchemy.orm import Session

from pipeline.digest import CATEGORY_ORDER
from pipeline.entities import person_key, show_key
from pipeline.errors import UserError
from storage.repository import (
    article_export_pages,
    count_rows,
    entity_alias_names,
    entity_ids_for_keys,
    expand_entity_keys,
    export_articles_query,
    export_entities_query,
    export_stories_query,
    source_labels,
    story_outlets,
    stream_rows,
)

FORMATS = ("csv", "json", "jsonl")
WHATS = ("articles", "stories", "entities")
ARTICLE_FIELDS = (
    "id", "source", "source_name", "url", "canonical_url", "title", "published_at", "modified_at",
    "fetched_at", "language", "authors", "category", "premiere_date", "premiere_precision", "tags",
    "shows", "people", "platforms", "summary", "image_url", "duplicate_of", "duplicate_kind",
    "story_id", "version", "body",
)
STORY_FIELDS = (
    "id", "title", "category", "show", "platforms", "people", "summary", "premiere_date",
    "premiere_precision", "first_published_at", "last_published_at", "article_count",
    "source_count", "sources", "urls",
)
ENTITY_FIELDS = ("id", "kind", "key", "name", "aliases", "article_count", "created_at")
FIELDS = {"articles": ARTICLE_FIELDS, "stories": STORY_FIELDS, "entities": ENTITY_FIELDS}
SCHEMA_FILES = {"articles": "article.schema.json", "stories": "story.schema.json",
                "entities": "entity.schema.json"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
PROGRESS_EVERY = 5000


@dataclass(frozen=True)
class ExportFilters:
    """What to export: times are aware; ``show``/``person`` are names matched by entity key."""

    since: datetime | None = None
    until: datetime | None = None
    category: str | None = None
    source_slug: str | None = None
    show: str | None = None
    person: str | None = None


@cache
def schema(what: str) -> dict[str, Any]:
    """The JSON Schema of one exported record (``articles``, ``stories`` or ``entities``)."""
    text = resources.files("pipeline").joinpath("data", "schemas", SCHEMA_FILES[what]).read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _names(mapping: Any) -> list[str]:
    """Display names of an ``event_keys`` map (key → name), each once, in stored order."""
    if not isinstance(mapping, dict):
        return []
    return list(dict.fromkeys(mapping.values()))


# --------------------------------------------------------------------------- records
# Each ``*_partitions`` function yields lists of tuples in its ``*_FIELDS`` order,
# one list per batch the database hands over; ``*_records`` yields dicts.


def _utc_iso(value: Any) -> str | None:
    """A stored UTC time as ISO 8601: SQLite's text (``YYYY-MM-DD HH:MM:SS.ffffff``) or a datetime."""
    if value is None:
        return None
    if value.__class__ is str:
        fraction = value[19:]
        return f"{value[:10]}T{value[11:19]}{fraction if fraction.strip('.0') else ''}+00:00"
    return value.astimezone(UTC).isoformat()  # type: ignore[no-any-return]


def _date_iso(value: Any) -> str | None:
    return value if value is None or value.__class__ is str else value.isoformat()


def _json(value: Any) -> Any:
    """A JSON column's value: SQLite hands over its text, psycopg the decoded object."""
    return orjson.loads(value) if value.__class__ is str else value


def article_partitions(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[list[tuple[Any, ...]]]:
    sources = source_labels(session)
    unknown = ("?", "?")
    for page in article_export_pages(session, **_query_filters(session, filters)):
        rows = []
        for (id_, source_id, url, canonical, title, published, modified, fetched, language, authors,
             category, premiere, precision, tags, summary, image, duplicate, kind, story_id, version,
             keys, body) in page:
            slug, name = sources.get(source_id, unknown)
            keys = _json(keys) if keys else {}
            shows, people, platforms = keys.get("shows"), keys.get("people"), keys.get("platforms")
            rows.append((
                id_, slug, name, url, canonical, title,
                _utc_iso(published), _utc_iso(modified), _utc_iso(fetched),
                language, _json(authors) if authors else [], category,
                _date_iso(premiere), precision, _json(tags) if tags else [],
                list(dict.fromkeys(shows.values())) if shows else [],
                list(dict.fromkeys(people.values())) if people else [],
                list(dict.fromkeys(platforms.values())) if platforms else [],
                summary, image, duplicate, kind, story_id, version, body,
            ))
        yield rows


def story_partitions(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[list[tuple[Any, ...]]]:
    sources = source_labels(session)
    query = export_stories_query(**_query_filters(session, filters))
    for partition in stream_rows(session, query, batch=1000):
        outlets = story_outlets(session, [s.id for s in partition])
        rows = []
        for story in partition:
            members = outlets[story.id]
            rows.append((
                story.id, story.title, story.category, story.show, list(story.platforms or ()),
                list(story.people or ()), story.summary, _iso(story.premiere_date),
                story.premiere_precision if story.premiere_date else None,
                _iso(story.first_published_at), _iso(story.last_published_at), story.article_count,
                story.source_count,
                list(dict.fromkeys(sources.get(sid, ("?", "?"))[0] for sid, _ in members)),
                [url for _, url in members],
            ))
        yield rows


def entity_partitions(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[list[tuple[Any, ...]]]:
    query = export_entities_query(**_query_filters(session, filters))
    for partition in stream_rows(session, query, batch=1000):
        aliases = entity_alias_names(session, [row.id for row in partition])
        yield [
            (row.id, row.kind, row.key, row.name, [a for a in aliases[row.id] if a != row.name],
             int(row.article_count), _iso(row.created_at))
            for row in partition
        ]


PARTITIONS: dict[str, Callable[[Session, ExportFilters], Iterator[list[tuple[Any, ...]]]]] = {
    "articles": article_partitions, "stories": story_partitions, "entities": entity_partitions,
}


def records(session: Session, what: str, filters: ExportFilters = ExportFilters()) -> Iterator[dict[str, Any]]:
    """The export records of ``what`` as dicts (field → value), streamed."""
    fields = FIELDS[what]
    for partition in PARTITIONS[what](session, filters):
        for row in partition:
            yield dict(zip(fields, row, strict=True))


def article_records(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[dict[str, Any]]:
    return records(session, "articles", filters)


def story_records(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[dict[str, Any]]:
    return records(session, "stories", filters)


def entity_records(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[dict[str, Any]]:
    return records(session, "entities", filters)


def _query_filters(session: Session, filters: ExportFilters) -> dict[str, Any]:
    """Repository query arguments: names become the ids of the entities they resolve to."""
    if filters.category is not None and filters.category not in CATEGORY_ORDER:
        raise UserError(f"--category: unknown category {filters.category!r} (use {', '.join(CATEGORY_ORDER)})")
    if filters.since and filters.until and filters.since >= filters.until:
        raise UserError("--since must be before --until")
    if filters.source_slug is not None and filters.source_slug not in {
        slug for slug, _ in source_labels(session).values()
    }:
        raise UserError(f"no stored articles from source {filters.source_slug!r}")
    entity_ids: list[set[int]] = []
    for kind, name, key in (("show", filters.show, show_key), ("person", filters.person, person_key)):
        if name is None:
            continue
        keys = expand_entity_keys(session, kind, {key(name)})
        entity_ids.append(entity_ids_for_keys(session, kind, keys) or {-1})
    return {"since": filters.since, "until": filters.until, "category": filters.category,
            "source_slug": filters.source_slug, "entity_ids": entity_ids}


def count_records(session: Session, what: str, filters: ExportFilters = ExportFilters()) -> int:
    """How many records an export will write (for a progress bar)."""
    queries = {"articles": export_articles_query, "stories": export_stories_query,
               "entities": export_entities_query}
    return count_rows(session, queries[what](**_query_filters(session, filters)))


# --------------------------------------------------------------------------- writing


def csv_cell(value: Any) -> Any:
    """A CSV cell: ``None`` empty, lists joined with ``"; "``, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


_FORMULA_FIRST = frozenset(FORMULA_PREFIXES)


def _csv_text(value: str) -> str:
    """A text field: formula-like text neutralised, RFC 4180 quoting when needed."""
    if value and value[0] in _FORMULA_FIRST:
        value = "'" + value
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_lines(rows: Iterable[Sequence[Any]]) -> str:
    """CSV lines with CRLF ends, each field as :func:`csv_cell` makes it.

    Hand-rolled rather than ``csv.writer``, which is three times slower on long
    text cells; the text path is inlined because it is most of an export's work.
    Tests read the output back with the ``csv`` module.
    """
    lines = []
    for row in rows:
        cells = []
        add = cells.append
        for value in row:
            kind = value.__class__
            if kind is str:
                if value and value[0] in _FORMULA_FIRST:
                    value = "'" + value
                if '"' in value or "," in value or "\n" in value or "\r" in value:
                    value = '"' + value.replace('"', '""') + '"'
                add(value)
            elif value is None:
                add("")
            elif kind is list:
                add(_csv_text(LIST_SEPARATOR.join(map(str, value))))
            else:
                add(str(value))
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n" if lines else ""


def write_partitions(
    partitions: Iterable[list[tuple[Any, ...]]],
    fields: Sequence[str],
    fmt: str,
    out: IO[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write batches of rows (tuples in ``fields`` order) as they come; returns the count.

    ``out`` should be opened with ``newline=""`` (CSV line ends are CRLF).
    """
    if fmt not in FORMATS:
        raise UserError(f"unknown export format {fmt!r} (choose {', '.join(FORMATS)})")
    dumps = orjson.dumps
    count = 0
    if fmt == "csv":
        out.write(_csv_lines([fields]))
    elif fmt == "json":
        out.write("[")
    for partition in partitions:
        if not partition:
            continue
        if fmt == "csv":
            out.write(_csv_lines(partition))
        elif fmt == "json":
            separator = ",\n" if count else "\n"
            out.write(separator + ",\n".join([dumps(dict(zip(fields, row, strict=True))).decode()
                                               for row in partition]))
        else:
            out.write("".join([dumps(dict(zip(fields, row, strict=True))).decode() + "\n"
                               for row in partition]))
        count += len(partition)
        if progress is not None:
            progress(count)
    if fmt == "json":
        out.write("\n]\n" if count else "]\n")
    if progress is not None:
        progress(count)
    return count


def write_records(
    records: Iterable[dict[str, Any]],
    fields: Sequence[str],
    fmt: str,
    out: IO[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write dict records (e.g. from :func:`records`) as they come; returns the count."""
    def batches() -> Iterator[list[tuple[Any, ...]]]:
        batch: list[tuple[Any, ...]] = []
        for record in records:
            batch.append(tuple(record.get(f) for f in fields))
            if len(batch) >= PROGRESS_EVERY:
                yield batch
                batch = []
        if batch:
            yield batch

    return write_partitions(batches(), fields, fmt, out, progress)


def export(
    session: Session,
    what: str,
    fmt: str,
    out: IO[str],
    filters: ExportFilters = ExportFilters(),
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream the chosen records to ``out``; returns how many were written."""
    if what not in WHATS:
        raise UserError(f"unknown export {what!r} (choose {', '.join(WHATS)})")
    with _cycle_collector_paused():
        return write_partitions(PARTITIONS[what](session, filters), FIELDS[what], fmt, out, progress)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Exported rows are tuples, strings and lists without reference cycles, freed by
    reference counting as each batch is written; the cycle collector, set off by their
    sheer number, would only rescan the heap over and over (half the export's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
