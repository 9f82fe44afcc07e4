"""What the CLI commands share: the context object and small option helpers."""

from __future__ import annotations

import errno
import io
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO

import click
from rich.console import Console

from pipeline.config import Settings
from pipeline.errors import UserError, checked_year

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from pipeline.sources import Catalogue


@dataclass
class Context:
    settings: Settings
    console: Console  # stderr: progress and messages
    verbosity: int = 0  # -q: -1, -v: 1, -vv: 2 (what a crawl process's log shows)
    _engines: list[Engine] = field(default_factory=list, repr=False)

    def catalogue(self) -> Catalogue:
        from pipeline.sources import load_catalogue

        return load_catalogue(self.settings.sources_file)

    def engine(self, *, migrate: bool | Literal["empty"] = True, existing: bool = False) -> Engine:
        """The database (migrated to the newest schema unless ``migrate`` is False or "empty":
        see :func:`storage.db.open_database`), closed by :meth:`close` when the command ends;
        ``existing``: for commands that only read it, a SQLite file that is not there is an
        error (a mistyped path), not a new database."""
        from storage.db import open_database

        engine = open_database(self.settings.database_url, migrate=migrate, existing=existing)
        self._engines.append(engine)
        return engine

    def sessions(self, *, existing: bool = False) -> sessionmaker[Session]:
        """Sessions on the database; ``existing``: for commands that read what is stored (and
        store no crawl): the database must be there, and an older schema is not migrated under
        the older castwire processes that may share it, but refused with "run castwire db upgrade"."""
        from storage.db import session_factory

        return session_factory(self.engine(migrate="empty" if existing else True, existing=existing))

    def close(self) -> None:
        """Close the database connections the command opened."""
        while self._engines:
            self._engines.pop().dispose()


pass_context = click.make_pass_decorator(Context)


