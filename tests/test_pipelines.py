"""The crawl process's item pipelines."""

from __future__ import annotations

import subprocess
import sys


def test_the_crawl_process_imports_no_numpy_scipy_or_datasketch() -> None:
    """Its extraction workers compute the MinHash signatures; the crawl itself only compares
    stored ones. Before, importing the item pipelines imported NumPy (dedup's comparison), a
    tenth of a second or more of every crawl's start."""
    check = ("import sys, scrapers.pipelines; "
             "print(sorted({m.partition('.')[0] for m in sys.modules} & {'numpy', 'scipy', 'datasketch'}))")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_crawl_loads_no_extension_it_turns_off() -> None:
    """Scrapy imports every extension it lists before the extension's own setting turns it
    off: the remote control (off in castwire's settings) imported aiohttp's web server at every
    crawl's start. The crawl now leaves it out of its extensions."""
    check = ("import sys; from scrapy.settings import Settings; from scrapy.utils.misc import load_object; "
             "from scrapy.utils.conf import build_component_list; "
             "settings = Settings(); settings.setmodule('scrapers.settings', priority='project'); "
             "[load_object(path) for path in build_component_list(settings.getwithbase('EXTENSIONS'))]; "
             "print(sorted({m.partition('.')[0] for m in sys.modules} & {'aiohttp'}))")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_crawl_imports_the_analysis_modules_only_for_a_page_it_analyses_or_stores() -> None:
    """Entities, classification and stories (a third of a second of imports) were imported by
    every crawl process at its start, by a crawl that found nothing new too (most scheduled
    crawls) and by one whose extraction workers analyse its pages."""
    check = ("import sys, scrapy.cmdline, scrapers.commands.crawl, scrapers.spiderloader, scrapers.spiders.news, "
             "scrapers.pipelines, scrapers.middlewares, scrapers.extensions, scrapers.stopping; "
             "print(sorted({m for m in sys.modules} & {'pipeline.ingest', 'pipeline.entities', "
             "'pipeline.classify', 'pipeline.stories', 'pipeline.extract'}))")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
