from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text, update
from story_factory import article, source

from pipeline.entities import show_key
from storage.db import (
    DatabaseError,
    alembic_config,
    current_revision,
    head_revision,
    open_database,
    session_factory,
    transaction,
    upgrade,
)
from storage.models import Base, Entity


def test_migration_head_matches_models(database_url: str) -> None:
    engine = open_database(database_url)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_migrating_twice_is_a_no_op(database_url: str) -> None:
    open_database(database_url).dispose()
    engine = open_database(database_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_sqlite_uses_wal_and_busy_timeout(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_sqlite_folder_is_created(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'a' / 'b' / 'c.sqlite'}")
    engine.dispose()
    assert (tmp_path / "a" / "b" / "c.sqlite").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a database URL"),
        ("bogus://x", "no driver for bogus"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2", "cannot open database"),
        # a parameter the driver refuses before connecting: one line too, not a traceback
        ("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=abc",
         "cannot open database .*: bad value for connect_timeout: 'abc'"),
    ],
)
def test_unusable_database_is_one_clear_error(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        open_database(url)


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    notes = tmp_path / "digest.txt"
    notes.write_text("yesterday's digest\n" * 100)
    with pytest.raises(DatabaseError, match="cannot open database .*: file is not a database"):
        open_database(f"sqlite:///{notes}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.txt"]  # no lock file left beside it


def test_password_is_hidden_in_errors() -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database("postgresql+psycopg://user:s3cret@127.0.0.1:1/none?connect_timeout=2")
    assert "s3cret" not in str(caught.value)


OPEN_AT = """
import sys, time
from storage.db import open_database
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
open_database(sys.argv[1]).dispose()
"""


def test_processes_opening_a_new_database_at_once_migrate_it_once(database_url: str) -> None:
    """Cron starting two commands on a database not yet created: one migrates, the others
    wait for it and find the schema there ('table crawl_runs already exists' before)."""
    start = time.time() + 4  # every process has imported castwire by then
    processes = [subprocess.Popen([sys.executable, "-c", OPEN_AT, database_url, str(start)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert all(process.returncode == 0 for process in processes), [error for error in errors if error]
    engine = open_database(database_url, migrate=False)
    assert current_revision(engine) == head_revision()
    engine.dispose()



def test_migration_0005_keeps_the_names_articles_do_not_write(database_url: str) -> None:
    """Before 0005 every entity showed its stored name; a name no article writes was given
    (aliases file, final title) and must stay shown after the upgrade."""
    engine = open_database(database_url)
    with transaction(session_factory(engine)) as session:
        kdd = source(session, "kdd")
        article(session, kdd, "kdd.example/1", shows=("Midnight Confection",))
        article(session, kdd, "kdd.example/2", shows=("Romantic Anonymous",))
        session.execute(update(Entity).where(Entity.key == show_key("Romantic Anonymous"))
                        .values(name="Romantics Anonymous"))  # as an aliases file names it
    config = alembic_config()
    with engine.begin() as connection:  # a store from before 0005 ...
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    upgrade(engine)  # ... upgraded
    with engine.connect() as connection:
        named = dict(connection.execute(text("SELECT name, named FROM entities ORDER BY id")).all())
        links = connection.execute(text("SELECT count(*) FROM article_entities")).scalar_one()
    engine.dispose()
    assert named == {"Midnight Confection": False, "Romantics Anonymous": True}
    assert links == 2  # an upgrade that copied the table on SQLite would have cascaded them away
