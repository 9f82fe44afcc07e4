"""SQLAlchemy 2 models: the whole schema of castwire.

Uniqueness lives in the database (unique keys, upserts), never in
check-then-insert code. Times are aware UTC (:class:`UTCDateTime`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Integer on SQLite (rowid alias), BIGINT elsewhere.
BigId = BigInteger().with_variant(Integer(), "sqlite")


#: The length of an entity key as stored (an entity's key, an alias key, a story's show key): a
#: longer one (a very long title) is stored cut to it, and looked up so (:func:`stored_key`).
KEY_LENGTH = 300


def stored_key(key: str) -> str:
    """``key`` as the key columns hold it: its first :data:`KEY_LENGTH` characters."""
    return key[:KEY_LENGTH]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}


class Source(Base):
    """A catalogue source as last seen by a crawl (the catalogue file is the truth)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    homepage: Mapped[str] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]


class Article(Base):
    """One fetched article, unique by its canonical URL key.

    A changed body or modified date updates the row in place: ``version`` counts
    the changes and ``previous_hash`` keeps the content hash it had before.
    """

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    url_key: Mapped[str] = mapped_column(String(2000), unique=True)
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text)
    original_url: Mapped[str | None] = mapped_column(Text)  # the other site's page it names as its original
    title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    published_raw: Mapped[str | None] = mapped_column(Text)
    published_offset_minutes: Mapped[int | None]
    modified_at: Mapped[datetime | None]
    modified_raw: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(index=True)
    #: when a crawl last fetched the page, whether it had changed or not (a feed or sitemap
    #: saying it was updated since makes the next crawl fetch it again); None: as fetched_at
    checked_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(8))
    #: what re-analysis reads again of the page besides its text (pipeline.reanalyse): the texts it
    #: set in italics and the language it declared (None: none). Null emphasis: stored before
    #: castwire kept them, both unknown.
    emphasis: Mapped[list[str] | None]
    declared_language: Mapped[str | None] = mapped_column(String(8))
    image_url: Mapped[str | None] = mapped_column(Text)
    site_name: Mapped[str | None] = mapped_column(String(300))
    #: the page showed only the start of the article, the rest for subscribers (a paywall):
    #: the body is that start alone. Null: stored before castwire looked
    paywalled: Mapped[bool | None]
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    # MinHash signature of the body (pipeline.dedup), compared with near-duplicate candidates.
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    category: Mapped[str | None] = mapped_column(String(20))
    category_confidence: Mapped[float | None]
    category_cues: Mapped[list[str]] = mapped_column(default=list)
    premiere_date: Mapped[date | None] = mapped_column(Date)
    premiere_precision: Mapped[str | None] = mapped_column(String(8))
    # What story matching compares (pipeline.stories): show/people/platform keys
    # with display names and the subject shows, computed from the article alone.
    event_keys: Mapped[dict[str, Any]] = mapped_column(default=dict)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    duplicate_kind: Mapped[str | None] = mapped_column(String(12))  # "exact" | "near"
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    # when the row last changed: stored, a new version, moved to another story, a new original
    updated_at: Mapped[datetime] = mapped_column(index=True)


