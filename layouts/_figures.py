"""Figures for the pages: pure functions from DataFrames to plotly figures.

Colours come from the GOV.UK palette and keep a 3:1 contrast with white; lines and markers also
differ in shape and dash, and every trace is named, so no chart relies on colour alone. Each
chart has a table alternative built by the page from the same frame.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from indicators.display import format_value

FONT = "Arial, Helvetica, sans-serif"
DAGGER = " \u2020"  # marks an illustrative (modelled) figure
COLOURS = {"local": "#1d70b8", "national": "#0b0c0c", "regional": "#4c2c92",
           "neighbours": "#912b88", "county": "#505a5f", "improvement": "#1d70b8",
           "concern": "#b65205", "neutral": "#4c2c92", "common": "#505a5f",
           "limit": "#505a5f", "highlight": "#0b0c0c", "bar": "#1d70b8"}
MARKERS = {"national": "diamond", "regional": "square", "neighbours": "triangle-up",
           "county": "x"}
PERIOD_TYPE_WORDS = {"fy_quarter": "quarterly", "cal_quarter": "quarterly",
                     "fin_year": "financial years", "academic_year": "academic years",
                     "cal_year": "calendar years", "rolling_12m": "rolling 12 months",
                     "snapshot": "snapshots", "month": "monthly"}
POINT_STYLES = {  # SPC point type -> (legend words, colour, marker)
    "special_cause_improvement": ("Special cause: improvement", "improvement", "circle"),
    "special_cause_concern": ("Special cause: concern", "concern", "diamond"),
    "special_cause_neutral_high": ("Special cause: high (no judgement)", "neutral", "triangle-up"),
    "special_cause_neutral_low": ("Special cause: low (no judgement)", "neutral",
                                  "triangle-down"),
    "common_cause": ("Common cause variation", "common", "circle-open"),
}
INK = "rgb(36,36,36)"
_AXIS: dict[str, Any] = {"linecolor": INK, "showline": True, "ticks": "outside",
                         "showgrid": False, "zeroline": False, "automargin": True,
                         "gridcolor": "rgb(232,232,232)", "title": {"standoff": 15}}
#: The pages' plotly template: the layout half of plotly's "simple_white" that the charts
#: use (white ground, axis lines with outside ticks, no grid) and none of its per-trace
#: defaults or colour scales. It travels inside every figure a callback sends, so it is kept
#: to about 400 bytes against 8.6 KB for "simple_white"; as the process default it also
#: spares every new figure a deep copy of plotly's large default template.
LIGHT_TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": INK},
    "hovermode": "closest", "hoverlabel": {"align": "left"}, "xaxis": _AXIS, "yaxis": _AXIS,
    "geo": {"bgcolor": "white"}})
pio.templates["scorecard"] = LIGHT_TEMPLATE
pio.templates.default = "scorecard"


def _base(y_title: str, height: int = 360) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(
        template=LIGHT_TEMPLATE, height=height, font={"family": FONT, "size": 14,
                                                      "color": "#0b0c0c"},
        margin={"l": 64, "r": 16, "t": 16, "b": 48}, hovermode="closest",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        yaxis={"title": {"text": y_title}, "gridcolor": "#e6e6e6", "showgrid": True},
    )
    return figure


def _hover(labels: pd.Series, values: pd.Series, decimals: int, value_type: str) -> list[str]:
    return [f"{label}: {format_value(value, decimals, value_type)}"
            for label, value in zip(labels, values, strict=True)]


def _errors(frame: pd.DataFrame) -> dict[str, Any] | None:
    lower = pd.to_numeric(frame["lower_ci"], errors="coerce")
    upper = pd.to_numeric(frame["upper_ci"], errors="coerce")
    if lower.isna().all() or upper.isna().all():
        return None
    value = pd.to_numeric(frame["value"], errors="coerce")
    return {"type": "data", "symmetric": False, "array": (upper - value).tolist(),
            "arrayminus": (value - lower).tolist(), "thickness": 1.5, "width": 4}


def series_figure(series: pd.DataFrame, comparators: pd.DataFrame, area_name: str,
                  y_title: str, decimals: int, value_type: str) -> go.Figure:
    """The area's figures with 95% intervals, and comparators at the end of their own periods."""
    figure = _base(y_title)
    if not series.empty:
        local_type = str(series["period_type"].iloc[-1])
        words = PERIOD_TYPE_WORDS.get(local_type, local_type)
        figure.add_trace(go.Scatter(
            x=series["period_end"], y=series["value"], mode="lines+markers",
            name=f"{area_name} ({words}, 95% interval)", error_y=_errors(series),
            line={"color": COLOURS["local"], "width": 3}, marker={"size": 8},
            hovertext=_hover(series["period_label"], series["value"], decimals, value_type),
            hoverinfo="text"))
    else:
        local_type = ""
    for kind, rows in comparators.groupby("kind", sort=False):
        kind = str(kind)
        ctype = str(rows["period_type"].iloc[-1])
        own = "" if ctype == local_type else f", {PERIOD_TYPE_WORDS.get(ctype, ctype)}"
        figure.add_trace(go.Scatter(
            x=rows["period_end"], y=rows["value"], mode="lines+markers",
            name=f"{rows['name'].iloc[0]}{own}",
            line={"color": COLOURS.get(kind, "#505a5f"), "dash": "dot", "width": 1.5},
            marker={"symbol": MARKERS.get(kind, "circle"), "size": 10},
            hovertext=_hover(rows["name"] + " " + rows["period_label"].astype(str),
                             rows["value"], decimals, value_type), hoverinfo="text"))
    figure.update_xaxes(title={"text": "End of period"})
    return figure


