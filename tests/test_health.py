"""Source health verdicts from crawl-run history (both backends)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.crawlruns import STOPPED_AT_START, STOPPED_BEFORE_THE_END
from pipeline.health import (
    FAILING_AFTER_RUNS,
    health_of,
    source_health,
    usual_gap,
)
from storage.db import transaction
from storage.models import CrawlRun
from storage.repository import ensure_source, upsert_article

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def add_run(session: Session, slug: str, started: datetime, status: str = "ok", **values: Any) -> None:
    session.add(CrawlRun(source_slug=slug, started_at=started, finished_at=started + timedelta(minutes=1),
                         status=status, **{"pid": None, **values}))


def add_articles(session: Session, slug: str, times: list[datetime]) -> None:
    source_id = ensure_source(session, slug=slug, name=slug, homepage=f"https://{slug}.example/",
                              language="en")
    for i, when in enumerate(times):
        key = f"{slug}.example/{i}"
        upsert_article(session, {
            "source_id": source_id, "url_key": key, "url": f"https://{key}", "canonical_url": f"https://{key}",
            "title": f"Title {i}", "body": f"Body {i}", "published_at": when, "fetched_at": when,
            "content_hash": f"{slug}-{i}",
        })


def test_never_crawled(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        health = health_of(session, "quiet", NOW)
    assert (health.verdict, health.last_run, health.new_24h) == ("never", None, 0)


def test_healthy_source_counts_new_articles_and_errors(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        add_articles(session, "busy", [NOW - timedelta(hours=h) for h in range(1, 30, 2)])
        add_run(session, "busy", NOW - timedelta(days=3), articles_new=5)
        add_run(session, "busy", NOW - timedelta(hours=5), "failed", error="HTTP 503")
        add_run(session, "busy", NOW - timedelta(hours=2), articles_new=3)
        add_run(session, "busy", NOW + timedelta(hours=1), articles_new=99)  # after "now": ignored
    with transaction(sessions) as session:
        health = health_of(session, "busy", NOW)
    assert health.verdict == "ok", health.reason
    # the articles stored, not the runs' counters (workers and killed crawls store too)
    assert (health.new_24h, health.new_7d) == (12, 15)
    assert health.error_rate == pytest.approx(1 / 3, abs=0.001)
    assert health.last_run == NOW - timedelta(hours=2)
    assert health.last_success == NOW - timedelta(hours=2)
    assert health.last_error == "HTTP 503"


def test_failing_after_consecutive_failures_only(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        add_run(session, "down", NOW - timedelta(hours=10), articles_new=2)
        for i in range(FAILING_AFTER_RUNS - 1):
            add_run(session, "down", NOW - timedelta(hours=5 - i), "failed", error="DNS lookup failed")
    with transaction(sessions) as session:
        assert health_of(session, "down", NOW).verdict != "failing"
        add_run(session, "down", NOW - timedelta(minutes=30), "timed_out", error="timed out")
    with transaction(sessions) as session:
        health = health_of(session, "down", NOW)
    assert health.verdict == "failing"
    assert "timed out" in health.reason


def test_a_source_that_never_succeeded_is_failing_and_a_failed_last_run_says_why(
        sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        add_run(session, "refused", NOW - timedelta(hours=1), "failed", error="feed http://x: Connection refused")
        add_run(session, "blip", NOW - timedelta(hours=3), articles_new=2)
        add_run(session, "blip", NOW - timedelta(hours=1), "failed", error="feed http://y: HTTP 500")
        add_run(session, "back", NOW - timedelta(hours=3), "failed", error="feed http://z: HTTP 500")
        add_run(session, "back", NOW - timedelta(hours=1), articles_new=2)
    with transaction(sessions) as session:
        refused, blip, back = (health_of(session, slug, NOW) for slug in ("refused", "blip", "back"))
    assert (refused.verdict, refused.reason) == ("failing", "no run has succeeded yet: feed http://x: Connection refused")
    # not "ok" beside a failed last run (status showed ok, 50 %, "last run failed")
    assert (blip.verdict, blip.reason) == ("warning", "last run failed: feed http://y: HTTP 500")
    assert (back.verdict, back.error_rate) == ("ok", 0.5)  # its last run succeeded


def test_a_source_whose_runs_all_find_nothing_through_an_error_is_failing(sessions: sessionmaker[Session]) -> None:
    """A listing selector that matches nothing ends each run "partial" with nothing found:
    status called such a source ok. One stopped by the user, or one whose feed was broken
    once, is not failing."""
    no_links = "listing http://w.example/news: no article links matched 'a.headline'"
    with transaction(sessions) as session:
        add_run(session, "wrong", NOW - timedelta(hours=2), "partial", error=no_links)
        add_run(session, "stopped", NOW - timedelta(hours=1), "partial", error=STOPPED_AT_START)
        add_run(session, "once", NOW - timedelta(hours=3), "ok", articles_new=4)
        add_run(session, "once", NOW - timedelta(hours=1), "partial", error=no_links)
        for hours in (1, 2, 3):
            add_run(session, "lapsed", NOW - timedelta(hours=hours), "partial", error=no_links)
        add_run(session, "lapsed", NOW - timedelta(days=2), "ok", articles_new=4)
    with transaction(sessions) as session:
        wrong, stopped, once, lapsed = (health_of(session, slug, NOW) for slug in ("wrong", "stopped", "once", "lapsed"))
    assert (wrong.verdict, wrong.reason) == ("failing", f"no run has found an article yet: {no_links}")
    assert (lapsed.verdict, lapsed.reason) == ("failing", f"last 3 runs failed or found no article: {no_links}")
    assert once.verdict == "ok"
    assert (stopped.verdict, stopped.last_success) == ("never", None)
    assert stopped.reason == "not crawled yet: each run was stopped (Ctrl-C or SIGTERM) before it met an article"
    assert lapsed.last_success == NOW - timedelta(days=2)


def test_a_run_stopped_before_it_met_an_article_is_neither_success_nor_failure(
        sessions: sessionmaker[Session]) -> None:
    """A crawl stopped by SIGTERM while it started (a service manager restarting `schedule`)
    made a source whose feed always fails 'ok', with that run as its last success; nor does
    such a run break a streak of failures. A run stopped after it met articles succeeded."""
    refused = "feed http://x: HTTP 500"
    with transaction(sessions) as session:
        add_run(session, "ix500", NOW - timedelta(hours=2), "partial", error=STOPPED_AT_START)
        add_run(session, "ix500", NOW - timedelta(hours=1), "failed", error=refused)
        add_run(session, "down", NOW - timedelta(days=2), articles_new=3)
        for hours in (4, 3, 1):
            add_run(session, "down", NOW - timedelta(hours=hours), "failed", error=refused)
        add_run(session, "down", NOW - timedelta(hours=2), "partial", error=STOPPED_BEFORE_THE_END,
                pages_fetched=1, http_errors=1)
        add_run(session, "got_some", NOW - timedelta(hours=1), "partial", error=STOPPED_BEFORE_THE_END,
                pages_fetched=4, articles_new=3)
    with transaction(sessions) as session:
        ix500, down, got_some = (health_of(session, slug, NOW) for slug in ("ix500", "down", "got_some"))
    assert (ix500.verdict, ix500.reason, ix500.last_success) == ("failing", f"no run has succeeded yet: {refused}", None)
    assert (down.verdict, down.reason) == ("failing", f"last 3 runs failed: {refused}")
    assert (got_some.verdict, got_some.last_success) == ("ok", NOW - timedelta(hours=1))


def test_a_run_left_running_by_a_process_that_is_gone_is_a_failed_run(sessions: sessionmaker[Session]) -> None:
    """A crawl killed, or one that could not record its end while the database was down: status
    said "(running)" until a scheduler started and marked it."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with transaction(sessions) as session:
        add_run(session, "killed", NOW - timedelta(hours=3), articles_new=2)
        add_run(session, "killed", NOW - timedelta(hours=1), "running", pid=dead.pid, host=socket.gethostname())
        add_run(session, "alive", NOW - timedelta(hours=1), "running", pid=os.getpid(), host=socket.gethostname())
        add_run(session, "elsewhere", NOW - timedelta(hours=1), "running", pid=dead.pid, host="another-machine")
    with transaction(sessions) as session:
        killed, alive, elsewhere = (health_of(session, slug, NOW) for slug in ("killed", "alive", "elsewhere"))
        assert session.execute(select(CrawlRun.status).where(CrawlRun.source_slug == "killed")
                               .order_by(CrawlRun.id.desc())).scalars().first() == "running"  # not written
    assert killed.last_status == "failed" and killed.verdict == "warning" and killed.reason.startswith(
        "last run failed: its process ended without recording the end of the run")
    assert (alive.last_status, elsewhere.last_status) == ("running", "running")


