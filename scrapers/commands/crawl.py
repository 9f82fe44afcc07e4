"""``scrapy crawl`` (``python -m scrapers crawl``) that opens the database before Scrapy starts.

Only for a crawl of one known spider: a wrong or missing name makes no database.

A database the crawl cannot use (a schema newer than this castwire's, a PostgreSQL schema or
database that does not exist, a server that does not answer, a SQLite folder that cannot be
made) stops it with the line ``castwire crawl`` prints, ``castwire: error: …``, and exit status 1.
Found by the components that open it, inside Scrapy's crawl task, it came as Scrapy's startup
report and an asyncio traceback.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from pipeline.errors import UserError, error_line
from scrapers.store import database_url
from storage.db import DatabaseError, open_database


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)  # the settings, with -s NAME=VALUE
        assert self.settings is not None
        if not _names_one_spider(args, self.settings):
            return  # Scrapy's usage error or "Spider not found", as without castwire: no database made
        try:
            open_database(database_url(self.settings)).dispose()  # migrated, as the crawl would
        except (UserError, DatabaseError) as exc:
            sys.exit(error_line(exc))


def _names_one_spider(args: list[str], settings: BaseSettings) -> bool:
    return len(args) == 1 and args[0] in get_spider_loader(settings).list()
