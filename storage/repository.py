"""Queries and idempotent writes. Every function takes the caller's session;
the caller owns the transaction (one per article while crawling)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    JSON,
    BigInteger,
    Integer,
    Select,
    Text,
    and_,
    any_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import (
    BANDS,
    Article,
    ArticleBand,
    ArticleEntity,
    CrawlRun,
    Digest,
    DigestArticle,
    Entity,
    EntityAlias,
    FeedState,
    SeenUrl,
    Source,
    Story,
    StoryKey,
)
from storage.types import ArrayLiteral, UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


def _insert(session: Session, model: Any) -> Any:
    """A dialect-specific INSERT that supports ON CONFLICT."""
    return _dialect_insert(_dialect(session), model)


def _dialect_insert(dialect: str, model: Any) -> Any:
    return postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model)


# The per-article write path (pipeline.ingest) runs about seven statements per article
# (the upsert, which takes the advisory locks too, reads, then its links written in one,
# see write_article_links): they are built once (cached per dialect) and executed on the
# session's connection, without the ORM's unit of work, so an article costs the
# database's time, not SQLAlchemy's statement building.


def _run(session: Session, statement: Any, params: Any = None) -> Any:
    return session.connection().execute(statement, params)


def _dialect(session: Session) -> str:
    bind = session.bind  # the engine of a sessionmaker(engine) session: no connection needed
    return (bind if bind is not None else session.get_bind()).dialect.name


def _one_of(column: Any, name: str, dialect: str) -> Any:
    """``column IN`` the list bound as the one parameter ``name``: a PostgreSQL array
    (``= ANY``), a JSON array read by ``json_each`` on SQLite. Unlike an expanding IN,
    the SQL text stays the same whatever the list's length (no re-rendering per call)."""
    if dialect == "postgresql":
        return column == any_(_array_param(name, column.type))
    values = func.json_each(bindparam(name, type_=JSON)).table_valued("value")
    return column.in_(select(values.c.value))


def _array_param(name: str, item_type: Any) -> Any:
    """The parameter ``name``, a list, as a PostgreSQL array of ``item_type`` (see :class:`ArrayLiteral`)."""
    return cast(bindparam(name, type_=ArrayLiteral()), postgresql.ARRAY(item_type))


