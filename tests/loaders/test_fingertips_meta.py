"""Reading an indicator's catalogue cells from real Fingertips files."""

from __future__ import annotations

from typing import Any

import pytest

from loaders.fingertips_meta import DescribeError, describe_fingertips
from tests.loaders.conftest import SHARED_DATA

API = SHARED_DATA / "api-samples" / "fingertips-api"


def test_api_answer_gives_name_unit_polarity_and_years() -> None:
    found = describe_fingertips(API / "indicators-CountyUA.data.csv", 93356)
    assert (found.title, found.value_type, found.multiplier, found.unit_label) == (
        "Campylobacter incidence rate/100,000", "rate", 100000, "per 100,000")
    assert (found.polarity, found.period_type, found.ci_method) == (
        "low_is_good", "cal_year", "published")
    assert found.periods == ("2015", "2016", "2017")


def test_web_export_gives_a_rate_per_10000_from_its_figures() -> None:
    found = describe_fingertips(API / "la_hospital_admissions_2223.csv", 90284)
    assert (found.value_type, found.multiplier, found.period_type) == ("rate", 10000,
                                                                       "fin_year")
    assert found.polarity == "low_is_good"


def test_an_id_the_file_lacks_is_named(files: Any) -> None:
    with pytest.raises(DescribeError, match="no rows of Fingertips indicator 1 "):
        describe_fingertips(API / "indicators-CountyUA.data.csv", 1)
    path = files.csv("x.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(DescribeError, match="not a Fingertips export"):
        describe_fingertips(path, 1)
