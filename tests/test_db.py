from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from cli_run import castwire
from sqlalchemy import Engine, MetaData, create_engine, inspect, select, text, update
from sqlalchemy.engine import make_url
from story_factory import T0, article, crawl_run, source, story

from pipeline import dedup
from pipeline.entities import show_key
from storage.db import (
    DatabaseError,
    alembic_config,
    create_db_engine,
    current_revision,
    head_revision,
    open_database,
    session_factory,
    transaction,
    upgrade,
)
from storage.models import Base, Entity
from storage.repository import duplicate_candidates


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


def test_migration_0015_keys_the_stored_bands_as_the_writer_does(database_url: str) -> None:
    """Before 0015 an article's bands were 16 rows of "b<i>:<hex>"; upgraded, they are its row of
    band keys as :func:`pipeline.dedup.minhash_bands` gives them, and its copies still find it.
    A downgrade writes the rows back as they were."""
    bands = dedup.minhash_bands(BAND_BODY, "en")
    stored = sorted((f"b{band}:{key:012x}",) for band, key in enumerate(bands))
    engine = open_database(database_url)
    with transaction(session_factory(engine)) as session:
        kdd = source(session, "kdd")
        first, short = article(session, kdd, "kdd.example/1", body=BAND_BODY), article(session, kdd, "kdd.example/2")
    config = alembic_config()
    with engine.begin() as connection:  # a store from before 0015 ...
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
        connection.execute(text("INSERT INTO article_bands (article_id, band) VALUES (:id, :band)"),
                           [{"id": first, "band": band} for (band,) in stored])
    upgrade(engine)  # ... upgraded
    with transaction(session_factory(engine)) as session:
        rows = session.execute(text("SELECT * FROM article_bands")).all()
        found = duplicate_candidates(session, "another body", bands, exclude_id=short)
    assert rows == [(first, *bands)]
    assert [candidate.id for candidate in found] == [first]
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
        assert sorted(connection.execute(text("SELECT band FROM article_bands"))) == stored
    engine.dispose()


def test_migration_0016_leaves_whether_older_articles_were_paywalled_unknown(database_url: str) -> None:
    """Articles stored before castwire looked for a paywall are neither paywalled nor free: null."""
    engine = open_database(database_url)
    config = alembic_config()
    with engine.begin() as connection:  # a store from before 0016 ...
        config.attributes["connection"] = connection
        command.downgrade(config, "0015")
        assert "paywalled" not in {column["name"] for column in inspect(connection).get_columns("articles")}
        connection.execute(text(
            "INSERT INTO sources (slug, name, homepage, language, created_at) VALUES ('kdd', 'K', 'https://k/', 'en', "
            ":now)"), {"now": T0})
        connection.execute(text(
            "INSERT INTO articles (source_id, url_key, url, canonical_url, body, authors, tags, fetched_at, provenance,"
            " content_hash, version, category_cues, event_keys, updated_at) SELECT id, 'kdd.example/1', 'https://k/1',"
            " 'https://k/1', 'Body', '[]', '[]', :now, '{}', 'h', 1, '[]', '{}', :now FROM sources"), {"now": T0})
    upgrade(engine)  # ... upgraded
    with engine.connect() as connection:
        assert connection.execute(text("SELECT paywalled FROM articles")).all() == [(None,)]
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0015")
        assert connection.execute(text("SELECT url_key FROM articles")).all() == [("kdd.example/1",)]
    engine.dispose()


BAND_BODY = " ".join(f"Yoon Seo-ah joins the cast of Midnight Confection as the {word} lead." for word in
                     ("first", "second", "third", "fourth"))


KILLED_WHILE_MIGRATING = """
import os, signal, sys
from sqlalchemy import Engine, event
from storage.db import open_database, upgrade

def kill_at(_conn, _cursor, statement, *_args):
    if statement.lstrip().startswith(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)

event.listen(Engine, "after_cursor_execute", kill_at)
if len(sys.argv) > 3:  # an existing database, a few revisions behind
    from storage.db import create_db_engine
    upgrade(create_db_engine(sys.argv[1]))
else:
    open_database(sys.argv[1])
"""


