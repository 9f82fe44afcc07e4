"""Runtime configuration, built once from the environment and passed down.

Nothing here is read at import time: call :meth:`Settings.from_env` where a
program starts (the CLI, a Scrapy component's ``from_crawler``) and hand the
result to whatever needs it.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import platformdirs

from pipeline.errors import UserError

N = TypeVar("N", int, float)
T = TypeVar("T")

APP_NAME = "castwire"

#: Who castwire says it is to the sites it fetches from, unless ``CASTWIRE_USER_AGENT`` says otherwise.
DEFAULT_USER_AGENT = "castwire/0.1 (+https://github.com/castwire/castwire; casting news aggregator)"
#: Seconds a crawl waits for a page (Scrapy's ``DOWNLOAD_TIMEOUT`` in ``scrapers/settings.py``): a
#: crawl told to stop lets the pages it is transferring finish, so its stop may take this long.
DEFAULT_DOWNLOAD_TIMEOUT = 30


_QUERY_SECRET = re.compile(r"([?&](?:password|pass|pwd)=)[^&#]*", re.IGNORECASE)


def masked_url(url: str) -> str:
    """``url`` as it may be shown (an error, a log line): its password replaced by ``***``,
    in the user part (``redis://:pw@host``, ``redis://user:pw@host``) and in a
    ``?password=`` query parameter as redis-py reads it. A URL whose form is not understood
    loses everything before its last ``@`` instead."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    at = rest.rfind("@")
    if at >= 0:
        userinfo = rest[:at]
        user, colon, _ = userinfo.partition(":")
        shown = f"{user}:***" if colon and "/" not in user and "?" not in user else "***"
        rest = f"{shown}{rest[at:]}"
    return _QUERY_SECRET.sub(r"\1***", f"{scheme}{sep}{rest}")


def default_data_dir() -> Path:
    """Where castwire keeps its SQLite database unless told otherwise."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_url(data_dir: Path | None = None) -> str:
    return f"sqlite:///{(data_dir or default_data_dir()) / 'castwire.sqlite'}"


@dataclass(frozen=True)
class Settings:
    """Everything castwire needs to know about where and how it runs.

    Environment variables (all optional):

    ``DATABASE_URL`` / ``CASTWIRE_DATABASE_URL``
        SQLAlchemy URL; default a SQLite file in the user data directory.
    ``CASTWIRE_SOURCES``
        a TOML catalogue replacing the packaged default.
    ``CASTWIRE_TIMEZONE``
        the digest's timezone (default ``UTC``).
    ``CASTWIRE_MAX_CRAWLS``
        how many source crawls run at once (default 2).
    ``CASTWIRE_CRAWL_TIMEOUT``
        seconds before a crawl subprocess is terminated (default 1800).
    ``CASTWIRE_USER_AGENT``
        the User-Agent of crawls and one-off fetches (default :data:`DEFAULT_USER_AGENT`),
        so that a site's operators can reach whoever runs the crawler.
    ``CASTWIRE_REDIS_URL``
        enables distributed mode.
    ``CASTWIRE_REDIS_PREFIX``
        prefix of castwire's Redis keys (default ``castwire``), to share one Redis.

    Scheduler (``castwire schedule``, see :mod:`pipeline.scheduler`):

    ``CASTWIRE_DIGEST_TIME``
        local time (``HH:MM``, in ``CASTWIRE_TIMEZONE``) of the daily digest (default 07:00).
    ``CASTWIRE_KEEP_RUNS_DAYS``
        crawl runs older than this are pruned by housekeeping (default 90).
    ``CASTWIRE_SHUTDOWN_GRACE``
        seconds running crawls may take to finish after SIGTERM/SIGINT (default 120).

    E-mail (``castwire digest --email``, see :mod:`pipeline.mailer`):

    ``CASTWIRE_SMTP_HOST``, ``CASTWIRE_SMTP_PORT``, ``CASTWIRE_SMTP_SECURITY``
        server, port (default 587 / 465 / 25) and ``starttls`` (default), ``ssl`` or ``none``.
    ``CASTWIRE_SMTP_USER``, ``CASTWIRE_SMTP_PASSWORD``
        login, when the server wants one (the password never appears in a repr or a log).
    ``CASTWIRE_SMTP_FROM``, ``CASTWIRE_SMTP_TO``
        sender and recipients (an address list: comma-separated, a display name holding a comma
        in quotes).
    """

    database_url: str
    sources_file: Path | None = None
    timezone: str = "UTC"
    max_crawls: int = 2
    crawl_timeout: float = 1800.0
    user_agent: str = DEFAULT_USER_AGENT
    redis_url: str | None = None
    redis_prefix: str = "castwire"
    watch_file: Path | None = None
    aliases_file: Path | None = None
    # --- scheduler (pipeline/scheduler.py) ---
    digest_time: str = "07:00"
    keep_runs_days: int = 90
    shutdown_grace: float = 120.0
    # --- e-mail (pipeline/mailer.py) ---
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str | None = None
    smtp_to: str | None = None
    #: settings only some commands use (the User-Agent, the SMTP port) that were given in a form
    #: they cannot take: (variable, its one-line error). The field keeps its default; the commands
    #: that use it stop with the error (:meth:`checked`), the others (an export, a digest) do not
    malformed: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, running: bool = True) -> Settings:
        """The configuration ``env`` (default: the process environment) gives. A value that is
        not what a setting takes is a UserError; with ``running`` False, the settings only
        crawls and the scheduler read (``CASTWIRE_MAX_CRAWLS``, ``…_CRAWL_TIMEOUT``,
        ``…_KEEP_RUNS_DAYS``, ``…_SHUTDOWN_GRACE``) keep their defaults instead, so a typo in
        one does not stop an export. A malformed ``CASTWIRE_SMTP_PORT`` (and with ``running``
        False ``CASTWIRE_USER_AGENT``) stops only the commands that use it: see :meth:`checked`."""
        env = os.environ if env is None else env
        malformed: list[tuple[str, str]] = []

        def positive(name: str, default: N) -> N:
            try:
                return _positive(env, name, default)
            except UserError:
                if running:
                    raise
                return default

        def used_by_some(name: str, read: Callable[[Mapping[str, str]], T], default: T, strict: bool) -> T:
            try:
                return read(env)
            except UserError as exc:
                if strict:
                    raise
                malformed.append((name, str(exc)))
                return default

        sources = env.get("CASTWIRE_SOURCES")
        data_dir = Path(env["CASTWIRE_DATA_DIR"]) if env.get("CASTWIRE_DATA_DIR") else None
        config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        return cls(
            database_url=(
                env.get("CASTWIRE_DATABASE_URL")
                or env.get("DATABASE_URL")
                or default_database_url(data_dir)
            ),
            sources_file=Path(sources) if sources else None,
            timezone=env.get("CASTWIRE_TIMEZONE", "UTC"),
            max_crawls=positive("CASTWIRE_MAX_CRAWLS", 2),
            crawl_timeout=positive("CASTWIRE_CRAWL_TIMEOUT", 1800.0),
            user_agent=used_by_some("CASTWIRE_USER_AGENT", _user_agent, DEFAULT_USER_AGENT, running),
            redis_url=env.get("CASTWIRE_REDIS_URL") or None,
            redis_prefix=env.get("CASTWIRE_REDIS_PREFIX") or "castwire",
            watch_file=Path(env.get("CASTWIRE_WATCH_FILE") or config_dir / "watch.toml"),
            aliases_file=Path(env.get("CASTWIRE_ALIASES_FILE") or config_dir / "aliases.toml"),
            # --- scheduler (pipeline/scheduler.py) ---
            digest_time=env.get("CASTWIRE_DIGEST_TIME", "07:00"),
            keep_runs_days=positive("CASTWIRE_KEEP_RUNS_DAYS", 90),
            shutdown_grace=positive("CASTWIRE_SHUTDOWN_GRACE", 120.0),
            # --- e-mail (pipeline/mailer.py) ---
            smtp_port=used_by_some("CASTWIRE_SMTP_PORT", _smtp_port, None, False),
            **_smtp_from_env(env),
            malformed=tuple(malformed),
        )

    def checked(self, *names: str) -> Settings:
        """These settings, when those of ``names`` (environment variables) that a command is about
        to use were given in a form they take; else the one-line UserError of the first that was not."""
        for name, error in self.malformed:
            if name in names:
                raise UserError(error)
        return self

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the given fields replaced (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def crawl_settings(self) -> list[str]:
        """The Scrapy settings (``NAME=VALUE``) a crawl subprocess takes from this configuration."""
        return [f"USER_AGENT={self.checked('CASTWIRE_USER_AGENT').user_agent}"]

    def child_env(self) -> dict[str, str]:
        """Environment for a crawl subprocess so it sees the same configuration."""
        env = {
            "CASTWIRE_DATABASE_URL": self.database_url,
            "CASTWIRE_TIMEZONE": self.timezone,
            "SCRAPY_SETTINGS_MODULE": "scrapers.settings",
        }
        if self.sources_file:
            env["CASTWIRE_SOURCES"] = str(self.sources_file)
        if self.redis_url:
            env["CASTWIRE_REDIS_URL"] = self.redis_url
            env["CASTWIRE_REDIS_PREFIX"] = self.redis_prefix
        return env


def _positive(env: Mapping[str, str], name: str, default: N) -> N:
    """The positive number ``name`` sets (whole when ``default`` is), else ``default``."""
    text = env.get(name, "").strip()
    if not text:
        return default
    kind = type(default)
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or not (value > 0 and math.isfinite(value)):
        what = "a whole number" if kind is int else "a number of seconds"
        raise UserError(f"{name}: not {what} above 0: {text!r}")
    return value


def _user_agent(env: Mapping[str, str]) -> str:
    """``CASTWIRE_USER_AGENT``: one line of printable ASCII, as an HTTP header must be."""
    text = env.get("CASTWIRE_USER_AGENT", "").strip()
    if not text:
        return DEFAULT_USER_AGENT
    if not (text.isascii() and text.isprintable()):
        raise UserError(f"CASTWIRE_USER_AGENT: an HTTP header takes one line of printable ASCII, not {text!r}")
    return text


def _smtp_port(env: Mapping[str, str]) -> int | None:
    """``CASTWIRE_SMTP_PORT``: a port number, None when unset (the security's default)."""
    port = env.get("CASTWIRE_SMTP_PORT", "").strip()
    if not port:
        return None
    if not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise UserError(f"CASTWIRE_SMTP_PORT: not a port number (1 to 65535): {port!r}")
    return int(port)


def _smtp_from_env(env: Mapping[str, str]) -> dict[str, object]:
    """The other SMTP fields of :class:`Settings` (checked when a mail is sent, not here)."""
    return {
        "smtp_host": env.get("CASTWIRE_SMTP_HOST") or None,
        "smtp_security": (env.get("CASTWIRE_SMTP_SECURITY") or "starttls").strip().lower(),
        "smtp_user": env.get("CASTWIRE_SMTP_USER") or None,
        "smtp_password": env.get("CASTWIRE_SMTP_PASSWORD") or None,
        "smtp_from": env.get("CASTWIRE_SMTP_FROM") or None,
        "smtp_to": env.get("CASTWIRE_SMTP_TO", "").strip() or None,  # an address list: the mailer reads it
    }
