"""Pieces of the Districts and Compare pages: comparison words, tables, the map's attribution.

Pure: service results in, Dash components out. Comparison with the council is always written in
words beside its symbol; illustrative figures carry a dagger (†) and the page's notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import html

from domain.boundaries import BOUNDARY_ATTRIBUTION
from domain.catalogue import Indicator
from domain.url_state import page_href
from indicators.display import COUNTY_SIGNIFICANCE_TEMPLATES, format_value, is_missing
from indicators.districts import Funnel
from layouts._components import symbol_text
from layouts._district_figures import DAGGER, ordered, value_text
from layouts._markup import Markup, markup
from layouts._tables import data_table
from services.district_view import DistrictView

#: Significance against the county -> symbol (the words are the display module's).
COUNTY_SYMBOLS: dict[str, str] = {"Better": "\u25b2", "Similar": "\u25cf", "Worse": "\u25bc",
                                  "Higher": "\u25b2", "Lower": "\u25bc", "Not compared": "\u2013"}
#: Significance against the council -> (symbol, words with ``{council}``, tone of the key).
COUNTY_WORDS: dict[str, tuple[str, str, str]] = {
    label: (COUNTY_SYMBOLS[label], words, tone)
    for label, (words, tone) in COUNTY_SIGNIFICANCE_TEMPLATES.items()}


def county_words(council: str) -> dict[str, tuple[str, str, str]]:
    """:data:`COUNTY_WORDS` naming the council ("better than Kent")."""
    return {label: (symbol, words.format(council=council), tone)
            for label, (symbol, words, tone) in COUNTY_WORDS.items()}
FUNNEL_WORDS: dict[str, str] = {
    "High (0.001)": "above the 99.8% limit",
    "High (0.025)": "above the 95% limit",
    "Low (0.001)": "below the 99.8% limit",
    "Low (0.025)": "below the 95% limit",
    "Not significant": "within the limits",
}


def county_comparison(label: Any, council: str = "the council") -> html.Span:
    """Symbol and words for an area's comparison with its council."""
    symbol, words, tone = COUNTY_WORDS.get(str(label), COUNTY_WORDS["Not compared"])
    return symbol_text(symbol, words.format(council=council), tone, "county-comparison")


def interval_text(row: Mapping[Any, Any], indicator: Indicator) -> str:
    """The 95% interval of a row as text ("" when it has none)."""
    lower, upper = row.get("lower_ci"), row.get("upper_ci")
    if is_missing(lower) or is_missing(upper):
        return ""
    return (f"{value_text(lower, indicator)} to {value_text(upper, indicator)}")


def rank_text(row: Mapping[Any, Any]) -> str:
    """A rank as text ("3 of 12"; "" when there is none)."""
    rank: Any = row.get("rank")
    size: Any = row.get("rank_of")
    if is_missing(rank) or is_missing(size):
        return ""
    return f"{int(float(rank))} of {int(float(size))}"


def attribution() -> html.P:
    """The boundary data attribution shown under the map."""
    return html.P(BOUNDARY_ATTRIBUTION, className="districts-attribution")


def area_table_frame(view: DistrictView) -> pd.DataFrame:
    """The map and bar chart's figures, best first, as table cells."""
    ind = view.indicator
    rows = ordered(view.areas, ind.polarity.value)
    missing = view.areas[view.areas["value"].isna()]
    rows = pd.concat([rows, missing], ignore_index=True)
    return pd.DataFrame({
        "area": [f"{n}{DAGGER if bool(i) else ''}" for n, i in zip(
            rows["area_name"], rows["illustrative"], strict=True)],
        "value": [value_text(v, ind) for v in rows["value"]],
        "interval": [interval_text(r, ind) for r in rows.to_dict("records")],
        "comparison": [county_comparison(s, view.council_name) for s in rows["significance"]],
        "rank": ["" if ind.is_count else rank_text(r) for r in rows.to_dict("records")],
        "trend": ["" if is_missing(t) else str(t) for t in rows["trend"]],
        "note": ["" if is_missing(n) else str(n) for n in rows["value_note"]],
    })


AREA_COLUMNS = (("area", "Area"), ("value", "Value"), ("interval", "95% interval"),
                ("comparison", "Compared with {council}"), ("rank", "Rank (1 = best)"),
                ("trend", "Recent trend"), ("note", "Note"))


