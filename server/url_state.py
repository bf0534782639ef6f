"""The URL-state resolver: which area, reporting quarter and page a request names.

Pages, exports and the access gate all read URL state through these functions, so the gate
authorises exactly what a page or export will show, however the address spells it:

* :func:`query_params` reads a ``?search`` string as Dash's page router does (each value
  decoded once; a repeated parameter becomes a list);
* :func:`area_param` turns a parameter into the area code a page reads (trimmed and
  upper-cased; several different values are refused rather than one silently chosen);
* :func:`quarter_param` turns ``Q3-2016-17`` or ``Q3 2016/17`` into a reporting quarter;
* :func:`page_for` finds the page the router draws for a pathname (Dash's own matching);
* :func:`area_codes_in` finds every area code anywhere in a value (strings inside dicts and
  lists, each decoded until it stops changing and upper-cased), so that no spelling of a code
  reaches a page unseen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final
from urllib.parse import parse_qs, unquote_plus, urlsplit

from domain.errors import NotFoundError
from domain.periods import Period, parse_period
from domain.vocabulary import PeriodType

#: An ONS GSS area code (``E07000117``) in upper-cased text, not inside a longer code.
AREA_CODE: Final = re.compile(r"(?<![A-Z0-9])[EWSNK]\d{8}(?!\d)")
#: A quarter as the pages write it in URLs: ``Q3-2016-17``.
URL_QUARTER: Final = re.compile(r"Q([1-4])-(\d{4})-(\d{2})")
#: Percent-decoding is repeated at most this often when looking for codes (``%2545`` -> E).
DECODE_ROUNDS: Final = 6
#: Query parameters that name an area to show.
AREA_PARAMS: Final = ("area", "district")

QueryValue = str | list[str]


def query_params(search: str | None) -> dict[str, QueryValue]:
    """A ``?a=1&b=2`` string as the page router passes it to a page's ``layout``.

    Each value is decoded once (``%45`` is ``E``, ``+`` is a space); a parameter given more
    than once becomes a list. The leading ``?`` is optional here.
    """
    if not search:
        return {}
    parsed = parse_qs(search.removeprefix("?"), keep_blank_values=True)
    return {key: values[0] if len(values) == 1 else values for key, values in parsed.items()}


def single(value: str | Sequence[str] | None, name: str) -> str | None:
    """One parameter value; a repeated parameter is accepted only when it repeats one value."""
    if value is None or isinstance(value, str):
        return value
    distinct = {str(v).strip().upper() for v in value}
    if len(distinct) > 1:
        raise NotFoundError(f"The address gives {len(distinct)} different values for "
                            f"{name!r}; give one.")
    return str(value[0]) if value else None


def area_param(value: str | Sequence[str] | None) -> str | None:
    """The area code an ``area`` parameter names (``" e07000117"`` -> ``"E07000117"``)."""
    text = single(value, "area")
    code = (text or "").strip().upper()
    return code or None


def quarter_param(value: str | Sequence[str] | None) -> Period | None:
    """The quarter a ``period`` parameter names (``Q3-2016-17`` or ``Q3 16/17``), or None."""
    text = (single(value, "period") or "").strip()
    if not text:
        return None
    found = URL_QUARTER.fullmatch(text)
    label = f"Q{found[1]} {found[2]}/{found[3]}" if found else text
    try:
        return parse_period(label, hint=PeriodType.FY_QUARTER)
    except ValueError:
        return None


def page_for(app: Any, pathname: str) -> dict[str, Any] | None:
    """The registered page the Dash router draws for ``pathname`` (None: the not-found page).

    Uses the router's own path matching, so the page authorised is the page drawn.
    """
    from dash._pages import _path_to_page
    from dash.exceptions import UnsupportedRelativePath
    path = urlsplit(pathname).path if "://" in pathname else pathname
    try:
        stripped = app.strip_relative_path(path) if app else None
    except UnsupportedRelativePath:  # the router fails on it; judge it as the bare path
        stripped = None
    page, _variables = _path_to_page(path.strip("/") if stripped is None else stripped)
    return dict(page) if page else None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def decodings(text: str) -> Iterator[str]:
    """``text`` and each further percent-decoding of it, until it stops changing."""
    yield text
    for _round in range(DECODE_ROUNDS):
        decoded = unquote_plus(text)
        if decoded == text:
            return
        text = decoded
        yield text


def area_codes_in(value: Any) -> set[str]:
    """Every area code in ``value``: any string in it, nested in dicts or lists, in any case
    and however often percent-encoded."""
    codes: set[str] = set()
    for text in _strings(value):
        for decoded in decodings(text):
            codes.update(AREA_CODE.findall(decoded.upper()))
    return codes


def requested_areas(params: Mapping[str, QueryValue]) -> set[str]:
    """The areas a page or export would show for these parameters, and any code in them.

    A parameter that repeats different areas names all of them (the page refuses it, and the
    gate authorises every one).
    """
    codes = area_codes_in(dict(params))
    for name in AREA_PARAMS:
        value = params.get(name)
        values = [value] if isinstance(value, str) else list(value or [])
        codes.update(code for v in values if (code := area_param(v)))
    return codes
