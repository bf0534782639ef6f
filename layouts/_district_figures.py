"""Figures for the district pages: map, ranked bars, funnel plot and small-multiple trends.

Pure functions from service results to plotly figures. Significance against the council is shown
by colour, by the legend's words and by each point's marker shape, never by colour alone. Figures
marked illustrative carry a dagger (†) wherever their value is written.

The map draws the ONS district boundaries with plotly's ``geo`` subplot and no base map, so it
needs no tile server. (``assets/offline_geo.js`` gives plotly an empty world map so that it never
fetches one from the internet.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from domain.catalogue import Indicator
from indicators.display import COUNTY_SIGNIFICANCE_TEMPLATES, format_value
from indicators.districts import FUNNEL_LINES, Funnel
from layouts._figure_grid import cell_axes, grid_layout
from layouts._figures import COLOURS, FONT, LIGHT_TEMPLATE
from layouts._map_numbers import map_label, map_numbers
from services.district_view import DistrictView

DAGGER = " \u2020"
#: Fills dark enough to need white labels on the map.
DARK_FILLS = frozenset({"#00703c", "#d4351c", "#003078"})
#: Significance against the county -> (fill colour, marker symbol).
SIGNIFICANCE_MARKS: dict[str, tuple[str, str]] = {
    "Better": ("#00703c", "triangle-up"), "Similar": ("#ffdd00", "circle"),
    "Worse": ("#d4351c", "triangle-down"), "Higher": ("#003078", "triangle-up"),
    "Lower": ("#5694ca", "triangle-down"), "Not compared": ("#b1b4b6", "square"),
}
#: Significance against the council -> (legend words with ``{council}``, fill colour, marker).
SIGNIFICANCE_STYLE: dict[str, tuple[str, str, str]] = {
    label: (words[:1].upper() + words[1:], *SIGNIFICANCE_MARKS[label])
    for label, (words, _tone) in COUNTY_SIGNIFICANCE_TEMPLATES.items()}
FUNNEL_STYLE: dict[str, tuple[str, str]] = {  # funnel label -> (marker symbol, colour)
    "High (0.001)": ("triangle-up", "#003078"), "High (0.025)": ("triangle-up-open", "#1d70b8"),
    "Low (0.001)": ("triangle-down", "#003078"), "Low (0.025)": ("triangle-down-open", "#1d70b8"),
    "Not significant": ("circle", "#505a5f"),
}


def styles(council: str) -> dict[str, tuple[str, str, str]]:
    """:data:`SIGNIFICANCE_STYLE` with the council named ("Better than Kent")."""
    return {label: (words.format(council=council), colour, symbol)
            for label, (words, colour, symbol) in SIGNIFICANCE_STYLE.items()}


def style_of(label: Any, council: str = "the council") -> tuple[str, str, str]:
    """Legend words, colour and marker for a comparison with the council."""
    words, colour, symbol = SIGNIFICANCE_STYLE.get(str(label),
                                                   SIGNIFICANCE_STYLE["Not compared"])
    return words.format(council=council), colour, symbol


def value_text(value: Any, indicator: Indicator, illustrative: Any = False) -> str:
    """A figure as the districts pages write it, with a dagger when illustrative."""
    text = format_value(value, indicator.decimals, indicator.value_type.value)
    return text + (DAGGER if bool(illustrative) and text != "no data" else "")


def apply_layout(figure: go.Figure, height: int, **extra: Any) -> go.Figure:
    """The shared look of the districts charts, applied to ``figure``."""
    figure.update_layout(template=LIGHT_TEMPLATE, height=height, hovermode="closest",
                         font={"family": FONT, "size": 14, "color": "#0b0c0c"},
                         legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
                         **extra)
    return figure


def _area_lookup(view: DistrictView) -> pd.DataFrame:
    """One row per district with the figure it is coloured by (its own or its group's)."""
    areas = view.areas.set_index("area_code")
    codes = list(view.district_groups) or list(areas.index)
    owner = [view.district_groups.get(code, code) for code in codes]
    out = areas.reindex(owner).reset_index(names="owner")
    out["district"] = codes
    return out[out["area_name"].notna()]


def district_map(view: DistrictView, boundaries: dict[str, Any] | str,
                 centroids: Mapping[str, tuple[float, float]]) -> go.Figure:
    """Districts coloured by significance against their council, labelled with their values.

    Where nothing can be compared (counts, figures without intervals) the districts are shaded
    by value instead, with a colour bar. ``boundaries`` is the GeoJSON itself or, for pages,
    its address: plotly.js then fetches it once and the figure stays small.
    """
    figure = go.Figure()
    rows = _area_lookup(view)
    ind = view.indicator
    hover = [f"{name}: {value_text(v, ind, il)} ({style_of(s, view.council_name)[0].lower()})"
             for name, v, il, s in zip(rows["area_name"], rows["value"], rows["illustrative"],
                                       rows["significance"], strict=True)]
    rows = rows.assign(hover=hover)
    compared = rows["significance"].fillna("Not compared").ne("Not compared").any()
    if compared:
        for label, (words, colour, _symbol) in styles(view.council_name).items():
            part = rows[rows["significance"].fillna("Not compared") == label]
            if part.empty:
                continue
            figure.add_trace(go.Choropleth(
                geojson=boundaries, featureidkey="properties.LAD24CD",
                locations=part["district"], z=np.ones(len(part)), name=words,
                colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True,
                marker={"line": {"color": "#ffffff", "width": 1.5}},
                hovertext=part["hover"], hoverinfo="text"))
    else:
        figure.add_trace(go.Choropleth(
            geojson=boundaries, featureidkey="properties.LAD24CD", locations=rows["district"],
            z=pd.to_numeric(rows["value"], errors="coerce"), colorscale="Blues",
            colorbar={"title": {"text": ind.unit_label or "Value"}, "thickness": 12},
            marker={"line": {"color": "#ffffff", "width": 1.5}}, name=ind.short_title,
            hovertext=rows["hover"], hoverinfo="text"))
    labels = _map_labels(rows, centroids, ind)
    if compared:
        dark = [style_of(s)[1] in DARK_FILLS for s in labels["significance"]]
    else:
        values = pd.to_numeric(labels["value"], errors="coerce")
        spread = (values - values.min()) / max(float(values.max() - values.min()), 1e-9)
        dark = list(spread.fillna(0) > 0.55)
    figure.add_trace(go.Scattergeo(
        lon=labels["lon"], lat=labels["lat"], text=labels["text"], mode="text",
        textfont={"family": FONT, "size": 11,
                  "color": ["#ffffff" if d else "#0b0c0c" for d in dark]},
        hoverinfo="skip", showlegend=False))
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    apply_layout(figure, 480, margin={"l": 0, "r": 0, "t": 8, "b": 8}, dragmode=False)
    figure.update_layout(legend={"yanchor": "top", "y": 0})
    return figure


def _map_labels(rows: pd.DataFrame, centroids: Mapping[str, tuple[float, float]],
                indicator: Indicator) -> pd.DataFrame:
    points = rows.assign(lon=[centroids.get(d, (np.nan, np.nan))[0] for d in rows["district"]],
                         lat=[centroids.get(d, (np.nan, np.nan))[1] for d in rows["district"]])
    grouped = points.groupby("owner", sort=False).agg(
        lon=("lon", "mean"), lat=("lat", "mean"), value=("value", "first"),
        illustrative=("illustrative", "first"), significance=("significance", "first"),
        area_name=("area_name", "first"))
    # Each area is marked with its number in the key beside the map (layouts._map_key).
    numbers = map_numbers(grouped.index, grouped["area_name"])
    grouped["text"] = [map_label(numbers[str(owner)], value_text(v, indicator, il))
                       for owner, v, il in zip(grouped.index, grouped["value"],
                                               grouped["illustrative"], strict=True)]
    return grouped.reset_index()


def ordered(areas: pd.DataFrame, polarity: str) -> pd.DataFrame:
    """Areas with a value, best first (highest first where there is no judgement)."""
    rows = areas.dropna(subset=["value"]).copy()
    rows["value"] = pd.to_numeric(rows["value"])
    return rows.sort_values(["value", "area_name"], ascending=[polarity == "low_is_good", True])


def ranked_bars(view: DistrictView) -> go.Figure:
    """Horizontal bars, best at the top, with 95% intervals and the county as a line."""
    ind = view.indicator
    rows = ordered(view.areas, ind.polarity.value)
    names = [f"{n}{DAGGER if bool(i) else ''}" for n, i in zip(rows["area_name"],
                                                                 rows["illustrative"],
                                                                 strict=True)]
    rows = rows.assign(label=names)
    figure = go.Figure()
    for label, (words, colour, _symbol) in styles(view.council_name).items():
        part = rows[rows["significance"].fillna("Not compared") == label]
        if part.empty:
            continue
        lower = pd.to_numeric(part["lower_ci"], errors="coerce")
        upper = pd.to_numeric(part["upper_ci"], errors="coerce")
        figure.add_trace(go.Bar(
            x=part["value"], y=part["label"], orientation="h", name=words,
            customdata=part["area_code"],
            marker={"color": colour, "line": {"color": "#0b0c0c", "width": 1}},
            error_x={"type": "data", "symmetric": False, "array": (upper - part["value"]),
                     "arrayminus": (part["value"] - lower), "color": "#0b0c0c",
                     "thickness": 1.5, "width": 4, "visible": bool(upper.notna().any())},
            hovertext=[f"{n}: {value_text(v, ind, i)} ({words.lower()})" for n, v, i in zip(
                part["area_name"], part["value"], part["illustrative"], strict=True)],
            hoverinfo="text"))
    if view.county and view.county.value is not None and not ind.is_count:
        figure.add_vline(x=view.county.value, line={"color": COLOURS["national"],
                                                    "dash": "dash", "width": 2},
                         annotation={"text": f"{view.council_name} "
                                             f"{value_text(view.county.value, ind)}",
                                     "font": {"family": FONT, "size": 13}})
    figure.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed",
                        automargin=True)
    figure.update_xaxes(title={"text": ind.unit_label or ind.short_title})
    return apply_layout(figure, max(300, 34 * len(rows) + 150),
                        margin={"l": 8, "r": 24, "t": 72, "b": 48}, barmode="overlay")


