"""Reading stored judgements with their RAG reasons worded by the catalogue."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.judgements import NATIONAL_NOTES
from services.catalogue import catalogue
from services.stored_judgements import with_reasons

ENGLAND = "E92000001"


def _rows(rule: str) -> pd.DataFrame:
    indicator = next(i for i in catalogue().values() if i.rag_rule.value == "benchmark")
    return pd.DataFrame([{
        "indicator_id": indicator.id, "area_code": "E06000001", "value": 50.0,
        "lower_ci": np.nan, "upper_ci": np.nan, "ci_level": np.nan, "national_value": 40.0,
        "national_significance": "Not compared", "target_value": np.nan, "trend": None,
        "rank": 2.0, "rank_of": 10.0, "rank_group": "neighbours", "england_rank": np.nan,
        "england_rank_of": np.nan, "range_low": np.nan, "range_q1": np.nan,
        "range_q3": np.nan, "range_high": np.nan, "range_n": np.nan, "range_scope": "",
        "rag_rule_used": rule}])


def test_a_fallen_back_rule_keeps_its_note_and_none_is_monitored() -> None:
    ranked = with_reasons(_rows("rank"))["rag_reason"].iloc[0]
    assert ranked.startswith("Green: 1st quartile of 10 councils") and "ranked instead" in ranked
    assert with_reasons(_rows("none"))["rag_reason"].iloc[0].startswith("No RAG rating")


def test_no_rows_gain_an_empty_reason_column() -> None:
    assert "rag_reason" in with_reasons(pd.DataFrame(columns=["indicator_id"])).columns


def test_england_reads_back_judged_on_its_own_trend_not_against_england() -> None:
    england = _rows("trend").assign(area_code=ENGLAND, national_value=np.nan,
                                    trend="Increasing and getting better")
    reason = with_reasons(england)["rag_reason"].iloc[0]
    assert reason == ("Green: the recent trend is increasing and getting better."
                      + NATIONAL_NOTES["trend"])
    council = with_reasons(_rows("benchmark"))["rag_reason"].iloc[0]
    assert "England's 40.0" in council and NATIONAL_NOTES["trend"] not in council
