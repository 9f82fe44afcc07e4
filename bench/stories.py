"""Story clustering and duplicate detection quality on the labelled story sets.

    python bench/stories.py [--set dev|heldout] [--shuffle SEED] [--db URL]

Ingests every record of tests/data/stories/<set>.jsonl through the real pipeline
(pipeline.ingest.ingest_in_session: normalise → classify → entities → upsert →
dedup → story) into a fresh SQLite database (or --db), then prints B-cubed
precision/recall/F1 of the stories against the event labels and the precision
/recall of duplicate detection against the duplicate_of labels.
Targets: B-cubed F1 ≥ 0.92, duplicate precision ≥ 0.98.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from db_fixtures import bcubed, duplicate_scores, ingest_records, load_records, stored  # noqa: E402

from storage.db import open_database, session_factory  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", dest="name", choices=["dev", "heldout"], default="dev")
    parser.add_argument("--shuffle", type=int, metavar="SEED", help="ingest in a shuffled order")
    parser.add_argument("--db", metavar="URL", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--errors", action="store_true", help="list the mis-clustered records")
    args = parser.parse_args()
    records = load_records(args.name)
    order = list(records)
    if args.shuffle is not None:
        random.Random(args.shuffle).shuffle(order)
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(args.db or f"sqlite:///{folder}/bench.sqlite")
        sessions = session_factory(engine)
        started = time.perf_counter()
        ids = ingest_records(sessions, order)
        elapsed = time.perf_counter() - started
        where = stored(sessions, ids)
        engine.dispose()
    truth = {r["id"]: r["event"] for r in records}
    predicted = {rid: where[rid].story_id for rid in truth}
    precision, recall, f1 = bcubed(predicted, truth)
    dup_precision, dup_recall = duplicate_scores(records, where)
    print(f"set={args.name} articles={len(records)} events={len(set(truth.values()))} "
          f"stories={len(set(predicted.values()))} ({len(records) / elapsed:.0f} articles/s)")
    print(f"B-cubed precision={precision:.3f} recall={recall:.3f} F1={f1:.3f}  (target F1 >= 0.92)")
    print(f"duplicates precision={dup_precision:.3f} recall={dup_recall:.3f}  (target precision >= 0.98)")
    if args.errors:
        _print_errors(records, predicted, where)


def _print_errors(records: list[dict], predicted: dict, where: dict) -> None:
    by_story: dict[object, list[dict]] = {}
    for record in records:
        by_story.setdefault(predicted[record["id"]], []).append(record)
    events = Counter(r["event"] for r in records)
    for record in records:
        story = by_story[predicted[record["id"]]]
        mixed = {r["event"] for r in story}
        if len(mixed) > 1 or len(story) < events[record["event"]]:
            print(f"  {record['id']:28} story={predicted[record['id']]} events={sorted(mixed)} "
                  f"dup={where[record['id']].duplicate_of_id} {record['title'][:70]}")


if __name__ == "__main__":
    main()
