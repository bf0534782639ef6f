"""Set-based inserts: many rows in as few round trips as the driver allows.

On PostgreSQL the rows are streamed with ``COPY ... FROM STDIN`` through psycopg's copy
protocol (psycopg docs, "Using COPY TO and COPY FROM"), inside the caller's transaction; on
other databases they go through the driver's own ``executemany`` (one compiled ``INSERT``,
:data:`BATCH` rows per call), each column's values converted once by its SQLAlchemy type's
bind processor rather than row by row through SQLAlchemy's parameter handling.

Columns not given take their Python-side defaults (``default=``), evaluated once per call:
both paths bypass SQLAlchemy's per-row defaults. The rows may be given as records
(:func:`insert_rows`) or column by column (:func:`insert_columns`, which builds no
dictionary per row).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, insert

#: Rows per ``executemany`` call where COPY is not available.
BATCH = 5000


def insert_rows(conn: Connection, model: type[Any], records: Sequence[dict[str, Any]]) -> int:
    """Insert ``records`` (dictionaries with the same keys, every one a column of the mapped
    class ``model``'s table) within the caller's transaction; how many were inserted."""
    if not records:
        return 0
    names = list(records[0])
    return insert_columns(conn, model, {name: [r[name] for r in records] for name in names})


def insert_columns(conn: Connection, model: type[Any], columns: Mapping[str, Sequence[Any]]
                   ) -> int:
    """Insert rows given column by column (``columns`` maps each column name of ``model``'s
    table to its values, all of one length) within the caller's transaction; how many rows
    were inserted."""
    table = cast(Table, model.__table__)
    names = list(columns)
    for name in names:
        if name not in table.c:
            raise ValueError(f"{name!r} is not a column of {table.name}")
    count = len(columns[names[0]]) if names else 0
    if not count:
        return 0
    if any(len(values) != count for values in columns.values()):
        raise ValueError(f"the columns given for {table.name} differ in length")
    defaults = _defaults(table, names)
    values = [list(columns[name]) for name in names] + [[v] * count for v in defaults.values()]
    names += list(defaults)
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy(conn, table, names, values)
    else:
        _executemany(conn, table, names, values, constant=set(defaults))
    return count


def _copy(conn: Connection, table: Table, names: list[str], values: list[list[Any]]) -> None:
    """``COPY`` the rows through the connection's own psycopg cursor (same transaction)."""
    quote = conn.dialect.identifier_preparer.quote
    statement = (f"COPY {quote(table.name)} ({', '.join(quote(name) for name in names)}) "
                 "FROM STDIN")
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(statement) as copy:
            for row in zip(*values, strict=True):
                copy.write_row(row)
    finally:
        cursor.close()


def _executemany(conn: Connection, table: Table, names: list[str],
                 values: list[list[Any]], constant: set[str]) -> None:
    """One compiled ``INSERT`` run by the driver's ``executemany``, :data:`BATCH` rows at a
    time, each column converted by its type's bind processor (as SQLAlchemy would; the
    ``constant`` columns, one value repeated, converted once)."""
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=names)
    converted = {}
    for name, column in zip(names, values, strict=True):
        process = table.c[name].type._cached_bind_processor(conn.dialect)
        if process and column and name in constant:
            converted[name] = [process(column[0])] * len(column)
        else:
            converted[name] = [process(v) for v in column] if process else column
    order = list(compiled.positiontup or []) if compiled.positional else names
    count = len(values[0]) if values else 0
    for start in range(0, count, BATCH):  # the rows of one call at a time: no copy of all
        rows: list[Any] = list(zip(*(converted[name][start:start + BATCH] for name in order),
                                   strict=True))
        if not compiled.positional:
            rows = [dict(zip(order, row, strict=True)) for row in rows]
        conn.exec_driver_sql(str(compiled), rows)


def _defaults(table: Table, given: Sequence[str]) -> dict[str, Any]:
    """The Python-side defaults (``default=``) of the columns not ``given``, evaluated once:
    the inserts here bypass SQLAlchemy, which would otherwise fill them in."""
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
