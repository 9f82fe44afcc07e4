"""pipeline.extract: layered extraction on small hand-written pages.

Fixture pages live in ``tests/fixtures/extract/``; they are read as bytes so
that encoding detection is exercised too (EUC-KR/CP949, Shift_JIS, a page
whose declared charset is wrong).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.discovery import parse_date as parse_feed_date
from pipeline.entities import find_entities
from pipeline.extract import decode_html, decode_page, extract_article
from pipeline.normalise import normalise_body
from pipeline.records import FeedHints
from pipeline.site_rules.selectors import FieldSelectors

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
FETCHED = datetime(2024, 4, 3, 12, 0, tzinfo=UTC)


def extract(name: str, url: str | None = None, **kwargs):
    kwargs.setdefault("fetched_at", FETCHED)
    return extract_article((FIXTURES / name).read_bytes(), url or f"https://example.com/{name}", **kwargs)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


class Layer:
    """Marks an expected value that must also come from a given layer."""

    def __init__(self, value: object, layer: str) -> None:
        self.value, self.layer = value, layer


# fixture, expected fields (a plain value, or Layer(value, provenance))
CASES = [
    ("en_yoast_graph.html", {
        "title": Layer("Han Hyo-joo and Oguri Shun to lead Netflix’s Romantics Anonymous", "jsonld"),
        "authors": Layer(("Mina Park",), "jsonld"),
        "published_at": Layer(utc(2024, 3, 15, 9, 0), "jsonld"),
        "published_raw": "2024-03-15T18:00:00+09:00",
        "modified_at": Layer(utc(2024, 3, 16, 10, 30), "jsonld"),
        "canonical_url": Layer("https://dramablog.example/2024/03/15/romantics-anonymous-cast/", "html"),
        "image_url": Layer("https://dramablog.example/wp-content/uploads/jsonld.jpg", "jsonld"),
        "tags": Layer(("Han Hyo-joo", "Oguri Shun", "Netflix"), "jsonld"),
        "site_name": Layer("Drama Blog", "meta"),
        "summary": Layer("Netflix casts Han Hyo-joo and Oguri Shun.", "meta"),
        "language": "en",
        "page_type": "article",
    }),
    ("en_broken_jsonld.html", {
        "title": Layer("Queen of Tears renewed? Studio Dragon answers", "jsonld"),
        "authors": Layer(("Lee Ji-eun", "Kim Soo"), "jsonld"),
        "published_at": Layer(utc(2024, 4, 2, 8, 15), "jsonld"),  # no offset, English page: UTC
        "page_type": "article",
    }),
    ("en_opengraph_only.html", {
        "title": Layer("Deadline: Netflix orders second season of Alice in Borderland", "meta"),
        "authors": Layer(("Jane Doe",), "meta"),
        "published_at": Layer(utc(2024, 2, 10, 22, 0), "meta"),
        "canonical_url": Layer("https://news.example/alice-season-2", "meta"),
        "image_url": Layer("https://example.com/images/alice.jpg", "meta"),
        "tags": Layer(("Netflix", "Japan"), "meta"),
        "site_name": "News Example",
        "page_type": "article",
    }),
    ("en_time_only.html", {
        "title": Layer("Filming starts on Gyeongseong Creature 2", "html"),
        "authors": Layer(("Sam Lee",), "html"),
        "published_at": Layer(utc(2024, 1, 20, 2, 0), "html"),
        "page_type": "article",
    }),
    ("en_relative.html", {
        "published_at": Layer(utc(2024, 4, 3, 9, 0), "html"),
        "published_raw": "3 hours ago",
    }),
    ("ko_euckr.html", {
        "title": Layer("한효주·오구리 슌, 넷플릭스 '로맨틱 어나니머스' 주연", "html"),
        "authors": Layer(("김민지",), "html"),
        "published_at": Layer(utc(2024, 3, 15, 5, 30), "html"),  # 14:30 KST
        "modified_at": Layer(utc(2024, 3, 15, 7, 5), "html"),
        "published_raw": "입력 2024.03.15 14:30",
        "language": "ko",
        "page_type": "article",
    }),
    ("ko_utf8_relative.html", {
        "title": "'눈물의 여왕' 시즌2 논의 중",
        "published_at": Layer(utc(2024, 4, 3, 10, 0), "html"),
        "language": "ko",
    }),
    ("ja_sjis.html", {
        "title": Layer("小栗旬とハン・ヒョジュがNetflixで共演", "html"),
        "published_at": Layer(utc(2024, 3, 15, 5, 30), "html"),  # 14:30 JST
        "language": "ja",
        "page_type": "article",
    }),
    ("ja_utf8_jsonld.html", {
        "title": Layer("「今際の国のアリス」続編が決定", "jsonld"),
        "authors": Layer(("山田太郎",), "jsonld"),
        "published_at": Layer(utc(2024, 3, 15, 1, 0), "jsonld"),  # no offset: Asia/Tokyo
        "language": "ja",
    }),
    ("ru_cp1251_declared_utf8.html", {
        "title": "Игра в кальмара: второй сезон",
        "page_type": "article",
    }),
    # a short news item beside a "most read" box of ten headlines is still an article
    ("ko_short_most_read.html", {"page_type": "article", "language": "ko"}),
    ("en_listing.html", {"page_type": "listing", "title": "Tag: casting"}),
    ("en_listing_plain.html", {"page_type": "listing"}),
    ("en_404.html", {"page_type": "not_found"}),
    ("en_404_bare.html", {"page_type": "not_found"}),
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fixture_fields(name, expected):
    article = extract(name)
    for field_name, want in expected.items():
        if isinstance(want, Layer):
            assert getattr(article, field_name) == want.value, field_name
            assert article.provenance[field_name] == want.layer, field_name
        else:
            assert getattr(article, field_name) == want, field_name


@pytest.mark.parametrize("name", [c[0] for c in CASES if c[1].get("page_type") == "article"])
def test_article_body_is_clean_paragraphs(name):
    article = extract(name)
    assert article.provenance["body"] == "trafilatura"
    assert len(article.body) > 150
    assert "\n\n" in article.body
    assert "All rights reserved" not in article.body
    assert "Other headline number" not in article.body
    for field_name in ("published_at", "modified_at"):
        value = getattr(article, field_name)
        # aware, in the publisher's offset (ingest converts to UTC and keeps the offset)
        assert value is None or value.utcoffset() is not None


def test_cjk_body_keeps_text_without_spaces():
    article = extract("ja_sjis.html")
    assert "月川翔" in article.body and "ロケ" in article.body
    assert "오구리 슌" in extract("ko_euckr.html").body


def test_every_filled_field_has_provenance():
    article = extract("en_yoast_graph.html")
    for field_name in ("title", "body", "summary", "authors", "published_at", "modified_at",
                       "language", "image_url", "tags", "site_name", "canonical_url"):
        assert getattr(article, field_name), field_name
        assert article.provenance[field_name] in {"jsonld", "meta", "html", "trafilatura"}


def test_source_timezone_for_dates_without_offset():
    article = extract("en_broken_jsonld.html", timezone="America/New_York")
    assert article.published_at == utc(2024, 4, 2, 12, 15)  # 08:15 EDT


def test_future_and_ancient_publication_dates_are_rejected():
    page = ('<html><head><meta property="article:published_time" content="{}"></head>'
            "<body><p>Short.</p></body></html>")
    assert extract_article(page.format("2030-01-01T00:00:00Z"), "https://x.example/a",
                           fetched_at=FETCHED).published_at is None
    assert extract_article(page.format("1990-01-01T00:00:00Z"), "https://x.example/a",
                           fetched_at=FETCHED).published_at is None
    ok = extract_article(page.format("2024-04-03T11:00:00Z"), "https://x.example/a", fetched_at=FETCHED)
    assert ok.published_at == utc(2024, 4, 3, 11, 0)


def test_url_date_overrides_a_distant_structured_date():
    page = ('<html><head><meta property="article:published_time" content="2019-01-01T00:00:00Z">'
            "</head><body><p>Short.</p></body></html>")
    article = extract_article(page, "https://x.example/2024/03/15/story", fetched_at=FETCHED)
    assert article.published_at == utc(2024, 3, 15, 12)  # the day alone: its noon
    assert article.provenance["published_at"] == "url"


def test_site_rule_by_slug_and_by_domain():
    by_slug = extract("soompi_article.html", source="soompi")
    by_domain = extract("soompi_article.html", url="https://www.soompi.com/article/123")
    for article in (by_slug, by_domain):
        assert article.authors == ("Sophie-Ha",)
        assert article.published_at == utc(2024, 3, 14, 23, 0)
        assert article.provenance["published_at"] == "rule:soompi"
        assert article.tags == ("Kim Soo Hyun", "Netflix")
    assert extract("soompi_article.html").provenance.get("authors") != "rule:soompi"


_KOREA_HERALD_BR_PAGE = """<html><head><title>Kim Hye-soo leads "Trigger Point"</title></head><body>
<h1 class="news_title">Kim Hye-soo leads "Trigger Point"</h1>
<article class="article-body" id="articleText">
<figure class="img_box"><img src="/p.jpg" alt=""><figcaption class="img_caption">Actor Kim Hye-soo (Disney+ Korea)</figcaption></figure>
Kim Hye-soo will lead Disney+ original series "Trigger Point," set to premiere on Jan. 14, <b>Disney+ Korea</b> said Saturday.<br><br>
The six-part legal thriller follows a prosecutor who reopens a 20-year-old arson case.<br><br>
<p class="byline">By Lee Si-jin (sj@heraldcorp.com)</p>
</article>{rest}</body></html>"""


def test_a_site_rule_reads_paragraphs_written_between_line_breaks():
    """The Korea Herald writes its text straight into #articleText between <br><br>: the rule
    kept only the <p> byline, dropped as such, and the article was stored with no body."""
    article = extract_article(_KOREA_HERALD_BR_PAGE.format(rest=""), "https://www.koreaherald.com/article/10632145",
                              fetched_at=FETCHED)
    assert article.provenance["body"] == "rule:koreaherald"
    assert article.body.split("\n\n")[:2] == [
        'Kim Hye-soo will lead Disney+ original series "Trigger Point," set to premiere on Jan. 14, '
        "Disney+ Korea said Saturday.",
        "The six-part legal thriller follows a prosecutor who reopens a 20-year-old arson case."]
    assert "Actor Kim Hye-soo (Disney+ Korea)" not in article.body  # the photo caption


_YONHAP_PAGE = """<html lang="ko"><head><title>송강·한소희, 넷플릭스 '나이트 시그널' 주연 | 연합뉴스</title>
<meta property="og:title" content="송강·한소희, 넷플릭스 '나이트 시그널' 주연"></head><body>
<div class="title-article01"><h1 class="tit">송강·한소희, 넷플릭스 '나이트 시그널' 주연</h1>
<p class="update-time" data-published-time="202612061507">송고시간2026-12-06 15:07</p></div>
<div class="info-zone"><span class="nm">이정현</span></div>
<article class="story-news article">
<p>(서울=연합뉴스) 배우 송강과 한소희가 넷플릭스 새 시리즈 '나이트 시그널'의 주연을 맡는다.</p>
<p>넷플릭스는 6일 두 배우의 캐스팅을 확정했다고 밝혔다. 작품은 내년 공개된다.</p>
<p>이 작품은 한밤의 라디오 방송국을 배경으로 한 미스터리 스릴러다.</p>
</article></body></html>"""


def test_a_source_s_selectors_give_the_fields_they_name_and_leave_the_rest_to_the_generic_layers():
    """A byline in markup no generic layer knows for one, found by the catalogue's selector without
    code; the source's own page object still gives what the selectors do not name."""
    url = "https://www.yna.co.kr/view/AKR20261206021700005"
    plain = extract_article(_YONHAP_PAGE, url, fetched_at=FETCHED)
    assert plain.authors == ()
    chosen = FieldSelectors(authors=".info-zone span.nm", published="p.update-time")
    article = extract_article(_YONHAP_PAGE, url, source="yna", selectors=chosen, fetched_at=FETCHED)
    assert article.authors == ("이정현",)
    assert article.provenance["authors"] == "rule:yna"
    assert article.title == plain.title and article.body == plain.body
    herald = FieldSelectors(authors=".no-such-byline")
    ruled = extract_article(_KOREA_HERALD_BR_PAGE.format(rest=""), "https://www.koreaherald.com/article/10632145",
                            source="koreaherald", selectors=herald, fetched_at=FETCHED)
    assert ruled.provenance["body"] == "rule:koreaherald"  # from the page object the selectors fall back on


