"""Analyse stored articles again with this castwire: ``castwire db reanalyse``.

Each article is rebuilt from its row (:func:`extracted_from_row`), analysed as a crawl analyses
a page (:func:`pipeline.ingest.analyse_article`), and linked again as an article updated in place
is (:func:`pipeline.ingest.link_article`): its entities, bands, original and story. The store is
gone through in publication order, each article in a transaction of its own, and only the
articles before an article count as its story's candidates: the stories come out as a store
filled by storing the same articles in that order.

Besides its text, the row keeps the texts the page set in italics (which name shows,
:attr:`pipeline.records.ExtractedArticle.emphasis`) and the language the page declared. An
article stored before castwire kept them (``emphasis`` null) is read with the language stored
(detected from the text) for the declared one, and with the texts of the shows its stored
analysis linked for its italics: a show found only in italics stays found, as a title in
italics (any show the stored analysis linked that reads as one, then, stays).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from pipeline import dedup
from pipeline.entities import Aliases
from pipeline.ingest import (
    AnalysedArticle,
    analyse_article,
    article_locks,
    link_article,
    story_member,
)
from pipeline.records import ExtractedArticle
from pipeline.sources import Source
from storage.models import Article, ArticleEntity, Entity, Story
from storage.models import Source as SourceRow
from storage.repository import reanalysed_article, touch_article, utcnow
from storage.retry import run_in_transaction


@dataclass(frozen=True)
class ReanalyseSummary:
    """What :func:`reanalyse` did: articles analysed again, those whose analysis or story
    changed, those a crawl updated or moved meanwhile (left as that crawl stored them), and the
    stories opened and removed (merged into another or emptied)."""

    articles: int = 0
    changed: int = 0
    skipped: int = 0
    stories_opened: int = 0
    stories_removed: int = 0


def extracted_from_row(row: Article, shows_linked: tuple[str, ...] = ()) -> ExtractedArticle:
    """The extracted page a stored article was made from, as far as its row keeps it;
    ``shows_linked`` (the texts of the shows its stored analysis linked) stand for its italics
    when the row does not keep them (stored before it did)."""
    known = row.emphasis is not None
    published = row.published_at
    if published is not None and row.published_offset_minutes is not None:
        published = published.astimezone(timezone(timedelta(minutes=row.published_offset_minutes)))
    return ExtractedArticle(
        url=row.url, canonical_url=row.canonical_url, title=row.title, body=row.body, summary=row.summary,
        authors=tuple(row.authors or ()), published_at=published, published_raw=row.published_raw,
        modified_at=row.modified_at, modified_raw=row.modified_raw,
        language=row.declared_language if known else row.language,
        emphasis=tuple(row.emphasis or ()) if known else shows_linked,
        image_url=row.image_url, tags=tuple(row.tags or ()), site_name=row.site_name,
        provenance=dict(row.provenance or {}), original_url=row.original_url, paywalled=row.paywalled,
    )


def _source(row: SourceRow) -> Source:
    # analysis reads a source's language and name only
    return Source(slug=row.slug, name=row.name, homepage=row.homepage, language=row.language, timezone="UTC")


def _record(session: Session, article_id: int) -> tuple[Any, ...]:
    """An article's columns and entity links, but when it changed and its links to other rows (:data:`_LINKS`)."""
    row = session.get(Article, article_id)
    assert row is not None
    links = sorted(tuple(link) for link in session.execute(select(ArticleEntity.entity_id, ArticleEntity.role, ArticleEntity.text)
                                   .where(ArticleEntity.article_id == article_id)).all())
    return (*(getattr(row, column.key) for column in Article.__table__.columns
              if column.key not in ("updated_at", *_LINKS)), links)


def _shows_linked(session: Session, article_id: int) -> tuple[str, ...]:
    """The texts of the shows an article is linked to."""
    return tuple(session.execute(select(ArticleEntity.text).join(Entity, Entity.id == ArticleEntity.entity_id)
                                 .where(ArticleEntity.article_id == article_id, Entity.kind == "show")
                                 .order_by(ArticleEntity.text).distinct()).scalars())


def reanalyse_one(session: Session, article_id: int, *, aliases: Aliases | None = None) -> bool | None:
    """Analyse stored article ``article_id`` again and link it again, in the caller's
    transaction. True when its row or entity links changed (it then gets a new ``updated_at``; its
    story and original may change later in the run: see :func:`reanalyse`); None when a crawl stored a new
    version of it meanwhile or moved it to another address (that crawl analysed it)."""
    row = session.get(Article, article_id)
    if row is None:  # deleted meanwhile (moved to another address by a crawl)
        return None
    source_row = session.get(SourceRow, row.source_id)
    assert source_row is not None
    before = _record(session, article_id)
    content_hash, modified_raw = row.content_hash, row.modified_raw
    shows = _shows_linked(session, article_id) if row.emphasis is None else ()
    article = analyse_article(_source(source_row), extracted_from_row(row, shows), fetched_at=row.fetched_at,
                              aliases=aliases)
    session.expunge_all()  # the rows are written by statements below, and read again after
    values = {**article.values, "url_key": row.url_key}  # the key it is stored under stays
    if row.emphasis is None:  # still not known: the shows linked stood in for them
        del values["emphasis"], values["declared_language"]
    article = AnalysedArticle(article.source, values, article.entities, article.bands)
    found = dedup.Fingerprint(values["content_hash"], values["minhash"], article.bands)
    member = story_member(values, row.source_id, article_id)
    write = reanalysed_article(session, article_id, values, content_hash=content_hash, modified_raw=modified_raw,
                               locks=article_locks(found, member))
    if write is None:
        return None
    link_article(session, article, write, member, found, None, replay=True)
    session.expire_all()
    changed = _record(session, article_id) != before
    if changed:
        touch_article(session, article_id)
    return changed


