"""The store's error types as the web app names them, and values too large for a column."""

from __future__ import annotations

from pandas.errors import DatabaseError as PandasDatabaseError
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from store.engine import DriverFailure
from store.faults import OperationalFailure, PoolExhausted, is_out_of_range


def test_the_named_types_are_the_ones_the_store_raises() -> None:
    assert (OperationalFailure, PoolExhausted, DriverFailure) == (
        OperationalError, PoolTimeout, DBAPIError)


def test_a_value_out_of_range_is_found_behind_wrappers() -> None:
    refused = DataError("INSERT ...", {}, Exception("value out of range for type integer"))
    try:
        raise PandasDatabaseError("Execution failed") from refused
    except PandasDatabaseError as wrapped:
        assert is_out_of_range(wrapped)
    assert is_out_of_range(refused)
    assert not is_out_of_range(OperationalError("SELECT 1", {}, Exception("server closed")))
    assert not is_out_of_range(OverflowError("Python int too large"))
