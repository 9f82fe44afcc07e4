"""Column types shared by the models."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import repeat
from typing import Any

from sqlalchemy import DateTime, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL stores ``timestamptz``; SQLite stores text without an offset, so
    values are converted to UTC on the way in and marked UTC on the way out.
    Naive datetimes are refused: every time in castwire knows its zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: castwire stores aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class ArrayLiteral(TypeDecorator[Sequence[Any]]):
    """A list of strings or integers sent to PostgreSQL as the text of an array (``{1,2}``,
    ``{"a","b"}``), which the statement casts to the array type it needs.

    psycopg adapts a list element by element in Python, microseconds each, and the per-article
    statements bind lists of dozens of keys and lock ids: as one string they cost a join.
    Strings are quoted with ``"`` and ``\\`` escaped, as PostgreSQL reads array elements.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Sequence[Any] | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, list | tuple):
            value = list(value)  # a generator is read once
        if all(map(isinstance, value, repeat(int))):  # integers, booleans (True reads as true)
            return "{" + ",".join(map(str, value)) + "}"
        return "{" + ",".join([_quoted(item) for item in value]) + "}"


def _quoted(text: str | int | None) -> str:
    """An array element as PostgreSQL reads it: NULL, an integer, or a quoted string."""
    if text is None:
        return "NULL"
    if isinstance(text, int):
        return str(text)
    if not isinstance(text, str):
        raise TypeError(f"ArrayLiteral takes integers or strings, not {type(text).__name__}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
