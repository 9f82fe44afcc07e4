"""The test databases of conftest: a copy of a template (DatabaseTemplates) is the template's data and
a database of its own; a PostgreSQL schema of the pool comes back to each test as freshly migrated."""

from __future__ import annotations

import pytest
from conftest import DatabaseTemplates, PostgresSchemaPool
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.db import open_database, session_factory, transaction
from storage.models import Source
from storage.repository import ensure_source


def _two_sources(sessions: sessionmaker[Session]) -> str:
    with transaction(sessions) as session:
        for slug in ("first", "second"):
            ensure_source(session, slug=slug, name=slug.title(), homepage=f"https://{slug}.example/", language="en")
    return "built"


def test_a_copy_holds_the_template_rows_and_new_rows_follow_them(
        database_url: str, database_templates: DatabaseTemplates, request: pytest.FixtureRequest) -> None:
    assert database_templates.copy("two sources", _two_sources, into=database_url) == "built"
    sessions = request.getfixturevalue("sessions")
    with transaction(sessions) as session:
        assert dict(session.execute(select(Source.slug, Source.id)).all()) == {"first": 1, "second": 2}
        third = ensure_source(session, slug="third", name="Third", homepage="https://third.example/", language="en")
    assert third == 3  # the id sequence was copied too


def test_what_a_copy_changes_stays_in_it(database_url: str, database_templates: DatabaseTemplates,
                                          request: pytest.FixtureRequest) -> None:
    database_templates.copy("two sources", _two_sources, into=database_url)
    with transaction(request.getfixturevalue("sessions")) as session:
        session.execute(Source.__table__.delete())
    built = database_templates.value("two sources", _two_sources, like=database_url)
    assert built == "built"
    engine = open_database(database_templates.url("two sources", like=database_url))
    try:
        with transaction(session_factory(engine)) as session:
            assert session.execute(select(func.count()).select_from(Source)).scalar_one() == 2
    finally:
        engine.dispose()


def _source_ids(url: str) -> dict[str, int]:
    engine = open_database(url)
    try:
        with transaction(session_factory(engine)) as session:
            return dict(session.execute(select(Source.slug, Source.id)).all())
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_pooled_schema_comes_back_as_the_migrations_left_it(postgres_schema_pool: PostgresSchemaPool) -> None:
    url = postgres_schema_pool.take()
    engine = open_database(url)
    try:
        _two_sources(session_factory(engine))
    finally:
        engine.dispose()
    assert _source_ids(url) == {"first": 1, "second": 2}
    postgres_schema_pool.give_back(url)

    again = postgres_schema_pool.take()
    try:
        assert again == url and _source_ids(again) == {}
        engine = open_database(again)
        try:
            assert _two_sources(session_factory(engine)) == "built"
        finally:
            engine.dispose()
        assert _source_ids(again) == {"first": 1, "second": 2}  # ids start over
    finally:
        postgres_schema_pool.give_back(again)


@pytest.mark.postgres
def test_a_pooled_schema_a_test_changed_is_not_handed_out_again(postgres_schema_pool: PostgresSchemaPool) -> None:
    url = postgres_schema_pool.take()
    engine = create_engine(make_url(url))
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE INDEX extra ON sources (name)")
    finally:
        engine.dispose()
    postgres_schema_pool.give_back(url)

    again = postgres_schema_pool.take()
    postgres_schema_pool.give_back(again)
    assert again != url
