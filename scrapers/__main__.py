"""``python -m scrapers crawl SLUG``: ``scrapy crawl`` as castwire runs its crawls and workers.

A Ctrl-C or SIGTERM that comes while the crawl is still starting (importing Scrapy,
SQLAlchemy and castwire takes a second or two) ends it quietly with that signal's exit
status (130, 143), where Python would leave a KeyboardInterrupt traceback in the crawl's log
or die of SIGTERM without a word. Once Scrapy runs, its own graceful shutdown takes over.

It works from any folder, as an installed castwire runs it: Scrapy finds castwire's settings
through ``SCRAPY_SETTINGS_MODULE`` (``scrapers.settings`` unless set), where a plain
``scrapy list`` outside the source checkout, which has no ``scrapy.cfg``, says "no active project".

``CASTWIRE_STARTUP_LOG=debug`` (internal) in the environment (``castwire worker`` sets it unless told
``-v``) logs Scrapy's startup report at DEBUG (:func:`scrapers.logformatter.startup_report_at_debug`).
"""

import os
import signal
import sys


def _stopped_while_starting(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


for _signal in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_signal, _stopped_while_starting)

from scrapy.cmdline import execute  # noqa: E402 (after the handlers: this import takes the time)

from scrapers.logformatter import startup_report_at_debug  # noqa: E402

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
if os.environ.get("CASTWIRE_STARTUP_LOG") == "debug":
    startup_report_at_debug()
execute(["scrapy", *sys.argv[1:]])