def test_natalie_s_text_is_its_article_body_without_counter_video_credit_or_copyright():
    page = """<html><head><title>「東京サイレンス」4月16日配信</title></head><body>
<div class="NA_article_header"><h1 class="NA_article_title">「東京サイレンス」4月16日配信</h1></div>
<div class="NA_article_data"><p class="NA_article_date">2026年12月6日 7:00</p>
<p class="NA_article_score"><span class="NA_article_score-num">1234</span></p></div>
<div class="NA_article_body">
<p>菅田将暉が主演を務めるNetflixシリーズ「東京サイレンス」が、2027年4月16日より独占配信されることが決定。</p>
<p>本予告には、雨の渋谷で神崎と白石が筆談を交わす場面が収められている。</p>
<div class="NA_article_youtube"><iframe src="https://www.youtube.com/embed/x"></iframe>
<p class="NA_article_youtube_caption">「東京サイレンス」本予告</p></div>
<div class="NA_article_body_credit"><p>Netflixシリーズ「東京サイレンス」</p><p>(c)2027 Netflix</p></div>
</div>
<p class="NA_article_copyright">このページは株式会社ナターシャの映画ナタリー編集部が作成・配信しています。</p>
</body></html>"""
    article = extract_article(page, "https://natalie.mu/eiga/news/612345", fetched_at=FETCHED)
    assert article.provenance["body"] == "rule:natalie"
    assert article.body == ("菅田将暉が主演を務めるNetflixシリーズ「東京サイレンス」が、2027年4月16日より独占配信されることが決定。"
                            "\n\n本予告には、雨の渋谷で神崎と白石が筆談を交わす場面が収められている。")


def test_a_site_rule_s_body_of_boilerplate_alone_leaves_the_body_to_the_generic_layers():
    page = _KOREA_HERALD_BR_PAGE.replace('id="articleText"', 'id="articleText"><p class="byline">By Lee Si-jin (sj@heraldcorp.com)</p></article><article')
    article = extract_article(page.format(rest=""), "https://www.koreaherald.com/article/1", fetched_at=FETCHED)
    assert article.provenance["body"] != "rule:koreaherald"
    assert "The six-part legal thriller" in article.body


def test_feed_hints_fill_what_the_page_lacks():
    hints = FeedHints(title="Feed title", published_raw="Mon, 01 Apr 2024 09:00:00 +0900",
                      author="Feed Author", summary="From the feed", categories=("casting",))
    article = extract_article("<html><body><p>Tiny page.</p></body></html>", "https://x.example/a",
                              hints=hints, fetched_at=FETCHED)
    assert article.title == "Feed title"
    assert article.published_at == utc(2024, 4, 1, 0, 0)
    assert article.authors == ("Feed Author",)
    assert article.summary == "From the feed"
    assert article.tags == ("casting",)
    assert {article.provenance[f] for f in ("title", "published_at", "authors", "summary", "tags")} == {"hint"}


def test_feed_hint_with_parsed_date():
    hints = FeedHints(published_at=utc(2024, 4, 1, 3, 0), published_raw="2024-04-01T03:00:00Z")
    article = extract_article("<html><body><p>x</p></body></html>", "https://x.example/a",
                              hints=hints, fetched_at=FETCHED)
    assert article.published_at == utc(2024, 4, 1, 3, 0)
    assert article.provenance["published_at"] == "hint"


@pytest.mark.parametrize(("raw", "zone", "offset_hours"), [
    ("Sat, 05 Dec 2026 15:20:00 GMT", "Asia/Seoul", 9),  # a UTC time: the source's zone
    ("Sun, 06 Dec 2026 00:20:00 +0900", None, 9),  # the feed's own offset, for a source without a zone
])
def test_a_feed_time_dating_a_page_is_expressed_at_the_publisher(raw: str, zone: str | None, offset_hours: int) -> None:
    """The feed's time was kept in UTC: its date (Saturday) was not the Seoul day (Sunday)
    the article's "오는 토요일" counts from."""
    hints = FeedHints(published_at=utc(2026, 12, 5, 15, 20), published_raw=raw)
    article = extract_article("<html><body><h1>Headline</h1><p>Body text.</p></body></html>",
                              "https://hanbit.example/news/102.html", hints=hints, timezone=zone,
                              fetched_at=utc(2026, 12, 7, 7, 58))
    assert article.published_at == utc(2026, 12, 5, 15, 20)
    assert article.published_at.utcoffset() == timedelta(hours=offset_hours)
    assert article.published_at.date() == datetime(2026, 12, 6).date()
    assert article.published_raw == raw and article.provenance["published_at"] == "hint"


@pytest.mark.parametrize("shown", [
    '<div class="date-time">Dec 5, 2026</div>',  # a byline with the day only
    "",  # the day in the URL only
])
def test_a_day_without_a_time_takes_the_feeds_time_that_day(shown: str) -> None:
    hints = FeedHints(published_at=utc(2026, 12, 5, 2, 0), published_raw="Sat, 05 Dec 2026 02:00:00 +0000")
    page = f"<html><body><h1>Headline</h1>{shown}<div class='article-wrapper'><p>Body text.</p></div></body></html>"
    article = extract_article(page, "https://x.example/2026/12/05/headline/", hints=hints,
                              fetched_at=utc(2026, 12, 6, 0, 0))
    assert article.published_at == utc(2026, 12, 5, 2, 0)
    assert article.published_raw == "Sat, 05 Dec 2026 02:00:00 +0000"
    # a feed date on another day does not move the page's day
    other = FeedHints(published_at=utc(2026, 12, 3, 2, 0), published_raw="Thu, 03 Dec 2026 02:00:00 +0000")
    article = extract_article(page, "https://x.example/2026/12/05/headline/", hints=other,
                              fetched_at=utc(2026, 12, 6, 0, 0))
    assert article.published_at == utc(2026, 12, 5, 12, 0)  # the day alone: its noon


@pytest.mark.parametrize(("zone", "noon_utc"), [
    ("Asia/Seoul", utc(2026, 11, 3, 3, 0)),  # was midnight in Seoul: 15:00 UTC on 2 November
    ("America/Los_Angeles", utc(2026, 11, 3, 20, 0)),
    (None, utc(2026, 11, 3, 12, 0)),
])
def test_a_feeds_day_alone_dating_a_page_is_placed_at_its_noon_like_the_pages_own_day(
        zone: str | None, noon_utc: datetime) -> None:
    """A feed or news sitemap dating an article "2026-11-03" (no time), read in the source's
    zone as discovery reads it, on a page without a date: the feed's midnight was taken as the
    feed's time of that day, so the article sat at midnight where it was published (in Seoul,
    in the 2 November digest of a reader in UTC) instead of at the day's noon."""
    hints = FeedHints(published_at=parse_feed_date("2026-11-03", ZoneInfo(zone) if zone else UTC),
                      published_raw="2026-11-03")
    article = extract_article("<html><body><h1>Headline</h1><p>Body text.</p></body></html>",
                              "https://outlet.example/articles/1103.html", hints=hints, timezone=zone,
                              fetched_at=utc(2026, 11, 5, 8, 0))
    assert article.published_at == noon_utc and article.published_raw == "2026-11-03"
    assert article.published_at.date() == datetime(2026, 11, 3).date()  # the publisher's day


