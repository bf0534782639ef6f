"""Serve the app for the browser tests in its own process, as production does.

``python tests/browser/_serve.py DATABASE_URL DATA_DIR [ROLE]`` builds the app with
:func:`make_browser_app` (the one place sign-in for tests is set), binds a free loopback port,
prints it on the first line of stdout and serves until stopped. A separate process keeps the
server out of pytest's warning filters and Playwright's thread, like a real deployment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dash import Dash
from werkzeug.serving import make_server

from settings import Settings

#: Every browser request is signed in with this role (uploads need a performance officer).
BROWSER_ROLE = "performance_officer"


def make_browser_app(settings: Settings, role: str = BROWSER_ROLE) -> Dash:
    """The app under test, every request signed in as ``role`` through ``server.testing``'s
    documented switch."""
    from app import create_app
    return create_app(settings.with_overrides(login_disabled_as=role,
                                              secret_key="browser-tests",
                                              login_rate_limit="10000 per minute",
                                              upload_rate_limit="10000 per minute"))


def main(argv: list[str]) -> None:
    database_url, data_dir = argv[1], Path(argv[2])
    # Every upload is checked by a background job here, so the browser tests walk the path a
    # large workbook takes (progress, then the report); small files are checked in the
    # request, as tests/server/test_uploads.py shows.
    settings = Settings(database_url=database_url, demo_dir=data_dir / "workbooks",
                        upload_dir=data_dir / "uploads", export_dir=data_dir / "exports",
                        upload_job_bytes=1)
    app = make_browser_app(settings, argv[3] if len(argv) > 3 else BROWSER_ROLE)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
