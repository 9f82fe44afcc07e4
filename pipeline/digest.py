"""The daily digest: stories (not articles) of a time window, rendered with Jinja2.

:func:`resolve_window` turns the command-line choices into a :class:`Window`;
:func:`build_digest` collects a :class:`DigestData` (pure data, no rendering);
:func:`render` turns it into Markdown, HTML or plain text with the packaged
templates; :func:`generate_digest` does all three and stores the result.

Everything shown is a function of the stored data and the window, never of the
clock: regenerating a window without new articles gives byte-identical text.
Only articles published (else fetched) before the window's end are listed, so a
past day's digest stays the same when later articles join its stories.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import partial
from typing import NamedTuple
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session, sessionmaker

from pipeline import dates
from pipeline.choices import DIGEST_FORMATS
from pipeline.entities import person_key
from pipeline.errors import UserError, checked_year
from pipeline.normalise import comparable
from pipeline.romanise import is_native, native_script, same_person_across_scripts
from pipeline.stories import StoryView, record_among
from pipeline.watch import Watchlist, WatchMatcher
from storage.db import transaction
from storage.models import Article, Story
from storage.repository import (
    articles_of_stories,
    chain_begun,
    chain_started,
    crawl_runs_between,
    digests_read_until,
    fetched_between,
    late_arrivals,
    record_digest_articles,
    save_digest,
    source_labels,
    source_slug_names,
    stories_by_ids,
    stories_premiering,
    stories_with_premiere,
    window_articles,
)
from storage.retry import run_in_transaction

CATEGORY_ORDER = ("casting", "release", "trailer", "renewal", "production", "other")
CATEGORY_TITLES = {
    "casting": "Casting",
    "release": "Release dates & premieres",
    "trailer": "Trailers & posters",
    "renewal": "Renewals",
    "production": "Production",
    "other": "Other",
}
WATCHLIST_TITLE = "On your watchlist"
PREMIERE_HORIZON_DAYS = 14
SUMMARY_SENTENCES = 2
SUMMARY_MAX_CHARS = 320
TEXT_WIDTH = 80
FAILED_STATUSES = ("failed", "timed_out")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# --------------------------------------------------------------------------- windows


@dataclass(frozen=True)
class Window:
    """A half-open time window [start, end) (aware UTC) and the timezone it is shown in."""

    start: datetime
    end: datetime
    timezone: str
    #: a digest of the daily chain (the default window, ``--since last``, the scheduler's), whose
    #: reading the next one of the chain goes on from; an explicit ``--date`` or ``--since``
    #: is a window of its own and leaves the chain as it was
    chained: bool = False
    #: of the chain of e-mailed digests (the scheduler's, ``--email``), not of those read where
    #: they were made: each chain goes on from its own digests
    mailed: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def label(self) -> str:
        start, end = self.start.astimezone(self.zone), self.end.astimezone(self.zone)
        if end - start == timedelta(days=1) and start.time() == time(0):
            return start.date().isoformat()
        return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} {self.timezone}"

    @property
    def last_day(self) -> date:
        """The calendar day (in the window's zone) the window ends on."""
        return (self.end - timedelta(microseconds=1)).astimezone(self.zone).date()


def check_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"unknown time zone {name!r} (use an IANA name like Asia/Seoul)") from None


def day_window(day: date, timezone: str) -> Window:
    zone = check_timezone(timezone)
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return Window(start.astimezone(UTC), end.astimezone(UTC), timezone)


def previous_day_window(now: datetime, timezone: str) -> Window:
    """The previous calendar day in ``timezone`` (the default digest window)."""
    return day_window(now.astimezone(check_timezone(timezone)).date() - timedelta(days=1), timezone)


#: A late arrival published longer than this before its digest's window is old news (a new
#: source's first crawl), not a report the crawls missed.
LATE_DAYS = 7


def in_chain(window: Window, *, mailed: bool = False) -> Window:
    """``window`` as a digest of the daily chain reads it (:func:`chain_articles`)."""
    return replace(window, chained=True, mailed=mailed)


def chain_articles(session: Session, window: Window) -> dict[int, list[int]]:
    """story id → the articles that put it in the digest of ``window``. A digest of the daily
    chain shows the articles of its window and the late arrivals (published before it, at most
    :data:`LATE_DAYS` before) that no digest of the chain of another window showed, whatever
    the windows' time zones; the articles each one showed are recorded, so an article crawled
    while a digest was made is in the next one, and the same window made again shows what it
    showed the first time, and what has arrived for it since. An explicit window (``--date``,
    ``--since DATETIME``) shows all of its own."""
    if not window.chained:
        found = window_articles(session, window.start, window.end)
    else:
        found = window_articles(session, window.start, window.end, chain=window.mailed)
        begun = chain_begun(session, window.mailed)
        # the chain's first digest takes the days before its window too (a first crawl stores
        # yesterday's news with today's); one after digests stored before the record of what
        # they showed takes none, as they may have shown them
        if begun is not None or not chain_started(session, window.mailed):
            found += late_arrivals(session, (window.start, window.end), begun=begun, mailed=window.mailed,
                                   published_from=window.start - timedelta(days=LATE_DAYS))
    by_story: dict[int, list[int]] = {}
    for story_id, article_id in found:
        by_story.setdefault(story_id, []).append(article_id)
    return by_story