@cache
def _insert_rows_statement(dialect: str, table: Any, varying: tuple[str, ...], fixed: tuple[str, ...],
                           returning: tuple[str, ...] = ()) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING of many rows. PostgreSQL: one statement whatever
    the number of rows, the ``varying`` columns bound as one array each and ``unnest``-ed
    (one round trip); SQLite: a plain INSERT run with the list of rows (executemany, in
    process, is its fastest form). ``returning``: columns of the inserted rows to return."""
    if dialect != "postgresql":
        statement = _dialect_insert(dialect, table).on_conflict_do_nothing()
    else:
        statement = _unnest_insert(table, varying, "c",
                                   {name: bindparam(name, type_=table.c[name].type) for name in fixed})
    return statement.returning(*(table.c[name] for name in returning)) if returning else statement


def _unnest_insert(table: Any, varying: tuple[str, ...], prefix: str, fixed: Mapping[str, Any]) -> Any:
    """PostgreSQL ``INSERT ... SELECT <fixed>, unnest(<arrays>) ON CONFLICT DO NOTHING``: the
    ``varying`` columns bound as one array each (``<prefix>0``, ``<prefix>1``...), the
    ``fixed`` columns set to these expressions in every row."""
    arrays = [_array_param(f"{prefix}{i}", table.c[name].type) for i, name in enumerate(varying)]
    rows = func.unnest(*arrays).table_valued(*(f"{prefix}{i}" for i in range(len(varying)))).render_derived()
    return (postgresql.insert(table).from_select([*fixed, *varying], select(*fixed.values(), *rows.c))
            .on_conflict_do_nothing())


def _arrays(prefix: str, rows: Sequence[Sequence[Any]], width: int) -> dict[str, list[Any]]:
    """The parameters of :func:`_unnest_insert` for ``rows``: column ``i`` as ``<prefix><i>``."""
    return {f"{prefix}{i}": [row[i] for row in rows] for i in range(width)}


def _insert_rows(session: Session, table: Any, varying: tuple[str, ...], rows: Sequence[Sequence[Any]],
                 returning: tuple[str, ...] = (), **fixed: Any) -> list[Any]:
    """Insert ``rows`` (values of the ``varying`` columns, in order) with the ``fixed``
    column values, skipping rows that conflict with stored ones; returns the ``returning``
    columns of the rows inserted (none of those skipped)."""
    if not rows:
        return []
    dialect = _dialect(session)
    statement = _insert_rows_statement(dialect, table, varying, tuple(sorted(fixed)), returning)
    if dialect == "postgresql":
        result = _run(session, statement, {**fixed, **_arrays("c", rows, len(varying))})
    else:
        result = _run(session, statement, [{**fixed, **dict(zip(varying, row, strict=True))} for row in rows])
    return list(result) if returning else []


# --- sources -----------------------------------------------------------------


@cache
def _source_by_slug() -> Select[Any]:
    return select(Source.id, Source.name, Source.homepage, Source.language).where(
        Source.slug == bindparam("slug"))


def ensure_source(session: Session, *, slug: str, name: str, homepage: str, language: str) -> int:
    """Create or refresh the row of a catalogue source; returns its id.

    The row is only written when it is missing or differs from the catalogue, so
    concurrent crawls of one source do not queue up on it."""
    row = _run(session, _source_by_slug(), {"slug": slug}).first()
    if row is not None and (row.name, row.homepage, row.language) == (name, homepage, language):
        return int(row.id)
    stmt = _insert(session, Source).values(
        slug=slug, name=name, homepage=homepage, language=language, created_at=utcnow()
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Source.slug],
        set_={"name": stmt.excluded.name, "homepage": stmt.excluded.homepage,
              "language": stmt.excluded.language},
    ).returning(Source.id)
    return int(session.execute(stmt).scalar_one())


def source_names(session: Session) -> dict[int, tuple[str, str]]:
    """id → (slug, name) of every source (a catalogue is small)."""
    return {row.id: (row.slug, row.name) for row in session.execute(select(Source))}


# --- articles ----------------------------------------------------------------


@dataclass(frozen=True)
class ArticleWrite:
    """What an upsert did: ``new``, ``updated`` (content changed) or ``unchanged``.

    ``story_id`` is the story the article belonged to before (an updated article)."""

    article_id: int
    outcome: str
    version: int
    story_id: int | None = None
    #: the URL key the article was stored under before :func:`move_article` moved it
    previous_key: str | None = None


#: Columns an update in place never overwrites (links are recomputed by the caller).
_KEPT_ON_UPDATE = frozenset({"url_key", "source_id", "duplicate_of_id", "duplicate_kind", "story_id",
                             "version", "previous_hash", "updated_at"})


@cache
def _article_upsert(dialect: str, columns: frozenset[str], locking: bool) -> Any:
    table = Article.__table__
    stmt = _dialect_insert(dialect, table)
    if locking:  # INSERT … SELECT the values FROM the advisory locks: both in one statement
        names = sorted(columns)
        values = select(*(bindparam(name, type_=table.c[name].type) for name in names))
        stmt = stmt.from_select(names, values.select_from(_advisory_locks()))
    excluded = stmt.excluded
    changing: dict[str, Any] = {column: excluded[column] for column in sorted(columns - _KEPT_ON_UPDATE)}
    changing.update(version=table.c.version + 1, previous_hash=table.c.content_hash,
                    updated_at=excluded.updated_at)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.url_key],
        set_=changing,
        where=(table.c.content_hash != excluded.content_hash)
        | (func.coalesce(table.c.modified_raw, "") != func.coalesce(excluded.modified_raw, "")),
    ).returning(table.c.id, table.c.version, table.c.story_id)


def _lock_params(pairs: Sequence[tuple[int, int]]) -> dict[str, list[int]]:
    """The parameters of :func:`_advisory_locks` for these ``(space, id)`` locks."""
    return {"lock_spaces": [space for space, _ in pairs], "lock_ids": [lock_id for _, lock_id in pairs]}


def _advisory_locks() -> Any:
    """One row, once the transaction holds the advisory locks ``lock_spaces[i], lock_ids[i]``
    (PostgreSQL), taken in (space, id) order so two transactions never wait on each other
    in a cycle; they are released at commit or rollback."""
    pairs = (select(func.unnest(_array_param("lock_spaces", Integer)).label("space"),
                    func.unnest(_array_param("lock_ids", Integer)).label("id"))
             .order_by("space", "id").subquery("ordered"))
    return select(func.count(func.pg_advisory_xact_lock(pairs.c.space, pairs.c.id)).label("held")).subquery("locks")


#: Columns a fetch writes even when the article's content did not change (no new version): what
#: the page says of itself besides its content (it is no longer behind a paywall).
_REFRESHED_COLUMNS = frozenset({"paywalled"})


@cache
def _article_checked(refreshed: frozenset[str]) -> Any:
    """Mark an unchanged article as checked, and write its ``refreshed`` columns (:data:`_REFRESHED_COLUMNS`):
    one that changed makes it changed now (``updated_at``, which ``--changed-since`` reads). A column
    written for the first time (NULL: stored before it existed) is no change a reader would see."""
    articles = Article.__table__
    values: dict[str, Any] = {name: bindparam(name) for name in sorted(refreshed)}
    if refreshed:
        changed = or_(*(and_(articles.c[name].is_not(None), articles.c[name].is_distinct_from(bindparam(name)))
                        for name in sorted(refreshed)))
        values["updated_at"] = case((changed, bindparam("changed_at")), else_=articles.c.updated_at)
    return (update(articles).where(articles.c.url_key == bindparam("key"))
            .values(checked_at=bindparam("checked_at"), **values).returning(articles.c.id))


def upsert_article(session: Session, values: Mapping[str, Any], *,
                   locks: Callable[[], Sequence[tuple[int, int]]] | None = None) -> ArticleWrite:
    """Insert an article or update it in place when its content changed.

    ``values`` holds Article column values including ``url_key`` and
    ``content_hash``. The database's unique key decides new vs existing, so two
    crawls storing the same URL at once still leave one row.

    ``locks``: computes the ``(space, id)`` advisory locks the rest of the transaction
    needs, called on PostgreSQL only (SQLite runs one writing transaction at a time, so it
    costs nothing there). They are taken first by the same statement, which saves a round
    trip per article, and held until the end of the transaction, whatever the outcome.
    """
    row = {**values, "updated_at": utcnow(), "checked_at": values["fetched_at"], "version": 1}
    dialect = _dialect(session)
    pairs = locks() if locks is not None and dialect == "postgresql" else ()
    locking = bool(pairs)
    params = {**row, **_lock_params(pairs)} if locking else row
    written = _run(session, _article_upsert(dialect, frozenset(row), locking), params).first()
    if written is None:  # fetched again unchanged: when it was checked, for the next crawls
        refreshed = {name: values[name] for name in _REFRESHED_COLUMNS & values.keys()}
        article_id = _run(session, _article_checked(frozenset(refreshed)),
                          {"key": values["url_key"], "checked_at": values["fetched_at"],
                           **({"changed_at": row["updated_at"], **refreshed} if refreshed else {})}).scalar_one()
        return ArticleWrite(article_id, "unchanged", 0)
    if written.version == 1:
        return ArticleWrite(written.id, "new", 1)
    return ArticleWrite(written.id, "updated", written.version, written.story_id)


def article_at_keys(session: Session, keys: Iterable[str], *, source_id: int, exclude_id: int) -> int | None:
    """The article of source ``source_id`` stored under one of ``keys`` (its URL key), other than
    ``exclude_id``: the article a page was fetched from before a redirect or a new canonical."""
    wanted = sorted(set(keys))
    if not wanted:
        return None
    return session.execute(select(Article.id).where(
        Article.url_key.in_(wanted), Article.source_id == source_id, Article.id != exclude_id)
        .order_by(Article.id).limit(1)).scalar_one_or_none()


#: Columns a move writes when the article itself did not change: its address, when it was checked.
_MOVED_COLUMNS = ("url_key", "url", "canonical_url")


def move_article(session: Session, article_id: int, values: Mapping[str, Any]) -> ArticleWrite:
    """Move stored article ``article_id`` to the URL key of ``values`` (its outlet moved it, or
    changed its canonical): it takes its new address, and when its content or modified time
    changed it is updated as :func:`upsert_article` would (a new version, the previous content
    hash kept); it is marked as checked either way. ``outcome`` is ``updated`` (a new version)
    or ``unchanged``; ``previous_key`` the key it had. No other row may hold the new key."""
    table = Article.__table__
    old = session.execute(select(table.c.url_key, table.c.content_hash, table.c.modified_raw, table.c.version,
                                 table.c.story_id).where(table.c.id == article_id)).one()
    changed = (old.content_hash != values["content_hash"]
               or (old.modified_raw or "") != (values.get("modified_raw") or ""))
    now = utcnow()
    if changed:
        written = {name: value for name, value in values.items()
                   if name not in _KEPT_ON_UPDATE or name == "url_key"}
        written.update(version=old.version + 1, previous_hash=old.content_hash)
    else:
        written = {name: values[name] for name in (*_MOVED_COLUMNS, *(_REFRESHED_COLUMNS & values.keys()))}
    written.update(updated_at=now, checked_at=values["fetched_at"])
    session.execute(update(table).where(table.c.id == article_id).values(written))
    if changed:
        return ArticleWrite(article_id, "updated", old.version + 1, old.story_id, previous_key=old.url_key)
    return ArticleWrite(article_id, "unchanged", old.version, old.story_id, previous_key=old.url_key)


#: Columns re-analysis leaves as they are: those an update keeps, and the page's fetch.
_KEPT_ON_REANALYSIS = _KEPT_ON_UPDATE | {"fetched_at"}


def reanalysed_article(session: Session, article_id: int, values: Mapping[str, Any], *, content_hash: str,
                       modified_raw: str | None, locks: Sequence[tuple[int, int]] = ()) -> ArticleWrite | None:
    """Write what a new analysis of stored article ``article_id`` found (``values``: its column
    values, as :func:`upsert_article` takes them) when it still holds the content that analysis
    read (``content_hash``, ``modified_raw``); None when a crawl stored a new version meanwhile.
    It is not a new version, and its ``updated_at`` is left for the caller to set when it
    changed (:func:`touch_article`); its links are left for the caller to write again (``updated``).

    ``locks``: the ``(space, id)`` advisory locks the caller's transaction needs (PostgreSQL),
    taken first in sorted order, as :func:`upsert_article` takes them."""
    if locks and _dialect(session) == "postgresql":
        session.execute(select(_advisory_locks()), _lock_params(locks))
    table = Article.__table__
    written = {name: value for name, value in values.items() if name not in _KEPT_ON_REANALYSIS}
    row = session.execute(
        update(table).where(table.c.id == article_id, table.c.content_hash == content_hash,
                            func.coalesce(table.c.modified_raw, "") == (modified_raw or ""))
        .values(written).returning(table.c.version, table.c.story_id)).first()
    return None if row is None else ArticleWrite(article_id, "updated", row.version, row.story_id)


def touch_article(session: Session, article_id: int) -> None:
    """Mark an article as changed now (``updated_at``)."""
    session.execute(update(Article).where(Article.id == article_id).values(updated_at=utcnow()))


@cache
def _article_links() -> Any:
    return update(Article.__table__).where(Article.__table__.c.id == bindparam("article_id")).values(
        duplicate_of_id=bindparam("duplicate_of_id"), duplicate_kind=bindparam("duplicate_kind"),
        story_id=bindparam("story_id"))


def set_article_links(session: Session, article_id: int, *, duplicate_of_id: int | None,
                      duplicate_kind: str | None, story_id: int | None) -> None:
    """Record which article this one copies and which story it belongs to."""
    _run(session, _article_links(), {"article_id": article_id, "duplicate_of_id": duplicate_of_id,
                                     "duplicate_kind": duplicate_kind, "story_id": story_id})


#: The ``dropped`` reason of an article page that answered 404 or 410.
GONE = "gone"
#: The ``dropped`` reason of an article page larger than the download limit.
TOO_LARGE = "too_large"


def known_url_checks(session: Session, keys: Iterable[str], *, dropped_since: datetime | None = None,
                     gone_since: datetime | None = None) -> dict[str, datetime | None]:
    """Which of ``keys`` a crawl need not fetch (indexed IN lookups, batch by batch) → when a
    crawl last fetched the stored article they lead to: stored articles' keys and their
    other URLs; also, → None, pages not stored that were seen after ``dropped_since``,
    and pages gone (404, 410) when seen after ``gone_since``."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, datetime | None] = {}
    checked = func.coalesce(Article.checked_at, Article.fetched_at)
    recent = SeenUrl.article_id.is_not(None)
    if dropped_since is not None:
        recent = recent | ((SeenUrl.seen_at >= dropped_since) & (SeenUrl.dropped != GONE))
    if gone_since is not None:
        recent = recent | ((SeenUrl.seen_at >= gone_since) & (SeenUrl.dropped == GONE))
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        found.update(session.execute(
            select(SeenUrl.url_key, type_coerce(checked, Article.fetched_at.type))
            .outerjoin(Article, Article.id == SeenUrl.article_id)
            .where(SeenUrl.url_key.in_(batch), recent)).all())
        found.update(session.execute(
            select(Article.url_key, type_coerce(checked, Article.fetched_at.type))
            .where(Article.url_key.in_(batch))).all())
    return found


class StatedDates(NamedTuple):
    """When a stored article says it was published and last modified (its page's own dates, or
    its feed's when the page had none), parsed and as written, and when it was fetched (a
    publication time said to come after it is stored as the fetch time)."""

    published_at: datetime | None
    published_raw: str | None
    modified_at: datetime | None
    modified_raw: str | None
    fetched_at: datetime


