"""The bundled sample web, ingested page by page (no Scrapy, no server): the stories of
pipeline/sample_web/EXPECTED.md, with their show, platform, premiere and a clean cast.

The article → event table is read from EXPECTED.md itself, so the fixture and its
documentation cannot drift apart.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.entities import person_key, show_key
from pipeline.extract import extract_article
from pipeline.ingest import ingest_article
from pipeline.sources import parse_catalogue
from storage.db import open_database, session_factory, transaction
from storage.models import Article, Story

SAMPLE = Path(__file__).parent.parent / "pipeline" / "sample_web"
BASE = "http://127.0.0.1:8000"
FETCHED = datetime(2026, 11, 24, tzinfo=UTC)

#: event → (main show, first platform, premiere (date, precision) or None when not asserted,
#: lead performers that must be among the story's people)
EXPECTED = {
    "E1": ("Midnight Confections", "Netflix", (date(2027, 1, 1), "year"), ["Yoon Seo-ah", "Kurosawa Ren"]),
    "E2": ("Salt Flower Inn", "tvN", (date(2027, 1, 9), "day"), ["Jang Min-jae", "Seo Hye-rin"]),
    "E3": ("The Eastern Gate", "Disney+", (date(2026, 12, 16), "day"),
           ["Choi Woo-jin", "Lee Da-eun", "Gil Tae-joon"]),
    "E4": ("Overtime Club", "Coupang Play", None, ["Hwang Dong-min", "Ahn So-jin"]),
    "E5": ("Second Vow", "JTBC", None, ["Kim Na-yeon", "Oh Jae-hyun", "Lee Soo-kyung"]),
    "E6": ("Midnight Confections", "Netflix", (date(2027, 1, 1), "year"), ["Yoon Seo-ah", "Kurosawa Ren"]),
    "E7": ("Neon Alley", "TVING", None, ["Ryu Ji-an", "Baek Seung-ho", "Moon Ha-yul"]),
    "E8": ("The Quiet Tenant", "Netflix", None, ["Jeon Hye Won", "Kwak Si Woo"]),
    "E9": ("Lawless Hearts", "SBS", (date(2027, 1, 1), "year"), ["Song Kang-min", "Gong Seo-yeon"]),
    "E10": ("Ghost Frequency", "Netflix", (date(2026, 12, 11), "day"), ["Nam Ki-tae", "Yoo Bora"]),
    "E11": ("月曜日のラブレター", "Fuji TV", (date(2027, 1, 11), "day"), ["高峰遥", "佐伯陸"]),
    "E12": ("白い航路", "TBS", (date(2027, 1, 1), "month"), ["森山航平", "石田沙耶", "神谷悠真"]),
    "E13": ("沈黙の証人", "WOWOW", (date(2027, 1, 1), "year"), ["椎名圭", "河合美月", "大友健吾"]),
    "E14": ("Paper Crown", "Prime Video", (date(2026, 12, 4), "day"), ["Jo Min-ho", "Kang Ye-rin"]),
}


def _events() -> dict[str, list[str]]:
    """event → article paths (relative to site/), from the events table of EXPECTED.md."""
    text = (SAMPLE / "EXPECTED.md").read_text("utf-8")
    rows = re.findall(r"^\| (E\d+) \|.*\| ([^|]*\.html[^|]*) \|$", text, re.M)
    return {event: [p.strip().split(" (")[0] for p in paths.split(";")] for event, paths in rows}


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Story, list[Article]]]:
    """event → (its story, the story's articles), after ingesting every sample page."""
    catalogue = parse_catalogue((SAMPLE / "sources.toml").read_text("utf-8").replace("{{BASE}}", BASE), "sample")
    database = tmp_path_factory.mktemp("sample_web") / "castwire.sqlite"
    engine = open_database(f"sqlite:///{database}")
    sessions = session_factory(engine)
    event_of: dict[int, str] = {}
    for event, paths in _events().items():
        for path in paths:
            html = (SAMPLE / "site" / path).read_text("utf-8").replace("{{BASE}}", BASE)
            url = f"{BASE}/{path}".removesuffix("index.html")
            source = catalogue.sources[path.split("/")[0]]
            extracted = extract_article(html, url, source=source.slug, timezone=source.timezone, fetched_at=FETCHED)
            event_of[ingest_article(sessions, source, extracted, fetched_at=FETCHED).article_id] = event
    result: dict[str, tuple[Story, list[Article]]] = {}
    with transaction(sessions) as session:
        for story in session.execute(select(Story)).scalars():
            members = list(session.execute(select(Article).where(Article.story_id == story.id)).scalars())
            events = {event_of[m.id] for m in members}
            assert len(events) == 1, f"story {story.title!r} mixes events {sorted(events)}"
            (event,) = events
            assert event not in result, f"{event} is split over several stories"
            session.expunge_all()
            result[event] = (story, members)
    engine.dispose()
    return result


def test_one_story_per_event(stories: dict[str, tuple[Story, list[Article]]]) -> None:
    assert sorted(stories) == sorted(EXPECTED)
    assert {event: len(members) for event, (_story, members) in stories.items()} == {
        event: len(paths) for event, paths in _events().items()
    }


@pytest.mark.parametrize("event", list(EXPECTED))
def test_story_show_platform_premiere_cast(event: str, stories: dict[str, tuple[Story, list[Article]]]) -> None:
    show, platform, premiere, leads = EXPECTED[event]
    story, _members = stories[event]
    assert story.show_key == show_key(show)
    assert story.platforms[:1] == [platform]
    if premiere is not None:
        assert (story.premiere_date, story.premiere_precision) == premiere
    keys = {person_key(p) for p in story.people}
    assert {person_key(p) for p in leads} <= keys, story.people


@pytest.mark.parametrize("event", list(EXPECTED))
def test_story_people_are_full_names_not_titles(event: str, stories: dict[str, tuple[Story, list[Article]]]) -> None:
    story, members = stories[event]
    titles = {key for m in members for key in (m.event_keys or {}).get("shows", {})}
    for person in story.people:
        assert not re.fullmatch(r"[A-Za-z'-]+", person), f"one-word name {person!r} in {story.people}"
        assert show_key(person) not in titles, f"show title {person!r} listed as a person"
        assert not person.endswith(("役", "部長", "代表")), f"role noun {person!r} listed as a person"


def test_a_person_named_in_two_scripts_is_listed_once(stories: dict[str, tuple[Story, list[Article]]]) -> None:
    """E1: dorama_jp writes ユン・ソア, 黒沢蓮, 水野葵 and ト・ヒョンソク for the cast the
    English outlets spell Yoon Seo-ah, Kurosawa Ren / Ren Kurosawa, Aoi Mizuno, Do Hyun-seok."""
    story, members = stories["E1"]
    named_natively = {d for m in members for d in (m.event_keys or {}).get("people", {}).values()
                      if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", d)}
    assert {"ユン・ソア", "黒沢蓮"} <= named_natively  # the fixture does name them in Japanese
    assert not any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", p) for p in story.people), story.people
    assert {person_key(p) for p in story.people} >= {
        person_key(p) for p in ("Yoon Seo-ah", "Kurosawa Ren", "Aoi Mizuno", "Do Hyun-seok")}
    assert len({person_key(p) for p in story.people}) == len(story.people)
