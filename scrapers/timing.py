"""Timing counters for the crawl stats (``castwire/time/<what>_us``, integer microseconds).

Integer values so they reach the crawl run row (its ``stats`` keeps integer
counters only). No Scrapy import here: :func:`timed` runs inside the
extraction worker processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class _Stats(Protocol):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def stat_key(what: str) -> str:
    return f"castwire/time/{what}_us"


def timed(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> tuple[Any, int]:
    """``function(*args, **kwargs)`` and how long it took, in microseconds."""
    started = time.perf_counter_ns()
    result = function(*args, **kwargs)
    return result, (time.perf_counter_ns() - started) // 1000


@contextmanager
def timing(stats: _Stats, what: str) -> Iterator[None]:
    """Add the time spent in the ``with`` block to ``castwire/time/<what>_us``."""
    started = time.perf_counter_ns()
    try:
        yield
    finally:
        stats.inc_value(stat_key(what), (time.perf_counter_ns() - started) // 1000)
