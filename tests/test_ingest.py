"""Ingest: the pure analysis stage (run in the crawl's worker processes) and the storage stage."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from conftest import FIXTURES
from db_fixtures import FETCHED_AT, extracted, load_records, source_for
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline import stories
from pipeline.entities import parse_aliases, show_key
from pipeline.ingest import (
    ArticleWriter,
    analyse_article,
    drop_reason,
    full_article_url,
    prepare_page,
    store_article,
)
from pipeline.normalise import canonical_url_key
from pipeline.records import ExtractedArticle, FeedHints
from pipeline.sources import Source
from storage.db import transaction
from storage.models import Article, Story, StoryKey
from storage.models import Source as SourceRow
from storage.repository import STORY_MEMBER_COLUMNS, known_url_checks

SOURCE = Source(slug="soompi", name="Soompi", homepage="https://www.soompi.com/", language="en",
                timezone="UTC", feeds=("https://www.soompi.com/feed",))


def _record(record_id: str) -> dict:
    return next(r for r in load_records("dev") if r["id"] == record_id)


def test_analysis_is_pure_and_travels_between_processes() -> None:
    record = _record("dev-ra-cast-0")
    aliases = parse_aliases({"show": [{"name": "Romantics Anonymous", "aliases": ["Romantic Anonymous"]}]})
    source = source_for(record["outlet"], record["language"])
    first = analyse_article(source, extracted(record), fetched_at=FETCHED_AT, aliases=aliases)
    again = analyse_article(source, extracted(record), fetched_at=FETCHED_AT, aliases=aliases)
    assert first == again
    assert pickle.loads(pickle.dumps(first)) == first  # the process pool sends it back pickled
    assert pickle.loads(pickle.dumps(aliases)).resolve("show", "Romantic Anonymous", "x") == (
        aliases.resolve("show", "Romantic Anonymous", "x"))
    values = first.values
    assert values["category"] == "casting"
    assert values["minhash"] is not None and len(values["minhash"]) == 4 * 64
    assert len(first.bands) == 16
    assert show_key("Romantics Anonymous") in values["event_keys"]["subject"]
    assert {m.name for m in first.entities.people} >= {"Han Hyo-joo", "Oguri Shun"}


def test_the_link_followed_is_kept_beside_the_canonical_url() -> None:
    record = _record("dev-ra-cast-0")
    page = extracted(record)
    source = source_for(record["outlet"], record["language"])
    followed = record["url"] + "?utm_source=feed&input=1195m"
    analysed = analyse_article(source, page, fetched_at=FETCHED_AT, requested_url=followed)
    assert analysed.other_keys and all("input=1195m" in key for key in analysed.other_keys)
    assert analyse_article(source, page, fetched_at=FETCHED_AT, requested_url=record["url"]).other_keys == ()


def test_an_unchanged_article_met_under_another_link_remembers_that_link(sessions: sessionmaker[Session]) -> None:
    """A feed's redirecting link to an article the sitemap gave first: before, the link was
    fetched, followed and extracted again on every crawl."""
    record = _record("dev-ra-cast-0")
    page = extracted(record)
    source = source_for(record["outlet"], record["language"])
    redirecting = "https://feeds.example/go/romantics-anonymous"
    with transaction(sessions) as session:
        store_article(session, analyse_article(source, page, fetched_at=FETCHED_AT))
    with transaction(sessions) as session:
        again = store_article(session, analyse_article(source, page, fetched_at=FETCHED_AT, requested_url=redirecting))
        assert again.outcome == "unchanged"
        assert set(known_url_checks(session, [canonical_url_key(redirecting)])) == {canonical_url_key(redirecting)}


@pytest.mark.parametrize("now_whole", [False, True])
def test_a_crawl_of_a_page_no_longer_behind_a_paywall_marks_the_article_free(
        sessions: sessionmaker[Session], now_whole: bool) -> None:
    """A premium article opened to all: crawled again, the stored article says it is free, in
    place, whether the page now gives more text or gave the whole text to crawlers already."""
    record = _record("dev-ra-cast-0")
    page = extracted(record)
    source = source_for(record["outlet"], record["language"])
    opened = replace(page, paywalled=False, body=page.body + ("\n\nThe rest of the article." if now_whole else ""))
    with transaction(sessions) as session:
        first = store_article(session, analyse_article(source, replace(page, paywalled=True), fetched_at=FETCHED_AT))
    with transaction(sessions) as session:
        again = store_article(session, analyse_article(source, opened, fetched_at=FETCHED_AT))
        assert (again.article_id, again.outcome) == (first.article_id, "updated" if now_whole else "unchanged")
        assert session.scalars(select(Article.paywalled)).all() == [False]


def test_an_article_its_outlet_moved_to_a_new_address_stays_one_article(sessions: sessionmaker[Session]) -> None:
    """The outlet's page moved to a new slug (the old one redirecting to it): the same text from
    the same outlet under the new URL was stored as a second article, a "copy" of its own first,
    and the story counted it twice. The same text from another outlet stays a copy."""
    record = _record("dev-ra-cast-0")
    page = extracted(record)
    source = source_for(record["outlet"], record["language"])
    moved_to = record["url"].rstrip("/") + "-updated-slug"
    with transaction(sessions) as session:
        first = store_article(session, analyse_article(source, page, fetched_at=FETCHED_AT))
    with transaction(sessions) as session:
        moved = store_article(session, analyse_article(
            source, replace(page, url=moved_to, canonical_url=moved_to), fetched_at=FETCHED_AT))
        assert (moved.article_id, moved.outcome) == (first.article_id, "unchanged")
        assert set(known_url_checks(session, [canonical_url_key(moved_to)])) == {canonical_url_key(moved_to)}
        elsewhere = "https://copies.example/romantics-anonymous"
        copied = store_article(session, analyse_article(
            replace(source, slug="copies", name="Copies"), replace(page, url=elsewhere, canonical_url=elsewhere),
            fetched_at=FETCHED_AT))
        assert copied.outcome == "new"
        copies = dict(session.execute(select(Article.id, Article.duplicate_of_id)).all())
        assert copies in ({first.article_id: None, copied.article_id: first.article_id},
                          {first.article_id: copied.article_id, copied.article_id: None})  # the earlier URL first
        assert session.execute(select(Story.article_count)).scalar_one() == 2
        # another headline over the same text (an outlet's stock paragraph): another article
        other = record["url"].rstrip("/") + "-another-story"
        retitled = store_article(session, analyse_article(
            source, replace(page, url=other, canonical_url=other, title="Another story"), fetched_at=FETCHED_AT))
        assert retitled.outcome == "new" and retitled.article_id not in copies


def test_titles_in_italics_reach_entity_recognition() -> None:
    body = ("Han So-hee is in talks to lead Broken Mirror, a thriller from the director of "
            "My Name, the agency told Variety on Monday.")
    page = ExtractedArticle(url="https://www.soompi.com/article/2", canonical_url="https://www.soompi.com/article/2",
                            title="Han So-hee in talks for a new thriller", body=body,
                            emphasis=("Broken Mirror", "My Name", "Variety"))
    plain = analyse_article(SOURCE, replace(page, emphasis=()), fetched_at=FETCHED_AT)
    italics = analyse_article(SOURCE, page, fetched_at=FETCHED_AT)
    assert {m.name for m in italics.entities.shows} == {"Broken Mirror", "My Name"}
    assert {m.name for m in plain.entities.shows} < {"Broken Mirror", "My Name"}


def test_drop_reasons() -> None:
    base = ExtractedArticle(url="https://www.soompi.com/article/1", canonical_url="https://www.soompi.com/article/1",
                            title="Lee Min Ho cast in a new tvN drama", body="Lee Min Ho will star in tvN's new drama.")
    assert drop_reason(SOURCE, base) is None
    listing = ExtractedArticle(url=base.url, canonical_url=base.url, title="News", page_type="listing")
    assert drop_reason(SOURCE, listing) == "not_article_listing"
    assert drop_reason(SOURCE, ExtractedArticle(url=base.url, canonical_url=base.url)) == "empty"
    general = Source(slug="variety", name="Variety", homepage="https://variety.com/", language="en",
                     timezone="UTC", feeds=("https://variety.com/feed/",), topics=("k-drama", "netflix"))
    assert drop_reason(general, base) == "off_topic"
    netflix = ExtractedArticle(url=base.url, canonical_url=base.url, title="Netflix orders a K-drama",
                               body="The streamer ordered it.")
    assert drop_reason(general, netflix) is None


def test_prepare_page_extracts_then_analyses_articles_only() -> None:
    html = (FIXTURES / "extract" / "soompi_article.html").read_bytes()
    fetched = datetime(2024, 3, 20, tzinfo=UTC)
    page = prepare_page(html, "https://www.soompi.com/article/1650000wpp/x", source=SOURCE, hints=None,
                        fetched_at=fetched)
    assert page.drop is None and page.article is not None
    assert page.article.values["title"] == page.extracted.title
    assert page.extract_us > 0 and page.analyse_us > 0
    listing = (FIXTURES / "extract" / "en_listing.html").read_bytes()
    page = prepare_page(listing, "https://www.soompi.com/latest", source=SOURCE, hints=None, fetched_at=fetched)
    assert page.drop == "not_article_listing" and page.article is None
    assert page.seen_keys == ("soompi.com/latest",)


@pytest.mark.parametrize(("language", "zone", "feed_time", "sentence", "premiere"), [
    # 15:20 GMT is Sunday 00:20 in Seoul: "this coming Saturday" is the 12th, not the UTC Saturday
    ("ko", "Asia/Seoul", "Sat, 05 Dec 2026 15:20:00 GMT",
     "김선호와 신민아가 주연을 맡은 티빙 드라마 '별빛 편의점'이 오는 토요일 오후 9시 첫 방송된다.", "2026-12-12"),
    # 15:30 GMT is Monday 00:30 in Tokyo: next week's Saturday is the 19th
    ("ja", "Asia/Tokyo", "Sun, 06 Dec 2026 15:30:00 GMT",
     "菅田将暉が主演するフジテレビの新ドラマ『星の回廊』が来週の土曜よる9時から放送される。", "2026-12-19"),
    # 03:00 GMT Saturday is Friday 19:00 in Los Angeles: "this Friday" is that day
    ("en", "America/Los_Angeles", "Sat, 05 Dec 2026 03:00:00 GMT",
     "Netflix's new drama 'Moon Relay' starring Park Seo-joon premieres this Friday on Netflix.", "2026-12-04"),
])
def test_a_premiere_said_relative_to_the_day_counts_from_the_feeds_day_at_the_publisher(
        language: str, zone: str, feed_time: str, sentence: str, premiere: str) -> None:
    """A page without a date, dated by its feed alone: the feed's time was used as the UTC
    day, so a Seoul article of Sunday 00:20 put "오는 토요일" on the Saturday before it."""
    source = Source(slug="hanbit", name="Hanbit", homepage="https://hanbit.example/", language=language,
                    timezone=zone, feeds=("https://hanbit.example/rss",))
    filler = {"ko": "작품은 동네 편의점을 배경으로 한 힐링 로맨스다. 추가 출연진은 이후 순차적으로 공개될 예정이다.",
              "ja": "物語は小さな町の食堂を舞台にしたヒューマンドラマだ。共演者は後日発表される予定だ。",
              "en": "The series is a workplace comedy set in a convenience store. More cast will be announced later."}
    html = (f"<html lang='{language}'><body><h1>{sentence[:30]}</h1><article><p>{sentence}</p>"
            f"<p>{filler[language]}</p><p>{filler[language]}</p></article></body></html>")
    hints = FeedHints(published_at=parsedate_to_datetime(feed_time).astimezone(UTC), published_raw=feed_time)
    page = prepare_page(html, "https://hanbit.example/news/102.html", source=source, hints=hints,
                        fetched_at=datetime(2026, 12, 7, 7, 58, tzinfo=UTC))
    assert page.article is not None, page.drop
    assert str(page.article.values["premiere_date"]) == premiere
    assert page.article.values["published_at"] == hints.published_at


@pytest.mark.parametrize(("language", "title", "body", "premiere"), [
    ("ko", "서도윤, 日 WOWOW 드라마 '푸른 잔향' 출연…이시하라 미우와 호흡",
     "배우 서도윤이 일본 WOWOW 드라마 <푸른 잔향>에 출연한다.\n\n"
     "2일 소속사는 서도윤이 <푸른 잔향>에서 피아니스트 지우 역을 맡는다고 밝혔다.\n\n"
     "서도윤은 오는 21일 첫 방송되는 KBS2 <겨울 약국>에도 출연한다.", None),
    ("en", "Korea's Do-yoon Seo Joins Miu Ishihara in WOWOW Drama 'Blue Echo'",
     "Korean actor Do-yoon Seo has joined Miu Ishihara in ‘Blue Echo,’ a WOWOW drama about a sound engineer "
     "and a pianist.\n\nSeo also stars in KBS2’s ‘Winter Pharmacy,’ which premieres Dec. 21.", None),
    ("ja", "石原美羽、WOWOW『青の残響』出演",
     "女優の石原美羽が、WOWOWの連続ドラマW『青の残響』に出演することが2日、発表された。\n\n"
     "石原は12月21日スタートのフジテレビ『真夜中のパン屋』にも出演する。", None),
    # the work before this one ("'A'에 이어") is someone's other work too: its date is not the article's (rv T1)
    ("ko", "강지훈, '은빛 부두' 이어 디즈니+ '등대의 밤' 주연",
     "배우 강지훈이 넷플릭스 '은빛 부두'에 이어 디즈니+ 시리즈 '등대의 밤'의 주연을 맡는다.\n\n"
     "'은빛 부두'는 오는 21일 공개된다.", None),
    # the article's own show's date is kept, the other work's beside it is not
    ("en", "Do-yoon Seo Joins WOWOW Drama 'Blue Echo'",
     "Korean actor Do-yoon Seo has joined ‘Blue Echo,’ a WOWOW drama that premieres Jan. 8.\n\n"
     "Seo also stars in KBS2’s ‘Winter Pharmacy,’ which premieres Dec. 21.", "2027-01-08"),
])
def test_a_premiere_date_given_for_someones_other_show_is_not_the_articles(
        language: str, title: str, body: str, premiere: str | None) -> None:
    """tT: "Seo also stars in KBS2's 'Winter Pharmacy,' which premieres Dec. 21" gave a casting
    report of another show that premiere date, which then put a false premiere in the calendar."""
    record = {"url": f"https://wire.example/{language}/1", "title": title, "body": body, "language": language,
              "published_at": "2026-12-02T17:00:00+09:00"}
    analysed = analyse_article(source_for("wire", language), extracted(record), fetched_at=FETCHED_AT)
    assert str(analysed.values["premiere_date"] or None) == str(premiere)


def test_a_follow_up_casting_with_no_other_new_show_is_news_of_the_show_it_names() -> None:
    """rv B4: "has also been cast in 'Spring Letter'" beside only a past work ('The Glory') made the
    past work the article's show and dropped Spring Letter's premiere date as another work's."""
    record = {"url": "https://wire.example/en/also", "title": "Lee Do-hyun Also Cast In New Netflix Series",
              "body": "Lee Do-hyun, who rose to fame with 'The Glory', has also been cast in 'Spring Letter', "
                      "joining Kim Ji-won. 'Spring Letter' will premiere on May 3.",
              "language": "en", "published_at": "2026-12-02T17:00:00+09:00"}
    analysed = analyse_article(source_for("wire", "en"), extracted(record), fetched_at=FETCHED_AT)
    assert analysed.values["event_keys"]["subject"] == ["spring letter"]
    assert str(analysed.values["premiere_date"]) == "2027-05-03"