class SeenUrl(Base):
    """A URL fetched before that is not an article's canonical key, so crawls skip it.

    Either another URL of a stored article (``article_id``: the feed's link before a
    redirect, a tracking variant of the canonical URL), or a page that was not stored
    (``dropped``: ``off_topic``, ``not_article_<type>``, ``empty``), skipped for a while.
    """

    __tablename__ = "seen_urls"

    url_key: Mapped[str] = mapped_column(String(2000), primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    dropped: Mapped[str | None] = mapped_column(String(40))
    seen_at: Mapped[datetime]


class Story(Base):
    """One event (a casting, a premiere date, a trailer...) and the articles reporting it."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20), index=True)
    show: Mapped[str | None] = mapped_column(Text)
    show_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH), index=True)
    platforms: Mapped[list[str]] = mapped_column(default=list)
    people: Mapped[list[str]] = mapped_column(default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    premiere_date: Mapped[date | None] = mapped_column(Date, index=True)
    premiere_precision: Mapped[str | None] = mapped_column(String(8))
    #: the later season or part whose premiere ``premiere_date`` is ("Season 2", "Part 2"), None
    #: for a show's first: the calendar keeps a later season's premiere apart from the first's
    premiere_season: Mapped[str | None] = mapped_column(String(40))
    first_published_at: Mapped[datetime] = mapped_column(index=True)
    last_published_at: Mapped[datetime] = mapped_column(index=True)
    article_count: Mapped[int] = mapped_column(default=0)
    source_count: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime]


class StoryKey(Base):
    """Indexed keys through which a new article finds candidate stories (no table scans).

    The unique (key, story_id) index is also the lookup index by key."""

    __tablename__ = "story_keys"
    __table_args__ = (UniqueConstraint("key", "story_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)


#: LSH bands of an article body's MinHash (pipeline.dedup): one column of article_bands each.
BANDS = 16


class ArticleBand(Base):
    """MinHash LSH band keys of an article body, for near-duplicate candidate lookup: one row
    per article (none for a body too short to have bands), band ``i``'s key (a 48-bit hash of
    its rows) in column ``band<i>``, each column indexed. A candidate shares a key in the same
    column: one index probe per band, as one index over (band, article) rows took, for a
    sixteenth of the rows, foreign key checks and index entries written per article."""

    __table__ = Table(
        "article_bands", Base.metadata,
        Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        *(Column(f"band{band}", BigInteger, nullable=False, index=True) for band in range(BANDS)),
    )


class Entity(Base):
    """A show, person or platform, unique by kind and canonical key."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # show | person | platform
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    name: Mapped[str] = mapped_column(Text)
    #: True when ``name`` was given: by the user's aliases file, or as a show's final title.
    #: Otherwise it is the first spelling stored, and the one most of its articles use is shown.
    named: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime]


class EntityAlias(Base):
    """Another key under which an entity is known (spelling, order, script, working title)."""

    __tablename__ = "entity_aliases"
    __table_args__ = (UniqueConstraint("kind", "alias_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    alias_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    alias: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)


class ArticleEntity(Base):
    """Which entities an article mentions, and in which role (cast, subject, platform...)."""

    __tablename__ = "article_entities"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class CrawlRun(Base):
    """One crawl of one source: when, how it ended and what it counted."""

    __tablename__ = "crawl_runs"
    __table_args__ = (Index("ix_crawl_runs_source_started", "source_slug", "started_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_slug: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(12))  # running|ok|partial|failed|timed_out
    pid: Mapped[int | None]
    #: the machine the crawl process runs on (its ``pid`` means something only there)
    host: Mapped[str | None] = mapped_column(String(255))
    pages_fetched: Mapped[int] = mapped_column(default=0)
    articles_new: Mapped[int] = mapped_column(default=0)
    articles_updated: Mapped[int] = mapped_column(default=0)
    articles_unchanged: Mapped[int] = mapped_column(default=0)
    articles_duplicate: Mapped[int] = mapped_column(default=0)
    urls_already_stored: Mapped[int] = mapped_column(default=0)
    http_errors: Mapped[int] = mapped_column(default=0)
    dropped: Mapped[dict[str, Any]] = mapped_column(default=dict)  # reason -> count
    missing_fields: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field -> count
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text)


class FeedState(Base):
    """Conditional-request validators per feed/sitemap/listing URL, and ``follows``: a
    fingerprint of the settings that decided what the crawl followed from the answer they
    validate (age and page limits, filters). A crawl whose settings give another one reads the
    index whole: what it would follow now was not followed then."""

    __tablename__ = "feed_states"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    follows: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime]
    status: Mapped[int | None]


class Digest(Base):
    """A generated digest: its window, timezone, format and content hash."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    window_start: Mapped[datetime]
    window_end: Mapped[datetime] = mapped_column(index=True)
    timezone: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(8))
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    story_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    #: when it was sent by e-mail (None: it was not)
    emailed_at: Mapped[datetime | None]
    #: one of the daily chain (default window, ``--since last``, the scheduler's), which the next
    #: one of the chain reads on from; False for an explicit ``--date`` or ``--since`` window
    chained: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: the articles it showed as its chain's are in ``digest_articles`` (False: stored before they were)
    recorded: Mapped[bool] = mapped_column(default=True, server_default=false())


class DigestArticle(Base):
    """An article a digest of the daily chain showed as news of its own (in its window, or late):
    the next digests of the chain do not show it again, and the same window made again does."""

    __tablename__ = "digest_articles"

    digest_id: Mapped[int] = mapped_column(BigId, ForeignKey("digests.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(BigId, ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)
