"""Normalisation: canonical URLs, clean text, UTC times and language codes.

Every function here is pure (no I/O, no configuration) and cheap enough to run
on every fetched article. The raw values stay with the caller; these functions
only compute the normalised companions.
"""

from __future__ import annotations

import html
import ipaddress
import re
import sys
import unicodedata
from datetime import UTC, datetime
from functools import cache, lru_cache
from urllib.parse import (
    SplitResult,
    parse_qsl,
    quote,
    unquote,
    urlencode,
    urljoin,
    urlsplit,
    urlunsplit,
)

import tldextract

from pipeline.scan import Guarded, lowered

# --------------------------------------------------------------------------- URLs

#: Query parameters that only track where a reader came from.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "igsh", "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "referrer",
        "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "spm", "cmpid", "cmp", "ocid",
        "s_cid", "sr_share", "share", "ito", "ncid", "cid_source", "from_rss",
        "feature", "amp", "outputtype", "trk", "__twitter_impression",
        "wt.mc_id", "wt_mc_id", "at_medium", "at_campaign", "smid", "fromrss",
        "jsessionid", "phpsessid", "sessionid",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
#: All an IPv4 address is written with; an IPv6 address has a colon.
_IPV4_CHARACTERS = frozenset("0123456789.")
#: Host prefixes that serve the same article under another name.
_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
#: Second-level labels under which registrations happen (co.kr, co.jp, ...).
_SECOND_LEVEL = frozenset(
    {"co", "or", "ne", "go", "ac", "com", "net", "org", "gov", "edu", "kr", "jp", "ltd", "plc"}
)
_AMP_SEGMENT = re.compile(r"(?:^|/)amp(?=/|$)", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"[./]amp(?=\.html?$|$)", re.IGNORECASE)
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?)$", re.IGNORECASE)
#: A session id carried in the path: "/view.do;jsessionid=0A1B2C".
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/;?#]*", re.IGNORECASE)
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SLASHES = re.compile(r"/{2,}")


