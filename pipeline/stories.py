"""Stories: the articles of every outlet about one event, folded together.

A story is a connected group of articles under a symmetric "same event"
relation between two articles (:func:`same_event`):

- a duplicate (exact or near, see :mod:`pipeline.dedup`) is the same event as
  its original;
- a roundup or slate (an article about many shows, :func:`_is_roundup`) is no
  show's news: it is the same event only as another roundup of one platform's
  shows (:func:`_same_roundup`), so it never joins, nor bridges, the stories of
  the shows it lists;
- two reports of ``other`` news (ratings, awards, personal news; reviews and
  recaps too) are one event when they come within :data:`OTHER_NEAR`, give the
  same figure ("12.4%") in a sentence about the show they are about, and that
  show is one (or, in two scripts, they share its platform): reviews and recaps
  of a show give no such figure, and stay apart from each other and from news;
- otherwise both must be news of a compatible category
  (:data:`CATEGORY_GROUPS`: release ~ trailer, renewal; of a cast, one kind of news,
  :func:`_cast_news`: who joins, who leaves, filming), published within :data:`WINDOW` of each other (a trailer within :data:`TRAILER_NEAR`,
  and with a release only when both give the same premiere date), and
- about the same show (their subject shows meet: an article's show named in
  passing by the other, "currently starring in JTBC's X", does not count; a title written
  in Hangul or katakana as an English one sounds, "페이퍼 랜턴" for 'Paper Lantern', meets
  it: :mod:`pipeline.transliteration`, found through ``"<group>|sound:<script>:<key>"``), or, when a side names no show or the two write titles in different
  scripts (Latin, Hangul, Japanese: a Korean title and its English or Japanese
  translation cannot be compared), giving no two different premiere dates (unless one
  is a postponement's), about the same people (two shared people, at least half of
  those each names, or one shared person and a shared platform, across scripts only within
  :data:`CROSS_SCRIPT_NEAR`; the people an article is about, not those it names in
  passing, :func:`_passing_people`), or, across scripts and in the same category, the
  same announced premiere day on a shared platform. People are counted as
  persons, however many keys each has: its spellings, the romanisation of a
  Hangul name ("한효주" meets "Han Hyo-joo") and its sound keys in any script
  ("パク・ジフン" meets "Park Ji-hoon", "竹田颯太" "Sota Takeda", "ノラ・ホイットフィールド"
  "Nora Whitfield": :func:`pipeline.romanise.name_keys`). A loose key links a name in
  katakana and one in Latin letters only, not two Latin spellings; a person met only
  through another reading of a kanji name than UniDic's (遥斗 Haruto, and 悠斗 may be too)
  is not enough with a platform alone.

Because the relation only reads the two articles, and an article that links
two stories merges them, the stories are the connected components of the
relation whatever the order the articles arrive in: the same articles crawled
in another order give the same partition.

Candidate stories are found only through indexed keys in ``story_keys``
(``"<group>|show:<key>|w<week>"``, ``"<group>|person:<key>|w<week>"``,
``"<group>|premiere:<day>|w<week>"``): the
new article looks up its keys in its own week and the neighbouring weeks that
:data:`WINDOW` can reach, so the cost of assigning an article does not grow
with the size of the store. Only the members of those stories are compared.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from pipeline import dates
from pipeline.classify import EXIT_WORDS
from pipeline.entities import (
    TITLE_LABEL,
    Aliases,
    person_key,
    platform_key,
    show_key,
    written_spelling,
)
from pipeline.entity_store import entities_named
from pipeline.normalise import comparable
from pipeline.romanise import (
    LOOSE,
    is_native,
    match_across_scripts,
    name_keys,
    native_script,
    romanise_korean_name,
    uncertain_keys,
)
from pipeline.scan import Guarded, literal_spans, lowered
from pipeline.transliteration import same_sound, sound_key, title_sounds
from storage.models import Article, ArticleEntity, EntityAlias, Source, Story, stored_key
from storage.repository import (
    StoryOutlet,
    StoryWrite,
    candidate_members,
    clear_story_keys,
    delete_story,
    entity_ids_for_keys,
    merge_story,
    stories_about_shows,
    story_ends,
    story_members,
    update_story,
    utcnow,
)

#: :func:`comparable` of a show's or a person's name as written: the story keys fold the same few
#: names again and again (every pair of shows, every sentence test), and names recur across
#: articles. Names only (short strings): the memo is bounded by count.
_fold_name = lru_cache(maxsize=1 << 16)(comparable)

#: Articles further apart than this are different events (tuned on the dev set).
WINDOW = timedelta(days=10)
#: Reports in two scripts linked by one actor alone are one event only this close in time.
CROSS_SCRIPT_NEAR = timedelta(days=3)
#: Reports of a trailer or poster are one event only this close in time: a show's teaser,
#: posters and trailer come days apart, and a teaser days after the premiere date was set
#: is news of its own, though it repeats the date.
TRAILER_NEAR = timedelta(days=2)
#: Reports of other news (a ratings record) giving one figure are one event only this close in time.
OTHER_NEAR = timedelta(days=2)
#: Roundups of one platform's shows (its month, its slate) are one only this close in time.
ROUNDUP_NEAR = timedelta(days=3)
BUCKET_DAYS = 7
#: Categories that can describe one event; ``other`` news, a group of its own, folds only by
#: :func:`_same_figures`.
CATEGORY_GROUPS = {
    "casting": "cast",
    "production": "cast",
    "release": "launch",
    "trailer": "launch",
    "renewal": "renewal",
    "other": "other",
}
CATEGORY_PRIORITY = ("casting", "release", "trailer", "renewal", "production", "other")
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
#: A story's premiere date is the one its reports of the last day give (:func:`_premiere`).
PREMIERE_CYCLE = timedelta(hours=24)
MAX_PEOPLE = 12
MAX_CANDIDATES = 50
_EPOCH = datetime(1970, 1, 5, tzinfo=UTC)  # a Monday: buckets are calendar weeks
_PAIR_GAP = 12  # "'X'(영제 'Y')", "『X』（原題：Y）"


# --------------------------------------------------------------------------- features


@dataclass(frozen=True)
class Features:
    """What the same-event relation reads of one article."""

    article_id: int
    url_key: str
    category: str | None
    when: datetime
    shows: frozenset[str]
    subject: frozenset[str]
    #: the keys of the people it is about (:func:`_passing_people`: not those named in passing)
    people: frozenset[str]
    platforms: frozenset[str]
    duplicate_of: int | None
    story_id: int | None = None
    premiere: tuple[date, str] | None = None
    #: the platforms the article's subject is on (``platforms`` adds those named in passing)
    main_platforms: frozenset[str] = frozenset()
    #: ``people``'s keys person by person (a name has several: its spellings, its sound)
    persons: frozenset[frozenset[str]] = frozenset()
    #: ``people``'s keys of names written in Hangul or Japanese script
    native_people: frozenset[str] = frozenset()
    #: ``people``'s keys that only an uncertain reading of a kanji name gives
    uncertain_people: frozenset[str] = frozenset()
    #: the percentages given about the subject shows ("12.4" for "12.4 percent")
    figures: frozenset[str] = frozenset()
    #: about many shows, none its own (a roundup, a slate: :func:`_is_roundup`)
    roundup: bool = False
    #: the later season its premiere date is of ("Season 2"), None for a first season's
    season: str | None = None
    #: its headline tells of someone leaving the cast or replacing someone (:data:`_EXIT_HEADLINE`)
    exit: bool = False
    #: its premiere date is a postponement's ("pushed back to February"): it replaces an earlier one
    moved: bool = False
    #: how its subject titles sound, when written in Latin letters, Hangul or katakana
    #: (:func:`pipeline.transliteration.title_sounds`): "페이퍼 랜턴" sounds as 'Paper Lantern'
    sounds: frozenset[tuple[str, str]] = frozenset()


def event_keys(entities: Any, title: str, body: str, *, subjects: Sequence[Any] | None = None,
               premiere_moved: bool = False, premiere_season: str | None = None) -> dict[str, Any]:
    """The JSON stored in ``articles.event_keys`` from a :func:`find_entities` result.

    Every key of a mention counts: its canonical key, the keys of the other
    spellings the article gave ("Han Hyo-joo (한효주)") and, for a working title,
    its final title. The subject shows are those in the headline (else the first
    show named) and a show written right after one of them ("'로맨틱 어나니머스'
    ('Romantics Anonymous')"): other shows are only mentioned (an actor's past or other work:
    "'달빛 항구' 이어 디즈니+ '등불지기' 주연", "was also confirmed for Netflix's 'X'").
    ``subjects`` are those shows when the caller has them (:func:`subject_shows`);
    ``premiere_season`` is the later season its premiere date is of
    (:attr:`pipeline.classify.PremiereDate.season`).
    """
    keys_of = cache(_keys)  # a person's keys count three times below: romanised and keyed once
    keyed = [(mention, keys_of(mention)) for mention in entities.shows]
    names = {mention: written_spelling(mention, title, body) for mention, _ in keyed}
    # each show's own keys first: a working title's link to its final title does not name that title
    own = [(key, names[mention]) for mention, keys in keyed for key in keys if key != _final_key(mention)]
    linked = [(key, names[mention]) for mention, _ in keyed if (key := _final_key(mention))]
    shows: dict[str, str] = {}
    for key, name in [*own, *linked]:
        shows.setdefault(key, name)
    if subjects is None:
        subjects = subject_shows(entities.shows, title, body)
    roundup = _is_roundup(entities.shows, subjects, title, body)
    if roundup:  # about many shows: none is its subject
        subjects = []
    subject = [key for mention, keys in keyed if mention in subjects for key in keys]
    main, passing = _split_platforms(entities.platforms, entities.shows, subjects, title, body)
    people = _named_keys(entities.people, keys_of)
    # a roundup is about no show: every person it names counts alike
    passing_people = [] if roundup else _passing_people(entities.people, subjects, title, body)
    moved = {"premiere_moved": True} if premiere_moved else {}  # its premiere date is a postponement's
    figures = _figures(entities.shows, subjects, title, body) if subjects else []
    # a subject working title the article gives its final title: the story shows the final one
    retitled = {key: final for mention, keys in keyed if mention in subjects and (final := _final_key(mention))
                for key in keys if key != final}
    optional = {"figures": figures, "retitled": retitled, "roundup": roundup, "premiere_season": premiere_season,
                "exit": bool(_EXIT_HEADLINE.search(lowered(title, fold=True))),
                # the keys of people only named in passing: what links two reports is the people they are about
                "passing_people": sorted(set(_named_keys(passing_people, keys_of)) - set(_named_keys(
                    [m for m in entities.people if m not in passing_people], keys_of)))}
    return {**moved, **{name: value for name, value in optional.items() if value},
        "shows": shows,
        "subject": sorted(set(subject)),
        "people": people,
        "uncertain_people": _uncertain(entities.people, people, keys_of),
        "platforms": _named_keys(main, keys_of),
        "passing_platforms": _named_keys(passing, keys_of),
    }


#: A percentage: "12.4%", "12.4 percent", "12.4퍼센트", "１２．４％" (NFKC-folded by :func:`comparable`).
_PERCENT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b|퍼센트|パーセント)")
#: Sentence ends that are not a decimal point, nor the full stop of "No. 1". Written as one
#: character class first, so that the regex engine skips to the next candidate character
#: instead of trying three lookbehind branches at every position of the text.
_FIGURE_SENTENCE = re.compile(r"[.!?。！？\n](?<!\b[Nn]o\.)(?!(?<=\d\.)\d)")
#: A number with its unit, as outlets write counts: "3.2 million", "3.2m", "3,200,000", "320만",
#: "3억 2000만", "320万", "1億2000万" (text folded by :func:`comparable`: lower case, NFKC).
_UNITS = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9,
          "b": 10**9, "만": 10**4, "万": 10**4, "억": 10**8, "億": 10**8}
_COUNT = (r"(?<![\d.,])(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<unit>thousand\b|million\b|billion\b|mn?\b|bn\b|b\b|k\b"
          r"|[만万억億])?(?:\s*(?P<small>\d+(?:\.\d+)?)\s*(?P<small_unit>[만万]))?")
#: A count of views or viewing hours, its noun after it ("3.2 million views", "320만 뷰", "320万回再生",
#: "1,500만 시간") or, in Korean and Japanese, before it ("시청 수 320만", "視聴数320万").
_VIEWS = re.compile(
    rf"{_COUNT}\s*(?:회\s*)?(?P<noun>views?\b|viewings?\b|(?:hours|hrs)\b(?:\s+(?:viewed|watched))?|viewing\s+hours\b"
    r"|뷰|조회|시청\s*(?:수|시간)|시간|ビュー|回\s*(?:再生|視聴)|再生|視聴(?:数|時間)|時間)"
    rf"|(?P<noun_before>시청\s*수|조회\s*수|뷰|視聴数|再生数|視聴時間|시청\s*시간)\s*(?:는|은|が|は)?\s*{_COUNT.replace('?P<', '?P<b_')}")
#: A chart position: "No. 1", "#1", "number one", "ranked 3rd", "2nd place", "1위", "1位", and
#: "tops the chart", "정상에 올랐다", "首位" (first).
_RANK = re.compile(
    r"\bno\.\s?(?P<no>\d{1,3})\b|(?<![\w#])#(?P<hash>\d{1,3})\b|\branked\s+(?:no\.\s?)?(?P<ranked>\d{1,3})(?:st|nd|rd|th)?\b"
    r"|\b(?P<place>\d{1,3})(?:st|nd|rd|th)\s+place\b|(?<![\d.])(?P<native>\d{1,3})\s*[위位](?![置])"
    r"|(?P<first>\bnumber\s+one\b|\bfirst\s+place\b|\btop\s+spot\b|\btop(?:s|ped)?\s+(?:the\s+)?(?:[\w+'-]+\s+){0,3}charts?\b"
    r"|정상(?:에|을|\s*등극|\s*차지)|首位)")
#: Which week of release a figure is of: "first week", "second week", "week 2", "첫 주", "2주 차", "2週目".
_WEEK = re.compile(
    r"\b(?P<word>first|second|third|fourth|fifth|opening)\s+week\b|\bweek\s+(?P<number>\d{1,2})\b"
    r"|(?P<ko_first>첫)\s*(?:째\s*)?주|(?P<ko>\d{1,2})\s*주\s*(?:차|째)|(?P<ja>\d{1,2})\s*週目|(?P<ja_first>初)週")
_WEEK_WORDS = {"first": 1, "opening": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
#: Figure kinds that tell two reports apart when both give one of the kind and they differ (the
#: first week's 3.2 million views is not the second week's 4.1 million); ``week`` joins none.
_FIGURE_KINDS = ("views", "hours", "rank", "week")


def _count(number: str, unit: str | None, small: str | None, small_unit: str | None) -> int:
    """A count written with its units as a whole number ("3.2", "million" → 3200000;
    "3", "억", "2000", "만" → 320000000)."""
    value = float(number.replace(",", "")) * _UNITS.get(unit or "", 1)
    if small and small_unit:
        value += float(small) * _UNITS[small_unit]
    return int(round(value))


def _rounded(value: int) -> int:
    """Two significant digits: "321만" and "3.2 million" are one count."""
    return int(float(f"{value:.2g}"))


_DIGIT = re.compile(r"\d")


def _counts(sentence: str) -> set[str]:
    """The ``views:`` and ``hours:`` figures of a sentence (:data:`_VIEWS`)."""
    found = set()
    for match in _VIEWS.finditer(sentence):
        prefix = "" if match.group("number") else "b_"
        noun = match.group("noun") or match.group("noun_before")
        kind = "hours" if any(word in noun for word in ("hour", "hrs", "시간", "時間")) else "views"
        count = _count(*(match.group(prefix + name) for name in ("number", "unit", "small", "small_unit")))
        if count >= 1000:  # "2 views" is no audience figure
            found.add(f"{kind}:{_rounded(count)}")
    return found


def _figures_in(sentence: str) -> set[str]:
    """The figures of a sentence (folded by :func:`comparable`): percentages as numbers
    ("12.4"), and ``views:``, ``hours:``, ``rank:`` and ``week:`` figures."""
    found: set[str] = set()
    if _DIGIT.search(sentence):  # percentages and counts are written in digits; most sentences have none
        found = {figure.rstrip("0").rstrip(".") if "." in figure else figure for figure in _PERCENT.findall(sentence)}
        found |= _counts(sentence)
    for match in _RANK.finditer(sentence):
        position = next((value for name, value in match.groupdict().items() if value and name != "first"), None)
        found.add(f"rank:{int(position) if position else 1}")
    for match in _WEEK.finditer(sentence):
        word, number = match.group("word"), next((match.group(n) for n in ("number", "ko", "ja") if match.group(n)), None)
        found.add(f"week:{_WEEK_WORDS[word] if word else int(number) if number else 1}")
    return found


def _figures(shows: Sequence[Any], subjects: Sequence[Any], title: str, body: str) -> list[str]:
    """The figures written in a sentence that names a subject show and no other show
    ("'Harbor of Glass' hits 12.4%", not "Meanwhile, MBC's 'Salt Road' recorded 5.1 percent"):
    ratings percentages, view counts, chart positions (:func:`_figures_in`)."""
    mine = [_fold_name(m.text) for m in subjects if m.text]
    others = [_fold_name(m.text) for m in shows if m not in subjects and m.text]
    found: set[str] = set()
    for sentence in map(comparable, _FIGURE_SENTENCE.split(f"{title}\n{body}")):
        if any(n in sentence for n in mine) and not any(n in sentence for n in others):
            found |= _figures_in(sentence)
    return sorted(found)


def _final_key(mention: Any) -> str | None:
    """The key of the final title a working title was given, if ``mention`` is one."""
    return stored_key(mention.working_title_of) if mention.working_title_of else None


def _keys(mention: Any) -> list[str]:
    keys = [mention.key, *(_spelling_key(mention.kind, text) for text in mention.aliases)]
    keys.append(_final_key(mention) or "")
    if mention.kind == "person":
        keys.extend(person_key(r) for text in [mention.text, *mention.aliases] for r in romanise_korean_name(text))
        keys.extend(name_keys(mention.text))  # "パク・ジフン" beside "Park Ji-hoon" and "박지훈"
    return list(dict.fromkeys(stored_key(k) for k in keys if k))


def _uncertain(people: Sequence[Any], named: Mapping[str, str], keys_of: Callable[[Any], list[str]]) -> list[str]:
    """The keys of ``named`` that only an uncertain reading of a name gives
    (:func:`pipeline.romanise.uncertain_keys`); ``keys_of`` is :func:`_keys`, or a memo of it."""
    uncertain: set[str] = set()
    certain: set[str] = set()
    for mention in people:
        doubtful = {stored_key(key) for key in uncertain_keys(mention.text)}
        uncertain |= doubtful
        certain |= set(keys_of(mention)) - doubtful
    return sorted(key for key in uncertain - certain if key in named)




def _spelling_key(kind: str, text: str) -> str:
    return {"show": show_key, "person": person_key, "platform": platform_key}[kind](text)


def _named_keys(mentions: Sequence[Any], keys_of: Callable[[Any], list[str]]) -> dict[str, str]:
    """Each key of ``mentions`` (``keys_of``: :func:`_keys`, or a memo of it) → the name of the
    first mention with it."""
    named: dict[str, str] = {}
    for mention in mentions:
        for key in keys_of(mention):
            named.setdefault(key, mention.name)
    return named


#: Words before a title that make it an earlier work, not the article's subject:
#: "best known for X", "previously starred in X", "after X", "「X」などで知られる". Written in lowercase for
#: text lowered by :func:`pipeline.scan.lowered` (what IGNORECASE would find), and tried only where one
#: of its words occurs (:class:`pipeline.scan.Guarded`): a case-insensitive search tried every position.
_PAST_WORK_BEFORE = Guarded(
    r"(?:known\s+for|previously|previous\s+works?|starred\s+in|appeared\s+in|last\s+appeared|most\s+recently|"
    r"recently\s+wrapped|coming\s+off|\bafter\b|\bfollowing\b|\bsince\b|penned|\bwrote\b|directed|behind|"
    r"\bincludes?\b|occupied\s+by|\breplaces?\b|\bsucceeds?\b|\bhit\b|전작|출연했던|前作)[^.!?。\n]{0,60}$"
    # a debut names the work right after it: "debuted in KBS drama 'School 2015' and is now filming X"
    r"|(?:debuted\s+(?:in|with)|made\s+(?:his|her|their)\s+debut\s+(?:in|with)|broke\s+out\s+in|"
    r"rose\s+to\s+fame\s+(?:in|with))[^.!?\n]{0,24}$",
)
#: Words that name a title as another work of someone's the article reports beside its own news:
#: "X was also confirmed for Netflix's 'Y'", "Seo also stars in KBS2's 'Y'", "<Y>에도 출연한다",
#: "「Y」にも出演", and the work before this one ("'Y' 이어 디즈니+ 'Z' 주연", "'Y'에 이어", "「Y」に続き").
#: Its premiere date is not the article's (:func:`other_work_sentence`).
_OTHER_WORK_BEFORE = re.compile(
    r"\b(?-i:also)\s+(?:(?:been|be|is|was|are|were|will|has|had|being)\s+)*(?:(?:confirmed|cast|set|slated|attached)"
    r"\s+(?:for|in|to\s+(?:star|appear|lead)\s+in)|(?:stars?|starring|appears?|appearing|leads?|leading)\s+in"
    r"|join(?:s|ed|ing)?)\b[^.!?。\n]{0,40}$", re.IGNORECASE)
_OTHER_WORK_AFTER = re.compile(r"[」』”’'\"》>〉]?\s*(?:(?:에도|에서도)\s*(?:출연|캐스팅|합류|주연)|にも(?:出演|起用|主演)"
                               r"|(?:에\s*)?이어(?:서)?(?=[\s,…·]|$)|に続(?:き|いて))")
_PAST_WORK_AFTER = re.compile(
    r"^[」』”’'\"》>〉]?\s*(?:などで知られる|などを手がけ|を手がけた|以来|の[一-龥]{1,3}(?:監督|脚本)?[、が]|\)"
    r"|의\s*[가-힣]{2,4}\s*(?:감독|작가|PD|연출)"  # "'더 글로리'의 안길호 감독": the director's earlier work
    r"|\s*[가-힣]{2,4}\s*(?:감독|작가|PD)(?:의)?\s*(?:신작|차기작|새\s*작품)"  # "'나의 해방일지' 박해영 작가 신작"
    # "'학교 2015'로 데뷔한", "'응답하라 1988'로 얼굴을 알린", "'도깨비'에 출연했던", 「X」でデビュー
    r"|(?:으?로|에서)\s*(?:데뷔|얼굴을\s*알|이름을\s*알|주목받|인기를\s*얻|활약했|호평받)|에\s*출연했던|でデビュー)")
_SENTENCE_BREAK = re.compile(r"[.!?。！？\n]")


def _work_kind(text: str, start: int, end: int) -> str | None:
    """How the title at ``text[start:end]`` is written: ``"other"``, as another work someone also
    has (:data:`_OTHER_WORK_BEFORE`, :data:`_OTHER_WORK_AFTER`), ``"past"``, as an earlier work
    ("best known for X", "「X」などで知られる"), or None. The one reading both the choice of the
    article's subject (:func:`subject_shows`) and its premiere date (:func:`other_work_sentence`) use."""
    if _OTHER_WORK_BEFORE.search(text, max(0, start - 80), start) or _OTHER_WORK_AFTER.match(text, end, end + 24):
        return "other"
    before = text[max(0, start - 80): start]
    if (_PAST_WORK_BEFORE.search(lowered(before, fold=True)) or before.rstrip(" '\"‘“「『").endswith("(")
            or _PAST_WORK_AFTER.match(text[end: end + 24])):
        return "past"
    return None


