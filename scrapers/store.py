"""How Scrapy components reach the database (settings read once, in from_crawler)."""

from __future__ import annotations

from scrapy.settings import BaseSettings
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings
from storage.db import open_database, session_factory


def database_url(settings: BaseSettings) -> str:
    """The crawl's database: ``CASTWIRE_DATABASE_URL`` (``-s``), else the environment's."""
    return settings.get("CASTWIRE_DATABASE_URL") or Settings.from_env().database_url


def open_sessions(url: str, *, pre_ping: bool = True) -> sessionmaker[Session]:
    """A session factory on a migrated database (cheap to call more than once);
    ``pre_ping``: see :func:`storage.db.create_db_engine`."""
    return session_factory(open_database(url, pre_ping=pre_ping))
