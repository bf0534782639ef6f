"""The catalogue read once per process, its frame for the judgement engine, and dependents."""

from __future__ import annotations

import dataclasses

from domain.catalogue import load_catalogue
from services.catalogue import catalogue, catalogue_frame, scorecard_catalogue, with_dependents


def test_the_catalogue_is_read_once_and_shared() -> None:
    assert catalogue() is catalogue()
    assert catalogue() == load_catalogue()
    assert scorecard_catalogue() is scorecard_catalogue()
    assert scorecard_catalogue()["indicator_id"].tolist() == list(catalogue())


def test_the_frame_holds_what_the_judgement_engine_reads() -> None:
    cla = {"cla_rate": catalogue()["cla_rate"]}
    row = catalogue_frame(cla).iloc[0]
    assert (row["indicator_id"], row["numerator_indicator"]) == ("cla_rate", "cla_number")
    assert isinstance(row["comparators"], tuple) and isinstance(row["multiplier"], float)


def test_a_count_brings_the_rates_built_on_it() -> None:
    assert with_dependents(["cla_number"]) == ["cla_number", "cla_rate"]
    assert with_dependents(["cla_rate"]) == ["cla_rate"]
    alone = {"cla_number": catalogue()["cla_number"],
             "other_rate": dataclasses.replace(catalogue()["cla_rate"], id="other_rate")}
    assert with_dependents(["cla_number"], alone) == ["cla_number", "other_rate"]