def _is_past_work(text: str, start: int, end: int) -> bool:
    """The title at ``text[start:end]`` is written as an earlier or other work of someone."""
    return _work_kind(text, start, end) is not None


def other_work_sentence(shows: Sequence[Any], subjects: Sequence[Any], title: str,
                        body: str) -> Callable[[str], bool] | None:
    """A test of one sentence of the article: it is about someone's other work, not the article's
    show, when it names a show the article writes as another work someone also has ("Seo also
    stars in KBS2's 'Winter Pharmacy,' which premieres Dec. 21", "오는 21일 첫 방송되는 KBS2
    <겨울 약국>에도 출연한다", "'은빛 부두'에 이어") and none of the shows the article is about
    (``subjects``: :func:`subject_shows`). None when the article names no show so. ``shows``
    are :func:`find_entities`'s mentions."""
    text = f"{title}\n{body}"
    others = [_fold_name(m.text) for m in shows if m not in subjects and m.text and any(
        _work_kind(text, start, end) == "other" for start, end in literal_spans(m.text, text))]
    if not others:
        return None
    own = [_fold_name(name) for m in subjects for name in (m.text, *m.aliases) if name]

    def about_other_work(sentence: str) -> bool:
        folded = comparable(sentence)
        return any(name in folded for name in others) and not any(name in folded for name in own)
    return about_other_work


