"""Chart legends sit clear of the data: in their own strip below the plotting area."""

from __future__ import annotations

from typing import Any, cast

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from exports.charts import STYLE, districts_chart, districts_figure, trend_chart, trend_figure

#: The last point and its interval at the top right, where a "best" legend used to sit.
RISING = [{"period_label": f"Q{q} 2016/17", "value": 60.0 + 5 * q, "lower_ci": 56.0 + 5 * q,
           "upper_ci": 64.0 + 5 * q, "national_value": 60.0} for q in range(1, 5)]
AREAS = [{"area_name": f"District {n}", "value": 10.0 * n} for n in range(1, 13)]


def _legend_clear_of_plot(figure: Figure) -> None:
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    legends = figure.legends
    assert legends, "the chart has a legend"
    for axes in figure.axes:
        plot = axes.get_window_extent(renderer)
        for legend in legends:
            box = legend.get_window_extent(renderer)
            assert not box.overlaps(plot), (box, plot)
            assert box.y1 <= plot.y0  # below the chart


def test_trend_legend_is_below_the_plotting_area() -> None:
    with rc_context(cast(Any, STYLE)):
        _legend_clear_of_plot(trend_figure(RISING, title="Rate", area_name="The county"))


def test_districts_legend_is_below_the_plotting_area() -> None:
    with rc_context(cast(Any, STYLE)):
        _legend_clear_of_plot(districts_figure(AREAS, title="Rate", period_label="Q3 2016/17",
                                               county_value=65.0))


def test_charts_still_render_with_the_legend_below() -> None:
    trend = trend_chart(RISING, title="Rate", area_name="The county")
    bars = districts_chart(AREAS, title="Rate", period_label="Q3 2016/17", county_value=65.0)
    for chart in (trend, bars):
        assert chart.data.startswith(b"<?xml") and b"<svg" in chart.data
    assert b"England" in trend.data and b"The county" in bars.data
