"""The watchlist: people, shows and platforms whose stories the digest marks and lists first.

The list lives in a small TOML file (``Settings.watch_file``, default
``<user config dir>/castwire/watch.toml``)::

    people = ["Han Hyo-joo", "Oguri Shun"]
    shows = ["Romantics Anonymous"]
    platforms = ["Netflix"]

Names are matched through the canonical entity keys of :mod:`pipeline.entities`
(``person_key``/``show_key``/``platform_key``), so "Han Hyo Joo", "Hyo-joo Han"
and "Han Hyo-joo" are one watched person, and through the stored entity
aliases, so a Hangul spelling linked to the same entity matches too. A watched
person is also found under a name in another script that reads the same
("Moriyama Kohei" in a Japanese article's "森山航平", "Yoon Seo-ah" in "윤서아"), as
a story lists its cast (:mod:`pipeline.romanise`).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pipeline.choices import WATCH_KINDS
from pipeline.entities import Aliases, person_key, platform_key, show_key
from pipeline.errors import UserError
from pipeline.romanise import same_person_across_scripts
from storage.models import Article, Story
from storage.repository import expand_entity_keys

#: kind → (TOML array name, key function)
KINDS = WATCH_KINDS
_KEYS = {"person": person_key, "show": show_key, "platform": platform_key}
#: kind → the ``articles.event_keys`` field holding that kind's keys (for shows, only
#: the shows an article is about, not every show it mentions in passing)
_EVENT_FIELDS = {"person": "people", "show": "subject", "platform": "platforms"}


@dataclass(frozen=True)
class Watchlist:
    """Watched names per kind, in the order they were added."""

    people: tuple[str, ...] = ()
    shows: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()

    def names(self, kind: str) -> tuple[str, ...]:
        return {"person": self.people, "show": self.shows, "platform": self.platforms}[kind]

    def keys(self, kind: str) -> frozenset[str]:
        return frozenset(k for k in (_KEYS[kind](n) for n in self.names(kind)) if k)

    def __bool__(self) -> bool:
        return bool(self.people or self.shows or self.platforms)


def entity_key(kind: str, name: str) -> str:
    if kind not in _KEYS:
        raise UserError(f"unknown watch kind {kind!r} (use person, show or platform)")
    return _KEYS[kind](name)


def parse_watchlist(data: Mapping[str, Any], origin: str = "watch.toml") -> Watchlist:
    """A :class:`Watchlist` from parsed TOML; unknown keys and non-text names are user errors."""
    unknown = sorted(set(data) - set(KINDS.values()))
    if unknown:
        raise UserError(f"{origin}: unknown key {unknown[0]!r} (use people, shows, platforms)")
    values: dict[str, tuple[str, ...]] = {}
    for array in KINDS.values():
        names = data.get(array, [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise UserError(f"{origin}: {array} must be a list of names")
        values[array] = tuple(n.strip() for n in names)
    return Watchlist(**values)


def load_watchlist(path: Path | None) -> Watchlist:
    """The watchlist stored at ``path``; an absent file is an empty list."""
    if path is None or not path.exists():
        return Watchlist()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UserError(f"cannot read watch file {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not valid TOML: {exc}") from None
    return parse_watchlist(data, str(path))


def dump_watchlist(watchlist: Watchlist) -> str:
    """TOML text of a watchlist (a JSON string is a valid TOML basic string)."""
    lines = ["# castwire watchlist: `castwire watch add --person/--show/--platform NAME`"]
    for kind, array in KINDS.items():
        names = watchlist.names(kind)
        lines.append(f"{array} = [{', '.join(json.dumps(n, ensure_ascii=False) for n in names)}]")
    return "\n".join(lines) + "\n"


def save_watchlist(path: Path, watchlist: Watchlist) -> None:
    """Write atomically (a temporary file renamed over the old one)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".tmp")
        partial.write_text(dump_watchlist(watchlist), encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        raise UserError(f"cannot write watch file {path}: {exc.strerror or exc}") from None


def add_to_watchlist(watchlist: Watchlist, kind: str, name: str,
                     aliases: Aliases | None = None) -> tuple[Watchlist, bool]:
    """The list with ``name`` added; ``False`` when a variant of it is already watched (by its
    key, its script, or the user's ``aliases``)."""
    name = name.strip()
    key = entity_key(kind, name)
    if not name or not key:
        raise UserError(f"not a {kind} name: {name!r}")
    if any(_same_name(kind, name, watched, aliases) for watched in watchlist.names(kind)):
        return watchlist, False
    return _with(watchlist, kind, (*watchlist.names(kind), name)), True


def remove_from_watchlist(watchlist: Watchlist, kind: str, name: str,
                          aliases: Aliases | None = None) -> tuple[Watchlist, list[str]]:
    """The list without every watched name that is the same name; and the names removed."""
    name = name.strip()
    entity_key(kind, name)  # an unknown kind is a user error
    removed = [n for n in watchlist.names(kind) if _same_name(kind, name, n, aliases)]
    return _with(watchlist, kind, tuple(n for n in watchlist.names(kind) if n not in removed)), removed


def _same_name(kind: str, one: str, other: str, aliases: Aliases | None) -> bool:
    """Two spellings of one name as the watchlist matches stories: the same key (after the
    user's aliases), or for a person the same name in Latin letters and in Hangul or Japanese
    script."""
    return _aliased_key(kind, one, aliases) == _aliased_key(kind, other, aliases) or (
        kind == "person" and same_person_across_scripts(one, other))


def _aliased_key(kind: str, name: str, aliases: Aliases | None) -> str:
    key = entity_key(kind, name)
    chosen = aliases.resolve(kind, name, key) if aliases is not None else None
    return chosen[0] if chosen else key


def _with(watchlist: Watchlist, kind: str, names: tuple[str, ...]) -> Watchlist:
    values = {array: watchlist.names(k) for k, array in KINDS.items()}
    values[KINDS[kind]] = names
    return Watchlist(**values)


@dataclass(frozen=True)
class WatchMatcher:
    """Watched keys per kind, widened with the stored aliases of the same entities, and the
    watched people's names, matched across scripts."""

    keys: Mapping[str, frozenset[str]]
    people: tuple[str, ...] = ()

    @classmethod
    def build(cls, session: Session, watchlist: Watchlist) -> WatchMatcher:
        return cls({
            kind: frozenset(expand_entity_keys(session, kind, watchlist.keys(kind)))
            if watchlist.keys(kind) else frozenset()
            for kind in KINDS
        }, watchlist.people)

    def __bool__(self) -> bool:
        return any(self.keys.values())

    def matches(self, story: Story, articles: Iterable[Article]) -> bool:
        """Does the story, or any of its articles, involve a watched entity?"""
        if not self:
            return False
        articles = list(articles)
        story_keys = {
            "show": {story.show_key, show_key(story.show)} if story.show else {story.show_key},
            "person": {person_key(p) for p in story.people or []},
            "platform": {platform_key(p) for p in story.platforms or []},
        }
        for kind, keys in story_keys.items():
            if self.keys[kind] & {k for k in keys if k}:
                return True
        for article in articles:
            event = article.event_keys or {}
            for kind, field in _EVENT_FIELDS.items():
                if self.keys[kind] & set(event.get(field) or ()):
                    return True
        if not self.people:
            return False
        named = {*(story.people or ()),
                 *(name for article in articles for name in ((article.event_keys or {}).get("people") or {}).values())}
        return any(same_person_across_scripts(watched, name) for watched in self.people for name in named)
