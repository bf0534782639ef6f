"""The scorecard table laid out and judged as a partnership's definition says.

Pure functions over the table of :func:`indicators.scorecard.scorecard_table` and the
definition's rows as a frame (:data:`ROW_COLUMNS`, built by
:func:`services.scorecard.scorecard_view`): the Board's rows in the definition's order under
its theme headings, each rated by the definition's rule with its own parameters and the area's
own target (:func:`indicators.targets.target_for`), never another area's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.vocabulary import OUTCOME_LABELS, OUTCOME_ORDER
from indicators.currency import is_out_of_date
from indicators.judgements import rank_basis, with_fallbacks
from indicators.rag import rag_rating
from indicators.typical_range import RANGE_COLUMNS

#: Columns of the definition's rows: theme key and heading, rule and its parameters, and the
#: target applied to the area in the reporting quarter (NaN for none).
ROW_COLUMNS = ("indicator_id", "outcome", "outcome_label", "theme_rank", "row_rank",
               "rule", "tolerance", "target", "target_year_end", "trajectory_quarter")
#: Theme heading -> the catalogue's outcome value, so a definition using the standard
#: headings keeps the standard theme keys (element ids, CSS classes).
_HEADING_KEYS = {label: key for key, label in OUTCOME_LABELS.items()}


def theme_key(heading: str, position: int) -> str:
    """The key of a definition's theme: the catalogue outcome it names, else ``theme-N``."""
    return _HEADING_KEYS.get(heading, f"theme-{position}")


def themes_in_order(table: pd.DataFrame) -> list[tuple[str, str]]:
    """(outcome key, heading) of each theme in the order its rows come in ``table`` (the
    definition's headings are data; the fixed list in :mod:`domain.vocabulary` is the
    fallback for a table without headings)."""
    if table.empty or "outcome" not in table:
        return []
    if "outcome_label" not in table:  # the catalogue's themes, in their fixed order
        present = set(table["outcome"])
        return [(key, OUTCOME_LABELS[key]) for key in OUTCOME_ORDER if key in present]
    pairs = table.loc[:, ["outcome", "outcome_label"]].drop_duplicates("outcome")
    return [(str(k), str(label)) for k, label in pairs.itertuples(index=False)]


def rerated(table: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the definition's rows rated by the definition's rule, tolerance and
    targets (``rag_rule``, ``rag``, ``rag_reason``, ``target_value`` replaced); rows outside
    the definition keep the catalogue's rating. ``in_definition`` marks the Board's rows.

    A row whose definition states the catalogue's own rule with no target or tolerance of its
    own keeps its stored rating (with the catalogue rule's fall-backs, such as a benchmark
    figure without an interval ranked instead); a figure out of date for the quarter
    (:func:`indicators.currency.is_out_of_date`) is never re-rated. A re-rated ``benchmark``
    row without an interval falls back as :func:`indicators.judgements.with_fallbacks` says
    (rank, the definition's target, then England's value by the row's tolerance, else the
    catalogue's, else 5% of England's value).
    """
    out = table.copy()
    out["in_definition"] = out["indicator_id"].isin(rows["indicator_id"])
    if rows.empty or not out["in_definition"].any():
        return out
    chosen = rows.set_index("indicator_id").reindex(out["indicator_id"])
    catalogue_rule = out["rag_rule"].astype(object).where(out["rag_rule"].notna(), "none")
    own_terms = (chosen["rule"].to_numpy() != catalogue_rule.to_numpy()) \
        | chosen["target"].notna().to_numpy() | chosen["tolerance"].notna().to_numpy()
    mask = out["in_definition"].to_numpy() & own_terms & ~is_out_of_date(out).to_numpy()
    out.loc[out["in_definition"].to_numpy(), "rag_rule"] = \
        chosen.loc[out["in_definition"].to_numpy(), "rule"].to_numpy()
    if not mask.any():
        return out
    picked = out.loc[mask]
    spec = chosen[mask]
    basis = rank_basis(picked) if "england_rank_of" in picked else pd.DataFrame(
        {"rank": picked.get("rank"), "rank_of": picked.get("rank_of"), "rank_scope": ""},
        index=picked.index)
    national = picked["area_type"].eq("england")
    spec_rule = pd.Series(spec["rule"].to_numpy(), index=picked.index, dtype=object)
    rule, note = with_fallbacks(spec_rule, pd.DataFrame({
        "value": picked["value"], "lower_ci": picked["lower_ci"],
        "upper_ci": picked["upper_ci"], "rank": basis["rank"],
        "target": spec["target"].to_numpy(dtype=float),
        "benchmark_value": picked["national_value"], "is_national": national},
        index=picked.index))
    margin = spec["tolerance"].to_numpy(dtype=float)
    if "target_tolerance" in picked:  # the catalogue's tolerance where the row states none
        margin = np.where(np.isnan(margin),
                          pd.to_numeric(picked["target_tolerance"], errors="coerce"), margin)
    rated = rag_rating(pd.DataFrame({
        "value": picked["value"].to_numpy(),
        "lower_ci": picked["lower_ci"].to_numpy(),
        "upper_ci": picked["upper_ci"].to_numpy(),
        "ci_level": picked["ci_level"].to_numpy(),
        "unit_label": picked["unit_label"].fillna("").to_numpy(),
        "decimals": picked["decimals"].to_numpy(),
        "polarity": picked["polarity"].to_numpy(),
        "rag_rule": rule.to_numpy(),
        "benchmark_label": np.where(national.to_numpy(), "", "England"),
        "benchmark_value": picked["national_value"].to_numpy(),
        "significance": picked["national_significance"].to_numpy(),
        "target": spec["target"].to_numpy(dtype=float),
        "target_tolerance": spec["tolerance"].to_numpy(dtype=float),
        "comparator_margin": margin,
        "target_year_end": spec["target_year_end"].to_numpy(dtype=float),
        "trajectory_quarter": spec["trajectory_quarter"].fillna("").to_numpy(),
        "trend_label": picked["trend"].to_numpy(),
        "rank": basis["rank"].to_numpy(dtype=float),
        "rank_of": basis["rank_of"].to_numpy(dtype=float),
        "rank_scope": basis["rank_scope"].to_numpy(),
        **{column: picked[column].to_numpy() if column in picked
           else np.full(len(picked), np.nan) for column in RANGE_COLUMNS},
    }))
    out.loc[mask, "rag_rule_used"] = rule.to_numpy()
    out.loc[mask, "target_value"] = spec["target"].to_numpy(dtype=float)
    out.loc[mask, "rag"] = rated["rag"].to_numpy()
    out.loc[mask, "rag_reason"] = rated["rag_reason"].to_numpy() + note.to_numpy()
    return out


def board_rows(table: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Only the definition's rows of a :func:`rerated` table, in the definition's order, under
    its theme keys and headings (``outcome``, ``outcome_label``)."""
    if "in_definition" not in table:
        table = rerated(table, rows)
    board = table[table["in_definition"]].drop(columns=["outcome_label"], errors="ignore")
    order = rows.loc[:, ["indicator_id", "outcome", "outcome_label", "theme_rank", "row_rank"]]
    board = board.drop(columns=["outcome"]).merge(order, on="indicator_id", how="inner")
    return board.sort_values(["theme_rank", "row_rank"]).reset_index(drop=True)