def _past_in_headline(title: str, name: str) -> bool:
    """The headline names ``name`` as someone's earlier work ("JTBC '나의 해방일지' 박해영 작가 신작")."""
    start = title.find(name)
    return start >= 0 and _is_past_work(title, start, start + len(name))


def subject_shows(shows: Sequence[Any], title: str, body: str) -> list[Any]:
    """The shows an article is about: those in the headline; else the first show named
    that is neither an earlier nor another work of someone's (:func:`_work_kind`: "best known for
    X", "has also been cast in Y"); else the first show named as another work (with no show of its
    own, "also … Y" is the article's news); else the first show named. ``shows`` are
    :func:`find_entities`'s mentions."""
    headline = comparable(title)
    named = [m for m in shows if _fold_name(m.text) in headline and not _past_in_headline(title, m.text)]
    # a title written only inside a longer one ("オオカミ" in "オオカミの告白") is not the headline's
    chosen = [m for m in named if _fold_name(m.text) in _without(headline, (
        _fold_name(n.text) for n in named if _fold_name(m.text) in _fold_name(n.text) != _fold_name(m.text)))]
    if not chosen and shows:
        written = f"{title}\n{body}"
        first: dict[str | None, Any] = {}  # the first show written as each kind of work
        for mention in shows:
            start = written.find(mention.text)
            if start >= 0:
                first.setdefault(_work_kind(written, start, start + len(mention.text)), mention)
                if None in first:
                    break
        chosen = [first.get(None) or first.get("other") or shows[0]]
    if not chosen or all(mention in chosen for mention in shows):
        return chosen  # no other show to test: the whole text need not be folded
    text = comparable(f"{title}\n{body}")
    for mention in shows:
        if mention not in chosen and any(_right_after(text, s.text, mention.text) for s in chosen):
            chosen.append(mention)
    return chosen


#: An article about this many shows (none of them an earlier work) is a roundup when its
#: headline presents them as several (:func:`_is_roundup`).
ROUNDUP_SHOWS = 3
#: Headline words that present several shows, whatever shows the headline names: a roundup,
#: a slate or a platform's lineup (not a show's cast lineup), "7 K-Dramas", "every series",
#: "… and more", "1월 OTT 신작 총정리", "라인업", "配信作品まとめ", "ラインナップ", "『X』など5作品", "『X』ほか".
_ROUNDUP_HEADLINE = re.compile(
    r"\b(?:round-?ups?|slates?|every\s+(?:new\s+)?(?:series|shows?|dramas?|titles?|films?|movies?)|everything"
    r"|and\s+more|(?<!cast\s)(?<!casting\s)(?<!star-studded\s)(?<!all-star\s)line-?ups?(?!\s+of\s+(?:stars|actors))"
    r"|(?<![\d.,])(?:[2-9]|[1-9]\d|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
    r"\s+(?:[\w+-]+\s+){0,4}(?:[kj]-?dramas|dramas|series|shows|titles|originals|films|movies|releases)\b)"
    r"|총정리|(?<!캐스팅\s)(?<!캐스팅)(?<!초호화\s)(?<!초호화)(?<!출연진\s)라인업|한눈에|모아보기|신작\s*(?:리스트|목록|소개)"
    r"|ラインナップ|ラインアップ|まとめ|一覧|[』」]\s*(?:など|ほか)|\d+\s*(?:作品|本|タイトル)",
    re.IGNORECASE,
)
#: Headline words of a list of what is coming, which name no show when they are a roundup's:
#: "New on Netflix in January", "Coming to Disney+ this week", "What to watch", "이번 주 신작", "今週の配信".
_SCHEDULE_HEADLINE = re.compile(
    r"\b(?:new|coming|arriving|leaving)\s+(?:on|to)\b|\bwhat\s+to\s+watch\b|\b(?:this|next)\s+(?:week|month)['’]s\b"
    r"|신작|새\s*작품|今週の|今月の|新作|配信作品",
    re.IGNORECASE,
)