def registrable_domain(host: str) -> str:
    """The part of ``host`` someone registered: ``news.example.co.kr`` -> ``example.co.kr``.

    A small heuristic instead of the full public-suffix list: the last two labels,
    or three when the second-to-last is a generic second-level label (``co``, ``ne``...).
    """
    host = host.lower().strip(".")
    if is_address(host):
        return host  # an address is no hierarchy of names: 10.0.0.1 and 192.168.0.1 are two sites
    labels = [label for label in host.split(".") if label]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_address(host: str) -> bool:
    """Whether ``host`` is an IP address rather than a name."""
    if ":" not in host and not _IPV4_CHARACTERS.issuperset(host):
        return False  # a name (most hosts): ipaddress would fail on it twice, raising each time
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def site_of(url: str) -> tuple[str, int | None] | None:
    """The site a URL is on: the registrable domain of its host (:func:`registrable_domain`),
    and its port unless the scheme's default (another port is another server: two outlets on
    one address are two sites); None without a host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    return registrable_domain(_ascii_host(parts.hostname)), None if port == _DEFAULT_PORTS.get(scheme) else port


def same_site(one: str, other: str) -> bool:
    """Whether two URLs are on the same site (:func:`site_of`); never when the site of either
    cannot be told (no host, an unreadable port): two such URLs are not known to be one site."""
    site = site_of(one)
    return site is not None and site == site_of(other)


def _ascii_host(host: str) -> str:
    """The host in lowercase ASCII: an internationalised name in its punycode form."""
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _strip_host(host: str) -> str:
    host = _ascii_host(host)
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix):]
                changed = True
    return host


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def _clean_path(path: str, *, drop_amp: bool) -> str:
    if ";" in path:
        path = _PATH_SESSION.sub("", path)
    path = quote(unquote(path), safe=_SAFE_PATH)  # ASCII from here: lower() folds what IGNORECASE does
    # each pattern is tried only on a path holding what every match of it holds
    if drop_amp and "amp" in path.lower():
        path = _AMP_SUFFIX.sub("", path)
        path = _AMP_SEGMENT.sub("", path)
    lower = path.lower()
    if "index." in lower or "default." in lower:
        path = _INDEX_PAGE.sub("/", path)
    if "//" in path:
        path = _SLASHES.sub("/", path)
    return path or "/"


def _clean_query(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _is_tracking(k)]
    pairs.sort()
    return urlencode(pairs, doseq=True)


#: Query parameters that name the article on a page whose path does not (``articleView.html?idxno=210``,
#: ``view.php?no=5``, ``read.php?bo_table=news&wr_id=7``, ``?article_id=``, ``?newsId=``).
_ID_PARAM = re.compile(r"^(?:id|idx|idxno|no|num|seq|aid|nid|docid|ud)$"
                       r"|(?:_|article|news|post|story|content|contents|art|doc|board|bbs|wr)(?:id|no|idx|idxno|seq|num)$",
                       re.IGNORECASE)
#: A generic script page whose query says which article it shows: ``articleView.html``, ``view.php``,
#: ``read.nhn``, ``news.asp`` (a name without a digit; ``/2026/05/12345.html`` names its article itself).
_SCRIPT_PAGE = re.compile(r"(?:^|/)[A-Za-z_-]+\.(?:php\d?|aspx?|jsp|do|nhn|cgi|pl|s?html?)$", re.IGNORECASE)


def _identifying_params(parts: SplitResult) -> set[tuple[str, str]]:
    """The query parameters that say which article a URL is: an id-like name with a value holding
    a digit, any such value on a generic script page, ``?p=`` on the home page or a script page."""
    script = bool(_SCRIPT_PAGE.search(parts.path))
    found = set()
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if _is_tracking(name) or not any(c.isdigit() for c in value):
            continue
        if script or _ID_PARAM.search(name) or (name.lower() == "p" and parts.path.strip("/") == ""):
            found.add((name.lower(), value))
    return found


@lru_cache(maxsize=32)  # canonical_url_key and canonical_url ask about the same page
def accepted_canonical(url: str, canonical: str | None) -> str | None:
    """``canonical`` (rel=canonical / og:url) made absolute when it names the article at ``url``,
    else None: it must point into the same site, not to its home page (templates that put the
    home page there would fold every article of the site into one), and not to the page's
    address, or a generic script page, without the query that says which article it is
    (a template's ``articleView.html`` for ``articleView.html?idxno=210``: every article of the
    site under one URL)."""
    url = url.strip()
    if not canonical or not canonical.strip():
        return None
    candidate = urljoin(url, canonical.strip())
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    here = urlsplit(url)
    if not same_site(candidate, url):
        return None  # another site's page: this one is a copy of it (its original_url), not it
    if parts.path.strip("/") == "" and here.path.strip("/") != "":
        return None  # a canonical link to the home page (a template default), not to this article
    naming = _identifying_params(here)
    if naming and not naming & _identifying_params(parts) and (
            parts.path.rstrip("/") == here.path.rstrip("/") or _SCRIPT_PAGE.search(parts.path)):
        return None  # the page's own address (or a script page) without the query naming the article
    return candidate


def _choose(url: str, canonical: str | None) -> str:
    """The accepted canonical of ``url`` (:func:`accepted_canonical`), else ``url``."""
    return accepted_canonical(url, canonical) or url.strip()


def is_web_address(url: str) -> bool:
    """An absolute http(s) URL with a host, a valid port and no whitespace."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port out of range or not a number, a malformed IPv6 host
        return False
    return (parts.scheme in ("http", "https") and bool(parts.hostname) and (port is None or port > 0)
            and not any(c.isspace() for c in url))


def canonical_url_key(url: str, canonical: str | None = None) -> str:
    """A key equal for every spelling of the same article URL.

    Scheme, host case and internationalised (punycode) spelling, ``www.``/``m.``/
    ``amp.`` host prefixes, default ports, fragments, trailing slashes, tracking and
    session parameters (also ``;jsessionid=`` in the path) and AMP variants (``/amp``,
    ``/amp/``, ``?amp``, ``.amp.html``) do not change the key; query parameters are sorted.
    ``canonical`` (the page's rel=canonical or og:url) is preferred when it is on
    the same registrable site. The key has no scheme: ``host[:port]/path[?query]``.
    """
    parts = urlsplit(_choose(url, canonical))
    host = _strip_host(parts.hostname or "")
    port = parts.port
    scheme = parts.scheme.lower() or "https"
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = _clean_path(parts.path, drop_amp=True).rstrip("/")
    query = _clean_query(parts.query)
    return f"{netloc}{path or '/'}" + (f"?{query}" if query else "")