#: An article's links to other rows, which later articles re-analysed in the run may change again:
#: whether they changed is seen at the end of the run (:func:`_updated_at_as_changed`).
_LINKS = ("story_id", "duplicate_of_id", "duplicate_kind")
#: What else changes an article's ``updated_at`` outside re-analysis (a crawl's new version or move).
_ARTICLE_STATE = (Article.id, *(getattr(Article, name) for name in _LINKS), Article.version, Article.url_key,
                  Article.updated_at)
_STORY_RECORD = tuple(column for column in Story.__table__.columns if column.key != "updated_at")


@dataclass(frozen=True)
class _Snapshot:
    """The store's articles (id → links, version, url key, ``updated_at``) and stories (id → a
    digest of the row but ``updated_at``, ``updated_at``)."""

    articles: dict[int, tuple[Any, ...]]
    stories: dict[int, tuple[bytes, datetime]]


def _snapshot(sessions: sessionmaker[Session]) -> _Snapshot:
    with sessions() as session:
        return _Snapshot(
            {row[0]: tuple(row[1:]) for row in session.execute(select(*_ARTICLE_STATE))},
            {row.id: (hashlib.blake2b(repr(tuple(row)[:-1]).encode(), digest_size=16).digest(), row.updated_at)
             for row in session.execute(select(*_STORY_RECORD, Story.updated_at))})


def _updated_at_as_changed(session: Session, before: _Snapshot, after: _Snapshot, analysed: set[int]) -> None:
    """``updated_at`` as the run changed the rows, from start to end. On the way, an article
    leaving its story re-computes it while later articles are not re-analysed yet, so stories
    and articles' links change and may come back: those that came out as they were keep the
    ``updated_at`` they had, an article whose links changed gets a new one (``analysed``: the
    articles whose own row changed, which have it already)."""
    now = utcnow()
    for story_id, (record, updated_at) in after.stories.items():
        old = before.stories.get(story_id)
        if old is not None and old[0] == record and old[1] != updated_at:
            session.execute(update(Story).where(Story.id == story_id, Story.updated_at == updated_at)
                            .values(updated_at=old[1]))
    for article_id, state in after.articles.items():
        old = before.articles.get(article_id)
        if old is None or article_id in analysed:
            continue
        if old[:-1] != state[:-1]:
            new = now if old[-1] == state[-1] else None  # changed, and not yet said so
        else:
            new = old[-1] if old[-1] != state[-1] else None  # came out as it was
        if new is not None:
            session.execute(update(Article).where(Article.id == article_id, Article.updated_at == state[-1])
                            .values(updated_at=new))


def reanalyse(
    sessions: sessionmaker[Session], *, since: datetime | None = None, aliases: Aliases | None = None,
    on_article: Callable[[int, int], None] | None = None,
) -> ReanalyseSummary:
    """Analyse the stored articles (published, else fetched, at ``since`` or later) again, in
    publication order, each in one transaction (run again after a transient failure).
    ``on_article(done, total)`` hears of each. Only the articles and stories that came out
    changed get a new ``updated_at``."""
    when = func.coalesce(Article.published_at, Article.fetched_at)
    query = select(Article.id).order_by(when, Article.id)
    if since is not None:
        query = query.where(when >= since)
    with sessions() as session:
        ids = list(session.execute(query).scalars())
    before = _snapshot(sessions)
    changed, skipped = set(), 0
    for done, article_id in enumerate(ids, 1):
        outcome = run_in_transaction(sessions, lambda session, article_id=article_id: reanalyse_one(
            session, article_id, aliases=aliases))
        if outcome:
            changed.add(article_id)
        skipped += outcome is None
        if on_article is not None:
            on_article(done, len(ids))
    # an article's story is known at the end: a later article may merge the one it opened into another
    after = _snapshot(sessions)
    run_in_transaction(sessions, lambda session: _updated_at_as_changed(session, before, after, changed))
    links = len(_LINKS)
    changed.update(article_id for article_id in ids
                   if article_id in after.articles and before.articles.get(article_id, ())[:links]
                   != after.articles[article_id][:links])
    return ReanalyseSummary(len(ids), len(changed), skipped, len(after.stories.keys() - before.stories.keys()),
                            len(before.stories.keys() - after.stories.keys()))