def test_member_fields_are_the_columns_story_matching_reads() -> None:
    assert stories.Member._fields == STORY_MEMBER_COLUMNS


def test_updated_article_moves_to_the_story_of_its_new_content(sessions: sessionmaker[Session]) -> None:
    cast, other = _record("dev-ra-cast-0"), _record("dev-lt-cast-0")
    for record in (cast, other):
        with transaction(sessions) as session:
            store_article(session, analyse_article(source_for(record["outlet"], record["language"]),
                                                   extracted(record), fetched_at=FETCHED_AT))
    # the first URL now carries the other show's news: it leaves its story, which disappears
    rewritten = {**other, "url": cast["url"], "outlet": cast["outlet"]}
    with transaction(sessions) as session:
        result = store_article(session, analyse_article(source_for(cast["outlet"], cast["language"]),
                                                        extracted(rewritten), fetched_at=FETCHED_AT))
    assert result.outcome == "updated"
    with transaction(sessions) as session:
        articles = session.execute(select(Article).order_by(Article.id)).scalars().all()
        stored_stories = session.execute(select(Story)).scalars().all()
    assert len(articles) == 2 and articles[0].version == 2
    assert articles[0].story_id == articles[1].story_id
    assert [(s.article_count, s.source_count) for s in stored_stories] == [(2, 2 if cast["outlet"] != other["outlet"] else 1)]


