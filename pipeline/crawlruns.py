"""Turning a crawl's counters into a crawl-run record and a verdict."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from storage.repository import INTERRUPTED

PREFIX = "castwire/"
#: The first failure of the run: a page that failed, an item that could not be stored...
FIRST_ERROR = PREFIX + "first_error"
#: The first feed, sitemap or listing the run could not read (HTTP error, HTML served as a feed):
#: what the user must act on, named before any page's failure.
FIRST_INDEX_FAILURE = PREFIX + "first_index_failure"
#: The first problem of a feed, sitemap or listing read all the same (a wrong declared encoding,
#: malformed XML recovered): the run's error only when nothing failed.
FIRST_INDEX_NOTE = PREFIX + "first_index_note"
#: The request kinds of a run's indexes (robots.txt: for its Sitemap lines).
INDEX_KINDS = ("feed", "sitemap", "listing", "robots")
#: The errors of runs stopped by Ctrl-C or SIGTERM ("partial", never "failed"); both start with STOPPED.
STOPPED = "stopped before"
STOPPED_BEFORE_THE_END = f"{STOPPED} the end (Ctrl-C or SIGTERM)"
STOPPED_AT_START = f"{STOPPED} the crawl started (Ctrl-C or SIGTERM)"
#: Sitemap entries a run skipped as older than its source's max_sitemap_age_days.
SITEMAP_TOO_OLD = PREFIX + "sitemap_too_old"


def sitemap_too_old(stats: Mapping[str, Any] | None) -> int:
    """How many sitemap entries a run skipped as older than its source's max_sitemap_age_days
    (``stats``: the run's recorded stats)."""
    return int((stats or {}).get(SITEMAP_TOO_OLD, 0))


def sitemap_too_old_note(slug: str, skipped: int) -> str:
    """What ``crawl`` and ``status`` say of a run that met no article but skipped ``skipped``
    sitemap entries as too old (a new source's first crawl of an older sitemap), and how to
    read them."""
    entries = "entry" if skipped == 1 else "entries"
    return (f"{skipped} sitemap {entries} older than the source's max_sitemap_age_days skipped "
            f"(castwire crawl {slug} -s CASTWIRE_IGNORE_SITEMAP_AGE=True reads them)")


def cut_short(status: str, error: str | None) -> bool:
    """Whether a crawl run ended before its crawl could finish, for no fault of its source's:
    stopped (Ctrl-C, SIGTERM, a scheduler's shutdown) or interrupted (its process gone with a
    killed scheduler, marked when the next one started)."""
    return bool(error) and (status == "partial" and error.startswith(STOPPED)
                            or status == "failed" and error.startswith(INTERRUPTED))


#: Pages not stored for a reason that is no problem of the run.
NOT_PROBLEMS = frozenset({"off_topic"})
#: How a run's error names what kept pages from being stored.
NOT_STORED_WHY = {"not_article_listing": "a listing, not an article", "not_article_other": "not an article",
                  "not_article_not_found": "a 'not found' page", "empty": "no text"}


def keep_first_error(stats: Any, message: str, key: str = FIRST_ERROR) -> None:
    """Keep ``message`` as the crawl run's first problem of its kind (``key``: :data:`FIRST_ERROR`,
    :data:`FIRST_INDEX_FAILURE` or :data:`FIRST_INDEX_NOTE`) unless an earlier one was kept
    (``stats``: Scrapy's stats collector)."""
    if stats.get_value(key) is None:  # its first line: a driver's error goes on with hints
        stats.set_value(key, next((line for line in message.splitlines() if line.strip()), message)[:500])


def process_alive(pid: int) -> bool:
    """Whether a process with this id still exists (on this machine)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _counts(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {
        key[len(prefix):]: int(value)
        for key, value in sorted(stats.items())
        if key.startswith(prefix) and isinstance(value, int)
    }


def crawl_run_values(stats: Mapping[str, Any], reason: str) -> dict[str, Any]:
    """Crawl-run columns from Scrapy's stats at the end of a crawl.

    Status: ``partial`` when it was stopped by Ctrl-C or SIGTERM (what it fetched is stored);
    else ``failed`` when the crawl did not finish, nothing could be fetched, or
    none of the source's feeds, sitemaps and listings could be read (each failed or
    was not one: an error page, HTML served as a feed, broken XML with nothing in it);
    ``partial`` when some requests or pages failed, else ``ok``.
    """
    articles = _counts(stats, PREFIX + "articles/")
    errors = _counts(stats, PREFIX + "errors/")
    # a site without robots.txt (404, 410) is no error: nothing is forbidden there
    robots_missing = sum(int(stats.get(f"robotstxt/response_status_count/{code}", 0)) for code in (404, 410))
    http_errors = sum(
        int(v) for k, v in stats.items()
        if k.startswith("downloader/response_status_count/") and k.rsplit("/", 1)[1][:1] in "45"
    ) - robots_missing - int(stats.get(PREFIX + "robots_missing", 0))
    # feeds, sitemaps and listings that failed or were no such document, and the pages that failed
    of_indexes = {k: v for k, v in errors.items() if k.split("/", 1)[0] in INDEX_KINDS}
    indexes_unread = sum(of_indexes.values()) + int(stats.get(PREFIX + "indexes_unread", 0))
    pages_failed = sum(errors.values()) - sum(of_indexes.values())
    responses = int(stats.get("downloader/response_count", 0))
    no_index_read = bool(stats.get(PREFIX + "indexes_requested")) and not stats.get(PREFIX + "indexes_read")
    # stopped by Ctrl-C or SIGTERM (reason "shutdown"): what it fetched is stored, the source is not failing
    stopped = reason == "shutdown"
    # a stopped run is never failed: it may not have got as far as reading anything
    failed_run = not stopped and (reason != "finished" or (responses == 0 and any(errors.values())) or no_index_read)
    dropped = _counts(stats, PREFIX + "dropped/")
    # off-topic pages are the source's topics filter at work, not a problem of the run
    not_stored = {why: n for why, n in dropped.items() if why not in NOT_PROBLEMS}
    problems = sum(errors.values()) + http_errors + sum(not_stored.values())
    if failed_run:
        status = "failed"
    elif stopped or problems or any(stats.get(f"{PREFIX}{kind}_problems") for kind in ("feed", "sitemap", "listing")):
        status = "partial"
    else:
        status = "ok"
    problems_said = []  # an unread feed first: the one thing the user must act on
    if unread := stats.get(FIRST_INDEX_FAILURE):
        problems_said.append(f"{indexes_unread} feeds, sitemaps or listings not read, first: {unread}"
                             if indexes_unread > 1 else unread)
    if page := stats.get(FIRST_ERROR):
        problems_said.append(f"{pages_failed} pages failed, first problem: {page}" if pages_failed > 1 else page)
    # a feed read despite a problem says why the run is partial only when nothing failed
    first_error = "; ".join(problems_said) or stats.get(FIRST_INDEX_NOTE)
    if stopped:
        first_error = STOPPED_BEFORE_THE_END + (f"; before that: {first_error}" if first_error else "")
    elif reason != "finished":
        first_error = first_error or f"crawl ended early: {reason}"
    elif no_index_read and stats.get(PREFIX + "robots_forbidden"):
        first_error = first_error or "robots.txt forbids fetching its feeds, sitemaps and listings"
    elif no_index_read:
        first_error = first_error or "none of its feeds, sitemaps and listings could be read"
    elif not_stored and not first_error:
        first_error = f"{sum(not_stored.values())} page(s) not stored: " + ", ".join(
            f"{NOT_STORED_WHY.get(why, why)} {n}" for why, n in not_stored.items())
    return {
        "status": status,
        "pages_fetched": responses,
        "articles_new": articles.get("new", 0),
        "articles_updated": articles.get("updated", 0),
        "articles_unchanged": articles.get("unchanged", 0),
        "articles_duplicate": articles.get("duplicate", 0),
        "urls_already_stored": int(stats.get(PREFIX + "urls_already_stored", 0)),
        "http_errors": http_errors,
        "dropped": dropped,
        "missing_fields": _counts(stats, PREFIX + "missing/"),
        "stats": {k: v for k, v in _counts(stats, "").items() if not k.startswith("log_count")},
        "error": first_error,
    }
