"""Names read in Latin letters: one person written in Latin letters and in Hangul or
Japanese script.

Within one story an English outlet writes "Yoon Seo-ah" and "Kurosawa Ren", a
Japanese one "ユン・ソア" and "黒沢蓮", a Korean one "윤서아". Hangul is read in the
Revised Romanization (:func:`romanise_korean_name`, which also gives the popular
spelling: "신은영" → "Sin Eunyeong", "Shin Eunyoung"), kana and kanji by cutlet
(MeCab with UniDic's readings: "黒沢蓮" → "Kurosawa Ren"). Both sides are then
reduced to a coarse sound key that forgets what the romanisations disagree on —
eo/o/u ("Hyeon", "Hyun", ヒョン "hyon"), voiced or not ("Do", ト "to"; "Gim",
"Kim"), a silent h ("Seo-ah"), the r of "Park", the vowel kana adds after a final
consonant (キム "kimu") — and a name matches when its family names sound the same
and its given names the same (a kana reading, which loses sounds Hangul keeps, may
differ by one slip in a long given name). Given-name-first Latin names ("Ren
Kurosawa") match too.

:func:`similarity` is meant for names already known to be in one story (one event
of one show), and for a name the user gives — a watched person (where a false match
costs a ★ in the digest), an export's ``--person``, an entity search: it is coarse on
purpose. Story matching itself uses the exact keys
of :func:`romanise_korean_name`'s spellings and :func:`name_keys`.

Two kinds of name the sound key misses get more: a Western name in katakana
("ノラ・ホイットフィールド", Nora Whitfield) gets a loose key, its consonants as katakana
hears them (:func:`loose_key`: no vowels, long or added; ph/th/ch/gh as said, l = r, voiced
= voiceless, an r after a vowel silent); and a Japanese given name in kanji is read every
way a name can be (UniDic's readings of it as a name, and the product of each kanji's
name readings in ``pipeline/data/name_readings.toml``: 颯太 "fuuta", "souta").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources
from itertools import islice, product
from typing import Any, NamedTuple

from pipeline.entities import ITAIJI, KOREAN_SURNAMES, person_key

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_NATIVE = re.compile(f"{_HANGUL.pattern}|{_KANA_OR_KANJI.pattern}")
_KATAKANA_ONLY = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]+")
_NATIVE_SEPARATOR = re.compile(r"[\s・･·=＝]+")
_EPENTHETIC_U = re.compile(r"(?<=[kmpt])u$")  # キム kimu, パク paku, ソク soku; not ヘス (혜수) hesu
_LEE = {"i", "li", "yi"}
#: Korean family names as katakana writes them, read as the Latin spellings that sound unlike
#: them: チェ is Choi (최), イム is Lim (임)
_KATAKANA_SURNAMES = {"che": "choi", "im": "lim"}
GIVEN_NAME_SIMILARITY = 0.85  # difflib ratio of two given names' sound keys
#: how well a katakana name matches a Latin one whose loose key it shares: below any sound match
LOOSE_SIMILARITY = 0.5
#: the mark of a loose key (:func:`name_keys`): it links a name in katakana and one in Latin letters
LOOSE = "≈"
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_DIVISIONS = frozenset("都道府県市区町村郡")  # a place's division: 東京都, 横浜市
_MAX_READINGS = 16  # readings of a given name put together from its kanji's, at most


_RR_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "-", "j", "jj", "ch", "k", "t", "p", "h"]
_RR_MEDIALS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]
_RR_FINALS = ["-", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]
_RR_SURNAMES = {"이": "lee", "오": "oh", "우": "woo", "노": "noh", "류": "ryu", "유": "yoo"}
_DOUBLE_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문")
_POPULAR = {"영": "young", "우": "woo", "유": "yoo", "윤": "yoon", "아": "ah", "현": "hyun", "준": "joon", "경": "kyung"}
_HANGUL_NAME = re.compile(r"^[\uac00-\ud7a3]{2,4}$")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


def romanise_korean_name(text: str) -> list[str]:
    """"한효주" → ["Han Hyoju"]: the Revised Romanization of a Hangul name and, when
    different, the popular spelling ("신은영" → "Sin Eunyeong", "Shin Eunyoung").

    With :func:`pipeline.entities.person_key` folding "oo"/"u" and "eo"/"u", a
    romanised Hangul name meets the spellings English-language outlets use, so a
    Korean and an English article about the same casting share the person key.
    Empty for anything but a 2–4 syllable Hangul name.
    """
    parts = _korean_parts(text.strip())
    if parts is None:
        return []
    surname, given = parts
    spellings = {romanise_hangul(given), romanise_hangul(given, popular=True)}
    return [f"{surname.title()} {g.title()}" for g in sorted(spellings)]


def _korean_parts(name: str) -> tuple[str, str] | None:
    """(romanised family name, Hangul given name) of a 2–4 syllable Hangul name, else None."""
    if not _HANGUL_NAME.match(name):
        return None
    split = 2 if name.startswith(_DOUBLE_SURNAMES) and len(name) > 2 else 1
    return _RR_SURNAMES.get(name[:split]) or romanise_hangul(name[:split]), name[split:]


def romanise_hangul(syllables: str, popular: bool = False) -> str:
    """Hangul syllables in the Revised Romanization ("페이퍼" → "peipeo"); ``popular``: the spellings
    given names usually take instead (영 → "young", 준 → "joon" and the like)."""
    out = []
    for position, char in enumerate(syllables):
        if popular and char in _POPULAR and (char != "아" or position == len(syllables) - 1):
            out.append(_POPULAR[char])
            continue
        index = ord(char) - 0xAC00
        initial, medial, final = index // 588, (index % 588) // 28, index % 28
        out.extend(part for part in (_RR_INITIALS[initial], _RR_MEDIALS[medial], _RR_FINALS[final]) if part != "-")
    return "".join(out)


@cache
def japanese_reader() -> Any:
    """The one cutlet reader (MeCab and UniDic) of this process, loaded on first use."""
    import cutlet  # loads MeCab and UniDic: only when a story mixes scripts

    reader = cutlet.Cutlet()
    reader.use_foreign_spelling = False  # ソア is "soa", not "Soviet a"
    return reader


@lru_cache(maxsize=4096)
def reading(name: str) -> tuple[str, ...]:
    """The Latin reading of a Hangul or Japanese name, family name first, one token
    per name part ("ユン・ソア" → ("yun", "soa")); () when there is none."""
    text = unicodedata.normalize("NFKC", name).strip().translate(ITAIJI)
    if _HANGUL.search(text):
        parts = [p for p in _NATIVE_SEPARATOR.split(text) if p]
        if len(parts) == 2 and len(parts[0]) > 1 and not parts[0].startswith(_DOUBLE_SURNAMES):
            # a Japanese or Western name written in Hangul, each part as it sounds: 사카구치 켄타로;
            # ツ is written 츠 or 쓰 (마츠모토, 마쓰모토: Matsumoto)
            return tuple(romanise_hangul(p).replace("cheu", "tsu").replace("sseu", "tsu") for p in parts) \
                if all(_HANGUL_WORD.fullmatch(p) for p in parts) else ()
        korean = _korean_parts("".join(parts))
        return (korean[0], romanise_hangul(korean[1])) if korean else ()
    if not _KANA_OR_KANJI.search(text):
        return ()
    parts = [p for p in _NATIVE_SEPARATOR.split(text) if p]
    tokens: list[str] = []
    for part in parts:
        try:  # ウォ as ヲ: cutlet reads ジウォン "jion", like ジウン, and ジヲン "jiwon"
            read = _kana_reading(part) if len(parts) > 1 else None
            read = read or japanese_reader().romaji(part.replace("ウォ", "ヲ")).lower()
        except KeyError:  # cutlet has no reading for some characters (U+3098): then neither has the name
            return ()
        words = [w for w in re.split(r"[^a-z]+", read) if w]
        if len(parts) > 1:  # each written part is one name part
            words = ["".join(words)] if words else []
            if words and _KATAKANA_ONLY.fullmatch(part):  # ジュンヨル: a final ル is an l (열 yeol)
                words = [_EPENTHETIC_U.sub("", re.sub(r"ru$", "l", words[0]))]
        tokens.extend(words)
    return tuple(tokens)


def _kana_reading(part: str) -> str | None:
    """A name part written in katakana read kana by kana (None for any other): MeCab splits a word
    before a small kana it does not know, and cutlet then drops it (ミンジェ "minji", ファ "fu")."""
    if not _KATAKANA_ONLY.fullmatch(part):
        return None
    hiragana = "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in part.replace("ウォ", "ヲ"))
    return japanese_reader().map_kana(hiragana).lower()


@lru_cache(maxsize=4096)
def readings(name: str) -> tuple[tuple[str, ...], ...]:
    """:func:`reading`, and for a Japanese name in kanji its family name with each other
    reading of its given name ("竹田颯太" → ("takeda", "fuuta"), ("takeda", "souta"), …):
    UniDic reads a given name one way, often not the bearer's."""
    first = reading(name)
    text = unicodedata.normalize("NFKC", name).strip().translate(ITAIJI)
    if not first or _HANGUL.search(text) or not _KANJI.search(text):
        return (first,) if first else ()
    split = _family_and_given(text)
    if split is None:
        return (first,)
    family, given = split
    return tuple(dict.fromkeys([first, *((family, read) for read in _given_readings(given))]))


