"""Entity recognition: the shows, people and platforms an article is about.

:func:`find_entities` reads a headline and lead paragraphs (plain text, optionally
the HTML for italics) and returns :class:`Entities`: three tuples of
:class:`Mention`. Every mention carries the text as written and a canonical key
from :func:`show_key`, :func:`person_key` or :func:`platform_key`. Keys are what
make a later article resolve to the same entity: "Han Hyo Joo", "Han Hyo-joo",
"Han Hyojoo" and "Hyo-joo Han" share one key, as do "Oguri Shun" and
"Shun Oguri", and "Romantic Anonymous" and "Romantics Anonymous".

A user alias file (see :func:`load_aliases`) merges names the keys do not fold
together (a Hangul spelling and a romanisation, a retitled show) and splits
names they fold wrongly.

Everything here is pure; the packaged platform table is read lazily, once.
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pipeline.choices import ENTITY_KINDS
from pipeline.errors import UserError
from pipeline.normalise import clean_text, comparable, detect_language
from pipeline.scan import EndGuarded, Guarded, LazyPattern, WordIndex, literal_spans, lowered

SHOW = "show"
PERSON = "person"
PLATFORM = "platform"


@dataclass(frozen=True)
class Mention:
    """One entity named in an article.

    ``kind``
        ``"show"``, ``"person"`` or ``"platform"``.
    ``text``
        the name exactly as the article wrote it (first occurrence).
    ``key``
        canonical key (after user aliases); equal keys mean the same entity.
    ``name``
        display name: the alias file's name, the platform table's name, or ``text``.
    ``role``
        person: ``"cast"`` (named in a casting/starring context) or ``"subject"``;
        show: ``"title"`` or ``"working_title"``; platform: ``"platform"``.
    ``working_title_of``
        for a working title the article links to a final title: that title's key.
    ``aliases``
        other spellings the same article gives for this entity, e.g. the Hangul
        or Kanji form in "Han Hyo-joo (한효주)".
    """

    kind: str
    text: str
    key: str
    name: str
    role: str
    working_title_of: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entities:
    """The entities of one article, each tuple in order of first appearance."""

    shows: tuple[Mention, ...] = ()
    people: tuple[Mention, ...] = ()
    platforms: tuple[Mention, ...] = ()

    def all(self) -> tuple[Mention, ...]:
        return self.shows + self.people + self.platforms

    def keys(self, kind: str) -> frozenset[str]:
        mentions = {SHOW: self.shows, PERSON: self.people, PLATFORM: self.platforms}[kind]
        return frozenset(m.key for m in mentions)


# --------------------------------------------------------------------------- user aliases


@dataclass(frozen=True)
class Aliases:
    """User-maintained alias rules, loaded from ``aliases.toml`` by :func:`load_aliases`.

    ``by_text`` maps ``(kind, comparable spelling)`` to ``(key, display name)`` and
    wins over computed keys (that is how a split works); ``by_key`` maps
    ``(kind, computed key)`` to ``(key, display name)`` (how a merge works);
    ``show_titles`` are the spellings of the shows it names, found in a text even unquoted.
    """

    by_text: Mapping[tuple[str, str], tuple[str, str]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    by_key: Mapping[tuple[str, str], tuple[str, str]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    show_titles: tuple[str, ...] = ()

    def resolve(self, kind: str, text: str, key: str) -> tuple[str, str] | None:
        """The ``(key, name)`` the user chose for this spelling or key, if any."""
        return self.by_text.get((kind, _fold(text))) or self.by_key.get((kind, key))

    def names_with(self, kind: str, name: str) -> tuple[str, ...]:
        """Every name the rules make one with ``name`` (its display name and aliases), ``name``
        included; just ``name`` when no rule names it."""
        chosen = self.resolve(kind, name, _computed_key(kind, name))
        if chosen is None:
            return (name,)
        spellings = [text for (k, text), (key, _n) in self.by_text.items() if k == kind and key == chosen[0]]
        return tuple(dict.fromkeys([name, chosen[1], *spellings]))

    def __reduce__(self) -> tuple[object, tuple[_Rules, _Rules, tuple[str, ...]]]:
        """Pickle as plain dicts (a crawl sends the rules to its extraction workers)."""
        return _aliases_from, (dict(self.by_text), dict(self.by_key), self.show_titles)


_Rules = dict[tuple[str, str], tuple[str, str]]


def _aliases_from(by_text: _Rules, by_key: _Rules, show_titles: tuple[str, ...] = ()) -> Aliases:
    return Aliases(MappingProxyType(by_text), MappingProxyType(by_key), show_titles)


def _computed_key(kind: str, name: str) -> str:
    return {SHOW: show_key, PERSON: person_key, PLATFORM: platform_key}[kind](name)


def parse_aliases(data: Mapping[str, object], origin: str = "aliases") -> Aliases:
    """Build :class:`Aliases` from parsed TOML (see :func:`load_aliases` for the format).

    ``origin`` starts each error message: :func:`aliases_origin` of the file, so that every
    command reading it names it the same way."""
    by_text: dict[tuple[str, str], tuple[str, str]] = {}
    by_key: dict[tuple[str, str], tuple[str, str]] = {}
    titles: list[str] = []
    for section, entries in data.items():
        if section == "split":
            kinds = None
        elif section in ENTITY_KINDS:
            kinds = section
        else:
            raise UserError(f"{origin}: unknown section [[{section}]] (use show, person, platform, split)")
        if not isinstance(entries, list):
            raise UserError(f"{origin}: [[{section}]] must be an array of tables")
        for number, entry in enumerate(entries, 1):
            where = f"{origin}: [[{section}]] #{number}"
            if not isinstance(entry, dict) or entry.get("name") in (None, ""):
                raise UserError(f"{where} needs a name")
            if not isinstance(entry["name"], str):  # name = 5: there is a name, but not text
                raise UserError(f"{where}: name must be text, not {entry['name']!r}")
            kind = entry.get("kind", kinds)
            if kind not in ENTITY_KINDS:
                raise UserError(f"{where}: kind must be one of {', '.join(ENTITY_KINDS)}")
            name = entry["name"]
            key = entry.get("key") or f"{_computed_key(kind, name)}"
            spellings = entry.get("aliases", [])
            if not isinstance(key, str) or not isinstance(spellings, list) or not all(
                isinstance(s, str) for s in spellings
            ):
                raise UserError(f"{where}: key must be text and aliases a list of text")
            target = (key, name)
            if kinds is None:  # split: only these exact spellings get the distinct key
                for spelling in [name, *spellings]:
                    by_text[(kind, comparable(spelling))] = target
                continue
            for spelling in [name, *spellings]:
                by_text.setdefault((kind, comparable(spelling)), target)
                by_key.setdefault((kind, _computed_key(kind, spelling)), target)
            if kind == SHOW:
                titles.extend(spelling.strip() for spelling in [name, *spellings] if _findable_title(spelling))
    return Aliases(MappingProxyType(by_text), MappingProxyType(by_key), tuple(dict.fromkeys(titles)))


def _findable_title(title: str) -> bool:
    """A title the user named that is safe to find unquoted: two words or more, or four
    Hangul/Japanese characters ("Tokyo Night Shift", "달빛 장부"; not "Hit" or "Mine")."""
    title = title.strip()
    return len(title.split()) >= 2 and len(title) >= 6 or len(_CJK.findall(title)) >= 4


def load_aliases_if_present(path: str | Path | None) -> Aliases | None:
    """The user's alias rules when ``path`` names a file, else None (the file is optional)."""
    return load_aliases(path) if path and Path(path).is_file() else None


def load_aliases(path: str | Path) -> Aliases:
    """Read a user ``aliases.toml``.

    Format: arrays of tables named after the entity kind. Each entry **merges**
    its ``name`` and every spelling in ``aliases`` into one entity whose display
    name is ``name`` and whose key is ``key`` (default: the computed key of
    ``name``)::

        [[person]]
        name = "Han Hyo-joo"
        aliases = ["한효주", "ハン・ヒョジュ", "Han Hyo Joo"]

        [[show]]
        name = "Romantics Anonymous"
        aliases = ["ロマンティック・アノニマス", "로맨틱 어나니머스"]

        [[platform]]
        name = "Disney+"
        aliases = ["Star+"]

    A ``[[split]]`` entry gives the listed spellings their own entity even when
    the computed keys would fold them into another (``kind`` and ``key`` are
    required in spirit: the key names the separate entity)::

        [[split]]
        kind = "person"
        name = "Lee Joon (MBLAQ)"
        key = "lee joon mblaq"
        aliases = ["Lee Joon"]

    Splits are matched on the exact spelling (compared case- and
    punctuation-insensitively) and win over merges.
    """
    return parse_aliases(read_aliases_toml(Path(path)), aliases_origin(path))


def aliases_origin(path: str | Path) -> str:
    """How an error in the aliases file at ``path`` names it ("aliases file PATH"), the same
    wording as :func:`read_aliases_toml` uses for a file it cannot read."""
    return f"aliases file {path}"


def read_aliases_toml(path: Path) -> dict[str, Any]:
    """The TOML of an aliases file (a UTF-8 byte order mark allowed), or a user error."""
    try:
        return tomllib.loads(path.read_text("utf-8-sig"))
    except FileNotFoundError:
        raise UserError(f"alias file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read aliases file {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"cannot read aliases file {path}: invalid TOML: {error}") from None


# --------------------------------------------------------------------------- keys

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff66-\uff9f]")
#: Variant kanji of names, each read and compared as its common form (NFKC leaves them):
#: "髙橋海人" is "高橋海人", "山﨑賢人" is "山崎賢人".
ITAIJI = str.maketrans("髙﨑嵜德濵邊邉齋齊櫻瀨澤廣冨", "高崎崎徳浜辺辺斎斉桜瀬沢広富")
_NATIVE_SEPARATORS = re.compile(r"[\s\u30fb\u00b7\uff65=＝・]+")