def test_an_updated_article_alone_in_its_story_keeps_the_story_id(sessions: sessionmaker[Session]) -> None:
    """A new version of an article (an added paragraph) is the same event: its story keeps its
    id (feeds, exports and `castwire story ID` refer to it), with its keys written again."""
    record = _record("dev-ra-cast-0")
    source = source_for(record["outlet"], record["language"])
    other = _record("dev-lt-cast-0")
    with transaction(sessions) as session:
        first = store_article(session, analyse_article(source, extracted(record), fetched_at=FETCHED_AT))
        later = store_article(session, analyse_article(source_for(other["outlet"], other["language"]),
                                                       extracted(other), fetched_at=FETCHED_AT))
    edited = {**record, "body": record["body"] + "\n\nThe drama is set to begin filming next month."}
    with transaction(sessions) as session:
        second = store_article(session, analyse_article(source, extracted(edited), fetched_at=FETCHED_AT))
    assert (first.outcome, second.outcome) == ("new", "updated")
    assert second.story_id == first.story_id is not None
    with transaction(sessions) as session:
        assert sorted(session.execute(select(Story.id)).scalars().all()) == sorted([first.story_id, later.story_id])
        keys = session.execute(select(StoryKey.key).where(StoryKey.story_id == first.story_id)).scalars().all()
    assert keys and len(keys) == len(set(keys))


