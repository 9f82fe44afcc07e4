"""Scheduler memory over many crawl cycles: RSS after 500 cycles vs after 10 (target: ≤ 10 % growth).

Runs the real scheduler (APScheduler, SQLAlchemy job store, crawl executor,
crawl-run rows) in this process against a fresh SQLite database, with
``--sources`` catalogue entries crawled every second. Each "crawl" is a real
short subprocess (``python -S -c pass``) wrapped like a crawl: a crawl-run row
is started and finished around it, so the scheduler's own path — job store
updates, executor threads, subprocess handling, database sessions — is
exercised exactly as in production, only without Scrapy in the child.
With ``--real`` each crawl is a real ``python -m scrapy crawl`` of one outlet of
the bundled sample web served on 127.0.0.1 (``pipeline.crawl.run_crawl``; the
first crawl of an outlet stores its articles, later ones refetch its feed or
sitemap and find them already stored) — about 2 s of CPU per cycle.

    .venv/bin/python bench/scheduler_rss.py [--cycles 500] [--sources 20] [--db URL] [--real]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent

from pipeline.config import Settings
from pipeline.crawl import CrawlOutcome
from pipeline.demo import FAST_LOCAL_CRAWL
from pipeline.scheduler import open_service
from pipeline.sources import Source, load_catalogue
from pipeline.webserver import serve_folder
from storage.db import transaction
from storage.repository import finish_crawl_run, start_crawl_run


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def stub_crawl(settings: Settings, sessions: Any, source: Source, *, log_dir: Path | None = None,
               extra_settings: Sequence[str] = (),
               on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
               stopping: Callable[[], bool] | None = None) -> CrawlOutcome:
    """A real, short child process recorded as a crawl run."""
    with transaction(sessions) as session:
        run_id = start_crawl_run(session, source.slug, None)
    process = subprocess.Popen([sys.executable, "-S", "-c", "pass"], stdin=subprocess.DEVNULL)
    if on_start is not None:
        on_start(process)
    process.wait()
    with transaction(sessions) as session:
        finish_crawl_run(session, run_id, status="ok", pages_fetched=1)
    return CrawlOutcome(source.slug, "ok", process.returncode, pages_fetched=1)


def sample_web_sources(base: str, folder: Path, count: int) -> tuple[Path, list[Source]]:
    """``count`` catalogue entries cycling over the bundled sample web's outlets (real crawls)."""
    import re
    from dataclasses import replace
    from importlib import resources

    template = (resources.files("pipeline") / "sample_web" / "sources.toml").read_text("utf-8")
    tables = re.split(r"(?m)^(?=\[)", template.replace("{{BASE}}", base))[1:]
    entries = []
    for i in range(count):
        table = tables[i % len(tables)]
        entries.append(re.sub(r"^\[[^\]]+\]", f"[s{i:03d}]", table, count=1))
    catalogue = folder / "sources.toml"
    catalogue.write_text("\n".join(entries), "utf-8")
    sources = [replace(source, interval=timedelta(seconds=1))
               for source in load_catalogue(catalogue).sources.values()]
    return catalogue, sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--baseline", type=int, default=10)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--real", action="store_true",
                        help="real `scrapy crawl` subprocesses of the bundled sample web (slow) instead of stubs")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="castwire-bench-")))
        url = args.db or f"sqlite:///{scratch / 'bench.sqlite'}"
        if args.real:
            import logging
            from importlib import resources

            # Real crawls outlast the 1 s interval: APScheduler would warn of every skipped run.
            logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)

            from pipeline.crawl import run_crawl

            site = stack.enter_context(resources.as_file(resources.files("pipeline") / "sample_web" / "site"))
            catalogue, sources = sample_web_sources(stack.enter_context(serve_folder(site)), scratch, args.sources)
            settings = Settings(database_url=url, sources_file=catalogue, max_crawls=4, shutdown_grace=10)

            def crawl(*a: Any, **kw: Any) -> CrawlOutcome:
                return run_crawl(*a, **{**kw, "extra_settings": FAST_LOCAL_CRAWL})
        else:
            settings = Settings(database_url=url, max_crawls=4, shutdown_grace=10)
            sources = [Source(slug=f"s{i:03d}", name=f"Source {i}", homepage=f"https://s{i}.example/",
                              language="en", timezone="UTC", interval=timedelta(seconds=1))
                       for i in range(args.sources)]
            crawl = stub_crawl
        service = open_service(settings, sources, spread=False, crawl=crawl)
        done = 0
        errors = 0
        marks: dict[int, int] = {}
        finished = threading.Event()
        lock = threading.Lock()

        def listen(event: JobExecutionEvent) -> None:
            nonlocal done, errors
            if not event.job_id.startswith("crawl:"):
                return
            with lock:
                done += 1
                errors += event.exception is not None
                if done in (args.baseline, args.cycles):
                    gc.collect()
                    marks[done] = rss_kib()
                if done >= args.cycles:
                    finished.set()

        service.scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        started = time.monotonic()
        service.scheduler.resume()
        if not finished.wait(timeout=args.cycles * (10 if args.real else 2)):
            raise SystemExit(f"only {done} cycles finished")
        elapsed = time.monotonic() - started
        service.shutdown(10)

    base, end = marks[args.baseline], marks[args.cycles]
    growth = (end - base) / base
    print(f"database: {url.split('://')[0]}; {args.sources} sources every 1 s, 4 crawls at a time, "
          f"{'real crawls of the sample web' if args.real else 'stub crawls'}; "
          f"{done} crawl cycles in {elapsed:.1f} s ({errors} errors), pid {os.getpid()}")
    print(f"RSS after {args.baseline} cycles: {base / 1024:.1f} MiB")
    print(f"RSS after {args.cycles} cycles: {end / 1024:.1f} MiB")
    print(f"growth: {growth:+.1%} (target ≤ +10%): {'PASS' if growth <= 0.10 else 'FAIL'}")


if __name__ == "__main__":
    main()
