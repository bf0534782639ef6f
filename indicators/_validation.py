"""Argument checks and small conversions shared by the statistics modules.

Every public function in :mod:`indicators` checks its arguments at the top with these helpers, so
a misuse raises one ``ValueError``/``TypeError`` whose message names the offending argument.
Missing values (NaN, ``None``, ``pd.NA``) are *not* errors: they flow through as NaN results.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import gammaincinv, ndtri

FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.str_]

#: Polarity spellings accepted everywhere (the values of ``domain.vocabulary.Polarity`` plus the
#: Fingertips "not applicable" polarity, which switches comparison off).
POLARITIES: tuple[str, ...] = ("high_is_good", "low_is_good", "no_judgement", "not_applicable")

#: Sign applied to a raw "higher than the benchmark" result for each polarity: +1 keeps
#: higher = better, -1 turns higher into worse, 0 means no judgement, NaN means not compared.
POLARITY_SIGN: dict[str, float] = {
    "high_is_good": 1.0,
    "low_is_good": -1.0,
    "no_judgement": 0.0,
    "not_applicable": np.nan,
}


def as_float_array(values: Any, name: str) -> FloatArray:
    """Return ``values`` as a float64 array with missing values as NaN.

    Raises ``TypeError`` naming ``name`` when the values are not numeric.
    """
    if isinstance(values, pd.Series | pd.Index):
        try:
            return values.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError) as error:
            raise TypeError(f"'{name}' must hold numbers; got dtype {values.dtype}") from error
    if values is None:
        return np.array(np.nan)
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"'{name}' must be a number or an array of numbers") from error
    return array


def is_scalar(*values: Any) -> bool:
    """True when every argument is a plain scalar (so results are returned as floats)."""
    return all(np.ndim(v) == 0 and not isinstance(v, pd.Series) for v in values)


def scalar_or_array(array: FloatArray, scalar: bool) -> Any:
    """Return a Python float for scalar input, the array otherwise."""
    return float(array) if scalar else array


def normalise_confidence(confidence: Any, name: str = "confidence") -> float:
    """Return a confidence level on the 0-1 scale.

    Levels of 90 or more are read as percentages (95 -> 0.95, 99.8 -> 0.998). The allowed range is
    0.9-1 (or 90-100), as in PHEindicatormethods.
    """
    if isinstance(confidence, bool) or not isinstance(confidence, int | float | np.number):
        raise TypeError(f"'{name}' must be a number such as 0.95 or 99.8; got {confidence!r}")
    level = float(confidence)
    if level >= 90:
        level = level / 100
    if not 0.9 <= level <= 1:
        raise ValueError(
            f"'{name}' must be between 0.9 and 1 (or 90 and 100); got {confidence!r}"
        )
    return level


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile for a confidence level on the 0-1 scale."""
    return float(ndtri(0.5 + confidence / 2))


def chi2_quantile(p: float, df: Any) -> FloatArray:
    """The ``p`` quantile (``0 < p < 1``) of the chi-squared distribution with ``df`` degrees
    of freedom (NaN where ``df`` is not positive): ``scipy.stats.chi2.ppf`` computed as it
    computes it, ``2 * gammaincinv(df / 2, p)``, from :mod:`scipy.special` alone (importing
    :mod:`scipy.stats` doubles a process's start-up memory)."""
    df = np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.asarray(np.where(df > 0, 2.0 * gammaincinv(df / 2, p), np.nan), dtype=float)


def check_non_negative(values: FloatArray, name: str) -> None:
    """Raise ``ValueError`` naming ``name`` if any (non-missing) value is negative."""
    if np.any(values < 0):
        raise ValueError(f"'{name}' must not be negative; found {values[values < 0].flat[0]!r}")


def check_positive(values: FloatArray, name: str) -> None:
    """Raise ``ValueError`` naming ``name`` if any (non-missing) value is zero or negative."""
    if np.any(values <= 0):
        raise ValueError(
            f"'{name}' must be greater than zero; found {values[values <= 0].flat[0]!r}"
        )


def check_not_above(numerator: FloatArray, denominator: FloatArray, name: str) -> None:
    """Raise ``ValueError`` naming ``name`` where a numerator exceeds its denominator."""
    if np.any(numerator > denominator):
        raise ValueError(
            f"'{name}' must be less than or equal to the denominator for a proportion"
        )


def check_choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise ``ValueError`` naming it."""
    options = tuple(choices)
    if value not in options:
        raise ValueError(f"'{name}' must be one of {', '.join(options)}; got {value!r}")
    return str(value)


def polarity_sign(polarity: Any) -> FloatArray:
    """Map one polarity or an array of polarities to signs (see :data:`POLARITY_SIGN`).

    Missing polarities (None/NaN) map to NaN, i.e. "not compared". Unknown spellings raise
    ``ValueError`` naming ``polarity``.
    """
    if np.ndim(polarity) == 0:
        if _is_missing(polarity):
            sign = np.nan
        else:
            sign = POLARITY_SIGN[check_choice(polarity, "polarity", POLARITIES)]
        return np.array(sign, dtype=np.float64)
    codes = polarity.to_numpy() if isinstance(polarity, pd.Series) else np.asarray(polarity)
    signs = np.full(codes.shape, np.nan)
    known = np.zeros(codes.shape, dtype=bool)
    for spelling, value in POLARITY_SIGN.items():
        rows = codes == spelling
        signs[rows] = value
        known |= rows
    # Fixed-width string arrays cannot hold a missing value; object arrays can.
    unknown = ~known if codes.dtype.kind == "U" else ~known & ~pd.isna(codes)
    if np.any(unknown):
        check_choice(codes[unknown].flat[0], "polarity", POLARITIES)
    return signs


def check_columns(df: pd.DataFrame, columns: Iterable[str], name: str = "df") -> None:
    """Raise ``ValueError`` naming the first column of ``columns`` missing from ``df``."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"'{name}' must be a pandas DataFrame; got {type(df).__name__}")
    missing = [column for column in columns if column not in df.columns]
    if missing:
        raise ValueError(f"'{name}' has no column {missing[0]!r} (columns: {list(df.columns)})")


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA
