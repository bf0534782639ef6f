"""Axes for the painted charts (:mod:`layouts._svg_chart`): a figure's data read back from its
plotly form, and linear, date and category scales with plotly's tick choices.

A figure reaches the painted page as ``go.Figure.to_plotly_json`` wrote it: arrays may be
lists, numpy arrays or plotly's packed typed arrays (``{"dtype": "f8", "bdata": ...}``), and
dates ISO strings or datetimes. :func:`items` reads any of them as a plain list.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T][\d:.]+)?$")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY_MS = 86_400_000.0
EPOCH = datetime(1970, 1, 1)


def items(raw: Any) -> list[Any]:
    """An array of a figure as a list (packed typed arrays unpacked, shapes kept as rows)."""
    if raw is None:
        return []
    if isinstance(raw, dict) and "bdata" in raw:
        array = np.frombuffer(base64.b64decode(raw["bdata"]), dtype=np.dtype(raw["dtype"]))
        shape = raw.get("shape")
        if shape:
            array = array.reshape([int(part) for part in str(shape).split(",")])
        return list(array.tolist())
    if isinstance(raw, np.ndarray | pd.Series | pd.Index):
        return list(np.asarray(raw).tolist())
    if isinstance(raw, list | tuple):
        return list(raw)
    return [raw]


def number(value: Any) -> float | None:
    """A finite number, or None (missing, text, infinite)."""
    if value is None or isinstance(value, bool | str):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def date_ms(value: Any) -> float | None:
    """A date or date-time (ISO text, datetime, numpy datetime64) as milliseconds since 1970."""
    if isinstance(value, str):
        if not _DATE.match(value):
            return None
        value = datetime.fromisoformat(value)
    elif isinstance(value, np.datetime64):
        return None if np.isnat(value) else float(value.astype("datetime64[ms]").astype(np.int64))
    if value is pd.NaT or (isinstance(value, pd.Timestamp) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
        return (moment - EPOCH).total_seconds() * 1000
    if isinstance(value, date):
        return float((value - EPOCH.date()).days) * DAY_MS
    return None


def kind_of(values: Sequence[Any]) -> str:
    """The axis type plotly would infer: "linear", "date" or "category"."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not present:
        return "linear"
    if all(number(v) is not None for v in present):
        return "linear"
    if all(date_ms(v) is not None for v in present):
        return "date"
    return "category"


def _nice_step(span: float, count: float) -> float:
    raw = span / max(count, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)


def number_label(value: float, step: float) -> str:
    """A tick label as plotly writes it: "50", "0.5", "10k"."""
    if abs(value) >= 10_000 and step >= 1000:
        return f"{value / 1000:g}k"
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return f"{value:.{decimals}f}"


@dataclass
class Scale:
    """One axis: its kind, data range and the pixel range it maps onto."""

    kind: str
    low: float
    high: float
    start: float
    end: float
    categories: list[str] = field(default_factory=list)
    tickformat: str = ""
    nticks: int = 0
    vertical: bool = False

    def position(self, value: Any) -> float | None:
        """The pixel for a data value (None when it has no place on this axis)."""
        if self.kind == "category":
            text = str(value)
            if text not in self.categories:
                return None
            at: float | None = float(self.categories.index(text))
        else:
            at = date_ms(value) if self.kind == "date" else number(value)
        if at is None:
            return None
        span = (self.high - self.low) or 1.0
        return self.start + (at - self.low) / span * (self.end - self.start)

    def step_pixels(self) -> float:
        """Pixels between neighbouring categories (the whole length for other kinds)."""
        count = max(len(self.categories), 1) if self.kind == "category" else 1
        return abs(self.end - self.start) / count

    def ticks(self) -> list[tuple[float, str]]:
        """(pixel, label) of every tick, as plotly chooses them."""
        if self.kind == "category":
            return [(p, c) for c in self.categories if (p := self.position(c)) is not None]
        wanted = self.nticks or max(2.0, abs(self.end - self.start) / (40 if self.vertical else 80))
        if self.kind == "date":
            return self._date_ticks(wanted)
        step = _nice_step(self.high - self.low, wanted)
        first = math.ceil(self.low / step - 1e-9) * step
        count = int(math.floor((self.high - first) / step + 1e-9)) + 1
        values = [first + i * step for i in range(max(count, 0))]
        return [(p, number_label(v, step)) for v in values
                if (p := self.position(v)) is not None]

    def _date_ticks(self, wanted: float) -> list[tuple[float, str]]:
        low = EPOCH + timedelta(milliseconds=self.low)
        high = EPOCH + timedelta(milliseconds=self.high)
        months = (high.year - low.year) * 12 + high.month - low.month
        by_year = months / max(wanted, 1) > 9 or self.tickformat == "%Y"
        every = next((s for s in ((1, 2, 5, 10, 20) if by_year else (1, 2, 3, 6))
                      if (months / 12 if by_year else months) / s <= wanted), 20) \
            if months else 1
        out = []
        year, month = low.year, low.month
        while (moment := datetime(year, month, 1)) <= high:
            keep = (month == 1 and year % every == 0) if by_year else (month - 1) % every == 0
            if moment >= low and keep:
                at = self.start + ((moment - EPOCH).total_seconds() * 1000 - self.low) / (
                    (self.high - self.low) or 1.0) * (self.end - self.start)
                out.append((at, str(year) if by_year else f"{MONTHS[month - 1]} {year}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def data_range(values: Sequence[float], padded: bool, zero: bool) -> tuple[float, float]:
    """The range plotly's autorange gives: 5% padding for points, bars from zero."""
    found = [v for v in values if math.isfinite(v)]
    if zero:
        found.append(0.0)
    if not found:
        return 0.0, 1.0
    low, high = min(found), max(found)
    if low == high:
        return low - 1, high + 1
    pad = (high - low) * 0.05
    if zero:
        return (low if low == 0 else low - pad), (high if high == 0 else high + pad)
    return (low - pad, high + pad) if padded else (low, high)


def colour_range(trace: dict[str, Any] | Any) -> tuple[float, float]:
    """(low, high) of the values a trace colours by: its ``zmin``/``zmax`` where given, else
    the smallest and largest of its ``z`` (flat or in rows), as plotly.js takes them."""
    flat = [v for entry in items(trace.get("z"))
            for v in (items(entry) if isinstance(entry, list | dict) else [entry])]
    present = [v for v in map(number, flat) if v is not None]
    low = number(trace.get("zmin")) if trace.get("zmin") is not None else None
    high = number(trace.get("zmax")) if trace.get("zmax") is not None else None
    return (min(present, default=0.0) if low is None else low,
            max(present, default=1.0) if high is None else high)
