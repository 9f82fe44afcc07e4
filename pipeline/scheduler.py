"""``castwire schedule``: crawls, the daily digest and housekeeping, on time, for months.

APScheduler 3 with a persistent :class:`SQLAlchemyJobStore` in castwire's own
database (table ``castwire_jobs``), so the schedule survives restarts. Jobs
have stable ids, are written with ``replace_existing=True`` and run with
``coalesce=True`` and ``max_instances=1``:

=================  ===========================  =====================================
job id             when                         misfire_grace_time
=================  ===========================  =====================================
``crawl:<slug>``   every catalogue ``interval`` one interval + jitter: after any
                   (default 30 min) + jitter    downtime the missed runs coalesce into
                                                one run that always happens
``digest``         daily at ``digest_time``     12 h: a digest missed by less is sent
                   (default 07:00) in           late; one missed by more is skipped
                   ``CASTWIRE_TIMEZONE``        (the next day's follows as usual)
``housekeeping``   daily at 04:15 local         24 h: it always runs once after downtime
=================  ===========================  =====================================

Jitter: each crawl fires up to 10 % of its interval (at most 5 min) late, so
sources do not all start at once; new jobs are also spread over the first
minute. At most ``Settings.max_crawls`` crawls run at once (the crawl
executor's thread count); each is a ``python -m scrapers crawl`` subprocess with
the crawl timeout of :func:`pipeline.crawl.run_crawl`.

On start the jobs are reconciled with the catalogue: new sources are
scheduled, removed or disabled ones unscheduled, and a job whose trigger did
not change keeps its stored next run time (so downtime is caught up once).

SIGTERM/SIGINT stop the taking of new jobs, give running crawls
``shutdown_grace`` seconds to finish, then terminate them (SIGTERM, then SIGKILL
once the pages they transfer had their download timeout:
:func:`pipeline.crawl.stop_grace`) — such runs are recorded stopped (``partial``,
"stopped before the end"), not as failures of their sites — and the process exits 0. A
database lock (:mod:`pipeline.scheduler_lock`) keeps a second scheduler on the
same database from starting.

Time is injected (``now``) everywhere the schedule is computed, so tests never
sleep.
"""

from __future__ import annotations

import logging
import random
import signal
import socket
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.executors.base import run_job
from apscheduler.executors.pool import BasePoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_RUNNING
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import ref_to_obj
from sqlalchemy import Engine

from pipeline import jobs
from pipeline.config import Settings, masked_url
from pipeline.crawl import check_crawl_settings, stop_grace
from pipeline.crawlruns import cut_short, process_alive
from pipeline.errors import UserError, one_line
from pipeline.jobs import JobRuntime
from pipeline.scheduler_lock import SchedulerLock, scheduler_lock
from pipeline.sources import Source
from storage.db import open_database, session_factory, transaction
from storage.repository import latest_runs, mark_interrupted_runs

logger = logging.getLogger(__name__)

JOBSTORE_TABLE = "castwire_jobs"
JOBSTORE = "default"
CRAWL_EXECUTOR = "crawls"
OTHER_EXECUTOR = "default"
HOUSEKEEPING_TIME = time(4, 15)
DIGEST_MISFIRE_GRACE = timedelta(hours=12)
HOUSEKEEPING_MISFIRE_GRACE = timedelta(hours=24)
MAX_JITTER = timedelta(minutes=5)
FIRST_RUN_SPREAD = timedelta(minutes=1)
LOCK_CHECK_SECONDS = 30.0


# --- the plan: which jobs, with which triggers ------------------------------------


@dataclass(frozen=True)
class PlannedJob:
    """One job as the catalogue and settings want it."""

    id: str
    func: str
    trigger: BaseTrigger
    executor: str
    misfire_grace_time: int  # seconds
    args: tuple[Any, ...] = (jobs.RUNTIME,)


def parse_clock_time(value: str) -> time:
    """``"07:00"`` → 07:00 (the digest time)."""
    try:
        parsed = time.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"CASTWIRE_DIGEST_TIME: not a time like 07:00: {value!r}") from None
    return parsed.replace(second=0, microsecond=0)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"CASTWIRE_TIMEZONE: unknown time zone {name!r} (use an IANA name like Asia/Seoul)") from None


def crawl_jitter(interval: timedelta) -> int:
    """Seconds a crawl may fire late: 10 % of its interval, at most 5 minutes."""
    return int(min(interval * 0.1, MAX_JITTER).total_seconds())


def crawl_job_id(slug: str) -> str:
    return f"crawl:{slug}"


