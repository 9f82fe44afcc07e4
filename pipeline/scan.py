"""Cheap regex scanning for the understanding stages (classify, entities).

Python's regex engine has no literal prefilter for a pattern such as
``\\bpremiere\\b|\\bwill\\s+air``: it tries the pattern at every position of the
text, some tens of nanoseconds each, so a few dozen cue patterns cost a
millisecond per article even when none of them matches. :class:`Guarded` wraps a
compiled pattern with what its own parse tree says about every match:

- the literal strings one of which every match *starts with*
  (:func:`start_literals`): the pattern is then only tried where ``str.find``
  sees one of them;
- otherwise the literal strings one of which every match *contains*
  (:func:`required_literals`): when none occurs in the text, the pattern is not
  run at all.

Results are exactly those of the pattern's own ``finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

try:  # the standard library's own regex parser; without it every pattern simply runs
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - other Python implementations
    _sre = _sre_parse = None
try:  # how the standard library's compiler finds a prefix to jump to (see _jumps_to_starts)
    from re import _compiler as _sre_compile
except ImportError:  # pragma: no cover - other Python implementations
    _sre_compile = None

_NOTHING: tuple[re.Match[str], ...] = ()


class LazyPattern:
    """A regex compiled when first used, for the few largest patterns (the Japanese name
    lists, some 30 ms each to compile): a process that never analyses a page (a crawl whose
    extraction workers analyse, a command that only reads) does not pay for them.
    ``pattern`` is there before; anything else of the compiled pattern compiles it."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self.pattern, self._flags)
        for method in self._METHODS:  # from now on found without __getattr__
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def _parsed(pattern: re.Pattern[str]) -> Any:
    """The parse tree of ``pattern`` (read, never changed, by :func:`required_literals` and
    :func:`start_literals`), or None."""
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    return _parse(pattern.pattern, pattern.flags)


@lru_cache(maxsize=2)  # a Guarded pattern asks for its required literals, then for its starts
def _parse(source: str, flags: int) -> Any:
    try:
        return _sre_parse.parse(source, flags)
    except (re.error, TypeError, ValueError):  # pragma: no cover - compiled patterns parse
        return None


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or ``None``.

    Only literal characters the pattern must consume count (not those of
    lookarounds, optional parts or case-insensitive parts), so the answer is
    safe: when no string of the set occurs in a text, the pattern finds nothing
    in it. ``None`` means no such set could be derived.
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    found = _sequence(list(parsed), pattern.flags)
    return frozenset(found) if found else None


def start_literals(pattern: re.Pattern[str]) -> frozenset[tuple[str, bool]] | None:
    """``(string, at_word_start)`` pairs: every match of ``pattern`` starts with one of
    the strings, at the start of a word when ``at_word_start`` (a ``\\b`` before a
    word character). ``None`` when no such set could be derived.

    Zero-width assertions before the first consumed character (``\\b``,
    lookarounds) are skipped: they only restrict where a match may start. A
    string that has a shorter one of the set as prefix (and no weaker position)
    is left out: its occurrences are the shorter one's.
    """
    found = _start_info(pattern)
    return None if found is None else frozenset((literal, word) for literal, word, _whole in found)


