from __future__ import annotations

import os

from pipeline.crawlruns import crawl_run_values, process_alive


def test_clean_crawl_is_ok_with_counts() -> None:
    stats = {
        "downloader/response_count": 12,
        "downloader/response_status_count/200": 12,
        "castwire/articles/new": 8,
        "castwire/articles/unchanged": 1,
        "castwire/urls_already_stored": 3,
        "castwire/missing/authors": 2,
    }
    values = crawl_run_values(stats, "finished")
    assert values["status"] == "ok"
    assert (values["pages_fetched"], values["articles_new"], values["urls_already_stored"]) == (12, 8, 3)
    assert values["missing_fields"] == {"authors": 2}
    assert values["error"] is None


def test_http_errors_and_drops_make_a_partial_run() -> None:
    stats = {
        "downloader/response_count": 5,
        "downloader/response_status_count/404": 1,
        "downloader/response_status_count/503": 2,
        "castwire/dropped/off_topic": 4,
        "castwire/first_error": "article http://x/1: 404",
    }
    values = crawl_run_values(stats, "finished")
    assert values["status"] == "partial"
    assert values["http_errors"] == 3
    assert values["dropped"] == {"off_topic": 4}
    assert values["error"] == "article http://x/1: 404"


def test_nothing_fetched_or_cut_short_is_failed() -> None:
    unreachable = {"castwire/errors/feed/ConnectionRefusedError": 1, "castwire/first_error": "feed x: refused"}
    assert crawl_run_values(unreachable, "finished")["status"] == "failed"
    # stopped by Ctrl-C or SIGTERM: what it fetched is stored, the source is not failing
    stopped = crawl_run_values({"downloader/response_count": 3}, "shutdown")
    assert stopped["status"] == "partial" and stopped["error"] == "stopped before the end (Ctrl-C or SIGTERM)"
    # even before it fetched anything (a site slow to answer), or after robots.txt but before
    # its feed was read: stopped, not a failing source
    assert crawl_run_values({}, "shutdown")["status"] == "partial"
    early = {"downloader/response_count": 1, "castwire/indexes_requested": 1}
    assert crawl_run_values(early, "shutdown")["status"] == "partial"
    # cut short for another reason, it failed
    killed = crawl_run_values({"downloader/response_count": 3}, "closespider_timeout")
    assert killed["status"] == "failed" and killed["error"] == "crawl ended early: closespider_timeout"


def test_a_run_that_could_read_none_of_its_feeds_sitemaps_or_listings_failed() -> None:
    """HTTP 500 on the feed (robots.txt still answered), HTML served as the feed, broken XML
    with nothing in it: pages were fetched, but the source gave nothing to crawl."""
    error_page = {"downloader/response_count": 2, "downloader/response_status_count/500": 1,
                  "castwire/indexes_requested": 1, "castwire/errors/feed/HttpError": 1,
                  "castwire/first_error": "feed http://x/feed: Ignoring non-200 response"}
    html_feed = {"downloader/response_count": 1, "castwire/indexes_requested": 2, "castwire/feed_problems": 2,
                 "castwire/first_error": "feed http://x/feed: not a feed"}
    for stats in (error_page, html_feed):
        values = crawl_run_values(stats, "finished")
        assert values["status"] == "failed" and values["error"] == stats["castwire/first_error"]
    one_of_two = {**html_feed, "castwire/indexes_read": 1, "castwire/articles/new": 3}
    assert crawl_run_values(one_of_two, "finished")["status"] == "partial"
    unchanged = {"downloader/response_count": 1, "castwire/indexes_requested": 1, "castwire/indexes_read": 1,
                 "castwire/index_not_modified": 1}
    assert crawl_run_values(unchanged, "finished")["status"] == "ok"
    silent = crawl_run_values({"downloader/response_count": 1, "castwire/indexes_requested": 1}, "finished")
    assert silent["error"] == "none of its feeds, sitemaps and listings could be read"


