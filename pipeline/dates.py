"""Date strings found on news pages → timezone-aware datetimes.

Pure functions, no I/O. The extractor collects candidate strings layer by layer
(JSON-LD, meta tags, ``<time>``, visible text, the URL) and asks this module to
turn each into an aware datetime:

- ISO 8601 / RFC 3339 and RFC 2822 strings are parsed directly, honouring offsets;
- Korean (``2024.03.15 14:30``, ``2024년 3월 15일 오후 2시``) and Japanese
  (``2024年3月15日 14時30分``) forms are handled without guessing word boundaries;
- relative forms ("3 hours ago", "2시간 전", "3時間前", "yesterday", "어제",
  "昨日") are resolved against the fetch time;
- anything else goes to :mod:`dateparser` restricted to a few languages.

A value without an offset is read in the source's declared zone. Plausibility
(not before 1995, at most :data:`FUTURE_TOLERANCE` after the fetch) is checked by
:func:`is_plausible`; a plausible time after the fetch is stored as the fetch time
(:func:`not_after_fetch`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(hours=2)
DEFAULT_ZONES = {"ko": "Asia/Seoul", "ja": "Asia/Tokyo"}
# Country-code top-level domains of countries with one civil time zone (or one that
# nearly all national press uses), for sources that declare none. Multi-zone countries
# (us, ca, au, ru, mx, id, …) are left out on purpose: guessing there is worse than UTC.
COUNTRY_ZONES = {
    "kr": "Asia/Seoul", "jp": "Asia/Tokyo", "cn": "Asia/Shanghai", "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong", "sg": "Asia/Singapore", "my": "Asia/Kuala_Lumpur",
    "ph": "Asia/Manila", "th": "Asia/Bangkok", "vn": "Asia/Ho_Chi_Minh", "in": "Asia/Kolkata",
    "pk": "Asia/Karachi", "bd": "Asia/Dhaka", "ir": "Asia/Tehran", "il": "Asia/Jerusalem",
    "ae": "Asia/Dubai", "sa": "Asia/Riyadh", "qa": "Asia/Qatar", "tr": "Europe/Istanbul",
    "uk": "Europe/London", "ie": "Europe/Dublin", "pt": "Europe/Lisbon", "es": "Europe/Madrid",
    "fr": "Europe/Paris", "be": "Europe/Brussels", "nl": "Europe/Amsterdam",
    "lu": "Europe/Luxembourg", "de": "Europe/Berlin", "at": "Europe/Vienna",
    "ch": "Europe/Zurich", "li": "Europe/Vaduz", "it": "Europe/Rome", "dk": "Europe/Copenhagen",
    "se": "Europe/Stockholm", "no": "Europe/Oslo", "fi": "Europe/Helsinki", "pl": "Europe/Warsaw",
    "cz": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest",
    "si": "Europe/Ljubljana", "hr": "Europe/Zagreb", "rs": "Europe/Belgrade",
    "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "gr": "Europe/Athens", "ua": "Europe/Kyiv",
    "eg": "Africa/Cairo", "za": "Africa/Johannesburg", "ng": "Africa/Lagos",
    "ke": "Africa/Nairobi", "nz": "Pacific/Auckland", "ar": "America/Argentina/Buenos_Aires",
    "br": "America/Sao_Paulo", "cl": "America/Santiago", "co": "America/Bogota",
    "pe": "America/Lima", "uy": "America/Montevideo", "ve": "America/Caracas",
}
_MAX_RAW = 200  # longer strings are prose, not dates

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{1,2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?\s*$",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?\s*(Z|[+-]\d{4})?\s*$")
# 2024.03.15 14:30 / 2024/03/15 / 2024-3-15 (Korean and Japanese sites, many others)
_NUMERIC = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})(?!\d)\.?"
    r"(?:\s*(?:\([^)]{1,3}\))?\s*(오전|오후|午前|午後|AM|PM)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?",
    re.IGNORECASE,
)
# 2024년 3월 15일 (오후) 2시 30분 / 2024年3月15日 14時30分 / 2024年3月15日 14:30
_CJK = re.compile(
    r"((?:19|20)\d{2})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]"
    r"(?:\s*(?:\([^)]{1,3}\)|（[^）]{1,3}）)?\s*(오전|오후|午前|午後)?\s*(\d{1,2})\s*(?:[시時]|:)\s*(?:(\d{1,2})\s*[분分]?)?)?"
)
# 12/6(日) 18:00配信 / 12月6日 18:00 / 12월 6일 오후 6:00: a day and a time, no year (portals,
# for the news of the last days); the year is the one that puts it nearest before the fetch
_YEARLESS = re.compile(
    r"(?<![A-Za-z\d./:-])(\d{1,2})\s*(?:(/)|[月월])\s*(\d{1,2})(?![\d/])\s*[日일]?"
    r"\s*(?:\([^)]{1,3}\)|（[^）]{1,3}）)?[,\s]*(오전|오후|午前|午後|AM|PM)?\s*(\d{1,2})\s*(?::|[時시]\s*)(\d{2})(?!\d)"
    r"(?!\s*[/.-]\s*\d)",
    re.IGNORECASE,
)
#: Languages writing a day before its month ("6/12" is 6 December).
_DAY_FIRST = frozenset({"de", "fr", "es", "it", "pt", "nl", "ru", "pl", "tr", "id", "vi"})
#: A time after a date: "14:30", "10:00 AM", and an hour alone before its meridiem ("at 5 p.m.",
#: "5 PM"), as AP style and US trade press write it.
_TIME_TAIL = (r"(?:[,\s]*(?:at|um|à|a las|alle|às|om|-|–|\|)?\s*(\d{1,2})(?=[:h]\d{2}|\s*[ap]\.?m(?![a-z]))"
              r"(?:[:h](\d{2})(?::(\d{2}))?)?\s*(am|pm|a\.m\.?|p\.m\.?)?)?")
# 15.03.2024 14:30 / 15/03/2024 / 3/15/2024 (order decided by the values, then by language)
_DAY_MONTH = re.compile(
    r"(?<![\d.:/])(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*((?:19|20)\d{2}|\d{2})(?![\d.:/]\d)"
    + _TIME_TAIL,
    re.IGNORECASE,
)
# Month names and their usual abbreviations in the languages of the sources and of the
# wider press (en, de, fr, es, it, pt, nl): parsed here, without dateparser's cost.
_MONTH_WORDS = {
    1: "january jan januar jänner jän janvier janv enero ene gennaio gen janeiro januari",
    2: "february feb februar février fevrier févr fevr febrero febbraio fevereiro fev februari",
    3: "march mar märz maerz mrz mars marzo março marco maart mrt",
    4: "april apr avril avr abril aprile",
    5: "may mai mayo maggio mag maio mei",
    6: "june jun juni juin junio giugno giu junho",
    7: "july jul juli juillet juil julio luglio lug julho",
    8: "august aug août aout agosto ago augustus",
    9: "september sep sept septembre setiembre septiembre settembre set setembro",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro",
}
_MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words.split()}
_MONTH_NAME = "(" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
# 15 March 2024 / 15. März 2024, 14:30 / 3 de marzo de 2024 / 1er avril 2024
_DMY_NAME = re.compile(
    r"(?<![\w.])(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s*(?:de\s+|of\s+)?" + _MONTH_NAME
    + r"(?![^\W\d_])[,.]?\s*(?:de\s+)?((?:19|20)\d{2})(?!\d)" + _TIME_TAIL,
    re.I,
)
# March 15, 2024 10:00 AM
_MDY_NAME = re.compile(
    r"(?<![\w])" + _MONTH_NAME + r"(?![^\W\d_])\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?!\d)"
    + _TIME_TAIL,
    re.I,
)
_RELATIVE = re.compile(
    r"(\d+)\s*(?:"
    r"(?P<en>sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?)\s+ago"
    r"|(?P<ko>초|분|시간|일|주|개월|달)\s*전"
    r"|(?P<ja>秒|分|時間|日|週間|週|か月|ヶ月|カ月)\s*前"
    r")",
    re.IGNORECASE,
)
_UNIT_SECONDS = {
    "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "mo": 30 * 86400,
}
_UNIT_ALIASES = {
    "초": "s", "분": "m", "시간": "h", "일": "d", "주": "w", "개월": "mo", "달": "mo",
    "秒": "s", "分": "m", "時間": "h", "日": "d", "週間": "w", "週": "w",
    "か月": "mo", "ヶ月": "mo", "カ月": "mo",
}
_RELATIVE_ANY = re.compile(r"ago|전|前|yesterday|어제|昨日|just now|방금", re.IGNORECASE)
_YESTERDAY = re.compile(r"^\s*(yesterday|어제|昨日)\b", re.IGNORECASE)
_JUST_NOW = re.compile(r"^\s*(just now|moments? ago|방금|방금 전|たった今|今)\s*$", re.IGNORECASE)
_URL_DATE = re.compile(
    r"(?<![0-9])((?:199|20[0-9])[0-9])[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)
_URL_DATE_SEP = re.compile(
    r"/((?:199|20[0-9])[0-9])/(0?[1-9]|1[0-2])/(0?[1-9]|[12][0-9]|3[01])(?:/|$|[^0-9])"
)


#: Zone abbreviations news sites write after a time ("9:00pm ET", "10:15 AM KST"): a region's
#: name follows its daylight saving time, a standard or daylight one is the offset it says.
_ZONE_NAMES = {
    "ET": "America/New_York", "PT": "America/Los_Angeles", "CT": "America/Chicago", "MT": "America/Denver",
    "EST": -5.0, "EDT": -4.0, "CST": -6.0, "CDT": -5.0, "MST": -7.0, "MDT": -6.0, "PST": -8.0, "PDT": -7.0,
    "KST": 9.0, "JST": 9.0, "HKT": 8.0, "SGT": 8.0, "IST": 5.5, "BST": 1.0, "CET": 1.0, "CEST": 2.0,
    "AEST": 10.0, "AEDT": 11.0, "UTC": 0.0, "GMT": 0.0,
}
_TIME_THEN_ZONE = re.compile(
    r"(?<=\d)(\s*(?:[AaPp]\.?[Mm]\.?)?)\s*\(?\b(" + "|".join(sorted(_ZONE_NAMES, key=len, reverse=True)) + r")\b\)?")


def _written_zone(text: str, tz: tzinfo) -> tuple[str, tzinfo]:
    """A time written with its zone's abbreviation: the text without it, and that zone;
    else ``text`` and ``tz`` as they are."""
    match = _TIME_THEN_ZONE.search(text)
    if not match or not re.search(r"\d[:.]\d\d|\d\s*[AaPp]\.?[Mm]", text[: match.end(1)]):
        return text, tz
    named = _ZONE_NAMES[match.group(2)]
    found = ZoneInfo(named) if isinstance(named, str) else timezone(timedelta(hours=named))
    return f"{text[: match.start()]}{match.group(1)}{text[match.end():]}", found


def zone(name: str | None, language: str | None = None) -> tzinfo:
    """The zone for dates without an offset: ``name``, else the language default, else UTC."""
    found = (_zone_named(candidate) for candidate in (name, DEFAULT_ZONES.get(language or "")) if candidate)
    return next((z for z in found if z is not None), UTC)


def _zone_named(name: str) -> tzinfo | None:
    """The IANA zone ``name``, or None when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def calendar_date(year: int, month: int, day: int) -> date | None:
    """The day, or None when the numbers name none (February 30, month 13)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def country_zone(url: str | None) -> str | None:
    """The zone of the country whose code ends the URL's host (``.de``, ``.com.br``), if single."""
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", url or "", re.IGNORECASE)
    if not match:
        return None
    suffix = match.group(1).rstrip(".").rsplit(".", 1)[-1].lower()
    return COUNTRY_ZONES.get(suffix)


