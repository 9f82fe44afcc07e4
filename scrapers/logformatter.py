"""How Scrapy's log speaks of castwire's items, and of itself in a worker's log."""

from __future__ import annotations

import logging
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


#: Loggers whose INFO lines are Scrapy's (and Alembic's) startup report, and the start of the
#: messages that are (None: every INFO line of that logger).
STARTUP_REPORT: dict[str, tuple[str, ...] | None] = {
    "scrapy.utils.log": None,  # "Scrapy 2.x started", the versions of its dependencies
    "scrapy.addons": None,  # "Enabled addons"
    "scrapy.middleware": None,  # "Enabled extensions/downloader middlewares/spider middlewares/item pipelines"
    "scrapy.crawler": ("Overridden settings",),
    "alembic.runtime.migration": ("Context impl", "Will assume"),  # each time a database is opened
}


class StartupReportAtDebug(logging.Filter):
    """Logs Scrapy's startup report (about 80 lines: versions, settings, component lists) and
    Alembic's migration context at DEBUG instead of INFO: a long-lived worker's log is a
    service's, read for what it does (``castwire -v worker`` shows them again)."""

    def __init__(self, starts: tuple[str, ...] | None) -> None:
        super().__init__()
        self.starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO and (self.starts is None or str(record.msg).startswith(self.starts)):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def startup_report_at_debug() -> None:
    """Install :class:`StartupReportAtDebug` on the loggers of :data:`STARTUP_REPORT` (at the
    start of a worker's crawl process, before Scrapy logs its report)."""
    for name, starts in STARTUP_REPORT.items():
        logging.getLogger(name).addFilter(StartupReportAtDebug(starts))
