"""Fetching published files over HTTP: timeouts, back-off and retries, gzip, one-line errors.

:class:`Fetcher` wraps an ``httpx.Client`` (which asks for and decodes gzip, and reuses the
connection) in tenacity's retrying: a timeout, a dropped connection, ``429 Too Many Requests``
and any ``5xx`` answer are tried again after an exponential back-off (``Retry-After`` is
obeyed when the service sends it, up to a minute), at most ``attempts`` times. Anything else,
or the last failure, raises :class:`RemoteError` whose message is one line saying what was
asked, of whom, and what to do. :func:`check_csv` refuses a CSV answer that was cut short (no
final line end, or a last record shorter than the others) before anything reads it.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from domain.errors import ScorecardError

#: Answers worth asking again for: rate limited, or the service failing for now.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_WAIT_SECONDS = 60.0


class RemoteError(ScorecardError):
    """A service could not be reached or answered in a way that cannot be used."""


class _Retryable(Exception):
    """An answer or a fault worth trying again for; ``wait`` is the service's Retry-After."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


@dataclass(frozen=True)
class Answer:
    """A successful answer: the body (decoded from gzip), its headers and the final URL."""

    url: str
    body: bytes
    headers: Mapping[str, str]


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return min(float(value), MAX_WAIT_SECONDS)
    except ValueError:
        return None


class Fetcher:
    """GET requests to one service, retried with back-off; use as a context manager."""

    def __init__(self, service: str, base_url: str, *, timeout: float = 60.0,
                 attempts: int = 4, backoff: float = 1.0) -> None:
        self.service = service
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.client = httpx.Client(base_url=self.base_url, timeout=timeout,
                                   follow_redirects=True,
                                   headers={"Accept-Encoding": "gzip",
                                            "User-Agent": "cypp-scorecard"})

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _Retryable) and error.wait is not None:
            return error.wait
        return min(self.backoff * 2 ** (state.attempt_number - 1), MAX_WAIT_SECONDS)

    def get(self, path: str, params: Mapping[str, str | Sequence[str]] | None = None,
            *, missing_ok: bool = False) -> Answer | None:
        """The answer to ``GET base/path?params``; None for a 404 when ``missing_ok``."""
        url = f"{self.base_url}{path}"
        retrying = Retrying(stop=stop_after_attempt(self.attempts), wait=self._wait,
                            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
                            reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(path, params, missing_ok)
        except _Retryable as error:
            raise RemoteError(f"{self.service} at {url} {error} after {self.attempts} "
                              "attempts; check the connection (or the service's status) and "
                              "pull again later. Nothing was stored.") from error
        return None  # pragma: no cover - Retrying either returns or raises

    def _once(self, path: str, params: Mapping[str, str | Sequence[str]] | None,
              missing_ok: bool) -> Answer | None:
        try:
            response = self.client.get(path, params=dict(params or {}))
            response.read()
        except httpx.TimeoutException as error:
            raise _Retryable("did not answer in time") from error
        except httpx.TransportError as error:  # refused, unreachable, cut off mid-answer
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise _Retryable(f"could not be reached ({reason})") from error
        if response.status_code in RETRY_STATUSES:
            raise _Retryable(f"answered {response.status_code} {response.reason_phrase}",
                             _retry_after(response))
        if response.status_code == 404 and missing_ok:
            return None
        if response.status_code >= 400:
            raise RemoteError(
                f"{self.service} answered {response.status_code} "
                f"{response.reason_phrase} to {response.url}; check the base URL setting "
                "and the ids mapped in the catalogue. Nothing was stored.")
        return Answer(str(response.url), response.content, dict(response.headers))


def check_csv(service: str, url: str, text: str, required: Sequence[str]) -> list[str]:
    """The CSV answer's header, after checking that it holds the ``required`` columns and that
    no record was cut short; raises :class:`RemoteError` naming what is wrong."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise RemoteError(f"{service} sent an empty answer to {url}. Nothing was stored.")
    header = rows[0]
    keys = {"".join(ch for ch in h.lower() if ch.isalnum()) for h in header}
    missing = [c for c in required
               if "".join(ch for ch in c.lower() if ch.isalnum()) not in keys]
    if missing:
        raise RemoteError(
            f"{service}'s answer to {url} has no column {', '.join(repr(m) for m in missing)} "
            f"(its columns: {', '.join(header[:12])}); the service's format may have changed. "
            "Nothing was stored.")
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    # Records need not be as long as the header (the old Fingertips API leaves its last
    # column off every record), so the last one is compared with the usual record length.
    usual = Counter(len(r) for r in body).most_common(1)[0][0] if body else len(header)
    last = body[-1] if body else header
    if len(last) < usual or not text.endswith("\n"):
        raise RemoteError(f"{service}'s answer to {url} was cut short (its last record has "
                          f"{len(last)} of {usual} cells, or no line end); pull again. "
                          "Nothing was stored.")
    return header
