"""Cheap regex scanning for the understanding stages (classify, entities).

Python's regex engine has no literal prefilter for a pattern such as
``\\bpremiere\\b|\\bwill\\s+air``: it tries the pattern at every position of the
text, some tens of nanoseconds each, so a few dozen cue patterns cost a
millisecond per article even when none of them matches. :class:`Guarded` wraps a
compiled pattern with the literal strings one of which every match must
contain (derived from the pattern itself, see :func:`required_literals`); when
none of them occurs in the text — a fast substring test — the pattern cannot
match and is not run. Results are exactly those of the pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the standard library's own regex parser; without it every pattern simply runs
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - other Python implementations
    _sre = _sre_parse = None

_NOTHING: tuple[re.Match[str], ...] = ()


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or ``None``.

    Only literal characters the pattern must consume count (not those of
    lookarounds, optional parts or case-insensitive parts), so the answer is
    safe: when no string of the set occurs in a text, the pattern finds nothing
    in it. ``None`` means no such set could be derived.
    """
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError):  # pragma: no cover - compiled patterns parse
        return None
    found = _sequence(list(parsed), pattern.flags)
    return frozenset(found) if found else None


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
    """A compiled pattern that is only run on texts containing one of its required literals."""

    __slots__ = ("literals", "pattern")

    def __init__(self, pattern: re.Pattern[str] | str, flags: int = 0) -> None:
        self.pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
        literals = required_literals(self.pattern)
        # longest first: the rarest strings usually settle it soonest
        self.literals = tuple(sorted(literals, key=len, reverse=True)) if literals else None

    def possible(self, text: str) -> bool:
        """False when the pattern cannot match anywhere in ``text``."""
        return self.literals is None or any(map(text.__contains__, self.literals))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.possible(text) else iter(_NOTHING)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        if not self.possible(text):
            return None
        return self.pattern.search(text, pos) if endpos is None else self.pattern.search(text, pos, endpos)

    def __repr__(self) -> str:
        return f"Guarded({self.pattern.pattern[:40]!r}, literals={self.literals!r})"