def canonical_url(url: str, canonical: str | None = None) -> str:
    """A fetchable, tidy form of the article URL.

    Like :func:`canonical_url_key` but keeps the scheme, the ``www.`` host and the
    trailing slash (servers care about those); drops fragments, default ports,
    tracking parameters and AMP variants.
    """
    parts = urlsplit(_choose(url, canonical))
    scheme = (parts.scheme or "https").lower()
    host = _ascii_host(parts.hostname or "")
    if host.startswith("amp.") and host.count(".") >= 2:
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    trailing = parts.path.endswith("/")
    path = _clean_path(parts.path, drop_amp=True)
    if trailing and not path.endswith("/"):
        path += "/"
    return urlunsplit((scheme, netloc, path, _clean_query(parts.query), ""))


# --------------------------------------------------------------------------- text

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"))
_HAS_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]+")
#: Any space other than a plain one: without it and without two plain spaces in a row,
#: ``_SPACES`` has nothing to change.
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2033": '"', "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-",
        "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u2026": "...",
    }
)

#: A character :data:`_FOLD` changes.
_HAS_FOLDED = re.compile("[" + "".join(re.escape(chr(code)) for code in _FOLD) + "]")


def decode_strictly(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec`` when every byte fits it (and the codec exists), else None."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def clean_text(text: str | None) -> str:
    """NFC text with HTML entities decoded, zero-width characters removed and
    whitespace collapsed (paragraph breaks kept as one blank line).

    Smart quotes and dashes are kept as written; use :func:`comparable` to compare.
    """
    if not text:
        return ""
    return _cleaned(text)


@lru_cache(maxsize=16)  # each stage cleans the article's body and title again (entities, classify, dedup)
def _cleaned(text: str) -> str:
    """:func:`clean_text` of a non-empty text."""
    if "&" in text:
        text = html.unescape(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isascii() and _HAS_ZERO_WIDTH.search(text):
        text = text.translate(_ZERO_WIDTH)
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\x85", "\n")
        text = text.replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    if "  " in text or _ODD_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    if "\n" not in text:
        return text.strip()
    if " \n" not in text and "\n " not in text and "\x85" not in text and "\n\n\n" not in text:
        return text.strip()  # already clean: no line to strip, no run of blank lines
    lines = [line.strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def comparable(text: str | None) -> str:
    """A folded form for comparing texts: NFKC, casefolded, smart quotes and dashes
    made plain, whitespace collapsed to single spaces."""
    text = clean_text(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if _HAS_FOLDED.search(text):  # str.translate looks up every character: most texts need none
        text = text.translate(_FOLD)
    return " ".join(text.casefold().split())


_BOILERPLATE = re.compile(
    r"""^[\s\[(【〔「<＜‹«〈《•·・▶►▷▸>»›*#■□◆◇○●→\-–—/]*(?:
        # English prompts and related-article lines
        (?:also\s+(?:see|read|watch)|read\s+(?:more|also|next|the\s+full)|see\s+also|related(?:\s+(?:articles?|stories|posts?|news))?
          |up\s+next|next\s*(?:up|article|story)|previous\s+(?:article|story)|recommended(?:\s+for\s+you)?
          |you\s+(?:may|might)\s+also\s+like|don'?t\s+miss|more\s+(?:from|on|news|stories)|trending(?:\s+now)?
          |watch(?:\s+now)?|must\s+read|editor'?s\s+picks?|popular\s+(?:now|posts?)|source|sources?\s*\(\d+\)
          |see\s+more)
          \s*(?:[:：\-–—|>»\]】)」]|$)
      | (?:share\s+(?:this|on|via)|click\s+to\s+share|tweet\s+this|pin\s+it|email\s+this|print\s+this
          |also\s+on\s+[\w-]+\.[a-z]{2,}|listen\s+to\s+[\w ]{1,30}\s+live\s+(?:at|on))\b
      | like\s+this\s+(?:story|article)\s*\?
      # reprint, print and e-mail tools, the error and thanks they answer with, copyright lines
      | order\s+reprints | print\s+(?:this\s+)?article\s*$ | this\s+copy\s+is\s+for\s+your\s+personal
      | this\s+article\s+has\s+been\s+sent\s+to | an\s+error\s+has\s+occurred | thank\s+you\s*[.!]?\s*$
      | copyright\s*(?:©|ⓒ|\(c\)|\d{4}) | write\s+to\s+[^.!?\n]{1,60}\s+at\s+[\w.+-]+@[\w-]+\.
      | tell\s+us\s+what\s+you\s+think | comments?\s*(?:\(\d+\))?\s*$
      # a shortcode the site's CMS did not render: "[button link=...]Send us YOUR review[/button]"
      | \[(\w+)\b[^\]\n]*\][^\[\n]*\[/\1\]\s*$
      # embedded posts and the prompts around videos and comments
      | view\s+this\s+post\s+on\s+(?:instagram|facebook|x|twitter|tiktok|threads)\b | a\s+post\s+shared\s+by\s[^.!?]{0,80}$
      | (?:[^.!?\n]{0,100}\?\s*)?(?:let\s+us\s+know\s+(?:in\s+the\s+comments|what\s+you\s+think|your\s+thoughts)
          |leave\s+(?:a\s+|your\s+)?comments?\b)
      | (?:and\s+)?(?:watch|check\s+out|see|catch)\b[^.!?\n]{0,80}\bbelow\s*[:!]\s*$
      | stay\s+tuned(?:\s+for\s+(?:more|further)(?:\s+(?:updates|news|details))?)?\s*[.!]*\s*$
      | (?:(?:in\s+the\s+meantime|meanwhile|until\s+then)\s*,?\s*)?(?:watch|catch\s+up\s+on|start\s+watching|binge)\b[^!?\n]{0,100}(?:\bon\s+viki(?:\s+below)?\s*[:!.]?(?:\s*sign\s+up\b[^\n]{0,60})?|[:：])\s*$
      | (?:follow\s+(?:us|@|\w+\s+on)|subscribe\b|sign\s+up\s+for|join\s+our\s+newsletter|get\s+our\s+newsletter
          |like\s+us\s+on|click\s+here|tap\s+here|advertisement$|sponsored$|not\s+sponsored\b|(?:photos?|images?|pictures?)(?:\s+(?:credit|source|courtesy)s?)?\s*[:：=])
      | (?:about\s+the\s+author|written\s+by\s|by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s*(?:[(（]?[\w.+-]+@[\w-]+\.[\w.]+[)）]?\s*)?$|[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,2}\s+is\s+an?\s+(?:staff|senior|freelance|contributing|entertainment)?\s*(?:writer|editor|reporter|journalist)\b)
      # Korean
      | (?:관련\s*기사|관련\s*뉴스|함께\s*보면\s*좋은|추천\s*기사|많이\s*본\s*뉴스|이\s*기사를\s*공유|기사\s*공유|구독|좋아요|\[?ⓒ|저작권자|무단\s*전재|재배포\s*금지|<?저작권|\[사진\s*=|사진\s*[:=]|기자\s*[\w.+-]+@
          |제보는\s*(?:카톡|카카오톡|이메일|전화)|기사\s*스크랩|스크랩\s*인쇄|인쇄\s*이메일|글자\s*크기|URL\s*복사|기사\s*저장
          |[^\]\n]{1,30}\s제공\]\s*$|\[사진\][^\n]{1,40}\s제공\s*$|사진\s*제공\s*[:=])
      # Japanese
      | (?:関連記事|関連ニュース|関連リンク|あわせて読みたい|合わせて読みたい|こちらもおすすめ|次の記事|前の記事|この記事を(?:シェア|共有)|シェアする|フォローする|もっと見る|記事提供|©|\(C\)|（C）|【関連】|【写真】|▼|▶|この記事の(?:画像|写真)|関連する(?:特集|記事|ニュース|人物|作品))
    )""",
    re.IGNORECASE | re.VERBOSE,
)
#: The label of a link to an article's original (a portal's or aggregator's copy links back to
#: the outlet): "기사원문", "原文を読む", "Original article". A link's text may also say where
#: the article first ran ("Originally published on …"); :mod:`pipeline.extract` adds that.
ORIGINAL_LABEL = (
    r"(?:기사\s*원문|원문\s*(?:보기|기사)?|원본\s*기사|原文(?:を読む|を見る)?|元記事(?:を読む)?|記事元|元の記事"
    r"|original\s+(?:article|story|post)|read\s+(?:the\s+)?original(?:\s+(?:article|story))?"
    r"|view\s+original)")
#: A copy's credit line: that label and the outlet it names, "Original article: KpopBeat",
#: "기사원문 > 스타뉴스", "Originally published on KpopBeat." or "This story originally appeared on
#: Deadline." (only the outlet after it: "Originally
#: published as a web novel in 2019, the story …" opens a paragraph of the article); it is not
#: part of the text the copy shares with its original.
_ORIGINAL_CREDIT = re.compile(
    rf"^[\s\[(【<▶►•·*]*(?:{ORIGINAL_LABEL}\s*(?:[:：>›»→|\-–—]\s*[^.!?。\n]{{0,60}})?"
    r"|(?:(?:a\s+version\s+of\s+)?this\s+(?:story|article|post|piece)\s+(?:was\s+)?)?"
    r"originally\s+(?:published|appeared|ran)\s+(?:on|in|at|by)\s+(?:[^.!?。,，:;\n]|\.(?=\w)){1,60}[.。]?)\s*$", re.I)
_EMAIL_ONLY = re.compile(r"^/?\s*[\w.+-]+@[\w-]+\.[\w.]+$")
#: A byline of an outlet or a name and an e-mail, with no sentence in it: "뉴스엔 박수인 psi@newsen.com",
#: "BY YOON SO-YEON [yoon.soyeon@joongang.co.kr]".
_NAME_AND_EMAIL = re.compile(r"^[^\s.!?。,，、]{1,12}(?:\s+[^\s.!?。,，、]{1,12}){0,2}\s*[(（<\[]?[\w.+-]+@[\w-]+\.[\w.]+[)）>\]]?$")
#: A copyright line, wherever its mark stands in it: "정확한 뉴스와 깊이 있는 정보 ⓒ 뉴스엔 무단전재 & 재배포금지".
_COPYRIGHT = Guarded(r"(?:ⓒ|Ⓒ|©|\(c\)|copyright)[^\n]{0,60}?(?:무단\s*전재|재배포|all\s+rights\s+reserved|無断(?:転載|複写|転用))")
#: A rights notice that ends a line, with or without a copyright mark before it: "뉴스엔 무단전재 및
#: 재배포 금지", "무단 전재-재배포, AI 학습 및 활용 금지>", "Yahoo!ニュース 提供：ORICON NEWS 無断転載を禁じます",
#: "無断転載・複製禁止", "Some Outlet. All rights reserved.". A sentence reporting such a ban goes on ("…금지했다").
_RIGHTS = Guarded(
    r"무단\s*(?:전재|복제|배포|복사)[^\n]{0,30}?금(?:지|합니다)[\s.>\])】〉》]*$"
    r"|無断(?:転載|複写|複製|転用|使用|掲載)[^\n。]{0,20}?禁(?:じ(?:ます|られています)|止(?:(?:いた)?します|です)?)[\s。.）)】]*$"
    r"|\ball\s+rights\s+reserved[\s.]*$")
#: A provider's credit line: "提供：ORICON NEWS", "Yahoo!ニュース 提供：モデルプレス", "写真提供：テレビ朝日".
_PROVIDED_BY = re.compile(r"^(?:[^\s。、]{1,20}\s*)?(?:写真|画像|映像|動画|資料|記事)?提供\s*[：:]\s*[^。、\n]{1,40}$")
#: A line that is only a number: a like or comment counter ("123", "1,204").
_COUNTER = re.compile(r"^\s*\d{1,3}(?:,\d{3})*\s*$")
#: The words of a line that only says when the article was written or updated:
#: "입력 2026.12.04. 오전 9:00", "송고시간 2026-12-03 10:15", "2026年12月3日 10時15分",
#: "（最終更新：2026-12-03 15:40）", "기사입력 2026.12.03 10:00 | 최종수정 2026.12.03 11:00".
_TIME_LABELS = re.compile(
    r"기사\s*입력|입력|최종\s*수정|수정|송고(?:\s*시간)?|업데이트|등록|오전|오후|最終更新|更新|配信|公開|掲載|午前|午後|"
    r"(?<![a-z])(?:last\s+updated|published|updated|posted|am|pm|kst|jst)(?![a-z])|"
    r"[(（][月火水木金土日월화수목금토일][)）]|日時|일시",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(r"[\d\s.,:：/\-|年月日時分秒()（）\[\]【】]+")
_DIGITS = re.compile(r"\d")
_BYLINE_KO = re.compile(r"^[-–•·*]?\s*[\[(]?(?:(?:기자명\s*)?[가-힣\s]{2,20}(?:기자|특파원)|(?:기자|글|사진)\s+[가-힣]{2,4})"
                        r"\s*[\])]?\s*(?:[\w.+-]+@[\w.-]+)?$")
#: A promotion inside a short line: a newsletter, a subscription with its promo code, a
#: "click here for more information".
_PROMO = re.compile(
    r"\b(?:sign\s+up|subscribe)\b[^.!?\n]{0,80}\bnewsletter\b|\bnewsletter\b[^.!?\n]{0,60}\b(?:to\s+your\s+inbox|inbox\s+daily)"
    r"|\buse\s+(?:the\s+)?(?:promo\s+|coupon\s+)?code\s+[\"“']?[A-Z0-9]{3,}|\bclick\s+here\s+for\s+more\s+information\b",
    re.IGNORECASE)
#: One of these is in every match of :data:`_PROMO` (lower case): its newsletters, promo codes and "click here".
_PROMO_WORDS = ("newsletter", "code", "click")
_MAX_PROMO_LINE = 320
_MAX_BOILERPLATE_LINE = 160


#: A teaser for another article, as tabloids tag them ("China furious at Macron [INSIGHT]").
_TEASER_TAG = re.compile(r"\[(?:INSIGHT|REVEAL|LATEST|ANALYSIS|EXPLAINED|POLL|VIDEO|PICTURES|MAP|UPDATE|REACTION)\]\s*\|?\s*$")


def is_boilerplate(line: str) -> bool:
    """True for a short line that is navigation, a prompt, an author box or a counter, not news;
    also for one made of such parts ("Posted 2026.12.05 15:03 | Reporter Choi Min-ji")."""
    line = line.strip()
    if not line or len(line) > _MAX_PROMO_LINE:
        return False
    if len(line) > _MAX_BOILERPLATE_LINE:
        return _may_promote(line) and bool(_PROMO.search(line))
    # an e-mail address has an "@"; a promotion one of its words (what IGNORECASE matches, in the folded line)
    if bool(_BOILERPLATE.match(line) or "@" in line and (_EMAIL_ONLY.match(line) or _NAME_AND_EMAIL.match(line))
            or _BYLINE_KO.match(line) or _is_rights_notice(line) or _PROVIDED_BY.match(line)
            or _TEASER_TAG.search(line) or _COUNTER.match(line) or _ORIGINAL_CREDIT.match(line) or _is_time_line(line)
            or _may_promote(line) and _PROMO.search(line)):
        return True
    parts = [part for part in line.split("|") if part.strip()]
    return len(parts) > 1 and all(is_boilerplate(part) or _REPORTER.match(part.strip()) for part in parts)


def _may_promote(line: str) -> bool:
    """Whether ``line`` holds a word every match of :data:`_PROMO` holds (in any case)."""
    folded = lowered(line, fold=True)
    return any(word in folded for word in _PROMO_WORDS)


def _is_rights_notice(line: str) -> bool:
    """A copyright line or a rights notice (:data:`_COPYRIGHT`, :data:`_RIGHTS`: written in lowercase for
    the line lowered by :func:`pipeline.scan.lowered`, what IGNORECASE finds, and tried only where one of
    their words occurs)."""
    folded = lowered(line, fold=True)
    return bool(_COPYRIGHT.search(folded) or _RIGHTS.search(folded))


#: "Reporter Choi Min-ji", "Writer Kim Ji-won": a byline's part.
_REPORTER = re.compile(r"(?:reporter|writer|editor|photographer|by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}$", re.I)


def _is_time_line(line: str) -> bool:
    """A line that is only a date and time, with labels such as 입력, 更新 or "Updated"."""
    if len(line) > 80 or len(_DIGITS.findall(line)) < 6:
        return False
    return bool(_TIME_ONLY.fullmatch(_TIME_LABELS.sub(" ", line)))


#: A date stamp glued to the start of a paragraph ("2026.12.04. 오전 10:00[OSEN=김민지 기자] …").
_GLUED_TIME = re.compile(r"^\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?\s*(?:오전|오후|AM|PM)?\s*\d{1,2}:\d{2}\s*(?=[\[(])")


#: A dateline before the lead: a Korean agency's or outlet's "(서울=연합뉴스) 김정진 기자 = ",
#: "[OSEN=김민지 기자] ", "[뉴스엔 박수인 기자] ", "[스타뉴스 | 김나라 기자] ", "(엑스포츠뉴스 김예나 기자) ",
#: a Japanese outlet's "【モデルプレス=2026/11/30】".
_DATELINE = re.compile(r"^(?:\([^()=\n]{1,12}=[^()=\n]{1,12}\)\s*(?:[가-힣]{2,4}\s*(?:기자|특파원)\s*)?=\s*"
                       r"|[\[(][^\[\]()=|\n]{1,12}?(?:\s*[=|]\s*|\s+)[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*\s*(?:기자|특파원)[\])]\s*"
                       r"|【[^【】=\n]{1,12}=[^【】\n]{1,20}】\s*)(?=\S)")
#: What a :data:`_DATELINE` opens with.
_DATELINE_OPENERS = ("(", "[", "【")
#: The heading of a list of related articles, people or tags that ends a page.
_RELATED_HEADING = re.compile(
    r"^[\s\[(【<▶►•·\-–—*#]*(?:related(?:\s+(?:articles?|stories|posts?|news|topics|people|tags))?|more\s+(?:on|from)\b[^.!?\n]{0,40}"
    r"|you\s+(?:may|might)\s+also\s+like|tags?|관련\s*(?:기사|뉴스|인물|태그)|関連(?:記事|ニュース|リンク|タグ)|関連する[^。\n]{0,20}"
    # a ranking of the site's most read articles
    r"|most\s+(?:read|popular|viewed)|많이\s*본\s*(?:뉴스|기사)|인기\s*(?:기사|뉴스)|(?:アクセス)?ランキング|人気記事|よく読まれている記事"
    # a box of the site's videos: trailers of other films, making-of clips
    r"|(?:related\s+)?videos?|관련\s*(?:영상|동영상)|(?:関連|注目の?|おすすめ)?動画|予告編(?:・動画)?)"
    r"\s*[:：\]】>]?\s*$",
    re.IGNORECASE,
)
_LIST_LINE = 60
#: The contact block that ends a press release: "【本件に関するお問い合わせ】テレビ朝日 広報部",
#: "＜報道関係者様からのお問い合わせ先＞", "Media contact:"; it may name the office on its own line.
_CONTACT_HEADING = re.compile(
    r"^[\s\[(【〔<＜〈《■□◆◇●・*#\-–—]*(?:(?:本件|本リリース|報道)に関する|報道関係者(?:様|の方)?(?:から)?の)?お?問い?合わ?せ(?:先|窓口)?"
    r"\s*[\])】〕>＞〉》:：]|^(?:media|press)\s+(?:contacts?|inquiries|enquiries)\s*:?\s*$", re.IGNORECASE)


def strip_boilerplate(body: str) -> str:
    """Drop lines such as "Also See: ...", "Up Next: ...", share/subscribe prompts,
    bylines and author boxes (English, Korean, Japanese) and counters from an article body,
    a date stamp or an outlet's dateline at the start of a line, and what ends it under a
    heading: a list of related articles, people, tags or videos, a press release's contacts."""
    lines = body.split("\n")
    index = len(lines) - 1
    while index >= 0:  # boxes of links that end the page, last first
        if _RELATED_HEADING.match(lines[index]) or _CONTACT_HEADING.match(lines[index]):
            if not all(len(line.strip()) <= _LIST_LINE and not line.rstrip().endswith((".", "。"))
                       for line in lines[index + 1:]):  # links' titles, not sentences
                break
            lines = lines[:index]
        index -= 1
    kept = [_without_stamp(line) for line in lines if not is_boilerplate(line)]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(kept)).strip()


def _without_stamp(line: str) -> str:
    """``line`` without a glued date stamp (:data:`_GLUED_TIME`) and a dateline (:data:`_DATELINE`) at
    its start. Both are anchored there: the stamp starts with a digit (``\\d``: what ``isdecimal`` says),
    a dateline with a bracket; most lines start with neither and are not searched."""
    if line[:1].isdecimal():
        line = _GLUED_TIME.sub("", line)
    if line.startswith(_DATELINE_OPENERS):
        line = _DATELINE.sub("", line)
    return line


def normalise_body(body: str | None) -> str:
    """Clean text then strip boilerplate lines: what later stages should read."""
    return strip_boilerplate(clean_text(body))


# --------------------------------------------------------------------------- times


def to_utc(dt: datetime) -> tuple[datetime, int]:
    """``dt`` in UTC and the offset it was written with, in minutes east of UTC.

    A naive datetime is taken to be UTC already (offset 0): callers that know a
    source's timezone should attach it first.
    """
    offset = dt.utcoffset()
    if offset is None:
        return dt.replace(tzinfo=UTC), 0
    return dt.astimezone(UTC), int(offset.total_seconds() // 60)


# --------------------------------------------------------------------------- language

# Runs of each script's letters (the scripts are disjoint): counting the letters of
# each run is much cheaper than finding every letter on its own.
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]+")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_DECLARED = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_].*)?$")
_MIN_LETTERS = 12


def _letters(runs: re.Pattern[str], text: str, start: int = 0, end: int = sys.maxsize) -> int:
    """How many letters of ``text[start:end]`` the run pattern covers: what deleting its runs takes
    away (one string built, not a list of them to measure; a run pattern has no anchor to care where
    the slice starts)."""
    piece = text[start:end]
    return len(piece) - len(runs.sub("", piece))


def _declared_code(declared: str | None) -> str | None:
    if not declared:
        return None
    match = _DECLARED.match(declared)
    if not match:
        return None
    code = match.group(1).lower()
    return {"kor": "ko", "jpn": "ja", "eng": "en", "zho": "zh", "chi": "zh"}.get(code, code)


@lru_cache(maxsize=32)  # classify and find_entities ask about the same article text
def detect_language(text: str | None, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``: ``"ko"``, ``"ja"``, ``"en"`` (or the declared code).

    Script-based: Hangul means Korean, kana means Japanese, Han characters alone
    Chinese, Latin letters English. The page's declared language (``lang``
    attribute, ``og:locale``...) wins unless the text clearly says otherwise,
    because templates often declare a default language for every page. With too
    little text to tell, the declared code (or ``None``) is returned.
    """
    code = _declared_code(declared)
    sample = (text or "")[:4000]
    if sample.isascii():  # no CJK: Latin letters only, and only whether there are enough
        if _letters(_LATIN, sample, 0, 200) < _MIN_LETTERS and _letters(_LATIN, sample) < _MIN_LETTERS:
            return code
        return code if code and code not in ("ko", "ja", "zh") else "en"
    hangul = _letters(_HANGUL, sample)
    kana = _letters(_KANA, sample)
    han = _letters(_HAN, sample)
    latin = _letters(_LATIN, sample)
    total = hangul + kana + han + latin
    if total < _MIN_LETTERS:
        return code
    # CJK characters carry about three Latin letters of information each.
    cjk_weight = 3 * (hangul + kana + han)
    if cjk_weight >= latin:
        if hangul >= kana and hangul >= 0.3 * (hangul + kana + han):
            detected = "ko"
        elif kana > 0 and kana >= 0.05 * (kana + han):
            detected = "ja"
        elif hangul > kana:
            detected = "ko"
        else:
            detected = code if code in ("ja", "zh") else ("ja" if kana else "zh")
    else:
        # Latin script: trust a declared Latin-script language, otherwise English.
        detected = code if code and code not in ("ko", "ja", "zh") else "en"
    return detected


def site_labels(host: str) -> tuple[str, str] | None:
    """(subdomains without ``www``, registrable name) of a host under a known public suffix
    (``news.mt.co.kr`` → ("news", "mt"), ``www.soompi.com`` → ("", "soompi")); None for an
    address, ``localhost`` or a name under no known suffix (``.example``)."""
    found = _domains()(host)
    if not found.suffix or not found.domain:
        return None
    return found.subdomain.removeprefix("www").removeprefix("."), found.domain


@cache
def _domains() -> tldextract.TLDExtract:
    """The public suffix list tldextract ships with (never fetched: ``co.kr`` is one suffix)."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