def spc_figure(spc: pd.DataFrame, y_title: str, decimals: int, value_type: str) -> go.Figure:
    """XmR chart: the series, its mean and process limits, points marked by variation type."""
    figure = _base(y_title)
    if spc.empty:
        return figure
    x = spc["period_end"]
    figure.add_trace(go.Scatter(x=x, y=spc["y"], mode="lines", name="Figures",
                                line={"color": "#b1b4b6", "width": 2}, hoverinfo="skip"))
    for column, name, dash in (("mean", "Mean", "solid"), ("upl", "Upper process limit", "dash"),
                               ("lpl", "Lower process limit", "dash")):
        figure.add_trace(go.Scatter(x=x, y=spc[column], mode="lines", name=name,
                                    line={"color": COLOURS["limit"], "dash": dash,
                                          "width": 1.5}, hoverinfo="skip"))
    for point_type, (words, colour, marker) in POINT_STYLES.items():
        rows = spc[spc["point_type"] == point_type]
        if rows.empty:
            continue
        figure.add_trace(go.Scatter(
            x=rows["period_end"], y=rows["y"], mode="markers", name=words,
            marker={"color": COLOURS[colour], "symbol": marker, "size": 11,
                    "line": {"width": 2, "color": COLOURS[colour]}},
            hovertext=[f"{h} ({words.lower()}; {rule})" for h, rule in zip(
                _hover(rows["period_label"], rows["y"], decimals, value_type),
                rows["special_cause_type"], strict=True)],
            hoverinfo="text"))
    figure.update_xaxes(title={"text": "End of period"})
    return figure


def district_figure(districts: pd.DataFrame, reference: float | None, reference_name: str,
                    highlight: str | None, x_title: str, decimals: int,
                    value_type: str) -> go.Figure:
    """Districts' latest figures as bars with 95% intervals, and the county as a line."""
    rows = districts.dropna(subset=["value"]).sort_values("value")
    height = max(260, 34 * len(rows) + 90)
    figure = _base("", height=height)
    labels = [f"{name}{DAGGER if bool(illus) else ''}"
              for name, illus in zip(rows["area_name"], rows["illustrative"], strict=True)]
    colours = [COLOURS["highlight"] if code == highlight else COLOURS["bar"]
               for code in rows["area_code"]]
    errors = _errors(rows)
    figure.add_trace(go.Bar(
        x=rows["value"], y=labels, orientation="h", name="District",
        marker={"color": colours}, error_x=errors,
        hovertext=_hover(pd.Series(labels), rows["value"].reset_index(drop=True), decimals,
                         value_type), hoverinfo="text"))
    if reference is not None and not pd.isna(reference):
        figure.add_vline(x=float(reference), line={"color": COLOURS["national"], "dash": "dash",
                                                   "width": 2},
                         annotation_position="top",
                         annotation={"text": f"{reference_name} "
                                             f"{format_value(reference, decimals, value_type)}",
                                     "font": {"family": FONT, "size": 13}})
    figure.update_layout(showlegend=False, margin={"l": 150, "r": 24, "t": 40, "b": 48})
    figure.update_xaxes(title={"text": x_title})
    return figure
