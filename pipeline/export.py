"""Streaming exports of articles, stories and entities (CSV, JSON, JSON Lines).

The record shapes are stable and documented: ``ARTICLE_FIELDS``,
``STORY_FIELDS`` and ``ENTITY_FIELDS`` list the fields in order, the JSON
Schemas shipped in ``pipeline/data/schemas/`` describe them, and the README's
"Export schemas" section explains each one.

Rows are written as the database yields them (articles in keyset pages of
plain driver rows, on PostgreSQL read one page ahead; stories and entities with
``yield_per``, a server-side cursor on PostgreSQL), so memory stays flat whatever
the size of the store.

CSV: a header row, UTF-8, RFC 4180 quoting with CRLF line ends, lists joined
with ``"; "``, and text cells that a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or CR) prefixed with ``'``.
"""

from __future__ import annotations

import codecs
import gc
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from importlib import resources
from operator import itemgetter
from typing import IO, Any, TypeVar

import orjson
from sqlalchemy.orm import Session

from pipeline.choices import EXPORT_FORMATS, EXPORT_WHATS
from pipeline.dates import publication_day
from pipeline.digest import CATEGORY_ORDER
from pipeline.entities import Aliases
from pipeline.entity_store import entities_named, same_as, shown_name
from pipeline.errors import UserError
from pipeline.stories import report_days
from storage.repository import (
    ShowFilter,
    article_export_pages,
    count_rows,
    entity_spelling_counts,
    export_articles_query,
    export_entities_query,
    export_stories_query,
    source_labels,
    stories_about_shows,
    story_outlets,
    stream_rows,
)

_T = TypeVar("_T")

