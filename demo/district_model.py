"""Modelled district child protection (CP) and children looked after (CLA) figures.

District CP and CLA counts for Lancashire are not published. The scorecard's district pages need
them, so the demo models them from what is published, and every modelled figure is stored with
``illustrative = True`` and the note :data:`ILLUSTRATIVE_NOTE`. The method (also in
``docs/demo-data.md``):

1. Inputs: Lancashire's county counts (the seed scorecards for Q1-Q3 2016/17, DfE LAIT
   ``CPP_Num`` / ``LACnum`` at each 31 March 2016-2025, i.e. Q4 of each financial year); the
   district and team rates the Q2 and Q3 2016/17 summaries quote; ONS mid-2023 populations
   aged 0-17 (the denominator for every year); and, as the relative need of districts that
   are not quoted, the share of children in absolute low-income families (OHID Fingertips
   93701, 2018/19, the earliest year in the open data).
2. Relative-rate factor: district rate / county rate = (low-income share / county share) ** b,
   with b fitted by least squares (through the origin, on logs) to the quoted rates.
3. Quarters with quoted rates (Q2 and Q3 2016/17): a quoted team's count is its quoted rate x
   its population, rounded; a two-district team (Hyndburn/Ribble Valley) is split between its
   districts by population x factor; the rest of the county count goes to the districts not
   quoted in proportion to population x factor.
4. Other quarters: each district keeps its average share of the county count in the quoted
   quarters.
5. Integer counts by the largest-remainder method, so the districts add up exactly to the county
   count; ties go to the lower ONS code. There is no random element, so no seed is needed:
   identical inputs give identical figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from demo.partnership import demo_grouping, demo_profile
from domain.areas import district_populations_0_17
from domain.periods import Period, period_from_key
from domain.vocabulary import PeriodType

#: The demo partnership's social care teams -> their districts, and their names.
TEAMS, TEAM_NAMES = demo_grouping("teams")

ILLUSTRATIVE_NOTE = "Illustrative: modelled, not published"
LANCASHIRE_LA_NUMBER = "888"
#: Fingertips indicator and year used as the districts' relative need.
PROXY_INDICATOR, PROXY_YEAR = "93701", "2018"
PER = 10_000


@dataclass(frozen=True)
class Measure:
    key: str
    count_indicator: str
    rate_indicator: str
    lait_measure: str


MEASURES = (Measure("cp", "cp_plans_number", "cp_plans_rate", "CPP_Num"),
            Measure("cla", "cla_number", "cla_rate", "LACnum"))


@dataclass(frozen=True)
class DistrictModel:
    """Modelled counts, the fitted exponents and the quoted-versus-modelled rates."""

    #: measure, period_key, period_label, code, name, population, count, rate, method
    counts: pd.DataFrame
    #: measure -> fitted exponent b
    exponents: dict[str, float]
    #: measure, period_label, team, name, quoted, modelled, difference
    fit: pd.DataFrame


def largest_remainder(quotas: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers that sum to ``total``, each the floor or ceiling of its quota.

    The units short after flooring go to the largest fractional parts, ties to the earlier
    position.
    """
    floors = np.floor(quotas).astype(int)
    short = total - int(floors.sum())
    if short < 0 or short > len(quotas):
        raise ValueError(f"quotas summing to {quotas.sum():.3f} cannot be rounded to {total}")
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), i))
    floors[order[:short]] += 1
    return floors


def district_inputs(data_dir: Path) -> pd.DataFrame:
    """Per district: code, name, team, population (mid-2023 aged 0-17) and the proxy counts."""
    codes = [s.code for s in demo_profile().sub_areas]
    pops = district_populations_0_17(data_dir, codes).rename(
        columns={"population_0_17": "population"})
    ft = pd.read_csv(data_dir / "fingertipsnext_nw_child_indicators_ci.csv", dtype=str)
    proxy = ft[(ft["IndicatorId"] == PROXY_INDICATOR) & (ft["Year"] == PROXY_YEAR)
               & ft["Category"].isna()]
    proxy = proxy.assign(proxy_count=proxy["Count"].astype(float),
                         proxy_denominator=proxy["Denominator"].astype(float))
    out = pops.merge(proxy.loc[:, ["AreaCode", "proxy_count", "proxy_denominator"]],
                     left_on="code", right_on="AreaCode", how="left", validate="one_to_one")
    if out["proxy_count"].isna().any():
        raise ValueError(f"No Fingertips {PROXY_INDICATOR} figure for {PROXY_YEAR} for "
                         f"{out.loc[out['proxy_count'].isna(), 'code'].tolist()}")
    team = {district: code for code, districts in TEAMS.items() for district in districts}
    out["team"] = out["code"].map(team)
    return out.drop(columns="AreaCode").sort_values("code", ignore_index=True)


def _relative_need(inputs: pd.DataFrame, codes: list[str]) -> float:
    chosen = inputs[inputs["code"].isin(codes)]
    share = chosen["proxy_count"].sum() / chosen["proxy_denominator"].sum()
    county = inputs["proxy_count"].sum() / inputs["proxy_denominator"].sum()
    return float(share / county)


def _quotes(quotes: pd.DataFrame) -> list[tuple[str, str, str, float]]:
    """(team, period key, period label, quoted rate) of each quoted rate."""
    return list(zip(quotes["area_code"].astype(str), quotes["period_key"].astype(str),
                    quotes["period_label"].astype(str), quotes["value"].astype(float),
                    strict=True))