@pytest.mark.parametrize(("language", "zone", "shown", "hints"), [
    # Geino Flash: the feed's time is 17:30 GMT, 7 December in Tokyo: not the page's day
    ("ja", "Asia/Tokyo", "2026年12月6日",
     FeedHints(published_at=utc(2026, 12, 6, 17, 30), published_raw="Sun, 06 Dec 2026 17:30:00 GMT")),
    ("en", "Asia/Seoul", "December 6, 2026", None),  # K-Buzz: no feed
    ("ko", "Asia/Seoul", "2026.12.06", None),
])
def test_a_day_without_a_time_stays_on_its_day_west_of_the_publisher(
        language: str, zone: str, shown: str, hints: FeedHints | None) -> None:
    """Stored at midnight in Seoul or Tokyo (15:00 UTC the day before), a page of 6 December was
    in the 5 December digest of a reader in Berlin, shown at an invented 16:00."""
    page = (f"<html lang='{language}'><body><h1>Headline</h1><div class='date'>{shown}</div>"
            "<div class='article-wrapper'><p>Body text.</p></div></body></html>")
    article = extract_article(page, "https://outlet.example/articles/206.html", hints=hints, timezone=zone,
                              fetched_at=utc(2026, 12, 7, 7, 58))
    assert article.published_at == utc(2026, 12, 6, 3, 0)  # noon where it was published
    assert article.published_at.date() == datetime(2026, 12, 6).date()
    assert article.published_raw == shown
    # read that morning, it was published before the fetch: not at a noon still to come
    early = extract_article(page, "https://outlet.example/articles/206.html", timezone=zone,
                            fetched_at=utc(2026, 12, 6, 1, 0))
    assert early.published_at == utc(2026, 12, 6, 1, 0)


@pytest.mark.parametrize(("language", "shown"), [("ko", "어제"), ("en", "Yesterday"), ("ja", "昨日")])
def test_a_date_line_saying_yesterday_in_words_dates_the_article(language: str, shown: str) -> None:
    """K-Buzz's only date line is "<span class='time-ago'>어제</span>": it was dropped for having
    no digit, so the article was undated and shown in the fetch day's digest."""
    page = (f"<html lang='{language}'><body><h1>Headline</h1><span class='time-ago'>{shown}</span>"
            f"<div class='article-wrapper'><p>Body text.</p></div></body></html>")
    fetched = utc(2026, 12, 7, 7, 58)
    article = extract_article(page, "https://kbuzz.example/post/a", timezone="Asia/Seoul", fetched_at=fetched)
    assert article.published_raw == shown
    assert article.published_at is not None
    assert article.published_at.astimezone(timezone(timedelta(hours=9))).date() == datetime(2026, 12, 6).date()


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        "",
        b"\x00\x01\x02\xff\xfe" * 1000,
        bytes(range(256)) * 50,
        "just some text without markup",
        "<html><head><script type='application/ld+json'>{{{{</script></head></html>",
        "<" * 10_000,
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>xml decl</p></body></html>",
        "<div>" * 5000 + "deep" + "</div>" * 5000,
        '<html><a href="http://[broken">x</a><link rel="canonical" href="http://[::1">',
    ],
)
def test_garbage_never_raises(garbage):
    article = extract_article(garbage, "https://x.example/a", fetched_at=FETCHED)
    assert article.page_type in {"other", "article", "listing", "not_found"}
    assert article.url == "https://x.example/a"
    if not article.body:
        assert article.page_type != "article"


def test_empty_input_is_other():
    article = extract_article(b"", "https://x.example/a")
    assert article.page_type == "other" and article.body == "" and article.title is None


def test_a_huge_page_is_read_only_up_to_the_cap():
    """~5 MB of navigation after the article: only the first MAX_HTML_CHARS are parsed (so a
    huge page costs no more than a big one), and the article at the top is still read."""
    from pipeline.extract import MAX_HTML_CHARS, _parse

    filler = "<div class='nav'><a href='/x'>link</a></div>" * 120_000
    tail = "<p id='past-the-cap'>never parsed</p>"
    page = (FIXTURES / "en_time_only.html").read_text("utf-8").replace("</body>", filler + tail + "</body>")
    assert len(page) > 3 * MAX_HTML_CHARS
    tree = _parse(page)
    assert tree is not None and not tree.xpath("//*[@id='past-the-cap']")
    article = extract_article(page, "https://x.example/a", fetched_at=FETCHED)
    assert article.title == "Filming starts on Gyeongseong Creature 2"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("한국어 본문".encode("cp949"), None),  # no declaration: detected
        ('<meta charset="euc-kr"><p>한효주 주연</p>'.encode("cp949"), "한효주 주연"),
        ('<meta charset="shift_jis"><p>小栗旬が主演</p>'.encode("cp932"), "小栗旬が主演"),
        ('<meta charset="euc-kr"><p>declared wrong, really UTF-8: 슌</p>'.encode(), "슌"),
        (b"\xef\xbb\xbf<p>bom</p>", "<p>bom</p>"),
        ('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"), "Привет"),
    ],
)
def test_decode_html(data, expected):
    text = decode_html(data)
    assert isinstance(text, str)
    if expected:
        assert expected in text


# --------------------------------------------------------------------------- the publisher's day
# A UTC stamp ("Z") does not say which day the publisher printed; the extractor gives
# ``published_at`` in the publisher's offset so that ``published_at.date()`` is that day.

_PARAGRAPH = "<p>" + "A sentence long enough to count as article text. " * 6 + "</p>"


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body><article><h1>Title</h1>{body}{_PARAGRAPH}</article></body></html>"


_META_Z = '<meta property="article:published_time" content="{}">'


@pytest.mark.parametrize(
    ("head", "body", "url", "expected_local"),
    [
        # a Z stamp and, elsewhere, the same instant written with the publisher's offset
        (_META_Z.format("2024-03-14T22:04:00Z") + '<meta name="date" content="Fri, 15 Mar 2024 00:04:00 +0200">',
         "", "https://x.example/a", datetime(2024, 3, 15, 0, 4, tzinfo=timezone(timedelta(hours=2)))),
        # a Z stamp and a visible byline clock showing the same instant 5 hours earlier
        (_META_Z.format("2024-03-15T02:25:54Z"), '<p class="byline-date">March 14, 2024 | 9:25pm</p>',
         "https://x.example/a", datetime(2024, 3, 14, 21, 25, 54, tzinfo=timezone(timedelta(hours=-5)))),
        # a Z stamp on a country domain with one zone: that zone
        (_META_Z.format("2024-03-14T23:15:00Z"), "", "https://www.x.it/a",
         datetime(2024, 3, 15, 0, 15, tzinfo=timezone(timedelta(hours=1)))),
        # a Z stamp with nothing else to go by stays UTC
        (_META_Z.format("2024-03-14T23:15:00Z"), "", "https://x.example/a", utc(2024, 3, 14, 23, 15)),
        # a visible clock that is not the same instant (another minute) is no evidence
        (_META_Z.format("2024-03-14T23:15:00Z"), '<p class="date">Friday 15 March 2024 | 00:36</p>',
         "https://x.example/a", utc(2024, 3, 14, 23, 15)),
        # the publisher's own offset is kept
        (_META_Z.format("2024-03-14T21:00:00-05:00"), "", "https://www.x.de/a",
         datetime(2024, 3, 14, 21, 0, tzinfo=timezone(timedelta(hours=-5)))),
        # ... unless the page shows readers the same instant in another offset
        (_META_Z.format("2024-03-14T21:00:00-05:00"), '<div class="article-date">15 March 2024 - 2:00 am</div>',
         "https://x.example/a", utc(2024, 3, 15, 2, 0)),
        # a machine timestamp shown as text is no byline clock: its "+00:00" read as 00:00 made
        # the offset -03:30
        (_META_Z.format("2024-03-14T03:30:00+00:00"),
         '<time datetime="2024-03-14T03:30:00+00:00">2024-03-14T03:30:00+00:00</time>',
         "https://x.example/a", utc(2024, 3, 14, 3, 30)),
        # a wall-clock time without offset is the publisher's time, never shifted
        (_META_Z.format("2024-03-14T23:35:55"), "", "https://x.example/a", utc(2024, 3, 14, 23, 35, 55)),
        # a date line whose date has no time, beside the update's clock, is no rendering of the
        # instant: the publisher's -05:00 stays (it became -11:00, 08 May at midnight)
        (_META_Z.format("2022-05-08T06:00:00-05:00"),
         '<div class="date">08 May 2022<span>Actualizado el 08 de Mayo 2022 | 6:00 h</span></div>',
         "https://x.example/a", datetime(2022, 5, 8, 6, 0, tzinfo=timezone(timedelta(hours=-5)))),
    ],
)
def test_published_at_is_in_the_publishers_offset(head, body, url, expected_local):
    article = extract_article(_page(head, body), url, fetched_at=FETCHED)
    assert article.published_at == expected_local  # the same instant ...
    assert article.published_at.utcoffset() == expected_local.utcoffset()  # ... as the publisher wrote it
    assert article.published_at.date() == expected_local.date()


