"""Parse every real-world feed under a folder with ``pipeline.discovery.parse_feed``.

Usage::

    python bench/feeds.py /work/shared/data/feeds

Prints, per file, the kind of document, entries found and any problems, then
totals. Not a test: the feeds are benchmark data kept outside the repository.
A file that makes ``parse_feed`` raise is a bug; it is reported and counted,
and the exit status is 1.
"""

from __future__ import annotations

import sys
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.discovery import parse_feed  # noqa: E402

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json", ".html", ".htm", ".feed", ""}


def candidate_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in FEED_SUFFIXES
        and path.name.upper() not in {"LICENSE", "README", "LICENCE"}
        # rss-parser keeps its expected outputs (JSON, not feeds) next to the inputs
        and "output" not in path.relative_to(folder).parts
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/feeds.py FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if not folder.is_dir():
        print(f"no feed folder at {folder}: nothing to benchmark")
        return 0
    files = candidate_files(folder)
    total_entries = crashed = with_problems = 0
    kinds: dict[str, int] = {}
    started = time.perf_counter()
    for path in files:
        name = path.relative_to(folder)
        url = f"https://bench.invalid/{name.as_posix()}"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                result = parse_feed(path.read_bytes(), url)
        except Exception:  # noqa: BLE001 - a benchmark reports every crash and carries on
            crashed += 1
            print(f"CRASH {name}\n{traceback.format_exc()}")
            continue
        total_entries += len(result.entries)
        kinds[result.kind] = kinds.get(result.kind, 0) + 1
        if result.problems:
            with_problems += 1
        problems = "; ".join(result.problems)
        print(
            f"{len(result.entries):5d}  {result.kind:7s} {result.version or '-':8s} {name}"
            + (f"  [{problems}]" if problems else "")
        )
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{k}={v}" for k, v in sorted(kinds.items()))
    print(
        f"\n{len(files)} files, {total_entries} entries, {with_problems} with problems, "
        f"{crashed} crashed ({summary}) in {elapsed:.2f}s"
    )
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