def _is_roundup(shows: Sequence[Any], subjects: Sequence[Any], title: str, body: str) -> bool:
    """The article is about many shows (a roundup, a slate): its headline names
    :data:`ROUNDUP_SHOWS` shows, or it names that many (not as earlier works) and its headline
    presents several (:data:`_ROUNDUP_HEADLINE`, or :data:`_SCHEDULE_HEADLINE` naming none).
    Such an article has no show of its own: "New on Netflix in January" listing 'Winter Letters'
    first is not news of 'Winter Letters'."""
    if len(shows) < ROUNDUP_SHOWS:  # most articles: no list to look at
        return False
    if len(_distinct(subjects, title, body)) >= ROUNDUP_SHOWS:
        return True
    written = f"{title}\n{body}"
    listed = [mention for mention in shows if not mention.working_title_of and any(
        not _is_past_work(written, start, end) or _LISTED_BEFORE.search(written, max(0, start - 120), start)
        for start, end in literal_spans(mention.text, written))]
    if len(_distinct(listed, title, body)) < ROUNDUP_SHOWS:
        return False
    headline = comparable(title)
    return bool(_ROUNDUP_HEADLINE.search(headline) or (
        _SCHEDULE_HEADLINE.search(headline) and not any(_fold_name(m.text) in headline for m in shows)))


#: "Highlights include X", "titles include X, Y and Z": shows a roundup lists, not earlier works.
_LISTED_BEFORE = re.compile(r"\b(?:titles|highlights|lineup|slate)\s+(?:also\s+)?includes?\b[^.!?\n]{0,80}$", re.IGNORECASE)


def _distinct(shows: Sequence[Any], title: str, body: str) -> list[Any]:
    """``shows`` less the translations of one of them written right after it ("『大阪十二夜』
    （英題：Twelve Nights in Osaka）")."""
    text = comparable(f"{title}\n{body}")
    kept: list[Any] = []
    for mention in shows:
        if not any(_right_after(text, other.text, mention.text) or _right_after(text, mention.text, other.text)
                   for other in kept):
            kept.append(mention)
    return kept


def _without(text: str, parts: Iterable[str]) -> str:
    for part in parts:
        text = text.replace(part, "\n")
    return text


_FUTURE_RELEASE = re.compile(
    r"\bwill\s+(?:\w+\s+){0,2}(?:air|stream|premiere|debut|launch|drop|arrive|be\s+(?:released|available|streamed|broadcast))|"
    r"\b(?:available|streaming|stream|air|airs|premieres?|released?)\s+(?:exclusively\s+)?(?:on|via|through)\b|"
    r"\bset\s+to\s+(?:air|stream|premiere|debut)|\bto\s+(?:air|stream|premiere|debut)\s+on|"
    r"방송(?:된다|한다|\s*예정)|공개(?:된다|한다|\s*예정)|편성|"
    r"(?:放送|配信)(?:され|する|予定|開始|決定|も(?:行われ|決定|予定))|(?:で|での|にて|より|から)(?:独占)?(?:放送|配信)",
    re.IGNORECASE,
)


def _split_platforms(platforms: Sequence[Any], shows: Sequence[Any], subjects: Sequence[Any],
                     title: str, body: str) -> tuple[list[Any], list[Any]]:
    """``(the platforms the article's subject is on, platforms named only in passing)``.

    A platform is the subject's when it is in the headline or the lead paragraph, or in
    a sentence naming a subject show or a coming release ("will also stream on TVING"),
    unless it is written as part of another show ("the Netflix film Low Tide", "JTBC's
    'Our Winter Ledger'"). With no such platform, every platform counts.
    """
    text = f"{title}\n{body}"
    lead_end = _lead_end(title, body)
    sentence_of = _sentence_spans(text)
    others = [m.text for m in shows if m not in subjects and m.text]
    main: list[Any] = []
    passing: list[Any] = []
    for mention in platforms:
        spans = list(literal_spans(mention.text, text))
        verdict = False
        for start, end in spans:
            after = text[end: end + 40]
            if any(_attached(after, other) for other in others) or _OWNED.search(text, max(0, start - 12), start):
                continue  # "JTBC's 'Our Winter Ledger'", "after his JTBC news": another work of someone's
            if _left(text, start, end):
                continue  # "moves from KBS to TVING", "originally produced for KBS": where it was
            if _another_version(text, start, end, others):
                continue  # "renewed, days after CBS ordered a U.S. remake": the remake's platform
            if start < lead_end:
                verdict = True
                break
            sentence = text[slice(*sentence_of(start))]
            if _FUTURE_RELEASE.search(sentence) or any(s.text and s.text in sentence for s in subjects):
                verdict = True
                break
        (main if verdict else passing).append(mention)
    if not main:
        return list(platforms), []
    return main, passing


def _lead_end(title: str, body: str) -> int:
    """Where the lead paragraph ends in ``f"{title}\\n{body}"``."""
    if body.startswith(title) and title:
        return len(title) + 1 + body.find("\n", len(title) + 1) + 1
    return len(title) + 1 + next((len(p) for p in body.split("\n") if p.strip() and p.strip() != title.strip()), 0)


def _passing_people(people: Sequence[Any], subjects: Sequence[Any], title: str, body: str) -> list[Any]:
    """The people named only in passing: not in the headline or the lead paragraph, nor in a
    sentence naming a subject show ("Park Seo-joon, who starred in X with Kim Go-eun"). None
    when no person is named so: then the article is about all of them, or none in particular."""
    text = f"{title}\n{body}"
    lead_end = _lead_end(title, body)
    sentence_of = _sentence_spans(text)
    names_subject: dict[int, bool] = {}  # sentence start → it names a subject show

    def about_subject(mention: Any) -> bool:
        for spelling in dict.fromkeys([mention.text, *mention.aliases]):
            for found, _end in literal_spans(spelling, text) if spelling else ():
                if found < lead_end:
                    return True
                start, end = sentence_of(found)
                if start not in names_subject:
                    names_subject[start] = any(s.text and s.text in text[start:end] for s in subjects)
                if names_subject[start]:
                    return True
        return False

    passing = [mention for mention in people if not about_subject(mention)]
    return passing if len(passing) < len(people) else []


#: A possessive before a platform names someone's other work: "a day after his JTBC news".
_OWNED = re.compile(r"\b(?:his|her|their)\s+$", re.IGNORECASE)
#: Before a platform the show leaves or was first meant for: "moves from X to", "leaves X for",
#: "originally produced for X", "당초 X", "当初X".
_LEFT_BEFORE = re.compile(
    r"(?:\b(?:originally|initially|formerly|first\s+(?:set|slated|planned|meant))\b[^.!?,;\n]{0,50}"
    r"|(?:당초|원래|애초|본래|当初|もともと|元々)[^.。\n]{0,20})$", re.IGNORECASE)
#: After it: "KBS to TVING" (after "from", "leaves"), "KBS exit", "KBS passed on it",
#: "KBS에서 티빙으로", "KBSからTVINGへ".
_LEFT_AFTER = re.compile(
    r"^\w{0,3}(?:[’']s)?\s+(?:exit|departure|passed\s+on|dropped|backed\s+out|pulled\s+out)\b"
    r"|^\w{0,3}\s*(?:에서\s*\S{1,12}?(?:으로|로)|から\s*\S{1,12}?へ)", re.IGNORECASE)
_FROM_TO = re.compile(r"\b(?:from|leaves|leaving|left|exits|ditches)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_TO_AFTER = re.compile(r"^\w{0,3}\s+(?:to|for)\b", re.IGNORECASE)


def _left(text: str, start: int, end: int) -> bool:
    """The platform at ``text[start:end]`` is one the show leaves or was first meant for."""
    sentence_start = max((m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, start - 80), start)),
                         default=max(0, start - 80))
    before, after = text[sentence_start: start], text[end: end + 40]
    return bool(_LEFT_BEFORE.search(before) or _LEFT_AFTER.match(after)
                or (_FROM_TO.search(before) and _TO_AFTER.match(after)))


#: A clause hung on the sentence whose subject is a platform making another version of the show:
#: "…, days after CBS ordered a U.S. remake", "as CBS develops its American version",
#: "미국 CBS가 리메이크를 확정한 데 이어", "CBSがリメイクを発表したのに続き". Only in such a
#: clause: "CBS has ordered a U.S. remake" is the remake's own news.
_HUNG_CLAUSE_BEFORE = re.compile(r"\b(?:after|following|as|while|since|when)\s+(?:[\w.-]+\s+){0,2}$", re.IGNORECASE)
_ANOTHER_VERSION_AFTER = re.compile(
    r"(?P<clause>(?:[’']s)?\s+(?:\w+\s+){0,3}?(?:an?|its|their)\s+(?:[\w.-]+\s+){0,2}?"
    r"(?:remake|adaptation|version|reboot|spin-?off|reimagining)s?\b)"
    r"|\w{0,3}\s+(?:[^\s.!?。]+\s+){0,2}?[^\s.!?。]*(?:리메이크|미국판|리부트)[^.!?。\n]{0,20}?(?:데\s*이어|가운데)"
    r"|\s*(?:が|は|による)[^。、\n]{0,8}?(?:リメイク|米国版|アメリカ版|ハリウッド版)[^。、\n]{0,15}?(?:に続き|に続いて|を受け)",
    re.IGNORECASE)


