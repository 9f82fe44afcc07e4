"""Distributed crawl throughput: articles/s with 1, 2 and 3 workers, and the Redis scheduler's cost.

Usage (needs the real Redis and PostgreSQL)::

    python bench/distributed.py [--outlets 5] [--per-outlet 100] [--workers 1,2,3]
        [--redis redis://127.0.0.1:6379/0] [--db postgresql+psycopg://postgres@127.0.0.1:5432/test]

For each worker count: a fresh PostgreSQL schema and Redis prefix, the workers
are started and registered first, then the generated web's feeds are queued
and the clock runs until every article is stored and nothing is in flight.
The baseline is the ordinary local crawl (Scrapy's in-memory scheduler, one
``scrapy crawl <slug>`` per source, one at a time). Finally a micro-benchmark
of one request's scheduler round trip: push + pop + ack through Redis against
Scrapy's in-memory priority queue. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from pipeline import cluster  # noqa: E402
from pipeline.config import Settings  # noqa: E402
from pipeline.crawl import run_crawls, stop_process  # noqa: E402
from pipeline.sources import load_catalogue  # noqa: E402
from pipeline.synthetic_web import generate_web  # noqa: E402
from pipeline.webserver import serve_folder  # noqa: E402
from storage.db import open_database, session_factory, transaction  # noqa: E402
from storage.models import Article  # noqa: E402

FAST = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "CASTWIRE_EXTRACT_WORKERS=0", "LOG_LEVEL=INFO")
WORKER = (*FAST, "CASTWIRE_HEARTBEAT_INTERVAL=1", "CASTWIRE_HEARTBEAT_TTL=10",
          "CASTWIRE_WORKER_POLL_INTERVAL=0.5")


class Schema:
    """A fresh PostgreSQL schema, dropped on exit."""

    def __init__(self, admin_url: str) -> None:
        self.admin = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"))
        self.name = f"bench_{uuid.uuid4().hex[:10]}"
        self.url = make_url(admin_url).set(drivername="postgresql+psycopg").update_query_dict(
            {"options": f"-csearch_path={self.name}"}).render_as_string(hide_password=False)

    def __enter__(self) -> Schema:
        with self.admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.name}"'))
        return self

    def __exit__(self, *exc: object) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.name}" CASCADE'))
        self.admin.dispose()


def stored(url: str) -> int:
    engine = open_database(url)
    try:
        with transaction(session_factory(engine)) as session:
            return int(session.execute(select(func.count()).select_from(Article)).scalar_one())
    finally:
        engine.dispose()


def distributed_run(n: int, catalogue: Path, expected: int, args: argparse.Namespace, logs: Path) -> float:
    with Schema(args.db) as schema:
        open_database(schema.url).dispose()  # migrate before the clock starts
        prefix = f"cwbench:{uuid.uuid4().hex[:8]}"
        settings = Settings(database_url=schema.url, sources_file=catalogue, redis_url=args.redis,
                            redis_prefix=prefix)
        front = cluster.Frontier(redis.Redis.from_url(args.redis), prefix)
        workers = [cluster.start_worker(settings, extra_settings=WORKER, log_file=logs / f"w{n}-{i}.log")
                   for i in range(n)]
        try:
            deadline = time.monotonic() + 300
            while len([w for w in front.workers() if w.alive]) < n:
                if time.monotonic() > deadline or any(p.poll() is not None for p in workers):
                    raise SystemExit(f"workers did not start: see {logs}")
                time.sleep(0.2)
            started = time.perf_counter()
            cluster.enqueue_sources(settings, list(load_catalogue(catalogue).sources.values()))
            while True:
                if (stored(schema.url) >= expected and front.queue_depth() == 0
                        and all(w.in_flight == 0 for w in front.workers())):
                    return time.perf_counter() - started
                if time.monotonic() > deadline + 900:
                    raise SystemExit(f"{n} workers: crawl did not finish, see {logs}")
                time.sleep(0.25)
        finally:
            for process in workers:
                stop_process(process, 30)
            front.clear()
            front.client.close()


def local_run(catalogue: Path, expected: int, args: argparse.Namespace, logs: Path) -> float:
    with Schema(args.db) as schema:
        engine = open_database(schema.url)
        settings = Settings(database_url=schema.url, sources_file=catalogue, max_crawls=1)
        started = time.perf_counter()
        run_crawls(settings, session_factory(engine), list(load_catalogue(catalogue).sources.values()),
                   log_dir=logs, extra_settings=FAST)
        elapsed = time.perf_counter() - started
        engine.dispose()
        if stored(schema.url) != expected:
            raise SystemExit(f"local crawl stored {stored(schema.url)} of {expected}")
        return elapsed


def scheduler_round_trip(redis_url: str, n: int = 5000) -> tuple[float, float]:
    """µs per request: Redis push + pop + ack, and Scrapy's in-memory priority queue push + pop."""
    from scrapy import Request
    from scrapy.pqueues import ScrapyPriorityQueue
    from scrapy.squeues import FifoMemoryQueue
    from scrapy.utils.test import get_crawler

    front = cluster.Frontier(redis.Redis.from_url(redis_url), f"cwbench:{uuid.uuid4().hex[:8]}")
    entries = [cluster.encode_entry(url=f"http://bench.test/{i}", source="s", callback="parse_article",
                                    meta={"castwire_kind": "article"}) for i in range(n)]
    started = time.perf_counter()
    for entry in entries:
        front.push([entry])
        token, _ = front.pop("bench") or ("", b"")
        front.ack("bench", token)
    redis_us = (time.perf_counter() - started) / n * 1e6
    front.clear()
    front.client.close()
    queue = ScrapyPriorityQueue.from_crawler(get_crawler(), FifoMemoryQueue, key="")
    requests = [Request(f"http://bench.test/{i}") for i in range(n)]
    started = time.perf_counter()
    for request in requests:
        queue.push(request)
        queue.pop()
    memory_us = (time.perf_counter() - started) / n * 1e6
    return redis_us, memory_us


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outlets", type=int, default=5)
    parser.add_argument("--per-outlet", type=int, default=100)
    parser.add_argument("--workers", default="1,2,3")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--db", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--no-local", action="store_true", help="skip the in-memory baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="castwire-bench-") as scratch:
        folder = Path(scratch)
        web = generate_web(folder / "web", outlets=args.outlets, per_outlet=args.per_outlet)
        with serve_folder(web.root) as base:
            catalogue = web.catalogue(base, folder / "sources.toml")
            print(f"{web.articles} articles on {len(web.outlets)} outlets; PostgreSQL storage; "
                  f"CASTWIRE_EXTRACT_WORKERS=0 (extraction in each worker process)", flush=True)
            results: dict[str, float] = {}
            if not args.no_local:
                results["local (in-memory scheduler, 1 process)"] = local_run(catalogue, web.articles, args, folder)
                print(f"  local: {web.articles / results['local (in-memory scheduler, 1 process)']:.1f} articles/s",
                      flush=True)
            for n in (int(x) for x in args.workers.split(",")):
                results[f"{n} worker(s) (Redis scheduler)"] = distributed_run(n, catalogue, web.articles, args, folder)
                print(f"  {n} worker(s): {web.articles / results[f'{n} worker(s) (Redis scheduler)']:.1f} articles/s",
                      flush=True)
    print("\nrun                                       seconds  articles/s")
    for name, seconds in results.items():
        print(f"{name:40s} {seconds:8.1f}  {web.articles / seconds:9.1f}")
    redis_us, memory_us = scheduler_round_trip(args.redis)
    print(f"\nscheduler round trip per request: Redis push+pop+ack {redis_us:.0f} µs, "
          f"in-memory push+pop {memory_us:.1f} µs (overhead {redis_us - memory_us:.0f} µs/request)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