def _family_and_given(text: str) -> tuple[str, str] | None:
    """The family name's reading and the given name of a Japanese name: where it is written
    apart ("竹田 颯太"), else after its first word if UniDic knows it as a family name."""
    parts = [p for p in _NATIVE_SEPARATOR.split(text) if p]
    if len(parts) == 2:
        return _romaji(parts[0]), parts[1]
    words = list(japanese_reader().tagger(text)) if len(parts) == 1 else []
    if len(words) < 2 or words[0].feature.pos4 != "姓" or words[0].feature.kana in (None, "*"):
        return None
    return _romaji(words[0].feature.kana), text[len(words[0].surface):]


class _Word(NamedTuple):
    surface: str
    feature: Any  # UniDic's features: pos1 … pos4, goshu, kana


@lru_cache(maxsize=4096)
def _words(word: str) -> tuple[_Word, ...]:
    """UniDic's best reading of ``word``, word by word: copied, as the tagger's next parse overwrites its
    nodes, and kept, so that the questions asked of one word (is it a name, a common noun?) parse it once."""
    return tuple(_Word(w.surface, w.feature) for w in japanese_reader().tagger(word))


@lru_cache(maxsize=4096)
def reads_as_full_name(word: str) -> bool:
    """Whether UniDic reads a run of kanji as a person's full name: a family name, then
    only name parts ending in a given name (藤井蒼真: 藤井 family, 蒼 真; 白石七海), not a
    place and a noun (石川県庁, 小樽工房) nor a family name and a title (上田市長)."""
    words = _words(word)
    return (
        len(words) >= 2 and words[0].feature.pos4 == "姓"
        and all(w.feature.pos3 == "人名" for w in words) and words[-1].feature.pos4 == "名"
    )


