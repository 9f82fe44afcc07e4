"""Titles read across scripts: an English title and its Hangul or katakana transliteration.

Korean and Japanese outlets write an English-titled show as it sounds: 《페이퍼 랜턴》 and
「ペーパー・ランタン」 for 'Paper Lantern', 《더 글로리》 for 'The Glory'. Such a title is
romanised (Hangul in the Revised Romanization, :func:`pipeline.romanise.romanise_hangul`: "peipeo
raenteon"; katakana by cutlet: "peepaa rantan") and both it and the English title are reduced
to a consonant skeleton (:func:`title_sounds`) that forgets what transliteration changes:

- the vowels, long or short, and the vowels Korean and Japanese add after a consonant
  (글로리 "geullori", グローリー "guroorii" for "glory", ス "su" for a final s);
- voiced or not (b = p = f = v, d = t, g = k), l = r, and the sibilants alike (s, z, sh,
  ch, j, ts), as Korean and Japanese write them;
- an English r after a vowel that no vowel follows ("paper", "lantern": 페이퍼, ランタン),
  silent letters (kn, wr, gh, final mb) and h, w, y;
- "th" as t (더, Korean) or s (ザ, Japanese): an English title has both skeletons.

Two titles in different scripts are one when one of their skeletons is the same and it has
at least :data:`MIN_CONSONANTS` consonants (two-consonant skeletons are shared by too many
unrelated titles: 마녀 "manyeo" and "Manner"). Only titles written wholly in Hangul or
katakana are read (a kanji or mixed title is a translation, not a transliteration: 「イカゲーム」
is "Ika gēmu", squid game), and only English titles (Latin letters) on the other side. The
reading is of the two titles alone: it does not depend on other articles.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.romanise import japanese_reader, romanise_hangul

#: Skeletons shorter than this match nothing: too many titles share two consonants.
MIN_CONSONANTS = 3

_HANGUL_TITLE = re.compile(r"^[\uac00-\ud7a3\s\d:·・.,!?&'-]+$")
_KATAKANA_TITLE = re.compile(r"^[\u30a0-\u30ff\uff66-\uff9f\s\d:·・=＝.,!?&'-]+$")
_LATIN_TITLE = re.compile(r"^[a-z0-9\s:.,!?&'’-]+$")
_HAS_LETTER = re.compile(r"[a-z\uac00-\ud7a3\u30a1-\u30fa]")

#: English spelling → sound, in order (on lowercase ASCII letters, word by word).
_ENGLISH = [
    (re.compile(r"^kn"), "n"), (re.compile(r"^wr"), "r"), (re.compile(r"^wh"), "w"), (re.compile(r"mb$"), "m"),
    (re.compile(r"(?<=[aeiou])gh"), ""), (re.compile(r"tch"), "s"), (re.compile(r"ph"), "p"),
    (re.compile(r"ti(?=[aeiou])"), "s"), (re.compile(r"ck"), "k"), (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"sh|ch"), "s"), (re.compile(r"qu"), "kw"), (re.compile(r"x"), "ks"),
    (re.compile(r"dg"), "j"), (re.compile(r"^is(?=l)"), "i"),
    # a non-rhotic r: after a vowel, before no vowel ("paper", "lantern", "star")
    (re.compile(r"(?<=[aeiouy])r+(?![aeiouy])"), ""),
]
#: Consonant classes, after the spelling rules: vowels, h, w, y and marks go.
_CLASSES = str.maketrans({
    "b": "p", "f": "p", "v": "p", "p": "p", "d": "t", "t": "t", "g": "k", "k": "k", "c": "k", "q": "k",
    "s": "s", "z": "s", "j": "s", "l": "r", "r": "r", "m": "m", "n": "n",
})
_CONSONANTS = set("ptksrmn")


def _skeleton(sounds: str) -> str:
    """The consonant classes of romanised or respelled ``sounds`` (words separated by spaces:
    "|" between their skeletons), repeats collapsed, m before p as n (ンパ "npa", "campus")."""
    return "|".join(_word_skeleton(word) for word in sounds.split())


def _word_skeleton(sounds: str) -> str:
    out: list[str] = []
    for char in re.sub(r"m(?=[pb])", "n", sounds):
        mapped = char.translate(_CLASSES)
        if mapped not in _CONSONANTS:
            continue
        if out and out[-1] == mapped:
            continue
        out.append(mapped)
    return "".join(out)


def _english(title: str) -> set[str]:
    """The skeletons of an English title: "th" as t or s, a g before e, i or y hard or soft
    ("giant", "angel": 자이언트, エンジェル), and without a final s (a plural its key forgets)."""
    words = re.findall(r"[a-z]+", title)
    variants = set()
    for th, soft_g in ((th, soft_g) for th in ("t", "s") for soft_g in (False, True)):
        respelled = []
        for word in words:
            word = word.replace("th", th)
            if soft_g:
                word = re.sub(r"g(?=[eiy])", "j", word)
            for pattern, replacement in _ENGLISH:
                word = pattern.sub(replacement, word)
            respelled.append(word)
        variants |= _without_plural(_skeleton(" ".join(respelled)))
    return variants


def _without_plural(skeleton: str) -> set[str]:
    return {skeleton, skeleton[:-1]} if skeleton.endswith("s") else {skeleton}


_ROMAJI = [(re.compile(r"[tc](?=ch)"), ""), (re.compile(r"sh|ch|j|z"), "s"), (re.compile(r"fu?"), "p")]


def _native(sounds: str) -> set[str]:
    """The skeletons of a romanised native title (words separated by spaces), and of it without
    a final s (러버스 is "Lovers" and "Lover")."""
    for pattern, replacement in _ROMAJI:
        sounds = pattern.sub(replacement, sounds)
    return _without_plural(_skeleton(sounds))


@lru_cache(maxsize=4096)
def title_sounds(title: str) -> frozenset[tuple[str, str]]:
    """The (script, skeleton) pairs of a title read as sounds: ``"latin"`` for an English
    title, ``"hangul"`` and ``"katakana"`` for a transliteration; empty for any other title
    (kanji, mixed scripts) or one too short to tell (:data:`MIN_CONSONANTS`)."""
    text = unicodedata.normalize("NFKC", title).strip().casefold()
    if not _HAS_LETTER.search(text):
        return frozenset()
    if _HANGUL_TITLE.match(text):
        script, skeletons = "hangul", _native(" ".join(romanise_hangul(word) for word in _HANGUL_WORDS.findall(text)))
    elif _KATAKANA_TITLE.match(text):
        # cutlet splits a word where it reads two ("ポケッツ" "poket tsu"): its words are the title's
        romaji = " ".join(re.sub(r"[^a-z]", "", _ascii(japanese_reader().romaji(word).casefold()))
                          for word in _KATAKANA_WORDS.findall(text))
        script, skeletons = "katakana", _native(romaji)
    elif _LATIN_TITLE.match(_ascii(text)):
        script, skeletons = "latin", _english(_ascii(text))
    else:
        return frozenset()
    return frozenset((script, s) for s in skeletons if len(sound_key(s)) >= MIN_CONSONANTS)


_HANGUL_WORDS = re.compile(r"[\uac00-\ud7a3]+")
_KATAKANA_WORDS = re.compile(r"[\u30a1-\u30fa\u30fc-\u30ff\uff66-\uff9f]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def sound_key(skeleton: str) -> str:
    """The skeleton of :func:`title_sounds` as one string, words run together (a consonant
    ending one word and opening the next once: 마스크걸 is "Mask Girl"): what story keys index."""
    return re.sub(r"(.)\1+", r"\1", skeleton.replace("|", ""))


def _same(one: str, other: str) -> bool:
    """Two skeletons are one title's: the same consonants, and, when both titles are written
    in the same number of words, word by word ("ブラック・ナイト" is not "Blue Giant")."""
    if sound_key(one) != sound_key(other):
        return False
    words, theirs = one.split("|"), other.split("|")
    return len(words) != len(theirs) or words == theirs


def same_sound(one: frozenset[tuple[str, str]], other: frozenset[tuple[str, str]]) -> bool:
    """Two titles' (or two sets of titles') :func:`title_sounds` meet in two different scripts."""
    return any(script != their_script and _same(skeleton, theirs)
               for script, skeleton in one for their_script, theirs in other)


def transliterates(one: str, other: str) -> bool:
    """``one`` and ``other`` are one title in two scripts, the one written as the other sounds
    ("페이퍼 랜턴" and "Paper Lantern", "ザ・グローリー" and "The Glory")."""
    return same_sound(title_sounds(one), title_sounds(other))
