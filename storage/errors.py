"""The storage layer's own error, apart so that catching it (the ``castwire`` command does, for
every command) imports neither SQLAlchemy nor Alembic."""

from __future__ import annotations


class DatabaseError(Exception):
    """The database cannot be used (bad URL, unreachable server, unwritable file)."""
