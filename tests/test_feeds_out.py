from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import icalendar
import pytest
from click.testing import CliRunner
from db_fixtures import ingest_records
from sqlalchemy.orm import Session, sessionmaker
from story_factory import T0, article, source, story

from pipeline.cli import cli
from pipeline.errors import UserError
from pipeline.feeds_out import atom_feed, entry_id, premiere_calendar, store_identity
from storage.db import open_database, session_factory, transaction
from storage.models import Story

NOW = datetime(2026, 11, 24, tzinfo=UTC)
XSS = "<script>alert(1)</script> Owl & <b>friends</b>"


def populate(session: Session) -> dict[str, int]:
    kdd, jp = source(session, "kdd", "K-Drama Daily"), source(session, "jp", "Dorama JP")
    ids = {
        "cast": story(session, "Han Hyo-joo and Oguri Shun cast", show="Romantics Anonymous",
                      platforms=("Netflix",), people=("Han Hyo-joo", "Oguri Shun")),
        "date": story(session, "Midnight Confections premieres Nov 25", category="release", show="Midnight Confections",
                      platforms=("tvN", "Netflix"), premiere=date(2026, 11, 25), when=T0 + timedelta(hours=1)),
        # a newer report moves the Netflix date; tvN stays
        "moved": story(session, "Midnight Confections moves to Nov 28 on Netflix", category="release",
                       show="Midnight Confections", platforms=("Netflix",), premiere=date(2026, 11, 28),
                       when=T0 + timedelta(days=1)),
        "xss": story(session, XSS, category="trailer", show="Night Owl", premiere=date(2026, 12, 1),
                     when=T0 + timedelta(hours=2)),
        "vague": story(session, "Sometime in 2027", category="release", show="Later Show",
                       premiere=date(2027, 1, 1), precision="year"),
    }
    original = article(session, kdd, "kdd.example/cast", story_id=ids["cast"], title="Cast news",
                       summary="Two stars cast. More soon.")
    article(session, jp, "jp.example/cast", story_id=ids["cast"], title="キャスト", when=T0 + timedelta(minutes=30))
    copier = source(session, "copier", "Copy Daily")
    article(session, copier, "copier.example/cast", story_id=ids["cast"], title="Cast news (copied)",
            when=T0 + timedelta(minutes=40), duplicate_of=original, duplicate_kind="exact")
    article(session, kdd, "kdd.example/date", story_id=ids["date"], title="Date", when=T0 + timedelta(hours=1))
    article(session, jp, "jp.example/moved", story_id=ids["moved"], title="Moved", when=T0 + timedelta(days=1))
    article(session, kdd, "kdd.example/xss", story_id=ids["xss"], title=XSS, when=T0 + timedelta(hours=2))
    return ids


