from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from story_factory import T0, article, crawl_run, entity, source, story

from pipeline.cli import cli
from pipeline.digest import (
    WATCHLIST_TITLE,
    DigestData,
    PreparedDigest,
    Window,
    build_digest,
    day_window,
    display_width,
    generate,
    generate_digest,
    markdown_escape,
    previous_day_window,
    publish,
    render,
    resolve_window,
    short_summary,
    subject,
    wrap_text,
)
from pipeline.entities import parse_aliases
from pipeline.errors import UserError
from pipeline.stories import refresh_story
from pipeline.watch import Watchlist, add_to_watchlist, load_watchlist, remove_from_watchlist
from storage.db import transaction
from storage.models import Article, Digest, DigestArticle, Story

SEOUL = "Asia/Seoul"
DAY = date(2026, 11, 20)
XSS_TITLE = "<img src=x onerror=\"document.title='pwned'\"> <script>document.title='pwned2'</script> Teaser & more"
LONG_KOREAN = "넷플릭스 새 시리즈 로맨틱 어나니머스 한효주 오구리 슌 주연 확정 " * 4


def populate(session: Session) -> dict[str, int]:
    """A day of news in Seoul (2026-11-20) plus things around it."""
    kdd, allk, sk = source(session, "kdd", "K-Drama Daily"), source(session, "allk", "AllK"), source(session, "sk", "Sportskeeda")
    jp = source(session, "jp", "Dorama JP")
    ids: dict[str, int] = {}
    ids["romantics"] = story(
        session, "Han Hyo-joo and Oguri Shun cast in Netflix's Romantics Anonymous",
        show="Romantics Anonymous", platforms=("Netflix",), people=("Han Hyo-joo", "Oguri Shun"),
        when=T0,
    )
    facts = dict(shows=("Romantics Anonymous",), people=("Han Hyo-joo", "Oguri Shun"), platforms=("Netflix",))
    article(session, kdd, "kdd.example/romantics", story_id=ids["romantics"], title="Han Hyo Joo, Oguri Shun lead Romantic Anonymous",
            summary="Han Hyo-joo and Oguri Shun will star in the Netflix series. It adapts a French film. Filming starts soon.",
            when=T0, **facts)
    article(session, allk, "allk.example/romantics", story_id=ids["romantics"], title="Shun Oguri joins Han Hyo-joo",
            when=T0 + timedelta(hours=2), **facts)
    article(session, sk, "sk.example/romantics", story_id=ids["romantics"], title="Romantics Anonymous cast",
            when=T0 + timedelta(hours=5), **facts)
    ids["creature"] = story(session, "Park Seo-joon joins Gyeongseong Creature 2", show="Gyeongseong Creature",
                            people=("Park Seo-joon",), when=T0 + timedelta(hours=8))
    article(session, kdd, "kdd.example/creature", story_id=ids["creature"], title="Park Seo-joon joins Gyeongseong Creature 2",
            body="Park Seo-joon returns for the second season. The shoot begins in spring.", when=T0 + timedelta(hours=8),
            shows=("Gyeongseong Creature",), people=("Park Seo-joon",))
    ids["premiere"] = story(session, "Midnight Confections premieres November 25 on tvN", category="release",
                            show="Midnight Confections", platforms=("tvN",), premiere=date(2026, 11, 25),
                            summary="The romantic comedy premieres on November 25.", when=T0 + timedelta(hours=1))
    article(session, kdd, "kdd.example/confections", story_id=ids["premiere"], title="Midnight Confections gets a date",
            category="release", when=T0 + timedelta(hours=1), shows=("Midnight Confections",), platforms=("tvN",))
    article(session, jp, "jp.example/confections", story_id=ids["premiere"], title="Midnight Confections in November",
            category="release", when=T0 + timedelta(hours=3), shows=("Midnight Confections",), platforms=("tvN",))
    ids["xss"] = story(session, XSS_TITLE, category="trailer", show="Night <Owl>", when=T0 + timedelta(hours=4))
    article(session, allk, "allk.example/xss", story_id=ids["xss"], title=XSS_TITLE, category="trailer",
            summary="*Bold* claims, [a link](javascript:alert(1)) and # not a heading.", when=T0 + timedelta(hours=4))
    ids["korean"] = story(session, LONG_KOREAN.strip(), category="other", when=T0 + timedelta(hours=6))
    article(session, jp, "jp.example/korean", story_id=ids["korean"], title=LONG_KOREAN.strip(), category="other",
            when=T0 + timedelta(hours=6))
    # outside the window: before it, and a premiere too far ahead / not day-precise
    ids["old"] = story(session, "Old news", when=T0 - timedelta(days=3), premiere=date(2026, 12, 20), category="release")
    article(session, kdd, "kdd.example/old", story_id=ids["old"], title="Old news", when=T0 - timedelta(days=3))
    ids["vague"] = story(session, "Vague premiere", premiere=date(2026, 11, 1), precision="month",
                         when=T0 - timedelta(days=4), category="release")
    article(session, kdd, "kdd.example/vague", story_id=ids["vague"], title="Vague premiere", when=T0 - timedelta(days=4))
    crawl_run(session, "jp", "ok", T0 - timedelta(hours=2), new=2)
    crawl_run(session, "jp", "failed", T0 + timedelta(hours=9))
    crawl_run(session, "sk", "ok", T0 + timedelta(hours=1), new=1)
    crawl_run(session, "quiet", "ok", T0 + timedelta(hours=1), new=0)
    return ids