#: The funnel's centre line, named apart from the council's own figure (which it can differ
#: from): the areas shown, taken together.
FUNNEL_CENTRE = "Pooled average of the areas shown"


def funnel_plot(funnel: Funnel, indicator: Indicator) -> go.Figure:
    """Areas against their denominators, within 95% and 99.8% limits around the pooled value."""
    figure = go.Figure()
    for line, label in FUNNEL_LINES:
        rows = funnel.limits[funnel.limits["line"] == line].sort_values("x")
        figure.add_trace(go.Scatter(
            x=rows["x"], y=rows["y"], mode="lines", name=label, legendgroup=label,
            showlegend=line.startswith("upper"), hoverinfo="skip",
            line={"color": COLOURS["limit"], "width": 1.5,
                  "dash": "solid" if line.endswith("998") else "dash"}))
    figure.add_hline(y=funnel.baseline, line={"color": COLOURS["national"], "width": 2},
                     annotation={"text": f"{FUNNEL_CENTRE} "
                                         f"{value_text(funnel.baseline, indicator)}",
                                 "font": {"family": FONT, "size": 13}})
    for label, (symbol, colour) in FUNNEL_STYLE.items():
        rows = funnel.points[funnel.points["funnel_label"] == label]
        if rows.empty:
            continue
        figure.add_trace(go.Scatter(
            x=rows["denominator"], y=rows["value"], mode="markers", name=label,
            marker={"symbol": symbol, "size": 13, "color": colour,
                    "line": {"width": 2, "color": colour}},
            hovertext=[f"{n}: {value_text(v, indicator, i)} ({label.lower()})"
                       for n, v, i in zip(rows["area_name"], rows["value"],
                                          rows["illustrative"], strict=True)],
            hoverinfo="text"))
    figure.update_xaxes(title={"text": "Denominator (size of the group the figure is out of)"})
    figure.update_yaxes(title={"text": indicator.unit_label or indicator.short_title})
    return apply_layout(figure, 440, margin={"l": 72, "r": 24, "t": 56, "b": 56})


