"""The crawl's extraction workers (:class:`scrapers.pipelines.ExtractPipeline`'s process pool):
started so that a stop signal cannot break their pool, and ended with their crawl.

No Scrapy here: a worker imports this module to start, and only the analysis it runs
(``pipeline.ingest.prepare_page``) besides.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: What stops a crawl gracefully. A terminal's Ctrl-C reaches the whole process group, and
#: so does a service manager's SIGTERM (systemd's default KillMode): the extraction workers
#: ignore both and leave the stop to their crawl.
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextmanager
def stop_signals_blocked() -> Iterator[None]:
    """Hold :data:`STOP_SIGNALS` back from this thread meanwhile. A worker process started
    meanwhile inherits them blocked, so one arriving while it still imports (before
    :func:`start_worker` ignores them) cannot kill it and break the pool; this process gets
    them as usual (another thread takes them, or this one once they are unblocked)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def start_worker(crawl_pid: int) -> None:
    """An extraction worker leaves Ctrl-C and SIGTERM to its crawl, which stops taking pages
    and drains them, and dies with its crawl: a crawl killed with SIGKILL (by the OOM killer,
    an operator) leaves no worker behind."""
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # blocked by its start: now ignored
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != crawl_pid:  # the crawl died before the line above
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
