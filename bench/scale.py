"""Does ingesting an article cost the same with 10k and with 1M stored articles?

    python bench/scale.py --db sqlite|postgresql --sizes 10000,1000000 [--batch 150]

For each size: a fresh database is filled in bulk (executemany, one transaction
per 20k rows) with synthetic articles spread over five years, their LSH band
keys (article_bands), stories and story keys (story_keys), and the shows they name as
entities with their aliases — what real ingestion would have stored — then analysed (on PostgreSQL also vacuumed and checkpointed, so
the server is not still writing the load out while the bench measures). Then a
batch of new articles (the dev story set, under new URLs) is ingested in one
thread, one transaction per article, as a crawl does it but without extraction:
pipeline.ingest.analyse_article (normalise → classify → entities → fingerprints; in
a crawl this runs in the extraction worker processes) then
pipeline.ingest.store_article (upsert → entities → dedup → story, the source row
resolved once as a crawl does). Printed: the
time of each stage per article, their sum — the ingest time — and the rate it
gives, then the rate of another batch with the analysis in two worker processes
(what a crawl does), and of a third batch shared out among two crawl processes
running at once (what ``castwire crawl`` does by default, ``max_crawls = 2``: each
analyses in one worker process and stores on its own writer; each crawl process first
analyses the held-out story set and stores its share of it, so its worker and its database
connection are as warm as a crawl's that has been storing for a while). Each of these
batches meets the store as filled: what the one before it stored is deleted (not timed),
but the names it found stay known, as in a store that has been crawling for a while. A
full warm-up round of the three comes first. Printed too: the ratio
between the largest and the smallest size (target ≤ 1.3) and the absolute rate
(target ≥ 300 articles/s). CPU time is printed beside
wall time: on a machine shared with other work it is the steadier figure. On a
PostgreSQL server on this machine, the CPU time its backend spent on the stored
articles is printed too (read from /proc): what the database itself costs per article.
Beside the two-crawl rate: the CPU time per article of the crawl processes, of their
analysis workers and of their database backends (PostgreSQL on this machine), the rate
that total allows on this machine's CPUs, how busy the machine's CPUs were meanwhile (from
/proc/stat, where there is one: other work on the machine counts there, not in the CPU
times) and how many transactions were run again after a transient failure.

PostgreSQL: the URL comes from --url or CASTWIRE_TEST_DATABASE_URL; each size
runs in a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from db_fixtures import FETCHED_AT, extracted, load_records, source_for  # noqa: E402
from sqlalchemy import JSON, create_engine, delete, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.exc import DBAPIError  # noqa: E402

from pipeline import dedup, stories  # noqa: E402
from pipeline.config import Settings  # noqa: E402
from pipeline.ingest import AnalysedArticle, ArticleWriter, analyse_article  # noqa: E402
from pipeline.records import ExtractedArticle  # noqa: E402
from pipeline.sources import Source as CatalogueSource  # noqa: E402
from storage.db import open_database, session_factory  # noqa: E402
from storage.models import Article, ArticleBand, Entity, EntityAlias, Source, Story, StoryKey  # noqa: E402

CHUNK = 20_000
START = datetime(2021, 1, 1, tzinfo=UTC)
SPAN_DAYS = 5 * 365


def bulk_insert(connection, table, rows: list[dict]) -> None:  # noqa: ANN001
    """executemany, or COPY on PostgreSQL (JSON columns sent as JSON text)."""
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    columns = list(rows[0])
    as_json = {name for name in columns if isinstance(table.c[name].type, JSON)}
    cursor = connection.connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c in as_json else row[c] for c in columns])


def fill(engine, size: int, seed: int = 1) -> None:  # noqa: ANN001
    """Bulk-insert ``size`` synthetic articles with bands, one story per 4 articles, keys, and
    the shows they name as entities (``size / 8`` of them, each with its alias): a store's
    names grow with it, and every article's names are looked up among them."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(insert(Source.__table__), [{"id": 1, "slug": "synthetic", "name": "Synthetic",
                                                       "homepage": "https://synthetic.example/",
                                                       "language": "en", "created_at": now}])
        shows = [f"synthetic show {number}" for number in range(size // 8 + 1)]
        bulk_insert(connection, Entity.__table__, [
            {"id": number, "kind": "show", "key": show, "name": show, "named": False, "created_at": now}
            for number, show in enumerate(shows, 1)])
        bulk_insert(connection, EntityAlias.__table__, [
            {"id": number, "kind": "show", "alias_key": show, "alias": show, "entity_id": number}
            for number, show in enumerate(shows, 1)])
    for start in range(0, size, CHUNK):
        ids = range(start + 1, min(start + CHUNK, size) + 1)
        articles, bands, story_rows, keys = [], [], [], []
        for article_id in ids:
            story_id = _fill_story(article_id)
            when = START + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
            show = f"synthetic show {rng.randrange(size // 8 + 1)}"
            articles.append({
                "id": article_id, "source_id": 1, "url_key": f"synthetic.example/a/{article_id}",
                "url": f"https://synthetic.example/a/{article_id}", "canonical_url": f"https://synthetic.example/a/{article_id}",
                "title": f"Synthetic article {article_id}", "body": "", "authors": [], "tags": [],
                "published_at": when, "fetched_at": when, "language": "en", "provenance": {},
                "content_hash": f"{rng.getrandbits(128):032x}{article_id:032x}", "version": 1,
                "category": "casting", "category_cues": [], "event_keys": {"shows": {show: show}, "subject": [show],
                                                                           "people": {}, "platforms": {}},
                "story_id": None, "updated_at": now,
            })
            bands.append({"article_id": article_id, **{f"band{b}": rng.getrandbits(48) for b in range(dedup.BANDS)}})
            if article_id % 4 == 1:
                story_rows.append({"id": story_id, "title": show, "category": "casting", "show": show,
                                   "show_key": show, "platforms": [], "people": [], "first_published_at": when,
                                   "last_published_at": when, "article_count": 4, "source_count": 1,
                                   "updated_at": now})
                features = stories.Features(article_id, "", "casting", when, frozenset({show}),
                                            frozenset({show}), frozenset(), frozenset(), None)
                keys.extend({"key": key, "story_id": story_id} for key in stories.stored_keys(features))
            articles[-1]["story_id"] = story_id
        with engine.begin() as connection:
            for model, rows in ((Story, story_rows), (Article, articles), (ArticleBand, bands), (StoryKey, keys)):
                bulk_insert(connection, model.__table__, rows)
    if engine.dialect.name == "postgresql":
        # What the server's background work would long since have done to rows that came in
        # over months, done now so it does not run during the measurement: the table
        # statistics and visibility map (VACUUM ANALYZE), and the bulk load written out of
        # the buffers (CHECKPOINT).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("articles", "article_bands", "stories", "story_keys", "entities", "entity_aliases"):
                connection.execute(text(f"VACUUM ANALYZE {table}"))
            try:
                connection.execute(text("CHECKPOINT"))
            except DBAPIError as exc:  # a role without the right to: measure anyway, and say so
                print(f"note: no CHECKPOINT after the bulk load ({exc.orig}); the server may still be "
                      "writing it out during the measurement", file=sys.stderr)
        with engine.begin() as connection:
            connection.execute(text("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))"))
            connection.execute(text("SELECT setval(pg_get_serial_sequence('stories', 'id'), (SELECT max(id) FROM stories))"))
            connection.execute(text("SELECT setval(pg_get_serial_sequence('sources', 'id'), 1)"))
            for table in ("entities", "entity_aliases"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    else:  # the statistics, and the bulk load moved out of the write-ahead log (as CHECKPOINT above)
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass(frozen=True)
class Timing:
    """Seconds per article: analysis and storage, wall and CPU (this process), and the
    wall time per article when analysis runs in worker processes as in a crawl."""

    analyse: float
    analyse_cpu: float
    store: float
    store_cpu: float
    pipelined: float
    concurrent: ConcurrentRun
    server_cpu: float | None = None

    @property
    def total(self) -> float:
        return self.analyse + self.store

    @property
    def total_cpu(self) -> float:
        return self.analyse_cpu + self.store_cpu


def _inputs(batch: int | None, tag: str, story_set: str = "dev") -> list[tuple[CatalogueSource, ExtractedArticle]]:
    """The first ``batch`` records (all: None) of a story set as (source, extracted article),
    under URLs made new to the store by ``tag``."""
    return [(source_for(record["outlet"], record["language"]),
             extracted({**record, "url": record["url"].replace("https://", f"https://{tag}.") + f"?run={tag}"}))
            for record in load_records(story_set)[:batch]]


def _store_all(writer: ArticleWriter, articles: Iterable[AnalysedArticle]) -> None:
    """Store each article in its own transaction through the crawl's own writer (run again
    from the start when it meets a transient failure, such as an entity another crawl
    merged meanwhile; the source rows resolved once)."""
    for article in articles:
        writer.store(article)


def forget_batch(engine, size: int) -> None:  # noqa: ANN001
    """Delete what a batch stored after the fill of ``size`` articles: its articles (with
    their bands, entity links and URLs) and the stories it opened. Each batch then meets the
    store as filled, not the stories of the batches before it: ingesting the same 150 texts
    again would grow each dev story by its whole size. The entities the batches named stay,
    as the names in a store that has been crawling for a while do."""
    with engine.begin() as connection:
        connection.execute(delete(Article.__table__).where(Article.id > size))
        connection.execute(delete(Story.__table__).where(Story.id > _fill_story(size)))


def _fill_story(article_id: int) -> int:
    """The story of a filled article: one per 4 articles, in id order."""
    return (article_id + 3) // 4


def measure(engine, size: int, batch: int, tag: str, workers: ProcessPoolExecutor) -> Timing:  # noqa: ANN001
    """Per-article analysis and storage time of ``batch`` dev articles under new URLs, one after
    the other in this thread; then of the same articles with analysis in ``workers``, then
    shared out among concurrent crawls. Each of the three meets the store as filled
    (:func:`forget_batch`)."""
    inputs = _inputs(batch, f"{tag}s")
    wall, cpu = time.perf_counter(), time.process_time()
    analysed = [analyse_article(source, page, fetched_at=FETCHED_AT) for source, page in inputs]
    analyse, analyse_cpu = time.perf_counter() - wall, time.process_time() - cpu
    server = _server_cpu(engine)
    server_before = server() if server else 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    _store_all(ArticleWriter(session_factory(engine)), analysed)
    store, store_cpu = time.perf_counter() - wall, time.process_time() - cpu
    server_cpu = (server() - server_before) / len(analysed) if server else None
    forget_batch(engine, size)
    inputs = _inputs(batch, f"{tag}p")
    wall = time.perf_counter()
    jobs = [workers.submit(analyse_article, source, page, fetched_at=FETCHED_AT) for source, page in inputs]
    _store_all(ArticleWriter(session_factory(engine)), (job.result() for job in jobs))
    pipelined = time.perf_counter() - wall
    forget_batch(engine, size)
    n = len(inputs)
    concurrent = _concurrent_crawls(engine, _inputs(batch, f"{tag}c"), CRAWLS, size, tag)
    forget_batch(engine, size)
    return Timing(analyse / n, analyse_cpu / n, store / n, store_cpu / n, pipelined / n, concurrent, server_cpu)


#: Crawls ``castwire crawl`` runs at once by default, each a process with its own writer.
CRAWLS = Settings.max_crawls

#: How long a crawl process waits for the others at the start line before the bench gives up.
START_TIMEOUT = 600.0


def _concurrent_crawls(engine, inputs: list[tuple[CatalogueSource, ExtractedArticle]],  # noqa: ANN001
                       crawls: int, size: int, tag: str) -> ConcurrentRun:
    """``inputs`` ingested shared out among ``crawls`` processes at once, as concurrent crawls
    of several sources do: each analyses its share in one worker process and stores it on its
    own writer (one transaction per article). The shares interleave, so the crawls report the
    same events at the same time.

    Before the clock each crawl warms up on the held-out story set (:func:`_crawl`); what
    that stored is then deleted here (:func:`forget_batch`), so the shares meet the store as
    filled (of ``size`` articles), as the other batches do."""
    url = engine.url.render_as_string(hide_password=False)
    warm = _inputs(None, f"{tag}h", "heldout")  # other events than the dev set's
    context = multiprocessing.get_context("forkserver")
    with context.Manager() as manager, ProcessPoolExecutor(crawls, mp_context=context) as pool:
        warmed, start = manager.Barrier(crawls + 1), manager.Barrier(crawls + 1)
        jobs = [pool.submit(_crawl, url, inputs[i::crawls], warm, i, crawls, warmed, start) for i in range(crawls)]
        try:
            warmed.wait(START_TIMEOUT)
            forget_batch(engine, size)
            start.wait(START_TIMEOUT)
        except BaseException as exc:
            _abort(warmed, start)  # no crawl is left waiting at a start line
            if isinstance(exc, threading.BrokenBarrierError):
                for job in jobs:
                    job.result()  # the error of the crawl that broke the barrier
            raise
        spans = [job.result() for job in jobs]
    first, last = min(spans, key=lambda span: span.began), max(spans, key=lambda span: span.ended)
    stored = sum(span.stored for span in spans)
    return ConcurrentRun((last.ended - first.began) / stored, CrawlCpu.of(spans, stored),
                         _busy_share(first.ticks_began, last.ticks_ended), sum(span.retries for span in spans))


@dataclass(frozen=True)
class ConcurrentRun:
    """What :func:`_concurrent_crawls` measured: wall time per article from the first crawl's
    start to the last one's end, the CPU time per article of the crawls' processes, how busy
    the machine's CPUs were meanwhile (None if unknown: other work on the machine counts
    there too) and how many transactions were run again (``ArticleWriter.on_retry``)."""

    per_article: float
    cpu: CrawlCpu
    busy: float | None
    retries: int


@dataclass(frozen=True)
class CrawlCpu:
    """CPU seconds per article stored, summed over the concurrent crawls: the crawl (writer)
    processes, all their threads; their analysis worker processes; the database server
    processes serving them (None when they cannot be read: SQLite, whose work is in the
    writer's, or a server elsewhere). Unlike the machine's busy share, other work on the
    machine does not count here."""

    writers: float
    workers: float
    database: float | None

    @property
    def total(self) -> float:
        return self.writers + self.workers + (self.database or 0.0)

    @classmethod
    def of(cls, spans: list[Span], stored: int) -> CrawlCpu:
        database = [span.cpu_database for span in spans]
        return cls(sum(span.cpu_writer for span in spans) / stored, sum(span.cpu_worker for span in spans) / stored,
                   None if None in database else sum(database) / stored)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Span:
    """When one crawl process's share began and ended, with the machine's CPU ticks then, and
    the CPU time its processes spent meanwhile (:class:`CrawlCpu`)."""

    began: float
    ended: float
    stored: int
    ticks_began: tuple[int, int] | None
    ticks_ended: tuple[int, int] | None
    cpu_writer: float
    cpu_worker: float
    cpu_database: float | None
    retries: int


def _crawl(url: str, inputs: list[tuple[CatalogueSource, ExtractedArticle]],
           warm: list[tuple[CatalogueSource, ExtractedArticle]], index: int, crawls: int, warmed, start) -> Span:  # noqa: ANN001
    """One crawl process of :func:`_concurrent_crawls`, warmed up as a crawl that has been
    storing for a while before the clock starts: its worker process has analysed the whole
    held-out story set (``warm``: patterns compiled on first use, names met before), and its
    writer stored its share of it (the ``index``-th of every ``crawls``): the connection's
    statements are prepared and its server process has read what storing needs, which a new
    PostgreSQL connection does over its first few articles (psycopg prepares a statement on
    its fifth run, and forgets those prepared in a transaction rolled back). Warmed on a first
    article and one per language instead, a crawl's share of 74 articles cost some 1.5 ms
    more CPU per article on PostgreSQL (0.7 on SQLite): once-per-process costs, which a long
    crawl does not pay per article."""
    try:
        engine = open_database(url, migrate=False, pre_ping=False)  # as the crawl's writer
    except BaseException:
        _abort(warmed, start)
        raise
    retries = []
    writer = ArticleWriter(session_factory(engine), on_retry=lambda attempt, exc: retries.append(attempt))
    server = _server_cpu(engine)  # the writer's one pooled connection, used by each transaction
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as worker:
        try:
            analysed = [job.result() for job in
                        [worker.submit(analyse_article, source, page, fetched_at=FETCHED_AT) for source, page in warm]]
            _store_all(writer, analysed[index::crawls])
        except BaseException:
            _abort(warmed, start)  # the bench and the other crawls stop waiting for this one
            raise
        warmed.wait(START_TIMEOUT)  # the bench deletes what the warm-ups stored meanwhile
        start.wait(START_TIMEOUT)
        worker_began, database_began = worker.submit(time.process_time).result(), server() if server else None
        ticks_began, began, cpu_began = _cpu_ticks(), time.perf_counter(), time.process_time()
        jobs = [worker.submit(analyse_article, source, page, fetched_at=FETCHED_AT) for source, page in inputs]
        _store_all(writer, (job.result() for job in jobs))
        ended, ticks_ended, cpu_ended = time.perf_counter(), _cpu_ticks(), time.process_time()
        worker_ended, database_ended = worker.submit(time.process_time).result(), server() if server else None
    engine.dispose()
    database = None if server is None else database_ended - database_began  # type: ignore[operator]
    return Span(began, ended, len(inputs), ticks_began, ticks_ended, cpu_ended - cpu_began,
                worker_ended - worker_began, database, len(retries))


def _abort(*barriers) -> None:  # noqa: ANN002
    """Break the start lines of :func:`_concurrent_crawls`: whoever waits there gets
    BrokenBarrierError at once, not after :data:`START_TIMEOUT`."""
    for barrier in barriers:
        barrier.abort()


def _cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat, or None."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


def _busy_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """The share of the machine's CPU time that was busy between two :func:`_cpu_ticks`."""
    if before is None or after is None or after[1] == before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def _server_cpu(engine):  # noqa: ANN001, ANN202
    """A reader of the CPU seconds used by the PostgreSQL backend serving this engine's one
    pooled connection (used by every transaction of the serial run), or None when the
    server's processes cannot be read here (SQLite, a remote server)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    stat = Path(f"/proc/{pid}/stat")

    def seconds() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    try:
        seconds()
    except OSError:
        return None
    return seconds


def run_size(kind: str, url: str | None, size: int, batch: int) -> tuple[float, Timing]:
    with tempfile.TemporaryDirectory() as folder:
        target, cleanup = _database(kind, url, folder)
        try:
            engine = open_database(target, pre_ping=False)  # as the crawl's writer
            started = time.perf_counter()
            fill(engine, size)
            filled = time.perf_counter() - started
            with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("forkserver")) as workers:
                # warm caches, the pool and the workers; the batch's names become known entities
                measure(engine, size, batch, f"w{size}", workers)
                timing = measure(engine, size, batch, f"s{size}", workers)
            engine.dispose()
        finally:
            cleanup()
    return filled, timing


def _database(kind: str, url: str | None, folder: str):  # noqa: ANN202
    if kind == "sqlite":
        return f"sqlite:///{folder}/scale.sqlite", lambda: None
    admin_url = make_url(url or os.environ["CASTWIRE_TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg")
    schema = f"scale_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    target = admin_url.update_query_dict({"options": f"-csearch_path={schema}"})
    return target.render_as_string(hide_password=False), drop


def _crawls_cpu(run: ConcurrentRun) -> str:
    """The CPU per article of the concurrent crawls, what it allows on this machine's CPUs, how
    busy they were and the transactions run again."""
    cpu = run.cpu
    parts = f"crawl processes {cpu.writers * 1e3:.2f}, their analysis workers {cpu.workers * 1e3:.2f}"
    if cpu.database is not None:
        parts += f", database server {cpu.database * 1e3:.2f}"
    cpus = os.cpu_count() or 1
    said = (f"CPU per article {cpu.total * 1e3:.2f} ms: {parts}; at most {cpus / cpu.total:.0f} articles/s "
            f"on {cpus} CPUs")
    if run.busy is not None:
        said += f"; CPUs {run.busy:.0%} busy"
    return said + f"; {run.retries} transactions run again"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url", help="PostgreSQL URL (default: $CASTWIRE_TEST_DATABASE_URL)")
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--batch", type=int, default=150, help="new articles ingested per size")
    args = parser.parse_args()
    if args.db == "postgresql" and not (args.url or os.environ.get("CASTWIRE_TEST_DATABASE_URL")):
        parser.error("--db postgresql needs --url or CASTWIRE_TEST_DATABASE_URL")
    sizes = [int(s) for s in args.sizes.split(",")]
    timings = {}
    for size in sizes:
        filled, timing = run_size(args.db, args.url, size, args.batch)
        timings[size] = timing
        print(f"{args.db} size={size:>9,} filled in {filled:6.1f}s  per article: "
              f"analysis {timing.analyse * 1e3:.2f} ms (CPU {timing.analyse_cpu * 1e3:.2f}), "
              f"storage {timing.store * 1e3:.2f} ms (CPU {timing.store_cpu * 1e3:.2f}"
              + (f", database server CPU {timing.server_cpu * 1e3:.2f}" if timing.server_cpu is not None else "")
              + "), "
              f"ingest {timing.total * 1e3:.2f} ms = {1 / timing.total:.0f} articles/s "
              f"(CPU {1 / timing.total_cpu:.0f}/s); analysis in 2 worker processes as in a crawl: "
              f"{1 / timing.pipelined:.0f} articles/s; {CRAWLS} crawls at once (the default): "
              f"{1 / timing.concurrent.per_article:.0f} articles/s ({_crawls_cpu(timing.concurrent)})",
              flush=True)
    small, large = min(sizes), max(sizes)
    print(f"ingest time ratio {large:,}/{small:,} = {timings[large].total / timings[small].total:.2f} "
          f"(storage alone {timings[large].store / timings[small].store:.2f}; target <= 1.3); "
          f"slowest rate {min(1 / t.total for t in timings.values()):.0f} articles/s (target >= 300)")


if __name__ == "__main__":
    main()