#: Romanised Korean surnames, variant spelling -> the spelling keys use.
KOREAN_SURNAMES = MappingProxyType(
    {
        **{s: s for s in ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh", "seo", "shin", "kwon", "hwang", "ahn", "song", "jeon", "hong", "yoo", "go", "moon", "yang", "son", "bae", "baek", "heo", "nam", "shim", "noh", "ha", "kwak", "sung", "cha", "joo", "woo", "gu", "min", "ryu", "na", "jin", "ji", "eom", "won", "chun", "bang", "gong", "hyun", "byun", "yeom", "yeo", "chu", "do", "so", "seol", "ma", "gil", "yeon", "wi", "pyo", "myung", "ki", "ban", "ra", "wang", "geum", "ok", "yook", "in", "maeng", "je", "mo", "tak", "kook", "eun", "pyeon", "yong", "ye", "kyung", "bong", "sa", "bu", "hwangbo", "namgoong", "jegal", "seonwoo", "dokgo"]},
        "yi": "lee", "rhee": "lee", "ri": "lee", "gim": "kim", "pak": "park", "bak": "park",
        "choe": "choi", "jeong": "jung", "chung": "jung", "gang": "kang", "jo": "cho",
        "yun": "yoon", "chang": "jang", "im": "lim", "suh": "seo", "sin": "shin", "gwon": "kwon",
        "an": "ahn", "jun": "jeon", "yu": "yoo", "ko": "go", "koo": "gu", "mun": "moon",
        "sohn": "son", "paek": "baek", "hur": "heo", "huh": "heo", "sim": "shim", "roh": "noh",
        "no": "noh", "gwak": "kwak", "seong": "sung", "ju": "joo", "wu": "woo", "uhm": "eom",
        "um": "eom", "cheon": "chun", "kong": "gong", "hyeon": "hyun", "byeon": "byun",
        "yuk": "yook", "guk": "kook", "kyeong": "kyung", "namgung": "namgoong",
        "sunwoo": "seonwoo", "namkoong": "namgoong", "namkung": "namgoong", "chai": "chae",
        "choo": "chu", "pyun": "pyeon", "youn": "yoon",
    }
)
_COMPOUND_SURNAMES = frozenset({"namgoong", "hwangbo", "jegal", "seonwoo", "dokgo"})
_KOREAN_FOLDS = (("oo", "u"), ("eo", "u"), ("ee", "i"), ("wu", "u"))
_JAPANESE_FOLDS = (("ou", "o"), ("oo", "o"), ("uu", "u"))
_JA_OH = re.compile(r"oh(?=[^aeiou]|$)")
_NOT_NAME_CHAR = re.compile(r"[^a-z0-9\s-]")


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: Bound of the memo of each pure key/shape function: names recur across articles.
_MEMO = 1 << 16
#: :func:`comparable` of a name (short strings only: the memo is bounded by count).
_fold = lru_cache(maxsize=_MEMO)(comparable)


#: The four surnames half of all Koreans bear, and that hardly end a given name (정, 강 do).
_MOST_COMMON_SURNAMES = frozenset({"kim", "lee", "park", "choi"})


def _surname_last(first: str, last: str) -> bool:
    """Whether a three-word Korean name whose first and last words may both be surnames is
    written given name first: "Seo Joon Park", "Ha Yoon Kim" (not "Yeo Jin Goo", "Seo Hyun Jung")."""
    return (KOREAN_SURNAMES.get(last) in _MOST_COMMON_SURNAMES
            and KOREAN_SURNAMES.get(first) not in _MOST_COMMON_SURNAMES)


@lru_cache(maxsize=_MEMO)
def person_key(name: str) -> str:
    """Canonical key of a person's name.

    Latin-script names: case, accents, hyphens and spacing inside given names do
    not matter ("Han Hyo Joo" = "Han Hyo-joo" = "Han Hyojoo"); the order of a
    two-part name does not matter ("Oguri Shun" = "Shun Oguri"); common
    romanisation variants fold (Lee/Yi/Rhee, Jung/Jeong, joo/ju, hyeon/hyun;
    Satoh/Sato, Yuuki/Yuki). Hangul, Kanji and Kana names: NFKC, spaces and
    middle dots removed ("ハン・ヒョジュ" = "ハンヒョジュ").
    """
    text = unicodedata.normalize("NFKC", clean_text(name)).strip()
    if _CJK.search(text):
        return _NATIVE_SEPARATORS.sub("", text.translate(ITAIJI)).casefold()
    text = _ascii_fold(text).casefold()
    text = _NOT_NAME_CHAR.sub("", text.replace("\u2019", "").replace("'", ""))
    tokens = [t.strip("-") for t in text.split() if t.strip("-")]
    if len(tokens) >= 3 and KOREAN_SURNAMES.get(tokens[0] + tokens[1]) in _COMPOUND_SURNAMES:
        tokens = [tokens[0] + tokens[1], *tokens[2:]]
    if len(tokens) == 3 and not any("-" in t for t in tokens) and len(tokens[1]) <= 5:
        if tokens[0] in KOREAN_SURNAMES and not _surname_last(tokens[0], tokens[2]):
            tokens = [tokens[0], tokens[1] + tokens[2]]
        elif tokens[2] in KOREAN_SURNAMES:
            tokens = [tokens[0] + tokens[1], tokens[2]]
    tokens = [t.replace("-", "") for t in tokens]
    korean = len(tokens) == 2 and any(t in KOREAN_SURNAMES for t in tokens)
    folded = []
    for token in tokens:
        if korean:
            given = token not in KOREAN_SURNAMES
            token = KOREAN_SURNAMES.get(token, token)
            for old, new in _KOREAN_FOLDS:
                token = token.replace(old, new)
            if given:  # "Ki-tae" = "Gi Tae": ㄱ is written k or g
                token = token.replace("k", "g")
        else:
            token = _JA_OH.sub("o", token)
            for old, new in _JAPANESE_FOLDS:
                token = token.replace(old, new)
        folded.append(token)
    if len(folded) == 2:
        folded.sort()
    return " ".join(folded)


_WORKING_MARK = re.compile(
    r"\s*[(（\[]\s*(?:working\s+title|tentative\s+title|w/?t|가제|假題|仮題|仮|仮称)\s*[)）\]]\s*",
    re.IGNORECASE,
)
_SEASON_SUFFIX = re.compile(
    r"(?:[\s:,-]*(?:season|series|part|pt\.?|시즌|파트|シーズン|第)\s*\d+\s*(?:期|章)?|\s+[2-9])\s*$",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^\w]+")
#: A Japanese broadcaster's or platform's programme frame, written before a title and no part
#: of it: 「連続ドラマW 白鷺の庭」 is WOWOW's drama 白鷺の庭, 「日曜劇場 アンチヒーロー」 TBS's.
_JA_SLOT = (
    r"(?:連続ドラマ[WＷ]|連続テレビ小説|大河ドラマ|朝ドラ|特集ドラマ|スペシャルドラマ|プレミアムドラマ|真夜中ドラマ|"
    r"[月火水木金土日]曜(?:ナイト|よる|夜|深夜)?(?:ドラマ|劇場)|[月火水木金土日]ドラ(?:[0-9０-９]{1,2})?|"
    r"夜ドラ|よるドラ|月9(?:ドラマ)?|月[9９]|ドラマ(?:[0-9０-９]{2}|NEXT|ＮＥＸＴ|イズム|特区|ストリーム|プレミア23|L(?![A-Za-z]))|"
    r"オシドラサタデー|水ドラ[0-9０-９]{2}|"
    r"(?:WOWOW|ＷＯＷＯＷ|Hulu|ABEMA|Paravi|FOD|Lemino|U-NEXT|TELASA|Netflix|Disney\+)\s*(?:オリジナル(?:ドラマ|シリーズ)?|シリーズ))"
)
#: The frame and what parts it from the title: a space, a dot or a colon, or nothing after a
#: frame that ends in a letter or digit before a kanji or katakana ("連続ドラマW白鷺の庭"; not
#: 「月9の女王」 nor 「ドラマ24時」).
_JA_SLOT_BEFORE_TITLE = re.compile(
    rf"^{_JA_SLOT}(?:[\s\u3000・:：]+|(?<=[0-9A-Za-z０-９Ｗ])(?![時分年月日回話歳人期])(?=[\u30a0-\u30ff\u3400-\u9fff]))(?=\S\S)",
    re.IGNORECASE,
)
_JA_SLOT_ONLY = re.compile(_JA_SLOT, re.IGNORECASE)


def _without_slot(title: str) -> str:
    """``title`` without the programme frame written before it: 「連続ドラマW 白鷺の庭」 → 白鷺の庭."""
    return _JA_SLOT_BEFORE_TITLE.sub("", title, count=1) if _CJK.search(title) else title


def _stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


@lru_cache(maxsize=_MEMO)
def show_key(title: str) -> str:
    """Canonical key of a show title.

    Case, quotes, punctuation, a leading "The", a trailing season/part number,
    working-title markers and a plural "s" do not matter: "Romantic Anonymous" =
    "Romantics Anonymous"; "Squid Game Season 2" = "Squid Game". Titles in
    Hangul/Kanji/Kana also ignore spacing ("눈물의 여왕" = "눈물의여왕").
    """
    text = _without_slot(comparable(title))
    text = _WORKING_MARK.sub(" ", text).strip()
    text = text.replace("'", "")
    stripped = _SEASON_SUFFIX.sub("", text).strip()
    text = stripped or text
    tokens = _NON_WORD.sub(" ", text).replace("_", " ").split()
    if not tokens:
        return text
    if _CJK.search(text):
        return "".join(tokens)
    if tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    return " ".join(_stem(t) for t in tokens)


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    exact: tuple[str, ...]
    #: Words after which the name is a company's, not the platform: "CBS Studios", "AMC Theatres".
    not_before: frozenset[str] = frozenset()
    #: Endings of the text right before the name after which it is a title's: "It's Showtime", "EXO's Showtime".
    not_after: tuple[str, ...] = ()
    #: The companies behind it as trade news names them: "Apple", "CJ ENM", "Naver".
    companies: tuple[str, ...] = ()


@cache
def platform_table() -> tuple[Platform, ...]:
    """The packaged platform/network table (``pipeline/data/platforms.toml``)."""
    text = resources.files("pipeline").joinpath("data/platforms.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return tuple(
        Platform(
            key=key,
            name=entry["name"],
            kind=entry.get("kind", "streaming"),
            aliases=tuple(entry.get("aliases", ())),
            exact=tuple(entry.get("exact", ())),
            not_before=frozenset(entry.get("not_before", ())),
            not_after=tuple(entry.get("not_after", ())),
            companies=tuple(entry.get("companies", ())),
        )
        for key, entry in data.items()
    )


@cache
def platform_spellings_pattern() -> str:
    """A pattern for the Latin-script spellings of the catalogue's platforms in lower case ("netflix", "apple tv+",
    "coupang play"; spaces as ``\\s+``), longest first and ending as a word: what classification cues match on
    lowered text ("hits Viki on Jan. 9", "lands on Coupang Play"), so that a platform added to the catalogue is
    one there too."""
    spellings = {spelling.lower() for platform in platform_table()
                 for spelling in (platform.name, *platform.aliases, *platform.exact)
                 if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 +.&-]*", spelling)}
    alternatives = (re.escape(spelling).replace(r"\ ", r"\s+") for spelling in sorted(spellings, key=len, reverse=True))
    return "(?:" + "|".join(alternatives) + r")(?![a-z0-9+])"


@cache
def _company_names() -> Guarded:
    """The companies behind the catalogue's platforms, written as a whole name ("Naver", "Naver's"; not "Disney+"),
    and the companies of more than one word of :func:`companies_whole` ("William Morris Endeavor")."""
    names = sorted({company for platform in platform_table() for company in platform.companies} | companies_whole(),
                   key=len, reverse=True)
    return Guarded(r"(?<![\w+&-])(?:" + ("|".join(map(re.escape, names)) or "(?!)") + r")(?![\w+&-])")


def company_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a company behind a platform of the catalogue ("CJ ENM signs with …", "Apple orders
    'X'") or a company of more than one word ``pipeline/data/companies.toml`` knows ("signs with William Morris
    Endeavor"): no person, and no mention of the platform."""
    return [found.span() for found in _company_names().finditer(text)]


def names_a_platform_or_company(name: str) -> bool:
    """Whether ``name`` is a platform of the catalogue (any of its spellings, in any case: "FOX", "Fox") or a
    company behind one ("Apple", "CJ ENM")."""
    folded = comparable(name)
    return folded in _platform_lookup() or folded in _company_lookup()


@cache
def _company_lookup() -> frozenset[str]:
    return frozenset(comparable(company) for platform in platform_table() for company in platform.companies)


@cache
def _platform_lookup() -> Mapping[str, Platform]:
    lookup: dict[str, Platform] = {}
    for platform in platform_table():
        for alias in (platform.name, *platform.aliases, *platform.exact):
            lookup.setdefault(comparable(alias), platform)
        lookup.setdefault(comparable(platform.key), platform)
    return MappingProxyType(lookup)


def _alias_pattern(alias: str) -> str:
    escaped = re.escape(alias).replace(r"\ ", r"\s*")
    if re.match(r"[A-Za-z0-9]", alias):
        escaped = r"(?<![A-Za-z0-9])" + escaped
    elif re.match(r"[\uac00-\ud7a3]", alias):
        escaped = r"(?<![\uac00-\ud7a3])" + escaped
    if re.search(r"[A-Za-z0-9]$", alias):
        escaped += r"(?![A-Za-z0-9+])"
    return escaped


@cache
def _platform_patterns() -> tuple[tuple[str, bool, tuple[re.Pattern[str], ...], bool], ...]:
    """``(first word, case_sensitive, patterns, word is ASCII)``: the boundary-aware pattern of every
    alias, grouped by the alias's first word. Every match of a pattern starts with
    that word, so the patterns are only tried where ``str.find`` sees it (one big
    alternation, or scanning with each pattern, is far slower)."""
    groups: dict[tuple[str, bool], list[re.Pattern[str]]] = {}
    seen: set[tuple[str, bool]] = set()
    for platform in platform_table():
        loose = (platform.name, *platform.aliases) if not platform.exact else platform.aliases
        for alias, exact in [(a, False) for a in loose] + [(a, True) for a in platform.exact]:
            form = (alias if exact else alias.translate(_ASCII_LOWER)).strip()
            if (form, exact) in seen:
                continue
            seen.add((form, exact))
            groups.setdefault((form.split()[0], exact), []).append(re.compile(_alias_pattern(form)))
    return tuple((word, exact, tuple(patterns), word.isascii()) for (word, exact), patterns in groups.items())


def _matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)`` when every match of ``pattern`` starts at one of the
    ascending ``starts``: only those positions are tried."""
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match is not None:
                end = match.end()
                yield match


def _occurrences(text: str, word: str) -> list[int]:
    """Every position where ``word`` starts in ``text`` (overlapping ones too)."""
    found = []
    at = text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found



_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NOT_SLUG = re.compile(r"[^\w+]+")


@lru_cache(maxsize=_MEMO)
def platform_key(name: str) -> str:
    """Canonical key of a platform or network: the packaged table's key for any
    known alias ("넷플릭스", "ネットフリックス" -> ``"netflix"``), else a slug."""
    folded = comparable(name)
    platform = _platform_lookup().get(folded)
    if platform is None:
        platform = _platform_lookup().get(" ".join(folded.split()).replace(" ", ""))
    if platform is not None:
        return platform.key
    return _NOT_SLUG.sub("_", folded).strip("_")


# --------------------------------------------------------------------------- shared patterns

_HANGUL_CH = "\uac00-\ud7a3"
_KANJI_CH = "\u4e00-\u9fff\uf900-\ufaff\u3005"
_HIRA_CH = "\u3041-\u309f"
_KATA_CH = "\u30a1-\u30fa\u30fc"

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]


# --------------------------------------------------------------------------- shows

_QUOTE_PAIRS = (
    ("\u201c", "\u201d"), ('"', '"'), ("\u2018", "\u2019"), ("'", "'"), ("\u300c", "\u300d"),
    ("\u300e", "\u300f"), ("\u300a", "\u300b"), ("\u3008", "\u3009"), ("<", ">"),
    ("\uff1c", "\uff1e"), ("\u226a", "\u226b"), ("\u00ab", "\u00bb"),
)
#: What follows an apostrophe inside a word: a possessive or a contraction ("Bride's",
#: "Don't", "We'll", "You're", "I've", "I'd", "I'm").
_APOSTROPHE_TAIL = r"(?:s|t|ll|re|ve|d|m)(?![A-Za-z0-9])"
#: A single-quoted title may hold an apostrophe ('The Bride's Lie', ‘Grey’s Anatomy’): one
#: between a letter and its tail is part of the title. A curly one is the closing quote
#: unless another closing quote follows on the line (‘Glass Garden’s cast). A possessive
#: written inside the quotes before a noun ('Glass Garden's' cast) is left out of the title.
_SINGLE_QUOTED = (
    rf"'(?<![A-Za-z0-9]')((?:[^'\n]|(?<=[A-Za-z])'(?={_APOSTROPHE_TAIL})){{1,80}}?)"
    rf"(?:'s(?='[ \t]+[a-z]))?'(?![A-Za-z0-9])"
)
_CURLY_SINGLE_QUOTED = (
    rf"\u2018((?:[^\u2018\u2019\n]|(?<=[A-Za-z])\u2019(?={_APOSTROPHE_TAIL}[^\u2018\u2019\n]{{0,80}}\u2019)){{1,80}}?)"
    rf"(?:\u2019s(?=\u2019[ \t]+[a-z]))?\u2019(?!{_APOSTROPHE_TAIL}[^\u2018\u2019\n]{{0,80}}\u2019)"
)
_QUOTE_CHARS = "".join(o + c for o, c in _QUOTE_PAIRS)
#: Every alternative starts with its opening quote (the apostrophe's "no letter before"
#: is checked just after it), so the regex engine jumps from quote to quote.
_QUOTED = re.compile(
    "|".join(
        (_SINGLE_QUOTED if o == "'" else _CURLY_SINGLE_QUOTED if o == "\u2018" else
         f"{re.escape(o)}([^{re.escape(o)}{re.escape(c)}\\n]{{1,80}}){re.escape(c)}")
        for o, c in _QUOTE_PAIRS
    )
)
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "the", "of", "in", "on", "to", "for", "with", "at", "by", "from", "or", "nor", "but", "vs", "vs.", "as", "is", "my", "your", "his", "her", "our", "their", "its", "no", "not", "than", "into", "over", "under", "be", "de", "la", "le", "du", "des", "et", "x"]
)
_SPEECH_END = re.compile(r"(?:[.!?。！？…]|[다요죠까네]|です|ます|ました|でした|たい|ません)\s*$")
_KO_PARTICLE_AFTER = re.compile(
    r"^(?:\s*[(（\[]|[의에로은는이가을를과와도측만]|으로|에서|까지|이다|[,·、…]|\s*$|\s+(?:이어|이후|후속|시즌|파트|측|제작|주연|출연|캐스팅|촬영|공개|방송|첫|OST|티저|예고|포스터|속|스틸|대본|리딩|팀|감독|작가|원작|연출|시리즈|드라마|영화)|\s*[:：])"
)
_KO_TITLE_BEFORE = re.compile(
    r"(?:드라마|시리즈|작품|영화|신작|새|오리지널|예능|주연작|차기작|전작|출연작|가제|tvN|JTBC|MBC|KBS2?|SBS|ENA|넷플릭스|디즈니\+|티빙|웨이브|쿠팡플레이)\s*$"
)
_JA_SPEECH_END = re.compile(r"(?:です|ます|でした|ました|ません|。|！|!)\s*$")
#: The と (or って) that reports what was said or thought, and the verb it goes with: "と語った", "とコメント",
#: "って思った"; not "とは" (what a title is), "と同じ", "とのコラボ", nor "「A」「B」と話題作が続く".
_JA_REPORTED = (
    r"(?:と|って)\s*(?:(?:笑顔|涙|声|目)を?\s*)?(?:語|話[しすさせ]|明か|コメント|メッセージ|思|考え|感じ|言[っわ]|述べ|伝え|つづ|綴|"
    r"記し|書|投稿|喜|笑|歓喜|感激|感謝|興奮|驚|照れ|意気込|決意|宣言|振り返|回顧|告白|打ち明|呼びかけ|訴え|絶賛|称賛|"
    r"祝福|期待|報告|あいさつ|挨拶|答え|返し|応じ|強調|説明|明言|告げ|叫|つぶや|呟|心境|本音|胸|声|の(?:こと|声)|"
    r"ほほ笑|微笑|涙|熱弁|力|自信|吐露|反省|謝罪|苦笑|大喜び|満面|しみじみ|コメ|反響|一言)"
)
#: After what someone said in 「」, past the other remarks quoted with it: "と語った", "などの声", "との声".
_JA_SPEECH_AFTER = re.compile(rf"(?:「[^「」\n]{{1,30}}」)*(?:{_JA_REPORTED}|(?:など|などの)声)")


#: A remark in 「」 followed by the と that reports it: "「また皆さんとパンを焼けるのがうれしい」と喜んだ".
_JA_REMARK = re.compile(rf"\u300c([^\u300c\u300d\n]{{4,120}})\u300d(?={_JA_REPORTED})")
#: How a headline shortens a remark: keeps a few runs of it, each of two characters or more.
_JA_SHORTENED_RUNS = 3


def _ja_runs_of(inner: str, said: str) -> int | None:
    """How many runs of ``said``, in order, ``inner`` is made of, taking the longest run each time;
    None when it is not made of runs of two characters or more."""
    runs, at, cursor = 0, 0, 0
    while at < len(inner):
        size = 0
        while at + size < len(inner) and (found := said.find(inner[at:at + size + 1], cursor)) >= 0:
            size, place = size + 1, found
        if size < 2:
            return None
        runs, at, cursor = runs + 1, at + size, place + size
    return runs


def _ja_shortened_remark(text: str, inner: str) -> bool:
    """``inner`` shortens a remark the article quotes, as a headline does: 「また焼けるのがうれしい」 for
    「また皆さんとパンを焼けるのがうれしい」と喜んだ (a few runs of it in order, not written whole: a title the
    remark names, 「『X』は最高の作品」と語った, is written whole; 「恋の港町」 is no shortening of
    「恋をした時の港町の景色が好き」, whose 恋 stands alone)."""
    if len(inner) < 4:
        return False
    for remark in _JA_REMARK.finditer(text):
        said = remark.group(1)
        if inner not in said and (runs := _ja_runs_of(inner, said)) is not None and runs <= _JA_SHORTENED_RUNS:
            return True
    return False


def _ja_titled_at(text: str, start: int, end: int) -> bool:
    """The 「」 at ``start``..``end`` is written as a title: a title word or a cast word before it
    ("ドラマ「…」", "主演「…」"), or what is said of a title after it ("「…」で主演", "「…」の続編")."""
    before = text[max(0, start - 20): start]
    return bool(_JA_TITLE_BEFORE.search(before) or _JA_CAST_BEFORE.search(before) or _JA_TITLE_AFTER.match(text, end))


def _ja_said(text: str, inner: str, start: int, end: int) -> bool:
    """The 「``inner``」 at ``start``..``end`` is what someone said: it is followed by the と that reports it
    (:data:`_JA_SPEECH_AFTER`), or, written with nothing that makes it a title, the same words are said
    elsewhere in the article and written as a title nowhere (a headline's ファン「癒やされる」)."""
    if _JA_SPEECH_AFTER.match(text, end):
        return True
    if _ja_titled_at(text, start, end):
        return False
    quoted = f"\u300c{inner}\u300d"
    places = list(literal_spans(quoted, text))
    return any(_JA_SPEECH_AFTER.match(text, there) for _, there in places) \
        and not any(_ja_titled_at(text, here, there) for here, there in places)
#: How a remark quoted in 「」 may end and a title rarely does: a particle that leaves it open.
_JA_REMARK_END = re.compile(r"[にをねよわ]\s*$")
#: A polite request, said more often than it names a work: 「待っていてください」.
_JA_REQUEST_END = re.compile(r"(?:ください|下さい)\s*$")
_JA_TITLE_BEFORE = re.compile(rf"(?:ドラマ|映画|作品|シリーズ|劇場|新作|主演作|原作|配信|系|版|月9|スペシャル|アニメ|{_JA_SLOT})\s*$")
_WORKING_AFTER = re.compile(
    r"^\s*[(（]\s*(?:working\s+title|tentative\s+title|w/?t|가제|仮|仮題|仮称)\s*[)）]", re.IGNORECASE
)
_WORKING_BEFORE = re.compile(
    r"(?:tentatively\s+(?:titled|called|named)|working\s+title(?:d|\s+of)?|(?:previously|formerly|originally)\s+(?:known\s+as|titled|called)|가제|仮題)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_TITLE_CHANGE = re.compile(
    r"final\s+title|retitled|renamed|officially\s+titled|new\s+title|changed\s+(?:its|the)\s+title|"
    r"(?:previously|formerly|originally)\s+(?:known\s+as|titled|called)|title\s+change|"
    r"최종\s*제목|제목을?\s*(?:확정|변경|바꾸)|으로\s*제목|改題|正式タイトル|タイトル.{0,30}?決定|本タイトル",
    re.IGNORECASE,
)
_CAP = r"(?:[A-Z0-9][\w'’!?&.:-]*)"
_SMALL = r"(?:of|the|a|an|and|in|on|to|for|with|at|by|from|or|my|your|vs\.?|&|x)"
_TITLE_RUN = rf"{_CAP}(?:\s+(?:{_SMALL}\s+)*{_CAP})*"
_TITLE_RUN_LINE = rf"{_CAP}(?:[ \t]+(?:{_SMALL}[ \t]+)*{_CAP})*"
_SHOW_NOUN = r"(?:K-?drama|J-?drama|drama|dramas|series|film|movie|show|thriller|rom-com|romcom|sitcom|anime|original|miniseries|adaptation|remake|sequel|spinoff|spin-off)"
_SHOW_ADJ = (
    r"(?:upcoming|new|forthcoming|anticipated|original|hit|highly|much-anticipated|"
    r"romance|romantic|thriller|mystery|fantasy|historical|period|action|comedy|crime|legal|medical|"
    r"office|revenge|zombie|coming-of-age|youth|melodrama|Korean|Japanese|Netflix|weekend|"
    r"Wednesday-Thursday|Monday-Tuesday|Friday-Saturday|Saturday-Sunday|miniseries|live-action|"
    r"limited|streaming|daily|drama|K-drama|J-drama|webtoon-based|\d{4})"
)
#: A title after a show phrase, on the same line: "the upcoming drama X", "its new
#: series X", "Netflix's thriller X", "titled X", "retitled X", "under the final title X".
_TITLE_CONTEXT = re.compile(
    rf"(?:\b(?:the|its|a(?=[ \t])|an|his|her|their)[ \t]+(?:{_SHOW_ADJ}[ \t,]+){{0,4}}{_SHOW_NOUN}|"
    rf"'s[ \t]+(?:{_SHOW_ADJ}[ \t,]+){{0,4}}{_SHOW_NOUN}|\bseries[ \t]+titled|\bentitled|"
    rf"\btitled|\bcalled|\b(?:retitled|renamed|re-titled)(?:[ \t]+(?:to|as))?|"
    rf"\b(?:final|new|official)[ \t]+title(?:[ \t]+(?:of|is|will[ \t]+be))?[ \t]*:?)[ \t]+(?P<title>{_TITLE_RUN_LINE})"
)
#: Genre nouns that introduce an unquoted title ("its workplace comedy Overtime Club",
#: "the TVING hit Harbor Lights"); matched case-insensitively (title-case headlines).
_GENRE_NOUN = (
    r"(?:k-?drama|j-?drama|drama|series|film|movie|show|thriller|rom-?com|sitcom|comedy|romance|"
    r"melodrama|anime|original|miniseries|adaptation|remake|sequel|spin-?off|hit|feature|procedural|saga|"
    r"mystery|horror|fantasy|epic|documentary)"
)
#: Up to four modifiers between a determiner and the genre noun; function words end the phrase.
_GENRE_MODIFIERS = r"(?:(?!(?:of|in|on|with|and|or|who|which|that|to|at|by|as|is|was|has|for)\b)[\w+’'-]+,?[ \t]+){0,4}"
_APPOSITION_VERB = r"(?:is|was|will|has|have|had|would|can|could|follows|tells|stars|centers|centres|revolves|depicts|marks)"
#: Words that follow a show's name in "Netflix's X <word>": a verb of what it does or a season.
_TITLE_FOLLOWER = (
    r"(?:starring|stars|premieres|premiered|returns|returned|drops|dropped|debuts|debuted|tops|topped|"
    r"lands|landed|gets|got|hits|became|becomes|continues|season|Season|part|Part|which|that|starring)"
)
#: What follows a show's name after "Netflix's": punctuation, the line's end, a verb.
_AFTER_TITLE = re.compile(rf"[ \t]*(?:[,.!?;:)]|$)|[ \t]+(?:{_APPOSITION_VERB}|{_TITLE_FOLLOWER})\b", re.MULTILINE)
#: First words of a capitalised run after "Netflix's" that is not a show: people's roles,
#: places, the platform's own things ("Netflix's CEO Ted Sarandos", "Netflix's Top 10").
_NOT_SHOW_AFTER_POSSESSIVE = frozenset(
    ["CEO", "Co-CEO", "Chief", "President", "Vice", "VP", "Head", "Director", "Executive", "Executives",
     "Official", "Officials", "Spokesperson", "Representative", "Content", "Top", "Global", "Korea",
     "Korean", "Japan", "Japanese", "Asia", "Asian", "US", "Tudum", "App", "Website", "Service", "Library",
     "Lineup", "Line-Up", "Slate", "Stock", "Shares", "Subscribers", "Original", "Originals", "First", "New",
     "Latest", "Upcoming", "Biggest", "Most", "Best", "Chairman", "Founder", "Co-Founder", "Team", "Studio", "Studios"]
)


_TITLE_CONTEXT_AT = Guarded(_TITLE_CONTEXT)
#: Apposition needs ", its/the/a… " in the same line.
_APPOSITION_HINT = re.compile(r",[ \t]+(?:its|the|an?|their|his|her)[ \t]")


@dataclass(frozen=True)
class _TitleContexts:
    """Genre-phrase title patterns (see :func:`_title_contexts`)."""

    before: Guarded
    apposition: re.Pattern[str]
    possessive: Guarded
    words: WordIndex  # where _TITLE_CONTEXT, ``before`` and ``possessive`` can start
    before_spaces: int  # at most this many single spaces between where ``before`` starts and its genre noun


@cache
def _title_contexts() -> _TitleContexts:
    """Genre phrase before a title, and title in apposition to a genre phrase.

    Before: "the Netflix film Low Tide", "its workplace comedy Overtime Club",
    "for Korean Supernatural Thriller Ghost Frequency", "SBS Rom-Com Lawless Hearts".
    Apposition: "Neon Alley, its upcoming crime drama".

    ``before`` is only tried where its leading words, platform names or "'s" stand
    (run over a whole text it is far slower).
    """
    names = sorted(
        {alias for p in platform_table() for alias in (p.name, *p.aliases, *p.exact) if alias.isascii()},
        key=len, reverse=True,
    )
    platforms = "|".join(re.escape(n) for n in names)
    before = re.compile(
        rf"(?:\b(?:[Tt]he|[Ii]ts|[Aa]n|[Aa](?=[ \t])|[Hh]is|[Hh]er|[Tt]heir|for|of|on|in)[ \t]+|(?<=[\w+])['’]s[ \t]+|"
        rf"(?<![\w])(?:{platforms})(?:['’]s)?[ \t]+)"
        rf"(?i:{_GENRE_MODIFIERS}{_GENRE_NOUN})[ \t]+(?P<title>{_TITLE_RUN_LINE})"
    )
    apposition = re.compile(
        rf"(?P<title>{_TITLE_RUN_LINE}),[ \t]+(?:its|the|an?|their|his|her)[ \t]+{_GENRE_MODIFIERS}{_GENRE_NOUN}\b"
        rf"(?![ \t]+{_APPOSITION_VERB}\b)"
    )
    # "Netflix's Squid Game will return", "tvN's Queen of Tears, which…": a platform's
    # possessive, a capitalised run, then what follows a title (a verb, punctuation)
    possessive = Guarded(re.compile(
        rf"(?<![\w])(?:{platforms})['’]s[ \t]+(?P<title>{_TITLE_RUN_LINE})(?={_AFTER_TITLE.pattern})", re.MULTILINE
    ))
    guarded = Guarded(before)
    # the leading phrase (a platform name and its "'s", or one word) and four modifiers
    spaces = max(name.count(" ") for name in names) + 1 + 4
    return _TitleContexts(guarded, apposition, possessive, WordIndex([guarded, possessive, _TITLE_CONTEXT_AT]), spaces)


#: A genre noun before a capitalised word, in ASCII-folded text (see _genre_ahead); in a
#: genre-phrase title it follows a space, which the regex engine jumps to.
_GENRE_BEFORE_TITLE = re.compile(rf"[ \t]{_GENRE_NOUN}[ \t]+")
_TITLE_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _genre_ahead(text: str) -> Callable[[int], bool]:
    """A test for where a genre-phrase title (``_title_contexts().before``) can start:
    such a match holds, later on its line, a genre noun (any case) followed by spaces
    and a capital or digit, at most a leading phrase and four modifiers away (in
    clean text, where words are one space apart: a few spaces); places with none
    ahead are not tried."""
    folded = lowered(text, fold=True)
    ahead = []
    position = 0
    while (found := _GENRE_BEFORE_TITLE.search(folded, position)) is not None:
        if found.end() < len(text) and text[found.end()] in _TITLE_START:
            ahead.append(found.start() + 1)
        position = found.start() + 1  # the next genre noun may start at the spaces this one ends with

    # words one space apart (clean text): the leading phrase and modifiers span few spaces
    limit = _title_contexts().before_spaces if "  " not in text and "\t" not in text else len(text)

    def keep(position: int) -> bool:
        index = bisect_right(ahead, position)
        if index == len(ahead) or text.find("\n", position, ahead[index]) >= 0:
            return False
        return text.count(" ", position, ahead[index]) <= limit

    return keep


def _in_lines_with(pattern: re.Pattern[str], text: str, hint: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that never matches a line break and only
    matches in lines where ``hint`` matches: only those lines are scanned."""
    line_end = -1
    for found in hint.finditer(text):
        if found.start() < line_end:
            continue
        line_start = text.rfind("\n", 0, found.start()) + 1
        line_end = text.find("\n", found.start())
        if line_end < 0:
            line_end = len(text)
        yield from pattern.finditer(text, line_start, line_end)


#: A translated title given in parentheses: "「X」（英題：Y）", "'X'(영제: Y)", "(English title: Y)".
_TITLE_TRANSLATION = re.compile(
    r"[（(]\s*(?:英題|英語題|英文タイトル|영제|영문\s*제목|영어\s*제목|English\s+title|international\s+title)"
    r"\s*[：:]\s*(?P<title>[^）)\n]{2,60}?)\s*[）)]",
    re.IGNORECASE,
)
#: A title a platform orders with its stars, unquoted as trade headlines write it: "Netflix Orders Midnight Harbor
#: Starring Kim Ji-won", "has greenlit Midnight Harbor starring …". The whole run must be the title (not "More
#: Episodes", "Second Season") and no kind of show ("Korean Remake"), see :func:`_find_shows`. Not "picks up":
#: a platform picks up a finished show's rights as often ("Netflix Picks Up BBC Thriller Starring …").
_ORDERED_TITLE = re.compile(
    rf"\b(?i:orders?|ordered|greenlights?|greenlit|commission(?:s|ed)?)[ \t]+"
    rf"(?P<title>{_TITLE_RUN_LINE})(?=[ \t]+(?i:starring|toplined[ \t]+by)\b)")
#: Words every match of :data:`_ORDERED_TITLE` holds, in any case: its verb and what it is followed by.
_ORDER_WORDS = ("order", "greenli", "commission")
_STARRING_WORDS = ("starring", "toplined")


def _ordered_titles(text: str) -> Iterator[re.Match[str]]:
    """``_ORDERED_TITLE.finditer(text)``, searched only in a text that holds one of its verbs and
    "starring" or "toplined" (in the text lowered with fold: what its IGNORECASE parts match)."""
    folded = lowered(text, fold=True)
    if not any(word in folded for word in _STARRING_WORDS) or not any(word in folded for word in _ORDER_WORDS):
        return iter(())
    return _ORDERED_TITLE.finditer(text)


#: What is ordered when it is no title: a kind of show ("Pilot", "Comedy From Rob McElhenney", "Untitled Kim
#: Soo-hyun Project"), an instalment ("Second Installment") or the one it is from ("… By …").
_ORDERED_NOT_TITLE = re.compile(
    rf"^(?:{_GENRE_NOUN}|pilot|untitled|limited|project)\b|\b(?:from|by|installments?|instalments?|project|pilot)\b",
    re.IGNORECASE)
_TITLE_STOP_WORDS = frozenset(
    ["Is", "Are", "Was", "Were", "Will", "Would", "Has", "Have", "Had", "Starring", "Stars", "Star", "Casts", "Cast", "Confirms", "Confirmed", "Reveals", "Releases", "Drops", "Unveils", "Gets", "Sets", "Set", "Premieres", "Premiere", "Announces", "Debuts", "Returns", "Begins", "Wraps", "Starts", "Lands", "Joins", "Tops", "Hits", "Shares", "Reportedly", "Officially", "To", "With", "In", "On", "At", "For", "About", "Which", "That", "Who", "Where", "When", "Following", "After", "Before", "As", "And", "Also", "Season", "Part", "Festival", "Awards", "Award", "Ceremony", "Ever", "Of", "Episode", "Episodes"]
)
_NOT_TITLES = frozenset(
    ["k-drama", "kdrama", "j-drama", "drama", "series", "netflix", "ost", "teaser", "trailer", "poster", "season", "episode", "the", "a", "i", "we", "you", "he", "she", "they", "it"]
)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    text: str
    role: str


@lru_cache(maxsize=_MEMO)
def _is_english_title(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 10 or len(text) > 70:
        return False
    if not re.match(r"[A-Z0-9#]", text):
        return False
    if re.search(r"[.!?]$", text) and not re.search(r"\b[A-Z]\.$|\.{3}$|!$|\?$", text):
        return False
    for word in words[1:]:
        bare = word.strip("()[]:,;!?\"'’.")
        if not bare or bare.casefold() in _SMALL_WORDS:
            continue
        if not re.match(r"[A-Z0-9#&]", bare):
            return False
    return text.casefold() not in _NOT_TITLES


#: A record's title, by what goes before it: "타이틀곡 '오로라'", "정규 2집 '노스'", "미니 '…'".
_NOT_SHOW_BEFORE = re.compile(
    r"(?:타이틀곡|수록곡|신곡|곡|노래|앨범|싱글|음원|음반|\d+\s*집|정규|미니|song|single|album|track|EP|OST|anthem|"
    r"主題歌|楽曲|曲|アルバム|シングル|新曲)\s*$",
    re.IGNORECASE,
)
#: ... or by what comes after it: "'노스'를 발매", "'X' 뮤직비디오".
_NOT_SHOW_AFTER = re.compile(
    r"^\s*(?:music\s+video|mv\b|m/v|single\b|album\b|song\b|track\b|ep\b|뮤직비디오|뮤비|앨범|싱글|음원|"
    r"(?:을|를|이|가|은|는|로|으로)?\s*발매|"
    r"ミュージックビデオ|MV|アルバム|シングル|(?:を|が)?リリース|(?:で|にて)(?:好評)?連載)",
    re.IGNORECASE,
)
#: "'X'로 컴백" / 『X』でカムバック: a record in a music article (an actor comes back in a drama too).
_COMEBACK_AFTER = re.compile(r"^\s*(?:으?로|で)\s*(?:컴백|カムバック)")
_MUSIC_WORDS = re.compile(r"앨범|타이틀곡|수록곡|음반|싱글|신곡|\d+\s*집|アルバム|シングル|新曲|album|single", re.IGNORECASE)
#: A magazine's name: 「週刊少年ステップ」, 『月刊ファンタジア』
_MAGAZINE = re.compile(r"^(?:週刊|月刊|季刊|隔週刊|隔月刊|別冊)")
#: A title's reading in brackets inside its quotes: 『遠い灯（ともしび）』
_TITLE_READING = re.compile(r"(?<=[\u4e00-\u9fff])\s*[（(][\u3041-\u309f\u30a1-\u30fc]+[）)]$")
_KO_SPEECH_AFTER = re.compile(r"^(?:이?라고|이?라며|라는|고\s|며\s|면서)")
#: How a remark in double quotes reads and a title does not: a wish ("함께하고 싶은 사람"), a plan
#: or a state as its last word ("내년 개봉 목표", "논의 중"), a future "…할 것".
_KO_REMARK = re.compile(
    r"고\s*싶|(?:^|\s)(?:목표|예정|계획|각오|중|것)$|[할될갈볼줄][ \t]*것$"
    # a headline's news in a speaker's mouth, its last word the casting itself: "최가온 다시 주연"
    r"|\s(?:주연|출연|합류|캐스팅|확정|복귀|컴백|발탁|낙점|하차)$"
)
#: A connective ending inside a long quote: a clause goes on ("다시 태어나도 이 작품 할 것").
_KO_CLAUSE_WORD = re.compile(r"[\uac00-\ud7a3](?:도|고|며|면|면서|지만|는데|니까|어서|아서|해서)$")


#: A date, a time or a count, which quotes set off in a correction ("放送開始日を「1月8日」と
#: していましたが、正しくは「1月15日」です") or a figure ("「10.2%」"): no title.
_QUOTED_FIGURE = re.compile(
    r"(?:[0-9０-９]+(?:[.,:：/／][0-9０-９]+)*\s*"
    r"(?:年|月|日|時間|時|分|秒|回|話|期|部|巻|位|人|歳|才|万|億|円|%|％|년|월|일|시간|시|분|초|회|화|위|명|세|만|억|원|"
    r"st|nd|rd|th|a\.?m\.?|p\.?m\.?)?"
    r"|[（(][月火水木金土日祝][）)]|[月火水木金土日]曜日?|午前|午後|深夜|ごろ|頃|から|より|まで|予定|오전|오후|부터|까지|"
    r"第|全|約|毎週|" + "|".join(_MONTHS) + r"|[\s,.、~〜～\-–])+",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"[0-9０-９]")
#: What news says about a show, quoted as a word and never its title.
_JA_QUOTED_NOT_TITLES = frozenset(
    ["初出時", "訂正", "放送開始日", "放送日", "配信日", "公開日", "放送開始", "配信開始", "放送決定", "配信決定", "主演",
     "出演", "共演", "初共演", "初主演", "キャスト", "発表", "決定", "解禁", "最終回", "初回", "続編", "新作", "本作",
     "同作", "今作", "原作", "予告", "本予告", "特報", "ポスター", "ティザー", "クランクイン", "クランクアップ", "主題歌",
     "挿入歌", "タイトル", "仮題", "新ドラマ", "連ドラ", "ドラマ", "映画", "シリーズ"]
)


#: The label a headline is tagged with, in ＜＞, 【】 or [ ]: 「…」＜インタビュー＞, "[포토] …", "[SC현장]".
_HEADLINE_TAG = re.compile(
    r"(?:[A-Za-z!]{1,8}\s*)?(?:単独|独占|直撃|特別|ロング)?"
    r"(?:インタビュー|動画|写真|画像|会見|速報|レポート|取材|対談|特集|コメント全文|全文|ネタバレ|独占|"
    r"인터뷰|포토|단독|종합|영상|현장|공식|화보|리뷰|속보|이슈|초점|기획|직격|"
    r"interview|photos?|videos?|exclusive|review)"
    r"(?:あり|特集|[0-9０-９]+枚|[前後]編|[①-⑳]|\s*[0-9０-９]+|\s*종합)?",
    re.IGNORECASE,
)
#: A line Model Press-style articles head a section with: "◆高槻蒼「しおりは森下さんしかいない」".
_JA_HEADING_MARK = "◆■●▼▶▷★☆◇□○"
#: What makes a quote in 「」 a title when it reads like speech: what is said of it after
#: ("…」で主演", "…」に出演", "…」の続編") or a cast word before ("主演「…」").
_JA_TITLE_AFTER = re.compile(
    r"\s*(?:[でに]|(?:[のがはを]\s*)?(?:W主演|ダブル主演|初主演|主演|出演|共演|続編|シーズン|第[0-9０-９一二三四五六七八九十]+|"
    r"放送|配信|公開|撮影|制作|製作|クランク|主題歌|原作|予告|ポスター|キャスト|出演者|公式))"
)
_JA_CAST_BEFORE = re.compile(r"(?:主演|出演|共演)\s*$")
#: An event, a campaign or their slogan in 「」, by its last word or by what is said of it around it
#: ("「夏の特別キャンペーン」を実施", "スローガン「つながる夏」", "「未来へ」をテーマに"): no title unless written as
#: one (ドラマ「…」, 「…」で主演) or, named by its last word only, with a work's word in its clause (「真夏のフェス」が放送).
_JA_EVENT_NAME = re.compile(r"(?:キャンペーン|フェス|フェスティバル|イベント|フェア|セール|スローガン|キャッチコピー|コンテスト)$")
_JA_EVENT_BEFORE = re.compile(r"(?:キャンペーン|フェス|フェスティバル|イベント|フェア|スローガン|キャッチコピー|テーマ|合言葉|標語)(?:の|は|に|：|:)?\s*$")
#: An event word right after 「」 with no particle names the event after the quote ("「SHOGUN 将軍」キャンペーン",
#: "「silent」フェア"): a show's promotion, the quote still a title; only a theme or a slogan said of it is none.
_JA_EVENT_AFTER = re.compile(r"\s*(?:を|が)?(?:テーマ|合言葉|スローガン|キャッチコピー|掲げ|と題し|と銘打)")
#: A work's words; a tie-in (コラボ) is one with a work: 「推しの子」をテーマにしたコラボカフェ.
_JA_WORK_WORD = re.compile(r"ドラマ|映画(?!祭)|主演|出演|共演|放送|配信|公開|作品|シリーズ|アニメ|撮影|コラボ")
#: A sentence in 「」: a topic or a subject, then a predicate ending it ("しおりは森下さんしかいない").
_JA_SENTENCE = re.compile(
    rf"[{_KANJI_CH}{_HIRA_CH}{_KATA_CH}ー][はがも](?![{_HIRA_CH}]*$).*(?:ない|たい|いる|ある|れる|られる|した|った|だ|だった|よ|ね|な)$"
)


def _ja_reads_as_speech(text: str, inner: str, start: int, end: int) -> bool:
    """A quote in 「」 that is something said, not a title, though it ends like neither (no
    です, no と語った after it): a sentence with its 、 or its topic and predicate
    ("もう一度、灯野として生きられる", "しおりは森下さんしかいない"), or the quote that ends a
    section's heading ("◆桜井ひなの、パン作りの特訓は「毎朝4時起き」"). What is said of a
    title after it ("…」で主演") or a cast word before it keeps it a title."""
    if _ja_titled_at(text, start, end):
        return False
    if "、" in inner or _JA_SENTENCE.search(inner):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:line_start + 1] in _JA_HEADING_MARK and not text[end: len(text) if line_end < 0 else line_end].strip()


def _ja_event(text: str, inner: str, start: int, end: int) -> bool:
    """The 「``inner``」 at ``start``..``end`` names an event, a campaign or their slogan: by what is said of
    it before or after it, with no work's word after it in its clause ("イベント「…」で主演" is a work), or by
    its last word (:data:`_JA_EVENT_NAME`), with no work's word on either side in its clause."""
    before = text[max(0, start - 20): start]
    if _JA_TITLE_BEFORE.search(before) or _JA_CAST_BEFORE.search(before):
        return False  # ドラマ「…」, 主演「…」
    said = bool(_JA_EVENT_BEFORE.search(before) or _JA_EVENT_AFTER.match(text, end))
    if not said and not _JA_EVENT_NAME.search(inner):
        return False
    clause_start, clause_end = _bounds_around(text, start, end, _JA_CLAUSE_MARKS)
    return not _JA_WORK_WORD.search(text[end:clause_end] if said else text[clause_start:start] + text[end:clause_end])


_JA_CLAUSE_MARKS = ("。", "、", "\n", "」", "「")


def _bounds_around(text: str, start: int, end: int, marks: Sequence[str]) -> tuple[int, int]:
    """Where the stretch of ``text`` holding ``text[start:end]`` begins and ends: after the last of ``marks``
    before it, at the first after it (a sentence, a clause)."""
    opening = max(text.rfind(mark, 0, start) for mark in marks) + 1
    return opening, min((at for mark in marks if (at := text.find(mark, end)) >= 0), default=len(text))


def _quoted_figure(inner: str, opener: str) -> bool:
    """``inner`` is a date, a time, a number or a count: 「1月15日」, '12월 18일', "January 15",
    「21時」, 「10.2%」 (a bare number in 『』 may still be a film: 『2046』)."""
    if not _DIGIT.search(inner) or not _QUOTED_FIGURE.fullmatch(inner):
        return False
    return opener != "\u300e" or not inner.strip().isdigit()


def _accept_quoted(text: str, inner: str, opener: str, start: int, end: int, language: str) -> bool:
    before = text[max(0, start - 20): start]
    after = text[end: end + 16]
    cjk = bool(_CJK.search(inner))
    if _NOT_SHOW_BEFORE.search(before) or _NOT_SHOW_AFTER.match(after) or _MAGAZINE.search(inner):
        return False
    if _quoted_figure(inner, opener) or inner in _JA_QUOTED_NOT_TITLES or _HEADLINE_TAG.fullmatch(inner.strip()):
        return False
    if _COMEBACK_AFTER.match(after) and not (_KO_TITLE_BEFORE.search(before) or _JA_TITLE_BEFORE.search(before)) \
            and _MUSIC_WORDS.search(text):
        return False
    if opener in "\u300e\u300a\u3008\uff1c\u226a\u00ab<":
        if opener == "<" and re.match(r"^[/!a-z]|=", inner):
            return False
        return len(inner) <= 40 and not re.search(r"[。！？]", inner)
    if opener == "\u300c":
        if "\u300e" in text and not _JA_TITLE_BEFORE.search(before) and f"\u300c{inner}\u300d" not in text.split("\n", 1)[0]:
            return False  # an article that writes its titles in 『』 quotes phrases in 「」: 「最後の手紙」を届ける
        if len(inner) > 30 or _JA_SPEECH_END.search(inner) or "、" in inner and len(inner) > 15:
            return False
        if _JA_REMARK_END.search(inner) and not _JA_TITLE_BEFORE.search(before):
            return False  # 「心に残るドラマに」: a remark that breaks off
        if _JA_REQUEST_END.search(inner) and not _ja_titled_at(text, start, end):
            return False  # 「待っていてください」: a request, unless written as a title (映画「待っていてください」公開)
        if _ja_reads_as_speech(text, inner, start, end) or _ja_event(text, inner, start, end):
            return False
        # 「…」と語った, 「…」「…」などの声 is speech, here or where the article writes it again (a headline's
        # ファン「癒やされる」), unless a title context precedes it
        return _JA_TITLE_BEFORE.search(before) is not None \
            or not (_ja_said(text, inner, start, end) or _ja_shortened_remark(text, inner))
    if cjk:
        if len(inner) > 30 or _KO_SPEECH_AFTER.match(after):
            return False
        if opener not in "\u2018'" and (_SPEECH_END.search(inner) or _reads_as_remark(inner, before, after, language)):
            return False
        if re.search(r"[\uac00-\ud7a3]", inner):
            return bool(_KO_PARTICLE_AFTER.match(after) or _KO_TITLE_BEFORE.search(before))
        return True
    # Latin title in quotes: title-case words, not a sentence.
    if not _is_english_title(inner):
        return False
    return not re.match(r"^,?\s*(?:he|she|they|the\s+\w+)?\s*(?:said|says|added|wrote)\b", after)


def _reads_as_remark(inner: str, before: str, after: str, language: str) -> bool:
    """A CJK phrase in double quotes that is something said, not a title: Korean headlines
    quote speech in “” and titles in ‘’ ("주지훈 “다시 태어나도 이 작품 할 것”"), and so do
    Japanese ones (“意外な素顔”明かす) with titles in 『』「」."""
    if not re.search(r"[\uac00-\ud7a3]", inner):
        return language == "ja" and not _JA_TITLE_BEFORE.search(before)
    if _KO_REMARK.search(inner):
        return True
    words = inner.split()
    if len(words) >= 4 and any(_KO_CLAUSE_WORD.search(word) for word in words[:-1]):
        return True
    # ending a headline, with no particle after it on its line: speech unless a title's context precedes
    return not after.split("\n", 1)[0].strip() and "\n" in after and not _KO_TITLE_BEFORE.search(before)


_EMPHASIS = re.compile(r"<(em|i|cite)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
#: An italicised name that is an outlet, not a show: "told *Variety*", "*Variety* reported".
_OUTLET_BEFORE = re.compile(r"(?:\b(?:told|to|according\s+to|reported\s+by|in\s+an\s+interview\s+with|via|by)\s+)$", re.IGNORECASE)
_OUTLET_AFTER = re.compile(r"^\s*(?:reported|reports|reporting|said|says|wrote|writes|magazine|newspaper|'s\s+report)\b", re.IGNORECASE)


def emphasised_texts(html: str | None) -> tuple[str, ...]:
    """The texts of ``<em>``, ``<i>`` and ``<cite>`` in an article body's HTML, in order,
    cleaned: what :func:`find_entities` reads as titles when it gets ``emphasis``."""
    if not html:
        return ()
    found = (clean_text(_TAG.sub("", match.group(2))).strip().rstrip(",.;:") for match in _EMPHASIS.finditer(html))
    return tuple(dict.fromkeys(text for text in found if text))


def _emphasised_titles(text: str, emphasis: Iterable[str]) -> list[_Found]:
    """Emphasised texts that read as English titles, where the text names them (every
    place), or with an empty span after the text when it does not."""
    found: list[_Found] = []
    for inner in emphasis:
        inner = clean_text(inner).strip().rstrip(",.;:")
        if not inner or not _is_english_title(inner):
            continue
        places = [at for at, _end in _whole_word_occurrences(text, inner)]
        if places and all(
            _OUTLET_BEFORE.search(text[max(0, at - 30): at]) or _OUTLET_AFTER.match(text[at + len(inner): at + len(inner) + 20])
            for at in places
        ):
            continue  # "told Variety": a publication
        if not places:
            found.append(_Found(len(text), len(text), inner, "title"))
        found.extend(_Found(at, at + len(inner), inner, "title") for at in places)
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _find_shows(text: str, language: str, html: str | None, emphasis: Iterable[str] = (),
                known: Sequence[str] = ()) -> list[_Found]:
    """Show titles: quoted, emphasised, in a title's context ("the upcoming drama X"), written
    again bare, and the ``known`` titles (the user's aliases file) wherever they stand."""
    found: list[_Found] = []
    matches = list(_QUOTED.finditer(text))
    while matches:
        match = matches.pop(0)
        inner_group = next(g for g in range(1, len(_QUOTE_PAIRS) + 1) if match.group(g) is not None)
        raw = match.group(inner_group)
        opener = _QUOTE_PAIRS[inner_group - 1][0]
        inner = raw.strip().rstrip(",;")
        if inner.endswith(".") and not inner.endswith(".."):
            inner = inner[:-1]
        if inner.endswith(("）", ")")):
            inner = _TITLE_READING.sub("", inner)
            inner = _inner_translation(inner)[0]  # '달빛 약국(Moonlight Pharmacy)': the title and its translation
        if not inner or not _accept_quoted(text, inner, opener, match.start(), match.end(), language):
            # a quotation may hold a title in other quotes: “‘선재 업고 튀어’는 내 인생작”
            start, end = match.span(inner_group)
            matches[:0] = [m for m in _QUOTED.finditer(text, start, end) if m.start() >= start and m.end() <= end]
            continue
        inner = _without_slot(inner)  # 「連続ドラマW 白鷺の庭」 is 白鷺の庭
        role = "title"
        if _WORKING_MARK.search(inner):
            role = "working_title"
            inner = _WORKING_MARK.sub("", inner).strip()
        elif _WORKING_AFTER.match(text[match.end():]) or _WORKING_BEFORE.search(
            text[max(0, match.start() - 40): match.start()]
        ):
            role = "working_title"
        found.append(_Found(match.start(), match.end(), inner, role))
    if html or emphasis:
        emphasised = [*emphasised_texts(html), *emphasis]
        spans = [(f.start, f.end) for f in found]
        found.extend(f for f in _emphasised_titles(text, emphasised) if not any(s <= f.start < e for s, e in spans))
    taken = [(f.start, f.end) for f in found]
    contexts = _title_contexts()
    words = contexts.words.words(text)
    for match in _TITLE_CONTEXT_AT.finditer(text, words):
        title = _trim_title(match.group("title"))
        start = match.start("title")
        if not title or any(s <= start < e for s, e in taken) or _names_listed(title):
            continue
        end = start + len(title)
        role = "title"
        if _WORKING_AFTER.match(text[end:]):
            role = "working_title"
        found.append(_Found(start, end, title, role))
    apposition = contexts.apposition
    for pattern, matches in (
        (contexts.before.pattern, contexts.before.finditer(text, words, _genre_ahead(text))),
        (apposition, _in_lines_with(apposition, text, _APPOSITION_HINT)),
        (contexts.possessive.pattern, contexts.possessive.finditer(text, words)),
    ):
        for match in matches:
            title = _trim_title(match.group("title"), from_left=pattern is apposition)
            start = match.end("title") - len(title) if pattern is apposition else match.start("title")
            taken = [(f.start, f.end) for f in found]
            if not title or any(s <= start < e for s, e in taken) or _person_shaped(title) or _ends_with_title(title, found):
                continue
            if _names_listed(title) or pattern is contexts.before.pattern and _PICTURED_BEFORE.search(
                text, max(0, match.start("title") - 120), match.start("title")
            ):
                continue  # "Photos released by the team show Kim Min-jun and Lee Seo-yeon…": a verb, then people
            if pattern is contexts.possessive.pattern and (
                not _possessive_title(title) or not _AFTER_TITLE.match(text, start + len(title))
                or _COPULA_BEFORE.search(text, max(0, match.start() - 12), match.start())
            ):
                continue  # a role, a place, a headline's run of capitalised words, what a show is called
            end = start + len(title)
            found.append(_Found(start, end, title, "working_title" if _WORKING_AFTER.match(text[end:]) else "title"))
    for match in _ordered_titles(text):
        title = match.group("title")
        start, end = match.span("title")
        if (_trim_title(title) == title and not re.fullmatch(_GENRE_NOUN, title.rsplit(None, 1)[-1], re.IGNORECASE)
                and not _ORDERED_NOT_TITLE.search(title)
                and not any(s < end and start < e for s, e in ((f.start, f.end) for f in found))
                and not _person_shaped(title) and not _names_listed(title)):
            found.append(_Found(start, end, title, "title"))
    for match in _TITLE_TRANSLATION.finditer(text):
        title = match.group("title").strip(" '\"‘’“”「」『』")
        start = match.start("title")
        if title and not any(s <= start < e for s, e in taken):
            found.append(_Found(start, start + len(title), title, "title"))
    found.extend(_other_occurrences(text, found))
    found.extend(_titles_in(text, known, found))
    for marker_start in _working_markers(text):
        window_start = max(0, marker_start - 80)
        match = _TITLE_BEFORE_MARKER.search(text, window_start, marker_start)
        if match is None:
            continue
        title = _trim_title(match.group("title"), from_left=True)
        start = match.end("title") - len(title)
        if title and not any(s <= start < e for s, e in taken):
            found.append(_Found(start, start + len(title), title, "working_title"))
    return found


_VERB_ING = re.compile(r"[A-Z][a-z]{3,}ing")
#: One word made of two capitalised words: a brand or an outlet ("StreamWire", "YouTube",
#: "DramaBeans"), not a stage name ("BoA", "JooE", "DinDin", which repeats itself).
_BRAND_SHAPE = re.compile(r"(?P<first>[A-Z][a-z]{2,})(?!(?P=first)$)[A-Z][a-z]{2,}")
#: A word an adjective's suffix ends: "Joseon-era", "Seoul-based", "Busan-born", "1990s-set".
_ADJECTIVE_COMPOUND = re.compile(r"-(?:era|based|born|set|style|themed|inspired|produced|language|centric|bound)$",
                                 re.IGNORECASE)
#: A verb that says what something is: "'The Quiet Tenant' Is Netflix's Slow-Burn Gem" calls the show
#: something, it does not name one.
_COPULA_BEFORE = re.compile(r"\b(?i:is|are|was|were|becomes?|became|remains?)[ \t]+$")
_POSSESSIVE_PRONOUNS = frozenset(["Its", "His", "Her", "Their", "Our", "My", "Your"])
_PREPOSITION_END = re.compile(r"\s(?:in|on|at|with|from|for|of|to)$")


def _ends_with_title(run: str, found: list[_Found]) -> bool:
    """``run`` is a title found already with the words before it: "Ryu Jin-ho in The Last
    Ferry", "Tokyo on Blue Hour Hotel" (a run of capitals up to ", a thriller series")."""
    return any(
        f.role == "title" and run.endswith(" " + f.text) and _PREPOSITION_END.search(run[: -len(f.text) - 1])
        for f in found
    )


@lru_cache(maxsize=_MEMO)
def _possessive_title(title: str) -> bool:
    """Whether the run after "Netflix's" reads as a show's name: not a role, place or the
    platform's own feature, not a genre phrase (the genre-phrase patterns read those)."""
    words = title.split()
    if words[0].rstrip(",.:;") in _NOT_SHOW_AFTER_POSSESSIVE or any(
        re.fullmatch(_GENRE_NOUN, word.rstrip(",.:;"), re.IGNORECASE) for word in words
    ) or any(word in _POSSESSIVE_PRONOUNS for word in words[1:]):
        return False  # "Max's Coastal Noir Finds Its Footing": a headline's clause
    return len(words) > 1 or len(title) >= 4


@lru_cache(maxsize=_MEMO)
def _person_shaped(title: str) -> bool:
    """A romanised Korean name ("Kim Na-yeon"), not a title."""
    tokens = title.split()
    if not 2 <= len(tokens) <= 3 or tokens[0].casefold() not in KOREAN_SURNAMES:
        return False
    return all(_is_korean_given(t) for t in tokens[1:])


#: A run of names: a romanised Korean name and names of two or three capitalised words,
#: joined by "and", "&" or commas ("Kim Min-jun and Lee Seo-yeon", "Oguri Shun & Han Hyo-joo").
_NAMES_GAP = re.compile(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*")


@lru_cache(maxsize=_MEMO)
def _names_listed(title: str) -> bool:
    """People named in a list, not a title: every part name-shaped, one a romanised Korean name."""
    parts = _NAMES_GAP.split(title)
    if len(parts) < 2 or not any(_person_shaped(part) for part in parts):
        return False
    return all(
        _person_shaped(part) or 2 <= len(words := part.split()) <= 3 and all(_plain_token(word) for word in words)
        for part in parts
    )


#: "Photos released by the team show X", "The new stills feature X": pictures, then "show" or
#: "feature" as their verb (not "the show X", "Photos released by the show X"); what follows
#: is who or what they picture, not a show.
_PICTURED_BEFORE = re.compile(
    r"\b(?:photos|photographs|pictures|images|stills|snapshots|shots|footage|cuts|videos|clips|posters|teasers)\b"
    r"(?:[ \t]+(?:newly[ \t]+|recently[ \t]+|officially[ \t]+|exclusively[ \t]+)?"
    r"(?:released|shared|posted|unveiled|published|revealed|provided|taken|obtained|dropped)[ \t]+by"
    r"(?:[ \t]+[\w+'’-]+){1,4}?)?"
    r"(?<![ \t][Tt]he)(?<![ \t][Ii]ts)(?<![ \t][Tt]heir)(?<![ \t][Hh]is)(?<![ \t][Hh]er)(?<![ \t][Aa])(?<![ \t][Aa]n)"
    r"[ \t]+(?:show|feature)[ \t]+$",
    re.IGNORECASE,
)


def _other_occurrences(text: str, found: list[_Found]) -> list[_Found]:
    """Every further, unquoted occurrence of a Latin title already found ("Neon Alley is
    a story about…"), so a title written bare is not read as a name elsewhere."""
    titles = {f.text for f in found if f.role == "title"}
    return _titles_in(text, [
        title for title in titles
        if not _CJK.search(title) and len(title) >= 4 and ("A" <= title[0] <= "Z" or "0" <= title[0] <= "9")
        and (len(title.split()) >= 2 or len(title) >= 6)], found)


def _titles_in(text: str, titles: Iterable[str], found: list[_Found]) -> list[_Found]:
    """Where ``titles`` stand in ``text``, unquoted ("Tokyo Night Shift Renewed for Season 2",
    the user's aliases file naming it), longest first, unless a title found already covers the
    place."""
    extra: list[_Found] = []
    spans = [(f.start, f.end) for f in found]
    for title in sorted(titles, key=len, reverse=True):
        # a Korean or Japanese title carries its particle ("달빛 장부는"): no word boundary after it
        places = _occurrences(text, title) if _CJK.search(title) else _whole_word_occurrences(text, title)
        for start, end in places:
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
                extra.append(_Found(start, end, title, "title"))
    return extra


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` stands in ``text``, without overlaps."""
    places = []
    at = text.find(phrase)
    while at >= 0:
        places.append((at, at + len(phrase)))
        at = text.find(phrase, at + len(phrase))
    return places


def _whole_word_occurrences(text: str, phrase: str) -> Iterator[tuple[int, int]]:
    """``(?<!\\w)phrase(?!\\w)`` matches in ``text``, in order, without overlaps."""
    position = 0
    while (at := text.find(phrase, position)) >= 0:
        end = at + len(phrase)
        if (at == 0 or not _is_word_char(text[at - 1])) and (end == len(text) or not _is_word_char(text[end])):
            yield at, end
            position = end
        else:
            position = at + 1


_WORKING_MARKER = re.compile(r"[(（]\s*(?:working\s+title|tentative\s+title)\s*[)）]", re.IGNORECASE)


def _working_markers(text: str) -> Iterator[int]:
    """Where each "(working title)" marker starts, with the spaces before it (the
    matches of ``\\s*`` + :data:`_WORKING_MARKER`; found from the bracket, which the
    regex engine jumps to, instead of trying the spaces at every position)."""
    end = 0
    for match in _WORKING_MARKER.finditer(text):
        start = match.start()
        while start > end and text[start - 1].isspace():
            start -= 1
        end = match.end()
        yield start
_TITLE_BEFORE_MARKER = re.compile(rf"(?P<title>{_TITLE_RUN})\s*$")


#: Countries, regions and the words for their people or language: "Lemino's hit Japanese mystery
#: 'X'", "In Korea, the series airs…" name no show.
_COUNTRY_WORDS = frozenset(
    ["korea", "korean", "koreans", "south", "north", "japan", "japanese", "china", "chinese", "taiwan", "taiwanese",
     "thailand", "thai", "asia", "asian", "pacific", "apac", "america", "american", "us", "usa", "uk", "britain",
     "british", "england", "english", "europe", "european", "spain", "spanish", "france", "french", "germany",
     "german", "india", "indian", "philippines", "filipino", "vietnam", "vietnamese", "indonesia", "indonesian",
     "hong", "kong", "singapore", "latin", "global", "worldwide", "international", "overseas", "seoul", "tokyo",
     "busan", "osaka"]
)
#: Words that open an adverbial phrase, not a title: "In Korea, the series airs…".
_PHRASE_OPENERS = frozenset(["In", "On", "At", "For", "From", "Across", "Outside", "Inside", "Throughout", "Beyond",
                             "After", "Before", "Following", "During", "Since", "As", "With", "Without"])


@lru_cache(maxsize=_MEMO)
def _trim_title(title: str, from_left: bool = False) -> str:
    words = title.split()
    if from_left:
        if words and words[0] in _PHRASE_OPENERS:
            return ""  # "In Korea, the series airs…": where, not what
        while words and (words[0] in _TITLE_STOP_WORDS or _is_platform_word(words[0])):
            words = words[1:]
    kept: list[str] = []
    for word in words:
        bare = word.rstrip(",.:;")
        if bare in _TITLE_STOP_WORDS or bare in _MONTHS:
            break
        kept.append(word)
        if bare != word:
            break
    while kept and kept[-1].rstrip(",.:;").casefold() in _SMALL_WORDS:
        kept.pop()
    result = " ".join(kept).rstrip(",.:;")
    result = re.sub(r"['’]s$", "", result)
    if not result or result.casefold() in _NOT_TITLES or _is_platform_word(result):
        return ""
    if show_key(result) in _NOT_TITLES or re.fullmatch(_GENRE_NOUN, result, re.IGNORECASE):
        return ""
    if len(kept) > 8 or all(word.rstrip(",.:;").casefold() in _COUNTRY_WORDS for word in kept):
        return ""  # "Lemino's hit Japanese mystery": a show's country, not its name
    return result


@lru_cache(maxsize=_MEMO)
def _is_platform_word(word: str) -> bool:
    return _fold(word.rstrip("'’s")) in _platform_lookup() or _fold(word) in _platform_lookup()


# --------------------------------------------------------------------------- people (Latin)

#: A Latin word ends where Korean or Japanese script starts: "Jang So-youngが出演" is "Jang So-young".
_CJK_CHARS = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3\uff66-\uff9f"
_WORD = re.compile(rf"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ0-9][^\W{_CJK_CHARS}]*(?:['’&+-]+[^\W{_CJK_CHARS}]*)*|[^\s\w]")
_CJK_CHAR = re.compile(f"[{_CJK_CHARS}]")
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_CAPITAL_RUN = _CAPITAL
_KSYL = (
    r"(?:ch|kk|tt|pp|ss|jj|sh|[bcdghjkmnprstwy])?(?:yeo|yae|ae|eo|eu|ui|oe|wa|wo|wi|we|ya|yo|yu|ye|oo|ee|ou|a|e|i|o|u)"
    r"(?:ng|n|m|k|l|p|t|b|g)?"
)
_KOREAN_GIVEN = re.compile(rf"{_KSYL}(?:{_KSYL})?(?:-{_KSYL})?", re.IGNORECASE)
_KOREAN_SYLLABLE = re.compile(_KSYL, re.IGNORECASE)
#: English words that never end a romanised Korean name.
_NEVER_NAME_END = frozenset(["To", "As", "Is", "At", "On", "Be", "Or", "Of", "By", "If", "It", "The", "And", "Are", "Was", "Has", "For", "New", "Set", "Me", "We", "He", "She", "Us"])
#: Short words that may be Korean name syllables or English words ("Jung Hae In" / "In Talks").
_AMBIGUOUS_SYLLABLE = frozenset(["In", "So", "An", "Do", "Won", "Been", "Go", "No", "Ha", "Oh", "Ye", "Jo", "Ma", "Na"])
#: Capitalised words after which an ambiguous last syllable is still part of the name.
_FOLLOW_OK = frozenset(
    ["And", "Is", "Are", "Will", "To", "Has", "Have", "Was", "Were", "Reportedly", "Officially", "Confirmed", "Confirms", "Joins", "Join", "Cast", "Star", "Stars", "Lead", "Leads", "In", "On", "As", "For", "With", "At", "Of", "Set", "Sets", "Share", "Shares", "Also", "Finally", "Both", "Return", "Returns", "Reunite", "Reunites", "Talks"]
)
#: Places are no people: "the Han River", "Namsan Tower", "Jeju Island".
#: Words that look like a name in a headline's capitals ("K-Drama"): genres, not people.
_GENRE_WORDS = ("K-drama", "K-Drama", "J-drama", "J-Drama", "C-drama", "C-Drama", "K-pop", "K-Pop", "J-pop", "J-Pop")
_PLACE_WORDS = ("River", "Bridge", "Street", "Road", "Station", "Island", "Mountain", "Lake", "Tower", "Palace",
                "Harbor", "Harbour", "Stadium", "Sea", "Valley", "Avenue", "Square", "Airport", "Hotel",
                "Hospital", "University", "Museum")
_NAME_STOP = frozenset(_PLACE_WORDS) | frozenset(_GENRE_WORDS) | frozenset(

        ["The", "A", "An", "And", "Or", "Of", "In", "On", "At", "To", "For", "With", "By", "From", "As", "Is", "Are", "Was", "Were", "Will", "Would", "Be", "Been", "Has", "Have", "Had", "It", "Its", "This", "That", "These", "Those", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "Who", "What", "When", "Where", "Why", "How", "After", "Before", "While", "During", "According", "Meanwhile", "Also", "But", "So", "If", "Then", "Than", "Here", "There", "Not", "No", "Yes", "Star", "Stars", "Starring", "Starred", "Cast", "Casts", "Casting", "Join", "Joins", "Joining", "Joined", "Confirm", "Confirms", "Confirmed", "Confirmation", "Lead", "Leads", "Leading", "New", "Upcoming", "Drama", "Dramas", "Series", "Season", "Part", "Episode", "Episodes", "Film", "Movie", "Show", "Shows", "Official", "Officially", "Reportedly", "Report", "Reports", "Talks", "Final", "First", "Second", "Third", "Teaser", "Teasers", "Trailer", "Trailers", "Poster", "Posters", "Stills", "Premiere", "Premieres", "Release", "Releases", "Released", "Date", "Dates", "Agency", "Actor", "Actress", "Actors", "Actresses", "Idol", "Singer", "Director", "Writer", "Producer", "Producers", "PD", "Says", "Said", "Reveals", "Reveal", "Shares", "Share", "Drops", "Unveils", "Announces", "Announced", "Gets", "Sets", "Set", "Role", "Roles", "Main", "Opposite", "Alongside", "Together", "Reunite", "Reunites", "Reunion", "Exclusive", "Breaking", "Update", "Updated", "Photos", "Photo", "Video", "Watch", "Korean", "Korea", "Japanese", "Japan", "Seoul", "Tokyo", "K-Drama", "K-Pop", "OST", "CEO", "MV", "Takes", "Take", "Plays", "Play", "Playing", "Portray", "Portrays", "Slated", "Scheduled", "Begin", "Begins", "Began", "Start", "Starts", "Started", "Wrap", "Wraps", "Wrapped", "Filming", "Production", "Script", "Reading", "Renewed", "Renewal", "Cancelled", "Canceled", "Comeback", "Album", "Single", "Chart", "Awards", "Award", "Wins", "Win", "Review", "Recap", "Ratings", "Rating", "Box", "Office", "Original", "Originals", "Studio", "Studios", "Entertainment", "Pictures", "Media", "Group", "Company", "Channel", "Network", "Streaming", "Global", "Worldwide", "International", "Weekend", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today", "Tomorrow", "Yesterday", "Week", "Month", "Year", "Years", "Spring", "Summer", "Fall", "Autumn", "Winter", "Live", "Action", "Live-Action", "Remake", "Adaptation", "Webtoon", "Novel", "Manga", "Anime", "Hollywood", "Variety", "Deadline", "Soompi", "Allkpop", "Sportskeeda", "Dispatch", "Newsen", "News", "Sports", "Chosun", "Ilbo", "Herald", "Times", "Oricon", "Natalie", "Mnet", "Music", "Bank", "Inkigayo", "Baeksang", "Blue", "Dragon", "Grand", "Bell", "MAMA", "Melon", "Billboard", "Golden", "Disc", "Festival", "Busan", "Cannes", "Berlin", "Venice", "Toronto", "TIFF", "BIFF", "Emmy", "Emmys", "Oscar", "Oscars", "Globe", "Globes", "Kdrama", "Jdrama", "Fans", "Fan", "Netizens", "Viewers", "Audiences", "Critics", "Apple", "Amazon", "Disney", "Prime", "Hulu", "Max", "HBO", "Peacock", "Paramount", "Coupang", "Genie", "TVING", "Wavve", "Viki", "Rakuten", "Lemino", "ABEMA", "WOWOW", "NHK", "TBS", "NTV", "JTBC", "MBC", "SBS", "KBS", "ENA", "OCN", "MBN", "FX", "Kocowa", "Crunchyroll", "iQIYI", "Chapter", "Vol", "Volume", "Special", "Cameo", "Guest", "Appearance", "Lineup", "Line-Up", "Ensemble", "Character", "Characters", "Teams", "Team", "Sequel", "Spinoff", "Spin-off", "January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December", "Feb", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Mr", "Mrs", "Ms", "Dr", "Sir", "Lady", "Lord", "King", "Queen", "Prince", "Princess", "Doctor", "Lawyer", "Detective", "Officer", "Agent", "Captain", "Chef", "Chairman", "President", "Both", "Each", "Every", "All", "Many", "Some", "More", "Most", "Other", "Another", "Several", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Over", "Under", "Into", "Out", "Up", "Down", "Back", "Off", "Away", "Again", "Still", "Yet", "Just", "Now", "Even", "Only", "Soon", "Later", "Early", "Late", "Next", "Last", "Previous", "Latest", "Top", "Best", "Big", "Little", "Dear", "My", "Your", "Love", "Romance", "Romantic", "Thriller", "Mystery", "Fantasy", "Historical", "Comedy", "Crime", "Legal", "Medical", "Revenge", "Zombie", "Horror", "Melodrama", "Youth", "School", "Office", "Couple", "Couples", "Married", "Marriage", "Wedding", "Dating", "Relationship", "Divorce", "Military", "Enlistment", "Discharge", "Discharged", "Baby", "Pregnancy", "Fashion", "Pictorial", "Interview", "Instagram", "YouTube", "TikTok", "Weverse", "Twitter", "Facebook", "Chinese", "China", "American", "America", "US", "UK", "British", "English", "French", "Hong", "Kong", "Taiwan", "Taiwanese", "Thai", "Thailand", "Asia", "Asian", "Europe", "Tickets", "Ticket", "Concert", "Tour", "Fanmeeting", "World", "Sources", "Source", "Insiders", "Insider", "Industry", "Officials", "Representatives", "Representative", "Rep", "Reps", "Female", "Male", "Offer", "Offers", "Adds", "Add", "Lands", "Land", "Gathers", "Holds", "Hold", "Table", "Read", "Charm", "Charms", "Sweet", "Slight", "Success", "Personal", "Child", "Far", "Ranked", "Plans", "Plan", "Solo", "Face", "Faces", "Legendary", "Hearing", "Assembly", "National", "Tense", "Moment", "Moments", "Grow", "Grows", "Enter", "Enters", "Deadly", "Game", "Games", "Contract", "Mysterious", "Awkwardly", "Elegant", "Visuals", "Opens", "Open", "Addresses", "Split", "Celebrates", "Birthday", "Highlights", "Highlight", "Winners", "Winner", "Best", "Surpasses", "Million", "Moviegoers", "Hits", "Hit", "Personal", "Chemistry", "Lifts", "Ends", "End", "Behind-The-Scenes", "Eyes", "Returns", "Return", "Post-Military", "Arts", "Denies", "Deny", "Rumours", "Rumors", "Rumour", "Writer's", "Director's", "Tops", "Teases", "Tease", "Key", "Art", "Off", "Villain", "Ahead", "Wraps", "Greenlights", "Orders", "Developing", "Spotted", "Photos:", "Watch:", "Exclusive:", "Interview:", "Review:", "Grand", "Prize", "Highlights", "Expected", "Trapped", "Building", "Global", "Confirmed:", "Possibly", "Maybe", "Rookie", "Salesman", "Attorney", "Lawyer", "Doctors", "Ghost", "Clients", "Gi", "Dramas", "Good", "Bad", "Great",
         "Further", "Additional", "Full", "Supporting", "Initial", "Complete", "Entire", "Remaining",
         "Cameras", "Camera", "Shooting", "Episodes", "Crews", "Crew", "Staff", "Members",
         # events and what they present: "the Disney+ APAC Content Showcase held on…"
         "Content", "Contents", "Showcase", "Conference", "Summit", "Expo", "Forum", "Gala", "Ceremony",
         "Convention", "Presentation", "Panel", "Event"]

)
_PRE_CUE = re.compile(
    r"(?:\b(?:actors?|actress(?:es)?|stars?|starring|co-starring|also\s+starring|cast(?:s|ing)?|"
    r"featuring|led\s+by|headlined\s+by|fronted\s+by|alongside|opposite|idol|singer|rapper|member|"
    r"leading\s+(?:man|lady)|newcomer|veteran|joined\s+by|tapped|taps|recruits?|actor-singer|"
    r"singer-actor|comedian|model|couple|co-stars?|reunites?\s+with|pairs?|taps|adds?|include|includes|"
    r"including|played\s+by|voiced\s+by|toplined\s+by|with)"
    r"\s+(?:[A-Za-z0-9]+['’]s\s+)?)$",
    re.IGNORECASE,
)
#: Business done "with" someone: "a deal with Warner", "in talks with Lionsgate", "signs with CAA", "partners with
#: SLL", "co-produced with Showbox". One word after it is a company as often as not: a person only when the
#: article names it as one by another cue (a full name after it is one: "signs with Kim Go-eun"). A co-star "with"
#: stays a person's cue ("reteaming with Zendaya", "a new drama with Suzy", "along with Rain").
_BUSINESS_WITH_BEFORE = re.compile(
    r"\b(?:deals?|talks|negotiations?|partner(?:s|ed|ing|ship|ships)?|sign(?:s|ed|ing)?|ink(?:s|ed)?|agreements?|"
    r"contracts?|pacts?|co-?productions?|co-?produc(?:e|es|ed|ing)|merg(?:e|es|ed|er|ing)|alliance|joint\s+venture|"
    r"licensing|distribution|tie-?up)\s+with\s+$",
    re.IGNORECASE)
#: A person's role on a platform joined: "IU joins Netflix as producer", "as its new host", "as a judge of the show"
#: (not "as a sponsor", "as co-producer": what a company joins as). The role is the whole of it: "as the lead
#: sponsor", "as host sponsor", "as the first ambassador brand" are a company's.
_PERSON_ROLE_AS = re.compile(
    r"\s+as\s+(?:(?:an?|its|the|their)\s+)?(?:(?:new|first|lead|executive|creative)\s+)?"
    r"(?:producer|host|mc|narrator|judge|mentor|showrunner|director|writer|creator|star|lead|ambassador)s?"
    r"(?=\s*(?:[^\w\s-]|$)|\s+(?:of|on|for|in|at|and|to|with|alongside|from|this|next|after|while|who)\b)",
    re.IGNORECASE)
_SPACES = re.compile(r"\s+")
#: "joins X": X is a cast member only when a casting goes on after the name ("has joined Miu Ishihara
#: in 'Blue Echo'", "joins Kento Yamazaki in the Netflix series", "for the film", "as Mia" (a character;
#: not "as a trainee"), "'s cast") or the name reads as a person's (romanised Korean or Japanese): one also
#: joins an agency or an institution ("joined Starship Entertainment in 2024", "joins Marine Corps next month").
_JOIN_BEFORE = re.compile(r"\bjoin(?:s|ed|ing)?\s+$", re.IGNORECASE)
_JOINED_CAST_AFTER = re.compile(
    r"^(?:\s+(?:in|on|for)\s+(?:['\"‘“]|(?:(?:the|an?|its|his|her|their)\s+|(?-i:[A-Z])[\w+-]*['’]s\s+)?"
    rf"{_GENRE_MODIFIERS}(?:{_GENRE_NOUN}|cast|line-?up)\b)"
    r"|\s+as\s+(?-i:[A-Z])|['’]s\s+cast\b)", re.IGNORECASE)
#: "joins X. The pair …": the one joined and the joiner then said to be two people (not "the pair of contracts").
_JOINED_PAIR_AFTER = re.compile(
    r"^\s*[.!;]\s+(?:[Tt]he\s+(?:pair|duo|two\s+(?:actors|actresses|stars|leads))|[Bb]oth\s+(?:actors|actresses|stars))\b"
    r"(?!\s+of\b)")
#: The last word of a company's name ("Hyundai Motor", "Samsung Electronics"): one joined by a company is
#: no actor, whatever "the pair" does next ("Samsung joins Hyundai Motor. The pair will cooperate …").
_COMPANY_TAIL = frozenset(
    ["Motor", "Motors", "Bros", "Bros.", "Corp", "Corp.", "Corporation", "Inc", "Inc.", "Co", "Co.", "Ltd", "Ltd.", "LLC", "PLC",
     "Electronics", "Holdings", "Labs", "Labels", "Management", "Agency", "Films", "Records", "Capital", "Partners", "Industries", "Telecom",
     "Airlines", "Energy", "Chemical", "Steel", "Financial", "Securities", "Insurance", "Systems", "Technologies"])
#: Verbs a company does as readily as a performer ("Samsung joins Hyundai Motor in sponsoring…",
#: "Naver signs …"): after one word alone they make no person without more (see _joins_as_a_person).
_SHARED_VERBS = frozenset(["join", "joins", "joined", "joining", "sign", "signs", "signed", "team", "teams"])
#: Verbs only a performer does: a name ending like a company's ("Danielle Steel will star…") is a person's then.
_PERFORMER_VERBS = frozenset(["star", "stars", "starring", "play", "plays", "playing", "portray", "portrays",
                              "co-star", "costar", "co-stars"])
#: What is joined reads as a cast or a show: "joins the cast", "joins 'Glass Garden'", "joins the Netflix drama";
#: or what is signed is a role or an agency: "signs on to star", "signs with a new agency", "signs with Atlantic Records".
_JOINS_A_CAST = re.compile(
    r"\s+(?:(?:the|an?|its|his|her|their)\s+)?(?:['\"‘“]|(?-i:[A-Z])[\w+-]*['’]s\s+|"
    rf"{_GENRE_MODIFIERS}(?:{_GENRE_NOUN}|cast|line-?up)\b)"
    r"|\s+(?:on\s+)?to\s+(?:star|play|lead|headline|front|portray|appear)\b"
    r"|(?P<agency>\s+with\s+(?:(?:an?|the|her|his|their)\s+)?(?:new\s+)?(?:agency|label|management)\b"
    r"|\s+with\s+(?:(?-i:[A-Z])[\w&-]*\s+){1,2}(?-i:Entertainment|Records|Music|Management|Agency)\b)", re.IGNORECASE)
#: Between "joins"/"teams" and the one joined: "Suzy joins Gong Yoo", "Zendaya teams up with Tom Holland".
_JOINS_WHOM = re.compile(r"\s+(?:up\s+)?(?:with\s+)?")
#: A signing verb ending where the verb of a cue ends: "SLL signs" (see _joins_a_person).
_SIGNS_END = re.compile(r"\bsign(?:s|ed)?$", re.IGNORECASE)
#: A person's agency after their name: "Suzy signed with Lee Byung-hun's BH Entertainment", "… Yoo Jae-suk's agency"
#: (who signs with it is a person, not a company signing the one named).
_THEIR_AGENCY_AFTER = re.compile(
    r"['’]s\s+(?:(?:new\s+)?(?:agency|label|management)\b|(?:[A-Z][\w&-]*\s+){1,2}(?:Entertainment|Records|Music|Management|Agency)\b)")
#: A name confirmed for a show, the platform's or the agency's word: "Netflix confirmed IU for 'Glass Garden'" (one
#: word after "confirmed" is a person then only when a show the article names follows "for": not "confirmed Friday
#: for the premiere").
_CONFIRMED_BEFORE = re.compile(r"\bconfirm(?:s|ed)?\s+$", re.IGNORECASE)
_FOR_AFTER = re.compile(r"\s+for\s+(?P<title>['\"‘“]\s*)?")
#: What follows a quoted title a person is confirmed for: the clause's end or a word going on about the casting
#: ("for 'X', its new series", "for 'X' opposite Kim Tae-ri", "for 'X' on Monday"); not a noun, what the one
#: confirmed is for then ("confirmed Jeju for 'X' location shooting", "Weta for 'X' effects").
_CONFIRMED_TITLE_END = re.compile(
    r"[^'\"’”\n]{1,80}['\"’”](?!\w)(?=\s*(?:[,.;:!?)]|$)|\s+(?:on|in|as|opposite|alongside|with|and|after|before|this|"
    r"next|last|at|by|to|from|who|which|starring|earlier|later|today|yesterday)\b)")
#: A day, a season or a holiday confirmed for a show ("confirmed Christmas for 'X'", "Sundays for 'X'"), no one.
_CALENDAR_WORD = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|Christmas|Chuseok|Seollal|Easter|Halloween|Thanksgiving|"
    r"New\s+Year|Valentine's|Golden\s+Week)")
#: "Emma Stone joins Ryan Gosling": the joiner right before the verb.
_JOINS_BETWEEN = re.compile(r"\s+join(?:s|ed)?\s+", re.IGNORECASE)
#: "joins X in Midnight Harbor": the one joined in a show the article names.
_IN_AFTER = re.compile(r"\s+in\s+")
#: "as" and a role after a name: "as a pilot", "as Sam" (not "as they chase").
_AS_ROLE_AFTER = re.compile(r"\s+as\s+(?:(?:an?|the|his|her|their)\b|[A-Z])")
#: A name given its role: "Reynolds plays a pilot", "stars as", "as Sam" (not "Fruit plays host", "plays a key role").
_ROLE_AFTER = re.compile(r"\s+(?:(?:will|also|now)\s+)?(?:play(?:s|ing)?(?!\s+(?:host|(?:an?|the)\s+(?:[\w-]+\s+)?(?:role|part)))"
                         r"|portray(?:s|ing)?|stars?\s+as|voices)\b"
                         rf"|{_AS_ROLE_AFTER.pattern}")
#: A word of a Japanese name in Latin letters: kana syllables, a syllabic n, a doubled consonant
#: ("Miu", "Ishihara", "Kento", "Yamazaki", "Hattori"; not "Starship", "Labels", "Corps").
_ROMAJI_WORD = re.compile(
    r"(?:(?:[kgsztdnhbpmrj]y?|sh|ch|ts|f|w|y)?[aiueoāīūēō]|n(?![aiueoy])|([kstp])(?=\1))+", re.IGNORECASE)
_NOT_PERSON_BEFORE = re.compile(
    r"(?:\b(?:as|playing|plays|play|role\s+of|character|characters|named|director|directors|writer|"
    r"writers|screenwriter|pd|producer|producers|filmmaker|author|showrunner|creator|composer|ceo|"
    r"helmer|novelist|webtoonist|by\s+director|by\s+writer|from\s+director|agency|label|outlet|at|"
    r"institute|company|band|group|unit|network|channel|portraying|portrays|portray)\s+"
    r"|\b(?:group|unit)\s+[=≠≒])$",  # "idol group =LOVE": a group's name, its sign and all
    re.IGNORECASE,
)
_CAST_CUE_AFTER = re.compile(
    r"^(?:['’]s\s+(?:casting|return|comeback)|(?:,\s*)?(?:who|both)\b[^.;]{0,40}?\s|,|)\s*"
    r"(?:(?:will|would|is|are|has|have|had|to|set\s+to|was|were|also|both|finally|now|officially|"
    r"reportedly|positively|currently|be|been|being|in|final|early|set|confirmed|eyes|eyed|mulls|"
    r"considering|received|receive|an?|the|returning|return|expected\s+to|likely\s+to|"
    r"each|all|have\s+been|has\s+been)\s+)*"
    r"(?:star|stars|starring|cast|casting|join|joins|joining|joined|lead|leads|leading|headline|"
    r"headlines|front|fronts|play|plays|playing|portray|portrays|take|takes|land|lands|landed|"
    r"board|boards|boarding|sign|signs|signed|appear|appears|appearing|return|returns|returning|"
    r"reunite|reunites|team|teams|talks|discussions|negotiations|confirmed|confirm|confirms|tapped|"
    r"offered|offer|offers|considering|reviewing|cameo|co-star|costar|co-stars|transform|transforms|"
    r"head|heads|topline|toplines|named|chosen|selected|picked|attached|lined\s+up|roped\s+in|"
    r"debut|make|makes|opposite|alongside|reprising|reprise|reprises|continue|continues|"
    r"enters?|returns?|trade|share|shares|are|is|will|attended|attend|spotted|wrap|wrapped|begin|"
    r"began|filming|shooting|grow|face|celebrate|celebrates|discharged|enlist|married|marry|"
    r"dating|expecting|addresses|opens|announces|won|wins|took|tops|held|holds|spoke|sat|said|"
    # who leaves a cast and who replaces them: "Song Kang has exited…", "Lee Do-hyun replaces him"
    r"exit|exits|exited|exiting|depart|departs|departed|replace|replaces|replaced|replacing|"
    r"(?:drops?|dropped|dropping)\s+out|"
    r"says|reflected|denies|made|round|tops|pass|"
    # what an interview has its subject do: "Kanzaki Aoi laughs when asked…", "Kanzaki recalls"
    r"laughs|laughed|smiles|smiled|recalls|recalled|admits|admitted|explains|explained|adds|added|"
    r"tells|told|reveals|revealed|confesses|confessed|"
    # what a review says of them: "Soma Fujii and Nanami Shiraishi have an easy chemistry"
    r"(?:has|have)(?=\s+(?:an?|such|great|real|natural|easy|undeniable|palpable|electric)\s)|"
    r"gives|give|brings|bring|shines|shine|delivers|deliver)\b",
    re.IGNORECASE,
)
_NATIVE_AFTER = re.compile(
    rf"^\s*[(（]\s*([{_HANGUL_CH}]{{2,5}}|[{_KANJI_CH}{_HIRA_CH}{_KATA_CH}・\s]{{2,12}})\s*[)）]"
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    tokens: tuple[str, ...]
    korean: bool


@lru_cache(maxsize=_MEMO)
def _is_korean_given(token: str) -> bool:
    return len(token) <= 9 and bool(_KOREAN_GIVEN.fullmatch(token))


#: The characters of ``_CAPITAL``, for a set lookup instead of a regex call per word.
_CAPITALS = frozenset(
    chr(c) for c in (*range(0x41, 0x5B), *range(0xC0, 0xD7), *range(0xD8, 0xDF), *range(0x100, 0x17E))
)
_POSSESSIVE_END = re.compile(r"['’]s?$")


def _is_capitalised(token: str) -> bool:
    return token[:1] in _CAPITALS if token else False


def _mask(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """``mask[i]`` is 1 when position ``i`` of a text of ``length`` lies in one of ``spans``."""
    mask = bytearray(length + 1)
    for start, end in spans:
        start, end = max(start, 0), min(end, length + 1)
        if end > start:
            mask[start:end] = b"\x01" * (end - start)
    return mask


@lru_cache(maxsize=_MEMO)
def _plain_token(token: str) -> bool:
    """A capitalised word that can be part of a name."""
    if not _is_capitalised(token) or token in _NAME_STOP:
        return False
    if any(ch.isdigit() for ch in token) or token.endswith((".", "&", "+")) and len(token) > 3:
        return False
    return not (token.isupper() and len(token) > 4)


#: Characters that can start a word of ``_WORD`` and that can continue one.
_WORD_FIRST = frozenset(
    chr(c) for c in (*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0x30, 0x3A), *range(0xC0, 0xD7),
                     *range(0xD8, 0xF7), *range(0xF8, 0x100), *range(0x100, 0x180))
)
_WORD_CONTINUES = frozenset("_'’&+-")


def _word_starts_at(text: str, position: int) -> bool:
    """Whether a ``_WORD`` token of ``text`` starts at ``position`` (a word-start
    character): no word started earlier runs on into it."""
    at = position - 1
    while at >= 0:
        char = text[at]
        if char in _WORD_FIRST:
            return False  # a word starting here (or earlier) runs on to position
        if not (char.isalnum() or char in _WORD_CONTINUES) or _CJK_CHAR.match(char):
            return True  # "にJung": a Latin word starts after Korean or Japanese script
        at -= 1
    return True


class _TokensFrom:
    """The ``_WORD`` tokens of ``text`` from the one at ``start`` on, read as needed."""

    __slots__ = ("text", "words")

    def __init__(self, text: str, start: int) -> None:
        first = _WORD.match(text, start)
        self.text = text
        self.words: list[tuple[int, int, str]] = [(start, first.end(), first.group(0))]

    def word(self, i: int) -> tuple[int, int, str] | None:
        """The i-th token (0: the first), ``(start, end, text)``."""
        words = self.words
        while len(words) <= i:
            following = _WORD.search(self.text, words[-1][1])
            if following is None:
                return None
            words.append((following.start(), following.end(), following.group(0)))
        return words[i]

    def bare(self, i: int) -> str:
        """The i-th token without a possessive ("" past the end)."""
        token = self.word(i)
        return _POSSESSIVE_END.sub("", token[2]) if token else ""

    def gap_ok(self, i: int) -> bool:
        """Tokens i-1 and i are separated by one plain space or tab."""
        token = self.word(i)
        return token is not None and self.text[self.words[i - 1][1]: token[0]] in (" ", "\t")

    def possessive(self, i: int) -> bool:
        return _POSSESSIVE_END.search(self.words[i][2]) is not None


def _latin_candidates(text: str, masked: list[tuple[int, int]]) -> list[_Candidate]:
    """Runs of capitalised words that may be a name, in order. Only capitalised words
    can start one, so the ``_WORD`` tokens are read from each of them on, as needed."""
    blocked = _mask(len(text), masked)
    found: list[_Candidate] = []
    resume = 0  # capitals before this are inside the last candidate
    for capital in _CAPITAL_RUN.finditer(text):
        start = capital.start()
        if start < resume or blocked[start] or not _word_starts_at(text, start):
            continue
        head = _POSSESSIVE_END.sub("", _WORD.match(text, start).group(0))
        if head.casefold() not in KOREAN_SURNAMES and "-" not in head and not _plain_token(head):
            continue  # "The", "Netflix": no name starts here (a Korean surname or a given name might)
        tokens_from = _TokensFrom(text, start)
        words, word, bare, gap_ok = tokens_from.words, tokens_from.word, tokens_from.bare, tokens_from.gap_ok
        possessive = tokens_from.possessive
        token = words[0][2]
        candidate: _Candidate | None = None
        first = bare(0)
        lowered = first.casefold()
        # Korean: Surname Given-name / Surname Syl Syl / Given-name Surname
        if lowered in KOREAN_SURNAMES and not possessive(0) and gap_ok(1):
            second = bare(1)
            if _is_capitalised(second) and "-" in second and _is_korean_given(second):
                candidate = _Candidate(start, words[1][0] + len(second), (first, second), True)
            elif (
                _is_capitalised(second) and _is_korean_given(second) and second not in _NEVER_NAME_END
                and not possessive(1) and gap_ok(2)
            ):
                third = bare(2)
                ok = (
                    _is_capitalised(third) and bool(_KOREAN_SYLLABLE.fullmatch(third))
                    and third not in _NEVER_NAME_END and len(third) <= 5
                )
                if ok and third in _AMBIGUOUS_SYLLABLE and not possessive(2):
                    following = words[3][2] if gap_ok(3) else ""
                    ok = not _is_capitalised(following) or following in _FOLLOW_OK
                if ok:
                    candidate = _Candidate(start, words[2][0] + len(third), (first, second, third), True)
        if candidate is None and "-" in first and _is_korean_given(first) and not possessive(0) and gap_ok(1):
            second = bare(1)
            if second.casefold() in KOREAN_SURNAMES and _is_capitalised(second):
                candidate = _Candidate(start, words[1][0] + len(second), (first, second), True)
        if candidate is None and (token.isupper() and 2 <= len(token) <= 4 or first in _TITLE_WORDS) and gap_ok(1) and (
            _is_capitalised(bare(1))
        ):
            continue  # a label before a name ("DJ Jung Woo Seok", "PD Kim", "Creator Christopher Storer")
        if candidate is None:
            tokens: list[str] = []
            position = 0
            while len(tokens) < 3 and (current := word(position)) is not None:
                plain = _POSSESSIVE_END.sub("", current[2])
                if not _plain_token(plain) or blocked[current[0]]:
                    break
                if tokens and not gap_ok(position):
                    break
                tokens.append(plain)
                position += 1
                if plain != current[2]:  # possessive ends the name
                    break
            if tokens:
                candidate = _Candidate(start, start + len(" ".join(tokens)), tuple(tokens), False)
                if text[candidate.start: candidate.end] != " ".join(tokens):
                    candidate = None
        if candidate is not None:
            found.append(candidate)
            resume = candidate.end
    return found


#: Job titles written before a name, capitalised as part of it.
_TITLE_WORDS = frozenset({
    "Creator", "Director", "Writer", "Screenwriter", "Showrunner", "Producer", "Filmmaker", "Composer",
    "Actor", "Actress", "Star", "Singer", "Rapper", "Comedian", "Host", "Newcomer", "Veteran", "Co-star",
})


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if w.casefold() not in _SMALL_WORDS]
    return len(words) >= 3 and sum(1 for w in words if w[0].isupper()) >= 0.8 * len(words)


#: Crew credits before a name: "written by X", "directed by X and written by Y".
_CREW_BEFORE = re.compile(
    r"\b(?:written|directed|penned|created|helmed|produced|scripted|co-written|co-directed|adapted|"
    r"composed|shot|edited)\s+by\s+(?:(?:writer|director|screenwriter|pd|producer|creator)\s+)?$"
    r"|\b(?:scripts?|screenplay|teleplay|story|music|scores?)\s+by\s+(?:(?:writer|screenwriter)\s+)?$"
    r"|\b(?:creator|director|writer|screenwriter|showrunner|producer|filmmaker|composer|pd)[ \u00a0]+$"
    # "Kim is writing alongside X", "executive producing with X's Media Res"
    r"|\b(?:writing|directing|co-writing|(?:exec(?:utive)?[- ])?producing)\s+(?:alongside|with)\s+$"
    # talent agencies: "He's repped by HighZium Studio and CAA", "Jeon is with Management MMM"
    r"|\b(?:repped|represented|managed)\s+by\s+$|\b(?:is|are)\s+with\s+$",
    re.IGNORECASE,
)
#: Crew credits after a name: "X, who wrote …", "Lee Jae-woong directs", "Mei Okada writing the script".
_CREW_AFTER = re.compile(
    r"^(?:\s*[(（][^()（）]{1,40}[)）])?\s*,?\s*(?:who\s+(?:also\s+|previously\s+)?(?:wrote|penned|directed|"
    r"created|helmed|produced|scripted)\b|(?:directs|wrote|writes|penned|pens|helms|helmed)\b|"
    r"(?:is|will\s+be)\s+(?:helming|directing|writing|penning)\b|(?:writing|directing|penning)\s+the\s+"
    r"(?:script|scripts|series|drama|film|screenplay)\b|"
    # "Shinsuke Sato returns to direct", "with Don Kang exec producing"
    r"(?:returns?|is\s+back|comes?\s+back|is\s+set|will\s+return)\s+to\s+(?:direct|write|helm|pen|produce)\b|"
    # "will (again) direct", "is in talks to direct", "is producing", "is designing the visual world"
    r"(?:will|would|to|is\s+set\s+to|is\s+in\s+(?:final\s+|early\s+)?talks\s+to)\s+(?:again\s+|also\s+)?"
    r"(?:direct|write|helm|pen|produce|executive\s+produce|score|design)\b|"
    r"(?:is|are|will\s+be)\s+(?:also\s+)?(?:producing|designing|scoring|adapting|showrunning)\b|"
    r"(?:exec(?:utive)?[- ])?(?:producing|produces)\b|"
    # "with Hirokazu Kore-eda returning as showrunner", "serving as executive producer" (not "as director Yoon",
    # a character)
    r"(?:(?:returning|returns?|serving|serves|signed\s+on|on\s+board|attached)\s+)?as\s+(?:the\s+)?(?:co-?)?"
    r"(?:showrunner|director|writer|screenwriter|(?:executive\s+)?producer|creator|composer)s?\b(?!\s+(?-i:[A-Z])))",
    re.IGNORECASE,
)
#: A cast cue for the same person later in a crew credit's clause, no other name between: "returns as director and star of 'Hunt 2'",
#: ", serving as director, also stars in 'Lobby'" (not "directs the film, which also stars Y").
_ALSO_STARS_AFTER = re.compile(
    r"[^.;!?\nA-Z]*?(?<!\bwhich\s)(?<!\bthat\s)(?<!\bwho\s)\b(?:and|also)\s+(?:will\s+)?(?:also\s+)?"
    r"(?:stars?|plays|leads|co-stars?)\b")
#: A co-star of an earlier work: "previously captivated viewers in 'Queen of Tears' alongside X",
#: "starred in his JTBC drama Snowdrop alongside BLACKPINK's Jisoo".
_PAST_CO_STAR_BEFORE = re.compile(
    r"\b(?:previously|formerly|last\s+year|starred|appeared|captivated|was\s+seen|worked|helmed|directed|"
    r"wrote|penned)\b[^.;!?\n]*\b"
    r"(?:alongside|opposite)\s+(?:[A-Za-z]+['’]s\s+)?$", re.IGNORECASE)
#: A character, not an actor: "plays Hana", "plays the lawyer Yeo Ha Eun", "will return as
#: Baek Jun-ho", "introduces Choi Woo-jin as Seo Kang", "a young man named Yoon".
_CHARACTER_BEFORE = re.compile(
    r"\b(?:plays?|playing|played|portrays?|portraying|portrayed|(?<!such\s)(?<!well\s)as|role\s+of|"
    r"character\s+of|named|called)\s+"
    # (not across a clause: "plays the botanist, while Choi Min-jae plays…")
    r"(?:(?!(?:and|or|as|with|well|by|in|on|at|for|opposite|alongside|while|whereas|but|when|who|whom|which|"
    r"where|then|plus|yet)\b)(?:[a-z][\w-]*|[A-Z]{2,}|[\w-]+['’]s|"
    r"(?:Dr|Mr|Mrs|Ms|Prof)\.),?\s+){0,6}$"
)
#: A role of the name's own after it, its verb left out: "plays the captain, Kim Se-ra the scientist" (a cast
#: listed with roles, not a character "plays the lawyer, Yeo Ha-eun").
_GAPPED_ROLE_AFTER = re.compile(r"^[ \t]+(?:the|an?|his|her|their)[ \t]+[a-z]")
#: "(known internationally as X)", "better known to fans as X", "also known as X": a name, no role.
_KNOWN_AS = re.compile(r"\bknown(?:\s+[\w-]+){0,3}\s+as\s+$", re.IGNORECASE)
#: A verb after the name: "as" joined a clause ("… as Bae Doona is set to return"), no character.
_CLAUSE_AFTER = re.compile(r"^,?\s+(?:is|are|was|were|will|would|has|have|had|returns?|joins?|stars?|leads?|"
                           r"takes?|says?|said)\b", re.IGNORECASE)
_LIST_GAP = re.compile(r"(?:['’]s?)?\s*(?:,|,?\s+and|,?\s+&|、|,?\s+as\s+well\s+as|\s+with)\s*", re.IGNORECASE)
#: Lower-case words that say a name is a performer's: "and actress Kim Min-ji" goes on no character's list.
_PERFORMER_WORD = r"(?:actors?|actress(?:es)?|stars?|co-stars?|singers?|idols?|rappers?|comedians?|newcomers?|models?|members?|leads?)"
#: Between a character and the next: "and", or a comma, and what that one is ("as Baek Jun-ho and Min Ha-rin",
#: "follows customs officer Han Do-yoon and detective Cha Su-a").
_CHARACTER_GAP = re.compile(rf"\s*(?:,|,?\s+and|&)\s*(?:(?!{_PERFORMER_WORD}\s)[a-z][\w-]*\s+){{0,3}}")
#: The one a story is about, named after what they are: "the thriller follows customs officer Han Do-yoon",
#: "centers on a detective, Cha Su-a" (not "the clip follows Han Seo-jun" with no role: an actor filmed).
_STORY_ROLE_BEFORE = re.compile(
    rf"\b(?:follows|following|followed|centers\s+on|centres\s+on|revolves\s+around|tells\s+the\s+story\s+of)\s+"
    rf"(?:(?:an?|the|two|his|her|their)\s+)?(?:(?!{_PERFORMER_WORD}\b)(?!and\b|or\b|with\b|by\b)[a-z][\w-]*,?\s+){{1,3}}$"
)
_PAREN_AFTER = re.compile(r"^\s*[(（]\s*([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s*[)）]")
#: A one-word name after a place preposition is a place: "a salt farm in Sinan", "through 1890s Hanyang".
_PLACE_BEFORE = re.compile(r"\b(?:in|through|from|near|across|around|outside|inside|into|of)\s+(?:\d{4}s\s+)?$")


# The "…before a name" patterns end at the name: each is only searched when the text
# before the name ends with one of the words it can end with (see scan.EndGuarded).
_NOT_PERSON_BEFORE_END = EndGuarded(_NOT_PERSON_BEFORE)
#: The words of _NOT_PERSON_BEFORE that introduce a character, not a trade ("as", "plays"; not "director").
_AS_PLAYS_BEFORE = re.compile(r"\b(?:as|play(?:s|ing)?|portray(?:s|ing)?)\s+$", re.IGNORECASE)
#: A past work named in an aside, up to its end: "Park, who starred in Itaewon Class, plays…",
#: "best known for Crash Landing", "appeared in Vincenzo and Move to Heaven" (a title begins with a
#: capital: not "appearing in the drama are X"; not a co-star "with" or "alongside" whom).
_PAST_WORK_BEFORE = re.compile(
    r"\b(?i:(?:starred|starring|appeared|appearing|featured)\s+in|(?:known|famous|acclaimed|remembered)\s+for"
    r"|breakout\s+(?:role|turn)\s+in|fronted|headlined|toplined)\s+(?:[A-Z0-9'\"‘“](?:(?!\b(?:with|alongside|opposite|are|is)\b)[^,;.!?\n])*)?$")
#: The star of an earlier work, named in passing: "the original series, which starred Lee Jong-suk", "The role was
#: played by Lee Jong-suk in the original" (not "the series, which stars X", nor "will be played by X").
_PAST_STAR_BEFORE = re.compile(
    r"\b(?:which|that)\s+(?:also\s+|originally\s+)?starred\s+$|\b(?:was|were)\s+(?:originally\s+)?played\s+by\s+$",
    re.IGNORECASE)
#: ... only when the sentence speaks of an earlier work ("The film, which starred X, premieres on Netflix today"
#: is the star of the work the article is about).
_EARLIER_WORK = re.compile(r"\b(?:original(?:ly)?|earlier|previous(?:ly)?|prior|prequel|predecessor|"
                           r"first\s+(?:film|series|season|version|adaptation))\b", re.IGNORECASE)
_PLACE_BEFORE_END = EndGuarded(_PLACE_BEFORE)
_CREW_BEFORE_END = EndGuarded(_CREW_BEFORE)
_PRE_CUE_END = EndGuarded(_PRE_CUE)
_BUSINESS_WITH_BEFORE_END = EndGuarded(_BUSINESS_WITH_BEFORE)
#: The next of a cast listed with their roles: "stars X as a surgeon and Y as a nurse", "X as
#: Dr. Mori, Y as Nurse Aoi".
_CAST_AS_LIST_BEFORE = re.compile(
    r"\bas\s+(?:[^.;!?\n]|(?<=Dr)\.|(?<=Mr)\.|(?<=Ms)\.|(?<=Mrs)\.){1,40}?(?:,\s*|,?\s+and\s+)$")
_OPEN_BRACKET_BEFORE = re.compile(r"[(（][^()（）]*$")
_BRACKETED = re.compile(r"\s*[(（][^()（）]{1,40}[)）]")
_OWNER_BEFORE = re.compile(r"\b(?:in|of|from|on)\s+[A-Z][\w+-]*['’]s\s+$")
#: "The" right before the words: a title or a thing ("The Quiet Coast, starring…"), no one.
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he\s+$")
#: A studio's or channel's work: "Marvel's Eternals", "HBO's Euphoria".
_STUDIO_BEFORE = re.compile(
    r"\b(?:Marvel|DC|Disney|Pixar|DreamWorks|Warner\s+Bros\.?|Universal|Sony|Paramount|Lionsgate|A24|Ghibli|"
    r"Toho|HBO|Showtime|Starz|AMC|BBC|ITV|NHK|Netflix|Apple|Amazon|Hulu|Peacock|Max|Disney\+)['’]s\s+$")
#: One capitalised word going on as a title: "Alice in Borderland", "Queen of Tears".
_TITLE_GOES_ON = re.compile(r"^\s+(?:in|of|on|at|from|to|and\s+the)\s+(?:the\s+)?[A-Z]")
_WHO_OR_BOTH = re.compile(r",?\s*(?:who|both)\b")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence ``text[start:end]`` stands in."""
    opening, closing = _bounds_around(text, start, end, ".!?\n")
    return text[opening:closing]


def _joined_by_a_person(text: str, candidates: list[_Candidate], accepted: dict[int, tuple[str, str | None]],
                        index: int) -> bool:
    """Whether the one ``candidates[index]`` names, after "joins", is joined by a person already accepted,
    with a full name, and reads as no company: "Emma Stone joins Ryan Gosling", not "Samsung joins Hyundai Motor"."""
    joiner = index - 1
    if joiner < 0 or joiner not in accepted or candidates[index].tokens[-1] in _COMPANY_TAIL:
        return False
    before = candidates[joiner]
    return ((before.korean or len(before.tokens) >= 2)
            and bool(_JOINS_BETWEEN.fullmatch(text, before.end, candidates[index].start)))


@cache
def companies_alone() -> tuple[frozenset[str], frozenset[str]]:
    """The entertainment companies trade news writes alone (``pipeline/data/companies.toml``): one-word Latin names
    in lower case ("hybe", "lionsgate") and Japanese names (東宝, 吉本)."""
    data = _companies_data()
    return (frozenset(name.casefold() for group in data.values() for name in group.get("alone", ())),
            frozenset(name for group in data.values() for name in group.get("japanese", ())))


@cache
def _companies_data() -> Mapping[str, Any]:
    return tomllib.loads(resources.files("pipeline").joinpath("data/companies.toml").read_text("utf-8"))


@cache
def companies_whole() -> frozenset[str]:
    """The companies of more than one word ``pipeline/data/companies.toml`` knows, written whole ("William Morris
    Endeavor", "Creative Artists Agency"): no person in them."""
    return frozenset(name for group in _companies_data().values() for name in group.get("full", ()))


@cache
def _talent_agency_signed() -> re.Pattern[str]:
    """A talent agency of ``pipeline/data/companies.toml`` signed with, after a signing verb: "(signs) with WME",
    "with William Morris Endeavor", "with the Gersh Agency". Who signs with one is a person (an agency
    represents performers)."""
    group = _companies_data().get("talent_agencies", {})
    names = sorted((*group.get("alone", ()), *group.get("full", ())), key=len, reverse=True)
    return re.compile(r"\s+with\s+(?:the\s+)?(?:" + ("|".join(map(re.escape, names)) or "(?!)") + r")(?![\w&+-])",
                      re.IGNORECASE)


#: A company's word after a name: "Hybe Labels", "Kakao Entertainment", "Avex Inc.".
_COMPANY_WORD_AFTER = re.compile(
    r"\s+(?:Entertainment|Labels?|Records|Management|Agency|Corp\.?|Corporation|Inc\.?|Co\.|Holdings)(?!\w)")

#: A text without any of its words (most) has no company's word after a name: no pattern is
#: compiled for the name then.
_COMPANY_WORDS = Guarded(_COMPANY_WORD_AFTER)


def _names_a_company(text: str, name: str) -> bool:
    """``name`` (one word) is a company's: a big agency's or a studio's (:func:`companies_alone`: "Hybe",
    "Lionsgate"), or written in ``text`` with a company's word after it ("Hybe Labels", "Kakao Entertainment")."""
    return name.casefold() in companies_alone()[0] or _COMPANY_WORDS.possible(text) and any(
        _COMPANY_WORD_AFTER.match(text, found.end())
        for found in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))


def _joins_as_a_person(text: str, cue: re.Match[str], verb_end: int, platforms: Mapping[int, int]) -> bool:
    """Whether one word before the verb ``cue`` ends with, at ``verb_end``, reads as a person: any verb but
    one a company does too ("joins", "signs", "teams"), or that verb with a cast, a show, a role or an agency
    after it ("Rain joins the cast", "IU joins 'Glass Garden'", "Suzy signs on to star"), or a platform joined
    in a person's role ("IU joins Netflix as producer"; ``platforms``: where each platform named ends, by its
    start), or a talent agency signed with ("Zendaya signs with WME"). (Or a person's full name after it, "Suzy joins
    Gong Yoo": see _joins_a_person.)"""
    verb = cue.group(0).split()[-1].casefold()
    if verb not in _SHARED_VERBS or _JOINS_A_CAST.match(text, verb_end) or (
            verb.startswith("sign") and _talent_agency_signed().match(text, verb_end)):
        return True
    joined = _SPACES.match(text, verb_end)
    platform_end = platforms.get(joined.end()) if joined else None
    return platform_end is not None and bool(_PERSON_ROLE_AS.match(text, platform_end))


def _cued_before(before: str, single: bool) -> bool:
    """Whether the words ``before`` a name name a performer ("starring", "opposite", "reteaming with"); not
    business "with" before one word (``single``: "a deal with Warner" names a company)."""
    return bool(_PRE_CUE_END.search(before)) and not (single and _BUSINESS_WITH_BEFORE_END.search(before))


def _joins_a_person(text: str, candidates: list[_Candidate], accepted: dict[int, tuple[str, str | None]],
                    index: int, verb_end: int) -> bool:
    """Whether the next candidate after ``verb_end`` is joined ("Suzy joins Gong Yoo", "Rain teams up with Kim
    Bum"), accepted as a person by any rule, with a full name ("Lotte joins CJ in funding…" is not). Not one signed
    with: who signs with a person is a company signing them ("SLL signs with Kim Go-eun"), unless it is that
    person's agency ("Suzy signed with Lee Byung-hun's BH Entertainment")."""
    following = index + 1
    return (following in accepted and not (_SIGNS_END.search(text, max(0, verb_end - 8), verb_end)
                                           and not _THEIR_AGENCY_AFTER.match(text, candidates[following].end))
            and (candidates[following].korean or len(candidates[following].tokens) >= 2)
            and bool(_JOINS_WHOM.fullmatch(text, verb_end, candidates[following].start)))


def _find_people_latin(text: str, masked: list[tuple[int, int]], headline_end: int,
                       show_starts: frozenset[int] = frozenset(),
                       platforms: Mapping[int, int] = MappingProxyType({})) -> list[tuple[str, str, str | None]]:
    """``(name, role, native form)`` for Latin-script names in people contexts (``show_starts``: where
    the shows found start; ``platforms``: where each platform named ends, by its start).

    Crew ("written by X"), characters ("plays X", "X (Actor)") and one-word
    references to a longer name in the article ("Ryu plays…" after "Ryu Ji-an")
    are not returned.
    """
    candidates = _latin_candidates(text, masked)
    body = text[headline_end:]
    title_case = _title_case(text[:headline_end])
    keys = [person_key(" ".join(c.tokens)) for c in candidates]
    blocked = _not_performers(text, candidates, keys)
    accepted: dict[int, tuple[str, str | None]] = {}
    joined: list[int] = []  # the names after "joins" with nothing yet to say they are people
    unproven: dict[int, int] = {}  # one word before a verb a company does too, with nothing yet to say it is a
    # person: where its verb ends
    with_only: list[int] = []  # one word after "with", kept when another cue names it as a person
    befores = [text[max(0, c.start - 40): c.start].rsplit("\n", 1)[-1] for c in candidates]  # within its paragraph
    not_person = [index not in blocked and (bool(_NOT_PERSON_BEFORE_END.search(before)) and not (
        # "as Park Yeon-woo's voice reads": the voice is what "as" is about, its owner a performer
        text.startswith(("'s ", "’s "), c.end) and _AS_PLAYS_BEFORE.search(before)) or bool(
        _PAST_WORK_BEFORE.search(before) or _PAST_STAR_BEFORE.search(before) and _EARLIER_WORK.search(
            _sentence_around(text, c.start, c.end))) or bool(
        _PAST_CO_STAR_BEFORE.search(text, max(0, c.start - 200), c.start))) for index, (c, before) in
        enumerate(zip(candidates, befores, strict=True))]
    for index, candidate in enumerate(candidates):
        tokens = candidate.tokens
        name = " ".join(tokens)
        before = befores[index]
        after = text[candidate.end: candidate.end + 90]
        if index in blocked or not_person[index]:
            continue
        native = _NATIVE_AFTER.match(after)
        in_headline = candidate.start < headline_end
        if in_headline and title_case and not candidate.korean and name not in body:
            continue
        single = not candidate.korean and len(tokens) == 1
        if single and (len(name) < 2 or name.casefold() in _SMALL_WORDS or _VERB_ING.fullmatch(name)
                       or _BRAND_SHAPE.fullmatch(name)):
            continue  # "Returning cast members include…": a verb, no one; "StreamWire will update…": an outlet
        if _ADJECTIVE_COMPOUND.search(tokens[-1]) or not candidate.korean and _ARTICLE_BEFORE.search(before):
            continue  # "set on Joseon-era trade routes"; "The Quiet Coast, starring…"
        role = None
        tail = after.lstrip(" ,")
        cue = _CAST_CUE_AFTER.match(tail) if not after.startswith((".", ":", "?")) else None
        verb_end = candidate.end + len(after) - len(tail) + cue.end() if cue else 0
        if not candidate.korean and tokens[-1] in _COMPANY_TAIL and not (
                cue and cue.group(0).split()[-1].casefold() in _PERFORMER_VERBS
                or cue and (joins := _JOINS_A_CAST.match(text, verb_end)) and not joins.group("agency")):
            continue  # "Hyundai Motor", "Hybe Labels signs with SM Entertainment" (not "Danielle Steel will star",
            # "Dawn Steel joins the cast")
        if single and (cue and _WHO_OR_BOTH.match(tail) or _PLACE_BEFORE_END.search(before) or _names_a_company(text, name)
                       or _OWNER_BEFORE.search(before) or _STUDIO_BEFORE.search(before)
                       or not cue and _TITLE_GOES_ON.match(after)):
            continue  # "in 1890s Hanyang, who is framed": a place; "Marvel's Eternals", "Alice in Borderland": a title;
            # "Hybe signs with SM Entertainment", "signs with Kakao Entertainment": a company
        if single and cue and not native and not _cued_before(before, single) and not _joins_as_a_person(
                text, cue, verb_end, platforms):
            unproven[index] = verb_end  # "Samsung joins Hyundai Motor": kept only with a person's evidence below
            continue
        if single and not cue and not native and _BUSINESS_WITH_BEFORE_END.search(before):
            with_only.append(index)  # "a deal with Warner", "in talks with Lionsgate"
        if (cue or _cued_before(before, single) or _AS_ROLE_AFTER.match(after) and _CAST_AS_LIST_BEFORE.search(before)
                or _JOIN_BEFORE.search(before) and (
                    _JOINED_CAST_AFTER.match(after) and (not single or index - 1 in accepted) or candidate.korean
                    or _JOINED_PAIR_AFTER.match(after) and _joined_by_a_person(text, candidates, accepted, index)
                    or len(tokens) >= 2 and all(_ROMAJI_WORD.fullmatch(token) for token in tokens)
                    or (joined_in := _IN_AFTER.match(after)) is not None and candidate.end + joined_in.end() in show_starts)
                or _CONFIRMED_BEFORE.search(before) and not _CALENDAR_WORD.fullmatch(name)
                and (for_show := _FOR_AFTER.match(after)) is not None
                and (candidate.end + for_show.end() in show_starts
                     or for_show.group("title") is not None and candidate.end + for_show.start("title") in show_starts)
                and (for_show.group("title") is None
                     or _CONFIRMED_TITLE_END.match(text, candidate.end + for_show.end()) is not None)):
            role = "cast"
        elif native or candidate.korean:
            role = "subject"
        elif len(tokens) >= 2 and _JOIN_BEFORE.search(before):
            joined.append(index)
        if role:
            accepted[index] = (role, native.group(1).strip() if native else None)
    proven = {candidates[i].tokens for i in accepted}
    for index, verb_end in unproven.items():
        if candidates[index].tokens in proven or _joins_a_person(text, candidates, accepted, index, verb_end):
            accepted[index] = ("cast", None)
    for index in with_only:
        if candidates[index].tokens in proven:
            accepted[index] = ("cast", None)
    # the one joined named again by one of its names with a role: "Emma Stone joins Ryan Gosling. Gosling plays…"
    playing = {candidates[i].tokens[0].casefold() for i in accepted
               if len(candidates[i].tokens) == 1 and _ROLE_AFTER.match(text, candidates[i].end)}
    for index in joined:
        if any(token.casefold() in playing for token in candidates[index].tokens):
            accepted[index] = ("cast", None)
    bracketed = [bool(_OPEN_BRACKET_BEFORE.search(text, max(0, c.start - 40), c.start)) for c in candidates]

    def _outside_brackets(index: int, step: int) -> int:
        """The nearest candidate from ``index`` in direction ``step`` that is not in brackets."""
        index += step
        while 0 <= index < len(candidates) and bracketed[index]:
            index += step
        return index

    changed = True
    while changed:
        changed = False
        for index, candidate in enumerate(candidates):
            if index in accepted or index in blocked or not_person[index]:
                continue
            if candidate.start < headline_end and title_case and not candidate.korean and " ".join(candidate.tokens) not in body:
                continue
            if not candidate.korean and len(candidate.tokens) == 1 and _PLACE_BEFORE_END.search(befores[index]):
                continue
            for neighbour in (_outside_brackets(index, -1), _outside_brackets(index, 1)):
                if neighbour not in accepted or not 0 <= neighbour < len(candidates):
                    continue
                first, second = sorted((index, neighbour))
                # "Kento Yamazaki (Alice in Borderland) and Minami Hamabe": a bracketed past work between
                gap = _BRACKETED.sub("", text[candidates[first].end: candidates[second].start])
                if _LIST_GAP.fullmatch(gap):
                    native = _NATIVE_AFTER.match(text[candidate.end: candidate.end + 30])
                    accepted[index] = (accepted[neighbour][0], native.group(1).strip() if native else None)
                    changed = True
                    break
    # a one-word name that is part of a longer name in the article is that person (or
    # their character): "Ryu plays…" after "Ryu Ji-an", "Kang" after "Seo Kang"
    parts = {
        part for c in candidates if len(c.tokens) >= 2
        for token in c.tokens for part in (token.casefold(), *token.casefold().split("-"))
    }
    characters = {keys[i] for i in blocked}
    kept = [
        i for i in sorted(accepted)
        if keys[i] not in characters
        and not (len(candidates[i].tokens) == 1 and candidates[i].tokens[0].casefold() in parts)
    ]
    return [(" ".join(candidates[i].tokens), accepted[i][0], accepted[i][1]) for i in kept]


def _not_performers(text: str, candidates: list[_Candidate], keys: list[str]) -> set[int]:
    """Indexes of the candidates that are crew or characters, not performers."""
    blocked: set[int] = set()
    elsewhere = Counter(keys)
    tokens_of_longer = {
        token.casefold() for c in candidates if len(c.tokens) >= 2 or c.korean for token in c.tokens
    }
    for index, candidate in enumerate(candidates):
        before = text[max(0, candidate.start - 60): candidate.start]
        before = before.rsplit("\n", 1)[-1]  # not the headline above: "… as male lead\n\nLee Do-hyun"
        after = text[candidate.end: candidate.end + 90]
        # "as Kim Soo Hyun's younger brother": the character is the brother, Kim a performer;
        # "known as Shun Oguri" is another spelling, "… as Bae Doona is set to return" a clause
        role_before = _CHARACTER_BEFORE.search(before) or _STORY_ROLE_BEFORE.search(before)
        character = (role_before and not after.startswith(("'s ", "’s "))
                     and not _KNOWN_AS.search(before) and not _CLAUSE_AFTER.match(after)
                     and not ("," in role_before.group(0) and _GAPPED_ROLE_AFTER.match(after)))
        crew_after = _CREW_AFTER.match(after)
        if crew_after and _ALSO_STARS_AFTER.match(text, candidate.end + crew_after.end()):
            crew_after = None  # an actor-director: "returns as director and star of 'Hunt 2'"
        if _CREW_BEFORE_END.search(before) or crew_after or character:
            blocked.add(index)
            continue
        paren = _PAREN_AFTER.match(after)
        if paren:  # "Hana (Yoon Seo-ah)", "Jung Woo-seok (Nam)": a character and its actor
            inner = paren.group(1)
            inner_key = person_key(inner)
            # (a full Korean name before a one-word title is an actor and a past work: "Go Youn-jung
            # (Moving)", however often "Moving" comes back)
            if inner_key != keys[index] and (
                not candidate.korean and (
                    elsewhere.get(inner_key, 0) >= 2 or len(inner.split()) == 1 and inner.casefold() in tokens_of_longer)
                or _person_shaped(inner)
            ):
                blocked.add(index)
    # lists continue a crew credit or a character: "as Baek Jun-ho and Min Ha-rin"
    for index in range(1, len(candidates)):
        if index - 1 in blocked and index not in blocked:
            gap = text[candidates[index - 1].end: candidates[index].start]
            after = text[candidates[index].end: candidates[index].end + 60].lstrip(" ,")
            if (_CHARACTER_GAP.fullmatch(gap) and not _CAST_CUE_AFTER.match(after)
                    and not _AS_ROLE_AFTER.match(text, candidates[index].end)):
                blocked.add(index)
    return blocked


# --------------------------------------------------------------------------- people (Korean)

_KO_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄원천방공현변염여추도소설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부탕채"
)
_KO_COMPOUND = ("남궁", "황보", "제갈", "선우", "독고", "사공")
_KO_PARTICLES = re.compile(
    r"(?:이라는|에게는|에서는|으로는|이가|과의|와의|과는|와는|과도|와도|에게|에서|께서|한테|까지|마저|이랑|부터|으로|이며|이고|"
    r"이는|이와|이의|씨|은|는|이|가|을|를|와|과|의|도|랑|로|측|등|만|)$"
)
_KO_CUE = re.compile(
    r"출연|주연|캐스팅|합류|물망|역할|역으로|역을|분한다|분해|열연|호흡|낙점|발탁|출격|특별출연|카메오|주인공|연기|맡|제안|검토|확정|배우"
)
_KO_STOP = frozenset(
    ["주인공", "이야기", "정도로", "제작진", "시청자", "하반기", "상반기", "이번에", "이날", "최근", "공개된", "방송을", "연기를", "조연", "유일한", "한국의", "한편", "전작", "이후", "정식", "기대를", "서울", "출연진", "관계자", "소속사", "방송사", "제작사", "여주인공", "남주인공", "이번", "오는", "공개", "확정", "드라마", "시리즈", "영화", "작품", "배우", "캐스팅", "출연", "주연", "합류", "물망", "역할", "연기", "감독", "작가", "원작", "연출", "극본", "신작", "차기작", "작가의", "감독의", "한효주는", "이어", "또한", "특히", "과연", "바로", "모두", "함께", "다시", "다음", "지난", "올해", "내년", "하지만", "그러나", "이에", "이를", "이와", "이로써", "이미", "아직", "정말", "가장", "먼저", "처음", "마지막", "무엇", "고등학생", "대학생", "변호사", "검사", "형사", "의사", "기자", "재벌", "사장", "회장", "대표", "본부장", "실장", "팀장", "사랑", "로맨스", "장르", "주말", "평일", "월화", "수목", "금토", "토일", "일요", "방송", "편성", "제작", "촬영", "시즌", "한국", "일본", "미국", "중국", "전세계", "글로벌", "국내", "해외", "오리지널", "넷플릭스", "디즈니", "티빙", "웨이브", "쿠팡", "지니", "소식", "보도", "단독", "공식", "입장", "전해졌다", "밝혔다", "알려졌다", "예정", "가운데", "도전", "변신", "복귀", "호흡을", "정체", "주목", "화제", "관심", "기대", "인기", "남자", "여자", "소녀", "소년", "청춘", "가족", "부부", "연인", "친구", "동생", "형", "누나", "언니", "오빠", "엄마", "아빠", "아들", "딸", "이들", "이들은", "그는", "그녀", "그녀는", "두", "사람", "세", "사람", "각각", "역시", "모습", "매력", "캐릭터", "인물", "역", "분", "장편", "단편", "원작의", "동명", "웹툰", "소설", "만화", "실사화", "리메이크", "후속", "후속작", "전편", "본편", "신인", "주요", "조연진", "고민", "결정", "제작발표회", "발표", "기념", "행사", "시사회", "현장", "촬영장", "대본", "리딩", "티저", "예고편", "포스터", "스틸", "유명", "인기작", "화제작", "문제작", "명작", "기대작", "수상", "수상자", "시상식", "대상", "신인상", "최우수", "우수", "연기상"]
) | frozenset(
    ["어머니", "어머님", "아버지", "아버님", "할머니", "할아버지", "기대감", "출신", "크랭크인", "크랭크업", "기록한",
     "검토", "지배인", "경호원", "경호원인", "비서", "집사", "경찰관", "소방관", "간호사", "요리사", "조종사", "교도관",
     "변호인", "수사관", "연구원", "공무원", "은행원", "조사관", "유학생", "전학생", "신입생", "부회장", "부사장", "주방장",
     "이사장", "인턴", "매니저", "부임한", "연기에", "호흡", "재회", "제대", "언젠가", "사람", "결혼", "주말극", "일일극", "월화극", "수목극", "금토극", "토일극",
     "단막극", "사극", "위조범", "살인범", "탈옥범", "범인", "용의자", "둘째", "첫째", "임신", "공식화", "로맨틱", "오징어", "열애", "입대", "전역", "컴백", "귀환", "복귀작", "데뷔", "데뷔작", "첫방", "본방", "재방", "예능", "상대역", "상대", "주연진", "라인업", "정체", "비밀",
     # times ("박보검은 지난해 …") and provinces read without their 도 ("전라남도" as 전라남 + 도)
     "지난해", "지난달", "지난주", "작년", "재작년", "이듬해", "오늘", "내일", "어제", "당시", "현재",
     "배경", "전라남", "전라북", "경상남", "경상북", "충청남", "충청북", "강원", "제주", "경기",
     # how one appears: "특별 출연", "우정 출연", "깜짝 출연"
     "특별", "우정", "깜짝", "단독", "첫",
     # words of the trade near casting cues: "취재 결과", "배급사", "전속계약", "한일 합작", "손잡은"
     "결과", "취재", "배급사", "배급", "전속계약", "계약", "합작", "손잡은", "함께", "강렬한", "예정된", "기하기",
     "존재감", "연기력", "시청률", "동료", "스태프", "인터뷰", "리뷰", "포토", "영상",
     # awards: "백상 인기상 수상"
     "백상", "청룡", "대종상", "인기상", "공로상", "특별상", "우수상", "주연상", "조연상", "남우상", "여우상",
     # who makes a show: "원작자 강풀 작가"
     "원작자", "제작자", "연출자", "기획자", "각색자", "각본가",
     # a group's record and its members: "정규 2집", "미니 앨범", "멤버 전원이"
     "정규", "미니", "싱글", "앨범", "음반", "음원", "신곡", "타이틀곡", "수록곡", "전원", "완전체", "멤버", "멤버들",
     "팬들", "팬덤", "작사", "작곡", "가요계",
     # how many or which of a group: "나머지 출연진은", "일부 배우", "기존 출연진", "추가 캐스팅"
     "나머지", "일부", "다른", "기존", "추가", "전체", "전부", "모든", "여러", "대부분", "몇몇", "각자", "남은", "기타",
     "이외", "추후", "향후",
     # what is said of a person right after the name: "배우 이민호 사진이", "박보영 남편이", "정우성 본인이"
     "사진", "본인", "측근", "부친", "모친", "근황", "하차", "미모", "남편", "아내", "공백", "발언", "논란", "대사",
     "이름", "나이", "고백", "반응", "외모", "얼굴", "목소리", "소감",
     # the cast as a trade: "주연 여배우가", "출연하는 배우진은"
     "여배우", "남배우", "배우진"]
)


#: What a Korean word may be wrapped in: quotes, brackets, ellipses, end punctuation.
_KO_PUNCTUATION = " '\"‘’“”()[]<>《》…?!.:"


@lru_cache(maxsize=_MEMO)
def _ko_strip(token: str) -> str:
    token = token.strip(_KO_PUNCTUATION)
    stripped = _KO_PARTICLES.sub("", token)
    particle = token[len(stripped):]
    if stripped and not _has_final_consonant(stripped[-1]):
        # 이, 은, 을, 과 follow a final consonant: in "료헤이" and "코헤이가" the 이 is the name's
        if particle in _AFTER_CONSONANT:
            return token
        if particle.startswith("이") and particle != "이라는":
            return token[: len(stripped) + 1]
    if (
        len(stripped) == 2 and len(token) == 3 and token[-1] == "은" and token[0] in _KO_SURNAMES
        and stripped not in _KO_STOP
    ):
        return token  # 김고은, not 김고 + 은
    return stripped


#: Particles that only follow a syllable ending in a consonant (김수현이, 김수현은; after a vowel: 가, 는).
_AFTER_CONSONANT = frozenset({"이", "은", "을", "과", "으로", "과의", "과는", "과도", "으로는"})


def _has_final_consonant(syllable: str) -> bool:
    """Whether a Hangul syllable ends in a consonant (받침); False for anything else."""
    index = ord(syllable) - 0xAC00
    return 0 <= index < 11172 and index % 28 != 0


#: The vowels (medial jamo) the Hangul spelling of kana uses: ㅏ ㅑ ㅔ ㅗ ㅘ ㅛ ㅜ ㅠ ㅡ ㅣ (a ya e o wa yo u yu
#: eu i), and the finals: none, ㄴ (ん) and ㅅ (っ); ㅡ only in 스 즈 츠 쓰 (su zu tsu), ㅘ only as 와 (wa).
_KANA_MEDIALS = frozenset({0, 2, 5, 8, 9, 12, 13, 17, 18, 20})
_KANA_FINALS = frozenset({0, 4, 19})
_KANA_EU_INITIALS = frozenset({9, 10, 12, 14})  # ㅅ ㅆ ㅈ ㅊ
_TENSE_INITIALS = frozenset({1, 4, 8, 10, 13})  # ㄲ ㄸ ㅃ ㅆ ㅉ: only ㅆ, in 쓰


@lru_cache(maxsize=_MEMO)
def _ko_reads_as_kana(word: str) -> bool:
    """Whether every syllable of a Hangul word is one the spelling of Japanese kana writes
    ("기무라", "유토", "켄토", "마츠모토", "텟페이"): a Japanese name in Hangul does, a Korean
    full name mostly does not ("김수현": 김 ends in ㅁ, 현 has ㅕ)."""
    for syllable in word:
        index = ord(syllable) - 0xAC00
        if not 0 <= index < 11172:
            return False
        initial, medial, final = index // 588, index % 588 // 28, index % 28
        if (medial not in _KANA_MEDIALS or final not in _KANA_FINALS
                or medial == 18 and initial not in _KANA_EU_INITIALS or medial == 9 and initial != 11
                or initial in _TENSE_INITIALS and not (initial == 10 and medial == 18)):
            return False
    return True


#: Nouns that take 하다 ("성장하는 이야기": growing): noun + 하 is a verb, not a name.
_KO_VERB_NOUNS = frozenset({
    "성장", "사랑", "생각", "시작", "등장", "활동", "준비", "진행", "도전", "변신", "성공", "결혼", "연애", "이혼", "복귀", "참여",
    "합류", "방송", "공개", "제작", "촬영", "연기", "호흡", "고민", "선택", "결정", "기대", "예고", "소개", "발표", "확정", "출연",
    "주연", "공감", "감동", "탄생", "완성", "변화", "전개", "조명", "추적", "수사", "복수", "구원", "동행", "경쟁", "대결", "협력",
    "재회", "극복", "회복", "성숙", "고백", "약속", "계획", "방황", "부활", "추억", "기억", "공부", "노력", "운영", "이동", "탈출",
    "생존", "보호", "구조", "연출", "집필", "각색", "출발", "도착", "입학", "졸업", "취업", "독립", "반대", "찬성", "상상", "의심",
    "오해", "집착", "질투", "동경", "존경", "은퇴", "실종", "사망", "전학", "입사", "퇴사", "이사", "유명", "화려",
})


@lru_cache(maxsize=_MEMO)
def _ko_shape(bare: str, followed: bool = False) -> str | None:
    """``"strong"`` for a typical Korean name (surname + two syllables), ``"weak"``
    for any 2-4 syllable word that is not a known common word, else ``None``. ``followed``:
    a particle or a list's separator follows the word, so a final 운 is no adjective's
    ending ("로운이", "로운·조이현"; "새로운 작품" is one)."""
    if not re.fullmatch(rf"[{_HANGUL_CH}]{{2,4}}(?:_[{_HANGUL_CH}]{{1,3}})?|[{_HANGUL_CH}]{{1,5}}_[{_HANGUL_CH}]{{1,4}}", bare) \
            or bare in _KO_STOP:
        return None
    if bare.endswith(("하", "한")) and bare[:-1] in _KO_VERB_NOUNS:
        return None  # "성장하는" read without its ending, "은퇴한" (retired)
    if _KO_STRONG_REJECT.search(bare):
        return None
    if len(bare) == 3 and bare[0] in _KO_SURNAMES or len(bare) == 4 and bare.startswith(_KO_COMPOUND):
        return "strong"
    if (_KO_WEAK_REJECT_FOLLOWED if followed else _KO_WEAK_REJECT).search(bare):
        return None
    return "weak"


_KO_STRONG_REJECT = re.compile(r"(?:다|히|게|받|했|던|며|면|요|롭|일|제|업|간|에|에서|들|력|된|감|관|점|파|어|판|층)$|출연|주연|캐스팅|합류|확정|공개|방송|제작|촬영|시즌|작품")
_KO_WEAK_REJECT = re.compile(r"(?:게|히|다|받|한|된|던|며|고|서|면|요|해|했|운|적|에|로|롭|스럽|하나|할까)$|출연|주연|캐스팅|합류|확정|공개|방송|제작|촬영|시즌|작품")
_KO_WEAK_REJECT_FOLLOWED = re.compile(r"(?:게|히|다|받|한|된|던|며|고|서|면|요|해|했|적|에|로|롭|스럽|하나|할까)$|출연|주연|캐스팅|합류|확정|공개|방송|제작|촬영|시즌|작품")


_KO_NAME_PARTICLE = frozenset("은는이가")
#: What a character is in a story, written right before its name ("형사 차수아", "세관 공무원 한도윤"); an
#: actor's trade ("배우 한효주") and the crew's ("감독", "작가") are not among them.
_KO_STORY_ROLES = frozenset(
    ["형사", "검사", "변호사", "의사", "공무원", "경찰", "경찰관", "수사관", "교사", "선생", "간호사", "요리사", "비서",
     "재벌", "세자", "왕자", "공주", "소방관", "조사관", "연구원", "교도관", "경호원", "집사", "탐정", "기관사", "사관",
     "주인공", "여주인공", "남주인공", "본부장", "실장", "팀장", "후계자", "목격자", "실종자", "범인", "용의자"]
)
_KO_SEPARATORS = re.compile(r"[·,、♥×&＆/…]")
#: (Or the role the name plays: "모델 역의 윤서아", "형사 역을 맡은 최민재".)
#: (A group's name with its particle is the subject, not the member's name ahead: "그룹 스텔라가 정규 2집으로".)
_KO_BEFORE_NAME = re.compile(r"(?:배우|배우들|가수|가수\s*겸\s*배우|그룹\s*\S+(?<![가는를을의에와과])|멤버|출신|일본\s*배우|신예|아역|방송인|성우"
                             r"|(?<!\S)역(?:의|을\s+맡은|으로\s+분한))$")
_KO_AFTER_NAME = re.compile(r"^(?:주연|출연|캐스팅|합류|물망|특별출연|카메오|등|측|씨|은|는|이|가|과|와|도|의|을|를)")
#: What a word may be glued to at its start: "'문라이트 쿠리어'(연출 최민재" ends with the word 연출.
_KO_OPENING = re.compile(r"[(\[（【<《〈'\"‘’“”]")
_KO_CREW_AFTER = ("PD", "피디", "감독", "작가", "연출", "CP", "프로듀서", "촬영감독", "음악감독")
_KO_CREW_BEFORE = frozenset({"극본", "각본", "연출", "감독", "작가", "원작", "기획", "제작", "PD", "프로듀서", "촬영감독", "음악감독"})
_KO_ROLE_AFTER = re.compile(r"^(?:역|役)")
_KO_SHORT_STOP = frozenset(["측", "씨", "등", "역", "분", "첫", "새", "두", "세", "각", "또", "및", "외", "중", "후", "전", "시", "편", "회", "측은", "측이", "측도", "역을", "역으로", "역에", "분한", "분해", "주연", "출연", "이후", "이번", "측과", "등이", "등과", "등을", "도", "만", "뿐", "다", "곧"])
#: A foreign name written as two Hangul words ("오구리 슌"). The "no Hangul before" check
#: sits after the first syllable, so the regex engine can jump from syllable to syllable.
_KO_FOREIGN_PAIR = re.compile(
    rf"([{_HANGUL_CH}](?<![{_HANGUL_CH}].)[{_HANGUL_CH}]{{1,3}}) ([{_HANGUL_CH}]{{1,2}}?)"
    # the particle ends the word: in "이끈 최가온이" the 가 of 최가온 is none
    rf"(?=[·,、♥×(（]|(?:[과와](?:의|는|도)?|[이가은는의도])(?![{_HANGUL_CH}])|\s)"
)
#: A Japanese surname in Hangul ending in 川 or 沢 ("모리카와", "오가와", "구로사와"): its 와 is no
#: particle ("and"), so "모리카와 소타" is one name, not 모리카 and 소타.
_KO_JAPANESE_SURNAME_END = re.compile(rf"^[{_HANGUL_CH}]{{1,2}}[카가사자]와$")
#: A Western name written as two Hangul words, the surname up to four syllables ("클레어 던햄",
#: "크리스틴 스튜어트"); the surname is only looked at, so that "배우 클레어 던햄" can join its last two.
_KO_WESTERN_PAIR = re.compile(
    rf"([{_HANGUL_CH}](?<![{_HANGUL_CH}_].)[{_HANGUL_CH}]{{0,4}}) "
    rf"(?=([{_HANGUL_CH}]{{1,4}}?)(?:[·,、♥×(（]|과|와|이|가|은|는|의|도|\s|$))"
)
#: Syllables that transliterate and native Korean words and names rarely hold: a consonant with ㅡ and
#: no final ("스", "트", "크", or with ㄹ/ㄴ: "클", "슨") and ㅔ after a consonant names rarely take ("레", "테").
_KO_LOAN_SYLLABLE = re.compile(
    "[스트크프브드즈츠르흐므클블플슬틀즐츨튼슨든븐픈큰렌레메케테페베셰헤잭햄맥퍼톰캐켈엘앤앨릭닉]"
)
#: Loanwords of the trade that stand in pairs as a name does ("로맨틱 코미디", "오리지널 시리즈").
_KO_LOANWORDS = frozenset(
    ["드라마", "시리즈", "시즌", "스릴러", "코미디", "로맨스", "로맨틱", "미스터리", "판타지", "액션", "호러", "스토리",
     "캐릭터", "에피소드", "오리지널", "넷플릭스", "디즈니", "플러스", "플레이", "티빙", "웨이브", "프로듀서", "스태프",
     "포스터", "티저", "트레일러", "스틸", "메이킹", "필름", "무비", "뮤지컬", "콘서트", "팬미팅", "타이틀", "트랙",
     "뮤직비디오", "스페셜", "에디션", "프리미어", "스크린", "시네마", "아카데미", "골든", "글로브", "페스티벌", "어워즈",
     "클래스", "마스터", "스타", "슈퍼", "스포츠", "뉴스", "프로젝트", "크리에이터", "스튜디오", "엔터테인먼트",
     "컴퍼니", "픽처스", "미디어", "라인업", "캐스트", "투어", "월드", "글로벌", "코리아", "할리우드", "애플", "아마존",
     "프라임", "비디오", "파라마운트", "피콕", "훌루", "맥스", "블랙", "다크", "레드", "블루", "그린", "화이트", "골드",
     "실버", "베스트", "리틀", "미스", "미스터", "닥터", "킹", "퀸", "프린스", "프린세스", "스트리밍", "플랫폼", "서비스",
     "콘텐츠", "텐트폴", "블록버스터", "리메이크", "스핀오프", "프리퀄", "시퀄", "에피소드", "파트", "버전", "스케일",
     "케미", "케미스트리", "비주얼", "스타일", "패션", "브랜드", "광고", "모델", "화보", "매거진", "인터뷰", "스케줄",
     "텍스트", "스크립트", "리딩", "세트", "로케이션", "크랭크인", "크랭크업", "스포일러", "엔딩", "오프닝", "테마", "사운드트랙",
     "히어로", "빌런", "좀비", "크리처", "서스펜스", "다큐멘터리", "애니메이션", "웹툰", "게임", "트렌드", "차트", "랭킹",
     "톱", "베테랑", "레전드", "아이콘", "스크린", "데뷔", "컴백", "오디션", "트레이닝", "드레스", "레드카펫", "카펫"]
)
_HANGUL_ANY = re.compile(f"[{_HANGUL_CH}]")
_HANGUL_RUN = re.compile(f"[{_HANGUL_CH}]+")
#: A bracketed romanisation or Hanja/Kanji form after a Korean word (no Hangul inside):
#: the word is read without it, its particle rejoined ("오구리 슌(小栗旬)과").
_KO_FOREIGN_GLOSS = re.compile(rf"(?<=[{_HANGUL_CH}])[(（][^)）{_HANGUL_CH}\n]{{1,30}}[)）]")
_KO_ACTOR_AS = re.compile(rf"[(（]([{_HANGUL_CH}]{{2,4}})\s*분[)）]")
_KO_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=다\.)")
_NON_SPACE = re.compile(r"\S+")
_KO_CUE_AFTER = re.compile(r"(?:주연|출연|캐스팅|합류|물망|특별출연|카메오)(?:을|를|이|은|의|한다|했다|하는|확정|으로|\s|$|…|,)")
_KO_NAME_END = re.compile(rf"(?:[이가은는도,·와과]|[{_HANGUL_CH}]{{2,4}}(?<![로에를을의]))$")
_KO_CUE_WORDS = re.compile(
    r"출연|주연|캐스팅|합류|물망|역할|역으로|역을|분한다|분해|열연|호흡|낙점|발탁|출격|특별출연|카메오|"
    r"주인공|연기|맡|제안|검토|확정|배우|재회|만난다|뭉쳤|뭉친|돌아온|귀환|컴백|참석|열애|결혼|임신|입대|수상|"
    r"들어선|나선|등장|선보|변신|활약|그린다|호흡|하차|투입|대체|"
    # an award's category: "남녀조연상은 … 박지환과", "신인남우상은 이재인", "채원빈은 신인상을 받았다"
    r"(?:[남여]우|남녀|신인|주연|조연|연기|인기|우수|공로|특별|커플|대)상(?:은|을|의|에|과|,|\s|$)"
)


@lru_cache(maxsize=_MEMO)
def _ko_word(raw: str) -> tuple[int, bool, tuple[tuple[str, str], ...], bool, bool, bool] | None:
    """What a space-separated Korean token says on its own: ``(pieces, listed, shapes,
    any strong shape, ends like a role "…역을", ends like a name + particle)``, or
    ``None`` when no piece of it is name-shaped."""
    if not _HANGUL_ANY.search(raw):
        return None
    pieces = [p for p in _KO_SEPARATORS.split(raw) if p]
    tail = raw.rstrip(_KO_PUNCTUATION)
    shapes = tuple(
        (bare, shape) for bare, shape in (
            (bare, _ko_shape(bare, at < len(pieces) - 1 or not tail.endswith(bare)))
            for at, bare in enumerate(_ko_strip(p) for p in pieces)
        ) if shape
    )
    if not shapes:
        return None
    return (
        len(pieces),
        len(pieces) > 1 or _ko_list_end(raw),
        shapes,
        any(shape == "strong" for _, shape in shapes),
        raw.endswith(("역", "역을", "역으로", "역에")),
        bool(_KO_NAME_END.search(raw)),
    )


def _ko_list_end(raw: str) -> bool:
    """``raw`` ends like an item of a list of names: "김수현," or "김수현과", not
    "1년 뒤를 배경으로," (a word with its particle before the comma)."""
    if raw.endswith(("와", "과")):
        return True
    if not raw.endswith((",", "·")):
        return False
    last = _KO_SEPARATORS.split(raw.rstrip(",·"))[-1].strip(_KO_PUNCTUATION)
    return _ko_strip(last) == last


@lru_cache(maxsize=_MEMO)
def _ko_any_strong(raw: str) -> bool:
    return any(_ko_shape(_ko_strip(p)) == "strong" for p in _KO_SEPARATORS.split(raw) if p)


def _find_people_korean(text: str, masked: list[tuple[int, int]]) -> list[tuple[str, str, str | None]]:
    found: list[tuple[str, str, str | None]] = []
    guessed: list[tuple[str, str, str | None]] = []

    def join_pair(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        shape = _ko_shape(first)
        if match.string.endswith("그룹 ", 0, match.start()):
            return match.group(0)  # "그룹 블루문 하람이": the group's name, then the member's
        japanese = bool(_KO_JAPANESE_SURNAME_END.search(first))
        if (
            (_ko_strip(first) == first or japanese) and second not in _KO_SHORT_STOP
            and (shape == "weak" or shape == "strong" and (len(second) == 1 or japanese or given_after(match)))
        ):
            return f"{first}_{second}"
        return match.group(0)

    def given_after(match: re.Match[str]) -> bool:
        """"기무라 유토가": a foreign surname that reads like a Korean name, then a given name of two
        syllables that is its clause's subject or listed (its particle or a list's mark after it, no
        의): a word of the trade or a common one never follows a full name so ("정해인 촬영 돌입").
        The pair must read as Japanese written in Hangul, and the first word must not stand alone
        with a particle elsewhere: "배우 김수현 사진이" or "이민호 본인이 … 이민호는" is a Korean full
        name and a noun about its person."""
        first, second, rest = match.group(1), match.group(2), match.string[match.end():]
        word = (second + rest).split(None, 1)[0].rstrip(_KO_PUNCTUATION)
        return (
            len(second) == 2 and word != second and not word.endswith("의") and _ko_shape(second) is not None
            and (_ko_strip(word) == second or _KO_SEPARATORS.match(rest) is not None)
            and not _KO_CUE.search(second) and _KO_BEFORE_NAME.fullmatch(second) is None
            and _ko_reads_as_kana(first + second) and not written_alone(first)
        )

    def written_alone(name: str) -> bool:
        """Whether ``name`` is written somewhere in the text as a word of its own with a particle
        ("김수현은", "이민호가"): a Korean full name, not the surname of a Japanese name."""
        at = text.find(name)
        while at != -1:
            end = at + len(name)
            if at == 0 or not _HANGUL_ANY.match(text, at - 1):
                token = _HANGUL_RUN.match(text, at)
                bare = token.group(0) if token else name
                if len(bare) > len(name) and _ko_strip(bare) == name:
                    return True
            at = text.find(name, end)
        return False

    def join_western(match: re.Match[str]) -> str:
        """"클레어 던햄": two words that read as a transliteration, neither a word of the trade
        or a common one, the first with no particle; the cues decide later whether it is a name."""
        first, second = match.group(1), match.group(2)
        if match.string.endswith("그룹 ", 0, match.start()):
            return match.group(0)  # "그룹 블루문 하람이": the group's name, then the member's
        if (
            _ko_strip(first) == first
            and not any(_ko_shape(word) == "strong" and not _KO_LOAN_SYLLABLE.search(word) for word in (first, second))
            and (_KO_LOAN_SYLLABLE.search(first) or _KO_LOAN_SYLLABLE.search(second))
            and not any(word in _KO_STOP or word in _KO_LOANWORDS or word in _KO_SHORT_STOP
                        or _KO_BEFORE_NAME.fullmatch(word) or _KO_CUE.search(word) for word in (first, second))
        ):
            return f"{first}_"
        return match.group(0)

    for _line_start, line in _lines(_blank(text, masked)):
        if "(" in line or "（" in line:
            line = _KO_FOREIGN_GLOSS.sub("", line)  # "한효주(Han Hyo-joo)가" reads as "한효주가"
            # the actor after the character, as a recap writes them: "세자 이현(이도윤 분)이"
            found.extend((actor, "cast", None) for actor in _KO_ACTOR_AS.findall(line) if _ko_shape(actor))
        joined = _KO_FOREIGN_PAIR.sub(join_pair, line)
        if _KO_LOAN_SYLLABLE.search(joined):
            joined = _KO_WESTERN_PAIR.sub(join_western, joined)
        for sentence in _KO_SENTENCE_END.split(joined):
            if not _HANGUL_ANY.search(sentence):
                continue
            sentence_cue = bool(_KO_CUE_WORDS.search(sentence))
            # "…" joins clauses in a headline ("첫 촬영 시작…최우진·문가은 호흡"), not names
            sentence = sentence.replace("…", "… ")
            tokens = list(_NON_SPACE.finditer(sentence))
            no_names = _ko_phrases_of_things(tokens)
            for position, token_match in enumerate(tokens):
                raw = token_match.group(0)
                word = _ko_word(raw)
                if word is None or position in no_names:
                    continue  # no Korean name-shaped piece in it, or a setting or a pair of feelings
                pieces, listed, shapes, any_strong, role_end, name_end = word
                # the words before (up to 3: the longest cue spans 3) and the text after, in place
                last_before = tokens[position - 1].end() if position else 0
                following_start = tokens[position + 1].start() if position + 1 < len(tokens) else len(sentence)
                next_raw = tokens[position + 1].group(0) if position + 1 < len(tokens) else ""
                next_bare = _ko_strip(next_raw)
                next_shape = _ko_shape(next_bare) if next_raw else None
                if role_end or sentence.startswith(("역", "役"), following_start) or _describes_role(tokens, position):
                    continue  # a character name: "김도기 역을 맡는다", or what the character is: "천문대 관측원 한서윤 역"
                if position and tokens[position - 1].group(0) in _KO_STORY_ROLES:
                    continue  # a character after what it is in the story: "세관 공무원 한도윤과 형사 차수아의 이야기"
                if _ko_adjective(raw, shapes[-1][0], next_raw) and not (position and _KO_BEFORE_NAME.search(
                        sentence, tokens[max(0, position - 3)].start(), last_before)):
                    continue  # an adjective before its noun: "고마운 동료", "조용한 마을" (but "배우 변요한 소속사")
                if position and raw.rstrip(_KO_PUNCTUATION).endswith(_KO_INTENT_END) \
                        and tokens[position - 1].group(0).rstrip(_KO_PUNCTUATION).endswith(_KO_OBJECT_END):
                    continue  # a verb after its object: "식물원을 지키려는 정원사"
                if sentence.startswith("기자", following_start):
                    continue  # the reporter's byline: "(서울=연합뉴스) 이수진 기자 =", "[OSEN=김민지 기자]"
                if sentence.startswith(_KO_CREW_AFTER, following_start) or (
                        position and _KO_SEPARATORS.split(_KO_OPENING.split(tokens[position - 1].group(0))[-1])[-1]
                        .rstrip(":：") in _KO_CREW_BEFORE):
                    continue  # the crew, not the cast: "유제원 PD가 연출", "김진민 감독이", "극본 정세라"
                if position + 2 < len(tokens) and next_raw == next_bare and raw == raw.strip(_KO_PUNCTUATION) == _ko_strip(raw) \
                        and sentence.startswith(_KO_CREW_AFTER, tokens[position + 2].start()):
                    continue  # what the crew member is, before the name: "원작자 강풀 작가가", "웹툰 작가 출신 김은희 작가"
                before_cue = position > 0 and bool(
                    _KO_BEFORE_NAME.search(sentence, tokens[max(0, position - 3)].start(), last_before)
                )
                after_cue = name_end and bool(_KO_CUE_AFTER.match(sentence, following_start)) or (
                    # the actor opening a clause before the role: "로운이 세자 이현 역을, 조이현이 …"
                    (position == 0 or tokens[position - 1].group(0).endswith(","))
                    and raw.rstrip(_KO_PUNCTUATION)[-1:] in _KO_NAME_PARTICLE
                    and raw.rstrip(_KO_PUNCTUATION) != shapes[-1][0] and _ko_role_ahead(tokens, position)
                )
                list_with_name = len(shapes) > 1 and any_strong or (
                    _ko_list_end(raw) and next_shape == "strong"
                ) or bool(
                    position > 0 and sentence[last_before - 1] in ",·와과"
                    and _ko_any_strong(tokens[position - 1].group(0))
                )
                # a headline's clause opens with its subject and a comma, also after "…": "예고편 공개…남지환, 밀수 조직과"
                headline_start = (position == 0 or tokens[position - 1].group(0).endswith("…")) and raw.endswith((",", "·"))
                bare_token = raw.rstrip(_KO_PUNCTUATION) == shapes[-1][0]  # no particle, no separator
                cue_next = bool(_KO_CUE_WORDS.match(next_raw))
                for bare, shape in shapes:
                    accept = (
                        before_cue or after_cue
                        or list_with_name
                        or (shape == "strong" and (sentence_cue or headline_start))
                        or (shape == "strong" and pieces > 1)
                    )
                    if not accept or not (shape == "strong" or before_cue or after_cue or list_with_name or listed):
                        continue
                    if shape != "strong" and not (before_cue or after_cue or sentence_cue or pieces > 1 and any_strong):
                        # a word with no surname (or two words) after a name's particle or comma, with no casting
                        # word, is a thing: "남지환, 밀수 조직과 정면 대결", "남지환과 컨테이너를 살피는" (but
                        # "아이유·박보검": bound to a name by a list's mark)
                        continue
                    if _KO_BEFORE_NAME.fullmatch(bare):
                        continue  # the trade before a name is no name: "방송인 김태오, 가수 류지환과"
                    # a surname-shaped word with only a cue somewhere in its sentence, or a word that is not
                    # and has no particle, may be what the next word is about: "사라진 약혼자", "고정 출연"
                    sure = before_cue or (
                        shape == "strong" and (after_cue or list_with_name or headline_start or pieces > 1 or cue_next
                                               or _ko_subject(raw.rstrip(_KO_PUNCTUATION), bare))
                        or (after_cue and list_with_name or not bare_token and (after_cue or list_with_name))
                    )
                    (found if sure else guessed).append((bare.replace("_", " "), "cast", None))
    # a word read as a name only for a cue somewhere in its sentence, or before a cue with no
    # particle, is a name when the article also writes it as one: as the subject ("사진관을",
    # "사라진 약혼자", "초연 캐스팅" never are) or named elsewhere
    names = {name for name, _role, _of in found}
    people = found + [
        guess for guess in guessed if guess[0] in names or _ko_subject(text, guess[0])
    ]
    characters = _ko_characters(text) if ("로" in text or "연기" in text or "극" in text) else set()
    return [item for item in people if item[0] not in characters or _ko_actor_by_trade(text, item[0])]


def _ko_actor_by_trade(text: str, name: str) -> bool:
    """Whether ``text`` introduces ``name`` by the trade "배우", with or without its particle:
    "배우 정우빈이 … 주인공으로 나선다" names the actor, even where "극 중 정우빈은" reads as a character."""
    return any(_ko_strip(name + match.group(1)) == name
               for match in re.finditer(rf"배우\s*{re.escape(name)}([{_HANGUL_CH}]*)", text))


def _ko_subject(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` as a clause's subject or topic, or in a list
    ("윤서진과", "김수현,"); "마주하는" is a verb, not 마주하 + 는."""
    # a match of (?<![가-힣]){word}(은|는|이|…)(?![가-힣]) that is no verb, found with str.find rather than
    # with a pattern compiled for each word (an empty word, never a name, has the pattern's own answer)
    if not word:
        return _KO_PARTICLE_ALONE.search(text) is not None
    at = text.find(word)
    while at >= 0:
        after = at + len(word)
        particle = None if at and _is_syllable(text[at - 1]) else next(
            (p for p in _KO_SUBJECT_PARTICLES
             if text.startswith(p, after) and not _is_syllable(text[after + len(p): after + len(p) + 1])), None)
        if particle is not None and not (word.endswith("하") and particle == "는"):
            return True
        at = text.find(word, after + len(particle) if particle is not None else at + 1)
    return False


#: The particles (and list marks) after a subject, topic or listed name, as :func:`_ko_subject` tries them.
_KO_SUBJECT_PARTICLES = ("은", "는", "이", "가", "도", "과의", "와의", "과", "와", ",", "·")
_KO_PARTICLE_ALONE = re.compile(rf"(?<![{_HANGUL_CH}])(?:{'|'.join(_KO_SUBJECT_PARTICLES)})(?![{_HANGUL_CH}])")


def _is_syllable(char: str) -> bool:
    """A Hangul syllable (``[가-힣]``); False for the empty string."""
    return "\uac00" <= char <= "\ud7a3" and len(char) == 1


#: A verb's "meaning to" before the noun it describes ("지키려는", "사들이려던"), and the particles of the
#: object or place such a verb takes before it ("식물원을 지키려는").
_KO_INTENT_END = ("려는", "려던", "려고", "려면")
_KO_OBJECT_END = ("을", "를", "에", "에게", "에서", "로")
#: The verb of playing a role, after the actor and before the character: "이도현이 연기하는 강태오", "맡은", "분한"
#: (not "연기할": "이도현이 연기할 때" is "when 이도현 acts").
_KO_PLAYING = r"(?:연기(?:하는|한|했던)|맡(?:은|는|을|았던)|분(?:하는|한|할))"
#: What may say what a character is between the verb of playing and its name: a word that describes
#: ("냉철한", "차가운") and the noun it describes ("냉철한 검사 강태오"); never a noun right after the verb
#: ("연기하는 동안 김하늘이", "맡은 역할에 김하늘이": the time, the role, not the character).
_KO_CHARACTER_GLOSS = rf"(?:[{_HANGUL_CH}]+(?:한|는|은|운|던|인|된)\s+(?:[{_HANGUL_CH}]+\s+)?)?"
#: A character, not its actor: "주인공 한서윤으로 출연한다", "강이준으로 변신", "서하늘을 연기한다",
#: "극 중 한서윤은" (the actor is the subject: "최가온이 … 한서윤으로 출연한다"), the one an actor plays
#: ("이도현이 연기하는 (냉철한 검사) 강태오는"; see :data:`_KO_CHARACTER_GLOSS`). Not the actor "극 중" opens a sentence with: "극 중 이도현이
#: 연기하는 …", "극 중 김하늘은 윤서진 역을 맡아".
_KO_CHARACTER = re.compile(
    rf"(?<![{_HANGUL_CH}])([{_HANGUL_CH}]{{2,4}}?)(?:(?:으로|로)\s*(?:출연|변신|등장|분(?:해|한|했|하|할)|열연|활약|돌아)"
    rf"|[을를]\s*연기(?:한|하|해|했|할))"
    rf"|극\s*중\s+(?![{_HANGUL_CH}]{{2,4}}[은는이가](?:\s*{_KO_PLAYING}|[^.,\n]*?[{_HANGUL_CH}]\s*역(?:을|으로)))"
    rf"([{_HANGUL_CH}]{{2,4}}?)(?:[은는이가의을를]|으로|로|과|와)?(?![{_HANGUL_CH}])"
    rf"|(?<=[{_HANGUL_CH}][이가])\s+{_KO_PLAYING}\s+{_KO_CHARACTER_GLOSS}([{_HANGUL_CH}]{{2,4}}?)"
    rf"(?:[은는이가의을를]|으로|로|과|와)(?![{_HANGUL_CH}])"
)


def _ko_characters(text: str) -> set[str]:
    """The characters ``text`` names by what is said of them (see :data:`_KO_CHARACTER`)."""
    return {name for match in _KO_CHARACTER.finditer(text) for name in match.groups() if name}


#: What follows "A와 B를" when A and B are things between which one moves: "부성애와 광기를 오가는 연기".
_KO_BETWEEN = re.compile(r"(?:오가|오간|오갔|넘나들|넘나드|넘나든|넘나|아우르|아우른)")
#: Where a story is set: "바닷가 소도시의 작은 서핑 숍을 배경으로".
_KO_SETTING = re.compile(r"(?:배경으로|배경이다|무대로)")
#: Adjectives (and verbs) before a noun end in 운 or 한: "고마운 동료", "조용한 마을".
_KO_ADJECTIVE_END = ("운", "한")


def _ko_phrases_of_things(tokens: list[re.Match[str]]) -> set[int]:
    """Positions of words that name things, not people: the pair in "A와 B를 오가는" (between
    feelings, genres) and the place before "…을 배경으로" back to the sentence's subject."""
    words = [match.group(0) for match in tokens]
    found: set[int] = set()
    for at, word in enumerate(words):
        if at + 2 < len(words) and word.endswith(("와", "과")) and words[at + 1].endswith(("을", "를")) \
                and _KO_BETWEEN.match(words[at + 2]):
            found.update((at, at + 1))
        if at + 1 < len(words) and word.endswith(("을", "를")) and _KO_SETTING.match(words[at + 1]):
            found.add(at)
            for back in range(at - 1, max(-1, at - 6), -1):
                before = words[back].rstrip(_KO_PUNCTUATION)
                bare = _ko_strip(before)
                if before[-1:] in ",." or before != bare and before[-1:] in _KO_NAME_PARTICLE and _ko_shape(bare):
                    break  # the subject: "김태리가 사는 마을을 배경으로"
                found.add(back)
    return found


def _ko_role_ahead(tokens: list[re.Match[str]], position: int) -> bool:
    """The words after ``position`` name a character, with no particle, up to its 역:
    "세자 이현 역을" after "로운이"."""
    for at in range(position + 1, min(position + 4, len(tokens))):
        word = tokens[at].group(0)
        if word.startswith("역") or word.endswith(("역", "역을", "역으로", "역에", "역,", "역을,")):
            return at > position + 1
        if _ko_strip(word) != word.strip(_KO_PUNCTUATION):
            return False
    return False


def _ko_adjective(raw: str, bare: str, next_raw: str) -> bool:
    """A word ending in 운 or 한 with nothing after it, before a noun that is no casting
    word: an adjective or a verb's modifier ("고마운 동료"), not a name ("배우 이한 주연")."""
    word = raw.strip(_KO_PUNCTUATION)
    following = next_raw.lstrip(_KO_PUNCTUATION)
    return (
        word == bare and bare.endswith(_KO_ADJECTIVE_END) and _HANGUL_ANY.match(following) is not None
        and not _KO_CUE_AFTER.match(following) and _ko_strip(following) not in _KO_SHORT_STOP
        and not following.startswith(("역", "役", "씨", "측", "등", "소속사"))
    )


#: A character's name with its actor in brackets: "윤재하(박보검", "송이나(김태리)".
_KO_CHARACTER_WITH_ACTOR = re.compile(rf"[{_HANGUL_CH}][(（][{_HANGUL_CH}]{{2,4}}")


def _describes_role(tokens: list[re.Match[str]], position: int) -> bool:
    """The word at ``position`` describes a character, with no particle up to the role's 역 or
    the character's name with its actor in brackets: "천문대" and "우체국" in "김태리는 천문대 관측원
    한서윤 역을, 박보검은 우체국 집배원 이도하 역을", "우체부" in "우체부 윤재하(박보검 분)"."""
    for at, match in enumerate(tokens[position: position + 4], start=position):
        word = match.group(0)
        if word.startswith("역") or word.endswith(("역", "역을", "역으로", "역에", "역,", "역을,")):
            return match is not tokens[position]
        if word.endswith("로") and at + 1 < len(tokens) and tokens[at + 1].group(0).startswith("분"):
            return True  # who the actor plays: "제지 가문의 라이벌 후계자로 분해", "라이벌로 분한다"
        if _KO_CHARACTER_WITH_ACTOR.search(word):  # "우체부 윤재하(박보검 분)", "사진관 주인 송이나(김태리)"
            return match is not tokens[position]
        if _ko_strip(word) != word.strip(_KO_PUNCTUATION):  # a particle: the actor ("김태리는")
            return False
    return False


def _elsewhere(text: str, shows: Sequence[Any]) -> list[tuple[int, int]]:
    """Where the titles found are written again, unquoted: "종이 왕관 캐스팅" in a headline
    above "'종이 왕관'은" is no name "왕관"."""
    return [span for title in {show.text for show in shows if len(show.text) >= (2 if _CJK.search(show.text) else 4)}
            for span in _occurrences(text, title)]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans replaced by spaces (same length)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _lines(text: str) -> list[tuple[int, str]]:
    result = []
    position = 0
    for line in text.split("\n"):
        result.append((position, line))
        position += len(line) + 1
    return result



# --------------------------------------------------------------------------- people (Japanese)

_JA_HIRA_TAIL = "".join(
    chr(c) for c in range(0x3041, 0x3097) if chr(c) not in "がはもをとのにでへや"
)
#: The trades a name is introduced by ("俳優の山田裕貴", "女優・桜井ゆい"), which a sports paper writes right before
#: the name, with no particle: "俳優山田裕貴（33）が".
_JA_TRADES = "俳優|女優|歌手|声優"
_JA_TRADE_GLUED = f"(?:{_JA_TRADES})"
_JA_TRADE_GLUED_RE = re.compile(_JA_TRADE_GLUED)
#: A family name in kanji and a given name of kana and 子 or 代 (松たか子, 石田ゆり子, 和田アキ子, 大山のぶ代), which
#: :func:`_ja_clean` keeps only where UniDic reads a family name first and no verb, adjective or particle after it
#: (not "生まれた子", "隣の子", "売れっ子").
_JA_KANA_KO = rf"[{_KANJI_CH}]{{1,3}}(?:[{_HIRA_CH}]{{1,3}}|[{_KATA_CH}]{{1,3}})[子代](?:(?![{_KANJI_CH}{_KATA_CH}])|(?=主演|出演|共演))"
_JA_KANA_KO_RE = re.compile(_JA_KANA_KO)
_JA_NAME = (
    # a space may part family and given name ("森下　結衣", "小松 ひなた"), not two names: "森下結衣　中川健太の同僚役"
    # holds a full name of four kanji before it, a given name the next kanji goes on from after it; a sports
    # paper glues the trade to the name ("女優藤咲 凛（ふじさき・りん＝27）", "俳優高村蒼真"), which _ja_clean cuts off
    rf"(?:(?:(?:{_JA_TRADE_GLUED})?[{_KANJI_CH}]{{1,3}}[ 　](?:[{_KANJI_CH}]{{1,3}}(?:(?![{_KANJI_CH}])|(?=主演|出演|共演))(?<![{_KANJI_CH}]{{3}}[ 　][{_KANJI_CH}]{{3}})"
    rf"|[{_HIRA_CH}]{{1,2}}[{_JA_HIRA_TAIL}](?![{_JA_HIRA_TAIL}]))|"
    rf"[{_KANJI_CH}]{{1,4}}[{_KANJI_CH}]{{1,3}})(?:[{_HIRA_CH}]{{0,2}}[{_JA_HIRA_TAIL}])?|"
    rf"[{_KANJI_CH}]{{2,3}}[{_HIRA_CH}]{{1,2}}[{_JA_HIRA_TAIL}]|"
    rf"[{_KATA_CH}]{{1,10}}(?:[・=＝][{_KATA_CH}]{{1,10}})+|[{_KANJI_CH}]{{1,3}}[{_KATA_CH}]{{2,4}}|{_JA_KANA_KO})"
)
#: What parts names in a list ("桜井 ゆいと、中川大志"); a と with hiragana after it is a given name's kana
#: ("石原さとみ", "山田 ことね"), not "and".
_JA_SEPARATOR = rf"(?:、|と(?![{_HIRA_CH}])、?|，|,|×|＆|&|・(?=[\u4e00-\u9fff\uf900-\ufaff]))"
_JA_PAREN = r"(?:[（(][^）)]{1,15}[）)])?"
#: A kana given name ending in の, which _JA_NAME reads as a particle (桜井ひなの), where only a name
#: can stand: before a list's separator ("桜井ひなの×永瀬陸") or punctuation ("桜井ひなの、初の…").
_JA_NAME_NO = rf"[{_KANJI_CH}]{{2,3}}[{_HIRA_CH}]{{1,2}}の"
_JA_LIST = (rf"(?:(?:{_JA_NAME}|{_JA_NAME_NO})(?:さん)?\s*{_JA_PAREN}\s*{_JA_SEPARATOR}\s*)*"
            rf"(?:{_JA_NAME}|{_JA_NAME_NO}(?=[、，,×＆&・（(」』\s]|$))")
_JA_CUE_WORDS = (
    r"(?:W主演|ダブル主演|初主演|主演|(?:特別|友情|ゲスト)?出演|共演|キャスト|起用|抜擢|演じ|扮する|役を|役で|続投|座長|"
    r"結婚|交際|熱愛|離婚|妊娠|受賞|インタビュー|再集結|集結|登場(?!人物)|出席)"
)
_JA_CUE = re.compile(
    # "山中崇史らおなじみのキャストも続投": the cast a list ends with
    r"(?:さん)?(?:コンビ|トリオ|ペア)?(?:ら(?:(?:おなじみの|お馴染みの|豪華|主要|レギュラー)?キャスト陣?)?|の\d人|"
    r"の[二三四五]人)?"
    r"(?:が|は|も|を|の|、|とは|と)?\s*(?:再び|初めて)?"  # "吉岡里帆とダブル主演": the one co-starring
    r"(?:連ドラ|連続ドラマ|ドラマ|映画|月9|新ドラマ|日曜劇場|朝ドラ)?(?:で)?(?:初|単独)?" + _JA_CUE_WORDS
)
_JA_CUE_FORWARD = re.compile(
    r"(?:(?:主演|出演|出演者|キャスト|共演|共演者|MC|司会|ナレーション)(?:には|は|に)|共演の|主演を務める|主演を務めるのは|(?:新|追加)?キャストとして|"
    r"[（(](?:主演|出演)[・:：]|ヒロイン(?:役)?(?:は|に)|役(?:を|は|に|の|には|で))、?\s*(?:ベテランの|若手の|実力派の|人気の)?"
)
#: Words that name a role in the story, not a person: "相手役", "経理部長", "代表" (a suffix
#: covers longer words: 画家 漫画家, 官 調査官 and 事務官, 劇 時代劇).
_JA_ROLE_WORDS = (r"(?:役|部長|社長|代表|課長|係長|会長|店長|局長|検事|刑事|弁護士|記者|医師|教師|主人公|官|判事|司書|店主|医|劇|"
                  r"作家|画家|小説家|脚本家|作曲家|建築家|写真家|配達員|会社員|公務員|看護師|探偵|高校生|大学生|中学生|相棒|証人)")
_JA_ROLE_NOUN = re.compile(_JA_ROLE_WORDS + "$")
_JA_ROLE_AFTER = re.compile(r"(?:・[^、。]{1,8})?役")
#: The one a cue names right before the subject's particle: the lead, a co-star or the one cast in a part ("主演の長澤まさみは",
#: "ヒロイン役の広瀬すずが", "共演の池田エライザも"), or the one a relative clause says appears or plays ("ドラマに出演する
#: 長澤まさみは", "主人公を演じる長澤まさみは", "主演を務める広瀬すずが"); never the one played ("広瀬すずが演じる春香は").
_JA_THE_ONE_CUE = (r"(?:(?:W主演|ダブル主演|主演|出演|共演|主人公役|ヒロイン役)の|(?<![がの])(?:出演|主演|共演)(?:する|した|中の)|"
                   r"を演じ(?:る|た)|(?:主演|主役|主人公|ヒロイン|役)を務め(?:る|た))")
#: What follows the one a cue names: perhaps the age, then the subject's particle or a comma.
_JA_SUBJECT_END = rf"(?:さん)?\s*{_JA_PAREN}[はがも、]"
_JA_CUE_THE_ONE = LazyPattern(rf"{_JA_THE_ONE_CUE}({_JA_LIST})(?={_JA_SUBJECT_END})")
_JA_THE_ONE_CUE_BEFORE = re.compile(_JA_THE_ONE_CUE + "$")
#: Names _JA_NAME does not read, alone before the subject's particle: a family name in kanji and a kana given name
#: ending in の (岸井ゆきの), which it reads up to the の, and a stage name in katakana (ムロツヨシ), which it reads
#: only in a list of names. A name where a cue names the one before it or follows it ("岸井ゆきのが出演する").
_JA_NAME_ALONE = LazyPattern(
    rf"(?<![{_KANJI_CH}{_KATA_CH}・=＝])(?:([{_KANJI_CH}]{{2,3}})[{_HIRA_CH}]{{1,2}}の|([{_KATA_CH}]{{4,10}}))(?={_JA_SUBJECT_END})"
)
_JA_LEADING = LazyPattern(rf"^\s*(?:【[^】]*】)?\s*(?:[A-Z][A-Za-z0-9&'.]*)?({_JA_LIST})\s*(?=[、「『」]|\s|$)")
#: (Not the crew: "大根仁が監督を務める", "脚本は…".)
_JA_SUBJECT = LazyPattern(
    rf"(?:^|[。\s、」』]|(?<=俳優|女優)・)({_JA_LIST})(?:さん)?(?:ら)?(?:が|は)"
    r"(?!監督|脚本|演出|原作|プロデュース|主題歌|音楽|撮影|編集|行われ|開催され|開かれ)"  # "記者会見が行われ": an event
)
_JA_BEFORE_QUOTE = LazyPattern(rf"(?:^|[、\s])({_JA_NAME})(?=[「（(])")
_JA_STOP = frozenset(
    ["本作", "同作", "主人公", "作品", "原作", "主演", "共演", "俳優", "女優", "放送", "配信", "映画", "連続", "新作", "続編", "今作", "同局", "初主演", "出演", "二人", "本人", "監督", "脚本", "制作", "撮影", "日本", "韓国", "番組", "同ドラマ", "本ドラマ", "新ドラマ", "連ドラ", "物語", "役柄", "人物", "恋人", "主要", "豪華", "実力派", "人気", "話題", "注目", "今回", "初共演", "再共演", "共同", "全員", "女性", "男性", "彼女", "彼", "二人の", "同作品", "劇中", "日曜劇場", "月9", "木曜劇場", "金曜ドラマ", "土曜ドラマ", "連続テレビ小説", "大河ドラマ", "朝ドラ", "主題歌", "挿入歌", "追加", "キャスト", "発表", "決定", "解禁", "公開", "配信決定", "放送決定", "新キャスト", "各氏", "ほか", "他", "など", "計", "以下", "以上", "同シリーズ", "原作者", "漫画", "小説", "実写", "実写化", "舞台", "初回", "最終回", "第", "期", "年", "月", "日", "今年", "来年", "今秋", "今冬", "今春", "今夏", "来春", "来夏", "来秋", "来冬", "昨春", "昨夏", "昨秋", "昨冬", "人気漫画", "続投", "姉妹", "四姉妹", "三姉妹", "生徒役", "生徒", "先生", "座長", "全話", "世界", "独占", "同局系", "系列", "局", "都内", "現場", "本予告", "予告", "映像", "写真", "場面写真", "最新作", "劇場版", "前作", "続編制作", "第2弾", "共演者", "出演者", "視聴者", "主人", "以前", "以後", "以来", "今後", "当時", "同時", "最後", "最初", "前回", "今回の", "特別", "友情", "優秀", "日韓", "日中", "仕事", "妊娠",
     # who speaks or is spoken of, not by name: "必ず自分が演じたい"
     "自分", "自身", "自分自身", "私自身", "僕自身", "我々", "私達", "私たち", "僕たち", "僕ら", "俺たち", "皆さん", "皆様",
     "誰か", "一同", "相手", "互い", "お互い", "家族", "当人", "全員で",
     # where a first happens: "同枠初主演", "民放初出演"
     "同枠", "民放", "地上波", "同時間帯"]
)
_JA_STOP_PARTS = (
    "主演", "出演", "ドラマ", "映画", "作品", "配信", "放送", "原作", "監督", "脚本", "発表", "決定",
    "続投", "姉妹", "公開", "制作", "撮影", "視聴", "予告", "写真", "劇場", "番組", "シリーズ", "シーズン",
    "オリジナル", "キャスト", "共演", "独占", "参加", "登場", "賞", "開催", "スタート",
    "コンビ", "トリオ", "ペア",  # "水谷豊＆寺脇康文コンビ続投"
    "部門", "動画", "拡大", "抜擢", "起用",  # "作品賞・邦画部門は", "予告編・動画", "初回15分拡大 出演："
    "広報", "宣伝",  # a press release's contact: "テレビ朝日 広報部"
    "興業", "芸能", "事務所",  # a company: "出演する吉本興業は", "東宝芸能"
    "挑戦", "初出",  # "料理人役に初挑戦", a correction's "初出時、…"
    "合作", "製作",  # "日韓合作ドラマ", "共同製作": how a show is made
)
#: Dates and counts inside a would-be name ("1月期", "今年", "毎週月曜"); a plain 月 or 日
#: is common in given names (美月, 日向).
_JA_DATE_PART = re.compile(r"[0-9０-９一二三四五六七八九十]+[年月日回話]|[月年]期|[今来昨毎先][年月日週回]|[月火水木金土日]曜|[年回話時]$|^[年回話]")
#: Katakana words a cast list may hold that are no one's name.
_JA_KANA_WORDS = frozenset(
    ["ヒロイン", "ヒーロー", "ゲスト", "メンバー", "キャラクター", "スタッフ", "ナレーション", "ナレーター", "レギュラー",
     "ミステリー", "サスペンス", "コメディー", "ファン", "アニメ", "ビジュアル", "ポスター", "ライバル", "ヒール"]
)
_JA_TRADE_OF = re.compile(rf"(?:{_JA_TRADES}|監督)の")
#: What a heading adds to the name of the one it is about: "本田翼コメント", "堺雅人コメント「…」".
_JA_HEADING_TAIL = re.compile(rf"(?<=[{_KANJI_CH}{_HIRA_CH}])コメント$")
#: "To be" after a noun: "歴史ある枠" (historic), "実力ある", "迫力あり", "人気なし".
_JA_BE = "(?:ある|あり|ない|なし|いる|なる)"
_JA_VERB_TAIL = re.compile(rf"(?:され|される|した|して|する|させ|れる|られ|った|って|ない|たい|ます|です|ける|けた|{_JA_BE}|れ|し|き|く|け|い|だ)$")


def _reads_as_full_name(word: str) -> bool:
    """Whether ``word`` is a run of kanji UniDic reads as a family name and a given name."""
    from pipeline import romanise  # romanise reads names with this module's keys

    return bool(_KANJI_NAME.fullmatch(word)) and romanise.reads_as_full_name(word)


_JA_OTHERS_TAIL = re.compile(rf"(?<=[{_KANJI_CH}])(?:ほか|など)$")


@lru_cache(maxsize=_MEMO)
def _ja_clean(name: str, *, introduced: bool = False, listed: bool = False) -> str | None:
    """``name`` as a person's name, or None when it is no name. An ``introduced`` name (one
    "俳優の" or "女優・" names) may end like a verb: 桜井ゆい. A ``listed`` name (one listed
    before another name in a cast: "ムロツヨシ、夏帆も出演") may be one katakana word."""
    name = re.sub(r"さん$", "", name.strip(" 　"))
    name = _JA_HEADING_TAIL.sub("", name)  # "本田翼コメント": the heading over what 本田翼 said
    if re.search(f"[{_KANJI_CH}]ら$", name):
        name = name[:-1]
    name = _JA_OTHERS_TAIL.sub("", name)  # "出演は…、中川健太ほか": and others
    if _JA_TRADE_OF.match(name):  # "俳優のほうが", "女優のみなさん": a trade, then a word
        return None
    head, space, rest = name.partition(" ")
    if space and head in _JA_STOP:  # "キャスト解禁　新田蓮・…": a headline's word, then the name
        name = rest
    if (trade := _JA_TRADE_GLUED_RE.match(name)) and not name.startswith(("の", "・"), trade.end()):
        # "女優藤咲 凛", "俳優高村蒼真": the trade is no part of the name; "俳優陣", "女優業", "歌手活動" are words
        rest = name[trade.end():]
        if not (" " in rest or "　" in rest or _reads_as_full_name(rest)):
            return None
        name = rest
    if _JA_KANA_KO_RE.fullmatch(name):  # 松たか子: a name if UniDic reads one, not "生まれた子"
        from pipeline import romanise  # romanise reads names with this module's keys

        return name if romanise.reads_as_kana_given_name(name) else None
    if _common_noun_first(name, introduced=introduced):  # "話題作 ふたり": a noun, not a family name
        return None
    if _names_a_place_or_thing(name, introduced=introduced):  # "東京都が出演者を募集", "記者会見、…が登場": no one
        return None
    if name[:1] in "系局版的等各化":  # "…ドラマ化　広瀬すず主演": 化 ends the word before
        return None
    if name.endswith("初"):  # "同枠初主演", "民放初出演": a first, not a name
        return None
    if name in _JA_STOP or len(name.replace(" ", "")) < 2 or _JA_ROLE_NOUN.search(name):
        return None
    if _JA_SLOT_ONLY.fullmatch(name):  # "夜ドラ「…」に出演": a programme frame
        return None
    if re.fullmatch(rf"[{_KATA_CH}]+", name) and (not listed or name in _JA_KANA_WORDS):
        return None  # single katakana words are rarely names, but in a list of names
    if any(part in name for part in _JA_STOP_PARTS) or _JA_DATE_PART.search(name):
        return None
    if not introduced and re.search(f"[{_HIRA_CH}]", name) and _JA_VERB_TAIL.search(name) \
            and not _JA_KANA_GIVEN.fullmatch(name.replace(" ", "").replace("　", "")):
        return None
    if _JA_PARTICLE_TAIL.search(name):
        return None  # "韓国からは…": a word and its particle, not a given name in kana
    if not introduced and _JA_KANA_ONLY.fullmatch(name):
        return None  # "主演　ふたり　再共演": a name in hiragana alone is one only where "女優の" introduces it (のん)
    return name


def _common_noun_first(name: str, *, introduced: bool = False) -> bool:
    """``name``, or its word before a space, is a run of kanji UniDic reads as a common noun
    (:func:`romanise.reads_as_common_noun`): "話題作 ふたり", "注目作 あおい", a headline's "人気作". Any
    common noun no name is in UniDic is one too when it is written alone ("新人が出演") or before a given name
    in hiragana that is a Sino-Japanese word ("新人 あおい", "本作 ひなた") or no given name's shape; a native
    word before a given name ("浜辺 みなみ"), or any noun a trade introduces ("女優の剛力 あやめ"), may be a
    family name."""
    from pipeline import romanise  # romanise reads names with this module's keys

    head, _space, given = name.replace("　", " ").partition(" ")
    if not _KANJI_NAME.fullmatch(head):
        return False
    if not given:
        any_noun = not introduced
    elif _JA_KANA_ONLY.fullmatch(given):
        any_noun = not introduced and (romanise.reads_as_sino_japanese(head)
                                       or not _JA_KANA_GIVEN.fullmatch(head + given))
    else:
        any_noun = False
    return romanise.reads_as_common_noun(head, any_noun=any_noun)


#: A word of kanji and katakana (音楽フェス), or of kanji ending in a place's division (東京都).
_JA_THING_SHAPED = re.compile(rf"[{_KANJI_CH}]+[{_KATA_CH}]+|[{_KANJI_CH}]+[都道府県市区町村郡]")
#: A theatre troupe (劇団四季, 劇団新感線), not the comedian 劇団ひとり.
_JA_TROUPE = re.compile(rf"劇団[{_KANJI_CH}{_KATA_CH}☆]")
#: Kanji enough for two words of two kanji, or a prefix and one (記者会見, 新人物): most full names too.
_JA_COMPOUND_SHAPED = re.compile(rf"[{_KANJI_CH}]{{3,}}")


def _names_a_place_or_thing(name: str, *, introduced: bool = False) -> bool:
    """``name`` is a place (東京都) or common nouns (音楽フェス), as UniDic reads it; unless a trade introduces it
    ("女優の…"), in kanji alone a word ending as with a suffix (日本版, 豪華陣, 宝塚歌劇団), a troupe (劇団四季), one place
    or company never a person's name (京都, 東映), or common nouns none of which is a name's part (記者会見, 新人女優)."""
    from pipeline import romanise  # romanise reads names with this module's keys

    if _JA_THING_SHAPED.fullmatch(name) and romanise.reads_as_place_or_thing(name):
        return True
    if introduced:
        return False
    if _JA_TROUPE.match(name) or _KANJI_NAME.fullmatch(name) and (
            romanise.reads_as_suffixed_noun(name) or romanise.reads_as_place_or_company(name)):
        return True  # "主演の日本版は", "出演する宝塚歌劇団は", "主演の東映は", "出演する京都は"
    return _JA_COMPOUND_SHAPED.fullmatch(name) is not None and romanise.reads_as_compound_noun(name)


#: Particles a kanji word takes ("韓国から", "日本では", "東京より"), which no kana given name ends with.
#: A word in hiragana alone, which _ja_clean may leave of "主演 ふたり" once the headline's word is cut off.
_JA_KANA_ONLY = re.compile(rf"[{_HIRA_CH} 　]+")
_JA_PARTICLE_TAIL = re.compile(rf"[{_KANJI_CH}](?:から|まで|より|には|では|とは|へは|にも|でも|とも|など|ほか)$")


#: A family name in kanji and a given name of two or three kana: 南条ゆい, 森川ひなた. Such a word
#: ends like a verb, but a verb of two kanji and kana is a する one (出演した, 決定する, 期待され)
#: or a 頑張った.
_JA_KANA_GIVEN = re.compile(rf"[{_KANJI_CH}]{{2,3}}(?![しさせすそっ])(?!{_JA_BE}$)[{_HIRA_CH}]{{2,3}}")


def _ja_split(chunk: str, *, introduced: bool = False, listed: bool = False) -> list[str]:
    chunk = re.sub(r"[（(][^）)]{1,15}[）)]", "", chunk)
    names = []
    for piece in re.split(_JA_SEPARATOR, chunk):
        cleaned = _ja_clean(piece, introduced=introduced, listed=listed)
        if cleaned:
            names.append(cleaned)
    return names


#: Names (a list of them) right before a casting cue: "綾瀬はるか、大泉洋らが出演". A name starts where
#: its script does: a kanji name not inside a run of kanji, a katakana one not inside a katakana word
#: ("俳優ハン・ソユンと共演" names ハン・ソユン, never ン・ソユン).
_JA_LIST_BEFORE_CUE = LazyPattern(rf"(?<![0-9０-９])(?!(?<=[{_KANJI_CH}])[{_KANJI_CH}])(?!(?<=[{_KATA_CH}・=＝])[{_KATA_CH}])({_JA_LIST})(?:さん)?\s*{_JA_PAREN}(?={_JA_CUE.pattern})")
_JA_LIST_RE = LazyPattern(_JA_LIST)
#: A list of names read to where its last name ends, before what may follow a name: "主演を務める広瀬すずさんは" (not
#: 広瀬すずさ), "共演の池田エライザが" (not 池田).
_JA_LIST_ENDED = LazyPattern(
    rf"{_JA_LIST}(?=(?:さん)?\s*{_JA_PAREN}(?:[がはもをとにのやへでら、，,。」』「『（(\s×＆&・]|ほか|など|$))"
)
#: One-word katakana names listed before a name: "ムロツヨシ、夏帆も出演", "共演はムロツヨシ、夏帆".
_JA_KANA_LISTED = rf"[{_KATA_CH}]{{3,8}}(?:さん)?\s*[、，,]\s*"
_JA_KANA_BEFORE = re.compile(rf"(?<![{_KATA_CH}・=＝])({_JA_KANA_LISTED})$")
_JA_KANA_AHEAD = LazyPattern(rf"(?:{_JA_KANA_LISTED})+(?={_JA_NAME})")
_JA_CUE_WORDS_RE = re.compile(_JA_CUE_WORDS)
#: Characters that never occur in a match of ``_JA_LIST_BEFORE_CUE`` (with its cue)
#: outside brackets: anything but kanji, kana, digits, spaces and list separators.
_JA_LIST_BREAK = re.compile(rf"[^{_KANJI_CH}{_HIRA_CH}{_KATA_CH}\d\s・=＝、，,×＆&W（()）]")
_JA_BRACKETED = re.compile(r"[（(][^）)]{1,15}[）)]")
_JA_OPENING = re.compile(r"[（(]")
_JA_CHARACTER_GLOSS = LazyPattern(rf"({_JA_NAME})[（(]([^）)]{{1,10}})[）)]")
#: A character: what it is before its name ("刑事・神崎透"), or the one someone plays ("神崎を演じ"), with
#: what it is ("主人公の庭師・東雲蓮を演じ").
_JA_CHARACTER = LazyPattern(rf"{_JA_ROLE_WORDS}・({_JA_NAME})|(?:({_JA_NAME})・)?({_JA_NAME})を演じ")
_HIRA_END = re.compile(f"[{_HIRA_CH}]$")
#: A name its trade introduces: "俳優の山田裕貴と女優の有村架純", "女優・桜井ゆいが".
_JA_INTRODUCED = LazyPattern(
    rf"(?:{_JA_TRADES}|タレント|(?<![{_KANJI_CH}])芸人|モデル|アナウンサー|インフルエンサー|"
    # a group's member: "5人組グループ・FLAMEの佐伯航大", "お笑いコンビ・ペンギンズの木下大輔"
    rf"(?:グループ|ユニット|コンビ|トリオ)・?[^\s、。の・]{{1,20}})(?:の|・)({_JA_LIST})(?=さん|[がはとをにのもら、，,（(「」『』。\s]|$)"
)

#: The winners of a performer's award, each after the award, often with their film: "助演男優賞は『わたしの名前』の
#: 坂口健太郎、", "新人賞には見上愛が選ばれた" (the film's title is blanked by then).
_JA_AWARD_WINNER = LazyPattern(
    rf"(?:男優|女優|俳優|新人|演技|声優)賞(?:は|には|に)、?\s*(?:(?:[『「][^』」]{{1,30}}[』」]|\s{{2,}})\s*の)?"
    rf"({_JA_LIST})(?:さん)?(?=[、。がは]|\s|$)"
)
_JA_AWARD_CUE = re.compile(r"受賞|選ばれ|輝い|輝く|獲得")

#: A name with its age in brackets, perhaps after its reading, as papers give a person's: "主演の白石七海（24）と",
#: "藤咲 凛（ふじさき・りん＝27）が" (only in a casting sentence, and a person's particle after it: not "東京都（24）で").
_JA_AGED = LazyPattern(
    rf"(?<![{_KANJI_CH}{_KATA_CH}])({_JA_NAME}|{_JA_NAME_NO})(?<![都道府県市区町村郡])(?:さん)?[（(](?:[^（()）＝=]{{1,14}}[＝=])?"
    rf"[0-9０-９]{{1,3}}(?:歳)?[）)](?=[がはをとものら、，,]|\s|$)"
)

#: A character in a casting sentence, whose age papers give as they give a performer's: the one played
#: ("千尋（17）を演じる", "千尋役（17）"), described ("女子高生・千尋（17）"), or after its performer who plays
#: it ("広瀬すずが演じる春香（17）は、母の美咲（45）と暮らす").
_JA_PLAYED_AFTER = re.compile(r"\s*(?:を演じ|を好演|役|に扮)")
_JA_PLAYER_BEFORE = re.compile(r"(?<![をに])(?:演じ|扮し|扮す)")


def _ja_aged_character(sentence: str, start: int, end: int) -> bool:
    """The aged name at ``start``..``end`` of ``sentence`` (:data:`_JA_AGED`) is a character, not a performer."""
    return bool(_JA_PLAYED_AFTER.match(sentence, end) or sentence[start - 1: start] == "・"
                or _JA_PLAYER_BEFORE.search(sentence, 0, start))


#: A one-word hiragana stage name its trade introduces, in a casting sentence: "女優ののんと俳優の中川大志がW主演".
_JA_INTRODUCED_KANA = re.compile(
    rf"(?:{_JA_TRADES}|タレント)(?:の|・)[ 　]?([{_HIRA_CH}]{{1,3}}[{_JA_HIRA_TAIL}])(?=(?:さん)?[がはと、，,])"
)
#: A one-word hiragana stage name given the lead at the start of a clause: "のんが主演する", "…は、のんが初主演".
_JA_KANA_LEAD = re.compile(
    rf"(?:^|(?<=[。、，,「」『』\s！!？?]))([{_HIRA_CH}]{{1,3}}[{_JA_HIRA_TAIL}])(?:さん)?[がは](?:初|単独|W|ダブル)?主演"
)
#: Hiragana words a trade is often followed by ("俳優のような", "女優のみなさん").
_JA_KANA_NOT_NAMES = frozenset(
    ["よう", "ほう", "みな", "みんな", "みなさま", "ため", "こと", "もの", "ひと", "ひとり", "ふたり", "なか", "まま",
     "ほか", "あと", "うち", "ところ", "とき", "かた", "かたがた", "たち", "すべて", "だれ", "どなた", "おかげ"]
)

#: The actor after the one they play, Oricon's style: "元刑事・雪村（岡田将生）が", "健太郎（高橋一生さん）と".
#: Not a place ("（東京都）"), nor crew ("監督（…）").
_JA_ACTOR_IN_BRACKETS = LazyPattern(
    "".join(f"(?<!{word})" for word in ("監督", "脚本", "原作", "演出", "作曲", "作詞", "主題歌", "文", "写真", "撮影", "取材", "構成", "編集"))
    + rf"(?<=[{_KANJI_CH}{_HIRA_CH}{_KATA_CH}])[（(]"
    rf"({_JA_NAME})(?<![都道府県市区町村郡])(?:さん)?[）)](?=[がはをにとものら、，,]|\s|$)"
)

_KANJI_NAME = re.compile(rf"[{_KANJI_CH}]+")


def _ja_cue_regions(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` between characters no name list with its cue can hold
    (``_JA_LIST_BREAK`` outside a bracketed aside) that contain a cue word: the only
    places ``_JA_LIST_BEFORE_CUE`` can match, so it need not try the rest of the text."""
    if not _JA_CUE_WORDS_RE.search(text):
        return []
    asides = []
    for opening in _JA_OPENING.finditer(text):
        aside = _JA_BRACKETED.match(text, opening.start())
        if aside is not None:
            asides.append(aside.span())
    in_aside = _mask(len(text), asides)
    regions = []
    start = 0
    for found in _JA_LIST_BREAK.finditer(text):
        if in_aside[found.start()]:
            continue
        if found.start() > start and _JA_CUE_WORDS_RE.search(text, start, found.start()):
            regions.append((start, found.start()))
        start = found.end()
    if len(text) > start and _JA_CUE_WORDS_RE.search(text, start):
        regions.append((start, len(text)))
    return regions


def _find_people_japanese(text: str, masked: list[tuple[int, int]]) -> list[tuple[str, str, str | None]]:
    from pipeline import romanise  # romanise reads names with this module's keys

    found: list[tuple[str, str, str | None]] = []
    text = _blank(text, masked)
    for region_start, region_end in _ja_cue_regions(text):
        for match in _JA_LIST_BEFORE_CUE.finditer(text, region_start, region_end):
            if _JA_ROLE_AFTER.match(text, match.end(1)) or text.startswith("を演じ", match.end()):
                continue  # "水原玲奈役を…", "パティシエ、ユン・ダインを演じ": the character and what it is
            listed = _ja_split(match.group(1))
            found.extend((name, "cast", None) for name in listed)
            start = match.start(1)
            while listed and (kana := _JA_KANA_BEFORE.search(text, max(0, start - 16), start)):
                listed = _ja_split(kana.group(1), listed=True)
                found.extend((name, "cast", None) for name in listed)
                start = kana.start()
    for match in _JA_CUE_FORWARD.finditer(text):
        window = text[match.end(): match.end() + 60]
        kana = _JA_KANA_AHEAD.match(window)
        start = kana.end() if kana else 0
        names = _JA_LIST_ENDED.match(window, start) or _JA_LIST_RE.match(window, start)
        if names and not _JA_ROLE_AFTER.match(text, match.end() + names.end()) \
                and not window.startswith(("「", "『"), names.end()):  # "職人役で早朝特訓「…」": what is done
            found.extend((name, "cast", None) for name in _ja_split(names.group(0)))
            if kana:
                found.extend((name, "cast", None) for name in _ja_split(kana.group(0), listed=True))
    for match in _JA_CUE_THE_ONE.finditer(text):
        if not _JA_ROLE_AFTER.match(text, match.end(1)):
            found.extend((name, "cast", None) for name in _ja_split(match.group(1)))
            found.extend((name, "cast", None) for name in _ja_kana_listed_after(text, match.end(1)))
    found.extend((name, "cast", None) for name in _ja_names_alone(text))
    for match in _JA_ACTOR_IN_BRACKETS.finditer(text) if "（" in text or "(" in text else ():
        name = _ja_clean(match.group(1))
        before = text[max(0, match.start() - 2): match.start()]
        if name and 3 <= len(name) <= (5 if _KANJI_NAME.fullmatch(name) else 12) and not name.endswith(before):
            found.append((name, "cast", None))  # "機能（品質保証機能）" spells a word out
    for line_start, line in _lines(text):
        leading = _JA_LEADING.match(line)
        if leading:
            found.extend((name, "subject", None) for name in _ja_split(leading.group(1)))
        for sentence in line.split("。"):
            cued = _JA_CUE_WORDS_RE.search(sentence) is not None
            if cued:
                for match in _JA_SUBJECT.finditer(sentence):
                    found.extend((name, "cast", None) for name in _ja_split(match.group(1))
                                 if not (match.group(0).endswith("が") and _ja_bare_word(name, text)))
            for match in _JA_INTRODUCED.finditer(sentence):
                if _JA_ROLE_AFTER.match(sentence, match.end(1)):
                    continue  # "女優・水原玲奈役を": a character
                role = "cast" if cued else "subject"
                found.extend((name, role, None) for name in _ja_split(match.group(1), introduced=True))
            for match in _JA_AWARD_WINNER.finditer(sentence) if "賞" in sentence else ():
                if _JA_AWARD_CUE.search(sentence) or line_start == 0:  # a headline says no 受賞
                    found.extend((name, "cast", None) for name in _ja_split(match.group(1)))
            for match in _JA_AGED.finditer(sentence) if cued and ("（" in sentence or "(" in sentence) else ():
                if _ja_aged_character(sentence, match.start(), match.end()):
                    continue
                found.extend((name, "cast", None) for name in _ja_split(match.group(1)))
            for match in _JA_INTRODUCED_KANA.finditer(sentence) if cued else ():
                name = _ja_clean(match.group(1), introduced=True)
                if name and name not in _JA_KANA_NOT_NAMES:
                    found.append((name, "cast", None))
            for match in _JA_KANA_LEAD.finditer(sentence) if "主演" in sentence else ():
                name = _ja_clean(match.group(1), introduced=True)
                if name and name not in _JA_KANA_NOT_NAMES and romanise.reads_as_kana_stage_name(name):
                    found.append((name, "cast", None))
        for match in _JA_BEFORE_QUOTE.finditer(line):
            name = match.group(1)
            if len(name) >= 3 and not _HIRA_END.search(name):
                found.extend((n, "subject", None) for n in _ja_split(name))
    found.extend(_ja_full_names_beside_particles(text, {name for name, _role, _native in found}))
    names = {name for name, _role, _native in found}
    found = [item for item in found if not _ja_company(item[0], names)]
    return _ja_without_characters(text, _ja_names_in_no(text, found))


def _ja_company(name: str, names: set[str]) -> bool:
    """``name`` is a company of :func:`companies_alone` (松竹, 東宝, 吉本), unless a name found in the article starts
    with it: a family name said alone after the full name ("吉本実憂" … "吉本は"), not the company ("主演の吉本は",
    "吉本興業が")."""
    return name in companies_alone()[1] and not any(other != name and other.startswith(name) for other in names)


#: One-word katakana names listed after a name the cue names: "主演の長澤まさみ、ムロツヨシ、夏帆は".
_JA_KANA_SEPARATOR = rf"(?:さん)?\s*{_JA_PAREN}\s*(?:[、，,]|と(?![{_HIRA_CH}]))\s*"
_JA_KANA_RUN = re.compile(
    rf"{_JA_KANA_SEPARATOR}((?:[{_KATA_CH}]{{3,10}}{_JA_KANA_SEPARATOR})*[{_KATA_CH}]{{3,10}})(?![{_KATA_CH}・=＝])"
)
_JA_KANA_RUN_SEPARATOR = re.compile(_JA_KANA_SEPARATOR)
_JA_NAMES_AFTER = LazyPattern(rf"{_JA_KANA_SEPARATOR}({_JA_LIST_ENDED.pattern})")
_JA_SUBJECT_END_RE = re.compile(_JA_SUBJECT_END)


def _ja_kana_listed_after(text: str, position: int) -> list[str]:
    """The one-word katakana names (ムロツヨシ, ヒコロヒー) listed after the names a cue names, which end at
    ``position``: one before another name is a name as in any list ("主演の長澤まさみ、ムロツヨシ、夏帆は"); the last
    before the subject's particle only where UniDic reads it as names ("主演の長澤まさみ、ムロツヨシは"), not a word
    ("主演の長澤まさみ、マネージャーは")."""
    from pipeline import romanise  # romanise reads names with this module's keys

    names: list[str] = []
    while run := _JA_KANA_RUN.match(text, position):
        words = [word for word in _JA_KANA_RUN_SEPARATOR.split(run.group(1)) if word]
        if more := _JA_NAMES_AFTER.match(text, run.end()):
            names.extend(name for word in words if (name := _ja_clean(word, listed=True)))
            position = more.end(1)
            continue
        if _JA_SUBJECT_END_RE.match(text, run.end()):
            names.extend(name for word in words
                         if romanise.reads_as_names(word) and (name := _ja_clean(word, listed=True)))
        break
    return names


def _ja_names_alone(text: str) -> list[str]:
    """Names like 岸井ゆきの and ムロツヨシ (:data:`_JA_NAME_ALONE`) a cue names: where UniDic reads the kanji as a
    person's name (岸井, 綾瀬), not a word ("印象的なのは") nor a place or a company alone, and the katakana as names
    (:func:`romanise.reads_as_names`)."""
    from pipeline import romanise  # romanise reads names with this module's keys

    names = []
    for match in _JA_NAME_ALONE.finditer(text):
        cued = _JA_THE_ONE_CUE_BEFORE.search(text, max(0, match.start() - 8), match.start()) \
            or _JA_CUE.match(text, match.end() + (text.startswith("さん", match.end()) and 2))
        family, kana = match.groups()
        if not cued or not (romanise.reads_as_person_name(family) if family else romanise.reads_as_names(kana)):
            continue
        if name := _ja_clean(match.group(0), listed=bool(kana)):
            names.append(name)
    return names


#: A run of kanji the length of a full name (family name and given name), alone between kana or
#: punctuation, before a particle a person takes or "の姿" (the figure of): "見つめ合う藤井蒼真と白石七海の姿",
#: "藤井蒼真がガラスを吹く姿", "白石七海も…と語った"; or listed before such a name: "石原美月、桐谷恭平が並び立つ姿".
_JA_FULL_NAME_BESIDE = re.compile(rf"(?<![{_KANJI_CH}{_KATA_CH}])([{_KANJI_CH}]{{3,5}})(?=[とがもは]|の姿|(?:[、，][{_KANJI_CH}]{{3,5}})+(?:[とがもは]|の姿))")
#: The crew, before or after the particle: "大根仁が監督を務める", "監督の大根仁は", "脚本・野木亜紀子が".
_JA_CREW_WORD = r"(?:監督|脚本|演出|原作|原作者|プロデューサー|プロデュース|主題歌|音楽|撮影|編集|作詞|作曲|構成|企画)"
_JA_CREW_AFTER_PARTICLE = re.compile(rf"[とがもは]\s*{_JA_CREW_WORD}")
_JA_CREW_BEFORE_NAME = re.compile(rf"{_JA_CREW_WORD}(?:の|・|は|：|:|\s)?\s*$")


def _ja_full_names_beside_particles(text: str, known: set[str]) -> list[tuple[str, str, str | None]]:
    """Full names in kanji outside a casting sentence: a run of kanji before a particle that UniDic
    reads as a family name and a given name (a compound noun is none: 撮影現場が, 石川県庁も)."""
    if not _KANJI_NAME.search(text):
        return []
    names = []
    for match in _JA_FULL_NAME_BESIDE.finditer(text):
        word = match.group(1)
        if _JA_CREW_AFTER_PARTICLE.match(text, match.end()) or _JA_CREW_BEFORE_NAME.search(text, max(0, match.start() - 8), match.start()):
            continue
        if word not in known and _ja_clean(word) == word and _reads_as_full_name(word):
            known.add(word)
            names.append((word, "subject", None))
    return names


#: After a kana given name's own final の (桜井ひなの, 森あやの): what follows a name, never a noun
#: the particle の would join to it ("桜井ひなの×永瀬陸", "桜井ひなのが主演", "桜井ひなの、初の…").
_JA_AFTER_NAME_NO = re.compile(r"の(?:さん)?(?:[がはをもとに、，,×＆&・（(」』\s]|$)")


def _ja_names_in_no(text: str, found: list[tuple[str, str, str | None]]) -> list[tuple[str, str, str | None]]:
    """``found`` with a name whose kana given name ends in の made whole: the names are read
    up to a particle, and の is one, so "女優の桜井ひなのが" gives 桜井ひな. The の is the name's
    where the text writes it followed by what follows a name, not a noun (the particle's
    "桜井ひなの主演作", "桜井ひなの新作"), and never writes the name without it."""
    longer: dict[str, str] = {}
    for name, _role, _native in found:
        if name in longer or not _HIRA_END.search(name) or not _KANJI_NAME.match(name):
            continue
        spots = [end for _start, end in literal_spans(name, text)]
        if any(text.startswith("の", end) and _JA_AFTER_NAME_NO.match(text, end) for end in spots) \
                and all(text.startswith("の", end) for end in spots):
            longer[name] = name + "の"
    if not longer:
        return found
    return [(longer.get(name, name), role, native) for name, role, native in found]


_JA_TWO_KANJI = re.compile(rf"[{_KANJI_CH}]{{2}}")


def _ja_bare_word(name: str, text: str) -> bool:
    """``name`` is two kanji the article never writes as the start of a longer name: a word
    ("森山は、閉鎖が決まった灯台を守る…": the subject of a clause inside the sentence), not a
    family name said alone after the full name ("森山航平" … "森山が")."""
    return bool(_JA_TWO_KANJI.fullmatch(name)) and re.search(
        rf"{re.escape(name)}[ 　]?[{_KANJI_CH}{_KATA_CH}]", text) is None


def _ja_without_characters(text: str, found: list[tuple[str, str, str | None]]) -> list[tuple[str, str, str | None]]:
    """Drop characters: a name always written before 役 ("水原玲奈役を石田沙耶が"), a name
    glossed with its actor ("北条海斗（森山）"), and their short forms ("北条")."""
    if not found:
        return found
    names = {name for name, _role, _native in found}
    characters: set[str] = set()
    for name in names:
        spots = [end for _start, end in literal_spans(name, text)]
        if spots and all(_JA_ROLE_AFTER.match(text, end) for end in spots):
            characters.add(name)
    for match in _JA_CHARACTER_GLOSS.finditer(text) if "（" in text or "(" in text else ():
        inner = match.group(2).strip()
        if any(n != match.group(1) and (n == inner or n.startswith(inner)) for n in names):
            characters.add(match.group(1))
    for match in _JA_CHARACTER.finditer(text) if "・" in text or "を演じ" in text else ():
        characters.update(name for name in match.groups() if name)
    if not characters:
        return found
    return [
        item for item in found
        if not any(item[0] == c or c.startswith(item[0]) for c in characters)
    ]



# --------------------------------------------------------------------------- assembly


def written_spelling(mention: Mention, title: str, body: str) -> str:
    """A mention's name as the article gives it: the name the user's aliases file gives it, else
    as the article's text writes it: a headline in title case ("Kim Ha Yoon To Exit “Harbor Of
    Glass”") does not spell it for the article when the body writes it otherwise ("Harbor of Glass")."""
    if mention.name != mention.text:  # a name other than the text written came from the aliases file
        return mention.name
    if mention.text not in title:
        return mention.text
    if not any(char.lower() != char or char.upper() != char for char in mention.text):
        return mention.text  # no letter with a case (a Korean or Japanese name): every spelling is the text's
    start = len(title) if body.startswith(title) else 0  # not the headline again
    rest = body[start:]
    if mention.text.isascii():
        # what IGNORECASE matches for an ASCII name: the lowered name in the text lowered with fold (of the
        # same length), no pattern compiled for each name
        spellings = (rest[at:end] for at, end in literal_spans(mention.text.lower(), lowered(rest, fold=True)))
    else:
        spellings = (m.group() for m in re.finditer(re.escape(mention.text), rest, re.IGNORECASE))
    # its first letter as the headline has it: "Mother" is not spelled by "a mother"
    return next((written for written in spellings if written[0] == mention.text[0]), mention.text)


def _dedupe(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    seen: dict[str, Mention] = {}
    for mention in mentions:
        existing = seen.get(mention.key)
        if existing is None:
            seen[mention.key] = mention
            continue
        aliases = tuple(dict.fromkeys((*existing.aliases, *mention.aliases, mention.text)))
        aliases = tuple(a for a in aliases if a != existing.text)
        role = existing.role
        if mention.role == "cast" or mention.role == "working_title":
            role = mention.role
        seen[mention.key] = Mention(
            existing.kind, existing.text, existing.key, existing.name, role,
            existing.working_title_of or mention.working_title_of, aliases,
        )
    return tuple(seen.values())


#: Labels before a title's translation: "(영제 The Quiet Hour)", "（英題：Blue Wake）".
TITLE_LABEL = r"(?:영제|원제|英題|原題|邦題|[Ee]nglish\s+title|aka)"
#: A title followed by its form in another script in brackets: "The Quiet Hour (조용한 시간)",
#: "'조용한 시간'(영제 The Quiet Hour)", "「青の航跡」（英題：Blue Wake）".
_BRACKETED_TITLE = re.compile(
    rf"[\s」』”\"'’》〉>*_]{{0,3}}[(（]\s*(?:{TITLE_LABEL}\s*[:：]?\s*)?"
    r"[「『“\"'‘《〈<]?(?P<form>[^()（）\n「」『』“”\"《》〈〉<>]{1,40}?)[」』”\"'’》〉>]?\s*[)）]")
_LATIN_TITLE = re.compile(r"[A-Z][^\W\d_]*(?:[\s:'’&,.-]+\w+)*")


_Q = r"[\s'\"‘’“”「」『』《》〈〉,.]*"
#: What stands between a working title and the final title given to it: "'A' has been retitled
#: 'B'", "A, now titled B", "A changes its title to B", "'A'가 'B'로 제목을 확정", "『A』が『B』に改題".
_RETITLED_TO = re.compile(
    rf"{_Q}(?:(?:has|have)\s+been\s+|was\s+|is\s+(?:being\s+)?|will\s+be\s+|gets\s+|got\s+)?"
    rf"(?:officially\s+)?(?:re-?titled|re-?named|now\s+(?:titled|called|known\s+as)|"
    rf"(?:changes|changed|has\s+changed)\s+(?:its|the)\s+title)(?:\s+(?:as|to|into))?{_Q}"
    rf"|{_Q}(?:[이가은는]|から|が|は|改め)?{_Q}", re.IGNORECASE)
#: After the final title, for the Korean and Japanese forms ("… 'B'로 제목을 확정", "『B』に改題").
_RETITLED_AFTER = re.compile(
    rf"{_Q}(?:(?:으로|로)\s*(?:최종\s*)?(?:제목|타이틀|작품명|제명)[을를이가]?\s*(?:최종\s*)?"
    rf"(?:확정|변경|바꾸|바꿨|바뀌|교체)|(?:に|へ)(?:改題|タイトル(?:を)?変更))")
#: Between a final title and its working title: "'B' is the new title of 'A'".
_NEW_TITLE_OF = re.compile(
    rf"{_Q}(?:is|will\s+be|becomes|as)\s+(?:the\s+)?(?:new|final|official)\s+title\s+(?:of|for){_Q}", re.IGNORECASE)
#: One of these is in every text :data:`_TITLE_CHANGE` or :data:`_ENGLISH_RETITLE` matches (lower case).
_RETITLE_WORDS = ("titl", "named", "known", "called", "제목", "改題", "タイトル")
_ENGLISH_RETITLE = re.compile(r"re-?titled|re-?named|now\s+(?:titled|called|known\s+as)|changed?s?\s+(?:its|the)\s+title",
                              re.IGNORECASE)
#: :data:`_TITLE_CHANGE` and :data:`_ENGLISH_RETITLE` without IGNORECASE (their letters are lower case), for a
#: text lowered by :func:`pipeline.scan.lowered` with ``fold``: whether one matches is the same, and the regex
#: engine jumps to their first letters instead of trying every position of the article (IGNORECASE stops that).
_TITLE_CHANGE_FOLDED = re.compile(_TITLE_CHANGE.pattern)
_ENGLISH_RETITLE_FOLDED = re.compile(_ENGLISH_RETITLE.pattern)


def _retitled(text: str, found: Sequence[_Found], shows: list[Mention]) -> list[Mention]:
    """``shows`` with a working title the text gives its final title marked as such (role
    ``working_title``, ``working_title_of`` the final title's key): two titles next to each
    other with a retitle between them ("has been retitled", "is the new title of") or, in
    Korean and Japanese, after them ("'A'가 'B'로 제목을 확정", "『A』が『B』に改題")."""
    lower = text.lower()  # a word every retitle has, looked for before any regex (most articles have none)
    if not any(word in lower for word in _RETITLE_WORDS):
        return shows
    folded = lowered(text, fold=True)
    if not _TITLE_CHANGE_FOLDED.search(folded) and not _ENGLISH_RETITLE_FOLDED.search(folded) and "改題" not in text:
        return shows
    by_text = {m.text: m for m in shows}
    pairs: dict[str, str] = {}  # working title's text -> final title's text
    ordered = sorted((f for f in found if f.text in by_text), key=lambda f: f.start)
    for first, second in itertools.pairwise(ordered):
        if first.text == second.text or second.start < first.end:
            continue
        between = text[first.end:second.start]
        if _NEW_TITLE_OF.fullmatch(between):
            pairs.setdefault(second.text, first.text)
        elif _RETITLED_TO.fullmatch(between) and (
                _ENGLISH_RETITLE.search(between) or "改め" in between or _RETITLED_AFTER.match(text, second.end)):
            pairs.setdefault(first.text, second.text)
    if not pairs:
        return shows
    marked = []
    for m in shows:
        final = pairs.get(m.text)
        if final is not None and m.working_title_of is None and pairs.get(final) != m.text:
            m = Mention(m.kind, m.text, m.key, m.name, "working_title", by_text[final].key, m.aliases)
        marked.append(m)
    return marked


_TITLE_THEN_BRACKET = re.compile(r"(?P<title>.*?[^\s(（])\s*[(（][^()（）]+[)）]")


def _inner_translation(written: str) -> tuple[str, str | None]:
    """A quoted title that holds its form in another script in brackets, as one
    ("'달빛 약국(Moonlight Pharmacy)'", "'강철왕관(Iron Crown)'"): ``(title, form)``;
    else ``(written, None)`` (a bracket in the same script is part of the title)."""
    match = _TITLE_THEN_BRACKET.fullmatch(written)
    if match is None:
        return written, None
    title = match.group("title")
    form = _title_in_brackets(written, len(title), title)
    return (title, form) if form else (written, None)


def _title_in_brackets(text: str, end: int, title: str) -> str | None:
    """The other-script form of the title written just before ``end``, when brackets give one."""
    match = _BRACKETED_TITLE.match(text, end)
    if not match:
        return None
    form = match.group("form").strip()
    native = bool(_CJK.search(title))
    if native == bool(_CJK.search(form)):
        return None  # the same script: a channel, a year, a character ("Signal (tvN)")
    if native and not _LATIN_TITLE.fullmatch(form):
        return None
    return form if show_key(form) else None


#: A name followed by another form of it in brackets, in another script:
#: "Han Hyo-joo (한효주)", "한효주(Han Hyo-joo)", "小栗旬（Oguri Shun）", "오구리 슌(小栗旬)".
_LATIN_NAME = r"[A-Z][\w'’-]*(?:[ \t][A-Z][\w'’-]*){1,3}"
_NATIVE_NAME = rf"[{_HANGUL_CH}]{{2,5}}(?:[ \t][{_HANGUL_CH}]{{1,3}})?|[{_KANJI_CH}{_HIRA_CH}{_KATA_CH}・][{_KANJI_CH}{_HIRA_CH}{_KATA_CH}・ 　]{{1,11}}"
#: The bracketed form; the name before it is read backwards from the bracket (see
#: _form_before), so the regex engine only stops at brackets.
_BRACKETED_FORM = re.compile(rf"[ \t]?[(（][ \t]*(?P<form>{_LATIN_NAME}|{_NATIVE_NAME})[ \t]*[)）]")
_NATIVE_BEFORE = re.compile(rf"(?<![{_HANGUL_CH}])(?:{_NATIVE_NAME})$")


def _script(name: str) -> str:
    if _HANGUL_ANY.search(name):
        return "hangul"
    return "cjk" if _CJK.search(name) else "latin"


def _form_before(text: str, bracket: int, script_after: str) -> str | None:
    """The name written just before a bracket at ``bracket``: the last Latin name
    candidate ending there ("Actress Han Hyo-joo (" gives "Han Hyo-joo"), else the
    Hangul/Kanji/Kana run ending there."""
    window = text[max(0, bracket - 60): bracket]
    if script_after != "latin":
        candidates = _latin_candidates(window, [])
        if candidates and candidates[-1].end == len(window) and len(candidates[-1].tokens) >= 2:
            return " ".join(candidates[-1].tokens)
    native = _NATIVE_BEFORE.search(window)
    return native.group(0).strip() if native else None


def _name_shaped(name: str) -> bool:
    """Whether a bracketed other form reads as a person's name on its own."""
    script = _script(name)
    if script == "latin":
        words = name.split()
        return 2 <= len(words) <= 4 and all(_plain_token(w) for w in words)
    if script == "hangul":
        return _ko_shape(name.replace(" ", "_")) == "strong" or " " in name and _ko_shape(name.replace(" ", "_")) is not None
    return _ja_clean(name) is not None


def _may_spell(first: str, second: str) -> bool:
    """Whether two forms of a name in two scripts can be one name: a Latin form must
    read as the native one (romanise's rule for one person across scripts); a Western
    name in katakana, which that rule does not read, must at least start each part with
    the Latin one's sounds ("トム・ホランド", "Tom Holland")."""
    from pipeline import romanise  # romanise reads names with this module's keys

    if "latin" not in (_script(first), _script(second)) or _script(first) == _script(second):
        return True
    native, latin = (second, first) if _script(first) == "latin" else (first, second)
    if romanise.same_person_across_scripts(native, latin):
        return True
    parts, words = _NATIVE_SEPARATORS.split(native.strip()), latin.split()
    if _HANGUL_ANY.search(native) or len(parts) < 2 or len(parts) != len(words):
        return False
    initials = [romanise.sound_key("".join(romanise.reading(p)))[:1] for p in parts]
    return initials == [romanise.sound_key(w)[:1] for w in words]


def _link_name_forms(text: str, people: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """One person per name, whatever the script: a form given in brackets next to a
    found name in another script becomes its alias, and two found mentions that are
    forms of one name (so paired, or one an alias of the other) become one."""
    if not people:
        return people
    people_list = list(people)

    def find(form: str, before_bracket: bool) -> int | None:
        if _script(form) == "latin":
            key = person_key(form)
            return next((i for i, m in enumerate(people_list) if m.key == key), None)
        compact = form.replace(" ", "")
        best = None
        for i, m in enumerate(people_list):
            written = m.text.replace(" ", "")
            if not _CJK.search(written):
                continue
            if compact == written or (before_bracket and compact.endswith(written)) and (
                best is None or len(written) > len(people_list[best].text)
            ):
                best = i
        return best

    merges: list[tuple[int, int | None, str]] = []  # (kept, merged away or None, alias text)
    if "(" in text or "（" in text:
        for match in _BRACKETED_FORM.finditer(text):
            second = match.group("form")
            first = _form_before(text, match.start(), _script(second))
            if not first or _script(first) == _script(second):
                continue  # "Hana (Yoon Seo-ah)": a character and its actor, not two forms
            one, other = find(first, True), find(second, False)
            if one is None and other is None:
                continue
            if not _may_spell(people_list[one].text if one is not None else first, second):
                continue  # "永瀬陸（BLUE ARC）": the group, not how the name is spelt
            if one is not None and other is not None:
                if one != other:
                    merges.append((one, other, ""))
            elif one is not None and _name_shaped(second):
                merges.append((one, None, second))
            elif other is not None and _script(first) != "cjk" and _name_shaped(first):
                merges.append((other, None, first))
    alias_keys = {i: {person_key(a) for a in m.aliases} for i, m in enumerate(people_list)}
    for i, mention in enumerate(people_list):
        for j in range(i + 1, len(people_list)):
            if people_list[j].key in alias_keys[i] or mention.key in alias_keys[j]:
                merges.append((i, j, ""))
    if not merges:
        return people
    # of two forms of a name, the one the article writes first stays the mention
    place = [text.find(m.text) % (len(text) + 1) for m in people_list]
    merges = [
        (merged, kept, alias) if merged is not None and place[merged] < place[kept] else (kept, merged, alias)
        for kept, merged, alias in merges
    ]
    gone: set[int] = set()
    for kept, merged, alias in merges:
        while kept in gone:
            kept = next(k for k, m, _a in merges if m == kept)
        if merged is not None and merged in gone:
            continue
        base = people_list[kept]
        extra = [alias] if alias else []
        role = base.role
        if merged is not None:
            other_mention = people_list[merged]
            extra += [other_mention.text, *other_mention.aliases]
            if other_mention.role == "cast":
                role = "cast"
            gone.add(merged)
        forms = tuple(dict.fromkeys(a for a in (*base.aliases, *extra) if a and a != base.text))
        people_list[kept] = Mention(base.kind, base.text, base.key, base.name, role, base.working_title_of, forms)
    return tuple(m for i, m in enumerate(people_list) if i not in gone)


def _resolve(kind: str, text: str, key: str, name: str, aliases: Aliases | None) -> tuple[str, str]:
    if aliases is not None:
        chosen = aliases.resolve(kind, text, key)
        if chosen:
            return chosen
    return key, name


_NEXT_WORD = re.compile(r"[^\S\n]+(\w+)")  # the next word on the same line: a title's last word is followed by none


def _find_platforms(text: str, aliases: Aliases | None) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Platform mentions and their spans: at each place the longest alias wins."""
    lookup = _platform_lookup()
    platform_spans: list[tuple[int, int]] = []
    platforms: list[Mention] = []
    ascii_text = text.isascii()
    lowered_text = lowered(text)
    hits: list[tuple[int, int]] = []
    for word, exact, patterns, ascii_word in _platform_patterns():
        if ascii_text and not ascii_word:
            continue  # cannot occur
        haystack = text if exact else lowered_text
        at = haystack.find(word)
        if at < 0:
            continue
        starts = [at]
        at = haystack.find(word, at + 1)
        while at >= 0:
            starts.append(at)
            at = haystack.find(word, at + 1)
        if starts:
            for pattern in patterns:
                hits.extend(match.span() for match in _matches_at(pattern, haystack, starts))
    hits.sort(key=lambda span: (span[0], span[0] - span[1]))
    covered = -1
    for start, end in hits:
        if start < covered:
            continue
        covered = end
        written = text[start:end]
        platform = lookup.get(_fold(written)) or lookup.get(_fold(written).replace(" ", ""))
        if platform is None or (following := _NEXT_WORD.match(text, end)) and following.group(1) in platform.not_before:
            continue
        if platform.not_after and text[max(0, start - 8):start].rstrip(" ").endswith(platform.not_after):
            continue
        platform_spans.append((start, end))
        key, name = _resolve(PLATFORM, written, platform.key, platform.name, aliases)
        platforms.append(Mention(PLATFORM, written, key, name, "platform"))
    return platforms, platform_spans


def _longer_form_of(other: str, name: str) -> bool:
    """``other`` is a longer name that begins with ``name`` ("森山航平" of "森山"); a name written
    apart in one place and together in another ("石原 さとみ", "石原さとみ") is the same length."""
    other, name = (written.replace(" ", "").replace("　", "") for written in (other, name))
    return len(other) > len(name) and other.startswith(name)


def find_entities(
    title: str,
    body: str,
    language: str | None = None,
    *,
    html: str | None = None,
    aliases: Aliases | None = None,
    emphasis: Iterable[str] = (),
) -> Entities:
    """Shows, people and platforms named in an article's headline and body.

    ``language`` is the article's language if known (detected otherwise);
    titles set in italics count like quoted ones: pass the body's HTML as ``html``
    (its ``<em>``/``<i>``/``<cite>`` are read) or, when extraction kept them, the
    emphasised texts themselves as ``emphasis`` (see :func:`emphasised_texts`);
    ``aliases`` are the user's alias rules.
    """
    title = clean_text(title)
    body = clean_text(body)
    text = f"{title}\n{body}" if title else body
    language = detect_language(text, language) or "en"

    platforms, platform_spans = _find_platforms(text, aliases)
    lookup = _platform_lookup()

    # shows
    found_shows = _find_shows(text, language, html, emphasis, aliases.show_titles if aliases else ())
    found_shows = [f for f in found_shows if not any(s <= f.start < e for s, e in platform_spans)]
    # a platform's name inside a title is the title's: "'The ABC Murders'"
    inside = [i for i, (s, e) in enumerate(platform_spans) if any(f.start < s and e <= f.end for f in found_shows)]
    platforms = [p for i, p in enumerate(platforms) if i not in inside]
    platform_spans = [span for i, span in enumerate(platform_spans) if i not in inside]
    found_shows.sort(key=lambda f: f.start)
    show_mentions: list[Mention] = []
    for item in found_shows:
        key = show_key(item.text)
        if not key or key in _NOT_TITLES:
            continue
        key, name = _resolve(SHOW, item.text, key, item.text, aliases)
        translation = _title_in_brackets(text, item.end, item.text)
        if translation is None and item.text != (span := text[item.start:item.end]) and item.text in span:
            # the translation inside the quotes: "'달빛 약국(Moonlight Pharmacy)'"
            inside = span.strip(_QUOTE_CHARS).strip().rstrip(".,;")
            if inside.startswith(item.text):
                translation = _inner_translation(inside)[1]
        show_mentions.append(Mention(SHOW, item.text, key, name, item.role, None,
                                     (translation,) if translation else ()))
    shows = _retitled(text, found_shows, list(_dedupe(show_mentions)))
    working = [m for m in shows if m.role == "working_title"]
    finals = [m for m in shows if m.role != "working_title"]
    if working and finals and _TITLE_CHANGE.search(text):
        target = finals[0].key
        shows = [
            Mention(m.kind, m.text, m.key, m.name, m.role, target, m.aliases)
            if m.role == "working_title" and m.working_title_of is None else m
            for m in shows
        ]

    # people
    companies = company_spans(text)
    masked = [(f.start, f.end) for f in found_shows] + platform_spans + companies + _elsewhere(text, found_shows)
    show_starts = frozenset(start for start, _end in masked) - {start for start, _end in platform_spans + companies}
    people_found = _find_people_latin(text, masked, len(title), show_starts, dict(platform_spans))
    if re.search(f"[{_HANGUL_CH}]", text):
        people_found += _find_people_korean(text, masked)
    if re.search(f"[{_HIRA_CH}{_KATA_CH}]", text):
        people_found += _find_people_japanese(text, masked)
    show_keys = {m.key for m in shows}
    native_names = [w for w, _r, _n in people_found if _CJK.search(w)]
    # "송강은" beside "송강": the name with its particle (a name may end in 은, as 김고은)
    people_found = [item for item in people_found
                    if not (item[0][-1:] in _KO_NAME_PARTICLE and item[0][:-1] in native_names)]
    native_names = [w for w, _r, _n in people_found if _CJK.search(w)]
    people_found = [
        item for item in people_found
        if not _CJK.search(item[0])
        or not any(_longer_form_of(other, item[0]) for other in native_names)
    ]
    people: list[Mention] = []
    for written, role, native in people_found:
        key = person_key(written)
        if not key or show_key(written) in show_keys or _fold(written) in lookup:
            continue
        key, name = _resolve(PERSON, written, key, written, aliases)
        if native and aliases is not None:
            chosen = aliases.resolve(PERSON, native, person_key(native))
            if chosen:
                key, name = chosen
        people.append(Mention(PERSON, written, key, name, role, None, (native,) if native else ()))
    return Entities(tuple(shows), _link_name_forms(text, _dedupe(people)), _dedupe(platforms))