def resolve_window(
    session: Session,
    *,
    now: datetime,
    timezone: str,
    day: str | None = None,
    since: str | None = None,
    mailed: bool = False,
) -> Window:
    """The window the user asked for: ``--date``, ``--since DATETIME|last`` or yesterday;
    ``mailed``: the digest is to be e-mailed (the default and ``last`` go on from the chain of
    e-mailed digests, else from that of the digests read where they were made).

    A ``--since`` time without an offset is read in ``timezone``; ``last`` means
    from where the last stored digest stopped reading (the end of its window, or when it was
    made if that came first; before the first digest, from the start of the previous day,
    as the default window) to ``now``.
    """
    zone = check_timezone(timezone)
    if day and since:
        raise UserError("give --date or --since, not both")
    if day:
        try:
            chosen = date.fromisoformat(day)
        except ValueError:
            raise UserError(f"--date: not a date like 2026-11-24: {day!r}") from None
        checked_year(chosen, "--date")
        window = day_window(chosen, timezone)
        if window.start >= now:
            raise UserError(f"--date: {chosen.isoformat()} has not begun yet in {timezone}")
        return window
    if since == "last":
        start = digests_read_until(session, mailed) or previous_day_window(now, timezone).start
        if start < now:
            return in_chain(Window(start, now.astimezone(UTC), timezone), mailed=mailed)
    elif since:
        try:
            start = datetime.fromisoformat(since)
        except ValueError:
            raise UserError(f"--since: not a time like 2026-11-24T07:00 or 'last': {since!r}") from None
        checked_year(start, "--since")
        start = (start if start.tzinfo else start.replace(tzinfo=zone)).astimezone(UTC)
    else:
        return in_chain(previous_day_window(now, timezone), mailed=mailed)  # with the late arrivals
    if start >= now:  # said in the reader's zone, as given
        local = start.astimezone(zone)
        raise UserError(f"--since: {local:%Y-%m-%d %H:%M} {timezone} is not in the past "
                        f"(now is {now.astimezone(zone):%Y-%m-%d %H:%M})")
    return Window(start, now.astimezone(UTC), timezone)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class SourceLink:
    """One article of a story: who published it, where and when."""

    outlet: str
    url: str
    title: str
    published_at: datetime | None
    copy_of: str | None = None  # the outlet whose article this one copies
    #: published in the digest's window (or a late arrival it takes): news of this digest, not an
    #: earlier report of a story it follows up
    new: bool = True
    #: what ``published_at`` is: ``"time"``, the time the outlet gave; ``"day"``, a day alone (in
    #: the outlet's offset; its time of day only places it, :func:`pipeline.extract` puts it at
    #: noon); ``"fetched"``, no date at all: when the crawl read it
    dated: str = "time"
    #: the page showed only the start of the article, the rest for subscribers (a paywall)
    paywalled: bool = False


@dataclass(frozen=True)
class Entry:
    """One story as the digest shows it."""

    story_id: int
    title: str
    category: str
    show: str | None
    platforms: tuple[str, ...]
    people: tuple[str, ...]
    premiere: str | None
    summary: str | None
    sources: tuple[SourceLink, ...]
    independent_sources: int
    latest: datetime
    watched: bool = False
    #: a story an earlier window already showed: its headline as the earlier reports made it, and
    #: when it was first reported (the entry itself leads with this window's reports)
    follows: str | None = None
    follows_since: datetime | None = None
    #: a story an earlier window showed whose only new articles copy its earlier ones (a portal's
    #: copy crawled a day later): no news, only listed as picked up again (``follows_since``: when
    #: it was first reported)
    repeat: bool = False

    @property
    def new_sources(self) -> tuple[SourceLink, ...]:
        """The sources of this window's reports."""
        return tuple(s for s in self.sources if s.new)

    @property
    def category_title(self) -> str:
        return CATEGORY_TITLES.get(self.category, self.category.title())


@dataclass(frozen=True)
class PremiereEvent:
    """A show's premiere on a day (one per show and date; platforms merged)."""

    day: date
    show: str
    show_key: str
    platforms: tuple[str, ...]
    story_ids: tuple[int, ...]
    updated: datetime
    watched: bool = False
    #: the platforms (comparable keys; "" for reports naming none) whose date this is, with
    #: those a newer report naming no platform moved here: what the event stands for whatever
    #: its day (a calendar event's lasting identity)
    platform_keys: tuple[str, ...] = ()
    #: the later season or part premiering ("Season 2"), None for the show's first
    season: str | None = None

    @property
    def name(self) -> str:
        """What premieres: the show, with its season when a later one ("Crimson Harbor Season 2")."""
        return f"{self.show} {self.season}" if self.season else self.show


@dataclass(frozen=True)
class DigestData:
    window: Window
    watched: tuple[Entry, ...]
    sections: tuple[tuple[str, tuple[Entry, ...]], ...]
    premieres: tuple[PremiereEvent, ...]
    #: the new articles it lists (of its window, or late), not a followed story's earlier ones nor
    #: the copies of a repeat
    article_count: int
    source_count: int  #: the outlets of those articles
    failing_sources: tuple[str, ...] = ()
    quiet_sources: tuple[str, ...] = ()
    crawled_sources: int = 0  #: how many sources were crawled in the window
    #: an empty digest of a window in which no crawl ran and no article was stored (distributed
    #: workers record no crawl runs): the footer asks whether the crawler is running
    no_crawl: bool = False
    #: the articles it shows as news of its own (of its window, or late), recorded for a digest of
    #: the daily chain so that the next ones do not show them again
    own_articles: tuple[int, ...] = ()
    #: the stories an earlier window showed that only copies of their earlier reports brought back
    #: (:attr:`Entry.repeat`): not the window's stories, listed at the end as picked up again
    repeats: tuple[Entry, ...] = ()

    @property
    def story_count(self) -> int:
        """The window's stories (not the repeats)."""
        return len(self.watched) + sum(len(entries) for _, entries in self.sections)

    @property
    def all_sections(self) -> tuple[tuple[str, tuple[Entry, ...]], ...]:
        """The watchlist section (when any) followed by the category sections."""
        first = ((WATCHLIST_TITLE, self.watched),) if self.watched else ()
        return first + self.sections