def plan_jobs(settings: Settings, sources: Sequence[Source], now: datetime) -> list[PlannedJob]:
    """The jobs castwire wants: one crawl per enabled source, the digest, housekeeping."""
    zone = _zone(settings.timezone)
    planned = []
    for source in sources:
        if not source.enabled:
            continue
        interval, jitter = int(source.interval.total_seconds()), crawl_jitter(source.interval)
        planned.append(PlannedJob(
            id=crawl_job_id(source.slug),
            func=jobs.CRAWL_JOB,
            trigger=IntervalTrigger(seconds=interval, start_date=now, timezone=zone, jitter=jitter or None),
            executor=CRAWL_EXECUTOR,
            misfire_grace_time=interval + jitter,
            args=(jobs.RUNTIME, source.slug),
        ))
    at = parse_clock_time(settings.digest_time)
    planned.append(PlannedJob(
        id="digest", func=jobs.DIGEST_JOB,
        trigger=CronTrigger(hour=at.hour, minute=at.minute, timezone=zone),
        executor=OTHER_EXECUTOR, misfire_grace_time=int(DIGEST_MISFIRE_GRACE.total_seconds()),
    ))
    planned.append(PlannedJob(
        id="housekeeping", func=jobs.HOUSEKEEPING_JOB,
        trigger=CronTrigger(hour=HOUSEKEEPING_TIME.hour, minute=HOUSEKEEPING_TIME.minute, timezone=zone),
        executor=OTHER_EXECUTOR, misfire_grace_time=int(HOUSEKEEPING_MISFIRE_GRACE.total_seconds()),
    ))
    return planned


def trigger_signature(trigger: BaseTrigger) -> tuple[str, ...]:
    """What makes two triggers the same schedule (start dates aside)."""
    return (type(trigger).__name__, str(trigger), str(getattr(trigger, "jitter", None)),
            str(getattr(trigger, "timezone", None)))


@dataclass(frozen=True)
class SyncReport:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def sync_jobs(
    scheduler: BackgroundScheduler,
    planned: Sequence[PlannedJob],
    now: datetime,
    *,
    spread: bool = True,
    rng: random.Random | None = None,
    last_started: Mapping[str, datetime] | None = None,
    cut_short_jobs: Collection[str] = (),
) -> SyncReport:
    """Make the job store match ``planned``.

    A stored job whose trigger is unchanged keeps its trigger and next run time
    (missed runs are then coalesced into one); a new or changed job starts
    fresh — crawls right away (spread over the first minute when ``spread``),
    the others at their next fire time (a digest moved to a time already past today: that
    time, so today's is sent at once). Stored jobs not planned are removed.
    A kept crawl whose last fire time passed without its crawl starting
    (``last_started``: job id → its source's latest run start; the scheduler stopped
    while it waited for a free slot, which moved its next run a whole interval on)
    runs right away too, and so does a kept crawl whose source's latest run was cut short
    (``cut_short_jobs``: job ids; stopped, or interrupted by a kill, as a restart does): without it,
    that source waited a whole interval.
    """
    rng = rng or random.Random()
    existing = {job.id: job for job in scheduler.get_jobs(jobstore=JOBSTORE)}
    added, changed, kept = [], [], []
    for plan in planned:
        old = existing.pop(plan.id, None)
        if old is not None and old.next_run_time is not None and \
                trigger_signature(old.trigger) == trigger_signature(plan.trigger):
            trigger, next_run = old.trigger, old.next_run_time
            kept.append(plan.id)
            why = None
            if plan.executor == CRAWL_EXECUTOR and next_run > now:
                why = ("was due before the scheduler stopped but never started"
                       if _fired_without_starting(trigger, next_run, now, last_started, plan.id)
                       else "its last crawl was cut short (stopped, or killed with the scheduler)"
                       if plan.id in cut_short_jobs else None)
            if why:
                logger.info("%s %s: running it now", plan.id, why)
                next_run = now + (rng.random() * FIRST_RUN_SPREAD if spread else timedelta(0))
        else:
            trigger = plan.trigger
            if plan.executor == CRAWL_EXECUTOR:
                next_run = now + (rng.random() * FIRST_RUN_SPREAD if spread else timedelta(0))
            elif old is not None and plan.id == "digest":
                next_run = _passed_today(plan.trigger, now) or plan.trigger.get_next_fire_time(None, now)
            else:
                next_run = plan.trigger.get_next_fire_time(None, now)
            (changed if old is not None else added).append(plan.id)
        scheduler.add_job(
            plan.func, trigger=trigger, args=plan.args, id=plan.id, name=plan.id,
            jobstore=JOBSTORE, executor=plan.executor, replace_existing=True, coalesce=True,
            max_instances=1, misfire_grace_time=plan.misfire_grace_time, next_run_time=next_run,
        )
    for job_id in existing:
        scheduler.remove_job(job_id, jobstore=JOBSTORE)
    return SyncReport(tuple(added), tuple(changed), tuple(kept), tuple(sorted(existing)))


