"""The Korea Herald: KST dates in a "Published : Mar 15, 2024 - 14:30" line, no JSON-LD."""

from __future__ import annotations

import re

from pipeline.site_rules.base import SiteRule

_PUBLISHED = re.compile(r"Published\s*:?\s*(.+?)(?:\s*Updated|$)", re.IGNORECASE)
_UPDATED = re.compile(r"Updated\s*:?\s*(.+)$", re.IGNORECASE)


class KoreaHerald(SiteRule):
    slug = "koreaherald"
    domains = ("koreaherald.com",)

    def title(self) -> str | None:
        return self.text("h1.news_title, .news_title_area h1")

    def body(self) -> str | None:
        return self.paragraphs("#articleText, .news_content")

    def _date_line(self) -> str:
        return self.text(".news_date, .view_tit_byline_r, .date") or ""

    def published(self) -> str | None:
        match = _PUBLISHED.search(self._date_line())
        return match.group(1).replace(" - ", " ").strip() if match else None

    def modified(self) -> str | None:
        match = _UPDATED.search(self._date_line())
        return match.group(1).replace(" - ", " ").strip() if match else None

    def authors(self) -> tuple[str, ...]:
        name = self.text(".writer, .news_reporter .name")
        return (re.sub(r"^By\s+", "", name, flags=re.IGNORECASE),) if name else ()
