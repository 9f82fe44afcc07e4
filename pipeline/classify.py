"""Classification: what happened in an article, and when the show airs.

:func:`classify` scores weighted cue patterns (English, Korean, Japanese) for
each category over the headline (counted double) and the lead, and returns the
best category with a confidence and the cues that decided it. Reviews, recaps,
ratings, K-pop comebacks, awards, box office and personal-life news score for
``other``. The premiere/release date the text announces is extracted and
resolved against the publication date: these are future dates, kept apart from
the publication date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from pipeline.dates import calendar_date
from pipeline.entities import names_a_platform_or_company, platform_spellings_pattern
from pipeline.normalise import clean_text, detect_language
from pipeline.scan import Guarded, WordIndex, lowered

CATEGORIES = ("casting", "release", "trailer", "renewal", "production", "other")


@dataclass(frozen=True)
class PremiereDate:
    """A premiere/release date an article announces.

    ``date`` is the first day of the stated period when ``precision`` is
    ``"month"`` or ``"year"``; ``text`` is the date as written.
    """

    date: date
    precision: str  # "day" | "month" | "year"
    text: str
    #: a postponement gave it ("pushed back to February"): it replaces the dates reported before
    moved: bool = False
    #: the later season or part whose premiere it is ("Season 2", "Part 2"; from "시즌2", "シーズン2",
    #: "第2期", "second season" too), None for a show's first: another season's premiere is
    #: another event than the first's, whose date it does not move
    season: str | None = None


@dataclass(frozen=True)
class Classification:
    """The category of one article.

    ``confidence`` is in [0, 1]; ``cues`` are the matched cue phrases (as
    written) that scored for the chosen category, headline cues first.
    """

    category: str
    confidence: float
    cues: tuple[str, ...] = ()
    premiere: PremiereDate | None = None


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: ASCII lowering plus the non-ASCII letters that IGNORECASE matches with an ASCII
#: letter (dotless/dotted i, long s, Kelvin sign), so a lowered text read by a
#: lowercase pattern finds exactly what the pattern with IGNORECASE finds.
_FOLD_LOWER = str.maketrans({**{chr(c): chr(c + 32) for c in range(65, 91)}, "\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
#: A letter a pattern writes (not an escape's, \\S \\W): lowered like the text, which :func:`_lower` lowers
#: with ``str.lower`` when it is not ASCII, so a full-width "Ｗ" in a pattern meets "Ｗ主演" in the text.
_UPPER_LITERAL = re.compile(r"(?<!\\)[^\W\d_a-z]")


def _lower(text: str, table: dict[int, str] = _ASCII_LOWER) -> str:
    """``text`` lowered for the lowercase cue patterns (same length, same positions;
    see :func:`pipeline.scan.lowered`)."""
    return lowered(text, fold=table is _FOLD_LOWER)


def _lower_pattern(pattern: str) -> str:
    return _UPPER_LITERAL.sub(lambda m: m.group(0).lower() if len(m.group(0).lower()) == 1 else m.group(0), pattern)


def _cues(*patterns: tuple[str, float]) -> tuple[tuple[Guarded, float], ...]:
    """Compile cue patterns for ASCII-lowercased text (faster than IGNORECASE), each
    guarded by the literals it needs (see :mod:`pipeline.scan`)."""
    return tuple((Guarded(_lower_pattern(p)), w) for p, w in patterns)


#: A platform's slate of works to come, not one show's news: "Prime Video Japan Unveils 2027 Local Originals
#: Lineup", "Netflix K-drama slate 2025", "unveiled 14 new titles", "2027年に配信する日本オリジナル作品の
#: ラインナップを発表", "신작 라인업 공개". A cast's lineup ("캐스팅 라인업", "キャストラインナップ") is none.
#: Written for lowered text; every alternative starts with a literal (a count before one is looked
#: behind), so :class:`~pipeline.scan.Guarded` tries it only where one is.
_SLATE_NEWS = (
    r"\b(?:20\d\d|content|programming|release|upcoming)\s+(?:(?!concert|festival|tour|kcon|music|performer)[\w&-]+\s+){0,3}?"
    r"(?:slate|line-?up)\b(?!\s+of\s+(?:stars|actors))"
    r"|\b(?:slate|line-?up)\s+(?:(?:for\s+)?20\d\d|of\s+(?:\d+\s+)?(?:[\w-]+\s+){0,2}?(?:originals|series|titles|shows|films|dramas|movies|k-dramas|works))\b"
    r"|\b(?:unveil|reveal|announce|present)(?:s|ed|ing)?\s+(?:(?!cast\b|casting\b)[\w&-]+\s+){0,4}?(?:titles|originals|slate|line-?up)\b"
    r"|(?:20\d\d년?|신작|오리지널|콘텐츠|작품|드라마|시리즈)\s*(?:\S+\s*){0,2}?라인업"
    r"|(?<!캐스팅)(?<!캐스팅\s)(?<!출연진)(?<!출연진\s)라인업(?:을|를)?\s*(?:공개|발표)|신작\s*\d+\s*편|(?<=\d)편의\s*(?:신작|오리지널)|(?<=\d\s)편의\s*(?:신작|오리지널)"
    r"|(?<!キャスト)(?<!出演者)(?<!出演)(?:ラインナップ|ラインアップ)|(?:オリジナル|新作)(?:作品)?\d+(?:本|作品)|(?<=\d)本の(?:新作|オリジナル)"
)
_SLATE_HEADLINE = re.compile(_SLATE_NEWS)
#: The hour a release comes out, in lowered text: "at 9 p.m. et", "at midnight pt / 3 a.m. et", "at 12:01 a.m. pt".
_CLOCK = r"(?:midnight|noon|\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?))(?:\s+[a-z]{2,4}\b)?"
_RELEASE_TIME = rf"at\s+{_CLOCK}(?:\s*(?:/|or|and|,)\s*{_CLOCK})?"
#: A year written alone, not in a date ("2025-07-01", "2025.07.01")
_YEAR = re.compile(r"(?<!\d)(?<!\d[.\-/])20\d\d(?!\d|[.\-/]\d)")

#: Who leaves a cast and who replaces them: "exits", "recast", "하차…대체 투입", "降板　代役に"
#: (lower case, as the cues are: see :func:`_cues`); pipeline.stories tells such news from a
#: casting by it too.
EXIT_WORDS = (
    r"\bexit(?:s|ed|ing)\b(?!\s+(?:\S+\s+){0,2}(?:top|charts?)\b)|\bdepart(?:s|ed|ing)?\b(?!\s+(?:for|to)\b|\s+from\s+(?:the\s+)?(?:original|source|novel|webtoon|manga|book))"
    r"|\bdeparture\s+from\b|\breplaced\s+by\b|\breplac(?:es|ed|ing)\s+(?:[\w-]+\s+){1,3}?as\b|\brecast(?:s|ing)?\b"
    r"|\bdrop(?:s|ped)?\s+out\s+of\b|\bsteps?\s+(?:in\s+for|down\s+from|away\s+from)\b|\bstepped\s+(?:in\s+for|down\s+from|away\s+from)\b"
    r"|\b(?:leaves?|leaving|left)\s+the\s+(?:[\w'’+-]+\s+){0,2}?(?:cast|series|drama|show|film|project)\b"
    # "leaves JTBC's 'Harbor of Glass' midseason", "will replace her from episode 11"
    r"|\b(?:leaves?|leaving|left|exit(?:s|ing)?)\b[^.;]{0,50}?\b(?:mid-?season|midway|mid-?run)\b"
    r"|\b(?:will|to)\s+replace\s+(?:him|her|them)\b"
    r"|하차|후임|대체\s*투입|교체\s*투입|降板|代役|後任|キャスト(?:変更|交代)")


#: Where :func:`_unquoted` took a quoted title out of a text: a tab, which :func:`~pipeline.normalise.clean_text`
#: leaves in no text, and which the cue patterns' ``\s`` reads as the space it was before.
_TITLE_MARK = "\t"
#: What a show set with its stars is not set up by: its date, its trailer, its season, its filming.
_NOT_CAST_SET = r"premiere|release|\bair|debut|launch|\bbow|\bdate|trailer|teaser|poster|season|filming|production|shoot"


#: A platform of the catalogue (``pipeline/data/platforms.toml``) as lowered text writes it: "netflix", "apple tv+",
#: "coupang play". The release cues that name where a show comes out ("hits Viki on Jan. 9", "lands on Hulu") read it
#: there, so that a platform added to the catalogue is one here too.
_PLATFORM = platform_spellings_pattern()

#: (pattern, weight) per category. Headline matches count double.
CUES: dict[str, tuple[tuple[Guarded, float], ...]] = {
    "casting": _cues(
        # "have joined the cast" (done); "also join the cast" is the weaker cue below, once
        (r"\bjoined\s+the\s+(?:main\s+)?cast\b|\b(?:has|have)\s+been\s+cast\b|\bcast\s+(?:as|in|opposite|for)\b|\bis\s+cast\b|\bgets?\s+cast\b", 3.0),
        (r"\b(?:to|will|set\s+to|confirmed\s+to|would)\s+(?:co-?)?star\b|\bto\s+lead\b|\bwill\s+lead\b|\bto\s+headline\b|\bto\s+front\b|\btopline", 2.5),
        (r"\bjoins?\s+(?:the\s+)?cast\b|\bjoin(?:s|ed|ing)?\b|\bboards?\b|\bsigns?\s+on\b|\btapped\b|\btaps\b|\brecruits\b", 2.0),
        (r"\bin\s+(?:final\s+|early\s+)?talks\b|\bin\s+(?:early\s+)?negotiations\b|\boffered\s+(?:the\s+)?(?:lead|role|part)|\bpositively\s+(?:reviewing|considering)|\bconsidering\s+(?:the\s+)?(?:offer|role)", 2.5),
        # "team up for", "has locked in its leads", "in season 2 roles", "in supporting roles"
        (r"\bteam(?:s|ing)?\s+up\s+(?:for|in|on)\b|\b(?:to|will)\s+team\s+up\b|\block(?:s|ed)?\s+in\s+(?:its|their|the|a)\s+(?:new\s+|two\s+|male\s+|female\s+)?(?:leads?|cast|stars?)\b|\bin\s+(?:[\w-]+\s+){0,3}roles\b", 2.5),
        (r"\bas\s+(?:the\s+)?(?:male\s+|female\s+)?leads?\b|\bleads?\s+of\b|\b(?:new|lead|leading|supporting|first)\s+role\b", 2.0),
        (r"\bcasting\b|\bcasts\b|\badds\b(?!\s+(?:[\w-]+\s+){0,2}(?:dates?|shows?|stops?|concerts?)\b)|\blands?\s+(?:the\s+)?(?:lead|role|part)|\blead\s+roles?\b|\bcameo\b|\breunite|\bconfirmed\s+(?:to\s+appear|for)\b|\bwill\s+(?:play|portray|appear|take\s+on)\b|\bto\s+(?:play|portray|appear|make)\b|\bnew\s+cast\b|\b(?:cast|casting|star-studded|star-packed|all-star)\s+line-?up\b|\bline-?up\s+of\s+(?:stars|actors)\b|\bstar\s+in\b|\bstars\s+in\s+(?:new|upcoming)", 1.5),
        (r"캐스팅|출연\s*확정|출연을\s*확정|주연\s*확정|합류|물망|출연\s*제안|긍정\s*검토|출연한다|출연\s*예정|주인공으로|낙점|발탁|호흡을?\s*맞춘다|특별\s*출연|출연\s*소식|출연을?\s*논의|출연\s*물망|주연을\s*맡는다|주연으로|출연을\s*결정|(?:출연|주연)(?:을|을\s*)?\s*제안|검토\s*중|출연\s*논의|재회", 2.5),
        (r"\bwill\s+(?:co-?)?headline\b|\bnew\s+(?:[\w+-]+\s+){0,2}leads\b|\boffer\s+to\s+(?:appear|star|join)\b", 2.5),
        # a new show set up with its stars is its casting: "Netflix Sets Mystery Romance 'X' With A and B", "Disney+
        # Orders Thriller 'X' Starring A, B", "has greenlit 'X', a romance starring A and B", "Pairs A and B for 'X'":
        # the verb's object is a quoted title (its _TITLE_MARK) within three words. Not a date or a trailer set
        # ("sets December 6 as the premiere date for 'X', the drama starring A", "Sets 'X' Starring A for January
        # Premiere"), nor prose: "a drama that pairs romance with mystery", "the drama, set in a village and
        # starring A and B", "Picks Up Webtoon Rights With Studio Dragon And CJ ENM"
        (r"\b(?:sets|(?:has|have)\s+set|orders?|ordered|greenlights?|greenlit|picks?\s+up|picked\s+up|commission(?:s|ed)?)"
         rf"(?=(?:\s+(?!{_NOT_CAST_SET})[\w'’+&-]+){{0,3}}\s*{_TITLE_MARK}"
         rf"(?:(?!{_NOT_CAST_SET})[^.;!?\d]){{0,40}}?"
         r"\b(?:starring|toplined\s+by|led\s+by|fronted\s+by|with\s+(?:[\w'’-]+\s+){1,3}(?:and|&)\s)"
         r"(?![^.;!?]*?\b(?:premieres?|release|debut|launch|bow|trailer|teaser|poster)\b))"
         rf"|\bpairs(?=\s+(?:[\w'’-]+\s+){{1,3}}(?:and|&)\s+(?:[\w'’-]+\s+){{1,5}}?(?:for|in|on)\s*{_TITLE_MARK})"
         # the title unquoted, as trade headlines write it: "Netflix Orders Thriller Midnight Harbor Starring Kim
         # Ji-won" (an order's words up to "starring"; not its episodes, its season or its date)
         # ("picks up" is no order: a platform picks up a finished show's rights as often)
         r"|\b(?:orders?|ordered|greenlights?|greenlit|commission(?:s|ed)?)"
         rf"(?=(?:\s+(?!{_NOT_CAST_SET}|episode|more\b)[\w'’+&-]+){{1,6}}\s+(?:starring|toplined\s+by)\b"
         r"(?![^.;!?]*?\b(?:premieres?|release|debut|launch|bow|trailer|teaser|poster)\b))"
         # "김하늘·이도현 주연 '푸른 항구' 드라마화 확정": a show announced by its leads (not "주연작 'Y'": a work
         # they led before)
         rf"|주연\s*{_TITLE_MARK}[^.。\n]{{0,20}}?(?:드라마화|영화화|영상화|실사화|(?:드라마|시리즈|영화)로\s*제작|제작\s*확정"
         r"|제작(?:이|을)\s*확정|제작된다|제작\s*착수)", 2.5),
        # "주연을 맡은 …" describes who stars in the show the news is about
        (r"(?:과|와)\s*호흡|상대역|복귀작|주연을\s*맡(?!은)", 2.5),
        # who leaves the cast and who replaces them: "exits", "recast", "하차…대체 투입", "降板　代役に"
        (EXIT_WORDS, 2.5),
        (r"(?:で|が)(?:W|Ｗ|ダブル)?主演|主演を務め|相手役", 2.5),
        # a voice cast: "声優に神谷真司", "ボイスキャストが発表", "목소리 출연", "목소리를 맡았다"
        (r"声優に|声優陣|ボイスキャスト|声の出演|목소리\s*출연|목소리를?\s*맡|더빙에?\s*(?:도전|참여|나선)", 2.5),
        (r"出演決定|主演決定|出演(?:が|も)決定|主演(?:が|も)決定|出演することが(?:\d+日、?)?(?:決定|発表|わかった|分かった|明らかに)|主演することが|キャスト(?:発表|解禁|決定)|追加キャスト|新キャスト|起用|抜擢|主演を務める|W主演|ダブル主演|初主演|出演(?:が|も)発表|(?:ドラマ|映画|連ドラ|舞台)(?:で|に)?(?:W|ダブル)?主演(?=[、。!！\s]|$)|共演|主演に決定|出演者(?:発表|解禁|決定)|出演メンバー(?:発表|解禁|決定)|続投|出演へ|主演へ|ヒロイン"
         # "「…」にAとBが出演する。": the sentence's own verb; "「Y」にも出演する" is someone's other work
         r"|(?<=[がもは])(?<!にも)出演(?:する|します)(?=[。．.！!\n]|$)"
         # a headline's noun-ending casting right after the title: "石原美月が「X」出演", "「X」に出演へ"
         rf"|(?<={_TITLE_MARK} )に?(?:W|Ｗ|ダブル)?(?:出演|主演)(?=[\s、。!！]|$)", 2.5),
    ),
    "release": _cues(
        # a platform's slate: many works to come (see _SLATE_NEWS)
        (_SLATE_NEWS, 3.0),
        (r"\bpremiere\s+date\b|\brelease\s+date\b|\bair\s+date\b|\bpremieres?\b(?!\s+episode)|\bset\s+to\s+(?:premiere|air|release|debut|stream)|\bwill\s+(?:premiere|air|be\s+released(?!\s+(?:under\s+the\s+(?:new\s+)?title|as\s+(?=[\s,.;]|$)))|debut|stream|arrive|launch|return)\b|\bto\s+(?:premiere|air|debut|stream|arrive|launch)\b", 3.0),
        (r"\brelease\s+(?:schedule|window)|\bset\s+for\s+(?:an?\s+)?(?:\w+\.?\s+){0,3}(?:release|premiere|debut|launch)|\bslated\s+for\b|\bscheduled\s+(?:for|to)\b|\bconfirms?\s+(?:its\s+)?(?:premiere|release|air)|\bcoming\s+to\b|\barrives?\s+on\b|\bdrops?\s+on\b|\bhits?\s+(?:theaters|theatres|cinemas)\b|\bopens?\s+in\s+(?:theaters|theatres|cinemas)\b|\bstreaming\s+(?:on|from)\b|\bairs?\s+(?:on|every)\b|\bdebuts?\s+(?:on|in)\b|\bbroadcast\s+(?:on|in|from)\b|\bfirst\s+episode\s+(?:will|airs)|\breleases?\s+(?:on|in)\b|\bdebut\s+date|\blaunch\s+date|\bwill\s+(?:release|drop)\b|\bpushed\s+back\b|\bpostpone[sd]?\b|\bdelayed\s+(?:to|until)\b|\b(?:arrives?|premieres?|drops?|returns?)\s+(?:next|this|coming)\s+(?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
         # "lands on Viki": any platform of the catalogue (pipeline/data/platforms.toml), where the sentence ends or
         # goes on to when ("lands on Hulu next month"); not a guest landing on a channel's show or a show on its
         # chart ("lands on MBC's 'Radio Star'", "lands on KBS as the new MC", "lands on Viki's top 10")
         rf"|\blands?\s+on\s+{_PLATFORM}(?=[^\S\t]*(?:[.,;:!?)]|$)|[^\S\t]+(?:(?:on|in|this|next|later|from|starting|beginning|"
         r"with|after|worldwide|globally|today|tomorrow|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b|\d))", 2.0),
        # "debuts Dec. 18", "bows Jan. 9", "All episodes drop Jan. 9", "begins streaming Jan. 9", with the
        # weekday or the hour before the date: "debuts Friday, Jan. 9", "drops it at midnight PT / 3 a.m. ET
        # on Friday, Dec. 18", "hits Netflix at 12:01 a.m. PT on Dec. 18"
        (r"\b(?:debuts?|launch(?:es)?|bows|drops?(?:\s+it)?|arrives?|streams|(?:begins|starts)\s+streaming"
         rf"|hits?\s+{_PLATFORM})\s+"
         rf"(?:{_RELEASE_TIME}\s+)?(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", 2.5),
        # with the hour and how it comes out between: "1월 8일 오전 9시 (전 세계 동시) 공개", "1월 22일 오후 8시 전편 공개"
        (r"\d+\s*월(?:\s*\d+\s*일)?(?:\s*\([월화수목금토일]\))?(?:\s*(?:오전|오후|밤|저녁|낮|새벽)?\s*\d+\s*시(?:\s*\d+\s*분|\s*반)?)?"
         r"\s*(?:(?:전편|전\s*세계|한일|한미|동시|단독|독점|국내|전\s*회차|\d+\s*편)\s*)*(?:첫\s*)?(?:방송|공개|방영|편성|개봉)"
         r"|(?:\d+\s*[월月]\s*)?\d+\s*[일日]?\s*첫방", 3.0),
        # "7月期に放送", "1月9日スタート", a film's "2月20日（金）全国ロードショー"; not the slot that
        # describes the drama in a casting ("TBS4月期ドラマ『…』で連ドラ初主演", "1月期の月9ドラマ『…』でW主演")
        # with the hour and how it comes out between: "1月8日17時より全8話一挙配信", "2月5日より日韓同時配信"
        (r"\d+月(?:\d+日)?(?:[（(][月火水木金土日](?:・祝)?[）)])?(?:(?:午前|午後|夜)?\d+時(?:\d+分|半)?)?(?:より|から|に)?"
         r"(?:独占|世界|全世界|全国|日韓|韓日|日米|同時|一挙|全\d+話|全話|見放題|先行|順次|国内)*(?:配信|放送|公開|ロードショー)|\d+月期(?!の?[^、。\s]{0,8}?(?:ドラマ|月9|劇場))"
         r"|(?:\d+|来)月(?:\d+日)?(?:より|から|に)?スタート(?!の)", 3.0),
        # "3월 첫 방송 예정" is one cue (the date cue above), not three
        (r"(?:로|으로)\s*연기|연기(?:됐|되었|된다)|잠정\s*연기|(?<![월일])(?<![월일]\s)(?:첫\s*방송|첫방송|첫방|첫\s*공개)|공개(?:를|가)?\s*확정|방송(?:을)?\s*확정|공개일|편성\s*확정|편성|방송\s*확정|방영\s*확정|공개된다|공개한다|방송된다|방영된다|공개\s*예정|방송\s*예정|베일을\s*벗는다|안방극장을?\s*찾|전\s*세계\s*공개|동시\s*공개|출격한다|출격\s*예정|첫\s*선을?\s*보인다"
         # a film's theatrical release (a stage show's opening, 개막, dates its premiere but, as a
         # festival's, is no release news)
         r"|개봉(?:을|이)?\s*확정|개봉한다|개봉\s*예정|개봉일|(?:관객|시청자)들?(?:을|를|과|와)\s*만난다", 2.5),
        # 全国公開 and ロードショー after a day are the date cue's ("2月20日に全国公開"), not a second cue
        (r"延期|放送開始|配信開始|放送決定|配信決定|放送予定|配信予定|公開予定|(?<![月期])(?<!撮影)(?<!撮影が)スタート|放送日|配信日|初回放送|(?<![\d０-９])月期|独占配信|世界配信|放送される|配信される|放送へ|配信へ|より放送|より配信|から放送|から配信|公開日|放送スタート|配信スタート|開始決定|公開決定|(?<![日月])(?<![日月]に)(?<![日月]より)全国公開|劇場公開|(?<![日月)）])(?<![日月)）]全国)ロードショー", 2.5),
    ),
    "trailer": _cues(
        (r"\btrailers?\b|\bteasers?\b|\bposters?\b|\bstills\b|\bfirst\s+look\b|\bfirst-look\b|\bsneak\s+peek\b|\bhighlight\s+(?:reel|video)\b|\bkey\s+art\b|\bpreview\s+(?:video|clip)|\bglimpse\b|\bbehind-the-scenes\s+(?:photos|stills)", 3.5),
        # stills from the set ("현장 스틸") are filming news, as "set photos" are
        (r"티저|예고편|예고\s*영상|포스터|(?<!현장)(?<!현장\s)스틸|하이라이트\s*영상|메인\s*예고|첫\s*스틸|캐릭터\s*포스터", 3.5),
        (r"予告編|予告映像|本予告|特報|ティザー|ポスター|ビジュアル|場面写真|キービジュアル|メイキング映像|(?<!キャスト)(?<!出演者)(?<!メンバー)解禁", 3.0),
    ),
    "renewal": _cues(
        # a season named is no renewal by itself: "joined the cast for its second season"
        (r"\bseason\s+[2-9]\b|\bpart\s+2\b|\b(?:new|second|third|fourth|fifth)\s+season\b", 1.0),
        (r"\brenew(?:s|ed|al)\b(?!\s+(?:(?:his|her|their|its|an?)\s+)?(?:exclusive\s+)?contract)|\bseason\s+(?:2|3|4|5|two|three|four|five)\b(?:(?!\b(?:release|premiere|air|debut|launch|teaser|trailer|poster|filming|cast|date)\b).){0,30}?\b(?:confirmed|greenlit|ordered|officially|happening|is\s+coming|in\s+the\s+works)|\ban?\s+(?:new|second|third|fourth|fifth)\s+season\b|\b(?:another|final)\s+season\b|\bcancel(?:l)?(?:s|ed|ation)\b|\baxed\b|\bwill\s+not\s+return\b|\bsequel\s+(?:confirmed|series)|\bspin-?off\b|\bseason\s+(?:2|3|two|three)\s+(?:confirmed|officially)|\bconfirms\s+season\s+\d|\bgreenlights?\s+season", 3.5),
        (r"시즌\s*[2-9]", 1.0),
        (r"시즌\s*[2-9]\s*(?:제작|확정|편성)|시즌\s*[2-9]\S*\s*(?:제작|공식화)|새\s*시즌|후속\s*시즌|다음\s*시즌|조기\s*종영|제작\s*취소|폐지|시즌제|후속편\s*제작", 3.0),
        # season26; an anime's second season or cour: 第2期 (not 第2期生, a group's second intake)
        (r"(?:シーズン\s*|season)(?:[2-9２-９]|[1-9１-９][0-9０-９])(?![0-9０-９])|第[2-9２-９二三四]期(?!生)", 1.0),
        # a long-running series' next season announced: "season26」放送決定", "シーズン3制作決定"
        (r"続編(?:決定|制作|製作)|(?:シーズン\s*|season)(?:[2-9２-９]|[1-9１-９][0-9０-９])(?![0-9０-９])\s?(?:\S{0,3}(?:放送|配信|制作|製作))?(?:が|も)?決定|第[2-9２-９二三四]期(?:が|の)?(?:制作|製作)(?:決定|が決定|される|することが)|新シーズン|新シリーズ|第[2-9２-９二三四]弾|続編|打ち切り|シリーズ化", 3.0),
    ),
    "production": _cues(
        (r"\bcameras\s+roll\b|\b(?:begins?|began|begun|started|starts|commences?|kicks?\s+off|kicked\s+off)\s+(?:principal\s+)?(?:filming|shooting|production)|\bfilming\s+(?:began|begins|has\s+begun|kicked|is\s+underway|wrapped|wraps|has\s+wrapped|is\s+set\s+to\s+begin)|\bwrap(?:s|ped)?\s+(?:up\s+)?(?:filming|shooting|production)\b|\bscript\s+reading\b|\btable\s+read\b|\bcameras\s+(?:are\s+)?rolling\b|\bin\s+production\b|\bproduction\s+(?:has\s+)?(?:begun|began|begins|underway|starts|wrapped|kicks)\b|\bon\s+set\b|\bset\s+photos\b|\bgreenlit\b|\bgreenlights?\b|\borders?\s+(?:[\w-]+\s+){0,3}(?:series|drama)|\b(?:network|streamer|broadcaster|channel)\s+orders?\s*\t|\b(?:straight-to-)?series\s+order\b|\bin\s+development\b|\bdeveloping\s+(?:a\s+)?(?:new\s+)?(?:series|drama|adaptation)|\bgoes?\s+into\s+production|\bfilming\b(?!\s+schedules?\b)|\bshooting\b", 3.0),
        (r"촬영\s*시작|첫\s*촬영|크랭크\s*인|크랭크\s*업|크랭크인|크랭크업|촬영\s*종료|촬영을?\s*(?:마쳤|마무리|시작|돌입|끝)|대본\s*리딩|대본리딩|촬영\s*돌입|촬영에\s*돌입|촬영\s*중(?!\s*(?:의\s*)?(?:에피소드|비하인드))|제작\s*확정|제작\s*착수|드라마화|드라마로\s*제작|제작된다|촬영\s*현장|현장\s*스틸|제작을?\s*확정|제작\s*소식", 3.0),
        (r"クランクイン|クランクアップ|撮影(?:が|を)?(?:始|開始|スタート|終)|本読み|読み合わせ|撮影中(?!のエピソード|の思い出|の裏話)|撮影に(?:入|臨)", 3.0),
        # a show announced ("ドラマ化", "制作決定") is production news, unless it is told by its stars: "AとBがW主演を
        # 務めるNetflixシリーズ「…」の制作が決定" is their casting (see _CASTING_MODIFIER)
        (r"制作決定|製作決定|ドラマ化決定|ドラマ化|実写化決定|映像化決定", 2.0),
    ),
    # a show's new title: "retitled", "gets official title", "will be released under the title", "제목 '…'로 확정",
    # "タイトルが『…』に決定" (the quoted title is gone from the text read). Not a category: production
    # news, or release news with the premiere (see classify).
    "retitle": _cues(
        (r"\bre-?titl(?:ed|es|ing)\b|\brenam(?:ed|es|ing)\b|\b(?:official|final)\s+(?:english\s+)?title\b(?!\s+(?:track|song))"
         r"|\b(?:gets?|has|confirms?|receives?)\s+(?:an?\s+|its\s+)?new\s+(?:title|name)\b|\bunder\s+the\s+(?:new\s+)?title\b"
         r"|제목[^.。]{0,10}?(?:확정|변경|바꾸|바꿔|바뀌)|改題|(?:正式|新)タイトル|タイトル(?:変更|[^。、]{0,12}?決定)", 3.0),
    ),
    "other": _cues(
        (r"\breview\b|\brecap\b|\bepisodes?\s+\d+(?:\s*(?:&|and|-)\s*\d+)?\s+(?:recap|review)|\bratings?\b|\bviewership\b|\bnielsen\b|\bcomeback\b|\balbum\b|\bsingle\b|\bmusic\s+video\b|\bmv\b|\btracklist|\bconcert\b|\btour\b|\bfan\s*meeting|\bchart|\bbillboard\b|\bawards?\b|\bwins?\b|(?<![-\u2010])\bwon\s+(?:the|a|an|best|top|two|three|several|multiple|\d)\b|\bnominat|\bbaeksang\b|\bdating\b|\bromance\s+rumou?rs?|\brelationship\b|\bmarri(?:ed|age|es)\b|\bwedding\b|\bdivorce|\bpregnan|\benlist(?:s|ment)?\b|\bdischarged\b|\bhearing\b|\btestif|\bharassment\b|\bscandal\b|\bpolice\b|\bcourt\b|\bbox\s+office\b|\badmissions\b|\bglobal\s+top\s+10\b|\btops?\s+(?:netflix|the\s+chart|charts)|\bcontroversy\b|\bapolog|\blawsuit\b|\bbirthday\b|\bpictorial\b|\binterview\b|\bexplained\b|\bending\b|\bwhere\s+to\s+watch\b|\branking|\branks?\b|\bmost-watched\b|\bhighest\s+(?:ratings|viewership)|\bdebuts?\s+(?:at\s+)?no\.\s*\d|\bhiatus\b|\bpassed\s+away\b|\bdies\b|\bfuneral\b|\bagency\s+(?:contract|renewal)|\bre-?signs?\s+with\b|\bcontract\b", 2.0),
        (r"\bmilitary\b|\bpress\s+conference\b", 1.0),
        # a recap's headline names the episodes it is about: "Season 2: Episodes 3-4"
        (r"\bepisodes\s+\d+\s*(?:[-–&]|and)\s*\d+\b(?!\s+(?:will|to|are\s+set|premiere|air|drop|stream))", 2.0),
        # listicles, spoilers, ratings figures and episode synopses: about episodes that aired
        (r"\b\d+\s+(?:reasons(?!\s+(?:to|you\s+should)\s+(?:watch|look|get|be))|moments|scenes)\b|\bspoilers?\b|"
         r"시청률\s*[\d.]+\s*%|닐슨코리아|자체\s*최고\s*시청률|あらすじ|第\s*\d+\s*話|ネタバレ|視聴率\s*[\d.]+", 3.0),
        (r"리뷰|시청률|컴백|앨범|음원|뮤직비디오|시상식|수상|대상|신인상|열애|결혼|이혼|임신|입대|전역|박스오피스|관객(?!들?(?:을|과)\s*만난)|화보|인터뷰|팬미팅|콘서트|1위|논란|사과|재계약|전속계약|종영\s*소감|결말|시청\s*포인트|관전\s*포인트|흥행|누적\s*관객|무대\s*인사", 2.0),
        # what a running show's next episode holds ("오는 5일 방송되는 MBC 예능 '…'에서는 …"): its
        # preview video is no trailer news; a first episode ("첫 방송되는") is release news
        (r"(?<!첫)(?<!첫\s)(?:방송|방영)되는\s[^.。]{0,40}?에서는", 2.0),
        # a variety show's guest, a recap tagged so in its headline ("[TV리뷰]"): another show's
        # premiere they mention is not their news
        (r"예능|バラエティー?|トーク番組|情報番組|\[[^\]\n]{0,6}리뷰\]|【[^】\n]{0,6}レビュー】", 2.0),
        (r"レビュー|視聴率|カムバック|アルバム|シングル|受賞|授賞式|結婚|熱愛|交際|離婚|妊娠|出産|興行収入|動員|ランキング|インタビュー|写真集|ライブ|ツアー|誕生日|1位|首位|感想|考察|最終回|結末|契約"
         # a stage greeting on a film's opening day: "初日舞台あいさつに登壇", "개봉 첫 주말 무대인사"
         r"|舞台(?:あいさつ|挨拶)|登壇|公開初日|初日を迎え", 2.0),
    ),
}
#: Past-tense release cues. This and the other date-cue patterns below read text
#: lowered by ``_lower(text, _FOLD_LOWER)``: the same matches as IGNORECASE, faster.
#: Where the English cues can start, found in one pass per text.
_CUE_WORDS = WordIndex(pattern for patterns in CUES.values() for pattern, _weight in patterns)
#: The category and weight of each pattern of :data:`_CUE_WORDS`, in the same order.
_CUE_OF = tuple((category, weight) for category, patterns in CUES.items() for _pattern, weight in patterns)
_PAST_RELEASE = re.compile(
    r"\bpremiered\b|\baired\b|\bdebuted\b|\bwas\s+released\b|\breleased\b|방송된(?!다)|공개된(?!다)|방영된(?!다)|"
    r"방송한\s|공개한\s|공개됐|방송됐|공개되었|방송되었|放送された|配信された|放送中|配信中|スタートした|放送した|公開された"
)
#: A release cue after these has already happened: "began airing", "has been streaming".
#: A plan that these come before has been replaced: "originally scheduled for January".
_PAST_BEFORE_CUE = re.compile(
    r"\b(?:began|begun|started|has\s+been|have\s+been|had\s+been|already|"
    r"(?:originally|initially|previously)(?:\s+(?:been|set|scheduled|slated|planned|due|expected))*(?:\s+(?:to|for))?)\s+$"
    # "since its debut in October", "ever since the show's Netflix premiere": a release gone by
    r"|\bsince\s+(?:[\w'’-]+\s+){0,3}$")
#: A release cue these come before is in a clause of time ("after its release in October", "following its
#: premiere in January"): gone by when the sentence's own verb is past ("topped the chart for four weeks after
#: its release in October"), to come when it is not ("Following its premiere in January, it will air weekly").
_AFTER_BEFORE_CUE = re.compile(r"\b(?:after|following)\s+(?:[\w'’-]+\s+){0,3}$")
#: The same after the release cue in Korean and Japanese: "10월 공개 이후", "공개된 뒤", "10月の放送開始後",
#: "配信されて以降" (not "후속", "後半", "前後").
_AFTER_CUE = re.compile(r"[^\s、。,.]{0,4}?\s?(?:(?:이후|후|뒤)(?:에|로)?(?![\uac00-\ud7a3])|以降|以後|(?<!前)後(?!半))")
_FUTURE_TENSE = re.compile(
    r"\bwill\b|['’]ll\b|\b(?:set|scheduled|slated|expected|due|poised|going|planned|about)\s+to\b|\b(?:set|slated)\s+for\b")
_PAST_TENSE = re.compile(
    r"\b(?:has|have|had)\s+(?:\w+ly\s+)?(?:been|\w+ed|become|drawn|won|hit|grown|held|kept|spent|seen|taken|made|gone"
    r"|risen|come|done|broken)\b"
    r"|\b(?:was|were|became|drew|won|took|made|saw|grew|broke|held|kept|led|rose|spent|went|came|began|did)\b"
    # a verb in -ed, not a passive's present ("is based") nor a participle's ("directed by", "its much-anticipated")
    r"|(?<![-\w])(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)(?<!\bbeen\s)(?<!\bget\s)(?<!\bgets\s)"
    r"(?!(?:based|titled|called|named|dubbed|scheduled|slated|expected|planned|anticipated|acclaimed|beloved|talented"
    r"|renowned|related|limited|detailed|animated|untitled|subtitled|hundred|kindred|sacred|wicked|naked)\b)"
    r"[a-z]{3,}(?<!e)ed\b(?!\s+by\b)")
#: A month range ("7月から9月", "7월부터 9월까지", "7月～9月") and a release verb joined to what came of it:
#: "7月から9月に放送され、高い評価を得た" (aired, and was acclaimed: gone by), "1月から3月まで放送され、全10話と
#: なる" (to come), "7월부터 9월까지 방송돼 호평을 받았다".
_MONTH_RANGE = re.compile(r"[월月]\s*(?:\d+\s*[일日])?\s*(?:から|부터|[~〜∼\-–])\s*(?:20\d\d\s*[년年]\s*)?\d")
_AHEAD = re.compile(r"来|내년|오는|내달|다음")
_RELEASE_JOINED = re.compile(r"(?:放送|配信|公開|放映)され(?:、|て)|(?:방송|방영|공개|개봉)(?:돼|되어|됐고|되었고)[\s,]")
#: The first predicate after it: past (た, んだ; a Korean syllable ending in ㅆ: 받았, 모았) or not (る, ます,
#: 予定, 는다, 된다, 예정, 될, 할).
_NEXT_PREDICATE = re.compile(
    r"(?P<past>(?:た|んだ)(?![めら])|[\uac00-\ud7a3](?<=[았었였했됐왔졌겼났랐렀쳤켰냈섰웠봤줬췄뒀갔샀찼])(?:다|고|으며|던|는데))"
    r"|る|ます|予定|そう|う[。、]|는다|된다|한다|이다|예정|될|할|하며|되며|[。.!?]")
#: A release cue these follow has already happened: "10月の配信開始以来" (since it began streaming in
#: October), "공개 이래".
_PAST_AFTER_CUE = re.compile(r"[^\s、。,.]{0,4}?\s?(?:以来|이래)")
_MIN_SCORE = 2.0
#: Short quoted spans (titles mostly) are not scored: "Marry My Husband", ‘내 남편과 결혼해줘’.
#: (Each alternative starts with its opening quote, the apostrophe's "no letter before"
#: checked just after it, so the regex engine jumps from quote to quote.)
_QUOTED_SHORT = re.compile(
    r"\u201c[^\u201c\u201d\"\n]{1,40}[\u201d\"]|\"[^\u201c\u201d\"\n]{1,40}[\u201d\"]|\u2018[^\u2018\u2019\n]{1,40}\u2019|'(?<![A-Za-z]')[^'\n]{1,40}'(?![A-Za-z])|"
    r"\u300c[^\u300c\u300d\n]{1,30}\u300d|\u300e[^\u300e\u300f\n]{1,30}\u300f|\u300a[^\u300b\n]{1,30}\u300b|<[^<>\n]{1,30}>"
)
#: An interview: its headline quotes someone "on" a title ("Kanzaki Aoi on 'Kyoto Blue Hour'", not "Arrives
#: On 'X'"), has them talk ("talks", not "in talks"), open up, sit down or look back, or is tagged so
#: ("[인터뷰]", "【インタビュー】"); or its body is a Q&A. What the show or the actor did is its background.
_INTERVIEW_HEADLINE = re.compile(
    r"^(?-i:[A-Z][\w.'’-]*\s+){0,3}(?!(?:roll|land|drop|arrive|premiere|air|return|debut|come|go|appear|star|focus"
    r"|set|take|move|shine|look|bet|turn)\b)(?-i:[A-Z][\w.'’-]*)(?<!s)(?<!ed)\s+on\s+(?:['\"“‘]|(?-i:[A-Z][a-z]+ing)\b)"
    r"|(?<!in\s)(?<!final\s)(?<!early\s)(?<!initial\s)(?<!renewal\s)(?<!contract\s)\btalks\b"
    r"(?!\s+(?:with|to|for|over|on|underway|stall\w*|collapse\w*|break\w*|fall\w*)\b)"
    r"|\b(?:opens?\s+up|sits?\s+down\s+with|looks?\s+back\s+on|reflects?\s+on|in\s+conversation|q\s*&\s*a)\b"
    r"|\binterview|인터뷰|インタビュー|対談",
    re.IGNORECASE,
)
_QA_BODY = Guarded(r"^\s*Q\s*[:.][^\n]*\n+\s*A\s*[:.]", re.MULTILINE)  # searched only in a text with a "Q"
#: An interview's headline marker outweighs any cue in its text.
_INTERVIEW_WEIGHT = 4.0
_SEASON_MARK = re.compile(r"(?i:season|シーズン|시즌)\s*[0-9０-９]+")
HEADLINE_WEIGHT = 2.0


#: A Japanese casting said of the show it modifies ("松坂桃李が主演を務める映画「…」がクランクインした",
#: "Xが主演するドラマ"): who stars is background there, the news is the sentence's own verb. A verb
#: that ends its sentence or is reported ("主演を務める。", "主演を務めることが決定", "…と発表") stays, and so
#: does the cast of a new show announced ("AとBがW主演を務めるNetflixシリーズ「…」の制作が決定した", not a
#: season's: "シーズン2の制作が決定").
_CASTING_MODIFIER = re.compile(r"(?:が|で)?(?:W|Ｗ|ダブル)?主演(?:を務め|す)る(?![。、．.!！」』）)\s]|こと|と|予定|ほか|方針|見込|$"
                               r"|[^。\n]*?(?<![続編期\d])(?<!続編の)(?<!\dの)(?:制作|製作)(?:が|も)?決定"
                               r"|[^。\n]*?(?:ドラマ|映像|実写|映画|アニメ)化)")


#: Past-tense background in English, to the end of its clause: what happened before the news, in a
#: clause of time ("before she was cast in '…'", "after it was renewed for a second season") or dated
#: back ("The drama was renewed last week for a second season"). An active verb ("production kicked off
#: last week") stays: that is how a late report tells its news.
_PAST_BACKGROUND = re.compile(
    r"\b(?:(?:before|after|since|when|until|once)\s+(?:[\w'’-]+\s+){1,3}?(?:was|were|had\s+been|got)\s+(?:\w+ly\s+)?"
    r"(?:cast|renewed|cancell?ed|picked\s+up|greenlit|ordered|tapped|released|announced|confirmed)\b"
    r"|(?:was|were)\s+(?:\w+ly\s+)?(?:\w+ed|cast)\s+(?:last\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year)"
    r"|\w+\s+(?:weeks?|months?|years?)\s+ago)\b)[^.;!?,]*",
    re.IGNORECASE,
)


#: A release not dated yet, to the end of its clause: "No premiere date has been set", "A release date has not
#: yet been announced", "Netflix will announce the premiere date at a later time", "공개 시기는 아직 정해지지
#: 않았다", "공개일을 추후 발표할 예정", "첫 방송일은 미정", "配信時期は未定", "配信日は後日発表される". It says
#: nothing has been announced: no release news. A release noun in a place ("방송에서 공개되지 않은 스틸", not shown on
#: air) is none ("편성에 대해서는 정해진 바 없다" is). Written for lowered text (see :func:`_without_undated_release`).
_RELEASE_NOUN = (r"(?:premiere|release|air|airing|broadcast|debut|launch|streaming|opening)\s+"
                 r"(?:date|window|schedule|timing|plans?)s?\b")
_CLAUSE_REST = r"(?:(?!\b(?:but|though|although|while|however)\b)[^.;!?,])*"
_UNDATED_RELEASE = (Guarded(
    rf"\b{_RELEASE_NOUN}[^.;!?\d]{{0,40}}?(?:(?:\bnot|n['’]t)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:set|announced|confirmed|decided|determined|revealed|known|fixed|finali[sz]ed|disclosed|scheduled|public)\b"
    r"|\bnot\s+yet\b|\byet\s+to\b|\btb[ad]\b"
    r"|\bto\s+be\s+(?:announced|confirmed|determined|decided|revealed)\b|\bwill\s+be\s+(?:announced|revealed|confirmed|shared)\b"
    rf"|\bundecided\b|\bunknown\b|\bunannounced\b){_CLAUSE_REST}"
    r"|\b(?:no(?:\s+word\s+(?:yet\s+)?(?:on|of)\s+(?:an?|the|its))?|without\s+an?"
    r"|yet\s+to\s+(?:set|announce|confirm|reveal|give|share)\s+(?:an?|the|its)"
    r"|(?:has|have|did|does)(?:\s+not|n['’]t)\s+(?:yet\s+)?(?:set|announced|confirmed|revealed|given|shared)\s+(?:an?|the|its)"
    r"|will\s+(?:announce|reveal|confirm|unveil|share)\s+(?:the|its|a))\s+(?:(?:official|exact|specific|firm)\s+)?"
    rf"{_RELEASE_NOUN}{_CLAUSE_REST}"), Guarded(
    r"(?:첫\s*공개|첫\s*방송|공개|방송|방영|편성|개봉)(?!에(?!\s*(?:대해|관해)))(?:\s*(?:시기|일자|일정|날짜|시점)|일)?(?:은|는|이|가|도|을|를)?[^.。\n\d]{0,8}?"
    r"(?:미정|미확정|정해지지|확정되지|결정되지|잡히지|(?:정해진|확정된|결정된)\s*(?:바|것은?)\s*없|알려지지|발표되지|공개되지"
    r"|(?:추후|차후|나중에)\s*(?:발표|공개|확정|결정|공지|안내))[^.。\n]*"
    r"|(?:配信|放送|公開|放映|上映)(?:開始)?(?:時期|日|日程|日時|予定日)(?:は|も|が|について(?:は)?)?[^。\n\d]{0,8}?"
    r"(?:未定|未発表|未確定|後日|追って|今後|決まっていない|決まっておらず|明らかにされていない|発表されていない|明かされていない)[^。\n]*"))


def _without_undated_release(text: str) -> str:
    """``text`` without the clauses that say its release is not dated yet (:data:`_UNDATED_RELEASE`)."""
    pieces: list[str] = []
    end = 0
    lowered_text = _lower(text, _FOLD_LOWER)
    matches = [match for pattern in _UNDATED_RELEASE if pattern.possible(lowered_text)
               for match in pattern.finditer(lowered_text)]
    for match in sorted(matches, key=lambda match: match.start()):
        if match.start() < end:
            continue
        pieces += [text[end:match.start()], " "]
        end = match.end()
    return "".join(pieces) + text[end:] if pieces else text


def _without_background(text: str) -> str:
    """``text`` without the phrases that only describe a show (:data:`_CASTING_MODIFIER`), without
    past-tense background (:data:`_PAST_BACKGROUND`) and without a release not dated yet
    (:data:`_UNDATED_RELEASE`)."""
    if "主演" in text:
        text = _CASTING_MODIFIER.sub(" ", text)
    text = _without_undated_release(text)
    return _PAST_BACKGROUND.sub(" ", text) if " was " in text or " were " in text else text


def _unquoted(text: str) -> str:
    """``text`` without its short quoted phrases (titles, whose words are no cues), but the
    season a quoted title names (「相棒 season26」放送決定: a new season) and a quoted statement
    (an agency's "…출연을 확정했다", "…決定しました": how Korean and Japanese outlets report it)."""
    return _QUOTED_SHORT.sub(_kept_of_quote, text)


def _kept_of_quote(quoted: re.Match[str]) -> str:
    """What :func:`_unquoted` keeps of a quoted phrase: a statement whole, of a title its season after
    :data:`_TITLE_MARK`."""
    if _STATEMENT_END.search(quoted.group(0)):
        return quoted.group(0)
    return f"{_TITLE_MARK}{' '.join(_SEASON_MARK.findall(quoted.group(0)))} "


#: The end of a quoted sentence, not a title: "…확정했다", "…합니다", "…しました".
_STATEMENT_END = re.compile(r"(?:했다|한다|된다|였다|이다|습니다|니다|어요|해요|ました|ます|です)[.!。！]?\W?$")


#: "orders" a quoted title (its :data:`_TITLE_MARK`), right after who orders it (see :func:`_platform_orders`).
_ORDERS_A_TITLE = re.compile(r"\s+orders?\s*\t", re.IGNORECASE)
#: The most words a platform's or a company's name has ("Amazon Prime Video Japan").
_ORDERER_WORDS = 4
_PLATFORM_ORDER_WEIGHT = 3.0
_REPEATED_CUE_DECAY = 0.5


def _platform_orders(text: str) -> list[str]:
    """The production cues of ``text`` (its quoted titles taken out) where a platform of the catalogue or a
    company behind one (``pipeline/data/platforms.toml``) orders a title: "Netflix Orders 'X'", "Coupang Play
    orders 'X'", "Apple orders 'X'"; not "Pre-order 'X'" nor "Court orders 'X'". As :func:`_score` records cues."""
    if _TITLE_MARK not in text or "rder" not in text and "RDER" not in text:
        return []
    found = []
    for order in _ORDERS_A_TITLE.finditer(text):
        words = text[:order.start()].split()[-_ORDERER_WORDS:]
        orderer = next((" ".join(words[-n:]) for n in range(len(words), 0, -1)
                        if names_a_platform_or_company(" ".join(words[-n:]))), None)
        if orderer is not None:
            found.append(f"{orderer}{order.group(0)}".translate(_ASCII_LOWER))
    return found


def _score(
    parts: tuple[tuple[str, float], ...], scores: dict[str, float], cues: dict[str, list[str]]
) -> None:
    """Add the cue scores of each ``(text, weight)`` part, in order, to ``scores`` and ``cues``."""
    for text, weight in parts:
        value = _PLATFORM_ORDER_WEIGHT
        for cue in _platform_orders(text):
            scores["production"] += value * weight
            cues["production"].append(cue)
            value *= _REPEATED_CUE_DECAY
        ascii_text = text.isascii()
        # in the order of CUES, its categories and their patterns (the patterns that cannot match left out)
        for number, matches in _CUE_WORDS.pending(_lower(text)):
            category, value = _CUE_OF[number]
            for match in matches:
                scores[category] += value * weight
                # the cue as written, ASCII letters lowered
                cues[category].append(match.group(0) if ascii_text else text[match.start():match.end()].translate(_ASCII_LOWER))
                value *= _REPEATED_CUE_DECAY  # repeated cues add less


def classify(
    title: str,
    body: str,
    language: str | None = None,
    published_at: datetime | None = None,
    *,
    elsewhere: Callable[[str], bool] | None = None,
) -> Classification:
    """The category of an article, its confidence and cues, and the premiere date it states
    (``elsewhere``: as :func:`find_premiere`)."""
    title = clean_text(title)
    body = clean_text(body)
    language = detect_language(f"{title}\n{body}", language) or "en"
    scores = dict.fromkeys(CUES, 0.0)
    cues: dict[str, list[str]] = {c: [] for c in CUES}
    _score(((_unquoted(_without_background(title)), HEADLINE_WEIGHT),), scores, cues)
    headline_casting = scores["casting"]
    _score(((_unquoted(_without_background(body[:1500])), 1.0),), scores, cues)
    interview = _INTERVIEW_HEADLINE.search(title) or _QA_BODY.search(body[:1500])
    if interview:
        scores["other"] += _INTERVIEW_WEIGHT * HEADLINE_WEIGHT
        cues["other"].insert(0, interview.group(0).strip().translate(_ASCII_LOWER))
    retitled, retitle_score = cues.pop("retitle"), scores.pop("retitle")
    premiere = find_premiere(f"{title}\n{body}", language, published_at, elsewhere=elsewhere) if retitled else None
    if retitled:
        # a new title is production news, or part of the release news that dates the premiere to a month
        # or day ("will air under the final title 'Love Scout' in January")
        news = "release" if premiere is not None and premiere.precision != "year" else "production"
        scores[news] += retitle_score
        cues[news] = retitled + cues[news]
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, top = ranked[0]
    second = ranked[1][1]
    if best == "production" and _announced_with_its_stars(title, body, headline_casting, cues["production"]):
        best, top, second = "casting", scores["casting"], top
    # a headline dating the release is release news: the poster or trailer that comes with it is its material
    if best == "trailer" and scores["release"] and _headline_dates_release(title, language, published_at):
        best, top, second = "release", scores["release"], top
    if top < _MIN_SCORE:
        best = "other"
        confidence = 0.5 if top == 0 else round(0.5 - top / (4 * _MIN_SCORE), 3)
    else:
        confidence = round(top / (top + second + 1.0), 3)
    # other news dates no premiere of its show: its release sentences are an album's, a concert's or,
    # in a guest spot or an interview, another show's mentioned in passing
    if best == "other":
        premiere = None
    elif not retitled:
        premiere = find_premiere(f"{title}\n{body}", language, published_at, elsewhere=elsewhere)
    if best == "release" and _SLATE_HEADLINE.search(_lower(_unquoted(title), _FOLD_LOWER)):
        premiere = _slate_year(title, body, premiere, published_at)
    seen = tuple(dict.fromkeys(cues[best]))
    return Classification(best, confidence, seen, premiere)


#: The production cues that announce a new show (not its filming): "greenlit", "orders … series", "드라마화",
#: "제작 확정", "ドラマ化決定", "制作決定" (the cues as :func:`_score` records them, ASCII lowered).
_SHOW_ANNOUNCED = re.compile(r"greenl|\border|develop|드라마화|드라마로|제작|化|決定")
#: The cast still to be chosen, in the headline or the body's first paragraph: "캐스팅 진행 중", "캐스팅은 미정",
#: "출연진은 아직 정해지지 않았다", "casting is under way", "キャストは後日発表" (not "나머지 캐스팅은 미정": the rest).
_CAST_PENDING = re.compile(r"(?<!나머지 )(?<!추가 )(?:캐스팅(?:을|이|은)?\s*(?:진행|작업|미정|논의\s*중|중)"
                           r"|출연진(?:은|이)?\s*(?:아직\s*)?(?:미정|정해지지|결정되지))"
                           r"|\bcasting\s+(?:is\s+)?(?:under\s*way|in\s+progress"
                           r"|begins|call)|キャスト(?:は|も)?(?:未定|後日|追って|今後)|キャスティング中", re.IGNORECASE)
#: A Korean work named with the screen medium it already is: "영화 '괴물'", "'킹덤' 시리즈", "동명 영화"; and the
#: medium a headline adapts a work into: "드라마화", "시리즈로", "영화화".
_KO_SCREEN_WORK = re.compile(r"(영화|드라마|시리즈)\s*['‘\"“][^'’\"”\n]{1,30}['’\"”]"
                             r"|['‘\"“][^'’\"”\n]{1,30}['’\"”]\s*(영화|드라마|시리즈)(?![로화])|(?:동명|원작)\s*(영화|드라마)")
_KO_ADAPTED_TO = re.compile(r"(드라마|시리즈|영화)(?:화|로)")
_KO_MEDIUM = {"영화": "film", "드라마": "drama", "시리즈": "drama"}


def _adapts_a_screen_work(title: str, lead: str) -> bool:
    """"송강호 주연 '괴물' 드라마화" with "영화 '괴물'" in the text: a film is made a drama, and the star the
    headline names led the film, not the new show."""
    target = _KO_ADAPTED_TO.search(title)
    if target is None:
        return False
    named = {_KO_MEDIUM[next(g for g in m.groups() if g)] for m in _KO_SCREEN_WORK.finditer(f"{title}\n{lead}")}
    return bool(named - {_KO_MEDIUM[target.group(1)]})


def _announced_with_its_stars(title: str, body: str, headline_casting: float, production_cues: list[str]) -> bool:
    """A new show announced in a headline that names its leads is their casting: "A·B 주연 'X' 드라마화 확정",
    "「X」ドラマ化決定、AとBが主演", "Disney+ Greenlights 'X' Starring A and B". The production news must be
    the announcement only (no filming), the headline must carry a full casting cue (2.5: a star named to a
    role, not a "join" or "adds"), neither it nor the body's first paragraph may say the cast is still to be
    chosen, and the work adapted must be no film or drama of another medium (whose stars the headline names)."""
    lead = body.split("\n", 1)[0][:500]
    return (headline_casting >= 2.5 * HEADLINE_WEIGHT
            and bool(production_cues) and all(_SHOW_ANNOUNCED.search(cue) for cue in production_cues)
            and not _CAST_PENDING.search(title) and not _CAST_PENDING.search(lead)
            and not _adapts_a_screen_work(title, lead))


#: A headline whose news comes before the release it dates: "… Drops Trailer Ahead Of Jan. 9 Premiere", "1월 9일
#: 첫 방송 앞두고 티저 공개", "1月13日の放送開始を前にポスター解禁".
_AHEAD_OF_RELEASE = re.compile(r"\bahead\s+of\b|\bbefore\s+(?:its|the)\b|앞두고|앞둔|を前に|に先駆け|を控え")


def _headline_dates_release(title: str, language: str | None, published_at: datetime | None) -> bool:
    """``title`` gives the day or month of the release ("1월 9일 tvN 첫 방송…포스터 공개", "21일 첫방 확정…티저 포스터
    공개", "1月13日放送開始、ポスター解禁", "Premieres Jan. 9 With New Poster"), not as what its news comes ahead of."""
    premiere = find_premiere(title, language, published_at)
    return (premiere is not None and premiere.precision != "year"
            and not _AHEAD_OF_RELEASE.search(_lower(title, _FOLD_LOWER)))


def _slate_year(title: str, body: str, found: PremiereDate | None, published_at: datetime | None) -> PremiereDate | None:
    """The year a platform's slate is for ("Unveils 2027 Local Originals Lineup", "its upcoming lineup for
    2027"): the headline's year, else the year of the lead's sentence that names the slate, else the year of
    the date the article gives (one title's month or day, "opens the lineup in March", is not the slate's)."""
    lead = [sentence for sentence in _sentences(body[:1500]) if _SLATE_HEADLINE.search(_lower(sentence, _FOLD_LOWER))]
    for text in (title, *lead):
        for match in _YEAR.finditer(_to_half(text)):
            year = int(match.group(0))
            if published_at is None or year >= published_at.year:
                return PremiereDate(date(year, 1, 1), "year", match.group(0))
    return None if found is None else PremiereDate(date(found.date.year, 1, 1), "year", found.text, found.moved)


# --------------------------------------------------------------------------- dates

_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_EN_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_EN_DATE = re.compile(
    rf"(?<![\w])(?:(?P<iy>20\d\d)([-./])(?P<im>1[0-2]|0?[1-9])\2(?P<id>3[01]|[12]\d|0?[1-9])(?!\d|\.\d)"
    rf"|(?:(?:early|late|mid-?)\s*)?(?i:spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<y5>20\d\d)\b"
    rf"|(?P<m1>{_EN_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y1>20\d\d))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_EN_MONTH})(?:,?\s+(?P<y2>20\d\d))?"
    rf"|(?P<m3>{_EN_MONTH})(?:\s+(?:of\s+)?(?P<y3>20\d\d))?"
    r"|(?:in|early|late|mid-?|for|of|until|by|(?:first|second|latter)\s+half\s+of)\s+(?:early\s+|late\s+|mid-?)?(?P<y4>20\d\d)\b"
    r"|(?P<next>next\s+year)|(?P<nextmonth>next\s+month))(?![\w])"
)
_CJK_DATE = re.compile(
    # a month last year or before ("지난 8월 공개된 시즌1") is past: read to be set aside
    r"(?:(?P<y>20\d\d)\s*[년年]\s*|(?P<rel>내년|来年|今年|올해|오는|来春|来秋|今秋|今冬|(?P<past>지난해|지난|작년|昨年|去年|先月|지난달))\s*)?"
    # a range gives its first month or day: "2026年7～9月" (a season that aired), "12月7～11日"
    r"(?P<m>1[0-2]|0?[1-9])(?:\s*[~〜∼\-–]\s*(?:1[0-2]|0?[1-9]))?\s*[월月]"
    r"(?:\s*(?P<d>[1-3]?\d)(?:\s*[~〜∼\-–]\s*[1-3]?\d)?\s*[일日])?"
    # or to another month: "7月から9月まで", "7월부터 9월까지", "7月～9月" (its first month; the last is no
    # premiere of its own), not a move from one to the other ("4月から6月に延期")
    r"(?P<to>\s*(?:から|부터|[~〜∼\-–])(?![^。.\n]{0,16}?(?:延期|変更|先送り|연기|변경|미뤄|미루|늦춰))\s*(?:20\d\d\s*[년年]\s*)?(?:1[0-2]|0?[1-9])\s*[월月](?:\s*[1-3]?\d\s*[일日])?"
    r"(?:\s*(?:まで|까지))?)?"
    r"|(?P<yonly>20\d\d)\s*[년年](?!\s*\d)"
    # next month's day ("내달 6일 첫 공개"), next or this year without a month ("내년 하반기", "来春")
    r"|(?P<nextmonth>내달|다음\s*달|来月)\s*(?:(?P<nd>[1-3]?\d)\s*[일日])?"
    r"|(?P<ryear>내년|来年|来春|来夏|来秋|来冬|올해|今年|今春|今夏|今秋|今冬|연내|年内)(?![\s]*(?:1[0-2]|0?[1-9])\s*[월月])"
    # a day of this month or the next: "24일 첫 방송", "24일 공개를 확정", "오는 24일 (넷플릭스를 통해) 공개",
    # "18일 금요일 오후 5시 공개"; "18日午後5時から配信", "18日(金)からNetflixで独占配信"
    r"|(?:(?P<coming>오는)\s*)?(?<![\d월月/.])(?P<donly>[1-3]?\d)\s*(?:일(?=(?:\s*\([월화수목금토일]\)|\s*[월화수목금토일]요일)?"
    r"\s*(?:첫\s*방송|첫방|첫\s*공개|오전|오후|새벽|밤|저녁|부터"
    r"|공개(?:된다|한다|\s*예정)|방송(?:된다|한다|\s*예정)|에\s*(?:첫|공개|방송)"
    r"|(?:공개|방송|방영|개봉|개막)(?:를|을|가|이)?\s*확정|(?(coming)(?:[^\s.]+\s+){0,2}(?:공개|방송|방영|개봉|개막|첫)|(?!))))"
    # "15日から放送スタート", "きょう13日午後10時より放送", "15日(火)よりTBSで放送" (not "2日間", "1日1話ずつ配信")
    r"|日(?=(?:\([月火水木金土日](?:・祝)?\))?\s*(?:(?:午前|午後|夜|よる|深夜|朝)?\s*\d+時(?:\d+分|半)?)?\s*(?:から|より|に)?"
    r"(?:[^、。\s]{1,15}?(?:で|にて|より|から))?(?:独占|世界|全世界|全国|日韓|韓日|日米|同時|一挙|全\d+話|見放題|先行|順次|国内)*"
    r"(?:配信|放送|公開|放映|スタート|初回|ロードショー|開幕)))"
)
#: A release said to happen on the day the article came out: "premiered today on Disney+", "premieres tonight",
#: "오늘(8일) 첫 방송", "오늘 넷플릭스를 통해 공개된다", "今夜スタート", "本日より配信開始", "今夜10時にスタート".
#: Right next to its release word, past tense included (the premiere is that day either way); a day named
#: after it ("きょう13日") is read as that day (a day of the month without its month). "Now streaming" alone is not: later
#: articles say it of a show that came out weeks before.
_RELEASE_TODAY = re.compile(
    r"\b(?:premiere[sd]?|premiering|debut(?:s|ed|ing)?|(?:begins?|began|starts?|started)\s+(?:streaming|airing))"
    r"(?:\s+(?:on|in)\s+[\w+&'’.-]+(?:\s+[\w+&'’.-]+)?)?\s+(?:today|tonight)\b"
    r"|\b(?:streaming|available)\s+(?:on\s+[\w+&'’.-]+(?:\s+[\w+&'’.-]+)?\s+)?(?:starting|from)\s+today\b"
    r"|오늘\s*(?:\(\s*\d+\s*일\s*\)\s*)?(?:부터\s*)?(?:밤|저녁|오후|오전|낮)?\s*(?:\d+\s*시(?:\s*\d+\s*분|\s*반)?\s*)?"
    r"(?:[^\s.]+\s+){0,2}?(?:첫\s*(?:방송|공개|방영|선)|(?:공개|개봉)(?:된다|한다|되며|돼|됐다|했다|됩니다|를\s*시작))"
    r"|(?:きょう|今日|本日|今夜|今晩)(?!\s*\d+\s*日)(?:\(\s*\d+\s*日\s*\))?(?:(?:午前|午後|夜|深夜)?\d+時(?:\d+分|半)?)?"
    r"(?:より|から|に)?(?:[^\s。、\d]{1,12}?(?:で|にて))?(?:独占|世界|全世界|全国|日韓|同時|一挙|見放題|先行|順次|国内)*"
    r"(?:スタート|(?:放送|配信|放映)(?:開始|スタート)|(?<=より|から)(?:放送|放映)|初回放送|配信|公開|開幕|ロードショー)")
#: Whose release the day is, when not the show's premiere: a finale, a trailer, a song.
_NOT_SHOWS_PREMIERE = re.compile(
    r"\bfinale\b|\b(?:last|final)\s+episode|\btrailer|\bteaser|\bposter|\bmusic\s+video|\balbum|\bsingle\b|\bost\b"
    r"|\bstills\b|\bphotos\b|\bimages?\b|\bclip\b"
    r"|최종회|마지막\s*회|종영|예고|티저|포스터|스틸|사진|영상|이미지|뮤직비디오|앨범|음원"
    r"|最終回|予告|ティザー|ポスター|特報|主題歌|ビジュアル|写真|映像|画像|スチール")
#: Release cues. The English words share one leading ``\\b`` (tried once per position
#: instead of once per word); they and the CJK words never match at the same place.
#: A postponement names the new date after "to"/"until" ("pushed back to February", "postponed
#: from January to March": the old date lies inside the cue, so it is never the premiere) or, in
#: Korean and Japanese, just before the cue ("2월로 연기", "2月に延期").
_POSTPONEMENT = (r"\b(?:postponed|delayed|push(?:ed|es|ing)(?:\s+back)?|moved\s+(?:back|up)|moved(?=\s+(?:its|the|from)\s)|rescheduled|bumped(?:\s+back)?)"
                 r"(?:\s+(?:its|the)\s+(?:premiere|release|debut|broadcast|launch)(?:\s+date)?)?"  # "moved its premiere"
                 r"(?:\s+(?:from|in)\s+(?:[^.;!?]|(?<=[a-z]{3})\.){1,30}?)?"  # the old date ("Dec. 20")
                 r"(?:,?\s+(?:by\s+)?(?:a|an|one|two|three|four|five|six|several|a\s+few|\d+)\s+(?:days?|weeks?|months?))?"
                 r",?\s+(?:to|until|till)\b"
                 # the show between the verb and the new date: "postponed the premiere of "Glass Garden",
                 # starring …, from January 15 to February 5", "Pushes 'Glass Garden' Back to February 5"
                 r"|\b(?:postponed|delayed|push(?:ed|es|ing)|moved|rescheduled|bumped)\s+"
                 r"(?!(?:by|due|because|after|amid|over|for|in|on|at|as|and|but|while|to|until|till)\b)"
                 r"(?:[^.;!?\n]|(?<=[a-z]{3})\.){1,100}?\s(?:to|until|till)\s+(?:the\s+)?"
                 r"(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s|20\d\d\b|\d{1,2}/\d|next\b|early\b|mid|late\b|later\s+this"
                 r"|this\s+(?:spring|summer|fall|autumn|winter|year)|spring|summer|fall|autumn|winter|(?:first|second)\s+half)"
                 # "1월 28일로 (2주) 연기/변경/미뤄졌다", "2월 5일로 공개를 연기", "5月10日に延期/変更"
                 r"|로\s*(?:\d+\s*(?:주|일|개월|달)\s*|한\s*달\s*|일주일\s*)?(?:(?:공개|방송|방영|개봉|편성)(?:일|일정)?[을를]\s*)?"
                 r"(?:연기|변경|미뤄|미루|늦춰|조정|밀려|밀렸|밀린)"
                 # the release itself put off ("공개 연기…2월 5일로", "첫 방송을 연기해"): 연기 alone is acting too
                 r"|(?:첫\s*)?(?:공개|방송|방영|개봉|편성)(?:일|일정|\s*시기)?(?:을|를|이|가|도)?\s*(?:연기|미뤄|늦춰|밀려|밀렸)"
                 r"|延期|先送り|[にへ]変更"
                 # "has finally landed on a new date: February 6"
                 r"|\bnew\s+(?:premiere\s+|release\s+|air\s+|broadcast\s+)?date\b")
_POSTPONED = re.compile(_POSTPONEMENT)
#: Who broadcasts or streams is no cue: "방송사는 6일 … 소식을 전했다" (the broadcaster reported on the 6th),
#: 방송국, 방송가, 방송인, 放送局, 配信サービス, "the streaming service said".
_FUTURE_CUE = Guarded(
    _POSTPONEMENT + r"|\b(?:premiere[sd]?\b|premiering\b|will\s+(?:air|premiere|debut|stream|be\s+released|arrive|launch|return|hit)|airs?\b|airing\b|"
    r"(?<!press\s)release(?:s|d)?\b|release\s+date\b|expected(?=\s+(?:in|by)\b)|debut(?:s|ing)?\b"
    r"|stream(?:s|ing)?\b(?!\s+(?:service|giant|platform|company|companies|rights|deal|numbers|chart)s?\b)|arrive[s]?\b|launch(?:es)?\b|bows\b|"
    r"slated\b|set\s+for\b|scheduled\b|coming\b|drops?\b|hits?\s+(?:screens|theaters|theatres|cinemas)|"
    rf"hits?\s+{_PLATFORM}|"
    r"opens?\s+in\s+(?:theaters|theatres|cinemas)|out\s+on\b|returns?\b|back\s+(?:on|in)\b)|"
    r"방송(?![사국가인계])|첫방|공개|방영|편성|출격|첫\s*선|베일|안방극장|개봉|개막|(?:관객|시청자)들?(?:을|를|과|와)\s*만난|"
    r"放送(?!局|界|作家)|配信(?!者|元|サービス|会社|大手)|スタート|(?<=月)期|公開|開始|放映|クール|より|から|ロードショー|開幕"  # "7月期", not "第1期" (a season)
)
_NOT_PREMIERE_NEAR = Guarded(
    r"\bfilming|\bshoot|\bcrank|\bannounced\b|\breported\b|\bsaid\b|\bsays\b|\btold\b|\bfinale\b|\blast\s+episode\b|\bsince\b|"
    r"\bon\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?!,?\s*$)|"
    r"촬영|크랭크|보도|밝혔|전했|알렸|종영|撮影|クランク|発表|明らかに|伝えた|最終回"
)
#: A filming/production cue shortly before a date makes it a filming date
#: ("Filming is set to begin in December", "撮影は11月上旬から").
_FILMING_BEFORE = Guarded(r"\bfilming|\bshooting|\bproduction|\bcrank|\bprincipal\s+photography|촬영|크랭크|撮影|クランク")
_WINDOW = 70
#: Many works, not one show: a date a platform's slate is set for ("more than 20 series and films set
#: for next year", "12 new dramas slated for 2025", "its 2025 lineup") is none of its shows' premieres.
_SLATE = re.compile(
    r"\bslate\b|\b(?:20\d\d|content|programming|release)\s+line-?up\b|라인업|ラインナップ|ラインアップ"
    r"|\b(?:series|shows|titles|films|movies|dramas|originals)\s+(?:and|&)\s+(?:series|shows|films|movies|dramas|features)\b"
    r"|(?<!season\s)(?<!part\s)\b(?:\d+|dozens\s+of|several|multiple|many)\s+(?:(?:new|more|korean|japanese|original|upcoming)\s+)*"
    r"(?:series|shows|titles|films|movies|dramas|originals|projects)\b"
)
_SLATE_BEFORE = 60
#: An episode or week past the first: the date near it is when that episode airs, in a show
#: already running ("12月7～11日放送の第10週", "9회는 오는 6일 방송된다", "Episode 5 airs Nov. 10").
#: A list is read from its first number ("1, 2회가 공개된다": the premiere's episodes).
_LATER_EPISODE = re.compile(r"第\s*(\d+)(?:\s*[・、,~\-]\s*\d+)*\s*(?:話|週|回|夜)"
                            r"|(?<![\d,~\-]\s)(?<![\d,~\-])(\d+)(?:\s*[,·~\-]\s*\d+)*\s*[회화](?=는|에서|에는|가|부터|의)"
                            r"|\bepisodes?\s+(\d+)\b")
#: What an episode airing that day shows, in a running show ("오는 5일 방송되는 '나 혼자 산다'에서는 …",
#: "12月7日放送の「…」では"): no premiere, unless it is the first ("첫 방송되는", "初回").
_EPISODE_PREVIEW = re.compile(r"[^.。]{0,12}?(?:방송|방영|공개)되는\s[^.。]{0,40}?에서는|[^.。、]{0,12}?(?:放送|配信)の[^。]{0,30}?では")
_FIRST_EPISODE = re.compile(r"첫|初回|第1話|1회")
#: The date a postponement moved away from: "pushing its premiere back from December, …"
_OLD_DATE_BEFORE = re.compile(r"\b(?:push(?:ed|es|ing)|postpon\w*|delay\w*|mov(?:ed|es|ing)|bump(?:ed|ing))\b"
                              r"[^.;!?]{0,30}\bfrom\s+(?:the\s+)?$")
#: Every date _candidates reads has a digit, a capitalised month name or "next year".
_DIGIT = re.compile(r"\d")
_DATE_WORDS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "next",
               "TODAY", "tonight", "Tonight", "TONIGHT", "오늘", "きょう", "本日",  # "today": "day"
               "day", "Day", "요일", "曜", "내년", "来", "올해", "今", "연내", "年内", "내달", "다음")
