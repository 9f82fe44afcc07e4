"""How Scrapy's log speaks of castwire's items."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class DropsInOneLine(LogFormatter):
    """A dropped item is logged as its reason alone, which names the page: Scrapy's default
    adds the whole item (a page's feed hints, an article's fields) on the lines after it."""

    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None,
                spider: Spider) -> LogFormatterResult:
        return {**super().dropped(item, exception, response, spider), "msg": "Dropped: %(exception)s"}
