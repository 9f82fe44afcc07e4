"""Outputs that other programs subscribe to: an Atom feed of stories and an
iCalendar file of premiere dates.

Both are functions of the stored data only (no "generated now" stamp unless
the feed is empty), so regenerating them without new articles gives the same
bytes and feed readers and calendar apps see no spurious changes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree as ET

from icalendar import Calendar, Event, Timezone, TimezoneStandard
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.digest import (
    CATEGORY_TITLES,
    NO_SHOW_KEY,
    PremiereEvent,
    collect_premieres,
    premiere_text,
    safe_url,
    story_summary,
)
from pipeline.normalise import comparable
from storage.models import Article, Source, Story
from storage.repository import (
    StoryOutlet,
    articles_of_stories,
    recent_stories,
    source_labels,
    stories_with_premiere,
    story_outlets,
)

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:castwire:stories"


def store_identity(session: Session) -> str:
    """What tells this store from any other castwire database: when its first source was
    stored (a rebuilt database is another store); the same for as long as it lives."""
    first = session.execute(select(Source.created_at).order_by(Source.id).limit(1)).scalar_one_or_none()
    return f"{FEED_ID}:{first.isoformat()}" if first else FEED_ID


def entry_id(store: str, story_id: int) -> str:
    """A story's Atom entry id: permanent, and unique across castwire databases (story 4 of
    one store is not story 4 of another, which a reader subscribed to both would merge)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{store}/story/{story_id}')}"
FEED_LIMIT = 50
PRODID = "-//castwire//premieres//EN"


def _atom_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _entry_html(story: Story, articles: Sequence[Article], outlets: dict[int, tuple[str, str]],
                summary: str | None) -> str:
    facts = [("Show", story.show), ("Platform", ", ".join(story.platforms or [])),
             ("Cast", ", ".join(story.people or [])), ("Premiere", premiere_text(story))]
    parts = [Markup("<p>")]
    parts += [Markup("<strong>{}:</strong> {}<br>").format(label, value) for label, value in facts if value]
    parts.append(Markup("</p>"))
    if summary:
        parts.append(Markup("<p>{}</p>").format(summary))
    parts.append(Markup("<ul>"))
    by_id = {article.id: article for article in articles}

    def outlet_of(article: Article) -> str:
        return outlets.get(article.source_id, ("?", article.site_name or "?"))[1]

    for article in articles:
        url = safe_url(article.canonical_url)
        link = Markup('<a href="{}">{}</a>').format(url, outlet_of(article)) if url else escape(outlet_of(article))
        original = by_id.get(article.duplicate_of_id) if article.duplicate_of_id else None
        copy = Markup(" (copy of {})").format(outlet_of(original)) if original is not None else (
            Markup(" (a copy)") if article.duplicate_of_id else Markup(""))
        parts.append(Markup("<li>{} — {}{}</li>").format(link, article.title or article.canonical_url, copy))
    parts.append(Markup("</ul>"))
    return str(Markup("").join(parts))


def _entry_updated(story: Story) -> datetime:
    """When a feed entry last changed: its story's record was last written (a new report, a
    new version of one, a merge), so a feed reader shows the entry again; never before its
    last report."""
    return max(story.updated_at, story.last_published_at)


