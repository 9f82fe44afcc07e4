"""Discovery parsers: feeds, sitemaps, robots.txt, listing pages, feed links, filters."""

from __future__ import annotations

import gzip
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.discovery import (
    Discovered,
    FeedResult,
    common_feed_paths,
    find_feed_links,
    hints_can_judge_topic,
    is_sitemap_index,
    matches_filters,
    parse_date,
    parse_feed,
    parse_listing,
    parse_sitemap,
    sitemaps_from_robots,
    strip_tracking,
)
from pipeline.records import FeedHints
from pipeline.sources import load_catalogue

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
FEED_URL = "https://feeds.example/path/feed.xml"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def feed(name: str, url: str = FEED_URL, **kwargs: object) -> FeedResult:
    return parse_feed(fixture(name), url, **kwargs)


def urls(result: object) -> list[str]:
    return [entry.url for entry in result.entries]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- feed formats


def test_wordpress_rss2_entries_and_hints() -> None:
    result = feed("rss2_wordpress.xml")
    assert result.kind == "rss"
    assert result.version == "rss20"
    assert result.title == "Kakkoii Dramas"
    assert result.link == "https://kdrama.example"
    assert urls(result) == [
        "https://kdrama.example/2024/03/han-hyo-joo-oguri-shun-romantics-anonymous/",
        # relative and protocol-relative links resolve against the channel <link>
        "https://kdrama.example/2024/03/queen-of-tears-premiere/",
        "https://kdrama.example/2024/03/parasyte-the-grey-trailer/",
    ]
    first = result.entries[0].hints
    assert (
        first.title
        == "Han Hyo Joo and Oguri Shun to star in Netflix\u2019s \u201cRomantics Anonymous\u201d"
    )
    assert first.author == "Kakkoii Staff"  # dc:creator
    assert first.categories == ("Casting", "Netflix", "Japanese Drama")
    assert first.published_raw == "Tue, 05 Mar 2024 09:00:00 +0000"
    assert first.published_at == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    assert first.source == "rss"
    assert first.summary is not None
    assert first.summary.startswith(
        "Han Hyo Joo and Oguri Shun have been cast in Romantics Anonymous"
    )
    assert "<" not in first.summary
    second = result.entries[1].hints
    assert second.published_at == datetime(2024, 3, 4, 13, 30, tzinfo=UTC)  # +0900 → UTC
    # the podcast item has no link and a non-permalink guid: counted, not discovered
    assert result.skipped == 1
    assert "1 entries without an http(s) link" in result.problems


def test_wordpress_content_encoded_used_when_no_description() -> None:
    body = (
        fixture("rss2_wordpress.xml")
        .replace(b"<description><![CDATA[<p>Han Hyo Joo", b"<x><![CDATA[<p>Han Hyo Joo")
        .replace(b"Kakkoii Dramas</a>.</p>]]></description>", b"Kakkoii Dramas</a>.</p>]]></x>")
    )
    summary = parse_feed(body, FEED_URL).entries[0].hints.summary
    assert (
        summary
        == "Netflix confirmed on March 5 that Han Hyo Joo and Oguri Shun will lead the Japanese series."
    )