def trend_multiples(view: DistrictView, columns: int = 4) -> go.Figure:
    """One small chart per area: its figures over time beside its council's (dashed)."""
    ind = view.indicator
    series = view.series.sort_values("period_end")
    council_code = view.council.council if view.council else ""
    county = series[series["area_code"] == council_code]
    if ind.is_count:  # a county total is not comparable with a district count
        county = county.iloc[0:0]
    areas = list(view.areas["area_name"])
    rows_needed = max(1, -(-len(areas) // columns))
    by_area = dict(tuple(series.groupby("area_code", sort=False)))
    traces: list[dict[str, Any]] = []
    for position, (code, name) in enumerate(zip(view.areas["area_code"], areas, strict=True)):
        x_ref, y_ref = cell_axes(position)
        own = by_area.get(code, series.iloc[0:0])
        if not county.empty:
            traces.append({
                "type": "scatter", "x": list(county["period_end"]), "y": list(county["value"]),
                "mode": "lines", "name": view.council_name, "legendgroup": "county",
                "showlegend": position == 0, "hoverinfo": "skip", "xaxis": x_ref,
                "yaxis": y_ref, "line": {"color": COLOURS["county"], "dash": "dash",
                                         "width": 1.5}})
        traces.append({
            "type": "scatter", "x": list(own["period_end"]), "y": list(own["value"]),
            "mode": "lines+markers", "name": "Area", "legendgroup": "area",
            "showlegend": position == 0, "xaxis": x_ref, "yaxis": y_ref,
            "line": {"color": COLOURS["local"], "width": 2}, "marker": {"size": 6},
            "hovertext": [f"{name} {p}: {value_text(v, ind, i)}" for p, v, i in zip(
                own["period_label"], own["value"], own["illustrative"], strict=True)],
            "hoverinfo": "text"})
    layout = grid_layout(areas, columns, {"showticklabels": True, "tickformat": "%Y",
                                          "nticks": 4},
                         title_font={"family": FONT, "size": 13})
    figure = go.Figure({"data": traces, "layout": layout})
    apply_layout(figure, 170 * rows_needed + 110, margin={"l": 56, "r": 16, "t": 70, "b": 40})
    figure.update_layout(legend={"y": 1.0 + 40 / (170 * rows_needed)})
    return figure