@pytest.mark.parametrize(
    ("body", "expected_day"),
    [
        # reader comments carry their own dates: never the article's
        ('<div class="comments"><span class="date">02.12.2022, 15:57</span></div>'
         '<span class="post-date">29.11.2022</span>', "2022-11-29"),
        ('<span class="comment-date">02.12.2022, 15:57</span>', None),
        # a dateline opening the article text
        ("<p>29.11.2022 – Die Bundesregierung hat beschlossen, dass der Text lang genug ist.</p>",
         "2022-11-29"),
        ("<p>(21. November 2022) Energieverbraucher erhalten eine Preiserhöhung nach der nächsten.</p>"
         '<span class="newsitem-time">29.11.2022</span>', "2022-11-21"),
        ("<p>BERLIN, 21 November 2022: the story starts here and goes on for a while.</p>", "2022-11-21"),
        ("<p>Vor 3 Stunden – a relative dateline is not an absolute date.</p>", None),
        # a date right after a label naming it the publication date beats unlabelled dates
        ('<span>Erschienen am:</span><h2>13.10.2021</h2><li class="timestamp">15.10.2021</li>',
         "2021-10-13"),
        ("<dl><dt>Published:</dt><dd>3 March 2024</dd></dl>", "2024-03-03"),
        ('<span>Update:</span><h2>13.10.2021</h2>', None),
        # a generic "Datum:" / "Date:" label names the document's date
        ('<div class="docData"><span class="label">Datum:</span> <span class="value">18.10.2021</span></div>',
         "2021-10-18"),
        ("<dl><dt>Date:</dt><dd>3 March 2024</dd></dl>", "2024-03-03"),
        # a dateline "date | section" opening the article text
        ("<p>2021-10-16 | Botschaft</p>", "2021-10-16"),
    ],
)
def test_visible_publication_dates(body, expected_day):
    article = extract_article(_page(body=body), "https://x.example/a", fetched_at=FETCHED)
    day = article.published_at.date().isoformat() if article.published_at else None
    if expected_day is None:
        assert article.provenance.get("published_at") in (None, "htmldate")
    else:
        assert day == expected_day
        assert article.provenance["published_at"] == "html"


# --------------------------------------------------------------------------- main-text passes
# The cheap fast precision pass is enough for an ordinary article; the heavier passes run
# only when it kept less than half of the page's paragraph text.


_TEXT = _PARAGRAPH[3:-4] * 2
_FAST, _FULL, _BALANCED = "fast precision", "precision", "balanced"


@pytest.mark.parametrize(
    ("outputs", "expected_passes"),
    [
        ({_FAST: _TEXT, _FULL: _TEXT, _BALANCED: _TEXT}, [_FAST]),
        ({_FAST: "", _FULL: _TEXT, _BALANCED: _TEXT}, [_FAST, _FULL]),
        ({_FAST: "", _FULL: "", _BALANCED: _TEXT}, [_FAST, _FULL, _BALANCED]),
    ],
)
def test_heavier_main_text_passes_only_when_the_fast_one_loses_text(monkeypatch, outputs,
                                                                     expected_passes):
    import trafilatura

    calls: list[str] = []

    def fake_extract(tree, *, fast=False, favor_precision=False, **options):
        name = _FAST if fast else _FULL if favor_precision else _BALANCED
        calls.append(name)
        return outputs[name]

    monkeypatch.setattr(trafilatura, "extract", fake_extract)
    article = extract_article(_page(body=_PARAGRAPH), "https://x.example/a", fetched_at=FETCHED)
    assert calls == expected_passes
    assert "long enough to count" in article.body


def test_a_short_wordpress_post_keeps_its_paragraphs_not_the_flattened_post_around_them() -> None:
    """Three short paragraphs among readers' comments, a sidebar, an author box, share buttons
    and Jetpack's related posts (WordPress's usual single-post page): the comments' paragraphs
    do not make the precise text look lost, and trafilatura's flattened last resort (headline,
    byline, caption and related headlines in one line) never replaces it."""
    article = extract("en_wordpress_short_post.html",
                      "https://kwavewire.example/2026/12/05/office-spring-renewed-season-2-coupang-play/")
    assert article.body == (
        "Coupang Play has officially renewed its hit comedy “Office Spring” for a second season.\n\n"
        "Stars Ahn Bo-hyun and Lee Joo-myung will return, the streamer said on December 5.\n\n"
        "Season 2 is expected to arrive in 2028.")
    assert article.tags == ("Drama", "Renewal")  # JSON-LD articleSection (WordPress/Yoast)


def test_tags_from_links_marked_as_the_posts_tags() -> None:
    page = ("<html><body><article><h1>Title</h1>" + _PARAGRAPH + "<footer>Posted in "
            "<a href='/category/drama/' rel='category tag'>Drama</a>, <a href='/tag/netflix/' rel='tag'>Netflix</a>"
            "</footer></article><div id='comments'><a rel='tag' href='/x'>Spam</a></div></body></html>")
    article = extract_article(page, "https://x.example/a", fetched_at=FETCHED)
    assert article.tags == ("Drama", "Netflix") and article.provenance["tags"] == "html"


@pytest.mark.parametrize(("name", "first", "last"), [
    # Naver's layout: the article is lines split by <br><br> in #dic_area, with no <p>; the
    # only <p> on the page is a reader's comment in the comment box (u_cbox)
    ("ko_naver_br_lines.html", "JTBC 새 토일드라마", "김석윤 감독이 연출을 맡았다."),  # as stored: no dateline
    ("ko_naver_br_only.html", "넷플릭스 시리즈 '얼음꽃'", "연출은 김원석 감독이 맡았다."),  # as stored: no dateline
])
def test_an_article_laid_out_in_br_lines_is_extracted_whole(name: str, first: str, last: str) -> None:
    article = extract(name)
    assert article.page_type == "article"
    lines = normalise_body(article.body).split("\n\n")  # as stored: the reporter's sign-off dropped
    assert any(first in line for line in lines[:2]), lines
    assert lines[-1].endswith(last), lines
    assert "조합 미쳤다" not in article.body  # the comment


@pytest.mark.parametrize(("lead", "reporter"), [
    ("(서울=연합뉴스) 홍길동 기자 = 배우 김수현이 새 드라마에 출연한다.", "홍길동"),
    ("[OSEN=김민지 기자] 넷플릭스 시리즈 '얼음꽃'이 공개된다.", "김민지"),
])
def test_a_korean_reporter_line_names_the_author(lead: str, reporter: str) -> None:
    page = f"<html><body><article><h1>제목</h1><p>{lead}</p>{_PARAGRAPH}</article></body></html>"
    assert extract_article(page, "https://news.example.kr/a/1", fetched_at=FETCHED).authors == (reporter,)


def test_a_korean_news_cms_info_line_gives_the_time_and_the_reporter() -> None:
    """The articleView.html?idxno= layout of many Korean outlets: the label follows an icon,
    so the line's own text is blank. Before, the day came from htmldate at midnight (the
    article then fell on the previous UTC day) and no author was found."""
    page = ("<html lang='ko'><body><div class='article-head'><h1>김태리, 새 드라마 주연</h1>"
            "<ul class='infomation'><li><i class='icon-user-o' aria-hidden='true'></i> 김민지 기자</li>"
            "<li><i class='icon-clock-o' aria-hidden='true'></i> 입력 2026.12.05 09:12</li></ul></div>"
            f"<article id='article-view-content-div'>{_PARAGRAPH}</article></body></html>")
    article = extract_article(page, "https://www.star.example.kr/news/articleView.html?idxno=301245",
                              fetched_at=datetime(2026, 12, 5, 6, 0, tzinfo=UTC), timezone="Asia/Seoul")
    assert article.published_at == datetime(2026, 12, 5, 9, 12, tzinfo=timezone(timedelta(hours=9)))
    assert article.authors == ("김민지",)


@pytest.mark.parametrize(("server_charset", "declared"), [("utf-8", ""), ("iso-8859-1", ""), (None, "iso-8859-1")])
def test_a_charset_that_does_not_fit_the_bytes_is_not_used(server_charset: str | None, declared: str) -> None:
    """A CP949 page served or declared as UTF-8 or Latin-1 by a misconfigured server was stored
    as mojibake (and its language read as English)."""
    meta = f"<meta charset='{declared}'>" if declared else ""
    page = (f"<html><head>{meta}<title>배우 김태리, 새 드라마 '겨울 정거장' 주연 확정</title></head>"
            "<body><p>김태리가 tvN 새 드라마 '겨울 정거장'에 출연한다.</p></body></html>").encode("cp949")
    assert "김태리" in decode_page(page, server_charset)
    french = "<html><head><title>Café</title></head><body><p>Déjà vu à la française.</p></body></html>"
    assert decode_page(french.encode("latin-1"), "iso-8859-1") == french  # a charset that fits is used


def test_an_update_time_labelled_anywhere_in_the_article_is_its_modified_time() -> None:
    """Oricon's "（最終更新：…）" line closes the article, in an element no class marks as a date."""
    page = ("<html lang='ja'><head><meta property='article:published_time' content='2026-12-03T12:00:00+09:00'></head>"
            "<body><article><h1>キム・スヒョン主演決定</h1>" + _PARAGRAPH +
            "<p class='credit'>（最終更新：2026-12-03 15:40）</p></article></body></html>")
    article = extract_article(page, "https://www.oricon.example/news/1/", fetched_at=FETCHED)
    assert article.modified_at == datetime(2026, 12, 3, 15, 40, tzinfo=timezone(timedelta(hours=9)))


@pytest.mark.parametrize("byline", ["Published December 4, 2026 9:00pm ET", "Posted on July 4, 2026 at 9:00 PM ET"])
def test_a_byline_with_only_a_label_and_a_date_names_no_author(byline: str) -> None:
    page = (f"<html><body><article><h1>Title of the news</h1><p class='byline'>{byline}</p>{_PARAGRAPH}"
            "</article></body></html>")
    assert extract_article(page, "https://x.example/a", fetched_at=FETCHED).authors == ()


