"""Layered deduplication: URL key, exact copies, near copies (MinHash LSH in the database)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from db_fixtures import (
    before_each_statement,
    expected_originals,
    ingest_records,
    load_records,
    source_for,
    stored,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline import dedup
from pipeline.extract import extract_article
from pipeline.ingest import ingest_in_session
from pipeline.normalise import canonical_url_key
from storage.db import transaction
from storage.models import Article, ArticleBand

BODY = (
    "Han Hyo-joo and Oguri Shun have been cast in Netflix's upcoming series 'Romantics Anonymous', "
    "the streamer announced on Tuesday. Adapted from the French film, the story follows a chocolatier "
    "and a shop owner who are both painfully shy. The series will have eight episodes and filming "
    "will take place in Tokyo later this year."
)


def _records(*ids: str) -> list[dict]:
    wanted = set(ids)
    return [r for r in load_records("dev") if r["id"] in wanted]


def test_content_hash_ignores_typography_and_spacing() -> None:
    curly = BODY.replace("'", "\u2019").replace(" ", "  ")
    assert dedup.content_hash(curly) == dedup.content_hash(BODY)
    assert dedup.content_hash(BODY + " More.") != dedup.content_hash(BODY)
    assert re.fullmatch(r"[0-9a-f]{64}", dedup.content_hash(BODY))


def test_band_keys_are_stable_48_bit_integers() -> None:
    bands = dedup.minhash_bands(BODY, "en")
    assert len(bands) == dedup.BANDS
    assert all(0 <= band < 2**48 for band in bands)
    assert dedup.minhash_bands(BODY, "en") == bands
    assert dedup.minhash_bands("Too short to compare.", "en") == []


def test_light_rewrite_shares_bands_and_unrelated_text_does_not() -> None:
    rewrite = BODY.replace("upcoming", "new").replace("will have", "is set to have")
    assert _shared_bands(rewrite, BODY)
    other = ("Kim Ji-won will star in JTBC's 'Midnight Salon', a drama about a hair salon that only "
             "opens after midnight and the customers who come in at night, the network said today.")
    assert not _shared_bands(other, BODY)


def _shared_bands(one: str, other: str) -> int:
    """How many bands (the same key in the same band) two English texts share."""
    return sum(map(int.__eq__, dedup.minhash_bands(one, "en"), dedup.minhash_bands(other, "en")))


def test_korean_and_japanese_use_character_shingles() -> None:
    korean = "한효주와 오구리 슌이 넷플릭스 새 시리즈 로맨틱 어나니머스에 출연을 확정했다. 작품은 총 8부작이다."
    assert len(dedup.shingles(korean, "ko")) > len(dedup.shingles(korean, "en"))
    assert all(" " not in gram for gram in dedup.shingles(korean, "ko"))


def test_syndicated_copy_is_an_exact_duplicate_of_the_first(sessions: sessionmaker[Session]) -> None:
    records = _records("dev-ra-cast-0", "dev-ra-cast-3")  # kwave copies hallyuherald word for word
    where = stored(sessions, ingest_records(sessions, records))
    original, copy = where["dev-ra-cast-0"], where["dev-ra-cast-3"]
    assert original.duplicate_of_id is None
    assert (copy.duplicate_of_id, copy.duplicate_kind) == (original.article_id, "exact")


def test_light_rewrite_is_a_near_duplicate(sessions: sessionmaker[Session]) -> None:
    records = _records("dev-cs-cast-0", "dev-cs-cast-4")  # a light rewrite, published 10 hours earlier
    where = stored(sessions, ingest_records(sessions, records))
    assert where["dev-cs-cast-0"].duplicate_of_id == where["dev-cs-cast-4"].article_id
    assert where["dev-cs-cast-0"].duplicate_kind == "near"


#: A short filming-start report (69 words) and an aggregator's light rewrite of it: six words
#: changed across its three paragraphs, word 3-gram Jaccard 0.62 (each edited word of a short
#: text costs three shingles).
SHORT_REPORT = {
    "id": "short-original", "event": "filming", "duplicate_of": None, "outlet": "beatnews", "language": "en",
    "published_at": "2026-12-04T09:30:00+00:00", "url": "https://beatnews.example/1234/filming",
    "title": "Park Min Ha And Oh Jae Won Begin Filming Upcoming Rom-Com “Paper Vows”",
    "body": "“Paper Vows” has officially started filming!\n\n"
            "On December 4, the production company shared that Park Min Ha and Oh Jae Won had their first "
            "filming on December 2 at a cafe set in Mangwon-dong, Seoul. Behind-the-scenes stills show the two "
            "actors going over the script together.\n\n"
            "“Paper Vows” is a romantic comedy about two rival wedding planners who become coworkers. "
            "It will air on ENA.",
}
SHORT_REWRITE = {
    **SHORT_REPORT, "id": "short-rewrite", "duplicate_of": "short-original", "outlet": "wirecopy",
    "published_at": "2026-12-04T13:00:00+00:00", "url": "https://wirecopy.example/2026/12/04/paper-vows",
    "title": "Park Min-ha and Oh Jae-won start filming rom-com Paper Vows",
    "body": "“Paper Vows” has officially begun filming.\n\n"
            "On December 4, the production company said that Park Min Ha and Oh Jae Won had their first "
            "shoot on December 2 at a cafe set in Mangwon-dong, Seoul. Behind-the-scenes stills show the two "
            "actors reading the script together.\n\n"
            "“Paper Vows” is a romantic comedy about two rival wedding planners who become co-workers. "
            "It will air on ENA.",
}


def test_light_rewrite_of_a_short_article_is_a_near_duplicate(sessions: sessionmaker[Session]) -> None:
    """A few words changed in a short text leave too few of its word 3-grams for the MinHash
    threshold (0.62 < 0.80): each paragraph being the other's with a word changed makes it a copy."""
    where = stored(sessions, ingest_records(sessions, [SHORT_REPORT, SHORT_REWRITE]))
    assert where["short-original"].duplicate_of_id is None
    assert (where["short-rewrite"].duplicate_of_id, where["short-rewrite"].duplicate_kind) == (
        where["short-original"].article_id, "near")