def test_the_writer_stores_each_article_in_its_own_transaction_and_resolves_a_source_once(
        sessions: sessionmaker[Session]) -> None:
    records = [_record("dev-ra-cast-0"), _record("dev-ra-cast-1")]
    writer = ArticleWriter(sessions)
    results = [writer.store(analyse_article(SOURCE, extracted(record), fetched_at=FETCHED_AT)) for record in records]
    assert [r.outcome for r in results] == ["new", "new"]
    with transaction(sessions) as session:
        [source_id] = session.execute(select(SourceRow.id).where(SourceRow.slug == SOURCE.slug)).scalars().all()
        stored = session.execute(select(Article.source_id).where(Article.id.in_([r.article_id for r in results])))
        assert set(stored.scalars()) == {source_id}
    assert writer.source_ids == {SOURCE.slug: source_id}
    assert writer.run(lambda session: session.get(SourceRow, source_id).slug) == SOURCE.slug


def test_next_friday_counts_from_the_day_the_article_was_written_where_it_was_written() -> None:
    """Published Monday 08:00 in Seoul (Sunday in UTC): "next Friday" is the Friday after that
    Monday's week, not after the week that Sunday ends."""
    record = {"id": "x", "outlet": "sportskorea", "language": "ko", "url": "https://sports.example/a/1",
              "published_at": "2026-12-07T08:00:00+09:00", "title": "'조용한 시간' 다음 주 금요일 첫 방송",
              "body": "JTBC 새 드라마 '조용한 시간'은 다음 주 금요일 첫 방송된다."}
    analysed = analyse_article(source_for("sportskorea", "ko"), extracted(record), fetched_at=FETCHED_AT)
    assert str(analysed.values["premiere_date"]) == "2026-12-18"