def test_atom_feed_is_valid_for_feedparser(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        data = atom_feed(session, now=NOW, self_url="https://example.com/stories.xml")
        again = atom_feed(session, now=NOW + timedelta(days=1), self_url="https://example.com/stories.xml")
    assert data == again  # no clock in a non-empty feed
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "castwire: casting and release news"
    titles = [entry.title for entry in parsed.entries]
    assert titles[0] == "Midnight Confections moves to Nov 28 on Netflix"  # newest first
    assert XSS in titles  # a text construct: the markup is the title's text
    with transaction(sessions) as session:
        store = store_identity(session)
    cast = next(e for e in parsed.entries if e.id == entry_id(store, ids["cast"]))
    assert cast.link == "https://kdd.example/cast"
    assert cast.summary == "Two stars cast. More soon."
    assert "Han Hyo-joo, Oguri Shun" in cast.content[0].value and "Dorama JP" in cast.content[0].value
    assert "Cast news (copied) (copy of K-Drama Daily)" in cast.content[0].value  # as the digest says
    assert cast.tags[0].term == "casting"
    owl = next(e for e in parsed.entries if e.title == XSS)
    assert "<script>" not in owl.content[0].value  # sanitised and escaped in the HTML content


def test_an_entry_is_updated_when_its_story_changes(sessions: sessionmaker[Session]) -> None:
    """A new version of an article, or a new report, rewrites the story: the entry's
    <updated> stayed at the story's last publication time, so feed readers never showed it again."""
    with transaction(sessions) as session:
        ids = populate(session)
        before = feedparser.parse(atom_feed(session, now=NOW))
        cast = session.get(Story, ids["cast"])
        cast.title, cast.updated_at = "Han Hyo-joo, Oguri Shun and Kim Se-ra cast", NOW - timedelta(hours=1)
        session.flush()
        after = feedparser.parse(atom_feed(session, now=NOW))
        changed_id = entry_id(store_identity(session), ids["cast"])
    updated = {e.id: e.updated for e in before.entries}
    changed = next(e for e in after.entries if e.id == changed_id)
    assert changed.updated == "2026-11-23T23:00:00Z" != updated[changed.id]
    assert after.feed.updated == "2026-11-23T23:00:00Z" != before.feed.updated
    assert all(e.updated == updated[e.id] for e in after.entries if e is not changed)


def test_entry_ids_differ_between_two_stores_and_stay_in_one(tmp_path: Path) -> None:
    """Entry ids were urn:castwire:stories:N: story 4 of one database and story 4 of another
    (or of the same database rebuilt) had one id, which a feed reader merges."""
    ids = []
    for name in ("one", "two"):
        engine = open_database(f"sqlite:///{tmp_path / name}.sqlite")
        with transaction(session_factory(engine)) as session:
            populate(session)
            first = feedparser.parse(atom_feed(session, now=NOW))
            again = feedparser.parse(atom_feed(session, now=NOW + timedelta(days=1)))
        engine.dispose()
        assert [e.id for e in first.entries] == [e.id for e in again.entries]
        assert all(e.id.startswith("urn:uuid:") for e in first.entries) and first.feed.id.startswith("urn:uuid:")
        ids.append({e.id for e in first.entries} | {first.feed.id})
    assert not ids[0] & ids[1]


def test_empty_feed_is_valid(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        parsed = feedparser.parse(atom_feed(session, now=NOW))
    assert parsed.bozo == 0 and parsed.entries == [] and parsed.feed.updated == "2026-11-24T00:00:00Z"


def test_calendar_has_one_all_day_event_per_show_premiere(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        data = premiere_calendar(session)
        assert premiere_calendar(session) == data
        later = premiere_calendar(session, since=date(2026, 11, 26))
    calendar = icalendar.Calendar.from_ical(data)
    events = [c for c in calendar.walk("VEVENT")]
    summary = sorted((e.decoded("dtstart"), str(e["summary"])) for e in events)
    assert summary == [
        (date(2026, 11, 25), "Midnight Confections premieres (tvN)"),
        (date(2026, 11, 28), "Midnight Confections premieres (Netflix)"),
        (date(2026, 12, 1), "Night Owl premieres"),
    ]
    for event in events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert not isinstance(start, datetime) and end - start == timedelta(days=1)  # all-day
        assert str(event["uid"]).endswith("@castwire")
    assert len({str(e["uid"]) for e in events}) == 3
    assert [e.decoded("dtstart") for e in icalendar.Calendar.from_ical(later).walk("VEVENT")] == [
        date(2026, 11, 28), date(2026, 12, 1)]


def test_calendar_drops_a_day_a_newer_report_moved_to_a_month(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        story(session, "Night Owl delayed to January", category="release", show="Night Owl",
              premiere=date(2027, 1, 1), precision="month", when=T0 + timedelta(days=2))
        data = premiere_calendar(session)
    days = sorted(e.decoded("dtstart") for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert days == [date(2026, 11, 25), date(2026, 11, 28)]  # Night Owl's December 1 is no longer known


def test_a_newer_report_naming_no_platform_moves_every_platforms_date(sessions: sessionmaker[Session]) -> None:
    """Coupang Play said December 16; a later report, naming no platform, says February 3."""
    with transaction(sessions) as session:
        story(session, "Glass Orchard premieres December 16", category="release", show="Glass Orchard",
              platforms=("Coupang Play",), premiere=date(2026, 12, 16), when=T0)
        story(session, "Glass Orchard delayed to February 3", category="release", show="Glass Orchard",
              premiere=date(2027, 2, 3), when=T0 + timedelta(days=2))
        story(session, "Night Owl premieres December 1 on Netflix", category="release", show="Night Owl",
              platforms=("Netflix",), premiere=date(2026, 12, 1), when=T0)
        story(session, "Night Owl: December 1", category="release", show="Night Owl",
              premiere=date(2026, 12, 1), when=T0 + timedelta(days=1))  # the same date: the platform stays
        data = premiere_calendar(session)
    events = sorted((e.decoded("dtstart"), str(e["summary"])) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert events == [(date(2026, 12, 1), "Night Owl premieres (Netflix)"), (date(2027, 2, 3), "Glass Orchard premieres")]


def test_calendar_since_a_day_still_reads_the_newer_reports_that_moved_a_date_before_it(
        sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        story(session, "Glass Orchard premieres January 20", category="release", show="Glass Orchard",
              premiere=date(2027, 1, 20), when=T0)
        story(session, "Glass Orchard moved up to December 20", category="release", show="Glass Orchard",
              premiere=date(2026, 12, 20), when=T0 + timedelta(days=2))
        story(session, "Night Owl premieres January 5", category="release", show="Night Owl",
              premiere=date(2027, 1, 5), when=T0)
        story(session, "Old Flame premiered in 2025", category="release", show="Old Flame",
              premiere=date(2025, 3, 1), when=T0 - timedelta(days=700))
        data = premiere_calendar(session, since=date(2027, 1, 1))
    events = sorted((e.decoded("dtstart"), str(e["summary"])) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert events == [(date(2027, 1, 5), "Night Owl premieres")]  # January 20 was moved before the day asked


def test_a_calendar_event_links_its_newest_story_first(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        newer = story(session, "Delta Line premieres December 12 (confirmed)", category="release", show="Delta Line",
                      platforms=("Netflix",), premiere=date(2026, 12, 12), when=T0 + timedelta(days=20))
        older = story(session, "Delta Line premieres December 12", category="release", show="Delta Line",
                      platforms=("tvN",), premiere=date(2026, 12, 12), when=T0)  # stored later: a higher id
        article(session, kdd, "kdd.example/new", story_id=newer, when=T0 + timedelta(days=20))
        article(session, kdd, "kdd.example/old", story_id=older, when=T0)
        [event] = icalendar.Calendar.from_ical(premiere_calendar(session)).walk("VEVENT")
    assert str(event["url"]) == "https://kdd.example/new"
    assert str(event["description"]).splitlines()[0] == f"Delta Line premieres December 12 (confirmed) (castwire story {newer})"


def test_calendar_event_says_which_reports_gave_the_date_and_links_them(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        untitled = story(session, "Netflix sets a December 3 premiere for its new thriller", category="release",
                         platforms=("Netflix",), premiere=date(2026, 12, 3), when=T0 + timedelta(hours=3))
        data = premiere_calendar(session)
    events = {e.decoded("dtstart"): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    moved = events[date(2026, 11, 28)]
    assert str(moved["url"]) == "https://jp.example/moved"
    assert str(moved["description"]).splitlines() == [
        f"Midnight Confections moves to Nov 28 on Netflix (castwire story {ids['moved']})", "https://jp.example/moved"]
    assert str(events[date(2026, 12, 3)]["summary"]) == (
        "Premiere: Netflix sets a December 3 premiere for its new thriller (Netflix)")  # no show to name
    assert f"(castwire story {untitled})" in str(events[date(2026, 12, 3)]["description"])


def test_cli_feed_and_calendar(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        populate(session)
    engine.dispose()
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "feed", "--out", str(tmp_path / "stories.xml")]).exit_code == 0
    assert feedparser.parse((tmp_path / "stories.xml").read_bytes()).bozo == 0
    assert runner.invoke(cli, ["--db", url, "calendar", "--out", str(tmp_path / "releases.ics")]).exit_code == 0
    assert len(icalendar.Calendar.from_ical((tmp_path / "releases.ics").read_bytes()).walk("VEVENT")) == 3
    bad = runner.invoke(cli, ["--db", url, "calendar", "--since", "tomorrow"])
    assert bad.exit_code != 0 and "--since" in str(bad.exception)
    for wrong in ("not a url", "stories.xml", "ftp://example.com/stories.xml", "https://",
                  # not an IRI (the feed's id must be one), or credentials published in the feed
                  'https://example.org/x"><evil/>', "https://example.org/a{b}|c^d", "https://user:pw@example.org/x"):
        refused = runner.invoke(cli, ["--db", url, "feed", "--self-url", wrong])
        assert isinstance(refused.exception, UserError) and "--self-url" in str(refused.exception)
        assert refused.stdout == ""
    published = runner.invoke(cli, ["--db", url, "feed", "--self-url", "https://example.com/stories.xml"])
    assert feedparser.parse(published.stdout_bytes).feed.id == "https://example.com/stories.xml"


def test_a_calendar_event_links_an_article_giving_its_day_not_one_of_the_date_since_moved(
        sessions: sessionmaker[Session]) -> None:
    """One story: the report of December 20, then two of the postponement to January 10."""
    with transaction(sessions) as session:
        kdd, sk = source(session, "kdd", "K-Drama Daily"), source(session, "sk", "Sportskeeda")
        letter = story(session, "Spring Letter pushed to January 10", category="release", show="Spring Letter",
                       platforms=("tvN",), premiere=date(2027, 1, 10), when=T0)
        article(session, kdd, "kdd.example/dec20", story_id=letter, when=T0, premiere_date=date(2026, 12, 20))
        article(session, sk, "sk.example/jan10", story_id=letter, when=T0 + timedelta(hours=5),
                premiere_date=date(2027, 1, 10))
        article(session, kdd, "kdd.example/jan10", story_id=letter, when=T0 + timedelta(hours=6),
                premiere_date=date(2027, 1, 10))
        [event] = icalendar.Calendar.from_ical(premiere_calendar(session)).walk("VEVENT")
    assert event.decoded("dtstart") == date(2027, 1, 10)
    assert str(event["url"]) == "https://kdd.example/jan10"


def test_an_atom_entry_links_the_article_whose_headline_it_shows(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        kdd, sk = source(session, "kdd", "K-Drama Daily"), source(session, "sk", "Sportskeeda")
        letter = story(session, "Spring Letter pushed to January 10", category="release", show="Spring Letter",
                       premiere=date(2027, 1, 10), when=T0)
        article(session, kdd, "kdd.example/dec20", story_id=letter, when=T0, title="Spring Letter premieres Dec 20")
        article(session, sk, "sk.example/jan10", story_id=letter, when=T0 + timedelta(hours=5),
                title="Spring Letter pushed to January 10")
        parsed = feedparser.parse(atom_feed(session, now=T0 + timedelta(days=1)))
    assert [entry.link for entry in parsed.entries] == ["https://sk.example/jan10"]


def test_a_calendar_events_dtstamp_is_when_its_story_was_last_revised(sessions: sessionmaker[Session]) -> None:
    """DTSTAMP (without METHOD: when the event's information was last revised) was the story's
    last publication time, so a date a new version of an article changed kept an old stamp."""
    with transaction(sessions) as session:
        ids = populate(session)
        moved = session.get(Story, ids["moved"])
        moved.updated_at = NOW - timedelta(minutes=5)  # its record rewritten by a new version
        session.flush()
        calendar = icalendar.Calendar.from_ical(premiere_calendar(session))
    stamps = {e.decoded("dtstart"): e.decoded("dtstamp") for e in calendar.walk("VEVENT")}
    assert stamps[date(2026, 11, 28)] == NOW - timedelta(minutes=5)


def _events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_a_premiere_moved_is_the_same_event_on_its_new_day_revised(sessions: sessionmaker[Session]) -> None:
    """Glass Garden on Disney+, January 15, postponed to February 5 (a new report in its story,
    then a report of its own, then one naming no platform): the UID was the show's and the
    day's, so an app that had the calendar kept January 15 and added February 5."""
    with transaction(sessions) as session:
        garden = story(session, "Glass Garden premieres January 15", category="release", show="Glass Garden",
                       platforms=("Disney+",), premiere=date(2027, 1, 15), when=T0)
        first = premiere_calendar(session)
        assert premiere_calendar(session) == first  # nothing new: the same bytes
        [(uid, before)] = _events(first).items()
        row = session.get(Story, garden)
        row.premiere_date, row.updated_at = date(2027, 2, 5), T0 + timedelta(days=3)  # a postponement reported
        session.flush()
        moved = _events(premiere_calendar(session))
        story(session, "Glass Garden now February 12", category="release", show="Glass Garden",
              platforms=("Disney+",), premiere=date(2027, 2, 12), when=T0 + timedelta(days=4))
        again = _events(premiere_calendar(session))
        story(session, "Glass Garden: February 19", category="release", show="Glass Garden",
              premiere=date(2027, 2, 19), when=T0 + timedelta(days=5))  # no platform named: every one moves
        unnamed = _events(premiere_calendar(session))
    assert list(moved) == list(again) == list(unnamed) == [uid]
    revisions = [before, moved[uid], again[uid], unnamed[uid]]
    assert [e.decoded("dtstart") for e in revisions] == [date(2027, 1, 15), date(2027, 2, 5), date(2027, 2, 12),
                                                         date(2027, 2, 19)]
    sequences = [int(e["sequence"]) for e in revisions]
    assert sequences == sorted(set(sequences)) and 0 <= sequences[0] <= sequences[-1] < 2**31
    for revision in revisions:
        assert revision.decoded("last-modified") == revision.decoded("dtstamp")
    assert [e.decoded("dtstamp") for e in revisions] == [T0, T0 + timedelta(days=3), T0 + timedelta(days=4),
                                                         T0 + timedelta(days=5)]


def test_a_show_on_two_platforms_on_two_days_has_two_events_which_keep_their_uids(
        sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        story(session, "Delta Line on tvN December 12", category="release", show="Delta Line",
              platforms=("tvN",), premiere=date(2026, 12, 12), when=T0)
        story(session, "Delta Line on Netflix December 19", category="release", show="Delta Line",
              platforms=("Netflix",), premiere=date(2026, 12, 19), when=T0 + timedelta(hours=1))
        two = _events(premiere_calendar(session))
        story(session, "Delta Line moves to December 26 on Netflix", category="release", show="Delta Line",
              platforms=("Netflix",), premiere=date(2026, 12, 26), when=T0 + timedelta(days=1))
        netflix_moved = _events(premiere_calendar(session))
    assert len(two) == 2
    assert set(netflix_moved) == set(two)
    assert {str(e["location"]): e.decoded("dtstart") for e in netflix_moved.values()} == {
        "tvN": date(2026, 12, 12), "Netflix": date(2026, 12, 26)}


def test_a_calendar_with_no_premiere_still_holds_a_component(sessions: sessionmaker[Session]) -> None:
    """RFC 5545: a calendar holds one component or more; the empty one held none."""
    with transaction(sessions) as session:
        story(session, "Glass Garden premieres January 15", category="release", show="Glass Garden",
              premiere=date(2027, 1, 15), when=T0)
        data = premiere_calendar(session, since=date(2030, 1, 1))
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []
    [utc] = calendar.walk("VTIMEZONE")
    assert str(utc["tzid"]) == "UTC" and len(utc.walk("STANDARD")) == 1


def _report(ident: str, language: str, published: str, title: str, body: str) -> dict:
    return {"id": ident, "outlet": ident.split("-")[0], "language": language, "published_at": published,
            "url": f"https://{ident}.example/news", "title": title, "body": body}


#: Crimson Harbor's first season, dated October 8, 2026, then its second season dated a year
#: later, as an English, a Korean and a Japanese outlet report it.
SEASON_ONE = _report("starpulse-s1", "en", "2026-09-25T09:00:00+00:00",
                     "'Crimson Harbor' sets October 8 premiere on Disney+",
                     "Disney+ announced that 'Crimson Harbor' will premiere on October 8.")
SEASON_TWO = [
    _report("starpulse-s2", "en", "2026-11-26T09:00:00+00:00",
            "'Crimson Harbor' Season 2 sets October 6, 2027 premiere on Disney+",
            "The new season of 'Crimson Harbor' will premiere on October 6, 2027 on Disney+."),
    _report("hanbit-s2", "ko", "2026-11-26T09:00:00+09:00",
            "'붉은 항구' 시즌2, 2027년 10월 6일 디즈니+ 공개",
            "디즈니+는 '붉은 항구' 시즌2를 2027년 10월 6일 공개한다고 밝혔다."),
    _report("geinou-s2", "ja", "2026-11-26T09:00:00+09:00",
            "「クリムゾン・ハーバー」シーズン2、2027年10月6日よりディズニープラスで配信",
            "「クリムゾン・ハーバー」の第2期が、2027年10月6日よりディズニープラスで配信されることが決まった。"),
]


@pytest.mark.parametrize("report", SEASON_TWO, ids=["en", "ko", "ja"])
def test_a_later_seasons_premiere_is_its_own_event_and_leaves_the_first_seasons(
        sessions: sessionmaker[Session], report: dict) -> None:
    """A "Season 2 premieres October 6, 2027" report moved the already aired season 1 event
    (same UID) to 2027: the calendar was keyed by show and platform only."""
    ingest_records(sessions, [SEASON_ONE])
    with transaction(sessions) as session:
        [(first_uid, first)] = _events(premiere_calendar(session)).items()
    ingest_records(sessions, [report])
    with transaction(sessions) as session:
        events = _events(premiere_calendar(session))
    assert events[first_uid].decoded("dtstart") == date(2026, 10, 8)  # season 1 kept its UID and day
    assert str(events[first_uid]["summary"]) == str(first["summary"])
    [second] = [e for uid, e in events.items() if uid != first_uid]
    assert second.decoded("dtstart") == date(2027, 10, 6)
    assert "Season 2" in str(second["summary"])


def test_one_premiere_under_titles_in_two_scripts_is_one_event(sessions: sessionmaker[Session]) -> None:
    """An English date story and a Japanese premiere-day story of one drama, their titles never
    side by side in one article: two events on the same day ("Glass Promise premieres (TBS,
    TVer)" and "硝子の約束 premieres (TBS)"). Their cast, written in two scripts, tells one show;
    the event first reported keeps its UID."""
    with transaction(sessions) as session:
        story(session, "'Glass Promise' sets October 13 premiere on TBS", category="release", show="Glass Promise",
              platforms=("TBS", "TVer"), people=("Soma Fujii", "Nanami Shiraishi"), premiere=date(2026, 10, 13),
              when=T0)
        first_uid, = _events(premiere_calendar(session))
        story(session, "「硝子の約束」今夜スタート", category="release", show="硝子の約束", platforms=("TBS",),
              people=("藤井蒼真",), premiere=date(2026, 10, 13), when=T0 + timedelta(days=20))
        # another drama on TBS that day, with another cast, stays an event of its own
        story(session, "「夜明けの食卓」13日スタート", category="release", show="夜明けの食卓", platforms=("TBS",),
              people=("松坂桃李",), premiere=date(2026, 10, 13), when=T0 + timedelta(days=20))
        # the same Korean drama under its English and Korean titles, its lead spelled two ways in Latin letters
        story(session, "'Salt and Moon' sets November 2 premiere", category="release", show="Salt and Moon",
              platforms=("Disney+",), people=("Shin Eun-young",), premiere=date(2026, 11, 2), when=T0)
        story(session, "'소금과 달' 2일 공개", category="release", show="소금과 달", platforms=("Disney+",),
              people=("Shin Eun Young",), premiere=date(2026, 11, 2), when=T0 + timedelta(days=3))
        events = _events(premiere_calendar(session))
    assert len(events) == 3 and first_uid in events, [str(e["summary"]) for e in events.values()]
    assert str(events[first_uid]["summary"]) == "Glass Promise premieres (TBS, TVer)"
    assert "「硝子の約束」今夜スタート" in str(events[first_uid]["description"])
    assert "Salt and Moon premieres (Disney+)" in {str(e["summary"]) for e in events.values()}