def test_a_word_for_word_copy_keeping_its_original_article_credit_is_an_exact_copy(
        sessions: sessionmaker[Session]) -> None:
    """An aggregator's copy ends with "Original article: <outlet>": the credit is no part of the
    text it shares, so the copy is exact, not near."""
    copy = {**SHORT_REPORT, "id": "credited-copy", "duplicate_of": "short-original", "outlet": "wirecopy",
            "published_at": "2026-12-04T13:00:00+00:00", "url": "https://wirecopy.example/2026/12/04/paper-vows",
            "body": SHORT_REPORT["body"] + "\n\nOriginal article: BeatNews"}
    where = stored(sessions, ingest_records(sessions, [SHORT_REPORT, copy]))
    assert (where["credited-copy"].duplicate_of_id, where["credited-copy"].duplicate_kind) == (
        where["short-original"].article_id, "exact")


def test_another_outlets_own_lead_is_no_rewrite() -> None:
    """Outlets' own articles about one event sharing all but their lead are not rewrites."""
    first, second = _records("dev-ms-release-1", "dev-ms-release-4")
    assert not dedup.rewritten(first["body"], second["body"], "en")
    assert dedup.rewritten(SHORT_REPORT["body"], SHORT_REWRITE["body"], "en")


def test_a_rewrite_may_move_its_paragraphs() -> None:
    """The paragraph at the same place is compared first, but any counterpart will do."""
    moved = "\n\n".join(reversed(SHORT_REWRITE["body"].split("\n\n")))
    assert dedup.rewritten(SHORT_REPORT["body"], moved, "en")


