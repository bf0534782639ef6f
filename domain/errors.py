"""Exceptions for programmer and configuration faults.

Data faults in uploaded files are never raised: loaders return a
:class:`domain.reports.ValidationReport` instead.
"""


class ScorecardError(Exception):
    """Base class of every exception the product raises on purpose."""


class CatalogueError(ScorecardError):
    """The indicator catalogue is missing or invalid; carries the report."""


class PeriodParseError(ScorecardError, ValueError):
    """A period label could not be parsed; the message quotes it and lists accepted forms."""


class StoreError(ScorecardError):
    """The store is unreachable, not migrated, or asked for something that does not exist."""


class NotFoundError(StoreError):
    """An area, indicator, period or batch named by the caller does not exist."""