@lru_cache(maxsize=4096)
def reads_as_common_noun(word: str, *, any_noun: bool = False) -> bool:
    """Whether UniDic reads a run of kanji as a common noun no name part is: with no name or place
    in it (a family name is often a place's: 大泉洋), one word and a suffix (話題作, 注目作, 人気作) or
    one verbal noun (新作, 主演); not more words (森七菜: 森, 七, 菜). ``any_noun``: also any one common
    noun (新人, 本作, 真剣) none of whose readings UniDic knows as a name or a place (新田 is a field and a
    family name); a few family names are such nouns too (浜辺, 剛力), so only where the text says more."""
    words = _words(word)
    if not 1 <= len(words) <= 2 or any(w.feature.pos3 in ("人名", "地名") for w in words):
        return False
    if len(words) == 2:
        return words[-1].feature.pos1 == "接尾辞"
    if words[0].feature.pos3 == "サ変可能":
        return True
    return any_noun and words[0].feature.pos2 == "普通名詞" and not _read_alone_as(word, ("人名", "地名"))


def _read_alone_as(word: str, kinds: tuple[str, ...]) -> bool:
    """Whether one of UniDic's ten best readings of ``word`` is one proper noun of one of ``kinds`` (人名, 地名)."""
    return any(len(read) == 1 and read[0].feature.pos3 in kinds for read in japanese_reader().tagger.nbestToNodeList(word, 10))


