"""Quality and speed of normalise + entities + classify on the labelled sets.

    python bench/understanding.py [--set dev|heldout] [--errors]
    python bench/understanding.py --functions [--set dev|heldout] [--cold]

Prints per-category precision/recall/F1, category macro-F1, show/person/platform
micro-F1 (entities compared by their canonical keys), premiere-date accuracy and
throughput (articles/s on one core, best of several passes).

``--functions`` instead times each function on realistic article bodies (the
story set ``tests/data/stories/<set>.jsonl``, ~450 characters on average): CPU
milliseconds per article, best and median of several passes. The name memos of
the key functions stay warm across passes, as in a long crawl; ``--cold``
empties them before every article. The load average is printed alongside: the
machine may be shared, so compare runs made under the same load.

Each line of ``tests/data/understanding/<set>.jsonl`` is one article::

    {"id": "dev-001", "language": "en", "published_at": "2024-03-12T10:00:00+09:00",
     "title": "...", "body": "...", "category": "casting",
     "shows": ["Romantics Anonymous"], "people": ["Han Hyo-joo", "Oguri Shun"],
     "platforms": ["Netflix"], "premiere": {"date": "2025-07-01", "precision": "month"}}

Labelling conventions: ``people`` are performers and the people the story is
about (not directors, writers or reporters); ``shows`` are the titles of the
dramas/films/series named; ``platforms`` are every platform or network named;
``premiere`` is the future premiere/release date the article announces, or null.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.classify import CATEGORIES, classify  # noqa: E402
from pipeline.entities import find_entities, person_key, platform_key, show_key  # noqa: E402
from pipeline.normalise import clean_text, detect_language, normalise_body  # noqa: E402
from pipeline.stories import other_work_sentence, subject_shows  # noqa: E402

DATA = ROOT / "tests" / "data" / "understanding"


def load(name: str) -> list[dict]:
    path = DATA / f"{name}.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Prediction:
    category: str
    shows: frozenset[str]
    people: frozenset[str]
    platforms: frozenset[str]
    premiere: tuple[str, str] | None
    language: str | None


def run(example: dict) -> Prediction:
    title = clean_text(example["title"])
    body = normalise_body(example["body"])
    language = detect_language(f"{title}\n{body}", example.get("declared_language"))
    published = datetime.fromisoformat(example["published_at"]) if example.get("published_at") else None
    entities = find_entities(title, body, language)
    # as a crawl reads it (pipeline.ingest.analyse_article): another show's date is not the article's
    result = classify(title, body, language, published, elsewhere=other_work_sentence(
        entities.shows, subject_shows(entities.shows, title, body), title, body))
    premiere = (result.premiere.date.isoformat(), result.premiere.precision) if result.premiere else None
    return Prediction(
        result.category,
        entities.keys("show"),
        entities.keys("person"),
        entities.keys("platform"),
        premiere,
        language,
    )


def expected_keys(example: dict) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return (
        frozenset(show_key(s) for s in example["shows"]),
        frozenset(person_key(p) for p in example["people"]),
        frozenset(platform_key(p) for p in example["platforms"]),
    )


def expected_premiere(example: dict) -> tuple[str, str] | None:
    premiere = example.get("premiere")
    return (premiere["date"], premiere["precision"]) if premiere else None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: Iterable[str], expected: Iterable[str]) -> None:
        predicted, expected = set(predicted), set(expected)
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    total: int = 0
    categories: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    shows: Counts = field(default_factory=Counts)
    people: Counts = field(default_factory=Counts)
    platforms: Counts = field(default_factory=Counts)
    premiere_correct: int = 0
    premiere_dated: int = 0
    premiere_dated_correct: int = 0
    language_correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        present = [c for c in self.categories.values() if c.tp + c.fn]
        return sum(c.f1 for c in present) / len(present)

    @property
    def premiere_accuracy(self) -> float:
        return self.premiere_correct / self.total if self.total else 0.0

    @property
    def premiere_dated_accuracy(self) -> float:
        return self.premiere_dated_correct / self.premiere_dated if self.premiere_dated else 1.0


def evaluate(examples: Sequence[dict]) -> Report:
    report = Report()
    for example in examples:
        report.total += 1
        got = run(example)
        want_category = example["category"]
        for category, counts in report.categories.items():
            counts.add([category] if got.category == category else [], [category] if want_category == category else [])
        shows, people, platforms = expected_keys(example)
        report.shows.add(got.shows, shows)
        report.people.add(got.people, people)
        report.platforms.add(got.platforms, platforms)
        want_premiere = expected_premiere(example)
        if got.premiere == want_premiere:
            report.premiere_correct += 1
        if want_premiere:
            report.premiere_dated += 1
            report.premiere_dated_correct += got.premiere == want_premiere
        report.language_correct += got.language == example["language"]
        problems = []
        if got.category != want_category:
            problems.append(f"category {got.category} != {want_category}")
        for label, predicted, expected in (("shows", got.shows, shows), ("people", got.people, people), ("platforms", got.platforms, platforms)):
            if predicted != expected:
                problems.append(f"{label} +{sorted(predicted - expected)} -{sorted(expected - predicted)}")
        if got.premiere != want_premiere:
            problems.append(f"premiere {got.premiere} != {want_premiere}")
        if problems:
            report.errors.append(f"{example['id']}: {example['title'][:70]}\n    " + "\n    ".join(problems))
    return report


def throughput(examples: Sequence[dict], passes: int = 5) -> float:
    best = 0.0
    for _ in range(passes):
        started = time.perf_counter()
        for example in examples:
            run(example)
        elapsed = time.perf_counter() - started
        best = max(best, len(examples) / elapsed)
    return best


def _memos() -> list:
    """The bounded memos of the understanding modules (name keys, shapes, ...)."""
    import pipeline.classify as classify_module
    import pipeline.entities as entities_module
    import pipeline.normalise as normalise_module

    return [
        value for module in (classify_module, entities_module, normalise_module) for value in vars(module).values()
        if hasattr(value, "cache_info") and value.cache_info().maxsize is not None
    ]


def time_functions(name: str, cold: bool, passes: int = 7) -> None:
    """CPU ms per article of each function over the story set's bodies."""
    path = ROOT / "tests" / "data" / "stories" / f"{name}.jsonl"
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    articles = []
    for record in records:
        title, body = clean_text(record["title"]), normalise_body(record["body"])
        language = detect_language(f"{title}\n{body}", record.get("language"))
        published = datetime.fromisoformat(record["published_at"])
        articles.append((record["body"], title, body, language, published))
    functions = {
        "normalise_body": lambda a: normalise_body(a[0]),
        "detect_language": lambda a: detect_language(f"{a[1]}\n{a[2]}"),
        "classify": lambda a: classify(a[1], a[2], a[3], a[4]),
        "find_entities": lambda a: find_entities(a[1], a[2], a[3]),
        "classify+entities": lambda a: (classify(a[1], a[2], a[3], a[4]), find_entities(a[1], a[2], a[3])),
    }
    memos = _memos()
    average = sum(len(a[2]) for a in articles) / len(articles)
    print(f"stories/{name}: {len(articles)} bodies, {average:.0f} characters on average; "
          f"memos {'emptied before every article' if cold else 'warm'}; load average {os.getloadavg()[0]:.2f}")
    for label, function in functions.items():
        for article in articles:
            function(article)  # warm up: imports, compiled patterns, tables
        runs = []
        for _ in range(passes):
            spent = 0.0
            if cold:
                for article in articles:
                    for memo in memos:
                        memo.cache_clear()
                    started = time.process_time()
                    function(article)
                    spent += time.process_time() - started
            else:
                started = time.process_time()
                for article in articles:
                    function(article)
                spent = time.process_time() - started
            runs.append(spent / len(articles) * 1000)
        print(f"  {label:<18} {min(runs):6.3f} ms  (median {statistics.median(runs):.3f})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="dev", choices=("dev", "heldout"))
    parser.add_argument("--errors", action="store_true", help="list every mismatch")
    parser.add_argument("--functions", action="store_true", help="time each function on the story set's bodies")
    parser.add_argument("--cold", action="store_true", help="with --functions: empty the name memos before every article")
    args = parser.parse_args(argv)
    if args.functions:
        time_functions(args.set, args.cold)
        return 0
    examples = load(args.set)
    report = evaluate(examples)
    print(f"{args.set}: {report.total} articles")
    print(f"{'category':<12}{'P':>7}{'R':>7}{'F1':>7}{'n':>5}")
    for category, counts in report.categories.items():
        print(f"{category:<12}{counts.precision:>7.3f}{counts.recall:>7.3f}{counts.f1:>7.3f}{counts.tp + counts.fn:>5}")
    print(f"category macro-F1      {report.macro_f1:.3f}")
    for label, counts in (("show", report.shows), ("person", report.people), ("platform", report.platforms)):
        print(f"{label + ' micro-F1':<23}{counts.f1:.3f}  (P {counts.precision:.3f} R {counts.recall:.3f})")
    print(f"premiere-date accuracy {report.premiere_accuracy:.3f}  (dated only: {report.premiere_dated_accuracy:.3f} of {report.premiere_dated})")
    print(f"language accuracy      {report.language_correct / report.total:.3f}")
    print(f"throughput             {throughput(examples):.0f} articles/s (one core)")
    if args.errors:
        print("\n".join(report.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
