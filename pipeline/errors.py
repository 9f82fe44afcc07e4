"""Errors a user can cause and fix; the CLI prints them as one line and exits 1."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

#: The years a date the user gives may fall in: news dates, with room on both sides (a date
#: near year 1 or 9999 cannot be moved to another time zone or stored).
USER_YEARS = range(1900, 2200)


class UserError(Exception):
    """A problem with the user's input or environment (bad file, unknown source, no database)."""


#: What :func:`error_line` puts before the message.
ERROR_PREFIX = "castwire: error: "


def error_line(exc: Exception) -> str:
    """How castwire's commands print a user error (a :class:`UserError`, a database it cannot use)."""
    return f"{ERROR_PREFIX}{exc}"


class ReaderGone(Exception):  # noqa: N818 (what happened)
    """The reader of a pipe castwire writes its output to (``--out FIFO``, ``--out /dev/stdout``)
    went away: the command ends as when standard output's reader does (``pipeline.cli``)."""


class Terminated(BaseException):  # noqa: N818 (what happened, as KeyboardInterrupt says)
    """SIGTERM arrived while a command ran: raised so that what it was writing (a half-written
    file, a transaction) is undone on the way out (not an Exception: nothing may swallow it)."""


@contextmanager
def terminated_by_sigterm() -> Iterator[None]:
    """SIGTERM (kill, a timeout, a service manager) raises :class:`Terminated` in the main thread
    while this lasts; elsewhere (a thread cannot take signals) it changes nothing."""
    def terminate(_signum: int, _frame: object) -> None:
        raise Terminated

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def checked_year(value: date, option: str) -> None:
    """Refuse a date or time the user gave (``option``) outside :data:`USER_YEARS`."""
    if value.year not in USER_YEARS:
        raise UserError(f"{option}: {value.isoformat()} is not between the years "
                        f"{USER_YEARS.start} and {USER_YEARS.stop - 1}")


class TemporaryMailError(UserError):
    """An e-mail not sent for a reason that may pass: the server unreachable, a 4xx answer, a
    dropped connection."""


def process_end(returncode: int | None) -> str:
    """How a child process ended: "killed by SIGKILL", "exited with status 1"."""
    if returncode is not None and returncode < 0 and -returncode in signal.valid_signals():
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exited with status {returncode}"


def one_line(exc: BaseException) -> str:
    """An error as one line for a log or the crawl run: its type and the first line of its
    message (a database driver's runs over several, with hints and links)."""
    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy's DBAPIError wraps the driver's
    first = next((line.strip() for line in str(cause).splitlines() if line.strip()), "")
    return f"{type(cause).__name__}: {first}" if first else type(cause).__name__
