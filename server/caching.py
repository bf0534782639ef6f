"""The cache: in-process by default, Redis when ``REDIS_URL`` is set (shared by every instance).

Cached data is keyed by the store's *data version*, a stamp of the committed and rolled-back
upload batches and the Board snapshots, read from the database once per request. A batch
committed by any instance, or by ``scorecard`` on the command line, therefore changes every key
at once: no instance can serve figures from before the commit, whichever cache backend is in
use.

    from server.caching import cached

    @cached(timeout=300)
    def scorecard_table(area_code: str, period: str) -> pd.DataFrame: ...

:func:`invalidate_after_commit` also drops the old entries straight away (and frees memory).
"""

from __future__ import annotations

import functools
import hashlib
import threading
import weakref
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import Flask, g, has_app_context, has_request_context
from flask_caching import Cache

from server.context import engine
from settings import Settings
from store.versions import data_version as stored_data_version

P = ParamSpec("P")
R = TypeVar("R")

cache = Cache()


def register_cache(server: Flask, settings: Settings) -> None:
    """In-process cache, or Redis when ``REDIS_URL`` is set."""
    config: dict[str, Any] = {"CACHE_DEFAULT_TIMEOUT": 300, "CACHE_KEY_PREFIX": "scorecard:"}
    if settings.redis_url:
        config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=settings.redis_url)
    else:
        config.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=2000)
    cache.init_app(server, config=config)


def data_version() -> str:
    """The current data version, read at most once per request."""
    if has_request_context() and "scorecard_data_version" in g:
        return str(g.scorecard_data_version)
    with engine().connect() as conn:
        version = stored_data_version(conn)
    if has_request_context():
        g.scorecard_data_version = version
    return version


class _KeyLock:
    """A lock for one cache key, dropped when no request holds it."""

    __slots__ = ("lock", "__weakref__")

    def __init__(self) -> None:
        self.lock = threading.Lock()


_building: weakref.WeakValueDictionary[str, _KeyLock] = weakref.WeakValueDictionary()
_building_guard = threading.Lock()


def _key_lock(key: str) -> _KeyLock:
    with _building_guard:
        found = _building.get(key)
        if found is None:
            found = _building[key] = _KeyLock()
        return found


def cached(timeout: int = 300) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a function of plain arguments (codes, labels, numbers) until the data changes.

    Concurrent misses of one key in a process build the value once: the other threads wait
    for it (after a commit, every reader of a page asks for the same charts at once)."""
    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if not has_app_context():
                return function(*args, **kwargs)
            digest = hashlib.sha256(repr((args, sorted(kwargs.items()))).encode()).hexdigest()
            key = f"data:{data_version()}:{name}:{digest[:32]}"
            hit = cache.get(key)
            if hit is not None:
                return hit  # type: ignore[no-any-return]
            building = _key_lock(key)
            with building.lock:
                hit = cache.get(key)
                if hit is not None:
                    return hit  # type: ignore[no-any-return]
                value = function(*args, **kwargs)
                cache.set(key, value, timeout=timeout)
                return value
        return wrapper
    return decorate


def invalidate_after_commit() -> None:
    """Call after a batch is committed or rolled back in a web request."""
    if has_request_context():
        g.pop("scorecard_data_version", None)
    if has_app_context():
        cache.clear()