def stated_dates(session: Session, keys: Iterable[str]) -> dict[str, StatedDates]:
    """The stated dates of the stored articles ``keys`` lead to (their canonical URL keys or
    other URLs they were fetched under), by key (indexed IN lookups)."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, StatedDates] = {}
    columns = (Article.published_at, Article.published_raw, Article.modified_at, Article.modified_raw,
               Article.fetched_at)
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        rows = [*session.execute(select(SeenUrl.url_key, *columns).join(Article, Article.id == SeenUrl.article_id)
                                 .where(SeenUrl.url_key.in_(batch))).all(),
                *session.execute(select(Article.url_key, *columns).where(Article.url_key.in_(batch))).all()]
        found.update((key, StatedDates(*dates)) for key, *dates in rows)
    return found


@cache
def _remember_urls(dialect: str) -> Any:
    stmt = _dialect_insert(dialect, SeenUrl.__table__)
    return stmt.on_conflict_do_update(
        index_elements=[SeenUrl.__table__.c.url_key],
        set_={"article_id": stmt.excluded.article_id, "dropped": stmt.excluded.dropped,
              "seen_at": stmt.excluded.seen_at},
    )


def remember_urls(session: Session, keys: Iterable[str], *, article_id: int | None = None,
                  dropped: str | None = None) -> None:
    """Record URL keys crawls can skip: other URLs of article ``article_id``, or the URLs of
    a page that was not stored (``dropped``: why)."""
    now = utcnow()
    rows = [{"url_key": key, "article_id": article_id, "dropped": dropped, "seen_at": now}
            for key in sorted(set(keys))]
    if rows:
        _run(session, _remember_urls(_dialect(session)), rows)


def remember_other_urls(session: Session, others: Mapping[str, Iterable[str]]) -> int:
    """Record URL keys of the pages ``others`` maps to them: for each key of a page (an
    article's key, another URL of one, a page dropped), its other keys (the links of a
    redirect chain that ended there) become URLs of the same article, or of a page dropped
    for the same reason. A key that leads nowhere stored (the page failed) is left out, so
    crawls ask again. How many keys were recorded."""
    targets = [key for key, keys in others.items() if any(other != key for other in keys)]
    owners: dict[str, tuple[int | None, str | None]] = {}
    for start in range(0, len(targets), 500):
        batch = targets[start : start + 500]
        owners.update((key, (article_id, dropped)) for key, article_id, dropped in session.execute(
            select(SeenUrl.url_key, SeenUrl.article_id, SeenUrl.dropped).where(SeenUrl.url_key.in_(batch))).all())
        owners.update((key, (article_id, None)) for key, article_id in session.execute(
            select(Article.url_key, Article.id).where(Article.url_key.in_(batch))).all())
    recorded = 0
    for key, (article_id, dropped) in owners.items():
        keys = set(others[key]) - {key}
        if article_id is not None or dropped is not None:
            remember_urls(session, keys, article_id=article_id, dropped=None if article_id is not None else dropped)
            recorded += len(keys)
    return recorded


# --- duplicates ----------------------------------------------------------------


@cache
def _article_story() -> Select[Any]:
    return select(Article.story_id).where(Article.id == bindparam("article_id"))


def article_story(session: Session, article_id: int) -> int | None:
    """The story an article belongs to."""
    return _run(session, _article_story(), {"article_id": article_id}).scalar_one_or_none()


@cache
def _article_bodies(dialect: str) -> Select[Any]:
    return select(Article.id, Article.body).where(_one_of(Article.id, "ids", dialect))


def article_bodies(session: Session, article_ids: Collection[int]) -> dict[int, str]:
    """Stored articles' bodies by id, in one statement (an id with no article is left out)."""
    if not article_ids:
        return {}
    rows = _run(session, _article_bodies(_dialect(session)), {"ids": list(article_ids)})
    return {row.id: row.body or "" for row in rows}


@cache
def _take_over_copies() -> Any:
    articles = Article.__table__
    return (
        update(articles)
        .where(or_(articles.c.id == bindparam("old_original"), articles.c.duplicate_of_id == bindparam("old_original")))
        .values(duplicate_of_id=bindparam("new_original", type_=BigInteger),
                duplicate_kind=case((articles.c.content_hash == bindparam("new_hash"), "exact"), else_="near"),
                updated_at=bindparam("now", type_=articles.c.updated_at.type))
    )


def take_over_copies(session: Session, old_original: int, new_original: int, *, content_hash: str) -> None:
    """Make ``new_original`` the original of ``old_original`` and of its copies.

    The copies' kind is set again against the new original: exact when their body hash is
    ``content_hash``, else near. One statement, by id and by the indexed ``duplicate_of_id``."""
    _run(session, _take_over_copies(), {
        "old_original": old_original, "new_original": new_original, "new_hash": content_hash, "now": utcnow(),
    })


@cache
def _publication() -> Any:
    return select(Article.url_key, Article.original_url,
                  func.coalesce(Article.published_at, Article.fetched_at).label("published")).where(
        Article.id == bindparam("article_id"))


def article_publication(session: Session, article_id: int) -> Any:
    """(url_key, original_url, published) of a stored article: ``published`` its publication,
    else fetch, time; ``original_url`` the other site's page it names as its original. None
    when there is no such article."""
    return _run(session, _publication(), {"article_id": article_id}).first()


@cache
def _duplicate_candidates(dialect: str) -> Select[Any]:
    first_copy = (select(func.min(Article.id))
                  .where(Article.content_hash == bindparam("hash"), Article.id != bindparam("exclude")))
    bands = ArticleBand.__table__.c
    pairs = [(bands[name], bindparam(name, type_=BigInteger)) for name in _BAND_COLUMNS]
    matches = [cast(column == key, Integer) for column, key in pairs]
    shared = sum(matches[1:], matches[0])
    sharing = (
        select(bands.article_id)
        .where(or_(*(column == key for column, key in pairs)), bands.article_id != bindparam("exclude"))
        .order_by(shared.desc(), bands.article_id)
        .limit(bindparam("limit"))
    )
    return (
        select(Article.id, Article.content_hash, Article.duplicate_of_id, Article.story_id, Article.source_id,
               Article.title, Article.published_at, Article.language, Article.minhash, cast(Article.event_keys, Text).label("event_keys"),
               case((Article.minhash.is_(None), Article.body)).label("body"))
        .where(Article.id.in_(union_all(first_copy, sharing.subquery().select()))).order_by(Article.id)
    )


def duplicate_candidates(session: Session, content_hash: str, bands: Sequence[int], exclude_id: int,
                         limit: int = 50) -> list[Any]:
    """The first stored article with this body hash, and the articles sharing the most LSH
    bands (``bands``: band ``i``'s key at ``i``, none for a body too short; indexed lookups),
    in id order.

    Rows of (id, content_hash, duplicate_of_id, story_id, source_id, title, published_at, language, minhash,
    event_keys, body); ``event_keys`` as JSON text (most candidates are ruled out before it is read),
    the body only for articles stored without a signature."""
    return list(_run(session, _duplicate_candidates(_dialect(session)),
                     {"hash": content_hash, **_band_params(bands), "exclude": exclude_id, "limit": limit}))


#: The columns of article_bands holding band ``i``'s key, in band order.
_BAND_COLUMNS = tuple(f"band{band}" for band in range(BANDS))


def _band_params(bands: Sequence[int]) -> dict[str, int | None]:
    """The band keys as the parameters named after their columns (None: no bands, no match)."""
    return dict(zip(_BAND_COLUMNS, bands or [None] * len(_BAND_COLUMNS), strict=True))


def articles_query(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    source_slug: str | None = None,
    category: str | None = None,
) -> Select[tuple[Article]]:
    """Articles in publication (else fetch) time order, optionally filtered."""
    when = func.coalesce(Article.published_at, Article.fetched_at)
    query = select(Article).order_by(when, Article.id)
    if since is not None:
        query = query.where(when >= since)
    if until is not None:
        query = query.where(when < until)
    if source_slug is not None:
        query = query.join(Source, Source.id == Article.source_id).where(Source.slug == source_slug)
    if category is not None:
        query = query.where(Article.category == category)
    return query


def stream(session: Session, query: Select[Any], batch: int = 1000) -> Iterator[Any]:
    """Rows as they are read (server-side cursor on PostgreSQL), flat memory."""
    result = session.execute(query.execution_options(yield_per=batch, stream_results=True))
    for partition in result.scalars().partitions():
        yield from partition
        session.expunge_all()


def count_articles(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Article)).scalar_one())


# --- stories -----------------------------------------------------------------

#: What story matching and a story's record read of its articles (no body; ``event_keys``
#: as JSON text).
STORY_MEMBER_COLUMNS = (
    "id", "url_key", "url", "title", "summary", "language", "source_id", "published_at", "fetched_at",
    "category", "premiere_date", "premiere_precision", "event_keys", "duplicate_of_id", "story_id",
)


@cache
def _candidate_story_ids(dialect: str, earlier: bool) -> Select[Any]:
    """Stories reachable through the ``keys`` (best-connected first, at most ``limit``);
    ``earlier``: only those holding an article before ``before_when``, ``before_id`` in
    publication order (the bound applies before the limit)."""
    query = select(StoryKey.story_id).where(_one_of(StoryKey.key, "keys", dialect))
    if earlier:
        when, bound = func.coalesce(Article.published_at, Article.fetched_at), bindparam("before_when", type_=UTCDateTime())
        query = query.where(select(Article.id).where(
            Article.story_id == StoryKey.story_id,
            or_(when < bound, and_(when == bound, Article.id < bindparam("before_id")))).exists())
    return query.group_by(StoryKey.story_id).order_by(func.count().desc(), StoryKey.story_id).limit(bindparam("limit"))


def _member_columns() -> list[Any]:
    """The member columns, ``event_keys`` as JSON text (decoded only for the members story
    matching reads)."""
    return [cast(Article.event_keys, Text).label("event_keys") if name == "event_keys"
            else getattr(Article, name) for name in STORY_MEMBER_COLUMNS]


@cache
def _story_members(dialect: str) -> Select[Any]:
    return (select(*_member_columns())
            .where(_one_of(Article.story_id, "ids", dialect), Article.id != bindparam("exclude"))
            .order_by(Article.id))


