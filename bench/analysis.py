"""CPU cost of pipeline.ingest.analyse_article per article, and where it goes.

    python bench/analysis.py [--set dev|heldout] [--passes 9] [--cold] [--profile [N]]

Runs analyse_article (normalise → classify → entities → fingerprints: what a crawl's
worker does after extraction, and what ``bench/scale.py`` times as "analyse") over
the story set's articles, as ``bench/scale.py`` builds them, pass after pass. Prints
CPU milliseconds per article (``time.process_time``: the machine may be shared),
best and median of the passes. The bounded memos of the understanding modules stay
warm across passes, as in a long crawl; ``--cold`` empties them before every
article. ``--profile`` instead runs the passes under cProfile and prints the N
functions (default 30) with the most own time and the N with the most cumulative
time.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from db_fixtures import FETCHED_AT, extracted, load_records, source_for  # noqa: E402

from pipeline.ingest import analyse_article  # noqa: E402


def _memos() -> list:
    """The bounded memos of the modules analyse_article runs (emptied with ``--cold``)."""
    modules = [module for name, module in sys.modules.items()
               if name.startswith("pipeline.") and module is not None]
    return [value for module in modules for value in vars(module).values()
            if isinstance(value, functools._lru_cache_wrapper) and value.cache_info().maxsize is not None]


def run_passes(articles: list, passes: int, cold: bool) -> list[float]:
    """CPU ms per article of each pass."""
    memos = _memos() if cold else []
    runs = []
    for _ in range(passes):
        spent = 0.0
        for source, page in articles:
            for memo in memos:
                memo.cache_clear()
            started = time.process_time()
            analyse_article(source, page, fetched_at=FETCHED_AT)
            spent += time.process_time() - started
        runs.append(spent / len(articles) * 1000)
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="dev", choices=("dev", "heldout"))
    parser.add_argument("--passes", type=int, default=9)
    parser.add_argument("--cold", action="store_true", help="empty the memos before every article")
    parser.add_argument("--profile", type=int, nargs="?", const=30, default=None, metavar="N",
                        help="run under cProfile and print the N most costly functions")
    args = parser.parse_args(argv)
    articles = [(source_for(r["outlet"], r["language"]), extracted(r)) for r in load_records(args.set)]
    run_passes(articles, 1, cold=False)  # warm up: imports, compiled patterns, tables
    print(f"stories/{args.set}: {len(articles)} articles, {args.passes} passes, memos "
          f"{'emptied before every article' if args.cold else 'warm'}; load average {os.getloadavg()[0]:.2f}")
    if args.profile is not None:
        profiler = cProfile.Profile()
        run: Callable[[], list[float]] = lambda: run_passes(articles, args.passes, args.cold)  # noqa: E731
        profiler.runcall(run)
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
        return 0
    runs = run_passes(articles, args.passes, args.cold)
    print(f"analyse_article  {min(runs):6.3f} ms CPU per article  (median {statistics.median(runs):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
