"""The declarative base every stored table shares, and the store's clock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import DeclarativeBase


def utcnow() -> dt.datetime:
    """Now in UTC, without a time zone (as every ``DateTime`` column holds it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


#: The largest id an ``Integer`` primary key holds (PostgreSQL ``integer``).
MAX_ID = 2**31 - 1


class Base(DeclarativeBase):
    pass