@lru_cache(maxsize=4096)
def reads_as_person_name(word: str) -> bool:
    """Whether UniDic reads ``word`` as a person's name, or can read it alone as one, as a family name is (岸井 a
    family name, 綾瀬 a place and one); not a place or a company alone (京都, 東映)."""
    words = _words(word)
    return (bool(words) and all(w.feature.pos3 == "人名" for w in words)) or _read_alone_as(word, ("人名",))


@lru_cache(maxsize=4096)
def reads_as_place_or_company(word: str) -> bool:
    """Whether UniDic reads ``word`` as one proper noun, a place's or a company's (京都, 横浜, 東映), and cannot read it
    alone as a person's name (綾瀬, 吉本 may be family names)."""
    words = _words(word)
    return len(words) == 1 and words[0].feature.pos2 == "固有名詞" and not reads_as_person_name(word)


#: Nouns of one kanji that end words as a suffix does: 日本版, 特別編, 豪華陣, 話題作, 若手組, 同局, 制作側.
_SUFFIX_NOUNS = frozenset("作版編陣組勢側局社座団")


@lru_cache(maxsize=4096)
def reads_as_suffixed_noun(word: str) -> bool:
    """Whether UniDic reads ``word`` as a word and one of :data:`_SUFFIX_NOUNS` (日本版, 特別編, 豪華陣, 宝塚歌劇団),
    never a name whose given name ends so (森田健作: 健作, 団時朗). Not any suffix: UniDic reads a given name's
    last kanji as one too (芦田愛菜, 森七菜: 菜)."""
    words = _words(word)
    return len(words) >= 2 and words[-1].surface in _SUFFIX_NOUNS and words[-1].feature.pos3 != "人名"


@lru_cache(maxsize=4096)
def reads_as_names(word: str) -> bool:
    """Whether UniDic reads ``word`` as two names or more, as a stage name in katakana is (ムロ ツヨシ, オダギリ
    ジョー), not one word (ミュージカル, ヒロイン) nor one name a character is given as often (タカシ, ローラ)."""
    words = _words(word)
    return len(words) >= 2 and all(w.feature.pos3 == "人名" for w in words)


#: What UniDic may read a given name of kana and 子 as, after the family name: the given name (たか子), or kana and 子 as
#: a suffix or a noun (よう 子); never a verb, an adjective, an auxiliary or a particle ("生まれた子", "いい子", "隣の子").
_KANA_GIVEN_PARTS = frozenset({"名詞", "接尾辞"})


@lru_cache(maxsize=4096)
def reads_as_kana_given_name(word: str) -> bool:
    """Whether UniDic reads ``word``, kanji then kana and 子 or 代 (松たか子, 真木よう子, 和田アキ子), as a family name and a
    given name: its first word a family name, the rest nouns or suffixes, not a common noun whole (末っ子, 売れっ子)."""
    words = _words(word)
    return (
        len(words) >= 2 and words[0].feature.pos4 == "姓"
        and all(w.feature.pos1 in _KANA_GIVEN_PARTS and w.feature.pos3 != "地名" for w in words[1:])
    )


@lru_cache(maxsize=4096)
def reads_as_kana_stage_name(word: str) -> bool:
    """Whether UniDic reads a word in hiragana as a one-word stage name may be: one given name (りょう), or one word no
    sentence holds before が (のん, a sentence-final particle; あの, a filler); not a noun, a pronoun or an adverb (ふたり,
    こども, だれ, それ, ついに)."""
    words = _words(word)
    return len(words) == 1 and (words[0].feature.pos3 == "人名" or words[0].feature.pos2 in ("終助詞", "フィラー"))


@lru_cache(maxsize=4096)
def reads_as_sino_japanese(word: str) -> bool:
    """Whether UniDic reads ``word`` as one Sino-Japanese word (漢語: 新人 shinjin, 本作, 真剣), as the nouns
    news writes before a name are; a family name that is a plain noun too is mostly a native word (浜辺 hamabe)."""
    words = _words(word)
    return len(words) == 1 and words[0].feature.goshu == "漢"


