from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pipeline.errors import UserError
from pipeline.sources import (
    follows_fingerprint,
    format_duration,
    load_catalogue,
    parse_catalogue,
    parse_duration,
)

VALID = """
[kdrama]
name = "K-Drama Daily"
homepage = "https://kdrama.example/"
language = "en"
feeds = ["https://kdrama.example/feed/"]
interval = "2h"
allow = ['/\\d{4}/\\d{2}/']

[seoul]
name = "Seoul Screen"
homepage = "https://seoul.example/"
language = "ko"
sitemaps = ["https://seoul.example/news-sitemap.xml"]
"""


def test_valid_catalogue_parses_with_defaults() -> None:
    catalogue = parse_catalogue(VALID, "test.toml")
    kdrama, seoul = catalogue.get("kdrama"), catalogue.get("seoul")
    assert kdrama.interval == timedelta(hours=2)
    assert kdrama.timezone == "UTC" and seoul.timezone == "Asia/Seoul"
    assert seoul.interval == timedelta(minutes=30)
    assert [s.slug for s in catalogue.select(())] == ["kdrama", "seoul"]


def test_default_catalogue_loads_and_has_real_sources() -> None:
    catalogue = load_catalogue(None)
    assert len(catalogue.sources) >= 12
    assert {s.language for s in catalogue.sources.values()} == {"en", "ko", "ja"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[x]\nname='X'\nlanguage='en'\nfeeds=['https://x.example/feed']", "source 'x', field 'homepage'"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='fr'\nfeeds=['https://x.example/f']",
         "field 'language'"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['ftp://x']", "field 'feeds'"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']\n"
         "interval='soon'", "field 'interval'"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']\n"
         "allow=['(']", "field 'allow'"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'", "needs at least one of"),
        ("[X-Y]\nname='X'", "a slug is"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeedz=[]", "unknown field 'feedz'"),
        ("not toml at all [", "invalid TOML"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']\n"
         "interval='0m'", "field 'interval': at least 5m"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['http://127.0.0.1:99999/f']",
         "field 'feeds': not an http"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['http://exa mple.com/f']",
         "field 'feeds': not an http"),
        ("[x]\nname='X'\nhomepage='https:///path'\nlanguage='en'\nfeeds=['https://x.example/f']",
         "field 'homepage': not an http"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['http://[::1/feed']",
         "field 'feeds': not an http"),
        # a listing's selector is checked as its crawl reads it, not only when that crawl runs
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\n"
         "listing={urls=['https://x.example/news'], links='article h2 a['}", "field 'links': invalid CSS selector"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\n"
         "listing={urls=['https://x.example/news'], links='a', next_page='a.next >'}", "field 'next_page'"),
        # a typo's interval: it passed the check, then crashed the scheduler (or the check itself)
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']\n"
         "interval='3000000d'", "field 'interval': at most 365d"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']\n"
         "interval='99999999999d'", "field 'interval': at most 365d"),
        # an empty name is not "not text"; an age of 0 days would skip every sitemap entry
        ("[x]\nname=''\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']",
         "field 'name': must not be empty"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nsitemaps=['https://x.example/s']\n"
         "max_sitemap_age_days=0", "field 'max_sitemap_age_days': .* at least 1"),
        # 0 pages read the first page all the same: refused rather than meaning 1
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\n"
         "listing={urls=['https://x.example/news'], links='a', max_pages=0}", "field 'max_pages': .* at least 1"),
        # a field selectors table: known fields, each a CSS selector
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']\n"
         "selectors={author='.byline'}", r"'x'\.selectors: unknown field 'author' \(use title, body, authors"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']\n"
         "selectors={authors='.byline >'}", "'x'.selectors, field 'authors': invalid CSS selector"),
        ("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\nfeeds=['https://x.example/f']\n"
         "selectors='.byline'", "x'.selectors: must be a table"),
    ],
)
def test_invalid_entries_name_file_source_and_field(text: str, message: str) -> None:
    with pytest.raises(UserError, match=message) as caught:
        parse_catalogue(text, "mine.toml")
    assert str(caught.value).startswith("mine.toml")


def test_a_catalogue_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text("\ufeff[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\n"
                    "feeds=['https://x.example/f']\n", encoding="utf-8")
    assert list(load_catalogue(path).sources) == ["x"]


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot read sources file"):
        load_catalogue(tmp_path / "nope.toml")


def test_unknown_slug_lists_known_ones() -> None:
    with pytest.raises(UserError, match="unknown source 'nope'.*kdrama, seoul"):
        parse_catalogue(VALID, "t.toml").get("nope")


@pytest.mark.parametrize(("text", "expected"), [("30m", timedelta(minutes=30)), ("2h", timedelta(hours=2)),
                                                ("45s", timedelta(seconds=45)), ("1d", timedelta(days=1))])
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert format_duration(expected) == text  # `sources list` shows it as written


def test_a_selectors_table_is_read_into_the_source() -> None:
    catalogue = parse_catalogue(
        "[yna]\nname='Yonhap'\nhomepage='https://www.yna.co.kr/'\nlanguage='ko'\n"
        "feeds=['https://www.yna.co.kr/rss/entertainment.xml']\n"
        "[yna.selectors]\nauthors='.writer-zone01 strong.tit-name a'\npublished='p.update-time'\n", "mine.toml")
    selectors = catalogue.get("yna").selectors
    assert selectors is not None
    assert (selectors.authors, selectors.published, selectors.title) == (
        ".writer-zone01 strong.tit-name a", "p.update-time", None)
    assert parse_catalogue("[x]\nname='X'\nhomepage='https://x.example'\nlanguage='en'\n"
                           "feeds=['https://x.example/f']", "mine.toml").get("x").selectors is None


def test_the_follows_fingerprint_changes_with_what_decides_the_links_followed() -> None:
    """Kept with an index's validators: another fingerprint reads the index whole (raising the
    age or page limit used to get a 304 that hid what the wider limit reaches)."""
    base = ('[s]\nname = "S"\nhomepage = "https://s.example/"\nlanguage = "ko"\n{extra}'
            '[s.listing]\nurls = ["https://s.example/news"]\nlinks = "h2 a"\nnext_page = "a.next"\n{pages}')

    def source(extra: str = "", pages: str = ""):  # noqa: ANN202
        return parse_catalogue(base.format(extra=extra, pages=pages), "test").get("s")

    plain = source()
    kinds = ("feed", "sitemap", "listing")
    same = {kind: follows_fingerprint(plain, kind) for kind in kinds}
    assert len(set(same.values())) == 3
    # what does not decide the links followed: the same fingerprints
    assert {kind: follows_fingerprint(source('interval = "2h"\nenabled = false\n'), kind) for kind in kinds} == same
    older = source("max_sitemap_age_days = 30\n")
    assert follows_fingerprint(older, "sitemap") != same["sitemap"]
    assert follows_fingerprint(older, "feed") == same["feed"] and follows_fingerprint(older, "listing") == same["listing"]
    assert follows_fingerprint(plain, "sitemap", ignore_sitemap_age=True) != same["sitemap"]
    assert follows_fingerprint(source(pages="max_pages = 10\n"), "listing") != same["listing"]
    filtered = source('deny = ["/photo/"]\n')
    assert all(follows_fingerprint(filtered, kind) != same[kind] for kind in kinds)
