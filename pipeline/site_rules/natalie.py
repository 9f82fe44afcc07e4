"""Natalie (natalie.mu): the article text is its ``NA_article_body``; beside it sit a reader
counter, the work's credit box and the editors' copyright line, which are not the article."""

from __future__ import annotations

from pipeline.site_rules.base import SiteRule


class Natalie(SiteRule):
    slug = "natalie"
    domains = ("natalie.mu",)

    def body(self) -> str | None:
        return self.paragraphs(".NA_article_body")
