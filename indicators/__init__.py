"""Pure statistics and judgements for the scorecard: intervals, comparisons, trends, SPC, RAG.

Every function here is pure (numpy/scipy/pandas in, numpy/pandas out): no Dash, no SQL, no
globals. Methods and their sources are set out in ``METHODS.md``; each docstring cites its anchor.
"""

from indicators._intervals import (
    byar_ci,
    exact_poisson_ci,
    rate_ci,
    rate_ci_method,
    wilson_ci,
)
from indicators.benchmarks import (
    Benchmark,
    NeighbourSummary,
    benchmark_from_group,
    neighbour_summary,
)
from indicators.change import change_and_direction, percent_change
from indicators.funnels import (
    assign_funnel_significance,
    poisson_funnel_bounds,
    pooled_average,
    proportion_funnel_limits,
    rate_funnel_limits,
    ratio_funnel_limits,
)
from indicators.proportions import proportion_with_ci
from indicators.rag import RAG_RULES, rag_rating
from indicators.ranking import percentile_bounds, quantile_band, quartile_band, rank_areas
from indicators.rates import rate_with_ci
from indicators.significance import (
    compare_ci_overlap,
    compare_spc_proportion,
    compare_spc_rate,
    compare_to_benchmark,
    compare_two_level,
)
from indicators.spc import XmrLimits, assurance_icon, spc_chart, variation_icon, xmr_limits
from indicators.trend import TrendResult, recent_trend

__all__ = [
    "RAG_RULES",
    "Benchmark",
    "NeighbourSummary",
    "TrendResult",
    "XmrLimits",
    "assign_funnel_significance",
    "assurance_icon",
    "benchmark_from_group",
    "byar_ci",
    "change_and_direction",
    "compare_ci_overlap",
    "compare_spc_proportion",
    "compare_spc_rate",
    "compare_to_benchmark",
    "compare_two_level",
    "exact_poisson_ci",
    "neighbour_summary",
    "percent_change",
    "percentile_bounds",
    "poisson_funnel_bounds",
    "pooled_average",
    "proportion_funnel_limits",
    "proportion_with_ci",
    "quantile_band",
    "quartile_band",
    "rag_rating",
    "rank_areas",
    "rate_ci",
    "rate_ci_method",
    "rate_funnel_limits",
    "rate_with_ci",
    "ratio_funnel_limits",
    "recent_trend",
    "spc_chart",
    "variation_icon",
    "wilson_ci",
    "xmr_limits",
]
