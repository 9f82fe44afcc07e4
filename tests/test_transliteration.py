"""Titles read across scripts (pipeline.transliteration), on the labelled pairs of
tests/data/transliterated_titles.tsv (also measured by bench/transliteration.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.transliteration import title_sounds, transliterates

_PAIRS = [line.split("\t") for line in
          (Path(__file__).parent / "data" / "transliterated_titles.tsv").read_text(encoding="utf-8").splitlines()
          if line and not line.startswith("#")]


def test_most_transliterated_titles_match_their_english_title() -> None:
    positives = [(native, latin) for mark, native, latin in _PAIRS if mark == "+"]
    matched = [pair for pair in positives if transliterates(*pair)]
    assert len(positives) >= 40 and len(matched) >= 0.9 * len(positives)


def test_few_other_titles_match() -> None:
    negatives = [(native, latin) for mark, native, latin in _PAIRS if mark == "-"]
    matched = [pair for pair in negatives if transliterates(*pair)]
    assert len(negatives) >= 100 and len(matched) <= 0.08 * len(negatives)


@pytest.mark.parametrize(("native", "latin"), [
    ("페이퍼 랜턴", "Paper Lantern"), ("ペーパー・ランタン", "Paper Lantern"), ("더 글로리", "The Glory"),
    ("ザ・グローリー", "The Glory"), ("블루 자이언트", "Blue Giant"), ("サマー・ポケッツ", "Summer Pockets")])
def test_a_transliteration_matches_in_either_order(native: str, latin: str) -> None:
    assert transliterates(native, latin) and transliterates(latin, native)


@pytest.mark.parametrize(("native", "latin"), [
    ("イカゲーム", "Squid Game"), ("오징어 게임", "Squid Game"), ("더 글로리", "The Crown"),
    ("ブラック・ナイト", "Blue Giant"), ("러브 알람", "Love Next Door"), ("마녀", "Manner")])
def test_translations_and_other_titles_do_not_match(native: str, latin: str) -> None:
    assert not transliterates(native, latin)


def test_two_titles_in_one_script_never_match_by_sound() -> None:
    assert not transliterates("Paper Lantern", "Paper Lanterns") and not transliterates("페이퍼 랜턴", "페이퍼 랜턴")
    assert title_sounds("涙の女王") == frozenset()  # kanji: a translation, not read
