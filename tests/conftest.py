"""Shared fixtures: fresh databases (SQLite and the real PostgreSQL) and the local fixture web."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import Connection, Engine, MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline import cluster
from pipeline.webserver import serve_folder
from storage.db import open_database, session_factory, sqlite_file

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_WEB = Path(__file__).parent.parent / "pipeline" / "sample_web"
POSTGRES_ENV = "CASTWIRE_TEST_DATABASE_URL"
REDIS_ENV = "CASTWIRE_TEST_REDIS_URL"


def _missing_service(what: str) -> None:
    """Skip with a reason, except under CI=true where a missing service fails the run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} (CI=true: real services are required)")
    pytest.skip(what)


def _configured(env: str, what: str) -> str:
    """The URL in ``env``; a missing one is a missing service."""
    url = os.environ.get(env)
    if not url:
        _missing_service(f"{what} not configured: set {env}")
    assert url is not None
    return url


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = _configured(POSTGRES_ENV, "PostgreSQL")
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as exc:
        _missing_service(f"PostgreSQL at {url} unreachable: {exc.orig}")
    finally:
        engine.dispose()
    return url


def fresh_postgres_url(admin_url: str) -> Iterator[str]:
    """A URL whose search_path is a brand-new schema, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(admin_url).set(drivername="postgresql+psycopg").update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'castwire.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend; for a test that asks for :func:`sessions` on
    PostgreSQL, a migrated schema of :func:`postgres_schema_pool`, as fresh (empty but for what
    the migrations write)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'castwire.sqlite'}"
        return
    if "sessions" in request.fixturenames:
        pool = request.getfixturevalue("postgres_schema_pool")
        url = pool.take()
        yield url
        pool.give_back(url)
        return
    admin = request.getfixturevalue("postgres_admin_url")
    yield from fresh_postgres_url(admin)


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema, for what only PostgreSQL can do (concurrent writers)."""
    yield from fresh_postgres_url(postgres_admin_url)


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the newest revision once per test process (by ``open_database``),
    which :func:`sessions` copies: every migration at each test took most of a database test's time."""
    path = tmp_path_factory.mktemp("migrated") / "castwire.sqlite"
    open_database(f"sqlite:///{path}").dispose()  # closing the last connection checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def postgres_migration_script(postgres_admin_url: str) -> str:
    """The statements ``open_database`` sends to migrate an empty PostgreSQL schema to the newest
    revision (all but its reads), recorded once per test process on a schema of its own; run in one
    transaction, as the migration does, they make another empty schema the same."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: object, *_args: object) -> None:
        if not statement.lstrip().upper().startswith(("SELECT", "SHOW")):
            assert not parameters, statement  # the migrations send their DDL and data as literal SQL
            statements.append(statement)

    for url in fresh_postgres_url(postgres_admin_url):
        schema = make_url(url).query["options"].removeprefix("-csearch_path=")
        event.listen(Engine, "before_cursor_execute", record)
        try:
            open_database(url).dispose()
        finally:
            event.remove(Engine, "before_cursor_execute", record)
    assert statements and not any(schema in statement for statement in statements)
    return ";\n".join(statements)


#: What a schema is made of (run with the schema alone on the search path, names come unqualified):
#: a schema a test changed (a migration run down, a table added) is not handed out again.
_SCHEMA_SHAPE = """
SELECT 'relation', concat_ws(':', c.relname, c.relkind, replace(pg_get_indexdef(c.oid), current_schema() || '.', ''))
  FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
UNION ALL
SELECT 'column', concat_ws(':', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                           pg_get_expr(d.adbin, d.adrelid))
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE c.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint', concat_ws(':', conname, pg_get_constraintdef(oid))
  FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