ARTICLE_FIELDS = (
    "id", "source", "source_name", "url", "canonical_url", "title", "published_at", "modified_at",
    "fetched_at", "language", "authors", "category", "premiere_date", "premiere_precision", "tags",
    "shows", "people", "platforms", "summary", "image_url", "duplicate_of", "duplicate_kind",
    "story_id", "version", "content_hash", "previous_hash", "body", "published_date", "published_precision",
    "paywalled",
)
STORY_FIELDS = (
    "id", "title", "category", "show", "platforms", "people", "summary", "premiere_date",
    "premiere_precision", "first_published_at", "last_published_at", "article_count",
    "source_count", "sources", "urls", "premiere_season", "first_published_date", "first_published_precision",
    "last_published_date", "last_published_precision",
)
ENTITY_FIELDS = ("id", "kind", "key", "name", "aliases", "article_count", "created_at", "same_as")
FIELDS = {"articles": ARTICLE_FIELDS, "stories": STORY_FIELDS, "entities": ENTITY_FIELDS}
SCHEMA_FILES = {"articles": "article.schema.json", "stories": "story.schema.json",
                "entities": "entity.schema.json"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
PROGRESS_EVERY = 5000
#: Rows per ``write()``: pieces of tens of kilobytes. Writing a whole batch at once means
#: strings of megabytes, which the allocator maps and unmaps from the kernel every time
#: (page faults, zeroing): that cost the export a third of its CPU time.
WRITE_ROWS = 16


@dataclass(frozen=True)
class ExportFilters:
    """What to export: times are aware; ``show``/``person`` are names matched by entity key
    (a person also under a name in another script that reads the same)."""

    since: datetime | None = None
    until: datetime | None = None
    category: str | None = None
    source_slug: str | None = None
    show: str | None = None
    person: str | None = None
    #: articles stored (or stored again as a new version), stories written, at or after
    changed_since: datetime | None = None
    #: the user's alias rules: a name they make one with ``show`` or ``person`` counts as it
    aliases: Aliases | None = None
    #: the stored entities ``show`` and ``person`` name (:func:`resolve_names`), looked up once
    show_ids: frozenset[int] | None = None
    person_ids: frozenset[int] | None = None


def resolve_names(session: Session, filters: ExportFilters) -> ExportFilters:
    """``filters`` with the entities its ``show`` and ``person`` name looked up (empty: none is
    stored), once for a count, an export and a note on what matched nothing (for ``--person``,
    a scan of every stored person's spellings)."""
    found = {f"{kind}_ids": frozenset(entities_named(session, kind, name, filters.aliases))
             for kind, name, ids in (("show", filters.show, filters.show_ids),
                                     ("person", filters.person, filters.person_ids))
             if name is not None and ids is None}
    return replace(filters, **found) if found else filters


@cache
def schema(what: str) -> dict[str, Any]:
    """The JSON Schema of one exported record (``articles``, ``stories`` or ``entities``)."""
    text = resources.files("pipeline").joinpath("data", "schemas", SCHEMA_FILES[what]).read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --------------------------------------------------------------------------- records
# Each ``*_partitions`` function yields lists of tuples in its ``*_FIELDS`` order,
# one list per batch the database hands over; ``*_records`` yields dicts.


def article_partitions(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[list[tuple[Any, ...]]]:
    sources = source_labels(session)
    pages = article_export_pages(session, **_query_filters(session, filters))
    if session.get_bind().dialect.name == "postgresql":
        pages = _read_ahead(pages)
    for page in pages:
        yield _article_rows(page, sources)


def _read_ahead(pages: Iterator[_T]) -> Iterator[_T]:
    """``pages``, each read in a worker thread while the previous one is being written.

    For a database server: it prepares the next page while this process formats the
    current one (its client waits for the network without the GIL), instead of each
    waiting for the other. Only one thread ever runs ``pages``, one page at a time, and
    the worker is done before this generator returns or raises; the session must not
    be used for anything else meanwhile.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-read-ahead") as worker:
        ahead = worker.submit(next, pages, None)
        while (page := ahead.result()) is not None:
            ahead = worker.submit(next, pages, None)
            yield page


def _article_rows(page: Sequence[Sequence[Any]], sources: dict[int, tuple[str, str]]) -> list[tuple[Any, ...]]:
    """Rows in ``ARTICLE_FIELDS`` order from a page of :func:`article_export_pages` tuples.

    Inline, as this loop runs once per exported article: the JSON columns are decoded
    (empty or null: an empty list), the display names taken from ``event_keys`` (key →
    name maps: each name once, in stored order).
    """
    loads = orjson.loads
    unknown = ("?", "?")
    rows = []
    for (id_, source_id, url, canonical, title, published, modified, fetched, language, authors,
         category, premiere, precision, tags, summary, image, duplicate, kind, story_id, version,
         content_hash, previous_hash, keys, body, published_raw, offset, paywalled) in page:
        slug, name = sources.get(source_id, unknown)
        keys = (loads(keys) or {}) if keys else {}
        shows, people, platforms = keys.get("shows"), keys.get("people"), keys.get("platforms")
        rows.append((
            id_, slug, name, url, canonical, title, published, modified, fetched, language,
            (loads(authors) or []) if authors else [], category, premiere, precision,
            (loads(tags) or []) if tags else [],
            list(dict.fromkeys(shows.values())) if shows else [],
            list(dict.fromkeys(people.values())) if people else [],
            list(dict.fromkeys(platforms.values())) if platforms else [],
            summary, image, duplicate, kind, story_id, version, content_hash, previous_hash, body,
            *_publication_day(published, published_raw, offset),
            None if paywalled is None else bool(paywalled),  # SQLite's 0 and 1
        ))
    return rows


def _publication_day(published: str | None, raw: str | None, offset: int | None) -> tuple[str | None, str | None]:
    """``published_date`` and ``published_precision`` of an article whose ``published_at`` is
    the ISO text ``published`` (:func:`pipeline.dates.publication_day`)."""
    day, precision = publication_day(datetime.fromisoformat(published) if published else None, raw, offset)
    return _iso(day), precision


def story_partitions(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[list[tuple[Any, ...]]]:
    sources = source_labels(session)
    query = export_stories_query(**_query_filters(session, filters, "stories"))
    for partition in stream_rows(session, query, batch=1000):
        outlets = story_outlets(session, [s.id for s in partition])
        rows = []
        for story in partition:
            members = outlets[story.id]
            first_day, first_precision, last_day, last_precision = report_days(members)
            rows.append((
                story.id, story.title, story.category, story.show, list(story.platforms or ()),
                list(story.people or ()), story.summary, _iso(story.premiere_date),
                story.premiere_precision if story.premiere_date else None,
                _iso(story.first_published_at), _iso(story.last_published_at), story.article_count,
                story.source_count,
                list(dict.fromkeys(sources.get(member.source_id, ("?", "?"))[0] for member in members)),
                [member.url for member in members],
                story.premiere_season if story.premiere_date else None,
                _iso(first_day), first_precision, _iso(last_day), last_precision,
            ))
        yield rows


def entity_partitions(session: Session, filters: ExportFilters = ExportFilters()) -> Iterator[list[tuple[Any, ...]]]:
    query = export_entities_query(**_query_filters(session, filters))
    one_with = same_as(session)
    for partition in stream_rows(session, query, batch=1000):
        spellings = entity_spelling_counts(session, [row.id for row in partition],
                                           uncounted={row.id for row in partition if row.kind == "platform"})
        rows = []
        for row in partition:
            name = shown_name(row.kind, row.name, row.named, spellings[row.id])
            rows.append((row.id, row.kind, row.key, name, [a for a in spellings[row.id] if a != name],
                         int(row.article_count), _iso(row.created_at), one_with.get(row.id, row.id)))
        yield rows


PARTITIONS: dict[str, Callable[[Session, ExportFilters], Iterator[list[tuple[Any, ...]]]]] = {
    "articles": article_partitions, "stories": story_partitions, "entities": entity_partitions,
}


def records(session: Session, what: str, filters: ExportFilters = ExportFilters()) -> Iterator[dict[str, Any]]:
    """The export records of ``what`` as dicts (field → value), streamed."""
    check_filters(what, filters)
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


def _query_filters(session: Session, filters: ExportFilters, what: str = "articles") -> dict[str, Any]:
    """Repository query arguments: names become the ids of the entities they resolve to
    (``changed_since`` only when given: entities have no such filter, see :func:`check_filters`).
    A story is about a show when its show is one of the show's spellings or one of its
    articles is about the show (:func:`stories_about_shows`), not when an article names it
    only in passing (as ``castwire stories --show``); the show's articles are those naming it
    and those of the stories about it (the Korean reports of a story whose English ones give
    the English title)."""
    category = filters.category.strip().lower() if filters.category is not None else None  # "Casting" too
    if category is not None and category not in CATEGORY_ORDER:
        raise UserError(f"--category: unknown category {filters.category!r} (use {', '.join(CATEGORY_ORDER)})")
    if filters.since and filters.until and filters.since >= filters.until:
        raise UserError("--since must be before --until")
    filters = resolve_names(session, filters)
    entity_ids: list[set[int]] = []
    about: dict[str, Any] = {}
    if filters.show_ids is not None:
        named = filters.show_ids
        about["show"] = ShowFilter(named or frozenset({-1}), frozenset(stories_about_shows(session, named)))
    if filters.person_ids is not None:
        entity_ids.append(set(filters.person_ids) or {-1})
    changed = {"changed_since": filters.changed_since} if filters.changed_since is not None else {}
    return {"since": filters.since, "until": filters.until, "category": category,
            "source_slug": filters.source_slug, "entity_ids": entity_ids, **changed, **about}


def check_filters(what: str, filters: ExportFilters) -> None:
    """Filters that do not apply to ``what`` are a user error, not an export that ignores them."""
    if what == "entities" and filters.changed_since is not None:
        raise UserError("--changed-since is for articles and stories (entities: export them whole)")


def count_records(session: Session, what: str, filters: ExportFilters = ExportFilters()) -> int:
    """How many records an export will write (for a progress bar)."""
    queries = {"articles": export_articles_query, "stories": export_stories_query,
               "entities": export_entities_query}
    check_filters(what, filters)
    return count_rows(session, queries[what](**_query_filters(session, filters, what)))


# --------------------------------------------------------------------------- writing


def csv_cell(value: Any) -> Any:
    """A CSV cell: ``None`` empty, flags ``true``/``false``, lists joined with ``"; "``, formula-like
    text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


_FORMULA_FIRST = frozenset(FORMULA_PREFIXES)
_first_character = itemgetter(slice(0, 1))
_first_character_of_text = itemgetter(0)  # not for empty strings
_NONE = type(None)


def _csv_text(value: str) -> str:
    """A text field: formula-like text neutralised, RFC 4180 quoting when needed."""
    if value and value[0] in _FORMULA_FIRST:
        value = "'" + value
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_field(value: Any) -> str:
    """One field as :func:`csv_cell` makes it, quoted as needed."""
    if value.__class__ is str:
        return _csv_text(value)
    if value is None:
        return ""
    if value.__class__ is bool:
        return "true" if value else "false"
    if value.__class__ is list:
        return _csv_text(LIST_SEPARATOR.join(map(str, value)))
    return str(value)


def _csv_texts(values: Sequence[str], joined: str) -> Sequence[str]:
    """A column of text fields (``joined``: them end to end), checked all at once; field by
    field only when some field needs quoting or neutralising (most columns of most pages
    need neither)."""
    first = _first_character if "" in values else _first_character_of_text  # indexing is cheaper than slicing
    if ('"' in joined or "," in joined or "\n" in joined or "\r" in joined
            or not _FORMULA_FIRST.isdisjoint(map(first, values))):
        return [_csv_text(value) for value in values]
    return values


def _csv_column(values: Sequence[Any]) -> Sequence[str]:
    """A column of fields as :func:`_csv_field` makes them."""
    try:
        joined = "".join(values)
    except TypeError:  # not only text: by the kinds of value it holds
        return _csv_typed_column(values)
    return _csv_texts(values, joined)


def _csv_typed_column(values: Sequence[Any]) -> Sequence[str]:
    """A column that is not all text: text with nulls, integers, lists of text, else field by field."""
    kinds = set(map(type, values))
    if kinds == {_NONE}:
        return [""] * len(values)
    if kinds <= {str, _NONE}:
        texts = [value or "" for value in values]
        return _csv_texts(texts, "".join(texts))
    if kinds <= {int, _NONE}:
        return ["" if value is None else str(value) for value in values] if _NONE in kinds else [*map(str, values)]
    if kinds == {list}:
        try:
            texts = [*map(LIST_SEPARATOR.join, values)]
        except TypeError:  # items that are not text
            texts = [LIST_SEPARATOR.join(map(str, value)) for value in values]
        return _csv_texts(texts, "".join(texts))
    return [_csv_field(value) for value in values]


def _csv_lines(rows: Sequence[Sequence[Any]]) -> list[str]:
    """CSV lines (without their CRLF ends), each field as :func:`csv_cell` makes it.

    Hand-rolled rather than ``csv.writer``, which is three times slower on long
    text cells, and a column at a time: whole columns are checked with C-speed
    string searches, so only the fields that need it cost Python work. Tests
    compare the output with the ``csv`` module's.
    """
    if not rows:
        return []
    columns = [_csv_column(column) for column in zip(*rows, strict=True)]
    return [*map(",".join, zip(*columns, strict=True))]


def _json_objects(rows: Sequence[Sequence[Any]], fields: Sequence[str], separator: bytes) -> bytes:
    """The rows as compact JSON objects (UTF-8) with ``separator`` between them.

    One ``dumps`` of the whole list (40 % cheaper than one per row, each of which
    allocates and grows a buffer of its own), then the commas between its objects
    become ``separator``. ``},{"<first field>":`` marks those boundaries and nothing
    else: inside a JSON string every ``"`` is escaped, and records hold no objects.
    """
    start = b'{"' + fields[0].encode() + b'":'
    listed = orjson.dumps([dict(zip(fields, row, strict=True)) for row in rows])
    for raw, escaped in _LINE_BREAKS:  # valid JSON as they are, but line ends to str.splitlines
        if raw in listed:
            listed = listed.replace(raw, escaped)
    return listed[1:-1].replace(b"}," + start, b"}" + separator + start)


#: Characters other than \n that many line readers end a line at, escaped in JSON strings
#: (U+2028, U+2029, U+0085): each JSON Lines record stays on one line for every reader.
_LINE_BREAKS = tuple((char.encode(), f"\\u{ord(char):04x}".encode()) for char in "\u2028\u2029\x85")


def _chunks(items: list[_T]) -> Iterator[list[_T]]:
    """``items`` in runs of :data:`WRITE_ROWS`."""
    return (items[start:start + WRITE_ROWS] for start in range(0, len(items), WRITE_ROWS))


def check_format(fmt: str, *, bom: bool = False) -> None:
    """A user error for an unknown format, or a byte order mark asked for outside CSV."""
    if fmt not in EXPORT_FORMATS:
        raise UserError(f"unknown export format {fmt!r} (choose {', '.join(EXPORT_FORMATS)})")
    if bom and fmt != "csv":
        raise UserError("--bom is for --format csv (JSON has no byte order mark)")


def write_partitions(
    partitions: Iterable[list[tuple[Any, ...]]],
    fields: Sequence[str],
    fmt: str,
    out: IO[bytes],
    progress: Callable[[int], None] | None = None,
    *,
    bom: bool = False,
) -> int:
    """Write batches of rows (tuples in ``fields`` order) as they come, in UTF-8; returns
    the count. A batch is written :data:`WRITE_ROWS` rows at a time. ``bom``: a CSV
    begins with a UTF-8 byte order mark (how Excel tells UTF-8 from the system's code page)."""
    check_format(fmt, bom=bom)
    count = 0
    if fmt == "csv":
        out.write((codecs.BOM_UTF8 if bom else b"") + _csv_lines([fields])[0].encode() + b"\r\n")
    elif fmt == "json":
        out.write(b"[")
    for partition in partitions:
        if not partition:
            continue
        if fmt == "csv":
            for lines in _chunks(_csv_lines(partition)):
                out.write(("\r\n".join(lines) + "\r\n").encode())
        elif fmt == "json":
            for start, rows in enumerate(_chunks(partition)):
                out.write((b",\n" if count or start else b"\n") + _json_objects(rows, fields, b",\n"))
        else:
            for rows in _chunks(partition):
                out.write(_json_objects(rows, fields, b"\n") + b"\n")
        count += len(partition)
        if progress is not None:
            progress(count)
    if fmt == "json":
        out.write(b"\n]\n" if count else b"]\n")
    if progress is not None:
        progress(count)
    return count


def write_records(
    records: Iterable[dict[str, Any]],
    fields: Sequence[str],
    fmt: str,
    out: IO[bytes],
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
    out: IO[bytes],
    filters: ExportFilters = ExportFilters(),
    progress: Callable[[int], None] | None = None,
    *,
    bom: bool = False,
) -> int:
    """Stream the chosen records to ``out`` (binary: the export is UTF-8); returns how many
    were written. ``bom``: see :func:`write_partitions`."""
    if what not in EXPORT_WHATS:
        raise UserError(f"unknown export {what!r} (choose {', '.join(EXPORT_WHATS)})")
    check_format(fmt, bom=bom)
    check_filters(what, filters)
    with _cycle_collector_paused():
        partitions = PARTITIONS[what](session, filters)
        first = next(partitions, None)  # the filters are checked here, before anything is written
        return write_partitions(itertools.chain(() if first is None else (first,), partitions),
                                FIELDS[what], fmt, out, progress, bom=bom)


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
