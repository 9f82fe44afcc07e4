"""Stories: one per event whatever the outlet, wording, language or arrival order."""

from __future__ import annotations

import random
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from db_fixtures import (
    expected_originals,
    ingest_record,
    ingest_records,
    load_records,
    partition,
    stored,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline import stories
from pipeline.entities import find_entities, person_key
from storage.db import transaction
from storage.models import Article, Story
from storage.retry import run_in_transaction

#: The Romantics Anonymous saga (casting; 18 months later release date, trailer, reviews),
#: the same actress cast in another show that week, and a Korean-Japanese co-production.
SAGA = ("ra-cast", "ra-release", "ra-trailer", "ra-review-1", "ra-review-2", "ra-review-3",
        "lt-cast", "tc-cast")


def _events(*events: str) -> list[dict]:
    return [r for r in load_records("dev") if r["event"] in events]


def _stories_of(sessions: sessionmaker[Session], records: list[dict]) -> frozenset[frozenset[str]]:
    where = stored(sessions, ingest_records(sessions, records))
    return partition({rid: w.story_id for rid, w in where.items()})


def _labels(records: list[dict]) -> frozenset[frozenset[str]]:
    return partition({r["id"]: r["event"] for r in records})


def test_saga_gives_one_story_per_event(sessions: sessionmaker[Session]) -> None:
    records = _events(*SAGA)
    assert _stories_of(sessions, records) == _labels(records)


@pytest.mark.parametrize("seed", [1, 2])
def test_shuffled_order_gives_the_same_stories(sessions: sessionmaker[Session], seed: int) -> None:
    records = _events(*SAGA, "ms-cast", "ms-addcast")
    random.Random(seed).shuffle(records)
    assert _stories_of(sessions, records) == _labels(records)


def test_reverse_order_gives_the_same_stories(sessions: sessionmaker[Session]) -> None:
    records = _events("ms-cast", "ms-addcast", "ms-release", "ms-trailer")
    assert _stories_of(sessions, list(reversed(records))) == _partition_in_file_order(records)


def _partition_in_file_order(records: list[dict]) -> frozenset[frozenset[str]]:
    import tempfile

    from storage.db import open_database, session_factory

    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{folder}/t.sqlite")
        found = _stories_of(session_factory(engine), records)
        engine.dispose()
    return found


def test_same_show_later_event_is_a_new_story(sessions: sessionmaker[Session]) -> None:
    records = _events("ms-cast", "ms-addcast", "ms-release", "ms-trailer")
    event_of = {r["id"]: r["event"] for r in records}
    found = _stories_of(sessions, records)
    assert all(len({event_of[rid] for rid in story}) == 1 for story in found)
    assert len(found) >= 4


def test_same_actor_in_another_show_is_a_new_story(sessions: sessionmaker[Session]) -> None:
    records = _events("ra-cast", "lt-cast")  # Han Hyo-joo, two shows, two days apart
    assert _stories_of(sessions, records) == _labels(records)


def test_a_japanese_report_writing_korean_actors_in_katakana_joins_their_story(
        sessions: sessionmaker[Session]) -> None:
    """The English, Korean and Japanese reports of one casting (three scripts, three titles):
    before, the Japanese one stayed a story of its own, its cast a third person beside
    "Park Ji-hoon" and "박지훈"."""
    def record(ident: str, language: str, published: str, title: str, body: str) -> dict:
        return {"id": ident, "event": "courier", "outlet": ident, "language": language, "published_at": published,
                "url": f"https://{ident}.example/moonlight", "title": title, "body": body}

    records = [
        record("hanstar", "en", "2026-12-06T09:00:00+09:00",
               'Park Ji-hoon and Kim Se-ra cast in tvN drama "Moonlight Courier"',
               'Park Ji-hoon and Kim Se-ra have been cast as the leads of tvN\'s new drama "Moonlight Courier", '
               "a romantic comedy about a night courier and a lonely webtoon artist."),
        record("kstar", "ko", "2026-12-06T10:00:00+09:00", "박지훈·김세라, tvN 새 드라마 '문라이트 쿠리어' 주연 캐스팅 확정",
               "배우 박지훈과 김세라가 tvN 새 드라마 '문라이트 쿠리어'의 주인공으로 캐스팅됐다고 6일 tvN이 밝혔다."),
        record("dorama", "ja", "2026-12-06T11:00:00+09:00",
               "パク・ジフン×キム・セラ、tvN新ドラマ「ムーンライト・クーリエ」で主演に決定",
               "韓国の俳優パク・ジフンとキム・セラが、tvNの新ドラマ「ムーンライト・クーリエ」に主演として出演することが6日、発表された。"),
    ]
    assert _stories_of(sessions, records) == _labels(records)
    with transaction(sessions) as session:
        (story,) = session.execute(select(Story)).scalars().all()
    assert story.people == ["Park Ji-hoon", "Kim Se-ra"]  # once each, as the Latin report spells them


def test_a_korean_and_a_japanese_report_of_one_event_join_without_an_english_one(
        sessions: sessionmaker[Session]) -> None:
    """A Korean title and its Japanese translation were both "CJK" and so two shows: the
    reports stayed apart unless an English one linked them."""
    def record(ident: str, language: str, published: str, title: str, body: str) -> dict:
        return {"id": ident, "event": "alley", "outlet": ident, "language": language, "published_at": published,
                "url": f"https://{ident}.example/alley", "title": title, "body": body}

    records = [
        record("kdnews", "ko", "2026-12-03T11:00:00+09:00", "박서준·한소희 주연 '밝은 골목', 시즌2 제작 확정",
               "SBS 드라마 '밝은 골목'이 시즌2 제작을 확정했다. 박서준과 한소희가 다시 주연을 맡는다."),
        record("dorapress", "ja", "2026-12-03T19:00:00+09:00", "パク・ソジュン＆ハン・ソヒ主演「明るい路地」シーズン2制作決定",
               "SBSドラマ「明るい路地」のシーズン2制作が決定した。パク・ソジュンとハン・ソヒが続投する。"),
    ]
    assert _stories_of(sessions, records) == _labels(records)


def _report(ident: str, event: str, language: str, published: str, title: str, body: str) -> dict:
    """A labelled report; ``ident`` names its outlet before any "-" ("hanbit-adapt" is hanbit's)."""
    return {"id": ident, "event": event, "outlet": ident.split("-")[0], "language": language,
            "published_at": published, "url": f"https://{ident}.example/{event}", "title": title, "body": body}


#: One casting reported in English and in Japanese, its cast written in Latin letters and in
#: katakana (Western actors) or kanji (Japanese actors whose given names UniDic misreads:
#: 颯太 "fuuta", 遥斗 "haruka to"); and a report of another cast the same day, on the same
#: network, whose names sound close (悠斗 is Yuto, and may be Haruto)
ACROSS_SCRIPTS = [
    [_report("variety", "harbor", "en", "2026-12-05T09:00:00-08:00",
             "Nora Whitfield and Daniel Kessler to lead Netflix series 'Midnight Harbor'",
             "Nora Whitfield and Daniel Kessler have been cast as the leads of Netflix's new series "
             "'Midnight Harbor', the streamer announced."),
     _report("eiga", "harbor", "ja", "2026-12-06T10:00:00+09:00",
             "ノラ・ホイットフィールド×ダニエル・ケスラー、Netflixシリーズ『ミッドナイト・ハーバー』に主演決定",
             "米女優ノラ・ホイットフィールドと英俳優ダニエル・ケスラーが、Netflixの新シリーズ『ミッドナイト・ハーバー』に"
             "主演することが5日、発表された。"),
     _report("cinema", "other", "ja", "2026-12-06T12:00:00+09:00",
             "ノラ・ホイットマン×ダニエル・ケラー、Netflix映画『白い灯台』で主演",
             "ノラ・ホイットマンとダニエル・ケラーが、Netflix映画『白い灯台』に主演することが6日、発表された。")],
    [_report("jpwire", "port", "en", "2026-12-05T10:00:00+09:00",
             "Sota Takeda and Haruto Sato to co-lead Fuji TV drama 'Blue Harbor'",
             "Sota Takeda and Haruto Sato will co-star in Fuji TV's new Monday drama 'Blue Harbor', "
             "the network announced."),
     _report("oricon", "port", "ja", "2026-12-05T08:00:00+09:00",
             "竹田颯太＆佐藤遥斗、フジテレビ系月9ドラマ『青い港』でW主演",
             "俳優の竹田颯太と佐藤遥斗が、フジテレビ系月9ドラマ『青い港』でダブル主演を務めることが5日、分かった。"),
     _report("mantan", "other", "ja", "2026-12-05T12:00:00+09:00",
             "竹田健太＆佐藤悠斗、フジテレビ系ドラマ『夜の駅』で主演",
             "俳優の竹田健太と佐藤悠斗が、フジテレビ系ドラマ『夜の駅』でダブル主演を務めることが5日、分かった。")],
]


@pytest.mark.parametrize("records", ACROSS_SCRIPTS, ids=["katakana", "kanji"])
def test_an_english_and_a_japanese_report_of_one_casting_are_one_story(
        sessions: sessionmaker[Session], records: list[dict]) -> None:
    """They stayed two stories: the Japanese one's cast (ノラ・ホイットフィールド, 竹田颯太) was
    nobody the English one named. Another cast whose names sound close stays apart."""
    assert _stories_of(sessions, records) == _labels(records)
    with transaction(sessions) as session:
        people = [s.people for s in session.execute(select(Story)).scalars() if len(s.people) == 2]
    english = next(r for r in records if r["language"] == "en")
    assert [english["title"].split(" and ")[0], english["title"].split(" and ")[1].split(" to ")[0]] in people


def test_names_that_sound_alike_in_latin_letters_are_not_one_person(sessions: sessionmaker[Session]) -> None:
    """The loose key that meets a katakana spelling is not a person's key between Latin
    spellings: Emma Stone and Amy Stone, Ryan Gosling and Ron Gosling are four people."""
    records = [
        _report("trades", "one", "en", "2026-12-05T09:00:00-08:00", "Emma Stone and Ryan Gosling reunite for Netflix",
                "Emma Stone and Ryan Gosling will reunite for a new Netflix romantic comedy, sources say."),
        _report("gossip", "two", "en", "2026-12-06T09:00:00-08:00", "Amy Stone and Ron Gosling join Netflix comedy",
                "Amy Stone and Ron Gosling have joined a Netflix comedy, the streamer said."),
    ]
    assert _stories_of(sessions, records) == _labels(records)


def test_a_teaser_days_after_the_premiere_date_is_a_story_of_its_own(sessions: sessionmaker[Session]) -> None:
    """A poster that comes with the premiere date joins the date's story; a teaser three days
    later that repeats the date joined it too (and with it every later teaser, poster and
    trailer of the show within ten days), so the digest of the teaser's day showed only the
    old date news."""
    def record(ident: str, event: str, published: str, title: str, body: str) -> dict:
        return {"id": ident, "event": event, "outlet": ident, "language": "en", "published_at": published,
                "url": f"https://{ident}.example/{event}", "title": title, "body": body}

    records = [
        record("pulse", "date", "2026-12-03T09:00:00+09:00", "“Moonlit Pharmacy” sets February 7 premiere on tvN",
               "tvN's new drama “Moonlit Pharmacy”, starring Kim Ji-won and Lee Do-hyun, premieres February 7."),
        record("wire", "date", "2026-12-03T15:00:00+09:00",
               "‘Moonlit Pharmacy’ drops first poster, confirms February 7 premiere",
               "tvN confirmed that “Moonlit Pharmacy” will premiere on February 7, 2027, with a poster of "
               "Kim Ji-won and Lee Do-hyun."),
        record("note", "teaser", "2026-12-06T10:00:00+09:00", "Watch: first teaser for “Moonlit Pharmacy”",
               "tvN released the first teaser for “Moonlit Pharmacy” ahead of its February 7 premiere. "
               "Kim Ji-won and Lee Do-hyun star."),
        record("drama", "teaser", "2026-12-06T12:00:00+09:00", "‘Moonlit Pharmacy’ teaser: Kim Ji-won after midnight",
               "The teaser trailer of tvN's “Moonlit Pharmacy” shows Kim Ji-won and Lee Do-hyun in the pharmacy."),
    ]
    assert _stories_of(sessions, records) == _labels(records)


def test_a_platform_after_his_or_her_is_another_work_named_in_passing() -> None:
    """"a day after his JTBC news": the article is about the Netflix series only; JTBC counted
    as its platform too, which folded his JTBC show's story into this one."""
    from pipeline.entities import find_entities

    title = 'Lee Jun-ho also lands Netflix series "Winter Relay"'
    body = ('Just a day after his JTBC news, Lee Jun-ho has also been cast in the Netflix series "Winter Relay" '
            "opposite Kim Hye-yoon.")
    keys = stories.event_keys(find_entities(title, body, "en"), title, body)
    assert (list(keys["platforms"]), list(keys["passing_platforms"])) == (["netflix"], ["jtbc"])


@pytest.mark.parametrize(("language", "title", "body", "platforms", "passing"), [
    ("ko", "배우 윤시우, 내년 4월 결혼",  # the show she debuted in is an earlier work, its network in passing
     "배우 윤시우가 결혼한다.\n\n2015년 KBS 2TV '학교 2015'로 데뷔한 윤시우는 현재 tvN 새 드라마 '바람의 정원' 촬영에 한창이다.",
     ["tvn"], ["kbs"]),
    ("en", "Han Ji-min to marry in April",
     "Han Ji-min will marry in April.\n\nShe debuted in KBS drama 'School 2015' and is now filming tvN's 'Wind Garden'.",
     ["tvn"], ["kbs"]),
    ("ja", "『路地裏のシェフ2』制作決定",  # "FODでの独占配信も決定": where the show streams too
     "フジテレビ系ドラマ『路地裏のシェフ2』の制作が決定した。\n\n主演は引き続き山田孝之。\n\nまた、FODでの独占配信も決定しております。",
     ["fuji_tv", "fod"], []),
])
def test_where_the_show_is_and_platforms_named_in_passing(
        language: str, title: str, body: str, platforms: list[str], passing: list[str]) -> None:
    from pipeline.entities import find_entities

    keys = stories.event_keys(find_entities(title, body, language), title, body)
    assert (sorted(keys["platforms"]), sorted(keys["passing_platforms"])) == (sorted(platforms), sorted(passing))


@pytest.mark.parametrize(("language", "title", "body", "platforms"), [
    ("en", "‘Summer at Hanok Inn’ Moves From KBS to TVING, Sets March Premiere",
     "Korean romantic comedy “Summer at Hanok Inn,” originally produced for public broadcaster KBS, will instead "
     "premiere on streamer TVING in March 2027.\n\nKBS dropped the show from its schedule after a budget review.",
     ["tving"]),
    ("en", "“Summer At Hanok Inn” Starring Lee Jun Seo To Premiere On TVING In March",
     "“Summer at Hanok Inn” has found a new home!\n\nOn December 4, TVING confirmed that the romantic comedy will "
     "premiere exclusively on the platform in March 2027.\n\nThe drama was originally set to air on KBS2.",
     ["tving"]),
    ("en", "Korean Rom-Com ‘Summer at Hanok Inn’ Lands at TVING After KBS Exit",
     "“Summer at Hanok Inn” is switching homes.\n\nThe Korean romantic comedy will launch on TVING in March "
     "after KBS passed on it.", ["tving"]),
    ("en", "‘Summer at Hanok Inn’ leaves KBS for TVING", "The romantic comedy will premiere on TVING in March.",
     ["tving"]),
    ("ko", "'한옥 여관의 여름', KBS에서 티빙으로 편성 변경",
     "드라마 '한옥 여관의 여름'이 KBS에서 티빙으로 편성을 옮겨 내년 3월 공개된다.", ["tving"]),
    ("ja", "『韓屋旅館の夏』、KBSからTVINGへ",
     "韓国ドラマ『韓屋旅館の夏』がKBSからTVINGへ移籍し、来年3月に配信される。", ["tving"]),
])
def test_the_network_a_show_leaves_is_not_its_platform(language: str, title: str, body: str,
                                                       platforms: list[str]) -> None:
    """"Moves from KBS to TVING", "originally produced for KBS": KBS was listed as the show's
    platform beside TVING."""
    from pipeline.entities import find_entities

    keys = stories.event_keys(find_entities(title, body, language), title, body)
    assert sorted(keys["platforms"]) == platforms
    assert "kbs" in keys["passing_platforms"]


@pytest.mark.parametrize(("language", "title", "body", "platforms"), [
    # another version's platform, in a clause hung on the sentence: in passing
    ("en", "‘Attorney at Midnight’ Renewed for Season 2 at tvN",
     "Korean network tvN has renewed Attorney at Midnight for a second season, days after CBS ordered a U.S. remake.",
     ["tvn"]),
    ("en", "‘Attorney at Midnight’ to Return", "Attorney at Midnight will return on tvN for a second season, as CBS "
     "develops its American version.", ["tvn"]),
    ("ko", "'야간 변호사' 시즌2 제작 확정",
     "tvN 드라마 '야간 변호사'가 시즌2 제작을 확정했다. 미국 CBS가 리메이크를 확정한 데 이어 겹경사다.", ["tvn"]),
    ("ja", "「夜の弁護士」シーズン2決定",
     "tvNのドラマ「夜の弁護士」のシーズン2制作が決定した。米CBSがリメイクを発表したのに続き、続編も決まった。", ["tvn"]),
    # the remake's own news: its platform is the article's
    ("en", "CBS Orders ‘Night Lawyer’, U.S. Remake Of Korean Drama ‘Attorney At Midnight’",
     "CBS has given a straight-to-series order to Night Lawyer, an American adaptation of the Korean legal drama "
     "Attorney at Midnight.\n\nThe original series aired on tvN in 2025.", ["cbs"]),
    ("en", "‘Attorney at Midnight’ Gets a U.S. Remake", "CBS has ordered a U.S. remake of Attorney at Midnight, "
     "which aired on tvN in 2025.", ["cbs", "tvn"]),
    ("en", "Sophia Bush to Lead ‘Night Lawyer’", "Sophia Bush will lead Night Lawyer, weeks after CBS ordered "
     "an American remake of tvN's Attorney at Midnight.", ["cbs"]),
    ("ko", "미국 CBS, '야간 변호사' 리메이크 확정", "미국 CBS가 tvN 드라마 '야간 변호사'의 리메이크를 확정했다.",
     ["cbs", "tvn"]),
])
def test_the_platform_of_another_version_is_named_in_passing(language: str, title: str, body: str,
                                                             platforms: list[str]) -> None:
    """"renewed at tvN, days after CBS ordered a U.S. remake": CBS was the renewed show's
    platform too (its story showed "tvN, CBS")."""
    from pipeline.entities import find_entities

    keys = stories.event_keys(find_entities(title, body, language), title, body)
    assert sorted(keys["platforms"]) == platforms


def test_an_actors_next_show_on_the_same_platform_a_week_later_stays_apart_across_scripts(
        sessions: sessionmaker[Session]) -> None:
    """One actor and one platform link reports in two scripts only when they come within days:
    "Kim Ji-won cast in Netflix's 'Cloud Bakery'" joined, and renamed, the story of her Netflix
    "유리 과수원" of ten days before."""
    orchard = {"id": "ko-orchard", "event": "orchard", "outlet": "kdnews", "language": "ko",
               "published_at": "2026-11-25T10:30:00+09:00", "url": "https://kdnews.example/orchard",
               "title": "김지원·정해인, 넷플릭스 '유리 과수원' 주연 확정",
               "body": "배우 김지원과 정해인이 넷플릭스 새 시리즈 '유리 과수원'에 캐스팅됐다."}
    bakery = {"id": "en-bakery", "event": "bakery", "outlet": "hallyuwire", "language": "en",
              "published_at": "2026-12-05T09:00:00+09:00", "url": "https://hallyuwire.example/bakery",
              "title": "Kim Ji-won cast in Netflix's 'Cloud Bakery'",
              "body": "Kim Ji-won has been cast in the Netflix series 'Cloud Bakery', Netflix confirmed."}
    assert _stories_of(sessions, [orchard, bakery]) == _labels([orchard, bakery])


def test_an_actors_next_show_on_another_platform_is_not_folded_into_a_story_titled_in_another_script(
        sessions: sessionmaker[Session]) -> None:
    """A Korean report of a Disney+ casting, and the next day an English one of the same actor's
    Netflix casting that recalls the Disney+ one: the titles cannot be compared (Hangul and
    Latin), both name Kim Soo-hyun and Park Eun-bin, but their platforms differ."""
    mother = {"id": "ko-mother", "event": "mother", "outlet": "sportskorea", "language": "ko",
              "published_at": "2026-12-03T10:15:00+09:00", "url": "https://sports.example/article/1",
              "title": "김수현·박은빈, 디즈니+ 드라마 '마더' 주연",
              "body": "배우 김수현과 박은빈이 디즈니+ 새 오리지널 시리즈 '마더'의 주연으로 나선다.\n\n"
                      "3일 디즈니+에 따르면 '마더'는 실종된 딸을 찾아 나선 어머니의 이야기를 그린다."}
    flight = {"id": "en-flight", "event": "flight", "outlet": "deadline", "language": "en",
              "published_at": "2026-12-04T10:30:00-08:00", "url": "https://deadline.example/night-flight",
              "title": "Netflix Sets 'Queen Of Tears' Star Kim Soo-hyun For Korean Thriller Series 'Night Flight'",
              "body": "EXCLUSIVE: Netflix has set Queen of Tears star Kim Soo-hyun to lead Night Flight, a "
                      "Korean-language thriller series.\n\nThe series follows a pilot who must land a hijacked "
                      "plane in a storm.\n\nThe casting comes a day after Kim signed on for Disney+'s Mother "
                      "opposite Park Eun-bin."}
    assert _stories_of(sessions, [mother, flight]) == _labels([mother, flight])


#: A Korean and an English report of one casting: 'Blue Dawn' (푸른 새벽), Park Ji-hoon and Kim Se-ra.
BLUE_DAWN = [
    _report("kdnews", "dawn", "ko", "2026-12-08T10:00:00+09:00", "박지훈·김세라, 넷플릭스 '푸른 새벽' 주연 확정",
                 "배우 박지훈과 김세라가 넷플릭스 새 드라마 '푸른 새벽'의 주인공으로 캐스팅됐다고 8일 밝혔다."),
    _report("hallyuwire", "dawn", "en", "2026-12-08T12:00:00+09:00",
                 'Park Ji-hoon and Kim Se-ra to lead Netflix drama "Blue Dawn"',
                 'Park Ji-hoon and Kim Se-ra will star in Netflix\'s new drama "Blue Dawn", Netflix said on Monday.'),
]


def test_people_named_in_passing_do_not_join_a_story_titled_in_another_script(
        sessions: sessionmaker[Session]) -> None:
    """Another show's casting that recalls the Blue Dawn pair in passing is news of its own: the
    titles cannot be compared (Hangul and Latin), and the two people it shares with the Korean
    report are not the people it is about (tR: one such link chained 112 reports of a dozen
    shows into one story)."""
    orchard = _report(
        "dramabeat", "orchard", "en", "2026-12-09T09:00:00+09:00",
        'Han Hyo-joo and Lee Jun-ho cast in Netflix series "Glass Orchard"',
        'Han Hyo-joo and Lee Jun-ho have been cast as the leads of Netflix\'s "Glass Orchard", a thriller '
        "about two sisters who inherit a failing orchard.\n\nFilming starts in the spring.\n\n"
        "The roles had first been offered to Park Ji-hoon and Kim Se-ra, who chose another project.")
    records = [*BLUE_DAWN, orchard]
    assert _stories_of(sessions, records) == _labels(records)
    found = find_entities(orchard["title"], orchard["body"], "en")
    passing = stories.event_keys(found, orchard["title"], orchard["body"])["passing_people"]
    assert {person_key("Park Ji-hoon"), person_key("Kim Se-ra")} <= set(passing)
    assert person_key("Han Hyo-joo") not in passing


def test_two_of_the_many_people_two_ensembles_name_do_not_make_one_story(sessions: sessionmaker[Session]) -> None:
    """Two ensemble castings in two scripts the same week share two actors of the five each names:
    two of five are not the people both are about (the same actors are often in two projects)."""
    dawn = _report("kdnews", "dawn", "ko", "2026-12-08T10:00:00+09:00", "넷플릭스 '푸른 새벽' 캐스팅 확정",
                        "배우 박지훈, 김세라, 한효주, 이준호, 정해인이 넷플릭스 새 드라마 '푸른 새벽'에 출연한다고 8일 밝혔다.")
    orchard = _report("dramabeat", "orchard", "en", "2026-12-09T09:00:00+09:00",
                           'Netflix sets the cast of "Glass Orchard"',
                           'Han Hyo-joo, Lee Jun-ho, Kim Ji-won, Jung So-min and Go Youn-jung will star in '
                           'Netflix\'s "Glass Orchard", Netflix said on Tuesday.')
    assert _stories_of(sessions, [dawn, orchard]) == _labels([dawn, orchard])


def test_a_lead_only_report_joins_the_ensemble_report_of_its_casting_in_another_script(
        sessions: sessionmaker[Session]) -> None:
    """rv B6: an English headline naming the lead only and a Korean report naming the lead and two
    co-stars, on one platform within a day, are one casting: one shared person and a shared
    platform link them, however many people the other names (the half rule is for two shared people)."""
    dawn = _report("kdnews", "dawn", "ko", "2026-12-08T10:00:00+09:00", "박지훈·김세라·정해인, 넷플릭스 '푸른 새벽' 출연 확정",
                        "배우 박지훈, 김세라, 정해인이 넷플릭스 새 드라마 '푸른 새벽'에 출연한다고 8일 밝혔다.")
    lead = _report("hallyuwire", "dawn", "en", "2026-12-08T12:00:00+09:00", 'Park Ji-hoon to lead Netflix drama "Blue Dawn"',
                        'Park Ji-hoon will star in Netflix\'s new drama "Blue Dawn", Netflix said on Monday.')
    assert _stories_of(sessions, [dawn, lead]) == _labels([dawn, lead])


def test_the_same_pair_premiering_another_month_in_another_script_is_another_show(
        sessions: sessionmaker[Session]) -> None:
    """The same two actors in two shows, reported in two scripts with two premiere months: two
    events (a premiere date that disagrees refutes the people the reports share)."""
    dawn = [
        _report("kdnews", "dawn", "ko", "2026-12-08T10:00:00+09:00", "박지훈·김세라 '푸른 새벽', 3월 넷플릭스 공개",
                     "배우 박지훈과 김세라가 주연을 맡은 넷플릭스 드라마 '푸른 새벽'이 3월 공개된다고 8일 밝혔다."),
        _report("hallyuwire", "dawn", "en", "2026-12-08T12:00:00+09:00",
                     'Park Ji-hoon and Kim Se-ra\'s "Blue Dawn" to premiere on Netflix in March',
                     'Netflix\'s "Blue Dawn", starring Park Ji-hoon and Kim Se-ra, will premiere in March.'),
    ]
    letters = _report("dramabeat", "letters", "en", "2026-12-09T09:00:00+09:00",
                           'Park Ji-hoon and Kim Se-ra\'s "Winter Letters" to premiere on Netflix in June',
                           'Netflix\'s "Winter Letters", starring Park Ji-hoon and Kim Se-ra, will premiere in June.')
    records = [*dawn, letters]
    assert _stories_of(sessions, records) == _labels(records)


def test_a_show_named_after_the_subject_in_a_sentence_is_not_its_translation() -> None:
    """"《마더》는 '더 글로리'의 안길호 감독과…": the director's earlier work, not a second title of
    the show; "'로맨틱 어나니머스'(Romantics Anonymous)" is one."""
    from pipeline.entities import find_entities

    cases = [("김수현·박은빈, 디즈니+ 새 시리즈 《마더》 캐스팅",
              "《마더》는 '더 글로리'의 안길호 감독과 노희경 작가가 의기투합한 작품이다.", ["마더"]),
             ("한효주, 넷플릭스 '로맨틱 어나니머스' 주연", "넷플릭스 '로맨틱 어나니머스'(Romantics Anonymous)에 출연한다.",
              ["romantic anonymous", "로맨틱어나니머스"]),
             # the headline names the writer by an earlier work: the new show is the one in the body
             ("JTBC '나의 해방일지' 박해영 작가 신작, 손석구 주연 확정",
              "배우 손석구가 박해영 작가의 신작 '겨울 정거장'(가제) 주연을 맡는다.", ["겨울정거장"])]
    for title, body, subject in cases:
        assert stories.event_keys(find_entities(title, body, "ko"), title, body)["subject"] == subject


def test_a_show_whose_title_is_part_of_the_headlines_title_is_not_its_subject() -> None:
    """"『オオカミの告白』出演メンバー解禁": the headline names オオカミの告白; that オオカミ, a show
    the body names, is written inside it does not make オオカミ a subject too."""
    from pipeline.entities import find_entities, show_key

    title = "新恋愛リアリティーショー『オオカミの告白』出演メンバー解禁"
    body = "ABEMAの新恋愛リアリティーショー『オオカミの告白』が12月20日に配信開始。前作『オオカミ』に続く新シリーズ。"
    keys = stories.event_keys(find_entities(title, body, "ja"), title, body)
    assert keys["subject"] == [show_key("オオカミの告白")]


#: A casting in one show and its actress leaving another a week later: each report names the
#: other show in passing ("currently starring in JTBC's 'Harbor of Glass'", "her upcoming
#: Netflix series 'The Last Lantern'").
LANTERN_AND_HARBOR = [
    _report("soompish-cast", "lantern", "en", "2026-11-20T22:40:00+00:00",
            "Park Seo Joon And Kim Ha Yoon Confirmed For Netflix Thriller “The Last Lantern”",
            "Park Seo Joon and Kim Ha Yoon will star in the new Netflix series “The Last Lantern”!\n\n"
            "On November 21 KST, Netflix confirmed the casting of Park Seo Joon and Kim Ha Yoon in the upcoming "
            "thriller drama.\n\nKim Ha Yoon is currently starring in JTBC’s “Harbor of Glass.”"),
    _report("sportsk-cast", "lantern", "ko", "2026-11-21T10:00:00+09:00",
            "박서준·김하윤, 넷플릭스 '마지막 등불' 주연 확정",
            "배우 박서준과 김하윤이 넷플릭스 새 시리즈 '마지막 등불'(The Last Lantern)의 주인공으로 나선다.\n\n"
            "박서준은 선장 도한 역을, 김하윤은 수사관 서연 역을 맡는다. 김하윤은 현재 JTBC 드라마 '유리의 항구'에 출연 중이다."),
    _report("soompish-exit", "harbor", "en", "2026-11-28T05:10:00+00:00",
            "Kim Ha Yoon To Exit “Harbor Of Glass”; Seo Eun Bi To Take Over Role",
            "Kim Ha Yoon will be leaving JTBC’s “Harbor of Glass.”\n\nOn November 28, her agency Prain TPC "
            "announced that Kim Ha Yoon will exit the drama due to a scheduling conflict with her upcoming "
            "Netflix series “The Last Lantern.”\n\nSeo Eun Bi has been cast to take over the role of harbor "
            "pilot Yoo Jin from episode 11."),
    _report("jadaily-exit", "harbor", "en", "2026-11-28T17:30:00+09:00",
            "Kim Ha-yoon leaves JTBC's 'Harbor of Glass' midseason",
            "Actor Kim Ha-yoon is leaving the JTBC drama “Harbor of Glass” midway through its run, her agency "
            "said Friday, citing a clash with the filming schedule of another project.\n\n"
            "Seo Eun-bi will replace her from episode 11."),
    _report("sportsk-exit", "harbor", "ko", "2026-11-28T15:00:00+09:00",
            "김하윤, JTBC '유리의 항구' 중도 하차…서은비 합류",
            "배우 김하윤이 JTBC 드라마 '유리의 항구'에서 하차한다.\n\n28일 소속사 프레인TPC는 \"김하윤이 넷플릭스 "
            "'마지막 등불' 촬영 일정과 겹쳐 '유리의 항구' 후반부에 출연하지 못하게 됐다\"고 밝혔다.\n\n"
            "김하윤이 맡았던 역할은 배우 서은비가 이어받는다."),
]


def test_two_shows_that_name_each_other_in_passing_are_two_stories(sessions: sessionmaker[Session]) -> None:
    """Two reports are about one show when their main shows meet: the exit reports joined the
    casting story because each article's show was named in passing by the other."""
    assert _stories_of(sessions, LANTERN_AND_HARBOR) == _labels(LANTERN_AND_HARBOR)


#: One actor cast in two shows in one week, reported by outlets that write each show's news apart,
#: and by outlets whose report of the second show recalls the first ("'A' 이어 'B' 주연", "was also
#: confirmed for Netflix's 'A'", "「A」に続き").
PIER_AND_LIGHTHOUSE = [
    _report("tvd-pier", "pier", "ko", "2026-11-27T10:00:00+09:00", "강지훈·한서윤, 넷플릭스 「은빛 부두」 주연 확정",
            "배우 강지훈과 한서윤이 넷플릭스 새 시리즈 「은빛 부두」의 주연을 맡는다.\n\n"
            "27일 넷플릭스에 따르면 「은빛 부두」는 항구 도시를 배경으로 한 미스터리 로맨스다."),
    _report("tvd-lighthouse", "lighthouse", "ko", "2026-11-30T18:00:00+09:00", "강지훈·오민재, 디즈니+ 「등대의 밤」 출연 확정",
            "배우 강지훈과 오민재가 디즈니+ 새 사극 「등대의 밤」에 출연을 확정했다.\n\n"
            "「등대의 밤」은 외딴 섬 등대지기들의 이야기를 그린다."),
    _report("star-lighthouse", "lighthouse", "ko", "2026-11-30T15:00:00+09:00",
            "강지훈, '은빛 부두' 이어 디즈니+ '등대의 밤' 주연…오민재와 호흡",
            "배우 강지훈이 디즈니+ 오리지널 시리즈 <등대의 밤>의 주연을 맡는다.\n\n"
            "30일 디즈니+는 강지훈과 오민재가 <등대의 밤>에 캐스팅됐다고 발표했다.\n\n"
            "강지훈은 지난주 넷플릭스 <은빛 부두> 출연 소식을 전한 데 이어 또 한 편의 주연작을 확정했다."),
    _report("beat-lighthouse", "lighthouse", "en", "2026-11-30T11:00:00+00:00",
            "Kang Ji Hoon And Oh Min Jae To Star In Disney+ Thriller “Night Of The Lighthouse”",
            "Kang Ji Hoon has landed another lead role!\n\nOn November 30, Disney+ announced that Kang Ji Hoon and "
            "Oh Min Jae have been cast in “Night of the Lighthouse,” a thriller about island lighthouse keepers.\n\n"
            "Earlier this week, Kang Ji Hoon was also confirmed for Netflix’s “Silver Pier.”"),
]


def test_an_article_recalling_the_actors_other_new_show_does_not_merge_the_two_shows_stories(
        sessions: sessionmaker[Session]) -> None:
    """tT: "강태윤, '달빛 항구' 이어 디즈니+ '등불지기' 주연" made both shows its subject, and the
    Netflix show's casting story and the Disney+ one became one story of both."""
    assert _stories_of(sessions, PIER_AND_LIGHTHOUSE) == _labels(PIER_AND_LIGHTHOUSE)


@pytest.mark.parametrize(("language", "title", "body", "subject", "platforms", "passing"), [
    ("ko", "강지훈, '은빛 부두' 이어 디즈니+ '등대의 밤' 주연", "배우 강지훈이 디즈니+ 시리즈 '등대의 밤'의 주연을 맡는다.",
     ["등대의밤"], ["disney_plus"], []),
    ("ko", "강지훈, 또 한 편의 주연작 확정",
     "배우 강지훈이 넷플릭스 '은빛 부두'에 이어 디즈니+ '등대의 밤'의 주연을 맡는다.",
     ["등대의밤"], ["disney_plus"], ["netflix"]),
    ("en", "Kang Ji Hoon Lands Another Lead Role",
     "Kang Ji Hoon, who was also confirmed for Netflix’s “Silver Pier” earlier this week, will lead Disney+’s "
     "“Night of the Lighthouse.”", ["night of the lighthouse"], ["disney_plus"], ["netflix"]),
    ("en", "Seo Do Yoon Joins Cast", "Seo Do Yoon also stars in KBS2’s “Winter Pharmacy.” He has joined the cast "
     "of WOWOW’s “Blue Echo” as a pianist.", ["blue echo"], ["wowow"], ["kbs"]),
    ("ja", "カン・ジフン、Netflix「銀の埠頭」に続きディズニープラス「灯台の夜」で主演",
     "カン・ジフンがディズニープラスのドラマ「灯台の夜」で主演を務める。", ["灯台の夜"], ["disney_plus"], ["netflix"]),
    ("ko", "서도윤, 또 다른 출연작", "서도윤이 KBS2 <겨울 약국>에도 출연한다. 서도윤은 WOWOW 드라마 <푸른 잔향>에서 피아니스트 역을 맡는다.",
     ["푸른잔향"], ["wowow"], ["kbs"]),
])
def test_the_other_show_an_article_recalls_is_named_in_passing(
        language: str, title: str, body: str, subject: list[str], platforms: list[str], passing: list[str]) -> None:
    """Someone's other new show ("'A' 이어 'B'", "'A'에 이어", "was also confirmed for Netflix's 'A'",
    "also stars in 'A'", "「A」に続き", "<A>에도 출연한다") is not the article's subject, and its
    platform is named in passing."""
    from pipeline.entities import find_entities

    keys = stories.event_keys(find_entities(title, body, language), title, body)
    assert (keys["subject"], sorted(keys["platforms"]), sorted(keys["passing_platforms"])) == (subject, platforms, passing)


def test_a_story_spells_its_show_as_the_articles_write_it_not_as_a_title_case_headline(
        sessions: sessionmaker[Session]) -> None:
    """"Kim Ha Yoon To Exit “Harbor Of Glass”": the outlet's title-case headline gave the story
    its show name, while its body and the other reports (and so the show's entity) write
    "Harbor of Glass"."""
    records = [r for r in LANTERN_AND_HARBOR if r["event"] == "harbor"]
    _stories_of(sessions, records)
    with transaction(sessions) as session:
        (story,) = session.execute(select(Story)).scalars().all()
    assert story.show == "Harbor of Glass"


def test_a_working_title_and_the_final_title_it_gets_are_both_named() -> None:
    """"'Project Seoul Noir' Gets Official Title 'Nightshade Avenue'": the final title's key was
    given the working title's name (the working title links to it and came first), so the
    article's shows, and its export, named only "Project Seoul Noir"."""
    from pipeline.entities import find_entities

    title = "Coupang Play Crime Drama 'Project Seoul Noir' Gets Official Title 'Nightshade Avenue'"
    body = ("Coupang Play's crime drama Project Seoul Noir (working title) has been retitled Nightshade Avenue, "
            "the streamer said.\n\nJung Hae-rim stars as a detective who goes undercover in a Seoul nightclub "
            "district. Ahn Woo-jin co-stars.")
    shows = stories.event_keys(find_entities(title, body, "en"), title, body)["shows"]
    assert set(shows.values()) == {"Project Seoul Noir", "Nightshade Avenue"}
    assert shows["nightshade avenue"] == "Nightshade Avenue"


#: One ratings record reported by three outlets (other news: neither casting nor release), and
#: a review of the show that day quoting the same figure; a figure reported a week later.
HARBOR_RATINGS = [
    _report("soompish-ratings", "ratings", "en", "2026-11-30T04:00:00+00:00",
            "“Harbor Of Glass” Soars To New All-Time High Ratings",
            "JTBC’s “Harbor of Glass” has hit a new personal best!\n\nAccording to Nielsen Korea, the November 29 "
            "broadcast of “Harbor of Glass” scored an average nationwide rating of 12.4 percent, a new all-time "
            "high for the drama.\n\nMeanwhile, MBC’s “Salt Road” recorded 5.1 percent."),
    _report("jadaily-ratings", "ratings", "en", "2026-11-30T11:00:00+09:00",
            "'Harbor of Glass' hits series-high 12.4% ratings",
            "JTBC’s “Harbor of Glass” reached its highest viewership ratings yet over the weekend, according to "
            "Nielsen Korea on Monday.\n\nThe 10th episode, aired Sunday, recorded a nationwide rating of 12.4 "
            "percent, up from 10.9 percent the week before."),
    _report("sportsk-ratings", "ratings", "ko", "2026-11-30T09:30:00+09:00",
            "'유리의 항구' 12.4% 자체 최고 시청률 경신",
            "JTBC 토일드라마 '유리의 항구'가 자체 최고 시청률을 경신했다.\n\n30일 닐슨코리아에 따르면 29일 방송된 "
            "'유리의 항구' 10회는 전국 유료가구 기준 12.4%를 기록했다."),
    _report("saltroad-ratings", "saltroad", "en", "2026-11-30T06:00:00+00:00",
            "'Salt Road' dips to 5.1% as 'Harbor of Glass' soars",
            "MBC’s “Salt Road” fell to 5.1 percent on November 29, according to Nielsen Korea, its lowest "
            "rating yet."),
    _report("glassweek-ratings", "week-later", "en", "2026-12-07T04:00:00+00:00",
            "“Harbor Of Glass” Holds Steady In Ratings",
            "JTBC’s “Harbor of Glass” held steady at 12.4 percent on December 6, according to Nielsen Korea."),
]


def test_other_news_reported_by_several_outlets_is_one_story(sessions: sessionmaker[Session]) -> None:
    """A ratings record (category other) told by three outlets, one in Korean, was three stories:
    other news folds when the reports are about one show, within days, and give the same figure."""
    assert _stories_of(sessions, HARBOR_RATINGS) == _labels(HARBOR_RATINGS)


#: One chart record told in Korean and in English (a view count with 만 and with "million", a
#: chart position as "1위" and "No. 1" / "tops … chart"), and the next week's record of the show
#: reported a day later in both languages: other figures, one story a week.
HARBOR_VIEWS = [
    _report("hanbit-views", "week-1", "ko", "2026-10-15T09:00:00+09:00",
            "'붉은 항구', 디즈니+ 글로벌 1위…공개 첫 주 320만 뷰",
            "디즈니+ 오리지널 시리즈 '붉은 항구'가 공개 첫 주 320만 뷰를 기록하며 디즈니+ 글로벌 TV쇼 부문 1위에 "
            "올랐다고 15일 디즈니+가 밝혔다.\n\n남지환과 고은별의 연기 호흡도 호평을 받고 있다."),
    _report("hanbit-en-views", "week-1", "en", "2026-10-15T11:00:00+09:00",
            "'Crimson Harbor' tops Disney+ global chart with 3.2 million views",
            "SEOUL, Oct. 15 -- The Korean original series 'Crimson Harbor' topped the Disney+ global TV show chart "
            "in its first week with 3.2 million views, the streaming service said Thursday."),
    _report("starpulse-views", "week-2", "en", "2026-10-16T11:00:00+09:00",
            "'Crimson Harbor' stays No. 1 on Disney+ in its second week with 4.1 million views",
            "The Korean original series 'Crimson Harbor' held the No. 1 spot on the Disney+ global TV show chart "
            "in its second week with 4.1 million views."),
    _report("sportsk-views", "week-2", "ko", "2026-10-16T12:00:00+09:00",
            "'붉은 항구', 2주 차 410만 뷰로 디즈니+ 글로벌 1위 수성",
            "디즈니+ 오리지널 시리즈 '붉은 항구'가 공개 2주 차 410만 뷰를 기록하며 글로벌 1위를 지켰다."),
]


def test_one_view_count_and_chart_position_in_two_languages_is_one_story(sessions: sessionmaker[Session]) -> None:
    """"320만 뷰" and "3.2 million views", "1위" and "No. 1", were two stories: only percentages
    counted as a figure two reports share. A week's figures stay apart from the next week's."""
    assert _stories_of(sessions, HARBOR_VIEWS) == _labels(HARBOR_VIEWS)


#: A show's supporting cast joining (Aug 28), an actress exiting and her replacement (Sep 5) and
#: the first day of filming (Sep 15), each reported in Korean and/or English.
LANTERN_CAST = [
    _report("hanbit-join", "join", "ko", "2026-08-28T10:00:00+09:00",
            "백지유·양동혁·서예림, '등불 거리' 합류…한서준·박연우와 호흡",
            "배우 백지유, 양동혁, 서예림이 넷플릭스 시리즈 '등불 거리'에 합류한다고 28일 넷플릭스가 밝혔다.\n\n"
            "이들은 앞서 캐스팅된 한서준, 박연우와 호흡을 맞춘다."),
    _report("starpulse-join", "join", "en", "2026-08-28T09:00:00+00:00",
            "Baek Ji-yu, Yang Dong-hyeok and Seo Ye-rim join Han Seo-jun in 'Lantern Street'",
            "Baek Ji-yu, Yang Dong-hyeok and Seo Ye-rim have joined the cast of the Netflix series 'Lantern Street'."
            "\n\nThey join leads Han Seo-jun and Park Yeon-woo."),
    _report("hanbit-exit", "exit", "ko", "2026-09-05T11:00:00+09:00",
            "서예림, 건강상 이유로 '등불 거리' 하차…김다래 대체 투입",
            "배우 서예림이 건강상의 이유로 넷플릭스 시리즈 '등불 거리'에서 하차한다고 소속사가 5일 밝혔다.\n\n"
            "제작진은 서예림이 맡을 예정이던 실종자의 동생 역에 배우 김다래를 대체 투입하기로 했다."),
    _report("starpulse-exit", "exit", "en", "2026-09-05T11:00:00+00:00",
            "Seo Ye-rim exits Netflix's 'Lantern Street'; Kim Da-rae to replace her",
            "Seo Ye-rim has exited the Netflix series 'Lantern Street' for health reasons, her agency said on "
            "September 5.\n\nKim Da-rae will replace her in the role of the missing woman's younger sister."),
    _report("hanbit-filming", "filming", "ko", "2026-09-15T09:00:00+09:00",
            "'등불 거리' 첫 촬영 돌입…한서준·박연우 현장 공개",
            "넷플릭스 시리즈 '등불 거리'가 지난 14일 서울 종로의 한 골목에서 첫 촬영에 돌입했다.\n\n"
            "한서준과 박연우는 첫 촬영부터 진지한 모습으로 현장을 이끌었다."),
]


def test_an_exit_and_a_filming_start_are_news_of_their_own(sessions: sessionmaker[Session]) -> None:
    """The three were one 18-day casting story titled by the first: the exit never showed as news."""
    assert _stories_of(sessions, LANTERN_CAST) == _labels(LANTERN_CAST)


def test_reviews_never_join_news_stories(sessions: sessionmaker[Session]) -> None:
    records = _events("ra-trailer", "ra-review-1", "ra-review-2")
    found = _stories_of(sessions, records)
    reviews = {r["id"] for r in records if r["event"].startswith("ra-review")}
    assert all(len(story) == 1 for story in found if story & reviews)


def test_a_copy_of_a_review_joins_its_story(sessions: sessionmaker[Session]) -> None:
    records = _events("ra-review-3")
    assert _stories_of(sessions, records) == _labels(records)


def test_story_record(sessions: sessionmaker[Session]) -> None:
    records = _events("ra-release")
    ingest_records(sessions, records)
    with transaction(sessions) as session:
        story = session.execute(select(Story)).scalar_one()
        times = session.execute(select(func.min(Article.published_at), func.max(Article.published_at))).one()
    assert story.category == "release"
    assert story.show_key == "romantic anonymou" or "Romantic" in (story.show or "")
    assert "Netflix" in story.platforms
    assert any("Han" in p for p in story.people), story.people
    assert story.article_count == len(records)
    assert story.source_count == len({r["outlet"] for r in records})
    assert (story.first_published_at, story.last_published_at) == tuple(times)
    assert story.premiere_date == date(2025, 9, 18)
    assert story.title in {r["title"] for r in records}


def _reported(article_id: int, outlet: str, published: datetime, show: str, people: dict[str, str]) -> stories.Member:
    """A stored article as story records see it: its show and people as (key -> spelling)."""
    keys = {"subject": ["midnight confection"], "shows": {"midnight confection": show}, "people": people,
            "platforms": {}}
    return stories.Member(article_id, f"{outlet}/{article_id}", f"https://{outlet}/{article_id}", f"{show} cast",
                          None, "en", article_id, published, published, "casting", None, None, keys, None, None)


def test_story_record_spells_tied_names_as_the_earliest_article_does() -> None:
    """Two outlets, two name orders: the Cast line keeps to one of them (the earliest article's
    where the counts tie), not a mix such as "Kurosawa Ren, Aoi Mizuno"."""
    first = datetime(2026, 11, 20, 2, 42, tzinfo=UTC)
    members = [
        _reported(1, "seoulscreen", first.replace(hour=5), "Midnight Confection",
                  {"kurosawa ren": "Ren Kurosawa", "mizuno aoi": "Aoi Mizuno"}),
        _reported(2, "kdramadaily", first, "Midnight Confections",
                  {"kurosawa ren": "Kurosawa Ren", "mizuno aoi": "Mizuno Aoi"}),
        _reported(3, "doramajp", first.replace(hour=9), "Midnight Confections", {"kurosawa ren": "Kurosawa Ren"}),
        _reported(4, "streambeat", first.replace(hour=10), "Midnight Confection", {}),
    ]
    for order in (members, members[::-1]):
        record = stories.story_record(order)
        assert record["people"] == ["Kurosawa Ren", "Mizuno Aoi"]
        assert record["show"] == "Midnight Confections"


def test_a_person_a_korean_article_keys_three_ways_is_listed_once_beside_the_latin_spelling() -> None:
    """A Hangul name carries its romanisations as keys ("박보영": 박보영, boyoung park, boyung
    park); the English report's "Park Bo-young" shares one of them: one person, not two."""
    first = datetime(2026, 12, 4, 2, tzinfo=UTC)
    members = [
        _reported(1, "yonhap", first, "마지막 배", {"박보영": "박보영", "boyung park": "박보영",
                                                   "boyoung park": "박보영", "남주혁": "남주혁"}),
        _reported(2, "soompi", first.replace(hour=5), "Last Ferry", {"boyoung park": "Park Bo-young"}),
    ]
    for order in (members, members[::-1]):
        assert stories.story_record(order)["people"] == ["Park Bo-young", "남주혁"]


def _dated(article_id: int, published: datetime, title: str, premiere: date, precision: str = "day",
           copy_of: int | None = None, moved: bool = False) -> stories.Member:
    """A release report of River Crown giving a premiere date (``moved``: as a postponement)."""
    keys = {"subject": ["river crown"], "shows": {"river crown": "River Crown"}, "people": {}, "platforms": {},
            **({"premiere_moved": True} if moved else {})}
    return stories.Member(article_id, f"o{article_id}/a", f"https://o{article_id}.example/a", title, None, "en",
                          article_id, published, published, "release", premiere, precision, keys, copy_of, None)


def test_a_postponement_reported_the_same_day_as_the_old_date_replaces_it() -> None:
    """Two outlets give January 20 in the morning; at noon a third reports the premiere pushed
    back to February: the reports of the old date outnumber it within the day, but it says they
    are obsolete. A later report still giving January 20 is no postponement of its own."""
    day = datetime(2026, 12, 5, 1, tzinfo=UTC)
    members = [
        _dated(1, day, "River Crown premieres January 20 on MBC", date(2027, 1, 20)),
        _dated(2, day + timedelta(hours=1), "River Crown sets January 20 premiere", date(2027, 1, 20)),
        _dated(3, day + timedelta(hours=11), "MBC pushes River Crown back to February", date(2027, 2, 1), "month",
               moved=True),
    ]
    for order in (members, members[::-1]):
        assert (stories.story_record(order)["premiere_date"], stories.story_record(order)["premiere_precision"]) == (
            date(2027, 2, 1), "month")
    later = _dated(4, day + timedelta(hours=12), "River Crown in February", date(2027, 2, 1), "month")
    assert stories.story_record([*members, later])["premiere_date"] == date(2027, 2, 1)
    # a lagging outlet repeating the old date after the postponement does not move it back
    lagging = _dated(5, day + timedelta(hours=20), "River Crown stills ahead of its January 20 premiere",
                     date(2027, 1, 20))
    for order in ([*members, lagging], [lagging, *members[::-1]]):
        record = stories.story_record(order)
        assert (record["premiere_date"], record["title"]) == (date(2027, 2, 1), "MBC pushes River Crown back to February")


def test_a_postponement_is_marked_where_the_article_is_analysed() -> None:
    from pipeline.classify import classify

    found = classify("MBC pushes 'River Crown' premiere back to February",
                     "The drama has been pushed back to February 2027. It was set for January 20.", "en",
                     datetime(2026, 12, 5, tzinfo=UTC))
    assert found.category == "release" and found.premiere is not None and found.premiere.moved


def test_a_postponement_moves_the_story_premiere_and_its_headline_follows() -> None:
    """Two outlets give December 12 on Dec 1; three days later one reports the premiere
    pushed back to January 30: the story's date is January 30 (the older reports are more
    numerous, but obsolete), and its title is not one announcing December 12. A copy
    republishing the old report later does not move the date back."""
    day = datetime(2026, 12, 1, 9, tzinfo=UTC)
    members = [
        _dated(1, day, "River Crown premieres December 12 on Disney+", date(2026, 12, 12)),
        _dated(2, day + timedelta(hours=3), "River Crown sets December 12 premiere", date(2026, 12, 12)),
        _dated(3, day + timedelta(days=3), "River Crown pushes premiere back to January 30", date(2027, 1, 30)),
        _dated(4, day + timedelta(days=4), "River Crown premieres December 12 on Disney+", date(2026, 12, 12),
               copy_of=1),
    ]
    for order in (members, members[::-1]):
        record = stories.story_record(order)
        assert (record["premiere_date"], record["premiere_precision"]) == (date(2027, 1, 30), "day")
        assert record["title"] == "River Crown pushes premiere back to January 30"
    vaguer = _dated(5, day + timedelta(days=5), "River Crown now due in February", date(2027, 2, 1), "month")
    record = stories.story_record([*members, vaguer])
    assert (record["premiere_date"], record["premiere_precision"]) == (date(2027, 2, 1), "month")


def test_a_postponement_to_a_month_on_the_same_day_moves_the_date_and_a_vaguer_agreeing_one_does_not() -> None:
    morning = datetime(2026, 12, 1, 8, tzinfo=UTC)
    announced = _dated(1, morning, "tvN sets December 15 premiere for River Crown", date(2026, 12, 15))
    pushed = _dated(2, morning + timedelta(hours=12), "River Crown pushed back to January", date(2027, 1, 1), "month")
    record = stories.story_record([announced, pushed])
    assert (record["premiere_date"], record["premiere_precision"]) == (date(2027, 1, 1), "month")
    vaguer = _dated(2, morning + timedelta(hours=12), "River Crown comes in December", date(2026, 12, 1), "month")
    record = stories.story_record([announced, vaguer])
    assert (record["premiere_date"], record["premiere_precision"]) == (date(2026, 12, 15), "day")


def test_one_stray_date_among_a_day_of_reports_is_outvoted() -> None:
    day = datetime(2026, 12, 1, 9, tzinfo=UTC)
    members = [
        _dated(1, day, "River Crown premieres December 12", date(2026, 12, 12)),
        _dated(2, day + timedelta(hours=2), "River Crown: December 12", date(2026, 12, 12)),
        _dated(3, day + timedelta(hours=20), "River Crown premiere date", date(2026, 12, 11)),
    ]
    record = stories.story_record(members)
    assert record["premiere_date"] == date(2026, 12, 12)
    assert record["title"] != "River Crown premiere date"


def test_story_title_is_the_same_whatever_the_order(sessions: sessionmaker[Session]) -> None:
    records = _events("ra-cast")
    ingest_records(sessions, list(reversed(records)))
    with transaction(sessions) as session:
        title = session.execute(select(Story.title)).scalar_one()
    assert title == stories_title_in_order(records)


def stories_title_in_order(records: list[dict]) -> str:
    """The title chosen when the same records arrive in file order (a fresh SQLite database)."""
    import tempfile

    from storage.db import open_database, session_factory

    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{folder}/t.sqlite")
        factory = session_factory(engine)
        ingest_records(factory, records)
        with transaction(factory) as session:
            title = session.execute(select(Story.title)).scalar_one()
        engine.dispose()
    return title


def test_list_stories_filters_by_date_and_show(sessions: sessionmaker[Session]) -> None:
    ingest_records(sessions, _events("ra-cast", "lt-cast", "ra-release"))
    with transaction(sessions) as session:
        everything = stories.list_stories(session)
        recent = stories.list_stories(session, since=date(2025, 1, 1))
        lighthouse = stories.list_stories(session, show="lighthouse")
        wildcards = [stories.list_stories(session, show=text) for text in ("%", "_", "l_ghthouse")]
    assert len(everything) == 3
    assert wildcards == [[], [], []]  # the text is matched as it is, not as a LIKE pattern
    assert [s.category for s in recent] == ["release"]
    assert len(lighthouse) == 1 and lighthouse[0].source_count >= 3
    assert everything[0].last_published_at >= everything[-1].last_published_at
    assert isinstance(everything[0], stories.StoryView)


def test_list_stories_finds_a_show_by_any_name_its_articles_give_it(sessions: sessionmaker[Session]) -> None:
    """The story's show is the Korean title, whose entity is also known as "The Quiet Hour"
    (a translation) and "Silent Hours" (a user's alias): each finds the story; a story that
    only mentions the show in passing is not one about it."""
    from story_factory import article, entity, source, story

    with transaction(sessions) as session:
        entity(session, "show", "조용한 시간", aliases=("The Quiet Hour", "Silent Hours"))
        quiet = story(session, "'조용한 시간' 첫 방송 확정", show="조용한 시간")
        kdd = source(session, "kdd", "K-Drama Daily")
        article(session, kdd, "kdd.example/quiet", story_id=quiet, title="'조용한 시간' 첫 방송", shows=("조용한 시간",))
        other = story(session, "Night Owl casts Kim, of 'The Quiet Hour'", show="Night Owl")
        article(session, kdd, "kdd.example/owl", story_id=other, title="Night Owl",
                shows=("Night Owl", "The Quiet Hour"))
    with transaction(sessions) as session:
        for text in ("조용한", "Quiet Hour", "the quiet hour", "silent hours"):
            assert [s.id for s in stories.list_stories(session, show=text)] == [quiet], text
        assert stories.list_stories(session, show="%") == []


def test_story_detail_lists_the_articles_oldest_first_with_their_outlets_and_copies(
        sessions: sessionmaker[Session]) -> None:
    records = _events("ra-cast")
    ids = ingest_records(sessions, records)
    by_article = {article_id: record for record, article_id in zip(records, ids.values(), strict=True)}
    originals = expected_originals(records)
    [story_id] = {w.story_id for w in stored(sessions, ids).values()}
    with transaction(sessions) as session:
        detail = stories.story_detail(session, story_id)
        assert stories.story_detail(session, story_id + 1000) is None
    assert detail is not None and detail.story.id == story_id
    assert sorted(a.id for a in detail.articles) == sorted(ids.values())
    assert [a.published_at for a in detail.articles] == sorted(a.published_at for a in detail.articles)
    for a in detail.articles:
        record = by_article[a.id]
        assert (a.source, a.title, a.language) == (record["outlet"], record["title"], record["language"])
        original = originals[record["id"]]
        assert a.duplicate_of == (ids[original] if original else None)
    assert any(a.duplicate_of for a in detail.articles)  # the event has syndicated copies
    assert {a.source for a in detail.articles} == {r["outlet"] for r in records}
    assert detail.story.source_count == len({r["outlet"] for r in records})


def test_candidate_lookup_only_reaches_the_window() -> None:
    """Keys carry the calendar week; lookups reach only the weeks the window can."""
    when = datetime(2024, 3, 12, tzinfo=UTC)
    features = stories.Features(1, "a/1", "casting", when, frozenset({"x"}), frozenset({"x"}),
                                frozenset({"p"}), frozenset(), None)
    stored_keys = stories.stored_keys(features)
    lookups = stories.lookup_keys(features)
    assert len(stored_keys) == 2 and all("|w" in key for key in stored_keys)
    assert set(stored_keys) <= set(lookups)
    assert len(lookups) == 2 * (2 * -(-stories.WINDOW.days // stories.BUCKET_DAYS) + 1)


def test_an_updated_article_can_leave_its_story(sessions: sessionmaker[Session]) -> None:
    records = _events("ms-cast")
    ingest_records(sessions, records)
    moved = {**records[0], "title": "Review: 'Midnight Salon' is a quiet gem",
             "body": "Midnight Salon review. " + records[0]["body"]}
    ingest_records(sessions, [moved])
    with transaction(sessions) as session:
        counts = sorted(session.execute(select(Story.article_count)).scalars())
    assert sum(counts) == len(records)


@pytest.mark.postgres
def test_concurrent_crawls_make_one_article_per_url_and_one_story_per_event(
    postgres_sessions: sessionmaker[Session],
) -> None:
    sessions = postgres_sessions  # SQLite runs one writer at a time: the race needs PostgreSQL
    records = _events("ra-cast", "lt-cast", "ms-cast")
    first, second = list(records), list(reversed(records))
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def crawl(batch: list[dict]) -> None:
        barrier.wait()
        try:
            for record in batch:  # stored as a crawl stores: one transaction, re-run if rolled back
                run_in_transaction(sessions, lambda session, record=record: ingest_record(session, record))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=crawl, args=(batch,)) for batch in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with transaction(sessions) as session:
        rows = session.execute(select(Article.url, Article.story_id)).all()
    assert len(rows) == len(records)
    by_url = {row.url: row.story_id for row in rows}
    assert partition({r["id"]: by_url[r["url"]] for r in records}) == _labels(records)


def _analysed(article_id: int, published: datetime, title: str, body: str, language: str) -> stories.Member:
    """A casting report as analysis keys it (:func:`pipeline.entities.find_entities`, :func:`stories.event_keys`)."""
    from pipeline.entities import find_entities

    keys = stories.event_keys(find_entities(title, body, language=language), title, body)
    return stories.Member(article_id, f"o{article_id}/a", f"https://o{article_id}.example/a", title, None, language,
                          article_id, published, published, "casting", None, None, keys, None, None)


def test_a_story_the_retitle_joins_shows_the_final_title_whatever_the_order() -> None:
    """Two casting reports name the working title; a third gives it its final title: the story
    is about the final title (show and key), as the show's entity is, not the working title
    most of its articles wrote."""
    day = datetime(2026, 12, 2, tzinfo=UTC)
    members = [
        _analysed(1, day, "서지안·정우진, tvN '프로젝트 블루'(가제) 캐스팅",
                  "배우 서지안과 정우진이 tvN 새 드라마 '프로젝트 블루'(가제)에 캐스팅됐다.", "ko"),
        _analysed(2, day + timedelta(hours=6), "Seo Ji-an and Jung Woo-jin cast in tvN's 'Project Blue'",
                  "Seo Ji-an and Jung Woo-jin have been cast in the tvN drama \"Project Blue\" (working title).", "en"),
        _analysed(3, day + timedelta(days=1), "Seo Ji-an and Jung Woo-jin join tvN's 'Project Blue'",
                  "Seo Ji-an and Jung Woo-jin join the tvN drama \"Project Blue\" (working title).", "en"),
        _analysed(4, day + timedelta(days=3), "tvN's 'Project Blue' gets official title 'Blue Hour Detective'",
                  "The upcoming tvN drama \"Project Blue\" (working title) has been officially retitled "
                  "\"Blue Hour Detective\".", "en"),
    ]
    assert (stories.story_record(members[:3])["show"], stories.story_record(members[:3])["show_key"]) == (
        "Project Blue", "project blue")
    for order in (members, members[::-1], [members[3], *members[:3]]):
        record = stories.story_record(order)
        assert (record["show"], record["show_key"]) == ("Blue Hour Detective", "blue hour detective")


def _record(ident: str, event: str, language: str, published: str, title: str, body: str) -> dict:
    return {"id": ident, "event": event, "outlet": ident.split("-")[0], "language": language,
            "published_at": published, "url": f"https://{ident}.example/a", "title": title, "body": body}


#: Two Netflix roundups of one month, a Korean roundup of another, and the reports of two of the
#: shows they list. The second roundup names both shows' leads.
ROUNDUPS_AND_SHOWS = [
    _record("flix-newon", "netflix-jan", "en", "2026-12-03T09:00:00-08:00",
            "New on Netflix in January 2027: Every Series and Film Coming Next Month",
            "Here is everything coming to Netflix in January 2027.\n\n"
            "January 1: 'Winter Letters' (Season 3) — the Spanish romance returns for its final season.\n\n"
            "January 8: 'Moonlit Harbor' — Han Ji-woo and Park Seo-jin star in this Korean thriller.\n\n"
            "January 22: 'Midnight Pharmacy' — a Korean workplace comedy set in Busan.\n\n"
            "January 29: 'Circuit Breakers' (Season 2) — the racing docuseries is back."),
    _record("pulse-seven", "netflix-jan", "en", "2026-12-04T11:00:00-05:00",
            "7 K-Dramas Coming To Netflix In January 2027",
            "Here are the Korean series arriving on Netflix in January 2027.\n\n"
            "1. 'Moonlit Harbor' — Release date: January 8. Han Ji-woo and Park Seo-jin lead this mystery thriller.\n\n"
            "2. 'Spring Tide Diner' — Release date: January 16. The tvN weekend drama starring Choi Min-jae and "
            "Yoon Ha-eun will stream weekly on Netflix in select Asian regions.\n\n"
            "3. 'Midnight Pharmacy' — Release date: January 22. A comedy about night-shift pharmacists."),
    _record("ott-guide", "ott-jan", "ko", "2026-12-06T08:00:00+09:00",
            "[OTT 가이드] 1월 OTT 신작 총정리…티빙·웨이브·쿠팡플레이",
            "1월 공개되는 주요 국내 OTT 신작을 정리했다.\n\n"
            "웨이브는 1월 13일 오리지널 '네온 궁전'을 공개한다. 장현우가 주연을 맡았다.\n\n"
            "티빙은 1월 16일 tvN 드라마 '봄물결 식당'을 방송과 동시에 공개한다.\n\n"
            "쿠팡플레이는 1월 22일 오리지널 '분실물 관리국' 6편 전편을 한 번에 공개한다."),
    _record("pulse-diner", "diner", "en", "2026-12-04T21:30:00-05:00",
            "Choi Min-jae And Yoon Ha-eun's 'Spring Tide Diner' Premieres January 16 On tvN",
            "tvN's 'Spring Tide Diner', starring Choi Min-jae and Yoon Ha-eun, will premiere on January 16 "
            "at 9:20 p.m. KST and stream on TVING."),
    _record("ott-diner", "diner", "ko", "2026-12-05T09:00:00+09:00",
            "최민재·윤하은 '봄물결 식당', 1월 16일 tvN 첫 방송",
            "배우 최민재와 윤하은이 주연을 맡은 tvN 새 드라마 '봄물결 식당'이 1월 16일 첫 방송된다. 티빙에서도 공개된다."),
    _record("pulse-harbor", "harbor", "en", "2026-12-05T20:00:00-05:00",
            "Han Ji-woo And Park Seo-jin's Netflix Thriller 'Moonlit Harbor' Confirms Release Time",
            "Netflix's 'Moonlit Harbor', starring Han Ji-woo and Park Seo-jin, will release all eight episodes "
            "on January 8 at 5 p.m. KST."),
]


def test_a_roundup_is_no_shows_story_and_never_bridges_two_shows(sessions: sessionmaker[Session]) -> None:
    """A roundup joined the story of the first show it listed and, naming every show's cast, let a
    Korean report of another show find two shared people through it: one story of two shows'
    news and three roundups. Now roundups of one platform's month are one story, with no show
    and no premiere date, and each show's reports are their own."""
    assert _stories_of(sessions, ROUNDUPS_AND_SHOWS) == _labels(ROUNDUPS_AND_SHOWS)
    with transaction(sessions) as session:
        roundups = [s for s in session.execute(select(Story)).scalars() if s.show is None]
        assert sorted((s.article_count, s.premiere_date) for s in roundups) == [(1, None), (2, None)]
        assert stories.list_stories(session, show="Spring Tide")[0].premiere_date == date(2027, 1, 16)


@pytest.mark.parametrize(("language", "title", "body"), [
    ("en", "Prime Video Japan Unveils 2027 Local Originals Lineup, Led by 'Tokyo Midnight Runner'",
     "Prime Video unveiled its 2027 slate of Japanese originals, including 'Tokyo Midnight Runner', "
     "'Stardust Atelier' and 'Seaside Prosecutor'."),
    ("ja", "Amazonプライム・ビデオ、2027年日本オリジナル作品ラインナップを発表 『東京ミッドナイト・ランナー』など",
     "佐久間涼主演のサスペンス『東京ミッドナイト・ランナー』、『星屑のアトリエ』、『海辺の検事』などのドラマがラインナップされた。"),
    ("en", "Disney+ Unveils 2027 Asia Pacific Slate With 14 New Korean and Japanese Originals",
     "Highlights include 'Paper Moon Detective', a noir thriller; 'Twelve Nights in Osaka', a Japanese romance; "
     "'Northern Lights Hotel', a co-production; and the second season of 'Glass Orchard'.\n\n"
     "Other announced titles include 'The Tenth Floor', 'Kingdom of Salt' and 'Blue Hour Boys'."),
])
def test_a_slate_has_no_show_of_its_own(language: str, title: str, body: str) -> None:
    """The story's show was the first title listed ("Stardust Atelier": "'A', 'B' and 'C'" read as a
    title and its translation), whatever the headline said."""
    from pipeline.entities import find_entities

    keys = stories.event_keys(find_entities(title, body, language), title, body)
    assert keys["roundup"] is True and keys["subject"] == []
    assert len(keys["shows"]) >= 3


def test_a_report_of_one_show_naming_past_works_is_no_roundup() -> None:
    from pipeline.entities import find_entities

    title = "Han Ji-woo confirmed for Netflix's new lineup drama 'Moonlit Harbor'"
    body = ("Han Ji-woo, best known for 'Silent Bay', 'Glass Road' and 'Last Summer', will lead 'Moonlit Harbor'. "
            "The series premieres January 8.")
    keys = stories.event_keys(find_entities(title, body, "en"), title, body)
    assert "roundup" not in keys and keys["subject"] == ["moonlit harbor"]


def test_a_story_titled_in_two_scripts_shows_its_latin_title() -> None:
    """Two Japanese reports and one English one: the story was shown as 東京ミッドナイト・ランナー,
    though its people are listed in Latin letters. The key stays the one most articles give."""
    first = datetime(2026, 12, 6, 6, tzinfo=UTC)

    def report(article_id: int, key: str, title: str) -> stories.Member:
        keys = {"subject": [key], "shows": {key: title}, "people": {}, "platforms": {}}
        return stories.Member(article_id, f"o/{article_id}", f"https://o.example/{article_id}", title, None,
                              "ja" if key != "tokyo midnight runner" else "en", article_id,
                              first + timedelta(hours=article_id), first, "release", None, None, keys, None, None)

    members = [report(1, "東京ミッドナイトランナー", "東京ミッドナイト・ランナー"),
               report(2, "tokyo midnight runner", "Tokyo Midnight Runner"),
               report(3, "東京ミッドナイトランナー", "東京ミッドナイト・ランナー")]
    for order in (members, members[::-1]):
        record = stories.story_record(order)
        assert (record["show"], record["show_key"]) == ("Tokyo Midnight Runner", "東京ミッドナイトランナー")


def test_list_stories_finds_a_story_by_the_title_any_of_its_articles_gives_its_show(
        sessions: sessionmaker[Session]) -> None:
    """A story of English and Korean reports shows the Korean title: the English title its
    English reports give, unlinked to the Korean one, finds it too (as `watch` does); the
    Korean title finds the story shown in English. A story naming the show only in passing
    (not its subject) is not one about it."""
    from story_factory import article, source, story

    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        pharmacy = story(session, "김지원X이도현 '달빛 약국' 캐스팅", show="달빛 약국")
        article(session, kdd, "kdd.example/ko", story_id=pharmacy, title="'달빛 약국' 캐스팅", shows=("달빛 약국",))
        article(session, kdd, "kdd.example/en", story_id=pharmacy, title="Moonlight Pharmacy casts Kim",
                shows=("Moonlight Pharmacy",))
        summer = story(session, "Farewell Summer confirms its cast", show="Farewell Summer")
        article(session, kdd, "kdd.example/summer", story_id=summer, title="'작별의 여름' 캐스팅",
                shows=("작별의 여름",))
        other = story(session, "Night Owl casts Kim, of 'Moonlight Pharmacy'", show="Night Owl")
        article(session, kdd, "kdd.example/owl", story_id=other, title="Night Owl",
                shows=("Night Owl", "Moonlight Pharmacy"))
    with transaction(sessions) as session:
        for text in ("Moonlight Pharmacy", "moonlight pharm", "달빛 약국"):
            assert [s.id for s in stories.list_stories(session, show=text)] == [pharmacy], text
        assert [s.id for s in stories.list_stories(session, show="작별의 여름")] == [summer]


def test_the_sentence_at_any_position_is_found_from_breaks_found_once() -> None:
    """rv H3: every occurrence of a name rescanned the text from its start for the sentence around
    it (event_keys of a long article naming 42 people took 20 ms); the breaks are now found once.
    Each position still gives the text between the breaks around it."""
    text = "Headline\nFirst one. Second! 「第三」。Vierte? \n\n끝 문장 12.5"
    span = stories._sentence_spans(text)
    for position in range(len(text) + 1):
        start = max((i + 1 for i, c in enumerate(text[:position]) if c in ".!?。！？\n"), default=0)
        end = next((i for i in range(position, len(text)) if text[i] in ".!?。！？\n"), len(text))
        assert span(position) == (start, end), position


def test_two_reports_of_a_renewal_one_naming_its_season_are_one_story(sessions: sessionmaker[Session]) -> None:
    """"シーズン2決定…2027年10月に放送予定" and "続編決定…来年10月に放送される": the sequel's date sentence names no season,
    which read as the first season's premiere and kept the two renewal reports apart."""
    def record(ident: str, published: str, title: str, body: str) -> dict:
        return {"id": ident, "event": "renewal", "outlet": ident, "language": "ja", "published_at": published,
                "url": f"https://{ident}.example/renewal", "title": title, "body": body}

    records = [
        record("eiga", "2026-11-29T12:00:00+09:00", "「恋するパン屋の事件簿」シーズン2決定、吉岡里桜と中島大地が続投",
               "日本テレビのドラマ「恋するパン屋の事件簿」のシーズン2が制作されることが決定した。2027年10月に放送予定。"
               "吉岡里桜と中島大地が引き続き出演する。"),
        record("sports", "2026-11-29T11:00:00+09:00", "吉岡 里桜「恋するパン屋の事件簿」続編決定",
               "日本テレビ系ドラマ「恋するパン屋の事件簿」の続編となるシーズン2の制作が29日、発表された。来年10月に放送される。"
               "主演の吉岡 里桜（よしおか・りお＝26）と中島 大地（なかじま・だいち＝31）が続投する。"),
    ]
    assert _stories_of(sessions, records) == _labels(records)


#: A webtoon's adaptation announced with its two leads, in Korean (the leads before the title, "주연") and
#: in English the same day; its filming a month later is news of its own.
BLUE_HARBOR = [
    _report("hanbit-adapt", "cast", "ko", "2026-10-12T10:00:00+09:00",
            "김하늘·이도현 주연 '푸른 항구' 드라마화 확정",
            "인기 웹툰 '푸른 항구'가 넷플릭스 시리즈로 제작된다. 배우 김하늘과 이도현이 주연을 맡았다고 12일 넷플릭스가 밝혔다."),
    _report("starpulse-adapt", "cast", "en", "2026-10-12T09:00:00+00:00",
            "Kim Ha-neul and Lee Do-hyun to star in Netflix's 'Blue Harbor'",
            "Kim Ha-neul and Lee Do-hyun will lead 'Blue Harbor', Netflix's adaptation of the hit webtoon, "
            "the streamer announced on October 12."),
    _report("hanbit-filming", "filming", "ko", "2026-11-16T09:00:00+09:00",
            "김하늘·이도현 주연 '푸른 항구' 크랭크인",
            "넷플릭스 시리즈 '푸른 항구'가 지난 15일 부산에서 첫 촬영에 돌입했다. 김하늘과 이도현이 현장을 이끌었다."),
]


def test_an_adaptation_announced_with_its_leads_is_one_casting_story_across_scripts(
        sessions: sessionmaker[Session]) -> None:
    """"김하늘·이도현 주연 '푸른 항구' 드라마화 확정" was production news, so it stayed apart from the English
    report of the same casting (two scripts' titles meet only within one category)."""
    assert _stories_of(sessions, BLUE_HARBOR) == _labels(BLUE_HARBOR)


def test_the_listing_and_the_detail_read_a_storys_first_and_last_report_as_all_its_articles_give_them(
        sessions: sessionmaker[Session]) -> None:
    """`castwire stories` loaded every article of every listed story, and `castwire story` read
    the story's articles a second time, for the first and last report's day: now the listing
    reads two articles a story and the detail the ones it has. The days are those all the
    articles, oldest first, give (:func:`stories.report_days` of :func:`story_outlets`)."""
    from story_factory import article, source, story

    from storage.repository import story_outlets

    placed = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)
    with transaction(sessions) as session:
        nz, kr = source(session, "nz"), source(session, "kr")
        big = story(session, "Han Hyo-joo joins Romantics Anonymous", when=placed)
        article(session, nz, "nz.example/a", story_id=big, when=placed, published_raw="3 November 2026",
                published_offset_minutes=780)
        article(session, kr, "kr.example/b", story_id=big, when=placed, published_raw="2026-11-03T08:00+09:00",
                published_offset_minutes=540)  # the same instant: the later id is not the first report
        article(session, kr, "kr.example/undated", story_id=big, when=None, fetched=placed + timedelta(days=2))
        article(session, nz, "nz.example/c", story_id=big, when=placed + timedelta(days=1),
                published_raw="4 November 2026", published_offset_minutes=780)
        lone = story(session, "Night Owl trailer", when=placed)
        article(session, kr, "kr.example/lone", story_id=lone, when=placed, published_raw="2026-11-03",
                published_offset_minutes=540)
    with transaction(sessions) as session:
        listed = {view.id: view for view in stories.list_stories(session)}
        everything = story_outlets(session, [big, lone])
        for story_id in (big, lone):
            view = listed[story_id]
            assert (view.first_published_date, view.first_published_precision, view.last_published_date,
                    view.last_published_precision) == stories.report_days(everything[story_id])
            detail = stories.story_detail(session, story_id)
            assert detail is not None and detail.story == view
    assert listed[big].first_published_precision == "day" and listed[big].last_published_precision == "time"
    assert listed[lone].first_published_date == listed[lone].last_published_date == date(2026, 11, 3)


def test_one_actors_two_shows_in_two_scripts_stay_apart_when_each_names_a_co_star_of_its_own(
        sessions: sessionmaker[Session]) -> None:
    """Kim Seo-ha starts filming two shows the same days, reported in Korean (no platform) and in
    English: each report names a co-star the other does not, so one shared actor is not one event."""
    korean = _report("gaonilbo-a", "garden", "ko", "2026-10-12T18:20:00+09:00",
                     "김서하·정우진 《바람의 정원》 첫 촬영",
                     "《바람의 정원》이 첫 촬영에 들어갔다. 김서하와 정우진이 현장에 함께했다.")
    english = _report("kpopline-b", "lantern", "en", "2026-10-13T09:05:00-05:00",
                      "'Paper Lantern' starts filming with Kim Seo-ha and Lee Min-jae",
                      "Cameras are rolling on 'Paper Lantern', the new tvN series led by Kim Seo-ha and Lee Min-jae.")
    assert _stories_of(sessions, [korean, english]) == _labels([korean, english])


def test_one_actors_two_castings_in_two_scripts_stay_apart_with_one_shared_name(
        sessions: sessionmaker[Session]) -> None:
    """A Korean casting naming only Kim Seo-ha and no platform, and the next day an English one of
    her casting in another show: an actor is often cast in two projects in one week, so one name
    and no platform is not enough for a casting."""
    korean = _report("gaonilbo-c", "garden", "ko", "2026-10-12T18:20:00+09:00",
                     "김서하, 《바람의 정원》 주연 확정",
                     "배우 김서하가 새 드라마 《바람의 정원》 주인공으로 출연을 확정했다.")
    english = _report("kpopline-d", "lantern", "en", "2026-10-13T09:05:00-05:00",
                      "Kim Seo-ha cast in tvN's 'Paper Lantern'",
                      "Kim Seo-ha has been cast as the lead of tvN's new series 'Paper Lantern'.")
    assert _stories_of(sessions, [korean, english]) == _labels([korean, english])


#: One busy actor with the same kind of news for two shows the same days, in two scripts: the
#: Korean or Japanese report leaves the platform out and the titles cannot be compared (no alias
#: links them). Two events each: one shared actor is not enough to join reports across scripts.
_ONE_ACTOR_TWO_SHOWS = {
    "two trailers, ko two leads / en one": [
        _report("gaonilbo-t", "garden", "ko", "2026-10-12T10:00:00+09:00", "김서하·정우진 《바람의 정원》 티저 예고편 공개",
                "《바람의 정원》이 티저 예고편을 공개했다. 김서하와 정우진의 호흡이 눈길을 끈다."),
        _report("kpopline-t", "lantern", "en", "2026-10-13T08:00:00-05:00", "'Paper Lantern' drops teaser starring Kim Seo-ha",
                "Netflix unveiled a teaser for 'Paper Lantern', its new thriller led by Kim Seo-ha."),
    ],
    "a film's start of filming and a series'": [
        _report("gaonilbo-p", "birds", "ko", "2026-10-12T10:00:00+09:00", "김서하, 영화 《철새》 크랭크인",
                "배우 김서하가 영화 《철새》 촬영을 시작했다. 《철새》는 내년 개봉 예정이다."),
        _report("kpopline-p", "lantern", "en", "2026-10-13T08:00:00-05:00",
                "Kim Seo-ha begins filming Disney+ series 'Paper Lantern'",
                "Kim Seo-ha has started filming 'Paper Lantern', a new Disney+ series."),
    ],
    "a film's trailer (ja) and a series' (en)": [
        _report("shibainews-t", "bookshop", "ja", "2026-10-12T11:00:00+09:00", "松たか子主演「月下の書店」予告編解禁",
                "映画「月下の書店」の予告編が解禁された。松たか子が書店主を演じる。"),
        _report("asiastream-t", "river", "en", "2026-10-12T21:00:00-05:00",
                "Takako Matsu leads Netflix's 'Silent River' in first trailer",
                "Netflix has released the first trailer for 'Silent River', starring Takako Matsu."),
    ],
    "two renewals": [
        _report("gaonilbo-r", "garden", "ko", "2026-10-12T10:00:00+09:00", "《바람의 정원》 시즌2 제작 확정…김서하 출연",
                "《바람의 정원》이 시즌2 제작을 확정했다. 김서하가 다시 주인공으로 나선다."),
        _report("kpopline-r", "lantern", "en", "2026-10-13T08:00:00-05:00",
                "'Paper Lantern' renewed for season 2 with Kim Seo-ha",
                "Netflix has renewed 'Paper Lantern' for a second season, with Kim Seo-ha returning."),
    ],
    # each show's story names a co-star of its own; one English report naming only the shared
    # actor must not bridge them into one story
    "two trailer stories bridged by one report": [
        _report("gaonilbo-b", "garden", "ko", "2026-10-12T10:00:00+09:00", "김서하·정우진 《바람의 정원》 티저 예고편 공개",
                "《바람의 정원》이 티저 예고편을 공개했다. 김서하와 정우진의 호흡이 눈길을 끈다."),
        _report("starnews-b", "garden", "ko", "2026-10-12T11:00:00+09:00", "《바람의 정원》, 김서하X정우진 설렘 가득 티저",
                "김서하와 정우진이 주연을 맡은 《바람의 정원》의 티저 예고편이 베일을 벗었다."),
        _report("variety-b", "lantern", "en", "2026-10-12T19:00:00-05:00",
                "Netflix unveils 'Paper Lantern' teaser with Kim Seo-ha and Lee Min-jae",
                "Netflix has unveiled a teaser for 'Paper Lantern', starring Kim Seo-ha and Lee Min-jae."),
        _report("screenasia-b", "lantern", "en", "2026-10-12T21:00:00-05:00",
                "'Paper Lantern' teaser: Kim Seo-ha and Lee Min-jae hunt a killer",
                "The first teaser for Netflix's 'Paper Lantern' shows Kim Seo-ha and Lee Min-jae on the trail of a killer."),
        _report("kpopline-b", "lantern", "en", "2026-10-13T08:00:00-05:00", "'Paper Lantern' drops teaser starring Kim Seo-ha",
                "Netflix unveiled a teaser for 'Paper Lantern', its new thriller led by Kim Seo-ha."),
    ],
}


@pytest.mark.parametrize("case", sorted(_ONE_ACTOR_TWO_SHOWS))
def test_one_actors_two_shows_news_of_one_kind_in_two_scripts_stay_apart(
        sessions: sessionmaker[Session], case: str) -> None:
    records = _ONE_ACTOR_TWO_SHOWS[case]
    assert _stories_of(sessions, records) == _labels(records)


#: One trailer reported in Korean and Japanese, the title written as it sounds (《페이퍼 랜턴》,
#: 「ペーパー・ランタン」 for 'Paper Lantern'), and in English: the native reports name one actor
#: of the English one's two and no platform, so only the titles can tell they are one event.
_TRANSLITERATED_TRAILER = [
    _report("gaonilbo-pl", "lantern", "ko", "2026-10-12T10:00:00+09:00", "김서하·정우진 《페이퍼 랜턴》 티저 예고편 공개",
            "《페이퍼 랜턴》이 티저 예고편을 공개했다. 김서하와 정우진의 호흡이 눈길을 끈다."),
    _report("eiga-pl", "lantern", "ja", "2026-10-12T12:00:00+09:00", "キム・ソハ主演「ペーパー・ランタン」予告編解禁",
            "韓国ドラマ「ペーパー・ランタン」の予告編が解禁された。キム・ソハが刑事を演じる。"),
    _report("kpopline-pl", "lantern", "en", "2026-10-12T20:00:00-05:00", "'Paper Lantern' drops teaser starring Kim Seo-ha",
            "Netflix unveiled a teaser for 'Paper Lantern', its new thriller led by Kim Seo-ha and Lee Min-jae."),
]


@pytest.mark.parametrize("order", ["written", "reversed"])
def test_a_title_written_as_it_sounds_in_hangul_or_katakana_is_the_english_title(
        sessions: sessionmaker[Session], order: str) -> None:
    records = _TRANSLITERATED_TRAILER if order == "written" else _TRANSLITERATED_TRAILER[::-1]
    assert _stories_of(sessions, records) == _labels(records)


#: Two shows' trailers the same day, one reported in Korean and one in English, one actor in
#: both: titles that share consonants but not words ("블랙 나이트", 'Blue Giant'), or only
#: "The" ("더 글로리", 'The Crown'), are two shows.
_TWO_SHOWS_TWO_SCRIPTS = {
    "black knight / blue giant": [
        _report("gaonilbo-bk", "knight", "ko", "2026-10-12T10:00:00+09:00", "김서하·정우진 《블랙 나이트》 티저 예고편 공개",
                "《블랙 나이트》가 티저 예고편을 공개했다. 김서하와 정우진의 호흡이 눈길을 끈다."),
        _report("kpopline-bg", "giant", "en", "2026-10-12T20:00:00-05:00", "'Blue Giant' drops teaser starring Kim Seo-ha",
                "Netflix unveiled a teaser for 'Blue Giant', its new drama led by Kim Seo-ha and Lee Min-jae."),
    ],
    "the glory / the crown": [
        _report("gaonilbo-tg", "glory", "ko", "2026-10-12T10:00:00+09:00", "김서하·정우진 《더 글로리》 티저 예고편 공개",
                "《더 글로리》가 티저 예고편을 공개했다. 김서하와 정우진의 호흡이 눈길을 끈다."),
        _report("kpopline-tc", "crown", "en", "2026-10-12T20:00:00-05:00", "'The Crown' drops teaser starring Kim Seo-ha",
                "Netflix unveiled a teaser for 'The Crown', its new drama led by Kim Seo-ha and Lee Min-jae."),
    ],
}


@pytest.mark.parametrize("case", sorted(_TWO_SHOWS_TWO_SCRIPTS))
def test_titles_in_two_scripts_that_do_not_sound_alike_stay_two_shows(sessions: sessionmaker[Session], case: str) -> None:
    records = _TWO_SHOWS_TWO_SCRIPTS[case]
    assert _stories_of(sessions, records) == _labels(records)
