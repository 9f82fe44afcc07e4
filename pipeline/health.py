"""Source health from the crawl-run history: is a source still yielding news?

Verdicts, most urgent first (each source is judged against its own history):

``failing``
    the last :data:`FAILING_AFTER_RUNS` finished runs all failed, timed out or were
    fruitless (partial on an error, meeting no article), or none has succeeded yet.
``degraded``
    the latest runs stored articles but a field the source's earlier runs
    nearly always had (date, body, title, authors) is now missing from most of
    them, or pages suddenly stopped looking like articles — the usual sign of
    a changed page layout.
``stale``
    crawls succeed, but no new article has arrived for longer than the
    source's usual gap (:func:`usual_gap`, at least :data:`MIN_STALE_GAP`).
``warning``
    none of the above, but the last finished run failed or timed out (fewer than
    :data:`FAILING_AFTER_RUNS` in a row): the site may be down for a while.
``ok``
    none of the above; ``never`` when the source has not been crawled yet.

A run stopped (Ctrl-C, SIGTERM) before it met an article counts as neither a success nor a
failure: a service manager restarting ``schedule`` makes such runs routinely.

Everything is computed "as of" a time ``now`` from data recorded before it,
so a digest of a past window shows the health of that time.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from pipeline.crawlruns import STOPPED, process_alive, sitemap_too_old, sitemap_too_old_note
from storage.models import CrawlRun
from storage.repository import (
    article_times,
    count_fetched_articles,
    latest_article_fetch,
    runs_before,
)

FAILING_AFTER_RUNS = 3  # this many failed runs in a row → failing
HISTORY_RUNS = 20  # runs considered for the error rate and the field history
MIN_STALE_GAP = timedelta(hours=24)
STALE_GAP_FACTOR = 2.0  # stale after this many times the usual (90th percentile) gap
DEGRADED_SHARE = 0.5  # share of recent articles missing a field...
HISTORIC_SHARE = 0.1  # ...that at most this share of earlier articles missed
MIN_RECENT_ARTICLES = 3  # judge fields on at least this many recent articles
MIN_HISTORIC_ARTICLES = 5
FAILED = ("failed", "timed_out")
SUCCEEDED = ("ok", "partial")
VERDICTS = ("ok", "warning", "stale", "degraded", "failing", "never")
# Drop reasons that mean "the page no longer looks like an article".
_LAYOUT_DROPS = ("empty", "not_article_")


@dataclass(frozen=True)
class SourceHealth:
    source: str
    last_run: datetime | None
    last_status: str | None
    last_success: datetime | None
    new_24h: int
    new_7d: int
    error_rate: float  # failed share of the recent finished runs
    verdict: str  # ok | warning | stale | degraded | failing | never
    reason: str = ""
    last_error: str | None = None


def usual_gap(times: Sequence[datetime]) -> timedelta | None:
    """The source's usual longest quiet spell: the 90th percentile gap between
    consecutive articles (newest first), or None with fewer than 6 articles."""
    if len(times) < 6:
        return None
    gaps = sorted(a - b for a, b in zip(times, times[1:], strict=False))
    return gaps[min(len(gaps) - 1, int(len(gaps) * 0.9))]


def _stored(run: CrawlRun) -> int:
    return run.articles_new + run.articles_updated + run.articles_unchanged


def _as_ended(session: Session, run: CrawlRun) -> CrawlRun:
    """A run recorded "running" whose process on this machine is gone, as the failed run it is
    (killed, or unable to record its end while the database was down): status called it
    running until a scheduler started and marked it. Judged detached from the session, so the
    stored row is left as it is."""
    if run.status != "running" or not run.pid or run.host != socket.gethostname() or process_alive(run.pid):
        return run
    session.expunge(run)
    run.status = "failed"
    run.error = ("its process ended without recording the end of the run (killed, or the database was "
                 "unreachable)" + (f"; before that: {run.error}" if run.error else ""))
    return run


def _met(run: CrawlRun) -> int:
    """The articles a run met: stored, duplicates, or stored before."""
    return _stored(run) + run.articles_duplicate + run.urls_already_stored


def _stopped(run: CrawlRun) -> bool:
    """A run stopped by Ctrl-C or SIGTERM (a service manager restarting ``schedule``)."""
    return run.status == "partial" and bool(run.error) and run.error.startswith(STOPPED)


def _fruitless(run: CrawlRun) -> bool:
    """A run that ended partial on an error and met no article at all, not even one stored
    before (a listing selector that matches nothing, a feed unreadable but for its shell):
    a source whose runs all end so yields nothing, however "partial" they look. A run the
    user stopped is not one."""
    return run.status == "partial" and bool(run.error) and not _stopped(run) and _met(run) == 0


def _got_nowhere(run: CrawlRun) -> bool:
    """A run stopped before it met an article (while it started, or fetched its first feed):
    it says nothing of the source, neither a success nor a failure."""
    return _stopped(run) and _met(run) == 0


def _field_counts(run: CrawlRun) -> dict[str, int]:
    counts: dict[str, int] = {k: int(v) for k, v in (run.missing_fields or {}).items()}
    layout = sum(int(v) for k, v in (run.dropped or {}).items() if k.startswith(_LAYOUT_DROPS))
    if layout:
        counts["article page"] = layout
    return counts


def degraded_field(runs: Sequence[CrawlRun]) -> str | None:
    """A field missing from most articles of the latest runs but rarely before (runs newest first)."""
    finished = [r for r in runs if r.status in SUCCEEDED]
    recent: list[CrawlRun] = []
    for run in finished:
        recent.append(run)
        if sum(_stored(r) for r in recent) >= MIN_RECENT_ARTICLES:
            break
    history = finished[len(recent):]
    recent_total = sum(_stored(r) for r in recent)
    history_total = sum(_stored(r) for r in history)
    if recent_total < MIN_RECENT_ARTICLES or history_total < MIN_HISTORIC_ARTICLES:
        return None
    recent_missing = _sum_counts(_field_counts(r) for r in recent)
    history_missing = _sum_counts(_field_counts(r) for r in history)
    for name, missing in sorted(recent_missing.items(), key=lambda item: -item[1]):
        recent_share = missing / (recent_total + (missing if name == "article page" else 0))
        past = history_missing.get(name, 0)
        past_share = past / (history_total + (past if name == "article page" else 0))
        if recent_share >= DEGRADED_SHARE and past_share <= HISTORIC_SHARE:
            return name
    return None


def _sum_counts(counts: Any) -> dict[str, int]:
    total: dict[str, int] = {}
    for mapping in counts:
        for key, value in mapping.items():
            total[key] = total.get(key, 0) + value
    return total


def health_of(session: Session, slug: str, now: datetime) -> SourceHealth:
    """The health of one source as of ``now``."""
    runs = runs_before(session, slug, now, HISTORY_RUNS)
    if not runs:
        return _health_from_articles(session, slug, now)
    runs = [_as_ended(session, run) for run in runs]
    finished = [r for r in runs if r.status != "running" and not _got_nowhere(r)]
    failed = [r for r in finished if r.status in FAILED]
    success = next((r for r in finished if r.status in SUCCEEDED and not _fruitless(r)), None)
    error_rate = len(failed) / len(finished) if finished else 0.0
    last_error = next((r.error for r in finished if r.error), None)
    streak = finished[:FAILING_AFTER_RUNS]
    verdict, reason = "ok", ""
    field = degraded_field(finished)
    because = f": {streak[0].error}" if streak and streak[0].error else ""
    if len(streak) == FAILING_AFTER_RUNS and all(r.status in FAILED or _fruitless(r) for r in streak):
        failed_or_found_nothing = "failed" if all(r.status in FAILED for r in streak) else "failed or found no article"
        verdict, reason = "failing", f"last {FAILING_AFTER_RUNS} runs {failed_or_found_nothing}{because}"
    elif success is None and finished:  # every run so far failed or found nothing (a run may still be going)
        ended = "found an article" if any(_fruitless(r) for r in finished) else "succeeded"
        verdict, reason = "failing", f"no run has {ended} yet{because}"
    elif not finished:  # its first crawl is running, or each so far was stopped before it met an article
        stopped = any(r.status != "running" for r in runs)
        verdict, reason = "never", "not crawled yet" + (
            ": each run was stopped (Ctrl-C or SIGTERM) before it met an article" if stopped else "")
    elif field:
        verdict, reason = "degraded", f"{field} suddenly missing from most new articles"
    elif success is not None:
        stale = _stale_reason(session, slug, now, finished)
        if stale:
            verdict, reason = "stale", stale
    if verdict == "ok" and finished and finished[0].status in FAILED:
        verdict, reason = "warning", f"last run failed{because}"
    elif verdict == "ok" and finished and finished[0].status == "partial" and finished[0].error:
        lost = int((finished[0].dropped or {}).get("store_error", 0))
        unstored = f", {lost} article(s) not stored (fetched again next run)" if lost else ""
        reason = f"last run partial{unstored}: {finished[0].error}"  # a broken feed, a page that failed
    skipped = sitemap_too_old(finished[0].stats) if finished and not _met(finished[0]) else 0
    if skipped and verdict in ("ok", "stale") and not finished[0].error:  # met nothing: the sitemap was too old
        reason = "; ".join(filter(None, (reason, f"last run met no article: {sitemap_too_old_note(slug, skipped)}")))
    return SourceHealth(
        slug, runs[0].started_at, runs[0].status, success.started_at if success else None,
        # from the articles, not the runs' counters: distributed workers and a killed crawl store too
        count_fetched_articles(session, slug, now - timedelta(hours=24), now),
        count_fetched_articles(session, slug, now - timedelta(days=7), now),
        round(error_rate, 3), verdict, reason, last_error,
    )


def _health_from_articles(session: Session, slug: str, now: datetime) -> SourceHealth:
    """A source without crawl runs: never crawled, or crawled by distributed workers (which
    record none), judged by the articles they stored: new ones and staleness."""
    stored = latest_article_fetch(session, slug, now)
    if stored is None:
        return SourceHealth(slug, None, None, None, 0, 0, 0.0, "never", "never crawled")
    stale = _stale_reason(session, slug, now, [], newest=stored)
    return SourceHealth(
        slug, None, None, None,
        count_fetched_articles(session, slug, now - timedelta(hours=24), now),
        count_fetched_articles(session, slug, now - timedelta(days=7), now),
        0.0, "stale" if stale else "ok",
        stale or f"no crawl runs (distributed workers?); newest article stored {stored:%Y-%m-%d %H:%M} UTC",
    )


def _stale_reason(session: Session, slug: str, now: datetime, finished: Sequence[CrawlRun],
                  newest: datetime | None = None) -> str | None:
    """Why the source looks stale, or None. ``newest``: when its newest article was stored,
    when the caller knows it (a source without crawl runs)."""
    newest = newest or latest_article_fetch(session, slug, now)
    gap = usual_gap(article_times(session, slug, now))
    allowed = max(MIN_STALE_GAP, STALE_GAP_FACTOR * gap) if gap else MIN_STALE_GAP
    if newest is None:
        first = min(r.started_at for r in finished)
        if now - first > allowed:
            return f"no article at all since the first crawl ({first:%Y-%m-%d %H:%M} UTC)"
        return None
    if now - newest > allowed:
        return f"no new article since {newest:%Y-%m-%d %H:%M} UTC (usually every {_human(gap or allowed)} or less)"
    return None


def _human(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.0f} d" if hours >= 48 else f"{max(hours, 1):.0f} h"


def source_health(session: Session, slugs: Sequence[str], now: datetime) -> list[SourceHealth]:
    """Health of each source, in the given order."""
    return [health_of(session, slug, now) for slug in slugs]


def summary(rows: Sequence[SourceHealth]) -> Mapping[str, int]:
    """How many sources have each verdict."""
    return {verdict: sum(1 for r in rows if r.verdict == verdict) for verdict in VERDICTS}