class StdoutConsole(Console):
    """A rich console on standard output (tables, listings). Its reader stopping before the end
    (``| head``) ends the command as every other write there does (see ``pipeline.cli``), not
    with rich's own exit status 1."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


#: What writing to standard output closed when castwire started (``>&-``) says.
STDOUT_CLOSED = "cannot write standard output: it is closed"


class _ClosedOutput(io.RawIOBase):
    """Where standard output goes when it was closed at start: its first write is the error
    (what is still buffered then goes nowhere, at exit too, with no second error)."""

    def __init__(self) -> None:
        super().__init__()
        self.said = False

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        if not self.said:
            self.said = True
            raise UserError(f"{STDOUT_CLOSED} (send it to a file, or to /dev/null to discard it)")
        return memoryview(data).nbytes


class ClosedStdout(io.TextIOWrapper):
    """``sys.stdout`` for a castwire started with standard output closed (Python's None, where
    click.echo and rich drop what they print and the command exits 0 as if its output was
    read): every command that writes there fails alike, at its first write (see ``CastwireGroup``)."""

    def __init__(self) -> None:
        super().__init__(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")


def standard_output() -> TextIO:
    """``sys.stdout`` for an output a command can also write to a file (its ``buffer`` for
    bytes): closed when castwire started, that is an error before anything is computed or
    written, which names ``--out``."""
    if isinstance(sys.stdout, ClosedStdout):
        raise UserError(f"{STDOUT_CLOSED} (give --out FILE)")
    return sys.stdout


def parse_when(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option}: not a date or time like 2026-11-24 or 2026-11-24T07:00: {text!r}") from None
    checked_year(value, option)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def not_blank(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """An option naming something (``--show``, ``--person``): empty or blank (a variable left
    empty in a scheduled pull) is a mistyped command line, status 2, not a filter that
    matches nothing (or everything)."""
    if value is not None and not value.strip():
        raise click.BadParameter(f"{'blank' if value else 'empty'}: give a name")
    return value


_SETTING = re.compile(r"[A-Z][A-Z0-9_]*=")


def _check_scrapy_settings(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not _SETTING.match(value):
            raise click.BadParameter(f"not NAME=VALUE with a Scrapy setting name, like DOWNLOAD_DELAY=2: {value!r}")
        name, _, given = value.partition("=")
        wanted = _SETTING_KINDS.get(name)  # other settings pass as given
        if wanted is not None and not _reads_as(wanted, given):
            raise click.BadParameter(f"{name} takes {_KIND_WORDS[wanted]}, not {given!r}")
        if name in _AT_LEAST_ONE and int(given) < 1:
            raise click.BadParameter(f"{name} takes a whole number of 1 or more, not {given!r}")
    return values


_KIND_WORDS = {bool: "True or False", int: "a whole number", float: "a number"}

#: The kind of value the crawl settings a user most often sets take: castwire's own
#: (``scrapers/settings.py``) and Scrapy's (its documentation). Others are passed on as given;
#: the crawl reads them (pipeline/ imports neither scrapy nor scrapers).
_SETTING_KINDS: dict[str, type] = {
    **dict.fromkeys(("ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_DEBUG", "COOKIES_ENABLED",
                     "HTTPCACHE_ENABLED", "RETRY_ENABLED", "REDIRECT_ENABLED", "TELNETCONSOLE_ENABLED",
                     "RANDOMIZE_DOWNLOAD_DELAY", "CASTWIRE_IGNORE_SITEMAP_AGE"), bool),
    **dict.fromkeys(("DOWNLOAD_DELAY", "DOWNLOAD_TIMEOUT", "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY",
                     "AUTOTHROTTLE_TARGET_CONCURRENCY", "CASTWIRE_RETRY_BACKOFF",
                     "CASTWIRE_RETRY_BACKOFF_MAX", "CASTWIRE_RETRY_AFTER_MAX", "CASTWIRE_CRAWL_DELAY_MAX",
                     "CASTWIRE_HEARTBEAT_INTERVAL", "CASTWIRE_HEARTBEAT_TTL", "CASTWIRE_DUPEFILTER_DAYS",
                     "CASTWIRE_WORKER_POLL_INTERVAL"), float),
    **dict.fromkeys(("CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "CONCURRENT_REQUESTS_PER_IP",
                     "RETRY_TIMES", "REDIRECT_MAX_TIMES", "DEPTH_LIMIT", "DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE",
                     "CLOSESPIDER_PAGECOUNT", "CLOSESPIDER_ITEMCOUNT", "CLOSESPIDER_TIMEOUT",
                     "CLOSESPIDER_ERRORCOUNT", "CASTWIRE_EXTRACT_WORKERS", "CASTWIRE_WORKER_MAX_IN_FLIGHT"), int),
}


#: Settings with no meaning below 1: a crawl would fetch nothing, a worker that may hold no request
#: take none (its in-flight limit defaults to four times CONCURRENT_REQUESTS).
_AT_LEAST_ONE = frozenset({"CASTWIRE_WORKER_MAX_IN_FLIGHT", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN"})


def _reads_as(kind: type, text: str) -> bool:
    """Whether Scrapy's ``Settings.getbool``/``getint``/``getfloat`` read ``text`` as ``kind``."""
    if kind is bool:
        return text in ("True", "False", "true", "false", "1", "0")
    return (_WHOLE if kind is int else _NUMBER).fullmatch(text.strip()) is not None


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_WHOLE = re.compile(r"[+-]?\d+")


#: ``-s/--set NAME=VALUE``: a Scrapy setting for the crawls a command starts, as ``scrapy crawl -s``.
scrapy_settings_option = click.option(
    "-s", "--set", "scrapy_settings", multiple=True, metavar="NAME=VALUE", callback=_check_scrapy_settings,
    help="A Scrapy setting for the crawls, as `scrapy crawl -s` takes it (repeatable), e.g. -s DOWNLOAD_DELAY=2.")


def make_folder(folder: Path, option: str = "--log-dir") -> None:
    """Create the folder an option names, writable (a user error when it cannot be)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{option}: cannot create {folder}: {exc.strerror or exc}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"{option}: cannot write in {folder}")
