"""The Q3 2016/17 Lancashire scorecard exported from the demo matches the seed paper.

For every indicator row the Q3 paper prints, the exported current value, previous value and
change equal the printed ones (expected values typed here from seed 002, not read from
``demo/``), and the paper's "not comparable" cells come out of the engine as "not comparable".
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from services.exports import write_export

if TYPE_CHECKING:
    from pathlib import Path

    from tests.demo.conftest import DemoStore

#: indicator id -> (current, previous, change) as printed in the Q3 2016/17 paper; change None
#: where the paper prints "No Data" (care leavers EET), "nc" where it prints "not comparable".
Q3_PAPER: dict[str, tuple[float, float, float | str | None]] = {
    "cp_plans_number": (1631, 1734, -103),
    "dv_referrals_csc": (295, 284, 11),
    "domestic_incidents_children": (2511, 2661, -150),
    "cla_rate": (74, 72.7, 1.3),
    "cla_number": (1816, 1784, 32),
    "missing_children_police": (365, 427, -62),
    "cp_plans_rate": (66.4, 70.6, -4.2),
    "ks2_rwm_level4": (82, 81, 1),
    "gcse_5ac_em": (58, 58.8, -0.8),
    "ofsted_good_outstanding": (94, 93, 1),
    "fte_youth_justice_rate": (309, 293, 16),
    "child_poverty_0_19": (18.8, 16.3, 2.5),
    "care_leavers_eet": (50.7, 48.2, None),
    "care_leavers_suitable_accommodation": (89.2, 87.3, 1.9),
    "cla_gcse_5ac_em": (14, 7.7, "nc"),
    "primary_getting_on": (93.7, 94.2, -0.5),
    "secondary_getting_on": (93.7, 92.9, 0.8),
    "primary_after_school_activities": (87.6, 87.4, 0.2),
    "secondary_after_school_activities": (64.7, 63.8, 0.9),
    "primary_bullied_at_school": (13.2, 10.4, 2.8),
    "secondary_bullied_at_school": (9.7, 7.8, 1.9),
    "primary_bullied_journey": (4.7, 4.1, 0.6),
    "secondary_bullied_journey": (4.3, 3.3, 1),
    "self_harm_admissions_10_24": (504.3, 524.3, -20),
    "children_adopted": (118, 121, -3),
    "smoking_at_delivery": (14.3, 15.7, -1.4),
    "breastfeeding_initiation": (68.7, 69.5, -0.8),
    "dtap_ipv_hib_12m": (85.3, 91.5, -6.2),
    "conceptions_15_17_quarterly": (21.5, 29.2, -7.7),
    "chlamydia_diagnoses": (2247, 2389, -142),
}
#: Comparator cells the paper prints as "not comparable" (national and regional).
NOT_COMPARABLE = ("cp_plans_number", "cla_number", "primary_getting_on", "secondary_getting_on",
                  "primary_bullied_at_school", "children_adopted")


@pytest.fixture(scope="module")
def exported(demo: DemoStore, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out: Path = tmp_path_factory.mktemp("export") / "q3.csv"
    write_export(demo.settings, "E10000017", "Q3 16/17", "csv", out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("indicator_id,"))
    assert lines[0].startswith("# OFFICIAL")
    return pd.read_csv(io.StringIO("\n".join(lines[header:])), dtype=str).set_index(
        "indicator_id")


def test_header_block_names_period_and_marking(demo: DemoStore,
                                                tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("header") / "q3.csv"
    write_export(demo.settings, "E10000017", "Q3 2016/17", "csv", out)
    head = out.read_text(encoding="utf-8-sig")[:400]
    assert "OFFICIAL" in head and "Lancashire" in head and "Q3 2016/17" in head


@pytest.mark.parametrize("indicator", sorted(Q3_PAPER))
def test_current_previous_and_change_match_the_paper(exported: pd.DataFrame,
                                                     indicator: str) -> None:
    current, previous, change = Q3_PAPER[indicator]
    row = exported.loc[indicator]
    assert float(row["current_value"]) == pytest.approx(current)
    assert float(row["previous_value"]) == pytest.approx(previous)
    if change == "nc":
        assert row["change"] == "not comparable"
        assert row["direction"] == "not comparable"
    elif change is not None:
        assert float(row["change"]) == pytest.approx(change)


@pytest.mark.parametrize("indicator", NOT_COMPARABLE)
def test_not_comparable_comparator_cells(exported: pd.DataFrame, indicator: str) -> None:
    row = exported.loc[indicator]
    assert (row["national_value"], row["regional_value"]) == ("not comparable",
                                                             "not comparable")


def test_cp_rate_is_red_and_says_why(exported: pd.DataFrame) -> None:
    row = exported.loc["cp_plans_rate"]
    assert row["rag"] == "red"
    assert row["rag_reason"].startswith(
        "Red: 66.4 per 10,000 aged 0-17 (95% CI 63.2-69.7) is significantly higher than "
        "England's")
    assert row["rag_reason"].endswith("; low is good.")