@cache
def _candidate_members(earlier: bool) -> Select[Any]:
    stories = union_all(_candidate_story_ids("sqlite", earlier).subquery().select(), select(bindparam("also")))
    return (select(*_member_columns())
            .where(Article.story_id.in_(stories), Article.id != bindparam("exclude"))
            .order_by(Article.id))


@cache
def _locked_candidates(earlier: bool) -> Select[Any]:
    """The candidate stories' rows locked in id order. ``id = ANY(ARRAY(...))``: the ids are
    found first and their rows read by the primary key; ``id IN (...)`` was planned as a hash
    join over a scan of every story while the table is small enough (tens of thousands of rows)."""
    ids = union_all(_candidate_story_ids("postgresql", earlier).subquery().select(),
                    select(cast(bindparam("also"), BigInteger)))
    return (select(Story.id).where(Story.id == any_(func.array(ids.scalar_subquery())))
            .order_by(Story.id).with_for_update())


def candidate_members(session: Session, keys: Sequence[str], *, also: int | None = None, limit: int = 50,
                      exclude_id: int = 0, before: tuple[datetime, int] | None = None) -> list[Any]:
    """The :data:`STORY_MEMBER_COLUMNS` of the articles (but ``exclude_id``) of the stories
    reachable through ``keys`` — at most ``limit``, best-connected first, and with ``before``
    (a publication time and article id) only stories holding an article before it — and of story
    ``also``, id order.

    On PostgreSQL those stories are row-locked first, in id order, so concurrent
    assignments to one story queue up and the members read are the latest; SQLite runs
    one writer at a time, so one statement reads them.
    """
    if not keys and also is None:
        return []
    params = {"keys": list(keys), "limit": limit, "also": also, "exclude": exclude_id}
    if before is not None:
        params.update(before_when=before[0], before_id=before[1])
    if _dialect(session) != "postgresql":
        return list(_run(session, _candidate_members(before is not None), params))
    ids = list(_run(session, _locked_candidates(before is not None), params).scalars())
    return story_members(session, ids, exclude_id=exclude_id)


def story_members(session: Session, story_ids: Iterable[int], exclude_id: int = 0) -> list[Any]:
    """The :data:`STORY_MEMBER_COLUMNS` of the articles of these stories, id order."""
    ids = sorted(set(story_ids))
    if not ids:
        return []
    return list(_run(session, _story_members(_dialect(session)), {"ids": ids, "exclude": exclude_id}))


@cache
def _insert_story() -> Any:
    return insert(Story.__table__).returning(Story.__table__.c.id)


def insert_story(session: Session, values: Mapping[str, Any]) -> int:
    """A new story row with these column values; returns its id."""
    return int(_run(session, _insert_story(), dict(values)).scalar_one())


@cache
def _update_story() -> Any:
    table = Story.__table__
    return update(table).where(table.c.id == bindparam("story_id_"))


def update_story(session: Session, story_id: int, values: Mapping[str, Any]) -> None:
    """Set these column values of a story."""
    _run(session, _update_story(), {**values, "story_id_": story_id})


def add_story_keys(session: Session, story_id: int, keys: Iterable[str]) -> None:
    _insert_rows(session, StoryKey.__table__, ("key",), [(key,) for key in dict.fromkeys(keys)],
                 story_id=story_id)


def merge_story(session: Session, *, into: int, other: int) -> None:
    """Move the articles and keys of story ``other`` into story ``into`` and drop ``other``."""
    keys = session.execute(select(StoryKey.key).where(StoryKey.story_id == other)).scalars().all()
    session.execute(update(Article).where(Article.story_id == other).values(story_id=into, updated_at=utcnow()))
    add_story_keys(session, into, keys)
    delete_story(session, other)


def delete_story(session: Session, story_id: int) -> None:
    clear_story_keys(session, story_id)
    session.execute(delete(Story).where(Story.id == story_id))


def clear_story_keys(session: Session, story_id: int) -> None:
    session.execute(delete(StoryKey).where(StoryKey.story_id == story_id))


def story_articles(session: Session, story_id: int) -> list[Article]:
    return list(
        session.execute(
            select(Article).where(Article.story_id == story_id).order_by(
                func.coalesce(Article.published_at, Article.fetched_at), Article.id
            )
        ).scalars()
    )


# --- entities ------------------------------------------------------------------


# The entity lookups name the kinds as well as the keys: the unique (kind, key) indexes lead
# with the kind, and a lookup by key alone read the whole table (or index) for every article,
# a cost growing with the number of names ever stored.


@cache
def _entity_ids_by_alias(dialect: str) -> Select[Any]:
    return select(EntityAlias.kind, EntityAlias.alias_key, EntityAlias.entity_id).where(
        _one_of(EntityAlias.kind, "kinds", dialect), _one_of(EntityAlias.alias_key, "keys", dialect))


def entity_ids_by_alias(session: Session, pairs: Collection[tuple[str, str]]) -> list[Any]:
    """(kind, alias key, entity id) of the aliases with one of these (kind, alias key) ``pairs``."""
    return _by_kind_and_key(session, _entity_ids_by_alias(_dialect(session)), pairs)


@cache
def _entity_ids_by_key(dialect: str) -> Select[Any]:
    return select(Entity.kind, Entity.key, Entity.id).where(
        _one_of(Entity.kind, "kinds", dialect), _one_of(Entity.key, "keys", dialect))


def entity_ids_by_key(session: Session, pairs: Collection[tuple[str, str]]) -> list[Any]:
    """(kind, key, id) of the entities with one of these (kind, canonical key) ``pairs``."""
    return _by_kind_and_key(session, _entity_ids_by_key(_dialect(session)), pairs)


def _by_kind_and_key(session: Session, statement: Select[Any], pairs: Collection[tuple[str, str]]) -> list[Any]:
    """The rows of an entity lookup (``kind``, key, id) for these (kind, key) ``pairs``: the statement
    probes every kind with every key (indexed), and only the pairs asked for are kept."""
    wanted = set(pairs)
    if not wanted:
        return []
    rows = _run(session, statement, {"kinds": sorted({kind for kind, _key in wanted}),
                                     "keys": sorted({key for _kind, key in wanted})})
    return [row for row in rows if (row[0], row[1]) in wanted]


def add_entities(session: Session, rows: Sequence[tuple[str, str, str, bool]]) -> list[Any]:
    """Entities as (kind, key, name, named) rows; those already known are left alone.
    Returns (kind, key, id) of the entities this call created."""
    return _insert_rows(session, Entity.__table__, ("kind", "key", "name", "named"), rows,
                        returning=("kind", "key", "id"), created_at=utcnow())


def add_entity_aliases(session: Session, rows: Sequence[tuple[str, str, str, int]]) -> list[Any]:
    """Aliases as (kind, alias_key, alias, entity_id) rows; an alias key already taken stays
    with its entity. Returns (kind, alias_key, entity_id) of the aliases this call added."""
    return _insert_rows(session, EntityAlias.__table__, ("kind", "alias_key", "alias", "entity_id"), rows,
                        returning=("kind", "alias_key", "entity_id"))


_ENTITY_LINK_COLUMNS = ("entity_id", "role", "text")


def link_article_entities(session: Session, article_id: int, rows: Sequence[tuple[int, str, str]]) -> None:
    """The entities an article names, as (entity_id, role, text) rows."""
    _insert_rows(session, ArticleEntity.__table__, _ENTITY_LINK_COLUMNS, rows, article_id=article_id)


# --- an article's links ----------------------------------------------------------


@dataclass(frozen=True)
class StoryWrite:
    """The story an article is assigned to: a new one (``story_id`` None) or the new column
    values of an existing one, and the keys under which it is found (added to its keys)."""

    story_id: int | None
    values: Mapping[str, Any]
    keys: Sequence[str]


@dataclass(frozen=True)
class ArticleLinks:
    """What a stored article is linked to, written by :func:`write_article_links`: the
    entities it names as (entity_id, role, text) rows, its LSH band keys, its story, and
    the article it copies."""

    article_id: int
    entities: Sequence[tuple[int, str, str]]
    bands: Sequence[int]
    story: StoryWrite
    duplicate_of_id: int | None = None
    duplicate_kind: str | None = None


@cache
def _unlink_article() -> tuple[Any, ...]:
    return tuple(delete(table).where(table.c.article_id == bindparam("article_id"))
                 for table in (ArticleEntity.__table__, ArticleBand.__table__))


def delete_article(session: Session, article_id: int) -> None:
    """Delete an article row stored by the caller's transaction, before anything links to it."""
    session.execute(delete(Article).where(Article.id == article_id))


def unlink_article(session: Session, article_id: int) -> None:
    """Drop the entity links and band keys of an article's previous version (it changed)."""
    for statement in _unlink_article():
        _run(session, statement, {"article_id": article_id})


