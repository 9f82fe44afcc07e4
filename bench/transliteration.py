"""Transliterated titles: how many of the labelled pairs :func:`pipeline.transliteration.transliterates` gets right.

    python bench/transliteration.py

Reads tests/data/transliterated_titles.tsv: ``+`` pairs are one title (a Hangul or katakana
transliteration of an English title), ``-`` pairs must not match (translations, different
shows, Korean native words that sound near an English word). Prints both counts and the misses.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.transliteration import transliterates

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "transliterated_titles.tsv"


def pairs() -> list[tuple[bool, str, str]]:
    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [(mark == "+", native, latin) for mark, native, latin in rows]


def main() -> None:
    found = {True: 0, False: 0}
    total = {True: 0, False: 0}
    for should, native, latin in pairs():
        total[should] += 1
        got = transliterates(native, latin)
        found[should] += got
        if got != should:
            print(f"{'missed' if should else 'FALSE MATCH'}: {native} ~ {latin}")
    print(f"must match:     {found[True]}/{total[True]}")
    print(f"must not match: {found[False]} false matches of {total[False]}")


if __name__ == "__main__":
    main()