def _start_info(pattern: re.Pattern[str]) -> frozenset[tuple[str, bool, bool]] | None:
    """:func:`start_literals`, each with whether the string is a whole word."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    found = _starts(list(parsed), pattern.flags, False)
    if not found or not all(literal for literal, _word, _whole in found):
        return None
    return frozenset(
        (literal, word, whole) for literal, word, whole in found
        if not any(
            other != literal and literal.startswith(other) and (word or not other_word) and not other_whole
            for other, other_word, other_whole in found
        )
    )


_ZERO_WIDTH_OPS = () if _sre is None else (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = () if _sre is None else tuple(
    op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op is not None
)


def _starts(items: list, flags: int, bounded: bool) -> set[tuple[str, bool, bool]] | None:
    """``(string, at a word start, the whole word)`` for each way a match can start."""
    ignore_case = bool(flags & re.IGNORECASE)
    run: list[str] = []
    heads = [""]  # a leading class of single characters, e.g. [Tt] in [Tt]he
    whole = False
    for index, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH_OPS and not run:
            bounded = bounded or (op is _sre.AT and av is _sre.AT_BOUNDARY) or _not_after_word(op, av)
            continue
        if op is _sre.LITERAL and not ignore_case:
            run.append(chr(av))
            continue
        if run:
            whole = _no_word_ahead(op, av)
            break
        if (
            index == 0 or items[index - 1][0] in _ZERO_WIDTH_OPS
        ) and op is _sre.IN and not ignore_case and 0 < len(av) <= 8 and all(
            member is _sre.LITERAL for member, _ in av
        ) and heads == [""] and index + 1 < len(items) and items[index + 1][0] is _sre.LITERAL:
            heads = [chr(code) for _member, code in av]
            run.append("")
            continue
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            return _starts(list(inner), (flags | add_flags) & ~del_flags, bounded)
        if op is _sre.BRANCH:
            alternatives = [_starts(list(alternative), flags, bounded) for alternative in av[1]]
            return set().union(*alternatives) if all(alternatives) else None
        if op in _REPEATS and av[0] >= 1:
            return _starts(list(av[2]), flags, bounded)
        if op in _REPEATS:  # optional ("(?:straight-to-)?series"): a match starts with it or with what follows
            alternatives = [_starts(list(av[2]), flags, bounded), _starts(items[index + 1:], flags, bounded)]
            return set().union(*alternatives) if all(alternatives) else None
        if op is _sre.IN and not ignore_case and av and all(member is _sre.LITERAL for member, _ in av):
            alone = index + 1 < len(items) and _no_word_ahead(*items[index + 1])
            return {(chr(code), bounded and _is_word_char(chr(code)), alone) for _member, code in av}
        return None
    if not run:
        return None
    tail = "".join(run)
    return {(head + tail, bounded and _is_word_char((head + tail)[0]), whole) for head in heads}


def _no_word_ahead(op: object, av: object) -> bool:
    """``(?=[ \\t])``-like: a lookahead for one character that is never a word character."""
    if op is not _sre.ASSERT or not isinstance(av, tuple) or av[0] != 1:
        return False
    inner = list(av[1])
    if len(inner) != 1 or inner[0][0] is not _sre.IN:
        return False
    return all(
        (member is _sre.LITERAL and not _is_word_char(chr(value)))
        or (member is _sre.CATEGORY and value is _sre.CATEGORY_SPACE)
        for member, value in inner[0][1]
    )


def _not_after_word(op: object, av: object) -> bool:
    """``(?<!\\w)``: before a word character, the same as ``\\b``."""
    if op is not _sre.ASSERT_NOT or not isinstance(av, tuple) or av[0] != -1:
        return False
    inner = list(av[1])
    return len(inner) == 1 and inner[0][0] is _sre.IN and list(inner[0][1]) == [(_sre.CATEGORY, _sre.CATEGORY_WORD)]


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a str pattern."""
    return char.isalnum() or char == "_"