def write_article_links(session: Session, links: ArticleLinks) -> int:
    """Write an article's links (see :class:`ArticleLinks`) with its story's row and keys;
    returns the story id.

    On PostgreSQL this is one statement (data-modifying CTEs): one round trip to the
    server where separate statements take five. SQLite runs in process, so it runs
    them one by one.
    """
    story = links.story
    entities = links.entities
    bands = [tuple(links.bands)] if links.bands else []
    keys = [(key,) for key in story.keys]
    duplicate = {"duplicate_of_id": links.duplicate_of_id, "duplicate_kind": links.duplicate_kind}
    if _dialect(session) == "postgresql":
        params = {f"story_{name}": value for name, value in story.values.items()}
        params.update(duplicate, article_id=links.article_id, story_id_=story.story_id, **_arrays("k", keys, 1),
                      **_arrays("e", entities, len(_ENTITY_LINK_COLUMNS)), **_arrays("b", bands, len(_BAND_COLUMNS)))
        return int(_run(session, _article_links_statement(story.story_id is None), params).scalar_one())
    if story.story_id is None:
        story_id = insert_story(session, story.values)
    else:
        story_id = story.story_id
        update_story(session, story_id, story.values)
    add_story_keys(session, story_id, story.keys)
    link_article_entities(session, links.article_id, entities)
    _insert_rows(session, ArticleBand.__table__, _BAND_COLUMNS, bands, article_id=links.article_id)
    set_article_links(session, links.article_id, **duplicate, story_id=story_id)
    return story_id


@cache
def _article_links_statement(new_story: bool) -> Any:
    """PostgreSQL: the story row written (inserted, or updated by id ``story_id_``), its keys,
    the article's entity links and bands inserted, and its story and duplicate link set,
    all in one statement that returns the story id."""
    stories, articles = Story.__table__, Article.__table__
    values = {column.name: bindparam(f"story_{column.name}", type_=column.type)
              for column in stories.c if column.name != "id"}
    if new_story:
        story = insert(stories).values(values)
    else:
        story = update(stories).where(stories.c.id == bindparam("story_id_", type_=BigInteger)).values(values)
    story_id = select(story.returning(stories.c.id).cte("story").c.id).scalar_subquery()
    article_id = bindparam("article_id", type_=BigInteger)
    writes = (
        _unnest_insert(StoryKey.__table__, ("key",), "k", {"story_id": story_id}).cte("story_keys_added"),
        _unnest_insert(ArticleEntity.__table__, _ENTITY_LINK_COLUMNS, "e", {"article_id": article_id})
        .cte("entities_linked"),
        _unnest_insert(ArticleBand.__table__, _BAND_COLUMNS, "b", {"article_id": article_id}).cte("bands_added"),
    )
    return (update(articles).where(articles.c.id == article_id)
            .values(duplicate_of_id=bindparam("duplicate_of_id", type_=BigInteger),
                    duplicate_kind=bindparam("duplicate_kind", type_=articles.c.duplicate_kind.type),
                    story_id=story_id)
            .returning(articles.c.story_id).add_cte(*writes))


# --- crawl runs --------------------------------------------------------------


def start_crawl_run(session: Session, source_slug: str, pid: int | None, host: str | None = None) -> int:
    run = CrawlRun(source_slug=source_slug, started_at=utcnow(), status="running", pid=pid, host=host)
    session.add(run)
    session.flush()
    return run.id


def finish_crawl_run(session: Session, run_id: int, **values: Any) -> None:
    session.execute(
        update(CrawlRun).where(CrawlRun.id == run_id).values(finished_at=utcnow(), **values)
    )


#: How the error of a run :func:`mark_interrupted_runs` marked begins.
INTERRUPTED = "interrupted: the crawl process ended without finishing"


def mark_interrupted_runs(
    session: Session, source_slug: str | None, is_alive: Callable[[int], bool], host: str | None = None
) -> int:
    """Runs still 'running' whose process is gone were killed: mark them failed (those of
    one source, or of every source when ``source_slug`` is None). With ``host``, only the runs
    of that machine (and those that name none) are judged: another machine's process ids mean
    nothing here."""
    query = select(CrawlRun).where(CrawlRun.status == "running")
    if host is not None:
        query = query.where(or_(CrawlRun.host.is_(None), CrawlRun.host == host))
    if source_slug is not None:
        query = query.where(CrawlRun.source_slug == source_slug)
    stale = session.execute(query).scalars().all()
    count = 0
    for run in stale:
        if run.pid is None or not is_alive(run.pid):
            end_unrecorded_run(session, run, status="failed",
                               error=INTERRUPTED + (f"; before that: {run.error}" if run.error else ""))
            count += 1
    return count


def end_unrecorded_run(session: Session, run: CrawlRun, **values: Any) -> None:
    """Finish a run whose process ended without recording its end (killed, crashed), with
    ``values`` and the counts of :func:`stored_by_run` (its own counters were never written).
    The pages it did not store (a dead link's 404, a page that is no article) are forgotten, so
    the next run asks for them again and reports them: the run's own report of them is lost, and
    crawls would have skipped them for hours or days unsaid. (Seen URLs do not name their source:
    another source's crawl running meanwhile has its dropped pages asked for once more too.)"""
    counts = stored_by_run(session, run)
    session.execute(delete(SeenUrl).where(
        SeenUrl.article_id.is_(None), SeenUrl.dropped.is_not(None),
        SeenUrl.seen_at >= run.started_at, SeenUrl.seen_at < _run_until(session, run)))
    session.execute(update(CrawlRun).where(CrawlRun.id == run.id).values(
        finished_at=run.finished_at or utcnow(),
        articles_new=max(run.articles_new, counts["new"]),
        articles_updated=max(run.articles_updated, counts["updated"]),
        articles_unchanged=max(run.articles_unchanged, counts["unchanged"]),
        # at least one page per article it stored or fetched again (its feeds and failed pages unknown)
        pages_fetched=max(run.pages_fetched, sum(counts.values())),
        **values))
    session.refresh(run)


def stored_by_run(session: Session, run: CrawlRun) -> dict[str, int]:
    """What a run stored, read from its source's articles: first stored (``new``), stored again
    as a new version (``updated``) or fetched again unchanged (``unchanged``) between its start
    and the start of the source's next run (or now). Articles do not name the run that stored
    them: distributed workers crawling the same source meanwhile would count too."""
    until = _run_until(session, run)
    checked = func.coalesce(Article.checked_at, Article.fetched_at)
    stored = and_(Article.fetched_at >= run.started_at, Article.fetched_at < until)
    new, updated, unchanged = session.execute(
        select(func.count().filter(stored, Article.version == 1), func.count().filter(stored, Article.version > 1),
               func.count().filter(Article.fetched_at < run.started_at))
        .join(Source, Source.id == Article.source_id)
        .where(Source.slug == run.source_slug, checked >= run.started_at, checked < until)
    ).one()
    return {"new": int(new), "updated": int(updated), "unchanged": int(unchanged)}


def _run_until(session: Session, run: CrawlRun) -> datetime:
    """When a run's part of its source's history ends: the start of the source's next run, or now."""
    until: datetime | None = session.execute(select(func.min(CrawlRun.started_at)).where(
        CrawlRun.source_slug == run.source_slug, CrawlRun.started_at > run.started_at)).scalar_one()
    return until or utcnow()


def recent_runs(session: Session, source_slug: str, limit: int = 20) -> list[CrawlRun]:
    return list(
        session.execute(
            select(CrawlRun)
            .where(CrawlRun.source_slug == source_slug)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(limit)
        ).scalars()
    )


# --- feed validators -----------------------------------------------------------


def feed_validators(session: Session, urls: Sequence[str]) -> dict[str, FeedState]:
    if not urls:
        return {}
    rows = session.execute(select(FeedState).where(FeedState.url.in_(list(urls)))).scalars()
    return {row.url: row for row in rows}


@dataclass(frozen=True)
class FeedValidators:
    """What a feed, sitemap or listing answered with, kept under the URL that was asked for;
    ``follows``: the fingerprint of the settings that decided what was followed from it."""

    url: str
    etag: str | None
    last_modified: str | None
    status: int
    follows: str | None = None


def save_feed_validators(session: Session, validators: Sequence[FeedValidators]) -> None:
    if not validators:
        return
    now = utcnow()
    stmt = _insert(session, FeedState).values([
        {"url": v.url, "etag": v.etag, "last_modified": v.last_modified, "status": v.status, "checked_at": now,
         "follows": v.follows}
        for v in {v.url: v for v in validators}.values()  # the last answer of each URL
    ])
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[FeedState.url],
            set_={"etag": stmt.excluded.etag, "last_modified": stmt.excluded.last_modified,
                  "status": stmt.excluded.status, "checked_at": stmt.excluded.checked_at,
                  "follows": stmt.excluded.follows},
        )
    )


def forget_feed_validators(session: Session, urls: Sequence[str]) -> None:
    """Drop the validators of these URLs: their next request is not conditional."""
    if urls:
        session.execute(delete(FeedState).where(FeedState.url.in_(list(urls))))


def forget_all_feed_validators(session: Session) -> int:
    """Drop every stored validator (the next read of each feed, sitemap and listing is whole);
    returns how many there were."""
    return int(session.execute(delete(FeedState)).rowcount or 0)


# --- digests -------------------------------------------------------------------


def save_digest(session: Session, *, created_at: datetime | None = None, **values: Any) -> int:
    """Store a digest; ``created_at``: when it was made (it read the stored data then), else now."""
    digest = Digest(created_at=created_at or utcnow(), **values)
    session.add(digest)
    session.flush()
    return digest.id


def _in_chain(mailed: bool) -> Any:
    """The digests of one daily chain: those e-mailed (the scheduler's, ``--email``) or those read
    where they were made. Each chain goes on from its own: printing a digest to look at it
    leaves out nothing of the next one mailed."""
    return and_(Digest.chained, Digest.emailed_at.is_not(None) if mailed else Digest.emailed_at.is_(None))