def has_offset(raw: str | None) -> bool:
    """Whether a date string names its own offset (``Z``, ``+09:00``, ``GMT``…)."""
    if not raw or not isinstance(raw, str):
        return False
    reference = datetime(2000, 1, 1, tzinfo=UTC)
    one = parse_date(raw, tz=UTC, fetched_at=reference)
    if one is None:
        return False
    other = parse_date(raw, tz=timezone(timedelta(hours=7, minutes=30)), fetched_at=reference)
    return other is not None and one == other and not _RELATIVE_ANY.search(raw)


def is_plausible(value: datetime, fetched_at: datetime) -> bool:
    """A publication date is plausible from 1995 up to the fetch time (small tolerance)."""
    return EARLIEST <= value <= fetched_at + FUTURE_TOLERANCE


def not_after_fetch(value: datetime, fetched_at: datetime) -> datetime:
    """The publication time to order and digest by: one ahead of the fetch time (within
    :data:`FUTURE_TOLERANCE`: a site's wrong zone, a clock ahead) is taken as the fetch time, as
    nothing is published after it was read; the raw string keeps what the page said."""
    return min(value, fetched_at)


def parse_date(
    raw: str | None,
    *,
    tz: tzinfo = UTC,
    fetched_at: datetime | None = None,
    languages: tuple[str, ...] | None = None,
) -> datetime | None:
    """Parse one date string; the result keeps the string's own offset when it had one.

    Returns ``None`` for anything that is not a date. Never raises.
    """
    if not raw or not isinstance(raw, str):
        return None
    text = " ".join(raw.split())
    if not text or len(text) > _MAX_RAW:
        return None
    reference = fetched_at or datetime.now(UTC)
    text, tz = _written_zone(text, tz)
    for parser in (_parse_iso, _parse_compact, _parse_rfc2822):
        value = parser(text, tz)
        if value is not None:
            return value
    value = _parse_relative(text, reference)
    if value is not None:
        return value.astimezone(tz)
    value = _parse_cjk(text, tz) or _parse_numeric(text, tz) or _parse_day_month(text, tz, languages)
    if value is None:
        value = _parse_month_name(text, tz)
    if value is None:
        value = _parse_yearless(text, tz, reference, languages)
    if value is not None:
        return value
    return _parse_fallback(text, tz, reference, languages)


