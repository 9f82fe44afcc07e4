"""pipeline.dates: parsing, offsets, CJK forms, relative dates, URL dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pipeline import dates

SEOUL = ZoneInfo("Asia/Seoul")
TOKYO = ZoneInfo("Asia/Tokyo")
FETCHED = datetime(2024, 4, 3, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "tz", "languages", "expected_utc"),
    [
        ("2024-03-15T10:00:00+09:00", UTC, None, datetime(2024, 3, 15, 1, 0, tzinfo=UTC)),
        ("2024-03-15T10:00:00Z", SEOUL, None, datetime(2024, 3, 15, 10, 0, tzinfo=UTC)),
        ("2024-03-15T10:00:00.123-0500", UTC, None, datetime(2024, 3, 15, 15, 0, tzinfo=UTC)),
        ("2024-03-15 10:00", SEOUL, None, datetime(2024, 3, 15, 1, 0, tzinfo=UTC)),
        ("2024-03-15", TOKYO, None, datetime(2024, 3, 14, 15, 0, tzinfo=UTC)),
        ("2020-12-05T23:15:0Z", UTC, None, datetime(2020, 12, 5, 23, 15, tzinfo=UTC)),
        ("Fri, 15 Mar 2024 10:00:00 +0900", UTC, None, datetime(2024, 3, 15, 1, 0, tzinfo=UTC)),
        ("20240315", UTC, None, datetime(2024, 3, 15, tzinfo=UTC)),
        ("입력 2024.03.15 14:30", SEOUL, ("ko",), datetime(2024, 3, 15, 5, 30, tzinfo=UTC)),
        ("2024.03.15 오후 2:30", SEOUL, ("ko",), datetime(2024, 3, 15, 5, 30, tzinfo=UTC)),
        ("2024년 3월 15일 오후 2시 30분", SEOUL, ("ko",), datetime(2024, 3, 15, 5, 30, tzinfo=UTC)),
        ("2024年3月15日 14時30分", TOKYO, ("ja",), datetime(2024, 3, 15, 5, 30, tzinfo=UTC)),
        ("2024/03/15 14:30 配信", TOKYO, ("ja",), datetime(2024, 3, 15, 5, 30, tzinfo=UTC)),
        ("15.03.2024, 14:30 Uhr", UTC, ("de",), datetime(2024, 3, 15, 14, 30, tzinfo=UTC)),
        ("23.09.20 | 18:19", UTC, ("de",), datetime(2020, 9, 23, 18, 19, tzinfo=UTC)),
        ("3/15/2024", UTC, ("en",), datetime(2024, 3, 15, tzinfo=UTC)),
        ("15/03/2024", UTC, ("en",), datetime(2024, 3, 15, tzinfo=UTC)),
        ("March 5, 2024 10:00 PM", UTC, ("en",), datetime(2024, 3, 5, 22, 0, tzinfo=UTC)),
        ("5 March 2024", UTC, ("en",), datetime(2024, 3, 5, tzinfo=UTC)),
        # month names of the wider press, parsed without dateparser
        ("Stand: 20. April 2020, 14:57 Uhr", UTC, ("de",), datetime(2020, 4, 20, 14, 57, tzinfo=UTC)),
        ("am 3. Februar 2022 um 21:17", UTC, ("de",), datetime(2022, 2, 3, 21, 17, tzinfo=UTC)),
        ("1er avril 2024 à 10h30", UTC, ("fr",), datetime(2024, 4, 1, 10, 30, tzinfo=UTC)),
        ("mardi 10 décembre 2019", UTC, ("fr",), datetime(2019, 12, 10, tzinfo=UTC)),
        ("Actualizado el 08 de Mayo 2022 | 6:00 h", UTC, ("es",), datetime(2022, 5, 8, 6, 0, tzinfo=UTC)),
        ("3 de março de 2024", UTC, ("pt",), datetime(2024, 3, 3, tzinfo=UTC)),
        ("12 maggio 2021", UTC, ("it",), datetime(2021, 5, 12, tzinfo=UTC)),
        ("Sept. 3, 2021", UTC, ("en",), datetime(2021, 9, 3, tzinfo=UTC)),
    ],
)
def test_absolute_dates(raw, tz, languages, expected_utc):
    value = dates.parse_date(raw, tz=tz, fetched_at=FETCHED, languages=languages)
    assert value is not None and value.tzinfo is not None
    assert value.astimezone(UTC) == expected_utc


@pytest.mark.parametrize(
    ("raw", "ago"),
    [
        ("3 hours ago", timedelta(hours=3)),
        ("5 mins ago", timedelta(minutes=5)),
        ("2 days ago", timedelta(days=2)),
        ("2시간 전", timedelta(hours=2)),
        ("30분 전", timedelta(minutes=30)),
        ("3時間前", timedelta(hours=3)),
        ("2日前", timedelta(days=2)),
        ("yesterday", timedelta(days=1)),
        ("어제", timedelta(days=1)),
        ("昨日", timedelta(days=1)),
    ],
)
def test_relative_dates_resolve_against_fetch_time(raw, ago):
    value = dates.parse_date(raw, tz=SEOUL, fetched_at=FETCHED)
    assert value is not None
    assert value.astimezone(UTC) == FETCHED - ago


@pytest.mark.parametrize("raw", ["", None, "not a date", "12345", "x" * 500, "2024-13-45", 42])
def test_garbage_is_none(raw):
    assert dates.parse_date(raw, fetched_at=FETCHED) is None


def test_plausibility_window():
    assert dates.is_plausible(datetime(2024, 4, 3, 13, 0, tzinfo=UTC), FETCHED)  # within tolerance
    assert not dates.is_plausible(datetime(2024, 4, 5, tzinfo=UTC), FETCHED)
    assert not dates.is_plausible(datetime(1994, 12, 31, tzinfo=UTC), FETCHED)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/2024/03/15/some-story/", date(2024, 3, 15)),
        ("https://x.example/news/20240315000123", None),
        ("https://x.example/news/20240315-story", date(2024, 3, 15)),
        ("https://x.example/2024-03-15-story.html", date(2024, 3, 15)),
        ("https://x.example/2024/3/5/story", date(2024, 3, 5)),
        ("https://x.example/story?id=1234567", None),
        ("https://20240315.example/story", None),
        ("", None),
    ],
)
def test_url_date(url, expected):
    assert dates.url_date(url) == expected


def test_zone_defaults_by_language():
    assert dates.zone(None, "ko") == SEOUL
    assert dates.zone(None, "ja") == TOKYO
    assert dates.zone(None, "en") == UTC
    assert dates.zone("Europe/Paris", "ko") == ZoneInfo("Europe/Paris")
    assert dates.zone("Not/AZone", "ja") == TOKYO


def test_explicit_offset_is_kept():
    value = dates.parse_date("2024-03-15T10:00:00+09:00", tz=UTC)
    assert value.utcoffset() == timezone(timedelta(hours=9)).utcoffset(None)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.de/a/b.html", "Europe/Berlin"),
        ("https://news.example.com.br/x", "America/Sao_Paulo"),
        ("http://example.co.uk:8080/x", "Europe/London"),
        ("https://EXAMPLE.IT./story", "Europe/Rome"),
        ("https://www.example.co.kr/news/1", "Asia/Seoul"),
        ("https://example.com/2024/03/15/x", None),  # generic TLD: no country
        ("https://example.com.au/x", None),  # several zones: no guess
        ("https://example.us/x", None),
        ("not a url", None),
        ("", None),
    ],
)
def test_country_zone(url, expected):
    assert dates.country_zone(url) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-15T10:00:00Z", True),
        ("2024-03-15T10:00:00+09:00", True),
        ("Fri, 15 Mar 2024 10:00:00 GMT", True),
        ("2024-03-15T10:00:00", False),
        ("2024-03-15", False),
        ("2024.03.15 오전 10:30", False),
        ("3 hours ago", False),
        ("not a date", False),
        (None, False),
    ],
)
def test_has_offset(raw, expected):
    assert dates.has_offset(raw) is expected


@pytest.mark.parametrize(
    ("text", "fallback", "expected"),
    [
        ("mercredi 4 janv. 2023", False, datetime(2023, 1, 4, tzinfo=UTC)),  # own patterns
        ("15 марта 2024", True, datetime(2024, 3, 15, tzinfo=UTC)),  # dateparser's languages
        ("15 марта 2024", False, None),  # speculative scans skip dateparser
        # a machine timestamp shown as text keeps its time and offset (it became the day at 00:00 UTC)
        ("Published 2024-03-15T12:30:00+09:00", False, datetime(2024, 3, 15, 3, 30, tzinfo=UTC)),
    ],
)
def test_find_date_in_text_fallback(text, fallback, expected):
    value = dates.find_date_in_text(text, tz=UTC, fetched_at=FETCHED, languages=("ru", "en"), fallback=fallback)
    assert value == expected
    if value is not None and "T" in text:
        assert value.utcoffset() == timedelta(hours=9)  # as written


@pytest.mark.parametrize(
    ("raw", "expected_utc"),
    [
        ("December 3, 2026 9:00pm ET", datetime(2026, 12, 4, 2, 0, tzinfo=UTC)),  # Eastern standard time
        ("June 3, 2026 9:00pm ET", datetime(2026, 6, 4, 1, 0, tzinfo=UTC)),  # Eastern daylight time
        ("Dec. 4, 2026 at 9:00 PM EST", datetime(2026, 12, 5, 2, 0, tzinfo=UTC)),
        ("Dec 3, 2026 10:15 AM KST", datetime(2026, 12, 3, 1, 15, tzinfo=UTC)),
        ("Published December 3, 2026 10:30am PT", datetime(2026, 12, 3, 18, 30, tzinfo=UTC)),
        ("2026-12-03 10:00 UTC", datetime(2026, 12, 3, 10, 0, tzinfo=UTC)),
        ("December 3, 2026 9:00pm", datetime(2026, 12, 3, 12, 0, tzinfo=UTC)),  # no zone: the source's
        # an hour without minutes (AP style): the hour is kept, not only the zone
        ("December 6, 2026 at 5 p.m. PT", datetime(2026, 12, 7, 1, 0, tzinfo=UTC)),
        ("Dec 6, 2026 5 p.m. PT", datetime(2026, 12, 7, 1, 0, tzinfo=UTC)),
        ("December 6, 2026 at 5 PM ET", datetime(2026, 12, 6, 22, 0, tzinfo=UTC)),
    ],
)
def test_a_zone_written_after_the_time_is_the_dates_zone(raw: str, expected_utc: datetime) -> None:
    seoul = ZoneInfo("Asia/Seoul")  # the source's zone, for what says none
    fetched = datetime(2026, 12, 6, tzinfo=UTC)
    for found in (dates.parse_date(raw, tz=seoul, fetched_at=fetched),
                  dates.find_date_in_text(raw, tz=seoul, fetched_at=fetched)):
        assert found is not None and found.astimezone(UTC) == expected_utc, raw


@pytest.mark.parametrize(
    ("raw", "languages", "expected"),
    [
        ("December 6, 2026 at 5 p.m.", ("en",), datetime(2026, 12, 6, 17, 0)),
        ("6 December 2026, 5pm", ("en",), datetime(2026, 12, 6, 17, 0)),
        ("12/06/2026 at 5 p.m.", ("en",), datetime(2026, 12, 6, 17, 0)),
        ("December 6, 2026 at 12 a.m.", ("en",), datetime(2026, 12, 6, 0, 0)),
        ("December 6, 2026 3 comments", ("en",), datetime(2026, 12, 6, 0, 0)),  # a count, not an hour
    ],
)
def test_an_hour_without_minutes_before_its_meridiem_is_the_time(raw, languages, expected):
    value = dates.parse_date(raw, tz=UTC, fetched_at=datetime(2026, 12, 7, tzinfo=UTC), languages=languages)
    assert value == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "tz", "languages", "fetched", "expected_utc"),
    [
        # Yahoo!ニュース: no year; the day before the fetch
        ("12/6(日) 18:00配信", TOKYO, ("ja",), datetime(2026, 12, 7, 5, 15, tzinfo=UTC),
         datetime(2026, 12, 6, 9, 0, tzinfo=UTC)),
        ("12月6日(日) 8時05分", TOKYO, ("ja",), datetime(2026, 12, 7, 5, 15, tzinfo=UTC),
         datetime(2026, 12, 5, 23, 5, tzinfo=UTC)),
        ("12월 6일 오후 6:00", SEOUL, ("ko",), datetime(2026, 12, 7, 5, 15, tzinfo=UTC),
         datetime(2026, 12, 6, 9, 0, tzinfo=UTC)),
        # fetched in January: last December, not the coming one
        ("12/31(木) 23:00配信", TOKYO, ("ja",), datetime(2027, 1, 2, 3, 0, tzinfo=UTC),
         datetime(2026, 12, 31, 14, 0, tzinfo=UTC)),
        ("6/12 18:00", UTC, ("fr",), datetime(2026, 12, 7, 5, 15, tzinfo=UTC),
         datetime(2026, 12, 6, 18, 0, tzinfo=UTC)),
    ],
)
def test_a_day_and_time_without_a_year_is_the_nearest_before_the_fetch(raw, tz, languages, fetched, expected_utc):
    value = dates.parse_date(raw, tz=tz, fetched_at=fetched, languages=languages)
    assert value is not None and value.astimezone(UTC) == expected_utc


@pytest.mark.parametrize(("text", "expected"), [
    ("어제", True), ("Yesterday", True), ("昨日", True), ("just now", True),
    ("Share", False), ("yesterday's most read stories on this site", False),
])
def test_a_relative_day_in_words_is_recognised(text: str, expected: bool) -> None:
    assert dates.is_relative_word(text) is expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("December 6, 2026", False), ("2026年12月6日", False), ("2026.12.06", False), ("2026-12-06", False),
    ("어제", False), ("yesterday", False), ("2 days ago", False), ("3일 전", False), ("2日前", False), (None, False),
    ("December 6, 2026 at 5 p.m. PT", True), ("2026.12.06 오후 5:30", True), ("2026年12月6日 17時30分", True),
    ("2026년 12월 6일 오후 5시", True), ("Sat, 05 Dec 2026 15:20:00 GMT", True), ("2026-12-06T00:00:00+09:00", True),
    ("3 hours ago", True), ("45 minutes ago", True), ("3시간 전", True), ("5時間前", True), ("just now", True),
])
def test_shows_time_tells_a_day_alone_from_a_time(raw: str | None, expected: bool) -> None:
    assert dates.shows_time(raw) is expected
