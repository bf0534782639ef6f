"""The Q2 and Q3 2016/17 Lancashire CYPP scorecards (seed 002), as published figures.

``demo/data/seed_002_scorecards.csv`` is a transcription of the two papers: one row per figure
each paper prints, with the period as printed, the value as printed ("1,734") and the paper's
own words where it says more than the table (statistical-neighbour and Regional Information
Group rates, which the store has no comparator for, are kept as notes on Lancashire's figure).
``role`` says where the figure sits in the paper:

``current`` / ``previous``
    Lancashire's current and previous period columns of the scorecard table.
``national`` / ``regional``
    The table's comparator columns, stored as England (E92000001) and North West (E12000002)
    figures of the same indicator at the period the comparator covers, so the judgement engine
    sets them beside the local quarter as the paper does. Where the paper states the period
    ("the 2014/15 national", "recently published March 2016") that period is used; where it
    does not, the period of the Lancashire figure it is printed beside, and the note says so.
``narrative``
    Further figures from the performance summaries: earlier years quoted for context, the new
    KS2 expected standard (provisional) and the Q3 child protection plan categories table.
``district``
    Child protection and looked-after rates the summaries quote for the social care teams of
    the deprived districts, stored against those teams (CSC-PRE, CSC-HRV, ...).

Cells that read "not comparable", "unavailable" or "No Data" are not figures and have no row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from demo.partnership import demo_profile
from domain.catalogue import Indicator
from domain.periods import parse_period

#: The demo partnership's council (the county the seed papers report).
LANCASHIRE = demo_profile().council

SEED_CSV = Path(__file__).resolve().parent / "data" / "seed_002_scorecards.csv"
PAPERS = ("Q2 2016/17", "Q3 2016/17")
#: Paper -> where it was published (the note on every figure says which paper it came from).
PAPER_SOURCES = {
    "Q2 2016/17": "Lancashire CYPP performance scorecard Q2 2016/17 (November 2016)",
    "Q3 2016/17": "Lancashire CYPP performance scorecard Q3 2016/17 (February 2017)",
}
SEED_COLUMNS = ("paper", "role", "indicator_id", "area_code", "period", "breakdown", "value",
                "status", "note")


def printed_number(text: str) -> float:
    """A figure as printed ("1,734", "105.0") as a number."""
    return float(str(text).replace(",", "").strip())


def read_seed(catalogue: dict[str, Indicator], path: Path = SEED_CSV) -> pd.DataFrame:
    """Every figure of both papers, checked against the catalogue.

    Returns the columns of the CSV (``value`` as a number, ``breakdown`` "all" when blank)
    plus ``period_key`` and ``period_label`` read with the indicator's period type.

    Raises
    ------
    ValueError
        If an indicator is not in the catalogue, a period does not read as the indicator's
        period type, or one figure carries different notes in the two papers without being a
        revision (which would store a revision that is not one).
    """
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = sorted(set(raw["indicator_id"]) - set(catalogue))
    if missing:
        raise ValueError(f"{path.name}: indicators not in the catalogue: {missing}")
    periods = [parse_period(text, catalogue[ind].period_type)
               for text, ind in zip(raw["period"], raw["indicator_id"], strict=True)]
    seed = raw.assign(
        value=[printed_number(v) for v in raw["value"]],
        breakdown=raw["breakdown"].replace("", "all"),
        period_key=[p.key for p in periods], period_label=[p.label for p in periods])
    key = ["indicator_id", "area_code", "period_key", "breakdown"]
    spread = seed.groupby(key).agg(values=("value", "nunique"), notes=("note", "nunique"),
                                   statuses=("status", "nunique"))
    clash = spread[(spread["values"] == 1) & ((spread["notes"] > 1) | (spread["statuses"] > 1))]
    if not clash.empty:
        raise ValueError(f"{path.name}: figures printed in both papers with different notes: "
                         f"{clash.index.tolist()}")
    return seed.loc[:, [*SEED_COLUMNS, "period_key", "period_label"]]


#: Rates the papers print beside the count they are built from (rate = count / children x 10,000).
RATE_COUNTS = {"cp_plans_rate": "cp_plans_number", "cla_rate": "cla_number"}


def paper_rows(seed: pd.DataFrame, paper: str) -> pd.DataFrame:
    """One paper's figures in the upload template's columns, in the paper's order.

    Lancashire's CP and CLA rates carry their published count as the numerator and, as the
    denominator, the child population the published rate implies (count / rate x 10,000,
    rounded), so that the rate's confidence interval and its significance against England can
    be computed from published figures alone.
    """
    rows = seed[seed["paper"] == paper]
    frame = pd.DataFrame({
        "indicator_id": rows["indicator_id"], "area_code": rows["area_code"],
        "period": rows["period"], "breakdown": rows["breakdown"].replace("all", ""),
        "value": rows["value"], "status": rows["status"], "note": rows["note"],
        "source": PAPER_SOURCES[paper],
    }).reset_index(drop=True)
    records = rows.to_dict("records")
    counts = {(str(r["indicator_id"]), str(r["area_code"]), str(r["period_key"])):
              float(r["value"]) for r in records if pd.notna(r["value"])}
    numerators: list[float | None] = []
    denominators: list[float | None] = []
    for r in records:
        count = counts.get((RATE_COUNTS.get(str(r["indicator_id"]), ""), str(r["area_code"]),
                            str(r["period_key"])))
        rate = float(r["value"]) if pd.notna(r["value"]) else 0.0
        numerators.append(count if count is not None and rate else None)
        denominators.append(float(round(count / rate * 10_000)) if count is not None and rate
                            else None)
    frame["numerator"] = numerators
    frame["denominator"] = denominators
    return frame


def county_counts(seed: pd.DataFrame, indicator_id: str) -> dict[str, float]:
    """Lancashire's figure of ``indicator_id`` per period key, as last printed."""
    rows = seed[(seed["indicator_id"] == indicator_id) & (seed["area_code"] == LANCASHIRE)
                & (seed["breakdown"] == "all")]
    latest = rows.drop_duplicates("period_key", keep="last")
    return dict(zip(latest["period_key"], latest["value"], strict=True))


def quoted_rates(seed: pd.DataFrame) -> pd.DataFrame:
    """The team rates the summaries quote: indicator_id, area_code (team), period_key, value."""
    rows = seed[seed["role"] == "district"]
    return rows.loc[:, ["paper", "indicator_id", "area_code", "period_key", "period_label",
                        "value"]].reset_index(drop=True)