_TEASER_BODY = "俳優の高橋一生が、Netflixシリーズ『夜明けの探偵』で主演を務める。"


@pytest.mark.parametrize(("url", "canonical", "body", "full"), [
    # ORICON: a teaser whose canonical is its full article
    ("https://www.oricon.co.jp/news/2412001/", "https://www.oricon.co.jp/news/2412001/full/", _TEASER_BODY, True),
    ("https://m.oricon.co.jp/news/2412001/", "https://www.oricon.co.jp/news/2412001/full/", _TEASER_BODY, True),
    # the page is its canonical (by key: tracking parameters, "www.")
    ("https://www.oricon.co.jp/news/2412001/full/?utm_source=rss", "https://oricon.co.jp/news/2412001/full/",
     _TEASER_BODY, False),
    # a canonical on another site (a syndicated copy), or the site's front page (a template's)
    ("https://www.oricon.co.jp/news/2412001/", "https://www.example.jp/news/1/", _TEASER_BODY, False),
    ("https://www.oricon.co.jp/news/2412001/", "https://www.oricon.co.jp/", _TEASER_BODY, False),
    # a whole article under another URL is stored as it is
    ("https://www.oricon.co.jp/news/2412001/", "https://www.oricon.co.jp/news/2412001/full/", _TEASER_BODY * 20, False),
])
def test_a_teaser_names_its_canonical_as_the_article_to_store(url: str, canonical: str, body: str, full: bool) -> None:
    page = ExtractedArticle(url=url, canonical_url=canonical, title="高橋一生、主演", body=body, page_type="article")
    assert full_article_url(page, url) == (canonical if full else None)


