"""One scheduler per database: a lock that dies with its process.

Two schedulers on one database would run every job twice, so ``castwire
schedule`` takes this lock before it touches the job store and refuses to start
when it is held.

* **PostgreSQL**: a session-level advisory lock (``pg_try_advisory_lock``) held
  on a dedicated connection for the scheduler's lifetime. The server releases
  it the moment that connection ends — including when the process is killed or
  the connection is terminated — so a lock can never be left behind. The key is
  derived from the database and schema names, so schedulers of different
  castwire databases on one server do not block each other. :meth:`check`
  notices a lost connection and takes the lock again (or reports that another
  scheduler took it meanwhile).
* **SQLite**: an exclusive ``flock`` on ``<database>.scheduler.lock`` next to the
  database file. The kernel drops it when the process exits for any reason
  (even SIGKILL), so, unlike a lock row with a lease and heartbeat, there is
  no stale lock to expire and no clock to trust. The file holds the owner's pid
  and start time for the refusal message. (Like SQLite itself this needs a
  local file system.)
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from pipeline.errors import UserError

logger = logging.getLogger(__name__)


class SchedulerAlreadyRunning(UserError):
    """Another scheduler holds the lock of this database."""


class SchedulerLock(Protocol):
    def acquire(self) -> None: ...

    def check(self) -> bool:
        """False when the lock was lost to another scheduler (this one must stop)."""
        ...

    def release(self) -> None: ...


#: The scheduler's PostgreSQL application name, "castwire PID@HOST" (63 characters at most: room
#: for a host name of 47).
_APPLICATION = "castwire"
_NAMED = re.compile(rf"{_APPLICATION} (?P<pid>\d+)@(?P<host>.+)")


def _owner(started: datetime) -> str:
    """Who holds the lock, as a second scheduler is told."""
    return f"on {socket.gethostname()}, pid {os.getpid()}, started {started:%Y-%m-%d %H:%M} UTC"


class FileLock:
    """An exclusive ``flock`` on a file next to the SQLite database."""

    def __init__(self, path: Path, database: str) -> None:
        self.path = path
        self.database = database
        self.fd: int | None = None
        self.started = datetime.now(UTC)

    def acquire(self) -> None:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 300, 0).decode("utf-8", "replace").strip() or "unknown process"
            os.close(fd)
            raise SchedulerAlreadyRunning(
                f"another castwire scheduler is already running on {self.database} ({holder}); "
                f"stop it first (lock: {self.path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, _owner(self.started).encode(), 0)
        self.fd = fd

    def check(self) -> bool:
        return self.fd is not None

    def release(self) -> None:
        if self.fd is None:
            return
        import fcntl

        os.ftruncate(self.fd, 0)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None


class NoLock:
    """An in-memory SQLite database cannot be shared: nothing to lock."""

    def acquire(self) -> None:
        return

    def check(self) -> bool:
        return True

    def release(self) -> None:
        return


class AdvisoryLock:
    """A PostgreSQL session advisory lock on a dedicated connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.connection: Connection | None = None
        self.key: int | None = None
        self.where = engine.url.render_as_string(hide_password=True)
        self.started = datetime.now(UTC)  # the scheduler's start, not a reconnection's

    def _connect(self) -> Connection:
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        connection.detach()  # its own connection, closed (lock released) when we are done with it
        connection.execute(text("SELECT set_config('application_name', :name, false)"),
                           {"name": f"{_APPLICATION} {os.getpid()}@{socket.gethostname()}"[:63]})
        if self.key is None:
            database, schema = connection.execute(
                text("SELECT current_database(), current_schema()")).one()
            digest = hashlib.sha256(f"castwire-scheduler:{database}:{schema}".encode()).digest()
            self.key = int.from_bytes(digest[:8], "big", signed=True)
        return connection

    def _try_lock(self, connection: Connection) -> bool:
        return bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar_one())

    def _holder(self, connection: Connection) -> str:
        assert self.key is not None
        unsigned = self.key & 0xFFFFFFFFFFFFFFFF
        row = connection.execute(text(
            "SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :high AND l.objid = :low "
            "AND l.objsubid = 1 LIMIT 1"
        ), {"high": unsigned >> 32, "low": unsigned & 0xFFFFFFFF}).first()
        # the holder's connection was opened as it started: its start time is the server's to tell
        named = _NAMED.fullmatch(row[0] or "") if row else None
        if named is None:
            return "unknown process"
        return f"on {named['host']}, pid {named['pid']}, started {row[1].astimezone(UTC):%Y-%m-%d %H:%M} UTC"

    def acquire(self) -> None:
        connection = self._connect()
        if not self._try_lock(connection):
            holder = self._holder(connection)
            connection.close()
            raise SchedulerAlreadyRunning(
                f"another castwire scheduler is already running on {self.where} ({holder}); stop it first"
            )
        self.connection = connection

    def check(self) -> bool:
        if self.connection is not None:
            try:
                self.connection.execute(text("SELECT 1"))
                return True
            except DBAPIError as exc:
                logger.warning("scheduler lock connection lost (%s); taking the lock again",
                               type(exc.orig or exc).__name__)
                self.connection.invalidate()
                self.connection.close()
                self.connection = None
        try:
            self.acquire()
        except SchedulerAlreadyRunning as exc:
            logger.error("%s", exc)
            return False
        except DBAPIError as exc:
            logger.warning("cannot take the scheduler lock yet: %s", type(exc).__name__)
        return True

    def release(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
        except DBAPIError as exc:
            logger.warning("could not release the scheduler lock (the server drops it anyway): %s",
                           type(exc).__name__)
        finally:
            self.connection.close()
            self.connection = None


def scheduler_lock(engine: Engine) -> SchedulerLock:
    """The right lock for the engine's database."""
    url = engine.url
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    if engine.dialect.name == "sqlite":
        database = url.database or ""
        if not database or database == ":memory:" or "mode=memory" in str(url):
            return NoLock()
        # the real file: a symbolic link (or a relative path) to it names the same lock
        path = Path(database.removeprefix("file:").split("?", 1)[0]).expanduser().resolve()
        return FileLock(path.with_name(path.name + ".scheduler.lock"), str(path))
    raise UserError(f"the scheduler does not support {engine.dialect.name} databases")