def _another_version(text: str, start: int, end: int, others: Sequence[str]) -> bool:
    """The platform at ``text[start:end]`` makes another version of the show, in a clause of the
    sentence (:data:`_ANOTHER_VERSION_AFTER`); not when that version is "of" another show named
    there ("weeks after CBS ordered a remake of Attorney at Midnight" in the remake's own article)."""
    found = _ANOTHER_VERSION_AFTER.match(text, end, min(len(text), end + 80))
    if not found:
        return False
    if found.group("clause") and not _HUNG_CLAUSE_BEFORE.search(text, max(0, start - 40), start):
        return False
    rest = text[found.end(): found.end() + 60]
    return not (re.match(r"\s+of\b", rest) and any(_attached(rest, other) for other in others))


def _attached(after: str, other: str) -> bool:
    """``after`` (the text following a platform name) opens with a phrase naming ``other``."""
    position = after.find(other)
    if position < 0:
        return False
    between = after[:position]
    return not _SENTENCE_BREAK.search(between) and len(between.split()) <= 4


@lru_cache(maxsize=4)  # the platforms' and the people's tests ask about the same article text
def _sentence_spans(text: str) -> Callable[[int], tuple[int, int]]:
    """The (start, end) of the sentence of ``text`` at a position, between two
    :data:`_SENTENCE_BREAK`: the breaks are found once, each position is a bisection."""
    breaks = [found.start() for found in _SENTENCE_BREAK.finditer(text)]

    def span(position: int) -> tuple[int, int]:
        after = bisect_left(breaks, position)
        return (breaks[after - 1] + 1 if after else 0), (breaks[after] if after < len(breaks) else len(text))
    return span


def _right_after(text: str, first: str, second: str, gap: int = _PAIR_GAP) -> bool:
    """``second`` is written within ``gap`` characters after ``first`` (a translated title)."""
    first, second = _fold_name(first), _fold_name(second)
    if not first or not second:
        return False
    start = text.find(first)
    while start >= 0:
        end = start + len(first)
        found = text.find(second, end, end + gap + len(second))
        # "'A', 'B' and 'C'" is a list: a translation is in brackets, after a label, or in another script
        if found >= 0 and _PAIR_BETWEEN.fullmatch(text[end:found]) and (
                _PAIR_MARK.search(text[end:found]) or native_script(first) != native_script(second)):
            return True
        start = text.find(first, end)
    return False


#: What may stand between a title and its translation: brackets, quotes, a label ("영제"),
#: not words ("《마더》는 '더 글로리'의": a sentence naming another show).
_PAIR_MARK = re.compile(rf"[()（）\[\]:：]|{TITLE_LABEL}")
_PAIR_BETWEEN = re.compile(rf"[\s'\"‘’“”「」『』《》〈〉()（）\[\]:：,、-]*{TITLE_LABEL}?[\s'\"‘’“”「」『』《》〈〉()（）\[\]:：,、-]*")

class Member(NamedTuple):
    """What story matching and a story's record read of one article (never its body):
    the columns :data:`storage.repository.STORY_MEMBER_COLUMNS`, in that order."""

    id: int
    url_key: str
    url: str
    title: str | None
    summary: str | None
    language: str | None
    source_id: int
    published_at: datetime | None
    fetched_at: datetime
    category: str | None
    premiere_date: date | None
    premiere_precision: str | None
    event_keys: dict[str, Any]
    duplicate_of_id: int | None
    story_id: int | None


def features_of(article: Any) -> Features:
    """The features of a :class:`Member` (or any row with its columns)."""
    keys = article.event_keys or {}
    when = article.published_at or article.fetched_at
    passing = set(keys.get("passing_people", []))
    people = {key: name for key, name in keys.get("people", {}).items() if key not in passing}
    shows = keys.get("shows", {})
    return Features(
        article_id=article.id,
        url_key=article.url_key,
        category=article.category,
        when=when,
        shows=frozenset(keys.get("shows", {})),
        subject=frozenset(keys.get("subject", [])),
        people=frozenset(people),
        platforms=frozenset(keys.get("platforms", {})) | frozenset(keys.get("passing_platforms", {})),
        duplicate_of=article.duplicate_of_id,
        story_id=article.story_id,
        premiere=(article.premiere_date, article.premiere_precision or "day") if article.premiere_date else None,
        main_platforms=frozenset(keys.get("platforms", {})),
        persons=_persons(people),
        native_people=frozenset(key for key, name in people.items() if is_native(name)),
        uncertain_people=frozenset(keys.get("uncertain_people", [])),
        figures=frozenset(keys.get("figures", [])),
        roundup=bool(keys.get("roundup")),
        season=keys.get("premiere_season"),
        exit=bool(keys.get("exit")),
        moved=bool(keys.get("premiere_moved")),
        sounds=frozenset().union(*(title_sounds(shows.get(key, key)) for key in keys.get("subject", []))),
    )


def _persons(people: dict[str, str]) -> frozenset[frozenset[str]]:
    """The keys of ``people`` (key → name) grouped by the person they name."""
    groups: dict[str, set[str]] = {}
    for key, name in people.items():
        groups.setdefault(name, set()).add(key)
    return frozenset(frozenset(group) for group in groups.values())


def _shared_people(a: Features, b: Features, *, certain: bool = False) -> int:
    """How many people two articles both name: persons, not keys (one name shares its
    spelling and its sound key), counted from both sides (symmetric). A loose key counts
    between a native and a Latin spelling only; ``certain``: not through an uncertain reading."""
    shared = {key for key in a.people & b.people
              if not key.startswith(LOOSE) or (key in a.native_people) != (key in b.native_people)}
    if certain:
        shared -= a.uncertain_people | b.uncertain_people
    if not shared:
        return 0
    return min(sum(1 for group in features.persons if group & shared) or len(shared) for features in (a, b))


# --------------------------------------------------------------------------- relation


def same_event(a: Features, b: Features) -> bool:
    """The symmetric "these two articles report one event" relation."""
    if _duplicates(a, b):
        return True
    if a.roundup or b.roundup:  # a roundup is no show's news: it never bridges two shows' stories
        return a.roundup and b.roundup and _same_roundup(a, b)
    group = CATEGORY_GROUPS.get(a.category or "")
    if group is None or group != CATEGORY_GROUPS.get(b.category or ""):
        return False
    if abs(a.when - b.when) > WINDOW:
        return False
    if group == "other":
        return _same_figures(a, b)
    if "trailer" in (a.category, b.category) and abs(a.when - b.when) > TRAILER_NEAR:
        return False  # a show's teaser, poster and trailer come days apart: each is news of its own
    if {a.category, b.category} == {"release", "trailer"} and (a.premiere is None or a.premiere != b.premiere):
        return False  # a teaser that does not give the premiere date is not its news
    if a.premiere and b.premiere and a.season != b.season and not _one_renewal_season(a, b):
        return False  # season 2's premiere date is not news of the first season's
    if group == "cast" and _cast_news(a) != _cast_news(b):
        return False  # who joins, who leaves, and the start of filming are three pieces of news
    cross_script = False
    if a.shows and b.shows:
        if a.subject & b.subject:
            return True  # the shows they are about meet (not one's show named in passing by the other)
        if same_sound(a.sounds, b.sounds):
            return True  # one's title written as the other's sounds: 《페이퍼 랜턴》, 'Paper Lantern'
        if _scripts(a.shows) & _scripts(b.shows):
            return False  # comparable titles that differ: two shows
        # one names the show in Hangul/Kanji, the other in Latin letters: compare people
        cross_script = True
    if a.premiere and b.premiere and not _same_premiere(a.premiere, b.premiere) and not (a.moved or b.moved):
        # shows that cannot be compared, or no show named, premiering on two dates: two shows' news
        # (one show's reports may disagree, one outlet's stray date is outvoted; a postponement moves it)
        return False
    shared_people = _shared_people(a, b)
    if cross_script and a.main_platforms and b.main_platforms and not a.main_platforms & b.main_platforms:
        # titles that cannot be compared, on different platforms: the same actors in two shows
        # (a Netflix casting that recalls the actor's Disney+ one of the day before)
        return False
    if shared_people >= 2:
        # two of the eight people one names are not the people both are about
        return 2 * shared_people >= max(len(a.persons), len(b.persons))
    if shared_people == 1 and a.platforms & b.platforms and _shared_people(a, b, certain=True):
        # across scripts one actor on one platform is weak: reports of one event come within
        # days, an actor's next project on that platform ("Kim Ji-won cast in Netflix's Cloud
        # Bakery", ten days after her Netflix "유리 과수원") later
        return not cross_script or abs(a.when - b.when) <= CROSS_SCRIPT_NEAR
    if not cross_script or a.category != b.category:
        return False
    # a title and its translation, the same kind of news, the same announced premiere day
    # on a shared platform (one shared person is not enough: an actor is often attached to
    # two projects in one week)
    return (
        a.premiere is not None and a.premiere == b.premiere and a.premiere[1] == "day"
        and bool(a.platforms & b.platforms)
    )