def _rss_item(description: str) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Koreaboo</title>"
        "<link>https://www.koreaboo.com</link><item><title>Night Signal cast</title>"
        "<link>https://www.koreaboo.com/news/night-signal/</link>"
        f"<description><![CDATA[{description}]]></description></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize("ending", [
    "<p>The post <a href='https://www.koreaboo.com/news/night-signal/'>Song Kang And Han So Hee Confirmed"
    " To Lead Netflix's New Thriller \"Night Signal\"</a> appeared first on <a href='https://www.koreaboo.com'>"
    "Koreaboo</a>.</p>",
    " <a href='https://www.koreaboo.com/news/night-signal/'>Continue reading <span>Night Signal cast</span>"
    " &#8594;</a>",
    " [&#8230;]",
    " [...] <p>The post <a href='https://www.koreaboo.com/news/night-signal/'>Night Signal cast</a> appeared"
    " first on <a href='https://www.koreaboo.com'>Koreaboo</a>.</p>",
    " <a class='more-link' href='https://www.koreaboo.com/news/night-signal/'>Read more &#187;</a>",
])
def test_a_feeds_footer_and_read_more_link_are_no_part_of_the_summary(ending: str) -> None:
    """WordPress appends "The post X appeared first on Site." to every description; themes
    end an excerpt with "[…]" or a "Continue reading →" link: it reached the digest."""
    lead = "<p>Netflix has officially confirmed the cast of its upcoming thriller series \"Night Signal\".</p>"
    hints = parse_feed(_rss_item(lead + ending), "https://www.koreaboo.com/feed/").entries[0].hints
    assert hints.summary == 'Netflix has officially confirmed the cast of its upcoming thriller series "Night Signal".'


def test_a_summary_that_mentions_reading_more_keeps_its_words() -> None:
    text = "It appeared first on Naver, where fans can continue reading the story and read more."
    hints = parse_feed(_rss_item(f"<p>{text}</p>"), "https://www.koreaboo.com/feed/").entries[0].hints
    assert hints.summary == text


def test_rss10_rdf() -> None:
    result = feed("rss10_rdf.xml")
    assert (result.kind, result.version) == ("rss", "rss10")
    assert urls(result) == ["https://eiga.example/news/560001", "https://eiga.example/news/560002"]
    hints = result.entries[0].hints
    assert hints.author == "映画ナタリー編集部"
    assert hints.categories == ("ドラマ",)
    assert hints.published_at == datetime(2025, 9, 10, 3, 0, tzinfo=UTC)


def test_date_without_offset_uses_source_timezone() -> None:
    assert feed("rss10_rdf.xml").entries[1].hints.published_at == datetime(
        2025, 9, 10, 9, tzinfo=UTC
    )
    tokyo = feed("rss10_rdf.xml", timezone="Asia/Tokyo")
    assert tokyo.entries[1].hints.published_raw == "2025-09-10T09:00:00"
    assert tokyo.entries[1].hints.published_at == datetime(2025, 9, 10, 0, tzinfo=UTC)


def test_rss091_with_netscape_doctype() -> None:
    result = feed("rss091.xml")
    assert result.kind == "rss"
    assert result.version.startswith("rss091")
    assert result.problems == ()
    assert urls(result) == [
        "http://wire.example/news/sequel.html",
        "http://wire.example/news/remake.html",
    ]


def test_atom_xml_base_and_relative_links() -> None:
    result = feed("atom_xml_base.xml")
    assert (result.kind, result.version) == ("atom", "atom10")
    assert urls(result) == [
        "https://atom.example/news/alice-in-borderland-season-3",
        "https://other.example/blog/post-2",
    ]
    hints = result.entries[0].hints
    assert hints.title == "Netflix renews Alice in Borderland for season 3"
    assert hints.author == "Jo Writer"
    assert hints.summary == "The Japanese series returns."
    assert hints.published_at == datetime(2024, 3, 5, 0, 0, tzinfo=UTC)
    assert hints.source == "atom"
    assert result.skipped == 1  # the entry with only a tag: URI
    # <updated>: when the entry last changed (a crawl fetches a stored article again after it)
    assert [e.lastmod for e in result.entries] == [datetime(2024, 3, 5, 1, 0, tzinfo=UTC),
                                                   datetime(2024, 3, 4, 0, 0, tzinfo=UTC)]


