"""The stored judgement: one typed row per series (indicator and breakdown), area and period.

The row's key is its area, series and period, in that order (an area's judgements are read
together); SQLite keeps the rows in that order, with no row id or index beside them. A row
keeps only the judgement's own output: numbers as floats, counts and ranks as small
integers, labels from a small vocabulary as small-integer codes
(:mod:`store.judgement_codes`), comparator periods as period ids and comparator areas as
area ids. What the store holds elsewhere (the period's label and dates, the areas' names,
the judged figure's value: :data:`store.judgement_codes.FROM_FIGURE`) is joined when read;
the changes since the previous period and the same period a year before are worked out when
read (:data:`store.judgement_codes.DERIVED`); and the RAG reason is worded from the stored
fields when shown (:func:`indicators.judgements.rag_reasons`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.model_base import Base, utcnow


def _number() -> Mapped[float | None]:
    return mapped_column(Float)


def _count() -> Mapped[int | None]:
    """A whole number (a count, a rank, a quartile), read back as a float like the others."""
    return mapped_column(SmallInteger)


def _code() -> Mapped[int | None]:
    return mapped_column(SmallInteger)


def _period() -> Mapped[int | None]:
    return mapped_column(Integer)


class JudgementRun(Base):
    """One recompute of stored judgements: the version of the statistics engine that ran and
    when. Each judgement points to the run that stored it, rather than every row repeating
    both."""

    __tablename__ = "judgement_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    engine_version: Mapped[str] = mapped_column(String(20))
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ComputedResult(Base):
    """Judgements computed when data is loaded, each pointing to the run (engine version and
    time) that stored it, keyed by area, series and period."""

    __tablename__ = "computed_result"
    __table_args__ = (
        PrimaryKeyConstraint("area_id", "series_id", "period_id"),
        {"sqlite_with_rowid": False},
    )

    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("judgement_run.id"))
    # Coded words (``WORD_CODES``), read back as words by every reader.
    rag: Mapped[int] = mapped_column(SmallInteger, default=0)
    significance: Mapped[int | None] = _code()
    direction: Mapped[int | None] = _code()
    # The figure as judged (intervals and implied counts filled in; its value is the figure's).
    numerator: Mapped[float | None] = _number()
    denominator: Mapped[float | None] = _number()
    lower_ci: Mapped[float | None] = _number()
    upper_ci: Mapped[float | None] = _number()
    ci_level: Mapped[float | None] = _number()
    ci_source: Mapped[int | None] = _code()
    lower_998: Mapped[float | None] = _number()
    upper_998: Mapped[float | None] = _number()
    status: Mapped[int | None] = _code()
    value_note: Mapped[str | None] = mapped_column(Text)
    illustrative: Mapped[bool | None] = mapped_column(Boolean)
    target_value: Mapped[float | None] = _number()
    # The previous period and the same period a year before (the changes since them are
    # worked out when read).
    previous_period_id: Mapped[int | None] = _period()
    previous_value: Mapped[float | None] = _number()
    comparable: Mapped[bool | None] = mapped_column(Boolean)
    last_year_period_id: Mapped[int | None] = _period()
    last_year_value: Mapped[float | None] = _number()
    # Comparators, each with the period its figure is for.
    national_value: Mapped[float | None] = _number()
    national_lower: Mapped[float | None] = _number()
    national_upper: Mapped[float | None] = _number()
    national_period_id: Mapped[int | None] = _period()
    regional_value: Mapped[float | None] = _number()
    regional_period_id: Mapped[int | None] = _period()
    county_value: Mapped[float | None] = _number()
    county_period_id: Mapped[int | None] = _period()
    neighbour_value: Mapped[float | None] = _number()
    neighbour_median: Mapped[float | None] = _number()
    neighbour_n: Mapped[int | None] = _count()
    neighbour_size: Mapped[int | None] = _count()
    neighbour_period_id: Mapped[int | None] = _period()
    neighbour_model: Mapped[str | None] = mapped_column(String(20))
    regional_significance: Mapped[int | None] = _code()
    county_significance: Mapped[int | None] = _code()
    neighbour_significance: Mapped[int | None] = _code()
    region_id: Mapped[int | None] = mapped_column(Integer)
    county_id: Mapped[int | None] = mapped_column(Integer)
    # Trend, ranks, the range of similar councils and the rule that rated the row.
    trend: Mapped[int | None] = _code()
    trend_chi2: Mapped[float | None] = _number()
    rank: Mapped[int | None] = _count()
    rank_of: Mapped[int | None] = _count()
    rank_group: Mapped[int | None] = _code()
    quartile: Mapped[int | None] = _count()
    england_rank: Mapped[int | None] = _count()
    england_rank_of: Mapped[int | None] = _count()
    england_quartile: Mapped[int | None] = _count()
    rag_rule_used: Mapped[int | None] = _code()
    range_low: Mapped[float | None] = _number()
    range_q1: Mapped[float | None] = _number()
    range_q3: Mapped[float | None] = _number()
    range_high: Mapped[float | None] = _number()
    range_n: Mapped[int | None] = _count()
    range_scope: Mapped[int | None] = _code()