@pytest.mark.parametrize(("from_revision", "killed_at"), [
    (None, "CREATE TABLE seen_urls"),  # a new database, killed in its third migration
    ("0004", "ALTER TABLE crawl_runs ADD COLUMN host"),  # an upgrade, killed in its second migration
])
def test_a_process_killed_while_migrating_leaves_a_usable_database(
        database_url: str, from_revision: str | None, killed_at: str) -> None:
    """kill -9 in the middle of the migrations: the database is as it was before them, and the
    next command migrates it (a new SQLite database had all 0001's tables and no revision:
    'table crawl_runs already exists' for good)."""
    if from_revision:
        engine = open_database(database_url)
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, from_revision)
        engine.dispose()
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_MIGRATING, database_url, killed_at,
                             *([from_revision] if from_revision else [])], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    engine = open_database(database_url, migrate=False)
    assert current_revision(engine) == from_revision
    engine.dispose()
    engine = open_database(database_url)
    assert current_revision(engine) == head_revision()
    with transaction(session_factory(engine)) as session:
        article(session, source(session, "kdd"), "kdd.example/1", shows=("Midnight Confection",))
    engine.dispose()


def test_a_database_left_half_made_by_an_older_castwire_says_what_to_do(sqlite_url: str, tmp_path: Path) -> None:
    """An older castwire killed while creating a new SQLite database left its tables and no
    revision: every command said 'table crawl_runs already exists', `db upgrade` with a
    traceback, and `db current` said 'empty'."""
    engine = create_db_engine(sqlite_url)
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    engine.dispose()
    said = f"was left half-made by an older castwire stopped while creating it .*: delete {tmp_path}/castwire.sqlite"
    with pytest.raises(DatabaseError, match=said):
        open_database(sqlite_url)
    for args in (["stories"], ["db", "upgrade"], ["db", "current"]):
        run = castwire("--db", sqlite_url, *args)
        assert run.returncode == 1 and "half-made" in run.stderr and "Traceback" not in run.stderr, run.stderr


CASTWIRE = [sys.executable, "-c", "from pipeline.cli import main; main()"]

#: The commands that only read what is stored (and `digest`, which stores digests of it).
READING = (["status"], ["stories"], ["story", "1"], ["entities"], ["export", "--what", "stories"], ["feed"],
           ["calendar"], ["digest"])