#: Any of :data:`_DATE_WORDS`, wherever it stands (one search rather than a test per word).
_DATE_WORD = re.compile("|".join(map(re.escape, _DATE_WORDS)))
_WEEKDAYS = {name: number for number, names in enumerate(
    (("monday", "월", "月"), ("tuesday", "화", "火"), ("wednesday", "수", "水"), ("thursday", "목", "木"),
     ("friday", "금", "金"), ("saturday", "토", "土"), ("sunday", "일", "日"))) for name in names}
#: A weekday said relative to the publication: "next Friday" (next week's), "this Friday",
#: "this coming Friday", "다음 주 금요일", "오는 금요일", "来週金曜", "今週の金曜".
_RELATIVE_WEEKDAY = re.compile(
    r"(?<![\w])(?P<en>next|this(?:\s+coming)?|coming)\s+(?P<enday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|(?P<ko>다음\s*주|이번\s*주|오는)\s*(?P<koday>[월화수목금토일])요일"
    r"|(?P<ja>来週|今週)\s*の?\s*(?P<jaday>[月火水木金土日])曜",
    re.IGNORECASE,
)


def _to_half(text: str) -> str:
    """NFKC: full-width digits and letters as ASCII (ASCII text is already)."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


#: A yearless day up to this many days before publication is taken as past, not next year's.
_RECENT_DAYS = 183


def _days_before(reference: date, month: int, day: int) -> int:
    that_day = calendar_date(reference.year, month, day)
    return (reference - that_day).days if that_day else 0


def _resolve(year: int | None, month: int, day: int | None, published: datetime | None) -> date | None:
    reference = published.date() if published else None
    if year is None:
        if reference is None:
            return None
        year = reference.year
        if day is None:
            if month < reference.month:
                year += 1  # "in February" said in March: next February
        elif (reference.month, reference.day) > (month, day) and _days_before(reference, month, day) > _RECENT_DAYS:
            year += 1  # a day long past this year is next year's; a recent one stays (in the past)
    return calendar_date(year, month, day or 1)


def _candidates(text: str, published: datetime | None) -> list[tuple[int, int, PremiereDate]]:
    found: list[tuple[int, int, PremiereDate]] = []
    reference_year = published.year if published else None
    for match in _EN_DATE.finditer(text):
        groups = match.groupdict()
        month_text = groups["m1"] or groups["m2"] or groups["m3"]
        if month_text and month_text.startswith("May") and not month_text[0].isupper():
            continue
        if month_text is not None and month_text.rstrip(".").lower() in ("mar", "may") and month_text != month_text.capitalize():
            continue
        if groups["next"]:
            if reference_year is None:
                continue
            value, precision = date(reference_year + 1, 1, 1), "year"
        elif groups["nextmonth"]:
            if published is None:
                continue
            following = (published.year + 1, 1) if published.month == 12 else (published.year, published.month + 1)
            value, precision = date(*following, 1), "month"
        elif groups["y4"] or groups["y5"]:  # "in 2025", "in spring 2025"
            value, precision = date(int(groups["y4"] or groups["y5"]), 1, 1), "year"
        elif groups["iy"]:  # 2025-07-01, 2025.07.01
            day = calendar_date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
            if day is None:
                continue
            value, precision = day, "day"
        else:
            if month_text is None or (groups["m3"] and not month_text[0].isupper()):
                continue
            if groups["m3"] and not groups["y3"] and len(month_text) == 3 and month_text != "May":
                continue  # a bare "Jun" or "Mar" is more often a name than a month
            month = _MONTH_NAMES[month_text[:3].lower()]
            day_text = groups["d1"] or groups["d2"]
            year_text = groups["y1"] or groups["y2"] or groups["y3"]
            resolved = _resolve(int(year_text) if year_text else None, month, int(day_text) if day_text else None, published)
            if resolved is None:
                continue
            value, precision = resolved, "day" if day_text else "month"
        found.append((match.start(), match.end(), PremiereDate(value, precision, match.group(0).strip())))
    for match in _CJK_DATE.finditer(text):
        if match.group("yonly"):
            found.append((match.start(), match.end(), PremiereDate(date(int(match.group("yonly")), 1, 1), "year", match.group(0))))
            continue
        if match.group("past"):  # "지난 8월": a month gone by, no premiere to come
            continue
        if match.group("ryear"):
            if reference_year is None:
                continue
            ahead = match.group("ryear") in ("내년", "来年", "来春", "来夏", "来秋", "来冬")
            found.append((match.start(), match.end(), PremiereDate(date(reference_year + ahead, 1, 1), "year",
                                                                   match.group(0))))
            continue
        if match.group("nextmonth"):
            if published is None:
                continue
            year, month = (published.year + 1, 1) if published.month == 12 else (published.year, published.month + 1)
            day = int(match.group("nd")) if match.group("nd") else None
            resolved = _resolve(year, month, day, published)
            if resolved is not None:
                found.append((match.start(), match.end(), PremiereDate(resolved, "day" if day else "month",
                                                                       match.group(0).strip())))
            continue
        if match.group("donly"):
            resolved = _day_of_month(int(match.group("donly")), published)
            if resolved is not None:
                found.append((match.start(), match.end(), PremiereDate(resolved, "day", match.group(0).strip())))
            continue
        month = int(match.group("m"))
        day = int(match.group("d")) if match.group("d") else None
        year = int(match.group("y")) if match.group("y") else None
        relative = match.group("rel")
        if year is None and relative in ("내년", "来年", "来春", "来秋") and reference_year:
            year = reference_year + 1
        elif year is None and relative in ("올해", "今年") and reference_year:
            year = reference_year  # "今年7月" said in November: gone by, not next July
        resolved = _resolve(year, month, day, published)
        if resolved is None:
            continue
        found.append((match.start(), match.end(), PremiereDate(resolved, "day" if day else "month", match.group(0).strip())))
    if published is not None:
        for match in _RELATIVE_WEEKDAY.finditer(text):
            found.append((match.start(), match.end(), PremiereDate(_weekday_after(match, published.date()), "day",
                                                                   match.group(0).strip())))
    return found


def _day_of_month(day: int, published: datetime | None) -> date | None:
    """A day of the month said without its month ("오는 24일", "15日から"): this month's, or the next's
    once it has passed."""
    if published is None:
        return None
    month, year = published.month, published.year
    if day < published.day:
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return _resolve(year, month, day, published)


def _weekday_after(match: re.Match[str], published: date) -> date:
    """The day a :data:`_RELATIVE_WEEKDAY` match names: "next" is next week's (the week runs
    Monday to Sunday), the others the first such day from the publication day on."""
    relative = (match.group("en") or match.group("ko") or match.group("ja")).lower()
    weekday = _WEEKDAYS[(match.group("enday") or match.group("koday") or match.group("jaday")).lower()]
    if relative == "next" or relative.startswith("다음") or relative == "来週":
        return published + timedelta(days=weekday - published.weekday() + 7)
    return published + timedelta(days=(weekday - published.weekday()) % 7)


#: Spaces after [.!?] before a capital or quote, or a line break / CJK full stop. Written
#: as "one of these characters, then which case it is" so the regex engine can jump
#: between candidate characters: the same splits as
#: ``(?<=[.!?])\s+(?=[A-Z"'“‘])|[\n。！？]``, but for a time's zone after "a.m."/"p.m.": "premieres
#: at 9 p.m. ET on Dec. 18" is one sentence (split there, the cue and the date fell into two).
_SENTENCE_END = re.compile(r"[\s\u3002\uff01\uff1f](?:(?<=[.!?]\s)(?!(?<=[AaPp]\.[Mm]\.\s)\s*(?:[ECMP][SD]?T|[AH]ST|[KJ]ST|GMT|UTC|BST|CES?T)\b)"
                           r"\s*(?=[A-Z\"'\u201c\u2018])|(?<=[\n\u3002\uff01\uff1f]))")
_ABBREVIATION = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|No|St|vs|Jr|Sr)\.$")


def _sentences(text: str) -> list[str]:
    """Sentences of ``text``; abbreviations such as "Nov." do not end one."""
    sentences: list[str] = []
    pending = ""
    for piece in _SENTENCE_END.split(text):
        pending = f"{pending} {piece}" if pending else piece
        tail = pending.rstrip()
        # the abbreviation ends the text, so it starts within its last 5 characters
        if not _ABBREVIATION.search(tail, max(0, len(tail) - 5)):
            sentences.append(pending)
            pending = ""
    if pending:
        sentences.append(pending)
    return sentences


#: The end of a filming clause whose date comes before it: the date after it is the next
#: clause's ("이달 중 크랭크인해 2027년 … 공개될 예정", "촬영에 들어가 2028년 공개를 목표로",
#: "クランクインし、2027年公開予定").
_CLAUSE_END = re.compile(r"(?:해|하고|하며|하면서|해서|들어가|들어가고|마치고|끝내고|거쳐|돌입해|돌입하고"
                         r"|[한된친낸간]\s*(?:뒤|후)(?:에)?|이후)\s|(?:し|て|え|り|後)、|した後|後に")


#: A schedule word said of the filming itself, not of a release: "Filming is scheduled to begin early next
#: year", "Shooting is slated for March" (right after the filming cue), "… set to start in May".
_FILMING_SCHEDULED = re.compile(
    r"[\w-]*\s+(?:(?:is|are|was|were|will\s+be|has\s+been|had\s+been|now|currently|tentatively|also)\s+)*"
    r"(?:scheduled|slated|set|expected)\b")
_SCHEDULED_TO_START = re.compile(
    r"(?:scheduled|slated|set|expected)\s+to\s+(?:begin|start|commence|kick\s+off|get\s+underway|roll|wrap|resume)\b"
    r"(?!\s+(?:streaming|airing|broadcasting))")


def _filming_date(lowered: str, start: int) -> bool:
    """A filming cue stands within a few words before the date, with no release cue and no
    end of its clause between (``lowered``: the sentence as ``_lower(sentence, _FOLD_LOWER)``).
    A schedule word said of the filming ("Filming is scheduled to begin …") is no release cue."""
    window = lowered[max(0, start - 60): start]
    cues = list(_FILMING_BEFORE.finditer(window))
    if not cues:
        return False
    after = cues[-1].end()
    scheduled = _FILMING_SCHEDULED.match(window, after)
    for cue in _FUTURE_CUE.pattern.finditer(window, after):
        if not (scheduled and cue.start() < scheduled.end() or _SCHEDULED_TO_START.match(window, cue.start())):
            return False
    return not _CLAUSE_END.search(window, after)


#: The day an event was or will be held, not a premiere: "at the Content Showcase held on December 6",
#: "a press conference on Monday, Jan. 5", "6일 서울에서 열린 제작발표회", "12月6日に開催された発表会".
_EVENT_BEFORE = re.compile(
    r"(?:\b(?:held|hosted|took\s+place|takes\s+place|will\s+take\s+place|staged)"
    r"|\b(?:showcase|press\s+conference|presser|fan\s*meeting|fan\s+event|event|ceremony|festival|conference"
    r"|screening|upfront|presentation|gala|expo|convention|panel)(?:\s+(?:in|at)\s+[\w.'’-]+(?:\s+[\w.'’-]+)?)?)"
    r"\s+(?:on|in)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?$")
_EVENT_AFTER = re.compile(
    r"[^.。!?]{0,30}?(?:열린|열렸|열리는|열릴|개최(?:된|한|하는|했|될|됐|된다)|진행(?:된|한|했|됐)"
    r"|開催(?:され|した|する|し)|行われ|開かれ|実施され)")

#: A release said between a date and an event verb: the date is the release's ("1월 8일 공개되는 '…'의
#: 제작발표회가 6일 열렸다").
_RELEASE_WORD = re.compile(r"방송|공개|방영|개봉|放送|配信|公開|放映|premiere|release|\bair|stream|debut")


#: The day news was given, opening its sentence: "On December 5, Disney+ confirmed that the cast will return".
_ANNOUNCED_ON = re.compile(r"\s*(?:on\s+)?$")
_ANNOUNCED_AFTER = re.compile(
    r",?\s+(?:[\w+'’.&-]+\s+){1,4}?(?:confirmed|announced|revealed|said|told|shared|unveiled|reported|stated|disclosed)\b")


def _event_date(lowered: str, start: int, end: int) -> bool:
    """The date at ``start``:``end`` of ``lowered`` is the day of an event (a showcase, a press
    conference, a fan meeting) held then, said before it or, in Korean and Japanese, after it
    with no release cue between; or the day the news was given, opening the sentence."""
    if _EVENT_BEFORE.search(lowered, max(0, start - 60), start):
        return True
    if _ANNOUNCED_ON.fullmatch(lowered, 0, start) and _ANNOUNCED_AFTER.match(lowered, end):
        return True
    after = _EVENT_AFTER.match(lowered, end)
    return bool(after) and not _RELEASE_WORD.search(lowered, end, after.end())


def _gone_by_after(lowered: str, cue: re.Match[str], start: int, end: int) -> bool:
    """The date at ``start``:``end`` dates a release ``cue`` in a clause of time ("after", "following",
    "이후", "後") and the sentence's own verb is past: a release gone by, whichever side of the cue the month
    stands ("topped the chart after its release in October", "… after its October debut", "10월 공개 이후
    1위에 올랐다", "10月の放送開始後、高い評価を得た"), not one to come ("Following its October premiere, it
    will air weekly")."""
    after = _AFTER_BEFORE_CUE.search(lowered, max(0, cue.start() - 40), cue.start())
    if after and after.start() < start:  # the date after the cue, or between "after its" and the cue
        return _past_clause(lowered[:after.start()] + " " + lowered[max(end, cue.end()):])
    if end > cue.start() or _AHEAD.search(lowered, start, end):
        return False  # "내년 1월 공개 이후 …": said to come
    after = _AFTER_CUE.match(lowered, cue.end())  # Korean and Japanese: the clause word follows the cue
    predicate = _NEXT_PREDICATE.search(lowered, after.end()) if after else None
    return bool(predicate and predicate.group("past"))


def _premiere_today(sentence: str, lowered: str, published_at: datetime | None) -> PremiereDate | None:
    """The publication day (where the article was written), when ``sentence`` (``lowered``: as
    ``_lower(sentence, _FOLD_LOWER)``) says the show comes out that day (:data:`_RELEASE_TODAY`): not a
    later episode's airing, nor a finale's or a trailer's."""
    if published_at is None:
        return None
    today = _RELEASE_TODAY.search(lowered)
    if today is None or _NOT_SHOWS_PREMIERE.search(lowered):
        return None
    for match in _LATER_EPISODE.finditer(lowered):
        if (int(next(number for number in match.groups() if number)) > 1
                and match.start() - _WINDOW < today.end() and today.start() < match.end() + _WINDOW):
            return None
    preview = _EPISODE_PREVIEW.match(lowered, today.end())
    if preview and not _FIRST_EPISODE.search(preview.group(0)):
        return None
    return PremiereDate(published_at.date(), "day", sentence[today.start():today.end()])


def _past_clause(text: str) -> bool:
    """``text`` (a sentence without its clause of time) tells what happened: its verb is past or
    perfect, and nothing in it is to come."""
    return not _FUTURE_TENSE.search(text) and bool(_PAST_TENSE.search(text))


#: A season or part written with its number: "Season 2", "series 3", "season two", "second season",
#: "시즌2", "시즌 2", "シーズン2", "第2期", "Part 2", "파트2", "パート2" (digits NFKC-folded).
_ORDINALS = {"one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4, "fourth": 4,
             "five": 5, "fifth": 5, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_SEASON_NUMBER = re.compile(
    r"(?i:\b(?:season|series)\s*(?P<season>\d{1,2}|one|two|three|four|five)\b"
    r"|\b(?P<season_word>first|second|third|fourth|fifth)\s+season\b"
    r"|\bpart\s*(?P<part>\d{1,2}|one|two|three|four|five)\b)"
    r"|(?:시즌|シーズン)\s*(?P<native_season>\d{1,2})(?!\d)|第(?P<period>\d{1,2}|[一二三四五])期"
    r"|(?:파트|パート)\s*(?P<native_part>\d{1,2})(?!\d)")


def premiere_season(sentence: str, headline: str = "") -> str | None:
    """The later season or part a premiere date is of: the highest season (and part) number
    above 1 that the sentence giving the date writes, else that the headline writes ("'X'
    Season 2 sets October premiere" over "The new season will premiere on October 6"); None for
    a first season (a season 1 premiere and a show's premiere are one event)."""
    for text in (sentence, headline):
        seasons: list[int] = []
        parts: list[int] = []
        for match in _SEASON_NUMBER.finditer(_to_half(text)):
            kind = next(name for name, value in match.groupdict().items() if value)
            value = match.group(kind)
            number = int(value) if value.isdigit() else _ORDINALS[value.lower()]
            (parts if "part" in kind else seasons).append(number)
        season, part = max(seasons, default=1), max(parts, default=1)
        if season > 1 or part > 1:
            return " ".join([*([f"Season {season}"] if season > 1 else []), *([f"Part {part}"] if part > 1 else [])])
    return None


def find_premiere(text: str, language: str | None = None, published_at: datetime | None = None, *,
                  elsewhere: Callable[[str], bool] | None = None) -> PremiereDate | None:
    """The premiere/release date ``text`` announces, resolved against ``published_at``.

    A date counts when a release cue ("premieres", "will air", "첫 방송",
    "配信開始", "7月期"...) stands next to it in the same sentence; dates near
    past-tense cues ("premiered") or filming cues are ignored, as are dates
    before the publication date. Without a year, a month before the publication
    month means next year. A later season's date ("Season 2 premieres …", or a first line,
    the headline, naming one) says which (:func:`premiere_season`). A sentence ``elsewhere``
    says is about another show than the article's gives none ("Seo also stars in KBS2's
    'Winter Pharmacy,' which premieres Dec. 21": :func:`pipeline.stories.other_work_sentence`).
    """
    text = _to_half(text)
    if not _FUTURE_CUE.possible(_lower(text, _FOLD_LOWER)):
        return None  # no release cue anywhere (sentences join pieces of the text with spaces)
    cjk = language in ("ko", "ja")
    best: tuple[tuple[bool, float], PremiereDate] | None = None
    reference = published_at.date() if published_at else None
    day_candidates: list[PremiereDate] = []
    for segment in _sentences(text):
        if not _DIGIT.search(segment) and not _DATE_WORD.search(segment):
            continue  # nothing _candidates could read as a date
        if elsewhere is not None and elsewhere(segment):
            continue  # another show's date
        lowered = _lower(segment, _FOLD_LOWER)
        cues = list(_FUTURE_CUE.pattern.finditer(lowered))
        if not cues:
            continue
        # a sentence that announces a postponement gives its new date only through that cue:
        # its other dates are the old plan ("1月から2月に延期", "from January 20 to March 3")
        postponements = [cue for cue in cues if _POSTPONED.match(lowered, cue.start())]
        cues = postponements or cues
        moved = bool(postponements)
        episodes = [match.span() for match in _LATER_EPISODE.finditer(lowered)
                    if int(next(number for number in match.groups() if number)) > 1]
        today = None if moved else _premiere_today(segment, lowered, published_at)
        if today is not None:  # the article's own day: as close to its cue as a date can be
            day_candidates.append(today)
            if best is None or best[0] > (True, 0.0):
                best = ((True, 0.0), today)
        for start, end, candidate in _candidates(segment, published_at):
            if (_filming_date(lowered, start) or _OLD_DATE_BEFORE.search(lowered, max(0, start - 60), start)
                    or _event_date(lowered, start, end)):
                continue
            if any(episode_start - _WINDOW < end and start < episode_end + _WINDOW
                   for episode_start, episode_end in episodes):
                continue  # a later episode's air date, not the show's premiere
            preview = _EPISODE_PREVIEW.match(lowered, end)
            if preview and not _FIRST_EPISODE.search(preview.group(0)):
                continue
            if reference is not None:
                if candidate.precision == "day" and candidate.date < reference:
                    continue
                if candidate.precision == "month" and (candidate.date.year, candidate.date.month) < (reference.year, reference.month):
                    continue
                if candidate.precision == "year" and candidate.date.year < reference.year:
                    continue
            distance = None
            for cue in cues:
                if not _POSTPONED.match(lowered, cue.start()) and (
                        _PAST_RELEASE.match(lowered, cue.start())
                        or _PAST_BEFORE_CUE.search(lowered, max(0, cue.start() - 40), cue.start())
                        or _PAST_AFTER_CUE.match(lowered, cue.end())):
                    continue  # already released, or a plan since replaced (not "has been pushed back to")
                if cue.start() >= end and _MONTH_RANGE.search(lowered, start, end) and not _AHEAD.search(lowered, start, end):
                    joined = _RELEASE_JOINED.match(lowered, cue.start())
                    predicate = _NEXT_PREDICATE.search(lowered, joined.end()) if joined else None
                    if predicate and predicate.group("past"):
                        continue  # "7月から9月に放送され、高い評価を得た": a season gone by
                if _gone_by_after(lowered, cue, start, end):
                    continue  # "topped the chart … after its release in October / its October debut": gone by
                if cue.start() >= end:  # cue after the date (Korean/Japanese order)
                    gap = cue.start() - end
                    between = lowered[end:cue.start()]
                    penalty = 0 if cjk else 10
                else:  # cue before the date (English order)
                    gap = start - cue.end()
                    between = lowered[cue.end():start]
                    penalty = 10 if cjk else 0
                if gap < 0 or gap > _WINDOW or _NOT_PREMIERE_NEAR.search(between):
                    continue
                subject_end = min(start, cue.start())
                if _SLATE.search(lowered, max(0, subject_end - _SLATE_BEFORE), subject_end):
                    continue  # the date of a slate of works, said before the cue and the date
                score = gap + penalty
                if distance is None or score < distance:
                    distance = score
            if distance is None:
                continue
            if candidate.precision == "day":
                day_candidates.append(candidate)
            if candidate.precision == "year":
                distance += 25
            elif candidate.precision == "month":
                distance += 2
            # a date a postponement gives wins over every other (the plan it replaced)
            ranked = (not moved, distance)
            if best is None or ranked < best[0]:
                best = (ranked, replace(candidate, moved=moved, season=premiere_season(segment, text.split("\n", 1)[0])))
    if best is None:
        return None
    chosen = best[1]
    if chosen.precision == "month":
        for candidate in day_candidates:
            if (candidate.date.year, candidate.date.month) == (chosen.date.year, chosen.date.month):
                return replace(candidate, moved=chosen.moved, season=chosen.season)
    return chosen
