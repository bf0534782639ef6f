"""Settings in one place, with explicit precedence: argument > environment variable > default.

``DATABASE_URL``   SQLAlchemy URL (default: a SQLite file ``instance/scorecard.db``)
``SECRET_KEY``     Flask session key (default: a random key per process, fine for one local user)
``PORT``           HTTP port for ``scorecard serve`` (default 8050)
``SCORECARD_SHARED_DATA``  folder holding the open data (default: the copy in ``domain/data/open``)
``SCORECARD_UPLOAD_DIR``   where uploads are streamed to disk (default ``instance/uploads``)
``SCORECARD_MAX_UPLOAD_MB`` / ``SCORECARD_MAX_ROWS``  upload limits (defaults 20 MB / 500,000 rows)
``REDIS_URL``      optional cache backend
``SCORECARD_SENSITIVITY``  marking printed on exports (default OFFICIAL)

Sign-in, security and operations (see ``docs/operations.md`` for the production values):

``SCORECARD_DEMO_LOGIN``      ``0`` turns the demo account (demo / demo) off (default on)
``SCORECARD_SECURE_COOKIES``  ``1`` sends cookies over HTTPS only (default off, for http://127.0.0.1)
``SCORECARD_SESSION_HOURS``   sign-in lifetime in hours (default 8)
``SCORECARD_TRUSTED_PROXIES`` number of reverse proxies in front of the app (default 0)
``SCORECARD_TRUSTED_PROXY_ADDRESSES``  comma-separated addresses or networks of those proxies
                              (default loopback only); ``X-Forwarded-*`` from any other
                              address is ignored, so a client cannot choose its own address
``SCORECARD_LOCKOUT_AFTER`` / ``SCORECARD_LOCKOUT_SECONDS``  failed sign-ins before a username
                              is locked for the address they came from (default 5; for every
                              address after ten times as many) and the first lock (default
                              60 s, doubling)
``SCORECARD_LOGIN_RATE_LIMIT`` / ``SCORECARD_UPLOAD_RATE_LIMIT``  e.g. ``10 per minute``
``SCORECARD_JOBS``            ``thread`` (run jobs in the web process) or ``worker``
``SCORECARD_JOB_THREADS``     threads per web process for jobs (default 2)
``SCORECARD_LOG_LEVEL``       default INFO
``OIDC_ISSUER`` / ``OIDC_CLIENT_ID`` / ``OIDC_CLIENT_SECRET``  single sign-on (off when unset)
``OIDC_ROLE_CLAIM`` / ``OIDC_AREA_CLAIM`` / ``OIDC_LABEL``  claim names and the button label
``OIDC_AUTO_PROVISION``       ``0``: a new sign-on subject needs an administrator's link even when
                              its token carries a role claim (default on)
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'scorecard.db'}"


def _default_shared_data() -> Path:
    """The open data shipped inside the package (``domain/data/open``)."""
    return PROJECT_ROOT / "domain" / "data" / "open"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=_default_database_url)
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    port: int = 8050
    shared_data: Path = field(default_factory=_default_shared_data)
    upload_dir: Path = INSTANCE_DIR / "uploads"
    #: Board packs built in the background wait here for the reader who asked for them.
    export_dir: Path = INSTANCE_DIR / "exports"
    max_upload_bytes: int = 20 * 1024 * 1024
    #: Files larger than this are checked by a background job, the page showing progress.
    upload_job_bytes: int = 2 * 1024 * 1024
    max_rows: int = 500_000
    redis_url: str | None = None
    sensitivity: str = "OFFICIAL"
    demo_dir: Path = PROJECT_ROOT / "demo-workbooks"
    demo_login: bool = True
    secure_cookies: bool = False
    session_hours: float = 8.0
    trusted_proxies: int = 0
    trusted_proxy_addresses: tuple[str, ...] = ("127.0.0.1/8", "::1")
    lockout_after: int = 5
    lockout_seconds: float = 60.0
    login_rate_limit: str = "10 per minute; 50 per hour"
    upload_rate_limit: str = "20 per minute"
    jobs_mode: str = "thread"
    job_threads: int = 2
    log_level: str = "INFO"
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = field(default=None, repr=False)
    oidc_role_claim: str = "roles"
    oidc_area_claim: str = "scorecard_area"
    oidc_label: str = "Sign in with your council account"
    oidc_auto_provision: bool = True
    #: Where ``scorecard pull`` fetches published figures (tests and air-gapped sites point
    #: these at their own servers).
    fingertips_url: str = "https://fingertips.phe.org.uk/api/"
    ees_url: str = "https://api.education.gov.uk/statistics/v1/"
    #: Seconds to wait for a statistics service, and attempts before a pull gives up.
    pull_timeout: float = 60.0
    pull_attempts: int = 4
    #: Refresh the pulled sources daily through the job runner (``SCORECARD_PULL_DAILY``).
    pull_daily: bool = False
    #: Seconds before the first retry of a pull (doubling each time).
    pull_backoff: float = 1.0
    #: EES data set ids (``scorecard pull ees`` fetches each one's CSV); comma-separated in
    #: ``SCORECARD_EES_DATA_SETS``.
    ees_data_sets: tuple[str, ...] = ()
    #: Tests only, never read from the environment: treat every request as signed in with
    #: this role (``"admin"``, or ``"district_viewer:E07000105"`` for a district viewer).
    login_disabled_as: str | None = None

    def with_overrides(self, **overrides: Any) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _flag(value: str | None) -> bool | None:
    if value is None or value.strip() == "":
        return None
    return value.strip().lower() not in {"0", "false", "no", "off"}


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment, then apply explicit ``overrides``."""
    env = os.environ
    from_env: dict[str, Any] = {
        "database_url": env.get("DATABASE_URL"),
        "secret_key": env.get("SECRET_KEY"),
        "port": int(env["PORT"]) if env.get("PORT") else None,
        "shared_data": Path(env["SCORECARD_SHARED_DATA"]) if env.get("SCORECARD_SHARED_DATA")
        else None,
        "upload_dir": Path(env["SCORECARD_UPLOAD_DIR"]) if env.get("SCORECARD_UPLOAD_DIR")
        else None,
        "export_dir": Path(env["SCORECARD_EXPORT_DIR"]) if env.get("SCORECARD_EXPORT_DIR")
        else None,
        "max_upload_bytes": int(float(env["SCORECARD_MAX_UPLOAD_MB"]) * 1024 * 1024)
        if env.get("SCORECARD_MAX_UPLOAD_MB") else None,
        "upload_job_bytes": int(float(env["SCORECARD_UPLOAD_JOB_MB"]) * 1024 * 1024)
        if env.get("SCORECARD_UPLOAD_JOB_MB") else None,
        "max_rows": int(env["SCORECARD_MAX_ROWS"]) if env.get("SCORECARD_MAX_ROWS") else None,
        "redis_url": env.get("REDIS_URL"),
        "sensitivity": env.get("SCORECARD_SENSITIVITY"),
        "demo_login": _flag(env.get("SCORECARD_DEMO_LOGIN")),
        "secure_cookies": _flag(env.get("SCORECARD_SECURE_COOKIES")),
        "session_hours": float(env["SCORECARD_SESSION_HOURS"])
        if env.get("SCORECARD_SESSION_HOURS") else None,
        "trusted_proxies": int(env["SCORECARD_TRUSTED_PROXIES"])
        if env.get("SCORECARD_TRUSTED_PROXIES") else None,
        "trusted_proxy_addresses": tuple(
            a.strip() for a in env["SCORECARD_TRUSTED_PROXY_ADDRESSES"].split(",") if a.strip())
        if env.get("SCORECARD_TRUSTED_PROXY_ADDRESSES") else None,
        "lockout_after": int(env["SCORECARD_LOCKOUT_AFTER"])
        if env.get("SCORECARD_LOCKOUT_AFTER") else None,
        "lockout_seconds": float(env["SCORECARD_LOCKOUT_SECONDS"])
        if env.get("SCORECARD_LOCKOUT_SECONDS") else None,
        "login_rate_limit": env.get("SCORECARD_LOGIN_RATE_LIMIT"),
        "upload_rate_limit": env.get("SCORECARD_UPLOAD_RATE_LIMIT"),
        "jobs_mode": env.get("SCORECARD_JOBS"),
        "job_threads": int(env["SCORECARD_JOB_THREADS"])
        if env.get("SCORECARD_JOB_THREADS") else None,
        "log_level": env.get("SCORECARD_LOG_LEVEL"),
        "oidc_issuer": env.get("OIDC_ISSUER"),
        "oidc_client_id": env.get("OIDC_CLIENT_ID"),
        "oidc_client_secret": env.get("OIDC_CLIENT_SECRET"),
        "oidc_role_claim": env.get("OIDC_ROLE_CLAIM"),
        "oidc_area_claim": env.get("OIDC_AREA_CLAIM"),
        "oidc_label": env.get("OIDC_LABEL"),
        "oidc_auto_provision": _flag(env.get("OIDC_AUTO_PROVISION")),
        "fingertips_url": env.get("SCORECARD_FINGERTIPS_URL"),
        "ees_url": env.get("SCORECARD_EES_URL"),
        "pull_timeout": float(env["SCORECARD_PULL_TIMEOUT"])
        if env.get("SCORECARD_PULL_TIMEOUT") else None,
        "pull_attempts": int(env["SCORECARD_PULL_ATTEMPTS"])
        if env.get("SCORECARD_PULL_ATTEMPTS") else None,
        "pull_daily": _flag(env.get("SCORECARD_PULL_DAILY")),
        "ees_data_sets": tuple(a.strip() for a in env["SCORECARD_EES_DATA_SETS"].split(",")
                               if a.strip()) if env.get("SCORECARD_EES_DATA_SETS") else None,
    }
    return Settings().with_overrides(**from_env).with_overrides(**overrides)
