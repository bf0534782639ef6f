"""The interval methods the catalogue's ``ci_method`` column chooses, as a registry.

Each method the catalogue allows (:class:`domain.vocabulary.CIMethod`) is either computed by
the function registered for it in :data:`INTERVAL_METHODS` or deliberately not computed
(:data:`NOT_COMPUTED`: a published interval is kept as published, ``none`` has none). The two
together must cover the catalogue's allowed values exactly; importing this module checks it,
so a method added to the catalogue's vocabulary cannot be forgotten here.

References
----------
METHODS.md section 1 (Wilson score interval for proportions), section 2 (exact Poisson below
10 events, Byar's approximation from 10, for rates and counts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from domain.vocabulary import CIMethod
from indicators._intervals import rate_ci, wilson_ci
from indicators._validation import FloatArray

#: ``(numerator, denominator, multiplier, confidence) -> (lower, upper)`` on the value's scale.
IntervalFunction = Callable[[FloatArray, FloatArray, FloatArray, float],
                            tuple[FloatArray, FloatArray]]
#: ``(numerator, denominator) -> mask`` of the rows a method can compute.
RowMask = Callable[[FloatArray, FloatArray], npt.NDArray[np.bool_]]


@dataclass(frozen=True)
class IntervalMethod:
    """How one catalogue ``ci_method`` computes an interval, and for which rows it can."""

    compute: IntervalFunction
    #: Of the usable rows (counts present, denominator above 0), those this method computes.
    applies: RowMask


def _wilson_scaled(num: FloatArray, den: FloatArray, mult: FloatArray,
                   level: float) -> tuple[FloatArray, FloatArray]:
    lower, upper = wilson_ci(num, den, level)
    return np.asarray(lower) * mult, np.asarray(upper) * mult


def _rate(num: FloatArray, den: FloatArray, mult: FloatArray,
          level: float) -> tuple[FloatArray, FloatArray]:
    lower, upper = rate_ci(num, den, mult, level)
    return np.asarray(lower), np.asarray(upper)


#: Catalogue ``ci_method`` -> how its interval is computed.
INTERVAL_METHODS: Final[Mapping[str, IntervalMethod]] = {
    CIMethod.WILSON.value: IntervalMethod(_wilson_scaled, lambda num, den: num <= den),
    CIMethod.BYAR_EXACT.value: IntervalMethod(_rate, lambda num, den: np.ones(num.shape, bool)),
}
#: Catalogue ``ci_method`` values whose intervals are never computed.
NOT_COMPUTED: Final = frozenset({CIMethod.PUBLISHED.value, CIMethod.NONE.value})


def check_covers(allowed: frozenset[str], registered: frozenset[str] = frozenset(
        INTERVAL_METHODS), skipped: frozenset[str] = NOT_COMPUTED) -> None:
    """Check that every allowed ``ci_method`` is registered or skipped, and nothing else is.

    Raises
    ------
    ValueError
        Naming each method the catalogue allows but the registry does not know, or the
        registry knows but the catalogue does not allow.
    """
    missing = sorted(allowed - registered - skipped)
    unknown = sorted((registered | skipped) - allowed)
    if missing or unknown:
        raise ValueError(
            "The interval registry does not match the catalogue's ci_method values: "
            + "; ".join(part for part in (
                f"no function for {', '.join(missing)}" if missing else "",
                f"not allowed by the catalogue: {', '.join(unknown)}" if unknown else "")
                if part))


def methods_in(values: object) -> list[str]:
    """The distinct non-empty ``ci_method`` values of a column, checked against the registry.

    Raises
    ------
    ValueError
        When a value is neither a registered nor a not-computed method.
    """
    found = sorted({str(v) for v in np.asarray(values, dtype=object).ravel()
                    if isinstance(v, str) and v})
    unknown = [v for v in found if v not in INTERVAL_METHODS and v not in NOT_COMPUTED]
    if unknown:
        raise ValueError(f"'ci_method' must be one of "
                         f"{', '.join(sorted([*INTERVAL_METHODS, *NOT_COMPUTED]))}; "
                         f"got {unknown[0]!r}")
    return [v for v in found if v in INTERVAL_METHODS]


check_covers(frozenset(m.value for m in CIMethod))