@lru_cache(maxsize=4096)
def reads_as_place_or_thing(word: str) -> bool:
    """Whether UniDic reads ``word`` as a place and its division (東京都, 横浜市, 渋谷区) or as common nouns
    alone (音楽フェス, 野外ライブ), none of them a name. A word in katakana must be a loanword (フェス, ライブ):
    a native one is a given name's spelling as often (浜辺ユメ, 星ミナミ)."""
    words = _words(word)
    if len(words) >= 2 and words[-1].surface in _DIVISIONS and all(w.feature.pos3 == "地名" for w in words[:-1]):
        return True
    return len(words) >= 2 and all(w.feature.pos2 == "普通名詞" and (
        w.feature.goshu == "外" or not _KATAKANA_ONLY.fullmatch(w.surface)) for w in words)


@lru_cache(maxsize=4096)
def reads_as_compound_noun(word: str) -> bool:
    """Whether UniDic reads a run of kanji as common nouns of two kanji or more, perhaps after a prefix or a
    place (記者会見, 若手俳優, 新人物, 東京公演), none of which it can read as a person's name. A name's parts are
    names (若葉 and 流星 may be: 横浜流星), or fall apart into single kanji where UniDic does not know them (剛力 彩 芽)."""
    words = _words(word)
    nouns = words[1:] if words and (words[0].feature.pos1 == "接頭辞" or words[0].feature.pos3 == "地名") else words
    return len(words) >= 2 and bool(nouns) and all(
        len(w.surface) >= 2 and w.feature.pos2 == "普通名詞" and not _read_alone_as(w.surface, ("人名",)) for w in nouns
    )


def _given_readings(given: str) -> list[str]:
    """More readings of a given name: UniDic's for the whole word as a name (健: ken, takeshi,
    takeru), and each kanji's name readings put together (颯太: souta, hayateta, …)."""
    found = []
    for words in japanese_reader().tagger.nbestToNodeList(given, 8):
        if len(words) == 1 and words[0].feature.pos3 == "人名" and words[0].feature.kana not in (None, "*"):
            found.append(_romaji(words[0].feature.kana))
    table = name_readings()
    if all(char in table for char in given):
        found.extend("".join(parts) for parts in islice(product(*(table[c] for c in given)), _MAX_READINGS))
    return [read for read in dict.fromkeys(found) if read]


def _romaji(text: str) -> str:
    return "".join(re.split(r"[^a-z]+", japanese_reader().romaji(text).lower()))


@cache
def name_readings() -> Mapping[str, tuple[str, ...]]:
    """The kanji of given names and how names read them (``pipeline/data/name_readings.toml``)."""
    text = resources.files("pipeline").joinpath("data/name_readings.toml").read_text("utf-8")
    return {kanji: tuple(reads) for kanji, reads in tomllib.loads(text)["readings"].items()}


@lru_cache(maxsize=16384)
def sound_key(token: str, *, kana: bool = False, finer: bool = False) -> str:
    """A coarse key of one romanised name part, the same for its common spellings;
    ``kana``: compared with a kana reading, whose ン is both n and ng ("Song" = ソン);
    ``finer``: "wo" stays apart from "o" and "u", and an h before a vowel stays (Ji-won,
    ジウォン; Ji-hoon, ジフン; not Ji-eun, ジウン): a key to find stories by, not to compare
    names already in one story."""
    s = "".join(c for c in unicodedata.normalize("NFKD", token.casefold()) if "a" <= c <= "z")
    if kana:
        s = s.replace("ng", "n")
    s = re.sub(r"(?<=[aeiou])r(?=[^aeiouy]|$)", "", s)  # Park, Kar → pak, ka
    s = s.replace("eu", "u").replace("woo", "u").replace("hw", "h")  # Eun ウン, Eun-woo ウヌ, Hwan ファン
    if finer:
        s = s.replace("wo", "v")  # no rule below touches v
    for old, new in (("sh", "s"), ("ch", "j"), ("ts", "t"), ("f", "h"), ("eo", "o"), ("oo", "o"),
                     ("ou", "o"), ("u", "o"), ("ae", "e"), ("ee", "i"), ("wo", "o"),
                     ("g", "k"), ("d", "t"), ("b", "p"), ("r", "l"), ("z", "j")):
        s = s.replace(old, new)
    s = re.sub(r"(?<=[aeiouy])h(?![aeiouy])" if finer else r"(?<=[aeiouy])h", "", s)  # Seo-ah, Oh
    s = re.sub(r"(?<=[^aeiouy])ye", "e", s)  # Hye-sun (혜선, said "heseon"), ヘソン
    s = re.sub(r"(.)\1+", r"\1", s)
    return "li" if s in _LEE else s


