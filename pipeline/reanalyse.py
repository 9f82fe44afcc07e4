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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline import dedup, stories
from pipeline.entities import Aliases
from pipeline.ingest import AnalysedArticle, analyse_article, link_article
from pipeline.records import ExtractedArticle
from pipeline.sources import Source
from storage.models import Article, ArticleEntity, Entity, Story
from storage.models import Source as SourceRow
from storage.repository import reanalysed_article
from storage.retry import run_in_transaction


@dataclass(frozen=True)
class ReanalyseSummary:
    """What :func:`reanalyse` did: articles analysed again, those whose analysis or story
    changed, those a crawl updated meanwhile (left as that crawl stored them), and the
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
        emphasis=tuple(row.emphasis) if row.emphasis is not None else shows_linked,
        image_url=row.image_url, tags=tuple(row.tags or ()), site_name=row.site_name,
        provenance=dict(row.provenance or {}), original_url=row.original_url,
    )


def _source(row: SourceRow) -> Source:
    # analysis reads a source's language and name only
    return Source(slug=row.slug, name=row.name, homepage=row.homepage, language=row.language, timezone="UTC")


def _analysis(session: Session, article_id: int) -> tuple[Any, ...]:
    """What re-analysis may change of an article but its story: its analysed columns and links."""
    row = session.get(Article, article_id)
    assert row is not None
    links = sorted(tuple(link) for link in session.execute(select(ArticleEntity.entity_id, ArticleEntity.role, ArticleEntity.text)
                                   .where(ArticleEntity.article_id == article_id)).all())
    return (row.category, row.category_confidence, row.category_cues, row.premiere_date, row.premiere_precision,
            row.event_keys, row.language, row.content_hash, row.duplicate_of_id, links)


def _shows_linked(session: Session, article_id: int) -> tuple[str, ...]:
    """The texts of the shows an article is linked to."""
    return tuple(session.execute(select(ArticleEntity.text).join(Entity, Entity.id == ArticleEntity.entity_id)
                                 .where(ArticleEntity.article_id == article_id, Entity.kind == "show")
                                 .order_by(ArticleEntity.text).distinct()).scalars())


def reanalyse_one(session: Session, article_id: int, *, aliases: Aliases | None = None) -> bool | None:
    """Analyse stored article ``article_id`` again and link it again, in the caller's
    transaction. True when its analysis or links changed (its story may change later in the
    run: see :func:`reanalyse`); None when a crawl stored a new version of it meanwhile (that
    crawl analysed it)."""
    row = session.get(Article, article_id)
    if row is None:  # deleted meanwhile (moved to another address by a crawl)
        return None
    source_row = session.get(SourceRow, row.source_id)
    assert source_row is not None
    before = _analysis(session, article_id)
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
    member = stories.Member(
        article_id, values["url_key"], values["url"], values["title"], values["summary"], values["language"],
        row.source_id, values["published_at"], values["fetched_at"], values["category"], values["premiere_date"],
        values["premiere_precision"], values["event_keys"], None, None,
    )
    locks = dedup.lock_pairs({dedup.DEDUP_LOCKS: dedup.lock_names(found),
                              dedup.STORY_LOCKS: stories.lookup_keys(stories.features_of(member))})
    write = reanalysed_article(session, article_id, values, content_hash=content_hash, modified_raw=modified_raw,
                               locks=locks)
    if write is None:
        return None
    link_article(session, article, write, member, found, None, replay=True)
    session.expire_all()
    return _analysis(session, article_id) != before


def _stories(sessions: sessionmaker[Session], query: Any) -> tuple[set[int], dict[int, int | None]]:
    """The story ids of the store, and the story of each article ``query`` selects."""
    with sessions() as session:
        return (set(session.execute(select(Story.id)).scalars()),
                dict(session.execute(select(Article.id, Article.story_id).where(Article.id.in_(query))).all()))


def reanalyse(
    sessions: sessionmaker[Session], *, since: datetime | None = None, aliases: Aliases | None = None,
    on_article: Callable[[int, int], None] | None = None,
) -> ReanalyseSummary:
    """Analyse the stored articles (published, else fetched, at ``since`` or later) again, in
    publication order, each in one transaction (run again after a transient failure).
    ``on_article(done, total)`` hears of each."""
    when = func.coalesce(Article.published_at, Article.fetched_at)
    query = select(Article.id).order_by(when, Article.id)
    if since is not None:
        query = query.where(when >= since)
    with sessions() as session:
        ids = list(session.execute(query).scalars())
    stories_before, story_before = _stories(sessions, query)
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
    stories_after, story_after = _stories(sessions, query)
    changed.update(article_id for article_id, story in story_after.items() if story_before.get(article_id) != story)
    return ReanalyseSummary(len(ids), len(changed), skipped, len(stories_after - stories_before),
                            len(stories_before - stories_after))