#: A time of day in a date string: "14:30", "14h30", "5 p.m.", "오후 5시", "17時30分", "5時間前".
_SHOWN_TIME = re.compile(r"\d\s*[:h]\s*\d\d|\d\s*[ap]\.?m\b|\d\s*[시時]|\dT\d", re.IGNORECASE)
_RELATIVE_TIME = re.compile(r"^(?:s|m|h)$|^(?:초|분|시간|秒|分|時間)$")


def shows_time(raw: str | None) -> bool:
    """Whether a publication string gives a time of day, not a day alone ("December 6, 2026",
    "2026年12月6日", a date in the URL, "yesterday", "2 days ago"): a time derived from a day
    alone (its midnight, the fetch's time of day a day earlier) is not shown as one."""
    if not raw or not isinstance(raw, str):
        return False
    text = " ".join(raw.split())
    if _JUST_NOW.match(text):
        return True
    relative = _RELATIVE.search(text) if len(text) <= 40 else None
    if relative is not None:
        unit = (relative.group("en") or "").lower()
        return (unit[:1] in ("s", "h") or unit.startswith("min")) if unit else bool(
            _RELATIVE_TIME.match(relative.group("ko") or relative.group("ja") or ""))
    return not _YESTERDAY.match(text) and bool(_SHOWN_TIME.search(text))