def _given_similarity(a: str, b: str, kana: bool, joins: bool = False) -> float:
    """How alike given names ``a`` (read from a native name) and ``b`` (Latin) sound; ``joins``:
    ``a`` is katakana's, which writes a Korean n+h join as said (:func:`_joined`)."""
    b = sound_key(b, kana=kana)
    keys = [sound_key(read, kana=kana) for read in (_joined(a) if joins else [a])]
    return 1.0 if b in keys else SequenceMatcher(None, keys[0], b).ratio()


#: A syllable-final n before a vowel, in a katakana name's reading: where Korean may have joined
#: n and h (준호 Jun-ho, said "juno", written ジュノ)
_JOIN = re.compile(r"(?<=[aeiou])n(?=[aeiou])")


def _joined(given: str) -> list[str]:
    """A Korean given name's reading from katakana, then the spellings with h at the joins katakana
    writes as said: ジュノ "juno" is Ju-no or Jun-ho (준호, said 주노), ミナ "mina" Mi-na or Min-ha.
    The h goes back only on the katakana side, so Latin "Ju-no" and "Jun-ho" (and Hangul 주노 and
    준호) stay apart."""
    spots = [m.start() for m in _JOIN.finditer(given)][:3]
    found = [given]
    for chosen in range(1, 1 << len(spots)):
        out = given
        for index in reversed(range(len(spots))):
            if chosen >> index & 1:
                out = out[:spots[index] + 1] + "h" + out[spots[index] + 1:]
        found.append(out)
    return found


@lru_cache(maxsize=16384)  # a story's cast is compared again at each new article
def similarity(native: str, latin: str) -> float:
    """How well a Hangul/Japanese name matches a Latin one: 0.0 (not the same person)
    or the similarity of the given names (1.0 for Hangul, ≥ :data:`GIVEN_NAME_SIMILARITY`
    for a kana or kanji reading, any of :func:`readings`), or :data:`LOOSE_SIMILARITY` for a
    katakana name whose loose key the Latin one shares."""
    parts = person_key(latin).split()  # "Yoon Seo Ah" → ["suah", "yun"]: folded, either order
    if len(parts) != 2:
        return 0.0
    kana = not _HANGUL.search(native)
    read = reading(native)
    # a Korean name katakana writes in one word (ヒョンビン, Hyun Bin) is read whole and split
    # after each possible family name; the given name must then sound the same
    katakana = kana and _KATAKANA_ONLY.fullmatch(native.strip()) is not None  # "・" is katakana too
    one_word = katakana and bool(read)
    splits = _family_splits("".join(read)) if one_word else [r for r in readings(native) if len(r) == 2]
    best = 0.0
    for read_family, read_given in splits:
        # a Hangul family name as person_key spells the Latin one (임 "im" is "Lim", 박 "bak" "Park")
        read_family = _KATAKANA_SURNAMES.get(read_family, read_family) if kana else \
            KOREAN_SURNAMES.get(read_family, read_family)
        for family, given in (parts, parts[::-1]):  # family name first or last
            if sound_key(read_family, kana=kana) == sound_key(family, kana=kana):
                score = _given_similarity(read_given, given, kana, joins=katakana)
                # Hangul spells each sound, kana may slip once in a long given name
                if score >= (GIVEN_NAME_SIMILARITY if kana and not one_word else 1.0):
                    best = max(best, score)
    if not best and is_native(native) and not is_native(latin) and set(_loose_keys(native)) & set(_loose_keys(latin)):
        return LOOSE_SIMILARITY
    return best