def test_checking_for_a_rewrite_reads_the_candidates_in_one_statement(sessions: sessionmaker[Session]) -> None:
    """The rewrite check runs on the writer's path: the statements it sends do not grow with the
    number of candidates scoring between REWRITE_FLOOR and NEAR_THRESHOLD."""
    copies = [{**SHORT_REPORT, "id": f"copy-{n}", "duplicate_of": "short-original", "outlet": f"copier{n}",
               "url": f"https://copier{n}.example/paper-vows"} for n in range(3)]
    found = dedup.fingerprint(SHORT_REWRITE["body"], "en")

    def statements_to_find() -> tuple[dedup.Original | None, int]:
        seen: list[str] = []
        with transaction(sessions) as session, before_each_statement(sessions, seen.append):
            original = dedup.find_original(session, -1, found, {}, "en", body=SHORT_REWRITE["body"])
        return original, len(seen)

    ids = ingest_records(sessions, [SHORT_REPORT])
    alone, one_candidate = statements_to_find()
    ingest_records(sessions, copies)
    among_copies, three_more = statements_to_find()
    assert alone is not None and among_copies is not None
    assert (alone.kind, alone.article_id) == (among_copies.kind, among_copies.article_id) == (
        "near", ids["short-original"])
    assert three_more == one_candidate


def test_own_articles_about_one_event_are_not_duplicates(sessions: sessionmaker[Session]) -> None:
    records = _records("dev-ra-cast-0", "dev-ra-cast-1", "dev-ra-cast-2", "dev-lt-cast-0")
    where = stored(sessions, ingest_records(sessions, records))
    assert all(w.duplicate_of_id is None for w in where.values())


def test_first_publication_is_the_original_whatever_order_it_is_crawled_in(
        sessions: sessionmaker[Session]) -> None:
    original, copy = _records("dev-ra-cast-0", "dev-ra-cast-3")  # copy: the same text, a day later
    published = datetime.fromisoformat(copy["published_at"])
    reposted = {**copy, "id": "repost", "outlet": "mirror", "url": "https://mirror.example/ra",
                "published_at": (published + timedelta(hours=2)).isoformat()}
    rewrite = {**copy, "id": "rewrite", "outlet": "rewrites", "url": "https://rewrites.example/ra",
               "body": original["body"].replace("Netflix", "the streamer", 1) + " More details are expected soon.",
               "published_at": (published + timedelta(hours=3)).isoformat()}
    # the copies are crawled first, the original last
    where = stored(sessions, ingest_records(sessions, [copy, reposted, rewrite, original]))
    root = where[original["id"]]
    assert root.duplicate_of_id is None
    assert {record_id: (w.duplicate_of_id, w.duplicate_kind) for record_id, w in where.items()
            if record_id != original["id"]} == {
        copy["id"]: (root.article_id, "exact"), "repost": (root.article_id, "exact"),
        "rewrite": (root.article_id, "near")}
    assert len({w.story_id for w in where.values()}) == 1


def test_same_url_updated_keeps_one_row_and_history(sessions: sessionmaker[Session]) -> None:
    record = _records("dev-ra-cast-0")[0]
    ingest_records(sessions, [record])
    changed = {**record, "body": record["body"] + "\n\nUpdate: a third cast member was announced."}
    ingest_records(sessions, [changed])
    with transaction(sessions) as session:
        article = session.execute(select(Article)).scalar_one()
        bands = session.execute(select(func.count()).select_from(ArticleBand)).scalar_one()
    assert article.version == 2
    assert article.previous_hash is not None and article.content_hash != article.previous_hash
    assert bands == 1  # the row of band keys of the new version only


def test_lookups_use_indexed_keys_only(sessions: sessionmaker[Session]) -> None:
    """Storing an article reads by content_hash, band, key or id: never an unfiltered scan."""
    records = _records("dev-ra-cast-0", "dev-ra-cast-3")
    ingest_records(sessions, records[:1])
    seen: list[str] = []
    with before_each_statement(sessions, lambda statement: seen.append(" ".join(statement.split()))):
        ids = ingest_records(sessions, records[1:])
    where = stored(sessions, ids)
    assert where["dev-ra-cast-3"].duplicate_kind == "exact"  # the lookups did find the original
    tables = (" FROM articles", " FROM article_bands", " FROM story_keys", " FROM entity_aliases")
    reads = [s for s in seen if s.startswith("SELECT") and any(table in s for table in tables)]
    assert any("content_hash" in s for s in reads) and any("story_keys" in s for s in reads), reads
    assert all("WHERE" in s for s in reads), reads