# --------------------------------------------------------------------------- building


def premiere_text(story: Story | StoryView) -> str | None:
    """The story's premiere date as precise as it is known: 2026-12-04, December 2026 or 2026,
    with the later season it is of: "2027-10-06 (Season 2)"."""
    words = premiere_words(story.premiere_date, story.premiere_precision)
    return f"{words} ({story.premiere_season})" if words and story.premiere_season else words


def premiere_words(day: date | None, precision: str | None) -> str | None:
    """A premiere date as precise as it is known: 2026-12-04, December 2026 or 2026."""
    if day is None:
        return None
    if precision == "month":
        return day.strftime("%B %Y")
    if precision == "year":
        return str(day.year)
    return day.isoformat()


# a sentence ends at its full stop and the quotes or brackets that close it (kept with it): the
# space after them, or, in Chinese and Japanese, no space at all
_CLOSE = "\"'”’)」』）"
_SENTENCE_END = re.compile(
    rf"(?:(?<=[.!?…])|(?<=[.!?…][{_CLOSE}])|(?<=[.!?…][{_CLOSE}]{{2}}))\s+(?=[\"'“‘(]?[A-Z0-9가-힣\u3040-\u30ff\u4e00-\u9fff])"
    rf"|(?:(?<=[。！？])|(?<=[。！？][{_CLOSE}]))(?![{_CLOSE}])")

# a full stop that ends an abbreviation ("Dec. 12", "Dr. Kim", "vs.", "etc.") or an initial
# ("J. Lee", "U.S.") ends no sentence
_ABBREVIATION = re.compile(
    r"(?:^|[\s(\[\"'“‘])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mrs?|Ms|Dr|Prof|St|No|vs|etc)\.$"
    r"|(?:^|[\s(\[\"'“‘.])[A-Z]\.$")


def sentences_of(text: str) -> list[str]:
    """``text`` (on one line) cut into sentences, in any of the three languages."""
    sentences: list[str] = []
    for part in (p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()):
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences


