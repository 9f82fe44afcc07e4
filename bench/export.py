"""Export throughput and memory: N synthetic articles to CSV and JSONL.

Usage::

    python bench/export.py [--rows 1000000] [--postgres URL] [--skip-sqlite] [--keep DIR [--reuse]] [--repeat N]

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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_ROWS_PER_S = 50_000
TARGET_RSS_MB = 150


def child(url: str, what: str, fmt: str, out: str) -> None:
    """Run one export in this (fresh) process and print its figures as JSON.

    CPU is user + system time of this process; on PostgreSQL ``server_cpu`` is the
    CPU time of the server process that ran the export's queries (read from
    ``/proc``, so only for a server on this machine; else null).
    """
    from pipeline.export import export
    from storage.db import create_db_engine, session_factory, transaction

    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    sessions = session_factory(create_db_engine(url))
    with transaction(sessions) as session, open(out, "wb", buffering=1 << 20) as handle:
        backend = _server_process(session)
        server_before = _process_cpu(backend)
        rows = export(session, what, fmt, handle)
        server_after = _process_cpu(backend)
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    server = server_after - server_before if server_after is not None and server_before is not None else None
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": user + system, "user": user, "system": system,
                      "server_cpu": server, "rss_mb": after.ru_maxrss / 1024, "bytes": os.path.getsize(out)}))


def _server_process(session: Any) -> int | None:
    from sqlalchemy import text

    if session.get_bind().dialect.name != "postgresql":
        return None
    return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _process_cpu(pid: int | None) -> float | None:
    """User + system CPU seconds of a process on this machine (None when it is not readable)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_export(url: str, what: str, fmt: str, folder: Path) -> dict[str, Any]:
    out = folder / f"{what}.{fmt}"
    out.unlink(missing_ok=True)
    result = subprocess.run([sys.executable, __file__, "--child", url, what, fmt, str(out)],
                            capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    out.unlink(missing_ok=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench(label: str, url: str, rows: int, folder: Path, whats: list[str], generate_store: bool = True,
          repeat: int = 1) -> bool:
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
            runs = []
            for _ in range(repeat):
                figures = run_export(url, what, fmt, folder)
                runs.append(figures)
                _report(what, fmt, figures)
            if repeat > 1:
                print(f"  {what:9} {fmt:5} best of {repeat}: "
                      f"{max(f['rows'] / f['seconds'] for f in runs):,.0f} rows/s wall, "
                      f"{max(f['rows'] / f['cpu'] for f in runs):,.0f} rows/s CPU", flush=True)
            best = max(runs, key=lambda f: f["rows"] / f["seconds"])
            rate = best["rows"] / best["seconds"]
            ok &= (what != "articles") or (rate >= TARGET_ROWS_PER_S and best["rss_mb"] <= TARGET_RSS_MB)
    return ok


def _report(what: str, fmt: str, figures: dict[str, Any]) -> None:
    rows = figures["rows"]
    rate, cpu_rate = rows / figures["seconds"], rows / max(figures["cpu"], 1e-9)
    server = "" if figures["server_cpu"] is None else f" + server {figures['server_cpu']:4.1f} s"
    passed = rate >= TARGET_ROWS_PER_S and figures["rss_mb"] <= TARGET_RSS_MB
    print(f"  {what:9} {fmt:5} {rows:>9,} rows  {figures['seconds']:6.1f} s  {rate:>7,.0f} rows/s  "
          f"CPU {figures['cpu']:5.1f} s (user {figures['user']:4.1f} + sys {figures['system']:4.1f}{server}): "
          f"{cpu_rate:>7,.0f} rows/s  peak RSS {figures['rss_mb']:4.0f} MB  {figures['bytes'] / 1e6:5.0f} MB  "
          f"load {os.getloadavg()[0]:.2f}  {'ok' if passed else 'MISSED'}", flush=True)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", metavar="URL", help="also bench on this PostgreSQL server (a fresh schema)")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--what", nargs="+", default=["articles"], choices=["articles", "stories", "entities"])
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run each export N times (the machine's load makes single figures noisy)")
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
            ok &= bench("SQLite", f"sqlite:///{db}", args.rows, folder, args.what, generate_store=not reuse,
                        repeat=args.repeat)
        if args.postgres:
            ok &= _postgres(args.postgres, args.rows, folder, args.what, keep=bool(args.keep), reuse=args.reuse,
                            repeat=args.repeat)
    print("\nall targets met" if ok else "\nsome targets MISSED")
    return 0 if ok else 1


def _postgres(admin_url: str, rows: int, folder: Path, whats: list[str], *, keep: bool = False,
              reuse: bool = False, repeat: int = 1) -> bool:
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
        return bench("PostgreSQL", url, rows, folder, whats, generate_store=not reuse, repeat=repeat)
    finally:
        if not keep:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