class WordIndex:
    """Finds, in one pass over a text, the words where some of a family of
    :class:`Guarded` patterns can start (see :meth:`Guarded.finditer`), and with
    :meth:`pending` runs the whole family over a text at once."""

    __slots__ = ("_by_first", "_by_head", "_by_lone", "patterns", "scanner")

    def __init__(self, patterns: Iterable[Guarded]) -> None:
        self.patterns = tuple(patterns)
        seconds: dict[str, set[str]] = {}
        any_second: set[str] = set()
        lone: set[str] = set()
        # which patterns (by position) start at which word heads
        self._by_head: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self._by_first: dict[str, list[int]] = {}
        self._by_lone: dict[str, list[int]] = {}
        for number, pattern in enumerate(self.patterns):
            for head, literals in pattern.word_heads.items():
                seconds.setdefault(head[0], set()).add(head[1])
                self._by_head.setdefault(head, []).append((number, literals))
            for char in pattern.word_chars:
                any_second.add(char)
                self._by_first.setdefault(char, []).append(number)
            for char in pattern.lone_chars:
                lone.add(char)
                self._by_lone.setdefault(char, []).append(number)
        branches = []
        for first in sorted(set(seconds) | any_second | lone):
            if first in any_second:
                branches.append(re.escape(first) + r"\w?")
                continue
            choices = []
            if first in seconds:
                choices.append("[" + "".join(re.escape(c) for c in sorted(seconds[first])) + "]")
            if first in lone:
                choices.append(r"(?!\w)")
            branches.append(re.escape(first) + (choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"))
        # a word start, then the first one or two characters of a word some pattern can start
        self.scanner = re.compile(r"\b(?:" + "|".join(branches) + ")") if branches else None

    def words(self, text: str) -> WordStarts:
        return WordStarts(text, self.scanner)

    def pending(self, text: str) -> list[tuple[int, Iterator[re.Match[str]]]]:
        """``pattern.finditer(text)`` for the patterns of the family that may match ``text``,
        each with its place in the family, in order, and tried only where it can match; the
        word lookups are done for all at once. The patterns that cannot match (most of a
        family, in most texts) are left out rather than handed over as empty iterators."""
        words = self.words(text)
        text_ascii = text.isascii()
        positions: list[set[int] | None] = [
            set() if (p.word_heads or p.word_chars or p.lone_chars) else None for p in self.patterns
        ]
        for head, starts in words.by_head.items():
            for number, literals in self._by_head.get(head, ()):
                found = positions[number]
                for at in starts:
                    for literal in literals:
                        if text.startswith(literal, at):
                            found.add(at)
                            break
            for number in self._by_first.get(head[0], ()):
                positions[number].update(starts)
            if len(head) == 1:
                for number in self._by_lone.get(head, ()):
                    positions[number].update(starts)
        # the characters of a non-ASCII text, for the patterns with marks (see Guarded.marks):
        # one set per text, rather than a scan of the text per pattern that cannot match
        chars = frozenset() if text_ascii else set(text)
        pending: list[tuple[int, Iterator[re.Match[str]]]] = []
        for number, (pattern, found) in enumerate(zip(self.patterns, positions, strict=True)):
            if pattern.ascii_free and text_ascii or pattern.marks is not None and chars.isdisjoint(pattern.marks):
                continue
            if found is None:
                pending.append((number, pattern.finditer(text)))
                continue
            for literal in pattern.other_starts:
                at = text.find(literal)
                while at >= 0:
                    found.add(at)
                    at = text.find(literal, at + 1)
            if found:
                pending.append((number, matches_at(pattern.pattern, text, sorted(found))))
        return pending


class WordStarts:
    """Where the words of a text that a :class:`WordIndex` looks for start, by their first
    two characters (one for a one-letter word)."""

    __slots__ = ("by_head", "text")

    def __init__(self, text: str, scanner: re.Pattern[str] | None) -> None:
        self.text = text
        by_head: dict[str, list[int]] = {}
        if scanner is not None:
            for head in scanner.finditer(text):
                by_head.setdefault(head.group(), []).append(head.start())
        self.by_head = by_head

    def starting_with(self, char: str) -> Iterator[int]:
        """Starts of the words whose first character is ``char``."""
        for head, starts in self.by_head.items():
            if head[0] == char:
                yield from starts


def _sequence(items: list, flags: int) -> set[str] | None:
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and all(candidate) and (
            best is None or min(map(len, candidate)) > min(map(len, best))
        ):
            best = candidate

    def flush() -> None:
        if run:
            consider({"".join(run)})
            run.clear()

    ignore_case = bool(flags & re.IGNORECASE)
    for op, av in items:
        if op is _sre.LITERAL and not ignore_case:
            run.append(chr(av))
            continue
        flush()
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            consider(_sequence(list(inner), (flags | add_flags) & ~del_flags))
        elif op is _sre.BRANCH:
            alternatives = [_sequence(list(alternative), flags) for alternative in av[1]]
            if all(alternatives):
                consider(set().union(*alternatives))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            consider(_sequence(list(av[2]), flags))
        # anything else (classes, assertions, any-character, references) ends a literal run
    flush()
    return best


class Guarded:
    """A compiled pattern tried only where it can match (see the module docstring)."""

    __slots__ = (
        "ascii_free", "find_starts", "literals", "lone_chars", "marks", "other_starts", "pattern", "starts", "word_chars",
        "word_heads",
    )

    def __init__(self, pattern: re.Pattern[str] | str, flags: int = 0) -> None:
        self.pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
        literals = required_literals(self.pattern)
        # longest first: the rarest strings usually settle it soonest
        self.literals = tuple(sorted(literals, key=len, reverse=True)) if literals else None
        starts = sorted(_start_info(self.pattern) or ())
        self.starts = tuple(dict.fromkeys(literal for literal, _word, _whole in starts)) or None
        # start strings that begin a word, by their first two characters, or a word of
        # one letter (the whole word, or its first letter), to be looked up in a text's
        # WordStarts; the others, for str.find
        heads: dict[str, list[str]] = {}
        for literal, word, _whole in starts:
            if word and len(literal) >= 2:
                heads.setdefault(literal[:2], []).append(literal)
        self.word_heads = {head: tuple(group) for head, group in heads.items()}
        self.lone_chars = tuple(literal for literal, word, whole in starts if word and whole and len(literal) == 1)
        self.word_chars = tuple(literal for literal, word, whole in starts if word and not whole and len(literal) == 1)
        self.other_starts = tuple(literal for literal, word, _whole in starts if not word)
        #: worth finding the start strings with str.find (else the pattern scans faster
        #: itself: it starts with non-ASCII characters the regex engine jumps to — unless a
        #: lookbehind or a group before them leaves the engine no prefix to jump by, when it
        #: tries every position: 延期|…|(?<![月期])スタート)
        self.find_starts = any(literal.isascii() for literal in self.starts or ()) or (
            self.starts is not None and not _jumps_to_starts(self.pattern))
        #: every match holds a non-ASCII character: an ASCII text has none
        self.ascii_free = any(
            group is not None and all(not literal.isascii() for literal in group)
            for group in (self.starts, self.literals)
        )
        #: one non-ASCII character of each required literal, when every one has some: a text
        #: without any of them (a Korean text for a Japanese cue) cannot hold a match
        self.marks = frozenset(
            next(char for char in literal if not char.isascii()) for literal in self.literals
        ) if self.literals and all(not literal.isascii() for literal in self.literals) else None

    def possible(self, text: str) -> bool:
        """False when the pattern cannot match anywhere in ``text``."""
        return self.literals is None or any(map(text.__contains__, self.literals))

    def finditer(
        self, text: str, words: WordStarts | None = None, keep: Callable[[int], bool] | None = None
    ) -> Iterator[re.Match[str]]:
        """``self.pattern.finditer(text)``, trying the pattern only where it can match
        (``words``: the :class:`WordStarts` of ``text`` from a :class:`WordIndex` of a
        family this pattern belongs to, if at hand; ``keep``: a test every place a match
        starts passes, to try fewer places)."""
        if self.ascii_free and text.isascii():
            return iter(_NOTHING)
        if self.starts is None:
            return self.pattern.finditer(text) if self.possible(text) else iter(_NOTHING)
        indexed = words is not None and words.text is text and bool(self.word_heads or self.word_chars or self.lone_chars)
        if not indexed and not self.find_starts:
            return self.pattern.finditer(text)
        positions: set[int] = set()
        if indexed:
            by_head = words.by_head
            for head in self.word_heads.keys() & by_head.keys():
                group = self.word_heads[head]
                for at in by_head[head]:
                    for literal in group:
                        if text.startswith(literal, at):
                            positions.add(at)
                            break
            for char in self.word_chars:
                positions.update(words.starting_with(char))
            for char in self.lone_chars:
                positions.update(by_head.get(char, ()))
            unindexed = self.other_starts
        else:
            unindexed = self.starts
        for literal in unindexed:
            at = text.find(literal)
            while at >= 0:
                positions.add(at)
                at = text.find(literal, at + 1)
        if keep is not None:
            positions = {at for at in positions if keep(at)}
        if not positions:
            return iter(_NOTHING)
        return matches_at(self.pattern, text, sorted(positions))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        if not self.possible(text):
            return None
        return self.pattern.search(text, pos) if endpos is None else self.pattern.search(text, pos, endpos)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Guarded({self.pattern.pattern[:40]!r}, starts={self.starts!r}, literals={self.literals!r})"


def _jumps_to_starts(pattern: re.Pattern[str]) -> bool:
    """Whether the regex engine itself skips to where ``pattern`` can start: the compiled
    pattern has a literal prefix or a set of first characters (``_compiler`` computes one
    only when every alternative begins with a literal or a class). True when unknown."""
    parsed = _parsed(pattern)
    if parsed is None or _sre_compile is None:
        return True
    try:
        prefix, _prefix_skip, _got_all = _sre_compile._get_literal_prefix(parsed, pattern.flags)
        return bool(prefix) or _sre_compile._get_charset_prefix(parsed, pattern.flags) is not None
    except Exception:  # pragma: no cover - a private API that may change  # noqa: BLE001
        return True


def literal_spans(needle: str, text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``re.finditer(re.escape(needle), text)``: the occurrences of ``needle``, left
    to right, none overlapping the one before, found with ``str.find`` (compiling a pattern for each
    name costs more than the search, and churns the ``re`` module's cache)."""
    if not needle:  # the escaped pattern finds an empty match at every position
        yield from ((at, at) for at in range(len(text) + 1))
        return
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        yield at, end
        at = text.find(needle, end)


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` when every match of ``pattern`` starts at one of the
    ascending ``starts`` and none is empty: only those positions are tried."""
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match is not None and match.end() > start:
                end = match.end()
                yield match


#: ASCII lowering plus the non-ASCII letters IGNORECASE equates with ASCII ones.
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(65, 91)}, "\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lowered(text: str, fold: bool = False) -> str:
    """A lowercase copy of ``text`` for patterns written in lowercase, same length and
    positions: ASCII letters lowered, and with ``fold`` also the letters IGNORECASE
    equates with ASCII ones (İ ı ſ K), so such a pattern finds what it would find
    with IGNORECASE.

    Other letters may come out lowered too (``str.lower`` is much faster than a
    translation table on non-ASCII text): a pattern without non-ASCII cased
    letters cannot tell them apart. ``str.lower`` is only used when it keeps the
    length (no İ) and turns nothing into ASCII that should not be (no Kelvin sign;
    with ``fold``, no ı or ſ, which it leaves as they are)."""
    if text.isascii():
        return text.lower()
    if "\u0130" in text or "\u212a" in text or fold and ("\u0131" in text or "\u017f" in text):
        return text.translate(_FOLD if fold else _ASCII_LOWER)
    return text.lower()


def end_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """For a pattern anchored at the end (``…$``) whose matches end with whitespace or a
    literal: strings one of which the text, without its trailing whitespace, must end
    with for the pattern to match (lowered when the pattern ignores case). ``None``
    when no such set could be derived."""
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except (re.error, TypeError, ValueError):  # pragma: no cover - compiled patterns parse
        return None
    if not parsed or parsed[-1][0] is not _sre.AT or parsed[-1][1] not in (_sre.AT_END, _sre.AT_END_STRING):
        return None
    found = _ends(parsed[:-1], bool(pattern.flags & re.IGNORECASE))
    if not found or not all(found):
        return None
    if pattern.flags & re.IGNORECASE:
        found = {literal.translate(_FOLD) for literal in found}
    return frozenset(found)


def _is_space_run(op: object, av: object) -> bool:
    """``\\s+``/``\\s*`` or a repeated class of spaces: trailing whitespace."""
    if op not in _REPEATS:
        return False
    body = list(av[2])
    return len(body) == 1 and body[0][0] is _sre.IN and all(
        (member is _sre.CATEGORY and value is _sre.CATEGORY_SPACE) or (member is _sre.LITERAL and chr(value).isspace())
        for member, value in body[0][1]
    )


def _ends(items: list, folded: bool) -> set[str] | None:
    """Strings one of which a match of ``items`` ends with, once its trailing
    whitespace is dropped (``None``: cannot tell). ``folded``: the caller compares
    case-insensitively, so parts that ignore case may give literals too."""
    items = list(items)
    while items and (items[-1][0] is _sre.AT or _is_space_run(*items[-1])):
        items.pop()
    if not items:
        return None
    op, av = items[-1]
    if op is _sre.LITERAL:
        run = []
        while items and items[-1][0] is _sre.LITERAL:
            run.append(chr(items.pop()[1]))
        literal = "".join(reversed(run))
        return {literal} if not literal[-1].isspace() else None
    if op is _sre.IN and all(member is _sre.LITERAL for member, _value in av):
        return {chr(value) for _member, value in av} if not any(chr(v).isspace() for _m, v in av) else None
    if op is _sre.SUBPATTERN:
        if av[1] & re.IGNORECASE and not folded:
            return None  # "(?i:…)": its literals match in any case
        return _ends(list(av[3]), folded)
    if op is _sre.BRANCH:
        alternatives = [_ends(list(alternative), folded) for alternative in av[1]]
        return set().union(*alternatives) if all(alternatives) else None
    if op in _REPEATS:
        inner = _ends(list(av[2]), folded)
        if inner is None:
            return None
        if av[0] >= 1:
            return inner
        rest = _ends(items[:-1], folded)  # the optional part may be absent
        return inner | rest if rest is not None else None
    return None


class EndGuarded:
    """A pattern anchored at the end, searched only in texts that end (before their
    trailing whitespace) with one of its :func:`end_literals`; ``search`` is the
    pattern's own."""

    __slots__ = ("endings", "fold", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        endings = end_literals(pattern)
        self.endings = tuple(sorted(endings)) if endings else None
        self.fold = bool(pattern.flags & re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        if self.endings is not None:
            core = text.rstrip()
            if self.fold:
                core = core[-40:].translate(_FOLD)
            if not core.endswith(self.endings):
                return None
        return self.pattern.search(text)
