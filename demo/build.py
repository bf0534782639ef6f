"""Build the demo workbooks, in the order a performance officer would have loaded them.

Each file is in one of the upload formats: the upload template (the seed scorecards), the wide
district layout with a Mapping sheet (the Troubled Families tables and the modelled district
series), and the native DfE LAIT and OHID Fingertips shapes (rows copied from the open data).
The files go to ``settings.demo_dir``, where a user can open them and the upload page can offer
them as examples. Building twice from the same inputs gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from demo.district_model import (
    ILLUSTRATIVE_NOTE,
    MEASURES,
    DistrictModel,
    lait_county_counts,
    model_districts,
)
from demo.seed_scorecards import PAPERS, county_counts, paper_rows, quoted_rates, read_seed
from demo.troubled_families import february_2017, november_2016
from demo.workbooks import (
    WideSheet,
    WideWorkbook,
    csv_extract,
    template_workbook,
    wide_workbook,
)
from domain.areas import reference_areas
from domain.catalogue import Indicator, load_catalogue
from loaders.readers import column_letter
from loaders.wide import MAPPING_COLUMNS
from settings import Settings

LAIT_FILE = "lait_bds_csc_headline_by_la.csv"
FINGERTIPS_FILE = "fingertipsnext_nw_child_indicators_ci.csv"
MODEL_SOURCE = "Modelled for the demo (docs/demo-data.md)"
#: Whether a Mapping sheet can mark its blocks illustrative and give them a note and source.
#: Until it can, the modelled districts are written in the long template, which can.
WIDE_CARRIES_FLAGS = {"illustrative", "note", "source"} <= set(MAPPING_COLUMNS)
SEED_NOTES = (
    "Figures transcribed from the Lancashire CYPP performance scorecard as published (seed "
    "002): the table's current and previous columns, its national and regional columns, and "
    "figures quoted in the performance summary. 'not comparable', 'unavailable' and 'No Data' "
    "cells are not figures and have no row.",
    "National and regional figures are stored at the period they cover (for example the "
    "March 2016 looked-after rates as Q4 2015/16), so the scorecard sets the latest published "
    "comparator beside each quarter, as the paper does.",
)


@dataclass(frozen=True)
class DemoFile:
    """One demo file: its name and how to make its bytes."""

    name: str
    make: Callable[[], bytes]


def _seed_paper(seed: pd.DataFrame, paper: str, catalogue: dict[str, Indicator],
                areas: pd.DataFrame) -> bytes:
    return template_workbook(paper_rows(seed, paper), catalogue, areas, SEED_NOTES)


def _lait(settings: Settings, catalogue: dict[str, Indicator]) -> bytes:
    """Every English LA's figures for the catalogue's LAIT measures, so a figure can be ranked
    among all English councils as LAIT ranks it."""
    measures = {ind.lait_measure for ind in catalogue.values() if ind.lait_measure}
    data, _ = csv_extract(settings.shared_data / LAIT_FILE,
                          lambda row: row["Short Desc"].strip() in measures)
    return data


def _fingertips(settings: Settings, catalogue: dict[str, Indicator]) -> bytes:
    ids = {str(ind.fingertips_id) for ind in catalogue.values() if ind.fingertips_id}
    data, _ = csv_extract(settings.shared_data / FINGERTIPS_FILE,
                          lambda row: row["IndicatorId"].strip() in ids)
    return data


def district_model(settings: Settings, seed: pd.DataFrame) -> DistrictModel:
    """The modelled district CP and CLA series (see :mod:`demo.district_model`)."""
    county = {m.key: {**lait_county_counts(settings.shared_data, m.lait_measure),
                      **county_counts(seed, m.count_indicator)} for m in MEASURES}
    return model_districts(settings.shared_data, county, quoted_rates(seed))


def district_workbook(model: DistrictModel) -> WideWorkbook:
    """Districts down the side, quarters across: counts, and the populations used as rates'
    denominators; every block flagged illustrative."""
    counts = model.counts
    periods = list(dict.fromkeys(counts["period_label"]))
    title = ("ILLUSTRATIVE: modelled, not published. District counts are modelled from the "
             "county figures and the district rates quoted in the Q2 and Q3 2016/17 scorecards; "
             "see docs/demo-data.md.",)
    sheets: list[WideSheet] = []
    for key, name in (("cp", "CP plans"), ("cla", "Children looked after")):
        table = counts[counts["measure"] == key].pivot(
            index="name", columns="period_label", values="count").loc[:, periods]
        sheets.append(WideSheet(name, [("District", *periods),
                                       *[(d, *table.loc[d]) for d in table.index]], title))
    population = counts.drop_duplicates("code").sort_values("name")
    sheets.append(WideSheet("Population 0-17", [
        ("District", *periods),
        *[(name, *[people] * len(periods)) for name, people in
          zip(population["name"], population["population"], strict=True)]],
        ("ONS mid-2023 population estimate aged 0-17, used as the denominator for every "
         "period shown",)))
    last = column_letter(len(periods))
    mapping = []
    for sheet, measure in zip(sheets[:2], MEASURES, strict=True):
        for indicator, kind, source in (
                (measure.count_indicator, "value", sheet),
                (measure.rate_indicator, "numerator", sheet),
                (measure.rate_indicator, "denominator", sheets[2])):
            mapping.append({
                "sheet": source.name, "indicator_id": indicator, "kind": kind,
                "area_column": "A", "header_row": source.header_row, "columns": f"B:{last}",
                "breakdown": "all", "illustrative": "yes", "note": ILLUSTRATIVE_NOTE,
                "source": MODEL_SOURCE})
    return WideWorkbook(sheets, mapping, title)


def district_rows(model: DistrictModel) -> pd.DataFrame:
    """The modelled series in the template's long form, every row flagged illustrative."""
    frames = []
    for measure in MEASURES:
        part = model.counts[model.counts["measure"] == measure.key]
        base = pd.DataFrame({"area_code": part["code"], "period": part["period_label"]})
        frames.append(base.assign(indicator_id=measure.count_indicator,
                                  value=part["count"].astype(float)))
        frames.append(base.assign(indicator_id=measure.rate_indicator,
                                  numerator=part["count"].astype(float),
                                  denominator=part["population"].astype(float)))
    return pd.concat(frames, ignore_index=True).assign(
        illustrative="yes", note=ILLUSTRATIVE_NOTE, source=MODEL_SOURCE)