def test_a_publication_time_ahead_of_the_fetch_is_stored_as_the_fetch_time() -> None:
    """Fetched at 01:53, the page said 03:13Z (within the two hours a wrong zone on a site is
    let through): stored as 03:13, the Atom feed's <updated> was in the future and the
    `--since last` digests made before 03:13 left the article out."""
    record = _record("dev-ra-cast-0")
    source = source_for(record["outlet"], record["language"])
    fetched = datetime(2026, 12, 7, 1, 53, tzinfo=UTC)
    page = replace(extracted(record), published_at=datetime(2026, 12, 7, 3, 13, tzinfo=UTC),
                   published_raw="2026-12-07T03:13:00Z")
    values = analyse_article(source, page, fetched_at=fetched).values
    assert (values["published_at"], values["published_raw"]) == (fetched, "2026-12-07T03:13:00Z")
    earlier = replace(page, published_at=datetime(2026, 12, 7, 1, 13, tzinfo=UTC))
    assert analyse_article(source, earlier, fetched_at=fetched).values["published_at"] == earlier.published_at


def test_two_articles_whose_template_canonical_drops_their_query_stay_two(sessions: sessionmaker[Session]) -> None:
    """?idxno=210 and ?idxno=211 both named articleView.html (no query) as their canonical: one
    record was left (the second article replaced the first), and each page was taken for a
    teaser of that canonical, which was fetched and answered 404."""
    source = Source(slug="kstarnews", name="K-Star News", homepage="https://www.kstarnews.test/", language="ko",
                    timezone="Asia/Seoul")
    template = "https://www.kstarnews.test/news/articleView.html"
    pages = [ExtractedArticle(url=f"{template}?idxno={number}", canonical_url=template, title=title, body=body,
                              page_type="article", published_at=datetime(2026, 5, 20, 1, number % 60, tzinfo=UTC))
             for number, title, body in (
                 (210, "차은우, 넷플릭스 '별의 정거장' 주연 캐스팅",
                  "차은우가 넷플릭스 새 시리즈 '별의 정거장'의 주인공으로 캐스팅됐다.\n\n작품은 우주 정거장에서 일하는 정비사와 "
                  "지구에 남은 가족의 이야기를 그린 SF 가족극이다."),
                 (211, "김혜수, SBS '마지막 재판' 출연 확정",
                  "배우 김혜수가 SBS 새 금토드라마 '마지막 재판'에 출연한다.\n\n'마지막 재판'은 정년을 앞둔 대법관이 마지막으로 "
                  "맡은 사건을 통해 사법부의 민낯을 그리는 법정 드라마다."))]
    assert [full_article_url(page, page.url) for page in pages] == [None, None]  # not teasers of the template's URL
    with transaction(sessions) as session:
        stored = [store_article(session, analyse_article(source, page, fetched_at=FETCHED_AT)) for page in pages]
        assert [result.outcome for result in stored] == ["new", "new"]
        rows = session.execute(select(Article.url_key, Article.title).order_by(Article.id)).all()
    assert [key for key, _ in rows] == ["kstarnews.test/news/articleView.html?idxno=210",
                                        "kstarnews.test/news/articleView.html?idxno=211"]