def short_summary(text: str | None, sentences: int = SUMMARY_SENTENCES,
                  max_chars: int = SUMMARY_MAX_CHARS) -> str | None:
    """The first one or two sentences of ``text``, at most ``max_chars`` characters."""
    if not text:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    parts = sentences_of(text)
    chosen = parts[0]
    for part in parts[1:sentences]:
        if len(chosen) + 1 + len(part) > max_chars:
            break
        chosen = f"{chosen}{'' if chosen[-1] in '。！？」』）' else ' '}{part}"
    if len(chosen) > max_chars:
        cut = chosen[: max_chars - 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut[max_chars // 2 :] else cut
        chosen = cut.rstrip(" ,;:—-") + "…"
    return chosen


def story_summary(story: Story, articles: Sequence[Article], headline_title: str | None = None) -> str | None:
    """The story's summary, else the best article summary, else the lead of a body: the
    headline article's first (a story whose date moved must not show the old date under
    the new headline), then originals before copies. ``headline_title`` is the headline
    shown when it is not the story's own (a past day's digest): the story's summary, which
    goes with its own headline, is then not used."""
    headline_title = headline_title or story.title
    title = comparable(headline_title or "")
    candidates = [story.summary] if headline_title == story.title else []
    ranked = sorted(articles, key=lambda a: (a.duplicate_of_id is not None, a.id))
    headline = [a for a in ranked if a.title == headline_title][:1]
    candidates += [text for a in headline for text in (a.summary, a.body)]
    candidates += [a.summary for a in ranked]
    candidates += [a.body for a in ranked]
    for text in candidates:
        summary = short_summary(text)
        if summary and comparable(summary) != title:
            return summary
    return None


def independent_sources(articles: Iterable[Article]) -> int:
    """Outlets that reported the story themselves: copies of another outlet's article, word
    for word or lightly rewritten (pipeline.dedup), do not count."""
    articles = list(articles)
    own = {a.source_id for a in articles if a.duplicate_of_id is None}
    return len(own) or (1 if articles else 0)


def _entry(story: Story, articles: Sequence[Article], outlets: dict[int, tuple[str, str]], watched: bool,
           new_ids: Iterable[int] | None = None) -> Entry:
    """The digest entry of ``story`` as reported by ``articles`` (those published before the
    window's end); ``new_ids``: those of its articles that are the window's news (all of them
    when not given). A story an earlier window showed (some of its articles are not new) leads
    with what its new articles report: their headline, summary and category, and says which
    earlier story it follows up; the show, platforms, cast and premiere stay the story's, as all
    its articles up to the window's end make them. A copy of an earlier article of the story (a
    portal's copy crawled a day later) is no news of its own: new copies alone make no
    follow-up (the story is a repeat, picked up again), and never its headline."""
    def outlet(article: Article) -> str:
        return outlets.get(article.source_id, ("?", article.site_name or "?"))[1]

    new = {a.id for a in articles} if new_ids is None else set(new_ids)
    fresh = [a for a in articles if a.id in new]
    earlier = [a for a in articles if a.id not in new]
    known = {a.id for a in earlier}
    news = [a for a in fresh if a.duplicate_of_id not in known]  # not a copy of what was shown
    follow_up = bool(news and earlier)
    repeat = bool(fresh and earlier and not news)
    by_id = {a.id: a for a in articles}
    shown = {a.id: _link_time(a) for a in articles}
    links = tuple(
        SourceLink(
            outlet=outlet(a),
            url=a.canonical_url or a.url,
            title=a.title or a.canonical_url or a.url,
            published_at=shown[a.id][0],
            dated=shown[a.id][1],
            copy_of=None if a.duplicate_of_id is None else (
                outlet(by_id[a.duplicate_of_id]) if a.duplicate_of_id in by_id else "another outlet"),
            new=a.id in new,
            paywalled=bool(a.paywalled),
        )
        for a in ([*fresh, *earlier] if follow_up else articles)  # the window's reports first
    )
    times = [a.published_at or a.fetched_at for a in articles]
    # reported again since the window (a past day's digest): the story as the window's reports
    # made it, not a later headline, date, cast or platform
    record = record_among(articles) if times and story.last_published_at > max(times) else {
        "title": story.title, "category": story.category, "show": story.show, "platforms": story.platforms,
        "people": story.people, "premiere_date": story.premiere_date, "premiere_precision": story.premiere_precision,
    }
    title, category, summarised = record["title"], record["category"], articles
    follows = None
    follows_since = min(a.published_at or a.fetched_at for a in earlier) if follow_up or repeat else None
    if follow_up:  # the news of this window: the headline its reports make, of their category
        latest = record_among(news)
        title, category, summarised = latest["title"], latest["category"] or category, news
        follows = record_among(earlier)["title"]
    return Entry(
        story_id=story.id, title=title, category=category or "other", show=record["show"],
        platforms=tuple(record["platforms"] or ()), people=tuple(record["people"] or ()),
        premiere=premiere_words(record["premiere_date"], record["premiere_precision"]),
        summary=story_summary(story, summarised, title), sources=links,
        independent_sources=independent_sources(articles),
        latest=max(times) if times else story.last_published_at, watched=watched,
        follows=follows, follows_since=follows_since, repeat=repeat,
    )


def _mark_moved(entries: list[Entry], stories: dict[int, Story]) -> list[Entry]:
    """The entries, a premiere date that a newer entry of the digest moved marked as moved: a
    window with "sets Nov. 28 premiere" and "pushed back to December 19" showed both dates
    as if both held. A newer entry of the show (and season) naming every platform of the
    entry's, or none, gives its premiere: the newest such entry's date holds (another platform's
    date, "tvN on the 12th, Netflix on the 19th", moves nothing)."""
    def series(entry: Entry) -> tuple[str | None, str | None]:
        story = stories[entry.story_id]
        return story.show_key, story.premiere_season

    def platforms(entry: Entry) -> set[str]:
        return {comparable(p) for p in entry.platforms}

    marked = []
    for entry in entries:
        newer = [other for other in entries if other.premiere and other.story_id != entry.story_id
                 and series(other) == series(entry) and series(entry)[0] is not None
                 and (other.latest, other.story_id) > (entry.latest, entry.story_id)
                 and (not platforms(other) or platforms(entry) <= platforms(other))]
        if entry.premiere and newer:
            latest = max(newer, key=lambda other: (other.latest, other.story_id))
            if not _agrees(stories[entry.story_id], stories[latest.story_id]):
                entry = replace(entry, premiere=f"{entry.premiere} (moved to {latest.premiere})")
        marked.append(entry)
    return marked


def _agrees(older: Story, newer: Story) -> bool:
    """The newer story's premiere date is the older's, as precisely as the older gives it
    ("October 2027" then "2027-10-06" is a date made precise, not moved)."""
    if older.premiere_date is None or newer.premiere_date is None:
        return older.premiere_date == newer.premiere_date
    fields = {"year": ("year",), "month": ("year", "month")}.get(older.premiere_precision or "day", ("year", "month", "day"))
    return all(getattr(older.premiere_date, f) == getattr(newer.premiere_date, f) for f in fields)


def _rank(entry: Entry) -> tuple[object, ...]:
    return (-entry.independent_sources, -entry.latest.timestamp(), entry.story_id)


#: The show key of a premiere event whose story has no show (followed by the story id).
NO_SHOW_KEY = "story-"


def collect_premieres(stories: Iterable[Story | KnownStory], watched_ids: Iterable[int] = ()) -> list[PremiereEvent]:
    """One event per show (and season) and premiere day; for each show, season and platform
    the most recently reported date wins (a newer report moves the date, and one less precise
    than a day, "moved to January", leaves no event); a newer report naming no platform that
    gives another date moves every platform's. A later season's premiere ("Season 2 premieres
    next October") is an event of its own: it moves no date of the first season's."""
    watched = set(watched_ids)
    # (series: (show key, season), platform key) → (last reported, story id, story, platform display)
    best: dict[tuple[tuple[str, str], str], tuple[datetime, int, Story | KnownStory, str]] = {}
    names: dict[str, str] = {}
    for story in stories:
        if story.premiere_date is None:
            continue
        show_key = story.show_key or f"{NO_SHOW_KEY}{story.id}"
        names.setdefault(show_key, story.show or story.title)
        series = (show_key, story.premiere_season or "")
        for platform in story.platforms or [""]:
            key = (series, comparable(platform))
            candidate = (story.last_published_at, story.id, story, platform)
            if key not in best or candidate[:2] > best[key][:2]:
                best[key] = candidate
    newest_with_platform: dict[tuple[str, str], tuple[datetime, int]] = {}
    for (series, platform), (when, story_id, _, _) in best.items():
        if platform:
            newest_with_platform[series] = max(newest_with_platform.get(series, (EPOCH, 0)), (when, story_id))
    events: dict[tuple[tuple[str, str], date], dict[str, object]] = {}
    moved: dict[tuple[str, str], list[str]] = {}  # series → the platforms whose date a report naming none moved
    for (series, platform), (when, story_id, story, display) in sorted(best.items(), key=lambda i: i[0]):
        if not platform and series in newest_with_platform and newest_with_platform[series] >= (when, story_id):
            continue
        unplatformed = best.get((series, ""))  # a newer report naming no platform that moved the date
        if platform and unplatformed and unplatformed[:2] > (when, story_id) and (
                unplatformed[2].premiere_date, unplatformed[2].premiere_precision) != (
                story.premiere_date, story.premiere_precision):
            moved.setdefault(series, []).append(platform)
            continue
        assert story.premiere_date is not None
        if (story.premiere_precision or "day") != "day":
            continue
        event = events.setdefault((series, story.premiere_date),
                                  {"platforms": [], "stories": set(), "updated": EPOCH, "keys": set()})
        event["keys"].add(platform)  # type: ignore[attr-defined]
        if display and display not in event["platforms"]:  # type: ignore[operator]
            event["platforms"].append(display)  # type: ignore[attr-defined]
        event["stories"].add(story_id)  # type: ignore[attr-defined]
        event.setdefault("people", set()).update(story.people or ())  # type: ignore[attr-defined]
        # when its information was last revised (RFC 5545's DTSTAMP): the story's record was written
        event["updated"] = max(event["updated"], story.updated_at)  # type: ignore[type-var]
    for (series, _day), event in events.items():
        if "" in event["keys"]:  # type: ignore[operator]
            event["keys"].update(moved.get(series, ()))  # type: ignore[attr-defined]
    _merge_titles_in_two_scripts(events, names)
    return sorted(
        (
            PremiereEvent(
                day=day, show=names[series[0]], show_key=series[0], season=series[1] or None,
                platforms=tuple(sorted(event["platforms"])),  # type: ignore[arg-type]
                story_ids=tuple(sorted(event["stories"])),  # type: ignore[arg-type]
                updated=event["updated"],  # type: ignore[arg-type]
                watched=bool(watched & event["stories"]),  # type: ignore[operator]
                platform_keys=tuple(sorted(event["keys"])),  # type: ignore[call-overload]
            )
            for (series, day), event in events.items()
        ),
        key=lambda e: (e.day, comparable(e.show), e.show_key, e.season or ""),
    )


def _merge_titles_in_two_scripts(events: dict[tuple[tuple[str, str], date], dict[str, object]],
                                 names: dict[str, str]) -> None:
    """One premiere under two titles is one event: "硝子の約束" and "Glass Promise" on TBS the same
    day, their stories sharing a cast member across the scripts ("藤井蒼真", "Soma Fujii"), when no
    article put the two titles side by side. The event first reported keeps its identity (the
    UID a calendar app imported) and takes the other's stories and platforms."""
    def same_cast(one: set[str], other: set[str]) -> bool:  # any spelling or name order, either script
        return bool({person_key(a) for a in one} & {person_key(b) for b in other}) or any(
            same_person_across_scripts(a, b) for a in one for b in other)

    order = sorted(events, key=lambda k: (min(events[k]["stories"]), k))  # type: ignore[type-var]
    for i, kept in enumerate(order):
        if kept not in events:
            continue
        for other in order[i + 1:]:
            if other not in events or other[1] != kept[1] or other[0][1] != kept[0][1]:
                continue  # another day, or another season
            a, b = events[kept], events[other]
            if (is_native(names[kept[0][0]]) == is_native(names[other[0][0]])
                    or not set(a["keys"]) & set(b["keys"]) - {""}  # type: ignore[call-overload, operator]
                    or not same_cast(a["people"], b["people"])):  # type: ignore[arg-type]
                continue
            a["stories"] |= b["stories"]  # type: ignore[operator]
            a["platforms"] += [p for p in b["platforms"] if p not in a["platforms"]]  # type: ignore[operator]
            a["updated"] = max(a["updated"], b["updated"])  # type: ignore[type-var]
            del events[other]


class SourceHealth(NamedTuple):
    """The sources crawled in a window: those whose last crawl failed, those whose crawls
    found nothing, and how many were crawled at all (none: no crawl ran)."""

    failing: tuple[str, ...]
    quiet: tuple[str, ...]
    crawled: int


def source_health_lists(session: Session, window: Window) -> SourceHealth:
    """Sources whose last crawl in the window failed, sources whose crawls found nothing,
    and how many sources were crawled."""
    names = source_slug_names(session)
    last: dict[str, str] = {}
    yielded: dict[str, int] = {}
    for run in crawl_runs_between(session, window.start, window.end):
        last.setdefault(run.source_slug, run.status)
        yielded[run.source_slug] = (yielded.get(run.source_slug, 0) + run.articles_new
                                    + run.articles_updated + run.urls_already_stored)
    failing = sorted(s for s, status in last.items() if status in FAILED_STATUSES)
    quiet = sorted(s for s, n in yielded.items() if n == 0 and s not in failing)
    return SourceHealth(tuple(names.get(s, s) for s in failing), tuple(names.get(s, s) for s in quiet), len(last))


@dataclass(frozen=True)
class KnownStory:
    """A story as the articles published (else fetched) before a time made it: what a past
    window's premieres section reads instead of the stored story, which later reports changed."""

    id: int
    title: str
    show: str | None
    show_key: str | None
    people: tuple[str, ...]
    platforms: tuple[str, ...]
    premiere_date: date | None
    premiere_precision: str | None
    last_published_at: datetime
    updated_at: datetime
    premiere_season: str | None = None


def known_by(session: Session, stories: Iterable[Story], end: datetime, *,
             articles: bool = False) -> dict[int, tuple[KnownStory, list[Article]]]:
    """story id → (the story as known before ``end``, its articles before ``end``); a story
    reported again since is made again from its articles of then (a story first reported after
    ``end`` is left out), the others are as stored, and their articles read only if
    ``articles`` is true."""
    stories = [s for s in {s.id: s for s in stories}.values() if s.first_published_at < end]
    members = articles_of_stories(session, [s.id for s in stories if articles or s.last_published_at >= end],
                                  before=end)
    known: dict[int, tuple[KnownStory, list[Article]]] = {}
    for story in stories:
        if story.last_published_at >= end:
            if not members[story.id]:
                continue
            articles_then = members[story.id]  # reported since: the record its articles of then made
            record = record_among(articles_then)
            last = max(a.published_at or a.fetched_at for a in articles_then)
            known[story.id] = (KnownStory(
                story.id, record["title"], record["show"], record["show_key"], tuple(record["people"] or ()),
                tuple(record["platforms"] or ()), record["premiere_date"], record["premiere_precision"],
                last, min(story.updated_at, last), record["premiere_season"]), articles_then)
        else:
            known[story.id] = (KnownStory(
                story.id, story.title, story.show, story.show_key, tuple(story.people or ()),
                tuple(story.platforms or ()), story.premiere_date, story.premiere_precision,
                story.last_published_at, story.updated_at, story.premiere_season), members.get(story.id, []))
    return known


def upcoming_premieres(session: Session, window: Window, matcher: WatchMatcher) -> list[PremiereEvent]:
    """The premieres of the :data:`PREMIERE_HORIZON_DAYS` days after ``window`` as what was
    reported before its end made them (a later postponement, or a date first reported later,
    does not change a past window's digest)."""
    first_day = window.last_day + timedelta(days=1)
    last_day = first_day + timedelta(days=PREMIERE_HORIZON_DAYS - 1)
    # dated in the horizon now, and those whose date was given or moved after the window
    candidates = [*stories_premiering(session, first_day, last_day),
                  *stories_with_premiere(session, spanning=window.end)]
    # the articles matter only for marking watched ones, and for stories reported since
    known = known_by(session, candidates, window.end, articles=bool(matcher))

    def upcoming(story: KnownStory) -> bool:
        return (story.premiere_date is not None and first_day <= story.premiere_date <= last_day
                and (story.premiere_precision or "day") == "day")

    shows = {k.show_key for k, _ in known.values() if upcoming(k) and k.show_key}
    # a newer report about one of these shows may have moved its date out of the horizon
    others = [s for s in stories_with_premiere(session, shows) if s.id not in known]
    known.update(known_by(session, others, window.end, articles=bool(matcher)))
    watched_ids = [k.id for k, articles in known.values() if upcoming(k) and matcher.matches(k, articles)]
    return [event for event in collect_premieres([k for k, _ in known.values()], watched_ids)
            if first_day <= event.day <= last_day]


def build_digest(session: Session, window: Window, *, watchlist: Watchlist | None = None) -> DigestData:
    """Collect the stories active in ``window``, watched ones first, then ranked within
    the fixed category sections by independent sources and recency; those that only copies of
    their earlier reports brought back apart, as repeats."""
    outlets = source_labels(session)
    matcher = WatchMatcher.build(session, watchlist or Watchlist())
    chain = chain_articles(session, window)
    stories = stories_by_ids(session, sorted(chain))
    members = articles_of_stories(session, [s.id for s in stories], before=window.end)
    entries = _mark_moved([
        _entry(story, members[story.id], outlets, matcher.matches(story, members[story.id]), chain[story.id])
        for story in stories if members[story.id]
    ], {story.id: story for story in stories})
    news = [e for e in entries if not e.repeat]
    watched = sorted((e for e in news if e.watched), key=_rank)
    sections = []
    for category in CATEGORY_ORDER:
        chosen = sorted((e for e in news if e.category == category and not e.watched), key=_rank)
        if chosen:
            sections.append((CATEGORY_TITLES[category], tuple(chosen)))
    unknown = sorted((e for e in news if e.category not in CATEGORY_ORDER and not e.watched), key=_rank)
    if unknown:
        sections.append((CATEGORY_TITLES["other"] + " (unclassified)", tuple(unknown)))

    premieres = upcoming_premieres(session, window, matcher)

    shown = [link for e in news for link in e.new_sources]
    health = source_health_lists(session, window)
    no_crawl = not entries and not health.crawled and not fetched_between(session, window.start, window.end)
    return DigestData(
        window=window, watched=tuple(watched), sections=tuple(sections), premieres=tuple(premieres),
        article_count=len(shown), source_count=len({link.outlet for link in shown}),
        failing_sources=health.failing, quiet_sources=health.quiet, crawled_sources=health.crawled,
        no_crawl=no_crawl, own_articles=tuple(sorted(a for e in entries for a in chain[e.story_id])),
        repeats=tuple(sorted((e for e in entries if e.repeat), key=_rank)),
    )


# --------------------------------------------------------------------------- rendering


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


# kinsoku shori (JIS X 4051): what may not start a line (closing brackets and quotes, stops and
# commas, iteration marks, the prolonged sound mark, small kana; their Latin counterparts too)
# and what may not end one (opening brackets and quotes)
_NO_LINE_START = frozenset(
    "。、，．・：；？！‼⁇⁈⁉）］｝〕〉》」』】〙〗〟’”｠»ゝゞヽヾ々〻ー゛゜ぁぃぅぇぉっゃゅょゎゕゖ"
    "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ…‥〜～%％),.:;!?]}'\"")
_NO_LINE_END = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«([{")


def _may_break(before: str, after: str) -> bool:
    """May a line break between ``before`` and ``after`` (inside a run without spaces)?"""
    if after in _NO_LINE_START or before in _NO_LINE_END:
        return False
    # nor inside a Latin word or a number ("Netflix", "2027")
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def wrap_text(text: str | None, width: int = TEXT_WIDTH, indent: str = "", subsequent: str | None = None) -> str:
    """Wrap at ``width`` display columns; CJK runs break between characters, but never
    before a closing bracket, stop or small kana nor after an opening bracket (kinsoku: the
    characters around it go down to the next line with it); a word (a URL) longer than a line
    stays whole on its own line."""
    subsequent = indent if subsequent is None else subsequent
    words = " ".join((text or "").split()).split(" ")
    lines: list[str] = []
    line = indent
    fresh = True  # nothing but the indent on the current line

    def room(prefix: str) -> int:
        return width - display_width(prefix)

    for word in words:
        if not word:
            continue
        gap = "" if fresh else " "
        if display_width(line + gap + word) <= width:
            line, fresh = line + gap + word, False
            continue
        if display_width(word) > room(subsequent) and any(unicodedata.east_asian_width(c) in "WF" for c in word):
            start = len(line + gap)  # where the word's characters on this line begin
            for ch in word:  # break a CJK run wherever it reaches the margin, as kinsoku allows
                if display_width(line + gap + ch) > width and not fresh:
                    cut = len(line)
                    if not gap:  # inside the word: go back to a place where a break is allowed
                        while cut > start and not _may_break(line[cut - 1], line[cut] if cut < len(line) else ch):
                            cut -= 1
                        if cut == start and start > len(subsequent) and line[start - 1] == " ":
                            cut = start - 1  # the word's start on this line: break at the space before it
                        elif cut == start:
                            cut = len(line)  # nowhere allowed: break at the margin
                    carried = line[cut:].lstrip(" ")
                    lines.append(line[:cut])
                    line, gap, fresh = subsequent + carried, "", not carried
                    start = len(subsequent)
                line, gap, fresh = line + gap + ch, "", False
            continue
        if not fresh:
            lines.append(line)
        line, fresh = subsequent + word, False
    if not fresh or not lines:
        lines.append(line)
    return "\n".join(line.rstrip() for line in lines)


def safe_url(url: str | None) -> str:
    """Only http(s) links are shown as links (never ``javascript:`` and the like)."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


# "!" only matters before "[" (escaped anyway) and "&" only when it starts an entity reference.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~]|&(?=#?\w+;))")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def markdown_escape(text: str | None) -> str:
    """Text that Markdown renders literally (inline: newlines become spaces)."""
    if not text:
        return ""
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + re.sub(r"([-+=>.)])", r"\\\1", m.group(2)), text)


def markdown_url(url: str | None) -> str:
    """A link destination safe inside ``(...)``: spaces, brackets and parentheses encoded."""
    return quote(safe_url(url), safe="/:?#[]@!$&'*+,;=%~-._")


def _link_time(article: Article) -> tuple[datetime, str]:
    """A source link's ``published_at`` and ``dated``: a day alone ("2026年12月6日", "yesterday")
    is the outlet's day, shown without the time of day it was placed at; an undated article is
    dated by its fetch, said as such."""
    if article.published_at is None:
        return article.fetched_at, "fetched"
    if dates.published_precision(article.published_raw) == "time":
        return article.published_at, "time"
    offset = article.published_offset_minutes
    outlet = timezone(timedelta(minutes=offset)) if offset is not None else UTC
    return article.published_at.astimezone(outlet), "day"


def _when(link: SourceLink, zone: str) -> str:
    """When a source link's article came out, as the digest prints it: its time in ``zone``,
    the outlet's day alone ("2026-12-06"), or "fetched …" for an undated article."""
    if link.dated == "day" and link.published_at is not None:
        return f"{link.published_at:%Y-%m-%d}"
    shown = _local_time(link.published_at, zone)
    return f"fetched {shown}" if link.dated == "fetched" else shown


def _local_time(value: datetime | None, timezone: str) -> str:
    if value is None:
        return "time unknown"
    return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def plural(count: int, word: str, many: str | None = None) -> str:
    """"1 story", "2 stories": the count and the word that goes with it."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = wrap_text
    env.filters["local"] = _local_time
    env.filters["when"] = _when
    env.filters["local_day"] = lambda value, timezone: _local_time(value, timezone)[:10]
    env.filters["md"] = markdown_escape
    env.filters["md_url"] = markdown_url
    env.filters["safe_url"] = safe_url
    # the language a headline's script says ("ja", "ko"; none for Latin letters): the HTML digest
    # marks it so mail clients draw kanji with Japanese glyphs, not Chinese or Korean ones
    env.filters["lang"] = lambda text: native_script(text or "") or ""
    env.filters["plural"] = plural
    env.filters["copy_label"] = lambda link: f"{link.outlet} (copy of {link.copy_of})"
    env.filters["text_width"] = display_width
    return env


def render(data: DigestData, fmt: str) -> str:
    """The digest as ``md``, ``html`` or ``text``."""
    if fmt not in DIGEST_FORMATS:
        raise UserError(f"unknown digest format {fmt!r} (choose {', '.join(DIGEST_FORMATS)})")
    template = _environment().get_template(f"digest.{fmt}.j2")
    text = template.render(d=data, tz=data.window.timezone, horizon=PREMIERE_HORIZON_DAYS)
    return re.sub(r"\n{3,}", "\n\n", text)


def subject(data: DigestData) -> str:
    """An e-mail subject line for the digest: its window and the zone of that window (the same
    day in another zone is another digest)."""
    label = data.window.label
    named = label if label.endswith(data.window.timezone) else f"{label} {data.window.timezone}"
    return f"castwire digest {named}: {plural(data.story_count, 'story', 'stories')}"


@dataclass(frozen=True)
class GeneratedDigest:
    """A rendered, stored digest."""

    digest_id: int
    format: str
    text: str
    content_hash: str
    data: DigestData


def store_digest(session: Session, data: DigestData, fmt: str, text: str, *,
                 emailed_at: datetime | None = None, made_at: datetime | None = None) -> GeneratedDigest:
    """Record a rendered digest (window, timezone, format, content hash, when it was made, and
    when it was sent by e-mail)."""
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    digest_id = save_digest(
        session, window_start=data.window.start, window_end=data.window.end,
        timezone=data.window.timezone, format=fmt, content_hash=content_hash, content=text,
        story_count=data.story_count, emailed_at=emailed_at, chained=data.window.chained,
        created_at=made_at,
    )
    if data.window.chained:
        record_digest_articles(session, digest_id, data.own_articles)
    return GeneratedDigest(digest_id, fmt, text, content_hash, data)


#: Sends a digest: (subject, plain text, HTML).
Mailer = Callable[[str, str, str], None]


@dataclass(frozen=True)
class PreparedDigest:
    """A digest built and rendered, not stored yet: it is stored once delivered."""

    data: DigestData
    texts: Mapping[str, str]  #: format → text
    made_at: datetime  #: when it read the stored data (it saw what was stored by then)


def prepare(session: Session, window: Window, formats: Sequence[str], *,
            watchlist: Watchlist | None = None) -> PreparedDigest:
    """The digest of ``window`` built once and rendered in every format of ``formats``
    (reads only)."""
    made_at = datetime.now(UTC)
    data = build_digest(session, window, watchlist=watchlist)
    return PreparedDigest(data, {fmt: render(data, fmt) for fmt in formats}, made_at)


def mail_digest(prepared: PreparedDigest, mail: Mailer) -> datetime:
    """Send ``prepared`` (its text and HTML forms) with ``mail``; when it was sent."""
    data, texts = prepared.data, prepared.texts
    mail(subject(data), texts.get("text") or render(data, "text"), texts.get("html") or render(data, "html"))
    return datetime.now(UTC)


def store(session: Session, prepared: PreparedDigest, *,
          emailed_at: datetime | None = None) -> dict[str, GeneratedDigest]:
    """Record ``prepared`` in each of its formats, as made when it read the data."""
    return {fmt: store_digest(session, prepared.data, fmt, text, emailed_at=emailed_at, made_at=prepared.made_at)
            for fmt, text in prepared.texts.items()}


#: Delivers a prepared digest (writes it out, e-mails it) and says when it was e-mailed (None: not
#: e-mailed); an error raised means it was not delivered, and it is not stored.
Delivery = Callable[[PreparedDigest], datetime | None]


def publish(
    sessions: sessionmaker[Session], window_of: Callable[[Session], Window], formats: Sequence[str], *,
    deliver: Delivery, watchlist: Watchlist | None = None, skip_empty: bool = False,
) -> tuple[Window, dict[str, GeneratedDigest]]:
    """Build the digest of the window ``window_of`` chooses (in a transaction that only reads),
    deliver it with no transaction open, then store it in a short transaction of its own: it
    counts as shown only once delivered whole, and a slow reader, a stalled pipe or an SMTP
    server keeps no lock on the database meanwhile. What is stored is what was delivered, as
    built; a digest of the chain made at the same time is stored as well (each records what it
    showed). ``skip_empty``: a digest without a story (repeats alone are none) is neither delivered
    nor stored (an empty dict): the next one reads its window again, repeats included."""
    with transaction(sessions) as session:
        window = window_of(session)
        prepared = prepare(session, window, formats, watchlist=watchlist)
    if skip_empty and not prepared.data.story_count:
        return window, {}
    emailed_at = deliver(prepared)
    return window, run_in_transaction(sessions, partial(store, prepared=prepared, emailed_at=emailed_at))


def generate(
    session: Session, window: Window, formats: Sequence[str], *, watchlist: Watchlist | None = None,
    mail: Mailer | None = None,
) -> dict[str, GeneratedDigest]:
    """Build the digest once, render it in every format of ``formats``, send it with ``mail``
    (its text and HTML forms), then store each, all in ``session``: when sending fails, nothing
    is stored. (:func:`publish` does the same with no transaction open while it delivers.)"""
    prepared = prepare(session, window, formats, watchlist=watchlist)
    return store(session, prepared, emailed_at=mail_digest(prepared, mail) if mail is not None else None)


def generate_digest(
    session: Session, window: Window, fmt: str, *, watchlist: Watchlist | None = None
) -> str:
    """Build, render and store a digest; the same window and data give the same text."""
    return generate(session, window, (fmt,), watchlist=watchlist)[fmt].text


__all__ = [
    "CATEGORY_ORDER", "CATEGORY_TITLES", "DigestData", "Entry", "GeneratedDigest",
    "NO_SHOW_KEY", "PremiereEvent", "PreparedDigest", "SourceLink", "Window", "build_digest", "check_timezone", "collect_premieres",
    "day_window", "display_width", "generate", "generate_digest", "markdown_escape", "previous_day_window",
    "mail_digest", "prepare", "publish", "render", "resolve_window", "safe_url", "short_summary", "store",
    "store_digest", "story_summary",
    "subject", "wrap_text",
]
