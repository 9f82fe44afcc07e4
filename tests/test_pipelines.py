"""The crawl's extraction workers: started so that a stop signal cannot break their pool."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor

from scrapers.pipelines import start_worker, stop_signals_blocked


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