_A8 = ["Jun Ji-hyun will return to television in the political thriller 'The Seventh Floor', playing a presidential "
       "spokesperson who leaks a secret to save her brother.",
       "The series comes from the team behind a hit legal drama and will air on JTBC later this year, the production "
       "company said.",
       "Her co-star is Ji Chang-wook, who plays a journalist from a small online outlet who receives the leak and "
       "cannot decide whether to publish it.",
       "Jun has mostly appeared in films in recent years, and the drama marks her first leading television role in "
       "three years."]


def test_an_article_moved_or_given_a_new_canonical_follows_its_new_address(sessions: sessionmaker[Session]) -> None:
    """An outlet moved its article to a new URL with a corrected headline: the new page was stored
    as a copy of the old; a page moved with the same headline left the record at its old, now
    redirecting, URL (never checked again, so its feed date always looked newer: fetched on every
    crawl), dropped its new modified time, and an edit at the new URL became a copy, not a version."""
    source = Source(slug="dramawire", name="Drama Wire", homepage="https://www.dramawire.test/", language="en",
                    timezone="UTC")
    old, new, newer = (f"https://www.dramawire.test/2026/05/{slug}/"
                       for slug in ("jun-ji-hyun-thriller-network", "jun-ji-hyun-thriller-tvn", "seventh-floor-tvn"))
    published = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
    first = ExtractedArticle(url=old, canonical_url=old, page_type="article", published_at=published,
                             title="Jun Ji-hyun Signs On for Political Thriller 'The Seventh Floor'",
                             body="\n\n".join(_A8), modified_raw="2026-05-20T09:00:00+00:00")
    fetches = [datetime(2026, 5, 20, 10, tzinfo=UTC), datetime(2026, 5, 21, 10, tzinfo=UTC),
               datetime(2026, 5, 22, 10, tzinfo=UTC), datetime(2026, 5, 23, 10, tzinfo=UTC)]

    def row(session: Session) -> tuple:
        return session.execute(select(Article.id, Article.url_key, Article.canonical_url, Article.title,
                                      Article.version, Article.previous_hash, Article.content_hash,
                                      Article.checked_at, Article.duplicate_of_id)).one()

    with transaction(sessions) as session:
        stored = store_article(session, analyse_article(source, first, fetched_at=fetches[0]))
        v1 = row(session)
    # moved, the headline corrected (the feed and sitemap list the new URL: the crawl never meets the redirect)
    moved = replace(first, url=new, canonical_url=new, modified_raw="2026-05-21T09:00:00+00:00",
                    title="Jun Ji-hyun Signs On for tvN Political Thriller 'The Seventh Floor'")
    with transaction(sessions) as session:
        result = store_article(session, analyse_article(source, moved, fetched_at=fetches[1]))
        v2 = row(session)
        assert known_url_checks(session, [canonical_url_key(old)]) == {canonical_url_key(old): fetches[1]}
    assert (result.article_id, result.outcome, result.duplicate_of) == (stored.article_id, "updated", None)
    assert v2.url_key == canonical_url_key(new) and v2.canonical_url == new and v2.title == moved.title
    assert (v2.version, v2.previous_hash, v2.checked_at) == (2, v1.content_hash, fetches[1])
    # edited at its new URL: a version of the same article, not a copy
    edited = replace(moved, body=moved.body + "\n\nCorrection: 'The Seventh Floor' will air on tvN, not JTBC.",
                     modified_raw="2026-05-22T09:00:00+00:00")
    with transaction(sessions) as session:
        result = store_article(session, analyse_article(source, edited, fetched_at=fetches[2]))
        v3 = row(session)
    assert (result.article_id, result.outcome, v3.version, v3.previous_hash) == (
        stored.article_id, "updated", 3, v2.content_hash)
    # a new canonical, nothing else changed, met through the old URL: the address follows, it is marked checked
    canonical = replace(edited, canonical_url=newer)
    with transaction(sessions) as session:
        result = store_article(session, analyse_article(source, canonical, fetched_at=fetches[3], requested_url=old))
        v4 = row(session)
    assert (result.article_id, result.outcome) == (stored.article_id, "unchanged")
    assert (v4.url_key, v4.version, v4.checked_at, v4.duplicate_of_id) == (
        canonical_url_key(newer), 3, fetches[3], None)


