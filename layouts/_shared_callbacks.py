"""Callbacks of the pages' shared parts (menu, indicator search, admin sections).

Dash imports a page module afresh for every app it builds, so a page's ``@callback`` reaches
each app; a shared module is imported once per process, so its callbacks are declared here
with :func:`shared_callback` and attached to each app by :func:`register_shared_callbacks`
(``dash.callback`` would hand them to the first app only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import ClientsideFunction, Dash

_SHARED: list[tuple[tuple[Any, ...], dict[str, Any], Callable[..., Any]]] = []
_CLIENTSIDE: list[tuple[ClientsideFunction, tuple[Any, ...], dict[str, Any]]] = []


Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def shared_callback(*args: Any, **kwargs: Any) -> Decorator:
    """Declare a callback of a shared module, with ``dash.callback``'s arguments."""
    def declare(function: Callable[..., Any]) -> Callable[..., Any]:
        _SHARED.append((args, kwargs, function))
        return function
    return declare


def shared_clientside_callback(function: ClientsideFunction, *args: Any, **kwargs: Any) -> None:
    """Declare a clientside callback of a shared module (its function in ``assets/``), with
    ``dash.clientside_callback``'s arguments."""
    _CLIENTSIDE.append((function, args, kwargs))


def register_shared_callbacks(app: Dash) -> None:
    """Attach every declared shared callback to ``app``."""
    for args, kwargs, function in _SHARED:
        app.callback(*args, **kwargs)(function)
    for clientside, args, kwargs in _CLIENTSIDE:
        app.clientside_callback(clientside, *args, **kwargs)