def test_an_unread_feed_is_named_first_and_a_note_of_a_feed_read_never_hides_a_failure() -> None:
    """tR: "3 pages failed, first problem: feed …/rss.xml: declared encoding utf_8 is wrong" named a
    feed read fine, counted with the article pages, while the configured feed serving HTML was
    only a log warning."""
    stats = {"downloader/response_count": 30, "castwire/indexes_requested": 2, "castwire/indexes_read": 1,
             "castwire/indexes_unread": 1, "castwire/feed_problems": 2, "castwire/articles/new": 20,
             "castwire/errors/article/HttpError": 1, "castwire/errors/article/IgnoreRequest": 2,
             "castwire/first_index_note": "feed http://x/rss.xml: declared encoding utf_8 is wrong; detected cp949",
             "castwire/first_index_failure": "feed http://x/notafeed.xml: not a feed: HTML received",
             "castwire/first_error": "article http://x/404: HTTP 404 Not Found"}
    values = crawl_run_values(stats, "finished")
    assert values["status"] == "partial"
    assert values["error"] == ("feed http://x/notafeed.xml: not a feed: HTML received; "
                               "3 pages failed, first problem: article http://x/404: HTTP 404 Not Found")
    two_unread = {**stats, "castwire/errors/sitemap/HttpError": 1}
    assert crawl_run_values(two_unread, "finished")["error"].startswith(
        "2 feeds, sitemaps or listings not read, first: feed http://x/notafeed.xml")
    # nothing failed: the feed's note says why the run is partial
    noted = {k: v for k, v in stats.items() if not k.startswith(("castwire/errors/", "castwire/first_e",
                                                                  "castwire/first_index_f", "castwire/indexes_u"))}
    values = crawl_run_values(noted, "finished")
    assert values["status"] == "partial" and values["error"] == stats["castwire/first_index_note"]


def test_process_alive() -> None:
    assert process_alive(os.getpid())
    assert not process_alive(2**22 + 12345)


def test_a_site_without_robots_txt_is_no_error() -> None:
    """robots.txt answered 404 (to Scrapy's robots middleware and to the spider reading its
    Sitemap lines): nothing is forbidden, nothing failed, the run is ok."""
    stats = {"downloader/response_count": 4, "downloader/response_status_count/200": 2,
             "downloader/response_status_count/404": 2, "robotstxt/response_status_count/404": 1,
             "castwire/robots_missing": 1, "castwire/indexes_requested": 1, "castwire/indexes_read": 1,
             "castwire/articles/new": 1}
    values = crawl_run_values(stats, "finished")
    assert (values["status"], values["http_errors"], values["error"]) == ("ok", 0, None)


def test_pages_not_stored_say_why_and_off_topic_ones_are_no_problem() -> None:
    """A run partial only for a page dropped as a listing said nothing of why; a source's
    topics filter dropping pages made every run of it partial."""
    read = {"downloader/response_count": 4, "castwire/indexes_requested": 1, "castwire/indexes_read": 1}
    off_topic = crawl_run_values({**read, "castwire/dropped/off_topic": 2}, "finished")
    assert (off_topic["status"], off_topic["error"], off_topic["dropped"]) == ("ok", None, {"off_topic": 2})
    listing = crawl_run_values({**read, "castwire/dropped/not_article_listing": 1,
                                "castwire/dropped/off_topic": 2}, "finished")
    assert listing["status"] == "partial"
    assert listing["error"] == "1 page(s) not stored: a listing, not an article 1"


def test_a_source_robots_txt_forbids_says_so() -> None:
    stats = {"downloader/response_count": 1, "castwire/indexes_requested": 2, "castwire/robots_forbidden": 2}
    values = crawl_run_values(stats, "finished")
    assert values["status"] == "failed"
    assert values["error"] == "robots.txt forbids fetching its feeds, sitemaps and listings"


def test_a_run_where_several_pages_failed_says_how_many() -> None:
    """8 of a feed's 14 articles failed (the hostile web's 'errs' source) and the run's error
    named only the first, as if it were the one problem."""
    big = "article http://x/errs/a/big: larger than the download limit (DOWNLOAD_MAXSIZE, 10 MiB): not fetched"
    stats = {
        "downloader/response_count": 19,
        "downloader/response_status_count/200": 9,
        "downloader/response_status_count/429": 3,
        "downloader/response_status_count/500": 3,
        "downloader/response_status_count/503": 1,
        "castwire/indexes_requested": 1,
        "castwire/indexes_read": 1,
        "castwire/articles/new": 6,
        "castwire/errors/article/DownloadCancelledError": 1,
        "castwire/errors/article/DownloadTimeoutError": 2,
        "castwire/errors/article/HttpError": 3,
        "castwire/errors/article/RedirectLoop": 1,
        "castwire/errors/article/ResponseDataLossError": 1,
        "castwire/first_error": big,
    }
    values = crawl_run_values(stats, "finished")
    assert (values["status"], values["error"]) == ("partial", f"8 pages failed, first problem: {big}")
    one = {**{k: v for k, v in stats.items() if "/errors/" not in k}, "castwire/errors/article/HttpError": 1}
    assert crawl_run_values(one, "finished")["error"] == big  # one failure: no count