def _run_all(url: str, commands: list[list[str]], env: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Each command run as castwire (in this process, one after the other: see :mod:`cli_run`):
    (exit status, stderr) of each."""
    return [(ran.returncode, ran.stderr) for ran in (castwire("--db", url, *args, env=env) for args in commands)]


def _wait(process: subprocess.Popen[str]) -> tuple[int, str]:
    _out, err = process.communicate(timeout=120)
    return process.returncode, err


def _set_revision(url: str, revision: str) -> None:
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :revision"), {"revision": revision})
    engine.dispose()


def test_a_database_a_newer_castwire_migrated_is_one_line_for_every_command(database_url: str) -> None:
    """A newer castwire migrated the shared database: every command, read-only `status` as much as
    `crawl`, `schedule` and `db upgrade`, failed with Alembic's "Can't locate revision identified by
    '0099'" and a traceback."""
    open_database(database_url).dispose()
    _set_revision(database_url, "0099")
    said = f"has schema revision 0099, newer than this castwire knows ({head_revision()}): upgrade castwire"
    commands = [*READING, ["db", "upgrade"], ["crawl", "allkpop"], ["schedule", "--once"]]
    for args, (returncode, stderr) in zip(commands, _run_all(database_url, commands), strict=True):
        assert returncode == 1 and stderr.count("\n") == 1 and said in stderr, (args, stderr)
        assert stderr.startswith("castwire: error: the database at ") and "Traceback" not in stderr, (args, stderr)
    with pytest.raises(DatabaseError, match=re.escape(said)):
        open_database(database_url)
    with pytest.raises(DatabaseError, match=re.escape(said)):
        open_database(database_url, migrate="empty")
    engine = create_db_engine(database_url)
    with pytest.raises(DatabaseError, match=re.escape(said)):
        upgrade(engine)
    engine.dispose()
    current = castwire("--db", database_url, "db", "current")
    assert current.returncode == 0 and current.stdout.startswith("0099 (newer than this castwire knows")
    engine = open_database(database_url, migrate=False)  # left as it was
    assert current_revision(engine) == "0099"
    engine.dispose()


@pytest.mark.postgres
def test_a_worker_meeting_a_newer_schema_says_so_in_one_line(postgres_url: str, redis_url: str) -> None:
    open_database(postgres_url).dispose()
    _set_revision(postgres_url, "0099")
    env = {**os.environ, "CASTWIRE_REDIS_URL": redis_url}
    [(returncode, stderr)] = _run_all(postgres_url, [["worker"]], env)
    assert returncode == 1 and stderr.count("\n") == 1, stderr
    assert "has schema revision 0099, newer than this castwire knows" in stderr and "Traceback" not in stderr


#: A crawl started without castwire: as documented, and as plain Scrapy in the checkout (its scrapy.cfg).
DIRECT_CRAWLS = ([sys.executable, "-m", "scrapers", "crawl"], [sys.executable, "-m", "scrapy", "crawl"])
CHECKOUT = Path(__file__).parent.parent


def _direct_crawls(url: str, spiders: tuple[str, ...] = ("allkpop",)) -> list[tuple[int, str]]:
    """Each of :data:`DIRECT_CRAWLS` of ``spiders`` on ``url`` (given as a Scrapy setting), all at once:
    (exit status, stderr) of each. A database the crawl cannot use stops it before any request."""
    env = {name: value for name, value in os.environ.items() if name != "SCRAPY_SETTINGS_MODULE"}
    processes = [subprocess.Popen([*command, *spiders, "-s", f"CASTWIRE_DATABASE_URL={url}"], cwd=CHECKOUT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
                 for command in DIRECT_CRAWLS]
    return [_wait(process) for process in processes]


def test_a_direct_crawl_meeting_a_newer_schema_says_so_in_one_line(database_url: str) -> None:
    """`python -m scrapers crawl` and `scrapy crawl` printed Scrapy's startup report and an asyncio
    traceback ("Task exception was never retrieved") ending in the error: the database was first
    opened by a Scrapy component, in Scrapy's crawl task."""
    open_database(database_url).dispose()
    _set_revision(database_url, "0099")
    said = f"has schema revision 0099, newer than this castwire knows ({head_revision()}): upgrade castwire"
    for returncode, stderr in _direct_crawls(database_url):
        assert returncode == 1 and stderr.count("\n") == 1 and said in stderr, stderr
        assert stderr.startswith("castwire: error: the database at "), stderr


def test_a_direct_crawl_whose_sqlite_folder_cannot_be_made_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").touch()
    database = tmp_path / "a-file" / "castwire.sqlite"
    for returncode, stderr in _direct_crawls(f"sqlite:///{database}"):
        assert returncode == 1 and stderr.count("\n") == 1, stderr
        assert stderr.startswith(f"castwire: error: cannot create the folder for {database}: "), stderr


@pytest.mark.parametrize(("spiders", "status", "said"), [(("allkpoop",), 1, "Spider not found: allkpoop"),
                                                         ((), 2, "")])  # Scrapy's usage text goes to stdout
def test_a_direct_crawl_of_no_known_spider_makes_no_database(tmp_path: Path, spiders: tuple[str, ...], status: int,
                                                              said: str) -> None:
    """The database was made and migrated before Scrapy looked at the spider name: a typo left a
    migrated castwire.sqlite behind, then said "Spider not found"."""
    for returncode, stderr in _direct_crawls(f"sqlite:///{tmp_path / 'castwire.sqlite'}", spiders):
        assert returncode == status and said in stderr, stderr
    assert list(tmp_path.iterdir()) == []


def test_commands_that_only_read_leave_an_older_schema_as_it_is(database_url: str) -> None:
    """Upgrading castwire on one machine of a fleet: its first `castwire status` migrated the shared
    database, and every older worker and scheduler still running on it then failed on the revision
    it does not know. A command that only reads says to run `castwire db upgrade`; the commands that
    store (crawl, schedule, worker, demo) migrate, and so does `db upgrade`."""
    open_database(database_url).dispose()
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(head_revision()).down_revision
    assert isinstance(previous, str)
    engine = create_db_engine(database_url)
    with engine.begin() as connection:  # as the older castwire left it
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, previous)
    said = (f"has schema revision {previous}, older than this castwire's ({head_revision()}): "
            "run castwire db upgrade")
    for args, (returncode, stderr) in zip(READING, _run_all(database_url, list(READING)), strict=True):
        assert returncode == 1 and stderr.count("\n") == 1 and said in stderr, (args, stderr)
    assert current_revision(engine) == previous
    # `db current` said only the revision; it says what to do, as for a newer one
    current = castwire("--db", database_url, "db", "current")
    assert current.stdout == f"{previous} (older than this castwire's, {head_revision()}: run castwire db upgrade)\n"
    # in a process of its own: a migration by the castwire command, end to end
    upgraded = subprocess.run([*CASTWIRE, "--db", database_url, "db", "upgrade"], capture_output=True, text=True,
                              timeout=120)
    assert upgraded.returncode == 0 and f"(was {previous})" in upgraded.stdout, upgraded.stderr
    assert current_revision(engine) == head_revision()
    # again: nothing to do, said so (it printed "database at revision 0012 (was 0012)")
    again = castwire("--db", database_url, "db", "upgrade")
    assert again.stdout == f"database already at revision {head_revision()}, this castwire's: nothing to do\n"
    [(returncode, stderr)] = _run_all(database_url, [["stories"]])
    assert returncode == 0, stderr
    engine.dispose()


def test_a_command_that_stores_migrates_an_older_schema(database_url: str) -> None:
    open_database(database_url).dispose()
    engine = create_db_engine(database_url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    open_database(database_url).dispose()  # as crawl, schedule, worker and demo open it
    assert current_revision(engine) == head_revision()
    engine.dispose()


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every castwire table as the database holds it, on the columns it has."""
    with engine.connect() as connection:
        tables = MetaData()
        tables.reflect(connection)
        return {name: sorted(map(tuple, connection.execute(select(table)).all()), key=repr)
                for name, table in tables.tables.items() if name != "alembic_version"}


@pytest.mark.parametrize("older", ["0002", "0004", "0008", "0012", "0013"])
def test_an_upgrade_from_an_older_release_keeps_every_row(database_url: str, older: str) -> None:
    """A user's database of months, left at an older release's revision (0008 ...) and upgraded by
    `castwire db upgrade`: every row of every table is kept as it was, ids included, the schema
    is the models', and the new columns are empty (measured on a crawl of the sample web too:
    16 articles, 12 stories, 86 entities, 6 crawl runs, 5 digests before and after)."""
    engine = open_database(database_url)
    with transaction(session_factory(engine)) as session:
        kdd, sbeat = source(session, "kdd"), source(session, "sbeat")
        casting = story(session, "Yoon Seo-ah and Kurosawa Ren cast", show="Midnight Confection",
                        platforms=("Netflix",), people=("Yoon Seo-ah", "Kurosawa Ren"))
        first = article(session, kdd, "kdd.example/1", story_id=casting, body="Yoon Seo-ah joins.",
                        shows=("Midnight Confection",), people=("Yoon Seo-ah",), platforms=("Netflix",))
        article(session, sbeat, "sbeat.example/1", story_id=casting, body="Yoon Seo-ah joins.",
                duplicate_of=first, duplicate_kind="exact", shows=("Midnight Confection",))
        crawl_run(session, "kdd", "ok", T0, new=1)
    config = alembic_config()
    with engine.begin() as connection:  # the database as the release with 0008 left it
        config.attributes["connection"] = connection
        command.downgrade(config, older)
    before = _rows(engine)
    assert before["articles"] and before["stories"] and before["entities"] and before["crawl_runs"]
    upgraded = castwire("--db", database_url, "db", "upgrade")
    assert upgraded.stdout == f"database at revision {head_revision()} (was {older})\n", upgraded.stderr
    after = _rows(engine)
    for name, rows in before.items():
        assert [row[:len(rows[0])] for row in after[name]] == rows if rows else not after[name], name
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata) == []
    engine.dispose()


def test_a_command_that_only_reads_refuses_a_database_without_castwire_tables(database_url: str) -> None:
    """A mistyped PostgreSQL schema (or a SQLite file of something else): `stories`, `status` and the
    other reading commands created all of castwire's tables there, and `digest` stored a digest in it,
    leaving a second, empty castwire database behind. Like a mistyped SQLite path, it is one line now.
    `db current` printed only "empty" there."""
    engine = create_db_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id integer)"))
    for args, (returncode, stderr) in zip(READING, _run_all(database_url, list(READING)), strict=True):
        assert returncode == 1 and stderr.count("\n") == 1, (args, stderr)
        assert "holds no castwire table): nothing was crawled into it (castwire crawl)" in stderr, (args, stderr)
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == ["notes"]
    current = castwire("--db", database_url, "db", "current")
    # it said only "empty": it says castwire's schema is not there yet, and what creates it
    assert current.returncode == 0 and current.stdout == (
        "empty: no castwire schema yet (castwire db upgrade creates it, as castwire crawl does)\n"), current.stderr
    engine.dispose()
    open_database(database_url).dispose()  # a command that stores creates the schema
    [(returncode, stderr)] = _run_all(database_url, [["stories"]])
    assert returncode == 0, stderr


@pytest.mark.postgres
def test_a_search_path_naming_no_schema_is_one_line(postgres_admin_url: str) -> None:
    """`?options=-csearch_path=...` with a typo in the schema: every command printed a 122-line traceback
    ending in "no schema has been selected to create in"."""
    schema = f"t_missing_{uuid.uuid4().hex[:8]}"
    url = make_url(postgres_admin_url).set(drivername="postgresql+psycopg").update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    said = f"schema {schema} (search_path) does not exist in database "
    commands = [*READING, ["crawl", "allkpop"], ["db", "upgrade"], ["db", "current"]]
    for args, (returncode, stderr) in zip(commands, _run_all(url, commands), strict=True):
        assert returncode == 1 and stderr.count("\n") == 1, (args, stderr)
        assert said in stderr and f"create it (CREATE SCHEMA {schema}) or correct search_path" in stderr, stderr
    for returncode, stderr in _direct_crawls(url):
        assert returncode == 1 and stderr.count("\n") == 1 and said in stderr, stderr
    with pytest.raises(DatabaseError, match="none of the schemas of search_path"):
        open_database(url.replace(f"search_path%3D{schema}", f"search_path%3D{schema}%2C{schema}_2"))


@pytest.mark.postgres
def test_a_mixed_case_schema_in_an_unquoted_search_path_is_explained(postgres_admin_url: str) -> None:
    """Schema "tQ_pg" existed, search_path=tQ_pg (read as tq_pg): the message said
    `CREATE SCHEMA tQ_pg`, which creates a second, lower-case schema tq_pg."""
    schema = f"tQ_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(postgres_admin_url).set(drivername="postgresql+psycopg"))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = make_url(postgres_admin_url).set(drivername="postgresql+psycopg")
    try:
        unquoted = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
        with pytest.raises(DatabaseError) as refused:
            open_database(unquoted)
        said = str(refused.value)
        assert f"schema {schema.lower()} (search_path {schema}: a name not in double quotes is read in lower case" \
            in said and "\n" not in said, said
        assert f'schema "{schema}" does: put its name in double quotes in search_path ' \
               f"(in a URL: options=-csearch_path%3D%22{schema}%22)" in said, said
        assert f"CREATE SCHEMA {schema}" not in said  # which would make the lower-case one
        # the advice works
        open_database(unquoted.replace(f"search_path%3D{schema}", f"search_path%3D%22{schema}%22")).dispose()
        with admin.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM pg_namespace WHERE nspname = :n"),
                                      {"n": schema.lower()}).scalar() == 0
        missing = base.update_query_dict({"options": f'-csearch_path="{schema}_X"'}).render_as_string(
            hide_password=False)
        with pytest.raises(DatabaseError, match=f'create it \\(CREATE SCHEMA "{schema}_X"\\)'):
            open_database(missing)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