def atom_feed(
    session: Session, *, now: datetime, limit: int = FEED_LIMIT, since: datetime | None = None,
    self_url: str | None = None, title: str = "castwire: casting and release news",
) -> bytes:
    """The most recently reported stories as an Atom 1.0 document (UTF-8 bytes)."""
    outlets = source_labels(session)
    stories = recent_stories(session, since=since, limit=limit)
    members = articles_of_stories(session, [s.id for s in stories])
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    store = store_identity(session)
    _sub(feed, "id", self_url or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, store)}")
    _sub(feed, "title", title)
    updated = max((_entry_updated(s) for s in stories), default=now)
    _sub(feed, "updated", _atom_time(updated))
    author = _sub(feed, "author")
    _sub(author, "name", "castwire")
    _sub(feed, "generator", "castwire")
    if self_url:
        _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    for story in stories:
        articles = members[story.id]
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(store, story.id))
        _sub(entry, "title", story.title)
        _sub(entry, "published", _atom_time(story.first_published_at))
        _sub(entry, "updated", _atom_time(_entry_updated(story)))
        # the article whose headline the entry shows (a postponement's, not the first report's)
        linked = sorted(articles, key=lambda a: a.title != story.title)
        link = next((safe_url(a.canonical_url) for a in linked if safe_url(a.canonical_url)), "")
        if link:
            _sub(entry, "link", rel="alternate", href=link, type="text/html")
        _sub(entry, "category", term=story.category,
             label=CATEGORY_TITLES.get(story.category, story.category))
        summary = story_summary(story, articles)
        if summary:
            _sub(entry, "summary", summary)
        _sub(entry, "content", _entry_html(story, articles, outlets, summary), type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"


def _uid(event: PremiereEvent) -> str:
    """The event's identity for good: its show and (the first of) the platforms whose date it
    is, not the date, so a premiere moved is the same event on its new day (a calendar app
    moves it instead of adding a second); a show premiering on two platforms on two days has
    two events (a platform's date is in one event only). A later season's premiere is another
    event than the show's first (its season is in its identity, so season 2's date never moves
    season 1's event); a first season's identity is the show's, as before seasons were told apart."""
    anchor = next((key for key in event.platform_keys if key), "")
    series = f"{event.show_key}|{comparable(event.season)}" if event.season else event.show_key
    digest = hashlib.sha1(f"{series}|{anchor}".encode()).hexdigest()[:20]
    return f"{digest}@castwire"


#: SEQUENCE counts the seconds from here to the event's last revision: it grows with every
#: revision (a moved date among them), as RFC 5545 wants, from stored data alone, and stays in
#: its INTEGER range (32 bits) until 2092.
_SEQUENCE_FROM = datetime(2024, 1, 1, tzinfo=UTC)


def _sequence(event: PremiereEvent) -> int:
    return max(0, int((event.updated.astimezone(UTC) - _SEQUENCE_FROM).total_seconds()))


def _no_event_yet() -> Timezone:
    """RFC 5545 wants a calendar to hold at least one component: with no premiere to show, a
    definition of UTC, which no calendar app shows (as python-icalendar leaves it, the empty
    calendar fails strict parsers and validators)."""
    utc = Timezone()
    utc.add("tzid", "UTC")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("tzname", "UTC")
    utc.add_component(standard)
    return utc


def _dating_article(articles: Sequence[StoryOutlet], day: date) -> str | None:
    """The URL of a story's newest article giving ``day`` as the premiere, else of its first
    (``articles`` oldest first): not a report of a date since moved."""
    giving = [a.url for a in articles if a.premiere_date == day]
    return giving[-1] if giving else (articles[0].url if articles else None)


def premiere_calendar(session: Session, *, since: date | None = None,
                      name: str = "castwire premieres") -> bytes:
    """Every known day-precise premiere as an all-day event (one per show and date; with
    none, a calendar that holds only a definition of UTC)."""
    if since is None:
        chosen = stories_with_premiere(session)
    else:  # the stories that may date a premiere from ``since`` on (a month or a year given
        # is its first day), and every other report about their shows, which may move them
        dated = stories_with_premiere(session, dated_from=date(since.year, 1, 1))
        chosen = [*dated, *stories_with_premiere(session, {s.show_key for s in dated if s.show_key})]
    stories = {story.id: story for story in chosen}
    events = [e for e in collect_premieres(stories.values()) if since is None or e.day >= since]
    links = story_outlets(session, sorted({story_id for e in events for story_id in e.story_ids}))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for premiere in events:
        event = Event()
        event.add("uid", _uid(premiere))
        # without METHOD, DTSTAMP is when the information was last revised, as LAST-MODIFIED;
        # SEQUENCE grows with them, so an app that imported the event takes the revision
        event.add("dtstamp", premiere.updated.astimezone(UTC))
        event.add("last-modified", premiere.updated.astimezone(UTC))
        event.add("sequence", _sequence(premiere))
        event.add("dtstart", premiere.day)
        event.add("dtend", premiere.day + timedelta(days=1))
        where = f" ({', '.join(premiere.platforms)})" if premiere.platforms else ""
        if premiere.show_key.startswith(NO_SHOW_KEY):  # no show recognised: the headline says what
            event.add("summary", f"Premiere: {premiere.show}{where}")
        else:
            event.add("summary", f"{premiere.name} premieres{where}")
        if premiere.platforms:
            event.add("location", ", ".join(premiere.platforms))
        event.add("categories", ["Premiere"])
        event.add("transp", "TRANSPARENT")
        newest_first = sorted(premiere.story_ids, key=lambda i: (stories[i].last_published_at, i), reverse=True)
        urls = [_dating_article(links.get(story_id, []), premiere.day) for story_id in newest_first]
        urls = [url for url in urls if url]
        reports = [f"{stories[story_id].title} (castwire story {story_id})" for story_id in newest_first]
        event.add("description", "\n".join([*reports, *urls]))
        if urls:
            event.add("url", urls[0])  # of the newest story, an article that gives this day
        calendar.add_component(event)
    if not events:
        calendar.add_component(_no_event_yet())
    return calendar.to_ical()
