"""Static charts (SVG and PNG) for exports, each with alt text that says what it shows.

Drawn with matplotlib's object API (no pyplot state, safe in a web worker). Output is
deterministic: SVG ids are salted with a fixed string, no date is written, and text stays text
(``svg.fonttype = "none"``) so a PDF built from the SVG keeps real, searchable words.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from indicators.display import format_value, is_missing  # noqa: E402

LOCAL_COLOUR = "#1D4F91"
ENGLAND_COLOUR = "#6B6B6B"
COUNTY_COLOUR = "#B00020"
STYLE: dict[str, Any] = {"svg.hashsalt": "cypp-scorecard", "svg.fonttype": "none",
         "font.family": ["DejaVu Sans", "Liberation Sans", "sans-serif"], "font.size": 9,
         "axes.spines.top": False, "axes.spines.right": False}
FORMATS = ("svg", "png")


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the image bytes, its format and the alt text describing its message."""

    data: bytes
    format: str
    alt: str
    title: str

    @property
    def media_type(self) -> str:
        """The chart's media type, for a download's Content-Type."""
        return "image/svg+xml" if self.format == "svg" else "image/png"


def _number(value: Any) -> float | None:
    if is_missing(value) or isinstance(value, str):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _legend_outside(figure: Figure) -> None:
    """The legend in a row below the chart, never over its points, bars or intervals.

    Uses constrained layout's "outside" placement (the figure must be made with
    ``layout="constrained"``), which reserves the legend its own strip.
    """
    figure.legend(loc="outside lower center", ncols=4, frameon=False)


def _render(figure: Figure, file_format: str) -> bytes:
    if file_format not in FORMATS:
        raise ValueError(f"file_format must be one of {FORMATS}, not {file_format!r}.")
    buffer = io.BytesIO()
    metadata: dict[str, Any] = ({"Date": None, "Creator": None} if file_format == "svg"
                                else {"Software": None})
    figure.savefig(buffer, format=file_format, metadata=metadata, dpi=150,
                   bbox_inches="tight")
    return buffer.getvalue()


def trend_alt(points: Sequence[Mapping[str, Any]], title: str, area_name: str,
              decimals: Any, value_type: str | None, unit: str = "") -> str:
    """Alt text: what the chart is, the latest figure, its move and England's figure."""
    shown = [p for p in points if _number(p.get("value")) is not None]
    if not shown:
        return f"{title} for {area_name}: no figures to chart."
    first, last = shown[0], shown[-1]
    figure = format_value(last["value"], decimals, value_type)
    unit_text = f" {unit}" if unit and value_type == "rate" else ""
    text = (f"Line chart of {title} for {area_name}, {first['period_label']} to "
            f"{last['period_label']}. Latest: {figure}{unit_text} in {last['period_label']}")
    if len(shown) > 1:
        before = shown[-2]
        move = float(last["value"]) - float(before["value"])
        verb = "up from" if move > 0 else "down from" if move < 0 else "the same as"
        text += f", {verb} {format_value(before['value'], decimals, value_type)} in " \
                f"{before['period_label']}"
    england = _number(last.get("national_value"))
    if england is not None:
        text += f". England: {format_value(england, decimals, value_type)}"
    return text + "."


def trend_figure(points: Sequence[Mapping[str, Any]], *, title: str, area_name: str,
                 unit: str = "") -> Figure:
    """The trend chart as a matplotlib figure (call within ``rc_context(STYLE)``)."""
    labels = [str(p["period_label"]) for p in points]
    values = [_number(p.get("value")) for p in points]
    figure = Figure(figsize=(7.2, 3.4), layout="constrained")
    axes = figure.add_subplot()
    xs = list(range(len(labels)))
    lows = [_number(p.get("lower_ci")) for p in points]
    highs = [_number(p.get("upper_ci")) for p in points]
    for x, value, low, high in zip(xs, values, lows, highs, strict=True):
        if value is not None and low is not None and high is not None:
            axes.vlines(x, low, high, color=LOCAL_COLOUR, alpha=0.35, linewidth=3)
    axes.plot([x for x, v in zip(xs, values, strict=True) if v is not None],
              [v for v in values if v is not None], marker="o", color=LOCAL_COLOUR,
              label=area_name)
    england = [_number(p.get("national_value")) for p in points]
    if any(v is not None for v in england):
        axes.plot([x for x, v in zip(xs, england, strict=True) if v is not None],
                  [v for v in england if v is not None], linestyle="--",
                  color=ENGLAND_COLOUR, label="England")
    axes.set_xticks(xs, labels, rotation=30, ha="right")
    axes.set_title(title, loc="left", fontsize=10)
    if unit:
        axes.set_ylabel(unit)
    _legend_outside(figure)
    axes.grid(axis="y", alpha=0.3)
    return figure


