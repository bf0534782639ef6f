"""Whether the store answers at all (for ``/healthz``)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError


def is_reachable(engine: Engine) -> bool:
    """True when a connection opens and answers a trivial query."""
    try:
        with engine.connect() as conn:
            conn.execute(select(1))
    except SQLAlchemyError:
        return False
    return True
