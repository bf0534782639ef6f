"""Finding indicators by name, id or outcome theme, for the search boxes on the pages.

Pure: the catalogue's :class:`~domain.catalogue.Indicator` records in, the matches out, best
first. Every word of the query must appear in an indicator's id, title, short title or theme
(case and punctuation ignored), so "cla rate", "looked after" and "feel safe" all find what a
reader means; an id typed exactly comes first, then titles that start with the query, then
the rest in catalogue order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from domain.catalogue import Indicator
from domain.vocabulary import OUTCOME_LABELS

#: At most this many matches are listed (a query of one letter matches most of the catalogue).
MAX_RESULTS: Final = 12
_WORD: Final = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _haystack(indicator: Indicator) -> str:
    theme = OUTCOME_LABELS.get(indicator.outcome, str(indicator.outcome))
    return " ".join(_words(" ".join((indicator.id.replace("_", " "), indicator.id,
                                     indicator.title, indicator.short_title, theme))))


def find_indicators(indicators: Iterable[Indicator], query: str | None,
                    limit: int = MAX_RESULTS) -> list[Indicator]:
    """The indicators every word of ``query`` names, best first, at most ``limit``.

    >>> [i.id for i in find_indicators(catalogue().values(), "looked after")]  # doctest: +SKIP
    ['cla_rate', 'cla_count', ...]
    """
    wanted = _words(query or "")
    if not wanted:
        return []
    phrase = " ".join(wanted)
    scored = []
    for order, indicator in enumerate(indicators):
        haystack = _haystack(indicator)
        if not all(word in haystack for word in wanted):
            continue
        title = " ".join(_words(indicator.title))
        rank = (0 if indicator.id.lower() == (query or "").strip().lower()
                else 1 if title.startswith(phrase) or phrase in " ".join(
                    _words(indicator.short_title))
                else 2 if phrase in title else 3)
        scored.append((rank, order, indicator))
    return [indicator for _rank, _order, indicator in sorted(scored, key=lambda s: s[:2])][:limit]


def theme_label(indicator: Indicator) -> str:
    """The outcome theme an indicator sits under, as the scorecard names it."""
    return OUTCOME_LABELS.get(indicator.outcome, str(indicator.outcome))
