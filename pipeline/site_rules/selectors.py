"""A page object made from a catalogue entry's ``[<slug>.selectors]`` table.

Users fix a field the generic layers get wrong on their site without writing code:
each key names a field, its value the CSS selector of where the page shows it. The
fields it does not name come from the source's own page object, if castwire has one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from lxml.html import HtmlElement

from pipeline.site_rules.base import SiteRule


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
        if self.selectors.title:
            return self.text(self.selectors.title)
        return self.fallback.title() if self.fallback else None

    def body(self) -> str | None:
        if self.selectors.body:
            return self.paragraphs(self.selectors.body)
        return self.fallback.body() if self.fallback else None

    def authors(self) -> tuple[str, ...]:
        if self.selectors.authors:
            return self.texts(self.selectors.authors)
        return self.fallback.authors() if self.fallback else ()

    def published(self) -> str | None:
        if self.selectors.published:
            return self._when(self.selectors.published)
        return self.fallback.published() if self.fallback else None

    def modified(self) -> str | None:
        if self.selectors.modified:
            return self._when(self.selectors.modified)
        return self.fallback.modified() if self.fallback else None

    def tags(self) -> tuple[str, ...]:
        if self.selectors.tags:
            return self.texts(self.selectors.tags)
        return self.fallback.tags() if self.fallback else ()

    def _when(self, selector: str) -> str | None:
        """A date as the first match gives it: its machine-readable attribute, else its text."""
        return self.attr(selector, "datetime") or self.attr(selector, "content") or self.text(selector)
