"""Extraction quality and speed on real pages: castwire vs trafilatura / htmldate.

Usage::

    python bench/extraction.py DATA_DIR [--only aeb-dev|dates-dev] [--errors]

``--errors`` prints every date miss: page, true day, found day, layer and raw string.

``DATA_DIR`` holds ``aeb-dev/`` (article bodies, Zyte article-extraction
benchmark layout) and ``dates-dev/`` (``manifest.jsonl`` with the true
publication day). Either may be missing; the benchmark then says so and skips it.

Body metric, as the Zyte benchmark computes it: ``\\w+`` tokens, 4-token
shingles counted as a multiset, per-page TP/FP/FN normalised to sum to 1;
precision is averaged over pages with non-empty output, recall over pages with
ground truth (an empty output has recall 0), F1 from the two means. Two castwire rows:
the body ``extract_article`` gives, and the body as stored (``normalise_body``: boilerplate
lines such as share prompts and teasers dropped).

Date metric: share of pages whose extracted publication day equals the true
day (missing counts as wrong). The day is the publisher's local day: the date of
``published_at``, which the extractor expresses in the publisher's own offset.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract import extract_article  # noqa: E402
from pipeline.normalise import normalise_body  # noqa: E402

_TOKEN = re.compile(r"\w+")


# ----------------------------------------------------------------------------- metric


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page's predicted shingles against the truth."""
    true, pred = _shingles(truth), _shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def body_scores(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in rows if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in rows if tp + fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ----------------------------------------------------------------------------- runners


def _timed(function: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def _timing(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"


def bench_bodies(folder: Path) -> None:
    import trafilatura

    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    results: dict[str, dict[str, list]] = {"castwire": {"rows": [], "t": [], "empty": []},
                                           "stored": {"rows": [], "t": [], "empty": []},
                                           "trafilatura": {"rows": [], "t": [], "empty": []}}
    for key, item in sorted(truth.items()):
        path = folder / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        raw = gzip.decompress(path.read_bytes())
        expected = item.get("articleBody", "")
        article, seconds = _timed(lambda raw=raw, item=item: extract_article(raw, item.get("url", "")))
        ours = article.body
        theirs, their_seconds = _timed(
            lambda raw=raw, item=item: trafilatura.extract(raw.decode("utf-8", "replace"), url=item.get("url"))
        )
        stored = normalise_body(ours)  # the body castwire stores: boilerplate lines dropped
        for name, text, spent in (("castwire", ours, seconds), ("stored", stored, seconds),
                                  ("trafilatura", theirs or "", their_seconds)):
            results[name]["rows"].append(page_counts(expected, text))
            results[name]["t"].append(spent)
            results[name]["empty"].append(not _TOKEN.search(text))
    pages = len(results["castwire"]["rows"])
    print(f"\nBody extraction — {folder} ({pages} pages)")
    print(f"  {'extractor':<28} {'P':>6} {'R':>6} {'F1':>6} {'empty':>6}   time/page")
    for name, label in (("castwire", "castwire extract_article"), ("stored", "castwire body as stored"),
                        ("trafilatura", "trafilatura.extract() (ref)")):
        precision, recall, f1 = body_scores(results[name]["rows"])
        print(f"  {label:<28} {precision:6.3f} {recall:6.3f} {f1:6.3f} {sum(results[name]['empty']):6d}"
              f"   {_timing(results[name]['t'])}")


def _published_day(article) -> date | None:
    """The publisher's local day: the extractor gives ``published_at`` in the publisher's offset."""
    if article.published_at is None:
        return None
    return article.published_at.date()


def bench_dates(folder: Path, show_errors: bool = False) -> None:
    from htmldate import find_date

    manifest = [json.loads(line) for line in (folder / "manifest.jsonl").read_text("utf-8").splitlines()
                if line.strip()]
    ours_ok = ref_ok = total = 0
    ours_t: list[float] = []
    ref_t: list[float] = []
    layers: Counter = Counter()
    for row in manifest:
        path = folder / row["html"]
        if not path.exists():
            continue
        raw = gzip.decompress(path.read_bytes())
        total += 1
        expected = row["published"]
        article, seconds = _timed(
            lambda raw=raw, row=row: extract_article(raw, row["url"])
        )
        ours_t.append(seconds)
        day = _published_day(article)
        if day is not None and day.isoformat() == expected:
            ours_ok += 1
        elif show_errors:
            print(f"  MISS {row['html']} expected {expected} got {day} "
                  f"[{article.provenance.get('published_at', 'none')}] raw={article.published_raw!r} "
                  f"{row['url']}")
        layers[article.provenance.get("published_at", "none")] += 1
        found, seconds = _timed(lambda raw=raw, row=row: find_date(
            raw.decode("utf-8", "replace"), url=row["url"], extensive_search=True, original_date=True,
        ))
        ref_t.append(seconds)
        if found == expected:
            ref_ok += 1
    print(f"\nPublication day — {folder} ({total} pages)")
    print(f"  {'castwire extract_article':<34} accuracy {ours_ok / total:6.3f}   {_timing(ours_t)}")
    print(f"  {'htmldate find_date (ref)':<34} accuracy {ref_ok / total:6.3f}   {_timing(ref_t)}")
    print("  castwire date layers: " + ", ".join(f"{k} {v}" for k, v in layers.most_common()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="folder holding aeb-dev/ and dates-dev/")
    parser.add_argument("--errors", action="store_true", help="print every date miss (page, truth, found)")
    parser.add_argument("--only", choices=("aeb-dev", "dates-dev"), help="run one of the two sets")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # third-party deprecation noise would drown the figures
    ran = False
    for name, runner, marker in (("aeb-dev", bench_bodies, "ground-truth.json"),
                                 ("dates-dev", bench_dates, "manifest.jsonl")):
        folder = args.data_dir / name
        if args.only and args.only != name:
            continue
        if not (folder / marker).exists():
            print(f"skipping {name}: {folder / marker} not found")
            continue
        if runner is bench_dates:
            bench_dates(folder, show_errors=args.errors)
        else:
            runner(folder)
        ran = True
    if not ran:
        print(f"no benchmark data under {args.data_dir}; nothing measured")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
