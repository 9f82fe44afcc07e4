"""Engines, sessions and automatic migrations.

``open_database(url)`` is the one way in: it creates the SQLite directory if
needed, sets SQLite up for concurrent crawls (WAL, busy timeout, foreign
keys), checks the database is reachable and brings the schema to the newest
Alembic revision (``migrate="empty"``, for commands that only read: creates the
schema of an empty database, or with ``existing`` refuses it, and refuses an older one
instead of migrating it under older castwire processes that share it). A schema revision this castwire
does not know (a newer castwire migrated the database) is refused, in one line.
"""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote as urlquote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as DBAPIDatabaseError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import DatabaseError
from storage.models import Base

SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_db_engine(url: str, *, pre_ping: bool = True) -> Engine:
    """An engine for ``url`` without touching the schema.

    On a server database, a pooled connection is checked with a round trip before each
    use (``pre_ping``), so a transaction never starts on a connection the server dropped.
    An engine whose every transaction goes through :func:`storage.retry.run_in_transaction`
    can leave that out (``pre_ping=False``): a dropped connection fails the transaction's
    first statement and the transaction runs again on a new one, and each transaction saves
    a round trip."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"not a database URL: {url!r}") from None
    if parsed.drivername == "postgresql" or parsed.drivername == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.host:  # "sqlite://data/x.db": the first path part read as a host
            raise DatabaseError(f"not a SQLite URL: {url!r} (a file takes three slashes before a relative path, "
                                "sqlite:///data/castwire.sqlite, and four before an absolute one, "
                                "sqlite:////home/me/castwire.sqlite)")
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create the folder for {database}: {exc}") from None
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        kwargs["pool_pre_ping"] = pre_ping
    try:
        engine = create_engine(parsed, **kwargs)
    except (ImportError, NoSuchModuleError) as exc:
        raise DatabaseError(f"no driver for {parsed.drivername}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgresql_on_connect)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _postgresql_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Commits return before their WAL reaches the disk (it follows within milliseconds).

    The same trade-off as SQLite's ``synchronous=NORMAL`` in WAL mode: a crash of the
    castwire process loses nothing, a crash of the database server or machine may lose
    the last fraction of a second of commits, never consistency. Everything castwire
    commits at that rate can be fetched again, and one article per transaction no
    longer waits for a disk flush."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        dbapi_connection.execute("SET synchronous_commit TO off")
    finally:
        dbapi_connection.autocommit = autocommit


def alembic_config() -> Config:
    """Alembic configuration; migrations always run on a connection we hand in
    (``config.attributes["connection"]``), so no URL is stored in it."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "storage/migrations has no revisions"
    return head


