"""A page object made from a catalogue entry's ``[<slug>.selectors]`` table.

Users fix a field the generic layers get wrong on their site without writing code:
each key names a field, its value the CSS selector of where the page shows it. The
fields it does not name come from the source's own page object, if castwire has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import TypeVar

from lxml.html import HtmlElement

from pipeline.site_rules.base import SiteRule

T = TypeVar("T")


@dataclass(frozen=True)
class FieldSelectors:
    """CSS selectors of an article's fields on one site (``None``: not given)."""

    title: str | None = None
    body: str | None = None  # the container of the article's paragraphs
    authors: str | None = None  # each match is one author
    published: str | None = None  # a <time datetime>, a <meta content> or the text of the match
    modified: str | None = None
    tags: str | None = None  # each match is one tag

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


class SelectorRule(SiteRule):
    """The fields ``selectors`` names, read with them; the others from ``fallback``."""

    def __init__(self, url: str, tree: HtmlElement, selectors: FieldSelectors,
                 fallback: SiteRule | None = None) -> None:
        super().__init__(url, tree)
        self.selectors = selectors
        self.fallback = fallback

    def title(self) -> str | None:
        return self._field("title", self.text, None)

    def body(self) -> str | None:
        return self._field("body", self.paragraphs, None)

    def authors(self) -> tuple[str, ...]:
        return self._field("authors", self.texts, ())

    def published(self) -> str | None:
        return self._field("published", self._when, None)

    def modified(self) -> str | None:
        return self._field("modified", self._when, None)

    def tags(self) -> tuple[str, ...]:
        return self._field("tags", self.texts, ())

    def _field(self, name: str, read: Callable[[str], T], nothing: T) -> T:
        """``name`` read with its selector when the table gives one, else the fallback's."""
        selector = getattr(self.selectors, name)
        if selector:
            return read(selector)
        return getattr(self.fallback, name)() if self.fallback else nothing

    def _when(self, selector: str) -> str | None:
        """A date as the first match gives it: its machine-readable attribute, else its text."""
        return self.attr(selector, "datetime") or self.attr(selector, "content") or self.text(selector)
