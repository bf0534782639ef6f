"""Set-based inserts: many rows in as few round trips as the driver allows.

On PostgreSQL the rows are streamed with ``COPY ... FROM STDIN`` through psycopg's copy
protocol (psycopg docs, "Using COPY TO and COPY FROM"), inside the caller's transaction; on
other databases they go in batches through SQLAlchemy's executemany
(``insert().values`` with "insertmanyvalues"), :data:`BATCH` rows per statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, insert

#: Rows per executemany statement where COPY is not available.
BATCH = 5000


def insert_rows(conn: Connection, model: type[Any], records: Sequence[dict[str, Any]]) -> int:
    """Insert ``records`` (dictionaries with the same keys, every one a column of the mapped
    class ``model``'s table) within the caller's transaction; how many were inserted."""
    table = cast(Table, model.__table__)
    if not records:
        return 0
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy(conn, table, records)
    else:
        for start in range(0, len(records), BATCH):
            conn.execute(insert(table), records[start:start + BATCH])
    return len(records)


def _copy(conn: Connection, table: Table, records: Sequence[dict[str, Any]]) -> None:
    """``COPY`` the rows through the connection's own psycopg cursor (same transaction)."""
    columns = list(records[0])
    for name in columns:
        if name not in table.c:
            raise ValueError(f"{name!r} is not a column of {table.name}")
    defaults = _defaults(table, columns)
    columns += list(defaults)
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in columns)
    statement = f"COPY {conn.dialect.identifier_preparer.quote(table.name)} ({quoted}) FROM STDIN"
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(statement) as copy:
            for record in records:
                copy.write_row([record[name] if name in record else defaults[name]
                                for name in columns])
    finally:
        cursor.close()


def _defaults(table: Table, given: Sequence[str]) -> dict[str, Any]:
    """The Python-side defaults (``default=``) of the columns not ``given``, evaluated once:
    COPY bypasses SQLAlchemy, which would otherwise fill them in."""
    out = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None or column.primary_key:
            continue
        if default.is_scalar:
            out[column.name] = default.arg  # type: ignore[attr-defined]
        elif default.is_callable:
            out[column.name] = default.arg(None)  # type: ignore[attr-defined]
    return out
