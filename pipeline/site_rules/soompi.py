"""Soompi (soompi.com): the byline block carries author and an ISO date attribute."""

from __future__ import annotations

from pipeline.site_rules.base import SiteRule


class Soompi(SiteRule):
    slug = "soompi"
    domains = ("soompi.com",)

    def authors(self) -> tuple[str, ...]:
        return self.texts(".info-section .author-name, .author-info .author-name a")

    def published(self) -> str | None:
        return self.attr(".info-section .date-time[data-date], .date-time[data-date]", "data-date")

    def tags(self) -> tuple[str, ...]:
        return self.texts(".tags-container a, .article-tags a")
