"""A day's digest over a large store: build + render (md, html, text) time.

Usage::

    python bench/digest.py [--rows 1000000] [--db URL]

Without ``--db`` a fresh SQLite store of ``--rows`` synthetic articles (three
years, about a third as many stories) is generated first; with ``--db`` an
existing store (e.g. one kept by ``bench/export.py --keep DIR``) is used.
Target (issue 7): a day's digest in <= 1 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import START, generate  # noqa: E402
from pipeline.digest import build_digest, day_window, render  # noqa: E402
from storage.db import create_db_engine, session_factory, transaction  # noqa: E402
from storage.repository import count_articles  # noqa: E402

TARGET_SECONDS = 1.0


def measure(url: str, days: list[date]) -> bool:
    sessions = session_factory(create_db_engine(url))
    with transaction(sessions) as session:
        print(f"store: {count_articles(session):,} articles")
    ok = True
    for day in days:
        with transaction(sessions) as session:
            started = time.perf_counter()
            data = build_digest(session, day_window(day, "Asia/Seoul"))
            built = time.perf_counter() - started
            sizes = {"md": len(render(data, "md"))}
            one = time.perf_counter() - started  # what `castwire digest` does
            sizes.update({fmt: len(render(data, fmt)) for fmt in ("html", "text")})
            total = time.perf_counter() - started
        ok &= one <= TARGET_SECONDS
        print(f"  {day}: {data.story_count:4} stories, {data.article_count:5} articles, "
              f"{len(data.premieres):3} premieres; build {built:.3f} s, + md render {one:.3f} s, + all 3 {total:.3f} s "
              f"({', '.join(f'{k} {v / 1000:.0f} kB' for k, v in sizes.items())}) "
              f"{'ok' if one <= TARGET_SECONDS else 'MISSED'}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", metavar="URL", help="an existing store instead of a generated one")
    args = parser.parse_args()
    days = [START.date() + timedelta(days=n) for n in (10, 400, 800)]
    with tempfile.TemporaryDirectory(prefix="castwire-bench-") as folder:
        url = args.db
        if url is None:
            url = f"sqlite:///{Path(folder) / 'digest.sqlite'}"
            print(f"generating {args.rows:,} articles ...", flush=True)
            print(f"  {generate(url, args.rows):.1f} s")
        ok = measure(url, days)
    print("target met" if ok else "target MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