def test_stories_grouped_in_fixed_order_and_ranked(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        data = build_digest(session, day_window(DAY, SEOUL))
    titles = [title for title, _ in data.sections]
    assert titles == ["Casting", "Release dates & premieres", "Trailers & posters", "Other"]
    casting = data.sections[0][1]
    assert [e.story_id for e in casting] == [ids["romantics"], ids["creature"]]
    assert casting[0].independent_sources == 3
    assert ids["old"] not in {e.story_id for _, entries in data.sections for e in entries}
    assert (data.story_count, data.article_count, data.source_count) == (5, 8, 4)
    assert data.failing_sources == ("Dorama JP",)
    assert data.quiet_sources == ("quiet",)


def test_a_day_alone_is_shown_as_the_outlets_day_and_an_undated_article_as_fetched(
        sessions: sessionmaker[Session]) -> None:
    """A Tokyo page dated "2026年12月6日" was shown as "(2026-12-05 16:00)" to a reader in Berlin,
    a time it never gave; an undated article's fetch time looked like a publication time."""
    berlin = "Europe/Berlin"
    with transaction(sessions) as session:
        geino, kbuzz, trade = (source(session, slug) for slug in ("geino", "kbuzz", "trade"))
        sid = story(session, "Kim Woo-bin leads Winter Diner", when=datetime(2026, 12, 6, 3, 0, tzinfo=UTC))
        article(session, geino, "geino.example/206", story_id=sid, title="金宇彬主演『冬の食堂』",
                when=datetime(2026, 12, 6, 3, 0, tzinfo=UTC), fetched=datetime(2026, 12, 7, 7, 58, tzinfo=UTC),
                published_raw="2026年12月6日", published_offset_minutes=540)
        article(session, kbuzz, "kbuzz.example/yesterday", story_id=sid, title="Kim Woo-bin cast, says K-Buzz",
                when=datetime(2026, 12, 6, 7, 58, tzinfo=UTC), fetched=datetime(2026, 12, 7, 7, 58, tzinfo=UTC),
                published_raw="어제", published_offset_minutes=540)
        article(session, trade, "trade.example/diner", story_id=sid, title="Kim Woo-bin to lead Winter Diner",
                when=datetime(2026, 12, 6, 16, 0, tzinfo=UTC), published_raw="December 6, 2026 at 8 a.m. PT",
                published_offset_minutes=-480)
        article(session, kbuzz, "kbuzz.example/undated", story_id=sid, title="Winter Diner: the cast",
                when=None, fetched=datetime(2026, 12, 6, 20, 0, tzinfo=UTC))
        data = build_digest(session, day_window(date(2026, 12, 6), berlin))
    text = render(data, "text")
    assert "Geino (2026-12-06): " in text  # the day the page gives, not midnight or noon in Tokyo
    assert "Kbuzz (2026-12-06): Kim Woo-bin cast" in text  # "yesterday": the day, not the fetch's time of day
    assert "Trade (2026-12-06 17:00): " in text  # a time the outlet gave, in the reader's zone
    assert "Kbuzz (fetched 2026-12-06 21:00): Winter Diner" in text
    for fmt in ("md", "html"):
        assert "(2026-12-06)" in render(data, fmt) and "16:00" not in render(data, fmt)


def test_entry_has_show_platform_cast_summary_and_every_source_in_local_time(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        data = build_digest(session, day_window(DAY, SEOUL))
    entry = data.sections[0][1][0]
    assert (entry.show, entry.platforms, entry.people) == ("Romantics Anonymous", ("Netflix",), ("Han Hyo-joo", "Oguri Shun"))
    # no story summary: the first article's summary, cut to two sentences
    assert entry.summary == "Han Hyo-joo and Oguri Shun will star in the Netflix series. It adapts a French film."
    assert [s.outlet for s in entry.sources] == ["K-Drama Daily", "AllK", "Sportskeeda"]
    text = render(data, "text")
    assert "- K-Drama Daily (2026-11-20 12:00): Han Hyo Joo, Oguri Shun lead Romantic" in text
    assert "https://kdd.example/romantics" in text
    creature = data.sections[0][1][1]
    assert creature.summary == "Park Seo-joon returns for the second season. The shoot begins in spring."


def test_premiering_in_next_14_days(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        data = build_digest(session, day_window(DAY, SEOUL))
    assert [(p.day, p.show, p.platforms) for p in data.premieres] == [
        (date(2026, 11, 25), "Midnight Confections", ("tvN",))
    ]
    for fmt in ("md", "html", "text"):
        output = render(data, fmt)
        assert re.search("Premiering in the next 14 days", output, re.IGNORECASE)
        assert "2026-11-25" in output
        assert "Old news" not in output


@pytest.mark.parametrize("moved_to, precision", [(date(2027, 1, 30), "day"), (date(2027, 1, 1), "month")])
def test_a_premiere_moved_out_of_the_next_14_days_leaves_them(sessions: sessionmaker[Session], moved_to: date,
                                                              precision: str) -> None:
    """River Crown was to premiere on November 28; a later story reports it pushed back (to
    a day or to a month past the horizon): the section no longer lists the old date, as the
    calendar does not."""
    with transaction(sessions) as session:
        populate(session)
        kdd = source(session, "rc", "River Crown News")
        old = story(session, "River Crown premieres November 28", category="release", show="River Crown",
                    platforms=("Disney+",), premiere=date(2026, 11, 28), when=T0 - timedelta(days=6))
        article(session, kdd, "rc.example/old", story_id=old, title="River Crown premieres November 28",
                when=T0 - timedelta(days=6))
        moved = story(session, "River Crown pushes its premiere back", category="release", show="River Crown",
                      platforms=("Disney+",), premiere=moved_to, precision=precision, when=T0 + timedelta(hours=3))
        article(session, kdd, "rc.example/moved", story_id=moved, title="River Crown pushes its premiere back",
                when=T0 + timedelta(hours=3))
        data = build_digest(session, day_window(DAY, SEOUL))
    assert [(p.day, p.show) for p in data.premieres] == [(date(2026, 11, 25), "Midnight Confections")]


def test_a_premiere_date_and_its_postponement_in_one_window_mark_the_first_as_moved(
        sessions: sessionmaker[Session]) -> None:
    """"sets Nov. 28 premiere" and "pushed back to December 19" in one digest showed both dates,
    nothing saying the first no longer held."""
    with transaction(sessions) as session:
        kdd = source(session, "ls", "Lantern News")
        for slug, title, day, hours in (("set", "'Lantern Street' sets Nov. 28 premiere", 28, 0),
                                        ("moved", "Netflix pushes 'Lantern Street' back to December 19", 19, 5)):
            when = T0 + timedelta(hours=hours)
            made = story(session, title, category="release", show="Lantern Street", platforms=("Netflix",),
                         premiere=date(2026, 11 if day == 28 else 12, day), when=when)
            article(session, kdd, f"ls.example/{slug}", story_id=made, title=title, when=when)
        data = build_digest(session, day_window(DAY, SEOUL))
    premieres = {entry.title: entry.premiere for _, entries in data.sections for entry in entries}
    assert premieres == {"'Lantern Street' sets Nov. 28 premiere": "2026-11-28 (moved to 2026-12-19)",
                         "Netflix pushes 'Lantern Street' back to December 19": "2026-12-19"}
    assert "2026-11-28 (moved to 2026-12-19)" in render(data, "text")


def test_a_premiere_month_a_newer_story_gives_the_day_of_is_not_moved(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        kdd = source(session, "ls", "Lantern News")
        for slug, title, day, precision, hours in (("month", "'Lantern Street' coming in December", 1, "month", 0),
                                                   ("day", "'Lantern Street' sets December 19 premiere", 19, "day", 5)):
            when = T0 + timedelta(hours=hours)
            made = story(session, title, category="release", show="Lantern Street", platforms=("Netflix",),
                         premiere=date(2026, 12, day), precision=precision, when=when)
            article(session, kdd, f"ls.example/{slug}", story_id=made, title=title, when=when)
        data = build_digest(session, day_window(DAY, SEOUL))
    assert sorted(entry.premiere for _, entries in data.sections for entry in entries) == ["2026-12-19", "December 2026"]


def test_a_window_without_any_crawl_says_so_instead_of_every_source_delivered(
        sessions: sessionmaker[Session]) -> None:
    """A crawler that was down all day leaves a digest with no news: it must not read as a
    quiet day with every source fine."""
    with transaction(sessions) as session:
        populate(session)
        crawled = build_digest(session, day_window(DAY, SEOUL))
        idle = build_digest(session, day_window(DAY + timedelta(days=5), SEOUL))
    for fmt in ("md", "html", "text"):
        assert "No crawl ran in this window" in render(idle, fmt)
        assert "Every crawled source delivered" not in render(idle, fmt)
        assert "No crawl ran" not in render(crawled, fmt)


def test_articles_stored_by_distributed_workers_are_not_a_window_without_crawls(
        sessions: sessionmaker[Session]) -> None:
    """Distributed workers record no crawl runs: articles stored in the window show that
    crawling went on, so the footer neither says no crawl ran nor that every source delivered."""
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        story_id = story(session, "Park Seo-joon joins Gyeongseong Creature 2", when=T0)
        article(session, kdd, "kdd.example/creature", story_id=story_id, when=T0)
        data = build_digest(session, day_window(DAY, SEOUL))
    assert data.crawled_sources == 0 and not data.no_crawl  # articles were stored in the window
    for fmt in ("md", "html", "text"):
        assert "No crawl ran" not in render(data, fmt) and "Every crawled source delivered" not in render(data, fmt)


def test_a_past_window_with_news_crawled_later_is_not_a_window_without_crawls(
        sessions: sessionmaker[Session]) -> None:
    """News of a day crawled only afterwards (the demo, a first crawl, a digest of an old
    day): there is news to read, so no warning that the crawler is down."""
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        story_id = story(session, "Park Seo-joon joins Gyeongseong Creature 2", when=T0)
        article(session, kdd, "kdd.example/creature", story_id=story_id, when=T0, fetched=T0 + timedelta(days=9))
        data = build_digest(session, day_window(DAY, SEOUL))
    assert data.story_count == 1 and not data.crawled_sources and not data.no_crawl
    for fmt in ("md", "html", "text"):
        assert "No crawl ran" not in render(data, fmt)


def test_watchlist_matches_spelling_variants_and_aliases_and_lists_first(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        entity(session, "person", "Park Seo-joon", aliases=("박서준",))
        by_variant = build_digest(session, day_window(DAY, SEOUL), watchlist=Watchlist(people=("Hyo Joo Han",)))
        by_alias = build_digest(session, day_window(DAY, SEOUL), watchlist=Watchlist(people=("박서준",)))
        by_platform = build_digest(session, day_window(DAY, SEOUL), watchlist=Watchlist(platforms=("TVN",)))
    assert [e.story_id for e in by_variant.watched] == [ids["romantics"]]
    assert by_variant.all_sections[0][0] == WATCHLIST_TITLE
    assert ids["romantics"] not in [e.story_id for e in by_variant.sections[0][1]]
    assert [e.story_id for e in by_alias.watched] == [ids["creature"]]
    assert [e.story_id for e in by_platform.watched] == [ids["premiere"]]
    assert by_platform.premieres[0].watched
    markdown = render(by_variant, "md")
    assert markdown.index(WATCHLIST_TITLE) < markdown.index("## Casting")
    assert "### ★ Han Hyo\\-joo" not in markdown and "### ★ Han Hyo-joo and Oguri Shun" in markdown


def test_a_watched_person_is_found_under_a_name_in_another_script(sessions: sessionmaker[Session]) -> None:
    """Watching "Moriyama Kohei" marks a Japanese-only story that writes 森山航平, and watching
    黒沢蓮 a story that writes "Kurosawa Ren"; another given name marks neither."""
    with transaction(sessions) as session:
        jp, kdd = source(session, "jp", "Dorama JP"), source(session, "kdd", "K-Drama Daily")
        white = story(session, "森山航平主演の日曜劇場「白い航路」がクランクイン", category="production",
                      show="白い航路", people=("森山航平",), when=T0)
        article(session, jp, "jp.example/white", story_id=white, title="「白い航路」がクランクイン",
                category="production", when=T0, shows=("白い航路",), people=("森山航平",))
        sweets = story(session, "Kurosawa Ren to star in Midnight Confections", show="Midnight Confections",
                       people=("Kurosawa Ren",), when=T0 + timedelta(hours=1))
        article(session, kdd, "kdd.example/sweets", story_id=sweets, title="Kurosawa Ren to star",
                when=T0 + timedelta(hours=1), shows=("Midnight Confections",), people=("Kurosawa Ren",))
        window = day_window(DAY, SEOUL)
        by_latin = build_digest(session, window, watchlist=Watchlist(people=("Moriyama Kohei",)))
        by_kanji = build_digest(session, window, watchlist=Watchlist(people=("黒沢蓮",)))
        by_other = build_digest(session, window, watchlist=Watchlist(people=("Moriyama Shota", "黒沢健")))
    assert [e.story_id for e in by_latin.watched] == [white]
    assert [e.story_id for e in by_kanji.watched] == [sweets]
    assert not by_other.watched


def test_watchlist_file_round_trip_and_variant_dedup(tmp_path: Path) -> None:
    watchlist, added = add_to_watchlist(Watchlist(), "person", "Han Hyo-joo")
    watchlist, again = add_to_watchlist(watchlist, "person", "Hyo Joo Han")
    assert (added, again) == (True, False)
    watchlist, _ = add_to_watchlist(watchlist, "show", 'The "Quoted" Show')
    path = tmp_path / "cfg" / "watch.toml"
    from pipeline.watch import save_watchlist

    save_watchlist(path, watchlist)
    assert load_watchlist(path) == watchlist
    smaller, removed = remove_from_watchlist(watchlist, "person", "han hyojoo")
    assert removed == ["Han Hyo-joo"] and smaller.people == ()
    path.write_text("actors = ['x']\n")
    with pytest.raises(UserError, match="unknown key 'actors'"):
        load_watchlist(path)


def test_a_person_watched_in_one_script_is_the_same_name_in_the_other() -> None:
    watchlist, _ = add_to_watchlist(Watchlist(), "person", "Kurosawa Ren")
    watchlist, _ = add_to_watchlist(watchlist, "person", "한효주")
    same, added = add_to_watchlist(watchlist, "person", "黒沢蓮")
    assert added is False and same == watchlist
    assert add_to_watchlist(watchlist, "person", "Han Hyo-joo")[1] is False
    assert add_to_watchlist(watchlist, "show", "黒沢蓮")[1] is True  # only people are read across scripts
    smaller, removed = remove_from_watchlist(watchlist, "person", "黒沢蓮")
    assert removed == ["Kurosawa Ren"] and smaller.people == ("한효주",)


def test_a_name_and_its_aliases_in_the_aliases_file_are_one_watched_name() -> None:
    """"Moonlit Ledger" added after "달빛 장부", which the aliases file makes one show, was a
    second watched show, and removing it left "달빛 장부" watched."""
    aliases = parse_aliases({"show": [{"name": "Moonlit Ledger", "aliases": ["달빛 장부"]}],
                             "person": [{"name": "Go Ayano", "aliases": ["綾野剛"]}]})
    watchlist, _ = add_to_watchlist(Watchlist(), "show", "달빛 장부", aliases)
    watchlist, _ = add_to_watchlist(watchlist, "person", "Go Ayano", aliases)
    assert add_to_watchlist(watchlist, "show", "Moonlit Ledger", aliases) == (watchlist, False)
    assert add_to_watchlist(watchlist, "person", "綾野剛", aliases) == (watchlist, False)
    smaller, removed = remove_from_watchlist(watchlist, "show", "Moonlit Ledger", aliases)
    assert removed == ["달빛 장부"] and smaller.shows == ()
    assert add_to_watchlist(watchlist, "show", "Moonlit Ledger")[1] is True  # without the file: two names


def test_regenerating_a_window_is_byte_identical_and_every_digest_is_stored(sessions: sessionmaker[Session]) -> None:
    window = day_window(DAY, SEOUL)
    with transaction(sessions) as session:
        for story_id in populate(session).values():
            refresh_story(session, story_id)  # the records ingestion makes of these articles
        first = generate(session, window, ("md", "html", "text"))
    with transaction(sessions) as session:
        again = generate(session, window, ("md", "html", "text"))
    for fmt in ("md", "html", "text"):
        assert first[fmt].text == again[fmt].text
        assert first[fmt].content_hash == again[fmt].content_hash
    with transaction(sessions) as session:
        rows = session.execute(select(Digest).order_by(Digest.id)).scalars().all()
        assert len(rows) == 6
        assert {(r.window_start, r.window_end, r.timezone) for r in rows} == {(window.start, window.end, SEOUL)}
        assert [r.format for r in rows] == ["md", "html", "text"] * 2
        # a later article about a listed story, which gives the story a new headline, cast and
        # platform, does not change a past day's digest
        kdd = source(session, "kdd", "K-Drama Daily")
        listed = first["md"].data.sections[0][1][0].story_id
        article(session, kdd, "kdd.example/later", story_id=listed, title="Han Hyo-joo and Oguri Shun now on Hulu too",
                when=T0 + timedelta(days=2), shows=("Romantics Anonymous",), platforms=("Hulu",),
                people=("Han Hyo-joo", "Oguri Shun", "Kim Seon-ho"))
        refresh_story(session, listed)
        assert generate_digest(session, window, "md") == first["md"].text
        # a new article inside the window does
        article(session, kdd, "kdd.example/new", story_id=first["md"].data.sections[0][1][1].story_id,
                title="Same day", when=T0 + timedelta(hours=10))
        assert generate_digest(session, window, "md") != first["md"].text


def test_window_choices(sessions: sessionmaker[Session]) -> None:
    now = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)  # 10:00 in Seoul, 20:00 the day before in New York
    with transaction(sessions) as session:
        seoul = resolve_window(session, now=now, timezone=SEOUL)
        new_york = resolve_window(session, now=now, timezone="America/New_York")
        assert seoul.label == "2026-11-20" and new_york.label == "2026-11-19"
        since = resolve_window(session, now=now, timezone=SEOUL, since="2026-11-20T09:00")
        assert since.start == datetime(2026, 11, 20, 0, 0, tzinfo=UTC) and since.end == now
        first = resolve_window(session, now=now, timezone=SEOUL, since="last")  # no digest yet: from yesterday
        assert (first.start, first.end) == (seoul.start, now)
        generate_digest(session, since, "text")  # an explicit window: the chain has not begun
        assert resolve_window(session, now=now + timedelta(hours=1), timezone=SEOUL, since="last").start == seoul.start
        generate_digest(session, first, "text")
    with transaction(sessions) as session:
        later = now + timedelta(hours=5)
        assert resolve_window(session, now=later, timezone=SEOUL, since="last").start == now
        assert resolve_window(session, now=now, timezone=SEOUL, day="2026-11-21").label == "2026-11-21"  # today
        for kwargs, message in (
            ({"day": "2026-11-20", "since": "last"}, "not both"),
            ({"day": "20/11/2026"}, "--date"),
            ({"since": "yesterday"}, "--since"),
            # said as the reader gave it, in the digest's zone, not as a UTC stamp
            ({"since": "2030-01-01"}, r"--since: 2030-01-01 00:00 Asia/Seoul is not in the past \(now is 2026-11-2"),
            ({"day": "2026-11-22"}, "--date: 2026-11-22 has not begun yet in Asia/Seoul"),  # tomorrow in Seoul
        ):
            with pytest.raises(UserError, match=message):
                resolve_window(session, now=now, timezone=SEOUL, **kwargs)  # type: ignore[arg-type]
        with pytest.raises(UserError, match="unknown time zone"):
            resolve_window(session, now=now, timezone="Mars/Olympus")


def test_html_is_self_contained_escaped_and_email_safe(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        html = render(build_digest(session, day_window(DAY, SEOUL)), "html")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html
    assert "Night &lt;Owl&gt;" in html and "Teaser &amp; more" in html
    assert "<style" not in html and "<link" not in html and 'href="javascript' not in html
    tags: set[str] = set()
    attributes: set[str] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.add(tag)
            attributes.update(name for name, _ in attrs)

    Collect().feed(html)
    assert tags <= {"html", "head", "meta", "title", "body", "table", "tr", "td", "h1", "h2", "h3", "p",
                    "br", "strong", "span", "ul", "li", "a"}
    assert not {a for a in attributes if a.startswith("on")}  # no event handlers anywhere
    assert 'name="viewport"' in html


def test_html_marks_japanese_and_korean_headlines_with_their_language(sessions: sessionmaker[Session]) -> None:
    """So mail clients draw kanji with Japanese glyphs (not Chinese or Korean ones)."""
    with transaction(sessions) as session:
        outlet = source(session, "natalie")
        for title in ("「紙の庭」キャスト解禁", "한효주·박서준, '등대지기' 출연 확정", "Han Hyo-joo joins Lighthouse Keeper"):
            made = story(session, title, when=T0)
            article(session, outlet, f"natalie.example/{len(title)}", story_id=made, title=title, when=T0)
        html = render(build_digest(session, day_window(DAY, SEOUL)), "html")
    assert '<span lang="ja">「紙の庭」キャスト解禁</span>' in html
    assert '<span lang="ko">한효주·박서준, &#39;등대지기&#39; 출연 확정</span>' in html
    assert "Han Hyo-joo joins Lighthouse Keeper</h3>" in html  # the page's own language


def test_markdown_renders_titles_literally(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        markdown = render(build_digest(session, day_window(DAY, SEOUL)), "md")
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<script" not in rendered and "<img" not in rendered and "<em>" not in rendered
    assert "&lt;script&gt;document.title='pwned2'&lt;/script&gt;" in rendered.replace("&quot;", '"').replace("&#x27;", "'")
    assert 'href="javascript' not in rendered
    assert '<a href="https://kdd.example/romantics">K-Drama Daily</a>' in rendered
    assert "<h2>Casting</h2>" in rendered and "<h2>Premiering in the next 14 days</h2>" in rendered


@pytest.mark.parametrize(
    "text",
    ["*bold* _it_ `code` [x](y) <b>tag</b> # hash | pipe ~strike~ &amp; !", "- starts like a list", "1. numbered",
     "> quote", "+ plus", "line\nbreak", "wow! ![img](x) !\\[", "Dates & premieres &#60;b&#62; &copy;"],
)
def test_markdown_escape_is_literal(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(markdown_escape(text))
    expected = " ".join(text.split())
    assert rendered.startswith("<p>") and rendered.count("<") == 2  # only <p> and </p>
    from html import unescape

    assert unescape(rendered[3:-5]) == expected


def test_text_wraps_at_80_columns(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        text = render(build_digest(session, day_window(DAY, SEOUL)), "text")
    for line in text.splitlines():
        if display_width(line) > 80:
            assert len(line.split()) == 1 and line.strip().startswith("http"), line
    assert "넷플릭스" in text


def test_wrap_text_counts_wide_characters() -> None:
    wrapped = wrap_text("가" * 100, 80, "  ")
    assert [display_width(line) for line in wrapped.splitlines()] == [80, 80, 46]
    assert wrap_text("word " * 30, 20, "", "  ").splitlines()[1].startswith("  word")
    long_url = "https://example.com/" + "a" * 100
    assert wrap_text(f"see {long_url}", 40).splitlines() == ["see", long_url]


def test_short_summary() -> None:
    assert short_summary("One. Two! Three?") == "One. Two!"
    assert short_summary("한효주가 출연한다. 오구리 슌도 합류했다. 촬영은 내년.") == "한효주가 출연한다. 오구리 슌도 합류했다."
    assert short_summary("「ロマンティック」が配信。小栗旬が出演。撮影は来年。") == "「ロマンティック」が配信。小栗旬が出演。"
    long = "word " * 200
    cut = short_summary(long)
    assert cut is not None and len(cut) <= 320 and cut.endswith("…")
    assert short_summary("  ") is None and short_summary(None) is None


def test_short_summary_keeps_the_quote_or_bracket_that_closes_a_sentence() -> None:
    assert short_summary('He said "It is done." Then he left. Later.') == 'He said "It is done." Then he left.'
    assert short_summary("It ends (in May.) “Next.” Last.") == "It ends (in May.) “Next.”"
    assert short_summary("「配信決定。」小栗旬が出演。撮影は来年。") == "「配信決定。」小栗旬が出演。"


def test_empty_window(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        data = build_digest(session, day_window(DAY, "UTC"))
    assert data.story_count == 0
    for fmt in ("md", "html", "text"):
        assert "No casting or release news" in render(data, fmt)


def test_cli_watch_and_digest(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"CASTWIRE_WATCH_FILE": str(tmp_path / "watch.toml"), "CASTWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
           "CASTWIRE_TIMEZONE": SEOUL}
    result = runner.invoke(cli, ["watch", "add", "--person", "Han Hyo-joo", "--platform", "Netflix"], env=env)
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["watch", "add", "--person", "Hyo-joo Han"], env=env).exit_code == 0
    listed = runner.invoke(cli, ["watch", "list"], env=env)
    assert listed.output == "person\tHan Hyo-joo\nplatform\tNetflix\n"
    assert runner.invoke(cli, ["watch", "remove", "--platform", "NETFLIX"], env=env).exit_code == 0
    assert runner.invoke(cli, ["watch", "list"], env=env).output == "person\tHan Hyo-joo\n"
    missing = runner.invoke(cli, ["watch", "remove", "--show", "Nope"], env=env)
    assert isinstance(missing.exception, UserError)

    from storage.db import open_database, session_factory

    engine = open_database(env["CASTWIRE_DATABASE_URL"])
    with transaction(session_factory(engine)) as session:
        populate(session)
    engine.dispose()
    out = tmp_path / "digest.md"
    result = runner.invoke(cli, ["digest", "--date", "2026-11-20", "--format", "md", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.index("## On your watchlist") < text.index("## Casting")
    assert runner.invoke(cli, ["digest", "--date", "2026-11-20", "--format", "md"], env=env).output == text
    email = runner.invoke(cli, ["digest", "--email"], env=env)
    assert isinstance(email.exception, UserError) and "CASTWIRE_SMTP_HOST" in str(email.exception)


def _database_with_a_recent_story(url: str) -> Engine:
    """The database at ``url`` as a crawl leaves it: one story, reported an hour ago by one article
    (its engine, open)."""
    from storage.db import open_database, session_factory

    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        recent = datetime.now(UTC) - timedelta(hours=1)
        article(session, source(session, "kdd"), "kdd.example/new", when=recent,
                story_id=story(session, "Han Hyo-joo joins Romantics Anonymous", when=recent))
    return engine


def test_a_digest_whose_email_fails_is_not_stored_so_since_last_still_reads_it(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"CASTWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "CASTWIRE_TIMEZONE": SEOUL,
           "CASTWIRE_SMTP_HOST": "127.0.0.1", "CASTWIRE_SMTP_PORT": str(port), "CASTWIRE_SMTP_SECURITY": "none",
           "CASTWIRE_SMTP_FROM": "castwire@example.com", "CASTWIRE_SMTP_TO": "reader@example.com"}
    from storage.db import open_database, session_factory

    engine = _database_with_a_recent_story(env["CASTWIRE_DATABASE_URL"])  # as a crawl leaves it: a story to send
    engine.dispose()
    runner = CliRunner()
    made = runner.invoke(cli, ["digest", "--date", "2026-11-20", "--format", "text"], env=env)
    assert made.exit_code == 0, made.output
    failed = runner.invoke(cli, ["digest", "--since", "last", "--email"], env=env)
    assert isinstance(failed.exception, UserError) and "cannot reach SMTP server" in str(failed.exception)
    engine = open_database(env["CASTWIRE_DATABASE_URL"])
    with transaction(session_factory(engine)) as session:
        stored = session.execute(select(Digest.window_start, Digest.window_end)).all()
    engine.dispose()
    assert stored == [(day_window(DAY, SEOUL).start, day_window(DAY, SEOUL).end)]  # only the first one


def test_a_digest_that_could_not_be_written_is_not_stored_so_since_last_still_shows_it(tmp_path: Path) -> None:
    """`castwire digest --since last --out FILE` stored the digest as shown, then failed to write
    FILE: the next `--since last` went on from it and its stories were never shown."""
    from storage.db import session_factory

    env = {"CASTWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "CASTWIRE_TIMEZONE": "UTC"}
    engine = _database_with_a_recent_story(env["CASTWIRE_DATABASE_URL"])
    runner = CliRunner()
    cut_short = runner.invoke(cli, ["digest", "--since", "last", "--out", str(tmp_path / "no-such-folder" / "d.md")],
                              env=env)
    assert isinstance(cut_short.exception, UserError) and "cannot write" in str(cut_short.exception)
    with transaction(session_factory(engine)) as session:
        stored = session.execute(select(func.count()).select_from(Digest)).scalar_one()
    engine.dispose()
    assert stored == 0
    shown = runner.invoke(cli, ["digest", "--since", "last"], env=env)
    assert shown.exit_code == 0 and "Han Hyo-joo joins Romantics Anonymous" in shown.stdout, shown.output


@contextmanager
def _digest_waiting_for_its_reader(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path, Engine]]:
    """``castwire digest --since last --out FIFO`` on a SQLite database with a recent story, once it
    is built and waits in open() for the FIFO's reader: the process, the FIFO and the database's
    engine (disposed, and the process killed if still there, afterwards)."""
    database = tmp_path / "db.sqlite"
    env = {**os.environ, "CASTWIRE_DATABASE_URL": f"sqlite:///{database}", "CASTWIRE_TIMEZONE": "UTC"}
    engine = _database_with_a_recent_story(env["CASTWIRE_DATABASE_URL"])
    fifo = tmp_path / "digest.fifo"
    os.mkfifo(fifo)
    command = [sys.executable, "-c", "from pipeline.entry import main; main()", "digest", "--since", "last",
               "--out", str(fifo)]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as waiting:
        try:
            wchan = Path(f"/proc/{waiting.pid}/wchan")
            deadline = time.monotonic() + 60
            while waiting.poll() is None and time.monotonic() < deadline and (
                    wchan.read_text() not in ("wait_for_partner", "fifo_open")):
                time.sleep(0.05)
            assert waiting.poll() is None, waiting.communicate()
            yield waiting, fifo, engine
        finally:
            if waiting.poll() is None:
                waiting.kill()
            engine.dispose()


def _digests_stored(engine: Engine) -> int:
    from storage.db import session_factory

    with transaction(session_factory(engine)) as session:
        return session.execute(select(func.count()).select_from(Digest)).scalar_one()


def test_a_digest_waiting_for_its_reader_keeps_no_lock_on_the_database(tmp_path: Path) -> None:
    """`castwire digest --out FIFO` (or `| less`) was written inside the transaction that stored
    it: until its reader came, it held SQLite's write lock, and a crawl storing an article (or a
    second digest) then failed with "database is locked". It is stored once written, as shown."""
    with _digest_waiting_for_its_reader(tmp_path) as (waiting, fifo, engine):
        crawl = sqlite3.connect(tmp_path / "db.sqlite", timeout=1)  # a crawl storing an article meanwhile
        try:
            with crawl:
                crawl.execute("UPDATE sources SET name = name")
        finally:
            crawl.close()
        assert _digests_stored(engine) == 0  # not shown yet
        with fifo.open(encoding="utf-8") as reader:
            shown = reader.read()
        assert waiting.wait(60) == 0, waiting.communicate()
        assert "Han Hyo-joo joins Romantics Anonymous" in shown
        assert _digests_stored(engine) == 1


def test_a_sigterm_to_a_command_past_its_start_is_one_line_and_stores_nothing(tmp_path: Path) -> None:
    """SIGTERM (kill, a service manager, a timeout) to a command that had started its work, here a
    digest waiting for the reader of its FIFO, ended it without a word (status -15): only the
    start and file writes caught it. It is "castwire: terminated", status 143, nothing stored."""
    with _digest_waiting_for_its_reader(tmp_path) as (waiting, _fifo, engine):
        waiting.terminate()
        _, err = waiting.communicate(timeout=60)
        assert (waiting.returncode, err.strip()) == (143, "castwire: terminated")
        assert _digests_stored(engine) == 0


def test_two_since_last_digests_made_at_once_are_both_stored_with_what_each_showed(
        sessions: sessionmaker[Session]) -> None:
    """Stored after it is written, a `--since last` digest can be made while another one of the
    chain is written: neither fails to store, each records what it showed, and the next one
    goes on after both."""
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        news = story(session, "Han Hyo-joo joins Romantics Anonymous", when=now - timedelta(hours=2))
        article(session, source(session, "kdd"), "kdd.example/new", story_id=news, when=now - timedelta(hours=2))

    def since_last(session: Session) -> Window:
        return resolve_window(session, now=datetime.now(UTC), timezone="UTC", since="last")

    made_meanwhile: list[DigestData] = []

    def written_slowly(_prepared: PreparedDigest) -> None:  # another digest made while this one is written
        made_meanwhile.append(publish(sessions, since_last, ("text",), deliver=lambda _: None)[1]["text"].data)

    first = publish(sessions, since_last, ("text",), deliver=written_slowly)[1]["text"].data
    assert _story_ids(first) == _story_ids(made_meanwhile[0]) == {news}
    with transaction(sessions) as session:
        recorded = session.execute(select(DigestArticle.digest_id, Digest.window_end).join(Digest)).all()
    assert len(recorded) == 2 and {end for _, end in recorded} == {first.window.end, made_meanwhile[0].window.end}
    after = publish(sessions, since_last, ("text",), deliver=lambda _: None)[1]["text"].data
    assert after.window.start == made_meanwhile[0].window.end and not after.story_count


def test_since_last_email_run_again_sends_nothing_when_nothing_is_new(tmp_path: Path, smtp_inbox: Any) -> None:
    """`castwire digest --since last --email` twice in a row mailed the team a "0 stories"
    digest of a 0-minute window the second time."""
    from storage.db import session_factory

    env = {"CASTWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "CASTWIRE_TIMEZONE": "UTC",
           "CASTWIRE_SMTP_HOST": "127.0.0.1", "CASTWIRE_SMTP_PORT": str(smtp_inbox.port), "CASTWIRE_SMTP_SECURITY": "none",
           "CASTWIRE_SMTP_FROM": "castwire@example.com", "CASTWIRE_SMTP_TO": "reader@example.com"}
    engine = _database_with_a_recent_story(env["CASTWIRE_DATABASE_URL"])
    runner = CliRunner()
    first = runner.invoke(cli, ["digest", "--since", "last", "--email"], env=env)
    assert first.exit_code == 0 and "sent the digest of" in first.stderr, first.output
    again = runner.invoke(cli, ["digest", "--since", "last", "--email"], env=env)
    with transaction(session_factory(engine)) as session:
        stored = session.execute(select(func.count()).select_from(Digest)).scalar_one()
    engine.dispose()
    assert again.exit_code == 0 and again.stdout == "", again.output
    assert "nothing new since the last digest e-mailed" in again.stderr and "no e-mail sent" in again.stderr
    assert len(smtp_inbox.received) == 1 and stored == 3  # the first one only (Markdown, text and HTML)


def test_since_last_email_sends_nothing_for_stories_only_picked_up_again(tmp_path: Path, smtp_inbox: Any) -> None:
    """A story e-mailed before, brought back by a portal's copy alone, was mailed again in full as
    a story of the day. Nothing new: no e-mail, nothing stored; the next digest e-mailed lists it,
    once, as picked up again."""
    from storage.db import session_factory

    env = {"CASTWIRE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "CASTWIRE_TIMEZONE": "UTC",
           "CASTWIRE_SMTP_HOST": "127.0.0.1", "CASTWIRE_SMTP_PORT": str(smtp_inbox.port), "CASTWIRE_SMTP_SECURITY": "none",
           "CASTWIRE_SMTP_FROM": "castwire@example.com", "CASTWIRE_SMTP_TO": "reader@example.com"}
    engine = _database_with_a_recent_story(env["CASTWIRE_DATABASE_URL"])
    runner = CliRunner()

    def crawled(url: str, *, copy: bool) -> None:  # an article published now, of the first story or of a new one
        with transaction(session_factory(engine)) as session:
            first = session.execute(select(Article).where(Article.url.contains("kdd.example/new"))).scalar_one()
            now = datetime.now(UTC)
            article(session, source(session, "portal"), url, when=now, title=first.title if copy else "New",
                    story_id=first.story_id if copy else story(session, "New", when=now),
                    duplicate_of=first.id if copy else None, duplicate_kind="exact" if copy else None)

    def stored() -> int:
        with transaction(session_factory(engine)) as session:
            return session.execute(select(func.count()).select_from(Digest)).scalar_one()

    assert runner.invoke(cli, ["digest", "--since", "last", "--email"], env=env).exit_code == 0
    crawled("portal.example/copy", copy=True)
    again = runner.invoke(cli, ["digest", "--since", "last", "--email"], env=env)
    assert again.exit_code == 0 and again.stdout == "", again.output
    assert "nothing new since the last digest e-mailed" in again.stderr
    assert (len(smtp_inbox.received), stored()) == (1, 3)
    crawled("portal.example/news", copy=False)
    news = runner.invoke(cli, ["digest", "--since", "last", "--email", "--format", "text", "--out",
                               str(tmp_path / "d.txt")], env=env)
    assert news.exit_code == 0 and len(smtp_inbox.received) == 2, news.output
    text = (tmp_path / "d.txt").read_text(encoding="utf-8")
    assert "1 story, 1 new article, 1 source, 0 failing sources, 1 story picked up again." in " ".join(text.split())
    assert "- Han Hyo-joo joins Romantics Anonymous (first reported" in text and "portal.example/copy" in text
    crawled("portal.example/more", copy=False)
    last = runner.invoke(cli, ["digest", "--since", "last", "--email", "--format", "text", "--out",
                               str(tmp_path / "d.txt")], env=env)
    engine.dispose()
    assert last.exit_code == 0, last.output
    assert "PICKED UP AGAIN" not in (tmp_path / "d.txt").read_text(encoding="utf-8")  # shown once


def test_a_story_summary_comes_from_its_headline_article_first(sessions: sessionmaker[Session]) -> None:
    """The date moved: the summary must not repeat the old one under the new headline."""
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        story_id = story(session, "Moonlit Harbor postponed: Netflix moves premiere to January 22",
                         category="release", show="Moonlit Harbor", premiere=date(2027, 1, 22), when=T0)
        article(session, kdd, "kdd.example/first", story_id=story_id, title="Moonlit Harbor sets December 15",
                body="Netflix announced that Moonlit Harbor will premiere on December 15, 2026.", when=T0)
        article(session, kdd, "kdd.example/moved", story_id=story_id,
                title="Moonlit Harbor postponed: Netflix moves premiere to January 22",
                body="Netflix has moved the premiere of Moonlit Harbor to January 22, 2027.",
                when=T0 + timedelta(hours=5))
        data = build_digest(session, day_window(DAY, SEOUL))
    [(_, [entry])] = data.sections
    assert entry.summary == "Netflix has moved the premiere of Moonlit Harbor to January 22, 2027."


def test_markdown_escape_leaves_harmless_punctuation_alone() -> None:
    assert markdown_escape("Release dates & premieres! Q&A") == "Release dates & premieres! Q&A"


def test_copies_of_another_outlets_article_are_not_independent_outlets(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        outlets = [source(session, slug, slug.upper()) for slug in ("kdd", "allk", "sk", "jp")]
        story_id = story(session, "Park Seo-joon joins Gyeongseong Creature 2", show="Gyeongseong Creature", when=T0)
        first = article(session, outlets[0], "kdd.example/creature", story_id=story_id, when=T0)
        article(session, outlets[1], "allk.example/creature", story_id=story_id, when=T0 + timedelta(hours=1),
                duplicate_of=first, duplicate_kind="exact")
        article(session, outlets[2], "sk.example/creature", story_id=story_id, when=T0 + timedelta(hours=2),
                duplicate_of=first, duplicate_kind="near")
        article(session, outlets[3], "jp.example/creature", story_id=story_id, when=T0 + timedelta(hours=3))
        data = build_digest(session, day_window(DAY, SEOUL))
    [(_, [entry])] = data.sections
    assert entry.independent_sources == 2  # kdd and jp; allk and sk copy kdd's article
    assert [s.copy_of for s in entry.sources] == [None, "KDD", "KDD", None]
    assert "Sources (2 independent outlets):" in render(data, "text")
    for fmt in ("text", "md", "html"):
        lines = [line for line in render(data, fmt).splitlines() if "copy of" in line]
        assert len(lines) == 2 and all("copy of KDD" in line for line in lines), fmt


def test_a_story_told_by_a_paywalled_article_says_so_on_its_source_line(sessions: sessionmaker[Session]) -> None:
    """Variety's VIP+ analysis was listed like any article, though its link leads to a teaser and
    a subscription offer. It stays in the digest, ranked as before; its source line says
    "subscribers only"; an article stored before castwire looked (null) says nothing."""
    with transaction(sessions) as session:
        variety, kdd = source(session, "variety", "Variety"), source(session, "kdd", "K-Drama Daily")
        story_id = story(session, "Netflix orders fewer Korean originals", show="Night Signal", when=T0)
        article(session, variety, "variety.example/vip", story_id=story_id, when=T0, paywalled=True)
        article(session, kdd, "kdd.example/free", story_id=story_id, when=T0 + timedelta(hours=1), paywalled=False)
        alone = story(session, "Studio Dragon cuts its slate", show="Gold Harbor", when=T0)
        article(session, variety, "variety.example/vip2", story_id=alone, when=T0 + timedelta(hours=2), paywalled=True)
        article(session, kdd, "kdd.example/old", story_id=story_id, when=T0 + timedelta(hours=3), paywalled=None)
        data = build_digest(session, day_window(DAY, SEOUL))
    assert data.story_count == 2  # the story only a paywalled article tells is news all the same
    for fmt in ("text", "md", "html"):
        lines = [line for line in render(data, fmt).splitlines() if "subscribers only" in line]
        assert len(lines) == 2 and all("Variety" in line for line in lines), fmt
        assert "K-Drama Daily" not in "".join(lines), fmt


def test_since_last_after_a_digest_of_today_or_a_future_day(sessions: sessionmaker[Session]) -> None:
    """A digest stored before the chain was told apart read as one of it (``chained`` true):
    one of today read the news up to when it was made, one of a day to come read nothing."""
    today = datetime.now(UTC).date()
    with transaction(sessions) as session:
        generate_digest(session, replace(day_window(today, "UTC"), chained=True), "text")  # its window ends tomorrow
        generate_digest(session, replace(day_window(today + timedelta(days=30), "UTC"), chained=True), "text")
    with transaction(sessions) as session:
        stored = session.execute(select(Digest).order_by(Digest.id).limit(1)).scalar_one()
        later = datetime.now(UTC) + timedelta(minutes=5)
        window = resolve_window(session, now=later, timezone="UTC", since="last")
    # from when today's digest was made (what it read), not from the end of a window still to come
    assert window.start == stored.created_at and window.end == later


def _story_ids(data) -> set[int]:  # noqa: ANN001
    return {entry.story_id for _, entries in data.sections for entry in entries}


def _later_the_same_day(now: datetime, delta: timedelta) -> datetime:
    """``now`` + ``delta``, or the last instant of ``now``'s UTC day when that would be the next
    day: the default digest "made again a minute later" is of the same day at any time of day
    (run a minute before midnight, ``now`` + a minute asked for the next day's digest)."""
    next_day = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)
    return min(now + delta, next_day - timedelta(microseconds=1))


def test_an_article_crawled_after_the_digest_of_its_window_is_in_the_next_digest_of_the_chain(
        sessions: sessionmaker[Session]) -> None:
    """`--since last` and the daily default read, besides their window, the late arrivals since the
    last digest was made: each article is in exactly one digest of the chain; an explicit window
    stays a pure window of publication times."""
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        on_time = story(session, "On time", when=now - timedelta(hours=2))
        shown = article(session, kdd, "kdd.example/on-time", story_id=on_time, title="On time",
                        when=now - timedelta(hours=2))
        first = generate(session, resolve_window(session, now=now, timezone="UTC", since="last"), ("text",))
        assert _story_ids(first["text"].data) == {on_time}
        made = session.execute(select(Digest.created_at)).scalar_one()
        # published before the first digest was made, stored after it (a crawl that came late);
        # another stored after it but published a month ago (a new source's backlog); and an
        # edit of the article the first digest showed
        late = story(session, "Late", when=now - timedelta(minutes=30))
        article(session, kdd, "kdd.example/late", story_id=late, title="Late", when=now - timedelta(minutes=30),
                fetched=made)
        earlier = story(session, "Two days ago", when=now - timedelta(days=2))
        article(session, kdd, "kdd.example/earlier", story_id=earlier, title="Two days ago",
                when=now - timedelta(days=2), fetched=made)
        old = story(session, "Old", when=now - timedelta(days=30))
        article(session, kdd, "kdd.example/old", story_id=old, title="Old", when=now - timedelta(days=30),
                fetched=made)
        edited = session.get(Article, shown)
        edited.version, edited.fetched_at, edited.body = 2, made, "A line added."
    later = made + timedelta(minutes=5)
    with transaction(sessions) as session:
        chained = resolve_window(session, now=later, timezone="UTC", since="last")
        assert chained.start == now and chained.chained
        assert _story_ids(build_digest(session, chained)) == {late, earlier}
        # yesterday's digest: the late arrival from before yesterday (the other is today's news,
        # unless the clock has just passed midnight: then yesterday's window holds it); never the
        # on-time article, which the first digest of the chain showed, even when yesterday holds it
        daily = resolve_window(session, now=later, timezone="UTC")
        in_window = {late} if daily.start <= now - timedelta(minutes=30) < daily.end else set()
        assert _story_ids(build_digest(session, daily)) == {earlier} | in_window
        generate(session, chained, ("text",))
    with transaction(sessions) as session:  # the same chained window made again shows the same
        again = resolve_window(session, now=later + timedelta(minutes=1), timezone="UTC", since="last")
        assert _story_ids(build_digest(session, again)) == set()
        assert _story_ids(build_digest(session, chained)) == {late, earlier}
        explicit = resolve_window(session, now=later, timezone="UTC", since=made.isoformat())
        assert not explicit.chained and _story_ids(build_digest(session, explicit)) == set()


def test_the_first_digest_of_a_chain_takes_the_late_arrivals_of_the_week_before_its_window(
        sessions: sessionmaker[Session]) -> None:
    """A new user's first crawl stores yesterday's news with the day before's: the first digest
    showed only its window, and the renewal published the day before it was in no digest ever,
    though the README's late-arrival rule (up to 7 days before the window) says it should be."""
    now = datetime.now(UTC)
    daily = previous_day_window(now, "UTC")
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        crawled = now - timedelta(minutes=10)  # the first crawl, before the first digest
        on_time = story(session, "Yesterday", when=daily.start + timedelta(hours=2))
        article(session, kdd, "kdd.example/yesterday", story_id=on_time, title="Yesterday",
                when=daily.start + timedelta(hours=2), fetched=crawled)
        renewed = story(session, "Renewed", when=daily.start - timedelta(days=1))
        article(session, kdd, "kdd.example/renewed", story_id=renewed, title="Renewed",
                when=daily.start - timedelta(days=1), fetched=crawled)
        old = story(session, "Backlog", when=daily.start - timedelta(days=8))  # older than the limit
        article(session, kdd, "kdd.example/backlog", story_id=old, title="Backlog",
                when=daily.start - timedelta(days=8), fetched=crawled)
        first = generate(session, resolve_window(session, now=now, timezone="UTC"), ("text",))["text"].data
        assert _story_ids(first) == {on_time, renewed}
    with transaction(sessions) as session:  # made again: the same; the next one: none of them again
        again = resolve_window(session, now=_later_the_same_day(now, timedelta(minutes=1)), timezone="UTC")
        assert _story_ids(build_digest(session, again)) == {on_time, renewed}
        chained = resolve_window(session, now=now + timedelta(minutes=5), timezone="UTC", since="last")
        assert _story_ids(build_digest(session, chained)) & {on_time, renewed, old} == set()


def test_the_first_recorded_digest_after_unrecorded_ones_takes_no_late_arrivals(
        sessions: sessionmaker[Session]) -> None:
    """Digests stored before the upgrade that added the record of what they showed may have shown
    the days before: the first digest made after it takes no late arrivals (as the README says)."""
    now = datetime.now(UTC)
    daily = previous_day_window(now, "UTC")
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        before = story(session, "Before", when=daily.start - timedelta(days=1))
        article(session, kdd, "kdd.example/before", story_id=before, title="Before",
                when=daily.start - timedelta(days=1), fetched=now - timedelta(days=1))
        session.add(Digest(window_start=daily.start - timedelta(days=1), window_end=daily.start, timezone="UTC",
                           format="text", content_hash="0" * 64, content="", created_at=daily.start,
                           recorded=False))
    with transaction(sessions) as session:
        assert before not in _story_ids(build_digest(session, resolve_window(session, now=now, timezone="UTC")))


def test_a_digest_made_again_does_not_move_the_late_arrivals_of_the_next_one_on(sessions: sessionmaker[Session]) -> None:
    """The default digest run twice the same day: the second run counted as the chain's last
    digest, so an article that arrived late between the two was in no digest."""
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        daily = resolve_window(session, now=now, timezone="UTC")
        generate(session, daily, ("text",))
        made = session.execute(select(Digest.created_at)).scalar_one()
        late = story(session, "Late", when=daily.start - timedelta(days=1))
        article(session, kdd, "kdd.example/late", story_id=late, title="Late", when=daily.start - timedelta(days=1),
                fetched=made)
    with transaction(sessions) as session:  # the same default digest again, a minute later
        again = resolve_window(session, now=_later_the_same_day(now, timedelta(minutes=1)), timezone="UTC")
        assert (again.start, again.end) == (daily.start, daily.end)
        remade = generate(session, again, ("text",))["text"].data
    later = now + timedelta(minutes=5)
    with transaction(sessions) as session:  # in one of the two: the day made again, or the next
        chained = resolve_window(session, now=later, timezone="UTC", since="last")
        shown = [late in _story_ids(remade), late in _story_ids(build_digest(session, chained))]
        assert shown.count(True) == 1


def test_articles_a_day_made_again_showed_are_not_shown_again_by_the_next(sessions: sessionmaker[Session]) -> None:
    """Yesterday's digest made before a late crawl, then again after it: the next digest of
    the chain showed the crawl's articles a second time, as late arrivals."""
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        generate(session, resolve_window(session, now=now - timedelta(days=1), timezone="UTC"), ("text",))
    with transaction(sessions) as session:
        daily = resolve_window(session, now=_later_the_same_day(now, timedelta(seconds=30)), timezone="UTC")
        assert daily.chained  # the chain goes on from the digest of the day before
        generate(session, daily, ("text",))
        made = session.execute(select(func.max(Digest.created_at))).scalar_one()
        # the late crawl: yesterday's news, and news of the day before it
        yesterday = story(session, "Yesterday", when=daily.start + timedelta(hours=1))
        article(session, kdd, "kdd.example/yesterday", story_id=yesterday, title="Yesterday",
                when=daily.start + timedelta(hours=1), fetched=made)
        older = story(session, "The day before", when=daily.start - timedelta(hours=5))
        article(session, kdd, "kdd.example/older", story_id=older, title="The day before",
                when=daily.start - timedelta(hours=5), fetched=made)
    with transaction(sessions) as session:  # yesterday's digest made again shows both
        again = resolve_window(session, now=_later_the_same_day(now, timedelta(minutes=1)), timezone="UTC")
        assert _story_ids(build_digest(session, again)) == {yesterday, older}
        generate(session, again, ("text",))
        remade = session.execute(select(func.max(Digest.created_at))).scalar_one()
        after = story(session, "After", when=daily.start + timedelta(hours=2))
        article(session, kdd, "kdd.example/after", story_id=after, title="After",
                when=daily.start + timedelta(hours=2), fetched=remade + timedelta(seconds=1))
    with transaction(sessions) as session:  # the next one shows only what arrived since
        chained = resolve_window(session, now=now + timedelta(minutes=5), timezone="UTC", since="last")
        assert _story_ids(build_digest(session, chained)) == {after}


def test_an_article_a_since_last_digest_showed_is_not_shown_again_by_its_days_digest(
        sessions: sessionmaker[Session]) -> None:
    """`--since last` early in a day, then the default digest of that day: both are of the chain,
    and the article the first showed was shown a second time by the day's digest."""
    now = datetime.now(UTC)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    early_at, later_at = today + (now - today) / 3, today + (now - today) * 2 / 3  # both before now, today
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        generate(session, resolve_window(session, now=now - timedelta(days=1), timezone="UTC"), ("text",))
        early = story(session, "Early", when=early_at)
        article(session, kdd, "kdd.example/early", story_id=early, title="Early", when=early_at,
                fetched=now - timedelta(seconds=1))
    with transaction(sessions) as session:  # read up to now: the early article of today
        since_last = resolve_window(session, now=now + timedelta(seconds=5), timezone="UTC", since="last")
        assert early in _story_ids(build_digest(session, since_last))
        generate(session, since_last, ("text",))
        made = session.execute(select(func.max(Digest.created_at))).scalar_one()
        later = story(session, "Later", when=later_at)
        article(session, kdd, "kdd.example/later", story_id=later, title="Later", when=later_at,
                fetched=made + timedelta(seconds=1))
    with transaction(sessions) as session:  # the next day's default digest, of today
        daily = resolve_window(session, now=now + timedelta(days=1), timezone="UTC")
        assert (daily.start, _story_ids(build_digest(session, daily))) == (today, {later})
        # an explicit window of the same day is a pure window: both
        explicit = resolve_window(session, now=now + timedelta(days=1), timezone="UTC", day=today.date().isoformat())
        assert _story_ids(build_digest(session, explicit)) == {early, later}


def test_a_past_days_digest_gives_the_premiere_date_its_reports_gave(sessions: sessionmaker[Session]) -> None:
    """Moved a day later: the digest of the 20th showed the new date under the old headline,
    and a trailer story the date only a report of the 21st gave."""
    with transaction(sessions) as session:
        kdd, allk = source(session, "kdd", "K-Drama Daily"), source(session, "allk", "AllK")
        harbor = story(session, "'Harbor of Stars' pushed back to December 19", category="release",
                       show="Harbor of Stars", premiere=date(2026, 12, 19), when=T0)
        article(session, kdd, "kdd.example/dec12", story_id=harbor, when=T0, category="release",
                shows=("Harbor of Stars",), title="'Harbor of Stars' premieres December 12", premiere_date=date(2026, 12, 12),
                premiere_precision="day")
        article(session, allk, "allk.example/dec19", story_id=harbor, when=T0 + timedelta(days=1), category="release",
                shows=("Harbor of Stars",), title="'Harbor of Stars' pushed back to December 19", premiere_date=date(2026, 12, 19),
                premiere_precision="day", premiere_moved=True)
        orchard = story(session, "'Crimson Orchard' drops its trailer", category="trailer", show="Crimson Orchard",
                        premiere=date(2027, 1, 8), when=T0)
        article(session, kdd, "kdd.example/trailer", story_id=orchard, when=T0, category="trailer",
                shows=("Crimson Orchard",), title="'Crimson Orchard' drops its trailer")
        article(session, allk, "allk.example/jan8", story_id=orchard, when=T0 + timedelta(days=1), category="release",
                shows=("Crimson Orchard",), title="'Crimson Orchard' sets January 8 premiere", premiere_date=date(2027, 1, 8),
                premiere_precision="day")
        before = build_digest(session, day_window(DAY, SEOUL))
        after = build_digest(session, day_window(DAY + timedelta(days=1), SEOUL))
    premieres = {entry.show: entry.premiere for _, entries in before.sections for entry in entries}
    assert premieres == {"Harbor of Stars": "2026-12-12", "Crimson Orchard": None}
    premieres = {entry.show: entry.premiere for _, entries in after.sections for entry in entries}
    assert premieres == {"Harbor of Stars": "2026-12-19", "Crimson Orchard": "2027-01-08"}


def test_a_past_days_digest_headlines_the_date_its_reports_gave(sessions: sessionmaker[Session]) -> None:
    """Pushed back twice: the digest of the 20th, made again after the second move, headlined
    the first report ("confirms January 9") over the Premiere line of the day (January 23),
    ranking the day's headlines by the story's date now (February 13)."""
    with transaction(sessions) as session:
        kdd, allk = source(session, "kdd", "K-Drama Daily"), source(session, "allk", "AllK")
        harbor = story(session, "'Crimson Harbor' moved to February 13", category="release",
                       show="Crimson Harbor", premiere=date(2027, 2, 13), when=T0)
        article(session, kdd, "kdd.example/jan9", story_id=harbor, when=T0, category="release",
                shows=("Crimson Harbor",), title="'Crimson Harbor' confirms January 9 premiere", premiere_date=date(2027, 1, 9),
                premiere_precision="day")
        article(session, allk, "allk.example/jan23", story_id=harbor, when=T0 + timedelta(hours=3),
                category="release", shows=("Crimson Harbor",), title="'Crimson Harbor' pushed back to January 23",
                premiere_date=date(2027, 1, 23), premiere_precision="day", premiere_moved=True)
        article(session, kdd, "kdd.example/feb13", story_id=harbor, when=T0 + timedelta(days=1), category="release",
                shows=("Crimson Harbor",), title="'Crimson Harbor' moved to February 13", premiere_date=date(2027, 2, 13),
                premiere_precision="day", premiere_moved=True)
        before = build_digest(session, day_window(DAY, SEOUL))
    [(_, [entry])] = before.sections
    assert (entry.title, entry.premiere) == ("'Crimson Harbor' pushed back to January 23", "2027-01-23")


def test_a_digest_of_an_explicit_window_leaves_the_daily_chain_as_it_was(sessions: sessionmaker[Session]) -> None:
    """A `--date` or `--since` digest made between two of the chain counted as the chain's last:
    an article that arrived late before it was in no digest at all."""
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        generate(session, resolve_window(session, now=now, timezone="UTC", since="last"), ("text",))
        made = session.execute(select(Digest.created_at)).scalar_one()
        late = story(session, "Late", when=now - timedelta(days=2))
        article(session, kdd, "kdd.example/late", story_id=late, title="Late", when=now - timedelta(days=2),
                fetched=made)
    with transaction(sessions) as session:  # a look at a past day, and at the last hour
        for day, since in ((str((now - timedelta(days=5)).date()), None), (None, (now - timedelta(hours=1)).isoformat())):
            window = resolve_window(session, now=made + timedelta(minutes=2), timezone="UTC", day=day, since=since)
            assert not window.chained
            generate(session, window, ("text",))
    later = made + timedelta(minutes=5)
    with transaction(sessions) as session:
        chained = resolve_window(session, now=later, timezone="UTC", since="last")
        assert chained.chained and chained.start == now
        assert _story_ids(build_digest(session, chained)) == {late}
        assert session.execute(select(Digest.chained).order_by(Digest.id)).scalars().all() == [True, False, False]


def test_a_past_days_digest_shows_a_headline_of_that_day_not_one_written_since(
        sessions: sessionmaker[Session]) -> None:
    """Reports of talks on the 20th, confirmed on the 21st: the story took the confirmation's
    headline and summary, which the digest of the 20th must not show."""
    with transaction(sessions) as session:
        kdd, allk = source(session, "kdd", "K-Drama Daily"), source(session, "allk", "AllK")
        talks = dict(shows=("Last Ferry",), people=("Park Bo-young",), platforms=("Netflix",))
        last_ferry = story(session, "It's Official: Park Bo-young Joins Netflix's Last Ferry",
                           show="Last Ferry", people=("Park Bo-young",), platforms=("Netflix",),
                           summary="It's finally confirmed! Park Bo-young will lead the series.", when=T0)
        article(session, kdd, "kdd.example/talks", story_id=last_ferry, when=T0,
                title="Park Bo-young in talks for Netflix's Last Ferry",
                summary="Park Bo-young is reviewing an offer to lead the Netflix series.", **talks)
        article(session, allk, "allk.example/official", story_id=last_ferry, when=T0 + timedelta(days=1),
                title="It's Official: Park Bo-young Joins Netflix's Last Ferry",
                summary="It's finally confirmed! Park Bo-young will lead the series.", **talks)
        session.get(Story, last_ferry).last_published_at = T0 + timedelta(days=1)
        before = build_digest(session, day_window(DAY, SEOUL))
        after = build_digest(session, day_window(DAY + timedelta(days=1), SEOUL))
    (entry,) = [e for _, entries in before.sections for e in entries]
    assert entry.title == "Park Bo-young in talks for Netflix's Last Ferry"
    assert entry.summary == "Park Bo-young is reviewing an offer to lead the Netflix series."
    (entry,) = [e for _, entries in after.sections for e in entries]
    assert entry.title == "It's Official: Park Bo-young Joins Netflix's Last Ferry"
    assert entry.summary == "It's finally confirmed! Park Bo-young will lead the series."


def test_a_digest_printed_to_look_leaves_the_next_mailed_digest_whole(sessions: sessionmaker[Session]) -> None:
    """An operator's `castwire digest --since last`, run to look at a running service, left its
    stories out of the digest the scheduler mailed next. The mailed digests and the ones read
    where they are made are two chains, each going on from its own."""
    now = datetime.now(UTC)
    published = previous_day_window(now, "UTC").start + timedelta(hours=2)
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        letters = story(session, "Winter Letters cast", when=published)
        article(session, kdd, "kdd.example/letters", story_id=letters, title="Winter Letters cast", when=published)
        looked = generate(session, resolve_window(session, now=now, timezone="UTC", since="last"), ("text",))
        assert _story_ids(looked["text"].data) == {letters}
        later = session.execute(select(Digest.created_at)).scalar_one() + timedelta(milliseconds=1)  # the same day
    sent: list[str] = []
    with transaction(sessions) as session:
        mailed = generate(session, resolve_window(session, now=later, timezone="UTC", mailed=True),
                          ("text", "html"), mail=lambda subject, _text, _html: sent.append(subject))
        assert _story_ids(mailed["text"].data) == {letters} and len(sent) == 1
    with transaction(sessions) as session:  # each chain goes on from its own digests
        assert _story_ids(build_digest(session, resolve_window(session, now=later, timezone="UTC", since="last"))) == set()
        assert _story_ids(build_digest(session, resolve_window(session, now=later, timezone="UTC", since="last",
                                                               mailed=True))) == set()


def test_an_article_committed_after_a_digest_was_made_is_in_the_next_digest_of_the_chain(
        sessions: sessionmaker[Session]) -> None:
    """A crawl running while the digest is made: its article, fetched before the digest was made
    but committed after it, was in no digest of the chain (the chain took its fetch time for the
    time it was stored, so the next digest counted it as shown)."""
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
    crawl = sessions()
    fetched = datetime.now(UTC)

    def store() -> int:
        race = story(crawl, "Race", when=fetched - timedelta(minutes=1))
        article(crawl, kdd, "kdd.example/race", story_id=race, title="Race", when=fetched - timedelta(minutes=1),
                fetched=fetched)
        return race

    try:
        # PostgreSQL: written and not committed while the digest is made; SQLite: written after it
        # (its one writer would wait for the crawl's transaction), committed after it on both
        race = store() if crawl.get_bind().dialect.name == "postgresql" else None
        with transaction(sessions) as session:
            made = generate(session, resolve_window(session, now=fetched + timedelta(seconds=1), timezone="UTC",
                                                    since="last"), ("text",))
        assert _story_ids(made["text"].data) == set()
        race = race or store()
        crawl.commit()
    finally:
        crawl.close()
    with transaction(sessions) as session:
        following = resolve_window(session, now=datetime.now(UTC) + timedelta(minutes=1), timezone="UTC", since="last")
        assert following.start <= fetched + timedelta(seconds=1)  # the article was published before it
        assert _story_ids(build_digest(session, following)) == {race}
        generate(session, following, ("text",))
    with transaction(sessions) as session:  # and the day's digest does not show it again
        daily = resolve_window(session, now=datetime.now(UTC) + timedelta(days=1), timezone="UTC")
        assert race not in _story_ids(build_digest(session, daily))


def test_a_digest_of_another_time_zone_shows_no_article_the_chain_showed(sessions: sessionmaker[Session]) -> None:
    """`castwire digest`, then `castwire digest --tz Asia/Seoul`, then `castwire digest` again:
    the Seoul day showed again the stories the UTC day had shown, and the UTC day made again
    then left them out (it counted them as the Seoul digest's)."""
    now = datetime.now(UTC)
    utc_day, seoul_day = previous_day_window(now, "UTC"), previous_day_window(now, SEOUL)
    # the first half hour of the Seoul day outside the UTC day (before it, or after it when the Seoul
    # day starts within it)
    only_seoul = seoul_day.start if seoul_day.start < utc_day.start else utc_day.end
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        news = {}
        for n, when in enumerate([utc_day.start + timedelta(hours=h) for h in (1, 5, 9, 13, 20)]):
            news[when] = story(session, f"News {n}", when=when)
            article(session, kdd, f"kdd.example/{n}", story_id=news[when], title=f"News {n}", when=when)
        in_utc_day = set(news.values())
        first = generate(session, resolve_window(session, now=now, timezone="UTC"), ("text",))["text"].data
        assert _story_ids(first) == in_utc_day
        # crawled after it (else the chain's first digest would have taken it as a late arrival)
        made = session.execute(select(Digest.created_at)).scalar_one()
        when = only_seoul + timedelta(minutes=30)
        news[when] = story(session, "News 5", when=when)
        article(session, kdd, "kdd.example/5", story_id=news[when], title="News 5", when=when, fetched=made)
    with transaction(sessions) as session:
        seoul = generate(session, resolve_window(session, now=now, timezone=SEOUL), ("text",))["text"].data
        assert _story_ids(seoul) == {news[only_seoul + timedelta(minutes=30)]}
    with transaction(sessions) as session:
        again = generate(session, resolve_window(session, now=now, timezone="UTC"), ("text",))["text"].data
        assert _story_ids(again) == in_utc_day


def test_the_subject_names_the_window_and_its_zone() -> None:
    """Three digests mailed for three windows (the UTC day, the Seoul day, the UTC day made
    again) all had the subject "castwire digest 2026-12-06"."""
    def subject_of(window: Window) -> str:
        return subject(DigestData(window, (), (), (), 0, 0))

    assert subject_of(day_window(DAY, "UTC")) == "castwire digest 2026-11-20 UTC: 0 stories"
    assert subject_of(day_window(DAY, SEOUL)) == "castwire digest 2026-11-20 Asia/Seoul: 0 stories"
    since = Window(datetime(2026, 11, 20, 1, 52, tzinfo=UTC), datetime(2026, 11, 20, 2, 12, tzinfo=UTC), "UTC")
    assert subject_of(since) == "castwire digest 2026-11-20 01:52 – 2026-11-20 02:12 UTC: 0 stories"


def test_a_summary_does_not_end_at_an_abbreviation_or_an_initial() -> None:
    assert short_summary("Netflix has postponed 'Glass Garden' from Dec. 12 to Dec. 18. It cites post-production. "
                         "More.") == "Netflix has postponed 'Glass Garden' from Dec. 12 to Dec. 18. It cites post-production."
    assert short_summary("Directed by J. Lee, Dr. Kim's script is No. 1 vs. Mr. Park's. It airs Jan. 5. Third.") == (
        "Directed by J. Lee, Dr. Kim's script is No. 1 vs. Mr. Park's. It airs Jan. 5.")
    assert short_summary("It stars Ms. Han and Mrs. Choi. Third. Fourth.") == "It stars Ms. Han and Mrs. Choi. Third."
    assert short_summary("He left. She stayed. They wept.") == "He left. She stayed."


@pytest.mark.parametrize("text", [
    "フジテレビ木曜劇場「夜明けのカルテ」のポスタービジュアルが12月5日、解禁された。",
    "ハン・ジウ主演Netflix「月光薬局」ティザー予告解禁、2027年1月9日配信スタート決定っ！",
    "佐伯蒼が主演を務める「連続ドラマW 白鷺の庭」の撮影が京都で始まった（12月4日）。スタッフ一同「ご期待ください」",
    "넷플릭스 '달빛 약국' 티저 공개…내년 1월 9일 첫 공개, “기대해 주세요.” 한지우·박서진·이다은 출연(12월 4일).",
])
@pytest.mark.parametrize("width", range(20, 81, 3))
def test_wrapped_japanese_and_korean_obey_kinsoku(text: str, width: int) -> None:
    """"。" was left alone at the start of a line."""
    lines = wrap_text(text, width, "  ").splitlines()
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    for before, after in zip(lines, lines[1:], strict=False):
        assert display_width(before) <= width
        assert after.strip()[0] not in "。、，．・）」』！？ーっ…”’),.!?", (before, after)
        assert before.rstrip()[-1] not in "「『（“‘(", (before, after)
        assert not (before[-1].isascii() and before[-1].isalnum() and after.strip()[0].isascii()
                    and after.strip()[0].isalnum()), (before, after)


def test_a_past_days_premieres_are_those_known_by_its_end(sessions: sessionmaker[Session]) -> None:
    """Regenerating the 20th after a postponement on the 23rd dropped the date of the 20th, and
    listed a date first reported on the 22nd."""
    with transaction(sessions) as session:
        kdd, allk = source(session, "kdd", "K-Drama Daily"), source(session, "allk", "AllK")
        garden = story(session, "Netflix pushes 'Glass Garden' premiere to December 6", category="release",
                       show="Glass Garden", platforms=("Netflix",), premiere=date(2026, 12, 6), when=T0)
        article(session, kdd, "kdd.example/garden", story_id=garden, when=T0, category="release",
                shows=("Glass Garden",), platforms=("Netflix",), title="Netflix sets November 28 for 'Glass Garden'",
                premiere_date=date(2026, 11, 28), premiere_precision="day")
        article(session, allk, "allk.example/garden", story_id=garden, when=T0 + timedelta(days=3), category="release",
                shows=("Glass Garden",), platforms=("Netflix",), premiere_moved=True,
                title="Netflix pushes 'Glass Garden' premiere to December 6",
                premiere_date=date(2026, 12, 6), premiere_precision="day")
        later = story(session, "'Night Ferry' premieres November 30", category="release", show="Night Ferry",
                      premiere=date(2026, 11, 30), when=T0 + timedelta(days=2))
        article(session, kdd, "kdd.example/ferry", story_id=later, when=T0 + timedelta(days=2), category="release",
                shows=("Night Ferry",), title="'Night Ferry' premieres November 30",
                premiere_date=date(2026, 11, 30), premiere_precision="day")
        past = build_digest(session, day_window(DAY, SEOUL))
        now = build_digest(session, day_window(DAY + timedelta(days=3), SEOUL))
    assert [(p.day, p.show, p.platforms) for p in past.premieres] == [
        (date(2026, 11, 28), "Glass Garden", ("Netflix",))]
    assert [(p.day, p.show) for p in now.premieres] == [(date(2026, 11, 30), "Night Ferry"),
                                                        (date(2026, 12, 6), "Glass Garden")]


def _office_ghosts(session: Session) -> int:
    """A casting story on the 19th, a filming start folded into it on the 20th (Seoul)."""
    kdd, allk = source(session, "kdd", "K-Drama Daily"), source(session, "allk", "AllK")
    facts = dict(shows=("Office Ghosts",), people=("Yoon Tae-min", "Seo Ha-na"), platforms=("ENA",))
    ghosts = story(session, "Yoon Tae-min and Seo Ha-na confirmed to star in ENA's 'Office Ghosts'",
                   show="Office Ghosts", people=("Yoon Tae-min", "Seo Ha-na"), platforms=("ENA",),
                   summary="Yoon Tae-min and Seo Ha-na will star in the ENA drama.", when=T0 - timedelta(days=1))
    article(session, kdd, "kdd.example/ghosts-cast", story_id=ghosts, when=T0 - timedelta(days=1),
            title="Yoon Tae-min and Seo Ha-na confirmed to star in ENA's 'Office Ghosts'",
            summary="Yoon Tae-min and Seo Ha-na will star in the ENA drama.", **facts)
    article(session, allk, "allk.example/ghosts-filming", story_id=ghosts, when=T0, category="production",
            title="윤태민·서하나 ENA '오피스 고스트' 첫 촬영 시작",
            summary="ENA 새 드라마 '오피스 고스트'가 첫 촬영을 시작했다. 윤태민과 서하나가 참석했다.", **facts)
    return ghosts


def test_a_story_an_earlier_window_showed_leads_with_the_windows_news(sessions: sessionmaker[Session]) -> None:
    """A filming start folded into the casting story of the day before was shown under Casting
    with the casting headline and summary: the day's news was only its second source line."""
    with transaction(sessions) as session:
        ghosts = _office_ghosts(session)
        day_before = build_digest(session, day_window(DAY - timedelta(days=1), SEOUL))
        data = build_digest(session, day_window(DAY, SEOUL))
        stored = session.get(Story, ghosts)
        assert (stored.title, stored.category) == (
            "Yoon Tae-min and Seo Ha-na confirmed to star in ENA's 'Office Ghosts'", "casting")  # untouched
    (title, (entry,)), = data.sections
    assert (title, entry.title) == ("Production", "윤태민·서하나 ENA '오피스 고스트' 첫 촬영 시작")
    assert entry.summary == "ENA 새 드라마 '오피스 고스트'가 첫 촬영을 시작했다. 윤태민과 서하나가 참석했다."
    assert entry.follows == "Yoon Tae-min and Seo Ha-na confirmed to star in ENA's 'Office Ghosts'"
    assert (entry.show, entry.platforms) == ("Office Ghosts", ("ENA",))
    assert [(s.outlet, s.new) for s in entry.sources] == [("AllK", True), ("K-Drama Daily", False)]
    assert (data.article_count, data.source_count) == (1, 1)  # the day's articles, not the story's
    text = render(data, "text")
    assert "Follow-up to: Yoon Tae-min and Seo Ha-na confirmed to star in ENA's 'Office" in text
    assert "(first reported 2026-11-19)" in text
    assert "1 story, 1 new article, 1 source" in text
    assert "- [new] AllK (2026-11-20 12:00)" in text and "- K-Drama Daily (2026-11-19 12:00)" in text
    assert "Follow-up to:" in render(data, "md") and "**new** [AllK]" in render(data, "md")
    assert ">new</strong> <a href=\"https://allk.example/ghosts-filming\"" in render(data, "html")
    # first seen in its window: as before, no follow-up line and no marks
    (_, (first,)), = day_before.sections
    assert (first.title, first.follows, first.category) == (
        "Yoon Tae-min and Seo Ha-na confirmed to star in ENA's 'Office Ghosts'", None, "casting")
    assert "[new]" not in render(day_before, "text") and "Follow-up" not in render(day_before, "text")



@pytest.mark.parametrize("with_news", [True, False])
def test_a_copy_of_an_earlier_report_makes_no_follow_up(sessions: sessionmaker[Session], with_news: bool) -> None:
    """A portal's copy of the day before's article, crawled in this window, made the story a
    "Follow-up to" itself, headed by the copy."""
    casting = "Yoon Tae-min and Seo Ha-na confirmed to star in ENA's 'Office Ghosts'"
    with transaction(sessions) as session:
        kdd, portal = source(session, "kdd", "K-Drama Daily"), source(session, "portal", "Portal News")
        ghosts = story(session, casting, show="Office Ghosts", when=T0 - timedelta(days=1))
        cast = article(session, kdd, "kdd.example/ghosts-cast", story_id=ghosts, when=T0 - timedelta(days=1),
                       title=casting, shows=("Office Ghosts",))
        article(session, portal, "portal.example/ghosts-cast", story_id=ghosts, when=T0,
                title=casting + "（K-Drama Daily）", shows=("Office Ghosts",), duplicate_of=cast,
                duplicate_kind="exact")
        if with_news:
            article(session, portal, "portal.example/ghosts-filming", story_id=ghosts, when=T0, category="production",
                    title="'Office Ghosts' starts filming", shows=("Office Ghosts",))
        data = build_digest(session, day_window(DAY, SEOUL))
    if with_news:  # the filming start is the day's news, not the copy of the casting report
        (_, (entry,)), = data.sections
        assert (entry.title, entry.follows, entry.repeat, data.repeats) == (
            "'Office Ghosts' starts filming", casting, False, ())
    else:  # nothing new: not a story of the day, only listed as picked up again
        (entry,) = data.repeats
        assert (data.sections, data.story_count, entry.title, entry.follows) == ((), 0, casting, None)


def _a_story_and_its_copy_a_day_later(session: Session, *, news_of_today: bool = True) -> DigestData:
    """Yesterday StreamBeat reported the renewal; today K-Drama Daily's copy of it was crawled,
    beside (``news_of_today``) one story of today's own: the digest of today."""
    beat, kdd = source(session, "beat", "StreamBeat"), source(session, "kdd", "K-Drama Daily")
    renewal = "Overtime Club Renewed for Season 2"
    renewed = story(session, renewal, category="renewal", show="Overtime Club", when=T0 - timedelta(days=1))
    first = article(session, beat, "beat.example/overtime-renewed", story_id=renewed, title=renewal,
                    when=T0 - timedelta(days=1), category="renewal",
                    summary="Netflix renewed Overtime Club for a second season.")
    article(session, kdd, "kdd.example/overtime-renewed", story_id=renewed, title=renewal + " (StreamBeat)",
            when=T0, category="renewal", duplicate_of=first, duplicate_kind="near",
            summary="Netflix renewed Overtime Club for a second season.")
    if news_of_today:
        today = story(session, "Han Hyo-joo joins Romantics Anonymous", when=T0)
        article(session, kdd, "kdd.example/romantics", story_id=today, title="Han Hyo-joo joins Romantics Anonymous",
                when=T0)
    return build_digest(session, day_window(DAY, SEOUL))


def test_a_story_only_copies_brought_back_is_one_line_at_the_end_not_a_story_of_the_day(
        sessions: sessionmaker[Session]) -> None:
    """A story an earlier digest showed whose only new article is a copy of its earlier one came
    back in full (same headline, summary, the earlier article listed again): "Overtime Club
    Renewed for Season 2" two days running with nothing new."""
    with transaction(sessions) as session:
        data = _a_story_and_its_copy_a_day_later(session)
    assert [title for title, _ in data.sections] == ["Casting"]
    assert (data.story_count, data.article_count, data.source_count, len(data.repeats)) == (1, 1, 1, 1)
    md, html, text = (render(data, fmt) for fmt in ("md", "html", "text"))
    assert "**1 story** · 1 new article · 1 source · 0 failing sources · 1 story picked up again" in md
    assert "1 story · 1 new article · 1 source · 0 failing sources · 1 story picked up again<br>" in html
    assert "1 story, 1 new article, 1 source, 0 failing sources, 1 story picked up again." in " ".join(text.split())
    assert ("## Picked up again (copies of earlier reports)\n\n- Overtime Club Renewed for Season 2 (first reported"
            " 2026-11-19): [K-Drama Daily](https://kdd.example/overtime-renewed) (copy of StreamBeat)\n") in md
    assert ("<li>Overtime Club Renewed for Season 2 (first reported 2026-11-19): <a href=\"https://kdd.example/"
            "overtime-renewed\" style=\"color:#1d4ed8;\">K-Drama Daily</a> (copy of StreamBeat)</li>") in html
    assert ("PICKED UP AGAIN (COPIES OF EARLIER REPORTS)\n===========================================\n"
            "- Overtime Club Renewed for Season 2 (first reported 2026-11-19): K-Drama Daily\n"
            "    (copy of StreamBeat)\n    https://kdd.example/overtime-renewed\n") in text
    for shown in (md, html, text):  # once, at the end: no summary, no category, the earlier article not again
        assert shown.count("Overtime Club Renewed for Season 2") == 1
        assert "Renewals" not in shown and "RENEWALS" not in shown and "second season" not in shown
        assert "beat.example" not in shown
        assert shown.index("Romantics Anonymous") < shown.index("Overtime Club")


def test_a_day_with_only_stories_picked_up_again_has_no_story(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        data = _a_story_and_its_copy_a_day_later(session, news_of_today=False)
    assert (data.story_count, data.article_count, data.source_count, len(data.repeats)) == (0, 0, 0, 1)
    assert subject(data) == "castwire digest 2026-11-20 Asia/Seoul: 0 stories"
    md = render(data, "md")
    assert "**0 stories** · 0 new articles · 0 sources · 0 failing sources · 1 story picked up again" in md
    assert "_No casting or release news in this window._" in md and "## Picked up again" in md


def test_the_copy_a_repeat_brings_is_recorded_by_its_chain_digest_and_not_shown_again(
        sessions: sessionmaker[Session]) -> None:
    """The portal's copy of yesterday's report, crawled today (a late arrival of yesterday), is
    shown once, as picked up again, by today's digest of the chain, which records it."""
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        beat, portal = source(session, "beat", "StreamBeat"), source(session, "portal", "Portal News")
        renewed = story(session, "Overtime Club Renewed for Season 2", when=now - timedelta(hours=3))
        first = article(session, beat, "beat.example/overtime", story_id=renewed, when=now - timedelta(hours=3),
                        title="Overtime Club Renewed for Season 2")
        shown = generate(session, resolve_window(session, now=now, timezone="UTC", since="last"), ("text",))
        assert _story_ids(shown["text"].data) == {renewed}
        made = session.execute(select(Digest.created_at)).scalar_one()
        copy = article(session, portal, "portal.example/overtime", story_id=renewed, when=now - timedelta(hours=2),
                       fetched=made, title="Overtime Club Renewed for Season 2", duplicate_of=first,
                       duplicate_kind="exact")  # published before that digest, crawled after it
        later = made + timedelta(minutes=5)
        again = generate(session, resolve_window(session, now=later, timezone="UTC", since="last"), ("text",))
        data = again["text"].data
        assert (_story_ids(data), [e.story_id for e in data.repeats], data.own_articles) == (set(), [renewed], (copy,))
        recorded = session.execute(select(DigestArticle.article_id).where(
            DigestArticle.digest_id == again["text"].digest_id)).scalars().all()
        assert recorded == [copy]
        after = build_digest(session, resolve_window(session, now=later + timedelta(minutes=5), timezone="UTC",
                                                     since="last"))
    assert (after.story_count, after.repeats) == (0, ())
