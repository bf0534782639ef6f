"""The DfE register of local authorities and the DfE statistical neighbour models.

Private to :mod:`domain.areas`, which re-exports :func:`statistical_neighbours`.

DfE files identify LAs by "old" three-digit LA numbers; the store uses ONS codes. Some numbers
have had more than one ONS code (North Yorkshire 815 was E10000023 until 31 March 2023 and is
E06000065 since), so a number is mapped to the code that was live when the model was published,
or, for an LA abolished before then, to its last code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final, NamedTuple

import pandas as pd


class NeighbourModel(NamedTuple):
    """One DfE children's services statistical neighbour model."""

    file_name: str
    #: First day of the month of publication; LA numbers are mapped to codes live on this day.
    valid_from: dt.date
    #: Last day before the next model was published; ``None`` for the current model.
    valid_to: dt.date | None


#: Model key (the ``model`` column of the relationships) -> source file and validity.
NEIGHBOUR_MODELS: Final[dict[str, NeighbourModel]] = {
    "dfe_sn_2021": NeighbourModel("dfe_statistical_neighbours_april2021.csv",
                                  dt.date(2021, 4, 1), dt.date(2025, 4, 30)),
    "dfe_sn_2025": NeighbourModel("dfe_statistical_neighbours_may2025.csv",
                                  dt.date(2025, 5, 1), None),
}
_RANKS = range(1, 11)
#: Neighbour columns, closest first, and the closeness band after each, as headed in the files.
_NEIGHBOUR_COLUMNS = [f"SN{rank}" for rank in _RANKS]
_BAND_COLUMNS = ["SNP"] + [f"SNP.{rank}" for rank in range(1, 10)]
#: Marker row after which the files list neighbours of LAs abolished before the model.
_LEGACY_MARKER = "Old SNs:"


def las_file(data_dir: Path) -> Path:
    """The DfE register of local authorities, old and new codes, in ``data_dir``."""
    return data_dir / "dfe_las_old_new_codes.csv"


def la_register(data_dir: Path) -> pd.DataFrame:
    """English LAs, live and terminated, from ``dfe_las_old_new_codes.csv``.

    Rows that are not one LA are dropped: combined rows such as "E09000021 / E09000027" and the
    British Forces overseas entry. The number "x" (LAs abolished in 2009 that never had one)
    becomes missing.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``name``, ``region_code``, ``dfe_la_number`` (text, e.g. "888", or missing),
        ``valid_from`` and ``valid_to`` (datetime64, ``NaT`` when open-ended).
    """
    raw = pd.read_csv(las_file(data_dir), dtype=str)
    raw = raw.apply(lambda column: column.str.strip())
    raw = raw[raw["new_la_code"].str.fullmatch(r"E\d{8}", na=False)]
    number = raw["old_la_code"]
    return pd.DataFrame({
        "code": raw["new_la_code"],
        "name": raw["la_name"],
        "region_code": raw["parent_geography_code"],
        "dfe_la_number": number.where(number.str.fullmatch(r"\d+", na=False)),
        "valid_from": pd.to_datetime(raw["date_of_operation"], format="%d/%m/%Y"),
        "valid_to": pd.to_datetime(raw["date_of_termination"], format="%d/%m/%Y"),
    }).reset_index(drop=True)


def codes_by_la_number(register: pd.DataFrame, as_at: dt.date) -> pd.Series:
    """ONS code of each DfE LA number on ``as_at`` (the last code of an LA abolished before)."""
    day = pd.Timestamp(as_at)
    live = (register["valid_from"] <= day) & (
        register["valid_to"].isna() | (register["valid_to"] >= day))
    ranked = register.assign(live=live).dropna(subset=["dfe_la_number"])
    # Live first, then the latest termination date (open-ended, NaT, counts as latest).
    ranked = ranked.sort_values(["live", "valid_to"], ascending=False, na_position="first")
    return ranked.drop_duplicates("dfe_la_number").set_index("dfe_la_number")["code"]


def _neighbour_numbers(path: Path) -> pd.DataFrame:
    """One row per LA and neighbour: ``la``, ``rank``, ``neighbour`` (LA numbers), ``closeness``.

    The legacy block after the "Old SNs:" marker is left out: it repeats an earlier model for
    LAs that no longer exist. LAs published without neighbours ("-") get no rows.
    """
    raw = pd.read_csv(path, dtype=str)
    raw = raw.apply(lambda column: column.str.strip())
    marker = raw.index[raw["LA Name"].eq(_LEGACY_MARKER)]
    if len(marker):
        raw = raw.loc[: marker[0] - 1]
    raw = raw[raw["LA num"].str.fullmatch(r"\d+", na=False)]
    missing = sorted(set(_NEIGHBOUR_COLUMNS + _BAND_COLUMNS) - set(raw.columns))
    if missing:
        raise ValueError(f"{path.name} lacks the neighbour columns {missing}")
    numbers = raw.melt(id_vars="LA num", value_vars=_NEIGHBOUR_COLUMNS, var_name="column",
                       value_name="neighbour")
    bands = raw.melt(id_vars="LA num", value_vars=_BAND_COLUMNS, var_name="column",
                     value_name="closeness")
    numbers["rank"] = numbers["column"].map(dict(zip(_NEIGHBOUR_COLUMNS, _RANKS, strict=True)))
    bands["rank"] = bands["column"].map(dict(zip(_BAND_COLUMNS, _RANKS, strict=True)))
    long = numbers.drop(columns="column").merge(bands.drop(columns="column"),
                                                on=["LA num", "rank"], validate="one_to_one")
    long = long[long["neighbour"].str.fullmatch(r"\d+", na=False)]
    return long.rename(columns={"LA num": "la"}).sort_values(["la", "rank"], ignore_index=True)


def statistical_neighbours(data_dir: Path) -> pd.DataFrame:
    """Every LA's ten statistical neighbours under each model of :data:`NEIGHBOUR_MODELS`.

    Parameters
    ----------
    data_dir
        The shared open-data folder.

    Returns
    -------
    pandas.DataFrame
        ``parent_code`` (the LA), ``child_code`` (its neighbour), ``relationship``
        ("statistical_neighbour"), ``model``, ``rank`` (Int64, 1 = closest), ``closeness``
        and the model's ``valid_from``/``valid_to``. Closeness bands are published in mixed
        case ("Very Close", "Very close"); they are given in sentence case: "Extremely close",
        "Very close", "Close", "Somewhat close", "Not close".

    Raises
    ------
    ValueError
        If a model names an LA number that ``dfe_las_old_new_codes.csv`` does not know.
    """
    register = la_register(data_dir)
    frames = []
    for model, spec in NEIGHBOUR_MODELS.items():
        codes = codes_by_la_number(register, spec.valid_from)
        long = _neighbour_numbers(data_dir / spec.file_name)
        unknown = sorted(set(long["la"]).union(long["neighbour"]) - set(codes.index))
        if unknown:
            raise ValueError(f"{spec.file_name} names LA numbers with no ONS code: {unknown}")
        frames.append(pd.DataFrame({
            "parent_code": long["la"].map(codes),
            "child_code": long["neighbour"].map(codes),
            "relationship": "statistical_neighbour",
            "model": model,
            "rank": long["rank"].astype("Int64"),
            "closeness": long["closeness"].str.capitalize(),
            "valid_from": spec.valid_from,
            "valid_to": spec.valid_to,
        }))
    return pd.concat(frames, ignore_index=True)
