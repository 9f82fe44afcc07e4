"""The page-object contract for per-source extraction rules.

A rule is a small class built from ``(url, tree)`` with one method per field.
Each method returns ``None`` (or an empty value) when it has nothing to say, so
the extractor falls through to the generic layers. Rules use CSS selectors on
the already-parsed lxml tree, so a page is never parsed twice.
"""

from __future__ import annotations

from lxml.cssselect import CSSSelector
from lxml.etree import XPathError
from lxml.html import HtmlElement


class SiteRule:
    """Base page object: override only the fields the site gets wrong."""

    slug = ""
    domains: tuple[str, ...] = ()

    def __init__(self, url: str, tree: HtmlElement) -> None:
        self.url = url
        self.tree = tree

    # --- fields (override as needed) ---------------------------------------------------
    def title(self) -> str | None:
        return None

    def body(self) -> str | None:
        return None

    def authors(self) -> tuple[str, ...]:
        return ()

    def published(self) -> str | None:
        """The raw publication date string as the page shows it."""
        return None

    def modified(self) -> str | None:
        return None

    def tags(self) -> tuple[str, ...]:
        return ()

    # --- helpers -----------------------------------------------------------------------
    def select(self, selector: str) -> list[HtmlElement]:
        try:
            return CSSSelector(selector)(self.tree)
        except (XPathError, ValueError, SyntaxError):
            return []

    def text(self, selector: str) -> str | None:
        """Whitespace-normalised text of the first match."""
        for element in self.select(selector):
            value = " ".join(element.text_content().split())
            if value:
                return value
        return None

    def texts(self, selector: str) -> tuple[str, ...]:
        values = (" ".join(e.text_content().split()) for e in self.select(selector))
        return tuple(dict.fromkeys(v for v in values if v))

    def attr(self, selector: str, name: str) -> str | None:
        for element in self.select(selector):
            value = (element.get(name) or "").strip()
            if value:
                return value
        return None

    def paragraphs(self, selector: str) -> str | None:
        """Text of the matching container's paragraphs, separated by blank lines."""
        for container in self.select(selector):
            blocks = container.xpath(".//p|.//h2|.//h3|.//li|.//blockquote")
            parts = [" ".join(b.text_content().split()) for b in blocks] or [
                " ".join(container.text_content().split())
            ]
            text = "\n\n".join(p for p in parts if p)
            if text:
                return text
        return None