def published_precision(raw: str | None) -> str:
    """``"day"`` when the publication string gives a day alone (the stored time is one castwire
    placed the article at, in that day, to order it: not a time the source gave), else ``"time"``."""
    return "time" if raw is None or shows_time(raw) else "day"


def outlet_day(published_at: datetime, offset_minutes: int | None) -> date:
    """The calendar day of ``published_at`` where the outlet published it (its stored offset,
    else UTC): a day alone placed at noon in Auckland is 23:00 UTC the day before."""
    return (published_at + timedelta(minutes=offset_minutes or 0)).date()


def publication_day(published_at: datetime | None, raw: str | None, offset_minutes: int | None
                    ) -> tuple[date | None, str | None]:
    """The outlet's day of a publication (:func:`outlet_day`) and whether the source gave a
    time or that day alone (:func:`published_precision`): what to show of ``published_at``
    (a time for "time", the day alone for "day"); both None when it is None (undated)."""
    if published_at is None:
        return None, None
    return outlet_day(published_at, offset_minutes), published_precision(raw)


def is_relative_word(text: str) -> bool:
    """Whether ``text`` is a relative date written in words alone ("어제", "yesterday", "昨日",
    "just now"): a date line without a digit that is still a date."""
    text = text.strip()
    return len(text) <= 20 and bool(_YESTERDAY.match(text) or _JUST_NOW.match(text))


