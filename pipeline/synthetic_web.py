"""A generated news web for multi-process tests and benchmarks.

:func:`generate_web` writes ``outlets`` fictional outlets into a folder, each
with an RSS feed and ``per_outlet`` article pages (JSON-LD ``NewsArticle`` and
an ``<article>`` body), plus the catalogue TOML for them. Events (a casting, a
premiere date, a trailer, a renewal of a fictional show) are reported by one
to three outlets in their own words, so the crawl produces multi-source
stories. Deterministic for a given seed. Serve the folder with
:func:`pipeline.webserver.serve_folder` (``{{BASE}}`` is substituted).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

OUTLETS = (
    ("hallyu_wire", "Hallyu Wire"), ("drama_ledger", "Drama Ledger"),
    ("screen_seoul", "Screen Seoul Daily"), ("stream_post", "The Stream Post"),
    ("tokyo_frame", "Tokyo Frame"), ("cast_call", "Cast Call News"),
)
_SURNAMES = ("Kang", "Seo", "Yoon", "Han", "Jung", "Moon", "Baek", "Ryu", "Shin", "Oh", "Hwang", "Kwon")
_GIVEN = ("Min-seo", "Do-hyun", "Ji-an", "Seung-ho", "Ha-yul", "Tae-oh", "Yeon-woo", "Soo-bin",
          "Ga-eun", "Jae-won", "Na-rae", "Hyun-jin", "Bo-ra", "Woo-jin", "Chae-yeon", "Ye-jun")
_SHOW_A = ("Midnight", "Crimson", "Silent", "Golden", "Paper", "Northern", "Velvet", "Broken",
           "Hidden", "Electric", "Winter", "Lucky", "Salt", "Glass", "Neon", "Second")
_SHOW_B = ("Harbor", "Orchard", "Verdict", "Lanterns", "Alliance", "Kitchen", "Detective", "Tides",
           "Contract", "Garden", "Runway", "Signal", "Crown", "Letters", "Station", "Summer")
_PLATFORMS = ("Netflix", "Disney+", "TVING", "Coupang Play", "Prime Video", "tvN", "JTBC", "SBS")
_KINDS = ("casting", "release", "trailer", "renewal")
_FILLER = (
    "The production company said filming would take place in Seoul and Busan over several months.",
    "Industry insiders expect the series to draw strong interest from overseas viewers.",
    "The writer previously penned a hit romantic comedy that topped the ratings for weeks.",
    "Fans reacted quickly on social media, sharing stills and behind-the-scenes photos.",
    "The director is known for a restrained visual style and long, quiet takes.",
    "Further casting announcements are expected in the coming weeks, according to the network.",
    "The drama is being produced with a budget reported to exceed previous projects of the studio.",
    "Script reading sessions were held last week with the main cast and crew in attendance.",
    "Critics have praised the original webtoon for its sharp dialogue and layered characters.",
    "The show will be available in more than 190 countries with subtitles in many languages.",
)


@dataclass(frozen=True)
class Event:
    show: str
    people: tuple[str, str]
    platform: str
    kind: str
    day: datetime


@dataclass(frozen=True)
class GeneratedWeb:
    root: Path  # serve this folder
    catalogue_template: str  # TOML with {{BASE}} placeholders
    articles: int  # article pages written
    outlets: tuple[str, ...]

    def catalogue(self, base: str, path: Path) -> Path:
        path.write_text(self.catalogue_template.replace("{{BASE}}", base), "utf-8")
        return path


def _events(rng: random.Random, count: int, start: datetime) -> list[Event]:
    shows = [f"{a} {b}" for a in _SHOW_A for b in _SHOW_B]
    rng.shuffle(shows)
    people = [f"{s} {g}" for s in _SURNAMES for g in _GIVEN]
    events = []
    for i in range(count):
        cast = rng.sample(people, 2)
        events.append(Event(show=shows[i % len(shows)], people=(cast[0], cast[1]),
                            platform=rng.choice(_PLATFORMS), kind=_KINDS[i % len(_KINDS)],
                            day=start + timedelta(days=(i * 3) // 4, hours=rng.randint(0, 12))))
    return events


def _headline(event: Event, variant: int) -> str:
    a, b = event.people
    show, platform = event.show, event.platform
    lines = {
        "casting": (f"{a} and {b} Cast in {platform} Drama '{show}'",
                    f"{b}, {a} to Lead Upcoming {platform} Series '{show}'",
                    f"'{show}': {a} Joins {b} in {platform}'s New Drama"),
        "release": (f"{platform}'s '{show}' Starring {a} Sets Premiere Date",
                    f"'{show}' With {a} and {b} Confirms {platform} Release",
                    f"{platform} Announces When '{show}' Premieres"),
        "trailer": (f"{platform} Drops Main Trailer for '{show}' Starring {a}",
                    f"Watch: First Trailer for '{show}' With {a} and {b}",
                    f"'{show}' Trailer Teases {a} and {b} on {platform}"),
        "renewal": (f"'{show}' Renewed for Season 2 at {platform}",
                    f"{platform} Orders Second Season of '{show}' With {a}",
                    f"{a}'s '{show}' Returns for Another Season on {platform}"),
    }
    return lines[event.kind][variant % 3]


def _body(event: Event, variant: int, rng: random.Random) -> str:
    a, b = event.people
    show, platform = event.show, event.platform
    date = (event.day + timedelta(days=40)).strftime("%B %d, %Y").replace(" 0", " ")
    leads = {
        "casting": f"{a} and {b} have been cast as the leads of '{show}', an upcoming {platform} drama.",
        "release": f"'{show}', starring {a} and {b}, will premiere on {platform} on {date}.",
        "trailer": f"{platform} released the main trailer for '{show}', starring {a} and {b}, ahead of its premiere on {date}.",
        "renewal": f"{platform} has renewed '{show}' for a second season, with {a} and {b} returning.",
    }
    filler = rng.sample(_FILLER, 4)
    quote = (f"\"We are thrilled to work with {a} again,\" a representative of {platform} said.",
             f"According to the agency of {b}, the actor accepted the offer after reading the script.",
             f"{a} will play a character who hides a secret from {b}'s character.")[variant % 3]
    return "\n\n".join([leads[event.kind], quote, *filler])


def generate_web(root: Path, *, outlets: int = 5, per_outlet: int = 110, seed: int = 9) -> GeneratedWeb:
    """Write the web into ``root`` (which must be empty or absent)."""
    rng = random.Random(seed)
    chosen = OUTLETS[:outlets]
    total = outlets * per_outlet
    # Each event is reported by 1-3 outlets: about 2 reports per event on average.
    events = _events(rng, total // 2 + outlets, datetime(2026, 9, 1, tzinfo=UTC))
    reports: dict[str, list[tuple[Event, int]]] = {slug: [] for slug, _ in chosen}
    for index, event in enumerate(events):
        copies = rng.choice((1, 2, 2, 3))
        for variant, (slug, _) in enumerate(rng.sample(chosen, min(copies, outlets))):
            if len(reports[slug]) < per_outlet:
                reports[slug].append((event, index * 3 + variant))
    for slug, _ in chosen:  # top up outlets that ran short with single reports
        index = len(events)
        while len(reports[slug]) < per_outlet:
            extra = _events(random.Random(f"{seed}-{slug}-{index}"), 1, datetime(2026, 12, 1, tzinfo=UTC))[0]
            reports[slug].append((Event(f"{extra.show} {index}", extra.people, extra.platform, extra.kind,
                                        extra.day + timedelta(days=index % 30)), index * 3))
            index += 1
    catalogue = []
    for slug, name in chosen:
        folder = root / slug
        (folder / "news").mkdir(parents=True, exist_ok=True)
        items = []
        for number, (event, variant) in enumerate(reports[slug]):
            url = f"{{{{BASE}}}}/{slug}/news/{number:04d}-{event.kind}.html"
            title = _headline(event, variant)
            published = event.day + timedelta(hours=variant % 3)
            body = _body(event, variant, random.Random(f"{slug}-{number}"))
            (folder / "news" / f"{number:04d}-{event.kind}.html").write_text(
                _page(url, title, body, published, name, event), "utf-8")
            items.append((url, title, published, body.split("\n\n")[0]))
        (folder / "rss.xml").write_text(_feed(slug, name, items), "utf-8")
        catalogue.append(f'[{slug}]\nname = "{name}"\nhomepage = "{{{{BASE}}}}/{slug}/"\n'
                         f'language = "en"\ntimezone = "UTC"\nfeeds = ["{{{{BASE}}}}/{slug}/rss.xml"]\n')
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    return GeneratedWeb(root, "\n".join(catalogue), total, tuple(slug for slug, _ in chosen))


def _page(url: str, title: str, body: str, published: datetime, site: str, event: Event) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "datePublished": published.isoformat(), "dateModified": published.isoformat(),
        "author": {"@type": "Person", "name": f"{site} staff"},
        "publisher": {"@type": "Organization", "name": site},
        "mainEntityOfPage": url, "keywords": f"{event.show},{event.platform},{event.kind}",
        "inLanguage": "en",
    }
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {escape(site)}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{escape(title)}"><meta property="og:site_name" content="{escape(site)}">
<script type="application/ld+json">{json.dumps(data)}</script></head>
<body><header><a href="../">{escape(site)}</a></header>
<article><h1>{escape(title)}</h1>
<time datetime="{published.isoformat()}">{published:%Y-%m-%d}</time>
{paragraphs}
</article><footer>&copy; {escape(site)}</footer></body></html>
"""


def _feed(slug: str, name: str, items: list[tuple[str, str, datetime, str]]) -> str:
    entries = "\n".join(
        f"<item><title>{escape(title)}</title><link>{url}</link><guid>{url}</guid>"
        f"<pubDate>{format_datetime(published)}</pubDate><description>{escape(summary)}</description></item>"
        for url, title, published, summary in sorted(items, key=lambda i: i[2], reverse=True)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(name)}</title><link>{{{{BASE}}}}/{slug}/</link>
<description>{escape(name)} news</description>
{entries}
</channel></rss>
"""
