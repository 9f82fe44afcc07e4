from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from storage.db import transaction
from storage.models import Article, CrawlRun, SeenUrl
from storage.repository import (
    GONE,
    FeedValidators,
    _entity_ids_by_alias,
    _entity_ids_by_key,
    add_entities,
    add_entity_aliases,
    article_at_keys,
    ensure_source,
    entity_ids_by_alias,
    entity_ids_by_key,
    feed_validators,
    finish_crawl_run,
    forget_feed_validators,
    known_url_checks,
    mark_interrupted_runs,
    move_article,
    remember_other_urls,
    remember_urls,
    save_feed_validators,
    start_crawl_run,
    upsert_article,
    utcnow,
)
from storage.types import ArrayLiteral

WHEN = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=9)))


def article_values(source_id: int, key: str = "example.com/a", body: str = "Body one.", **extra):
    return {
        "source_id": source_id, "url_key": key, "url": f"https://{key}", "canonical_url": f"https://{key}",
        "title": "Title", "body": body, "published_at": WHEN, "fetched_at": WHEN,
        "content_hash": str(hash(body)), **extra,
    }


@pytest.mark.postgres
def test_an_upsert_takes_its_advisory_locks_until_the_end_of_the_transaction(
    postgres_sessions: sessionmaker[Session],
) -> None:
    locks = [(1, -5), (1, 7), (2, 3)]
    free = text("SELECT pg_try_advisory_xact_lock(:space, :id)")
    with transaction(postgres_sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
    with postgres_sessions() as session, postgres_sessions() as other:
        assert upsert_article(session, article_values(source), locks=lambda: locks).outcome == "new"
        for space, lock_id in locks:
            assert other.execute(free, {"space": space, "id": lock_id}).scalar_one() is False
        assert other.execute(free, {"space": 2, "id": -5}).scalar_one() is True
        other.rollback()
        session.commit()
        for space, lock_id in locks:
            assert other.execute(free, {"space": space, "id": lock_id}).scalar_one() is True


def test_keys_of_any_characters_are_written_and_found_as_they_are(sessions: sessionmaker[Session]) -> None:
    keys = ['say "hi"', "back\\slash", "a,b", "{braced}", " spaced ", "NULL", "박보영", "\\\""]
    with transaction(sessions) as session:
        created = add_entities(session, [("person", key, key, True) for key in keys])
        ids = {key: entity_id for _, key, entity_id in created}
        add_entity_aliases(session, [("person", f"{key}!", key, ids[key]) for key in keys])
    with transaction(sessions) as session:
        assert sorted(key for _, key, _ in entity_ids_by_key(session, [("person", key) for key in keys])) == sorted(keys)
        found = entity_ids_by_alias(session, [(kind, f"{key}!") for key in keys[:4] for kind in ("person", "show")])
        assert sorted((alias, entity_id) for _, alias, entity_id in found) == sorted(
            (f"{key}!", ids[key]) for key in keys[:4])
        assert entity_ids_by_key(session, [("show", key) for key in keys]) == []
        assert entity_ids_by_alias(session, [("platform", f"{key}!") for key in keys]) == []


def test_entity_lookups_probe_the_kind_and_key_index(sessions: sessionmaker[Session]) -> None:
    """An article's names are looked up in the unique (kind, key) indexes, not by reading every
    name ever stored (a lookup by key alone cannot use an index that leads with the kind)."""
    with transaction(sessions) as session:
        dialect = session.bind.dialect
        if dialect.name != "sqlite":
            pytest.skip("SQLite's EXPLAIN QUERY PLAN names the index used; PostgreSQL's plan depends on the table's size")
        for statement in (_entity_ids_by_alias("sqlite"), _entity_ids_by_key("sqlite")):
            compiled = statement.compile(dialect=dialect)
            plan = " | ".join(row[3] for row in session.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {compiled}", tuple("[]" for _ in compiled.positiontup or ())))
            assert "SEARCH entit" in plan and "(kind=? AND " in plan, plan
            assert "SCAN entit" not in plan, plan


def test_lists_bound_as_array_text_read_back_as_sent(sessions: sessionmaker[Session]) -> None:
    """ArrayLiteral (PostgreSQL): NULL elements, integers among strings and a generator arrive as given."""
    with transaction(sessions) as session:
        if session.bind.dialect.name != "postgresql":
            pytest.skip("ArrayLiteral binds lists on PostgreSQL only")
        as_text = text("SELECT CAST(:values AS text[])").bindparams(bindparam("values", type_=ArrayLiteral))
        as_int = text("SELECT CAST(:values AS bigint[])").bindparams(bindparam("values", type_=ArrayLiteral))
        assert session.execute(as_text, {"values": ["a", None, 'q"', 7]}).scalar_one() == ["a", None, 'q"', "7"]
        assert session.execute(as_text, {"values": (key for key in ["x", "y"])}).scalar_one() == ["x", "y"]
        assert session.execute(as_int, {"values": [1, None, 2**40]}).scalar_one() == [1, None, 2**40]
        assert session.execute(as_int, {"values": []}).scalar_one() == []


def test_same_article_twice_leaves_one_row(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        first = upsert_article(session, article_values(source))
        second = upsert_article(session, article_values(source))
    assert (first.outcome, second.outcome) == ("new", "unchanged")
    assert first.article_id == second.article_id
    with transaction(sessions) as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 1


def test_changed_body_updates_in_place_and_keeps_history(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        first = upsert_article(session, article_values(source, body="Old body."))
        changed = upsert_article(session, article_values(source, body="New body."))
    assert changed.outcome == "updated" and changed.version == 2
    with transaction(sessions) as session:
        row = session.get(Article, first.article_id)
        assert row is not None
        assert (row.body, row.version, row.previous_hash) == ("New body.", 2, str(hash("Old body.")))


@pytest.mark.parametrize("body_after", ["Teaser.", "Teaser. The whole article."])
def test_a_page_no_longer_behind_a_paywall_is_stored_free(sessions: sessionmaker[Session], body_after: str) -> None:
    """Crawled again once the publisher opened it to all: the article says so, whether the page
    now gives more text (a new version) or served the whole text already (the same version)."""
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        first = upsert_article(session, article_values(source, body="Teaser.", paywalled=True))
    with transaction(sessions) as session:
        assert session.get(Article, first.article_id).paywalled is True
        again = upsert_article(session, article_values(source, body=body_after, paywalled=False))
    with transaction(sessions) as session:
        row = session.get(Article, first.article_id)
        assert (again.article_id, row.paywalled, row.body) == (first.article_id, False, body_after)
        assert row.version == (1 if body_after == "Teaser." else 2)
        changed_at = row.updated_at
        session.execute(update(Article).values(updated_at=WHEN))
        upsert_article(session, article_values(source, body=body_after, paywalled=False))  # the same page again
    with transaction(sessions) as session:
        row = session.get(Article, first.article_id)
        assert changed_at > WHEN and row.updated_at == WHEN  # changed when it was opened, not since


def test_an_article_stored_before_the_paywall_flag_fetched_again_unchanged_is_no_change(
        sessions: sessionmaker[Session]) -> None:
    """Its flag (NULL: stored before the column) is written, but ``export --changed-since`` has
    nothing new to show: only a flip between true and false is a change."""
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        first = upsert_article(session, article_values(source, body="Whole."))
        session.execute(update(Article).values(paywalled=None, updated_at=WHEN))
        again = upsert_article(session, article_values(source, body="Whole.", paywalled=False))
    with transaction(sessions) as session:
        row = session.get(Article, first.article_id)
        assert (again.outcome, row.paywalled, row.updated_at) == ("unchanged", False, WHEN)


def test_times_come_back_as_aware_utc(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        written = upsert_article(session, article_values(source))
    with transaction(sessions) as session:
        row = session.get(Article, written.article_id)
        assert row is not None and row.published_at is not None
        assert row.published_at.utcoffset() == timedelta(0)
        assert row.published_at == WHEN


def test_naive_datetimes_are_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(Exception, match="naive datetime"), transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        upsert_article(session, article_values(source, published_at=datetime(2026, 1, 1)))


def test_known_url_keys_finds_only_stored_ones(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        upsert_article(session, article_values(source, key="example.com/a"))
        upsert_article(session, article_values(source, key="example.com/b", body="B"))
    with transaction(sessions) as session:
        keys = [f"example.com/{i}" for i in range(1200)] + ["example.com/a", "example.com/b"]
        assert set(known_url_checks(session, keys)) == {"example.com/a", "example.com/b"}


def test_known_url_keys_include_other_urls_and_recently_dropped_pages(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        article = upsert_article(session, article_values(source, key="example.com/a")).article_id
        remember_urls(session, ["example.com/a?input=1195m"], article_id=article)
        remember_urls(session, ["example.com/listing", "example.com/gossip"], dropped="off_topic")
    keys = ["example.com/a", "example.com/a?input=1195m", "example.com/listing", "example.com/gossip",
            "example.com/new"]
    with transaction(sessions) as session:
        recently = set(known_url_checks(session, keys, dropped_since=utcnow() - timedelta(days=7)))
        later = set(known_url_checks(session, keys, dropped_since=utcnow() + timedelta(seconds=1)))
    assert recently == set(keys) - {"example.com/new"}
    # a dropped page is fetched once more after a while; an article's other URLs never are
    assert later == {"example.com/a", "example.com/a?input=1195m"}
    with transaction(sessions) as session:  # a page dropped before and now stored as an article
        remember_urls(session, ["example.com/listing"], article_id=article)
        assert "example.com/listing" in set(known_url_checks(session, keys, dropped_since=utcnow()))


def test_the_links_redirected_to_a_page_become_its_urls(sessions: sessionmaker[Session]) -> None:
    """The links of a redirect chain go with the page it ended at: another URL of the article
    stored under it (or under another URL of it), or of the page dropped; a page not stored
    (it failed) records nothing, so crawls ask again."""
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        article = upsert_article(session, article_values(source, key="example.com/a")).article_id
        remember_urls(session, ["example.com/a?id=1"], article_id=article)
        remember_urls(session, ["example.com/gossip"], dropped="off_topic")
        recorded = remember_other_urls(session, {
            "example.com/a": {"example.com/go/1", "example.com/a"}, "example.com/a?id=1": {"example.com/s/1"},
            "example.com/gossip": {"example.com/go/2"}, "example.com/failed": {"example.com/go/3"}})
    assert recorded == 3
    with transaction(sessions) as session:
        rows = {row.url_key: (row.article_id, row.dropped) for row in session.execute(select(SeenUrl)).scalars()}
    assert rows["example.com/go/1"] == rows["example.com/s/1"] == (article, None)
    assert rows["example.com/go/2"] == (None, "off_topic")
    assert "example.com/go/3" not in rows and "example.com/a" not in rows


def test_a_gone_page_is_held_back_for_its_own_while(sessions: sessionmaker[Session]) -> None:
    """A page that answered 404 is skipped for ``gone_since``'s while, not for the week a
    dropped page is, nor at all without it."""
    with transaction(sessions) as session:
        remember_urls(session, ["example.com/dead"], dropped=GONE)
        week_ago, hour_ago, later = utcnow() - timedelta(days=7), utcnow() - timedelta(hours=1), utcnow() + timedelta(seconds=1)
        assert set(known_url_checks(session, ["example.com/dead"], dropped_since=week_ago)) == set()
        assert set(known_url_checks(session, ["example.com/dead"], dropped_since=week_ago, gone_since=hour_ago)) == {
            "example.com/dead"}
        assert set(known_url_checks(session, ["example.com/dead"], dropped_since=week_ago, gone_since=later)) == set()


def test_feed_validators_round_trip(sessions: sessionmaker[Session]) -> None:
    feed, sitemap = "https://s.example/feed", "https://s.example/sitemap.xml"
    with transaction(sessions) as session:
        save_feed_validators(session, [FeedValidators(feed, '"v1"', None, 200)])
    with transaction(sessions) as session:  # several at once; the last answer of a URL wins
        save_feed_validators(session, [FeedValidators(feed, '"v2"', None, 200), FeedValidators(sitemap, None, "y", 200),
                                       FeedValidators(feed, '"v3"', "x", 200)])
    with transaction(sessions) as session:
        states = feed_validators(session, [feed, sitemap])
        assert (states[feed].etag, states[feed].last_modified) == ('"v3"', "x")
        assert (states[sitemap].etag, states[sitemap].last_modified) == (None, "y")
    with transaction(sessions) as session:
        forget_feed_validators(session, [feed])
    with transaction(sessions) as session:
        assert list(feed_validators(session, [feed, sitemap])) == [sitemap]


def test_interrupted_runs_are_marked_failed(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        dead = start_crawl_run(session, "s", pid=999_999_999)
        done = start_crawl_run(session, "s", pid=1)
        finish_crawl_run(session, done, status="ok")
    with transaction(sessions) as session:
        assert mark_interrupted_runs(session, "s", lambda pid: False) == 1
    with transaction(sessions) as session:
        run = session.get(CrawlRun, dead)
        assert run is not None and run.status == "failed" and "interrupted" in (run.error or "")
        assert session.get(CrawlRun, done).status == "ok"  # type: ignore[union-attr]
        assert run.finished_at is not None and run.finished_at <= datetime.now(UTC)


def test_an_interrupted_run_counts_what_it_stored(sessions: sessionmaker[Session]) -> None:
    """A crawl killed before it recorded its end kept 0 new, 0 updated forever; what it stored
    is read from its source's articles, up to the source's next run."""
    start = datetime.now(UTC) - timedelta(hours=2)

    def store(source_id: int, key: str, body: str, minutes: int) -> None:
        upsert_article(session, article_values(source_id, key, body, fetched_at=start + timedelta(minutes=minutes)))

    with transaction(sessions) as session:
        kdd = ensure_source(session, slug="kdd", name="K", homepage="https://kdd.example/", language="en")
        other = ensure_source(session, slug="other", name="O", homepage="https://o.example/", language="en")
        for i in range(3):  # stored by an earlier run
            store(kdd, f"kdd.example/old{i}", f"Old {i}.", -600)
        killed = start_crawl_run(session, "kdd", pid=999_999_999)
        session.execute(update(CrawlRun).where(CrawlRun.id == killed).values(started_at=start))
        store(kdd, "kdd.example/old0", "Old 0.", 1)  # fetched again, unchanged
        store(kdd, "kdd.example/old1", "Old 1, longer.", 1)  # a new version
        for i in range(2):
            store(kdd, f"kdd.example/new{i}", f"New {i}.", 2)
        store(other, "other.example/1", "Other.", 2)  # another source's
        next_run = start_crawl_run(session, "kdd", pid=1)
        session.execute(update(CrawlRun).where(CrawlRun.id == next_run).values(started_at=start + timedelta(hours=1)))
        store(kdd, "kdd.example/later", "Later.", 61)  # the next run's
    with transaction(sessions) as session:
        assert mark_interrupted_runs(session, "kdd", lambda pid: pid == 1) == 1
    with transaction(sessions) as session:
        run = session.get(CrawlRun, killed)
        assert run is not None and run.status == "failed"
        counts = (run.articles_new, run.articles_updated, run.articles_unchanged, run.pages_fetched)
    assert counts == (2, 1, 1, 4)


def test_pages_an_interrupted_run_did_not_store_are_asked_for_again(sessions: sessionmaker[Session]) -> None:
    """A 404 seen only by a crawl that was then killed was never reported (the run's counters and
    error died with it), and the next runs skipped that dead link for hours."""
    with transaction(sessions) as session:
        kdd = ensure_source(session, slug="kdd", name="K", homepage="https://kdd.example/", language="en")
        remember_urls(session, ["kdd.example/old-404"], dropped=GONE)  # reported by an earlier run
        session.execute(update(SeenUrl).values(seen_at=utcnow() - timedelta(hours=1)))
        killed = start_crawl_run(session, "kdd", pid=999_999_999)
        remember_urls(session, ["kdd.example/s2"], dropped=GONE)  # a dead link in the feed, seen by the killed run
        remember_urls(session, ["kdd.example/tag/x"], dropped="not_article_listing")
        stored = upsert_article(session, article_values(kdd, "kdd.example/a1", "Body."))
        remember_urls(session, ["kdd.example/a1?ref=rss"], article_id=stored.article_id)  # an article's other URL
    with transaction(sessions) as session:
        assert mark_interrupted_runs(session, "kdd", lambda pid: False) == 1
        assert session.get(CrawlRun, killed).status == "failed"  # type: ignore[union-attr]
        now = utcnow()
        skipped = known_url_checks(session, ["kdd.example/old-404", "kdd.example/s2", "kdd.example/tag/x",
                                             "kdd.example/a1?ref=rss"],
                                   dropped_since=now - timedelta(days=7), gone_since=now - timedelta(hours=6))
    assert sorted(skipped) == ["kdd.example/a1?ref=rss", "kdd.example/old-404"]


def test_only_this_machines_runs_are_judged_by_their_process_id(sessions: sessionmaker[Session]) -> None:
    """A shared PostgreSQL: a scheduler starting here must not fail a crawl running elsewhere."""
    with transaction(sessions) as session:
        here = start_crawl_run(session, "s", pid=999_999_999, host="here")
        elsewhere = start_crawl_run(session, "s", pid=999_999_999, host="elsewhere")
        legacy = start_crawl_run(session, "s", pid=999_999_999)  # from before runs named their host
    with transaction(sessions) as session:
        assert mark_interrupted_runs(session, None, lambda pid: False, "here") == 2
    with transaction(sessions) as session:
        assert [session.get(CrawlRun, run).status for run in (here, elsewhere, legacy)] == [  # type: ignore[union-attr]
            "failed", "running", "failed"]


def test_a_moved_article_takes_its_new_address_and_a_version_when_it_changed(sessions: sessionmaker[Session]) -> None:
    """Only the old row's URL was remembered when its outlet moved it: its url and canonical_url
    stayed the old, redirecting address, a new modified time was dropped and it was never marked
    as checked again."""
    later = WHEN + timedelta(days=1)
    with transaction(sessions) as session:
        source = ensure_source(session, slug="s", name="S", homepage="https://s.example/", language="en")
        first = upsert_article(session, article_values(source, modified_raw="1")).article_id
        assert article_at_keys(session, ["example.com/a", "x"], source_id=source, exclude_id=0) == first
        assert article_at_keys(session, ["example.com/a"], source_id=source + 1, exclude_id=0) is None
        same = move_article(session, first, article_values(source, "example.com/b", modified_raw="1", fetched_at=later))
        row = session.get(Article, first)
        assert (same.outcome, same.previous_key, row.url_key, row.url, row.version, row.checked_at) == (
            "unchanged", "example.com/a", "example.com/b", "https://example.com/b", 1, later)
        edited = move_article(session, first, article_values(source, "example.com/c", body="Body two.",
                                                             modified_raw="2", fetched_at=later))
        session.refresh(row)
        assert (edited.outcome, edited.version, row.url_key, row.body, row.previous_hash) == (
            "updated", 2, "example.com/c", "Body two.", str(hash("Body one.")))


def test_feed_validators_keep_what_decided_the_links_followed(sessions: sessionmaker[Session]) -> None:
    feed = "https://s.example/feed"
    with transaction(sessions) as session:
        save_feed_validators(session, [FeedValidators(feed, '"v1"', None, 200, "abc")])
    with transaction(sessions) as session:
        assert feed_validators(session, [feed])[feed].follows == "abc"
        save_feed_validators(session, [FeedValidators(feed, '"v1"', None, 200, "def")])
    with transaction(sessions) as session:
        assert feed_validators(session, [feed])[feed].follows == "def"
