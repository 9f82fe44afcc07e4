"""Scrapy settings for castwire's crawls (production values; tests override a few).

castwire-specific settings (set by the crawl subprocess from the environment via
``pipeline.config.Settings``): ``CASTWIRE_SOURCES``, ``CASTWIRE_DATABASE_URL``.
"""

from pipeline.config import DEFAULT_DOWNLOAD_TIMEOUT, DEFAULT_USER_AGENT

BOT_NAME = "castwire"
SPIDER_MODULES: list[str] = []
NEWSPIDER_MODULE = "scrapers.spiders"
SPIDER_LOADER_CLASS = "scrapers.spiderloader.CatalogueSpiderLoader"
COMMANDS_MODULE = "scrapers.commands"  # crawl: the database checked before Scrapy starts (scrapers/commands/crawl.py)

# An honest crawler: says who it is, obeys robots.txt (Crawl-delay through
# scrapers.extensions.RobotsCrawlDelay: Scrapy parses it but does not apply it), goes slowly.
# CASTWIRE_USER_AGENT replaces the User-Agent (pipeline.config.Settings.crawl_settings).
USER_AGENT = DEFAULT_USER_AGENT
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% random variation of the delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = DEFAULT_DOWNLOAD_TIMEOUT
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
CASTWIRE_RETRY_BACKOFF = 2.0  # seconds before the first retry, doubled for each further one (+ jitter)
CASTWIRE_RETRY_BACKOFF_MAX = 60.0
CASTWIRE_RETRY_AFTER_MAX = 120.0  # a longer Retry-After gives the request up
CASTWIRE_CRAWL_DELAY_MAX = 60.0  # robots.txt Crawl-delay is honoured up to this many seconds
HTTPERROR_ALLOW_ALL = False

# Scrapy 2.19's remote-control extension executes code: off. Telnet console: off.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

COOKIES_ENABLED = False
HTTPCACHE_ENABLED = False
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.BackoffRetryMiddleware": 550,  # Scrapy's retry, with exponential backoff
    "scrapers.middlewares.RetryAfterMiddleware": 560,
    "scrapers.middlewares.ConditionalRequestMiddleware": 580,
    "scrapers.middlewares.MislabelledCompressionMiddleware": 595,  # its responses reach HttpCompression (590) next
    "scrapers.middlewares.RedirectLoopMiddleware": 610,  # just outside RedirectMiddleware (600)
}
LOG_FORMATTER = "scrapers.logformatter.DropsInOneLine"
ITEM_PIPELINES = {
    "scrapers.pipelines.ExtractPipeline": 100,
    "scrapers.pipelines.StorePipeline": 200,
}
EXTENSIONS = {
    # off (REMOTE_CONTROL_ENABLED above), and not even imported: its module imports aiohttp's
    # web server, a seventh of a second of every crawl's start
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapers.extensions.CrawlRunRecorder": 100,
    # after AutoThrottle (0): its delay changes are floored at the site's Crawl-delay
    "scrapers.extensions.RobotsCrawlDelay": 500,
    "scrapers.stopping.DropWaitingRequests": 600,
    "scrapers.stopping.CloseBeforeExit": 650,
    "scrapers.extensions.BodyProgress": 700,  # how far an answer cut short got, for its error
}

# How many processes extract pages off the event loop (0 = in a thread of this process).
CASTWIRE_EXTRACT_WORKERS = 2
SPIDER_MIDDLEWARES = {
    "scrapers.middlewares.StoredArticleFilter": 950,
}
SPIDER_CONTRACTS = {
    "scrapers.contracts.SourceUrlContract": 1,
}
