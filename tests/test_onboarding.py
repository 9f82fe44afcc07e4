"""`castwire sources discover URL`: feed and sitemap discovery for a new site, against local sites."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.errors import UserError
from pipeline.fetch import MAX_CRAWL_DELAY, POLITE_DELAY, Fetched, PoliteFetcher, fetch
from pipeline.onboarding import _slug_for, discover_source_entry
from pipeline.sources import parse_catalogue
from pipeline.webserver import serve_folder

ROOT = Path(__file__).parent.parent
SITES = Path(__file__).parent / "fixtures" / "sites"
CATALOGUE = tomllib.loads((SITES / "catalogue.toml").read_text("utf-8"))
URLSET = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          "<url><loc>https://news.example/2026/12/05/a-post/</loc></url></urlset>")
CASTWIRE = [sys.executable, "-c", "from pipeline.cli import main; main()"]


def discover(homepage: str, *, fetch: Callable[[str], Fetched], slug: str | None = None) -> str:
    """Discovery through ``fetch`` without the waits between requests (tests of what it finds,
    not of its pace)."""
    return discover_source_entry(homepage, slug=slug, fetch=PoliteFetcher(fetch, sleep=lambda _: None))


def readme_example() -> tuple[str, str]:
    """The command and the printed entry of the README's worked example."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### Adding a source: a worked example", 1)[1]
    command = re.search(r"`castwire sources discover (\S+)`", section)
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert command and block, "the README's worked example has a discover command and a TOML block"
    return command.group(1), textwrap.dedent(block.group(1))