def test_a_page_reached_from_an_articles_address_is_that_article(sessions: sessionmaker[Session]) -> None:
    """The crawl followed the stored article's URL and was redirected to a new one whose page was
    rewritten (new headline, new text, a later time): the outlet's own article, moved."""
    source = Source(slug="geinoutimes", name="Geinou Times", homepage="https://www.geinoutimes.test/", language="ja",
                    timezone="Asia/Tokyo")
    old, new = "https://www.geinoutimes.test/news/20260520/a008/", "https://www.geinoutimes.test/news/20260521/b101/"
    first = ExtractedArticle(url=old, canonical_url=old, page_type="article", title="山崎賢人、ディズニープラス『忍びの街』で主演",
                             published_at=datetime(2026, 5, 20, 1, tzinfo=UTC),
                             body="山崎賢人が、ディズニープラスのオリジナルシリーズ『忍びの街』で主演することが明らかになった。")
    rewritten = replace(first, url=new, canonical_url=new, title="『忍びの街』山崎賢人の共演に浜辺美波",
                        published_at=datetime(2026, 5, 21, 1, tzinfo=UTC),
                        body="ディズニープラスの『忍びの街』に浜辺美波の出演が決まり、主演の山崎賢人と初共演する。")
    with transaction(sessions) as session:
        stored = store_article(session, analyse_article(source, first, fetched_at=FETCHED_AT))
        result = store_article(session, analyse_article(source, rewritten, fetched_at=FETCHED_AT, requested_url=old))
        rows = session.execute(select(Article.id, Article.url_key, Article.version)).all()
    assert (result.article_id, result.outcome) == (stored.article_id, "updated")
    assert rows == [(stored.article_id, canonical_url_key(new), 2)]