def _family_splits(word: str) -> list[tuple[str, str]]:
    """(family, given) readings of a name read in one word: split after each first syllable
    a Korean family name can be (one to five letters: "i", "hyon", "kimu"), without the u
    katakana adds after a final consonant (キム "kimu" is Kim)."""
    return [(_EPENTHETIC_U.sub("", word[:cut]), word[cut:]) for cut in range(1, min(6, len(word) - 1))]


def sound_name_key(name: str) -> str | None:
    """A key the spellings of one two-part name share in any script when they sound alike
    (:func:`sound_key` of each part, in either order): "Park Ji-hoon", "박지훈" and "パク・ジフン"
    all give "~jihon pak", "Shiori Matsuda" and "松田詩織" "~matota sioli". None for other names."""
    keys = _sound_keys(name)
    return keys[0] if keys else None


@lru_cache(maxsize=16384)
def name_keys(name: str) -> tuple[str, ...]:
    """The keys a story finds a person by beside the spelling's: the sound key of each reading
    of the name (:func:`sound_name_key`, :func:`readings`) and its loose keys
    (:data:`LOOSE`, :func:`loose_key`): "ノラ・ホイットフィールド" and "Nora Whitfield" share
    "≈nr tfrt", "竹田颯太" and "Sota Takeda" "~sota taketa"."""
    return tuple(dict.fromkeys([*_sound_keys(name), *_loose_keys(name)]))


@lru_cache(maxsize=16384)  # asked for every person of every article: names recur
def uncertain_keys(name: str) -> tuple[str, ...]:
    """The keys of :func:`name_keys` that only another reading than UniDic's gives (竹田颯太's
    "~sota taketa"): 悠斗 is Yuto and may be Haruto, so such a key may be another person."""
    if not is_native(name):
        return ()
    first = _sound_keys(name, readings(name)[:1])
    return tuple(key for key in _sound_keys(name) if key not in first)


def _sound_keys(name: str, read: Iterable[tuple[str, ...]] | None = None) -> list[str]:
    """The sound keys of a name, of each of its readings (or of those given)."""
    if is_native(name):
        surnames = KOREAN_SURNAMES if _HANGUL.search(name) else _KATAKANA_SURNAMES
        named = [[surnames.get(r[0], r[0]), r[1]] for r in (readings(name) if read is None else read) if len(r) == 2]
        if _KATAKANA_ONLY.fullmatch(unicodedata.normalize("NFKC", name).strip()):  # パク・ジュノ: Park Jun-ho too
            named = [[family, joined] for family, given in named for joined in _joined(given)]
    else:
        parts = person_key(name).split()
        named = [parts] if len(parts) == 2 else []
    return list(dict.fromkeys(
        "~" + " ".join(sorted(sound_key(part, kana=True, finer=True) for part in parts)) for parts in named))


#: English spellings katakana writes as said: Knight ナイト, Wright ライト, Lamb ラム, Hugh ヒュー,
#: Philip フィリップ, Christopher クリストファー, Grace グレース
_SPOKEN = ((r"^kn", "n"), (r"^wr", "r"), (r"mb$", "m"), (r"gh", ""), (r"ph", "f"), (r"ck", "k"), (r"q", "k"),
           (r"x", "ks"), (r"ch(?=[rl])", "k"), (r"c(?=[eiy])", "s"))
#: letters English says two ways: Thomas トーマス, Smith スミス; Charlotte シャーロット, Michael
#: マイケル; George ジョージ, Gilbert ギルバート (each way is a key)
_EITHER = ((r"th", ("t", "s")), (r"ch", ("s", "k")), (r"g(?=[eiy])", ("j", "g")))
#: what katakana does not tell apart: voiced and voiceless, l and r, v and b, s z j
_SOUND_CLASSES = str.maketrans("dgbvlzjc", "tkpprssk")