def test_readme_worked_example_is_what_the_command_prints() -> None:
    """The README's entry is the real output of the command, for a copy of the site served locally."""
    homepage, printed = readme_example()
    assert homepage == "https://www.soompi.com/" and _slug_for(homepage) == "soompi"
    with serve_folder(SITES / "soompi") as base:  # the soompi fixture site as a host of its own
        result = subprocess.run([*CASTWIRE, "sources", "discover", f"{base}/"], capture_output=True,
                                text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "already has a source" not in result.stderr
    header, _, rest = result.stdout.partition("\n")
    assert header == f"[{_slug_for(base)}]"  # an IP address here; the real host gives [soompi]
    assert "[soompi]\n" + rest.replace(base, "https://www.soompi.com").rstrip("\n") + "\n" == printed
    parse_catalogue(printed, "README")  # and it is a valid catalogue entry as printed


@pytest.mark.parametrize(("homepage", "slug"), [
    ("https://www.soompi.com/", "soompi"),
    ("https://natalie.mu/eiga", "natalie"),
    ("http://127.0.0.1:18701/", "s_127_0_0_1_18701"),  # two local sites differ by their port
    ("http://localhost:8080/news/", "localhost_8080"),
    ("http://[::1]:9000/", "s_1_9000"),
    ("https://www.yna.co.kr/entertainment", "yna"), ("https://news.mt.co.kr/", "news_mt"),  # co.kr: one suffix
    ("https://www.oricon.co.jp/news/", "oricon"),
])
def test_a_default_slug_names_the_site(homepage: str, slug: str) -> None:
    assert _slug_for(homepage) == slug


def test_discover_notes_a_slug_the_catalogue_already_has() -> None:
    """The default catalogue has [soompi]: pasting the entry beside it would break the file."""
    with serve_folder(SITES / "soompi") as base:
        result = subprocess.run([*CASTWIRE, "sources", "discover", f"{base}/", "--slug", "soompi"],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("[soompi]\n"), result.stderr
    assert "default catalogue already has a source [soompi]" in result.stderr


@pytest.mark.parametrize("slug", sorted(CATALOGUE))
def test_discover_finds_each_default_sources_feeds(slug: str, fixture_web: str) -> None:
    source = CATALOGUE[slug]
    homepage = source["homepage"].replace("{{BASE}}", fixture_web)
    entry = discover(homepage, slug=slug, fetch=fetch)
    parsed = parse_catalogue(entry, "discovered").get(slug)  # a valid entry as printed
    expected = [url.replace("{{BASE}}", fixture_web) for url in source["feeds"]]
    assert list(parsed.feeds) == expected
    assert parsed.language == source["language"]
    # the fixture web shares one robots.txt: its news sitemaps are offered to every site
    assert f"{fixture_web}/sportskeeda/sitemap/news.xml" in parsed.sitemaps


def test_same_feed_under_two_urls_is_listed_once_and_names_are_escaped(tmp_path: Path) -> None:
    feed = (SITES / "soompi" / "feed").read_bytes()
    (tmp_path / "feed").write_bytes(feed)  # served as /feed and /feed/, as WordPress does
    (tmp_path / "rss.xml").write_bytes(feed)  # the same document again under another name
    (tmp_path / "robots.txt").write_text("User-agent: *\nSitemap: /sitemap.xml\nSitemap: /news-sitemap.xml\n")
    for name in ("sitemap.xml", "news-sitemap.xml"):
        (tmp_path / name).write_text(URLSET)
    (tmp_path / "index.html").write_text(
        '<html lang="ko-KR"><head><meta property="og:site_name" content="Say &quot;Hi&quot; \\ Co">'
        '<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body></body></html>', "utf-8")
    with serve_folder(tmp_path) as base:
        entry = discover(f"{base}/", slug="say_hi", fetch=fetch)
    source = parse_catalogue(entry, "discovered").get("say_hi")
    assert source.name == 'Say "Hi" \\ Co'
    assert source.language == "ko"
    assert source.feeds == (f"{base}/feed/",)
    assert source.sitemaps == (f"{base}/news-sitemap.xml",)  # news sitemaps preferred


def test_a_site_without_feeds_gets_a_hint_and_probes_use_the_given_fetch() -> None:
    asked: list[str] = []

    def fake_fetch(url: str) -> Fetched:
        asked.append(url)
        if url == "https://quiet.example/":
            return Fetched(url, 200, "text/html; charset=utf-8", b"<html><title>Quiet</title></html>")
        raise UserError(f"{url}: HTTP 404 Not Found")

    entry = discover("https://quiet.example/", fetch=fake_fetch)
    assert entry.startswith("[quiet]\nname = \"Quiet\"\n")
    assert "feeds = []" in entry and "sitemaps = []" in entry
    assert "# no feed or sitemap found, nor a repeated link to articles on the page: add a [quiet.listing] table" in entry
    assert "https://quiet.example/feed" in asked and asked[0] == "https://quiet.example/robots.txt"
    assert asked.count("https://quiet.example/robots.txt") == 1  # read once, first
    assert "[calm.listing]" in discover("https://quiet.example/", slug="calm", fetch=fake_fetch)


def test_discover_reads_robots_txt_first_obeys_it_and_spaces_its_probes() -> None:
    """tR: 15 probes in 50 ms, then robots.txt (Crawl-delay: 1). robots.txt comes first, what it
    disallows is not fetched, and the probes to the site are its Crawl-delay apart."""
    asked: list[str] = []
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    def fake_fetch(url: str) -> Fetched:
        asked.append(url)
        if url == "https://slow.example/robots.txt":
            return Fetched(url, 200, "text/plain", b"User-agent: *\nCrawl-delay: 2\nDisallow: /feed\n")
        if url == "https://slow.example/":
            return Fetched(url, 200, "text/html; charset=utf-8", b"<html><title>Slow</title></html>")
        raise UserError(f"{url}: HTTP 404 Not Found")

    said: list[str] = []
    polite = PoliteFetcher(fake_fetch, sleep=sleep, clock=lambda: now[0], announce=said.append)
    entry = discover_source_entry("https://slow.example/", fetch=polite)
    assert entry.startswith("[slow]\n")
    assert asked[0] == "https://slow.example/robots.txt" and asked.count(asked[0]) == 1
    assert not [url for url in asked if url.startswith("https://slow.example/feed")]  # /feed, /feed/, /feeds...
    assert len(asked) > 5 and sleeps == [2.0] * (len(asked) - 1)  # the test's clock: no wall time
    assert said == ["https://slow.example: robots.txt asks for 2 s between requests; waiting 2 s before each"]


def test_discover_waits_at_most_ten_seconds_for_a_crawl_delay_and_says_so() -> None:
    """A robots.txt Crawl-delay of 120 kept `sources discover` silent for up to 60 s per probe
    (about 20 minutes for a site): an interactive command waits 10 s at most and says why it waits."""
    now = [0.0]
    sleeps: list[float] = []
    said: list[str] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    def fake_fetch(url: str) -> Fetched:
        if url == "https://slow.example/robots.txt":
            return Fetched(url, 200, "text/plain", b"User-agent: *\nCrawl-delay: 120\n")
        if url == "https://slow.example/":
            return Fetched(url, 200, "text/html; charset=utf-8", b"<html><title>Slow</title></html>")
        raise UserError(f"{url}: HTTP 404 Not Found")

    polite = PoliteFetcher(fake_fetch, sleep=sleep, clock=lambda: now[0], announce=said.append)
    discover_source_entry("https://slow.example/", fetch=polite)
    assert MAX_CRAWL_DELAY == 10.0 and len(sleeps) > 5 and set(sleeps) == {MAX_CRAWL_DELAY}
    assert said == ["https://slow.example: robots.txt asks for 120 s between requests; "
                    "waiting 10 s (at most 10 here) before each"]


def test_polite_fetches_without_robots_txt_are_spaced_by_the_default_delay() -> None:
    sleeps: list[float] = []
    polite = PoliteFetcher(lambda url: Fetched(url, 200, "text/html", b"<html></html>") if "robots" not in url
                           else (_ for _ in ()).throw(UserError("404")), sleep=sleeps.append, clock=lambda: 0.0)
    polite("http://a.example/1")
    polite("http://a.example/2")
    polite("http://b.example/1")  # another site: no wait for the first one's requests
    assert sleeps == [POLITE_DELAY, POLITE_DELAY, POLITE_DELAY]


def test_discover_from_a_post_leaves_out_its_comments_feed() -> None:
    """Given a WordPress post's address, the feed under it is the post's comments."""
    post = "https://wp.example/2026/12/05/the-last-ferry/"

    def rss(title: str, item: str) -> bytes:
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
                f"<item><title>{item}</title><link>https://wp.example/{abs(hash(item))}</link></item>"
                "</channel></rss>").encode()

    pages = {post: (b"<html><title>The Last Ferry</title></html>", "text/html"),
             f"{post}feed": (rss("Comments on: The Last Ferry", "Comment on The Last Ferry by fan"), "application/rss+xml"),
             "https://wp.example/feed": (rss("K-Wave Wire", "Kim Soo-hyun cast in 'Moonlit Ledger'"),
                                         "application/rss+xml")}

    def fake_fetch(url: str) -> Fetched:
        if url in pages:
            body, kind = pages[url]
            return Fetched(url, 200, kind, body)
        raise UserError(f"{url}: HTTP 404 Not Found")

    entry = discover(post, fetch=fake_fetch)
    assert 'feeds = ["https://wp.example/feed"]' in entry, entry


def test_unreachable_homepage_is_one_line_error() -> None:
    result = subprocess.run([*CASTWIRE, "sources", "discover", "http://127.0.0.1:9/"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("castwire: error: cannot fetch http://127.0.0.1:9/")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("slug", ["Bad-Slug", 'a b"c', "9lives", ""])
def test_a_slug_the_catalogue_would_refuse_is_refused_before_fetching(slug: str) -> None:
    asked: list[str] = []

    def fetch(url: str) -> Fetched:
        asked.append(url)
        raise UserError(f"{url}: HTTP 404 Not Found")

    with pytest.raises(UserError, match="a slug is lowercase letters, digits and '_'"):
        discover("https://quiet.example/", slug=slug, fetch=fetch)
    assert asked == []


def _site(pages: dict[str, tuple[bytes, str]]):  # noqa: ANN202
    """A fake fetch serving these (body, content type) pages; any other URL is a 404."""
    def fake_fetch(url: str) -> Fetched:
        if url in pages:
            body, kind = pages[url]
            return Fetched(url, 200, kind, body)
        raise UserError(f"{url}: HTTP 404 Not Found")
    return fake_fetch


def test_a_korean_site_served_with_the_wrong_charset_and_no_lang_gets_its_language_and_name() -> None:
    """An EUC-KR homepage its server calls UTF-8, without a lang attribute: the entry says
    ko (its dates are read in Korean, in Seoul's time), and names the site in Hangul."""
    page = ('<html><head><title>스타연예뉴스 | 연예</title></head><body><h1>오늘의 연예 소식</h1>'
            '<p>배우 한서윤이 새 드라마의 여주인공으로 캐스팅됐다. 드라마는 내년 3월 첫 방송 예정이다.</p>'
            '</body></html>').encode("euc-kr")
    entry = discover("https://star.example/", fetch=_site(
        {"https://star.example/": (page, "text/html; charset=UTF-8")}))
    fields = tomllib.loads(entry)["star"]  # no feed yet: the user adds a listing
    assert (fields["language"], fields["name"]) == ("ko", "스타연예뉴스")
    assert 'language = "ko"  # read from the page\'s text' in entry


def test_a_japanese_site_without_lang_is_japanese_and_a_declared_language_is_kept() -> None:
    page = ('<html><head><title>ドラマニュース速報｜エンタメ</title></head><body>'
            '<p>女優の有村架純が来年1月スタートの連続ドラマで主演を務めることが発表された。</p></body></html>')
    entry = discover("https://dorama.example/", fetch=_site(
        {"https://dorama.example/": (page.encode("shift_jis"), "text/html")}))
    fields = tomllib.loads(entry)["dorama"]
    assert (fields["language"], fields["name"]) == ("ja", "ドラマニュース速報")
    declared = discover("https://dorama.example/", fetch=_site(
        {"https://dorama.example/": (page.replace("<html>", '<html lang="en">').encode(), "text/html")}))
    assert 'language = "en"\n' in declared  # the page says so: no note


def test_a_news_host_keeps_only_its_news_sitemap() -> None:
    """"news" in the host name (starnewskorea, yonhapnews) says nothing of a sitemap."""
    robots = ("User-agent: *\nSitemap: https://www.starnews.example/sitemap-posts.xml\n"
              "Sitemap: https://www.starnews.example/sitemap-images.xml\n"
              "Sitemap: https://www.starnews.example/sitemap-news.xml\n")
    entry = discover("https://www.starnews.example/", fetch=_site({
        "https://www.starnews.example/": (b'<html lang="en"><title>Star News</title></html>', "text/html"),
        "https://www.starnews.example/robots.txt": (robots.encode(), "text/plain"),
        **{f"https://www.starnews.example/sitemap-{kind}.xml": (URLSET.encode(), "application/xml")
           for kind in ("posts", "images", "news")}}))
    assert 'sitemaps = ["https://www.starnews.example/sitemap-news.xml"]' in entry
    # the others are said: robots.txt lists them, and they are sitemaps (the README promises a comment)
    for kind in ("posts", "images"):
        assert (f"# robots.txt lists https://www.starnews.example/sitemap-{kind}.xml: a sitemap too, left out "
                "for the news sitemap (add it to sitemaps to crawl it)") in entry
    parse_catalogue(entry, "discovered")


def test_without_a_news_sitemap_the_first_is_kept_and_the_others_are_said() -> None:
    robots = "Sitemap: https://plain.example/sitemap-posts.xml\nSitemap: https://plain.example/sitemap-pages.xml\n"
    entry = discover("https://plain.example/", fetch=_site({
        "https://plain.example/": (b'<html lang="ko"><title>Plain</title></html>', "text/html"),
        "https://plain.example/robots.txt": (robots.encode(), "text/plain"),
        **{f"https://plain.example/sitemap-{kind}.xml": (URLSET.encode(), "application/xml")
           for kind in ("posts", "pages")}}))
    assert 'sitemaps = ["https://plain.example/sitemap-posts.xml"]' in entry
    assert ("# robots.txt lists https://plain.example/sitemap-pages.xml: a sitemap too, left out for the first one "
            "(add it to sitemaps to crawl it)") in entry


def test_a_feeds_address_gives_the_sites_entry_with_that_feed() -> None:
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>K-Wave Wire - All posts</title>'
            b"<link>https://wp.example/</link><item><title>Kim Soo-hyun cast in 'Moonlit Ledger'</title>"
            b"<link>https://wp.example/2026/12/moonlit-ledger/</link></item></channel></rss>")
    entry = discover("https://wp.example/feed/", fetch=_site({
        "https://wp.example/feed/": (feed, "application/rss+xml"),
        "https://wp.example/": (b'<html lang="en"><title>K-Wave Wire</title></html>', "text/html")}))
    source = parse_catalogue(entry, "discovered").get("wp")
    assert source.homepage == "https://wp.example/" and source.name == "K-Wave Wire"
    assert source.feeds == ("https://wp.example/feed/",)
    # a channel link that answers nothing: the feed's host is the site ("::" ends its name)
    moved = feed.replace(b"<link>https://wp.example/</link>", b"<link>https://wp.example/gone/</link>")
    entry = discover("https://wp.example/feed/", fetch=_site({
        "https://wp.example/feed/": (moved, "application/rss+xml"),
        "https://wp.example/": (b'<html lang="en"><title>K-Wave Wire :: News</title></html>', "text/html")}))
    source = parse_catalogue(entry, "discovered").get("wp")
    assert (source.homepage, source.name) == ("https://wp.example/", "K-Wave Wire")



def test_a_feed_whose_site_answers_nothing_names_the_site_and_is_not_read_as_a_page(
        caplog: pytest.LogCaptureFixture) -> None:
    """Model Press's RSS, its channel link and host answering nothing: the feed's address became
    the homepage, and the feed was read as HTML (trafilatura logged "wrong data type")."""
    feed = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>モデルプレス</title>'
            "<link>https://mdpr.example/</link><item><title>森下璃子、月9初主演決定 高槻蒼と初共演</title>"
            "<link>https://mdpr.example/news/detail/4412345</link></item></channel></rss>").encode()
    with caplog.at_level(logging.WARNING):
        entry = discover("https://mdpr.example/rss/news.xml", fetch=_site({
            "https://mdpr.example/rss/news.xml": (feed, "application/rss+xml")}))
    source = parse_catalogue(entry, "discovered").get("mdpr")
    assert (source.homepage, source.name, source.language) == ("https://mdpr.example/", "モデルプレス", "ja")
    assert source.feeds == ("https://mdpr.example/rss/news.xml",)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_robots_sitemaps_that_are_none_are_left_out_and_said() -> None:
    """robots.txt names a sitemap index that answers 404 and a news sitemap that is one."""
    robots = "Sitemap: https://gone.example/sitemap_index.xml\nSitemap: https://gone.example/news-sitemap.xml\n"
    entry = discover("https://gone.example/", fetch=_site({
        "https://gone.example/": (b'<html lang="en"><title>Gone</title></html>', "text/html"),
        "https://gone.example/robots.txt": (robots.encode(), "text/plain"),
        "https://gone.example/news-sitemap.xml": (URLSET.encode(), "application/xml")}))
    assert 'sitemaps = ["https://gone.example/news-sitemap.xml"]' in entry
    assert "# robots.txt lists https://gone.example/sitemap_index.xml: no sitemap there, left out" in entry
    parse_catalogue(entry, "discovered")


def test_a_sections_page_is_named_after_its_site_not_its_section() -> None:
    """A section's title ("연예 전체 | 연합뉴스") names the section: the home page names the site."""
    section = '<html lang="ko"><head><title>연예 전체 | 연합뉴스</title></head><body></body></html>'
    pages = {"https://www.yna.example/entertainment/all": (section.encode(), "text/html"),
             "https://www.yna.example/": ('<html lang="ko"><title>연합뉴스</title></html>'.encode(), "text/html")}
    entry = discover("https://www.yna.example/entertainment/all", fetch=_site(pages))
    assert tomllib.loads(entry)["yna"]["name"] == "연합뉴스"
    # the site's own name comes first: og:site_name, application-name, a JSON-LD publisher
    for head in ('<meta property="og:site_name" content="Yonhap News">',
                 '<meta name="application-name" content="Yonhap News">',
                 '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x",'
                 ' "publisher": {"@type": "Organization", "name": "Yonhap News"}}</script>'):
        pages["https://www.yna.example/entertainment/all"] = (section.replace("</title>", f"</title>{head}").encode(),
                                                             "text/html")
        entry = discover("https://www.yna.example/entertainment/all", fetch=_site(pages))
        assert tomllib.loads(entry)["yna"]["name"] == "Yonhap News", head


def test_a_listing_only_site_gets_a_listing_table_with_its_repeated_article_links() -> None:
    items = "".join(
        f'<li><a class="img" href="/view/AKR2026120{i}"><img src="t.jpg"></a>'
        f'<a class="tit-news" href="/view/AKR2026120{i}">배우 한서윤 새 드라마 주연 캐스팅 소식 {i}번째</a></li>'
        for i in range(5))
    page = (f'<html lang="ko"><head><title>연합뉴스</title></head><body><nav><a href="/politics/all">정치</a></nav>'
            f'<div class="list-type038"><ul>{items}</ul></div>'
            '<aside class="popular"><a href="/view/AKR1">가장 많이 본 뉴스 제목이 여기에 있습니다 정말로</a></aside>'
            "</body></html>")
    entry = discover("https://www.yna.example/", fetch=_site(
        {"https://www.yna.example/": (page.encode(), "text/html")}))
    source = parse_catalogue(entry, "discovered").get("yna")
    assert source.listing is not None and source.listing.links == "div.list-type038 a.tit-news"
    assert source.listing.urls == ("https://www.yna.example/",)