def _one_renewal_season(a: Features, b: Features) -> bool:
    """Two renewals, one naming the season it dates and one not ("シーズン2…10月に放送予定" and "続編決定…来年10月に
    放送"): renewal news is of a later season, so the one that names none is of the other's."""
    return a.category == b.category == "renewal" and None in (a.season, b.season)


#: A headline telling who leaves a cast or replaces someone: "exits", "to exit", "quits", "to
#: replace", "takes over role", "하차…대체 투입", "이어받는다", "降板、代役に", "交代" (the casting cue
#: :data:`pipeline.classify.EXIT_WORDS`, and what a headline says shorter).
_EXIT_HEADLINE = Guarded(  # in lowercase, for a headline lowered by :func:`pipeline.scan.lowered` (as _PAST_WORK_BEFORE)
    rf"{EXIT_WORDS}|\breplac(?:e|es|ed|ing|ement)\b|\b(?:to|will)\s+(?:exit|leave|quit)\b|\bquits\b"
    r"|\btak(?:e|es|ing)\s+over\s+(?:the\s+|her\s+|his\s+)?role\b|이어받|交代")


def _cast_news(features: Features) -> str:
    """Which news of a cast an article is: ``casting`` (who joins), ``exit`` (who leaves or is
    replaced: its headline says so) or ``production`` (filming starts or wraps)."""
    return "exit" if features.exit and features.category == "casting" else features.category or ""


def _same_figures(a: Features, b: Features) -> bool:
    """Two reports of other news are one: within :data:`OTHER_NEAR`, the same figure given
    about the show each is about, and that show one (titles in two scripts: on one platform)."""
    if abs(a.when - b.when) > OTHER_NEAR or not _joining(a.figures) & _joining(b.figures):
        return False
    for kind in _FIGURE_KINDS:  # one week's views and chart position are not another week's
        mine, theirs = _of_kind(a.figures, kind), _of_kind(b.figures, kind)
        if mine and theirs and not mine & theirs:
            return False
    if a.subject & b.subject or same_sound(a.sounds, b.sounds):
        return True
    return not _scripts(a.subject) & _scripts(b.subject) and bool(a.main_platforms & b.main_platforms)


def _of_kind(figures: frozenset[str], kind: str) -> frozenset[str]:
    return frozenset(figure for figure in figures if figure.startswith(f"{kind}:"))


def _joining(figures: frozenset[str]) -> frozenset[str]:
    """The figures two reports may share to be one: not the week (every show has a first week)."""
    return frozenset(figure for figure in figures if not figure.startswith("week:"))


def _same_roundup(a: Features, b: Features) -> bool:
    """Two roundups are one when they come within :data:`ROUNDUP_NEAR`, list the shows of one
    platform, for one month when both date theirs to a month or a day, and share two shows or
    people (or, shows titled in two scripts, one person): "New on Netflix in January" and "7
    K-Dramas Coming To Netflix In January". Their categories are not compared (a slate lists
    castings, dates and renewals)."""
    if abs(a.when - b.when) > ROUNDUP_NEAR or not a.main_platforms & b.main_platforms:
        return False
    if a.premiere and b.premiere and max(_vagueness(a.premiere), _vagueness(b.premiere)) < PRECISION_RANK["year"] \
            and (a.premiere[0].year, a.premiere[0].month) != (b.premiere[0].year, b.premiere[0].month):
        return False
    people = _shared_people(a, b, certain=True)
    if len(a.shows & b.shows) + people >= 2:
        return True
    return people >= 1 and not _scripts(a.shows) & _scripts(b.shows)


def _scripts(keys: frozenset[str]) -> set[str]:
    """The scripts titles are written in: a Korean title and its Japanese translation cannot
    be compared letter by letter any more than either with a Latin one."""
    return {native_script(key) or "latin" for key in keys}


def _duplicates(a: Features, b: Features) -> bool:
    root_a = a.duplicate_of or a.article_id
    root_b = b.duplicate_of or b.article_id
    return root_a == root_b


# --------------------------------------------------------------------------- keys


#: The scripts of :func:`pipeline.transliteration.title_sounds`. An article looks up the sound keys
#: of the other two: two articles whose titles may meet (two scripts) look up the third's key,
#: so they share a :data:`pipeline.dedup.STORY_LOCKS` lock, as articles sharing a show key do.
_SOUND_SCRIPTS = frozenset({"latin", "hangul", "katakana"})


def _bucket(when: datetime) -> int:
    return (when - _EPOCH).days // BUCKET_DAYS