@pytest.mark.parametrize("order", ["as published in the file", "reversed"])
def test_copies_are_the_same_in_any_crawl_order(sessions: sessionmaker[Session], order: str) -> None:
    # cs-cast: another outlet's own article shares 4 of its 5 paragraphs with a rewrite of the
    # announcement (0.77), which it must not be called a copy of when the rewrite comes first;
    # ra-cast: exact copies, one of them published before the article the labels call its original
    records = [r for r in load_records("dev") if r["event"] in {"cs-cast", "ra-cast", "ms-addcast"}]
    crawled = records if order != "reversed" else list(reversed(records))
    ids = ingest_records(sessions, crawled)
    record_of = {article_id: record_id for record_id, article_id in ids.items()}
    found = {record_id: record_of.get(w.duplicate_of_id) for record_id, w in stored(sessions, ids).items()}
    assert found == expected_originals(records)
    assert sum(1 for original in found.values() if original) == 4


@pytest.mark.parametrize(("record_id", "correction"), [
    ("dev-ra-cast-0", "(Updated)"),
    ("dev-ra-cast-4", "(종합)"),
    ("dev-ra-cast-6", "【更新】"),
])
def test_an_outlet_moving_its_article_under_a_corrected_headline_is_the_same_article(
    sessions: sessionmaker[Session], record_id: str, correction: str,
) -> None:
    """The same text from the same outlet, published at the same time, at a new URL under a corrected
    headline was stored as an exact copy of the outlet's own article: only the same headline made a
    move. Stock text under an unrelated headline, and the same text from another outlet, are no move."""
    record = _records(record_id)[0]
    first = ingest_records(sessions, [record])[record_id]
    moved = {**record, "id": "moved", "url": record["url"] + "-moved", "title": f"{record['title']} {correction}"}
    stock = {**record, "id": "stock", "url": record["url"] + "-stock", "title": "Photos: behind the scenes"}
    other = {**record, "id": "other", "url": "https://copies.example/" + record_id, "outlet": "copies"}
    ids = ingest_records(sessions, [moved, stock, other])
    where = stored(sessions, ids)
    assert ids["moved"] == first  # the record followed the move
    assert len({first, ids["stock"], ids["other"]}) == 3  # separate articles, copies in one group
    roots = {where[key].duplicate_of_id or where[key].article_id for key in ("moved", "stock", "other")}
    assert len(roots) == 1


PAGES = Path(__file__).parent / "fixtures" / "extract"
OUTLET_URL = "https://www.newsen.example/news_view.php?uid=202612061800051210"
PORTAL_URL = "https://entertain.naver.example/article/609/0000912345"


@pytest.mark.parametrize("portal_first", [True, False])
def test_a_portal_copy_linking_to_the_outlet_is_the_copy_whatever_order_it_is_crawled_in(
        sessions: sessionmaker[Session], portal_first: bool) -> None:
    # the outlet says 18:00:05, its portal copy "오후 6:00" (to the minute: no earlier) and links
    # back to it ("기사원문")
    fetched = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    pages = [
        (source_for("newsen", "ko"), extract_article((PAGES / "ko_outlet_article.html").read_bytes(), OUTLET_URL,
                                                     timezone="Asia/Seoul", fetched_at=fetched)),
        (source_for("naver", "ko"), extract_article((PAGES / "ko_portal_copy.html").read_bytes(), PORTAL_URL,
                                                    timezone="Asia/Seoul", fetched_at=fetched)),
    ]
    ids = {}
    for source, page in (reversed(pages) if portal_first else pages):
        with transaction(sessions) as session:
            ids[source.slug] = ingest_in_session(session, source, page, fetched_at=fetched).article_id
    where = stored(sessions, ids)
    assert where["newsen"].duplicate_of_id is None
    assert (where["naver"].duplicate_of_id, where["naver"].duplicate_kind) == (ids["newsen"], "exact")


