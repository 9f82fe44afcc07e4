"""From an extracted article to stored rows, in one transaction.

normalise → classify → entities → upsert → dedup → story. A crash anywhere
rolls the whole article back: nothing is ever half-assigned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from pipeline import dedup, entity_store, stories
from pipeline.classify import classify
from pipeline.entities import Aliases, find_entities
from pipeline.normalise import (
    canonical_url,
    canonical_url_key,
    clean_text,
    detect_language,
    normalise_body,
    to_utc,
)
from pipeline.records import ExtractedArticle
from pipeline.sources import Source
from storage.db import transaction
from storage.repository import ensure_source, upsert_article


@dataclass(frozen=True)
class IngestResult:
    """What storing one article did."""

    article_id: int
    outcome: str  # new | updated | unchanged
    duplicate_of: int | None = None
    story_id: int | None = None


def ingest_article(
    sessions: sessionmaker[Session],
    source: Source,
    extracted: ExtractedArticle,
    *,
    fetched_at: datetime,
    aliases: Aliases | None = None,
) -> IngestResult:
    """Store one article with everything castwire knows about it (one transaction).

    ``aliases`` are the user's alias rules (``aliases.toml``), applied to the names found."""
    with transaction(sessions) as session:
        return ingest_in_session(session, source, extracted, fetched_at=fetched_at, aliases=aliases)


def ingest_in_session(
    session: Session, source: Source, extracted: ExtractedArticle, *, fetched_at: datetime,
    aliases: Aliases | None = None,
) -> IngestResult:
    source_id = ensure_source(session, slug=source.slug, name=source.name,
                              homepage=source.homepage, language=source.language)
    title = clean_text(extracted.title or "") or None
    body = normalise_body(extracted.body)
    language = detect_language(f"{title or ''}\n{body[:2000]}", declared=extracted.language or source.language)
    published_at, offset = to_utc(extracted.published_at) if extracted.published_at else (None, None)
    modified_at = to_utc(extracted.modified_at)[0] if extracted.modified_at else None
    classification = classify(title or "", body, language, published_at)
    premiere = classification.premiere
    values = {
        "source_id": source_id,
        "url_key": canonical_url_key(extracted.url, extracted.canonical_url),
        "url": extracted.url,
        "canonical_url": canonical_url(extracted.url, extracted.canonical_url),
        "title": title,
        "body": body,
        "summary": clean_text(extracted.summary or "") or None,
        "authors": list(extracted.authors),
        "tags": list(extracted.tags),
        "published_at": published_at,
        "published_raw": extracted.published_raw,
        "published_offset_minutes": offset,
        "modified_at": modified_at,
        "modified_raw": extracted.modified_raw,
        "fetched_at": fetched_at,
        "language": language,
        "image_url": extracted.image_url,
        "site_name": extracted.site_name or source.name,
        "provenance": dict(extracted.provenance),
        "content_hash": dedup.content_hash(body or title or extracted.url),
        "category": classification.category,
        "category_confidence": classification.confidence,
        "category_cues": list(classification.cues),
        "premiere_date": premiere.date if premiere else None,
        "premiere_precision": premiere.precision if premiere else None,
    }
    write = upsert_article(session, values)
    if write.outcome == "unchanged":
        return IngestResult(write.article_id, write.outcome)
    found = find_entities(title or "", body, language, aliases=aliases)
    entity_store.link_entities(session, write.article_id, found)
    duplicate = dedup.record_duplicate(session, write.article_id, body, language)
    story_id = stories.assign_story(session, write.article_id, found, classification)
    return IngestResult(write.article_id, write.outcome, duplicate, story_id)