def _reach() -> int:
    return -(-WINDOW.days // BUCKET_DAYS)


def _base_keys(features: Features, shows: Iterable[str], *, lookup: bool = False) -> list[str]:
    """The story keys of an article (``lookup``: those it looks up, which differ only in
    the scripts of its titles' sounds: a title in Hangul looks for one in Latin letters or katakana)."""
    if features.roundup:  # found by roundups of its platforms only
        return [f"roundup|platform:{platform}" for platform in sorted(features.main_platforms)]
    group = CATEGORY_GROUPS.get(features.category or "")
    if group is None:
        return []
    if group == "other":  # only reports giving one figure can be one event
        return [f"other|figure:{figure}" for figure in sorted(_joining(features.figures))]
    keys = [f"{group}|show:{k}" for k in sorted(shows)] + [f"{group}|person:{k}" for k in sorted(features.people)]
    # a transliterated title and the English one it sounds as find each other by their sound
    keys += sorted({stored_key(f"{group}|sound:{script}:{sound_key(skeleton)}")
                    for written, skeleton in features.sounds
                    for script in (_SOUND_SCRIPTS - {written} if lookup else {written})})
    if features.premiere is not None and features.premiere[1] == "day":
        keys.append(f"{group}|premiere:{features.premiere[0].isoformat()}")
    return keys


def stored_keys(features: Features) -> list[str]:
    """The keys under which a story holding this article can be found."""
    week = _bucket(features.when)
    return [f"{key}|w{week}" for key in _base_keys(features, features.shows)]


def lookup_keys(features: Features) -> list[str]:
    """The keys to look up: every article this one can be linked to stored one of them."""
    week = _bucket(features.when)
    weeks = range(week - _reach(), week + _reach() + 1)
    return [f"{key}|w{w}" for key in _base_keys(features, features.subject, lookup=True) for w in weeks]


# --------------------------------------------------------------------------- assignment


def plan_story(session: Session, member: Member, *, original_story: int | None = None,
               earlier_only: bool = False, limit: int = MAX_CANDIDATES) -> StoryWrite:
    """The story of an article's event: an existing one (the stories the article links are
    merged into it here) or a new one, as the row :func:`storage.repository.write_article_links`
    writes with the article's links.

    ``member`` is the stored article as story matching sees it (its duplicate link
    set, no story yet); ``original_story`` is the story of the article it copies. The
    caller holds the :data:`~pipeline.dedup.STORY_LOCKS` locks of its :func:`lookup_keys`.
    ``earlier_only``: only the articles before it in :func:`publication_order` are candidates
    (and only the stories holding one take the ``limit`` places).
    """
    features = features_of(member)
    rows = candidate_members(session, lookup_keys(features), also=original_story, limit=limit,
                             exclude_id=member.id, before=publication_order(member) if earlier_only else None)
    if earlier_only:
        rows = [row for row in rows if publication_order(row) < publication_order(member)]
    linked: set[int] = set()
    for row in rows:  # the cheap columns first: most candidates are another kind of news or time
        if row.story_id not in linked and _may_link(features, row) and same_event(features, features_of(_member(row))):
            linked.add(row.story_id)
    record = story_record([*(_member(row) for row in rows if row.story_id in linked), member])
    story_id = None
    if linked:
        story_id, *others = sorted(linked)
        for other in others:
            merge_story(session, into=story_id, other=other)
    return StoryWrite(story_id, record, stored_keys(features))


def _member(row: Any) -> Member:
    """A :class:`Member` from a stored row, whose ``event_keys`` come as JSON text."""
    return Member(**{**row._mapping, "event_keys": json.loads(row.event_keys or "{}")})


def _may_link(features: Features, row: Any) -> bool:
    """What :func:`same_event` reads before the story keys: copies of one original, or news
    of one category group published within :data:`WINDOW` of each other."""
    if (row.duplicate_of_id or row.id) == (features.duplicate_of or features.article_id):
        return True
    if features.roundup:  # roundups of any category
        return abs((row.published_at or row.fetched_at) - features.when) <= ROUNDUP_NEAR
    group = CATEGORY_GROUPS.get(row.category or "")
    return (group is not None and group == CATEGORY_GROUPS.get(features.category or "")
            and abs((row.published_at or row.fetched_at) - features.when) <= WINDOW)


def leave_story(session: Session, article_id: int, story_id: int) -> bool:
    """An updated article leaves its story before being assigned again. True when that
    story has no article left: it is kept for :func:`keep_story_id`, which reuses or deletes it."""
    session.execute(update(Article).where(Article.id == article_id).values(story_id=None))
    return not refresh_story(session, story_id)


def publication_order(article: Any) -> tuple[datetime, int]:
    """Where an article (a :class:`Member` or row) comes when a store is filled in publication order."""
    return (article.published_at or article.fetched_at, article.id)


def has_earlier_member(session: Session, member: Member, story_id: int) -> bool:
    """Whether story ``story_id`` holds an article before ``member`` in :func:`publication_order`."""
    return any(publication_order(row) < publication_order(member)
               for row in story_members(session, [story_id], exclude_id=member.id))


def keep_story_id(session: Session, planned: StoryWrite, emptied: int, member: Member) -> StoryWrite:
    """The story of updated article ``member`` that was alone in story ``emptied`` (or, re-analysed in
    publication order, before the articles left in it): the same story id when it opens a story
    again (a story's id stays while its event does), else ``planned`` and ``emptied`` deleted
    when it is empty.

    Kept, the story's record and keys are those of the article and of the articles left in it
    (not yet re-analysed): stopped there, a re-analysis leaves a story found under every key of
    its articles."""
    left = [_member(row) for row in story_members(session, [emptied])]
    if planned.story_id is not None:
        if not left:
            delete_story(session, emptied)
        return planned
    clear_story_keys(session, emptied)  # the article's keys, and those of the articles left, are written again
    keys = [*planned.keys, *(key for other in left for key in stored_keys(features_of(other)))]
    return StoryWrite(emptied, story_record([*left, member]) if left else planned.values, list(dict.fromkeys(keys)))


# --------------------------------------------------------------------------- story record


def refresh_story(session: Session, story_id: int) -> bool:
    """Recompute a story's record from its articles; False when it has none left."""
    members = [_member(row) for row in story_members(session, [story_id])]
    if members:
        update_story(session, story_id, story_record(members))
    return bool(members)


def story_record(members: Sequence[Member]) -> dict[str, Any]:
    """A story's column values from its articles (deterministic: no arrival order used)."""
    members = sorted(members, key=lambda m: (_published(m), m.url_key))  # oldest first
    show_key, show = _main_show(members)
    people = _ranked(members, "people")[:MAX_PEOPLE]
    platforms = _ranked(members, "platforms")
    premiere = _premiere(members)
    headline = _headline(members, show, people, platforms, premiere)
    times = [_published(m) for m in members]
    return {
        "title": headline.title or headline.url, "summary": headline.summary,
        "category": _category(members), "show": show, "show_key": show_key,
        "people": people, "platforms": platforms,
        "premiere_date": premiere[0] if premiere else None,
        "premiere_precision": premiere[1] if premiere else None,
        "premiere_season": _premiere_season(members, premiere),
        "first_published_at": min(times), "last_published_at": max(times),
        "article_count": len(members), "source_count": len({m.source_id for m in members}),
        "updated_at": utcnow(),
    }


class _Spellings:
    """How the articles spell each entity key, fed oldest article first. :meth:`shown` is
    the spelling most of them use; on a tie, one in Latin letters, then the earliest
    article's. So one line of names keeps to one outlet's style ("Mizuno Aoi, Kurosawa Ren",
    not "Aoi Mizuno, Kurosawa Ren")."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {}
        self.first_use: dict[str, int] = {}

    def add(self, key: str, spelling: str) -> None:
        self.counts.setdefault(key, Counter())[spelling] += 1
        self.first_use.setdefault(spelling, len(self.first_use))

    def shown(self, key: str, *, latin_first: bool = False) -> str:
        """``latin_first``: a spelling in Latin letters whenever there is one (a person the
        articles name in several scripts is listed as the Latin ones spell them)."""
        spellings = self.counts[key]
        return min(spellings, key=lambda n: (latin_first and is_native(n), -spellings[n], is_native(n),
                                             self.first_use[n], n))


def _main_show(members: Sequence[Member]) -> tuple[str | None, str | None]:
    """The show most of the articles (oldest first) are about, as (key, spelling): spelled in
    Latin letters when an article titles it so. Once an article gives a working title its final
    title, that title is the show: the articles about the working title count for it, and it goes
    before any other show."""
    retitled: dict[str, str] = {}
    for member in members:  # the same map whatever the order: each working title's least final key
        for working, final in (member.event_keys or {}).get("retitled", {}).items():
            retitled[working] = min(final, retitled.get(working, final))
    counts: Counter[str] = Counter()
    spellings = _Spellings()
    for member in members:
        keys = member.event_keys or {}
        shows = keys.get("shows", {})
        for key in dict.fromkeys(_final_title(k, retitled) for k in keys.get("subject", []) if not k.startswith("~")):
            counts[key] += 1
            if key in shows or key not in retitled.values():  # a working title does not spell its final title
                spellings.add(key, shows.get(key, key))
    if not counts:
        return None, None
    finals = set(retitled.values())
    key = min(counts, key=lambda k: (k not in finals, -counts[k], k))
    if key not in spellings.counts:
        return key, key
    shown = spellings.shown(key)
    latin = [k for k in counts if k in spellings.counts and not is_native(spellings.shown(k))]
    if is_native(shown) and latin:
        # its title in Latin letters, which an article in another script gives (a translation no key
        # can tell is one), is shown, as a person is: the key stays the one most articles give
        shown = spellings.shown(min(latin, key=lambda k: (-counts[k], k)))
    return key, shown


def _final_title(key: str, retitled: Mapping[str, str]) -> str:
    """The last title ``key`` was given through ``retitled`` (working → final keys)."""
    seen = {key}
    while key in retitled and retitled[key] not in seen:
        key = retitled[key]
        seen.add(key)
    return key


def _ranked(members: Sequence[Member], field: str) -> list[str]:
    """Display names of ``field`` entities of the articles (oldest first), most reported
    first; ties go to the one the articles name earlier (a lead before a supporting actor),
    then by key. Each is spelled as :class:`_Spellings` says."""
    named = [list((member.event_keys or {}).get(field, {}).items()) for member in members]
    # the keys one article gives one name ("박보영": 박보영, boyoung park, boyung park) are one
    # entity, and so are the keys it shares with another article
    root: dict[str, str] = {}

    def find(key: str) -> str:
        while root.setdefault(key, key) != key:
            root[key] = root[root[key]]
            key = root[key]
        return key

    for items in named:
        first_key_of: dict[str, str] = {}
        for key, display in items:
            other = first_key_of.setdefault(display, key)
            a, b = find(key), find(other)
            if a != b:
                root[max(a, b)] = min(a, b)
    counts: Counter[str] = Counter()
    places: Counter[str] = Counter()
    spellings = _Spellings()
    for items in named:
        seen: set[str] = set()
        for position, (key, display) in enumerate(items):
            entity = find(key)
            if entity in seen:
                continue  # once per article, as it spelled it first
            seen.add(entity)
            counts[entity] += 1
            places[entity] += position
            spellings.add(entity, display)
    shown = {key: spellings.shown(key, latin_first=field == "people") for key in counts}
    if field == "people":
        _one_person_across_scripts(counts, places, shown)
    order = sorted(counts, key=lambda k: (-counts[k], places[k] / counts[k], k))
    return list(dict.fromkeys(shown[k] for k in order))


def _one_person_across_scripts(counts: Counter[str], places: Counter[str], shown: Mapping[str, str]) -> None:
    """A person named in Latin letters by some articles and in Hangul or Japanese script by
    others ("Yoon Seo-ah", "ユン・ソア") is one: the native key's mentions count for the
    Latin key, whose spelling is shown."""
    native = {name: key for key, name in shown.items() if is_native(name)}
    if not native or len(native) == len(shown):
        return
    latin = {name: key for key, name in shown.items() if name not in native}
    for native_name, latin_name in match_across_scripts(native, latin).items():
        key, into = native[native_name], latin[latin_name]
        counts[into] += counts.pop(key)
        places[into] += places.pop(key)


def _headline(members: Sequence[Member], show: str | None, people: Sequence[str],
              platforms: Sequence[str], premiere: tuple[date, str] | None) -> Member:
    """The clearest headline: not one giving another premiere date than the story's (an
    obsolete one); then one naming the most of the story's show, people and platforms;
    then an original over a copy, the story's main language, the earliest, the URL."""
    languages = Counter(m.language for m in members)
    main_language = min(languages, key=lambda lang: (-languages[lang], lang or ""))
    weighted = [(comparable(show), 2)] if show else []
    weighted += [(comparable(name), 1) for name in [*people, *platforms] if name]

    def rank(member: Member) -> tuple[Any, ...]:
        title = comparable(member.title or "")
        named = sum(weight for name, weight in weighted if name and name in title)
        outdated = premiere is not None and member.premiere_date is not None and not _same_premiere(
            (member.premiere_date, member.premiere_precision or "day"), premiere)
        return (not member.title, outdated, -named, member.duplicate_of_id is not None,
                member.language != main_language, _published(member), member.url_key)

    return min(members, key=rank)


def _category(members: Sequence[Member]) -> str:
    counts = Counter(m.category or "other" for m in members)
    news = {c: n for c, n in counts.items() if c != "other"}
    pool = news or counts
    return min(pool, key=lambda c: (-pool[c], CATEGORY_PRIORITY.index(c) if c in CATEGORY_PRIORITY else 99))


