"""Closed vocabularies used across the product.

Each enum's *value* is the spelling used in `indicator_catalogue.csv`, the upload template and the
SQL store, so a value read from any of them converts with ``Enum(value)``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Outcome(StrEnum):
    """The four CYPP outcome themes of the partnership scorecard (seed 002), in the order the
    scorecard, the summary, the districts page and the exports show them."""

    FEEL_SAFE = "feel_safe"
    DO_WELL = "do_well"
    BE_HAPPY = "be_happy"
    BE_HEALTHY = "be_healthy"

    @property
    def label(self) -> str:
        """The theme's heading as the seed scorecard words it."""
        return _OUTCOME_HEADINGS[self]


_OUTCOME_HEADINGS: Final = {
    Outcome.FEEL_SAFE: "Outcome one - to feel safe",
    Outcome.DO_WELL: "Outcome two - to do well",
    Outcome.BE_HAPPY: "Outcome three - be happy",
    Outcome.BE_HEALTHY: "Outcome four - be healthy",
}
#: Outcome theme values in display order (the order :class:`Outcome` declares them).
OUTCOME_ORDER: Final = tuple(o.value for o in Outcome)
#: Outcome theme value -> heading.
OUTCOME_LABELS: Final = {o.value: o.label for o in Outcome}


class Polarity(StrEnum):
    """Whether a higher value of an indicator is better, worse, or neither."""

    HIGH_IS_GOOD = "high_is_good"
    LOW_IS_GOOD = "low_is_good"
    NO_JUDGEMENT = "no_judgement"


class ValueType(StrEnum):
    """What an indicator counts: a count, a percentage or a rate per multiplier."""

    COUNT = "count"
    PERCENTAGE = "percentage"
    RATE = "rate"


class CIMethod(StrEnum):
    """How an indicator's confidence interval is found (see ``indicators.interval_methods``)."""

    WILSON = "wilson"
    BYAR_EXACT = "byar_exact"
    PUBLISHED = "published"
    NONE = "none"


class BenchmarkConfidence(StrEnum):
    """The confidence level(s) a comparison with a benchmark uses."""

    C95 = "0.95"
    C998 = "0.998"
    TWO_LEVEL = "two_level"


class RagRule(StrEnum):
    """Which rule rates an indicator red, amber or green."""

    BENCHMARK = "benchmark"
    TARGET = "target"
    TREND = "trend"
    RANK = "rank"
    COMPARATOR = "comparator"  # England's value by a stated margin (no significance test)
    TYPICAL_RANGE = "typical_range"  # within similar councils' range (no better/worse direction)
    NONE = "none"


class Comparator(StrEnum):
    """The areas an indicator is compared with."""

    NATIONAL = "national"
    REGIONAL = "regional"
    NEIGHBOURS = "neighbours"
    COUNTY = "county"


class PeriodType(StrEnum):
    """The kinds of reporting period (see ``domain.periods``)."""

    FY_QUARTER = "fy_quarter"          # "Q3 16/17": April-based financial-year quarter
    CAL_QUARTER = "cal_quarter"        # "Q2 2015": calendar quarter
    FIN_YEAR = "fin_year"              # "2015/16", "Annual 2015/16": April to March
    ACADEMIC_YEAR = "academic_year"    # "2014/15" for school results: September to August
    CAL_YEAR = "cal_year"              # "2015", "Annual 2014"
    ROLLING_12M = "rolling_12m"        # "Jul 15 - Jun 16"
    SNAPSHOT = "snapshot"              # "At December 16", "at 31 March 2024": a single date
    MONTH = "month"                    # "Dec 2016"


class ReleaseCycle(StrEnum):
    """How often a new figure of an indicator is published (its catalogue ``release_cycle``)."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    BIENNIAL = "biennial"


class AreaType(StrEnum):
    """The kinds of area figures are reported for."""

    ENGLAND = "england"
    REGION = "region"
    COUNTY = "county"
    DISTRICT = "district"
    FOOTPRINT = "footprint"
    TEAM = "team"
    OTHER_LA = "other_la"


class ObservationStatus(StrEnum):
    """The status of a published figure."""

    FINAL = "final"
    PROVISIONAL = "provisional"
    REVISED = "revised"
    SUPPRESSED = "suppressed"
    NOT_AVAILABLE = "not_available"
    NOT_COMPARABLE = "not_comparable"


class Severity(StrEnum):
    """How serious a validation issue is."""

    ERROR = "error"
    WARNING = "warning"