def fit_exponent(inputs: pd.DataFrame, quotes: pd.DataFrame, county: dict[str, float]) -> float:
    """Least-squares b in log(rate / county rate) = b log(relative need), through the origin."""
    total_pop = inputs["population"].sum()
    xs, ys = [], []
    for team, key, _, rate in _quotes(quotes):
        county_rate = county[key] / total_pop * PER
        xs.append(math.log(_relative_need(inputs, list(TEAMS[team]))))
        ys.append(math.log(rate / county_rate))
    x, y = np.array(xs), np.array(ys)
    return float((x * y).sum() / (x * x).sum())


def _weights(inputs: pd.DataFrame, b: float) -> pd.Series:
    need = np.array([_relative_need(inputs, [c]) for c in inputs["code"]])
    return pd.Series(inputs["population"].to_numpy() * need ** b, index=inputs["code"])


def _allocate_quoted(inputs: pd.DataFrame, weights: pd.Series, total: int,
                     quotes: pd.DataFrame) -> pd.Series:
    counts = pd.Series(0, index=inputs["code"], dtype=int)
    population = inputs.set_index("code")["population"]
    for team, _, _, rate in _quotes(quotes):
        members = list(TEAMS[team])
        team_count = round(rate * float(population[members].sum()) / PER)
        share = weights[members] / weights[members].sum() * team_count
        counts[members] = largest_remainder(share.to_numpy(), team_count)
    quoted = [d for team in quotes["area_code"] for d in TEAMS[team]]
    rest = [c for c in inputs["code"] if c not in quoted]
    remainder = total - int(counts.sum())
    if remainder < 0:
        raise ValueError(f"quoted rates imply more than the county count {total}")
    share = weights[rest] / weights[rest].sum() * remainder
    counts[rest] = largest_remainder(share.to_numpy(), remainder)
    return counts


def lait_county_counts(data_dir: Path, measure: str) -> dict[str, float]:
    """Lancashire's LAIT count at each 31 March, keyed by the Q4 financial-quarter period."""
    lait = pd.read_csv(data_dir / "lait_bds_csc_headline_by_la.csv", dtype=str)
    rows = lait[(lait["Short Desc"] == measure) & (lait["LA Number"] == LANCASHIRE_LA_NUMBER)
                & (lait["Values"].str.strip() != "-")]
    out: dict[str, float] = {}
    for year, value in zip(rows["Years"], rows["Values"], strict=True):
        period = Period(PeriodType.FY_QUARTER, pd.Timestamp(int(year), 1, 1).date(),
                        pd.Timestamp(int(year), 3, 31).date())
        out[period.key] = float(value)
    return out


def model_districts(data_dir: Path, county: dict[str, dict[str, float]],
                    quotes: pd.DataFrame) -> DistrictModel:
    """Model every district for each measure and period of ``county``.

    ``county`` maps a measure key ("cp", "cla") to its county count per period key; ``quotes``
    holds the quoted team rates (see :func:`demo.seed_scorecards.quoted_rates`).
    """
    inputs = district_inputs(data_dir)
    frames, fits, exponents = [], [], {}
    for measure in MEASURES:
        totals = county[measure.key]
        mine = quotes[quotes["indicator_id"] == measure.rate_indicator]
        b = fit_exponent(inputs, mine, totals)
        exponents[measure.key] = b
        weights = _weights(inputs, b)
        fitted: dict[str, pd.Series] = {}
        for key, group in mine.groupby("period_key"):
            fitted[str(key)] = _allocate_quoted(inputs, weights, int(totals[str(key)]), group)
        shares = pd.concat([c / c.sum() for c in fitted.values()], axis=1).mean(axis=1)
        for key, total in sorted(totals.items(), key=lambda kv: period_from_key(kv[0])):
            counts = fitted.get(key)
            method = "fitted to quoted rates"
            if counts is None:
                method = "2016/17 shares"
                counts = pd.Series(largest_remainder(
                    (shares[inputs["code"]] * total).to_numpy(), int(total)),
                    index=inputs["code"])
            frames.append(inputs.loc[:, ["code", "name", "population"]].assign(
                measure=measure.key, period_key=key,
                period_label=period_from_key(key).label,
                count=counts[inputs["code"]].to_numpy(), method=method))
        fits.append(_fit_table(inputs, mine, fitted, measure.key))
    table = pd.concat(frames, ignore_index=True)
    table["rate"] = table["count"] / table["population"] * PER
    return DistrictModel(table, exponents, pd.concat(fits, ignore_index=True))


def _fit_table(inputs: pd.DataFrame, quotes: pd.DataFrame, fitted: dict[str, pd.Series],
               measure: str) -> pd.DataFrame:
    population = inputs.set_index("code")["population"]
    rows = []
    for team, key, label, rate in _quotes(quotes):
        members = list(TEAMS[team])
        modelled = float(fitted[key][members].sum() / population[members].sum() * PER)
        rows.append({"measure": measure, "period_label": label, "team": team,
                     "name": TEAM_NAMES[team], "quoted": rate, "modelled": round(modelled, 2),
                     "difference": round(modelled - rate, 2)})
    return pd.DataFrame(rows)
