"""Compressed responses: pages, callback answers and JavaScript bundles go out as brotli or
gzip to clients that accept it (Flask-Compress), and unchanged to those that do not.

Callback answers are large JSON (tables and figures) and the plotly bundle is several
megabytes, so compression is the cheapest large saving on a slow link. Brotli is preferred
(smaller, and every current browser sends ``br``); gzip serves the rest. A bundle never
changes while the app runs, so each worker compresses it once and keeps the result
(:class:`BundleCache`); pages and callback answers are compressed as they are sent.
"""

from __future__ import annotations

from threading import Lock

from flask import Flask, Request
from flask_compress import Compress

#: Preferred first. Levels favour speed: each answer is compressed as it is sent.
ALGORITHMS = ["br", "gzip"]
BROTLI_LEVEL = 4
GZIP_LEVEL = 6
BUNDLE_PREFIX = "GET /_dash-component-suites/"
#: Bundles a worker keeps compressed (about 30 are served, each in two encodings).
MAX_BUNDLES = 128


def cache_key(request: Request) -> str:
    """What Flask-Compress keys a compressed answer by: method, path and query string."""
    return f"{request.method} {request.full_path}"


class BundleCache:
    """Compressed JavaScript bundles by key; any other answer is neither kept nor found.

    Flask-Compress asks its cache about every answer; only bundles (fixed for the life of
    the process, their URLs versioned) are safe to reuse.
    """

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}
        self._lock = Lock()

    @staticmethod
    def _is_bundle(key: str) -> bool:
        # Flask-Compress prefixes the key with the encoding: "br;GET /_dash-...".
        return key.partition(";")[2].startswith(BUNDLE_PREFIX)

    def get(self, key: str) -> bytes | None:
        """The compressed bundle kept under ``key``, if any."""
        return self._kept.get(key) if self._is_bundle(key) else None

    def set(self, key: str, value: bytes) -> None:
        """Keep a compressed bundle (others, and any beyond :data:`MAX_BUNDLES`, are not)."""
        if not self._is_bundle(key):
            return
        with self._lock:
            if key in self._kept or len(self._kept) < MAX_BUNDLES:
                self._kept[key] = value


def enable_compression(server: Flask) -> None:
    """Compress ``server``'s answers.

    Call it before any other ``after_request`` hook is registered: Flask runs those hooks in
    reverse order, so compression then runs last, after the security headers are set and
    after the page cache has kept the uncompressed answer.
    """
    server.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    server.config.setdefault("COMPRESS_BR_LEVEL", BROTLI_LEVEL)
    server.config.setdefault("COMPRESS_LEVEL", GZIP_LEVEL)
    # Downloads are streamed; Flask-Compress streams only in encodings other than gzip.
    server.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br"])
    server.config.setdefault("COMPRESS_CACHE_BACKEND", BundleCache)
    server.config.setdefault("COMPRESS_CACHE_KEY", cache_key)
    Compress(server)