def test_an_authors_email_is_not_part_of_the_name() -> None:
    page = ("<html><head><meta name='author' content='Lee Yoon-seo (yoonseo@heraldcorp.com)'></head><body><article>"
            "<h1>'Ice Flower' Release Date Set For Dec. 26</h1>" + _PARAGRAPH + "</article></body></html>")
    assert extract_article(page, "https://x.example/ice-flower", fetched_at=FETCHED).authors == ("Lee Yoon-seo",)


def test_json_ld_keywords_keep_list_items_whole_and_entities_are_decoded() -> None:
    ld = {"@type": "NewsArticle", "headline": "Cast set", "author": {"@type": "Person", "name": "R&amp;D Desk"},
          "keywords": ["Love, Actually; Again", "Tom &amp; Jerry", "Netflix"]}
    page = (f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head><body><article>"
            "<h1>Cast set</h1>" + _PARAGRAPH + "</article></body></html>")
    article = extract_article(page, "https://x.example/cast", fetched_at=FETCHED)
    assert article.tags == ("Love, Actually; Again", "Tom & Jerry", "Netflix")
    assert article.authors == ("R&D Desk",)
    one_string = page.replace(json.dumps(ld), json.dumps({**ld, "keywords": ["casting, Netflix"]}))
    assert extract_article(one_string, "https://x.example/cast", fetched_at=FETCHED).tags == ("casting", "Netflix")


def test_a_copyright_year_is_no_publication_date() -> None:
    page = ("<html><body><article><h1>Gong Yoo returns</h1>" + _PARAGRAPH + "</article>"
            "<footer>© 2024 Hallyu Buzz. All rights reserved.</footer></body></html>")
    article = extract_article(page, "https://x.example/news/undated-gong-yoo", fetched_at=FETCHED)
    assert article.published_at is None, article.provenance.get("published_at")


def test_the_date_in_a_byline_is_no_author() -> None:
    page = ("<html><head><title>'Ice Flower' Release Date Set</title></head><body><article>"
            "<h1>'Ice Flower' Release Date Set For Dec. 26</h1><div class='entry-content'>"
            "<p class='byline'>By Jane Doe | Dec. 4, 2026 at 9:00 PM EST</p>" + _PARAGRAPH + "</div></article></body></html>")
    article = extract_article(page, "https://x.example/ice-flower", fetched_at=FETCHED)
    assert article.authors == ("Jane Doe",)


def test_a_flattened_balanced_text_never_replaces_precise_paragraphs(monkeypatch) -> None:
    import trafilatura

    flattened = "Title Posted on 1 March by A. Writer Share this: Twitter Facebook Related " + _TEXT
    outputs = {_FAST: "One paragraph.\nAnother paragraph.", _FULL: "One paragraph.\nAnother paragraph.",
               _BALANCED: flattened}
    monkeypatch.setattr(trafilatura, "extract", lambda tree, *, fast=False, favor_precision=False, **_: outputs[
        _FAST if fast else _FULL if favor_precision else _BALANCED])
    article = extract_article(_page(body=_PARAGRAPH), "https://x.example/a", fetched_at=FETCHED)
    assert article.body == "One paragraph.\n\nAnother paragraph."


# --------------------------------------------------------------------------- the headline's byline
_ARTICLE = "<p>" + "A sentence long enough to count as article text. " * 6 + "</p>"


@pytest.mark.parametrize(
    ("body", "expected_day"),
    [
        # an unmarked byline line right under the headline
        ('<h1>Elder: from the ghetto to Augusta</h1><p class="tw-text-14"><br>1. Februar 2022 , Daniel D.</p>',
         "2022-02-01"),
        # a date-marked teaser above the headline loses to the article's own date line below it
        ('<aside><div class="field-daterange">19.1.23, 10:00-11:30 Uhr</div></aside>'
         '<h1>Verjährung von Urlaubsansprüchen</h1><div class="field-post-date">20.12.2022</div>', "2022-12-20"),
        # a byline under the headline that says "updated" is not the publication date
        ("<h1>Title</h1><p>Updated 3 March 2024</p>", None),
        # several headlines (a listing): no byline guess
        ("<h1>One</h1><p>1 March 2024</p><h1>Two</h1><p>2 March 2024</p>", None),
    ],
)
def test_date_under_the_headline(body, expected_day):
    page = f"<html><body><article>{body}{_ARTICLE}</article></body></html>"
    article = extract_article(page, "https://x.example/a", fetched_at=FETCHED)
    if expected_day is None:
        assert article.provenance.get("published_at") in (None, "htmldate")
    else:
        assert article.published_at.date().isoformat() == expected_day
        assert article.provenance["published_at"] == "html"


@pytest.mark.parametrize(
    ("shown", "expected_day", "layer"),
    [
        # structured dates far from the URL's day: the URL wins ...
        ("", "2022-05-02", "url"),
        # ... unless the page shows readers the structured day under the headline
        ('<time datetime="2022-05-08T06:00:00-05:00">08 May 2022</time>', "2022-05-08", "jsonld"),
        # an "updated" line showing that day is no such evidence
        ('<span class="date">Updated 08 May 2022</span>', "2022-05-02", "url"),
    ],
)
def test_url_day_against_a_structured_day_the_page_shows(shown, expected_day, layer):
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
            ' "datePublished": "2022-05-08T06:00:00-05:00"}</script>')
    page = f"<html><head>{head}</head><body><h1>T</h1>{shown}{_ARTICLE}</body></html>"
    article = extract_article(page, "https://x.example/2022/05/02/story/", fetched_at=FETCHED)
    assert article.published_at.date().isoformat() == expected_day
    assert article.provenance["published_at"] == layer


def test_titles_in_italics_are_kept_for_entity_recognition() -> None:
    html = b"""<html><head><title>Park Seo-joon joins a series</title>
<meta property="og:type" content="article"></head><body><article><h1>Park Seo-joon joins a series</h1>
<p>Park Seo-joon will lead <em>Gyeongseong Creature</em>, the streamer told <i>Variety</i> on Monday.</p>
<p>The series follows two people in 1945 Seoul who face a monster born of human greed. Filming begins
in spring, and the cast also includes Han So-hee, best known for <cite>My Name</cite>.</p>
<p>More details will follow as production moves forward, with a premiere set for December.</p>
</article><nav><em>Trending now</em></nav></body></html>"""
    article = extract_article(html, "https://example.com/news/1")
    assert article.emphasis == ("Gyeongseong Creature", "Variety", "My Name")  # not the menu's


_STORY = """<p>TVING has locked the lead cast for Neon Alley, its upcoming crime drama set in Busan.</p>
<p>Ryu Ji-an, Baek Seung-ho and Moon Ha-yul will headline the eight-episode series, the Korean streamer
confirmed on Saturday. Ryu plays a narcotics detective who goes undercover as a bartender.</p>
<p>Filming is set to begin in December, and the series is expected to premiere in the second half of 2027.</p>"""


def test_body_does_not_repeat_the_headline_kept_from_the_article_container() -> None:
    page = f"""<html><head><title>Neon Alley rounds out its cast — StreamBeat</title></head><body>
<div class="story"><h1>Neon Alley Rounds Out Its Cast</h1>{_STORY}</div>
<footer>&copy; 2026 StreamBeat</footer></body></html>"""
    article = extract_article(page, "https://streambeat.example/news/neon-alley.html", fetched_at=FETCHED)
    assert article.title == "Neon Alley Rounds Out Its Cast"
    assert article.body.startswith("TVING has locked the lead cast")


def test_byline_beside_the_headline_gives_the_author_and_a_commenter_does_not() -> None:
    byline = ('<div class="byline">By <a href="/staff/dana-whitfield.html">Dana Whitfield</a> &middot; '
              '<time datetime="2026-11-21T13:40:00-08:00">Nov. 21, 2026</time></div>')
    comments = ('<section id="comments"><div class="comment"><span class="author">Kdramafan88</span>'
                '<p>Cannot wait for this one!</p></div></section>')
    url = "https://streambeat.example/news/neon-alley.html"
    bylined = extract_article(
        f"<html><body><main><div class='story'><h1>Neon Alley</h1>{byline}"
        f"<div class='story-body'>{_STORY}</div></div></main>{comments}</body></html>", url, fetched_at=FETCHED)
    assert bylined.authors == ("Dana Whitfield",)
    assert bylined.provenance["authors"] == "trafilatura"
    unsigned = extract_article(
        f"<html><body><main><div class='story'><h1>Neon Alley</h1>"
        f"<div class='story-body'>{_STORY}</div></div></main>{comments}</body></html>", url, fetched_at=FETCHED)
    assert unsigned.authors == ()


