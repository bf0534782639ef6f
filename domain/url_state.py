"""The URL state: which area and reporting quarter an address, a link or a command names.

One grammar for every reader: the pages, the links they build, the exports, the access gate
and the command line all read area and period values through these functions, so the gate
authorises exactly what a page or export will show, however the value is spelt:

* :func:`query_params` reads a ``?search`` string as Dash's page router does (each value
  decoded once; a repeated parameter becomes a list);
* :func:`area_param` turns a parameter into the area code a page reads (trimmed and
  upper-cased; several different values are refused rather than one silently chosen);
* :func:`indicator_param` reads the indicator a page names the same way;
* :func:`parse_period_text` reads a reporting quarter however it is written: ``Q3-2016-17``
  (as links write it), ``Q3 2016/17``, ``Q3+2016/17`` and any URL-encoding of those
  (``Q3%202016%2F17``); :func:`quarter_param` is the same for a URL parameter, None when
  unreadable; :func:`period_param` writes a quarter as links spell it;
* :func:`carried_href` builds a menu link that keeps the area and quarter on screen;
* :func:`area_codes_in` finds every area code anywhere in a value (strings inside dicts and
  lists, each decoded until it stops changing and upper-cased), so that no spelling of a code
  reaches a page unseen.

Pure functions: no Flask, Dash or store; finding the page a path draws is the server's job
(:mod:`server.url_state`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final
from urllib.parse import parse_qs, unquote_plus, urlencode

from domain.errors import NotFoundError
from domain.periods import Period, parse_period
from domain.vocabulary import PeriodType

#: An ONS GSS area code (``E07000105``) in upper-cased text, not inside a longer code.
AREA_CODE: Final = re.compile(r"(?<![A-Z0-9])[EWSNK]\d{8}(?!\d)")
#: Percent-decoding is repeated at most this often (``%2545`` -> ``%45`` -> ``E``).
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
    """The area code an ``area`` parameter names (``" e07000105"`` -> ``"E07000105"``)."""
    text = single(value, "area")
    code = (text or "").strip().upper()
    return code or None


def indicator_param(value: str | Sequence[str] | None) -> str | None:
    """The indicator an ``id`` or ``indicator`` parameter names (trimmed), or None."""
    text = (single(value, "indicator") or "").strip()
    return text or None


def parse_area_text(text: str) -> str:
    """The area code a command-line ``--area`` value names (trimmed, upper-cased).

    Raises
    ------
    ValueError
        When the value is blank, with a sentence saying what to give instead.
    """
    code = area_param(text)
    if code is None:
        raise ValueError("The area is blank; give an area code such as E10000016.")
    return code


def decodings(text: str) -> Iterator[str]:
    """``text`` and each further percent-decoding of it, until it stops changing."""
    yield text
    for _round in range(DECODE_ROUNDS):
        decoded = unquote_plus(text)
        if decoded == text:
            return
        text = decoded
        yield text


def _fully_decoded(text: str) -> str:
    *_earlier, last = decodings(text)
    return last


def parse_period_text(text: str) -> Period:
    """The reporting quarter ``text`` names, in any spelling a page, link or command uses.

    ``Q3-2016-17``, ``Q3 2016/17``, ``Q3 16/17``, ``Q3+2016/17`` and URL-encoded forms such as
    ``Q3%202016%2F17`` are all the third quarter of 2016/17; any other label
    :func:`domain.periods.parse_period` reads with a financial-quarter hint is accepted too.

    Raises
    ------
    PeriodParseError
        (a ``ValueError``) when the text names no period, quoting it and the accepted forms.
    """
    return parse_period(_fully_decoded(str(text)).strip(), hint=PeriodType.FY_QUARTER)


def quarter_param(value: str | Sequence[str] | None) -> Period | None:
    """The quarter a ``period`` parameter names (see :func:`parse_period_text`), or None when
    it is missing or unreadable. A parameter repeated with different values is refused
    (:class:`NotFoundError`)."""
    text = (single(value, "period") or "").strip()
    if not text:
        return None
    try:
        return parse_period_text(text)
    except ValueError:  # PeriodParseError, or a date the calendar does not have
        return None


def period_param(period: Period) -> str:
    """A reporting quarter as links write it in a URL: ``Q3-2016-17``."""
    return period.label.replace(" ", "-").replace("/", "-")


def page_href(path: str, **params: str | None) -> str:
    """A bookmarkable link: ``page_href("/indicator", id="cla_rate", area="E10000016")``."""
    query = {k: v for k, v in params.items() if v}
    return f"{path}?{urlencode(query)}" if query else path


def carried_href(path: str, search: str | None) -> str:
    """A menu link to ``path`` that keeps the area and reporting quarter of the page on screen.

    ``search`` is that page's ``?query``: its ``area`` (or ``district``) and ``period`` are
    read as the page read them and written as links write them (``Q3 2016/17`` becomes
    ``Q3-2016-17``), so every page opens on the same area and quarter. A value that is
    unreadable, or repeated with different values, is left out rather than passed on.
    """
    params = query_params(search)
    try:
        area = area_param(params.get("area") or params.get("district"))
    except NotFoundError:
        area = None
    try:
        quarter = quarter_param(params.get("period"))
    except NotFoundError:
        quarter = None
    return page_href(path, area=area, period=period_param(quarter) if quarter else None)


def search_string(**params: str | None) -> str:
    """The ``?area=...&period=...`` part of a URL, for a page's ``dcc.Location``."""
    query = {k: v for k, v in params.items() if v}
    return f"?{urlencode(query)}" if query else ""


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