UNION ALL
SELECT 'type', typname::text FROM pg_type WHERE typnamespace = current_schema()::regnamespace
UNION ALL
SELECT 'function', proname::text FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
UNION ALL
SELECT 'trigger', t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
ORDER BY 1, 2
"""


class PostgresSchemaPool:
    """Migrated PostgreSQL schemas of this test process, handed to one test at a time and emptied
    after it: creating and migrating a schema for each test, then dropping it, took half a second
    of each PostgreSQL test. A schema comes back to what the migrations left in it (rows and
    sequences copied from a reference schema no test writes); one whose tables, columns,
    constraints, indexes, types, functions or triggers a test changed is dropped instead."""

    def __init__(self, admin_url: str, script: str, stack: ExitStack) -> None:
        self._admin_url = admin_url
        self._script = script
        self._stack = stack
        self._free: list[str] = []
        self._reference = self._new()
        engine = create_engine(make_url(self._reference))
        try:
            with engine.connect() as connection:
                self._shape = connection.exec_driver_sql(_SCHEMA_SHAPE).all()
                tables = MetaData()
                tables.reflect(connection)
                self._tables = [table.name for table in tables.sorted_tables]
        finally:
            engine.dispose()

    def _new(self) -> str:
        """A new migrated schema, dropped at the end of the test process."""
        url = self._stack.enter_context(_generated(fresh_postgres_url(self._admin_url)))
        engine = create_engine(make_url(url))
        try:
            with engine.begin() as connection:
                connection.exec_driver_sql(self._script)
        finally:
            engine.dispose()
        return url

    def take(self) -> str:
        return self._free.pop() if self._free else self._new()

    def give_back(self, url: str) -> None:
        """Empty the schema of ``url`` for the next test, or leave it aside when its shape changed."""
        schema, reference = _schema(url), _schema(self._reference)
        engine = create_engine(make_url(url))
        try:
            with engine.begin() as connection:
                if connection.exec_driver_sql(_SCHEMA_SHAPE).all() != self._shape:
                    return  # dropped with the others at the end
                for name in reversed(self._tables):
                    connection.exec_driver_sql(f'DELETE FROM "{schema}"."{name}"')
                _copy_rows(connection, reference, schema, self._tables)
        finally:
            engine.dispose()
        self._free.append(url)


def _copy_rows(connection: Connection, source_schema: str, target_schema: str, tables: list[str]) -> None:
    """Copy every row of ``tables`` (in dependency order) and every sequence's state from one
    schema into the same tables, empty, of another."""
    for name in tables:
        connection.exec_driver_sql(f'INSERT INTO "{target_schema}"."{name}" SELECT * FROM "{source_schema}"."{name}"')
    for sequence in connection.exec_driver_sql(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = %s",
            (target_schema,)).scalars().all():
        last_value, is_called = connection.exec_driver_sql(
            f'SELECT last_value, is_called FROM "{source_schema}"."{sequence}"').one()
        connection.exec_driver_sql("SELECT setval(%s, %s, %s)", (f'"{target_schema}"."{sequence}"', last_value, is_called))


@pytest.fixture(scope="session")
def postgres_schema_pool(postgres_admin_url: str, postgres_migration_script: str) -> Iterator[PostgresSchemaPool]:
    """The :class:`PostgresSchemaPool` of this test process."""
    with ExitStack() as stack:
        yield PostgresSchemaPool(postgres_admin_url, postgres_migration_script, stack)


def _migrated(url: str, request: pytest.FixtureRequest) -> None:
    """Bring a fresh database to the newest revision the quick way when nothing created it yet:
    a copy of the migrated SQLite file, or the recorded migration run in the PostgreSQL schema."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None and not path.exists():
            shutil.copyfile(request.getfixturevalue("migrated_sqlite_file"), path)
        return
    script = request.getfixturevalue("postgres_migration_script")
    engine = create_engine(parsed)
    try:
        with engine.begin() as connection:
            if not inspect(connection).get_table_names():
                connection.exec_driver_sql(script)
    finally:
        engine.dispose()