@pytest.mark.parametrize(
    ("title", "site_name", "url", "expected"),
    [
        # the site's name as its og:site_name writes it, or as its host does
        ("Song Joong-ki to lead Netflix's 'Glass Garden' | Soompi", "Soompi", "https://www.soompi.com/article/1",
         "Song Joong-ki to lead Netflix's 'Glass Garden'"),
        ("New York man pleads guilty to threatening to kill Omar | TheHill", "The Hill", "https://thehill.com/a",
         "New York man pleads guilty to threatening to kill Omar"),
        ("Daily Deals: More Black Friday Deals Are Live, Including AirPods - IGN", None, "https://www.ign.com/a",
         "Daily Deals: More Black Friday Deals Are Live, Including AirPods"),
        ("What is Rust and why is it so popular? - Stack Overflow Blog", None, "https://stackoverflow.blog/a",
         "What is Rust and why is it so popular?"),
        ("So viel Regen gab es lange nicht : 31.10.2023, 10.19 Uhr", None, "https://www.x.de/a",
         "So viel Regen gab es lange nicht"),
        # a section, then the site's name (Nikkan Sports' og:title)
        ("高村蒼真、日曜劇場初主演「白夜の法廷」で弁護士役 - 芸能 : 日刊スポーツ", "日刊スポーツ", "https://www.nikkansports.com/a",
         "高村蒼真、日曜劇場初主演「白夜の法廷」で弁護士役"),
        # what is not the site's name stays
        ("Kim Soo-hyun on 'Queen of Tears' - The Interview", "Soompi", "https://www.soompi.com/a",
         "Kim Soo-hyun on 'Queen of Tears' - The Interview"),
        ("Results: Schülerinnen A, Aalen-Unterkochen, 19.5.2007", None, "https://www.x.de/a",
         "Results: Schülerinnen A, Aalen-Unterkochen, 19.5.2007"),
    ],
)
def test_a_title_loses_the_site_name_its_template_appends(title: str, site_name: str | None, url: str,
                                                         expected: str) -> None:
    head = f'<meta property="og:title" content="{title}">' + (
        f'<meta property="og:site_name" content="{site_name}">' if site_name else "")
    page = f"<html><head>{head}</head><body><article>{_PARAGRAPH}</article></body></html>"
    assert extract_article(page, url, fetched_at=FETCHED).title == expected


#: An old Korean outlet's page laid out in one table (Newsen's style): the headline, the
#: times and the share bar in rows of their own, then the article as <br> lines in one cell,
#: with the photo in a small table of its own and its caption under it.
_TABLE_LAYOUT = """<html lang="ko"><head><meta charset="utf-8"><title>전지현, 디즈니+ '북극성' 출연 확정 - 뉴스엔</title></head><body>
<table class="news_view"><tr><td class="title"><h1>전지현, 디즈니+ '북극성' 출연 확정</h1>
<span>기사입력 2026.12.02 09:30 | 최종수정 2026.12.02 09:31</span></td></tr>
<tr><td class="share"><a>페이스북</a> <a>트위터</a> <a>카카오톡</a> <a>URL복사</a> <a>인쇄</a></td></tr>
<tr><td class="contents"><table align="center"><tr><td><img src="/photo/1.jpg"></td></tr>
<tr><td class="caption">전지현 / 뉴스엔DB</td></tr></table>
[뉴스엔 배효주 기자] 배우 전지현이 디즈니+ 새 시리즈 '북극성' 주인공으로 출연을 확정했다.<br><br>
디즈니+는 2일 "전지현이 유엔대사 출신 문주 역을 맡는다"며 "강동원이 상대역으로 함께한다"고 밝혔다.<br><br>
'북극성'은 '헤어질 결심' 정서경 작가가 집필하고 김희원 감독이 연출한다. 내년 하반기 공개된다.<br><br>
뉴스엔 배효주 hyo@newsen.com<br><br>정확한 뉴스와 깊이 있는 정보 ⓒ 뉴스엔 무단전재 &amp; 재배포금지
</td></tr></table></body></html>"""


def test_an_article_laid_out_in_a_table_comes_out_as_paragraphs() -> None:
    article = extract_article(_TABLE_LAYOUT, "https://www.newsen.com/news_view.php?uid=1", fetched_at=FETCHED)
    lines = normalise_body(article.body).split("\n\n")
    assert lines == [
        "배우 전지현이 디즈니+ 새 시리즈 '북극성' 주인공으로 출연을 확정했다.",
        "디즈니+는 2일 \"전지현이 유엔대사 출신 문주 역을 맡는다\"며 \"강동원이 상대역으로 함께한다\"고 밝혔다.",
        "'북극성'은 '헤어질 결심' 정서경 작가가 집필하고 김희원 감독이 연출한다. 내년 하반기 공개된다.",
    ]


@pytest.mark.parametrize("photo", [
    # Mantan Web's style: the photo with a line under it in a box of its own
    '<div class="article__photo"><img src="/images/1.jpg"><p>「ひだまりの庭」のビジュアル</p></div>',
    # Star News' style: the photo and its credit in the cells of a small table
    '<table class="img_tbl"><tr><td><img src="/photo/1.jpg"></td></tr><tr><td class="cap">/사진=쿠팡플레이</td></tr></table>',
    # a photo's box with the credit under the image, in a cell of a table named for the photo
    '<table class="photo"><tr><td><img src="/photo/1.jpg"><br>（C）2027「ひだまりの庭」製作委員会 予告編より</td></tr></table>',
])
def test_an_images_caption_is_not_article_text(photo: str) -> None:
    lead = "俳優の佐藤健が主演を務める映画「ひだまりの庭」が2027年春に公開されることが決まった。" * 3
    more = "監督は是枝裕和が務め、共演には有村架純と松坂桃李が名を連ねる。撮影は来月から始まる。" * 3
    page = f"<html><body><article><h1>新作映画</h1>{photo}<p>{lead}</p><p>{more}</p></article></body></html>"
    body = extract_article(page, "https://x.example/a", fetched_at=FETCHED).body
    assert body == f"{lead}\n\n{more}"


@pytest.mark.parametrize("reference", ["&#8;", "&#x1b;", "&#65535;", "&#xD800;", "&#1114112;"])
def test_a_reference_to_a_character_xml_cannot_hold_loses_only_that_character(reference: str) -> None:
    """One "&#8;" in a paragraph emptied the whole body (trafilatura discards what it cannot
    serialise), so a crawl dropped the article as no article."""
    page = (FIXTURES / "en_time_only.html").read_text("utf-8")
    clean = extract_article(page, "https://x.example/a", fetched_at=FETCHED)
    first_words = clean.body.split("\n")[0][:40]
    broken = page.replace(first_words, first_words.replace(" ", f" {reference}", 1), 1)
    assert broken != page
    article = extract_article(broken, "https://x.example/a", fetched_at=FETCHED)
    assert article.body.replace(" ", "") == clean.body.replace(" ", "")


def test_a_news_sitemaps_exact_date_beats_a_year_guessed_from_the_page() -> None:
    """Variety's gallery shows no date; htmldate read the "2026" of its title as 1 January and
    won over the news sitemap's 2026-12-05T08:00:00-08:00."""
    page = ("<html lang='en'><head><title>The Best K-Dramas of 2026 (Photos) - Variety</title>"
            "<meta property='og:type' content='article'></head><body><h1>The Best K-Dramas of 2026</h1>"
            f"<div class='c-gallery'>{_PARAGRAPH}</div></body></html>")
    hints = FeedHints(published_at=utc(2026, 12, 5, 16, 0), published_raw="2026-12-05T08:00:00-08:00",
                      source="news-sitemap")
    article = extract_article(page, "https://variety.com/gallery/best-k-dramas-2026-1236601300/", hints=hints,
                              fetched_at=utc(2026, 12, 6, 0, 0))
    assert article.published_at == utc(2026, 12, 5, 16, 0)
    assert article.provenance["published_at"] == "hint"


def test_a_yonhap_byline_box_gives_the_reporters_name_alone() -> None:
    """Yonhap's byline box: the name, then "기자", then a "기자 페이지 구독" button; the author
    was stored as "이정현 기자 기자 페이지 구독"."""
    page = ("<html lang='ko'><body><header class='title-article01'><h1 class='tit'>송강·한소희, 넷플릭스 스릴러 주연</h1>"
            "<p class='update-time'>송고시간2026-12-06 09:41</p></header>"
            "<div class='writer-zone01'><div class='tit-cont'><strong class='tit-name'>"
            "<a href='//www.yna.co.kr/reporter/lee'>이정현</a></strong><span class='txt-desc'>기자</span></div>"
            "<button class='btn-type-subscribe'>기자 페이지 구독</button></div>"
            f"<div class='story-news article'>{_PARAGRAPH}</div></body></html>")
    article = extract_article(page, "https://www.yna.co.kr/view/AKR20261206021700005", fetched_at=FETCHED)
    assert article.authors == ("이정현",)


@pytest.mark.parametrize(("written", "name"), [
    ("Jane Doe, Staff Writer", "Jane Doe"),
    ("Patrick Frater, Asia Bureau Chief", "Patrick Frater"),
    ("Jane Doe Senior Correspondent", "Jane Doe"),
    ("山田太郎 記者", "山田太郎"),
    ("김민지 특파원", "김민지"),
    ("Jane Doe Follow", "Jane Doe"),
    ("Jane Doe", "Jane Doe"),
])
def test_a_job_title_or_a_button_is_no_part_of_an_authors_name(written: str, name: str) -> None:
    page = (f"<html><head><meta name='author' content='{written}'></head><body><article><h1>Cast set</h1>"
            f"{_PARAGRAPH}</article></body></html>")
    assert extract_article(page, "https://x.example/cast", fetched_at=FETCHED).authors == (name,)


