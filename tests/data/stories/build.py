"""Writes dev.jsonl and heldout.jsonl: fictional multi-outlet drama news, labelled by event.

    python tests/data/stories/build.py

Each event (casting, release date, trailer, renewal, production, review...) is
reported by several fictional outlets in their own words and language; some
outlets syndicate another's copy word for word ("exact") or lightly rewrite it
("near"). Records: id, event, duplicate_of (id of the copied record), outlet,
language, url, title, body, published_at (ISO 8601 with the outlet's offset).

The held-out set uses other outlets, other phrasings (events.py: HELDOUT_*)
and other events; it is never used to tune thresholds.
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from catalog import PEOPLE, PLATFORMS, SHOWS  # noqa: E402
from events import DEV_EVENTS, HELDOUT_EVENTS  # noqa: E402
from phrasing import (  # noqa: E402
    BACKGROUND,
    CLOSINGS,
    CONTEXT,
    DEV_OUTLETS,
    HELDOUT_OUTLETS,
    LEADS,
    PREMISES,
    SECOND,
    TITLES,
)

ZONES = {"en": timezone(timedelta(hours=-5)), "ko": timezone(timedelta(hours=9)),
         "ja": timezone(timedelta(hours=9))}
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def quote(text: str, style: str) -> str:
    return {"single": f"'{text}'", "double": f"\u201c{text}\u201d", "plain": f'"{text}"',
            "angle": f"\u3008{text}\u3009", "dangle": f"\u300a{text}\u300b",
            "kagi": f"\u300c{text}\u300d", "dkagi": f"\u300e{text}\u300f"}[style]


def person(key: str, language: str, variant: int) -> str:
    forms = PEOPLE[key]
    if language == "en":
        return forms["en"][variant % len(forms["en"])]
    return forms[language]


def premiere_text(day: str | None, language: str) -> str:
    if not day:
        return {"en": "later this year", "ko": "올해 하반기", "ja": "今年後半"}[language]
    when = datetime.fromisoformat(day)
    if language == "en":
        return f"{EN_MONTHS[when.month - 1]} {when.day}"
    if language == "ko":
        return f"{when.month}월 {when.day}일"
    return f"{when.month}月{when.day}日"


def fields(event: dict, outlet: dict, rng: random.Random) -> dict[str, str]:
    language = outlet["language"]
    show = SHOWS[event["show"]]
    title = show[language]
    if language == "en" and show["en_alt"] and outlet.get("alt_titles"):
        title = show["en_alt"][0]
    quoted = quote(title, outlet["quotes"])
    if language != "en" and event.get("global") and outlet.get("bilingual"):  # a translated title
        quoted += outlet["bilingual"].format(en=show["en"])
    names = [person(p, language, outlet["name_variant"]) for p in event["people"]]
    if language == "ko" and outlet.get("native_foreign"):
        names = [f"{n}({PEOPLE[p]['ja']})" if p in JAPANESE else n for n, p in zip(names, event["people"], strict=True)]
    sep = {"en": ", ", "ko": ", ", "ja": "、"}[language]
    joiner = {"en": " and ", "ko": "와 ", "ja": "と"}[language]
    people = sep.join(names[:-1]) + joiner + names[-1] if len(names) > 1 else names[0]
    past = SHOWS[event.get("past", "kc")][language]
    return {
        "show": quoted, "show_plain": quote(title, outlet["quotes"]), "p1": names[0],
        "p2": names[1] if len(names) > 1 else names[0], "people": people,
        "platform": PLATFORMS[event["platform"]][language],
        "premiere": premiere_text(event.get("premiere"), language),
        "past": quote(past, outlet["quotes"]), "premise": PREMISES[event["show"]][language],
        "episodes": str(event.get("episodes", 12)), "season": str(event.get("season", 2)),
    }


JAPANESE = {k for k, v in PEOPLE.items() if not re.search(r"[\uac00-\ud7a3]", v["ja"]) and "・" not in v["ja"]}


def pick(options: list[str], rng: random.Random) -> str:
    return options[rng.randrange(len(options))]


def write_article(event: dict, outlet: dict, rng: random.Random) -> tuple[str, str]:
    language, category = outlet["language"], event["category"]
    values = fields(event, outlet, rng)
    style = outlet["style"]
    title = pick(TITLES[style][category], rng).format(**{**values, "show": values["show_plain"]})
    pool = outlet.get("pool", 0)  # outlets of one style draw from disjoint sentence pools
    details = rng.sample(_half(SECOND[language][category], pool), min(2, len(_half(SECOND[language][category], pool))))
    paragraphs = [
        pick(LEADS[style][category], rng).format(**values),
        values["premise"],
        *(detail.format(**values) for detail in details),
        pick(_half(CONTEXT[language], pool), rng),
        pick(_half(BACKGROUND[language], pool), rng).format(**values),
    ]
    closing = pick(CLOSINGS[outlet["slug"]], rng).format(**values)
    if closing:
        paragraphs.append(closing)
    return title, "\n\n".join(paragraphs)


def _half(options: list[str], pool: int) -> list[str]:
    return options[pool::2] or options


def light_rewrite(body: str, rng: random.Random) -> str:
    """A near copy: a sentence dropped or reordered, another closing line, a few words swapped."""
    paragraphs = body.split("\n\n")
    if len(paragraphs) > 3:
        del paragraphs[-1]
    swaps = [("will", "is set to"), ("upcoming", "new"), ("also", "additionally"),
             ("예정이다", "계획이다"), ("です", "だ"), ("한편", "또한")]
    text = "\n\n".join(paragraphs)
    for old, new in rng.sample(swaps, 3):
        text = text.replace(old, new, 1)
    return text + "\n\nAlso See: More drama news from our partners"


def build(events: list[dict], outlets: dict[str, dict], prefix: str, seed: int) -> list[dict]:
    rng = random.Random(seed)
    records: list[dict] = []
    for event in events:
        base = datetime.fromisoformat(event["date"])
        by_outlet: dict[str, dict] = {}
        for number, spec in enumerate(event["outlets"]):
            slug, _, copy_of = spec.partition("<")
            kind = "exact" if copy_of.startswith("=") else "near"
            copy_of = copy_of.lstrip("=~")
            outlet = {**outlets[slug], "slug": slug}
            hours = rng.randrange(0, int(event.get("spread_hours", 60)))
            when = (base + timedelta(hours=hours, minutes=rng.randrange(60))).astimezone(ZONES[outlet["language"]])
            record = {"id": f"{prefix}-{event['id']}-{number}", "event": event["id"], "duplicate_of": None,
                      "outlet": slug, "language": outlet["language"], "published_at": when.isoformat()}
            if copy_of:
                source = by_outlet[copy_of]
                record["duplicate_of"] = source["id"]
                record["language"] = source["language"]
                record["title"] = source["title"] if kind == "exact" else _retitle(source["title"])
                record["body"] = source["body"] if kind == "exact" else light_rewrite(source["body"], rng)
                record["duplicate_kind"] = kind
            else:
                record["title"], record["body"] = write_article(event, outlet, rng)
            record["url"] = _url(outlet, record, rng)
            by_outlet[slug] = record
            records.append(record)
    return records


def _retitle(title: str) -> str:
    return title.replace("Netflix", "Netflix's").replace(":", " -") if ":" in title else f"{title} (report)"


def _url(outlet: dict, record: dict, rng: random.Random) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", record["title"].lower()).strip("-")[:60] or "article"
    return f"https://{outlet['host']}/{record['published_at'][:10].replace('-', '/')}/{slug}-{rng.randrange(10**5, 10**6)}"


def main() -> None:
    for name, events, outlets, seed in (("dev", DEV_EVENTS, DEV_OUTLETS, 7),
                                         ("heldout", HELDOUT_EVENTS, HELDOUT_OUTLETS, 11)):
        records = build(events, outlets, name, seed)
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)} articles, {len(events)} events, "
              f"{len({r['outlet'] for r in records})} outlets")


if __name__ == "__main__":
    main()