def _sessions_on(url: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    _migrated(url, request)
    engine = open_database(url)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def sessions(database_url: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    """A session factory on a fresh, migrated database (each backend)."""
    yield from _sessions_on(database_url, request)


def _schema(url: str) -> str:
    """The schema a :func:`fresh_postgres_url` URL searches."""
    return str(make_url(url).query["options"]).removeprefix("-csearch_path=")


def copy_database(template_url: str, url: str, request: pytest.FixtureRequest) -> None:
    """Make the fresh database at ``url`` a copy of the migrated one at ``template_url`` (same
    backend, nothing connected to the template): the SQLite file copied, or on PostgreSQL the
    migration replayed in the new schema and each table's rows copied over, sequences included."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        target = sqlite_file(url)
        source = sqlite_file(template_url)
        assert target is not None and source is not None and not target.exists()
        shutil.copyfile(source, target)
        return
    _migrated(url, request)
    source_schema, target_schema = _schema(template_url), _schema(url)
    engine = create_engine(parsed)
    try:
        with engine.begin() as connection:
            tables = MetaData()
            tables.reflect(connection)
            names = [table.name for table in tables.sorted_tables]
            connection.exec_driver_sql("TRUNCATE " + ", ".join(f'"{target_schema}"."{name}"' for name in names))
            _copy_rows(connection, source_schema, target_schema, names)
    finally:
        engine.dispose()


class DatabaseTemplates:
    """Databases built once (on each backend, by name) for tests to copy: a store of many
    ingested articles that several tests start from is ingested once, not in each test."""

    def __init__(self, request: pytest.FixtureRequest, stack: ExitStack) -> None:
        self._request = request
        self._stack = stack
        self._built: dict[tuple[str, str], tuple[str, Any]] = {}

    def copy(self, name: str, build: Callable[[sessionmaker[Session]], Any], into: str) -> Any:
        """Make the fresh database ``into`` a copy of the template ``name`` on its backend, which
        ``build`` fills (on a fresh, migrated database) the first time; returns what ``build`` returned."""
        built = self.value(name, build, like=into)
        copy_database(self.url(name, like=into), into, self._request)
        return built

    def url(self, name: str, like: str) -> str:
        """The URL of the template ``name`` (built) on the backend of the URL ``like``."""
        return self._built[make_url(like).get_backend_name(), name][0]

    def value(self, name: str, build: Callable[[sessionmaker[Session]], Any], like: str) -> Any:
        """What ``build`` returned building the template ``name`` on the backend of the URL ``like``
        (building it now if it is not yet)."""
        backend = make_url(like).get_backend_name()
        if (backend, name) not in self._built:
            if backend == "sqlite":
                folder = self._request.getfixturevalue("tmp_path_factory").mktemp("template")
                url = f"sqlite:///{folder / 'castwire.sqlite'}"
            else:
                url = self._stack.enter_context(_generated(fresh_postgres_url(
                    self._request.getfixturevalue("postgres_admin_url"))))
            with ExitStack() as engine:
                sessions = engine.enter_context(_generated(_sessions_on(url, self._request)))
                self._built[backend, name] = url, build(sessions)
        return self._built[backend, name][1]


@contextmanager
def _generated(generator: Iterator[Any]) -> Iterator[Any]:
    """A one-value generator fixture (its clean-up after the value) as a context manager."""
    yield from generator


@pytest.fixture(scope="module")
def database_templates(request: pytest.FixtureRequest) -> Iterator[DatabaseTemplates]:
    """Templates of this test module (:class:`DatabaseTemplates`), dropped after it."""
    with ExitStack() as stack:
        yield DatabaseTemplates(request, stack)


@pytest.fixture
def postgres_sessions(postgres_url: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    """A session factory on a fresh, migrated PostgreSQL schema."""
    yield from _sessions_on(postgres_url, request)


@pytest.fixture(scope="session")
def fixture_web() -> Iterator[str]:
    """The local fixture web (tests/fixtures/sites) on 127.0.0.1; yields its base URL."""
    with serve_folder(FIXTURES / "sites") as base:
        yield base


@pytest.fixture(scope="session")
def sample_web() -> Iterator[str]:
    """The bundled demo web on 127.0.0.1; yields its base URL."""
    with serve_folder(SAMPLE_WEB / "site") as base:
        yield base


@pytest.fixture
def sample_catalogue(sample_web: str, tmp_path: Path) -> Path:
    """The demo catalogue with its URLs pointing at the served sample web."""
    path = tmp_path / "sources.toml"
    text = (SAMPLE_WEB / "sources.toml").read_text("utf-8").replace("{{BASE}}", sample_web)
    path.write_text(text, "utf-8")
    return path



@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis (``CASTWIRE_TEST_REDIS_URL``), reachable."""
    url = _configured(REDIS_ENV, "Redis")
    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        _missing_service(f"Redis at {url} unreachable: {exc}")
    finally:
        client.close()
    return url


@pytest.fixture
def frontier(redis_url: str) -> Iterator[cluster.Frontier]:
    """A distributed-crawl frontier under a unique key prefix, deleted afterwards."""
    front = cluster.Frontier(redis.Redis.from_url(redis_url), f"cwtest:{uuid.uuid4().hex[:12]}")
    yield front
    front.clear()
    front.client.close()


@dataclass
class SmtpInbox:
    """A real SMTP server on 127.0.0.1 (no TLS, no login) and the messages it received."""

    port: int
    received: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        self.received.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp_inbox() -> Iterator[SmtpInbox]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SmtpInbox(port)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files with the most end-to-end crawls (``slow``) first, then those with the most database
    tests, the rest in their order: under ``--dist loadfile --no-loadscope-reorder`` each worker
    starts on a long file and the short ones fill in at the end. (xdist's own order, by number of
    tests, left the crawl files, which have few tests each, for last, on one worker.)"""
    weight: dict[str, tuple[int, int]] = {}
    for item in items:
        slow, databases = weight.get(item.nodeid.split("::")[0], (0, 0))
        weight[item.nodeid.split("::")[0]] = (
            slow + (item.get_closest_marker("slow") is not None),
            databases + bool({"database_url", "postgres_url"} & set(getattr(item, "fixturenames", ()))),
        )
    order = {path: index for index, path in enumerate(weight)}
    items.sort(key=lambda item: (*(-n for n in weight[item.nodeid.split("::")[0]]), order[item.nodeid.split("::")[0]]))