def known_revisions() -> frozenset[str]:
    """Every schema revision of storage/migrations (those this castwire can read and migrate from)."""
    return frozenset(script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _check_known(engine: Engine, revision: str | None) -> None:
    """A revision of a newer castwire's (it migrated the shared database) is an error saying so:
    Alembic's own ("Can't locate revision identified by '0011'") came with a traceback."""
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(f"the database at {_shown(engine)} has schema revision {revision}, newer than this "
                            f"castwire knows ({head_revision()}): upgrade castwire")


def _refuse_older(engine: Engine, revision: str) -> None:
    """A command that only reads does not migrate a shared schema under the older castwire
    processes still using it (they would fail on the revision they do not know)."""
    raise DatabaseError(f"the database at {_shown(engine)} has schema revision {revision}, older than this "
                        f"castwire's ({head_revision()}): run castwire db upgrade (after stopping the older "
                        "castwire processes that use it)")


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, None for an empty database; a database with castwire's
    tables and no revision, or a PostgreSQL search_path naming no schema there, is an error
    saying what to do."""
    with engine.connect() as connection:
        _check_schema(engine, connection)
        revision = MigrationContext.configure(connection).get_current_revision()
        if revision is None and set(inspect(connection).get_table_names()) & set(Base.metadata.tables):
            raise DatabaseError(_half_made(engine))
        return revision


def _check_schema(engine: Engine, connection: Connection) -> None:
    """On PostgreSQL, a search_path naming only schemas that do not exist (a typo in the URL's
    ``options=-csearch_path=...``) leaves nowhere to create or read tables: PostgreSQL said so only
    when the migration created its first table, in a traceback."""
    if connection.dialect.name != "postgresql":
        return
    if connection.execute(text("SELECT current_schema()")).scalar() is not None:
        return
    search_path = str(connection.execute(text("SHOW search_path")).scalar())
    database = connection.execute(text("SELECT current_database()")).scalar()
    schemas = search_path_schemas(search_path)
    quote = connection.dialect.identifier_preparer.quote
    where = f"database {database} at {_shown(engine)}"
    # a name with capitals not in double quotes is read in lower case: "CREATE SCHEMA tQ_pg" made tq_pg
    folded = ", ".join(f"{written} is {quote(name)}" for written, name in schemas
                       if written != name and not written.startswith('"'))
    folding = f": a name not in double quotes is read in lower case, {folded}" if folded else ""
    if len(schemas) != 1:
        raise DatabaseError(f"none of the schemas of search_path ({search_path}{folding}) exists in {where}: create "
                            "one (CREATE SCHEMA name) or correct search_path")
    [(written, name)] = schemas
    said = f"schema {quote(name)} (search_path{' ' + written + folding if folding else ''}) does not exist in {where}"
    other = connection.execute(text("SELECT nspname FROM pg_namespace WHERE lower(nspname) = lower(:name) "
                                    "AND nspname <> :name ORDER BY nspname LIMIT 1"), {"name": name}).scalar()
    if other is not None:  # the schema meant, in other letters: named in double quotes in search_path
        raise DatabaseError(f"{said}; schema {quote(other)} does: put its name in double quotes in search_path "
                            f"(in a URL: options=-csearch_path%3D{urlquote(quote(other), safe='')}), "
                            f"or create {quote(name)} (CREATE SCHEMA {quote(name)})")
    raise DatabaseError(f"{said}: create it (CREATE SCHEMA {quote(name)}) or correct search_path")


def search_path_schemas(search_path: str) -> list[tuple[str, str]]:
    """The schemas a PostgreSQL ``search_path`` names: (as written, as PostgreSQL reads it: a name
    in double quotes as it is, any other in lower case)."""
    return [(match.group(0), match.group(1).replace('""', '"') if match.group(1) is not None
             else match.group(0).lower())
            for match in re.finditer(r'"((?:[^"]|"")*)"|[^,\s]+', search_path)]


def _no_schema(engine: Engine) -> str:
    """What a command that only reads says of a database holding none of castwire's tables: the
    PostgreSQL twin of "no database at PATH" (a mistyped database or schema name), where it
    used to create all the tables, and ``digest`` stored a digest there."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if path is not None:
        return (f"no database at {path} (the file holds no castwire table): nothing was crawled into it "
                "(castwire crawl), or --db / DATABASE_URL names another file")
    where = ""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            where = f" (schema {connection.execute(text('SELECT current_schema()')).scalar()} holds no castwire table)"
    return (f"no castwire database at {_shown(engine)}{where}: nothing was crawled into it (castwire crawl), "
            "or --db / DATABASE_URL names another database or schema")


def _half_made(engine: Engine) -> str:
    """What to do with a database an older castwire was killed while creating (its DDL was
    committed statement by statement): the tables are there, the revision is not, and no
    command could store anything in it since."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    todo = (f"delete {path} (and its -wal and -shm files)" if path is not None
            else "drop its castwire tables (or the schema)")
    return (f"the database {_shown(engine)} was left half-made by an older "
            f"castwire stopped while creating it (its tables are there, its schema revision is not): "
            f"{todo} and run again")


#: The PostgreSQL advisory lock that serialises migrations (any constant of castwire's own).
MIGRATION_LOCK_KEY = 0x63617374  # "cast"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic migrations up to ``revision``, one process at a time: two commands
    opening a new database at once (cron) must not both create its tables. The second waits
    for the first (an advisory lock on PostgreSQL, a file lock beside a SQLite file), then
    finds the schema migrated."""
    with _sqlite_file_lock(engine):
        _migrate(engine, revision)


def _migrate(engine: Engine, revision: str = "head") -> None:
    """:func:`upgrade`, the caller holding the SQLite file lock."""
    config = alembic_config()
    target = head_revision() if revision == "head" else revision
    with engine.connect() as connection, _transaction_with_ddl(connection):
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        current = MigrationContext.configure(connection).get_current_revision()
        _check_known(engine, current)
        if current == target:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@contextmanager
def _transaction_with_ddl(connection: Connection) -> Iterator[None]:
    """One transaction around all the migrations, their DDL too, so a process killed midway
    leaves the database as it was. PostgreSQL's DDL is transactional anyway; Python's sqlite3
    starts a transaction only before an INSERT, UPDATE or DELETE and runs the CREATE and ALTER
    statements before it on their own, committed (SQLAlchemy's recipe for pysqlite: no
    transaction handling of the driver's, and our own BEGIN)."""
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    isolation_level = driver.isolation_level
    driver.isolation_level = None
    try:
        with connection.begin():  # committed or rolled back by the driver's commit() and rollback()
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield
    finally:
        driver.isolation_level = isolation_level


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive ``flock`` on ``<database>.migrate.lock`` for a SQLite file database."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    lock = Path(f"{Path(database).expanduser().resolve()}.migrate.lock")
    made = not lock.exists()
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        except BaseException:
            if made:  # a file that is no database ("--db sqlite:///notes.txt"): no lock left beside it
                lock.unlink(missing_ok=True)
            raise
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite file database URL (None for another backend, memory, a bad URL)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or parsed.host or not database or database == ":memory:" or \
            parsed.query.get("mode") == "memory" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def in_memory_sqlite(url: str) -> bool:
    """A SQLite URL naming no file: a new, empty database in each process that opens it."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    return parsed.get_backend_name() == "sqlite" and not parsed.host and (
        parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory")


def open_database(url: str, *, migrate: bool | Literal["empty"] = True, pre_ping: bool = True,
                  existing: bool = False) -> Engine:
    """Connect, check reachability and (by default) migrate to the newest schema
    (``pre_ping``: see :func:`create_db_engine`). ``migrate="empty"``: create the schema of an
    empty database, but an older schema is an error saying to run ``castwire db upgrade``
    (commands that only read); ``migrate=False``: leave the schema as it is (maintenance).
    Unless ``migrate`` is False, a schema revision this castwire does not know is an error.
    ``existing``: the database must be there already (commands that only read it: a mistyped
    SQLite path, or with ``migrate`` "empty" a database or schema holding none of castwire's
    tables, is an error, not a new empty database)."""
    if existing:
        path = sqlite_file(url)
        if path is not None and (not path.exists() or path.is_file() and path.stat().st_size == 0):
            raise DatabaseError(f"no database at {path}: nothing was crawled into it (castwire crawl), "
                                "or --db / DATABASE_URL names another file")
        if path is None and in_memory_sqlite(url):  # "sqlite:///$UNSET": a new empty database each time
            raise DatabaseError(f"no database file in {url!r}: give one (sqlite:///path/castwire.sqlite)")
    engine = create_db_engine(url, pre_ping=pre_ping)
    try:
        # a SQLite file's first connection (which turns WAL on) and its migration, one process
        # at a time: two opening a new file at once met "database is locked"
        with _sqlite_file_lock(engine):
            revision = current_revision(engine)
            if migrate is not False and revision != head_revision():
                _check_known(engine, revision)
                if migrate == "empty" and revision is None and existing:
                    raise DatabaseError(_no_schema(engine))
                if migrate == "empty" and revision is not None:
                    _refuse_older(engine, revision)
                _migrate(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except DBAPIDatabaseError as exc:
        if type(exc) not in (OperationalError, DBAPIDatabaseError) and exc.statement is not None:
            raise  # an integrity or programming error in a statement is a bug, not the user's database
        # (one while connecting is the URL's: "bad value for connect_timeout: 'abc'")
        engine.dispose()  # unreachable, refused, or a file that is not a database
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        shown = make_url(url).render_as_string(hide_password=True)
        raise DatabaseError(f"cannot open database {shown}: {reason}") from None
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session, one transaction: committed on success, rolled back on error."""
    with factory() as session, session.begin():
        yield session
