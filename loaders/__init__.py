"""Loaders: read uploaded spreadsheets, validate every cell and row, and report.

Data flows one way: spreadsheet -> ``loaders`` -> ``store``. Loaders take a file and reference
data (:class:`~loaders.reference.LoadContext`) and return a
:class:`~loaders.pipeline.LoadResult`: observations in the store's columns plus a validation
report. They never open a database connection and never raise on bad data.
"""

from loaders.pipeline import LoadResult, validate_file
from loaders.reference import LoadContext
from loaders.rules import RULES, Rule
from loaders.safety import FileLimits
from loaders.template import write_template

__all__ = ["RULES", "FileLimits", "LoadContext", "LoadResult", "Rule", "validate_file",
           "write_template"]