def chain_begun(session: Session, mailed: bool = False) -> tuple[datetime, datetime] | None:
    """(window start, when made) of the first digest of the chain (:func:`_in_chain`) that recorded the
    articles it showed; None before it."""
    first = session.execute(select(func.min(Digest.window_start), func.min(Digest.created_at))
                            .where(_in_chain(mailed), Digest.recorded)).one()
    return None if first[0] is None else (first[0], first[1])


def chain_started(session: Session, mailed: bool = False) -> bool:
    """Whether the chain (:func:`_in_chain`) has a digest, one stored before digests recorded the
    articles they showed too."""
    return session.execute(select(Digest.id).where(_in_chain(mailed)).limit(1)).first() is not None


def record_digest_articles(session: Session, digest_id: int, article_ids: Iterable[int]) -> None:
    """The articles a digest of the chain showed as its own news."""
    rows = [{"digest_id": digest_id, "article_id": article_id} for article_id in sorted(set(article_ids))]
    if rows:
        session.execute(insert(DigestArticle), rows)


def digest_was_emailed(session: Session, start: datetime, end: datetime) -> bool:
    """Whether a digest of the window ``[start, end)`` was sent by e-mail."""
    return session.execute(select(Digest.id).where(
        Digest.window_start == start, Digest.window_end == end, Digest.emailed_at.is_not(None)).limit(1)
    ).first() is not None


def digests_read_until(session: Session, mailed: bool = False) -> datetime | None:
    """How far the stored digests of the daily chain read the news (None before the first): each read to the
    end of its window, or to when it was made if that came first (a digest of today saw
    today only up to then); one of a day that had not begun when it was made (a future
    ``--date``) read nothing."""
    read_until = case((Digest.window_end < Digest.created_at, Digest.window_end), else_=Digest.created_at)
    return session.execute(
        select(func.max(type_coerce(read_until, Digest.window_end.type)))
        .where(_in_chain(mailed), Digest.window_start < Digest.created_at)
    ).scalar_one()


# --- digest & export queries ---------------------------------------------------
# Owned by the digest/export helper (pipeline/digest.py, pipeline/export.py,
# pipeline/feeds_out.py). Read-only queries; every one is bounded by an indexed
# column or streams its rows.



def _article_time() -> Any:
    return func.coalesce(Article.published_at, Article.fetched_at)


def _unshown(window: tuple[datetime, datetime], mailed: bool) -> Any:
    """The article was not shown by a digest of the chain of another window than ``window``
    (an earlier make of the same window showed it as this one shows it again)."""
    start, end = window
    return ~select(DigestArticle.article_id).join(Digest, Digest.id == DigestArticle.digest_id).where(
        DigestArticle.article_id == Article.id, _in_chain(mailed),
        or_(Digest.window_start != start, Digest.window_end != end)).exists()


def _shown_in(window: tuple[datetime, datetime], mailed: bool) -> Any:
    """The article was shown by a digest of the chain of ``window`` (an earlier make of it)."""
    start, end = window
    return select(DigestArticle.article_id).join(Digest, Digest.id == DigestArticle.digest_id).where(
        DigestArticle.article_id == Article.id, _in_chain(mailed),
        Digest.window_start == start, Digest.window_end == end).exists()


def _published_between(start: datetime, end: datetime, *where: Any) -> list[Select[Any]]:
    """(story id, article id) of the articles published (else fetched) in ``[start, end)``: two
    indexed range scans (``published_at``; ``fetched_at`` for undated articles) instead of a scan
    of ``coalesce(...)`` over the whole table."""
    columns = (Article.story_id, Article.id)
    return [select(*columns).where(Article.published_at >= start, Article.published_at < end,
                                   Article.story_id.is_not(None), *where),
            select(*columns).where(Article.published_at.is_(None), Article.fetched_at >= start,
                                   Article.fetched_at < end, Article.story_id.is_not(None), *where)]


def window_articles(session: Session, start: datetime, end: datetime, *,
                    chain: bool | None = None) -> list[tuple[int, int]]:
    """(story id, article id) of the articles published (else fetched) in ``[start, end)``; with
    ``chain`` (True: the mailed chain, False: the one read), less those a digest of that chain
    of another window showed."""
    where = () if chain is None else (_unshown((start, end), chain),)
    return [tuple(row) for query in _published_between(start, end, *where) for row in session.execute(query)]


def late_arrivals(session: Session, window: tuple[datetime, datetime], *, published_from: datetime,
                  begun: tuple[datetime, datetime] | None, mailed: bool = False) -> list[tuple[int, int]]:
    """(story id, article id) of the articles published in ``[published_from, window start)`` that
    no digest of the chain (of another window) showed, though it read their time since it began
    (``begun``: its first window's start, and when that was made), or that were first fetched
    since then (a new source's backlog), or that a digest of this window showed (the first digest's
    late arrivals, when it is made again). ``begun`` None: the chain's first digest, before which
    no digest read anything, takes every article of the range."""
    where = [_unshown(window, mailed)]
    if begun is not None:
        began, made = begun
        where.append(or_(func.coalesce(Article.published_at, Article.fetched_at) >= began,
                         Article.fetched_at >= made, _shown_in(window, mailed)))
    queries = _published_between(published_from, window[0], *where)
    return [tuple(row) for query in queries for row in session.execute(query)]


def stories_by_ids(session: Session, story_ids: Sequence[int]) -> list[Story]:
    found: list[Story] = []
    for start in range(0, len(story_ids), 500):
        batch = list(story_ids[start : start + 500])
        found.extend(session.execute(select(Story).where(Story.id.in_(batch))).scalars())
    return sorted(found, key=lambda s: s.id)


def articles_of_stories(
    session: Session, story_ids: Sequence[int], before: datetime | None = None
) -> dict[int, list[Article]]:
    """story id → its articles (published, else fetched, before ``before``), oldest first."""
    by_story: dict[int, list[Article]] = {sid: [] for sid in story_ids}
    when = _article_time()
    for start in range(0, len(story_ids), 500):
        batch = list(story_ids[start : start + 500])
        query = select(Article).where(Article.story_id.in_(batch))
        if before is not None:
            query = query.where(when < before)
        for article in session.execute(query.order_by(when, Article.id)).scalars():
            assert article.story_id is not None
            by_story[article.story_id].append(article)
    return by_story


def stories_premiering(session: Session, first: Any, last: Any) -> list[Story]:
    """Stories with a day-precise premiere date in ``[first, last]`` (indexed)."""
    return list(
        session.execute(
            select(Story)
            .where(Story.premiere_date >= first, Story.premiere_date <= last,
                   func.coalesce(Story.premiere_precision, "day") == "day")
            .order_by(Story.premiere_date, Story.id)
        ).scalars()
    )


def stories_with_premiere(session: Session, show_keys: Iterable[str] | None = None, *,
                          dated_from: date | None = None, spanning: datetime | None = None) -> list[Story]:
    """Every story with a premiere date, of any precision (a later "moved to January" moves
    a day given before); with ``show_keys``, only those about these shows; with
    ``dated_from``, only those dated then or later; with ``spanning``, only those with
    articles published both before and since that time (all indexed)."""
    query = select(Story).where(Story.premiere_date.is_not(None)).order_by(Story.premiere_date, Story.id)
    if spanning is not None:
        query = query.where(Story.first_published_at < spanning, Story.last_published_at >= spanning)
    if show_keys is not None:
        query = query.where(Story.show_key.in_(sorted(set(show_keys))))
    if dated_from is not None:
        query = query.where(Story.premiere_date >= dated_from)
    return list(session.execute(query).scalars())


def crawl_runs_between(session: Session, start: datetime, end: datetime) -> list[CrawlRun]:
    """Crawl runs started in ``[start, end)``, newest first per source."""
    return list(
        session.execute(
            select(CrawlRun)
            .where(CrawlRun.started_at >= start, CrawlRun.started_at < end)
            .order_by(CrawlRun.source_slug, CrawlRun.started_at.desc(), CrawlRun.id.desc())
        ).scalars()
    )


def fetched_between(session: Session, start: datetime, end: datetime) -> bool:
    """Whether any article was first stored in ``[start, end)`` (indexed on ``fetched_at``):
    distributed workers crawl without crawl runs."""
    return session.execute(
        select(Article.id).where(Article.fetched_at >= start, Article.fetched_at < end).limit(1)
    ).first() is not None


def source_labels(session: Session) -> dict[int, tuple[str, str]]:
    """id → (slug, name) of every source (a catalogue is small)."""
    rows = session.execute(select(Source.id, Source.slug, Source.name))
    return {source_id: (slug, name) for source_id, slug, name in rows}


def source_slug_names(session: Session) -> dict[str, str]:
    return {row.slug: row.name for row in session.execute(select(Source.slug, Source.name))}


def entity_ids_for_keys(session: Session, kind: str, keys: Iterable[str]) -> set[int]:
    """Entities known under any of ``keys`` (their canonical key or an alias key)."""
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    by_alias = select(EntityAlias.entity_id).where(
        EntityAlias.kind == kind, EntityAlias.alias_key.in_(wanted)
    )
    by_key = select(Entity.id).where(Entity.kind == kind, Entity.key.in_(wanted))
    return {row[0] for row in session.execute(by_alias.union(by_key))}


def entity_spellings(session: Session, kind: str) -> Iterator[tuple[int, str]]:
    """(entity id, spelling) for every stored name and alias of ``kind``, read in partitions."""
    names = select(Entity.id, Entity.name).where(Entity.kind == kind)
    aliases = select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.kind == kind)
    for rows in stream_rows(session, names.union_all(aliases)):
        yield from rows


