"""Re-running a whole transaction when the database is briefly unavailable.

A transaction that failed because SQLite stayed locked past its busy timeout,
because a PostgreSQL server restarted or because its connection was killed is
rolled back completely by the database; running the same unit of work again
from the start is therefore safe (and idempotent upserts make it harmless if
the first attempt did commit but the acknowledgement was lost).

On PostgreSQL, a foreign key violation is retried too: castwire never writes a
reference to a row it has not read, so the row was deleted by a concurrent
transaction since (another crawl merging the entity an article names into
another one); the next attempt reads the merged state.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage.db import transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")

# serialization failure, deadlock, admin/crash shutdown, cannot connect now, and a
# row referenced by this transaction deleted by a concurrent one (see above)
_RETRYABLE_SQLSTATES = {"40001", "40P01", "57P01", "57P02", "57P03", "23503"}
_SQLITE_TRANSIENT = ("database is locked", "database is busy", "database table is locked")


def is_transient(exc: DBAPIError) -> bool:
    """Whether ``exc`` is a temporary condition worth retrying the transaction for."""
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate and (sqlstate in _RETRYABLE_SQLSTATES or sqlstate.startswith("08")):
        return True
    module = type(orig).__module__ if orig is not None else ""
    if module.startswith("sqlite3"):
        return isinstance(exc, OperationalError) and any(
            text in str(orig).lower() for text in _SQLITE_TRANSIENT
        )
    # psycopg raises OperationalError (without a SQLSTATE) for lost or refused connections.
    return module.startswith("psycopg") and isinstance(exc, OperationalError) and not sqlstate


def run_in_transaction(
    sessions: sessionmaker[Session],
    work: Callable[[Session], T],
    *,
    attempts: int = 6,
    backoff: float = 0.25,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[int, DBAPIError], None] | None = None,
) -> T:
    """Run ``work(session)`` in one transaction, retrying transient failures.

    Waits ``backoff``, 2×``backoff``, 4×… seconds between attempts (about 8 s in
    all with the defaults). A non-transient error, or the last transient one,
    propagates unchanged.
    """
    for attempt in range(1, attempts + 1):
        try:
            with transaction(sessions) as session:
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            reason = (str(exc.orig or exc).strip().splitlines() or [type(exc).__name__])[0]
            logger.warning("transaction rolled back, running it again (attempt %d of %d): %s",
                           attempt, attempts, reason)
            if on_retry is not None:
                on_retry(attempt, exc)
            sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover
