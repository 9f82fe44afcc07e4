"""The page-object contract for per-source extraction rules.

A rule is a small class built from ``(url, tree)`` with one method per field.
Each method returns ``None`` (or an empty value) when it has nothing to say, so
the extractor falls through to the generic layers. Rules use CSS selectors on
the already-parsed lxml tree, so a page is never parsed twice.
"""

from __future__ import annotations

import re

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
        """Text of the matching container's paragraphs, separated by blank lines: its
        ``<p>``, heading, list and quote blocks, and the text written straight into it
        between ``<br>`` breaks (a CMS that writes paragraphs as ``text<br><br>text``),
        leaving out figures and their captions, scripts and forms."""
        for container in self.select(selector):
            text = "\n\n".join(_blocks(container)) or " ".join(container.text_content().split())
            if text:
                return text
        return None


_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "li", "ul", "ol", "blockquote", "div", "section", "table"})
#: Classes of what sits in an article's container without being its text.
_NOT_TEXT_CLASSES = re.compile(r"credit|copyright|related|share|social|advert|banner|newsletter|caption|youtube|video",
                               re.IGNORECASE)
_LEFT_OUT_TAGS = frozenset({"figure", "figcaption", "script", "style", "noscript", "iframe", "form", "button", "aside"})


def _not_text(element: HtmlElement) -> bool:
    """A credit box, share buttons, related links, a caption or a video in the container."""
    return bool(_NOT_TEXT_CLASSES.search(element.get("class") or ""))


def _blocks(container: HtmlElement) -> list[str]:
    """The paragraphs of a body container in document order (see :meth:`SiteRule.paragraphs`)."""
    blocks: list[str] = []
    loose: list[str] = [container.text or ""]

    def end_loose_paragraph() -> None:
        line = " ".join("".join(loose).split())
        loose.clear()
        if line:
            blocks.append(line)

    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""  # a comment has none
        left_out = tag in _LEFT_OUT_TAGS or _not_text(child)
        if tag == "br" or tag in _BLOCK_TAGS or left_out:
            end_loose_paragraph()
        if tag in _BLOCK_TAGS and not left_out:
            inner = child.xpath("descendant-or-self::*[self::p or self::h2 or self::h3 or self::li or self::blockquote]")
            blocks.extend(line for b in inner if not _not_text(b) and (line := " ".join(b.text_content().split())))
        elif tag and tag != "br" and not left_out:
            loose.append(child.text_content())  # a link or emphasis inside the running text
        loose.append(child.tail or "")
    end_loose_paragraph()
    return blocks