# --- running jobs with the process's runtime --------------------------------------


def _passed_today(trigger: BaseTrigger, now: datetime) -> datetime | None:
    """The daily trigger's fire time today (in its zone) when it has passed: a digest time moved
    to one already past today still sends today's digest (the job skips one already sent)."""
    fire = trigger.get_next_fire_time(None, now - timedelta(days=1))
    zone = getattr(trigger, "timezone", UTC)
    return fire if fire is not None and fire <= now and fire.date() == now.astimezone(zone).date() else None


def _fired_without_starting(trigger: BaseTrigger, next_run: datetime, now: datetime,
                            last_started: Mapping[str, datetime] | None, job_id: str) -> bool:
    """Whether an interval job fired (its next run moved on past ``now``, one interval after a
    fire time already past) while its source's latest crawl started before that fire time.
    Each fire puts the next one an interval and up to the trigger's jitter later, so the fire
    time is taken as the earliest it can have been: one jittered late no longer hid a crawl
    killed before it recorded its run."""
    if last_started is None or not isinstance(trigger, IntervalTrigger) or next_run <= now:
        return False
    fired = next_run - trigger.interval - timedelta(seconds=trigger.jitter or 0)
    started = last_started.get(job_id)
    return fired <= now and (started is None or started < fired - FIRST_RUN_SPREAD)


def bind_runtime(args: Sequence[Any], runtime: JobRuntime) -> tuple[Any, ...]:
    """Stored job arguments with the :data:`pipeline.jobs.RUNTIME` placeholder replaced."""
    return tuple(runtime if arg == jobs.RUNTIME else arg for arg in args)


class _BoundJob:
    """What :func:`apscheduler.executors.base.run_job` reads of a job, with the runtime bound."""

    def __init__(self, job: Job, runtime: JobRuntime) -> None:
        self.id = job.id
        self.name = job.name
        self.misfire_grace_time = job.misfire_grace_time
        self.func = job.func
        self.args = bind_runtime(job.args, runtime)
        self.kwargs = job.kwargs

    def __str__(self) -> str:
        return self.name


class RuntimeExecutor(BasePoolExecutor):
    """A thread pool that calls each job as ``func(runtime, *args)``.

    The job store thus keeps only a function reference and plain arguments,
    while the database sessions and crawl supervisor live in this process.
    """

    def __init__(self, runtime: JobRuntime, max_workers: int, name: str) -> None:
        super().__init__(ThreadPoolExecutor(max(1, max_workers), thread_name_prefix=f"castwire-{name}"))
        self.runtime = runtime

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        def done(future: Any) -> None:
            exc = future.exception()
            if exc is not None:
                self._run_job_error(job.id, exc, exc.__traceback__)
            else:
                self._run_job_success(job.id, future.result())

        future = self._pool.submit(run_job, _BoundJob(job, self.runtime), job._jobstore_alias,
                                   run_times, self._logger.name)
        future.add_done_callback(done)


class CastwireScheduler(BackgroundScheduler):
    """A BackgroundScheduler that processes jobs only while running.

    APScheduler 3's loop runs one more round of job processing after
    ``shutdown()`` wakes it; due jobs would then be submitted to stopped
    executors and their next run time advanced — lost runs. Here a paused or
    stopped scheduler never processes jobs.
    """

    def _process_jobs(self) -> float | None:
        if self.state != STATE_RUNNING:
            return None
        wait: float | None = super()._process_jobs()
        return wait


class _JobStoreOutageLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    """APScheduler's log, where a job store it cannot read (the database is down) is said in one
    line at most once a minute: APScheduler says it every 10 s with the driver's hints."""

    REPEAT = 60.0

    def __init__(self) -> None:
        super().__init__(logging.getLogger("apscheduler.scheduler"), {})
        self.last = -self.REPEAT

    def warning(self, msg: object, *args: Any, **kwargs: Any) -> None:
        if isinstance(msg, str) and msg.startswith("Error getting due jobs") and len(args) == 2:
            if monotonic() - self.last < self.REPEAT:
                return
            self.last = monotonic()
            msg, args = msg + " (tried again every 10 s, said once a minute)", (args[0], one_line(args[1]))
        super().warning(msg, *args, **kwargs)