def _syndicated_page(url: str, head: str) -> bytes:
    body = "".join(f"<p>{BODY} ({n})</p>" for n in range(3))
    return (f'<html lang="en"><head><title>Han Hyo-joo and Oguri Shun Cast</title>{head}'
            '<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2026-12-06T09:00:00+00:00"></head>'
            f"<body><article><h1>Han Hyo-joo and Oguri Shun Cast</h1>{body}</article></body></html>").encode()


def test_a_copy_whose_canonical_is_the_original_on_another_server_is_stored_as_its_copy(
        sessions: sessionmaker[Session]) -> None:
    # two outlets on one address, another port each: the copy names the original as its
    # canonical and original-source; it is the copying outlet's article, not the original
    fetched = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    original_url, copy_url = "http://127.0.0.1:8712/2026/12/story-1/", "http://127.0.0.1:8714/article/copy0/"
    links = f'<link rel="canonical" href="{original_url}"><link rel="original-source" href="{original_url}">'
    ids = {}
    for slug, url, head in (("screenwire", original_url, ""), ("dramajson", copy_url, links)):
        page = extract_article(_syndicated_page(url, head), url, fetched_at=fetched)
        with transaction(sessions) as session:
            ids[slug] = ingest_in_session(session, source_for(slug, "en"), page, fetched_at=fetched).article_id
    assert ids["dramajson"] != ids["screenwire"]
    where = stored(sessions, ids)
    assert where["screenwire"].duplicate_of_id is None
    assert where["dramajson"].duplicate_of_id == ids["screenwire"]
    assert where["dramajson"].story_id == where["screenwire"].story_id


def test_times_in_the_same_minute_one_of_them_to_the_minute_are_no_order() -> None:
    at = datetime(2026, 12, 6, 9, 0, 5, tzinfo=UTC)
    outlet = dedup.Publication("b.example/1", None, at)
    portal = dedup.Publication("a.example/1", None, at.replace(second=0))
    # a tie: the smaller URL key, either way round
    assert dedup.published_first(portal, outlet) and not dedup.published_first(outlet, portal)
    assert dedup.published_first(outlet, dedup.Publication("a.example/1", None, at + timedelta(minutes=1)))
    seconds = dedup.Publication("a.example/1", None, at.replace(second=7))  # both to the second: an order
    assert dedup.published_first(outlet, seconds) and not dedup.published_first(seconds, outlet)
    # naming the other as its original makes the copy, whatever the times
    credited = dedup.Publication("a.example/1", "https://www.b.example/1", at - timedelta(hours=1))
    assert dedup.published_first(outlet, credited) and not dedup.published_first(credited, outlet)
    front_page = dedup.Publication("a.example/1", "https://www.b.example/", at - timedelta(hours=1))
    assert dedup.published_first(outlet, front_page)


def test_a_link_to_a_server_whose_site_cannot_be_told_names_no_page() -> None:
    """An IPv6 literal's URL key ("::1:8080/x") has no site to read: a link to another such
    server's front page does not name the page, so the earlier publication stays the original."""
    at = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    linking = dedup.Publication("a.example/1", "http://[::1]:9000/", at)
    page = dedup.Publication(canonical_url_key("http://[::1]:8080/x"), None, at + timedelta(hours=1))
    assert dedup.published_first(linking, page) and not dedup.published_first(page, linking)


def test_similarity_of_two_signatures_counts_their_equal_values() -> None:
    one = dedup.fingerprint("Kim Ji-won and Lee Do-hyun star in the new Netflix thriller Midnight Harbor. " * 3,
                            "en").minhash
    assert dedup.similarity(one, one) == 1.0
    changed = bytes(4) + one[4:] if one[:4] != bytes(4) else b"\1\0\0\0" + one[4:]
    assert dedup.similarity(one, changed) == 1 - 4 / len(one)


@pytest.mark.parametrize(("one", "other"), [(b"", b""), (b"abc", b"abc"), (b"abcd", b"abcdefgh")])
def test_a_signature_of_another_size_or_a_corrupt_one_is_similar_to_nothing(one: bytes, other: bytes) -> None:
    """A stored signature is whole 32-bit values; a corrupt row is no copy of anything, not a crash."""
    assert dedup.similarity(one, other) == 0.0
