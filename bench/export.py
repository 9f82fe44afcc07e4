"""Export throughput and memory: N synthetic articles to CSV and JSONL.

Usage::

    python bench/export.py [--rows 1000000] [--postgres URL] [--skip-sqlite] [--keep DIR [--reuse]]

Builds a fresh SQLite store (and, with ``--postgres``, a fresh schema on that
server), then runs each export in a child process (so the generator's memory
does not count) writing to a file, and prints rows/s (wall and CPU) and the
child's peak RSS. ``--keep`` keeps the SQLite store in DIR and the PostgreSQL
schema (``bench_export_<rows>``); ``--reuse`` exports what was kept instead of
generating it again. Targets (issue 7): >= 50,000 rows/s, peak RSS <= 150 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_ROWS_PER_S = 50_000
TARGET_RSS_MB = 150


def child(url: str, what: str, fmt: str, out: str) -> None:
    """Run one export in this (fresh) process and print its figures as JSON."""
    from pipeline.export import export
    from storage.db import create_db_engine, session_factory, transaction

    started, cpu = time.perf_counter(), time.process_time()
    sessions = session_factory(create_db_engine(url))
    with transaction(sessions) as session, open(out, "w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        rows = export(session, what, fmt, handle)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "rss_mb": rss_mb, "bytes": os.path.getsize(out)}))


def run_export(url: str, what: str, fmt: str, folder: Path) -> dict[str, float]:
    out = folder / f"{what}.{fmt}"
    result = subprocess.run([sys.executable, __file__, "--child", url, what, fmt, str(out)],
                            capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    out.unlink(missing_ok=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench(label: str, url: str, rows: int, folder: Path, whats: list[str], generate_store: bool = True) -> bool:
    from bench.synthetic import generate

    if generate_store:
        print(f"\n{label}: generating {rows:,} articles ...", flush=True)
        seconds = generate(url, rows)
        print(f"  generated in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)")
    else:
        print(f"\n{label}: reusing the store at {url}", flush=True)
    ok = True
    for what in whats:
        for fmt in ("csv", "jsonl"):
            figures = run_export(url, what, fmt, folder)
            rate = figures["rows"] / figures["seconds"]
            passed = (what != "articles") or (rate >= TARGET_ROWS_PER_S and figures["rss_mb"] <= TARGET_RSS_MB)
            ok &= passed
            print(f"  {what:9} {fmt:5} {int(figures['rows']):>9,} rows  {figures['seconds']:6.1f} s  "
                  f"{rate:>9,.0f} rows/s (CPU {figures['cpu']:5.1f} s: {figures['rows'] / max(figures['cpu'], 1e-9):>7,.0f} rows/s)  peak RSS {figures['rss_mb']:5.0f} MB  "
                  f"{figures['bytes'] / 1e6:7.0f} MB written  load {os.getloadavg()[0]:.2f}  "
                  f"{'ok' if passed else 'MISSED'}", flush=True)
    return ok


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", metavar="URL", help="also bench on this PostgreSQL server (a fresh schema)")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--what", nargs="+", default=["articles"], choices=["articles", "stories", "entities"])
    parser.add_argument("--keep", metavar="DIR",
                        help="keep the SQLite store in DIR (and the PostgreSQL schema bench_export_<rows>)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: export the stores already kept instead of generating them")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="castwire-bench-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if not args.skip_sqlite:
            db = folder / f"export-{args.rows}.sqlite"
            reuse = bool(args.keep and args.reuse and db.exists())
            if not reuse:
                db.unlink(missing_ok=True)
            ok &= bench("SQLite", f"sqlite:///{db}", args.rows, folder, args.what, generate_store=not reuse)
        if args.postgres:
            ok &= _postgres(args.postgres, args.rows, folder, args.what, keep=bool(args.keep), reuse=args.reuse)
    print("\nall targets met" if ok else "\nsome targets MISSED")
    return 0 if ok else 1


def _postgres(admin_url: str, rows: int, folder: Path, whats: list[str], *, keep: bool = False,
              reuse: bool = False) -> bool:
    """Bench on a schema of its own: a throw-away one, or ``bench_export_<rows>`` kept with ``keep``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_export_{rows}" if keep else f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"))
    with admin.begin() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": schema}).first() is not None
        reuse = reuse and keep and exists
        if exists and not reuse:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        if not reuse:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(admin_url).set(drivername="postgresql+psycopg").update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        return bench("PostgreSQL", url, rows, folder, whats, generate_store=not reuse)
    finally:
        if not keep:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
