"""Per-source page objects, found by catalogue slug or by the page's domain.

Add a module with one :class:`~pipeline.site_rules.base.SiteRule` subclass per
source that needs one, then list it in :data:`RULES`.
"""

from __future__ import annotations

from types import MappingProxyType
from urllib.parse import urlsplit

from pipeline.site_rules.base import SiteRule
from pipeline.site_rules.koreaherald import KoreaHerald
from pipeline.site_rules.natalie import Natalie
from pipeline.site_rules.soompi import Soompi

RULES: MappingProxyType[str, type[SiteRule]] = MappingProxyType(
    {rule.slug: rule for rule in (Soompi, KoreaHerald, Natalie)}
)


def rule_for(source: str | None, url: str) -> type[SiteRule] | None:
    """The rule registered for ``source``, else the one whose domain serves ``url``."""
    if source and source in RULES:
        return RULES[source]
    try:
        host = (urlsplit(url).hostname or "").lower() if url else ""
    except ValueError:  # malformed URL (bad IPv6 literal, port): no domain to match
        return None
    for rule in RULES.values():
        if any(host == d or host.endswith("." + d) for d in rule.domains):
            return rule
    return None


__all__ = ["RULES", "SiteRule", "rule_for"]