def url_date(url: str) -> date | None:
    """The day encoded in an article URL (``/2024/03/15/``, ``20240315``), if any."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE)
    for pattern in (_URL_DATE_SEP, _URL_DATE):
        match = pattern.search(path)
        day = calendar_date(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
        if day is not None:
            return day
    return None


def find_date_in_text(
    text: str,
    *,
    tz: tzinfo,
    fetched_at: datetime,
    languages: tuple[str, ...] | None = None,
    fallback: bool = True,
) -> datetime | None:
    """The first date in a short visible string such as ``"입력 2024.03.15 14:30"``.

    ``fallback=False`` keeps to this module's own patterns and skips :mod:`dateparser`
    (tens of milliseconds on a cold locale), for speculative scans of many lines.
    """
    if not text or len(text) > _MAX_RAW:
        return None
    text = " ".join(text.split())
    relative = _parse_relative(text, fetched_at)
    if relative is not None:
        return relative.astimezone(tz)
    text, tz = _written_zone(text, tz)
    return (
        _parse_iso_stamp(text, tz)
        or _parse_cjk(text, tz)
        or _parse_numeric(text, tz)
        or _parse_day_month(text, tz, languages)
        or _parse_month_name(text, tz)
        or (parse_date(text, tz=tz, fetched_at=fetched_at, languages=languages) if fallback else None)
    )


#: A machine timestamp shown as text: "Published 2026-12-05T12:30:00+09:00".
_ISO_STAMP_TEXT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?")


def _parse_iso_stamp(text: str, tz: tzinfo) -> datetime | None:
    """The ISO 8601 timestamp in ``text``, whole (its time and offset kept), or None."""
    match = _ISO_STAMP_TEXT.search(text)
    if match is None:
        return None
    try:
        return _aware(datetime.fromisoformat(match.group(0)), tz)
    except ValueError:  # "2026-13-45T99:00": no date at all
        return None


def _aware(value: datetime, tz: tzinfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def _offset(token: str | None) -> tzinfo | None:
    if not token:
        return None
    token = token.upper()
    if token in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if token[0] == "-" else 1
    digits = token[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(year, month, day, hour=None, minute=None, second=None, tz: tzinfo = UTC) -> datetime | None:
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=tz,
        )
    except (ValueError, OverflowError):
        return None


def _parse_iso(text: str, tz: tzinfo) -> datetime | None:
    match = _ISO.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, off = match.groups()
    explicit = _offset(off) if off else None
    if off and explicit is None:
        return None
    return _build(year, month, day, hour, minute, second, explicit or tz)


def _parse_compact(text: str, tz: tzinfo) -> datetime | None:
    match = _COMPACT.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, off = match.groups()
    if not 1990 <= int(year) <= 2100:
        return None
    return _build(year, month, day, hour, minute, second, _offset(off) or tz)


def _parse_rfc2822(text: str, tz: tzinfo) -> datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _aware(value, tz) if value else None


def _parse_relative(text: str, reference: datetime) -> datetime | None:
    if _JUST_NOW.match(text):
        return reference
    match = _YESTERDAY.match(text)
    if match:
        return reference - timedelta(days=1)
    match = _RELATIVE.search(text)
    if not match or len(text) > 40:
        return None
    amount = int(match.group(1))
    unit_text = match.group("en") or match.group("ko") or match.group("ja") or ""
    if match.group("en"):
        low = unit_text.lower()
        unit = "mo" if low.startswith("mon") else "m" if low.startswith("min") else low[0]
    else:
        unit = _UNIT_ALIASES[unit_text]
    try:
        return reference - timedelta(seconds=amount * _UNIT_SECONDS[unit])
    except OverflowError:
        return None


def _hour(hour: str | None, meridiem: str | None) -> int | None:
    if hour is None:
        return None
    value = int(hour)
    marker = (meridiem or "").upper().replace(".", "")
    if marker in ("오후", "午後", "PM") and value < 12:
        value += 12
    elif marker in ("오전", "午前", "AM") and value == 12:
        value = 0
    return value


def _parse_cjk(text: str, tz: tzinfo) -> datetime | None:
    match = _CJK.search(text)
    if not match:
        return None
    year, month, day, meridiem, hour, minute = match.groups()
    return _build(year, month, day, _hour(hour, meridiem), minute, None, tz)


def _parse_numeric(text: str, tz: tzinfo) -> datetime | None:
    match = _NUMERIC.search(text)
    if not match:
        return None
    year, month, day, meridiem, hour, minute, second, meridiem_after = match.groups()
    return _build(year, month, day, _hour(hour, meridiem or meridiem_after), minute, second, tz)


def _parse_day_month(text: str, tz: tzinfo, languages: tuple[str, ...] | None) -> datetime | None:
    match = _DAY_MONTH.search(text)
    if not match:
        return None
    first, separator, second, year, hour, minute, second_s, meridiem = match.groups()
    a, b = int(first), int(second)
    year_value = int(year) if len(year) == 4 else 2000 + int(year)
    if len(year) == 2 and separator != ".":
        return None  # 03/04/05 is too ambiguous
    month_first = separator == "/" and bool(languages) and languages[0] == "en"
    if a > 12:
        month_first = False
    elif b > 12:
        month_first = True
    month, day = (a, b) if month_first else (b, a)
    return _build(year_value, month, day, _hour(hour, meridiem), minute, second_s, tz)


def _parse_month_name(text: str, tz: tzinfo) -> datetime | None:
    match = _DMY_NAME.search(text)
    if match:
        day, month, year, hour, minute, second, meridiem = match.groups()
    else:
        match = _MDY_NAME.search(text)
        if not match:
            return None
        month, day, year, hour, minute, second, meridiem = match.groups()
    meridiem = (meridiem or "").replace(".", "") or None
    return _build(year, _MONTHS[month.lower()], day, _hour(hour, meridiem), minute, second, tz)


def _parse_yearless(
    text: str, tz: tzinfo, reference: datetime, languages: tuple[str, ...] | None
) -> datetime | None:
    """A month, day and time without a year ("12/6(日) 18:00配信"): the latest such time not
    after the fetch (``reference``), where the page's time zone ``tz`` says it."""
    match = _YEARLESS.search(text)
    if not match:
        return None
    first, slash, second, meridiem, hour, minute = match.groups()
    month, day = (second, first) if slash and languages and languages[0] in _DAY_FIRST else (first, second)
    year = reference.astimezone(tz).year
    for candidate in (year, year - 1):
        value = _build(candidate, month, day, _hour(hour, meridiem), minute, None, tz)
        if value is not None and value <= reference + FUTURE_TOLERANCE:
            return value
    return None


def _parse_fallback(
    text: str, tz: tzinfo, reference: datetime, languages: tuple[str, ...] | None
) -> datetime | None:
    if not re.search(r"\d", text) or not re.search(r"(?:19|20)\d{2}|\d{1,2}[:/.]\d", text):
        return None  # no year and no time-like token: not worth dateparser's time
    import dateparser  # deferred: it costs ~50 ms to import

    settings = {
        "RELATIVE_BASE": reference.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        value = dateparser.parse(text, languages=list(languages) if languages else None, settings=settings)
    except (ValueError, TypeError, OverflowError, LookupError, AttributeError):
        return None
    if value is None:
        return None
    offset = re.search(r"(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})\s*$", text)
    return value.replace(tzinfo=_offset(offset.group(0).strip()) if offset else tz)
