"""Crawl throughput benchmark: a local site of N article pages, one production crawl.

Generates a site (default 2,000 articles) into a temporary folder — an RSS feed
of the latest 100 articles, a sitemap index with two sitemaps covering all of
them, robots.txt — serves it on 127.0.0.1 with castwire's fixture server and
crawls it with ``python -m scrapy crawl`` (``pipeline.crawl.run_crawl``) using
the production settings except the politeness delays: ``DOWNLOAD_DELAY=0`` and
AutoThrottle off. Everything else is production: two requests at a time per
site (``--concurrency`` raises it, to see where the ceiling is), robots.txt
obeyed, retries, extraction in the production process pool of 2 workers.

Reports pages/s and how the crawl's wall time splits between Scrapy's own
fetch loop and castwire's work, from the timing counters the item pipelines,
spider and middlewares add to the crawl stats (``castwire/time/*_us``):

* extraction and analysis: busy time of the worker processes (sum over workers),
  extraction and then normalise → classify → entities → fingerprints;
* storage: busy time of the single writer thread (upsert → entities → dedup → story);
* on the event loop: discovery parsing and the database look-ups of the
  incremental-crawl middlewares, which run on the reactor thread.

Headline figures: pages/s over the crawl run (spider open → close), and the share
of the crawl's wall time spent outside Scrapy's fetch loop — castwire's own work
(extraction + storage + castwire code on the reactor), summed; it can exceed
100 % because extraction runs in parallel processes.

Usage: ``.venv/bin/python bench/crawl.py [--pages 2000] [--workers 2] [--concurrency 2] [--second]``
(``--second`` also times an incremental re-crawl, where every article is already stored).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from pipeline.config import Settings  # noqa: E402
from pipeline.crawl import run_crawl  # noqa: E402
from pipeline.sources import load_catalogue  # noqa: E402
from pipeline.webserver import serve_folder  # noqa: E402
from storage.db import open_database, session_factory, transaction  # noqa: E402
from storage.models import CrawlRun  # noqa: E402

SURNAMES = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
            "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Tanaka", "Sato", "Suzuki", "Takahashi"]
GIVEN = ["Min-ho", "Ji-won", "Soo-hyun", "Hye-yoon", "Woo-seok", "Bo-gum", "Ji-eun", "Seo-joon", "So-hee",
         "Do-hyun", "Yuna", "Haruto", "Sakura", "Ren", "Mio", "Jae-wook", "Eun-bin", "Tae-ri", "Hyo-joo"]
WORDS = ["Moon", "River", "Secret", "Garden", "Midnight", "Salt", "Crown", "Letter", "Winter", "Signal",
         "Harbor", "Lantern", "Thief", "Doctor", "Summer", "Echo", "Paper", "Glass", "Tide", "Orchard"]
PLATFORMS = ["Netflix", "Disney+", "TVING", "Coupang Play", "tvN", "JTBC", "SBS", "MBC", "KBS2", "Prime Video"]
VERBS = ["cast in", "confirmed for", "in talks to join", "to lead", "joins the cast of", "to star in"]
FILLER = ("The production company said filming would begin in the spring, with locations in Seoul, Busan and "
          "Jeju. The script was written by a writer known for several hit series, and the director previously "
          "worked on a number of award-winning dramas. The series will consist of {n} episodes. ")


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def generate_site(folder: Path, pages: int, seed: int = 7) -> int:
    """Write the benchmark site under ``folder/bench``; returns its size in bytes."""
    rng = random.Random(seed)
    site = folder / "bench"
    now = datetime.now(UTC).replace(microsecond=0)
    entries: list[tuple[str, str, datetime]] = []
    total = 0
    for i in range(pages):
        when = now - timedelta(minutes=17 * i)
        show = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
        a, b = person(rng), person(rng)
        title = f"{a} and {b} {rng.choice(VERBS)} {rng.choice(PLATFORMS)} drama '{show}'"
        path = f"news/{when:%Y/%m/%d}/story-{i:05d}.html"
        paragraphs = [
            f"{a} and {b} have been {rng.choice(VERBS)} the upcoming series '{show}', "
            f"which will premiere on {rng.choice(PLATFORMS)} in {rng.choice(['January', 'March', 'June', 'October'])}.",
            *(FILLER.format(n=rng.choice([8, 10, 12, 16])) + f"{person(rng)} and {person(rng)} also appear."
              for _ in range(rng.randint(3, 6))),
            f"Story number {i} in this benchmark; {rng.choice(WORDS).lower()} {rng.random():.6f}.",
        ]
        html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Bench Daily</title>
<link rel="canonical" href="{{{{BASE}}}}/bench/{path}">
<meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="{when.isoformat()}">
<meta name="author" content="{escape(person(rng))}">
</head><body><nav><a href="{{{{BASE}}}}/bench/">Home</a> <a href="{{{{BASE}}}}/bench/tv/">TV</a></nav>
<article><h1>{escape(title)}</h1>
{"".join(f"<p>{escape(p)}</p>" for p in paragraphs)}
</article><footer>&copy; Bench Daily</footer></body></html>
"""
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, "utf-8")
        total += len(html)
        entries.append((path, title, when))
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{{{{BASE}}}}/bench/{path}</link>"
        f"<pubDate>{format_datetime(when)}</pubDate><description>{escape(title)}</description></item>"
        for path, title, when in entries[:100]
    )
    (site / "feed.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench Daily</title>'
        f"<link>{{{{BASE}}}}/bench/</link>{items}</channel></rss>", "utf-8")
    half = (len(entries) + 1) // 2
    for n, chunk in enumerate((entries[:half], entries[half:]), start=1):
        urls = "".join(f"<url><loc>{{{{BASE}}}}/bench/{path}</loc><lastmod>{when.isoformat()}</lastmod></url>"
                       for path, _title, when in chunk)
        (site / f"sitemap-{n}.xml").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>", "utf-8")
    children = "".join(f"<sitemap><loc>{{{{BASE}}}}/bench/sitemap-{n}.xml</loc><lastmod>{now.isoformat()}</lastmod>"
                       "</sitemap>" for n in (1, 2))
    (site / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{children}</sitemapindex>", "utf-8")
    (folder / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", "utf-8")
    return total


CATALOGUE = """
[bench]
name = "Bench Daily"
homepage = "{base}/bench/"
language = "en"
feeds = ["{base}/bench/feed.xml"]
sitemaps = ["{base}/bench/sitemap.xml"]
max_sitemap_age_days = 60
"""


def report(label: str, run: CrawlRun, wall: float, workers: int) -> None:
    stats = run.stats
    crawl = (run.finished_at - run.started_at).total_seconds() if run.finished_at else wall
    ms = {key: stats.get(f"castwire/time/{key}_us", 0) / 1e6 for key in
          ("extract", "analyse", "extract_wait", "store", "store_wait", "discovery", "lookups")}
    print(f"\n== {label}: status {run.status}, {run.pages_fetched} responses, {run.articles_new} new articles, "
          f"{run.urls_already_stored} already stored, drops {run.dropped or '-'}")
    print(f"   subprocess wall {wall:7.2f} s (incl. interpreter start-up and imports)")
    print(f"   crawl run       {crawl:7.2f} s (spider open -> close)")
    print(f"   throughput      {run.pages_fetched / crawl:7.1f} pages/s, {run.articles_new / crawl:7.1f} new articles/s")
    outside = ms["extract"] + ms["store"] + ms["discovery"] + ms["lookups"]
    print(f"   outside Scrapy's fetch loop: {outside:.2f} s of castwire work = {outside / crawl:.1%} of the crawl's "
          f"wall time (summed over {workers} extraction worker(s), the writer thread and the reactor)")
    print("   time outside Scrapy's fetch loop (share of the crawl run's wall time):")
    busy = ms["extract"] + ms["analyse"]
    print(f"     worker processes busy    {busy:7.2f} s  {busy / crawl:6.1%} of wall "
          f"({busy / (crawl * max(workers, 1)):.1%} utilisation of {workers} worker(s))")
    print(f"       extraction             {ms['extract']:7.2f} s")
    print(f"       analysis               {ms['analyse']:7.2f} s")
    print(f"     storage thread busy      {ms['store']:7.2f} s  {ms['store'] / crawl:6.1%} of wall")
    print("   castwire code on the reactor thread (inside the fetch loop):")
    print(f"     discovery parsing        {ms['discovery']:7.2f} s  {ms['discovery'] / crawl:6.1%} of wall")
    print(f"     incremental DB look-ups  {ms['lookups']:7.2f} s  {ms['lookups'] / crawl:6.1%} of wall")
    print(f"   items waited (queue + work): extraction {ms['extract_wait']:.2f} s, storage {ms['store_wait']:.2f} s "
          "(summed over concurrent items)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2, help="CASTWIRE_EXTRACT_WORKERS (production: 2)")
    parser.add_argument("--concurrency", type=int, default=2,
                        help="CONCURRENT_REQUESTS_PER_DOMAIN (production: 2)")
    parser.add_argument("--second", action="store_true", help="also time an incremental re-crawl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="castwire-bench-") as tmp:  # noqa: SIM117
        folder = Path(tmp)
        started = time.perf_counter()
        size = generate_site(folder / "site", args.pages)
        print(f"generated {args.pages} article pages ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
        with serve_folder(folder / "site") as base:
            catalogue = folder / "sources.toml"
            catalogue.write_text(CATALOGUE.replace("{base}", base), "utf-8")
            settings = Settings(database_url=f"sqlite:///{folder / 'bench.sqlite'}", sources_file=catalogue,
                                crawl_timeout=3600)
            sessions = session_factory(open_database(settings.database_url))
            source = load_catalogue(catalogue).get("bench")
            extra = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "ROBOTSTXT_OBEY=True",
                     f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}",
                     f"CASTWIRE_EXTRACT_WORKERS={args.workers}", "LOG_LEVEL=WARNING")
            rounds = ["first crawl"] + (["incremental re-crawl"] if args.second else [])
            for label in rounds:
                began = time.perf_counter()
                outcome = run_crawl(settings, sessions, source, log_dir=folder, extra_settings=extra)
                wall = time.perf_counter() - began
                with transaction(sessions) as session:
                    run = session.execute(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).scalar_one()
                    session.expunge(run)
                if outcome.status not in ("ok", "partial"):
                    print((folder / "bench.log").read_text()[-3000:], file=sys.stderr)
                report(label, run, wall, args.workers)


if __name__ == "__main__":
    main()
