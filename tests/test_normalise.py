"""Table-driven tests for pipeline.normalise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipeline.normalise import (
    accepted_canonical,
    canonical_url,
    canonical_url_key,
    clean_text,
    comparable,
    detect_language,
    normalise_body,
    registrable_domain,
    same_site,
    strip_boilerplate,
    to_utc,
)

SAME_ARTICLE = [
    "https://www.soompi.com/article/1234/han-hyo-joo",
    "http://soompi.com/article/1234/han-hyo-joo/",
    "HTTPS://WWW.SOOMPI.COM:443/article/1234/han-hyo-joo#comments",
    "https://www.soompi.com/article/1234/han-hyo-joo?utm_source=twitter&utm_medium=social",
    "https://www.soompi.com/article/1234/han-hyo-joo?fbclid=abc123&gclid=xyz",
    "https://www.soompi.com/article/1234/han-hyo-joo?ref=homepage&mc_cid=1&mc_eid=2",
    "https://www.soompi.com/article/1234/han-hyo-joo/amp",
    "https://www.soompi.com/article/1234/han-hyo-joo/amp/",
    "https://www.soompi.com/article/1234/han-hyo-joo?amp",
    "https://www.soompi.com/article/1234/han-hyo-joo?amp=1",
    "https://amp.soompi.com/article/1234/han-hyo-joo",
    "https://m.soompi.com/article/1234/han-hyo-joo",
    "https://www.soompi.com/amp/article/1234/han-hyo-joo",
    "http://soompi.com:80/article/1234/han-hyo-joo",
]


@pytest.mark.parametrize("url", SAME_ARTICLE)
def test_url_variants_share_one_key(url: str) -> None:
    assert canonical_url_key(url) == "soompi.com/article/1234/han-hyo-joo"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://example.com/news?id=1", "https://example.com/news?id=2"),
        ("https://example.com/a/B", "https://example.com/a/b"),
        ("https://example.com/news", "https://other.com/news"),
        ("https://example.com:8080/news", "https://example.com/news"),
    ],
)
def test_different_articles_keep_different_keys(first: str, second: str) -> None:
    assert canonical_url_key(first) != canonical_url_key(second)


@pytest.mark.parametrize(
    ("url", "canonical", "expected"),
    [
        # same registrable site: canonical wins
        ("https://m.news.example.co.kr/view?id=9&utm_source=x", "https://news.example.co.kr/article/9",
         "news.example.co.kr/article/9"),
        ("https://www.allkpop.com/amp/article/2024/03/x", "/article/2024/03/x", "allkpop.com/article/2024/03/x"),
        # another site (syndication): ignored
        ("https://www.sportskeeda.com/k-drama/x", "https://www.soompi.com/article/1", "sportskeeda.com/k-drama/x"),
        ("https://example.com/a", "", "example.com/a"),
        ("https://example.com/a", "javascript:void(0)", "example.com/a"),
        # another server (its port), another address: another site too
        ("http://127.0.0.1:8714/copy/1", "http://127.0.0.1:8712/story-1/", "127.0.0.1:8714/copy/1"),
        ("http://10.0.0.1/copy/1", "http://192.168.0.1/story-1/", "10.0.0.1/copy/1"),
        # the scheme's default port named or not: the same site
        ("http://example.com:80/a", "https://example.com:443/b", "example.com/b"),
    ],
)
def test_canonical_link_preferred_on_same_site(url: str, canonical: str, expected: str) -> None:
    assert canonical_url_key(url, canonical) == expected


def test_addresses_whose_site_cannot_be_told_are_not_one_site() -> None:
    """An unreadable port (or no host) gives no site: two such addresses are not the same site,
    and one is no canonical of the other."""
    assert same_site("https://m.example.co.kr/a", "http://www.example.co.kr:80/b")
    assert not same_site("http://a.example:99999/x", "http://b.example:99999/y")
    assert not same_site("/no/host", "/no/host/either")
    assert accepted_canonical("http://a.example:99999/x", "http://b.example:99999/y") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.com:443/News/1/?utm_source=a&b=2&a=1#top", "https://www.example.com/News/1/?a=1&b=2"),
        ("https://amp.example.com/news/1/amp", "https://example.com/news/1"),
        ("http://example.com:8080/x?fbclid=1", "http://example.com:8080/x"),
    ],
)
def test_canonical_url_is_fetchable(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [("news.example.co.kr", "example.co.kr"), ("www.oricon.co.jp", "oricon.co.jp"), ("a.b.soompi.com", "soompi.com"),
     ("10.0.0.1", "10.0.0.1"), ("::1", "::1")],
)
def test_registrable_domain(host: str, expected: str) -> None:
    assert registrable_domain(host) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Han&nbsp;Hyo-joo &amp; Oguri&#8203;Shun", "Han Hyo-joo & OguriShun"),
        ("  two   spaces\t\tand tabs  ", "two spaces and tabs"),
        ("line one\r\n\r\n\r\n\r\nline two", "line one\n\nline two"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFC
        ("\ufeffzero\u200bwidth\u200d", "zerowidth"),
        ("“smart” quotes — kept", "“smart” quotes — kept"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_text(raw: str | None, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("“Romantics Anonymous”", '"romantics anonymous"'),
        ("Netflix’s series", "Netflix's series"),
        ("Han Hyo-joo – cast", "han hyo-joo - cast"),
        ("ＮＥＴＦＬＩＸ", "netflix"),
    ],
)
def test_comparable_folds_typography(first: str, second: str) -> None:
    assert comparable(first) == comparable(second)


BODY = """Han Hyo-joo and Oguri Shun will star in Romantics Anonymous.
Also See: Han Hyo Joo's 10 best dramas
Up Next: Queen of Tears recap
Read more: https://example.com/x
Share this article
Subscribe to our newsletter
By Jane Doe
Jane Doe is a staff writer at Example.
관련기사
[스포츠조선 김철수 기자]
무단전재 및 재배포 금지
関連記事
あわせて読みたい
SEE MORE: Hong Kong protests latest
Also on rt.com Journalists react to the decision
Like this story? Share it with a friend!
Listen to Newsbeat live at 12:45 and 18:00 weekdays
China furious at Macron over the visit [INSIGHT]|
The series premieres in 2025."""


def test_strip_boilerplate_keeps_news_only() -> None:
    assert strip_boilerplate(BODY) == (
        "Han Hyo-joo and Oguri Shun will star in Romantics Anonymous.\nThe series premieres in 2025."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Coupang Play has confirmed that the comedy will premiere in February.",
        "Read the room: the drama leans on quiet moments.",
        "Source code of the show's success is its cast.",
        "See more of the cast in the trailer below.",
        "Netflix is also on board as a co-producer.",
        "Listen to the cast talk about the drama in the video.",
        "Like this, the story goes on for twelve episodes.",
        "Stay tuned for the premiere of the drama on January 5, when it airs on tvN.",
    ],
)
def test_strip_boilerplate_keeps_sentences(line: str) -> None:
    assert strip_boilerplate(line) == line


def test_normalise_body_cleans_then_strips() -> None:
    assert normalise_body("Big&nbsp;news\n\n\n\nAlso read: other") == "Big news"


@pytest.mark.parametrize(
    ("value", "expected", "offset"),
    [
        (datetime(2024, 3, 12, 9, 30, tzinfo=timezone(timedelta(hours=9))), datetime(2024, 3, 12, 0, 30, tzinfo=UTC), 540),
        (datetime(2024, 3, 12, 9, 30, tzinfo=timezone(timedelta(hours=-5))), datetime(2024, 3, 12, 14, 30, tzinfo=UTC), -300),
        (datetime(2024, 3, 12, 9, 30, tzinfo=UTC), datetime(2024, 3, 12, 9, 30, tzinfo=UTC), 0),
        (datetime(2024, 3, 12, 9, 30), datetime(2024, 3, 12, 9, 30, tzinfo=UTC), 0),
    ],
)
def test_to_utc(value: datetime, expected: datetime, offset: int) -> None:
    result, minutes = to_utc(value)
    assert result == expected and result.tzinfo is UTC and minutes == offset


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("배우 한효주와 오구리 슌이 넷플릭스 새 시리즈에 출연한다.", None, "ko"),
        ("小栗旬とハン・ヒョジュがW主演を務めるNetflixシリーズ", None, "ja"),
        ("Han Hyo-joo and Oguri Shun will star in a Netflix series.", None, "en"),
        ("Han Hyo-joo and Oguri Shun will star in a Netflix series.", "ko-KR", "en"),  # wrong template lang
        ("배우 한효주와 오구리 슌이 넷플릭스 새 시리즈에 출연한다.", "en-US", "ko"),
        ("Une série Netflix avec Han Hyo-joo et Oguri Shun.", "fr", "fr"),
        ("短い", "ja_JP", "ja"),  # too little text: declared wins
        ("", None, None),
        ("電視劇將於明年播出，由知名演員主演。", None, "zh"),
    ],
)
def test_detect_language(text: str, declared: str | None, expected: str | None) -> None:
    assert detect_language(text, declared) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # session ids in the path or the query are not part of the article's address
        ("https://news.example.co.kr/view.do;jsessionid=0A1B2C3D?idxno=5", "https://news.example.co.kr/view.do?idxno=5"),
        ("https://example.com/a?id=1&PHPSESSID=abc", "https://example.com/a?id=1"),
        # an internationalised host and its punycode form
        ("https://例え.jp/news/1", "https://xn--r8jz45g.jp/news/1"),
    ],
)
def test_url_spellings_share_one_key(first: str, second: str) -> None:
    assert canonical_url_key(first) == canonical_url_key(second)


def test_canonical_link_to_the_home_page_is_ignored() -> None:
    # templates that put the home page in rel=canonical would fold every article into one
    url = "https://www.soompi.com/article/1234/han-hyo-joo"
    assert canonical_url_key(url, "https://www.soompi.com/") == "soompi.com/article/1234/han-hyo-joo"
    assert canonical_url_key("https://www.soompi.com/", "https://soompi.com/") == "soompi.com/"


@pytest.mark.parametrize(
    "line",
    ["• Also See: Han Hyo Joo's best dramas", "[Also Read] Queen of Tears recap", "» Related: the cast list",
     "- Share this article", "(Photo: Netflix)", "Photo credit: tvN", "▶ 관련기사", "【関連記事】キャスト一覧",
     "Stay tuned for more updates!", "And catch Chae Won Bin in “Doctor Slump” below!",
     "Original article: KpopBeat", "기사원문 > 스타뉴스", "元記事を読む", "Originally published on KpopBeat.",
     "* Originally appeared on soompi.com", "This story originally appeared on Deadline.",
     "A version of this story originally appeared in The Hollywood Reporter.",
     "This article was originally published on Variety."],
)
def test_boilerplate_after_bullets_and_brackets(line: str) -> None:
    assert strip_boilerplate(f"Han Hyo-joo will star.\n{line}") == "Han Hyo-joo will star."


@pytest.mark.parametrize("paragraph", [
    "Originally published on Naver Webtoon in 2019, Moon Harbor follows a detective who returns to her "
    "hometown. Kim Ji-won stars.",
    "Originally appeared on Naver Webtoon, the series has drawn 2 billion views since its launch.",
    "Originally published as a web novel, the story was adapted into a webtoon in 2021.",
    "This story originally ran in Weekly Shonen Jump, where it sold 10 million copies.",
])
def test_a_paragraph_opening_with_where_the_story_first_ran_is_kept(paragraph: str) -> None:
    """An adaptation's source ("Originally published on Naver Webtoon in 2019, …") is news, not
    the credit line of a copy ("Originally published on KpopBeat.")."""
    body = f"Netflix will adapt the webtoon Moon Harbor into a series.\n\n{paragraph}\n\nFilming begins in May."
    assert normalise_body(body) == body


@pytest.mark.parametrize(
    "line",
    ["입력 2026.12.04. 오전 9:00", "송고시간 2026-12-03 10:15", "2026年12月3日 10時15分", "（最終更新：2026-12-03 15:40）",
     "기사입력 2026.12.03 10:00 | 최종수정 2026.12.03 11:00", "Updated: 2026-12-03 10:15 KST", "2026.12.04 (목) 10:00",
     # Yonhap's footer: the tip line and the copyright in ‹…> (which read as a quoted title)
     "제보는 카톡 okjebo", "‹저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
     "[연합뉴스 제공]", "[사진 JTBC 제공]",  # a credit: a copy of an agency's text says whose it is
     # an embedded post, the prompts around a video and the comments, Natalie's gallery and related links
     "View this post on Instagram", "A post shared by Soompi (@soompi)", "Watch Kim Soo Hyun in “Queen of Tears” below:",
     "What do you think? Let us know in the comments!", "この記事の画像（全4件）", "関連する特集・インタビュー",
     "Will you be watching The Quiet Hour? Let us know in the comments below.",
     # Yonhap's send time, a byline with its e-mail, Soompi's prompt to its video, a counter
     "2026/12/05 11:30 송고", "By Lee Yoon-seo (yoonseo@heraldcorp.com)",
     "In the meantime, watch Kim Ji Won in “Crown of Tears” on Viki:", "Catch up on the first season:", "123",
     # a Korean CMS's byline in a list, a byline of time and reporter, reprint and e-mail tools,
     # a newsletter, a promo code, an unrendered shortcode, a prompt to comment
     "- 기자명 홍길동 기자", "Posted 2026.12.05 15:03 | Reporter Choi Min-ji", "- Order Reprints",
     "This copy is for your personal, non-commercial use only.", "Write to Al Root at allen.root@dowjones.com",
     "An error has occurred, please try again later.", "Copyright ©2019 Dow Jones & Company, Inc. All Rights Reserved",
     "There's plenty more where that came from. Sign up for The Water Coolest today to get the free daily newsletter.",
     "Get Moneycontrol Pro for as little as Rs 599 for the first year. Use the code \"GETPRO\".",
     "[button link=”https://x.example/review/” type=”big”] Send us YOUR kit review[/button]",
     "Tell us what YOU think...", "Comments (3)",
     # a Korean outlet's article tools, a reporter named after the word, a prompt to comment
     "기사 스크랩 인쇄 이메일 보내기", "입력 2026.12.05 10:00 | 기자 김철수", "What do you think? Leave a comment below!"],
)
def test_lines_that_only_date_the_article_and_news_agency_footers_are_boilerplate(line: str) -> None:
    assert strip_boilerplate(f"김수현이 출연한다.\n{line}") == "김수현이 출연한다."


@pytest.mark.parametrize(
    "line", ["The drama premieres on 2026.12.12 at 21:00.", "2026년 12월 12일 첫 방송된다.", "12月12日 21時から放送。",
             "Season 2: 2027", "A post shared by the actor drew a million likes before the premiere.",
             "디즈니+ 제공 사진을 보면 두 배우가 다정하다.",
             "Watch as the cast takes the stage below the bridge in the finale.",
             "Watch the drama on Viki from January 5.", "Han scored 123 points in the quiz show in 2019.",
             "The reporter Choi Min-ji asked about the newsletter the agency sends its fans.",
             "Thank you for the love you gave 'Queen of Tears', the actor wrote."],
)
def test_sentences_with_dates_are_kept(line: str) -> None:
    assert strip_boilerplate(line) == line


@pytest.mark.parametrize("tail", [
    "関連する人物・グループ・作品\n- 山﨑賢人\n- 浜辺美波",
    "Related Articles\nKim Soo Hyun's next drama\nQueen of Tears ratings",
    "관련기사\n김수현 차기작은\n'눈물의 여왕' 시청률",
    "Tags:\nKim Soo Hyun\nNetflix",
])
def test_a_list_of_related_links_ending_the_page_is_dropped(tail: str) -> None:
    assert strip_boilerplate(f"김수현이 출연한다.\n\n{tail}") == "김수현이 출연한다."


def test_a_related_heading_before_real_paragraphs_drops_only_itself() -> None:
    news = "The network said on Monday that the drama, which was written by the same writer, will air in May."
    assert strip_boilerplate(f"Kim will star.\nRelated\n{news}") == f"Kim will star.\n{news}"


@pytest.mark.parametrize(
    "line", ["* Han Hyo-joo will star in the series.", "Photography is central to the plot.", "“Also, see you next season,” she said."]
)
def test_sentences_after_bullets_are_kept(line: str) -> None:
    assert strip_boilerplate(line) == line


def test_a_date_stamp_and_a_dateline_glued_to_the_first_line_are_dropped() -> None:
    """What a summary would otherwise begin with: the lead is the news."""
    assert strip_boilerplate("2026.12.04. 오전 10:00[OSEN=김민지 기자] 넷플릭스 시리즈가 공개된다.") == (
        "넷플릭스 시리즈가 공개된다.")
    assert strip_boilerplate("(서울=연합뉴스) 김정진 기자 = 배우 송강이 출연한다.") == "배우 송강이 출연한다."
    assert strip_boilerplate("(서울=연합뉴스) 배우 송강이 출연한다.") == "(서울=연합뉴스) 배우 송강이 출연한다."
    assert strip_boilerplate("2026.12.04 공개를 앞둔 시리즈다.") == "2026.12.04 공개를 앞둔 시리즈다."


def test_a_most_read_ranking_that_ends_a_page_is_left_out() -> None:
    body = "有村架純が主演を務める。\nアクセスランキング\n- 嵐、活動再開へ\n- 新ドラマ、初回視聴率は"
    assert strip_boilerplate(body) == "有村架純が主演を務める。"


@pytest.mark.parametrize(("line", "lead"), [
    # a Korean outlet's dateline before the lead, with a space, a bar or brackets
    ("[뉴스엔 배효주 기자] 배우 전지현이 출연을 확정했다.", "배우 전지현이 출연을 확정했다."),
    ("[스타뉴스 | 윤성열 기자] 배우 황정민이 주연상을 받았다.", "배우 황정민이 주연상을 받았다."),
    ("(엑스포츠뉴스 김예나 기자) 티빙 오리지널이 예고편을 공개했다.", "티빙 오리지널이 예고편을 공개했다."),
    ("[스포츠조선 김소희·이우주 기자] 드라마가 종영했다.", "드라마가 종영했다."),
    # a Japanese outlet's: Modelpress names itself and the day
    ("【モデルプレス=2026/12/01】女優の有村架純が主演を務める。", "女優の有村架純が主演を務める。"),
    # what only looks like one stays
    ("(주연 배우 인터뷰) 김태리가 소감을 전했다.", "(주연 배우 인터뷰) 김태리가 소감을 전했다."),
    ("【速報】有村架純が主演を務める。", "【速報】有村架純が主演を務める。"),
])
def test_an_outlets_dateline_before_the_lead_is_dropped(line: str, lead: str) -> None:
    assert strip_boilerplate(line) == lead


@pytest.mark.parametrize("line", [
    # OSEN's sign-off (the reporter's e-mail after a slash) and its photo credit
    "/nyc@osen.co.kr", "[사진] tvN 제공",
    # Newsen's sign-off (outlet, reporter, e-mail) and its copyright line after a slogan
    "뉴스엔 이민지 oi@newsen.com", "정확한 뉴스와 깊이 있는 정보 ⓒ 뉴스엔 무단전재 & 재배포금지",
    # Sports Chosun's copyright, with a circled c; a photo credit under the image
    "Copyright ⓒ 스포츠조선 All rights reserved. 무단 전재 및 재배포 금지.", "/사진=쿠팡플레이", "사진 제공=JTBC",
    # Modelpress' note that ends an article
    "【Not Sponsored 記事】",
    # Korea JoongAng Daily's byline in capitals with the e-mail in square brackets
    "BY YOON SO-YEON [yoon.soyeon@joongang.co.kr]",
    # Soompi's promo with its sign-up prompt after it
    "Start watching on Viki! Sign up now to catch every episode.",
    # a capital circled C, beside a letter that lowercasing cannot keep in place (İ)
    "İzmir Post Ⓒ 2026 All rights reserved by partners",
])
def test_credits_bylines_and_copyright_lines_are_boilerplate(line: str) -> None:
    assert strip_boilerplate(f"김수현이 출연한다.\n{line}") == "김수현이 출연한다."


@pytest.mark.parametrize("line", [
    # Yahoo!ニュース' footer under a copy, on its own or as the last line a short copy takes in
    "Yahoo!ニュース 提供：ORICON NEWS\u3000無断転載を禁じます", "提供：モデルプレス", "写真提供：テレビ朝日",
    "無断転載・複製禁止",
    # a Korean outlet's rights line with no copyright mark, Yonhap's with the AI clause
    "뉴스엔 무단전재 및 재배포 금지", "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
    "스포츠조선닷컴 무단전재 및 재배포금지>",
    # an English one without "Copyright"
    "Penske Media Corporation. All Rights Reserved.",
])
def test_rights_and_provider_lines_without_a_copyright_mark_are_boilerplate(line: str) -> None:
    assert strip_boilerplate(f"김수현이 출연한다.\n{line}") == "김수현이 출연한다."


@pytest.mark.parametrize("line", [
    "드라마 대본 무단 전재 논란에 제작사가 사과했다.", "사진 속 두 배우는 다정한 모습이다.",
    "방송사는 영상의 무단 전재 및 재배포를 금지했다.", "同社は記事の無断転載を禁じると発表した。",
    "本作はNetflixが提供する。", "The studio said all rights reserved by the estate would pass to the family.",
    "問い合わせが殺到し、公式サイトがつながりにくくなった。", "The video drew ten million views.",
])
def test_sentences_like_credits_are_kept(line: str) -> None:
    assert strip_boilerplate(line) == line


@pytest.mark.parametrize("tail", [
    # Cinema Today's box of the site's videos: other films' trailers
    "予告編・動画\n- 映画『海辺の図書館』特報\n- 『星屑のアルカディア』メイキング映像",
    "관련 영상\n'눈물의 여왕' 메이킹\n'폭싹 속았수다' 예고편",
    # a broadcaster's press release ends with whom to call, on its line or under it
    "【本件に関するお問い合わせ】テレビ朝日 広報部",
    "＜報道関係者様からのお問い合わせ先＞\n株式会社フジテレビジョン 広報局\nTEL：03-0000-0000",
    "Media contact:\nJane Doe, Netflix Publicity\npress@example.com",
])
def test_a_box_of_videos_or_a_press_contact_ending_the_page_is_dropped(tail: str) -> None:
    assert strip_boilerplate(f"김수현이 출연한다.\n\n{tail}") == "김수현이 출연한다."


def test_a_contact_heading_before_real_paragraphs_drops_nothing_after_it() -> None:
    news = "チケットは12月1日から発売され、公演は東京と大阪の2都市で行われる予定だ。"
    assert strip_boilerplate(f"有村架純が出演する。\n【お問い合わせ】\n{news}") == f"有村架純が出演する。\n【お問い合わせ】\n{news}"


@pytest.mark.parametrize(("url", "canonical", "expected"), [
    # a CMS template's canonical without the query naming the article: refused (every article of
    # the site would share one key)
    ("https://www.kstarnews.test/news/articleView.html?idxno=210", "https://www.kstarnews.test/news/articleView.html",
     "kstarnews.test/news/articleView.html?idxno=210"),
    ("https://www.kstarnews.test/news/articleViewAmp.html?idxno=210", "/news/articleView.html",
     "kstarnews.test/news/articleViewAmp.html?idxno=210"),
    ("https://www.geinou.example.jp/news/view.php?no=5&utm_source=rss", "https://www.geinou.example.jp/news/view.php",
     "geinou.example.jp/news/view.php?no=5"),
    ("https://www.example.com/board/read.php?bo_table=news&wr_id=7", "https://www.example.com/board/read.php?bo_table=news",
     "example.com/board/read.php?bo_table=news&wr_id=7"),
    ("https://www.example.com/news?article_id=88", "https://www.example.com/news", "example.com/news?article_id=88"),
    # the canonical keeps the naming parameter, or names the article by its path: taken
    ("https://www.kstarnews.test/news/articleView.html?idxno=209&sc_section_code=S1N1&view_type=sm",
     "https://www.kstarnews.test/news/articleView.html?idxno=209", "kstarnews.test/news/articleView.html?idxno=209"),
    ("https://www.kstarnews.test/news/articleViewAmp.html?idxno=204",
     "https://www.kstarnews.test/news/articleView.html?idxno=204", "kstarnews.test/news/articleView.html?idxno=204"),
    ("https://n.news.naver.com/article/009/0005000000?sid=106", "https://n.news.naver.com/article/009/0005000000",
     "n.news.naver.com/article/009/0005000000"),
    ("https://www.dramawire.test/?p=1204", "https://www.dramawire.test/2026/05/moving-season-2-renewed/",
     "dramawire.test/2026/05/moving-season-2-renewed"),
])
def test_a_canonical_without_the_query_naming_the_article_is_refused(url: str, canonical: str, expected: str) -> None:
    """articleView.html?idxno=210 and ?idxno=211, two articles whose template gives both the
    canonical articleView.html, were stored as one: the second replaced the first."""
    assert canonical_url_key(url, canonical) == expected