_VIP_LD = {"@context": "http://schema.org", "@type": "NewsArticle", "headline": "Why K-Drama Budgets Are Falling",
           "isAccessibleForFree": "False",
           "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".vip-paywall"}}


@pytest.mark.parametrize("marked", [
    "by JSON-LD",  # the part JSON-LD marks as not free
    "by its class",  # no JSON-LD: a box its class names the paywall
])
def test_a_paywalls_prompt_is_no_part_of_the_body(marked: str) -> None:
    """Variety's VIP+ articles ended with "This article is for VIP+ subscribers." and
    "Already a subscriber? Log in"."""
    page = (FIXTURES / "en_variety_vip_paywall.html").read_text()
    if marked == "by its class":
        page = page.replace('"hasPart"', '"hadPart"')
    article = extract_article(page, "https://variety.com/2026/tv/news/kdrama-streaming-boom-analysis-vip-1236601290/",
                              fetched_at=FETCHED)
    assert article.body.endswith("down from 25 the year before."), article.body
    assert article.body.startswith("Korean drama budgets fell for the first time in a decade this year")


def test_the_text_of_a_part_marked_not_free_stays_in_the_body() -> None:
    """A site that serves the whole article to crawlers marks all of it as not free: it is the article."""
    ld = {**_VIP_LD, "hasPart": {**_VIP_LD["hasPart"], "cssSelector": ".metered"}}
    page = (f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head><body><article>"
            f"<h1>Why K-Drama Budgets Are Falling</h1><div class='metered'>{_PARAGRAPH * 3}"
            "<p>Subscribers of the streamer rose by a tenth, the company said.</p></div></article></body></html>")
    article = extract_article(page, "https://x.example/a", fetched_at=FETCHED)
    assert "A sentence long enough" in article.body
    assert article.body.endswith("Subscribers of the streamer rose by a tenth, the company said.")


def _teaser_page(head: str = "", after: str = "") -> str:
    """An article page of two short paragraphs, with ``head`` in its head and ``after`` after its text."""
    return (f"<html><head>{head}</head><body><article><h1>Why K-Drama Budgets Are Falling</h1>"
            "<p>Korean drama budgets fell for the first time in a decade this year.</p>"
            f"<p>Netflix commissioned 18 Korean originals in 2026.</p>{after}</article></body></html>")


def _ld(**fields: object) -> str:
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Why K-Drama Budgets Are Falling",
            **fields}
    return f"<script type='application/ld+json'>{json.dumps(node)}</script>"


_PROMPT_BOX = ("<div class='paywall-prompt'><h3>This article is for subscribers.</h3>"
               "<p>Already a subscriber? <a href='/login'>Log in</a></p></div>")


@pytest.mark.parametrize(("page", "layer"), [
    # Variety VIP+: the article and its part after the teaser marked "False" (text), a prompt in the part
    ((FIXTURES / "en_variety_vip_paywall.html").read_text(), "jsonld"),
    # a Japanese premium article: false (JSON), the part marked not free holds only the prompt
    ((FIXTURES / "ja_premium_paywall.html").read_text(), "jsonld"),
    (_teaser_page(_ld(isAccessibleForFree=False)), "jsonld"),  # the part not free left out of the page
    (_teaser_page(_ld(hasPart={"@type": "WebPageElement", "isAccessibleForFree": "false",
                               "cssSelector": ".locked"})), "jsonld"),  # only the part says so
    (_teaser_page("<meta property='article:content_tier' content='locked'>"), "meta"),
    (_teaser_page("<meta name='content_tier' content='Locked'>"), "meta"),
    (_teaser_page(after=_PROMPT_BOX), "html"),  # a paywall's box asks to subscribe, nothing else says so
])
def test_a_page_showing_only_the_start_of_the_article_is_paywalled(page: str, layer: str) -> None:
    """Variety's VIP+ articles and Japanese and Korean premium articles show a teaser: the
    article stored was that teaser, and nothing told the reader."""
    article = extract_article(page, "https://x.example/a", fetched_at=FETCHED)
    assert article.paywalled is True
    assert article.provenance["paywalled"] == layer


_WHOLE_TEXT = _PARAGRAPH * 3
_DISTINCT_PARAGRAPHS = "".join("<p>" + f"Paragraph {n} of the article, long enough to count as its text. " * 3 + "</p>"
                               for n in range(6))
_NOT_FREE = {"isAccessibleForFree": False}


def _beside_a_free_article(other: dict) -> str:
    """A page's JSON-LD: its article, free, and ``other`` in the same graph."""
    graph = [{"@type": "NewsArticle", "headline": "Why K-Drama Budgets Are Falling", "datePublished": "2026-03-01",
              "isAccessibleForFree": True}, other]
    return f"<script type='application/ld+json'>{json.dumps({'@context': 'https://schema.org', '@graph': graph})}</script>"


@pytest.mark.parametrize("page", [
    _teaser_page(),  # nothing says it is cut
    _teaser_page("<meta property='article:content_tier' content='free'>"),
    # metered (a few free articles a month): the page serves it whole, whatever JSON-LD says (Wired)
    _teaser_page("<meta property='article:content_tier' content='metered'>"),
    _teaser_page(_ld(isAccessibleForFree=False) + "<meta property='article:content_tier' content='metered'>"),
    _teaser_page("<meta name='robots' content='noarchive'>"),  # kept out of caches: no paywall
    # served whole to crawlers inside the part marked not free
    _teaser_page(_ld(isAccessibleForFree="False", hasPart={"@type": "WebPageElement", "isAccessibleForFree": "False",
                                                           "cssSelector": ".metered"}),
                 f"<div class='metered'>{_WHOLE_TEXT}</div>"),
    # served whole inside a box its class names the paywall
    _teaser_page(after=f"<div class='paywall-content'>{_WHOLE_TEXT}</div>"),
    # the publisher's own copy of the whole text, in JSON-LD: the body is whole
    _teaser_page(_ld(isAccessibleForFree=False, articleBody="Korean drama budgets fell. " + "Whole text here. " * 40)),
    # the publisher says it is free: a box of its class names is no paywall
    _teaser_page(_ld(isAccessibleForFree=True), _PROMPT_BOX),
    # GateHouse's papers (hutchnews, monroenews): "false", the part marked not free is in no page, the text whole
    _teaser_page(_ld(isAccessibleForFree="false", hasPart={"@type": "WebPageElement", "isAccessibleForFree": "False",
                                                           "cssSelector": ".paywall-is-accessible-for-free"}),
                 after=_DISTINCT_PARAGRAPHS),
    # not free, says a related article, the site or a list's entry: not this article
    _teaser_page(_beside_a_free_article({"@type": "NewsArticle", "headline": "Premium: line by line", **_NOT_FREE})),
    _teaser_page(_beside_a_free_article({"@type": "WebSite", "name": "X", **_NOT_FREE})),
    _teaser_page(_beside_a_free_article({"@type": "ItemList", "itemListElement": [
        {"@type": "NewsArticle", "headline": "Premium: line by line", **_NOT_FREE}]})),
])
def test_a_page_holding_the_whole_article_is_not_paywalled(page: str) -> None:
    article = extract_article(page, "https://x.example/a", fetched_at=FETCHED)
    assert article.paywalled is False
    assert "paywalled" not in article.provenance


def test_an_article_element_marked_not_free_holding_the_text_is_the_article_served_whole() -> None:
    """Die Tagespost marks its ``<article class="art-detail">`` as not free, and serves it whole."""
    ld = {**_VIP_LD, "hasPart": {**_VIP_LD["hasPart"], "cssSelector": ".art-detail"}}
    page = (f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head><body>"
            f"<article class='art-detail'><h1>Why K-Drama Budgets Are Falling</h1>{_DISTINCT_PARAGRAPHS}"
            "<p>Already a subscriber? Log in to comment.</p></article></body></html>")
    article = extract_article(page, "https://x.example/a", fetched_at=FETCHED)
    assert article.paywalled is False
    assert article.body.startswith("Paragraph 0 of the article") and "Paragraph 5 of the article" in article.body


def test_a_source_credit_in_italics_is_no_emphasised_title() -> None:
    """Koreaboo ends a post with ``<em>Source: Sports Chosun</em>``: a credit line, dropped from
    the body as stored, which entities read as a show named "Source: Sports Chosun"."""
    page = ("<html lang='en'><body><article><h1>Song Kang And Han So Hee Lead Night Signal</h1>"
            "<div class='entry-content'><p>Netflix confirmed the cast of its thriller series <em>Night Signal</em>"
            ". Song Kang and Han So Hee star as two radio hosts who receive calls from a kidnapper.</p>"
            f"{_PARAGRAPH}<p><em>Source: <a href='https://n.news.naver.com/'>Sports Chosun</a></em></p>"
            "</div></article></body></html>")
    article = extract_article(page, "https://www.koreaboo.com/news/night-signal/", fetched_at=FETCHED)
    assert article.emphasis == ("Night Signal",)
    body = normalise_body(article.body)
    assert "Sports Chosun" not in body
    shows = [m.name for m in find_entities(article.title, body, "en", emphasis=article.emphasis).shows]
    assert shows == ["Night Signal"]


# a tag, author, category or paging page is no article, even without a listing's JSON-LD:
# its address, its Yoast title, its teasers (headline + excerpt) and no text of its own say so
@pytest.mark.parametrize(("name", "url"), [
    ("en_tag_archive.html", "https://www.koreaboo.com/tag/netflix/"),
    ("en_tag_archive.html", "https://www.koreaboo.com/netflix-news/"),  # teasers alone
    ("en_author_archive.html", "https://www.koreaboo.com/author/gina-kim/"),
    ("en_paged_section.html", "https://www.koreaboo.com/news/page/2/"),
    ("en_teaser_list_dated.html", "https://variety.com/t/netflix/"),  # teasers with their times
])
def test_archive_pages_are_listings(name, url):
    assert extract(name, url).page_type == "listing"


def test_archive_address_or_title_alone_makes_a_listing():
    bare = (b'<html><head><title>%s</title><meta property="og:type" content="website"></head><body>'
            b'<h1>Gina Kim</h1><p>Gina writes about Korean dramas, their casts and what streams next.'
            b' She has covered the industry for Koreaboo since 2019 and lives in Seoul.</p></body></html>')
    assert extract_article(bare % b"Gina Kim - Koreaboo", "https://k.example/author/gina-kim/",
                           fetched_at=FETCHED).page_type == "listing"
    assert extract_article(bare % b"Gina Kim, Author at Koreaboo", "https://k.example/gina-kim/",
                           fetched_at=FETCHED).page_type == "listing"
    assert extract_article(bare % b"Gina Kim - Koreaboo", "https://k.example/gina-kim/",
                           fetched_at=FETCHED).page_type == "article"