def build_scheduler(runtime: JobRuntime, engine: Engine) -> BackgroundScheduler:
    """A scheduler on the castwire database's job table; not started."""
    return CastwireScheduler(
        logger=_JobStoreOutageLog(),
        jobstores={JOBSTORE: SQLAlchemyJobStore(engine=engine, tablename=JOBSTORE_TABLE)},
        executors={
            CRAWL_EXECUTOR: RuntimeExecutor(runtime, runtime.settings.max_crawls, "crawl"),
            OTHER_EXECUTOR: RuntimeExecutor(runtime, 1, "job"),
        },
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=_zone(runtime.settings.timezone),
    )


# --- --once: every due job once, then exit -----------------------------------------


@dataclass(frozen=True)
class OnceReport:
    ran: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()  # too late for their misfire grace time
    failed: tuple[str, ...] = ()
    results: Mapping[str, Any] = field(default_factory=dict)


def missed_run_times(job: Job, now: datetime) -> list[datetime]:
    """The job's fire times from its stored next run time up to ``now`` (inclusive)."""
    times: list[datetime] = []
    next_run = job.next_run_time
    while next_run is not None and next_run <= now:
        times.append(next_run)
        next_run = job.trigger.get_next_fire_time(next_run, now)
    return times


def next_run_after(job: Job, last: datetime, now: datetime) -> datetime | None:
    next_run: datetime | None = job.trigger.get_next_fire_time(last, now)
    while next_run is not None and next_run <= now:
        next_run = job.trigger.get_next_fire_time(next_run, now)
    return next_run


def run_due_once(scheduler: BackgroundScheduler, runtime: JobRuntime, now: datetime) -> OnceReport:
    """Run every job due at ``now`` once (missed runs coalesced), then reschedule it.

    The scheduler must be started paused (the job store open, nothing processing).
    Crawls run ``max_crawls`` at a time; the digest and housekeeping one after another.
    """
    due: list[Job] = []
    missed: list[str] = []
    for job in scheduler.get_jobs(jobstore=JOBSTORE):
        times = missed_run_times(job, now)
        if not times:
            continue
        # Reschedule first (as APScheduler does), so a crash never runs a job twice.
        scheduler.modify_job(job.id, jobstore=JOBSTORE, next_run_time=next_run_after(job, times[-1], now))
        if job.misfire_grace_time is not None and \
                now - times[-1] > timedelta(seconds=job.misfire_grace_time):
            missed.append(job.id)
            logger.warning("job %s missed its run at %s by more than its grace time", job.id, times[-1])
            continue
        due.append(job)
    results: dict[str, Any] = {}
    failed: list[str] = []

    def call(job: Job) -> None:
        func: Callable[..., Any] = ref_to_obj(job.func_ref)
        try:
            results[job.id] = func(*bind_runtime(job.args, runtime), **job.kwargs)
        except Exception:  # a failed job is logged and reported; the others still run
            logger.exception("job %s failed", job.id)
            failed.append(job.id)

    crawls = [job for job in due if job.executor == CRAWL_EXECUTOR]
    others = [job for job in due if job.executor != CRAWL_EXECUTOR]
    with ThreadPoolExecutor(max(1, runtime.settings.max_crawls), thread_name_prefix="castwire-crawl") as pool:
        list(pool.map(call, crawls))
    for job in others:
        call(job)
    return OnceReport(tuple(job.id for job in due), tuple(missed), tuple(failed), results)


# --- the service -------------------------------------------------------------------


@dataclass
class Service:
    """A started (paused) scheduler holding the database lock."""

    runtime: JobRuntime
    scheduler: BackgroundScheduler
    lock: SchedulerLock
    engine: Engine
    sync: SyncReport

    def serve(self, stop: threading.Event, *, lock_check: float = LOCK_CHECK_SECONDS) -> int:
        """Process jobs until ``stop`` is set (or the lock is lost), then shut down; exit status."""
        self.scheduler.resume()
        status = 0
        while not stop.wait(lock_check):
            if not self.lock.check():
                status = 1
                break
        self.shutdown(self.runtime.settings.shutdown_grace)
        return status

    def shutdown(self, grace: float) -> None:
        """No new jobs; running crawls get ``grace`` seconds, then SIGTERM, and SIGKILL when
        they have not stopped within :func:`pipeline.crawl.stop_grace`."""
        supervisor = self.runtime.supervisor
        supervisor.stopping.set()
        if self.scheduler.running:
            self.scheduler.pause()
        if not supervisor.wait_idle(grace):
            kill_after = stop_grace(self.runtime.extra_crawl_settings)
            logger.warning("%d crawl(s) still running after %.0f s: stopping them (SIGTERM; SIGKILL after %.0f s)",
                           supervisor.active, grace, kill_after)
            supervisor.terminate_all(kill_after)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        self.lock.release()
        self.engine.dispose()