def _premiere(members: Sequence[Member]) -> tuple[date, str] | None:
    """The premiere date the latest reports give: among the articles (originals, unless
    only copies give one) published within :data:`PREMIERE_CYCLE` of the newest one that
    gives a date, the one most of them give, then the newest; a more precise date that
    agrees with it ("December 15" for "December") is taken instead. So a postponement
    moves the date as soon as it is reported (a report that says it is one, "pushed back
    to February", sets aside every report before it, and the later ones that repeat a date
    it replaced), while one outlet's stray date in a day of reports is outvoted."""
    # a roundup's date is one of its shows' ("January 8: 'Moonlit Harbor'"), not the story's
    dated = [m for m in members if m.premiere_date is not None and not (m.event_keys or {}).get("roundup")]
    dated = [m for m in dated if m.duplicate_of_id is None] or dated
    if not dated:
        return None
    # a postponement ("pushed back to February") replaces the dates reported before it, however
    # many reported them that day
    moved = [m for m in dated if (m.event_keys or {}).get("premiere_moved")]
    if moved:
        last_move = max(_published(m) for m in moved)
        # and the dates it replaced stay replaced: an outlet repeating the old date later
        # (a late or lagging report) does not move the premiere back
        replaced = {_given(m) for m in dated if _published(m) < last_move}
        moved_to = {_given(m) for m in moved}
        dated = [m for m in dated if _published(m) >= last_move and (
            m in moved or any(_same_premiere(_given(m), to) for to in moved_to)
            or not any(_same_premiere(_given(m), old) for old in replaced))]
    newest = max(_published(m) for m in dated)
    counts: Counter[tuple[date, str]] = Counter()
    latest: dict[tuple[date, str], datetime] = {}
    for member in dated:
        when = _published(member)
        if when >= newest - PREMIERE_CYCLE:
            given = _given(member)
            counts[given] += 1
            latest[given] = max(latest.get(given, when), when)
    best = min(counts, key=lambda p: (-counts[p], -latest[p].timestamp(), _vagueness(p), p[0]))
    # a vaguer report ("in December") does not hide a day it agrees with ("December 15")
    sharper = [p for p in counts if _same_premiere(p, best) and _vagueness(p) < _vagueness(best)]
    if sharper:
        best = min(sharper, key=lambda p: (_vagueness(p), -counts[p], -latest[p].timestamp(), p[0]))
    return best


def _premiere_season(members: Sequence[Member], premiere: tuple[date, str] | None) -> str | None:
    """The later season the story's premiere date is of: as the newest article giving that
    date says (None, a first season's, when it names none)."""
    if premiere is None:
        return None
    giving = [m for m in members if m.premiere_date is not None and _same_premiere(_given(m), premiere)]
    newest = max(giving, key=lambda m: (_published(m), m.url_key), default=None)
    return (newest.event_keys or {}).get("premiere_season") if newest else None


def _given(member: Member) -> tuple[date, str]:
    """The premiere an article gives (it gives one), with its precision."""
    assert member.premiere_date is not None
    return member.premiere_date, member.premiere_precision or "day"


def _vagueness(premiere: tuple[date, str]) -> int:
    """0 for a day, 1 for a month, 2 for a year."""
    return PRECISION_RANK.get(premiere[1], len(PRECISION_RANK) - 1)


def _same_premiere(one: tuple[date, str], other: tuple[date, str]) -> bool:
    """Whether two premiere dates agree as far as the less precise of them goes."""
    rank = max(_vagueness(one), _vagueness(other))
    fields = ("year", "month", "day")[: 3 - rank]
    return all(getattr(one[0], name) == getattr(other[0], name) for name in fields)


def record_among(articles: Iterable[Any]) -> dict[str, Any]:
    """The record (:func:`story_record`) these stored articles, some of a story's, make: what a
    past day's digest shows of a story reported again since, as that day's reports made it."""
    return story_record([Member(*(getattr(article, name) for name in Member._fields)) for article in articles])


def _published(member: Member) -> datetime:
    return member.published_at or member.fetched_at


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class StoryView:
    """One line of ``castwire stories``."""

    id: int
    title: str
    category: str
    show: str | None
    platforms: tuple[str, ...]
    people: tuple[str, ...]
    premiere_date: date | None
    premiere_precision: str | None
    first_published_at: datetime
    last_published_at: datetime
    article_count: int
    source_count: int
    #: the later season or part its premiere date is of ("Season 2"), None for a first season's
    premiere_season: str | None = None
    #: the outlet's day of the first and of the last report, each "day" when that report's
    #: source gave the day alone (its time is one castwire placed it at: show the day), else
    #: "time" (:func:`report_days`)
    first_published_date: date | None = None
    first_published_precision: str | None = None
    last_published_date: date | None = None
    last_published_precision: str | None = None


def report_days(outlets: Sequence[StoryOutlet]) -> tuple[date | None, str | None, date | None, str | None]:
    """The day and precision (:func:`dates.publication_day`) of a story's first and last report,
    from its articles oldest first (:func:`story_outlets`); an undated article's time is its
    fetch time, a time castwire knows."""
    if not outlets:
        return None, None, None, None
    first, last = outlets[0], outlets[-1]
    return (*dates.publication_day(first.time, first.published_raw, first.offset_minutes),
            *dates.publication_day(last.time, last.published_raw, last.offset_minutes))


def list_stories(session: Session, since: datetime | date | None = None,
                 show: str | None = None, limit: int | None = None, person: str | None = None,
                 aliases: Aliases | None = None) -> list[StoryView]:
    """Stories active since ``since`` (last publication), optionally about a show (its name
    contains ``show``) or with an article naming a person (:func:`entities_named`), newest
    first; at most ``limit`` of them, read through the index on the last publication time.
    A name ``aliases`` (the user's file) makes one with ``show`` or ``person`` counts as it,
    whether the file was applied to the store yet or not."""
    query = select(Story).order_by(Story.last_published_at.desc(), Story.id.desc())
    if since is not None:
        if not isinstance(since, datetime):
            since = datetime(since.year, since.month, since.day, tzinfo=UTC)
        query = query.where(Story.last_published_at >= since)
    if show:
        folded = show.strip().casefold()  # matched as text: % and _ are not wildcards
        # the show of a story is the name its articles wrote; the show's entity knows it by
        # every other spelling, translation and alias too (aliases.toml included)
        spelled = select(EntityAlias.entity_id).where(
            EntityAlias.kind == "show", func.lower(EntityAlias.alias).contains(folded, autoescape=True))
        named = sorted(entities_named(session, "show", show.strip(), aliases))
        keys = select(EntityAlias.alias_key).where(
            EntityAlias.kind == "show", or_(EntityAlias.entity_id.in_(spelled), EntityAlias.entity_id.in_(named)))
        chosen = {show_key(name) for name in aliases.names_with("show", show.strip())} if aliases else set()
        # and a story one of whose articles is about such a show, under whatever title the
        # story shows (the Korean title, or the English one its other reports give)
        shows = {row[0] for row in session.execute(spelled)} | set(named) | entity_ids_for_keys(session, "show", chosen)
        about = stories_about_shows(session, shows)
        query = query.where(or_(func.lower(Story.show).contains(folded, autoescape=True),
                                Story.show_key.contains(folded, autoescape=True), Story.show_key.in_(keys),
                                Story.show_key.in_(sorted(chosen)), Story.id.in_(sorted(about))))
    if person:
        named = (select(Article.story_id).join(ArticleEntity, ArticleEntity.article_id == Article.id)
                 .where(ArticleEntity.entity_id.in_(sorted(entities_named(session, "person", person.strip(), aliases)))))
        query = query.where(Story.id.in_(named))
    found = list(session.execute(query.limit(limit)).scalars())
    ends = story_ends(session, [story.id for story in found])
    return [_view(story, ends[story.id]) for story in found]


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story, as ``castwire story`` shows it: ``source`` is the
    outlet's slug, ``duplicate_of`` the article it copies, if any (as the export names it)."""

    id: int
    source: str
    published_at: datetime | None
    fetched_at: datetime
    language: str | None
    title: str | None
    url: str
    duplicate_of: int | None
    #: the outlet's publication day, and "day" when the source gave that day alone (``published_at``
    #: is then a time castwire placed it at, not one to show) or "time" (:func:`dates.published_precision`)
    published_date: date | None = None
    published_precision: str | None = None
    #: the page showed only the start of the article, the rest for subscribers; None: not known
    paywalled: bool | None = None


@dataclass(frozen=True)
class StoryDetail:
    """A story's record and its articles, oldest first."""

    story: StoryView
    articles: tuple[StoryArticle, ...]


def story_detail(session: Session, story_id: int) -> StoryDetail | None:
    """The story ``story_id`` with its articles, or None when there is no such story."""
    row = session.get(Story, story_id)
    if row is None:
        return None
    members = [_member(m) for m in story_members(session, [story_id])]
    slugs = dict(session.execute(select(Source.id, Source.slug).where(
        Source.id.in_({m.source_id for m in members}))).all())
    members.sort(key=lambda m: (m.published_at or m.fetched_at, m.id))
    written, paywalled = {}, {}
    for id_, raw, offset, flag in session.execute(select(
            Article.id, Article.published_raw, Article.published_offset_minutes, Article.paywalled)
            .where(Article.story_id == story_id)):
        written[id_], paywalled[id_] = (raw, offset), flag
    ends = [StoryOutlet(m.source_id, m.url, m.premiere_date, _published(m), *written.get(m.id, (None, None)))
            for m in (members[0], members[-1])] if members else []
    return StoryDetail(_view(row, ends), tuple(
        StoryArticle(m.id, slugs[m.source_id], m.published_at, m.fetched_at, m.language, m.title, m.url,
                     m.duplicate_of_id, *dates.publication_day(m.published_at, *written.get(m.id, (None, None))),
                     paywalled=paywalled.get(m.id))
        for m in members))


def _view(story: Story, outlets: Sequence[StoryOutlet]) -> StoryView:
    first_day, first_precision, last_day, last_precision = report_days(outlets)
    return StoryView(
        id=story.id, title=story.title, category=story.category, show=story.show,
        platforms=tuple(story.platforms), people=tuple(story.people),
        premiere_date=story.premiere_date, premiere_precision=story.premiere_precision,
        first_published_at=story.first_published_at, last_published_at=story.last_published_at,
        article_count=story.article_count, source_count=story.source_count,
        premiere_season=story.premiere_season if story.premiere_date else None,
        first_published_date=first_day, first_published_precision=first_precision,
        last_published_date=last_day, last_published_precision=last_precision,
    )