def story_subjects(session: Session) -> Iterator[tuple[str, list[str], int]]:
    """(a story's show key, the keys of the shows an article of it is about, how many of its
    articles are about just those) for the stories about a show: one row per distinct pair,
    counted by the database, not one per article."""
    subject = Article.event_keys["subject"].as_string()
    query = (select(Story.show_key, subject, func.count()).join(Story, Story.id == Article.story_id)
             .where(Story.show_key.is_not(None)).group_by(Story.show_key, subject))
    for rows in stream_rows(session, query):
        for show_key, keys, reports in rows:
            yield show_key, [key for key in json.loads(keys or "[]") or () if not key.startswith("~")], reports


def expand_entity_keys(session: Session, kind: str, keys: Iterable[str]) -> set[str]:
    """``keys`` plus every other key (canonical or alias) of the entities they name."""
    keys = set(keys)
    ids = entity_ids_for_keys(session, kind, keys)
    if not ids:
        return keys
    aliases = select(EntityAlias.alias_key).where(EntityAlias.entity_id.in_(sorted(ids)))
    canonical = select(Entity.key).where(Entity.id.in_(sorted(ids)))
    return keys | {row[0] for row in session.execute(aliases.union(canonical))}


def recent_stories(session: Session, *, since: datetime | None = None, limit: int = 50) -> list[Story]:
    """The most recently reported stories, newest first (indexed on last_published_at)."""
    query = select(Story).order_by(Story.last_published_at.desc(), Story.id.desc()).limit(limit)
    if since is not None:
        query = query.where(Story.last_published_at >= since)
    return list(session.execute(query).scalars())


def stream_rows(session: Session, query: Select[Any], batch: int = 2000) -> Iterator[Sequence[Any]]:
    """Core rows in partitions as they are read (server-side cursor on PostgreSQL)."""
    result = session.execute(query.execution_options(yield_per=batch, stream_results=True))
    yield from result.partitions()


def _filter_articles(
    query: Select[Any],
    *,
    since: datetime | None,
    until: datetime | None,
    category: str | None,
    source_slug: str | None,
    entity_ids: Sequence[set[int]] = (),
    changed_since: datetime | None = None,
    show: ShowFilter | None = None,
) -> Select[Any]:
    when = _article_time()
    if changed_since is not None:  # stored or changed since (indexed)
        query = query.where(Article.updated_at >= changed_since)
    if since is not None:
        query = query.where(when >= since)
    if until is not None:
        query = query.where(when < until)
    if category is not None:
        query = query.where(Article.category == category)
    if source_slug is not None:
        query = query.where(
            Article.source_id.in_(select(Source.id).where(Source.slug == source_slug))
        )
    for ids in entity_ids:
        query = query.where(
            Article.id.in_(select(ArticleEntity.article_id).where(ArticleEntity.entity_id.in_(sorted(ids))))
        )
    if show is not None:
        query = query.where(or_(
            Article.id.in_(select(ArticleEntity.article_id).where(ArticleEntity.entity_id.in_(sorted(show.entity_ids)))),
            Article.story_id.in_(sorted(show.story_ids)),
        ))
    return query


class ShowFilter(NamedTuple):
    """A show filter: the show's entities (any of its spellings), and the stories about one of
    them (:func:`stories_about_shows`), whose articles count as the show's whatever title
    they write."""

    entity_ids: frozenset[int]
    story_ids: frozenset[int]


def stories_about_shows(session: Session, show_ids: Iterable[int]) -> set[int]:
    """The stories with an article about one of these shows (one of its subject shows,
    ``event_keys["subject"]``, is known under a key of one of them), not one naming it only
    in passing. A story of reports in several languages is about each title its articles
    give its show, linked or not. Reads only the articles that name these shows (through
    the entity link index)."""
    ids = sorted(set(show_ids))
    if not ids:
        return set()
    keys = {row[0] for row in session.execute(
        select(EntityAlias.alias_key).where(EntityAlias.entity_id.in_(ids))
        .union(select(Entity.key).where(Entity.id.in_(ids))))}
    naming = select(ArticleEntity.article_id).where(ArticleEntity.entity_id.in_(ids))
    rows = session.execute(select(Article.story_id, Article.event_keys).where(
        Article.id.in_(naming), Article.story_id.is_not(None)))
    return {story_id for story_id, event in rows if keys.intersection((event or {}).get("subject") or ())}


EXPORT_ARTICLE_COLUMNS = (
    "id", "source_id", "url", "canonical_url", "title", "published_at", "modified_at",
    "fetched_at", "language", "authors", "category", "premiere_date", "premiere_precision",
    "tags", "summary", "image_url", "duplicate_of_id", "duplicate_kind", "story_id", "version",
    "content_hash", "previous_hash", "event_keys", "body", "published_raw", "published_offset_minutes", "paywalled",
)


#: Time columns, handed over by :func:`article_export_pages` as ISO 8601 UTC text
#: (``YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00``, as ``datetime.isoformat()`` writes it).
EXPORT_TIME_COLUMNS = frozenset({"published_at", "modified_at", "fetched_at"})
#: Date columns, handed over as ``YYYY-MM-DD``.
EXPORT_DATE_COLUMNS = frozenset({"premiere_date"})
#: JSON columns, handed over as their stored JSON text.
EXPORT_JSON_COLUMNS = frozenset({"authors", "tags", "event_keys"})


def _export_column(name: str, dialect: str) -> Any:
    """An export column as the same value on every backend (see :func:`article_export_pages`).

    The database writes the text: SQLite holds times (UTC, as SQLAlchemy stores them:
    ``YYYY-MM-DD HH:MM:SS.ffffff``), dates and JSON as text already; PostgreSQL writes it
    (``to_char``, a cast), which costs its server less than building datetimes, decoding
    JSON and reformatting them costs the client. Flags (SQLite's 0 and 1) come as the driver gives them.
    """
    column = getattr(Article, name)
    postgres = dialect == "postgresql"
    if name in EXPORT_TIME_COLUMNS:
        if postgres:
            text = func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
        else:
            text = func.replace(type_coerce(column, Text), " ", "T").concat("+00:00")
        return func.replace(text, ".000000+", "+")  # isoformat() leaves out zero microseconds
    if name in EXPORT_DATE_COLUMNS:
        return func.to_char(column, "YYYY-MM-DD") if postgres else type_coerce(column, Text)
    if name in EXPORT_JSON_COLUMNS:
        return cast(column, Text) if postgres else type_coerce(column, Text)
    return column


def article_export_pages(
    session: Session,
    *,
    batch: int = 2000,
    since: datetime | None = None,
    until: datetime | None = None,
    category: str | None = None,
    source_slug: str | None = None,
    entity_ids: Sequence[set[int]] = (),
    changed_since: datetime | None = None,
    show: ShowFilter | None = None,
) -> Iterator[list[tuple[Any, ...]]]:
    """The export columns of the matching articles as plain driver tuples, ``batch`` at a time.

    Keyset pages in id order (``id > last ORDER BY id LIMIT batch``): each page is
    one indexed range read, memory stays flat on every backend without holding a
    server-side cursor, and rows skip SQLAlchemy's per-row and per-type
    processing — the export of a million articles is bound by writing, not reading.
    The values are the same on every backend: times as ISO 8601 UTC text, dates as
    ``YYYY-MM-DD``, JSON columns as their JSON text, the other columns as the driver
    gives them (integers, text, ``None``).
    """
    dialect = session.get_bind().dialect.name
    columns = [_export_column(name, dialect) for name in EXPORT_ARTICLE_COLUMNS]
    query = _filter_articles(select(*columns).order_by(Article.id).limit(batch), since=since,
                             until=until, category=category, source_slug=source_slug,
                             entity_ids=entity_ids, changed_since=changed_since, show=show)
    connection = session.connection()
    last = 0
    while True:
        result = connection.execute(query.where(Article.id > last))
        rows = result.cursor.fetchall()  # the DB-API rows themselves
        result.close()
        if not rows:
            return
        yield rows
        if len(rows) < batch:
            return
        last = rows[-1][0]


def export_articles_query(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    category: str | None = None,
    source_slug: str | None = None,
    entity_ids: Sequence[set[int]] = (),
    changed_since: datetime | None = None,
    show: ShowFilter | None = None,
) -> Select[Any]:
    """Article columns for export in id order (the primary key: no sort of the table);
    ``changed_since``: stored or changed at or after (``updated_at``: a new version, a move to
    another story, a new original); ``show``: naming the show or in a story about it."""
    columns = [getattr(Article, name) for name in EXPORT_ARTICLE_COLUMNS]
    query = select(*columns).order_by(Article.id)
    return _filter_articles(query, since=since, until=until, category=category,
                            source_slug=source_slug, entity_ids=entity_ids, changed_since=changed_since,
                            show=show)