def open_service(
    settings: Settings,
    sources: Sequence[Source],
    *,
    now: datetime | None = None,
    spread: bool = True,
    **runtime_options: Any,
) -> Service:
    """Lock the database, open the job store and reconcile it with the catalogue.

    The returned scheduler is started but paused: call :meth:`Service.serve`, or
    :func:`run_due_once` then :meth:`Service.shutdown`.
    """
    check_crawl_settings(settings)
    engine = open_database(settings.database_url)
    lock = scheduler_lock(engine)
    try:
        lock.acquire()
    except BaseException:
        engine.dispose()
        raise
    runtime = JobRuntime(settings, session_factory(engine), {s.slug: s for s in sources}, **runtime_options)
    with transaction(runtime.sessions) as session:  # crawls of a scheduler killed before this one
        interrupted = mark_interrupted_runs(session, None, process_alive, socket.gethostname())
    if interrupted:
        logger.warning("%d crawl run(s) left 'running' by a crawl process that is gone (killed, or stopped with "
                       "its scheduler) marked failed (interrupted)",
                       interrupted)
    scheduler = build_scheduler(runtime, engine)
    scheduler.start(paused=True)
    when = now or runtime.clock()
    last_started, stopped = None, set()  # distributed crawls record no runs: their jobs keep their times
    if not settings.redis_url:
        with transaction(runtime.sessions) as session:
            latest = latest_runs(session)
        last_started = {crawl_job_id(slug): run.started_at for slug, run in latest.items()}
        stopped = {crawl_job_id(slug) for slug, run in latest.items() if cut_short(run.status, run.error)}
    sync = sync_jobs(scheduler, plan_jobs(settings, sources, when), when, spread=spread, last_started=last_started,
                     cut_short_jobs=stopped)
    return Service(runtime, scheduler, lock, engine, sync)


def install_signal_handlers(stop: threading.Event) -> None:
    def handle(signum: int, _frame: object) -> None:
        logger.info("received %s: shutting down", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def describe(service: Service) -> str:
    settings = service.runtime.settings
    crawls = sum(1 for job in service.scheduler.get_jobs() if job.id.startswith("crawl:"))
    sync = service.sync
    changes = ", ".join(f"{len(v)} {k}" for k, v in (("added", sync.added), ("changed", sync.changed),
                                                    ("removed", sync.removed)) if v)
    how = (f"queued in Redis for the workers ({masked_url(settings.redis_url)})" if settings.redis_url
           else f"{settings.max_crawls} at a time")
    return (f"{crawls} crawl job(s), {how}; digest daily at "
            f"{parse_clock_time(settings.digest_time):%H:%M} {settings.timezone}; housekeeping at "
            f"{HOUSEKEEPING_TIME:%H:%M}" + (f" ({changes})" if changes else ""))


def run_scheduler(
    settings: Settings,
    sources: Sequence[Source],
    *,
    once: bool = False,
    log_dir: Path | None = None,
    mailer: jobs.Mailer | None = None,
    announce: Callable[[str], None] = logger.info,
    extra_crawl_settings: Sequence[str] = (),
) -> int:
    """``castwire schedule``: serve until SIGTERM/SIGINT, or run the due jobs once; exit status.

    The digest is emailed through ``mailer``, by default SMTP when configured
    (:func:`pipeline.jobs.smtp_mailer`); ``extra_crawl_settings`` (``NAME=VALUE``) are
    Scrapy settings given to every crawl.
    """
    if settings.redis_url:  # distributed mode: due sources are queued for the workers
        from pipeline.cluster import connect, require_distributed

        connect(require_distributed(settings)).close()
    if mailer is None:
        mailer = jobs.smtp_mailer(settings)
    service = open_service(settings, sources, spread=not once, log_dir=log_dir, mailer=mailer,
                           extra_crawl_settings=tuple(extra_crawl_settings))
    announce(f"castwire scheduler: {describe(service)}")
    if once:
        report = run_due_once(service.scheduler, service.runtime, datetime.now(UTC))
        service.shutdown(settings.shutdown_grace)
        announce(f"ran {len(report.ran)} due job(s)" + (f": {', '.join(report.ran)}" if report.ran else "")
                 + (f"; failed: {', '.join(report.failed)}" if report.failed else ""))
        return 1 if report.failed else 0
    stop = threading.Event()
    install_signal_handlers(stop)
    return service.serve(stop)