def trend_chart(points: Sequence[Mapping[str, Any]], *, title: str, area_name: str,
                decimals: Any = 1, value_type: str | None = None, unit: str = "",
                file_format: str = "svg") -> Chart:
    """The area's figures over time with their 95% intervals and England's figure."""
    with rc_context(cast(Any, STYLE)):
        figure = trend_figure(points, title=title, area_name=area_name, unit=unit)
        data = _render(figure, file_format)
    return Chart(data, file_format,
                 trend_alt(points, title, area_name, decimals, value_type, unit), title)


def districts_alt(areas: Sequence[Mapping[str, Any]], title: str, period_label: str,
                  county_value: Any, decimals: Any, value_type: str | None,
                  county_name: str = "The county") -> str:
    """Alternative text for the districts bar chart: the highest and lowest districts and how
    many lie above the county."""
    shown = sorted((a for a in areas if _number(a.get("value")) is not None),
                   key=lambda a: float(a["value"]), reverse=True)
    if not shown:
        return f"{title}, {period_label}: no district figures to chart."
    high, low = shown[0], shown[-1]
    text = (f"Bar chart of {title} by district, {period_label}. Highest: {high['area_name']} "
            f"({format_value(high['value'], decimals, value_type)}); lowest: "
            f"{low['area_name']} ({format_value(low['value'], decimals, value_type)})")
    county = _number(county_value)
    if county is not None:
        above = sum(1 for a in shown if float(a["value"]) > county)
        text += (f". {county_name}: {format_value(county, decimals, value_type)}; {above} of "
                 f"{len(shown)} districts are above it")
    return text + "."


def districts_figure(areas: Sequence[Mapping[str, Any]], *, title: str, period_label: str,
                     county_value: Any = None, county_name: str = "The county",
                     decimals: Any = 1, value_type: str | None = None,
                     unit: str = "") -> Figure:
    """The districts chart as a matplotlib figure (call within ``rc_context(STYLE)``)."""
    ordered = sorted((a for a in areas if _number(a.get("value")) is not None),
                     key=lambda a: float(a["value"]))
    figure = Figure(figsize=(7.2, 0.35 * max(len(ordered), 4) + 1.5), layout="constrained")
    axes = figure.add_subplot()
    names = [str(a["area_name"]) for a in ordered]
    axes.barh(names, [float(a["value"]) for a in ordered], color=LOCAL_COLOUR)
    county = _number(county_value)
    if county is not None:
        axes.axvline(county, color=COUNTY_COLOUR, linestyle="--",
                     label=f"{county_name} {format_value(county, decimals, value_type)}")
        _legend_outside(figure)
    axes.set_title(f"{title}, {period_label}", loc="left", fontsize=10)
    if unit:
        axes.set_xlabel(unit)
    axes.grid(axis="x", alpha=0.3)
    return figure


def districts_chart(areas: Sequence[Mapping[str, Any]], *, title: str, period_label: str,
                    county_value: Any = None, county_name: str = "The county",
                    decimals: Any = 1, value_type: str | None = None, unit: str = "",
                    file_format: str = "svg") -> Chart:
    """Each district's figure as a bar (highest first), with the county as a line."""
    with rc_context(cast(Any, STYLE)):
        figure = districts_figure(areas, title=title, period_label=period_label,
                                  county_value=county_value, county_name=county_name,
                                  decimals=decimals, value_type=value_type, unit=unit)
        data = _render(figure, file_format)
    return Chart(data, file_format, districts_alt(areas, title, period_label, county_value,
                                                  decimals, value_type, county_name), title)
