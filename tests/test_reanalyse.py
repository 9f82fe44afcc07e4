"""castwire db reanalyse: stored articles analysed again come out as a fresh store of them would."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DatabaseTemplates, fresh_postgres_url
from db_fixtures import FETCHED_AT, ingest_records, load_records, source_for
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from pipeline.cli import cli
from pipeline.ingest import ingest_in_session
from pipeline.reanalyse import reanalyse
from pipeline.records import ExtractedArticle
from pipeline.stories import (
    _member,
    features_of,
    leave_story,
    lookup_keys,
    plan_story,
    publication_order,
    refresh_story,
    stored_keys,
    story_record,
)
from storage.db import open_database, session_factory, transaction
from storage.models import Article, ArticleEntity, Entity, EntityAlias, Story, StoryKey
from storage.repository import add_story_keys, insert_story, merge_story, story_members

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def _sessions_on(url: str) -> Iterator[sessionmaker[Session]]:
    engine = open_database(url)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def other_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second fresh database on the backend of ``database_url``."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    yield from fresh_postgres_url(request.getfixturevalue("postgres_admin_url"))


# The whole dev set stored is built once per module and backend (ingesting it, and re-analysing
# it, took most of these tests' time); each test works on a copy of its own (conftest.DatabaseTemplates).

def _dev_reversed(sessions: sessionmaker[Session]) -> tuple[dict[str, int], list[str]]:
    """The dev set ingested in reverse (stored out of order): record id → article id, and the
    record ids in publication order as the store holds them."""
    records = load_records("dev")
    ids = ingest_records(sessions, reversed(records))
    return ids, [record["id"] for record in _publication_order(sessions, records, ids)]


def _dev_reanalysed(sessions: sessionmaker[Session]) -> None:
    """The dev set ingested in reverse, then re-analysed."""
    _dev_reversed(sessions)
    reanalyse(sessions)


def _dev_in_publication_order(into: str, templates: DatabaseTemplates) -> None:
    """Make the fresh database ``into`` a store of the dev set ingested in publication order, as
    the reversed store holds it: a fresh store of the articles of the reversed one."""
    _ids, order = templates.value("dev reversed", _dev_reversed, like=into)
    by_id = {record["id"]: record for record in load_records("dev")}
    templates.copy("dev in publication order",
                   lambda sessions: ingest_records(sessions, [by_id[record_id] for record_id in order]), into=into)


def _copy(name: str, build: Any, into: str, request: pytest.FixtureRequest) -> tuple[sessionmaker[Session], Any]:
    """Sessions on ``into`` (the test's ``database_url``) made a copy of the template ``name``,
    and what ``build`` returned."""
    built = request.getfixturevalue("database_templates").copy(name, build, into=into)
    return request.getfixturevalue("sessions"), built  # after the copy: sessions migrates no more


@pytest.fixture
def dev_reversed(database_url: str, request: pytest.FixtureRequest
                 ) -> tuple[sessionmaker[Session], tuple[dict[str, int], list[str]]]:
    """A store of the dev set ingested in reverse, and what :func:`_dev_reversed` returns."""
    return _copy("dev reversed", _dev_reversed, database_url, request)


@pytest.fixture
def dev_reanalysed(database_url: str, request: pytest.FixtureRequest) -> sessionmaker[Session]:
    """A store of the dev set ingested in reverse and re-analysed."""
    return _copy("dev reanalysed", _dev_reanalysed, database_url, request)[0]


@pytest.fixture
def dev_in_order(database_url: str, database_templates: DatabaseTemplates,
                 request: pytest.FixtureRequest) -> sessionmaker[Session]:
    """A store of the dev set ingested in (publication) order."""
    _dev_in_publication_order(database_url, database_templates)
    return request.getfixturevalue("sessions")


def _state(sessions: sessionmaker[Session]) -> dict[str, Any]:
    """What analysis decides of a store, by URL key (ids differ between stores)."""
    with transaction(sessions) as session:
        articles = session.execute(select(Article)).scalars().all()
        keys = {article.id: article.url_key for article in articles}
        members = defaultdict(set)
        for article in articles:
            members[article.story_id].add(article.url_key)
        # an entity is known by all its keys: which spelling is its own key is which came first
        spellings = defaultdict(set)
        for entity_id, key in [*session.execute(select(Entity.id, Entity.key)),
                               *session.execute(select(EntityAlias.entity_id, EntityAlias.alias_key))]:
            spellings[entity_id].add(key)
        links = defaultdict(set)
        for article_id, entity_id, kind, role in session.execute(
                select(ArticleEntity.article_id, Entity.id, Entity.kind, ArticleEntity.role)
                .join(Entity, Entity.id == ArticleEntity.entity_id)):
            links[keys[article_id]].add((kind, frozenset(spellings[entity_id]), role))
        story_ids = set(session.execute(select(Story.id)).scalars())
        return {
            "stories": {frozenset(urls) for urls in members.values()},
            "empty stories": story_ids - set(members),
            "analysis": {article.url_key: (article.category, article.premiere_date, article.event_keys,
                                           article.content_hash, keys.get(article.duplicate_of_id))
                         for article in articles},
            "entities": dict(links),
        }


def _publication_order(sessions: sessionmaker[Session], records: list[dict[str, Any]],
                       ids: dict[str, int]) -> list[dict[str, Any]]:
    """The records in publication order, as the store holds them (time, then article id)."""
    with transaction(sessions) as session:
        when = dict(session.execute(select(Article.id, Article.published_at)).all())
    return sorted(records, key=lambda record: (when[ids[record["id"]]], ids[record["id"]]))


def _one_story(session: Session) -> None:
    """Every story merged into the first: stories another analysis made."""
    first, *others = session.execute(select(Story.id).order_by(Story.id)).scalars()
    for other in others:
        merge_story(session, into=first, other=other)


def _no_analysis(session: Session) -> None:
    """Another category, no entities nor story keys found, every article in the first story."""
    session.execute(update(Article).values(category="other", event_keys={}))
    session.execute(delete(ArticleEntity))
    _one_story(session)


@pytest.mark.parametrize("scramble", [_one_story, _no_analysis])
def test_reanalysed_store_equals_a_fresh_store_of_the_same_articles(
        dev_reversed: tuple[sessionmaker[Session], tuple[dict[str, int], list[str]]],
        database_templates: DatabaseTemplates, other_url: str, scramble: Any) -> None:
    """The whole dev set, stored out of order, against a fresh store of it in publication order."""
    sessions = dev_reversed[0]  # stored out of order
    records = load_records("dev")
    with transaction(sessions) as session:
        scramble(session)
    _dev_in_publication_order(other_url, database_templates)
    for other_sessions in _sessions_on(other_url):
        fresh = _state(other_sessions)
    assert _state(sessions) != fresh

    summary = reanalyse(sessions)

    assert _state(sessions) == fresh
    assert summary.articles == len(records)
    assert summary.stories_opened == len(fresh["stories"]) - 1  # the first story stays, with its first article's event
    assert summary.stories_removed == 0


def _updated(sessions: sessionmaker[Session]) -> dict[tuple[str, int], datetime]:
    with transaction(sessions) as session:
        return {**{("article", row.id): row.updated_at for row in session.execute(select(Article.id, Article.updated_at))},
                **{("story", row.id): row.updated_at for row in session.execute(select(Story.id, Story.updated_at))}}


def test_reanalysing_again_changes_nothing(dev_reanalysed: sessionmaker[Session]) -> None:
    """Not even ``updated_at``: `export --changed-since` and the Atom feed saw every article and
    story changed after a re-analysis that changed none (on the way, stories are written again
    while their later articles are not re-analysed yet). The store: the dev set ingested in
    reverse, then re-analysed once."""
    sessions = dev_reanalysed
    with transaction(sessions) as session:
        before = set(session.execute(select(Article.id, Article.story_id)).all())
        session.execute(update(Article).values(updated_at=LONG_AGO))
        session.execute(update(Story).values(updated_at=LONG_AGO))

    summary = reanalyse(sessions)

    assert (summary.changed, summary.stories_opened, summary.stories_removed) == (0, 0, 0)
    with transaction(sessions) as session:
        assert set(session.execute(select(Article.id, Article.story_id)).all()) == before
    assert {key for key, when in _updated(sessions).items() if when != LONG_AGO} == set()


def test_a_changed_article_and_its_story_alone_get_a_new_updated_at(dev_reanalysed: sessionmaker[Session]) -> None:
    """On the dev set stored and re-analysed once (ingested in reverse: a re-analysed store is
    a store in publication order, whichever order it was ingested in)."""
    sessions = dev_reanalysed
    with transaction(sessions) as session:
        session.execute(update(Article).values(updated_at=LONG_AGO))
        session.execute(update(Story).values(updated_at=LONG_AGO))
        # an article an older castwire found no names in, alone in its story, which then had no show
        article_id, story_id = session.execute(
            select(Article.id, Story.id).join(Story, Story.id == Article.story_id)
            .where(Story.article_count == 1, Story.show.is_not(None)).order_by(Article.id).limit(1)).one()
        session.execute(update(Article).where(Article.id == article_id).values(event_keys={}))
        session.execute(delete(ArticleEntity).where(ArticleEntity.article_id == article_id))
        assert refresh_story(session, story_id)

    summary = reanalyse(sessions)

    assert summary.changed == 1
    updated = _updated(sessions)
    assert {key for key, when in updated.items() if when != LONG_AGO} == {("article", article_id), ("story", story_id)}
    with transaction(sessions) as session:
        assert session.get(Story, story_id).show is not None


#: The page of tests/test_ingest.py::test_titles_in_italics_reach_entity_recognition: "Broken Mirror"
#: and "My Name" are shows only through its italics.
ITALICS = ExtractedArticle(
    url="https://www.soompi.com/article/2", canonical_url="https://www.soompi.com/article/2",
    title="Han So-hee in talks for a new thriller", language="en", published_at=FETCHED_AT,
    body=("Han So-hee is in talks to lead Broken Mirror, a thriller from the director of "
          "My Name, the agency told Variety on Monday."),
    emphasis=("Broken Mirror", "My Name", "Variety"))


@pytest.mark.parametrize("stored_before", [False, True], ids=["kept", "stored_before_it_was_kept"])
def test_a_show_named_only_in_italics_stays_through_reanalysis(sessions: sessionmaker[Session],
                                                                stored_before: bool) -> None:
    """Re-analysis read no italics: it unlinked the shows the page named only in italics. The
    italics are stored now; an article stored before has the shows its analysis linked stand in."""
    with transaction(sessions) as session:
        ingest_in_session(session, source_for("soompi", "en"), ITALICS, fetched_at=FETCHED_AT)
        if stored_before:
            session.execute(update(Article).values(emphasis=None, declared_language=None))

    def shows() -> set[str]:
        with transaction(sessions) as session:
            return set(session.execute(select(Entity.name).join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
                                       .where(Entity.kind == "show")).scalars())

    assert shows() == {"Broken Mirror", "My Name"}

    summary = reanalyse(sessions)

    assert shows() == {"Broken Mirror", "My Name"} and summary.changed == 0
    with transaction(sessions) as session:  # what was not known stays not known
        row = session.execute(select(Article.emphasis, Article.declared_language)).one()
    assert tuple(row) == ((None, None) if stored_before else (["Broken Mirror", "My Name", "Variety"], "en"))


def test_since_reanalyses_only_later_articles(dev_in_order: sessionmaker[Session]) -> None:
    sessions = dev_in_order
    records = load_records("dev")
    since = sorted(datetime.fromisoformat(record["published_at"]) for record in records)[len(records) // 2]
    with transaction(sessions) as session:
        analysed = dict(session.execute(select(Article.id, Article.category)).all())
        session.execute(update(Article).values(category="scrambled"))

    summary = reanalyse(sessions, since=since)

    with transaction(sessions) as session:
        rows = session.execute(select(Article.id, Article.published_at, Article.category)).all()
    later = {row.id for row in rows if row.published_at >= since}
    assert 0 < summary.articles == len(later) < len(records)
    assert {row.id: row.category for row in rows} == {
        article_id: category if article_id in later else "scrambled" for article_id, category in analysed.items()}


def test_cli_reanalyses_and_sums_up(sqlite_url: str) -> None:
    for engine_sessions in _sessions_on(sqlite_url):
        ingest_records(engine_sessions, load_records("dev")[:12])

    result = CliRunner().invoke(cli, ["--db", sqlite_url, "db", "reanalyse"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("12 articles re-analysed, 0 changed; 0 stories opened, 0 merged or emptied")



def test_the_earlier_story_is_found_when_later_stories_take_every_candidate_place(
        dev_in_order: sessionmaker[Session]) -> None:
    """Re-analysing in publication order, only earlier articles are candidates. They were
    filtered after the SQL limit of candidate stories: stories of later articles only, better
    connected, took the places and the earlier story was missed (a new one opened)."""
    sessions = dev_in_order
    with transaction(sessions) as session:
        story_id = session.execute(select(Story.id).where(Story.article_count >= 3).order_by(Story.id).limit(1)
                                   ).scalar_one()
        first, article, later = sorted(map(_member, story_members(session, [story_id])), key=publication_order)[:3]
        member = article._replace(story_id=None)
        # the later article alone in a story found through every key the article looks up
        later_story = insert_story(session, story_record([later]))
        session.execute(update(Article).where(Article.id == later.id).values(story_id=later_story))
        add_story_keys(session, later_story, lookup_keys(features_of(member)))
        leave_story(session, article.id, story_id)

        planned = plan_story(session, member, earlier_only=True, limit=1)

    assert planned.story_id == story_id


class _Stop(Exception):
    pass


def test_a_run_stopped_after_an_article_leaves_each_story_found_under_its_articles_keys(
        dev_reversed: tuple[sessionmaker[Session], Any]) -> None:
    """The first article of a story opening a story again keeps the story's id. Its keys were
    cleared and written again with that article's alone, and its record came from that article:
    stopped there, the articles left in it (not re-analysed yet) were not found through it."""
    sessions = dev_reversed[0]
    with transaction(sessions) as session:
        _one_story(session)

    def stop(done: int, total: int) -> None:
        raise _Stop

    with pytest.raises(_Stop):
        reanalyse(sessions, on_article=stop)

    with transaction(sessions) as session:
        for story in session.execute(select(Story)).scalars():
            members = list(map(_member, story_members(session, [story.id])))
            keys = set(session.execute(select(StoryKey.key).where(StoryKey.story_id == story.id)).scalars())
            assert {key for member in members for key in stored_keys(features_of(member))} <= keys
            assert story.article_count == len(members) > 1
