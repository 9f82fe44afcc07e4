"""The crawl's extraction workers: started so that a stop signal cannot break their pool,
importing what their analysis needs and no Scrapy."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor

from scrapers.workers import start_worker, stop_signals_blocked


def test_a_worker_hit_by_ctrl_c_while_it_starts_survives_and_leaves_the_stop_to_its_crawl() -> None:
    """A terminal's Ctrl-C (a service manager's SIGTERM) reaches the whole process group,
    workers still importing included: before, such a worker died of KeyboardInterrupt, the
    pool broke and the pages the stopping crawl had fetched were lost."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=start_worker, initargs=(os.getpid(),)) as pool:
        with stop_signals_blocked():
            job = pool.submit(os.getpid)
        (worker,) = multiprocessing.active_children()
        time.sleep(0.05)  # started, still importing: long before start_worker runs
        os.kill(worker.pid, signal.SIGINT)
        os.kill(worker.pid, signal.SIGTERM)
        assert job.result(timeout=60) == worker.pid
        os.kill(worker.pid, signal.SIGINT)  # once started too
        assert pool.submit(os.getpid).result(timeout=60) == worker.pid


def test_a_worker_imports_no_scrapy_or_twisted() -> None:
    """A worker runs ``pipeline.ingest.prepare_page``, which needs neither. Before, its start
    (:func:`start_worker`, then in ``scrapers.pipelines``) imported Scrapy and Twisted in every
    worker of every crawl."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=start_worker, initargs=(os.getpid(),)) as pool:
        loaded = pool.submit(eval, "sorted({m.partition('.')[0] for m in __import__('sys').modules})").result(timeout=60)
    assert "scrapers" in loaded  # (the worker did start: start_worker is imported from there)
    assert not {"scrapy", "twisted"} & set(loaded)
