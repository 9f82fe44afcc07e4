"""Rows for digest/export/feed tests, inserted directly (no crawl, no clock)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from pipeline.entities import person_key, platform_key, show_key
from storage.models import Article, ArticleEntity, CrawlRun, Entity, EntityAlias, Story
from storage.repository import ensure_source

T0 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 12:00 in Seoul


def source(session: Session, slug: str, name: str | None = None) -> int:
    return ensure_source(session, slug=slug, name=name or slug.title(),
                         homepage=f"https://{slug}.example/", language="en")


def story(
    session: Session,
    title: str,
    *,
    category: str = "casting",
    show: str | None = None,
    platforms: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
    summary: str | None = None,
    premiere: date | None = None,
    precision: str | None = "day",
    when: datetime = T0,
) -> int:
    row = Story(
        title=title, category=category, show=show, show_key=show_key(show) if show else None,
        platforms=list(platforms), people=list(people), summary=summary, premiere_date=premiere,
        premiere_precision=precision if premiere else None, first_published_at=when,
        last_published_at=when, article_count=0, source_count=0, updated_at=when,
    )
    session.add(row)
    session.flush()
    return row.id


def article(
    session: Session,
    source_id: int,
    slug: str,
    *,
    story_id: int | None = None,
    title: str | None = None,
    when: datetime | None = T0,
    fetched: datetime | None = None,
    body: str = "",
    summary: str | None = None,
    category: str | None = "casting",
    shows: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
    platforms: tuple[str, ...] = (),
    duplicate_of: int | None = None,
    duplicate_kind: str | None = None,
    premiere_moved: bool = False,
    **extra: Any,
) -> int:
    """An article; its story's counts and span are kept up to date."""
    url = f"https://{slug}"
    row = Article(
        source_id=source_id, url_key=slug, url=url, canonical_url=url, title=title, body=body,
        summary=summary, published_at=when, fetched_at=fetched or when or T0,
        content_hash=hashlib.sha256((body or slug).encode()).hexdigest(), category=category,
        event_keys={
            "shows": {show_key(s): s for s in shows}, "subject": [show_key(s) for s in shows[:1]],
            "people": {person_key(p): p for p in people}, "platforms": {platform_key(p): p for p in platforms},
            **({"premiere_moved": True} if premiere_moved else {}),
        },
        story_id=story_id, duplicate_of_id=duplicate_of, duplicate_kind=duplicate_kind,
        updated_at=fetched or when or T0, **extra,
    )
    session.add(row)
    session.flush()
    for kind, names in (("show", shows), ("person", people), ("platform", platforms)):
        for name in names:
            entity_id = entity(session, kind, name)
            session.merge(ArticleEntity(article_id=row.id, entity_id=entity_id, role=kind, text=name))
    if story_id is not None:
        parent = session.get(Story, story_id)
        assert parent is not None
        moment = when or fetched or T0
        parent.first_published_at = min(parent.first_published_at, moment)
        parent.last_published_at = max(parent.last_published_at, moment)
        parent.article_count += 1
        session.flush()
    return row.id


def entity(session: Session, kind: str, name: str, aliases: tuple[str, ...] = ()) -> int:
    """The entity for ``name`` (created with its alias keys when new)."""
    key = {"show": show_key, "person": person_key, "platform": platform_key}[kind](name)
    found = session.query(EntityAlias).filter_by(kind=kind, alias_key=key).one_or_none()
    if found is not None:
        entity_id = found.entity_id
    else:
        row = Entity(kind=kind, key=key, name=name, created_at=T0)
        session.add(row)
        session.flush()
        entity_id = row.id
    for spelling in (name, *aliases):
        alias_key = {"show": show_key, "person": person_key, "platform": platform_key}[kind](spelling)
        if not session.query(EntityAlias).filter_by(kind=kind, alias_key=alias_key).count():
            session.add(EntityAlias(kind=kind, alias_key=alias_key, alias=spelling, entity_id=entity_id))
    session.flush()
    return entity_id


def crawl_run(session: Session, slug: str, status: str, started: datetime, new: int = 0) -> None:
    session.add(CrawlRun(source_slug=slug, started_at=started, finished_at=started + timedelta(minutes=1),
                         status=status, articles_new=new))
    session.flush()