def test_article_signals_outweigh_an_archive_address():
    # a post whose address has a category in it is still the post it says it is (og:type, JSON-LD)
    article = extract("en_wordpress_short_post.html", "https://kwavewire.example/category/drama/")
    assert article.page_type == "article"


def test_website_typed_article_with_related_teasers_stays_an_article():
    # og:type=website, no date, a "Related" box of teasers: its own four paragraphs make it one
    assert extract("en_website_article.html", "https://dramanotes.example/thursday-thrillers").page_type == "article"


@pytest.mark.parametrize(("name", "url"), [
    ("en_gallery.html", "https://variety.com/gallery/best-k-dramas-2026-1236601300/"),
    ("en_video.html", "https://variety.com/video/squid-game-cast-interview-1236601320/"),
])
def test_gallery_and_video_pages_are_no_articles(name, url):
    assert extract(name, url).page_type == "other"


def test_one_sentence_news_item_in_japanese_is_an_article():
    assert extract("ja_one_sentence.html", "https://www.oricon.co.jp/news/2412078/").page_type == "article"


@pytest.mark.parametrize(("press", "dateline", "byline", "sign_off", "reporter"), [
    ("뉴스엔", "[뉴스엔 이하나 기자]", "이하나 기자(bliss21@newsen.com)", "뉴스엔 이하나 bliss21@newsen.com", "이하나"),
    ("OSEN", "[OSEN=장우영 기자]", "장우영 기자(elnino8919@osen.co.kr)", "/ elnino8919@osen.co.kr", "장우영"),
    # the reporter only in the byline block under the article
    ("OSEN", "", "장우영 기자(elnino8919@osen.co.kr)", "", "장우영"),
])
def test_a_portal_copy_names_the_reporter_not_the_press(press: str, dateline: str, byline: str, sign_off: str,
                                                        reporter: str) -> None:
    """Naver's entertainment copies credit the press in twitter:creator and og:article:author
    ("뉴스엔 | 네이버 엔터"); the author was "뉴스엔", not the reporter of the byline block."""
    page = (FIXTURES / "ko_naver_entertain_copy.html").read_text()
    page = (page.replace("[뉴스엔 이하나 기자]", dateline).replace("이하나 기자(bliss21@newsen.com)", byline)
            .replace("뉴스엔 이하나 bliss21@newsen.com", sign_off).replace("뉴스엔", press))
    article = extract_article(page, "https://m.entertain.naver.example/entertain/article/609/0000912345",
                              fetched_at=FETCHED)
    assert article.authors == (reporter,)


def test_a_portal_copy_without_a_reporter_names_no_author() -> None:
    page = (FIXTURES / "ko_naver_entertain_copy.html").read_text()
    page = page.replace("[뉴스엔 이하나 기자] ", "").replace("이하나 기자(bliss21@newsen.com)", "")
    page = page.replace("뉴스엔 이하나 bliss21@newsen.com", "")
    article = extract_article(page, "https://m.entertain.naver.example/entertain/article/609/0000912345",
                              fetched_at=FETCHED)
    assert article.authors == ()


@pytest.mark.parametrize(("author", "publisher", "site", "expected"), [
    ("ORICON NEWS", "oricon ME", "ORICON NEWS", ()),  # the site itself
    ("モデルプレス編集部", "モデルプレス", "モデルプレス", ("モデルプレス編集部",)),  # its editorial desk is a byline
    ("Reuters", "Korea Daily", "Korea Daily", ()),  # a wire service
])
def test_an_organisation_author_that_is_the_outlet_is_no_author(author: str, publisher: str, site: str,
                                                                 expected: tuple[str, ...]) -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "白い灯台",
          "author": {"@type": "Organization", "name": author}, "publisher": {"@type": "Organization", "name": publisher}}
    page = (f"<html><head><meta property='og:site_name' content='{site}'>"
            f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script></head>"
            f"<body><article><h1>白い灯台</h1>{_PARAGRAPH}</article></body></html>")
    assert extract_article(page, "https://news.example.jp/news/1/", fetched_at=FETCHED).authors == expected


def test_a_br_laid_out_body_starts_without_its_section_label_and_headline() -> None:
    """Newsen's article is text split by <br> in a div beside a category label and the <h1>;
    the body started "방송\\n\\n'블루 문' 시즌2 온다, …" (label, headline, then the lead)."""
    article = extract("ko_newsen_br_text.html", "https://www.newsen.example/news_view.php?uid=202612061130221510")
    stored = normalise_body(article.body)
    assert stored.startswith("'블루 문' 시즌2 제작이 확정됐다."), stored[:80]
    assert stored.endswith("시즌2는 2027년 하반기 공개될 예정이다."), stored[-80:]


@pytest.mark.parametrize(("head", "lead"), [
    # an English section label named by article:section, no headline in the container
    ("<meta property='article:section' content='TV'>", "<div class='story'><p>TV</p>{story}</div>"),
    # a kicker the page does not mark, above the headline inside the article's container
    ("", "<div class='story'><p>단독</p><h1>Neon Alley Rounds Out Its Cast</h1>{story}</div>"),
    ("", "<div class='story'><p class='kicker'>Exclusive</p><h2>Neon Alley Rounds Out Its Cast</h2>{story}</div>"),
    # a category label in the page's breadcrumbs, then the headline
    ("", "<ol class='breadcrumbs'><li>ホーム</li><li>芸能</li></ol>"
         "<div class='story'><span>芸能</span><h1>Neon Alley Rounds Out Its Cast</h1>{story}</div>"),
])
def test_a_body_starts_with_no_section_label_or_kicker(head: str, lead: str) -> None:
    page = (f"<html><head><title>Neon Alley Rounds Out Its Cast</title>{head}</head><body>"
            f"{lead.format(story=_STORY)}</body></html>")
    article = extract_article(page, "https://streambeat.example/news/neon-alley.html", fetched_at=FETCHED)
    assert article.body.startswith("TVING has locked the lead cast"), article.body[:80]


def test_a_short_first_line_that_is_no_label_stays() -> None:
    page = ("<html><head><title>Neon Alley Rounds Out Its Cast</title></head><body><div class='story'>"
            f"<p>Seoul, Dec. 5</p>{_STORY}</div></body></html>")
    article = extract_article(page, "https://streambeat.example/news/neon-alley.html", fetched_at=FETCHED)
    assert article.body.startswith("Seoul, Dec. 5"), article.body[:80]


def test_a_short_portal_copy_keeps_no_rights_footer() -> None:
    """Yahoo!ニュース's copies end with "Yahoo!ニュース 提供：ORICON NEWS　無断転載を禁じます" below the
    article; the main-text extractor takes it in when the article is short (one of three copies
    kept it)."""
    article = extract("ja_yahoo_copy_short.html", "https://news.yahoo.example/articles/9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c")
    stored = normalise_body(article.body)
    assert stored.endswith("とコメントを寄せた。"), stored[-80:]
    assert "無断転載" not in stored and "提供" not in stored


@pytest.mark.parametrize(("written", "expected"), [
    ("von Alexander Karper", ("Alexander Karper",)),
    ("Autor/in: Korinna Hennig", ("Korinna Hennig",)),
    ("dpa am 25.01.2022", ()),  # an agency and a date
])
def test_a_bylines_label_or_date_is_no_name(written: str, expected: tuple[str, ...]) -> None:
    page = (f"<html><head><meta name='author' content='{written}'></head><body><article><h1>Cast set</h1>"
            f"{_PARAGRAPH}</article></body></html>")
    assert extract_article(page, "https://x.example/cast", fetched_at=FETCHED).authors == expected


def test_a_copy_names_the_page_it_copies_but_an_outlet_linking_elsewhere_does_not() -> None:
    outlet = "https://www.newsen.example/news_view.php?uid=202612061800051210"
    copy = extract("ko_portal_copy.html", "https://entertain.naver.example/article/609/0000912345")
    assert copy.original_url == outlet
    assert extract("ko_outlet_article.html", outlet).original_url is None  # its "구독하기" link is no credit
    credit = _page(body="<article><h1>T</h1><p>Text.</p><p>Yahoo!ニュース 提供：<a href='https://www.oricon.example/'>"
                        "ORICON NEWS</a></p></article>")
    assert extract_article(credit, "https://news.yahoo.example/articles/1").original_url == "https://www.oricon.example/"
    declared = _page(head='<link rel="original-source" href="https://outlet.example/a/1">')
    assert extract_article(declared, "https://mirror.example/1").original_url == "https://outlet.example/a/1"
    own_site = _page(body="<p><a class='origin-link' href='/news/1'>원문 보기</a></p>")
    assert extract_article(own_site, "https://outlet.example/news/1/amp").original_url is None


def test_a_portal_copys_title_loses_the_providers_credit_and_its_yearless_date_is_read() -> None:
    url = "https://news.yahoo.example/articles/3f9a1c7e"
    fetched = datetime(2026, 12, 7, 5, 15, tzinfo=UTC)
    page = extract("ja_portal_copy.html", url, fetched_at=fetched)
    assert page.title == "森下璃子、月9初主演『白い灯台』で高槻蒼と初共演 2027年1月スタート"  # not "…（オリコン）"
    assert page.original_url == "https://www.oricon.example/news/2361001/full/"
    assert page.published_at is not None and page.published_at.astimezone(UTC) == datetime(2026, 12, 6, 9, 0,
                                                                                           tzinfo=UTC)
    # a bracket that names no provider of the page stays
    other = (FIXTURES / "ja_portal_copy.html").read_text("utf-8").replace("（オリコン）", "（前編）")
    assert extract_article(other, url, fetched_at=fetched).title.endswith("スタート（前編）")