def export_stories_query(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    category: str | None = None,
    source_slug: str | None = None,
    entity_ids: Sequence[set[int]] = (),
    changed_since: datetime | None = None,
    show: ShowFilter | None = None,
) -> Select[Any]:
    """Story columns of the stories active in ``[since, until)`` (by their articles' span), id
    order; ``changed_since``: whose record was written at or after (a new article, a merge);
    ``entity_ids``: with an article naming one of each set; ``show``: about one of these
    shows (the story's show is any spelling of them, or one of its articles is about one)."""
    query = select(*Story.__table__.c).order_by(Story.id)
    if show is not None:
        query = query.where(or_(
            Story.show_key.in_(select(EntityAlias.alias_key).where(
                EntityAlias.kind == "show", EntityAlias.entity_id.in_(sorted(show.entity_ids)))),
            Story.id.in_(sorted(show.story_ids))))
    if changed_since is not None:
        query = query.where(Story.updated_at >= changed_since)
    if since is not None:
        query = query.where(Story.last_published_at >= since)
    if until is not None:
        query = query.where(Story.first_published_at < until)
    if category is not None:
        query = query.where(Story.category == category)
    if source_slug is not None or entity_ids:
        members = _filter_articles(select(Article.story_id), since=None, until=None, category=None,
                                   source_slug=source_slug, entity_ids=entity_ids)
        query = query.where(Story.id.in_(members.where(Article.story_id.is_not(None))))
    return query


def export_entities_query(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    category: str | None = None,
    source_slug: str | None = None,
    entity_ids: Sequence[set[int]] = (),
    show: ShowFilter | None = None,
) -> Select[Any]:
    """Entities with how many (filtered) articles mention them, id order.

    With filters, only entities mentioned in the matching articles are listed.
    """
    filtered = (since is not None or until is not None or category or source_slug or entity_ids
                or show is not None)
    mentions = select(ArticleEntity.entity_id, func.count(func.distinct(ArticleEntity.article_id)).label("n"))
    if filtered:
        articles = _filter_articles(select(Article.id), since=since, until=until, category=category,
                                    source_slug=source_slug, entity_ids=entity_ids, show=show)
        mentions = mentions.where(ArticleEntity.article_id.in_(articles))
    counts = mentions.group_by(ArticleEntity.entity_id).subquery()
    query = select(Entity.id, Entity.kind, Entity.key, Entity.name, Entity.named, Entity.created_at,
                   func.coalesce(counts.c.n, 0).label("article_count"))
    if filtered:
        query = query.join(counts, counts.c.entity_id == Entity.id)
    else:
        query = query.outerjoin(counts, counts.c.entity_id == Entity.id)
    return query.order_by(Entity.id)


class StoryOutlet(NamedTuple):
    """One article of a story as outputs list it: ``time`` is its publication (else fetch)
    time, ``published_raw`` and ``offset_minutes`` what the source wrote of it."""

    source_id: int
    url: str
    premiere_date: date | None
    time: datetime
    published_raw: str | None
    offset_minutes: int | None


def story_outlets(session: Session, story_ids: Sequence[int]) -> dict[int, list[StoryOutlet]]:
    """story id → :class:`StoryOutlet` of its articles, oldest first (the order of the
    story's first and last report)."""
    when = _article_time()
    return _outlets_by_story(session, story_ids, lambda batch: (
        select(Article.story_id, *_outlet_columns(when))
        .where(Article.story_id.in_(batch)).order_by(Article.story_id, when, Article.id)))


def story_ends(session: Session, story_ids: Sequence[int]) -> dict[int, list[StoryOutlet]]:
    """story id → its first and last article (one when it has one) as :func:`story_outlets`
    orders them: two rows a story, whatever its size, for what a listing shows of it."""
    when = _article_time()

    def ends(batch: list[int]) -> Select[Any]:
        ranked = select(
            Article.story_id, *_outlet_columns(when),
            func.row_number().over(partition_by=Article.story_id, order_by=(when, Article.id)).label("first"),
            func.row_number().over(partition_by=Article.story_id, order_by=(when.desc(), Article.id.desc())).label("last"),
        ).where(Article.story_id.in_(batch)).subquery()
        return (select(*list(ranked.c)[:-2]).where(or_(ranked.c.first == 1, ranked.c.last == 1))
                .order_by(ranked.c.story_id, ranked.c.first))

    return _outlets_by_story(session, story_ids, ends)


def _outlet_columns(when: Any) -> tuple[Any, ...]:
    """The columns of a :class:`StoryOutlet`, ``when`` its time."""
    return (Article.source_id, Article.canonical_url, Article.premiere_date, when.label("time"),
            Article.published_raw, Article.published_offset_minutes)


def _outlets_by_story(session: Session, story_ids: Sequence[int],
                      query: Callable[[list[int]], Select[Any]]) -> dict[int, list[StoryOutlet]]:
    """story id → the :class:`StoryOutlet` rows ``query`` (story id, then the outlet's columns) gives
    for the stories, a thousand stories a query."""
    found: dict[int, list[StoryOutlet]] = {sid: [] for sid in story_ids}
    for start in range(0, len(story_ids), 1000):
        for story_id, *outlet in session.execute(query(list(story_ids[start : start + 1000]))):
            found[story_id].append(StoryOutlet(*outlet))
    return found


class SpellingUse(NamedTuple):
    """How an entity's articles use one of its spellings: how many write it, and when the
    first of them was published (else fetched); (0, None) for an alias no article writes."""

    articles: int
    first: datetime | None


def entity_spelling_counts(session: Session, entity_ids: Sequence[int], *,
                           uncounted: Collection[int] = ()) -> dict[int, dict[str, SpellingUse]]:
    """entity id → each spelling it is known under, in order, with its use by the entity's
    articles: its aliases, and the words its articles name it with ("Ren Kurosawa" beside
    "Kurosawa Ren", which share one alias key). For the ``uncounted`` ones (platforms, shown
    under their table name whatever their articles write) only the spellings are read, each
    with a use of one article: a platform is named in a large share of all articles."""
    found: dict[int, dict[str, SpellingUse]] = {eid: {} for eid in entity_ids}
    for start in range(0, len(entity_ids), 1000):
        batch = list(entity_ids[start : start + 1000])
        counted = [entity_id for entity_id in batch if entity_id not in uncounted]
        listed = [entity_id for entity_id in batch if entity_id in uncounted]
        aliases = select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.entity_id.in_(batch))
        written = (
            select(ArticleEntity.entity_id, ArticleEntity.text, func.count(func.distinct(ArticleEntity.article_id)),
                   type_coerce(func.min(_article_time()), Article.published_at.type))
            .join(Article, Article.id == ArticleEntity.article_id)
            .where(ArticleEntity.entity_id.in_(counted)).group_by(ArticleEntity.entity_id, ArticleEntity.text)
        )
        uses = {(entity_id, text): SpellingUse(int(n), first) for entity_id, text, n, first in session.execute(written)}
        if listed:
            texts = select(ArticleEntity.entity_id, ArticleEntity.text).where(
                ArticleEntity.entity_id.in_(listed)).distinct()
            uses.update({(entity_id, text): SpellingUse(1, None) for entity_id, text in session.execute(texts)})
        spellings = sorted({*((entity_id, alias) for entity_id, alias in session.execute(aliases)), *uses})
        for entity_id, spelling in spellings:
            found[entity_id][spelling] = uses.get((entity_id, spelling), SpellingUse(0, None))
    return found


def count_rows(session: Session, query: Select[Any]) -> int:
    """How many rows ``query`` yields (for a progress bar's total)."""
    return int(session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one())


# --- scheduler & health queries -------------------------------------------------
# (pipeline/scheduler.py, pipeline/jobs.py, pipeline/health.py)


def latest_runs(session: Session) -> dict[str, CrawlRun]:
    """Each source's latest crawl run (indexed by source and start)."""
    latest = select(CrawlRun.source_slug, func.max(CrawlRun.started_at).label("started_at")) \
        .group_by(CrawlRun.source_slug).subquery()
    runs = session.execute(select(CrawlRun).join(latest, and_(
        CrawlRun.source_slug == latest.c.source_slug, CrawlRun.started_at == latest.c.started_at))
        .order_by(CrawlRun.id)).scalars()
    return {run.source_slug: run for run in runs}


def runs_before(session: Session, source_slug: str, until: datetime, limit: int = 20) -> list[CrawlRun]:
    """The latest ``limit`` crawl runs of a source that started before ``until``, newest first."""
    return list(
        session.execute(
            select(CrawlRun)
            .where(CrawlRun.source_slug == source_slug, CrawlRun.started_at < until)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(limit)
        ).scalars()
    )


def count_fetched_articles(session: Session, source_slug: str, since: datetime, until: datetime) -> int:
    """Articles of a source stored (or stored again as a new version) in [since, until)."""
    return int(session.execute(
        select(func.count(Article.id)).join(Source, Source.id == Article.source_id)
        .where(Source.slug == source_slug, Article.fetched_at >= since, Article.fetched_at < until)
    ).scalar_one())


def article_times(session: Session, source_slug: str, until: datetime, limit: int = 60) -> list[datetime]:
    """When the latest articles of a source appeared (publication, else fetch time), newest first."""
    when = func.coalesce(Article.published_at, Article.fetched_at)
    return list(
        session.execute(
            select(when).join(Source, Source.id == Article.source_id)
            .where(Source.slug == source_slug, Article.fetched_at < until)
            .order_by(when.desc()).limit(limit)
        ).scalars()
    )


def latest_article_fetch(session: Session, source_slug: str, until: datetime) -> datetime | None:
    """When the newest article of a source was first stored (before ``until``)."""
    return session.execute(
        select(func.max(Article.fetched_at)).join(Source, Source.id == Article.source_id)
        .where(Source.slug == source_slug, Article.fetched_at < until)
    ).scalar_one()


def prune_crawl_runs(session: Session, before: datetime) -> int:
    """Delete finished crawl runs that started before ``before``; returns how many."""
    result = session.execute(
        delete(CrawlRun).where(CrawlRun.started_at < before, CrawlRun.status != "running")
    )
    return int(result.rowcount or 0)