def area_columns(indicator: Indicator, council: str = "the council"
                 ) -> tuple[tuple[str, str], ...]:
    """The area table's columns, worded for the indicator's polarity and the council."""
    columns = tuple((c, n.format(council=council)) for c, n in AREA_COLUMNS)
    if indicator.polarity.value == "no_judgement":
        return tuple((c, "Rank (1 = highest)") if c == "rank" else (c, n) for c, n in columns)
    return columns


def funnel_table_frame(funnel: Funnel, indicator: Indicator) -> pd.DataFrame:
    """The funnel plot as a table, one row per area."""
    rows = funnel.points.sort_values("area_name")
    return pd.DataFrame({
        "area": [f"{n}{DAGGER if bool(i) else ''}" for n, i in zip(
            rows["area_name"], rows["illustrative"], strict=True)],
        "numerator": [f"{float(v):,.0f}" for v in rows["numerator"]],
        "denominator": [f"{float(v):,.0f}" for v in rows["denominator"]],
        "value": [value_text(v, indicator) for v in rows["value"]],
        "position": [FUNNEL_WORDS.get(str(lab), str(lab)) for lab in rows["funnel_label"]],
    })


FUNNEL_COLUMNS = (("area", "Area"), ("numerator", "Numerator"), ("denominator", "Denominator"),
                  ("value", "Value"), ("position", "Position in the funnel"))


def trend_table_frame(view: DistrictView) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Areas (rows) by period (columns), the council last."""
    series = view.series.dropna(subset=["value"])
    if series.empty:
        return pd.DataFrame(), [("area", "Area")]
    order = series.drop_duplicates("period_label").sort_values("period_end")["period_label"]
    cells = series.assign(text=[value_text(v, view.indicator, i) for v, i in zip(
        series["value"], series["illustrative"], strict=True)])
    wide = cells.pivot_table(index="area_name", columns="period_label", values="text",
                             aggfunc="first")
    names = [*view.areas["area_name"], view.council_name]
    wide = wide.reindex([n for n in names if n in wide.index]).reindex(columns=list(order))
    frame = wide.reset_index(names="area").fillna("")
    frame.columns = ["area", *[f"p{i}" for i in range(len(order))]]
    columns = [("area", "Area"), *[(f"p{i}", str(p)) for i, p in enumerate(order)]]
    return frame, columns


def scorecard_rows(table: pd.DataFrame, area_code: str, period: str,
                   council: str = "the council") -> pd.DataFrame:
    """A district's scorecard against its council as table cells (indicator links included)."""
    if table.empty:
        return pd.DataFrame()
    records = table.to_dict("records")
    return pd.DataFrame({
        "indicator": [html.A(str(r["title"]), href=page_href(
            "/indicator", id=str(r["indicator_id"]), area=area_code, period=period))
            for r in records],
        "period": [str(r.get("period_label") or "") for r in records],
        "value": [_scorecard_value(r, "value", r.get("illustrative")) for r in records],
        "county": [_scorecard_value(r, "county_value") for r in records],
        "comparison": [county_comparison(r.get("county_significance"), council)
                       for r in records],
        "rank": [rank_text(r) if r.get("rank_group") == "districts"
                 and r.get("value_type") != "count" else "" for r in records],
        "trend": ["" if is_missing(r.get("trend")) else str(r["trend"]) for r in records],
    })


def _scorecard_value(row: Mapping[Any, Any], column: str, illustrative: Any = False) -> str:
    text = format_value(row.get(column), row.get("decimals"), str(row.get("value_type")))
    return text + (DAGGER if illustrative is True and text != "no data" else "")


SCORECARD_COLUMNS = (("indicator", "Indicator"), ("period", "Period"), ("value", "District"),
                     ("county", "{council}"), ("comparison", "Compared with {council}"),
                     ("rank", "Rank among districts"), ("trend", "Recent trend"))


def scorecard_table(table: pd.DataFrame, area_code: str, area_name: str, quarter_label: str,
                    period: str, table_id: str, council: str = "the council") -> Markup:
    """``period`` is the URL form of the quarter, for the indicator links; ``council`` names
    the council the district is compared with. Sent as :class:`~layouts._markup.Markup`."""
    columns = tuple((c, n.format(council=council)) for c, n in SCORECARD_COLUMNS)
    return markup(data_table(scorecard_rows(table, area_code, period, council), columns,
                             f"{area_name} compared with {council}: latest figures as at "
                             f"{quarter_label}", table_id, row_header="indicator"))
