"""How many scorecard rows get a judgement in the demo store, and why the others do not.

Measures, for the county area in Q3 2016/17 and the latest quarter, the share of rows with a
national value or a target, and current for the quarter, that are rated red, amber or green.
Out-of-date figures are never rated and every grey row names why.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from services.exports import write_export

if TYPE_CHECKING:
    from tests.demo.conftest import DemoStore

COUNTY = "E10000017"
#: Share of current rows with a national value or a target that are rated, at least: of all
#: such rows, and of those with a better or worse direction. Measured on the demo store: Q3
#: 2016/17 15 of 15; Q4 2024/25 12 of 12 (6 of 6 with a direction). Six of those are rates
#: the catalogue gives no better or worse direction (children in need, referrals, section 47
#: enquiries, child protection and looked-after starts and ends), placed among the council's
#: statistical neighbours' figures by the ``typical_range`` rule.
FLOORS = {"Q3 2016/17": (0.90, 0.90), "Q4 2024/25": (0.90, 0.90)}
#: What a grey row may say: words a Board member accepts, never a bare "cannot".
ACCEPTED_GREY = ("neither better nor worse in itself", "fewer than five periods",
                 "recent-trend test applies to rates and percentages",
                 "no England value is available", "out of date for this quarter",
                 "no value is available", "too few comparable councils")


def _export(demo: DemoStore, quarter: str, tmp_path_factory: pytest.TempPathFactory
            ) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("coverage") / "card.csv"
    write_export(demo.settings, COUNTY, quarter, "csv", out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("indicator_id,"))
    return pd.read_csv(io.StringIO("\n".join(lines[header:])), dtype=str,
                       keep_default_na=False)


@pytest.mark.parametrize("quarter", sorted(FLOORS))
def test_rated_share_of_rows_with_a_comparator(demo: DemoStore, quarter: str,
                                               tmp_path_factory: pytest.TempPathFactory
                                               ) -> None:
    card = _export(demo, quarter, tmp_path_factory)
    assert {"rag_rule", "currency", "trend_test"} <= set(card.columns)
    national = pd.to_numeric(card["national_value"], errors="coerce").notna()
    target = card["rag_rule"].eq("target")
    current = card["currency"].eq("current")
    eligible = card[(national | target) & current]
    rated = eligible["rag"].isin(["red", "amber", "green"])
    directed = eligible["polarity"].ne("no_judgement")
    print(f"{quarter}: {int(rated.sum())} of {len(eligible)} rated ({rated.mean():.0%}); "
          f"with a direction {int(rated[directed].sum())} of {int(directed.sum())}")
    floor_all, floor_directed = FLOORS[quarter]
    assert rated.mean() >= floor_all
    assert rated[directed].mean() >= floor_directed
    grey = card.loc[card["rag"].eq("grey"), "rag_reason"]
    assert grey.str.startswith("No RAG rating: ").all()
    accepted = grey.map(lambda reason: any(words in reason for words in ACCEPTED_GREY))
    assert accepted.all(), grey[~accepted].tolist()
    assert rated[directed].all(), eligible.loc[~rated & directed, "indicator_id"].tolist()
    stale = card[~current]
    assert stale["currency"].str.startswith("latest available: ").all()
    assert stale["rag"].eq("grey").all()
    assert stale["rag_reason"].str.contains("out of date for this quarter").all()


def test_ranked_rows_state_the_rule(demo: DemoStore,
                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    card = _export(demo, "Q4 2024/25", tmp_path_factory).set_index("indicator_id")
    ranked = card[card["rag_rule"].eq("rank")]
    assert not ranked.empty
    assert ranked["rag_reason"].str.contains(r"quartile of \d+ ", regex=True).all()
    assert ranked["rag_reason"].str.contains("No confidence interval can be built").all()


def test_latest_quarter_lists_stale_figures_as_such(
        demo: DemoStore, tmp_path_factory: pytest.TempPathFactory) -> None:
    card = _export(demo, "Q4 2024/25", tmp_path_factory).set_index("indicator_id")
    assert card.loc["obesity_year6", "currency"] == "latest available: 2019/20 (academic)"
    assert card.loc["conceptions_u18", "rag"] == "grey"
    assert card.loc["cp_plans_rate", "currency"] == "current"


def test_figures_without_counts_are_compared_with_england_by_a_margin(
        demo: DemoStore, tmp_path_factory: pytest.TempPathFactory) -> None:
    card = _export(demo, "Q3 2016/17", tmp_path_factory).set_index("indicator_id")
    compared = card[card["rag_rule"].eq("comparator") & card["currency"].eq("current")]
    assert {"ks2_rwm_level4", "smoking_at_delivery", "fte_youth_justice_rate"} <= set(
        compared.index)
    assert compared["rag"].isin(["red", "amber", "green"]).all()
    assert compared["rag_reason"].str.contains(
        "not tested for significance: no counts are published").all()
    assert card.loc["dtap_ipv_hib_12m", "rag_rule"] == "target"
    assert card.loc["dtap_ipv_hib_12m", "rag"] == "red"


def test_rates_without_direction_are_placed_among_similar_councils(
        demo: DemoStore, tmp_path_factory: pytest.TempPathFactory) -> None:
    card = _export(demo, "Q4 2024/25", tmp_path_factory).set_index("indicator_id")
    ranged = card[card["rag_rule"].eq("typical_range")]
    assert set(ranged.index) == {"cin_rate", "csc_referrals_rate", "s47_enquiries_rate",
                                 "cp_plans_starts_rate", "cla_starts_rate", "cla_ceased_rate"}
    assert ranged["polarity"].eq("no_judgement").all()
    assert ranged["rag"].isin(["red", "amber", "green"]).all()
    assert ranged["rag_reason"].str.contains(
        r"(?:middle half|whole range) of its 10 statistical neighbours \(", regex=True).all()
    assert ranged["rag_reason"].str.contains("neither better nor worse in itself").all()
    assert card.loc["cp_plans_number", "rag_rule"] == "none"  # counts are not compared