def _districts(settings: Settings, seed: pd.DataFrame, catalogue: dict[str, Indicator],
               areas: pd.DataFrame) -> bytes:
    model = district_model(settings, seed)
    if WIDE_CARRIES_FLAGS:
        return wide_workbook(district_workbook(model))
    return template_workbook(district_rows(model), catalogue, areas, (
        "ILLUSTRATIVE: modelled, not published; see docs/demo-data.md.",))


#: The demo files in load order: the Q2 paper and the November TFU update (November 2016),
#: the Q3 paper and the February TFU update (February 2017), then the open data and the model.
FILE_NAMES = (
    "01_scorecard_q2_2016-17.xlsx",
    "02_troubled_families_2016-11.xlsx",
    "03_scorecard_q3_2016-17.xlsx",
    "04_troubled_families_2017-02.xlsx",
    "05_lait_children_social_care.csv",
    "06_fingertips_child_health.csv",
    "07_districts_cp_cla_modelled.xlsx",
)


def demo_files(settings: Settings) -> list[DemoFile]:
    """Every demo file in load order."""
    catalogue = load_catalogue()
    areas = reference_areas(settings.shared_data)
    seed = read_seed(catalogue)
    q2, q3 = PAPERS
    makers: list[Callable[[], bytes]] = [
        lambda: _seed_paper(seed, q2, catalogue, areas),
        lambda: wide_workbook(november_2016()),
        lambda: _seed_paper(seed, q3, catalogue, areas),
        lambda: wide_workbook(february_2017()),
        lambda: _lait(settings, catalogue),
        lambda: _fingertips(settings, catalogue),
        lambda: _districts(settings, seed, catalogue, areas),
    ]
    return [DemoFile(name, make) for name, make in zip(FILE_NAMES, makers, strict=True)]


def demo_paths(settings: Settings) -> list[Path]:
    """Where :func:`build_demo_workbooks` writes the demo files, in load order."""
    return [settings.demo_dir / name for name in FILE_NAMES]


def build_demo_workbooks(settings: Settings) -> list[Path]:
    """Write every demo file to ``settings.demo_dir`` (unchanged files are left untouched)."""
    folder = settings.demo_dir
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for demo in demo_files(settings):
        path = folder / demo.name
        data = demo.make()
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    return paths