def test_atom_relative_link_without_base_resolves_against_feed_url() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>a</title><link href="../posts/a"/><id>x</id></entry></feed>"""
    assert urls(parse_feed(body, "https://site.example/blog/feeds/atom.xml")) == [
        "https://site.example/blog/posts/a"
    ]


def test_json_feed_11() -> None:
    result = feed("jsonfeed11.json", url="https://json.example/feed.json")
    assert (result.kind, result.version) == ("json", "json11")
    assert urls(result) == [
        "https://json.example/2024/03/romantics-anonymous-netflix/",  # utm_source removed
        "https://json.example/2024/03/k-drama-march/",  # relative, against home_page_url
    ]
    first, second = (e.hints for e in result.entries)
    assert first.author == "Kasey Moore"
    assert first.summary == "Netflix\u2019s Japanese series stars Oguri Shun."
    assert first.categories == ("Netflix", "Japanese")
    assert first.published_at == datetime(2024, 3, 5, 15, 0, tzinfo=UTC)
    assert first.source == "json"
    assert second.author == "Feed Editor"  # feed-level authors as fallback
    assert second.summary == "Every new Korean series this month."
    assert result.skipped == 1


def test_json_feed_10_by_content_type_and_not_a_json_feed() -> None:
    body = b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": "1", "url": "https://a.example/1", "author": {"name": "A"}}]}'
    result = parse_feed(body, "https://a.example/feed.json", content_type="application/feed+json")
    assert (result.kind, result.version) == ("json", "json10")
    assert result.entries[0].hints.author == "A"
    other = parse_feed(b'{"hello": "world"}', "https://a.example/x.json")
    assert other.kind == "unknown"
    assert other.entries == ()
    assert any(p.startswith("not a feed") for p in other.problems)
    broken = parse_feed(b'{"items": [', "https://a.example/x.json")
    assert broken.kind == "unknown"
    assert any(p.startswith("malformed JSON") for p in broken.problems)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("name", "encoding", "title"),
    [
        ("cp1251.xml", "cp1251", "Хан Хё Джу и Огури Шун сыграют в сериале Netflix"),
        ("euckr.xml", "euc_kr", "한효주, 오구리 슌과 넷플릭스 시리즈 '로맨틱 어나니머스' 캐스팅"),
        (
            "shiftjis.xml",
            "shift_jis",
            "小栗旬とハン・ヒョジュ、Netflixシリーズ「匿名の恋人たち」でW主演",
        ),
    ],
)
def test_legacy_encodings(name: str, encoding: str, title: str) -> None:
    result = feed(name)
    assert result.problems == ()
    assert result.encoding == encoding
    assert [e.hints.title for e in result.entries] == [title]


def test_wrong_declared_encoding_is_detected_and_reported() -> None:
    result = feed("wrong_encoding.xml")  # declares UTF-8, is EUC-KR
    assert result.entries[0].hints.title == "드라마 '눈물의 여왕' 첫 방송 확정"
    assert result.encoding == "cp949"
    assert any("declared encoding utf_8 is wrong" in p for p in result.problems)


def test_declared_latin1_but_utf8() -> None:
    result = feed("declared_latin1_is_utf8.xml")
    assert result.entries[0].hints.title == "Les Émotifs anonymes devient une série Netflix"


def test_http_charset_is_an_encoding_declaration() -> None:
    body = fixture("cp1251.xml").replace(b'encoding="windows-1251"', b"")
    result = parse_feed(body, FEED_URL, content_type="application/rss+xml; charset=windows-1251")
    assert result.entries[0].hints.title.startswith("Хан Хё Джу")


def test_gzip_feed_body() -> None:
    result = parse_feed(gzip.compress(fixture("rss091.xml")), FEED_URL)
    assert len(result.entries) == 2


# --------------------------------------------------------------------------- robustness


def test_broken_nesting_is_recovered_and_reported() -> None:
    result = feed("broken_nesting.xml")
    assert result.kind == "rss"
    assert urls(result) == [
        "https://broken.example/a",
        "https://broken.example/b",
        "https://broken.example/c",
    ]
    assert any(p.startswith("malformed XML (recovered)") for p in result.problems)


def test_entity_bomb_in_feed_is_not_expanded() -> None:
    result = feed("entity_bomb_feed.xml")  # expanded, it would take gigabytes
    assert "DOCTYPE with entity declarations removed (entities not expanded)" in result.problems
    assert urls(result) == ["https://bomb.example/1"]
    hints = result.entries[0].hints
    assert "lollol" not in (hints.title or "") + (hints.summary or "") + (result.title or "")
    assert len(hints.title or "") < 20


def test_external_entity_in_feed_is_not_resolved() -> None:
    result = feed("xxe_feed.xml")
    assert "DOCTYPE with entity declarations removed (entities not expanded)" in result.problems
    hints = result.entries[0].hints
    assert "root:" not in (hints.title or "") + (hints.summary or "")
    assert hints.title == "Leak &xxe;"


def test_entity_declarations_that_cannot_be_removed_are_refused() -> None:
    body = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "x"><rss version="2.0"></rss>'
    result = parse_feed(body, FEED_URL)
    assert result.entries == ()
    assert result.kind == "unknown"
    assert any(p.startswith("refused") for p in result.problems)


# (gzip with mtime=0: a test id that changed with the second of collection made xdist's workers disagree)
@pytest.mark.parametrize("body", [b"", b"   \n\t", gzip.compress(b"", mtime=0)])
def test_empty_feed(body: bytes) -> None:
    result = parse_feed(body, FEED_URL)
    assert result.kind == "empty"
    assert result.entries == ()
    assert "empty" in result.problems


def test_empty_fixture_and_feed_without_items() -> None:
    assert feed("empty.xml").problems == ("empty",)
    no_items = parse_feed(b'<rss version="2.0"><channel><title>t</title></channel></rss>', FEED_URL)
    assert no_items.kind == "rss"
    assert no_items.problems == ("empty",)


def test_html_instead_of_feed_lists_advertised_feeds() -> None:
    result = parse_feed(
        fixture("html_instead.html"), "https://html.example/feed/", content_type="text/html"
    )
    assert result.kind == "html"
    assert result.entries == ()
    assert result.problems == ("not a feed: HTML received",)
    assert result.feed_links == (
        "https://html.example/feed/",
        "https://html.example/atom.xml",
        "https://cdn.html.example/feed.json",
    )


def test_garbage_is_not_a_feed() -> None:
    result = parse_feed(b"\x00\x01 definitely not xml \xff\xfe", FEED_URL)
    assert result.entries == ()
    assert result.problems


def test_corrupt_gzip_is_a_problem() -> None:
    result = parse_feed(b"\x1f\x8b\x08\x00garbage", FEED_URL)
    assert result.entries == ()
    assert any("gzip" in p for p in result.problems)


def test_duplicate_entries_are_removed_and_counted() -> None:
    result = feed("duplicates.xml")
    assert urls(result) == ["https://dupes.example/news/1", "https://dupes.example/news/2"]
    assert result.entries[0].hints.title == "Casting news"  # first occurrence wins
    assert result.duplicates == 2


def test_tracking_parameters_are_removed() -> None:
    assert urls(feed("tracking.xml")) == [
        "https://track.example/a",
        "https://track.example/b?id=42&page=2",
        "https://track.example/c?ref=home",
    ]


def test_str_body_is_never_opened_as_a_path_or_url() -> None:
    result = parse_feed("/etc/passwd", FEED_URL)
    assert result.entries == ()
    assert result.kind == "unknown"


def test_results_are_frozen() -> None:
    result = feed("rss091.xml")
    with pytest.raises(FrozenInstanceError):
        result.kind = "atom"  # type: ignore[misc]


# --------------------------------------------------------------------------- sitemaps


def test_sitemap_index_with_recency_filter() -> None:
    result = parse_sitemap(
        fixture("sitemap_index.xml"),
        "https://news.example/sitemap_index.xml",
        newer_than=datetime(2024, 3, 1, tzinfo=UTC),
    )
    assert result.kind == "sitemapindex"
    assert result.sitemaps == (
        "https://news.example/post-sitemap.xml",
        "https://news.example/news-sitemap.xml",  # relative <loc>, no lastmod: kept
    )
    assert result.entries == ()
    assert result.dropped_old == 1
    assert result.duplicates == 1
    assert result.problems == ()


def test_sitemap_index_leaves_out_taxonomy_sitemaps() -> None:
    # Yoast's index lists the posts beside sitemaps of tag, category and author pages: no articles
    result = parse_sitemap(fixture("sitemap_index_yoast.xml"), "http://www.koreaboo.com/sitemap_index.xml")
    assert result.sitemaps == ("http://www.koreaboo.com/post-sitemap.xml",)
    assert result.not_articles == 3
    core = (b"<sitemapindex><sitemap><loc>https://a.test/wp-sitemap-posts-post-1.xml</loc></sitemap>"
            b"<sitemap><loc>https://a.test/wp-sitemap-posts-page-1.xml</loc></sitemap>"
            b"<sitemap><loc>https://a.test/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>"
            b"<sitemap><loc>https://a.test/wp-sitemap-users-1.xml</loc></sitemap>"
            b"<sitemap><loc>https://a.test/page-sitemap2.xml</loc></sitemap>"
            b"<sitemap><loc>https://a.test/news/page-one-sitemap.xml</loc></sitemap></sitemapindex>")
    assert parse_sitemap(core, "https://a.test/wp-sitemap.xml").sitemaps == (
        "https://a.test/wp-sitemap-posts-post-1.xml", "https://a.test/news/page-one-sitemap.xml")


def test_gzip_urlset_with_lastmod() -> None:
    result = parse_sitemap(
        fixture("sitemap.xml.gz"),
        "https://news.example/sitemap.xml.gz",
        newer_than=datetime(2024, 3, 1),  # naive means UTC
    )
    assert result.kind == "urlset"
    assert urls(result) == [
        "https://news.example/2024/03/new-drama-cast/",
        "https://news.example/2024/03/premiere-date/",
        "https://news.example/about/",
    ]
    assert result.entries[0].lastmod == datetime(2024, 3, 5, 8, tzinfo=UTC)
    assert result.entries[1].lastmod == datetime(2024, 3, 4, tzinfo=UTC)
    assert result.entries[0].hints.source == "sitemap"
    assert result.dropped_old == 1
    everything = parse_sitemap(fixture("sitemap.xml.gz"), "https://news.example/sitemap.xml.gz")
    assert len(everything.entries) == 4
    assert everything.dropped_old == 0


def test_google_news_sitemap_hints() -> None:
    result = parse_sitemap(
        fixture("news_sitemap.xml"),
        "https://news.example/news-sitemap.xml",
        newer_than=datetime(2024, 3, 1, tzinfo=UTC),
    )
    assert urls(result) == [
        "https://news.example/2024/03/05/han-hyo-joo-oguri-shun/",
        "https://news.example/2024/03/04/queen-of-tears/",
    ]
    hints = result.entries[0].hints
    assert hints == FeedHints(
        title="Han Hyo-joo, Oguri Shun cast in Netflix series",
        published_raw="2024-03-05T18:30:00+09:00",
        published_at=datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
        categories=("Netflix", "casting", "Han Hyo-joo"),
        source="news-sitemap",
    )
    assert result.dropped_old == 1
    assert result.skipped == 1  # javascript: <loc>
    seoul = parse_sitemap(
        fixture("news_sitemap.xml"), "https://news.example/news-sitemap.xml", timezone="Asia/Seoul"
    )
    assert seoul.entries[1].hints.published_at == datetime(2024, 3, 3, 15, tzinfo=UTC)


@pytest.mark.parametrize("name", ["sitemap_bomb.xml", "sitemap_xxe.xml"])
def test_sitemap_entities_are_not_expanded(name: str) -> None:
    result = parse_sitemap(fixture(name), "https://x.example/sitemap.xml")  # expanded, gigabytes
    assert "DOCTYPE with entity declarations removed (entities not expanded)" in result.problems
    for entry in result.entries:
        assert len(entry.url) < 100
        assert "root:" not in entry.url
    assert any(u.endswith(("/safe-article", "/article")) for u in urls(result))


def test_sitemap_entities_refused_by_lxml_even_without_our_stripping() -> None:
    # a DOCTYPE hidden after the root start tag is not ours to strip: refused outright
    body = b'<urlset><!DOCTYPE x [<!ENTITY a "b">]><url><loc>https://a.example/&a;</loc></url></urlset>'
    result = parse_sitemap(body, "https://a.example/s.xml")
    assert result.entries == ()
    assert any(p.startswith("refused") for p in result.problems)


def test_malformed_sitemap_keeps_what_parsed() -> None:
    result = parse_sitemap(fixture("sitemap_malformed.xml"), "https://bad.example/sitemap.xml")
    assert "https://bad.example/one" in urls(result)
    assert any(p.startswith("malformed XML") for p in result.problems)


@pytest.mark.parametrize(
    ("body", "kind", "problem"),
    [
        (b"", "empty", "empty"),
        (
            b"<!DOCTYPE html><html><body>Not found</body></html>",
            "html",
            "not a sitemap: HTML received",
        ),
        (b"<catalog><p>x</p></catalog>", "unknown", "not a sitemap: root element <catalog>"),
        (b"\x1f\x8b\x08\x00broken", "empty", "corrupt gzip body"),
    ],
)
def test_not_a_sitemap(body: bytes, kind: str, problem: str) -> None:
    result = parse_sitemap(body, "https://a.example/sitemap.xml")
    assert result.kind == kind
    assert result.entries == ()
    assert any(p.startswith(problem) for p in result.problems)


def test_robots_sitemap_lines() -> None:
    text = fixture("robots.txt").decode()
    assert sitemaps_from_robots(text, "https://news.example/robots.txt") == [
        "https://news.example/sitemap_index.xml",
        "https://news.example/news-sitemap.xml",
    ]
    assert sitemaps_from_robots("", "https://news.example/robots.txt") == []


# --------------------------------------------------------------------------- HTML pages


def test_listing_links_and_next_page() -> None:
    result = parse_listing(
        fixture("listing.html"),
        "https://list.example/news/",
        links="article.cat-news",
        next_page="a.next",
    )
    assert urls(result) == [
        "https://list.example/news/2024/03/first-story/",
        "https://list.example/news/2024/03/second-story/",
    ]
    assert [e.hints.title for e in result.entries] == ["First story", "Second story"]
    assert result.entries[0].hints.source == "listing"
    assert result.duplicates == 1
    assert result.next_page == "https://list.example/news/page/2/"
    assert result.problems == ()


def test_listing_selector_on_anchor_and_without_next() -> None:
    result = parse_listing(
        fixture("listing.html").decode(), "https://list.example/news/", links="h2 a", next_page=None
    )
    assert urls(result) == ["https://list.example/news/2024/03/second-story/"]
    assert result.next_page is None


def test_listing_bad_selector_and_empty_page_are_problems() -> None:
    bad = parse_listing(
        fixture("listing.html"), "https://list.example/", links="a[", next_page=".."
    )
    assert bad.entries == ()
    assert len([p for p in bad.problems if p.startswith("invalid CSS selector")]) == 2
    empty = parse_listing(b"", "https://list.example/", links="a", next_page=None)
    assert empty.problems == ("empty",)
    nothing = parse_listing("<p>hi</p>", "https://list.example/", links="article a", next_page=None)
    assert nothing.problems == ("no article links matched 'article a'",)  # the selector, to check it


def test_find_feed_links() -> None:
    assert find_feed_links(fixture("html_instead.html"), "https://html.example/") == [
        "https://html.example/feed/",
        "https://html.example/atom.xml",
        "https://cdn.html.example/feed.json",
    ]
    assert find_feed_links(b"", "https://html.example/") == []


def test_find_feed_links_leaves_out_comments_feeds() -> None:
    """A WordPress page advertises the site's posts, its comments and the post's comments."""
    page = ('<html><head>'
            '<link rel="alternate" type="application/rss+xml" title="K-Wave Wire &raquo; Feed" href="/feed/">'
            '<link rel="alternate" type="application/rss+xml" title="K-Wave Wire &raquo; Comments Feed" '
            'href="/comments/feed/">'
            '<link rel="alternate" type="application/rss+xml" title="&#x27;Office Spring&#x27; Comments Feed" '
            'href="/2026/12/05/office-spring/feed/">'
            '<link rel="alternate" type="application/atom+xml" href="https://wp.example/comments/feed/atom/">'
            '</head><body></body></html>')
    assert find_feed_links(page, "https://wp.example/2026/12/05/office-spring/") == ["https://wp.example/feed/"]


def test_common_feed_paths() -> None:
    paths = common_feed_paths("https://www.soompi.com/")
    assert paths == [
        "https://www.soompi.com/feed",
        "https://www.soompi.com/feed/",
        "https://www.soompi.com/rss",
        "https://www.soompi.com/rss.xml",
        "https://www.soompi.com/atom.xml",
        "https://www.soompi.com/feed.xml",
        "https://www.soompi.com/index.xml",
    ]
    nested = common_feed_paths("https://natalie.mu/eiga")
    assert nested[0] == "https://natalie.mu/eiga/feed"
    assert "https://natalie.mu/feed" in nested


# --------------------------------------------------------------------------- filters and helpers


def hints(**kwargs: object) -> FeedHints:
    return FeedHints(**kwargs)  # type: ignore[arg-type]


def test_filters_allow_deny() -> None:
    url = "https://variety.com/2024/tv/news/romantics-anonymous-netflix-1235900000/"
    assert matches_filters(url, None, allow=[], deny=[], topics=[])
    assert matches_filters(url, None, allow=[r"/\d{4}/tv/"], deny=[], topics=[])
    assert not matches_filters(url, None, allow=[r"/\d{4}/film/"], deny=[], topics=[])
    assert not matches_filters(url, None, allow=[r"/\d{4}/tv/"], deny=["/news/"], topics=[])


def test_filters_topics() -> None:
    url = "https://variety.com/2024/tv/news/some-show-1235900000/"
    assert not matches_filters(url, hints(title="A western"), allow=[], deny=[], topics=["k-drama"])
    assert matches_filters(
        url, hints(title="The best K-Drama of 2024"), allow=[], deny=[], topics=["k-drama"]
    )
    assert matches_filters(url, hints(categories=("Korean",)), allow=[], deny=[], topics=["korean"])
    assert matches_filters(
        url, hints(summary="Netflix casting news"), allow=[], deny=[], topics=["cast"]
    )
    # word start: "cast" is not in "podcast" or "broadcast"
    assert not matches_filters(
        url, hints(title="Our podcast about broadcasting"), allow=[], deny=[], topics=["cast"]
    )
    # URL path, with hyphens as separators
    assert matches_filters(
        "https://x.example/2024/k-drama-casting-news/", None, allow=[], deny=[], topics=["k-drama"]
    )
    assert matches_filters(
        "https://x.example/k_drama/", None, allow=[], deny=[], topics=["K-Drama"]
    )
    # CJK keywords match inside words; percent-encoded paths are decoded
    assert matches_filters(
        url, hints(title="웹드라마 캐스팅"), allow=[], deny=[], topics=["드라마"]
    )
    assert matches_filters(
        "https://x.example/%EB%93%9C%EB%9D%BC%EB%A7%88/1",
        None,
        allow=[],
        deny=[],
        topics=["드라마"],
    )
    # the domain is not part of the haystack
    assert not matches_filters(
        "https://netflix.example/x", None, allow=[], deny=[], topics=["netflix"]
    )


def test_strip_tracking() -> None:
    assert strip_tracking("https://a.example/x?utm_source=a&b=1#frag") == "https://a.example/x?b=1"
    assert strip_tracking("https://a.example/x?q=a%20b&fbclid=1") == "https://a.example/x?q=a%20b"
    assert strip_tracking("https://a.example/x") == "https://a.example/x"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tue, 05 Mar 2024 09:00:00 +0000", datetime(2024, 3, 5, 9, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 18:00:00 GMT", datetime(2024, 3, 5, 18, tzinfo=UTC)),
        ("2024-03-05T18:30:00+09:00", datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
        ("2024-03-05T09:30:00Z", datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("yesterday-ish", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(raw: str | None, expected: datetime | None) -> None:
    assert parse_date(raw) == expected


def test_discovered_record() -> None:
    item = Discovered(url="https://a.example/", hints=FeedHints(source="rss"))
    assert item.lastmod is None


# --------------------------------------------------------------------------- default catalogue filters


@pytest.mark.parametrize(
    ("slug", "url", "title", "expected"),
    [
        (
            "variety",
            "https://variety.com/2024/tv/global/romantics-anonymous-netflix-1235900000/",
            "Han Hyo-joo, Oguri Shun to lead Netflix Japanese series",
            True,
        ),
        (
            "variety",
            "https://variety.com/2024/film/news/western-1235900001/",
            "Netflix film",
            False,
        ),
        (
            "variety",
            "https://variety.com/2024/tv/news/late-night-ratings-1235900002/",
            "Ratings",
            False,
        ),
        ("deadline", "https://deadline.com/gallery/oscars-2024/", "Netflix series cast", False),
        (
            "soompi",
            "https://www.soompi.com/article/1863718wpp/x",
            "Han Hyo Joo cast in drama",
            True,
        ),
        ("soompi", "https://www.soompi.com/article/1863719wpp/y", "BTS album tops chart", False),
        ("yonhap", "https://www.yna.co.kr/view/AKR20240305", "한효주, 넷플릭스 시리즈 주연", True),
        ("natalie", "https://natalie.mu/eiga/news/560001", "小栗旬がドラマで主演", True),
        (
            "dramabeans",
            "https://www.dramabeans.com/2024/03/queen-of-tears-episodes-1-2/",
            "Recap",
            False,
        ),
    ],
)
def test_default_catalogue_filters(slug: str, url: str, title: str, expected: bool) -> None:
    source = load_catalogue(None).get(slug)
    result = matches_filters(
        url, hints(title=title), allow=source.allow, deny=source.deny, topics=source.topics
    )
    assert result is expected


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_unicode_encodings_with_and_without_bom(codec: str) -> None:
    text = fixture("rss091.xml").decode("latin-1").replace("ISO-8859-1", codec.upper())
    result = parse_feed(text.encode(codec), FEED_URL)
    assert len(result.entries) == 2


def test_feed_used_as_sitemap() -> None:
    result = parse_sitemap(
        fixture("rss2_wordpress.xml"),
        "https://kdrama.example/feed/",
        newer_than=datetime(2024, 3, 5, tzinfo=UTC),
    )
    assert result.kind == "feed"
    assert urls(result) == [
        "https://kdrama.example/2024/03/han-hyo-joo-oguri-shun-romantics-anonymous/"
    ]
    assert result.dropped_old == 2


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'<?xml version="1.0"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', True),
        (b'<?xml version="1.0"?><sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">', True),
        (gzip.compress(b"<sitemapindex><sitemap><loc>https://a.test/1.xml</loc></sitemap></sitemapindex>", mtime=0), True),
        ("<sitemapindex>".encode("utf-16"), True),
        (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', False),
        (b"<rss version='2.0'><channel><title>sitemapindex</title>", False),
        (b"\x1f\x8bnot really gzip", False),
        (b"", False),
    ],
)
def test_is_sitemap_index(body: bytes, expected: bool) -> None:
    assert is_sitemap_index(body) is expected


def test_hints_judge_the_topic_only_with_more_than_a_title() -> None:
    assert hints_can_judge_topic(FeedHints(title="Oscars Predictions", summary="Final picks"))
    assert hints_can_judge_topic(FeedHints(title="Oscars Predictions", categories=("Film",)))
    assert not hints_can_judge_topic(FeedHints(title="Park Bo-gum and IU reunite"))  # a listing link
    assert not hints_can_judge_topic(FeedHints(summary="no title"))
    assert not hints_can_judge_topic(None)