def loose_key(word: str) -> str:
    """The consonants of a romanised name part as katakana hears them ("Whitfield" and ホイット
    フィールド "hoittofiirudo" both "tfrt"): vowels (long, or added after a consonant), w, y and
    h go, doubled letters are one, an r after a vowel is silent ("Parker" パーカー), n before
    p/b/m is m (キャンベル "kyanberu", Campbell)."""
    s = re.sub(r"[^a-z]", "", word.casefold()).replace("sh", "s").replace("ch", "s")
    s = re.sub(r"n(?=[pbm])", "m", re.sub(r"(.)\1+", r"\1", s))
    s = re.sub(r"(?<=[aeiou])r(?![aeiouy])", "", s).translate(_SOUND_CLASSES)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouywh]", "", s))


@lru_cache(maxsize=16384)
def _loose_keys(name: str) -> tuple[str, ...]:
    """The loose keys of a two-part name in katakana, or in Latin letters when not Korean (a
    Korean name's own keys are finer; without vowels "Kim Ji-won" would be "Kim Ji-an")."""
    text = unicodedata.normalize("NFKC", name).strip()
    if is_native(text):
        parts = [p for p in _NATIVE_SEPARATOR.split(text) if p]
        read = reading(text) if len(parts) == 2 and all(_KATAKANA_ONLY.fullmatch(p) for p in parts) else ()
        spoken = [list(read)] if len(read) == 2 else []
    else:
        parts = person_key(text).split()
        # the family name as written too: person_key folds Lee, Seo, Woo to "li", "su", "u"
        written = ["".join(re.findall(r"[a-z]+", word)) for word in unicodedata.normalize("NFKD", text.casefold()).split()]
        if len(parts) != 2 or any(part in KOREAN_SURNAMES for part in (*parts, *written)):
            return ()
        spoken = [[_respell(part) for part in parts]]
        for pattern, ways in _EITHER:
            if any(re.search(pattern, word) for word in spoken[0]):
                spoken = [[re.sub(pattern, way, word) for word in words] for words in spoken for way in ways]
    keys = (sorted(loose_key(word) for word in words) for words in spoken)
    return tuple(dict.fromkeys(LOOSE + " ".join(key) for key in keys if all(key)))


def _respell(word: str) -> str:
    for pattern, spelled in _SPOKEN:
        word = re.sub(pattern, spelled, word)
    return word


def native_script(text: str) -> str | None:
    """"ko" for text in Hangul, "ja" for kana or kanji, None for Latin letters."""
    if _HANGUL.search(text):
        return "ko"
    return "ja" if _KANA_OR_KANJI.search(text) else None


def is_native(name: str) -> bool:
    return bool(_NATIVE.search(name))


def same_person_across_scripts(one: str, other: str) -> bool:
    """A name in Latin letters and one in Hangul or Japanese script that read the same
    ("Moriyama Kohei", "森山航平"): the rule a story uses to list its cast once. A name in
    Hangul and one in Japanese script are compared through the Hangul's reading
    ("윤서아" is "yun seoa", which "ユン・ソア" reads as)."""
    if is_native(one) and is_native(other):
        hangul = [name for name in (one, other) if _HANGUL.search(name)]
        if len(hangul) != 1:
            return False
        japanese = other if hangul[0] == one else one
        return similarity(japanese, " ".join(reading(hangul[0]))) > 0
    if is_native(one) == is_native(other):
        return False
    native, latin = (one, other) if is_native(one) else (other, one)
    return similarity(native, latin) > 0


def match_across_scripts(native: Iterable[str], latin: Iterable[str]) -> Mapping[str, str]:
    """Each native-script name that is one of the Latin names → that Latin name; one to
    one within each script (a Latin name takes at most one Hangul and one Japanese name:
    "김수현" and "キム・スヒョン" are both "Kim Soo-hyun"), best match first, ties broken by
    the names (deterministic)."""
    native, latin = set(native), set(latin)
    found: dict[str, str] = {}
    for script in (True, False):  # Hangul, then Japanese script
        names = {n for n in native if bool(_HANGUL.search(n)) == script}
        pairs = sorted((-score, n, lat) for n in names for lat in latin if (score := similarity(n, lat)) > 0)
        taken: set[str] = set()
        for _, n, lat in pairs:
            if n not in found and lat not in taken:
                found[n] = lat
                taken.add(lat)
    return found