def test_a_source_crawled_by_distributed_workers_is_judged_by_its_articles(sessions: sessionmaker[Session]) -> None:
    """Distributed workers record no crawl runs: status said 'never crawled' for sources
    whose articles they had just stored."""
    with transaction(sessions) as session:
        add_articles(session, "busy", [NOW - timedelta(hours=h) for h in (1, 3, 30, 50)])
        add_articles(session, "asleep", [NOW - timedelta(days=20, hours=h) for h in range(8)])
    with transaction(sessions) as session:
        busy, asleep, unknown = (health_of(session, slug, NOW) for slug in ("busy", "asleep", "unknown"))
    assert (busy.verdict, busy.new_24h, busy.new_7d) == ("ok", 2, 4)
    assert busy.reason.startswith("no crawl runs (distributed workers?)")
    assert asleep.verdict == "stale" and asleep.reason.startswith("no new article since")
    assert (unknown.verdict, unknown.reason) == ("never", "never crawled")


def test_degraded_when_a_field_suddenly_goes_missing(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        for day in range(6, 1, -1):
            add_run(session, "layout", NOW - timedelta(days=day), articles_new=4,
                    missing_fields={"authors": 4})  # never had authors: not a change
        add_run(session, "layout", NOW - timedelta(hours=3), articles_new=4,
                missing_fields={"published_at": 4, "authors": 4})
    with transaction(sessions) as session:
        health = health_of(session, "layout", NOW)
    assert health.verdict == "degraded"
    assert "published_at" in health.reason


def test_degraded_when_pages_stop_looking_like_articles(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        for day in range(6, 1, -1):
            add_run(session, "redesign", NOW - timedelta(days=day), articles_new=3)
        add_run(session, "redesign", NOW - timedelta(hours=3), articles_new=1,
                dropped={"not_article_listing": 5})
        add_run(session, "redesign", NOW - timedelta(hours=2), articles_new=2,
                dropped={"empty": 4})
    with transaction(sessions) as session:
        assert health_of(session, "redesign", NOW).verdict == "degraded"


def test_stale_compares_with_the_sources_usual_gap(sessions: sessionmaker[Session]) -> None:
    hourly = [NOW - timedelta(days=3, hours=h) for h in range(20)]
    weekly = [NOW - timedelta(days=3 + 7 * w) for w in range(8)]
    with transaction(sessions) as session:
        add_articles(session, "hourly", hourly)
        add_run(session, "hourly", NOW - timedelta(days=3), articles_new=20)
        add_articles(session, "weekly", weekly)
        add_run(session, "weekly", NOW - timedelta(days=3), articles_new=8)
        for hours in (30, 20, 1):  # crawls keep succeeding, nothing new
            add_run(session, "hourly", NOW - timedelta(hours=hours), urls_already_stored=20)
            add_run(session, "weekly", NOW - timedelta(hours=hours), urls_already_stored=8)
    with transaction(sessions) as session:
        hourly_health, weekly_health = source_health(session, ["hourly", "weekly"], NOW)
    assert hourly_health.verdict == "stale"
    assert "no new article since" in hourly_health.reason
    assert weekly_health.verdict == "ok"  # three quiet days are normal for a weekly outlet


def test_usual_gap_needs_some_history() -> None:
    assert usual_gap([NOW - timedelta(hours=h) for h in range(4)]) is None
    gaps = usual_gap([NOW - timedelta(hours=2 * h) for h in range(12)])
    assert gaps == timedelta(hours=2)


def _status(tmp_path: Any, runs: list[tuple[timedelta, str, str | None]], *options: str) -> Any:
    """``castwire status`` over a one-source catalogue (alpha) whose crawl runs started the
    given times ago, with the given status and error."""
    from click.testing import CliRunner

    from pipeline.cli import cli
    from storage.db import open_database, session_factory

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    catalogue = tmp_path / "sources.toml"
    if not catalogue.exists():
        catalogue.write_text('[alpha]\nname = "Alpha"\nhomepage = "https://alpha.example/"\nlanguage = "en"\n'
                             'feeds = ["https://alpha.example/feed"]\n', "utf-8")
        engine = open_database(url)
        with transaction(session_factory(engine)) as session:
            for ago, status, error in runs:
                add_run(session, "alpha", datetime.now(UTC) - ago, status, error=error)
        engine.dispose()
    return CliRunner().invoke(cli, ["--db", url, "--sources", str(catalogue), "status", *options])


def test_status_command_json(tmp_path: Any) -> None:
    import json

    runs = [(timedelta(hours=hours), "failed", "HTTP 500") for hours in (3, 2, 1)]
    result = _status(tmp_path, runs, "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)["sources"]
    assert (row["source"], row["verdict"], row["error_rate"]) == ("alpha", "failing", 1.0)
    table = _status(tmp_path, runs)
    assert "failing" in table.output and "HTTP 500" in table.output


def readme_json_fields(table: int) -> list[str]:
    """The fields the README's "JSON of status and entities" section names in its ``table``-th
    table, in order (a row may name two: "`new_24h`, `new_7d`")."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    section = readme.split("\n## JSON of `status` and `entities`\n", 1)[1].split("\n## ", 1)[0]
    tables = [block for block in section.split("\n\n") if block.startswith("| field |")]
    cells = [row.split(" | ", 1)[0] for row in tables[table].splitlines() if row.startswith("| `")]
    return [name for cell in cells for name in re.findall(r"`([^`]+)`", cell)]


def test_status_json_has_the_fields_the_readme_documents(tmp_path: Any) -> None:
    """status --json was described nowhere: the README's table is its fields, in their order."""
    import json

    documented = readme_json_fields(0)
    result = _status(tmp_path, [(timedelta(hours=1), "failed", "HTTP 500")], "--json")
    document = json.loads(result.output)
    assert [*document, "cluster"] == [name for name in documented if "[]" not in name]  # cluster: distributed mode
    assert list(document["sources"][0]) == [name.split("[].")[1] for name in documented if name.startswith("sources[].")]


def test_status_table_says_its_rate_counts_failed_runs_not_failed_pages(tmp_path: Any) -> None:
    """tR: "error rate 0%" beside a why column listing failed pages of a partial run read as a
    rate of pages; the column counts runs that failed or timed out, and says so."""
    table = _status(tmp_path, [(timedelta(hours=1), "partial", "3 pages failed, first problem: article x: 404")])
    assert table.exit_code == 0, table.output
    assert "runs failed" in table.output and "error rate" not in table.output


def test_status_table_says_when_a_source_is_being_crawled(tmp_path: Any) -> None:
    table = _status(tmp_path, [(timedelta(hours=2), "ok", None), (timedelta(minutes=1), "running", None)])
    assert table.exit_code == 0 and "(running)" in table.output, table.output


def test_a_partial_last_run_says_why_beside_an_ok_verdict(sessions: sessionmaker[Session]) -> None:
    """A feed read despite malformed XML: crawls go on (ok), the why column says what is wrong."""
    with transaction(sessions) as session:
        add_run(session, "gamma", NOW - timedelta(hours=2), "ok")
        add_run(session, "gamma", NOW - timedelta(hours=1), "partial",
                error="feed http://gamma.example/feed.xml: malformed XML (recovered): not well-formed")
        health = source_health(session, ["gamma"], now=NOW)[0]
    assert health.verdict == "ok"
    assert health.reason == "last run partial: feed http://gamma.example/feed.xml: malformed XML (recovered): not well-formed"
    with transaction(sessions) as session:  # a database outage during the run: how many it lost
        add_run(session, "gamma", NOW - timedelta(minutes=30), "partial", articles_new=4, dropped={"store_error": 6},
                error="store_error http://gamma.example/a.html: OperationalError: connection failed")
        health = source_health(session, ["gamma"], now=NOW)[0]
    assert health.reason == ("last run partial, 6 article(s) not stored (fetched again next run): "
                             "store_error http://gamma.example/a.html: OperationalError: connection failed")



def test_a_last_run_that_met_only_too_old_sitemap_entries_says_why(sessions: sessionmaker[Session]) -> None:
    """A new source's first crawl of an older sitemap met no article, having skipped its entries
    as older than max_sitemap_age_days: status said `ok` with nothing in the why column. It says
    what `crawl` says of that run; a run that met an article says nothing of the old entries."""
    note = ("last run met no article: 6 sitemap entries older than the source's max_sitemap_age_days skipped "
            "(castwire crawl seoul -s CASTWIRE_IGNORE_SITEMAP_AGE=True reads them)")
    with transaction(sessions) as session:
        add_run(session, "seoul", NOW - timedelta(hours=1), pages_fetched=2, stats={"castwire/sitemap_too_old": 6})
        health = source_health(session, ["seoul"], now=NOW)[0]
    assert (health.verdict, health.reason) == ("ok", note)
    with transaction(sessions) as session:  # days later, still nothing: stale, and why
        health = source_health(session, ["seoul"], now=NOW + timedelta(days=3))[0]
    assert health.verdict == "stale" and health.reason.endswith(f"; {note}"), health.reason
    with transaction(sessions) as session:
        add_articles(session, "seoul", [NOW])
        add_run(session, "seoul", NOW, articles_new=1, stats={"castwire/sitemap_too_old": 6})
        health = source_health(session, ["seoul"], now=NOW + timedelta(minutes=5))[0]
    assert (health.verdict, health.reason) == ("ok", "")

def test_status_shows_stored_sources_another_catalogue_listed(tmp_path: Any) -> None:
    """`status` without the --sources a database was crawled with: its sources are not hidden."""
    import json

    from click.testing import CliRunner

    from pipeline.cli import cli
    from storage.db import open_database, session_factory

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        add_articles(session, "mine", [datetime.now(UTC) - timedelta(hours=1)])
        add_run(session, "mine", datetime.now(UTC) - timedelta(hours=1), articles_new=1)
    engine.dispose()
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text('[alpha]\nname = "Alpha"\nhomepage = "https://alpha.example/"\nlanguage = "en"\n'
                         'feeds = ["https://alpha.example/feed"]\n', "utf-8")
    result = CliRunner().invoke(cli, ["--db", url, "--sources", str(catalogue), "status", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["source"]: row for row in json.loads(result.output)["sources"]}
    assert list(rows) == ["alpha", "mine"]
    assert rows["mine"]["new_24h"] == 1
    assert rows["mine"]["reason"] == f"not in the catalogue {catalogue} (crawled with another --sources?)"
