"""From an extracted article to stored rows, in one transaction.

Two stages:

- :func:`analyse_article` computes everything the article alone determines —
  normalised fields, category and premiere date, entities, story keys, body hash,
  MinHash and LSH bands. It is pure (no database), so a crawl runs it with the
  extraction in the worker processes (:func:`prepare_page`), off the single
  storage thread.
- :func:`store_article` is the database part, one transaction per article:
  upsert → entities → duplicate → story, then the article's links (entities,
  bands, story, duplicate) written together. A crash anywhere rolls the whole
  article back: nothing is ever half-assigned.

:func:`ingest_article` does both. :class:`ArticleWriter` is how a crawl's writer (and
``bench/scale.py``) stores analysed articles, one retried transaction each.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from pipeline import dedup, entity_store, stories
from pipeline.classify import classify
from pipeline.dates import not_after_fetch
from pipeline.discovery import matches_filters
from pipeline.entities import Aliases, Entities, find_entities
from pipeline.extract import extract_article
from pipeline.normalise import (
    accepted_canonical,
    canonical_url,
    canonical_url_key,
    clean_text,
    detect_language,
    normalise_body,
    same_site,
    to_utc,
)
from pipeline.records import ExtractedArticle, FeedHints
from pipeline.sources import Source
from storage.db import transaction
from storage.repository import (
    ArticleLinks,
    ArticleWrite,
    article_at_keys,
    delete_article,
    ensure_source,
    move_article,
    remember_urls,
    unlink_article,
    upsert_article,
    write_article_links,
)
from storage.retry import run_in_transaction


@dataclass(frozen=True)
class IngestResult:
    """What storing one article did."""

    article_id: int
    outcome: str  # new | updated | unchanged
    duplicate_of: int | None = None
    story_id: int | None = None


@dataclass(frozen=True)
class AnalysedArticle:
    """An article with everything castwire derives from it alone, ready to store.

    ``values`` are the article's column values (without ``source_id``), including its
    category, premiere date, story keys (``event_keys``), body hash and MinHash;
    ``bands`` are the LSH band keys of that MinHash; ``other_keys`` the keys of the
    other URLs it was fetched under (the link followed, before redirects).
    """

    source: Source
    values: Mapping[str, Any]
    entities: Entities
    bands: tuple[int, ...]
    other_keys: tuple[str, ...] = ()


def fetched_keys(extracted: ExtractedArticle, requested_url: str | None) -> set[str]:
    """URL keys a page was fetched under: the link followed and the URL after redirects."""
    return {canonical_url_key(url) for url in (requested_url, extracted.url) if url}


def analyse_article(
    source: Source, extracted: ExtractedArticle, *, fetched_at: datetime, aliases: Aliases | None = None,
    requested_url: str | None = None,
) -> AnalysedArticle:
    """Normalise, classify, find entities and fingerprint one article (no database).

    ``aliases`` are the user's alias rules (``aliases.toml``), applied to the names found;
    ``requested_url`` is the link the crawl followed, when it differs from ``extracted.url``."""
    title = " ".join(clean_text(extracted.title or "").split()) or None  # one line
    body = normalise_body(extracted.body)
    language = detect_language(f"{title or ''}\n{body[:2000]}", declared=extracted.language or source.language)
    published_at, offset = to_utc(extracted.published_at) if extracted.published_at else (None, None)
    published_at = published_at and not_after_fetch(published_at, fetched_at)
    modified_at = to_utc(extracted.modified_at)[0] if extracted.modified_at else None
    found = find_entities(title or "", body, language, aliases=aliases, emphasis=extracted.emphasis)
    subjects = stories.subject_shows(found.shows, title or "", body)  # the shows it is about
    # dates said relative to the publication ("next Friday") count from its day where it was written;
    # a date said of someone's other work is not the article's premiere
    classification = classify(title or "", body, language, extracted.published_at or None,
                              elsewhere=stories.other_work_sentence(found.shows, subjects, title or "", body))
    premiere = classification.premiere
    fingerprint = dedup.fingerprint(body, language, fallback=title or extracted.url)
    values = {
        "url_key": canonical_url_key(extracted.url, extracted.canonical_url),
        "url": extracted.url,
        "canonical_url": canonical_url(extracted.url, extracted.canonical_url),
        "original_url": extracted.original_url,
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
        "declared_language": extracted.language,
        "emphasis": list(extracted.emphasis),
        "image_url": extracted.image_url,
        "site_name": extracted.site_name or source.name,
        "paywalled": extracted.paywalled,
        "provenance": dict(extracted.provenance),
        "content_hash": fingerprint.content_hash,
        "minhash": fingerprint.minhash,
        "category": classification.category,
        "category_confidence": classification.confidence,
        "category_cues": list(classification.cues),
        "premiere_date": premiere.date if premiere else None,
        "premiere_precision": premiere.precision if premiere else None,
        "event_keys": stories.event_keys(found, title or "", body, subjects=subjects,
                                         premiere_moved=bool(premiere and premiere.moved),
                                         premiere_season=premiere.season if premiere else None),
    }
    other_keys = tuple(sorted(fetched_keys(extracted, requested_url) - {values["url_key"]}))
    return AnalysedArticle(source, values, found, fingerprint.bands, other_keys)


@dataclass(frozen=True)
class PreparedPage:
    """A fetched page after the work a crawl does off the storage thread.

    ``drop`` says why it is not stored (``not_article_<type>``, ``empty``,
    ``off_topic``; ``seen_keys`` are then the keys crawls skip for a while; ``teaser``:
    ``full_url`` is the article to fetch and store instead), else
    ``article`` is ready for :func:`store_article`. ``extract_us``/``analyse_us`` are
    the time the two steps took (microseconds).
    """

    extracted: ExtractedArticle
    drop: str | None
    article: AnalysedArticle | None
    extract_us: int
    analyse_us: int
    seen_keys: tuple[str, ...] = ()
    full_url: str | None = None


def prepare_page(
    html: str | bytes, url: str, *, source: Source, hints: FeedHints | None, fetched_at: datetime,
    aliases: Aliases | None = None, requested_url: str | None = None, charset: str | None = None,
    follow_canonical: bool = True,
) -> PreparedPage:
    """Extract a fetched page and, when it is an on-topic article, analyse it (no database).

    ``url`` is the page's URL after redirects, ``requested_url`` the link followed, ``charset``
    the one the server sent with the bytes (decoded here, in the worker). A teaser of a full
    article (:func:`full_article_url`) is not stored, unless ``follow_canonical`` is off (the
    page was fetched as a teaser's full article)."""
    started = time.perf_counter_ns()
    extracted = extract_article(html, url, hints=hints, source=source.slug, timezone=source.timezone,
                                fetched_at=fetched_at, charset=charset, selectors=source.selectors)
    extracted_at = time.perf_counter_ns()
    full_url = full_article_url(extracted, requested_url) if follow_canonical else None
    if full_url:
        return PreparedPage(extracted, "teaser", None, (extracted_at - started) // 1000, 0, full_url=full_url)
    drop = drop_reason(source, extracted)
    if drop:
        return PreparedPage(extracted, drop, None, (extracted_at - started) // 1000, 0,
                            tuple(sorted(fetched_keys(extracted, requested_url))))
    article = analyse_article(source, extracted, fetched_at=fetched_at, aliases=aliases,
                              requested_url=requested_url)
    return PreparedPage(extracted, None, article, (extracted_at - started) // 1000,
                        (time.perf_counter_ns() - extracted_at) // 1000)


#: Less text than this (characters of the body as stored) on a page whose canonical is another
#: page of its site: a teaser of that page (ORICON's /news/ID/ of /news/ID/full/), or a
#: mobile, AMP or later page of an article, whose canonical is the whole article.
TEASER_CHARS = 500


def full_article_url(extracted: ExtractedArticle, requested_url: str | None) -> str | None:
    """The page to fetch and store instead of this one: its canonical, when that is another page
    of the same site (not the site's front page) and this one has little text. Stored as it is,
    the teaser would hold the canonical's URL key, and crawls would never fetch the article."""
    canonical = extracted.canonical_url
    if extracted.page_type != "article" or not canonical:
        return None
    if accepted_canonical(extracted.url, canonical) is None:
        return None  # not this article's canonical (another site, the home page, a script page without its query)
    if canonical_url_key(canonical) in fetched_keys(extracted, requested_url):
        return None  # most pages: the body's length is not needed
    if urlsplit(canonical).path in ("", "/") or not same_site(canonical, extracted.url):
        return None
    return canonical if len(normalise_body(extracted.body)) < TEASER_CHARS else None


def drop_reason(source: Source, extracted: ExtractedArticle) -> str | None:
    """Why an extracted page is not stored as an article of ``source``, or None."""
    if extracted.page_type != "article":
        return f"not_article_{extracted.page_type}"
    if not extracted.body.strip() and not extracted.title:
        return "empty"
    if source.topics:
        hints = FeedHints(title=extracted.title, summary=extracted.summary, categories=extracted.tags)
        if not matches_filters(extracted.url, hints, allow=(), deny=(), topics=source.topics):
            return "off_topic"
    return None


def story_member(values: Mapping[str, Any], source_id: int, article_id: int = 0) -> stories.Member:
    """An analysed article (its column ``values``) as story matching sees it: no duplicate link, no story yet."""
    return stories.Member(
        article_id, values["url_key"], values["url"], values["title"], values["summary"], values["language"],
        source_id, values["published_at"], values["fetched_at"], values["category"], values["premiere_date"],
        values["premiere_precision"], values["event_keys"], None, None,
    )


def article_locks(found: dedup.Fingerprint, member: stories.Member) -> list[tuple[int, int]]:
    """The advisory locks storing an article takes first: its dedup keys and story lookup keys."""
    return dedup.lock_pairs({dedup.DEDUP_LOCKS: dedup.lock_names(found),
                             dedup.STORY_LOCKS: stories.lookup_keys(stories.features_of(member))})


def store_article(session: Session, article: AnalysedArticle, *, source_id: int | None = None) -> IngestResult:
    """Store an analysed article in the caller's transaction: upsert, entities, duplicate, story.

    ``source_id`` is the stored id of ``article.source`` when the caller knows it (a crawl
    resolves it once); otherwise the source row is created or refreshed here."""
    source = article.source
    if source_id is None:
        source_id = ensure_source(session, slug=source.slug, name=source.name,
                                  homepage=source.homepage, language=source.language)
    values = {**article.values, "source_id": source_id}
    found = dedup.Fingerprint(values["content_hash"], values["minhash"], article.bands)
    member = story_member(values, source_id)  # id 0 until the upsert below stores the article
    write = upsert_article(session, values, locks=partial(article_locks, found, member))
    if write.outcome == "unchanged":
        # met again under another link (a feed's redirecting link to an article the sitemap
        # gave first): the next crawl skips that link too
        remember_urls(session, article.other_keys, article_id=write.article_id)
        return IngestResult(write.article_id, write.outcome)
    original = None
    if write.outcome == "new":
        # the outlet's own article under a new address (the old one redirecting to it, or a new
        # canonical): that article, which follows the move, not a copy of it
        moved_from = article_at_keys(session, article.other_keys, source_id=source_id, exclude_id=write.article_id)
        if moved_from is None:
            original = dedup.find_original(session, write.article_id, found, values["event_keys"], values["language"],
                                           source_id=source_id, title=values["title"],
                                           published=values["published_at"], body=values["body"])
            moved_from = original.article_id if original is not None and original.kind == "moved" else None
        if moved_from is not None:
            delete_article(session, write.article_id)
            write = move_article(session, moved_from, values)
            left = {*article.other_keys, *([write.previous_key] if write.previous_key else [])}
            remember_urls(session, left - {values["url_key"]}, article_id=write.article_id)
            if write.outcome == "unchanged":
                return IngestResult(write.article_id, write.outcome)
            original = None
    return link_article(session, article, write, member, found, original)


def link_article(
    session: Session, article: AnalysedArticle, write: ArticleWrite, member: stories.Member,
    found: dedup.Fingerprint, original: dedup.Original | None, *, replay: bool = False,
) -> IngestResult:
    """Link an article just written (``write``: new, or updated in place) to its entities,
    its original and its story. An updated article first leaves its links and its story, and
    is assigned again as a new one would be.

    ``replay`` (:func:`pipeline.reanalyse.reanalyse`, which runs over the store in publication
    order): only articles published before this one count as its story's candidates, as in a
    store filled in that order; and the story it leaves, when only later articles are left in
    it, keeps its id for the story this one opens."""
    values = article.values
    member = member._replace(id=write.article_id)
    emptied = None  # the story the updated article was alone in (with replay: before it)
    if write.outcome == "updated":
        unlink_article(session, write.article_id)
        if write.story_id is not None and (stories.leave_story(session, write.article_id, write.story_id)
                                           or replay and not stories.has_earlier_member(session, member, write.story_id)):
            emptied = write.story_id
        original = dedup.find_original(session, write.article_id, found, values["event_keys"], values["language"],
                                       body=values["body"])
    entities = entity_store.entity_links(session, article.entities, values["event_keys"]["shows"])
    is_copy = original is not None and not dedup.claim_original(
        session, write.article_id, original, found, published=values["published_at"] or values["fetched_at"],
        url_key=values["url_key"])
    if is_copy:
        member = member._replace(duplicate_of_id=original.article_id)
    story = stories.plan_story(session, member, original_story=original.story_id if original else None,
                               earlier_only=replay)
    if emptied is not None:
        story = stories.keep_story_id(session, story, emptied, member)
    remember_urls(session, article.other_keys, article_id=write.article_id)
    story_id = write_article_links(session, ArticleLinks(
        write.article_id, entities, article.bands, story, member.duplicate_of_id,
        original.kind if is_copy else None))
    return IngestResult(write.article_id, write.outcome, member.duplicate_of_id, story_id)


T = TypeVar("T")


@dataclass
class ArticleWriter:
    """How a crawl's writer stores analysed articles: each in a transaction of its own, run
    again from the start after a transient failure (``on_retry`` hears of each), the
    source row resolved once per source (``source_ids``: catalogue slug → stored id)."""

    sessions: sessionmaker[Session]
    on_retry: Callable[[int, DBAPIError], None] | None = None
    source_ids: dict[str, int] = field(default_factory=dict)

    def run(self, work: Callable[[Session], T]) -> T:
        """``work`` in one transaction, run again after a transient failure."""
        return run_in_transaction(self.sessions, work, on_retry=self.on_retry)

    def store(self, article: AnalysedArticle) -> IngestResult:
        source = article.source
        if source.slug not in self.source_ids:
            self.source_ids[source.slug] = self.run(partial(
                ensure_source, slug=source.slug, name=source.name, homepage=source.homepage,
                language=source.language))
        return self.run(partial(store_article, article=article, source_id=self.source_ids[source.slug]))


def ingest_in_session(
    session: Session, source: Source, extracted: ExtractedArticle, *, fetched_at: datetime,
    aliases: Aliases | None = None,
) -> IngestResult:
    """Analyse and store one article in the caller's transaction."""
    return store_article(session, analyse_article(source, extracted, fetched_at=fetched_at, aliases=aliases))


def ingest_article(
    sessions: sessionmaker[Session],
    source: Source,
    extracted: ExtractedArticle,
    *,
    fetched_at: datetime,
    aliases: Aliases | None = None,
) -> IngestResult:
    """Store one article with everything castwire knows about it (one transaction)."""
    with transaction(sessions) as session:
        return ingest_in_session(session, source, extracted, fetched_at=fetched_at, aliases=aliases)
