"""pipeline.scan: what a pattern's parse tree says about its matches, and the guarded
scans that rely on it giving exactly the pattern's own results."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from pipeline import classify, entities
from pipeline.scan import (
    EndGuarded,
    Guarded,
    LazyPattern,
    WordIndex,
    end_literals,
    required_literals,
    start_literals,
)

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bpremiere[sd]?\b|\bwill\s+air", {"premiere", "will"}),
        (r"(?:과|와)\s*호흡|상대역", {"호흡", "상대역"}),
        (r"\bseason\s+\d", {"season"}),
        (r"\d+月期", {"月期"}),
        (r"x?y", None),  # nothing every match must hold... but "y": see below
        (r"(?i:drama)", None),  # case-insensitive literals are not required as written
        (r"[ab]c", {"c"}),
    ],
)
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    found = required_literals(re.compile(pattern))
    if pattern == r"x?y":
        assert found == frozenset({"y"})
    else:
        assert found == (frozenset(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bcast\s+as|\bjoins", {("cast", True), ("joins", True)}),
        (r"\b(?:has|have)\s+been", {("ha", True)}),  # the parser shares the common prefix
        (r"\b[Tt]he\s", {("The", True), ("the", True)}),
        (r"(?<![\w])Netflix's", {("Netflix's", True)}),  # "no word character before" = \b here
        (r"(?<![A-Za-z])Netflix", {("Netflix", False)}),  # a narrower assertion is not \b
        (r"['’]s\s", {("'s", False), ("’s", False)}),
        (r"캐스팅|출연\s*확정", {("캐스팅", False), ("출연", False)}),
        (r"\d+월", None),
        (r"(?:x)?y", {("x", False), ("y", False)}),  # an optional start: it or what follows
        (r"\b(?:straight-to-)?series\s+order", {("straight-to-", True), ("series", True)}),
        (r"(?:x)?\d", None),  # what follows has no literal start
        (r"\bcast|\bcasting", {("cast", True)}),  # "casting" starts where "cast" does
    ],
)
def test_start_literals(pattern: str, expected: set[tuple[str, bool]] | None) -> None:
    found = start_literals(re.compile(pattern))
    assert found == (frozenset(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(?:as|playing|by\s+director)\s+$", {"as", "playing", "director"}),
        (r"\b(?:in|of)\s+(?:\d{4}s\s+)?$", {"in", "of", "s"}),
        (r"(?i:\b(?:Agency)\s+)$", None),  # case-insensitive inside a group: not derived
        (r"\b(?:Agency|label)\s+$", {"Agency", "label"}),
        (r"(?:\bgroup\s+|\bunit\s+[=≠])$", {"group", "=", "≠"}),  # a class of characters
        (r"\bnamed\s+\w+$", None),  # ends with any word
        (r"named\s+", None),  # not anchored at the end
    ],
)
def test_end_literals(pattern: str, expected: set[str] | None) -> None:
    found = end_literals(re.compile(pattern))
    assert found == (frozenset(expected) if expected is not None else None)


def test_end_literals_fold_case_when_the_pattern_ignores_it() -> None:
    assert end_literals(re.compile(r"\b(?:Agency|PD)\s+$", re.IGNORECASE)) == frozenset({"agency", "pd"})


# --------------------------------------------------------------------------- equivalence


def _texts() -> list[str]:
    """Real article texts (labelled sets), their lowered forms, and random splices of them."""
    texts = []
    for name in ("understanding/dev", "understanding/heldout", "stories/dev"):
        with (DATA / f"{name}.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                texts.append(f"{record['title']}\n{record['body']}")
    rnd = random.Random(5)
    pieces = [p for t in texts for p in re.split(r"(?<=[.。!?])\s*", t) if p]
    noise = ["'s ", "’s ", " the ", " a ", "\n", "  ", "(", "）", "Netflix's ", "cast as ", "İ", "ſ", "K", "_", "한", "—"]
    for _ in range(300):
        parts = [rnd.choice(pieces)[: rnd.randint(1, 120)] for _ in range(rnd.randint(1, 5))]
        texts.append("".join(part + rnd.choice(noise) for part in parts))
    return texts + [t.lower() for t in texts]


TEXTS = _texts()
PATTERNS = [pattern for patterns in classify.CUES.values() for pattern, _weight in patterns] + [
    classify._FUTURE_CUE,
    entities._TITLE_CONTEXT_AT,
    entities._title_contexts().before,
    entities._title_contexts().possessive,
]


@pytest.mark.parametrize("index", range(len(PATTERNS)))
def test_guarded_finditer_is_the_patterns_own(index: int) -> None:
    guarded = PATTERNS[index]
    family = WordIndex(PATTERNS)
    for text in TEXTS:
        expected = [(m.span(), m.group(0)) for m in guarded.pattern.finditer(text)]
        assert [(m.span(), m.group(0)) for m in guarded.finditer(text)] == expected, text
        assert [(m.span(), m.group(0)) for m in guarded.finditer(text, family.words(text))] == expected, text
        assert guarded.possible(text) or not expected


@pytest.mark.parametrize(
    "pattern",
    [entities._NOT_PERSON_BEFORE, entities._PRE_CUE, entities._PLACE_BEFORE, entities._CREW_BEFORE,
     entities._CHARACTER_BEFORE],
)
def test_end_guarded_search_is_the_patterns_own(pattern: re.Pattern[str]) -> None:
    guarded = EndGuarded(pattern)
    windows = [text[max(0, end - 40): end] for text in TEXTS[:400] for end in range(0, len(text), 7)]
    windows += ["as ", "AS  ", "directed by director ", "played by ", "in 1890s ", "the PD ", "Agency\n"]
    for window in windows:
        assert bool(guarded.search(window)) == bool(pattern.search(window)), window


def test_guarded_with_nothing_to_derive_still_runs() -> None:
    guarded = Guarded(r"\d+")
    assert guarded.starts is None and guarded.literals is None
    assert [m.group(0) for m in guarded.finditer("a 12 b 3")] == ["12", "3"]


def test_sentence_splits_match_the_straightforward_pattern() -> None:
    zone = r"(?!(?<=[AaPp]\.[Mm]\.)\s+(?:[ECMP][SD]?T|[AH]ST|[KJ]ST|GMT|UTC|BST|CES?T)\b)"
    plain = re.compile(rf"(?<=[.!?]){zone}\s+(?=[A-Z\"'\u201c\u2018])|[\n\u3002\uff01\uff1f]")
    for text in TEXTS + ["a. B", "a.\n\nB", "a.  b", "x!\n c", "。", "a.\u3000\"B", "a. \n\nlower", "a.\t“B",
                         "at 9 p.m. ET on Dec. 18", "at 9 P.M.  KST. The", "at 9 a.m. Then", "a.m. ETA"]:
        assert classify._SENTENCE_END.split(text) == plain.split(text)


def test_working_markers_match_the_straightforward_pattern() -> None:
    plain = re.compile(r"\s*[(（]\s*(?:working\s+title|tentative\s+title)\s*[)）]", re.IGNORECASE)
    samples = TEXTS + ["X (working title)", "X  \n (Working Title)(tentative title)", "（working title）", "(working title) (working title)"]
    for text in samples:
        assert list(entities._working_markers(text)) == [m.start() for m in plain.finditer(text)]


def test_a_family_finds_what_each_of_its_patterns_finds() -> None:
    family = classify._CUE_WORDS
    korean = "오는 3월 첫 방송 예정이며 김수현이 출연을 확정했다. 예고편도 공개됐다."
    for text in [*TEXTS, korean, "延期の末、4月からスタートする。", ""]:
        expected = [[(m.span(), m.group(0)) for m in p.pattern.finditer(text)] for p in family.patterns]
        pending = family.pending(text)
        found = {number: [(m.span(), m.group(0)) for m in matches] for number, matches in pending}
        # each pattern's matches, none for a pattern left out; in the family's order, each once
        assert [found.get(number, []) for number in range(len(expected))] == expected, text
        assert [number for number, _matches in pending] == sorted(found)


def test_a_cue_in_another_script_is_not_tried() -> None:
    family = classify._CUE_WORDS
    japanese = next(n for n, p in enumerate(family.patterns) if "放送開始" in p.pattern.pattern)
    assert japanese not in {n for n, _matches in family.pending("다음 달 방송 시작 예정이다")}
    assert japanese in {n for n, _matches in family.pending("4月から放送開始")}


def test_a_pattern_the_regex_engine_cannot_jump_into_is_tried_where_its_starts_are() -> None:
    # a lookbehind before a branch leaves the compiled pattern no first characters to jump to
    behind = Guarded(r"延期|(?<![月期])スタート")
    assert behind.find_starts
    text = "7月スタート、8月に延期。10月期スタート"
    assert [m.group(0) for m in behind.finditer(text)] == [m.group(0) for m in behind.pattern.finditer(text)] == ["延期"]
    # plain alternatives of literals: the engine skips to their first characters itself
    assert not Guarded(r"캐스팅|합류").find_starts


def test_literal_spans_are_the_escaped_patterns_matches() -> None:
    from pipeline.scan import literal_spans

    rnd = random.Random(3)
    for _ in range(5000):
        text = "".join(rnd.choice("aab.*(") for _ in range(rnd.randint(0, 12)))
        needle = "".join(rnd.choice("ab.*(") for _ in range(rnd.randint(0, 3)))
        assert list(literal_spans(needle, text)) == [m.span() for m in re.finditer(re.escape(needle), text)]


def test_a_one_letter_word_is_looked_up_whole() -> None:
    guarded = Guarded(r"\b(?:a(?=[ \t])|an|the)[ \t]+drama")
    assert guarded.lone_chars == ("a",) and not guarded.word_chars
    family = WordIndex([guarded])
    text = "an actor in a drama and the drama"
    assert [m.start() for m in guarded.finditer(text, family.words(text))] == [12, 24]


def test_lowered_text_gives_the_same_matches_as_ascii_lowering_and_ignorecase() -> None:
    from pipeline.scan import lowered

    ascii_lower = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    samples = TEXTS[:600] + ["ROSÉ Cast As Lead", "İSTANBUL premieres", "\u212aim cast", "ſeason 2 renewed", "ÉCLAT will star"]
    cue_patterns = [pattern.pattern for patterns in classify.CUES.values() for pattern, _weight in patterns]
    ignorecase = re.compile(classify._FUTURE_CUE.pattern.pattern, re.IGNORECASE)
    for text in samples:
        low, reference = lowered(text), text.translate(ascii_lower)
        assert len(low) == len(text) and len(lowered(text, fold=True)) == len(text)
        for pattern in cue_patterns:
            assert [m.span() for m in pattern.finditer(low)] == [m.span() for m in pattern.finditer(reference)]
        folded = lowered(text, fold=True)
        assert [m.span() for m in classify._FUTURE_CUE.pattern.finditer(folded)] == [m.span() for m in ignorecase.finditer(text)]


@pytest.mark.parametrize(("module", "name"), [("stories", "_PAST_WORK_BEFORE"), ("stories", "_EXIT_HEADLINE"),
                                             ("normalise", "_COPYRIGHT"), ("normalise", "_RIGHTS")])
def test_a_cue_on_lowered_text_finds_what_it_finds_with_ignorecase(module: str, name: str) -> None:
    import importlib

    from pipeline.scan import lowered

    cue = getattr(importlib.import_module(f"pipeline.{module}"), name)
    ignorecase = re.compile(cue.pattern.pattern, re.IGNORECASE)
    samples = [*TEXTS[:300], "Best KNOWN FOR 'Signal'", "\u212anown for", "ſince 'X'", "AFTER 'Mouse'", "DEBUTED IN 'X'",
               "Kim EXITS 'X'", "ſteps down from 'X'", "Lee TAKES OVER THE ROLE", "\u212aim Quits",
               "COPYRIGHT (C) 2026 Outlet. ALL RIGHTS RESERVED.", "ⓒ Outlet All Rights Reſerved", "Outlet. All Rights Reserved"]
    for text in samples:
        for end in range(0, len(text) + 1, 7):
            before = text[max(0, end - 80):end]
            found = cue.search(lowered(before, fold=True))
            expected = ignorecase.search(before)
            assert (found and found.span()) == (expected and expected.span()), before


def test_a_lazy_pattern_compiles_on_first_use_and_then_finds_what_the_pattern_finds() -> None:
    text = "綾瀬はるか、大泉洋らが出演 and Kim Soo-hyun"
    source = r"(\w+)(?:らが|、)"
    lazy = LazyPattern(source)
    assert lazy.pattern == source and "finditer" not in vars(lazy)  # not compiled yet
    expected = re.compile(source)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in expected.finditer(text)]
    assert lazy.search(text).group(1) == expected.search(text).group(1)
    assert lazy.sub("-", text) == expected.sub("-", text)
    assert lazy.flags == expected.flags
